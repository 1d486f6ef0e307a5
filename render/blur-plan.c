/*
 * blur-plan: what each blur method is, prepared once per effects: picom's dual_kawase levels
 * and their sample positions turned into taps, Gaussian and kernel passes, and how far each
 * reaches.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/blur-private.h"

/* ---- dual_kawase geometry ---- */

/* picom's strength levels: iterations and sample offset (in half pixels), and the gaussian
 * radius each approximates (for strength 0, chosen from blur-size). */
static const struct {
	uint32_t iterations;
	double offset;
	uint32_t min_radius;
} dk_levels[RENDER_BLUR_STRENGTH_MAX] = {
        {1, 1.25, 1},
        {1, 2.25, 6},
        {2, 2.00, 11},
        {2, 3.00, 17},
        {2, 4.25, 24},
        {3, 2.50, 32},
        {3, 3.25, 40},
        {3, 4.25, 51},
        {3, 5.50, 67},
        {4, 3.25, 83},
        {4, 4.00, 101},
        {4, 5.00, 123},
        {4, 6.00, 148},
        {4, 7.25, 178},
        {4, 8.25, 208},
        {5, 4.50, 236},
        {5, 5.25, 269},
        {5, 6.25, 309},
        {5, 7.25, 357},
        {5, 8.50, 417},
};

static uint32_t dk_strength(const struct render_blur *b)
{
	uint32_t lvl = 1;

	if (b->strength > 0)
		return b->strength < RENDER_BLUR_STRENGTH_MAX ? b->strength
		                                              : RENDER_BLUR_STRENGTH_MAX;
	if (!b->size)
		return 5;
	while (dk_levels[lvl - 1].min_radius < b->size && lvl < RENDER_BLUR_STRENGTH_MAX)
		lvl++;
	return lvl;
}

/* Dense 1-D weights in eighths over cells [-VEC_R, VEC_R] of the base. */
#define VEC_R 12
#define VEC_N (2 * VEC_R + 1)

/* Add the linear sample at t = base + e/8 cells (between centres: cell i spans [i, i + 1), so
 * t has already had 0.5 taken off) to v, times mult. */
static void add_sample(int32_t *v, int32_t e, int32_t mult)
{
	int32_t i = (int32_t)floor_div(e, 8), f = e - 8 * i;

	v[VEC_R + i] += (8 - f) * mult;
	if (f)
		v[VEC_R + i + 1] += f * mult;
}

/* Down (per axis): centre B0 at e = 4; diagonal D at e = 4 ± 4o. Up, for parity q: B at
 * e = 4q - 2, A at 4q - 2 ± 8o, H at 4q - 2 ± 4o. o is in quarters of a cell. */
struct dk_vecs {
	int32_t b0[VEC_N], d[VEC_N];
	int32_t a[2][VEC_N], b[2][VEC_N], h[2][VEC_N];
};

static void dk_vectors(double offset, struct dk_vecs *v)
{
	int32_t o4 = (int32_t)lround(offset * 4);

	memset(v, 0, sizeof(*v));
	add_sample(v->b0, 4, 1);
	add_sample(v->d, 4 + o4, 1);
	add_sample(v->d, 4 - o4, 1);
	for (int q = 0; q < 2; q++) {
		int32_t e = 4 * q - 2;

		add_sample(v->b[q], e, 1);
		add_sample(v->a[q], e + 2 * o4, 1);
		add_sample(v->a[q], e - 2 * o4, 1);
		add_sample(v->h[q], e + o4, 1);
		add_sample(v->h[q], e - o4, 1);
	}
}

static void support(const int32_t *v, int32_t *lo, int32_t *hi)
{
	for (int32_t i = 0; i < VEC_N; i++) {
		if (!v[i])
			continue;
		*lo = i - VEC_R < *lo ? i - VEC_R : *lo;
		*hi = i - VEC_R > *hi ? i - VEC_R : *hi;
	}
}

