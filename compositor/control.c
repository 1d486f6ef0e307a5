/* Control requests: parsing, queued waits and replies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/comp.h"
#include "proto/ctl-proto.h"

struct control_wait {
	struct control_target *target;
	uint32_t id;
	uint64_t frame;           /* reply once this frame has completed */
	bool settled;             /* reply once the screen is settled instead */
	struct settle_opts *opts; /* what settled means for it; NULL: the defaults */
	struct list link;         /* control::frame_waits or control::settled_waits */
	struct list target_link;  /* control_target::waits */
};

/* A reply window shmcomp watches. Kept while it has waits, and then as idle
 * (most recent last) until it is destroyed or too many are idle: a client that
 * asks again with the same window costs no new request. */
struct control_target {
	xcb_window_t window;
	struct control_client *client;
	struct list waits;           /* control_wait::target_link */
	struct list idle_link;       /* control::idle_targets while it has no waits */
	struct control_target *next; /* hash chain */
};

struct control_client {
	uint32_t key; /* the client part of its XIDs */
	size_t pending;
	size_t ntargets;             /* reply windows of it shmcomp keeps */
	struct control_client *next; /* hash chain */
};

/* The clock is read only when the saved tokens are spent. */
static bool spend(struct control_budget *b)
{
	if (b->tokens >= 1) {
		b->tokens -= 1;
		return true;
	}
	uint64_t now = clock_coarse_ms();

	if (now == b->last_ms)
		return false;
	b->tokens += (double)(now - b->last_ms) * b->rate / 1000.0;
	if (b->tokens > b->rate)
		b->tokens = b->rate;
	b->last_ms = now;
	if (b->tokens < 1)
		return false;
	b->tokens -= 1;
	return true;
}

static size_t bucket(uint32_t v)
{
	return (size_t)((v * 2654435761u) >> 22) % CONTROL_BUCKETS;
}

static struct control_client **client_slot(struct control *ctl, uint32_t key)
{
	struct control_client **p = &ctl->clients[bucket(key)];

	while (*p && (*p)->key != key)
		p = &(*p)->next;
	return p;
}

static struct control_target **target_slot(struct control *ctl, xcb_window_t window)
{
	struct control_target **p = &ctl->targets[bucket(window)];

	while (*p && (*p)->window != window)
		p = &(*p)->next;
	return p;
}

static size_t client_pending(struct control *ctl, xcb_window_t window)
{
	struct control_client *cl = *client_slot(ctl, window & ctl->client_mask);

	return cl ? cl->pending : 0;
}

static void forget_client_if_idle(struct control *ctl, struct control_client *cl)
{
	if (cl->pending == 0 && cl->ntargets == 0) {
		*client_slot(ctl, cl->key) = cl->next;
		free(cl);
	}
}

static void free_target(struct control *ctl, struct control_target *t)
{
	struct control_client *cl = t->client;

	*target_slot(ctl, t->window) = t->next;
	if (!list_empty(&t->idle_link)) {
		list_remove(&t->idle_link);
		ctl->nidle--;
	}
	free(t);
	cl->ntargets--;
	forget_client_if_idle(ctl, cl);
}

/* The reply window's record, created (and the window watched) on first use. */
static struct control_target *target_of(struct comp *c, xcb_window_t window)
{
	struct control *ctl = &c->control;
	struct control_target **tp = target_slot(ctl, window), *t = *tp;
	struct control_client **cp, *cl;

