/* Per-window state on top of wintrack: the damage object, the named window
 * pixmap, the SHM mirror of its pixels, its bounding shape and opacity; what
 * each X event changes; and the per-frame fetch of damaged pixels (one round
 * trip for all windows). */
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/damage.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "compositor/keys.h"
#include "compositor/win.h"
#include "compositor/props.h"


static void mark_dirty(struct comp *c, struct win *w)
{
	if (list_empty(&w->dirty_link))
		list_insert(c->dirty.prev, &w->dirty_link);
}

static void damage_outer(struct comp *c, const struct wintrack_rect *r)
{
	comp_damage_rect(c, r->x, r->y, r->width, r->height);
}

/* What the window paints at `r`: its rectangle, grown by its shadow. */
void win_damage_area(struct comp *c, struct win *w, const struct wintrack_rect *r)
{
	pixman_box32_t e;

	if (!w || w->ignored) {
		damage_outer(c, r);
		return;
	}
	fx_extents(c, w, r, &e);
	comp_damage_rect(c, e.x1, e.y1, (uint32_t)(e.x2 - e.x1), (uint32_t)(e.y2 - e.y1));
}

static void drop_pixmap(struct comp *c, struct win *w)
{
	if (w->pixmap != XCB_NONE) {
		xcb_free_pixmap(c->conn, w->pixmap);
		w->pixmap = XCB_NONE;
	}
}

static void drop_view(struct win *w)
{
	if (w->view)
		pixman_image_unref(w->view);
	w->view = NULL;
}

static void drop_mirror(struct comp *c, struct win *w)
{
	drop_view(w);
	shm_buffer_release(c->shm, w->mirror);
	w->mirror = NULL;
	w->mirror_valid = false;
}

/* Releases in reverse order of acquisition; called by wintrack before it
 * frees the window. */
static void win_release(struct comp_win *cw, void *data)
{
	struct comp *c = data;
	struct win *w = cw->user;

	if (!w)
		return;
	fx_window_forget(c, w);
	list_remove(&w->dirty_link);
	pixman_region32_fini(&w->view_shape);
	pixman_region32_fini(&w->shape);
	pixman_region32_fini(&w->fetch);
	drop_mirror(c, w);
	drop_pixmap(c, w);
	if (w->damage != XCB_NONE)
		xcb_damage_destroy(c->conn, w->damage); /* BadDamage if the window is gone: fine */
	free(w);
	cw->user = NULL;
}

static void read_opacity(struct comp *c, struct win *w)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(c->conn,
		/* two items asked: a property with more than one is refused */
		xcb_get_property(c->conn, 0, w->cw->id, c->atoms.opacity, XCB_ATOM_CARDINAL, 0, 2),
		NULL);
	struct prop_value v;

	props_from_reply(r, &v);
	w->has_opacity = props_opacity(&v, &w->opacity);
	if (!w->has_opacity)
		w->opacity = RENDER_OPACITY_OPAQUE;
	free(r);
}

/* Depth, visual and class come from requests: no event carries them. */
static bool read_attributes(struct comp *c, struct comp_win *cw, bool want_geometry)
{
	xcb_get_window_attributes_cookie_t ac = xcb_get_window_attributes(c->conn, cw->id);
	xcb_get_geometry_cookie_t gc = xcb_get_geometry(c->conn, cw->id);
	xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(c->conn, ac, NULL);
	xcb_get_geometry_reply_t *g = xcb_get_geometry_reply(c->conn, gc, NULL);
	bool ok = a && g;

	if (ok) {
		cw->visual = a->visual;
		cw->input_only = a->_class == XCB_WINDOW_CLASS_INPUT_ONLY;
		cw->depth = g->depth;
		if (want_geometry) {
			struct wintrack_geom geom = {g->x, g->y, g->width, g->height,
				g->border_width};
			struct wintrack_change change;
			wintrack_set_geometry(cw, &geom, &change);
		}
	}
	free(a);
	free(g);
	return ok;
}

