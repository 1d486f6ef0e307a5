/* wintrack's XID lookup table: insert/lookup/remove of many windows under several XID
 * patterns, random churn against a reference bitmap (exercises backward-shift deletion),
 * and a scaling check that counts probes instead of timing anything.
 * Usage: test-wintrack-hash sequential|clients|stride|random|churn|scaling */
#include "tests/wintrack/wt_test.h"

#include <stdlib.h>
#include <string.h>

#define ROOT 0x00000001u
#define MEAN_PROBES_MAX 2.5
#define PROBES_MAX 64

enum pattern { SEQUENTIAL, CLIENTS, STRIDE, RANDOM };

/* Injective for i < 4 000 000, never 0 nor ROOT. */
static xcb_window_t id_for(enum pattern p, uint32_t i)
{
	switch (p) {
	case SEQUENTIAL: /* one client's resource counter */
		return 0x00400002u + i;
	case CLIENTS: /* 2000 clients, a few windows each: only the high bits vary first */
		return ((i % 2000u + 1u) << 21) | (i / 2000u + 2u);
	case STRIDE: /* low 12 bits all zero: a weak hash would pile these up */
		return 0x1000u * (i + 1u);
	default: /* multiplication by an odd constant is a bijection mod 2^32 */
		return (i + 2u) * 0x9e3779b1u;
	}
}

/* Load factor and probe lengths; the table must also shrink back after removals. */
static bool check_table(const struct wintrack *wt, size_t expect_count)
{
	struct wintrack_stats s;
	wintrack_get_stats(wt, &s);
	REQUIRE(s.windows == expect_count);
	REQUIRE(s.capacity >= 2 * s.windows);
	REQUIRE(s.capacity <= 16 || s.capacity <= 8 * s.windows);
	if (s.windows) {
		double mean = (double)s.probes_total / (double)s.windows;
		if (mean > MEAN_PROBES_MAX || s.probes_max > PROBES_MAX)
			fprintf(stderr, "mean probes %.2f, max %zu\n", mean, s.probes_max);
		REQUIRE(mean <= MEAN_PROBES_MAX);
		REQUIRE(s.probes_max <= PROBES_MAX);
	}
	return true;
}

static bool insert_all(struct wintrack *wt, enum pattern p, uint32_t n)
{
	struct wintrack_geom g = {0, 0, 1, 1, 0};
	for (uint32_t i = 0; i < n; i++) {
		struct wintrack_entry *w =
		        wintrack_add(wt, id_for(p, i), XCB_NONE, &g, i % 2, false);
		REQUIRE(w && w->id == id_for(p, i));
		REQUIRE(wintrack_count(wt) == i + 1);
	}
	return check_table(wt, n);
}

/* Present: 0 <= i < n with !removed[i]; absent: removed ones and [n, 2n). */
static bool lookup_all(const struct wintrack *wt, enum pattern p, uint32_t n, const bool *removed)
{
	for (uint32_t i = 0; i < n; i++) {
		struct wintrack_entry *w = wintrack_find(wt, id_for(p, i));
		if (removed && removed[i])
			REQUIRE(!w);
		else
			REQUIRE(w && w->id == id_for(p, i));
		REQUIRE(!wintrack_find(wt, id_for(p, n + i)));
	}
	return true;
}

static bool run_pattern(enum pattern p, uint32_t n)
{
	struct wintrack *wt = wintrack_create(ROOT, NULL, NULL);
	bool *removed = calloc(n, sizeof(*removed));
	struct wt_rng rng = {(uint64_t)p * 7919u + n};
	bool ok = wt && removed && insert_all(wt, p, n) && lookup_all(wt, p, n, NULL);
	/* Every window was added at the bottom: the stack is insertion order reversed. */
	ok = ok && wintrack_top(wt)->id == id_for(p, 0) &&
	     wintrack_bottom(wt)->id == id_for(p, n - 1);
	size_t left = n;
	for (uint32_t k = 0; ok && k < n / 2; k++) {
		uint32_t i = (uint32_t)wt_rng_below(&rng, n);
		if (removed[i])
			continue;
		removed[i] = true;
		left--;
		ok = wintrack_remove(wt, id_for(p, i)) && !wintrack_remove(wt, id_for(p, i));
	}
	ok = ok && wintrack_count(wt) == left && check_table(wt, left);
	ok = ok && lookup_all(wt, p, n, removed);
	for (uint32_t i = 0; ok && i < n; i++)
		ok = wintrack_remove(wt, id_for(p, i)) == !removed[i];
	ok = ok && check_table(wt, 0) && !wintrack_bottom(wt) && wintrack_mapped_count(wt) == 0;
	free(removed);
	wintrack_destroy(wt);
	printf("pattern %d, %u windows: %s\n", (int)p, n, ok ? "ok" : "FAIL");
	return ok;
}

