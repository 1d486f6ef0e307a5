/* Command-line parsing for shmcomp. Accepts --opt=value and --opt value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/options.h"

void comp_options_usage(FILE *f)
{
	fputs("usage: shmcomp [--config FILE] [--display D] [--replace] [--vsync|--no-vsync]\n"
	      "               [--shm=auto|memfd|sysv|none] [--log-level error|warn|info|debug]\n"
	      "               [--check-config FILE] [--clock=real|virtual] [--no-animations]\n"
	      "               [--ready-fd N] [--exit-with PID] [--version] [--help]\n"
	      "\n"
	      "A compositing manager for X11 that renders with pixman into shared-memory\n"
	      "pixmaps and presents with the Present extension.\n"
	      "\n"
	      "  --config FILE     configuration file (default: $XDG_CONFIG_HOME/shmcomp/shmcomp.conf,\n"
	      "                    then shmcomp/shmcomp.conf in $XDG_CONFIG_DIRS)\n"
	      "  --display D       X display (default: $DISPLAY)\n"
	      "  --replace         take over from a running compositing manager\n"
	      "  --vsync           present at the next vertical blank, at most one frame each\n"
	      "  --no-vsync        present at once (default)\n"
	      "  --shm=BACKEND     shared memory: auto (default), memfd, sysv or none\n"
	      "  --log-level LEVEL error, warn (default), info or debug\n"
	      "  --check-config FILE  validate FILE, print warnings and effective settings, exit\n"
	      "  --clock=real|virtual  virtual: animations advance only by shmcomp-ctl step\n"
	      "  --no-animations   every animation (fade) jumps to its end\n"
	      "  --ready-fd N      write a line to fd N once the first frame is on screen\n"
	      "  --exit-with PID   exit when process PID ends\n",
		f);
}

/* Splits "--name=value"; returns the value part or NULL. */
static const char *inline_value(const char *arg, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0)
		return NULL;
	if (arg[n] == '=')
		return arg + n + 1;
	return arg[n] == '\0' ? "" : NULL;
}

/* Value of an option taking one: inline or the next argument. */
static const char *take_value(int argc, char *const *argv, int *i, const char *name, char *err,
	size_t errlen)
{
	const char *v = inline_value(argv[*i], name);

	if (v && *v)
		return v;
	if (v && argv[*i][strlen(name)] == '=') {
		snprintf(err, errlen, "%s needs a value", name);
		return NULL;
	}
	if (*i + 1 >= argc) {
		snprintf(err, errlen, "%s needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool is_opt(const char *arg, const char *name)
{
	return inline_value(arg, name) != NULL;
}

static bool parse_one(int argc, char *const *argv, int *i, struct comp_options *o, char *err,
	size_t errlen)
{
	const char *a = argv[*i], *v;

	if (strcmp(a, "--replace") == 0)
		o->replace = true;
	else if (strcmp(a, "--vsync") == 0)
		o->vsync = true;
	else if (strcmp(a, "--no-vsync") == 0)
		o->vsync = false;
	else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)
		o->show_version = true;
	else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
		o->show_help = true;
	else if (strcmp(a, "--no-animations") == 0)
		o->no_animations = true;
	else if (is_opt(a, "--check-config")) {
		if (!(o->check_config = take_value(argc, argv, i, "--check-config", err, errlen)))
			return false;
	} else if (is_opt(a, "--clock")) {
		if (!(v = take_value(argc, argv, i, "--clock", err, errlen)))
			return false;
		if (strcmp(v, "real") != 0 && strcmp(v, "virtual") != 0) {
			snprintf(err, errlen, "--clock: '%s' is not one of real, virtual", v);
			return false;
		}
		o->clock = strcmp(v, "virtual") == 0;
	} else if (is_opt(a, "--ready-fd")) {
		if (!(v = take_value(argc, argv, i, "--ready-fd", err, errlen)))
			return false;
		if (!parse_int(v, 0, 65535, &o->ready_fd)) {
			snprintf(err, errlen, "--ready-fd: '%s' is not a file descriptor number", v);
			return false;
		}
	} else if (is_opt(a, "--exit-with")) {
		if (!(v = take_value(argc, argv, i, "--exit-with", err, errlen)))
			return false;
		if (!parse_int(v, 1, 0x7fffffff, &o->exit_with)) {
			snprintf(err, errlen, "--exit-with: '%s' is not a process id", v);
			return false;
		}
	}
	else if (is_opt(a, "--config")) {
		if (!(o->config_path = take_value(argc, argv, i, "--config", err, errlen)))
			return false;
	} else if (is_opt(a, "--display")) {
		if (!(o->display = take_value(argc, argv, i, "--display", err, errlen)))
			return false;
	} else if (is_opt(a, "--shm")) {
		if (!(v = take_value(argc, argv, i, "--shm", err, errlen)))
			return false;
		if (!shm_backend_parse(v, &o->shm)) {
			snprintf(err, errlen, "--shm: '%s' is not one of auto, memfd, sysv, none", v);
			return false;
		}
	} else if (is_opt(a, "--log-level")) {
		if (!(v = take_value(argc, argv, i, "--log-level", err, errlen)))
			return false;
		if (!log_level_parse(v, &o->log_level)) {
			snprintf(err, errlen,
				"--log-level: '%s' is not one of error, warn, info, debug", v);
			return false;
		}
	} else {
		snprintf(err, errlen, "unknown option '%s'", a);
		return false;
	}
	return true;
}

bool comp_options_parse(int argc, char *const *argv, struct comp_options *o, char *err,
	size_t errlen)
{
	*o = (struct comp_options){.shm = SHM_AUTO, .log_level = LOG_WARN, .clock = -1,
		.ready_fd = -1};
	for (int i = 1; i < argc; i++)
		if (!parse_one(argc, argv, &i, o, err, errlen))
			return false;
	return true;
}
