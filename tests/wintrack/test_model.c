/* Reference-model test: a seeded random workload runs on a plain array model of the root's
 * children and emits the events an X server would send to a SubstructureNotify client on the
 * root, plus noise it must ignore. After every step wintrack must equal the model (order,
 * geometry, map state) and must have reported exactly the change the model expects.
 * Usage: test-wintrack-model model SEED OPS TARGET_WINDOWS */
#include "tests/wintrack/wt_test.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define ROOT 0x000003b1u
#define FRAME 0x7e000001u /* a parent that is not the root, never tracked */
#define DEAD_RING 16

struct mwin {
	xcb_window_t id;
	struct wintrack_geom g; /* the server's truth */
	bool mapped, override_redirect;
	bool geom_known; /* what wintrack can know: false after reparent to root */
};

struct warr {
	struct mwin *v;
	size_t n, cap;
};

struct user {
	xcb_window_t id;
};

struct model {
	struct wt_rng rng;
	size_t target;
	struct warr stack; /* children of the root, bottom first */
	struct warr away;  /* reparented into FRAME */
	xcb_window_t *free_ids;
	size_t n_free, cap_free;
	uint32_t next_serial;
	xcb_window_t dead[DEAD_RING];
	size_t dead_pos;
	struct wintrack *wt;
	size_t released, users_live;
	xcb_window_t last_released;
	bool release_error;
};

/* ---- model arrays ---- */

static bool warr_insert(struct warr *a, size_t at, const struct mwin *w)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		struct mwin *v = realloc(a->v, cap * sizeof(*v));
		if (!v)
			return false;
		a->v = v;
		a->cap = cap;
	}
	memmove(&a->v[at + 1], &a->v[at], (a->n - at) * sizeof(*a->v));
	a->v[at] = *w;
	a->n++;
	return true;
}

static struct mwin warr_take(struct warr *a, size_t at)
{
	struct mwin w = a->v[at];
	memmove(&a->v[at], &a->v[at + 1], (a->n - at - 1) * sizeof(*a->v));
	a->n--;
	return w;
}

/* Moves stack[from] so that it ends at index `to`; returns `to`. */
static size_t stack_move(struct model *m, size_t from, size_t to)
{
	struct mwin w = warr_take(&m->stack, from);
	warr_insert(&m->stack, to, &w); /* cannot fail: capacity is there */
	return to;
}

static bool stack_index(const struct model *m, xcb_window_t id, size_t *out)
{
	for (size_t i = 0; i < m->stack.n; i++) {
		if (m->stack.v[i].id == id) {
			*out = i;
			return true;
		}
	}
	return false;
}

static xcb_window_t below_id(const struct model *m, size_t i)
{
	return i ? m->stack.v[i - 1].id : XCB_NONE;
}

/* ---- ids ---- */

static bool free_id(struct model *m, xcb_window_t id)
{
	m->dead[m->dead_pos++ % DEAD_RING] = id;
	if (m->n_free == m->cap_free) {
		size_t cap = m->cap_free ? m->cap_free * 2 : 64;
		xcb_window_t *v = realloc(m->free_ids, cap * sizeof(*v));
		if (!v)
			return false;
		m->free_ids = v;
		m->cap_free = cap;
	}
	m->free_ids[m->n_free++] = id;
	return true;
}

/* Fresh ids come from a few client bases, like real XIDs; freed ones are reused at times
 * (the server recycles XIDs). */
static xcb_window_t new_id(struct model *m)
{
	static const uint32_t bases[] = {0x00200000u, 0x00400000u, 0x01e00000u, 0x03a00000u};
	if (m->n_free && wt_rng_below(&m->rng, 4) == 0) {
		size_t i = wt_rng_below(&m->rng, m->n_free);
		xcb_window_t id = m->free_ids[i];
		m->free_ids[i] = m->free_ids[--m->n_free];
		return id;
	}
	uint32_t serial = ++m->next_serial;
	return bases[serial % 4] | ((serial / 4 + 1) & 0x1fffffu);
}

