/* stress suite: the compositor's life beyond tests/x11/test-comp.c.
 *
 *   sigkill-sysv    shmcomp --shm=sysv with windows on screen is SIGKILLed: no
 *                   SysV segment it created is left, the selection is free and
 *                   the server shows the windows again (it unredirects them).
 *   sigterm-sysv    the same with SIGTERM: exit 0, no segment left.
 *   valgrind        shmcomp under valgrind memcheck for a short scene (windows,
 *                   damage, ARGB, opacity, a shape, a resize, ctl wait and stats,
 *                   a RandR resize), then SIGTERM: exit 0, no definite leak, no
 *                   memory error (valgrind's --error-exitcode).
 *   steady SECONDS  a steady storm (the same cycle of creating, mapping, drawing,
 *                   resizing, restacking, shaping and destroying windows, again
 *                   and again): RSS and shm_bytes_live are sampled at cycle
 *                   boundaries after a warm-up and may not grow.
 * Run as: test-lifecycle CASE SHMCOMP SHMCOMP_CTL OUTDIR [VALGRIND | SECONDS] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "tests/stress/stress.h"

#define MIB (1024LL * 1024)

static const uint32_t colors[] = {0xcc3311, 0x33cc11, 0x1133cc};

static void scene(struct stress *st, xcb_window_t out[3])
{
	for (int i = 0; i < 3; i++)
		out[i] = stress_window(
		        st->c, st->s, (int16_t)(60 + 200 * i), 80, 150, 120, colors[i]);
}

static bool scene_shown(struct stress *st, const char *what)
{
	bool ok = true;

	for (int i = 0; i < 3; i++) {
		uint32_t got = stress_pixel(st, (int16_t)(100 + 200 * i), 120);
		if (got != colors[i]) {
			stress_fail(
			        st, "%s: window %d shows %06x, want %06x", what, i, got, colors[i]);
			ok = false;
		}
	}
	return ok;
}

static int wait_no_segments(pid_t pid)
{
	int left = -1;

	for (int i = 0; i < 300 && left != 0; i++) {
		left = sysv_segments_of(pid);
		if (left)
			sleep_ms(10);
	}
	return left;
}

static int sysv_case(struct stress *st, int sig)
{
	static const char *const args[] = {"--shm=sysv", NULL};
	struct stress_stats stats;
	xcb_window_t w[3];
	int r = stress_start(st, NULL, args, NULL, 10000);

	if (r)
		return r == HARNESS_SKIP ? r : 1;
	scene(st, w);
	CHECK(stress_ctl(st, "wait", NULL) == 0);
	CHECK(scene_shown(st, "composited"));
	CHECK(stress_stats(st, &stats) && stats.segments_live > 0);
	pid_t pid = st->comp;
	int before = sysv_segments_of(pid);
	fprintf(stderr, "%s: shmcomp holds %d SysV segments (%lld live in its pool)\n", st->name,
	        before, stats.segments_live);
	CHECK(before > 0);
	int code = stress_stop_comp(st, sig, 5000);
	if (sig == SIGKILL)
		CHECK(code == 128 + SIGKILL);
	else
		CHECK(code == 0);
	int left = wait_no_segments(pid);
	fprintf(stderr, "%s: after signal %d: exit %d, %d SysV segments left\n", st->name, sig,
	        code, left);
	CHECK(left == 0);
	/* The server frees the selection and unredirects when it closes the
	 * connection; then it paints the windows itself. */
	bool released = false;
	for (int i = 0; i < 300 && !released; i++) {
		released = !wait_cm_owner(st->c, 0);
		if (!released)
			sleep_ms(10);
	}
	CHECK(released);
	x_sync(st->c);
	CHECK(scene_shown(st, "after shmcomp died"));
	st->comp = -1;
	return stress_finish(st);
}

static void paint(xcb_connection_t *c, xcb_drawable_t d, uint32_t color, uint16_t w, uint16_t h)
{
	xcb_gcontext_t gc = xcb_generate_id(c);
	xcb_rectangle_t r = {0, 0, w, h};

	xcb_create_gc(c, gc, d, XCB_GC_FOREGROUND, &color);
	xcb_poly_fill_rectangle(c, d, gc, 1, &r);
	xcb_free_gc(c, gc);
}

