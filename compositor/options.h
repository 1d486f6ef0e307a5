/* Command line of the shmcomp program, parsed without side effects so that
 * it can be tested on its own. */
#ifndef SHMCOMP_COMPOSITOR_OPTIONS_H
#define SHMCOMP_COMPOSITOR_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compositor/log.h"
#include "shm/shm.h"

struct comp_options {
	const char *config_path; /* NULL: the XDG lookup */
	const char *display;     /* NULL: $DISPLAY */
	bool replace;
	bool vsync;
	bool vsync_set; /* --vsync or --no-vsync given: the file's vsync is not */
	enum shm_backend shm;
	enum comp_log_level log_level;
	bool log_level_set; /* --log-level given: the file's log-level is not */
	bool show_version, show_help;
	const char *check_config; /* --check-config FILE: validate and exit */
	bool no_animations;       /* every animation jumps to its end */
	bool test_profile;        /* --test-profile: repeatable toolkits (doc/test-profile.md) */
	const char *record;       /* --record FILE (doc/recording.md) */
	const char *record_dir;   /* --record-dir DIR: where clients may ask to record */
	unsigned record_last;     /* --record-last SEC: ring mode, seconds kept */
	unsigned record_memory;   /* --record-memory MIB: its memory, 0 = record/'s default */
	int clock;                /* -1: from the configuration; else enum config_clock */
	int ready_fd;             /* --ready-fd N, -1 when not given */
	int exit_with;            /* --exit-with PID, 0 when not given */
};

/* False with a message in `err` on a bad command line. */
bool comp_options_parse(
        int argc, char *const *argv, struct comp_options *o, char *err, size_t errlen);
void comp_options_usage(FILE *f);

#endif
