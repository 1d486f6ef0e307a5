/* Fades: the topmost of the small scene's windows is unmapped (it fades out) and mapped again
 * with a new colour (it fades in), 20 steps of 0.05 each way, one per 10 ms.
 *
 * On the compositor's own clock (all three) a fade runs by itself: we sleep most of its nominal
 * 200 ms, then poll every millisecond until the probe spot shows the end state; the latency is
 * the fade's duration, the CPU is divided by the nominal 20 frames of each fade (shmcomp's
 * stats say how many it drew). On shmcomp's virtual clock every update is one step of 10 ms:
 * the latency is the step's, from the request until shmcomp says its frame is on screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

#define FADE_STEPS 20
#define FADE_DELTA_MS 10
#define FADE_NOMINAL_MS (FADE_STEPS * FADE_DELTA_MS)
#define FADE_TIMEOUT_MS 3000.0
#define SETTLE_US 600000
#define POLL_US 1000
#define MAX_TIMEOUTS 3

struct fade_run {
	const struct bench_ctx *ctx;
	struct bench_session *s;
	struct bench_scene scene;
	struct bench_result *r;
	struct bench_ctl ctl;
	int top;
	int16_t px, py;
	uint32_t below; /* the probe spot once the top window is gone */
	uint32_t target;
	long polls;
	double *lat;
	int nlat;
};

/* Unmaps the top window, or maps it with a new colour; says what the probe will show. */
static void toggle(struct fade_run *f)
{
	struct bench_scene *sc = &f->scene;
	struct bench_rect all = {0, 0, sc->geom[f->top].w, sc->geom[f->top].h};

	if (sc->mapped[f->top]) {
		bench_scene_map(sc, f->top, false);
		f->target = f->below;
	} else {
		bench_scene_map(sc, f->top, true);
		f->target = bench_scene_colour(sc);
		bench_scene_fill(sc, f->top, all, f->target);
	}
}

static bool shows(struct fade_run *f)
{
	f->polls++;
	return bench_scene_pixel(&f->scene, f->px, f->py) == f->target;
}

/* ms from t0 until the fade has ended; -1 after FADE_TIMEOUT_MS. */
static double wait_fade(struct fade_run *f, double t0)
{
	bench_sleep_us(FADE_NOMINAL_MS * 800L);
	while (!shows(f)) {
		if (bench_now_ms() - t0 > FADE_TIMEOUT_MS)
			return -1;
		bench_sleep_us(POLL_US);
	}
	return bench_now_ms() - t0;
}

static bool note_timeout(struct fade_run *f, const char *what)
{
	if (f->r->timeouts++ == 0)
		snprintf(f->r->note, sizeof f->r->note, "%s", what);
	return f->r->timeouts <= MAX_TIMEOUTS &&
	       !bench_session_lost(f->s, f->r->note, sizeof f->r->note);
}

/* One fade on the compositor's clock. */
static bool real_fade(struct fade_run *f, bool counted)
{
	double t0, ms;

	toggle(f);
	t0 = bench_now_ms();
	xcb_flush(f->s->c);
	ms = wait_fade(f, t0);
	if (ms < 0)
		return note_timeout(f, "a fade did not end within 3 s");
	if (counted)
		f->lat[f->nlat++] = ms;
	return true;
}

/* One fade on the virtual clock: FADE_STEPS steps, each one measured. */
static bool stepped_fade(struct fade_run *f, bool counted)
{
	toggle(f);
	xcb_flush(f->s->c);
	for (int i = 0; i < FADE_STEPS; i++) {
		double t0 = bench_now_ms();
		if (!bench_ctl_step(&f->ctl, FADE_DELTA_MS, f->r->note, sizeof f->r->note))
			return false;
		if (counted)
			f->lat[f->nlat++] = bench_now_ms() - t0;
	}
	return shows(f) || note_timeout(f, "a fade had not ended after its 20 steps");
}

static bool one_fade(struct fade_run *f, bool counted)
{
	return f->s->fx->virtual_clock ? stepped_fade(f, counted) : real_fade(f, counted);
}

