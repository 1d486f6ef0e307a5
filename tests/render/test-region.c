/*
 * render/region.c against pixman's own region operations on seeded random input: a list of
 * boxes made into a region, a region clipped to a box, the boxes of src ∩ r less a list (what
 * windows_serve_bodies copies), and a region less a list. Usage: test-render-region CHECK.
 */
#include <stdio.h>
#include <stdlib.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define SIDE 200

static pixman_box32_t random_box(struct rng *r, int32_t max_side)
{
	int32_t x = rng_int(r, -20, SIDE), y = rng_int(r, -20, SIDE);

	/* some empty and some inverted boxes: the list must drop them */
	if (rng_chance(r, 5))
		return (pixman_box32_t){x, y, x - rng_int(r, 0, 5), y + 3};
	return (pixman_box32_t){x, y, x + rng_int(r, 1, max_side), y + rng_int(r, 1, max_side)};
}

/* A region of up to max_boxes boxes (unioned one by one, as damage used to be). */
static void random_region(struct rng *r, pixman_region32_t *reg, int max_boxes, int32_t side)
{
	int n = rng_int(r, 0, max_boxes);

	pixman_region32_init(reg);
	for (int i = 0; i < n; i++) {
		pixman_box32_t b = random_box(r, side);
		if (b.x2 > b.x1 && b.y2 > b.y1)
			pixman_region32_union_rect(reg, reg, b.x1, b.y1, (unsigned)(b.x2 - b.x1),
			        (unsigned)(b.y2 - b.y1));
	}
}

/* A list of up to max boxes, and the same as a region (pixman's unions one by one). */
static bool random_list(struct rng *r, struct render_boxes *l, pixman_region32_t *reg, int max)
{
	int n = rng_int(r, 0, max);

	pixman_region32_init(reg);
	for (int i = 0; i < n; i++) {
		pixman_box32_t b = random_box(r, 60);
		if (!render_boxes_add(l, &b, 1))
			return t_fail("out of memory"), false;
		if (b.x2 > b.x1 && b.y2 > b.y1)
			pixman_region32_union_rect(reg, reg, b.x1, b.y1, (unsigned)(b.x2 - b.x1),
			        (unsigned)(b.y2 - b.y1));
	}
	return true;
}

static bool same(const char *what, uint64_t seed, pixman_region32_t *got, pixman_region32_t *want)
{
	/* pixman keeps extents in an empty region: two empty ones may differ there */
	bool both_empty = !pixman_region32_not_empty(got) && !pixman_region32_not_empty(want);
	if ((both_empty || pixman_region32_equal(got, want)) && pixman_region32_selfcheck(got))
		return true;
	const pixman_box32_t *g = pixman_region32_extents(got), *w = pixman_region32_extents(want);
	t_fail("seed %llu, %s: got %d boxes in %d,%d-%d,%d, want %d boxes in %d,%d-%d,%d",
	        (unsigned long long)seed, what, pixman_region32_n_rects(got), g->x1, g->y1, g->x2,
	        g->y2, pixman_region32_n_rects(want), w->x1, w->y1, w->x2, w->y2);
	return false;
}

/* The list's bounds hold every box it keeps, and no empty box is kept. */
static bool bounds_hold(const struct render_boxes *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const pixman_box32_t *b = &l->box[i];
		if (b->x1 >= b->x2 || b->y1 >= b->y2)
			return t_fail("an empty box kept"), false;
		if (b->x1 < l->bounds.x1 || b->y1 < l->bounds.y1 || b->x2 > l->bounds.x2 ||
		        b->y2 > l->bounds.y2)
			return t_fail("a box outside the bounds"), false;
	}
	return true;
}

static bool check_union(uint64_t seed)
{
	struct rng r;
	struct render_boxes l;
	pixman_region32_t want, got, base;
	bool ok;

	rng_seed(&r, seed);
	render_boxes_init(&l);
	random_region(&r, &base, 6, 80);
	ok = random_list(&r, &l, &want, 80) && bounds_hold(&l);
	pixman_region32_union(&want, &want, &base);
	pixman_region32_init(&got);
	pixman_region32_copy(&got, &base);
	ok = ok && render_boxes_union_into(&l, &got) && same("union", seed, &got, &want);
	/* truncated, the list is its first boxes */
	size_t keep = l.n / 2;
	render_boxes_truncate(&l, keep);
	pixman_region32_clear(&want);
	for (size_t i = 0; i < keep; i++)
		pixman_region32_union_rect(&want, &want, l.box[i].x1, l.box[i].y1,
		        (unsigned)(l.box[i].x2 - l.box[i].x1),
		        (unsigned)(l.box[i].y2 - l.box[i].y1));
	pixman_region32_clear(&got);
	ok = ok && l.n == keep && render_boxes_union_into(&l, &got) &&
	     same("truncated", seed, &got, &want);
	pixman_region32_fini(&got);
	pixman_region32_fini(&want);
	pixman_region32_fini(&base);
	render_boxes_finish(&l);
	return ok;
}

