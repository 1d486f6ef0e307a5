/*
 * effects: shadow geometry and painting (a cached template stretched over the window, or a
 * shape's own mask), window extents for damage, and the context's effect settings.
 */
#include "render/render-private.h"

/* Larger windows cast no shadow (X caps sides at 32767; this keeps masks in int range). */
#define SHADOW_SIDE_MAX 65535u

uint8_t render_unit_to_u8(double v)
{
	if (!(v > 0))
		return 0;
	return v >= 1 ? 255 : (uint8_t)(v * 255 + 0.5);
}

uint32_t render_premultiply(uint32_t rgb, uint8_t a)
{
	uint32_t p = (uint32_t)a << 24;

	for (int shift = 0; shift < 24; shift += 8)
		p |= (((rgb >> shift) & 0xff) * a + 127) / 255 << shift;
	return p;
}

bool render_ctx_set_effects(struct render_ctx *ctx, const struct render_effects *fx)
{
	struct render_blur_plan *plan = NULL;
	bool ok = render_blur_plan_create(fx, &plan);

	ctx->fx = fx ? *fx : (struct render_effects){0};
	/* the plan holds what it needs of the kernels: the caller's may go */
	ctx->fx.blur.kernels = NULL;
	ctx->fx.blur.kernel_count = 0;
	render_blur_plan_destroy(ctx->blur);
	ctx->blur = plan;
	ctx->blur_reach = render_blur_plan_reach(plan);
	if (!plan)
		ctx->fx.blur.method = RENDER_BLUR_NONE;
	return ok;
}

void render_ctx_set_cache_limit(struct render_ctx *ctx, size_t limit)
{
	render_cache_set_limit(&ctx->cache, limit);
}

void render_ctx_get_stats(const struct render_ctx *ctx, struct render_stats *out)
{
	*out = (struct render_stats){
	        .shadow_pixels = ctx->shadow_pixels,
	        .blur_pixels = ctx->blur_pixels,
	        .blur_extra_pixels = ctx->blur_extra_pixels,
	        .mask_hits = ctx->cache.hits,
	        .mask_misses = ctx->cache.misses,
	        .mask_bytes = ctx->cache.bytes,
	        .mask_count = ctx->cache.count,
	};
}

static uint32_t shadow_radius(const struct render_effects *fx)
{
	return fx->shadow_radius < RENDER_SHADOW_RADIUS_MAX ? fx->shadow_radius
	                                                    : RENDER_SHADOW_RADIUS_MAX;
}

