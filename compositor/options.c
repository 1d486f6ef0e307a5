/* Command-line parsing for shmcomp, with getopt_long (--opt=value and --opt value). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/options.h"

void comp_options_usage(FILE *f)
{
	fputs("usage: shmcomp [--config FILE] [--display D] [--replace] [--vsync|--no-vsync]\n"
	      "               [--shm=auto|memfd|sysv|none] [--log-level error|warn|info|debug]\n"
	      "               [--check-config FILE] [--clock=real|virtual] [--no-animations]\n"
	      "               [--ready-fd N] [--exit-with PID] [--test-profile] [--record FILE]\n"
	      "               [--record-last SEC] [--record-memory MIB] [--record-dir DIR]\n"
	      "               [--version] [--help]\n"
	      "\n"
	      "A compositing manager for X11 that renders with pixman into shared-memory\n"
	      "pixmaps and presents with the Present extension.\n"
	      "\n"
	      "  --config FILE     configuration file (default: "
	      "$XDG_CONFIG_HOME/shmcomp/shmcomp.conf,\n"
	      "                    then shmcomp/shmcomp.conf in $XDG_CONFIG_DIRS)\n"
	      "  --display D       X display (default: $DISPLAY)\n"
	      "  --replace         take over from a running compositing manager\n"
	      "  --vsync           present at the next vertical blank, at most one frame each\n"
	      "  --no-vsync        present at once (default, unless the file says vsync = true)\n"
	      "  --shm=BACKEND     shared memory: auto (default), memfd, sysv or none\n"
	      "  --log-level LEVEL error, warn (default: the file's log-level), info or debug\n"
	      "  --check-config FILE  validate FILE, print warnings and effective settings, exit\n"
	      "  --clock=real|virtual  virtual: animations advance only by shmcomp-ctl step\n"
	      "  --no-animations   every animation (fade) jumps to its end\n"
	      "  --ready-fd N      write a line to fd N once the first frame is on screen\n"
	      "  --exit-with PID   exit when process PID ends\n"
	      "  --record FILE     record what the screen shows into FILE (FFV1 in Matroska;\n"
	      "                    VP9 in WebM, lossy, when FILE ends in .webm)\n"
	      "  --record-last SEC with --record: keep only the last SEC seconds in memory and\n"
	      "                    write them on SIGUSR1 or shmcomp-ctl record dump\n"
	      "  --record-memory MIB  the memory --record-last may use (default 128)\n"
	      "  --record-dir DIR  the only directory shmcomp-ctl record start may write into\n"
	      "  --test-profile    repeatable screenshots of toolkits: --no-animations, and\n"
	      "                    shmcomp serves XSETTINGS with the caret's blinking and GTK's\n"
	      "                    animations off (see doc/test-profile.md)\n",
	        f);
}

enum {
	OPT_CONFIG = 256,
	OPT_DISPLAY,
	OPT_REPLACE,
	OPT_VSYNC,
	OPT_NO_VSYNC,
	OPT_SHM,
	OPT_LOG_LEVEL,
	OPT_CHECK_CONFIG,
	OPT_CLOCK,
	OPT_NO_ANIMATIONS,
	OPT_READY_FD,
	OPT_EXIT_WITH,
	OPT_TEST_PROFILE,
	OPT_RECORD,
	OPT_RECORD_DIR,
	OPT_RECORD_LAST,
	OPT_RECORD_MEMORY,
};

static const struct option long_options[] = {
        {"config", required_argument, NULL, OPT_CONFIG},
        {"display", required_argument, NULL, OPT_DISPLAY},
        {"replace", no_argument, NULL, OPT_REPLACE},
        {"vsync", no_argument, NULL, OPT_VSYNC},
        {"no-vsync", no_argument, NULL, OPT_NO_VSYNC},
        {"shm", required_argument, NULL, OPT_SHM},
        {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
        {"check-config", required_argument, NULL, OPT_CHECK_CONFIG},
        {"clock", required_argument, NULL, OPT_CLOCK},
        {"no-animations", no_argument, NULL, OPT_NO_ANIMATIONS},
        {"ready-fd", required_argument, NULL, OPT_READY_FD},
        {"exit-with", required_argument, NULL, OPT_EXIT_WITH},
        {"test-profile", no_argument, NULL, OPT_TEST_PROFILE},
        {"record", required_argument, NULL, OPT_RECORD},
        {"record-dir", required_argument, NULL, OPT_RECORD_DIR},
        {"record-last", required_argument, NULL, OPT_RECORD_LAST},
        {"record-memory", required_argument, NULL, OPT_RECORD_MEMORY},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool bad(char *err, size_t errlen, const char *opt, const char *v, const char *what)
{
	snprintf(err, errlen, "--%s: '%s' is not %s", opt, v, what);
	return false;
}

/* The value of option `opt` (its long name) taken into `o`. */
static bool take(
        int opt, const char *name, const char *v, struct comp_options *o, char *err, size_t errlen)
{
	switch (opt) {
	case OPT_CONFIG:
		o->config_path = v;
		return true;
	case OPT_DISPLAY:
		o->display = v;
		return true;
	case OPT_CHECK_CONFIG:
		o->check_config = v;
		return true;
	case OPT_SHM:
		return shm_backend_parse(v, &o->shm) ||
		       bad(err, errlen, name, v, "one of auto, memfd, sysv, none");
	case OPT_LOG_LEVEL:
		o->log_level_set = true;
		return comp_log_level_parse(v, &o->log_level) ||
		       bad(err, errlen, name, v, "one of error, warn, info, debug");
	case OPT_CLOCK:
		if (strcmp(v, "real") != 0 && strcmp(v, "virtual") != 0)
			return bad(err, errlen, name, v, "one of real, virtual");
		o->clock = strcmp(v, "virtual") == 0;
		return true;
	case OPT_READY_FD:
		return parse_int(v, 0, 65535, &o->ready_fd) ||
		       bad(err, errlen, name, v, "a file descriptor number");
	case OPT_RECORD:
		o->record = v;
		return true;
	case OPT_RECORD_DIR:
		o->record_dir = v;
		return true;
	case OPT_RECORD_LAST:
	case OPT_RECORD_MEMORY: {
		int n;
		if (!parse_int(v, 1, opt == OPT_RECORD_LAST ? 3600 : 65536, &n))
			return bad(err, errlen, name, v,
			        opt == OPT_RECORD_LAST ? "seconds, 1 to 3600" : "MiB, 1 to 65536");
		*(opt == OPT_RECORD_LAST ? &o->record_last : &o->record_memory) = (unsigned)n;
		return true;
	}
	case OPT_EXIT_WITH:
		return parse_int(v, 1, 0x7fffffff, &o->exit_with) ||
		       bad(err, errlen, name, v, "a process id");
	default:
		snprintf(err, errlen, "internal error: option %d", opt);
		return false;
	}
}

