/*
 * frame: paints one frame. A top-down pass gives each window its clip (damage ∩ shape minus
 * the opaque windows above it); then the background and the windows are painted bottom to top.
 */
#include <stdlib.h>

#include "render/render.h"

struct render_ctx {
	pixman_region32_t *clips; /* per window of the current frame; grown, never shrunk */
	size_t clips_cap;
	pixman_region32_t area;    /* the damage within dst */
	pixman_region32_t covered; /* part of area hidden by opaque windows above the current one */
	/* scratch; pixman reuses a destination's storage unless it is also an operand, so
	 * results alternate between these two */
	pixman_region32_t tmp[2];
	uint32_t mask_bits;   /* storage of mask's one a8 pixel */
	pixman_image_t *mask; /* 1x1 repeating a8: opacity of the window being painted */
	/* 1x1 repeating a8r8g8b8: the background colour. Composited, not filled with
	 * pixman_image_fill_boxes, which silently paints nothing when no enabled pixman
	 * implementation can fill (PIXMAN_DISABLE="fast mmx sse2 ssse3 avx2") */
	uint32_t solid_bits;
	pixman_image_t *solid;
};

struct render_ctx *render_ctx_create(void)
{
	struct render_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	pixman_region32_init(&ctx->area);
	pixman_region32_init(&ctx->covered);
	pixman_region32_init(&ctx->tmp[0]);
	pixman_region32_init(&ctx->tmp[1]);
	ctx->mask = pixman_image_create_bits(PIXMAN_a8, 1, 1, &ctx->mask_bits, 4);
	ctx->solid = pixman_image_create_bits(PIXMAN_a8r8g8b8, 1, 1, &ctx->solid_bits, 4);
	if (!ctx->mask || !ctx->solid) {
		render_ctx_destroy(ctx);
		return NULL;
	}
	pixman_image_set_repeat(ctx->mask, PIXMAN_REPEAT_NORMAL);
	pixman_image_set_repeat(ctx->solid, PIXMAN_REPEAT_NORMAL);
	return ctx;
}

void render_ctx_destroy(struct render_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->solid)
		pixman_image_unref(ctx->solid);
	if (ctx->mask)
		pixman_image_unref(ctx->mask);
	for (size_t i = 0; i < ctx->clips_cap; i++)
		pixman_region32_fini(&ctx->clips[i]);
	free(ctx->clips);
	pixman_region32_fini(&ctx->tmp[1]);
	pixman_region32_fini(&ctx->tmp[0]);
	pixman_region32_fini(&ctx->covered);
	pixman_region32_fini(&ctx->area);
	free(ctx);
}

static bool ensure_clips(struct render_ctx *ctx, size_t n)
{
	pixman_region32_t *clips;

	if (n <= ctx->clips_cap)
		return true;
	if (n > SIZE_MAX / sizeof(*clips))
		return false;
	/* pixman regions hold no pointer to themselves, so realloc may move them */
	clips = realloc(ctx->clips, n * sizeof(*clips));
	if (!clips)
		return false;
	for (size_t i = ctx->clips_cap; i < n; i++)
		pixman_region32_init(&clips[i]);
	ctx->clips = clips;
	ctx->clips_cap = n;
	return true;
}

