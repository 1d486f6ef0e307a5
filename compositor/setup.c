/* Becoming the compositing manager: the connection, the required extensions,
 * the _NET_WM_CM_S<n> selection (with --replace), the overlay window with an
 * empty input shape, and manual redirection of the root's children; and the
 * reverse of all that on the way out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xcb/composite.h>
#include <xcb/damage.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "compositor/comp.h"
#include "compositor/ctl-proto.h"
#include "compositor/keys.h"
#include "compositor/props.h"
#include "version.h"

xcb_atom_t comp_intern(xcb_connection_t *conn, const char *name)
{
	xcb_intern_atom_reply_t *r = xcb_intern_atom_reply(conn,
		xcb_intern_atom(conn, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_NONE;

	free(r);
	return a;
}

/* All atoms in one round trip. */
static void intern_atoms(struct comp *c)
{
	static const char *const types[WINTYPE_COUNT] = {"", "DESKTOP", "DOCK", "TOOLBAR",
		"MENU", "UTILITY", "SPLASH", "DIALOG", "NORMAL", "DROPDOWN_MENU", "POPUP_MENU",
		"TOOLTIP", "NOTIFICATION", "COMBO", "DND"};
	struct comp_atoms *a = &c->atoms;
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
		{&a->net_wm_pid, "_NET_WM_PID"},
		{&a->net_wm_name, "_NET_WM_NAME"},
		{&a->utf8_string, "UTF8_STRING"},
		{&a->wm_state, "WM_STATE"},
		{&a->wm_window_role, "WM_WINDOW_ROLE"},
		{&a->net_wm_window_type, "_NET_WM_WINDOW_TYPE"},
		{&a->net_wm_state, "_NET_WM_STATE"},
		{&a->net_wm_state_fullscreen, "_NET_WM_STATE_FULLSCREEN"},
		{&a->net_active_window, "_NET_ACTIVE_WINDOW"},
	};
	const size_t fixed = sizeof list / sizeof list[0];
	xcb_intern_atom_cookie_t cookies[sizeof list / sizeof list[0] + WINTYPE_COUNT];

	snprintf(sel, sizeof sel, "_NET_WM_CM_S%d", c->screen_num);
	for (size_t i = 0; i < fixed; i++)
		cookies[i] = xcb_intern_atom(c->conn, 0, (uint16_t)strlen(list[i].name),
			list[i].name);
	for (int t = 1; t < WINTYPE_COUNT; t++) {
		snprintf(names[t], sizeof names[t], "_NET_WM_WINDOW_TYPE_%s", types[t]);
		cookies[fixed + (size_t)t] = xcb_intern_atom(c->conn, 0,
			(uint16_t)strlen(names[t]), names[t]);
	}
	for (size_t i = 0; i < fixed + WINTYPE_COUNT; i++) {
		if (i == fixed) /* WINTYPE_UNKNOWN has no atom */
			continue;
		xcb_intern_atom_reply_t *r = xcb_intern_atom_reply(c->conn, cookies[i], NULL);
		xcb_atom_t atom = r ? r->atom : XCB_NONE;
		free(r);
		if (i < fixed)
			*list[i].out = atom;
		else
			a->wintype[i - fixed] = atom;
	}
}

static bool need_ext(struct comp *c, xcb_extension_t *ext, const char *name, char *err,
	size_t errlen)
{
	const xcb_query_extension_reply_t *r = xcb_get_extension_data(c->conn, ext);

	if (r && r->present)
		return true;
	snprintf(err, errlen, "the X server lacks the %s extension, which shmcomp needs", name);
	return false;
}

