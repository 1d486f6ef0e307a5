/* Fuzz target for compositor/wintrack.c: any sequence of SubstructureNotify
 * events (in any order, about any window, sent or not, with any field values)
 * and of the start-up and query calls. The input is read as records of 12
 * bytes: an operation, a window and a sibling/parent (from a small set of
 * XIDs, the root and None included) and geometry bytes. After every record
 * the tracker must be consistent: the stack walked both ways, the lookup
 * table, the counts, the mapped count and the release callbacks agree, and
 * every reported change is coherent. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/wintrack.h"
#include "tests/fuzz/fuzz.h"
#include "tests/wintrack/wt_test.h"

#define ROOT 0x100u
#define NIDS 24

struct state {
	size_t created, released;
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static xcb_window_t id_of(uint8_t b)
{
	unsigned k = b % (NIDS + 2);

	if (k == NIDS)
		return ROOT;
	if (k == NIDS + 1)
		return XCB_NONE;
	/* two "clients", so that the hash table sees different bases */
	return (k % 2 ? 0x00400000u : 0x00a00000u) + 1 + k / 2;
}

static void on_release(struct wintrack_entry *win, void *data)
{
	struct state *s = data;

	check(win != NULL && win->id != XCB_NONE && win->id != ROOT);
	s->released++;
}

static void check_consistent(const struct wintrack *wt)
{
	size_t n = 0, mapped = 0;
	struct wintrack_entry *win, *prev = NULL;

	wintrack_for_each_bottom_up(win, wt)
	{
		check(wintrack_find(wt, win->id) == win);
		check(wintrack_below(wt, win) == prev);
		check(win->id != XCB_NONE && win->id != ROOT);
		n++;
		mapped += win->mapped;
		prev = win;
		check(n <= NIDS);
	}
	check(prev == wintrack_top(wt));
	check(n == wintrack_count(wt));
	check(mapped == wintrack_mapped_count(wt));
	for (unsigned b = 0; b < NIDS + 2; b++) {
		struct wintrack_entry *w = wintrack_find(wt, id_of((uint8_t)b));
		check(!w || w->id == id_of((uint8_t)b));
	}
	struct wintrack_stats st;
	wintrack_get_stats(wt, &st);
	check(st.windows == n && st.mapped == mapped && st.windows * 2 <= st.capacity + 1);
}

static void check_change(const struct wintrack *wt, const struct wintrack_change *c)
{
	if (c->flags == 0) {
		check(c->id == XCB_NONE && c->win == NULL);
		return;
	}
	check(c->id != XCB_NONE);
	if (c->flags & WINTRACK_REMOVED) {
		check(c->win == NULL && !wintrack_find(wt, c->id));
	} else {
		check(c->win && c->win->id == c->id && wintrack_find(wt, c->id) == c->win);
		check(c->new_mapped == c->win->mapped);
	}
	check(!(c->flags & WINTRACK_ADDED) || !c->old_mapped);
	check(!((c->flags & WINTRACK_MAPPED) && (c->flags & WINTRACK_UNMAPPED)));
}

