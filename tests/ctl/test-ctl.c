/* test-ctl: the shmcomp-ctl tests. Each case runs on its own Xvfb (-displayfd), maybe with
 * fake-owner standing in for shmcomp and paint-client's windows, runs shmcomp-ctl and checks
 * its exit status, its output to the byte, how long it took, and what it sent (fake-owner's
 * log of requests): window selection (helpers, popups, globs), the options of settled waits,
 * the explanation of busy windows. Usage: test-ctl CASE SHMCOMP_CTL FAKE_OWNER [XWD
 * [PAINT_CLIENT]]. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/ctl-proto.h"
#include "render/render.h"
#include "tests/ctl/ctl-test.h"
#include "tests/ctl/driver.h"
#include "tests/ctl/shot-scene.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"
#include "version.h"

#define FAST_S 2.0 /* "promptly": well under the default timeout of 10 s */

struct t {
	const char *ctl, *fake, *xwd, *client;
	struct xserver xs;
	pid_t fake_pid;
	struct painter painter;
	char dir[64];  /* outputs; kept when the case fails */
	char log[128]; /* fake-owner's log of requests */
};

struct ctl_case {
	const char *name;
	const char *screen;    /* Xvfb -screen 0 argument; NULL = no server at all */
	const char *fake_mode; /* NULL = no compositor */
	bool needs_xwd;
	void (*run)(struct t *t);
	const char *const *windows; /* paint-client's arguments, NULL-terminated; NULL: none */
};

/* Runs shmcomp-ctl with the NULL-terminated arguments, DISPLAY set to our server. */
static bool ctl(struct t *t, struct proc_result *r, ...)
{
	const char *args[16];
	size_t n = 0;
	va_list ap;

	va_start(ap, r);
	while (n < 15 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n] = NULL;
	return run_ctl(t->ctl, t->dir, t->xs.name[0] ? t->xs.name : NULL, args, r);
}

static void expect_fast(const struct proc_result *r)
{
	test_expect(r->secs < FAST_S, "took %.3f s, want < %g s", r->secs, FAST_S);
}

static void case_usage(struct t *t)
{
	struct proc_result r;

	if (ctl(t, &r, "--help", NULL)) {
		expect_status(&r, 0);
		test_expect(strncmp(r.out, "Usage: shmcomp-ctl ", 19) == 0, "--help: %s", r.out);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "--version", NULL)) {
		expect_status(&r, 0);
		test_expect(strcmp(r.out, "shmcomp-ctl " SHMCOMP_VERSION "\n") == 0,
		        "--version: %s", r.out);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "frobnicate", NULL)) {
		expect_status(&r, 2);
		expect_in(r.err, "unknown command 'frobnicate'", "stderr");
		expect_in(r.err, "Usage: shmcomp-ctl", "stderr");
		proc_result_free(&r);
	}
	if (ctl(t, &r, "screenshot", NULL)) {
		expect_status(&r, 2);
		proc_result_free(&r);
	}
	static const char *const bad[][6] = {
	        {"wait", "--quiet-period", "5"},
	        {"wait", "--settled", "--quiet-period", "60001"},
	        {"wait", "--settled", "--quiet-period", "-1"},
	        {"wait", "--first-quiet-period", "5"},
	        {"screenshot", "--stable", "--first-quiet-period", "5", "x.png"},
	        {"wait", "--settled", "--first-quiet-period", "60001"},
	        {"wait", "--ignore-class", "x"},
	        {"stats", "--ignore-class", "x"},
	        {"wait", "--settled", "--ignore-window", "zz"},
	        {"wait", "--settled", "--ignore-class", ""},
	        {"wait", "--settled", "--ignore-name", "a\nb"},
	        {"wait", "--settled", "--whole-screen"},
	        {"wait", "--whole-screen", "--class", "x"},
	        {"window", "--popup", "--window", "0x1"},
	        {"wait", "--popup"},
	        {"wait", "--stable"},
	        {"status", "--whole-screen"},
	        {"screenshot", "--shadow", "x.png"},
	        {"wait", "--alpha"},
	        {"stats", "--settled"},
	        {"step", "abc"},
	        {"step", "-3"},
	        {"step"},
	        {"window"},
	        {"screenshot", "--geometry", "10x", "x.png"},
	        {"screenshot", "--class", "a", "--name", "b", "x.png"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!ctl(t, &r, bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5],
		            NULL))
			continue;
		expect_status(&r, 2);
		expect_in(r.err, "Usage: shmcomp-ctl", "stderr");
		proc_result_free(&r);
	}
	if (ctl(t, &r, "--timeout", "-1", "wait", NULL)) {
		expect_status(&r, 2);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "--display", ":65000", "wait", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "cannot open display :65000", "stderr");
		proc_result_free(&r);
	}
}

