/* x11 suite: configuration in a running shmcomp — key bindings pressed with
 * XTEST (screenshot into screenshot-dir, toggle-effects, quit), a window
 * matched by an opacity rule, inactive-dim, and --check-config on a real
 * picom.conf and on a broken file.
 * Run as: test-config-x11 CASE SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR */
#include <dirent.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/keyboard.h"
#include "tests/harness/runner.h"

struct env {
	const char *name; /* the case's */
	const char *shmcomp, *ctl, *outdir, *srcdir;
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
	char conf[512], log[512];
};

/* The arguments after the case name: SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR. */
static struct env env_of(const struct test_ctx *tc)
{
	return (struct env){
	        .name = tc->name,
	        .shmcomp = test_arg(tc, 0, "SHMCOMP"),
	        .ctl = test_arg(tc, 1, "SHMCOMP_CTL"),
	        .outdir = test_arg(tc, 2, "BUILDDIR"),
	        .srcdir = test_arg(tc, 3, "SRCDIR"),
	        .xs = {.pid = -1},
	};
}

static int start(struct env *e, const char *conf_text)
{
	int r = xserver_start(&e->xs, "Xvfb", NULL);
	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	snprintf(e->conf, sizeof e->conf, "%s/cfg-%s.conf", e->outdir, e->name);
	snprintf(e->log, sizeof e->log, "%s/cfg-%s.log", e->outdir, e->name);
	write_file(e->conf, conf_text);
	const char *argv[] = {e->shmcomp, "--config", e->conf, "--log-level", "info", NULL};
	e->comp = spawn(argv, e->xs.name, e->log);
	return wait_cm_owner(e->c, 5000) ? 0 : 1;
}

static void stop(struct env *e)
{
	if (e->comp > 0) {
		kill(e->comp, SIGTERM);
		CHECK(wait_exit(e->comp, 3000) == 0);
	}
	xcb_disconnect(e->c);
	xserver_stop(&e->xs);
}

static int ctl_wait(struct env *e)
{
	const char *argv[] = {e->ctl, "--display", e->xs.name, "wait", NULL};
	return wait_exit(spawn(argv, NULL, NULL), 15000);
}

static xcb_window_t window(struct env *e, int16_t x, int16_t y, uint16_t w, uint16_t h,
        uint32_t color, const char *cls)
{
	xcb_window_t win = xcb_generate_id(e->c);
	uint32_t v[] = {color, 1};
	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, win, e->s->root, x, y, w, h, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual,
	        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, v);
	if (cls) {
		char buf[128];
		int n = snprintf(buf, sizeof buf, "%s%c%s", cls, 0, cls);
		xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, win, XCB_ATOM_WM_CLASS,
		        XCB_ATOM_STRING, 8, (uint32_t)n + 1, buf);
	}
	xcb_map_window(e->c, win);
	x_sync(e->c);
	return win;
}

static uint32_t pixel(struct env *e, int16_t x, int16_t y)
{
	return root_pixel(e->c, e->s, x, y);
}

static bool near(uint32_t got, uint32_t want, int tol)
{
	for (int s = 0; s <= 16; s += 8) {
		int d = (int)((got >> s) & 0xff) - (int)((want >> s) & 0xff);
		if (d < -tol || d > tol)
			return false;
	}
	return true;
}

/* a*f + b*(1-f) per channel */
static uint32_t mix(uint32_t a, uint32_t b, double f)
{
	uint32_t out = 0;
	for (int s = 0; s <= 16; s += 8) {
		double v = ((a >> s) & 0xff) * f + ((b >> s) & 0xff) * (1 - f);
		out |= (uint32_t)(v + 0.5) << s;
	}
	return out;
}

static int count_pngs(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return -1;
	for (struct dirent *x; (x = readdir(d));)
		n += strstr(x->d_name, ".png") != NULL;
	closedir(d);
	return n;
}

/* Polls until the root pixel at (x, y) is near `want` (events and key
 * presses reach shmcomp asynchronously). */
static bool shows(struct env *e, int16_t x, int16_t y, uint32_t want, int tol)
{
	for (int i = 0; i < 100; i++) {
		ctl_wait(e);
		if (near(pixel(e, x, y), want, tol))
			return true;
		usleep(20000);
	}
	fprintf(stderr, "(%d,%d) shows %06x, want %06x\n", x, y, pixel(e, x, y), want);
	return false;
}

TEST(bindings)
{
	char dir[512], text[2048];
	struct env e = env_of(tc);

	snprintf(dir, sizeof dir, "%s/cfg-shots", e.outdir);
	mkdir(dir, 0755);
	snprintf(text, sizeof text,
	        "background-color = \"#204060\";\n"
	        "inactive-dim = 0.5;\n"
	        "screenshot-dir = \"%s\";\n"
	        "bindings = (\n"
	        "  { key = \"Super+Shift+s\"; action = \"screenshot\"; },\n"
	        "  { key = \"Super+Shift+t\"; action = \"toggle-effects\"; },\n"
	        "  { key = \"Super+Shift+q\"; action = \"quit\"; }\n"
	        ");\n",
	        dir);
	int r = start(&e, text);
	if (r)
		return r;
	int before = count_pngs(dir);
	window(&e, 100, 100, 200, 100, 0xc08040, "plain");
	/* Unfocused: dimmed by half. */
	CHECK(shows(&e, 150, 150, mix(0xc08040, 0, 0.5), 2));
	CHECK(keyboard_chord(e.c, "Super_L Shift_L s"));
	bool shot = false;
	for (int i = 0; i < 100 && !shot; i++, usleep(20000))
		shot = count_pngs(dir) == before + 1;
	CHECK(shot);
	CHECK(keyboard_chord(e.c, "Super_L Shift_L t")); /* effects off: no dim */
	CHECK(shows(&e, 150, 150, 0xc08040, 0));
	CHECK(keyboard_chord(e.c, "Super_L Shift_L t")); /* and on again */
	CHECK(shows(&e, 150, 150, mix(0xc08040, 0, 0.5), 2));
	CHECK(keyboard_chord(e.c, "Super_L Shift_L q"));
	CHECK(wait_exit(e.comp, 3000) == 0);
	e.comp = -1;
	stop(&e);
	return TEST_PASS;
}

