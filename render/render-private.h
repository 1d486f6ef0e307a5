/*
 * render-private: the context and the helpers shared by the files of render/ (frame painting,
 * effect masks and their cache), not part of its API. Tests may use it to inspect masks.
 */
#ifndef SHMCOMP_RENDER_PRIVATE_H
#define SHMCOMP_RENDER_PRIVATE_H

#include "render/render.h"

/* A new a8r8g8b8 copy of img (x8 formats get alpha 0xff), or NULL when out of memory. */
pixman_image_t *render_to_argb32(pixman_image_t *img);

enum render_mask_kind {
	RENDER_MASK_DISC,     /* 2c x 2c coverage of a disc of radius c: the four corners */
	RENDER_MASK_TEMPLATE, /* shadow of a rounded rectangle, stretched to longer sides */
	RENDER_MASK_SHAPED,   /* shadow of a bounding shape (within w x h, rounded) */
};

#define RENDER_EDGE_STRIP 128

/*
 * A template is the shadow of a window of key.w x key.h, where a side of 0 stands for
 * 2r + 2c + 1: any side at least 2r + 2c long is drawn from that one, its middle column (or
 * row) repeated, since the shadow does not vary there. So large windows of any size share one
 * mask per radius and corner, a panel one per height.
 */
struct render_mask_key {
	enum render_mask_kind kind;
	uint32_t w, h;   /* window size; 0 = stretched (RENDER_MASK_TEMPLATE); 0 for a disc */
	uint32_t radius; /* shadow radius; 0 for RENDER_MASK_DISC */
	uint32_t corner; /* corner radius, already capped for the window's size */
};

/* One cached a8 mask; shadow masks have full strength, opacity and colour come at paint. */
struct render_mask {
	struct render_mask_key key;
	pixman_region32_t shape; /* RENDER_MASK_SHAPED: the shape it blurs; else empty */
	pixman_image_t *img;
	/* RENDER_MASK_TEMPLATE with a stretched width (height): its middle column repeated
	 * RENDER_EDGE_STRIP times across (row, down), painted in pieces along the edges */
	pixman_image_t *col, *row;
	size_t bytes;
	uint64_t used;            /* render_mask_cache::tick at the last use */
	struct render_mask *next; /* render_mask_cache::head */
};

struct render_mask_cache {
	struct render_mask *head;
	size_t bytes, count, limit;
	uint64_t tick, hits, misses;
};

void render_cache_init(struct render_mask_cache *c);
void render_cache_finish(struct render_mask_cache *c);
/* The entry for key (and shape, for RENDER_MASK_SHAPED), marked used; NULL if absent. */
struct render_mask *render_cache_find(struct render_mask_cache *c,
        const struct render_mask_key *key, const pixman_region32_t *shape);
/* Adds m (the cache owns it now), then evicts least recently used entries other than m
 * until the cache fits its limit. */
void render_cache_insert(struct render_mask_cache *c, struct render_mask *m);
void render_cache_set_limit(struct render_mask_cache *c, size_t limit);
/* A new empty entry, or NULL; render_mask_free accepts NULL and a half-built entry. */
struct render_mask *render_mask_new(const struct render_mask_key *key);
void render_mask_free(struct render_mask *m);
/* Sets m->bytes from its images. */
void render_mask_account(struct render_mask *m);

/* blur.c: the blur of a box of the screen, prepared once per effects. */
struct render_blur_plan;

/* Scratch of the blur passes, kept from frame to frame (grown, never shrunk). */
struct render_blur_scratch {
	void *plane[5]; /* planes of pixels, 4 floats each: two passes', dual_kawase's sums */
	size_t plane_cap[5];
	uint32_t *sums, *row;
	size_t sums_cap, row_cap;
	void *ptrs; /* a pointer per tap */
	size_t ptrs_cap;
};

/* The plan for fx's blur (kernels turned into passes), *out = NULL when fx does not blur.
 * False when out of memory. */
