/* Hand-written wintrack cases for the protocol corners: above_sibling None, events that must
 * be ignored, duplicate CreateNotify, events after destruction, reparenting, circulation.
 * Usage: test-wintrack-cases CASE */
#include "tests/wintrack/wt_test.h"

#include <stdlib.h>
#include <string.h>

#define ROOT 0x000001e5u
#define FRAME 0x00c00001u
#define A 0x00400001u
#define B 0x00400002u
#define C 0x00400003u
#define D 0x00600001u
#define E 0x00600002u
#define GHOST 0x00800009u /* never tracked */

struct fx {
	struct wintrack *wt;
	size_t released;
	xcb_window_t last_released;
	bool release_saw_findable;
};

static void on_release(struct wintrack_entry *win, void *data)
{
	struct fx *f = data;
	f->released++;
	f->last_released = win->id;
	if (wintrack_find(f->wt, win->id))
		f->release_saw_findable = true;
	free(win->user);
}

static bool fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->wt = wintrack_create(ROOT, on_release, f);
	return f->wt != NULL;
}

static bool fx_finish(struct fx *f, bool ok)
{
	wintrack_destroy(f->wt);
	return ok && !f->release_saw_findable;
}

static const struct wintrack_geom G0 = {10, 20, 100, 50, 0};

static bool apply(struct fx *f, const xcb_generic_event_t *ev, struct wintrack_change *c)
{
	REQUIRE(wintrack_apply(f->wt, ev, c));
	if (c->flags & WINTRACK_ADDED) {
		REQUIRE(c->win && !c->win->user);
		c->win->user = malloc(16); /* something for release to free */
		REQUIRE(c->win->user);
	}
	return true;
}

static bool create(struct fx *f, xcb_window_t id, const struct wintrack_geom *g)
{
	union wt_event u;
	struct wintrack_change c;
	REQUIRE(apply(f, ev_create(&u, ROOT, id, g, false), &c));
	REQUIRE(c.flags == WINTRACK_ADDED && c.id == id && c.win == wintrack_find(f->wt, id));
	return true;
}

static bool create_abc(struct fx *f)
{
	return create(f, A, &G0) && create(f, B, &G0) && create(f, C, &G0);
}

static bool ignored(const struct wintrack_change *c)
{
	return c->flags == 0 && c->id == XCB_NONE && c->win == NULL;
}

static bool order_is(const struct wintrack *wt, const xcb_window_t *ids, size_t n)
{
	struct wintrack_entry *w;
	size_t i = 0;
	REQUIRE(wintrack_count(wt) == n);
	wintrack_for_each_bottom_up(w, wt)
	{
		REQUIRE(i < n && w->id == ids[i]);
		i++;
	}
	REQUIRE(i == n);
	wintrack_for_each_top_down(w, wt)
	{
		REQUIRE(i > 0 && w->id == ids[--i]);
	}
	return i == 0;
}

#define ORDER(wt, ...)                                                                             \
	order_is((wt), (const xcb_window_t[]){__VA_ARGS__},                                        \
	        sizeof((const xcb_window_t[]){__VA_ARGS__}) / sizeof(xcb_window_t))

static bool configure(struct fx *f, xcb_window_t id, xcb_window_t above,
        const struct wintrack_geom *g, struct wintrack_change *c)
{
	union wt_event u;
	return apply(f, ev_configure(&u, ROOT, id, above, g, false), c);
}

/* ---- cases ---- */

static bool configure_none_is_bottom(struct fx *f)
{
	struct wintrack_change c;
	REQUIRE(create_abc(f));
	REQUIRE(configure(f, C, XCB_NONE, &G0, &c));
	REQUIRE(c.flags == WINTRACK_RESTACKED && c.win == wintrack_find(f->wt, C));
	REQUIRE(ORDER(f->wt, C, A, B));
	REQUIRE(configure(f, C, XCB_NONE, &G0, &c)); /* already at the bottom */
	REQUIRE(ignored(&c));
	REQUIRE(configure(f, B, A, &G0, &c)); /* already directly above A */
	REQUIRE(ignored(&c));
	REQUIRE(configure(f, A, B, &G0, &c));
	REQUIRE(c.flags == WINTRACK_RESTACKED);
	REQUIRE(ORDER(f->wt, C, B, A));
	REQUIRE(configure(f, A, C, &G0, &c)); /* above a sibling in the middle of the stack */
	REQUIRE(ORDER(f->wt, C, A, B));
	return true;
}

