/*
 * blur: the blur of a box of the screen, by a plan (blur-plan.c). Box blur by exact integer
 * running sums; Gaussian and separable kernels in two 1-D passes, other kernels in 2-D,
 * dual_kawase down and up through its levels, all on planes of float RGBA pixels. Each pass
 * reads its input clamped to the screen.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "render/blur-private.h"

/* A pixel: blue, green, red, alpha. GCC's vector extension makes each operation one SSE
 * instruction on the baseline x86-64 (and NEON on arm64) without intrinsics. */
typedef float px4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));
/* Two pixels; aligned as one (16), since a pair may start at any pixel. */
typedef float px8 __attribute__((vector_size(32), aligned(16)));

/* A plane of cells [x0, x0 + w) x [y0, y0 + h), row by row. */
struct plane {
	px4 *px;
	int32_t x0, y0, w, h;
};

/* ---- scratch and planes ---- */

void render_blur_scratch_finish(struct render_blur_scratch *s)
{
	for (int i = 0; i < 5; i++)
		free(s->plane[i]);
	free(s->sums);
	free(s->row);
	free(s->ptrs);
	*s = (struct render_blur_scratch){0};
}

/* Grown, never shrunk: frames of the same size allocate nothing. */
static bool grow(void **buf, size_t *cap, size_t count, size_t size)
{
	void *p;

	if (count <= *cap)
		return true;
	if (count > SIZE_MAX / size)
		return false;
	p = malloc(count * size);
	if (!p)
		return false;
	free(*buf);
	*buf = p;
	*cap = count;
	return true;
}

static bool plane_init(
        struct render_blur_scratch *s, int i, struct plane *p, struct span x, struct span y)
{
	int64_t w = x.hi - x.lo, h = y.hi - y.lo;

	if (w <= 0 || h <= 0 || w > INT32_MAX || h > INT32_MAX ||
	        (uint64_t)h > SIZE_MAX / (uint64_t)w ||
	        !grow(&s->plane[i], &s->plane_cap[i], (size_t)w * (size_t)h, sizeof(px4)))
		return false;
	*p = (struct plane){s->plane[i], (int32_t)x.lo, (int32_t)y.lo, (int32_t)w, (int32_t)h};
	return true;
}

static px4 *cell(const struct plane *p, int64_t x, int64_t y)
{
	return p->px + (size_t)(y - p->y0) * (size_t)p->w + (size_t)(x - p->x0);
}

static struct span xspan(const struct plane *p)
{
	return (struct span){p->x0, (int64_t)p->x0 + p->w};
}

static struct span yspan(const struct plane *p)
{
	return (struct span){p->y0, (int64_t)p->y0 + p->h};
}

static struct span meet(struct span a, struct span b)
{
	return (struct span){max64(a.lo, b.lo), min64(a.hi, b.hi)};
}

static struct span grown(struct span a, int64_t r)
{
	return (struct span){a.lo - r, a.hi + r};
}

/* Cells outside vx x vy (the computed ones, within the level) repeat the nearest edge. */
static void pad(struct plane *p, struct span vx, struct span vy)
{
	for (int64_t y = vy.lo; y < vy.hi; y++) {
		px4 lo = *cell(p, vx.lo, y), hi = *cell(p, vx.hi - 1, y);

		for (int64_t x = p->x0; x < vx.lo; x++)
			*cell(p, x, y) = lo;
		for (int64_t x = vx.hi; x < (int64_t)p->x0 + p->w; x++)
			*cell(p, x, y) = hi;
	}
	for (int64_t y = p->y0; y < vy.lo; y++)
		memcpy(cell(p, p->x0, y), cell(p, p->x0, vy.lo), (size_t)p->w * sizeof(px4));
	for (int64_t y = vy.hi; y < (int64_t)p->y0 + p->h; y++)
		memcpy(cell(p, p->x0, y), cell(p, p->x0, vy.hi - 1), (size_t)p->w * sizeof(px4));
}

static px4 unpack(uint32_t v)
{
	return (px4){(float)(v & 0xff), (float)((v >> 8) & 0xff), (float)((v >> 16) & 0xff),
	        (float)(v >> 24)};
}

