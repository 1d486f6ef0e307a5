/*
 * Reference images of the effects, weston style: shadows (radii, offsets, colours, shapes),
 * rounded corners, dim, over a patterned background. Usage: test-render-fx-reference NAME
 * REFDIR OUTDIR; a missing reference fails and writes NAME-shot.png into OUTDIR.
 */
#include <string.h>

#include "tests/render/testlib.h"

#define SCREEN_W 200
#define SCREEN_H 150
#define MAX_WINS 8

struct scene {
	pixman_image_t *tile;
	struct render_background bg;
	struct render_effects fx;
	struct render_window wins[MAX_WINS];
	size_t n;
	pixman_region32_t disc;
};

/* Diagonal stripes over a checkerboard: shadows must show on both. */
static pixman_image_t *background_tile(void)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 32, 32);

	for (int y = 0; y < 32; y++) {
		for (int x = 0; x < 32; x++) {
			bool check = (x < 16) == (y < 16);
			bool stripe = (x + y) % 8 < 2;

			t_put(img, x, y,
			        stripe  ? t_rgb(235, 225, 180)
			        : check ? t_rgb(190, 200, 210)
			                : t_rgb(150, 170, 190));
		}
	}
	return img;
}

/* Opaque: vertical gradient from c0 to c1 with a 1-pixel dark frame and a white cross. */
static pixman_image_t *panel(pixman_format_code_t fmt, int w, int h, uint32_t c0, uint32_t c1)
{
	pixman_image_t *img = t_image(fmt, w, h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t p = 0xff000000u;

			for (int s = 0; s < 24; s += 8) {
				int a = (int)(c0 >> s & 0xff), b = (int)(c1 >> s & 0xff);

				p |= (uint32_t)(a + (b - a) * y / (h > 1 ? h - 1 : 1)) << s;
			}
			if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
				p = t_rgb(20, 20, 30);
			else if (x == w / 2 || y == h / 2)
				p = t_rgb(250, 250, 250);
			t_put(img, x, y, t_from_argb(fmt, p));
		}
	}
	return img;
}

/* ARGB: magenta whose alpha rises left to right, with an opaque dark top bar. */
static pixman_image_t *glass(int w, int h)
{
	pixman_image_t *img = t_image(PIXMAN_a8r8g8b8, w, h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t a = (uint32_t)(40 + 215 * x / (w - 1));
			uint32_t p = a << 24 | (a * 200 / 255) << 16 | (a * 40 / 255) << 8 |
			             (a * 160 / 255);

			t_put(img, x, y, y < 8 ? t_rgb(40, 40, 60) : p);
		}
	}
	return img;
}

/* A disc of diameter d. */
static void disc_shape(pixman_region32_t *region, int d)
{
	pixman_box32_t rows[128];
	int n = 0;

	for (int y = 0; y < d && n < 128; y++) {
		int dy = 2 * y + 1 - d, half = 0;

		while ((2 * half + 2) * (2 * half + 2) + dy * dy <= d * d)
			half++;
		if (half > 0)
			rows[n++] = (pixman_box32_t){d / 2 - half, y, d / 2 + half, y + 1};
	}
	pixman_region32_init_rects(region, rows, n);
}

static struct render_window *add(struct scene *s, pixman_image_t *img, int32_t x, int32_t y)
{
	struct render_window *w = &s->wins[s->n++];

	*w = t_window(img, x, y);
	return w;
}

static void base(struct scene *s)
{
	memset(s, 0, sizeof(*s));
	s->tile = background_tile();
	s->bg = (struct render_background){s->tile, 0};
	pixman_region32_init(&s->disc);
}

static void free_scene(struct scene *s)
{
	for (size_t i = 0; i < s->n; i++)
		pixman_image_unref(s->wins[i].image);
	pixman_image_unref(s->tile);
	pixman_region32_fini(&s->disc);
}

