/* Region work for the per-frame walks over windows and damage events, around pixman's
 * regions: a list of boxes made into a region once, and a clip to one box that does not
 * allocate in the common case. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

void render_boxes_init(struct render_boxes *l)
{
	*l = (struct render_boxes){0};
}

void render_boxes_finish(struct render_boxes *l)
{
	free(l->box);
	*l = (struct render_boxes){0};
}

static bool box_empty(const pixman_box32_t *b)
{
	return b->x1 >= b->x2 || b->y1 >= b->y2;
}

static bool boxes_meet(const pixman_box32_t *a, const pixman_box32_t *b)
{
	return a->x1 < b->x2 && b->x1 < a->x2 && a->y1 < b->y2 && b->y1 < a->y2;
}

static bool contains_box(const pixman_box32_t *a, const pixman_box32_t *b)
{
	return a->x1 <= b->x1 && a->y1 <= b->y1 && a->x2 >= b->x2 && a->y2 >= b->y2;
}

static void grow_bounds(pixman_box32_t *bounds, const pixman_box32_t *b)
{
	if (b->x1 < bounds->x1)
		bounds->x1 = b->x1;
	if (b->y1 < bounds->y1)
		bounds->y1 = b->y1;
	if (b->x2 > bounds->x2)
		bounds->x2 = b->x2;
	if (b->y2 > bounds->y2)
		bounds->y2 = b->y2;
}

/* Room for `more` boxes; the list stays within what pixman counts in an int. */
static bool reserve(struct render_boxes *l, size_t more)
{
	size_t cap;
	pixman_box32_t *box;

	if (more > (size_t)INT_MAX - l->n)
		return false;
	if (l->n + more <= l->cap)
		return true;
	cap = l->cap ? l->cap : 16;
	while (cap < l->n + more)
		cap = cap > (size_t)INT_MAX / 2 ? (size_t)INT_MAX : cap * 2;
	box = realloc(l->box, cap * sizeof *box);
	if (!box)
		return false;
	l->box = box;
	l->cap = cap;
	return true;
}