static void dk_geometry(const struct dk_vecs *v, struct dk_geom *g)
{
	g->down_lo = g->up_lo[0] = g->up_lo[1] = VEC_R;
	g->down_hi = g->up_hi[0] = g->up_hi[1] = -VEC_R;
	support(v->b0, &g->down_lo, &g->down_hi);
	support(v->d, &g->down_lo, &g->down_hi);
	for (int q = 0; q < 2; q++) {
		support(v->a[q], &g->up_lo[q], &g->up_hi[q]);
		support(v->b[q], &g->up_lo[q], &g->up_hi[q]);
		support(v->h[q], &g->up_lo[q], &g->up_hi[q]);
	}
}

struct span render_blur_up_reads(const struct dk_geom *g, struct span s)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	for (int64_t x = s.lo; x < s.hi && x < s.lo + 2; x++)
		lo = min64(lo, floor_div2(x) + g->up_lo[x & 1]);
	for (int64_t x = s.hi - 1; x >= s.lo && x > s.hi - 3; x--)
		hi = max64(hi, floor_div2(x) + g->up_hi[x & 1] + 1);
	return (struct span){lo, hi};
}

struct span render_blur_down_reads(const struct dk_geom *g, struct span s)
{
	return (struct span){2 * s.lo + g->down_lo, 2 * (s.hi - 1) + g->down_hi + 1};
}

static uint32_t dk_reach(const struct dk_geom *g, uint32_t levels)
{
	int64_t worst = 0;

	for (int64_t p = 0; p < (INT64_C(1) << levels); p++) {
		struct span s = {p, p + 1};

		for (uint32_t k = 0; k < levels; k++)
			s = render_blur_up_reads(g, s);
		for (uint32_t k = 0; k < levels; k++)
			s = render_blur_down_reads(g, s);
		worst = max64(worst, max64(p - s.lo, s.hi - 1 - p));
	}
	return (uint32_t)worst;
}

/* ---- reach ---- */

static uint32_t kernel_reach(const struct render_blur *b)
{
	uint64_t rx = 0, ry = 0;

	for (size_t i = 0; i < b->kernel_count && i < RENDER_KERNELS_MAX; i++) {
		rx += b->kernels[i].width / 2;
		ry += b->kernels[i].height / 2;
	}
	return (uint32_t)(rx > ry ? rx : ry);
}

static uint32_t blur_size(const struct render_blur *b)
{
	return b->size < RENDER_BLUR_SIZE_MAX ? b->size : RENDER_BLUR_SIZE_MAX;
}

uint32_t render_blur_reach(const struct render_effects *fx)
{
	const struct render_blur *b = fx ? &fx->blur : NULL;
	struct dk_vecs v;
	struct dk_geom g;
	uint32_t s;

	if (!b)
		return 0;
	switch (b->method) {
	case RENDER_BLUR_BOX:
		return blur_size(b);
	case RENDER_BLUR_GAUSSIAN:
		return b->deviation > 0 ? blur_size(b) : 0;
	case RENDER_BLUR_KERNEL:
		return b->kernels ? kernel_reach(b) : 0;
	case RENDER_BLUR_DUAL_KAWASE:
		s = dk_strength(b);
		dk_vectors(dk_levels[s - 1].offset, &v);
		dk_geometry(&v, &g);
		return dk_reach(&g, dk_levels[s - 1].iterations);
	case RENDER_BLUR_NONE:
		break;
	}
	return 0;
}

/* ---- plans ---- */

/* One block holds the three arrays; taps_free(t) frees it. */
static bool taps_alloc(struct taps *t, size_t n)
{
	void *block = n <= SIZE_MAX / 12 ? malloc(n ? n * 12 : 1) : NULL;

	*t = (struct taps){0};
	if (!block)
		return false;
	t->w = block;
	t->dx = (int32_t *)(void *)(t->w + n);
	t->dy = t->dx + n;
	return true;
}

static void taps_add(struct taps *t, int32_t dx, int32_t dy, double w)
{
	t->dx[t->n] = dx;
	t->dy[t->n] = dy;
	t->w[t->n++] = (float)w;
}

static void taps_free(struct taps *t)
{
	free(t->w);
}

static void free_passes(struct pass *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		taps_free(&p[i].taps);
	free(p);
}

void render_blur_plan_destroy(struct render_blur_plan *p)
{
	if (!p)
		return;
	free_passes(p->passes, p->npasses);
	taps_free(&p->down);
	for (int q = 0; q < 6; q++)
		taps_free(&p->up_h[q / 2][q % 2]);
	taps_free(&p->up_v[0]);
	taps_free(&p->up_v[1]);
	free(p);
}

