/* shmcomp-run: the parts of the program and what they share. main.c runs the stages in
 * order (X server, window manager, shmcomp, COMMAND) and ends them in reverse; child.c
 * starts, watches and stops processes; display.c asks the X server (is a window manager
 * there, does the display answer); auth.c writes the
 * private display's cookie; options.c reads the command line. */
#ifndef SHMCOMP_RUN_H
#define SHMCOMP_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#define RUN_EXIT_USAGE 2
#define RUN_EXIT_FAILED 125 /* shmcomp-run itself failed (as timeout(1) and env(1) do) */
#define RUN_EXIT_CANNOT_EXEC 126
#define RUN_EXIT_NOT_FOUND 127

/* ---- options.c ---- */

enum run_server { RUN_XVFB, RUN_XEPHYR };

struct run_options {
	enum run_server server;
	const char *screen;  /* WxHxD, checked for form only: the server judges */
	char screen_buf[32]; /* --screen, with x24 added to a WxH */
	char **server_args;  /* --server-args split into words (NULL-terminated) or NULL */
	char **wm;           /* --wm split into words, or NULL: no window manager */
	const char *config;  /* --config, passed to shmcomp */
	bool test_profile;
	char **comp_args;        /* --shmcomp-args split into words, or NULL */
	double timeout_s;        /* bound on each start-up step */
	double kill_after_s;     /* SIGTERM, then SIGKILL after this */
	const char *log_dir;     /* --log-dir or NULL */
	const char *record;      /* --record FILE: shmcomp records the screen into it */
	const char *record_last; /* --record-last SEC: only the last SEC, kept if COMMAND fails */
	char *const *command;    /* COMMAND and its arguments (points into argv) */
	bool help, version;
};

void run_usage(FILE *f);
/* Parses argv into `o` (which run_options_finish releases); false with a message in err. */
bool run_options_parse(
        int argc, char *const *argv, struct run_options *o, char *err, size_t errlen);
void run_options_finish(struct run_options *o);
/* Splits `s` into words as sh does with quotes and backslashes, expanding nothing:
 * `a 'b c' "d\"e" f\ g` gives a, b c, d"e, f g. One allocation (free() it); NULL when a
 * quote is not closed or memory runs out. */
char **run_split_words(const char *s);

/* ---- child.c ---- */

#define RUN_LOG_KEEP 16384 /* the last bytes of a child's output kept for messages */

/* The last RUN_LOG_KEEP bytes a child wrote. */
struct run_ring {
	char buf[RUN_LOG_KEEP];
	size_t total; /* bytes ever written; the next one goes to buf[total % RUN_LOG_KEEP] */
};

/* A process shmcomp-run started and has to end. Each leads a process group of its own:
 * the terminal's ^C reaches shmcomp-run alone (or COMMAND alone, when it has the
 * terminal), and a stop reaches what the process itself started. */
struct run_child {
	const char *name; /* for messages: "Xvfb", "the window manager (openbox)", ... */
	pid_t pid;        /* also its process group; -1 before it starts */
	bool running;
	int status;          /* its wait status once it ended */
	int log_fd;          /* read end of its stdout+stderr, -1 when none or at end of file */
	int keep_fd;         /* --log-dir: the file that gets all of it, -1 */
	char keep_path[512]; /* that file's path, "" when there is none */
	bool echo;           /* what it writes goes on to our stderr too */
	bool reported;       /* something was said about it (run_report) */
	bool killed;         /* run_stop sent SIGKILL */
	struct run_ring log;
};

enum run_stage { RUN_SERVER, RUN_WM, RUN_COMP, RUN_COMMAND, RUN_STAGES };

struct run {
	struct run_options opt;
	struct run_child child[RUN_STAGES]; /* in start order; teardown walks it backwards */
	int signal_fd;
	int signal;        /* the first SIGINT, SIGTERM or SIGHUP received, 0 if none */
	bool hurry;        /* a second signal: no more waiting for anything to end */
	bool dumped;       /* --record-last: the last seconds were asked for (SIGUSR1) */
	sigset_t ignored;  /* signals ignored when we started: COMMAND inherits them so */
	int tty_fd;        /* stdin, when it is our terminal and we are its foreground job; -1 */
	char display[32];  /* ":N" */
	char wm_name[128]; /* "the window manager (openbox)" */
	char tmp_dir[256]; /* our private directory (the cookie), "" when none */
	char auth_path[300];
	uint8_t cookie[16];
};

/* Spawning: what the child gets besides its argv. */
struct run_spawn {
	char *const *argv;
	int pass_fd;    /* kept open across exec (-displayfd, --ready-fd); -1 for none */
	bool private_x; /* DISPLAY and XAUTHORITY of the private server, no WAYLAND_DISPLAY */
	bool command;   /* COMMAND: our stdio, the terminal, the test profile's environment */
};

double run_now_ms(void);
/* Sets up the signalfd and what we are: a child subreaper, SIGPIPE ignored. */
bool run_signals_init(struct run *r);
void run_child_init(struct run_child *c, const char *name);
/* Starts a child; false with a message on stderr when even fork or a pipe failed. */
bool run_spawn(struct run *r, struct run_child *c, const struct run_spawn *s);
/* Waits up to timeout_ms (-1: no limit) for `fd` to be readable (fd -1: nothing), reaping
 * children, noting signals and copying the children's output meanwhile. True when fd is
 * readable; false on a timeout or when something else happened (callers check again). */
bool run_poll(struct run *r, int fd, int timeout_ms);
/* Reads what is left in a child's output pipe without waiting. */
void run_drain(struct run_child *c);
/* "exited with status 1", "was killed by signal 9 (Killed)". */
void run_describe(int status, char *buf, size_t len);
/* Prints "shmcomp-run: <what>" and the last lines of c's output (unless already shown). */
void run_report(struct run_child *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies what c said so far to stderr and lets the rest through as it comes. */
void run_echo_start(struct run_child *c);
/* Ends c's process group: SIGTERM, SIGKILL after the bound; true if it ended in time. */
bool run_stop(struct run *r, struct run_child *c);
/* Ends every other process left: orphans adopted by us (we are a subreaper). */
void run_sweep(struct run *r);
void run_child_finish(struct run_child *c);

/* ---- display.c ---- */

/* Waits until the window manager manages windows: it has selected SubstructureRedirect on
 * the root, and a probe window we map gets mapped by it (so it has run its event loop). */
bool run_wait_wm(struct run *r, double deadline_ms);
/* Whether the private display accepts a connection now. */
bool run_display_answers(struct run *r);

/* ---- auth.c ---- */

/* Creates our private directory with an Xauthority file holding a new random
 * MIT-MAGIC-COOKIE-1 for every display (the server reads it with -auth). */
bool run_auth_create(struct run *r);
void run_auth_remove(struct run *r);

#endif