static xcb_window_t argb_window(xcb_connection_t *c, const xcb_screen_t *s, int16_t x, int16_t y,
        uint16_t w, uint16_t h, uint32_t argb)
{
	xcb_visualid_t vis = x_argb_visual(s);
	xcb_colormap_t cmap = xcb_generate_id(c);
	xcb_window_t win = xcb_generate_id(c);

	if (!vis)
		return XCB_NONE;
	xcb_create_colormap(c, XCB_COLORMAP_ALLOC_NONE, cmap, s->root, vis);
	uint32_t v[] = {argb, 0, 1, cmap};
	xcb_create_window(c, 32, win, s->root, x, y, w, h, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, vis,
	        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_OVERRIDE_REDIRECT |
	                XCB_CW_COLORMAP,
	        v);
	xcb_map_window(c, win);
	return win;
}

/* One cycle of the steady storm; returns with every window of the cycle gone. */
static void cycle(struct stress *st, xcb_atom_t opacity, uint32_t n)
{
	enum { N = 12 };
	xcb_connection_t *c = st->c;
	xcb_window_t w[N];

	for (int i = 0; i < N; i++) {
		uint16_t side = (uint16_t)(40 + 30 * i);
		if (i % 4 == 3)
			w[i] = argb_window(c, st->s, (int16_t)(i * 50), (int16_t)(i * 30), side,
			        side, 0x80402010);
		else
			w[i] = stress_window(c, st->s, (int16_t)(i * 50), (int16_t)(i * 30), side,
			        side, 0x010203u * (uint32_t)i + n);
	}
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < N; i++) {
			uint16_t side = (uint16_t)(40 + 30 * i + 10 * (round % 2));
			uint32_t geo[] = {side, side};
			paint(c, w[i], 0x102030u * (uint32_t)(round + i), side, side);
			if (i % 3 == 0)
				xcb_configure_window(c, w[i],
				        XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, geo);
			if (i % 5 == 1) {
				uint32_t v = 0x40000000u * (uint32_t)(round % 4) + 0x3fffffff;
				xcb_change_property(c, XCB_PROP_MODE_REPLACE, w[i], opacity,
				        XCB_ATOM_CARDINAL, 32, 1, &v);
			}
			if (i % 4 == 2) {
				xcb_rectangle_t r = {0, 0, (uint16_t)(10 + round), 30};
				xcb_shape_rectangles(c,
				        round % 2 ? XCB_SHAPE_SO_SET : XCB_SHAPE_SO_UNION,
				        XCB_SHAPE_SK_BOUNDING, 0, w[i], 0, 0, 1, &r);
			}
			if (i % 6 == 5) {
				uint32_t mode = XCB_STACK_MODE_BELOW;
				xcb_configure_window(c, w[i], XCB_CONFIG_WINDOW_STACK_MODE, &mode);
			}
		}
		xcb_unmap_window(c, w[round % N]);
		xcb_map_window(c, w[round % N]);
		x_sync(c);
	}
	for (int i = 0; i < N; i++)
		xcb_destroy_window(c, w[i]);
	/* Paced by the compositor: a backlog of events would grow the heap's high-water
	 * mark and hide what a leak does. */
	if (!stress_wait_inline(st, 10000))
		stress_fail(st, "wait (inline) failed after cycle %u", n);
}

struct sample {
	double t;
	struct stress_stats stats;
	struct stress_mem mem;
};

