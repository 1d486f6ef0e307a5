/* fault suite: the compositor's start-up (comp_setup) and teardown with every
 * fallible step failed in turn — replies that do not come, checked requests
 * that fail, allocations, and every SHM injection point — k = 1, 2, ... until
 * no call is left to fail. After each run: a failed start-up has a message;
 * after comp_release() the server holds nothing for shmcomp's connection
 * (X-Resource) and no X error came; after the connection is closed this
 * process has the fds, mappings and SysV segments it had before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/res.h>
#include <xcb/xcb.h>

#include "compositor/comp.h"
#include "compositor/dispatch.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	struct xserver xs;
	xcb_connection_t *c, *observer;
	xcb_screen_t *screen;
};

/* A scene with something for every part to read: a mapped window, an
 * unmapped one, an ARGB one and a root background pixmap. */
static void make_scene(struct env *e)
{
	xcb_connection_t *c = e->c;
	xcb_screen_t *s = e->screen;
	uint32_t bg = 0x336699;
	xcb_window_t w[2];

	for (int i = 0; i < 2; i++) {
		w[i] = xcb_generate_id(c);
		xcb_create_window(c, XCB_COPY_FROM_PARENT, w[i], s->root, (int16_t)(10 + 50 * i),
		        10, 80, 60, 1, XCB_WINDOW_CLASS_INPUT_OUTPUT, s->root_visual,
		        XCB_CW_BACK_PIXEL, &bg);
	}
	xcb_map_window(c, w[0]);
	xcb_pixmap_t pm = xcb_generate_id(c);
	xcb_create_pixmap(c, s->root_depth, pm, s->root, 16, 16);
	xcb_atom_t rootpmap = x_atom(c, "_XROOTPMAP_ID");
	xcb_change_property(
	        c, XCB_PROP_MODE_REPLACE, s->root, rootpmap, XCB_ATOM_PIXMAP, 32, 1, &pm);
	x_sync(c);
}

/* Resources the server holds for `client`, named on stderr when `say`. The
 * X server keeps an XkbClient record for a client that once selected XKB
 * events even when it deselects them all (xkb.c adds it in XkbSelectEvents
 * and removes it only with the client): it is not counted. Likewise XInput's
 * INPUTCLIENT record of the root, once XI2 events were selected there:
 * XISetEventMask (Xi/exevents.c) only zeroes the mask of a deselection and the
 * record goes with the client or the window; one is not counted, two would be. */
static int resources_left(xcb_connection_t *observer, xcb_connection_t *client, bool say)
{
	uint32_t base = xcb_get_setup(client)->resource_id_base;
	xcb_res_query_client_resources_reply_t *r;
	int left = 0;

	x_sync(client);
	r = xcb_res_query_client_resources_reply(
	        observer, xcb_res_query_client_resources(observer, base), NULL);
	if (!r)
		return -1;
	xcb_res_type_iterator_t it = xcb_res_query_client_resources_types_iterator(r);
	for (; it.rem; xcb_res_type_next(&it)) {
		xcb_get_atom_name_reply_t *n = xcb_get_atom_name_reply(
		        observer, xcb_get_atom_name(observer, it.data->resource_type), NULL);
		int len = n ? xcb_get_atom_name_name_length(n) : 1;
		const char *name = n ? xcb_get_atom_name_name(n) : "?";
		bool kept =
		        (len == 9 && memcmp(name, "XkbClient", 9) == 0) ||
		        (len == 11 && memcmp(name, "INPUTCLIENT", 11) == 0 && it.data->count <= 1);
		if (!kept)
			left += (int)it.data->count;
		if (!kept && say)
			fprintf(stderr, "  left on the server: %.*s: %u\n", len, name,
			        it.data->count);
		free(n);
	}
	free(r);
	return left;
}

static int count_errors(xcb_connection_t *c)
{
	xcb_generic_event_t *ev;
	int errors = 0;

	x_sync(c);
	while ((ev = xcb_poll_for_event(c))) {
		if (ev->response_type == 0) {
			xcb_generic_error_t *err = (void *)ev;
			fprintf(stderr, "X error %u (request %u.%u, resource 0x%x)\n",
			        err->error_code, err->major_code, err->minor_code,
			        err->resource_id);
			errors++;
		}
		free(ev);
	}
	return errors;
}

static bool no_reload(struct comp *c, char *err, size_t errlen)
{
	(void)c;
	snprintf(err, errlen, "not in this test");
	return false;
}

static bool make_room(void *data)
{
	return windows_evict_one(&((struct comp *)data)->windows);
}

