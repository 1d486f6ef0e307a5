/* Reading pixels from the server: a rectangle of a window or pixmap read with GetImage
 * (ZPixmap, all planes) in horizontal strips so that no reply is huge, copied into a pixman
 * image of the drawable's own format (byte-swapped when the server's order is not ours). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

#define STRIP_BYTES ((size_t)256 * 1024)

struct pixel_layout {
	uint8_t depth;
	uint8_t bpp;
	uint32_t red, green, blue;
	pixman_format_code_t format;
};

/* Depth 32 is an ARGB visual: the bits the colour masks leave are alpha, premultiplied as
 * X Render has it. */
static const struct pixel_layout layouts[] = {
        {24, 32, 0xff0000, 0x00ff00, 0x0000ff, PIXMAN_x8r8g8b8},
        {24, 32, 0x0000ff, 0x00ff00, 0xff0000, PIXMAN_x8b8g8r8},
        {32, 32, 0xff0000, 0x00ff00, 0x0000ff, PIXMAN_a8r8g8b8},
        {32, 32, 0x0000ff, 0x00ff00, 0xff0000, PIXMAN_a8b8g8r8},
        {16, 16, 0xf800, 0x07e0, 0x001f, PIXMAN_r5g6b5},
        {16, 16, 0x001f, 0x07e0, 0xf800, PIXMAN_b5g6r5},
};

struct reader {
	struct ctl_conn *cc;
	xcb_drawable_t drawable;
	const char *what; /* for messages: "the root window", "window 0x400001" */
	pixman_image_t *img;
	uint8_t depth;
	uint8_t bpp;
	size_t src_stride; /* bytes per line in GetImage replies, scanline pad included */
	bool swap;         /* the server's image byte order is not ours */
};

static const xcb_visualtype_t *find_visual(const xcb_screen_t *s, xcb_visualid_t id)
{
	xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(s);

	for (; d.rem > 0; xcb_depth_next(&d)) {
		xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data);

		for (; v.rem > 0; xcb_visualtype_next(&v)) {
			if (v.data->visual_id == id)
				return v.data;
		}
	}
	return NULL;
}

static const xcb_format_t *pixmap_format(const xcb_setup_t *setup, uint8_t depth)
{
	xcb_format_iterator_t f = xcb_setup_pixmap_formats_iterator(setup);

	for (; f.rem > 0; xcb_format_next(&f)) {
		if (f.data->depth == depth)
			return f.data;
	}
	return NULL;
}

static const struct pixel_layout *find_layout(
        uint8_t depth, const xcb_format_t *pf, const xcb_visualtype_t *v)
{
	if (!pf || !v || v->_class != XCB_VISUAL_CLASS_TRUE_COLOR)
		return NULL;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct pixel_layout *l = &layouts[i];

		if (l->depth == depth && l->bpp == pf->bits_per_pixel && l->red == v->red_mask &&
		        l->green == v->green_mask && l->blue == v->blue_mask)
			return l;
	}
	return NULL;
}