static int steady_case(struct stress *st, double seconds)
{
	enum { MAX_SAMPLES = 4096 };
	struct sample *s = calloc(MAX_SAMPLES, sizeof *s);
	double warmup = seconds > 40 ? 10e3 : seconds * 250;
	double every = seconds >= 600 ? 30e3 : 3e3;
	int n = 0, r;
	uint32_t cycles = 0;

	if (!s)
		return 1;
	r = stress_start(st, NULL, NULL, NULL, 10000);
	if (r) {
		free(s);
		return r == HARNESS_SKIP ? r : 1;
	}
	xcb_atom_t opacity = x_atom(st->c, "_NET_WM_WINDOW_OPACITY");
	double t0 = monotonic_ms(), next = t0 + warmup;
	while (monotonic_ms() - t0 < seconds * 1e3 && stress_comp_alive(st)) {
		cycle(st, opacity, cycles++);
		if (monotonic_ms() < next || n == MAX_SAMPLES)
			continue;
		if (stress_ctl(st, "wait", NULL) != 0 || !stress_stats(st, &s[n].stats) ||
		        !stress_mem(st->comp, &s[n].mem)) {
			stress_fail(st, "sampling failed");
			break;
		}
		s[n].t = (monotonic_ms() - t0) / 1e3;
		n++;
		next += every;
	}
	fprintf(stderr,
	        "%s: %u cycles in %.0f s; samples (t s: rss kB, anon kB, shm_bytes_live, "
	        "shm in use, segments):\n",
	        st->name, cycles, (monotonic_ms() - t0) / 1e3);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s:   %6.1f: %7ld %7ld %11lld %11lld %4lld\n", st->name, s[i].t,
		        s[i].mem.rss_kb, s[i].mem.anon_kb, s[i].stats.bytes_live,
		        s[i].stats.bytes_live - s[i].stats.bytes_cached, s[i].stats.segments_live);
	if (n < 3) {
		stress_fail(st, "only %d samples", n);
	} else {
		/* Growth: the largest of the last third against the largest of the first. */
		long anon0 = 0, anon1 = 0;
		long long shm0 = 0, shm1 = 0, use0 = 0, use1 = 0;
		for (int i = 0; i < n; i++) {
			bool early = i < n / 3, late = i >= n - n / 3;
			long long use = s[i].stats.bytes_live - s[i].stats.bytes_cached;
			if (early) {
				anon0 = s[i].mem.anon_kb > anon0 ? s[i].mem.anon_kb : anon0;
				shm0 = s[i].stats.bytes_live > shm0 ? s[i].stats.bytes_live : shm0;
				use0 = use > use0 ? use : use0;
			}
			if (late) {
				anon1 = s[i].mem.anon_kb > anon1 ? s[i].mem.anon_kb : anon1;
				shm1 = s[i].stats.bytes_live > shm1 ? s[i].stats.bytes_live : shm1;
				use1 = use > use1 ? use : use1;
			}
		}
		fprintf(stderr, "%s: growth: anon %+ld kB, shm_bytes_live %+lld, in use %+lld\n",
		        st->name, anon1 - anon0, shm1 - shm0, use1 - use0);
		if (stress_instrumented(st->comp))
			fprintf(stderr, "%s: shmcomp runs under ASan or valgrind: RSS not judged\n",
			        st->name);
		else if (anon1 - anon0 > 1024)
			stress_fail(st, "private memory grew by %ld kB", anon1 - anon0);
		if (shm1 - shm0 > 4 * MIB)
			stress_fail(st, "shm_bytes_live grew by %lld bytes", shm1 - shm0);
		if (use1 != use0)
			stress_fail(st, "SHM in use at cycle boundaries changed by %lld bytes",
			        use1 - use0);
	}
	free(s);
	stress_health(st, "after the steady storm");
	return stress_finish(st);
}

/* A binary built with ASan (the sanitizer build) cannot run under valgrind. */
static bool built_with_asan(const char *path)
{
	FILE *f = fopen(path, "rb");
	static const char needle[] = "__asan_init";
	char buf[65536 + sizeof needle];
	size_t keep = 0, n;
	bool found = false;

	while (f && !found && (n = fread(buf + keep, 1, sizeof buf - keep, f)) > 0) {
		n += keep;
		found = memmem(buf, n, needle, sizeof needle - 1) != NULL;
		keep = n < sizeof needle ? n : sizeof needle - 1;
		memmove(buf, buf + n - keep, keep);
	}
	if (f)
		fclose(f);
	return found;
}

