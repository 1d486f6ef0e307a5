/*
 * shadow: picom's Gaussian shadow masks. A rectangle's blur is the product of two 1-D
 * profiles; rounded corners subtract the blur of the four cut-outs; a bounding shape is
 * blurred in two separable passes. Long sides stretch a template: large windows share one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render-private.h"

/* Above this many multiply-adds a shape is not blurred: its rectangle's shadow is used. */
#define SHAPED_BLUR_BUDGET (UINT64_C(1) << 26)

struct kernel {
	uint32_t r;
	double *g;   /* 2r + 1 taps summing to 1; the 2-D kernel is their outer product */
	double *cum; /* cum[i] = g[0] + ... + g[i - 1]: 2r + 2 entries */
};

/* Sum of the outermost row of the normalised (2r+1)^2 kernel of deviation sigma. */
static double first_row_sum(double r, double sigma)
{
	double edge = exp(-0.5 * r * r / (sigma * sigma)) / (sqrt(2 * M_PI) * sigma);

	return edge / erf(r / (sigma * M_SQRT2));
}

/* picom's gaussian_kernel_std_for_size(radius, 0.5 / 256), solved to full precision. */
double render_shadow_sigma(uint32_t radius)
{
	const double limit = 0.5 / 256;
	double r = radius < RENDER_SHADOW_RADIUS_MAX ? radius : RENDER_SHADOW_RADIUS_MAX;
	double lo = 0, hi = 2 * r;

	if (radius == 0)
		return 0;
	if (limit >= 0.5 / r)
		return 2 * r;
	for (int i = 0; i < 64; i++) {
		double mid = (lo + hi) / 2;

		if (first_row_sum(r, mid) > limit)
			hi = mid;
		else
			lo = mid;
	}
	return (lo + hi) / 2;
}

static bool kernel_init(struct kernel *k, uint32_t r)
{
	size_t n = 2 * (size_t)r + 1;
	double sigma = render_shadow_sigma(r), total = 0;

	k->r = r;
	k->g = malloc((2 * n + 1) * sizeof(double));
	if (!k->g)
		return false;
	k->cum = k->g + n;
	for (size_t i = 0; i < n; i++) {
		double d = (double)i - r;

		/* radius 0: picom's one-tap kernel, a sharp shadow */
		k->g[i] = r ? exp(-0.5 * d * d / (sigma * sigma)) : 1.0;
		total += k->g[i];
	}
	k->cum[0] = 0;
	for (size_t i = 0; i < n; i++) {
		k->g[i] /= total;
		k->cum[i + 1] = k->cum[i] + k->g[i];
	}
	return true;
}

