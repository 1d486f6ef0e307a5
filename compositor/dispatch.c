/* Event routing. */
#include <stdlib.h>
#include <xcb/randr.h>

#include "compositor/comp.h"
#include "compositor/dispatch.h"
#include "compositor/keys.h"

/* A live window shmcomp composites, named by a window or Damage id. */
static bool live(struct comp *c, uint32_t id)
{
	struct win *w = windows_find(&c->windows, id);
	struct wintrack_entry *node;

	if (w)
		return !w->destroyed && !w->zombie;
	wintrack_for_each_bottom_up(node, c->windows.wt)
	{
		w = node->user;
		if (w && w->damage == id && !w->destroyed)
			return true;
	}
	return false;
}

/* Errors that follow a window's (or a control client's) going are expected:
 * the server handled our request about it after it was destroyed or unmapped.
 * Every other error is counted as a problem. */
static bool expected(struct comp *c, const xcb_generic_error_t *e)
{
	switch (e->error_code) {
	case XCB_WINDOW:
	case XCB_DRAWABLE:
	case XCB_PIXMAP:
		return !live(c, e->resource_id);
	case XCB_MATCH: /* copying from or naming the pixmap of a window just unmapped */
		return e->major_code == XCB_COPY_AREA || e->major_code == XCB_GET_IMAGE ||
		       e->major_code == c->dpy.ext.composite_opcode;
	default:
		return e->error_code == c->dpy.ext.damage_error && !live(c, e->resource_id);
	}
}

static void count_error(struct comp *c, const xcb_generic_error_t *e)
{
	bool known = expected(c, e);

	/* A reply window that does not exist (any more): its waits go. */
	if (e->error_code == XCB_WINDOW &&
	        (e->major_code == XCB_SEND_EVENT || e->major_code == XCB_CHANGE_WINDOW_ATTRIBUTES))
		control_window_gone(&c->control, e->resource_id);
	if (known)
		c->dpy.x_errors_expected++;
	else
		c->dpy.x_errors++;
	/* show-all-xerrors: every one, where the log shows warnings */
	comp_log(&c->log,
	        c->config.show_all_xerrors ? COMP_LOG_WARN
	        : known                    ? COMP_LOG_DEBUG
	                                   : COMP_LOG_INFO,
	        "X error %u (request %u.%u, resource 0x%x)%s", e->error_code, e->major_code,
	        e->minor_code, e->resource_id, known ? ", expected: the window is gone" : "");
}

/* The event says a size; the root's geometry is the truth. */
static void screen_changed(struct comp *c, const xcb_randr_screen_change_notify_event_t *ev)
{
	struct display *d = &c->dpy;
	xcb_get_geometry_reply_t *g;

	if (ev->root != d->root)
		return;
	g = xcb_get_geometry_reply(d->conn, xcb_get_geometry(d->conn, d->root), NULL);
	if (g && g->width > 0 && g->height > 0 &&
	        (g->width != c->damage.width || g->height != c->damage.height)) {
		comp_log(&c->log, COMP_LOG_INFO, "screen resized to %ux%u", g->width, g->height);
		present_resize(&c->present, g->width, g->height);
		damage_resize(&c->damage, g->width, g->height);
		c->bg.width = g->width;
		c->bg.height = g->height;
		background_forget_own(&c->bg);
		if (!windows_any_oversized(&c->windows))
			background_probe_start(&c->bg); /* a buffer of the new size */
	}
	free(g);
}

static void root_property(struct comp *c, const xcb_property_notify_event_t *ev)
{
	if (background_is_property(&c->bg, ev->atom)) {
		background_update(&c->bg);
		damage_add_all(&c->damage);
	} else if (ev->atom == c->dpy.atoms.net_active_window) {
		effects_focus_update(&c->effects);
	}
}

static void selection_clear(struct comp *c, const xcb_selection_clear_event_t *ev)
{
	if (ev->selection != c->dpy.atoms.cm_selection)
		return;
	comp_log(&c->log, COMP_LOG_INFO, "another compositing manager took over");
	c->quit = true;
}

