/* Becoming the compositing manager: the connection, the required extensions,
 * the _NET_WM_CM_S<n> selection (with --replace), the overlay window with an
 * empty input shape, manual redirection of the root's children, and every part
 * set up in order; and the reverse of all that on the way out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xcb/composite.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "compositor/comp.h"
#include "compositor/keys.h"
#include "compositor/props.h"
#include "proto/ctl-proto.h"
#include "version.h"

/* "'picom' (class picom picom, pid 123)" for the window that owns the selection;
 * its properties are decoded by props.c like any client's. */
static void describe_owner(struct comp *c, xcb_window_t owner, char *out, size_t outlen)
{
	struct display *d = &c->dpy;
	xcb_get_property_reply_t *r[4] = {
	        display_get_property(d, owner, d->atoms.net_wm_name, d->atoms.utf8_string, 256),
	        display_get_property(d, owner, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 256),
	        display_get_property(d, owner, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 256),
	        display_get_property(d, owner, d->atoms.net_wm_pid, XCB_ATOM_CARDINAL, 256),
	};
	char name[256], inst[128], cls[128];
	struct prop_value v[4];
	uint32_t pid = 0;

	for (int i = 0; i < 4; i++)
		props_from_reply(r[i], &v[i]);
	bool has_name = props_text(&v[0], d->atoms.utf8_string, name, sizeof name) ||
	                props_text(&v[1], d->atoms.utf8_string, name, sizeof name);
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
	xcb_connection_t *conn = c->dpy.conn;
	xcb_window_t w = c->cm.window;
	const struct display_atoms *a = &c->dpy.atoms;

	xcb_change_property(
	        conn, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8, 7, "shmcomp");
	xcb_change_property(
	        conn, XCB_PROP_MODE_REPLACE, w, a->net_wm_name, a->utf8_string, 8, 7, "shmcomp");
	xcb_change_property(conn, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
	        sizeof cls, cls);
	xcb_change_property(
	        conn, XCB_PROP_MODE_REPLACE, w, a->net_wm_pid, XCB_ATOM_CARDINAL, 32, 1, &pid);
	xcb_change_property(conn, XCB_PROP_MODE_REPLACE, w, a->ctl_version, XCB_ATOM_STRING, 8,
	        (uint32_t)strlen(ver), ver);
}

/* Waits (at most 5 s) for the old owner's window to be destroyed. */
static void wait_for_old_owner(struct comp *c, xcb_window_t old)
{
	for (int i = 0; i < 500; i++) {
		xcb_get_window_attributes_reply_t *r = xcb_get_window_attributes_reply(
		        c->dpy.conn, xcb_get_window_attributes(c->dpy.conn, old), NULL);
		if (!r)
			return;
		free(r);
		usleep(10000);
	}
	comp_log(&c->log, COMP_LOG_WARN,
	        "the previous compositing manager (window 0x%x) did not go away within 5 s; "
	        "going on",
	        old);
}

/* Refuses when another compositing manager holds the selection, unless
 * --replace; `old` gets its window. */
static bool check_selection(struct comp *c, xcb_window_t *old, char *err, size_t errlen)
{
	xcb_get_selection_owner_reply_t *r = display_reply(&c->dpy,
	        xcb_get_selection_owner_reply(c->dpy.conn,
	                xcb_get_selection_owner(c->dpy.conn, c->dpy.atoms.cm_selection), NULL));
	char who[512];

	if (!r) {
		snprintf(err, errlen, "could not ask who owns the _NET_WM_CM_S%d selection",
		        c->dpy.screen_num);
		return false;
	}
	*old = r->owner;
	free(r);
	if (*old == XCB_NONE || c->opt.replace)
		return true;
	describe_owner(c, *old, who, sizeof who);
	snprintf(err, errlen,
	        "another compositing manager is running on screen %d: %s; "
	        "use --replace to take over",
	        c->dpy.screen_num, who);
	return false;
}

static bool own_selection(struct comp *c, xcb_window_t old, char *err, size_t errlen)
{
	xcb_connection_t *conn = c->dpy.conn;
	uint32_t mask = XCB_EVENT_MASK_PROPERTY_CHANGE;

	c->cm.window = xcb_generate_id(conn);
	c->windows.own = c->cm.window; /* its CreateNotify may come after the window list */
	xcb_create_window(conn, 0, c->cm.window, c->dpy.root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, XCB_CW_EVENT_MASK, &mask);
	set_identity(c);
	xcb_set_selection_owner(conn, c->cm.window, c->dpy.atoms.cm_selection, XCB_CURRENT_TIME);
	xcb_get_selection_owner_reply_t *r = display_reply(
	        &c->dpy, xcb_get_selection_owner_reply(conn,
	                         xcb_get_selection_owner(conn, c->dpy.atoms.cm_selection), NULL));
	bool ours = r && r->owner == c->cm.window;
	free(r);
	if (!ours) {
		snprintf(err, errlen, "could not take the _NET_WM_CM_S%d selection",
		        c->dpy.screen_num);
		return false;
	}
	if (old != XCB_NONE)
		wait_for_old_owner(c, old);
	return true;
}

