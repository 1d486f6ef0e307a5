/* Per-window state on top of wintrack: the damage object, the named window
 * pixmap, the SHM mirror of its pixels, its bounding shape and opacity; what
 * each X event changes; and the per-frame fetch of damaged pixels (one round
 * trip for all windows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/damage.h>
#include <xcb/shape.h>
#include <xcb/xcbext.h> /* xcb_poll_for_reply */

#include "compositor/clock.h"
#include "compositor/props.h"
#include "compositor/windows.h"

#define MAX_TREE_DEPTH 16
#define ROOT_MASK                                                                                  \
	(XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY | XCB_EVENT_MASK_STRUCTURE_NOTIFY |                    \
	        XCB_EVENT_MASK_PROPERTY_CHANGE | XCB_EVENT_MASK_FOCUS_CHANGE)
#define TOPLEVEL_MASK (XCB_EVENT_MASK_PROPERTY_CHANGE | XCB_EVENT_MASK_FOCUS_CHANGE)
#define CLIENT_MASK XCB_EVENT_MASK_PROPERTY_CHANGE
/* A window that has not drawn for FETCH_STILL_MS is fetched FETCH_MARGIN px around what a
 * frame needs of it (send_fetch). */
#define FETCH_MARGIN 64
#define FETCH_STILL_MS 1000
/* In a DamageNotify's level: more events of the same report follow (damageproto). */
#define DAMAGE_NOTIFY_MORE 0x80

static void mark_dirty(struct windows *ws, struct win *w)
{
	if (list_empty(&w->dirty_link))
		list_insert(ws->dirty.prev, &w->dirty_link);
}

/* The window's looks from the hooks' owner; plain when there is none. */
static void look(const struct windows *ws, const struct win *w, struct render_window *rw)
{
	rw->opacity = w->has_opacity ? w->opacity : RENDER_OPACITY_OPAQUE;
	if (ws->hooks.look)
		ws->hooks.look(ws->hooks.data, w, rw);
}

static uint32_t mode(const struct windows *ws, const struct win *w)
{
	return ws->hooks.mode ? ws->hooks.mode(ws->hooks.data, w) : 0;
}

/* Within its body the screen shows exactly the window's pixmap: an opaque window of the
 * screen's depth with no effect on its own pixels. A shadow is allowed: it is cut out under
 * an opaque body (render.h, full_shadow) and only shows around it. So are rounded corners:
 * what the renderer rounds lies in the squares at the corners, which body_boxes leaves out. */
static bool direct_body(const struct windows *ws, const struct win *w)
{
	struct render_window rw = {.argb = w->node->depth == 32};

	look(ws, w, &rw);
	return !rw.argb && rw.dim <= 0 && rw.opacity == RENDER_OPACITY_OPAQUE && !rw.anim &&
	       !rw.invert && !rw.transparent_clipping && !render_window_blurred(ws->fx, &rw) &&
	       !(mode(ws, w) & WIN_MODE_NO_DIRECT) && !w->closing;
}

static bool animated(const struct windows *ws, const struct win *w)
{
	struct render_window rw = {0};

	look(ws, w, &rw);
	return rw.anim != NULL;
}

/* What the window paints at `r`: its rectangle, grown by its shadow (or where an
 * animation draws it). */
static void extents(const struct windows *ws, const struct win *w, const struct wintrack_rect *r,
        pixman_box32_t *out)
{
	struct render_window rw = {.x = r->x, .y = r->y, .width = r->width, .height = r->height};

	look(ws, w, &rw);
	render_anim_extents(&rw, ws->fx, out); /* render_window_extents unless animated */
}

/* The next frame shows a change of `w`. */
static void due(const struct windows *ws, struct win *w)
{
	w->frame_due = (ws->presented ? *ws->presented : 0) + 1;
}

static void damage_area(struct windows *ws, struct win *w, const struct wintrack_rect *r)
{
	pixman_box32_t e;

	if (w)
		due(ws, w);
	if (!w || w->ignored) {
		damage_add_rect(ws->damage, r->x, r->y, r->width, r->height);
		return;
	}
	extents(ws, w, r, &e);
	damage_add_box(ws->damage, &e);
}

void windows_damage_win(struct windows *ws, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);

	damage_area(ws, w, &r);
}

static void drop_pixmap(struct windows *ws, struct win *w)
{
	if (w->pixmap != XCB_NONE) {
		xcb_free_pixmap(ws->dpy->conn, w->pixmap);
		w->pixmap = XCB_NONE;
	}
}

static void drop_view(struct win *w)
{
	if (w->view)
		pixman_image_unref(w->view);
	w->view = NULL;
}

static void drop_mirror(struct windows *ws, struct win *w)
{
	drop_view(w);
	ws->nmirrors -= w->mirror != NULL;
	shm_buffer_release(ws->shm, w->mirror);
	w->mirror = NULL;
	w->mirror_valid = false;
}

static void discard_replies(struct windows *ws, struct win *w);
static bool send_fetch(struct windows *ws, struct win *w, const pixman_region32_t *need);

/* Releases in reverse order of acquisition; called by wintrack before it
 * frees the entry. */
static void win_release(struct wintrack_entry *node, void *data)
{
	struct windows *ws = data;
	struct win *w = node->user;

	if (!w)
		return;
	if (ws->hooks.forget)
		ws->hooks.forget(ws->hooks.data, w);
	discard_replies(ws, w);
	winprops_finish(&w->props);
	list_remove(&w->dirty_link);
	pixman_region32_fini(&w->view_shape);
	pixman_region32_fini(&w->shape);
	pixman_region32_fini(&w->fetch);
	drop_mirror(ws, w);
	drop_pixmap(ws, w);
	/* A destroyed window's Damage objects went with it. */
	if (w->damage != XCB_NONE && !w->destroyed)
		xcb_damage_destroy(ws->dpy->conn, w->damage);
	free(w);
	node->user = NULL;
}

/* Replies asked for and not read yet — a new window's attributes and
 * geometry, a window's opacity — are read when they are there
 * (windows_collect_replies), never waited for in the middle of the event
 * stream: a round trip there makes libxcb read every event queued behind its
 * reply into memory first (a flood of them, under a hostile client). Only a
 * window that must be drawn now (mapped, resized) has its replies waited for. */
static void mark_pending(struct windows *ws, struct win *w)
{
	if (list_empty(&w->pending_link))
		list_insert(ws->pending.prev, &w->pending_link);
}

static void ask_opacity(struct windows *ws, struct win *w)
{
	xcb_connection_t *conn = ws->dpy->conn;

	if (w->opacity_pending)
		xcb_discard_reply(conn, w->opacity_ck.sequence);
	/* two items asked: a property with more than one is refused */
	w->opacity_ck = xcb_get_property(
	        conn, 0, w->node->id, ws->dpy->atoms.opacity, XCB_ATOM_CARDINAL, 0, 2);
	w->opacity_pending = true;
	mark_pending(ws, w);
}

static void take_opacity(struct windows *ws, struct win *w, xcb_get_property_reply_t *r)
{
	uint32_t before = w->has_opacity ? w->opacity : RENDER_OPACITY_OPAQUE;
	struct prop_value v;

	w->opacity_pending = false;
	props_from_reply(r, &v);
	w->has_opacity = props_opacity(&v, &w->opacity);
	if (!w->has_opacity)
		w->opacity = RENDER_OPACITY_OPAQUE;
	free(r);
	if (w->opacity != before && ws->hooks.changed)
		ws->hooks.changed(ws->hooks.data, w);
}

/* Depth, visual and class come from requests: no event carries them. */
static void ask_attributes(struct windows *ws, struct win *w)
{
	xcb_connection_t *conn = ws->dpy->conn;

	w->attr_ck = xcb_get_window_attributes(conn, w->node->id);
	w->geom_ck = xcb_get_geometry(conn, w->node->id);
	w->attrs_pending = true;
	mark_pending(ws, w);
}

/* Subscribes to what a window that is composited will tell us. */
static void win_watch(struct windows *ws, struct win *w)
{
	uint32_t mask = TOPLEVEL_MASK;

	xcb_change_window_attributes(ws->dpy->conn, w->node->id, XCB_CW_EVENT_MASK, &mask);
	xcb_shape_select_input(ws->dpy->conn, w->node->id, 1);
	w->shape_dirty = true;
	ask_opacity(ws, w);
}

/* Not composited. Its Damage object is left alone: DamageCreate fails on an
 * InputOnly window, and one that is gone took its Damage with it. */
static void win_ignore(struct win *w)
{
	w->ignored = true;
	w->damage = XCB_NONE;
}