static bool unknown_window_ignored(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_map(&u, ROOT, GHOST, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_unmap(&u, ROOT, GHOST), &c) && ignored(&c));
	REQUIRE(apply(f, ev_configure(&u, ROOT, GHOST, A, &G0, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_destroy(&u, ROOT, GHOST), &c) && ignored(&c));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, GHOST, XCB_PLACE_ON_TOP), &c) && ignored(&c));
	REQUIRE(apply(f, ev_gravity(&u, ROOT, GHOST, 1, 2), &c) && ignored(&c));
	REQUIRE(apply(f, ev_reparent(&u, ROOT, GHOST, FRAME, 1, 2, false), &c) && ignored(&c));
	REQUIRE(ORDER(f->wt, A, B, C));
	REQUIRE(wintrack_mapped_count(f->wt) == 0 && !wintrack_find(f->wt, GHOST));
	REQUIRE(f->released == 0);
	return true;
}

static bool not_root_ignored(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_geom g = {1, 2, 3, 4, 5};
	REQUIRE(create_abc(f));
	/* StructureNotify copies (event == window) and a frame's SubstructureNotify. */
	REQUIRE(apply(f, ev_configure(&u, A, A, XCB_NONE, &g, true), &c) && ignored(&c));
	REQUIRE(apply(f, ev_map(&u, B, B, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_destroy(&u, FRAME, C), &c) && ignored(&c));
	REQUIRE(apply(f, ev_reparent(&u, A, A, FRAME, 0, 0, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_create(&u, FRAME, D, &g, false), &c) && ignored(&c));
	/* Client SendEvents to the root, e.g. the ICCCM withdraw UnmapNotify. */
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c) && c.flags == WINTRACK_MAPPED);
	ev_unmap(&u, ROOT, A);
	REQUIRE(apply(f, ev_synthetic(&u), &c) && ignored(&c));
	ev_destroy(&u, ROOT, B);
	REQUIRE(apply(f, ev_synthetic(&u), &c) && ignored(&c));
	ev_create(&u, ROOT, D, &g, false);
	REQUIRE(apply(f, ev_synthetic(&u), &c) && ignored(&c));
	/* The root's own ConfigureNotify (StructureNotify on the root, e.g. RandR resize). */
	REQUIRE(apply(f, ev_configure(&u, ROOT, ROOT, XCB_NONE, &g, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_create(&u, ROOT, ROOT, &g, false), &c) && ignored(&c));
	REQUIRE(ORDER(f->wt, A, B, C));
	REQUIRE(wintrack_mapped_count(f->wt) == 1 && wintrack_find(f->wt, A)->geom.x == G0.x);
	return true;
}

static bool duplicate_create(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_geom g = {300, 400, 500, 600, 2};
	REQUIRE(create_abc(f));
	struct wintrack_entry *a = wintrack_find(f->wt, A);
	void *user = a->user;
	REQUIRE(apply(f, ev_create(&u, ROOT, A, &g, true), &c));
	REQUIRE(c.flags == (WINTRACK_MOVED | WINTRACK_RESIZED | WINTRACK_OVERRIDE_REDIRECT));
	REQUIRE(c.win == a && a->user == user && f->released == 0);
	REQUIRE(a->geom.width == 500 && a->geom.border_width == 2 && a->override_redirect);
	REQUIRE(ORDER(f->wt, A, B, C)); /* the snapshot's order stands */
	REQUIRE(apply(f, ev_create(&u, ROOT, A, &g, true), &c) && ignored(&c));
	REQUIRE(wintrack_count(f->wt) == 3);
	return true;
}

static bool destroy_then_events(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_geom g = {7, 8, 9, 10, 1};
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_map(&u, ROOT, B, false), &c));
	/* DestroyNotify without a preceding UnmapNotify must still fix the mapped count. */
	REQUIRE(apply(f, ev_destroy(&u, ROOT, B), &c));
	REQUIRE(c.flags == WINTRACK_REMOVED && c.id == B && c.win == NULL);
	REQUIRE(c.old_mapped && !c.new_mapped && c.old_rect.width == G0.width);
	REQUIRE(f->released == 1 && f->last_released == B);
	REQUIRE(wintrack_mapped_count(f->wt) == 0 && ORDER(f->wt, A, C));
	REQUIRE(apply(f, ev_unmap(&u, ROOT, B), &c) && ignored(&c));
	REQUIRE(apply(f, ev_map(&u, ROOT, B, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_configure(&u, ROOT, B, XCB_NONE, &g, false), &c) && ignored(&c));
	REQUIRE(apply(f, ev_destroy(&u, ROOT, B), &c) && ignored(&c));
	REQUIRE(apply(f, ev_configure(&u, ROOT, A, B, &G0, false), &c)); /* B as sibling */
	REQUIRE(c.flags == WINTRACK_UNKNOWN_SIBLING);
	REQUIRE(f->released == 1 && ORDER(f->wt, A, C));
	/* The server may hand the XID out again: a fresh window, not the old one. */
	REQUIRE(apply(f, ev_create(&u, ROOT, B, &g, false), &c) && c.flags == WINTRACK_ADDED);
	REQUIRE(!c.win->mapped && c.win->geom.x == 7 && ORDER(f->wt, A, C, B));
	return true;
}

