/*
 * render/over.c against pixman: a solid colour OVER an 8888 image through an a8 mask (or
 * none) must write the bytes pixman_image_composite32 writes, every byte of every pixel, the
 * x8 byte of x8r8g8b8 included, and leave every other pixel alone.
 *   exhaustive  every alpha of the colour x every mask value x 256 destination values a
 *               channel (each in another lane of the eight a step takes)
 *   random      seeded rectangles partly outside the destination or the mask, masks with
 *               runs of 0 and 255, no mask, both formats
 *   declines    formats it does not handle (r5g6b5, an a8r8g8b8 mask) are left to pixman;
 *               on a CPU with AVX2 it must handle the 8888 ones
 * Usage: test-render-over CHECK.
 */
#include <stdio.h>
#include <string.h>

#include "render/render-private.h"
#include "tests/render/testlib.h"

static pixman_image_t *solid_of(uint32_t *bits)
{
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_a8r8g8b8, 1, 1, bits, 4);

	if (img)
		pixman_image_set_repeat(img, PIXMAN_REPEAT_NORMAL);
	return img;
}

/* A random premultiplied colour of alpha a (channels <= a). */
static uint32_t colour_of(struct rng *r, uint32_t a)
{
	uint32_t c = a << 24;

	for (int s = 0; s < 24; s += 8)
		c |= (uint32_t)rng_int(r, 0, (int32_t)a) << s;
	if (rng_chance(r, 20))
		c = a << 24; /* black: the default shadow */
	return c;
}

/* Both images the same, byte for byte; else the first pixel that differs. */
static bool same_image(pixman_image_t *got, pixman_image_t *want, const char *what)
{
	int w = pixman_image_get_width(got), h = pixman_image_get_height(got);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t g = t_get(got, x, y), e = t_get(want, x, y);
			if (g != e) {
				t_fail("%s: pixel (%d, %d) is %08x, pixman wrote %08x", what, x, y,
				        g, e);
				return false;
			}
		}
	return true;
}

/* One composite both ways on copies of dst; false (with a message) when they differ or
 * render_over_solid declined. */
static bool compare(pixman_image_t *dst, uint32_t colour, pixman_image_t *mask, int mx, int my,
        int dx, int dy, int w, int h, const char *what)
{
	uint32_t bits = colour;
	pixman_image_t *src = solid_of(&bits);
	pixman_image_t *mine = t_clone(dst), *ref = t_clone(dst);
	bool ok = src && mine && ref;

	if (ok && !render_over_solid(mine, colour, mask, mx, my, dx, dy, w, h)) {
		t_fail("%s: render_over_solid declined an 8888 destination", what);
		ok = false;
	}
	if (ok) {
		pixman_image_composite32(
		        PIXMAN_OP_OVER, src, mask, ref, 0, 0, mx, my, dx, dy, w, h);
		ok = same_image(mine, ref, what);
	}
	if (src)
		pixman_image_unref(src);
	if (mine)
		pixman_image_unref(mine);
	if (ref)
		pixman_image_unref(ref);
	return ok;
}

static bool avx2(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}

/* Row y of the mask holds every value 0..255 once (shifted by y, so each value meets every
 * lane); the destination row y the channel values y ^ x, y + x, x, 255 - x. */
static bool exhaustive_format(pixman_format_code_t fmt)
{
	enum { W = 259, H = 256 };
	pixman_image_t *dst = t_image(fmt, W, H);
	pixman_image_t *mask = pixman_image_create_bits(PIXMAN_a8, W, H, NULL, 0);
	struct rng r;
	bool ok = dst && mask;
	char what[96];

	rng_seed(&r, 7);
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W; x++) {
			uint32_t c0 = (uint32_t)(x ^ y) & 0xff, c1 = (uint32_t)(x + y) & 0xff;
			uint32_t c2 = (uint32_t)x & 0xff, c3 = 255 - ((uint32_t)x & 0xff);
			t_put(dst, x, y, c0 | c1 << 8 | c2 << 16 | c3 << 24);
			((uint8_t *)pixman_image_get_data(
			        mask))[(size_t)y * (size_t)pixman_image_get_stride(mask) +
			               (size_t)x] = (uint8_t)(x + y);
		}
	for (uint32_t a = 0; ok && a < 256; a++) {
		uint32_t colour = colour_of(&r, a);
		snprintf(what, sizeof what, "%s, colour %08x", t_format_name(fmt), colour);
		ok = compare(dst, colour, mask, 0, 0, 0, 0, W, H, what);
		if (ok && a % 17 == 0) {
			snprintf(what, sizeof what, "%s, colour %08x, no mask", t_format_name(fmt),
			        colour);
			ok = compare(dst, colour, NULL, 0, 0, 0, 0, W, H, what);
		}
	}
	if (dst)
		pixman_image_unref(dst);
	if (mask)
		pixman_image_unref(mask);
	return ok;
}

