/* shmcomp-ctl: the command line of the control protocol. Parses the options, connects, finds
 * shmcomp and runs one command: wait, screenshot, step, status, window, stats or reload; or
 * compares two PNG files without X.
 * Exit status: 0 success, 1 failure (message on stderr), 2 bad usage. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"
#include "version.h"

#define EXIT_USAGE 2
#define DEFAULT_TIMEOUT 10.0
#define FIND_RETRY_MS 50
#define STEP_MAX_MS 86400000UL /* a day */

/* Options that only some commands take. */
enum {
	OPT_SETTLED = 1 << 0,
	OPT_TARGET = 1 << 1,
	OPT_GEOMETRY = 1 << 2,
	OPT_ALPHA = 1 << 3,
	OPT_SHADOW = 1 << 4,
	OPT_TOLERANCE = 1 << 5,
	OPT_DIFF = 1 << 6,
	OPT_QUIET = 1 << 7,
	OPT_IGNORE = 1 << 8,
	OPT_WHOLE_SCREEN = 1 << 9,
	OPT_POPUP = 1 << 10,
	OPT_STABLE = 1 << 11,
	OPT_FIRST_QUIET = 1 << 12,
	OPT_FPS_CAP = 1 << 13,
	OPT_LAST = OPT_FPS_CAP,
};

/* What a settled wait takes (--settled and status) */
#define OPT_SETTLE_OPTIONS (OPT_QUIET | OPT_FIRST_QUIET | OPT_IGNORE)

enum {
	LONG_SETTLED = 256,
	LONG_WINDOW,
	LONG_CLASS,
	LONG_NAME,
	LONG_GEOMETRY,
	LONG_ALPHA,
	LONG_SHADOW,
	LONG_TOLERANCE,
	LONG_DIFF,
	LONG_QUIET,
	LONG_IGNORE_WINDOW,
	LONG_IGNORE_CLASS,
	LONG_IGNORE_NAME,
	LONG_WHOLE_SCREEN,
	LONG_POPUP,
	LONG_STABLE,
	LONG_FIRST_QUIET,
	LONG_FPS_CAP,
};

struct options {
	const char *display;
	double timeout;
	bool verbose;
	unsigned given;           /* OPT_* */
	const char *given_target; /* the option that named the target, for messages */
	struct ctl_shot shot;     /* target, geometry, alpha, shadow; path set later */
	struct ctl_settle settle; /* quiet period, ignored windows; the scope set later */
	unsigned tolerance;       /* compare */
	unsigned fps_cap;         /* record start */
	const char *diff;         /* compare: where the diff image goes */
	const char *command;
	char **args;
	int nargs;
};

struct command {
	const char *name;
	int nargs;
	unsigned takes; /* OPT_* */
	unsigned needs; /* OPT_* */
	bool (*run)(struct ctl_conn *cc, const struct options *opt);
	bool (*run_offline)(const struct options *opt); /* commands without X */
};

static const char usage_text[] =
        "Usage: shmcomp-ctl [OPTIONS] COMMAND [ARGS]\n"
        "Control the shmcomp compositing manager running on an X display.\n"
        "\n"
        "Commands:\n"
        "  wait [--settled [SETTLE]] [WINDOW]\n"
        "                     return once everything drawn before the call is on\n"
        "                     screen; WINDOW: first wait until it is mapped;\n"
        "                     --settled: once the screen (with WINDOW: that window)\n"
        "                     is settled: each window that counts has drawn since it\n"
        "                     was mapped and then not for the quiet period, nothing\n"
        "                     is pending, no animation runs; prints frame=N, or on a\n"
        "                     timeout what is not settled\n"
        "  screenshot [--settled [SETTLE]] [--stable] [WINDOW] [--geometry G]\n"
        "             [--alpha] [--shadow] FILE\n"
        "                     wait (as above), then write PNG to FILE ('-' = stdout):\n"
        "                     the screen, or one WINDOW from its own pixels (parts\n"
        "                     covered or off screen included, border too);\n"
        "                     --stable: capture until two captures in a row, each\n"
        "                     after a wait and a quiet period apart, are identical\n"
        "  step MS            advance shmcomp's virtual clock (--clock=virtual) by MS\n"
        "                     milliseconds; return once that frame is on screen\n"
        "  status [WINDOW] [SETTLE]\n"
        "                     print whether the screen (or WINDOW) is settled, and\n"
        "                     why not\n"
        "  window WINDOW      print what shmcomp knows of a window (key=value lines)\n"
        "  stats              print the compositor's statistics (key=value lines)\n"
        "  reload             make the compositor reload its configuration file\n"
        "  record start NAME [--fps-cap N] [--geometry G] | record stop | record dump\n"
        "                     video of the screen into NAME in shmcomp's --record-dir\n"
        "  compare [--tolerance N] [--geometry G] [--diff DIFF.png] A.png B.png\n"
        "                     compare two PNG files (no X needed): exit 0 when no\n"
        "                     channel differs by more than N (default 0), else 1,\n"
        "                     saying how many pixels differ; DIFF.png shows them red\n";

