/*
 * Rounded corners: coverage against a fine integration (inside, outside, monotonic,
 * symmetric, area pi c^2 / 4), the disc mask, and painting: the window below shows in the
 * corners of an opaque rounded window (it no longer hides them), dim stays within the
 * rounded shape, the radius is capped. Usage: test-corner CHECK (coverage, disc, paint).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render-private.h"
#include "tests/render/testlib.h"

#define RED 0xffd02020u
#define GREEN 0xff20c040u
#define BLUE 0xff2040d0u
#define SENTINEL 0x00abcdefu

static bool check_quadrant(uint32_t c)
{
	double area = 0;

	for (uint32_t j = 0; j < c; j++) {
		for (uint32_t i = 0; i < c; i++) {
			double got = render_corner_coverage(c, i, j);
			double want =
			        t_rounded_coverage(2 * (int)c, 2 * (int)c, (int)c, (int)i, (int)j);

			area += got;
			if (fabs(got - want) > 0.005 ||
			        (i + 1 < c && got > render_corner_coverage(c, i + 1, j)) ||
			        fabs(got - render_corner_coverage(c, j, i)) > 0.002) {
				t_fail("radius %u: pixel (%u,%u) covers %.4f, want %.4f", c, i, j,
				        got, want);
				return false;
			}
		}
	}
	if ((c >= 2 && render_corner_coverage(c, c - 1, c - 1) != 1.0) ||
	        (c >= 4 && render_corner_coverage(c, 0, 0) != 0.0) ||
	        fabs(area - M_PI * c * c / 4) > 0.01 * c) {
		t_fail("radius %u: innermost %.4f, outermost %.4f, area %.3f (want %.3f)", c,
		        render_corner_coverage(c, c - 1, c - 1), render_corner_coverage(c, 0, 0),
		        area, M_PI * c * c / 4);
		return false;
	}
	return true;
}

static bool check_coverage(void)
{
	for (uint32_t c = 1; c <= 40; c++)
		if (!check_quadrant(c))
			return false;
	return true;
}

static unsigned get8(pixman_image_t *img, int x, int y)
{
	return ((const uint8_t *)pixman_image_get_data(img))[y * pixman_image_get_stride(img) + x];
}

static bool check_disc_image(pixman_image_t *img, int c)
{
	double sum = 0;

	for (int y = 0; y < 2 * c; y++) {
		for (int x = 0; x < 2 * c; x++) {
			unsigned a = get8(img, x, y), t = get8(img, y, x);

			sum += a;
			if (a != get8(img, 2 * c - 1 - x, y) || a != get8(img, x, 2 * c - 1 - y) ||
			        (a > t ? a - t : t - a) > 1) {
				t_fail("disc %d asymmetric at (%d,%d)", c, x, y);
				return false;
			}
		}
	}
	if (fabs(sum / 255 - M_PI * c * c) > 0.01 * c * c + 1) {
		t_fail("disc %d: area %.2f, want %.2f", c, sum / 255, M_PI * c * c);
		return false;
	}
	return true;
}

static bool check_disc(void)
{
	struct render_ctx *ctx = render_ctx_create();
	bool ok = ctx != NULL;

	for (uint32_t c = 1; ok && c <= 30; c += 3) {
		struct render_mask *m = render_corner_disc(ctx, c);

		ok = m && pixman_image_get_width(m->img) == (int)(2 * c) &&
		     check_disc_image(m->img, (int)c) && render_corner_disc(ctx, c) == m;
	}
	render_ctx_destroy(ctx);
	return ok;
}

static bool expect(pixman_image_t *dst, int x, int y, uint32_t want, unsigned tol, const char *what)
{
	uint32_t got = t_get(dst, x, y);

	for (int shift = 0; shift < 24; shift += 8) {
		if (!t_channel_near(PIXMAN_x8r8g8b8, got, shift, (want >> shift) & 0xff, tol)) {
			t_fail("%s: (%d,%d) is %#x, want %#x", what, x, y, got, want);
			return false;
		}
	}
	return true;
}

/* Channel-wise a * k + b * (1 - k). */
static uint32_t mix(uint32_t a, uint32_t b, double k)
{
	uint32_t p = 0xff000000u;

	for (int s = 0; s < 24; s += 8)
		p |= (uint32_t)lround(((a >> s) & 0xff) * k + ((b >> s) & 0xff) * (1 - k)) << s;
	return p;
}

/* Red below, a green 40x30 window with corner radius 8 at (10,10) above, over blue; the
 * screen starts out as a sentinel that no painted pixel can keep. */
