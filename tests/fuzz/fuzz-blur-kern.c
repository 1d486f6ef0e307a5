/* Fuzz target for render/blur-kern.c, the parser of picom's blur-kern text that a config
 * file may set to anything. The input (up to its first NUL) is the text. A parse either
 * fails with "column N: ..." where N lies within the text (or just past it), and gives no
 * kernels; or gives at most RENDER_KERNELS_MAX kernels with odd sides up to
 * RENDER_KERNEL_SIDE_MAX, finite values and 1 at every centre. Small enough kernels then
 * blur a tiny scene through render_frame (the plan, the passes, the reach), and with no
 * negative value a flat colour must come out flat. Any wrong answer aborts. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tests/fuzz/fuzz.h"

#define TAPS_BUDGET 4096

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void check_error(const char *text, const char *err, struct render_kernel *k, size_t n)
{
	size_t col = 0;
	int used = 0;

	check(k == NULL && n == 0);
	check(sscanf(err, "column %zu: %n", &col, &used) == 1 && used > 0 && err[used] != '\0');
	check(col >= 1 && col <= strlen(text) + 1);
}

/* Kernels as the parser promises them; the number of taps and whether all are >= 0. */
static size_t check_kernels(const struct render_kernel *k, size_t n, bool *nonneg)
{
	size_t taps = 0;

	check(n <= RENDER_KERNELS_MAX && (n == 0) == (k == NULL));
	*nonneg = true;
	for (size_t i = 0; i < n; i++) {
		size_t cells = (size_t)k[i].width * k[i].height;

		check(k[i].width % 2 == 1 && k[i].height % 2 == 1);
		check(k[i].width <= RENDER_KERNEL_SIDE_MAX &&
		        k[i].height <= RENDER_KERNEL_SIDE_MAX);
		check(k[i].values[cells / 2] == 1);
		for (size_t j = 0; j < cells; j++) {
			check(isfinite(k[i].values[j]));
			*nonneg &= k[i].values[j] >= 0;
		}
		taps += cells;
	}
	return taps;
}

/* A 9x7 screen of one colour under a transparent blurred window: every pixel stays. */
static void blur_flat(const struct render_kernel *k, size_t n, bool nonneg)
{
	struct render_effects fx = {.blur = {.method = RENDER_BLUR_KERNEL,
	                                    .kernels = k,
	                                    .kernel_count = n,
	                                    .fixed = true}};
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = pixman_image_create_bits(PIXMAN_x8r8g8b8, 9, 7, NULL, 0);
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_a8r8g8b8, 6, 5, NULL, 0);
	struct render_window win = {.image = img,
	        .x = -1,
	        .y = 3,
	        .width = 6,
	        .height = 5,
	        .argb = true,
	        .opacity = RENDER_OPACITY_OPAQUE,
	        .blur = true};
	struct render_background bg = {NULL, 0xff6080a0u};
	pixman_region32_t damage;

	check(ctx && dst && img);
	check(render_ctx_set_effects(ctx, &fx));
	check(render_blur_reach(&fx) <= (uint32_t)RENDER_KERNELS_MAX * RENDER_KERNEL_SIDE_MAX);
	check(render_frame(ctx, dst, NULL, &bg, &win, 1));
	pixman_region32_init_rect(&damage, 2, 4, 3, 2);
	check(render_blur_damage(&fx, &win, 1, 0, &damage));
	check(render_frame(ctx, dst, &damage, &bg, &win, 1));
	pixman_region32_fini(&damage);
	for (int y = 0; nonneg && n && y < 7; y++) {
		const uint32_t *row =
		        (const uint32_t *)(const void *)((const char *)pixman_image_get_data(dst) +
		                                         y * pixman_image_get_stride(dst));

		for (int x = 0; x < 9; x++)
			check((row[x] & 0xffffff) == 0x6080a0);
	}
	pixman_image_unref(img);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	struct render_kernel *k = (void *)1;
	size_t n = 99;
	bool nonneg;

	check(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	if (!render_kernels_parse(text, &k, &n, err, sizeof(err))) {
		check_error(text, err, k, n);
	} else if (check_kernels(k, n, &nonneg) <= TAPS_BUDGET) {
		blur_flat(k, n, nonneg);
	}
	if (k != (void *)1)
		render_kernels_free(k, n);
	free(text);
	return 0;
}
