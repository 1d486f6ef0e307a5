/* shmcomp-bench: runs every scenario against every compositing manager (each cell on a fresh
 * Xvfb), then shmcomp's pacing tests, and prints the report (Markdown) on stdout and, with
 * --markdown, into a file. Progress goes to stderr. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"

#ifndef BENCH_SHMCOMP_PATH
#define BENCH_SHMCOMP_PATH "build/compositor/shmcomp"
#endif
#ifndef BENCH_CTL_PATH
#define BENCH_CTL_PATH "build/ctl/shmcomp-ctl"
#endif

struct options {
	bool quick;
	int updates;
	int rounds;
	double max_ratio;
	double pacing_s;
	const char *only;
	const char *compositors;
	const char *markdown;
	const char *command;
	const char *revision;
};

struct pacing_case {
	const char *label;
	double hz;
	bool vsync;
};

static const struct pacing_case pacing_cases[] = {
        {"--vsync", 0, true},
        {"--vsync", 30, true},
        {"--vsync", 60, true},
        {"--no-vsync (contrast)", 0, false},
};

#define NPACING (sizeof pacing_cases / sizeof pacing_cases[0])

static const char usage_text[] =
        "usage: shmcomp-bench [--quick] [--updates N] [--rounds N] [--only LIST]\n"
        "                     [--compositors LIST] [--pass-seconds S] [--pacing-seconds S]\n"
        "                     [--max-ratio R]\n"
        "                     [--shmcomp PATH] [--ctl PATH] [--markdown FILE] [--command TEXT]\n"
        "                     [--revision TEXT] [--verbose]\n"
        "\n"
        "Damage-to-screen latency, CPU per update, scaling, memory and pacing of shmcomp against\n"
        "xcompmgr, picom (xrender) and no compositor, each on a fresh private Xvfb 1280x800x24,\n"
        "plain and with effects (shadows, corners, opacity, fades, blur).\n"
        "\n"
        "  --quick            one round of a quarter of the updates, 2 s pacing tests\n"
        "  --updates N        measured updates per pass in every scenario (plus warm-up)\n"
        "  --rounds N         rounds over all cells, median taken (default 5, quick 1, max 9)\n"
        "  --only LIST        rows, comma-separated, by table: latency (small, full, many, move),\n"
        "                     scale (scale10, scale100, scale1000), memory (mem10, mem100),\n"
        "                     effects (small/shadow ... move/opacity), fade (fade, fade-step),\n"
        "                     blur (blur-below/box3 ... blur-idle/dual_kawase5), pacing; or by\n"
        "                     effect: plain, shadow, corners, opacity, box3, gaussian12, ...;\n"
        "                     recording (shmcomp without and with --record: run only when named)\n"
        "  --compositors LIST none, shmcomp, xcompmgr, picom (default: all installed)\n"
        "  --max-ratio R      the regression check: exit 1 when shmcomp's p50 latency or CPU per\n"
        "                     update (compositor + X) is more than R times xcompmgr's in a plain\n"
        "                     row; exit 77 (skipped) when xcompmgr is not installed\n"
        "  --pass-seconds S   a latency pass of a slow cell stops after S seconds once it has 50\n"
        "                     updates; the CPU pass then has as many (default 5, quick 2)\n"
        "  --pacing-seconds S length of each pacing test (default 4)\n"
        "  --shmcomp PATH     the compositor (default: " BENCH_SHMCOMP_PATH ")\n"
        "  --ctl PATH         shmcomp-ctl (default: " BENCH_CTL_PATH ")\n"
        "  --markdown FILE    also write the report to FILE\n"
        "  --command TEXT     the command line to quote in the report\n"
        "  --revision TEXT    the source revision to quote in the report\n"
        "  --verbose          keep the compositors' logs\n";

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static bool known_names(const char *list, bool compositors, const struct bench_rows *rows)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		char name[32];
		bool ok = false;
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		for (int i = 0; compositors && i < BENCH_PEERS; i++)
			ok |= strcmp(name, bench_peer_name(i)) == 0;
		ok |= !compositors && bench_rows_known(rows, name);
		ok |= !compositors && strcmp(name, "pacing") == 0;
		ok |= !compositors && strcmp(name, "recording") == 0;
		if (!ok) {
			fprintf(stderr, "shmcomp-bench: unknown %s '%s'\n",
			        compositors ? "compositor" : "scenario", name);
			return false;
		}
		p += len + (p[len] == ',');
	}
	return true;
}

/* A whole positive number or a positive decimal; false for anything else. */
static bool parse_number(const char *text, const char *name, double *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || *end != '\0' || !(v > 0) || v > 1e7) {
		fprintf(stderr, "shmcomp-bench: %s wants a positive number, not '%s'\n", name,
		        text);
		return false;
	}
	*out = v;
	return true;
}