/* n a8r8g8b8 pixels to cells. */
static void unpack_row(px4 *restrict o, const uint32_t *restrict in, size_t n)
{
	size_t x = 0;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();

	for (; x + 4 <= n; x += 4) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(in + x));
		__m128i lo = _mm_unpacklo_epi8(v, zero), hi = _mm_unpackhi_epi8(v, zero);

		_mm_storeu_ps(
		        (float *)(void *)(o + x), _mm_cvtepi32_ps(_mm_unpacklo_epi16(lo, zero)));
		_mm_storeu_ps((float *)(void *)(o + x + 1),
		        _mm_cvtepi32_ps(_mm_unpackhi_epi16(lo, zero)));
		_mm_storeu_ps((float *)(void *)(o + x + 2),
		        _mm_cvtepi32_ps(_mm_unpacklo_epi16(hi, zero)));
		_mm_storeu_ps((float *)(void *)(o + x + 3),
		        _mm_cvtepi32_ps(_mm_unpackhi_epi16(hi, zero)));
	}
#endif
	for (; x < n; x++)
		o[x] = unpack(in[x]);
}

/* The source pixels (box in of a sw x sh screen) on the plane's cells, clamped to the screen. */
static void load(struct plane *p, const uint32_t *src, size_t stride, const pixman_box32_t *in,
        int32_t sw, int32_t sh)
{
	int64_t x0 = max64(p->x0, 0), x1 = min64((int64_t)p->x0 + p->w, sw);

	for (int64_t y = max64(p->y0, 0); y < min64((int64_t)p->y0 + p->h, sh); y++) {
		const uint32_t *row = src + (size_t)(y - in->y1) * stride;

		unpack_row(cell(p, x0, y), row + (x0 - in->x1), (size_t)(x1 - x0));
	}
	pad(p, (struct span){x0, x1},
	        (struct span){max64(p->y0, 0), min64((int64_t)p->y0 + p->h, sh)});
}

/* A pixel rounded (to nearest, halves to even: the SSE2 path's rounding, so that a pixel's
 * value does not depend on where in a row it falls), clamped to [0, 255], as a8r8g8b8. */
static uint32_t pack(px4 v)
{
#ifdef __SSE2__
	__m128i i = _mm_cvtps_epi32((__m128)v);

	i = _mm_packs_epi32(i, i);
	return (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(i, i));
#else
	uint32_t out = 0;

	for (int c = 0; c < 4; c++) {
		long q = lrintf(v[c]);

		out |= (uint32_t)(q < 0 ? 0 : q > 255 ? 255 : q) << (8 * c);
	}
	return out;
#endif
}

/* n cells to a8r8g8b8 pixels. */
static void pack_row(uint32_t *restrict o, const px4 *restrict c, size_t n)
{
	size_t x = 0;
#ifdef __SSE2__
	for (; x + 4 <= n; x += 4) {
		const float *f = (const float *)(const void *)(c + x);
		__m128i a = _mm_packs_epi32(
		        _mm_cvtps_epi32(_mm_loadu_ps(f)), _mm_cvtps_epi32(_mm_loadu_ps(f + 4)));
		__m128i b = _mm_packs_epi32(_mm_cvtps_epi32(_mm_loadu_ps(f + 8)),
		        _mm_cvtps_epi32(_mm_loadu_ps(f + 12)));

		/* the saturating packs clamp to [0, 255] */
		_mm_storeu_si128((__m128i *)(void *)(o + x), _mm_packus_epi16(a, b));
	}
#endif
	for (; x < n; x++)
		o[x] = pack(c[x]);
}

static void store(const struct plane *p, uint32_t *res, size_t stride)
{
	for (int32_t y = 0; y < p->h; y++)
		pack_row(res + (size_t)y * stride, p->px + (size_t)y * (size_t)p->w, (size_t)p->w);
}

/* out[i * ostride] = sum over taps of w[t] * ptrs[t][i * istride], for i from i to n: every
 * pass is this, the cells of each tap being one pointer that walks along a row. Four outputs at a
 * time: one sum alone would wait on each addition's latency. */
