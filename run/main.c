/* shmcomp-run: the xvfb-run of screenshot tests. Starts a private X server (-displayfd),
 * a window manager if asked, shmcomp (--ready-fd), then COMMAND with DISPLAY set; ends them
 * in reverse order and exits with COMMAND's status. The stages are an array walked forwards
 * to start and backwards to stop. Room for a later --record FILE: if shmcomp records what
 * it presents, it is one more shmcomp argument, a step in teardown() between COMMAND and
 * shmcomp (COMMAND's status known: keep or drop a recording) and a longer bound for
 * shmcomp's stop while it finishes the file; a recorder process of its own would be one
 * more stage between RUN_COMP and RUN_COMMAND. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run.h"
#include "version.h"

#define EOF_EXIT_WAIT_MS 2000 /* a child that closed its ready fd is probably exiting */
#define SERVER_GRACE_MS 500   /* a server's clients see it go before it has exited */

/* The one line a child announces itself with on `fd` (its display number, "ready"), by the
 * deadline. False with a message naming c and its output, or silently after a signal. */
static bool read_line(struct run *r, struct run_child *c, int fd, char *line, size_t len,
        double deadline, const char *what)
{
	size_t n = 0;
	char how[96];

	while (!r->signal) {
		double left = deadline - run_now_ms();
		ssize_t got;

		if (left <= 0) {
			run_drain(c);
			run_report(c, "%s did not %s within %g s", c->name, what, r->opt.timeout_s);
			return false;
		}
		if (!run_poll(r, fd, (int)ceil(left)))
			continue;
		got = read(fd, line + n, len - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got > 0) {
			n += (size_t)got;
			line[n] = '\0';
			if (strchr(line, '\n') || n == len - 1) {
				line[strcspn(line, "\n")] = '\0';
				return true;
			}
			continue;
		}
		/* end of file: it closed the fd, most likely by exiting */
		double until = run_now_ms() + EOF_EXIT_WAIT_MS;
		while (c->running && !r->signal && run_now_ms() < until)
			run_poll(r, -1, EOF_EXIT_WAIT_MS);
		run_drain(c);
		if (r->signal)
			break;
		if (c->running) {
			run_report(c, "%s closed the fd it should %s on", c->name, what);
		} else {
			run_describe(c->status, how, sizeof how);
			run_report(c, "%s %s before it was ready", c->name, how);
		}
		return false;
	}
	return false;
}

static char **join_argv(
        const char *const *head, size_t nhead, char **words, const char *const *tail, size_t ntail)
{
	size_t nwords = 0;
	char **argv;

	while (words && words[nwords])
		nwords++;
	argv = calloc(nhead + nwords + ntail + 1, sizeof *argv);
	if (!argv) {
		fputs("shmcomp-run: out of memory\n", stderr);
		return NULL;
	}
	memcpy(argv, head, nhead * sizeof *argv);
	if (nwords)
		memcpy(argv + nhead, words, nwords * sizeof *argv);
	if (ntail)
		memcpy(argv + nhead + nwords, tail, ntail * sizeof *argv);
	return argv;
}

/* Starts a child that announces itself on the pipe `fds` (s->pass_fd is its write end, whose
 * number the caller put in argv) and reads that line. */
static bool start_announcing(struct run *r, struct run_child *c, struct run_spawn *s, int fds[2],
        char *line, size_t len, const char *what)
{
	bool ok = run_spawn(r, c, s);

	close(fds[1]);
	ok = ok && read_line(r, c, fds[0], line, len, run_now_ms() + r->opt.timeout_s * 1e3, what);
	close(fds[0]);
	return ok;
}

