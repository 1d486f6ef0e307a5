/* The statistics text fake-owner puts in _SHMCOMP_TEXT, built the same way for the test. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/ctl/ctl-test.h"

#define STATS_MIN_BYTES (140 * 1024)

char *fake_stats_text(size_t *len)
{
	size_t cap = STATS_MIN_BYTES + 256, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	for (unsigned i = 0; n < STATS_MIN_BYTES || n % 4 == 0; i++) {
		int w = snprintf(buf + n, cap - n, "counter_%u=%u\n", i, i * 2654435761u % 100003u);

		if (w < 0 || (size_t)w >= cap - n)
			break;
		n += (size_t)w;
	}
	*len = n;
	return buf;
}