static bool paint_once(
        struct render_window *top, pixman_image_t *dst, const pixman_region32_t *damage)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *red = t_solid(PIXMAN_x8r8g8b8, 60, 50, RED);
	struct render_window wins[2] = {t_window(red, 0, 0), *top};
	struct render_background bg = {NULL, BLUE};
	bool ok = ctx && render_frame(ctx, dst, damage, &bg, wins, 2);

	pixman_image_unref(red);
	render_ctx_destroy(ctx);
	return ok;
}

static bool paint_case(uint32_t opacity, double dim, uint32_t corner)
{
	pixman_image_t *green = t_solid(PIXMAN_x8r8g8b8, 40, 30, GREEN);
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 70, 60);
	struct render_window top = t_window(green, 10, 10);
	double k = (opacity >> 16) / 65535.0, d = dim * k;
	uint32_t centre = mix(mix(GREEN, RED, k), 0xff000000u, 1 - d);
	bool ok;

	top.corner_radius = corner;
	top.opacity = opacity;
	top.dim = dim;
	t_fill_solid(dst, SENTINEL);
	ok = paint_once(&top, dst, NULL) && expect(dst, 10, 10, RED, 0, "outer corner") &&
	     expect(dst, 49, 39, RED, 0, "outer corner") &&
	     expect(dst, 30, 25, centre, 1, "centre") &&
	     expect(dst, 10, 25, centre, 1, "left edge") &&
	     expect(dst, 65, 55, BLUE, 0, "background");
	/* the arc crosses pixel (2,2) of the window: partly red, partly the window */
	for (int s = 0; ok && s < 24; s += 8) {
		unsigned got = t_get(dst, 12, 12) >> s & 0xff, lo = RED >> s & 0xff,
		         hi = centre >> s & 0xff;

		if (lo > hi)
			lo ^= hi, hi ^= lo, lo ^= hi;
		ok = lo == hi || (got > lo && got < hi) ||
		     (t_fail("edge pixel %#x not between %#x and %#x", t_get(dst, 12, 12), RED,
		              centre),
		             false);
	}
	pixman_image_unref(dst);
	pixman_image_unref(green);
	return ok;
}

/* A damage of the corner only repaints it as a full frame would. */
static bool paint_partial(void)
{
	pixman_image_t *green = t_solid(PIXMAN_x8r8g8b8, 40, 30, GREEN);
	pixman_image_t *full = t_image(PIXMAN_x8r8g8b8, 70, 60),
	               *part = t_image(PIXMAN_x8r8g8b8, 70, 60);
	struct render_window top = t_window(green, 10, 10);
	pixman_region32_t damage;
	bool ok;

	top.corner_radius = 8;
	pixman_region32_init_rect(&damage, 8, 8, 5, 6);
	t_fill_solid(part, SENTINEL);
	ok = paint_once(&top, full, NULL) && paint_once(&top, part, &damage);
	for (int y = 0; ok && y < 60; y++)
		for (int x = 0; ok && x < 70; x++) {
			bool in = x >= 8 && x < 13 && y >= 8 && y < 14;
			uint32_t want = in ? t_get(full, x, y) & 0xffffff : SENTINEL;

			ok = (t_get(part, x, y) & (in ? 0xffffffu : 0xffffffffu)) == want ||
			     (t_fail("partial: (%d,%d) is %#x, want %#x", x, y, t_get(part, x, y),
			              want),
			             false);
		}
	pixman_region32_fini(&damage);
	pixman_image_unref(part);
	pixman_image_unref(full);
	pixman_image_unref(green);
	return ok;
}

/* A radius beyond half the shorter side makes a stadium. */
static bool paint_capped(void)
{
	pixman_image_t *green = t_solid(PIXMAN_x8r8g8b8, 40, 30, GREEN);
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 70, 60);
	struct render_window top = t_window(green, 10, 10);
	bool ok;

	top.corner_radius = 1000;
	ok = paint_once(&top, dst, NULL) && expect(dst, 30, 10, GREEN, 0, "top middle") &&
	     expect(dst, 30, 39, GREEN, 0, "bottom middle") &&
	     expect(dst, 25, 10, GREEN, 0, "arc top") &&
	     expect(dst, 12, 12, RED, 0, "outside the arc") &&
	     expect(dst, 25, 25, GREEN, 0, "inside");
	pixman_image_unref(dst);
	pixman_image_unref(green);
	return ok;
}

static bool check_paint(void)
{
	return paint_case(RENDER_OPACITY_OPAQUE, 0, 8) && paint_case(0x80000000u, 0, 8) &&
	       paint_case(RENDER_OPACITY_OPAQUE, 0.5, 8) && paint_case(0xc0000000u, 0.4, 8) &&
	       paint_partial() && paint_capped();
}

static const struct t_check checks[] = {
        {"coverage", check_coverage},
        {"disc", check_disc},
        {"paint", check_paint},
};

TEST_P(check, checks)
{
	return t_run_check(tc, "corner");
}