static bool write_png(struct t *t, const char *name, uint32_t odd_pixel, char *path, size_t size)
{
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_x8r8g8b8, 3, 2, NULL, 0);
	uint32_t *px = img ? pixman_image_get_data(img) : NULL;
	bool ok;

	snprintf(path, size, "%s/%s", t->dir, name);
	for (int y = 0; px && y < 2; y++) {
		for (int x = 0; x < 3; x++)
			px[y * pixman_image_get_stride(img) / 4 + x] = 0xffffff;
	}
	if (px)
		px[pixman_image_get_stride(img) / 4 + 2] = odd_pixel;
	ok = img && render_png_write(img, path, false, NULL, 0);
	if (img)
		pixman_image_unref(img);
	test_expect(ok, "cannot write %s", path);
	return ok;
}

/* compare needs no X server: exit 0 for the same pixels, 1 with a count and a diff image */
static void case_compare(struct t *t)
{
	struct proc_result r;
	char a[128], b[128], diff[128];

	if (!write_png(t, "a.png", 0xffffff, a, sizeof a) ||
	        !write_png(t, "b.png", 0xff0000, b, sizeof b))
		return;
	snprintf(diff, sizeof diff, "%s/diff.png", t->dir);
	if (ctl(t, &r, "compare", a, a, NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "compare", "--diff", diff, a, b, NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "differ: 1 pixels by more than 0, by up to 255 (the first at 2,1)",
		        "stderr");
		test_expect(access(diff, R_OK) == 0, "no diff image");
		proc_result_free(&r);
	}
	if (ctl(t, &r, "compare", "--tolerance", "255", a, b, NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "compare", "--geometry", "2x2+0+0", a, b, NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "compare", a, "/nonexistent.png", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "/nonexistent.png", "stderr");
		proc_result_free(&r);
	}
}

static void case_no_compositor(struct t *t)
{
	struct proc_result r;
	char want[128];

	snprintf(want, sizeof want,
	        "shmcomp-ctl: no compositing manager on %s (is shmcomp running?)\n", t->xs.name);
	if (!ctl(t, &r, "wait", NULL))
		return;
	expect_status(&r, 1);
	test_expect(strcmp(r.err, want) == 0, "stderr %s, want %s", r.err, want);
	expect_fast(&r);
	proc_result_free(&r);
}

static void case_not_shmcomp(struct t *t)
{
	struct proc_result r;

	if (!ctl(t, &r, "--display", t->xs.name, "wait", NULL))
		return;
	expect_status(&r, 1);
	expect_in(r.err, "\"" FAKE_OTHER_NAME "\"", "stderr");
	expect_in(r.err, "not shmcomp", "stderr");
	expect_fast(&r);
	proc_result_free(&r);
}

static void case_not_shmcomp_class(struct t *t)
{
	struct proc_result r;

	if (!ctl(t, &r, "wait", NULL))
		return;
	expect_status(&r, 1);
	expect_in(r.err, "is \"otherclass\", not shmcomp", "stderr");
	proc_result_free(&r);
}

static void case_wait(struct t *t)
{
	struct proc_result r;

	if (ctl(t, &r, "wait", NULL)) {
		expect_status(&r, 0);
		test_expect(r.out_len == 0 && !r.err[0], "wait printed something");
		test_expect(r.secs >= FAKE_WAIT_DELAY_MS / 1000.0 * 0.9,
		        "returned after %.3f s, before the compositor replied", r.secs);
		proc_result_free(&r);
	}
	if (ctl(t, &r, "-v", "wait", NULL)) {
		expect_status(&r, 0);
		test_expect(strcmp(r.out, "frame=2\n") == 0, "-v wait printed \"%s\"", r.out);
		proc_result_free(&r);
	}
}

static void case_stats(struct t *t)
{
	struct proc_result r;
	size_t len;
	char *want = fake_stats_text(&len);

	test_expect(want != NULL, "out of memory");
	if (want && ctl(t, &r, "stats", NULL)) {
		expect_status(&r, 0);
		test_expect(r.out_len == len && memcmp(r.out, want, len) == 0,
		        "stats printed %zu bytes, not the %zu of the compositor's text", r.out_len,
		        len);
		test_expect(!r.err[0], "stats wrote to stderr");
		proc_result_free(&r);
	}
	free(want);
}

