/* x11 suite: the real shmcomp driven through shmcomp-ctl — stats in steady
 * state (no new segment per frame), reload through ctl and SIGHUP with a
 * broken file keeping the running settings, --vsync pacing (at most one frame
 * per 60 Hz vblank of Xvfb's fake CRTC), and a RandR screen resize.
 * Run as: test-comp-ctl CASE SHMCOMP SHMCOMP_CTL BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xcb/shape.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	const char *name; /* the case's */
	const char *shmcomp, *ctl, *outdir;
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
	char log[512];
};

/* The arguments after the case name: SHMCOMP SHMCOMP_CTL BUILDDIR. */
static struct env env_of(const struct test_ctx *tc)
{
	return (struct env){
	        .name = tc->name,
	        .shmcomp = test_arg(tc, 0, "SHMCOMP"),
	        .ctl = test_arg(tc, 1, "SHMCOMP_CTL"),
	        .outdir = test_arg(tc, 2, "BUILDDIR"),
	        .xs = {.pid = -1},
	};
}

static int start(struct env *e, const char *const *server_args, const char *a1, const char *a2)
{
	int r = xserver_start(&e->xs, "Xvfb", server_args);
	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	snprintf(e->log, sizeof e->log, "%s/comp-ctl-%s.log", e->outdir, e->name);
	const char *level = getenv("COMP_LOG_LEVEL");
	const char *argv[] = {e->shmcomp, "--log-level", level ? level : "info", a1, a2, NULL};
	e->comp = spawn(argv, e->xs.name, e->log);
	if (!wait_cm_owner(e->c, 5000)) {
		fprintf(stderr, "shmcomp did not start\n");
		return 1;
	}
	return 0;
}

static void stop(struct env *e)
{
	kill(e->comp, SIGTERM);
	CHECK(wait_exit(e->comp, 3000) == 0);
	xcb_disconnect(e->c);
	xserver_stop(&e->xs);
}

/* Runs shmcomp-ctl CMD; its output goes to `out` (a path) when given. */
static int run_ctl(struct env *e, const char *cmd, const char *out)
{
	const char *argv[] = {e->ctl, "--display", e->xs.name, cmd, NULL};
	return wait_exit(spawn(argv, NULL, out), 15000);
}

static long long stat_value(const char *text, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "%s=", key);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, pat, strlen(pat)) == 0)
			return atoll(p + strlen(pat));
	test_fail("stats lack %s", key);
	return -1;
}

static char *stats(struct env *e)
{
	char path[600];
	snprintf(path, sizeof path, "%s/comp-ctl-%s.stats", e->outdir, e->name);
	CHECK(run_ctl(e, "stats", path) == 0);
	return read_file(path);
}

static xcb_window_t window(struct env *e, int16_t x, int16_t y, uint16_t w, uint16_t h)
{
	xcb_window_t win = xcb_generate_id(e->c);
	uint32_t v[] = {0x808080, 1};
	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, win, e->s->root, x, y, w, h, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual,
	        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, v);
	xcb_map_window(e->c, win);
	x_sync(e->c);
	return win;
}

static void paint(struct env *e, xcb_window_t w, uint32_t color, uint16_t width, uint16_t height)
{
	xcb_gcontext_t gc = xcb_generate_id(e->c);
	xcb_rectangle_t r = {0, 0, width, height};
	xcb_create_gc(e->c, gc, w, XCB_GC_FOREGROUND, &color);
	xcb_poly_fill_rectangle(e->c, w, gc, 1, &r);
	xcb_free_gc(e->c, gc);
	xcb_flush(e->c);
}

static uint32_t pixel(struct env *e, int16_t x, int16_t y)
{
	return root_pixel(e->c, e->s, x, y);
}

