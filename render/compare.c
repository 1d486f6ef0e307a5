/*
 * compare: pixel comparison of two images in 8-bit channels, and a weston-style diff image
 * (matching pixels dimmed, differing ones red) for test failures.
 */
#include <stdlib.h>

#include "render/render-private.h"
#include "render/render.h"

#define DIFF_RED 0xffff0000u

static bool has_alpha(pixman_image_t *img)
{
	return PIXMAN_FORMAT_A(pixman_image_get_format(img)) > 0;
}

/* A row of an a8r8g8b8 image. */
static uint32_t *row_of(pixman_image_t *img, int y)
{
	char *base = (char *)pixman_image_get_data(img);

	return (uint32_t *)(void *)(base + (size_t)y * (size_t)pixman_image_get_stride(img));
}

/* Largest channel difference: R, G, B, and A when alpha. */
static unsigned pixel_delta(uint32_t p, uint32_t q, bool alpha)
{
	unsigned max = 0;

	for (int shift = 0; shift < (alpha ? 32 : 24); shift += 8) {
		int d = (int)((p >> shift) & 0xff) - (int)((q >> shift) & 0xff);
		unsigned ad = (unsigned)abs(d);

		if (ad > max)
			max = ad;
	}
	return max;
}

static bool clamp_clip(const pixman_box32_t *clip, int w, int h, pixman_box32_t *box)
{
	*box = (pixman_box32_t){0, 0, w, h};
	if (clip) {
		box->x1 = clip->x1 > 0 ? clip->x1 : 0;
		box->y1 = clip->y1 > 0 ? clip->y1 : 0;
		box->x2 = clip->x2 < w ? clip->x2 : w;
		box->y2 = clip->y2 < h ? clip->y2 : h;
	}
	return box->x1 < box->x2 && box->y1 < box->y2;
}

static void note_pixel(struct render_diff *d, unsigned delta, unsigned tolerance, int x, int y)
{
	if (delta > d->max_delta)
		d->max_delta = delta;
	if (delta <= tolerance)
		return;
	if (d->count++ == 0) {
		d->first_x = x;
		d->first_y = y;
	}
}

/* a and b are a8r8g8b8 of the same size. */
static void compare_box(pixman_image_t *a, pixman_image_t *b, const pixman_box32_t *box, bool alpha,
        unsigned tolerance, struct render_diff *d)
{
	for (int y = box->y1; y < box->y2; y++) {
		const uint32_t *pa = row_of(a, y);
		const uint32_t *pb = row_of(b, y);

		for (int x = box->x1; x < box->x2; x++)
			note_pixel(d, pixel_delta(pa[x], pb[x], alpha), tolerance, x, y);
	}
}

bool render_compare(pixman_image_t *a, pixman_image_t *b, unsigned tolerance,
        const pixman_box32_t *clip, struct render_diff *out)
{
	struct render_diff d = {.first_x = -1, .first_y = -1};
	int w = pixman_image_get_width(a);
	int h = pixman_image_get_height(a);
	pixman_image_t *ca = NULL, *cb = NULL;
	pixman_box32_t box;
	bool same = false;

	if (w != pixman_image_get_width(b) || h != pixman_image_get_height(b)) {
		d.size_mismatch = true;
		goto done;
	}
	ca = render_to_argb32(a);
	cb = render_to_argb32(b);
	if (!ca || !cb)
		goto done; /* out of memory: reported as "differs", count 0 */
	if (clamp_clip(clip, w, h, &box))
		compare_box(ca, cb, &box, has_alpha(a) && has_alpha(b), tolerance, &d);
	same = d.count == 0;
done:
	if (cb)
		pixman_image_unref(cb);
	if (ca)
		pixman_image_unref(ca);
	if (out)
		*out = d;
	return same;
}

static uint32_t dim(uint32_t p)
{
	unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
	uint32_t grey = (r * 77 + g * 150 + b * 29) >> 8; /* luma, BT.601 weights */

	grey = grey / 4 + 16;
	return 0xff000000u | grey << 16 | grey << 8 | grey;
}

static void fill_diff(
        pixman_image_t *out, pixman_image_t *a, pixman_image_t *b, unsigned tolerance, bool alpha)
{
	int aw = pixman_image_get_width(a), ah = pixman_image_get_height(a);
	int bw = pixman_image_get_width(b), bh = pixman_image_get_height(b);

	for (int y = 0; y < pixman_image_get_height(out); y++) {
		uint32_t *po = row_of(out, y);

		for (int x = 0; x < pixman_image_get_width(out); x++) {
			bool both = x < aw && y < ah && x < bw && y < bh;
			uint32_t pa = both ? row_of(a, y)[x] : 0;
			uint32_t pb = both ? row_of(b, y)[x] : 0;

			po[x] = both && pixel_delta(pa, pb, alpha) <= tolerance ? dim(pa)
			                                                        : DIFF_RED;
		}
	}
}

pixman_image_t *render_diff_image(pixman_image_t *a, pixman_image_t *b, unsigned tolerance)
{
	int w = pixman_image_get_width(a), h = pixman_image_get_height(a);
	pixman_image_t *ca = render_to_argb32(a);
	pixman_image_t *cb = render_to_argb32(b);
	pixman_image_t *out = NULL;

	if (pixman_image_get_width(b) > w)
		w = pixman_image_get_width(b);
	if (pixman_image_get_height(b) > h)
		h = pixman_image_get_height(b);
	if (ca && cb)
		out = pixman_image_create_bits(PIXMAN_a8r8g8b8, w, h, NULL, 0);
	if (out)
		fill_diff(out, ca, cb, tolerance, has_alpha(a) && has_alpha(b));
	if (cb)
		pixman_image_unref(cb);
	if (ca)
		pixman_image_unref(ca);
	return out;
}
