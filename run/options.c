/* shmcomp-run's command line, with getopt_long: options up to the first argument that is
 * not one (or up to "--"), then COMMAND. Values are checked for form only where the
 * program that takes them judges better (the server's --screen). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "run/run.h"

#define DEFAULT_SCREEN "1280x800x24"
#define DEFAULT_TIMEOUT_S 30.0
#define DEFAULT_KILL_AFTER_S 5.0

void run_usage(FILE *f)
{
	fputs("Usage: shmcomp-run [OPTIONS] [--] COMMAND [ARGS...]\n"
	      "Run COMMAND on a private X server with shmcomp (and a window manager) on it,\n"
	      "then end them all; the exit status is COMMAND's.\n"
	      "\n"
	      "  --server xvfb|xephyr   the X server: Xvfb (default), or Xephyr, a window on\n"
	      "                         the current $DISPLAY\n"
	      "  --screen WxH[xD]       its screen (default " DEFAULT_SCREEN "; D: 24)\n"
	      "  --server-args ARGS     more arguments for the server (split like sh words)\n"
	      "  --wm CMD               start the window manager CMD (split like sh words) and\n"
	      "                         wait until it manages windows\n"
	      "  --config FILE          shmcomp's configuration file (/dev/null: none)\n"
	      "  --record FILE          a video of the screen (shmcomp --record; FFV1 in "
	      "Matroska)\n"
	      "  --record-last SEC      with --record: keep only the last SEC seconds, written\n"
	      "                         only when COMMAND fails (exits non-zero)\n"
	      "  --test-profile         shmcomp --test-profile, and QT_QPA_PLATFORMTHEME=gtk3\n"
	      "                         for COMMAND unless it is set\n"
	      "  --shmcomp-args ARGS    more arguments for shmcomp (split like sh words)\n"
	      "  --timeout SEC          bound on each start-up step (default 30)\n"
	      "  --kill-after SEC       SIGKILL what has not ended SEC seconds after SIGTERM\n"
	      "                         (default 5)\n"
	      "  --log-dir DIR          keep the output of the server, the window manager\n"
	      "                         and shmcomp in DIR/server.log, wm.log, shmcomp.log\n"
	      "  -h, --help             show this help and exit\n"
	      "  -V, --version          show the version and exit\n"
	      "\n"
	      "Environment: SHMCOMP, the shmcomp binary (default: the one next to\n"
	      "shmcomp-run, then ../compositor/shmcomp, then shmcomp in $PATH).\n"
	      "Exit status: COMMAND's (128+N when a signal N ended it); 125 when the server,\n"
	      "the window manager or shmcomp did not start; 126 or 127 when COMMAND cannot\n"
	      "be run or is not found; 128+N after signal N (SIGINT, SIGTERM, SIGHUP);\n"
	      "2 bad usage.\n",
	        f);
}

enum {
	OPT_SERVER = 256,
	OPT_SCREEN,
	OPT_SERVER_ARGS,
	OPT_WM,
	OPT_CONFIG,
	OPT_TEST_PROFILE,
	OPT_SHMCOMP_ARGS,
	OPT_TIMEOUT,
	OPT_KILL_AFTER,
	OPT_LOG_DIR,
	OPT_RECORD,
	OPT_RECORD_LAST,
};

static const struct option long_options[] = {
        {"server", required_argument, NULL, OPT_SERVER},
        {"screen", required_argument, NULL, OPT_SCREEN},
        {"server-args", required_argument, NULL, OPT_SERVER_ARGS},
        {"wm", required_argument, NULL, OPT_WM},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"test-profile", no_argument, NULL, OPT_TEST_PROFILE},
        {"shmcomp-args", required_argument, NULL, OPT_SHMCOMP_ARGS},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"kill-after", required_argument, NULL, OPT_KILL_AFTER},
        {"log-dir", required_argument, NULL, OPT_LOG_DIR},
        {"record", required_argument, NULL, OPT_RECORD},
        {"record-last", required_argument, NULL, OPT_RECORD_LAST},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
};

/* Appends one character to the word being built; `in_word` says a word has begun (an
 * empty '' is a word too). */
static void put(char **out, bool *in_word, char ch)
{
	*(*out)++ = ch;
	*in_word = true;
}

/* The words of `s` as pointers followed by their characters, in one block. */
char **run_split_words(const char *s)
{
	size_t len = strlen(s);
	size_t max_words = len / 2 + 2;
	char **words = malloc(max_words * sizeof *words + len + 1);
	char *out, *start;
	size_t n = 0;
	bool in_word = false;
	char quote = 0;

	if (!words)
		return NULL;
	out = start = (char *)(words + max_words);
	for (const char *p = s;; p++) {
		if (!quote && (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n')) {
			if (in_word) {
				*out++ = '\0';
				words[n++] = start;
				start = out;
				in_word = false;
			}
			if (*p == '\0')
				break;
		} else if (*p == '\0') {
			free(words); /* an open quote */
			return NULL;
		} else if (quote == '\'' ? *p == '\'' : quote == '"' ? *p == '"' : false) {
			quote = 0;
		} else if (!quote && (*p == '\'' || *p == '"')) {
			quote = *p;
			in_word = true;
		} else if (*p == '\\' && quote != '\'' && p[1] &&
		           (!quote || p[1] == '"' || p[1] == '\\')) {
			put(&out, &in_word, *++p);
		} else {
			put(&out, &in_word, *p);
		}
	}
	words[n] = NULL;
	return words;
}

static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || !(v >= 0.0) || v > 86400.0)
		return false;
	*out = v;
	return true;
}

