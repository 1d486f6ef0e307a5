/* x11 suite for compositor/keys.c: on a private Xvfb, keys pressed through XTEST fire the
 * bindings they should and no others, whatever the lock state; bad bindings warn; keymap
 * changes re-grab; another client's grab warns; keys_destroy releases the grabs.
 * Run as: test-keys CASE */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xcb/xtest.h>
#include <xkbcommon/xkbcommon-x11.h>
#include <xkbcommon/xkbcommon.h>

#include "compositor/keys.h"
#include "tests/harness/harness.h"
#include "tests/harness/keyboard.h"
#include "tests/harness/runner.h"

/* Bound in every case: pressed after each chord, it tells that the chord's events are in. */
#define MARK 1000
static const struct keys_binding mark = {"F1", MARK, "test:marker"};

struct env {
	struct xserver xs;
	xcb_connection_t *c; /* the keys client; it also sends the XTEST input */
	xcb_screen_t *screen;
	struct keys *keys;
	struct xkb_context *ctx;
	char warnings[4096]; /* one per line */
	int nwarn;
};

static void on_warn(void *data, const char *msg)
{
	struct env *e = data;
	size_t len = strlen(e->warnings);

	fprintf(stderr, "warning: %s\n", msg);
	snprintf(e->warnings + len, sizeof e->warnings - len, "%s\n", msg);
	e->nwarn++;
}

/* Whether one warning line holds both `a` and `b`. */
static bool warned(const struct env *e, const char *a, const char *b)
{
	for (const char *line = e->warnings; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *pa = strstr(line, a), *pb = strstr(line, b);
		if (pa && pb && pa < line + len && pb < line + len)
			return true;
		line += len + (end != NULL);
	}
	return false;
}

static void set(struct env *e, const struct keys_binding *b, size_t n);

/* A server and keys on it; with `b`, keys_set(b, n) too. */
static int env_start(struct env *e, const struct keys_binding *b, size_t n)
{
	char err[256] = "";
	int r = xserver_start(&e->xs, "Xvfb", NULL);

	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->screen);
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(e->c, &xcb_test_id);
	if (!ext || !ext->present) {
		fprintf(stderr, "no XTEST on this server\n");
		return HARNESS_SKIP;
	}
	e->ctx = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	e->keys = keys_create(e->c, e->screen->root, err, sizeof err);
	if (!e->ctx || !e->keys) {
		fprintf(stderr, "keys_create: %s\n", err);
		return -1;
	}
	if (b)
		set(e, b, n);
	return 0;
}

static int env_stop(struct env *e, int r)
{
	keys_destroy(e->keys);
	xkb_context_unref(e->ctx);
	if (e->c)
		xcb_disconnect(e->c);
	xserver_stop(&e->xs);
	if (r)
		return r == HARNESS_SKIP ? r : 1;
	return TEST_PASS;
}

static void set(struct env *e, const struct keys_binding *b, size_t n)
{
	e->warnings[0] = '\0';
	e->nwarn = 0;
	keys_set(e->keys, b, n, on_warn, e);
}

/* Whether any key produces `name` at any level of any layout. */
static bool in_keymap(struct env *e, const char *name)
{
	int32_t dev = xkb_x11_get_core_keyboard_device_id(e->c);
	struct xkb_keymap *km =
	        dev < 0 ? NULL : xkb_x11_keymap_new_from_device(e->ctx, e->c, dev, 0);
	xkb_keysym_t sym = xkb_keysym_from_name(name, XKB_KEYSYM_NO_FLAGS);
	bool found = false;

	for (xkb_keycode_t c = 8; km && c <= 255 && !found; c++)
		for (xkb_layout_index_t g = 0; g < xkb_keymap_num_layouts_for_key(km, c); g++)
			for (xkb_level_index_t l = 0; l < xkb_keymap_num_levels_for_key(km, c, g);
			        l++) {
				const xkb_keysym_t *syms;
				int n = xkb_keymap_key_get_syms_by_level(km, c, g, l, &syms);
				for (int i = 0; i < n; i++)
					found |= syms[i] == sym;
			}
	xkb_keymap_unref(km);
	return found;
}

/* Handles every event that is in, XKB keymap notifications included. */
static void pump(struct env *e)
{
	xcb_generic_event_t *ev;

	x_sync(e->c);
	while ((ev = xcb_poll_for_event(e->c))) {
		CHECK(keys_handle_event(e->keys, ev) == -1);
		free(ev);
	}
}

/* Presses `chord`, then the marker key; returns the first action fired before the marker's,
 * -1 for none, -2 (a failure) if the marker never fires. */
