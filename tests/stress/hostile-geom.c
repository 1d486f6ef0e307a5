/* Hostile geometry and damage: windows at the protocol's size limit, far off
 * screen, with giant borders, near and over the SHM pool cap; windows
 * destroyed, unmapped or reparented while they are being drawn; damage split
 * into tens of thousands of rectangles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/shape.h>

#include "tests/stress/hostile.h"

#define MAXS 32767

static bool shows_at(struct hostile *h, int16_t x, int16_t y, uint32_t want, const char *what)
{
	hostile_sync(h);
	return hostile_expect_pixel(h, x, y, want, what);
}

static void configure(
        struct hostile *h, xcb_window_t w, int32_t x, int32_t y, uint32_t width, uint32_t height)
{
	uint32_t v[] = {(uint32_t)x, (uint32_t)y, width, height};

	xcb_configure_window(h->c, w,
	        XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y | XCB_CONFIG_WINDOW_WIDTH |
	                XCB_CONFIG_WINDOW_HEIGHT,
	        v);
}

/* ---- geometry ---- */

/* 4 GiB of pixels: above the pool cap, drawn without contents; never a crash. */
static bool g_max(struct hostile *h)
{
	hostile_window(h, 0, 0, MAXS, MAXS, 0, 0xaa5500, true);
	return true;
}

static bool g_max_argb(struct hostile *h)
{
	hostile_argb_window(h, -100, -100, MAXS, MAXS, 0x80402010, true);
	return true;
}

static bool g_max_offset(struct hostile *h)
{
	hostile_window(h, -16000, -16000, MAXS, MAXS, 7, 0xaa5500, true);
	return true;
}

static bool g_far(struct hostile *h, int16_t x, int16_t y)
{
	xcb_window_t w = hostile_window(h, x, y, 200, 200, 3, 0x22aa66, true);
	char what[64];

	hostile_sync(h);
	stress_ctl(h->st, "wait", NULL);
	configure(h, w, 150, 150, 200, 200);
	snprintf(what, sizeof what, "window from %d,%d moved on screen", x, y);
	return shows_at(h, 250, 250, 0x22aa66, what);
}

static bool g_far_left(struct hostile *h)
{
	return g_far(h, -30000, 100);
}

static bool g_far_right(struct hostile *h)
{
	return g_far(h, 30000, 30000);
}

static bool g_far_both(struct hostile *h)
{
	return g_far(h, -30000, -30000);
}

static bool g_thin(struct hostile *h)
{
	hostile_window(h, -16000, 300, MAXS, 1, 0, 0x5511ee, true);
	hostile_window(h, 400, -16000, 1, MAXS, 0, 0xee1155, true);
	return shows_at(h, 100, 300, 0x5511ee, "32767x1 window") &&
	       shows_at(h, 400, 100, 0xee1155, "1x32767 window");
}

static bool g_resize_storm(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 0, 0, 10, 10, 0, 0x7799bb, true);
	struct stress_rng rng = {21};

	/* The server repaints the whole backing pixmap of each size: keep the
	 * heights small so that this stays quick. */
	for (int i = 0; i < 80; i++) {
		uint32_t s = (uint32_t)stress_rng_range(&rng, 1, MAXS);
		configure(h, w, -stress_rng_range(&rng, 0, (int)s / 2), 0, s,
		        (uint32_t)stress_rng_range(&rng, 1, 400));
		if (i % 10 == 0)
			xcb_flush(h->c);
	}
	configure(h, w, 120, 120, 300, 200);
	return shows_at(h, 200, 200, 0x7799bb, "80 resizes up to 32767 wide, then 300x200");
}

static bool g_move_huge(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 0, 0, MAXS, MAXS, 0, 0x334455, true);
	struct stress_rng rng = {22};

	/* (Each map makes the server paint 4 GiB, and so do some moves: 20 moves.) */
	for (int i = 0; i < 20; i++) {
		uint32_t v[] = {(uint32_t)stress_rng_range(&rng, -MAXS, MAXS),
		        (uint32_t)stress_rng_range(&rng, -MAXS, MAXS)};
		xcb_configure_window(h->c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, v);
	}
	return true;
}

