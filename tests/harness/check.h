/* The checks of the C tests. A failed check prints the condition with its file and line
 * and is counted by the runner (tests/harness/runner.c), which fails the case at the end:
 * a case goes on after a failed CHECK and reports every one. */
#ifndef SHMCOMP_TESTS_CHECK_H
#define SHMCOMP_TESTS_CHECK_H

#include <stdbool.h>

/* Evaluates to the condition's truth, so that `if (!CHECK(p)) return ...` can stop
 * where going on would only crash or repeat the same failure. */
#define CHECK(cond) test_check(!!(cond), __FILE__, __LINE__, #cond)

/* CHECK that returns false from the enclosing bool function when it fails: for steps
 * that the rest of the function builds on. */
#define REQUIRE(cond)                                                                              \
	do {                                                                                       \
		if (!CHECK(cond))                                                                  \
			return false;                                                              \
	} while (0)

/* `got` must equal `want` (strings); both are printed when not. */
#define CHECK_STR(got, want) test_check_str((got), (want), __FILE__, __LINE__)

bool test_check(bool ok, const char *file, int line, const char *what);
bool test_check_str(const char *got, const char *want, const char *file, int line);
/* Counts a failure described by the message (printed with a newline). */
__attribute__((format(printf, 1, 2))) void test_fail(const char *fmt, ...);
/* A CHECK that says what went wrong in its own words: when `ok` is false, prints "FAIL: "
 * and the message and counts a failure. Returns ok. */
__attribute__((format(printf, 2, 3))) bool test_expect(bool ok, const char *fmt, ...);
/* The failures counted so far in this case. */
int test_failures(void);

#endif