/* The window every frame is presented to; input passes through it. */
static bool make_overlay(struct comp *c, char *err, size_t errlen)
{
	xcb_connection_t *conn = c->dpy.conn;
	xcb_composite_get_overlay_window_cookie_t ck =
	        xcb_composite_get_overlay_window(conn, c->dpy.root);
	uint32_t expose = XCB_EVENT_MASK_EXPOSURE;

	c->cm.overlay_held = true; /* the server holds it for us once asked */
	xcb_composite_get_overlay_window_reply_t *r =
	        display_reply(&c->dpy, xcb_composite_get_overlay_window_reply(conn, ck, NULL));
	if (!r) {
		snprintf(err, errlen, "could not get the Composite overlay window");
		return false;
	}
	c->cm.overlay = r->overlay_win;
	free(r);
	xcb_xfixes_region_t empty = xcb_generate_id(conn);
	xcb_xfixes_create_region(conn, empty, 0, NULL);
	xcb_xfixes_set_window_shape_region(conn, c->cm.overlay, XCB_SHAPE_SK_INPUT, 0, 0, empty);
	xcb_xfixes_destroy_region(conn, empty);
	xcb_change_window_attributes(conn, c->cm.overlay, XCB_CW_EVENT_MASK, &expose);
	return true;
}

static bool redirect(struct comp *c, char *err, size_t errlen)
{
	xcb_generic_error_t *e = display_injected_error(&c->dpy);

	if (!e)
		e = xcb_request_check(
		        c->dpy.conn, xcb_composite_redirect_subwindows_checked(c->dpy.conn,
		                             c->dpy.root, XCB_COMPOSITE_REDIRECT_MANUAL));

	if (e) {
		snprintf(err, errlen,
		        "another client already redirects the root window's children "
		        "(a compositor that does not own _NET_WM_CM_S%d?)",
		        c->dpy.screen_num);
		free(e);
		return false;
	}
	c->cm.redirected = true;
	return true;
}

static bool make_shm(struct comp *c, char *err, size_t errlen)
{
	struct shm_options o = {.backend = c->opt.shm, .fault = c->fault};
	char msg[300];

	c->shm = shm_ctx_create(c->dpy.conn, c->dpy.screen, &o, msg, sizeof msg);
	if (!c->shm) {
		snprintf(err, errlen, "%s", msg);
		return false;
	}
	if (shm_ctx_backend_note(c->shm)[0])
		comp_log(&c->log, COMP_LOG_INFO, "shared memory: %s (%s)",
		        shm_backend_name(shm_ctx_backend(c->shm)), shm_ctx_backend_note(c->shm));
	else
		comp_log(&c->log, COMP_LOG_INFO, "shared memory: %s",
		        shm_backend_name(shm_ctx_backend(c->shm)));
	return true;
}

static bool make_render(struct comp *c, char *err, size_t errlen)
{
	c->render = fault_fail(c->fault, FAULT_ALLOC) ? NULL : render_ctx_create();
	if (!c->render)
		snprintf(err, errlen, "out of memory for the renderer");
	return c->render != NULL;
}

/* Each part gets what it works with. */
static void wire(struct comp *c)
{
	uint32_t w = c->dpy.screen->width_in_pixels, h = c->dpy.screen->height_in_pixels;

	damage_init(&c->damage, w, h);
	paint_init(&c->paint);
	control_init(&c->control, ~xcb_get_setup(c->dpy.conn)->resource_id_mask & 0x1fffffffu);
	c->windows = (struct windows){.dpy = &c->dpy,
	        .damage = &c->damage,
	        .shm = c->shm,
	        .log = &c->log,
	        .overlay = c->cm.overlay,
	        .own = c->cm.window,
	        .presented = &c->present.presented,
	        .bg = &c->bg};
	c->effects = (struct effects){.ws = &c->windows,
	        .dpy = &c->dpy,
	        .render = c->render,
	        .config = &c->config,
	        .clock = &c->clock,
	        .log = &c->log,
	        .no_animations = c->opt.no_animations};
	effects_init(&c->effects);
	c->bg = (struct background){
	        .dpy = &c->dpy, .shm = c->shm, .log = &c->log, .width = w, .height = h};
	c->present.dpy = &c->dpy;
	c->present.shm = c->shm;
	c->present.log = &c->log;
	c->present.target = c->cm.overlay;
	c->present.vsync = c->opt.vsync;
	c->present.width = w;
	c->present.height = h;
}