/* 15000x15000x4 = 858 MiB: under the cap, drawn with its contents. A second
 * one no longer fits: drawn without contents. */
static bool g_near_cap(struct hostile *h)
{
	bool ok;

	hostile_window(h, -7000, -7000, 15000, 15000, 0, 0x6644aa, true);
	ok = shows_at(h, 5, 5, 0x6644aa, "a 15000x15000 window (858 MiB, under the cap)");
	hostile_window(h, -7000, -7000, 15000, 15000, 0, 0xaa4466, true);
	hostile_sync(h);
	stress_ctl(h->st, "wait", NULL);
	return ok;
}

/* Sixty-four MiB each: the pool runs out after about fifteen. */
static bool g_pool_exhaust(struct hostile *h)
{
	for (int i = 0; i < 20; i++)
		hostile_window(h, (int16_t)(-2000 + 50 * i), (int16_t)(-2000 + 30 * i), 4096, 4096,
		        0, 0x010101u * (uint32_t)(i * 10), true);
	hostile_sync(h);
	return true;
}

/* Adds windows of side `side` while each still gets a mirror (shm_bytes_live
 * grows); returns the new count. */
static int fill_pool(struct hostile *h, xcb_window_t *wins, int n, int max, uint16_t side)
{
	struct stress_stats st0 = {0}, st1 = {0};

	while (n < max && stress_stats(h->st, &st0)) {
		wins[n] = hostile_window(
		        h, (int16_t)(n % 300), (int16_t)(n % 200), side, side, 0, 0x304050, true);
		n++;
		hostile_sync(h);
		stress_ctl(h->st, "wait", NULL);
		if (!stress_stats(h->st, &st1) || st1.bytes_live == st0.bytes_live)
			break;
	}
	return n;
}

/* The SHM pool filled to the brim while the screen is small, then RandR makes
 * it full size: the new back buffers cannot be had. Once the windows are gone
 * and the pool is free again, the compositor must draw again. */
static bool g_randr_full_pool(struct hostile *h)
{
	static const uint16_t sides[] = {4096, 1024, 512, 256, 128};
	enum { MAX = 256 };
	xcb_window_t *wins = calloc(MAX, sizeof *wins);
	struct stress_stats st = {0};
	int n = 0;
	bool ok = true;

	if (!wins)
		abort();
	stress_randr_resize(h->st->c, h->st->s, 400, 300);
	stress_ctl(h->st, "wait", NULL);
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
		n = fill_pool(h, wins, n, MAX, sides[i]);
	stress_stats(h->st, &st);
	fprintf(stderr, "%s: %d windows fill the pool: %lld bytes live\n", h->st->name, n,
	        st.bytes_live);
	stress_randr_resize(h->st->c, h->st->s, 800, 600);
	if (stress_ctl(h->st, "wait", NULL) != 0) {
		stress_fail(h->st, "with the SHM pool full, `wait` fails after a RandR resize "
		                   "from 400x300 to 800x600");
		ok = false;
	}
	for (int i = 0; i < n; i++)
		xcb_destroy_window(h->c, wins[i]);
	free(wins);
	hostile_sync(h);
	/* A probe may be presented from its own pixmap; where the windows were, only
	 * a composited frame (background) can show what is there now. */
	if (!stress_probe(h->st, 500, 400) ||
	        !hostile_expect_pixel(h, 150, 100, 0x000000, "background where the windows were")) {
		stress_fail(h->st,
		        "the screen is not updated after a RandR resize with the SHM "
		        "pool full, even once the windows are gone and the pool is free");
		ok = false;
	}
	return ok;
}

static bool g_huge_border(struct hostile *h)
{
	xcb_window_t a = hostile_window(h, 0, 0, 100, 100, 20000, 0x113355, true);
	xcb_window_t b = hostile_window(h, -30000, -30000, 1, 1, 65535, 0x553311, true);
	uint32_t bw = 40000;

	hostile_sync(h);
	stress_ctl(h->st, "wait", NULL);
	xcb_configure_window(h->c, a, XCB_CONFIG_WINDOW_BORDER_WIDTH, &bw);
	xcb_destroy_window(h->c, b);
	return true;
}