static struct wintrack_geom random_geom(struct model *m)
{
	struct wintrack_geom g;
	g.x = (int16_t)((int)wt_rng_below(&m->rng, 2200) - 200);
	g.y = (int16_t)((int)wt_rng_below(&m->rng, 1400) - 200);
	g.width = (uint16_t)(1 + wt_rng_below(&m->rng, 1999));
	g.height = (uint16_t)(1 + wt_rng_below(&m->rng, 1199));
	g.border_width = wt_rng_below(&m->rng, 4) ? 0 : (uint16_t)wt_rng_below(&m->rng, 6);
	return g;
}

/* ---- what wintrack should see ---- */

static struct wintrack_geom visible_geom(const struct mwin *w)
{
	struct wintrack_geom g = w->g;
	if (!w->geom_known) {
		g.width = 0;
		g.height = 0;
		g.border_width = 0;
	}
	return g;
}

static struct wintrack_rect model_rect(const struct mwin *w)
{
	struct wintrack_geom g = visible_geom(w);
	struct wintrack_rect r = {g.x, g.y, (uint32_t)g.width + 2u * g.border_width,
	        (uint32_t)g.height + 2u * g.border_width};
	return r;
}

static uint32_t diff_flags(const struct mwin *a, const struct mwin *b)
{
	struct wintrack_geom ga = visible_geom(a), gb = visible_geom(b);
	uint32_t f = 0;
	if (ga.x != gb.x || ga.y != gb.y)
		f |= WINTRACK_MOVED;
	if (ga.width != gb.width || ga.height != gb.height || ga.border_width != gb.border_width)
		f |= WINTRACK_RESIZED;
	if (!a->mapped && b->mapped)
		f |= WINTRACK_MAPPED;
	if (a->mapped && !b->mapped)
		f |= WINTRACK_UNMAPPED;
	if (a->override_redirect != b->override_redirect)
		f |= WINTRACK_OVERRIDE_REDIRECT;
	return f;
}

static bool check_ignored(const struct wintrack_change *c)
{
	REQUIRE(c->flags == 0);
	REQUIRE(c->id == XCB_NONE);
	REQUIRE(c->win == NULL);
	REQUIRE(!c->old_mapped && !c->new_mapped);
	return true;
}

/* `before` NULL for an added window, `after` NULL for a removed one. */
static bool check_change(const struct model *m, const struct wintrack_change *c, uint32_t flags,
        const struct mwin *before, const struct mwin *after)
{
	if (!flags)
		return check_ignored(c);
	struct wintrack_rect zero = {0};
	xcb_window_t id = before ? before->id : after->id;
	REQUIRE(c->flags == flags);
	REQUIRE(c->id == id);
	REQUIRE(c->win == (after ? wintrack_find(m->wt, id) : NULL));
	REQUIRE(!after || c->win);
	REQUIRE(wt_rect_eq(c->old_rect, before ? model_rect(before) : zero));
	REQUIRE(wt_rect_eq(c->new_rect, after ? model_rect(after) : zero));
	REQUIRE(c->old_mapped == (before && before->mapped));
	REQUIRE(c->new_mapped == (after && after->mapped));
	return true;
}

static void on_release(struct wintrack_entry *win, void *data)
{
	struct model *m = data;
	struct user *u = win->user;
	if (!u || u->id != win->id || wintrack_find(m->wt, win->id))
		m->release_error = true;
	m->released++;
	m->last_released = win->id;
	m->users_live--;
	free(u);
}

/* Applies `ev`, hands a user struct to an added window, checks the release callback ran
 * exactly for a removed one, and checks the reported change. */
static bool apply(struct model *m, const xcb_generic_event_t *ev, uint32_t flags,
        const struct mwin *before, const struct mwin *after)
{
	struct wintrack_change c;
	size_t released = m->released;
	REQUIRE(wintrack_apply(m->wt, ev, &c));
	if (c.flags & WINTRACK_ADDED) {
		struct user *u = malloc(sizeof(*u));
		REQUIRE(u && c.win && !c.win->user);
		u->id = c.win->id;
		c.win->user = u;
		m->users_live++;
	}
	if (c.flags & WINTRACK_REMOVED)
		REQUIRE(m->released == released + 1 && m->last_released == c.id);
	else
		REQUIRE(m->released == released);
	return check_change(m, &c, flags, before, after);
}

