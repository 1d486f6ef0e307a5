/* Requests of the control protocol: a ClientMessage to the compositor's window, then events
 * until the matching reply arrives on our window, the compositor goes away, or the deadline
 * passes. A request's text goes first, as _SHMCOMP_ARGS on our window; longer answers are
 * read from _SHMCOMP_TEXT on our window, in pieces. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/xfixes.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"

#define TEXT_CHUNK_BYTES 65536

enum outcome {
	PENDING,
	DONE,
	FAILED,
};

static void send_request(
        struct ctl_conn *cc, uint32_t command, uint32_t arg, uint32_t id, uint32_t flags)
{
	xcb_client_message_event_t ev;

	memset(&ev, 0, sizeof ev);
	ev.response_type = XCB_CLIENT_MESSAGE;
	ev.format = 32;
	ev.window = cc->owner;
	ev.type = cc->atoms.request;
	ev.data.data32[0] = command;
	ev.data.data32[1] = cc->reply_win;
	ev.data.data32[2] = id;
	ev.data.data32[3] = arg;
	ev.data.data32[4] = flags;
	/* an empty event mask sends the event to the client that created the window */
	xcb_send_event(cc->c, 0, cc->owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
}

static enum outcome on_error(struct ctl_conn *cc, const xcb_generic_error_t *err)
{
	if (err->error_code == XCB_WINDOW && err->major_code == XCB_SEND_EVENT) {
		ctl_error("shmcomp on %s exited before the request reached it", cc->display);
		return FAILED;
	}
	ctl_error("X error %u (request %u.%u) on %s", err->error_code, err->major_code,
	        err->minor_code, cc->display);
	return FAILED;
}

static enum outcome on_client_message(struct ctl_conn *cc, const xcb_client_message_event_t *ev,
        uint32_t id, struct ctl_reply *out)
{
	if (ev->window != cc->reply_win || ev->type != cc->atoms.reply || ev->format != 32 ||
	        ev->data.data32[0] != id)
		return PENDING;
	out->status = ev->data.data32[1];
	out->frame = ev->data.data32[2];
	out->reason = ev->data.data32[3];
	return DONE;
}

static enum outcome on_selection(struct ctl_conn *cc, const xcb_xfixes_selection_notify_event_t *ev)
{
	if (ev->selection != cc->atoms.cm_s || ev->owner == cc->owner)
		return PENDING;
	if (ev->subtype == XCB_XFIXES_SELECTION_EVENT_SET_SELECTION_OWNER)
		ctl_error("shmcomp on %s gave up the compositing manager selection before replying",
		        cc->display);
	else
		ctl_error("shmcomp on %s exited before replying", cc->display);
	return FAILED;
}

static enum outcome on_event(
        struct ctl_conn *cc, const xcb_generic_event_t *ev, uint32_t id, struct ctl_reply *out)
{
	uint8_t type = ev->response_type & 0x7f; /* the top bit marks SendEvent */

	if (type == 0)
		return on_error(cc, (const xcb_generic_error_t *)ev);
	if (type == XCB_CLIENT_MESSAGE)
		return on_client_message(cc, (const xcb_client_message_event_t *)ev, id, out);
	if (type == XCB_DESTROY_NOTIFY &&
	        ((const xcb_destroy_notify_event_t *)ev)->window == cc->owner) {
		ctl_error("shmcomp on %s exited before replying (its window was destroyed)",
		        cc->display);
		return FAILED;
	}
	if (cc->have_xfixes && type == cc->xfixes_first_event + XCB_XFIXES_SELECTION_NOTIFY)
		return on_selection(cc, (const xcb_xfixes_selection_notify_event_t *)ev);
	return PENDING;
}

static bool wait_reply(
        struct ctl_conn *cc, uint32_t id, const char *waiting_for, struct ctl_reply *out)
{
	for (;;) {
		xcb_generic_event_t *ev;

		while ((ev = xcb_poll_for_event(cc->c))) {
			enum outcome o = on_event(cc, ev, id, out);

			free(ev);
			if (o != PENDING)
				return o == DONE;
		}
		if (xcb_connection_has_error(cc->c)) {
			ctl_lost_connection(cc);
			return false;
		}
		if (!ctl_wait_input(cc, waiting_for))
			return false;
	}
}

