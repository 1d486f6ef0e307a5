/*
 * frame: paints one frame. A top-down pass gives each window its clip (damage ∩ shape minus
 * the opaque windows above it) and its shadow's; then the background and, bottom to top, each
 * window's shadow and the window itself (paint.c).
 */
#include <math.h>
#include <stdlib.h>

#include "render/render-private.h"

static void init_regions(struct render_ctx *ctx)
{
	pixman_region32_init(&ctx->area);
	pixman_region32_init(&ctx->covered);
	pixman_region32_init(&ctx->tmp[0]);
	pixman_region32_init(&ctx->tmp[1]);
	pixman_region32_init(&ctx->fxtmp[0]);
	pixman_region32_init(&ctx->fxtmp[1]);
	pixman_region32_init(&ctx->inner);
	pixman_region32_init(&ctx->part);
}

static void fini_regions(struct render_ctx *ctx)
{
	pixman_region32_fini(&ctx->part);
	pixman_region32_fini(&ctx->inner);
	pixman_region32_fini(&ctx->fxtmp[1]);
	pixman_region32_fini(&ctx->fxtmp[0]);
	pixman_region32_fini(&ctx->tmp[1]);
	pixman_region32_fini(&ctx->tmp[0]);
	pixman_region32_fini(&ctx->covered);
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
		pixman_region32_fini(&ctx->shadows[i]);
		pixman_region32_fini(&ctx->clips[i]);
	}
	free(ctx->anim_scratch);
	free(ctx->boxes);
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
	if (!grow(&ctx->clips, ctx->clips_cap, n) || !grow(&ctx->shadows, ctx->clips_cap, n))
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
	const pixman_box32_t *bounds = pixman_region32_extents(&ctx->area);
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

/* Where the shadow shows: its box within the damage, minus what opaque windows above hide
 * and, unless full_shadow on a translucent window, minus what the window's own body covers
 * fully (picom's body cut-out; the anti-aliased edge of rounded corners keeps the shadow). */
static bool shadow_clip(struct render_ctx *ctx, const struct render_window *win,
        const pixman_region32_t *body, pixman_region32_t *sclip)
{
	const pixman_box32_t *bounds = pixman_region32_extents(&ctx->area);
	int64_t x, y;
	uint64_t w, h;

	if (!render_shadow_box(win, &ctx->fx, &x, &y, &w, &h) || x >= bounds->x2 ||
	        y >= bounds->y2 || x + (int64_t)w <= bounds->x1 || y + (int64_t)h <= bounds->y1)
		return true;
	pixman_region32_clear(&ctx->fxtmp[1]);
	if (!render_union_box(&ctx->fxtmp[1], bounds, x, y, (int64_t)w, (int64_t)h) ||
	        !pixman_region32_intersect(&ctx->fxtmp[0], &ctx->fxtmp[1], &ctx->area))
		return false;
	if (!body || (win->full_shadow && !render_window_opaque(win)))
		return pixman_region32_subtract(sclip, &ctx->fxtmp[0], &ctx->covered);
	if (!pixman_region32_subtract(&ctx->fxtmp[1], &ctx->fxtmp[0], &ctx->covered))
		return false;
	body = without_corners(ctx, win, body);
	return body && pixman_region32_subtract(sclip, &ctx->fxtmp[1], body);
}

/* An opaque window hides its clip from the windows below, but for its corners' edges. */
static bool cover(
        struct render_ctx *ctx, const struct render_window *win, const pixman_region32_t *clip)
{
	const pixman_region32_t *opaque =
	        win->corner_radius ? without_corners(ctx, win, clip) : clip;
	pixman_region32_t swap;

	if (!opaque || !pixman_region32_union(&ctx->tmp[1], &ctx->covered, opaque))
		return false;
	swap = ctx->covered;
	ctx->covered = ctx->tmp[1];
	ctx->tmp[1] = swap;
	return true;
}

/* An animated window's shadow: its box within the damage, minus what opaque windows above
 * hide and, unless full_shadow, what the window's scaled body covers (body: its box, or
 * NULL when the window shows nowhere). */