static bool g_border_storm(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 100, 100, 200, 200, 0, 0x446688, true);
	struct stress_rng rng = {23};

	/* Up to 1000 (the server repaints a backing pixmap of each size), and
	 * a few past what a pixmap can be. */
	for (int i = 0; i < 300; i++) {
		uint32_t bw = (uint32_t)(i % 100 == 99 ? stress_rng_range(&rng, 16384, 65535)
		                                       : stress_rng_range(&rng, 0, 1000));
		xcb_configure_window(h->c, w, XCB_CONFIG_WINDOW_BORDER_WIDTH, &bw);
	}
	uint32_t zero = 0;
	xcb_configure_window(h->c, w, XCB_CONFIG_WINDOW_BORDER_WIDTH, &zero);
	return shows_at(h, 150, 150, 0x446688, "300 border widths up to 65535, then 0");
}

static bool g_shaped_huge(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, -10000, -10000, MAXS, 12000, 0, 0x99cc33, false);
	xcb_rectangle_t r = {10100, 10100, 50, 50};

	xcb_shape_rectangles(h->c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, w, 0, 0, 1, &r);
	xcb_map_window(h->c, w);
	return true;
}

static bool g_many_one_flush(struct hostile *h)
{
	enum { N = 3000 };
	xcb_window_t *w = malloc(N * sizeof *w);

	if (!w)
		abort();
	for (int i = 0; i < N; i++)
		w[i] = hostile_window(h, (int16_t)(i % 700), (int16_t)(i % 500), 60, 40, 1,
		        0x000101u * (uint32_t)i, i % 3 != 0);
	for (int i = 0; i < N; i++)
		xcb_destroy_window(h->c, w[i]);
	free(w);
	return true;
}

static bool g_map_pingpong_huge(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 0, 0, MAXS, 2000, 0, 0xcc9966, false);

	for (int i = 0; i < 6; i++) {
		xcb_map_window(h->c, w);
		xcb_unmap_window(h->c, w);
	}
	return true;
}

static bool g_reparent_huge(struct hostile *h)
{
	xcb_window_t frame = hostile_window(h, 50, 50, 400, 300, 2, 0x202020, true);
	xcb_window_t w = hostile_window(h, 0, 0, MAXS, 8000, 0, 0x808000, true);

	for (int i = 0; i < 1; i++) {
		xcb_reparent_window(h->c, w, frame, 5, 5);
		xcb_reparent_window(h->c, w, h->s->root, (int16_t)(-i * 100), 0);
	}
	return true;
}

static const struct hostile_case geom_cases[] = {
        {"x-minus-30000", g_far_left},
        {"x-y-plus-30000", g_far_right},
        {"x-y-minus-30000", g_far_both},
        {"32767x1-and-1x32767", g_thin},
        {"resize-storm", g_resize_storm},
        {"near-pool-cap", g_near_cap},
        {"pool-exhaustion", g_pool_exhaust},
        {"randr-with-full-pool", g_randr_full_pool},
        {"huge-border", g_huge_border},
        {"border-storm", g_border_storm},
        {"3000-windows-one-flush", g_many_one_flush},
};

const struct hostile_group hostile_geom_group = {
        geom_cases, sizeof geom_cases / sizeof geom_cases[0]};

/* Each of these makes the X server allocate and paint gigabytes (the backing
 * pixmap of a redirected 32767x32767 window is 4 GiB): a group of their own. */
static const struct hostile_case huge_cases[] = {
        {"32767x32767", g_max},
        {"32767x32767-argb", g_max_argb},
        {"32767x32767-offset", g_max_offset},
        {"huge-move-storm", g_move_huge},
        {"shaped-huge", g_shaped_huge},
        {"huge-map-pingpong", g_map_pingpong_huge},
        {"huge-reparent", g_reparent_huge},
};