static bool take_option(
        int ch, struct options *o, struct bench_ctx *ctx, const struct bench_rows *rows)
{
	double v = 0;

	switch (ch) {
	case 'q':
		o->quick = true;
		return true;
	case 'n':
		if (!parse_number(optarg, "--updates", &v) || v != (int)v)
			return false;
		o->updates = (int)v;
		return true;
	case 'p':
		return parse_number(optarg, "--pacing-seconds", &o->pacing_s);
	case 'R':
		if (!parse_number(optarg, "--rounds", &v) || v != (int)v || v > BENCH_MAX_ROUNDS)
			return false;
		o->rounds = (int)v;
		return true;
	case 'o':
		o->only = optarg;
		return known_names(optarg, false, rows);
	case 'c':
		o->compositors = optarg;
		return known_names(optarg, true, rows);
	case 'x':
		return parse_number(optarg, "--max-ratio", &o->max_ratio);
	case 'P':
		if (!parse_number(optarg, "--pass-seconds", &v))
			return false;
		ctx->pass_ms = v * 1000.0;
		return true;
	case 's':
		ctx->shmcomp = optarg;
		return true;
	case 't':
		ctx->ctl = optarg;
		return true;
	case 'm':
		o->markdown = optarg;
		return true;
	case 'C':
		o->command = optarg;
		return true;
	case 'r':
		o->revision = optarg;
		return true;
	case 'v':
		ctx->verbose = true;
		return true;
	default:
		return false;
	}
}

