/* x11 suite: recording what the screen shows (shmcomp --record-dir, shmcomp-ctl record;
 * --record with --record-last). A scene stepped on the virtual clock is recorded; the file,
 * decoded by ffprobe and ffmpeg, has one frame per change at the virtual times, each equal
 * to `shmcomp-ctl screenshot` at the same step; ring mode writes only the last seconds, and
 * only when asked; a RandR resize keeps the video's size; names outside the directory and
 * symlinks are refused; a missing ffmpeg is a clear error; SIGTERM finalises the file,
 * SIGKILL of shmcomp loses only the newest frame; an idle screen adds no frame; a .webm
 * name records VP9 in WebM.
 * Run as: test-recording CASE SHMCOMP SHMCOMP_CTL BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	const char *shmcomp, *ctl, *name;
	const char *path; /* shmcomp's $PATH, when not ours */
	bool real_clock;  /* --clock=real instead of virtual */
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
	*e = (struct env){.shmcomp = test_arg(tc, 0, "SHMCOMP"),
	        .ctl = test_arg(tc, 1, "CTL"),
	        .name = tc->name,
	        .xs = {.pid = -1}};
	snprintf(e->dir, sizeof e->dir, "%s/rec-%s", test_arg(tc, 2, "BUILDDIR"), tc->name);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", e->dir, e->dir);
	return system(cmd) == 0 ? TEST_PASS : TEST_FAIL;
}

/* shmcomp (its clock, then `a1`..`a4`, NULL-ended) on the running server, with e->path
 * as its $PATH when set; its log in e->log. */
static void spawn_comp(
        struct env *e, const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *clock = e->real_clock ? "--clock=real" : "--clock=virtual";
	const char *argv[] = {e->shmcomp, clock, a1, a2, a3, a4, NULL};
	char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	snprintf(e->log, sizeof e->log, "%s/shmcomp.log", e->dir);
	if (e->path)
		setenv("PATH", e->path, 1);
	e->comp = spawn(argv, e->xs.name, e->log);
	if (e->path && saved)
		setenv("PATH", saved, 1);
	free(saved);
}

