/*
 * Painted shadows against oracles, seeded: every pixel of a window's shadow over a solid
 * background against the slow model (small, long and large windows: templates stretched
 * neither way, one way and both); the number of shadow pixels painted against a count of
 * where the shadow can show (opaque windows above and the window's own body hide it); and
 * with effects off, frames bit for bit equal to frames without effect support.
 * Usage: test-shadow-paint CHECK (oracle, occlusion, identity).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

static uint32_t capped_corner(const struct render_window *w)
{
	uint32_t c = w->corner_radius;

	c = c < w->width / 2 ? c : w->width / 2;
	return c < w->height / 2 ? c : w->height / 2;
}

static struct render_effects random_fx(struct rng *r)
{
	return (struct render_effects){
	        .shadow = true,
	        .shadow_radius = (uint32_t)rng_int(r, 0, 14),
	        .shadow_opacity = rng_int(r, 5, 100) / 100.0,
	        .shadow_dx = rng_int(r, -20, 20),
	        .shadow_dy = rng_int(r, -20, 20),
	        .shadow_color = rng_u32(r) & 0xffffff,
	};
}

/* Shadow colour c (8 bits) at mask value s over background b, alpha a8 of 255. */
static double over(unsigned c, unsigned b, unsigned a8, double s)
{
	double a = a8 / 255.0;

	return c * a * s + b * (1 - a * s);
}

struct oracle {
	const struct render_window *win;
	const struct render_effects *fx;
	struct t_shadow model;
	uint32_t bg, c;
	unsigned a8;
};

static bool check_pixel(const struct oracle *o, pixman_image_t *dst, int px, int py)
{
	const struct render_window *w = o->win;
	int i = px - w->x, j = py - w->y, u = px - (w->x + o->fx->shadow_dx),
	    v = py - (w->y + o->fx->shadow_dy), sw = (int)w->width + 2 * o->model.r,
	    sh = (int)w->height + 2 * o->model.r;
	double cov = t_rounded_coverage((int)w->width, (int)w->height, (int)o->c, i, j);
	double s = u >= 0 && v >= 0 && u < sw && v < sh ? t_shadow_at(&o->model, u, v) : 0;
	uint32_t got = t_get(dst, px, py), want = t_get(w->image, 0, 0);

	if (cov > 0.999)
		return (got & 0xffffff) == (want & 0xffffff) ||
		       (t_fail("(%d,%d) inside the window: %#x, want %#x", px, py, got, want),
		               false);
	if (cov > 0.001)
		return true; /* anti-aliased edge */
	for (int shift = 0; shift < 24; shift += 8) {
		double e = over(
		        (o->fx->shadow_color >> shift) & 0xff, (o->bg >> shift) & 0xff, o->a8, s);

		if (!t_channel_near(PIXMAN_x8r8g8b8, got, shift, e, 2)) {
			t_fail("(%d,%d) shadow %.3f: %#x, channel %d wants %.2f", px, py, s, got,
			        shift, e);
			return false;
		}
	}
	return true;
}

/* One opaque window, maybe rounded, casting a random shadow over a solid background. */
static bool oracle_check(uint64_t seed)
{
	struct rng r;
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 140, 110), *img;
	struct render_effects fx;
	struct render_background bg;
	struct render_window win;
	struct oracle o;
	bool ok = ctx != NULL;

	rng_seed(&r, seed);
	fx = random_fx(&r);
	bg = (struct render_background){NULL, 0xff000000u | rng_u32(&r)};
	img = t_solid(
	        PIXMAN_x8r8g8b8, rng_int(&r, 1, 90), rng_int(&r, 1, 70), 0xff000000u | rng_u32(&r));
	win = t_window(img, rng_int(&r, -30, 120), rng_int(&r, -30, 90));
	win.shadow = true;
	win.corner_radius = rng_chance(&r, 50) ? 0 : (uint32_t)rng_int(&r, 1, 14);
	o = (struct oracle){&win, &fx, {0}, bg.color, capped_corner(&win),
	        (unsigned)lround(255 * fx.shadow_opacity)};
	t_shadow_init(&o.model, fx.shadow_radius, (int)win.width, (int)win.height, (int)o.c, NULL);
	render_ctx_set_effects(ctx, &fx);
	ok = ok && render_frame(ctx, dst, NULL, &bg, &win, 1);
	for (int y = 0; ok && y < 110; y++)
		for (int x = 0; ok && x < 140; x++)
			ok = check_pixel(&o, dst, x, y);
	if (!ok)
		t_fail("window %ux%u at (%d,%d) corner %u; radius %u offset (%d,%d)", win.width,
		        win.height, win.x, win.y, o.c, fx.shadow_radius, fx.shadow_dx,
		        fx.shadow_dy);
	t_shadow_fini(&o.model);
	pixman_image_unref(img);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

