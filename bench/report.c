/* The report: Markdown tables (readable as plain text too) with shmcomp/peer ratios, a header
 * saying where and how they were measured, and notes for whatever failed. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"

#define CELL 64
#define PEER_BIT(p) (1u << (p))
#define ALL_PEERS (PEER_BIT(BENCH_NONE) | EFFECT_PEERS)
#define EFFECT_PEERS (PEER_BIT(BENCH_SHMCOMP) | PEER_BIT(BENCH_XCOMPMGR) | PEER_BIT(BENCH_PICOM))
#define BLUR_PEERS (PEER_BIT(BENCH_SHMCOMP) | PEER_BIT(BENCH_PICOM))

/* What one table row shows of a result. */
typedef double (*metric_fn)(const struct bench_result *r);

enum spread {
	NO_SPREAD,
	SPREAD_P50,
	SPREAD_CPU,
	SPREAD_COMP,
};

struct metric {
	const char *label;
	int decimals;
	metric_fn get;
	bool shmcomp_only;
	enum spread spread;
};

struct table {
	const char *name; /* bench_row.table */
	const char *title;
	const char *first; /* the first column's head */
	const struct metric *metrics;
	size_t nmetrics;
	unsigned peers;
};

struct notes {
	char text[32][240];
	int n;
};

static double m_p50(const struct bench_result *r)
{
	return r->p50;
}

static double m_p99(const struct bench_result *r)
{
	return r->p99;
}

static double m_cpu(const struct bench_result *r)
{
	return r->comp_cpu + r->server_cpu;
}

static double m_comp_cpu(const struct bench_result *r)
{
	return r->comp_cpu;
}

static double m_total_rss(const struct bench_result *r)
{
	return (r->comp_rss_kb + r->server_rss_kb) / 1024.0;
}

static double m_comp_pss(const struct bench_result *r)
{
	return r->comp_pss_kb / 1024.0;
}

static double m_server_pss(const struct bench_result *r)
{
	return r->server_pss_kb / 1024.0;
}

static double m_total_pss(const struct bench_result *r)
{
	return (r->comp_pss_kb + r->server_pss_kb) / 1024.0;
}

static double m_shm_mib(const struct bench_result *r)
{
	return r->shm_bytes_live / (1024.0 * 1024.0);
}

static double m_shm_segs(const struct bench_result *r)
{
	return r->shm_segments_live;
}

static double m_segs_per_frame(const struct bench_result *r)
{
	return r->segments_per_frame;
}

static double m_frames(const struct bench_result *r)
{
	return r->frames_per_update;
}

#define LATENCY_METRICS                                                                            \
	{"latency p50 ms", 3, m_p50, false, SPREAD_P50},                                           \
	        {"latency p99 ms", 3, m_p99, false, NO_SPREAD},                                    \
	        {"CPU ms/update, compositor + X", 3, m_cpu, false, SPREAD_CPU},                    \
	{                                                                                          \
		"CPU ms/update, compositor alone", 3, m_comp_cpu, false, SPREAD_COMP               \
	}

static const struct metric latency_metrics[] = {LATENCY_METRICS};

static const struct metric memory_metrics[] = {
        LATENCY_METRICS,
        {"compositor PSS MiB", 1, m_comp_pss, false, NO_SPREAD},
        {"Xvfb PSS MiB", 1, m_server_pss, false, NO_SPREAD},
        {"compositor + Xvfb PSS MiB", 1, m_total_pss, false, NO_SPREAD},
        {"compositor + Xvfb RSS MiB (SHM counted twice)", 1, m_total_rss, false, NO_SPREAD},
        {"SHM MiB live (shm_bytes_live)", 1, m_shm_mib, true, NO_SPREAD},
        {"SHM segments live", 0, m_shm_segs, true, NO_SPREAD},
        {"SHM segments created per frame, steady", 3, m_segs_per_frame, true, NO_SPREAD},
};

