/* Stress-test helpers: the server and compositor, shmcomp-ctl, health checks,
 * screenshots; see stress.h. */
#include "tests/stress/stress.h"

#include "proto/ctl-proto.h"
#include "render/render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xcb/randr.h>

#define MAX_ARGV 48

void stress_fail(struct stress *st, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	test_fail("%s: FAIL: %s", st->name, msg);
}

void stress_init(struct stress *st, const struct test_ctx *tc)
{
	*st = (struct stress){.comp = -1, .comp_status = -1, .ctl_timeout = 10.0};
	st->xs.pid = -1;
	st->name = tc->name;
	st->shmcomp = test_arg(tc, 0, "SHMCOMP");
	st->ctl = test_arg(tc, 1, "SHMCOMP_CTL");
	st->outdir = test_arg(tc, 2, "OUTDIR");
	/* The compositor may die while a write to it is pending. */
	signal(SIGPIPE, SIG_IGN);
}

const char *stress_arg(const struct test_ctx *tc, int i, const char *fallback)
{
	return test_arg_or(tc, 3 + i, fallback);
}

int stress_drain(xcb_connection_t *c)
{
	xcb_generic_event_t *ev;
	int n = 0;

	while ((ev = xcb_poll_for_event(c))) {
		free(ev);
		n++;
	}
	return n;
}

bool stress_start_comp(struct stress *st, const char *const *comp_args, const char *const *wrapper,
        int start_timeout_ms)
{
	const char *argv[MAX_ARGV];
	const char *level = getenv("STRESS_COMP_LOG_LEVEL");
	size_t n = 0;

	for (size_t i = 0; wrapper && wrapper[i] && n < MAX_ARGV - 8; i++)
		argv[n++] = wrapper[i];
	argv[n++] = st->shmcomp;
	argv[n++] = "--log-level";
	argv[n++] = level ? level : "info";
	for (size_t i = 0; comp_args && comp_args[i] && n < MAX_ARGV - 1; i++)
		argv[n++] = comp_args[i];
	argv[n] = NULL;
	if (st->starts++ == 0)
		snprintf(st->log, sizeof st->log, "%s/stress-%s.log", st->outdir, st->name);
	else
		snprintf(st->log, sizeof st->log, "%s/stress-%s.%d.log", st->outdir, st->name,
		        st->starts);
	st->comp_status = -1;
	st->comp = spawn(argv, st->xs.name, st->log);
	if (st->comp < 0) {
		stress_fail(st, "cannot start %s", argv[0]);
		return false;
	}
	for (double t0 = monotonic_ms(); monotonic_ms() - t0 < start_timeout_ms;) {
		if (wait_cm_owner(st->c, 50))
			return true;
		if (!stress_comp_alive(st))
			break;
	}
	stress_fail(st, "shmcomp did not take the CM selection (status %d); log: %s",
	        st->comp_status, st->log);
	return false;
}

int stress_start(struct stress *st, const char *const *server_args, const char *const *comp_args,
        const char *const *wrapper, int start_timeout_ms)
{
	static const char *const default_args[] = {"-screen", "0", "800x600x24", NULL};
	int r;

	if (access(st->shmcomp, X_OK) != 0 || access(st->ctl, X_OK) != 0) {
		fprintf(stderr, "%s: %s or %s missing\n", st->name, st->shmcomp, st->ctl);
		return HARNESS_SKIP;
	}
	r = xserver_start(&st->xs, "Xvfb", server_args ? server_args : default_args);
	if (r)
		return r;
	st->c = xserver_connect(&st->xs, &st->s);
	return stress_start_comp(st, comp_args, wrapper, start_timeout_ms) ? 0 : 1;
}

bool stress_comp_alive(struct stress *st)
{
	int status;

	if (st->comp <= 0)
		return false;
	if (st->comp_status >= 0)
		return false;
	pid_t r = waitpid(st->comp, &status, WNOHANG);
	if (r == 0)
		return true;
	if (r == st->comp)
		st->comp_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	else
		st->comp_status = 255;
	return false;
}

int stress_stop_comp(struct stress *st, int sig, int timeout_ms)
{
	if (!stress_comp_alive(st))
		return st->comp_status;
	kill(st->comp, sig);
	int code = wait_exit(st->comp, timeout_ms);
	if (code == -1) {
		fprintf(stderr, "%s: shmcomp did not exit within %d ms of signal %d; killing it\n",
		        st->name, timeout_ms, sig);
		kill(st->comp, SIGKILL);
		code = wait_exit(st->comp, 5000);
		st->comp_status = code;
		return -1;
	}
	st->comp_status = code;
	return code;
}