static bool start_server(struct run *r)
{
	struct run_child *c = &r->child[RUN_SERVER];
	bool xephyr = r->opt.server == RUN_XEPHYR;
	const char *head[16];
	char fdnum[16], line[32], *end, **argv;
	size_t n = 0;
	int fds[2];
	long number;
	bool ok;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "shmcomp-run: pipe: %s\n", strerror(errno));
		return false;
	}
	snprintf(fdnum, sizeof fdnum, "%d", fds[1]);
	head[n++] = c->name; /* Xvfb or Xephyr */
	head[n++] = "-displayfd";
	head[n++] = fdnum;
	head[n++] = "-screen";
	if (xephyr) {
		head[n++] = r->opt.screen;
		head[n++] = "-title";
		head[n++] = "shmcomp-run";
	} else {
		head[n++] = "0";
		head[n++] = r->opt.screen;
	}
	head[n++] = "-nolisten";
	head[n++] = "tcp";
	head[n++] = "-noreset"; /* its state outlives any one client, as on a desktop */
	head[n++] = "-auth";
	head[n++] = r->auth_path;
	argv = join_argv(head, n, r->opt.server_args, NULL, 0);
	if (!argv) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	struct run_spawn s = {.argv = argv, .pass_fd = fds[1]};
	ok = start_announcing(r, c, &s, fds, line, sizeof line, "write its display number");
	free(argv);
	if (!ok)
		return false;
	number = strtol(line, &end, 10);
	if (end == line || *end || number < 0 || number > 65535) {
		fprintf(stderr, "shmcomp-run: %s wrote '%s' for a display number\n", c->name, line);
		return false;
	}
	snprintf(r->display, sizeof r->display, ":%ld", number);
	return true;
}

static bool start_wm(struct run *r)
{
	struct run_child *c = &r->child[RUN_WM];
	struct run_spawn s = {.argv = r->opt.wm, .pass_fd = -1, .private_x = true};

	if (!r->opt.wm)
		return true;
	return run_spawn(r, c, &s) && run_wait_wm(r, run_now_ms() + r->opt.timeout_s * 1e3);
}

/* SHMCOMP, else the shmcomp next to us (an install), else ../compositor/shmcomp (a build
 * tree: build/run/shmcomp-run), else shmcomp in PATH. */
static const char *find_shmcomp(char *buf, size_t len)
{
	const char *env = getenv("SHMCOMP");
	char self[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		snprintf(buf, len, "%s/shmcomp", self);
		if (access(buf, X_OK) == 0)
			return buf;
		snprintf(buf, len, "%s/../compositor/shmcomp", self);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return "shmcomp";
}

static bool start_comp(struct run *r)
{
	struct run_child *c = &r->child[RUN_COMP];
	char path[PATH_MAX + 32], fdnum[16], line[64];
	const char *head[8] = {find_shmcomp(path, sizeof path)}, *tail[] = {"--ready-fd", fdnum};
	size_t nhead = 1;
	int fds[2];
	char **argv;
	bool ok;

	if (r->opt.config) {
		head[nhead++] = "--config";
		head[nhead++] = r->opt.config;
	}
	if (r->opt.test_profile)
		head[nhead++] = "--test-profile";
	if (r->opt.record) {
		head[nhead++] = "--record";
		head[nhead++] = r->opt.record;
	}
	if (r->opt.record_last) {
		head[nhead++] = "--record-last";
		head[nhead++] = r->opt.record_last;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "shmcomp-run: pipe: %s\n", strerror(errno));
		return false;
	}
	snprintf(fdnum, sizeof fdnum, "%d", fds[1]);
	argv = join_argv(head, nhead, r->opt.comp_args, tail, 2);
	if (!argv) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	struct run_spawn s = {.argv = argv, .pass_fd = fds[1], .private_x = true};
	ok = start_announcing(r, c, &s, fds, line, sizeof line, "say it is ready");
	free(argv);
	if (ok)
		run_echo_start(c); /* its warnings from now on, and those it gave so far */
	return ok;
}

static bool start_command(struct run *r)
{
	struct run_spawn s = {
	        .argv = r->opt.command, .pass_fd = -1, .private_x = true, .command = true};

	return run_spawn(r, &r->child[RUN_COMMAND], &s);
}

/* Says that the server ended early, unless it is Xephyr ending with 0: its window was
 * closed, the usual end of a nested session. */
static void server_ended(struct run *r, struct run_child *c, const char *when)
{
	char how[96];

	if (r->opt.server == RUN_XEPHYR && WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0) {
		c->reported = true;
		return;
	}
	run_drain(c);
	run_describe(c->status, how, sizeof how);
	run_report(c, "%s %s %s", c->name, how, when);
}

/* Says at once which of the server, the window manager and shmcomp ended before they were
 * stopped (COMMAND goes on). The WM and shmcomp end when their server goes: then only the
 * server's end is said, which may follow theirs by a moment. */
