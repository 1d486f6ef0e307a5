/*
 * The per-window effects of picom's rules, against oracles: invert-color (each colour channel
 * c of alpha a becomes a - c before the window is painted: exact for opaque and premultiplied
 * ARGB pixels, then blended as any window), transparent-clipping (nothing below shows: the
 * window over black), clip-shadow-above (the shadows of windows above are not painted over
 * it; elsewhere they are) and shadow_color (a window's own shadow colour: the frame equals one
 * drawn with that colour for every shadow, where only that window casts one). Seeded random
 * windows; a partial repaint equals a full one.
 */
#include <string.h>

#include "tests/render/testlib.h"

#define W 96
#define H 72

static pixman_image_t *frame(const struct render_effects *fx, const struct render_window *wins,
        size_t n, const pixman_region32_t *damage, pixman_image_t *into)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = into ? into : t_image(PIXMAN_x8r8g8b8, W, H);
	struct render_background bg = {NULL, t_rgb(30, 60, 90)};

	if (!ctx || !render_ctx_set_effects(ctx, fx) ||
	        !render_frame(ctx, dst, damage, &bg, wins, n))
		t_fail("render_frame failed");
	render_ctx_destroy(ctx);
	return dst;
}

static uint32_t inverted(uint32_t argb)
{
	uint32_t a = argb >> 24, out = argb & 0xff000000u;

	for (int s = 0; s < 24; s += 8)
		out |= (a - ((argb >> s) & 0xff)) << s;
	return out;
}

/* Opaque: 255 - c exactly. ARGB: the same frame as the window made of a - c pixels. */
static bool check_invert(uint64_t seed)
{
	struct rng r;
	pixman_image_t *op, *argb, *manual, *a, *b;
	struct render_window wins[2];
	struct render_diff d;
	bool ok = true;

	rng_seed(&r, seed);
	op = t_image(PIXMAN_x8r8g8b8, 40, 30);
	t_fill_random(op, &r);
	argb = t_image(PIXMAN_a8r8g8b8, 30, 30);
	t_fill_random_premul(argb, &r);
	manual = t_clone(argb);
	for (int y = 0; y < 30; y++)
		for (int x = 0; x < 30; x++)
			t_put(manual, x, y, inverted(t_get(argb, x, y)));
	wins[0] = t_window(op, rng_int(&r, -10, 40), rng_int(&r, -10, 30));
	wins[1] = t_window(argb, rng_int(&r, -10, 60), rng_int(&r, -10, 40));
	wins[1].opacity = rng_chance(&r, 50) ? 0x9fffffffu : RENDER_OPACITY_OPAQUE;
	wins[1].corner_radius = (uint32_t)rng_int(&r, 0, 8);
	wins[0].invert = wins[1].invert = true;
	a = frame(NULL, wins, 2, NULL, NULL);
	for (int y = 0; y < 30 && ok; y++)
		for (int x = 0; x < 40 && ok; x++) {
			int sx = wins[0].x + x, sy = wins[0].y + y;
			bool under = sx >= wins[1].x && sx < wins[1].x + 30 && sy >= wins[1].y &&
			             sy < wins[1].y + 30;
			if (sx < 0 || sy < 0 || sx >= W || sy >= H || under)
				continue;
			uint32_t want = (~t_get(op, x, y)) & 0xffffffu,
			         got = t_get(a, sx, sy) & 0xffffffu;
			if (want != got) {
				t_fail("opaque (%d,%d): %06x, want %06x", sx, sy, got, want);
				ok = false;
			}
		}
	wins[1].image = manual;
	wins[1].invert = false;
	b = frame(NULL, wins, 2, NULL, NULL);
	if (!render_compare(a, b, 0, NULL, &d)) {
		t_fail("argb: %llu pixels differ from the window inverted by hand, first (%d,%d)",
		        (unsigned long long)d.count, d.first_x, d.first_y);
		ok = false;
	}
	pixman_image_unref(a);
	pixman_image_unref(b);
	pixman_image_unref(manual);
	pixman_image_unref(argb);
	pixman_image_unref(op);
	return ok;
}

/* Over a window below, an ARGB window (opacity o) with transparent-clipping shows its own
 * premultiplied colour times o, over black: nothing of the window below. */