bool render_shadow_box(const struct render_window *win, const struct render_effects *fx, int64_t *x,
        int64_t *y, uint64_t *w, uint64_t *h)
{
	uint32_t r = shadow_radius(fx);

	if (!fx->shadow || !win->shadow || !win->width || !win->height ||
	        win->width > SHADOW_SIDE_MAX || win->height > SHADOW_SIDE_MAX)
		return false;
	*x = (int64_t)win->x + fx->shadow_dx;
	*y = (int64_t)win->y + fx->shadow_dy;
	*w = win->width + 2 * (uint64_t)r;
	*h = win->height + 2 * (uint64_t)r;
	return true;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int32_t saturate(int64_t v)
{
	return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

void render_window_extents(
        const struct render_window *w, const struct render_effects *fx, pixman_box32_t *out)
{
	int64_t x1 = w->x, y1 = w->y, x2 = x1 + w->width, y2 = y1 + w->height, sx, sy;
	uint64_t sw, sh;

	if (!w->width || !w->height) {
		*out = (pixman_box32_t){saturate(x1), saturate(y1), saturate(x1), saturate(y1)};
		return;
	}
	if (fx && render_shadow_box(w, fx, &sx, &sy, &sw, &sh)) {
		x1 = sx < x1 ? sx : x1;
		y1 = sy < y1 ? sy : y1;
		x2 = sx + (int64_t)sw > x2 ? sx + (int64_t)sw : x2;
		y2 = sy + (int64_t)sh > y2 ? sy + (int64_t)sh : y2;
	}
	*out = (pixman_box32_t){saturate(x1), saturate(y1), saturate(x2), saturate(y2)};
}

/* One side of a shadow box cut for a template: [a, b) in shadow coordinates, kind 0 and 2
 * the template's ends (t: where a lies in it), kind 1 its stretched middle. */
struct span {
	int64_t a, b, t;
	int kind;
};

/* Cut [a, b) of a shadow side of length size; a side that is not stretched is one span. */
static int split(int64_t a, int64_t b, int64_t size, int64_t p, bool stretched, struct span out[3])
{
	const int64_t cut[4] = {0, p, size - p, size};
	int n = 0;

	if (!stretched) {
		out[0] = (struct span){a, b, a, 0};
		return 1;
	}
	for (int kind = 0; kind < 3; kind++) {
		int64_t lo = a > cut[kind] ? a : cut[kind];
		int64_t hi = b < cut[kind + 1] ? b : cut[kind + 1];

		if (lo >= hi)
			continue;
		/* the high end is the template's last p pixels, of 2p + 1 */
		out[n++] = (struct span){lo, hi, kind == 2 ? lo - size + 2 * p + 1 : lo, kind};
	}
	return n;
}

static void slice(struct render_ctx *ctx, pixman_image_t *dst, const struct render_mask *m,
        const struct span *xs, const struct span *ys, int64_t sx, int64_t sy)
{
	pixman_image_t *mask = m->img;
	int64_t mx = xs->t, my = ys->t, cw = xs->b - xs->a, ch = ys->b - ys->a;

	if (xs->kind == 1 && ys->kind == 1)
		mask = NULL;
	else if (xs->kind == 1)
		mask = m->col, mx = 0, cw = RENDER_EDGE_STRIP;
	else if (ys->kind == 1)
		mask = m->row, my = 0, ch = RENDER_EDGE_STRIP;
	/* an edge is painted in strip-long pieces, each from the strip's start */
	for (int64_t x = xs->a; x < xs->b; x += cw) {
		for (int64_t y = ys->a; y < ys->b; y += ch) {
			int64_t w = min64(cw, xs->b - x), h = min64(ch, ys->b - y);
			if (!render_over_solid(
			            dst, ctx->fx_bits, mask, mx, my, sx + x, sy + y, w, h))
				pixman_image_composite32(PIXMAN_OP_OVER, ctx->fx_src, mask, dst, 0,
				        0, (int32_t)mx, (int32_t)my, (int32_t)(sx + x),
				        (int32_t)(sy + y), (int32_t)w, (int32_t)h);
		}
	}
}

static void paint_template(struct render_ctx *ctx, pixman_image_t *dst, const struct render_mask *m,
        const pixman_region32_t *region, int64_t sx, int64_t sy, uint64_t sw, uint64_t sh)
{
	int64_t p = 2 * (int64_t)m->key.radius + m->key.corner;
	int n;
	const pixman_box32_t *boxes = pixman_region32_rectangles(region, &n);

	for (int i = 0; i < n; i++) {
		struct span xs[3], ys[3];
		int nx = split(boxes[i].x1 - sx, boxes[i].x2 - sx, (int64_t)sw, p, !m->key.w, xs);
		int ny = split(boxes[i].y1 - sy, boxes[i].y2 - sy, (int64_t)sh, p, !m->key.h, ys);

		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++)
				slice(ctx, dst, m, &xs[x], &ys[y], sx, sy);
	}
}

/* The window's shape within its rectangle, in ctx->fxtmp[0]; NULL when it has none or it
 * is the whole rectangle. *empty when nothing of the window is left. */
static const pixman_region32_t *local_shape(
        struct render_ctx *ctx, const struct render_window *win, bool *empty)
{
	pixman_region32_t *s = &ctx->fxtmp[0];
	const pixman_box32_t *e;

	*empty = false;
	if (!win->shape)
		return NULL;
	if (!pixman_region32_intersect_rect(s, win->shape, 0, 0, win->width, win->height)) {
		/* out of memory: fall back to the rectangle's shadow */
		return NULL;
	}
	e = pixman_region32_extents(s);
	*empty = !pixman_region32_not_empty(s);
	if (pixman_region32_n_rects(s) == 1 && e->x1 == 0 && e->y1 == 0 &&
	        (uint32_t)e->x2 == win->width && (uint32_t)e->y2 == win->height)
		return NULL;
	return s;
}

uint64_t render_region_pixels(const pixman_region32_t *region)
{
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(region, &n);
	uint64_t area = 0;

	for (int i = 0; i < n; i++)
		area += (uint64_t)(b[i].x2 - b[i].x1) * (uint64_t)(b[i].y2 - b[i].y1);
	return area;
}

uint8_t render_shadow_alpha(const struct render_ctx *ctx, const struct render_window *win)
{
	if (!ctx->fx.shadow || !win->shadow)
		return 0;
	return render_unit_to_u8(
	        ctx->fx.shadow_opacity * ((double)win->opacity / RENDER_OPACITY_OPAQUE));
}

bool render_paint_shadow(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *region)
{
	int64_t sx, sy;
	uint64_t sw, sh;
	bool empty;
	const pixman_region32_t *shape = local_shape(ctx, win, &empty);
	struct render_mask *m;

	if (empty || !render_shadow_box(win, &ctx->fx, &sx, &sy, &sw, &sh))
		return true;
	m = render_shadow_mask(ctx, win->width, win->height, shadow_radius(&ctx->fx),
	        render_corner_radius(win), shape);
	if (!m)
		return false;
	ctx->fx_bits =
	        render_premultiply(win->shadow_color_set ? win->shadow_color : ctx->fx.shadow_color,
	                render_shadow_alpha(ctx, win));
	if (m->key.kind == RENDER_MASK_TEMPLATE)
		paint_template(ctx, dst, m, region, sx, sy, sw, sh);
	else
		render_over_solid_region(ctx->fx_src, ctx->fx_bits, m->img, sx, sy, dst, region);
	ctx->shadow_pixels += render_region_pixels(region);
	return true;
}
