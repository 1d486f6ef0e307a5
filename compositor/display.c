/* Connecting to the display, checking the screen and the extensions, and
 * interning atoms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/damage.h>
#include <xcb/present.h>
#include <xcb/randr.h>
#include <xcb/shape.h>
#include <xcb/xfixes.h>

#include "compositor/display.h"
#include "proto/ctl-proto.h"

void *display_reply(struct display *d, void *reply)
{
	if (reply && fault_fail(d->fault, FAULT_X_REPLY)) {
		free(reply);
		return NULL;
	}
	return reply;
}

xcb_generic_error_t *display_injected_error(struct display *d)
{
	xcb_generic_error_t *e = NULL;

	if (fault_fail(d->fault, FAULT_X_CHECK) && (e = calloc(1, sizeof *e)))
		e->error_code = XCB_ACCESS;
	return e;
}

xcb_get_property_reply_t *display_get_property(
        struct display *d, xcb_window_t w, xcb_atom_t prop, xcb_atom_t type, uint32_t long_length)
{
	return display_reply(
	        d, xcb_get_property_reply(d->conn,
	                   xcb_get_property(d->conn, 0, w, prop, type, 0, long_length), NULL));
}

xcb_atom_t display_intern(struct display *d, const char *name)
{
	xcb_intern_atom_reply_t *r = display_reply(
	        d, xcb_intern_atom_reply(d->conn,
	                   xcb_intern_atom(d->conn, 0, (uint16_t)strlen(name), name), NULL));
	xcb_atom_t a = r ? r->atom : XCB_NONE;

	free(r);
	return a;
}

static bool check_depth(const struct display *d, char *err, size_t errlen)
{
	uint8_t depth = d->screen->root_depth;

	if (depth == 24 || depth == 16)
		return true;
	snprintf(err, errlen,
	        "the screen has depth %u; shmcomp supports depth 24 and 16 "
	        "(start Xvfb with -screen 0 WxHx24)",
	        depth);
	return false;
}

/* Composite provides a 32-bit TrueColor visual for translucent clients. */
static bool check_argb_visual(const struct display *d, char *err, size_t errlen)
{
	xcb_depth_iterator_t it = xcb_screen_allowed_depths_iterator(d->screen);

	for (; it.rem; xcb_depth_next(&it)) {
		xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(it.data);
		for (; it.data->depth == 32 && v.rem; xcb_visualtype_next(&v))
			if (v.data->_class == XCB_VISUAL_CLASS_TRUE_COLOR)
				return true;
	}
	snprintf(err, errlen,
	        "the screen has no 32-bit TrueColor (ARGB) visual; start the X server with "
	        "the Composite extension enabled (it adds one)");
	return false;
}

bool display_open(struct display *d, const char *name, char *err, size_t errlen)
{
	const char *shown = name ? name : getenv("DISPLAY");
	int nscreens;

	d->name = name;
	d->conn = xcb_connect(name, &d->screen_num);
	if (xcb_connection_has_error(d->conn) || fault_fail(d->fault, FAULT_X_CONNECT)) {
		snprintf(err, errlen, "cannot open display '%s'", shown ? shown : "");
		return false;
	}
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(d->conn));
	nscreens = it.rem;
	for (int i = 0; i < d->screen_num && it.rem; i++)
		xcb_screen_next(&it);
	if (d->screen_num < 0 || d->screen_num >= nscreens || !it.data) {
		snprintf(err, errlen, "display '%s' has no screen %d (it has %d)",
		        shown ? shown : "", d->screen_num, nscreens);
		return false;
	}
	d->screen = it.data;
	d->root = d->screen->root;
	return check_depth(d, err, errlen) && check_argb_visual(d, err, errlen);
}

static bool need_ext(
        struct display *d, xcb_extension_t *ext, const char *name, char *err, size_t errlen)
{
	const xcb_query_extension_reply_t *r = xcb_get_extension_data(d->conn, ext);

	if (r && r->present)
		return true;
	snprintf(err, errlen, "the X server lacks the %s extension, which shmcomp needs", name);
	return false;
}

/* Every extension is asked its version first: Damage and XFixes require it. */
static bool query_versions(struct display *d, char *err, size_t errlen)
{
	xcb_connection_t *c = d->conn;
	xcb_composite_query_version_cookie_t cc = xcb_composite_query_version(c, 0, 4);
	xcb_damage_query_version_cookie_t dc = xcb_damage_query_version(c, 1, 1);
	xcb_xfixes_query_version_cookie_t fc = xcb_xfixes_query_version(c, 5, 0);
	xcb_present_query_version_cookie_t pc = xcb_present_query_version(c, 1, 2);
	xcb_composite_query_version_reply_t *cv =
	        display_reply(d, xcb_composite_query_version_reply(c, cc, NULL));
	xcb_damage_query_version_reply_t *dv =
	        display_reply(d, xcb_damage_query_version_reply(c, dc, NULL));
	xcb_xfixes_query_version_reply_t *fv =
	        display_reply(d, xcb_xfixes_query_version_reply(c, fc, NULL));
	xcb_present_query_version_reply_t *pv =
	        display_reply(d, xcb_present_query_version_reply(c, pc, NULL));
	bool ok = cv && dv && fv && pv && (cv->major_version > 0 || cv->minor_version >= 3) &&
	          fv->major_version >= 2;

	if (!ok)
		snprintf(err, errlen, "%s",
		        cv && dv && fv && pv
		                ? "Composite >= 0.3 and XFIXES >= 2 are needed"
		                : "the X server did not answer an extension's version query");
	free(cv);
	free(dv);
	free(fv);
	free(pv);
	return ok;
}