/* Xvfb, and shmcomp with `a1`..`a4` (NULL-ended). */
static int start(struct env *e, const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *server[] = {"-screen", "0", "320x240x24", NULL};
	int r = xserver_start(&e->xs, "Xvfb", server);

	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	spawn_comp(e, a1, a2, a3, a4);
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

/* shmcomp-ctl ARGS... with its output (stdout and stderr) in `out`; its exit status. */
static int ctl_out(struct env *e, char *out, size_t outlen, const char *a1, const char *a2,
        const char *a3, const char *a4)
{
	const char *argv[] = {e->ctl, "--display", e->xs.name, a1, a2, a3, a4, NULL};
	char path[700];

	snprintf(path, sizeof path, "%s/ctl.out", e->dir);
	int status = wait_exit(spawn(argv, NULL, path), 30000);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(out, 1, outlen - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	return status;
}

/* The value of `key` in shmcomp-ctl stats; -1 when absent or unreadable. */
static long stat_of(struct env *e, const char *key)
{
	char text[8192] = "\n", want[80];

	if (ctl_out(e, text + 1, sizeof text - 1, "stats", NULL, NULL, NULL) != 0)
		return -1;
	snprintf(want, sizeof want, "\n%s=", key);
	const char *at = strstr(text, want);
	return at ? atol(at + strlen(want)) : -1;
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
	        "ffprobe -v error -select_streams v:0 -show_entries frame=pts_time -of csv=p=0 "
	        "'%s'",
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
	stop(&e);             /* waits for it */
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
	const char *xrandr[] = {"/usr/bin/xrandr", "--display", e.xs.name, "--fb", "200x150", NULL};
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

/* The file names in e->dir other than shmcomp's log and ctl's output; their count. */
static int files_left(struct env *e)
{
	char cmd[900], line[300];
	int n = 0;

	snprintf(cmd, sizeof cmd, "ls -A '%s'", e->dir);
	FILE *p = popen(cmd, "r");
	while (p && fgets(line, sizeof line, p))
		if (strcmp(line, "shmcomp.log\n") != 0 && strcmp(line, "ctl.out\n") != 0 &&
		        strcmp(line, "bin\n") != 0) {
			fprintf(stderr, "left behind: %s", line);
			n++;
		}
	if (p)
		pclose(p);
	return n;
}

static bool file_has(const char *path, const char *text)
{
	char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	buf[n] = '\0';
	if (f)
		fclose(f);
	return strstr(buf, text) != NULL;
}

/* No ffmpeg in shmcomp's $PATH: `record start` fails with a message naming ffmpeg and
 * its Debian package, creates nothing, and shmcomp records nothing and runs on; `shmcomp
 * --record FILE` (with --record-last too) says the same at start-up and exits 1. */
TEST(missing_encoder)
{
	struct env e;
	char empty[700], out[4096], file[800];
	int r = prepare(&e, tc);

	if (r)
		return r;
	snprintf(empty, sizeof empty, "%s/bin", e.dir);
	CHECK(mkdir(empty, 0700) == 0);
	e.path = empty;
	if ((r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	window(&e, 20, 30, 0xcc3322);
	r = ctl_out(&e, out, sizeof out, "record", "start", "none.mkv", NULL);
	test_expect(r == 1, "record start exited %d", r);
	test_expect(strstr(out, "\"ffmpeg\" not found") && strstr(out, "apt-get install ffmpeg"),
	        "record start said: %s", out);
	CHECK(files_left(&e) == 0);
	CHECK(waitpid(e.comp, NULL, WNOHANG) == 0); /* still running */
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	CHECK(stat_of(&e, "recording") == 0);
	CHECK(stat_of(&e, "record_frames") == 0);
	CHECK(stat_of(&e, "record_bytes") == 0);
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 1); /* not recording */
	kill(e.comp, SIGTERM);
	CHECK(wait_exit(e.comp, 10000) == 0);

	snprintf(file, sizeof file, "%s/start.mkv", e.dir);
	spawn_comp(&e, "--record", file, NULL, NULL);
	r = wait_exit(e.comp, 10000);
	test_expect(r == 1, "shmcomp --record without ffmpeg exited %d", r);
	if (r < 0) { /* still running */
		kill(e.comp, SIGKILL);
		wait_exit(e.comp, 10000);
	}
	test_expect(file_has(e.log, "\"ffmpeg\" not found in $PATH (on Debian: apt-get install "
	                            "ffmpeg)"),
	        "no clear message in %s", e.log);
	CHECK(access(file, F_OK) != 0);
	spawn_comp(&e, "--record", file, "--record-last", "5"); /* the same in ring mode */
	r = wait_exit(e.comp, 10000);
	test_expect(r == 1, "shmcomp --record --record-last without ffmpeg exited %d", r);
	if (r < 0) {
		kill(e.comp, SIGKILL);
		wait_exit(e.comp, 10000);
	}
	CHECK(file_has(e.log, "\"ffmpeg\" not found in $PATH"));
	CHECK(files_left(&e) == 0);
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return TEST_PASS;
}

/* Frame n (from 1) of what extract() wrote is the screenshot `shot-K.png`. */
static bool frame_is(struct env *e, int n, int k)
{
	char f[64], s[64];

	snprintf(f, sizeof f, "frame-%03d.png", n);
	snprintf(s, sizeof s, "shot-%d.png", k);
	return same_png(e, f, s);
}

/* SIGTERM while recording: shmcomp finalises the file on its way out. It has a duration
 * (ffprobe reads the format's, not one worked out from the last frame), one frame per
 * frame shmcomp recorded (its stats: frames - merged - dropped) plus the closing one at
 * the time of the signal, and the last frame is the last screenshot. */
TEST(sigterm)
{
	struct env e;
	char file[700], out[256];
	long ms[32];
	int r = prepare(&e, tc);

	if (r || (r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "term.mkv", NULL) == 0);
	xcb_window_t w = window(&e, 20, 30, 0x3355cc);
	for (int i = 0; i < 5; i++) {
		uint32_t pos[] = {(uint32_t)(20 + 30 * i), (uint32_t)(30 + 20 * i)};
		CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
		xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
		x_sync(e.c);
		shot(&e, i);
	}
	CHECK(ctl(&e, "step", "300", NULL, NULL) == 0); /* nothing changes: the closing frame */
	long frames = stat_of(&e, "record_frames"), merged = stat_of(&e, "record_merged");
	long dropped = stat_of(&e, "record_dropped");
	test_expect(frames >= 5 && merged >= 0 && dropped >= 0,
	        "stats: frames=%ld merged=%ld dropped=%ld", frames, merged, dropped);
	kill(e.comp, SIGTERM);
	CHECK(wait_exit(e.comp, 30000) == 0);
	snprintf(file, sizeof file, "%s/term.mkv", e.dir);
	int n = frame_times(file, ms, 32);
	test_expect(n == frames - merged - dropped + 1,
	        "%d frames in the file, stats: frames=%ld "
	        "merged=%ld dropped=%ld (+1 closing)",
	        n, frames, merged, dropped);
	CHECK(n >= 2 && ms[n - 1] == 800 && ms[n - 2] == 500);
	char cmd[900];
	snprintf(cmd, sizeof cmd,
	        "ffprobe -v error -show_entries format=duration -of csv=p=0 '%s' 2>&1", file);
	FILE *p = popen(cmd, "r");
	out[0] = '\0';
	if (p && !fgets(out, sizeof out, p))
		out[0] = '\0';
	if (p)
		pclose(p);
	test_expect(strncmp(out, "0.8", 3) == 0, "duration: %s", out); /* 0 to the signal */
	CHECK(extract(&e, file));
	CHECK(n >= 2 && frame_is(&e, n, 4) && frame_is(&e, n - 1, 4));
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return TEST_PASS;
}

/* The pid of shmcomp's encoder (its only child), or 0. */
static pid_t encoder_of(pid_t comp)
{
	char cmd[100];
	int pid = 0;

	snprintf(cmd, sizeof cmd, "pgrep -P %d", (int)comp);
	FILE *p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &pid) != 1)
		pid = 0;
	if (p)
		pclose(p);
	return pid;
}

/* Waits until the recorder's thread has handed every frame but the newest (kept for a
 * merge) to the encoder. */
static bool handed_over(struct env *e)
{
	for (int i = 0; i < 500; i++) {
		long frames = stat_of(e, "record_frames"), merged = stat_of(e, "record_merged");
		long dropped = stat_of(e, "record_dropped");
		if (stat_of(e, "record_recorded") + merged + dropped == frames - 1)
			return dropped == 0;
		sleep_ms(20);
	}
	return false;
}

/* SIGKILL of shmcomp alone (its encoder, in a process group of its own, lives on): the
 * encoder reads what it was handed, sees the end of its input and finalises the file.
 * Every frame shmcomp had handed over (stats: record_recorded) is in it, exact; only the
 * newest frame, still waiting in shmcomp for a possible merge, is lost. (SIGKILL of both,
 * an unfinalised file still readable to its last whole frame, is tests/record's
 * sigkill-encoder.) */
TEST(sigkill)
{
	struct env e;
	char file[700];
	long ms[32];
	int r = prepare(&e, tc);

	if (r)
		return r;
	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0); /* the orphaned encoder: ours to reap */
	if ((r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "kill.mkv", NULL) == 0);
	xcb_window_t w = window(&e, 20, 30, 0x55cc33);
	for (int i = 0; i < 5; i++) {
		uint32_t pos[] = {(uint32_t)(20 + 30 * i), (uint32_t)(30 + 20 * i)};
		CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
		xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
		x_sync(e.c);
		shot(&e, i);
		CHECK(handed_over(&e)); /* so that none is dropped */
	}
	long recorded = stat_of(&e, "record_recorded");
	pid_t enc = encoder_of(e.comp);
	CHECK(enc > 0 && recorded >= 4);
	kill(e.comp, SIGKILL);
	CHECK(wait_exit(e.comp, 10000) == 128 + SIGKILL);
	test_expect(enc > 0 && wait_exit(enc, 30000) == 0, "the encoder did not finish cleanly");
	snprintf(file, sizeof file, "%s/kill.mkv", e.dir);
	int n = frame_times(file, ms, 32);
	test_expect(n == recorded, "%d frames in the file, %ld handed over", n, recorded);
	CHECK(n >= 4 && ms[n - 1] == 400); /* the frame at 500 was the waiting one */
	CHECK(extract(&e, file));
	CHECK(n >= 4 && frame_is(&e, n, 3) && frame_is(&e, n - 1, 2));
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return TEST_PASS;
}

/* An idle screen adds no frame: on the real clock, with a window shown and nothing
 * drawn, record_frames stays as it is for a second, and then one change adds frames.
 * `record stop` then prints the totals. */
TEST(idle)
{
	struct env e;
	int r = prepare(&e, tc);

	if (r)
		return r;
	e.real_clock = true;
	if ((r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "idle.mkv", NULL) == 0);
	xcb_window_t w = window(&e, 20, 30, 0x808080);
	CHECK(ctl(&e, "wait", "--settled", NULL, NULL) == 0);
	long before = stat_of(&e, "record_frames");
	sleep_ms(1000);
	long after = stat_of(&e, "record_frames");
	test_expect(
	        before >= 1 && after == before, "record_frames %ld, 1 s later %ld", before, after);
	uint32_t pos[] = {60, 70};
	xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	x_sync(e.c);
	CHECK(ctl(&e, "wait", NULL, NULL, NULL) == 0);
	CHECK(stat_of(&e, "record_frames") > after);
	/* stop says the totals: no longer recording, the bytes of the finished file */
	char out[2048], file[700], want[64];
	struct stat st;
	CHECK(ctl_out(&e, out, sizeof out, "record", "stop", NULL, NULL) == 0);
	snprintf(file, sizeof file, "%s/idle.mkv", e.dir);
	CHECK(stat(file, &st) == 0);
	snprintf(want, sizeof want, "record_bytes=%lld\n", (long long)st.st_size);
	test_expect(strstr(out, "recording=0\n") && strstr(out, want),
	        "the file has %lld bytes, stop said: %s", (long long)st.st_size, out);
	stop(&e);
	return TEST_PASS;
}

/* The first line ffprobe prints for `entries` of `file`'s (first video) stream or format. */
static void probe_text(const char *file, const char *entries, char *out, size_t outlen)
{
	char cmd[900];

	snprintf(cmd, sizeof cmd,
	        "ffprobe -v error -select_streams v:0 -show_entries %s "
	        "-of csv=p=0 '%s'",
	        entries, file);
	FILE *p = popen(cmd, "r");
	out[0] = '\0';
	if (p && fgets(out, (int)outlen, p))
		out[strcspn(out, "\n")] = '\0';
	if (p)
		pclose(p);
}

/* A name ending in .webm records VP9 in WebM (any case), at the frames' times; another
 * name FFV1 in Matroska. */
TEST(webm)
{
	struct env e;
	char file[700], text[256];
	long ms[16];
	int r = prepare(&e, tc);

	if (r || (r = start(&e, "--record-dir", e.dir, NULL, NULL)))
		return r;
	CHECK(ctl(&e, "record", "start", "run.WebM", NULL) == 0);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	xcb_window_t w = window(&e, 20, 30, 0xcc3322);
	/* on screen before the clock moves on: else its frame can fall at 200 */
	CHECK(ctl(&e, "wait", NULL, NULL, NULL) == 0);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	uint32_t pos[] = {150, 120};
	xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	x_sync(e.c);
	CHECK(ctl(&e, "wait", NULL, NULL, NULL) == 0);
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 0);
	snprintf(file, sizeof file, "%s/run.WebM", e.dir);
	probe_text(file, "stream=codec_name", text, sizeof text);
	test_expect(strcmp(text, "vp9") == 0, "codec: '%s'", text);
	probe_text(file, "format=format_name", text, sizeof text);
	test_expect(strstr(text, "webm") != NULL, "container: '%s'", text);
	int n = frame_times(file, ms, 16);
	CHECK(n >= 3 && ms[0] == 0 && ms[1] == 100 && ms[2] == 200);
	CHECK(ctl(&e, "record", "start", "run.mkv", NULL) == 0);
	CHECK(ctl(&e, "step", "100", NULL, NULL) == 0);
	CHECK(ctl(&e, "record", "stop", NULL, NULL) == 0);
	snprintf(file, sizeof file, "%s/run.mkv", e.dir);
	probe_text(file, "stream=codec_name", text, sizeof text);
	test_expect(strcmp(text, "ffv1") == 0, "codec of run.mkv: '%s'", text);
	stop(&e);
	return TEST_PASS;
}
