/* x11 suite for shm/: on a private Xvfb, create, attach, draw through the
 * buffer's pixmap, read back, destroy, for each backend; the fallback on a
 * server without MIT-SHM; splitting without BIG-REQUESTS; the pool's steady
 * state; Present idle; no SysV segment surviving a SIGKILL.
 * Run as: test-shm-x11 CASE */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xcb/present.h>

#include "shm/shm.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *screen;
};

static int env_start(struct env *e, const char *const *args)
{
	int r = xserver_start(&e->xs, "Xvfb", args);
	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->screen);
	return 0;
}

static void env_stop(struct env *e)
{
	if (e->c)
		xcb_disconnect(e->c);
	xserver_stop(&e->xs);
}

static struct shm_ctx *ctx_for(struct env *e, enum shm_backend b)
{
	char err[256] = "";
	struct shm_options o = {.backend = b};
	struct shm_ctx *ctx = shm_ctx_create(e->c, e->screen, &o, err, sizeof err);

	if (!ctx)
		fprintf(stderr, "shm_ctx_create(%s): %s\n", shm_backend_name(b), err);
	return ctx;
}

static uint32_t pattern(uint32_t x, uint32_t y, uint8_t depth)
{
	uint32_t v = (x * 2654435761u) ^ (y * 40503u) ^ 0x5a5a5a;
	if (depth == 32)
		return v;
	if (depth == 24)
		return v & 0xffffff;
	return v & 0xffff;
}

static uint32_t pixel_of(const uint8_t *row, uint32_t x, unsigned bypp)
{
	if (bypp == 4) {
		uint32_t v;
		memcpy(&v, row + x * 4, 4);
		return v;
	}
	uint16_t v;
	memcpy(&v, row + x * 2, 2);
	return v;
}

static void write_pixel(uint8_t *row, uint32_t x, unsigned bypp, uint32_t v)
{
	if (bypp == 4) {
		memcpy(row + x * 4, &v, 4);
	} else {
		uint16_t s = (uint16_t)v;
		memcpy(row + x * 2, &s, 2);
	}
}

static uint32_t depth_mask(uint8_t depth)
{
	return depth == 32 ? 0xffffffffu : depth == 24 ? 0xffffffu : 0xffffu;
}

/* Client writes a pattern, makes it visible to the server, the server reads
 * it back with GetImage; then the server draws, and the client sees it. */
static void roundtrip(struct env *e, struct shm_ctx *ctx, uint32_t w, uint32_t h, uint8_t depth)
{
	struct shm_buffer *b = shm_buffer_acquire(ctx, w, h, depth);
	CHECK(b != NULL);
	if (!b) {
		fprintf(stderr, "acquire: %s\n", shm_ctx_error(ctx));
		return;
	}
	unsigned bypp = depth == 16 ? 2 : 4;
	uint8_t *data = shm_buffer_data(b);
	size_t stride = shm_buffer_stride(b);
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++)
			write_pixel(data + y * stride, x, bypp, pattern(x, y, depth));
	pixman_box32_t all = {0, 0, (int32_t)w, (int32_t)h};
	CHECK(shm_buffer_upload(ctx, b, &all, 1));
	int bad = 0;
	for (uint32_t y0 = 0; y0 < h; y0 += 64) {
		uint32_t rows = h - y0 < 64 ? h - y0 : 64;
		xcb_get_image_reply_t *r = xcb_get_image_reply(e->c,
		        xcb_get_image(e->c, XCB_IMAGE_FORMAT_Z_PIXMAP, shm_buffer_pixmap(b), 0,
		                (int16_t)y0, (uint16_t)w, (uint16_t)rows, ~0u),
		        NULL);
		CHECK(r != NULL);
		if (!r)
			break;
		const uint8_t *img = xcb_get_image_data(r);
		size_t rstride = (size_t)xcb_get_image_data_length(r) / rows;
		for (uint32_t y = 0; y < rows; y++)
			for (uint32_t x = 0; x < w; x++)
				if ((pixel_of(img + y * rstride, x, bypp) & depth_mask(depth)) !=
				        pattern(x, y0 + y, depth))
					bad++;
		free(r);
	}
	CHECK(bad == 0);
	if (bad)
		fprintf(stderr, "%d pixels differ after upload (%ux%u depth %u)\n", bad, w, h,
		        depth);

	/* Server-side drawing into a plain pixmap, fetched into the buffer. */
	xcb_pixmap_t src = xcb_generate_id(e->c);
	xcb_gcontext_t gc = xcb_generate_id(e->c);
	xcb_create_pixmap(e->c, depth, src, e->screen->root, (uint16_t)w, (uint16_t)h);
	uint32_t fg = 0x00123456 & depth_mask(depth);
	xcb_create_gc(e->c, gc, src, XCB_GC_FOREGROUND, &fg);
	xcb_rectangle_t rect = {0, 0, (uint16_t)w, (uint16_t)h};
	xcb_poly_fill_rectangle(e->c, src, gc, 1, &rect);
	pixman_box32_t part = {1, 2, (int32_t)w / 2, (int32_t)h - 1};
	CHECK(shm_buffer_fetch(ctx, b, src, 0, 0, &part, 1));
	CHECK(shm_ctx_sync(ctx));
	bad = 0;
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			bool in = (int32_t)x >= part.x1 && (int32_t)x < part.x2 &&
			          (int32_t)y >= part.y1 && (int32_t)y < part.y2;
			uint32_t want = in ? fg : pattern(x, y, depth);
			if ((pixel_of(data + y * stride, x, bypp) & depth_mask(depth)) != want)
				bad++;
		}
	CHECK(bad == 0);
	if (bad)
		fprintf(stderr, "%d pixels differ after fetch\n", bad);
	xcb_free_gc(e->c, gc);
	xcb_free_pixmap(e->c, src);
	shm_buffer_release(ctx, b);
}

