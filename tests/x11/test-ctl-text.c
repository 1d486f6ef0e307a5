/* x11 suite: the control protocol's text channel (proto/ctl-proto.h) against
 * the real shmcomp: a request's text set as _SHMCOMP_ARGS on the reply window
 * comes back through CTL_ECHO byte for byte (up to CTL_ARGS_MAX) and the
 * property is deleted; longer text, a missing or mistyped property and unknown
 * flags are refused with CTL_ERROR and a message, and shmcomp still answers.
 * Run as: test-ctl-text text SHMCOMP BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ctl-proto.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
	xcb_window_t owner, me;
	xcb_atom_t request, reply, text, args, cm;
	uint32_t next_id;
};

/* Sends `command` with `flags` and waits (5 s) for its reply's status. */
static int request(struct env *e, uint32_t command, uint32_t flags)
{
	xcb_client_message_event_t ev = {.response_type = XCB_CLIENT_MESSAGE,
	        .format = 32,
	        .window = e->owner,
	        .type = e->request};
	uint32_t id = ++e->next_id;

	ev.data.data32[0] = command;
	ev.data.data32[1] = e->me;
	ev.data.data32[2] = id;
	ev.data.data32[4] = flags;
	xcb_send_event(e->c, 0, e->owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(e->c);
	for (int waited = 0; waited < 5000; waited += 5) {
		xcb_generic_event_t *in;
		while ((in = xcb_poll_for_event(e->c))) {
			xcb_client_message_event_t *m = (void *)in;
			int status = -1;
			if ((in->response_type & 0x7f) == XCB_CLIENT_MESSAGE &&
			        m->type == e->reply && m->data.data32[0] == id)
				status = (int)m->data.data32[1];
			free(in);
			if (status >= 0)
				return status;
		}
		struct timespec ts = {0, 5000000};
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "no reply to command %u\n", command);
	return -1;
}

static void set_args(struct env *e, xcb_atom_t type, const char *text, size_t len)
{
	xcb_change_property(
	        e->c, XCB_PROP_MODE_REPLACE, e->me, e->args, type, 8, (uint32_t)len, text);
}

/* The reply window's property `prop` (NUL-terminated), or NULL when absent. */
static char *get(struct env *e, xcb_atom_t prop)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(e->c,
	        xcb_get_property(e->c, 0, e->me, prop, XCB_GET_PROPERTY_TYPE_ANY, 0, 1 << 20),
	        NULL);
	char *s = NULL;

	if (r && r->type != XCB_NONE) {
		size_t n = (size_t)xcb_get_property_value_length(r);
		s = malloc(n + 1);
		memcpy(s, xcb_get_property_value(r), n);
		s[n] = '\0';
	}
	free(r);
	return s;
}

static bool refused(struct env *e, uint32_t flags, const char *why_contains)
{
	int status = request(e, CTL_ECHO, flags);
	char *why = get(e, e->text);
	bool ok = status == CTL_ERROR && why && strstr(why, why_contains);

	if (!ok)
		fprintf(stderr, "expected CTL_ERROR saying '%s'; got status %d, text '%s'\n",
		        why_contains, status, why ? why : "(none)");
	free(why);
	return ok;
}

static void check_text(struct env *e)
{
	char *big = malloc(CTL_ARGS_MAX + 2), *back;

	for (size_t i = 0; i < CTL_ARGS_MAX + 1; i++)
		big[i] = (char)('a' + i % 26);
	big[CTL_ARGS_MAX + 1] = '\0';
	/* the longest text allowed, byte for byte, and the property is gone */
	set_args(e, XCB_ATOM_STRING, big, CTL_ARGS_MAX);
	CHECK(request(e, CTL_ECHO, CTL_FLAG_TEXT) == CTL_OK);
	back = get(e, e->text);
	CHECK(back && strlen(back) == CTL_ARGS_MAX && memcmp(back, big, CTL_ARGS_MAX) == 0);
	free(back);
	back = get(e, e->args);
	CHECK(back == NULL);
	free(back);
	/* UTF-8 text of a class name */
	set_args(e, x_atom(e->c, "UTF8_STRING"), "Gtk-Demo \xc3\xa9", 11);
	CHECK(request(e, CTL_ECHO, CTL_FLAG_TEXT) == CTL_OK);
	back = get(e, e->text);
	CHECK(back && strcmp(back, "Gtk-Demo \xc3\xa9") == 0);
	free(back);
	/* refused: one byte too long, not set, of another type, unknown flags */
	set_args(e, XCB_ATOM_STRING, big, CTL_ARGS_MAX + 1);
	CHECK(refused(e, CTL_FLAG_TEXT, "longer than"));
	CHECK(refused(e, CTL_FLAG_TEXT, "is not set"));
	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, e->me, e->args, XCB_ATOM_CARDINAL, 32, 1,
	        &(uint32_t){7});
	CHECK(refused(e, CTL_FLAG_TEXT, "STRING"));
	CHECK(refused(e, 0x80, "unknown request flags"));
	/* a request without text still works */
	CHECK(request(e, CTL_STATS, 0) == CTL_OK);
	free(big);
}

static xcb_window_t cm_owner(struct env *e)
{
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(e->c, xcb_get_selection_owner(e->c, e->cm), NULL);
	xcb_window_t w = r ? r->owner : XCB_NONE;

	free(r);
	return w;
}

TEST(text)
{
	struct env e = {0};
	char log[600];
	int r = xserver_start(&e.xs, "Xvfb", NULL);

	if (r)
		return r;
	e.c = xserver_connect(&e.xs, &e.s);
	snprintf(log, sizeof log, "%s/ctl-text.log", test_arg(tc, 1, "BUILDDIR"));
	const char *cmd[] = {test_arg(tc, 0, "SHMCOMP"), "--log-level", "info", NULL};
	e.comp = spawn(cmd, e.xs.name, log);
	if (!wait_cm_owner(e.c, 5000)) {
		fprintf(stderr, "shmcomp did not start\n");
		xserver_stop(&e.xs);
		return TEST_FAIL;
	}
	e.request = x_atom(e.c, CTL_ATOM_REQUEST);
	e.reply = x_atom(e.c, CTL_ATOM_REPLY);
	e.text = x_atom(e.c, CTL_ATOM_TEXT);
	e.args = x_atom(e.c, CTL_ATOM_ARGS);
	e.cm = x_atom(e.c, "_NET_WM_CM_S0");
	e.owner = cm_owner(&e);
	e.me = xcb_generate_id(e.c);
	xcb_create_window(e.c, 0, e.me, e.s->root, -1, -1, 1, 1, 0, XCB_WINDOW_CLASS_INPUT_ONLY,
	        XCB_COPY_FROM_PARENT, 0, NULL);
	check_text(&e);
	kill(e.comp, SIGTERM);
	CHECK(wait_exit(e.comp, 3000) == 0);
	xcb_disconnect(e.c);
	xserver_stop(&e.xs);
	return TEST_PASS;
}
