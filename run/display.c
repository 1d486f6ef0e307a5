/* What shmcomp-run asks its X server: whether a window manager manages windows, and whether
 * the display still answers.
 *
 * A window manager: owning WM_S<screen> is ICCCM's sign, but not every WM takes it, and
 * one that has it may still be reading its configuration. What every WM does is select
 * SubstructureRedirect on the root: then a window we map is mapped by the WM (a reparenting
 * one puts it in a frame first), which shows it has entered its event loop, so it has also
 * set up what apps read at start (_NET_SUPPORTED, ...). */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <xcb/xcb.h>

#include "run/run.h"

#define REDIRECT_POLL_MS 10
#define FRAME_GONE_MS 2000
#define ANSWER_MS 1000
#define REMAP_FIRST_MS 50 /* then doubled, up to REMAP_MAX_MS */
#define REMAP_MAX_MS 800
#define PROBE_CLASS "shmcomp-run-probe\0Shmcomp-run-probe"

static xcb_connection_t *connect_private(struct run *r, xcb_screen_t **screen, bool say)
{
	char name[] = "MIT-MAGIC-COOKIE-1";
	xcb_auth_info_t auth = {.namelen = (int)strlen(name),
	        .name = name,
	        .datalen = (int)sizeof r->cookie,
	        .data = (char *)r->cookie};
	int num = 0;
	xcb_connection_t *x = xcb_connect_to_display_with_auth_info(r->display, &auth, &num);
	xcb_screen_iterator_t it;

	if (xcb_connection_has_error(x)) {
		if (say)
			fprintf(stderr, "shmcomp-run: cannot connect to %s\n", r->display);
		xcb_disconnect(x);
		return NULL;
	}
	it = xcb_setup_roots_iterator(xcb_get_setup(x));
	for (; num > 0 && it.rem; num--)
		xcb_screen_next(&it);
	*screen = it.data;
	return x;
}

/* Says why the wait ended (nothing when a signal ended it); always false. */
static bool wm_failed(struct run *r, const char *what)
{
	struct run_child *c = &r->child[RUN_WM];
	char how[96];

	if (r->signal)
		return false;
	run_drain(c);
	if (!c->running) {
		run_describe(c->status, how, sizeof how);
		run_report(c, "%s %s before it managed windows", c->name, how);
	} else {
		run_report(c, "%s %s within %g s", c->name, what, r->opt.timeout_s);
	}
	return false;
}

static bool redirect_selected(struct run *r, xcb_connection_t *x, const xcb_screen_t *s, bool *yes)
{
	xcb_get_window_attributes_reply_t *a =
	        xcb_get_window_attributes_reply(x, xcb_get_window_attributes(x, s->root), NULL);

	if (!a) {
		fprintf(stderr, "shmcomp-run: lost the connection to %s\n", r->display);
		return false;
	}
	*yes = (a->all_event_masks & XCB_EVENT_MASK_SUBSTRUCTURE_REDIRECT) != 0;
	free(a);
	return true;
}

/* No event for it: polled (a round trip each REDIRECT_POLL_MS). */
static bool wait_redirect(
        struct run *r, xcb_connection_t *x, const xcb_screen_t *s, double deadline)
{
	bool yes = false;

	while (redirect_selected(r, x, s, &yes) && !yes) {
		if (r->signal || !r->child[RUN_WM].running || run_now_ms() >= deadline)
			return wm_failed(
			        r, "did not select SubstructureRedirect on the root window");
		run_poll(r, -1, REDIRECT_POLL_MS);
	}
	return yes;
}

/* The next event, waiting until the deadline; NULL on a timeout, a signal, a lost
 * connection or the end of the window manager. */
static xcb_generic_event_t *next_event(struct run *r, xcb_connection_t *x, double deadline)
{
	for (;;) {
		xcb_generic_event_t *e = xcb_poll_for_event(x);
		double left = deadline - run_now_ms();

		if (e)
			return e;
		if (xcb_connection_has_error(x) || r->signal || !r->child[RUN_WM].running ||
		        left <= 0)
			return NULL;
		run_poll(r, xcb_get_file_descriptor(x), (int)ceil(left));
	}
}

static xcb_window_t probe_create(xcb_connection_t *x, const xcb_screen_t *s)
{
	static const char title[] = "shmcomp-run probe";
	xcb_window_t w = xcb_generate_id(x);
	uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY;

	xcb_create_window(x, XCB_COPY_FROM_PARENT, w, s->root, 0, 0, 64, 64, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, XCB_CW_EVENT_MASK, &mask);
	xcb_change_property(x, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
	        sizeof title - 1, title);
	xcb_change_property(x, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
	        sizeof PROBE_CLASS, PROBE_CLASS);
	xcb_map_window(x, w);
	xcb_flush(x);
	return w;
}

