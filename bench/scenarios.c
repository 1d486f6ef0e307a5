/* The scenarios: where the windows are, and what one update draws. Every step draws with a
 * colour never used before and says which root pixel must show it; the window holding that
 * pixel is always the topmost one at that spot. */
#include <string.h>

#include "bench/bench.h"

static void place_small(int i, int n, struct bench_rect *r)
{
	*r = (struct bench_rect){(int16_t)(60 + i * 80), (int16_t)(40 + i * 40), 400, 300};
}

static void place_full(int i, int n, struct bench_rect *r)
{
	*r = (struct bench_rect){0, 0, BENCH_WIDTH, BENCH_HEIGHT};
}

/* 8 columns, overlapping: the top-left 40x40 of every window stays uncovered. */
static void place_many(int i, int n, struct bench_rect *r)
{
	*r = (struct bench_rect){(int16_t)(i % 8 * 140), (int16_t)(i / 8 * 90), 160, 120};
}

static void place_scale(int i, int n, struct bench_rect *r)
{
	*r = (struct bench_rect){(int16_t)(i * 83 % (BENCH_WIDTH - 100)),
	        (int16_t)(i * 47 % (BENCH_HEIGHT - 100)), 100, 100};
}

static void place_cascade(int i, int n, struct bench_rect *r)
{
	*r = (struct bench_rect){(int16_t)(i * 29 % (BENCH_WIDTH - 400)),
	        (int16_t)(i * 17 % (BENCH_HEIGHT - 300)), 400, 300};
}

/* The blur scenes: a striped ground, an opaque window that updates (the worker), a translucent
 * 400x300 window to blur behind (80 px from the worker: beyond every blur's reach), and a
 * small opaque marker on top that every update fills, so that the probe sees an exact colour
 * whatever the blur does. */
enum { BLUR_GROUND, BLUR_WORKER, BLUR_WINDOW, BLUR_MARKER, BLUR_WINDOWS };

static void place_blur(int i, int n, struct bench_rect *r)
{
	static const struct bench_rect geom[BLUR_WINDOWS] = {
	        {0, 0, BENCH_WIDTH, BENCH_HEIGHT},
	        {20, 20, 400, 300},
	        {500, 250, 400, 300},
	        {BENCH_WIDTH - 30, BENCH_HEIGHT - 30, 16, 16},
	};

	*r = geom[i < BLUR_WINDOWS ? i : 0];
}

/* Black stripes on the ground, and the blurred window translucent. */
static void prepare_blur(struct bench_scene *sc)
{
	for (int16_t x = 8; x < BENCH_WIDTH; x += 48) {
		struct bench_rect r = {x, 0, 16, BENCH_HEIGHT};
		bench_scene_fill(sc, BLUR_GROUND, r, 0);
	}
	bench_scene_opacity(sc, BLUR_WINDOW, 0.8);
}

/* A 32x32 fill at a moving spot of window i. */
static void fill_in(
        struct bench_scene *sc, int i, uint32_t u, uint32_t colour, struct bench_probe *p)
{
	const struct bench_rect *g = &sc->geom[i];
	struct bench_rect r = {
	        (int16_t)(u * 37 % (g->w - 32u)), (int16_t)(u * 11 % (g->h - 32u)), 32, 32};

	bench_scene_fill(sc, i, r, colour);
	p->colour = colour;
	p->x = (int16_t)(g->x + r.x + 16);
	p->y = (int16_t)(g->y + r.y + 16);
}

/* A 32x32 fill at a moving spot of the topmost window. */
static void fill_top(struct bench_scene *sc, uint32_t u, uint32_t colour, struct bench_probe *p)
{
	fill_in(sc, sc->count - 1, u, colour, p);
}

static void step_small(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	fill_top(sc, u, bench_scene_colour(sc), p);
}

/* The whole full-screen window; the probe wanders so a partial repaint would show, away from
 * the corners, which shmcomp rounds with corner-radius (picom does not round a fullscreen
 * window). */
static void step_full(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	struct bench_rect all = {0, 0, BENCH_WIDTH, BENCH_HEIGHT};

	p->colour = bench_scene_colour(sc);
	bench_scene_fill(sc, 0, all, p->colour);
	p->x = (int16_t)(16 + u * 131 % (BENCH_WIDTH - 32));
	p->y = (int16_t)(16 + u * 71 % (BENCH_HEIGHT - 32));
}

/* 24x24 in every window; the last one drawn (the topmost) is probed. */
static void step_many(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	struct bench_rect r = {8, 8, 24, 24};
	int top = sc->count - 1;

	p->colour = bench_scene_colour(sc);
	for (int i = 0; i < sc->count; i++)
		bench_scene_fill(sc, i, r, p->colour);
	p->x = (int16_t)(sc->geom[top].x + 20);
	p->y = (int16_t)(sc->geom[top].y + 20);
}

