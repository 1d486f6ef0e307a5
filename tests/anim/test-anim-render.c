/*
 * Animated windows in render/ (render_window.anim), headless: each output variable's
 * effect on pixels (offset, scale, crop, opacity, saved-image blend, shadow offset, scale,
 * opacity and colour), the extents for damage, partial repaints equal to full ones, and
 * reference frames of presets at several times, exact and repeatable.
 * Usage: test-anim-render CASE [REFDIR OUTDIR] (--list lists the cases).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/anim.h"
#include "render/render.h"
#include "tests/harness/runner.h"

/* The runner's checks (tests/harness/check.h): a failure with the test's own words. */
#define fail test_fail
#define CHECK_MSG(cond, ...) test_expect((cond), __VA_ARGS__)

#define BG 0xff203040u

static pixman_image_t *image(pixman_format_code_t fmt, int w, int h)
{
	pixman_image_t *img = pixman_image_create_bits(fmt, w, h, NULL, 0);

	if (!img) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return img;
}

static uint32_t pixel(pixman_image_t *img, int x, int y)
{
	return pixman_image_get_data(img)[y * pixman_image_get_stride(img) / 4 + x] & 0xffffffu;
}

static void fill(pixman_image_t *img, uint32_t argb)
{
	int w = pixman_image_get_width(img), h = pixman_image_get_height(img);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			pixman_image_get_data(img)[y * pixman_image_get_stride(img) / 4 + x] = argb;
}

/* A w x h x8r8g8b8 image of four colour quadrants with a 1-pixel white frame. */
static pixman_image_t *quadrants(int w, int h)
{
	static const uint32_t colours[4] = {0xffe04030, 0xff30c050, 0xff3050e0, 0xffe0d030};
	pixman_image_t *img = image(PIXMAN_x8r8g8b8, w, h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t c = colours[(x >= w / 2) + 2 * (y >= h / 2)];

			if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
				c = 0xffffffffu;
			pixman_image_get_data(img)[y * pixman_image_get_stride(img) / 4 + x] = c;
		}
	}
	return img;
}

static struct render_window window(pixman_image_t *img, int32_t x, int32_t y)
{
	return (struct render_window){
	        .image = img,
	        .x = x,
	        .y = y,
	        .width = (uint32_t)pixman_image_get_width(img),
	        .height = (uint32_t)pixman_image_get_height(img),
	        .opacity = RENDER_OPACITY_OPAQUE,
	};
}

/* One frame of w x h (damage NULL = all) with the given effects. */
static pixman_image_t *frame(int w, int h, const struct render_effects *fx,
        const struct render_window *wins, size_t n, const pixman_region32_t *damage,
        pixman_image_t *into)
{
	struct render_ctx *ctx = render_ctx_create();
	struct render_background bg = {NULL, BG};
	pixman_image_t *dst = into ? into : image(PIXMAN_x8r8g8b8, w, h);

	if (!ctx) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	render_ctx_set_effects(ctx, fx);
	if (!render_frame(ctx, dst, damage, &bg, wins, n))
		fail("render_frame failed");
	render_ctx_destroy(ctx);
	return dst;
}

static bool same(pixman_image_t *a, pixman_image_t *b, const char *what)
{
	struct render_diff d;

	if (render_compare(a, b, 0, NULL, &d))
		return true;
	fail("%s: %llu pixels differ, first at (%d,%d), by up to %u", what,
	        (unsigned long long)d.count, d.first_x, d.first_y, d.max_delta);
	return false;
}

/* ---- each output ---- */

/* A moved window is the plain window at the rounded position, pixel for pixel. */
static bool check_offset(void)
{
	static const double offsets[][2] = {{10.5, -3.2}, {-0.5, 0.49}, {-20.6, 31}, {0, 0}};
	pixman_image_t *img = quadrants(30, 20);

	for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		struct render_anim a;
		struct render_window anim = window(img, 12, 9), plain;
		pixman_image_t *got, *want;

		render_anim_identity(&a);
		a.offset_x = offsets[i][0];
		a.offset_y = offsets[i][1];
		anim.anim = &a;
		plain = window(img, 12 + (int32_t)floor(offsets[i][0] + 0.5),
		        9 + (int32_t)floor(offsets[i][1] + 0.5));
		got = frame(64, 48, NULL, &anim, 1, NULL, NULL);
		want = frame(64, 48, NULL, &plain, 1, NULL, NULL);
		same(got, want, "offset");
		pixman_image_unref(got);
		pixman_image_unref(want);
	}
	pixman_image_unref(img);
	return true;
}

