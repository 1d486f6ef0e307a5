/* The XSETTINGS manager (see xsettings.h): our own encoder of the
 * _XSETTINGS_SETTINGS format, taking the _XSETTINGS_S<screen> selection only
 * when it is free (ICCCM 2.8 manager selections), and giving it up when
 * another client takes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compositor/props.h"
#include "compositor/xsettings.h"

const struct xsettings_entry xsettings_test_profile[] = {
        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 0}},
        {"Net/CursorBlinkTime", XSETTINGS_INTEGER, {.integer = 2000000000}},
        {"Gtk/EnableAnimations", XSETTINGS_INTEGER, {.integer = 0}},
};
const size_t xsettings_test_profile_count =
        sizeof xsettings_test_profile / sizeof xsettings_test_profile[0];

/* X's byte order values (LSBFirst, MSBFirst). */
enum { BYTE_ORDER_LSB = 0, BYTE_ORDER_MSB = 1 };

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_name_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || is_digit(ch) || ch == '_' ||
	       ch == '/';
}

bool xsettings_name_valid(const char *name)
{
	char prev = '/'; /* the first character follows an imagined '/' */

	if (!name || !name[0])
		return false;
	for (const char *p = name; *p; prev = *p++) {
		if (!is_name_char(*p) || (prev == '/' && (*p == '/' || is_digit(*p))))
			return false;
	}
	return prev != '/';
}

/* Writes what fits and counts everything, so that one pass sizes the buffer
 * and the next fills it. */
struct writer {
	uint8_t *buf;
	size_t cap, len;
	bool overflow;
};

static void put(struct writer *w, const void *src, size_t n)
{
	if (w->overflow || n > SIZE_MAX - w->len) {
		w->overflow = true;
		return;
	}
	if (w->buf && w->len + n <= w->cap)
		memcpy(w->buf + w->len, src, n);
	w->len += n;
}

static void put_pad(struct writer *w, size_t n)
{
	static const uint8_t zeros[3];

	put(w, zeros, (4 - n % 4) % 4);
}

static void put_u8(struct writer *w, uint8_t v)
{
	put(w, &v, 1);
}

/* Native byte order: the property's first byte says which one it is. */
static void put_u16(struct writer *w, uint16_t v)
{
	put(w, &v, 2);
}

static void put_u32(struct writer *w, uint32_t v)
{
	put(w, &v, 4);
}

static uint8_t native_byte_order(void)
{
	const uint16_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first ? BYTE_ORDER_LSB : BYTE_ORDER_MSB;
}

static bool entry_valid(const struct xsettings_entry *entries, size_t i)
{
	const struct xsettings_entry *e = &entries[i];

	if (!xsettings_name_valid(e->name) || strlen(e->name) > UINT16_MAX)
		return false;
	if (e->type == XSETTINGS_STRING &&
	        (!e->value.string || strlen(e->value.string) > UINT32_MAX))
		return false;
	if (e->type != XSETTINGS_INTEGER && e->type != XSETTINGS_STRING &&
	        e->type != XSETTINGS_COLOR)
		return false;
	/* GTK drops the whole property when a name comes twice. */
	for (size_t j = 0; j < i; j++) {
		if (strcmp(entries[j].name, e->name) == 0)
			return false;
	}
	return true;
}

static void put_entry(struct writer *w, const struct xsettings_entry *e, uint32_t serial)
{
	size_t name_len = strlen(e->name);

	put_u8(w, (uint8_t)e->type);
	put_u8(w, 0);
	put_u16(w, (uint16_t)name_len);
	put(w, e->name, name_len);
	put_pad(w, name_len);
	put_u32(w, serial);
	switch (e->type) {
	case XSETTINGS_INTEGER:
		put_u32(w, (uint32_t)e->value.integer);
		break;
	case XSETTINGS_STRING: {
		size_t len = strlen(e->value.string);
		put_u32(w, (uint32_t)len);
		put(w, e->value.string, len);
		put_pad(w, len);
		break;
	}
	case XSETTINGS_COLOR:
		put_u16(w, e->value.color.red);
		put_u16(w, e->value.color.green);
		put_u16(w, e->value.color.blue);
		put_u16(w, e->value.color.alpha);
		break;
	}
}

size_t xsettings_encode(const struct xsettings_entry *entries, size_t n, uint32_t serial,
        uint8_t *buf, size_t buflen)
{
	struct writer w = {.buf = buf, .cap = buflen};

	if (n > UINT32_MAX || (n && !entries))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!entry_valid(entries, i))
			return 0;
	}
	put_u8(&w, native_byte_order());
	put_pad(&w, 1);
	put_u32(&w, serial);
	put_u32(&w, (uint32_t)n);
	for (size_t i = 0; i < n; i++)
		put_entry(&w, &entries[i], serial);
	return w.overflow || w.len > UINT32_MAX ? 0 : w.len;
}

