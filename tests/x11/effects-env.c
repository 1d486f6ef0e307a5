/* The x11 effect tests' shared helpers (effects-env.h). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/x11/effects-env.h"

#define MAX_CTL_ARGS 16

struct fx_env fx_env_of(const struct test_ctx *tc)
{
	return (struct fx_env){
	        .name = tc->name,
	        .shmcomp = test_arg(tc, 0, "SHMCOMP"),
	        .ctl = test_arg(tc, 1, "SHMCOMP_CTL"),
	        .outdir = test_arg(tc, 2, "BUILDDIR"),
	        .srcdir = test_arg(tc, 3, "SRCDIR"),
	        .xs = {.pid = -1},
	        .comp = -1,
	};
}

int fx_start_comp(struct fx_env *e, const char *const *args)
{
	const char *argv[24] = {e->shmcomp, "--config", e->conf, "--log-level", "debug"};
	size_t n = 5;

	for (size_t i = 0; args && args[i] && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	e->comp = spawn(argv, e->xs.name, e->log);
	return wait_cm_owner(e->c, 5000) ? 0 : 1;
}

int fx_start(struct fx_env *e, const char *conf, const char *const *args)
{
	static const char *const server[] = {"-screen", "0", "320x240x24", NULL};
	int r = xserver_start(&e->xs, "Xvfb", server);

	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	snprintf(e->conf, sizeof e->conf, "%s/fx-%s.conf", e->outdir, e->name);
	snprintf(e->log, sizeof e->log, "%s/fx-%s.log", e->outdir, e->name);
	write_file(e->conf, conf);
	return fx_start_comp(e, args);
}

void fx_stop_comp(struct fx_env *e)
{
	if (e->comp > 0) {
		kill(e->comp, SIGTERM);
		CHECK(wait_exit(e->comp, 3000) == 0);
	}
	e->comp = -1;
}

void fx_stop(struct fx_env *e)
{
	fx_stop_comp(e);
	if (e->c)
		xcb_disconnect(e->c);
	e->c = NULL;
	xserver_stop(&e->xs);
}

int fx_ctl(struct fx_env *e, char **out, ...)
{
	const char *argv[MAX_CTL_ARGS + 4] = {e->ctl, "--display", e->xs.name};
	char path[700];
	size_t n = 3;
	va_list ap;
	const char *a;
	int rc;

	va_start(ap, out);
	while ((a = va_arg(ap, const char *)) && n < MAX_CTL_ARGS + 3)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	snprintf(path, sizeof path, "%s/fx-%s.ctl", e->outdir, e->name);
	rc = wait_exit(spawn(argv, NULL, path), 20000);
	if (out)
		*out = read_file(path);
	return rc;
}

int fx_wait(struct fx_env *e)
{
	return fx_ctl(e, NULL, "wait", NULL);
}

long long fx_value(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p && *p;) {
		if (strncmp(p, key, n) == 0 && p[n] == '=')
			return strtoll(p + n + 1, NULL, 0);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	test_fail("no %s= in:\n%s", key, text ? text : "(nothing)");
	return -1;
}

long long fx_stat(struct fx_env *e, const char *key)
{
	char *text = NULL;
	long long v;

	CHECK(fx_ctl(e, &text, "stats", NULL) == 0);
	v = fx_value(text, key);
	free(text);
	return v;
}

xcb_window_t fx_window_unmapped(struct fx_env *e, int16_t x, int16_t y, uint16_t w, uint16_t h,
        uint32_t pixel, const char *cls, bool argb)
{
	xcb_window_t win = xcb_generate_id(e->c);

	if (argb) {
		xcb_colormap_t cmap = xcb_generate_id(e->c);
		xcb_visualid_t vis = x_argb_visual(e->s);
		uint32_t v[] = {pixel, 0, 1, cmap};
		xcb_create_colormap(e->c, XCB_COLORMAP_ALLOC_NONE, cmap, e->s->root, vis);
		xcb_create_window(e->c, 32, win, e->s->root, x, y, w, h, 0,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, vis,
		        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_OVERRIDE_REDIRECT |
		                XCB_CW_COLORMAP,
		        v);
	} else {
		uint32_t v[] = {pixel, 1};
		xcb_create_window(e->c, XCB_COPY_FROM_PARENT, win, e->s->root, x, y, w, h, 0,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual,
		        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, v);
	}
	if (cls) {
		char buf[128];
		int n = snprintf(buf, sizeof buf, "%s%c%s", cls, 0, cls);
		xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, win, XCB_ATOM_WM_CLASS,
		        XCB_ATOM_STRING, 8, (uint32_t)n + 1, buf);
	}
	return win;
}

xcb_window_t fx_window(struct fx_env *e, int16_t x, int16_t y, uint16_t w, uint16_t h,
        uint32_t pixel, const char *cls, bool argb)
{
	xcb_window_t win = fx_window_unmapped(e, x, y, w, h, pixel, cls, argb);

	xcb_map_window(e->c, win);
	x_sync(e->c);
	return win;
}

void fx_fill(struct fx_env *e, xcb_drawable_t d, uint32_t pixel, int16_t x, int16_t y, uint16_t w,
        uint16_t h)
{
	xcb_gcontext_t gc = xcb_generate_id(e->c);
	xcb_rectangle_t r = {x, y, w, h};

	xcb_create_gc(e->c, gc, d, XCB_GC_FOREGROUND, &pixel);
	xcb_poly_fill_rectangle(e->c, d, gc, 1, &r);
	xcb_free_gc(e->c, gc);
	x_sync(e->c);
}

void fx_set_cardinal(struct fx_env *e, xcb_window_t w, const char *prop, uint32_t v)
{
	xcb_change_property(
	        e->c, XCB_PROP_MODE_REPLACE, w, x_atom(e->c, prop), XCB_ATOM_CARDINAL, 32, 1, &v);
	x_sync(e->c);
}

void fx_set_atoms(
        struct fx_env *e, xcb_window_t w, const char *prop, const char *const *names, size_t n)
{
	xcb_atom_t a[16];

	for (size_t i = 0; i < n && i < 16; i++)
		a[i] = x_atom(e->c, names[i]);
	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, w, x_atom(e->c, prop), XCB_ATOM_ATOM, 32,
	        (uint32_t)(n < 16 ? n : 16), a);
	x_sync(e->c);
}

void fx_set_string(struct fx_env *e, xcb_window_t w, const char *prop, const char *v)
{
	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, w, x_atom(e->c, prop), XCB_ATOM_STRING, 8,
	        (uint32_t)strlen(v), v);
	x_sync(e->c);
}

void fx_delete(struct fx_env *e, xcb_window_t w, const char *prop)
{
	xcb_delete_property(e->c, w, x_atom(e->c, prop));
	x_sync(e->c);
}

uint32_t fx_pixel(struct fx_env *e, int16_t x, int16_t y)
{
	return root_pixel(e->c, e->s, x, y);
}

pixman_image_t *fx_grab(struct fx_env *e)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(e->c,
	        xcb_get_image(e->c, XCB_IMAGE_FORMAT_Z_PIXMAP, e->s->root, 0, 0, FX_SCREEN_W,
	                FX_SCREEN_H, ~0u),
	        NULL);
	pixman_image_t *img = NULL;

	if (r && xcb_get_image_data_length(r) >= FX_SCREEN_W * FX_SCREEN_H * 4) {
		img = pixman_image_create_bits(PIXMAN_x8r8g8b8, FX_SCREEN_W, FX_SCREEN_H, NULL, 0);
		if (img)
			memcpy(pixman_image_get_data(img), xcb_get_image_data(r),
			        (size_t)FX_SCREEN_W * FX_SCREEN_H * 4);
	}
	free(r);
	return img;
}

bool fx_near(uint32_t got, uint32_t want, int tol)
{
	for (int s = 0; s <= 16; s += 8) {
		int d = (int)((got >> s) & 0xff) - (int)((want >> s) & 0xff);
		if (d < -tol || d > tol)
			return false;
	}
	return true;
}

uint32_t fx_mix(uint32_t a, uint32_t b, double f)
{
	uint32_t out = 0;

	for (int s = 0; s <= 16; s += 8) {
		double v = ((a >> s) & 0xff) * f + ((b >> s) & 0xff) * (1 - f);
		out |= (uint32_t)(v + 0.5) << s;
	}
	return out;
}

bool fx_shows(struct fx_env *e, int16_t x, int16_t y, uint32_t want, int tol)
{
	uint32_t got = 0;

	for (int i = 0; i < 100; i++) {
		fx_wait(e);
		if (fx_near(got = fx_pixel(e, x, y), want, tol))
			return true;
		usleep(20000);
	}
	test_fail("(%d,%d) shows %06x, want %06x (±%d)", x, y, got, want, tol);
	return false;
}
