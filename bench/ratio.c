/* The regression check of the test suite (--max-ratio): shmcomp against xcompmgr in the same
 * run, plain rows only, on p50 latency and on compositor + X CPU per update. A guard against
 * accidents (a lost direct path, a frame per event), not the performance target: the ratios
 * measured on a quiet box are 0.5–0.9. */
#include "bench/bench.h"

struct measure {
	const char *label;
	double (*get)(const struct bench_result *r);
};

static double p50(const struct bench_result *r)
{
	return r->p50;
}

static double cpu(const struct bench_result *r)
{
	return r->comp_cpu + r->server_cpu;
}

static const struct measure measures[] = {{"p50 latency", p50}, {"CPU comp+X", cpu}};

static bool check_row(FILE *f, const struct bench_row *row, const struct bench_result *res,
        double max, int *compared)
{
	const struct bench_result *a = &res[BENCH_SHMCOMP], *b = &res[BENCH_XCOMPMGR];
	bool ok = true;

	if (a->status != BENCH_OK || b->status != BENCH_OK) {
		fprintf(f, "check %-10s FAILED: %s did not measure\n", row->name,
		        a->status != BENCH_OK ? "shmcomp" : "xcompmgr");
		return false;
	}
	for (size_t m = 0; m < sizeof measures / sizeof measures[0]; m++) {
		double x = measures[m].get(a), y = measures[m].get(b);
		double ratio = y > 0 ? x / y : 0;
		bool pass = ratio <= max;
		fprintf(f, "check %-10s %-12s shmcomp %.3f / xcompmgr %.3f ms = %.2f %s %.2f\n",
		        row->name, measures[m].label, x, y, ratio, pass ? "<=" : "> LIMIT", max);
		ok &= pass;
		++*compared;
	}
	return ok;
}

bool bench_ratio_check(FILE *f, const struct bench_report *rep, double max)
{
	bool ok = true;
	int compared = 0;

	for (size_t i = 0; i < rep->rows->n; i++)
		if (rep->ran[i] && rep->rows->v[i].fx == &bench_effect_plain &&
		        rep->rows->v[i].sc->kind == BENCH_UPDATES)
			ok &= check_row(f, &rep->rows->v[i], rep->results[i], max, &compared);
	if (compared == 0) {
		fprintf(f, "check FAILED: no plain row compared\n");
		return false;
	}
	fprintf(f, "check %s: %d ratios, limit %.2f\n", ok ? "passed" : "FAILED", compared, max);
	return ok;
}
