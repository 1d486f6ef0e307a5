/* Clocks, child processes and /proc readings. Every child gets PR_SET_PDEATHSIG so that an
 * interrupted benchmark leaves no server or compositor behind; normal teardown kills by pid. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"

double bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void bench_sleep_us(long us)
{
	struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static bool read_small_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n > 0;
}

/* utime+stime from /proc/PID/stat: the kernel reports them in clock ticks (10 ms). */
static double stat_cpu_ms(pid_t pid)
{
	char path[64], buf[2048];
	unsigned long ut, st;
	const char *s;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!read_small_file(path, buf, sizeof buf))
		return -1;
	/* the command name may hold spaces and parentheses: fields restart after the last ')' */
	s = strrchr(buf, ')');
	if (!s || sscanf(s + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) !=
	                  2)
		return -1;
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

/* The same sum (all threads, user and system) through the process CPU clock, in ns: a 32x32
 * update costs a few hundredths of a tick, so ticks would need minutes of updates. */
double bench_cpu_ms(pid_t pid)
{
	struct timespec ts;
	clockid_t clock;

	if (pid <= 0)
		return 0;
	if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0)
		return stat_cpu_ms(pid);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

long bench_rss_kb(pid_t pid)
{
	char path[64], buf[4096];
	const char *s;
	long kb;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!read_small_file(path, buf, sizeof buf))
		return -1;
	s = strstr(buf, "\nVmRSS:");
	if (!s || sscanf(s + 7, "%ld", &kb) != 1)
		return -1;
	return kb;
}

long bench_pss_kb(pid_t pid)
{
	char path[64], buf[4096];
	const char *s;
	long kb;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
	if (!read_small_file(path, buf, sizeof buf))
		return -1;
	s = strstr(buf, "\nPss:");
	if (!s || sscanf(s + 5, "%ld", &kb) != 1)
		return -1;
	return kb;
}

static void redirect(int fd, int target)
{
	if (fd < 0)
		fd = open("/dev/null", O_WRONLY);
	if (fd >= 0 && fd != target)
		dup2(fd, target);
}

static void exec_child(const char *const *argv, const struct bench_spawn_opts *o, pid_t parent)
{
	/* SIGTERM rather than SIGKILL: Xvfb then removes its lock file and socket */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
		_exit(127);
	if (o->display)
		setenv("DISPLAY", o->display, 1);
	redirect(o->out_fd, STDOUT_FILENO);
	redirect(o->err_fd, STDERR_FILENO);
	if (o->keep_fd >= 0)
		fcntl(o->keep_fd, F_SETFD, 0);
	execvp(argv[0], (char *const *)argv);
	fprintf(stderr, "shmcomp-bench: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

pid_t bench_spawn(const char *const *argv, const struct bench_spawn_opts *o)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		exec_child(argv, o, parent);
	return pid;
}

static int decode_status(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool bench_exited(pid_t pid, int *status)
{
	int st;

	if (pid <= 0 || waitpid(pid, &st, WNOHANG) != pid)
		return false;
	if (status)
		*status = decode_status(st);
	return true;
}

void bench_kill(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 200; i++) {
		if (waitpid(*pid, NULL, WNOHANG) == *pid) {
			*pid = -1;
			return;
		}
		bench_sleep_us(10000);
	}
	kill(*pid, SIGKILL);
	waitpid(*pid, NULL, 0);
	*pid = -1;
}

/* Reads fd to EOF into a growing buffer; false on timeout or error. */
static bool read_all(int fd, char **out, int timeout_ms)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	double end = bench_now_ms() + timeout_ms;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (buf) {
		int left = (int)(end - bench_now_ms());
		if (left <= 0 || poll(&p, 1, left) <= 0)
			break;
		ssize_t r = read(fd, buf + len, cap - len - 1);
		if (r <= 0) {
			buf[len] = '\0';
			*out = buf;
			return r == 0;
		}
		len += (size_t)r;
		if (len + 1 == cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
	}
	free(buf);
	return false;
}

char *bench_capture(const char *const *argv, const char *display, int timeout_ms)
{
	struct bench_spawn_opts o = {.display = display, .err_fd = -1, .keep_fd = -1};
	char *out = NULL;
	int p[2], status = -1;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	o.out_fd = p[1];
	pid = bench_spawn(argv, &o);
	close(p[1]);
	if (pid < 0 || !read_all(p[0], &out, timeout_ms)) {
		free(out);
		out = NULL;
	}
	close(p[0]);
	if (pid > 0 && !bench_exited(pid, &status)) {
		if (out && waitpid(pid, &status, 0) == pid)
			status = decode_status(status);
		else
			bench_kill(&pid);
	}
	if (status != 0) {
		free(out);
		return NULL;
	}
	return out;
}

void bench_last_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[512];

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			snprintf(out, len, "%s", line);
	}
	fclose(f);
}
