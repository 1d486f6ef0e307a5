/* shmcomp-run's processes: each started in a process group of its own with
 * PR_SET_PDEATHSIG (it ends if shmcomp-run is killed outright), watched through a signalfd,
 * its output kept (the last RUN_LOG_KEEP bytes for messages, all of it in --log-dir), and
 * ended with SIGTERM, then SIGKILL after the bound. shmcomp-run is a child subreaper, so
 * what COMMAND leaves behind becomes its child and is ended too (run_sweep). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "run/run.h"

#define TAIL_LINES 10
#define KILL_WAIT_MS 5000 /* after SIGKILL: a process in the D state may take a while */
#define GROUP_POLL_MS 10  /* a group's other members are no children of ours: no SIGCHLD */
#define MAX_TERMED 256

double run_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The signals whose disposition we change, and COMMAND gets back as it was. */
static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE};

/* A signal ignored when we start (a shell's background job ignores SIGINT) would never
 * reach the signalfd, and an ignored SIGCHLD would reap our children for us: the defaults
 * are put back, blocked, and the ignored ones noted. */
static void take_dispositions(struct run *r)
{
	sigemptyset(&r->ignored);
	for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) {
		struct sigaction old;

		if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			sigaddset(&r->ignored, handled[i]);
		signal(handled[i], SIG_DFL);
	}
	signal(SIGPIPE, SIG_IGN);
}

bool run_signals_init(struct run *r)
{
	sigset_t caught, blocked;

	sigemptyset(&caught);
	sigaddset(&caught, SIGCHLD);
	sigaddset(&caught, SIGINT);
	sigaddset(&caught, SIGTERM);
	sigaddset(&caught, SIGHUP);
	/* SIGTTOU blocked: taking the terminal back from COMMAND (tcsetpgrp in the
	 * background) and writing to it then work instead of stopping us */
	blocked = caught;
	sigaddset(&blocked, SIGTTOU);
	if (sigprocmask(SIG_BLOCK, &blocked, NULL) != 0 ||
	        (r->signal_fd = signalfd(-1, &caught, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		fprintf(stderr, "shmcomp-run: signalfd: %s\n", strerror(errno));
		return false;
	}
	take_dispositions(r);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		fprintf(stderr, "shmcomp-run: PR_SET_CHILD_SUBREAPER: %s\n", strerror(errno));
		return false;
	}
	return true;
}

void run_child_init(struct run_child *c, const char *name)
{
	*c = (struct run_child){.name = name, .pid = -1, .log_fd = -1, .keep_fd = -1};
}

void run_child_finish(struct run_child *c)
{
	if (c->log_fd >= 0)
		close(c->log_fd);
	if (c->keep_fd >= 0)
		close(c->keep_fd);
	c->log_fd = c->keep_fd = -1;
}

/* ---- output ---- */

static void ring_put(struct run_ring *g, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g->buf[(g->total + i) % RUN_LOG_KEEP] = p[i];
	g->total += n;
}

/* The kept bytes in order into out (RUN_LOG_KEEP + 1 bytes), NUL-terminated; true when
 * earlier ones were lost. */
static bool ring_get(const struct run_ring *g, char *out)
{
	size_t n = g->total > RUN_LOG_KEEP ? RUN_LOG_KEEP : g->total;
	size_t first = g->total - n;

	for (size_t i = 0; i < n; i++)
		out[i] = g->buf[(first + i) % RUN_LOG_KEEP];
	out[n] = '\0';
	return g->total > RUN_LOG_KEEP;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* a full disk or a closed stderr loses output, nothing else */
		p += w;
		n -= (size_t)w;
	}
}

/* One read of c's output; false at end of file or when nothing is there. */
static bool read_log(struct run_child *c)
{
	char buf[4096];
	ssize_t n = read(c->log_fd, buf, sizeof buf);

	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0) {
		if (n == 0 || errno != EAGAIN) {
			close(c->log_fd);
			c->log_fd = -1;
		}
		return false;
	}
	ring_put(&c->log, buf, (size_t)n);
	if (c->keep_fd >= 0)
		write_all(c->keep_fd, buf, (size_t)n);
	if (c->echo)
		write_all(STDERR_FILENO, buf, (size_t)n);
	return true;
}

