/* One frame: the screen's damage (grown by what blurred windows make of it)
 * painted and presented. Where one opaque window shows part of the damage, the
 * server copies that part from the window's own pixmap; the rest is fetched
 * (with what blurs read around it), rendered with pixman into an idle back
 * buffer and presented from it. */
#ifndef SHMCOMP_COMPOSITOR_PAINT_H
#define SHMCOMP_COMPOSITOR_PAINT_H

#include <pixman.h>

struct comp;

/* Pixels counted since the start (shmcomp-ctl stats). */
struct paint_stats {
	uint64_t damage_pixels; /* the frames' damage (after blur growth), presented */
	uint64_t render_pixels; /* rendered into back buffers (their stale parts) */
	uint64_t copied_pixels; /* copied into a back buffer from the other one */
	uint64_t direct_pixels; /* presented straight from window pixmaps */
	uint64_t last_damage;   /* damage_pixels of the last frame */
};

struct paint {
	pixman_region32_t direct; /* scratch: the part presented from a window pixmap */
	pixman_region32_t need;   /* scratch: what a frame renders */
	pixman_region32_t input;  /* scratch: what it reads (blurs read around need) */
	pixman_region32_t copy;   /* scratch: what it copies from the other back buffer */
	struct paint_stats stats;
};

enum paint_result {
	PAINT_NOTHING, /* no damage: nothing to present */
	PAINT_SHOWN,   /* a frame was presented */
	PAINT_WAITING, /* damage waits (vsync, a busy back buffer, no memory) */
};

void paint_init(struct paint *p);
void paint_finish(struct paint *p);
enum paint_result paint_frame(struct comp *c);

#endif
