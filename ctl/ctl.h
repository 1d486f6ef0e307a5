/* shmcomp-ctl internals: an X connection whose every wait is bounded by one deadline, the
 * compositing manager found through _NET_WM_CM_S<screen>, the requests of the control protocol
 * (compositor/ctl-proto.h), windows found by id, class or name, and the screenshots. Failures
 * are reported once, where they are found, as "shmcomp-ctl: ..." on stderr; callers only pass
 * the false on. */
#ifndef SHMCOMP_CTL_H
#define SHMCOMP_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pixman.h>
#include <xcb/xcb.h>

struct ctl_atoms {
	xcb_atom_t cm_s;    /* _NET_WM_CM_S<screen> */
	xcb_atom_t version; /* the names of compositor/ctl-proto.h */
	xcb_atom_t request;
	xcb_atom_t reply;
	xcb_atom_t text;
	xcb_atom_t net_wm_name;
	xcb_atom_t wm_state;
};

struct ctl_conn {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	const char *display; /* as messages name it */
	double timeout;      /* seconds, as messages name it */
	int64_t deadline_ns; /* CLOCK_MONOTONIC; bounds every wait of the run */
	bool timed_out;      /* the deadline passed (and was reported) */
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
	uint32_t reason; /* enum ctl_reason, with CTL_ERROR */
};

void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* conn.c */
bool ctl_connect(struct ctl_conn *cc, const char *display, double timeout);
/* Accepts a connection that failed half-way. */
void ctl_disconnect(struct ctl_conn *cc);
/* Blocks until the connection has input or the deadline passes (then reports, naming
 * `waiting_for`, sets cc->timed_out and returns false). */
bool ctl_wait_input(struct ctl_conn *cc, const char *waiting_for);
/* A new deadline `seconds` from now (to ask why after a timeout). */
void ctl_extend_deadline(struct ctl_conn *cc, double seconds);
/* Sleeps `ms`; false (without sleeping or reporting) when the deadline is nearer than 2 * ms. */
bool ctl_sleep(struct ctl_conn *cc, int ms);
/* The reply to request `seq`. NULL with *err set on an X error (the caller reports and frees
 * it), NULL with *err NULL after a timeout or a lost connection (already reported). */
void *ctl_round_trip(struct ctl_conn *cc, unsigned int seq, xcb_generic_error_t **err);
/* Reports err (when set) as failing `what`, frees it; returns false. */
bool ctl_x_failed(struct ctl_conn *cc, xcb_generic_error_t *err, const char *what);
void ctl_lost_connection(struct ctl_conn *cc);

/* owner.c: finds shmcomp, checks it is shmcomp, and watches its window so that a compositor
 * that dies or drops the selection ends a wait at once. */
bool ctl_find_shmcomp(struct ctl_conn *cc);

/* request.c: sends `command` with argument `arg` (data32[3]) and waits for its reply;
 * `waiting_for` (NULL: "shmcomp to reply") names what a timeout message says was awaited. */
bool ctl_request(struct ctl_conn *cc, uint32_t command, uint32_t arg, const char *waiting_for,
		 struct ctl_reply *out);
/* The whole _SHMCOMP_TEXT property of the reply window, NUL-terminated (*len excludes the NUL);
 * an absent property gives "". NULL on failure. */
char *ctl_read_text(struct ctl_conn *cc, size_t *len);
/* Prints why a reply is not CTL_OK (CTL_ERROR's text, or an unknown command) as failing
 * `command`; true for CTL_OK. */
bool ctl_reply_ok(struct ctl_conn *cc, const char *command, const struct ctl_reply *r);
/* Sends `command`, checks the reply is CTL_OK and returns its _SHMCOMP_TEXT (caller frees). */
char *ctl_request_text(struct ctl_conn *cc, const char *name, uint32_t command, uint32_t arg,
		       struct ctl_reply *out);
/* The value of `key` in key=value lines (it runs to the next newline), or NULL. */
const char *ctl_text_value(const char *text, const char *key);

/* settle.c: after a settled wait timed out, asks shmcomp (CTL_STATUS) what keeps the screen
 * from settling and prints it in plain words. */
void ctl_explain_unsettled(struct ctl_conn *cc);

