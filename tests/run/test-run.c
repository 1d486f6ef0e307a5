/* shmcomp-run end to end: exit statuses, start-up failures named with their output, the
 * window manager wait, parallel runs, teardown (every process gone, checked by pid), signals,
 * the terminal, a screenshot equal to one taken the long way, the test profile's environment;
 * and (suite unit) its word splitting and option parsing.
 * Arguments after the case name: SHMCOMP-RUN SHMCOMP SHMCOMP-CTL RUN-CLIENT. A case's files
 * are in /tmp/test-run-*, removed when it passes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/run.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

#define RUN_LIMIT_MS 60000
#define GONE_LIMIT_MS 5000
#define MAX_PROCS 64

struct fixture {
	const char *run, *comp, *ctl, *client;
	char dir[64];
	char paths[8][160]; /* in(): a few at a time */
	char tmpdir_env[80];
	int next_path;
};

struct proc {
	pid_t pid;
	char out[160], err[160];
};

/* Processes below one, with their parent and name, as found in /proc. */
struct procs {
	size_t n;
	pid_t pid[MAX_PROCS], ppid[MAX_PROCS];
	char comm[MAX_PROCS][32];
};

static bool need(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null", tool);
	if (system(cmd) == 0)
		return true;
	fprintf(stderr, "SKIP: %s is not installed\n", tool);
	return false;
}

static bool fixture_init(struct fixture *f, const struct test_ctx *tc)
{
	*f = (struct fixture){.run = test_arg(tc, 0, "SHMCOMP-RUN"),
	        .comp = test_arg(tc, 1, "SHMCOMP"),
	        .ctl = test_arg(tc, 2, "SHMCOMP-CTL"),
	        .client = test_arg(tc, 3, "RUN-CLIENT")};
	snprintf(f->dir, sizeof f->dir, "/tmp/test-run-XXXXXX");
	return CHECK(mkdtemp(f->dir));
}

