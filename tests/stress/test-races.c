/* stress suite: the classic lifetime races, seeded, from three connections
 * at once, with RandR resizes in between: resize then unmap at once, destroy
 * right after map, opacity change then destroy, focus change then destroy,
 * hundreds of windows created and destroyed in one flush, created and
 * destroyed before any map, restacked against another client's window that
 * goes away, reparented into another client's frame that is destroyed,
 * shaped and unshaped around an unmap, circulated, and clients that die with
 * their windows mapped. Then every connection leaves opaque survivor windows
 * (borders, shapes, interleaved stacking) and the composited screen must equal
 * what the server shows after shmcomp exits; with every client gone shmcomp
 * must track no stale window and hold no stale buffer.
 * With a CONFIG of effects (fading keeps destroyed windows as zombies while
 * they fade, and the XIDs of dead clients come back for new ones) the screen
 * comparison is skipped; the rest holds.
 * Run as: test-races races|races-effects SHMCOMP SHMCOMP_CTL OUTDIR [SEED [ROUNDS [CONFIG]]]
 * (with CONFIG, every effect on). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "tests/stress/stress.h"

#define NCONN 3

struct races {
	struct stress st;
	struct stress_rng rng;
	uint64_t seed;
	long rounds;
	xcb_connection_t *c[NCONN];
	xcb_screen_t *s[NCONN];
	xcb_atom_t opacity;
	xcb_visualid_t argb_visual;
	xcb_colormap_t argb_cmap[NCONN];
	long counts[16];
};

static int rnd(struct races *r, int lo, int hi)
{
	return stress_rng_range(&r->rng, lo, hi);
}

static xcb_window_t win(struct races *r, int k, xcb_window_t parent, bool map, bool argb)
{
	xcb_connection_t *c = r->c[k];
	xcb_window_t w = xcb_generate_id(c);
	int16_t x = (int16_t)rnd(r, -100, 700), y = (int16_t)rnd(r, -100, 500);
	uint16_t width = (uint16_t)rnd(r, 1, 400), height = (uint16_t)rnd(r, 1, 300);
	uint16_t bw = (uint16_t)(rnd(r, 0, 3) ? 0 : rnd(r, 1, 8));
	uint32_t color = (uint32_t)stress_rng_next(&r->rng) & 0xffffff;

	if (argb && r->argb_visual) {
		uint32_t v[] = {color | 0x80000000u, 0, r->argb_cmap[k]};
		xcb_create_window(c, 32, w, parent, x, y, width, height, bw,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, r->argb_visual,
		        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_COLORMAP, v);
	} else {
		uint32_t v[] = {color, color ^ 0x808080};
		xcb_create_window(c, XCB_COPY_FROM_PARENT, w, parent, x, y, width, height, bw,
		        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT,
		        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL, v);
	}
	if (map)
		xcb_map_window(c, w);
	return w;
}

static xcb_window_t top(struct races *r, int k, bool map)
{
	return win(r, k, r->s[k]->root, map, rnd(r, 0, 5) == 0);
}

/* Sometimes nothing, sometimes a flush, sometimes a round trip. */
static void maybe_flush(struct races *r, int k)
{
	int v = rnd(r, 0, 9);

	if (v < 3)
		xcb_flush(r->c[k]);
	else if (v == 3)
		x_sync(r->c[k]);
}

static void resize_unmap(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);
	uint32_t v[] = {(uint32_t)rnd(r, 1, 900), (uint32_t)rnd(r, 1, 700)};

	maybe_flush(r, k);
	xcb_configure_window(r->c[k], w, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, v);
	xcb_unmap_window(r->c[k], w);
	maybe_flush(r, k);
	xcb_destroy_window(r->c[k], w);
}

static void destroy_after_map(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);

	maybe_flush(r, k);
	xcb_destroy_window(r->c[k], w);
}

static void opacity_destroy(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);
	uint32_t v = (uint32_t)stress_rng_next(&r->rng);

	maybe_flush(r, k);
	xcb_change_property(
	        r->c[k], XCB_PROP_MODE_REPLACE, w, r->opacity, XCB_ATOM_CARDINAL, 32, 1, &v);
	xcb_destroy_window(r->c[k], w);
}

static void focus_destroy(struct races *r, int k)
{
	int j = rnd(r, 0, NCONN - 1);
	xcb_window_t w = top(r, j, true);

	x_sync(r->c[j]);
	/* Focus set by one client, the window destroyed by its owner. */
	xcb_set_input_focus(r->c[k], XCB_INPUT_FOCUS_POINTER_ROOT, w, XCB_CURRENT_TIME);
	xcb_flush(r->c[k]);
	xcb_destroy_window(r->c[j], w);
	maybe_flush(r, j);
}