static int backend_case(enum shm_backend be, const char *screen)
{
	const char *args[] = {"-screen", "0", screen, NULL};
	struct env e = {0};
	int r = env_start(&e, args);
	if (r)
		return r;
	xcb_connection_t *obs = xserver_connect(&e.xs, NULL);
	struct xres_counts before, after;
	struct leak_snapshot l0, l1;
	leak_snapshot(&l0);
	CHECK(xres_count(obs, e.c, &before));
	struct shm_ctx *ctx = ctx_for(&e, be);
	CHECK(ctx != NULL);
	if (ctx) {
		CHECK(be == SHM_AUTO || shm_ctx_backend(ctx) == be);
		uint8_t depth = e.screen->root_depth;
		roundtrip(&e, ctx, 61, 37, depth);
		roundtrip(&e, ctx, 640, 480, depth);
		if (depth == 24)
			roundtrip(&e, ctx, 33, 17, 32);
		struct shm_stats st;
		shm_ctx_stats(ctx, &st);
		CHECK(st.buffers_live == 0 && st.segments_live >= 1);
		shm_ctx_destroy(ctx);
	}
	CHECK(xres_count(obs, e.c, &after));
	CHECK(xres_same(&before, &after, "backend case"));
	leak_snapshot(&l1);
	CHECK(leak_same(&l0, &l1, "backend case"));
	xcb_disconnect(obs);
	env_stop(&e);
	return test_failures() ? TEST_FAIL : TEST_PASS;
}

TEST(auto)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	struct shm_ctx *ctx = ctx_for(&e, SHM_AUTO);
	CHECK(ctx && shm_ctx_backend(ctx) == SHM_MEMFD);
	shm_ctx_destroy(ctx);
	env_stop(&e);
	return TEST_PASS;
}

/* A server without MIT-SHM: auto falls back to none and works; a forced SHM
 * backend is a clean error with a message. */
TEST(no_mitshm)
{
	const char *args[] = {"-extension", "MIT-SHM", NULL};
	struct env e = {0};
	int r = env_start(&e, args);
	if (r)
		return r;
	char err[256] = "";
	struct shm_options o = {.backend = SHM_MEMFD};
	CHECK(shm_ctx_create(e.c, e.screen, &o, err, sizeof err) == NULL);
	CHECK(strstr(err, "MIT-SHM") != NULL);
	o.backend = SHM_SYSV;
	CHECK(shm_ctx_create(e.c, e.screen, &o, err, sizeof err) == NULL);
	struct shm_ctx *ctx = ctx_for(&e, SHM_AUTO);
	CHECK(ctx && shm_ctx_backend(ctx) == SHM_NONE);
	if (ctx) {
		CHECK(strstr(shm_ctx_backend_note(ctx), "MIT-SHM") != NULL);
		roundtrip(&e, ctx, 100, 50, 24);
		shm_ctx_destroy(ctx);
	}
	env_stop(&e);
	return TEST_PASS;
}

