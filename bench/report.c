/* The report: Markdown tables (readable as plain text too) with shmcomp/peer ratios, a header
 * saying where and how they were measured, and notes for whatever failed. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"

#define CELL 48

/* What one table row shows of a result. */
typedef double (*metric_fn)(const struct bench_result *r);

struct metric {
	const char *label;
	int decimals;
	metric_fn get;
	bool shmcomp_only;
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

static double m_comp_rss(const struct bench_result *r)
{
	return r->comp_rss_kb / 1024.0;
}

static double m_server_rss(const struct bench_result *r)
{
	return r->server_rss_kb / 1024.0;
}

static double m_total_rss(const struct bench_result *r)
{
	return (r->comp_rss_kb + r->server_rss_kb) / 1024.0;
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

static const struct metric latency_metrics[] = {
	{"latency p50 ms", 3, m_p50, false},
	{"latency p99 ms", 3, m_p99, false},
	{"CPU ms/update, compositor + X", 3, m_cpu, false},
	{"CPU ms/update, compositor alone", 3, m_comp_cpu, false},
};

static const struct metric memory_metrics[] = {
	{"compositor RSS MiB", 1, m_comp_rss, false},
	{"Xvfb RSS MiB", 1, m_server_rss, false},
	{"compositor + Xvfb RSS MiB", 1, m_total_rss, false},
	{"SHM MiB live (shm_bytes_live)", 1, m_shm_mib, true},
	{"SHM segments live", 0, m_shm_segs, true},
	{"SHM segments created per frame, steady", 3, m_segs_per_frame, true},
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

static void value_cell(const struct bench_report *rep, const struct bench_result *r,
	const struct metric *m, enum bench_peer p, char *cell, struct notes *nt, const char *what)
{
	if (!rep->ctx->enabled[p])
		snprintf(cell, CELL, "–");
	else if (!bench_peer_installed(rep->ctx, p))
		snprintf(cell, CELL, "not installed");
	else if (r->status == BENCH_FAILED)
		note_cell(nt, what, bench_peer_name(p), r->note, cell);
	else if (!usable(r, m, p))
		snprintf(cell, CELL, "–");
	else {
		snprintf(cell, CELL, "%.*f", m->decimals, m->get(r));
		if (r->timeouts)
			strncat(cell, " †", CELL - strlen(cell) - 1);
	}
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

static void table_head(FILE *f, const char *first, bool with_updates)
{
	fprintf(f, "| %s |%s metric |", first, with_updates ? " updates |" : "");
	for (int p = 0; p < BENCH_PEERS; p++)
		fprintf(f, " %s |", bench_peer_name(p));
	fprintf(f, " shmcomp/xcompmgr | shmcomp/picom |\n|---|%s---|", with_updates ? "--:|" : "");
	for (int p = 0; p < BENCH_PEERS + 2; p++)
		fprintf(f, "--:|");
	fputc('\n', f);
}

static int row_updates(const struct bench_result *row)
{
	for (int p = 0; p < BENCH_PEERS; p++)
		if (row[p].updates)
			return row[p].updates;
	return 0;
}

static void metric_row(FILE *f, const struct bench_report *rep, size_t s, const struct metric *m,
	bool first, bool with_updates, struct notes *nt)
{
	const struct bench_result *row = rep->results[s];
	const char *name = bench_scenarios[s].name;
	char cell[CELL];

	fprintf(f, "| %s |", first ? name : "");
	if (with_updates && first)
		fprintf(f, " %d |", row_updates(row));
	else if (with_updates)
		fprintf(f, " |");
	fprintf(f, " %s |", m->label);
	for (int p = 0; p < BENCH_PEERS; p++) {
		value_cell(rep, &row[p], m, p, cell, nt, name);
		fprintf(f, " %s |", cell);
	}
	for (int p = BENCH_XCOMPMGR; p <= BENCH_PICOM; p++) {
		ratio_cell(row, m, p, cell);
		fprintf(f, " %s |", cell);
	}
	fputc('\n', f);
}

static bool in_table(const struct bench_report *rep, size_t s, const char *group)
{
	return rep->ran[s] && strcmp(bench_scenarios[s].group, group) == 0;
}

/* The scenarios of one group, each with all the metrics. */
static void scenario_table(FILE *f, const struct bench_report *rep, const char *title,
	const char *group, const struct metric *metrics, size_t nmetrics, bool with_updates,
	struct notes *nt)
{
	bool any = false;

	for (size_t s = 0; s < bench_scenario_count; s++)
		any |= in_table(rep, s, group);
	if (!any)
		return;
	fprintf(f, "### %s\n\n", title);
	table_head(f, with_updates ? "scenario" : "windows", with_updates);
	for (size_t s = 0; s < bench_scenario_count; s++) {
		if (!in_table(rep, s, group))
			continue;
		for (size_t m = 0; m < nmetrics; m++)
			metric_row(f, rep, s, &metrics[m], m == 0, with_updates, nt);
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

static void header(FILE *f, const struct bench_report *rep)
{
	struct utsname u;
	char cpu[128], date[64];
	time_t now = time(NULL);

	uname(&u);
	cpu_model(cpu, sizeof cpu);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M %Z", localtime(&now));
	fprintf(f, "- Machine: `%s %s %s`, %s, nproc %ld\n", u.sysname, u.release, u.machine, cpu,
		sysconf(_SC_NPROCESSORS_ONLN));
	fprintf(f, "- Date: %s; revision `%s`\n", date, rep->revision ? rep->revision : "unknown");
	fprintf(f,
		"- Command: `%s`%s; %d round%s, each cell the median of the rounds; wall time %.0f "
		"s\n",
		rep->command ? rep->command : "?",
		rep->quick ? " (quick: a quarter of the updates)" : "", rep->rounds,
		rep->rounds == 1 ? "" : "s", rep->wall_s);
	fprintf(f, "- Each cell: a fresh `Xvfb :N -screen 0 1280x800x24` and a fresh compositor:");
	for (int p = 0; p < BENCH_PEERS; p++)
		fprintf(f, "%s `%s`", p ? "," : "", bench_peer_command(p));
	fprintf(f, "\n- Latency: from the flush of the drawing until a 1x1 GetImage of the root "
		   "shows the new colour (busy polling). CPU: compositor + Xvfb user+system time "
		   "over a second pass of as many updates that sleeps between polls.\n");
	fprintf(f, "- Ratios are shmcomp/peer: below 1 means shmcomp is faster or smaller. "
		   "† = some updates timed out (see the detail table).\n");
	fprintf(f, "- Scenarios:");
	for (size_t s = 0, n = 0; s < bench_scenario_count; s++)
		if (rep->ran[s])
			fprintf(f, "%s %s = %s", n++ ? ";" : "", bench_scenarios[s].name,
				bench_scenarios[s].what);
	fprintf(f, ".\n\n");
}

static void detail_row(FILE *f, const struct bench_report *rep, size_t s, enum bench_peer p)
{
	const struct bench_result *r = &rep->results[s][p];

	if (!rep->ctx->enabled[p] || r->status == BENCH_NOT_RUN)
		return;
	fprintf(f, "| %s | %s |", bench_scenarios[s].name, bench_peer_name(p));
	if (r->status != BENCH_OK) {
		fprintf(f, " | | | | | | | | | | %s |\n", r->note);
		return;
	}
	fprintf(f, " %d×(%d+%d) | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.1f |", r->rounds_ok,
		r->updates, r->warmup, r->p50, r->p99, r->max, r->timeouts, r->comp_cpu,
		r->server_cpu, r->polls);
	if (r->have_stats)
		fprintf(f, " %.2f | %.3f |", r->frames_per_update, r->segments_per_frame);
	else
		fprintf(f, " – | – |");
	fprintf(f, " %s |\n", r->note);
}

static void detail_table(FILE *f, const struct bench_report *rep)
{
	fprintf(f,
		"| scenario | compositor | rounds×(updates+warm-up) | p50 ms | p99 ms | max ms "
		"(all rounds) | timeouts (all rounds) |"
		" comp CPU ms/upd | X CPU ms/upd | polls/upd | frames/upd | SHM segs created/frame"
		" | note |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (size_t s = 0; s < bench_scenario_count; s++)
		for (int p = 0; p < BENCH_PEERS; p++)
			if (rep->ran[s])
				detail_row(f, rep, s, p);
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
	const size_t nlat = sizeof latency_metrics / sizeof latency_metrics[0];
	const size_t nmem = sizeof memory_metrics / sizeof memory_metrics[0];

	header(f, rep);
	scenario_table(f, rep, "Damage-to-screen latency and CPU per update", "latency",
		latency_metrics, nlat, true, &nt);
	scenario_table(f, rep, "Scaling: mapped windows, one damaged", "scale", latency_metrics,
		nlat, true, &nt);
	scenario_table(f, rep, "Memory, after the latency and CPU passes", "memory", memory_metrics,
		nmem, false, &nt);
	pacing_table(f, rep);
	fprintf(f, "### Detail\n\n");
	detail_table(f, rep);
	notes_list(f, &nt);
}