static const char *in(struct fixture *f, const char *name)
{
	char *p = f->paths[f->next_path++ % 8];

	snprintf(p, sizeof f->paths[0], "%s/%s", f->dir, name);
	return p;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Removes the case's files when it passed (or was skipped); otherwise says where they are. */
static int fixture_finish(struct fixture *f, int status)
{
	if (test_failures() == 0 && status != TEST_FAIL)
		nftw(f->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	else
		fprintf(stderr, "files kept in %s\n", f->dir);
	return status;
}

/* Starts argv with its stdout and stderr in files named after `tag`; `env` changes the
 * environment: "NAME=VALUE" sets, "NAME" unsets. */
static bool proc_start(struct fixture *f, struct proc *p, const char *tag, const char *const *argv,
        const char *const *env)
{
	snprintf(p->out, sizeof p->out, "%s/%s.out", f->dir, tag);
	snprintf(p->err, sizeof p->err, "%s/%s.err", f->dir, tag);
	fflush(NULL);
	p->pid = fork();
	if (p->pid != 0)
		return CHECK(p->pid > 0);
	for (; env && *env; env++) {
		if (strchr(*env, '='))
			putenv((char *)*env);
		else
			unsetenv(*env);
	}
	if (!freopen(p->out, "w", stdout) || !freopen(p->err, "w", stderr))
		_exit(124);
	execv(argv[0], (char *const *)argv);
	_exit(124);
}

/* Its exit code (128+N for a signal); on a timeout it is killed and -1 returned. */
static int proc_wait(struct proc *p, int timeout_ms)
{
	struct pollfd pfd = {.fd = pidfd_open(p->pid, 0), .events = POLLIN};
	int st = 0;

	if (pfd.fd >= 0 && poll(&pfd, 1, timeout_ms) == 0) {
		test_fail("pid %d still running after %d ms: SIGTERM, then SIGKILL", (int)p->pid,
		        timeout_ms);
		kill(p->pid, SIGTERM);
		if (poll(&pfd, 1, 10000) == 0)
			kill(p->pid, SIGKILL);
		waitpid(p->pid, &st, 0);
		close(pfd.fd);
		return -1;
	}
	if (pfd.fd >= 0)
		close(pfd.fd);
	if (waitpid(p->pid, &st, 0) != p->pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run(struct fixture *f, struct proc *p, const char *tag, const char *const *argv,
        const char *const *env)
{
	return proc_start(f, p, tag, argv, env) ? proc_wait(p, RUN_LIMIT_MS) : -1;
}

/* `text` of file `path` contains `want`; says what it holds when not. */
static bool file_has(const char *path, const char *want)
{
	char *text = read_file(path);
	bool ok = text && strstr(text, want);

	test_expect(ok, "%s does not contain \"%s\"; it holds:\n%s", path, want,
	        text ? text : "(nothing)");
	free(text);
	return ok;
}

/* Waits until file `path` contains `want`. */
static bool wait_text(const char *path, const char *want, int timeout_ms)
{
	double end = monotonic_ms() + timeout_ms;
	char *text;
	bool ok;

	do {
		text = read_file(path);
		ok = text && strstr(text, want);
		free(text);
		if (!ok)
			sleep_ms(20);
	} while (!ok && monotonic_ms() < end);
	return ok || file_has(path, want);
}

/* Every line of file `path` is `allowed` or `also` (either may be NULL). */
static bool only_lines(const char *path, const char *allowed, const char *also)
{
	char *text = read_file(path), *line, *rest = text;
	bool ok = text != NULL;

	while (ok && (line = strsep(&rest, "\n")))
		ok = !*line || (allowed && strcmp(line, allowed) == 0) ||
		     (also && strcmp(line, also) == 0);
	free(text);
	text = read_file(path);
	test_expect(ok, "%s says more than \"%s\":\n%s", path, allowed ? allowed : "",
	        text ? text : "(cannot read)");
	free(text);
	return ok;
}

static bool file_lacks(const char *path, const char *unwanted)
{
	char *text = read_file(path);
	bool ok = text && !strstr(text, unwanted);

	test_expect(ok, "%s says \"%s\":\n%s", path, unwanted, text ? text : "(cannot read)");
	free(text);
	return ok;
}

static bool file_empty(const char *path)
{
	char *text = read_file(path);
	bool ok = text && !*text;

	test_expect(ok, "%s is not empty:\n%s", path, text ? text : "(cannot read)");
	free(text);
	return ok;
}

/* The rest of the line that starts with `key` in file `path`. */
static bool line_value(const char *path, const char *key, char *out, size_t len)
{
	char *text = read_file(path), *at = text;

	while (at && strncmp(at, key, strlen(key)) != 0)
		at = (at = strchr(at, '\n')) ? at + 1 : NULL;
	if (at)
		snprintf(out, len, "%.*s", (int)strcspn(at + strlen(key), "\n"), at + strlen(key));
	free(text);
	return at != NULL;
}

static bool wait_file(const char *path, int timeout_ms)
{
	double end = monotonic_ms() + timeout_ms;

	while (access(path, F_OK) != 0) {
		if (monotonic_ms() > end)
			return test_expect(
			        false, "%s did not appear within %d ms", path, timeout_ms);
		sleep_ms(20);
	}
	return true;
}

/* ---- processes by pid ---- */

static bool stat_of(pid_t pid, pid_t *ppid, char *state, char *comm, size_t len)
{
	char path[64], buf[512], *open, *close_;
	FILE *fp;
	int pp;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fp = fopen(path, "r");
	if (!fp)
		return false;
	buf[fread(buf, 1, sizeof buf - 1, fp)] = '\0';
	fclose(fp);
	open = strchr(buf, '(');
	close_ = strrchr(buf, ')');
	if (!open || !close_ || sscanf(close_ + 1, " %c %d", state, &pp) != 2)
		return false;
	snprintf(comm, len, "%.*s", (int)(close_ - open - 1), open + 1);
	*ppid = pp;
	return true;
}

/* Every process below `root` (not root itself), zombies left out. */
static void descendants(pid_t root, struct procs *out)
{
	enum { MAX_ALL = 8192 };
	pid_t *pid = calloc(MAX_ALL, sizeof *pid), *ppid = calloc(MAX_ALL, sizeof *ppid);
	DIR *d = opendir("/proc");
	char state, comm[32];
	size_t n = 0;

	out->n = 0;
	for (struct dirent *e; pid && ppid && d && n < MAX_ALL && (e = readdir(d));) {
		pid_t p = atoi(e->d_name);

		if (p > 0 && stat_of(p, &ppid[n], &state, comm, sizeof comm) && state != 'Z')
			pid[n++] = p;
	}
	if (d)
		closedir(d);
	/* breadth first, `out` being the queue: root's children, then theirs */
	for (size_t head = 0; head <= out->n; head++) {
		pid_t parent = head == 0 ? root : out->pid[head - 1];

		for (size_t i = 0; i < n && out->n < MAX_PROCS; i++) {
			pid_t unused;

			if (ppid[i] != parent)
				continue;
			out->pid[out->n] = pid[i];
			out->ppid[out->n] = parent;
			stat_of(pid[i], &unused, &state, out->comm[out->n], sizeof out->comm[0]);
			out->n++;
		}
	}
	free(pid);
	free(ppid);
}

static bool ended(pid_t pid)
{
	pid_t ppid;
	char state, comm[32];

	return !stat_of(pid, &ppid, &state, comm, sizeof comm) || state == 'Z';
}

/* Every process of `p` ends within GONE_LIMIT_MS (zombies count as ended: whoever adopted
 * them reaps them). */
static bool all_ended(const struct procs *p)
{
	double end = monotonic_ms() + GONE_LIMIT_MS;
	bool ok;

	do {
		ok = true;
		for (size_t i = 0; i < p->n; i++)
			ok = ok && ended(p->pid[i]);
		if (!ok)
			sleep_ms(20);
	} while (!ok && monotonic_ms() < end);
	for (size_t i = 0; !ok && i < p->n; i++) {
		test_expect(
		        ended(p->pid[i]), "pid %d (%s) is still there", (int)p->pid[i], p->comm[i]);
		if (!ended(p->pid[i]))
			kill(p->pid[i], SIGKILL); /* ours, left by the failure */
	}
	return ok;
}

static pid_t find_comm(const struct procs *p, pid_t parent, const char *comm)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ppid[i] == parent && strcmp(p->comm[i], comm) == 0)
			return p->pid[i];
	return -1;
}

static void show_procs(const struct procs *p)
{
	for (size_t i = 0; i < p->n; i++)
		fprintf(stderr, "  pid %d (%s), parent %d\n", (int)p->pid[i], p->comm[i],
		        (int)p->ppid[i]);
}

/* ---- unit: words and options ---- */

static const struct words_case {
	const char *name, *in, *want; /* want: the words joined with '|', NULL: refused */
} words_cases[] = {
        {"split-words", "", ""},
        {"split-words-plain", " --config  /x\t-v ", "--config|/x|-v"},
        {"split-words-quotes", "a 'b c' \"d\\\"e\" f\\ g", "a|b c|d\"e|f g"},
        {"split-words-empty-quoted", "'' x \"\"", "|x|"},
        {"split-words-literal", "'$HOME' \"a\\nb\" *", "$HOME|a\\nb|*"},
        {"split-words-joined", "--opt='a b'c", "--opt=a bc"},
        {"split-words-open-quote", "a 'b", NULL},
        {"split-words-open-double", "\"a", NULL},
};

TEST_P(split_words, words_cases)
{
	const struct words_case *w = tc->data;
	char **words = run_split_words(w->in);
	char joined[256] = "";

	if (!w->want)
		return CHECK(!words) ? TEST_PASS : TEST_FAIL;
	if (!CHECK(words))
		return TEST_FAIL;
	for (size_t i = 0; words[i]; i++)
		snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
		        i ? "|" : "", words[i]);
	CHECK_STR(joined, w->want);
	free(words);
	return TEST_PASS;
}

static bool parse(struct run_options *o, const char *const *argv, bool want_ok)
{
	char err[256] = "";
	int argc = 0;
	bool ok;

	while (argv[argc])
		argc++;
	ok = run_options_parse(argc, (char *const *)argv, o, err, sizeof err);
	test_expect(ok == want_ok, "%s %s: %s", argv[1] ? argv[1] : "(none)",
	        want_ok ? "refused" : "accepted", err);
	return ok;
}

TEST(options)
{
	struct run_options o;

	if (parse(&o, (const char *[]){"shmcomp-run", "xterm", "-e", "x", NULL}, true)) {
		CHECK(o.server == RUN_XVFB && strcmp(o.screen, "1280x800x24") == 0);
		CHECK(!o.wm && !o.config && !o.test_profile && !o.comp_args);
		CHECK(strcmp(o.command[0], "xterm") == 0 && strcmp(o.command[1], "-e") == 0);
	}
	run_options_finish(&o);
	if (parse(&o,
	            (const char *[]){"shmcomp-run", "--server", "xephyr", "--screen", "640x480",
	                    "--wm", "openbox --sm-disable", "--config", "/dev/null",
	                    "--test-profile", "--shmcomp-args", "--log-level 'info'", "--timeout",
	                    "2.5", "--kill-after", "0", "--", "--true", NULL},
	            true)) {
		CHECK(o.server == RUN_XEPHYR && strcmp(o.screen, "640x480x24") == 0);
		CHECK(strcmp(o.wm[0], "openbox") == 0 && strcmp(o.wm[1], "--sm-disable") == 0 &&
		        !o.wm[2]);
		CHECK(o.test_profile && strcmp(o.config, "/dev/null") == 0);
		CHECK(strcmp(o.comp_args[1], "info") == 0);
		CHECK(o.timeout_s == 2.5 && o.kill_after_s == 0.0);
		CHECK(strcmp(o.command[0], "--true") == 0);
	}
	run_options_finish(&o);
	static const char *const refused[][4] = {
	        {"--screen", "10x", "true"}, {"--screen", "0x10", "true"},
	        {"--screen", "1x2x3x4", "true"}, {"--server", "xorg", "true"},
	        {"--wm", "'openbox", "true"}, {"--wm", "", "true"}, {"--timeout", "0", "true"},
	        {"--kill-after", "-1", "true"}, {"--bogus", "true"}, {"--timeout"},
	        {"--config", "x"}, /* no COMMAND */
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		const char *argv[6] = {"shmcomp-run"};

		memcpy(argv + 1, refused[i], sizeof refused[i]);
		parse(&o, argv, false);
		run_options_finish(&o);
	}
	return TEST_PASS;
}

TEST(usage)
{
	struct fixture f;
	struct proc p;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "help", (const char *[]){f.run, "--help", NULL}, NULL) == 0);
	file_has(p.out, "Usage: shmcomp-run [OPTIONS] [--] COMMAND");
	CHECK(run(&f, &p, "none", (const char *[]){f.run, NULL}, NULL) == RUN_EXIT_USAGE);
	file_has(p.err, "shmcomp-run: no COMMAND given (see --help)");
	CHECK(run(&f, &p, "screen", (const char *[]){f.run, "--screen", "big", "true", NULL},
	              NULL) == RUN_EXIT_USAGE);
	file_has(p.err, "--screen: 'big' is not WxH or WxHxD");
	CHECK(run(&f, &p, "version", (const char *[]){f.run, "--version", NULL}, NULL) == 0);
	file_has(p.out, "shmcomp-run ");
	return fixture_finish(&f, TEST_PASS);
}

