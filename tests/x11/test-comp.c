/* x11 suite for the shmcomp program's life: it takes the CM selection and
 * exits 0 on SIGTERM leaving the windows visible; a second instance refuses
 * naming the first; --replace takes over; losing the X server ends it with
 * an error within a second; unsupported servers are refused with a message
 * a person can act on. Run as: test-comp SHMCOMP CASE */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/check.h"

static int failures;
static const char *shmcomp;

static char log_a[256], log_b[256];

static pid_t start_comp(const struct xserver *xs, const char *extra, const char *log)
{
	const char *argv[] = {shmcomp, "--log-level", "info", extra, NULL};
	return spawn(argv, xs->name, log);
}

static bool contains(const char *path, const char *needle)
{
	char *text = read_file(path);
	bool found = text && strstr(text, needle);

	if (!found)
		fprintf(stderr, "%s does not say '%s'; it says:\n%s\n", path, needle,
			text ? text : "(nothing)");
	free(text);
	return found;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}


static int case_lifecycle(void)
{
	struct xserver xs;
	xcb_screen_t *s;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, &s);
	uint32_t bg = 0x00ff8000;
	xcb_window_t w = xcb_generate_id(c);
	xcb_create_window(c, XCB_COPY_FROM_PARENT, w, s->root, 10, 10, 100, 100, 0,
		XCB_WINDOW_CLASS_INPUT_OUTPUT, s->root_visual, XCB_CW_BACK_PIXEL, &bg);
	xcb_map_window(c, w);
	x_sync(c);

	pid_t pid = start_comp(&xs, "--no-vsync", log_a);
	CHECK(wait_cm_owner(c, 5000));
	/* A second instance refuses, naming the first. */
	pid_t second = start_comp(&xs, "--no-vsync", log_b);
	CHECK(wait_exit(second, 5000) == 1);
	CHECK(contains(log_b, "another compositing manager"));
	CHECK(contains(log_b, "shmcomp"));
	CHECK(contains(log_b, "--replace"));
	/* SIGTERM: exit 0, and the window is shown by the server again. */
	kill(pid, SIGTERM);
	CHECK(wait_exit(pid, 3000) == 0);
	x_sync(c);
	CHECK(root_pixel(c, s, 50, 50) == 0xff8000);
	xcb_disconnect(c);
	xserver_stop(&xs);
	return failures ? 1 : 0;
}

static int case_replace(void)
{
	struct xserver xs;
	xcb_screen_t *s;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, &s);
	pid_t first = start_comp(&xs, "--no-vsync", log_a);
	CHECK(wait_cm_owner(c, 5000));
	pid_t second = start_comp(&xs, "--replace", log_b);
	/* The first lets go when the selection is taken, and exits cleanly. */
	CHECK(wait_exit(first, 5000) == 0);
	CHECK(contains(log_a, "took over"));
	usleep(200000);
	CHECK(wait_exit(second, 0) == -1); /* still running */
	CHECK(wait_cm_owner(c, 2000));
	kill(second, SIGTERM);
	CHECK(wait_exit(second, 3000) == 0);
	xcb_disconnect(c);
	xserver_stop(&xs);
	return failures ? 1 : 0;
}

static int case_server_lost(void)
{
	struct xserver xs;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, NULL);
	pid_t pid = start_comp(&xs, "--no-vsync", log_a);
	CHECK(wait_cm_owner(c, 5000));
	xcb_disconnect(c);
	kill(xs.pid, SIGKILL);
	double t0 = now_ms();
	int code = wait_exit(pid, 3000);
	double took = now_ms() - t0;
	xs.pid = -1;
	CHECK(code != 0 && code != -1 && code < 128);
	CHECK(took < 1000);
	fprintf(stderr, "exit %d after %.0f ms\n", code, took);
	CHECK(contains(log_a, "lost the connection"));
	if (code == -1)
		kill(pid, SIGKILL);
	return failures ? 1 : 0;
}

static int refused(const char *const *server_args, const char *needle)
{
	struct xserver xs;
	int r = xserver_start(&xs, "Xvfb", server_args);
	if (r)
		return r;
	pid_t pid = start_comp(&xs, "--no-vsync", log_a);
	CHECK(wait_exit(pid, 5000) == 1);
	CHECK(contains(log_a, needle));
	xserver_stop(&xs);
	return failures ? 1 : 0;
}

static int case_depth8(void)
{
	const char *args[] = {"-screen", "0", "640x480x8", NULL};
	return refused(args, "-screen 0 WxHx24");
}

static int case_no_composite(void)
{
	const char *args[] = {"-extension", "Composite", NULL};
	return refused(args, "Composite");
}

static int case_no_display(void)
{
	const char *argv[] = {shmcomp, "--display", ":9999", NULL};
	pid_t pid = spawn(argv, NULL, log_a);
	CHECK(wait_exit(pid, 5000) == 1);
	CHECK(contains(log_a, "cannot open display ':9999'"));
	return failures ? 1 : 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{"lifecycle", case_lifecycle},
	{"replace", case_replace},
	{"server-lost", case_server_lost},
	{"depth8", case_depth8},
	{"no-composite", case_no_composite},
	{"no-display", case_no_display},
};

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	shmcomp = argv[1];
	snprintf(log_a, sizeof log_a, "%s/comp-%s-a.log", argv[3], argv[2]);
	snprintf(log_b, sizeof log_b, "%s/comp-%s-b.log", argv[3], argv[2]);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(argv[2], cases[i].name) == 0)
			return cases[i].fn();
	fprintf(stderr, "unknown case %s\n", argv[2]);
	return 2;
}
