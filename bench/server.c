/* A private Xvfb per measurement: -displayfd picks a free display, so runs never collide
 * with each other or with a desktop; the server is killed by pid. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"

#define SERVER_START_MS 15000

/* The display number Xvfb writes to -displayfd once it accepts connections; -1 if none. */
static int read_display(int fd)
{
	char buf[32];
	size_t len = 0;
	double end = bench_now_ms() + SERVER_START_MS;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (len < sizeof buf - 1 && !memchr(buf, '\n', len)) {
		int left = (int)(end - bench_now_ms());
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		ssize_t r = read(fd, buf + len, sizeof buf - 1 - len);
		if (r <= 0)
			return -1; /* EOF: the server exited */
		len += (size_t)r;
	}
	buf[len] = '\0';
	return len && buf[0] >= '0' && buf[0] <= '9' ? atoi(buf) : -1;
}

bool bench_server_start(struct bench_server *s, char *why, size_t len)
{
	char fdstr[16];
	const char *argv[] = {"Xvfb", "-displayfd", fdstr, "-nolisten", "tcp", "-noreset",
	        "-screen", "0", "1280x800x24", NULL};
	struct bench_spawn_opts o = {.out_fd = -1, .err_fd = -1};
	int p[2], display;

	s->pid = -1;
	s->name[0] = '\0';
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(why, len, "pipe failed");
		return false;
	}
	snprintf(fdstr, sizeof fdstr, "%d", p[1]);
	o.keep_fd = p[1];
	s->pid = bench_spawn(argv, &o);
	close(p[1]);
	display = s->pid > 0 ? read_display(p[0]) : -1;
	close(p[0]);
	if (display < 0) {
		snprintf(why, len, "Xvfb did not start (is it installed?)");
		bench_server_stop(s);
		return false;
	}
	snprintf(s->name, sizeof s->name, ":%d", display);
	return true;
}

void bench_server_stop(struct bench_server *s)
{
	bench_kill(&s->pid);
	s->name[0] = '\0';
}
