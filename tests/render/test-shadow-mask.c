/*
 * Shadow masks, numerically: picom's sigma, symmetry and monotonic falloff, every pixel
 * against a direct 2-D convolution and against the continuous Gaussian, mass conservation,
 * the cache (hits, eviction), and the shaped blur against the rectangle's.
 * Usage: test-shadow-mask CHECK (sigma, symmetry, oracle, analytic, cache, evict, shaped).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render-private.h"
#include "tests/render/testlib.h"

struct geom {
	uint32_t w, h, r, c;
};

/* Small windows (their own mask), large ones (a template stretched both ways) and long ones
 * (one way), sharp to wide, with corners. */
static const struct geom geoms[] = {
        {1, 1, 0, 0},
        {7, 5, 0, 0},
        {1, 1, 4, 0},
        {5, 9, 3, 0},
        {10, 10, 3, 0},
        {40, 30, 12, 0},
        {7, 40, 12, 0},
        {30, 30, 5, 6},
        {21, 13, 4, 6},
        {60, 44, 8, 10},
        {24, 24, 20, 0},
        {9, 9, 2, 4},
};

static unsigned get8(pixman_image_t *img, int u, int v)
{
	const uint8_t *bits = (const uint8_t *)pixman_image_get_data(img);

	return bits[v * pixman_image_get_stride(img) + u];
}

/* The mask for g, and the window size it is the mask of (a template's own size). */
static pixman_image_t *mask_of(struct render_ctx *ctx, const struct geom *g, int *w, int *h)
{
	struct render_mask *m = render_shadow_mask(ctx, g->w, g->h, g->r, g->c, NULL);

	if (!m) {
		t_fail("no mask for %ux%u r %u c %u", g->w, g->h, g->r, g->c);
		return NULL;
	}
	/* a stretched side is the template's own 2r + 2c + 1 */
	*w = m->key.w ? (int)m->key.w : (int)(2 * g->r + 2 * g->c + 1);
	*h = m->key.h ? (int)m->key.h : (int)(2 * g->r + 2 * g->c + 1);
	if (pixman_image_get_width(m->img) != *w + 2 * (int)g->r ||
	        pixman_image_get_height(m->img) != *h + 2 * (int)g->r) {
		t_fail("mask of %dx%d r %u is %dx%d", *w, *h, g->r, pixman_image_get_width(m->img),
		        pixman_image_get_height(m->img));
		return NULL;
	}
	return m->img;
}

static bool check_sigma(void)
{
	for (unsigned r = 0; r <= RENDER_SHADOW_RADIUS_MAX; r++) {
		double ours = render_shadow_sigma(r), picom = t_picom_sigma(r);

		if (fabs(ours - picom) > 0.01) {
			t_fail("radius %u: sigma %.5f, picom's bisection %.5f", r, ours, picom);
			return false;
		}
		if (r && r < 200 && ours <= render_shadow_sigma(r - 1)) {
			t_fail("sigma does not grow with the radius at %u", r);
			return false;
		}
	}
	/* radius 12 (picom's default): 4.3, the edge row sums to 0.5/256 */
	if (fabs(render_shadow_sigma(12) - 4.3177) > 1e-3) {
		t_fail("radius 12: sigma %.5f", render_shadow_sigma(12));
		return false;
	}
	return render_shadow_sigma(RENDER_SHADOW_RADIUS_MAX + 100) ==
	       render_shadow_sigma(RENDER_SHADOW_RADIUS_MAX);
}

static bool symmetric(pixman_image_t *img, const struct geom *g, bool square)
{
	int sw = pixman_image_get_width(img), sh = pixman_image_get_height(img);

	for (int v = 0; v < sh; v++) {
		for (int u = 0; u < sw; u++) {
			unsigned a = get8(img, u, v);
			unsigned t = square ? get8(img, v, u) : a;

			if (a != get8(img, sw - 1 - u, v) || a != get8(img, u, sh - 1 - v) ||
			        (t > a ? t - a : a - t) > 1) {
				t_fail("r %u c %u: asymmetric at (%d,%d)", g->r, g->c, u, v);
				return false;
			}
		}
	}
	return true;
}

/* From the border to the middle, along the middle row and column, never darker to lighter. */
static bool monotonic(pixman_image_t *img, const struct geom *g)
{
	int sw = pixman_image_get_width(img), sh = pixman_image_get_height(img);

	for (int u = 1; u <= sw / 2; u++) {
		if (get8(img, u, sh / 2) < get8(img, u - 1, sh / 2)) {
			t_fail("r %u: falls inward at column %d", g->r, u);
			return false;
		}
	}
	for (int v = 1; v <= sh / 2; v++) {
		if (get8(img, sw / 2, v) < get8(img, sw / 2, v - 1)) {
			t_fail("r %u: falls inward at row %d", g->r, v);
			return false;
		}
	}
	return get8(img, 0, 0) <= get8(img, sw / 2, sh / 2);
}

