/* x11 suite: what shmcomp shows for ARGB windows and _NET_WM_WINDOW_OPACITY
 * must match the OVER formula within ±1 per channel: for a premultiplied
 * source (a, c) with window opacity o over an opaque destination d,
 *   result = c*o + d*(1 - a*o).
 * Run as: test-blend blend SHMCOMP SHMCOMP_CTL */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

static xcb_window_t make_window(xcb_connection_t *c, xcb_screen_t *s, bool argb, int16_t x,
        int16_t y, uint16_t w, uint16_t h)
{
	xcb_window_t win = xcb_generate_id(c);
	uint32_t v[3] = {0, 0, 0};

	if (argb) {
		xcb_colormap_t cmap = xcb_generate_id(c);
		xcb_visualid_t vis = x_argb_visual(s);
		xcb_create_colormap(c, XCB_COLORMAP_ALLOC_NONE, cmap, s->root, vis);
		v[2] = cmap;
		xcb_create_window(c, 32, win, s->root, x, y, w, h, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT,
		        vis, XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_COLORMAP, v);
	} else {
		xcb_create_window(c, XCB_COPY_FROM_PARENT, win, s->root, x, y, w, h, 0,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, s->root_visual, XCB_CW_BACK_PIXEL, v);
	}
	uint32_t ovr = 1;
	xcb_change_window_attributes(c, win, XCB_CW_OVERRIDE_REDIRECT, &ovr);
	xcb_map_window(c, win);
	return win;
}

static void fill(xcb_connection_t *c, xcb_drawable_t d, uint32_t pixel, int16_t x, int16_t y,
        uint16_t w, uint16_t h)
{
	xcb_gcontext_t gc = xcb_generate_id(c);
	xcb_rectangle_t r = {x, y, w, h};

	xcb_create_gc(c, gc, d, XCB_GC_FOREGROUND, &pixel);
	xcb_poly_fill_rectangle(c, d, gc, 1, &r);
	xcb_free_gc(c, gc);
}

static uint32_t over(uint32_t src_premul, double opacity, uint32_t dst)
{
	double a = (double)(src_premul >> 24) / 255.0;
	uint32_t out = 0;

	for (int shift = 0; shift <= 16; shift += 8) {
		double sc = (double)((src_premul >> shift) & 0xff);
		double dc = (double)((dst >> shift) & 0xff);
		double v = sc * opacity + dc * (1.0 - a * opacity);
		out |= (uint32_t)lround(v) << shift;
	}
	return out;
}

static bool within1(uint32_t got, uint32_t want)
{
	for (int shift = 0; shift <= 16; shift += 8) {
		int d = (int)((got >> shift) & 0xff) - (int)((want >> shift) & 0xff);
		if (d < -1 || d > 1)
			return false;
	}
	return true;
}

static void set_opacity(xcb_connection_t *c, xcb_window_t w, uint32_t o)
{
	xcb_atom_t opacity = x_atom(c, "_NET_WM_WINDOW_OPACITY");

	if (opacity != XCB_NONE)
		xcb_change_property(
		        c, XCB_PROP_MODE_REPLACE, w, opacity, XCB_ATOM_CARDINAL, 32, 1, &o);
}

static int ctl_wait(const char *ctl, const struct xserver *xs)
{
	const char *argv[] = {ctl, "--display", xs->name, "wait", NULL};
	return wait_exit(spawn(argv, NULL, NULL), 10000);
}

static const uint32_t under = 0x204080;
static const uint32_t alphas[] = {0x00, 0x01, 0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff};
static const uint32_t opacities[] = {0xffffffffu, 0x80000000u, 0x40000000u, 0x0u};

/* Premultiplied colour of alpha a from a straight colour. */
static uint32_t premul(uint32_t a, uint32_t rgb)
{
	uint32_t out = a << 24;
	for (int shift = 0; shift <= 16; shift += 8)
		out |= ((((rgb >> shift) & 0xff) * a + 127) / 255) << shift;
	return out;
}

static void check_strip(
        xcb_connection_t *c, xcb_screen_t *s, int16_t y0, bool argb, uint32_t opacity)
{
	double o = opacity == 0xffffffffu ? 1.0 : (double)opacity / 4294967295.0;

	for (size_t i = 0; i < sizeof alphas / sizeof alphas[0]; i++) {
		uint32_t src = argb ? premul(alphas[i], 0xe0a010) : (0xff000000u | 0xe0a010);
		int16_t x = (int16_t)(10 + i * 40 + 15);
		uint32_t got = root_pixel(c, s, x, (int16_t)(y0 + 15));
		uint32_t want = over(src, o, under);
		if (!within1(got, want)) {
			test_fail("%s alpha 0x%02x opacity 0x%08x: got %06x want %06x",
			        argb ? "ARGB" : "opaque", alphas[i], opacity, got, want);
		}
	}
}

/* Arguments: SHMCOMP SHMCOMP_CTL. */
TEST(blend)
{
	const char *shmcomp = test_arg(tc, 0, "SHMCOMP"), *ctl = test_arg(tc, 1, "SHMCOMP_CTL");
	struct xserver xs;
	xcb_screen_t *s;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, &s);
	if (!x_argb_visual(s)) {
		fprintf(stderr, "no 32-bit visual\n");
		xcb_disconnect(c);
		xserver_stop(&xs);
		return TEST_FAIL;
	}
	const char *comp_argv[] = {shmcomp, "--no-vsync", NULL};
	pid_t comp = spawn(comp_argv, xs.name, NULL);
	CHECK(wait_cm_owner(c, 5000));

	xcb_window_t base = make_window(c, s, false, 0, 0, 400, 400);
	x_sync(c);
	fill(c, base, under, 0, 0, 400, 400);
	int16_t y = 10;
	for (size_t k = 0; k < sizeof opacities / sizeof opacities[0]; k++) {
		for (int argb = 0; argb < 2; argb++, y = (int16_t)(y + 40)) {
			xcb_window_t w = make_window(c, s, argb, 10, y, 320, 30);
			if (opacities[k] != 0xffffffffu)
				set_opacity(c, w, opacities[k]);
			x_sync(c);
			for (size_t i = 0; i < sizeof alphas / sizeof alphas[0]; i++) {
				uint32_t px = argb ? premul(alphas[i], 0xe0a010) : 0xe0a010;
				fill(c, w, px, (int16_t)(i * 40), 0, 40, 30);
			}
		}
	}
	x_sync(c);
	CHECK(ctl_wait(ctl, &xs) == 0);
	y = 10;
	for (size_t k = 0; k < sizeof opacities / sizeof opacities[0]; k++)
		for (int argb = 0; argb < 2; argb++, y = (int16_t)(y + 40))
			check_strip(c, s, y, argb, opacities[k]);
	kill(comp, SIGTERM);
	CHECK(wait_exit(comp, 3000) == 0);
	xcb_disconnect(c);
	xserver_stop(&xs);
	return TEST_PASS;
}