/* ---- exit statuses ---- */

static const struct status_case {
	const char *name, *script;
	int want;
} status_cases[] = {
        {"status-0", "exit 0", 0},
        {"status-3", "exit 3", 3},
        {"status-signal", "kill -USR1 $$", 128 + SIGUSR1},
};

TEST_P(status, status_cases)
{
	const struct status_case *s = tc->data;
	struct fixture f;
	struct proc p;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "run", (const char *[]){f.run, "--", "sh", "-c", s->script, NULL},
	              NULL) == s->want);
	file_empty(p.err); /* shmcomp exited 0, nothing needed SIGKILL */
	return fixture_finish(&f, TEST_PASS);
}

/* Starts shmcomp-run ARGV with SIGCHLD and SIGINT ignored, as its parent may leave them. */
static bool start_ignoring(
        struct fixture *f, struct proc *p, const char *tag, const char *const *argv)
{
	bool ok;

	signal(SIGCHLD, SIG_IGN); /* inherited through fork and exec */
	signal(SIGINT, SIG_IGN);
	ok = proc_start(f, p, tag, argv, NULL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	return ok;
}

/* Signals ignored when shmcomp-run starts: SIGCHLD ignored would reap its children for it,
 * SIGINT ignored (a shell's background job) must still end it; COMMAND inherits both as
 * they were. */
TEST(ignored_signals)
{
	struct fixture f;
	struct proc p;
	char script[300], *out;
	unsigned long ign = 0;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(start_ignoring(
	        &f, &p, "status", (const char *[]){f.run, "sh", "-c", "exit 5", NULL}));
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 5);
	file_empty(p.err);