enum {
	ATOM_SELECTION,
	ATOM_SETTINGS,
	ATOM_MANAGER,
	ATOM_NET_WM_NAME,
	ATOM_UTF8,
	ATOM_NET_WM_PID,
	ATOM_COUNT
};

static bool intern_atoms(xcb_connection_t *conn, int screen_num, xcb_atom_t atoms[ATOM_COUNT])
{
	char selection[32];
	const char *names[ATOM_COUNT] = {selection, "_XSETTINGS_SETTINGS", "MANAGER",
	        "_NET_WM_NAME", "UTF8_STRING", "_NET_WM_PID"};
	xcb_intern_atom_cookie_t ck[ATOM_COUNT];
	bool ok = true;

	snprintf(selection, sizeof selection, "_XSETTINGS_S%d", screen_num);
	for (int i = 0; i < ATOM_COUNT; i++)
		ck[i] = xcb_intern_atom(conn, 0, (uint16_t)strlen(names[i]), names[i]);
	for (int i = 0; i < ATOM_COUNT; i++) {
		xcb_generic_error_t *e = NULL;
		xcb_intern_atom_reply_t *r = xcb_intern_atom_reply(conn, ck[i], &e);
		atoms[i] = r ? r->atom : XCB_NONE;
		ok = ok && atoms[i] != XCB_NONE;
		free(r);
		free(e);
	}
	return ok;
}

/* Errors of requests with replies are taken here: with a NULL error pointer
 * xcb would queue them as events, and the dispatcher would count them. */
static xcb_get_property_reply_t *get_property(
        xcb_connection_t *conn, xcb_window_t w, xcb_atom_t prop, xcb_atom_t type)
{
	xcb_generic_error_t *e = NULL;
	xcb_get_property_reply_t *r =
	        xcb_get_property_reply(conn, xcb_get_property(conn, 0, w, prop, type, 0, 64), &e);

	free(e);
	return r;
}

/* "window 0x400001 'xsettingsd' (class xsettingsd Xsettingsd) pid 123": what
 * the owner says of itself; a window destroyed meanwhile is just its id. */
static void describe_owner(xcb_connection_t *conn, const xcb_atom_t atoms[ATOM_COUNT],
        xcb_window_t owner, char *out, size_t outlen)
{
	xcb_get_property_reply_t *r[4] = {
	        get_property(conn, owner, atoms[ATOM_NET_WM_NAME], atoms[ATOM_UTF8]),
	        get_property(conn, owner, XCB_ATOM_WM_NAME, XCB_ATOM_STRING),
	        get_property(conn, owner, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING),
	        get_property(conn, owner, atoms[ATOM_NET_WM_PID], XCB_ATOM_CARDINAL),
	};
	struct prop_value v[4];
	char name[128], inst[64], cls[64];
	uint32_t pid = 0;
	size_t n;

	for (int i = 0; i < 4; i++)
		props_from_reply(r[i], &v[i]);
	bool has_name = props_text(&v[0], atoms[ATOM_UTF8], name, sizeof name) ||
	                props_text(&v[1], atoms[ATOM_UTF8], name, sizeof name);
	bool has_class = props_class(&v[2], inst, sizeof inst, cls, sizeof cls);
	bool has_pid = props_xid(&v[3], XCB_ATOM_CARDINAL, &pid);
	snprintf(out, outlen, "window 0x%x", owner);
	if (has_name && (n = strlen(out)) + 1 < outlen)
		snprintf(out + n, outlen - n, " '%s'", name);
	if (has_class && (n = strlen(out)) + 1 < outlen)
		snprintf(out + n, outlen - n, " (class %s %s)", inst, cls);
	if (has_pid && (n = strlen(out)) + 1 < outlen)
		snprintf(out + n, outlen - n, " pid %u", pid);
	for (int i = 0; i < 4; i++)
		free(r[i]);
}