/* A request over the maximum length closes the connection: images larger
 * than it (with BIG-REQUESTS, 16 MiB on Xvfb) must move in pieces. A lowered
 * limit also forces rows wider than one request to be split across. */
TEST(split)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	size_t max = (size_t)xcb_get_maximum_request_length(e.c) * 4;
	CHECK((size_t)2100 * 2100 * 4 > max);
	struct shm_ctx *ctx = ctx_for(&e, SHM_NONE);
	if (ctx) {
		roundtrip(&e, ctx, 2100, 2100, 24);
		shm_ctx_destroy(ctx);
	}
	char err[256];
	struct shm_options o = {.backend = SHM_NONE, .max_request_bytes = 65536};
	ctx = shm_ctx_create(e.c, e.screen, &o, err, sizeof err);
	CHECK(ctx != NULL);
	if (ctx) {
		roundtrip(&e, ctx, 32767, 3, 24);
		roundtrip(&e, ctx, 301, 299, 16);
		shm_ctx_destroy(ctx);
	}
	CHECK(!xcb_connection_has_error(e.c));
	env_stop(&e);
	return TEST_PASS;
}

TEST(limits)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	char err[256];
	struct shm_options o = {.backend = SHM_AUTO, .max_live_bytes = 7 << 20};
	struct shm_ctx *ctx = shm_ctx_create(e.c, e.screen, &o, err, sizeof err);
	CHECK(ctx != NULL);
	if (!ctx)
		return 1;
	CHECK(shm_buffer_acquire(ctx, 32768, 1, 24) == NULL);
	CHECK(strstr(shm_ctx_error(ctx), "32767") != NULL);
	CHECK(shm_buffer_acquire(ctx, 0, 10, 24) == NULL);
	CHECK(shm_buffer_acquire(ctx, 10, 10, 8) == NULL);
	CHECK(strstr(shm_ctx_error(ctx), "depth 8") != NULL);
	/* 7 MiB cap: one 4 MiB-class buffer fits, a second does not, cleanly. */
	struct shm_buffer *a = shm_buffer_acquire(ctx, 1280, 800, 24);
	CHECK(a != NULL);
	CHECK(shm_buffer_acquire(ctx, 1280, 800, 24) == NULL);
	CHECK(strstr(shm_ctx_error(ctx), "pool cap") != NULL);
	/* Released, it is reused rather than refused. */
	shm_buffer_release(ctx, a);
	struct shm_buffer *b = shm_buffer_acquire(ctx, 1280, 800, 24);
	CHECK(b != NULL && b == a);
	shm_buffer_release(ctx, b);
	shm_ctx_destroy(ctx);
	env_stop(&e);
	return TEST_PASS;
}

/* Steady state: the same sizes acquired and released create no new segment
 * and send no request that creates a pixmap. */
TEST(steady)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	struct shm_ctx *ctx = ctx_for(&e, SHM_AUTO);
	if (!ctx)
		return 1;
	struct shm_stats st;
	for (int i = 0; i < 200; i++) {
		struct shm_buffer *a = shm_buffer_acquire(ctx, 1280, 800, 24);
		struct shm_buffer *b = shm_buffer_acquire(ctx, 300, 200, 32);
		CHECK(a && b);
		shm_buffer_release(ctx, b);
		shm_buffer_release(ctx, a);
	}
	shm_ctx_stats(ctx, &st);
	CHECK(st.segments_created == 2 && st.reuses == 398 && st.segments_live == 2);
	if (st.segments_created != 2)
		fprintf(stderr, "created %llu reuses %llu\n",
		        (unsigned long long)st.segments_created, (unsigned long long)st.reuses);
	shm_ctx_trim(ctx, 0);
	shm_ctx_stats(ctx, &st);
	CHECK(st.segments_live == 0 && st.bytes_live == 0 && st.bytes_cached == 0);
	shm_ctx_destroy(ctx);
	env_stop(&e);
	return TEST_PASS;
}