/* Events no window part takes. */
static void other_event(struct comp *c, xcb_generic_event_t *ev, uint8_t type)
{
	switch (type) {
	case XCB_CLIENT_MESSAGE:
		control_request(c, (void *)ev);
		break;
	case XCB_SELECTION_CLEAR:
	case XCB_SELECTION_REQUEST:
		if (xsettings_handle_event(&c->xsettings, ev)) {
			if (c->xsettings.state == XSETTINGS_GIVEN_UP)
				comp_log(&c->log, COMP_LOG_WARN,
				        "another XSETTINGS manager (window 0x%x) took over: "
				        "--test-profile's settings no longer hold",
				        c->xsettings.taken_by);
		} else if (type == XCB_SELECTION_CLEAR) {
			selection_clear(c, (void *)ev);
		}
		break;
	case XCB_EXPOSE:
		if (((xcb_expose_event_t *)ev)->window == c->cm.overlay)
			damage_add_all(&c->damage);
		break;
	case XCB_FOCUS_IN:
	case XCB_FOCUS_OUT:
		effects_focus_update(&c->effects);
		break;
	default:
		break;
	}
}

void dispatch_event(struct comp *c, xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;
	int action;

	if (type == 0) {
		count_error(c, (void *)ev);
		return;
	}
	/* Any client can send any event to the root: only the control
	 * protocol's ClientMessages may come that way. */
	if ((ev->response_type & 0x80) && type != XCB_CLIENT_MESSAGE)
		return;
	if (input_handle_event(&c->input, ev, clock_real_ms()))
		return;
	if (c->keys && (action = keys_handle_event(c->keys, ev)) >= 0) {
		c->action(c, (enum config_action)action);
		return;
	}
	if (c->dpy.ext.randr && type == c->dpy.ext.randr_event + XCB_RANDR_SCREEN_CHANGE_NOTIFY) {
		screen_changed(c, (void *)ev);
		return;
	}
	if (type == XCB_PROPERTY_NOTIFY &&
	        ((xcb_property_notify_event_t *)ev)->window == c->dpy.root) {
		root_property(c, (void *)ev);
		return;
	}
	if (type == XCB_DESTROY_NOTIFY)
		control_window_gone(&c->control, ((xcb_destroy_notify_event_t *)ev)->window);
	if (!windows_handle_event(&c->windows, ev))
		other_event(c, ev, type);
}

/* A probe of the root background has come back: a change is damage; else the
 * waits that waited for it are answered (a later probe does not hold them).
 * True when it came. */
static bool probe_done(struct comp *c)
{
	bool changed;

	if (!background_probing(&c->bg) || !background_probe_done(&c->bg, false, &changed))
		return false;
	if (changed)
		damage_add_all(&c->damage);
	else if (!damage_pending(&c->damage))
		control_nothing_to_present(c);
	return true;
}

/* Every event `next` gives (xcb_poll_for_event reads the socket when its queue
 * is empty, xcb_poll_for_queued_event never does); *news when one of them was
 * not damage the last frame shows already. True when there was any. */
static bool handle(struct comp *c, xcb_generic_event_t *(*next)(xcb_connection_t *), bool *news)
{
	xcb_generic_event_t *ev;
	bool any = false;

	while ((ev = next(c->dpy.conn))) {
		uint64_t shown = c->windows.shown_events;
		dispatch_event(c, ev);
		free(ev);
		*news |= c->windows.shown_events == shown;
		any = true;
	}
	return any;
}

/* poll() sees the socket, not what libxcb has already read into memory: every
 * event read so far is handled before the caller sleeps. With `read`, the
 * socket is read, and each event handled as it comes, until a read finds
 * nothing; without, only what is already in memory is handled. Replies and
 * the background probe may read it too, so the queue is looked at after
 * them. A wake-up used to read the socket 7 times, 5 of them for nothing.
 * (The main loop reads again after each frame: without that read, or reading
 * one event per round with the replies looked at in between, a flood of
 * control requests piled up in libxcb's memory under load: stress-flood grew
 * by 9 to 130 MiB in some runs.) Present's events come on a connection of their
 * own (compositor/present.c). */
bool dispatch_drain(struct comp *c, bool read)
{
	bool news = false;

	for (;;) {
		bool more = read && handle(c, xcb_poll_for_event, &news);
		read = false; /* a read found nothing: poll() watches the socket now */
		/* What a reply or the probe brings (damage) counts as news like an
		 * event: the caller paints before it sleeps in poll(), where
		 * nothing else may come for long. */
		bool replies = windows_collect_replies(&c->windows);
		replies |= probe_done(c);
		news |= replies;
		more |= replies;
		more |= handle(c, xcb_poll_for_queued_event, &news);
		if (!more)
			return news;
	}
}