/* Scaled around the (moved) top-left corner: floor(size * scale) pixels, the quadrants
 * where the scale puts them, nothing outside; a scale <= 0 or NaN hides the window. */
static bool check_scale(void)
{
	static const double scales[][2] = {{0.5, 0.5}, {2, 1.5}, {0.95, 0.95}, {1, 0.3}};
	pixman_image_t *img = quadrants(40, 30);

	for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		struct render_anim a;
		struct render_window w = window(img, 10, 6);
		double sx = scales[i][0], sy = scales[i][1];
		int bw = (int)floor(40 * sx), bh = (int)floor(30 * sy);
		pixman_image_t *got;

		render_anim_identity(&a);
		a.scale_x = sx, a.scale_y = sy, a.offset_x = 3;
		w.anim = &a;
		got = frame(120, 80, NULL, &w, 1, NULL, NULL);
		for (int y = 0; y < 80; y++) {
			for (int x = 0; x < 120; x++) {
				bool in = x >= 13 && x < 13 + bw && y >= 6 && y < 6 + bh;

				if (!in)
					CHECK_MSG(pixel(got, x, y) == (BG & 0xffffff),
					        "scale %g,%g: (%d,%d) outside is %06x", sx, sy, x,
					        y, pixel(got, x, y));
			}
		}
		/* deep inside each quadrant, away from seams and the frame: its colour */
		CHECK_MSG(pixel(got, 13 + bw / 4, 6 + bh / 4) == 0xe04030 &&
		                  pixel(got, 13 + 3 * bw / 4, 6 + bh / 4) == 0x30c050 &&
		                  pixel(got, 13 + bw / 4, 6 + 3 * bh / 4) == 0x3050e0 &&
		                  pixel(got, 13 + 3 * bw / 4, 6 + 3 * bh / 4) == 0xe0d030,
		        "scale %g,%g: quadrants", sx, sy);
		pixman_image_unref(got);
	}
	for (int k = 0; k < 3; k++) {
		struct render_anim a;
		struct render_window w = window(img, 10, 6);
		pixman_image_t *got, *empty = frame(120, 80, NULL, NULL, 0, NULL, NULL);

		render_anim_identity(&a);
		a.scale_x = k == 0 ? 0 : k == 1 ? -1 : NAN;
		w.anim = &a;
		got = frame(120, 80, NULL, &w, 1, NULL, NULL);
		same(got, empty, "scale <= 0 or NaN hides");
		pixman_image_unref(got);
		pixman_image_unref(empty);
	}
	pixman_image_unref(img);
	return true;
}

/* The crop box clips window and shadow; inside it nothing changes. */
static bool check_crop(void)
{
	struct render_effects fx = {.shadow = true,
	        .shadow_radius = 6,
	        .shadow_opacity = 0.8,
	        .shadow_dx = -4,
	        .shadow_dy = 2};
	pixman_image_t *img = quadrants(30, 20);

	for (int scaled = 0; scaled < 2; scaled++) {
		struct render_anim a, b;
		struct render_window w = window(img, 20, 15), wc;
		pixman_image_t *full, *cropped;

		render_anim_identity(&a);
		a.scale_x = scaled ? 1.3 : 1;
		w.anim = &a;
		w.shadow = true;
		b = a;
		b.crop = true;
		b.crop_box = (pixman_box32_t){25, 10, 44, 31};
		wc = w;
		wc.anim = &b;
		full = frame(80, 60, &fx, &w, 1, NULL, NULL);
		cropped = frame(80, 60, &fx, &wc, 1, NULL, NULL);
		for (int y = 0; y < 60; y++) {
			for (int x = 0; x < 80; x++) {
				bool in = x >= 25 && x < 44 && y >= 10 && y < 31;
				uint32_t want = in ? pixel(full, x, y) : (BG & 0xffffff);

				CHECK_MSG(pixel(cropped, x, y) == want,
				        "crop (scaled %d): (%d,%d) %06x, want %06x", scaled, x, y,
				        pixel(cropped, x, y), want);
			}
		}
		pixman_image_unref(full);
		pixman_image_unref(cropped);
	}
	pixman_image_unref(img);
	return true;
}