int stress_finish(struct stress *st)
{
	if (st->comp > 0) {
		if (stress_comp_alive(st)) {
			int code = stress_stop_comp(st, SIGTERM, 5000);
			if (code != 0)
				stress_fail(st, "shmcomp exited with %d on SIGTERM (log %s)", code,
				        st->log);
		} else {
			stress_fail(st, "shmcomp was not running at the end (status %d, log %s)",
			        st->comp_status, st->log);
		}
	}
	if (st->c)
		xcb_disconnect(st->c);
	st->c = NULL;
	xserver_stop(&st->xs);
	fprintf(stderr, "%s: %s\n", st->name, test_failures() ? "FAILED" : "ok");
	return test_failures() ? TEST_FAIL : TEST_PASS;
}

int stress_ctl(struct stress *st, const char *cmd, const char *out_path)
{
	char timeout[32];
	const char *argv[] = {st->ctl, "--display", st->xs.name, "--timeout", timeout, cmd, NULL};

	snprintf(timeout, sizeof timeout, "%.1f", st->ctl_timeout);
	pid_t pid = spawn(argv, NULL, out_path);
	if (pid < 0)
		return -1;
	int code = wait_exit(pid, (int)(st->ctl_timeout * 1000) + 5000);
	if (code == -1) {
		kill(pid, SIGKILL);
		wait_exit(pid, 2000);
	}
	return code;
}

