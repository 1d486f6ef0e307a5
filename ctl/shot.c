/* screenshot: the root window read with GetImage (ZPixmap, all planes) in horizontal strips so
 * that no reply is huge, copied into a pixman image of the screen's own format and written as
 * PNG by the render module. These are the server's pixels, exactly what `xwd -root` reads. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <pixman.h>

#include "ctl/ctl.h"
#include "render/render.h"

#define STRIP_BYTES (256 * 1024)

struct pixel_layout {
	uint8_t depth;
	uint8_t bpp;
	uint32_t red, green, blue;
	pixman_format_code_t format;
};

static const struct pixel_layout layouts[] = {
	{24, 32, 0xff0000, 0x00ff00, 0x0000ff, PIXMAN_x8r8g8b8},
	{24, 32, 0x0000ff, 0x00ff00, 0xff0000, PIXMAN_x8b8g8r8},
	{16, 16, 0xf800, 0x07e0, 0x001f, PIXMAN_r5g6b5},
	{16, 16, 0x001f, 0x07e0, 0xf800, PIXMAN_b5g6r5},
};

struct shot {
	pixman_image_t *img;
	uint16_t width, height;
	uint8_t depth;
	uint8_t bpp;
	size_t src_stride; /* bytes per line in GetImage replies, scanline pad included */
	bool swap;         /* the server's image byte order is not ours */
};

static const xcb_visualtype_t *root_visual(const xcb_screen_t *s)
{
	xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(s);

	for (; d.rem > 0; xcb_depth_next(&d)) {
		xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data);

		for (; v.rem > 0; xcb_visualtype_next(&v)) {
			if (v.data->visual_id == s->root_visual)
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

static const struct pixel_layout *find_layout(uint8_t depth, const xcb_format_t *pf,
					      const xcb_visualtype_t *v)
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

static bool init_shot(struct ctl_conn *cc, struct shot *shot)
{
	const xcb_setup_t *setup = xcb_get_setup(cc->c);
	const xcb_screen_t *s = cc->screen;
	const xcb_format_t *pf = pixmap_format(setup, s->root_depth);
	const xcb_visualtype_t *v = root_visual(s);
	const struct pixel_layout *l = find_layout(s->root_depth, pf, v);

	if (!l) {
		ctl_error("screenshot: the screen of %s has depth %u (%u bits per pixel, "
			  "visual class %u): only TrueColor RGB screens of depth 24 (32 bpp) "
			  "or 16 are supported",
			cc->display, s->root_depth, pf ? pf->bits_per_pixel : 0, v ? v->_class : 0);
		return false;
	}
	shot->width = s->width_in_pixels;
	shot->height = s->height_in_pixels;
	shot->depth = s->root_depth;
	shot->bpp = l->bpp;
	shot->src_stride = ((size_t)shot->width * l->bpp + pf->scanline_pad - 1) /
		pf->scanline_pad * pf->scanline_pad / 8;
	shot->swap = (setup->image_byte_order == XCB_IMAGE_ORDER_LSB_FIRST) != host_is_lsb_first();
	shot->img = pixman_image_create_bits(l->format, shot->width, shot->height, NULL, 0);
	if (!shot->img)
		ctl_error("screenshot: out of memory for a %ux%u image", shot->width, shot->height);
	return shot->img != NULL;
}

static void swap_row(void *row, uint16_t width, uint8_t bpp)
{
	if (bpp == 32) {
		uint32_t *p = row;

		for (uint16_t x = 0; x < width; x++)
			p[x] = __builtin_bswap32(p[x]);
	} else {
		uint16_t *p = row;

		for (uint16_t x = 0; x < width; x++)
			p[x] = __builtin_bswap16(p[x]);
	}
}

static void copy_rows(struct shot *shot, const uint8_t *src, uint16_t y, uint16_t rows)
{
	uint8_t *base = (uint8_t *)pixman_image_get_data(shot->img);
	size_t stride = (size_t)pixman_image_get_stride(shot->img);
	size_t row_bytes = (size_t)shot->width * shot->bpp / 8;

	for (uint16_t i = 0; i < rows; i++) {
		uint8_t *dst = base + ((size_t)y + i) * stride;

		memcpy(dst, src + (size_t)i * shot->src_stride, row_bytes);
		if (shot->swap)
			swap_row(dst, shot->width, shot->bpp);
	}
}

static bool read_strip(struct ctl_conn *cc, struct shot *shot, uint16_t y, uint16_t rows)
{
	xcb_get_image_cookie_t ck = xcb_get_image(cc->c, XCB_IMAGE_FORMAT_Z_PIXMAP,
		cc->screen->root, 0, (int16_t)y, shot->width, rows, UINT32_MAX);
	xcb_generic_error_t *err;
	xcb_get_image_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);
	bool ok;

	if (!r)
		return ctl_x_failed(cc, err, "GetImage of the root window");
	ok = r->depth == shot->depth &&
		(size_t)xcb_get_image_data_length(r) >= (size_t)rows * shot->src_stride;
	if (ok)
		copy_rows(shot, xcb_get_image_data(r), y, rows);
	else
		ctl_error("screenshot: GetImage on %s returned depth %u and %d bytes for %u rows",
			cc->display, r->depth, xcb_get_image_data_length(r), rows);
	free(r);
	return ok;
}

static bool read_screen(struct ctl_conn *cc, struct shot *shot)
{
	/* 0 when one line is longer than STRIP_BYTES: then a line at a time */
	size_t per_strip = STRIP_BYTES / shot->src_stride;
	uint16_t rows = (uint16_t)(per_strip > UINT16_MAX ? UINT16_MAX : per_strip ? per_strip : 1);

	for (uint32_t y = 0; y < shot->height; y += rows) {
		uint32_t n = shot->height - y < rows ? shot->height - y : rows;

		if (!read_strip(cc, shot, (uint16_t)y, (uint16_t)n))
			return false;
	}
	return true;
}

bool ctl_screenshot(struct ctl_conn *cc, const char *path)
{
	struct shot shot = {.img = NULL};
	char err[512];
	bool ok;

	if (!init_shot(cc, &shot))
		return false;
	ok = read_screen(cc, &shot);
	if (ok && !render_png_write(shot.img, path, false, err, sizeof err)) {
		ctl_error("screenshot: %s", err);
		ok = false;
	}
	pixman_image_unref(shot.img);
	return ok;
}