/* ---- operations: each mutates the model and emits what the server would ---- */

typedef bool (*op_fn)(struct model *m);

static size_t pick(struct model *m)
{
	return wt_rng_below(&m->rng, m->stack.n);
}

static bool op_create(struct model *m)
{
	union wt_event u;
	struct mwin w = {.id = new_id(m), .g = random_geom(m), .geom_known = true};
	w.override_redirect = wt_rng_below(&m->rng, 8) == 0;
	REQUIRE(warr_insert(&m->stack, m->stack.n, &w));
	ev_create(&u, ROOT, w.id, &w.g, w.override_redirect);
	return apply(m, &u.generic, WINTRACK_ADDED, NULL, &w);
}

static bool emit_unmap(struct model *m, size_t i)
{
	union wt_event u;
	struct mwin before = m->stack.v[i];
	m->stack.v[i].mapped = false;
	ev_unmap(&u, ROOT, before.id);
	return apply(m, &u.generic, WINTRACK_UNMAPPED, &before, &m->stack.v[i]);
}

static bool emit_map(struct model *m, size_t i)
{
	union wt_event u;
	struct mwin before = m->stack.v[i];
	m->stack.v[i].mapped = true;
	ev_map(&u, ROOT, before.id, before.override_redirect);
	return apply(m, &u.generic, WINTRACK_MAPPED, &before, &m->stack.v[i]);
}

/* DestroyWindow unmaps a mapped window first (UnmapNotify), then DestroyNotify. */
static bool op_destroy(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	if (m->stack.v[i].mapped && !emit_unmap(m, i))
		return false;
	struct mwin w = warr_take(&m->stack, i);
	REQUIRE(free_id(m, w.id));
	ev_destroy(&u, ROOT, w.id);
	return apply(m, &u.generic, WINTRACK_REMOVED, &w, NULL);
}

static bool op_map(struct model *m)
{
	size_t i = pick(m);
	return m->stack.v[i].mapped ? emit_unmap(m, i) : emit_map(m, i);
}

/* Emits the ConfigureNotify for stack[to] after the model moved it from `from` and maybe
 * changed its geometry: above_sibling is whatever now sits directly below it. */
static bool emit_configure(struct model *m, const struct mwin *before, size_t from, size_t to)
{
	union wt_event u;
	struct mwin *w = &m->stack.v[to];
	w->geom_known = true;
	uint32_t flags = diff_flags(before, w) | (from != to ? WINTRACK_RESTACKED : 0);
	ev_configure(&u, ROOT, w->id, below_id(m, to), &w->g, w->override_redirect);
	return apply(m, &u.generic, flags, before, w);
}

/* ConfigureWindow with stack_mode Above/Below, with or without a sibling. */
static size_t restack_target(struct model *m, size_t i)
{
	size_t n = m->stack.n, s = pick(m);
	switch (wt_rng_below(&m->rng, 4)) {
	case 0: /* Above, no sibling: raise */
		return n - 1;
	case 1: /* Below, no sibling: lower */
		return 0;
	case 2: /* Above sibling s */
		if (s == i)
			return i;
		return s > i ? s : s + 1;
	default: /* Below sibling s */
		if (s == i)
			return i;
		return s > i ? s - 1 : s;
	}
}

static bool op_restack(struct model *m)
{
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	size_t to = stack_move(m, i, restack_target(m, i));
	return emit_configure(m, &before, i, to);
}

static bool op_move_resize(struct model *m)
{
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	struct wintrack_geom g = random_geom(m);
	struct wintrack_geom *t = &m->stack.v[i].g;
	switch (wt_rng_below(&m->rng, 4)) {
	case 0: /* move only */
		t->x = g.x;
		t->y = g.y;
		break;
	case 1: /* resize only */
		t->width = g.width;
		t->height = g.height;
		break;
	case 2: /* border only */
		t->border_width = g.border_width;
		break;
	default:
		*t = g;
		break;
	}
	size_t to = i;
	if (wt_rng_below(&m->rng, 3) == 0)
		to = stack_move(m, i, restack_target(m, i));
	return emit_configure(m, &before, i, to);
}