static struct win *win_create(struct comp *c, struct comp_win *cw)
{
	struct win *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->cw = cw;
	w->opacity = RENDER_OPACITY_OPAQUE;
	pixman_region32_init(&w->fetch);
	pixman_region32_init(&w->shape);
	pixman_region32_init(&w->view_shape);
	list_init(&w->dirty_link);
	list_init(&w->anim_link);
	w->fade = (struct render_fade){.value = 1.0, .target = 1.0};
	w->target = 1.0;
	cw->user = w;
	if (cw->id == c->overlay || cw->id == c->cm_window)
		w->ignored = true;
	return w;
}

/* Subscribes to what the window will tell us. */
/* The Damage object comes first: a client's first frame drawn before it
 * exists would go unseen (settled waits count frames). RawRectangles: every
 * drawing is reported, also over an area already damaged. */
static void start_damage(struct comp *c, struct win *w)
{
	w->damage = xcb_generate_id(c->conn);
	w->damage_seq = (uint16_t)xcb_damage_create(c->conn, w->damage, w->cw->id,
		XCB_DAMAGE_REPORT_LEVEL_RAW_RECTANGLES)
				.sequence;
}

/* Subscribes to what the window will tell us. */
static void win_watch(struct comp *c, struct win *w)
{
	uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE | XCB_EVENT_MASK_FOCUS_CHANGE;

	if (w->ignored) {
		if (w->damage != XCB_NONE)
			xcb_damage_destroy(c->conn, w->damage);
		w->damage = XCB_NONE;
		return;
	}
	if (w->damage == XCB_NONE)
		start_damage(c, w);
	xcb_change_window_attributes(c->conn, w->cw->id, XCB_CW_EVENT_MASK, &mask);
	xcb_shape_select_input(c->conn, w->cw->id, 1);
	w->shape_dirty = true;
	read_opacity(c, w);
}

static struct win *win_added(struct comp *c, struct comp_win *cw)
{
	struct win *w = win_create(c, cw);

	if (!w)
		return NULL;
	if (!w->ignored)
		start_damage(c, w);
	if (!w->ignored && !read_attributes(c, cw, !cw->geometry_known))
		w->ignored = true; /* already gone: its DestroyNotify follows */
	if (cw->input_only)
		w->ignored = true;
	win_watch(c, w);
	return w;
}

static void fetch_all(struct comp *c, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);

	pixman_region32_fini(&w->fetch);
	pixman_region32_init_rect(&w->fetch, 0, 0, r.width, r.height);
	mark_dirty(c, w);
}

/* A mapped window's pixmap and mirror, for its current size. */
static void win_bind(struct comp *c, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);

	if (w->ignored || !w->cw->mapped)
		return;
	drop_pixmap(c, w);
	w->pixmap = xcb_generate_id(c->conn);
	xcb_composite_name_window_pixmap(c->conn, w->cw->id, w->pixmap);
	if (!w->mirror || shm_buffer_width(w->mirror) != r.width ||
		shm_buffer_height(w->mirror) != r.height) {
		drop_mirror(c, w);
		w->mirror = shm_buffer_acquire(c->shm, r.width, r.height, w->cw->depth);
		if (!w->mirror && !w->warned) {
			comp_log(&c->log, LOG_WARN, "window 0x%x (%ux%u, depth %u) drawn without "
				"its contents: %s", w->cw->id, r.width, r.height, w->cw->depth,
				shm_ctx_error(c->shm));
			w->warned = true;
		}
	}
	w->mirror_valid = false;
	w->painted = false;
	w->met_mapped_ms = 0;
	w->shape_dirty = true;
	fetch_all(c, w);
}

static void win_unbind(struct comp *c, struct win *w)
{
	drop_pixmap(c, w);
	drop_mirror(c, w);
	pixman_region32_clear(&w->fetch);
}

void win_finish_close(struct comp *c, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);

	win_damage_area(c, w, &r);
	w->closing = false;
	if (w->zombie) {
		wintrack_remove(c->wt, w->cw->id); /* frees w */
		return;
	}
	win_unbind(c, w);
}

