/*
 * Translucency: ARGB windows (premultiplied OVER), window opacity (a solid mask of
 * (opacity >> 16) / 65535) and both together, against the OVER formula computed with doubles.
 * Within 1 (8-bit units) of the rounded formula per channel on x8r8g8b8; on r5g6b5 the
 * result must lie in that range truncated to 5 or 6 bits, as the screen stores it.
 */
#include <math.h>
#include <stdio.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define TOLERANCE 1

static void random_window(
        struct rng *r, struct render_window *win, pixman_format_code_t fmt, int w, int h)
{
	win->x = rng_int(r, -10, w - 1);
	win->y = rng_int(r, -10, h - 1);
	win->width = (uint32_t)rng_int(r, 1, 48);
	win->height = (uint32_t)rng_int(r, 1, 48);
	win->image = t_image(fmt, (int)win->width, (int)win->height);
	win->argb = fmt == PIXMAN_a8r8g8b8;
	if (win->argb)
		t_fill_random_premul(win->image, r);
	else
		t_fill_random(win->image, r);
	win->shape = NULL;
	win->opacity = RENDER_OPACITY_OPAQUE;
}

static uint32_t random_opacity(struct rng *r, bool argb)
{
	if (argb && rng_chance(r, 30))
		return RENDER_OPACITY_OPAQUE;
	if (rng_chance(r, 5))
		return 0;
	return rng_chance(r, 10) ? 0xfffeffffu : rng_u32(r);
}

static bool in_window(const struct render_window *win, int x, int y)
{
	return x >= win->x && y >= win->y && x - win->x < (int)win->width &&
	       y - win->y < (int)win->height;
}

/* The mask as documented: (opacity >> 16) / 65535, rounded to 8 bits for pixman's pipeline. */
static double mask_alpha(uint32_t opacity)
{
	return round((opacity >> 16) * 255.0 / 65535.0) / 255.0;
}

/* What the screen holds before the translucent window: exact, as it is an opaque copy. */
static uint32_t below(
        const struct render_window *base, uint32_t bg, pixman_format_code_t fmt, int x, int y)
{
	uint32_t argb = bg;

	if (in_window(base, x, y))
		argb = t_to_argb(pixman_image_get_format(base->image),
		        t_get(base->image, x - base->x, y - base->y));
	return t_to_argb(fmt, t_from_argb(fmt, argb));
}

static bool verify_pixel(
        pixman_image_t *dst, const struct render_window *wins, uint32_t bg, int x, int y)
{
	pixman_format_code_t fmt = pixman_image_get_format(dst);
	const struct render_window *top = &wins[1];
	uint32_t d = below(&wins[0], bg, fmt, x, y), s = 0;
	double m = mask_alpha(top->opacity);
	uint32_t got = t_get(dst, x, y);

	if (in_window(top, x, y))
		s = t_to_argb(pixman_image_get_format(top->image),
		        t_get(top->image, x - top->x, y - top->y));
	for (int shift = 0; shift < 24; shift += 8) {
		double sc = (s >> shift) & 0xff, dc = (d >> shift) & 0xff;
		double want = sc * m + dc * (1.0 - (s >> 24) / 255.0 * m);

		if (!t_channel_near(fmt, got, shift, want, TOLERANCE)) {
			t_fail("%s screen, pixel (%d,%d), channel at bit %d: got %#x, want %.3f "
			       "(src %#x, dst %#x, opacity %#x)",
			        t_format_name(fmt), x, y, shift, got, want, s, d, top->opacity);
			return false;
		}
	}
	return true;
}

static bool verify(pixman_image_t *dst, const struct render_window *wins, uint32_t bg)
{
	for (int y = 0; y < pixman_image_get_height(dst); y++)
		for (int x = 0; x < pixman_image_get_width(dst); x++)
			if (!verify_pixel(dst, wins, bg, x, y))
				return false;
	return true;
}

static pixman_format_code_t random_top_format(struct rng *r)
{
	int k = rng_int(r, 0, 3);

	return k < 2 ? PIXMAN_a8r8g8b8 : k == 2 ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct render_window wins[2] = {0};
	struct render_ctx *ctx = render_ctx_create();
	struct render_background bg;
	pixman_image_t *dst;
	int w, h;
	bool ok;

	rng_seed(&r, seed);
	w = rng_int(&r, 1, 64);
	h = rng_int(&r, 1, 64);
	dst = t_image(rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, w, h);
	bg = (struct render_background){NULL, 0xff000000u | rng_u32(&r)};
	random_window(&r, &wins[0], rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, w, h);
	random_window(&r, &wins[1], random_top_format(&r), w, h);
	wins[1].opacity = random_opacity(&r, wins[1].argb);

	ok = ctx && render_frame(ctx, dst, NULL, &bg, wins, 2);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, wins, bg.color);

	pixman_image_unref(wins[1].image);
	pixman_image_unref(wins[0].image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

int main(void)
{
	return t_run_seeded("test-blend", 600, check);
}