bool display_init_extensions(struct display *d, char *err, size_t errlen)
{
	if (!need_ext(d, &xcb_composite_id, "Composite", err, errlen) ||
	        !need_ext(d, &xcb_damage_id, "DAMAGE", err, errlen) ||
	        !need_ext(d, &xcb_xfixes_id, "XFIXES", err, errlen) ||
	        !need_ext(d, &xcb_present_id, "Present", err, errlen) ||
	        !need_ext(d, &xcb_shape_id, "SHAPE", err, errlen) ||
	        !query_versions(d, err, errlen))
		return false;
	d->ext.damage_event = xcb_get_extension_data(d->conn, &xcb_damage_id)->first_event;
	d->ext.damage_error = xcb_get_extension_data(d->conn, &xcb_damage_id)->first_error;
	d->ext.shape_event = xcb_get_extension_data(d->conn, &xcb_shape_id)->first_event;
	d->ext.composite_opcode = xcb_get_extension_data(d->conn, &xcb_composite_id)->major_opcode;
	const xcb_query_extension_reply_t *rr = xcb_get_extension_data(d->conn, &xcb_randr_id);
	if (rr && rr->present) {
		xcb_randr_query_version_reply_t *v =
		        display_reply(d, xcb_randr_query_version_reply(d->conn,
		                                 xcb_randr_query_version(d->conn, 1, 2), NULL));
		d->ext.randr = v != NULL; /* without it, RandR is not used */
		d->ext.randr_event = rr->first_event;
		free(v);
	}
	return true;
}

/* All atoms in one round trip. */
bool display_intern_atoms(struct display *d, char *err, size_t errlen)
{
	static const char *const types[WINTYPE_COUNT] = {"", "DESKTOP", "DOCK", "TOOLBAR", "MENU",
	        "UTILITY", "SPLASH", "DIALOG", "NORMAL", "DROPDOWN_MENU", "POPUP_MENU", "TOOLTIP",
	        "NOTIFICATION", "COMBO", "DND"};
	struct display_atoms *a = &d->atoms;
	char sel[32], names[WINTYPE_COUNT][48];
	struct {
		xcb_atom_t *out;
		const char *name;
	} list[] = {
	        {&a->cm_selection, sel},
	        {&a->opacity, "_NET_WM_WINDOW_OPACITY"},
	        {&a->xrootpmap, "_XROOTPMAP_ID"},
	        {&a->esetroot, "ESETROOT_PMAP_ID"},
	        {&a->ctl_version, CTL_ATOM_VERSION},
	        {&a->ctl_request, CTL_ATOM_REQUEST},
	        {&a->ctl_reply, CTL_ATOM_REPLY},
	        {&a->ctl_text, CTL_ATOM_TEXT},
	        {&a->ctl_args, CTL_ATOM_ARGS},
	        {&a->net_wm_pid, "_NET_WM_PID"},
	        {&a->net_wm_name, "_NET_WM_NAME"},
	        {&a->utf8_string, "UTF8_STRING"},
	        {&a->wm_state, "WM_STATE"},
	        {&a->wm_window_role, "WM_WINDOW_ROLE"},
	        {&a->net_wm_window_type, "_NET_WM_WINDOW_TYPE"},
	        {&a->net_wm_state, "_NET_WM_STATE"},
	        {&a->net_wm_state_fullscreen, "_NET_WM_STATE_FULLSCREEN"},
	        {&a->net_active_window, "_NET_ACTIVE_WINDOW"},
	        {&a->wm_client_leader, "WM_CLIENT_LEADER"},
	        {&a->c_string, "C_STRING"},
	};
	const size_t fixed = sizeof list / sizeof list[0];
	xcb_intern_atom_cookie_t cookies[sizeof list / sizeof list[0] + WINTYPE_COUNT];
	bool ok = true;

	snprintf(sel, sizeof sel, "_NET_WM_CM_S%d", d->screen_num);
	for (size_t i = 0; i < fixed; i++)
		cookies[i] =
		        xcb_intern_atom(d->conn, 0, (uint16_t)strlen(list[i].name), list[i].name);
	for (int t = 1; t < WINTYPE_COUNT; t++) {
		snprintf(names[t], sizeof names[t], "_NET_WM_WINDOW_TYPE_%s", types[t]);
		cookies[fixed + (size_t)t] =
		        xcb_intern_atom(d->conn, 0, (uint16_t)strlen(names[t]), names[t]);
	}
	for (size_t i = 0; i < fixed + WINTYPE_COUNT; i++) {
		if (i == fixed) /* WINTYPE_UNKNOWN has no atom */
			continue;
		xcb_intern_atom_reply_t *r =
		        display_reply(d, xcb_intern_atom_reply(d->conn, cookies[i], NULL));
		xcb_atom_t atom = r ? r->atom : XCB_NONE;
		ok &= atom != XCB_NONE;
		free(r);
		if (i < fixed)
			*list[i].out = atom;
		else
			a->wintype[i - fixed] = atom;
	}
	if (!ok)
		snprintf(err, errlen, "the X server did not intern the atoms shmcomp needs");
	return ok;
}

void display_close(struct display *d)
{
	if (!d->conn)
		return;
	xcb_flush(d->conn);
	xcb_disconnect(d->conn);
	d->conn = NULL;
	d->screen = NULL;
}
