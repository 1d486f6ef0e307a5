/* Is the effect drawn at all? A compositor that ignores an option (or a backend that cannot draw
 * it) would otherwise be measured as fast as plain. Before each cell: a white window with a black
 * bar (the ground), a window over it (the test window), and an opaque marker on top filled last,
 * whose colour on screen says that everything drawn before it is there too. Then a few pixels. */
#include <stdio.h>
#include <stdlib.h>

#include "bench/bench.h"

enum { GROUND, TEST, MARKER, WINDOWS };

#define WHITE 0xffffffu
#define BLACK 0x000000u
#define TEST_COLOUR 0x3060c0u
#define READY_MS 5000

static void place_check(int i, int n, struct bench_rect *r)
{
	static const struct bench_rect geom[WINDOWS] = {
	        {100, 100, 640, 400}, /* black bar at x 560..600 */
	        {480, 200, 200, 150}, /* over white, and over the bar */
	        {BENCH_WIDTH - 20, BENCH_HEIGHT - 20, 8, 8},
	};

	(void)n;
	*r = geom[i < WINDOWS ? i : 0];
}

static int lum(uint32_t v)
{
	return (int)(((v >> 16) & 0xff) + ((v >> 8) & 0xff) + (v & 0xff)) / 3;
}

static uint32_t px(struct bench_scene *sc, int x, int y)
{
	return bench_scene_pixel(sc, (int16_t)x, (int16_t)y);
}

/* The effect's own part of the scene, as measure.c sets it up for the scenarios. */
static void apply(struct bench_session *s, const struct bench_effect *fx, struct bench_scene *sc)
{
	if (fx->focus_top) {
		bench_scene_focus(sc, MARKER);
		for (int i = GROUND; s->peer == BENCH_XCOMPMGR && i < MARKER; i++)
			bench_scene_opacity(sc, i, 0.9);
	}
	if (fx->check == BENCH_CHECK_BLUR)
		bench_scene_opacity(sc, TEST, 0.8);
}

static void draw(struct bench_scene *sc, uint32_t marker)
{
	struct bench_rect all = {0, 0, 640, 400}, bar = {460, 0, 40, 400};
	struct bench_rect test = {0, 0, 200, 150}, dot = {0, 0, 8, 8};

	bench_scene_fill(sc, GROUND, all, WHITE);
	bench_scene_fill(sc, GROUND, bar, BLACK);
	bench_scene_fill(sc, TEST, test, TEST_COLOUR);
	bench_scene_fill(sc, MARKER, dot, marker);
	xcb_flush(sc->c);
}

/* The marker, focused for the opacity check, shows its colour. */
static bool shown(struct bench_scene *sc, const struct bench_effect *fx, uint32_t marker)
{
	int16_t x = BENCH_WIDTH - 16, y = BENCH_HEIGHT - 16;

	if (fx->focus_top)
		return bench_scene_focus_shown(sc, MARKER, x, y, marker) >= 0;
	return bench_scene_wait_pixel(sc, x, y, marker, READY_MS);
}

/* 1 shown, 0 not. */
static int look(struct bench_scene *sc, enum bench_check check)
{
	switch (check) {
	case BENCH_CHECK_SHADOW: /* 3 px left of the test window, against far-off white: all
	                          * three draw about 0xe0 there */
		return lum(px(sc, 477, 275)) + 12 < lum(px(sc, 150, 150));
	case BENCH_CHECK_CORNERS: /* the test window's corner pixel, against its middle */
		return px(sc, 481, 201) != px(sc, 580, 275);
	case BENCH_CHECK_OPACITY: /* the unfocused ground lets the root through */
		return px(sc, 150, 150) != WHITE || px(sc, 580, 450) != BLACK;
	case BENCH_CHECK_BLUR: /* 1 px right of the bar vs 60 px right of it, both below the
	                        * translucent test window: equal unless the bar is smeared */
		return lum(px(sc, 601, 275)) + 3 <= lum(px(sc, 660, 275));
	default:
		return -1;
	}
}

/* A compositor draws what it has read in one frame, but under load picom was once seen with
 * the marker and without the blur: a few more looks, 100 ms apart. Not drawing the effect
 * never passes a look (the pixels compared are equal then). */
static int look_again(struct bench_scene *sc, enum bench_check check)
{
	int seen = look(sc, check);

	for (int i = 0; seen == 0 && i < 5; i++) {
		bench_sleep_us(100000);
		seen = look(sc, check);
	}
	return seen;
}

int bench_check_effect(
        struct bench_session *s, const struct bench_effect *fx, char *why, size_t len)
{
	struct bench_scene sc;
	uint32_t marker;
	int seen = -1;

	if (fx->check == BENCH_CHECK_NONE || s->peer == BENCH_NONE)
		return -1;
	if (!bench_scene_create(&sc, s->c, s->screen, WINDOWS, place_check)) {
		snprintf(why, len, "effect check: could not create its windows");
		bench_scene_destroy(&sc);
		return -1;
	}
	apply(s, fx, &sc);
	marker = bench_scene_colour(&sc);
	if (!bench_scene_wait_redirected(&sc, MARKER, READY_MS))
		snprintf(why, len, "effect check: its windows were not redirected");
	else {
		draw(&sc, marker);
		if (shown(&sc, fx, marker))
			seen = look_again(&sc, fx->check);
		else
			snprintf(why, len, "effect check: its drawing never reached the screen");
	}
	bench_scene_destroy(&sc);
	return seen;
}