static bool reparent_away_and_back(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_geom g = {50, 60, 70, 80, 1};
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c));
	REQUIRE(apply(f, ev_unmap(&u, ROOT, A), &c) && c.flags == WINTRACK_UNMAPPED);
	REQUIRE(apply(f, ev_reparent(&u, ROOT, A, FRAME, 0, 20, false), &c));
	REQUIRE(c.flags == (WINTRACK_REMOVED | WINTRACK_REPARENTED) && c.id == A && !c.win);
	REQUIRE(f->released == 1 && f->last_released == A && ORDER(f->wt, B, C));
	/* Back to the root: on top, at the event's x, y, size not known yet. */
	REQUIRE(apply(f, ev_reparent(&u, ROOT, A, ROOT, 33, 44, false), &c));
	REQUIRE(c.flags == (WINTRACK_ADDED | WINTRACK_REPARENTED) && c.win);
	struct wintrack_entry *a = c.win;
	REQUIRE(ORDER(f->wt, B, C, A));
	REQUIRE(a->geom.x == 33 && a->geom.y == 44 && a->geom.width == 0 && !a->geometry_known);
	REQUIRE(!a->mapped && c.new_rect.x == 33 && c.new_rect.width == 0);
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c) && c.flags == WINTRACK_MAPPED);
	wintrack_set_geometry(a, &(struct wintrack_geom){33, 44, 70, 80, 1}, &c);
	REQUIRE(c.flags == WINTRACK_RESIZED && c.win == a && c.new_rect.width == 72);
	REQUIRE(a->geometry_known && c.old_mapped && c.new_mapped);
	/* A ConfigureNotify also gives the full geometry. */
	REQUIRE(apply(f, ev_reparent(&u, ROOT, B, FRAME, 0, 0, false), &c));
	REQUIRE(apply(f, ev_reparent(&u, ROOT, B, ROOT, 1, 1, false), &c));
	REQUIRE(!wintrack_find(f->wt, B)->geometry_known && ORDER(f->wt, C, A, B));
	REQUIRE(configure(f, B, C, &g, &c));
	REQUIRE(c.flags == (WINTRACK_MOVED | WINTRACK_RESIZED | WINTRACK_RESTACKED));
	REQUIRE(wintrack_find(f->wt, B)->geometry_known && ORDER(f->wt, C, B, A));
	/* Root to root: ReparentWindow onto the same parent restacks on top. */
	REQUIRE(apply(f, ev_reparent(&u, ROOT, C, ROOT, 5, 6, false), &c));
	REQUIRE(c.flags == (WINTRACK_REPARENTED | WINTRACK_MOVED | WINTRACK_RESTACKED));
	REQUIRE(ORDER(f->wt, B, A, C) && wintrack_find(f->wt, C)->geometry_known);
	return true;
}

static bool circulate(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, A, XCB_PLACE_ON_TOP), &c));
	REQUIRE(c.flags == WINTRACK_RESTACKED && ORDER(f->wt, B, C, A));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, C, XCB_PLACE_ON_BOTTOM), &c));
	REQUIRE(c.flags == WINTRACK_RESTACKED && ORDER(f->wt, C, B, A));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, A, XCB_PLACE_ON_TOP), &c) && ignored(&c));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, C, XCB_PLACE_ON_BOTTOM), &c) && ignored(&c));
	REQUIRE(apply(f, ev_circulate(&u, ROOT, B, 7), &c) && ignored(&c)); /* bad place */
	REQUIRE(ORDER(f->wt, C, B, A));
	return true;
}