bool ctl_request_args(struct ctl_conn *cc, uint32_t command, uint32_t arg, const char *text,
        const char *waiting_for, struct ctl_reply *out)
{
	uint32_t id = ++cc->last_id, flags = 0;
	size_t len = text ? strlen(text) : 0;

	if (len > CTL_ARGS_MAX) {
		ctl_error("the request's text is %zu bytes long, more than the %u shmcomp takes",
		        len, CTL_ARGS_MAX);
		return false;
	}
	/* the server carries out our requests in order: the property is set before shmcomp
	 * sees the ClientMessage that tells it to read it */
	if (len > 0) {
		xcb_change_property(cc->c, XCB_PROP_MODE_REPLACE, cc->reply_win, cc->atoms.args,
		        cc->atoms.utf8_string, 8, (uint32_t)len, text);
		flags |= CTL_FLAG_TEXT;
	}
	send_request(cc, command, arg, id, flags);
	xcb_flush(cc->c);
	return wait_reply(cc, id, waiting_for ? waiting_for : "shmcomp to reply", out);
}

bool ctl_request(struct ctl_conn *cc, uint32_t command, uint32_t arg, const char *waiting_for,
        struct ctl_reply *out)
{
	return ctl_request_args(cc, command, arg, NULL, waiting_for, out);
}

bool ctl_reply_ok(struct ctl_conn *cc, const char *command, const struct ctl_reply *r)
{
	size_t len;
	char *text;

	if (r->status == CTL_OK)
		return true;
	if (r->status == CTL_UNKNOWN) {
		ctl_error("shmcomp on %s does not know the command '%s' (it is older than this "
		          "shmcomp-ctl)",
		        cc->display, command);
		return false;
	}
	if (r->status != CTL_ERROR) {
		ctl_error("%s: shmcomp on %s replied with unknown status %" PRIu32, command,
		        cc->display, r->status);
		return false;
	}
	if (r->reason == CTL_REASON_BUSY) {
		ctl_error("%s: shmcomp on %s refused the request: too many pending requests "
		          "(from this client, or in all); try again when earlier ones are answered",
		        command, cc->display);
		return false;
	}
	text = ctl_read_text(cc, &len);
	if (!text)
		return false;
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	if (len == 0)
		ctl_error("%s failed (shmcomp gave no reason)", command);
	else
		ctl_error("%s failed: %s", command, text);
	free(text);
	return false;
}

char *ctl_request_text(struct ctl_conn *cc, const char *name, uint32_t command, uint32_t arg,
        const char *args, struct ctl_reply *out)
{
	size_t len;

	if (!ctl_request_args(cc, command, arg, args, NULL, out) || !ctl_reply_ok(cc, name, out))
		return NULL;
	return ctl_read_text(cc, &len);
}

/* Appends one piece at byte `*offset`; sets *more when the property goes on. */
static bool read_piece(struct ctl_conn *cc, char **buf, size_t *offset, bool *more)
{
	xcb_get_property_cookie_t ck = xcb_get_property(cc->c, 0, cc->reply_win, cc->atoms.text,
	        XCB_GET_PROPERTY_TYPE_ANY, (uint32_t)(*offset / 4), TEXT_CHUNK_BYTES / 4);
	xcb_generic_error_t *err;
	xcb_get_property_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);
	size_t len;
	char *grown;

	if (!r)
		return ctl_x_failed(cc, err, "GetProperty(_SHMCOMP_TEXT)");
	if (r->type != XCB_NONE && r->format != 8) {
		ctl_error("_SHMCOMP_TEXT from shmcomp on %s has format %u, not 8", cc->display,
		        r->format);
		free(r);
		return false;
	}
	len = (size_t)xcb_get_property_value_length(r);
	grown = realloc(*buf, *offset + len + 1);
	if (!grown) {
		free(r);
		ctl_error("out of memory");
		return false;
	}
	memcpy(grown + *offset, xcb_get_property_value(r), len);
	*buf = grown;
	*offset += len;
	grown[*offset] = '\0';
	/* a property rewritten under us could leave a short piece: stop rather than misalign */
	*more = r->bytes_after > 0 && len == TEXT_CHUNK_BYTES;
	free(r);
	return true;
}

char *ctl_read_text(struct ctl_conn *cc, size_t *len)
{
	char *buf = calloc(1, 1);
	size_t offset = 0;
	bool more = buf != NULL;

	if (!buf)
		ctl_error("out of memory");
	/* long_offset counts 32-bit units: every piece but the last is a whole chunk */
	while (more) {
		if (!read_piece(cc, &buf, &offset, &more)) {
			free(buf);
			return NULL;
		}
	}
	*len = offset;
	return buf;
}

const char *ctl_text_value(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *l = text; l;) {
		if (strncmp(l, key, n) == 0 && l[n] == '=')
			return l + n + 1;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return NULL;
}