bool render_blur_plan_create(const struct render_effects *fx, struct render_blur_plan **out);
/* Accepts NULL. */
void render_blur_plan_destroy(struct render_blur_plan *p);
/* render_blur_reach of the effects the plan was made for; 0 for NULL. */
uint32_t render_blur_plan_reach(const struct render_blur_plan *p);
void render_blur_scratch_finish(struct render_blur_scratch *s);
/* The screen pixels (of a sw x sh screen) that blurring the box out reads. */
void render_blur_input_box(const struct render_blur_plan *p, const pixman_box32_t *out, int32_t sw,
        int32_t sh, pixman_box32_t *in);
/* Blur box out: src holds the a8r8g8b8 pixels of box in (render_blur_input_box), stride in
 * pixels; res gets out's blurred pixels. False when out of memory. */
bool render_blur_run(const struct render_blur_plan *p, struct render_blur_scratch *s,
        const uint32_t *src, size_t stride, const pixman_box32_t *in, const pixman_box32_t *out,
        uint32_t *res, size_t res_stride, int32_t sw, int32_t sh);

struct render_ctx {
	pixman_region32_t *clips;   /* per window of the current frame; grown, never shrunk */
	pixman_region32_t *shadows; /* per window: where its shadow shows; as long as clips */
	pixman_region32_t *blurs;   /* per window: where its background is blurred; as long */
	size_t clips_cap;
	pixman_box32_t bounds;       /* dst */
	pixman_box32_t paint_bounds; /* extents of everything this frame paints */
	pixman_region32_t area;      /* the damage within dst */
	/* top-down: where the layers below the current window must be painted: area minus what
	 * opaque windows above hide, plus what blurred windows above read */
	pixman_region32_t need;
	pixman_region32_t reads; /* area and everything blurs read: render_frame_input */
	/* painting parts of need outside area: they go to `below`, a scratch copy of the screen
	 * of dst's format, so that dst keeps every pixel outside the damage */
	bool outside;
	pixman_image_t *below;
	pixman_region32_t split[2]; /* a paint step's region within area and outside it */
	pixman_box32_t *dboxes;     /* scratch for growing regions */
	size_t dboxes_cap;
	struct render_blur_plan *blur;
	uint32_t blur_reach;
	struct render_blur_scratch blur_scratch;
	pixman_image_t *blur_src, *blur_res; /* a8r8g8b8 scratch: what a blur reads, its result */
	uint64_t blur_pixels, blur_extra_pixels;
	/* scratch; pixman reuses a destination's storage unless it is also an operand, so
	 * results alternate between these two */
	pixman_region32_t tmp[2];
	/* the effects' scratch, never live across windows */
	pixman_region32_t fxtmp[2];
	/* a rounded window's rectangle minus its corner squares (painting), or minus the
	 * pixels it does not cover fully (occlusion, shadow cut-out) */
	pixman_region32_t inner;
	pixman_box32_t *boxes; /* scratch for building inner */
	size_t boxes_cap;
	pixman_region32_t part;     /* a clip within one part of a rounded window */
	pixman_region32_t noshadow; /* clip-shadow-above windows below the one planned */
	uint32_t mask_bits;         /* storage of mask's one a8 pixel */
	pixman_image_t *mask;       /* 1x1 repeating a8: opacity of the window being painted */
	/* 1x1 repeating a8r8g8b8: the background colour. Composited, not filled with
	 * pixman_image_fill_boxes, which silently paints nothing when no enabled pixman
	 * implementation can fill (PIXMAN_DISABLE="fast mmx sse2 ssse3 avx2") */
	uint32_t solid_bits;
	pixman_image_t *solid;
	/* 1x1 repeating a8r8g8b8: the shadow colour or the dim black being painted */
	uint32_t fx_bits;
	pixman_image_t *fx_src;
	/* a corner disc scaled by a translucent window's opacity: radius, 8-bit alpha */
	pixman_image_t *scaled_disc;
	uint32_t scaled_corner;
	uint8_t scaled_alpha;
	struct render_effects fx;
	struct render_mask_cache cache;
	uint64_t shadow_pixels;
	/* anim.c: pixels of the offscreen copy of an animated window or of its shadow mask;
	 * grown, never shrunk */
	void *anim_scratch;
	size_t anim_scratch_size;
	/* render_set_await: called before the frame's first read of a window image */
	void (*await)(void *arg);
	void *await_arg;
};