static bool unknown_sibling_keeps_position(struct fx *f)
{
	struct wintrack_change c;
	struct wintrack_geom g = {1, 2, 100, 50, 0};
	REQUIRE(create_abc(f));
	REQUIRE(configure(f, B, GHOST, &g, &c));
	REQUIRE(c.flags == (WINTRACK_MOVED | WINTRACK_UNKNOWN_SIBLING) && c.win);
	REQUIRE(ORDER(f->wt, A, B, C) && wintrack_find(f->wt, B)->geom.x == 1);
	REQUIRE(configure(f, B, B, &g, &c)); /* itself */
	REQUIRE(c.flags == WINTRACK_UNKNOWN_SIBLING && ORDER(f->wt, A, B, C));
	return true;
}

static bool startup_add(struct fx *f)
{
	struct wintrack_geom g = {5, 5, 10, 10, 0};
	REQUIRE(wintrack_add(f->wt, A, XCB_NONE, &g, true, false));
	REQUIRE(wintrack_add(f->wt, B, A, &g, false, false));
	REQUIRE(wintrack_add(f->wt, C, B, &g, true, true));
	REQUIRE(wintrack_add(f->wt, D, GHOST, &g, false, false)); /* previous one vanished */
	REQUIRE(ORDER(f->wt, A, B, C, D) && wintrack_mapped_count(f->wt) == 2);
	REQUIRE(wintrack_add(f->wt, E, XCB_NONE, &g, false, false));
	REQUIRE(wintrack_add(f->wt, C, XCB_NONE, &g, false, false) == wintrack_find(f->wt, C));
	REQUIRE(ORDER(f->wt, C, E, A, B, D) && wintrack_mapped_count(f->wt) == 1);
	REQUIRE(wintrack_add(f->wt, A, A, &g, true, false)); /* itself: top */
	REQUIRE(ORDER(f->wt, C, E, B, D, A) && wintrack_mapped_count(f->wt) == 1);
	REQUIRE(!wintrack_add(f->wt, ROOT, XCB_NONE, &g, false, false));
	REQUIRE(!wintrack_add(f->wt, XCB_NONE, XCB_NONE, &g, false, false));
	REQUIRE(!wintrack_add(f->wt, GHOST, XCB_NONE, NULL, false, false));
	REQUIRE(wintrack_remove(f->wt, E) && !wintrack_remove(f->wt, E));
	REQUIRE(f->released == 1 && ORDER(f->wt, C, B, D, A));
	return true;
}

static bool change_rects(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_geom g = {-10, 20, 100, 50, 3};
	struct wintrack_geom big = {0, 0, 65535, 65535, 65535};
	REQUIRE(apply(f, ev_create(&u, ROOT, A, &g, false), &c));
	REQUIRE(c.new_rect.x == -10 && c.new_rect.y == 20);
	REQUIRE(c.new_rect.width == 106 && c.new_rect.height == 56);
	REQUIRE(c.old_rect.width == 0 && !c.old_mapped && !c.new_mapped);
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c));
	REQUIRE(configure(f, A, XCB_NONE, &big, &c));
	REQUIRE(c.flags == (WINTRACK_MOVED | WINTRACK_RESIZED));
	REQUIRE(c.old_rect.x == -10 && c.old_rect.width == 106 && c.old_mapped);
	REQUIRE(c.new_rect.width == 196605u && c.new_rect.height == 196605u && c.new_mapped);
	REQUIRE(apply(f, ev_gravity(&u, ROOT, A, 4, 5), &c) && c.flags == WINTRACK_MOVED);
	REQUIRE(c.new_rect.x == 4 && c.new_rect.y == 5 && c.new_rect.width == 196605u);
	return true;
}

static bool override_redirect_updates(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_map(&u, ROOT, A, true), &c));
	REQUIRE(c.flags == (WINTRACK_MAPPED | WINTRACK_OVERRIDE_REDIRECT));
	REQUIRE(wintrack_find(f->wt, A)->override_redirect);
	REQUIRE(apply(f, ev_configure(&u, ROOT, A, XCB_NONE, &G0, false), &c));
	REQUIRE(c.flags == WINTRACK_OVERRIDE_REDIRECT);
	REQUIRE(!wintrack_find(f->wt, A)->override_redirect);
	return true;
}