static int press(struct env *e, const char *chord)
{
	struct pollfd p = {.fd = xcb_get_file_descriptor(e->c), .events = POLLIN};
	int fired = -1;

	CHECK(keyboard_chord(e->c, chord));
	CHECK(keyboard_chord(e->c, "F1"));
	for (int waited = 0; waited < 3000 && !xcb_connection_has_error(e->c);) {
		xcb_generic_event_t *ev = xcb_poll_for_event(e->c);
		if (!ev) {
			poll(&p, 1, 20);
			waited += 20;
			continue;
		}
		int a = keys_handle_event(e->keys, ev);
		free(ev);
		if (a == MARK)
			return fired;
		if (a >= 0 && fired < 0)
			fired = a;
	}
	test_fail("the marker key never fired after \"%s\"", chord);
	return -2;
}

/* The real modifiers now down or locked, as the server reports them. */
static uint16_t server_mods(struct env *e)
{
	xcb_query_pointer_reply_t *r =
	        xcb_query_pointer_reply(e->c, xcb_query_pointer(e->c, e->screen->root), NULL);
	uint16_t mask = r ? r->mask & 0xff : 0xffff;

	free(r);
	return mask;
}

/* `chord` fires `action` (-1: none): a CHECK that says what fired instead. */
#define CHECK_FIRES(e, chord, action) check_fires((e), (chord), (action), __FILE__, __LINE__)

static void check_fires(struct env *e, const char *chord, int action, const char *file, int line)
{
	int got = press(e, chord);

	if (got != action)
		test_fail("%s:%d: \"%s\" fired %d, expected %d", file, line, chord, got, action);
}

/* Runs a tool from PATH with DISPLAY set to this server; its exit code, 127 if missing. */
static int run_tool(struct env *e, const char *tool, const char *const *args)
{
	const char *argv[16];
	char path[256] = "";
	const char *dirs[] = {"/usr/bin", "/usr/local/bin", "/bin"};
	size_t n = 0;

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && !path[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dirs[i], tool);
		if (access(path, X_OK) != 0)
			path[0] = '\0';
	}
	if (!path[0])
		return 127;
	argv[n++] = path;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid_t pid = spawn(argv, e->xs.name, NULL);
	return pid < 0 ? -1 : wait_exit(pid, 20000);
}

/* Changes the keymap with `tool` (xmodmap, setxkbmap) and handles the notifications;
 * TEST_SKIP when the tool is not installed. */
static int remap(struct env *e, const char *tool, const char *const *args)
{
	int code = run_tool(e, tool, args);

	if (code == 127) {
		fprintf(stderr, "%s is not installed\n", tool);
		return TEST_SKIP;
	}
	CHECK(code == 0);
	pump(e);
	return TEST_PASS;
}

TEST(combo)
{
	struct env e = {0};
	const struct keys_binding b[] = {{"Super+Shift+s", 1, "t:1"}, mark};
	int r = env_start(&e, b, 2);

	if (r)
		return env_stop(&e, r);
	CHECK(e.nwarn == 0);
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	CHECK_FIRES(&e, "Shift_L Super_L s", 1);
	CHECK_FIRES(&e, "Super_R Shift_R s", 1);
	CHECK_FIRES(&e, "Shift_L s", -1);
	CHECK_FIRES(&e, "Super_L s", -1);
	CHECK_FIRES(&e, "s", -1);
	CHECK_FIRES(&e, "Super_L Shift_L Control_L s", -1);
	CHECK_FIRES(&e, "Super_L Shift_L d", -1);
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	return env_stop(&e, 0);
}

TEST(locks)
{
	struct env e = {0};
	const struct keys_binding b[] = {{"Super+Shift+s", 1, "t:1"}, mark};
	int r = env_start(&e, b, 2);

	if (r)
		return env_stop(&e, r);
	CHECK(server_mods(&e) == 0);
	CHECK_FIRES(&e, "Num_Lock", -1);
	CHECK(server_mods(&e) != 0); /* NumLock is on */
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	CHECK_FIRES(&e, "Shift_L s", -1);
	CHECK_FIRES(&e, "Super_L s", -1);
	CHECK_FIRES(&e, "Caps_Lock", -1);
	CHECK_FIRES(&e, "Super_L Shift_L s", 1); /* both locks */
	CHECK_FIRES(&e, "Num_Lock", -1);
	CHECK(server_mods(&e) != 0); /* CapsLock alone */
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	CHECK_FIRES(&e, "Super_L s", -1);
	CHECK_FIRES(&e, "Caps_Lock", -1);
	CHECK(server_mods(&e) == 0);
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	return env_stop(&e, 0);
}

