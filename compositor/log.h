/* Logging for the compositor: one line per message on stderr (or the
 * log-file), prefixed with the program name and level, filtered by the level
 * in `struct comp_log`. */
#ifndef SHMCOMP_COMPOSITOR_LOG_H
#define SHMCOMP_COMPOSITOR_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* Prefixed: <syslog.h> defines LOG_INFO and LOG_DEBUG. */
enum comp_log_level {
	COMP_LOG_ERROR,
	COMP_LOG_WARN,
	COMP_LOG_INFO,
	COMP_LOG_DEBUG,
};

struct comp_log {
	enum comp_log_level level;
	FILE *file; /* log-file; NULL: stderr */
};

bool comp_log_level_parse(const char *s, enum comp_log_level *out);
void comp_log(const struct comp_log *log, enum comp_log_level level, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