/* The rest of the usage (one string would pass what C99 compilers must take). */
static const char usage_options[] =
        "\n"
        "WINDOW is one of:\n"
        "  --window ID        a toplevel window, or a window inside one\n"
        "  --class PAT        the window whose WM_CLASS instance or class is PAT\n"
        "  --name PAT         the window whose _NET_WM_NAME or WM_NAME is PAT\n"
        "                     PAT: the exact text, else a glob (fnmatch); of several\n"
        "                     matches, a mapped application window wins over popups,\n"
        "                     1x1 helpers and unmapped windows\n"
        "  --popup            with --class or --name: the application's popup (menu,\n"
        "                     tooltip, combo, override-redirect window) instead\n"
        "\n"
        "SETTLE options (wait --settled, screenshot --settled, status):\n"
        "  --quiet-period MS  a window has finished once it has not drawn for MS\n"
        "                     milliseconds (default 300; with --stable: how far apart\n"
        "                     the captures are)\n"
        "  --first-quiet-period MS\n"
        "                     the same for a window that has drawn once only since\n"
        "                     it was mapped, like a terminal before its prompt\n"
        "                     (default 1000; never less than --quiet-period)\n"
        "  --ignore-window ID, --ignore-class PAT, --ignore-name PAT\n"
        "                     that window does not count (repeatable, 32 at most)\n"
        "  --whole-screen     with WINDOW: the whole screen must settle, not only\n"
        "                     WINDOW\n"
        "\n"
        "Screenshot options:\n"
        "  --geometry WxH+X+Y only this rectangle of the screen (or of the window)\n"
        "  --alpha            RGBA, keeping an ARGB window's alpha (not premultiplied)\n"
        "  --shadow           the window as shmcomp draws it: shadow, corners, dim and\n"
        "                     opacity, on a transparent background (RGBA)\n"
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
	fputs(usage_options, stderr);
	return EXIT_USAGE;
}

static void print_frame(uint32_t frame, bool stdout_busy)
{
	fprintf(stdout_busy ? stderr : stdout, "frame=%" PRIu32 "\n", frame);
}

static bool request(struct ctl_conn *cc, const struct options *opt, uint32_t command, uint32_t arg,
        bool stdout_busy)
{
	struct ctl_reply r;

	if (!ctl_request(cc, command, arg, NULL, &r) || !ctl_reply_ok(cc, opt->command, &r))
		return false;
	if (opt->verbose)
		print_frame(r.frame, stdout_busy);
	return true;
}

static bool request_args(struct ctl_conn *cc, const struct options *opt, uint32_t command,
        uint32_t arg, const char *args)
{
	struct ctl_reply r;

	if (!ctl_request_args(cc, command, arg, args, NULL, &r) ||
	        !ctl_reply_ok(cc, opt->command, &r))
		return false;
	if (opt->verbose)
		print_frame(r.frame, false);
	return true;
}

/* Waits until the target window exists and is mapped (polling: that is the X server's
 * business, not shmcomp's), within the deadline; then says what is missing. */
