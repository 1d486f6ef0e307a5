/* Child processes for diff-test: the scene clients (stepped through their stdin
 * and stdout), the compositor and shmcomp-ctl; every wait is bounded and every
 * child is reaped by pid. */
#include "tests/diff/diff.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void exec_child(char *const argv[], const int *in, const int *out, int stdout_fd)
{
	if (in) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
	} else {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
	}
	if (stdout_fd >= 0)
		dup2(stdout_fd, STDOUT_FILENO);
	execv(argv[0], argv);
	fprintf(stderr, "diff-test: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

bool proc_spawn(struct proc *p, char *const argv[], bool pipes, int stdout_fd)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1};

	p->pid = -1;
	p->status = -1;
	p->to = p->from = -1;
	p->len = 0;
	if (pipes && (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0))
		goto error_pipes;
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0)
		goto error_pipes;
	if (p->pid == 0)
		exec_child(argv, pipes ? in : NULL, pipes ? out : NULL, stdout_fd);
	close_fd(&in[0]);
	close_fd(&out[1]);
	p->to = in[1];
	p->from = out[0];
	return true;

error_pipes:
	fprintf(stderr, "diff-test: cannot start %s: %s\n", argv[0], strerror(errno));
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	return false;
}

bool proc_write(struct proc *p, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(p->to, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static bool take_line(struct proc *p, char *line, size_t len)
{
	char *nl = memchr(p->buf, '\n', p->len);
	size_t n;

	if (!nl)
		return false;
	n = (size_t)(nl - p->buf);
	snprintf(line, len, "%.*s", (int)n, p->buf);
	memmove(p->buf, nl + 1, p->len - n - 1);
	p->len -= n + 1;
	return true;
}

bool proc_read_line(struct proc *p, char *line, size_t len, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;

	while (!take_line(p, line, len)) {
		struct pollfd pfd = {.fd = p->from, .events = POLLIN};
		long left = deadline - now_ms();
		ssize_t n;
		if (left <= 0 || p->len == sizeof p->buf)
			return false;
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		n = read(p->from, p->buf + p->len, sizeof p->buf - p->len);
		if (n == 0 || (n < 0 && errno != EINTR))
			return false;
		if (n > 0)
			p->len += (size_t)n;
	}
	return true;
}

static int decode(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* Reaps the child if it has exited; true when it has (or was reaped before). */
static bool reap(struct proc *p)
{
	int status;

	if (p->pid <= 0)
		return true;
	if (waitpid(p->pid, &status, WNOHANG) != p->pid)
		return false;
	p->pid = -1;
	p->status = decode(status);
	return true;
}

int proc_wait(struct proc *p, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	struct timespec tick = {0, 1000000L};

	while (!reap(p)) {
		if (now_ms() >= deadline)
			return -1;
		nanosleep(&tick, NULL);
	}
	return p->status;
}

bool proc_alive(struct proc *p)
{
	return !reap(p);
}

void proc_finish(struct proc *p)
{
	close_fd(&p->to);
	close_fd(&p->from);
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
	}
	p->pid = -1;
}

int proc_run(char *const argv[], int stdout_fd, int timeout_ms)
{
	struct proc p;
	int status;

	if (!proc_spawn(&p, argv, false, stdout_fd))
		return -1;
	status = proc_wait(&p, timeout_ms);
	if (status < 0)
		fprintf(stderr, "diff-test: %s did not finish within %d ms\n", argv[0], timeout_ms);
	proc_finish(&p);
	return status;
}
