/* Several rounds of the same cell become one result: the median of each measure over the
 * rounds that succeeded, so that one round hit by a noisy neighbour does not move the table. */
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"

/* The measures taken as medians, by offset. */
static const size_t median_fields[] = {
        offsetof(struct bench_result, p50),
        offsetof(struct bench_result, p99),
        offsetof(struct bench_result, comp_cpu),
        offsetof(struct bench_result, server_cpu),
        offsetof(struct bench_result, cpu_wall),
        offsetof(struct bench_result, polls),
        offsetof(struct bench_result, comp_rss_kb),
        offsetof(struct bench_result, server_rss_kb),
        offsetof(struct bench_result, comp_pss_kb),
        offsetof(struct bench_result, server_pss_kb),
        offsetof(struct bench_result, frames_per_update),
        offsetof(struct bench_result, render_px),
        offsetof(struct bench_result, copied_px),
        offsetof(struct bench_result, direct_px),
        offsetof(struct bench_result, served_px),
        offsetof(struct bench_result, shadow_px),
        offsetof(struct bench_result, shm_bytes_live),
        offsetof(struct bench_result, shm_segments_live),
};

static double field(const struct bench_result *r, size_t offset)
{
	double v;

	memcpy(&v, (const char *)r + offset, sizeof v);
	return v;
}

static void set_field(struct bench_result *r, size_t offset, double v)
{
	memcpy((char *)r + offset, &v, sizeof v);
}

static void insertion_sort(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static double median(const struct bench_result *const *ok, int n, size_t offset)
{
	double v[BENCH_MAX_ROUNDS];

	for (int i = 0; i < n; i++)
		v[i] = field(ok[i], offset);
	insertion_sort(v, n);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double total_cpu(const struct bench_result *r)
{
	return r->comp_cpu + r->server_cpu;
}

static void widen(double v, double *lo, double *hi, bool first)
{
	if (first || v < *lo)
		*lo = v;
	if (first || v > *hi)
		*hi = v;
}

/* Min and max over the rounds of the measures the tables show with their spread. */
static void spread(const struct bench_result *const *ok, int k, struct bench_result *out)
{
	for (int i = 0; i < k; i++) {
		widen(ok[i]->p50, &out->p50_lo, &out->p50_hi, i == 0);
		widen(total_cpu(ok[i]), &out->cpu_lo, &out->cpu_hi, i == 0);
		widen(ok[i]->comp_cpu, &out->comp_lo, &out->comp_hi, i == 0);
	}
}

/* Sums, maxima and flags over the rounds that succeeded; the effect counts as seen only if
 * every round saw it. */
static void accumulate(const struct bench_result *const *ok, int k, struct bench_result *out)
{
	for (int i = 0; i < k; i++) {
		out->timeouts += ok[i]->timeouts;
		if (ok[i]->max > out->max)
			out->max = ok[i]->max;
		if (ok[i]->segments_per_frame > out->segments_per_frame)
			out->segments_per_frame = ok[i]->segments_per_frame;
		out->have_stats &= ok[i]->have_stats;
		if (ok[i]->seen == 0 || (ok[i]->seen == 1 && out->seen == -1))
			out->seen = ok[i]->seen;
		if (!out->note[0] && ok[i]->note[0])
			snprintf(out->note, sizeof out->note, "%s", ok[i]->note);
	}
}

void bench_result_merge(const struct bench_result *const *rounds, int n, struct bench_result *out)
{
	const struct bench_result *ok[BENCH_MAX_ROUNDS], *failed = NULL;
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (rounds[i]->status == BENCH_OK)
			ok[k++] = rounds[i];
		else if (!failed)
			failed = rounds[i];
	}
	if (k == 0) {
		*out = *failed;
		out->rounds = n;
		return;
	}
	*out = (struct bench_result){.status = BENCH_OK,
	        .updates = ok[0]->updates,
	        .warmup = ok[0]->warmup,
	        .rounds = n,
	        .rounds_ok = k,
	        .have_stats = true,
	        .seen = -1};
	if (failed)
		snprintf(out->note, sizeof out->note, "%d of %d rounds failed: %.150s", n - k, n,
		        failed->note);
	for (size_t f = 0; f < sizeof median_fields / sizeof median_fields[0]; f++)
		set_field(out, median_fields[f], median(ok, k, median_fields[f]));
	accumulate(ok, k, out);
	spread(ok, k, out);
}
