/* The benchmark's windows: override-redirect top-levels with dark grey backgrounds, painted
 * with solid fills of colours that are never reused, so that a pixel on screen tells which
 * update it comes from. */
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>

#include "bench/bench.h"

/* Fills have bit 23 set, backgrounds never: a background can't pass for an update. */
#define FILL_BIT 0x800000u
#define FILL_MASK 0x7fffffu
#define FILL_MULTIPLIER 0x9e3779u

uint32_t bench_scene_background(int i)
{
	return 0x202020u + (uint32_t)(i % 64) * 0x010101u;
}

static bool sync_ok(xcb_connection_t *c)
{
	xcb_get_input_focus_reply_t *r = xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL);
	bool ok = r != NULL;

	free(r);
	return ok && !xcb_connection_has_error(c);
}

static void create_window(struct bench_scene *sc, xcb_screen_t *screen, int i)
{
	struct bench_rect *r = &sc->geom[i];
	uint32_t values[] = {bench_scene_background(i), 1};

	sc->win[i] = xcb_generate_id(sc->c);
	xcb_create_window(sc->c, XCB_COPY_FROM_PARENT, sc->win[i], screen->root, r->x, r->y, r->w,
	        r->h, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, screen->root_visual,
	        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, values);
	xcb_map_window(sc->c, sc->win[i]);
	sc->mapped[i] = true;
}

bool bench_scene_create(struct bench_scene *sc, xcb_connection_t *c, xcb_screen_t *screen, int n,
        bench_place_fn place)
{
	*sc = (struct bench_scene){.c = c, .root = screen->root, .count = n};
	sc->win = calloc((size_t)n, sizeof *sc->win);
	sc->geom = calloc((size_t)n, sizeof *sc->geom);
	sc->mapped = calloc((size_t)n, sizeof *sc->mapped);
	if (!sc->win || !sc->geom || !sc->mapped) {
		bench_scene_destroy(sc);
		return false;
	}
	for (int i = 0; i < n; i++) {
		place(i, n, &sc->geom[i]);
		create_window(sc, screen, i);
	}
	sc->gc = xcb_generate_id(c);
	xcb_create_gc(c, sc->gc, screen->root, 0, NULL);
	return sync_ok(c);
}

void bench_scene_destroy(struct bench_scene *sc)
{
	if (sc->c && !xcb_connection_has_error(sc->c)) {
		for (int i = 0; sc->win && i < sc->count; i++)
			if (sc->win[i] != XCB_NONE)
				xcb_destroy_window(sc->c, sc->win[i]);
		if (sc->gc != XCB_NONE)
			xcb_free_gc(sc->c, sc->gc);
		sync_ok(sc->c);
	}
	free(sc->win);
	free(sc->geom);
	free(sc->mapped);
	*sc = (struct bench_scene){0};
}

uint32_t bench_scene_colour(struct bench_scene *sc)
{
	/* k * odd constant is a bijection modulo 2^23: no repeat within 8M updates */
	sc->painted++;
	return FILL_BIT | ((sc->painted * FILL_MULTIPLIER) & FILL_MASK);
}

int64_t bench_scene_colour_index(uint32_t colour)
{
	uint32_t a = FILL_MULTIPLIER, inv = a;

	if (!(colour & FILL_BIT) || colour > 0xffffffu)
		return -1;
	for (int i = 0; i < 5; i++) /* Newton: inverse of the odd multiplier modulo 2^32 */
		inv *= 2u - a * inv;
	return (int64_t)(((colour & FILL_MASK) * inv) & FILL_MASK);
}

void bench_scene_fill(struct bench_scene *sc, int i, struct bench_rect r, uint32_t colour)
{
	xcb_rectangle_t rect = {r.x, r.y, r.w, r.h};

	xcb_change_gc(sc->c, sc->gc, XCB_GC_FOREGROUND, &colour);
	xcb_poly_fill_rectangle(sc->c, sc->win[i], sc->gc, 1, &rect);
}