static xcb_window_t make_window(struct env *e, uint16_t w, uint16_t h)
{
	xcb_window_t win = xcb_generate_id(e->c);
	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, win, e->screen->root, 0, 0, w, h, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->screen->root_visual, 0, NULL);
	xcb_map_window(e->c, win);
	return win;
}

/* Busy until Present's IdleNotify for (pixmap, serial); a released busy
 * buffer returns to the pool only then; a lost target is reclaimed. */
TEST(present_idle)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	struct shm_ctx *ctx = ctx_for(&e, SHM_AUTO);
	if (!ctx)
		return 1;
	xcb_window_t win = make_window(&e, 200, 100);
	xcb_present_event_t eid = xcb_generate_id(e.c);
	xcb_present_select_input(e.c, eid, win, XCB_PRESENT_EVENT_MASK_IDLE_NOTIFY);
	xcb_special_event_t *q = xcb_register_for_special_xge(e.c, &xcb_present_id, eid, NULL);
	struct shm_buffer *b = shm_buffer_acquire(ctx, 200, 100, 24);
	struct shm_stats st;
	const uint32_t serial = 42;
	shm_buffer_mark_busy(b, serial);
	xcb_present_pixmap(e.c, win, shm_buffer_pixmap(b), serial, XCB_NONE, XCB_NONE, 0, 0,
	        XCB_NONE, XCB_NONE, XCB_NONE, XCB_PRESENT_OPTION_ASYNC, 0, 0, 0, 0, NULL);
	shm_buffer_release(ctx, b);
	shm_ctx_stats(ctx, &st);
	CHECK(st.buffers_busy == 1 && st.bytes_cached == 0);
	CHECK(!shm_ctx_idle(ctx, shm_buffer_pixmap(b), serial + 1)); /* wrong serial */
	xcb_flush(e.c);
	bool matched = false;
	for (int i = 0; i < 200 && !matched; i++) {
		x_sync(e.c);
		xcb_generic_event_t *ev;
		while ((ev = xcb_poll_for_special_event(e.c, q))) {
			xcb_present_idle_notify_event_t *idle = (void *)ev;
			if (idle->event_type == XCB_PRESENT_EVENT_IDLE_NOTIFY)
				matched = shm_ctx_idle(ctx, idle->pixmap, idle->serial);
			free(ev);
		}
		if (!matched)
			usleep(5000);
	}
	CHECK(matched);
	shm_ctx_stats(ctx, &st);
	CHECK(st.buffers_busy == 0 && st.bytes_cached > 0);
	/* Reclaim: busy forever (target destroyed before presentation). */
	b = shm_buffer_acquire(ctx, 200, 100, 24);
	shm_buffer_mark_busy(b, 7);
	shm_buffer_release(ctx, b);
	shm_ctx_stats(ctx, &st);
	CHECK(st.buffers_busy == 1 && st.bytes_cached == 0);
	shm_ctx_reclaim_all(ctx);
	shm_ctx_stats(ctx, &st);
	CHECK(st.buffers_busy == 0 && st.bytes_cached > 0 && st.segments_created == 1);
	xcb_unregister_for_special_event(e.c, q);
	shm_ctx_destroy(ctx);
	env_stop(&e);
	return TEST_PASS;
}

/* A process holding SysV segments is killed: none may remain. The count is
 * taken while it lives too, so the check can fail. */
TEST(sigkill)
{
	struct env e = {0};
	int r = env_start(&e, NULL);
	if (r)
		return r;
	int ready[2];
	if (pipe(ready) < 0)
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		xcb_connection_t *c = xserver_connect(&e.xs, NULL);
		struct env ce = {.c = c, .screen = xcb_setup_roots_iterator(xcb_get_setup(c)).data};
		struct shm_ctx *ctx = ctx_for(&ce, SHM_SYSV);
		for (int i = 0; ctx && i < 3; i++)
			shm_buffer_acquire(ctx, 100 + (uint32_t)i * 200, 100, 24);
		x_sync(c);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	char ch;
	CHECK(read(ready[0], &ch, 1) == 1);
	close(ready[0]);
	CHECK(sysv_segments_of(pid) == 3);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	int left = -1;
	for (int i = 0; i < 200 && left != 0; i++) {
		x_sync(e.c); /* the server has handled the disconnect once it answers */
		left = sysv_segments_of(pid);
		if (left)
			usleep(10000);
	}
	CHECK(left == 0);
	env_stop(&e);
	return TEST_PASS;
}