/* A ConfigureWindow that changes nothing still gets its ConfigureNotify. */
static bool op_noop_configure(struct model *m)
{
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	return emit_configure(m, &before, i, i);
}

/* ChangeWindowAttributes(override_redirect) sends nothing; the next ConfigureNotify tells. */
static bool op_toggle_override(struct model *m)
{
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	m->stack.v[i].override_redirect = !before.override_redirect;
	return emit_configure(m, &before, i, i);
}

/* A window manager reparents into a frame: UnmapNotify (if mapped) and ReparentNotify reach
 * the root; the automatic re-map happens inside the frame, which the root does not hear. */
static bool op_reparent_away(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	bool was_mapped = m->stack.v[i].mapped;
	if (was_mapped && !emit_unmap(m, i))
		return false;
	struct mwin w = warr_take(&m->stack, i);
	int16_t x = (int16_t)wt_rng_below(&m->rng, 20), y = (int16_t)wt_rng_below(&m->rng, 40);
	ev_reparent(&u, ROOT, w.id, FRAME, x, y, w.override_redirect);
	if (!apply(m, &u.generic, WINTRACK_REMOVED | WINTRACK_REPARENTED, &w, NULL))
		return false;
	w.g.x = x;
	w.g.y = y;
	w.mapped = was_mapped;
	REQUIRE(warr_insert(&m->away, m->away.n, &w));
	return true;
}

/* Back to the root: unmapped inside the frame (not heard), ReparentNotify (on top, new x, y,
 * size unknown to wintrack), then MapNotify if it was mapped. */
static bool op_reparent_back(struct model *m)
{
	union wt_event u;
	struct mwin w = warr_take(&m->away, wt_rng_below(&m->rng, m->away.n));
	bool was_mapped = w.mapped;
	w.mapped = false;
	w.g.x = (int16_t)wt_rng_below(&m->rng, 1000);
	w.g.y = (int16_t)wt_rng_below(&m->rng, 700);
	w.geom_known = false;
	REQUIRE(warr_insert(&m->stack, m->stack.n, &w));
	ev_reparent(&u, ROOT, w.id, ROOT, w.g.x, w.g.y, w.override_redirect);
	uint32_t flags = WINTRACK_ADDED | WINTRACK_REPARENTED;
	if (!apply(m, &u.generic, flags, NULL, &w))
		return false;
	return !was_mapped || emit_map(m, m->stack.n - 1);
}

/* ReparentWindow(w, root) on a child of the root: unmap, move to top at x, y, map. */
static bool op_reparent_root_to_root(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	bool was_mapped = m->stack.v[i].mapped;
	if (was_mapped && !emit_unmap(m, i))
		return false;
	struct mwin before = m->stack.v[i];
	size_t to = stack_move(m, i, m->stack.n - 1);
	struct mwin *w = &m->stack.v[to];
	w->g.x = (int16_t)wt_rng_below(&m->rng, 1000);
	w->g.y = before.g.y;
	uint32_t flags = WINTRACK_REPARENTED | diff_flags(&before, w);
	flags |= to != i ? WINTRACK_RESTACKED : 0;
	ev_reparent(&u, ROOT, w->id, ROOT, w->g.x, w->g.y, w->override_redirect);
	if (!apply(m, &u.generic, flags, &before, w))
		return false;
	return !was_mapped || emit_map(m, to);
}

/* Geometry changes inside the frame: nothing reaches the root. */
static bool op_away_change(struct model *m)
{
	struct mwin *w = &m->away.v[wt_rng_below(&m->rng, m->away.n)];
	struct wintrack_geom g = random_geom(m);
	w->g.width = g.width;
	w->g.height = g.height;
	w->g.border_width = g.border_width;
	return true;
}

