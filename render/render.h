/*
 * render: paints one composited frame with pixman, with picom's effects (shadows, rounded
 * corners, dim; fade arithmetic), plus PNG files and image comparison.
 * Pure pixman and libpng: nothing here knows about X, so it runs headless in tests.
 */
#ifndef SHMCOMP_RENDER_H
#define SHMCOMP_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pixman.h>

#define RENDER_OPACITY_OPAQUE 0xffffffffu

/*
 * One window to paint; render_frame() takes an array of them ordered bottom to top.
 * Everything is borrowed for the duration of the call only.
 *
 * image: the window's contents INCLUDING its border; image (0,0) is the outer top-left.
 *   NULL skips the window (nothing to show yet). Where the image is smaller than
 *   width x height, only the part it covers is painted and what lies below shows through.
 *   Formats: x8r8g8b8 or r5g6b5 for argb == false, a8r8g8b8 (premultiplied) for argb == true.
 *   An argb == false window must not use a format with alpha: a translucent (opacity)
 *   paint would honour that alpha.
 * shape: bounding shape in outer-window coordinates (add the border width to what the
 *   SHAPE extension reports); clipped to the window rectangle. NULL = full rectangle.
 * argb: contents carry alpha (depth-32 window): composited with OVER.
 * opacity: _NET_WM_WINDOW_OPACITY; RENDER_OPACITY_OPAQUE = opaque, 0 = invisible.
 *
 * An opaque window (argb == false, opacity == RENDER_OPACITY_OPAQUE) is copied with
 * PIXMAN_OP_SRC, exactly as the X server shows it. From x8r8g8b8 to x8r8g8b8 that copies the
 * pad byte unchanged: the top byte of an x8r8g8b8 destination is undefined, as on the server.
 * Any other window is composited with OVER (premultiplied, as X Render does) through a solid
 * mask of alpha (opacity >> 16) / 65535, which pixman's 8-bit pipeline uses rounded to 8 bits.
 *
 * Effects (picom's semantics; every field zero = no effect, the output is then bit for bit
 * what it is without them):
 * shadow: draw this window's shadow when struct render_effects enables shadows (picom's
 *   shadow-exclude decides it). See struct render_effects for its geometry and colour. It is
 *   cast by the window's geometry (outer rectangle, shape, corners), not by its alpha.
 * full_shadow: also paint the shadow under the window's own body (picom's wintypes option
 *   full-shadow); by default the body is cut out, which only shows with translucent windows.
 * corner_radius: picom corner-radius: pixels outside the rounded rectangle of the outer
 *   rectangle are not painted; the edge is anti-aliased. Capped at half the shorter side.
 *   An opaque rounded window hides only the pixels it covers fully from those below.
 * dim: picom inactive-dim, 0..1: after the window, black of alpha dim (times the window's
 *   opacity unless render_effects.dim_fixed) is composited OVER what the window painted
 *   (within its shape and corners; transparent pixels of an ARGB window included, as picom).
 * blur: picom blur-background for this window (the compositor applies blur-background-exclude
 *   and rules). See struct render_blur: a window that is not opaque gets what lies below it
 *   blurred within its shape and rounded corners, before its shadow and its own pixels.
 * opaque_client: for an argb window whose client is not (a window manager's frame with alpha
 *   around an opaque client), the client's rectangle in outer-window coordinates: then only the
 *   rest, the frame, is translucent, and it is blurred only with render_blur.background_frame
 *   (picom's WMODE_FRAME_TRANS). Empty (x1 == x2, as zero-initialised) for every other window.
 *   It changes nothing else: the window is painted as any argb window.
 * shadow_color_set, shadow_color: this window's shadow in 0xRRGGBB instead of
 *   render_effects.shadow_color (picom's shadow-color in a rule); an animation's colour wins.
 * clip_shadow_above: picom clip-shadow-above: the shadows of the windows above this one are
 *   not painted over it (within its shape; its rounded corners' cut-off parts included).
 * transparent_clipping: picom transparent-clipping: the window hides what lies below it as an
 *   opaque window does, and is painted over black (its alpha makes it darker, shows nothing
 *   below: "a hole in the screen"). It is then not blurred.
 * invert: picom invert-color: the window's colours are inverted before anything else
 *   (premultiplied: each colour channel c of alpha a becomes a - c), then painted as usual
 *   (opacity, corners, dim).
 */