static void many_one_flush(struct races *r, int k)
{
	enum { N = 300 };
	xcb_window_t w[N];

	for (int i = 0; i < N; i++)
		w[i] = top(r, k, i % 2 == 0);
	for (int i = 0; i < N; i++)
		xcb_destroy_window(r->c[k], w[i]);
	xcb_flush(r->c[k]);
}

static void before_map(struct races *r, int k)
{
	xcb_window_t w = top(r, k, false);
	uint32_t v[] = {10, 10, 50, 50};

	xcb_configure_window(r->c[k], w,
	        XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y | XCB_CONFIG_WINDOW_WIDTH |
	                XCB_CONFIG_WINDOW_HEIGHT,
	        v);
	maybe_flush(r, k);
	xcb_destroy_window(r->c[k], w);
}

static void cross_restack(struct races *r, int k)
{
	int j = (k + 1) % NCONN;
	xcb_window_t theirs = top(r, j, true), mine = top(r, k, true);

	x_sync(r->c[j]);
	uint32_t v[] = {
	        theirs, (uint32_t)(rnd(r, 0, 1) ? XCB_STACK_MODE_ABOVE : XCB_STACK_MODE_BELOW)};
	xcb_configure_window(
	        r->c[k], mine, XCB_CONFIG_WINDOW_SIBLING | XCB_CONFIG_WINDOW_STACK_MODE, v);
	xcb_flush(r->c[k]);
	xcb_destroy_window(r->c[j], theirs);
	maybe_flush(r, j);
	xcb_destroy_window(r->c[k], mine);
}

static void cross_reparent(struct races *r, int k)
{
	int j = (k + 1) % NCONN;
	xcb_window_t frame = top(r, j, true), client = top(r, k, true);

	x_sync(r->c[j]);
	xcb_reparent_window(r->c[k], client, frame, (int16_t)rnd(r, 0, 10), (int16_t)rnd(r, 0, 30));
	if (rnd(r, 0, 1))
		xcb_reparent_window(r->c[k], client, r->s[k]->root, 5, 5);
	xcb_flush(r->c[k]);
	xcb_destroy_window(r->c[j], frame); /* and the client with it, if still inside */
	maybe_flush(r, j);
	xcb_destroy_window(r->c[k], client);
}

static void shape_unmap(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);
	xcb_rectangle_t rect = {(int16_t)rnd(r, 0, 20), (int16_t)rnd(r, 0, 20),
	        (uint16_t)rnd(r, 1, 100), (uint16_t)rnd(r, 1, 100)};

	xcb_shape_rectangles(
	        r->c[k], XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, w, 0, 0, 1, &rect);
	maybe_flush(r, k);
	xcb_unmap_window(r->c[k], w);
	xcb_shape_mask(r->c[k], XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, w, 0, 0, XCB_NONE);
	xcb_map_window(r->c[k], w);
	maybe_flush(r, k);
	xcb_destroy_window(r->c[k], w);
}

static void circulate(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);

	xcb_circulate_window(r->c[k], (uint8_t)rnd(r, 0, 1), r->s[k]->root);
	maybe_flush(r, k);
	xcb_destroy_window(r->c[k], w);
}

static void map_resize_map(struct races *r, int k)
{
	xcb_window_t w = top(r, k, true);

	for (int i = 0; i < 5; i++) {
		uint32_t v[] = {(uint32_t)rnd(r, 1, 500), (uint32_t)rnd(r, 1, 500)};
		xcb_unmap_window(r->c[k], w);
		xcb_configure_window(
		        r->c[k], w, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, v);
		xcb_map_window(r->c[k], w);
		maybe_flush(r, k);
	}
	xcb_destroy_window(r->c[k], w);
}

static void argb_draw_destroy(struct races *r, int k)
{
	xcb_window_t w = win(r, k, r->s[k]->root, true, true);
	xcb_gcontext_t gc = xcb_generate_id(r->c[k]);
	xcb_rectangle_t rect = {0, 0, 50, 50};

	xcb_create_gc(r->c[k], gc, w, 0, NULL);
	for (int i = 0; i < 5; i++) {
		uint32_t fg = (uint32_t)stress_rng_next(&r->rng);
		xcb_change_gc(r->c[k], gc, XCB_GC_FOREGROUND, &fg);
		xcb_poly_fill_rectangle(r->c[k], w, gc, 1, &rect);
		maybe_flush(r, k);
	}
	xcb_destroy_window(r->c[k], w);
	xcb_free_gc(r->c[k], gc);
}