/* Whether window pixel (i, j) is covered fully: its outer corner lies within the arc. */
static bool solid_at(const struct render_window *w, int64_t i, int64_t j)
{
	int64_t c = capped_corner(w), fi, fj;

	if (i < 0 || j < 0 || i >= w->width || j >= w->height)
		return false;
	fi = i < w->width / 2 ? i : w->width - 1 - i;
	fj = j < w->height / 2 ? j : w->height - 1 - j;
	return fi >= c || fj >= c || (c - fi) * (c - fi) + (c - fj) * (c - fj) <= c * c;
}

struct occlusion {
	struct render_effects fx;
	struct render_window wins[4]; /* A (casts), B opaque, C translucent, D argb */
	pixman_box32_t damage[3];
	int ndamage;
};

static bool shadow_shows(const struct occlusion *s, int x, int y)
{
	const struct render_window *a = &s->wins[0], *b = &s->wins[1];
	int64_t u = x - ((int64_t)a->x + s->fx.shadow_dx),
	        v = y - ((int64_t)a->y + s->fx.shadow_dy);
	int64_t side = 2 * (int64_t)s->fx.shadow_radius;
	bool cut = !a->full_shadow || a->opacity == RENDER_OPACITY_OPAQUE;
	bool in_damage = s->ndamage == 0;

	for (int i = 0; i < s->ndamage; i++)
		in_damage |= t_box_contains(&s->damage[i], x, y);
	return in_damage && u >= 0 && v >= 0 && u < a->width + side && v < a->height + side &&
	       !(cut && solid_at(a, x - a->x, y - a->y)) && !solid_at(b, x - b->x, y - b->y);
}

static void occlusion_scene(struct rng *r, struct occlusion *s)
{
	pixman_format_code_t fmts[4] = {
	        PIXMAN_x8r8g8b8, PIXMAN_x8r8g8b8, PIXMAN_r5g6b5, PIXMAN_a8r8g8b8};

	s->fx = random_fx(r);
	for (int i = 0; i < 4; i++) {
		s->wins[i] = t_window(t_solid(fmts[i], rng_int(r, 1, 70), rng_int(r, 1, 60),
		                              0xff000000u | rng_u32(r)),
		        rng_int(r, -20, 110), rng_int(r, -20, 90));
		s->wins[i].corner_radius = rng_chance(r, 50) ? 0 : (uint32_t)rng_int(r, 1, 12);
	}
	s->wins[0].shadow = true;
	s->wins[0].full_shadow = rng_chance(r, 50);
	if (rng_chance(r, 50))
		s->wins[0].opacity = rng_u32(r) | 0x01000000u;
	s->wins[2].opacity = rng_u32(r) | 0x01000000u;
	s->ndamage = rng_int(r, 0, 3);
	for (int i = 0; i < s->ndamage; i++)
		s->damage[i] = t_random_box(r, 120, 100, 10);
}