static bool channels_near(uint32_t a, uint32_t b, unsigned tol)
{
	for (int s = 0; s < 24; s += 8) {
		int d = (int)((a >> s) & 0xff) - (int)((b >> s) & 0xff);

		if (d > (int)tol || d < -(int)tol)
			return false;
	}
	return true;
}

/* Window opacity, through both paths (moved, and drawn offscreen then scaled). */
static bool check_opacity(void)
{
	pixman_image_t *img = image(PIXMAN_x8r8g8b8, 20, 20);

	fill(img, 0xffc08040);
	for (int scaled = 0; scaled < 2; scaled++) {
		struct render_anim a;
		struct render_window w = window(img, 5, 5);
		pixman_image_t *got;
		uint32_t want = 0;

		render_anim_identity(&a);
		a.scale_x = a.scale_y = scaled ? 2 : 1;
		w.anim = &a;
		w.opacity = render_opacity_from_unit(0.25);
		got = frame(60, 60, NULL, &w, 1, NULL, NULL);
		for (int s = 0; s < 24; s += 8)
			want |= (uint32_t)lround(
			                ((0xc08040 >> s) & 0xff) * 0.25 + ((BG >> s) & 0xff) * 0.75)
			        << s;
		CHECK_MSG(channels_near(pixel(got, 14, 14), want, 1),
		        "opacity (scaled %d): %06x, want %06x", scaled, pixel(got, 14, 14), want);
		pixman_image_unref(got);
	}
	/* drawn offscreen, dim tints the window's colours by dim x opacity (picom's tint) */
	for (int fixed = 0; fixed < 2; fixed++) {
		struct render_effects fx = {.dim_fixed = fixed};
		struct render_anim a;
		struct render_window w = window(img, 5, 5);
		pixman_image_t *got;
		double d = fixed ? 0.4 : 0.2;
		uint32_t want = 0;

		render_anim_identity(&a);
		a.scale_x = a.scale_y = 2;
		w.anim = &a;
		w.opacity = render_opacity_from_unit(0.5);
		w.dim = 0.4;
		got = frame(60, 60, &fx, &w, 1, NULL, NULL);
		for (int s = 0; s < 24; s += 8)
			want |= (uint32_t)lround(((0xc08040 >> s) & 0xff) * (1 - d) * 0.5 +
			                         ((BG >> s) & 0xff) * 0.5)
			        << s;
		CHECK_MSG(channels_near(pixel(got, 14, 14), want, 1),
		        "dim (fixed %d): %06x, want %06x", fixed, pixel(got, 14, 14), want);
		pixman_image_unref(got);
	}
	pixman_image_unref(img);
	return true;
}

/* saved-image-blend: 0 shows the current contents, 1 the saved ones (stretched), and in
 * between their mix. */
