/* Screenshots for diff-test: GetImage of the root decoded through the server's
 * pixmap format, exact comparison of the pixel values masked to the depth, and
 * PNG output of the shots and of a diff image (matches dimmed, differences red). */
#include "tests/diff/diff.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/harness/harness.h"

static const xcb_format_t *format_of(const xcb_setup_t *setup, uint8_t depth)
{
	xcb_format_iterator_t it = xcb_setup_pixmap_formats_iterator(setup);

	for (; it.rem; xcb_format_next(&it))
		if (it.data->depth == depth)
			return it.data;
	return NULL;
}

static uint32_t depth_mask(int depth)
{
	return depth >= 32 ? 0xffffffffu : (1u << depth) - 1;
}

static uint32_t load_pixel(const uint8_t *p, int bytes, bool msb_first)
{
	uint32_t v = 0;

	for (int i = 0; i < bytes; i++) {
		int k = msb_first ? i : bytes - 1 - i;
		v = v << 8 | p[k];
	}
	return v;
}

static bool decode_image(const xcb_setup_t *setup, const xcb_get_image_reply_t *r, struct shot *s)
{
	const xcb_format_t *f = format_of(setup, (uint8_t)s->depth);
	const uint8_t *data = xcb_get_image_data(r);
	size_t bytes, stride;

	if (!f || f->bits_per_pixel % 8 || f->bits_per_pixel > 32 || !f->scanline_pad) {
		fprintf(stderr, "diff-test: unsupported pixmap format for depth %d\n", s->depth);
		return false;
	}
	bytes = f->bits_per_pixel / 8;
	stride = ((size_t)s->w * f->bits_per_pixel + f->scanline_pad - 1) / f->scanline_pad *
	         f->scanline_pad / 8;
	if ((size_t)xcb_get_image_data_length(r) < stride * (size_t)s->h) {
		fprintf(stderr, "diff-test: short GetImage reply\n");
		return false;
	}
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++)
			s->px[(size_t)y * (size_t)s->w + (size_t)x] =
			        load_pixel(data + (size_t)y * stride + (size_t)x * bytes,
			                (int)bytes, setup->image_byte_order) &
			        depth_mask(s->depth);
	return true;
}

bool shot_grab(xcb_connection_t *c, xcb_screen_t *screen, struct shot *s)
{
	const xcb_visualtype_t *v = x_visual(screen, screen->root_visual);
	xcb_get_image_reply_t *r;
	bool ok;

	memset(s, 0, sizeof *s);
	if (!v)
		return false;
	s->w = screen->width_in_pixels;
	s->h = screen->height_in_pixels;
	s->depth = screen->root_depth;
	s->rmask = v->red_mask;
	s->gmask = v->green_mask;
	s->bmask = v->blue_mask;
	r = xcb_get_image_reply(c,
	        xcb_get_image(c, XCB_IMAGE_FORMAT_Z_PIXMAP, screen->root, 0, 0, (uint16_t)s->w,
	                (uint16_t)s->h, 0xffffffffu),
	        NULL);
	if (!r) {
		fprintf(stderr, "diff-test: GetImage of the root failed\n");
		return false;
	}
	s->px = malloc((size_t)s->w * (size_t)s->h * sizeof *s->px);
	ok = s->px && r->depth == s->depth && decode_image(xcb_get_setup(c), r, s);
	free(r);
	if (!ok)
		shot_free(s);
	return ok;
}

void shot_free(struct shot *s)
{
	free(s->px);
	s->px = NULL;
}

static void note_difference(struct shot_diff *d, int x, int y, uint32_t a, uint32_t b)
{
	if (d->count++ == 0) {
		*d = (struct shot_diff){1, x, y, a, b, x, y, x, y};
		return;
	}
	d->x0 = x < d->x0 ? x : d->x0;
	d->x1 = x > d->x1 ? x : d->x1;
	d->y1 = y;
}

bool shot_compare(const struct shot *a, const struct shot *b, struct shot_diff *d)
{
	memset(d, 0, sizeof *d);
	if (a->w != b->w || a->h != b->h || a->depth != b->depth) {
		fprintf(stderr, "diff-test: screens differ in size or depth\n");
		d->count = -1;
		return false;
	}
	for (int y = 0; y < a->h; y++)
		for (int x = 0; x < a->w; x++) {
			size_t i = (size_t)y * (size_t)a->w + (size_t)x;
			if (a->px[i] != b->px[i])
				note_difference(d, x, y, a->px[i], b->px[i]);
		}
	return d->count == 0;
}

static uint8_t channel8(uint32_t px, uint32_t mask)
{
	uint32_t max, v;

	if (!mask)
		return 0;
	max = mask >> __builtin_ctz(mask);
	v = (px & mask) >> __builtin_ctz(mask);
	return (uint8_t)((v * 255 + max / 2) / max);
}

static void to_rgb(const struct shot *s, uint32_t px, uint8_t *rgb)
{
	rgb[0] = channel8(px, s->rmask);
	rgb[1] = channel8(px, s->gmask);
	rgb[2] = channel8(px, s->bmask);
}

/* rows: w*h*3 bytes of RGB. */
static bool write_rgb_png(const char *path, const uint8_t *rgb, int w, int h)
{
	FILE *f = fopen(path, "wb");
	png_structp png = NULL;
	png_infop info = NULL;
	volatile bool ok = false; /* set after setjmp */

	if (!f)
		goto out;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info || setjmp(png_jmpbuf(png)))
		goto out;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
	        PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++)
		png_write_row(png, rgb + (size_t)y * (size_t)w * 3);
	png_write_end(png, NULL);
	ok = true;
out:
	png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "diff-test: cannot write %s\n", path);
	return ok;
}

bool shot_write_png(const struct shot *s, const char *path)
{
	uint8_t *rgb = malloc((size_t)s->w * (size_t)s->h * 3);
	bool ok;

	if (!rgb)
		return false;
	for (size_t i = 0; i < (size_t)s->w * (size_t)s->h; i++)
		to_rgb(s, s->px[i], rgb + 3 * i);
	ok = write_rgb_png(path, rgb, s->w, s->h);
	free(rgb);
	return ok;
}

bool shot_write_diff_png(const struct shot *a, const struct shot *b, const char *path)
{
	uint8_t *rgb = malloc((size_t)a->w * (size_t)a->h * 3);
	bool ok;

	if (!rgb)
		return false;
	for (size_t i = 0; i < (size_t)a->w * (size_t)a->h; i++) {
		uint8_t *o = rgb + 3 * i;
		to_rgb(a, a->px[i], o);
		if (a->px[i] != b->px[i]) {
			o[0] = 255, o[1] = 0, o[2] = 0;
			continue;
		}
		for (int k = 0; k < 3; k++)
			o[k] = (uint8_t)(o[k] / 4);
	}
	ok = write_rgb_png(path, rgb, a->w, a->h);
	free(rgb);
	return ok;
}
