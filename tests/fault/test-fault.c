/* fault suite: every fallible call on the SHM paths is made to fail, one at a
 * time (k = 1, 2, ... until no call is left to fail), in a scenario that
 * creates a context, acquires, fetches, uploads, recycles and releases
 * buffers. After each run: no crash, a clean error (with a message) or a
 * fallback, and nothing leaked — fds, mappings, SysV segments in this process,
 * and pixmaps/segments/GCs on the server (X-Resource) — and no X error.
 * Run as: test-fault memfd|sysv|none|auto */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault/fault.h"
#include "shm/shm.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	struct xserver xs;
	xcb_connection_t *c, *observer;
	xcb_screen_t *screen;
	xcb_window_t window;
};

struct outcome {
	bool created;
	enum shm_backend backend;
	bool failed;   /* some step reported failure */
	char msg[256]; /* its message */
};

static void note_failure(struct outcome *o, const char *msg)
{
	if (!o->failed)
		snprintf(o->msg, sizeof o->msg, "%s", msg);
	o->failed = true;
}

static void exercise(struct env *e, struct shm_ctx *ctx, struct outcome *o)
{
	uint8_t depth = e->screen->root_depth;
	struct shm_buffer *a = shm_buffer_acquire(ctx, 200, 100, depth);
	struct shm_buffer *b = shm_buffer_acquire(ctx, 64, 64, 32);
	pixman_box32_t boxes[] = {{0, 0, 50, 50}, {60, 10, 190, 90}};
	pixman_box32_t sub[] = {{3, 3, 70, 40}};

	if (!a || !b)
		note_failure(o, shm_ctx_error(ctx));
	if (a && !shm_buffer_fetch(ctx, a, e->window, 0, 0, boxes, 2))
		note_failure(o, shm_ctx_error(ctx));
	if (!shm_ctx_sync(ctx))
		note_failure(o, shm_ctx_error(ctx));
	if (a && !shm_buffer_upload(ctx, a, sub, 1))
		note_failure(o, shm_ctx_error(ctx));
	shm_buffer_release(ctx, b);
	b = shm_buffer_acquire(ctx, 64, 64, 32); /* from the cache */
	if (!b)
		note_failure(o, shm_ctx_error(ctx));
	shm_buffer_release(ctx, b);
	b = shm_buffer_acquire(ctx, 60, 64, 32); /* same class, new view */
	if (!b)
		note_failure(o, shm_ctx_error(ctx));
	shm_buffer_release(ctx, b);
	if (a) {
		shm_buffer_mark_busy(a, 1);
		shm_buffer_release(ctx, a);
		shm_ctx_reclaim_all(ctx);
	}
	shm_ctx_trim(ctx, 0);
	if (shm_ctx_error(ctx)[0])
		note_failure(o, shm_ctx_error(ctx));
}

static void scenario(struct env *e, enum shm_backend be, struct fault *f, struct outcome *o)
{
	char err[256] = "";
	struct shm_options opts = {.backend = be, .fault = f, .max_cached_bytes = 1 << 20};
	struct shm_ctx *ctx = shm_ctx_create(e->c, e->screen, &opts, err, sizeof err);

	memset(o, 0, sizeof *o);
	if (!ctx) {
		note_failure(o, err);
		return;
	}
	o->created = true;
	o->backend = shm_ctx_backend(ctx);
	exercise(e, ctx, o);
	shm_ctx_destroy(ctx);
}

/* X errors on our connection mean a request that should not have been sent
 * (e.g. freeing an id that was never created). */
static int drain_x_errors(xcb_connection_t *c)
{
	xcb_generic_event_t *ev;
	int errors = 0;

	x_sync(c);
	while ((ev = xcb_poll_for_event(c))) {
		if (ev->response_type == 0) {
			xcb_generic_error_t *err = (void *)ev;
			fprintf(stderr, "X error %u (request %u.%u)\n", err->error_code,
			        err->major_code, err->minor_code);
			errors++;
		}
		free(ev);
	}
	return errors;
}

static void setup_window(struct env *e)
{
	uint32_t bg = 0x336699;

	e->window = xcb_generate_id(e->c);
	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, e->window, e->screen->root, 0, 0, 200, 100, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->screen->root_visual, XCB_CW_BACK_PIXEL, &bg);
	xcb_map_window(e->c, e->window);
	x_sync(e->c);
}