static int parse_options(int argc, char **argv, struct options *o, struct bench_ctx *ctx,
        const struct bench_rows *rows)
{
	static const struct option longopts[] = {
	        {"quick", no_argument, NULL, 'q'},
	        {"updates", required_argument, NULL, 'n'},
	        {"only", required_argument, NULL, 'o'},
	        {"compositors", required_argument, NULL, 'c'},
	        {"pacing-seconds", required_argument, NULL, 'p'},
	        {"rounds", required_argument, NULL, 'R'},
	        {"max-ratio", required_argument, NULL, 'x'},
	        {"pass-seconds", required_argument, NULL, 'P'},
	        {"shmcomp", required_argument, NULL, 's'},
	        {"ctl", required_argument, NULL, 't'},
	        {"markdown", required_argument, NULL, 'm'},
	        {"command", required_argument, NULL, 'C'},
	        {"revision", required_argument, NULL, 'r'},
	        {"verbose", no_argument, NULL, 'v'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (!take_option(ch, o, ctx, rows)) {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "shmcomp-bench: unexpected argument '%s'\n\n%s", argv[optind],
		        usage_text);
		return 2;
	}
	if (o->pacing_s == 0)
		o->pacing_s = o->quick ? 2.0 : 4.0;
	if (o->rounds == 0)
		o->rounds = o->quick ? 1 : 5;
	if (ctx->pass_ms == 0)
		ctx->pass_ms = o->quick ? 2000.0 : 5000.0;
	return 0;
}

static int updates_for(const struct options *o, const struct bench_scenario *sc)
{
	int floor = sc->kind == BENCH_FADES ? 4 : 50;

	if (o->updates > 0)
		return o->updates;
	if (o->quick)
		return sc->updates / 4 < floor ? floor : sc->updates / 4;
	return sc->updates;
}

static void print_cell(
        const struct bench_row *row, enum bench_peer p, const struct bench_result *r, double t0)
{
	const char *peer = bench_peer_name(p);

	if (r->status != BENCH_OK) {
		fprintf(stderr, "%-24s %-8s FAILED: %s\n", row->name, peer, r->note);
		return;
	}
	fprintf(stderr,
	        "%-24s %-8s p50 %7.3f  p99 %7.3f ms  cpu %.3f + X %.3f ms/upd  timeouts %d%s  "
	        "(%.1f s)\n",
	        row->name, peer, r->p50, r->p99, r->comp_cpu, r->server_cpu, r->timeouts,
	        r->seen == 0 ? "  EFFECT NOT SEEN" : "", (bench_now_ms() - t0) / 1000.0);
	if (r->have_stats)
		fprintf(stderr,
		        "%-24s %-8s pixels/upd: rendered %.0f, copied %.0f, direct %.0f, served "
		        "%.0f, shadow %.0f\n",
		        "", "", r->render_px, r->copied_px, r->direct_px, r->served_px,
		        r->shadow_px);
}

static void run_cell(const struct bench_ctx *ctx, const struct bench_row *row, enum bench_peer p,
        int updates, struct bench_result *r)
{
	struct bench_session s;
	char why[200] = "";
	double t0 = bench_now_ms();
	int seen;

	if (!bench_session_start(&s, ctx, p, row->fx, false, r->note, sizeof r->note)) {
		r->status = BENCH_FAILED;
		fprintf(stderr, "%-24s %-8s failed to start: %s\n", row->name, bench_peer_name(p),
		        r->note);
		return;
	}
	seen = bench_check_effect(&s, row->fx, why, sizeof why);
	if (row->sc->kind == BENCH_FADES)
		bench_fade_measure(ctx, &s, row->sc, updates, r);
	else
		bench_measure(ctx, &s, row->sc, updates, r);
	bench_session_stop(&s);
	r->seen = seen;
	if (why[0] && r->status == BENCH_OK && !r->note[0])
		snprintf(r->note, sizeof r->note, "%s", why);
	print_cell(row, p, r, t0);
}

static void run_pacing(const struct bench_ctx *ctx, const struct pacing_case *pc, double seconds,
        struct bench_pacing *r)
{
	struct bench_session s;

	*r = (struct bench_pacing){.label = pc->label, .client_hz = pc->hz};
	if (!bench_session_start(&s, ctx, BENCH_SHMCOMP, &bench_effect_plain, pc->vsync, r->note,
	            sizeof r->note)) {
		r->status = BENCH_FAILED;
		fprintf(stderr, "pacing   shmcomp %s failed to start: %s\n", pc->label, r->note);
		return;
	}
	bench_pacing_run(ctx, &s, pc->hz, seconds, r);
	bench_session_stop(&s);
	fprintf(stderr,
	        "pacing   shmcomp %-8s %3.0f Hz: %llu presents over %llu vblanks, max %u"
	        " per MSC, %d of %d updates never shown, p99 %.2f ms%s%s\n",
	        pc->label, pc->hz, (unsigned long long)r->presents, (unsigned long long)r->vblanks,
	        r->max_per_msc, r->dropped, r->updates, r->p99, r->note[0] ? "; " : "", r->note);
}

static void remove_tmpdir(const char *dir)
{
	DIR *d = opendir(dir);
	char path[512];

	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static bool enable_peers(struct bench_ctx *ctx, const struct options *o)
{
	bool any = false;

	for (int p = 0; p < BENCH_PEERS; p++) {
		ctx->enabled[p] = !o->compositors || in_list(o->compositors, bench_peer_name(p));
		if (ctx->enabled[p] && !bench_peer_installed(ctx, p))
			fprintf(stderr, "shmcomp-bench: %s is not installed: its column says so\n",
			        p == BENCH_SHMCOMP ? ctx->shmcomp : bench_peer_name(p));
		any |= ctx->enabled[p];
	}
	return any;
}

static void load_average(char *out, size_t len)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double a = 0, b = 0, c = 0;

	if (!f || fscanf(f, "%lf %lf %lf", &a, &b, &c) != 3)
		snprintf(out, len, "?");
	else
		snprintf(out, len, "%.2f %.2f %.2f", a, b, c);
	if (f)
		fclose(f);
}

static bool runnable(const struct bench_ctx *ctx, enum bench_peer p)
{
	return ctx->enabled[p] && bench_peer_installed(ctx, p);
}

/* The cells a peer cannot run (it lacks the effect) say why instead. */
static bool lacks(const struct bench_row *row, enum bench_peer p, struct bench_result *r)
{
	const char *why;

	if (bench_effect_supported(row->fx, p, &why))
		return false;
	*r = (struct bench_result){.status = BENCH_LACKS};
	snprintf(r->note, sizeof r->note, "%s", why);
	return true;
}

/* The rounds of every cell, then the median of each. */
static bool merge_rounds(const struct options *o, size_t cells, const struct bench_result *all,
        struct bench_result (*results)[BENCH_PEERS])
{
	bool ok = true;

	for (size_t c = 0; c < cells; c++) {
		const struct bench_result *rounds[BENCH_MAX_ROUNDS];
		struct bench_result *r = &results[c / BENCH_PEERS][c % BENCH_PEERS];

		if (r->status == BENCH_LACKS)
			continue;
		for (int round = 0; round < o->rounds; round++)
			rounds[round] = &all[cells * (size_t)round + c];
		bench_result_merge(rounds, o->rounds, r);
		ok &= r->status != BENCH_FAILED;
	}
	return ok;
}

/* Round after round over every cell (so that a noisy minute spreads over all compositors),
 * then the median of the rounds. */
static bool run_rows(const struct bench_ctx *ctx, const struct options *o,
        const struct bench_rows *rows, struct bench_result (*results)[BENCH_PEERS], bool *ran,
        char *load, size_t len)
{
	size_t cells = rows->n * BENCH_PEERS;
	struct bench_result *all = calloc(cells * (size_t)o->rounds, sizeof *all);
	bool ok;

	if (!all)
		return false;
	for (int round = 0; round < o->rounds; round++) {
		char now[64];
		size_t n = strlen(load);
		load_average(now, sizeof now);
		snprintf(load + n, len - n, "%s%.*s", round ? ", " : "", (int)strcspn(now, " "),
		        now);
		if (o->rounds > 1)
			fprintf(stderr, "round %d of %d\n", round + 1, o->rounds);
		for (size_t i = 0; i < rows->n; i++) {
			const struct bench_row *row = &rows->v[i];
			ran[i] = bench_row_selected(row, o->only);
			for (int p = 0; ran[i] && p < BENCH_PEERS; p++)
				if (runnable(ctx, p) && !lacks(row, p, &results[i][p]))
					run_cell(ctx, row, p, updates_for(o, row->sc),
					        &all[cells * (size_t)round + i * BENCH_PEERS +
					                (size_t)p]);
		}
	}
	ok = merge_rounds(o, cells, all, results);
	free(all);
	return ok;
}

static bool run_all(const struct bench_ctx *ctx, const struct options *o,
        const struct bench_rows *rows, struct bench_result (*results)[BENCH_PEERS], bool *ran,
        struct bench_pacing *pacing, char *load, size_t len)
{
	bool ok = run_rows(ctx, o, rows, results, ran, load, len);

	for (size_t i = 0; pacing && i < NPACING; i++) {
		run_pacing(ctx, &pacing_cases[i], o->pacing_s, &pacing[i]);
		ok &= pacing[i].status == BENCH_OK;
	}
	return ok;
}

static bool pacing_wanted(const struct bench_ctx *ctx, const struct options *o)
{
	return (!o->only || in_list(o->only, "pacing")) && ctx->enabled[BENCH_SHMCOMP] &&
	       bench_peer_installed(ctx, BENCH_SHMCOMP);
}

static bool write_markdown(const char *path, const struct bench_report *rep)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return false;
	}
	bench_report_write(f, rep);
	return fclose(f) == 0;
}

