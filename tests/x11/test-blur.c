/* x11 suite: background blur in a running shmcomp. A transparent ARGB window over
 * one-pixel stripes shows them blurred (the variance falls by the box's factor), an
 * excluded window and the rest of the screen show them sharp; the damage shmcomp
 * repaints (`stats`) is exactly what the blur's reach implies: nothing for an idle
 * blurred window, the old and new rectangles for a move, the change grown by the
 * reach within the blurred window for a change below it. A rule and toggle-effects
 * and reload switch it. Run as: test-blur CASE SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/harness/keyboard.h"
#include "tests/x11/effects-env.h"

/* blur-size 3: a 7-tap box */
#define REACH 3

static const char blur_conf[] = "blur-method = \"box\";\n"
                                "blur-size = 3;\n"
                                "blur-background = true;\n"
                                "blur-background-exclude = [ \"class_g = 'NoBlur'\" ];\n";

/* Vertical stripes, one pixel wide, black and white, over the whole screen. */
static xcb_window_t stripes(struct fx_env *e)
{
	xcb_window_t w = fx_window(e, 0, 0, FX_SCREEN_W, FX_SCREEN_H, 0, "Pattern", false);

	for (int16_t x = 1; x < FX_SCREEN_W; x += 2)
		fx_fill(e, w, 0xffffff, x, 0, 1, FX_SCREEN_H);
	return w;
}

/* The variance of the green channel over a box of the screen. */
static double variance(pixman_image_t *img, int x0, int y0, int w, int h)
{
	const uint32_t *px = pixman_image_get_data(img);
	int stride = pixman_image_get_stride(img) / 4;
	double sum = 0, sq = 0, n = (double)w * h;

	for (int y = y0; y < y0 + h; y++)
		for (int x = x0; x < x0 + w; x++) {
			double v = (px[y * stride + x] >> 8) & 0xff;
			sum += v;
			sq += v * v;
		}
	return sq / n - (sum / n) * (sum / n);
}

static double blurred_ratio(struct fx_env *e, int x, int y, int w, int h)
{
	pixman_image_t *img;
	double sharp, inside;

	fx_wait(e);
	if (!(img = fx_grab(e)))
		return -1;
	sharp = variance(img, 2, 2, 40, 20); /* the pattern alone */
	inside = variance(img, x, y, w, h);
	pixman_image_unref(img);
	return inside > 0 ? sharp / inside : 1e9;
}

/* A 7-tap box over alternating 0/255 columns gives 146 and 109 (rounded): the variance
 * falls by 16256.25 / 342.25 = 47.5, the (2n+1)^2 = 49 of the box but for rounding. */
TEST(pattern)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, blur_conf, NULL);

	if (r)
		return r;
	stripes(&e);
	fx_window(&e, 40, 60, 100, 80, 0, "Glass", true);
	fx_window(&e, 180, 60, 100, 80, 0, "NoBlur", true);
	double ratio = blurred_ratio(&e, 50, 70, 80, 60);
	test_expect(ratio > 44 && ratio < 54, "blurred: variance / %.2f, want about 49", ratio);
	double excluded = blurred_ratio(&e, 190, 70, 80, 60);
	test_expect(
	        excluded > 0.99 && excluded < 1.01, "excluded: variance / %.2f, want 1", excluded);
	/* right next to the blurred window, the pattern is as it is */
	CHECK(fx_pixel(&e, 39, 100) == 0xffffff && fx_pixel(&e, 38, 100) == 0);
	CHECK(fx_pixel(&e, 141, 100) == 0xffffff && fx_pixel(&e, 140, 100) != 0xffffff);
	fx_stop(&e);
	return TEST_PASS;
}

static long long damage_after(struct fx_env *e, long long before)
{
	fx_wait(e);
	usleep(100000); /* nothing else comes */
	fx_wait(e);
	return fx_stat(e, "damage_pixels") - before;
}