static bool find_target(struct ctl_conn *cc, const struct options *opt, struct ctl_window *win)
{
	for (;;) {
		enum ctl_found f = ctl_find_window(cc, &opt->shot.target, true, false, win);

		if (f != CTL_ABSENT)
			return f == CTL_FOUND;
		if (!ctl_sleep(cc, FIND_RETRY_MS))
			break;
	}
	ctl_error("timed out after %g s waiting for the window (%s%s %s) to be mapped on %s",
	        cc->timeout, opt->shot.target.popup ? "--popup " : "", opt->given_target,
	        opt->shot.target.value, cc->display);
	ctl_extend_deadline(cc, 2.0); /* to say what is there instead */
	ctl_find_window(cc, &opt->shot.target, true, true, win);
	return false;
}

/* --ignore-window IDs as their toplevels, as shmcomp counts toplevels; an id that is not
 * (or no longer) there is sent as it is. */
static bool resolve_ignored(struct ctl_conn *cc, struct ctl_settle *s)
{
	for (size_t i = 0; i < s->nignore; i++) {
		struct ctl_ignore *g = &s->ignore[i];
		xcb_window_t top;

		if (g->by != CTL_IGNORE_WINDOW)
			continue;
		if (g->id == cc->screen->root) {
			ctl_error("--ignore-window %s is the root window", g->value);
			return false;
		}
		switch (ctl_toplevel_of(cc, g->id, false, &top)) {
		case CTL_FOUND:
			g->id = top;
			break;
		case CTL_ABSENT:
			break;
		default:
			return false;
		}
	}
	return true;
}

/* The settled wait with the command line's options; `scope` the window it is about, or
 * XCB_NONE for the screen. */
static bool settled_wait(
        struct ctl_conn *cc, const struct options *opt, xcb_window_t scope, bool stdout_busy)
{
	struct ctl_settle settle = opt->settle;
	struct ctl_reply r;
	char *args;
	bool ok;

	settle.scope = scope;
	if (!resolve_ignored(cc, &settle) || !(args = ctl_settle_text(&settle)))
		return false;
	ok = ctl_request_args(cc, CTL_WAIT, CTL_WAIT_SETTLED, args, "the screen to settle", &r);
	free(args);
	if (!ok) {
		if (cc->timed_out)
			ctl_explain_unsettled(cc, &settle);
		return false;
	}
	if (!ctl_reply_ok(cc, opt->command, &r))
		return false;
	/* `wait --settled` says which frame settled; a screenshot only with -v */
	if (strcmp(opt->command, "wait") == 0 || opt->verbose)
		print_frame(r.frame, stdout_busy);
	return true;
}

static bool any_wait(
        struct ctl_conn *cc, const struct options *opt, bool stdout_busy, struct ctl_window *win)
{
	bool has_target = opt->shot.target.by != CTL_BY_NONE;
	xcb_window_t scope;

	if (has_target && !find_target(cc, opt, win))
		return false;
	/* a test of one window should not wait for a clock ticking elsewhere */
	scope = has_target && !(opt->given & OPT_WHOLE_SCREEN) ? win->toplevel : XCB_NONE;
	if (opt->given & OPT_SETTLED)
		return settled_wait(cc, opt, scope, stdout_busy);
	return request(cc, opt, CTL_WAIT, 0, stdout_busy);
}

static bool run_wait(struct ctl_conn *cc, const struct options *opt)
{
	struct ctl_window win;

	return any_wait(cc, opt, false, &win);
}

static bool run_screenshot(struct ctl_conn *cc, const struct options *opt)
{
	struct ctl_shot shot = opt->shot;
	struct ctl_window win;
	bool has_target = shot.target.by != CTL_BY_NONE;

	shot.path = opt->args[0];
	shot.stable_ms = opt->settle.has_quiet ? opt->settle.quiet_ms : CTL_QUIET_DEFAULT_MS;
	if (!any_wait(cc, opt, strcmp(shot.path, "-") == 0, &win))
		return false;
	if (opt->given & OPT_STABLE)
		return ctl_screenshot_stable(cc, &shot, has_target ? &win : NULL);
	return ctl_screenshot(cc, &shot, has_target ? &win : NULL);
}

