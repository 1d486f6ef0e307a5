/* Screen damage bookkeeping. */
#include "compositor/damage.h"

/* Rectangles kept before they are folded into the region. */
#define DAMAGE_FOLD 256u

void damage_init(struct screen_damage *d, uint32_t width, uint32_t height)
{
	pixman_region32_init(&d->region);
	render_boxes_init(&d->added);
	d->width = width;
	d->height = height;
}

void damage_finish(struct screen_damage *d)
{
	render_boxes_finish(&d->added);
	pixman_region32_fini(&d->region);
	*d = (struct screen_damage){0}; /* a second finish is harmless */
}

pixman_region32_t *damage_region(struct screen_damage *d)
{
	/* out of memory, the screen is the bound of what was added */
	if (!render_boxes_union_into(&d->added, &d->region) && d->width && d->height)
		pixman_region32_reset(
		        &d->region, &(pixman_box32_t){0, 0, (int32_t)d->width, (int32_t)d->height});
	render_boxes_clear(&d->added);
	return &d->region;
}

static int32_t clamp(int64_t v, uint32_t hi)
{
	return (int32_t)(v < 0 ? 0 : v > hi ? hi : v);
}

void damage_add_rect(struct screen_damage *d, int32_t x, int32_t y, uint32_t w, uint32_t h)
{
	pixman_box32_t b = {clamp(x, d->width), clamp(y, d->height),
	        clamp((int64_t)x + w, d->width), clamp((int64_t)y + h, d->height)};

	if (b.x1 >= b.x2 || b.y1 >= b.y2)
		return;
	if (d->added.n >= DAMAGE_FOLD)
		damage_region(d);
	if (!render_boxes_add(&d->added, &b, 1))
		pixman_region32_union_rect(&d->region, &d->region, b.x1, b.y1,
		        (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
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
	return d->added.n > 0 || pixman_region32_not_empty(&d->region);
}

void damage_resize(struct screen_damage *d, uint32_t width, uint32_t height)
{
	damage_region(d);
	d->width = width;
	d->height = height;
	pixman_region32_intersect_rect(&d->region, &d->region, 0, 0, width, height);
	damage_add_all(d);
}