static bool check_blend(void)
{
	pixman_image_t *cur = image(PIXMAN_x8r8g8b8, 40, 30),
	               *saved = image(PIXMAN_x8r8g8b8, 10, 50);
	static const double blends[] = {0, 1, 0.25, 0.5};

	fill(cur, 0xff10a0f0);
	fill(saved, 0xfff02010);
	for (size_t i = 0; i < sizeof(blends) / sizeof(blends[0]); i++) {
		struct render_anim a;
		struct render_window w = window(cur, 10, 10);
		pixman_image_t *got;
		uint32_t want = 0;
		double b = blends[i];

		render_anim_identity(&a);
		a.saved = saved;
		a.saved_blend = b;
		w.anim = &a;
		got = frame(60, 50, NULL, &w, 1, NULL, NULL);
		for (int s = 0; s < 24; s += 8)
			want |= (uint32_t)lround(((0xf02010 >> s) & 0xff) * b +
			                         ((0x10a0f0 >> s) & 0xff) * (1 - b))
			        << s;
		for (int y = 10; y < 40; y++)
			for (int x = 10; x < 50; x++)
				CHECK_MSG(channels_near(
				                  pixel(got, x, y), want, b == 0 || b == 1 ? 0 : 1),
				        "blend %g at (%d,%d): %06x, want %06x", b, x, y,
				        pixel(got, x, y), want);
		CHECK_MSG(pixel(got, 9, 9) == (BG & 0xffffff) &&
		                  pixel(got, 50, 40) == (BG & 0xffffff),
		        "blend %g: outside", b);
		pixman_image_unref(got);
	}
	pixman_image_unref(saved);
	pixman_image_unref(cur);
	return true;
}

/* Shadow offset moves the shadow exactly as shadow-offset in the effects would; shadow
 * opacity 0 removes it; a colour override paints it in that colour; a shadow scale
 * shrinks its box around its corner. */
static bool check_shadow(void)
{
	struct render_effects fx = {.shadow = true,
	        .shadow_radius = 5,
	        .shadow_opacity = 0.9,
	        .shadow_dx = -5,
	        .shadow_dy = -5};
	struct render_effects moved_fx = fx;
	pixman_image_t *img = quadrants(24, 18);
	struct render_anim a;
	struct render_window w = window(img, 20, 20), plain = w;
	pixman_image_t *got, *want;
	pixman_box32_t e;

	w.shadow = plain.shadow = true;
	render_anim_identity(&a);
	a.shadow_offset_x = 7, a.shadow_offset_y = -3;
	w.anim = &a;
	moved_fx.shadow_dx += 7, moved_fx.shadow_dy -= 3;
	got = frame(80, 70, &fx, &w, 1, NULL, NULL);
	want = frame(80, 70, &moved_fx, &plain, 1, NULL, NULL);
	same(got, want, "shadow offset");
	pixman_image_unref(got);
	pixman_image_unref(want);

	render_anim_identity(&a);
	a.shadow_opacity = 0;
	got = frame(80, 70, &fx, &w, 1, NULL, NULL);
	want = frame(80, 70, NULL, &plain, 1, NULL, NULL);
	same(got, want, "shadow opacity 0");
	pixman_image_unref(got);
	pixman_image_unref(want);

	render_anim_identity(&a);
	a.shadow_color_set = true;
	a.shadow_color = 0xff0000;
	got = frame(80, 70, &fx, &w, 1, NULL, NULL);
	CHECK_MSG(((pixel(got, 17, 30) >> 16) & 0xff) > ((BG >> 16) & 0xff) &&
	                  (pixel(got, 17, 30) & 0xffff) <= (BG & 0xffff),
	        "red shadow: %06x", pixel(got, 17, 30));
	pixman_image_unref(got);

	render_anim_identity(&a);
	a.shadow_scale_x = a.shadow_scale_y = 0.5;
	render_anim_extents(&w, &fx, &e);
	/* shadow box (15,15) 34x28 scaled to 17x14: within the window's box */
	CHECK_MSG(e.x1 == 15 && e.y1 == 15 && e.x2 == 44 && e.y2 == 38, "extents %d,%d-%d,%d", e.x1,
	        e.y1, e.x2, e.y2);
	got = frame(80, 70, &fx, &w, 1, NULL, NULL);
	CHECK_MSG(pixel(got, 16, 16) != (BG & 0xffffff) && pixel(got, 16, 40) == (BG & 0xffffff) &&
	                  pixel(got, 46, 20) == (BG & 0xffffff),
	        "scaled shadow: %06x %06x %06x", pixel(got, 16, 16), pixel(got, 16, 40),
	        pixel(got, 46, 20));
	pixman_image_unref(got);
	pixman_image_unref(img);
	return true;
}

