/* Window tracking: an intrusive list holds the root's children bottom to top, an
 * open-addressing table (linear probing, backward-shift deletion) finds them by XID.
 * Events only ever move list links and table slots; no X requests here. */
#include "compositor/wintrack.h"

#include <stdlib.h>
#include <string.h>

#define SEND_EVENT_BIT 0x80
#define TABLE_MIN 16

struct wintrack {
	xcb_window_t root;
	struct list stack;             /* wintrack_entry::link, bottom first */
	struct wintrack_entry **slots; /* NULL = empty; capacity is a power of two (or 0) */
	size_t capacity;
	size_t count;
	size_t mapped;
	wintrack_release_fn release;
	void *data;
};

/* ---- lookup table ---- */

/* XIDs are a client base ORed with a small counter: mix all bits into the low ones. */
static size_t hash_xid(xcb_window_t id)
{
	uint32_t h = id;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static size_t home_slot(const struct wintrack *wt, xcb_window_t id)
{
	return hash_xid(id) & (wt->capacity - 1);
}

/* Slot of `id`, or of the empty slot where the probe for it stopped. */
static size_t probe(const struct wintrack *wt, xcb_window_t id)
{
	size_t mask = wt->capacity - 1;
	size_t i = home_slot(wt, id);
	while (wt->slots[i] && wt->slots[i]->id != id)
		i = (i + 1) & mask;
	return i;
}

/* Rebuilds the table from the stack, which holds every tracked window. */
static bool table_resize(struct wintrack *wt, size_t capacity)
{
	struct wintrack_entry **slots = calloc(capacity, sizeof(*slots));
	if (!slots)
		return false;
	free(wt->slots);
	wt->slots = slots;
	wt->capacity = capacity;
	struct list *pos, *tmp;
	list_for_each_safe(pos, tmp, &wt->stack)
	{
		struct wintrack_entry *win = list_entry(pos, struct wintrack_entry, link);
		wt->slots[probe(wt, win->id)] = win;
	}
	return true;
}

/* Keeps the load factor at most 1/2. Call before linking the new window into the stack. */
static bool table_insert(struct wintrack *wt, struct wintrack_entry *win)
{
	if ((wt->count + 1) * 2 > wt->capacity) {
		size_t capacity = wt->capacity ? wt->capacity * 2 : TABLE_MIN;
		if (capacity < wt->capacity || !table_resize(wt, capacity))
			return false;
	}
	wt->slots[probe(wt, win->id)] = win;
	return true;
}

/* Fills the hole at `hole` with later entries of its probe run so no lookup stops early. */
static void table_close_hole(struct wintrack *wt, size_t hole)
{
	size_t mask = wt->capacity - 1;
	for (size_t j = (hole + 1) & mask; wt->slots[j]; j = (j + 1) & mask) {
		size_t home = home_slot(wt, wt->slots[j]->id);
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			wt->slots[hole] = wt->slots[j];
			wt->slots[j] = NULL;
			hole = j;
		}
	}
}

/* Call after unlinking `win` from the stack and decrementing count. */
static void table_delete(struct wintrack *wt, const struct wintrack_entry *win)
{
	size_t i = probe(wt, win->id);
	if (wt->slots[i] != win)
		return;
	wt->slots[i] = NULL;
	table_close_hole(wt, i);
	if (wt->capacity > TABLE_MIN && wt->count * 8 < wt->capacity)
		table_resize(wt, wt->capacity / 2); /* failure only costs memory */
}

struct wintrack_entry *wintrack_find(const struct wintrack *wt, xcb_window_t id)
{
	if (!wt || !wt->capacity || id == XCB_NONE)
		return NULL;
	return wt->slots[probe(wt, id)];
}

/* ---- stack ---- */

static bool move_above(struct wintrack_entry *win, struct list *below)
{
	if (below == &win->link || win->link.prev == below)
		return false;
	list_remove(&win->link);
	list_insert(below, &win->link);
	return true;
}

static bool move_to_top(struct wintrack *wt, struct wintrack_entry *win)
{
	if (wt->stack.prev == &win->link)
		return false;
	list_remove(&win->link);
	list_insert(wt->stack.prev, &win->link);
	return true;
}

/* The link `win` goes right after when it sits directly above `above` (XCB_NONE = bottom),
 * or NULL when `above` is untracked or `win` itself. */
static struct list *link_below(
        struct wintrack *wt, const struct wintrack_entry *win, xcb_window_t above)
{
	if (above == XCB_NONE)
		return &wt->stack;
	struct wintrack_entry *sibling = wintrack_find(wt, above);
	if (!sibling || sibling == win)
		return NULL;
	return &sibling->link;
}