/* Copied with SRC: no alpha, no translucency; or a window that hides what lies below it
 * all the same (transparent_clipping: copied with SRC too, which is over black). */
static inline bool render_window_opaque(const struct render_window *win)
{
	return (!win->argb && win->opacity == RENDER_OPACITY_OPAQUE) || win->transparent_clipping;
}

/* invert.c: a copy of win's image with its colours inverted where `clip` (screen
 * coordinates; NULL: everywhere) needs it, the rest of the copy undefined; NULL when
 * nothing is left or out of memory (caller unrefs). */
pixman_image_t *render_inverted(const struct render_window *win, const pixman_region32_t *clip);

/* Opacity as pixman's 8-bit pipeline uses it: (opacity >> 16) / 65535, rounded to 8 bits. */
static inline uint8_t render_opacity_u8(uint32_t opacity)
{
	uint32_t a16 = opacity >> 16;

	return (uint8_t)((a16 * 255 + 32767) / 65535);
}

/* Whether win is blurred under fx, whose blur reaches reach (render_window_blurred). */
bool render_blur_applies(
        const struct render_effects *fx, uint32_t reach, const struct render_window *win);
/* 8-bit alpha of win's blurred background (255 with blur.fixed). */
uint8_t render_blur_alpha(const struct render_effects *fx, const struct render_window *win);
/* Take what is not blurred of a window from region (screen coordinates): its opaque client
 * when only its frame is translucent. False when out of memory. */
bool render_blur_cut_client(const struct render_window *win, pixman_region32_t *region);
/* region grown by r on every side (within bounds unless NULL) into out, which may be region;
 * *boxes (of *cap) is scratch, grown as needed. False when out of memory. */
bool render_region_grow(pixman_box32_t **boxes, size_t *cap, pixman_region32_t *out,
        const pixman_region32_t *region, uint32_t r, const pixman_box32_t *bounds);
/* Blur what lies below win over region (within its blurred area), in dst and, outside the
 * damage, in ctx->below. False when out of memory. */
bool render_paint_blur(struct render_ctx *ctx, pixman_image_t *dst, const struct render_window *win,
        const pixman_region32_t *region);
/* Composite src (its (0,0) at screen (sx, sy), opaque) over clip within win's rounded
 * corners, at 8-bit alpha a: 255 replaces what is there. False when out of memory. */
bool render_paint_masked(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip, pixman_image_t *src,
        int64_t sx, int64_t sy, uint8_t a);

/* Whether region (within the window) keeps clear of the c x c corner squares of win. */
static inline bool render_clear_of_corners(
        const struct render_window *win, uint32_t c, const pixman_region32_t *region)
{
	const pixman_box32_t *e = pixman_region32_extents(region);
	int64_t x = win->x, y = win->y;

	return (e->x1 >= x + c && e->x2 <= x + (int64_t)win->width - c) ||
	       (e->y1 >= y + c && e->y2 <= y + (int64_t)win->height - c);
}

/* Add the box (x, y, w, h), limited to bounds, to r. */
bool render_union_box(pixman_region32_t *r, const pixman_box32_t *bounds, int64_t x, int64_t y,
        int64_t w, int64_t h);
/* Paint win within clip (not empty): the window, its rounded corners, its dim. False when
 * out of memory. */
bool render_paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip);

/* Composite src (its (0,0) at screen (sx, sy)) through mask (its (0,0) at (mx, my); NULL =
 * none) onto the boxes of region in dst. Repeating 1x1 images take any origin. */
void render_composite_region(pixman_op_t op, pixman_image_t *src, int64_t sx, int64_t sy,
        pixman_image_t *mask, int64_t mx, int64_t my, pixman_image_t *dst,
        const pixman_region32_t *region);

