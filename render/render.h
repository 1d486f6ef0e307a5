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
 */
struct render_anim;

struct render_window {
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
	/* NULL, or the window is animated (struct render_anim; borrowed like the rest) */
	const struct render_anim *anim;
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
 * dim_fixed: picom inactive-dim-fixed.
 */
struct render_effects {
	bool shadow;
	uint32_t shadow_radius;
	double shadow_opacity;
	int32_t shadow_dx, shadow_dy;
	uint32_t shadow_color;
	bool dim_fixed;
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
 * windows bottom to top, each clipped by its shape and the damage, each after its shadow and
 * followed by its dim (render_ctx_set_effects). Pixels outside the damage are untouched.
 * Areas hidden under opaque windows are painted only once, shadows included. bg NULL paints
 * opaque black. Returns false only when running out of memory; dst may then be partly
 * painted and the damage should be kept for the next frame.
 */
bool render_frame(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage,
        const struct render_background *bg, const struct render_window *wins, size_t n);

/* Effects for the following frames (copied; NULL = none). Starts with none. */
void render_ctx_set_effects(struct render_ctx *ctx, const struct render_effects *fx);

#define RENDER_MASK_CACHE_BYTES (64u << 20)

/*
 * Shadow and corner masks are cached in the context, least recently used first out once they
 * hold more than limit bytes (RENDER_MASK_CACHE_BYTES at creation). A mask in use is kept.
 */
void render_ctx_set_cache_limit(struct render_ctx *ctx, size_t limit);

/* Counters since render_ctx_create, for tests and benchmarks. */
struct render_stats {
	uint64_t shadow_pixels; /* shadow pixels composited */
	uint64_t mask_hits;     /* mask cache look-ups answered from the cache */
	uint64_t mask_misses;   /* masks computed */
	size_t mask_bytes;      /* what the cache holds now */
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
bool render_png_write_stream(pixman_image_t *img, FILE *f, const char *name, bool keep_alpha,
        char *err, size_t errlen);

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