static void apply_change(struct comp *c, const struct wintrack_change *ch)
{
	struct win *w = win_of(ch->win);

	if (ch->flags & WINTRACK_ADDED && ch->win)
		w = win_added(c, ch->win);
	if (ch->old_mapped)
		win_damage_area(c, w, &ch->old_rect);
	if (ch->new_mapped)
		win_damage_area(c, w, &ch->new_rect);
	if (!w || ch->flags & WINTRACK_REMOVED || w->ignored)
		return;
	if (ch->flags & WINTRACK_MAPPED) {
		win_bind(c, w);
		fx_window_mapped(c, w);
	} else if (ch->flags & WINTRACK_UNMAPPED) {
		drop_pixmap(c, w);
		if (!fx_window_unmapped(c, w))
			win_unbind(c, w);
	} else if (ch->flags & WINTRACK_RESIZED && w->cw->mapped) {
		win_bind(c, w);
	}
}

static void damage_notify(struct comp *c, const xcb_damage_notify_event_t *ev)
{
	struct win *w = win_of(wintrack_find(c->wt, ev->drawable));
	struct wintrack_rect r;
	int32_t bw;

	if (!w || w->ignored)
		return;
	w->damaged = true;
	mark_dirty(c, w);
	if (!w->cw->mapped)
		return;
	/* DamageCreate on a window already mapped reports all of it at once:
	 * that is not the client drawing (the request sent right after it, a
	 * GetProperty, moves the sequence on before any other damage). */
	if (ev->sequence != w->damage_seq)
		w->painted = true;
	else if (!w->painted && !w->met_mapped_ms)
		w->met_mapped_ms = comp_real_ms();
	r = wintrack_outer_rect(w->cw);
	bw = w->cw->geom.border_width;
	pixman_region32_union_rect(&w->fetch, &w->fetch, ev->area.x + bw, ev->area.y + bw,
		ev->area.width, ev->area.height);
	pixman_region32_intersect_rect(&w->fetch, &w->fetch, 0, 0, r.width, r.height);
	comp_damage_rect(c, r.x + ev->area.x + bw, r.y + ev->area.y + bw, ev->area.width,
		ev->area.height);
}

static void shape_notify(struct comp *c, const xcb_shape_notify_event_t *ev)
{
	struct win *w = win_of(wintrack_find(c->wt, ev->affected_window));

	if (!w || w->ignored || ev->shape_kind != XCB_SHAPE_SK_BOUNDING)
		return;
	w->shape_dirty = true;
	mark_dirty(c, w);
	if (w->cw->mapped) {
		struct wintrack_rect r = wintrack_outer_rect(w->cw);
		win_damage_area(c, w, &r);
	}
}

struct win *win_by_client(struct comp *c, xcb_window_t id)
{
	struct comp_win *cw;

	wintrack_for_each_bottom_up(cw, c->wt) {
		struct win *w = cw->user;
		if (w && w->info_known && w->info.client == id)
			return w;
	}
	return NULL;
}

static void property_notify(struct comp *c, const xcb_property_notify_event_t *ev)
{
	struct win *w;

	if (ev->window == c->screen->root) {
		if (ev->atom == c->atoms.xrootpmap || ev->atom == c->atoms.esetroot) {
			comp_background_update(c);
			comp_damage_all(c);
		} else if (ev->atom == c->atoms.net_active_window) {
			comp_focus_update(c);
		}
		return;
	}
	bool opacity = ev->atom == c->atoms.opacity, info = winfo_atom_matters(c, ev->atom);
	if (!opacity && !info)
		return;
	w = win_of(wintrack_find(c->wt, ev->window));
	if (!w && info)
		w = win_by_client(c, ev->window);
	if (!w || w->ignored)
		return;
	if (opacity && w->cw->id == ev->window)
		read_opacity(c, w);
	if (info)
		w->info_known = false;
	fx_window_update(c, w);
}

