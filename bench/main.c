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
	"                     [--compositors LIST] [--pacing-seconds S] [--shmcomp PATH] [--ctl "
	"PATH]\n"
	"                     [--markdown FILE] [--command TEXT] [--revision TEXT] [--verbose]\n"
	"\n"
	"Damage-to-screen latency, CPU per update, scaling, memory and pacing of shmcomp against\n"
	"xcompmgr -n, picom (xrender) and no compositor, each on a fresh private Xvfb "
	"1280x800x24.\n"
	"\n"
	"  --quick            one round of a quarter of the updates, 2 s pacing tests\n"
	"  --updates N        measured updates per pass in every scenario (plus warm-up)\n"
	"  --rounds N         rounds over all cells, median taken (default 3, quick 1, max 9)\n"
	"  --only LIST        scenarios or groups, comma-separated: latency (small, full, many,\n"
	"                     move), scale (scale10, scale100, scale1000), memory (mem10, "
	"mem100),\n"
	"                     pacing\n"
	"  --compositors LIST none, shmcomp, xcompmgr, picom (default: all installed)\n"
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

static bool known_names(const char *list, bool compositors)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		char name[32];
		bool ok = false;
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		for (int i = 0; compositors && i < BENCH_PEERS; i++)
			ok |= strcmp(name, bench_peer_name(i)) == 0;
		for (size_t i = 0; !compositors && i < bench_scenario_count; i++)
			ok |= strcmp(name, bench_scenarios[i].name) == 0 ||
			      strcmp(name, bench_scenarios[i].group) == 0;
		ok |= !compositors && strcmp(name, "pacing") == 0;
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

static bool take_option(int ch, struct options *o, struct bench_ctx *ctx)
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
		return known_names(optarg, false);
	case 'c':
		o->compositors = optarg;
		return known_names(optarg, true);
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