TEST(stats_steady)
{
	struct env e = env_of(tc);
	int r = start(&e, NULL, "--no-vsync", NULL);
	if (r)
		return r;
	xcb_window_t w = window(&e, 10, 10, 300, 200);
	for (int i = 0; i < 20; i++) {
		paint(&e, w, 0x010203u * (uint32_t)i, 300, 200);
		CHECK(run_ctl(&e, "wait", NULL) == 0);
	}
	char *s1 = stats(&e);
	for (int i = 0; i < 200; i++) {
		paint(&e, w, 0x030201u * (uint32_t)i, 300, 200);
		CHECK(run_ctl(&e, "wait", NULL) == 0);
	}
	CHECK(pixel(&e, 50, 50) == ((0x030201u * 199) & 0xffffff));
	char *s2 = stats(&e);
	long long f1 = stat_value(s1, "frames"), f2 = stat_value(s2, "frames");
	fprintf(stderr, "frames %lld -> %lld, segments created %lld -> %lld\n", f1, f2,
	        stat_value(s1, "shm_segments_created"), stat_value(s2, "shm_segments_created"));
	CHECK(f2 - f1 >= 200);
	CHECK(stat_value(s1, "shm_segments_created") == stat_value(s2, "shm_segments_created"));
	CHECK(stat_value(s1, "shm_segments_live") == stat_value(s2, "shm_segments_live"));
	CHECK(stat_value(s1, "shm_bytes_live") == stat_value(s2, "shm_bytes_live"));
	CHECK(stat_value(s2, "windows") >= 1);
	CHECK(stat_value(s2, "pool_reuses") >= 0);
	free(s1);
	free(s2);
	stop(&e);
	return TEST_PASS;
}

/* The times the process slept and was woken (voluntary context switches). */
static long long wakes(pid_t pid)
{
	char path[64], *text, *p;
	long long n = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	text = read_file(path);
	if (text && (p = strstr(text, "voluntary_ctxt_switches:")))
		n = atoll(p + strlen("voluntary_ctxt_switches:"));
	free(text);
	return n;
}

/* One update, one wake-up: damage wakes shmcomp, it presents, and Present's
 * IdleNotify and CompleteNotify (on a connection of their own, read when the
 * next frame begins) do not wake it a second time. Each update waits 3 ms, long
 * after the server has sent them. A second wake per frame, as when they came on
 * the main connection, gives about 2. */
TEST(one_wake_per_update)
{
	struct env e = env_of(tc);
	int r = start(&e, NULL, "--no-vsync", NULL);
	if (r)
		return r;
	xcb_window_t w = window(&e, 10, 10, 300, 200);
	for (int i = 0; i < 20; i++) {
		paint(&e, w, 0x010203u * (uint32_t)i, 300, 200);
		CHECK(run_ctl(&e, "wait", NULL) == 0);
	}
	usleep(100000);
	char *s1 = stats(&e);
	long long w1 = wakes(e.comp);
	for (int i = 0; i < 200; i++) {
		paint(&e, w, 0x030201u * (uint32_t)i, 300, 200);
		usleep(3000);
	}
	long long w2 = wakes(e.comp);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 50, 50) == ((0x030201u * 199) & 0xffffff));
	char *s2 = stats(&e);
	long long frames = stat_value(s2, "frames") - stat_value(s1, "frames");
	fprintf(stderr, "200 updates: %lld frames, %lld wake-ups (%.2f per update)\n", frames,
	        w2 - w1, (double)(w2 - w1) / 200);
	CHECK(w1 >= 0 && w2 >= 0);
	CHECK(frames >= 190); /* each update its own frame */
	CHECK((w2 - w1) * 10 <= 200 * 13);
	free(s1);
	free(s2);
	stop(&e);
	return TEST_PASS;
}

/* A window moved, then redrawn whole. The redraw's damage, sent by the server before it
 * ran the present of the move's frame (held back here by a server grab while shmcomp makes
 * that frame), is on screen with that frame, which presents the window from its pixmap: one
 * frame an update (windows_shown_direct); without that, two. Then a redraw after the move's
 * frame is on screen: its damage was sent after that present ran, so it gets a frame of its
 * own and shows. */