static void taps_row(px4 *restrict out, size_t ostride, const px4 *const *restrict ptrs,
        const float *restrict w, size_t nt, size_t istride, size_t i, size_t n)
{
	for (; i + 4 <= n; i += 4) {
		px4 a0 = {0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;

		for (size_t t = 0; t < nt; t++) {
			const px4 *p = ptrs[t] + i * istride;
			float wt = w[t];

			a0 += wt * p[0];
			a1 += wt * p[istride];
			a2 += wt * p[2 * istride];
			a3 += wt * p[3 * istride];
		}
		out[i * ostride] = a0;
		out[(i + 1) * ostride] = a1;
		out[(i + 2) * ostride] = a2;
		out[(i + 3) * ostride] = a3;
	}
	for (; i < n; i++) {
		px4 acc = {0, 0, 0, 0};

		for (size_t t = 0; t < nt; t++)
			acc += w[t] * ptrs[t][i * istride];
		out[i * ostride] = acc;
	}
}

/* taps_row for consecutive cells (ostride = istride = 1), eight at a time as four pairs. Its
 * operations are those of taps_row, lane by lane (no fused multiply-add), so both give the
 * same bits; compiled twice, for the baseline and for AVX2, where a pair is one register. */
static inline __attribute__((always_inline)) void taps_run8(px4 *restrict out,
        const px4 *const *restrict ptrs, const float *restrict w, size_t nt, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		px8 a0 = {0, 0, 0, 0, 0, 0, 0, 0}, a1 = a0, a2 = a0, a3 = a0;

		for (size_t t = 0; t < nt; t++) {
			const px8 *p = (const px8 *)(const void *)(ptrs[t] + i);
			float wt = w[t];

			a0 += wt * p[0];
			a1 += wt * p[1];
			a2 += wt * p[2];
			a3 += wt * p[3];
		}
		px8 *o = (px8 *)(void *)(out + i);

		o[0] = a0;
		o[1] = a1;
		o[2] = a2;
		o[3] = a3;
	}
}

static void taps_run8_base(px4 *restrict out, const px4 *const *restrict ptrs,
        const float *restrict w, size_t nt, size_t n)
{
	taps_run8(out, ptrs, w, nt, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) static void taps_run8_avx2(px4 *restrict out,
        const px4 *const *restrict ptrs, const float *restrict w, size_t nt, size_t n)
{
	taps_run8(out, ptrs, w, nt, n);
}

bool render_blur_cpu_avx2(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2");
}
#else
static void taps_run8_avx2(px4 *restrict out, const px4 *const *restrict ptrs,
        const float *restrict w, size_t nt, size_t n)
{
	taps_run8(out, ptrs, w, nt, n);
}

bool render_blur_cpu_avx2(void)
{
	return false;
}
#endif

/* n consecutive cells from taps whose pointers walk one cell at a time. */
static void taps_line(const struct render_blur_plan *p, px4 *o, const px4 *const *ptrs,
        const struct taps *t, size_t n)
{
	size_t n8 = n / 8 * 8;

	if (n8 && p->avx2)
		taps_run8_avx2(o, ptrs, t->w, t->n, n8);
	else if (n8)
		taps_run8_base(o, ptrs, t->w, t->n, n8);
	taps_row(o, 1, ptrs, t->w, t->n, 1, n8, n);
}

/* Output cells vx x vy of a pass whose output cell (x, y) reads input cells (scale * x + dx,
 * scale * y + dy); then the rest of out padded. */
static void run_taps(const struct render_blur_plan *p, const struct taps *t, const struct plane *in,
        struct plane *out, const px4 **ptrs, int64_t scale, struct span vx, struct span vy)
{
	size_t n = (size_t)(vx.hi - vx.lo);

	for (int64_t y = vy.lo; y < vy.hi; y++) {
		px4 *o = cell(out, vx.lo, y);

		for (size_t k = 0; k < t->n; k++)
			ptrs[k] = cell(in, scale * vx.lo + t->dx[k], scale * y + t->dy[k]);
		if (scale == 1)
			taps_line(p, o, ptrs, t, n);
		else
			taps_row(o, 1, ptrs, t->w, t->n, (size_t)scale, 0, n);
	}
	pad(out, vx, vy);
}

/* ---- kernel passes ---- */

/* Each pass's output spans out grown by the reach of the passes after it; the first pass
 * reads the source grown by its own. A 1-D pass computes every cell across (the input is
 * already padded there), the cells within the screen along. */
static bool run_passes(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const uint32_t *src, size_t stride, const pixman_box32_t *in, const pixman_box32_t *out,
        uint32_t *res, size_t res_stride, int32_t sw, int32_t sh)
{
	struct span sx = {0, sw}, sy = {0, sh}, ox = {out->x1, out->x2}, oy = {out->y1, out->y2};
	int64_t rx = 0, ry = 0;
	struct plane a, b;

	for (size_t i = 0; i < p->npasses; i++)
		rx += p->passes[i].rx, ry += p->passes[i].ry;
	if (!plane_init(s, 0, &a, grown(ox, rx), grown(oy, ry)))
		return false;
	load(&a, src, stride, in, sw, sh);
	for (size_t i = 0; i < p->npasses; i++) {
		const struct pass *ps = &p->passes[i];

		rx -= ps->rx, ry -= ps->ry;
		if (!plane_init(s, (int)((i + 1) & 1), &b, grown(ox, rx), grown(oy, ry)))
			return false;
		run_taps(p, &ps->taps, &a, &b, (const px4 **)s->ptrs, 1,
		        ps->kind == PASS_V ? xspan(&b) : meet(xspan(&b), sx),
		        ps->kind == PASS_H ? yspan(&b) : meet(yspan(&b), sy));
		a = b;
	}
	store(&a, res, res_stride);
	return true;
}

/* ---- box: exact running sums ---- */

/* The four channels of an a8r8g8b8 pixel as 32-bit lanes. */
static i4 lanes(uint32_t v)
{
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	__m128i x = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)v), zero);

	return (i4)_mm_unpacklo_epi16(x, zero);