	CHECK(start_ignoring(&f, &p, "grep",
	        (const char *[]){f.run, "grep", "SigIgn", "/proc/self/status", NULL}));
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 0);
	out = read_file(p.out);
	if (out && strstr(out, "SigIgn:"))
		ign = strtoul(strstr(out, "SigIgn:") + 7, NULL, 16);
	test_expect((ign & (1UL << (SIGINT - 1))) && (ign & (1UL << (SIGCHLD - 1))),
	        "COMMAND's ignored signals: %s", out ? out : "");
	free(out);

	snprintf(script, sizeof script, "touch %s/READY; sleep 1000", f.dir);
	CHECK(start_ignoring(&f, &p, "int", (const char *[]){f.run, "sh", "-c", script, NULL}));
	if (CHECK(wait_file(in(&f, "READY"), RUN_LIMIT_MS)))
		kill(p.pid, SIGINT);
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 128 + SIGINT);
	return fixture_finish(&f, TEST_PASS);
}

TEST(not_found)
{
	struct fixture f;
	struct proc p;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	/* found missing before anything starts: --log-dir is not even created */
	CHECK(run(&f, &p, "name",
	              (const char *[]){f.run, "--log-dir", in(&f, "logs"), "--",
	                      "no-such-command-for-shmcomp-run", NULL},
	              NULL) == RUN_EXIT_NOT_FOUND);
	file_has(p.err, "shmcomp-run: no-such-command-for-shmcomp-run: command not found");
	CHECK(access(in(&f, "logs"), F_OK) != 0);
	CHECK(run(&f, &p, "path", (const char *[]){f.run, "/nonexistent/command", NULL}, NULL) ==
	        RUN_EXIT_NOT_FOUND);
	file_has(p.err, "shmcomp-run: /nonexistent/command: No such file or directory");
	/* there but not executable: exec fails in the child, as in a shell */
	write_file(in(&f, "plain"), "not a program\n");
	CHECK(run(&f, &p, "noexec", (const char *[]){f.run, in(&f, "plain"), NULL}, NULL) ==
	        RUN_EXIT_CANNOT_EXEC);
	file_has(p.err, "plain: Permission denied");
	return fixture_finish(&f, TEST_PASS);
}

/* ---- start-up failures ---- */

TEST(server_fails)
{
	struct fixture f;
	struct proc p;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "run", (const char *[]){f.run, "--screen", "10x10x7", "true", NULL},
	              NULL) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: Xvfb exited with status 1 before it was ready");
	file_has(p.err, "Couldn't add screen");
	return fixture_finish(&f, TEST_PASS);
}

TEST(shmcomp_fails)
{
	struct fixture f;
	struct proc p;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "run",
	              (const char *[]){
	                      f.run, "--shmcomp-args", "--config /nonexistent", "true", NULL},
	              NULL) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: shmcomp exited with status 1 before it was ready: "
	                "shmcomp: error: /nonexistent: No such file or directory");
	/* SHMCOMP names the binary */
	CHECK(run(&f, &p, "missing", (const char *[]){f.run, "true", NULL},
	              (const char *[]){"SHMCOMP=/nonexistent/shmcomp", NULL}) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp exited with status 127 before it was ready: "
	                "shmcomp-run: cannot run /nonexistent/shmcomp: No such file or directory");
	return fixture_finish(&f, TEST_PASS);
}

/* A stand-in shmcomp: writes its arguments to ARGS and its pid to PID, then says ready on
 * the fd after --ready-fd (unless `silent`), and exits 0 on SIGTERM. */
static const char *fake_shmcomp(struct fixture *f, bool silent)
{
	char script[1024];
	const char *path = in(f, silent ? "silent-shmcomp" : "fake-shmcomp");

	snprintf(script, sizeof script,
	        "#!/bin/sh\n"
	        "printf '%%s\\n' \"$@\" >%s/ARGS\n"
	        "echo $$ >%s/PID\n"
	        "trap 'exit 0' TERM\n"
	        "eval \"fd=\\${$#}\"\n"
	        "%s\n"
	        "sleep 1000 &\n"
	        "wait\n",
	        f->dir, f->dir, silent ? ": never ready" : "eval \"echo ready >&$fd\"");
	write_file(path, script);
	chmod(path, 0755);
	return path;
}