/* ---- extents and partial repaints ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double rnd(uint64_t *s, double lo, double hi)
{
	return lo + (hi - lo) * (double)(rng_next(s) >> 11) / (double)(UINT64_C(1) << 53);
}

static void random_anim(uint64_t *s, struct render_anim *a, pixman_image_t *saved)
{
	render_anim_identity(a);
	a->offset_x = rnd(s, -30, 30);
	a->offset_y = rnd(s, -30, 30);
	if (rng_next(s) % 2) {
		a->scale_x = rnd(s, 0.2, 2.5);
		a->scale_y = rnd(s, 0.2, 2.5);
	}
	a->shadow_offset_x = rnd(s, -10, 10);
	a->shadow_scale_x = rng_next(s) % 2 ? rnd(s, 0.3, 2) : 1;
	a->shadow_scale_y = rng_next(s) % 2 ? rnd(s, 0.3, 2) : 1;
	a->shadow_opacity = rnd(s, 0, 1);
	if (rng_next(s) % 3 == 0) {
		a->crop = true;
		a->crop_box =
		        (pixman_box32_t){(int32_t)rnd(s, 0, 60), (int32_t)rnd(s, 0, 40), 0, 0};
		a->crop_box.x2 = a->crop_box.x1 + (int32_t)rnd(s, 1, 80);
		a->crop_box.y2 = a->crop_box.y1 + (int32_t)rnd(s, 1, 60);
	}
	if (rng_next(s) % 3 == 0) {
		a->saved = saved;
		a->saved_blend = rnd(s, 0, 1);
	}
}

/* Seeded random animated windows: everything painted lies within render_anim_extents,
 * a repaint of a random damage region equals the full frame there and leaves the rest,
 * and two renders of the same input are identical. */
static bool check_random(void)
{
	pixman_image_t *img = quadrants(37, 23), *saved = quadrants(11, 40);
	struct render_effects fx = {.shadow = true,
	        .shadow_radius = 4,
	        .shadow_opacity = 0.7,
	        .shadow_dx = -4,
	        .shadow_dy = -1};

	for (uint64_t seed = 1; seed <= 300; seed++) {
		uint64_t s = seed;
		struct render_anim a;
		struct render_window w = window(img, 30, 20);
		pixman_image_t *bg = frame(100, 80, NULL, NULL, 0, NULL, NULL), *one, *two, *part;
		pixman_region32_t damage;
		pixman_box32_t e, d;

		random_anim(&s, &a, saved);
		w.anim = &a;
		w.shadow = rng_next(&s) % 2;
		w.corner_radius = rng_next(&s) % 2 ? 5 : 0;
		w.dim = rng_next(&s) % 3 == 0 ? 0.3 : 0;
		w.opacity =
		        rng_next(&s) % 2 ? RENDER_OPACITY_OPAQUE : render_opacity_from_unit(0.6);
		one = frame(100, 80, &fx, &w, 1, NULL, NULL);
		two = frame(100, 80, &fx, &w, 1, NULL, NULL);
		if (!same(one, two, "repeat"))
			fprintf(stderr, "seed %llu\n", (unsigned long long)seed);
		render_anim_extents(&w, &fx, &e);
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 100; x++)
				if (pixel(one, x, y) != pixel(bg, x, y) &&
				        !(x >= e.x1 && x < e.x2 && y >= e.y1 && y < e.y2)) {
					fail("seed %llu: (%d,%d) painted outside the extents",
					        (unsigned long long)seed, x, y);
					y = 80;
					break;
				}
		d = (pixman_box32_t){
		        (int32_t)(rng_next(&s) % 100), (int32_t)(rng_next(&s) % 80), 0, 0};
		d.x2 = d.x1 + 1 + (int32_t)(rng_next(&s) % 50);
		d.y2 = d.y1 + 1 + (int32_t)(rng_next(&s) % 40);
		pixman_region32_init_rects(&damage, &d, 1);
		pixman_region32_union_rect(&damage, &damage, 0, (int)(rng_next(&s) % 80), 100, 3);
		part = image(PIXMAN_x8r8g8b8, 100, 80);
		fill(part, 0xff777777);
		frame(100, 80, &fx, &w, 1, &damage, part);
		for (int y = 0; y < 80; y++)
			for (int x = 0; x < 100; x++) {
				bool in = pixman_region32_contains_point(&damage, x, y, NULL);
				uint32_t want = in ? pixel(one, x, y) : 0x777777;

				if (pixel(part, x, y) != want) {
					fail("seed %llu: partial repaint differs at (%d,%d): %06x, "
					     "want %06x",
					        (unsigned long long)seed, x, y, pixel(part, x, y),
					        want);
					y = 80;
					break;
				}
			}
		pixman_region32_fini(&damage);
		pixman_image_unref(part);
		pixman_image_unref(two);
		pixman_image_unref(one);
		pixman_image_unref(bg);
		if (test_failures())
			break;
	}
	pixman_image_unref(saved);
	pixman_image_unref(img);
	return true;
}