/* The screenshot binding in a shared directory where another user planted
 * dangling symlinks at the names the next shots would take (this second and
 * the next few, numbers 000 to 002): nothing is written through them, the shot
 * lands in the directory as a new file of mode 0600 and the links stay. */
TEST(screenshot_symlink)
{
	char dir[512], outside[512], text[1024], cmd[2200], link_path[800], target[800];
	struct env e = env_of(tc);
	time_t now = time(NULL);

	snprintf(dir, sizeof dir, "%s/cfg-symlink-shots", e.outdir);
	snprintf(outside, sizeof outside, "%s/cfg-symlink-outside", e.outdir);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' && mkdir -p '%s' '%s'", dir, outside, dir,
	        outside);
	CHECK(system(cmd) == 0);
	for (int sec = 0; sec < 8; sec++) {
		struct tm tm;
		char stamp[32];
		time_t t = now + sec;
		localtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		for (int n = 0; n < 3; n++) {
			snprintf(link_path, sizeof link_path, "%s/shmcomp-%s-%03d.png", dir, stamp,
			        n);
			snprintf(target, sizeof target, "%s/stolen-%s-%03d.png", outside, stamp, n);
			CHECK(symlink(target, link_path) == 0);
		}
	}
	snprintf(text, sizeof text,
	        "screenshot-dir = \"%s\";\n"
	        "bindings = ( { key = \"Super+Shift+s\"; action = \"screenshot\"; } );\n",
	        dir);
	int r = start(&e, text);
	if (r)
		return r;
	window(&e, 100, 100, 200, 100, 0xc08040, "plain");
	CHECK(ctl_wait(&e) == 0);
	CHECK(keyboard_chord(e.c, "Super_L Shift_L s"));
	char shot[800] = "";
	for (int i = 0; i < 150 && !shot[0]; i++, usleep(20000)) {
		DIR *d = opendir(dir);
		for (struct dirent *x; d && (x = readdir(d));) {
			struct stat st;
			snprintf(link_path, sizeof link_path, "%s/%s", dir, x->d_name);
			if (strstr(x->d_name, ".png") && lstat(link_path, &st) == 0 &&
			        S_ISREG(st.st_mode) && st.st_size > 0)
				snprintf(shot, sizeof shot, "%s", link_path);
		}
		if (d)
			closedir(d);
	}
	CHECK(shot[0]);
	struct stat st;
	CHECK(shot[0] && lstat(shot, &st) == 0 && (st.st_mode & 0777) == 0600);
	char *png = shot[0] ? read_file(shot) : NULL;
	CHECK(png && memcmp(png, "\x89PNG", 4) == 0);
	free(png);
	CHECK(count_pngs(outside) == 0); /* nothing went through a link */
	int links = 0;
	DIR *d = opendir(dir);
	for (struct dirent *x; d && (x = readdir(d));) {
		snprintf(link_path, sizeof link_path, "%s/%s", dir, x->d_name);
		links += lstat(link_path, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (d)
		closedir(d);
	CHECK(links == 24);
	stop(&e);
	return TEST_PASS;
}

/* opacity-rule by class: the "half" window at 50 %, the other one opaque. */
TEST(rule)
{
	struct env e = env_of(tc);
	int r = start(&e, "background-color = \"#204060\";\n"
	                  "opacity-rule = [ \"50:class_g = 'Half'\" ];\n");
	if (r)
		return r;
	window(&e, 100, 100, 100, 100, 0xe0a010, "Half");
	window(&e, 300, 100, 100, 100, 0xe0a010, "Other");
	CHECK(shows(&e, 150, 150, mix(0xe0a010, 0x204060, 0.5), 2));
	CHECK(shows(&e, 350, 150, 0xe0a010, 0));
	stop(&e);
	return TEST_PASS;
}

static int run_check(const struct env *e, const char *file, const char *out)
{
	const char *argv[] = {e->shmcomp, "--check-config", file, NULL};
	return wait_exit(spawn(argv, NULL, out), 10000);
}

TEST(check_config)
{
	const struct env e = env_of(tc);
	char sample[1024], out[512], broken[512];

	snprintf(sample, sizeof sample, "%s/tests/config/picom.sample.conf", e.srcdir);
	snprintf(out, sizeof out, "%s/cfg-check.out", e.outdir);
	CHECK(run_check(&e, sample, out) == 0);
	char *text = read_file(out);
	CHECK(text && strstr(text, "picom.sample.conf:") && strstr(text, "shadow"));
	free(text);
	snprintf(broken, sizeof broken, "%s/cfg-broken.conf", e.outdir);
	write_file(broken, "shadow = true;\nshadow-radius = \"big\";\n");
	CHECK(run_check(&e, broken, out) == 1);
	text = read_file(out);
	CHECK(text && strstr(text, "cfg-broken.conf:2"));
	free(text);
	return TEST_PASS;
}
