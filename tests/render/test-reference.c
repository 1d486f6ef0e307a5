/*
 * Reference images, weston style: render a fixed scene and compare it with
 * tests/reference/NAME.png within a per-channel tolerance. On a mismatch write NAME-shot.png
 * and NAME-diff.png into OUTDIR and fail; with no reference, write the shot and fail (inspect
 * it, then copy it to tests/reference/NAME.png). Usage: test-reference NAME REFDIR OUTDIR
 */
#include <stdio.h>
#include <string.h>

#include "render/render.h"
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

static uint32_t rgb(unsigned r, unsigned g, unsigned b)
{
	return 0xff000000u | (r & 0xff) << 16 | (g & 0xff) << 8 | (b & 0xff);
}

static pixman_image_t *checker_tile(void)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 16, 16);

	for (int y = 0; y < 16; y++)
		for (int x = 0; x < 16; x++)
			t_put(img, x, y, (x < 8) == (y < 8) ? rgb(40, 44, 52) : rgb(52, 58, 70));
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
				p = rgb(16, 16, 16);
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
			t_put(img, x, y, (x + y) / 6 % 2 ? rgb(220, 30, 160) : rgb(250, 250, 250));
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

static void set_window(struct render_window *w, pixman_image_t *img, int32_t x, int32_t y)
{
	*w = (struct render_window){
	        .image = img,
	        .x = x,
	        .y = y,
	        .width = (uint32_t)pixman_image_get_width(img),
	        .height = (uint32_t)pixman_image_get_height(img),
	        .argb = pixman_image_get_format(img) == PIXMAN_a8r8g8b8,
	        .opacity = RENDER_OPACITY_OPAQUE,
	};
}

/* Bottom to top: a frame, a 16-bit window, a shaped disc, an ARGB fade, a half-opaque
 * window, one hanging off the bottom-left corner; over a tiled background. */
static void make_scene(struct scene *s)
{
	s->tile = checker_tile();
	s->bg = (struct render_background){s->tile, 0};
	set_window(&s->wins[0],
	        gradient(PIXMAN_x8r8g8b8, 70, 50, rgb(200, 40, 40), rgb(40, 40, 200)), 10, 10);
	set_window(&s->wins[1],
	        gradient(PIXMAN_r5g6b5, 60, 45, rgb(20, 120, 20), rgb(180, 240, 90)), 50, 30);
	set_window(&s->wins[2],
	        gradient(PIXMAN_x8r8g8b8, 50, 50, rgb(250, 200, 0), rgb(250, 100, 0)), 100, 12);
	disc_shape(&s->disc, 50);
	s->wins[2].shape = &s->disc;
	set_window(&s->wins[3], fade(80, 46), 20, 62);
	set_window(&s->wins[4], stripes(60, 40), 92, 72);
	s->wins[4].opacity = 0x80000000u;
	set_window(&s->wins[5],
	        gradient(PIXMAN_x8r8g8b8, 40, 40, rgb(128, 128, 128), rgb(200, 200, 200)), -15, 96);
}

static void free_scene(struct scene *s)
{
	for (int i = 0; i < NWINS; i++)
		pixman_image_unref(s->wins[i].image);
	pixman_image_unref(s->tile);
	pixman_region32_fini(&s->disc);
}

static bool draw_full(pixman_image_t *dst, struct render_ctx *ctx, struct scene *s)
{
	return render_frame(ctx, dst, NULL, &s->bg, s->wins, NWINS);
}

/* The full scene, then a repaint of two damaged boxes after the top windows went away and the
 * background became a solid colour: outside the boxes the first frame must stay. */
static bool draw_partial(pixman_image_t *dst, struct render_ctx *ctx, struct scene *s)
{
	static const pixman_box32_t boxes[] = {{30, 20, 90, 60}, {80, 50, 150, 110}};
	struct render_background plain = {NULL, rgb(30, 60, 90)};
	pixman_region32_t damage;
	bool ok;

	pixman_region32_init_rects(&damage, boxes, 2);
	ok = draw_full(dst, ctx, s) && render_frame(ctx, dst, &damage, &plain, s->wins, 3);
	pixman_region32_fini(&damage);
	return ok;
}

struct reftest {
	const char *name;
	pixman_format_code_t fmt;
	bool (*draw)(pixman_image_t *dst, struct render_ctx *ctx, struct scene *s);
	unsigned tolerance; /* 8-bit units: one 5-bit step of r5g6b5 is 8 */
};

static const struct reftest reftests[] = {
        {"desktop", PIXMAN_x8r8g8b8, draw_full, 1},
        {"desktop-565", PIXMAN_r5g6b5, draw_full, 8},
        {"partial", PIXMAN_x8r8g8b8, draw_partial, 1},
};

static bool run(const struct reftest *t, const char *refdir, const char *outdir)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(t->fmt, SCREEN_W, SCREEN_H);
	struct scene s;
	bool ok;

	make_scene(&s);
	ok = ctx && t->draw(dst, ctx, &s);
	if (!ok)
		t_fail("%s: rendering failed", t->name);
	ok = ok && t_check_reference(dst, t->name, t->tolerance, refdir, outdir);
	free_scene(&s);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s NAME REFDIR OUTDIR\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(reftests) / sizeof(reftests[0]); i++) {
		if (strcmp(reftests[i].name, argv[1]) == 0) {
			bool ok = run(&reftests[i], argv[2], argv[3]);

			fprintf(stderr, "%s reference %s\n", ok ? "PASS" : "FAIL", argv[1]);
			return ok ? 0 : 1;
		}
	}
	fprintf(stderr, "no reference test named %s\n", argv[1]);
	return 2;
}