/* Two overlapping opaque windows, a tiny one, a translucent one; all cast shadows. */
static void shadow_desk(struct scene *s, uint32_t corner)
{
	struct render_window *w[4];

	w[0] = add(
	        s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(60, 120, 200), t_rgb(20, 40, 90)), 24, 22);
	w[1] = add(
	        s, panel(PIXMAN_x8r8g8b8, 90, 62, t_rgb(230, 160, 40), t_rgb(160, 70, 10)), 78, 52);
	w[2] = add(
	        s, panel(PIXMAN_x8r8g8b8, 16, 12, t_rgb(40, 180, 90), t_rgb(10, 90, 40)), 168, 22);
	w[3] = add(s, panel(PIXMAN_x8r8g8b8, 62, 34, t_rgb(250, 250, 250), t_rgb(120, 200, 120)),
	        20, 104);
	w[3]->opacity = 0x80000000u;
	for (int i = 0; i < 4; i++) {
		w[i]->shadow = true;
		w[i]->corner_radius = corner;
	}
}

static void shadow_fx(
        struct scene *s, uint32_t r, int32_t dx, int32_t dy, double opacity, uint32_t color)
{
	s->fx = (struct render_effects){
	        .shadow = true,
	        .shadow_radius = r,
	        .shadow_opacity = opacity,
	        .shadow_dx = dx,
	        .shadow_dy = dy,
	        .shadow_color = color,
	};
}

/* picom's defaults: radius 12, offset -15, opacity 0.75, black. */
static void scene_shadow_default(struct scene *s)
{
	shadow_desk(s, 0);
	shadow_fx(s, 12, -15, -15, 0.75, 0x000000);
}

static void scene_shadow_small_red(struct scene *s)
{
	shadow_desk(s, 0);
	shadow_fx(s, 3, 4, 6, 0.9, 0xb02020);
}

static void scene_shadow_sharp_blue(struct scene *s)
{
	shadow_desk(s, 0);
	shadow_fx(s, 0, 6, 5, 0.5, 0x2040ff);
}

static void scene_shadow_wide(struct scene *s)
{
	shadow_desk(s, 0);
	shadow_fx(s, 30, -30, -30, 1.0, 0x102030);
}

/* Translucent and ARGB windows with full-shadow: the shadow also shows through them. */
static void scene_shadow_full(struct scene *s)
{
	struct render_window *g = add(s, glass(90, 60), 20, 20);
	struct render_window *p =
	        add(s, panel(PIXMAN_x8r8g8b8, 70, 50, t_rgb(250, 250, 250), t_rgb(200, 230, 250)),
	                110, 70);

	g->shadow = g->full_shadow = true;
	p->shadow = p->full_shadow = true;
	p->opacity = 0x60000000u;
	add(s, glass(60, 40), 30, 95)->shadow = true; /* not full: cut out under its body */
	shadow_fx(s, 10, 8, 8, 0.8, 0x000000);
}

/* A disc-shaped window's shadow follows its shape. */
static void scene_shadow_shaped(struct scene *s)
{
	struct render_window *w = add(s,
	        panel(PIXMAN_x8r8g8b8, 70, 70, t_rgb(250, 220, 60), t_rgb(230, 120, 20)), 40, 30);

	disc_shape(&s->disc, 70);
	w->shape = &s->disc;
	w->shadow = true;
	add(s, panel(PIXMAN_x8r8g8b8, 50, 40, t_rgb(120, 200, 250), t_rgb(40, 90, 160)), 120, 80)
	        ->shadow = true;
	shadow_fx(s, 8, 4, 6, 0.9, 0x000000);
}

static void scene_corners_opaque(struct scene *s)
{
	add(s, panel(PIXMAN_x8r8g8b8, 90, 70, t_rgb(60, 120, 200), t_rgb(20, 40, 90)), 14, 14)
	        ->corner_radius = 12;
	add(s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(230, 160, 40), t_rgb(160, 70, 10)), 60, 50)
	        ->corner_radius = 20;
	/* capped at half the shorter side: a stadium */
	add(s, panel(PIXMAN_x8r8g8b8, 70, 30, t_rgb(40, 180, 90), t_rgb(10, 90, 40)), 120, 110)
	        ->corner_radius = 100;
	add(s, panel(PIXMAN_x8r8g8b8, 40, 40, t_rgb(240, 240, 240), t_rgb(150, 150, 150)), 150, 10)
	        ->corner_radius = 1;
}

