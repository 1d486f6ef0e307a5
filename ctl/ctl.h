/* shmcomp-ctl internals: an X connection whose every wait is bounded by one deadline, the
 * compositing manager found through _NET_WM_CM_S<screen>, the requests of the control protocol
 * (proto/ctl-proto.h), windows found by id, class or name, and the screenshots. Failures
 * are reported once, where they are found, as "shmcomp-ctl: ..." on stderr; callers only pass
 * the false on. */
#ifndef SHMCOMP_CTL_H
#define SHMCOMP_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pixman.h>
#include <xcb/xcb.h>

#include "proto/ctl-proto.h"

#define CTL_WINDOW_TYPES 14 /* the _NET_WM_WINDOW_TYPE_* values find.c knows */

struct ctl_atoms {
	xcb_atom_t cm_s;    /* _NET_WM_CM_S<screen> */
	xcb_atom_t version; /* the names of proto/ctl-proto.h */
	xcb_atom_t request;
	xcb_atom_t reply;
	xcb_atom_t text;
	xcb_atom_t args;
	xcb_atom_t utf8_string;
	xcb_atom_t net_wm_name;
	xcb_atom_t wm_state;
	/* interned by find.c when first needed (XCB_NONE: no window can have it) */
	bool types_interned;
	xcb_atom_t net_wm_window_type;
	xcb_atom_t window_types[CTL_WINDOW_TYPES];
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
/* The same with the request's text (NULL or "": none, and no CTL_FLAG_TEXT): set as
 * _SHMCOMP_ARGS on the reply window, then the request with CTL_FLAG_TEXT. */
bool ctl_request_args(struct ctl_conn *cc, uint32_t command, uint32_t arg, const char *text,
        const char *waiting_for, struct ctl_reply *out);
/* The whole _SHMCOMP_TEXT property of the reply window, NUL-terminated (*len excludes the NUL);
 * an absent property gives "". NULL on failure. */
char *ctl_read_text(struct ctl_conn *cc, size_t *len);
/* Prints why a reply is not CTL_OK (CTL_ERROR's text, or an unknown command) as failing
 * `command`; true for CTL_OK. */
bool ctl_reply_ok(struct ctl_conn *cc, const char *command, const struct ctl_reply *r);
/* Sends `command` (with `args`, as ctl_request_args), checks the reply is CTL_OK and returns
 * its _SHMCOMP_TEXT (caller frees). */
char *ctl_request_text(struct ctl_conn *cc, const char *name, uint32_t command, uint32_t arg,
        const char *args, struct ctl_reply *out);
/* The value of `key` in key=value lines (it runs to the next newline), or NULL. */
const char *ctl_text_value(const char *text, const char *key);

/* settle.c: the options of a settled wait or a status request (doc/ctl.md "Settled"), sent
 * as the request's text. */
enum ctl_ignore_by {
	CTL_IGNORE_WINDOW,
	CTL_IGNORE_CLASS,
	CTL_IGNORE_NAME,
};

struct ctl_ignore {
	enum ctl_ignore_by by;
	const char *value; /* as given: a pattern, or a window id */
	xcb_window_t id;   /* CTL_IGNORE_WINDOW: the id, or its toplevel once resolved */
};

#define CTL_QUIET_MAX_MS 60000u

struct ctl_settle {
	bool has_quiet, has_first_quiet;
	uint32_t quiet_ms;       /* quiet-period=, 0..CTL_QUIET_MAX_MS */
	uint32_t first_quiet_ms; /* first-quiet-period=, the same range */
	xcb_window_t scope;      /* window=: only this toplevel counts; XCB_NONE: every window */
	struct ctl_ignore ignore[CTL_IGNORE_MAX];
	size_t nignore;
};

/* The text of the options (caller frees): "" when there are none, so that the request goes
 * without text; NULL when out of memory (reported). */
char *ctl_settle_text(const struct ctl_settle *s);
/* After a settled wait with the options `s` timed out, asks shmcomp (CTL_STATUS, with the same
 * options) what keeps the screen from settling and prints it in plain words: each window that
 * keeps drawing with its frame rate and the option that would leave it out. */
void ctl_explain_unsettled(struct ctl_conn *cc, const struct ctl_settle *s);

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
	bool popup;        /* --popup: only popups (menus, tooltips, ...) count */
};

