/* x11 suite: real GTK applications under the XSETTINGS manager
 * (compositor/xsettings.c) on a private Xvfb without a compositor. Each case
 * runs the application twice on a fresh server, once without and once with
 * the manager serving the test profile, gives its window the input focus,
 * waits for it to be drawn, then takes 10 shots of the root 500 ms apart and
 * counts the distinct images: with the manager 1 (no caret blink, spinners
 * stopped), without it more than 1 (the control: the shots do see blinking
 * and turning). Run as: test-xsettings-apps CASE BUILDDIR */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compositor/xsettings.h"
#include "tests/harness/harness.h"
#include "tests/harness/keyboard.h"
#include "tests/harness/runner.h"

#ifndef QT5_EXAMPLES
#define QT5_EXAMPLES "/usr/lib/x86_64-linux-gnu/qt5/examples"
#endif
#define SHOTS 10
#define SHOT_INTERVAL_MS 500

static const struct app {
	const char *name;
	const char *argv[4];   /* with a page: Chromium, the page and profile added */
	const char *title;     /* of the window that gets the focus */
	bool caret;            /* a focused entry: the shot changes when the focus goes */
	const char *qpa_theme; /* QT_QPA_PLATFORMTHEME */
	const char *key;       /* pressed once focused: to reach the entry */
	const char *page;      /* HTML shown by Chromium in an app window */
} apps[] = {
        {.name = "gtk3-entry",
                .argv = {"/usr/bin/gtk3-demo", "--run=entry_buffer"},
                .title = "Entry Buffer",
                .caret = true},
        {.name = "gtk3-spinner",
                .argv = {"/usr/bin/gtk3-demo", "--run=spinner"},
                .title = "Spinner"},
        {.name = "gtk4-entry",
                .argv = {"/usr/bin/gtk4-demo", "--run=entry_undo"},
                .title = "Undo and Redo",
                .caret = true},
        {.name = "gtk4-spinner",
                .argv = {"/usr/bin/gtk4-demo", "--run=spinner"},
                .title = "Spinner"},
        /* Qt 5 reads XSETTINGS only through its GTK 3 platform theme
         * (qt5-gtk-platformtheme), which takes Net/CursorBlinkTime. The first
         * widget to get the focus is a combo box; Tab moves it to an entry. */
        {.name = "qt5-lineedit",
                .argv = {QT5_EXAMPLES "/widgets/widgets/lineedits/lineedits"},
                .title = "Line Edits",
                .caret = true,
                .qpa_theme = "gtk3",
                .key = "Tab"},
        /* Chromium takes the caret blink from the GTK settings, and
         * Gtk/EnableAnimations = 0 as prefers-reduced-motion: reduce. */
        {.name = "chromium-caret",
                .argv = {"/usr/bin/chromium"},
                .title = "xsettings caret",
                .caret = true,
                .page = "<!doctype html><title>xsettings caret</title>"
                        "<body style='margin:20px'><input autofocus value='text'>"},
        {.name = "chromium-motion",
                .argv = {"/usr/bin/chromium"},
                .title = "xsettings motion",
                .page = "<!doctype html><title>xsettings motion</title><style>"
                        "@keyframes turn { to { transform: rotate(360deg) } }"
                        "div { width: 40px; height: 40px; margin: 40px; background: #369;"
                        " animation: turn 1s linear infinite }"
                        "@media (prefers-reduced-motion: reduce) { div { animation: none } }"
                        "</style><div></div>"},
};

/* A private home, so that no settings.ini or dconf of the machine's decides
 * what the application does; no accessibility bus or dbus to wait for. */
static void app_environment(const char *builddir, const char *name)
{
	char home[512], sub[600];
	static const char *const dirs[] = {".config", ".cache", ".local/share", "run"};

	snprintf(home, sizeof home, "%s/xsettings-%s-home", builddir, name);
	mkdir(home, 0700);
	mkdir((snprintf(sub, sizeof sub, "%s/.local", home), sub), 0700);
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(sub, sizeof sub, "%s/%s", home, dirs[i]);
		mkdir(sub, 0700);
	}
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", (snprintf(sub, sizeof sub, "%s/.config", home), sub), 1);
	setenv("XDG_CACHE_HOME", (snprintf(sub, sizeof sub, "%s/.cache", home), sub), 1);
	setenv("XDG_DATA_HOME", (snprintf(sub, sizeof sub, "%s/.local/share", home), sub), 1);
	setenv("XDG_RUNTIME_DIR", (snprintf(sub, sizeof sub, "%s/run", home), sub), 1);
	setenv("GDK_BACKEND", "x11", 1);
	setenv("GSETTINGS_BACKEND", "memory", 1);
	setenv("NO_AT_BRIDGE", "1", 1);
	setenv("GTK_A11Y", "none", 1);
	unsetenv("DBUS_SESSION_BUS_ADDRESS");
	unsetenv("WAYLAND_DISPLAY");
	unsetenv("GTK_THEME");
}

