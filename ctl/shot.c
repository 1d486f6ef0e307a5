/* screenshot: the screen (GetImage of the root window: what shmcomp presented; `import -window
 * root` reads the same, `xwd -root` does not once a depth-32 window is on screen), a region of
 * it, or one window from its own redirected pixmap (Composite NameWindowPixmap, so covered and
 * off-screen parts are there, border included, alpha too for depth 32), optionally drawn with
 * its shadow as shmcomp draws it; written as PNG by the render module. --stable captures until
 * two captures in a row agree. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/composite.h>
#include <xcb/shape.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"
#include "render/render.h"

struct win_geom {
	uint32_t width, height; /* outer: border included */
	uint16_t border;
	uint8_t depth;
	xcb_visualid_t visual;
};

/* Whether r lies within a width x height image; reports it when not. */
static bool geometry_fits(const struct ctl_rect *r, uint32_t width, uint32_t height, const char *of)
{
	if (r->x >= 0 && r->y >= 0 && (uint64_t)r->x + r->width <= width &&
	        (uint64_t)r->y + r->height <= height)
		return true;
	ctl_error("--geometry %" PRIu32 "x%" PRIu32 "%+" PRId32 "%+" PRId32
	          " is not inside %s (%" PRIu32 "x%" PRIu32 ")",
	        r->width, r->height, r->x, r->y, of, width, height);
	return false;
}

static bool write_png(pixman_image_t *img, const struct ctl_shot *s, bool alpha)
{
	char err[512];

	if (render_png_write(img, s->path, alpha, err, sizeof err))
		return true;
	ctl_error("screenshot: %s", err);
	return false;
}

static pixman_image_t *screen_image(struct ctl_conn *cc, const struct ctl_shot *s)
{
	const xcb_screen_t *scr = cc->screen;
	struct ctl_rect r = {0, 0, scr->width_in_pixels, scr->height_in_pixels};

	if (s->has_geometry) {
		if (!geometry_fits(&s->geometry, r.width, r.height, "the screen"))
			return NULL;
		r = s->geometry;
	}
	return ctl_get_image(
	        cc, scr->root, scr->root_depth, scr->root_visual, &r, "the root window");
}

/* A new image of r's part of img, in img's format. */
static pixman_image_t *crop(pixman_image_t *img, const struct ctl_rect *r)
{
	pixman_image_t *out = pixman_image_create_bits(
	        pixman_image_get_format(img), (int)r->width, (int)r->height, NULL, 0);

	if (!out) {
		ctl_error("screenshot: out of memory");
		return NULL;
	}
	pixman_image_composite32(PIXMAN_OP_SRC, img, NULL, out, r->x, r->y, 0, 0, 0, 0,
	        (int)r->width, (int)r->height);
	return out;
}

static bool window_geometry(
        struct ctl_conn *cc, const char *who, xcb_window_t w, struct win_geom *g)
{
	xcb_get_geometry_cookie_t gc = xcb_get_geometry(cc->c, w);
	xcb_get_window_attributes_cookie_t ac = xcb_get_window_attributes(cc->c, w);
	xcb_generic_error_t *gerr = NULL, *aerr = NULL;
	xcb_get_geometry_reply_t *geo = ctl_round_trip(cc, gc.sequence, &gerr);
	xcb_get_window_attributes_reply_t *attr = NULL;
	bool ok;

	if (geo || gerr)
		attr = ctl_round_trip(cc, ac.sequence, &aerr);
	ok = geo && attr;
	if (!ok && (gerr || aerr))
		ctl_error("screenshot: %s went away", who);
	if (ok) {
		g->border = geo->border_width;
		g->width = geo->width + 2u * geo->border_width;
		g->height = geo->height + 2u * geo->border_width;
		g->depth = geo->depth;
		g->visual = attr->visual;
	}
	free(gerr);
	free(aerr);
	free(geo);
	free(attr);
	return ok;
}

