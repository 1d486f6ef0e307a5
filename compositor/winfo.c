/* Window information for rules: properties read in one batch, with every
 * value decoded by props.c (clients can set anything). */
#include <stdlib.h>
#include <string.h>

#include "compositor/comp.h"
#include "compositor/props.h"
#include "compositor/winfo.h"

#define MAX_TREE_DEPTH 16

static bool has_property(struct comp *c, xcb_window_t w, xcb_atom_t prop)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(c->conn,
		xcb_get_property(c->conn, 0, w, prop, XCB_GET_PROPERTY_TYPE_ANY, 0, 0), NULL);
	bool has = r && r->type != XCB_NONE;

	free(r);
	return has;
}

/* The client window: the toplevel if it has WM_STATE, else the first child
 * that has it (reparenting window managers put the client in a frame). */
static xcb_window_t find_client(struct comp *c, xcb_window_t top, bool *found)
{
	xcb_query_tree_reply_t *tree;
	xcb_window_t client = top;

	*found = has_property(c, top, c->atoms.wm_state);
	if (*found)
		return top;
	tree = xcb_query_tree_reply(c->conn, xcb_query_tree(c->conn, top), NULL);
	if (!tree)
		return top;
	xcb_window_t *kids = xcb_query_tree_children(tree);
	int n = xcb_query_tree_children_length(tree);
	for (int i = n - 1; i >= 0; i--) {
		if (has_property(c, kids[i], c->atoms.wm_state)) {
			client = kids[i];
			*found = true;
			break;
		}
	}
	free(tree);
	return client;
}

enum { P_NET_NAME, P_NAME, P_CLASS, P_ROLE, P_TYPE, P_STATE, P_COUNT };

void winfo_read(struct comp *c, xcb_window_t toplevel, bool override_redirect,
	struct win_info *out)
{
	xcb_get_property_cookie_t ck[P_COUNT];
	const xcb_atom_t props[P_COUNT] = {c->atoms.net_wm_name, XCB_ATOM_WM_NAME,
		XCB_ATOM_WM_CLASS, c->atoms.wm_window_role, c->atoms.net_wm_window_type,
		c->atoms.net_wm_state};
	xcb_get_property_reply_t *r[P_COUNT];
	struct prop_value v;

	memset(out, 0, sizeof *out);
	out->client = find_client(c, toplevel, &out->has_wm_state);
	for (int i = 0; i < P_COUNT; i++)
		ck[i] = xcb_get_property(c->conn, 0, out->client, props[i],
			XCB_GET_PROPERTY_TYPE_ANY, 0, 1024);
	for (int i = 0; i < P_COUNT; i++)
		r[i] = xcb_get_property_reply(c->conn, ck[i], NULL);
	props_from_reply(r[P_NET_NAME], &v);
	if (!props_text(&v, c->atoms.utf8_string, out->name, sizeof out->name)) {
		props_from_reply(r[P_NAME], &v);
		props_text(&v, c->atoms.utf8_string, out->name, sizeof out->name);
	}
	props_from_reply(r[P_CLASS], &v);
	props_class(&v, out->class_i, sizeof out->class_i, out->class_g, sizeof out->class_g);
	props_from_reply(r[P_ROLE], &v);
	props_text(&v, c->atoms.utf8_string, out->role, sizeof out->role);
	props_from_reply(r[P_TYPE], &v);
	out->type = props_window_type(&v, c->atoms.wintype);
	if (out->type == WINTYPE_UNKNOWN && !override_redirect)
		out->type = WINTYPE_NORMAL; /* EWMH: managed windows without a type */
	props_from_reply(r[P_STATE], &v);
	out->fullscreen = props_has_atom(&v, c->atoms.net_wm_state_fullscreen);
	for (int i = 0; i < P_COUNT; i++)
		free(r[i]);
}

bool winfo_atom_matters(const struct comp *c, xcb_atom_t atom)
{
	return atom == c->atoms.net_wm_name || atom == XCB_ATOM_WM_NAME ||
		atom == XCB_ATOM_WM_CLASS || atom == c->atoms.wm_window_role ||
		atom == c->atoms.net_wm_window_type || atom == c->atoms.net_wm_state ||
		atom == c->atoms.wm_state;
}

xcb_window_t winfo_toplevel_of(struct comp *c, xcb_window_t w)
{
	for (int depth = 0; w != XCB_NONE && depth < MAX_TREE_DEPTH; depth++) {
		if (wintrack_find(c->wt, w))
			return w;
		xcb_query_tree_reply_t *t =
			xcb_query_tree_reply(c->conn, xcb_query_tree(c->conn, w), NULL);
		if (!t)
			return XCB_NONE;
		xcb_window_t parent = t->parent;
		bool at_root = t->parent == t->root;
		free(t);
		if (at_root)
			return wintrack_find(c->wt, w) ? w : XCB_NONE;
		w = parent;
	}
	return XCB_NONE;
}
