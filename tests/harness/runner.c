/* The shared main of the C tests (see runner.h): finds the case named on the command
 * line among those the TEST macros put in the shmcomp_tests section, runs it, and turns
 * its result and the failed checks into meson's exit code. */
#include "tests/harness/runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The linker provides these for a section named like a C identifier. */
extern const struct test_case *const __start_shmcomp_tests[];
extern const struct test_case *const __stop_shmcomp_tests[];

/* The one mutable global of the tests: checks are made in helpers at any depth, and
 * handing a counter down to every one of them would bury what they check. */
static int failures;

bool test_check(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
		failures++;
	}
	return ok;
}

bool test_check_str(const char *got, const char *want, const char *file, int line)
{
	if (got && want && strcmp(got, want) == 0)
		return true;
	fprintf(stderr, "%s:%d: check failed:\n  got:  %s\n  want: %s\n", file, line,
	        got ? got : "(null)", want ? want : "(null)");
	failures++;
	return false;
}

void test_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
}

bool test_expect(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	fputs("FAIL: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	failures++;
	return false;
}

int test_failures(void)
{
	return failures;
}

const char *test_arg_or(const struct test_ctx *tc, int i, const char *fallback)
{
	return i >= 0 && i < tc->argc ? tc->argv[i] : fallback;
}

const char *test_arg(const struct test_ctx *tc, int i, const char *what)
{
	const char *arg = test_arg_or(tc, i, NULL);

	if (!arg) {
		fprintf(stderr, "%s: argument %d (%s) is missing\n", tc->name, i + 1, what);
		exit(2);
	}
	return arg;
}

/* The name of case k of c (a TEST_P table has several) into buf; '_' of a TEST
 * function's name reads as '-', as meson's case names have dashes. */
static const char *case_name(const struct test_case *c, size_t k, char *buf, size_t len)
{
	if (c->table)
		return *(const char *const *)(const void *)((const char *)c->table + k * c->stride);
	snprintf(buf, len, "%s", c->name);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = '-';
	return buf;
}

static size_t case_count(const struct test_case *c)
{
	return c->table ? c->count : 1;
}

static bool find(const char *name, const struct test_case **out, size_t *index)
{
	char buf[128];

	for (const struct test_case *const *c = __start_shmcomp_tests; c < __stop_shmcomp_tests;
	        c++) {
		for (size_t k = 0; k < case_count(*c); k++) {
			if (strcmp(case_name(*c, k, buf, sizeof buf), name) == 0) {
				*out = *c;
				*index = k;
				return true;
			}
		}
	}
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints every name, sorted (the section's order is the compiler's); false (with a
 * message) when one is registered twice. */
static bool list(void)
{
	char buf[128], **names = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;

	for (const struct test_case *const *c = __start_shmcomp_tests; c < __stop_shmcomp_tests;
	        c++) {
		for (size_t k = 0; k < case_count(*c); k++) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				char **grown = realloc(names, cap * sizeof *names);
				if (!grown)
					abort();
				names = grown;
			}
			names[n] = strdup(case_name(*c, k, buf, sizeof buf));
			if (!names[n++])
				abort();
		}
	}
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(names[i - 1], names[i]) == 0) {
			fprintf(stderr, "case %s is registered twice\n", names[i]);
			ok = false;
		}
		printf("%s\n", names[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

static int usage(const char *prog)
{
	fprintf(stderr, "usage: %s CASE [ARGS...] | --list\n", prog);
	return 2;
}

int main(int argc, char **argv)
{
	const struct test_case *c;
	size_t k;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--list") == 0)
		return list() ? 0 : 2;
	if (argc < 2 || argv[1][0] == '-')
		return usage(argv[0]);
	if (!find(argv[1], &c, &k)) {
		fprintf(stderr, "%s: no case named %s (--list shows them)\n", argv[0], argv[1]);
		return 2;
	}
	struct test_ctx tc = {
	        .name = argv[1],
	        .argc = argc - 2,
	        .argv = argv + 2,
	        .data = c->table ? (const char *)c->table + k * c->stride : NULL,
	};
	rc = c->run(&tc);
	if (failures)
		rc = TEST_FAIL;
	if (rc == TEST_SKIP)
		fprintf(stderr, "SKIP %s\n", tc.name);
	else if (rc != TEST_PASS)
		fprintf(stderr, "FAIL %s (%d failed check%s)\n", tc.name, failures,
		        failures == 1 ? "" : "s");
	return rc;
}
