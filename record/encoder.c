/* The encoder process: ffmpeg (or another program taking its options) reading the
 * raw Matroska stream on its stdin and writing the video to fd 3. Started with
 * posix_spawn (no fork of a big compositor), every other fd closed, default signal
 * dispositions and an empty mask, in a process group of its own: when the
 * compositor dies, even by SIGKILL, the encoder reads the end of its input and
 * finalises the file, unless it is killed itself. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "record/record-private.h"

extern char **environ;

/* The encoder runs this much nicer than the compositor: its frames come first. */
#define ENCODER_NICE 10
/* After SIGTERM, how long the encoder gets to finalise before SIGKILL. */
#define TERM_GRACE_NS (2 * 1000000000ull)
/* How often a write blocked on a slow encoder looks at its deadline. */
#define SEND_TIMEOUT_US 100000

uint64_t rec_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int rec_output_open(const struct recorder_output *o, char *err, size_t errlen)
{
	if (o->fd >= 0) {
		int fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			snprintf(err, errlen, "output fd %d: %s", o->fd, strerror(errno));
		return fd;
	}
	if (!o->path || !o->path[0]) {
		snprintf(err, errlen, "no output: neither an fd nor a path");
		return -1;
	}
	int fd = open(o->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		snprintf(err, errlen, "%s: %s", o->path, strerror(errno));
	return fd;
}

static bool is_program(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

bool rec_find_program(const char *name, char *path, size_t pathlen, char *err, size_t errlen)
{
	if (strchr(name, '/')) {
		if (is_program(name) && (size_t)snprintf(path, pathlen, "%s", name) < pathlen)
			return true;
		snprintf(err, errlen, "encoder %s: not an executable file", name);
		return false;
	}
	const char *dirs = getenv("PATH");
	if (!dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = dirs; *p;) {
		size_t n = strcspn(p, ":");
		int len = snprintf(path, pathlen, "%.*s/%s", (int)n, n ? p : ".", name);
		if (len > 0 && (size_t)len < pathlen && is_program(path))
			return true;
		p += n + (p[n] == ':');
	}
	snprintf(err, errlen,
	        "encoder \"%s\" not found in $PATH (on Debian: apt-get install ffmpeg)", name);
	return false;
}

void rec_encoder_init(struct rec_encoder *e)
{
	*e = (struct rec_encoder){.pid = 0, .in_fd = -1, .log_fd = -1, .out_fd = -1};
}

/* ffmpeg's command line. The input's timestamps are kept as they are: -copyts keeps
 * the first from being moved to 0, -fps_mode passthrough keeps frames from being
 * duplicated or dropped to fit a rate, and -enc_time_base -1 gives the encoder the
 * input's time base (ms); without it ffmpeg rounds times to a guessed frame rate. */
static void build_args(const char *argv[], size_t max, const char *program,
        enum recorder_format format, const char *target)
{
	static const char *const head[] = {"-hide_banner", "-nostdin", "-nostats", "-loglevel",
	        "error", "-probesize", "32", "-f", "matroska", "-i", "pipe:0", "-map", "0:v",
	        "-copyts", "-fps_mode", "passthrough", "-enc_time_base", "-1"};
	/* FFV1 version 3, each frame on its own (-g 1) in 4 slices with CRCs: what
	 * archives use; a damaged or cut file loses the frames it cut, no more. */
	static const char *const ffv1[] = {"-c:v", "ffv1", "-level", "3", "-g", "1", "-slices", "4",
	        "-slicecrc", "1", "-pix_fmt", "bgr0", "-f", "matroska"};
	static const char *const vp9[] = {"-c:v", "libvpx-vp9", "-deadline", "realtime",
	        "-cpu-used", "8", "-row-mt", "1", "-lag-in-frames", "0", "-crf", "32", "-b:v", "0",
	        "-pix_fmt", "yuv420p", "-f", "webm"};
	/* Each frame in a Cluster of its own, written out at once: if the encoder is
	 * killed, the file still holds every frame it had encoded. */
	static const char *const tail[] = {"-cluster_size_limit", "1", "-flush_packets", "1", "-y"};
	const char *const *fmt = format == RECORDER_VP9_WEBM ? vp9 : ffv1;
	size_t nfmt = format == RECORDER_VP9_WEBM ? sizeof(vp9) / sizeof(vp9[0])
	                                          : sizeof(ffv1) / sizeof(ffv1[0]);
	size_t n = 0;
	argv[n++] = program;
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]) && n < max - 4; i++)
		argv[n++] = head[i];
	for (size_t i = 0; i < nfmt && n < max - 4; i++)
		argv[n++] = fmt[i];
	for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]) && n < max - 2; i++)
		argv[n++] = tail[i];
	argv[n++] = target;
	argv[n] = NULL;
}

