/*
 * render: paints one composited frame with pixman, plus PNG files and image comparison.
 * Pure pixman and libpng: nothing here knows about X, so it runs headless in tests.
 */
#ifndef SHMCOMP_RENDER_H
#define SHMCOMP_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
 */
struct render_window {
	pixman_image_t *image;
	int32_t x, y;           /* outer top-left on screen (border included) */
	uint32_t width, height; /* outer size (w + 2 * border, h + 2 * border) */
	const pixman_region32_t *shape;
	bool argb;
	uint32_t opacity;
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

/* Scratch state reused from frame to frame (regions, the opacity mask). Not thread-safe. */
struct render_ctx;

struct render_ctx *render_ctx_create(void);
/* Accepts NULL. */
void render_ctx_destroy(struct render_ctx *ctx);

/*
 * Paint `damage` (screen coordinates; NULL = all of dst) of dst: the background, then the
 * windows bottom to top, each clipped by its shape and the damage. Pixels outside the damage
 * are untouched. Areas hidden under opaque windows are painted only once. bg NULL paints
 * opaque black. Returns false only when pixman runs out of memory; dst may then be partly
 * painted and the damage should be kept for the next frame.
 */
bool render_frame(struct render_ctx *ctx, pixman_image_t *dst, const pixman_region32_t *damage,
        const struct render_background *bg, const struct render_window *wins, size_t n);

/*
 * Write img (any pixman format, e.g. x8r8g8b8, a8r8g8b8, r5g6b5) as an 8-bit PNG: RGB, or
 * RGBA (un-premultiplied) when keep_alpha. Without keep_alpha, premultiplied colour is written
 * as is, which is the image over black. path "-" means stdout. On failure returns false,
 * removes a partly written regular file (nothing else) and puts a message naming the file in
 * err (may be NULL).
 */
bool render_png_write(
        pixman_image_t *img, const char *path, bool keep_alpha, char *err, size_t errlen);

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
