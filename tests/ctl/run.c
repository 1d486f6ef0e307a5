/* Running programs for the shmcomp-ctl tests: shmcomp-ctl with stdout and stderr captured in
 * files and its run timed, checks on its results, the case's output directory, and
 * fake-owner, whose "ready" line says it owns the selection. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/ctl/driver.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

#define RUN_LIMIT_S 30.0
#define READY_LIMIT_MS 10000

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			char *grown = realloc(buf, cap * 2 + 4096);

			if (!grown)
				break;
			buf = grown;
			cap = cap * 2 + 4096;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void redirect(const char *path, int fd)
{
	int to = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (to < 0 || dup2(to, fd) < 0)
		_exit(126);
	close(to);
}

/* Waits for pid to exit, killing it after RUN_LIMIT_S; its exit status or 128 + signal. */
static int wait_limited(pid_t pid)
{
	struct pollfd p = {.fd = pidfd_open(pid, 0), .events = POLLIN};
	int st = 0;

	if (p.fd >= 0 && poll(&p, 1, (int)(RUN_LIMIT_S * 1000)) == 0) {
		fprintf(stderr, "test-ctl: pid %d still running after %g s, killing it\n", (int)pid,
		        RUN_LIMIT_S);
		kill(pid, SIGKILL);
	}
	if (p.fd >= 0)
		close(p.fd);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

bool run_capture(const char *dir, const char *name, const char *display, const char *const *argv,
        struct proc_result *r)
{
	char out[512], err[512];
	double start = monotonic_ms();
	pid_t pid;

	snprintf(out, sizeof out, "%s/%s.out", dir, name);
	snprintf(err, sizeof err, "%s/%s.err", dir, name);
	*r = (struct proc_result){.status = -1};
	pid = fork();
	if (pid < 0) {
		perror("test-ctl: fork");
		return false;
	}
	if (pid == 0) {
		redirect(out, STDOUT_FILENO);
		redirect(err, STDERR_FILENO);
		if (display)
			setenv("DISPLAY", display, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	r->status = wait_limited(pid);
	r->secs = (monotonic_ms() - start) / 1e3;
	r->out = slurp(out, &r->out_len);
	r->err = slurp(err, NULL);
	if (!r->out || !r->err) {
		fprintf(stderr, "test-ctl: cannot read the output of %s\n", argv[0]);
		proc_result_free(r);
		return false;
	}
	return true;
}

void proc_result_free(struct proc_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

bool run_ctl(const char *ctl, const char *dir, const char *display, const char *const *args,
        struct proc_result *r)
{
	const char *argv[128] = {ctl};
	size_t n = 1;

	for (size_t i = 0; args[i] && n < 127; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (!test_expect(run_capture(dir, "ctl", display, argv, r), "could not run %s", ctl))
		return false;
	fprintf(stderr, "ran shmcomp-ctl");
	for (size_t i = 1; i < n; i++)
		fprintf(stderr, " %s", argv[i]);
	fprintf(stderr, ": status %d in %.3f s, stdout %zu bytes, stderr: %s", r->status, r->secs,
	        r->out_len, r->err[0] ? r->err : "(empty)\n");
	return true;
}

void expect_status(const struct proc_result *r, int status)
{
	test_expect(r->status == status, "exit status %d, want %d", r->status, status);
}

void expect_in(const char *haystack, const char *needle, const char *what)
{
	test_expect(
	        strstr(haystack, needle) != NULL, "%s lacks \"%s\": %s", what, needle, haystack);
}

bool case_dir_make(char *dir, size_t size, const char *prog)
{
	snprintf(dir, size, "/tmp/%s-XXXXXX", prog);
	if (mkdtemp(dir))
		return true;
	fprintf(stderr, "%s: mkdtemp: %s\n", prog, strerror(errno));
	return false;
}

void case_dir_finish(const char *dir, const char *name)
{
	DIR *d;
	struct dirent *e;
	char path[512];

	if (test_failures() || getenv("SHMCOMP_TEST_KEEP")) {
		fprintf(stderr, "%s: %s; outputs kept in %s\n", name,
		        test_failures() ? "FAILED" : "SHMCOMP_TEST_KEEP", dir);
		return;
	}
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static bool read_ready(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char buf[16];
	size_t n = 0;

	while (n < 6) {
		if (poll(&p, 1, READY_LIMIT_MS) <= 0)
			return false;
		ssize_t got = read(fd, buf + n, sizeof buf - n);

		if (got <= 0)
			return false;
		n += (size_t)got;
	}
	return memcmp(buf, "ready\n", 6) == 0;
}

pid_t fake_owner_start(const char *fake, const char *display, const char *mode, const char *log)
{
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		execl(fake, fake, display, mode, log, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (pid > 0 && !read_ready(p[0])) {
		fprintf(stderr, "test-ctl: fake-owner %s did not get ready\n", mode);
		process_stop(pid);
		pid = -1;
	}
	close(p[0]);
	return pid;
}

void process_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* One line of paint-client's output (without the newline), within READY_LIMIT_MS. */
static bool painter_line(int fd, char *line, size_t size)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	size_t n = 0;

	while (n + 1 < size && poll(&p, 1, READY_LIMIT_MS) > 0) {
		char c;

		if (read(fd, &c, 1) != 1)
			break;
		if (c == '\n') {
			line[n] = '\0';
			return true;
		}
		line[n++] = c;
	}
	line[n] = '\0';
	return false;
}

static bool painter_read(struct painter *p, int fd)
{
	char line[256];

	while (painter_line(fd, line, sizeof line)) {
		char name[32];
		unsigned id;

		if (strcmp(line, "mapped") == 0)
			return true;
		if (sscanf(line, "window %31s 0x%x", name, &id) == 2 &&
		        p->n < PAINTER_MAX_WINDOWS) {
			snprintf(p->wins[p->n].name, sizeof p->wins[p->n].name, "%s", name);
			p->wins[p->n++].id = id;
		}
	}
	return false;
}

bool painter_start(
        struct painter *p, const char *client, const char *display, const char *const *args)
{
	const char *argv[PAINTER_MAX_WINDOWS + 8] = {client};
	size_t n = 1;
	int fds[2];
	bool ok;

	*p = (struct painter){.pid = -1};
	for (size_t i = 0; args[i] && n + 1 < sizeof argv / sizeof argv[0]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(fds) < 0)
		return test_expect(false, "pipe: %s", strerror(errno));
	p->pid = fork();
	if (p->pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("DISPLAY", display, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	ok = p->pid > 0 && painter_read(p, fds[0]);
	close(fds[0]); /* paint-client says nothing more unless a window paints late */
	return test_expect(ok, "paint-client did not map its windows");
}

const char *painter_id(const struct painter *p, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "0x0");
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->wins[i].name, name) == 0)
			snprintf(buf, size, "0x%x", p->wins[i].id);
	}
	return buf;
}

void painter_stop(struct painter *p)
{
	process_stop(p->pid);
	p->pid = -1;
}