struct render_anim;

struct render_window {
	/* Its pixels; NULL when they are not in memory because the caller puts its body
	 * on screen by other means (a server-side copy): then its shadow is painted and
	 * its body covers what lies below it, but nothing of it is painted. */
	pixman_image_t *image;
	int32_t x, y;           /* outer top-left on screen (border included) */
	uint32_t width, height; /* outer size (w + 2 * border, h + 2 * border) */
	const pixman_region32_t *shape;
	bool argb;
	uint32_t opacity;
	bool shadow;
	bool full_shadow;
	uint32_t corner_radius;
	double dim;
	bool blur;
	pixman_box32_t opaque_client;
	/* NULL, or the window is animated (struct render_anim; borrowed like the rest) */
	const struct render_anim *anim;
	bool shadow_color_set;
	uint32_t shadow_color;
	bool clip_shadow_above;
	bool transparent_clipping;
	bool invert;
	/* image's pixels may still be on their way: render_frame calls the await of
	 * render_set_await before it reads them */
	bool pending;
};

#define RENDER_BLUR_SIZE_MAX 128u
#define RENDER_BLUR_STRENGTH_MAX 20u
#define RENDER_KERNEL_SIDE_MAX 127u
#define RENDER_KERNELS_MAX 16u

enum render_blur_method {
	RENDER_BLUR_NONE,
	RENDER_BLUR_BOX,
	RENDER_BLUR_GAUSSIAN,
	RENDER_BLUR_DUAL_KAWASE,
	RENDER_BLUR_KERNEL,
};

/* A convolution kernel of picom's blur-kern: width x height values row by row (both odd, at
 * most RENDER_KERNEL_SIDE_MAX), the centre one 1 as picom sets it. */
struct render_kernel {
	uint32_t width, height;
	double *values;
};

/*
 * Background blur, picom's blur options. All zero = none.
 *
 * method: picom blur-method (picom's defaults: size 3, deviation 0.84089642, strength 5).
 *   Every method blurs the four channels of the screen as it is below the window (background,
 *   windows below, their shadows). box sums exactly and rounds once; the others compute in
 *   single-precision floats and round once at the end (the tests hold gaussian, box and kernel
 *   within 1 of the exact convolution, dual_kawase within 2 of a double-precision one).
 *   box: picom blur-size n (at most RENDER_BLUR_SIZE_MAX) gives a (2n + 1)-tap box,
 *     horizontally then vertically (the (2n+1)^2 average). n = 0 is no blur.
 *   gaussian: the (2n + 1)-tap kernel exp(-k^2 / (2 deviation^2)), k = -n..n, normalised,
 *     horizontally then vertically. A deviation that is not > 0 is no blur.
 *   kernel: kernels[0..kernel_count) applied one after the other (picom's blur-kern, see
 *     render_kernels_parse), each normalised by its sum (unless that is 0) as picom's X Render
 *     filter does; the final result clamped to [0, 255] (not the passes between: a kernel
 *     with negative values may overshoot in between). Kernels are copied by
 *     render_ctx_set_effects.
 *   dual_kawase: picom's dual-filter Kawase blur of `strength` (1..20; 0 = picom's choice from
 *     size, 5 when size is 0 too; above 20 = 20): for its level's iteration count L and
 *     offset o (picom's table), L passes halve the image, then L passes double it back:
 *     down, level k to k + 1 (cell X of level k + 1 has its centre at 2X + 1 of level k):
 *       (4 S(c) + S(c + (±o/2, ±o/2))) / 8, the four diagonal samples, c = (2X + 1, 2Y + 1);
 *     up, level k + 1 to k (cell x of level k has its centre at (x + 0.5) / 2 of level k + 1):
 *       (S(c ± (o, 0)) + S(c ± (0, o)) + 2 S(c + (±o/2, ±o/2))) / 12,
 *     S being the bilinear sample between cell centres, as a GPU texture lookup is. Level k
 *     has ceil(size / 2^k) cells per side; its cells (0, 0) lie at the screen's (0, 0), so a
 *     pixel's value does not depend on what else is painted. Levels are kept in floating
 *     point; only the final level-0 value is rounded to 8 bits.
 *   Screen edges: every pass reads its input clamped to the screen (dual_kawase: clamped to
 *   each level's cells), as a GPU's CLAMP_TO_EDGE does: pixels beyond an edge repeat the edge,
 *   so a flat colour stays flat up to the edge, and what lies off screen never counts.
 * background_frame: picom blur-background-frame: also blur the frame of a window whose only
 *   translucent part is its frame (render_window.opaque_client); picom's "implies
 *   blur-background" is the compositor's to apply.
 * fixed: picom blur-background-fixed. The blur's strength never follows the window's opacity
 *   (the kernel is always the same, as in picom's current backends); what changes is how
 *   much of it shows: the blurred background is blended over the unblurred one with the
 *   window's opacity (8 bits, as the window itself is painted), or fully with fixed. Either
 *   way the window is then painted over it as usual. (picom's man page: the blur follows the
 *   opacity unless fixed. Its current backends ignore the option and blend by opacity over
 *   target opacity, which is 1 except while fading.) The screen has no alpha; on an a8r8g8b8
 *   dst, partial blends (opacity, corner edges) are OVER, not a mix.
 *
 * A window is blurred when method is not none and blurs at all (render_blur_reach > 0), its
 * blur flag is set, it is shown (an image, opacity > 0) and it is not opaque: argb or
 * opacity < RENDER_OPACITY_OPAQUE (or only its frame is, see opaque_client). The blurred area
 * is its shape within its rectangle (and image) with the rounded corners anti-aliased, minus
 * opaque_client; pixels of the window outside it are not blurred.
 */