static void case_reload(struct t *t)
{
	struct proc_result r;
	const char *want = "shmcomp-ctl: reload failed: " FAKE_RELOAD_ERROR "\n";

	if (!ctl(t, &r, "reload", NULL))
		return;
	expect_status(&r, 1);
	test_expect(strcmp(r.err, want) == 0, "stderr %s, want %s", r.err, want);
	test_expect(r.out_len == 0, "reload wrote to stdout");
	proc_result_free(&r);
}

static void case_owner_exits(struct t *t)
{
	struct proc_result r;

	if (!ctl(t, &r, "wait", NULL))
		return;
	expect_status(&r, 1);
	expect_in(r.err, "exited before replying", "stderr");
	expect_fast(&r);
	proc_result_free(&r);
}

static void case_owner_disowns(struct t *t)
{
	struct proc_result r;

	if (!ctl(t, &r, "wait", NULL))
		return;
	expect_status(&r, 1);
	expect_in(r.err, "gave up the compositing manager selection", "stderr");
	expect_fast(&r);
	proc_result_free(&r);
}

static void case_timeout(struct t *t)
{
	struct proc_result r;
	char want[128];

	snprintf(want, sizeof want,
	        "shmcomp-ctl: timed out after 1 s waiting for shmcomp to reply on %s\n",
	        t->xs.name);
	if (!ctl(t, &r, "--timeout", "1", "wait", NULL))
		return;
	expect_status(&r, 1);
	test_expect(strcmp(r.err, want) == 0, "stderr %s, want %s", r.err, want);
	test_expect(r.secs >= 0.95 && r.secs < FAST_S, "took %.3f s with --timeout 1", r.secs);
	proc_result_free(&r);
}