static long long stat_value(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; p && *p;) {
		if (strncmp(p, key, n) == 0 && p[n] == '=')
			return atoll(p + n + 1);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

bool stress_stats(struct stress *st, struct stress_stats *out)
{
	char path[700];
	char *text;

	snprintf(path, sizeof path, "%s/stress-%s-%d.stats", st->outdir, st->name, (int)getpid());
	if (stress_ctl(st, "stats", path) != 0)
		return false;
	text = read_file(path);
	if (!text)
		return false;
	out->frames = stat_value(text, "frames");
	out->windows = stat_value(text, "windows");
	out->windows_mapped = stat_value(text, "windows_mapped");
	out->segments_live = stat_value(text, "shm_segments_live");
	out->bytes_live = stat_value(text, "shm_bytes_live");
	out->bytes_cached = stat_value(text, "shm_bytes_cached");
	out->buffers_busy = stat_value(text, "buffers_busy");
	out->x_errors = stat_value(text, "x_errors");
	free(text);
	return out->bytes_live >= 0 && out->frames >= 0;
}

bool stress_wait_inline(struct stress *st, int timeout_ms)
{
	xcb_atom_t sel = x_atom(st->c, "_NET_WM_CM_S0");
	xcb_atom_t request = x_atom(st->c, CTL_ATOM_REQUEST);
	xcb_atom_t reply = x_atom(st->c, CTL_ATOM_REPLY);
	xcb_get_selection_owner_reply_t *o =
	        xcb_get_selection_owner_reply(st->c, xcb_get_selection_owner(st->c, sel), NULL);
	xcb_window_t owner = o ? o->owner : XCB_NONE;
	xcb_client_message_event_t ev = {.response_type = XCB_CLIENT_MESSAGE, .format = 32};
	uint32_t id = ++st->requests;

	free(o);
	if (owner == XCB_NONE)
		return false;
	if (st->reply_window == XCB_NONE) {
		st->reply_window = xcb_generate_id(st->c);
		xcb_create_window(st->c, 0, st->reply_window, st->s->root, -1, -1, 1, 1, 0,
		        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
	}
	ev.window = owner;
	ev.type = request;
	ev.data.data32[0] = CTL_WAIT;
	ev.data.data32[1] = st->reply_window;
	ev.data.data32[2] = id;
	xcb_send_event(st->c, 0, owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
	xcb_flush(st->c);
	for (double t0 = monotonic_ms(); monotonic_ms() - t0 < timeout_ms;) {
		xcb_generic_event_t *e = xcb_poll_for_event(st->c);
		if (!e) {
			if (xcb_connection_has_error(st->c))
				return false;
			struct pollfd p = {.fd = xcb_get_file_descriptor(st->c), .events = POLLIN};
			poll(&p, 1, 10);
			continue;
		}
		const xcb_client_message_event_t *cm = (const void *)e;
		bool done = (e->response_type & 0x7f) == XCB_CLIENT_MESSAGE && cm->type == reply &&
		            cm->data.data32[0] == id;
		bool ok = done && cm->data.data32[1] == CTL_OK;
		free(e);
		if (done)
			return ok;
	}
	return false;
}

static long status_kb(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? atol(p + strlen(key)) : -1;
}

bool stress_mem(pid_t pid, struct stress_mem *out)
{
	char path[64];
	char *text;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	text = read_file(path);
	if (!text)
		return false;
	out->rss_kb = status_kb(text, "VmRSS:");
	out->anon_kb = status_kb(text, "RssAnon:");
	out->shmem_kb = status_kb(text, "RssShmem:");
	free(text);
	return out->rss_kb >= 0;
}

uint32_t stress_pixel(struct stress *st, int16_t x, int16_t y)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(st->c,
	        xcb_get_image(st->c, XCB_IMAGE_FORMAT_Z_PIXMAP, st->s->root, x, y, 1, 1, ~0u),
	        NULL);
	uint32_t v = 0xdeadbeef;

	if (r && xcb_get_image_data_length(r) >= 4)
		memcpy(&v, xcb_get_image_data(r), 4);
	free(r);
	return v & 0xffffff;
}

xcb_window_t stress_window(xcb_connection_t *c, const xcb_screen_t *s, int16_t x, int16_t y,
        uint16_t w, uint16_t h, uint32_t color)
{
	xcb_window_t win = xcb_generate_id(c);
	uint32_t v[] = {color, 1};

	xcb_create_window(c, XCB_COPY_FROM_PARENT, win, s->root, x, y, w, h, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, s->root_visual,
	        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, v);
	xcb_map_window(c, win);
	x_sync(c);
	return win;
}

bool stress_probe(struct stress *st, int16_t x, int16_t y)
{
	uint32_t n = ++st->probes;
	/* Distinct, never black or white, and not any test's scenery colour. */
	uint32_t color = (0x40 + (n * 37) % 0xb0) << 16 | (0x20 + (n * 91) % 0xc0) << 8 |
	                 (0x30 + (n * 53) % 0xa0);
	xcb_window_t w = stress_window(st->c, st->s, x, y, 24, 24, color);
	/* Named so that a configuration can exempt it from effects. */
	xcb_change_property(st->c, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
	        12, "stress-probe");
	x_sync(st->c);
	int code = stress_ctl(st, "wait", NULL);
	uint32_t got = stress_pixel(st, (int16_t)(x + 12), (int16_t)(y + 12));
	bool ok = code == 0 && got == color;

	if (!ok)
		stress_fail(st, "probe %u at %d,%d: ctl wait %d, root shows %06x, want %06x", n, x,
		        y, code, got, color);
	xcb_destroy_window(st->c, w);
	x_sync(st->c);
	return ok;
}

bool stress_instrumented(pid_t pid)
{
	char path[64], line[4096];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof line, f))
		found = strstr(line, "libasan") || strstr(line, "vgpreload");
	if (f)
		fclose(f);
	return found;
}

bool stress_memory_ok(
        struct stress *st, const char *what, struct stress_stats *stats, struct stress_mem *mem)
{
	struct stress_stats s0;
	struct stress_mem m0;
	bool ok = true;

	if (!stats)
		stats = &s0;
	if (!mem)
		mem = &m0;
	if (!stress_stats(st, stats)) {
		stress_fail(st, "%s: shmcomp-ctl stats failed", what);
		return false;
	}
	if (stats->bytes_live > STRESS_SHM_CAP) {
		stress_fail(st, "%s: shm_bytes_live %lld above the cap %lld", what,
		        stats->bytes_live, STRESS_SHM_CAP);
		ok = false;
	}
	if (!stress_mem(st->comp, mem)) {
		stress_fail(st, "%s: cannot read /proc/%d/status", what, (int)st->comp);
		return false;
	}
	if ((mem->rss_kb > STRESS_RSS_LIMIT_KB || mem->anon_kb > STRESS_ANON_LIMIT_KB) &&
	        !stress_instrumented(st->comp)) {
		stress_fail(st, "%s: RSS %ld kB (anon %ld kB, shmem %ld kB) above %ld/%ld kB", what,
		        mem->rss_kb, mem->anon_kb, mem->shmem_kb, STRESS_RSS_LIMIT_KB,
		        STRESS_ANON_LIMIT_KB);
		ok = false;
	}
	return ok;
}