static const enum fault_point required[][FAULT_COUNT] = {
        [SHM_MEMFD] = {FAULT_CALLOC, FAULT_MEMFD_CREATE, FAULT_FTRUNCATE, FAULT_FCNTL_SEAL,
                FAULT_MMAP, FAULT_DUP, FAULT_X_SHM_ATTACH_FD, FAULT_X_SHM_CREATE_PIXMAP,
                FAULT_X_CREATE_GC, FAULT_PIXMAN_IMAGE, FAULT_MUNMAP, FAULT_X_ROUND_TRIP,
                FAULT_COUNT},
        [SHM_SYSV] = {FAULT_CALLOC, FAULT_SHMGET, FAULT_SHMAT, FAULT_X_SHM_ATTACH, FAULT_SHMCTL,
                FAULT_SHMDT, FAULT_X_SHM_CREATE_PIXMAP, FAULT_X_CREATE_GC, FAULT_PIXMAN_IMAGE,
                FAULT_X_ROUND_TRIP, FAULT_COUNT},
        [SHM_NONE] = {FAULT_CALLOC, FAULT_MALLOC, FAULT_X_CREATE_PIXMAP, FAULT_X_CREATE_GC,
                FAULT_X_GET_IMAGE, FAULT_PIXMAN_IMAGE, FAULT_X_ROUND_TRIP, FAULT_COUNT},
        /* One fault per run: a failed memfd step must fall back to SysV (counted
         * below); SysV's own failures are covered by its scenario. */
        [SHM_AUTO] = {FAULT_CALLOC, FAULT_MEMFD_CREATE, FAULT_FTRUNCATE, FAULT_FCNTL_SEAL,
                FAULT_MMAP, FAULT_DUP, FAULT_X_SHM_ATTACH_FD, FAULT_COUNT},
};

static int run(enum shm_backend be)
{
	struct env e = {0};
	unsigned long exercised[FAULT_COUNT] = {0};
	unsigned long runs = 0, fallbacks = 0, clean_errors = 0;
	struct outcome o;
	int r = xserver_start(&e.xs, "Xvfb", NULL);

	if (r)
		return r;
	e.c = xserver_connect(&e.xs, &e.screen);
	e.observer = xserver_connect(&e.xs, NULL);
	setup_window(&e);

	struct leak_snapshot l0, l1;
	struct xres_counts x0, x1;
	leak_snapshot(&l0);
	xres_count(e.observer, e.c, &x0);
	struct fault count = {0};
	scenario(&e, be, &count, &o);
	if (!o.created || o.failed) {
		fprintf(stderr, "scenario fails without any fault: %s\n", o.msg);
		return 1;
	}
	x_sync(e.c); /* the server detaches SysV segments when it handles ShmDetach */
	leak_snapshot(&l1);
	xres_count(e.observer, e.c, &x1);
	if (drain_x_errors(e.c) || !leak_same(&l0, &l1, "no fault") ||
	        !xres_same(&x0, &x1, "no fault"))
		return 1;

	for (unsigned long k = 1;; k++) {
		struct fault f = {.fail_at = k};
		char what[128];
		scenario(&e, be, &f, &o);
		if (!f.fired)
			break;
		runs++;
		exercised[f.fired_point]++;
		snprintf(what, sizeof what, "%s, call %lu (%s)", shm_backend_name(be), k,
		        fault_point_name(f.fired_point));
		if (o.failed && !o.msg[0])
			test_fail("FAIL (%s): failure without a message", what);
		if (o.failed)
			clean_errors++;
		if (be == SHM_AUTO && o.created && o.backend != SHM_MEMFD)
			fallbacks++;
		CHECK(drain_x_errors(e.c) == 0); /* syncs first */
		leak_snapshot(&l1);
		xres_count(e.observer, e.c, &x1);
		CHECK(leak_same(&l0, &l1, what) && xres_same(&x0, &x1, what));
	}

	unsigned kinds = 0;
	for (int p = 0; p < FAULT_COUNT; p++)
		kinds += exercised[p] > 0;
	printf("fault[%s]: %lu runs (calls %lu), %u injection point kinds exercised, "
	       "%lu clean errors, %lu fallbacks\n",
	        shm_backend_name(be), runs, count.calls, kinds, clean_errors, fallbacks);
	for (int p = 0; p < FAULT_COUNT; p++)
		if (exercised[p])
			printf("  %-26s %lu\n", fault_point_name((enum fault_point)p),
			        exercised[p]);
	for (int i = 0; required[be][i] != FAULT_COUNT; i++) {
		if (!exercised[required[be][i]])
			test_fail(
			        "FAIL: %s was never exercised", fault_point_name(required[be][i]));
	}
	if (be == SHM_AUTO && fallbacks == 0)
		test_fail("FAIL: auto never fell back on a failed memfd probe");
	xcb_disconnect(e.observer);
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return TEST_PASS;
}

static const struct backend_case {
	const char *name;
	enum shm_backend be;
} backends[] = {
        {"memfd", SHM_MEMFD},
        {"sysv", SHM_SYSV},
        {"none", SHM_NONE},
        {"auto", SHM_AUTO},
};

TEST_P(backend, backends)
{
	const struct backend_case *b = tc->data;

	return run(b->be);
}