static bool check_clipping(uint64_t seed)
{
	struct rng r;
	pixman_image_t *below, *glass, *a;
	struct render_window wins[2];
	bool ok = true;

	rng_seed(&r, seed);
	below = t_image(PIXMAN_x8r8g8b8, W, H);
	t_fill_random(below, &r);
	glass = t_image(PIXMAN_a8r8g8b8, 40, 30);
	t_fill_random_premul(glass, &r);
	wins[0] = t_window(below, 0, 0);
	wins[1] = t_window(glass, rng_int(&r, 0, W - 40), rng_int(&r, 0, H - 30));
	wins[1].transparent_clipping = true;
	wins[1].opacity = rng_chance(&r, 50) ? 0x80000000u : RENDER_OPACITY_OPAQUE;
	a = frame(NULL, wins, 2, NULL, NULL);
	uint8_t m = wins[1].opacity == RENDER_OPACITY_OPAQUE ? 255 : 128;
	for (int y = 0; y < 30 && ok; y++)
		for (int x = 0; x < 40 && ok; x++) {
			uint32_t src = t_get(glass, x, y);
			uint32_t got = t_get(a, wins[1].x + x, wins[1].y + y);
			for (int s = 0; s < 24 && ok; s += 8) {
				double want = ((src >> s) & 0xff) * m / 255.0;
				if (!t_channel_near(PIXMAN_x8r8g8b8, got, s, want, 1)) {
					t_fail("(%d,%d): %06x from %08x, opacity %u", x, y, got,
					        src, m);
					ok = false;
				}
			}
		}
	pixman_image_unref(a);
	pixman_image_unref(glass);
	pixman_image_unref(below);
	return ok;
}

static const struct render_effects shadows = {.shadow = true,
        .shadow_radius = 6,
        .shadow_opacity = 1.0,
        .shadow_dx = -4,
        .shadow_dy = -4,
        .shadow_color = 0x000000};

/* A dock below with clip-shadow-above: the shadow of the window above it does not fall on
 * it (its pixels are as without shadows), and still falls on the background. */
static bool check_clip_shadow(uint64_t seed)
{
	struct rng r;
	pixman_image_t *dock, *top, *a, *b;
	struct render_window wins[2];
	struct render_effects none = shadows;
	struct render_diff d;
	bool ok;

	rng_seed(&r, seed);
	dock = t_image(PIXMAN_x8r8g8b8, W, 20);
	t_fill_random(dock, &r);
	top = t_image(PIXMAN_x8r8g8b8, 40, 30);
	t_fill_random(top, &r);
	wins[0] = t_window(dock, 0, H - 20);
	wins[0].clip_shadow_above = true;
	wins[1] = t_window(top, rng_int(&r, 8, W - 48), H - 40); /* its shadow reaches the dock */
	wins[1].shadow = true;
	a = frame(&shadows, wins, 2, NULL, NULL);
	none.shadow = false;
	b = frame(&none, wins, 2, NULL, NULL);
	pixman_box32_t on_dock = {0, H - 20, W, H};
	ok = render_compare(a, b, 0, &on_dock, &d);
	if (!ok)
		t_fail("the dock shows a shadow: %llu pixels, first (%d,%d)",
		        (unsigned long long)d.count, d.first_x, d.first_y);
	pixman_box32_t beside = {wins[1].x - 6, wins[1].y - 8, wins[1].x + 40, wins[1].y};
	if (render_compare(a, b, 0, &beside, &d)) {
		t_fail("no shadow above the dock either");
		ok = false;
	}
	wins[0].clip_shadow_above = false; /* without it, the shadow falls on the dock */
	pixman_image_unref(b);
	b = frame(&shadows, wins, 2, NULL, NULL);
	if (render_compare(a, b, 0, &on_dock, &d)) {
		t_fail("without clip-shadow-above the dock shows no shadow either");
		ok = false;
	}
	pixman_image_unref(a);
	pixman_image_unref(b);
	pixman_image_unref(top);
	pixman_image_unref(dock);
	return ok;
}

/* shadow-exclude-reg: within the box the frame is as without shadows, outside it as
 * with them. */
static bool check_exclude_box(uint64_t seed)
{
	struct rng r;
	pixman_image_t *img, *a, *without, *with;
	struct render_window win;
	struct render_effects fx = shadows, none = shadows;
	struct render_diff d;
	bool ok = true;

	rng_seed(&r, seed);
	img = t_image(PIXMAN_x8r8g8b8, 40, 30);
	t_fill_random(img, &r);
	win = t_window(img, rng_int(&r, 10, W - 50), rng_int(&r, 10, H - 40));
	win.shadow = true;
	int32_t split = rng_int(&r, 1, W - 1);
	fx.shadow_exclude = (pixman_box32_t){0, 0, split, H};
	a = frame(&fx, &win, 1, NULL, NULL);
	none.shadow = false;
	without = frame(&none, &win, 1, NULL, NULL);
	with = frame(&shadows, &win, 1, NULL, NULL);
	pixman_box32_t out = {split, 0, W, H};
	if (!render_compare(a, without, 0, &fx.shadow_exclude, &d)) {
		t_fail("a shadow within the box: %llu pixels, first (%d,%d)",
		        (unsigned long long)d.count, d.first_x, d.first_y);
		ok = false;
	}
	if (!render_compare(a, with, 0, &out, &d)) {
		t_fail("no shadow outside the box: %llu pixels, first (%d,%d)",
		        (unsigned long long)d.count, d.first_x, d.first_y);
		ok = false;
	}
	pixman_image_unref(a);
	pixman_image_unref(without);
	pixman_image_unref(with);
	pixman_image_unref(img);
	return ok;
}