static void make_keys(struct comp *c)
{
	char kerr[256];

	c->keys = fault_fail(c->fault, FAULT_ALLOC)
	                  ? (snprintf(kerr, sizeof kerr, "out of memory"), NULL)
	                  : keys_create(c->dpy.conn, c->dpy.root, kerr, sizeof kerr);
	if (!c->keys)
		comp_log(&c->log, COMP_LOG_WARN, "key bindings disabled: %s", kerr);
}

/* --test-profile: the XSETTINGS manager, once shmcomp is the compositing
 * manager (a refused shmcomp takes nothing), before --ready-fd says ready. */
static void start_test_profile(struct comp *c)
{
	char warn[512];

	if (c->opt.test_profile &&
	        !xsettings_start(&c->xsettings, c->dpy.conn, c->dpy.screen_num, c->dpy.root,
	                xsettings_test_profile, xsettings_test_profile_count, warn, sizeof warn))
		comp_log(&c->log, COMP_LOG_WARN, "--test-profile: %s", warn);
}

/* With --replace the old manager must let go (and unredirect) first;
 * otherwise the selection is taken last, so that owning it means shmcomp
 * already tracks every window (tests and scripts wait for the owner). */
bool comp_setup(struct comp *c, char *err, size_t errlen)
{
	xcb_window_t old = XCB_NONE;

	c->dpy.fault = c->fault;
	if (!display_open(&c->dpy, c->opt.display, err, errlen) ||
	        !display_init_extensions(&c->dpy, err, errlen) || !make_shm(c, err, errlen) ||
	        !display_intern_atoms(&c->dpy, err, errlen) ||
	        !check_selection(c, &old, err, errlen) ||
	        (c->opt.replace && !own_selection(c, old, err, errlen)) ||
	        !make_overlay(c, err, errlen) || !make_render(c, err, errlen))
		return false;
	wire(c);
	if (!redirect(c, err, errlen) || !present_init(&c->present, err, errlen))
		return false;
	make_keys(c);
	if (!input_init(&c->input, &c->dpy))
		comp_log(&c->log, COMP_LOG_INFO, "no XInput 2: input does not hold settled waits");
	if (c->dpy.ext.randr) {
		xcb_randr_select_input(
		        c->dpy.conn, c->dpy.root, XCB_RANDR_NOTIFY_MASK_SCREEN_CHANGE);
		c->cm.randr_selected = true;
	}
	if (!windows_init(&c->windows, err, errlen))
		return false;
	background_update(&c->bg);
	if (!windows_any_oversized(&c->windows))
		background_probe(&c->bg);
	damage_add_all(&c->damage);
	if (!c->opt.replace && !own_selection(c, XCB_NONE, err, errlen))
		return false;
	start_test_profile(c);
	return true;
}

void comp_release(struct comp *c)
{
	recording_finish(c);
	xsettings_finish(&c->xsettings);
	input_finish(&c->input, &c->dpy);
	keys_destroy(c->keys);
	c->keys = NULL;
	control_finish(&c->control);
	effects_finish(&c->effects);
	windows_finish(&c->windows);
	background_finish(&c->bg);
	present_finish(&c->present);
	paint_finish(&c->paint);
	damage_finish(&c->damage);
	if (c->cm.randr_selected) {
		xcb_randr_select_input(c->dpy.conn, c->dpy.root, 0);
		c->cm.randr_selected = false;
	}
	if (c->cm.redirected) {
		xcb_composite_unredirect_subwindows(
		        c->dpy.conn, c->dpy.root, XCB_COMPOSITE_REDIRECT_MANUAL);
		c->cm.redirected = false;
	}
	render_ctx_destroy(c->render);
	c->render = NULL;
	if (c->cm.overlay_held) {
		if (c->cm.overlay != XCB_NONE) {
			const uint32_t none = 0;
			xcb_change_window_attributes(
			        c->dpy.conn, c->cm.overlay, XCB_CW_EVENT_MASK, &none);
		}
		xcb_composite_release_overlay_window(c->dpy.conn, c->dpy.root);
		c->cm.overlay_held = false;
		c->cm.overlay = XCB_NONE;
	}
	if (c->cm.window != XCB_NONE) {
		xcb_destroy_window(c->dpy.conn, c->cm.window);
		c->cm.window = XCB_NONE;
	}
	shm_ctx_destroy(c->shm);
	c->shm = NULL;
}

void comp_teardown(struct comp *c)
{
	comp_release(c);
	display_close(&c->dpy);
}