const struct hostile_group hostile_huge_group = {
        huge_cases, sizeof huge_cases / sizeof huge_cases[0]};

/* ---- damage ---- */

static void scribble(struct hostile *h, xcb_drawable_t d, xcb_gcontext_t gc, struct stress_rng *rng,
        int n, uint16_t w, uint16_t hh)
{
	for (int i = 0; i < n; i++) {
		uint32_t fg = (uint32_t)stress_rng_next(rng);
		xcb_rectangle_t r = {(int16_t)stress_rng_range(rng, -10, w),
		        (int16_t)stress_rng_range(rng, -10, hh),
		        (uint16_t)stress_rng_range(rng, 1, 80),
		        (uint16_t)stress_rng_range(rng, 1, 80)};
		xcb_change_gc(h->c, gc, XCB_GC_FOREGROUND, &fg);
		xcb_poly_fill_rectangle(h->c, d, gc, 1, &r);
	}
}

static bool d_destroy_loop(struct hostile *h, bool argb, int n)
{
	struct stress_rng rng = {argb ? 31u : 32u};

	for (int i = 0; i < n; i++) {
		xcb_window_t w = argb ? hostile_argb_window(h, (int16_t)(i % 500),
		                                (int16_t)(i % 300), 300, 300, 0x80204060, true)
		                      : hostile_window(h, (int16_t)(i % 500), (int16_t)(i % 300),
		                                300, 300, 2, 0x204060, true);
		xcb_gcontext_t gc = xcb_generate_id(h->c);
		xcb_create_gc(h->c, gc, w, 0, NULL);
		scribble(h, w, gc, &rng, 10, 300, 300);
		if (i % 3 == 0)
			xcb_flush(h->c); /* let the compositor see some of it */
		xcb_destroy_window(h->c, w);
		scribble(h, w, gc, &rng, 2, 300, 300); /* BadDrawable for us: fine */
		xcb_free_gc(h->c, gc);
		if (i % 25 == 0)
			hostile_sync(h);
	}
	return true;
}

static bool d_argb_destroy(struct hostile *h)
{
	return d_destroy_loop(h, true, 400);
}

static bool d_opaque_destroy(struct hostile *h)
{
	return d_destroy_loop(h, false, 400);
}

static bool d_resize_destroy(struct hostile *h)
{
	struct stress_rng rng = {33};

	for (int i = 0; i < 200; i++) {
		xcb_window_t w = hostile_argb_window(h, 10, 10, 200, 200, 0xc0ff0000, true);
		xcb_gcontext_t gc = xcb_generate_id(h->c);
		xcb_create_gc(h->c, gc, w, 0, NULL);
		scribble(h, w, gc, &rng, 5, 200, 200);
		configure(h, w, 10, 10, (uint32_t)stress_rng_range(&rng, 1, 900),
		        (uint32_t)stress_rng_range(&rng, 1, 700));
		scribble(h, w, gc, &rng, 5, 600, 600);
		if (i % 2)
			xcb_unmap_window(h->c, w);
		xcb_destroy_window(h->c, w);
		xcb_free_gc(h->c, gc);
		if (i % 10 == 0)
			xcb_flush(h->c);
	}
	return true;
}

/* The client's connection closes while its windows are being drawn: the
 * server destroys them all at once. */
static bool d_client_dies(struct hostile *h)
{
	struct stress_rng rng = {34};

	for (int round = 0; round < 8; round++) {
		xcb_screen_t *s;
		xcb_connection_t *c = xserver_connect(&h->st->xs, &s);
		struct hostile other = *h;
		other.c = c;
		other.s = s;
		other.argb_visual = 0;
		for (int i = 0; i < 10; i++) {
			xcb_window_t w = i % 2 ? hostile_argb_window(&other, (int16_t)(i * 40), 20,
			                                 250, 250, 0x60306090, true)
			                       : hostile_window(&other, (int16_t)(i * 40), 60, 250,
			                                 250, 1, 0x306090, true);
			xcb_gcontext_t gc = xcb_generate_id(c);
			xcb_create_gc(c, gc, w, 0, NULL);
			scribble(&other, w, gc, &rng, 30, 250, 250);
		}
		xcb_flush(c);
		sleep_ms(round * 3);
		xcb_disconnect(c);
	}
	return true;
}