static bool op_away_destroy(struct model *m)
{
	struct mwin w = warr_take(&m->away, wt_rng_below(&m->rng, m->away.n));
	REQUIRE(free_id(m, w.id));
	return true;
}

/* The caller's GetGeometry reply for a window that came back by reparenting. */
static bool op_geometry_reply(struct model *m)
{
	size_t n = m->stack.n, start = pick(m);
	for (size_t k = 0; k < n; k++) {
		struct mwin *w = &m->stack.v[(start + k) % n];
		if (w->geom_known)
			continue;
		struct mwin before = *w;
		struct wintrack_change c;
		w->geom_known = true;
		wintrack_set_geometry(wintrack_find(m->wt, w->id), &w->g, &c);
		return check_change(m, &c, diff_flags(&before, w), &before, w);
	}
	return true;
}

static bool op_circulate(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	bool top = wt_rng_below(&m->rng, 2);
	struct mwin before = m->stack.v[i];
	size_t to = stack_move(m, i, top ? m->stack.n - 1 : 0);
	ev_circulate(&u, ROOT, before.id, top ? XCB_PLACE_ON_TOP : XCB_PLACE_ON_BOTTOM);
	return apply(m, &u.generic, to != i ? WINTRACK_RESTACKED : 0, &before, &m->stack.v[to]);
}

static bool op_gravity(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	struct wintrack_geom g = random_geom(m);
	struct mwin *w = &m->stack.v[i];
	w->g.x = g.x;
	if (wt_rng_below(&m->rng, 2))
		w->g.y = g.y;
	ev_gravity(&u, ROOT, w->id, w->g.x, w->g.y);
	return apply(m, &u.generic, diff_flags(&before, w), &before, w);
}

/* A CreateNotify that predates the start-up snapshot: geometry updated, order kept. */
static bool op_stale_create(struct model *m)
{
	union wt_event u;
	size_t i = pick(m);
	struct mwin before = m->stack.v[i];
	struct mwin *w = &m->stack.v[i];
	if (wt_rng_below(&m->rng, 2))
		w->g = random_geom(m);
	w->geom_known = true;
	ev_create(&u, ROOT, w->id, &w->g, w->override_redirect);
	return apply(m, &u.generic, diff_flags(&before, w), &before, w);
}

/* ---- noise: events wintrack must ignore ---- */

static bool is_live(const struct model *m, xcb_window_t id)
{
	size_t i;
	return stack_index(m, id, &i);
}

static xcb_window_t unknown_id(struct model *m)
{
	xcb_window_t id = m->dead[wt_rng_below(&m->rng, DEAD_RING)];
	if (id == XCB_NONE || is_live(m, id) || wt_rng_below(&m->rng, 2))
		id = 0x60000000u | (uint32_t)wt_rng_below(&m->rng, 0x1000000);
	return id;
}

static xcb_window_t any_tracked_or_none(struct model *m)
{
	return m->stack.n ? m->stack.v[pick(m)].id : XCB_NONE;
}

/* One event of a random type about `win` from `event`; create and reparent-to-root are
 * left out for unknown windows since they would legitimately add them. */
static const xcb_generic_event_t *noise_event(
        struct model *m, union wt_event *u, xcb_window_t event, xcb_window_t win, bool allow_add)
{
	struct wintrack_geom g = random_geom(m);
	switch (wt_rng_below(&m->rng, allow_add ? 9 : 7)) {
	case 0:
		return ev_destroy(u, event, win);
	case 1:
		return ev_map(u, event, win, true);
	case 2:
		return ev_unmap(u, event, win);
	case 3:
		return ev_configure(u, event, win, any_tracked_or_none(m), &g, true);
	case 4:
		return ev_circulate(u, event, win, (uint8_t)wt_rng_below(&m->rng, 2));
	case 5:
		return ev_gravity(u, event, win, g.x, g.y);
	case 6:
		return ev_reparent(u, event, win, FRAME, g.x, g.y, false);
	case 7:
		return ev_reparent(u, event, win, ROOT, g.x, g.y, false);
	default:
		return ev_create(u, event, win, &g, false);
	}
}