static bool sh(const char *cmd)
{
	return system(cmd) == 0;
}

static int remote_checks(const char *display)
{
	int snum = 0;
	xcb_connection_t *c = xcb_connect(display, &snum);
	if (xcb_connection_has_error(c)) {
		fprintf(stderr, "cannot connect to %s from the namespace\n", display);
		return 1;
	}
	struct env e = {.c = c, .screen = xcb_setup_roots_iterator(xcb_get_setup(c)).data};
	char err[256] = "";
	struct shm_options o = {.backend = SHM_SYSV};
	CHECK(shm_ctx_create(c, e.screen, &o, err, sizeof err) == NULL);
	CHECK(strstr(err, "not local") != NULL);
	o.backend = SHM_MEMFD;
	CHECK(shm_ctx_create(c, e.screen, &o, err, sizeof err) == NULL);
	struct shm_ctx *ctx = ctx_for(&e, SHM_AUTO);
	CHECK(ctx && shm_ctx_backend(ctx) == SHM_NONE);
	if (ctx) {
		fprintf(stderr, "auto over TCP from another host: none (%s)\n",
		        shm_ctx_backend_note(ctx));
		roundtrip(&e, ctx, 200, 100, e.screen->root_depth);
		shm_ctx_destroy(ctx);
	}
	CHECK(!xcb_connection_has_error(c));
	xcb_disconnect(c);
	return test_failures() ? TEST_FAIL : TEST_PASS;
}

/* A client on another host: MIT-SHM answers QueryVersion but refuses every
 * other request with BadRequest. The other host is a network namespace
 * joined to this one by a veth pair; the server listens on TCP. */
TEST(remote)
{
	unsigned n = (unsigned)getpid() % 200 + 20;
	char ns[32], path[64], cmd[512];
	snprintf(ns, sizeof ns, "shmcomp%u", n);
	snprintf(path, sizeof path, "/var/run/netns/%s", ns);
	snprintf(cmd, sizeof cmd, "ip netns add %s 2>/dev/null", ns);
	if (!sh(cmd)) {
		fprintf(stderr, "cannot create a network namespace (need root and iproute2)\n");
		return HARNESS_SKIP;
	}
	snprintf(cmd, sizeof cmd,
	        "ip link add shc%u type veth peer name shc%ub netns %s && "
	        "ip addr add 10.231.%u.1/24 dev shc%u && ip link set shc%u up && "
	        "ip netns exec %s sh -c 'ip addr add 10.231.%u.2/24 dev shc%ub && "
	        "ip link set shc%ub up'",
	        n, n, ns, n, n, n, ns, n, n, n);
	bool ok = sh(cmd);
	const char *args[] = {"-listen", "tcp", "-ac", NULL};
	struct env e = {0};
	int r = ok ? env_start(&e, args) : 1;
	if (r == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open(path, O_RDONLY);
			char display[64];
			snprintf(display, sizeof display, "10.231.%u.1:%d", n, e.xs.display);
			if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
				_exit(3);
			_exit(remote_checks(display));
		}
		int status = 0;
		waitpid(pid, &status, 0);
		r = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		env_stop(&e);
	}
	snprintf(cmd, sizeof cmd, "ip link del shc%u 2>/dev/null; ip netns del %s", n, ns);
	sh(cmd);
	return r;
}

TEST(memfd)
{
	return backend_case(SHM_MEMFD, "640x480x24");
}

TEST(sysv)
{
	return backend_case(SHM_SYSV, "640x480x24");
}

TEST(none)
{
	return backend_case(SHM_NONE, "640x480x24");
}

TEST(depth16)
{
	int r = backend_case(SHM_MEMFD, "640x480x16");
	return r ? r : backend_case(SHM_NONE, "640x480x16");
}
