/*
 * blur-private: what the blur's plan (blur-plan.c: kernels, taps, levels, reach) and its
 * passes (blur.c: running them over a box) share. Not part of render's API.
 */
#ifndef SHMCOMP_RENDER_BLUR_PRIVATE_H
#define SHMCOMP_RENDER_BLUR_PRIVATE_H

#include "render/render-private.h"

/* Weights at cell offsets (dx, dy) from the base cell of an output cell. */
struct taps {
	size_t n;
	int32_t *dx, *dy;
	float *w;
};

/* PASS_H reads along rows only (the other rows are all computed), PASS_V along columns. */
enum pass_kind { PASS_H, PASS_V, PASS_2D };

struct pass {
	enum pass_kind kind;
	int32_t rx, ry;
	struct taps taps;
};

/* Supports of dual_kawase's 1-D factors, and its taps, relative to the base cell: 2X for
 * down, P = floor(x / 2) for up (by the parity of x and y). */
struct dk_geom {
	int32_t down_lo, down_hi;
	int32_t up_lo[2], up_hi[2];
};

struct render_blur_plan {
	enum render_blur_method method;
	uint32_t reach;
	uint32_t box;
	struct pass *passes;
	size_t npasses;
	uint32_t levels;
	struct dk_geom geom;
	/* down: 2-D taps; up, separable (A x B + B x A + 2 H x H): the 1-D factors across by the
	 * parity of x (up_h[factor][qx], in eighths), then down the three sums by the parity of y
	 * (up_v[qy]: dx names the factor's sum, dy the row) */
	struct taps down, up_h[3][2], up_v[2];
	size_t max_taps;
	bool avx2; /* the CPU has AVX2: rows of taps two pixels per instruction */
};

/* A half-open interval of cells along one axis. */
struct span {
	int64_t lo, hi;
};

static inline int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static inline int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static inline int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* v / d rounded down, d > 0. */
static inline int64_t floor_div(int64_t v, int64_t d)
{
	return v >= 0 ? v / d : -((-v + d - 1) / d);
}

static inline int64_t floor_div2(int64_t v)
{
	return floor_div(v, 2);
}

/* Cells of level k + 1 that dual_kawase's up pass reads for cells s of level k. */
struct span render_blur_up_reads(const struct dk_geom *g, struct span s);
/* Cells of level k that its down pass reads for cells s of level k + 1. */
struct span render_blur_down_reads(const struct dk_geom *g, struct span s);
/* Whether the CPU runs the AVX2 build of the passes' row loop. */
bool render_blur_cpu_avx2(void);

#endif
