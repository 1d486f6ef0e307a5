/*
 * blur-paint: which windows are blurred and where, the damage a blur spreads, and painting a
 * window's blurred background: gather what lies below from dst (and, outside the damage, from
 * the scratch screen), blur it, put it back through the window's corners and opacity.
 */
#include <stdlib.h>

#include "render/render-private.h"

static bool client_known(const struct render_window *win)
{
	const pixman_box32_t *c = &win->opaque_client;

	return c->x1 < c->x2 && c->y1 < c->y2;
}

/* picom's WMODE_FRAME_TRANS: an argb window at full opacity whose client is opaque. */
static bool frame_only(const struct render_window *win)
{
	return win->argb && win->opacity == RENDER_OPACITY_OPAQUE && client_known(win);
}

uint8_t render_blur_alpha(const struct render_effects *fx, const struct render_window *win)
{
	return fx->blur.fixed ? 255 : render_opacity_u8(win->opacity);
}

bool render_blur_applies(
        const struct render_effects *fx, uint32_t reach, const struct render_window *win)
{
	return reach && win->blur && win->image && win->opacity != 0 &&
	       !render_window_opaque(win) && (!frame_only(win) || fx->blur.background_frame) &&
	       render_blur_alpha(fx, win) > 0;
}

bool render_window_blurred(const struct render_effects *fx, const struct render_window *win)
{
	return fx && render_blur_applies(fx, render_blur_reach(fx), win);
}

bool render_blur_cut_client(const struct render_window *win, pixman_region32_t *region)
{
	const pixman_box32_t *c = &win->opaque_client;
	pixman_region32_t cut;
	bool ok;

	if (!frame_only(win))
		return true;
	pixman_region32_init_rect(&cut, (int)((int64_t)win->x + c->x1),
	        (int)((int64_t)win->y + c->y1), (unsigned)(c->x2 - c->x1),
	        (unsigned)(c->y2 - c->y1));
	ok = pixman_region32_subtract(region, region, &cut);
	pixman_region32_fini(&cut);
	return ok;
}

static int32_t clamp32(int64_t v, int64_t lo, int64_t hi)
{
	return (int32_t)(v < lo ? lo : v > hi ? hi : v);
}

bool render_region_grow(pixman_box32_t **boxes, size_t *cap, pixman_region32_t *out,
        const pixman_region32_t *region, uint32_t r, const pixman_box32_t *bounds)
{
	int n, k = 0;
	const pixman_box32_t *b = pixman_region32_rectangles(region, &n);
	int64_t lo = bounds ? bounds->x1 : INT32_MIN, hi = bounds ? bounds->x2 : INT32_MAX;
	int64_t top = bounds ? bounds->y1 : INT32_MIN, bottom = bounds ? bounds->y2 : INT32_MAX;

	if ((size_t)n > *cap) {
		pixman_box32_t *p = realloc(*boxes, (size_t)n * sizeof(*p));

		if (!p)
			return false;
		*boxes = p;
		*cap = (size_t)n;
	}
	for (int i = 0; i < n; i++) {
		pixman_box32_t g = {clamp32((int64_t)b[i].x1 - r, lo, hi),
		        clamp32((int64_t)b[i].y1 - r, top, bottom),
		        clamp32((int64_t)b[i].x2 + r, lo, hi),
		        clamp32((int64_t)b[i].y2 + r, top, bottom)};

		if (g.x1 < g.x2 && g.y1 < g.y2)
			(*boxes)[k++] = g;
	}
	pixman_region32_fini(out);
	return pixman_region32_init_rects(out, *boxes, k);
}

/* The window's blurred area on screen: its rectangle within its image, its shape, minus an
 * opaque client. */
static bool blur_area(const struct render_window *win, pixman_region32_t *area)
{
	int64_t w = pixman_image_get_width(win->image), h = pixman_image_get_height(win->image);

	w = w < win->width ? w : win->width;
	h = h < win->height ? h : win->height;
	pixman_region32_clear(area);
	if (!render_union_box(area, &(pixman_box32_t){INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX},
	            win->x, win->y, w, h))
		return false;
	if (win->shape) {
		pixman_region32_t s;
		bool ok;

		pixman_region32_init(&s);
		ok = pixman_region32_copy(&s, win->shape);
		pixman_region32_translate(&s, win->x, win->y);
		ok = ok && pixman_region32_intersect(area, area, &s);
		pixman_region32_fini(&s);
		if (!ok)
			return false;
	}
	return render_blur_cut_client(win, area);
}