static bool check_clip(uint64_t seed)
{
	struct rng r;
	pixman_region32_t src, want, got;
	pixman_box32_t b;
	bool ok;

	rng_seed(&r, seed);
	random_region(&r, &src, rng_chance(&r, 30) ? 3 : 60, rng_chance(&r, 50) ? 30 : 120);
	b = random_box(&r, 150);
	pixman_region32_init(&want);
	if (b.x2 > b.x1 && b.y2 > b.y1)
		pixman_region32_intersect_rect(
		        &want, &src, b.x1, b.y1, (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
	pixman_region32_init_rect(&got, 5, 5, 10, 10); /* what was there goes */
	render_region_clip_box(&got, &src, &b);
	ok = same("clip", seed, &got, &want);
	render_region_clip_box(&src, &src, &b); /* in place */
	ok = ok && same("clip in place", seed, &src, &want);
	pixman_region32_fini(&got);
	pixman_region32_fini(&want);
	pixman_region32_fini(&src);
	return ok;
}

/* The boxes added from `first` on are pairwise disjoint (each pixel is copied once). */
static bool disjoint(const struct render_boxes *l, size_t first, uint64_t seed)
{
	for (size_t i = first; i < l->n; i++)
		for (size_t j = i + 1; j < l->n; j++) {
			const pixman_box32_t *a = &l->box[i], *b = &l->box[j];
			if (a->x1 < b->x2 && b->x1 < a->x2 && a->y1 < b->y2 && b->y1 < a->y2)
				return t_fail("seed %llu: boxes %zu and %zu overlap",
				               (unsigned long long)seed, i, j),
				       false;
		}
	return true;
}

static bool check_uncut(uint64_t seed)
{
	struct rng r;
	struct render_boxes cut, out;
	pixman_region32_t src, cutr, want, got;
	pixman_box32_t b, before = {1, 1, 3, 3};
	bool ok;

	rng_seed(&r, seed);
	render_boxes_init(&cut);
	render_boxes_init(&out);
	random_region(&r, &src, rng_chance(&r, 30) ? 3 : 60, rng_chance(&r, 50) ? 30 : 120);
	ok = random_list(&r, &cut, &cutr, rng_chance(&r, 20) ? 0 : 30);
	b = random_box(&r, 150);
	pixman_region32_init(&want);
	if (b.x2 > b.x1 && b.y2 > b.y1)
		pixman_region32_intersect_rect(
		        &want, &src, b.x1, b.y1, (unsigned)(b.x2 - b.x1), (unsigned)(b.y2 - b.y1));
	pixman_region32_subtract(&want, &want, &cutr);
	/* a box already in `out` stays */
	ok = ok && render_boxes_add(&out, &before, 1) &&
	     render_boxes_add_uncut(&out, &src, &b, &cut);
	pixman_region32_init(&got);
	ok = ok && out.n >= 1 && out.box[0].x1 == before.x1 && bounds_hold(&out) &&
	     disjoint(&out, 1, seed);
	if (ok) {
		struct render_boxes added = {.box = out.box + 1, .n = out.n - 1, .cap = out.n - 1};
		ok = render_boxes_union_into(&added, &got) && same("uncut", seed, &got, &want);
	}
	pixman_region32_fini(&got);
	pixman_region32_fini(&want);
	pixman_region32_fini(&cutr);
	pixman_region32_fini(&src);
	render_boxes_finish(&out);
	render_boxes_finish(&cut);
	return ok;
}

static bool check_cut(uint64_t seed)
{
	struct rng r;
	struct render_boxes cut;
	pixman_region32_t part, cutr, want;
	bool ok;

	rng_seed(&r, seed);
	render_boxes_init(&cut);
	random_region(&r, &part, rng_chance(&r, 30) ? 2 : 40, 100);
	ok = random_list(&r, &cut, &cutr, rng_chance(&r, 50) ? 10 : 60);
	pixman_region32_init(&want);
	pixman_region32_subtract(&want, &part, &cutr);
	ok = ok && render_boxes_cut(&cut, &part) && same("cut", seed, &part, &want);
	pixman_region32_fini(&want);
	pixman_region32_fini(&cutr);
	pixman_region32_fini(&part);
	render_boxes_finish(&cut);
	return ok;
}

TEST(union)
{
	return t_run_seeded("test-render-region union", 2000, check_union);
}

TEST(clip)
{
	return t_run_seeded("test-render-region clip", 3000, check_clip);
}

TEST(uncut)
{
	return t_run_seeded("test-render-region uncut", 3000, check_uncut);
}

TEST(cut)
{
	return t_run_seeded("test-render-region cut", 2000, check_cut);
}
