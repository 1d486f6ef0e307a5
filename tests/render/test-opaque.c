/*
 * Opaque windows must be copied exactly (SRC), into x8r8g8b8 and r5g6b5 screens, from
 * x8r8g8b8 and r5g6b5 windows. The oracle is a per-pixel loop without pixman.
 */
#include <stdio.h>
#include <stdlib.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define MAX_WINS 6
#define MAX_DAMAGE 3

static pixman_format_code_t random_screen_format(struct rng *r)
{
	return rng_chance(r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
}

static void random_window(struct rng *r, struct render_window *win, int w, int h)
{
	pixman_format_code_t fmt = random_screen_format(r);
	int iw, ih;

	win->x = rng_int(r, -20, w + 5);
	win->y = rng_int(r, -20, h + 5);
	win->width = (uint32_t)rng_int(r, 1, 60);
	win->height = (uint32_t)rng_int(r, 1, 60);
	/* sometimes the mirror lags the window's size (a resize in flight) */
	iw = rng_chance(r, 20) ? rng_int(r, 1, 60) : (int)win->width;
	ih = rng_chance(r, 20) ? rng_int(r, 1, 60) : (int)win->height;
	win->image = t_image(fmt, iw, ih);
	t_fill_random(win->image, r);
	win->shape = NULL;
	win->argb = false;
	win->opacity = RENDER_OPACITY_OPAQUE;
}

static bool in_window(const struct render_window *win, int x, int y)
{
	int64_t w = pixman_image_get_width(win->image);
	int64_t h = pixman_image_get_height(win->image);

	if (w > win->width)
		w = win->width;
	if (h > win->height)
		h = win->height;
	return x >= win->x && y >= win->y && x < win->x + w && y < win->y + h;
}

static uint32_t oracle(const struct render_window *wins, size_t n, uint32_t bg,
        pixman_format_code_t dst_fmt, int x, int y)
{
	uint32_t argb = bg;

	for (size_t i = 0; i < n; i++) {
		const struct render_window *win = &wins[i];

		if (in_window(win, x, y))
			argb = t_to_argb(pixman_image_get_format(win->image),
			        t_get(win->image, x - win->x, y - win->y));
	}
	return t_from_argb(dst_fmt, argb);
}

static bool in_damage(const pixman_box32_t *boxes, int nboxes, int x, int y)
{
	if (nboxes < 0)
		return true;
	for (int i = 0; i < nboxes; i++)
		if (t_box_contains(&boxes[i], x, y))
			return true;
	return false;
}

static bool verify(pixman_image_t *dst, pixman_image_t *before, const struct render_window *wins,
        size_t n, uint32_t bg, const pixman_box32_t *boxes, int nboxes)
{
	pixman_format_code_t fmt = pixman_image_get_format(dst);
	uint32_t bits = t_color_bits(fmt);

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			uint32_t got = t_get(dst, x, y);
			bool damaged = in_damage(boxes, nboxes, x, y);
			uint32_t want =
			        damaged ? oracle(wins, n, bg, fmt, x, y) : t_get(before, x, y);
			uint32_t mask = damaged ? bits : 0xffffffffu;

			if ((got & mask) != (want & mask)) {
				t_fail("%s screen, pixel (%d,%d)%s: got %#x, want %#x",
				        t_format_name(fmt), x, y, damaged ? "" : " (undamaged)",
				        got, want);
				return false;
			}
		}
	}
	return true;
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct render_window wins[MAX_WINS] = {0};
	pixman_box32_t boxes[MAX_DAMAGE];
	pixman_region32_t damage;
	struct render_background bg;
	struct render_ctx *ctx = render_ctx_create();
	int w, h, nboxes;
	size_t n;
	pixman_image_t *dst, *before;
	bool ok;

	rng_seed(&r, seed);
	w = rng_int(&r, 1, 97);
	h = rng_int(&r, 1, 73);
	dst = t_image(random_screen_format(&r), w, h);
	t_fill_random(dst, &r);
	before = t_clone(dst);
	bg = (struct render_background){NULL, 0xff000000u | rng_u32(&r)};
	n = (size_t)rng_int(&r, 0, MAX_WINS);
	for (size_t i = 0; i < n; i++)
		random_window(&r, &wins[i], w, h);
	nboxes = rng_chance(&r, 25) ? -1 : rng_int(&r, 1, MAX_DAMAGE);
	for (int i = 0; i < nboxes; i++)
		boxes[i] = t_random_box(&r, w, h, 10);
	pixman_region32_init_rects(&damage, boxes, nboxes < 0 ? 0 : nboxes);

	ok = ctx && render_frame(ctx, dst, nboxes < 0 ? NULL : &damage, &bg, wins, n);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, before, wins, n, bg.color, boxes, nboxes);

	pixman_region32_fini(&damage);
	for (size_t i = 0; i < n; i++)
		pixman_image_unref(wins[i].image);
	pixman_image_unref(before);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

int main(void)
{
	return t_run_seeded("test-opaque", 400, check);
}
