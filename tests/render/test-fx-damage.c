/*
 * Damage clipping with every effect on: with a sentinel-filled screen, pixels outside the
 * damage keep every bit; inside it the result equals a full repaint. Shadows, rounded
 * corners, dim, full-shadow and shapes at random, over several frames of one context.
 */
#include <stdio.h>

#include "tests/render/testlib.h"

#define NWINS 6
#define MAX_DAMAGE 4
#define FRAMES 3

struct scene {
	pixman_format_code_t fmt;
	int w, h;
	struct render_background bg;
	struct render_effects fx;
	struct render_window wins[NWINS];
	pixman_region32_t shape;
};

static void add_window(struct rng *r, struct scene *s, int i, pixman_format_code_t fmt)
{
	struct render_window *win = &s->wins[i];

	*win = (struct render_window){
	        .x = rng_int(r, -30, s->w),
	        .y = rng_int(r, -30, s->h),
	        .width = (uint32_t)rng_int(r, 1, 60),
	        .height = (uint32_t)rng_int(r, 1, 50),
	        .argb = fmt == PIXMAN_a8r8g8b8,
	        .opacity = rng_chance(r, 60) ? RENDER_OPACITY_OPAQUE : rng_u32(r),
	        .shadow = rng_chance(r, 70),
	        .full_shadow = rng_chance(r, 30),
	        .corner_radius = rng_chance(r, 50) ? 0 : (uint32_t)rng_int(r, 1, 20),
	        .dim = rng_chance(r, 40) ? rng_int(r, 0, 100) / 100.0 : 0,
	};
	win->image = t_image(fmt, (int)win->width, (int)win->height);
	if (win->argb)
		t_fill_random_premul(win->image, r);
	else
		t_fill_random(win->image, r);
}

static void make_scene(struct rng *r, struct scene *s)
{
	static const pixman_format_code_t fmts[NWINS] = {PIXMAN_x8r8g8b8, PIXMAN_r5g6b5,
	        PIXMAN_a8r8g8b8, PIXMAN_x8r8g8b8, PIXMAN_a8r8g8b8, PIXMAN_x8r8g8b8};

	s->fmt = rng_chance(r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
	s->w = rng_int(r, 1, 120);
	s->h = rng_int(r, 1, 90);
	s->bg = (struct render_background){NULL, 0xff000000u | rng_u32(r)};
	s->fx = (struct render_effects){
	        .shadow = true,
	        .shadow_radius = (uint32_t)rng_int(r, 0, 16),
	        .shadow_opacity = rng_int(r, 0, 100) / 100.0,
	        .shadow_dx = rng_int(r, -20, 20),
	        .shadow_dy = rng_int(r, -20, 20),
	        .shadow_color = rng_u32(r) & 0xffffff,
	        .dim_fixed = rng_chance(r, 30),
	};
	for (int i = 0; i < NWINS; i++)
		add_window(r, s, i, fmts[i]);
	pixman_region32_init_rect(&s->shape, 0, 0, s->wins[3].width, s->wins[3].height / 2 + 1);
	pixman_region32_union_rect(&s->shape, &s->shape, 3, 0, 4, s->wins[3].height);
	s->wins[3].shape = &s->shape;
}

static void free_scene(struct scene *s)
{
	for (int i = 0; i < NWINS; i++)
		pixman_image_unref(s->wins[i].image);
	pixman_region32_fini(&s->shape);
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct render_ctx *ctx = render_ctx_create(), *fresh = render_ctx_create();
	pixman_image_t *dst;
	bool ok = ctx && fresh;

	rng_seed(&r, seed);
	make_scene(&r, &s);
	render_ctx_set_effects(ctx, &s.fx);
	render_ctx_set_effects(fresh, &s.fx);
	/* a tiny cache: masks are evicted and rebuilt between frames */
	if (rng_chance(&r, 30))
		render_ctx_set_cache_limit(ctx, 2048);
	dst = t_image(s.fmt, s.w, s.h);
	t_fill_random(dst, &r);
	/* the full repaint comes from a context of its own: caches must not matter */
	for (int frame = 0; ok && frame < FRAMES; frame++)
		ok = t_damage_frame(&r, ctx, fresh, dst, &s.bg, s.wins, NWINS, MAX_DAMAGE, frame);
	pixman_image_unref(dst);
	free_scene(&s);
	render_ctx_destroy(fresh);
	render_ctx_destroy(ctx);
	return ok;
}

TEST(fx_damage)
{
	return t_run_seeded("test-fx-damage", 400, check);
}
