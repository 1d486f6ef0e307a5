/*
 * frame: paints one frame. A top-down pass gives each window its clip (what the frame needs of
 * it: damage ∩ shape minus the opaque windows above it, plus what blurred windows above read),
 * its shadow's and its blur's; then the background and, bottom to top, each window's blurred
 * background, shadow and the window itself (paint.c). What blurs need outside the damage is
 * painted into a scratch screen instead of dst.
 */
#include <math.h>
#include <stdlib.h>

#include "render/render-private.h"

static void init_regions(struct render_ctx *ctx)
{
	pixman_region32_init(&ctx->area);
	pixman_region32_init(&ctx->need);
	pixman_region32_init(&ctx->reads);
	pixman_region32_init(&ctx->split[0]);
	pixman_region32_init(&ctx->split[1]);
	pixman_region32_init(&ctx->tmp[0]);
	pixman_region32_init(&ctx->tmp[1]);
	pixman_region32_init(&ctx->fxtmp[0]);
	pixman_region32_init(&ctx->fxtmp[1]);
	pixman_region32_init(&ctx->inner);
	pixman_region32_init(&ctx->part);
	pixman_region32_init(&ctx->noshadow);
}

static void fini_regions(struct render_ctx *ctx)
{
	pixman_region32_fini(&ctx->noshadow);
	pixman_region32_fini(&ctx->part);
	pixman_region32_fini(&ctx->inner);
	pixman_region32_fini(&ctx->fxtmp[1]);
	pixman_region32_fini(&ctx->fxtmp[0]);
	pixman_region32_fini(&ctx->tmp[1]);
	pixman_region32_fini(&ctx->tmp[0]);
	pixman_region32_fini(&ctx->split[1]);
	pixman_region32_fini(&ctx->split[0]);
	pixman_region32_fini(&ctx->reads);
	pixman_region32_fini(&ctx->need);
	pixman_region32_fini(&ctx->area);
}

static pixman_image_t *pixel_image(pixman_format_code_t fmt, uint32_t *bits)
{
	pixman_image_t *img = pixman_image_create_bits(fmt, 1, 1, bits, 4);

	if (img)
		pixman_image_set_repeat(img, PIXMAN_REPEAT_NORMAL);
	return img;
}

struct render_ctx *render_ctx_create(void)
{
	struct render_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	init_regions(ctx);
	render_cache_init(&ctx->cache);
	ctx->mask = pixel_image(PIXMAN_a8, &ctx->mask_bits);
	ctx->solid = pixel_image(PIXMAN_a8r8g8b8, &ctx->solid_bits);
	ctx->fx_src = pixel_image(PIXMAN_a8r8g8b8, &ctx->fx_bits);
	if (!ctx->mask || !ctx->solid || !ctx->fx_src) {
		render_ctx_destroy(ctx);
		return NULL;
	}
	return ctx;
}

void render_ctx_destroy(struct render_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->blur_res)
		pixman_image_unref(ctx->blur_res);
	if (ctx->blur_src)
		pixman_image_unref(ctx->blur_src);
	render_blur_scratch_finish(&ctx->blur_scratch);
	render_blur_plan_destroy(ctx->blur);
	if (ctx->below)
		pixman_image_unref(ctx->below);
	if (ctx->scaled_disc)
		pixman_image_unref(ctx->scaled_disc);
	if (ctx->fx_src)
		pixman_image_unref(ctx->fx_src);
	if (ctx->solid)
		pixman_image_unref(ctx->solid);
	if (ctx->mask)
		pixman_image_unref(ctx->mask);
	render_cache_finish(&ctx->cache);
	for (size_t i = 0; i < ctx->clips_cap; i++) {
		pixman_region32_fini(&ctx->blurs[i]);
		pixman_region32_fini(&ctx->shadows[i]);
		pixman_region32_fini(&ctx->clips[i]);
	}
	free(ctx->anim_scratch);
	free(ctx->dboxes);
	free(ctx->boxes);
	free(ctx->blurs);
	free(ctx->shadows);
	free(ctx->clips);
	fini_regions(ctx);
	free(ctx);
}

/* pixman regions hold no pointer to themselves, so realloc may move them. Regions fresh from
 * init own no memory: initialising them again after a failed grow leaks nothing. */
static bool grow(pixman_region32_t **regions, size_t old, size_t n)
{
	pixman_region32_t *r = realloc(*regions, n * sizeof(*r));

	if (!r)
		return false;
	for (size_t i = old; i < n; i++)
		pixman_region32_init(&r[i]);
	*regions = r;
	return true;
}