static bool pass_1d(struct pass *p, enum pass_kind kind, const double *w, int32_t r)
{
	*p = (struct pass){
	        .kind = kind, .rx = kind == PASS_H ? r : 0, .ry = kind == PASS_V ? r : 0};
	if (!taps_alloc(&p->taps, (size_t)(2 * r + 1)))
		return false;
	for (int32_t k = -r; k <= r; k++)
		taps_add(&p->taps, kind == PASS_H ? k : 0, kind == PASS_V ? k : 0, w[k + r]);
	return true;
}

static bool gaussian_passes(struct render_blur_plan *p, const struct render_blur *b)
{
	int32_t r = (int32_t)blur_size(b);
	double *w = malloc((size_t)(2 * r + 1) * sizeof(*w)), sum = 0;
	bool ok;

	if (!w)
		return false;
	for (int32_t k = -r; k <= r; k++)
		sum += w[k + r] = exp(-(double)k * k / (2 * b->deviation * b->deviation));
	for (int32_t k = 0; k <= 2 * r; k++)
		w[k] /= sum;
	p->passes = calloc(2, sizeof(*p->passes));
	ok = p->passes && pass_1d(&p->passes[0], PASS_H, w, r) &&
	     pass_1d(&p->passes[1], PASS_V, w, r);
	p->npasses = p->passes ? 2 : 0;
	free(w);
	return ok;
}

/* A kernel normalised as picom's X Render filter is (by its sum, unless 0), as two 1-D passes
 * when it is the outer product of its row and column sums to within 1e-4 (in sum of absolute
 * differences of the normalised weights: 0.03 of an 8-bit level at most), else in 2-D. */
static bool kernel_passes(struct pass *out, size_t *n, const struct render_kernel *k)
{
	int32_t w = (int32_t)k->width, h = (int32_t)k->height;
	double sum = 0, err = 0, *rows = calloc((size_t)(w + h), sizeof(double)), *cols;
	bool ok;

	if (!rows)
		return false;
	cols = rows + h;
	/* summed once divided by the largest magnitude, so that no sum overflows */
	double big = 0;
	for (int32_t j = 0; j < w * h; j++)
		big = fabs(k->values[j]) > big ? fabs(k->values[j]) : big;
	for (int32_t j = 0; j < w * h; j++)
		sum += k->values[j] / big;
	/* weights v / big / sum, or v as they are when they sum to 0 (picom's X filter) */
	double div = sum != 0 ? big : 1, den = sum != 0 ? sum : 1;
	for (int32_t j = 0; j < h; j++) {
		for (int32_t i = 0; i < w; i++) {
			rows[j] += k->values[j * w + i] / div / den;
			cols[i] += k->values[j * w + i] / div / den;
		}
	}
	for (int32_t j = 0; j < h && sum != 0; j++)
		for (int32_t i = 0; i < w; i++)
			err += fabs(k->values[j * w + i] / div / den - rows[j] * cols[i]);
	if (sum != 0 && err <= 1e-4) {
		ok = pass_1d(&out[0], PASS_H, cols, w / 2) && pass_1d(&out[1], PASS_V, rows, h / 2);
		*n += 2;
		free(rows);
		return ok;
	}
	free(rows);
	out[0] = (struct pass){.kind = PASS_2D, .rx = w / 2, .ry = h / 2};
	*n += 1;
	if (!taps_alloc(&out[0].taps, (size_t)w * (size_t)h))
		return false;
	for (int32_t j = 0; j < h; j++)
		for (int32_t i = 0; i < w; i++)
			if (k->values[j * w + i] != 0)
				taps_add(&out[0].taps, i - w / 2, j - h / 2,
				        k->values[j * w + i] / div / den);
	return true;
}

static bool kernel_plan(struct render_blur_plan *p, const struct render_blur *b)
{
	size_t count = b->kernel_count < RENDER_KERNELS_MAX ? b->kernel_count : RENDER_KERNELS_MAX;

	p->passes = calloc(2 * count, sizeof(*p->passes));
	if (!p->passes)
		return false;
	for (size_t i = 0; i < count; i++)
		if (!kernel_passes(p->passes + p->npasses, &p->npasses, &b->kernels[i]))
			return false;
	return true;
}