/* A name for whoever describes the owner (as we do). */
static void set_identity(struct xsettings *xs, const xcb_atom_t atoms[ATOM_COUNT])
{
	static const char name[] = "shmcomp XSETTINGS";
	uint32_t pid = (uint32_t)getpid();

	xcb_change_property(xs->conn, XCB_PROP_MODE_REPLACE, xs->window, XCB_ATOM_WM_NAME,
	        XCB_ATOM_STRING, 8, sizeof name - 1, name);
	xcb_change_property(xs->conn, XCB_PROP_MODE_REPLACE, xs->window, atoms[ATOM_NET_WM_NAME],
	        atoms[ATOM_UTF8], 8, sizeof name - 1, name);
	xcb_change_property(xs->conn, XCB_PROP_MODE_REPLACE, xs->window, atoms[ATOM_NET_WM_PID],
	        XCB_ATOM_CARDINAL, 32, 1, &pid);
}

/* The manager window with its settings: InputOnly, never mapped. Checked, so
 * that a failure is reported here and not counted by the dispatcher. */
static bool create_window(struct xsettings *xs, xcb_window_t root,
        const xcb_atom_t atoms[ATOM_COUNT], const uint8_t *prop, size_t len)
{
	xcb_connection_t *conn = xs->conn;
	xcb_window_t w = xcb_generate_id(conn);
	xcb_generic_error_t *e = xcb_request_check(
	        conn, xcb_create_window_checked(conn, 0, w, root, -1, -1, 1, 1, 0,
	                      XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL));

	if (e) {
		free(e);
		return false;
	}
	xs->window = w;
	e = xcb_request_check(conn, xcb_change_property_checked(conn, XCB_PROP_MODE_REPLACE, w,
	                                    xs->settings, xs->settings, 8, (uint32_t)len, prop));
	if (e) {
		free(e);
		return false;
	}
	set_identity(xs, atoms);
	return true;
}

static xcb_window_t selection_owner(xcb_connection_t *conn, xcb_atom_t selection, bool *ok)
{
	xcb_generic_error_t *e = NULL;
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(conn, xcb_get_selection_owner(conn, selection), &e);
	xcb_window_t owner = r ? r->owner : XCB_NONE;

	*ok = r != NULL;
	free(r);
	free(e);
	return owner;
}

/* Under a server grab, so that no other manager can slip in between the look
 * and the take: a manager that is there is never replaced. CurrentTime, as
 * for the CM selection: a real timestamp needs a PropertyNotify from the
 * event stream, which belongs to the dispatcher; the grab already orders us
 * against other managers. Returns the owner found (XCB_NONE: it is ours now). */
static xcb_window_t take_if_free(struct xsettings *xs, bool *ok)
{
	xcb_connection_t *conn = xs->conn;
	xcb_window_t owner;

	xcb_grab_server(conn);
	owner = selection_owner(conn, xs->selection, ok);
	if (*ok && owner == XCB_NONE) {
		xcb_set_selection_owner(conn, xs->window, xs->selection, XCB_CURRENT_TIME);
		xcb_window_t now = selection_owner(conn, xs->selection, ok);
		*ok = *ok && now == xs->window;
	}
	xcb_ungrab_server(conn);
	xcb_flush(conn);
	return owner;
}

/* SendEvent copies 32 bytes whatever the event's struct size (SelectionNotify's
 * is 24). */
union event32 {
	xcb_client_message_event_t message;
	xcb_selection_notify_event_t notify;
	char raw[32];
};

/* ICCCM 2.8: clients waiting for a manager learn of it from the root. */
static void announce(struct xsettings *xs, xcb_window_t root, xcb_atom_t manager)
{
	union event32 ev = {
	        .message = {
	                .response_type = XCB_CLIENT_MESSAGE,
	                .format = 32,
	                .window = root,
	                .type = manager,
	                .data.data32 = {XCB_CURRENT_TIME, xs->selection, xs->window, 0, 0},
	        }};

	xcb_send_event(xs->conn, 0, root, XCB_EVENT_MASK_STRUCTURE_NOTIFY, ev.raw);
	xcb_flush(xs->conn);
}

static void destroy_window(struct xsettings *xs)
{
	if (xs->window == XCB_NONE)
		return;
	xcb_destroy_window(xs->conn, xs->window);
	xcb_flush(xs->conn);
	xs->window = XCB_NONE;
}

/* The property, or NULL with a message. */
static uint8_t *encode_property(xcb_connection_t *conn, const struct xsettings_entry *entries,
        size_t n, size_t *len, char *warn, size_t warnlen)
{
	uint8_t *prop;

	*len = xsettings_encode(entries, n, 0, NULL, 0);
	if (*len == 0) {
		snprintf(warn, warnlen,
		        "XSETTINGS: invalid settings (a name twice or not "
		        "allowed by the spec)");
		return NULL;
	}
	/* In 4-byte units, with ChangeProperty's 24-byte header. */
	if (*len / 4 + 7 > xcb_get_maximum_request_length(conn)) {
		snprintf(warn, warnlen,
		        "XSETTINGS: %zu bytes of settings is more than the "
		        "server takes in one request",
		        *len);
		return NULL;
	}
	prop = malloc(*len);
	if (!prop) {
		snprintf(warn, warnlen, "XSETTINGS: out of memory");
		return NULL;
	}
	xsettings_encode(entries, n, 0, prop, *len);
	return prop;
}