struct render_blur {
	enum render_blur_method method;
	uint32_t size;
	double deviation;
	uint32_t strength;
	const struct render_kernel *kernels;
	size_t kernel_count;
	bool background_frame;
	bool fixed;
};

/*
 * A window in an animation (picom's output variables, see anim/anim.h; the compositor
 * resolves them). Everything zero but the scales (1) means "as without animation".
 * offset_x/y: added to the window's position, which is then rounded to whole pixels.
 * scale_x/y: around that top-left corner; the window covers floor(width * scale_x) x
 *   floor(height * scale_y) pixels, sampled bilinearly. A scale <= 0 (or NaN) hides it.
 * shadow_offset_x/y, shadow_scale_x/y: the same for the shadow box (render_shadow_box),
 *   independently of the window's; the shadow is cut out under the scaled window body.
 * shadow_opacity: 0..1, replaces the window's opacity in its shadow's alpha.
 * shadow_color: 0xRRGGBB used instead of render_effects.shadow_color when shadow_color_set.
 * crop: window and shadow are painted only inside crop_box (screen coordinates).
 * saved, saved_blend: the window's contents when the animation started (any size, stretched
 *   to the window) blended with the current ones: saved_blend 0 = current only, 1 = saved
 *   only. Rounded corners, shape and dim apply to the blend; the window's opacity to all.
 * The window's opacity stays render_window.opacity (the compositor puts picom's `opacity`
 * output there). An animated window never hides what lies below it.
 */
struct render_anim {
	double offset_x, offset_y;
	double scale_x, scale_y;
	double shadow_offset_x, shadow_offset_y;
	double shadow_scale_x, shadow_scale_y;
	double shadow_opacity;
	bool shadow_color_set;
	uint32_t shadow_color;
	bool crop;
	pixman_box32_t crop_box;
	pixman_image_t *saved;
	double saved_blend;
};

/* The identity: no offset, scales 1, shadow_opacity 1, no crop, no saved image. */
void render_anim_identity(struct render_anim *a);

#define RENDER_SHADOW_RADIUS_MAX 512u

