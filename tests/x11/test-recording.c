/* x11 suite: recording what the screen shows (shmcomp --record-dir, shmcomp-ctl record;
 * --record with --record-last). A scene stepped on the virtual clock is recorded; the file,
 * decoded by ffprobe and ffmpeg, has one frame per change at the virtual times, each equal
 * to `shmcomp-ctl screenshot` at the same step; ring mode writes only the last seconds, and
 * only when asked; a RandR resize keeps the video's size; names outside the directory and
 * symlinks are refused. Run as: test-recording CASE SHMCOMP SHMCOMP_CTL BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	const char *shmcomp, *ctl, *name;
	char dir[600], log[700];
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
};

static bool have(const char *program)
{
	char cmd[200];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

/* A fresh directory for the case (e->dir). */
static int prepare(struct env *e, const struct test_ctx *tc)
{
	char cmd[1400];

	if (!have("ffmpeg") || !have("ffprobe")) {
		fprintf(stderr, "%s: ffmpeg and ffprobe are needed\n", tc->name);
		return TEST_SKIP;
	}
	*e = (struct env){.shmcomp = test_arg(tc, 0, "SHMCOMP"), .ctl = test_arg(tc, 1, "CTL"),
		.name = tc->name, .xs = {.pid = -1}};
	snprintf(e->dir, sizeof e->dir, "%s/rec-%s", test_arg(tc, 2, "BUILDDIR"), tc->name);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", e->dir, e->dir);
	return system(cmd) == 0 ? TEST_PASS : TEST_FAIL;
}

/* Xvfb, and shmcomp --clock=virtual with `a1`..`a4` (NULL-ended). */
static int start(struct env *e, const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *server[] = {"-screen", "0", "320x240x24", NULL};
	int r = xserver_start(&e->xs, "Xvfb", server);

	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	snprintf(e->log, sizeof e->log, "%s/shmcomp.log", e->dir);
	const char *argv[] = {e->shmcomp, "--clock=virtual", a1, a2, a3, a4, NULL};
	e->comp = spawn(argv, e->xs.name, e->log);
	return wait_cm_owner(e->c, 5000) ? TEST_PASS : TEST_FAIL;
}

static void stop(struct env *e)
{
	kill(e->comp, SIGTERM);
	CHECK(wait_exit(e->comp, 10000) == 0);
	xcb_disconnect(e->c);
	xserver_stop(&e->xs);
}

/* shmcomp-ctl ARGS...; its exit status. */
static int ctl(struct env *e, const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *argv[] = {e->ctl, "--display", e->xs.name, a1, a2, a3, a4, NULL};
	return wait_exit(spawn(argv, NULL, NULL), 30000);
}

static void shot(struct env *e, int n)
{
	char path[700];

	snprintf(path, sizeof path, "%s/shot-%d.png", e->dir, n);
	CHECK(ctl(e, "screenshot", path, NULL, NULL) == 0);
}

static xcb_window_t window(struct env *e, int16_t x, int16_t y, uint32_t color)
{
	xcb_window_t w = xcb_generate_id(e->c);
	uint32_t values[] = {color, 1};

	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, w, e->s->root, x, y, 100, 80, 0,
		XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual,
		XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, values);
	xcb_map_window(e->c, w);
	x_sync(e->c);
	return w;
}

/* The frames' times in ms (ffprobe), at most `max`; the count. */
static int frame_times(const char *file, long *ms, int max)
{
	char cmd[900], line[128];
	int n = 0;

	snprintf(cmd, sizeof cmd,
		"ffprobe -v error -select_streams v:0 -show_entries frame=pts_time -of csv=p=0 '%s'",
		file);
	FILE *p = popen(cmd, "r");
	while (p && n < max && fgets(line, sizeof line, p))
		ms[n++] = (long)(atof(line) * 1000 + 0.5);
	if (p)
		pclose(p);
	return n;
}

/* Frame i (from 1) of `file` as DIR/frame-NNN.png. */
static bool extract(struct env *e, const char *file)
{
	char cmd[1600];

	snprintf(cmd, sizeof cmd,
		"ffmpeg -v error -i '%s' -fps_mode passthrough '%s/frame-%%03d.png' </dev/null",
		file, e->dir);
	return system(cmd) == 0;
}

static bool same_png(struct env *e, const char *a, const char *b)
{
	char pa[800], pb[800];
	const char *argv[] = {e->ctl, "compare", pa, pb, NULL};

	snprintf(pa, sizeof pa, "%s/%s", e->dir, a);
	snprintf(pb, sizeof pb, "%s/%s", e->dir, b);
	return wait_exit(spawn(argv, NULL, NULL), 30000) == 0;
}

static void video_size(const char *file, int *w, int *h)
{
	char cmd[900];

	snprintf(cmd, sizeof cmd,
		"ffprobe -v error -select_streams v:0 -show_entries stream=width,height "
		"-of csv=p=0:s=x '%s'",
		file);
	FILE *p = popen(cmd, "r");
	*w = *h = 0;
	if (p && fscanf(p, "%dx%d", w, h) != 2)
		*w = *h = 0;
	if (p)
		pclose(p);
}

