/*
 * paint: one window's pixels within its clip: opaque ones copied (SRC), others blended
 * through their opacity, rounded corners through the cached disc, then the dim overlay.
 */
#include "render/render-private.h"

/* ctx->inner: the window's rectangle within the frame, minus its c x c corner squares. */
static bool set_inner(struct render_ctx *ctx, const struct render_window *win, uint32_t c)
{
	const pixman_box32_t *bounds = &ctx->paint_bounds;
	int64_t x = win->x, y = win->y, w = win->width, h = win->height;

	pixman_region32_clear(&ctx->inner);
	return render_union_box(&ctx->inner, bounds, x + c, y, w - 2 * (int64_t)c, h) &&
	       render_union_box(&ctx->inner, bounds, x, y + c, w, h - 2 * (int64_t)c);
}

static void set_mask_alpha(struct render_ctx *ctx, uint8_t a)
{
	*(unsigned char *)&ctx->mask_bits = a;
}

void render_composite_region(pixman_op_t op, pixman_image_t *src, int64_t sx, int64_t sy,
        pixman_image_t *mask, int64_t mx, int64_t my, pixman_image_t *dst,
        const pixman_region32_t *region)
{
	int n;
	const pixman_box32_t *boxes = pixman_region32_rectangles(region, &n);

	for (int i = 0; i < n; i++) {
		const pixman_box32_t *b = &boxes[i];

		pixman_image_composite32(op, src, mask, dst, (int32_t)(b->x1 - sx),
		        (int32_t)(b->y1 - sy), (int32_t)(b->x1 - mx), (int32_t)(b->y1 - my), b->x1,
		        b->y1, b->x2 - b->x1, b->y2 - b->y1);
	}
}

static void paint_plain(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip)
{
	int n;
	const pixman_box32_t *boxes = pixman_region32_rectangles(clip, &n);
	pixman_op_t op = render_window_opaque(win) ? PIXMAN_OP_SRC : PIXMAN_OP_OVER;
	pixman_image_t *mask = NULL;

	if (win->opacity != RENDER_OPACITY_OPAQUE) {
		set_mask_alpha(ctx, render_opacity_u8(win->opacity));
		mask = ctx->mask;
	}
	for (int i = 0; i < n; i++) {
		const pixman_box32_t *b = &boxes[i];

		/* b lies within the image, so these offsets fit its int coordinates */
		pixman_image_composite32(op, win->image, mask, dst,
		        (int32_t)(b->x1 - (int64_t)win->x), (int32_t)(b->y1 - (int64_t)win->y), 0,
		        0, b->x1, b->y1, b->x2 - b->x1, b->y2 - b->y1);
	}
}

/* Composite src (at sx, sy) through the disc mask over the four corner squares of clip. */
static bool paint_corners(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip, uint32_t c,
        pixman_image_t *src, int64_t sx, int64_t sy, pixman_image_t *disc)
{
	const pixman_box32_t *bounds = pixman_region32_extents(clip);

	for (int q = 0; q < 4; q++) {
		int64_t x = q & 1 ? (int64_t)win->x + win->width - c : win->x;
		int64_t y = q & 2 ? (int64_t)win->y + win->height - c : win->y;

		pixman_region32_clear(&ctx->fxtmp[0]);
		if (!render_union_box(&ctx->fxtmp[0], bounds, x, y, c, c) ||
		        !pixman_region32_intersect(&ctx->part, clip, &ctx->fxtmp[0]))
			return false;
		/* the disc's right and bottom halves serve the right and bottom corners */
		render_composite_region(PIXMAN_OP_OVER, src, sx, sy, disc, q & 1 ? x - c : x,
		        q & 2 ? y - c : y, dst, &ctx->part);
	}
	return true;
}

/* a * b / 255, rounded as pixman rounds it. */
static uint8_t mul8(unsigned a, unsigned b)
{
	unsigned t = a * b + 0x80;

	return (uint8_t)((t + (t >> 8)) >> 8);
}

static void scale_disc(pixman_image_t *to, pixman_image_t *from, int side, uint8_t a)
{
	uint8_t *d = (uint8_t *)pixman_image_get_data(to);
	const uint8_t *s = (const uint8_t *)pixman_image_get_data(from);
	int ds = pixman_image_get_stride(to), ss = pixman_image_get_stride(from);

	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++)
			d[y * ds + x] = mul8(s[y * ss + x], a);
}

/* The disc for corner radius c scaled by alpha a: the cached one, or ctx->scaled_disc (kept
 * for the next window of the same radius and alpha). */
