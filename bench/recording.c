/* What recording costs (`--only recording`): the small and full scenarios on shmcomp without
 * and with `--record FILE` (which turns the direct path off), the compositor's CPU per frame,
 * the encoder's (ffmpeg, from shmcomp's stats: /proc/PID/stat while it runs, wait4 after)
 * per frame it was given, and the CPU of both over an idle stretch, which should be ~0. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"

#define STATS_TIMEOUT_MS 10000
#define DRAIN_TIMEOUT_MS 60000

struct rec_cell {
	const char *scenario;
	bool record;
	struct bench_result r; /* bench_measure's */
	char note[200];
	/* the recorder's, over the measured updates; the file's size at `record stop` */
	double frames, recorded, merged, dropped, bytes, encoder_ms, thread_ms;
	/* over the idle stretch */
	double idle_comp_ms, idle_encoder_ms, idle_frames, idle_shown;
};

/* The value of "key=" in shmcomp-ctl's key=value text; -1 when absent. */
static double value_of(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, n) == 0 && p[n] == '=')
			return strtod(p + n + 1, NULL);
	return -1;
}

/* shmcomp-ctl ARG... on the session's display: its output (malloc'd), NULL on failure. */
static char *ctl(
        const struct bench_ctx *ctx, const struct bench_session *s, const char *a1, const char *a2)
{
	const char *argv[] = {ctx->ctl, "--display", s->server.name, a1, a2, NULL};

	return bench_capture(argv, s->server.name, STATS_TIMEOUT_MS);
}

/* Waits until the recorder has handed every frame but the newest to the encoder, then a
 * little more for the encoder to finish the last one: the idle stretch starts quiet. */
static bool drain(const struct bench_ctx *ctx, const struct bench_session *s)
{
	for (double end = bench_now_ms() + DRAIN_TIMEOUT_MS; bench_now_ms() < end;) {
		char *t = ctl(ctx, s, "stats", NULL);
		bool done = t && value_of(t, "record_recorded") + value_of(t, "record_merged") +
		                                 value_of(t, "record_dropped") >=
		                         value_of(t, "record_frames") - 1;
		free(t);
		if (done) {
			bench_sleep_us(1000000);
			return true;
		}
		bench_sleep_us(100000);
	}
	return false;
}

/* CPU of shmcomp and of its encoder, frames shown and recorded, over `seconds` of nothing. */
static bool idle(const struct bench_ctx *ctx, const struct bench_session *s, double seconds,
        struct rec_cell *cell)
{
	char *a = ctl(ctx, s, "stats", NULL);
	double cpu0 = bench_cpu_ms(s->comp);
	bench_sleep_us((long)(seconds * 1e6));
	double cpu1 = bench_cpu_ms(s->comp);
	char *b = ctl(ctx, s, "stats", NULL);
	bool ok = a && b && cpu0 >= 0 && cpu1 >= 0;

	if (ok) {
		cell->idle_comp_ms = cpu1 - cpu0;
		cell->idle_shown = value_of(b, "frames") - value_of(a, "frames");
		cell->idle_frames = value_of(b, "record_frames") - value_of(a, "record_frames");
		cell->idle_encoder_ms =
		        value_of(b, "record_encoder_cpu_ms") - value_of(a, "record_encoder_cpu_ms");
	}
	free(a);
	free(b);
	return ok;
}

/* The recorder's counters between two stats texts: what the measured updates cost it
 * (ffmpeg's start and the first frame left out). */
static void recorder_delta(const char *a, const char *b, struct rec_cell *cell)
{
	cell->frames = value_of(b, "record_frames") - value_of(a, "record_frames");
	cell->recorded = value_of(b, "record_recorded") - value_of(a, "record_recorded");
	cell->merged = value_of(b, "record_merged") - value_of(a, "record_merged");
	cell->dropped = value_of(b, "record_dropped") - value_of(a, "record_dropped");
	cell->encoder_ms =
	        value_of(b, "record_encoder_cpu_ms") - value_of(a, "record_encoder_cpu_ms");
	cell->thread_ms = value_of(b, "record_thread_cpu_ms") - value_of(a, "record_thread_cpu_ms");
}

/* bench_measure, with the recorder drained and its stats read before and after. */
static void measure(const struct bench_ctx *ctx, struct bench_session *s,
        const struct bench_scenario *sc, int updates, struct rec_cell *cell)
{
	char *a = NULL, *b = NULL;

	if (cell->record && (!drain(ctx, s) || !(a = ctl(ctx, s, "stats", NULL)))) {
		snprintf(cell->note, sizeof cell->note, "the recording did not start");
		return;
	}
	bench_measure(ctx, s, sc, updates, &cell->r);
	if (cell->r.status != BENCH_OK)
		snprintf(cell->note, sizeof cell->note, "%s", cell->r.note);
	else if (cell->record && !drain(ctx, s))
		snprintf(cell->note, sizeof cell->note, "the encoder did not catch up in %d s",
		        DRAIN_TIMEOUT_MS / 1000);
	else if (cell->record && !(b = ctl(ctx, s, "stats", NULL)))
		snprintf(cell->note, sizeof cell->note, "no stats after the updates");
	if (a && b)
		recorder_delta(a, b, cell);
	free(a);
	free(b);
}