static void scene_corners_argb(struct scene *s)
{
	struct render_window *p;

	add(s, panel(PIXMAN_x8r8g8b8, 90, 70, t_rgb(60, 120, 200), t_rgb(20, 40, 90)), 14, 14);
	add(s, glass(100, 60), 50, 40)->corner_radius = 14;
	p = add(s, panel(PIXMAN_x8r8g8b8, 70, 50, t_rgb(250, 250, 250), t_rgb(120, 200, 120)), 110,
	        90);
	p->corner_radius = 10;
	p->opacity = 0xa0000000u;
}

static void scene_corners_shadow(struct scene *s)
{
	shadow_desk(s, 10);
	shadow_fx(s, 12, -15, -15, 0.75, 0x000000);
}

static void scene_dim(struct scene *s)
{
	struct render_window *w[3];

	w[0] = add(
	        s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(60, 120, 200), t_rgb(20, 40, 90)), 14, 14);
	w[1] = add(s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(230, 160, 40), t_rgb(160, 70, 10)), 104,
	        14);
	w[2] = add(s, glass(90, 50), 50, 88);
	w[0]->dim = 0.3;
	w[1]->dim = 0.6;
	w[1]->corner_radius = 12;
	w[2]->dim = 0.5;
	w[2]->corner_radius = 8;
}

/* Translucent windows dimmed: the dim is scaled by the opacity (picom's default). */
static void scene_dim_opacity(struct scene *s)
{
	struct render_window *w[3];

	w[0] = add(
	        s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(60, 120, 200), t_rgb(20, 40, 90)), 14, 14);
	w[1] = add(s, panel(PIXMAN_x8r8g8b8, 80, 60, t_rgb(230, 160, 40), t_rgb(160, 70, 10)), 104,
	        14);
	w[2] = add(s, panel(PIXMAN_x8r8g8b8, 120, 50, t_rgb(250, 250, 250), t_rgb(120, 200, 120)),
	        40, 88);
	w[0]->opacity = 0xc0000000u;
	w[0]->dim = 0.5;
	w[1]->opacity = 0x80000000u;
	w[1]->dim = 0.5;
	w[1]->shadow = true;
	w[2]->opacity = 0x80000000u;
	w[2]->corner_radius = 10;
	shadow_fx(s, 6, 3, 3, 0.6, 0x000000);
}

static void scene_dim_fixed(struct scene *s)
{
	scene_dim_opacity(s);
	s->wins[2].dim = 0.5;
	s->fx.dim_fixed = true;
}

/* Everything at once, the 16-bit window included. */
static void scene_mix(struct scene *s)
{
	struct render_window *w;

	shadow_desk(s, 6);
	w = add(s, panel(PIXMAN_r5g6b5, 50, 40, t_rgb(200, 60, 60), t_rgb(90, 20, 20)), 130, 96);
	w->shadow = true;
	w->corner_radius = 8;
	w->dim = 0.25;
	s->wins[1].dim = 0.4;
	shadow_fx(s, 9, -6, -3, 0.7, 0x201008);
}

static bool draw(struct render_ctx *ctx, pixman_image_t *dst, struct scene *s)
{
	render_ctx_set_effects(ctx, &s->fx);
	return render_frame(ctx, dst, NULL, &s->bg, s->wins, s->n);
}

/* The mix, then the top windows move and only the union of their old and new extents is
 * repainted: everything else must stay, and the result must equal a full repaint. */
