/*
 * bench-blur: ms per frame of render_frame with background blur, per method and size: a
 * 400x300 translucent blurred window on a 1280x800 screen over a random background and two
 * other windows. Damage: the window's rectangle (the window moved, or everything below it
 * changed), a 64x64 change below its middle grown by render_blur_damage, and a 64x64 change
 * elsewhere (the blurred window idle). Not a test: prints a table. Best of 5 rounds of
 * thread CPU time (the box is shared: wall time would count other processes).
 * Usage: bench-blur [FRAMES [FILTER]]: FILTER runs only the rows whose name contains it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define SCREEN_W 1280
#define SCREEN_H 800
#define NWINS 3

struct bench {
	const char *filter;
	pixman_image_t *dst, *tile;
	struct render_background bg;
	struct render_window wins[NWINS];
	struct render_kernel *kernels;
	size_t nkernels;
};

static void make(struct bench *b)
{
	struct rng r;

	rng_seed(&r, 14);
	b->dst = t_image(PIXMAN_x8r8g8b8, SCREEN_W, SCREEN_H);
	b->tile = t_image(PIXMAN_x8r8g8b8, 256, 256);
	t_fill_random(b->tile, &r);
	b->bg = (struct render_background){b->tile, 0};
	for (int i = 0; i < NWINS; i++) {
		bool top = i == NWINS - 1;
		int ww = top ? 400 : 500, wh = top ? 300 : 400;

		b->wins[i] = (struct render_window){
		        .image = t_image(top ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8, ww, wh),
		        .x = top ? 440 : 100 + 600 * i,
		        .y = top ? 250 : 80 + 200 * i,
		        .width = (uint32_t)ww,
		        .height = (uint32_t)wh,
		        .argb = top,
		        .opacity = RENDER_OPACITY_OPAQUE,
		        .blur = true,
		};
		if (top)
			t_fill_random_premul(b->wins[i].image, &r);
		else
			t_fill_random(b->wins[i].image, &r);
	}
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double run(
        struct bench *b, struct render_ctx *ctx, const pixman_region32_t *damage, int frames)
{
	double best = 1e30;

	for (int round = 0; round < 5; round++) {
		double t0 = now_ms();

		for (int f = 0; f < frames; f++)
			if (!render_frame(ctx, b->dst, damage, &b->bg, b->wins, NWINS))
				exit(99);
		double t = (now_ms() - t0) / frames;

		best = t < best ? t : best;
	}
	return best;
}

static void row(struct bench *b, const char *name, const struct render_effects *fx, int frames)
{
	struct render_ctx *ctx = render_ctx_create();
	const struct render_window *top = &b->wins[NWINS - 1];
	pixman_region32_t window, below, other;
	int cx = top->x + (int)top->width / 2 - 32, cy = top->y + (int)top->height / 2 - 32;

	if (b->filter && !strstr(name, b->filter)) {
		render_ctx_destroy(ctx);
		return;
	}
	if (!ctx || !render_ctx_set_effects(ctx, fx))
		exit(99);
	pixman_region32_init_rect(&window, top->x, top->y, top->width, top->height);
	pixman_region32_init_rect(&below, cx, cy, 64, 64);
	pixman_region32_init_rect(&other, 1100, 650, 64, 64);
	if (!render_blur_damage(fx, b->wins, NWINS, 0, &below) ||
	        !render_frame(ctx, b->dst, NULL, &b->bg, b->wins, NWINS))
		exit(99);
	const pixman_box32_t *e = pixman_region32_extents(&below);
	printf("%-24s %5u %9.3f %9.3f %9.3f   (%dx%d)\n", name, render_blur_reach(fx),
	        run(b, ctx, &window, frames), run(b, ctx, &below, frames * 4),
	        run(b, ctx, &other, frames * 20), e->x2 - e->x1, e->y2 - e->y1);
	pixman_region32_fini(&other);
	pixman_region32_fini(&below);
	pixman_region32_fini(&window);
	render_ctx_destroy(ctx);
}

static void kernel_row(struct bench *b, const char *text, int frames)
{
	struct render_effects fx = {.blur = {.method = RENDER_BLUR_KERNEL}};
	char name[64];

	if (!render_kernels_parse(text, &b->kernels, &b->nkernels, NULL, 0))
		exit(99);
	fx.blur.kernels = b->kernels;
	fx.blur.kernel_count = b->nkernels;
	snprintf(name, sizeof(name), "kernel %s", text);
	row(b, name, &fx, frames);
	render_kernels_free(b->kernels, b->nkernels);
}

int main(int argc, char **argv)
{
	int frames = argc > 1 ? atoi(argv[1]) : 10;
	struct bench b;
	char name[64];

	if (frames <= 0)
		return 99;
	make(&b);
	b.filter = argc > 2 ? argv[2] : NULL;
	printf("ms per frame, 400x300 blurred window on %dx%d\n", SCREEN_W, SCREEN_H);
	printf("%-24s %5s %9s %9s %9s\n", "method", "reach", "window", "below64", "elsewhere");
	row(&b, "none", &(struct render_effects){0}, frames);
	for (uint32_t n = 3; n <= 24; n = n == 3 ? 6 : n * 2) {
		snprintf(name, sizeof(name), "box size %u", n);
		row(&b, name,
		        &(struct render_effects){.blur = {.method = RENDER_BLUR_BOX, .size = n}},
		        frames);
	}
	for (uint32_t n = 3; n <= 24; n = n == 3 ? 6 : n * 2) {
		snprintf(name, sizeof(name), "gaussian size %u", n);
		row(&b, name,
		        &(struct render_effects){.blur = {.method = RENDER_BLUR_GAUSSIAN,
		                                         .size = n,
		                                         .deviation = n / 2.0}},
		        frames);
	}
	for (uint32_t s = 1; s <= 9; s += 2) {
		snprintf(name, sizeof(name), "dual_kawase strength %u", s);
		row(&b, name,
		        &(struct render_effects){
		                .blur = {.method = RENDER_BLUR_DUAL_KAWASE, .strength = s}},
		        frames);
	}
	kernel_row(&b, "3x3box", frames);
	kernel_row(&b, "7x7gaussian", frames);
	kernel_row(&b, "3,3,1,0.5,1,0.5,0.5,1,0.5,1", frames);
	for (int i = 0; i < NWINS; i++)
		pixman_image_unref(b.wins[i].image);
	pixman_image_unref(b.tile);
	pixman_image_unref(b.dst);
	return 0;
}