/* The child's fds: 0 the socket, 1 and 2 the log, 3 the output, nothing else. The
 * sources are moved above 3 first so that no dup2 overwrites one still to come. */
static bool child_fds(posix_spawn_file_actions_t *fa, int sock, int log, int out, int high[3])
{
	int src[3] = {sock, log, out};
	for (int i = 0; i < 3; i++) {
		high[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 10);
		if (high[i] < 0)
			return false;
	}
	return posix_spawn_file_actions_adddup2(fa, high[0], 0) == 0 &&
	       posix_spawn_file_actions_adddup2(fa, high[1], 1) == 0 &&
	       posix_spawn_file_actions_adddup2(fa, high[1], 2) == 0 &&
	       posix_spawn_file_actions_adddup2(fa, high[2], 3) == 0 &&
	       posix_spawn_file_actions_addclosefrom_np(fa, 4) == 0;
}

static int spawn(pid_t *pid, const char *const argv[], int sock, int log, int out)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int high[3] = {-1, -1, -1}, rc = ENOMEM;
	sigemptyset(&none);
	sigfillset(&all);
	if (posix_spawn_file_actions_init(&fa) != 0)
		return rc;
	if (posix_spawnattr_init(&attr) != 0)
		goto error_fa;
	if (!child_fds(&fa, sock, log, out, high) ||
	        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	                                                POSIX_SPAWN_SETSIGDEF) != 0 ||
	        posix_spawnattr_setpgroup(&attr, 0) != 0 ||
	        posix_spawnattr_setsigmask(&attr, &none) != 0 ||
	        posix_spawnattr_setsigdefault(&attr, &all) != 0)
		goto error_attr;
	rc = posix_spawn(pid, argv[0], &fa, &attr, (char *const *)(uintptr_t)argv, environ);
error_attr:
	for (int i = 0; i < 3; i++)
		if (high[i] >= 0)
			close(high[i]);
	posix_spawnattr_destroy(&attr);
error_fa:
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

bool rec_encoder_start(struct rec_encoder *e, const char *program, enum recorder_format format,
        int out_fd, char *err, size_t errlen)
{
	struct stat st;
	int sv[2] = {-1, -1};
	const char *argv[64];
	e->out_fd = out_fd;
	bool regular = fstat(out_fd, &st) == 0 && S_ISREG(st.st_mode);
	/* A regular file is reopened through /dev/fd so that ffmpeg can seek back and
	 * finalise it (cues, duration); "pipe:3" would write a streamed file. */
	build_args(argv, sizeof(argv) / sizeof(argv[0]), program, format,
	        regular ? "/dev/fd/3" : "pipe:3");
	e->log_fd = memfd_create("shmcomp-encoder-log", MFD_CLOEXEC);
	if (e->log_fd < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "encoder: %s", strerror(errno));
		return false;
	}
	/* Writes wake up now and then to look at the deadline (rec_encoder_write). */
	struct timeval tv = {0, SEND_TIMEOUT_US};
	if (setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0) {
		snprintf(err, errlen, "encoder: SO_SNDTIMEO: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	int rc = spawn(&e->pid, argv, sv[1], e->log_fd, out_fd);
	close(sv[1]);
	e->in_fd = sv[0];
	if (rc != 0) {
		e->pid = 0;
		snprintf(err, errlen, "encoder %s: %s", program, strerror(rc));
		return false;
	}
	/* Best effort (ffmpeg starts its threads later, and they inherit the value); from
	 * the compositor's own value, which an unprivileged process cannot go below. */
	errno = 0;
	int nice_now = getpriority(PRIO_PROCESS, 0);
	if (errno == 0)
		setpriority(PRIO_PROCESS, (id_t)e->pid,
		        nice_now + ENCODER_NICE < 19 ? nice_now + ENCODER_NICE : 19);
	return true;
}

bool rec_encoder_write(struct rec_encoder *e, const void *head, size_t headlen, const void *data,
        size_t datalen, const _Atomic uint64_t *deadline_ns)
{
	struct iovec iov[2] = {
	        {(void *)(uintptr_t)head, headlen}, {(void *)(uintptr_t)data, datalen}};
	struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
	while (iov[0].iov_len + iov[1].iov_len > 0) {
		ssize_t n = sendmsg(e->in_fd, &msg, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* SO_SNDTIMEO expired: the encoder is slow; give up only at the deadline */
			uint64_t deadline = deadline_ns ? atomic_load(deadline_ns) : 0;
			if (deadline == 0 || rec_now_ns() < deadline)
				continue;
		}
		if (n <= 0)
			return false;
		for (size_t i = 0; i < 2; i++) {
			size_t k = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
			iov[i].iov_base = (char *)iov[i].iov_base + k;
			iov[i].iov_len -= k;
			n -= (ssize_t)k;
		}
		if (iov[0].iov_len == 0) {
			msg.msg_iov = iov + 1;
			msg.msg_iovlen = 1;
		}
	}
	return true;
}

/* The last non-empty line the encoder wrote. */
static void last_line(int fd, char *out, size_t outlen)
{
	char buf[1024];
	struct stat st;
	out[0] = '\0';
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0)
		return;
	size_t want = (size_t)st.st_size < sizeof(buf) - 1 ? (size_t)st.st_size : sizeof(buf) - 1;
	ssize_t n = pread(fd, buf, want, st.st_size - (off_t)want);
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	const char *line = strrchr(buf, '\n');
	line = line ? line + 1 : buf;
	size_t len = strlen(line) < outlen - 1 ? strlen(line) : outlen - 1;
	memcpy(out, line, len); /* cut, if need be: a message, not data */
	out[len] = '\0';
}

