/* Event routing. */
#include <stdlib.h>
#include <xcb/randr.h>

#include "compositor/comp.h"
#include "compositor/dispatch.h"
#include "compositor/keys.h"

static void count_error(struct comp *c, const xcb_generic_error_t *e)
{
	/* A reply window that does not exist (any more): its waits go. */
	if (e->error_code == XCB_WINDOW && (e->major_code == XCB_SEND_EVENT ||
		e->major_code == XCB_CHANGE_WINDOW_ATTRIBUTES))
		control_window_gone(&c->control, e->resource_id);
	/* Errors that follow a window's destruction are expected races. */
	c->dpy.x_errors++;
	comp_log(&c->log, COMP_LOG_DEBUG, "X error %u (request %u.%u, resource 0x%x) ignored",
		e->error_code, e->major_code, e->minor_code, e->resource_id);
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
		selection_clear(c, (void *)ev);
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

static bool handle_queued(struct comp *c, xcb_generic_event_t *(*next)(xcb_connection_t *))
{
	xcb_generic_event_t *ev;
	bool any = false;

	while ((ev = next(c->dpy.conn))) {
		dispatch_event(c, ev);
		free(ev);
		any = true;
	}
	return any;
}

/* xcb_poll_for_special_event reads the socket when its own queue is empty
 * (libxcb 1.15), which can leave ordinary events queued where poll() on the
 * fd would never see them: hence the last look at the queue alone. */
bool dispatch_drain(struct comp *c)
{
	bool any = false;

	for (;;) {
		bool more = handle_queued(c, xcb_poll_for_event);
		xcb_generic_event_t *ev;
		while ((ev = xcb_poll_for_special_event(c->dpy.conn, c->present.queue))) {
			present_handle_event(&c->present, ev);
			free(ev);
			more = true;
		}
		windows_collect_replies(&c->windows); /* may read the socket too */
		more |= handle_queued(c, xcb_poll_for_queued_event);
		if (!more)
			return any;
		any = true;
	}
}