void run_drain(struct run_child *c)
{
	while (c->log_fd >= 0 && read_log(c))
		;
}

void run_echo_start(struct run_child *c)
{
	char *text = malloc(RUN_LOG_KEEP + 1);

	if (text) {
		if (ring_get(&c->log, text))
			fputs("[...]\n", stderr);
		fputs(text, stderr);
		free(text);
	}
	c->echo = true;
}

void run_describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
		        strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "ended (wait status 0x%x)", (unsigned)status);
}

/* Keeps the last TAIL_LINES lines of `text` that are not blank, in place; how many. */
static int tail_lines(char *text, bool lost_head, char **lines)
{
	int n = 0;
	char *p = text;

	if (lost_head) { /* the first line is cut */
		p = strchr(p, '\n');
		p = p ? p + 1 : text + strlen(text);
	}
	for (char *line; (line = strsep(&p, "\n"));) {
		bool blank = true;

		for (const char *q = line; *q; q++)
			blank = blank && isspace((unsigned char)*q);
		if (blank)
			continue;
		if (n == TAIL_LINES)
			memmove(lines, lines + 1, (TAIL_LINES - 1) * sizeof *lines);
		lines[n < TAIL_LINES ? n++ : TAIL_LINES - 1] = line;
	}
	return n;
}

void run_report(struct run_child *c, const char *fmt, ...)
{
	char *text = c->echo ? NULL : malloc(RUN_LOG_KEEP + 1);
	char *lines[TAIL_LINES];
	int n = 0;
	va_list ap;

	if (text)
		n = tail_lines(text, ring_get(&c->log, text), lines);
	fputs("shmcomp-run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (n == 1)
		fprintf(stderr, ": %s\n", lines[0]);
	else if (n > 1)
		fputs("; the end of its output:\n", stderr);
	else
		fputc('\n', stderr);
	for (int i = 0; n > 1 && i < n; i++)
		fprintf(stderr, "  %s\n", lines[i]);
	if (c->keep_fd >= 0)
		fprintf(stderr, "shmcomp-run: all of its output is in %s\n", c->keep_path);
	free(text);
	c->reported = true;
}

/* ---- starting ---- */

static void child_environment(const struct run *r, const struct run_spawn *s)
{
	if (s->private_x) {
		setenv("DISPLAY", r->display, 1);
		setenv("XAUTHORITY", r->auth_path, 1);
		/* toolkits prefer Wayland when they see it: the app would open elsewhere */
		unsetenv("WAYLAND_DISPLAY");
	}
	if (s->command && r->opt.test_profile)
		setenv("QT_QPA_PLATFORMTHEME", "gtk3", 0);
}

/* In the child: becomes what s describes and executes it; never returns. */
static void child_exec(const struct run *r, const struct run_spawn *s, int log_w, pid_t parent)
{
	sigset_t none;
	int e;

	setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
		_exit(RUN_EXIT_FAILED); /* shmcomp-run is gone already */
	if (s->command && r->tty_fd >= 0)
		tcsetpgrp(r->tty_fd, getpid());
	if (log_w >= 0) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(log_w, STDOUT_FILENO) < 0 ||
		        dup2(log_w, STDERR_FILENO) < 0)
			_exit(RUN_EXIT_FAILED);
	}
	if (s->pass_fd >= 0 && fcntl(s->pass_fd, F_SETFD, 0) != 0)
		_exit(RUN_EXIT_FAILED);
	child_environment(r, s);
	/* ignored signals stay ignored across exec: ours are not theirs, COMMAND's are */
	for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++)
		signal(handled[i],
		        s->command && sigismember(&r->ignored, handled[i]) ? SIG_IGN : SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(s->argv[0], s->argv);
	e = errno;
	fprintf(stderr, "shmcomp-run: cannot run %s: %s\n", s->argv[0], strerror(e));
	_exit(e == ENOENT ? RUN_EXIT_NOT_FOUND : RUN_EXIT_CANNOT_EXEC);
}