static int parse_options(int argc, char **argv, struct options *o, struct bench_ctx *ctx)
{
	static const struct option longopts[] = {
		{"quick", no_argument, NULL, 'q'},
		{"updates", required_argument, NULL, 'n'},
		{"only", required_argument, NULL, 'o'},
		{"compositors", required_argument, NULL, 'c'},
		{"pacing-seconds", required_argument, NULL, 'p'},
		{"rounds", required_argument, NULL, 'R'},
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
		if (!take_option(ch, o, ctx)) {
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
		o->rounds = o->quick ? 1 : 3;
	return 0;
}

static int updates_for(const struct options *o, const struct bench_scenario *sc)
{
	if (o->updates > 0)
		return o->updates;
	if (o->quick)
		return sc->updates / 4 < 50 ? 50 : sc->updates / 4;
	return sc->updates;
}

static void run_cell(const struct bench_ctx *ctx, const struct bench_scenario *sc,
	enum bench_peer p, int updates, struct bench_result *r)
{
	struct bench_session s;
	double t0 = bench_now_ms();

	if (!bench_session_start(&s, ctx, p, false, r->note, sizeof r->note)) {
		r->status = BENCH_FAILED;
		fprintf(stderr, "%-9s %-8s failed to start: %s\n", sc->name, bench_peer_name(p),
			r->note);
		return;
	}
	bench_measure(ctx, &s, sc, updates, r);
	bench_session_stop(&s);
	if (r->status != BENCH_OK)
		fprintf(stderr, "%-9s %-8s FAILED: %s\n", sc->name, bench_peer_name(p), r->note);
	else
		fprintf(stderr,
			"%-9s %-8s p50 %7.3f  p99 %7.3f ms  cpu %.3f + X %.3f ms/upd  "
			"timeouts %d  (%.1f s)\n",
			sc->name, bench_peer_name(p), r->p50, r->p99, r->comp_cpu, r->server_cpu,
			r->timeouts, (bench_now_ms() - t0) / 1000.0);
}

static void run_pacing(const struct bench_ctx *ctx, const struct pacing_case *pc, double seconds,
	struct bench_pacing *r)
{
	struct bench_session s;

	*r = (struct bench_pacing){.label = pc->label, .client_hz = pc->hz};
	if (!bench_session_start(&s, ctx, BENCH_SHMCOMP, pc->vsync, r->note, sizeof r->note)) {
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

/* shmcomp wants a regular file (it refuses /dev/null); empty means no effects. */
static bool write_empty_config(struct bench_ctx *ctx, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/empty.conf", ctx->tmpdir);
	f = fopen(path, "w");
	if (!f || fclose(f) != 0) {
		perror(path);
		return false;
	}
	ctx->config = path;
	return true;
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

static bool selected(const struct options *o, const struct bench_scenario *sc)
{
	return !o->only || in_list(o->only, sc->name) || in_list(o->only, sc->group);
}

static bool runnable(const struct bench_ctx *ctx, enum bench_peer p)
{
	return ctx->enabled[p] && bench_peer_installed(ctx, p);
}

/* Round after round over every cell (so that a noisy minute spreads over all compositors),
 * then the median of the rounds. */
static bool run_scenarios(const struct bench_ctx *ctx, const struct options *o,
	struct bench_result (*results)[BENCH_PEERS], bool *ran)
{
	size_t cells = bench_scenario_count * BENCH_PEERS;
	struct bench_result *all = calloc(cells * (size_t)o->rounds, sizeof *all);
	bool ok = all != NULL;

	for (int round = 0; ok && round < o->rounds; round++) {
		if (o->rounds > 1)
			fprintf(stderr, "round %d of %d\n", round + 1, o->rounds);
		for (size_t s = 0; s < bench_scenario_count; s++) {
			ran[s] = selected(o, &bench_scenarios[s]);
			for (int p = 0; ran[s] && p < BENCH_PEERS; p++)
				if (runnable(ctx, p))
					run_cell(ctx, &bench_scenarios[s], p,
						updates_for(o, &bench_scenarios[s]),
						&all[cells * (size_t)round + s * BENCH_PEERS +
							(size_t)p]);
		}
	}
	for (size_t c = 0; all && c < cells; c++) {
		const struct bench_result *rounds[BENCH_MAX_ROUNDS];
		struct bench_result *r = &results[c / BENCH_PEERS][c % BENCH_PEERS];

		for (int round = 0; round < o->rounds; round++)
			rounds[round] = &all[cells * (size_t)round + c];
		bench_result_merge(rounds, o->rounds, r);
		ok &= r->status != BENCH_FAILED;
	}
	free(all);
	return ok;
}

static bool run_all(const struct bench_ctx *ctx, const struct options *o,
	struct bench_result (*results)[BENCH_PEERS], bool *ran, struct bench_pacing *pacing)
{
	bool ok = run_scenarios(ctx, o, results, ran);

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

static int run_and_report(struct bench_ctx *ctx, const struct options *o)
{
	struct bench_result(*results)[BENCH_PEERS] = calloc(bench_scenario_count, sizeof *results);
	struct bench_pacing pacing[NPACING];
	bool ran[16] = {false}, ok;
	struct bench_report rep = {.ctx = ctx,
		.command = o->command,
		.revision = o->revision,
		.quick = o->quick,
		.rounds = o->rounds,
		.results = results,
		.ran = ran,
		.pacing = pacing,
		.npacing = pacing_wanted(ctx, o) ? NPACING : 0};
	double t0 = bench_now_ms();

	if (!results || bench_scenario_count > sizeof ran / sizeof ran[0]) {
		free(results);
		return 1;
	}
	ok = run_all(ctx, o, results, ran, rep.npacing ? pacing : NULL);
	rep.wall_s = (bench_now_ms() - t0) / 1000.0;
	bench_report_write(stdout, &rep);
	if (o->markdown && !write_markdown(o->markdown, &rep))
		ok = false;
	free(results);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct bench_ctx ctx = {.shmcomp = BENCH_SHMCOMP_PATH, .ctl = BENCH_CTL_PATH};
	struct options o = {.quick = false};
	char tmpdir[] = "/tmp/shmcomp-bench.XXXXXX", config[64];
	int rc = parse_options(argc, argv, &o, &ctx);

	if (rc)
		return rc;
	if (!enable_peers(&ctx, &o)) {
		fprintf(stderr, "shmcomp-bench: no compositor selected\n");
		return 2;
	}
	if (!mkdtemp(tmpdir)) {
		perror("shmcomp-bench: mkdtemp");
		return 1;
	}
	ctx.tmpdir = tmpdir;
	if (!write_empty_config(&ctx, config, sizeof config)) {
		remove_tmpdir(tmpdir);
		return 1;
	}
	rc = run_and_report(&ctx, &o);
	if (rc == 0 && !ctx.verbose)
		remove_tmpdir(tmpdir);
	else
		fprintf(stderr, "shmcomp-bench: compositor logs kept in %s\n", tmpdir);
	return rc;
}
