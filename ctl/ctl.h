/* shmcomp-ctl internals: an X connection whose every wait is bounded by one deadline, the
 * compositing manager found through _NET_WM_CM_S<screen>, the requests of the control protocol
 * (compositor/ctl-proto.h) and the screenshot. Failures are reported once, where they are found,
 * as "shmcomp-ctl: ..." on stderr; callers only pass the false on. */
#ifndef SHMCOMP_CTL_H
#define SHMCOMP_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xcb/xcb.h>

struct ctl_atoms {
	xcb_atom_t cm_s;    /* _NET_WM_CM_S<screen> */
	xcb_atom_t version; /* the names of compositor/ctl-proto.h */
	xcb_atom_t request;
	xcb_atom_t reply;
	xcb_atom_t text;
	xcb_atom_t net_wm_name;
};

struct ctl_conn {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	const char *display; /* as messages name it */
	double timeout;      /* seconds, as messages name it */
	int64_t deadline_ns; /* CLOCK_MONOTONIC; bounds every wait of the run */
	struct ctl_atoms atoms;
	bool have_xfixes;
	uint8_t xfixes_first_event;
	xcb_window_t owner;     /* the compositor's selection owner window */
	xcb_window_t reply_win; /* ours, unmapped: replies and _SHMCOMP_TEXT land on it */
	uint32_t last_id;
};

struct ctl_reply {
	uint32_t status; /* enum ctl_status */
	uint32_t frame;
};

void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* conn.c */
bool ctl_connect(struct ctl_conn *cc, const char *display, double timeout);
/* Accepts a connection that failed half-way. */
void ctl_disconnect(struct ctl_conn *cc);
/* Blocks until the connection has input or the deadline passes (then reports, naming
 * `waiting_for`, and returns false). */
bool ctl_wait_input(struct ctl_conn *cc, const char *waiting_for);
/* The reply to request `seq`. NULL with *err set on an X error (the caller reports and frees
 * it), NULL with *err NULL after a timeout or a lost connection (already reported). */
void *ctl_round_trip(struct ctl_conn *cc, unsigned int seq, xcb_generic_error_t **err);
/* Reports err (when set) as failing `what`, frees it; returns false. */
bool ctl_x_failed(struct ctl_conn *cc, xcb_generic_error_t *err, const char *what);
void ctl_lost_connection(struct ctl_conn *cc);

/* owner.c: finds shmcomp, checks it is shmcomp, and watches its window so that a compositor
 * that dies or drops the selection ends a wait at once. */
bool ctl_find_shmcomp(struct ctl_conn *cc);

/* request.c */
bool ctl_request(struct ctl_conn *cc, uint32_t command, struct ctl_reply *out);
/* The whole _SHMCOMP_TEXT property of the reply window, NUL-terminated (*len excludes the NUL);
 * an absent property gives "". NULL on failure. */
char *ctl_read_text(struct ctl_conn *cc, size_t *len);

/* shot.c: the root window, read in strips, written as PNG ("-" = stdout). */
bool ctl_screenshot(struct ctl_conn *cc, const char *path);

#endif