static bool start_owned(struct xsettings *xs, int screen_num, xcb_window_t root,
        const xcb_atom_t atoms[ATOM_COUNT], const uint8_t *prop, size_t len, char *warn,
        size_t warnlen)
{
	char who[320];
	bool ok;

	if (!create_window(xs, root, atoms, prop, len)) {
		snprintf(warn, warnlen, "XSETTINGS: could not create the manager window");
		return false;
	}
	xcb_window_t owner = take_if_free(xs, &ok);
	if (owner != XCB_NONE) {
		describe_owner(xs->conn, atoms, owner, who, sizeof who);
		snprintf(warn, warnlen,
		        "another XSETTINGS manager owns _XSETTINGS_S%d: %s; its settings stay "
		        "(toolkits may blink and animate)",
		        screen_num, who);
		return false;
	}
	if (!ok) {
		snprintf(warn, warnlen, "XSETTINGS: could not take _XSETTINGS_S%d", screen_num);
		return false;
	}
	announce(xs, root, atoms[ATOM_MANAGER]);
	return true;
}

bool xsettings_start(struct xsettings *xs, xcb_connection_t *conn, int screen_num,
        xcb_window_t root, const struct xsettings_entry *entries, size_t n, char *warn,
        size_t warnlen)
{
	xcb_atom_t atoms[ATOM_COUNT];
	uint8_t *prop;
	size_t len;

	*xs = (struct xsettings){.conn = conn, .state = XSETTINGS_REFUSED};
	if (warnlen)
		warn[0] = '\0';
	prop = encode_property(conn, entries, n, &len, warn, warnlen);
	if (!prop)
		return false;
	if (!intern_atoms(conn, screen_num, atoms)) {
		snprintf(warn, warnlen, "XSETTINGS: could not intern its atoms");
		goto error_prop;
	}
	xs->selection = atoms[ATOM_SELECTION];
	xs->settings = atoms[ATOM_SETTINGS];
	if (!start_owned(xs, screen_num, root, atoms, prop, len, warn, warnlen))
		goto error_window;
	free(prop);
	xs->state = XSETTINGS_ACTIVE;
	return true;

error_window:
	destroy_window(xs);
error_prop:
	free(prop);
	return false;
}

/* ICCCM 2.2: a request we cannot convert is refused, never left unanswered.
 * No client of XSETTINGS converts the selection; it exists to be owned. */
static void refuse_request(struct xsettings *xs, const xcb_selection_request_event_t *req)
{
	union event32 ev = {.notify = {
	                            .response_type = XCB_SELECTION_NOTIFY,
	                            .time = req->time,
	                            .requestor = req->requestor,
	                            .selection = req->selection,
	                            .target = req->target,
	                            .property = XCB_NONE,
	                    }};

	/* The requestor may be gone already: its BadWindow is no error of ours. */
	free(xcb_request_check(xs->conn, xcb_send_event_checked(xs->conn, 0, req->requestor,
	                                         XCB_EVENT_MASK_NO_EVENT, ev.raw)));
}

static void give_up(struct xsettings *xs)
{
	bool ok;

	xs->taken_by = selection_owner(xs->conn, xs->selection, &ok);
	destroy_window(xs);
	xs->state = XSETTINGS_GIVEN_UP;
}

bool xsettings_handle_event(struct xsettings *xs, const xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;

	if (xs->state != XSETTINGS_ACTIVE)
		return false;
	if (type == XCB_SELECTION_CLEAR) {
		const xcb_selection_clear_event_t *c = (const void *)ev;
		if (c->selection != xs->selection || c->owner != xs->window)
			return false;
		give_up(xs);
		return true;
	}
	if (type == XCB_SELECTION_REQUEST) {
		const xcb_selection_request_event_t *r = (const void *)ev;
		if (r->selection != xs->selection || r->owner != xs->window)
			return false;
		refuse_request(xs, r);
		return true;
	}
	return false;
}

void xsettings_finish(struct xsettings *xs)
{
	if (!xs)
		return;
	destroy_window(xs);
	xs->state = XSETTINGS_OFF;
}
