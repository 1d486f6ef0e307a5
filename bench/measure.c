/* One scenario against one compositor: warm-up, a latency pass that busy-polls one root pixel
 * until the update shows, then a CPU pass of as many updates that sleeps between polls, so that
 * the X server's CPU is not dominated by our own GetImage requests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

#define TIMEOUT_MS 1000.0
#define FIRST_TIMEOUT_MS 10000.0 /* the compositor may still be mapping 1000 windows */
#define MAX_TIMEOUTS 5
#define POLL_SLEEP_US 100
#define REDIRECT_WAIT_MS 5000
#define MIN_UPDATES 50 /* a pass cut short by the time cap still measures as many */

struct run {
	const struct bench_ctx *ctx;
	struct bench_session *s;
	const struct bench_scenario *sc;
	struct bench_scene scene;
	struct bench_result *r;
	uint32_t u;    /* updates drawn so far */
	uint32_t seen; /* the probe's last reading */
};

/* Draws the next update and flushes; returns the time of the flush. The clock is read before
 * the flush: the write may wake the compositor, which on a busy box can preempt us, and a
 * clock read after that would hide the compositor's work. */
static double draw(struct run *run, struct bench_probe *p)
{
	double t0;

	run->sc->step(&run->scene, run->u++, p);
	t0 = bench_now_ms();
	xcb_flush(run->s->c);
	return t0;
}

/* ms from t0 until the probe shows its colour; -1 on timeout or a lost connection. */
static double wait_busy(struct run *run, const struct bench_probe *p, double t0, double timeout)
{
	for (;;) {
		uint32_t v = bench_scene_pixel(&run->scene, p->x, p->y);
		double t = bench_now_ms() - t0;
		run->seen = v;
		if (v == p->colour)
			return t;
		if (v == BENCH_NO_PIXEL || t > timeout)
			return -1;
	}
}

/* Like wait_busy, but sleeps first_us, then POLL_SLEEP_US between polls; counts the polls. */
static double wait_sleepy(
        struct run *run, const struct bench_probe *p, double t0, long first_us, long *polls)
{
	bench_sleep_us(first_us);
	for (;;) {
		uint32_t v = bench_scene_pixel(&run->scene, p->x, p->y);
		double t = bench_now_ms() - t0;
		run->seen = v;
		++*polls;
		if (v == p->colour)
			return t;
		if (v == BENCH_NO_PIXEL || t > TIMEOUT_MS)
			return -1;
		bench_sleep_us(POLL_SLEEP_US);
	}
}

/* The first timeout is described in the note: what the screen showed instead. Update u
 * draws colour number u + 1. */
static void describe_timeout(struct run *run, const struct bench_probe *p)
{
	int64_t shown = bench_scene_colour_index(run->seen);
	char what[64];

	if (shown < 0)
		snprintf(what, sizeof what, "a window background");
	else
		snprintf(what, sizeof what, "update %lld's colour", (long long)shown - 1);
	snprintf(run->r->note, sizeof run->r->note,
	        "first timeout: update %u, pixel (%d,%d) still showed %s after %.0f ms", run->u - 1,
	        p->x, p->y, what, TIMEOUT_MS);
}

/* After a timeout: false (with the reason in the note) when the run cannot go on. */
static bool survive_timeout(struct run *run, const struct bench_probe *p)
{
	struct bench_result *r = run->r;

	if (r->timeouts++ == 0)
		describe_timeout(run, p);
	if (bench_session_lost(run->s, r->note, sizeof r->note))
		return false;
	if (xcb_connection_has_error(run->s->c)) {
		snprintf(r->note, sizeof r->note, "lost the connection to Xvfb");
		return false;
	}
	if (r->timeouts > MAX_TIMEOUTS) {
		char head[40];
		size_t n = (size_t)snprintf(
		        head, sizeof head, "gave up after %d timeouts; ", r->timeouts);
		if (n < sizeof head && strlen(r->note) + n < sizeof r->note) {
			memmove(r->note + n, r->note, strlen(r->note) + 1);
			memcpy(r->note, head, n);
		}
		return false;
	}
	return true;
}

/* A compositor that dies hands the windows back to the server unredirected: the updates
 * then keep reaching the screen, at the floor's speed. So look, every 256 updates. */
static bool compositor_alive(struct run *run)
{
	return !bench_session_lost(run->s, run->r->note, sizeof run->r->note);
}