/* The event says a size; the root's geometry is the truth. */
static void randr_notify(struct comp *c, const xcb_randr_screen_change_notify_event_t *ev)
{
	xcb_get_geometry_reply_t *g;

	if (ev->root != c->screen->root)
		return;
	g = xcb_get_geometry_reply(c->conn, xcb_get_geometry(c->conn, c->screen->root), NULL);
	if (g && g->width > 0 && g->height > 0 && (g->width != c->width || g->height != c->height))
		comp_screen_resized(c, g->width, g->height);
	free(g);
}

static bool handle_extension_event(struct comp *c, xcb_generic_event_t *ev, uint8_t type)
{
	if (type == c->ext.damage_event + XCB_DAMAGE_NOTIFY)
		damage_notify(c, (void *)ev);
	else if (type == c->ext.shape_event + XCB_SHAPE_NOTIFY)
		shape_notify(c, (void *)ev);
	else if (c->ext.randr && type == c->ext.randr_event + XCB_RANDR_SCREEN_CHANGE_NOTIFY)
		randr_notify(c, (void *)ev);
	else
		return false;
	return true;
}

/* A destroyed window still fading out stays (as a zombie) where it was in
 * the stack until its fade ends. */
static bool keep_for_fade(struct comp *c, const xcb_destroy_notify_event_t *ev)
{
	struct win *w;

	if (ev->event != c->screen->root || (ev->response_type & 0x80))
		return false;
	w = win_of(wintrack_find(c->wt, ev->window));
	if (!w || !w->closing)
		return false;
	w->zombie = true;
	return true;
}

/* An XID reused by a new window ends the old one's fade. */
static void forget_zombie(struct comp *c, xcb_window_t id)
{
	struct win *w = win_of(wintrack_find(c->wt, id));

	if (w && w->zombie) {
		win_finish_close(c, w);
	}
}

static void log_x_error(struct comp *c, const xcb_generic_error_t *e)
{
	/* Errors that follow a window's destruction are expected races. */
	c->x_errors++;
	comp_log(&c->log, LOG_DEBUG, "X error %u (request %u.%u, resource 0x%x) ignored",
		e->error_code, e->major_code, e->minor_code, e->resource_id);
}

void comp_handle_event(struct comp *c, xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;
	struct wintrack_change change;

	if (type == 0) {
		log_x_error(c, (void *)ev);
		return;
	}
	/* Any client can send any event to the root: only the control
	 * protocol's ClientMessages may come that way. */
	if ((ev->response_type & 0x80) && type != XCB_CLIENT_MESSAGE)
		return;
	int action = c->keys ? keys_handle_event(c->keys, ev) : -1;
	if (action >= 0) {
		comp_run_action(c, action);
		return;
	}
	if (handle_extension_event(c, ev, type))
		return;
	switch (type) {
	case XCB_PROPERTY_NOTIFY:
		property_notify(c, (void *)ev);
		return;
	case XCB_CLIENT_MESSAGE:
		comp_ctl_request(c, (void *)ev);
		return;
	case XCB_SELECTION_CLEAR: {
		xcb_selection_clear_event_t *sc = (void *)ev;
		if (sc->selection == c->atoms.cm_selection) {
			comp_log(&c->log, LOG_INFO, "another compositing manager took over");
			c->quit = true;
		}
		return;
	}
	case XCB_EXPOSE:
		if (((xcb_expose_event_t *)ev)->window == c->overlay)
			comp_damage_all(c);
		return;
	case XCB_FOCUS_IN:
	case XCB_FOCUS_OUT:
		comp_focus_update(c);
		return;
	case XCB_DESTROY_NOTIFY:
		if (keep_for_fade(c, (void *)ev))
			return;
		break;
	case XCB_CREATE_NOTIFY:
		forget_zombie(c, ((xcb_create_notify_event_t *)ev)->window);
		break;
	default:
		break;
	}
	if (!wintrack_apply(c->wt, ev, &change))
		comp_log(&c->log, LOG_WARN, "out of memory tracking a window");
	if (change.flags)
		apply_change(c, &change);
}

