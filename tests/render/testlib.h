/*
 * testlib: shared helpers of the render tests: seeded randomness (pixman-style: every run of
 * a check is reproducible from the seed printed on failure), raw pixel access and the oracle's
 * own format conversions, written without pixman.
 */
#ifndef SHMCOMP_TESTS_RENDER_TESTLIB_H
#define SHMCOMP_TESTS_RENDER_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include <pixman.h>

#include "render/render.h"
#include "tests/harness/runner.h"

struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);
uint32_t rng_u32(struct rng *r);
/* Uniform in [lo, hi]. */
int32_t rng_int(struct rng *r, int32_t lo, int32_t hi);
bool rng_chance(struct rng *r, unsigned percent);

/* A zeroed image whose memory pixman owns; exits the test on allocation failure. */
pixman_image_t *t_image(pixman_format_code_t fmt, int w, int h);
uint32_t t_get(pixman_image_t *img, int x, int y);
void t_put(pixman_image_t *img, int x, int y, uint32_t raw);
/* Random raw bits, x byte included. */
void t_fill_random(pixman_image_t *img, struct rng *r);
/* Random valid premultiplied a8r8g8b8 (each channel <= alpha), with some fully opaque and
 * fully transparent pixels. */
void t_fill_random_premul(pixman_image_t *img, struct rng *r);
void t_fill_solid(pixman_image_t *img, uint32_t raw);
/* A w x h image of fmt filled with 0xAARRGGBB. */
pixman_image_t *t_solid(pixman_format_code_t fmt, int w, int h, uint32_t argb);
/* An opaque 0xffRRGGBB from 8-bit channels. */
uint32_t t_rgb(unsigned r, unsigned g, unsigned b);
/* A window showing all of `img` at (x, y): ARGB when img is a8r8g8b8, fully opaque, no
 * effects. */
struct render_window t_window(pixman_image_t *img, int32_t x, int32_t y);
/* A window of fmt at a random place in [-margin, w) x [-margin, h), 1..max_size pixels on a side,
 * of random contents (valid premultiplied ones for a8r8g8b8, which makes it ARGB); opaque, no
 * shape, no effects. */
struct render_window t_random_window(
        struct rng *r, pixman_format_code_t fmt, int margin, int w, int h, int max_size);
/* A copy made pixel by pixel, pad bits included. */
pixman_image_t *t_clone(pixman_image_t *img);

/* Oracle conversions: a raw pixel of fmt to 0xAARRGGBB (x8 gives alpha 0xff, r5g6b5 widens by
 * bit replication), and 0xAARRGGBB to a raw pixel of fmt (r5g6b5 truncates, as X does). */
uint32_t t_to_argb(pixman_format_code_t fmt, uint32_t raw);
uint32_t t_from_argb(pixman_format_code_t fmt, uint32_t argb);
/* Bits of a raw pixel of fmt that carry colour (0xffffff for x8r8g8b8). */
uint32_t t_color_bits(pixman_format_code_t fmt);
const char *t_format_name(pixman_format_code_t fmt);

/*
 * Whether the channel at bit `shift` (16 red, 8 green, 0 blue, in 8-bit terms) of the raw pixel
 * is within tolerance of round(want), an exact 8-bit value; for r5g6b5 the stored field must lie
 * within that range truncated to its bits, as the screen stores it.
 */
bool t_channel_near(
        pixman_format_code_t fmt, uint32_t raw, int shift, double want, unsigned tolerance);

void t_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Run check(seed) for seeds 1..iterations ($RENDER_TEST_ITERATIONS overrides it), or only for
 * $RENDER_TEST_SEED when set. On the first failure print the seed and a rerun hint. Returns the
 * process exit code.
 */
int t_run_seeded(const char *name, uint64_t iterations, bool (*check)(uint64_t seed));

/* A table of named checks, one case each: TEST_P(check, checks) { return t_run_check(tc,
 * "corner"); } runs the case's check and prints "PASS corner NAME" (or FAIL). */
struct t_check {
	const char *name;
	bool (*check)(void);
};
int t_run_check(const struct test_ctx *tc, const char *what);

/*
 * One frame of a damage test on `dst` (its size and format are the screen's): up to
 * `max_boxes` random damage boxes and a random number of the `nwins` windows; `full_ctx`
 * repaints them all into a fresh image, `ctx` repaints `dst` through the damage. Outside the
 * damage dst must keep every bit, inside it must equal the full repaint; the first pixel that
 * does not is reported with `frame`.
 */
bool t_damage_frame(struct rng *r, struct render_ctx *ctx, struct render_ctx *full_ctx,
        pixman_image_t *dst, const struct render_background *bg, const struct render_window *wins,
        int nwins, int max_boxes, int frame);

/*
 * weston-style reference check: compare shot with REFDIR/NAME.png within tolerance (8-bit
 * units per channel). On a mismatch write NAME-shot.png and NAME-diff.png into outdir; with
 * no reference write the shot (inspect it, then copy it to the reference). Returns same.
 */
bool t_check_reference(pixman_image_t *shot, const char *name, unsigned tolerance,
        const char *refdir, const char *outdir);

/*
 * A reference case: draw() renders a w x h image of fmt with a fresh context, and the shot is
 * checked against REFDIR/NAME.png (NAME the case's name; REFDIR OUTDIR its arguments).
 */
int t_reference_case(const struct test_ctx *tc, pixman_format_code_t fmt, int w, int h,
        unsigned tolerance, bool (*draw)(struct render_ctx *ctx, pixman_image_t *dst, void *data),
        void *data);

/*
 * The oracle's shadow model, written apart from render/ and slow: picom's kernel deviation by
 * picom's own bisection (stopping at 0.01), coverage of rounded corners by fine integration,
 * and each shadow pixel by direct 2-D convolution of the window's coverage.
 */
double t_picom_sigma(unsigned r);
/* Share of pixel (i, j) of a w x h window with corner radius c that its rounded rectangle
 * covers (c already capped at half the shorter side). */
double t_rounded_coverage(int w, int h, int c, int i, int j);

struct t_shadow {
	int r, w, h;
	double *g;   /* 2r + 1 normalised taps */
	double *cov; /* w x h coverage */
};

/* shape NULL = the whole rectangle. */
void t_shadow_init(
        struct t_shadow *m, unsigned r, int w, int h, int c, const pixman_region32_t *shape);
/* Mask value 0..1 of shadow pixel (u, v); the shadow is (w + 2r) x (h + 2r). */
double t_shadow_at(const struct t_shadow *m, int u, int v);
void t_shadow_fini(struct t_shadow *m);

/* A box within [0,w)x[0,h) extended up to `out` pixels beyond each side. */
pixman_box32_t t_random_box(struct rng *r, int w, int h, int out);
bool t_box_contains(const pixman_box32_t *b, int x, int y);

#endif