/* ---- reference frames of presets ---- */

/* The compositor's mapping of picom's outputs to a painted window (defaults filled). */
static void apply(const struct anim_values *v, struct render_window *w, struct render_anim *a,
        pixman_image_t *saved)
{
	render_anim_identity(a);
	a->offset_x = v->v[ANIM_OFFSET_X];
	a->offset_y = v->v[ANIM_OFFSET_Y];
	a->scale_x = v->v[ANIM_SCALE_X];
	a->scale_y = v->v[ANIM_SCALE_Y];
	a->shadow_offset_x = v->v[ANIM_SHADOW_OFFSET_X];
	a->shadow_offset_y = v->v[ANIM_SHADOW_OFFSET_Y];
	a->shadow_scale_x = v->v[ANIM_SHADOW_SCALE_X];
	a->shadow_scale_y = v->v[ANIM_SHADOW_SCALE_Y];
	a->shadow_opacity = v->v[ANIM_SHADOW_OPACITY];
	if (isfinite(v->v[ANIM_CROP_WIDTH]) || isfinite(v->v[ANIM_CROP_HEIGHT])) {
		double x2 = v->v[ANIM_CROP_X] + v->v[ANIM_CROP_WIDTH];
		double y2 = v->v[ANIM_CROP_Y] + v->v[ANIM_CROP_HEIGHT];

		a->crop = true;
		a->crop_box = (pixman_box32_t){(int32_t)floor(v->v[ANIM_CROP_X] + 0.5),
		        (int32_t)floor(v->v[ANIM_CROP_Y] + 0.5),
		        isfinite(x2) ? (int32_t)floor(x2 + 0.5) : INT32_MAX,
		        isfinite(y2) ? (int32_t)floor(y2 + 0.5) : INT32_MAX};
	}
	a->saved = saved;
	a->saved_blend = v->v[ANIM_SAVED_IMAGE_BLEND];
	w->opacity = render_opacity_from_unit(v->v[ANIM_OPACITY]);
	w->anim = a;
}

static const char *refdir = ".", *outdir = ".";

static bool reference(pixman_image_t *shot, const char *name)
{
	char path[1024], err[512];
	pixman_image_t *ref;
	struct render_diff d;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s.png", refdir, name);
	ref = render_png_read(path, err, sizeof(err));
	ok = ref && render_compare(shot, ref, 0, NULL, &d);
	if (!ok) {
		char out[1024];

		snprintf(out, sizeof(out), "%s/%s-shot.png", outdir, name);
		render_png_write(shot, out, false, NULL, 0);
		if (ref)
			fail("%s: %llu pixels differ from the reference (shot: %s)", name,
			        (unsigned long long)d.count, out);
		else
			fail("%s: no reference (%s); shot written to %s", name, err, out);
	}
	if (ref)
		pixman_image_unref(ref);
	return ok;
}

