/* Deterministic window contents for the scene client: a base colour, a second
 * colour in a checker or stripe pattern, an outline and a diagonal, drawn with
 * core requests only, so every server (with or without a compositor) agrees. */
#include "tests/client/scene.h"

#include <stdlib.h>

#define RECT_BATCH 512

static unsigned mask_shift(uint32_t m)
{
	return m ? (unsigned)__builtin_ctz(m) : 0;
}

static uint32_t channel(uint32_t v8, uint32_t mask)
{
	unsigned bits = (unsigned)__builtin_popcount(mask);

	if (bits == 0)
		return 0;
	if (bits < 8)
		v8 >>= 8 - bits;
	else
		v8 <<= bits - 8;
	return (v8 << mask_shift(mask)) & mask;
}

static uint32_t premul(uint32_t c, uint8_t a)
{
	return (c * a + 127) / 255;
}

uint32_t scene_pixel(const struct scene *s, bool argb, uint32_t rgb, uint8_t alpha)
{
	uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
	const xcb_visualtype_t *v = s->root_visual;

	if (argb)
		return (uint32_t)alpha << 24 | premul(r, alpha) << 16 | premul(g, alpha) << 8 |
		       premul(b, alpha);
	return channel(r, v->red_mask) | channel(g, v->green_mask) | channel(b, v->blue_mask);
}

static void set_fg(struct scene *s, xcb_gcontext_t gc, uint32_t pixel)
{
	xcb_change_gc(s->c, gc, XCB_GC_FOREGROUND, &pixel);
}

static void flush_rects(
        struct scene *s, xcb_drawable_t d, xcb_gcontext_t gc, xcb_rectangle_t *r, uint32_t *n)
{
	if (*n)
		xcb_poly_fill_rectangle(s->c, d, gc, *n, r);
	*n = 0;
}

static bool in_pattern(enum scene_pattern pat, int cx, int cy)
{
	switch (pat) {
	case PAT_HSTRIPES:
		return cy & 1;
	case PAT_VSTRIPES:
		return cx & 1;
	default:
		return (cx + cy) & 1;
	}
}

static void paint_pattern(struct scene *s, xcb_drawable_t d, xcb_gcontext_t gc, uint16_t w,
        uint16_t h, const struct scene_look *look)
{
	xcb_rectangle_t r[RECT_BATCH];
	uint32_t n = 0;
	int cell = look->cell ? look->cell : 1;

	for (int y = 0; y < h; y += cell) {
		for (int x = 0; x < w; x += cell) {
			if (!in_pattern(look->pat, x / cell, y / cell))
				continue;
			r[n++] = (xcb_rectangle_t){
			        (int16_t)x, (int16_t)y, (uint16_t)cell, (uint16_t)cell};
			if (n == RECT_BATCH)
				flush_rects(s, d, gc, r, &n);
		}
	}
	flush_rects(s, d, gc, r, &n);
}

static void paint_lines(
        struct scene *s, xcb_drawable_t d, xcb_gcontext_t gc, uint16_t w, uint16_t h)
{
	int16_t x1 = (int16_t)(w - 1), y1 = (int16_t)(h - 1);
	xcb_point_t outline[5] = {{0, 0}, {x1, 0}, {x1, y1}, {0, y1}, {0, 0}};
	xcb_point_t diagonal[2] = {{0, 0}, {x1, y1}};

	xcb_poly_line(s->c, XCB_COORD_MODE_ORIGIN, d, gc, 5, outline);
	xcb_poly_line(s->c, XCB_COORD_MODE_ORIGIN, d, gc, 2, diagonal);
}

void scene_paint(struct scene *s, xcb_drawable_t d, bool argb, uint16_t w, uint16_t h,
        const struct scene_look *look)
{
	xcb_gcontext_t gc = argb ? s->gc32 : s->gc;
	xcb_rectangle_t all = {0, 0, w, h};

	set_fg(s, gc, scene_pixel(s, argb, look->bg, look->alpha));
	xcb_poly_fill_rectangle(s->c, d, gc, 1, &all);
	set_fg(s, gc, scene_pixel(s, argb, look->fg, 0xff));
	paint_pattern(s, d, gc, w, h, look);
	set_fg(s, gc, scene_pixel(s, argb, look->bg ^ 0xffffff, 0xff));
	paint_lines(s, d, gc, w, h);
}

static uint32_t fnv1a(const char *str)
{
	uint32_t h = 2166136261u;

	for (; *str; str++)
		h = (h ^ (uint8_t)*str) * 16777619u;
	return h;
}

static uint32_t bright(uint32_t byte)
{
	return 0x30 + (byte & 0xff) % 0xd0;
}

void scene_look_default(const char *name, struct scene_look *look)
{
	uint32_t h = fnv1a(name);
	uint32_t h2 = fnv1a(name) * 2654435761u;

	look->bg = bright(h) << 16 | bright(h >> 8) << 8 | bright(h >> 16);
	look->fg = look->bg ^ 0x80c040;
	look->alpha = 0xc0;
	look->cell = (uint8_t)(3 + (h2 >> 8) % 11);
	look->pat = (enum scene_pattern)((h2 >> 24) % PAT_COUNT);
}