/* find.c: a toplevel window picked by id (its own or its client's), WM_CLASS or name. */
enum ctl_by {
	CTL_BY_NONE, /* the screen */
	CTL_BY_ID,
	CTL_BY_CLASS,
	CTL_BY_NAME,
};

struct ctl_target {
	enum ctl_by by;
	const char *value; /* as given on the command line */
};

#define CTL_TEXT_MAX 128

struct ctl_window {
	xcb_window_t toplevel; /* the root's child */
	xcb_window_t client;   /* the one with WM_STATE below it, else the toplevel */
	bool viewable;
	char instance[CTL_TEXT_MAX], class_name[CTL_TEXT_MAX]; /* WM_CLASS */
	char name[CTL_TEXT_MAX];                               /* _NET_WM_NAME, else WM_NAME */
};

enum ctl_found {
	CTL_FOUND,
	CTL_ABSENT,      /* no such window (or not mapped) yet: reported only when asked */
	CTL_FIND_FAILED, /* several match, a bad id, an X failure: reported */
};

/* Finds the one window the target names; with `viewable`, only mapped ones count. With
 * `report`, says what was not found; the candidates are listed when several match. */
enum ctl_found ctl_find_window(struct ctl_conn *cc, const struct ctl_target *t, bool viewable,
			       bool report, struct ctl_window *out);
/* `window 0x400001 (class "XLogo", name "xlogo")` */
void ctl_window_describe(const struct ctl_window *w, char *buf, size_t size);
/* The same description, for a window known only by id, class and name strings. */
void ctl_describe(xcb_window_t id, const char *class_name, const char *name, char *buf,
		  size_t size);

/* image.c: a rectangle of a drawable read with GetImage (ZPixmap, all planes) in strips, as a
 * pixman image of the drawable's own format: x8r8g8b8, r5g6b5, or a8r8g8b8 for depth 32. */
struct ctl_rect {
	int32_t x, y;
	uint32_t width, height;
};

pixman_image_t *ctl_get_image(struct ctl_conn *cc, xcb_drawable_t d, uint8_t depth,
			      xcb_visualid_t visual, const struct ctl_rect *r, const char *what);

/* shot.c */
struct ctl_shot {
	const char *path;       /* "-" = stdout */
	struct ctl_target target; /* CTL_BY_NONE: the screen */
	bool has_geometry;      /* crop of what would be written, relative to its top-left */
	struct ctl_rect geometry;
	bool alpha;  /* RGBA PNG, un-premultiplied */
	bool shadow; /* the window with its shadow, corners, dim and opacity; RGBA */
};

/* Writes the screen, or the window (already found, `win`), as PNG. Call after a wait. */
bool ctl_screenshot(struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win);

/* compare.c: two PNG files, pixel by pixel (render_compare); no X involved. */
struct ctl_compare {
	const char *a, *b;
	unsigned tolerance; /* per 8-bit channel */
	bool has_clip;
	struct ctl_rect clip; /* compare only this rectangle */
	const char *diff;     /* NULL, or where to write the diff image when they differ */
};

/* True when they match; otherwise says how (on stderr) and writes the diff image. */
bool ctl_compare(const struct ctl_compare *cmp);

/* shadow.c: the window as shmcomp draws it, shadow included, on a transparent canvas. */
struct ctl_window_fx {
	double opacity; /* 0..1, as shown now */
	bool shadow;
	uint32_t corner;
	double dim;
	uint32_t shadow_radius;
	double shadow_opacity;
	int32_t shadow_dx, shadow_dy;
	uint32_t shadow_color; /* 0xRRGGBB */
};

/* Parses CTL_WINDOW's key=value text; reports a missing or malformed key. */
bool ctl_parse_window_fx(const char *text, struct ctl_window_fx *fx);
/* A new a8r8g8b8 image the size of render_window_extents: transparent, the shadow, then the
 * window image (its border included) with its shape (NULL = none, outer coordinates), corners,
 * dim and opacity. NULL when out of memory (reported). */
pixman_image_t *ctl_paint_with_shadow(pixman_image_t *win, bool argb, const pixman_region32_t *shape,
				      const struct ctl_window_fx *fx);

#endif
