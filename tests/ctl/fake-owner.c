/* fake-owner: a stand-in compositor for the shmcomp-ctl tests. It owns _NET_WM_CM_S<screen>,
 * prints "ready" once it does, and answers the control protocol the way MODE says, until it is
 * killed or its X server goes away. With LOG, it writes each request it gets there, with its
 * text (CTL_FLAG_TEXT, read from _SHMCOMP_ARGS as shmcomp reads it), for the tests to check
 * what shmcomp-ctl sent:
 *   request command=C arg=A flags=F
 *   TEXT (as sent, when there is text)
 *   end
 * Usage: fake-owner DISPLAY MODE [LOG]; modes: shmcomp, silent, exit-on-wait, disown-on-wait,
 * other, other-class, unsettled, busy. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/xcb.h>

#include "proto/ctl-proto.h"
#include "tests/ctl/ctl-test.h"
#include "tests/harness/harness.h"

#define MAX_PENDING 16

enum mode {
	MODE_SHMCOMP,        /* wait after FAKE_WAIT_DELAY_MS, stats text, reload error */
	MODE_SILENT,         /* never replies */
	MODE_EXIT_ON_WAIT,   /* exits when a wait arrives */
	MODE_DISOWN_ON_WAIT, /* drops the selection when a wait arrives, lives on */
	MODE_OTHER,          /* another compositor: named FAKE_OTHER_NAME, no _SHMCOMP_VERSION */
	MODE_OTHER_CLASS,    /* another compositor with only a WM_CLASS, FAKE_OTHER_CLASS */
	MODE_UNSETTLED,      /* never settles; status answers FAKE_STATUS_TEXT */
	MODE_BUSY,           /* never settles; status answers FAKE_BUSY_TEXT, or with window=ID
	                      * in its text FAKE_BUSY_SCOPE_TEXT about that window */
};

struct pending {
	xcb_window_t win;
	uint32_t id;
	int64_t due_ms;
};

struct fake {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	enum mode mode;
	FILE *log;
	xcb_window_t win;
	xcb_atom_t cm_s, version, request, reply, text, args, utf8_string;
	uint32_t frame;
	struct pending pending[MAX_PENDING];
	size_t npending;
};

static bool parse_mode(const char *s, enum mode *m)
{
	static const char *const names[] = {"shmcomp", "silent", "exit-on-wait", "disown-on-wait",
	        "other", "other-class", "unsettled", "busy"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*m = (enum mode)i;
			return true;
		}
	}
	return false;
}

static void set_string(struct fake *f, xcb_window_t win, xcb_atom_t prop, const char *s, size_t len)
{
	xcb_change_property(
	        f->c, XCB_PROP_MODE_REPLACE, win, prop, XCB_ATOM_STRING, 8, (uint32_t)len, s);
}

