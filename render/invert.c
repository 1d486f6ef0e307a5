/*
 * invert: picom's invert-color, a copy of a window's pixels with each colour channel c of
 * alpha a made a - c (premultiplied, so a translucent pixel stays as translucent), made
 * where the frame needs it.
 */
#include "render/render-private.h"

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void invert_box(
        pixman_image_t *img, int64_t x1, int64_t y1, int64_t x2, int64_t y2, bool alpha)
{
	uint32_t *px = pixman_image_get_data(img);
	size_t stride = (size_t)pixman_image_get_stride(img) / 4;

	for (int64_t y = y1; y < y2; y++) {
		uint32_t *row = px + (size_t)y * stride;
		for (int64_t x = x1; x < x2; x++) {
			uint32_t p = row[x], a = alpha ? p >> 24 : 255u, out = p & 0xff000000u;
			for (int s = 0; s < 24; s += 8) {
				uint32_t c = (p >> s) & 0xff;
				out |= (c > a ? 0 : a - c) << s;
			}
			row[x] = out;
		}
	}
}

pixman_image_t *render_inverted(const struct render_window *win, const pixman_region32_t *clip)
{
	int64_t w = pixman_image_get_width(win->image), h = pixman_image_get_height(win->image);
	int64_t x1 = 0, y1 = 0, x2 = w, y2 = h;
	pixman_image_t *copy;

	if (clip) {
		const pixman_box32_t *e = pixman_region32_extents((pixman_region32_t *)clip);
		x1 = clamp64((int64_t)e->x1 - win->x, 0, w);
		y1 = clamp64((int64_t)e->y1 - win->y, 0, h);
		x2 = clamp64((int64_t)e->x2 - win->x, 0, w);
		y2 = clamp64((int64_t)e->y2 - win->y, 0, h);
	}
	if (x1 >= x2 || y1 >= y2)
		return NULL;
	/* as large as the image up to the clip: image (0, 0) stays the window's corner */
	copy = pixman_image_create_bits(
	        win->argb ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8, (int)x2, (int)y2, NULL, 0);
	if (!copy)
		return NULL;
	pixman_image_composite32(PIXMAN_OP_SRC, win->image, NULL, copy, (int32_t)x1, (int32_t)y1, 0,
	        0, (int32_t)x1, (int32_t)y1, (int32_t)(x2 - x1), (int32_t)(y2 - y1));
	invert_box(copy, x1, y1, x2, y2, win->argb);
	return copy;
}