static void take_attributes(struct windows *ws, struct win *w, xcb_get_window_attributes_reply_t *a,
        xcb_get_geometry_reply_t *g)
{
	struct wintrack_entry *node = w->node;

	w->attrs_pending = false;
	if (w->damage_check_pending) { /* answered: a later request's reply is in */
		xcb_generic_error_t *e = xcb_request_check(ws->dpy->conn, w->damage_ck);
		if (e)
			w->damage = XCB_NONE;
		free(e);
		w->damage_check_pending = false;
	}
	if (a && g) {
		node->visual = a->visual;
		node->input_only = a->_class == XCB_WINDOW_CLASS_INPUT_ONLY;
		node->depth = g->depth;
		/* a ConfigureNotify newer than the reply may have told it already */
		if (!node->geometry_known) {
			struct wintrack_geom geom = {
			        g->x, g->y, g->width, g->height, g->border_width};
			struct wintrack_change change;
			wintrack_set_geometry(node, &geom, &change);
		}
	}
	if (!a || !g || node->input_only)
		win_ignore(w); /* InputOnly, or already gone: its DestroyNotify follows */
	else
		win_watch(ws, w);
	free(a);
	free(g);
}

/* A watched property asked again after a PropertyNotify; its owner is told when
 * the value differs. */
static bool take_props(struct windows *ws, struct win *w, bool wait)
{
	bool changed = false;

	if (!winprops_take(&w->props, ws->dpy, ws->names, wait, &changed))
		return false;
	w->props_pending = false;
	if (changed && ws->hooks.changed)
		ws->hooks.changed(ws->hooks.data, w);
	return true;
}

/* Reads what has come for `w`; with `wait`, waits for it. False when a reply
 * is still out (only without `wait`); *took is set when one was read. */
static bool take_replies(struct windows *ws, struct win *w, bool wait, bool *took)
{
	xcb_connection_t *conn = ws->dpy->conn;
	void *r = NULL;
	xcb_generic_error_t *e = NULL;

	if (w->attrs_pending) {
		/* replies come in order: the geometry's is the later one */
		if (!wait && !xcb_poll_for_reply(conn, w->geom_ck.sequence, &r, &e))
			return false;
		xcb_get_window_attributes_reply_t *a =
		        xcb_get_window_attributes_reply(conn, w->attr_ck, NULL);
		xcb_get_geometry_reply_t *g =
		        wait ? xcb_get_geometry_reply(conn, w->geom_ck, NULL) : r;
		free(e);
		e = NULL;
		take_attributes(ws, w, display_reply(ws->dpy, a), display_reply(ws->dpy, g));
		*took = true;
	}
	if (w->opacity_pending) {
		r = NULL;
		if (!wait && !xcb_poll_for_reply(conn, w->opacity_ck.sequence, &r, &e))
			return false;
		if (wait)
			r = xcb_get_property_reply(conn, w->opacity_ck, NULL);
		free(e);
		take_opacity(ws, w, display_reply(ws->dpy, r));
		*took = true;
	}
	if (w->props_pending) {
		if (!take_props(ws, w, wait))
			return false;
		*took = true;
	}
	list_remove(&w->pending_link);
	return true;
}

bool windows_collect_replies(struct windows *ws)
{
	bool took = false;

	while (!list_empty(&ws->pending)) {
		struct win *w = list_entry(ws->pending.next, struct win, pending_link);
		if (!take_replies(ws, w, false, &took))
			break;
	}
	return took;
}

/* A window freed before its replies came: they are not wanted. */
static void discard_replies(struct windows *ws, struct win *w)
{
	xcb_connection_t *conn = ws->dpy->conn;

	if (w->attrs_pending) {
		xcb_discard_reply(conn, w->attr_ck.sequence);
		xcb_discard_reply(conn, w->geom_ck.sequence);
	}
	if (w->damage_check_pending)
		xcb_discard_reply(conn, w->damage_ck.sequence);
	w->damage_check_pending = false;
	if (w->opacity_pending)
		xcb_discard_reply(conn, w->opacity_ck.sequence);
	winprops_discard(&w->props, conn);
	w->attrs_pending = w->opacity_pending = w->props_pending = false;
	list_remove(&w->pending_link);
}

static struct win *win_create(struct windows *ws, struct wintrack_entry *node)
{
	struct win *w = fault_calloc(ws->dpy->fault, 1, sizeof *w);

	if (!w)
		return NULL;
	w->node = node;
	w->opacity = RENDER_OPACITY_OPAQUE;
	pixman_region32_init(&w->fetch);
	pixman_region32_init(&w->shape);
	pixman_region32_init(&w->view_shape);
	list_init(&w->dirty_link);
	list_init(&w->pending_link);
	list_init(&w->fx.anim_link);
	w->fx.fade = (struct render_fade){.value = 1.0, .target = 1.0};
	w->fx.target = 1.0;
	node->user = w;
	if (node->id == ws->overlay || node->id == ws->own)
		w->ignored = true;
	return w;
}

/* The Damage object comes first, before the attributes are known: a client's
 * first frame drawn before it exists would go unseen (settled waits count
 * frames). RawRectangles: every drawing is reported, also over an area
 * already damaged. Checked when the class is not known yet: on an InputOnly
 * window it fails, and the error is read (without a round trip) once the
 * attributes' reply is there, instead of landing among the X errors. */
static void start_damage(struct windows *ws, struct win *w, bool checked)
{
	xcb_connection_t *conn = ws->dpy->conn;
	xcb_window_t id = w->node->id;
	uint8_t level = XCB_DAMAGE_REPORT_LEVEL_RAW_RECTANGLES;

	w->damage = xcb_generate_id(conn);
	if (checked) {
		w->damage_ck = xcb_damage_create_checked(conn, w->damage, id, level);
		w->damage_seq = w->damage_ck.sequence;
		w->damage_check_pending = true;
	} else {
		w->damage_seq = xcb_damage_create(conn, w->damage, id, level).sequence;
	}
}

static struct win *win_added(struct windows *ws, struct wintrack_entry *node)
{
	struct win *w = win_create(ws, node);

	if (!w || w->ignored)
		return w;
	w->created_ms = clock_real_ms();
	start_damage(ws, w, true);
	ask_attributes(ws, w);
	return w;
}

static void fetch_all(struct windows *ws, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);

	pixman_region32_fini(&w->fetch);
	pixman_region32_init_rect(&w->fetch, 0, 0, r.width, r.height);
	mark_dirty(ws, w);
}

/* A mapped window's pixmap and mirror, for its current size. */
static void win_bind(struct windows *ws, struct win *w)
{
	struct wintrack_rect r;

	bool took = false;

	if (!list_empty(&w->pending_link))
		take_replies(ws, w, true, &took);
	if (w->ignored || !w->node->mapped)
		return;
	r = wintrack_outer_rect(w->node);
	drop_pixmap(ws, w);
	w->pixmap = xcb_generate_id(ws->dpy->conn);
	xcb_composite_name_window_pixmap(ws->dpy->conn, w->node->id, w->pixmap);
	/* the mirror comes when a frame first needs the pixels (send_fetch) */
	if (w->mirror && (shm_buffer_width(w->mirror) != r.width ||
	                         shm_buffer_height(w->mirror) != r.height))
		drop_mirror(ws, w);
	w->mirror_valid = false;
	w->painted = w->shown = false;
	w->map_bursts = 0;
	w->met_mapped_ms = 0;
	w->bound_ms = clock_real_ms();
	memset(&w->start, 0, sizeof w->start);
	w->shape_dirty = true;
	fetch_all(ws, w);
}

static void win_unbind(struct windows *ws, struct win *w)
{
	drop_pixmap(ws, w);
	drop_mirror(ws, w);
	pixman_region32_clear(&w->fetch);
}

void windows_finish_close(struct windows *ws, struct win *w)
{
	windows_damage_win(ws, w);
	w->closing = false;
	if (w->zombie) {
		wintrack_remove(ws->wt, w->node->id); /* frees w */
		return;
	}
	win_unbind(ws, w);
}

