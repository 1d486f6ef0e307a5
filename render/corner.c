/*
 * corner: coverage of rounded corners (picom corner-radius), anti-aliased by integrating the
 * pixels the arc crosses, and the cached disc mask that paints them.
 */
#include <math.h>

#include "render/render-private.h"

#define SLICES 64

uint32_t render_corner_radius(const struct render_window *win)
{
	uint32_t c = win->corner_radius;

	if (c > win->width / 2)
		c = win->width / 2;
	if (c > win->height / 2)
		c = win->height / 2;
	return c;
}

static double sq(double v)
{
	return v * v;
}

/* The arc's centre is (c, c); the pixel spans [i, i + 1) x [j, j + 1). Pixels the arc
 * crosses are integrated in vertical slices, each covered from the arc down. */
double render_corner_coverage(uint32_t c, uint32_t i, uint32_t j)
{
	double r2 = sq(c), near_x = c - (i + 1.0), near_y = c - (j + 1.0);
	double far_x = c - (double)i, far_y = c - (double)j, sum = 0;

	if (sq(far_x) + sq(far_y) <= r2)
		return 1.0;
	if (sq(near_x) + sq(near_y) >= r2)
		return 0.0;
	for (int s = 0; s < SLICES; s++) {
		double dx = c - (i + (s + 0.5) / SLICES);
		double top = c - sqrt(fmax(0.0, r2 - sq(dx)));

		sum += fmin(1.0, fmax(0.0, j + 1.0 - fmax(top, (double)j)));
	}
	return sum / SLICES;
}

static uint32_t fold(uint32_t c, uint32_t v)
{
	return v < c ? v : 2 * c - 1 - v;
}

static pixman_image_t *make_disc(uint32_t c)
{
	int side = (int)(2 * c);
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_a8, side, side, NULL, 0);
	uint8_t *bits;
	int stride;

	if (!img)
		return NULL;
	bits = (uint8_t *)pixman_image_get_data(img);
	stride = pixman_image_get_stride(img);
	for (uint32_t y = 0; y < 2 * c; y++) {
		for (uint32_t x = 0; x < 2 * c; x++) {
			double cov = render_corner_coverage(c, fold(c, x), fold(c, y));

			bits[(size_t)y * (size_t)stride + x] = render_unit_to_u8(cov);
		}
	}
	return img;
}

struct render_mask *render_corner_disc(struct render_ctx *ctx, uint32_t c)
{
	struct render_mask_key key = {.kind = RENDER_MASK_DISC, .corner = c};
	struct render_mask *m = render_cache_find(&ctx->cache, &key, NULL);

	if (m)
		return m;
	m = render_mask_new(&key);
	if (!m || !(m->img = make_disc(c))) {
		render_mask_free(m);
		return NULL;
	}
	render_mask_account(m);
	render_cache_insert(&ctx->cache, m);
	return m;
}
