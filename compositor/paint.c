/* Frames: the screen's damage, two screen-sized back buffers presented to
 * the overlay with Present (each written again only after its IdleNotify),
 * the root background, and screen size changes. */
#include <stdlib.h>
#include <string.h>
#include <xcb/present.h>
#include <xcb/xfixes.h>

#include "compositor/comp.h"
#include "compositor/props.h"

void comp_damage_rect(struct comp *c, int32_t x, int32_t y, uint32_t w, uint32_t h)
{
	if (w == 0 || h == 0)
		return;
	pixman_region32_union_rect(&c->damage, &c->damage, x, y, w, h);
	pixman_region32_intersect_rect(&c->damage, &c->damage, 0, 0, c->width, c->height);
}

void comp_damage_all(struct comp *c)
{
	comp_damage_rect(c, 0, 0, c->width, c->height);
}

static void back_init(struct comp *c, struct comp_back *b)
{
	b->buf = shm_buffer_acquire(c->shm, c->width, c->height, c->screen->root_depth);
	pixman_region32_init_rect(&b->stale, 0, 0, c->width, c->height);
}

static void back_finish(struct comp *c, struct comp_back *b)
{
	/* A busy buffer goes back to the pool when its IdleNotify comes. */
	shm_buffer_release(c->shm, b->buf);
	b->buf = NULL;
	pixman_region32_fini(&b->stale);
}

bool comp_present_init(struct comp *c)
{
	struct comp_present *p = &c->present;

	pixman_region32_init(&c->damage);
	pixman_region32_init(&c->direct);
	pixman_region32_init(&c->need);
	list_init(&c->waits);
	p->eid = xcb_generate_id(c->conn);
	xcb_present_select_input(c->conn, p->eid, c->overlay,
		XCB_PRESENT_EVENT_MASK_COMPLETE_NOTIFY | XCB_PRESENT_EVENT_MASK_IDLE_NOTIFY);
	p->queue = xcb_register_for_special_xge(c->conn, &xcb_present_id, p->eid, NULL);
	p->update = xcb_generate_id(c->conn);
	xcb_xfixes_create_region(c->conn, p->update, 0, NULL);
	for (int i = 0; i < 2; i++)
		back_init(c, &p->back[i]);
	if (!p->back[0].buf || !p->back[1].buf) {
		comp_log(&c->log, LOG_ERROR, "cannot allocate the back buffers: %s",
			shm_ctx_error(c->shm));
		return false;
	}
	return true;
}

void comp_present_finish(struct comp *c)
{
	struct comp_present *p = &c->present;

	if (!p->queue)
		return;
	for (int i = 1; i >= 0; i--)
		back_finish(c, &p->back[i]);
	xcb_xfixes_destroy_region(c->conn, p->update);
	xcb_unregister_for_special_event(c->conn, p->queue);
	p->queue = NULL;
	pixman_region32_fini(&c->need);
	pixman_region32_fini(&c->direct);
	pixman_region32_fini(&c->damage);
}

bool comp_screen_resized(struct comp *c, uint32_t width, uint32_t height)
{
	struct comp_present *p = &c->present;

	comp_log(&c->log, LOG_INFO, "screen resized to %ux%u", width, height);
	c->width = width;
	c->height = height;
	for (int i = 0; i < 2; i++) {
		back_finish(c, &p->back[i]);
		back_init(c, &p->back[i]);
	}
	p->last = NULL;
	pixman_region32_intersect_rect(&c->damage, &c->damage, 0, 0, width, height);
	comp_damage_all(c);
	return p->back[0].buf && p->back[1].buf;
}

bool comp_needs_frame(const struct comp *c)
{
	return pixman_region32_not_empty(&c->damage);
}

/* A back buffer lost to a full pool (a resize while mirrors held it all) is
 * asked for again, after dropping what the pool caches. */
static void refill_back(struct comp *c)
{
	for (int i = 0; i < 2; i++) {
		struct comp_back *b = &c->present.back[i];
		if (b->buf)
			continue;
		shm_ctx_trim(c->shm, 0);
		b->buf = shm_buffer_acquire(c->shm, c->width, c->height, c->screen->root_depth);
		/* The screen's buffers come first: window mirrors make room. */
		while (!b->buf && comp_windows_evict_one(c)) {
			shm_ctx_trim(c->shm, 0);
			b->buf = shm_buffer_acquire(c->shm, c->width, c->height,
				c->screen->root_depth);
		}
		pixman_region32_union_rect(&b->stale, &b->stale, 0, 0, c->width, c->height);
		if (!b->buf && !c->present.back_missing)
			comp_log(&c->log, LOG_WARN, "no back buffer (%s); frames wait for memory",
				shm_ctx_error(c->shm));
		c->present.back_missing = !b->buf;
	}
}