/* ---- windows ---- */

static void set_mapped(struct wintrack *wt, struct wintrack_entry *win, bool mapped)
{
	if (win->mapped == mapped)
		return;
	win->mapped = mapped;
	if (mapped)
		wt->mapped++;
	else
		wt->mapped--;
}

/* A new window, on top of the stack, unmapped. */
static struct wintrack_entry *win_new(struct wintrack *wt, xcb_window_t id,
        const struct wintrack_geom *geom, bool override_redirect)
{
	struct wintrack_entry *win = calloc(1, sizeof(*win));
	if (!win)
		return NULL;
	win->id = id;
	win->geom = *geom;
	win->geometry_known = true;
	win->override_redirect = override_redirect;
	win->visual = XCB_NONE;
	if (!table_insert(wt, win)) {
		free(win);
		return NULL;
	}
	list_insert(wt->stack.prev, &win->link);
	wt->count++;
	return win;
}

static void win_free(struct wintrack *wt, struct wintrack_entry *win)
{
	list_remove(&win->link);
	set_mapped(wt, win, false);
	wt->count--;
	table_delete(wt, win);
	if (wt->release)
		wt->release(win, wt->data);
	free(win);
}

struct wintrack *wintrack_create(xcb_window_t root, wintrack_release_fn release, void *data)
{
	struct wintrack *wt = calloc(1, sizeof(*wt));
	if (!wt)
		return NULL;
	wt->root = root;
	list_init(&wt->stack);
	wt->release = release;
	wt->data = data;
	return wt;
}

void wintrack_destroy(struct wintrack *wt)
{
	if (!wt)
		return;
	while (!list_empty(&wt->stack))
		win_free(wt, list_entry(wt->stack.next, struct wintrack_entry, link));
	free(wt->slots);
	free(wt);
}

struct wintrack_entry *wintrack_add(struct wintrack *wt, xcb_window_t id, xcb_window_t above,
        const struct wintrack_geom *geom, bool mapped, bool override_redirect)
{
	if (!wt || !geom || id == XCB_NONE || id == wt->root)
		return NULL;
	struct wintrack_entry *win = wintrack_find(wt, id);
	if (!win)
		win = win_new(wt, id, geom, override_redirect);
	if (!win)
		return NULL;
	win->geom = *geom;
	win->geometry_known = true;
	win->override_redirect = override_redirect;
	set_mapped(wt, win, mapped);
	struct list *below = link_below(wt, win, above);
	if (below)
		move_above(win, below);
	else
		move_to_top(wt, win);
	return win;
}

bool wintrack_remove(struct wintrack *wt, xcb_window_t id)
{
	struct wintrack_entry *win = wintrack_find(wt, id);
	if (!win)
		return false;
	win_free(wt, win);
	return true;
}

/* ---- change reports ---- */

struct wintrack_rect wintrack_outer_rect(const struct wintrack_entry *win)
{
	struct wintrack_rect r = {0};
	if (!win)
		return r;
	r.x = win->geom.x;
	r.y = win->geom.y;
	r.width = (uint32_t)win->geom.width + 2u * win->geom.border_width;
	r.height = (uint32_t)win->geom.height + 2u * win->geom.border_width;
	return r;
}

static void change_begin(struct wintrack_change *c, const struct wintrack_entry *win)
{
	c->id = win->id;
	c->old_rect = wintrack_outer_rect(win);
	c->old_mapped = win->mapped;
}

static void change_end(struct wintrack_change *c, struct wintrack_entry *win)
{
	c->win = win;
	c->new_rect = wintrack_outer_rect(win);
	c->new_mapped = win->mapped;
}

static void set_geom(
        struct wintrack_entry *win, const struct wintrack_geom *g, struct wintrack_change *c)
{
	const struct wintrack_geom *o = &win->geom;
	if (o->x != g->x || o->y != g->y)
		c->flags |= WINTRACK_MOVED;
	if (o->width != g->width || o->height != g->height || o->border_width != g->border_width)
		c->flags |= WINTRACK_RESIZED;
	win->geom = *g;
	win->geometry_known = true;
}

static void set_position(
        struct wintrack_entry *win, int16_t x, int16_t y, struct wintrack_change *c)
{
	if (win->geom.x != x || win->geom.y != y)
		c->flags |= WINTRACK_MOVED;
	win->geom.x = x;
	win->geom.y = y;
}

