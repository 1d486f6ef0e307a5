/*
 * The cost of one animation frame: evaluating a preset's script for a 400x300 window and
 * painting it (with a 12 px shadow and rounded corners) into a 1280x800 frame over two
 * other windows, damage = the window's extents this frame and the last (what the
 * compositor repaints). Not a test: `meson test --benchmark --suite render` or run it.
 * Usage: bench-anim [FRAMES]; NOSHADOW=1 leaves shadows out, NOSAVED=1 the saved image of
 * geometry-change.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "anim/anim.h"
#include "render/render.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the box is shared */
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static pixman_image_t *solid_image(int w, int h, uint32_t argb)
{
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, NULL, 0);

	for (int i = 0; i < w * h; i++)
		pixman_image_get_data(img)[i] = argb ^ ((uint32_t)i * 2654435761u >> 8 & 0x0f0f0f);
	return img;
}

static void apply(const struct anim_values *v, struct render_window *w, struct render_anim *a,
        pixman_image_t *saved)
{
	render_anim_identity(a);
	a->offset_x = v->v[ANIM_OFFSET_X];
	a->offset_y = v->v[ANIM_OFFSET_Y];
	a->scale_x = v->v[ANIM_SCALE_X];
	a->scale_y = v->v[ANIM_SCALE_Y];
	a->shadow_offset_x = v->v[ANIM_SHADOW_OFFSET_X];
	a->shadow_offset_y = v->v[ANIM_SHADOW_OFFSET_Y];
	a->shadow_scale_x = v->v[ANIM_SHADOW_SCALE_X];
	a->shadow_scale_y = v->v[ANIM_SHADOW_SCALE_Y];
	a->shadow_opacity = v->v[ANIM_SHADOW_OPACITY];
	if (isfinite(v->v[ANIM_CROP_WIDTH])) {
		a->crop = true;
		a->crop_box =
		        (pixman_box32_t){(int32_t)v->v[ANIM_CROP_X], (int32_t)v->v[ANIM_CROP_Y],
		                (int32_t)(v->v[ANIM_CROP_X] + v->v[ANIM_CROP_WIDTH]),
		                (int32_t)(v->v[ANIM_CROP_Y] + v->v[ANIM_CROP_HEIGHT])};
	}
	a->saved = saved;
	a->saved_blend = v->v[ANIM_SAVED_IMAGE_BLEND];
	w->opacity = render_opacity_from_unit(v->v[ANIM_OPACITY]);
	w->anim = a;
}

static void run(const char *preset, int frames)
{
	char text[256], err[256];
	config_t cfg;
	struct anim_set *set;
	const struct anim_context ctx = {
	        .x = 440,
	        .y = 250,
	        .width = 400,
	        .height = 300,
	        .x_before = 500,
	        .y_before = 300,
	        .width_before = 300,
	        .height_before = 200,
	        .opacity = 1,
	        .blur_opacity = 1,
	        .monitor_width = 1280,
	        .monitor_height = 800,
	};
	struct render_effects fx = {.shadow = getenv("NOSHADOW") == NULL,
	        .shadow_radius = 12,
	        .shadow_opacity = 0.75,
	        .shadow_dx = -15,
	        .shadow_dy = -15};
	pixman_image_t *dst = pixman_image_create_bits(PIXMAN_x8r8g8b8, 1280, 800, NULL, 0);
	pixman_image_t *img = solid_image(400, 300, 0xff3060a0),
	               *saved = solid_image(300, 200, 0xffa06030);
	pixman_image_t *other = solid_image(700, 500, 0xff607080);
	struct render_ctx *rctx = render_ctx_create();
	struct render_background bg = {NULL, 0xff102030};
	double eval_ms = 0, paint_ms = 0;
	uint64_t pixels = 0;
	pixman_box32_t last = {0, 0, 1280, 800};

	snprintf(text, sizeof(text),
	        "animations = ({ triggers = [\"open\"]; preset = \"%s\"; duration = 1; });",
	        preset);
	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE ||
	        !(set = anim_set_parse(
	                  config_lookup(&cfg, "animations"), NULL, NULL, err, sizeof(err)))) {
		fprintf(stderr, "%s: %s\n", preset, err);
		exit(1);
	}
	render_ctx_set_effects(rctx, &fx);
	for (int f = 0; f < frames; f++) {
		/* 1 s animations sampled across their whole length, 60 frames per second */
		uint64_t t = (uint64_t)(f % 60) * 1000 / 60;
		struct anim_instance *inst =
		        anim_instance_start(anim_set_script(set, ANIM_TRIGGER_OPEN), &ctx, 0, NULL);
		struct anim_values v;
		struct render_anim a;
		struct render_window wins[2] = {
		        {.image = other,
		                .x = 100,
		                .y = 100,
		                .width = 700,
		                .height = 500,
		                .opacity = RENDER_OPACITY_OPAQUE,
		                .shadow = true},
		        {.image = img,
		                .x = 440,
		                .y = 250,
		                .width = 400,
		                .height = 300,
		                .opacity = RENDER_OPACITY_OPAQUE,
		                .shadow = true,
		                .corner_radius = 10},
		};
		pixman_region32_t damage;
		pixman_box32_t now;
		double t0 = now_ms(), t1;

		anim_instance_eval(inst, NULL, t, &v);
		anim_values_fill_defaults(&v, 1, 1, 0);
		apply(&v, &wins[1], &a, getenv("NOSAVED") ? NULL : saved);
		render_anim_extents(&wins[1], &fx, &now);
		pixman_region32_init_rects(&damage, &now, 1);
		pixman_region32_union_rect(&damage, &damage, last.x1, last.y1,
		        (unsigned)(last.x2 - last.x1), (unsigned)(last.y2 - last.y1));
		last = now;
		t1 = now_ms();
		render_frame(rctx, dst, &damage, &bg, wins, 2);
		paint_ms += now_ms() - t1;
		eval_ms += t1 - t0;
		pixels += (uint64_t)(pixman_region32_extents(&damage)->x2 -
		                     pixman_region32_extents(&damage)->x1) *
		          (uint64_t)(pixman_region32_extents(&damage)->y2 -
		                     pixman_region32_extents(&damage)->y1);
		pixman_region32_fini(&damage);
		anim_instance_destroy(inst);
	}
	printf("%-16s eval+start %.4f ms  paint %.3f ms  per frame (damage ~%.0f kpx)\n", preset,
	        eval_ms / (double)frames, paint_ms / (double)frames,
	        (double)pixels / (double)frames / 1000);
	anim_set_destroy(set);
	config_destroy(&cfg);
	render_ctx_destroy(rctx);
	pixman_image_unref(other);
	pixman_image_unref(saved);
	pixman_image_unref(img);
	pixman_image_unref(dst);
}

int main(int argc, char **argv)
{
	int frames = argc > 1 ? atoi(argv[1]) : 600;

	if (frames <= 0)
		frames = 600;
	printf("400x300 window (shadow radius 12, corners 10) on 1280x800, %d frames each\n",
	        frames);
	run("appear", frames);
	run("disappear", frames);
	run("slide-in", frames);
	run("fly-out", frames);
	run("geometry-change", frames);
	return 0;
}
