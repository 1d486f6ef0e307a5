/*
 * anim: windows in an animation (picom's output variables): moved windows are painted as
 * usual at their new place; scaled ones, and ones blending a saved image, are first drawn
 * at their own size into a scratch image (contents, blend, shape, corners, dim) which is
 * then composited through a scaling transform. Shadows move and scale the same way.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render-private.h"

/* Positions and sizes stay within +-2^30: sums of two stay within int32_t. */
#define COORD_MAX 1073741823.0
/* Larger windows are not drawn while they are scaled (the scratch copy would be huge). */
#define SCRATCH_PIXELS_MAX (UINT64_C(1) << 26)

void render_anim_identity(struct render_anim *a)
{
	*a = (struct render_anim){
	        .scale_x = 1,
	        .scale_y = 1,
	        .shadow_scale_x = 1,
	        .shadow_scale_y = 1,
	        .shadow_opacity = 1,
	};
}

/* v rounded half up to a whole pixel, saturated; false for NaN. */
static bool to_coord(double v, int64_t *out)
{
	if (isnan(v))
		return false;
	v = v < -COORD_MAX ? -COORD_MAX : v > COORD_MAX ? COORD_MAX : v;
	*out = (int64_t)floor(v + 0.5);
	return true;
}

/* floor(size * scale) as picom sizes a scaled layer; false when nothing is left. */
static bool scaled(uint64_t size, double scale, uint64_t *out)
{
	double v;

	if (!(scale > 0) || !isfinite(scale))
		return false;
	v = floor((double)size * scale);
	*out = v > COORD_MAX ? (uint64_t)COORD_MAX : (uint64_t)v;
	return *out > 0;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* (x, y, w, h) within the crop and bounds; false when empty. */
static bool clip_box(const struct render_anim *a, const pixman_box32_t *bounds, int64_t x,
        int64_t y, uint64_t w, uint64_t h, pixman_box32_t *out)
{
	int64_t x1 = max64(x, bounds->x1), y1 = max64(y, bounds->y1);
	int64_t x2 = min64(x + (int64_t)w, bounds->x2), y2 = min64(y + (int64_t)h, bounds->y2);

	if (a->crop) {
		x1 = max64(x1, a->crop_box.x1);
		y1 = max64(y1, a->crop_box.y1);
		x2 = min64(x2, a->crop_box.x2);
		y2 = min64(y2, a->crop_box.y2);
	}
	if (x1 >= x2 || y1 >= y2)
		return false;
	*out = (pixman_box32_t){(int32_t)x1, (int32_t)y1, (int32_t)x2, (int32_t)y2};
	return true;
}

/* The scaled window's top-left corner and size, uncropped. */
static bool window_geometry(
        const struct render_window *win, int64_t *x, int64_t *y, uint64_t *w, uint64_t *h)
{
	const struct render_anim *a = win->anim;

	return to_coord(win->x + a->offset_x, x) && to_coord(win->y + a->offset_y, y) &&
	       scaled(win->width, a->scale_x, w) && scaled(win->height, a->scale_y, h);
}

static bool shadow_geometry(const struct render_window *win, const struct render_effects *fx,
        int64_t *x, int64_t *y, uint64_t *w, uint64_t *h)
{
	const struct render_anim *a = win->anim;
	int64_t sx, sy;
	uint64_t sw, sh;

	return render_shadow_box(win, fx, &sx, &sy, &sw, &sh) &&
	       to_coord((double)sx + a->shadow_offset_x, x) &&
	       to_coord((double)sy + a->shadow_offset_y, y) && scaled(sw, a->shadow_scale_x, w) &&
	       scaled(sh, a->shadow_scale_y, h);
}

bool render_anim_window_box(
        const struct render_window *win, const pixman_box32_t *bounds, pixman_box32_t *out)
{
	int64_t x, y;
	uint64_t w, h;

	return window_geometry(win, &x, &y, &w, &h) && clip_box(win->anim, bounds, x, y, w, h, out);
}

bool render_anim_shadow_box(const struct render_window *win, const struct render_effects *fx,
        const pixman_box32_t *bounds, pixman_box32_t *out)
{
	int64_t x, y;
	uint64_t w, h;

	return shadow_geometry(win, fx, &x, &y, &w, &h) &&
	       clip_box(win->anim, bounds, x, y, w, h, out);
}

void render_anim_extents(
        const struct render_window *w, const struct render_effects *fx, pixman_box32_t *out)
{
	const pixman_box32_t all = {INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX};
	pixman_box32_t wb, sb;
	bool has_w, has_s;

	if (!w->anim) {
		render_window_extents(w, fx, out);
		return;
	}
	has_w = render_anim_window_box(w, &all, &wb);
	has_s = fx && render_anim_shadow_box(w, fx, &all, &sb);
	if (has_w && has_s)
		*out = (pixman_box32_t){wb.x1 < sb.x1 ? wb.x1 : sb.x1,
		        wb.y1 < sb.y1 ? wb.y1 : sb.y1, wb.x2 > sb.x2 ? wb.x2 : sb.x2,
		        wb.y2 > sb.y2 ? wb.y2 : sb.y2};
	else if (has_w || has_s)
		*out = has_w ? wb : sb;
	else
		*out = (pixman_box32_t){0, 0, 0, 0};
}

bool render_anim_simple(const struct render_window *win)
{
	const struct render_anim *a = win->anim;

	return a->scale_x == 1 && a->scale_y == 1 && !(a->saved && a->saved_blend > 0);
}

static int32_t saturate32(int64_t v)
{
	return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

void render_anim_moved(const struct render_window *win, struct render_window *out)
{
	int64_t x = win->x, y = win->y;

	to_coord(win->x + win->anim->offset_x, &x);
	to_coord(win->y + win->anim->offset_y, &y);
	*out = *win;
	out->x = (int32_t)x;
	out->y = (int32_t)y;
	out->anim = NULL;
}

bool render_anim_body(
        struct render_ctx *ctx, const struct render_window *win, const pixman_box32_t *bounds)
{
	const struct render_anim *a = win->anim;
	uint32_t c = render_corner_radius(win);
	int64_t x, y, cx, cy;
	uint64_t w, h;
	pixman_box32_t box;

	pixman_region32_clear(&ctx->inner);
	if (!window_geometry(win, &x, &y, &w, &h) || !clip_box(a, bounds, x, y, w, h, &box))
		return true;
	/* the scaled corner squares stay out: the shadow shows through their edge */
	cx = (int64_t)ceil(c * a->scale_x);
	cy = (int64_t)ceil(c * a->scale_y);
	return render_union_box(&ctx->inner, &box, x + cx, y, (int64_t)w - 2 * cx, (int64_t)h) &&
	       render_union_box(&ctx->inner, &box, x, y + cy, (int64_t)w, (int64_t)h - 2 * cy);
}

/* ---- painting ---- */

/* A w x h image over the context's scratch memory, zeroed when `zero`; NULL when too
 * large or out of memory. bpp: bytes per pixel. */
static pixman_image_t *scratch(struct render_ctx *ctx, pixman_format_code_t fmt, uint64_t w,
        uint64_t h, size_t bpp, bool zero)
{
	size_t stride, size;

	if (w * h > SCRATCH_PIXELS_MAX)
		return NULL;
	stride = ((size_t)w * bpp + 3) & ~(size_t)3;
	size = stride * (size_t)h;
	if (size > ctx->anim_scratch_size) {
		void *p = realloc(ctx->anim_scratch, size);

		if (!p)
			return NULL;
		ctx->anim_scratch = p;
		ctx->anim_scratch_size = size;
	}
	if (zero)
		memset(ctx->anim_scratch, 0, size);
	return pixman_image_create_bits(fmt, (int)w, (int)h, ctx->anim_scratch, (int)stride);
}

/* An 8-bit alpha as a solid source or mask (pixman keeps 16 bits: a * 257 is exact). */
static pixman_image_t *solid(uint8_t a, uint32_t rgb)
{
	pixman_color_t c = {
	        .red = (uint16_t)(((rgb >> 16) & 0xff) * a / 255 * 257),
	        .green = (uint16_t)(((rgb >> 8) & 0xff) * a / 255 * 257),
	        .blue = (uint16_t)((rgb & 0xff) * a / 255 * 257),
	        .alpha = (uint16_t)(a * 257),
	};

	return pixman_image_create_solid_fill(&c);
}

/* As paint.c rounds a window opacity for pixman's 8-bit pipeline. */
static uint8_t opacity_u8(uint32_t opacity)
{
	return (uint8_t)(((opacity >> 16) * 255 + 32767) / 65535);
}

static void set_scale(pixman_image_t *img, double sx, double sy, pixman_filter_t filter)
{
	pixman_transform_t t;

	pixman_transform_init_scale(&t, pixman_double_to_fixed(sx), pixman_double_to_fixed(sy));
	pixman_image_set_transform(img, &t);
	pixman_image_set_filter(img, filter, NULL, 0);
}

static void unset_scale(pixman_image_t *img)
{
	pixman_image_set_transform(img, NULL);
	pixman_image_set_filter(img, PIXMAN_FILTER_NEAREST, NULL, 0);
	pixman_image_set_repeat(img, PIXMAN_REPEAT_NONE);
}

/* The saved image stretched over w x h (PAD: its edge pixels reach the window's edge).
 * SRC without a mask is one of pixman's fast bilinear paths for any format. */
static void saved_under(pixman_image_t *view, pixman_image_t *saved, int w, int h)
{
	int sw = pixman_image_get_width(saved), sh = pixman_image_get_height(saved);

	if (sw <= 0 || sh <= 0)
		return;
	if (sw != w || sh != h)
		set_scale(saved, (double)sw / w, (double)sh / h, PIXMAN_FILTER_BILINEAR);
	pixman_image_set_repeat(saved, PIXMAN_REPEAT_PAD);
	pixman_image_composite32(PIXMAN_OP_SRC, saved, NULL, view, 0, 0, 0, 0, 0, 0, w, h);
	unset_scale(saved);
}

/* Whether the window's contents cover all of the scratch copy (else it is zeroed first). */
static bool covers(const struct render_window *win)
{
	const struct render_anim *a = win->anim;

	if (win->shape)
		return false;
	if (a->saved && render_unit_to_u8(a->saved_blend))
		return true;
	return pixman_image_get_width(win->image) >= (int)win->width &&
	       pixman_image_get_height(win->image) >= (int)win->height;
}

/* The window's contents within its shape, blended with the saved ones: the saved image
 * first, the current contents OVER it through 1 - blend (for opaque contents exactly
 * current * (1 - blend) + saved * blend). */
static bool fill_contents(pixman_image_t *view, const struct render_window *win)
{
	const struct render_anim *a = win->anim;
	int w = (int)win->width, h = (int)win->height;
	int iw = pixman_image_get_width(win->image), ih = pixman_image_get_height(win->image);
	uint8_t b8 = a->saved ? render_unit_to_u8(a->saved_blend) : 0;
	pixman_image_t *m = b8 && b8 != 255 ? solid((uint8_t)(255 - b8), 0) : NULL;
	pixman_region32_t clip;
	bool ok;

	pixman_region32_init_rect(&clip, 0, 0, (unsigned)w, (unsigned)h);
	ok = !win->shape || pixman_region32_intersect(&clip, &clip, win->shape);
	ok = ok && (!b8 || b8 == 255 || m) && pixman_image_set_clip_region32(view, &clip);
	if (ok) {
		if (b8)
			saved_under(view, a->saved, w, h);
		if (b8 != 255)
			pixman_image_composite32(b8 ? PIXMAN_OP_OVER : PIXMAN_OP_SRC, win->image, m,
			        view, 0, 0, 0, 0, 0, 0, iw < w ? iw : w, ih < h ? ih : h);
		pixman_image_set_clip_region32(view, NULL);
	}
	if (m)
		pixman_image_unref(m);
	pixman_region32_fini(&clip);
	return ok;
}

/* Rounded corners: each corner square keeps what the disc covers. */
static bool cut_corners(
        struct render_ctx *ctx, pixman_image_t *view, const struct render_window *win)
{
	uint32_t c = render_corner_radius(win);
	struct render_mask *disc;

	if (!c)
		return true;
	disc = render_corner_disc(ctx, c);
	if (!disc)
		return false;
	for (int q = 0; q < 4; q++) {
		int sx = q & 1 ? (int)c : 0, sy = q & 2 ? (int)c : 0;

		pixman_image_composite32(PIXMAN_OP_IN_REVERSE, disc->img, NULL, view, sx, sy, 0, 0,
		        q & 1 ? (int)(win->width - c) : 0, q & 2 ? (int)(win->height - c) : 0,
		        (int)c, (int)c);
	}
	return true;
}

/* picom's dim as a tint of the window's own colours (ATOP black keeps the alpha). */
static bool tint(struct render_ctx *ctx, pixman_image_t *view, const struct render_window *win)
{
	double d = win->dim;
	pixman_image_t *black;

	if (!(d > 0))
		return true;
	if (!ctx->fx.dim_fixed)
		d *= (double)win->opacity / RENDER_OPACITY_OPAQUE;
	black = solid(render_unit_to_u8(d), 0);
	if (!black)
		return false;
	pixman_image_composite32(PIXMAN_OP_ATOP, black, NULL, view, 0, 0, 0, 0, 0, 0,
	        (int)win->width, (int)win->height);
	pixman_image_unref(black);
	return true;
}

/* Composite src (its (0,0) at screen (ox, oy), scaled by sx, sy) through the solid mask
 * (NULL = none) onto the boxes of region. */
static void composite_scaled(pixman_image_t *src, pixman_image_t *mask, int64_t ox, int64_t oy,
        double sx, double sy, pixman_image_t *dst, const pixman_region32_t *region)
{
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(region, &n);

	if (sx != 1 || sy != 1)
		set_scale(src, 1 / sx, 1 / sy, PIXMAN_FILTER_BILINEAR);
	for (int i = 0; i < n; i++)
		pixman_image_composite32(PIXMAN_OP_OVER, src, mask, dst, (int32_t)(b[i].x1 - ox),
		        (int32_t)(b[i].y1 - oy), 0, 0, b[i].x1, b[i].y1, b[i].x2 - b[i].x1,
		        b[i].y2 - b[i].y1);
	unset_scale(src);
}

bool render_anim_paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip)
{
	const struct render_anim *a = win->anim;
	struct render_window moved;
	pixman_image_t *view, *m = NULL;
	int64_t x, y;
	uint64_t w, h;
	bool ok;

	if (render_anim_simple(win)) {
		render_anim_moved(win, &moved);
		return render_paint_window(ctx, dst, &moved, clip);
	}
	if (!window_geometry(win, &x, &y, &w, &h))
		return true;
	view = scratch(ctx, PIXMAN_a8r8g8b8, win->width, win->height, 4, !covers(win));
	if (!view)
		return (uint64_t)win->width * win->height > SCRATCH_PIXELS_MAX;
	ok = fill_contents(view, win) && cut_corners(ctx, view, win) && tint(ctx, view, win);
	if (ok && win->opacity != RENDER_OPACITY_OPAQUE)
		ok = (m = solid(opacity_u8(win->opacity), 0)) != NULL;
	if (ok)
		composite_scaled(view, m, x, y, a->scale_x, a->scale_y, dst, clip);
	if (m)
		pixman_image_unref(m);
	pixman_image_unref(view);
	return ok;
}

/* The whole shadow, unscaled, in its colour and alpha, into a scratch a8r8g8b8 image: the
 * usual painting of a shadow at (0, 0) (scaling it as a coloured layer takes one of
 * pixman's fast bilinear paths, a transformed a8 mask does not). */
static pixman_image_t *shadow_layer(
        struct render_ctx *ctx, const struct render_window *win, double opacity)
{
	struct render_effects saved = ctx->fx;
	struct render_window local = *win;
	int64_t sx, sy;
	uint64_t sw, sh;
	pixman_region32_t all;
	pixman_image_t *view;
	bool ok;

	if (!render_shadow_box(win, &ctx->fx, &sx, &sy, &sw, &sh))
		return NULL;
	view = scratch(ctx, PIXMAN_a8r8g8b8, sw, sh, 4, true);
	if (!view)
		return NULL;
	local.x = local.y = 0;
	local.opacity = render_opacity_from_unit(opacity);
	local.anim = NULL;
	local.shadow_color_set = false; /* the caller put the colour in ctx->fx */
	ctx->fx.shadow_dx = ctx->fx.shadow_dy = 0;
	pixman_region32_init_rect(&all, 0, 0, (unsigned)sw, (unsigned)sh);
	ok = render_paint_shadow(ctx, view, &local, &all);
	pixman_region32_fini(&all);
	ctx->fx = saved;
	if (!ok) {
		pixman_image_unref(view);
		return NULL;
	}
	return view;
}

static double unit(double v)
{
	return v > 0 ? (v < 1 ? v : 1) : 0;
}

bool render_anim_paint_shadow(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *region)
{
	const struct render_anim *a = win->anim;
	struct render_effects saved = ctx->fx;
	uint8_t alpha = render_unit_to_u8(ctx->fx.shadow_opacity * unit(a->shadow_opacity));
	struct render_window local = *win;
	pixman_image_t *layer;
	int64_t x, y;
	uint64_t w, h;
	bool ok = true;

	if (!alpha || !shadow_geometry(win, &ctx->fx, &x, &y, &w, &h))
		return true;
	if (a->shadow_color_set)
		ctx->fx.shadow_color = a->shadow_color;
	else if (win->shadow_color_set)
		ctx->fx.shadow_color = win->shadow_color;
	local.shadow_color_set = false; /* the colour is the one chosen here */
	if (a->shadow_scale_x == 1 && a->shadow_scale_y == 1) {
		/* the plain shadow of the window placed where this shadow goes */
		local.x = saturate32(x - ctx->fx.shadow_dx);
		local.y = saturate32(y - ctx->fx.shadow_dy);
		local.opacity = render_opacity_from_unit(a->shadow_opacity);
		local.anim = NULL;
		ok = render_paint_shadow(ctx, dst, &local, region);
	} else if ((layer = shadow_layer(ctx, win, a->shadow_opacity))) {
		composite_scaled(
		        layer, NULL, x, y, a->shadow_scale_x, a->shadow_scale_y, dst, region);
		pixman_image_unref(layer);
	}
	/* else too large to scale (or out of memory): this frame shows no shadow */
	ctx->fx = saved;
	return ok;
}