/*
 * Frame-wide effect settings, picom's options; all zero = no shadows, dim scaled by opacity.
 * shadow: picom shadow (windows also need their own shadow flag).
 * shadow_radius: picom shadow-radius (at most RENDER_SHADOW_RADIUS_MAX): the Gaussian kernel
 *   is (2r+1) x (2r+1), sigma as picom picks it (render_shadow_sigma). A window of outer size
 *   w x h casts a (w + 2r) x (h + 2r) shadow whose top-left is (x + shadow_dx, y + shadow_dy);
 *   with dx = dy = -r it is centred on the window. The shadow follows the rounded corners and
 *   the bounding shape (a shape too costly to blur gets its rectangle's shadow).
 * shadow_opacity: picom shadow-opacity, 0..1, multiplied by the window's opacity.
 * shadow_dx, shadow_dy: picom shadow-offset-x/y.
 * shadow_color: 0xRRGGBB (picom shadow-color, or shadow-red/green/blue).
 * shadow_exclude: picom shadow-exclude-reg: no shadow is painted within this screen box
 *   (empty, x1 == x2 as zero-initialised: none).
 * dim_fixed: picom inactive-dim-fixed.
 * blur: background blur (struct render_blur).
 */
struct render_effects {
	bool shadow;
	uint32_t shadow_radius;
	double shadow_opacity;
	int32_t shadow_dx, shadow_dy;
	uint32_t shadow_color;
	pixman_box32_t shadow_exclude;
	bool dim_fixed;
	struct render_blur blur;
};

/*
 * image: the root background pixmap's contents, or NULL. Tiled from screen (0,0) as X tiles
 *   a root background pixmap; render_frame() sets its repeat to PIXMAN_REPEAT_NORMAL.
 * color: 0xAARRGGBB painted (with SRC, as a premultiplied a8r8g8b8 pixel) when image is NULL
 *   or empty; screens have no alpha, so use 0xff there.
 */
struct render_background {
	pixman_image_t *image;
	uint32_t color;
};

/* State reused from frame to frame (regions, the opacity mask, the effect settings, the
 * cache of shadow and corner masks). Not thread-safe. */
struct render_ctx;

struct render_ctx *render_ctx_create(void);
/* Accepts NULL. */
void render_ctx_destroy(struct render_ctx *ctx);

/*
 * Paint `damage` (screen coordinates; NULL = all of dst) of dst: the background, then the
 * windows bottom to top, each clipped by its shape and the damage, each after its blurred
 * background (picom's order: blur, then shadow, then the window) and its shadow and followed
 * by its dim (render_ctx_set_effects). Pixels outside the damage are untouched (what blurs
 * read there is rendered into the context's own scratch screen). Areas hidden under opaque
 * windows are painted only once, shadows included, unless a blur above reads them. bg NULL
 * paints opaque black. Window images and the background must be current wherever
 * render_frame_input says the frame reads. Returns false only when running out of memory;
 * dst may then be partly painted and the damage should be kept for the next frame.
 */
bool render_frame(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage,
        const struct render_background *bg, const struct render_window *wins, size_t n);

/*
 * For the next render_frame only: `await(arg)` is called once before that frame reads the
 * first pixel of a window image (not before the background and shadows it paints first),
 * or not at all when it reads none. The caller's pixels that are still on their way (a
 * fetch into a window's mirror) can land meanwhile. render_frame forgets it when it
 * returns; NULL: none.
 */
void render_set_await(struct render_ctx *ctx, void (*await)(void *arg), void *arg);

/*
 * Effects for the following frames (copied, blur kernels included; NULL = none). Starts with
 * none. False when out of memory: the effects are then set without blur.
 */
bool render_ctx_set_effects(struct render_ctx *ctx, const struct render_effects *fx);