/* WxH or WxHxD with positive numbers; whether the server takes them is the server's call
 * (its refusal is reported with its own words). */
static bool screen_form(const char *s)
{
	int parts = 0;

	for (const char *p = s;; p++) {
		const char *digits = p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == digits || *digits == '0')
			return false;
		parts++;
		if (*p == '\0')
			return parts == 2 || parts == 3;
		if (*p != 'x' || parts == 3)
			return false;
	}
}

static bool bad(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

static bool words_option(const char *name, const char *v, char ***out, char *err, size_t errlen)
{
	free(*out);
	*out = run_split_words(v);
	return *out || bad(err, errlen, "--%s: a quote is not closed in '%s'", name, v);
}

static bool take(
        int opt, const char *name, const char *v, struct run_options *o, char *err, size_t errlen)
{
	switch (opt) {
	case OPT_SERVER:
		if (strcmp(v, "xvfb") != 0 && strcmp(v, "xephyr") != 0)
			return bad(err, errlen, "--server: '%s' is not xvfb or xephyr", v);
		o->server = strcmp(v, "xvfb") == 0 ? RUN_XVFB : RUN_XEPHYR;
		return true;
	case OPT_SCREEN:
		if (!screen_form(v) || strlen(v) + 4 > sizeof o->screen_buf)
			return bad(err, errlen,
			        "--screen: '%s' is not WxH or WxHxD (like 1280x800x24)", v);
		/* Xvfb wants the depth */
		snprintf(o->screen_buf, sizeof o->screen_buf, "%s%s", v,
		        strchr(strchr(v, 'x') + 1, 'x') ? "" : "x24");
		o->screen = o->screen_buf;
		return true;
	case OPT_SERVER_ARGS:
		return words_option(name, v, &o->server_args, err, errlen);
	case OPT_WM:
		if (!words_option(name, v, &o->wm, err, errlen))
			return false;
		return o->wm[0] || bad(err, errlen, "--wm: no command given");
	case OPT_CONFIG:
		o->config = v;
		return true;
	case OPT_SHMCOMP_ARGS:
		return words_option(name, v, &o->comp_args, err, errlen);
	case OPT_TIMEOUT:
		return (parse_seconds(v, &o->timeout_s) && o->timeout_s > 0.0) ||
		       bad(err, errlen, "--timeout: '%s' is not a positive number of seconds", v);
	case OPT_KILL_AFTER:
		return parse_seconds(v, &o->kill_after_s) ||
		       bad(err, errlen, "--kill-after: '%s' is not a number of seconds", v);
	case OPT_LOG_DIR:
		o->log_dir = v;
		return true;
	case OPT_RECORD:
		o->record = v;
		return true;
	case OPT_RECORD_LAST: {
		char *end;
		long sec = strtol(v, &end, 10);
		if (!*v || *end || sec < 1 || sec > 3600)
			return bad(err, errlen, "--record-last: '%s' is not seconds, 1 to 3600", v);
		o->record_last = v;
		return true;
	}
	default:
		return bad(err, errlen, "internal error: option %d", opt);
	}
}

bool run_options_parse(int argc, char *const *argv, struct run_options *o, char *err, size_t errlen)
{
	int opt, index;

	*o = (struct run_options){.screen = DEFAULT_SCREEN,
	        .timeout_s = DEFAULT_TIMEOUT_S,
	        .kill_after_s = DEFAULT_KILL_AFTER_S};
	opterr = 0;
	optind = 0;
	/* '+': COMMAND's own options are not ours, even without "--" */
	while ((index = -1, opt = getopt_long(argc, argv, "+:hV", long_options, &index)) != -1) {
		if (opt == '?' || opt == ':') {
			snprintf(err, errlen,
			        opt == '?' ? "unknown option '%s'" : "%s needs a value",
			        argv[optind - 1]);
			return false;
		}
		if (opt == 'h' || opt == 'V') {
			*(opt == 'h' ? &o->help : &o->version) = true;
			continue;
		}
		if (opt == OPT_TEST_PROFILE) {
			o->test_profile = true;
			continue;
		}
		if (!take(opt, long_options[index].name, optarg, o, err, errlen))
			return false;
	}
	if (o->record_last && !o->record) {
		snprintf(err, errlen, "--record-last needs --record FILE");
		return false;
	}
	if (optind >= argc && !o->help && !o->version) {
		snprintf(err, errlen, "no COMMAND given");
		return false;
	}
	o->command = argv + optind;
	return true;
}

void run_options_finish(struct run_options *o)
{
	free(o->server_args);
	free(o->wm);
	free(o->comp_args);
	o->server_args = o->wm = o->comp_args = NULL;
}