static bool check_symmetry(void)
{
	struct render_ctx *ctx = render_ctx_create();
	bool ok = ctx != NULL;

	for (size_t i = 0; ok && i < sizeof(geoms) / sizeof(geoms[0]); i++) {
		int w, h;
		pixman_image_t *img = mask_of(ctx, &geoms[i], &w, &h);

		ok = img && symmetric(img, &geoms[i], w == h) && monotonic(img, &geoms[i]);
	}
	render_ctx_destroy(ctx);
	return ok;
}

/* Every pixel within tolerance of the direct convolution. */
static bool against_model(pixman_image_t *img, const struct geom *g, int w, int h,
        const pixman_region32_t *shape, unsigned tolerance)
{
	struct t_shadow m;
	bool ok = true;

	t_shadow_init(&m, g->r, w, h, (int)g->c, shape);
	for (int v = 0; ok && v < h + 2 * (int)g->r; v++) {
		for (int u = 0; ok && u < w + 2 * (int)g->r; u++) {
			double want = 255 * t_shadow_at(&m, u, v);
			unsigned got = get8(img, u, v);

			if (fabs(got - want) > tolerance) {
				t_fail("%dx%d r %u c %u: (%d,%d) is %u, model %.2f", w, h, g->r,
				        g->c, u, v, got, want);
				ok = false;
			}
		}
	}
	t_shadow_fini(&m);
	return ok;
}

static bool check_oracle(void)
{
	struct render_ctx *ctx = render_ctx_create();
	bool ok = ctx != NULL;

	for (size_t i = 0; ok && i < sizeof(geoms) / sizeof(geoms[0]); i++) {
		int w, h;
		pixman_image_t *img = mask_of(ctx, &geoms[i], &w, &h);

		ok = img && against_model(img, &geoms[i], w, h, NULL, 1);
	}
	render_ctx_destroy(ctx);
	return ok;
}