bool stress_health(struct stress *st, const char *what)
{
	struct stress_stats stats = {0};
	struct stress_mem mem = {0};
	int code;

	if (!stress_comp_alive(st)) {
		stress_fail(st, "%s: shmcomp is dead (status %d); log: %s", what, st->comp_status,
		        st->log);
		return false;
	}
	code = stress_ctl(st, "wait", NULL);
	if (code != 0) {
		stress_fail(st, "%s: shmcomp-ctl wait exited %d", what, code);
		return false;
	}
	/* The screen's current size (RandR may have changed it). */
	uint16_t w = st->s->width_in_pixels, h = st->s->height_in_pixels;
	xcb_get_geometry_reply_t *g =
	        xcb_get_geometry_reply(st->c, xcb_get_geometry(st->c, st->s->root), NULL);
	if (g) {
		w = g->width;
		h = g->height;
	}
	free(g);
	bool ok = stress_probe(st, (int16_t)(w / 2 - 12), (int16_t)(h / 2 - 12));
	ok = stress_memory_ok(st, what, &stats, &mem) && ok;
	if (!ok)
		fprintf(stderr, "%s: ... after %s\n", st->name, what);
	fprintf(stderr,
	        "%s: %-40s %s windows=%lld shm_live=%lld cached=%lld rss=%ldkB anon=%ldkB "
	        "x_errors=%lld\n",
	        st->name, what, ok ? "ok  " : "FAIL", stats.windows, stats.bytes_live,
	        stats.bytes_cached, mem.rss_kb, mem.anon_kb, stats.x_errors);
	return ok;
}

static bool randr_crtc(xcb_connection_t *c, const xcb_randr_get_screen_resources_reply_t *res,
        xcb_randr_crtc_t crtc, xcb_randr_mode_t mode, int noutputs, xcb_randr_output_t *outputs)
{
	xcb_randr_set_crtc_config_reply_t *r = xcb_randr_set_crtc_config_reply(c,
	        xcb_randr_set_crtc_config(c, crtc, XCB_CURRENT_TIME, res->config_timestamp, 0, 0,
	                mode, XCB_RANDR_ROTATION_ROTATE_0, (uint32_t)noutputs, outputs),
	        NULL);
	bool ok = r && r->status == XCB_RANDR_SET_CONFIG_SUCCESS;

	free(r);
	return ok;
}

bool stress_randr_resize(xcb_connection_t *c, const xcb_screen_t *s, uint16_t w, uint16_t h)
{
	xcb_randr_get_screen_resources_reply_t *res = xcb_randr_get_screen_resources_reply(
	        c, xcb_randr_get_screen_resources(c, s->root), NULL);
	xcb_randr_crtc_t *crtcs;
	xcb_randr_mode_info_t *modes;
	xcb_randr_output_t *outputs;
	bool ok = false;

	if (!res || res->num_crtcs < 1 || res->num_outputs < 1) {
		fprintf(stderr, "stress: no RandR CRTC\n");
		free(res);
		return false;
	}
	crtcs = xcb_randr_get_screen_resources_crtcs(res);
	modes = xcb_randr_get_screen_resources_modes(res);
	outputs = xcb_randr_get_screen_resources_outputs(res);
	xcb_randr_get_crtc_info_reply_t *ci = xcb_randr_get_crtc_info_reply(
	        c, xcb_randr_get_crtc_info(c, crtcs[0], res->config_timestamp), NULL);
	if (!ci)
		goto out;
	if (ci->mode != XCB_NONE && (ci->width > w || ci->height > h) &&
	        !randr_crtc(c, res, crtcs[0], XCB_NONE, 0, NULL)) {
		fprintf(stderr, "stress: cannot switch the CRTC off\n");
		goto out;
	}
	xcb_generic_error_t *e =
	        xcb_request_check(c, xcb_randr_set_screen_size_checked(c, s->root, w, h,
	                                     (uint32_t)w * 254 / 960, (uint32_t)h * 254 / 960));
	if (e) {
		fprintf(stderr, "stress: RRSetScreenSize %ux%u: error %u\n", w, h, e->error_code);
		free(e);
		goto out;
	}
	ok = true;
	for (int i = 0; i < res->num_modes; i++)
		if (ci->mode == XCB_NONE || ci->width > w || ci->height > h) {
			if (modes[i].width == w && modes[i].height == h)
				ok = randr_crtc(c, res, crtcs[0], modes[i].id, 1, outputs);
		}
out:
	free(ci);
	free(res);
	return ok;
}