static bool composite_ready(struct ctl_conn *cc)
{
	/* prefetched in ctl_connect and answered long ago: this does not block */
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(cc->c, &xcb_composite_id);
	xcb_composite_query_version_cookie_t ck;
	xcb_composite_query_version_reply_t *r;
	xcb_generic_error_t *err;

	if (!ext || !ext->present) {
		ctl_error("screenshot: %s has no Composite extension", cc->display);
		return false;
	}
	ck = xcb_composite_query_version(cc->c, 0, 4);
	r = ctl_round_trip(cc, ck.sequence, &err);
	if (!r)
		return ctl_x_failed(cc, err, "Composite QueryVersion");
	free(r);
	return true;
}

/* The window's redirected contents, border included (r: the part, outer coordinates). */
static pixman_image_t *window_pixels(struct ctl_conn *cc, const char *who, xcb_window_t w,
        const struct win_geom *g, const struct ctl_rect *r)
{
	xcb_pixmap_t pix = xcb_generate_id(cc->c);
	xcb_get_geometry_cookie_t ck;
	xcb_get_geometry_reply_t *geo;
	xcb_generic_error_t *err;
	pixman_image_t *img = NULL;

	/* allowed for any client while the window is redirected; the pixmap keeps the pixels
	 * even if the window goes away meanwhile */
	xcb_composite_name_window_pixmap(cc->c, w, pix);
	ck = xcb_get_geometry(cc->c, pix);
	geo = ctl_round_trip(cc, ck.sequence, &err);
	if (!geo && err)
		ctl_error("screenshot: cannot get the pixels of %s: it is not redirected "
		          "(NameWindowPixmap failed; is shmcomp compositing it?)",
		        who);
	free(err);
	if (geo &&
	        ((int64_t)geo->width + 2 * geo->border_width < (int64_t)r->x + r->width ||
	                (int64_t)geo->height + 2 * geo->border_width < (int64_t)r->y + r->height))
		ctl_error("screenshot: %s was resized while it was read", who);
	else if (geo)
		img = ctl_get_image(cc, pix, g->depth, g->visual, r, who);
	free(geo);
	xcb_free_pixmap(cc->c, pix);
	return img;
}

/* The bounding shape in outer coordinates, or false for an unshaped window (or no SHAPE). */
static bool window_shape(
        struct ctl_conn *cc, xcb_window_t w, uint16_t border, pixman_region32_t *shape)
{
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(cc->c, &xcb_shape_id);
	xcb_shape_query_extents_cookie_t qc;
	xcb_shape_get_rectangles_cookie_t rc;
	xcb_shape_query_extents_reply_t *q;
	xcb_shape_get_rectangles_reply_t *rects = NULL;
	xcb_generic_error_t *qerr = NULL, *rerr = NULL;

	if (!ext || !ext->present)
		return false;
	qc = xcb_shape_query_extents(cc->c, w);
	rc = xcb_shape_get_rectangles(cc->c, w, XCB_SHAPE_SK_BOUNDING);
	q = ctl_round_trip(cc, qc.sequence, &qerr);
	if (q || qerr)
		rects = ctl_round_trip(cc, rc.sequence, &rerr);
	free(qerr);
	free(rerr);
	if (!q || !rects || !q->bounding_shaped) {
		free(q);
		free(rects);
		return false;
	}
	/* shape rectangles are relative to the window's origin, inside its border */
	const xcb_rectangle_t *r = xcb_shape_get_rectangles_rectangles(rects);
	int n = xcb_shape_get_rectangles_rectangles_length(rects);

	pixman_region32_init(shape);
	for (int i = 0; i < n; i++)
		pixman_region32_union_rect(
		        shape, shape, r[i].x + border, r[i].y + border, r[i].width, r[i].height);
	free(q);
	free(rects);
	return true;
}

static pixman_image_t *with_shadow(
        struct ctl_conn *cc, xcb_window_t w, pixman_image_t *img, const struct win_geom *g)
{
	struct ctl_reply r;
	struct ctl_window_fx fx;
	pixman_region32_t shape;
	bool shaped, ok;
	char *text = ctl_request_text(cc, "screenshot --shadow", CTL_WINDOW, w, NULL, &r);
	pixman_image_t *out;