static void run_cell(const struct bench_ctx *ctx, int updates, double idle_s, struct rec_cell *cell)
{
	const struct bench_scenario *sc = bench_scenario_find(cell->scenario);
	struct bench_ctx rctx = *ctx;
	struct bench_session s;
	char file[512];

	snprintf(file, sizeof file, "%s/recording-%s.mkv", ctx->tmpdir, cell->scenario);
	unlink(file);
	rctx.record = cell->record ? file : NULL;
	if (!sc || !bench_session_start(&s, &rctx, BENCH_SHMCOMP, &bench_effect_plain, false,
	                   cell->note, sizeof cell->note))
		return;
	measure(&rctx, &s, sc, updates, cell);
	if (!cell->note[0] && !idle(&rctx, &s, idle_s, cell))
		snprintf(cell->note, sizeof cell->note, "no stats over the idle stretch");
	char *t = cell->record && !cell->note[0] ? ctl(&rctx, &s, "record", "stop") : NULL;
	if (t)
		cell->bytes = value_of(t, "record_bytes");
	else if (cell->record && !cell->note[0])
		snprintf(cell->note, sizeof cell->note, "record stop failed");
	free(t);
	bench_session_stop(&s);
	unlink(file);
}

static void print_row(FILE *f, const struct rec_cell *c, double idle_s)
{
	const struct bench_result *r = &c->r;
	double per_frame = r->frames_per_update > 0 ? r->comp_cpu / r->frames_per_update : 0;
	double given = c->recorded > 0 ? c->recorded : 1;

	fprintf(f, "| %s | %s | ", c->scenario, c->record ? "--record" : "no");
	if (c->note[0] || r->status != BENCH_OK) {
		fprintf(f, "failed: %s | | | | | | |\n", c->note);
		return;
	}
	fprintf(f, "%.2f | %.3f | ", r->frames_per_update, per_frame);
	if (c->record)
		fprintf(f, "%.0f / %.0f / %.0f | %.1f | %.2f | %.1f | ", c->recorded, c->merged,
		        c->dropped, c->encoder_ms / given, c->thread_ms / given,
		        c->bytes / (1024.0 * 1024.0));
	else
		fprintf(f, "— | — | — | — | ");
	fprintf(f, "%.1f ms, %.0f frames shown", c->idle_comp_ms, c->idle_shown);
	if (c->record)
		fprintf(f, "; ffmpeg %.0f ms, %.0f frames recorded", c->idle_encoder_ms,
		        c->idle_frames);
	fprintf(f, " (%.0f s) |\n", idle_s);
}

static void report(FILE *f, const struct rec_cell *cells, size_t n, int updates_small,
        int updates_full, double idle_s)
{
	fprintf(f,
	        "\n### Recording\n\n"
	        "shmcomp alone, plain configuration, without and with `--record FILE` (FFV1 in "
	        "Matroska through ffmpeg; the direct path is off while recording). %d updates in "
	        "small, %d in full (as fast as the client can: a latency pass, then a CPU pass), "
	        "one round. shmcomp CPU per frame is the CPU pass's (recorder thread included); "
	        "the recorder's counters cover both passes: frames merged (less than 1 ms apart), "
	        "dropped (the encoder, at nice +10, could not keep up: never queued), and handed "
	        "to "
	        "ffmpeg, whose CPU (/proc/PID/stat) and the recorder thread's are per frame handed "
	        "over. Idle: nothing drawn for %.0f s after the encoder caught up.\n\n",
	        updates_small, updates_full, idle_s);
	fprintf(f, "| scenario | recording | frames/update | shmcomp CPU ms/frame | recorded / "
	           "merged / dropped | ffmpeg CPU ms/frame | recorder thread ms/frame | file MiB "
	           "| idle CPU |\n");
	fprintf(f, "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++)
		print_row(f, &cells[i], idle_s);
}

bool bench_recording_run(
        const struct bench_ctx *ctx, bool quick, double idle_s, FILE *out, FILE *markdown)
{
	struct rec_cell cells[] = {
	        {.scenario = "small", .record = false},
	        {.scenario = "small", .record = true},
	        {.scenario = "full", .record = false},
	        {.scenario = "full", .record = true},
	};
	size_t n = sizeof cells / sizeof cells[0];
	int small = quick ? 500 : 2000, full = quick ? 125 : 500;
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		double t0 = bench_now_ms();
		run_cell(ctx, strcmp(cells[i].scenario, "small") == 0 ? small : full, idle_s,
		        &cells[i]);
		fprintf(stderr, "recording %-5s %-8s %s (%.1f s)\n", cells[i].scenario,
		        cells[i].record ? "--record" : "no",
		        cells[i].note[0] ? cells[i].note : "ok", (bench_now_ms() - t0) / 1000.0);
		ok &= !cells[i].note[0] && cells[i].r.status == BENCH_OK;
	}
	report(out, cells, n, small, full, idle_s);
	if (markdown)
		report(markdown, cells, n, small, full, idle_s);
	return ok;
}
