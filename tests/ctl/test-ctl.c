/* test-ctl: the shmcomp-ctl tests. Each case runs on its own Xvfb (-displayfd), maybe with
 * fake-owner standing in for shmcomp, runs shmcomp-ctl and checks its exit status, its output
 * to the byte and how long it took. Usage: test-ctl CASE SHMCOMP_CTL FAKE_OWNER [XWD]. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/render.h"
#include "tests/ctl/ctl-test.h"
#include "tests/ctl/driver.h"
#include "tests/ctl/shot-scene.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"
#include "version.h"

#define FAST_S 2.0 /* "promptly": well under the default timeout of 10 s */

struct t {
	const char *ctl, *fake, *xwd;
	struct xserver xs;
	pid_t fake_pid;
	char dir[64]; /* outputs; kept when the case fails */
};

struct ctl_case {
	const char *name;
	const char *screen; /* Xvfb -screen 0 argument; NULL = no server at all */
	const char *fake_mode; /* NULL = no compositor */
	bool needs_xwd;
	void (*run)(struct t *t);
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
	const char *argv[] = {t->xwd, "-root", "-silent", "-display", t->xs.name, "-out", xwd,
		NULL};
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

static const struct ctl_case cases[] = {
	{"usage", NULL, NULL, false, case_usage},
	{"compare", NULL, NULL, false, case_compare},
	{"no-compositor", "640x480x24", NULL, false, case_no_compositor},
	{"not-shmcomp", "640x480x24", "other", false, case_not_shmcomp},
	{"not-shmcomp-class", "640x480x24", "other-class", false, case_not_shmcomp_class},
	{"wait", "640x480x24", "shmcomp", false, case_wait},
	{"stats", "640x480x24", "shmcomp", false, case_stats},
	{"reload", "640x480x24", "shmcomp", false, case_reload},
	{"owner-exits", "640x480x24", "exit-on-wait", false, case_owner_exits},
	{"owner-disowns", "640x480x24", "disown-on-wait", false, case_owner_disowns},
	{"timeout", "640x480x24", "silent", false, case_timeout},
	{"screenshot-24", "640x480x24", "shmcomp", true, case_screenshot_file},
	/* an odd width: 16-bit rows of GetImage and xwd carry padding that PNG rows do not */
	{"screenshot-16", "641x479x16", "shmcomp", true, case_screenshot_stdout},
	{"settled-explain", "640x480x24", "unsettled", false, case_settled_explain},
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
		t->fake_pid = fake_owner_start(t->fake, t->xs.name, tc->fake_mode);
		if (t->fake_pid < 0)
			return -1;
	}
	return 0;
}

/* Arguments: SHMCOMP_CTL FAKE_OWNER [XWD] ("" when xwd is not installed). */
TEST_P(ctl, cases)
{
	const struct ctl_case *c = tc->data;
	const char *xwd = test_arg_or(tc, 2, "");
	struct t t = {
		.ctl = test_arg(tc, 0, "SHMCOMP_CTL"),
		.fake = test_arg(tc, 1, "FAKE_OWNER"),
		.xwd = xwd[0] ? xwd : NULL,
		.fake_pid = -1,
		.xs = {.pid = -1},
	};
	int rc;

	if (!case_dir_make(t.dir, sizeof t.dir, "test-ctl"))
		return TEST_FAIL;
	rc = setup(&t, c);
	if (rc == 0)
		c->run(&t);
	process_stop(t.fake_pid);
	xserver_stop(&t.xs);
	case_dir_finish(t.dir, c->name);
	if (rc != 0)
		return rc == HARNESS_SKIP ? TEST_SKIP : TEST_FAIL;
	return TEST_PASS;
}