static struct comp_back *idle_back(struct comp *c)
{
	refill_back(c);
	for (int i = 0; i < 2; i++) {
		struct comp_back *b = &c->present.back[i];
		if (b->buf && !shm_buffer_is_busy(b->buf))
			return b;
	}
	return NULL;
}

static void set_update_region(struct comp *c, const pixman_region32_t *r, int32_t dx,
	int32_t dy)
{
	int n = 0;
	pixman_box32_t *boxes = pixman_region32_rectangles(r, &n);
	xcb_rectangle_t stack[64], *rects = stack;

	if (n > 64 && !(rects = malloc((size_t)n * sizeof *rects))) {
		rects = stack;
		n = 1;
		boxes = pixman_region32_extents(r);
	}
	for (int i = 0; i < n; i++)
		rects[i] = (xcb_rectangle_t){(int16_t)(boxes[i].x1 - dx),
			(int16_t)(boxes[i].y1 - dy), (uint16_t)(boxes[i].x2 - boxes[i].x1),
			(uint16_t)(boxes[i].y2 - boxes[i].y1)};
	xcb_xfixes_set_region(c->conn, c->present.update, (uint32_t)n, rects);
	if (rects != stack)
		free(rects);
}

/* Presents `region` (screen coordinates) of `pixmap`, whose (0,0) goes to
 * (x, y) on the overlay; Present takes the update region in pixmap
 * coordinates. All presents of one frame share its serial: they are
 * executed in order, so the frame is complete when any of them is. */
static void present_pixmap(struct comp *c, xcb_pixmap_t pixmap, const pixman_region32_t *region,
	int32_t x, int32_t y, uint32_t serial)
{
	set_update_region(c, region, x, y);
	xcb_present_pixmap(c->conn, c->overlay, pixmap, serial, XCB_NONE, c->present.update,
		(int16_t)x, (int16_t)y, XCB_NONE, XCB_NONE, XCB_NONE,
		c->opt.vsync ? XCB_PRESENT_OPTION_NONE : XCB_PRESENT_OPTION_ASYNC, 0, 0, 0, 0,
		NULL);
	c->present.in_flight = true;
}

static void background(struct comp *c, struct render_background *bg)
{
	bg->image = c->bg.copy ? shm_buffer_image(c->bg.copy) : NULL;
	bg->color = c->config.background_color;
}

/* Renders what `b` lacks (its stale region, which includes this frame's
 * damage) except `skip`. False when pixman ran out of memory. */
static bool render_into(struct comp *c, struct comp_back *b, const pixman_region32_t *skip)
{
	struct render_background bg;
	int nb = 0;
	pixman_box32_t *boxes;

	pixman_region32_subtract(&c->need, &b->stale, (pixman_region32_t *)skip);
	if (comp_windows_fetch(c, &c->need))
		shm_ctx_sync(c->shm);
	comp_windows_fetched(c);
	background(c, &bg);
	size_t n = comp_windows_collect(c);
	if (!render_frame(c->render, shm_buffer_image(b->buf), &c->need, &bg, c->rw, n)) {
		comp_log(&c->log, LOG_WARN, "out of memory while rendering; frame skipped");
		return false;
	}
	boxes = pixman_region32_rectangles(&c->need, &nb);
	shm_buffer_upload(c->shm, b->buf, boxes, (size_t)nb);
	pixman_region32_copy(&b->stale, (pixman_region32_t *)skip);
	return true;
}

/* Where one opaque window shows part of the damage, the server copies that
 * part from the window's own pixmap (no fetch, no render: one copy instead
 * of three); with --vsync only when that is all of the damage, since two
 * presents for one vblank would replace each other. */
static bool split_direct(struct comp *c, xcb_pixmap_t *pixmap, int32_t *x, int32_t *y)
{
	if (!comp_windows_direct(c, &c->damage, &c->direct, pixmap, x, y)) {
		pixman_region32_clear(&c->direct);
		return false;
	}
	if (!c->opt.vsync)
		return true;
	pixman_region32_t rest;
	pixman_region32_init(&rest);
	pixman_region32_subtract(&rest, &c->damage, &c->direct);
	bool all = !pixman_region32_not_empty(&rest);
	pixman_region32_fini(&rest);
	if (!all)
		pixman_region32_clear(&c->direct);
	return all;
}