	if (!text)
		return NULL;
	ok = ctl_parse_window_fx(text, &fx);
	free(text);
	if (!ok)
		return NULL;
	shaped = window_shape(cc, w, g->border, &shape);
	if (cc->timed_out)
		return NULL; /* reported; not a guess at the shape */
	out = ctl_paint_with_shadow(img, g->depth == 32, shaped ? &shape : NULL, &fx);
	if (shaped)
		pixman_region32_fini(&shape);
	return out;
}

/* The window image to write: its pixels, maybe with its shadow, cropped to --geometry. */
static pixman_image_t *window_image(struct ctl_conn *cc, const struct ctl_shot *s,
        const struct ctl_window *win, const char *who)
{
	struct win_geom g = {0, 0, 0, 0, XCB_NONE};
	struct ctl_rect all, part;
	pixman_image_t *img, *out;

	if (!window_geometry(cc, who, win->toplevel, &g) || !composite_ready(cc))
		return NULL;
	all = (struct ctl_rect){0, 0, g.width, g.height};
	if (s->has_geometry && !s->shadow && !geometry_fits(&s->geometry, g.width, g.height, who))
		return NULL;
	part = s->has_geometry && !s->shadow ? s->geometry : all;
	img = window_pixels(cc, who, win->toplevel, &g, &part);
	if (!img || !s->shadow)
		return img;
	out = with_shadow(cc, win->toplevel, img, &g);
	pixman_image_unref(img);
	if (!out || !s->has_geometry)
		return out;
	img = out;
	out = geometry_fits(&s->geometry, (uint32_t)pixman_image_get_width(img),
	              (uint32_t)pixman_image_get_height(img), "the window with its shadow")
	              ? crop(img, &s->geometry)
	              : NULL;
	pixman_image_unref(img);
	return out;
}

/* What the screenshot writes: the screen or the window, as the options say. */
static pixman_image_t *capture(
        struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win)
{
	char who[3 * CTL_TEXT_MAX];

	if (!win)
		return screen_image(cc, s);
	ctl_window_describe(win, who, sizeof who);
	return window_image(cc, s, win, who);
}

static bool write_shot(pixman_image_t *img, const struct ctl_shot *s, bool is_window)
{
	return write_png(img, s, s->alpha || (is_window && s->shadow));
}

bool ctl_screenshot(struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win)
{
	pixman_image_t *img = capture(cc, s, win);
	bool ok;

	if (!img)
		return false;
	ok = write_shot(img, s, win != NULL);
	pixman_image_unref(img);
	return ok;
}

static void report_unstable(struct ctl_conn *cc, const struct ctl_shot *s, unsigned captures,
        const struct render_diff *d)
{
	ctl_error("timed out after %g s waiting for the %s to hold still: %u captures %" PRIu32
	          " ms apart, each different from the one before",
	        cc->timeout, s->target.by == CTL_BY_NONE ? "screen" : "window", captures,
	        s->stable_ms);
	if (d->size_mismatch)
		ctl_error("the last two differ in size");
	else if (d->count)
		ctl_error("the last two differ in %llu pixels (by up to %u), the first at %d,%d",
		        (unsigned long long)d->count, d->max_delta, d->first_x, d->first_y);
}

/* A plain wait: everything drawn before it is on screen, so the next capture shows it. */
static bool wait_drawn(struct ctl_conn *cc)
{
	struct ctl_reply r;

	return ctl_request(cc, CTL_WAIT, 0, "the screen to hold still", &r) &&
	       ctl_reply_ok(cc, "screenshot --stable", &r);
}

bool ctl_screenshot_stable(
        struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win)
{
	struct render_diff d = {0};
	pixman_image_t *prev = capture(cc, s, win), *cur;
	unsigned captures = 1;
	bool ok = false;

	while (prev) {
		if (!ctl_sleep(cc, (int)s->stable_ms)) {
			report_unstable(cc, s, captures, &d);
			break;
		}
		if (!wait_drawn(cc) || !(cur = capture(cc, s, win)))
			break;
		captures++;
		if (render_compare(prev, cur, 0, NULL, &d)) {
			ok = write_shot(cur, s, win != NULL);
			pixman_image_unref(cur);
			break;
		}
		pixman_image_unref(prev);
		prev = cur;
	}
	if (prev)
		pixman_image_unref(prev);
	return ok;
}