#else
	return (i4){(int32_t)(v & 0xff), (int32_t)((v >> 8) & 0xff), (int32_t)((v >> 16) & 0xff),
	        (int32_t)(v >> 24)};
#endif
}

/* Running sums of 2n + 1 pixels along a padded row: exact integers. */
static void box_row(const uint32_t *padded, uint32_t n, size_t w, i4 *restrict sums)
{
	i4 acc = {0, 0, 0, 0};

	for (uint32_t k = 0; k <= 2 * n; k++)
		acc += lanes(padded[k]);
	sums[0] = acc;
	for (size_t x = 1; x < w; x++) {
		acc += lanes(padded[x + 2 * n]) - lanes(padded[x - 1]);
		sums[x] = acc;
	}
}

/* Row j of the source's rows [y1 - n, y2 + n), padded to [x1 - n, x2 + n) with the screen's
 * edges repeated, summed along. */
static void box_sum_row(const uint32_t *src, size_t stride, const pixman_box32_t *in,
        const pixman_box32_t *out, uint32_t n, int32_t sw, int32_t sh, uint32_t *row, size_t j,
        i4 *sums)
{
	int64_t x0 = (int64_t)out->x1 - n, x1 = (int64_t)out->x2 + n;
	int64_t lo = max64(x0, 0), hi = min64(x1, sw);
	int64_t y = clamp64((int64_t)out->y1 - n + (int64_t)j, 0, sh - 1);
	const uint32_t *r = src + (size_t)(y - in->y1) * stride;

	for (int64_t x = x0; x < lo; x++)
		row[x - x0] = r[lo - in->x1];
	memcpy(row + (lo - x0), r + (lo - in->x1), (size_t)(hi - lo) * sizeof(uint32_t));
	for (int64_t x = hi; x < x1; x++)
		row[x - x0] = r[hi - 1 - in->x1];
	box_row(row, n, (size_t)(out->x2 - out->x1), sums);
}

static void box_add(i4 *restrict col, const i4 *restrict row, size_t w, bool add)
{
	for (size_t x = 0; x < w; x++)
		col[x] = add ? col[x] + row[x] : col[x] - row[x];
}

/* Column sums (up to 255 * 257^2 per lane), exact in float below 2^24, times 1 / (2n+1)^2. */
static void box_out(const i4 *restrict col, size_t w, float inv, uint32_t *restrict res)
{
	for (size_t x = 0; x < w; x++)
		res[x] = pack(__builtin_convertvector(col[x], px4) * inv);
}

/* The 2n + 1 rows of sums a column sum spans live in a ring; each row down, the row leaving
 * is taken off, its slot refilled with the row entering, and that added. */
