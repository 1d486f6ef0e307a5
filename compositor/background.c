/* The root background: the root pixmap properties, or a probe of the root's own. */
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/shape.h>
#include <xcb/xcbext.h> /* xcb_poll_for_reply */
#include <xcb/xfixes.h>

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

static void drop_copy(struct background *b)
{
	shm_buffer_release(b->shm, b->copy);
	b->copy = NULL;
	b->pixmap = XCB_NONE;
}

void background_finish(struct background *b)
{
	bool changed;

	background_probe_done(b, true, &changed);
	drop_copy(b);
	shm_buffer_release(b->shm, b->own);
	b->own = NULL;
}

void background_update(struct background *b)
{
	uint16_t w = 0, h = 0;
	xcb_pixmap_t pm = root_pixmap(b, b->dpy->atoms.xrootpmap, &w, &h);

	if (pm == XCB_NONE)
		pm = root_pixmap(b, b->dpy->atoms.esetroot, &w, &h);
	drop_copy(b);
	if (pm == XCB_NONE)
		return;
	if (w < MAX_SIDE && h < MAX_SIDE)
		b->copy = shm_buffer_acquire(b->shm, w, h, b->dpy->screen->root_depth);
	pixman_box32_t all = {0, 0, w, h};
	if (!b->copy || !shm_buffer_fetch(b->shm, b->copy, pm, 0, 0, &all, 1) ||
	        !shm_ctx_sync(b->shm)) {
		comp_log(b->log, COMP_LOG_WARN, "root pixmap 0x%x (%ux%u) not usable: %s", pm, w, h,
		        shm_ctx_error(b->shm));
		drop_copy(b);
		return;
	}
	b->pixmap = pm;
}

bool background_is_property(const struct background *b, xcb_atom_t atom)
{
	return atom == b->dpy->atoms.xrootpmap || atom == b->dpy->atoms.esetroot;
}

void background_for_render(
        const struct background *b, uint32_t color, bool color_set, struct render_background *out)
{
	out->image = b->copy                ? shm_buffer_image(b->copy)
	             : b->own && !color_set ? shm_buffer_image(b->own)
	                                    : NULL;
	out->color = color;
}

xcb_pixmap_t background_pixmap(const struct background *b, bool color_set)
{
	const struct shm_buffer *img = b->copy ? b->copy : !color_set ? b->own : NULL;

	if (!img || shm_ctx_backend(b->shm) == SHM_NONE || shm_buffer_width(img) < b->width ||
	        shm_buffer_height(img) < b->height)
		return XCB_NONE;
	return shm_buffer_pixmap(img);
}

/* A full-screen override-redirect window with a ParentRelative background and
 * an empty input shape (the pointer is never "in" it), mapped. */
static xcb_window_t make_probe(struct background *b)
{
	xcb_connection_t *conn = b->dpy->conn;
	xcb_window_t w = xcb_generate_id(conn);
	uint32_t values[] = {XCB_BACK_PIXMAP_PARENT_RELATIVE, 1};
	xcb_xfixes_region_t empty = xcb_generate_id(conn);

	xcb_create_window(conn, XCB_COPY_FROM_PARENT, w, b->dpy->root, 0, 0, (uint16_t)b->width,
	        (uint16_t)b->height, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT,
	        XCB_CW_BACK_PIXMAP | XCB_CW_OVERRIDE_REDIRECT, values);
	xcb_xfixes_create_region(conn, empty, 0, NULL);
	xcb_xfixes_set_window_shape_region(conn, w, XCB_SHAPE_SK_INPUT, 0, 0, empty);
	xcb_xfixes_destroy_region(conn, empty);
	xcb_map_window(conn, w);
	return w;
}

/* The probe's pixels into `into`, between the two switches of the root's
 * redirection (manual to automatic, where the server paints the probe's
 * background into its pixmap, and back), all under one server grab. */