static const struct metric fade_metrics[] = {
        {"p50 ms: a whole fade (nominal 200) / one step", 3, m_p50, false, SPREAD_P50},
        {"p99 ms", 3, m_p99, false, NO_SPREAD},
        {"CPU ms per fade frame, compositor + X", 3, m_cpu, false, SPREAD_CPU},
        {"CPU ms per fade frame, compositor alone", 3, m_comp_cpu, false, SPREAD_COMP},
        {"frames drawn per fade frame (shmcomp-ctl stats)", 2, m_frames, true, NO_SPREAD},
};

static const struct table tables[] = {
        {"latency", "Damage-to-screen latency and CPU per update, plain", "scenario",
                latency_metrics, sizeof latency_metrics / sizeof latency_metrics[0], ALL_PEERS},
        {"scale", "Scaling: mapped windows, one damaged, plain", "scenario", latency_metrics,
                sizeof latency_metrics / sizeof latency_metrics[0], ALL_PEERS},
        {"memory",
                "Overlapping windows and memory, plain (memory after the latency and CPU passes)",
                "windows", memory_metrics, sizeof memory_metrics / sizeof memory_metrics[0],
                ALL_PEERS},
        {"effects", "Effects: shadows, corners + shadows, inactive opacity", "scenario/effect",
                latency_metrics, sizeof latency_metrics / sizeof latency_metrics[0], EFFECT_PEERS},
        {"fade", "Fades: the cost of one fade frame", "fade", fade_metrics,
                sizeof fade_metrics / sizeof fade_metrics[0], EFFECT_PEERS},
        {"blur", "Blur behind a translucent 400x300 window", "scene/blur", latency_metrics,
                sizeof latency_metrics / sizeof latency_metrics[0], BLUR_PEERS},
};

static void note_cell(
        struct notes *nt, const char *what, const char *peer, const char *text, char *cell)
{
	for (int i = 0; i < nt->n; i++) {
		if (strstr(nt->text[i], text)) {
			snprintf(cell, CELL, "failed [%d]", i + 1);
			return;
		}
	}
	if (nt->n < 32) {
		snprintf(nt->text[nt->n], sizeof nt->text[0], "%s, %s: %s", what, peer, text);
		nt->n++;
	}
	snprintf(cell, CELL, "failed [%d]", nt->n);
}

static bool usable(const struct bench_result *r, const struct metric *m, enum bench_peer p)
{
	return r->status == BENCH_OK && (!m->shmcomp_only || (p == BENCH_SHMCOMP && r->have_stats));
}

static bool spread_of(const struct bench_result *r, enum spread s, double *lo, double *hi)
{
	switch (s) {
	case SPREAD_P50:
		*lo = r->p50_lo, *hi = r->p50_hi;
		break;
	case SPREAD_CPU:
		*lo = r->cpu_lo, *hi = r->cpu_hi;
		break;
	case SPREAD_COMP:
		*lo = r->comp_lo, *hi = r->comp_hi;
		break;
	default:
		return false;
	}
	return r->rounds_ok > 1;
}

static void number_cell(const struct bench_result *r, const struct metric *m, char *cell)
{
	double lo, hi;
	size_t n;

	if (spread_of(r, m->spread, &lo, &hi))
		snprintf(cell, CELL, "%.*f (%.*f–%.*f)", m->decimals, m->get(r), m->decimals, lo,
		        m->decimals, hi);
	else
		snprintf(cell, CELL, "%.*f", m->decimals, m->get(r));
	n = strlen(cell);
	if (r->timeouts)
		snprintf(cell + n, CELL - n, " †");
	n = strlen(cell);
	if (r->seen == 0)
		snprintf(cell + n, CELL - n, " ‡");
}

static void value_cell(const struct bench_report *rep, const struct bench_result *r,
        const struct metric *m, enum bench_peer p, char *cell, struct notes *nt, const char *what)
{
	if (!rep->ctx->enabled[p])
		snprintf(cell, CELL, "–");
	else if (!bench_peer_installed(rep->ctx, p))
		snprintf(cell, CELL, "not installed");
	else if (r->status == BENCH_LACKS)
		snprintf(cell, CELL, "(%s)", r->note);
	else if (r->status == BENCH_FAILED)
		note_cell(nt, what, bench_peer_name(p), r->note, cell);
	else if (!usable(r, m, p))
		snprintf(cell, CELL, "–");
	else
		number_cell(r, m, cell);
}