static void case_settled_explain(struct t *t)
{
	struct proc_result r;
	char want[1024];

	snprintf(want, sizeof want,
	        "shmcomp-ctl: timed out after 1 s waiting for the screen to settle on %s\n"
	        "shmcomp-ctl: the screen is not settled (frame 17 is on screen):\n"
	        "  window 0x400001 (class \"Never Paint\", name \"a blank window\") is mapped but "
	        "has not drawn anything since it was mapped or resized\n"
	        "  window 0x600003 (class \"Fader\", name \"fade me\") is still animating "
	        "(fading: opacity 0.300 on its way to 1.000)\n"
	        "  window 0x600005 (class \"Opener\", name \"an opening window\") is still "
	        "animating (its animation script: open line 12)\n"
	        "  drawing is pending that is not on screen yet\n"
	        "  future=something new\n",
	        t->xs.name);
	if (!ctl(t, &r, "wait", "--settled", "--timeout", "1", NULL))
		return;
	expect_status(&r, 1);
	test_expect(strcmp(r.err, want) == 0, "stderr:\n%swant:\n%s", r.err, want);
	test_expect(r.out_len == 0, "printed \"%s\" on stdout", r.out);
	test_expect(r.secs < FAST_S + 1, "took %.3f s with --timeout 1", r.secs);
	proc_result_free(&r);
	/* a plain wait is answered as before */
	if (ctl(t, &r, "wait", NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
}

/* screenshot FILE (or "-" with to_stdout) against `xwd -root` of the same screen */
static void screenshot_case(struct t *t, bool to_stdout)
{
	struct proc_result r;
	char png[128], xwd[128];
	struct shot_scene *scene;

	snprintf(png, sizeof png, "%s/%s", t->dir, to_stdout ? "ctl.out" : "shot.png");
	snprintf(xwd, sizeof xwd, "%s/screen.xwd", t->dir);
	scene = shot_scene_draw(&t->xs);
	if (!scene) {
		test_expect(false, "could not draw the scene");
		return;
	}
	if (ctl(t, &r, "screenshot", to_stdout ? "-" : png, NULL)) {
		expect_status(&r, 0);
		test_expect(!r.err[0], "screenshot wrote to stderr");
		proc_result_free(&r);
	}
	const char *argv[] = {
	        t->xwd, "-root", "-silent", "-display", t->xs.name, "-out", xwd, NULL};
	if (run_capture(t->dir, "xwd", NULL, argv, &r)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	if (!test_failures())
		CHECK(shot_scene_compare(scene, png, xwd, t->dir));
	shot_scene_free(scene);
}

static void case_screenshot_file(struct t *t)
{
	screenshot_case(t, false);
}

static void case_screenshot_stdout(struct t *t)
{
	screenshot_case(t, true);
}

/* ---- window selection and the options of settled waits, against fake-owner ---- */

/* Runs shmcomp-ctl with an argument vector (NULL-terminated). */
static bool ctlv(struct t *t, struct proc_result *r, const char *const *args)
{
	return run_ctl(t->ctl, t->dir, t->xs.name, args, r);
}

static const char *id_of(struct t *t, const char *label, char *buf, size_t size)
{
	return painter_id(&t->painter, label, buf, size);
}

/* The last request in fake-owner's log, as logged (caller frees); "" when there is none. */
static char *last_request(struct t *t)
{
	char *log = read_file(t->log), *last = NULL;

	if (!log)
		return strdup("");
	for (char *p = log; (p = strstr(p, "request ")); p++)
		last = p;
	if (!last)
		last = log + strlen(log);
	memmove(log, last, strlen(last) + 1);
	return log;
}

static void expect_request(struct t *t, const char *want, const char *after)
{
	char *got = last_request(t);

	test_expect(
	        strcmp(got, want) == 0, "after %s, shmcomp-ctl sent\n%swant\n%s", after, got, want);
	free(got);
}

/* `window ARGS...` picks the window labelled `label` (fake-owner echoes CTL_WINDOW's id). */
static void expect_window(struct t *t, const char *label, const char *const *args)
{
	struct proc_result r;
	char id[16], want[32];

	snprintf(want, sizeof want, "window=%s\n", id_of(t, label, id, sizeof id));
	if (!ctlv(t, &r, args))
		return;
	expect_status(&r, 0);
	test_expect(strcmp(r.out, want) == 0, "%s %s picked %s, want %s", args[1], args[2], r.out,
	        want);
	proc_result_free(&r);
}

/* `wait --settled ARGS...` waits for the window labelled `label`: its text says window=ID. */
static void expect_scope(struct t *t, const char *label, const char *const *args)
{
	struct proc_result r;
	char id[16], want[96];

	snprintf(want, sizeof want, "request command=%d arg=%u flags=%u\nwindow=%s\nend\n",
	        CTL_WAIT, CTL_WAIT_SETTLED, CTL_FLAG_TEXT, id_of(t, label, id, sizeof id));
	if (!ctlv(t, &r, args))
		return;
	expect_status(&r, 0);
	proc_result_free(&r);
	expect_request(t, want, args[2]);
}

/* ARGS... fail (status 1) within `--timeout 0.5`, saying `needle`. */
static void expect_not_found(struct t *t, const char *needle, const char *const *args)
{
	struct proc_result r;

	if (!ctlv(t, &r, args))
		return;
	expect_status(&r, 1);
	expect_in(r.err, needle, "stderr");
	proc_result_free(&r);
}

static const char *const helper_windows[] = {
        "name=app,x=10,y=10,w=200,h=100,class=app/App,title=the app",
        /* GTK's leader: 1x1, unmapped, override-redirect, the application's class */
        "name=leader,x=-100,y=-100,w=1,h=1,override,unmapped,class=app/App",
        "name=dot,x=300,y=300,w=1,h=1,class=app/App",
        "name=lonely,x=300,y=10,w=1,h=1,class=lonely/Lonely",
        "name=hidden,x=300,y=200,w=80,h=80,unmapped,class=hid/Hidden",
        /* a dialog kept unmapped, and the window on screen */
        "name=kept,x=400,y=200,w=80,h=80,unmapped,class=twice/Twice",
        "name=shown,x=400,y=300,w=80,h=80,class=twice/Twice",
        NULL,
};

/* The application's window, not its 1x1 or unmapped helpers; a helper only when nothing else
 * matches, and never for a wait */
static void case_find_helper(struct t *t)
{
	char id[16], want[160];

	expect_window(t, "app", (const char *const[]){"window", "--class", "App", NULL});
	expect_window(t, "app", (const char *const[]){"window", "--name", "the app", NULL});
	expect_scope(t, "app", (const char *const[]){"wait", "--settled", "--class", "app", NULL});
	expect_window(t, "lonely", (const char *const[]){"window", "--class", "Lonely", NULL});
	expect_window(t, "hidden", (const char *const[]){"window", "--class", "Hidden", NULL});
	expect_window(t, "shown", (const char *const[]){"window", "--class", "Twice", NULL});
	expect_window(t, "leader",
	        (const char *const[]){
	                "window", "--window", id_of(t, "leader", id, sizeof id), NULL});
	snprintf(want, sizeof want,
	        "has the class \"Lonely\" but is 1x1, a helper window that --class does not take "
	        "(--window %s does)\n",
	        id_of(t, "lonely", id, sizeof id));
	expect_not_found(t, want,
	        (const char *const[]){"wait", "--timeout", "0.5", "--class", "Lonely", NULL});
	snprintf(want, sizeof want,
	        "window %s (class \"Hidden\", no name) has the class \"Hidden\" "
	        "but is not mapped\n",
	        id_of(t, "hidden", id, sizeof id));
	expect_not_found(t, want,
	        (const char *const[]){"wait", "--timeout", "0.5", "--class", "Hidden", NULL});
}

static const char *const popup_windows[] = {
        "name=main,x=10,y=10,w=300,h=200,class=menuapp/MenuApp,title=Menu App",
        /* a GTK menu: override-redirect and typed, the application's class */
        "name=menu,x=40,y=40,w=100,h=150,override,type=popup_menu,class=menuapp/MenuApp,title=Menu "
        "App",
        "name=tipmain,x=320,y=10,w=200,h=100,class=tipapp/TipApp",
        "name=tip,x=330,y=50,w=80,h=20,type=tooltip,class=tipapp/TipApp",
        "name=solo,x=10,y=300,w=100,h=100,override,class=soloapp/SoloApp",
        "name=plain,x=200,y=300,w=100,h=100,class=plain/Plain",
        NULL,
};

/* An open menu does not make --class ambiguous; --popup picks it */
static void case_find_popup(struct t *t)
{
	expect_window(t, "main", (const char *const[]){"window", "--class", "MenuApp", NULL});
	expect_window(t, "main", (const char *const[]){"window", "--name", "Menu App", NULL});
	expect_window(
	        t, "menu", (const char *const[]){"window", "--class", "MenuApp", "--popup", NULL});
	expect_scope(
	        t, "main", (const char *const[]){"wait", "--settled", "--class", "MenuApp", NULL});
	expect_scope(t, "menu",
	        (const char *const[]){"wait", "--settled", "--class", "MenuApp", "--popup", NULL});
	expect_window(t, "tipmain", (const char *const[]){"window", "--class", "TipApp", NULL});
	expect_window(
	        t, "tip", (const char *const[]){"window", "--popup", "--class", "TipApp", NULL});
	/* a popup is taken when it is all there is */
	expect_window(t, "solo", (const char *const[]){"window", "--class", "SoloApp", NULL});
	expect_scope(
	        t, "solo", (const char *const[]){"wait", "--settled", "--class", "SoloApp", NULL});
	expect_not_found(t,
	        "is not a popup (override-redirect, or typed as a menu, tooltip or "
	        "combo): leave out --popup to take it\n",
	        (const char *const[]){
	                "wait", "--timeout", "0.5", "--popup", "--class", "Plain", NULL});
}

static const char *const glob_windows[] = {
        /* Chromium with --user-data-dir */
        "name=chrome,x=10,y=10,w=300,h=200,class=chromium (/tmp/x y)/Chromium,"
        "title=New Tab - Chromium",
        "name=star,x=320,y=10,w=50,h=50,class=a*b/Star",
        "name=axb,x=320,y=100,w=50,h=50,class=axb/Axb",
        NULL,
};

/* Globs for --class and --name, the exact text first; what is there when nothing matches */
static void case_find_glob(struct t *t)
{
	struct proc_result r;
	char a[16], b[16], want[256];

	expect_window(t, "chrome", (const char *const[]){"window", "--class", "chromium*", NULL});
	expect_window(t, "chrome", (const char *const[]){"window", "--class", "Chromium", NULL});
	expect_window(t, "chrome", (const char *const[]){"window", "--name", "New Tab*", NULL});
	expect_scope(t, "chrome",
	        (const char *const[]){"wait", "--settled", "--class", "chromium*", NULL});
	/* the exact text wins over the glob that matches axb too */
	expect_window(t, "star", (const char *const[]){"window", "--class", "a*b", NULL});
	if (ctlv(t, &r, (const char *const[]){"window", "--class", "a?b", NULL})) {
		expect_status(&r, 1);
		expect_in(r.err, "2 windows on", "stderr");
		expect_in(r.err, id_of(t, "star", a, sizeof a), "stderr");
		expect_in(r.err, id_of(t, "axb", b, sizeof b), "stderr");
		proc_result_free(&r);
	}
	if (ctlv(t, &r,
	            (const char *const[]){
	                    "wait", "--timeout", "0.5", "--class", "chromium", NULL})) {
		expect_status(&r, 1);
		snprintf(want, sizeof want,
		        "shmcomp-ctl: no window on %s has the class \"chromium\"; the windows with "
		        "a "
		        "class or name there:\n",
		        t->xs.name);
		expect_in(r.err, want, "stderr");
		snprintf(want, sizeof want,
		        "\n  window %s (instance \"chromium (/tmp/x y)\", class \"Chromium\", name "
		        "\"New Tab - Chromium\"), 300x200\n",
		        id_of(t, "chrome", a, sizeof a));
		expect_in(r.err, want, "stderr");
		snprintf(want, sizeof want,
		        "\n  window %s (instance \"a*b\", class \"Star\", no name), 50x50\n",
		        id_of(t, "star", a, sizeof a));
		expect_in(r.err, want, "stderr");
		proc_result_free(&r);
	}
}

static const char *const app_window[] = {
        "name=app,x=10,y=10,w=100,h=100,class=app/App",
        NULL,
};

/* --ignore-window of a window inside the application's sends the toplevel, as shmcomp counts
 * toplevels */
static void expect_child_resolved(struct t *t)
{
	xcb_screen_t *screen;
	xcb_connection_t *c = xserver_connect(&t->xs, &screen);
	xcb_window_t child = xcb_generate_id(c);
	struct proc_result r;
	char id[16], child_id[16], want[128];

	xcb_create_window(c, XCB_COPY_FROM_PARENT, child,
	        (xcb_window_t)strtoul(id_of(t, "app", id, sizeof id), NULL, 16), 5, 5, 20, 20, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, 0, NULL);
	xcb_map_window(c, child);
	free(xcb_get_input_focus_reply(c, xcb_get_input_focus(c), NULL));
	snprintf(child_id, sizeof child_id, "0x%x", child);
	if (ctlv(t, &r,
	            (const char *const[]){"wait", "--settled", "--ignore-window", child_id, NULL}))
		proc_result_free(&r);
	snprintf(want, sizeof want, "request command=1 arg=1 flags=1\nignore-window=%s\nend\n", id);
	expect_request(t, want, "--ignore-window CHILD");
	xcb_disconnect(c);
}

/* What the settle options send: no text without options, else one key=value a line */
static void case_settle_options(struct t *t)
{
	struct proc_result r;
	char id[16], dec[16], want[512];

	if (ctlv(t, &r, (const char *const[]){"wait", "--settled", NULL}))
		proc_result_free(&r);
	expect_request(t, "request command=1 arg=1 flags=0\nend\n", "wait --settled");
	id_of(t, "app", id, sizeof id);
	snprintf(dec, sizeof dec, "%lu", strtoul(id, NULL, 16));
	if (ctlv(t, &r,
	            (const char *const[]){"wait", "--settled", "--quiet-period", "450",
	                    "--ignore-class", "Clock*", "--ignore-name", "two words",
	                    "--ignore-window", "0x1fffff", "--ignore-window", dec, NULL})) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	snprintf(want, sizeof want,
	        "request command=1 arg=1 flags=1\nquiet-period=450\nignore-class=Clock*\n"
	        "ignore-name=two words\nignore-window=0x1fffff\nignore-window=%s\nend\n",
	        id);
	expect_request(t, want, "wait --settled with options");
	expect_child_resolved(t);
	if (ctlv(t, &r,
	            (const char *const[]){"wait", "--settled", "--class", "App",
	                    "--first-quiet-period", "20", "--quiet-period", "0", NULL}))
		proc_result_free(&r);
	snprintf(want, sizeof want,
	        "request command=1 arg=1 flags=1\nquiet-period=0\nfirst-quiet-period=20\n"
	        "window=%s\nend\n",
	        id);
	expect_request(
	        t, want, "wait --settled --class App --first-quiet-period 20 --quiet-period 0");
	if (ctlv(t, &r,
	            (const char *const[]){
	                    "wait", "--settled", "--class", "App", "--whole-screen", NULL}))
		proc_result_free(&r);
	expect_request(t, "request command=1 arg=1 flags=0\nend\n", "--whole-screen");
	if (ctlv(t, &r, (const char *const[]){"wait", NULL}))
		proc_result_free(&r);
	expect_request(t, "request command=1 arg=0 flags=0\nend\n", "wait");
	if (ctlv(t, &r,
	            (const char *const[]){
	                    "status", "--class", "App", "--ignore-name", "n", NULL})) {
		expect_status(&r, 0);
		test_expect(strcmp(r.out, FAKE_STATUS_TEXT) == 0, "status printed %s", r.out);
		proc_result_free(&r);
	}
	snprintf(want, sizeof want,
	        "request command=5 arg=0 flags=1\nwindow=%s\nignore-name=n\nend\n", id);
	expect_request(t, want, "status --class App --ignore-name n");
	if (ctlv(t, &r, (const char *const[]){"status", NULL}))
		proc_result_free(&r);
	expect_request(t, "request command=5 arg=0 flags=0\nend\n", "status");
}

/* 32 --ignore-* options are sent; a 33rd is bad usage */
static void case_settle_many(struct t *t)
{
	const char *args[2 + 2 * (CTL_IGNORE_MAX + 1) + 1] = {"wait", "--settled"};
	char want[2048] = "request command=1 arg=1 flags=1\n", line[64];
	struct proc_result r;
	size_t n = 2;

	for (unsigned i = 0; i < CTL_IGNORE_MAX; i++) {
		args[n++] = "--ignore-class";
		args[n++] = i % 2 ? "odd" : "even";
		snprintf(line, sizeof line, "ignore-class=%s\n", i % 2 ? "odd" : "even");
		strcat(want, line);
	}
	strcat(want, "end\n");
	if (ctlv(t, &r, args)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	expect_request(t, want, "32 --ignore-class");
	args[n++] = "--ignore-name";
	args[n++] = "one too many";
	if (ctlv(t, &r, args)) {
		expect_status(&r, 2);
		expect_in(r.err, "more than 32 --ignore-window, --ignore-class and --ignore-name",
		        "stderr");
		proc_result_free(&r);
	}
}

/* A timeout names each window that keeps drawing, its frame rate and how to leave it out,
 * asking with the options of the wait */
static void case_settled_busy(struct t *t)
{
	struct proc_result r;
	char want[2048], id[16];

	snprintf(want, sizeof want,
	        "shmcomp-ctl: timed out after 1 s waiting for the screen to settle on %s\n"
	        "shmcomp-ctl: the screen is not settled (frame 23 is on screen):\n"
	        "  window 0x600005 (class \"Ticker\", name \"tick tock\") keeps drawing: 60 frames "
	        "a second, the last 12 ms ago (the quiet period is 200 ms);\n"
	        "    leave it out with --ignore-class Ticker (or --ignore-window 0x600005, in this "
	        "run)\n"
	        "  window 0x600007 (class \"Bob's Clock\", name \"it's 12:00\") keeps drawing: 1 "
	        "frame a second, the last 150 ms ago (the quiet period is 200 ms);\n"
	        "    leave it out with --ignore-class 'Bob'\\''s Clock' (or --ignore-window "
	        "0x600007, in this run)\n"
	        "  window 0x600009 (no class, name \"spinner\") keeps drawing: 30 frames a second, "
	        "the last 3 ms ago (the quiet period is 200 ms);\n"
	        "    leave it out with --ignore-name spinner (or --ignore-window 0x600009, in this "
	        "run)\n"
	        "  window 0x60000b (no class, no name) keeps drawing: 2 frames a second, the last "
	        "100 ms ago (the quiet period is 200 ms);\n"
	        "    leave it out with --ignore-window 0x60000b\n"
	        "  window 0x60000f (class \"XTerm\", name \"xterm\") keeps drawing: 1 frame a "
	        "second, the last 600 ms ago (it has drawn one burst only since it was mapped: the "
	        "first quiet period, 1000 ms, holds for it);\n"
	        "    leave it out with --ignore-class XTerm (or --ignore-window 0x60000f, in this "
	        "run)\n"
	        "  window 0x600011 was created 120 ms ago and is not mapped yet (an application "
	        "setting up: it has the first quiet period, 1000 ms, to map it)\n",
	        t->xs.name);
	/* the quiet periods said are the ones shmcomp reports, not the default */
	if (ctlv(t, &r,
	            (const char *const[]){"wait", "--settled", "--timeout", "1", "--ignore-name",
	                    "nothing", NULL})) {
		expect_status(&r, 1);
		test_expect(strcmp(r.err, want) == 0, "stderr:\n%swant:\n%s", r.err, want);
		test_expect(r.secs < FAST_S + 1, "took %.3f s with --timeout 1", r.secs);
		proc_result_free(&r);
	}
	/* the status request asked with the wait's options */
	expect_request(t, "request command=5 arg=0 flags=1\nignore-name=nothing\nend\n",
	        "the explanation");
	/* waiting for one window that keeps drawing: no advice to leave it out */
	id_of(t, "app", id, sizeof id);
	snprintf(want, sizeof want,
	        "shmcomp-ctl: timed out after 1 s waiting for the screen to settle on %s\n"
	        "shmcomp-ctl: window %s is not settled (frame 24 is on screen):\n"
	        "  window %s (class \"Scoped\", name \"the target\") keeps drawing: 25 frames a "
	        "second, the last 8 ms ago (the quiet period is 300 ms);\n"
	        "    it is the window waited for: if it repaints the same pixels, screenshot "
	        "--stable takes it once two captures in a row agree; an animation (a spinner) must "
	        "be stopped in the application\n",
	        t->xs.name, id, id);
	if (ctlv(t, &r,
	            (const char *const[]){
	                    "wait", "--settled", "--timeout", "1", "--class", "App", NULL})) {
		expect_status(&r, 1);
		test_expect(strcmp(r.err, want) == 0, "stderr:\n%swant:\n%s", r.err, want);
		proc_result_free(&r);
	}
}

static const struct ctl_case cases[] = {
        {"usage", NULL, NULL, false, case_usage, NULL},
        {"compare", NULL, NULL, false, case_compare, NULL},
        {"no-compositor", "640x480x24", NULL, false, case_no_compositor, NULL},
        {"not-shmcomp", "640x480x24", "other", false, case_not_shmcomp, NULL},
        {"not-shmcomp-class", "640x480x24", "other-class", false, case_not_shmcomp_class, NULL},
        {"wait", "640x480x24", "shmcomp", false, case_wait, NULL},
        {"stats", "640x480x24", "shmcomp", false, case_stats, NULL},
        {"reload", "640x480x24", "shmcomp", false, case_reload, NULL},
        {"owner-exits", "640x480x24", "exit-on-wait", false, case_owner_exits, NULL},
        {"owner-disowns", "640x480x24", "disown-on-wait", false, case_owner_disowns, NULL},
        {"timeout", "640x480x24", "silent", false, case_timeout, NULL},
        {"screenshot-24", "640x480x24", "shmcomp", true, case_screenshot_file, NULL},
        /* an odd width: 16-bit rows of GetImage and xwd carry padding that PNG rows do not */
        {"screenshot-16", "641x479x16", "shmcomp", true, case_screenshot_stdout, NULL},
        {"settled-explain", "640x480x24", "unsettled", false, case_settled_explain, NULL},
        {"find-helper", "640x480x24", "shmcomp", false, case_find_helper, helper_windows},
        {"find-popup", "640x480x24", "shmcomp", false, case_find_popup, popup_windows},
        {"find-glob", "640x480x24", "shmcomp", false, case_find_glob, glob_windows},
        {"settle-options", "640x480x24", "shmcomp", false, case_settle_options, app_window},
        {"settle-many", "640x480x24", "shmcomp", false, case_settle_many, NULL},
        {"settled-busy", "640x480x24", "busy", false, case_settled_busy, app_window},
};

static int setup(struct t *t, const struct ctl_case *tc)
{
	const char *args[] = {"-screen", "0", tc->screen, NULL};
	int rc;

	if (tc->needs_xwd && !t->xwd) {
		fprintf(stderr, "test-ctl: xwd is not installed\n");
		return HARNESS_SKIP;
	}
	if (!tc->screen)
		return 0;
	rc = xserver_start(&t->xs, "Xvfb", args);
	if (rc != 0)
		return rc;
	if (tc->fake_mode) {
		snprintf(t->log, sizeof t->log, "%s/fake.log", t->dir);
		t->fake_pid = fake_owner_start(t->fake, t->xs.name, tc->fake_mode, t->log);
		if (t->fake_pid < 0)
			return -1;
	}
	if (tc->windows && !t->client) {
		fprintf(stderr, "test-ctl: %s needs PAINT_CLIENT\n", tc->name);
		return -1;
	}
	if (tc->windows && !painter_start(&t->painter, t->client, t->xs.name, tc->windows))
		return -1;
	return 0;
}

/* Arguments: SHMCOMP_CTL FAKE_OWNER [XWD [PAINT_CLIENT]] (XWD "" when xwd is not
 * installed). */
TEST_P(ctl, cases)
{
	const struct ctl_case *c = tc->data;
	const char *xwd = test_arg_or(tc, 2, "");
	struct t t = {
	        .ctl = test_arg(tc, 0, "SHMCOMP_CTL"),
	        .fake = test_arg(tc, 1, "FAKE_OWNER"),
	        .xwd = xwd[0] ? xwd : NULL,
	        .client = test_arg_or(tc, 3, NULL),
	        .fake_pid = -1,
	        .painter = {.pid = -1},
	        .xs = {.pid = -1},
	};
	int rc;

	if (!case_dir_make(t.dir, sizeof t.dir, "test-ctl"))
		return TEST_FAIL;
	rc = setup(&t, c);
	if (rc == 0)
		c->run(&t);
	painter_stop(&t.painter);
	process_stop(t.fake_pid);
	xserver_stop(&t.xs);
	case_dir_finish(t.dir, c->name);
	if (rc != 0)
		return rc == HARNESS_SKIP ? TEST_SKIP : TEST_FAIL;
	return TEST_PASS;
}