static bool draw_partial(struct render_ctx *ctx, pixman_image_t *dst, struct scene *s)
{
	pixman_region32_t damage;
	pixman_box32_t e;
	bool ok = draw(ctx, dst, s);

	pixman_region32_init(&damage);
	for (size_t i = 1; i < s->n; i += 2) {
		render_window_extents(&s->wins[i], &s->fx, &e);
		pixman_region32_union_rect(&damage, &damage, e.x1, e.y1, (unsigned)(e.x2 - e.x1),
		        (unsigned)(e.y2 - e.y1));
		s->wins[i].x -= 9;
		s->wins[i].y += 7;
		render_window_extents(&s->wins[i], &s->fx, &e);
		pixman_region32_union_rect(&damage, &damage, e.x1, e.y1, (unsigned)(e.x2 - e.x1),
		        (unsigned)(e.y2 - e.y1));
	}
	ok = ok && render_frame(ctx, dst, &damage, &s->bg, s->wins, s->n);
	pixman_region32_fini(&damage);
	return ok;
}

struct reftest {
	const char *name;
	void (*make)(struct scene *s);
	pixman_format_code_t fmt;
	bool partial;
	unsigned tolerance;
};

static const struct reftest reftests[] = {
        {"fx-shadow-default", scene_shadow_default, PIXMAN_x8r8g8b8, false, 1},
        {"fx-shadow-small-red", scene_shadow_small_red, PIXMAN_x8r8g8b8, false, 1},
        {"fx-shadow-sharp-blue", scene_shadow_sharp_blue, PIXMAN_x8r8g8b8, false, 1},
        {"fx-shadow-wide", scene_shadow_wide, PIXMAN_x8r8g8b8, false, 1},
        {"fx-shadow-full", scene_shadow_full, PIXMAN_x8r8g8b8, false, 1},
        {"fx-shadow-shaped", scene_shadow_shaped, PIXMAN_x8r8g8b8, false, 1},
        {"fx-corners-opaque", scene_corners_opaque, PIXMAN_x8r8g8b8, false, 1},
        {"fx-corners-argb", scene_corners_argb, PIXMAN_x8r8g8b8, false, 1},
        {"fx-corners-shadow", scene_corners_shadow, PIXMAN_x8r8g8b8, false, 1},
        {"fx-dim", scene_dim, PIXMAN_x8r8g8b8, false, 1},
        {"fx-dim-opacity", scene_dim_opacity, PIXMAN_x8r8g8b8, false, 1},
        {"fx-dim-fixed", scene_dim_fixed, PIXMAN_x8r8g8b8, false, 1},
        {"fx-mix", scene_mix, PIXMAN_x8r8g8b8, false, 1},
        {"fx-mix-565", scene_mix, PIXMAN_r5g6b5, false, 8},
        {"fx-mix-partial", scene_mix, PIXMAN_x8r8g8b8, true, 1},
};

/* A partial repaint must also equal the full repaint of the final scene. */
static bool check_partial(pixman_image_t *shot, struct scene *s)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *full = t_image(pixman_image_get_format(shot), SCREEN_W, SCREEN_H);
	struct render_diff d;
	bool ok = ctx && draw(ctx, full, s) && render_compare(shot, full, 0, NULL, &d);

	if (!ok)
		t_fail("partial repaint differs from a full one at (%d,%d)", d.first_x, d.first_y);
	pixman_image_unref(full);
	render_ctx_destroy(ctx);
	return ok;
}

struct drawing {
	const struct reftest *t;
	struct scene s;
};

static bool draw_case(struct render_ctx *ctx, pixman_image_t *dst, void *data)
{
	struct drawing *d = data;

	if (!d->t->partial)
		return draw(ctx, dst, &d->s);
	return draw_partial(ctx, dst, &d->s) && check_partial(dst, &d->s);
}

TEST_P(reference, reftests)
{
	struct drawing d = {.t = tc->data};
	int rc;

	base(&d.s);
	d.t->make(&d.s);
	rc = t_reference_case(tc, d.t->fmt, SCREEN_W, SCREEN_H, d.t->tolerance, draw_case, &d);
	free_scene(&d.s);
	return rc;
}