/* The shadow is painted exactly where it can show: a counting oracle. */
static bool occlusion_check(uint64_t seed)
{
	struct rng r;
	struct occlusion s;
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 120, 100);
	struct render_background bg = {NULL, 0xff336699u};
	struct render_stats st;
	pixman_region32_t damage;
	uint64_t want = 0;
	bool ok;

	rng_seed(&r, seed);
	occlusion_scene(&r, &s);
	pixman_region32_init_rects(&damage, s.damage, s.ndamage);
	render_ctx_set_effects(ctx, &s.fx);
	ok = ctx && render_frame(ctx, dst, s.ndamage ? &damage : NULL, &bg, s.wins, 4);
	for (int y = 0; y < 100; y++)
		for (int x = 0; x < 120; x++)
			want += shadow_shows(&s, x, y);
	if (ok && s.fx.shadow_opacity * s.wins[0].opacity / RENDER_OPACITY_OPAQUE * 255 < 0.5)
		want = 0; /* a shadow of alpha 0 is not painted at all */
	render_ctx_get_stats(ctx, &st);
	if (ok && st.shadow_pixels != want) {
		t_fail("painted %llu shadow pixels, %llu can show",
		        (unsigned long long)st.shadow_pixels, (unsigned long long)want);
		ok = false;
	}
	pixman_region32_fini(&damage);
	for (int i = 0; i < 4; i++)
		pixman_image_unref(s.wins[i].image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

#define NIDENT 6

/* Random windows of every kind, as the damage test makes them. */
static void identity_scene(struct rng *r, struct render_window *wins, pixman_region32_t *shape)
{
	static const pixman_format_code_t fmts[] = {PIXMAN_x8r8g8b8, PIXMAN_r5g6b5, PIXMAN_a8r8g8b8,
	        PIXMAN_a8r8g8b8, PIXMAN_x8r8g8b8, PIXMAN_x8r8g8b8};

	for (int i = 0; i < NIDENT; i++) {
		pixman_image_t *img = t_image(fmts[i], rng_int(r, 1, 50), rng_int(r, 1, 40));

		if (fmts[i] == PIXMAN_a8r8g8b8)
			t_fill_random_premul(img, r);
		else
			t_fill_random(img, r);
		wins[i] = t_window(img, rng_int(r, -10, 70), rng_int(r, -10, 50));
		if (rng_chance(r, 40))
			wins[i].opacity = rng_u32(r);
	}
	pixman_region32_init_rect(shape, 2, 2, 9, 30);
	pixman_region32_union_rect(shape, shape, 0, 5, 40, 3);
	wins[5].shape = shape;
}

static bool same_frame(pixman_image_t *a, pixman_image_t *b, const char *what)
{
	for (int y = 0; y < pixman_image_get_height(a); y++) {
		for (int x = 0; x < pixman_image_get_width(a); x++) {
			if (t_get(a, x, y) != t_get(b, x, y)) {
				t_fail("%s: (%d,%d) is %#x, without effects %#x", what, x, y,
				        t_get(b, x, y), t_get(a, x, y));
				return false;
			}
		}
	}
	return true;
}

/* Effects enabled frame-wide but on no window, or set on windows but disabled frame-wide:
 * the frame is bit for bit the one painted without effects. */
static bool identity_check(uint64_t seed)
{
	struct rng r;
	struct render_window wins[NIDENT];
	struct render_effects fx = {.shadow = true,
	        .shadow_radius = 9,
	        .shadow_opacity = 1.0,
	        .shadow_dx = -4,
	        .shadow_dy = -4,
	        .shadow_color = 0x123456,
	        .dim_fixed = true};
	struct render_ctx *plain = render_ctx_create(), *fxctx = render_ctx_create();
	pixman_format_code_t fmt;
	pixman_image_t *a, *b, *c;
	struct render_background bg = {NULL, 0xff405060u};
	pixman_region32_t shape;
	bool ok;

	rng_seed(&r, seed);
	identity_scene(&r, wins, &shape);
	fmt = rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
	a = t_image(fmt, 90, 70);
	t_fill_random(a, &r);
	b = t_clone(a);
	c = t_clone(a);
	render_ctx_set_effects(fxctx, &fx);
	ok = plain && fxctx && render_frame(plain, a, NULL, &bg, wins, NIDENT) &&
	     render_frame(fxctx, b, NULL, &bg, wins, NIDENT);
	for (int i = 0; i < NIDENT; i++)
		wins[i].shadow = wins[i].full_shadow = true;
	render_ctx_set_effects(fxctx, NULL);
	ok = ok && render_frame(fxctx, c, NULL, &bg, wins, NIDENT) &&
	     same_frame(a, b, "effects on, no window using them") &&
	     same_frame(a, c, "shadow flags, effects off");
	for (int i = 0; i < NIDENT; i++)
		pixman_image_unref(wins[i].image);
	pixman_region32_fini(&shape);
	pixman_image_unref(c);
	pixman_image_unref(b);
	pixman_image_unref(a);
	render_ctx_destroy(fxctx);
	render_ctx_destroy(plain);
	return ok;
}

TEST(oracle)
{
	return t_run_seeded("test-shadow-paint oracle", 60, oracle_check);
}

TEST(occlusion)
{
	return t_run_seeded("test-shadow-paint occlusion", 300, occlusion_check);
}

TEST(identity)
{
	return t_run_seeded("test-shadow-paint identity", 300, identity_check);
}