#define CTL_TEXT_MAX 128

enum ctl_kind {
	CTL_KIND_NORMAL, /* an application window */
	CTL_KIND_POPUP,  /* override-redirect, or typed a menu, tooltip, combo, DND, notification */
	CTL_KIND_HELPER, /* 1 pixel wide or high: not meant to be seen (GTK's leader window) */
};

struct ctl_window {
	xcb_window_t toplevel; /* the root's child */
	xcb_window_t client;   /* the one with WM_STATE below it, else the toplevel */
	bool viewable;
	enum ctl_kind kind;
	uint32_t width, height;                                /* the toplevel's, border excluded */
	char instance[CTL_TEXT_MAX], class_name[CTL_TEXT_MAX]; /* WM_CLASS */
	char name[CTL_TEXT_MAX];                               /* _NET_WM_NAME, else WM_NAME */
};

enum ctl_found {
	CTL_FOUND,
	CTL_ABSENT,      /* no such window (or not mapped) yet: reported only when asked */
	CTL_FIND_FAILED, /* several match, a bad id, an X failure: reported */
};

/* Finds the one window the target names. By class or name: the exact text, else the text as
 * a glob; of the matches, mapped windows before unmapped ones, application windows before
 * popups before helpers (t->popup: popups only); several equally good ones are ambiguous
 * (reported, with the candidates). With `viewable` (a wait), only mapped windows that are not
 * helpers count. With `report`, says what was not found: why each match was not taken, or,
 * when nothing matches, the classes and names there are. */
enum ctl_found ctl_find_window(struct ctl_conn *cc, const struct ctl_target *t, bool viewable,
        bool report, struct ctl_window *out);
/* A window id as the command line gives it (0x400001 or decimal); false when malformed. */
bool ctl_parse_window_id(const char *s, xcb_window_t *id);
/* The root's child that holds `id`; CTL_ABSENT (reported with `report`) when there is none. */
enum ctl_found ctl_toplevel_of(
        struct ctl_conn *cc, xcb_window_t id, bool report, xcb_window_t *top);
/* `window 0x400001 (class "XLogo", name "xlogo")` */
void ctl_window_describe(const struct ctl_window *w, char *buf, size_t size);
/* The same description, for a window known only by id, class and name strings. */
void ctl_describe(
        xcb_window_t id, const char *class_name, const char *name, char *buf, size_t size);

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
	const char *path;         /* "-" = stdout */
	struct ctl_target target; /* CTL_BY_NONE: the screen */
	bool has_geometry;        /* crop of what would be written, relative to its top-left */
	struct ctl_rect geometry;
	bool alpha;         /* RGBA PNG, un-premultiplied */
	bool shadow;        /* the window with its shadow, corners, dim and opacity; RGBA */
	uint32_t stable_ms; /* ctl_screenshot_stable: how far apart the captures are */
};

/* Writes the screen, or the window (already found, `win`), as PNG. Call after a wait. */
bool ctl_screenshot(struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win);
/* The same, once two captures in a row agree pixel for pixel: captures s->stable_ms apart,
 * each after a plain wait (so it shows everything drawn before it), until the last two are
 * identical, then writes the last; within the deadline, else says how they differed. */
bool ctl_screenshot_stable(
        struct ctl_conn *cc, const struct ctl_shot *s, const struct ctl_window *win);

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
pixman_image_t *ctl_paint_with_shadow(pixman_image_t *win, bool argb,
        const pixman_region32_t *shape, const struct ctl_window_fx *fx);

#endif
