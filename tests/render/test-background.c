/*
 * Background: a root pixmap tiled from screen (0,0), as X tiles a root background, whatever
 * the damage; a solid colour when there is no pixmap; black when there is no background.
 */
#include <stdio.h>

#include "render/render.h"
#include "tests/render/testlib.h"

#define MAX_DAMAGE 3

enum bg_kind { BG_TILE, BG_COLOR, BG_NONE };

static uint32_t expected(const struct render_background *bg, enum bg_kind kind,
        pixman_format_code_t fmt, int x, int y)
{
	uint32_t argb = 0xff000000u;

	if (kind == BG_COLOR)
		argb = bg->color;
	if (kind == BG_TILE) {
		int tw = pixman_image_get_width(bg->image), th = pixman_image_get_height(bg->image);

		argb = t_to_argb(
		        pixman_image_get_format(bg->image), t_get(bg->image, x % tw, y % th));
	}
	return t_from_argb(fmt, argb) & t_color_bits(fmt);
}

static bool in_damage(const pixman_box32_t *boxes, int n, int x, int y)
{
	for (int i = 0; i < n; i++)
		if (t_box_contains(&boxes[i], x, y))
			return true;
	return false;
}

static bool verify(pixman_image_t *dst, pixman_image_t *before, const struct render_background *bg,
        enum bg_kind kind, const pixman_box32_t *boxes, int nboxes)
{
	pixman_format_code_t fmt = pixman_image_get_format(dst);

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			bool damaged = in_damage(boxes, nboxes, x, y);
			uint32_t want =
			        damaged ? expected(bg, kind, fmt, x, y) : t_get(before, x, y);
			uint32_t got =
			        t_get(dst, x, y) & (damaged ? t_color_bits(fmt) : 0xffffffffu);

			if (got != want) {
				t_fail("%s screen, background kind %d, pixel (%d,%d): got %#x, "
				       "want %#x",
				        t_format_name(fmt), (int)kind, x, y, got, want);
				return false;
			}
		}
	}
	return true;
}

static pixman_image_t *random_tile(struct rng *r)
{
	static const pixman_format_code_t fmts[] = {
	        PIXMAN_x8r8g8b8, PIXMAN_r5g6b5, PIXMAN_a8r8g8b8};
	pixman_image_t *tile =
	        t_image(fmts[rng_int(r, 0, 2)], rng_int(r, 1, 17), rng_int(r, 1, 17));

	if (pixman_image_get_format(tile) == PIXMAN_a8r8g8b8)
		t_fill_random_premul(tile, r);
	else
		t_fill_random(tile, r);
	return tile;
}

static bool check(uint64_t seed)
{
	struct rng r;
	struct render_ctx *ctx = render_ctx_create();
	struct render_background bg = {NULL, 0};
	pixman_box32_t boxes[MAX_DAMAGE];
	pixman_region32_t damage;
	pixman_image_t *dst, *before;
	enum bg_kind kind;
	int nboxes;
	bool ok;

	rng_seed(&r, seed);
	dst = t_image(rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5, rng_int(&r, 1, 70),
	        rng_int(&r, 1, 70));
	t_fill_random(dst, &r);
	before = t_clone(dst);
	kind = (enum bg_kind)rng_int(&r, 0, 2);
	bg.color = 0xff000000u | rng_u32(&r);
	if (kind == BG_TILE)
		bg.image = random_tile(&r);
	nboxes = rng_int(&r, 1, MAX_DAMAGE);
	for (int i = 0; i < nboxes; i++)
		boxes[i] = t_random_box(
		        &r, pixman_image_get_width(dst), pixman_image_get_height(dst), 5);
	pixman_region32_init_rects(&damage, boxes, nboxes);

	ok = ctx && render_frame(ctx, dst, &damage, kind == BG_NONE ? NULL : &bg, NULL, 0);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify(dst, before, &bg, kind, boxes, nboxes);

	pixman_region32_fini(&damage);
	if (bg.image)
		pixman_image_unref(bg.image);
	pixman_image_unref(before);
	pixman_image_unref(dst);
	render_ctx_destroy(ctx);
	return ok;
}

TEST(background)
{
	return t_run_seeded("test-background", 400, check);
}