/* The topmost 400x300 window moves and is redrawn whole. */
static void step_move(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	int top = sc->count - 1;
	const struct bench_rect *g = &sc->geom[top];
	struct bench_rect all = {0, 0, g->w, g->h};
	int16_t x = (int16_t)(u * 13 % (BENCH_WIDTH - g->w));
	int16_t y = (int16_t)(u * 7 % (BENCH_HEIGHT - g->h));

	p->colour = bench_scene_colour(sc);
	bench_scene_move(sc, top, x, y);
	bench_scene_fill(sc, top, all, p->colour);
	p->x = (int16_t)(x + g->w / 2);
	p->y = (int16_t)(y + g->h / 2);
}

/* Damage walks over every window (so each one is mirrored), then the probe spot on top. */
static void step_memory(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	struct bench_rect r = {8, 8, 32, 32};
	uint32_t colour = bench_scene_colour(sc);

	bench_scene_fill(sc, (int)(u % (uint32_t)sc->count), r, colour);
	fill_top(sc, u, colour, p);
}

static void fill_marker(struct bench_scene *sc, uint32_t colour, struct bench_probe *p)
{
	const struct bench_rect *g = &sc->geom[BLUR_MARKER];
	struct bench_rect all = {0, 0, g->w, g->h};

	bench_scene_fill(sc, BLUR_MARKER, all, colour);
	p->colour = colour;
	p->x = (int16_t)(g->x + g->w / 2);
	p->y = (int16_t)(g->y + g->h / 2);
}

/* (a) 64x64 of the ground below the blurred window changes. */
static void step_blur_below(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	const struct bench_rect *g = &sc->geom[BLUR_WINDOW];
	struct bench_rect r = {(int16_t)(g->x + 20 + (int)(u * 37 % 300)),
	        (int16_t)(g->y + 20 + (int)(u * 11 % 200)), 64, 64};
	uint32_t colour = bench_scene_colour(sc);

	bench_scene_fill(sc, BLUR_GROUND, r, colour);
	fill_marker(sc, colour, p);
}

/* (b) the blurred window moves. */
static void step_blur_move(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	bench_scene_move(
	        sc, BLUR_WINDOW, (int16_t)(460 + u * 13 % 400), (int16_t)(200 + u * 7 % 280));
	fill_marker(sc, bench_scene_colour(sc), p);
}

/* (c) the blurred window stays as it is while the worker updates. */
static void step_blur_idle(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	fill_in(sc, BLUR_WORKER, u, bench_scene_colour(sc), p);
}

/* Fades: fade.c unmaps and maps the topmost window itself. */
static void step_none(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	(void)sc;
	(void)u;
	(void)p;
}

const struct bench_scenario bench_scenarios[] = {
        {"small", "latency", "32x32 fill in the topmost of 10 windows of 400x300", 10, 2000,
                BENCH_UPDATES, place_small, step_small, NULL},
        {"full", "latency", "one 1280x800 window, filled whole", 1, 500, BENCH_UPDATES, place_full,
                step_full, NULL},
        {"many", "latency", "60 windows of 160x120, a 24x24 fill in each", 60, 500, BENCH_UPDATES,
                place_many, step_many, NULL},
        {"move", "latency", "the topmost of 10 windows of 400x300 moved, then filled whole", 10,
                500, BENCH_UPDATES, place_small, step_move, NULL},
        {"scale10", "scale", "10 windows of 100x100, 32x32 fill in the topmost", 10, 1000,
                BENCH_UPDATES, place_scale, step_small, NULL},
        {"scale100", "scale", "100 windows of 100x100, 32x32 fill in the topmost", 100, 1000,
                BENCH_UPDATES, place_scale, step_small, NULL},
        {"scale1000", "scale", "1000 windows of 100x100, 32x32 fill in the topmost", 1000, 1000,
                BENCH_UPDATES, place_scale, step_small, NULL},
        {"mem10", "memory", "10 windows of 400x300, 32x32 fills going round all of them", 10, 300,
                BENCH_UPDATES, place_cascade, step_memory, NULL},
        {"mem100", "memory", "100 windows of 400x300, 32x32 fills going round all of them", 100,
                300, BENCH_UPDATES, place_cascade, step_memory, NULL},
        {"fade", "fade",
                "the topmost of 10 windows of 400x300 unmapped and mapped again: fades out and in",
                10, 12, BENCH_FADES, place_small, step_none, NULL},
        {"blur-below", "blur",
                "(a) a 400x300 window at opacity 0.8 over a striped full-screen window; 64x64 of "
                "that "
                "window below it changes",
                BLUR_WINDOWS, 100, BENCH_UPDATES, place_blur, step_blur_below, prepare_blur},
        {"blur-move", "blur", "(b) the same window moves (13, 7) px per update", BLUR_WINDOWS, 100,
                BENCH_UPDATES, place_blur, step_blur_move, prepare_blur},
        {"blur-idle", "blur",
                "(c) the same window stays; a 32x32 fill in an opaque 400x300 window 80 px away",
                BLUR_WINDOWS, 500, BENCH_UPDATES, place_blur, step_blur_idle, prepare_blur},
};

const size_t bench_scenario_count = sizeof bench_scenarios / sizeof bench_scenarios[0];

const struct bench_scenario *bench_scenario_find(const char *name)
{
	for (size_t i = 0; i < bench_scenario_count; i++)
		if (strcmp(bench_scenarios[i].name, name) == 0)
			return &bench_scenarios[i];
	return NULL;
}