static bool op_noise(struct model *m)
{
	union wt_event u;
	const xcb_generic_event_t *ev;
	xcb_window_t tracked = any_tracked_or_none(m);
	size_t kind = wt_rng_below(&m->rng, 5);
	if (kind == 0 || tracked == XCB_NONE) {
		ev = noise_event(m, &u, ROOT, unknown_id(m), false);
	} else if (kind == 1) { /* StructureNotify copy, or a grandchild's event */
		ev = noise_event(m, &u, wt_rng_below(&m->rng, 2) ? tracked : FRAME, tracked, true);
	} else if (kind == 2) { /* a client's SendEvent to the root */
		noise_event(m, &u, ROOT, tracked, true);
		ev = ev_synthetic(&u);
	} else if (kind == 3) { /* the root's own StructureNotify */
		struct wintrack_geom g = random_geom(m);
		ev = ev_configure(&u, ROOT, ROOT, XCB_NONE, &g, false);
	} else { /* an event type wintrack does not handle */
		ev_destroy(&u, ROOT, tracked);
		u.generic.response_type =
		        (uint8_t)(wt_rng_below(&m->rng, 2) ? XCB_PROPERTY_NOTIFY : 0);
		ev = &u.generic;
	}
	return apply(m, ev, 0, NULL, NULL);
}

/* ---- the state comparison ---- */

static bool win_matches(const struct wintrack_entry *w, const struct mwin *e)
{
	struct wintrack_geom g = visible_geom(e);
	const struct user *u = w->user;
	REQUIRE(w->id == e->id);
	REQUIRE(w->geom.x == g.x && w->geom.y == g.y);
	REQUIRE(w->geom.width == g.width && w->geom.height == g.height);
	REQUIRE(w->geom.border_width == g.border_width);
	REQUIRE(w->geometry_known == e->geom_known);
	REQUIRE(w->mapped == e->mapped);
	REQUIRE(w->override_redirect == e->override_redirect);
	REQUIRE(u && u->id == w->id);
	return true;
}

static bool check_state(struct model *m)
{
	size_t n = m->stack.n, mapped = 0, i = 0;
	struct wintrack_entry *w;
	REQUIRE(!m->release_error);
	REQUIRE(wintrack_count(m->wt) == n);
	REQUIRE(m->users_live == n);
	wintrack_for_each_bottom_up(w, m->wt)
	{
		REQUIRE(i < n);
		REQUIRE(win_matches(w, &m->stack.v[i]));
		REQUIRE(wintrack_find(m->wt, w->id) == w);
		mapped += m->stack.v[i++].mapped;
	}
	REQUIRE(i == n);
	REQUIRE(wintrack_mapped_count(m->wt) == mapped);
	wintrack_for_each_top_down(w, m->wt)
	{
		REQUIRE(i > 0);
		REQUIRE(w->id == m->stack.v[--i].id);
	}
	REQUIRE(i == 0);
	for (size_t k = 0; k < m->away.n; k++)
		REQUIRE(!wintrack_find(m->wt, m->away.v[k].id));
	for (size_t k = 0; k < DEAD_RING; k++)
		REQUIRE(!wintrack_find(m->wt, m->dead[k]) || is_live(m, m->dead[k]));
	return true;
}

/* ---- driver ---- */

struct op {
	const char *name;
	op_fn fn;
	size_t weight;
};