TEST(exhaustive)
{
	if (!avx2()) {
		printf("SKIP: no AVX2 here: render_over_solid declines and pixman paints\n");
		return TEST_SKIP;
	}
	if (!exhaustive_format(PIXMAN_x8r8g8b8) || !exhaustive_format(PIXMAN_a8r8g8b8))
		return TEST_FAIL;
	printf("PASS: 256 colours x 256 mask values x 259x256 destinations, both formats\n");
	return TEST_PASS;
}

static bool check_random(uint64_t seed)
{
	struct rng r;
	pixman_format_code_t fmt;
	int dw, dh, mw, mh;
	pixman_image_t *dst, *mask = NULL;
	bool ok;
	char what[96];

	rng_seed(&r, seed);
	fmt = rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_a8r8g8b8;
	dw = rng_int(&r, 1, 90), dh = rng_int(&r, 1, 40);
	mw = rng_int(&r, 1, 90), mh = rng_int(&r, 1, 40);
	dst = t_image(fmt, dw, dh);
	bool want_mask = !rng_chance(&r, 15);
	if (want_mask)
		mask = pixman_image_create_bits(PIXMAN_a8, mw, mh, NULL, 0);
	if (!dst || (want_mask && !mask))
		return t_fail("out of memory"), false;
	t_fill_random(dst, &r);
	if (mask) {
		uint8_t *m = (uint8_t *)pixman_image_get_data(mask);
		size_t stride = (size_t)pixman_image_get_stride(mask);
		for (int y = 0; y < mh; y++)
			for (int x = 0; x < mw;) {
				/* runs: zero, full, or random values */
				int run = rng_int(&r, 1, 20), kind = rng_int(&r, 0, 2);
				for (; run-- > 0 && x < mw; x++)
					m[(size_t)y * stride + (size_t)x] =
					        kind == 0   ? 0
					        : kind == 1 ? 255
					                    : (uint8_t)rng_u32(&r);
			}
	}
	int dx = rng_int(&r, -30, dw + 5), dy = rng_int(&r, -10, dh + 5);
	int mx = rng_int(&r, -10, mw), my = rng_int(&r, -10, mh);
	int w = rng_int(&r, 0, 120), h = rng_int(&r, 0, 50);
	uint32_t colour = colour_of(&r, rng_chance(&r, 20) ? 255 : (uint32_t)rng_int(&r, 0, 255));

	snprintf(what, sizeof what, "seed %llu (%s, %s)", (unsigned long long)seed,
	        t_format_name(fmt), mask ? "mask" : "no mask");
	ok = compare(dst, colour, mask, mx, my, dx, dy, w, h, what);
	pixman_image_unref(dst);
	if (mask)
		pixman_image_unref(mask);
	return ok;
}

TEST(random)
{
	if (!avx2()) {
		printf("SKIP: no AVX2 here: render_over_solid declines and pixman paints\n");
		return TEST_SKIP;
	}
	return t_run_seeded("test-render-over random", 20000, check_random);
}

TEST(declines)
{
	pixman_image_t *rgb565 = t_image(PIXMAN_r5g6b5, 16, 16);
	pixman_image_t *argb = t_image(PIXMAN_a8r8g8b8, 16, 16);
	pixman_image_t *a8 = pixman_image_create_bits(PIXMAN_a8, 16, 16, NULL, 0);
	int fails = 0;

	if (!rgb565 || !argb || !a8)
		return TEST_FAIL;
	if (render_over_solid(rgb565, 0x80000000u, a8, 0, 0, 0, 0, 16, 16)) {
		fprintf(stderr, "FAIL: took an r5g6b5 destination\n");
		fails++;
	}
	if (render_over_solid(argb, 0x80000000u, argb, 0, 0, 0, 0, 16, 16)) {
		fprintf(stderr, "FAIL: took an a8r8g8b8 mask\n");
		fails++;
	}
	if (render_over_solid(argb, 0x80000000u, a8, 0, 0, 0, 0, 16, 16) != avx2()) {
		fprintf(stderr, "FAIL: an 8888 destination with an a8 mask: %s\n",
		        avx2() ? "declined with AVX2" : "taken without AVX2");
		fails++;
	}
	pixman_image_unref(rgb565);
	pixman_image_unref(argb);
	pixman_image_unref(a8);
	if (!fails)
		printf("PASS: r5g6b5 and an argb mask declined; 8888 with a8 %s\n",
		        avx2() ? "taken (AVX2)" : "declined (no AVX2)");
	return fails ? TEST_FAIL : TEST_PASS;
}