static bool reap(struct rec_encoder *e, int options, int *status)
{
	struct rusage ru;
	pid_t got;
	do
		got = wait4(e->pid, status, options, &ru);
	while (got < 0 && errno == EINTR);
	if (got == 0)
		return false;
	if (got == e->pid) {
		e->cpu_ms =
		        (uint64_t)ru.ru_utime.tv_sec * 1000 + (uint64_t)ru.ru_utime.tv_usec / 1000 +
		        (uint64_t)ru.ru_stime.tv_sec * 1000 + (uint64_t)ru.ru_stime.tv_usec / 1000;
	} else {
		*status = -1; /* not ours to wait for (SIGCHLD ignored?): give up on it */
	}
	e->pid = 0;
	return true;
}

static bool wait_until(struct rec_encoder *e, uint64_t deadline_ns, int *status)
{
	for (;;) {
		if (reap(e, WNOHANG, status))
			return true;
		if (rec_now_ns() >= deadline_ns)
			return false;
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

bool rec_encoder_finish(struct rec_encoder *e, uint64_t deadline_ns, char *err, size_t errlen)
{
	int status = 0;
	char line[512];
	if (e->in_fd >= 0) {
		close(e->in_fd);
		e->in_fd = -1;
	}
	if (e->pid <= 0)
		return true;
	bool in_time = wait_until(e, deadline_ns, &status);
	if (!in_time) {
		kill(e->pid, SIGTERM);
		if (!wait_until(e, rec_now_ns() + TERM_GRACE_NS, &status)) {
			kill(e->pid, SIGKILL);
			reap(e, 0, &status);
		}
	}
	if (in_time && status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	last_line(e->log_fd, line, sizeof(line));
	if (!in_time)
		snprintf(err, errlen, "encoder too slow to finish: stopped%s%s",
		        line[0] ? ": " : "", line);
	else if (status != -1 && WIFSIGNALED(status))
		snprintf(err, errlen, "encoder killed by signal %d%s%s", WTERMSIG(status),
		        line[0] ? ": " : "", line);
	else
		snprintf(err, errlen, "encoder failed (exit %d)%s%s",
		        status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		        line[0] ? ": " : "", line);
	return false;
}

uint64_t rec_process_cpu_ms(pid_t pid)
{
	char path[64], buf[1024];
	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the fields after the command name, which is in parentheses and may hold spaces */
	char *p = strrchr(buf, ')');
	unsigned long long utime = 0, stime = 0;
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
	                  &stime) != 2)
		return 0;
	long hz = sysconf(_SC_CLK_TCK);
	return hz > 0 ? (uint64_t)(utime + stime) * 1000 / (uint64_t)hz : 0;
}

uint64_t rec_encoder_output_bytes(const struct rec_encoder *e)
{
	struct stat st;
	if (e->out_fd < 0 || fstat(e->out_fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return (uint64_t)st.st_size;
}

void rec_encoder_destroy(struct rec_encoder *e)
{
	int status;
	if (e->in_fd >= 0)
		close(e->in_fd);
	if (e->pid > 0) {
		kill(e->pid, SIGKILL);
		reap(e, 0, &status);
	}
	if (e->log_fd >= 0)
		close(e->log_fd);
	if (e->out_fd >= 0)
		close(e->out_fd);
	e->in_fd = e->log_fd = e->out_fd = -1;
	e->pid = 0;
}