static bool anim_shadow_clip(struct render_ctx *ctx, const struct render_window *win,
        const pixman_box32_t *body, pixman_region32_t *sclip)
{
	pixman_box32_t sb;
	double a = ctx->fx.shadow_opacity * win->anim->shadow_opacity;

	if (!(a > 0) ||
	        !render_anim_shadow_box(win, &ctx->fx, pixman_region32_extents(&ctx->area), &sb))
		return true;
	pixman_region32_clear(&ctx->fxtmp[1]);
	if (!pixman_region32_union_rect(&ctx->fxtmp[1], &ctx->fxtmp[1], sb.x1, sb.y1,
	            (unsigned)(sb.x2 - sb.x1), (unsigned)(sb.y2 - sb.y1)) ||
	        !pixman_region32_intersect(&ctx->fxtmp[0], &ctx->fxtmp[1], &ctx->area))
		return false;
	if (!body || win->full_shadow)
		return pixman_region32_subtract(sclip, &ctx->fxtmp[0], &ctx->covered);
	return pixman_region32_subtract(&ctx->fxtmp[1], &ctx->fxtmp[0], &ctx->covered) &&
	       render_anim_body(ctx, win, body) &&
	       pixman_region32_subtract(sclip, &ctx->fxtmp[1], &ctx->inner);
}

/* An animated window's clip: its box (a moved window: its shape there) within the damage,
 * minus what opaque windows above hide. It hides nothing itself. */
static bool anim_clip(struct render_ctx *ctx, const struct render_window *win, size_t i)
{
	pixman_region32_t *clip = &ctx->clips[i], *avail;
	pixman_box32_t box, mbox;
	struct render_window moved;
	bool shown = win->image && win->opacity != 0;

	pixman_region32_clear(clip);
	if (ctx->fx.shadow)
		pixman_region32_clear(&ctx->shadows[i]);
	if (!shown)
		return true;
	shown = render_anim_window_box(win, pixman_region32_extents(&ctx->area), &box);
	if (ctx->fx.shadow && win->shadow &&
	        !anim_shadow_clip(ctx, win, shown ? &box : NULL, &ctx->shadows[i]))
		return false;
	if (!shown)
		return true;
	if (render_anim_simple(win)) {
		render_anim_moved(win, &moved);
		if (!window_box(&moved, &box, &mbox))
			return true;
		avail = window_area(ctx, &moved, &mbox);
		return avail && pixman_region32_subtract(clip, avail, &ctx->covered);
	}
	return pixman_region32_intersect_rect(&ctx->tmp[0], &ctx->area, box.x1, box.y1,
	               (unsigned)(box.x2 - box.x1), (unsigned)(box.y2 - box.y1)) &&
	       pixman_region32_subtract(clip, &ctx->tmp[0], &ctx->covered);
}

/* clips[i] = what of the window shows, shadows[i] = what of its shadow; an opaque window
 * then adds its clip to covered. */
static bool window_clip(struct render_ctx *ctx, const struct render_window *win, size_t i)
{
	pixman_region32_t *clip = &ctx->clips[i], *avail = NULL;
	pixman_box32_t box;
	bool shown = win->image && win->opacity != 0;

	if (win->anim)
		return anim_clip(ctx, win, i);
	if (ctx->fx.shadow)
		pixman_region32_clear(&ctx->shadows[i]);
	if (shown && window_box(win, pixman_region32_extents(&ctx->area), &box)) {
		avail = window_area(ctx, win, &box);
		if (!avail)
			return false;
	}
	if (shown && ctx->fx.shadow && win->shadow && render_shadow_alpha(ctx, win) &&
	        !shadow_clip(ctx, win, avail, &ctx->shadows[i]))
		return false;
	if (!avail) {
		pixman_region32_clear(clip);
		return true;
	}
	if (!pixman_region32_subtract(clip, avail, &ctx->covered))
		return false;
	return !render_window_opaque(win) || cover(ctx, win, clip);
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
		if (!window_clip(ctx, &wins[i], i))
			return false;
	}
	if (!pixman_region32_subtract(&ctx->tmp[0], &ctx->area, &ctx->covered))
		return false;
	paint_background(ctx, dst, &ctx->tmp[0], bg);
	for (size_t i = 0; i < n; i++) {
		const struct render_window *w = &wins[i];

		if (ctx->fx.shadow && pixman_region32_not_empty(&ctx->shadows[i]) &&
		        !(w->anim ? render_anim_paint_shadow(ctx, dst, w, &ctx->shadows[i])
		                  : render_paint_shadow(ctx, dst, w, &ctx->shadows[i])))
			return false;
		if (pixman_region32_not_empty(&ctx->clips[i]) &&
		        !(w->anim ? render_anim_paint_window(ctx, dst, w, &ctx->clips[i])
		                  : render_paint_window(ctx, dst, w, &ctx->clips[i])))
			return false;
	}
	return true;
}