/* One window's own shadow colour: as if it were every shadow's colour. */
static bool check_shadow_color(uint64_t seed)
{
	struct rng r;
	pixman_image_t *img, *a, *b;
	struct render_window win;
	struct render_effects fx = shadows;
	struct render_diff d;
	bool ok;

	rng_seed(&r, seed);
	img = t_image(PIXMAN_x8r8g8b8, 30, 20);
	t_fill_random(img, &r);
	win = t_window(img, rng_int(&r, 0, W - 30), rng_int(&r, 0, H - 20));
	win.shadow = true;
	win.shadow_color_set = true;
	win.shadow_color = rng_u32(&r) & 0xffffffu;
	a = frame(&fx, &win, 1, NULL, NULL);
	fx.shadow_color = win.shadow_color;
	win.shadow_color_set = false;
	b = frame(&fx, &win, 1, NULL, NULL);
	ok = render_compare(a, b, 0, NULL, &d);
	if (!ok)
		t_fail("%llu pixels differ, first (%d,%d)", (unsigned long long)d.count, d.first_x,
		        d.first_y);
	pixman_image_unref(a);
	pixman_image_unref(b);
	pixman_image_unref(img);
	return ok;
}

/* All four together; the top window moves and only its old and new extents are repainted:
 * the result equals a full repaint. */
static bool check_partial(uint64_t seed)
{
	struct rng r;
	pixman_image_t *imgs[4], *a, *b;
	struct render_window wins[4];
	pixman_region32_t damage;
	pixman_box32_t e;
	struct render_diff d;
	bool ok;

	rng_seed(&r, seed);
	for (int i = 0; i < 4; i++) {
		imgs[i] = t_image(i == 2 ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8, 30 + 4 * i, 24);
		if (i == 2)
			t_fill_random_premul(imgs[i], &r);
		else
			t_fill_random(imgs[i], &r);
		wins[i] = t_window(imgs[i], rng_int(&r, -5, W - 20), rng_int(&r, -5, H - 10));
		wins[i].shadow = true;
	}
	wins[0].clip_shadow_above = true;
	wins[1].invert = true;
	wins[2].transparent_clipping = rng_chance(&r, 50);
	wins[2].invert = !wins[2].transparent_clipping;
	wins[3].shadow_color_set = true;
	wins[3].shadow_color = 0xc02040;
	wins[3].clip_shadow_above = rng_chance(&r, 50);
	a = frame(&shadows, wins, 4, NULL, NULL);
	pixman_region32_init(&damage);
	render_window_extents(&wins[3], &shadows, &e);
	pixman_region32_union_rect(
	        &damage, &damage, e.x1, e.y1, (unsigned)(e.x2 - e.x1), (unsigned)(e.y2 - e.y1));
	wins[3].x += rng_int(&r, -9, 9);
	wins[3].y += rng_int(&r, -9, 9);
	render_window_extents(&wins[3], &shadows, &e);
	pixman_region32_union_rect(
	        &damage, &damage, e.x1, e.y1, (unsigned)(e.x2 - e.x1), (unsigned)(e.y2 - e.y1));
	frame(&shadows, wins, 4, &damage, a);
	b = frame(&shadows, wins, 4, NULL, NULL);
	ok = render_compare(a, b, 0, NULL, &d);
	if (!ok)
		t_fail("partial repaint: %llu pixels differ, first (%d,%d)",
		        (unsigned long long)d.count, d.first_x, d.first_y);
	pixman_region32_fini(&damage);
	pixman_image_unref(a);
	pixman_image_unref(b);
	for (int i = 0; i < 4; i++)
		pixman_image_unref(imgs[i]);
	return ok;
}

TEST(invert)
{
	return t_run_seeded("test-render-window-fx invert", 200, check_invert);
}

TEST(clipping)
{
	return t_run_seeded("test-render-window-fx clipping", 200, check_clipping);
}

TEST(clip_shadow)
{
	return t_run_seeded("test-render-window-fx clip-shadow", 100, check_clip_shadow);
}

TEST(shadow_color)
{
	return t_run_seeded("test-render-window-fx shadow-color", 100, check_shadow_color);
}

TEST(exclude_box)
{
	return t_run_seeded("test-render-window-fx exclude-box", 100, check_exclude_box);
}

TEST(partial)
{
	return t_run_seeded("test-render-window-fx partial", 200, check_partial);
}