/*
 * Blur and damage. A blurred pixel depends on the pixels below it within the blur's reach r
 * (render_blur_reach): |dx| <= r and |dy| <= r. So:
 *
 * - What render_frame reads: to paint a damaged pixel of a blurred window it needs what lies
 *   below that window up to r away, also outside the damage. It renders those parts of the
 *   layers below into a screen-sized scratch image of its own (never into dst outside the
 *   damage). render_frame_input gives the screen region whose window pixels and background a
 *   frame reads, which is where window contents must be up to date (fetched).
 *
 * - What must be repainted: when the pixels below a blurred window W change in a region X
 *   (a window below W, or the background, changes its contents; a window below maps, unmaps,
 *   moves, resizes or changes its effects), the damage passed to render_frame (and presented)
 *   must include X ∪ ((X ⊕ r) ∩ blurred area of W), where X ⊕ r grows X by r pixels on every
 *   side. Nothing outside blurred windows changes beyond X. Windows stacked above one another
 *   compose: what W1 grows is a change below W2, so a change below both grows by up to
 *   r + r (render_blur_damage computes it exactly, bottom to top, for every blurred window).
 *   X must include changes hidden under opaque windows, since a blur above may show them.
 *   Changes of W itself (its contents) need no growth; its moving, resizing, mapping or
 *   changing its blur, opacity or shape needs its old and new areas damaged, as any window.
 *
 * - Reach per method: box and gaussian: blur-size n; kernel: the larger of the sums, over
 *   the kernels, of (width - 1) / 2 and of (height - 1) / 2; dual_kawase: how far the
 *   L down and L up passes of its strength reach through the levels, computed from the
 *   positions of their samples (no pixel of level k depends on more than its 2^k-pixel cell
 *   and the cells the samples touch): strength 1..20 reach 5, 7, 21, 27, 36, 56, 70, 84, 112,
 *   150, 180, 210, 255, 300, 330, 403, 465, 527, 620, 713 pixels (picom's GL backend pads
 *   by 2^L * 2 * ceil(o) + 1 instead: 41 for strength 5, against 36 here).
 */

/* How far the blur of fx reaches in pixels (see above); 0 when it does not blur (method none,
 * size 0, a deviation <= 0, no kernel or only 1x1 ones). fx NULL = 0. */
uint32_t render_blur_reach(const struct render_effects *fx);

/* The pixels in `region` (its boxes' areas): for the counters of what a frame paints. */
uint64_t render_region_pixels(const pixman_region32_t *region);

/* A list of boxes gathered one at a time and made into a region once: adding n boxes to a
 * pixman region one union at a time costs O(n²), each union walking the region and
 * allocating (60 windows drawing at once: 60 damage events, 60 bodies served). The boxes
 * may overlap; empty ones are not kept. */
struct render_boxes {
	pixman_box32_t *box;
	size_t n, cap;
	pixman_box32_t bounds; /* holds the boxes, when n > 0 (after a truncation, more) */
};

void render_boxes_init(struct render_boxes *l);
void render_boxes_finish(struct render_boxes *l);
static inline void render_boxes_clear(struct render_boxes *l)
{
	l->n = 0;
}
/* Keeps the first n boxes. */
static inline void render_boxes_truncate(struct render_boxes *l, size_t n)
{
	if (n < l->n)
		l->n = n;
}
/* Adds n boxes, all or none: false when out of memory. */
bool render_boxes_add(struct render_boxes *l, const pixman_box32_t *b, size_t n);
/* part becomes part minus the boxes, looking only at those that meet its extents; false when
 * out of memory (part unchanged or empty). */
bool render_boxes_cut(const struct render_boxes *l, pixman_region32_t *part);
/* Adds to `out` the boxes of src ∩ r less the boxes of `cut` (a window's body: the damage
 * there that the windows above do not paint over): no pixman operation unless a box of
 * `cut` covers part of one of src's; false when out of memory (out unchanged). */
bool render_boxes_add_uncut(struct render_boxes *out, const pixman_region32_t *src,
        const pixman_box32_t *r, const struct render_boxes *cut);
/* dst becomes dst ∪ the boxes; false when pixman ran out of memory. */
bool render_boxes_union_into(const struct render_boxes *l, pixman_region32_t *dst);

/* dst = src ∩ r (dst may be src); without an allocation when at most one box of src meets r,
 * as when a window's body is cut out of the frame's damage. */
void render_region_clip_box(
        pixman_region32_t *dst, const pixman_region32_t *src, const pixman_box32_t *r);

