/* x11 suite for the shmcomp program's life: it takes the CM selection and
 * exits 0 on SIGTERM leaving the windows visible; a second instance refuses
 * naming the first; --replace takes over; losing the X server ends it with
 * an error within a second; unsupported servers are refused with a message
 * a person can act on. Run as: test-comp CASE SHMCOMP BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

/* SHMCOMP and the logs of a first and a second instance in BUILDDIR. */
struct comp_test {
	const char *shmcomp;
	char log_a[256], log_b[256];
};

static struct comp_test comp_test_of(const struct test_ctx *tc)
{
	struct comp_test t = {.shmcomp = test_arg(tc, 0, "SHMCOMP")};
	const char *dir = test_arg(tc, 1, "BUILDDIR");

	snprintf(t.log_a, sizeof t.log_a, "%s/comp-%s-a.log", dir, tc->name);
	snprintf(t.log_b, sizeof t.log_b, "%s/comp-%s-b.log", dir, tc->name);
	return t;
}

static pid_t start_comp(
        const struct comp_test *t, const struct xserver *xs, const char *extra, const char *log)
{
	const char *argv[] = {t->shmcomp, "--log-level", "info", extra, NULL};
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

TEST(lifecycle)
{
	const struct comp_test t = comp_test_of(tc);
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

	pid_t pid = start_comp(&t, &xs, "--no-vsync", t.log_a);
	CHECK(wait_cm_owner(c, 5000));
	/* A second instance refuses, naming the first. */
	pid_t second = start_comp(&t, &xs, "--no-vsync", t.log_b);
	CHECK(wait_exit(second, 5000) == 1);
	CHECK(contains(t.log_b, "another compositing manager"));
	CHECK(contains(t.log_b, "shmcomp"));
	CHECK(contains(t.log_b, "--replace"));
	/* SIGTERM: exit 0, and the window is shown by the server again. */
	kill(pid, SIGTERM);
	CHECK(wait_exit(pid, 3000) == 0);
	x_sync(c);
	CHECK(root_pixel(c, s, 50, 50) == 0xff8000);
	xcb_disconnect(c);
	xserver_stop(&xs);
	return TEST_PASS;
}

TEST(replace)
{
	const struct comp_test t = comp_test_of(tc);
	struct xserver xs;
	xcb_screen_t *s;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, &s);
	pid_t first = start_comp(&t, &xs, "--no-vsync", t.log_a);
	CHECK(wait_cm_owner(c, 5000));
	pid_t second = start_comp(&t, &xs, "--replace", t.log_b);
	/* The first lets go when the selection is taken, and exits cleanly. */
	CHECK(wait_exit(first, 5000) == 0);
	CHECK(contains(t.log_a, "took over"));
	usleep(200000);
	CHECK(wait_exit(second, 0) == -1); /* still running */
	CHECK(wait_cm_owner(c, 2000));
	kill(second, SIGTERM);
	CHECK(wait_exit(second, 3000) == 0);
	xcb_disconnect(c);
	xserver_stop(&xs);
	return TEST_PASS;
}

TEST(server_lost)
{
	const struct comp_test t = comp_test_of(tc);
	struct xserver xs;
	int r = xserver_start(&xs, "Xvfb", NULL);
	if (r)
		return r;
	xcb_connection_t *c = xserver_connect(&xs, NULL);
	pid_t pid = start_comp(&t, &xs, "--no-vsync", t.log_a);
	CHECK(wait_cm_owner(c, 5000));
	xcb_disconnect(c);
	kill(xs.pid, SIGKILL);
	double t0 = monotonic_ms();
	int code = wait_exit(pid, 3000);
	double took = monotonic_ms() - t0;
	xs.pid = -1;
	CHECK(code != 0 && code != -1 && code < 128);
	CHECK(took < 1000);
	fprintf(stderr, "exit %d after %.0f ms\n", code, took);
	CHECK(contains(t.log_a, "lost the connection"));
	if (code == -1)
		kill(pid, SIGKILL);
	return TEST_PASS;
}

static int refused(const struct test_ctx *tc, const char *const *server_args, const char *needle)
{
	const struct comp_test t = comp_test_of(tc);
	struct xserver xs;
	int r = xserver_start(&xs, "Xvfb", server_args);
	if (r)
		return r;
	pid_t pid = start_comp(&t, &xs, "--no-vsync", t.log_a);
	CHECK(wait_exit(pid, 5000) == 1);
	CHECK(contains(t.log_a, needle));
	xserver_stop(&xs);
	return TEST_PASS;
}

TEST(depth8)
{
	const char *args[] = {"-screen", "0", "640x480x8", NULL};
	return refused(tc, args, "-screen 0 WxHx24");
}

TEST(no_composite)
{
	const char *args[] = {"-extension", "Composite", NULL};
	return refused(tc, args, "Composite");
}

TEST(no_display)
{
	const struct comp_test t = comp_test_of(tc);
	const char *argv[] = {t.shmcomp, "--display", ":9999", NULL};
	pid_t pid = spawn(argv, NULL, t.log_a);
	CHECK(wait_exit(pid, 5000) == 1);
	CHECK(contains(t.log_a, "cannot open display ':9999'"));
	return TEST_PASS;
}
