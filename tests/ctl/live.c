/* test-live's machinery: Xvfb, shmcomp and paint-client started and stopped by pid, shmcomp-ctl
 * run with its output captured, and the oracle images of paint-client's windows. */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/render.h"
#include "tests/ctl/live.h"
#include "tests/ctl/pattern.h"
#include "tests/harness/runner.h"

#define START_LIMIT_MS 10000
#define MAX_ARGS 32

const char *live_path(struct live *t, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", t->dir, name);
	return buf;
}

bool live_start_x(struct live *t, const char *screen, bool *skip)
{
	const char *args[] = {"-screen", "0", screen, NULL};
	int rc = xserver_start(&t->xs, "Xvfb", args);

	*skip = rc == HARNESS_SKIP;
	if (rc != 0)
		return false;
	t->c = xserver_connect(&t->xs, &t->screen);
	return true;
}

const char *live_write_config(struct live *t, const char *text)
{
	static const char name[] = "shmcomp.conf";
	char path[128];
	FILE *f = fopen(live_path(t, name, path, sizeof path), "w");
	bool ok = f && fputs(text, f) >= 0;

	if (f)
		ok = fclose(f) == 0 && ok;
	test_expect(ok, "cannot write %s", path);
	return name;
}

static bool first_wait(struct live *t)
{
	struct proc_result r;
	bool ok = live_ctl(t, &r, "wait", NULL) && r.status == 0;

	test_expect(ok, "the first shmcomp-ctl wait failed");
	proc_result_free(&r);
	return ok;
}

