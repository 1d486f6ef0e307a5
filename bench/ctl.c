/* shmcomp's control protocol (proto/ctl-proto.h) spoken on the benchmark's own connection, for
 * `step`: running shmcomp-ctl per step would put a fork, an exec and a connection into every
 * measured frame. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "proto/ctl-proto.h"

#define REPLY_TIMEOUT_MS 5000

static xcb_atom_t intern(xcb_connection_t *c, const char *name)
{
	xcb_intern_atom_reply_t *r =
	        xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_NONE;

	free(r);
	return a;
}

static xcb_window_t cm_owner(xcb_connection_t *c)
{
	xcb_atom_t sel = intern(c, "_NET_WM_CM_S0");
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(c, xcb_get_selection_owner(c, sel), NULL);
	xcb_window_t owner = r ? r->owner : XCB_NONE;

	free(r);
	return owner;
}

bool bench_ctl_open(struct bench_ctl *ctl, struct bench_session *s, char *why, size_t len)
{
	*ctl = (struct bench_ctl){.c = s->c, .reply = XCB_NONE};
	ctl->owner = cm_owner(s->c);
	ctl->request_atom = intern(s->c, CTL_ATOM_REQUEST);
	ctl->reply_atom = intern(s->c, CTL_ATOM_REPLY);
	if (ctl->owner == XCB_NONE || ctl->request_atom == XCB_NONE ||
	        ctl->reply_atom == XCB_NONE) {
		snprintf(why, len, "no compositor to step");
		return false;
	}
	/* an InputOnly window of ours: the reply goes to the client that created it */
	ctl->reply = xcb_generate_id(s->c);
	xcb_create_window(s->c, 0, ctl->reply, s->screen->root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
	return true;
}

void bench_ctl_close(struct bench_ctl *ctl)
{
	if (ctl->reply != XCB_NONE && !xcb_connection_has_error(ctl->c))
		xcb_destroy_window(ctl->c, ctl->reply);
	ctl->reply = XCB_NONE;
}

static void send_request(struct bench_ctl *ctl, uint32_t command, uint32_t arg)
{
	xcb_client_message_event_t ev;

	memset(&ev, 0, sizeof ev);
	ev.response_type = XCB_CLIENT_MESSAGE;
	ev.format = 32;
	ev.window = ctl->owner;
	ev.type = ctl->request_atom;
	ev.data.data32[0] = command;
	ev.data.data32[1] = ctl->reply;
	ev.data.data32[2] = ++ctl->id;
	ev.data.data32[3] = arg;
	xcb_send_event(ctl->c, 0, ctl->owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(ctl->c);
}

/* Whether ev is our reply (status in *status). Anything else, errors of earlier unchecked
 * requests included, is not our business here: a compositor gone shows as the timeout. */
static bool is_reply(const struct bench_ctl *ctl, const xcb_generic_event_t *ev, uint32_t *status)
{
	const xcb_client_message_event_t *cm = (const xcb_client_message_event_t *)ev;

	if ((ev->response_type & 0x7f) != XCB_CLIENT_MESSAGE || cm->window != ctl->reply ||
	        cm->type != ctl->reply_atom || cm->data.data32[0] != ctl->id)
		return false;
	*status = cm->data.data32[1];
	return true;
}

static bool wait_reply(struct bench_ctl *ctl, uint32_t *status, char *why, size_t len)
{
	double end = bench_now_ms() + REPLY_TIMEOUT_MS;
	struct pollfd p = {.fd = xcb_get_file_descriptor(ctl->c), .events = POLLIN};

	for (;;) {
		xcb_generic_event_t *ev;
		while ((ev = xcb_poll_for_event(ctl->c))) {
			bool mine = is_reply(ctl, ev, status);
			free(ev);
			if (mine)
				return true;
		}
		int left = (int)(end - bench_now_ms());
		if (xcb_connection_has_error(ctl->c) || left <= 0) {
			snprintf(
			        why, len, "no answer to step within %d s", REPLY_TIMEOUT_MS / 1000);
			return false;
		}
		poll(&p, 1, left);
	}
}

bool bench_ctl_step(struct bench_ctl *ctl, uint32_t ms, char *why, size_t len)
{
	uint32_t status = CTL_ERROR;

	send_request(ctl, CTL_STEP, ms);
	if (!wait_reply(ctl, &status, why, len))
		return false;
	if (status != CTL_OK)
		snprintf(why, len, "step refused (status %u): is the clock virtual?", status);
	return status == CTL_OK;
}
