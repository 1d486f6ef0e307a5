/* Screen damage bookkeeping. */
#include "compositor/damage.h"

void damage_init(struct screen_damage *d, uint32_t width, uint32_t height)
{
	pixman_region32_init(&d->region);
	d->width = width;
	d->height = height;
}

void damage_finish(struct screen_damage *d)
{
	pixman_region32_fini(&d->region);
	*d = (struct screen_damage){0}; /* a second finish is harmless */
}

void damage_add_rect(struct screen_damage *d, int32_t x, int32_t y, uint32_t w, uint32_t h)
{
	if (w == 0 || h == 0)
		return;
	pixman_region32_union_rect(&d->region, &d->region, x, y, w, h);
	pixman_region32_intersect_rect(&d->region, &d->region, 0, 0, d->width, d->height);
}

void damage_add_box(struct screen_damage *d, const pixman_box32_t *b)
{
	if (b->x2 > b->x1 && b->y2 > b->y1)
		damage_add_rect(
		        d, b->x1, b->y1, (uint32_t)(b->x2 - b->x1), (uint32_t)(b->y2 - b->y1));
}

void damage_add_all(struct screen_damage *d)
{
	damage_add_rect(d, 0, 0, d->width, d->height);
}

bool damage_pending(const struct screen_damage *d)
{
	return pixman_region32_not_empty(&d->region);
}

void damage_resize(struct screen_damage *d, uint32_t width, uint32_t height)
{
	d->width = width;
	d->height = height;
	pixman_region32_intersect_rect(&d->region, &d->region, 0, 0, width, height);
	damage_add_all(d);
}