/* A scene stepped on the virtual clock: frames at the times of its changes, each the
 * screenshot of that step, bit for bit (FFV1, bgr0). */
TEST(steps)
{
	struct env e;
	char file[700];
	long ms[16];
	int r = prepare(&e, tc);

	if (r || (r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "run.mkv", NULL) == 0);
	shot(&e, 0);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	xcb_window_t w = window(&e, 20, 30, 0xcc3322);
	shot(&e, 1);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	uint32_t pos[] = {150, 120};
	xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	x_sync(e.c);
	shot(&e, 2);
	CHECK(ctl(&e, "step", "50", NULL, NULL) == 0); /* nothing changes: no frame */
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 0);
	snprintf(file, sizeof file, "%s/run.mkv", e.dir);
	int n = frame_times(file, ms, 16);
	CHECK(n >= 3);
	CHECK(n >= 3 && ms[0] == 0 && ms[1] == 100 && ms[2] == 200);
	CHECK(n <= 4 && (n == 3 || ms[3] == 250)); /* the last frame held to the stop */
	CHECK(extract(&e, file));
	CHECK(same_png(&e, "frame-001.png", "shot-0.png"));
	CHECK(same_png(&e, "frame-002.png", "shot-1.png"));
	CHECK(same_png(&e, "frame-003.png", "shot-2.png"));
	struct stat st;
	CHECK(lstat(file, &st) == 0 && (st.st_mode & 0777) == 0600);
	stop(&e);
	return TEST_PASS;
}

/* A client names files inside --record-dir only: no directory part, no existing name,
 * no symlink; and nothing at all without --record-dir. */
TEST(names)
{
	struct env e;
	char link_path[800], target[800];
	int r = prepare(&e, tc);

	if (r || (r = start(&e, NULL, NULL, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "x.mkv", NULL) != 0); /* no --record-dir */
	stop(&e);
	if ((r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	snprintf(link_path, sizeof link_path, "%s/planted.mkv", e.dir);
	snprintf(target, sizeof target, "%s/../stolen.mkv", e.dir);
	unlink(target);
	CHECK(symlink(target, link_path) == 0);
	CHECK(ctl(&e, "record", "start", "../escape.mkv", NULL) != 0);
	CHECK(ctl(&e, "record", "start", "planted.mkv", NULL) != 0);
	CHECK(access(target, F_OK) != 0);
	CHECK(ctl(&e, "record", "start", "ok.mkv", NULL) == 0);
	CHECK(ctl(&e, "record", "start", "second.mkv", NULL) != 0); /* one at a time */
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 0);
	CHECK(ctl(&e, "record", "stop", NULL, NULL) != 0);
	stop(&e);
	return TEST_PASS;
}

/* --record FILE --record-last 1: nothing written until asked; a dump holds the last
 * second only (its first frame stamped at now - 1 s). */
TEST(ring)
{
	struct env e;
	char file[700];
	long ms[64];
	int r = prepare(&e, tc);

	if (r)
		return r;
	snprintf(file, sizeof file, "%s/last.mkv", e.dir);
	if ((r = start(&e, "--record", file, "--record-last", "1")))
		return r;
	xcb_window_t w = window(&e, 0, 0, 0x2266aa);
	for (int i = 0; i < 10; i++) { /* a change every 300 ms of the clock */
		uint32_t pos[] = {(uint32_t)(10 * i), (uint32_t)(5 * i)};
		xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
		x_sync(e.c);
		CHECK(ctl(&e, "step", "300", NULL, NULL) == 0);
	}
	CHECK(access(file, F_OK) != 0); /* a green run writes nothing */
	CHECK(ctl(&e, "record", "dump", NULL, NULL) == 0);
	for (int i = 0; i < 200 && frame_times(file, ms, 64) == 0; i++)
		sleep_ms(50); /* the dump runs in the background */
	stop(&e);        /* waits for it */
	int n = frame_times(file, ms, 64);
	CHECK(n >= 3 && n <= 6);
	CHECK(n > 0 && ms[0] == 2000); /* now (3000) - 1 s */
	CHECK(n > 0 && ms[n - 1] == 3000);
	return TEST_PASS;
}

/* A RandR resize while recording: the video keeps its first size. */
TEST(resize)
{
	struct env e;
	char file[700];
	int w = 0, h = 0;
	int r = prepare(&e, tc);

	if (r || (r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "resize.mkv", NULL) == 0);
	window(&e, 10, 10, 0x33aa55);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	const char *xrandr[] = {"/usr/bin/xrandr", "--display", e.xs.name, "--fb", "200x150",
		NULL};
	wait_exit(spawn(xrandr, NULL, NULL), 10000); /* exits 1 on Xvfb while it resizes */
	CHECK(ctl(&e, "wait", NULL, NULL, NULL) == 0);
	window(&e, 50, 50, 0xaa3355);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 0);
	snprintf(file, sizeof file, "%s/resize.mkv", e.dir);
	video_size(file, &w, &h);
	CHECK(w == 320 && h == 240);
	long ms[16];
	CHECK(frame_times(file, ms, 16) >= 2);
	stop(&e);
	return TEST_PASS;
}