/* Only when named: it is not part of the comparison, and the matrix is long enough. */
static bool recording_wanted(const struct bench_ctx *ctx, const struct options *o)
{
	return o->only && in_list(o->only, "recording") && ctx->enabled[BENCH_SHMCOMP] &&
	       bench_peer_installed(ctx, BENCH_SHMCOMP);
}

/* After the report: its table on stdout and at the end of the --markdown file. */
static bool run_recording(const struct bench_ctx *ctx, const struct options *o)
{
	FILE *md = o->markdown ? fopen(o->markdown, "a") : NULL;
	bool ok = bench_recording_run(ctx, o->quick, o->quick ? 2.0 : 5.0, stdout, md);

	if (o->markdown && (!md || fclose(md) != 0)) {
		perror(o->markdown);
		ok = false;
	}
	return ok;
}

static int run_and_report(
        struct bench_ctx *ctx, const struct options *o, const struct bench_rows *rows)
{
	struct bench_result(*results)[BENCH_PEERS] = calloc(rows->n, sizeof *results);
	bool *ran = calloc(rows->n, sizeof *ran);
	struct bench_pacing pacing[NPACING];
	char before[64], after[64], rounds[160] = "", load[320];
	struct bench_report rep = {.ctx = ctx,
	        .command = o->command,
	        .revision = o->revision,
	        .quick = o->quick,
	        .rounds = o->rounds,
	        .rows = rows,
	        .results = results,
	        .ran = ran,
	        .pacing = pacing,
	        .npacing = pacing_wanted(ctx, o) ? NPACING : 0,
	        .load = load};
	double t0 = bench_now_ms();
	bool ok;
	int rc;