static bool open_keep(struct run_child *c)
{
	if (!c->keep_path[0] || c->keep_fd >= 0)
		return true;
	c->keep_fd =
	        open(c->keep_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (c->keep_fd < 0)
		fprintf(stderr, "shmcomp-run: %s: %s\n", c->keep_path, strerror(errno));
	return c->keep_fd >= 0;
}

bool run_spawn(struct run *r, struct run_child *c, const struct run_spawn *s)
{
	int out[2] = {-1, -1};
	pid_t parent = getpid(), pid;

	fflush(NULL);
	if (!s->command && !open_keep(c))
		return false;
	if (!s->command && pipe2(out, O_CLOEXEC) != 0) {
		fprintf(stderr, "shmcomp-run: pipe: %s\n", strerror(errno));
		return false;
	}
	pid = fork();
	if (pid == 0)
		child_exec(r, s, out[1], parent);
	if (out[1] >= 0)
		close(out[1]);
	if (pid < 0) {
		fprintf(stderr, "shmcomp-run: cannot start %s: fork: %s\n", c->name,
		        strerror(errno));
		if (out[0] >= 0)
			close(out[0]);
		return false;
	}
	/* also here: a kill(-pid) right after must reach it, whoever runs first */
	setpgid(pid, pid);
	if (s->command && r->tty_fd >= 0)
		tcsetpgrp(r->tty_fd, pid);
	c->pid = pid;
	c->running = true;
	c->log_fd = out[0];
	if (c->log_fd >= 0)
		fcntl(c->log_fd, F_SETFL, O_NONBLOCK);
	return true;
}

/* ---- watching ---- */

static struct run_child *child_of(struct run *r, pid_t pid)
{
	for (int i = 0; i < RUN_STAGES; i++)
		if (r->child[i].running && r->child[i].pid == pid)
			return &r->child[i];
	return NULL;
}

/* COMMAND, which had the terminal, was stopped (^Z, or it read the terminal while in the
 * background): we stop too, as the shell expects of the job it started, and on SIGCONT
 * continue it, giving it the terminal back only if the shell gave it to us (fg, not bg). */
static void command_stopped(struct run *r, struct run_child *c)
{
	tcsetpgrp(r->tty_fd, getpgrp());
	kill(getpid(), SIGSTOP);
	if (tcgetpgrp(r->tty_fd) == getpgrp())
		tcsetpgrp(r->tty_fd, c->pid);
	kill(-c->pid, SIGCONT);
}

static void reap(struct run *r)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0) {
		struct run_child *c = child_of(r, pid);

		if (!c)
			continue; /* an orphan we adopted, now reaped */
		if (WIFSTOPPED(st)) {
			if (c == &r->child[RUN_COMMAND] && r->tty_fd >= 0)
				command_stopped(r, c);
			continue;
		}
		c->running = false;
		c->status = st;
	}
}

static void read_signals(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGCHLD)
			continue;
		if (r->signal)
			r->hurry = true; /* a second one: no more waiting */
		else
			r->signal = (int)si.ssi_signo;
	}
	reap(r);
}