	if (t) {
		if (!list_empty(&t->idle_link)) {
			list_remove(&t->idle_link);
			ctl->nidle--;
		}
		return t;
	}
	cp = client_slot(ctl, window & ctl->client_mask);
	if (!*cp) {
		cl = calloc(1, sizeof *cl);
		if (!cl)
			return NULL;
		cl->key = window & ctl->client_mask;
		*cp = cl;
	}
	cl = *cp;
	if (!(t = calloc(1, sizeof *t))) {
		forget_client_if_idle(ctl, cl);
		return NULL;
	}
	t->window = window;
	t->client = cl;
	cl->ntargets++;
	list_init(&t->waits);
	list_init(&t->idle_link);
	*tp = t;
	/* DestroyNotify when it goes; BadWindow now when it does not exist. */
	uint32_t mask =
	        windows_selected_mask(&c->windows, window) | XCB_EVENT_MASK_STRUCTURE_NOTIFY;
	xcb_change_window_attributes(c->dpy.conn, window, XCB_CW_EVENT_MASK, &mask);
	return t;
}

/* A reply window without waits becomes idle; the oldest idle ones go. */
static void forget_if_idle(struct control *ctl, struct control_target *t)
{
	struct control_client *cl = t->client;

	if (list_empty(&t->waits) && list_empty(&t->idle_link)) {
		list_insert(ctl->idle_targets.prev, &t->idle_link);
		ctl->nidle++;
		while (ctl->nidle > CONTROL_IDLE_TARGETS)
			free_target(ctl, list_entry(ctl->idle_targets.next, struct control_target,
			                         idle_link));
	}
	forget_client_if_idle(ctl, cl);
}

static void drop_wait(struct control *ctl, struct control_wait *w)
{
	struct control_target *t = w->target;

	list_remove(&w->link);
	list_remove(&w->target_link);
	if (w->opts) {
		settle_opts_free(w->opts);
		free(w->opts);
	}
	free(w);
	ctl->pending--;
	t->client->pending--;
	forget_if_idle(ctl, t);
}

void control_window_gone(struct control *ctl, xcb_window_t window)
{
	struct control_target *t = *target_slot(ctl, window);

	if (!t)
		return;
	while (!list_empty(&t->waits)) {
		drop_wait(ctl, list_entry(t->waits.next, struct control_wait, target_link));
		ctl->dropped++;
	}
	free_target(ctl, t);
}

/* One request as received. */
struct request {
	xcb_window_t to;
	uint32_t id, command, arg, flags;
	char *text; /* CTL_FLAG_TEXT's text (NUL-terminated), or NULL */
};

/* Sent with the next flush (the loop flushes after each round of events), so
 * that a burst of requests costs one write, not one per reply. */
static void reply_why(
        struct comp *c, xcb_window_t to, uint32_t id, uint32_t status, uint32_t reason)
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
	ev.data.data32[3] = reason;
	xcb_send_event(c->dpy.conn, 0, to, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
}