static bool send_probe(struct background *b, struct shm_buffer *into)
{
	xcb_connection_t *conn = b->dpy->conn;
	xcb_window_t root = b->dpy->root;
	pixman_box32_t all = {0, 0, (int32_t)b->width, (int32_t)b->height};
	xcb_pixmap_t pix = xcb_generate_id(conn);
	bool ok;

	b->seq_first = xcb_grab_server(conn).sequence;
	xcb_composite_redirect_subwindows(conn, root, XCB_COMPOSITE_REDIRECT_AUTOMATIC);
	xcb_composite_unredirect_subwindows(conn, root, XCB_COMPOSITE_REDIRECT_MANUAL);
	b->probe = make_probe(b);
	xcb_composite_name_window_pixmap(conn, b->probe, pix);
	ok = shm_buffer_fetch(b->shm, into, pix, 0, 0, &all, 1);
	xcb_free_pixmap(conn, pix);
	xcb_destroy_window(conn, b->probe);
	xcb_composite_redirect_subwindows(conn, root, XCB_COMPOSITE_REDIRECT_MANUAL);
	xcb_composite_unredirect_subwindows(conn, root, XCB_COMPOSITE_REDIRECT_AUTOMATIC);
	b->seq_last = xcb_ungrab_server(conn).sequence;
	b->probe_sent = true;
	/* its reply comes once the copy is in shared memory */
	b->marker = xcb_get_input_focus(conn);
	return ok;
}

static bool same_pixels(struct shm_buffer *a, struct shm_buffer *c)
{
	size_t bytes = shm_buffer_stride(a) * shm_buffer_height(a);

	return shm_buffer_stride(a) == shm_buffer_stride(c) &&
	       shm_buffer_height(a) == shm_buffer_height(c) &&
	       memcmp(pixman_image_get_data(shm_buffer_image(a)),
	               pixman_image_get_data(shm_buffer_image(c)), bytes) == 0;
}

void background_forget_own(struct background *b)
{
	shm_buffer_release(b->shm, b->own);
	b->own = NULL;
}

bool background_probe_start(struct background *b)
{
	if (b->copy || b->next)
		return false;
	b->next = shm_buffer_acquire(b->shm, b->width, b->height, b->dpy->screen->root_depth);
	if (b->next && send_probe(b, b->next)) {
		comp_log(b->log, COMP_LOG_DEBUG, "probing the root background (reply %u)",
		        b->marker.sequence);
		return true;
	}
	comp_log(b->log, COMP_LOG_WARN, "cannot read the root window's background: %s",
	        shm_ctx_error(b->shm));
	if (b->next)
		xcb_discard_reply(b->dpy->conn, b->marker.sequence);
	shm_buffer_release(b->shm, b->next);
	b->next = NULL;
	return false;
}

bool background_probe_done(struct background *b, bool wait, bool *changed)
{
	xcb_get_input_focus_reply_t *r = NULL;
	xcb_generic_error_t *e = NULL;

	*changed = false;
	if (!b->next)
		return true;
	if (wait)
		r = xcb_get_input_focus_reply(b->dpy->conn, b->marker, &e);
	else if (!xcb_poll_for_reply(b->dpy->conn, b->marker.sequence, (void **)&r, &e))
		return false;
	bool ok = r != NULL;
	comp_log(b->log, COMP_LOG_DEBUG, "root background probe %u back%s", b->marker.sequence,
	        ok ? "" : " without a reply");
	free(r);
	free(e);
	if (ok) {
		*changed = !b->own || !same_pixels(b->own, b->next);
		shm_buffer_release(b->shm, b->own);
		b->own = b->next;
	} else {
		shm_buffer_release(b->shm, b->next); /* the connection is going */
	}
	b->next = NULL;
	return true;
}

bool background_probe(struct background *b)
{
	bool changed = false;

	if (background_probe_start(b))
		background_probe_done(b, true, &changed);
	return changed;
}

bool background_probe_damage(const struct background *b, uint32_t full_sequence)
{
	return b->probe_sent && full_sequence - b->seq_first <= b->seq_last - b->seq_first;
}