static bool run_box(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const uint32_t *src, size_t stride, const pixman_box32_t *in, const pixman_box32_t *out,
        uint32_t *res, size_t res_stride, int32_t sw, int32_t sh)
{
	uint32_t n = p->box;
	size_t w = (size_t)(out->x2 - out->x1), h = (size_t)(out->y2 - out->y1), ring = 2 * n + 1;
	i4 *rows, *col;

	if (!grow((void **)&s->row, &s->row_cap, w + 2 * n, sizeof(uint32_t)) ||
	        !grow((void **)&s->sums, &s->sums_cap, (ring + 1) * w * 4, sizeof(uint32_t)))
		return false;
	rows = (i4 *)(void *)s->sums;
	col = rows + ring * w;
	memset(col, 0, w * sizeof(i4));
	for (size_t j = 0; j < ring; j++) {
		box_sum_row(src, stride, in, out, n, sw, sh, s->row, j, rows + j * w);
		box_add(col, rows + j * w, w, true);
	}
	float inv = 1.0f / (float)((2 * n + 1) * (2 * n + 1));
	for (size_t y = 0;; y++) {
		i4 *slot = rows + (y % ring) * w;

		box_out(col, w, inv, res + y * res_stride);
		if (y + 1 == h)
			break;
		box_add(col, slot, w, false);
		box_sum_row(src, stride, in, out, n, sw, sh, s->row, y + ring, slot);
		box_add(col, slot, w, true);
	}
	return true;
}

/* ---- dual_kawase ---- */

struct dk_ranges {
	struct span x[RENDER_BLUR_STRENGTH_MAX + 1], y[RENDER_BLUR_STRENGTH_MAX + 1];
	struct span ux[RENDER_BLUR_STRENGTH_MAX + 1], uy[RENDER_BLUR_STRENGTH_MAX + 1];
	int64_t nx[RENDER_BLUR_STRENGTH_MAX + 1], ny[RENDER_BLUR_STRENGTH_MAX + 1];
};

/* Cells each level needs: up results ux/uy (level 0: out) and down results x/y (level 0:
 * the source); nx/ny: a level's cells on screen. */
static void dk_ranges(const struct render_blur_plan *p, const pixman_box32_t *out, int32_t sw,
        int32_t sh, struct dk_ranges *r)
{
	uint32_t L = p->levels;

	r->nx[0] = sw;
	r->ny[0] = sh;
	for (uint32_t k = 1; k <= L; k++) {
		r->nx[k] = (r->nx[k - 1] + 1) / 2;
		r->ny[k] = (r->ny[k - 1] + 1) / 2;
	}
	r->ux[0] = (struct span){out->x1, out->x2};
	r->uy[0] = (struct span){out->y1, out->y2};
	for (uint32_t k = 1; k <= L; k++) {
		r->ux[k] = render_blur_up_reads(&p->geom, r->ux[k - 1]);
		r->uy[k] = render_blur_up_reads(&p->geom, r->uy[k - 1]);
	}
	r->x[L] = r->ux[L];
	r->y[L] = r->uy[L];
	for (uint32_t k = L; k > 0; k--) {
		r->x[k - 1] = render_blur_down_reads(&p->geom, r->x[k]);
		r->y[k - 1] = render_blur_down_reads(&p->geom, r->y[k]);
	}
}

/* Sums across of one factor for cells of one parity of x: from the first cell of vx with
 * that parity, every other one, each reading input cells (floor(x / 2) + dx, q). */
static void dk_across(const struct taps *t, const struct plane *in, struct plane *sum,
        const px4 **ptrs, struct span vx, int64_t q, int qx)
{
	int64_t x0 = vx.lo + ((vx.lo & 1) != qx), base = floor_div2(x0);

	if (x0 >= vx.hi)
		return;
	for (size_t k = 0; k < t->n; k++)
		ptrs[k] = cell(in, base + t->dx[k], q);
	taps_row(cell(sum, x0, q), 2, ptrs, t->w, t->n, 1, 0, (size_t)((vx.hi - x0 + 1) / 2));
}

/* Up, level k + 1 (in) to k (out, cells vx x vy): the three factors' sums across each row it
 * reads, at level k's columns, then down them, a row of level k at a time. */
