/* What rules look at: a window's name, class, role, types, fullscreen state
 * and group (transient-for, client leader), read from its client window (the one with WM_STATE: the
 * toplevel itself, or a child of a window manager's frame). */
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
	enum wintype type;          /* the first known type (the `wintypes` option's) */
	uint32_t types;             /* all the known types, bit (1u << enum wintype); 0: none */
	bool fullscreen;            /* _NET_WM_STATE_FULLSCREEN */
	xcb_window_t transient_for; /* WM_TRANSIENT_FOR, or XCB_NONE */
	xcb_window_t leader;        /* WM_CLIENT_LEADER, or XCB_NONE */
	uint32_t pid;               /* _NET_WM_PID, 0 when unset or remote */
	bool remote;                /* WM_CLIENT_MACHINE names another machine: pid dropped */
};

/* Reads everything for `toplevel` (a few round trips, batched). */
void client_read(
        struct display *d, xcb_window_t toplevel, bool override_redirect, struct win_client *out);
/* True when a PropertyNotify for `atom` can change a win_client. */
bool client_atom_matters(const struct display *d, xcb_atom_t atom);

#endif