/* A live server never repeats these, but events replayed over the start-up snapshot can. */
static bool map_unmap_idempotent(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	REQUIRE(create_abc(f));
	REQUIRE(apply(f, ev_unmap(&u, ROOT, A), &c) && ignored(&c));
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c) && c.flags == WINTRACK_MAPPED);
	REQUIRE(!c.old_mapped && c.new_mapped && wt_rect_eq(c.old_rect, c.new_rect));
	REQUIRE(apply(f, ev_map(&u, ROOT, A, false), &c) && ignored(&c));
	REQUIRE(wintrack_mapped_count(f->wt) == 1);
	REQUIRE(apply(f, ev_unmap(&u, ROOT, A), &c) && c.flags == WINTRACK_UNMAPPED);
	REQUIRE(c.old_mapped && !c.new_mapped);
	REQUIRE(apply(f, ev_unmap(&u, ROOT, A), &c) && ignored(&c));
	REQUIRE(wintrack_mapped_count(f->wt) == 0);
	return true;
}

static bool iteration_and_release(struct fx *f)
{
	REQUIRE(!wintrack_bottom(f->wt) && !wintrack_top(f->wt));
	REQUIRE(create_abc(f));
	struct wintrack_entry *a = wintrack_bottom(f->wt), *c = wintrack_top(f->wt);
	REQUIRE(a->id == A && c->id == C);
	REQUIRE(!wintrack_below(f->wt, a) && !wintrack_above(f->wt, c));
	REQUIRE(wintrack_above(f->wt, a)->id == B && wintrack_below(f->wt, c)->id == B);
	wintrack_destroy(f->wt); /* releases all three, bottom first */
	REQUIRE(f->released == 3 && f->last_released == C);
	f->wt = wintrack_create(ROOT, NULL, NULL); /* no callback: must not crash */
	REQUIRE(f->wt && create(f, D, &G0));
	free(wintrack_find(f->wt, D)->user);
	wintrack_find(f->wt, D)->user = NULL;
	return true;
}

static bool null_safety(struct fx *f)
{
	union wt_event u;
	struct wintrack_change c;
	struct wintrack_stats s;
	wintrack_destroy(NULL);
	REQUIRE(wintrack_apply(NULL, ev_map(&u, ROOT, A, false), &c) && ignored(&c));
	REQUIRE(wintrack_apply(f->wt, NULL, &c) && ignored(&c));
	REQUIRE(wintrack_apply(f->wt, ev_map(&u, ROOT, A, false), NULL));
	REQUIRE(!wintrack_find(NULL, A) && !wintrack_find(f->wt, A) && !wintrack_find(f->wt, 0));
	REQUIRE(!wintrack_add(NULL, A, XCB_NONE, &G0, false, false));
	REQUIRE(!wintrack_remove(NULL, A) && !wintrack_remove(f->wt, A));
	REQUIRE(wintrack_count(NULL) == 0 && wintrack_mapped_count(NULL) == 0);
	REQUIRE(!wintrack_bottom(NULL) && !wintrack_top(NULL));
	REQUIRE(!wintrack_above(NULL, NULL) && !wintrack_below(f->wt, NULL));
	REQUIRE(wintrack_outer_rect(NULL).width == 0);
	wintrack_set_geometry(NULL, &G0, &c);
	REQUIRE(ignored(&c));
	wintrack_set_geometry(NULL, NULL, NULL);
	wintrack_get_stats(NULL, &s);
	REQUIRE(s.windows == 0 && s.capacity == 0);
	wintrack_get_stats(f->wt, NULL);
	return true;
}

/* ---- driver ---- */

struct wt_case {
	const char *name;
	bool (*fn)(struct fx *f);
};

static const struct wt_case cases[] = {
        {"configure-none-bottom", configure_none_is_bottom},
        {"unknown-window", unknown_window_ignored},
        {"not-root", not_root_ignored},
        {"duplicate-create", duplicate_create},
        {"destroy-then-events", destroy_then_events},
        {"reparent-away-back", reparent_away_and_back},
        {"circulate", circulate},
        {"unknown-sibling", unknown_sibling_keeps_position},
        {"startup-add", startup_add},
        {"change-rects", change_rects},
        {"override-redirect", override_redirect_updates},
        {"map-unmap-idempotent", map_unmap_idempotent},
        {"iteration-release", iteration_and_release},
        {"null-safety", null_safety},
};

TEST_P(wintrack_case, cases)
{
	const struct wt_case *c = tc->data;
	struct fx f;

	if (!fx_init(&f))
		return TEST_FAIL;
	bool ok = fx_finish(&f, c->fn(&f));
	printf("%s: %s\n", ok ? "PASS" : "FAIL", c->name);
	return ok ? TEST_PASS : TEST_FAIL;
}
