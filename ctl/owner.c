/* Finds the compositing manager: the owner of _NET_WM_CM_S<screen>. Checks that it is shmcomp
 * (its window carries _SHMCOMP_VERSION; anything else is named by WM_NAME or WM_CLASS), then
 * watches that window so a compositor that exits or drops the selection ends a wait at once. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xcb/xfixes.h>

#include "ctl/ctl.h"

#define NAME_MAX_CHARS 64

static bool get_owner(struct ctl_conn *cc, xcb_window_t *owner)
{
	xcb_get_selection_owner_cookie_t ck = xcb_get_selection_owner(cc->c, cc->atoms.cm_s);
	xcb_generic_error_t *err;
	xcb_get_selection_owner_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);

	if (!r)
		return ctl_x_failed(cc, err, "GetSelectionOwner");
	*owner = r->owner;
	free(r);
	return true;
}

static void report_gone(struct ctl_conn *cc)
{
	ctl_error("the compositing manager on %s went away", cc->display);
}

/* Copies the printable start of a property value (up to its first NUL, so WM_CLASS gives its
 * instance name) into buf; false when that is empty. */
static bool printable_name(const xcb_get_property_reply_t *r, char *buf, size_t size)
{
	const char *v;
	size_t len, n = 0;

	if (!r || r->format != 8)
		return false;
	v = xcb_get_property_value(r);
	len = (size_t)xcb_get_property_value_length(r);
	for (size_t i = 0; i < len && v[i] && n + 1 < size; i++)
		buf[n++] = isprint((unsigned char)v[i]) ? v[i] : '?';
	buf[n] = '\0';
	return n > 0;
}

/* The first of WM_NAME, _NET_WM_NAME, WM_CLASS that the window has, or false. */
static bool window_name(struct ctl_conn *cc, xcb_window_t win, char *buf, size_t size)
{
	const xcb_atom_t props[] = {XCB_ATOM_WM_NAME, cc->atoms.net_wm_name, XCB_ATOM_WM_CLASS};
	enum { n = sizeof(props) / sizeof(props[0]) };
	xcb_get_property_cookie_t ck[n];
	bool found = false;

	for (size_t i = 0; i < n; i++)
		ck[i] = xcb_get_property(
		        cc->c, 0, win, props[i], XCB_GET_PROPERTY_TYPE_ANY, 0, NAME_MAX_CHARS / 4);
	for (size_t i = 0; i < n; i++) {
		xcb_generic_error_t *err;
		xcb_get_property_reply_t *r = ctl_round_trip(cc, ck[i].sequence, &err);

		if (!r && !err)
			return false; /* timed out, already reported */
		free(err);
		if (!found)
			found = printable_name(r, buf, size);
		free(r);
	}
	return found;
}

static void report_not_shmcomp(struct ctl_conn *cc)
{
	char name[NAME_MAX_CHARS + 1];

	if (window_name(cc, cc->owner, name, sizeof name))
		ctl_error("the compositing manager on %s is \"%s\", not shmcomp "
		          "(window 0x%" PRIx32 " has no _SHMCOMP_VERSION)",
		        cc->display, name, cc->owner);
	else
		ctl_error("the compositing manager on %s is not shmcomp "
		          "(window 0x%" PRIx32 " has no _SHMCOMP_VERSION)",
		        cc->display, cc->owner);
}

static bool check_version(struct ctl_conn *cc)
{
	xcb_get_property_cookie_t ck = xcb_get_property(
	        cc->c, 0, cc->owner, cc->atoms.version, XCB_GET_PROPERTY_TYPE_ANY, 0, 0);
	xcb_generic_error_t *err;
	xcb_get_property_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);
	bool is_shmcomp;

	if (!r && err && err->error_code == XCB_WINDOW) {
		free(err);
		report_gone(cc);
		return false;
	}
	if (!r)
		return ctl_x_failed(cc, err, "GetProperty(_SHMCOMP_VERSION)");
	is_shmcomp = r->type != XCB_NONE;
	free(r);
	if (!is_shmcomp)
		report_not_shmcomp(cc);
	return is_shmcomp;
}

static void create_reply_window(struct ctl_conn *cc)
{
	cc->reply_win = xcb_generate_id(cc->c);
	xcb_create_window(cc->c, 0, cc->reply_win, cc->screen->root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
}

/* Select first, then look again: a compositor gone after the second look sends an event. */
static bool watch_owner(struct ctl_conn *cc)
{
	const uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY;
	xcb_window_t again = XCB_NONE;

	xcb_change_window_attributes(cc->c, cc->owner, XCB_CW_EVENT_MASK, &mask);
	if (cc->have_xfixes)
		xcb_xfixes_select_selection_input(cc->c, cc->reply_win, cc->atoms.cm_s,
		        XCB_XFIXES_SELECTION_EVENT_MASK_SET_SELECTION_OWNER |
		                XCB_XFIXES_SELECTION_EVENT_MASK_SELECTION_WINDOW_DESTROY |
		                XCB_XFIXES_SELECTION_EVENT_MASK_SELECTION_CLIENT_CLOSE);
	if (!get_owner(cc, &again))
		return false;
	/* a destroyed owner window loses the selection, so the same owner means the window was
	 * alive after our ChangeWindowAttributes: it cannot have failed */
	if (again != cc->owner) {
		report_gone(cc);
		return false;
	}
	return true;
}

bool ctl_find_shmcomp(struct ctl_conn *cc)
{
	if (!get_owner(cc, &cc->owner))
		return false;
	if (cc->owner == XCB_NONE) {
		ctl_error("no compositing manager on %s (is shmcomp running?)", cc->display);
		return false;
	}
	if (!check_version(cc))
		return false;
	create_reply_window(cc);
	return watch_owner(cc);
}