TEST(shmcomp_silent)
{
	struct fixture f;
	struct proc p;
	char env[200];
	char *pid;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	snprintf(env, sizeof env, "SHMCOMP=%s", fake_shmcomp(&f, true));
	CHECK(run(&f, &p, "run", (const char *[]){f.run, "--timeout", "1", "true", NULL},
	              (const char *[]){env, NULL}) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: shmcomp did not say it is ready within 1 s");
	pid = read_file(in(&f, "PID"));
	if (CHECK(pid && atoi(pid) > 0))
		test_expect(
		        ended(atoi(pid)), "the silent shmcomp (pid %d) is still there", atoi(pid));
	free(pid);
	return fixture_finish(&f, TEST_PASS);
}

/* ---- the window manager ---- */

TEST(wm_openbox)
{
	struct fixture f;
	struct proc p;

	if (!need("openbox"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	/* the client's window is framed before it is mapped: the WM was managing already */
	CHECK(run(&f, &p, "run",
	              (const char *[]){f.run, "--wm", "openbox", f.client, "frame", NULL},
	              NULL) == 0);
	file_has(p.out, "before it was mapped");
	file_empty(p.err);
	return fixture_finish(&f, TEST_PASS);
}

TEST(wm_fails)
{
	struct fixture f;
	struct proc p;
	char wm[300];
	char *pid;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "false", (const char *[]){f.run, "--wm", "false", "true", NULL}, NULL) ==
	        RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: the window manager (false) exited with status 1 before "
	                "it managed windows");
	/* not a window manager at all: bounded by --timeout, and ended */
	snprintf(wm, sizeof wm, "sh -c 'echo $$ >%s; echo not a wm; exec sleep 1000'",
	        in(&f, "PID"));
	CHECK(run(&f, &p, "sleep",
	              (const char *[]){f.run, "--timeout", "1", "--wm", wm, "true", NULL},
	              NULL) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: the window manager (sh) did not select "
	                "SubstructureRedirect on the root window within 1 s: not a wm");
	pid = read_file(in(&f, "PID"));
	if (CHECK(pid && atoi(pid) > 0))
		test_expect(ended(atoi(pid)), "the would-be WM (pid %d) is still there", atoi(pid));
	free(pid);
	return fixture_finish(&f, TEST_PASS);
}

/* ---- several at once ---- */

TEST(parallel)
{
	struct fixture f;
	struct proc p[4];
	char tag[16], *out[4];

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	for (int i = 0; i < 4; i++) {
		snprintf(tag, sizeof tag, "run%d", i);
		CHECK(proc_start(&f, &p[i], tag,
		        (const char *[]){f.run, "sh", "-c", "echo $DISPLAY; sleep 1", NULL}, NULL));
	}
	for (int i = 0; i < 4; i++) {
		test_expect(proc_wait(&p[i], RUN_LIMIT_MS) == 0, "run %d failed", i);
		out[i] = read_file(p[i].out);
		CHECK(out[i] && out[i][0] == ':');
		file_empty(p[i].err);
	}
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < i; j++)
			test_expect(!out[i] || !out[j] || strcmp(out[i], out[j]) != 0,
			        "runs %d and %d both got display %s", i, j, out[i]);
	for (int i = 0; i < 4; i++)
		free(out[i]);
	return fixture_finish(&f, TEST_PASS);
}

/* ---- teardown ---- */

/* COMMAND of the teardown cases: an X client, a process in a session of its own (an orphan
 * once sh ends: only the subreaper sweep finds it) and one that ignores SIGTERM; READY once
 * they run, then waits for GO. */
static const char *scene(struct fixture *f, char *buf, size_t len)
{
	snprintf(buf, len,
	        "%s hold & setsid sleep 1000 & (trap '' TERM; exec sleep 1001) & "
	        "touch %s/READY; while [ ! -e %s/GO ]; do sleep 0.05; done",
	        f->client, f->dir, f->dir);
	return buf;
}

#define KILLED_SLEEP                                                                               \
	"shmcomp-run: COMMAND left processes that did not end within 1 s of SIGTERM: sending "     \
	"SIGKILL"

/* Starts shmcomp-run with openbox and the scene; the processes below it once READY. */
static bool scene_start(
        struct fixture *f, struct proc *p, struct procs *below, const char *const *argv_extra)
{
	char script[1024];
	const char *argv[16] = {f->run, "--wm", "openbox", "--kill-after", "1"};
	size_t n = 5;

	while (argv_extra && *argv_extra)
		argv[n++] = *argv_extra++;
	argv[n++] = "sh";
	argv[n++] = "-c";
	argv[n++] = scene(f, script, sizeof script);
	argv[n] = NULL;
	/* its private directory in ours: after SIGKILL it is left behind */
	snprintf(f->tmpdir_env, sizeof f->tmpdir_env, "TMPDIR=%s", f->dir);
	REQUIRE(proc_start(f, p, "run", argv, (const char *[]){f->tmpdir_env, NULL}));
	REQUIRE(wait_file(in(f, "READY"), RUN_LIMIT_MS));
	sleep_ms(200); /* the hold client's window mapped; setsid's fork done */
	descendants(p->pid, below);
	show_procs(below);
	/* Xvfb, openbox, shmcomp, sh, run-client, 2 sleeps; the loop's sleep comes and goes */
	test_expect(below->n >= 7, "%zu processes below shmcomp-run, want 7 or more", below->n);
	return true;
}

TEST(teardown)
{
	struct fixture f;
	struct procs below;
	struct proc p;

	if (!need("openbox"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc) || !scene_start(&f, &p, &below, NULL))
		return TEST_FAIL;
	write_file(in(&f, "GO"), "");
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 0);
	all_ended(&below);
	/* the SIGTERM-proof sleep needed SIGKILL, and that is all that is said: shmcomp exited 0
	 * (it went before its server), nothing else needed SIGKILL */
	file_has(p.err, KILLED_SLEEP);
	only_lines(p.err, KILLED_SLEEP, NULL);
	return fixture_finish(&f, TEST_PASS);
}

static const struct signal_case {
	const char *name;
	int sig;
} signal_cases[] = {
        {"signal-term", SIGTERM},
        {"signal-int", SIGINT},
        {"signal-hup", SIGHUP},
};

TEST_P(signal, signal_cases)
{
	const struct signal_case *s = tc->data;
	struct fixture f;
	struct procs below;
	struct proc p;

	if (!need("openbox"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc) || !scene_start(&f, &p, &below, NULL))
		return TEST_FAIL;
	kill(p.pid, s->sig);
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 128 + s->sig);
	all_ended(&below);
	only_lines(p.err, KILLED_SLEEP, NULL); /* and nothing about shmcomp: it exited 0 */
	return fixture_finish(&f, TEST_PASS);
}

/* SIGKILL cannot be caught: PR_SET_PDEATHSIG ends the processes shmcomp-run started (what
 * COMMAND started in turn is COMMAND's to end, or loses its display). */
