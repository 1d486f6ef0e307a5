/*
 * Damage clipping: with a sentinel-filled screen, pixels outside the damage must keep every
 * bit; inside it the result must equal a full repaint. One context serves several frames of
 * different window counts, so its scratch state is reused and grown.
 */
#include <stdio.h>

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
	s->wins[i] = t_random_window(r, fmt, 8, s->w, s->h, 40);
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
		ok = t_damage_frame(&r, ctx, ctx, dst, &s.bg, s.wins, NWINS, MAX_DAMAGE, frame);
	pixman_image_unref(dst);
	free_scene(&s);
	render_ctx_destroy(ctx);
	return ok;
}

TEST(damage)
{
	return t_run_seeded("test-damage", 400, check);
}