static void apply_change(struct windows *ws, const struct wintrack_change *ch)
{
	struct win *w = win_of(ch->win);

	if (ch->flags & WINTRACK_ADDED && ch->win)
		w = win_added(ws, ch->win);
	if (ch->old_mapped)
		damage_area(ws, w, &ch->old_rect);
	if (ch->new_mapped)
		damage_area(ws, w, &ch->new_rect);
	if (!w || ch->flags & WINTRACK_REMOVED || w->ignored)
		return;
	if (ch->old_mapped && ch->new_mapped && ch->flags & (WINTRACK_MOVED | WINTRACK_RESIZED) &&
	        ws->hooks.moved)
		ws->hooks.moved(ws->hooks.data, w, &ch->old_rect);
	if (ch->flags & WINTRACK_MAPPED) {
		win_bind(ws, w);
		w->closing = false;
		w->client_known = false;
		if (ws->hooks.mapped)
			ws->hooks.mapped(ws->hooks.data, w);
	} else if (ch->flags & WINTRACK_UNMAPPED) {
		w->closing = ws->hooks.unmapped && ws->hooks.unmapped(ws->hooks.data, w);
		/* a closing window is drawn from its mirror alone: what it lacks (all of
		 * it when bodies were served) is copied now, before the pixmap goes */
		if (w->closing && w->pixmap != XCB_NONE && pixman_region32_not_empty(&w->fetch))
			ws->fetched_early |= send_fetch(ws, w, NULL);
		drop_pixmap(ws, w);
		if (!w->closing)
			win_unbind(ws, w);
	} else if (ch->flags & WINTRACK_RESIZED && w->node->mapped) {
		win_bind(ws, w);
	}
}

/* Damage of `w` (outer rectangle r) sent by the server after it had run request `seq`,
 * which the last frame may show already: the window is where that frame presented it from
 * its pixmap, after the damage (windows_shown_direct). */
static bool shown_applies(
        const struct windows *ws, const struct win *w, const struct wintrack_rect *r, uint32_t seq)
{
	return ws->shown.on && (int32_t)(seq - ws->shown.seq) < 0 && w->pixmap != XCB_NONE &&
	       w->pixmap == ws->shown.pixmap && r->x == ws->shown.x && r->y == ws->shown.y;
}

/* Damages what of `screen` the last frame did not present from the window's pixmap (a
 * rounded window's corners); true when that is nothing. */
static bool add_unshown(struct windows *ws, const pixman_box32_t *screen)
{
	pixman_region32_t rest;
	int n = 0;

	pixman_region32_init_rect(&rest, screen->x1, screen->y1,
	        (unsigned)(screen->x2 - screen->x1), (unsigned)(screen->y2 - screen->y1));
	if (!pixman_region32_subtract(&rest, &rest, &ws->shown.region)) {
		damage_add_box(ws->damage, screen); /* out of memory: all of it */
		n = 1;
	} else {
		const pixman_box32_t *b = pixman_region32_rectangles(&rest, &n);
		for (int i = 0; i < n; i++)
			damage_add_box(ws->damage, &b[i]);
	}
	pixman_region32_fini(&rest);
	return n == 0;
}

/* A redirected window that moves keeps its pixmap, and its pixels; the server still
 * reports the part of it that was on screen at its old place as damaged, at its new
 * place (compCopyWindow), right after the ConfigureNotify and with its sequence number.
 * Where that is all of it (it was wholly on screen), a single DamageNotify of its whole
 * outer rectangle is that report: nothing to fetch and nothing to paint (the move itself
 * damaged the screen at both places). Anything else, or a later event, is damage. */
static void expect_move_report(struct windows *ws, const struct wintrack_change *ch, uint32_t seq)
{
	struct win *w = win_of(ch->win);

	if (!w)
		return;
	w->move_report = ch->flags & WINTRACK_MOVED && !(ch->flags & WINTRACK_RESIZED) &&
	                 ch->old_mapped && ch->new_mapped && !animated(ws, w) &&
	                 ch->old_rect.x >= 0 && ch->old_rect.y >= 0 &&
	                 (int64_t)ch->old_rect.x + ch->old_rect.width <= ws->damage->width &&
	                 (int64_t)ch->old_rect.y + ch->old_rect.height <= ws->damage->height;
	w->move_seq = seq;
}

static bool is_move_report(struct windows *ws, struct win *w, const xcb_damage_notify_event_t *ev,
        uint32_t seq, const struct wintrack_rect *r, int32_t bw)
{
	bool is = w->move_report && seq == w->move_seq && !(ev->level & DAMAGE_NOTIFY_MORE) &&
	          ev->area.x == -bw && ev->area.y == -bw && ev->area.width == r->width &&
	          ev->area.height == r->height && !animated(ws, w);

	w->move_report = false; /* the first event after the move is the report, or there is none */
	return is;
}

static void damage_notify(struct windows *ws, const xcb_damage_notify_event_t *ev)
{
	struct win *w = windows_find(ws, ev->drawable);
	struct wintrack_rect r;
	int32_t bw;

	/* xcb stores the widened sequence after every event's 32 bytes */
	uint32_t seq = ((const xcb_generic_event_t *)(const void *)ev)->full_sequence;

	if (!w || w->ignored || (ws->bg && background_probe_damage(ws->bg, seq)))
		return;
	w->damaged = true;
	mark_dirty(ws, w);
	if (!w->node->mapped)
		return;
	/* DamageCreate on a window already mapped reports all of it at once:
	 * that is not the client drawing (the request sent right after it, a
	 * GetProperty, moves the sequence on before any other damage); such a
	 * window counts as drawn after a grace period. The background the server
	 * paints at the map cannot be told from the client's first drawing (both
	 * may come with the sequence of the MapNotify): it is a first burst, and
	 * the first quiet period and the client's child processes hold it. */
	if (seq != w->damage_seq) {
		uint64_t now = clock_real_ms();
		if (!w->painted || now - w->last_draw_ms > WIN_BURST_GAP_MS)
			w->map_bursts++;
		w->painted = true;
		w->last_draw_ms = now;
	} else if (!w->painted && !w->met_mapped_ms) {
		w->met_mapped_ms = clock_real_ms();
	}
	r = wintrack_outer_rect(w->node);
	bw = w->node->geom.border_width;
	if (is_move_report(ws, w, ev, seq, &r, bw)) {
		ws->move_reports++;
		ws->shown_events++; /* nothing to show: no frame for it */
		return;
	}
	pixman_box32_t screen = {r.x + ev->area.x + bw, r.y + ev->area.y + bw,
	        r.x + ev->area.x + bw + ev->area.width, r.y + ev->area.y + bw + ev->area.height};
	bool direct = !animated(ws, w) && shown_applies(ws, w, &r, seq);
	if (!direct || !add_unshown(ws, &screen)) {
		due(ws, w);
	} else {
		ws->shown_events++;
		if (ws->presented && w->frame_due < *ws->presented)
			w->frame_due = *ws->presented; /* on screen once that frame completes */
	}
	pixman_region32_union_rect(&w->fetch, &w->fetch, ev->area.x + bw, ev->area.y + bw,
	        ev->area.width, ev->area.height);
	pixman_region32_intersect_rect(&w->fetch, &w->fetch, 0, 0, r.width, r.height);
	if (animated(ws, w)) /* drawn moved, scaled or blended: all of it */
		windows_damage_win(ws, w);
	else if (!direct)
		damage_add_rect(ws->damage, r.x + ev->area.x + bw, r.y + ev->area.y + bw,
		        ev->area.width, ev->area.height);
}

void windows_shown_direct(struct windows *ws, xcb_pixmap_t pixmap, int32_t x, int32_t y,
        const pixman_region32_t *part, uint32_t seq)
{
	ws->shown.on = pixman_region32_copy(&ws->shown.region, (pixman_region32_t *)part);
	ws->shown.pixmap = pixmap;
	ws->shown.x = x;
	ws->shown.y = y;
	ws->shown.seq = seq;
}

void windows_shown_done(struct windows *ws)
{
	ws->shown.on = false;
}

static void shape_notify(struct windows *ws, const xcb_shape_notify_event_t *ev)
{
	struct win *w = windows_find(ws, ev->affected_window);

	if (!w || w->ignored || ev->shape_kind != XCB_SHAPE_SK_BOUNDING)
		return;
	w->shape_dirty = true;
	mark_dirty(ws, w);
	if (w->node->mapped)
		windows_damage_win(ws, w);
}

struct win *windows_find(const struct windows *ws, xcb_window_t id)
{
	return win_of(wintrack_find(ws->wt, id));
}

struct win *windows_by_client(const struct windows *ws, xcb_window_t id)
{
	struct wintrack_entry *node;

	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (w && w->client_known && w->client.id == id)
			return w;
	}
	return NULL;
}