static void query_shape(struct comp *c, struct win *w)
{
	w->extents_cookie = xcb_shape_query_extents(c->conn, w->cw->id);
	w->shape_cookie = xcb_shape_get_rectangles(c->conn, w->cw->id, XCB_SHAPE_SK_BOUNDING);
	w->shape_in_flight = true;
	w->shape_dirty = false;
}

/* Fetches the part of the pending region that `need` (screen coordinates)
 * covers; the rest stays pending until a frame needs it. */
static bool send_fetch(struct comp *c, struct win *w, const pixman_region32_t *need)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);
	pixman_region32_t part;
	int n = 0;

	pixman_region32_init(&part);
	pixman_region32_copy(&part, (pixman_region32_t *)need);
	pixman_region32_translate(&part, -r.x, -r.y);
	pixman_region32_intersect(&part, &part, &w->fetch);
	pixman_box32_t *boxes = pixman_region32_rectangles(&part, &n);
	if (n > 0) {
		if (shm_buffer_fetch(c->shm, w->mirror, w->pixmap, 0, 0, boxes, (size_t)n))
			w->mirror_valid = true;
		pixman_region32_subtract(&w->fetch, &w->fetch, &part);
	}
	pixman_region32_fini(&part);
	return n > 0;
}

bool comp_windows_damaged(const struct comp *c)
{
	struct list *pos;

	for (pos = c->dirty.next; pos != &c->dirty; pos = pos->next)
		if (list_entry(pos, struct win, dirty_link)->damaged)
			return true;
	return false;
}

void comp_windows_subtract(struct comp *c)
{
	struct list *pos, *tmp;

	/* The server accumulates each object's damage region: subtract every
	 * frame so that it stays small. */
	list_for_each_safe(pos, tmp, &c->dirty) {
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->damaged) {
			xcb_damage_subtract(c->conn, w->damage, XCB_NONE, XCB_NONE);
			w->damaged = false;
		}
		if (!w->cw->mapped)
			list_remove(&w->dirty_link); /* its shape is read again when mapped */
	}
}

bool comp_windows_evict_one(struct comp *c)
{
	struct comp_win *cw;
	struct win *big = NULL;
	size_t most = 0;

	wintrack_for_each_bottom_up(cw, c->wt) {
		struct win *w = cw->user;
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
	comp_log(&c->log, LOG_WARN, "window 0x%x drawn without its contents: its memory went to "
		"the screen's buffers", big->cw->id);
	drop_mirror(c, big);
	big->mirror_lost = true;
	pixman_region32_clear(&big->fetch);
	mark_dirty(c, big);
	return true;
}

/* A mirror given up for a back buffer is asked for again. */
static void regain_mirror(struct comp *c, struct win *w)
{
	struct wintrack_rect r = wintrack_outer_rect(w->cw);

	w->mirror = shm_buffer_acquire(c->shm, r.width, r.height, w->cw->depth);
	if (!w->mirror)
		return;
	w->mirror_lost = false;
	w->mirror_valid = false;
	fetch_all(c, w);
}

bool comp_windows_fetch(struct comp *c, const pixman_region32_t *need)
{
	struct list *pos, *tmp;
	bool round_trip = false;

	list_for_each_safe(pos, tmp, &c->dirty) {
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->shape_dirty && w->cw->mapped) {
			query_shape(c, w);
			round_trip = true;
		}
		if (w->mirror_lost && w->cw->mapped)
			regain_mirror(c, w);
		if (w->cw->mapped && w->mirror && w->pixmap != XCB_NONE &&
			pixman_region32_not_empty(&w->fetch))
			round_trip |= send_fetch(c, w, need);
	}
	return round_trip;
}

/* The topmost window touching the damage's extents, if its own pixmap can
 * show its part of the damage: opaque, of the screen's depth, with a known
 * (or no) shape. No window above it touches the damage, so that part is
 * exactly damage ∩ its visible area, returned in `part`. */