bool run_poll(struct run *r, int fd, int timeout_ms)
{
	struct pollfd p[2 + RUN_STAGES];
	struct run_child *logs[RUN_STAGES];
	nfds_t n = 0, nlogs = 0;
	int at = -1;

	p[n++] = (struct pollfd){.fd = r->signal_fd, .events = POLLIN};
	if (fd >= 0) {
		at = (int)n;
		p[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
	}
	for (int i = 0; i < RUN_STAGES; i++) {
		if (r->child[i].log_fd < 0)
			continue;
		logs[nlogs++] = &r->child[i];
		p[n++] = (struct pollfd){.fd = r->child[i].log_fd, .events = POLLIN};
	}
	if (poll(p, n, timeout_ms < 0 ? -1 : timeout_ms) <= 0)
		return false;
	for (nfds_t i = 0; i < nlogs; i++)
		if (p[n - nlogs + i].revents)
			read_log(logs[i]);
	if (p[0].revents)
		read_signals(r);
	return at >= 0 && p[at].revents != 0;
}

/* ---- stopping ---- */

static bool group_alive(pid_t pgid)
{
	return kill(-pgid, 0) == 0 || errno == EPERM;
}

/* Waits until c and the rest of its process group are gone, up to `ms`; true if they are. */
static bool wait_group(struct run *r, struct run_child *c, double ms)
{
	double deadline = run_now_ms() + ms;

	for (;;) {
		if (!c->running && !group_alive(c->pid))
			return true;
		double left = deadline - run_now_ms();
		if (left <= 0 || (r->hurry && ms > 0 && ms < KILL_WAIT_MS))
			return false;
		run_poll(r, -1, c->running ? (int)left + 1 : GROUP_POLL_MS);
	}
}

bool run_stop(struct run *r, struct run_child *c)
{
	double bound = r->hurry ? 0 : r->opt.kill_after_s * 1e3;

	if (c->pid < 0)
		return true;
	/* shmcomp first by itself: a process it is starting at this instant (the encoder of a
	 * dump asked for just before) is still in its group until it makes its own, and a
	 * SIGTERM sent to the group then would be pending in it across exec. */
	if (c == &r->child[RUN_COMP] && c->running) {
		double deadline = run_now_ms() + bound;

		kill(c->pid, SIGTERM);
		while (c->running && run_now_ms() < deadline && !r->hurry)
			run_poll(r, -1, (int)(deadline - run_now_ms()) + 1);
	}
	kill(-c->pid, SIGTERM); /* also when it ended: what it left in its group */
	if (wait_group(r, c, bound))
		return true;
	fprintf(stderr, "shmcomp-run: %s %s within %g s of SIGTERM: sending SIGKILL\n", c->name,
	        c->running ? "did not end" : "left processes that did not end",
	        r->hurry ? 0.0 : r->opt.kill_after_s);
	kill(-c->pid, SIGKILL);
	c->killed = true;
	if (!wait_group(r, c, KILL_WAIT_MS))
		fprintf(stderr, "shmcomp-run: %s: process group %d still there after SIGKILL\n",
		        c->name, (int)c->pid);
	return false;
}

/* The parent and state of process `pid` from /proc; false if it is gone. */
static bool proc_parent(pid_t pid, pid_t *ppid, char *state)
{
	char path[64], buf[512], *p;
	int fd, ppid_i;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the name in parentheses may hold anything */
	if (!p || sscanf(p + 1, " %c %d", state, &ppid_i) != 2)
		return false;
	*ppid = (pid_t)ppid_i;
	return true;
}

static bool already(const pid_t *list, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == pid)
			return true;
	return false;
}

/* Sends `sig` to every child of ours that is none of the stages and not a zombie (SIGTERM
 * once to each); returns how many such children there are. Our children cannot be reaped
 * behind our back, so a pid found here is still ours when it is signalled. */
static int signal_orphans(struct run *r, int sig, pid_t *termed, size_t *ntermed)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	pid_t self = getpid(), ppid;
	int count = 0;
	char state;

	if (!d)
		return 0;
	/* cppcheck-suppress readdirCalled ; one thread, one directory stream */
	while ((de = readdir(d))) {
		pid_t pid = (pid_t)atoi(de->d_name);

		if (pid <= 0 || child_of(r, pid) || !proc_parent(pid, &ppid, &state) ||
		        ppid != self || state == 'Z')
			continue;
		count++;
		if (sig == SIGTERM && already(termed, *ntermed, pid))
			continue;
		kill(pid, sig);
		if (sig == SIGTERM && *ntermed < MAX_TERMED)
			termed[(*ntermed)++] = pid;
	}
	closedir(d);
	return count;
}

void run_sweep(struct run *r)
{
	pid_t termed[MAX_TERMED];
	size_t ntermed = 0;
	double start = run_now_ms(), bound = r->opt.kill_after_s * 1e3;
	int sig = SIGTERM, left;

	while ((left = signal_orphans(r, sig, termed, &ntermed)) > 0) {
		double spent = run_now_ms() - start;

		if (sig == SIGTERM && (r->hurry || spent >= bound)) {
			fprintf(stderr,
			        "shmcomp-run: %d process%s left behind did not end within %g s "
			        "of SIGTERM: sending SIGKILL\n",
			        left, left == 1 ? "" : "es", r->opt.kill_after_s);
			sig = SIGKILL;
			continue;
		}
		if (sig == SIGKILL && spent >= bound + KILL_WAIT_MS) {
			fprintf(stderr, "shmcomp-run: %d process%s still there after SIGKILL\n",
			        left, left == 1 ? "" : "es");
			return;
		}
		run_poll(r, -1, GROUP_POLL_MS);
	}
}