xcb_window_t windows_toplevel_of(struct windows *ws, xcb_window_t id)
{
	for (int depth = 0; id != XCB_NONE && depth < MAX_TREE_DEPTH; depth++) {
		if (wintrack_find(ws->wt, id))
			return id;
		xcb_query_tree_reply_t *t =
		        display_reply(ws->dpy, xcb_query_tree_reply(ws->dpy->conn,
		                                       xcb_query_tree(ws->dpy->conn, id), NULL));
		if (!t)
			return XCB_NONE;
		xcb_window_t parent = t->parent;
		bool at_root = t->parent == t->root;
		free(t);
		if (at_root)
			return wintrack_find(ws->wt, id) ? id : XCB_NONE;
		id = parent;
	}
	return XCB_NONE;
}

uint32_t windows_selected_mask(const struct windows *ws, xcb_window_t id)
{
	struct win *w;

	if (id == ws->dpy->root)
		return ROOT_MASK;
	if (id == ws->overlay)
		return XCB_EVENT_MASK_EXPOSURE;
	if (id == ws->own)
		return XCB_EVENT_MASK_PROPERTY_CHANGE;
	if ((w = windows_find(ws, id)))
		return w->ignored ? 0
		                  : TOPLEVEL_MASK |
		                            (w->watches_frame ? XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY
		                                              : 0);
	return windows_by_client(ws, id) ? CLIENT_MASK : 0;
}

void windows_read_client(struct windows *ws, struct win *w)
{
	uint32_t mask = CLIENT_MASK;

	if (!w->node->mapped || w->client_known)
		return;
	client_read(ws->dpy, w->node->id, w->node->override_redirect, &w->client);
	w->client_known = true;
	if (w->client.id != w->node->id)
		xcb_change_window_attributes(ws->dpy->conn, w->client.id, XCB_CW_EVENT_MASK, &mask);
	/* A frame, or a window that may become one: a client reparented into it
	 * later is then seen (ReparentNotify with the frame as `event`). */
	if (!w->client.has_wm_state || w->client.id != w->node->id) {
		mask = TOPLEVEL_MASK | XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY;
		xcb_change_window_attributes(ws->dpy->conn, w->node->id, XCB_CW_EVENT_MASK, &mask);
		w->watches_frame = true;
	}
}

void windows_set_watch(struct windows *ws, const struct winprops_watch *watch, size_t n)
{
	struct wintrack_entry *node;

	ws->watch = watch;
	ws->nwatch = n;
	if (!ws->wt)
		return;
	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (w)
			w->props_known = false;
	}
}

void windows_read_props(struct windows *ws, struct win *w)
{
	xcb_window_t client = w->client_known ? w->client.id : w->node->id;

	if (w->ignored || (w->props_known && w->props_client == client && w->props.n == ws->nwatch))
		return;
	w->props_known =
	        winprops_ask(&w->props, ws->dpy, ws->watch, ws->nwatch, w->node->id, client, -1);
	winprops_take(&w->props, ws->dpy, ws->names, true, NULL);
	w->props_pending = false;
	w->props_client = client;
}

void windows_relook(struct windows *ws)
{
	struct wintrack_entry *node;

	if (!ws->reshaped)
		return;
	ws->reshaped = false;
	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || !w->reshaped)
			continue;
		w->reshaped = false;
		if (!w->ignored && ws->hooks.changed)
			ws->hooks.changed(ws->hooks.data, w);
	}
}

/* The toplevel's client may have changed: read it again (the hooks re-apply
 * the rules that read it). */
static void client_changed(struct windows *ws, struct win *w)
{
	if (!w || w->ignored || !w->client_known)
		return;
	w->client_known = false;
	if (ws->hooks.changed)
		ws->hooks.changed(ws->hooks.data, w);
}

/* A window moved into or out of a frame, or created in one; WM_STATE set on a
 * window below a toplevel: the toplevel's client is looked for again. */
static void frame_event(struct windows *ws, const xcb_generic_event_t *ev, uint8_t type)
{
	const uint32_t mask = CLIENT_MASK;

	if (type == XCB_REPARENT_NOTIFY) {
		const xcb_reparent_notify_event_t *r = (const void *)ev;
		if (r->event != ws->dpy->root) {
			client_changed(ws, windows_find(ws, r->event)); /* into or out of it */
		} else if (r->parent == ws->dpy->root) {
			client_changed(ws, windows_by_client(ws, r->window)); /* left a frame */
		} else {
			struct win *w = windows_find(ws, r->parent);
			client_changed(
			        ws, w ? w : windows_find(ws, windows_toplevel_of(ws, r->parent)));
		}
	} else if (type == XCB_CREATE_NOTIFY) {
		const xcb_create_notify_event_t *c = (const void *)ev;
		if (c->parent != ws->dpy->root) /* WM_STATE may come to it */
			xcb_change_window_attributes(
			        ws->dpy->conn, c->window, XCB_CW_EVENT_MASK, &mask);
	} else if (type == XCB_DESTROY_NOTIFY) {
		const xcb_destroy_notify_event_t *d = (const void *)ev;
		if (d->event != ws->dpy->root)
			client_changed(ws, windows_by_client(ws, d->window));
	}
}

static bool watched(const struct windows *ws, xcb_atom_t atom)
{
	for (size_t i = 0; i < ws->nwatch; i++)
		if (ws->watch[i].atom == atom)
			return true;
	return false;
}

/* A watched property of `w` (on `id`, its toplevel or client) changed: asked again, the
 * hooks are told when the value comes (windows_collect_replies). */
static void ask_props(struct windows *ws, struct win *w, xcb_window_t id, xcb_atom_t atom)
{
	xcb_window_t client = w->client_known ? w->client.id : w->node->id;

	if (!w->props_known)
		return; /* read in full when it is next looked at */
	for (size_t i = 0; i < ws->nwatch; i++) {
		const struct winprops_watch *x = &ws->watch[i];
		if (x->atom != atom || id != (x->client ? client : w->node->id))
			continue;
		winprops_ask(
		        &w->props, ws->dpy, ws->watch, ws->nwatch, w->node->id, client, (long)i);
		w->props_pending = true;
		mark_pending(ws, w);
	}
}

static void property_notify(struct windows *ws, const xcb_property_notify_event_t *ev)
{
	const struct display_atoms *a = &ws->dpy->atoms;
	bool opacity = ev->atom == a->opacity, info = client_atom_matters(ws->dpy, ev->atom);
	bool watch = watched(ws, ev->atom);
	struct win *w;

	if (!opacity && !info && !watch)
		return;
	if (watch && !info && !opacity) {
		w = windows_find(ws, ev->window);
		if (!w)
			w = windows_by_client(ws, ev->window);
		if (w && !w->ignored)
			ask_props(ws, w, ev->window, ev->atom);
		return;
	}
	w = windows_find(ws, ev->window);
	if (!w && (info || watch))
		w = windows_by_client(ws, ev->window);
	if (!w && ev->atom == a->wm_state) /* on a window below a toplevel */
		w = windows_find(ws, windows_toplevel_of(ws, ev->window));
	if (!w || w->ignored)
		return;
	if (watch)
		ask_props(ws, w, ev->window, ev->atom);
	if (opacity && w->node->id == ev->window)
		ask_opacity(ws, w); /* the hook is told when the value comes */
	if (!info)
		return;
	w->client_known = false;
	if (ws->hooks.changed)
		ws->hooks.changed(ws->hooks.data, w);
}

static void mark_destroyed(struct windows *ws, const xcb_destroy_notify_event_t *ev)
{
	struct win *w = ev->event == ws->dpy->root ? windows_find(ws, ev->window) : NULL;

	if (w)
		w->destroyed = true;
}

/* A destroyed window still closing stays (as a zombie) where it was in the
 * stack until windows_finish_close(). */
static bool keep_closing(struct windows *ws, const xcb_destroy_notify_event_t *ev)
{
	struct win *w;

	if (ev->event != ws->dpy->root)
		return false;
	w = windows_find(ws, ev->window);
	if (!w || !w->closing)
		return false;
	w->zombie = true;
	return true;
}

/* An XID reused by a new window ends the old one's time on screen. */
static void forget_zombie(struct windows *ws, xcb_window_t id)
{
	struct win *w = windows_find(ws, id);

	if (w && w->zombie)
		windows_finish_close(ws, w);
}

static bool track(struct windows *ws, const xcb_generic_event_t *ev)
{
	struct wintrack_change change;

	if (!wintrack_apply(ws->wt, ev, &change))
		comp_log(ws->log, COMP_LOG_WARN, "out of memory tracking a window");
	if (change.flags)
		apply_change(ws, &change);
	if ((ev->response_type & 0x7f) == XCB_CONFIGURE_NOTIFY)
		expect_move_report(ws, &change, ev->full_sequence);
	return true;
}

