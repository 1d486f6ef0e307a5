/* x11 suite: the global options that mean something to shmcomp, in a running one —
 * log-file (appended to, never through a symlink), write-pid-path (removed on exit),
 * log-level and vsync from the file (the command line wins), detect-client-opacity,
 * use-ewmh-active-win (the focus only from _NET_ACTIVE_WINDOW), no-ewmh-fullscreen,
 * detect-transient (group_focused), detect-rounded-corners (rounded_corners),
 * shadow-exclude-reg, show-all-xerrors and the `fading` of a window on the virtual clock.
 * Run as: test-options CASE SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xcb/shape.h>

#include "tests/x11/effects-env.h"

#define BG 0x204060u
#define FG 0xe0a010u

TEST(files)
{
	struct fx_env e = fx_env_of(tc);
	char conf[2048], logf[600], pidf[600], link[600], text[64];

	snprintf(logf, sizeof logf, "%s/opt-files.log", e.outdir);
	snprintf(pidf, sizeof pidf, "%s/opt-files.pid", e.outdir);
	snprintf(link, sizeof link, "%s/opt-files-link.log", e.outdir);
	unlink(pidf);
	unlink(link);
	write_file(logf, "before\n");
	snprintf(conf, sizeof conf,
	        "log-file = \"%s\";\nwrite-pid-path = \"%s\";\nlog-level = \"info\";\n"
	        "vsync = true;\n",
	        logf, pidf);
	int r = fx_start(&e, conf, (const char *const[]){"--log-level", "info", NULL});
	if (r)
		return r;
	CHECK(fx_wait(&e) == 0);
	char *pid = read_file(pidf);
	snprintf(text, sizeof text, "%d\n", (int)e.comp);
	CHECK(pid && strcmp(pid, text) == 0);
	free(pid);
	char *log = read_file(logf);
	CHECK(log && strncmp(log, "before\n", 7) == 0 && strstr(log, "shmcomp: info: "));
	free(log);
	CHECK(fx_stat(&e, "vsync") == 1);
	fx_stop_comp(&e);
	struct stat st;
	CHECK(stat(pidf, &st) != 0); /* removed on the way out */

	/* the command line wins; a symlink at log-file is not followed */
	CHECK(symlink(logf, link) == 0);
	snprintf(conf, sizeof conf, "log-file = \"%s\";\nvsync = true;\n", link);
	write_file(e.conf, conf);
	char *was = read_file(logf);
	size_t before = was ? strlen(was) : 0;
	free(was);
	CHECK(fx_start_comp(&e, (const char *const[]){"--no-vsync", NULL}) == 0);
	CHECK(fx_stat(&e, "vsync") == 0);
	fx_stop_comp(&e);
	char *after = read_file(logf);
	CHECK(after && strlen(after) == before);
	free(after);
	char *own = read_file(e.log);
	CHECK(own && strstr(own, "log-file"));
	free(own);
	fx_stop(&e);
	return TEST_PASS;
}

/* log-level from the file: debug lines appear without --log-level. */
TEST(log_level)
{
	struct fx_env e = fx_env_of(tc);
	char conf[1024], logf[600];
	int r;

	snprintf(logf, sizeof logf, "%s/opt-level.log", e.outdir);
	unlink(logf);
	snprintf(conf, sizeof conf, "log-file = \"%s\";\nlog-level = \"debug\";\n", logf);
	static const char *const server[] = {"-screen", "0", "320x240x24", NULL};
	if ((r = xserver_start(&e.xs, "Xvfb", server)))
		return r;
	e.c = xserver_connect(&e.xs, &e.s);
	snprintf(e.conf, sizeof e.conf, "%s/opt-level.conf", e.outdir);
	snprintf(e.log, sizeof e.log, "%s/opt-level.stderr", e.outdir);
	write_file(e.conf, conf);
	const char *argv[] = {e.shmcomp, "--config", e.conf, NULL};
	e.comp = spawn(argv, e.xs.name, e.log);
	CHECK(wait_cm_owner(e.c, 5000));
	fx_window(&e, 10, 10, 40, 40, FG, "Any", false);
	CHECK(fx_wait(&e) == 0);
	char *log = read_file(logf);
	CHECK(log && strstr(log, "shmcomp: debug: "));
	free(log);
	fx_stop(&e);
	return TEST_PASS;
}

/* A frame (no WM_STATE) with a client child (WM_STATE) whose _NET_WM_WINDOW_OPACITY is
 * half: drawn at half with detect-client-opacity, opaque without. */