bool comp_windows_direct(struct comp *c, const pixman_region32_t *damage,
	pixman_region32_t *part, xcb_pixmap_t *pixmap, int32_t *x, int32_t *y)
{
	const pixman_box32_t *e = pixman_region32_extents(damage);
	struct comp_win *cw;

	wintrack_for_each_top_down(cw, c->wt) {
		struct win *w = cw->user;
		if (!w || w->ignored || (!cw->mapped && !w->closing))
			continue;
		struct wintrack_rect r = wintrack_outer_rect(cw);
		pixman_box32_t ext;
		fx_extents(c, w, &r, &ext);
		if (ext.x1 >= e->x2 || ext.y1 >= e->y2 || ext.x2 <= e->x1 || ext.y2 <= e->y1)
			continue;
		if (!cw->mapped || w->pixmap == XCB_NONE || cw->depth != c->screen->root_depth ||
			!fx_plain(w) || w->shape_dirty)
			return false;
		/* A bounding shape may reach past the window (set before a
		 * resize): what shows is shape ∩ outer rectangle. */
		pixman_region32_fini(part);
		pixman_region32_init_rect(part, r.x, r.y, r.width, r.height);
		if (w->shape_known) {
			pixman_region32_translate(part, -r.x, -r.y);
			pixman_region32_intersect(part, part, &w->shape);
			pixman_region32_translate(part, r.x, r.y);
		}
		pixman_region32_intersect(part, part, (pixman_region32_t *)damage);
		*pixmap = w->pixmap;
		*x = r.x;
		*y = r.y;
		return pixman_region32_not_empty(part);
	}
	return false;
}

/* The X server answers GetRectangles for an unshaped window with a rectangle
 * one border width short on the right and bottom, so only a window that
 * QueryExtents says is bounding-shaped gets a shape region; the others are
 * their full outer rectangle. */
static void take_shape(struct comp *c, struct win *w)
{
	xcb_shape_query_extents_reply_t *e =
		xcb_shape_query_extents_reply(c->conn, w->extents_cookie, NULL);
	xcb_shape_get_rectangles_reply_t *r =
		xcb_shape_get_rectangles_reply(c->conn, w->shape_cookie, NULL);
	int32_t bw = w->cw->geom.border_width;

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
	free(e);
	free(r);
}

void comp_windows_fetched(struct comp *c)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &c->dirty) {
		struct win *w = list_entry(pos, struct win, dirty_link);
		if (w->shape_in_flight)
			take_shape(c, w);
		if (!w->shape_dirty && !w->damaged && !w->mirror_lost &&
			!pixman_region32_not_empty(&w->fetch))
			list_remove(&w->dirty_link);
	}
}

static bool grow_rw(struct comp *c, size_t n)
{
	if (n <= c->rw_cap)
		return true;
	size_t cap = c->rw_cap ? c->rw_cap * 2 : 64;
	while (cap < n)
		cap *= 2;
	struct render_window *rw = realloc(c->rw, cap * sizeof *rw);
	if (!rw)
		return false;
	c->rw = rw;
	c->rw_cap = cap;
	return true;
}