static void kernel_finish(struct kernel *k)
{
	free(k->g);
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* Share of the kernel centred on shadow pixel u that lands on [0, len) of the window, whose
 * pixel 0 is shadow pixel r: taps j with 0 <= u - 2r + j < len. */
static double profile(const struct kernel *k, int64_t len, int64_t u)
{
	int64_t r2 = 2 * (int64_t)k->r;
	int64_t lo = max64(0, r2 - u), hi = min64(r2, r2 - u + len - 1);

	return lo > hi ? 0 : k->cum[hi + 1] - k->cum[lo];
}

/* Blur of the top-left corner's cut-out (1 - coverage on c x c) over (c + 2r)^2 shadow
 * pixels, in two separable passes. NULL when out of memory. */
static double *cut_patch(const struct kernel *k, uint32_t c)
{
	int64_t r2 = 2 * (int64_t)k->r, p = c + r2;
	double *cut = calloc((size_t)(p * p), sizeof(double));
	double *h = calloc((size_t)(p * c), sizeof(double));
	double *out = malloc((size_t)c * c * sizeof(double));

	if (cut && h && out) {
		for (uint32_t j = 0; j < c; j++)
			for (uint32_t i = 0; i < c; i++)
				out[j * c + i] = 1 - render_corner_coverage(c, i, j);
		for (int64_t j = 0; j < c; j++)
			for (int64_t u = 0; u < p; u++)
				for (int64_t i = max64(0, u - r2); i <= min64(c - 1, u); i++)
					h[j * p + u] += k->g[i - u + r2] * out[j * c + i];
		for (int64_t v = 0; v < p; v++)
			for (int64_t j = max64(0, v - r2); j <= min64(c - 1, v); j++)
				for (int64_t u = 0; u < p; u++)
					cut[v * p + u] += k->g[j - v + r2] * h[j * p + u];
	} else {
		free(cut);
		cut = NULL;
	}
	free(out);
	free(h);
	return cut;
}

struct plan {
	const struct kernel *k;
	int64_t w, h, sw, sh;
	const double *cut; /* cut_patch, or NULL without corners */
	int64_t p;         /* its side */
	double *xs, *ys;   /* profile of every shadow column and row */
};

static double cut_at(const struct plan *pl, int64_t u, int64_t v)
{
	return u < pl->p && v < pl->p ? pl->cut[v * pl->p + u] : 0;
}

static double rounded_value(const struct plan *pl, int64_t u, int64_t v)
{
	int64_t mu = pl->sw - 1 - u, mv = pl->sh - 1 - v;

	return pl->xs[u] * pl->ys[v] - cut_at(pl, u, v) - cut_at(pl, mu, v) - cut_at(pl, u, mv) -
	       cut_at(pl, mu, mv);
}

static uint8_t *row8(pixman_image_t *img, int64_t v)
{
	return (uint8_t *)pixman_image_get_data(img) + v * pixman_image_get_stride(img);
}

/* Recompute the pixels of the corner patch whose near corner is (u0, v0). */
static void fill_patch(const struct plan *pl, pixman_image_t *img, int64_t u0, int64_t v0)
{
	int64_t u1 = min64(u0 + pl->p, pl->sw), v1 = min64(v0 + pl->p, pl->sh);

	for (int64_t v = max64(v0, 0); v < v1; v++) {
		uint8_t *row = row8(img, v);

		for (int64_t u = max64(u0, 0); u < u1; u++)
			row[u] = render_unit_to_u8(rounded_value(pl, u, v));
	}
}

static void fill_rounded(const struct plan *pl, pixman_image_t *img)
{
	for (int64_t u = 0; u < pl->sw; u++)
		pl->xs[u] = profile(pl->k, pl->w, u);
	for (int64_t v = 0; v < pl->sh; v++)
		pl->ys[v] = profile(pl->k, pl->h, v);
	for (int64_t v = 0; v < pl->sh; v++) {
		uint8_t *row = row8(img, v);

		for (int64_t u = 0; u < pl->sw; u++)
			row[u] = render_unit_to_u8(pl->xs[u] * pl->ys[v]);
	}
	if (!pl->cut)
		return;
	fill_patch(pl, img, 0, 0);
	fill_patch(pl, img, pl->sw - pl->p, 0);
	fill_patch(pl, img, 0, pl->sh - pl->p);
	fill_patch(pl, img, pl->sw - pl->p, pl->sh - pl->p);
}

/* The (w + 2r) x (h + 2r) mask of a rounded rectangle; NULL when out of memory. */
static pixman_image_t *rounded_mask(const struct kernel *k, uint32_t w, uint32_t h, uint32_t c)
{
	struct plan pl = {.k = k,
	        .w = w,
	        .h = h,
	        .sw = w + 2 * (int64_t)k->r,
	        .sh = h + 2 * (int64_t)k->r,
	        .p = c + 2 * (int64_t)k->r};
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_a8, (int)pl.sw, (int)pl.sh, NULL, 0);
	double *cut = c ? cut_patch(k, c) : NULL;

	pl.cut = cut;
	pl.xs = malloc((size_t)(pl.sw + pl.sh) * sizeof(double));
	if (img && pl.xs && (cut || !c)) {
		pl.ys = pl.xs + pl.sw;
		fill_rounded(&pl, img);
	} else if (img) {
		pixman_image_unref(img);
		img = NULL;
	}
	free(pl.xs);
	free(cut);
	return img;
}

/* A w x h a8 image tiled with the lw x lh line of img at (x, y), a column or a row: edges are
 * painted from it in pieces, through pixman's fast paths (a repeating mask would take the
 * general one). */
static pixman_image_t *edge_strip(pixman_image_t *img, int x, int y, int lw, int lh, int w, int h)
{
	pixman_image_t *line = pixman_image_create_bits(PIXMAN_a8, lw, lh, NULL, 0);
	pixman_image_t *strip = pixman_image_create_bits(PIXMAN_a8, w, h, NULL, 0);

	if (line && strip) {
		pixman_image_composite32(PIXMAN_OP_SRC, img, NULL, line, x, y, 0, 0, 0, 0, lw, lh);
		pixman_image_set_repeat(line, PIXMAN_REPEAT_NORMAL);
		pixman_image_composite32(PIXMAN_OP_SRC, line, NULL, strip, 0, 0, 0, 0, 0, 0, w, h);
	} else if (strip) {
		pixman_image_unref(strip);
		strip = NULL;
	}
	if (line)
		pixman_image_unref(line);
	return strip;
}

static uint32_t template_side(uint32_t side, const struct kernel *k, uint32_t c)
{
	return side ? side : 2 * k->r + 2 * c + 1;
}

/* The template and the strips of its stretched sides: the middle column or row, which is
 * what every column (row) between the corner patches of a longer side looks like. */
static bool build_template(struct render_mask *m, const struct kernel *k)
{
	uint32_t c = m->key.corner, w = template_side(m->key.w, k, c);
	uint32_t h = template_side(m->key.h, k, c);
	int p = (int)(2 * k->r + c), sw = (int)(w + 2 * k->r), sh = (int)(h + 2 * k->r);

	m->img = rounded_mask(k, w, h, c);
	if (!m->img)
		return false;
	if (!m->key.w && !(m->col = edge_strip(m->img, p, 0, 1, sh, RENDER_EDGE_STRIP, sh)))
		return false;
	return m->key.h || (m->row = edge_strip(m->img, 0, p, sw, 1, sw, RENDER_EDGE_STRIP));
}