uint32_t *stress_shot(xcb_connection_t *c, const xcb_screen_t *s, uint16_t w, uint16_t h)
{
	uint32_t *px = calloc((size_t)w * h, 4);
	uint16_t rows = (uint16_t)(65536 / (w ? w : 1));

	if (!px)
		return NULL;
	if (rows == 0)
		rows = 1;
	for (uint16_t y = 0; y < h; y = (uint16_t)(y + rows)) {
		uint16_t n = (uint16_t)(h - y < rows ? h - y : rows);
		xcb_get_image_reply_t *r = xcb_get_image_reply(c,
		        xcb_get_image(
		                c, XCB_IMAGE_FORMAT_Z_PIXMAP, s->root, 0, (int16_t)y, w, n, ~0u),
		        NULL);
		if (!r || (size_t)xcb_get_image_data_length(r) < (size_t)w * n * 4) {
			free(r);
			free(px);
			return NULL;
		}
		memcpy(px + (size_t)y * w, xcb_get_image_data(r), (size_t)w * n * 4);
		free(r);
	}
	for (size_t i = 0; i < (size_t)w * h; i++)
		px[i] &= 0xffffff;
	return px;
}

size_t stress_shot_diff(
        const uint32_t *a, const uint32_t *b, uint16_t w, uint16_t h, int *fx, int *fy)
{
	size_t n = 0;

	*fx = *fy = -1;
	for (size_t i = 0; i < (size_t)w * h; i++) {
		if ((a[i] & 0xffffff) == (b[i] & 0xffffff))
			continue;
		if (n++ == 0) {
			*fx = (int)(i % w);
			*fy = (int)(i / w);
		}
	}
	return n;
}

bool stress_shot_save(struct stress *st, const uint32_t *px, uint16_t w, uint16_t h,
        const char *suffix, char *path, size_t pathlen)
{
	pixman_image_t *img =
	        pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, (uint32_t *)px, (int)w * 4);
	char err[256];
	bool ok;

	snprintf(path, pathlen, "%s/stress-%s-%s.png", st->outdir, st->name, suffix);
	if (!img)
		return false;
	ok = render_png_write(img, path, false, err, sizeof err);
	if (!ok)
		fprintf(stderr, "%s: %s\n", st->name, err);
	pixman_image_unref(img);
	return ok;
}

bool stress_shot_save_diff(struct stress *st, const uint32_t *a, const uint32_t *b, uint16_t w,
        uint16_t h, const char *suffix, char *path, size_t pathlen)
{
	pixman_image_t *ia =
	        pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, (uint32_t *)a, (int)w * 4);
	pixman_image_t *ib =
	        pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, (uint32_t *)b, (int)w * 4);
	pixman_image_t *d = ia && ib ? render_diff_image(ia, ib, 0) : NULL;
	char err[256];
	bool ok = false;

	snprintf(path, pathlen, "%s/stress-%s-%s.png", st->outdir, st->name, suffix);
	if (d)
		ok = render_png_write(d, path, true, err, sizeof err);
	if (d)
		pixman_image_unref(d);
	if (ia)
		pixman_image_unref(ia);
	if (ib)
		pixman_image_unref(ib);
	return ok;
}

uint64_t stress_rng_next(struct stress_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int stress_rng_range(struct stress_rng *r, int lo, int hi)
{
	return lo + (int)(stress_rng_next(r) % (uint64_t)(hi - lo + 1));
}

pid_t stress_spawn_piped(const char *const *argv, const char *display, int *to_child,
        int *from_child, const char *err_path)
{
	int in[2], out[2];
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		if (err_path) {
			int fd = open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (fd >= 0)
				dup2(fd, STDERR_FILENO);
		}
		if (display)
			setenv("DISPLAY", display, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		return -1;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	*to_child = in[1];
	*from_child = out[0];
	return pid;
}

char *stress_capture(const char *const *argv, size_t *len)
{
	int to, from;
	pid_t pid = stress_spawn_piped(argv, NULL, &to, &from, NULL);
	size_t n = 0, cap = 1 << 16;
	char *buf = malloc(cap);

	if (pid < 0 || !buf) {
		free(buf);
		return NULL;
	}
	close(to);
	fcntl(from, F_SETFL, 0);
	for (;;) {
		if (n + 1 >= cap) {
			char *b = realloc(buf, cap * 2);
			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
		ssize_t r = read(from, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(from);
	buf[n] = '\0';
	if (wait_exit(pid, 10000) != 0) {
		free(buf);
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}