static bool title_is(
        xcb_connection_t *c, xcb_window_t w, xcb_atom_t type, xcb_atom_t prop, const char *title)
{
	xcb_get_property_reply_t *r =
	        xcb_get_property_reply(c, xcb_get_property(c, 0, w, prop, type, 0, 64), NULL);
	size_t len = strlen(title);
	bool is = r && r->format == 8 && (size_t)xcb_get_property_value_length(r) == len &&
	          memcmp(xcb_get_property_value(r), title, len) == 0;

	free(r);
	return is;
}

static bool viewable(xcb_connection_t *c, xcb_window_t w)
{
	xcb_get_window_attributes_reply_t *a =
	        xcb_get_window_attributes_reply(c, xcb_get_window_attributes(c, w), NULL);
	bool v = a && a->map_state == XCB_MAP_STATE_VIEWABLE;

	free(a);
	return v;
}

/* The viewable toplevel titled `title`, or XCB_NONE. */
static xcb_window_t find_window(xcb_connection_t *c, xcb_window_t root, const char *title)
{
	xcb_query_tree_reply_t *t = xcb_query_tree_reply(c, xcb_query_tree(c, root), NULL);
	xcb_atom_t net_name = x_atom(c, "_NET_WM_NAME"), utf8 = x_atom(c, "UTF8_STRING");
	xcb_window_t found = XCB_NONE;

	if (!t)
		return XCB_NONE;
	xcb_window_t *kids = xcb_query_tree_children(t);
	for (int i = 0; i < xcb_query_tree_children_length(t) && !found; i++) {
		if ((title_is(c, kids[i], utf8, net_name, title) ||
		            title_is(c, kids[i], XCB_ATOM_STRING, XCB_ATOM_WM_NAME, title)) &&
		        viewable(c, kids[i]))
			found = kids[i];
	}
	free(t);
	return found;
}

/* FNV-1a of the root's pixels; 0 when GetImage fails. */
static uint64_t shot(xcb_connection_t *c, const xcb_screen_t *s)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(c,
	        xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, s->root, 0, 0, s->width_in_pixels,
	                s->height_in_pixels, ~0u),
	        NULL);
	uint64_t h = 0xcbf29ce484222325ull;

	if (!r)
		return 0;
	const uint8_t *p = xcb_get_image_data(r);
	for (int i = 0; i < xcb_get_image_data_length(r); i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	free(r);
	return h;
}

/* Drawn: two shots 500 ms apart agree (a blinking caret may delay this; an
 * animation never lets it happen, hence the limit). */
static void wait_drawn(xcb_connection_t *c, const xcb_screen_t *s, int limit_ms)
{
	double end = monotonic_ms() + limit_ms;
	uint64_t last = shot(c, s);

	while (monotonic_ms() < end) {
		sleep_ms(SHOT_INTERVAL_MS);
		uint64_t now = shot(c, s);
		if (now == last)
			return;
		last = now;
	}
}

static int distinct_shots(xcb_connection_t *c, const xcb_screen_t *s)
{
	uint64_t h[SHOTS];
	int distinct = 0;

	for (int i = 0; i < SHOTS; i++) {
		if (i)
			sleep_ms(SHOT_INTERVAL_MS);
		h[i] = shot(c, s);
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen = seen || h[j] == h[i];
		distinct += !seen;
	}
	return distinct;
}

/* A caret is there to blink: without the focus the entry draws none. */
static bool caret_shown(xcb_connection_t *c, const xcb_screen_t *s)
{
	uint64_t focused = shot(c, s);

	xcb_set_input_focus(c, XCB_INPUT_FOCUS_NONE, XCB_NONE, XCB_CURRENT_TIME);
	x_sync(c);
	sleep_ms(SHOT_INTERVAL_MS);
	return shot(c, s) != focused;
}

/* Chromium as root needs --no-sandbox; a profile of each run's own, so that
 * a browser of the run before (its profile lock) cannot take the page. */
static void chromium_argv(const struct app *app, const char *builddir, bool manager, char page[512],
        char profile[512], const char *argv[8])
{
	char path[448];
	char *dir = realpath(builddir, NULL); /* a file: URL is absolute */

	snprintf(path, sizeof path, "%s/xsettings-%s.html", dir ? dir : builddir, app->name);
	free(dir);
	write_file(path, app->page);
	snprintf(page, 512, "--app=file://%s", path);
	snprintf(profile, 512, "--user-data-dir=%s/xsettings-%s-home/chromium-%s", builddir,
	        app->name, manager ? "with" : "without");
	argv[0] = app->argv[0];
	argv[1] = "--no-sandbox";
	argv[2] = "--no-first-run";
	argv[3] = "--password-store=basic";
	argv[4] = profile;
	argv[5] = page;
	argv[6] = NULL;
}

