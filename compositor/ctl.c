/* The compositor's side of the control protocol (compositor/ctl-proto.h):
 * requests arrive as ClientMessages on the selection window, replies go to
 * the window each request names. A `wait` is answered once the frame that
 * holds every damage received before it has completed on screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/comp.h"
#include "proto/ctl-proto.h"

static void reply(struct comp *c, xcb_window_t to, uint32_t id, uint32_t status)
{
	xcb_client_message_event_t ev = {
		.response_type = XCB_CLIENT_MESSAGE,
		.format = 32,
		.window = to,
		.type = c->atoms.ctl_reply,
	};

	comp_log(&c->log, LOG_DEBUG, "reply %u to 0x%x: status %u", id, to, status);
	ev.data.data32[0] = id;
	ev.data.data32[1] = status;
	ev.data.data32[2] = (uint32_t)c->present.completed;
	xcb_send_event(c->conn, 0, to, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(c->conn);
}

static void set_text(struct comp *c, xcb_window_t w, const char *text)
{
	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, w, c->atoms.ctl_text, XCB_ATOM_STRING,
		8, (uint32_t)strlen(text), text);
}

static void stats(struct comp *c, xcb_window_t to, uint32_t id)
{
	struct shm_stats s;
	char text[1024];

	shm_ctx_stats(c->shm, &s);
	snprintf(text, sizeof text,
		"frames=%llu\nframes_completed=%llu\nwindows=%zu\nwindows_mapped=%zu\n"
		"shm_backend=%s\nshm_segments_live=%llu\nshm_segments_created=%llu\n"
		"shm_bytes_live=%zu\nshm_bytes_cached=%zu\npool_reuses=%llu\npool_trims=%llu\n"
		"buffers_busy=%llu\nx_errors=%llu\n",
		(unsigned long long)c->present.presented, (unsigned long long)c->present.completed,
		wintrack_count(c->wt), wintrack_mapped_count(c->wt),
		shm_backend_name(shm_ctx_backend(c->shm)), (unsigned long long)s.segments_live,
		(unsigned long long)s.segments_created, s.bytes_live, s.bytes_cached,
		(unsigned long long)s.reuses, (unsigned long long)s.trims,
		(unsigned long long)s.buffers_busy, (unsigned long long)c->x_errors);
	set_text(c, to, text);
	reply(c, to, id, CTL_OK);
}

static void queue_settled(struct comp *c, xcb_window_t to, uint32_t id)
{
	struct ctl_wait *w = calloc(1, sizeof *w);

	if (!w) {
		reply(c, to, id, CTL_ERROR);
		return;
	}
	w->reply_window = to;
	w->id = id;
	w->settled = true;
	list_insert(c->waits.prev, &w->link);
	comp_ctl_check_settled(c);
}

static void queue_wait(struct comp *c, xcb_window_t to, uint32_t id)
{
	struct comp_present *p = &c->present;
	uint64_t frame = comp_needs_frame(c) ? p->presented + 1 : p->presented;
	struct ctl_wait *w;

	comp_log(&c->log, LOG_DEBUG, "wait %u from 0x%x: frame %llu (presented %llu, completed %llu)",
		id, to, (unsigned long long)frame, (unsigned long long)p->presented,
		(unsigned long long)p->completed);
	if (frame <= p->completed) {
		reply(c, to, id, CTL_OK);
		return;
	}
	w = calloc(1, sizeof *w);
	if (!w) {
		reply(c, to, id, CTL_ERROR);
		return;
	}
	w->reply_window = to;
	w->id = id;
	w->frame = frame;
	list_insert(c->waits.prev, &w->link);
}

void comp_ctl_frame_completed(struct comp *c)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->waits) {
		struct ctl_wait *w = list_entry(pos, struct ctl_wait, link);
		if (w->settled || w->frame > c->present.completed)
			continue;
		reply(c, w->reply_window, w->id, CTL_OK);
		list_remove(&w->link);
		free(w);
	}
}

void comp_ctl_nothing_to_present(struct comp *c)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->waits) {
		struct ctl_wait *w = list_entry(pos, struct ctl_wait, link);
		if (w->frame > c->present.presented)
			w->frame = c->present.presented;
	}
	comp_ctl_frame_completed(c);
}

bool comp_ctl_settled_pending(const struct comp *c)
{
	const struct list *pos;

	for (pos = c->waits.next; pos != &c->waits; pos = pos->next)
		if (list_entry(pos, struct ctl_wait, link)->settled)
			return true;
	return false;
}

void comp_ctl_check_settled(struct comp *c)
{
	struct list *pos, *tmp;
	bool any = false;
	char why[256];

	list_for_each_safe(pos, tmp, &c->waits)
		any |= list_entry(pos, struct ctl_wait, link)->settled;
	if (!any || !comp_settled(c, why, sizeof why))
		return;
	list_for_each_safe(pos, tmp, &c->waits) {
		struct ctl_wait *w = list_entry(pos, struct ctl_wait, link);
		if (!w->settled)
			continue;
		reply(c, w->reply_window, w->id, CTL_OK);
		list_remove(&w->link);
		free(w);
	}
}

void comp_ctl_finish(struct comp *c)
{
	struct list *pos, *tmp;

	if (!c->waits.next)
		return;
	list_for_each_safe(pos, tmp, &c->waits) {
		struct ctl_wait *w = list_entry(pos, struct ctl_wait, link);
		list_remove(&w->link);
		free(w);
	}
}

static void reload(struct comp *c, xcb_window_t to, uint32_t id)
{
	char err[512] = "";
	bool ok = false;

	comp_reload(c, err, sizeof err, &ok);
	if (!ok)
		set_text(c, to, err);
	reply(c, to, id, ok ? CTL_OK : CTL_ERROR);
}

static void step(struct comp *c, xcb_window_t to, uint32_t id, uint32_t ms)
{
	if (!c->clock_virtual) {
		set_text(c, to, "the clock is not virtual: start shmcomp with --clock=virtual");
		reply(c, to, id, CTL_ERROR);
		return;
	}
	c->virtual_ms += ms;
	comp_fx_tick(c);
	queue_wait(c, to, id);
}

static void status(struct comp *c, xcb_window_t to, uint32_t id)
{
	const size_t len = 65536;
	char *text = malloc(len), *why = malloc(len);

	if (!text || !why) {
		free(text);
		free(why);
		reply(c, to, id, CTL_ERROR);
		return;
	}
	bool settled = comp_settled(c, why, len);
	snprintf(text, len, "settled=%d\nframe=%llu\n%s", settled,
		(unsigned long long)c->present.completed, why);
	set_text(c, to, text);
	free(why);
	free(text);
	reply(c, to, id, CTL_OK);
}

static void window_info(struct comp *c, xcb_window_t to, uint32_t id, xcb_window_t window)
{
	char text[2048];
	bool ok = comp_window_text(c, window, text, sizeof text);

	set_text(c, to, text);
	reply(c, to, id, ok ? CTL_OK : CTL_ERROR);
}

void comp_ctl_request(struct comp *c, const xcb_client_message_event_t *ev)
{
	xcb_window_t to = ev->data.data32[1];
	uint32_t id = ev->data.data32[2];

	if (ev->window != c->cm_window || ev->type != c->atoms.ctl_request || ev->format != 32)
		return;
	switch (ev->data.data32[0]) {
	case CTL_WAIT:
		if (ev->data.data32[3] & CTL_WAIT_SETTLED)
			queue_settled(c, to, id);
		else
			queue_wait(c, to, id);
		break;
	case CTL_STEP:
		step(c, to, id, ev->data.data32[3]);
		break;
	case CTL_STATUS:
		status(c, to, id);
		break;
	case CTL_WINDOW:
		window_info(c, to, id, ev->data.data32[3]);
		break;
	case CTL_STATS:
		stats(c, to, id);
		break;
	case CTL_RELOAD:
		reload(c, to, id);
		break;
	default:
		reply(c, to, id, CTL_UNKNOWN);
		break;
	}
}
