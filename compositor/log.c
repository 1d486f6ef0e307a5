/* Logging: level filter and formatting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compositor/log.h"

static const char *const names[] = {"error", "warning", "info", "debug"};

bool comp_log_level_parse(const char *s, enum comp_log_level *out)
{
	static const char *const accepted[] = {"error", "warn", "info", "debug"};

	for (unsigned i = 0; i < 4; i++) {
		if (strcmp(s, accepted[i]) == 0 || strcmp(s, names[i]) == 0) {
			*out = (enum comp_log_level)i;
			return true;
		}
	}
	return false;
}

void comp_log(const struct comp_log *log, enum comp_log_level level, const char *fmt, ...)
{
	va_list ap;

	FILE *f = log && log->file ? log->file : stderr;

	if (log && level > log->level)
		return;
	fprintf(f, "shmcomp: %s: ", names[level]);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (f != stderr)
		fflush(f);
}
