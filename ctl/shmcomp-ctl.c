/* shmcomp-ctl: the command line of the control protocol. Parses the options, connects, finds
 * shmcomp and runs one command: wait, screenshot, stats or reload.
 * Exit status: 0 success, 1 failure (message on stderr), 2 bad usage. */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/ctl-proto.h"
#include "ctl/ctl.h"
#include "version.h"

#define EXIT_USAGE 2
#define DEFAULT_TIMEOUT 10.0

struct options {
	const char *display;
	double timeout;
	bool verbose;
	const char *command;
	char **args;
	int nargs;
};

struct command {
	const char *name;
	int nargs;
	bool (*run)(struct ctl_conn *cc, const struct options *opt);
};

static const char usage_text[] =
	"Usage: shmcomp-ctl [OPTIONS] COMMAND [ARGS]\n"
	"Control the shmcomp compositing manager running on an X display.\n"
	"\n"
	"Commands:\n"
	"  wait               return once everything drawn before the call is on screen\n"
	"  screenshot FILE    wait, then write the screen as PNG to FILE ('-' = stdout)\n"
	"  stats              print the compositor's statistics (key=value lines)\n"
	"  reload             make the compositor reload its configuration file\n"
	"\n"
	"Options:\n"
	"  -d, --display D    X display (default: $DISPLAY)\n"
	"  -t, --timeout SEC  give up after SEC seconds (default 10; fractions allowed)\n"
	"  -v, --verbose      print frame=N, the frame the request completed in\n"
	"                     (on stdout, or on stderr when stdout carries the output)\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 failure (reason on stderr), 2 bad usage.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("shmcomp-ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

/* Prints the reason a reply is not CTL_OK; false unless it is CTL_OK. */
static bool reply_ok(struct ctl_conn *cc, const char *command, const struct ctl_reply *r)
{
	size_t len;
	char *text;

	if (r->status == CTL_OK)
		return true;
	if (r->status == CTL_UNKNOWN) {
		ctl_error("shmcomp on %s does not know the command '%s'", cc->display, command);
		return false;
	}
	if (r->status != CTL_ERROR) {
		ctl_error("%s: shmcomp on %s replied with unknown status %" PRIu32, command,
			cc->display, r->status);
		return false;
	}
	text = ctl_read_text(cc, &len);
	if (!text)
		return false;
	if (len == 0) {
		ctl_error("%s failed (shmcomp gave no reason)", command);
	} else {
		fprintf(stderr, "shmcomp-ctl: %s failed: ", command);
		fwrite(text, 1, len, stderr);
		if (text[len - 1] != '\n')
			fputc('\n', stderr);
	}
	free(text);
	return false;
}

static bool request(struct ctl_conn *cc, const struct options *opt, uint32_t command,
		    bool stdout_busy)
{
	struct ctl_reply r;

	if (!ctl_request(cc, command, &r) || !reply_ok(cc, opt->command, &r))
		return false;
	if (opt->verbose)
		fprintf(stdout_busy ? stderr : stdout, "frame=%" PRIu32 "\n", r.frame);
	return true;
}

static bool run_wait(struct ctl_conn *cc, const struct options *opt)
{
	return request(cc, opt, CTL_WAIT, false);
}

static bool run_screenshot(struct ctl_conn *cc, const struct options *opt)
{
	const char *path = opt->args[0];

	return request(cc, opt, CTL_WAIT, strcmp(path, "-") == 0) && ctl_screenshot(cc, path);
}

static bool run_stats(struct ctl_conn *cc, const struct options *opt)
{
	size_t len;
	char *text;
	bool ok;

	if (!request(cc, opt, CTL_STATS, true))
		return false;
	text = ctl_read_text(cc, &len);
	if (!text)
		return false;
	ok = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
	if (!ok)
		ctl_error("stats: cannot write to stdout");
	free(text);
	return ok;
}

static bool run_reload(struct ctl_conn *cc, const struct options *opt)
{
	return request(cc, opt, CTL_RELOAD, false);
}

static const struct command commands[] = {
	{"wait", 0, run_wait},
	{"screenshot", 1, run_screenshot},
	{"stats", 0, run_stats},
	{"reload", 0, run_reload},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

static bool parse_timeout(const char *s, double *out)
{
	char *end;
	double t = strtod(s, &end);

	/* at most a day: the deadline is kept in nanoseconds */
	if (end == s || *end || !isfinite(t) || t <= 0 || t > 86400)
		return false;
	*out = t;
	return true;
}

/* Returns -1 to go on, or the exit status. */
static int parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{"display", required_argument, NULL, 'd'},
		{"timeout", required_argument, NULL, 't'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0; /* our own messages, followed by the usage */
	while ((c = getopt_long(argc, argv, ":d:t:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opt->display = optarg;
			break;
		case 't':
			if (!parse_timeout(optarg, &opt->timeout))
				return usage_error("bad timeout '%s': want seconds > 0", optarg);
			break;
		case 'v':
			opt->verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("shmcomp-ctl %s\n", SHMCOMP_VERSION);
			return EXIT_SUCCESS;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no command given");
	opt->command = argv[optind];
	opt->args = argv + optind + 1;
	opt->nargs = argc - optind - 1;
	return -1;
}

int main(int argc, char **argv)
{
	struct options opt = {.timeout = DEFAULT_TIMEOUT};
	const struct command *cmd;
	struct ctl_conn cc;
	int status = parse_options(argc, argv, &opt);
	bool ok;

	if (status >= 0)
		return status;
	cmd = find_command(opt.command);
	if (!cmd)
		return usage_error("unknown command '%s'", opt.command);
	if (opt.nargs != cmd->nargs && cmd->nargs)
		return usage_error("'%s' needs one argument", cmd->name);
	if (opt.nargs != cmd->nargs)
		return usage_error("'%s' takes no arguments", cmd->name);
	ok = ctl_connect(&cc, opt.display, opt.timeout) && ctl_find_shmcomp(&cc) &&
		cmd->run(&cc, &opt);
	ctl_disconnect(&cc);
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
