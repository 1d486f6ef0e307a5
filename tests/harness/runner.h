/* The runner of the C tests, after weston's tests/weston-test-runner.h: TEST(name)
 * registers a case in a linker section, and one shared main runs the case named by
 * argv[1] with the arguments after it, or prints every case name with --list (one a
 * line), which the case-lists test compares with the names meson runs.
 * Exit codes, as meson reads them: 0 pass, 1 fail, 77 skip, 2 bad usage. Needs no X. */
#ifndef SHMCOMP_TESTS_RUNNER_H
#define SHMCOMP_TESTS_RUNNER_H

#include <stddef.h>

#include "tests/harness/check.h"

#define TEST_PASS 0
#define TEST_FAIL 1
#define TEST_SKIP 77

/* What a case gets: its name and the command-line arguments after it. */
struct test_ctx {
	const char *name;
	int argc;
	char *const *argv;
	const void *data; /* TEST_P: this case's element of the table */
};

struct test_case {
	const char *name; /* TEST: the function's name, '_' read as '-'; TEST_P: NULL */
	int (*run)(const struct test_ctx *tc);
	/* TEST_P: each element starts with `const char *name`, the case's name */
	const void *table;
	size_t stride, count;
};

/* Case functions return TEST_PASS, TEST_FAIL or TEST_SKIP; a failed CHECK fails the
 * case whatever it returns. */
#define TEST_REGISTER_(id)                                                                         \
	static const struct test_case *const test_ptr_##id                                         \
	        __attribute__((used, section("shmcomp_tests"))) = &test_case_##id

/* TEST(errors_file) { ... } is the case "errors-file" (function case_errors_file). */
#define TEST(fn)                                                                                   \
	static int case_##fn(const struct test_ctx *tc);                                           \
	static const struct test_case test_case_##fn = {#fn, case_##fn, NULL, 0, 0};               \
	TEST_REGISTER_(fn);                                                                        \
	static int case_##fn(const struct test_ctx *tc)

/* One case per element of the array `table`, named by the element's first member
 * (`const char *name`) and run by case_fn with tc->data pointing at the element. */
#define TEST_P(fn, table)                                                                          \
	static int case_##fn(const struct test_ctx *tc);                                           \
	static const struct test_case test_case_##fn = {                                           \
	        NULL, case_##fn, (table), sizeof((table)[0]), sizeof(table) / sizeof((table)[0])}; \
	TEST_REGISTER_(fn);                                                                        \
	static int case_##fn(const struct test_ctx *tc)

/* The case's argument i (0 = the first after the case name). A missing one ends the
 * test with a usage message naming `what` and exit code 2. */
const char *test_arg(const struct test_ctx *tc, int i, const char *what);
/* The same, or `fallback` (which may be NULL) when there are fewer arguments. */
const char *test_arg_or(const struct test_ctx *tc, int i, const char *fallback);

#endif