static void set_override_redirect(
        struct wintrack_entry *win, uint8_t value, struct wintrack_change *c)
{
	bool v = value != 0;
	if (win->override_redirect != v)
		c->flags |= WINTRACK_OVERRIDE_REDIRECT;
	win->override_redirect = v;
}

void wintrack_set_geometry(struct wintrack_entry *win, const struct wintrack_geom *geom,
        struct wintrack_change *change)
{
	struct wintrack_change dummy;
	if (!change)
		change = &dummy;
	memset(change, 0, sizeof(*change));
	if (!win || !geom)
		return;
	change_begin(change, win);
	set_geom(win, geom, change);
	change_end(change, win);
	if (!change->flags)
		memset(change, 0, sizeof(*change));
}

/* ---- events ---- */

/* The tracked window a SubstructureNotify event on the root is about, or NULL. */
static struct wintrack_entry *subject(
        const struct wintrack *wt, xcb_window_t event, xcb_window_t window)
{
	return event == wt->root ? wintrack_find(wt, window) : NULL;
}

static bool on_create(
        struct wintrack *wt, const xcb_create_notify_event_t *e, struct wintrack_change *c)
{
	if (e->parent != wt->root || e->window == XCB_NONE || e->window == wt->root)
		return true;
	struct wintrack_geom g = {e->x, e->y, e->width, e->height, e->border_width};
	struct wintrack_entry *win = wintrack_find(wt, e->window);
	if (win) {
		change_begin(c, win);
		set_geom(win, &g, c);
		set_override_redirect(win, e->override_redirect, c);
		change_end(c, win);
		return true;
	}
	win = win_new(wt, e->window, &g, e->override_redirect);
	if (!win)
		return false;
	c->id = win->id;
	c->flags = WINTRACK_ADDED;
	change_end(c, win);
	return true;
}

static void remove_reported(
        struct wintrack *wt, struct wintrack_entry *win, uint32_t flags, struct wintrack_change *c)
{
	change_begin(c, win);
	c->flags = flags;
	win_free(wt, win);
}

static void on_destroy(
        struct wintrack *wt, const xcb_destroy_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (win)
		remove_reported(wt, win, WINTRACK_REMOVED, c);
}

static void on_map(struct wintrack *wt, const xcb_map_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (!win)
		return;
	change_begin(c, win);
	if (!win->mapped)
		c->flags |= WINTRACK_MAPPED;
	set_mapped(wt, win, true);
	set_override_redirect(win, e->override_redirect, c);
	change_end(c, win);
}

static void on_unmap(
        struct wintrack *wt, const xcb_unmap_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (!win)
		return;
	change_begin(c, win);
	if (win->mapped)
		c->flags |= WINTRACK_UNMAPPED;
	set_mapped(wt, win, false);
	change_end(c, win);
}

static void restack_above(struct wintrack *wt, struct wintrack_entry *win, xcb_window_t above,
        struct wintrack_change *c)
{
	struct list *below = link_below(wt, win, above);
	if (!below)
		c->flags |= WINTRACK_UNKNOWN_SIBLING;
	else if (move_above(win, below))
		c->flags |= WINTRACK_RESTACKED;
}

static void on_configure(
        struct wintrack *wt, const xcb_configure_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (!win)
		return;
	struct wintrack_geom g = {e->x, e->y, e->width, e->height, e->border_width};
	change_begin(c, win);
	set_geom(win, &g, c);
	set_override_redirect(win, e->override_redirect, c);
	restack_above(wt, win, e->above_sibling, c);
	change_end(c, win);
}

/* Reparented to the root (from elsewhere, or root to root): the server puts it on top. */
static bool reparent_in(
        struct wintrack *wt, const xcb_reparent_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = wintrack_find(wt, e->window);
	if (win) {
		change_begin(c, win);
		c->flags |= WINTRACK_REPARENTED;
		set_position(win, e->x, e->y, c);
		set_override_redirect(win, e->override_redirect, c);
		if (move_to_top(wt, win))
			c->flags |= WINTRACK_RESTACKED;
		change_end(c, win);
		return true;
	}
	struct wintrack_geom g = {.x = e->x, .y = e->y};
	win = win_new(wt, e->window, &g, e->override_redirect);
	if (!win)
		return false;
	win->geometry_known = false;
	c->id = win->id;
	c->flags = WINTRACK_ADDED | WINTRACK_REPARENTED;
	change_end(c, win);
	return true;
}

