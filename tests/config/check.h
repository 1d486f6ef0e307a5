/* Checks for the config tests: each failed check prints where and what, and the case
 * fails at the end (exit 1) instead of stopping at the first. */
#ifndef SHMCOMP_TESTS_CONFIG_CHECK_H
#define SHMCOMP_TESTS_CONFIG_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                \
			failures++;                                                    \
		}                                                                      \
	} while (0)

/* `got` must equal `want`; both are printed when not. */
#define CHECK_STR(got, want) check_str(__FILE__, __LINE__, (got), (want))

static inline void check_str(const char *file, int line, const char *got, const char *want)
{
	if (got && want && strcmp(got, want) == 0)
		return;
	fprintf(stderr, "%s:%d: check failed:\n  got:  %s\n  want: %s\n", file, line,
		got ? got : "(null)", want ? want : "(null)");
	failures++;
}

#endif
