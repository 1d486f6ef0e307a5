/* Control requests: parsing, queued waits and replies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/comp.h"
#include "proto/ctl-proto.h"

struct control_wait {
	xcb_window_t reply_window;
	uint32_t id;
	uint64_t frame;   /* reply once this frame has completed */
	bool settled;     /* reply once the screen is settled instead */
	struct list link; /* control::waits */
};

/* One request as received. */
struct request {
	xcb_window_t to;
	uint32_t id, command, arg, flags;
	char *text; /* CTL_FLAG_TEXT's text (NUL-terminated), or NULL */
};

static void reply(struct comp *c, xcb_window_t to, uint32_t id, uint32_t status)
{
	xcb_client_message_event_t ev = {
		.response_type = XCB_CLIENT_MESSAGE,
		.format = 32,
		.window = to,
		.type = c->dpy.atoms.ctl_reply,
	};

	comp_log(&c->log, COMP_LOG_DEBUG, "reply %u to 0x%x: status %u", id, to, status);
	ev.data.data32[0] = id;
	ev.data.data32[1] = status;
	ev.data.data32[2] = (uint32_t)c->present.completed;
	xcb_send_event(c->dpy.conn, 0, to, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(c->dpy.conn);
}

/* Reply text, cut at a line end when longer than the protocol allows. */
static void set_text(struct comp *c, xcb_window_t w, const char *text)
{
	static const char mark[] = "truncated=1\n";
	size_t len = strlen(text);

	if (len > CTL_REPLY_TEXT_MAX) {
		size_t keep = CTL_REPLY_TEXT_MAX - (sizeof mark - 1);
		while (keep > 0 && text[keep - 1] != '\n')
			keep--;
		xcb_change_property(c->dpy.conn, XCB_PROP_MODE_REPLACE, w, c->dpy.atoms.ctl_text,
			XCB_ATOM_STRING, 8, (uint32_t)keep, text);
		xcb_change_property(c->dpy.conn, XCB_PROP_MODE_APPEND, w, c->dpy.atoms.ctl_text,
			XCB_ATOM_STRING, 8, sizeof mark - 1, mark);
		return;
	}
	xcb_change_property(c->dpy.conn, XCB_PROP_MODE_REPLACE, w, c->dpy.atoms.ctl_text,
		XCB_ATOM_STRING, 8, (uint32_t)len, text);
}

static void fail(struct comp *c, const struct request *r, const char *why)
{
	set_text(c, r->to, why);
	reply(c, r->to, r->id, CTL_ERROR);
}

static void add_wait(struct comp *c, const struct request *r, uint64_t frame, bool settled)
{
	struct control_wait *w = calloc(1, sizeof *w);

	if (!w) {
		fail(c, r, "out of memory");
		return;
	}
	w->reply_window = r->to;
	w->id = r->id;
	w->frame = frame;
	w->settled = settled;
	list_insert(c->control.waits.prev, &w->link);
}

static void drop_wait(struct control_wait *w)
{
	list_remove(&w->link);
	free(w);
}

static void stats(struct comp *c, const struct request *r)
{
	struct shm_stats s;
	char text[1024];

	shm_ctx_stats(c->shm, &s);
	snprintf(text, sizeof text,
		"frames=%llu\nframes_completed=%llu\nwindows=%zu\nwindows_mapped=%zu\n"
		"shm_backend=%s\nshm_segments_live=%llu\nshm_segments_created=%llu\n"
		"shm_bytes_live=%zu\nshm_bytes_cached=%zu\npool_reuses=%llu\npool_trims=%llu\n"
		"buffers_busy=%llu\nx_errors=%llu\n",
		(unsigned long long)c->present.presented,
		(unsigned long long)c->present.completed, wintrack_count(c->windows.wt),
		wintrack_mapped_count(c->windows.wt), shm_backend_name(shm_ctx_backend(c->shm)),
		(unsigned long long)s.segments_live, (unsigned long long)s.segments_created,
		s.bytes_live, s.bytes_cached, (unsigned long long)s.reuses,
		(unsigned long long)s.trims, (unsigned long long)s.buffers_busy,
		(unsigned long long)c->dpy.x_errors);
	set_text(c, r->to, text);
	reply(c, r->to, r->id, CTL_OK);
}

static void wait_settled(struct comp *c, const struct request *r)
{
	add_wait(c, r, 0, true);
	control_check_settled(c);
}

static void wait_frame(struct comp *c, const struct request *r)
{
	struct present *p = &c->present;
	uint64_t frame = damage_pending(&c->damage) ? p->presented + 1 : p->presented;

	comp_log(&c->log, COMP_LOG_DEBUG,
		"wait %u from 0x%x: frame %llu (presented %llu, completed %llu)", r->id, r->to,
		(unsigned long long)frame, (unsigned long long)p->presented,
		(unsigned long long)p->completed);
	if (frame <= p->completed) {
		reply(c, r->to, r->id, CTL_OK);
		return;
	}
	add_wait(c, r, frame, false);
}

void control_frame_completed(struct comp *c)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->control.waits) {
		struct control_wait *w = list_entry(pos, struct control_wait, link);
		if (w->settled || w->frame > c->present.completed)
			continue;
		reply(c, w->reply_window, w->id, CTL_OK);
		drop_wait(w);
	}
}

void control_nothing_to_present(struct comp *c)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->control.waits) {
		struct control_wait *w = list_entry(pos, struct control_wait, link);
		if (w->frame > c->present.presented)
			w->frame = c->present.presented;
	}
	control_frame_completed(c);
}

bool control_settled_pending(const struct control *ctl)
{
	const struct list *pos;

	for (pos = ctl->waits.next; pos != &ctl->waits; pos = pos->next)
		if (list_entry(pos, struct control_wait, link)->settled)
			return true;
	return false;
}

