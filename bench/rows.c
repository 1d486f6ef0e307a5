/* The rows of the report: every scenario plain (the latency, scale and memory tables), the four
 * latency scenarios with each effect of the matrix, the fades, and the blur scenes with every
 * blur method and size. A row is one cell per compositor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"

static void add(struct bench_rows *rows, const struct bench_scenario *sc,
        const struct bench_effect *fx, const char *table)
{
	struct bench_row *r = &rows->v[rows->n++];

	*r = (struct bench_row){.sc = sc, .fx = fx, .table = table};
	if (sc->kind == BENCH_FADES)
		snprintf(r->name, sizeof r->name, "%s", fx->name);
	else if (fx == &bench_effect_plain)
		snprintf(r->name, sizeof r->name, "%s", sc->name);
	else
		snprintf(r->name, sizeof r->name, "%s/%s", sc->name, fx->name);
}

static size_t capacity(void)
{
	return bench_scenario_count * (bench_effects_matrix_count + bench_effects_blur_count + 2);
}

bool bench_rows_create(struct bench_rows *rows)
{
	const char *groups[] = {"latency", "scale", "memory"};

	rows->n = 0;
	rows->v = calloc(capacity(), sizeof *rows->v);
	if (!rows->v)
		return false;
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
		for (size_t i = 0; i < bench_scenario_count; i++)
			if (strcmp(bench_scenarios[i].group, groups[g]) == 0)
				add(rows, &bench_scenarios[i], &bench_effect_plain, groups[g]);
	for (size_t e = 0; e < bench_effects_matrix_count; e++)
		for (size_t i = 0; i < bench_scenario_count; i++)
			if (strcmp(bench_scenarios[i].group, "latency") == 0)
				add(rows, &bench_scenarios[i], bench_effects_matrix[e], "effects");
	for (size_t i = 0; i < bench_scenario_count; i++) {
		const struct bench_scenario *sc = &bench_scenarios[i];
		if (sc->kind == BENCH_FADES) {
			add(rows, sc, &bench_effect_fade, "fade");
			add(rows, sc, &bench_effect_fade_step, "fade");
		}
	}
	for (size_t i = 0; i < bench_scenario_count; i++)
		for (size_t e = 0; e < bench_effects_blur_count; e++)
			if (strcmp(bench_scenarios[i].group, "blur") == 0)
				add(rows, &bench_scenarios[i], bench_effects_blur[e], "blur");
	return true;
}

void bench_rows_destroy(struct bench_rows *rows)
{
	free(rows->v);
	rows->v = NULL;
	rows->n = 0;
}

static bool names_row(const struct bench_row *r, const char *name, size_t n)
{
	const char *names[] = {r->name, r->table, r->fx->name};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == n && strncmp(names[i], name, n) == 0)
			return true;
	return false;
}

bool bench_rows_known(const struct bench_rows *rows, const char *name)
{
	for (size_t i = 0; i < rows->n; i++)
		if (names_row(&rows->v[i], name, strlen(name)))
			return true;
	return false;
}

bool bench_row_selected(const struct bench_row *r, const char *list)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");
		if (names_row(r, p, len))
			return true;
		p += len + (p[len] == ',');
	}
	return list == NULL;
}