/*
 * dst OVER= colour (premultiplied a8r8g8b8) IN mask over w x h at (dx, dy) of dst, the mask
 * read from (mx, my) (NULL = none), clipped as pixman clips it: the same bytes as
 * pixman_image_composite32(PIXMAN_OP_OVER, <solid colour>, mask, dst, 0, 0, mx, my, dx, dy, w,
 * h), faster (render/over.c). dst x8r8g8b8 or a8r8g8b8, mask a8 without repeat, transform or
 * clip. False, having done nothing, when it does not handle these images or this CPU (no
 * AVX2): pixman paints then.
 */
bool render_over_solid(pixman_image_t *dst, uint32_t colour, pixman_image_t *mask, int64_t mx,
        int64_t my, int64_t dx, int64_t dy, int64_t w, int64_t h);

/* render_composite_region of the solid colour (src is a repeating 1x1 image of it) through
 * mask at (mx, my), by render_over_solid where it can. */
void render_over_solid_region(pixman_image_t *src, uint32_t colour, pixman_image_t *mask,
        int64_t mx, int64_t my, pixman_image_t *dst, const pixman_region32_t *region);

/* An a8r8g8b8 premultiplied pixel of colour 0xRRGGBB and alpha a. */
uint32_t render_premultiply(uint32_t rgb, uint8_t a);
/* v in 0..1 (clamped) to 8 bits, rounded. */
uint8_t render_unit_to_u8(double v);

/* Fraction of pixel (i, j), i and j < c, of the top-left corner square of a rounded
 * rectangle of corner radius c, that lies inside it. */
double render_corner_coverage(uint32_t c, uint32_t i, uint32_t j);
/* The cached 2c x 2c disc mask (c > 0), or NULL when out of memory. */
struct render_mask *render_corner_disc(struct render_ctx *ctx, uint32_t c);

/* Shadow geometry of a window under ctx's effects; false when it casts none. */
bool render_shadow_box(const struct render_window *win, const struct render_effects *fx, int64_t *x,
        int64_t *y, uint64_t *w, uint64_t *h);
/*
 * The shadow mask of a w x h window with corner radius c (capped) and, unless NULL, bounding
 * shape (window coordinates): a RENDER_MASK_TEMPLATE or, for a shape, a RENDER_MASK_SHAPED of
 * (w + 2r) x (h + 2r). NULL when out of memory. Valid until the next mask is computed.
 */
struct render_mask *render_shadow_mask(struct render_ctx *ctx, uint32_t w, uint32_t h, uint32_t r,
        uint32_t c, const pixman_region32_t *shape);
/* Alpha of win's shadow colour under ctx's effects; 0 = it casts none. */
uint8_t render_shadow_alpha(const struct render_ctx *ctx, const struct render_window *win);
/* Paint win's shadow over region; false when out of memory. */
bool render_paint_shadow(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *region);

/* ---- anim.c: animated windows (render_window.anim) ---- */

/* Where the animated window shows on screen, crop applied, within bounds; false when
 * nowhere. */
bool render_anim_window_box(
        const struct render_window *win, const pixman_box32_t *bounds, pixman_box32_t *out);
/* The same for its shadow under fx; false when it casts none or it is cropped away. */
bool render_anim_shadow_box(const struct render_window *win, const struct render_effects *fx,
        const pixman_box32_t *bounds, pixman_box32_t *out);
/* Whether the window is only moved (scales 1, nothing saved to blend): it is then painted
 * as the plain window at render_anim_moved's position. */
bool render_anim_simple(const struct render_window *win);
/* A copy of win at its animated position, without the animation. */
void render_anim_moved(const struct render_window *win, struct render_window *out);
/* The part of its box an animated window covers fully (its scaled corners left out), into
 * ctx->inner; false when out of memory. */
bool render_anim_body(
        struct render_ctx *ctx, const struct render_window *win, const pixman_box32_t *bounds);
/* Paint the animated window within clip (screen coordinates, inside its box); false when
 * out of memory. */
bool render_anim_paint_window(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *clip);
/* Paint its shadow within region; false when out of memory. */
bool render_anim_paint_shadow(struct render_ctx *ctx, pixman_image_t *dst,
        const struct render_window *win, const pixman_region32_t *region);

#endif