/* A preset on a 400x300 window over a 160x... scene, at several times, exactly. */
static void preset_frames(const char *name, const char *body, const uint64_t *times, size_t n,
        const struct anim_context *ctx)
{
	char text[1024], err[512];
	config_t cfg;
	struct anim_set *set;
	struct render_effects fx = {.shadow = true,
	        .shadow_radius = 8,
	        .shadow_opacity = 0.6,
	        .shadow_dx = -8,
	        .shadow_dy = -6};
	pixman_image_t *img = quadrants((int)ctx->width, (int)ctx->height);
	pixman_image_t *saved = quadrants((int)ctx->width_before, (int)ctx->height_before);
	pixman_image_t *other = image(PIXMAN_x8r8g8b8, 50, 120);

	fill(other, 0xff606060);
	fill(saved, 0xff9020a0);
	snprintf(text, sizeof(text), "animations = ({ triggers = [\"open\"]; %s });", body);
	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE ||
	        !(set = anim_set_parse(
	                  config_lookup(&cfg, "animations"), NULL, NULL, err, sizeof(err)))) {
		fail("%s: %s", name, err);
		config_destroy(&cfg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct anim_instance *inst = anim_instance_start(
		        anim_set_script(set, ANIM_TRIGGER_OPEN), ctx, 1000, NULL);
		struct anim_values v;
		struct render_anim a;
		struct render_window wins[2] = {
		        window(other, 10, 10), window(img, (int32_t)ctx->x, (int32_t)ctx->y)};
		pixman_image_t *shot, *again;
		char ref[128];

		wins[1].shadow = true;
		wins[1].corner_radius = 6;
		anim_instance_eval(inst, NULL, 1000 + times[i], &v);
		anim_values_fill_defaults(&v, ctx->opacity, 1, 0x000000);
		apply(&v, &wins[1], &a, saved);
		shot = frame(200, 150, &fx, wins, 2, NULL, NULL);
		again = frame(200, 150, &fx, wins, 2, NULL, NULL);
		same(shot, again, name);
		snprintf(ref, sizeof(ref), "anim-%s-%03llu", name, (unsigned long long)times[i]);
		reference(shot, ref);
		pixman_image_unref(again);
		pixman_image_unref(shot);
		anim_instance_destroy(inst);
	}
	anim_set_destroy(set);
	config_destroy(&cfg);
	pixman_image_unref(other);
	pixman_image_unref(saved);
	pixman_image_unref(img);
}

static const struct anim_context scene = {
        .x = 40,
        .y = 30,
        .width = 100,
        .height = 80,
        .x_before = 40,
        .y_before = 30,
        .width_before = 100,
        .height_before = 80,
        .opacity = 1,
        .opacity_before = 0,
        .blur_opacity = 1,
        .monitor_width = 200,
        .monitor_height = 150,
};

static bool check_ref_appear(void)
{
	static const uint64_t t[] = {0, 50, 100, 150, 200};

	preset_frames("appear", "preset = \"appear\"; scale = 0.5;", t, 5, &scene);
	return true;
}

static bool check_ref_slide(void)
{
	static const uint64_t t[] = {0, 60, 120, 200};

	preset_frames("slide-in", "preset = \"slide-in\"; direction = \"down\";", t, 4, &scene);
	return true;
}

static bool check_ref_geometry(void)
{
	static const uint64_t t[] = {0, 100, 200, 400};
	struct anim_context c = scene;

	c.x_before = 70, c.y_before = 50, c.width_before = 50, c.height_before = 40;
	preset_frames("geometry", "preset = \"geometry-change\";", t, 4, &c);
	return true;
}

static const struct anim_case {
	const char *name;
	bool (*fn)(void);
} cases[] = {
        {"offset", check_offset},
        {"scale", check_scale},
        {"crop", check_crop},
        {"opacity", check_opacity},
        {"blend", check_blend},
        {"shadow", check_shadow},
        {"random", check_random},
        {"ref-appear", check_ref_appear},
        {"ref-slide", check_ref_slide},
        {"ref-geometry", check_ref_geometry},
};

TEST_P(anim, cases)
{
	const struct anim_case *c = tc->data;

	refdir = test_arg_or(tc, 0, ".");
	outdir = test_arg_or(tc, 1, ".");
	return c->fn() ? TEST_PASS : TEST_FAIL;
}
