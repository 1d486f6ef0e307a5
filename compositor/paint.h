/* One frame: the screen's damage painted and presented. Where one opaque
 * window shows part of the damage, the server copies that part from the
 * window's own pixmap; the rest is fetched, rendered with pixman into an idle
 * back buffer and presented from it. */
#ifndef SHMCOMP_COMPOSITOR_PAINT_H
#define SHMCOMP_COMPOSITOR_PAINT_H

#include <pixman.h>

struct comp;

struct paint {
	pixman_region32_t direct; /* scratch: the part presented from a window pixmap */
	pixman_region32_t need;   /* scratch: what a frame renders */
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
