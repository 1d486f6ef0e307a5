/*
 * Damage clipping: with a sentinel-filled screen, pixels outside the damage must keep every
 * bit; inside it the result must equal a full repaint. One context serves several frames of
 * different window counts, so its scratch state is reused and grown.
 */
#include <stdio.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define NWINS 5
#define MAX_DAMAGE 4
#define FRAMES 3

struct scene {
	pixman_format_code_t fmt;
	int w, h;
	struct render_background bg;
	struct render_window wins[NWINS];
	pixman_region32_t shape;
};

static void add_window(struct rng *r, struct scene *s, int i, pixman_format_code_t fmt)
{
	struct render_window *win = &s->wins[i];

	win->x = rng_int(r, -8, s->w - 1);
	win->y = rng_int(r, -8, s->h - 1);
	win->width = (uint32_t)rng_int(r, 1, 40);
	win->height = (uint32_t)rng_int(r, 1, 40);
	win->image = t_image(fmt, (int)win->width, (int)win->height);
	win->argb = fmt == PIXMAN_a8r8g8b8;
	if (win->argb)
		t_fill_random_premul(win->image, r);
	else
		t_fill_random(win->image, r);
	win->shape = NULL;
	win->opacity = RENDER_OPACITY_OPAQUE;
}

/* Every kind of window: opaque, shaped, ARGB with opacity, ARGB, translucent opaque-format. */
static void make_scene(struct rng *r, struct scene *s)
{
	pixman_image_t *tile = NULL;

	s->fmt = rng_chance(r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
	s->w = rng_int(r, 1, 80);
	s->h = rng_int(r, 1, 60);
	if (rng_chance(r, 50)) {
		tile = t_image(s->fmt, rng_int(r, 1, 13), rng_int(r, 1, 13));
		t_fill_random(tile, r);
	}
	s->bg = (struct render_background){tile, 0xff000000u | rng_u32(r)};
	add_window(r, s, 0, PIXMAN_x8r8g8b8);
	add_window(r, s, 1, PIXMAN_r5g6b5);
	add_window(r, s, 2, PIXMAN_a8r8g8b8);
	add_window(r, s, 3, PIXMAN_a8r8g8b8);
	add_window(r, s, 4, PIXMAN_x8r8g8b8);
	pixman_region32_init_rect(&s->shape, 0, 0, s->wins[1].width, s->wins[1].height);
	pixman_region32_union_rect(&s->shape, &s->shape, 3, 3, 60, 2);
	s->wins[1].shape = &s->shape;
	s->wins[2].opacity = rng_u32(r);
	s->wins[4].opacity = rng_u32(r);
}

static void free_scene(struct scene *s)
{
	for (int i = 0; i < NWINS; i++)
		pixman_image_unref(s->wins[i].image);
	if (s->bg.image)
		pixman_image_unref(s->bg.image);
	pixman_region32_fini(&s->shape);
}

static bool in_damage(const pixman_box32_t *boxes, int n, int x, int y)
{
	for (int i = 0; i < n; i++)
		if (t_box_contains(&boxes[i], x, y))
			return true;
	return false;
}

static bool verify(pixman_image_t *dst, pixman_image_t *before, pixman_image_t *full,
        const pixman_box32_t *boxes, int nboxes, int frame)
{
	uint32_t bits = t_color_bits(pixman_image_get_format(dst));

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			bool damaged = in_damage(boxes, nboxes, x, y);
			uint32_t mask = damaged ? bits : 0xffffffffu;
			uint32_t want = t_get(damaged ? full : before, x, y) & mask;
			uint32_t got = t_get(dst, x, y) & mask;

			if (got != want) {
				t_fail("frame %d, pixel (%d,%d) %s damage: got %#x, want %#x",
				        frame, x, y, damaged ? "inside" : "outside", got, want);
				return false;
			}
		}
	}
	return true;
}

static bool run_frame(struct rng *r, struct render_ctx *ctx, const struct scene *s,
        pixman_image_t *dst, int frame)
{
	pixman_box32_t boxes[MAX_DAMAGE];
	int nboxes = rng_int(r, 0, MAX_DAMAGE);
	size_t n = (size_t)rng_int(r, 0, NWINS);
	pixman_image_t *before = t_clone(dst);
	pixman_image_t *full = t_image(s->fmt, s->w, s->h);
	pixman_region32_t damage;
	bool ok;

	for (int i = 0; i < nboxes; i++)
		boxes[i] = t_random_box(r, s->w, s->h, 12);
	pixman_region32_init_rects(&damage, boxes, nboxes);
	ok = render_frame(ctx, full, NULL, &s->bg, s->wins, n) &&
	     render_frame(ctx, dst, &damage, &s->bg, s->wins, n);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, before, full, boxes, nboxes, frame);
	pixman_region32_fini(&damage);
	pixman_image_unref(full);
	pixman_image_unref(before);
	return ok;
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct scene s = {0}; /* fields add_window does not set stay zero */
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst;
	bool ok = ctx != NULL;

	rng_seed(&r, seed);
	make_scene(&r, &s);
	dst = t_image(s.fmt, s.w, s.h);
	t_fill_random(dst, &r);
	for (int frame = 0; ok && frame < FRAMES; frame++)
		ok = run_frame(&r, ctx, &s, dst, frame);
	pixman_image_unref(dst);
	free_scene(&s);
	render_ctx_destroy(ctx);
	return ok;
}

int main(void)
{
	return t_run_seeded("test-damage", 400, check);
}
