/* stress suite: hostile input. Each case is one client doing something
 * malformed or extreme (properties of the wrong type, format or size, bogus
 * root pixmaps, giant or far-away windows, windows destroyed mid-damage,
 * forged events, abusive control requests); after it, and again after that
 * client is gone, shmcomp must be alive, answer `wait`, put a fresh window on
 * screen, and keep shm_bytes_live within the pool cap and its RSS sane.
 * With --config FILE (tests/stress/effects.conf: shadows, fading, corners, rules
 * on names, classes and window types) the same cases run with every effect on;
 * pixel checks of the cases then only report (the probes stay exact).
 * Run as: test-hostile GROUP SHMCOMP SHMCOMP_CTL OUTDIR [--config FILE] [CASE]
 * (test-hostile --list names the groups). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>

#include "tests/stress/hostile.h"

/* One runner case a group. */
static const struct group_case {
	const char *name;
	const struct hostile_group *group;
} groups[] = {
        {"opacity", &hostile_props_group},
        {"wintype", &hostile_wintype_group},
        {"text", &hostile_text_group},
        {"rootpmap", &hostile_rootpmap_group},
        {"geometry", &hostile_geom_group},
        {"huge", &hostile_huge_group},
        {"damage", &hostile_damage_group},
        {"ctl", &hostile_ctl_group},
        {"synthetic", &hostile_synthetic_group},
};

#define NGROUPS (sizeof groups / sizeof groups[0])

void hostile_sync(struct hostile *h)
{
	x_sync(h->c);
	stress_drain(h->c);
}

xcb_window_t hostile_window(struct hostile *h, int16_t x, int16_t y, uint16_t w, uint16_t hh,
        uint16_t bw, uint32_t color, bool map)
{
	xcb_window_t win = xcb_generate_id(h->c);
	uint32_t v[] = {color, color ^ 0xffffff};

	xcb_create_window(h->c, XCB_COPY_FROM_PARENT, win, h->s->root, x, y, w, hh, bw,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, h->s->root_visual,
	        XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL, v);
	/* Something for the rules of a configuration to match. */
	xcb_change_property(h->c, XCB_PROP_MODE_REPLACE, win, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8,
	        14, "hostile-window");
	xcb_change_property(h->c, XCB_PROP_MODE_REPLACE, win, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
	        17, "xhostile\0Hostile\0");
	if (map)
		xcb_map_window(h->c, win);
	return win;
}

static bool find_argb(struct hostile *h)
{
	if (h->argb_visual)
		return true;
	h->argb_visual = x_argb_visual(h->s);
	if (!h->argb_visual)
		return false;
	h->argb_cmap = xcb_generate_id(h->c);
	xcb_create_colormap(
	        h->c, XCB_COLORMAP_ALLOC_NONE, h->argb_cmap, h->s->root, h->argb_visual);
	return true;
}

xcb_window_t hostile_argb_window(
        struct hostile *h, int16_t x, int16_t y, uint16_t w, uint16_t hh, uint32_t argb, bool map)
{
	xcb_window_t win = xcb_generate_id(h->c);

	if (!find_argb(h)) {
		stress_fail(h->st, "the server has no depth-32 visual");
		return XCB_NONE;
	}
	uint32_t v[] = {argb, 0, h->argb_cmap};
	xcb_create_window(h->c, 32, win, h->s->root, x, y, w, hh, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT,
	        h->argb_visual, XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_COLORMAP, v);
	if (map)
		xcb_map_window(h->c, win);
	return win;
}

void hostile_prop(struct hostile *h, xcb_window_t w, xcb_atom_t prop, xcb_atom_t type,
        uint8_t format, uint32_t nitems, const void *data)
{
	xcb_change_property(h->c, XCB_PROP_MODE_REPLACE, w, prop, type, format, nitems, data);
}

bool hostile_expect_pixel(struct hostile *h, int16_t x, int16_t y, uint32_t want, const char *what)
{
	int code = stress_ctl(h->st, "wait", NULL);
	uint32_t got = stress_pixel(h->st, x, y);

	if (code == 0 && got == want)
		return true;
	if (code == 0 && h->effects) {
		fprintf(stderr,
		        "%s: note (effects on): %s: root pixel %d,%d is %06x, without "
		        "effects %06x\n",
		        h->st->name, what, x, y, got, want);
		return true;
	}
	stress_fail(h->st, "%s: ctl wait %d, root pixel %d,%d is %06x, want %06x", what, code, x, y,
	        got, want);
	return false;
}

xcb_window_t hostile_cm_window(struct hostile *h)
{
	if (h->cm != XCB_NONE)
		return h->cm;
	xcb_get_selection_owner_reply_t *r = xcb_get_selection_owner_reply(
	        h->c, xcb_get_selection_owner(h->c, h->a.cm_s0), NULL);
	xcb_window_t w = r ? r->owner : XCB_NONE;

	free(r);
	h->cm = w;
	return w;
}

void *hostile_junk(size_t len, uint32_t seed, bool no_nul)
{
	struct stress_rng rng = {seed};
	unsigned char *p = malloc(len ? len : 1);

	if (!p)
		abort();
	for (size_t i = 0; i < len; i++) {
		p[i] = (unsigned char)stress_rng_next(&rng);
		if (no_nul && p[i] == 0)
			p[i] = 0xff;
	}
	return p;
}

