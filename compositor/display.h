/* The X display as the compositor uses it: the connection, the screen, the
 * atoms it needs (interned in one round trip), the extensions' event bases,
 * and the count of X errors. Every reply goes through display_reply() so that
 * the fault seam can take it away (tests of the start-up's failure paths). */
#ifndef SHMCOMP_COMPOSITOR_DISPLAY_H
#define SHMCOMP_COMPOSITOR_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "fault/fault.h"
#include "util/wintype.h"

struct display_atoms {
	xcb_atom_t cm_selection; /* _NET_WM_CM_S<screen> */
	xcb_atom_t opacity;
	xcb_atom_t xrootpmap, esetroot;
	xcb_atom_t ctl_version, ctl_request, ctl_reply, ctl_text, ctl_args;
	xcb_atom_t net_wm_pid, net_wm_name, utf8_string;
	xcb_atom_t wm_state, wm_window_role, net_wm_window_type, net_wm_state,
	        net_wm_state_fullscreen, net_active_window, wm_client_leader, c_string;
	xcb_atom_t wintype[WINTYPE_COUNT]; /* _NET_WM_WINDOW_TYPE_*, by enum wintype */
};

struct display_ext {
	uint8_t damage_event, damage_error, shape_event, randr_event;
	uint8_t composite_opcode;
	bool randr;
};

struct display {
	xcb_connection_t *conn;
	const char *name; /* as given to display_open (NULL: $DISPLAY), for more connections */
	xcb_screen_t *screen;
	int screen_num;
	xcb_window_t root;
	struct display_atoms atoms;
	struct display_ext ext;
	struct fault *fault;        /* tests only; NULL in production */
	uint64_t x_errors;          /* errors that mean a problem */
	uint64_t x_errors_expected; /* errors that follow a window's (or client's) going */
};

/* Connects to `name` (NULL: $DISPLAY) and checks the screen: its number, a
 * depth shmcomp renders (24 or 16) and a 32-bit ARGB visual. False with a
 * message; the display is then half-open, for display_close(). */
bool display_open(struct display *d, const char *name, char *err, size_t errlen);
/* Composite >= 0.3, DAMAGE, XFIXES >= 2, Present, SHAPE; RandR if there. */
bool display_init_extensions(struct display *d, char *err, size_t errlen);
bool display_intern_atoms(struct display *d, char *err, size_t errlen);
/* Accepts a display that is not (or half) open. */
void display_close(struct display *d);

/* A reply as received, or NULL when the fault seam takes it (then freed). */
void *display_reply(struct display *d, void *reply);
/* Before a checked request: an error the fault seam makes up instead of
 * sending it (caller frees), or NULL: send it. */
xcb_generic_error_t *display_injected_error(struct display *d);
xcb_get_property_reply_t *display_get_property(
        struct display *d, xcb_window_t w, xcb_atom_t prop, xcb_atom_t type, uint32_t long_length);
xcb_atom_t display_intern(struct display *d, const char *name);

#endif