static bool host_is_lsb_first(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

static bool init_reader(
        struct reader *rd, uint8_t depth, xcb_visualid_t visual, const struct ctl_rect *r)
{
	const xcb_setup_t *setup = xcb_get_setup(rd->cc->c);
	const xcb_format_t *pf = pixmap_format(setup, depth);
	const xcb_visualtype_t *v = find_visual(rd->cc->screen, visual);
	const struct pixel_layout *l = find_layout(depth, pf, v);

	if (!l) {
		ctl_error("screenshot: %s on %s has depth %u (%u bits per pixel, visual class %u): "
		          "only TrueColor RGB of depth 24 (32 bpp), 32 (ARGB) or 16 is supported",
		        rd->what, rd->cc->display, depth, pf ? pf->bits_per_pixel : 0,
		        v ? v->_class : 0);
		return false;
	}
	rd->depth = depth;
	rd->bpp = l->bpp;
	rd->src_stride = ((size_t)r->width * l->bpp + pf->scanline_pad - 1) / pf->scanline_pad *
	                 pf->scanline_pad / 8;
	rd->swap = (setup->image_byte_order == XCB_IMAGE_ORDER_LSB_FIRST) != host_is_lsb_first();
	rd->img = pixman_image_create_bits(l->format, (int)r->width, (int)r->height, NULL, 0);
	if (!rd->img)
		ctl_error("screenshot: out of memory for a %" PRIu32 "x%" PRIu32 " image", r->width,
		        r->height);
	return rd->img != NULL;
}

static void swap_row(void *row, uint32_t width, uint8_t bpp)
{
	if (bpp == 32) {
		uint32_t *p = row;

		for (uint32_t x = 0; x < width; x++)
			p[x] = __builtin_bswap32(p[x]);
	} else {
		uint16_t *p = row;

		for (uint32_t x = 0; x < width; x++)
			p[x] = __builtin_bswap16(p[x]);
	}
}

static void copy_rows(struct reader *rd, const uint8_t *src, uint32_t y, uint32_t rows)
{
	uint8_t *base = (uint8_t *)pixman_image_get_data(rd->img);
	size_t stride = (size_t)pixman_image_get_stride(rd->img);
	uint32_t width = (uint32_t)pixman_image_get_width(rd->img);
	size_t row_bytes = (size_t)width * rd->bpp / 8;

	for (uint32_t i = 0; i < rows; i++) {
		uint8_t *dst = base + ((size_t)y + i) * stride;

		memcpy(dst, src + (size_t)i * rd->src_stride, row_bytes);
		if (rd->swap)
			swap_row(dst, width, rd->bpp);
	}
}

/* Rows [y, y + rows) of the image, from the drawable at r's offset. */
static bool read_strip(struct reader *rd, const struct ctl_rect *r, uint32_t y, uint32_t rows)
{
	xcb_get_image_cookie_t ck = xcb_get_image(rd->cc->c, XCB_IMAGE_FORMAT_Z_PIXMAP,
	        rd->drawable, (int16_t)r->x, (int16_t)(r->y + (int32_t)y), (uint16_t)r->width,
	        (uint16_t)rows, UINT32_MAX);
	xcb_generic_error_t *err;
	xcb_get_image_reply_t *reply = ctl_round_trip(rd->cc, ck.sequence, &err);
	char what[96];
	bool ok;

	if (!reply) {
		snprintf(what, sizeof what, "GetImage of %s", rd->what);
		return ctl_x_failed(rd->cc, err, what);
	}
	ok = reply->depth == rd->depth &&
	     (size_t)xcb_get_image_data_length(reply) >= (size_t)rows * rd->src_stride;
	if (ok)
		copy_rows(rd, xcb_get_image_data(reply), y, rows);
	else
		ctl_error("screenshot: GetImage of %s on %s returned depth %u and %d bytes for "
		          "%" PRIu32 " rows",
		        rd->what, rd->cc->display, reply->depth, xcb_get_image_data_length(reply),
		        rows);
	free(reply);
	return ok;
}

pixman_image_t *ctl_get_image(struct ctl_conn *cc, xcb_drawable_t d, uint8_t depth,
        xcb_visualid_t visual, const struct ctl_rect *r, const char *what)
{
	struct reader rd = {.cc = cc, .drawable = d, .what = what};
	size_t per_strip;
	uint32_t rows;

	if (!init_reader(&rd, depth, visual, r))
		return NULL;
	/* 0 when one line is longer than STRIP_BYTES: then a line at a time */
	per_strip = STRIP_BYTES / rd.src_stride;
	rows = (uint32_t)(per_strip > UINT16_MAX ? UINT16_MAX : per_strip ? per_strip : 1);
	/* The strips must come from one frame: while the server is grabbed no
	 * other client (the compositor presenting the next frame) is served. */
	xcb_grab_server(cc->c);
	for (uint32_t y = 0; y < r->height; y += rows) {
		uint32_t n = r->height - y < rows ? r->height - y : rows;

		if (!read_strip(&rd, r, y, n)) {
			xcb_ungrab_server(cc->c);
			xcb_flush(cc->c);
			pixman_image_unref(rd.img);
			return NULL;
		}
	}
	xcb_ungrab_server(cc->c);
	xcb_flush(cc->c);
	return rd.img;
}
