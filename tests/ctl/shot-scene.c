/* The screenshot tests' scene and their oracle: seeded random root pixels under a few
 * windows, then shmcomp-ctl's PNG (read back with render_png_read) compared with xwd's dump
 * pixel for pixel, with no tolerance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pixman.h>
#include <xcb/xcb.h>

#include "render/render.h"
#include "tests/ctl/driver.h"
#include "tests/ctl/shot-scene.h"

#define SCENE_SEED 0x5eedc0deu
#define PUT_BYTES (128 * 1024) /* per PutImage, well under the core request limit */

struct shot_scene {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	uint32_t rng;
};

static uint32_t next_random(struct shot_scene *s)
{
	/* xorshift32 */
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return s->rng;
}

static const xcb_format_t *root_format(const struct shot_scene *s)
{
	xcb_format_iterator_t f = xcb_setup_pixmap_formats_iterator(xcb_get_setup(s->c));

	for (; f.rem > 0; xcb_format_next(&f)) {
		if (f.data->depth == s->screen->root_depth)
			return f.data;
	}
	return NULL;
}

static bool fill_root(struct shot_scene *s)
{
	const xcb_format_t *f = root_format(s);
	uint16_t w = s->screen->width_in_pixels, h = s->screen->height_in_pixels;
	size_t stride, rows;
	uint8_t *data;
	xcb_gcontext_t gc = xcb_generate_id(s->c);

	if (!f)
		return false;
	stride = ((size_t)w * f->bits_per_pixel + f->scanline_pad - 1) / f->scanline_pad *
	         f->scanline_pad / 8;
	rows = PUT_BYTES / stride;
	data = malloc(stride * rows);
	if (!data)
		return false;
	xcb_create_gc(s->c, gc, s->screen->root, 0, NULL);
	for (uint16_t y = 0; y < h; y += (uint16_t)rows) {
		size_t left = (size_t)(h - y);
		uint16_t n = (uint16_t)(left < rows ? left : rows);

		for (size_t i = 0; i < stride * n; i++)
			data[i] = (uint8_t)next_random(s);
		xcb_put_image(s->c, XCB_IMAGE_FORMAT_Z_PIXMAP, s->screen->root, gc, w, n, 0,
		        (int16_t)y, 0, s->screen->root_depth, (uint32_t)(stride * n), data);
	}
	xcb_free_gc(s->c, gc);
	free(data);
	return true;
}

static void add_window(
        struct shot_scene *s, int16_t x, int16_t y, uint16_t w, uint16_t h, uint16_t border)
{
	uint32_t depth_mask = (uint32_t)(((uint64_t)1 << s->screen->root_depth) - 1);
	uint32_t values[] = {next_random(s) & depth_mask, next_random(s) & depth_mask};
	xcb_window_t win = xcb_generate_id(s->c);

	xcb_create_window(s->c, XCB_COPY_FROM_PARENT, win, s->screen->root, x, y, w, h, border,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT,
	        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL, values);
	xcb_map_window(s->c, win);
}

struct shot_scene *shot_scene_draw(const struct xserver *xs)
{
	struct shot_scene *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->c = xserver_connect(xs, &s->screen);
	s->rng = SCENE_SEED;
	if (!fill_root(s)) {
		shot_scene_free(s);
		return NULL;
	}
	add_window(s, 20, 30, 200, 150, 5);
	add_window(s, 150, 100, 300, 200, 3);
	/* reaches past the bottom-right corner of the screen */
	add_window(s, (int16_t)(s->screen->width_in_pixels - 60),
	        (int16_t)(s->screen->height_in_pixels - 40), 100, 100, 1);
	x_sync(s->c);
	return s;
}

void shot_scene_free(struct shot_scene *s)
{
	if (!s)
		return;
	if (s->c)
		xcb_disconnect(s->c);
	free(s);
}

/* xwd's dump as an a8r8g8b8 image, for render_diff_image. */
static pixman_image_t *xwd_to_image(const struct xwd_image *x)
{
	pixman_image_t *img =
	        pixman_image_create_bits(PIXMAN_a8r8g8b8, (int)x->width, (int)x->height, NULL, 0);
	uint32_t *bits = img ? pixman_image_get_data(img) : NULL;
	size_t stride = img ? (size_t)pixman_image_get_stride(img) / 4 : 0;

	for (uint32_t y = 0; img && y < x->height; y++) {
		for (uint32_t px = 0; px < x->width; px++)
			bits[y * stride + px] = 0xff000000u | xwd_rgb(x, px, y);
	}
	return img;
}

static void write_diff(pixman_image_t *shot, const struct xwd_image *x, const char *dir)
{
	pixman_image_t *ref = xwd_to_image(x);
	pixman_image_t *diff = ref ? render_diff_image(shot, ref, 0) : NULL;
	char path[512], err[256];

	snprintf(path, sizeof path, "%s/diff.png", dir);
	if (diff && render_png_write(diff, path, false, err, sizeof err))
		fprintf(stderr, "differences (red) in %s\n", path);
	if (diff)
		pixman_image_unref(diff);
	if (ref)
		pixman_image_unref(ref);
}

/* Counts differing pixels; reports the first. */
static uint64_t count_differences(pixman_image_t *shot, const struct xwd_image *x)
{
	const uint32_t *bits = pixman_image_get_data(shot);
	size_t stride = (size_t)pixman_image_get_stride(shot) / 4;
	uint64_t count = 0;

	for (uint32_t y = 0; y < x->height; y++) {
		for (uint32_t px = 0; px < x->width; px++) {
			uint32_t got = bits[y * stride + px];
			uint32_t want = 0xff000000u | xwd_rgb(x, px, y);

			if (got != want && count++ == 0)
				fprintf(stderr, "first difference at %u,%u: png %08x, xwd %08x\n",
				        px, y, got, want);
		}
	}
	return count;
}

static bool compare_images(pixman_image_t *shot, const struct xwd_image *x, const char *dir)
{
	uint32_t w = (uint32_t)pixman_image_get_width(shot);
	uint32_t h = (uint32_t)pixman_image_get_height(shot);
	uint64_t count;

	if (w != x->width || h != x->height) {
		fprintf(stderr, "png is %ux%u, xwd %ux%u\n", w, h, x->width, x->height);
		return false;
	}
	count = count_differences(shot, x);
	if (count == 0)
		return true;
	fprintf(stderr, "%llu of %llu pixels differ (depth %u, scene seed 0x%08x)\n",
	        (unsigned long long)count, (unsigned long long)w * h, x->depth, SCENE_SEED);
	write_diff(shot, x, dir);
	return false;
}

bool shot_scene_compare(
        const struct shot_scene *s, const char *png, const char *xwd, const char *dir)
{
	char err[512];
	struct xwd_image x;
	pixman_image_t *shot = render_png_read(png, err, sizeof err);
	bool ok;

	if (!shot) {
		fprintf(stderr, "cannot read the screenshot: %s\n", err);
		return false;
	}
	ok = xwd_read(xwd, &x, err, sizeof err);
	if (!ok)
		fprintf(stderr, "cannot read %s: %s\n", xwd, err);
	ok = ok && x.width == s->screen->width_in_pixels && compare_images(shot, &x, dir);
	xwd_free(&x);
	pixman_image_unref(shot);
	return ok;
}