static void ratio_cell(
        const struct bench_result *row, const struct metric *m, enum bench_peer p, char *cell)
{
	const struct bench_result *a = &row[BENCH_SHMCOMP], *b = &row[p];
	double den = b->status == BENCH_OK ? m->get(b) : 0;

	if (usable(a, m, BENCH_SHMCOMP) && b->status == BENCH_OK && !m->shmcomp_only && den > 0)
		snprintf(cell, CELL, "%.2f", m->get(a) / den);
	else
		snprintf(cell, CELL, "–");
}

static bool ratio_peer(const struct table *t, enum bench_peer p)
{
	return (p == BENCH_XCOMPMGR || p == BENCH_PICOM) && (t->peers & PEER_BIT(p));
}

static void table_head(FILE *f, const struct table *t)
{
	int columns = 0;

	fprintf(f, "| %s | updates | metric |", t->first);
	for (int p = 0; p < BENCH_PEERS; p++)
		if (t->peers & PEER_BIT(p)) {
			fprintf(f, " %s |", bench_peer_name(p));
			columns++;
		}
	for (int p = 0; p < BENCH_PEERS; p++)
		if (ratio_peer(t, p)) {
			fprintf(f, " shmcomp/%s |", bench_peer_name(p));
			columns++;
		}
	fprintf(f, "\n|---|--:|---|");
	for (int i = 0; i < columns; i++)
		fprintf(f, "--:|");
	fputc('\n', f);
}

/* The most any peer measured: a slow cell stops early (--pass-seconds; the detail says). */
static int row_updates(const struct bench_result *row)
{
	int n = 0;

	for (int p = 0; p < BENCH_PEERS; p++)
		if (row[p].status == BENCH_OK && row[p].updates > n)
			n = row[p].updates;
	return n;
}

static void metric_row(FILE *f, const struct bench_report *rep, const struct table *t, size_t i,
        const struct metric *m, bool first, struct notes *nt)
{
	const struct bench_result *row = rep->results[i];
	const char *name = rep->rows->v[i].name;
	char cell[CELL];

	if (first)
		fprintf(f, "| %s | %d |", name, row_updates(row));
	else
		fprintf(f, "| | |");
	fprintf(f, " %s |", m->label);
	for (int p = 0; p < BENCH_PEERS; p++) {
		if (!(t->peers & PEER_BIT(p)))
			continue;
		value_cell(rep, &row[p], m, p, cell, nt, name);
		fprintf(f, " %s |", cell);
	}
	for (int p = 0; p < BENCH_PEERS; p++) {
		if (!ratio_peer(t, p))
			continue;
		ratio_cell(row, m, p, cell);
		fprintf(f, " %s |", cell);
	}
	fputc('\n', f);
}

static bool in_table(const struct bench_report *rep, size_t i, const struct table *t)
{
	return rep->ran[i] && strcmp(rep->rows->v[i].table, t->name) == 0;
}

/* The rows of one table, each with all the metrics. */
static void write_table(
        FILE *f, const struct bench_report *rep, const struct table *t, struct notes *nt)
{
	bool any = false;

	for (size_t i = 0; i < rep->rows->n; i++)
		any |= in_table(rep, i, t);
	if (!any)
		return;
	fprintf(f, "### %s\n\n", t->title);
	table_head(f, t);
	for (size_t i = 0; i < rep->rows->n; i++) {
		if (!in_table(rep, i, t))
			continue;
		for (size_t m = 0; m < t->nmetrics; m++)
			metric_row(f, rep, t, i, &t->metrics[m], m == 0, nt);
	}
	fputc('\n', f);
}

static void cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];

	snprintf(out, len, "unknown CPU");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) == 0 && colon) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(out, len, "%s", colon + 2);
			break;
		}
	}
	fclose(f);
}

