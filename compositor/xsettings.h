/* shmcomp as the XSETTINGS manager of its screen (freedesktop.org XSETTINGS
 * spec 0.5), for --test-profile: toolkits read their cursor blink and
 * animation settings from the _XSETTINGS_SETTINGS property of the window that
 * owns _XSETTINGS_S<screen>. A manager that is already there is never
 * replaced; the selection is given up when another client takes it. */
#ifndef SHMCOMP_COMPOSITOR_XSETTINGS_H
#define SHMCOMP_COMPOSITOR_XSETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

/* The setting types of the spec, with their wire values. */
enum xsettings_type {
	XSETTINGS_INTEGER = 0,
	XSETTINGS_STRING = 1,
	XSETTINGS_COLOR = 2,
};

struct xsettings_color {
	uint16_t red, green, blue, alpha; /* alpha 65535 when a setting has none */
};

struct xsettings_entry {
	const char *name; /* 'A'-'Z', 'a'-'z', '0'-'9', '_' and '/', see xsettings_name_valid */
	enum xsettings_type type;
	union {
		int32_t integer;
		const char *string; /* NUL-terminated; sent without the NUL */
		struct xsettings_color color;
	} value;
};

/* What --test-profile serves: no cursor blink (Net/CursorBlink 0, and
 * Net/CursorBlinkTime 2000000000 ms for toolkits that only read the period,
 * Qt through its GTK platform theme) and no toolkit animations
 * (Gtk/EnableAnimations 0). */
extern const struct xsettings_entry xsettings_test_profile[];
extern const size_t xsettings_test_profile_count;

enum xsettings_state {
	XSETTINGS_OFF,      /* never started, or finished */
	XSETTINGS_ACTIVE,   /* owns the selection and serves the settings */
	XSETTINGS_REFUSED,  /* start found another manager (or failed): nothing held */
	XSETTINGS_GIVEN_UP, /* another client took the selection: window destroyed */
};

/* A zeroed struct is a valid one that was never started. */
struct xsettings {
	xcb_connection_t *conn;
	enum xsettings_state state;
	xcb_window_t window;   /* owns the selection, carries the settings; XCB_NONE if none */
	xcb_atom_t selection;  /* _XSETTINGS_S<screen> */
	xcb_atom_t settings;   /* _XSETTINGS_SETTINGS (property name and type) */
	xcb_window_t taken_by; /* GIVEN_UP: the selection's owner then (XCB_NONE if unknown) */
};

/* The spec's rule for names: the characters above, not empty, no '/' first,
 * last or doubled, no digit first or right after a '/'. */
bool xsettings_name_valid(const char *name);

/* The _XSETTINGS_SETTINGS property for `entries`, in this machine's byte
 * order, every setting's last-change-serial = `serial`. Writes at most
 * `buflen` bytes into `buf` (which may be NULL when buflen is 0) and returns
 * the property's full length: call once to size the buffer. 0 when an entry
 * is invalid (bad name, a name twice, an unknown type, a NULL string) or the
 * length does not fit in 32 bits. */
size_t xsettings_encode(const struct xsettings_entry *entries, size_t n, uint32_t serial,
        uint8_t *buf, size_t buflen);

/* Becomes the XSETTINGS manager of screen `screen_num` (root window `root`)
 * serving `entries` (copied into the property: the table need not outlive
 * the call), unless a client already owns _XSETTINGS_S<screen>: then false,
 * with a warning naming that owner in `warn` (its window, name, class and
 * pid when it set them), and nothing is left on the server. False with a
 * message too when the entries are invalid or a request fails. On success
 * the selection is ours, the property is set and the MANAGER message has been
 * sent to the root. Takes a zeroed or finished struct. Blocks for a few
 * round trips; the look at the owner and the take are under a server grab of
 * its own, so do not call it inside a grab of yours (its ungrab ends yours).
 * Any X error of its requests is taken here, none is left in the event queue. */
bool xsettings_start(struct xsettings *xs, xcb_connection_t *conn, int screen_num,
        xcb_window_t root, const struct xsettings_entry *entries, size_t n, char *warn,
        size_t warnlen);

/* An event from the connection's queue: true when it was the manager's
 * (SelectionClear or SelectionRequest of its selection), which the caller
 * then passes to no one else. After a SelectionClear the state is
 * XSETTINGS_GIVEN_UP (the caller logs it; taken_by names the new owner). */
bool xsettings_handle_event(struct xsettings *xs, const xcb_generic_event_t *ev);

/* Destroys the manager window (which gives the selection up) and flushes.
 * Accepts a zeroed, refused, given up or finished manager. */
void xsettings_finish(struct xsettings *xs);

#endif
