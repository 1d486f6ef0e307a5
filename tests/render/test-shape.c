/*
 * Shaped windows: a bounding shape with holes (and parts beyond the window, which X clips)
 * must show exactly what lies below in the holes, and the window everywhere else.
 */
#include <stdio.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define MAX_HOLES 4

struct shape_desc {
	pixman_box32_t outer; /* window coordinates */
	pixman_box32_t holes[MAX_HOLES];
	int nholes;
	bool empty;
};

static void random_shape(struct rng *r, const struct render_window *win, struct shape_desc *d,
        pixman_region32_t *shape)
{
	int w = (int)win->width, h = (int)win->height;

	d->empty = rng_chance(r, 5);
	d->outer = t_random_box(r, w, h, 6);
	d->nholes = rng_int(r, 1, MAX_HOLES);
	for (int i = 0; i < d->nholes; i++)
		d->holes[i] = t_random_box(r, w, h, 0);
	pixman_region32_init(shape);
	if (d->empty)
		return;
	pixman_region32_union_rect(shape, shape, d->outer.x1, d->outer.y1,
	        (unsigned)(d->outer.x2 - d->outer.x1), (unsigned)(d->outer.y2 - d->outer.y1));
	for (int i = 0; i < d->nholes; i++) {
		pixman_region32_t hole;

		pixman_region32_init_rects(&hole, &d->holes[i], 1);
		pixman_region32_subtract(shape, shape, &hole);
		pixman_region32_fini(&hole);
	}
}

static bool in_rect(const struct render_window *win, int x, int y)
{
	int wx = x - win->x, wy = y - win->y;

	return wx >= 0 && wy >= 0 && wx < (int)win->width && wy < (int)win->height;
}

/* The oracle's view of the shape: from the description, not from the region. */
static bool in_shape(const struct render_window *win, const struct shape_desc *d, int x, int y)
{
	int wx = x - win->x, wy = y - win->y;

	if (d->empty || !in_rect(win, x, y))
		return false;
	if (!t_box_contains(&d->outer, wx, wy))
		return false;
	for (int i = 0; i < d->nholes; i++)
		if (t_box_contains(&d->holes[i], wx, wy))
			return false;
	return true;
}

static void random_window(
        struct rng *r, struct render_window *win, pixman_format_code_t fmt, int w, int h)
{
	win->x = rng_int(r, -10, w - 1);
	win->y = rng_int(r, -10, h - 1);
	win->width = (uint32_t)rng_int(r, 1, 50);
	win->height = (uint32_t)rng_int(r, 1, 50);
	win->image = t_image(fmt, (int)win->width, (int)win->height);
	t_fill_random(win->image, r);
	win->shape = NULL;
	win->argb = false;
	win->opacity = RENDER_OPACITY_OPAQUE;
}

static uint32_t window_pixel(const struct render_window *win, int x, int y)
{
	return t_to_argb(
	        pixman_image_get_format(win->image), t_get(win->image, x - win->x, y - win->y));
}

/* wins[0] is unshaped, wins[1] and wins[2] are shaped by descs[0] and descs[1]. */
static bool verify(pixman_image_t *dst, const struct render_window *wins,
        const struct shape_desc *descs, uint32_t bg)
{
	pixman_format_code_t fmt = pixman_image_get_format(dst);

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			uint32_t want = bg;
			uint32_t got = t_get(dst, x, y) & t_color_bits(fmt);

			if (in_rect(&wins[0], x, y))
				want = window_pixel(&wins[0], x, y);
			for (int i = 1; i < 3; i++)
				if (in_shape(&wins[i], &descs[i - 1], x, y))
					want = window_pixel(&wins[i], x, y);
			want = t_from_argb(fmt, want) & t_color_bits(fmt);
			if (got != want) {
				t_fail("%s screen, pixel (%d,%d): got %#x, want %#x",
				        t_format_name(fmt), x, y, got, want);
				return false;
			}
		}
	}
	return true;
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct render_window wins[3] = {0};
	struct shape_desc descs[2];
	pixman_region32_t shapes[2];
	struct render_ctx *ctx = render_ctx_create();
	struct render_background bg;
	pixman_format_code_t fmt;
	pixman_image_t *dst;
	int w, h;
	bool ok;

	rng_seed(&r, seed);
	fmt = rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
	w = rng_int(&r, 1, 64);
	h = rng_int(&r, 1, 64);
	dst = t_image(fmt, w, h);
	bg = (struct render_background){NULL, 0xff000000u | rng_u32(&r)};
	for (int i = 0; i < 3; i++)
		random_window(
		        &r, &wins[i], rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, w, h);
	for (int i = 0; i < 2; i++) {
		random_shape(&r, &wins[i + 1], &descs[i], &shapes[i]);
		wins[i + 1].shape = &shapes[i];
	}

	ok = ctx && render_frame(ctx, dst, NULL, &bg, wins, 3);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, wins, descs, bg.color);

	for (int i = 0; i < 2; i++)
		pixman_region32_fini(&shapes[i]);
	for (int i = 0; i < 3; i++)
		pixman_image_unref(wins[i].image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

int main(void)
{
	return t_run_seeded("test-shape", 400, check);
}