static void event(struct wintrack *wt, const uint8_t *r, struct wintrack_change *c)
{
	union wt_event e;
	static const uint8_t types[] = {XCB_CREATE_NOTIFY, XCB_DESTROY_NOTIFY, XCB_MAP_NOTIFY,
	        XCB_UNMAP_NOTIFY, XCB_CONFIGURE_NOTIFY, XCB_REPARENT_NOTIFY, XCB_CIRCULATE_NOTIFY,
	        XCB_GRAVITY_NOTIFY, XCB_EXPOSE, XCB_CLIENT_MESSAGE};
	xcb_window_t event_window = r[0] & 0x40 ? id_of(r[3]) : ROOT;
	xcb_window_t w = id_of(r[1]), other = id_of(r[2]);
	int16_t x = (int16_t)(r[4] | r[5] << 8), y = (int16_t)(r[6] | r[7] << 8);
	uint16_t width = (uint16_t)(r[8] | r[9] << 8), height = r[10], bw = r[11];

	memset(&e, 0, sizeof e);
	e.generic.response_type = types[(r[0] & 0x3f) % sizeof types];
	switch (e.generic.response_type) {
	case XCB_CREATE_NOTIFY:
		e.create.parent = event_window;
		e.create.window = w;
		e.create.x = x;
		e.create.y = y;
		e.create.width = width;
		e.create.height = height;
		e.create.border_width = bw;
		e.create.override_redirect = r[3] & 1;
		break;
	case XCB_DESTROY_NOTIFY:
		e.destroy.event = event_window;
		e.destroy.window = w;
		break;
	case XCB_MAP_NOTIFY:
		e.map.event = event_window;
		e.map.window = w;
		e.map.override_redirect = r[3] & 1;
		break;
	case XCB_UNMAP_NOTIFY:
		e.unmap.event = event_window;
		e.unmap.window = w;
		e.unmap.from_configure = r[3] & 1;
		break;
	case XCB_CONFIGURE_NOTIFY:
		e.configure.event = event_window;
		e.configure.window = w;
		e.configure.above_sibling = other;
		e.configure.x = x;
		e.configure.y = y;
		e.configure.width = width;
		e.configure.height = height;
		e.configure.border_width = bw;
		e.configure.override_redirect = r[3] & 1;
		break;
	case XCB_REPARENT_NOTIFY:
		e.reparent.event = event_window;
		e.reparent.window = w;
		e.reparent.parent = r[3] & 2 ? ROOT : other;
		e.reparent.x = x;
		e.reparent.y = y;
		e.reparent.override_redirect = r[3] & 1;
		break;
	case XCB_CIRCULATE_NOTIFY:
		e.circulate.event = event_window;
		e.circulate.window = w;
		e.circulate.place = r[3] % 3; /* 2: neither top nor bottom */
		break;
	case XCB_GRAVITY_NOTIFY:
		e.gravity.event = event_window;
		e.gravity.window = w;
		e.gravity.x = x;
		e.gravity.y = y;
		break;
	default:
		e.raw[4] = r[1];
		break;
	}
	if (r[0] & 0x80)
		e.generic.response_type |= 0x80; /* sent by a client */
	check(wintrack_apply(wt, &e.generic, c));
}

static void call(struct wintrack *wt, const uint8_t *r, struct wintrack_change *c)
{
	xcb_window_t w = id_of(r[1]), other = id_of(r[2]);
	struct wintrack_geom g = {(int16_t)(r[4] | r[5] << 8), (int16_t)(r[6] | r[7] << 8),
	        (uint16_t)(r[8] | r[9] << 8), r[10], (uint16_t)(r[11] * 257)};

	switch (r[0] % 4) {
	case 0: {
		struct wintrack_entry *win = wintrack_add(wt, w, other, &g, r[3] & 1, r[3] & 2);
		check(!win == (w == XCB_NONE || w == ROOT));
		check(!win || (win->id == w && win->mapped == (bool)(r[3] & 1)));
		break;
	}
	case 1: {
		bool tracked = wintrack_find(wt, w) != NULL;
		check(wintrack_remove(wt, w) == tracked);
		check(!wintrack_find(wt, w));
		break;
	}
	case 2: {
		struct wintrack_entry *win = wintrack_find(wt, w);
		if (win) {
			wintrack_set_geometry(win, &g, c);
			check(win->geometry_known && win->geom.width == g.width);
			struct wintrack_rect out = wintrack_outer_rect(win);
			check(out.width == (uint32_t)g.width + 2u * g.border_width);
		}
		break;
	}
	default: {
		struct wintrack_entry *win = wintrack_find(wt, w);
		if (win) {
			check(wintrack_above(wt, win) == NULL ||
			        wintrack_below(wt, wintrack_above(wt, win)) == win);
		}
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = {0};
	struct wintrack *wt = wintrack_create(ROOT, on_release, &s);

	check(wt != NULL);
	check(wintrack_count(wt) == 0 && !wintrack_bottom(wt) && !wintrack_top(wt));
	for (size_t off = 0; off + 12 <= size; off += 12) {
		struct wintrack_change c;
		memset(&c, 0xa5, sizeof c);
		size_t before = wintrack_count(wt);
		if (data[off] >= 0xf0)
			call(wt, data + off + 0, &c);
		else
			event(wt, data + off, &c);
		if (data[off] < 0xf0)
			check_change(wt, &c);
		check_consistent(wt);
		(void)before;
	}
	size_t left = wintrack_count(wt);
	size_t released = s.released;
	wintrack_destroy(wt);
	check(s.released == released + left);
	wintrack_destroy(NULL);
	return 0;
}