static bool d_unmap_reparent(struct hostile *h)
{
	struct stress_rng rng = {35};
	xcb_window_t frame = hostile_window(h, 300, 200, 300, 300, 4, 0x101010, true);

	for (int i = 0; i < 200; i++) {
		xcb_window_t w = hostile_window(h, 20, 20, 200, 200, 0, 0x406080, true);
		xcb_gcontext_t gc = xcb_generate_id(h->c);
		xcb_create_gc(h->c, gc, w, 0, NULL);
		scribble(h, w, gc, &rng, 5, 200, 200);
		xcb_reparent_window(h->c, w, frame, 10, 10);
		scribble(h, w, gc, &rng, 5, 200, 200);
		xcb_reparent_window(h->c, w, h->s->root, 30, 30);
		scribble(h, w, gc, &rng, 5, 200, 200);
		xcb_unmap_window(h->c, w);
		scribble(h, w, gc, &rng, 5, 200, 200);
		if (i % 2)
			xcb_destroy_window(h->c, w);
		xcb_free_gc(h->c, gc);
		if (i % 20 == 0)
			xcb_flush(h->c);
	}
	return true;
}

/* Tens of thousands of separate damaged pixels: a fetch region of as many
 * boxes, frame after frame. */
static bool d_confetti(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 0, 0, 800, 600, 0, 0x000000, true);
	xcb_gcontext_t gc = xcb_generate_id(h->c);
	uint32_t fg = 0xffffff;
	enum { N = 4096 };
	xcb_point_t *pts = malloc(N * sizeof *pts);
	double t0 = monotonic_ms();
	bool ok;

	if (!pts)
		abort();
	xcb_create_gc(h->c, gc, w, XCB_GC_FOREGROUND, &fg);
	for (int round = 0; round < 12; round++) {
		for (int i = 0; i < N; i++)
			pts[i] = (xcb_point_t){(int16_t)((i % 128) * 6 + round % 3 * 2),
			        (int16_t)((i / 128) * 6 + round % 2 * 2 + 200 * (round % 3 == 2))};
		xcb_poly_point(h->c, XCB_COORD_MODE_ORIGIN, w, gc, N, pts);
		hostile_sync(h);
		stress_ctl(h->st, "wait", NULL);
	}
	free(pts);
	ok = shows_at(h, 0, 0, 0xffffff, "a drawn point") &&
	     shows_at(h, 1, 1, 0x000000, "between the points");
	fprintf(stderr, "%s: 12 frames of 4096 separate damaged pixels took %.0f ms\n", h->st->name,
	        monotonic_ms() - t0);
	return ok;
}

static bool d_scroll(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 50, 50, 600, 400, 0, 0x224466, true);
	xcb_gcontext_t gc = xcb_generate_id(h->c);
	struct stress_rng rng = {36};

	xcb_create_gc(h->c, gc, w, 0, NULL);
	for (int i = 0; i < 2000; i++) {
		xcb_copy_area(
		        h->c, w, w, gc, 0, 1, (int16_t)stress_rng_range(&rng, -5, 5), 0, 600, 399);
		if (i % 100 == 0) {
			scribble(h, w, gc, &rng, 20, 600, 400);
			xcb_flush(h->c);
		}
	}
	return true;
}

static const struct hostile_case damage_cases[] = {
        {"argb-destroyed-mid-damage", d_argb_destroy},
        {"opaque-destroyed-mid-damage", d_opaque_destroy},
        {"resized-then-destroyed", d_resize_destroy},
        {"client-dies-mid-draw", d_client_dies},
        {"reparented-unmapped-mid-damage", d_unmap_reparent},
        {"confetti-damage", d_confetti},
        {"copyarea-scroll-storm", d_scroll},
};

const struct hostile_group hostile_damage_group = {
        damage_cases, sizeof damage_cases / sizeof damage_cases[0]};