/* The background's probe window lives and dies under one server grab. */
static bool is_probe(const struct windows *ws, const xcb_generic_event_t *ev, uint8_t type)
{
	xcb_window_t id;

	if (!ws->bg || ws->bg->probe == XCB_NONE)
		return false;
	switch (type) {
	case XCB_CREATE_NOTIFY:
		id = ((const xcb_create_notify_event_t *)ev)->window;
		break;
	case XCB_MAP_NOTIFY:
		id = ((const xcb_map_notify_event_t *)ev)->window;
		break;
	case XCB_DESTROY_NOTIFY:
		id = ((const xcb_destroy_notify_event_t *)ev)->window;
		break;
	case XCB_UNMAP_NOTIFY:
		id = ((const xcb_unmap_notify_event_t *)ev)->window;
		break;
	default:
		return false;
	}
	return id == ws->bg->probe;
}

bool windows_handle_event(struct windows *ws, const xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;
	const struct display_ext *x = &ws->dpy->ext;

	if (is_probe(ws, ev, type))
		return true;
	if (type == x->damage_event + XCB_DAMAGE_NOTIFY) {
		damage_notify(ws, (const void *)ev);
		return true;
	}
	if (type == x->shape_event + XCB_SHAPE_NOTIFY) {
		shape_notify(ws, (const void *)ev);
		return true;
	}
	switch (type) {
	case XCB_PROPERTY_NOTIFY:
		property_notify(ws, (const void *)ev);
		return true;
	case XCB_DESTROY_NOTIFY:
		frame_event(ws, ev, type);
		mark_destroyed(ws, (const void *)ev);
		return keep_closing(ws, (const void *)ev) || track(ws, ev);
	case XCB_CREATE_NOTIFY:
		frame_event(ws, ev, type);
		forget_zombie(ws, ((const xcb_create_notify_event_t *)ev)->window);
		return track(ws, ev);
	case XCB_REPARENT_NOTIFY:
		frame_event(ws, ev, type);
		return track(ws, ev);
	case XCB_MAP_NOTIFY:
		return track(ws, ev);
	case XCB_UNMAP_NOTIFY:
	case XCB_CONFIGURE_NOTIFY:
	case XCB_CIRCULATE_NOTIFY:
	case XCB_GRAVITY_NOTIFY:
		return track(ws, ev);
	default:
		return false;
	}
}

static void query_shape(struct windows *ws, struct win *w)
{
	w->extents_cookie = xcb_shape_query_extents(ws->dpy->conn, w->node->id);
	w->shape_cookie =
	        xcb_shape_get_rectangles(ws->dpy->conn, w->node->id, XCB_SHAPE_SK_BOUNDING);
	w->shape_in_flight = true;
	w->shape_dirty = false;
}

/* A window's mirror, at its outer size: acquired when a frame first needs its
 * pixels in shmcomp's memory (see windows_serve_bodies for the frames that do not). */
static bool acquire_mirror(struct windows *ws, struct win *w, const struct wintrack_rect *r)
{
	w->mirror = shm_buffer_acquire(ws->shm, r->width, r->height, w->node->depth);
	w->mirror_valid = false;
	w->mirror_used_ms = ws->now_ms;
	ws->nmirrors += w->mirror != NULL;
	if (!w->mirror && !w->warned) {
		comp_log(ws->log, COMP_LOG_WARN,
		        "window 0x%x (%ux%u, depth %u) drawn without its contents: %s", w->node->id,
		        r->width, r->height, w->node->depth, shm_ctx_error(ws->shm));
		w->warned = true;
	}
	return w->mirror != NULL;
}

/* `need` grown by FETCH_MARGIN on every side, into `out`; false when out of memory. */
static bool grow_need(const pixman_region32_t *need, pixman_region32_t *out)
{
	int n = 0;
	const pixman_box32_t *b = pixman_region32_rectangles((pixman_region32_t *)need, &n);
	pixman_box32_t *g = malloc((size_t)(n > 0 ? n : 1) * sizeof *g);

	if (!g)
		return false;
	for (int i = 0; i < n; i++)
		g[i] = (pixman_box32_t){b[i].x1 - FETCH_MARGIN, b[i].y1 - FETCH_MARGIN,
		        b[i].x2 + FETCH_MARGIN, b[i].y2 + FETCH_MARGIN};
	pixman_region32_fini(out);
	bool ok = pixman_region32_init_rects(out, g, n);
	free(g);
	return ok;
}

/* The part of w's pending region that `screen` (screen coordinates) covers, into part. */
static void pending_in(const struct win *w, const struct wintrack_rect *r,
        const pixman_region32_t *screen, pixman_region32_t *part)
{
	pixman_region32_copy(part, (pixman_region32_t *)screen);
	pixman_region32_translate(part, -r->x, -r->y);
	pixman_region32_intersect(part, part, (pixman_region32_t *)&w->fetch);
}

/* Fetches the part of the pending region that `need` (screen coordinates; NULL:
 * all) covers; the rest stays pending until a frame needs it. When a frame needs some
 * of a window that has not drawn for a while (FETCH_STILL_MS), FETCH_MARGIN around
 * `need` comes too: what a moving shadow or window edge uncovers of it in the next
 * frames is then in its mirror already, without a round trip of their own. */
static bool send_fetch(struct windows *ws, struct win *w, const pixman_region32_t *need)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);
	pixman_region32_t part;
	int n = 0;

	pixman_region32_init(&part);
	if (!need) { /* all of it (an animated window is not where its pixels are) */
		pixman_region32_copy(&part, &w->fetch);
	} else {
		pending_in(w, &r, need, &part);
		pixman_region32_t grown;
		pixman_region32_init(&grown);
		if (pixman_region32_not_empty(&part) &&
		        !(w->painted && ws->now_ms < w->last_draw_ms + FETCH_STILL_MS) &&
		        grow_need(need, &grown))
			pending_in(w, &r, &grown, &part);
		pixman_region32_fini(&grown);
	}
	pixman_box32_t *boxes = pixman_region32_rectangles(&part, &n);
	if (n > 0 && !w->mirror && !acquire_mirror(ws, w, &r))
		n = 0;
	if (n > 0) {
		if (shm_buffer_fetch(ws->shm, w->mirror, w->pixmap, 0, 0, boxes, (size_t)n))
			w->mirror_valid = w->shown = true;
		w->landing = true;
		pixman_region32_subtract(&w->fetch, &w->fetch, &part);
		w->mirror_used_ms = ws->now_ms;
	}
	pixman_region32_fini(&part);
	return n > 0;
}

bool windows_damaged(const struct windows *ws)
{
	const struct list *pos;

	for (pos = ws->dirty.next; pos != &ws->dirty; pos = pos->next)
		if (list_entry(pos, struct win, dirty_link)->damaged)
			return true;
	return false;
}

void windows_subtract(struct windows *ws)
{
	struct list *pos, *tmp;

	/* The server accumulates each object's damage region: subtract every
	 * frame so that it stays small. */
	list_for_each_safe(pos, tmp, &ws->dirty)
	{
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->damaged) {
			xcb_damage_subtract(ws->dpy->conn, w->damage, XCB_NONE, XCB_NONE);
			w->damaged = false;
			if (w->painted)
				w->draws[w->ndraws++ % WIN_DRAWS] = (uint32_t)w->last_draw_ms;
		}
		if (!w->node->mapped)
			list_remove(&w->dirty_link); /* its shape is read again when mapped */
	}
}

uint32_t win_fps(const struct win *w, uint64_t now_ms)
{
	uint32_t n = w->ndraws < WIN_DRAWS ? w->ndraws : WIN_DRAWS, fps = 0;

	for (uint32_t i = 0; i < n; i++)
		fps += (uint32_t)now_ms - w->draws[i] < 1000u;
	return fps;
}

bool windows_any_oversized(const struct windows *ws)
{
	struct wintrack_entry *node;

	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct wintrack_rect r = wintrack_outer_rect(node);
		if (r.width > RENDER_MAX_SIDE || r.height > RENDER_MAX_SIDE)
			return true;
	}
	return false;
}

bool windows_evict_one(struct windows *ws)
{
	struct wintrack_entry *node;
	struct win *big = NULL;
	size_t most = 0;

	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || !w->mirror || w->closing)
			continue;
		size_t bytes = shm_buffer_stride(w->mirror) * shm_buffer_height(w->mirror);
		if (bytes > most) {
			most = bytes;
			big = w;
		}
	}
	if (!big)
		return false;
	comp_log(ws->log, COMP_LOG_WARN,
	        "window 0x%x drawn without its contents: its memory went to the screen's buffers",
	        big->node->id);
	drop_mirror(ws, big);
	big->mirror_lost = true;
	pixman_region32_clear(&big->fetch);
	mark_dirty(ws, big);
	return true;
}