TEST(sigkill)
{
	struct fixture f;
	struct procs below, direct = {0};
	struct proc p;

	if (!need("openbox"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc) || !scene_start(&f, &p, &below, NULL))
		return TEST_FAIL;
	for (size_t i = 0; i < below.n; i++)
		if (below.ppid[i] == p.pid || strcmp(below.comm[i], "run-client") == 0) {
			direct.pid[direct.n] = below.pid[i];
			memcpy(direct.comm[direct.n++], below.comm[i], sizeof below.comm[i]);
		}
	CHECK(direct.n == 5); /* Xvfb, openbox, shmcomp, sh; run-client */
	kill(p.pid, SIGKILL);
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 128 + SIGKILL);
	all_ended(&direct);
	for (size_t i = 0; i < below.n; i++) /* the sleeps */
		if (!ended(below.pid[i]))
			kill(below.pid[i], SIGKILL);
	return fixture_finish(&f, TEST_PASS);
}

/* shmcomp dying while COMMAND runs is said at once; COMMAND goes on and its status counts. */
TEST(shmcomp_dies)
{
	struct fixture f;
	struct procs below;
	struct proc p;
	pid_t comp;

	if (!need("openbox"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc) || !scene_start(&f, &p, &below, NULL))
		return TEST_FAIL;
	comp = find_comm(&below, p.pid, "shmcomp");
	if (CHECK(comp > 0))
		kill(comp, SIGKILL);
	/* said while COMMAND still runs */
	wait_text(p.err, "shmcomp-run: shmcomp was killed by signal 9 (Killed) while COMMAND ran",
	        10000);
	write_file(in(&f, "GO"), "");
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 0);
	all_ended(&below);
	return fixture_finish(&f, TEST_PASS);
}

/* The server going while COMMAND runs is said (its clients' ends, shmcomp's included, are
 * not: they follow from it), except Xephyr ending with 0: its window was closed, the usual
 * end of a nested session. */
static const struct server_case {
	const char *name;
	bool xephyr;
	int sig;
	const char *said; /* NULL: nothing */
} server_cases[] = {
        /* said "while COMMAND ran", or "before it was stopped" if it was still on its way out
         * when COMMAND ended (its clients see it go first) */
        {"server-killed", false, SIGKILL, "shmcomp-run: Xvfb was killed by signal 9 (Killed) "},
        {"xephyr-closed", true, SIGTERM, NULL},
};

TEST_P(server_ends, server_cases)
{
	const struct server_case *sc = tc->data;
	struct fixture f;
	struct procs below;
	struct proc p;
	char script[600];
	pid_t server = -1;

	if (sc->xephyr && !need("Xephyr"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	/* Xephyr needs a display to show its window on: an outer shmcomp-run's */
	snprintf(script, sizeof script, "%s%s hold & touch %s/READY; wait",
	        sc->xephyr ? "exec " : "", f.client, f.dir);
	if (sc->xephyr)
		CHECK(proc_start(&f, &p, "run",
		        (const char *[]){
		                f.run, f.run, "--server", "xephyr", "sh", "-c", script, NULL},
		        NULL));
	else
		CHECK(proc_start(
		        &f, &p, "run", (const char *[]){f.run, "sh", "-c", script, NULL}, NULL));
	if (wait_file(in(&f, "READY"), RUN_LIMIT_MS)) {
		descendants(p.pid, &below);
		for (size_t i = 0; i < below.n; i++)
			if (strcmp(below.comm[i], sc->xephyr ? "Xephyr" : "Xvfb") == 0)
				server = below.pid[i];
		if (CHECK(server > 0))
			kill(server, sc->sig);
	}
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 0); /* COMMAND's: its client saw the display go */
	/* the server's own output may follow, shmcomp says it lost the server; but
	 * shmcomp-run says nothing of shmcomp */
	if (sc->said)
		file_has(p.err, sc->said);
	file_lacks(p.err, sc->said ? "shmcomp-run: shmcomp" : "shmcomp-run:");
	return fixture_finish(&f, TEST_PASS);
}

/* ---- the terminal ---- */

/* Reads from the pty until `want` has come or 20 s passed. */
static bool pty_expect(int fd, char *buf, size_t len, const char *want)
{
	size_t n = strlen(buf);
	double end = monotonic_ms() + 20000;

	while (!strstr(buf, want) && monotonic_ms() < end && n < len - 1) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t got;

		if (poll(&p, 1, 100) <= 0)
			continue;
		got = read(fd, buf + n, len - 1 - n);
		if (got <= 0)
			break;
		n += (size_t)got;
		buf[n] = '\0';
	}
	return test_expect(
	        strstr(buf, want), "the terminal did not show \"%s\"; it shows:\n%s", want, buf);
}

/* On a terminal COMMAND gets it: it reads what is typed, and ^C goes to it. */
TEST(terminal)
{
	struct fixture f;
	struct procs below;
	struct proc p;
	char buf[4096] = "";
	int master = -1;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	/* exec: dash can lose a ^C that comes while it forks a foreground command */
	p.pid = forkpty(&master, NULL, NULL, NULL);
	if (p.pid == 0) {
		signal(SIGINT, SIG_DFL); /* as in a terminal's session, whoever started the test */
		execl(f.run, f.run, "sh", "-c",
		        "echo ready; read line; echo \"got $line\"; exec sleep 1000", (char *)NULL);
		_exit(124);
	}
	if (!CHECK(p.pid > 0))
		return TEST_FAIL;
	if (pty_expect(master, buf, sizeof buf, "ready")) {
		descendants(p.pid, &below);
		CHECK(write(master, "hello\n", 6) == 6);
		pty_expect(master, buf, sizeof buf, "got hello");
		CHECK(write(master, "\x03", 1) == 1);
	} else {
		kill(p.pid, SIGTERM);
	}
	CHECK(proc_wait(&p, RUN_LIMIT_MS) == 128 + SIGINT);
	close(master);
	all_ended(&below);
	return fixture_finish(&f, TEST_PASS);
}