/* The effects that ran, with every peer's command line for them. */
static void effects_list(FILE *f, const struct bench_report *rep)
{
	const struct bench_effect *done[64];
	size_t ndone = 0;
	char cmd[256];

	fprintf(f, "- Effects, and what each compositor runs with (FILE: one text for shmcomp "
	           "and picom, below):\n");
	for (size_t i = 0; i < rep->rows->n && ndone < 64; i++) {
		const struct bench_effect *fx = rep->rows->v[i].fx;
		bool seen = false;
		for (size_t k = 0; k < ndone; k++)
			seen |= done[k] == fx;
		if (seen || !rep->ran[i])
			continue;
		done[ndone++] = fx;
		fprintf(f, "  - **%s**: %s.", fx->name, fx->what);
		for (int p = 0; p < BENCH_PEERS; p++) {
			if (!rep->ctx->enabled[p] || !bench_effect_supported(fx, p, NULL))
				continue;
			bench_effect_command(fx, p, cmd, sizeof cmd);
			fprintf(f, " `%s`;", cmd);
		}
		if (fx->conf[0]) {
			fprintf(f, " FILE: `");
			for (const char *c = fx->conf; *c; c++)
				if (*c != '\n')
					fputc(*c, f);
				else if (c[1])
					fputc(' ', f);
			fputc('`', f);
		}
		fputc('\n', f);
	}
}

static void header(FILE *f, const struct bench_report *rep)
{
	struct utsname u;
	char cpu[128], date[64];
	time_t now = time(NULL);

	uname(&u);
	cpu_model(cpu, sizeof cpu);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", localtime(&now));
	fprintf(f, "- Machine: `%s %s %s`, %s, nproc %ld; load average %s\n", u.sysname, u.release,
	        u.machine, cpu, sysconf(_SC_NPROCESSORS_ONLN), rep->load ? rep->load : "?");
	fprintf(f, "- Date: %s; revision `%s`\n", date, rep->revision ? rep->revision : "unknown");
	fprintf(f,
	        "- Command: `%s`%s; %d round%s, each cell the median of the rounds, (min–max) "
	        "over the rounds; wall time %.0f s\n",
	        rep->command ? rep->command : "?",
	        rep->quick ? " (quick: a quarter of the updates)" : "", rep->rounds,
	        rep->rounds == 1 ? "" : "s", rep->wall_s);
	fprintf(f,
	        "- Each cell: a fresh `Xvfb :N -screen 0 1280x800x24` and a fresh compositor.\n");
	effects_list(f, rep);
	fprintf(f, "- Latency: from the flush of the drawing until a 1x1 GetImage of the root "
	           "shows the new colour (busy polling). CPU: compositor + Xvfb user+system time "
	           "over a second pass of as many updates that sleeps between polls.\n");
	fprintf(f, "- Ratios are shmcomp/peer: below 1 means shmcomp is faster or smaller. "
	           "† = some updates timed out (see the detail table). ‡ = the effect was not "
	           "seen on screen (a look at a few pixels before the cell): the compositor "
	           "measured without it.\n");
	fprintf(f, "- Scenarios:");
	for (size_t s = 0, n = 0; s < bench_scenario_count; s++)
		fprintf(f, "%s %s = %s", n++ ? ";" : "", bench_scenarios[s].name,
		        bench_scenarios[s].what);
	fprintf(f, ".\n\n");
}

static const char *seen_text(int seen)
{
	return seen > 0 ? "yes" : seen == 0 ? "**no**" : "–";
}