/* A mirror given up for a back buffer is asked for again. */
static void regain_mirror(struct windows *ws, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->node);

	w->mirror = shm_buffer_acquire(ws->shm, r.width, r.height, w->node->depth);
	if (!w->mirror)
		return;
	w->mirror_used_ms = ws->now_ms;
	ws->nmirrors++;
	w->mirror_lost = false;
	w->mirror_valid = false;
	fetch_all(ws, w);
}

bool windows_fetch(struct windows *ws, const pixman_region32_t *need)
{
	struct list *pos, *tmp;
	bool round_trip = ws->fetched_early;

	ws->fetched_early = false;
	list_for_each_safe(pos, tmp, &ws->dirty)
	{
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->shape_dirty && w->node->mapped) {
			query_shape(ws, w);
			round_trip = true;
		}
		if (w->mirror_lost && w->node->mapped)
			regain_mirror(ws, w);
		if (w->node->mapped && !w->mirror_lost && w->pixmap != XCB_NONE &&
		        pixman_region32_not_empty(&w->fetch))
			round_trip |= send_fetch(ws, w, animated(ws, w) ? NULL : need);
	}
	return round_trip;
}

/* The radius the renderer rounds w's corners with at r's size; 0 when square. */
static uint32_t body_corner(
        const struct windows *ws, const struct win *w, const struct wintrack_rect *r)
{
	struct render_window rw = {
	        .width = r->width, .height = r->height, .argb = w->node->depth == 32};

	look(ws, w, &rw);
	return render_corner_radius(&rw);
}

/* The part of the rectangle r that is the window's own pixels, in at most three disjoint
 * boxes: all of it, or with corners rounded by c all but the c x c squares at the corners
 * (top strip, middle band, bottom strip). Returns how many boxes. */
static int body_boxes(const struct wintrack_rect *r, uint32_t c, pixman_box32_t out[3])
{
	int32_t x1 = r->x, y1 = r->y, k = (int32_t)c;
	int32_t x2 = (int32_t)((int64_t)r->x + r->width);
	int32_t y2 = (int32_t)((int64_t)r->y + r->height);
	pixman_box32_t all[3] = {{x1 + k, y1, x2 - k, y1 + k}, {x1, y1 + k, x2, y2 - k},
	        {x1 + k, y2 - k, x2 - k, y2}};
	int n = 0;

	if (!c) {
		out[0] = (pixman_box32_t){x1, y1, x2, y2};
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (all[i].x1 < all[i].x2 && all[i].y1 < all[i].y2)
			out[n++] = all[i];
	return n;
}

/* part = damage ∩ the window's body (a bounding shape may reach past the window,
 * set before a resize: what shows is shape ∩ outer rectangle), less its rounded corners. */
static void body_part(const struct windows *ws, const struct win *w, const struct wintrack_rect *r,
        const pixman_region32_t *damage, pixman_region32_t *part)
{
	pixman_box32_t b[3];
	int n = body_boxes(r, body_corner(ws, w, r), b);

	if (!w->shape_known && n == 1) {
		render_region_clip_box(part, damage, &b[0]);
		return;
	}
	pixman_region32_fini(part);
	pixman_region32_init_rects(part, b, n);
	if (w->shape_known) {
		pixman_region32_translate(part, -r->x, -r->y);
		pixman_region32_intersect(part, part, (pixman_region32_t *)&w->shape);
		pixman_region32_translate(part, r->x, r->y);
	}
	pixman_region32_intersect(part, part, (pixman_region32_t *)damage);
}

static bool can_direct(const struct windows *ws, const struct win *w)
{
	return w->node->mapped && w->pixmap != XCB_NONE &&
	       w->node->depth == ws->dpy->screen->root_depth && !w->shape_dirty &&
	       direct_body(ws, w);
}

/* Whether `w` is on screen and paints within `e`; its outer rectangle and extents
 * (what it paints: body, shadow, animation) then in *r and *ext. */
static bool touches(const struct windows *ws, const struct win *w, const pixman_box32_t *e,
        struct wintrack_rect *r, pixman_box32_t *ext)
{
	if (!w || w->ignored || (!w->node->mapped && !w->closing) || mode(ws, w) & WIN_MODE_HIDDEN)
		return false;
	*r = wintrack_outer_rect(w->node);
	extents(ws, w, r, ext);
	return ext->x1 < e->x2 && ext->y1 < e->y2 && ext->x2 > e->x1 && ext->y2 > e->y1;
}

/* Adds what a window paints to `above` (top down); true when that covers all of `e`:
 * nothing below shows any of it by itself. */
static bool add_above(pixman_region32_t *above, const pixman_box32_t *ext, const pixman_box32_t *e)
{
	pixman_region32_union_rect(above, above, ext->x1, ext->y1, (unsigned)(ext->x2 - ext->x1),
	        (unsigned)(ext->y2 - ext->y1));
	return pixman_region32_contains_rectangle(above, (pixman_box32_t *)e) == PIXMAN_REGION_IN;
}

/* How many windows touching the damage windows_direct looks at: with damage all over the
 * screen (60 windows drawing at once) a longer search costs more than it saves. */
#define DIRECT_TRIES 4

/* Top down: of the windows whose bodies show part of the damage by themselves, below
 * everything the windows above them paint (their extents: shadows, animations), the one
 * that shows most (among the first DIRECT_TRIES touching the damage). Its part is
 * damage ∩ body minus those extents; the rest of the damage is composited. (A window above
 * the damaged one may show a little of the damage: its body where it overlaps.) */
bool windows_direct(struct windows *ws, const pixman_region32_t *damage, pixman_region32_t *part,
        xcb_pixmap_t *pixmap, int32_t *x, int32_t *y)
{
	const pixman_box32_t *e = pixman_region32_extents(damage);
	struct wintrack_entry *node;
	pixman_region32_t above, cand;
	uint64_t best = 0, all = render_region_pixels(damage);
	struct win *best_w = NULL;
	int tries = 0;

	pixman_region32_init(&above);
	pixman_region32_init(&cand);
	wintrack_for_each_top_down(node, ws->wt)
	{
		struct win *w = node->user;
		struct wintrack_rect r;
		pixman_box32_t ext;
		if (!touches(ws, w, e, &r, &ext))
			continue;
		if (can_direct(ws, w) && r.x < e->x2 && r.y < e->y2 &&
		        (int64_t)r.x + r.width > e->x1 && (int64_t)r.y + r.height > e->y1) {
			body_part(ws, w, &r, damage, &cand);
			pixman_region32_subtract(&cand, &cand, &above);
			uint64_t n = render_region_pixels(&cand);
			if (n > best) {
				best = n;
				best_w = w;
				pixman_region32_copy(part, &cand);
				*pixmap = w->pixmap;
				*x = r.x;
				*y = r.y;
			}
		}
		if (best == all || ++tries == DIRECT_TRIES || add_above(&above, &ext, e))
			break;
	}
	pixman_region32_fini(&cand);
	pixman_region32_fini(&above);
	if (best_w)
		best_w->shown = true;
	return best > 0;
}

static void take_shape(struct windows *ws, struct win *w);

/* The bounding shapes of the windows mapped or reshaped since the last frame,
 * read now (one round trip) when any is wanted: a body is served only once its
 * shape is known. */
static void read_shapes(struct windows *ws)
{
	struct list *pos;
	bool any = false;

	for (pos = ws->dirty.next; pos != &ws->dirty; pos = pos->next) {
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->shape_dirty && w->node->mapped && !w->ignored) {
			query_shape(ws, w);
			any = true;
		}
	}
	for (pos = ws->dirty.next; any && pos != &ws->dirty; pos = pos->next) {
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->shape_in_flight)
			take_shape(ws, w);
	}
}

/* What the windows above paint (their extents, top down), as a list. A body takes out only
 * the boxes that meet it. The list is made into a region (for whether the windows above
 * cover all the damage, so that those below need no look) only once its bounds cover the
 * damage's, then kept up to date: 60 windows overlapping each other cost O(n) box tests
 * each, not O(n) pixman operations. */
struct above {
	struct render_boxes *list;
	pixman_region32_t region;
	bool made, broken; /* broken: out of memory, the list lacks a window */
};

static bool contains(const pixman_box32_t *a, const pixman_box32_t *b)
{
	return a->x1 <= b->x1 && a->y1 <= b->y1 && a->x2 >= b->x2 && a->y2 >= b->y2;
}

static bool above_region(struct above *a)
{
	if (!a->made && !a->broken) {
		a->made = render_boxes_union_into(a->list, &a->region);
		a->broken = !a->made;
	}
	return a->made;
}