/* ---- what COMMAND gets ---- */

/* A shot through shmcomp-run equals one taken the long way (Xvfb, shmcomp --ready-fd, the
 * app, shmcomp-ctl), the screen as a whole. */
static bool long_way(struct fixture *f, const char *shot)
{
	struct xserver xs;
	int ready[2];
	char fd[16], line[16] = "";
	pid_t comp, app;
	bool ok = false;

	REQUIRE(xserver_start(&xs, "Xvfb", (const char *[]){"-screen", "0", "640x480x24", NULL}) ==
	        0);
	if (!CHECK(pipe(ready) == 0))
		goto out_server;
	snprintf(fd, sizeof fd, "%d", ready[1]);
	comp = spawn((const char *[]){f->comp, "--config", "/dev/null", "--ready-fd", fd, NULL},
	        xs.name, in(f, "long-shmcomp.log"));
	close(ready[1]);
	struct pollfd pfd = {.fd = ready[0], .events = POLLIN};
	if (CHECK(poll(&pfd, 1, 20000) == 1 && read(ready[0], line, sizeof line - 1) > 0)) {
		app = spawn((const char *[]){"/bin/sh", "-c", "exec xlogo -geometry 200x200+20+20",
		                    NULL},
		        xs.name, NULL);
		setenv("DISPLAY", xs.name, 1);
		char cmd[600];
		snprintf(cmd, sizeof cmd,
		        "%s --timeout 20 wait --settled --class XLogo && %s "
		        "screenshot %s",
		        f->ctl, f->ctl, shot);
		ok = CHECK(system(cmd) == 0);
		unsetenv("DISPLAY");
		kill(app, SIGTERM);
		wait_exit(app, 5000);
	}
	close(ready[0]);
	kill(comp, SIGTERM);
	CHECK(wait_exit(comp, 10000) == 0);
out_server:
	xserver_stop(&xs);
	return ok;
}

TEST(screenshot)
{
	struct fixture f;
	struct proc p;
	char script[1024], cmd[600];

	if (!need("xlogo"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	snprintf(script, sizeof script,
	        "xlogo -geometry 200x200+20+20 & "
	        "%s --timeout 20 wait --settled --class XLogo && %s screenshot %s",
	        f.ctl, f.ctl, in(&f, "run.png"));
	CHECK(run(&f, &p, "run",
	              (const char *[]){f.run, "--config", "/dev/null", "--screen", "640x480x24",
	                      "sh", "-c", script, NULL},
	              NULL) == 0);
	file_empty(p.err);
	if (long_way(&f, in(&f, "long.png"))) {
		snprintf(cmd, sizeof cmd, "%s compare %s %s", f.ctl, in(&f, "run.png"),
		        in(&f, "long.png"));
		CHECK(system(cmd) == 0);
	}
	return fixture_finish(&f, TEST_PASS);
}

/* --test-profile and --config reach shmcomp; COMMAND gets QT_QPA_PLATFORMTHEME=gtk3 unless
 * it has one, the private display's cookie (without it the display is closed), and no
 * WAYLAND_DISPLAY. */
TEST(environment)
{
	struct fixture f;
	struct proc p;
	char env[200], script[600];

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	snprintf(script, sizeof script,
	        "echo \"qt=${QT_QPA_PLATFORMTHEME-unset} wl=${WAYLAND_DISPLAY-unset}\"; "
	        "XAUTHORITY=/dev/null %s size 1 1 2>/dev/null; %s size 1 1; test -s "
	        "\"$XAUTHORITY\"",
	        f.client, f.client);
	snprintf(env, sizeof env, "SHMCOMP=%s", fake_shmcomp(&f, false));
	CHECK(run(&f, &p, "profile",
	              (const char *[]){f.run, "--test-profile", "--config", "/some/file", "sh",
	                      "-c", script, NULL},
	              (const char *[]){env, "QT_QPA_PLATFORMTHEME", "WAYLAND_DISPLAY=wayland-0",
	                      NULL}) == 0);
	file_has(p.out, "qt=gtk3 wl=unset");
	file_has(p.out, "cannot connect\n"); /* without the cookie */
	file_has(p.out, "root 1280x800\n");  /* with it */
	file_has(in(&f, "ARGS"), "--config\n/some/file\n--test-profile\n--ready-fd\n");
	file_empty(p.err);
	CHECK(run(&f, &p, "preset",
	              (const char *[]){f.run, "--test-profile", "sh", "-c", script, NULL},
	              (const char *[]){env, "QT_QPA_PLATFORMTHEME=kde", NULL}) == 0);
	file_has(p.out, "qt=kde");
	CHECK(run(&f, &p, "plain", (const char *[]){f.run, "sh", "-c", script, NULL},
	              (const char *[]){env, "QT_QPA_PLATFORMTHEME", NULL}) == 0);
	file_has(p.out, "qt=unset");
	char *args = read_file(in(&f, "ARGS"));
	test_expect(args && !strstr(args, "--test-profile"), "--test-profile passed unasked");
	free(args);
	return fixture_finish(&f, TEST_PASS);
}

/* The real shmcomp --test-profile (once shmcomp has it): the XSETTINGS manager is there. */
TEST(test_profile)
{
	struct fixture f;
	struct proc p;
	char cmd[400];

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	snprintf(cmd, sizeof cmd, "%s --help | grep -q -- --test-profile", f.comp);
	if (system(cmd) != 0) {
		fprintf(stderr, "SKIP: %s has no --test-profile yet\n", f.comp);
		return fixture_finish(&f, TEST_SKIP);
	}
	CHECK(run(&f, &p, "run",
	              (const char *[]){f.run, "--test-profile", f.client, "xsettings", NULL},
	              NULL) == 0);
	file_has(p.out, "_XSETTINGS_S0 owner 0x");
	return fixture_finish(&f, TEST_PASS);
}

/* A video ffprobe reads, FFV1 with at least one frame. */
static bool is_video(const char *path)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd,
	        "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
	        "stream=codec_name,nb_read_frames -of csv=p=0 '%s' | grep -q '^ffv1,[1-9]'",
	        path);
	return system(cmd) == 0;
}