static bool ensure_clips(struct render_ctx *ctx, size_t n)
{
	if (n <= ctx->clips_cap)
		return true;
	if (n > SIZE_MAX / sizeof(pixman_region32_t))
		return false;
	if (!grow(&ctx->clips, ctx->clips_cap, n) || !grow(&ctx->shadows, ctx->clips_cap, n) ||
	        !grow(&ctx->blurs, ctx->clips_cap, n))
		return false;
	ctx->clips_cap = n;
	return true;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* The window's on-screen rectangle, limited to its image (if any) and to bounds; false if
 * empty. */
static bool window_box(
        const struct render_window *win, const pixman_box32_t *bounds, pixman_box32_t *box)
{
	int64_t w = win->image ? min64(win->width, pixman_image_get_width(win->image)) : win->width;
	int64_t h =
	        win->image ? min64(win->height, pixman_image_get_height(win->image)) : win->height;
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

/* clip = the part of need the window may paint (its shape within box). */
static bool window_area(struct render_ctx *ctx, const struct render_window *win,
        const pixman_box32_t *box, pixman_region32_t *clip)
{
	uint32_t w = (uint32_t)(box->x2 - box->x1);
	uint32_t h = (uint32_t)(box->y2 - box->y1);

	if (!win->shape)
		return pixman_region32_intersect_rect(clip, &ctx->need, box->x1, box->y1, w, h);
	if (!pixman_region32_copy(&ctx->tmp[1], win->shape))
		return false;
	pixman_region32_translate(&ctx->tmp[1], win->x, win->y);
	return pixman_region32_intersect_rect(&ctx->tmp[0], &ctx->tmp[1], box->x1, box->y1, w, h) &&
	       pixman_region32_intersect(clip, &ctx->tmp[0], &ctx->need);
}

bool render_union_box(pixman_region32_t *r, const pixman_box32_t *bounds, int64_t x, int64_t y,
        int64_t w, int64_t h)
{
	int64_t x1 = max64(x, bounds->x1), y1 = max64(y, bounds->y1);
	int64_t x2 = min64(x + w, bounds->x2), y2 = min64(y + h, bounds->y2);

	if (x1 >= x2 || y1 >= y2)
		return true;
	return pixman_region32_union_rect(
	        r, r, (int)x1, (int)y1, (unsigned)(x2 - x1), (unsigned)(y2 - y1));
}

static uint32_t isqrt(uint64_t v)
{
	uint64_t r = (uint64_t)sqrt((double)v);

	while (r * r > v)
		r--;
	while ((r + 1) * (r + 1) <= v)
		r++;
	return (uint32_t)r;
}

static bool ensure_boxes(struct render_ctx *ctx, size_t n)
{
	pixman_box32_t *boxes;

	if (n <= ctx->boxes_cap)
		return true;
	boxes = realloc(ctx->boxes, n * sizeof(*boxes));
	if (!boxes)
		return false;
	ctx->boxes = boxes;
	ctx->boxes_cap = n;
	return true;
}

static void add_box(struct render_ctx *ctx, size_t *n, const pixman_box32_t *bounds, int64_t x,
        int64_t y, int64_t w, int64_t h)
{
	int64_t x1 = max64(x, bounds->x1), y1 = max64(y, bounds->y1);
	int64_t x2 = min64(x + w, bounds->x2), y2 = min64(y + h, bounds->y2);

	if (x1 < x2 && y1 < y2)
		ctx->boxes[(*n)++] =
		        (pixman_box32_t){(int32_t)x1, (int32_t)y1, (int32_t)x2, (int32_t)y2};
}

/* ctx->inner: the pixels of a rounded window (corner radius c) it covers fully, within the
 * frame. Pixel (i, j) of the top-left corner square is inside when its outer corner is:
 * (c - i)^2 + (c - j)^2 <= c^2. */
static bool set_solid(struct render_ctx *ctx, const struct render_window *win, uint32_t c)
{
	/* only what is still needed below matters: the damage's extents, or more with blurs */
	const pixman_box32_t bounds_box = *pixman_region32_extents(&ctx->need),
	                     *bounds = &bounds_box;
	int64_t x = win->x, y = win->y, w = win->width, h = win->height;
	size_t n = 0;

	if (!ensure_boxes(ctx, 2 * (size_t)c + 1))
		return false;
	for (uint32_t j = 0; j < c; j++) {
		int64_t s = c - isqrt((uint64_t)c * c - (uint64_t)(c - j) * (c - j));

		add_box(ctx, &n, bounds, x + s, y + j, w - 2 * s, 1);
	}
	add_box(ctx, &n, bounds, x, y + c, w, h - 2 * (int64_t)c);
	for (uint32_t j = c; j-- > 0;) {
		int64_t s = c - isqrt((uint64_t)c * c - (uint64_t)(c - j) * (c - j));

		add_box(ctx, &n, bounds, x + s, y + h - 1 - j, w - 2 * s, 1);
	}
	pixman_region32_fini(&ctx->inner);
	return pixman_region32_init_rects(&ctx->inner, ctx->boxes, (int)n);
}

/* The part of region a rounded window covers fully: region itself, or ctx->fxtmp[0]. */
static const pixman_region32_t *without_corners(
        struct render_ctx *ctx, const struct render_window *win, const pixman_region32_t *region)
{
	uint32_t c = render_corner_radius(win);

	if (!c || render_clear_of_corners(win, c, region))
		return region;
	if (!set_solid(ctx, win, c) ||
	        !pixman_region32_intersect(&ctx->fxtmp[0], region, &ctx->inner))
		return NULL;
	return &ctx->fxtmp[0];
}

/* Where the shadow shows: its box within need (the damage minus what opaque windows above
 * hide, plus what blurs above read) minus, unless full_shadow on a translucent window, what
 * the window's own body covers fully (picom's body cut-out; the anti-aliased edge of rounded
 * corners keeps the shadow). */
static bool shadow_clip(struct render_ctx *ctx, const struct render_window *win,
        const pixman_region32_t *body, pixman_region32_t *sclip)
{
	const pixman_box32_t *bounds = pixman_region32_extents(&ctx->need);
	int64_t x, y;
	uint64_t w, h;

	if (!render_shadow_box(win, &ctx->fx, &x, &y, &w, &h) || x >= bounds->x2 ||
	        y >= bounds->y2 || x + (int64_t)w <= bounds->x1 || y + (int64_t)h <= bounds->y1)
		return true;
	pixman_region32_clear(&ctx->fxtmp[1]);
	if (!render_union_box(&ctx->fxtmp[1], bounds, x, y, (int64_t)w, (int64_t)h))
		return false;
	if (!body || (win->full_shadow && !render_window_opaque(win)))
		return pixman_region32_intersect(sclip, &ctx->fxtmp[1], &ctx->need);
	if (!pixman_region32_intersect(&ctx->fxtmp[0], &ctx->fxtmp[1], &ctx->need) ||
	        !pixman_region32_copy(&ctx->fxtmp[1], &ctx->fxtmp[0]))
		return false;
	body = without_corners(ctx, win, body);
	return body && pixman_region32_subtract(sclip, &ctx->fxtmp[1], body);
}

/* need = need op region, through tmp[1] so that need's storage is reused. */
static bool update_need(struct render_ctx *ctx, bool add, const pixman_region32_t *region)
{
	pixman_region32_t swap;

	if (add ? !pixman_region32_union(&ctx->tmp[1], &ctx->need, region)
	        : !pixman_region32_subtract(&ctx->tmp[1], &ctx->need, region))
		return false;
	swap = ctx->need;
	ctx->need = ctx->tmp[1];
	ctx->tmp[1] = swap;
	return true;
}

/* An opaque window hides its clip from the windows below, but for its corners' edges. */
static bool cover(
        struct render_ctx *ctx, const struct render_window *win, const pixman_region32_t *clip)
{
	const pixman_region32_t *opaque =
	        win->corner_radius ? without_corners(ctx, win, clip) : clip;

	return opaque && update_need(ctx, false, opaque);
}

/* An animated window's shadow: its box within need (the damage minus what opaque windows
 * above hide, plus what blurs above read) minus, unless full_shadow, what the window's scaled
 * body covers (body: its box, or NULL when the window shows nowhere). */
static bool anim_shadow_clip(struct render_ctx *ctx, const struct render_window *win,
        const pixman_box32_t *body, pixman_region32_t *sclip)
{
	pixman_box32_t sb;
	double a = ctx->fx.shadow_opacity * win->anim->shadow_opacity;

	if (!(a > 0) ||
	        !render_anim_shadow_box(win, &ctx->fx, pixman_region32_extents(&ctx->need), &sb))
		return true;
	pixman_region32_clear(&ctx->fxtmp[1]);
	if (!pixman_region32_union_rect(&ctx->fxtmp[1], &ctx->fxtmp[1], sb.x1, sb.y1,
	            (unsigned)(sb.x2 - sb.x1), (unsigned)(sb.y2 - sb.y1)))
		return false;
	if (!body || win->full_shadow)
		return pixman_region32_intersect(sclip, &ctx->fxtmp[1], &ctx->need);
	return pixman_region32_intersect(&ctx->fxtmp[0], &ctx->fxtmp[1], &ctx->need) &&
	       render_anim_body(ctx, win, body) &&
	       pixman_region32_subtract(sclip, &ctx->fxtmp[0], &ctx->inner);
}

/* An animated window's clip: its box (a moved window: its shape there) within need. It hides
 * nothing itself, and its background is not blurred while it moves. */
static bool anim_clip(struct render_ctx *ctx, const struct render_window *win, size_t i)
{
	pixman_region32_t *clip = &ctx->clips[i];
	pixman_box32_t box, mbox;
	struct render_window moved;
	bool shown = win->image && win->opacity != 0;

	pixman_region32_clear(clip);
	pixman_region32_clear(&ctx->blurs[i]);
	if (ctx->fx.shadow)
		pixman_region32_clear(&ctx->shadows[i]);
	if (!shown)
		return true;
	shown = render_anim_window_box(win, pixman_region32_extents(&ctx->need), &box);
	if (ctx->fx.shadow && win->shadow &&
	        !anim_shadow_clip(ctx, win, shown ? &box : NULL, &ctx->shadows[i]))
		return false;
	if (!shown)
		return true;
	if (render_anim_simple(win)) {
		render_anim_moved(win, &moved);
		return !window_box(&moved, &box, &mbox) || window_area(ctx, &moved, &mbox, clip);
	}
	return pixman_region32_intersect_rect(clip, &ctx->need, box.x1, box.y1,
	        (unsigned)(box.x2 - box.x1), (unsigned)(box.y2 - box.y1));
}

/* blurs[i] = the window's blurred part of clip; the windows below must then be painted
 * wherever that reads, within the reach. */
static bool blur_clip(struct render_ctx *ctx, const struct render_window *win, size_t i)
{
	pixman_region32_t *blur = &ctx->blurs[i];

	if (!pixman_region32_copy(blur, &ctx->clips[i]) || !render_blur_cut_client(win, blur))
		return false;
	if (!pixman_region32_not_empty(blur))
		return true;
	return render_region_grow(&ctx->dboxes, &ctx->dboxes_cap, &ctx->fxtmp[1], blur,
	               ctx->blur_reach, &ctx->bounds) &&
	       update_need(ctx, true, &ctx->fxtmp[1]) &&
	       pixman_region32_union(&ctx->reads, &ctx->reads, &ctx->fxtmp[1]);
}

/* clips[i] = what the frame needs of the window, shadows[i] = of its shadow, blurs[i] = of
 * its blurred background; then an opaque window takes its clip from need, a blurred one adds
 * what its blur reads. */
static bool window_clip(struct render_ctx *ctx, const struct render_window *win, size_t i)
{
	pixman_region32_t *clip = &ctx->clips[i];
	pixman_box32_t box;
	bool shown = win->opacity != 0, inside = false; /* a NULL image: see render.h */

	if (win->anim)
		return anim_clip(ctx, win, i);
	if (ctx->fx.shadow)
		pixman_region32_clear(&ctx->shadows[i]);
	pixman_region32_clear(&ctx->blurs[i]);
	pixman_region32_clear(clip);
	if (shown && window_box(win, pixman_region32_extents(&ctx->need), &box)) {
		if (!window_area(ctx, win, &box, clip))
			return false;
		inside = true;
	}
	if (shown && ctx->fx.shadow && win->shadow && render_shadow_alpha(ctx, win) &&
	        !shadow_clip(ctx, win, inside ? clip : NULL, &ctx->shadows[i]))
		return false;
	if (!inside || !pixman_region32_not_empty(clip))
		return true;
	if (render_window_opaque(win))
		return cover(ctx, win, clip);
	if (render_blur_applies(&ctx->fx, ctx->blur_reach, win))
		return blur_clip(ctx, win, i);
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

static bool set_area(
        struct render_ctx *ctx, uint32_t w, uint32_t h, const pixman_region32_t *damage)
{
	ctx->bounds = (pixman_box32_t){0, 0, (int32_t)w, (int32_t)h};
	if (damage)
		return pixman_region32_intersect_rect(&ctx->area, damage, 0, 0, w, h);
	pixman_region32_clear(&ctx->area);
	return pixman_region32_union_rect(&ctx->area, &ctx->area, 0, 0, w, h);
}

/* The area of a window that keeps the shadows above it off (clip-shadow-above): its
 * shape within its box on the screen. */
static bool add_noshadow(struct render_ctx *ctx, const struct render_window *win)
{
	pixman_box32_t box;

	if (!win->image || !window_box(win, &ctx->bounds, &box))
		return true;
	pixman_region32_clear(&ctx->tmp[0]);
	if (!pixman_region32_union_rect(&ctx->tmp[0], &ctx->tmp[0], box.x1, box.y1,
	            (unsigned)(box.x2 - box.x1), (unsigned)(box.y2 - box.y1)))
		return false;
	if (win->shape) {
		if (!pixman_region32_copy(&ctx->tmp[1], win->shape))
			return false;
		pixman_region32_translate(&ctx->tmp[1], win->x, win->y);
		if (!pixman_region32_intersect(&ctx->tmp[0], &ctx->tmp[0], &ctx->tmp[1]))
			return false;
	}
	return pixman_region32_union(&ctx->noshadow, &ctx->noshadow, &ctx->tmp[0]);
}

/* Bottom up: the shadows of the windows above a clip-shadow-above window lose its area;
 * every shadow loses the shadow-exclude box. */
static bool clip_shadows(struct render_ctx *ctx, const struct render_window *wins, size_t n)
{
	const pixman_box32_t *x = &ctx->fx.shadow_exclude;
	bool any = x->x1 < x->x2 && x->y1 < x->y2;

	if (!ctx->fx.shadow)
		return true;
	pixman_region32_clear(&ctx->noshadow);
	if (any && !pixman_region32_union_rect(&ctx->noshadow, &ctx->noshadow, x->x1, x->y1,
	                   (unsigned)(x->x2 - x->x1), (unsigned)(x->y2 - x->y1)))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (any && pixman_region32_not_empty(&ctx->shadows[i]) &&
		        !pixman_region32_subtract(
		                &ctx->shadows[i], &ctx->shadows[i], &ctx->noshadow))
			return false;
		if (wins[i].clip_shadow_above) {
			if (!add_noshadow(ctx, &wins[i]))
				return false;
			any = true;
		}
	}
	return true;
}

/* The top-down pass: every window's clips, need (left for the background) and reads;
 * then the shadows clipped by the windows below them that ask for it. */
static bool plan_frame(struct render_ctx *ctx, uint32_t w, uint32_t h,
        const pixman_region32_t *damage, const struct render_window *wins, size_t n)
{
	if (w > INT32_MAX || h > INT32_MAX || !ensure_clips(ctx, n) ||
	        !set_area(ctx, w, h, damage) || !pixman_region32_copy(&ctx->need, &ctx->area) ||
	        (ctx->blur_reach && !pixman_region32_copy(&ctx->reads, &ctx->area)))
		return false;
	for (size_t i = n; i-- > 0;) {
		if (!window_clip(ctx, &wins[i], i))
			return false;
	}
	return clip_shadows(ctx, wins, n);
}

/* Whether blurs read outside the damage this frame; if so, a scratch screen like dst. */
static bool prepare_below(struct render_ctx *ctx, pixman_image_t *dst)
{
	pixman_image_t *b = ctx->below;
	pixman_format_code_t fmt = pixman_image_get_format(dst);
	int w = pixman_image_get_width(dst), h = pixman_image_get_height(dst);

	ctx->outside = false;
	if (!ctx->blur_reach)
		return true; /* reads is the damage: not even kept */
	if (!pixman_region32_subtract(&ctx->tmp[0], &ctx->reads, &ctx->area))
		return false;
	ctx->outside = pixman_region32_not_empty(&ctx->tmp[0]);
	if (!ctx->outside)
		return true;
	if (b && (pixman_image_get_format(b) != fmt || pixman_image_get_width(b) != w ||
	                 pixman_image_get_height(b) != h)) {
		pixman_image_unref(b);
		b = ctx->below = NULL;
	}
	if (!b)
		ctx->below = pixman_image_create_bits(fmt, w, h, NULL, 0);
	return ctx->below != NULL;
}

enum step { STEP_BACKGROUND, STEP_SHADOW, STEP_WINDOW };

/* The window, from an inverted copy of its pixels when it asks for invert-color (all of
 * them when animated: it is scaled from anywhere). */
static bool paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *region)
{
	struct render_window local;
	bool ok;

	if (!win->image)
		return true; /* on screen by other means (render.h) */
	if (win->invert) {
		local = *win;
		local.invert = false;
		if (!(local.image = render_inverted(win, win->anim ? NULL : region)))
			return true; /* nothing left to paint (or out of memory: not inverted) */
		ok = paint_window(ctx, dst, &local, region);
		pixman_image_unref(local.image);
		return ok;
	}
	return win->anim ? render_anim_paint_window(ctx, dst, win, region)
	                 : render_paint_window(ctx, dst, win, region);
}

static bool run_step(struct render_ctx *ctx, pixman_image_t *dst, enum step s,
        const struct render_window *win, const struct render_background *bg,
        const pixman_region32_t *region)
{
	if (!pixman_region32_not_empty(region))
		return true;
	switch (s) {
	case STEP_BACKGROUND:
		paint_background(ctx, dst, region, bg);
		return true;
	case STEP_SHADOW:
		return win->anim ? render_anim_paint_shadow(ctx, dst, win, region)
		                 : render_paint_shadow(ctx, dst, win, region);
	case STEP_WINDOW:
		return paint_window(ctx, dst, win, region);
	}
	return true;
}

/* One step over region: within the damage into dst, outside it into the scratch screen. */
static bool paint_step(struct render_ctx *ctx, pixman_image_t *dst, enum step s,
        const struct render_window *win, const struct render_background *bg,
        const pixman_region32_t *region)
{
	if (!ctx->outside)
		return run_step(ctx, dst, s, win, bg, region);
	if (!pixman_region32_intersect(&ctx->split[0], region, &ctx->area) ||
	        !pixman_region32_subtract(&ctx->split[1], region, &ctx->area))
		return false;
	return run_step(ctx, dst, s, win, bg, &ctx->split[0]) &&
	       run_step(ctx, ctx->below, s, win, bg, &ctx->split[1]);
}

void render_set_await(struct render_ctx *ctx, void (*await)(void *arg), void *arg)
{
	ctx->await = await;
	ctx->await_arg = arg;
}

/* render_set_await's call, once, before the first read of pixels still on their way: win's,
 * or with win NULL (a blur reads the screen painted so far) anyone's. */
static void await_pixels(struct render_ctx *ctx, const struct render_window *win)
{
	void (*await)(void *) = ctx->await;

	if (!await || (win && (!win->pending || !win->image)))
		return;
	ctx->await = NULL;
	await(ctx->await_arg);
}

static bool paint_frame(struct render_ctx *ctx, pixman_image_t *dst,
        const pixman_region32_t *damage, const struct render_background *bg,
        const struct render_window *wins, size_t n)
{
	if (!plan_frame(ctx, (uint32_t)pixman_image_get_width(dst),
	            (uint32_t)pixman_image_get_height(dst), damage, wins, n) ||
	        !prepare_below(ctx, dst))
		return false;
	if (ctx->outside)
		ctx->blur_extra_pixels += render_region_pixels(&ctx->tmp[0]);
	ctx->paint_bounds = *pixman_region32_extents(ctx->outside ? &ctx->reads : &ctx->area);
	if (!paint_step(ctx, dst, STEP_BACKGROUND, NULL, bg, &ctx->need))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (pixman_region32_not_empty(&ctx->blurs[i])) {
			await_pixels(ctx, NULL);
			if (!render_paint_blur(ctx, dst, &wins[i], &ctx->blurs[i]))
				return false;
		}
		if (ctx->fx.shadow &&
		        !paint_step(ctx, dst, STEP_SHADOW, &wins[i], NULL, &ctx->shadows[i]))
			return false;
		if (pixman_region32_not_empty(&ctx->clips[i]))
			await_pixels(ctx, &wins[i]);
		if (!paint_step(ctx, dst, STEP_WINDOW, &wins[i], NULL, &ctx->clips[i]))
			return false;
	}
	return true;
}

bool render_frame(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage,
        const struct render_background *bg, const struct render_window *wins, size_t n)
{
	bool ok = paint_frame(ctx, dst, damage, bg, wins, n);

	ctx->await = NULL; /* for this frame only */
	return ok;
}

bool render_frame_input(struct render_ctx *ctx, uint32_t width, uint32_t height,
        const pixman_region32_t *damage, const struct render_window *wins, size_t n,
        pixman_region32_t *out)
{
	return plan_frame(ctx, width, height, damage, wins, n) &&
	       pixman_region32_copy(out, ctx->blur_reach ? &ctx->reads : &ctx->area);
}
