/* What the x11 effect tests share: a private Xvfb (320x240) with shmcomp on a
 * configuration written for the case, shmcomp-ctl, windows with a class and
 * properties, and the screen's pixels. */
#ifndef SHMCOMP_TESTS_X11_EFFECTS_ENV_H
#define SHMCOMP_TESTS_X11_EFFECTS_ENV_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <xcb/xcb.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

#define FX_SCREEN_W 320
#define FX_SCREEN_H 240

struct fx_env {
	const char *name; /* the case's */
	const char *shmcomp, *ctl, *outdir, *srcdir;
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
	char conf[512], log[512];
};

/* The arguments after the case name: SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR. */
struct fx_env fx_env_of(const struct test_ctx *tc);
/* Xvfb, then shmcomp --config (the text) with `args` (NULL-terminated, may be NULL);
 * 0 once shmcomp owns the selection. */
int fx_start(struct fx_env *e, const char *conf, const char *const *args);
/* shmcomp started again on the same server (after fx_stop_comp). */
int fx_start_comp(struct fx_env *e, const char *const *args);
void fx_stop_comp(struct fx_env *e);
void fx_stop(struct fx_env *e);

/* shmcomp-ctl ARGS... (NULL-terminated); its exit status, its output in *out (malloc'd,
 * may be NULL to drop it). */
int fx_ctl(struct fx_env *e, char **out, ...) __attribute__((sentinel));
int fx_wait(struct fx_env *e);
/* The value of KEY= in key=value text, or -1 (and a failure) when absent. */
long long fx_value(const char *text, const char *key);
/* `shmcomp-ctl stats`' KEY. */
long long fx_stat(struct fx_env *e, const char *key);

/* An override-redirect window of the root's visual (or ARGB, depth 32, with a pixel of
 * alpha 0 everywhere) with WM_CLASS "cls\0cls" when cls is given, mapped. */
xcb_window_t fx_window(struct fx_env *e, int16_t x, int16_t y, uint16_t w, uint16_t h,
        uint32_t pixel, const char *cls, bool argb);
/* The same, not mapped. */
xcb_window_t fx_window_unmapped(struct fx_env *e, int16_t x, int16_t y, uint16_t w, uint16_t h,
        uint32_t pixel, const char *cls, bool argb);
void fx_fill(struct fx_env *e, xcb_drawable_t d, uint32_t pixel, int16_t x, int16_t y, uint16_t w,
        uint16_t h);
void fx_set_cardinal(struct fx_env *e, xcb_window_t w, const char *prop, uint32_t v);
void fx_set_atoms(
        struct fx_env *e, xcb_window_t w, const char *prop, const char *const *names, size_t n);
void fx_set_string(struct fx_env *e, xcb_window_t w, const char *prop, const char *v);
void fx_delete(struct fx_env *e, xcb_window_t w, const char *prop);

uint32_t fx_pixel(struct fx_env *e, int16_t x, int16_t y);
/* The screen's pixels (x8r8g8b8, caller unrefs); NULL on error. */
pixman_image_t *fx_grab(struct fx_env *e);
/* Waits (ctl wait, and again for up to 2 s) until (x, y) shows `want` ±tol. */
bool fx_shows(struct fx_env *e, int16_t x, int16_t y, uint32_t want, int tol);
bool fx_near(uint32_t got, uint32_t want, int tol);
/* a*f + b*(1-f) per channel, rounded. */
uint32_t fx_mix(uint32_t a, uint32_t b, double f);

#endif