static bool flag(int opt, struct comp_options *o)
{
	switch (opt) {
	case OPT_REPLACE:
		o->replace = true;
		return true;
	case OPT_VSYNC:
		o->vsync = o->vsync_set = true;
		return true;
	case OPT_NO_VSYNC:
		o->vsync = false;
		o->vsync_set = true;
		return true;
	case OPT_NO_ANIMATIONS:
		o->no_animations = true;
		return true;
	case OPT_TEST_PROFILE: /* implies --no-animations */
		o->test_profile = true;
		o->no_animations = true;
		return true;
	case 'V':
		o->show_version = true;
		return true;
	case 'h':
		o->show_help = true;
		return true;
	default:
		return false;
	}
}

bool comp_options_parse(
        int argc, char *const *argv, struct comp_options *o, char *err, size_t errlen)
{
	int opt, index;

	*o = (struct comp_options){
	        .shm = SHM_AUTO, .log_level = COMP_LOG_WARN, .clock = -1, .ready_fd = -1};
	opterr = 0;
	optind = 0; /* glibc: start afresh (tests parse several command lines) */
	while ((index = -1, opt = getopt_long(argc, argv, "+:hV", long_options, &index)) != -1) {
		const char *arg = argv[optind - 1];
		if (opt == '?') {
			snprintf(err, errlen, "unknown option '%s'", arg);
			return false;
		}
		if (opt == ':') {
			snprintf(err, errlen, "%s needs a value", arg);
			return false;
		}
		if (flag(opt, o))
			continue;
		const char *name = long_options[index].name;
		if (!optarg || !*optarg) {
			snprintf(err, errlen, "--%s needs a value", name);
			return false;
		}
		if (!take(opt, name, optarg, o, err, errlen))
			return false;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return false;
	}
	if (o->record_last && !o->record) {
		snprintf(err, errlen, "--record-last needs --record FILE (where a dump goes)");
		return false;
	}
	return true;
}