static void report_ended(struct run *r)
{
	struct run_child *server = &r->child[RUN_SERVER];
	const char *when = r->child[RUN_COMMAND].pid >= 0 ? "while COMMAND ran" : "meanwhile";
	double until = run_now_ms() + SERVER_GRACE_MS;
	char how[96];

	for (int i = RUN_WM; i <= RUN_COMP; i++) {
		struct run_child *c = &r->child[i];

		if (c->pid < 0 || c->running || c->reported)
			continue;
		while (server->running && !r->signal && run_now_ms() < until)
			run_poll(r, -1, SERVER_GRACE_MS);
		if (!server->running) {
			c->reported = true; /* its server's end is what is said */
			continue;
		}
		run_drain(c);
		run_describe(c->status, how, sizeof how);
		run_report(c, "%s %s %s", c->name, how, when);
	}
	if (server->pid >= 0 && !server->running && !server->reported)
		server_ended(r, server, when);
}

static void take_terminal_back(struct run *r)
{
	if (r->tty_fd >= 0)
		tcsetpgrp(r->tty_fd, getpgrp());
}

/* Whether the server's end came from our SIGTERM (or SIGKILL, which run_stop said). */
static bool stopped_by_us(const struct run_child *c)
{
	return c->killed || (WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0) ||
	       (WIFSIGNALED(c->status) && WTERMSIG(c->status) == SIGTERM);
}

/* shmcomp exits 0 when stopped; another status is said, unless its server is gone by itself
 * (shmcomp then lost it, and the server's end is what is said), which the server, maybe
 * still on its way out, shows by no longer answering. */
static void comp_stopped(struct run *r, bool server_gone)
{
	struct run_child *c = &r->child[RUN_COMP];
	char how[96];

	if (c->reported || c->status == 0 || r->hurry)
		return;
	if (server_gone || !r->child[RUN_SERVER].running || !run_display_answers(r)) {
		c->reported = true;
		return;
	}
	run_describe(c->status, how, sizeof how);
	run_report(c, "%s %s at the end", c->name, how);
}

/* A recording's end: with --record-last, the last seconds are written (SIGUSR1) when
 * COMMAND failed, and not at all when it succeeded; shmcomp then has longer to stop,
 * while the file is written and finalised. */
#define RECORD_STOP_S 60.0

static void dump_if_failed(struct run *r)
{
	const struct run_child *cmd = &r->child[RUN_COMMAND];
	const struct run_child *comp = &r->child[RUN_COMP];
	bool failed = !(WIFEXITED(cmd->status) && WEXITSTATUS(cmd->status) == 0);

	if (!r->opt.record || !r->opt.record_last || !comp->running || !failed || cmd->pid < 0 ||
	        cmd->running || r->dumped)
		return;
	fprintf(stderr, "shmcomp-run: COMMAND failed: writing the last %s s to %s\n",
	        r->opt.record_last, r->opt.record);
	kill(comp->pid, SIGUSR1);
	r->dumped = true;
}

static void keep_recording(struct run *r)
{
	if (!r->opt.record || !r->child[RUN_COMP].running)
		return;
	dump_if_failed(r);
	if (r->opt.kill_after_s < RECORD_STOP_S)
		r->opt.kill_after_s = RECORD_STOP_S;
}

/* The server's SIGTERM ends its clients' connections: shmcomp then exits 1, so it goes
 * first and exits 0 with the windows unredirected. COMMAND's leftovers (adopted orphans)
 * go right after COMMAND, while their display is still there. A server that went by itself
 * is said, if it was on its way out unseen when COMMAND ended too. */
static void teardown(struct run *r)
{
	struct run_child *server = &r->child[RUN_SERVER];
	bool server_gone;
	char how[96];

	take_terminal_back(r);
	report_ended(r);
	/* COMMAND has ended by itself: the video ends where it did, before its leftovers
	 * are stopped (else it would end on the windows closing) */
	dump_if_failed(r);
	server_gone = server->pid >= 0 && !server->running;
	for (int i = RUN_STAGES - 1; i >= 0; i--) {
		if (r->child[i].pid < 0)
			continue;
		if (i == RUN_COMP)
			keep_recording(r);
		run_stop(r, &r->child[i]);
		if (i == RUN_COMMAND)
			run_sweep(r);
		run_drain(&r->child[i]);
		if (i == RUN_COMP)
			comp_stopped(r, server_gone);
	}
	run_sweep(r);
	if (server->pid >= 0 && !server->reported && !stopped_by_us(server) && !r->hurry) {
		run_describe(server->status, how, sizeof how);
		run_report(server, "%s %s before it was stopped", server->name, how);
	}
}