bool render_boxes_add(struct render_boxes *l, const pixman_box32_t *b, size_t n)
{
	if (!reserve(l, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (box_empty(&b[i]))
			continue;
		if (l->n == 0)
			l->bounds = b[i];
		else
			grow_bounds(&l->bounds, &b[i]);
		l->box[l->n++] = b[i];
	}
	return true;
}

bool render_boxes_union_into(const struct render_boxes *l, pixman_region32_t *dst)
{
	pixman_region32_t add;
	bool ok;

	if (l->n == 0)
		return true;
	if (!pixman_region32_init_rects(&add, l->box, (int)l->n)) {
		pixman_region32_fini(&add);
		return false;
	}
	ok = pixman_region32_union(dst, dst, &add);
	pixman_region32_fini(&add);
	return ok;
}

/* The first of a region's n boxes whose band reaches below y: the bands are sorted by y, and
 * all the boxes of a band share y1 and y2. */
static int first_below(const pixman_box32_t *b, int n, int32_t y)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (b[mid].y2 <= y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Boxes gathered on the stack; more go to pixman's own operation. */
#define FEW_BOXES 16

static pixman_box32_t clip(const pixman_box32_t *a, const pixman_box32_t *r)
{
	return (pixman_box32_t){a->x1 > r->x1 ? a->x1 : r->x1, a->y1 > r->y1 ? a->y1 : r->y1,
	        a->x2 < r->x2 ? a->x2 : r->x2, a->y2 < r->y2 ? a->y2 : r->y2};
}

/* dst becomes the union of n boxes (n > 0); dst may be a source of them no more. */
static void region_of(pixman_region32_t *dst, const pixman_box32_t *b, int n)
{
	pixman_region32_fini(dst);
	if (n == 1)
		pixman_region32_init_rect(
		        dst, b->x1, b->y1, (unsigned)(b->x2 - b->x1), (unsigned)(b->y2 - b->y1));
	else if (!pixman_region32_init_rects(dst, b, n))
		pixman_region32_clear(dst); /* out of memory: pixman left it empty */
}

void render_region_clip_box(
        pixman_region32_t *dst, const pixman_region32_t *src, const pixman_box32_t *r)
{
	int n = 0, k = 0;
	const pixman_box32_t *b = pixman_region32_rectangles((pixman_region32_t *)src, &n);
	pixman_box32_t few[FEW_BOXES];

	if (box_empty(r))
		n = 0;
	/* the boxes are in bands sorted by y: none from the first below r on meets r */
	for (int i = first_below(b, n, r->y1); i < n && b[i].y1 < r->y2; i++) {
		if (!boxes_meet(&b[i], r))
			continue;
		if (k == FEW_BOXES) {
			pixman_region32_intersect_rect(dst, (pixman_region32_t *)src, r->x1, r->y1,
			        (unsigned)(r->x2 - r->x1), (unsigned)(r->y2 - r->y1));
			return;
		}
		few[k++] = clip(&b[i], r);
	}
	if (k == 0)
		pixman_region32_clear(dst);
	else
		region_of(dst, few, k);
}

bool render_boxes_cut(const struct render_boxes *l, pixman_region32_t *part)
{
	const pixman_box32_t *e = pixman_region32_extents(part);
	pixman_box32_t few[FEW_BOXES], *meet = few;
	pixman_region32_t cut;
	size_t k = 0;
	bool ok;

	if (l->n == 0 || box_empty(e) || !boxes_meet(&l->bounds, e))
		return true;
	for (size_t i = 0; i < l->n; i++) {
		if (!boxes_meet(&l->box[i], e))
			continue;
		if (k == FEW_BOXES && meet == few) {
			meet = malloc(l->n * sizeof *meet);
			if (!meet)
				return false;
			memcpy(meet, few, sizeof few);
		}
		meet[k++] = l->box[i];
	}
	if (k == 0)
		return true;
	pixman_region32_init(&cut);
	region_of(&cut, meet, (int)k);
	ok = pixman_region32_not_empty(&cut) && pixman_region32_subtract(part, part, &cut);
	pixman_region32_fini(&cut);
	if (meet != few)
		free(meet);
	return ok;
}

/* out gets c less the boxes of `cut` that meet it (the few that partly cover it, through
 * pixman); false when out of memory. */
static bool add_less(
        struct render_boxes *out, const pixman_box32_t *c, const struct render_boxes *cut)
{
	pixman_region32_t rest, m;
	size_t meet = 0;
	int n = 0;
	bool ok = true;

	/* the last boxes first: a window's neighbours were added just before it */
	for (size_t i = cut->n; i-- > 0 && boxes_meet(&cut->bounds, c);) {
		if (!boxes_meet(&cut->box[i], c))
			continue;
		if (contains_box(&cut->box[i], c))
			return true;
		meet++;
	}
	if (!meet)
		return render_boxes_add(out, c, 1);
	pixman_region32_init_rect(
	        &rest, c->x1, c->y1, (unsigned)(c->x2 - c->x1), (unsigned)(c->y2 - c->y1));
	for (size_t i = 0; ok && i < cut->n && pixman_region32_not_empty(&rest); i++) {
		const pixman_box32_t *b = &cut->box[i];
		if (!boxes_meet(b, c))
			continue;
		pixman_region32_init_rect(
		        &m, b->x1, b->y1, (unsigned)(b->x2 - b->x1), (unsigned)(b->y2 - b->y1));
		ok = pixman_region32_subtract(&rest, &rest, &m);
		pixman_region32_fini(&m);
	}
	const pixman_box32_t *left = pixman_region32_rectangles(&rest, &n);
	ok = ok && render_boxes_add(out, left, (size_t)n);
	pixman_region32_fini(&rest);
	return ok;
}

bool render_boxes_add_uncut(struct render_boxes *out, const pixman_region32_t *src,
        const pixman_box32_t *r, const struct render_boxes *cut)
{
	int n = 0;
	const pixman_box32_t *b = pixman_region32_rectangles((pixman_region32_t *)src, &n);
	size_t before = out->n;
	pixman_box32_t bounds = out->bounds;

	if (box_empty(r))
		return true;
	/* the boxes are in bands sorted by y: none from the first below r on meets r */
	for (int i = first_below(b, n, r->y1); i < n && b[i].y1 < r->y2; i++) {
		if (!boxes_meet(&b[i], r))
			continue;
		pixman_box32_t c = clip(&b[i], r);
		if (!add_less(out, &c, cut)) {
			render_boxes_truncate(out, before);
			out->bounds = bounds;
			return false;
		}
	}
	return true;
}