/* The damage bound of a blur, measured. */
TEST(damage)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, blur_conf, NULL);

	if (r)
		return r;
	xcb_window_t pattern = stripes(&e);
	xcb_window_t glass = fx_window(&e, 40, 60, 100, 80, 0, "Glass", true);
	fx_wait(&e);
	usleep(200000);
	long long d0 = fx_stat(&e, "damage_pixels"), b0 = fx_stat(&e, "blur_pixels");
	long long f0 = fx_stat(&e, "frames");
	/* idle: nothing repainted, nothing blurred */
	test_expect(damage_after(&e, d0) == 0, "an idle blurred window repaints pixels");
	CHECK(fx_stat(&e, "blur_pixels") == b0 && fx_stat(&e, "frames") == f0);
	/* moved 10 px right: its old and new rectangles, 110 x 80, and nothing grown */
	uint32_t pos[2] = {50, 60};
	xcb_configure_window(e.c, glass, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	x_sync(e.c);
	long long moved = damage_after(&e, d0);
	/* the server reports the moved window's contents damaged too (all of it), in the
	 * same frame or in one of their own */
	test_expect(moved == 110 * 80 || moved == 110 * 80 + 100 * 80,
	        "moving repainted %lld pixels, want %d (or %d)", moved, 110 * 80,
	        110 * 80 + 100 * 80);
	/* a 10x10 change below it, inside: grown by the reach within the window */
	long long d1 = fx_stat(&e, "damage_pixels");
	fx_fill(&e, pattern, 0x808080, 90, 90, 10, 10);
	long long below = damage_after(&e, d1);
	int side = 10 + 2 * REACH;
	test_expect(
	        below == side * side, "a change below repainted %lld, want %d", below, side * side);
	/* a change near its edge, outside: grown only into the window (x 50..150) */
	long long d2 = fx_stat(&e, "damage_pixels");
	fx_fill(&e, pattern, 0x808080, 40, 100, 8, 8); /* 40..48: reach into 50..51 */
	long long near = damage_after(&e, d2);
	test_expect(near == 8 * 8 + 1 * (8 + 2 * REACH), "a change beside repainted %lld, want %d",
	        near, 8 * 8 + 1 * (8 + 2 * REACH));
	/* a change far from it: itself */
	long long d3 = fx_stat(&e, "damage_pixels");
	fx_fill(&e, pattern, 0x808080, 250, 200, 10, 10);
	long long far = damage_after(&e, d3);
	test_expect(far == 100, "a change far off repainted %lld, want 100", far);
	fx_stop(&e);
	return TEST_PASS;
}

/* blur-background in a rule; toggle-effects and reload switch the blur off and on. */
TEST(rule_and_reload)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e,
	        "blur-method = \"gaussian\";\nblur-size = 4;\nblur-deviation = 2.0;\n"
	        "rules = ( { match = \"class_g = 'Plain'\"; blur-background = false; } );\n",
	        NULL);

	if (r)
		return r;
	stripes(&e);
	fx_window(&e, 40, 60, 100, 80, 0, "Glass", true);
	fx_window(&e, 180, 60, 100, 80, 0, "Plain", true);
	double blurred = blurred_ratio(&e, 50, 70, 80, 60);
	double plain = blurred_ratio(&e, 190, 70, 80, 60);
	test_expect(blurred > 20, "gaussian: variance / %.2f", blurred);
	test_expect(plain > 0.99 && plain < 1.01, "rule: variance / %.2f, want 1", plain);
	write_file(e.conf, "blur-method = \"none\";\n");
	CHECK(fx_ctl(&e, NULL, "reload", NULL) == 0);
	double off = blurred_ratio(&e, 50, 70, 80, 60);
	test_expect(off > 0.99 && off < 1.01, "after reload: variance / %.2f, want 1", off);
	write_file(e.conf, "blur-method = \"dual_kawase\";\nblur-strength = 3;\n");
	CHECK(fx_ctl(&e, NULL, "reload", NULL) == 0);
	double kawase = blurred_ratio(&e, 60, 80, 60, 40);
	test_expect(kawase > 20, "dual_kawase after reload: variance / %.2f", kawase);
	fx_stop(&e);
	return TEST_PASS;
}

/* toggle-effects switches the blur off and on again. */
TEST(toggle)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e,
	        "blur-method = \"box\";\nblur-size = 3;\nblur-background = true;\n"
	        "bindings = ( { key = \"Super+Shift+t\"; action = \"toggle-effects\"; } );\n",
	        NULL);

	if (r)
		return r;
	stripes(&e);
	fx_window(&e, 40, 60, 100, 80, 0, "Glass", true);
	double on = blurred_ratio(&e, 50, 70, 80, 60);
	test_expect(on > 44 && on < 54, "blurred: variance / %.2f", on);
	CHECK(keyboard_chord(e.c, "Super_L Shift_L t"));
	double off = 0;
	for (int i = 0; i < 50 && !(off > 0.99 && off < 1.01); i++)
		off = blurred_ratio(&e, 50, 70, 80, 60);
	test_expect(off > 0.99 && off < 1.01, "effects off: variance / %.2f, want 1", off);
	CHECK(keyboard_chord(e.c, "Super_L Shift_L t"));
	double again = 0;
	for (int i = 0; i < 50 && !(again > 44 && again < 54); i++)
		again = blurred_ratio(&e, 50, 70, 80, 60);
	test_expect(again > 44 && again < 54, "effects on again: variance / %.2f", again);
	fx_stop(&e);
	return TEST_PASS;
}