/* Coverage of the window's shape (already within w x h) and rounded corners. */
static void rasterize(float *f, const struct render_mask *m)
{
	int64_t w = m->key.w, h = m->key.h, c = m->key.corner;
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(&m->shape, &n);

	for (int i = 0; i < n; i++)
		for (int64_t y = b[i].y1; y < b[i].y2; y++)
			for (int64_t x = b[i].x1; x < b[i].x2; x++)
				f[y * w + x] = 1;
	for (int64_t j = 0; j < c; j++) {
		for (int64_t i = 0; i < c; i++) {
			float cov = (float)render_corner_coverage(
			        (uint32_t)c, (uint32_t)i, (uint32_t)j);

			f[j * w + i] *= cov;
			f[j * w + (w - 1 - i)] *= cov;
			f[(h - 1 - j) * w + i] *= cov;
			f[(h - 1 - j) * w + (w - 1 - i)] *= cov;
		}
	}
}

/* Separable blur of f (w x h) into img ((w + 2r) x (h + 2r)); t is sw x h scratch. */
static void blur(const struct kernel *k, const float *f, float *t, double *acc, pixman_image_t *img,
        int64_t w, int64_t h)
{
	int64_t r2 = 2 * (int64_t)k->r, sw = w + r2, sh = h + r2;

	for (int64_t y = 0; y < h; y++)
		for (int64_t u = 0; u < sw; u++) {
			double s = 0;

			for (int64_t x = max64(0, u - r2); x <= min64(w - 1, u); x++)
				s += k->g[x - u + r2] * f[y * w + x];
			t[y * sw + u] = (float)s;
		}
	for (int64_t v = 0; v < sh; v++) {
		uint8_t *row = row8(img, v);

		memset(acc, 0, (size_t)sw * sizeof(*acc));
		for (int64_t y = max64(0, v - r2); y <= min64(h - 1, v); y++)
			for (int64_t u = 0; u < sw; u++)
				acc[u] += k->g[y - v + r2] * t[y * sw + u];
		for (int64_t u = 0; u < sw; u++)
			row[u] = render_unit_to_u8(acc[u]);
	}
}

static bool build_shaped(struct render_mask *m, const struct kernel *k)
{
	int64_t w = m->key.w, h = m->key.h, sw = w + 2 * (int64_t)k->r, sh = h + 2 * (int64_t)k->r;
	float *f = calloc((size_t)(w * h), sizeof(float));
	float *t = malloc((size_t)(sw * h) * sizeof(float));
	double *acc = malloc((size_t)sw * sizeof(double));
	bool ok = false;

	m->img = pixman_image_create_bits(PIXMAN_a8, (int)sw, (int)sh, NULL, 0);
	if (f && t && acc && m->img) {
		rasterize(f, m);
		blur(k, f, t, acc, m->img, w, h);
		ok = true;
	}
	free(acc);
	free(t);
	free(f);
	return ok;
}

static bool build(struct render_mask *m)
{
	struct kernel k;
	bool ok;

	if (!kernel_init(&k, m->key.radius))
		return false;
	ok = m->key.kind == RENDER_MASK_SHAPED ? build_shaped(m, &k) : build_template(m, &k);
	kernel_finish(&k);
	return ok;
}

static bool blur_affordable(uint32_t w, uint32_t h, uint32_t r)
{
	uint64_t sw = w + 2 * (uint64_t)r, sh = h + 2 * (uint64_t)r;

	return (sw * h + sw * sh) * (2 * (uint64_t)r + 1) <= SHAPED_BLUR_BUDGET;
}

static struct render_mask_key mask_key(
        uint32_t w, uint32_t h, uint32_t r, uint32_t c, const pixman_region32_t *shape)
{
	uint64_t least = 2 * (uint64_t)r + 2 * (uint64_t)c;

	if (shape && blur_affordable(w, h, r))
		return (struct render_mask_key){RENDER_MASK_SHAPED, w, h, r, c};
	return (struct render_mask_key){
	        RENDER_MASK_TEMPLATE, w >= least ? 0 : w, h >= least ? 0 : h, r, c};
}

struct render_mask *render_shadow_mask(struct render_ctx *ctx, uint32_t w, uint32_t h, uint32_t r,
        uint32_t c, const pixman_region32_t *shape)
{
	struct render_mask_key key = mask_key(w, h, r, c, shape);
	struct render_mask *m = render_cache_find(&ctx->cache, &key, shape);

	if (m)
		return m;
	m = render_mask_new(&key);
	if (!m || (key.kind == RENDER_MASK_SHAPED && !pixman_region32_copy(&m->shape, shape)) ||
	        !build(m)) {
		render_mask_free(m);
		return NULL;
	}
	render_mask_account(m);
	render_cache_insert(&ctx->cache, m);
	return m;
}