bool render_blur_damage(const struct render_effects *fx, const struct render_window *wins, size_t n,
        size_t level, pixman_region32_t *damage)
{
	uint32_t reach = render_blur_reach(fx);
	pixman_region32_t acc, grown, area;
	pixman_box32_t *boxes = NULL;
	size_t cap = 0;
	bool ok = true;

	if (!reach)
		return true;
	pixman_region32_init(&acc);
	pixman_region32_init(&grown);
	pixman_region32_init(&area);
	ok = pixman_region32_copy(&acc, damage);
	for (size_t i = level; ok && i < n; i++) {
		if (!render_blur_applies(fx, reach, &wins[i]))
			continue;
		ok = blur_area(&wins[i], &area) &&
		     render_region_grow(&boxes, &cap, &grown, &acc, reach, NULL) &&
		     pixman_region32_intersect(&grown, &grown, &area) &&
		     pixman_region32_union(&acc, &acc, &grown);
	}
	ok = ok && pixman_region32_copy(damage, &acc);
	free(boxes);
	pixman_region32_fini(&area);
	pixman_region32_fini(&grown);
	pixman_region32_fini(&acc);
	return ok;
}

/* A scratch a8r8g8b8 image of at least w x h, kept for the next frames. */
static pixman_image_t *scratch_image(pixman_image_t **img, int32_t w, int32_t h)
{
	pixman_image_t *i = *img;

	if (i && pixman_image_get_width(i) >= w && pixman_image_get_height(i) >= h)
		return i;
	if (i) {
		w = w > pixman_image_get_width(i) ? w : pixman_image_get_width(i);
		h = h > pixman_image_get_height(i) ? h : pixman_image_get_height(i);
		pixman_image_unref(i);
	}
	*img = pixman_image_create_bits(PIXMAN_a8r8g8b8, w, h, NULL, 0);
	return *img;
}

static void copy_boxes(pixman_image_t *from, pixman_image_t *to, const pixman_box32_t *g,
        const pixman_region32_t *region)
{
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(region, &n);

	for (int i = 0; i < n; i++)
		pixman_image_composite32(PIXMAN_OP_SRC, from, NULL, to, b[i].x1, b[i].y1, 0, 0,
		        b[i].x1 - g->x1, b[i].y1 - g->y1, b[i].x2 - b[i].x1, b[i].y2 - b[i].y1);
}

/* What lies below, over box g, into ctx->blur_src: from dst within the damage, from the
 * scratch screen outside it (pixels neither holds this frame are not read by the result). */
static bool gather(struct render_ctx *ctx, pixman_image_t *dst, const pixman_box32_t *g)
{
	int32_t w = g->x2 - g->x1, h = g->y2 - g->y1;
	pixman_image_t *src = scratch_image(&ctx->blur_src, w, h);

	if (!src)
		return false;
	if (!ctx->outside) {
		pixman_image_composite32(
		        PIXMAN_OP_SRC, dst, NULL, src, g->x1, g->y1, 0, 0, 0, 0, w, h);
		return true;
	}
	pixman_image_composite32(
	        PIXMAN_OP_SRC, ctx->below, NULL, src, g->x1, g->y1, 0, 0, 0, 0, w, h);
	if (!pixman_region32_intersect_rect(
	            &ctx->split[0], &ctx->area, g->x1, g->y1, (unsigned)w, (unsigned)h))
		return false;
	copy_boxes(dst, src, g, &ctx->split[0]);
	return true;
}

/* The blurred result (its (0,0) at e's top-left) over region, split as every paint step. */
static bool put_back(struct render_ctx *ctx, pixman_image_t *dst, const struct render_window *win,
        const pixman_region32_t *region, const pixman_box32_t *e)
{
	uint8_t a = render_blur_alpha(&ctx->fx, win);

	if (!ctx->outside)
		return render_paint_masked(ctx, dst, win, region, ctx->blur_res, e->x1, e->y1, a);
	if (!pixman_region32_intersect(&ctx->split[0], region, &ctx->area) ||
	        !pixman_region32_subtract(&ctx->split[1], region, &ctx->area))
		return false;
	return (!pixman_region32_not_empty(&ctx->split[0]) ||
	               render_paint_masked(
	                       ctx, dst, win, &ctx->split[0], ctx->blur_res, e->x1, e->y1, a)) &&
	       (!pixman_region32_not_empty(&ctx->split[1]) ||
	               render_paint_masked(ctx, ctx->below, win, &ctx->split[1], ctx->blur_res,
	                       e->x1, e->y1, a));
}

bool render_paint_blur(struct render_ctx *ctx, pixman_image_t *dst, const struct render_window *win,
        const pixman_region32_t *region)
{
	const pixman_box32_t *e = pixman_region32_extents(region);
	int32_t sw = ctx->bounds.x2, sh = ctx->bounds.y2;
	pixman_box32_t out = *e, in;

	render_blur_input_box(ctx->blur, &out, sw, sh, &in);
	if (!gather(ctx, dst, &in) ||
	        !scratch_image(&ctx->blur_res, out.x2 - out.x1, out.y2 - out.y1) ||
	        !render_blur_run(ctx->blur, &ctx->blur_scratch,
	                pixman_image_get_data(ctx->blur_src),
	                (size_t)pixman_image_get_stride(ctx->blur_src) / 4, &in, &out,
	                pixman_image_get_data(ctx->blur_res),
	                (size_t)pixman_image_get_stride(ctx->blur_res) / 4, sw, sh))
		return false;
	ctx->blur_pixels += render_region_pixels(region);
	return put_back(ctx, dst, win, region, &out);
}
