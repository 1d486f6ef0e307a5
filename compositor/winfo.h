/* What rules look at: a window's name, class, role, type and fullscreen
 * state, read from its client window (the one with WM_STATE: the toplevel
 * itself, or a child of a window manager's frame), and which toplevel has
 * the focus. */
#ifndef SHMCOMP_COMPOSITOR_WINFO_H
#define SHMCOMP_COMPOSITOR_WINFO_H

#include <stdbool.h>
#include <xcb/xcb.h>

#include "util/wintype.h"

struct comp;

struct win_info {
	xcb_window_t client; /* the window with WM_STATE; the toplevel if none found */
	bool has_wm_state;
	char name[256];
	char class_i[128], class_g[128];
	char role[128];
	enum wintype type;
	bool fullscreen;
};

/* Reads everything for `toplevel` (a few round trips, batched). */
void winfo_read(struct comp *c, xcb_window_t toplevel, bool override_redirect,
	struct win_info *out);
/* True when a PropertyNotify for `atom` can change a win_info. */
bool winfo_atom_matters(const struct comp *c, xcb_atom_t atom);
/* The toplevel (child of the root) that holds `w`, or XCB_NONE. */
xcb_window_t winfo_toplevel_of(struct comp *c, xcb_window_t w);

#endif