/* The last frame of a video equals the PNG `want`. */
static bool last_frame_is(struct fixture *f, const char *video, const char *want)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd,
	        "ffmpeg -v error -i '%s' -vsync passthrough '%s/frame-%%04d.png' && "
	        "'%s' compare \"$(ls '%s'/frame-*.png | tail -n 1)\" '%s'",
	        video, f->dir, f->ctl, f->dir, want);
	return system(cmd) == 0;
}

/* --record FILE: the whole run is recorded. With --record-last SEC the file is written only
 * when COMMAND fails: a passing test leaves nothing behind, a failing one a video that ends
 * on the screen at the failure (not on its leftovers being stopped: xlogo stays on it). */
TEST(record)
{
	struct fixture f;
	struct proc p;
	const char *script = "xlogo -geometry 100x100+10+10 & sleep 1; exit $0";
	char failing[1024];

	if (!need("ffmpeg") || !need("xlogo"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "all",
	              (const char *[]){f.run, "--config", "/dev/null", "--record",
	                      in(&f, "all.mkv"), "sh", "-c", script, "0", NULL},
	              NULL) == 0);
	CHECK(is_video(in(&f, "all.mkv")));
	CHECK(run(&f, &p, "pass",
	              (const char *[]){f.run, "--config", "/dev/null", "--record",
	                      in(&f, "pass.mkv"), "--record-last", "5", "sh", "-c", script, "0",
	                      NULL},
	              NULL) == 0);
	CHECK(access(in(&f, "pass.mkv"), F_OK) != 0);
	snprintf(failing, sizeof failing,
	        "xlogo -geometry 100x100+10+10 & %s --timeout 20 wait --settled --class XLogo && "
	        "%s screenshot %s; exit $0",
	        f.ctl, f.ctl, in(&f, "at-fail.png"));
	CHECK(run(&f, &p, "fail",
	              (const char *[]){f.run, "--config", "/dev/null", "--record",
	                      in(&f, "fail.mkv"), "--record-last", "5", "sh", "-c", failing, "4",
	                      NULL},
	              NULL) == 4);
	file_has(p.err, "shmcomp-run: COMMAND failed: writing the last 5 s to ");
	CHECK(is_video(in(&f, "fail.mkv")));
	CHECK(last_frame_is(&f, in(&f, "fail.mkv"), in(&f, "at-fail.png")));
	return fixture_finish(&f, TEST_PASS);
}

/* --log-dir keeps every output; shmcomp's own goes to stderr too, from the start. */
TEST(log_dir)
{
	struct fixture f;
	struct proc p;
	char *log;

	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	CHECK(run(&f, &p, "run",
	              (const char *[]){f.run, "--log-dir", in(&f, "logs"), "--shmcomp-args",
	                      "--log-level info", "true", NULL},
	              NULL) == 0);
	log = read_file(in(&f, "logs/shmcomp.log"));
	if (test_expect(log && strchr(log, '\n'), "no shmcomp.log, or nothing in it")) {
		*strchr(log, '\n') = '\0';
		file_has(p.err, log); /* its first line, said before it was ready */
	}
	free(log);
	CHECK(access(in(&f, "logs/server.log"), F_OK) == 0);
	CHECK(access(in(&f, "logs/wm.log"), F_OK) != 0); /* no window manager */
	CHECK(run(&f, &p, "fail",
	              (const char *[]){f.run, "--log-dir", in(&f, "logs"), "--screen", "10x10x7",
	                      "true", NULL},
	              NULL) == RUN_EXIT_FAILED);
	file_has(p.err, "shmcomp-run: all of its output is in ");
	file_has(in(&f, "logs/server.log"), "Couldn't add screen");
	return fixture_finish(&f, TEST_PASS);
}

/* --server xephyr: the nested session, here inside a shmcomp-run of its own. */
TEST(xephyr)
{
	struct fixture f;
	struct proc p;
	char script[600];

	if (!need("Xephyr"))
		return TEST_SKIP;
	if (!fixture_init(&f, tc))
		return TEST_FAIL;
	snprintf(script, sizeof script,
	        "echo outer=$DISPLAY; exec %s --server xephyr --screen 640x480x24 %s size 640 480",
	        f.run, f.client);
	CHECK(run(&f, &p, "run", (const char *[]){f.run, "sh", "-c", script, NULL}, NULL) == 0);
	file_has(p.out, "root 640x480");
	char outer[32], inner[32];
	if (CHECK(line_value(p.out, "outer=", outer, sizeof outer) &&
	            line_value(p.out, "DISPLAY=", inner, sizeof inner)))
		test_expect(
		        strcmp(outer, inner) != 0, "Xephyr's display is the outer one, %s", inner);
	file_empty(p.err);
	CHECK(run(&f, &p, "nodisplay", (const char *[]){f.run, "--server", "xephyr", "true", NULL},
	              (const char *[]){"DISPLAY", NULL}) == RUN_EXIT_FAILED);
	file_has(
	        p.err, "shmcomp-run: --server xephyr opens a window on $DISPLAY, which is not set");
	return fixture_finish(&f, TEST_PASS);
}