/* Like spawn() (harness.h), in a process group of its own: Chromium's helper
 * processes go with it. */
static pid_t spawn_group(const char *const *argv, const char *display, const char *log_path)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setpgid(0, 0);
	setenv("DISPLAY", display, 1);
	int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		dup2(fd, STDERR_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	execv(argv[0], (char *const *)argv);
	_exit(127);
}

static void stop_group(pid_t pid)
{
	kill(-pid, SIGTERM);
	if (wait_exit(pid, 3000) < 0) {
		kill(-pid, SIGKILL);
		wait_exit(pid, 3000);
	}
	/* The helpers that outlived the leader. */
	for (int i = 0; i < 300 && kill(-pid, 0) == 0; i++) {
		if (i == 100)
			kill(-pid, SIGKILL);
		sleep_ms(10);
	}
}

/* One run on a fresh server: the number of distinct shots of 10, or -1 when
 * the application did not show its window (its log says why). */
static int run(const struct app *app, const char *builddir, bool manager)
{
	static const char *const args[] = {"-screen", "0", "1280x800x24", NULL};
	struct xserver server;
	struct xsettings xs = {0};
	xcb_screen_t *s;
	char log[512], warn[256];
	int distinct = -1;

	if (xserver_start(&server, "Xvfb", args) != 0)
		return -1;
	xcb_connection_t *c = xserver_connect(&server, &s);
	xcb_connection_t *mgr = xserver_connect(&server, NULL);
	if (manager && !xsettings_start(&xs, mgr, 0, s->root, xsettings_test_profile,
	                       xsettings_test_profile_count, warn, sizeof warn)) {
		test_fail("the manager did not start: %s", warn);
		goto out_server;
	}
	snprintf(log, sizeof log, "%s/xsettings-%s-%s.log", builddir, app->name,
	        manager ? "with" : "without");
	char page[512], profile[512];
	const char *chromium[8];
	if (app->page)
		chromium_argv(app, builddir, manager, page, profile, chromium);
	pid_t pid = spawn_group(app->page ? chromium : app->argv, server.name, log);
	xcb_window_t w = XCB_NONE;
	for (double end = monotonic_ms() + 20000; !w && monotonic_ms() < end; sleep_ms(100))
		w = find_window(c, s->root, app->title);
	if (!test_expect(w != XCB_NONE, "%s: no window '%s' in 20 s (see %s)", app->name,
	            app->title, log))
		goto out_app;
	/* No window manager: the focus is given as one would. */
	xcb_set_input_focus(c, XCB_INPUT_FOCUS_POINTER_ROOT, w, XCB_CURRENT_TIME);
	x_sync(c);
	wait_drawn(c, s, 4000);
	if (app->key && !test_expect(keyboard_chord(c, app->key), "no key %s", app->key))
		goto out_app;
	if (app->key)
		wait_drawn(c, s, 4000);
	distinct = distinct_shots(c, s);
	if (app->caret && distinct == 1)
		test_expect(caret_shown(c, s), "%s: no caret (the image stays when the focus goes)",
		        app->name);
out_app:
	if (pid > 0)
		stop_group(pid);
	xsettings_finish(&xs);
out_server:
	xcb_disconnect(mgr);
	xcb_disconnect(c);
	xserver_stop(&server);
	return distinct;
}

TEST_P(app, apps)
{
	const struct app *app = tc->data;
	const char *builddir = test_arg(tc, 0, "BUILDDIR");

	if (access(app->argv[0], X_OK) != 0) {
		fprintf(stderr, "%s is not installed\n", app->argv[0]);
		return TEST_SKIP;
	}
	app_environment(builddir, app->name);
	if (app->qpa_theme)
		setenv("QT_QPA_PLATFORMTHEME", app->qpa_theme, 1);
	else
		unsetenv("QT_QPA_PLATFORMTHEME");
	int without = run(app, builddir, false);
	int with = run(app, builddir, true);
	printf("%s: distinct shots of %d: without the manager %d, with it %d\n", app->name, SHOTS,
	        without, with);
	test_expect(without > 1,
	        "%s without the manager: %d distinct shots; the control must see "
	        "it blink or turn",
	        app->name, without);
	test_expect(with == 1, "%s with the manager: %d distinct shots, want 1", app->name, with);
	return TEST_PASS;
}