struct outcome {
	bool started;
	char msg[1024];
	int x_errors;
	bool server_clean;
};

/* One start-up, a frame, and the teardown. */
static void scenario(struct env *e, enum shm_backend be, struct fault *f, struct outcome *o)
{
	struct comp c = {0};

	memset(o, 0, sizeof *o);
	c.opt = (struct comp_options){
	        .display = e->xs.name, .shm = be, .ready_fd = -1, .clock = -1};
	c.log.level = COMP_LOG_ERROR;
	c.fault = f;
	c.reload = no_reload;
	c.present.data = &c;
	c.present.make_room = make_room;
	config_defaults(&c.config);
	o->started = comp_setup(&c, o->msg, sizeof o->msg);
	if (o->started) {
		effects_configure(&c.effects);
		dispatch_drain(&c, true);
		paint_frame(&c);
		xcb_flush(c.dpy.conn);
		dispatch_drain(&c, true);
	}
	comp_release(&c);
	if (c.dpy.conn && !xcb_connection_has_error(c.dpy.conn)) {
		o->x_errors = count_errors(c.dpy.conn);
		o->server_clean = resources_left(e->observer, c.dpy.conn, true) == 0;
	} else {
		o->server_clean = true; /* nothing is left once a connection is gone */
	}
	display_close(&c.dpy);
	config_free(&c.config);
}

static int run(enum shm_backend be)
{
	struct env e = {0};
	unsigned long runs = 0, failed_starts = 0, problems = 0;
	unsigned long exercised[FAULT_COUNT] = {0};
	struct leak_snapshot l0, l1;
	struct outcome o;
	int r = xserver_start(&e.xs, "Xvfb", NULL);

	if (r)
		return r;
	e.c = xserver_connect(&e.xs, &e.screen);
	e.observer = xserver_connect(&e.xs, NULL);
	make_scene(&e);

	struct fault count = {0};
	scenario(&e, be, &count, &o); /* warms up what libraries cache once */
	leak_snapshot(&l0);
	scenario(&e, be, &count, &o);
	leak_snapshot(&l1);
	if (!o.started || o.x_errors || !o.server_clean || !leak_same(&l0, &l1, "no fault")) {
		fprintf(stderr, "FAIL: the start-up fails or leaks without any fault: %s\n", o.msg);
		xcb_disconnect(e.observer);
		xcb_disconnect(e.c);
		xserver_stop(&e.xs);
		return TEST_FAIL;
	}
	for (unsigned long k = 1;; k++) {
		struct fault f = {.fail_at = k};
		char what[160];
		scenario(&e, be, &f, &o);
		if (!f.fired)
			break;
		runs++;
		exercised[f.fired_point]++;
		snprintf(what, sizeof what, "%s, call %lu (%s)", shm_backend_name(be), k,
		        fault_point_name(f.fired_point));
		if (!o.started) {
			failed_starts++;
			if (!o.msg[0]) {
				fprintf(stderr, "FAIL (%s): start-up failed without a message\n",
				        what);
				problems++;
			}
		}
		if (o.x_errors) {
			fprintf(stderr, "FAIL (%s): %d X errors\n", what, o.x_errors);
			problems++;
		}
		if (!o.server_clean) {
			fprintf(stderr, "FAIL (%s): the server still holds resources\n", what);
			problems++;
		}
		leak_snapshot(&l1);
		if (!leak_same(&l0, &l1, what))
			problems++;
	}
	printf("comp fault[%s]: %lu runs (%lu calls without a fault), %lu failed start-ups\n",
	        shm_backend_name(be), runs, count.calls / 2, failed_starts);
	for (int p = 0; p < FAULT_COUNT; p++)
		if (exercised[p])
			printf("  %-26s %lu\n", fault_point_name((enum fault_point)p),
			        exercised[p]);
	static const enum fault_point required[] = {FAULT_X_CONNECT, FAULT_X_REPLY, FAULT_X_CHECK,
	        FAULT_ALLOC, FAULT_CALLOC, FAULT_X_CREATE_GC, FAULT_PIXMAN_IMAGE};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!exercised[required[i]]) {
			fprintf(stderr, "FAIL: %s was never exercised\n",
			        fault_point_name(required[i]));
			problems++;
		}
	}
	xcb_disconnect(e.observer);
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return problems ? 1 : 0;
}

static const struct backend {
	const char *name;
	enum shm_backend be;
} backends[] = {{"memfd", SHM_MEMFD}, {"sysv", SHM_SYSV}, {"none", SHM_NONE}};

TEST_P(setup, backends)
{
	return run(((const struct backend *)tc->data)->be);
}