void control_check_settled(struct comp *c)
{
	struct list *pos, *tmp;
	char why[256];

	if (!control_settled_pending(&c->control) || !status_settled(c, why, sizeof why))
		return;
	list_for_each_safe(pos, tmp, &c->control.waits) {
		struct control_wait *w = list_entry(pos, struct control_wait, link);
		if (!w->settled)
			continue;
		reply(c, w->reply_window, w->id, CTL_OK);
		drop_wait(w);
	}
}

void control_init(struct control *ctl)
{
	list_init(&ctl->waits);
}

void control_finish(struct control *ctl)
{
	if (!ctl->waits.next)
		return;
	while (!list_empty(&ctl->waits))
		drop_wait(list_entry(ctl->waits.next, struct control_wait, link));
}

static void reload(struct comp *c, const struct request *r)
{
	char err[512] = "";
	bool ok = c->reload(c, err, sizeof err);

	if (!ok)
		set_text(c, r->to, err);
	reply(c, r->to, r->id, ok ? CTL_OK : CTL_ERROR);
}

static void step(struct comp *c, const struct request *r)
{
	if (!c->clock.is_virtual) {
		fail(c, r, "the clock is not virtual: start shmcomp with --clock=virtual");
		return;
	}
	c->clock.virtual_ms += r->arg;
	effects_tick(&c->effects);
	wait_frame(c, r);
}

static void status(struct comp *c, const struct request *r)
{
	const size_t len = 65536;
	char *text = malloc(len), *why = malloc(len);

	if (!text || !why) {
		free(text);
		free(why);
		fail(c, r, "out of memory");
		return;
	}
	bool settled = status_settled(c, why, len);
	snprintf(text, len, "settled=%d\nframe=%llu\n%s", settled,
		(unsigned long long)c->present.completed, why);
	set_text(c, r->to, text);
	free(why);
	free(text);
	reply(c, r->to, r->id, CTL_OK);
}

static void window_info(struct comp *c, const struct request *r)
{
	char text[2048];
	bool ok = status_window_text(c, r->arg, text, sizeof text);

	set_text(c, r->to, text);
	reply(c, r->to, r->id, ok ? CTL_OK : CTL_ERROR);
}

static void echo(struct comp *c, const struct request *r)
{
	set_text(c, r->to, r->text ? r->text : "");
	reply(c, r->to, r->id, CTL_OK);
}

/* CTL_FLAG_TEXT: the request's text from the reply window (read and deleted
 * in one request). NULL with a message in `why` when it cannot be had. */
static char *read_args(struct comp *c, xcb_window_t to, char *why, size_t whylen)
{
	struct display *d = &c->dpy;
	xcb_get_property_reply_t *p = xcb_get_property_reply(d->conn,
		xcb_get_property(d->conn, 1, to, d->atoms.ctl_args, XCB_GET_PROPERTY_TYPE_ANY, 0,
			CTL_ARGS_MAX / 4 + 1),
		NULL);
	char *text = NULL;

	if (!p) {
		snprintf(why, whylen, "the request's text could not be read from window 0x%x", to);
	} else if (p->type == XCB_NONE) {
		snprintf(why, whylen, "the request says it has text, but %s is not set on 0x%x",
			CTL_ATOM_ARGS, to);
	} else if ((p->type != XCB_ATOM_STRING && p->type != d->atoms.utf8_string) ||
		p->format != 8) {
		snprintf(why, whylen, "%s must be a STRING or UTF8_STRING of format 8",
			CTL_ATOM_ARGS);
	} else if (p->bytes_after > 0 ||
		(size_t)xcb_get_property_value_length(p) > CTL_ARGS_MAX) {
		snprintf(why, whylen, "the request's text is longer than %u bytes", CTL_ARGS_MAX);
	} else {
		size_t len = (size_t)xcb_get_property_value_length(p);
		text = malloc(len + 1);
		if (text) {
			memcpy(text, xcb_get_property_value(p), len);
			text[len] = '\0';
		} else {
			snprintf(why, whylen, "out of memory");
		}
	}
	free(p);
	return text;
}

static void dispatch(struct comp *c, const struct request *r)
{
	switch (r->command) {
	case CTL_WAIT:
		if (r->arg & CTL_WAIT_SETTLED)
			wait_settled(c, r);
		else
			wait_frame(c, r);
		break;
	case CTL_STEP:
		step(c, r);
		break;
	case CTL_STATUS:
		status(c, r);
		break;
	case CTL_WINDOW:
		window_info(c, r);
		break;
	case CTL_STATS:
		stats(c, r);
		break;
	case CTL_RELOAD:
		reload(c, r);
		break;
	case CTL_ECHO:
		echo(c, r);
		break;
	default:
		reply(c, r->to, r->id, CTL_UNKNOWN);
		break;
	}
}

void control_request(struct comp *c, const xcb_client_message_event_t *ev)
{
	struct request r = {
		.command = ev->data.data32[0],
		.to = ev->data.data32[1],
		.id = ev->data.data32[2],
		.arg = ev->data.data32[3],
		.flags = ev->data.data32[4],
	};
	char why[160];

	if (ev->window != c->cm.window || ev->type != c->dpy.atoms.ctl_request ||
		ev->format != 32)
		return;
	if (r.flags & ~CTL_FLAG_TEXT) {
		snprintf(why, sizeof why, "unknown request flags 0x%x", r.flags);
		fail(c, &r, why);
		return;
	}
	if ((r.flags & CTL_FLAG_TEXT) && !(r.text = read_args(c, r.to, why, sizeof why))) {
		fail(c, &r, why);
		return;
	}
	dispatch(c, &r);
	free(r.text);
}