void bench_scene_move(struct bench_scene *sc, int i, int16_t x, int16_t y)
{
	uint32_t pos[] = {(uint32_t)(int32_t)x, (uint32_t)(int32_t)y};

	xcb_configure_window(sc->c, sc->win[i], XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	sc->geom[i].x = x;
	sc->geom[i].y = y;
}

void bench_scene_map(struct bench_scene *sc, int i, bool map)
{
	if (map)
		xcb_map_window(sc->c, sc->win[i]);
	else
		xcb_unmap_window(sc->c, sc->win[i]);
	sc->mapped[i] = map;
}

static xcb_atom_t intern(xcb_connection_t *c, const char *name)
{
	xcb_intern_atom_reply_t *r =
	        xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_NONE;

	free(r);
	return a;
}

void bench_scene_opacity(struct bench_scene *sc, int i, double opacity)
{
	xcb_atom_t atom = intern(sc->c, "_NET_WM_WINDOW_OPACITY");
	uint32_t v = (uint32_t)(opacity * 4294967295.0);

	if (atom != XCB_NONE)
		xcb_change_property(sc->c, XCB_PROP_MODE_REPLACE, sc->win[i], atom,
		        XCB_ATOM_CARDINAL, 32, 1, &v);
}

void bench_scene_focus(struct bench_scene *sc, int i)
{
	xcb_set_input_focus(sc->c, XCB_INPUT_FOCUS_POINTER_ROOT, sc->win[i], XCB_CURRENT_TIME);
}

bool bench_scene_redirected(struct bench_scene *sc, int i)
{
	xcb_pixmap_t pixmap = xcb_generate_id(sc->c);
	xcb_generic_error_t *e = xcb_request_check(
	        sc->c, xcb_composite_name_window_pixmap_checked(sc->c, sc->win[i], pixmap));

	if (e) {
		free(e);
		return false;
	}
	xcb_free_pixmap(sc->c, pixmap);
	return true;
}

bool bench_scene_wait_redirected(struct bench_scene *sc, int i, int timeout_ms)
{
	double end = bench_now_ms() + timeout_ms;

	while (!bench_scene_redirected(sc, i)) {
		if (bench_now_ms() > end || xcb_connection_has_error(sc->c))
			return false;
		bench_sleep_us(10000);
	}
	return true;
}

uint32_t bench_scene_pixel(struct bench_scene *sc, int16_t x, int16_t y)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(sc->c,
	        xcb_get_image(sc->c, XCB_IMAGE_FORMAT_Z_PIXMAP, sc->root, x, y, 1, 1, UINT32_MAX),
	        NULL);
	uint32_t v = BENCH_NO_PIXEL;

	if (r && xcb_get_image_data_length(r) >= 4) {
		memcpy(&v, xcb_get_image_data(r), sizeof v);
		v &= 0xffffffu;
	}
	free(r);
	return v;
}

bool bench_scene_wait_pixel(
        struct bench_scene *sc, int16_t x, int16_t y, uint32_t colour, int timeout_ms)
{
	double end = bench_now_ms() + timeout_ms;

	for (;;) {
		uint32_t v = bench_scene_pixel(sc, x, y);
		if (v == colour)
			return true;
		if (v == BENCH_NO_PIXEL || bench_now_ms() > end)
			return false;
	}
}

int bench_scene_focus_shown(struct bench_scene *sc, int i, int16_t x, int16_t y, uint32_t colour)
{
	for (int again = 0; again < 10; again++) {
		if (bench_scene_wait_pixel(sc, x, y, colour, again ? 1000 : 1500))
			return again;
		xcb_set_input_focus(sc->c, XCB_INPUT_FOCUS_POINTER_ROOT,
		        XCB_INPUT_FOCUS_POINTER_ROOT, XCB_CURRENT_TIME);
		bench_scene_focus(sc, i);
		xcb_flush(sc->c);
	}
	return -1;
}
