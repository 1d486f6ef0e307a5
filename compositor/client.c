/* A window's client and what rules read from it: properties read in one
 * batch, with every value decoded by props.c (clients can set anything). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compositor/client.h"
#include "compositor/props.h"

/* How deep below the toplevel the client may sit: window managers nest frames. */
#define CLIENT_DEPTH 3

/* Breadth first below `top`, a level at a time (the WM_STATE of a level's
 * windows asked in one batch), the first window with WM_STATE; each window
 * looked at gets PropertyChange selected, so that WM_STATE set on it later is
 * seen (a client that gets WM_STATE after its frame was mapped). */
static xcb_window_t search_below(struct display *d, xcb_window_t top, bool *found)
{
	xcb_window_t level[64], next[64], client = XCB_NONE;
	size_t n = 1, nn;
	const uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;

	level[0] = top;
	for (int depth = 0; depth < CLIENT_DEPTH && n && client == XCB_NONE; depth++) {
		xcb_query_tree_cookie_t tc[64];
		nn = 0;
		for (size_t i = 0; i < n; i++)
			tc[i] = xcb_query_tree(d->conn, level[i]);
		for (size_t i = 0; i < n; i++) {
			xcb_query_tree_reply_t *t =
			        display_reply(d, xcb_query_tree_reply(d->conn, tc[i], NULL));
			xcb_window_t *kids = t ? xcb_query_tree_children(t) : NULL;
			int k = t ? xcb_query_tree_children_length(t) : 0;
			for (int j = k - 1; j >= 0 && nn < 64; j--) /* topmost first */
				next[nn++] = kids[j];
			free(t);
		}
		xcb_get_property_cookie_t pc[64];
		for (size_t i = 0; i < nn; i++) {
			xcb_change_window_attributes(d->conn, next[i], XCB_CW_EVENT_MASK, &mask);
			pc[i] = xcb_get_property(d->conn, 0, next[i], d->atoms.wm_state,
			        XCB_GET_PROPERTY_TYPE_ANY, 0, 0);
		}
		for (size_t i = 0; i < nn; i++) {
			xcb_get_property_reply_t *r =
			        display_reply(d, xcb_get_property_reply(d->conn, pc[i], NULL));
			if (r && r->type != XCB_NONE && client == XCB_NONE)
				client = next[i];
			free(r);
		}
		memcpy(level, next, nn * sizeof next[0]);
		n = nn;
	}
	*found = client != XCB_NONE;
	return *found ? client : top;
}

/* The client window: the toplevel if it has WM_STATE, else the first window
 * below it that has (reparenting window managers put the client in a frame). */
static xcb_window_t find_client(struct display *d, xcb_window_t top, bool *found)
{
	xcb_get_property_reply_t *r =
	        display_get_property(d, top, d->atoms.wm_state, XCB_GET_PROPERTY_TYPE_ANY, 0);

	*found = r && r->type != XCB_NONE;
	free(r);
	return *found ? top : search_below(d, top, found);
}

enum {
	P_NET_NAME,
	P_NAME,
	P_CLASS,
	P_ROLE,
	P_TYPE,
	P_STATE,
	P_TRANSIENT,
	P_LEADER,
	P_PID,
	P_MACHINE,
	P_COUNT
};

/* Whether WM_CLIENT_MACHINE names this machine: its host name, or that name up to
 * the first dot on either side (a short name against a fully qualified one). */
static bool this_machine(const char *name)
{
	char host[256];
	size_t a, b;

	if (gethostname(host, sizeof host) != 0)
		return false;
	host[sizeof host - 1] = '\0';
	if (strcmp(name, host) == 0)
		return true;
	a = strcspn(name, ".");
	b = strcspn(host, ".");
	return a == b && a > 0 && strncmp(name, host, a) == 0;
}

void client_read(
        struct display *d, xcb_window_t toplevel, bool override_redirect, struct win_client *out)
{
	xcb_get_property_cookie_t ck[P_COUNT];
	const xcb_atom_t props[P_COUNT] = {d->atoms.net_wm_name, XCB_ATOM_WM_NAME,
	        XCB_ATOM_WM_CLASS, d->atoms.wm_window_role, d->atoms.net_wm_window_type,
	        d->atoms.net_wm_state, XCB_ATOM_WM_TRANSIENT_FOR, d->atoms.wm_client_leader,
	        d->atoms.net_wm_pid, XCB_ATOM_WM_CLIENT_MACHINE};
	xcb_get_property_reply_t *r[P_COUNT];
	char machine[256];
	struct prop_value v;

	memset(out, 0, sizeof *out);
	out->id = find_client(d, toplevel, &out->has_wm_state);
	for (int i = 0; i < P_COUNT; i++)
		ck[i] = xcb_get_property(
		        d->conn, 0, out->id, props[i], XCB_GET_PROPERTY_TYPE_ANY, 0, 1024);
	for (int i = 0; i < P_COUNT; i++)
		r[i] = display_reply(d, xcb_get_property_reply(d->conn, ck[i], NULL));
	props_from_reply(r[P_NET_NAME], &v);
	if (!props_text(&v, d->atoms.utf8_string, out->name, sizeof out->name)) {
		props_from_reply(r[P_NAME], &v);
		props_text(&v, d->atoms.utf8_string, out->name, sizeof out->name);
	}
	props_from_reply(r[P_CLASS], &v);
	props_class(&v, out->class_i, sizeof out->class_i, out->class_g, sizeof out->class_g);
	props_from_reply(r[P_ROLE], &v);
	props_text(&v, d->atoms.utf8_string, out->role, sizeof out->role);
	props_from_reply(r[P_TYPE], &v);
	out->type = props_window_type(&v, d->atoms.wintype);
	out->types = props_window_types(&v, d->atoms.wintype);
	if (out->type == WINTYPE_UNKNOWN && !override_redirect)
		out->type = WINTYPE_NORMAL; /* EWMH: managed windows without a type */
	props_from_reply(r[P_STATE], &v);
	out->fullscreen = props_has_atom(&v, d->atoms.net_wm_state_fullscreen);
	props_from_reply(r[P_TRANSIENT], &v);
	props_xid(&v, XCB_ATOM_WINDOW, &out->transient_for);
	props_from_reply(r[P_LEADER], &v);
	props_xid(&v, XCB_ATOM_WINDOW, &out->leader);
	props_from_reply(r[P_PID], &v);
	props_xid(&v, XCB_ATOM_CARDINAL, &out->pid);
	/* a process id names a process of the machine the client runs on (EWMH) */
	props_from_reply(r[P_MACHINE], &v);
	if (out->pid && props_text(&v, d->atoms.utf8_string, machine, sizeof machine) &&
	        machine[0] && !this_machine(machine)) {
		out->remote = true;
		out->pid = 0;
	}
	for (int i = 0; i < P_COUNT; i++)
		free(r[i]);
}

bool client_atom_matters(const struct display *d, xcb_atom_t atom)
{
	const struct display_atoms *a = &d->atoms;

	return atom == a->net_wm_name || atom == XCB_ATOM_WM_NAME || atom == XCB_ATOM_WM_CLASS ||
	       atom == a->wm_window_role || atom == a->net_wm_window_type ||
	       atom == a->net_wm_state || atom == a->wm_state ||
	       atom == XCB_ATOM_WM_TRANSIENT_FOR || atom == a->wm_client_leader ||
	       atom == a->net_wm_pid || atom == XCB_ATOM_WM_CLIENT_MACHINE;
}