/* Weights steer the population towards `target`; ops needing windows get 0 without them. */
static size_t fill_ops(const struct model *m, struct op *ops)
{
	size_t n = m->stack.n, a = m->away.n, k = 0;
	bool has = n > 0;
	ops[k++] = (struct op){"create", op_create, n < m->target ? 30 : 3};
	ops[k++] = (struct op){"destroy", op_destroy, !has ? 0 : n > m->target ? 30 : 3};
	ops[k++] = (struct op){"map/unmap", op_map, has ? 14 : 0};
	ops[k++] = (struct op){"restack", op_restack, has ? 14 : 0};
	ops[k++] = (struct op){"move/resize", op_move_resize, has ? 12 : 0};
	ops[k++] = (struct op){"noop-configure", op_noop_configure, has ? 2 : 0};
	ops[k++] = (struct op){"toggle-override", op_toggle_override, has ? 1 : 0};
	ops[k++] = (struct op){"reparent-away", op_reparent_away, has ? 3 : 0};
	ops[k++] = (struct op){"reparent-back", op_reparent_back, a ? 4 : 0};
	ops[k++] = (struct op){"reparent-root-root", op_reparent_root_to_root, has ? 1 : 0};
	ops[k++] = (struct op){"away-change", op_away_change, a ? 2 : 0};
	ops[k++] = (struct op){"away-destroy", op_away_destroy, a ? 1 : 0};
	ops[k++] = (struct op){"geometry-reply", op_geometry_reply, has ? 3 : 0};
	ops[k++] = (struct op){"circulate", op_circulate, has ? 4 : 0};
	ops[k++] = (struct op){"gravity", op_gravity, has ? 2 : 0};
	ops[k++] = (struct op){"stale-create", op_stale_create, has ? 1 : 0};
	ops[k++] = (struct op){"noise", op_noise, 8};
	return k;
}

static const struct op *choose_op(struct model *m, struct op *ops)
{
	size_t k = fill_ops(m, ops), total = 0;
	for (size_t i = 0; i < k; i++)
		total += ops[i].weight;
	size_t r = wt_rng_below(&m->rng, total);
	for (size_t i = 0; i < k; i++) {
		if (r < ops[i].weight)
			return &ops[i];
		r -= ops[i].weight;
	}
	return &ops[0];
}

#define MAX_OPS 32

static void print_summary(const struct model *m, uint64_t seed, unsigned long steps, size_t max_n,
        const size_t *counts)
{
	struct op ops[MAX_OPS];
	size_t k = fill_ops(m, ops);
	printf("seed=%" PRIu64 " steps=%lu max_windows=%zu final=%zu away=%zu\n", seed, steps,
	        max_n, m->stack.n, m->away.n);
	for (size_t i = 0; i < k; i++)
		printf("  %-20s %zu\n", ops[i].name, counts[i]);
}

static bool run(struct model *m, uint64_t seed, unsigned long steps)
{
	struct op ops[MAX_OPS];
	size_t max_n = 0, counts[MAX_OPS] = {0};
	for (unsigned long step = 0; step < steps; step++) {
		const struct op *op = choose_op(m, ops);
		counts[op - ops]++;
		if (!op->fn(m) || !check_state(m)) {
			fprintf(stderr, "FAIL seed=%" PRIu64 " step=%lu op=%s windows=%zu\n", seed,
			        step, op->name, m->stack.n);
			return false;
		}
		if (m->stack.n > max_n)
			max_n = m->stack.n;
	}
	print_summary(m, seed, steps, max_n, counts);
	return true;
}

/* Arguments: SEED OPS TARGET_WINDOWS. */
TEST(model)
{
	uint64_t seed = strtoull(test_arg(tc, 0, "SEED"), NULL, 0);
	unsigned long steps = strtoul(test_arg(tc, 1, "OPS"), NULL, 0);
	size_t target = strtoul(test_arg(tc, 2, "TARGET_WINDOWS"), NULL, 0);

	if (steps == 0 || target == 0) {
		fprintf(stderr, "model: OPS and TARGET_WINDOWS must be positive\n");
		return 2;
	}
	struct model m = {.rng = {seed}, .target = target};
	m.wt = wintrack_create(ROOT, on_release, &m);
	if (!m.wt)
		return TEST_FAIL;
	bool ok = run(&m, seed, steps);
	wintrack_destroy(m.wt);
	if (ok && (m.users_live != 0 || m.release_error)) {
		fprintf(stderr, "FAIL seed=%" PRIu64 ": destroy left %zu users\n", seed,
		        m.users_live);
		ok = false;
	}
	free(m.stack.v);
	free(m.away.v);
	free(m.free_ids);
	return ok ? TEST_PASS : TEST_FAIL;
}