/* The 2-D taps of x (x-factor) times y, added to a dense VEC_N^2 array. */
static void outer(int32_t *dense, const int32_t *x, const int32_t *y, int32_t mult)
{
	for (int32_t j = 0; j < VEC_N; j++)
		for (int32_t i = 0; i < VEC_N; i++)
			dense[j * VEC_N + i] += x[i] * y[j] * mult;
}

static bool sparse(struct taps *t, const int32_t *dense, double scale)
{
	if (!taps_alloc(t, VEC_N * VEC_N))
		return false;
	for (int32_t j = 0; j < VEC_N; j++)
		for (int32_t i = 0; i < VEC_N; i++)
			if (dense[j * VEC_N + i])
				taps_add(t, i - VEC_R, j - VEC_R, dense[j * VEC_N + i] * scale);
	return true;
}

/* 1-D taps of vector v across (in eighths, exact in float). */
static bool factor_taps(struct taps *t, const int32_t *v)
{
	if (!taps_alloc(t, VEC_N))
		return false;
	for (int32_t i = 0; i < VEC_N; i++)
		if (v[i])
			taps_add(t, i - VEC_R, 0, v[i]);
	return true;
}

static bool dual_kawase_plan(struct render_blur_plan *p, const struct render_blur *b)
{
	uint32_t s = dk_strength(b);
	int32_t dense[VEC_N * VEC_N];
	struct dk_vecs v;

	p->levels = dk_levels[s - 1].iterations;
	dk_vectors(dk_levels[s - 1].offset, &v);
	dk_geometry(&v, &p->geom);
	memset(dense, 0, sizeof(dense));
	outer(dense, v.b0, v.b0, 4);
	outer(dense, v.d, v.d, 1);
	if (!sparse(&p->down, dense, 1.0 / 512))
		return false;
	for (int q = 0; q < 2; q++) {
		const int32_t *across[3] = {v.a[q], v.b[q], v.h[q]};
		/* the sum of factor f across is weighed down by: A by B, B by A, H by 2 H */
		const int32_t *down[3] = {v.b[q], v.a[q], v.h[q]};

		for (int f = 0; f < 3; f++)
			if (!factor_taps(&p->up_h[f][q], across[f]))
				return false;
		if (!taps_alloc(&p->up_v[q], 3 * VEC_N))
			return false;
		for (int f = 0; f < 3; f++)
			for (int32_t i = 0; i < VEC_N; i++)
				if (down[f][i])
					taps_add(&p->up_v[q], f, i - VEC_R,
					        down[f][i] * (f == 2 ? 2.0 : 1.0) / 768);
	}
	return true;
}

bool render_blur_plan_create(const struct render_effects *fx, struct render_blur_plan **out)
{
	uint32_t reach = render_blur_reach(fx);
	struct render_blur_plan *p;
	bool ok = true;

	*out = NULL;
	if (!reach)
		return true;
	p = calloc(1, sizeof(*p));
	if (!p)
		return false;
	p->method = fx->blur.method;
	p->reach = reach;
	p->avx2 = render_blur_cpu_avx2();
	if (p->method == RENDER_BLUR_BOX)
		p->box = blur_size(&fx->blur);
	else if (p->method == RENDER_BLUR_GAUSSIAN)
		ok = gaussian_passes(p, &fx->blur);
	else if (p->method == RENDER_BLUR_KERNEL)
		ok = kernel_plan(p, &fx->blur);
	else
		ok = dual_kawase_plan(p, &fx->blur);
	if (!ok) {
		render_blur_plan_destroy(p);
		return false;
	}
	for (size_t i = 0; i < p->npasses; i++)
		p->max_taps = p->max_taps > p->passes[i].taps.n ? p->max_taps : p->passes[i].taps.n;
	p->max_taps = p->max_taps > p->down.n ? p->max_taps : p->down.n;
	for (int q = 0; q < 2; q++)
		p->max_taps = p->max_taps > p->up_v[q].n ? p->max_taps : p->up_v[q].n;
	*out = p;
	return true;
}

uint32_t render_blur_plan_reach(const struct render_blur_plan *p)
{
	return p ? p->reach : 0;
}