static bool still_compositing(struct run *run, int i)
{
	return i % 256 != 255 || compositor_alive(run);
}

static bool warm_up(struct run *run)
{
	char kept[sizeof run->r->note];
	struct bench_probe p;
	double t0;

	memcpy(kept, run->r->note, sizeof kept);
	t0 = draw(run, &p);
	if (wait_busy(run, &p, t0, FIRST_TIMEOUT_MS) < 0) {
		if (!bench_session_lost(run->s, run->r->note, sizeof run->r->note))
			snprintf(run->r->note, sizeof run->r->note,
			        "the first update never reached the screen (%.0f s)",
			        FIRST_TIMEOUT_MS / 1000);
		return false;
	}
	double end = bench_now_ms() + run->ctx->pass_ms / 2;

	for (int i = 1; i < run->r->warmup; i++) {
		if (i >= 20 && bench_now_ms() > end) {
			run->r->warmup = i;
			break;
		}
		t0 = draw(run, &p);
		if (wait_busy(run, &p, t0, TIMEOUT_MS) < 0 && !survive_timeout(run, &p))
			return false;
	}
	run->r->timeouts = 0; /* warm-up does not count, nor its note */
	memcpy(run->r->note, kept, sizeof kept);
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_percentiles(double *v, int n, double *p50, double *p99, double *max)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	*p50 = v[n / 2];
	*p99 = v[(n * 99 + 99) / 100 - 1];
	if (max)
		*max = v[n - 1];
}

static bool latency_pass(struct run *run)
{
	int n = run->r->updates;
	double *lat = calloc((size_t)n, sizeof *lat);
	double end = bench_now_ms() + run->ctx->pass_ms;
	bool ok = lat != NULL;
	struct bench_probe p;

	for (int i = 0; ok && i < n; i++) {
		if (i >= MIN_UPDATES && bench_now_ms() > end) {
			/* a slow cell: fewer updates, and as many in the CPU pass */
			n = run->r->updates = i;
			break;
		}
		double t0 = draw(run, &p);
		lat[i] = wait_busy(run, &p, t0, TIMEOUT_MS);
		if (lat[i] < 0) {
			lat[i] = TIMEOUT_MS;
			ok = survive_timeout(run, &p);
		}
		ok = ok && still_compositing(run, i);
	}
	if (ok)
		bench_percentiles(lat, n, &run->r->p50, &run->r->p99, &run->r->max);
	free(lat);
	return ok;
}

struct cpu_sample {
	double comp, server, wall;
	struct bench_stats stats;
};

static bool cpu_sample(struct run *run, struct cpu_sample *cs, bool stats_first)
{
	if (stats_first)
		bench_stats_read(run->ctx, run->s, &cs->stats);
	cs->comp = bench_cpu_ms(run->s->comp);
	cs->server = bench_cpu_ms(run->s->server.pid);
	cs->wall = bench_now_ms();
	if (!stats_first)
		bench_stats_read(run->ctx, run->s, &cs->stats);
	if (cs->comp < 0 || cs->server < 0) {
		snprintf(run->r->note, sizeof run->r->note,
		        "cannot read the CPU time of the compositor or Xvfb");
		return false;
	}
	return true;
}

static void cpu_results(
        struct run *run, const struct cpu_sample *a, const struct cpu_sample *b, long polls)
{
	struct bench_result *r = run->r;
	double n = r->updates;
	uint64_t frames = b->stats.frames - a->stats.frames;

	r->comp_cpu = (b->comp - a->comp) / n;
	r->server_cpu = (b->server - a->server) / n;
	r->cpu_wall = b->wall - a->wall;
	r->polls = (double)polls / n;
	r->have_stats = a->stats.ok && b->stats.ok;
	if (!r->have_stats) {
		if (run->s->peer == BENCH_SHMCOMP)
			snprintf(r->note + strlen(r->note), sizeof r->note - strlen(r->note),
			        "%sshmcomp-ctl stats failed", r->note[0] ? "; " : "");
		return;
	}
	r->frames_per_update = (double)frames / n;
	r->segments_per_frame =
	        frames ? (double)(b->stats.segments_created - a->stats.segments_created) /
	                         (double)frames
	               : 0;
	r->render_px = (double)(b->stats.render_px - a->stats.render_px) / n;
	r->copied_px = (double)(b->stats.copied_px - a->stats.copied_px) / n;
	r->direct_px = (double)(b->stats.direct_px - a->stats.direct_px) / n;
	r->served_px = (double)(b->stats.served_px - a->stats.served_px) / n;
	r->shadow_px = (double)(b->stats.shadow_px - a->stats.shadow_px) / n;
	r->shm_bytes_live = (double)b->stats.bytes_live;
	r->shm_segments_live = (double)b->stats.segments_live;
}