static xcb_window_t framed(struct fx_env *e, int16_t x)
{
	xcb_window_t frame = fx_window_unmapped(e, x, 10, 60, 60, FG, NULL, false);
	xcb_window_t client = xcb_generate_id(e->c);
	uint32_t v[] = {FG};
	uint32_t state[2] = {1, XCB_NONE};
	xcb_atom_t wm_state = x_atom(e->c, "WM_STATE");

	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, client, frame, 0, 0, 60, 60, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual, XCB_CW_BACK_PIXEL, v);
	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, client, wm_state, wm_state, 32, 2, state);
	xcb_map_window(e->c, client);
	fx_set_cardinal(e, client, "_NET_WM_WINDOW_OPACITY", 0x80000000u);
	xcb_map_window(e->c, frame);
	x_sync(e->c);
	return client;
}

TEST(client_opacity)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(
	        &e, "background-color = \"#204060\";\ndetect-client-opacity = true;\n", NULL);

	if (r)
		return r;
	xcb_window_t client = framed(&e, 10);
	CHECK(fx_shows(&e, 40, 40, fx_mix(FG, BG, 0.5), 2));
	fx_delete(&e, client, "_NET_WM_WINDOW_OPACITY"); /* the property followed */
	CHECK(fx_shows(&e, 40, 40, FG, 0));
	write_file(e.conf, "background-color = \"#204060\";\n");
	fx_set_cardinal(&e, client, "_NET_WM_WINDOW_OPACITY", 0x80000000u);
	CHECK(fx_ctl(&e, NULL, "reload", NULL) == 0);
	CHECK(fx_shows(&e, 40, 40, FG, 0)); /* off: the client's opacity is not read */
	fx_stop(&e);
	return TEST_PASS;
}

static void set_active(struct fx_env *e, xcb_window_t w)
{
	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, e->s->root,
	        x_atom(e->c, "_NET_ACTIVE_WINDOW"), XCB_ATOM_WINDOW, 32, 1, &w);
	x_sync(e->c);
}

/* The focused window is undimmed. With use-ewmh-active-win the input focus does not
 * count, _NET_ACTIVE_WINDOW does; without, the input focus does too. With
 * detect-transient a window transient for the focused one is group_focused. */
TEST(focus)
{
	struct fx_env e = fx_env_of(tc);
	static const char conf[] =
	        "background-color = \"#204060\";\n"
	        "use-ewmh-active-win = true;\n"
	        "detect-transient = true;\n"
	        "rules = ( { match = \"!focused\"; dim = 0.5; },\n"
	        "  { match = \"group_focused && !focused\"; opacity = 0.5; } );\n";
	int r = fx_start(&e, conf, NULL);

	if (r)
		return r;
	xcb_window_t a = fx_window(&e, 10, 10, 40, 40, FG, "A", false);
	xcb_window_t b = fx_window_unmapped(&e, 60, 10, 40, 40, FG, "B", false);
	xcb_change_property(e.c, XCB_PROP_MODE_REPLACE, b, XCB_ATOM_WM_TRANSIENT_FOR,
	        XCB_ATOM_WINDOW, 32, 1, &a);
	xcb_map_window(e.c, b);
	x_sync(e.c);
	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, 0, 0.5), 2));
	xcb_set_input_focus(e.c, XCB_INPUT_FOCUS_POINTER_ROOT, a, XCB_CURRENT_TIME);
	x_sync(e.c);
	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, 0, 0.5), 2)); /* input focus does not count */
	set_active(&e, a);
	CHECK(fx_shows(&e, 30, 30, FG, 0));
	/* B, transient for A: in its group, half, dimmed (the dim scaled by the opacity) */
	CHECK(fx_shows(&e, 80, 30, fx_mix(fx_mix(FG, BG, 0.5), 0, 0.75), 3));
	set_active(&e, b);
	CHECK(fx_shows(&e, 80, 30, FG, 0));
	CHECK(fx_shows(&e, 30, 30, fx_mix(fx_mix(FG, BG, 0.5), 0, 0.75), 3));
	fx_stop(&e);
	return TEST_PASS;
}

/* fullscreen: _NET_WM_STATE_FULLSCREEN counts unless no-ewmh-fullscreen; covering the
 * screen always does. */
