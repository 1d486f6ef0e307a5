/* Logging: level filter and formatting. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* One line on `f`; flushed when it is a file (stderr is not buffered). */
static void write_line(FILE *f, enum comp_log_level level, const char *fmt, va_list ap)
        __attribute__((format(printf, 3, 0)));

static void write_line(FILE *f, enum comp_log_level level, const char *fmt, va_list ap)
{
	fprintf(f, "shmcomp: %s: ", names[level]);
	if (level == COMP_LOG_DEBUG) { /* when: to tell a stall from a busy stretch */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		fprintf(f, "[%ld.%03ld] ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	}
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	if (f != stderr)
		fflush(f);
}

void comp_log(const struct comp_log *log, enum comp_log_level level, const char *fmt, ...)
{
	va_list ap;

	if ((log && level > log->level) || !fmt) /* !fmt: GCC's UBSan build sees a NULL */
		return;
	va_start(ap, fmt);
	write_line(log && log->file ? log->file : stderr, level, fmt, ap);
	va_end(ap);
}
