/* Event builders and PRNG for the wintrack tests; each builder zeroes the whole 32-byte
 * event first, as the server's padding is zero too. */
#include "tests/wintrack/wt_test.h"

#include <string.h>

static void ev_reset(union wt_event *u, uint8_t type)
{
	memset(u, 0, sizeof(*u));
	u->generic.response_type = type;
	u->generic.sequence = 1;
}

const xcb_generic_event_t *ev_create(union wt_event *u, xcb_window_t parent, xcb_window_t win,
        const struct wintrack_geom *g, bool override_redirect)
{
	ev_reset(u, XCB_CREATE_NOTIFY);
	u->create.parent = parent;
	u->create.window = win;
	u->create.x = g->x;
	u->create.y = g->y;
	u->create.width = g->width;
	u->create.height = g->height;
	u->create.border_width = g->border_width;
	u->create.override_redirect = override_redirect;
	return &u->generic;
}

const xcb_generic_event_t *ev_destroy(union wt_event *u, xcb_window_t event, xcb_window_t win)
{
	ev_reset(u, XCB_DESTROY_NOTIFY);
	u->destroy.event = event;
	u->destroy.window = win;
	return &u->generic;
}

const xcb_generic_event_t *ev_map(
        union wt_event *u, xcb_window_t event, xcb_window_t win, bool override_redirect)
{
	ev_reset(u, XCB_MAP_NOTIFY);
	u->map.event = event;
	u->map.window = win;
	u->map.override_redirect = override_redirect;
	return &u->generic;
}

const xcb_generic_event_t *ev_unmap(union wt_event *u, xcb_window_t event, xcb_window_t win)
{
	ev_reset(u, XCB_UNMAP_NOTIFY);
	u->unmap.event = event;
	u->unmap.window = win;
	return &u->generic;
}

const xcb_generic_event_t *ev_configure(union wt_event *u, xcb_window_t event, xcb_window_t win,
        xcb_window_t above, const struct wintrack_geom *g, bool override_redirect)
{
	ev_reset(u, XCB_CONFIGURE_NOTIFY);
	u->configure.event = event;
	u->configure.window = win;
	u->configure.above_sibling = above;
	u->configure.x = g->x;
	u->configure.y = g->y;
	u->configure.width = g->width;
	u->configure.height = g->height;
	u->configure.border_width = g->border_width;
	u->configure.override_redirect = override_redirect;
	return &u->generic;
}

const xcb_generic_event_t *ev_reparent(union wt_event *u, xcb_window_t event, xcb_window_t win,
        xcb_window_t parent, int16_t x, int16_t y, bool override_redirect)
{
	ev_reset(u, XCB_REPARENT_NOTIFY);
	u->reparent.event = event;
	u->reparent.window = win;
	u->reparent.parent = parent;
	u->reparent.x = x;
	u->reparent.y = y;
	u->reparent.override_redirect = override_redirect;
	return &u->generic;
}

const xcb_generic_event_t *ev_circulate(
        union wt_event *u, xcb_window_t event, xcb_window_t win, uint8_t place)
{
	ev_reset(u, XCB_CIRCULATE_NOTIFY);
	u->circulate.event = event;
	u->circulate.window = win;
	u->circulate.place = place;
	return &u->generic;
}

const xcb_generic_event_t *ev_gravity(
        union wt_event *u, xcb_window_t event, xcb_window_t win, int16_t x, int16_t y)
{
	ev_reset(u, XCB_GRAVITY_NOTIFY);
	u->gravity.event = event;
	u->gravity.window = win;
	u->gravity.x = x;
	u->gravity.y = y;
	return &u->generic;
}

const xcb_generic_event_t *ev_synthetic(union wt_event *u)
{
	u->generic.response_type |= 0x80;
	return &u->generic;
}

/* splitmix64: tiny, seedable with any value, good enough for workloads. */
uint64_t wt_rng_next(struct wt_rng *rng)
{
	uint64_t z = (rng->state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

size_t wt_rng_below(struct wt_rng *rng, size_t n)
{
	return n ? (size_t)(wt_rng_next(rng) % n) : 0;
}

bool wt_rect_eq(struct wintrack_rect a, struct wintrack_rect b)
{
	return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
}