/* The on-screen part of a huge window's mirror as an image of its own. */
static bool huge_view(struct comp *c, struct win *w, const struct wintrack_rect *r,
	struct render_window *rw)
{
	pixman_image_t *m = shm_buffer_image(w->mirror);
	int64_t x1 = r->x < 0 ? -(int64_t)r->x : 0, y1 = r->y < 0 ? -(int64_t)r->y : 0;
	int64_t x2 = (int64_t)c->width - r->x, y2 = (int64_t)c->height - r->y;
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
		w->view = pixman_image_create_bits(f, (int)(x2 - x1), (int)(y2 - y1),
			(uint32_t *)(void *)bits, stride);
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

size_t comp_windows_collect(struct comp *c)
{
	struct comp_win *cw;
	size_t n = 0;

	if (!grow_rw(c, wintrack_count(c->wt)))
		return 0;
	wintrack_for_each_bottom_up(cw, c->wt) {
		struct win *w = cw->user;
		if (!w || w->ignored || (!cw->mapped && !w->closing) || !w->mirror ||
			!w->mirror_valid || n >= c->rw_cap)
			continue;
		struct wintrack_rect r = wintrack_outer_rect(cw);
		c->rw[n] = (struct render_window){
			.image = shm_buffer_image(w->mirror),
			.x = r.x,
			.y = r.y,
			.width = r.width,
			.height = r.height,
			.shape = w->shape_known ? &w->shape : NULL,
			.argb = cw->depth == 32,
		};
		if ((r.width >= RENDER_MAX_SIDE || r.height >= RENDER_MAX_SIDE) &&
			!huge_view(c, w, &r, &c->rw[n]))
			continue;
		fx_fill(c, w, &c->rw[n++]);
	}
	return n;
}

static void add_existing(struct comp *c, xcb_window_t id, xcb_window_t above,
	xcb_get_window_attributes_reply_t *a, xcb_get_geometry_reply_t *g)
{
	struct wintrack_geom geom = {g->x, g->y, g->width, g->height, g->border_width};
	struct comp_win *cw = wintrack_add(c->wt, id, above, &geom,
		a->map_state != XCB_MAP_STATE_UNMAPPED, a->override_redirect);
	struct win *w;

	if (!cw)
		return;
	cw->visual = a->visual;
	cw->depth = g->depth;
	cw->input_only = a->_class == XCB_WINDOW_CLASS_INPUT_ONLY;
	w = win_create(c, cw);
	if (!w)
		return;
	if (cw->input_only)
		w->ignored = true;
	win_watch(c, w);
	if (cw->mapped) {
		win_bind(c, w);
		w->painted = true; /* it was on screen before shmcomp */
	}
}

/* The children that exist now, read under a server grab so that no event
 * about them can be older than the snapshot. */
static bool read_tree(struct comp *c)
{
	xcb_query_tree_reply_t *tree = xcb_query_tree_reply(c->conn,
		xcb_query_tree(c->conn, c->screen->root), NULL);

	if (!tree)
		return false;
	xcb_window_t *kids = xcb_query_tree_children(tree);
	int n = xcb_query_tree_children_length(tree);
	xcb_get_window_attributes_cookie_t *ac = calloc((size_t)n + 1, sizeof *ac);
	xcb_get_geometry_cookie_t *gc = calloc((size_t)n + 1, sizeof *gc);
	if (!ac || !gc) {
		free(ac);
		free(gc);
		free(tree);
		return false;
	}
	for (int i = 0; i < n; i++) {
		ac[i] = xcb_get_window_attributes(c->conn, kids[i]);
		gc[i] = xcb_get_geometry(c->conn, kids[i]);
	}
	xcb_window_t prev = XCB_NONE;
	for (int i = 0; i < n; i++) {
		xcb_get_window_attributes_reply_t *a =
			xcb_get_window_attributes_reply(c->conn, ac[i], NULL);
		xcb_get_geometry_reply_t *g = xcb_get_geometry_reply(c->conn, gc[i], NULL);
		if (a && g) {
			add_existing(c, kids[i], prev, a, g);
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

bool comp_windows_init(struct comp *c)
{
	uint32_t mask = XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY | XCB_EVENT_MASK_STRUCTURE_NOTIFY |
		XCB_EVENT_MASK_PROPERTY_CHANGE;
	uint32_t expose = XCB_EVENT_MASK_EXPOSURE;
	bool ok;

	list_init(&c->dirty);
	list_init(&c->anim);
	c->wt = wintrack_create(c->screen->root, win_release, c);
	if (!c->wt)
		return false;
	xcb_grab_server(c->conn);
	xcb_change_window_attributes(c->conn, c->screen->root, XCB_CW_EVENT_MASK, &mask);
	xcb_change_window_attributes(c->conn, c->overlay, XCB_CW_EVENT_MASK, &expose);
	if (c->ext.randr)
		xcb_randr_select_input(c->conn, c->screen->root,
			XCB_RANDR_NOTIFY_MASK_SCREEN_CHANGE);
	ok = read_tree(c);
	xcb_ungrab_server(c->conn);
	xcb_flush(c->conn);
	return ok;
}

void comp_windows_finish(struct comp *c)
{
	wintrack_destroy(c->wt);
	c->wt = NULL;
}
