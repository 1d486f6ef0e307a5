/* Logging for the compositor: one line per message on stderr, prefixed with
 * the program name and level, filtered by the level in `struct comp_log`. */
#ifndef SHMCOMP_COMPOSITOR_LOG_H
#define SHMCOMP_COMPOSITOR_LOG_H

#include <stdbool.h>

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

struct comp_log {
	enum log_level level;
};

bool log_level_parse(const char *s, enum log_level *out);
void comp_log(const struct comp_log *log, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