static bool on_reparent(
        struct wintrack *wt, const xcb_reparent_notify_event_t *e, struct wintrack_change *c)
{
	if (e->event != wt->root || e->window == XCB_NONE || e->window == wt->root)
		return true;
	if (e->parent == wt->root)
		return reparent_in(wt, e, c);
	struct wintrack_entry *win = wintrack_find(wt, e->window);
	if (win)
		remove_reported(wt, win, WINTRACK_REMOVED | WINTRACK_REPARENTED, c);
	return true;
}

static void on_circulate(
        struct wintrack *wt, const xcb_circulate_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (!win || (e->place != XCB_PLACE_ON_TOP && e->place != XCB_PLACE_ON_BOTTOM))
		return;
	change_begin(c, win);
	bool moved =
	        e->place == XCB_PLACE_ON_TOP ? move_to_top(wt, win) : move_above(win, &wt->stack);
	if (moved)
		c->flags |= WINTRACK_RESTACKED;
	change_end(c, win);
}

static void on_gravity(
        struct wintrack *wt, const xcb_gravity_notify_event_t *e, struct wintrack_change *c)
{
	struct wintrack_entry *win = subject(wt, e->event, e->window);
	if (!win)
		return;
	change_begin(c, win);
	set_position(win, e->x, e->y, c);
	change_end(c, win);
}

/* Events whose type can allocate return a status; the others cannot fail. */
static bool dispatch(struct wintrack *wt, const xcb_generic_event_t *ev, struct wintrack_change *c)
{
	const void *e = ev;
	switch (ev->response_type) {
	case XCB_CREATE_NOTIFY:
		return on_create(wt, e, c);
	case XCB_REPARENT_NOTIFY:
		return on_reparent(wt, e, c);
	case XCB_DESTROY_NOTIFY:
		on_destroy(wt, e, c);
		break;
	case XCB_MAP_NOTIFY:
		on_map(wt, e, c);
		break;
	case XCB_UNMAP_NOTIFY:
		on_unmap(wt, e, c);
		break;
	case XCB_CONFIGURE_NOTIFY:
		on_configure(wt, e, c);
		break;
	case XCB_CIRCULATE_NOTIFY:
		on_circulate(wt, e, c);
		break;
	case XCB_GRAVITY_NOTIFY:
		on_gravity(wt, e, c);
		break;
	default:
		break;
	}
	return true;
}

bool wintrack_apply(
        struct wintrack *wt, const xcb_generic_event_t *ev, struct wintrack_change *change)
{
	struct wintrack_change dummy;
	if (!change)
		change = &dummy;
	memset(change, 0, sizeof(*change));
	/* A SendEvent copy says nothing about the server's state (ICCCM even asks clients to
	 * send synthetic UnmapNotify to the root), so only the server's own events count. */
	if (!wt || !ev || (ev->response_type & SEND_EVENT_BIT))
		return true;
	bool ok = dispatch(wt, ev, change);
	if (!change->flags)
		memset(change, 0, sizeof(*change));
	return ok;
}

/* ---- queries ---- */

size_t wintrack_count(const struct wintrack *wt)
{
	return wt ? wt->count : 0;
}

size_t wintrack_mapped_count(const struct wintrack *wt)
{
	return wt ? wt->mapped : 0;
}

static struct wintrack_entry *win_at(const struct wintrack *wt, const struct list *link)
{
	if (link == &wt->stack)
		return NULL;
	return list_entry(link, struct wintrack_entry, link);
}

struct wintrack_entry *wintrack_bottom(const struct wintrack *wt)
{
	return wt ? win_at(wt, wt->stack.next) : NULL;
}

struct wintrack_entry *wintrack_top(const struct wintrack *wt)
{
	return wt ? win_at(wt, wt->stack.prev) : NULL;
}

struct wintrack_entry *wintrack_above(const struct wintrack *wt, const struct wintrack_entry *win)
{
	return wt && win ? win_at(wt, win->link.next) : NULL;
}

struct wintrack_entry *wintrack_below(const struct wintrack *wt, const struct wintrack_entry *win)
{
	return wt && win ? win_at(wt, win->link.prev) : NULL;
}

void wintrack_get_stats(const struct wintrack *wt, struct wintrack_stats *stats)
{
	if (!stats)
		return;
	memset(stats, 0, sizeof(*stats));
	if (!wt)
		return;
	stats->windows = wt->count;
	stats->mapped = wt->mapped;
	stats->capacity = wt->capacity;
	for (size_t i = 0; i < wt->capacity; i++) {
		if (!wt->slots[i])
			continue;
		size_t probes = ((i - home_slot(wt, wt->slots[i]->id)) & (wt->capacity - 1)) + 1;
		stats->probes_total += probes;
		if (probes > stats->probes_max)
			stats->probes_max = probes;
	}
}