static bool cpu_pass(struct run *run)
{
	/* sleep most of the typical latency before the first poll: about one poll per update */
	long first_us = run->r->p50 < 50.0 ? (long)(run->r->p50 * 800.0) : 40000;
	struct cpu_sample a, b;
	struct bench_probe p;
	long polls = 0;

	if (!cpu_sample(run, &a, true))
		return false;
	for (int i = 0; i < run->r->updates; i++) {
		double t0 = draw(run, &p);
		if (wait_sleepy(run, &p, t0, first_us, &polls) < 0 && !survive_timeout(run, &p))
			return false;
		if (!still_compositing(run, i))
			return false;
	}
	if (!cpu_sample(run, &b, false) || !compositor_alive(run))
		return false;
	cpu_results(run, &a, &b, polls);
	return true;
}

/* The effect's part of the scene: the focus, and xcompmgr's stand-in for inactive-opacity. */
static void apply_effect(struct bench_session *s, struct bench_scene *scene)
{
	int top = scene->count - 1;

	if (!s->fx->focus_top)
		return;
	bench_scene_focus(scene, top);
	for (int i = 0; s->peer == BENCH_XCOMPMGR && i < top; i++)
		bench_scene_opacity(scene, i, 0.9);
}

/* The focused window is opaque: its colour shows exactly. */
static bool focus_seen(struct bench_session *s, struct bench_scene *scene, struct bench_result *r)
{
	int top = scene->count - 1;
	struct bench_rect spot = {0, 0, 8, 8};
	uint32_t colour = bench_scene_colour(scene);
	int16_t x = (int16_t)(scene->geom[top].x + 4), y = (int16_t)(scene->geom[top].y + 4);
	int again;

	bench_scene_fill(scene, top, spot, colour);
	xcb_flush(s->c);
	again = bench_scene_focus_shown(scene, top, x, y, colour);
	if (again < 0)
		snprintf(r->note, sizeof r->note, "the focused topmost window never looked opaque");
	else if (again > 0)
		snprintf(r->note, sizeof r->note,
		        "focus: the topmost window looked focused only after %d more SetInputFocus",
		        again);
	return again >= 0;
}

bool bench_measure_set_up(struct bench_session *s, const struct bench_scenario *sc,
        struct bench_scene *scene, struct bench_result *r)
{
	if (!bench_scene_create(scene, s->c, s->screen, sc->windows, sc->place)) {
		snprintf(r->note, sizeof r->note, "could not create %d windows", sc->windows);
		return false;
	}
	apply_effect(s, scene);
	if (sc->prepare)
		sc->prepare(scene);
	if (s->peer != BENCH_NONE &&
	        !bench_scene_wait_redirected(scene, sc->windows - 1, REDIRECT_WAIT_MS)) {
		snprintf(r->note, sizeof r->note,
		        "our windows were not redirected: not compositing");
		return false;
	}
	return !s->fx->focus_top || s->peer == BENCH_NONE || focus_seen(s, scene, r);
}

void bench_measure_memory(struct bench_session *s, struct bench_result *r)
{
	r->comp_rss_kb = (double)bench_rss_kb(s->comp);
	r->server_rss_kb = (double)bench_rss_kb(s->server.pid);
	r->comp_pss_kb = (double)bench_pss_kb(s->comp);
	r->server_pss_kb = (double)bench_pss_kb(s->server.pid);
}

void bench_measure(const struct bench_ctx *ctx, struct bench_session *s,
        const struct bench_scenario *sc, int updates, struct bench_result *r)
{
	struct run run = {.ctx = ctx, .s = s, .sc = sc, .r = r};

	*r = (struct bench_result){
	        .status = BENCH_FAILED, .updates = updates, .rounds = 1, .seen = -1};
	r->warmup = updates / 10 < 20 ? 20 : updates / 10;
	if (bench_measure_set_up(s, sc, &run.scene, r) && warm_up(&run) && latency_pass(&run) &&
	        cpu_pass(&run)) {
		bench_measure_memory(s, r);
		r->status = BENCH_OK;
	}
	bench_scene_destroy(&run.scene);
}