/* Every extension is asked its version first: Damage and XFixes require it. */
static bool init_extensions(struct comp *c, char *err, size_t errlen)
{
	if (!need_ext(c, &xcb_composite_id, "Composite", err, errlen) ||
		!need_ext(c, &xcb_damage_id, "DAMAGE", err, errlen) ||
		!need_ext(c, &xcb_xfixes_id, "XFIXES", err, errlen) ||
		!need_ext(c, &xcb_present_id, "Present", err, errlen) ||
		!need_ext(c, &xcb_shape_id, "SHAPE", err, errlen))
		return false;
	xcb_composite_query_version_reply_t *cv = xcb_composite_query_version_reply(c->conn,
		xcb_composite_query_version(c->conn, 0, 4), NULL);
	xcb_damage_query_version_reply_t *dv = xcb_damage_query_version_reply(c->conn,
		xcb_damage_query_version(c->conn, 1, 1), NULL);
	xcb_xfixes_query_version_reply_t *fv = xcb_xfixes_query_version_reply(c->conn,
		xcb_xfixes_query_version(c->conn, 5, 0), NULL);
	xcb_present_query_version_reply_t *pv = xcb_present_query_version_reply(c->conn,
		xcb_present_query_version(c->conn, 1, 2), NULL);
	bool ok = cv && dv && fv && pv && (cv->major_version > 0 || cv->minor_version >= 3) &&
		fv->major_version >= 2;
	free(cv);
	free(dv);
	free(fv);
	free(pv);
	if (!ok) {
		snprintf(err, errlen, "Composite >= 0.3 and XFIXES >= 2 are needed");
		return false;
	}
	c->ext.damage_event = xcb_get_extension_data(c->conn, &xcb_damage_id)->first_event;
	c->ext.shape_event = xcb_get_extension_data(c->conn, &xcb_shape_id)->first_event;
	c->ext.present_opcode = xcb_get_extension_data(c->conn, &xcb_present_id)->major_opcode;
	const xcb_query_extension_reply_t *rr = xcb_get_extension_data(c->conn, &xcb_randr_id);
	if (rr && rr->present) {
		free(xcb_randr_query_version_reply(c->conn,
			xcb_randr_query_version(c->conn, 1, 2), NULL));
		c->ext.randr = true;
		c->ext.randr_event = rr->first_event;
	}
	return true;
}

static bool check_depth(struct comp *c, char *err, size_t errlen)
{
	uint8_t d = c->screen->root_depth;

	if (d == 24 || d == 16)
		return true;
	snprintf(err, errlen,
		"the screen has depth %u; shmcomp supports depth 24 and 16 "
		"(start Xvfb with -screen 0 WxHx24)",
		d);
	return false;
}

/* Composite provides a 32-bit TrueColor visual for translucent clients. */
static bool check_argb_visual(struct comp *c, char *err, size_t errlen)
{
	xcb_depth_iterator_t d = xcb_screen_allowed_depths_iterator(c->screen);

	for (; d.rem; xcb_depth_next(&d)) {
		xcb_visualtype_iterator_t v = xcb_depth_visuals_iterator(d.data);
		for (; d.data->depth == 32 && v.rem; xcb_visualtype_next(&v))
			if (v.data->_class == XCB_VISUAL_CLASS_TRUE_COLOR)
				return true;
	}
	snprintf(err, errlen,
		"the screen has no 32-bit TrueColor (ARGB) visual; start the X server with "
		"the Composite extension enabled (it adds one)");
	return false;
}

static xcb_get_property_reply_t *get_property(struct comp *c, xcb_window_t w, xcb_atom_t prop,
	xcb_atom_t type)
{
	return xcb_get_property_reply(c->conn,
		xcb_get_property(c->conn, 0, w, prop, type, 0, 256), NULL);
}

/* "'picom' (class picom picom, pid 123)" for the window that owns the selection;
 * its properties are decoded by props.c like any client's. */
static void describe_owner(struct comp *c, xcb_window_t owner, char *out, size_t outlen)
{
	xcb_get_property_reply_t *r[4] = {
		get_property(c, owner, c->atoms.net_wm_name, c->atoms.utf8_string),
		get_property(c, owner, XCB_ATOM_WM_NAME, XCB_ATOM_STRING),
		get_property(c, owner, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING),
		get_property(c, owner, c->atoms.net_wm_pid, XCB_ATOM_CARDINAL),
	};
	char name[256], inst[128], cls[128];
	struct prop_value v[4];
	uint32_t pid = 0;

	for (int i = 0; i < 4; i++)
		props_from_reply(r[i], &v[i]);
	bool has_name = props_text(&v[0], c->atoms.utf8_string, name, sizeof name) ||
		props_text(&v[1], c->atoms.utf8_string, name, sizeof name);
	bool has_class = props_class(&v[2], inst, sizeof inst, cls, sizeof cls);
	props_xid(&v[3], XCB_ATOM_CARDINAL, &pid);
	int n = snprintf(out, outlen, "window 0x%x", owner);
	if (has_name && n > 0 && (size_t)n < outlen)
		n += snprintf(out + n, outlen - (size_t)n, " '%s'", name);
	if (has_class && n > 0 && (size_t)n < outlen)
		n += snprintf(out + n, outlen - (size_t)n, " (class %s %s)", inst, cls);
	if (pid && n > 0 && (size_t)n < outlen)
		snprintf(out + n, outlen - (size_t)n, " pid %u", pid);
	for (int i = 0; i < 4; i++)
		free(r[i]);
}