static pixman_image_t *corner_mask(struct render_ctx *ctx, uint32_t c, uint8_t a)
{
	struct render_mask *disc = render_corner_disc(ctx, c);
	pixman_image_t *s = ctx->scaled_disc;
	int side = (int)(2 * c);

	if (!disc || a == 255)
		return disc ? disc->img : NULL;
	if (s && ctx->scaled_corner == c && ctx->scaled_alpha == a)
		return s;
	if (!s || pixman_image_get_width(s) < side || pixman_image_get_height(s) < side) {
		if (s)
			pixman_image_unref(s);
		ctx->scaled_corner = 0;
		s = ctx->scaled_disc = pixman_image_create_bits(PIXMAN_a8, side, side, NULL, 0);
		if (!s)
			return NULL;
	}
	scale_disc(s, disc->img, side, a);
	ctx->scaled_corner = c;
	ctx->scaled_alpha = a;
	return s;
}

/* A rounded window: its inside as usual, its corner squares through the disc. */
static bool paint_rounded(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip, uint32_t c)
{
	pixman_image_t *disc;

	if (!set_inner(ctx, win, c) || !pixman_region32_intersect(&ctx->part, clip, &ctx->inner))
		return false;
	paint_plain(ctx, dst, win, &ctx->part);
	disc = corner_mask(ctx, c,
	        win->opacity == RENDER_OPACITY_OPAQUE ? 255 : render_opacity_u8(win->opacity));
	return disc && paint_corners(ctx, dst, win, clip, c, win->image, win->x, win->y, disc);
}

static uint8_t dim_alpha(const struct render_ctx *ctx, const struct render_window *win)
{
	double dim = win->dim;

	if (!ctx->fx.dim_fixed)
		dim *= (double)win->opacity / RENDER_OPACITY_OPAQUE;
	return render_unit_to_u8(dim);
}

/* picom inactive-dim: black of alpha dim OVER what the window painted. ctx->inner is the
 * rounded window's, from paint_rounded. */
static bool paint_dim(struct render_ctx *ctx, pixman_image_t *dst, const struct render_window *win,
        const pixman_region32_t *clip, uint32_t c, uint8_t a)
{
	struct render_mask *disc;

	ctx->fx_bits = (uint32_t)a << 24;
	if (!c) {
		render_over_solid_region(ctx->fx_src, ctx->fx_bits, NULL, 0, 0, dst, clip);
		return true;
	}
	if (!pixman_region32_intersect(&ctx->part, clip, &ctx->inner))
		return false;
	render_over_solid_region(ctx->fx_src, ctx->fx_bits, NULL, 0, 0, dst, &ctx->part);
	disc = render_corner_disc(ctx, c);
	return disc && paint_corners(ctx, dst, win, clip, c, ctx->fx_src, 0, 0, disc->img);
}

bool render_paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip)
{
	uint32_t c;
	uint8_t dim;

	if (!win->corner_radius && !(win->dim > 0)) {
		paint_plain(ctx, dst, win, clip);
		return true;
	}
	c = render_corner_radius(win);
	if (c && render_clear_of_corners(win, c, clip))
		c = 0;
	if (!c)
		paint_plain(ctx, dst, win, clip);
	else if (!paint_rounded(ctx, dst, win, clip, c))
		return false;
	dim = win->dim > 0 ? dim_alpha(ctx, win) : 0;
	return !dim || paint_dim(ctx, dst, win, clip, c, dim);
}

/* Within part of clip (no corner square), src replaces what is there or blends at alpha a. */
static void paint_src(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *part,
        pixman_image_t *src, int64_t sx, int64_t sy, uint8_t a)
{
	if (a == 255) {
		render_composite_region(PIXMAN_OP_SRC, src, sx, sy, NULL, 0, 0, dst, part);
		return;
	}
	set_mask_alpha(ctx, a);
	render_composite_region(PIXMAN_OP_OVER, src, sx, sy, ctx->mask, 0, 0, dst, part);
}

bool render_paint_masked(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip, pixman_image_t *src,
        int64_t sx, int64_t sy, uint8_t a)
{
	uint32_t c = render_corner_radius(win);
	pixman_image_t *disc;

	if (!c || render_clear_of_corners(win, c, clip)) {
		paint_src(ctx, dst, clip, src, sx, sy, a);
		return true;
	}
	if (!set_inner(ctx, win, c) || !pixman_region32_intersect(&ctx->part, clip, &ctx->inner))
		return false;
	paint_src(ctx, dst, &ctx->part, src, sx, sy, a);
	disc = corner_mask(ctx, c, a);
	return disc && paint_corners(ctx, dst, win, clip, c, src, sx, sy, disc);
}