bool live_start_shmcomp(struct live *t, const char *config, ...)
{
	const char *argv[MAX_ARGS] = {t->shmcomp};
	char log[128], conf[128];
	size_t n = 1;
	va_list ap;

	if (config) {
		live_write_config(t, config);
		argv[n++] = "--config";
		argv[n++] = live_path(t, "shmcomp.conf", conf, sizeof conf);
	}
	va_start(ap, config);
	while (n < MAX_ARGS - 1 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	t->comp_pid = spawn(argv, t->xs.name, live_path(t, "shmcomp.log", log, sizeof log));
	if (t->comp_pid < 0 || !wait_cm_owner(t->c, START_LIMIT_MS)) {
		test_expect(false, "shmcomp did not take the selection (see %s)", log);
		return false;
	}
	return first_wait(t);
}

static bool parse_client_output(struct live *t)
{
	char line[256];

	while (live_client_line(t, START_LIMIT_MS, line, sizeof line)) {
		char name[32];
		unsigned id;

		if (strcmp(line, "mapped") == 0)
			return true;
		if (sscanf(line, "window %31s 0x%x", name, &id) == 2 &&
		        t->nwins < LIVE_MAX_WINDOWS) {
			snprintf(t->wins[t->nwins].name, sizeof t->wins[t->nwins].name, "%s", name);
			t->wins[t->nwins++].id = id;
		}
	}
	return false;
}

bool live_start_client(struct live *t, ...)
{
	const char *argv[MAX_ARGS] = {t->client};
	size_t n = 1;
	int p[2];
	va_list ap;

	va_start(ap, t);
	while (n < MAX_ARGS - 1 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	/* Unless a test says otherwise, windows are mapped 300 ms after they are
	 * created, so that shmcomp watches them (DamageCreate) before they draw:
	 * a window that maps and draws in one go before that is, by design, not
	 * counted as having drawn (see compositor/windows.c). */
	if (n + 2 < MAX_ARGS && (n < 2 || strcmp(argv[1], "--map-delay") != 0)) {
		memmove(&argv[3], &argv[1], n * sizeof argv[0]);
		argv[1] = "--map-delay";
		argv[2] = "300";
		n += 2;
	}
	if (pipe(p) < 0)
		return false;
	t->client_pid = fork();
	if (t->client_pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		setenv("DISPLAY", t->xs.name, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(p[1]);
	t->client_out = p[0];
	t->client_len = 0;
	if (t->client_pid > 0 && parse_client_output(t))
		return true;
	test_expect(false, "paint-client did not map its windows");
	return false;
}

xcb_window_t live_window(const struct live *t, const char *name)
{
	for (size_t i = 0; i < t->nwins; i++) {
		if (strcmp(t->wins[i].name, name) == 0)
			return t->wins[i].id;
	}
	return 0;
}

bool live_client_line(struct live *t, int timeout_ms, char *line, size_t size)
{
	struct pollfd p = {.fd = t->client_out, .events = POLLIN};

	for (;;) {
		char *nl = memchr(t->client_buf, '\n', t->client_len);

		if (nl) {
			size_t n = (size_t)(nl - t->client_buf);

			snprintf(line, size, "%.*s", (int)n, t->client_buf);
			memmove(t->client_buf, nl + 1, t->client_len - n - 1);
			t->client_len -= n + 1;
			return true;
		}
		if (t->client_len == sizeof t->client_buf || poll(&p, 1, timeout_ms) <= 0)
			return false;
		ssize_t got = read(t->client_out, t->client_buf + t->client_len,
		        sizeof t->client_buf - t->client_len);
		if (got <= 0)
			return false;
		t->client_len += (size_t)got;
	}
}

bool live_ctl_argv(struct live *t, struct proc_result *r, const char *const *args)
{
	return run_ctl(t->ctl, t->dir, t->xs.name, args, r);
}

bool live_ctl(struct live *t, struct proc_result *r, ...)
{
	const char *args[MAX_ARGS];
	size_t n = 0;
	va_list ap;

	va_start(ap, r);
	while (n < MAX_ARGS - 1 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n] = NULL;
	return live_ctl_argv(t, r, args);
}

static void stop(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	if (wait_exit(*pid, 5000) < 0) {
		kill(*pid, SIGKILL);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
}

void live_stop(struct live *t)
{
	stop(&t->client_pid);
	stop(&t->comp_pid);
	if (t->client_out >= 0)
		close(t->client_out);
	t->client_out = -1;
	t->nwins = 0;
	if (t->c)
		xcb_disconnect(t->c);
	t->c = NULL;
	xserver_stop(&t->xs);
}

int live_finish(struct live *t, const char *name)
{
	live_stop(t);
	case_dir_finish(t->dir, name);
	return test_failures() ? TEST_FAIL : TEST_PASS;
}

pixman_image_t *live_png(struct live *t, const char *path)
{
	char err[512];
	pixman_image_t *img = render_png_read(path, err, sizeof err);

	test_expect(img != NULL, "cannot read the screenshot: %s", err);
	return img;
}

static uint32_t rgb_to_565(uint32_t rgb)
{
	return ((rgb >> 8) & 0xf800) | ((rgb >> 5) & 0x07e0) | ((rgb >> 3) & 0x001f);
}

pixman_image_t *live_window_image(
        uint32_t seed, uint32_t w, uint32_t h, uint32_t bw, uint32_t bc, unsigned depth)
{
	pixman_format_code_t f = depth == 16   ? PIXMAN_r5g6b5
	                         : depth == 32 ? PIXMAN_a8r8g8b8
	                                       : PIXMAN_x8r8g8b8;
	uint32_t ow = w + 2 * bw, oh = h + 2 * bw;
	pixman_image_t *img = pixman_image_create_bits(f, (int)ow, (int)oh, NULL, 0);
	uint8_t *base = img ? (uint8_t *)pixman_image_get_data(img) : NULL;
	size_t stride = img ? (size_t)pixman_image_get_stride(img) : 0;
	uint32_t border = depth == 16 ? rgb_to_565(bc) : depth == 32 ? 0xff000000u | bc : bc;

	for (uint32_t y = 0; img && y < oh; y++) {
		for (uint32_t x = 0; x < ow; x++) {
			bool inside = x >= bw && x < bw + w && y >= bw && y < bw + h;
			uint32_t p = inside ? pattern_pixel(seed, x - bw, y - bw, depth) : border;

			if (depth == 16)
				((uint16_t *)(void *)(base + y * stride))[x] = (uint16_t)p;
			else
				((uint32_t *)(void *)(base + y * stride))[x] = p;
		}
	}
	return img;
}

bool live_same(struct live *t, pixman_image_t *got, pixman_image_t *want, unsigned tolerance,
        const char *name)
{
	struct render_diff d;
	char path[256], err[256], file[96];
	pixman_image_t *diff;

	if (render_compare(got, want, tolerance, NULL, &d))
		return true;
	if (d.size_mismatch)
		test_expect(false, "%s: the image is %dx%d, want %dx%d", name,
		        pixman_image_get_width(got), pixman_image_get_height(got),
		        pixman_image_get_width(want), pixman_image_get_height(want));
	else
		test_expect(false, "%s: %llu pixels differ (by up to %u), the first at %d,%d", name,
		        (unsigned long long)d.count, d.max_delta, d.first_x, d.first_y);
	snprintf(file, sizeof file, "%s-want.png", name);
	render_png_write(want, live_path(t, file, path, sizeof path), true, err, sizeof err);
	diff = render_diff_image(got, want, tolerance);
	snprintf(file, sizeof file, "%s-diff.png", name);
	if (diff && render_png_write(
	                    diff, live_path(t, file, path, sizeof path), false, err, sizeof err))
		fprintf(stderr, "differences (red) in %s\n", path);
	if (diff)
		pixman_image_unref(diff);
	return false;
}

uint32_t live_root_pixel(struct live *t, int16_t x, int16_t y)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(t->c,
	        xcb_get_image(
	                t->c, XCB_IMAGE_FORMAT_Z_PIXMAP, t->screen->root, x, y, 1, 1, UINT32_MAX),
	        NULL);
	uint32_t p = 0;

	if (r && xcb_get_image_data_length(r) >= 4)
		memcpy(&p, xcb_get_image_data(r), 4);
	free(r);
	return p & 0xffffff;
}
