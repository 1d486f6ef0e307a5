/* The screen's damage: what must be repainted and not yet presented, in
 * screen coordinates, always within the screen. The one place the frame's
 * damage is kept; every module adds to it through these functions. */
#ifndef SHMCOMP_COMPOSITOR_DAMAGE_H
#define SHMCOMP_COMPOSITOR_DAMAGE_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>

#include "render/render.h"

struct screen_damage {
	pixman_region32_t region; /* read through damage_region() */
	/* rectangles added since, clipped to the screen: one event's rectangle is not
	 * unioned into the region by itself (60 windows drawing at once, O(n²)) */
	struct render_boxes added;
	uint32_t width, height; /* the screen's size */
};

void damage_init(struct screen_damage *d, uint32_t width, uint32_t height);
void damage_finish(struct screen_damage *d);
void damage_add_rect(struct screen_damage *d, int32_t x, int32_t y, uint32_t w, uint32_t h);
void damage_add_box(struct screen_damage *d, const pixman_box32_t *b);
void damage_add_all(struct screen_damage *d);
bool damage_pending(const struct screen_damage *d);
/* All the damage so far as one region, which the caller may change (a frame clears it);
 * what is added after this call is not in it until the next call. */
pixman_region32_t *damage_region(struct screen_damage *d);
/* A new screen size: the damage is clipped to it, then all of it is damaged. */
void damage_resize(struct screen_damage *d, uint32_t width, uint32_t height);

#endif