/* Whether render_frame blurs what lies below win under fx (see struct render_blur). */
bool render_window_blurred(const struct render_effects *fx, const struct render_window *win);
/* The corner radius win is rounded with: corner_radius capped at half its shorter side (so
 * compositor/windows.c knows which squares of a body the renderer paints). */
uint32_t render_corner_radius(const struct render_window *win);

/*
 * Grow damage (screen coordinates) by what the blurred windows of wins (bottom to top, as for
 * render_frame) make of it: for each blurred window from wins[level] up, damage ∪= (damage ⊕
 * reach) ∩ its blurred area. level says where the change lies: 0 = the background or unknown
 * (every blurred window may see it), i + 1 = wins[i] (its contents or geometry: only windows
 * above it see it); call once per source and unite, or once with 0 for a bound. Not clipped to
 * the screen. False when out of memory (damage is then unchanged: repaint everything).
 */
bool render_blur_damage(const struct render_effects *fx, const struct render_window *wins, size_t n,
        size_t level, pixman_region32_t *damage);

/*
 * The screen region whose pixels (window contents and background) render_frame reads for this
 * damage (NULL = the whole screen) on a dst of width x height with ctx's effects: the damage
 * within the screen, plus what blurred windows need below them. Equal to that damage when
 * nothing is blurred. False when out of memory.
 */
bool render_frame_input(struct render_ctx *ctx, uint32_t width, uint32_t height,
        const pixman_region32_t *damage, const struct render_window *wins, size_t n,
        pixman_region32_t *out);

/*
 * Parse picom's blur-kern: one of the named kernels 3x3box, 5x5box, 7x7box, 3x3gaussian,
 * 5x5gaussian, 7x7gaussian, 9x9gaussian, 11x11gaussian (the whole text), or kernels separated
 * by ';', each "W,H,v,v,..." with W and H odd whole numbers and then W*H - 1 values row by
 * row, the centre one left out (it is 1). Numbers are [+-]digits[.digits] (no exponent, '.'
 * whatever the locale); spaces and commas between them are separators, extra ones ignored, as
 * picom does. At most RENDER_KERNELS_MAX kernels of sides up to RENDER_KERNEL_SIDE_MAX.
 * On success *out is a new array of *count kernels (empty text: 0 and NULL), freed with
 * render_kernels_free. On failure returns false and puts "column N: what" in err (N counts
 * bytes from 1), for the caller to prefix with FILE:LINE.
 */
bool render_kernels_parse(
        const char *text, struct render_kernel **out, size_t *count, char *err, size_t errlen);
/* Accepts NULL. */
void render_kernels_free(struct render_kernel *kernels, size_t count);

#define RENDER_MASK_CACHE_BYTES (64u << 20)

/*
 * Shadow and corner masks are cached in the context, least recently used first out once they
 * hold more than limit bytes (RENDER_MASK_CACHE_BYTES at creation). A mask in use is kept.
 */
void render_ctx_set_cache_limit(struct render_ctx *ctx, size_t limit);

/* Counters since render_ctx_create, for tests and benchmarks. */
struct render_stats {
	uint64_t shadow_pixels;     /* shadow pixels composited */
	uint64_t blur_pixels;       /* blurred pixels composited */
	uint64_t blur_extra_pixels; /* pixels painted outside the damage for blurs to read */
	uint64_t mask_hits;         /* mask cache look-ups answered from the cache */
	uint64_t mask_misses;       /* masks computed */
	size_t mask_bytes;          /* what the cache holds now */
	size_t mask_count;
};

void render_ctx_get_stats(const struct render_ctx *ctx, struct render_stats *out);

/*
 * The screen area a window may paint: its outer rectangle, joined with its shadow's when fx
 * (NULL = none) and the window enable shadows. Damage it when the window maps, unmaps,
 * moves, resizes or changes its effects. Coordinates saturate at the int32_t range; an empty
 * window gives an empty box (x1 == x2).
 */
void render_window_extents(
        const struct render_window *w, const struct render_effects *fx, pixman_box32_t *out);

