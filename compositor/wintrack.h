/* Window tracking: the children of the root window in stacking order, with their geometry and
 * map state, kept up to date by applying SubstructureNotify events in arrival order. A pure
 * state machine: it sends no X requests, it only reports what each event changed. */
#ifndef SHMCOMP_COMPOSITOR_WINTRACK_H
#define SHMCOMP_COMPOSITOR_WINTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "util/list.h"

/* Geometry as X reports it: (x, y) is the outer top-left corner relative to the root,
 * width and height exclude the border. */
struct wintrack_geom {
	int16_t x, y;
	uint16_t width, height, border_width;
};

/* Outer rectangle (border included), what a window covers on screen. 32-bit because
 * width + 2 * border_width can exceed 65535. */
struct wintrack_rect {
	int32_t x, y;
	uint32_t width, height;
};

/* One child of the root. wintrack owns it; the caller may write `user`, `depth`, `visual`
 * and `input_only` (no event carries them: fill them from GetWindowAttributes/GetGeometry)
 * and must treat every other field as read-only. */
struct wintrack_entry {
	xcb_window_t id;
	struct wintrack_geom geom;
	/* false after a ReparentNotify brought the window to the root: the event has no size,
	 * so width/height/border_width read 0 until wintrack_set_geometry() or the next
	 * ConfigureNotify. The caller should send GetGeometry when it sees WINTRACK_ADDED with
	 * this false. */
	bool geometry_known;
	bool mapped;
	bool override_redirect;
	bool input_only;
	uint8_t depth;
	xcb_visualid_t visual;
	struct list link; /* wintrack::stack, bottom first; private to wintrack */
	void *user;       /* the caller's per-window state */
};

/* What one call changed, as bits of wintrack_change::flags. */
enum wintrack_change_flag {
	WINTRACK_ADDED = 1u << 0,      /* CreateNotify, or ReparentNotify to the root */
	WINTRACK_REMOVED = 1u << 1,    /* DestroyNotify, or ReparentNotify away from the root */
	WINTRACK_REPARENTED = 1u << 2, /* with ADDED or REMOVED (or alone: root to root) */
	WINTRACK_MAPPED = 1u << 3,
	WINTRACK_UNMAPPED = 1u << 4,
	WINTRACK_MOVED = 1u << 5,             /* x or y changed */
	WINTRACK_RESIZED = 1u << 6,           /* width, height or border_width changed */
	WINTRACK_RESTACKED = 1u << 7,         /* position in the stack changed */
	WINTRACK_OVERRIDE_REDIRECT = 1u << 8, /* override_redirect changed */
	/* ConfigureNotify named an above_sibling that is not tracked (or is the window itself).
	 * Geometry was applied and the stacking position left as it was. With the start-up
	 * protocol below this cannot happen; if it does, the caller may log it and resync. */
	WINTRACK_UNKNOWN_SIBLING = 1u << 9,
};

/* Filled by every wintrack_apply()/wintrack_set_geometry(). To repaint: damage old_rect if
 * old_mapped, new_rect if new_mapped; a restack only changes what is visible inside the
 * window's own rectangle, so the same rule covers it. When nothing changed (flags == 0) the
 * whole struct is zero: id == XCB_NONE, win == NULL. */
struct wintrack_change {
	uint32_t flags;  /* enum wintrack_change_flag bits; 0 = nothing tracked changed */
	xcb_window_t id; /* the tracked window concerned */
	struct wintrack_entry *win; /* that window; NULL when REMOVED (it is freed by then) */
	struct wintrack_rect old_rect, new_rect; /* outer rectangles; zero when absent */
	bool old_mapped, new_mapped;
};

/* Called once for each window wintrack frees (destroyed, reparented away, wintrack_remove(),
 * wintrack_destroy()), right before the free: `win` is valid, already unlinked from the
 * stack and the lookup table, so wintrack_find() no longer returns it. Free win->user here.
 * It must not call wintrack functions that modify `wt`. */
typedef void (*wintrack_release_fn)(struct wintrack_entry *win, void *data);

struct wintrack;

/* `root` is the window whose SubstructureNotify events will be applied. `release` may be
 * NULL. Returns NULL on allocation failure. */
struct wintrack *wintrack_create(xcb_window_t root, wintrack_release_fn release, void *data);
/* Releases every window (bottom to top) and frees `wt`. Accepts NULL. */
void wintrack_destroy(struct wintrack *wt);