static bool parse_ms(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (end == s || *end || errno || s[0] == '-' || v > STEP_MAX_MS)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool run_step(struct ctl_conn *cc, const struct options *opt)
{
	uint32_t ms = 0;

	/* checked in main() already; parsed again here to keep the options plain */
	return parse_ms(opt->args[0], &ms) && request(cc, opt, CTL_STEP, ms, false);
}

/* Prints a command's _SHMCOMP_TEXT to stdout. */
static bool print_text(struct ctl_conn *cc, const struct options *opt, uint32_t command,
        uint32_t arg, const char *args)
{
	struct ctl_reply r;
	size_t len;
	char *text = ctl_request_text(cc, opt->command, command, arg, args, &r);
	bool ok;

	if (!text)
		return false;
	len = strlen(text);
	ok = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
	if (!ok)
		ctl_error("%s: cannot write to stdout", opt->command);
	free(text);
	return ok;
}

static bool run_status(struct ctl_conn *cc, const struct options *opt)
{
	struct ctl_settle settle = opt->settle;
	struct ctl_window win;
	char *args;
	bool ok;

	if (opt->shot.target.by != CTL_BY_NONE) {
		if (ctl_find_window(cc, &opt->shot.target, false, true, &win) != CTL_FOUND)
			return false;
		settle.scope = win.toplevel;
	}
	if (!resolve_ignored(cc, &settle) || !(args = ctl_settle_text(&settle)))
		return false;
	ok = print_text(cc, opt, CTL_STATUS, 0, args);
	free(args);
	return ok;
}

static bool run_window(struct ctl_conn *cc, const struct options *opt)
{
	struct ctl_window win;

	if (ctl_find_window(cc, &opt->shot.target, false, true, &win) != CTL_FOUND)
		return false;
	return print_text(cc, opt, CTL_WINDOW, win.toplevel, NULL);
}

static bool run_stats(struct ctl_conn *cc, const struct options *opt)
{
	size_t len;
	char *text;
	bool ok;

	if (!request(cc, opt, CTL_STATS, 0, true))
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
	return request(cc, opt, CTL_RELOAD, 0, false);
}

/* record start NAME | stop | dump: NAME a file inside shmcomp's --record-dir. */
static bool run_record(struct ctl_conn *cc, const struct options *opt)
{
	const char *op = opt->args[0];
	char args[600];
	const struct ctl_rect *g = &opt->shot.geometry;

	if (strcmp(op, "start") == 0) {
		int n = snprintf(
		        args, sizeof args, "name=%s\nfps-cap=%u\n", opt->args[1], opt->fps_cap);
		if (opt->shot.has_geometry && n > 0 && (size_t)n < sizeof args)
			snprintf(args + n, sizeof args - (size_t)n, "geometry=%ux%u+%d+%d\n",
			        g->width, g->height, g->x, g->y);
		return request_args(cc, opt, CTL_RECORD, CTL_RECORD_START, args);
	}
	if (strcmp(op, "stop") == 0)
		return print_text(cc, opt, CTL_RECORD, CTL_RECORD_STOP, NULL);
	return request_args(cc, opt, CTL_RECORD, CTL_RECORD_DUMP, NULL);
}

static bool run_compare(const struct options *opt)
{
	struct ctl_compare cmp = {
	        .a = opt->args[0],
	        .b = opt->args[1],
	        .tolerance = opt->tolerance,
	        .has_clip = opt->shot.has_geometry,
	        .clip = opt->shot.geometry,
	        .diff = opt->diff,
	};

	return ctl_compare(&cmp);
}

static const struct command commands[] = {
        {"wait", 0, OPT_SETTLED | OPT_TARGET | OPT_POPUP | OPT_SETTLE_OPTIONS | OPT_WHOLE_SCREEN, 0,
                run_wait, NULL},
        {"screenshot", 1,
                OPT_SETTLED | OPT_TARGET | OPT_POPUP | OPT_SETTLE_OPTIONS | OPT_WHOLE_SCREEN |
                        OPT_STABLE | OPT_GEOMETRY | OPT_ALPHA | OPT_SHADOW,
                0, run_screenshot, NULL},
        {"step", 1, 0, 0, run_step, NULL},
        {"status", 0, OPT_TARGET | OPT_POPUP | OPT_SETTLE_OPTIONS, 0, run_status, NULL},
        {"window", 0, OPT_TARGET | OPT_POPUP, OPT_TARGET, run_window, NULL},
        {"stats", 0, 0, 0, run_stats, NULL},
        {"reload", 0, 0, 0, run_reload, NULL},
        {"compare", 2, OPT_TOLERANCE | OPT_DIFF | OPT_GEOMETRY, 0, NULL, run_compare},
        /* start NAME, stop, dump: checked in check_usage */
        {"record", -1, OPT_FPS_CAP | OPT_GEOMETRY, 0, run_record, NULL},
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

/* A decimal number of at most 5 digits (X coordinates are 16-bit); *s moves past it. */
static bool parse_coord(const char **s, uint32_t *out)
{
	uint32_t v = 0;
	int digits = 0;

	while (**s >= '0' && **s <= '9' && digits < 6) {
		v = v * 10 + (uint32_t)(**s - '0');
		(*s)++;
		digits++;
	}
	*out = v;
	return digits > 0 && digits <= 5 && v <= 32767;
}

/* WxH, WxH+X+Y */
static bool parse_geometry(const char *s, struct ctl_rect *r)
{
	uint32_t x = 0, y = 0;

	if (!parse_coord(&s, &r->width) || *s++ != 'x' || !parse_coord(&s, &r->height))
		return false;
	if (*s == '+') {
		s++;
		if (!parse_coord(&s, &x) || *s++ != '+' || !parse_coord(&s, &y))
			return false;
	}
	r->x = (int32_t)x;
	r->y = (int32_t)y;
	return *s == '\0' && r->width > 0 && r->height > 0;
}

static bool parse_tolerance(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (end == s || *end || s[0] == '-' || v > 255)
		return false;
	*out = (unsigned)v;
	return true;
}

static bool parse_quiet(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (end == s || *end || errno || s[0] == '-' || v > CTL_QUIET_MAX_MS)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One --ignore-* option; returns -1 to go on, or the exit status. */
static int add_ignore(struct options *opt, enum ctl_ignore_by by, const char *name)
{
	struct ctl_ignore g = {by, optarg, XCB_NONE};

	if (opt->settle.nignore == CTL_IGNORE_MAX)
		return usage_error("more than %u --ignore-window, --ignore-class and --ignore-name "
		                   "options",
		        CTL_IGNORE_MAX);
	if (by == CTL_IGNORE_WINDOW && !ctl_parse_window_id(optarg, &g.id))
		return usage_error("bad %s '%s': want a window id such as 0x400001", name, optarg);
	if (!*optarg || strchr(optarg, '\n'))
		return usage_error(
		        "bad %s '%s': want a pattern, not empty, on one line", name, optarg);
	opt->given |= OPT_IGNORE;
	opt->settle.ignore[opt->settle.nignore++] = g;
	return -1;
}

/* Returns -1 to go on, or the exit status. */
static int set_target(struct options *opt, enum ctl_by by, const char *name)
{
	if (opt->given & OPT_TARGET)
		return usage_error(
		        "%s and %s both name a window: give one", opt->given_target, name);
	opt->given |= OPT_TARGET;
	opt->given_target = name;
	opt->shot.target.by = by;
	opt->shot.target.value = optarg;
	return -1;
}

/* A command's own option; returns -1 to go on, or the exit status. */
static int command_option(struct options *opt, int c)
{
	switch (c) {
	case LONG_SETTLED:
		opt->given |= OPT_SETTLED;
		return -1;
	case LONG_WINDOW:
		return set_target(opt, CTL_BY_ID, "--window");
	case LONG_CLASS:
		return set_target(opt, CTL_BY_CLASS, "--class");
	case LONG_NAME:
		return set_target(opt, CTL_BY_NAME, "--name");
	case LONG_GEOMETRY:
		if (!parse_geometry(optarg, &opt->shot.geometry))
			return usage_error("bad geometry '%s': want WxH or WxH+X+Y", optarg);
		opt->given |= OPT_GEOMETRY;
		opt->shot.has_geometry = true;
		return -1;
	case LONG_ALPHA:
		opt->given |= OPT_ALPHA;
		opt->shot.alpha = true;
		return -1;
	case LONG_TOLERANCE:
		if (!parse_tolerance(optarg, &opt->tolerance))
			return usage_error("bad tolerance '%s': want 0 to 255", optarg);
		opt->given |= OPT_TOLERANCE;
		return -1;
	case LONG_DIFF:
		opt->given |= OPT_DIFF;
		opt->diff = optarg;
		return -1;
	case LONG_QUIET:
		if (!parse_quiet(optarg, &opt->settle.quiet_ms))
			return usage_error("bad quiet period '%s': want milliseconds, 0 to %u",
			        optarg, CTL_QUIET_MAX_MS);
		opt->given |= OPT_QUIET;
		opt->settle.has_quiet = true;
		return -1;
	case LONG_FIRST_QUIET:
		if (!parse_quiet(optarg, &opt->settle.first_quiet_ms))
			return usage_error(
			        "bad first quiet period '%s': want milliseconds, 0 to %u", optarg,
			        CTL_QUIET_MAX_MS);
		opt->given |= OPT_FIRST_QUIET;
		opt->settle.has_first_quiet = true;
		return -1;
	case LONG_IGNORE_WINDOW:
		return add_ignore(opt, CTL_IGNORE_WINDOW, "--ignore-window");
	case LONG_IGNORE_CLASS:
		return add_ignore(opt, CTL_IGNORE_CLASS, "--ignore-class");
	case LONG_IGNORE_NAME:
		return add_ignore(opt, CTL_IGNORE_NAME, "--ignore-name");
	case LONG_WHOLE_SCREEN:
		opt->given |= OPT_WHOLE_SCREEN;
		return -1;
	case LONG_POPUP:
		opt->given |= OPT_POPUP;
		opt->shot.target.popup = true;
		return -1;
	case LONG_STABLE:
		opt->given |= OPT_STABLE;
		return -1;
	case LONG_FPS_CAP: {
		char *end;
		unsigned long v = strtoul(optarg, &end, 10);
		if (!*optarg || *end || v > 1000)
			return usage_error("bad --fps-cap '%s': want 0 to 1000", optarg);
		opt->fps_cap = (unsigned)v;
		opt->given |= OPT_FPS_CAP;
		return -1;
	}
	default: /* LONG_SHADOW */
		opt->given |= OPT_SHADOW;
		opt->shot.shadow = true;
		return -1;
	}
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
	        {"settled", no_argument, NULL, LONG_SETTLED},
	        {"window", required_argument, NULL, LONG_WINDOW},
	        {"class", required_argument, NULL, LONG_CLASS},
	        {"name", required_argument, NULL, LONG_NAME},
	        {"geometry", required_argument, NULL, LONG_GEOMETRY},
	        {"alpha", no_argument, NULL, LONG_ALPHA},
	        {"shadow", no_argument, NULL, LONG_SHADOW},
	        {"tolerance", required_argument, NULL, LONG_TOLERANCE},
	        {"diff", required_argument, NULL, LONG_DIFF},
	        {"quiet-period", required_argument, NULL, LONG_QUIET},
	        {"first-quiet-period", required_argument, NULL, LONG_FIRST_QUIET},
	        {"ignore-window", required_argument, NULL, LONG_IGNORE_WINDOW},
	        {"ignore-class", required_argument, NULL, LONG_IGNORE_CLASS},
	        {"ignore-name", required_argument, NULL, LONG_IGNORE_NAME},
	        {"whole-screen", no_argument, NULL, LONG_WHOLE_SCREEN},
	        {"popup", no_argument, NULL, LONG_POPUP},
	        {"stable", no_argument, NULL, LONG_STABLE},
	        {"fps-cap", required_argument, NULL, LONG_FPS_CAP},
	        {NULL, 0, NULL, 0},
	};
	int c, status;

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
			fputs(usage_options, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("shmcomp-ctl %s\n", SHMCOMP_VERSION);
			return EXIT_SUCCESS;
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		case '?':
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		default:
			if ((status = command_option(opt, c)) >= 0)
				return status;
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no command given");
	opt->command = argv[optind];
	opt->args = argv + optind + 1;
	opt->nargs = argc - optind - 1;
	return -1;
}

static const char *option_name(unsigned bit)
{
	switch (bit) {
	case OPT_SETTLED:
		return "--settled";
	case OPT_TARGET:
		return "--window, --class or --name";
	case OPT_GEOMETRY:
		return "--geometry";
	case OPT_ALPHA:
		return "--alpha";
	case OPT_SHADOW:
		return "--shadow";
	case OPT_TOLERANCE:
		return "--tolerance";
	case OPT_DIFF:
		return "--diff";
	case OPT_QUIET:
		return "--quiet-period";
	case OPT_IGNORE:
		return "--ignore-window, --ignore-class or --ignore-name";
	case OPT_WHOLE_SCREEN:
		return "--whole-screen";
	case OPT_POPUP:
		return "--popup";
	case OPT_FIRST_QUIET:
		return "--first-quiet-period";
	case OPT_FPS_CAP:
		return "--fps-cap";
	default:
		return "--stable";
	}
}

/* Options that only mean something next to others; -1 to go on, or the exit status. */
static int check_companions(const struct command *cmd, const struct options *opt)
{
	bool waits = cmd->takes & OPT_SETTLED, settled = opt->given & OPT_SETTLED;

	if ((opt->given & OPT_SHADOW) && !(opt->given & OPT_TARGET))
		return usage_error("--shadow needs a window: --window, --class or --name");
	if ((opt->given & OPT_POPUP) &&
	        (!(opt->given & OPT_TARGET) || opt->shot.target.by == CTL_BY_ID))
		return usage_error("--popup needs --class or --name");
	if (waits && (opt->given & OPT_QUIET) && !settled && !(opt->given & OPT_STABLE))
		return usage_error("--quiet-period needs --settled or --stable");
	if (waits && (opt->given & OPT_IGNORE) && !settled)
		return usage_error("%s needs --settled", option_name(OPT_IGNORE));
	if (waits && (opt->given & OPT_FIRST_QUIET) && !settled)
		return usage_error("--first-quiet-period needs --settled");
	if ((opt->given & OPT_WHOLE_SCREEN) && (!settled || !(opt->given & OPT_TARGET)))
		return usage_error("--whole-screen needs --settled and a window (--window, --class "
		                   "or --name)");
	return -1;
}

/* Returns -1 to go on, or the exit status. */
static int check_command(const struct command *cmd, const struct options *opt)
{
	uint32_t ms;

	for (unsigned bit = 1; bit <= OPT_LAST; bit <<= 1) {
		if ((opt->given & bit) && !(cmd->takes & bit))
			return usage_error("'%s' does not take %s", cmd->name, option_name(bit));
		if (!(opt->given & bit) && (cmd->needs & bit))
			return usage_error("'%s' needs %s", cmd->name, option_name(bit));
	}
	if (check_companions(cmd, opt) >= 0)
		return EXIT_USAGE;
	if (cmd->nargs < 0) { /* record */
		bool start = opt->nargs == 2 && strcmp(opt->args[0], "start") == 0;
		bool other = opt->nargs == 1 && (strcmp(opt->args[0], "stop") == 0 ||
		                                        strcmp(opt->args[0], "dump") == 0);
		if (!start && !other)
			return usage_error("'record' wants: start NAME, stop or dump");
		if (!start && (opt->given & (OPT_FPS_CAP | OPT_GEOMETRY)))
			return usage_error("--fps-cap and --geometry go with 'record start'");
		return -1;
	}
	if (opt->nargs != cmd->nargs && cmd->nargs)
		return usage_error("'%s' needs %s", cmd->name,
		        cmd->nargs == 1 ? "one argument" : "two arguments");
	if (opt->nargs != cmd->nargs)
		return usage_error("'%s' takes no arguments", cmd->name);
	if (strcmp(cmd->name, "step") == 0 && !parse_ms(opt->args[0], &ms))
		return usage_error(
		        "bad step '%s': want milliseconds, 0 to %lu", opt->args[0], STEP_MAX_MS);
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
	cmd = opt.command ? find_command(opt.command) : NULL;
	if (!cmd)
		return usage_error("unknown command '%s'", opt.command);
	status = check_command(cmd, &opt);
	if (status >= 0)
		return status;
	if (cmd->run_offline)
		return cmd->run_offline(&opt) ? EXIT_SUCCESS : EXIT_FAILURE;
	ok = ctl_connect(&cc, opt.display, opt.timeout) && ctl_find_shmcomp(&cc) &&
	     cmd->run(&cc, &opt);
	ctl_disconnect(&cc);
	return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
