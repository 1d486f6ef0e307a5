/*
 * Reference images, weston style: render a fixed scene and compare it with
 * tests/reference/NAME.png within a per-channel tolerance. On a mismatch write NAME-shot.png
 * and NAME-diff.png into OUTDIR and fail; with no reference, write the shot and fail (inspect
 * it, then copy it to tests/reference/NAME.png). Usage: test-render-reference NAME REFDIR OUTDIR
 */
#include "tests/render/testlib.h"

#define SCREEN_W 160
#define SCREEN_H 120
#define NWINS 6

struct scene {
	pixman_image_t *tile;
	struct render_background bg;
	struct render_window wins[NWINS];
	pixman_region32_t disc;
};

static pixman_image_t *checker_tile(void)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 16, 16);

	for (int y = 0; y < 16; y++)
		for (int x = 0; x < 16; x++)
			t_put(img, x, y,
			        (x < 8) == (y < 8) ? t_rgb(40, 44, 52) : t_rgb(52, 58, 70));
	return img;
}

/* Opaque window: horizontal gradient from c0 to c1 with a 2-pixel dark frame. */
static pixman_image_t *gradient(pixman_format_code_t fmt, int w, int h, uint32_t c0, uint32_t c1)
{
	pixman_image_t *img = t_image(fmt, w, h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t p = 0xff000000u;

			for (int s = 0; s < 24; s += 8) {
				int a = (int)(c0 >> s & 0xff), b = (int)(c1 >> s & 0xff);

				p |= (uint32_t)(a + (b - a) * x / (w > 1 ? w - 1 : 1)) << s;
			}
			if (x < 2 || y < 2 || x >= w - 2 || y >= h - 2)
				p = t_rgb(16, 16, 16);
			t_put(img, x, y, t_from_argb(fmt, p));
		}
	}
	return img;
}

/* ARGB window: cyan whose alpha rises left to right, with an opaque white bar. */
static pixman_image_t *fade(int w, int h)
{
	pixman_image_t *img = t_image(PIXMAN_a8r8g8b8, w, h);

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t a = (uint32_t)(255 * x / (w - 1));
			uint32_t p = a << 24 | (a * 40 / 255) << 16 | (a * 200 / 255) << 8 | a;

			t_put(img, x, y, y >= 20 && y < 26 ? 0xffffffffu : p);
		}
	}
	return img;
}

static pixman_image_t *stripes(int w, int h)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, w, h);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			t_put(img, x, y,
			        (x + y) / 6 % 2 ? t_rgb(220, 30, 160) : t_rgb(250, 250, 250));
	return img;
}

/* A disc of diameter d, with a square hole in its middle. */
static void disc_shape(pixman_region32_t *region, int d)
{
	pixman_box32_t rows[64];
	pixman_region32_t hole;
	int r2 = d * d / 4, n = 0;

	for (int y = 0; y < d && n < 64; y++) {
		int dy = 2 * y + 1 - d, half = 0;

		while ((2 * half + 2) * (2 * half + 2) + dy * dy <= 4 * r2)
			half++;
		if (half > 0)
			rows[n++] = (pixman_box32_t){d / 2 - half, y, d / 2 + half, y + 1};
	}
	pixman_region32_init_rects(region, rows, n);
	pixman_region32_init_rect(&hole, d / 2 - 6, d / 2 - 6, 12, 12);
	pixman_region32_subtract(region, region, &hole);
	pixman_region32_fini(&hole);
}

/* Bottom to top: a frame, a 16-bit window, a shaped disc, an ARGB fade, a half-opaque
 * window, one hanging off the bottom-left corner; over a tiled background. */
static void make_scene(struct scene *s)
{
	s->tile = checker_tile();
	s->bg = (struct render_background){s->tile, 0};
	s->wins[0] = t_window(
	        gradient(PIXMAN_x8r8g8b8, 70, 50, t_rgb(200, 40, 40), t_rgb(40, 40, 200)), 10, 10);
	s->wins[1] = t_window(
	        gradient(PIXMAN_r5g6b5, 60, 45, t_rgb(20, 120, 20), t_rgb(180, 240, 90)), 50, 30);
	s->wins[2] = t_window(
	        gradient(PIXMAN_x8r8g8b8, 50, 50, t_rgb(250, 200, 0), t_rgb(250, 100, 0)), 100, 12);
	disc_shape(&s->disc, 50);
	s->wins[2].shape = &s->disc;
	s->wins[3] = t_window(fade(80, 46), 20, 62);
	s->wins[4] = t_window(stripes(60, 40), 92, 72);
	s->wins[4].opacity = 0x80000000u;
	s->wins[5] = t_window(
	        gradient(PIXMAN_x8r8g8b8, 40, 40, t_rgb(128, 128, 128), t_rgb(200, 200, 200)), -15,
	        96);
}

static void free_scene(struct scene *s)
{
	for (int i = 0; i < NWINS; i++)
		pixman_image_unref(s->wins[i].image);
	pixman_image_unref(s->tile);
	pixman_region32_fini(&s->disc);
}

static bool draw_full(struct render_ctx *ctx, pixman_image_t *dst, struct scene *s)
{
	return render_frame(ctx, dst, NULL, &s->bg, s->wins, NWINS);
}

/* The full scene, then a repaint of two damaged boxes after the top windows went away and the
 * background became a solid colour: outside the boxes the first frame must stay. */
static bool draw_partial(struct render_ctx *ctx, pixman_image_t *dst, struct scene *s)
{
	static const pixman_box32_t boxes[] = {{30, 20, 90, 60}, {80, 50, 150, 110}};
	struct render_background plain = {NULL, t_rgb(30, 60, 90)};
	pixman_region32_t damage;
	bool ok;

	pixman_region32_init_rects(&damage, boxes, 2);
	ok = draw_full(ctx, dst, s) && render_frame(ctx, dst, &damage, &plain, s->wins, 3);
	pixman_region32_fini(&damage);
	return ok;
}

struct reftest {
	const char *name;
	pixman_format_code_t fmt;
	bool (*draw)(struct render_ctx *ctx, pixman_image_t *dst, struct scene *s);
	unsigned tolerance; /* 8-bit units: one 5-bit step of r5g6b5 is 8 */
};

static const struct reftest reftests[] = {
        {"desktop", PIXMAN_x8r8g8b8, draw_full, 1},
        {"desktop-565", PIXMAN_r5g6b5, draw_full, 8},
        {"partial", PIXMAN_x8r8g8b8, draw_partial, 1},
};

struct drawing {
	const struct reftest *t;
	struct scene s;
};

static bool draw(struct render_ctx *ctx, pixman_image_t *dst, void *data)
{
	struct drawing *d = data;

	return d->t->draw(ctx, dst, &d->s);
}

TEST_P(reference, reftests)
{
	struct drawing d = {.t = tc->data};
	int rc;

	make_scene(&d.s);
	rc = t_reference_case(tc, d.t->fmt, SCREEN_W, SCREEN_H, d.t->tolerance, draw, &d);
	free_scene(&d.s);
	return rc;
}
