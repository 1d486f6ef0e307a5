/* What rules look at: a window's name, class, role, type and fullscreen
 * state, read from its client window (the one with WM_STATE: the toplevel
 * itself, or a child of a window manager's frame). */
#ifndef SHMCOMP_COMPOSITOR_CLIENT_H
#define SHMCOMP_COMPOSITOR_CLIENT_H

#include <stdbool.h>
#include <xcb/xcb.h>

#include "compositor/display.h"
#include "util/wintype.h"

struct win_client {
	xcb_window_t id; /* the window with WM_STATE; the toplevel if none found */
	bool has_wm_state;
	char name[256];
	char class_i[128], class_g[128];
	char role[128];
	enum wintype type;
	bool fullscreen;
};

/* Reads everything for `toplevel` (a few round trips, batched). */
void client_read(struct display *d, xcb_window_t toplevel, bool override_redirect,
	struct win_client *out);
/* True when a PropertyNotify for `atom` can change a win_client. */
bool client_atom_matters(const struct display *d, xcb_atom_t atom);

#endif