static void reply(struct comp *c, xcb_window_t to, uint32_t id, uint32_t status)
{
	reply_why(c, to, id, status, CTL_REASON_TEXT);
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

/* Too many pending requests: said at once, while the refusal budget lasts. */
static void refuse(struct comp *c, const struct request *r)
{
	struct control *ctl = &c->control;

	ctl->refused++;
	if (spend(&ctl->refusals))
		reply_why(c, r->to, r->id, CTL_ERROR, CTL_REASON_BUSY);
	else
		ctl->silenced++;
}

/* Queues a wait, keeping frame waits in frame order (frames only grow, so it
 * is almost always the tail). */
static bool add_wait(struct comp *c, const struct request *r, uint64_t frame, bool settled,
        struct settle_opts *opts)
{
	struct control *ctl = &c->control;
	struct control_target *t;
	struct control_wait *w;
	struct list *at;

	if (!*target_slot(ctl, r->to) && !spend(&ctl->new_targets)) {
		refuse(c, r);
		return false;
	}
	t = target_of(c, r->to);
	w = t ? calloc(1, sizeof *w) : NULL;
	if (!w) {
		if (t)
			forget_if_idle(ctl, t); /* created for this wait only */
		fail(c, r, "out of memory");
		return false;
	}
	w->target = t;
	w->opts = opts;
	w->id = r->id;
	w->frame = frame;
	w->settled = settled;
	list_insert(t->waits.prev, &w->target_link);
	if (settled) {
		list_insert(ctl->settled_waits.prev, &w->link);
	} else {
		for (at = ctl->frame_waits.prev; at != &ctl->frame_waits; at = at->prev)
			if (list_entry(at, struct control_wait, link)->frame <= frame)
				break;
		list_insert(at, &w->link);
	}
	ctl->pending++;
	t->client->pending++;
	return true;
}

/* Requests that wait count against the caps; beyond them: refused at once. */
static bool within_caps(struct comp *c, const struct request *r)
{
	struct control *ctl = &c->control;

	if (client_pending(ctl, r->to) < CONTROL_CLIENT_CAP && ctl->pending < CONTROL_TOTAL_CAP)
		return true;
	refuse(c, r);
	return false;
}

static void stats(struct comp *c, const struct request *r)
{
	struct shm_stats s;
	struct render_stats rs;
	const struct paint_stats *ps = &c->paint.stats;
	char text[2048];
	size_t len;
	int n;

	present_read(&c->present); /* the frames and buffers as of now */
	shm_ctx_stats(c->shm, &s);
	render_ctx_get_stats(c->render, &rs);
	n = snprintf(text, sizeof text,
	        "frames=%llu\nframes_completed=%llu\nwindows=%zu\nwindows_mapped=%zu\n"
	        "shm_backend=%s\nshm_segments_live=%llu\nshm_segments_created=%llu\n"
	        "shm_bytes_live=%zu\nshm_bytes_cached=%zu\npool_reuses=%llu\npool_trims=%llu\n"
	        "buffers_busy=%llu\nx_errors=%llu\nx_errors_expected=%llu\nctl_pending=%zu\n"
	        "ctl_refused=%llu\n"
	        "ctl_silenced=%llu\nctl_dropped=%llu\n",
	        (unsigned long long)c->present.presented, (unsigned long long)c->present.completed,
	        wintrack_count(c->windows.wt), wintrack_mapped_count(c->windows.wt),
	        shm_backend_name(shm_ctx_backend(c->shm)), (unsigned long long)s.segments_live,
	        (unsigned long long)s.segments_created, s.bytes_live, s.bytes_cached,
	        (unsigned long long)s.reuses, (unsigned long long)s.trims,
	        (unsigned long long)s.buffers_busy, (unsigned long long)c->dpy.x_errors,
	        (unsigned long long)c->dpy.x_errors_expected, c->control.pending,
	        (unsigned long long)c->control.refused, (unsigned long long)c->control.silenced,
	        (unsigned long long)c->control.dropped);
	if (n > 0 && (size_t)n < sizeof text)
		snprintf(text + n, sizeof text - (size_t)n,
		        "damage_pixels=%llu\nlast_frame_pixels=%llu\nrender_pixels=%llu\n"
		        "copied_pixels=%llu\ndirect_pixels=%llu\nserved_pixels=%llu\nmirrors=%zu\n"
		        "shadow_pixels=%llu\nblur_pixels=%"
		        "llu\n"
		        "blur_extra_pixels=%llu\nfetch_waits=%llu\nmove_reports=%llu\nvsync=%d\n",
		        (unsigned long long)ps->damage_pixels, (unsigned long long)ps->last_damage,
		        (unsigned long long)ps->render_pixels,
		        (unsigned long long)ps->copied_pixels,
		        (unsigned long long)ps->direct_pixels,
		        (unsigned long long)ps->served_pixels, c->windows.nmirrors,
		        (unsigned long long)rs.shadow_pixels, (unsigned long long)rs.blur_pixels,
		        (unsigned long long)rs.blur_extra_pixels,
		        (unsigned long long)ps->fetch_waits,
		        (unsigned long long)c->windows.move_reports, c->present.vsync);
	len = strlen(text);
	recording_stats(c, text + len, sizeof text - len);
	set_text(c, r->to, text);
	reply(c, r->to, r->id, CTL_OK);
}

/* The request's options (its text), or NULL for the defaults; false (after
 * refusing the request) when they do not parse. */
static bool request_opts(struct comp *c, const struct request *r, struct settle_opts **out)
{
	char why[300];

	*out = NULL;
	if (!r->text)
		return true;
	if (!(*out = calloc(1, sizeof **out)) ||
	        !settle_opts_parse(r->text, *out, why, sizeof why)) {
		fail(c, r, *out ? why : "out of memory");
		free(*out);
		*out = NULL;
		return false;
	}
	return true;
}

static void wait_settled(struct comp *c, const struct request *r)
{
	struct settle_opts *opts;

	if (!request_opts(c, r, &opts))
		return;
	if (status_settled(c, opts, NULL, 0, NULL)) {
		reply(c, r->to, r->id, CTL_OK);
	} else if (add_wait(c, r, 0, true, opts)) {
		return; /* control_check_settled() answers it */
	}
	if (opts) {
		settle_opts_free(opts);
		free(opts);
	}
}

static void wait_frame(struct comp *c, const struct request *r)
{
	struct present *p = &c->present;
	uint64_t frame = damage_pending(&c->damage) || background_probing(&c->bg) ? p->presented + 1
	                                                                          : p->presented;

	comp_log(&c->log, COMP_LOG_DEBUG,
	        "wait %u from 0x%x: frame %llu (presented %llu, completed %llu)", r->id, r->to,
	        (unsigned long long)frame, (unsigned long long)p->presented,
	        (unsigned long long)p->completed);
	if (frame <= p->completed) {
		reply(c, r->to, r->id, CTL_OK);
		return;
	}
	add_wait(c, r, frame, false, NULL);
}

void control_frame_completed(struct comp *c)
{
	struct control *ctl = &c->control;

	while (!list_empty(&ctl->frame_waits)) {
		struct control_wait *w =
		        list_entry(ctl->frame_waits.next, struct control_wait, link);
		if (w->frame > c->present.completed)
			break;
		reply(c, w->target->window, w->id, CTL_OK);
		drop_wait(ctl, w);
	}
}

void control_nothing_to_present(struct comp *c)
{
	struct list *pos;

	/* Only the newest waits can name a frame past the last one presented. */
	for (pos = c->control.frame_waits.prev; pos != &c->control.frame_waits; pos = pos->prev) {
		struct control_wait *w = list_entry(pos, struct control_wait, link);
		if (w->frame <= c->present.presented)
			break;
		w->frame = c->present.presented;
	}
	control_frame_completed(c);
}

bool control_waits(const struct control *ctl)
{
	return !list_empty(&ctl->frame_waits) || !list_empty(&ctl->settled_waits);
}

bool control_settled_pending(const struct control *ctl)
{
	return ctl->settled_waits.next && !list_empty(&ctl->settled_waits);
}

/* Waits with the default meaning share one look at the screen; the others
 * (rare: options given) each take their own. */
void control_check_settled(struct comp *c)
{
	struct control *ctl = &c->control;
	struct list *pos, *tmp;
	uint32_t retry = 0, r;
	int plain = -1; /* unknown yet */

	ctl->retry_ms = 0;
	if (!control_settled_pending(ctl))
		return;
	list_for_each_safe(pos, tmp, &ctl->settled_waits)
	{
		struct control_wait *w = list_entry(pos, struct control_wait, link);
		bool settled;
		if (w->opts) {
			settled = status_settled(c, w->opts, NULL, 0, &r);
		} else {
			if (plain < 0)
				plain = status_settled(c, NULL, NULL, 0, &retry);
			settled = plain;
			r = retry;
		}
		if (!settled) {
			if (r && (!ctl->retry_ms || r < ctl->retry_ms))
				ctl->retry_ms = r;
			continue;
		}
		reply(c, w->target->window, w->id, CTL_OK);
		drop_wait(ctl, w);
	}
}

void control_init(struct control *ctl, uint32_t client_mask)
{
	uint64_t now = clock_coarse_ms();

	*ctl = (struct control){.client_mask = client_mask,
	        .new_targets = {CONTROL_NEW_TARGETS_PER_S, CONTROL_NEW_TARGETS_PER_S, now},
	        .refusals = {CONTROL_REFUSALS_PER_S, CONTROL_REFUSALS_PER_S, now},
	        .probes = {CONTROL_PROBES_PER_S, CONTROL_PROBES_PER_S, now}};
	list_init(&ctl->frame_waits);
	list_init(&ctl->settled_waits);
	list_init(&ctl->idle_targets);
}

void control_finish(struct control *ctl)
{
	struct list *lists[] = {&ctl->frame_waits, &ctl->settled_waits};

	for (int i = 0; i < 2; i++) {
		if (!lists[i]->next)
			continue;
		while (!list_empty(lists[i]))
			drop_wait(ctl, list_entry(lists[i]->next, struct control_wait, link));
	}
	while (ctl->idle_targets.next && !list_empty(&ctl->idle_targets))
		free_target(
		        ctl, list_entry(ctl->idle_targets.next, struct control_target, idle_link));
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
	struct settle_opts *opts;
	if (!request_opts(c, r, &opts)) {
		free(text);
		free(why);
		return;
	}
	bool settled = status_settled(c, opts, why, len, NULL);
	snprintf(text, len, "settled=%d\nframe=%llu\nquiet_period=%u\nfirst_quiet_period=%u\n%s",
	        settled, (unsigned long long)c->present.completed,
	        opts ? opts->quiet_ms : CTL_QUIET_DEFAULT_MS,
	        opts ? opts->first_quiet_ms : CTL_FIRST_QUIET_DEFAULT_MS, why);
	if (opts) {
		settle_opts_free(opts);
		free(opts);
	}
	set_text(c, r->to, text);
	free(why);
	free(text);
	reply(c, r->to, r->id, CTL_OK);
}

static void window_info(struct comp *c, const struct request *r)
{
	char text[8192];
	bool ok = status_window_text(c, r->arg, text, sizeof text);

	set_text(c, r->to, text);
	reply(c, r->to, r->id, ok ? CTL_OK : CTL_ERROR);
}

static void record(struct comp *c, const struct request *r)
{
	char text[600] = "";
	bool ok;

	switch (r->arg) {
	case CTL_RECORD_START:
		ok = recording_start_request(c, r->text, text, sizeof text);
		break;
	case CTL_RECORD_STOP:
		ok = recording_stop(c, text, sizeof text);
		break;
	case CTL_RECORD_DUMP:
		ok = recording_dump(c, text, sizeof text);
		break;
	default:
		snprintf(text, sizeof text, "unknown record operation %u", r->arg);
		ok = false;
		break;
	}
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
	} else if (p->bytes_after > 0 || (size_t)xcb_get_property_value_length(p) > CTL_ARGS_MAX) {
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

/* xsetroot changes the root's own background without an event: before an
 * answer that depends on what the screen shows, look again (the answer waits
 * for the probe, see wait_frame and status_settled) — but not with a window on
 * screen too large for the redirection's switch, and not more often than the
 * budget allows (a flood). */
static void look_at_background(struct comp *c)
{
	if (!background_probing(&c->bg) && !windows_any_oversized(&c->windows) &&
	        spend(&c->control.probes))
		background_probe_start(&c->bg);
}

static void dispatch(struct comp *c, const struct request *r)
{
	effects_decide_unmaps(&c->effects); /* every event before the request is in */
	if ((r->command == CTL_WAIT || r->command == CTL_STEP) && !within_caps(c, r))
		return;
	if (r->command == CTL_WAIT)
		look_at_background(c);
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
	case CTL_RECORD:
		record(c, r);
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

	if (ev->window != c->cm.window || ev->type != c->dpy.atoms.ctl_request || ev->format != 32)
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
