/*
 * Stacking: overlapping windows are painted bottom to top. A fixed scene checks named pixels;
 * seeded scenes of solid windows (one of them translucent, anywhere in the stack) check every
 * pixel, which also guards the skipping of areas hidden under opaque windows.
 */
#include <stdio.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define MAX_WINS 8
#define TOLERANCE 1

struct solid_win {
	struct render_window win;
	uint32_t argb; /* premultiplied colour of every pixel */
};

static void make_solid(struct solid_win *s, pixman_format_code_t fmt, int32_t x, int32_t y,
        uint32_t w, uint32_t h, uint32_t argb)
{
	s->argb = argb;
	s->win = (struct render_window){.x = x,
	        .y = y,
	        .width = w,
	        .height = h,
	        .argb = fmt == PIXMAN_a8r8g8b8,
	        .opacity = RENDER_OPACITY_OPAQUE};
	s->win.image = t_image(fmt, (int)w, (int)h);
	t_fill_solid(s->win.image, t_from_argb(fmt, argb));
	if (fmt == PIXMAN_r5g6b5) /* what the window really holds */
		s->argb = t_to_argb(fmt, t_from_argb(fmt, argb));
}

static bool expect_pixel(pixman_image_t *dst, int x, int y, uint32_t want)
{
	uint32_t got = t_get(dst, x, y) & 0xffffff;

	if (got != (want & 0xffffff))
		t_fail("fixed scene, pixel (%d,%d): got %#x, want %#x", x, y, got, want & 0xffffff);
	return got == (want & 0xffffff);
}

/* red (0,0)-(40,40), green (20,20)-(60,60), blue (10,30)-(30,50); bottom to top */
static bool fixed_scene(void)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 64, 64);
	struct render_background bg = {NULL, 0xff202020u};
	struct solid_win s[3];
	struct render_window wins[3];
	bool ok;

	make_solid(&s[0], PIXMAN_x8r8g8b8, 0, 0, 40, 40, 0xffff0000u);
	make_solid(&s[1], PIXMAN_x8r8g8b8, 20, 20, 40, 40, 0xff00ff00u);
	make_solid(&s[2], PIXMAN_x8r8g8b8, 10, 30, 20, 20, 0xff0000ffu);
	for (int i = 0; i < 3; i++)
		wins[i] = s[i].win;
	ok = ctx && render_frame(ctx, dst, NULL, &bg, wins, 3);
	ok = ok && expect_pixel(dst, 5, 5, 0xff0000) && expect_pixel(dst, 25, 25, 0x00ff00) &&
	     expect_pixel(dst, 25, 35, 0x0000ff) && expect_pixel(dst, 15, 35, 0x0000ff) &&
	     expect_pixel(dst, 45, 45, 0x00ff00) && expect_pixel(dst, 63, 63, 0x202020) &&
	     expect_pixel(dst, 39, 19, 0xff0000) && expect_pixel(dst, 12, 45, 0x0000ff);
	/* reversed: red on top */
	wins[0] = s[2].win;
	wins[2] = s[0].win;
	ok = ok && render_frame(ctx, dst, NULL, &bg, wins, 3) &&
	     expect_pixel(dst, 25, 25, 0xff0000) && expect_pixel(dst, 25, 35, 0xff0000) &&
	     expect_pixel(dst, 12, 45, 0x0000ff) && expect_pixel(dst, 45, 45, 0x00ff00);
	for (int i = 0; i < 3; i++)
		pixman_image_unref(s[i].win.image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

/* render_set_await: what a pending window shows lands in its image when the renderer calls
 * back, after the background is painted and before the image is read. */
struct landing {
	pixman_image_t *dst, *image;
	uint32_t raw; /* what lands */
	int calls;
	uint32_t bg_then; /* a background pixel at the call */
};

static void land(void *arg)
{
	struct landing *l = arg;

	l->calls++;
	l->bg_then = t_get(l->dst, 63, 0) & 0xffffff;
	t_fill_solid(l->image, l->raw);
}

static bool await_scene(void)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(PIXMAN_x8r8g8b8, 64, 64);
	struct render_background bg = {NULL, 0xff202020u};
	struct solid_win s[2];
	struct landing l = {.dst = dst, .raw = t_from_argb(PIXMAN_x8r8g8b8, 0xff00ff00u)};
	struct render_window wins[2];
	bool ok = ctx != NULL;

	/* red below, the pending one (stale blue until it lands) on top */
	make_solid(&s[0], PIXMAN_x8r8g8b8, 0, 0, 40, 40, 0xffff0000u);
	make_solid(&s[1], PIXMAN_x8r8g8b8, 20, 20, 30, 30, 0xff0000ffu);
	wins[0] = s[0].win;
	wins[1] = s[1].win;
	wins[1].pending = true;
	l.image = wins[1].image;
	render_set_await(ctx, land, &l);
	ok = ok && render_frame(ctx, dst, NULL, &bg, wins, 2) &&
	     expect_pixel(dst, 30, 30, 0x00ff00) && expect_pixel(dst, 5, 5, 0xff0000) &&
	     expect_pixel(dst, 63, 0, 0x202020);
	if (ok && (l.calls != 1 || l.bg_then != 0x202020))
		t_fail("await: %d calls (want 1), background at the call %#x (want 0x202020)",
		        l.calls, l.bg_then);
	ok = ok && l.calls == 1 && l.bg_then == 0x202020;
	/* forgotten after the frame */
	ok = ok && render_frame(ctx, dst, NULL, &bg, wins, 2);
	if (ok && l.calls != 1)
		t_fail("await called by a later frame (%d calls)", l.calls);
	ok = ok && l.calls == 1;
	/* none read (the pending window hidden below an opaque one): not called */
	wins[0] = s[1].win;
	wins[0].pending = true;
	wins[1] = s[0].win;
	wins[1].x = wins[1].y = 10;
	wins[1].width = wins[1].height = 54;
	pixman_image_unref(wins[1].image);
	wins[1].image = s[0].win.image = t_image(PIXMAN_x8r8g8b8, 54, 54);
	t_fill_solid(wins[1].image, t_from_argb(PIXMAN_x8r8g8b8, 0xffff0000u));
	render_set_await(ctx, land, &l);
	ok = ok && render_frame(ctx, dst, NULL, &bg, wins, 2) &&
	     expect_pixel(dst, 30, 30, 0xff0000);
	if (ok && l.calls != 1)
		t_fail("await called though no pending pixel was read (%d calls)", l.calls);
	ok = ok && l.calls == 1;
	for (int i = 0; i < 2; i++)
		pixman_image_unref(s[i].win.image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

static bool contains(const struct render_window *w, int x, int y)
{
	return x >= w->x && y >= w->y && x - w->x < (int)w->width && y - w->y < (int)w->height;
}

/* Bottom to top in doubles; the screen quantises after every opaque copy and after the blend. */
static double paint_channel(const struct solid_win *s, size_t n, uint32_t bg,
        pixman_format_code_t fmt, int x, int y, int shift)
{
	uint32_t below = t_to_argb(fmt, t_from_argb(fmt, bg));
	double c = (below >> shift) & 0xff;

	for (size_t i = 0; i < n; i++) {
		const struct render_window *w = &s[i].win;
		double m = (w->opacity >> 16) / 65535.0;
		double sa = w->argb ? (s[i].argb >> 24) / 255.0 : 1.0;

		if (!contains(w, x, y))
			continue;
		if (!w->argb && w->opacity == RENDER_OPACITY_OPAQUE) {
			below = t_to_argb(fmt, t_from_argb(fmt, s[i].argb));
			c = (below >> shift) & 0xff;
			continue;
		}
		c = ((s[i].argb >> shift) & 0xff) * m + c * (1.0 - sa * m);
	}
	return c;
}

static bool verify(pixman_image_t *dst, const struct solid_win *s, size_t n, uint32_t bg)
{
	pixman_format_code_t fmt = pixman_image_get_format(dst);

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			for (int shift = 0; shift < 24; shift += 8) {
				double want = paint_channel(s, n, bg, fmt, x, y, shift);
				uint32_t got = t_get(dst, x, y);

				if (!t_channel_near(fmt, got, shift, want, TOLERANCE)) {
					t_fail("%s screen, pixel (%d,%d), bit %d: got %#x, want "
					       "%.2f",
					        t_format_name(fmt), x, y, shift, got, want);
					return false;
				}
			}
		}
	}
	return true;
}