void comp_paint(struct comp *c)
{
	struct comp_present *p = &c->present;
	struct comp_back *b = NULL;
	xcb_pixmap_t pixmap = XCB_NONE;
	int32_t x = 0, y = 0;

	comp_windows_subtract(c);
	if (!comp_needs_frame(c)) {
		/* Waits queued while something was pending (e.g. a window that
		 * was destroyed since) are answered by the last frame. */
		comp_ctl_nothing_to_present(c);
		return;
	}
	if (c->opt.vsync && p->in_flight)
		return;
	bool direct = split_direct(c, &pixmap, &x, &y);
	pixman_region32_subtract(&c->damage, &c->damage, &c->direct);
	bool composite = pixman_region32_not_empty(&c->damage);
	if (composite && !(b = idle_back(c))) {
		pixman_region32_union(&c->damage, &c->damage, &c->direct);
		return; /* the next IdleNotify brings us back */
	}
	for (int i = 0; i < 2; i++) {
		pixman_region32_union(&p->back[i].stale, &p->back[i].stale, &c->damage);
		pixman_region32_union(&p->back[i].stale, &p->back[i].stale, &c->direct);
	}
	if (composite && !render_into(c, b, &c->direct)) {
		pixman_region32_union(&c->damage, &c->damage, &c->direct);
		return;
	}
	uint32_t serial = (uint32_t)++p->presented;
	if (direct)
		present_pixmap(c, pixmap, &c->direct, x, y, serial);
	if (composite) {
		present_pixmap(c, shm_buffer_pixmap(b->buf), &c->damage, 0, 0, serial);
		shm_buffer_mark_busy(b->buf, serial);
	}
	p->last = direct ? NULL : b;
	pixman_region32_clear(&c->damage);
	pixman_region32_clear(&c->direct);
}

void comp_handle_present_event(struct comp *c, xcb_generic_event_t *ev)
{
	xcb_present_generic_event_t *ge = (void *)ev;
	struct comp_present *p = &c->present;

	if (ge->evtype == XCB_PRESENT_EVENT_IDLE_NOTIFY) {
		xcb_present_idle_notify_event_t *idle = (void *)ev;
		shm_ctx_idle(c->shm, idle->pixmap, idle->serial);
	} else if (ge->evtype == XCB_PRESENT_EVENT_COMPLETE_NOTIFY) {
		xcb_present_complete_notify_event_t *done = (void *)ev;
		/* Serials are the low 32 bits of the frame number. */
		uint64_t frame = (p->presented & ~(uint64_t)0xffffffff) | done->serial;
		if (frame > p->presented)
			frame -= (uint64_t)1 << 32;
		if (frame > p->completed)
			p->completed = frame;
		if (p->completed >= p->presented)
			p->in_flight = false;
		comp_ctl_frame_completed(c);
	}
}

/* The root pixmap named by _XROOTPMAP_ID or ESETROOT_PMAP_ID, if it is a
 * pixmap of the root's depth. A bogus value (freed, depth 1, a window, no
 * value) means no background pixmap. */
static xcb_pixmap_t root_pixmap(struct comp *c, xcb_atom_t prop, uint16_t *w, uint16_t *h)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(c->conn,
		xcb_get_property(c->conn, 0, c->screen->root, prop, XCB_ATOM_PIXMAP, 0, 1), NULL);
	struct prop_value v;
	xcb_pixmap_t pm = XCB_NONE;

	props_from_reply(r, &v);
	bool set = props_xid(&v, XCB_ATOM_PIXMAP, &pm);
	free(r);
	if (!set)
		return XCB_NONE;
	xcb_get_geometry_reply_t *g =
		xcb_get_geometry_reply(c->conn, xcb_get_geometry(c->conn, pm), NULL);
	xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(c->conn,
		xcb_get_window_attributes(c->conn, pm), NULL);
	bool ok = g && !a && g->depth == c->screen->root_depth;
	if (ok) {
		*w = g->width;
		*h = g->height;
	}
	free(g);
	free(a);
	return ok ? pm : XCB_NONE;
}

void comp_background_finish(struct comp *c)
{
	shm_buffer_release(c->shm, c->bg.copy);
	c->bg.copy = NULL;
	c->bg.pixmap = XCB_NONE;
}

void comp_background_update(struct comp *c)
{
	uint16_t w = 0, h = 0;
	xcb_pixmap_t pm = root_pixmap(c, c->atoms.xrootpmap, &w, &h);

	if (pm == XCB_NONE)
		pm = root_pixmap(c, c->atoms.esetroot, &w, &h);
	comp_background_finish(c);
	if (pm == XCB_NONE)
		return;
	if (w < RENDER_MAX_SIDE && h < RENDER_MAX_SIDE)
		c->bg.copy = shm_buffer_acquire(c->shm, w, h, c->screen->root_depth);
	pixman_box32_t all = {0, 0, w, h};
	if (!c->bg.copy || !shm_buffer_fetch(c->shm, c->bg.copy, pm, 0, 0, &all, 1) ||
		!shm_ctx_sync(c->shm)) {
		comp_log(&c->log, LOG_WARN, "root pixmap 0x%x (%ux%u) not usable: %s", pm, w, h,
			shm_ctx_error(c->shm));
		comp_background_finish(c);
		return;
	}
	c->bg.pixmap = pm;
}