/* Adds what `ext` paints; true when the windows above now cover all of `e`. */
static bool above_add(struct above *a, const pixman_box32_t *ext, const pixman_box32_t *e)
{
	if (a->broken || !render_boxes_add(a->list, ext, 1)) {
		a->broken = true;
		return false;
	}
	if (contains(ext, e))
		return true;
	if (a->made)
		return add_above(&a->region, ext, e);
	return contains(&a->list->bounds, e) && above_region(a) &&
	       pixman_region32_contains_rectangle(&a->region, (pixman_box32_t *)e) ==
	               PIXMAN_REGION_IN;
}

/* Adds the part of w's body in `need` that the windows above do not paint over to the
 * served list; false when out of memory. */
static bool visible_part(struct windows *ws, const struct win *w, const struct wintrack_rect *r,
        const pixman_region32_t *need, pixman_region32_t *part)
{
	int n = 0;

	if (!w->shape_known) {
		pixman_box32_t body[3];
		int nb = body_boxes(r, body_corner(ws, w, r), body);
		for (int i = 0; i < nb; i++)
			if (!render_boxes_add_uncut(&ws->served, need, &body[i], &ws->above))
				return false;
		return true;
	}
	body_part(ws, w, r, need, part);
	if (!render_boxes_cut(&ws->above, part))
		return false;
	const pixman_box32_t *boxes = pixman_region32_rectangles(part, &n);
	return render_boxes_add(&ws->served, boxes, (size_t)n);
}

/* The server copies the served boxes from `first` on, of `pixmap` at x, y on screen, into
 * `dst`; false (and they are dropped) when there are none or the copy is not sent. */
static bool serve(struct windows *ws, struct shm_buffer *dst, xcb_pixmap_t pixmap, int32_t x,
        int32_t y, size_t first)
{
	size_t n = ws->served.n - first;

	if (n && shm_buffer_fetch(ws->shm, dst, pixmap, x, y, ws->served.box + first, n))
		return true;
	render_boxes_truncate(&ws->served, first);
	return false;
}

void windows_serve_bodies(struct windows *ws, pixman_region32_t *need, struct shm_buffer *dst,
        xcb_pixmap_t background, pixman_region32_t *served)
{
	const pixman_box32_t *e = pixman_region32_extents(need);
	struct above above = {.list = &ws->above};
	struct wintrack_entry *node;
	pixman_region32_t part;
	bool covered = false;

	pixman_region32_clear(served);
	if (!pixman_region32_not_empty(need))
		return;
	read_shapes(ws);
	render_boxes_clear(&ws->above);
	render_boxes_clear(&ws->served);
	pixman_region32_init(&above.region);
	pixman_region32_init(&part);
	wintrack_for_each_top_down(node, ws->wt)
	{
		struct win *w = node->user;
		struct wintrack_rect r;
		pixman_box32_t ext;
		if (!touches(ws, w, e, &r, &ext))
			continue;
		/* a window too large for the renderer is left to it (a view of its mirror) */
		if (can_direct(ws, w) && r.width < RENDER_MAX_SIDE && r.height < RENDER_MAX_SIDE) {
			size_t first = ws->served.n;
			if (visible_part(ws, w, &r, need, &part) &&
			        serve(ws, dst, w->pixmap, r.x, r.y, first))
				w->shown = true;
			else
				render_boxes_truncate(&ws->served, first);
		}
		if ((covered = above_add(&above, &ext, e)) || above.broken)
			break;
	}
	/* what no window paints over is the background alone */
	if (!covered && !above.broken && background != XCB_NONE) {
		size_t first = ws->served.n;
		int n = 0;
		pixman_region32_copy(&part, need);
		if (render_boxes_cut(&ws->above, &part)) {
			const pixman_box32_t *boxes = pixman_region32_rectangles(&part, &n);
			if (render_boxes_add(&ws->served, boxes, (size_t)n))
				serve(ws, dst, background, 0, 0, first);
		}
	}
	pixman_region32_fini(&part);
	pixman_region32_fini(&above.region);
	/* out of memory, `served` stays short: those parts are rendered as well */
	if (!render_boxes_union_into(&ws->served, served))
		pixman_region32_clear(served);
	pixman_region32_subtract(need, need, served);
}

/* A mirror no frame has read for MIRROR_IDLE_MS goes back to the pool; its
 * window's pixels are fetched again if a frame needs them. */
void windows_mark_needed(struct windows *ws, const pixman_region32_t *need)
{
	const pixman_box32_t *e = pixman_region32_extents((pixman_region32_t *)need);
	struct wintrack_entry *node;

	if (!pixman_region32_not_empty((pixman_region32_t *)need))
		return;
	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || !w->mirror)
			continue;
		struct wintrack_rect r = wintrack_outer_rect(node);
		pixman_box32_t ext;
		extents(ws, w, &r, &ext);
		if (ext.x1 < e->x2 && ext.y1 < e->y2 && ext.x2 > e->x1 && ext.y2 > e->y1)
			w->mirror_used_ms = ws->now_ms;
	}
}

bool windows_mirror_now(struct windows *ws, struct win *w)
{
	if (w->pixmap != XCB_NONE && pixman_region32_not_empty(&w->fetch) &&
	        send_fetch(ws, w, NULL))
		shm_ctx_sync(ws->shm);
	return w->mirror && w->mirror_valid;
}

size_t windows_release_idle_mirrors(struct windows *ws)
{
	struct wintrack_entry *node;
	size_t n = 0;

	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || !w->mirror || w->closing || animated(ws, w) ||
		        ws->now_ms - w->mirror_used_ms < MIRROR_IDLE_MS)
			continue;
		drop_mirror(ws, w);
		fetch_all(ws, w);
		n++;
	}
	return n;
}

/* The X server answers GetRectangles for an unshaped window with a rectangle
 * one border width short on the right and bottom, so only a window that
 * QueryExtents says is bounding-shaped gets a shape region; the others are
 * their full outer rectangle. */
static void take_shape(struct windows *ws, struct win *w)
{
	xcb_connection_t *conn = ws->dpy->conn;
	xcb_shape_query_extents_reply_t *e =
	        xcb_shape_query_extents_reply(conn, w->extents_cookie, NULL);
	xcb_shape_get_rectangles_reply_t *r =
	        xcb_shape_get_rectangles_reply(conn, w->shape_cookie, NULL);
	int32_t bw = w->node->geom.border_width;
	bool was_known = w->shape_known;
	pixman_region32_t before;

	pixman_region32_init(&before);
	pixman_region32_copy(&before, &w->shape);
	w->shape_in_flight = false;
	pixman_region32_clear(&w->shape);
	w->shape_known = e && r && e->bounding_shaped;
	if (w->shape_known) {
		xcb_rectangle_t *rects = xcb_shape_get_rectangles_rectangles(r);
		int n = xcb_shape_get_rectangles_rectangles_length(r);
		for (int i = 0; i < n; i++)
			pixman_region32_union_rect(&w->shape, &w->shape, rects[i].x + bw,
			        rects[i].y + bw, rects[i].width, rects[i].height);
	}
	/* conditions read the shape (bounding_shaped, rounded_corners): looked at again
	 * after the frame, not in the middle of it */
	if (was_known != w->shape_known || !pixman_region32_equal(&before, &w->shape))
		w->reshaped = ws->reshaped = true;
	pixman_region32_fini(&before);
	free(e);
	free(r);
}

bool windows_shapes_pending(const struct windows *ws)
{
	const struct list *pos;

	for (pos = ws->dirty.next; pos != &ws->dirty; pos = pos->next)
		if (list_entry(pos, struct win, dirty_link)->shape_in_flight)
			return true;
	return false;
}

void windows_fetched(struct windows *ws)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &ws->dirty)
	{
		struct win *w = list_entry(pos, struct win, dirty_link);
		w->landing = false;
		if (w->shape_in_flight)
			take_shape(ws, w);
		if (!w->shape_dirty && !w->damaged && !w->mirror_lost &&
		        !pixman_region32_not_empty(&w->fetch))
			list_remove(&w->dirty_link);
	}
}

static bool grow_rw(struct windows *ws, size_t n)
{
	if (n <= ws->rw_cap)
		return true;
	size_t cap = ws->rw_cap ? ws->rw_cap * 2 : 64;
	while (cap < n)
		cap *= 2;
	struct render_window *rw = realloc(ws->rw, cap * sizeof *rw);
	if (!rw)
		return false;
	ws->rw = rw;
	ws->rw_cap = cap;
	return true;
}