static bool is_opaque(const struct render_window *win)
{
	return !win->argb && win->opacity == RENDER_OPACITY_OPAQUE;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* The window's on-screen rectangle, limited to its image and to bounds; false if empty. */
static bool window_box(
        const struct render_window *win, const pixman_box32_t *bounds, pixman_box32_t *box)
{
	int64_t w = min64(win->width, pixman_image_get_width(win->image));
	int64_t h = min64(win->height, pixman_image_get_height(win->image));
	int64_t x1 = max64(win->x, bounds->x1);
	int64_t y1 = max64(win->y, bounds->y1);
	int64_t x2 = min64((int64_t)win->x + w, bounds->x2);
	int64_t y2 = min64((int64_t)win->y + h, bounds->y2);

	if (x1 >= x2 || y1 >= y2)
		return false;
	/* all four lie within bounds, hence within int32_t */
	*box = (pixman_box32_t){(int32_t)x1, (int32_t)y1, (int32_t)x2, (int32_t)y2};
	return true;
}

/* The part of area the window may paint, before occlusion: tmp[0] or tmp[1]. */
static pixman_region32_t *window_area(
        struct render_ctx *ctx, const struct render_window *win, const pixman_box32_t *box)
{
	uint32_t w = (uint32_t)(box->x2 - box->x1);
	uint32_t h = (uint32_t)(box->y2 - box->y1);

	if (!win->shape) {
		if (!pixman_region32_intersect_rect(
		            &ctx->tmp[0], &ctx->area, box->x1, box->y1, w, h))
			return NULL;
		return &ctx->tmp[0];
	}
	if (!pixman_region32_copy(&ctx->tmp[1], win->shape))
		return NULL;
	pixman_region32_translate(&ctx->tmp[1], win->x, win->y);
	if (!pixman_region32_intersect_rect(&ctx->tmp[0], &ctx->tmp[1], box->x1, box->y1, w, h) ||
	        !pixman_region32_intersect(&ctx->tmp[1], &ctx->tmp[0], &ctx->area))
		return NULL;
	return &ctx->tmp[1];
}

/* clip = what of the window shows; an opaque window then adds its clip to covered. */
static bool window_clip(
        struct render_ctx *ctx, const struct render_window *win, pixman_region32_t *clip)
{
	pixman_box32_t box;
	pixman_region32_t *avail, swap;

	if (!win->image || win->opacity == 0 ||
	        !window_box(win, pixman_region32_extents(&ctx->area), &box)) {
		pixman_region32_clear(clip);
		return true;
	}
	avail = window_area(ctx, win, &box);
	if (!avail || !pixman_region32_subtract(clip, avail, &ctx->covered))
		return false;
	if (!is_opaque(win))
		return true;
	if (!pixman_region32_union(&ctx->tmp[1], &ctx->covered, clip))
		return false;
	swap = ctx->covered;
	ctx->covered = ctx->tmp[1];
	ctx->tmp[1] = swap;
	return true;
}

static void paint_background(struct render_ctx *ctx, pixman_image_t *dst,
        const pixman_region32_t *region, const struct render_background *bg)
{
	int n;
	const pixman_box32_t *boxes = pixman_region32_rectangles(region, &n);
	pixman_image_t *src = ctx->solid;

	if (bg && bg->image && pixman_image_get_width(bg->image) > 0 &&
	        pixman_image_get_height(bg->image) > 0) {
		src = bg->image;
		pixman_image_set_repeat(src, PIXMAN_REPEAT_NORMAL);
	}
	ctx->solid_bits = bg ? bg->color : 0xff000000u;
	for (int i = 0; i < n; i++) {
		const pixman_box32_t *b = &boxes[i];

		pixman_image_composite32(PIXMAN_OP_SRC, src, NULL, dst, b->x1, b->y1, 0, 0, b->x1,
		        b->y1, b->x2 - b->x1, b->y2 - b->y1);
	}
}

/* Opacity as pixman's 8-bit pipeline uses it: (opacity >> 16) / 65535, rounded to 8 bits. */
static void set_mask_opacity(struct render_ctx *ctx, uint32_t opacity)
{
	uint32_t a16 = opacity >> 16;

	*(unsigned char *)&ctx->mask_bits = (unsigned char)((a16 * 255 + 32767) / 65535);
}

static void paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip)
{
	int n;
	const pixman_box32_t *boxes = pixman_region32_rectangles(clip, &n);
	pixman_op_t op = is_opaque(win) ? PIXMAN_OP_SRC : PIXMAN_OP_OVER;
	pixman_image_t *mask = NULL;

	if (win->opacity != RENDER_OPACITY_OPAQUE) {
		set_mask_opacity(ctx, win->opacity);
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

static bool set_area(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage)
{
	uint32_t w = (uint32_t)pixman_image_get_width(dst);
	uint32_t h = (uint32_t)pixman_image_get_height(dst);

	if (damage)
		return pixman_region32_intersect_rect(&ctx->area, damage, 0, 0, w, h);
	pixman_region32_clear(&ctx->area);
	return pixman_region32_union_rect(&ctx->area, &ctx->area, 0, 0, w, h);
}

bool render_frame(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage,
        const struct render_background *bg, const struct render_window *wins, size_t n)
{
	if (!ensure_clips(ctx, n) || !set_area(ctx, dst, damage))
		return false;
	pixman_region32_clear(&ctx->covered);
	for (size_t i = n; i-- > 0;) {
		if (!window_clip(ctx, &wins[i], &ctx->clips[i]))
			return false;
	}
	if (!pixman_region32_subtract(&ctx->tmp[0], &ctx->area, &ctx->covered))
		return false;
	paint_background(ctx, dst, &ctx->tmp[0], bg);
	for (size_t i = 0; i < n; i++)
		paint_window(ctx, dst, &wins[i], &ctx->clips[i]);
	return true;
}