/* A client that disconnects (or is killed) with its windows mapped. */
static void client_dies(struct races *r, int k)
{
	bool kill_it = rnd(r, 0, 1);
	uint64_t seed = stress_rng_next(&r->rng);
	pid_t pid = fork();

	if (pid == 0) {
		struct races child = *r;
		xcb_connection_t *c = xcb_connect(r->st.xs.name, NULL);
		child.rng.state = seed;
		child.c[0] = c;
		child.s[0] = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
		child.argb_visual = 0;
		for (int i = 0; i < 30; i++)
			top(&child, 0, true);
		xcb_flush(c);
		if (kill_it)
			pause();
		_exit(0);
	}
	if (pid > 0 && kill_it) {
		sleep_ms(rnd(r, 0, 5));
		kill(pid, SIGKILL);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	(void)k;
}

static void randr(struct races *r, int k)
{
	static const uint16_t sizes[][2] = {{800, 600}, {640, 480}, {700, 300}, {400, 600}};
	int i = rnd(r, 0, 3);

	if (!stress_randr_resize(r->st.c, r->st.s, sizes[i][0], sizes[i][1]))
		stress_fail(&r->st, "RandR resize to %ux%u failed", sizes[i][0], sizes[i][1]);
	(void)k;
}

static const struct {
	const char *name;
	void (*fn)(struct races *r, int k);
	int weight;
} kinds[] = {
        {"resize-then-unmap", resize_unmap, 10},
        {"destroy-after-map", destroy_after_map, 10},
        {"opacity-then-destroy", opacity_destroy, 10},
        {"focus-then-destroy", focus_destroy, 10},
        {"300-in-one-flush", many_one_flush, 1},
        {"destroy-before-map", before_map, 10},
        {"restack-on-vanishing-sibling", cross_restack, 8},
        {"reparent-into-vanishing-frame", cross_reparent, 8},
        {"shape-around-unmap", shape_unmap, 6},
        {"circulate", circulate, 4},
        {"unmap-resize-map", map_resize_map, 6},
        {"argb-draw-destroy", argb_draw_destroy, 6},
        {"client-dies", client_dies, 1},
        {"randr-resize", randr, 1},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static void one_race(struct races *r)
{
	int total = 0, pick, k = rnd(r, 0, NCONN - 1);

	for (size_t i = 0; i < NKINDS; i++)
		total += kinds[i].weight;
	pick = rnd(r, 0, total - 1);
	for (size_t i = 0; i < NKINDS; i++) {
		if (pick < kinds[i].weight) {
			kinds[i].fn(r, k);
			r->counts[i]++;
			return;
		}
		pick -= kinds[i].weight;
	}
}

/* Opaque windows that stay: the scene compared with and without shmcomp. */
static void survivors(struct races *r)
{
	for (int i = 0; i < 24; i++) {
		int k = i % NCONN;
		xcb_window_t w = win(r, k, r->s[k]->root, false, false);
		if (i % 4 == 1) {
			xcb_rectangle_t rects[] = {
			        {0, 0, 30, 200}, {0, 0, 200, 30}, {40, 40, 60, 60}};
			xcb_shape_rectangles(r->c[k], XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, 0, w,
			        0, 0, 3, rects);
		}
		xcb_map_window(r->c[k], w);
		x_sync(r->c[k]);
	}
}

static bool find_argb(struct races *r)
{
	r->argb_visual = x_argb_visual(r->s[0]);
	for (int k = 0; k < NCONN && r->argb_visual; k++) {
		r->argb_cmap[k] = xcb_generate_id(r->c[k]);
		xcb_create_colormap(r->c[k], XCB_COLORMAP_ALLOC_NONE, r->argb_cmap[k],
		        r->s[k]->root, r->argb_visual);
	}
	return r->argb_visual != 0;
}

static bool compare_unredirected(struct races *r)
{
	struct stress *st = &r->st;
	uint16_t w = st->s->width_in_pixels, h = st->s->height_in_pixels;
	uint32_t *a, *b = NULL;
	size_t diff = 0;
	int fx = -1, fy = -1;
	char pa[700], pb[700], pd[700];

	if (stress_ctl(st, "wait", NULL) != 0)
		return false;
	a = stress_shot(st->c, st->s, w, h);
	if (stress_stop_comp(st, SIGTERM, 5000) != 0)
		stress_fail(st, "shmcomp did not exit 0 on SIGTERM (log %s)", st->log);
	for (int i = 0; i < 200 && wait_cm_owner(st->c, 0); i++)
		sleep_ms(10);
	for (int attempt = 0; attempt < 10 && a; attempt++) {
		free(b);
		x_sync(st->c);
		b = stress_shot(st->c, st->s, w, h);
		if (!b)
			break;
		diff = stress_shot_diff(a, b, w, h, &fx, &fy);
		if (diff == 0)
			break;
		sleep_ms(100);
	}
	bool ok = a && b && diff == 0;
	if (ok) {
		fprintf(stderr, "%s: composited screen equals the unredirected one\n", st->name);
	} else {
		stress_fail(st,
		        "composited screen differs from the unredirected one in %zu pixels, "
		        "first at %d,%d (seed %llu)",
		        diff, fx, fy, (unsigned long long)r->seed);
		if (a && b && stress_shot_save(st, a, w, h, "composited", pa, sizeof pa) &&
		        stress_shot_save(st, b, w, h, "unredirected", pb, sizeof pb) &&
		        stress_shot_save_diff(st, a, b, w, h, "diff", pd, sizeof pd))
			fprintf(stderr, "%s: shots: %s %s %s\n", st->name, pa, pb, pd);
	}
	free(a);
	free(b);
	return ok;
}

static int races(const struct test_ctx *tc)
{
	struct races r = {0};
	struct stress_stats base, now;
	int rc;

	stress_init(&r.st, tc);
	r.seed = strtoull(stress_arg(tc, 0, "424242"), NULL, 0);
	r.rounds = strtol(stress_arg(tc, 1, "4000"), NULL, 0);
	if (getenv("STRESS_SEED"))
		r.seed = strtoull(getenv("STRESS_SEED"), NULL, 0);
	r.rng.state = r.seed;
	const char *comp_args[] = {"--config", stress_arg(tc, 2, NULL), NULL};
	bool effects = comp_args[1] != NULL;
	rc = stress_start(&r.st, NULL, effects ? comp_args : NULL, NULL, 10000);
	if (rc)
		return rc == HARNESS_SKIP ? rc : TEST_FAIL;
	fprintf(stderr, "%s: seed %llu, %ld races (replay: STRESS_SEED=%llu)\n", r.st.name,
	        (unsigned long long)r.seed, r.rounds, (unsigned long long)r.seed);
	if (!stress_stats(&r.st, &base))
		stress_fail(&r.st, "stats failed");
	for (int k = 0; k < NCONN; k++)
		r.c[k] = xserver_connect(&r.st.xs, &r.s[k]);
	r.opacity = x_atom(r.c[0], "_NET_WM_WINDOW_OPACITY");
	find_argb(&r);
	double t0 = monotonic_ms();
	for (long i = 0; i < r.rounds && stress_comp_alive(&r.st); i++) {
		one_race(&r);
		if (i % 500 == 499) {
			for (int k = 0; k < NCONN; k++)
				stress_drain(r.c[k]);
			stress_health(&r.st, "races so far");
		}
	}
	for (int k = 0; k < NCONN; k++) {
		x_sync(r.c[k]);
		stress_drain(r.c[k]);
	}
	fprintf(stderr, "%s: %ld races in %.0f ms:", r.st.name, r.rounds, monotonic_ms() - t0);
	for (size_t i = 0; i < NKINDS; i++)
		fprintf(stderr, " %s=%ld", kinds[i].name, r.counts[i]);
	fprintf(stderr, "\n");
	if (!stress_randr_resize(r.st.c, r.st.s, 800, 600))
		stress_fail(&r.st, "RandR back to 800x600 failed");
	survivors(&r);
	if (stress_health(&r.st, "after the races") && !effects && compare_unredirected(&r))
		stress_start_comp(&r.st, NULL, NULL, 10000);
	for (int k = 0; k < NCONN; k++)
		xcb_disconnect(r.c[k]);
	x_sync(r.st.c);
	sleep_ms(effects ? 1000 : 0); /* the last fades end */
	if (stress_comp_alive(&r.st) && stress_health(&r.st, "after the clients left") &&
	        stress_stats(&r.st, &now) &&
	        (now.windows != base.windows ||
	                now.bytes_live - now.bytes_cached != base.bytes_live - base.bytes_cached))
		stress_fail(&r.st,
		        "stale state: windows %lld (start %lld), SHM in use %lld (start "
		        "%lld)",
		        now.windows, base.windows, now.bytes_live - now.bytes_cached,
		        base.bytes_live - base.bytes_cached);
	if (test_failures())
		fprintf(stderr, "%s: seed %llu (replay: STRESS_SEED=%llu)\n", r.st.name,
		        (unsigned long long)r.seed, (unsigned long long)r.seed);
	return stress_finish(&r.st);
}

TEST(races)
{
	return races(tc);
}

TEST(races_effects)
{
	return races(tc);
}