/*
 * Start-up. Do, under xcb_grab_server: select SubstructureNotify on the root, QueryTree,
 * GetWindowAttributes + GetGeometry for each child, then ungrab. Add the children bottom to
 * top, each above the previous one added (XCB_NONE for the first); skip those whose replies
 * failed (destroyed meanwhile). Without the grab, events generated between SelectInput and
 * QueryTree reach the caller after the snapshot they are older than; wintrack then keeps
 * the snapshot's stacking where an event contradicts it (duplicate CreateNotify, unknown
 * above_sibling), and later events converge, but a glitch is possible.
 *
 * wintrack_add() places `id` directly above `above`: XCB_NONE = bottom; `above` untracked
 * or equal to `id` = top. If `id` is already tracked it is updated and moved, not duplicated.
 * Returns the window, or NULL on allocation failure or if id is XCB_NONE or the root.
 */
struct wintrack_entry *wintrack_add(struct wintrack *wt, xcb_window_t id, xcb_window_t above,
        const struct wintrack_geom *geom, bool mapped, bool override_redirect);

/* Forgets `id` (release callback included). Returns false if it was not tracked. */
bool wintrack_remove(struct wintrack *wt, xcb_window_t id);

/*
 * Applies one event. `change` may be NULL. Returns false only when memory ran out while
 * adding a window (the window is then not tracked; state is otherwise consistent).
 *
 * Handled, only when the event's `event` field (CreateNotify: `parent`) is the root and the
 * event was not sent by a client (send_event bit clear: anyone can SendEvent to the root):
 *  CreateNotify     add on top; already tracked → update geometry and override_redirect,
 *                   keep the stacking position (the QueryTree snapshot is newer)
 *  DestroyNotify    remove (mapped or not)
 *  MapNotify        mapped, override_redirect updated
 *  UnmapNotify      unmapped
 *  ConfigureNotify  geometry, override_redirect; restack directly above above_sibling,
 *                   XCB_NONE = bottom; untracked sibling → see WINTRACK_UNKNOWN_SIBLING
 *  ReparentNotify   parent == root: add on top at the event's x, y (geometry_known false);
 *                   if already tracked, move to top and set x, y. parent != root: the root
 *                   was the old parent → remove
 *  CirculateNotify  PlaceOnTop / PlaceOnBottom
 *  GravityNotify    x, y
 * Everything else, and any event about an untracked window, is ignored (flags == 0).
 */
bool wintrack_apply(
        struct wintrack *wt, const xcb_generic_event_t *ev, struct wintrack_change *change);

/* Applies a GetGeometry reply (x, y, width, height, border_width) to `win` and sets
 * geometry_known. The caller must apply it in protocol order relative to the events (a
 * ConfigureNotify with a higher sequence number than the reply's is newer). `change` may
 * be NULL. */
void wintrack_set_geometry(struct wintrack_entry *win, const struct wintrack_geom *geom,
        struct wintrack_change *change);

/* Average O(1): open-addressing hash table keyed by XID. NULL if untracked. */
struct wintrack_entry *wintrack_find(const struct wintrack *wt, xcb_window_t id);

size_t wintrack_count(const struct wintrack *wt);
size_t wintrack_mapped_count(const struct wintrack *wt);
struct wintrack_rect wintrack_outer_rect(const struct wintrack_entry *win);

/* Stack walking; NULL past either end. Do not add or remove windows while walking. */
struct wintrack_entry *wintrack_bottom(const struct wintrack *wt);
struct wintrack_entry *wintrack_top(const struct wintrack *wt);
struct wintrack_entry *wintrack_above(const struct wintrack *wt, const struct wintrack_entry *win);
struct wintrack_entry *wintrack_below(const struct wintrack *wt, const struct wintrack_entry *win);

#define wintrack_for_each_bottom_up(win, wt)                                                       \
	for ((win) = wintrack_bottom(wt); (win); (win) = wintrack_above((wt), (win)))
#define wintrack_for_each_top_down(win, wt)                                                        \
	for ((win) = wintrack_top(wt); (win); (win) = wintrack_below((wt), (win)))

/* Lookup-table health, for tests and debug logs. A lookup of a tracked window inspects
 * (its displacement + 1) slots; probes_total sums that over all tracked windows. */
struct wintrack_stats {
	size_t windows, mapped;
	size_t capacity;
	size_t probes_total, probes_max;
};
void wintrack_get_stats(const struct wintrack *wt, struct wintrack_stats *stats);

#endif