TEST(plain)
{
	struct env e = {0};
	const struct keys_binding b[] = {
	        {"Control+Alt+Delete", 2, "t:1"},
	        {"F12", 3, "t:2"},
	        {"Super+S", 4, "t:3"},     /* a Shift-level keysym: grabbed as Super+Shift+s */
	        {"super+f11", 5, "t:4"},   /* case-insensitive modifier and keysym */
	        {"Mod4+exclam", 6, "t:5"}, /* Shift+1 on a US keymap */
	        mark,
	};
	int r = env_start(&e, b, sizeof b / sizeof b[0]);

	if (r)
		return env_stop(&e, r);
	CHECK(e.nwarn == 0);
	CHECK_FIRES(&e, "Control_L Alt_L Delete", 2);
	CHECK_FIRES(&e, "Alt_L Control_R Delete", 2);
	CHECK_FIRES(&e, "Control_L Delete", -1);
	CHECK_FIRES(&e, "Alt_L Delete", -1);
	CHECK_FIRES(&e, "F12", 3);
	CHECK_FIRES(&e, "Shift_L F12", -1);
	CHECK_FIRES(&e, "Super_L Shift_L s", 4);
	CHECK_FIRES(&e, "Super_L s", -1);
	CHECK_FIRES(&e, "Super_L F11", 5);
	CHECK_FIRES(&e, "Super_L Shift_L 1", 6);
	CHECK_FIRES(&e, "Super_L 1", -1);
	return env_stop(&e, 0);
}

/* A second keys_set() replaces the first; a second binding on the same key warns. */
TEST(replace)
{
	struct env e = {0};
	const struct keys_binding b1[] = {{"Super+Shift+s", 1, "t:1"}, mark};
	const struct keys_binding b2[] = {
	        {"Super+d", 11, "t:2"},
	        {"Super+D", 12, "t:3"},
	        {"Super+Shift+d", 13, "t:4"},
	        mark,
	};
	int r = env_start(&e, b1, 2);

	if (r)
		return env_stop(&e, r);
	CHECK_FIRES(&e, "Super_L Shift_L s", 1);
	set(&e, b2, 4);
	CHECK(e.nwarn == 1 && warned(&e, "t:4", "Super+Shift+d"));
	CHECK_FIRES(&e, "Super_L Shift_L s", -1);
	CHECK_FIRES(&e, "Super_L d", 11);
	CHECK_FIRES(&e, "Super_L Shift_L d", 12);
	set(&e, b1, 0);
	CHECK(e.nwarn == 0);
	CHECK(keyboard_chord(e.c, "Super_L d"));
	pump(&e); /* with no grab, no KeyPress reaches this client */
	return env_stop(&e, 0);
}

TEST(unknown)
{
	struct env e = {0};
	const struct keys_binding b[] = {
	        {"NoSuchKey", 6, "test.conf:3"},
	        {"Foo+s", 7, "test.conf:4"},
	        {"Super+F12", 8, "test.conf:5"},
	        {"Super+", 9, "test.conf:6"},
	        {"Shift++x", 10, "test.conf:7"},
	        mark,
	};
	int r = env_start(&e, b, sizeof b / sizeof b[0]);

	if (r)
		return env_stop(&e, r);
	CHECK(e.nwarn == 4);
	CHECK(warned(&e, "test.conf:3", "NoSuchKey"));
	CHECK(warned(&e, "test.conf:4", "\"Foo\""));
	CHECK(warned(&e, "test.conf:6", "unknown keysym"));
	CHECK(warned(&e, "test.conf:7", "unknown modifier"));
	CHECK(!warned(&e, "test.conf:5", ""));
	CHECK_FIRES(&e, "Super_L F12", 8);
	CHECK_FIRES(&e, "s", -1);
	CHECK(e.nwarn == 4); /* XTEST's device typing first reloads the keymap: no new warning */
	return env_stop(&e, 0);
}

/* A keysym xkbcommon knows but no key of the keymap produces. */
TEST(absent)
{
	struct env e = {0};
	const char *candidates[] = {"XF86Launch9", "Cyrillic_zhe", "Thai_khokhai", "braille_dot_9"};
	const char *absent = NULL;
	int r = env_start(&e, NULL, 0);

	if (r)
		return env_stop(&e, r);
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0] && !absent; i++)
		if (!in_keymap(&e, candidates[i]))
			absent = candidates[i];
	CHECK(absent != NULL);
	if (!absent)
		return env_stop(&e, 0);
	fprintf(stderr, "absent keysym: %s\n", absent);
	const struct keys_binding b[] = {{absent, 6, "test.conf:7"}, {"F12", 3, "t:2"}, mark};
	set(&e, b, 3);
	CHECK(e.nwarn == 1 && warned(&e, "test.conf:7", absent));
	CHECK(warned(&e, "test.conf:7", "no key produces"));
	CHECK_FIRES(&e, "F12", 3);
	CHECK(e.nwarn == 1);
	return env_stop(&e, 0);
}