static bool dk_up(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const struct plane *in, struct plane *out, struct span vx, struct span vy)
{
	const px4 **ptrs = (const px4 **)s->ptrs;
	struct span rows = render_blur_up_reads(&p->geom, vy); /* the rows of level k + 1 read */
	struct plane sums[3];

	for (int f = 0; f < 3; f++) {
		if (!plane_init(s, 2 + f, &sums[f], vx, rows))
			return false;
		for (int64_t q = rows.lo; q < rows.hi; q++) {
			dk_across(&p->up_h[f][0], in, &sums[f], ptrs, vx, q, 0);
			dk_across(&p->up_h[f][1], in, &sums[f], ptrs, vx, q, 1);
		}
	}
	for (int64_t y = vy.lo; y < vy.hi; y++) {
		const struct taps *t = &p->up_v[y & 1];

		for (size_t k = 0; k < t->n; k++)
			ptrs[k] = cell(&sums[t->dx[k]], vx.lo, floor_div2(y) + t->dy[k]);
		taps_line(p, cell(out, vx.lo, y), ptrs, t, (size_t)(vx.hi - vx.lo));
	}
	pad(out, vx, vy);
	return true;
}

static bool run_dual_kawase(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const uint32_t *src, size_t stride, const pixman_box32_t *in, const pixman_box32_t *out,
        uint32_t *res, size_t res_stride, int32_t sw, int32_t sh)
{
	const px4 **ptrs = (const px4 **)s->ptrs;
	struct dk_ranges r;
	struct plane a, b;
	uint32_t L = p->levels;
	int cur = 0;

	dk_ranges(p, out, sw, sh, &r);
	if (!plane_init(s, cur, &a, r.x[0], r.y[0]))
		return false;
	load(&a, src, stride, in, sw, sh);
	for (uint32_t k = 1; k <= L; k++, a = b) {
		cur ^= 1;
		if (!plane_init(s, cur, &b, r.x[k], r.y[k]))
			return false;
		run_taps(p, &p->down, &a, &b, ptrs, 2, meet(r.x[k], (struct span){0, r.nx[k]}),
		        meet(r.y[k], (struct span){0, r.ny[k]}));
	}
	for (uint32_t k = L; k-- > 0; a = b) {
		cur ^= 1;
		if (!plane_init(s, cur, &b, r.ux[k], r.uy[k]))
			return false;
		if (!dk_up(p, s, &a, &b, meet(r.ux[k], (struct span){0, r.nx[k]}),
		            meet(r.uy[k], (struct span){0, r.ny[k]})))
			return false;
	}
	store(&a, res, res_stride);
	return true;
}

/* ---- entry points ---- */

void render_blur_input_box(const struct render_blur_plan *p, const pixman_box32_t *out, int32_t sw,
        int32_t sh, pixman_box32_t *in)
{
	struct span x, y;

	if (p->method == RENDER_BLUR_DUAL_KAWASE) {
		struct dk_ranges r;

		dk_ranges(p, out, sw, sh, &r);
		x = r.x[0];
		y = r.y[0];
	} else {
		x = grown((struct span){out->x1, out->x2}, p->reach);
		y = grown((struct span){out->y1, out->y2}, p->reach);
	}
	x = meet(x, (struct span){0, sw});
	y = meet(y, (struct span){0, sh});
	*in = (pixman_box32_t){(int32_t)x.lo, (int32_t)y.lo, (int32_t)x.hi, (int32_t)y.hi};
}

bool render_blur_run(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const uint32_t *src, size_t stride, const pixman_box32_t *in, const pixman_box32_t *out,
        uint32_t *res, size_t res_stride, int32_t sw, int32_t sh)
{
	if (!grow(&s->ptrs, &s->ptrs_cap, p->max_taps, sizeof(px4 *)))
		return false;
	if (p->method == RENDER_BLUR_BOX)
		return run_box(p, s, src, stride, in, out, res, res_stride, sw, sh);
	if (p->method == RENDER_BLUR_DUAL_KAWASE)
		return run_dual_kawase(p, s, src, stride, in, out, res, res_stride, sw, sh);
	return run_passes(p, s, src, stride, in, out, res, res_stride, sw, sh);
}