static int valgrind_case(struct stress *st, const char *valgrind)
{
	char log[700], logopt[800];
	const char *wrapper[] = {valgrind, "--leak-check=full", "--errors-for-leak-kinds=definite",
	        "--error-exitcode=9", "--track-fds=no", logopt, NULL};
	static const char *const args[] = {"--shm=memfd", NULL};
	xcb_window_t w[3];
	int r;

	if ((!valgrind || !valgrind[0] || access(valgrind, X_OK) != 0) &&
	        !built_with_asan(st->shmcomp)) {
		fprintf(stderr, "%s: valgrind is not installed\n", st->name);
		return HARNESS_SKIP;
	}
	snprintf(log, sizeof log, "%s/stress-%s-valgrind.log", st->outdir, st->name);
	snprintf(logopt, sizeof logopt, "--log-file=%s", log);
	st->ctl_timeout = 30;
	/* Under ASan, LeakSanitizer does valgrind's job: a leak makes the exit status
	 * non-zero (23). */
	bool asan = built_with_asan(st->shmcomp);
	if (asan)
		fprintf(stderr,
		        "%s: shmcomp is built with ASan: LeakSanitizer instead of "
		        "valgrind\n",
		        st->name);
	r = stress_start(st, NULL, args, asan ? NULL : wrapper, 30000);
	if (r)
		return r == HARNESS_SKIP ? r : 1;
	scene(st, w);
	xcb_window_t a = argb_window(st->c, st->s, 300, 300, 200, 100, 0x80204080);
	xcb_atom_t opacity = x_atom(st->c, "_NET_WM_WINDOW_OPACITY");
	uint32_t half = 0x7fffffff;
	xcb_change_property(
	        st->c, XCB_PROP_MODE_REPLACE, w[1], opacity, XCB_ATOM_CARDINAL, 32, 1, &half);
	xcb_rectangle_t rect = {0, 0, 60, 60};
	xcb_shape_rectangles(
	        st->c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, w[2], 0, 0, 1, &rect);
	for (uint32_t i = 0; i < 20; i++) {
		paint(st->c, w[0], 0x030303u * i, 150, 120);
		paint(st->c, a, 0x40000000u | i, 200, 100);
		xcb_flush(st->c);
	}
	CHECK(stress_ctl(st, "wait", NULL) == 0);
	uint32_t geo[] = {220, 160};
	xcb_configure_window(st->c, w[0], XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, geo);
	xcb_destroy_window(st->c, a);
	CHECK(stress_randr_resize(st->c, st->s, 640, 480));
	CHECK(stress_ctl(st, "wait", NULL) == 0);
	CHECK(stress_randr_resize(st->c, st->s, 800, 600));
	struct stress_stats stats;
	CHECK(stress_stats(st, &stats));
	CHECK(stress_ctl(st, "wait", NULL) == 0);
	CHECK(stress_pixel(st, 480, 100) == colors[2]);
	int code = stress_stop_comp(st, SIGTERM, 30000);
	fprintf(stderr, "%s: shmcomp under %s exited %d (%s); log %s\n", st->name,
	        asan ? "ASan" : "valgrind", code,
	        asan ? "23 = leaks" : "9 = memcheck errors or definite leaks",
	        asan ? st->log : log);
	if (code != 0) {
		char *text = read_file(asan ? st->log : log);
		stress_fail(st, "valgrind: shmcomp exited %d:\n%s", code, text ? text : "");
		free(text);
	}
	st->comp = -1;
	return stress_finish(st);
}

TEST(sigkill_sysv)
{
	struct stress st;

	stress_init(&st, tc);
	return sysv_case(&st, SIGKILL);
}

TEST(sigterm_sysv)
{
	struct stress st;

	stress_init(&st, tc);
	return sysv_case(&st, SIGTERM);
}

/* Argument after OUTDIR: the valgrind executable ("" or none: skipped). */
TEST(valgrind)
{
	struct stress st;

	stress_init(&st, tc);
	return valgrind_case(&st, stress_arg(tc, 0, NULL));
}

/* Argument after OUTDIR: the seconds to run (50); scripts/soak runs it for minutes.
 * STRESS_STEADY_S overrides it: scripts/test's ASan run, where memory growth is not
 * judged (the sanitizer's quarantine grows), runs it for 20 s for memory errors only. */
TEST(steady)
{
	struct stress st;
	const char *env = getenv("STRESS_STEADY_S");

	stress_init(&st, tc);
	return steady_case(&st, atof(env && *env ? env : stress_arg(tc, 0, "50")));
}