TEST(remap_xmodmap)
{
	struct env e = {0};
	const struct keys_binding b[] = {{"F12", 3, "t:1"}, mark};
	int r = env_start(&e, b, 2);

	if (r)
		return env_stop(&e, r);
	xcb_keycode_t f12 = keyboard_code(e.c, "F12");
	char old[32];
	snprintf(old, sizeof old, "#%u", f12);
	CHECK(f12 != 0 && f12 != 200);
	CHECK_FIRES(&e, old, 3);
	CHECK_FIRES(&e, "#200", -1);

	char moved[64];
	snprintf(moved, sizeof moved, "keycode %u = NoSymbol", f12);
	const char *args[] = {"-e", moved, "-e", "keycode 200 = F12", NULL};
	r = remap(&e, "xmodmap", args);
	if (r)
		return env_stop(&e, r);
	CHECK(e.nwarn == 0);
	CHECK(keyboard_code(e.c, "F12") == 200);
	CHECK_FIRES(&e, "#200", 3);
	CHECK_FIRES(&e, old, -1);
	return env_stop(&e, 0);
}

TEST(remap_setxkbmap)
{
	struct env e = {0};
	const struct keys_binding b[] = {{"Super+a", 9, "t:1"}, mark};
	int r = env_start(&e, b, 2);

	if (r)
		return env_stop(&e, r);
	xcb_keycode_t us_a = keyboard_code(e.c, "a");
	char old[32], now[32];
	snprintf(old, sizeof old, "Super_L #%u", us_a);
	CHECK_FIRES(&e, old, 9);

	const char *args[] = {"-layout", "fr", NULL};
	r = remap(&e, "setxkbmap", args);
	if (r)
		return env_stop(&e, r);
	xcb_keycode_t fr_a = keyboard_code(e.c, "a");
	fprintf(stderr, "a: keycode %u (us), %u (fr)\n", us_a, fr_a);
	CHECK(fr_a != 0 && fr_a != us_a);
	snprintf(now, sizeof now, "Super_L #%u", fr_a);
	CHECK(e.nwarn == 0);
	CHECK_FIRES(&e, now, 9);
	CHECK_FIRES(&e, old, -1); /* now q */
	return env_stop(&e, 0);
}

/* Grabs what "Super+Shift+s" grabs, from another client; true if the server agreed. */
static bool grab_from(xcb_connection_t *c, xcb_window_t root, xcb_keycode_t code, uint16_t mods)
{
	xcb_generic_error_t *err =
	        xcb_request_check(c, xcb_grab_key_checked(c, 0, root, mods, code,
	                                     XCB_GRAB_MODE_ASYNC, XCB_GRAB_MODE_ASYNC));
	bool ok = !err;

	if (err && err->error_code != XCB_ACCESS)
		fprintf(stderr, "unexpected X error %u\n", err->error_code);
	free(err);
	return ok;
}

TEST(destroy)
{
	struct env e = {0};
	const struct keys_binding b[] = {{"Super+Shift+s", 1, "t:1"}, mark};
	const uint16_t super_shift = XCB_MOD_MASK_4 | XCB_MOD_MASK_SHIFT;
	int r = env_start(&e, b, 2);

	if (r)
		return env_stop(&e, r);
	xcb_connection_t *other = xserver_connect(&e.xs, NULL);
	xcb_keycode_t s = keyboard_code(e.c, "s");
	CHECK(!grab_from(other, e.screen->root, s, super_shift));
	CHECK(!grab_from(
	        other, e.screen->root, s, super_shift | XCB_MOD_MASK_2 | XCB_MOD_MASK_LOCK));
	keys_destroy(e.keys);
	e.keys = NULL;
	CHECK(grab_from(other, e.screen->root, s, super_shift));
	CHECK(grab_from(
	        other, e.screen->root, s, super_shift | XCB_MOD_MASK_2 | XCB_MOD_MASK_LOCK));
	xcb_disconnect(other);
	return env_stop(&e, 0);
}

TEST(busy)
{
	struct env e = {0};
	const struct keys_binding b[] = {
	        {"Super+s", 10, "test.conf:9"},
	        {"F12", 3, "t:2"},
	        mark,
	};
	int r = env_start(&e, NULL, 0);

	if (r)
		return env_stop(&e, r);
	xcb_connection_t *other = xserver_connect(&e.xs, NULL);
	CHECK(grab_from(other, e.screen->root, keyboard_code(e.c, "s"), XCB_MOD_MASK_4));
	set(&e, b, 3);
	CHECK(e.nwarn == 1 && warned(&e, "test.conf:9", "another client"));
	CHECK(warned(&e, "test.conf:9", "Super+s"));
	CHECK_FIRES(&e, "F12", 3);
	CHECK_FIRES(&e, "Super_L s", -1); /* the other client's */
	CHECK(e.nwarn == 1);
	xcb_disconnect(other);
	return env_stop(&e, 0);
}
