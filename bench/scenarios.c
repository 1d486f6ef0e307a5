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

/* A 32x32 fill at a moving spot of the topmost window. */
static void fill_top(struct bench_scene *sc, uint32_t u, uint32_t colour, struct bench_probe *p)
{
	int top = sc->count - 1;
	const struct bench_rect *g = &sc->geom[top];
	struct bench_rect r = {
		(int16_t)(u * 37 % (g->w - 32u)), (int16_t)(u * 11 % (g->h - 32u)), 32, 32};

	bench_scene_fill(sc, top, r, colour);
	p->colour = colour;
	p->x = (int16_t)(g->x + r.x + 16);
	p->y = (int16_t)(g->y + r.y + 16);
}

static void step_small(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	fill_top(sc, u, bench_scene_colour(sc), p);
}

/* The whole full-screen window; the probe wanders so a partial repaint would show. */
static void step_full(struct bench_scene *sc, uint32_t u, struct bench_probe *p)
{
	struct bench_rect all = {0, 0, BENCH_WIDTH, BENCH_HEIGHT};

	p->colour = bench_scene_colour(sc);
	bench_scene_fill(sc, 0, all, p->colour);
	p->x = (int16_t)(u * 131 % BENCH_WIDTH);
	p->y = (int16_t)(u * 71 % BENCH_HEIGHT);
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

const struct bench_scenario bench_scenarios[] = {
	{"small", "latency", "32x32 fill in the topmost of 10 windows of 400x300", 10, 2000,
		place_small, step_small},
	{"full", "latency", "one 1280x800 window, filled whole", 1, 500, place_full, step_full},
	{"many", "latency", "60 windows of 160x120, a 24x24 fill in each", 60, 500, place_many,
		step_many},
	{"move", "latency", "the topmost of 10 windows of 400x300 moved, then filled whole", 10,
		500, place_small, step_move},
	{"scale10", "scale", "10 windows of 100x100, 32x32 fill in the topmost", 10, 1000,
		place_scale, step_small},
	{"scale100", "scale", "100 windows of 100x100, 32x32 fill in the topmost", 100, 1000,
		place_scale, step_small},
	{"scale1000", "scale", "1000 windows of 100x100, 32x32 fill in the topmost", 1000, 1000,
		place_scale, step_small},
	{"mem10", "memory", "10 windows of 400x300, 32x32 fills going round all of them", 10, 300,
		place_cascade, step_memory},
	{"mem100", "memory", "100 windows of 400x300, 32x32 fills going round all of them", 100,
		300, place_cascade, step_memory},
};

const size_t bench_scenario_count = sizeof bench_scenarios / sizeof bench_scenarios[0];

const struct bench_scenario *bench_scenario_find(const char *name)
{
	for (size_t i = 0; i < bench_scenario_count; i++)
		if (strcmp(bench_scenarios[i].name, name) == 0)
			return &bench_scenarios[i];
	return NULL;
}
