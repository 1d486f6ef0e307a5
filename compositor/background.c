/* The root background pixmap, read from the root's properties and copied. */
#include <stdlib.h>

#include "compositor/background.h"
#include "compositor/props.h"

/* pixman composites nothing from a source this wide or high. */
#define MAX_SIDE 32767u

/* The root pixmap named by `prop`, if it is a pixmap of the root's depth. A
 * bogus value (freed, depth 1, a window, no value) means no background pixmap. */
static xcb_pixmap_t root_pixmap(struct background *b, xcb_atom_t prop, uint16_t *w, uint16_t *h)
{
	struct display *d = b->dpy;
	xcb_get_property_reply_t *r = display_get_property(d, d->root, prop, XCB_ATOM_PIXMAP, 1);
	struct prop_value v;
	xcb_pixmap_t pm = XCB_NONE;

	props_from_reply(r, &v);
	bool set = props_xid(&v, XCB_ATOM_PIXMAP, &pm);
	free(r);
	if (!set)
		return XCB_NONE;
	xcb_get_geometry_cookie_t gc = xcb_get_geometry(d->conn, pm);
	xcb_get_window_attributes_cookie_t ac = xcb_get_window_attributes(d->conn, pm);
	xcb_get_geometry_reply_t *g = display_reply(d, xcb_get_geometry_reply(d->conn, gc, NULL));
	xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(d->conn, ac, NULL);
	bool ok = g && !a && g->depth == d->screen->root_depth;
	if (ok) {
		*w = g->width;
		*h = g->height;
	}
	free(g);
	free(a);
	return ok ? pm : XCB_NONE;
}

void background_finish(struct background *b)
{
	shm_buffer_release(b->shm, b->copy);
	b->copy = NULL;
	b->pixmap = XCB_NONE;
}

void background_update(struct background *b)
{
	uint16_t w = 0, h = 0;
	xcb_pixmap_t pm = root_pixmap(b, b->dpy->atoms.xrootpmap, &w, &h);

	if (pm == XCB_NONE)
		pm = root_pixmap(b, b->dpy->atoms.esetroot, &w, &h);
	background_finish(b);
	if (pm == XCB_NONE)
		return;
	if (w < MAX_SIDE && h < MAX_SIDE)
		b->copy = shm_buffer_acquire(b->shm, w, h, b->dpy->screen->root_depth);
	pixman_box32_t all = {0, 0, w, h};
	if (!b->copy || !shm_buffer_fetch(b->shm, b->copy, pm, 0, 0, &all, 1) ||
		!shm_ctx_sync(b->shm)) {
		comp_log(b->log, COMP_LOG_WARN, "root pixmap 0x%x (%ux%u) not usable: %s", pm, w,
			h, shm_ctx_error(b->shm));
		background_finish(b);
		return;
	}
	b->pixmap = pm;
}

bool background_is_property(const struct background *b, xcb_atom_t atom)
{
	return atom == b->dpy->atoms.xrootpmap || atom == b->dpy->atoms.esetroot;
}

void background_for_render(const struct background *b, uint32_t color,
	struct render_background *out)
{
	out->image = b->copy ? shm_buffer_image(b->copy) : NULL;
	out->color = color;
}