TEST(fullscreen)
{
	struct fx_env e = fx_env_of(tc);
	static const char *const full[] = {"_NET_WM_STATE_FULLSCREEN"};
	static const char base[] = "background-color = \"#204060\";\n"
	                           "rules = ( { match = \"fullscreen\"; dim = 0.5; } );\n";
	int r = fx_start(&e, base, NULL);
	char conf[512];

	if (r)
		return r;
	xcb_window_t w = fx_window(&e, 10, 10, 40, 40, FG, "Small", false);
	fx_set_atoms(&e, w, "_NET_WM_STATE", full, 1);
	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, 0, 0.5), 2));
	snprintf(conf, sizeof conf, "%sno-ewmh-fullscreen = true;\n", base);
	write_file(e.conf, conf);
	CHECK(fx_ctl(&e, NULL, "reload", NULL) == 0);
	CHECK(fx_shows(&e, 30, 30, FG, 0));
	fx_window(&e, 0, 0, FX_SCREEN_W, FX_SCREEN_H, 0x10a0e0, "Big", false);
	CHECK(fx_shows(&e, 160, 120, fx_mix(0x10a0e0, 0, 0.5), 2));
	fx_stop(&e);
	return TEST_PASS;
}

/* rounded_corners with detect-rounded-corners: a shape that cuts only the corners. */
TEST(rounded)
{
	struct fx_env e = fx_env_of(tc);
	static const char conf[] = "background-color = \"#204060\";\n"
	                           "detect-rounded-corners = true;\n"
	                           "rules = ( { match = \"rounded_corners\"; dim = 0.5; },\n"
	                           "  { match = \"bounding_shaped && !rounded_corners\"; "
	                           "opacity = 0.5; } );\n";
	int r = fx_start(&e, conf, NULL);

	if (r)
		return r;
	xcb_window_t round = fx_window_unmapped(&e, 10, 10, 80, 80, FG, "Round", false);
	xcb_rectangle_t cut[] = {{4, 0, 72, 4}, {0, 4, 80, 72}, {4, 76, 72, 4}};
	xcb_shape_rectangles(e.c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, round, 0, 0, 3, cut);
	xcb_map_window(e.c, round);
	xcb_window_t notch = fx_window_unmapped(&e, 120, 10, 80, 80, FG, "Notch", false);
	xcb_rectangle_t half[] = {{0, 0, 80, 40}, {0, 40, 30, 40}};
	xcb_shape_rectangles(e.c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, notch, 0, 0, 2, half);
	xcb_map_window(e.c, notch);
	x_sync(e.c);
	CHECK(fx_shows(&e, 50, 50, fx_mix(FG, 0, 0.5), 2));
	CHECK(fx_shows(&e, 140, 20, fx_mix(FG, BG, 0.5), 2));
	fx_stop(&e);
	return TEST_PASS;
}

/* fading on the virtual clock: half way after half the steps, `status` says it animates. */
TEST(fade)
{
	static const char *const virt[] = {"--clock=virtual", NULL};
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e,
	        "background-color = \"#204060\";\nfade-in-step = 0.1;\n"
	        "fade-delta = 10;\n"
	        "rules = ( { match = \"class_g = 'Fading'\"; fade = true; } );\n",
	        virt);
	char *text = NULL;

	if (r)
		return r;
	fx_window(&e, 10, 10, 40, 40, FG, "Fading", false);
	fx_window(&e, 60, 10, 40, 40, FG, "Still", false);
	CHECK(fx_shows(&e, 30, 30, BG, 0)); /* at 0 */
	CHECK(fx_shows(&e, 80, 30, FG, 0));
	CHECK(fx_ctl(&e, &text, "status", NULL) == 0 && text &&
	        strstr(text, "class=Fading name= fade=0.000->1.000"));
	free(text);
	CHECK(fx_ctl(&e, NULL, "step", "50", NULL) == 0);
	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, BG, 0.5), 2));
	CHECK(fx_ctl(&e, NULL, "step", "50", NULL) == 0);
	CHECK(fx_shows(&e, 30, 30, FG, 0));
	fx_stop(&e);
	return TEST_PASS;
}

/* shadow-exclude-reg "x40+0-0": no shadow in the bottom 40 rows; elsewhere as usual. */
TEST(exclude_reg)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e,
	        "background-color = \"#204060\";\nshadow = true;\n"
	        "shadow-radius = 6;\nshadow-offset-x = -6;\nshadow-offset-y = -6;\n"
	        "shadow-opacity = 1.0;\nshadow-exclude-reg = \"x40+0-0\";\n",
	        NULL);

	if (r)
		return r;
	fx_window(&e, 100, 180, 60, 60, FG, "Low", false); /* rows 180..239 */
	CHECK(fx_shows(&e, 130, 210, FG, 0));
	uint32_t above = fx_pixel(&e, 97, 190), below = fx_pixel(&e, 97, 210);
	test_expect(above != BG, "no shadow above the region (%06x)", above);
	test_expect(below == BG, "a shadow in the region (%06x)", below);
	fx_stop(&e);
	return TEST_PASS;
}