/* On the virtual clock nothing fades unless stepped. */
static void let_time_pass(struct fade_run *f)
{
	if (!f->s->fx->virtual_clock) {
		bench_sleep_us(SETTLE_US);
		return;
	}
	for (int i = 0; i < SETTLE_US / 1000 / FADE_DELTA_MS; i++)
		if (!bench_ctl_step(&f->ctl, FADE_DELTA_MS, f->r->note, sizeof f->r->note))
			return;
}

/* The scene drawn and faded in, the spot below the top window learnt, and one fade each way
 * not counted. */
static bool warm_up(struct fade_run *f)
{
	struct bench_rect all = {0, 0, f->scene.geom[f->top].w, f->scene.geom[f->top].h};

	f->target = bench_scene_colour(&f->scene);
	bench_scene_fill(&f->scene, f->top, all, f->target);
	xcb_flush(f->s->c);
	let_time_pass(f);
	if (!shows(f)) {
		snprintf(f->r->note, sizeof f->r->note, "the first drawing never showed");
		return false;
	}
	bench_scene_map(&f->scene, f->top, false);
	xcb_flush(f->s->c);
	let_time_pass(f);
	f->below = bench_scene_pixel(&f->scene, f->px, f->py);
	bench_scene_map(&f->scene, f->top, true);
	xcb_flush(f->s->c);
	let_time_pass(f);
	return one_fade(f, false) && one_fade(f, false);
}

struct sample {
	double comp, server;
	struct bench_stats stats;
};

static void sample(struct fade_run *f, struct sample *a)
{
	a->comp = bench_cpu_ms(f->s->comp);
	a->server = bench_cpu_ms(f->s->server.pid);
	bench_stats_read(f->ctx, f->s, &a->stats);
}

/* Per nominal frame on the compositor's clock, per step on the virtual one. */
static void results(struct fade_run *f, const struct sample *a, const struct sample *b)
{
	struct bench_result *r = f->r;
	double frames = (double)r->updates * FADE_STEPS;

	bench_percentiles(f->lat, f->nlat, &r->p50, &r->p99, &r->max);
	r->comp_cpu = (b->comp - a->comp) / frames;
	r->server_cpu = (b->server - a->server) / frames;
	r->polls = (double)f->polls / frames;
	r->have_stats = a->stats.ok && b->stats.ok;
	if (r->have_stats)
		r->frames_per_update = (double)(b->stats.frames - a->stats.frames) / frames;
}

static bool run_fades(struct fade_run *f)
{
	struct sample a, b;

	sample(f, &a);
	f->polls = 0;
	for (int i = 0; i < f->r->updates; i++)
		if (!one_fade(f, true))
			return false;
	sample(f, &b);
	if (bench_session_lost(f->s, f->r->note, sizeof f->r->note))
		return false;
	results(f, &a, &b);
	return true;
}

void bench_fade_measure(const struct bench_ctx *ctx, struct bench_session *s,
        const struct bench_scenario *sc, int updates, struct bench_result *r)
{
	struct fade_run f = {.ctx = ctx, .s = s, .r = r, .ctl = {.reply = XCB_NONE}};
	size_t n = (size_t)updates * (s->fx->virtual_clock ? FADE_STEPS : 1);

	*r = (struct bench_result){
	        .status = BENCH_FAILED, .updates = updates, .warmup = 2, .rounds = 1, .seen = -1};
	f.lat = calloc(n, sizeof *f.lat);
	if (!f.lat || !bench_measure_set_up(s, sc, &f.scene, r))
		goto out;
	f.top = f.scene.count - 1;
	f.px = (int16_t)(f.scene.geom[f.top].x + f.scene.geom[f.top].w / 2);
	f.py = (int16_t)(f.scene.geom[f.top].y + f.scene.geom[f.top].h / 2);
	if (s->fx->virtual_clock && !bench_ctl_open(&f.ctl, s, r->note, sizeof r->note))
		goto out;
	if (warm_up(&f) && run_fades(&f)) {
		bench_measure_memory(s, r);
		r->status = BENCH_OK;
	}
out:
	bench_ctl_close(&f.ctl);
	bench_scene_destroy(&f.scene);
	free(f.lat);
}
