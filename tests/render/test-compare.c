/*
 * render_compare and render_diff_image: tolerance, clip, the ignored x byte, r5g6b5 widening,
 * alpha only when both images carry it, size mismatch, and the diff image's colours.
 */
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

static bool tolerance_and_first(void)
{
	pixman_image_t *a = t_solid(PIXMAN_x8r8g8b8, 10, 8, 0xff405060u);
	pixman_image_t *b = t_solid(PIXMAN_x8r8g8b8, 10, 8, 0xff405060u);
	struct render_diff d;
	bool ok;

	t_put(b, 7, 2, 0x405360); /* green +3 */
	t_put(b, 1, 5, 0x3f5060); /* red -1 */
	ok = !render_compare(a, b, 2, NULL, &d) && d.count == 1 && d.max_delta == 3 &&
	     d.first_x == 7 && d.first_y == 2 && !d.size_mismatch;
	ok = ok && !render_compare(a, b, 0, NULL, &d) && d.count == 2 && d.first_x == 7 &&
	     d.first_y == 2;
	ok = ok && render_compare(a, b, 3, NULL, &d) && d.count == 0 && d.max_delta == 3;
	ok = ok && render_compare(a, a, 0, NULL, &d) && d.count == 0 && d.first_x == -1 &&
	     d.first_y == -1 && d.max_delta == 0;
	pixman_image_unref(b);
	pixman_image_unref(a);
	REQUIRE(ok);
	return true;
}

static bool clip(void)
{
	pixman_image_t *a = t_solid(PIXMAN_x8r8g8b8, 10, 8, 0xff000000u);
	pixman_image_t *b = t_solid(PIXMAN_x8r8g8b8, 10, 8, 0xff000000u);
	pixman_box32_t outside = {0, 0, 5, 8}, inside = {5, 3, 100, 100}, empty = {20, 20, 30, 30};
	struct render_diff d;
	bool ok;

	t_put(b, 6, 4, 0xffffff);
	ok = render_compare(a, b, 0, &outside, &d) && d.count == 0;
	ok = ok && !render_compare(a, b, 0, &inside, &d) && d.count == 1 && d.first_x == 6;
	ok = ok && render_compare(a, b, 0, &empty, NULL);
	pixman_image_unref(b);
	pixman_image_unref(a);
	REQUIRE(ok);
	return true;
}

static bool formats(void)
{
	pixman_image_t *x1 = t_solid(PIXMAN_x8r8g8b8, 4, 4, 0xff8410c6u);
	pixman_image_t *x2 = t_solid(PIXMAN_x8r8g8b8, 4, 4, 0xff8410c6u);
	pixman_image_t *a1 = t_solid(PIXMAN_a8r8g8b8, 4, 4, 0xff8410c6u);
	pixman_image_t *a2 = t_solid(PIXMAN_a8r8g8b8, 4, 4, 0xff8410c6u);
	/* 0x8410c6 is exact in r5g6b5: 0x84 = 10000 100, 0x10 = 000100 00, 0xc6 = 11000 110 */
	pixman_image_t *p = t_solid(PIXMAN_r5g6b5, 4, 4, 0xff8410c6u);
	struct render_diff d;
	bool ok;

	t_put(x2, 1, 1, 0x778410c6u); /* another pad byte */
	t_put(a2, 2, 2, 0x7f8410c6u); /* another alpha */
	ok = render_compare(x1, x2, 0, NULL, &d);
	ok = ok && render_compare(x2, a2, 0, NULL, &d); /* alpha ignored: x2 has none */
	ok = ok && !render_compare(a1, a2, 0, NULL, &d) && d.count == 1 && d.max_delta == 0x80;
	ok = ok && render_compare(x1, p, 0, NULL, &d);
	t_put(p, 0, 0, 0x8091); /* blue 11000 -> 10001 */
	ok = ok && !render_compare(x1, p, 0, NULL, &d) && d.max_delta == 0xc6 - 0x8c;
	pixman_image_unref(p);
	pixman_image_unref(a2);
	pixman_image_unref(a1);
	pixman_image_unref(x2);
	pixman_image_unref(x1);
	REQUIRE(ok);
	return true;
}

static bool size_mismatch(void)
{
	pixman_image_t *a = t_solid(PIXMAN_x8r8g8b8, 4, 4, 0xff102030u);
	pixman_image_t *b = t_solid(PIXMAN_x8r8g8b8, 5, 4, 0xff102030u);
	pixman_image_t *diff;
	struct render_diff d;
	bool ok = !render_compare(a, b, 255, NULL, &d) && d.size_mismatch;

	diff = render_diff_image(a, b, 0);
	ok = ok && diff && pixman_image_get_width(diff) == 5 &&
	     pixman_image_get_height(diff) == 4 && t_get(diff, 4, 0) == 0xffff0000u &&
	     t_get(diff, 3, 0) != 0xffff0000u;
	if (diff)
		pixman_image_unref(diff);
	pixman_image_unref(b);
	pixman_image_unref(a);
	REQUIRE(ok);
	return true;
}

/* 0xc6c3c6 is exact in r5g6b5, so a and b match but for one pixel */
static bool diff_colors(void)
{
	pixman_image_t *a = t_solid(PIXMAN_x8r8g8b8, 6, 3, 0xffc6c3c6u);
	pixman_image_t *b = t_solid(PIXMAN_r5g6b5, 6, 3, 0xffc6c3c6u);
	pixman_image_t *diff;
	uint32_t dim;
	bool ok;

	t_put(b, 2, 1, 0x0000);
	diff = render_diff_image(a, b, 1);
	REQUIRE(diff != NULL);
	dim = t_get(diff, 0, 0);
	ok = t_get(diff, 2, 1) == 0xffff0000u;
	/* matching pixels: opaque grey, darker than the original */
	ok = ok && dim >> 24 == 0xff && (dim & 0xff) == ((dim >> 8) & 0xff) &&
	     (dim & 0xff) == ((dim >> 16) & 0xff) && (dim & 0xff) < 0xc0;
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 6; x++)
			ok = ok && (t_get(diff, x, y) == dim || (x == 2 && y == 1));
	pixman_image_unref(diff);
	pixman_image_unref(b);
	pixman_image_unref(a);
	REQUIRE(ok);
	return true;
}

TEST(compare)
{
	bool ok = tolerance_and_first() && clip() && formats() && size_mismatch() && diff_colors();

	printf("%s test-compare\n", ok ? "PASS" : "FAIL");
	return ok ? TEST_PASS : TEST_FAIL;
}