/* Waits for the probe's MapNotify; its frame, if a ReparentNotify came first, in *frame.
 * A WM may throw away the events queued before it was ready (XSync(dpy, True)), our
 * MapRequest with them (openbox does): the request is repeated, more and more rarely (a
 * MapWindow of a window that is mapped already does nothing). */
static bool probe_mapped(struct run *r, xcb_connection_t *x, const xcb_screen_t *s, xcb_window_t w,
        xcb_window_t *frame, double deadline)
{
	xcb_generic_event_t *e;
	bool mapped = false;
	double wait = REMAP_FIRST_MS;

	while (!mapped && run_now_ms() < deadline) {
		double until = fmin(deadline, run_now_ms() + wait);

		while (!mapped && (e = next_event(r, x, until))) {
			uint8_t type = e->response_type & 0x7f;
			const xcb_reparent_notify_event_t *re = (void *)e;

			if (type == XCB_REPARENT_NOTIFY && re->window == w)
				*frame = re->parent == s->root ? XCB_NONE : re->parent;
			mapped = type == XCB_MAP_NOTIFY &&
			         ((xcb_map_notify_event_t *)e)->window == w;
			free(e);
		}
		if (mapped || r->signal || !r->child[RUN_WM].running || xcb_connection_has_error(x))
			break;
		xcb_map_window(x, w);
		xcb_flush(x);
		wait = fmin(wait * 2, REMAP_MAX_MS);
	}
	return mapped;
}

/* After the probe is destroyed, its frame going too shows the WM has let it go; a WM that
 * keeps frames mapped is not waited for longer than FRAME_GONE_MS. */
static void frame_gone(struct run *r, xcb_connection_t *x, xcb_window_t frame, double deadline)
{
	uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY;
	xcb_generic_error_t *err;
	xcb_generic_event_t *e;
	bool gone = false;

	err = xcb_request_check(
	        x, xcb_change_window_attributes_checked(x, frame, XCB_CW_EVENT_MASK, &mask));
	if (err) { /* BadWindow: already destroyed */
		free(err);
		return;
	}
	while (!gone && (e = next_event(r, x, fmin(deadline, run_now_ms() + FRAME_GONE_MS)))) {
		uint8_t type = e->response_type & 0x7f;

		gone = (type == XCB_DESTROY_NOTIFY &&
		               ((xcb_destroy_notify_event_t *)e)->window == frame) ||
		       (type == XCB_UNMAP_NOTIFY &&
		               ((xcb_unmap_notify_event_t *)e)->window == frame);
		free(e);
	}
}

/* In a child of ours, so that a server that accepts but never answers cannot hold us. */
bool run_display_answers(struct run *r)
{
	double deadline = run_now_ms() + ANSWER_MS;
	char answer = 0;
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return true; /* cannot tell: what was seen is said */
	pid = fork();
	if (pid == 0) {
		xcb_screen_t *s;
		xcb_connection_t *x;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		x = connect_private(r, &s, false);
		answer = x != NULL;
		xcb_disconnect(x);
		_exit(write(fds[1], &answer, 1) == 1 ? 0 : 1);
	}
	close(fds[1]);
	while (pid > 0 && run_now_ms() < deadline && !r->hurry) {
		if (run_poll(r, fds[0], (int)ceil(deadline - run_now_ms()))) {
			if (read(fds[0], &answer, 1) != 1)
				answer = 0;
			break;
		}
	}
	if (pid > 0)
		kill(pid, SIGKILL); /* reaped with the other orphans */
	close(fds[0]);
	return pid < 0 || answer;
}

bool run_wait_wm(struct run *r, double deadline)
{
	xcb_screen_t *s = NULL;
	xcb_connection_t *x = connect_private(r, &s, true);
	xcb_window_t probe, frame = XCB_NONE;
	bool ok = false;

	if (!x)
		return false;
	if (!s) {
		fprintf(stderr, "shmcomp-run: %s has no screen\n", r->display);
		goto out;
	}
	if (!wait_redirect(r, x, s, deadline))
		goto out;
	probe = probe_create(x, s);
	ok = probe_mapped(r, x, s, probe, &frame, deadline);
	if (!ok) {
		wm_failed(r, "did not map a window it was asked to map");
		goto out;
	}
	xcb_destroy_window(x, probe);
	xcb_flush(x);
	if (frame != XCB_NONE)
		frame_gone(r, x, frame, deadline);
out:
	xcb_disconnect(x);
	return ok;
}
