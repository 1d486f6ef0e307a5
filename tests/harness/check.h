/* The CHECK macro of the C tests: prints the failed condition with its file and
 * line and counts it in the test's own `static int failures`. */
#ifndef SHMCOMP_TESTS_CHECK_H
#define SHMCOMP_TESTS_CHECK_H

#include <stdio.h>

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                \
			failures++;                                                    \
		}                                                                      \
	} while (0)

#endif