/* The on-screen part of a huge window's mirror as an image of its own. */
static bool huge_view(
        struct windows *ws, struct win *w, const struct wintrack_rect *r, struct render_window *rw)
{
	pixman_image_t *m = shm_buffer_image(w->mirror);
	int64_t x1 = r->x < 0 ? -(int64_t)r->x : 0, y1 = r->y < 0 ? -(int64_t)r->y : 0;
	int64_t x2 = (int64_t)ws->damage->width - r->x, y2 = (int64_t)ws->damage->height - r->y;
	pixman_box32_t box;

	x2 = x2 < (int64_t)r->width ? x2 : (int64_t)r->width;
	y2 = y2 < (int64_t)r->height ? y2 : (int64_t)r->height;
	if (x1 >= x2 || y1 >= y2)
		return false;
	box = (pixman_box32_t){(int32_t)x1, (int32_t)y1, (int32_t)x2, (int32_t)y2};
	if (!w->view || memcmp(&box, &w->view_box, sizeof box) != 0) {
		pixman_format_code_t f = pixman_image_get_format(m);
		int stride = pixman_image_get_stride(m);
		uint8_t *bits = (uint8_t *)pixman_image_get_data(m) + (size_t)y1 * (size_t)stride +
		                (size_t)x1 * (PIXMAN_FORMAT_BPP(f) / 8);
		drop_view(w);
		w->view = pixman_image_create_bits(
		        f, (int)(x2 - x1), (int)(y2 - y1), (uint32_t *)(void *)bits, stride);
		w->view_box = box;
		if (!w->view)
			return false;
	}
	if (w->shape_known) {
		pixman_region32_copy(&w->view_shape, &w->shape);
		pixman_region32_translate(&w->view_shape, -box.x1, -box.y1);
	}
	rw->image = w->view;
	rw->x = r->x + box.x1;
	rw->y = r->y + box.y1;
	rw->width = (uint32_t)(box.x2 - box.x1);
	rw->height = (uint32_t)(box.y2 - box.y1);
	rw->shape = w->shape_known ? &w->view_shape : NULL;
	return true;
}

size_t windows_collect(struct windows *ws)
{
	struct wintrack_entry *node;
	size_t n = 0;

	if (!grow_rw(ws, wintrack_count(ws->wt)))
		return 0;
	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || w->ignored || (!node->mapped && !w->closing) || n >= ws->rw_cap ||
		        mode(ws, w) & WIN_MODE_HIDDEN)
			continue;
		/* without its pixels: only a served body (its shadow is still painted) */
		struct wintrack_rect r = wintrack_outer_rect(node);
		bool pixels = w->mirror && w->mirror_valid;
		if (!pixels && (!can_direct(ws, w) || r.width >= RENDER_MAX_SIDE ||
		                       r.height >= RENDER_MAX_SIDE))
			continue;
		ws->rw[n] = (struct render_window){
		        .image = pixels ? shm_buffer_image(w->mirror) : NULL,
		        .x = r.x,
		        .y = r.y,
		        .width = r.width,
		        .height = r.height,
		        .shape = w->shape_known ? &w->shape : NULL,
		        .argb = node->depth == 32,
		        .pending = pixels && w->landing,
		};
		if ((r.width >= RENDER_MAX_SIDE || r.height >= RENDER_MAX_SIDE) &&
		        (!pixels || !huge_view(ws, w, &r, &ws->rw[n])))
			continue;
		look(ws, w, &ws->rw[n++]);
	}
	return n;
}

static void add_existing(struct windows *ws, xcb_window_t id, xcb_window_t above,
        xcb_get_window_attributes_reply_t *a, xcb_get_geometry_reply_t *g)
{
	struct wintrack_geom geom = {g->x, g->y, g->width, g->height, g->border_width};
	struct wintrack_entry *node = wintrack_add(ws->wt, id, above, &geom,
	        a->map_state != XCB_MAP_STATE_UNMAPPED, a->override_redirect);
	struct win *w;

	if (!node)
		return;
	node->visual = a->visual;
	node->depth = g->depth;
	node->input_only = a->_class == XCB_WINDOW_CLASS_INPUT_ONLY;
	w = win_create(ws, node);
	if (!w || w->ignored)
		return;
	if (node->input_only) {
		win_ignore(w);
		return;
	}
	start_damage(ws, w, false);
	win_watch(ws, w);
	if (node->mapped) {
		win_bind(ws, w);
		w->painted = true; /* it was on screen before shmcomp */
	}
}

/* The children that exist now, read under a server grab so that no event
 * about them can be older than the snapshot. */
static bool read_tree(struct windows *ws)
{
	xcb_connection_t *conn = ws->dpy->conn;
	xcb_query_tree_reply_t *tree = display_reply(
	        ws->dpy, xcb_query_tree_reply(conn, xcb_query_tree(conn, ws->dpy->root), NULL));

	if (!tree)
		return false;
	xcb_window_t *kids = xcb_query_tree_children(tree);
	int n = xcb_query_tree_children_length(tree);
	xcb_get_window_attributes_cookie_t *ac =
	        fault_calloc(ws->dpy->fault, (size_t)n + 1, sizeof *ac);
	xcb_get_geometry_cookie_t *gc = fault_calloc(ws->dpy->fault, (size_t)n + 1, sizeof *gc);
	if (!ac || !gc) {
		free(ac);
		free(gc);
		free(tree);
		return false;
	}
	for (int i = 0; i < n; i++) {
		ac[i] = xcb_get_window_attributes(conn, kids[i]);
		gc[i] = xcb_get_geometry(conn, kids[i]);
	}
	xcb_window_t prev = XCB_NONE;
	for (int i = 0; i < n; i++) {
		xcb_get_window_attributes_reply_t *a =
		        display_reply(ws->dpy, xcb_get_window_attributes_reply(conn, ac[i], NULL));
		xcb_get_geometry_reply_t *g =
		        display_reply(ws->dpy, xcb_get_geometry_reply(conn, gc[i], NULL));
		if (a && g) {
			add_existing(ws, kids[i], prev, a, g);
			prev = kids[i];
		}
		free(a);
		free(g);
	}
	free(ac);
	free(gc);
	free(tree);
	return true;
}

bool windows_init(struct windows *ws, char *err, size_t errlen)
{
	uint32_t mask = ROOT_MASK;
	bool ok;

	list_init(&ws->dirty);
	list_init(&ws->pending);
	render_boxes_init(&ws->above);
	render_boxes_init(&ws->served);
	pixman_region32_init(&ws->shown.region);
	ws->names = fault_fail(ws->dpy->fault, FAULT_ALLOC) ? NULL : atom_names_create();
	ws->wt = !ws->names || fault_fail(ws->dpy->fault, FAULT_ALLOC)
	                 ? NULL
	                 : wintrack_create(ws->dpy->root, win_release, ws);
	if (!ws->wt) {
		snprintf(err, errlen, "out of memory for the window list");
		return false;
	}
	xcb_grab_server(ws->dpy->conn);
	xcb_change_window_attributes(ws->dpy->conn, ws->dpy->root, XCB_CW_EVENT_MASK, &mask);
	ok = read_tree(ws);
	xcb_ungrab_server(ws->dpy->conn);
	xcb_flush(ws->dpy->conn);
	if (!ok)
		snprintf(err, errlen, "could not read the window tree");
	return ok;
}

/* The event selections made on windows we do not own, undone. */
static void deselect(struct windows *ws)
{
	xcb_connection_t *conn = ws->dpy->conn;
	const uint32_t none = 0;
	struct wintrack_entry *node;

	wintrack_for_each_bottom_up(node, ws->wt)
	{
		struct win *w = node->user;
		if (!w || w->ignored || w->zombie)
			continue;
		xcb_change_window_attributes(conn, node->id, XCB_CW_EVENT_MASK, &none);
		xcb_shape_select_input(conn, node->id, 0);
		if (w->client_known && w->client.id != node->id)
			xcb_change_window_attributes(conn, w->client.id, XCB_CW_EVENT_MASK, &none);
	}
	xcb_change_window_attributes(conn, ws->dpy->root, XCB_CW_EVENT_MASK, &none);
}

void windows_finish(struct windows *ws)
{
	if (ws->wt)
		deselect(ws);
	wintrack_destroy(ws->wt);
	ws->wt = NULL;
	atom_names_destroy(ws->names);
	ws->names = NULL;
	free(ws->rw);
	ws->rw = NULL;
	ws->rw_cap = 0;
	render_boxes_finish(&ws->served);
	render_boxes_finish(&ws->above);
	pixman_region32_fini(&ws->shown.region);
	ws->shown.on = false;
}