static void set_identity(struct comp *c)
{
	static const char cls[] = "shmcomp\0shmcomp";
	const char *ver = "shmcomp " SHMCOMP_VERSION;
	uint32_t pid = (uint32_t)getpid();

	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, c->cm_window, XCB_ATOM_WM_NAME,
		XCB_ATOM_STRING, 8, 7, "shmcomp");
	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, c->cm_window, c->atoms.net_wm_name,
		c->atoms.utf8_string, 8, 7, "shmcomp");
	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, c->cm_window, XCB_ATOM_WM_CLASS,
		XCB_ATOM_STRING, 8, sizeof cls, cls);
	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, c->cm_window, c->atoms.net_wm_pid,
		XCB_ATOM_CARDINAL, 32, 1, &pid);
	xcb_change_property(c->conn, XCB_PROP_MODE_REPLACE, c->cm_window, c->atoms.ctl_version,
		XCB_ATOM_STRING, 8, (uint32_t)strlen(ver), ver);
}

/* Waits (at most 5 s) for the old owner's window to be destroyed. */
static void wait_for_old_owner(struct comp *c, xcb_window_t old)
{
	for (int i = 0; i < 500; i++) {
		xcb_get_window_attributes_reply_t *r = xcb_get_window_attributes_reply(c->conn,
			xcb_get_window_attributes(c->conn, old), NULL);
		if (!r)
			return;
		free(r);
		usleep(10000);
	}
	comp_log(&c->log, LOG_WARN,
		"the previous compositing manager (window 0x%x) did not go away within 5 s; "
		"going on",
		old);
}

/* Refuses when another compositing manager holds the selection, unless
 * --replace; `old` gets its window. */
static bool check_selection(struct comp *c, xcb_window_t *old, char *err, size_t errlen)
{
	xcb_get_selection_owner_reply_t *r = xcb_get_selection_owner_reply(c->conn,
		xcb_get_selection_owner(c->conn, c->atoms.cm_selection), NULL);
	char who[512];

	*old = r ? r->owner : XCB_NONE;
	free(r);
	if (*old == XCB_NONE || c->opt.replace)
		return true;
	describe_owner(c, *old, who, sizeof who);
	snprintf(err, errlen,
		"another compositing manager is running on screen %d: %s; "
		"use --replace to take over",
		c->screen_num, who);
	return false;
}

static bool own_selection(struct comp *c, xcb_window_t old, char *err, size_t errlen)
{
	xcb_get_selection_owner_reply_t *r;
	uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;

	c->cm_window = xcb_generate_id(c->conn);
	xcb_create_window(c->conn, 0, c->cm_window, c->screen->root, -1, -1, 1, 1, 0,
		XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, XCB_CW_EVENT_MASK, &mask);
	set_identity(c);
	xcb_set_selection_owner(c->conn, c->cm_window, c->atoms.cm_selection, XCB_CURRENT_TIME);
	r = xcb_get_selection_owner_reply(c->conn,
		xcb_get_selection_owner(c->conn, c->atoms.cm_selection), NULL);
	bool ours = r && r->owner == c->cm_window;
	free(r);
	if (!ours) {
		snprintf(err, errlen, "could not take the _NET_WM_CM_S%d selection", c->screen_num);
		return false;
	}
	if (old != XCB_NONE)
		wait_for_old_owner(c, old);
	return true;
}

static bool make_overlay(struct comp *c, char *err, size_t errlen)
{
	xcb_composite_get_overlay_window_reply_t *r = xcb_composite_get_overlay_window_reply(
		c->conn, xcb_composite_get_overlay_window(c->conn, c->screen->root), NULL);

	if (!r) {
		snprintf(err, errlen, "could not get the Composite overlay window");
		return false;
	}
	c->overlay = r->overlay_win;
	free(r);
	/* Input passes through the overlay to the windows below. */
	xcb_xfixes_region_t empty = xcb_generate_id(c->conn);
	xcb_xfixes_create_region(c->conn, empty, 0, NULL);
	xcb_xfixes_set_window_shape_region(c->conn, c->overlay, XCB_SHAPE_SK_INPUT, 0, 0, empty);
	xcb_xfixes_destroy_region(c->conn, empty);
	return true;
}

