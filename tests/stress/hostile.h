/* The hostile-input cases (stress suite): what a hostile client does, and the
 * case tables of hostile-props.c, hostile-geom.c and hostile-proto.c. */
#ifndef SHMCOMP_TESTS_STRESS_HOSTILE_H
#define SHMCOMP_TESTS_STRESS_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "tests/stress/stress.h"

struct hostile_atoms {
	xcb_atom_t opacity, wm_type, utf8, net_wm_name, xrootpmap, esetroot, cm_s0;
	xcb_atom_t ctl_request, ctl_text, wm_type_normal, wm_type_dock;
};

/* One case's hostile client: its own connection, closed after the case (the
 * server then frees everything it made). */
struct hostile {
	struct stress *st;
	xcb_connection_t *c;
	xcb_screen_t *s;
	struct hostile_atoms a;
	xcb_visualid_t argb_visual;
	xcb_colormap_t argb_cmap;
	uint16_t width, height; /* the screen */
	xcb_window_t cm;        /* shmcomp's selection window, when the case began */
	bool effects;           /* a configuration with effects: pixels are not exact */
};

struct hostile_case {
	const char *name;
	/* Does the hostile thing (and checks what the case itself promises);
	 * false on a case-specific failure, already reported. */
	bool (*run)(struct hostile *h);
};

/* Named by test-hostile's case table. */
struct hostile_group {
	const struct hostile_case *cases;
	size_t count;
};

extern const struct hostile_group hostile_props_group, hostile_wintype_group, hostile_text_group,
        hostile_rootpmap_group, hostile_geom_group, hostile_huge_group, hostile_damage_group,
        hostile_ctl_group, hostile_synthetic_group;

/* Helpers for the cases (test-hostile.c). */
xcb_window_t hostile_window(struct hostile *h, int16_t x, int16_t y, uint16_t w, uint16_t hh,
        uint16_t bw, uint32_t color, bool map);
xcb_window_t hostile_argb_window(
        struct hostile *h, int16_t x, int16_t y, uint16_t w, uint16_t hh, uint32_t argb, bool map);
void hostile_prop(struct hostile *h, xcb_window_t w, xcb_atom_t prop, xcb_atom_t type,
        uint8_t format, uint32_t nitems, const void *data);
/* Round trip on the hostile connection, dropping its errors. */
void hostile_sync(struct hostile *h);
/* shmcomp-ctl wait, then the root pixel at (x, y) must be `want`. */
bool hostile_expect_pixel(struct hostile *h, int16_t x, int16_t y, uint32_t want, const char *what);
/* The compositor's selection window. */
xcb_window_t hostile_cm_window(struct hostile *h);
/* A page of seeded bytes (for huge properties); caller frees. */
void *hostile_junk(size_t len, uint32_t seed, bool no_nul);

#endif