	if (!results || !ran) {
		free(results);
		free(ran);
		return 1;
	}
	load_average(before, sizeof before);
	ok = run_all(
	        ctx, o, rows, results, ran, rep.npacing ? pacing : NULL, rounds, sizeof rounds);
	load_average(after, sizeof after);
	snprintf(load, sizeof load,
	        "(1, 5, 15 min) %s before the run, %s after; 1 min at the start of each round: %s",
	        before, after, rounds);
	rep.wall_s = (bench_now_ms() - t0) / 1000.0;
	bench_report_write(stdout, &rep);
	if (o->markdown && !write_markdown(o->markdown, &rep))
		ok = false;
	if (recording_wanted(ctx, o))
		ok &= run_recording(ctx, o);
	rc = ok ? 0 : 1;
	if (o->max_ratio > 0 && !bench_ratio_check(stdout, &rep, o->max_ratio))
		rc = 1;
	free(results);
	free(ran);
	return rc;
}

int main(int argc, char **argv)
{
	struct bench_ctx ctx = {.shmcomp = BENCH_SHMCOMP_PATH, .ctl = BENCH_CTL_PATH};
	struct options o = {.quick = false};
	struct bench_rows rows;
	char tmpdir[] = "/tmp/shmcomp-bench.XXXXXX";
	int rc;

	if (!bench_rows_create(&rows)) {
		fprintf(stderr, "shmcomp-bench: out of memory\n");
		return 1;
	}
	rc = parse_options(argc, argv, &o, &ctx, &rows);
	if (rc == 0 && !enable_peers(&ctx, &o)) {
		fprintf(stderr, "shmcomp-bench: no compositor selected\n");
		rc = 2;
	}
	if (rc == 0 && o.max_ratio > 0 &&
	        !(runnable(&ctx, BENCH_SHMCOMP) && runnable(&ctx, BENCH_XCOMPMGR))) {
		printf("skipped: the check needs shmcomp and xcompmgr, and %s is not there\n",
		        runnable(&ctx, BENCH_SHMCOMP) ? "xcompmgr" : "shmcomp");
		rc = 77;
	}
	if (rc == 0 && !mkdtemp(tmpdir)) {
		perror("shmcomp-bench: mkdtemp");
		rc = 1;
	}
	if (rc == 0) {
		ctx.tmpdir = tmpdir;
		rc = bench_effects_write(tmpdir) ? run_and_report(&ctx, &o, &rows) : 1;
		if (rc == 0 && !ctx.verbose)
			remove_tmpdir(tmpdir);
		else
			fprintf(stderr, "shmcomp-bench: compositor logs kept in %s\n", tmpdir);
	}
	bench_rows_destroy(&rows);
	return rc;
}