static bool take_selection(struct fake *f, int screen_num)
{
	char name[32];
	xcb_get_selection_owner_reply_t *r;
	bool ok;

	snprintf(name, sizeof name, "_NET_WM_CM_S%d", screen_num);
	f->cm_s = x_atom(f->c, name);
	f->win = xcb_generate_id(f->c);
	xcb_create_window(f->c, 0, f->win, f->screen->root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
	if (f->mode == MODE_OTHER)
		set_string(f, f->win, XCB_ATOM_WM_NAME, FAKE_OTHER_NAME, strlen(FAKE_OTHER_NAME));
	else if (f->mode == MODE_OTHER_CLASS)
		set_string(f, f->win, XCB_ATOM_WM_CLASS, FAKE_OTHER_CLASS, sizeof FAKE_OTHER_CLASS);
	else
		set_string(f, f->win, f->version, FAKE_VERSION, strlen(FAKE_VERSION));
	xcb_set_selection_owner(f->c, f->win, f->cm_s, XCB_CURRENT_TIME);
	r = xcb_get_selection_owner_reply(f->c, xcb_get_selection_owner(f->c, f->cm_s), NULL);
	ok = r && r->owner == f->win;
	free(r);
	return ok;
}

static void send_reply(struct fake *f, xcb_window_t win, uint32_t id, uint32_t status)
{
	xcb_client_message_event_t ev;

	memset(&ev, 0, sizeof ev);
	ev.response_type = XCB_CLIENT_MESSAGE;
	ev.format = 32;
	ev.window = win;
	ev.type = f->reply;
	ev.data.data32[0] = id;
	ev.data.data32[1] = status;
	ev.data.data32[2] = ++f->frame;
	xcb_send_event(f->c, 0, win, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(f->c);
}

static void answer_stats(struct fake *f, xcb_window_t win, uint32_t id)
{
	size_t len;
	char *text = fake_stats_text(&len);

	if (!text) {
		send_reply(f, win, id, CTL_ERROR);
		return;
	}
	set_string(f, win, f->text, text, len);
	free(text);
	send_reply(f, win, id, CTL_OK);
}

static void on_wait(struct fake *f, xcb_window_t win, uint32_t id)
{
	if (f->mode == MODE_EXIT_ON_WAIT)
		exit(0); /* the server destroys our window and drops the selection */
	if (f->mode == MODE_DISOWN_ON_WAIT) {
		xcb_set_selection_owner(f->c, XCB_NONE, f->cm_s, XCB_CURRENT_TIME);
		xcb_flush(f->c);
		return;
	}
	if (f->npending < MAX_PENDING)
		f->pending[f->npending++] =
		        (struct pending){win, id, (int64_t)monotonic_ms() + FAKE_WAIT_DELAY_MS};
}

static void fail(struct fake *f, xcb_window_t win, uint32_t id, const char *why)
{
	set_string(f, win, f->text, why, strlen(why));
	send_reply(f, win, id, CTL_ERROR);
}

/* The request's text as shmcomp reads it: _SHMCOMP_ARGS read and deleted in one request.
 * NULL with `why` set when it is missing or malformed. */
static char *read_args(struct fake *f, xcb_window_t win, const char **why)
{
	xcb_get_property_reply_t *p = xcb_get_property_reply(f->c,
	        xcb_get_property(
	                f->c, 1, win, f->args, XCB_GET_PROPERTY_TYPE_ANY, 0, CTL_ARGS_MAX / 4 + 1),
	        NULL);
	char *text = NULL;
	size_t len = p ? (size_t)xcb_get_property_value_length(p) : 0;

	*why = "fake-owner: CTL_FLAG_TEXT without _SHMCOMP_ARGS";
	if (p && p->type != XCB_NONE) {
		*why = "fake-owner: _SHMCOMP_ARGS is not a STRING or UTF8_STRING of format 8, or "
		       "too long";
		if ((p->type == XCB_ATOM_STRING || p->type == f->utf8_string) && p->format == 8 &&
		        p->bytes_after == 0 && len <= CTL_ARGS_MAX && (text = malloc(len + 1))) {
			memcpy(text, xcb_get_property_value(p), len);
			text[len] = '\0';
		}
	}
	free(p);
	return text;
}

static void log_request(struct fake *f, const xcb_client_message_event_t *ev, const char *text)
{
	if (!f->log)
		return;
	fprintf(f->log, "request command=%u arg=%u flags=%u\n%s%send\n", ev->data.data32[0],
	        ev->data.data32[3], ev->data.data32[4], text ? text : "",
	        text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
	fflush(f->log);
}

/* CTL_STATUS in busy mode: about the window of a window=ID line, else FAKE_BUSY_TEXT. */
static void answer_busy(struct fake *f, xcb_window_t win, uint32_t id, const char *text)
{
	const char *scope = text ? strstr(text, "window=") : NULL;
	char buf[256];

	if (scope && (scope == text || scope[-1] == '\n')) {
		snprintf(buf, sizeof buf, FAKE_BUSY_SCOPE_TEXT, (int)strcspn(scope + 7, "\n"),
		        scope + 7);
		set_string(f, win, f->text, buf, strlen(buf));
	} else {
		set_string(f, win, f->text, FAKE_BUSY_TEXT, strlen(FAKE_BUSY_TEXT));
	}
	send_reply(f, win, id, CTL_OK);
}

static void answer(struct fake *f, const xcb_client_message_event_t *ev, const char *text)
{
	xcb_window_t win = ev->data.data32[1];
	uint32_t id = ev->data.data32[2];
	bool settled = ev->data.data32[3] & CTL_WAIT_SETTLED;
	char buf[32];

	switch (ev->data.data32[0]) {
	case CTL_WAIT:
		if (!((f->mode == MODE_UNSETTLED || f->mode == MODE_BUSY) && settled))
			on_wait(f, win, id);
		break;
	case CTL_STATUS:
		if (f->mode == MODE_BUSY) {
			answer_busy(f, win, id, text);
			break;
		}
		set_string(f, win, f->text, FAKE_STATUS_TEXT, strlen(FAKE_STATUS_TEXT));
		send_reply(f, win, id, CTL_OK);
		break;
	case CTL_WINDOW:
		snprintf(buf, sizeof buf, "window=0x%x\n", ev->data.data32[3]);
		set_string(f, win, f->text, buf, strlen(buf));
		send_reply(f, win, id, CTL_OK);
		break;
	case CTL_STATS:
		answer_stats(f, win, id);
		break;
	case CTL_RELOAD:
		set_string(f, win, f->text, FAKE_RELOAD_ERROR, strlen(FAKE_RELOAD_ERROR));
		send_reply(f, win, id, CTL_ERROR);
		break;
	default:
		send_reply(f, win, id, CTL_UNKNOWN);
	}
}

static void on_request(struct fake *f, const xcb_client_message_event_t *ev)
{
	xcb_window_t win = ev->data.data32[1];
	uint32_t id = ev->data.data32[2], flags = ev->data.data32[4];
	const char *why = NULL;
	char *text = NULL;

	if (ev->type != f->request || ev->format != 32 || f->mode == MODE_SILENT ||
	        f->mode == MODE_OTHER || f->mode == MODE_OTHER_CLASS)
		return;
	if (flags & CTL_FLAG_TEXT)
		text = read_args(f, win, &why);
	log_request(f, ev, text);
	if (flags & ~CTL_FLAG_TEXT)
		fail(f, win, id, "fake-owner: unknown request flags");
	else if ((flags & CTL_FLAG_TEXT) && !text)
		fail(f, win, id, why);
	else
		answer(f, ev, text);
	free(text);
}

/* Replies to the waits that are due; returns the poll() timeout until the next one. */
static int flush_due(struct fake *f)
{
	int64_t now = (int64_t)monotonic_ms(), next = -1;
	size_t kept = 0;

	for (size_t i = 0; i < f->npending; i++) {
		struct pending p = f->pending[i];

		if (p.due_ms <= now) {
			send_reply(f, p.win, p.id, CTL_OK);
			continue;
		}
		if (next < 0 || p.due_ms - now < next)
			next = p.due_ms - now;
		f->pending[kept++] = p;
	}
	f->npending = kept;
	return (int)next;
}

static int run(struct fake *f)
{
	struct pollfd p = {.fd = xcb_get_file_descriptor(f->c), .events = POLLIN};

	for (;;) {
		xcb_generic_event_t *ev;

		while ((ev = xcb_poll_for_event(f->c))) {
			if ((ev->response_type & 0x7f) == XCB_CLIENT_MESSAGE)
				on_request(f, (const xcb_client_message_event_t *)ev);
			free(ev);
		}
		if (xcb_connection_has_error(f->c))
			return 0; /* the server went away: so do we */
		xcb_flush(f->c);
		if (poll(&p, 1, flush_due(f)) < 0 && errno != EINTR)
			return 1;
	}
}

int main(int argc, char **argv)
{
	struct fake f = {.win = XCB_NONE};
	int screen_num = 0;
	int rc;

	if ((argc != 3 && argc != 4) || !parse_mode(argv[2], &f.mode)) {
		fprintf(stderr, "usage: fake-owner DISPLAY shmcomp|silent|exit-on-wait|"
		                "disown-on-wait|other|other-class|unsettled|busy [LOG]\n");
		return 2;
	}
	if (argc == 4 && !(f.log = fopen(argv[3], "w"))) {
		fprintf(stderr, "fake-owner: cannot write %s\n", argv[3]);
		return 1;
	}
	f.c = xcb_connect(argv[1], &screen_num);
	if (xcb_connection_has_error(f.c)) {
		fprintf(stderr, "fake-owner: cannot connect to %s\n", argv[1]);
		return 1;
	}
	f.screen = xcb_setup_roots_iterator(xcb_get_setup(f.c)).data; /* tests use screen 0 */
	f.version = x_atom(f.c, CTL_ATOM_VERSION);
	f.request = x_atom(f.c, CTL_ATOM_REQUEST);
	f.reply = x_atom(f.c, CTL_ATOM_REPLY);
	f.text = x_atom(f.c, CTL_ATOM_TEXT);
	f.args = x_atom(f.c, CTL_ATOM_ARGS);
	f.utf8_string = x_atom(f.c, "UTF8_STRING");
	if (!take_selection(&f, screen_num)) {
		fprintf(stderr, "fake-owner: cannot own the compositing manager selection\n");
		xcb_disconnect(f.c);
		if (f.log)
			fclose(f.log);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	rc = run(&f);
	xcb_disconnect(f.c);
	if (f.log)
		fclose(f.log);
	return rc;
}