/* Solid windows; the one at index `clear` is translucent, with a colour 8-bit exact. */
static void random_stack(struct rng *r, struct solid_win *s, size_t n, int w, int h)
{
	size_t clear = (size_t)rng_int(r, 0, (int32_t)n - 1);

	for (size_t i = 0; i < n; i++) {
		int32_t x = rng_int(r, -10, w - 1), y = rng_int(r, -10, h - 1);
		uint32_t ww = (uint32_t)rng_int(r, 1, 40), wh = (uint32_t)rng_int(r, 1, 40);
		uint32_t a = (uint32_t)rng_int(r, 0, 255);

		if (i != clear) {
			make_solid(&s[i], rng_chance(r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, x, y,
			        ww, wh, 0xff000000u | rng_u32(r));
			continue;
		}
		make_solid(&s[i], PIXMAN_a8r8g8b8, x, y, ww, wh,
		        a << 24 | (rng_u32(r) % (a + 1)) << 16 | (rng_u32(r) % (a + 1)) << 8 |
		                (rng_u32(r) % (a + 1)));
		/* opacity a multiple of 1/255, so the oracle needs no rounding rule */
		s[i].win.opacity = rng_chance(r, 50) ? RENDER_OPACITY_OPAQUE
		                                     : (uint32_t)rng_int(r, 0, 255) * 0x01010101u;
	}
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct solid_win s[MAX_WINS];
	struct render_window wins[MAX_WINS];
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst;
	uint32_t bg;
	size_t n;
	int w, h;
	bool ok;

	rng_seed(&r, seed);
	w = rng_int(&r, 1, 64);
	h = rng_int(&r, 1, 64);
	dst = t_image(rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, w, h);
	bg = 0xff000000u | rng_u32(&r);
	n = (size_t)rng_int(&r, 1, MAX_WINS);
	random_stack(&r, s, n, w, h);
	for (size_t i = 0; i < n; i++)
		wins[i] = s[i].win;
	ok = ctx && render_frame(ctx, dst, NULL, &(struct render_background){NULL, bg}, wins, n);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, s, n, bg);
	for (size_t i = 0; i < n; i++)
		pixman_image_unref(s[i].win.image);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

TEST(stack)
{
	if (!fixed_scene() || !await_scene())
		return TEST_FAIL;
	return t_run_seeded("test-stack", 400, check);
}