TEST(move_redraw)
{
	struct env e = env_of(tc);
	int r = start(&e, NULL, "--no-vsync", NULL);
	if (r)
		return r;
	xcb_window_t w = window(&e, 10, 10, 300, 200);
	paint(&e, w, 0x204060, 300, 200);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	char *s1 = stats(&e);
	for (int i = 0; i < 40; i++) {
		uint32_t pos[2] = {20u + 3u * (uint32_t)i, 20u + 2u * (uint32_t)i};
		uint32_t color = 0x100000u + 0x030507u * (uint32_t)i;
		xcb_grab_server(e.c);
		xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
		xcb_flush(e.c);
		usleep(30000); /* shmcomp makes the move's frame; the server runs it after the grab
		                */
		paint(&e, w, color, 300, 200);
		xcb_ungrab_server(e.c);
		xcb_flush(e.c);
		CHECK(run_ctl(&e, "wait", NULL) == 0);
		CHECK(pixel(&e, (int16_t)(pos[0] + 150), (int16_t)(pos[1] + 100)) == color);
	}
	char *s2 = stats(&e);
	long long frames = stat_value(s2, "frames") - stat_value(s1, "frames");
	fprintf(stderr, "40 moves, each redrawn while its frame was held: %lld frames\n", frames);
	CHECK(frames >= 40 && frames <= 44);
	for (int i = 0; i < 20; i++) {
		uint32_t pos[2] = {200u - 5u * (uint32_t)i, 100u + 3u * (uint32_t)i};
		uint32_t color = 0x801000u + 0x050302u * (uint32_t)i;
		xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
		xcb_flush(e.c);
		CHECK(run_ctl(&e, "wait", NULL) == 0); /* the move's frame is on screen */
		paint(&e, w, color, 300, 200);
		CHECK(run_ctl(&e, "wait", NULL) == 0);
		CHECK(pixel(&e, (int16_t)(pos[0] + 150), (int16_t)(pos[1] + 100)) == color);
		CHECK(pixel(&e, (int16_t)(pos[0] + 1), (int16_t)(pos[1] + 1)) == color);
	}
	free(s1);
	free(s2);
	stop(&e);
	return TEST_PASS;
}

/* Polls (ctl wait + pixel) until the root shows `want`, at most ~3 s. */
static bool shows(struct env *e, uint32_t want)
{
	for (int i = 0; i < 60; i++) {
		run_ctl(e, "wait", NULL);
		if (pixel(e, 5, 5) == want)
			return true;
		usleep(50000);
	}
	fprintf(stderr, "root shows %06x, want %06x\n", pixel(e, 5, 5), want);
	return false;
}

TEST(reload)
{
	char conf[600], err[600];
	struct env e = env_of(tc);

	snprintf(conf, sizeof conf, "%s/comp-ctl-reload.conf", e.outdir);
	snprintf(err, sizeof err, "%s/comp-ctl-reload.err", e.outdir);
	write_file(conf, "background-color = \"#102030\";\n");
	int r = start(&e, NULL, "--config", conf);
	if (r)
		return r;
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 5, 5) == 0x102030);
	write_file(conf, "background-color = \"#405060\";\n");
	CHECK(run_ctl(&e, "reload", NULL) == 0);
	CHECK(shows(&e, 0x405060));
	/* A broken file: reported with FILE:LINE, the running settings stay. */
	write_file(conf, "# broken\nbackground-color = \"#708090\"\nfading = ;\n");
	CHECK(run_ctl(&e, "reload", err) == 1);
	char *msg = read_file(err);
	CHECK(msg && strstr(msg, "comp-ctl-reload.conf:3"));
	free(msg);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 5, 5) == 0x405060);
	/* SIGHUP reloads too. */
	write_file(conf, "background-color = \"#a0b0c0\";\n");
	kill(e.comp, SIGHUP);
	CHECK(shows(&e, 0xa0b0c0));
	stop(&e);
	return TEST_PASS;
}

/* With --vsync, continuous damage yields at most one frame per 16.7 ms. */
TEST(vsync)
{
	struct env e = env_of(tc);
	int r = start(&e, NULL, "--vsync", NULL);
	if (r)
		return r;
	xcb_window_t w = window(&e, 0, 0, 200, 200);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	char *s1 = stats(&e);
	double t0 = monotonic_ms() / 1e3;
	uint32_t color = 0;
	while (monotonic_ms() / 1e3 - t0 < 1.0) {
		paint(&e, w, color++, 200, 200);
		x_sync(e.c);
	}
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	double elapsed = monotonic_ms() / 1e3 - t0;
	char *s2 = stats(&e);
	long long frames = stat_value(s2, "frames") - stat_value(s1, "frames");
	double max = elapsed * 60.0 + 2;
	fprintf(stderr, "%lld frames in %.3f s for %u updates (at most %.0f allowed)\n", frames,
	        elapsed, color, max);
	CHECK(frames >= 10);
	CHECK((double)frames <= max);
	CHECK(pixel(&e, 50, 50) == ((color - 1) & 0xffffff));
	free(s1);
	free(s2);
	stop(&e);
	return TEST_PASS;
}

static int run_xrandr(struct env *e, const char *size)
{
	const char *argv[] = {"/usr/bin/xrandr", "--fb", size, NULL};
	return wait_exit(spawn(argv, e->xs.name, NULL), 10000);
}

/* The screen shrinks and grows back: buffers are reallocated and the
 * picture stays right. */