static double phi(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

/* Share of a continuous Gaussian centred on window pixel x falling on [-0.5, len - 0.5). */
static double continuous(double sigma, int len, int x)
{
	return phi((len - 0.5 - x) / sigma) - phi((-0.5 - x) / sigma);
}

/* A rectangle's shadow against the continuous Gaussian blur of the box: total mass w * h
 * (within the 8-bit rounding), peak and every pixel within 2.5% (sampling and truncating
 * the kernel at 2r + 1 taps cost about that much). */
static bool analytic(pixman_image_t *img, const struct geom *g, int w, int h)
{
	double sigma = render_shadow_sigma(g->r), total = 0, worst = 0, peak = 0;
	int r = (int)g->r, sw = w + 2 * r, sh = h + 2 * r;

	for (int v = 0; v < sh; v++) {
		for (int u = 0; u < sw; u++) {
			double want = continuous(sigma, w, u - r) * continuous(sigma, h, v - r);

			total += get8(img, u, v) / 255.0;
			worst = fmax(worst, fabs(get8(img, u, v) / 255.0 - want));
			peak = fmax(peak, want);
		}
	}
	if (fabs(total - (double)w * h) > sw * sh * 0.5 / 255 + 1e-9 || worst > 0.025 ||
	        fabs(get8(img, sw / 2, sh / 2) / 255.0 - peak) > 0.025) {
		t_fail("%dx%d r %d: mass %.3f (want %d), worst pixel off by %.4f, peak %u vs %.4f",
		        w, h, r, total, w * h, worst, get8(img, sw / 2, sh / 2), peak);
		return false;
	}
	return true;
}

static bool check_analytic(void)
{
	struct render_ctx *ctx = render_ctx_create();
	bool ok = ctx != NULL;

	for (size_t i = 0; ok && i < sizeof(geoms) / sizeof(geoms[0]); i++) {
		int w, h;
		pixman_image_t *img;

		if (geoms[i].c || geoms[i].r < 3)
			continue; /* corners cut mass; sigma < 1 is far from continuous */
		img = mask_of(ctx, &geoms[i], &w, &h);
		ok = img && analytic(img, &geoms[i], w, h);
	}
	render_ctx_destroy(ctx);
	return ok;
}

static bool check_cache(void)
{
	struct render_ctx *ctx = render_ctx_create();
	struct render_stats before, after;
	struct render_mask *a, *b, *t1, *t2;
	bool ok;

	if (!ctx)
		return false;
	a = render_shadow_mask(ctx, 20, 10, 6, 0, NULL);
	render_ctx_get_stats(ctx, &before);
	b = render_shadow_mask(ctx, 20, 10, 6, 0, NULL);
	render_ctx_get_stats(ctx, &after);
	ok = a && a == b && after.mask_hits == before.mask_hits + 1 &&
	     after.mask_misses == before.mask_misses && before.mask_misses == 1;
	/* large windows of any size share the template of their radius and corner */
	t1 = render_shadow_mask(ctx, 300, 200, 6, 3, NULL);
	t2 = render_shadow_mask(ctx, 1280, 800, 6, 3, NULL);
	ok = ok && t1 && t1 == t2 && t1->key.kind == RENDER_MASK_TEMPLATE;
	ok = ok && render_shadow_mask(ctx, 300, 200, 7, 3, NULL) != t1;
	/* panels of one height share theirs, whatever their width */
	t1 = render_shadow_mask(ctx, 1280, 10, 6, 3, NULL);
	t2 = render_shadow_mask(ctx, 640, 10, 6, 3, NULL);
	ok = ok && t1 && t1 == t2 && t1->key.w == 0 && t1->key.h == 10;
	render_ctx_get_stats(ctx, &after);
	ok = ok && after.mask_count == 4 && after.mask_misses == 4;
	if (!ok)
		t_fail("cache: hits %llu misses %llu count %zu",
		        (unsigned long long)after.mask_hits, (unsigned long long)after.mask_misses,
		        after.mask_count);
	render_ctx_destroy(ctx);
	return ok;
}

/* Under a small limit the cache keeps what fits, and always the mask just made. */
static bool check_evict(void)
{
	struct render_ctx *ctx = render_ctx_create();
	struct render_stats st;
	bool ok = ctx != NULL;

	if (!ok)
		return false;
	render_ctx_set_cache_limit(ctx, 16384);
	for (uint32_t w = 1; ok && w < 60; w += 3) {
		struct render_mask *m = render_shadow_mask(ctx, w, 40, 10, 0, NULL);

		render_ctx_get_stats(ctx, &st);
		ok = m && get8(m->img, (int)w / 2 + 10, 30) > 0 &&
		     (st.mask_bytes <= 16384 || st.mask_count == 1) &&
		     render_cache_find(&ctx->cache, &m->key, NULL) == m;
	}
	render_ctx_set_cache_limit(ctx, 0);
	render_ctx_get_stats(ctx, &st);
	ok = ok && st.mask_count == 0 && st.mask_bytes == 0;
	if (!ok)
		t_fail("evict: %zu masks, %zu bytes", st.mask_count, st.mask_bytes);
	render_ctx_destroy(ctx);
	return ok;
}

/* A rectangle given as a two-box shape takes the separable blur: it must equal the
 * rectangle's mask. A disc must match the model convolved with its shape. */
static bool check_shaped(void)
{
	static const struct geom rect = {41, 23, 7, 5}, disc = {31, 31, 6, 0};
	struct render_ctx *ctx = render_ctx_create();
	pixman_box32_t halves[2] = {{0, 0, 20, 23}, {20, 0, 41, 23}};
	pixman_region32_t shape;
	struct render_mask *m;
	bool ok = ctx != NULL;

	pixman_region32_init_rects(&shape, halves, 2);
	m = ok ? render_shadow_mask(ctx, rect.w, rect.h, rect.r, rect.c, &shape) : NULL;
	ok = m && m->key.kind == RENDER_MASK_SHAPED &&
	     against_model(m->img, &rect, 41, 23, NULL, 1);
	pixman_region32_fini(&shape);
	pixman_region32_init(&shape);
	for (int y = 0; y < 31; y++) {
		int half = (int)sqrt(15.5 * 15.5 - (y - 15) * (y - 15));

		pixman_region32_union_rect(
		        &shape, &shape, 15 - half, y, (unsigned)(2 * half + 1), 1);
	}
	m = ok ? render_shadow_mask(ctx, disc.w, disc.h, disc.r, disc.c, &shape) : NULL;
	ok = ok && m && m->key.kind == RENDER_MASK_SHAPED &&
	     against_model(m->img, &disc, 31, 31, &shape, 1) &&
	     render_shadow_mask(ctx, disc.w, disc.h, disc.r, disc.c, &shape) == m;
	pixman_region32_fini(&shape);
	render_ctx_destroy(ctx);
	return ok;
}

static const struct t_check checks[] = {
        {"sigma", check_sigma},
        {"symmetry", check_symmetry},
        {"oracle", check_oracle},
        {"analytic", check_analytic},
        {"cache", check_cache},
        {"evict", check_evict},
        {"shaped", check_shaped},
};

TEST_P(check, checks)
{
	return t_run_check(tc, "shadow-mask");
}
