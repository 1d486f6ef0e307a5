/* Helpers shared by the wintrack tests: building the events an X server sends (as 32-byte
 * wire events) and a seeded PRNG. Their checks are REQUIREs (tests/harness/check.h): a step
 * that fails ends the function that depends on it. */
#ifndef SHMCOMP_TESTS_WT_TEST_H
#define SHMCOMP_TESTS_WT_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <xcb/xcb.h>

#include "compositor/wintrack.h"
#include "tests/harness/runner.h"

/* Room for any core event, as xcb hands them out (32 bytes on the wire). */
union wt_event {
	xcb_generic_event_t generic;
	xcb_create_notify_event_t create;
	xcb_destroy_notify_event_t destroy;
	xcb_map_notify_event_t map;
	xcb_unmap_notify_event_t unmap;
	xcb_configure_notify_event_t configure;
	xcb_reparent_notify_event_t reparent;
	xcb_circulate_notify_event_t circulate;
	xcb_gravity_notify_event_t gravity;
	uint8_t raw[32];
};

const xcb_generic_event_t *ev_create(union wt_event *u, xcb_window_t parent, xcb_window_t win,
        const struct wintrack_geom *g, bool override_redirect);
const xcb_generic_event_t *ev_destroy(union wt_event *u, xcb_window_t event, xcb_window_t win);
const xcb_generic_event_t *ev_map(
        union wt_event *u, xcb_window_t event, xcb_window_t win, bool override_redirect);
const xcb_generic_event_t *ev_unmap(union wt_event *u, xcb_window_t event, xcb_window_t win);
const xcb_generic_event_t *ev_configure(union wt_event *u, xcb_window_t event, xcb_window_t win,
        xcb_window_t above, const struct wintrack_geom *g, bool override_redirect);
const xcb_generic_event_t *ev_reparent(union wt_event *u, xcb_window_t event, xcb_window_t win,
        xcb_window_t parent, int16_t x, int16_t y, bool override_redirect);
const xcb_generic_event_t *ev_circulate(
        union wt_event *u, xcb_window_t event, xcb_window_t win, uint8_t place);
const xcb_generic_event_t *ev_gravity(
        union wt_event *u, xcb_window_t event, xcb_window_t win, int16_t x, int16_t y);
/* Marks the event as sent by a client (SendEvent). */
const xcb_generic_event_t *ev_synthetic(union wt_event *u);

struct wt_rng {
	uint64_t state;
};
uint64_t wt_rng_next(struct wt_rng *rng);
/* Uniform-enough in [0, n); 0 when n == 0. */
size_t wt_rng_below(struct wt_rng *rng, size_t n);

bool wt_rect_eq(struct wintrack_rect a, struct wintrack_rect b);

#endif