static bool command_found(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (strchr(name, '/'))
		return access(name, F_OK) == 0;
	if (!path)
		path = "/bin:/usr/bin"; /* execvp's default */
	for (const char *p = path;; p += strcspn(p, ":") + 1) {
		int dir = (int)strcspn(p, ":");

		snprintf(buf, sizeof buf, "%.*s%s%s", dir, p, dir ? "/" : "", name);
		if (access(buf, X_OK) == 0)
			return true;
		if (!p[dir])
			return false;
	}
}

/* Everything but the children: descriptors 0-2 open (a pipe must not become one), the
 * terminal, signals, the cookie, the log directory, the names. */
static bool setup(struct run *r)
{
	static const char *const names[RUN_STAGES] = {
	        "Xvfb", "the window manager", "shmcomp", "COMMAND"};
	static const char *const logs[RUN_STAGES] = {"server.log", "wm.log", "shmcomp.log", NULL};
	const char *wm = r->opt.wm ? strrchr(r->opt.wm[0], '/') : NULL;

	for (int fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
			return false;
	for (int i = 0; i < RUN_STAGES; i++) {
		r->child[i].name = names[i];
		if (r->opt.log_dir && logs[i])
			snprintf(r->child[i].keep_path, sizeof r->child[i].keep_path, "%s/%s",
			        r->opt.log_dir, logs[i]);
	}
	if (r->opt.server == RUN_XEPHYR)
		r->child[RUN_SERVER].name = "Xephyr";
	if (r->opt.wm) {
		snprintf(r->wm_name, sizeof r->wm_name, "the window manager (%s)",
		        wm ? wm + 1 : r->opt.wm[0]);
		r->child[RUN_WM].name = r->wm_name;
	}
	if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp())
		r->tty_fd = STDIN_FILENO;
	if (r->opt.log_dir && mkdir(r->opt.log_dir, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "shmcomp-run: --log-dir %s: %s\n", r->opt.log_dir, strerror(errno));
		return false;
	}
	return run_signals_init(r) && run_auth_create(r);
}

static int exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run(struct run *r)
{
	const char *host = getenv("DISPLAY");
	bool started;

	if (!command_found(r->opt.command[0])) {
		fprintf(stderr, "shmcomp-run: %s: %s\n", r->opt.command[0],
		        strchr(r->opt.command[0], '/') ? strerror(ENOENT) : "command not found");
		return RUN_EXIT_NOT_FOUND;
	}
	if (r->opt.server == RUN_XEPHYR && (!host || !*host)) {
		fputs("shmcomp-run: --server xephyr opens a window on $DISPLAY, which is not set\n",
		        stderr);
		return RUN_EXIT_FAILED;
	}
	if (!setup(r))
		return RUN_EXIT_FAILED;
	started = start_server(r) && start_wm(r) && start_comp(r) && start_command(r);
	while (started && r->child[RUN_COMMAND].running && !r->signal) {
		run_poll(r, -1, -1);
		report_ended(r);
	}
	teardown(r);
	if (r->signal)
		return 128 + r->signal;
	return started ? exit_code(r->child[RUN_COMMAND].status) : RUN_EXIT_FAILED;
}

int main(int argc, char **argv)
{
	struct run *r = calloc(1, sizeof *r);
	char err[512];
	int status;

	if (!r) {
		fputs("shmcomp-run: out of memory\n", stderr);
		return RUN_EXIT_FAILED;
	}
	r->signal_fd = r->tty_fd = -1;
	for (int i = 0; i < RUN_STAGES; i++)
		run_child_init(&r->child[i], NULL);
	if (!run_options_parse(argc, argv, &r->opt, err, sizeof err)) {
		fprintf(stderr, "shmcomp-run: %s (see --help)\n", err);
		status = RUN_EXIT_USAGE;
	} else if (r->opt.help) {
		run_usage(stdout);
		status = 0;
	} else if (r->opt.version) {
		printf("shmcomp-run %s\n", SHMCOMP_VERSION);
		status = 0;
	} else if (!r->opt.command || !r->opt.command[0]) {
		status = RUN_EXIT_USAGE; /* the parser refuses this already */
	} else {
		status = run(r);
	}
	for (int i = 0; i < RUN_STAGES; i++)
		run_child_finish(&r->child[i]);
	if (r->signal_fd >= 0)
		close(r->signal_fd);
	run_auth_remove(r);
	run_options_finish(&r->opt);
	free(r);
	return status;
}