/* Random add/remove over a pool of ids, checked against a bitmap after every step. */
static bool churn_step(
        struct wintrack *wt, struct wt_rng *rng, bool *in, uint32_t pool, size_t *count)
{
	struct wintrack_geom g = {0, 0, 1, 1, 0};
	uint32_t i = (uint32_t)wt_rng_below(rng, pool);
	xcb_window_t id = id_for(RANDOM, i);
	if (in[i]) {
		REQUIRE(wintrack_remove(wt, id));
		(*count)--;
	} else {
		REQUIRE(wintrack_add(wt, id, XCB_NONE, &g, false, false));
		(*count)++;
	}
	in[i] = !in[i];
	uint32_t j = (uint32_t)wt_rng_below(rng, pool);
	REQUIRE((wintrack_find(wt, id_for(RANDOM, j)) != NULL) == in[j]);
	REQUIRE((wintrack_find(wt, id) != NULL) == in[i]);
	REQUIRE(wintrack_count(wt) == *count);
	return true;
}

static bool run_churn(void)
{
	const uint32_t pool = 20000, steps = 400000;
	struct wintrack *wt = wintrack_create(ROOT, NULL, NULL);
	bool *in = calloc(pool, sizeof(*in));
	struct wt_rng rng = {12345};
	size_t count = 0;
	bool ok = wt && in;
	for (uint32_t s = 0; ok && s < steps; s++) {
		ok = churn_step(wt, &rng, in, pool, &count);
		if (ok && s % 50000 == 0)
			ok = check_table(wt, count);
		if (!ok)
			fprintf(stderr, "churn failed at step %u\n", s);
	}
	for (uint32_t i = 0; ok && i < pool; i++)
		ok = (wintrack_find(wt, id_for(RANDOM, i)) != NULL) == in[i];
	ok = ok && check_table(wt, count);
	free(in);
	wintrack_destroy(wt);
	printf("churn: %s\n", ok ? "ok" : "FAIL");
	return ok;
}

/* Mean probes per lookup must not grow with the number of windows. */
static bool run_scaling(void)
{
	static const uint32_t sizes[] = {1000, 10000, 100000};
	double first = 0;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		for (int p = SEQUENTIAL; p <= RANDOM; p++) {
			struct wintrack *wt = wintrack_create(ROOT, NULL, NULL);
			struct wintrack_stats s;
			REQUIRE(wt);
			bool ok = insert_all(wt, (enum pattern)p, sizes[k]);
			wintrack_get_stats(wt, &s);
			wintrack_destroy(wt);
			REQUIRE(ok);
			double mean = (double)s.probes_total / (double)s.windows;
			printf("n=%u pattern=%d mean=%.3f max=%zu capacity=%zu\n", sizes[k], p,
			        mean, s.probes_max, s.capacity);
			if (k == 0 && p == SEQUENTIAL)
				first = mean;
			REQUIRE(mean <= first + 1.0);
		}
	}
	return true;
}

static const struct pattern_case {
	const char *name;
	enum pattern p;
} patterns[] = {
        {"sequential", SEQUENTIAL},
        {"clients", CLIENTS},
        {"stride", STRIDE},
        {"random", RANDOM},
};

TEST_P(pattern, patterns)
{
	const struct pattern_case *c = tc->data;

	return run_pattern(c->p, 10000) ? TEST_PASS : TEST_FAIL;
}

TEST(churn)
{
	return run_churn() ? TEST_PASS : TEST_FAIL;
}

TEST(scaling)
{
	return run_scaling() ? TEST_PASS : TEST_FAIL;
}
