/*
 * Blur and damage, seeded random scenes of stacked blurred and plain windows with shadows,
 * corners, shapes: after a change (a window moves, repaints part of itself, unmaps, maps,
 * changes opacity; the background changes), the change's damage grown by render_blur_damage
 * and rendered over the previous frame gives exactly the pixels of a full render of the new
 * scene, and pixels outside that damage keep every bit. Window and background pixels outside
 * render_frame_input's region are scrambled first: render_frame must not read them.
 * Usage: test-blur-damage CHECK (damage: the growth per changed layer; bound: grown once
 * from the bottom, level 0; idle: a change away from a blurred window costs no blur; stack:
 * the growth through two stacked blurred windows).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define MAX_WINS 6
#define FRAMES 4

struct scene {
	pixman_format_code_t fmt;
	int w, h;
	pixman_image_t *tile;
	struct render_effects fx;
	struct render_kernel *kernels;
	size_t nkernels;
	size_t n;
	struct render_window wins[MAX_WINS];
	pixman_region32_t shapes[MAX_WINS];
};

static void random_blur(struct rng *r, struct scene *s)
{
	static const char *const texts[] = {"3x3box", "5x5gaussian", "3,3,1,2,1,2,2,1,2,1",
	        "5,3,1,0,1,0,1,1,1,1,1,1,1,1,1,0.5;3,5,0.25,0.5,0.25,1,1,1,1,0.25,0.5,0.25,1,1,1,1",
	        "1,7,0.1,0.2,0.3,0.3,0.2,0.1"};
	struct render_blur *b = &s->fx.blur;

	switch (rng_int(r, 0, 3)) {
	case 0:
		*b = (struct render_blur){
		        .method = RENDER_BLUR_BOX, .size = (uint32_t)rng_int(r, 0, 6)};
		break;
	case 1:
		*b = (struct render_blur){.method = RENDER_BLUR_GAUSSIAN,
		        .size = (uint32_t)rng_int(r, 1, 6),
		        .deviation = rng_int(r, 50, 400) / 100.0};
		break;
	case 2:
		*b = (struct render_blur){
		        .method = RENDER_BLUR_DUAL_KAWASE, .strength = (uint32_t)rng_int(r, 1, 9)};
		break;
	default: {
		const char *text = texts[rng_int(r, 0, 4)];
		char err[128];

		if (!render_kernels_parse(text, &s->kernels, &s->nkernels, err, sizeof(err))) {
			t_fail("'%s': %s", text, err);
			exit(1);
		}
		*b = (struct render_blur){.method = RENDER_BLUR_KERNEL,
		        .kernels = s->kernels,
		        .kernel_count = s->nkernels};
	}
	}
	b->fixed = rng_chance(r, 50);
	b->background_frame = rng_chance(r, 50);
}

static void random_window(struct rng *r, struct scene *s, struct render_window *win, int i)
{
	int ww = rng_int(r, 1, s->w), wh = rng_int(r, 1, s->h);
	bool argb = rng_chance(r, 60);

	*win = (struct render_window){
	        .image = t_image(argb                ? PIXMAN_a8r8g8b8
	                         : rng_chance(r, 80) ? PIXMAN_x8r8g8b8
	                                             : PIXMAN_r5g6b5,
	                ww, wh),
	        .x = rng_int(r, -ww / 2, s->w - 1),
	        .y = rng_int(r, -wh / 2, s->h - 1),
	        .width = (uint32_t)ww,
	        .height = (uint32_t)wh,
	        .argb = argb,
	        .opacity = rng_chance(r, 60) ? RENDER_OPACITY_OPAQUE : rng_u32(r),
	        .shadow = rng_chance(r, 40),
	        .full_shadow = rng_chance(r, 20),
	        .corner_radius = rng_chance(r, 60) ? 0 : (uint32_t)rng_int(r, 1, 12),
	        .dim = rng_chance(r, 20) ? 0.25 : 0,
	        .blur = rng_chance(r, 70),
	};
	if (argb)
		t_fill_random_premul(win->image, r);
	else
		t_fill_random(win->image, r);
	if (argb && rng_chance(r, 30))
		win->opaque_client = t_random_box(r, ww, wh, 0);
	pixman_region32_clear(&s->shapes[i]);
	if (rng_chance(r, 25)) {
		for (int k = rng_int(r, 1, 3); k > 0; k--) {
			pixman_box32_t b = t_random_box(r, ww, wh, 3);

			pixman_region32_union_rect(&s->shapes[i], &s->shapes[i], b.x1, b.y1,
			        (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
		}
		win->shape = &s->shapes[i];
	}
}

static void make_scene(struct rng *r, struct scene *s)
{
	*s = (struct scene){.fmt = rng_chance(r, 70) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5,
	        .w = rng_int(r, 1, 90),
	        .h = rng_int(r, 1, 70)};
	s->tile = t_image(PIXMAN_x8r8g8b8, s->w, s->h);
	t_fill_random(s->tile, r);
	s->fx = (struct render_effects){.shadow = true,
	        .shadow_radius = (uint32_t)rng_int(r, 0, 6),
	        .shadow_opacity = 0.7,
	        .shadow_dx = rng_int(r, -6, 6),
	        .shadow_dy = rng_int(r, -6, 6)};
	random_blur(r, s);
	for (int i = 0; i < MAX_WINS; i++)
		pixman_region32_init(&s->shapes[i]);
	s->n = (size_t)rng_int(r, 1, MAX_WINS - 1);
	for (size_t i = 0; i < s->n; i++)
		random_window(r, s, &s->wins[i], (int)i);
}

static void free_scene(struct scene *s)
{
	for (size_t i = 0; i < s->n; i++)
		pixman_image_unref(s->wins[i].image);
	for (int i = 0; i < MAX_WINS; i++)
		pixman_region32_fini(&s->shapes[i]);
	pixman_image_unref(s->tile);
	render_kernels_free(s->kernels, s->nkernels);
}

static void add_extents(const struct scene *s, const struct render_window *w, pixman_region32_t *d)
{
	pixman_box32_t b;

	render_window_extents(w, &s->fx, &b);
	if (b.x1 < b.x2 && b.y1 < b.y2)
		pixman_region32_union_rect(
		        d, d, b.x1, b.y1, (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
}

/* Shapes live in s->shapes by slot; moving windows in the array moves their shapes too. */
static void move_slot(struct scene *s, size_t to, size_t from)
{
	s->wins[to] = s->wins[from];
	pixman_region32_copy(&s->shapes[to], &s->shapes[from]);
	if (s->wins[to].shape)
		s->wins[to].shape = &s->shapes[to];
}