static void detail_row(FILE *f, const struct bench_report *rep, size_t i, enum bench_peer p)
{
	const struct bench_result *r = &rep->results[i][p];

	if (!rep->ctx->enabled[p] || r->status == BENCH_NOT_RUN || r->status == BENCH_LACKS)
		return;
	fprintf(f, "| %s | %s |", rep->rows->v[i].name, bench_peer_name(p));
	if (r->status != BENCH_OK) {
		fprintf(f, " | | | | | | | | | | | %s |\n", r->note);
		return;
	}
	fprintf(f, " %d×(%d+%d) | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.1f |", r->rounds_ok,
	        r->updates, r->warmup, r->p50, r->p99, r->max, r->timeouts, r->comp_cpu,
	        r->server_cpu, r->polls);
	if (r->have_stats)
		fprintf(f, " %.2f | %.3f |", r->frames_per_update, r->segments_per_frame);
	else
		fprintf(f, " – | – |");
	fprintf(f, " %s | %s |\n", seen_text(r->seen), r->note);
}

static void detail_table(FILE *f, const struct bench_report *rep)
{
	fprintf(f,
	        "| row | compositor | rounds×(updates+warm-up) | p50 ms | p99 ms | max ms "
	        "(all rounds) | timeouts (all rounds) |"
	        " comp CPU ms/upd | X CPU ms/upd | polls/upd | frames/upd | SHM segs created/frame"
	        " | effect seen | note "
	        "|\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
	for (size_t i = 0; i < rep->rows->n; i++)
		for (int p = 0; p < BENCH_PEERS; p++)
			if (rep->ran[i])
				detail_row(f, rep, i, p);
	fputc('\n', f);
}

static void pacing_row(FILE *f, const struct bench_pacing *r)
{
	char rate[32];

	if (r->client_hz > 0)
		snprintf(rate, sizeof rate, "%.0f Hz", r->client_hz);
	else
		snprintf(rate, sizeof rate, "every 1 ms");
	fprintf(f, "| %s | %s |", r->label, rate);
	if (r->status != BENCH_OK) {
		fprintf(f, " failed: %s | | | | | | | | |\n", r->note);
		return;
	}
	fprintf(f, " %.1f | %d | %llu | %.1f | %llu / %llu = %.3f | %u | %llu |", r->seconds,
	        r->updates, (unsigned long long)r->frames, (double)r->frames / r->seconds,
	        (unsigned long long)r->presents, (unsigned long long)r->vblanks,
	        r->vblanks ? (double)r->presents / (double)r->vblanks : 0.0, r->max_per_msc,
	        (unsigned long long)r->skips);
	if (r->client_hz > 0)
		fprintf(f, " %d | %.2f | %.2f |\n", r->dropped, r->p50, r->p99);
	else
		fprintf(f, " (superseded: %d) | – | – |\n", r->dropped);
}

static void pacing_table(FILE *f, const struct bench_report *rep)
{
	if (rep->npacing == 0)
		return;
	fprintf(f, "### Pacing: shmcomp against the 60 Hz fake CRTC of Xvfb\n\n"
	           "| shmcomp | client draws | s | updates | frames (ctl) | frames/s |"
	           " presents / vblanks (CompleteNotify MSC span) | max presents in one MSC |"
	           " skipped | updates never shown | p50 ms | p99 ms |\n"
	           "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (size_t i = 0; i < rep->npacing; i++)
		pacing_row(f, &rep->pacing[i]);
	fputc('\n', f);
	for (size_t i = 0; i < rep->npacing; i++)
		if (rep->pacing[i].status == BENCH_OK && rep->pacing[i].note[0])
			fprintf(f, "Note (%s, %.0f Hz): %s\n\n", rep->pacing[i].label,
			        rep->pacing[i].client_hz, rep->pacing[i].note);
}

static void notes_list(FILE *f, const struct notes *nt)
{
	if (nt->n == 0)
		return;
	fprintf(f, "Failures:\n\n");
	for (int i = 0; i < nt->n; i++)
		fprintf(f, "%d. %s\n", i + 1, nt->text[i]);
	fputc('\n', f);
}

void bench_report_write(FILE *f, const struct bench_report *rep)
{
	struct notes nt = {.n = 0};

	header(f, rep);
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
		write_table(f, rep, &tables[t], &nt);
	pacing_table(f, rep);
	fprintf(f, "### Detail\n\n");
	detail_table(f, rep);
	notes_list(f, &nt);
}