static void intern_all(struct hostile *h)
{
	h->a.opacity = x_atom(h->c, "_NET_WM_WINDOW_OPACITY");
	h->a.wm_type = x_atom(h->c, "_NET_WM_WINDOW_TYPE");
	h->a.wm_type_normal = x_atom(h->c, "_NET_WM_WINDOW_TYPE_NORMAL");
	h->a.wm_type_dock = x_atom(h->c, "_NET_WM_WINDOW_TYPE_DOCK");
	h->a.utf8 = x_atom(h->c, "UTF8_STRING");
	h->a.net_wm_name = x_atom(h->c, "_NET_WM_NAME");
	h->a.xrootpmap = x_atom(h->c, "_XROOTPMAP_ID");
	h->a.esetroot = x_atom(h->c, "ESETROOT_PMAP_ID");
	h->a.cm_s0 = x_atom(h->c, "_NET_WM_CM_S0");
	h->a.ctl_request = x_atom(h->c, "_SHMCOMP_REQUEST");
	h->a.ctl_text = x_atom(h->c, "_SHMCOMP_TEXT");
}

/* What the cases leave behind on the root (the root outlives every client). */
static void clean_root(struct stress *st)
{
	xcb_atom_t props[] = {x_atom(st->c, "_XROOTPMAP_ID"), x_atom(st->c, "ESETROOT_PMAP_ID"),
	        x_atom(st->c, "_SHMCOMP_TEXT")};

	for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
		xcb_delete_property(st->c, st->s->root, props[i]);
	x_sync(st->c);
}

static void run_case(struct stress *st, const char *group, const struct hostile_case *hc,
        const char *const *comp_args)
{
	struct hostile h = {.st = st, .effects = comp_args != NULL};
	char what[128];
	int before = test_failures();

	h.c = xserver_connect(&st->xs, &h.s);
	h.width = st->s->width_in_pixels;
	h.height = st->s->height_in_pixels;
	intern_all(&h);
	double t0 = monotonic_ms();
	bool ok = hc->run(&h);
	hostile_sync(&h);
	snprintf(what, sizeof what, "%s/%s", group, hc->name);
	if (!ok)
		fprintf(stderr, "%s: case-specific check failed in %s\n", st->name, what);
	stress_health(st, what);
	xcb_disconnect(h.c);
	clean_root(st);
	snprintf(what, sizeof what, "%s/%s (client gone)", group, hc->name);
	bool healthy = stress_health(st, what);
	fprintf(stderr, "%s: case %s/%s %s in %.0f ms\n", st->name, group, hc->name,
	        test_failures() == before ? "passed" : "FAILED", monotonic_ms() - t0);
	/* A broken compositor would fail every case after: start a fresh one. */
	if (!stress_comp_alive(st)) {
		stress_fail(st, "shmcomp died in case %s/%s (status %d): restarting it", group,
		        hc->name, st->comp_status);
		stress_start_comp(st, comp_args, NULL, 10000);
	} else if (!healthy) {
		fprintf(stderr, "%s: shmcomp unhealthy after %s/%s: restarting it\n", st->name,
		        group, hc->name);
		stress_stop_comp(st, SIGKILL, 5000);
		stress_start_comp(st, comp_args, NULL, 10000);
	}
}

static size_t total_cases(void)
{
	size_t n = 0;

	for (size_t g = 0; g < NGROUPS; g++)
		n += groups[g].group->count;
	return n;
}

/* Arguments: SHMCOMP SHMCOMP_CTL OUTDIR [--config FILE] [CASE]. */
TEST_P(group, groups)
{
	const struct group_case *gc = tc->data;
	const struct hostile_group *g = gc->group;
	struct stress st;
	size_t ran = 0;
	int r, arg = 0;

	stress_init(&st, tc);
	const char *config_args[] = {"--config", NULL, NULL};
	const char *const *comp_args = NULL;
	if (stress_arg(tc, arg + 1, NULL) && strcmp(stress_arg(tc, arg, ""), "--config") == 0) {
		config_args[1] = stress_arg(tc, arg + 1, NULL);
		comp_args = config_args;
		arg += 2;
	}
	const char *only = stress_arg(tc, arg, NULL); /* one case, for reproduction */
	st.ctl_timeout = 5.0;
	r = stress_start(&st, NULL, comp_args, NULL, 10000);
	if (r)
		return r == HARNESS_SKIP ? r : TEST_FAIL;
	stress_health(&st, "start");
	for (size_t i = 0; i < g->count; i++) {
		if (only && strcmp(only, g->cases[i].name) != 0)
			continue;
		run_case(&st, gc->name, &g->cases[i], comp_args);
		ran++;
	}
	if (ran == 0) {
		stress_fail(&st, "no hostile case named %s/%s; the group has:", gc->name, only);
		for (size_t i = 0; i < g->count; i++)
			fprintf(stderr, "  %s\n", g->cases[i].name);
	}
	fprintf(stderr, "%s: hostile cases run: %zu (of %zu in all groups)\n", st.name, ran,
	        total_cases());
	printf("hostile cases run: %zu\n", ran);
	return stress_finish(&st);
}