TEST(randr)
{
	const char *args[] = {"-screen", "0", "800x600x24", NULL};
	struct env e = env_of(tc);
	if (access("/usr/bin/xrandr", X_OK) != 0)
		return HARNESS_SKIP;
	int r = start(&e, args, "--no-vsync", NULL);
	if (r)
		return r;
	xcb_window_t w = window(&e, 500, 400, 200, 100);
	paint(&e, w, 0x11aa33, 200, 100);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 550, 450) == 0x11aa33);
	run_xrandr(&e, "640x480");
	xcb_window_t w2 = window(&e, 600, 440, 30, 30);
	paint(&e, w2, 0x2233cc, 30, 30);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 610, 450) == 0x2233cc);
	/* Growing exposes the windows (the server repaints their background, as
	 * it does without a compositor): the client paints again. */
	run_xrandr(&e, "800x600");
	paint(&e, w, 0x445566, 200, 100);
	paint(&e, w2, 0x778899, 30, 30);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	CHECK(pixel(&e, 690, 490) == 0x445566);
	CHECK(pixel(&e, 610, 450) == 0x778899);
	CHECK(pixel(&e, 790, 590) == 0x000000);
	stop(&e);
	return TEST_PASS;
}

/* Waits up to 3 s for the _SHMCOMP_REPLY to request `id`. */
static bool got_reply(xcb_connection_t *c, xcb_atom_t reply, uint32_t id)
{
	for (int i = 0; i < 300; i++) {
		xcb_generic_event_t *ev;
		while ((ev = xcb_poll_for_event(c))) {
			xcb_client_message_event_t *cm = (void *)ev;
			bool match = (ev->response_type & 0x7f) == XCB_CLIENT_MESSAGE &&
			             cm->type == reply && cm->data.data32[0] == id;
			free(ev);
			if (match)
				return true;
		}
		usleep(10000);
	}
	return false;
}

/* A wait that arrives while something is pending must be answered even when
 * that something goes away before a frame is made: here a shape change on an
 * unmapped window, the wait, then the window's destruction, delivered
 * together under a server grab. */
TEST(wait_no_frame)
{
	struct env e = env_of(tc);
	int r = start(&e, NULL, "--no-vsync", NULL);
	if (r)
		return r;
	xcb_atom_t sel = x_atom(e.c, "_NET_WM_CM_S0"), req = x_atom(e.c, "_SHMCOMP_REQUEST");
	xcb_atom_t reply = x_atom(e.c, "_SHMCOMP_REPLY");
	xcb_get_selection_owner_reply_t *o =
	        xcb_get_selection_owner_reply(e.c, xcb_get_selection_owner(e.c, sel), NULL);
	xcb_window_t owner = o ? o->owner : XCB_NONE;
	free(o);
	xcb_window_t me = xcb_generate_id(e.c);
	xcb_create_window(e.c, 0, me, e.s->root, 0, 0, 1, 1, 0, XCB_WINDOW_CLASS_INPUT_ONLY,
	        XCB_COPY_FROM_PARENT, 0, NULL);
	CHECK(run_ctl(&e, "wait", NULL) == 0);
	for (uint32_t id = 1; id <= 20; id++) {
		xcb_window_t w = xcb_generate_id(e.c);
		xcb_create_window(e.c, XCB_COPY_FROM_PARENT, w, e.s->root, 10, 10, 50, 50, 0,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, e.s->root_visual, 0, NULL);
		x_sync(e.c);
		if (run_ctl(&e, "wait", NULL) != 0) { /* shmcomp now watches its shape */
			test_fail("ctl wait failed before request %u", id);
		}
		xcb_rectangle_t rect = {0, 0, 20, 20};
		xcb_client_message_event_t ev = {.response_type = XCB_CLIENT_MESSAGE,
		        .format = 32,
		        .window = owner,
		        .type = req};
		ev.data.data32[0] = 1; /* CTL_WAIT */
		ev.data.data32[1] = me;
		ev.data.data32[2] = id;
		xcb_grab_server(e.c);
		xcb_shape_rectangles(
		        e.c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, w, 0, 0, 1, &rect);
		xcb_send_event(e.c, 0, owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
		xcb_destroy_window(e.c, w);
		xcb_ungrab_server(e.c);
		xcb_flush(e.c);
		if (!got_reply(e.c, reply, id)) {
			test_fail("no reply to wait %u", id);
			break;
		}
	}
	stop(&e);
	return TEST_PASS;
}