static bool redirect(struct comp *c, char *err, size_t errlen)
{
	xcb_generic_error_t *e = xcb_request_check(c->conn,
		xcb_composite_redirect_subwindows_checked(c->conn, c->screen->root,
			XCB_COMPOSITE_REDIRECT_MANUAL));

	if (e) {
		snprintf(err, errlen,
			"another client already redirects the root window's children "
			"(a compositor that does not own _NET_WM_CM_S%d?)",
			c->screen_num);
		free(e);
		return false;
	}
	c->redirected = true;
	return true;
}

static bool connect_display(struct comp *c, char *err, size_t errlen)
{
	c->conn = xcb_connect(c->opt.display, &c->screen_num);
	if (xcb_connection_has_error(c->conn)) {
		const char *d = c->opt.display ? c->opt.display : getenv("DISPLAY");
		snprintf(err, errlen, "cannot open display '%s'", d ? d : "");
		return false;
	}
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(c->conn));
	for (int i = 0; i < c->screen_num && it.rem; i++)
		xcb_screen_next(&it);
	c->screen = it.data;
	c->width = c->screen->width_in_pixels;
	c->height = c->screen->height_in_pixels;
	return true;
}

static bool make_shm(struct comp *c, char *err, size_t errlen)
{
	struct shm_options o = {.backend = c->opt.shm};
	char msg[300];

	c->shm = shm_ctx_create(c->conn, c->screen, &o, msg, sizeof msg);
	if (!c->shm) {
		snprintf(err, errlen, "%s", msg);
		return false;
	}
	if (shm_ctx_backend_note(c->shm)[0])
		comp_log(&c->log, LOG_INFO, "shared memory: %s (%s)",
			shm_backend_name(shm_ctx_backend(c->shm)), shm_ctx_backend_note(c->shm));
	else
		comp_log(&c->log, LOG_INFO, "shared memory: %s",
			shm_backend_name(shm_ctx_backend(c->shm)));
	return true;
}

bool comp_setup(struct comp *c, char *err, size_t errlen)
{
	if (!connect_display(c, err, errlen) || !check_depth(c, err, errlen) ||
		!init_extensions(c, err, errlen) || !check_argb_visual(c, err, errlen) ||
		!make_shm(c, err, errlen))
		return false;
	intern_atoms(c);
	xcb_window_t old;
	if (!check_selection(c, &old, err, errlen))
		return false;
	/* With --replace the old manager must let go (and unredirect) first;
	 * otherwise the selection is taken last, so that owning it means shmcomp
	 * already tracks every window (tests and scripts wait for the owner). */
	if (c->opt.replace && !own_selection(c, old, err, errlen))
		return false;
	if (!make_overlay(c, err, errlen))
		return false;
	c->render = render_ctx_create();
	if (!c->render) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	if (!redirect(c, err, errlen) || !comp_present_init(c))
		return false;
	char kerr[256];
	c->keys = keys_create(c->conn, c->screen->root, kerr, sizeof kerr);
	if (!c->keys)
		comp_log(&c->log, LOG_WARN, "key bindings disabled: %s", kerr);
	if (!comp_windows_init(c)) {
		snprintf(err, errlen, "could not read the window tree");
		return false;
	}
	comp_background_update(c);
	comp_damage_all(c);
	return c->opt.replace || own_selection(c, XCB_NONE, err, errlen);
}

/* Reverse order of comp_setup; accepts a half-built context. */
void comp_teardown(struct comp *c)
{
	keys_destroy(c->keys);
	c->keys = NULL;
	comp_ctl_finish(c);
	comp_windows_finish(c);
	comp_background_finish(c);
	comp_present_finish(c);
	if (c->redirected) {
		xcb_composite_unredirect_subwindows(c->conn, c->screen->root,
			XCB_COMPOSITE_REDIRECT_MANUAL);
		c->redirected = false;
	}
	render_ctx_destroy(c->render);
	c->render = NULL;
	if (c->overlay != XCB_NONE) {
		xcb_composite_release_overlay_window(c->conn, c->screen->root);
		c->overlay = XCB_NONE;
	}
	if (c->cm_window != XCB_NONE) {
		xcb_destroy_window(c->conn, c->cm_window);
		c->cm_window = XCB_NONE;
	}
	shm_ctx_destroy(c->shm);
	c->shm = NULL;
	free(c->rw);
	c->rw = NULL;
	if (c->conn) {
		xcb_flush(c->conn);
		xcb_disconnect(c->conn);
		c->conn = NULL;
	}
}