/* One random change: the raw damage (where some layer changed) and the lowest layer it
 * touches (0 = background, i + 1 = wins[i] of the new list). */
static size_t change(struct rng *r, struct scene *s, pixman_region32_t *d)
{
	size_t i = (size_t)rng_int(r, 0, (int)s->n - 1);
	struct render_window *w = &s->wins[i];
	pixman_box32_t b;

	switch (rng_int(r, 0, 5)) {
	case 0: /* move */
		add_extents(s, w, d);
		w->x += rng_int(r, -15, 15);
		w->y += rng_int(r, -15, 15);
		add_extents(s, w, d);
		return i + 1;
	case 1: /* repaint part of its contents */
		b = t_random_box(
		        r, pixman_image_get_width(w->image), pixman_image_get_height(w->image), 0);
		for (int y = b.y1; y < b.y2; y++)
			for (int x = b.x1; x < b.x2; x++)
				t_put(w->image, x, y,
				        w->argb ? (rng_u32(r) | 0xff000000u) & 0xff7f7f7fu
				                : rng_u32(r));
		pixman_region32_union_rect(d, d, w->x + b.x1, w->y + b.y1, (unsigned)(b.x2 - b.x1),
		        (unsigned)(b.y2 - b.y1));
		return i + 1;
	case 2: /* the background */
		b = t_random_box(r, s->w, s->h, 0);
		for (int y = b.y1; y < b.y2; y++)
			for (int x = b.x1; x < b.x2; x++)
				t_put(s->tile, x, y, rng_u32(r));
		pixman_region32_union_rect(
		        d, d, b.x1, b.y1, (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
		return 0;
	case 3: /* unmap */
		if (s->n == 1)
			return 0;
		add_extents(s, w, d);
		pixman_image_unref(w->image);
		for (size_t k = i; k + 1 < s->n; k++)
			move_slot(s, k, k + 1);
		s->n--;
		return i;
	case 4: /* map a new window at i */
		if (s->n == MAX_WINS)
			return 0;
		for (size_t k = s->n; k > i; k--)
			move_slot(s, k, k - 1);
		s->n++;
		random_window(r, s, &s->wins[i], (int)i);
		add_extents(s, &s->wins[i], d);
		return i + 1;
	default: /* opacity, blur, corners */
		w->opacity = rng_chance(r, 30) ? RENDER_OPACITY_OPAQUE : rng_u32(r);
		w->blur = rng_chance(r, 70);
		w->corner_radius = (uint32_t)rng_int(r, 0, 8);
		add_extents(s, w, d);
		return i + 1;
	}
}

static pixman_image_t *full_render(const struct scene *s)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(s->fmt, s->w, s->h);
	struct render_background bg = {s->tile, 0};

	if (!ctx || !render_ctx_set_effects(ctx, &s->fx) ||
	        !render_frame(ctx, dst, NULL, &bg, s->wins, s->n)) {
		t_fail("full render failed");
		exit(1);
	}
	render_ctx_destroy(ctx);
	return dst;
}

/* A copy of img (its (0,0) at screen (x, y)) whose pixels outside keep are scrambled. */
static pixman_image_t *scramble(
        struct rng *r, pixman_image_t *img, int x, int y, const pixman_region32_t *keep)
{
	pixman_image_t *copy = t_clone(img);

	for (int j = 0; j < pixman_image_get_height(copy); j++)
		for (int i = 0; i < pixman_image_get_width(copy); i++)
			if (!pixman_region32_contains_point(keep, x + i, y + j, NULL))
				t_put(copy, i, j, rng_u32(r));
	return copy;
}

static bool verify(const struct scene *s, pixman_image_t *dst, pixman_image_t *before,
        pixman_image_t *full, const pixman_region32_t *damage, int frame)
{
	uint32_t bits = t_color_bits(s->fmt);

	for (int y = 0; y < s->h; y++) {
		for (int x = 0; x < s->w; x++) {
			bool in = pixman_region32_contains_point(damage, x, y, NULL);
			uint32_t got = t_get(dst, x, y);

			if (!in && got != t_get(before, x, y)) {
				t_fail("frame %d: pixel (%d,%d) outside the damage changed", frame,
				        x, y);
				return false;
			}
			if ((got & bits) != (t_get(full, x, y) & bits)) {
				t_fail("frame %d, %s %dx%d, method %d: pixel (%d,%d) %s the damage "
				       "is %#x, "
				       "a full render gives %#x",
				        frame, t_format_name(s->fmt), s->w, s->h, s->fx.blur.method,
				        x, y, in ? "inside" : "outside", got, t_get(full, x, y));
				return false;
			}
		}
	}
	return true;
}

/* Render the damage over the last frame with scrambled inputs outside render_frame_input. */
static bool render_damage(struct rng *r, struct render_ctx *ctx, const struct scene *s,
        pixman_image_t *dst, const pixman_region32_t *damage)
{
	struct render_window wins[MAX_WINS];
	pixman_region32_t reads;
	struct render_background bg;
	bool ok;

	pixman_region32_init(&reads);
	ok = render_frame_input(ctx, (uint32_t)s->w, (uint32_t)s->h, damage, s->wins, s->n, &reads);
	bg = (struct render_background){scramble(r, s->tile, 0, 0, &reads), 0};
	for (size_t i = 0; i < s->n; i++) {
		wins[i] = s->wins[i];
		wins[i].image = scramble(r, s->wins[i].image, s->wins[i].x, s->wins[i].y, &reads);
	}
	ok = ok && render_frame(ctx, dst, damage, &bg, wins, s->n);
	for (size_t i = 0; i < s->n; i++)
		pixman_image_unref(wins[i].image);
	pixman_image_unref(bg.image);
	pixman_region32_fini(&reads);
	if (!ok)
		t_fail("render_frame or render_frame_input failed");
	return ok;
}

static bool run(uint64_t seed, bool bound)
{
	struct rng r;
	struct scene s;
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst;
	bool ok;

	rng_seed(&r, seed);
	make_scene(&r, &s);
	ok = ctx && render_ctx_set_effects(ctx, &s.fx);
	dst = full_render(&s);
	for (int frame = 0; ok && frame < FRAMES; frame++) {
		pixman_region32_t damage;
		size_t level;

		pixman_region32_init(&damage);
		level = change(&r, &s, &damage);
		ok = render_blur_damage(&s.fx, s.wins, s.n, bound ? 0 : level, &damage);
		pixman_image_t *before = t_clone(dst), *full = full_render(&s);

		ok = ok && render_damage(&r, ctx, &s, dst, &damage) &&
		     verify(&s, dst, before, full, &damage, frame);
		pixman_image_unref(full);
		pixman_image_unref(before);
		pixman_region32_fini(&damage);
	}
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	free_scene(&s);
	return ok;
}

static bool check_damage(uint64_t seed)
{
	return run(seed, false);
}

static bool check_bound(uint64_t seed)
{
	return run(seed, true);
}

/* A blurred window (gaussian, reach 3) and a 5x5 change d pixels to its right: with d >= 3
 * the damage stays as it is and the frame blurs nothing and paints nothing outside the damage
 * (render_stats: the window idles); closer, the damage grows into the window by exactly
 * 3 - d columns (and 3 rows above and below the change). */
static bool check_idle(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct render_ctx *ctx = render_ctx_create();
	struct render_stats before, after;
	struct render_background bg;
	pixman_region32_t damage, want;
	pixman_image_t *dst;
	bool ok;

	rng_seed(&r, seed);
	make_scene(&r, &s);
	s.fx.blur = (struct render_blur){.method = RENDER_BLUR_GAUSSIAN, .size = 3, .deviation = 2};
	while (s.n > 1)
		pixman_image_unref(s.wins[--s.n].image);
	s.wins[0] = (struct render_window){.image = s.wins[0].image,
	        .width = (uint32_t)(s.w / 2 + 1),
	        .height = (uint32_t)s.h,
	        .argb = true,
	        .opacity = RENDER_OPACITY_OPAQUE,
	        .blur = true};
	bg = (struct render_background){s.tile, 0};
	dst = t_image(s.fmt, s.w, s.h);
	ok = ctx && render_ctx_set_effects(ctx, &s.fx) &&
	     render_frame(ctx, dst, NULL, &bg, s.wins, s.n);
	render_ctx_get_stats(ctx, &before);
	int d = rng_int(&r, 0, 6), x = (int)s.wins[0].width + d, y = rng_int(&r, 0, s.h);
	int img_w = pixman_image_get_width(s.wins[0].image);
	int img_h = pixman_image_get_height(s.wins[0].image);
	int right = img_w < (int)s.wins[0].width ? img_w : (int)s.wins[0].width;

	pixman_region32_init_rect(&damage, x, y, 5, 5);
	pixman_region32_init_rect(&want, x - 3, y - 3, 11, 11);
	pixman_region32_intersect_rect(
	        &want, &want, 0, 0, (unsigned)right, (unsigned)(img_h < s.h ? img_h : s.h));
	pixman_region32_union(&want, &want, &damage);
	ok = ok && render_blur_damage(&s.fx, s.wins, s.n, 0, &damage) &&
	     render_frame(ctx, dst, &damage, &bg, s.wins, s.n);
	render_ctx_get_stats(ctx, &after);
	if (ok && !pixman_region32_equal(&damage, &want)) {
		t_fail("a change at x = %d, the window ending at %d, grew wrongly", x, right);
		ok = false;
	}
	bool idle = x - 3 >= right;
	if (ok && idle &&
	        (after.blur_pixels != before.blur_pixels ||
	                after.blur_extra_pixels != before.blur_extra_pixels)) {
		t_fail("an idle blurred window cost %llu blurred and %llu extra pixels",
		        (unsigned long long)(after.blur_pixels - before.blur_pixels),
		        (unsigned long long)(after.blur_extra_pixels - before.blur_extra_pixels));
		ok = false;
	}
	if (ok && (before.blur_pixels == 0 ||
	                  (!idle && y < img_h && after.blur_pixels == before.blur_pixels))) {
		t_fail("a frame blurred nothing");
		ok = false;
	}
	pixman_region32_fini(&want);
	pixman_region32_fini(&damage);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	free_scene(&s);
	return ok;
}

/* Two blurred windows stacked over a change, reach r each: the damage grows by 2r where
 * both cover it (the lower one's growth is a change below the upper one), by r where only
 * the upper one does; a plain window in between adds nothing. */
static bool check_stack(uint64_t seed)
{
	struct rng r;
	pixman_image_t *img = t_image(PIXMAN_a8r8g8b8, 100, 80);
	struct render_effects fx = {
	        .blur = {.method = RENDER_BLUR_BOX, .size = (uint32_t)(seed % 5 + 1)}};
	int reach = (int)(seed % 5 + 1), split;
	struct render_window wins[3];
	pixman_region32_t damage, want;
	bool ok;

	rng_seed(&r, seed);
	split = rng_int(&r, 20, 80);
	for (int i = 0; i < 3; i++)
		wins[i] = (struct render_window){.image = img,
		        .width = i == 0 ? (uint32_t)split : 100,
		        .height = 80,
		        .argb = true,
		        .opacity = RENDER_OPACITY_OPAQUE,
		        .blur = i != 1};
	int x = rng_int(&r, 10, 85), y = rng_int(&r, 10, 65);

	pixman_region32_init_rect(&damage, x, y, 4, 4);
	/* lower window: X grown by r within [0, split); upper: all that grown by r */
	pixman_region32_init_rect(
	        &want, x - reach, y - reach, 4 + 2 * (unsigned)reach, 4 + 2 * (unsigned)reach);
	pixman_region32_intersect_rect(&want, &want, 0, 0, (unsigned)split, 80);
	pixman_region32_union_rect(&want, &want, x, y, 4, 4);
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(&want, &n);
	pixman_region32_t grown;

	pixman_region32_init(&grown);
	for (int i = 0; i < n; i++)
		pixman_region32_union_rect(&grown, &grown, b[i].x1 - reach, b[i].y1 - reach,
		        (unsigned)(b[i].x2 - b[i].x1 + 2 * reach),
		        (unsigned)(b[i].y2 - b[i].y1 + 2 * reach));
	pixman_region32_intersect_rect(&want, &grown, 0, 0, 100, 80);
	ok = render_blur_damage(&fx, wins, 3, 0, &damage) && pixman_region32_equal(&damage, &want);
	if (!ok) {
		const pixman_box32_t *e = pixman_region32_extents(&damage);

		t_fail("reach %d, split %d, change at %d,%d: damage %d,%d-%d,%d (%d boxes)", reach,
		        split, x, y, e->x1, e->y1, e->x2, e->y2, pixman_region32_n_rects(&damage));
	}
	pixman_region32_fini(&grown);
	pixman_region32_fini(&want);
	pixman_region32_fini(&damage);
	pixman_image_unref(img);
	return ok;
}

TEST(stack)
{
	return t_run_seeded("test-blur-damage stack", 200, check_stack);
}

TEST(idle)
{
	return t_run_seeded("test-blur-damage idle", 100, check_idle);
}

TEST(damage)
{
	return t_run_seeded("test-blur-damage damage", 400, check_damage);
}

TEST(bound)
{
	return t_run_seeded("test-blur-damage bound", 200, check_bound);
}