/*
 * The screen area an animated window (w->anim set) may paint under fx: its scaled box and
 * its shadow's, each within the crop. Damage the union of this before and after each
 * animation step (and the window's render_window_extents when an animation starts or
 * ends). For w->anim NULL this is render_window_extents.
 */
void render_anim_extents(
        const struct render_window *w, const struct render_effects *fx, pixman_box32_t *out);

/* picom's kernel deviation for a shadow radius: the outermost row of the normalised
 * (2r+1)^2 Gaussian sums to 0.5/256; 0 for radius 0 (a sharp shadow). */
double render_shadow_sigma(uint32_t radius);

/*
 * Fades, picom style, on an injected clock: every delta_ms the value moves by in_step
 * (rising) or out_step (falling) toward target, clamped there. Time short of a whole step is
 * carried to the next call, so steps do not drift. Zero-initialised = settled at 0.
 */
struct render_fade {
	double value;
	double target;
	uint64_t carry_ms; /* elapsed time not yet spent on a step */
};

/*
 * Advance by elapsed_ms. Returns whether the fade still runs (value != target). A delta_ms
 * or step of 0 (or less, or NaN) finishes at once, as --no-animations would.
 */
bool render_fade_step(struct render_fade *f, uint64_t elapsed_ms, uint32_t delta_ms, double in_step,
        double out_step);
/* Set a new target; the value stays where it is. */
void render_fade_retarget(struct render_fade *f, double target);
/* Jump to the target (--no-animations, or a window unmapped without fading). */
void render_fade_finish(struct render_fade *f);
/* 0..1 (clamped; NaN = 0) to a render_window opacity, RENDER_OPACITY_OPAQUE at 1. */
uint32_t render_opacity_from_unit(double v);

/*
 * Write img (any pixman format, e.g. x8r8g8b8, a8r8g8b8, r5g6b5) as an 8-bit PNG: RGB, or
 * RGBA (un-premultiplied) when keep_alpha. Without keep_alpha, premultiplied colour is written
 * as is, which is the image over black. path "-" means stdout. On failure returns false,
 * removes a partly written regular file (nothing else) and puts a message naming the file in
 * err (may be NULL).
 */
bool render_png_write(
        pixman_image_t *img, const char *path, bool keep_alpha, char *err, size_t errlen);
/* The same into an open stream `f` (flushed, not closed; `name` names it in messages). */
bool render_png_write_stream(
        pixman_image_t *img, FILE *f, const char *name, bool keep_alpha, char *err, size_t errlen);

/*
 * Read a PNG file of any colour type and depth into a new a8r8g8b8 (premultiplied) image;
 * the caller unrefs it. On failure returns NULL with a message naming the file in err.
 */
pixman_image_t *render_png_read(const char *path, char *err, size_t errlen);

struct render_diff {
	bool size_mismatch; /* the images differ in size: nothing else was compared */
	uint64_t count;     /* pixels with some channel differing by more than tolerance */
	unsigned max_delta; /* largest channel difference seen (8-bit units) */
	int32_t first_x;    /* first differing pixel in row order; -1, -1 when none */
	int32_t first_y;
};

/*
 * Compare a and b (any formats) channel by channel in 8-bit RGB: the x byte of x8 formats is
 * ignored, r5g6b5 is widened by bit replication, and alpha counts only when both formats carry
 * it. A pixel differs when some channel differs by more than tolerance. clip (NULL = whole
 * image) is clamped to the images. Returns true when nothing differs; out may be NULL.
 * Out of memory reads as "differs" with count 0 and no size mismatch.
 */
bool render_compare(pixman_image_t *a, pixman_image_t *b, unsigned tolerance,
        const pixman_box32_t *clip, struct render_diff *out);

/*
 * A new a8r8g8b8 image the size of the larger of a and b (caller unrefs): pixels within
 * tolerance are a dimmed grey version of a, differing ones (and ones outside either image)
 * are red. NULL when out of memory.
 */
pixman_image_t *render_diff_image(pixman_image_t *a, pixman_image_t *b, unsigned tolerance);

#endif
