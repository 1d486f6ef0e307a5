/* Hostile properties: _NET_WM_WINDOW_OPACITY of the wrong type, format and
 * length; huge and unterminated texts; bogus window types; root pixmap
 * properties naming things that are not usable pixmaps. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/stress/hostile.h"

#define COLOR 0x3366cc
#define WX 100
#define WY 100
#define ONE_MIB (1u << 20)

/* A mapped window whose pixel (WX+20, WY+20) is checked after the case. */
static xcb_window_t target(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, WX, WY, 200, 150, 0, COLOR, true);

	hostile_sync(h);
	stress_ctl(h->st, "wait", NULL);
	return w;
}

static bool shows(struct hostile *h, uint32_t want, const char *what)
{
	hostile_sync(h);
	return hostile_expect_pixel(h, WX + 20, WY + 20, want, what);
}

/* ---- _NET_WM_WINDOW_OPACITY ---- */

/* Malformed values are ignored: the window stays opaque. */
static bool opacity_malformed(
        struct hostile *h, xcb_atom_t type, uint8_t format, uint32_t nitems, const char *what)
{
	xcb_window_t w = target(h);
	uint32_t *zero = calloc(nitems ? nitems : 1, 4);

	if (!zero)
		abort();
	hostile_prop(h, w, h->a.opacity, type, format, nitems, zero);
	free(zero);
	return shows(h, COLOR, what);
}

static bool op_format8(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_CARDINAL, 8, 4, "opacity format 8");
}

static bool op_format16(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_CARDINAL, 16, 2, "opacity format 16");
}

static bool op_type_atom(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_ATOM, 32, 1, "opacity of type ATOM");
}

static bool op_type_string(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_STRING, 8, 4, "opacity of type STRING");
}

static bool op_type_integer(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_INTEGER, 32, 1, "opacity of type INTEGER");
}

static bool op_zero_items(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_CARDINAL, 32, 0, "opacity with no item");
}

static bool op_zero_items8(struct hostile *h)
{
	return opacity_malformed(h, XCB_ATOM_CARDINAL, 8, 0, "opacity with no item, format 8");
}

/* props.h promises "exactly one item"; what matters here is survival. The
 * first item being 0 makes the window invisible if extra items are not
 * rejected: reported as a note, not a failure. */
static bool op_two_items(struct hostile *h)
{
	xcb_window_t w = target(h);
	uint32_t v[2] = {0, 0xffffffff};

	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, 2, v);
	hostile_sync(h);
	stress_ctl(h->st, "wait", NULL);
	uint32_t got = stress_pixel(h->st, WX + 20, WY + 20);
	if (got != COLOR)
		fprintf(stderr,
		        "%s: NOTE: a 2-item _NET_WM_WINDOW_OPACITY {0, 0xffffffff} is taken as "
		        "its first item (root shows %06x, not %06x): read_opacity asks for 1 item "
		        "and ignores bytes_after, props.h says exactly one\n",
		        h->st->name, got, COLOR);
	return true;
}

static bool op_many_items(struct hostile *h)
{
	xcb_window_t w = target(h);
	uint32_t *v = malloc(1000 * 4);

	if (!v)
		abort();
	for (int i = 0; i < 1000; i++)
		v[i] = 0xffffffffu - (uint32_t)i;
	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1000, v);
	free(v);
	return shows(h, COLOR, "opacity with 1000 items (first opaque)");
}

static bool op_one_mib(struct hostile *h)
{
	xcb_window_t w = target(h);
	uint32_t *v = hostile_junk(ONE_MIB, 1, false);

	v[0] = 0xffffffff;
	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, ONE_MIB / 4, v);
	free(v);
	return shows(h, COLOR, "opacity of 1 MiB");
}

static bool op_value_zero(struct hostile *h)
{
	xcb_window_t w = target(h);
	uint32_t v = 0;

	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &v);
	return shows(h, 0x000000, "opacity 0 (invisible)");
}

static bool op_storm(struct hostile *h)
{
	xcb_window_t w = target(h);
	struct stress_rng rng = {7};

	for (int i = 0; i < 3000; i++) {
		uint32_t v = (uint32_t)stress_rng_next(&rng);
		int kind = i % 5;
		if (kind == 3)
			xcb_delete_property(h->c, w, h->a.opacity);
		else
			hostile_prop(h, w, h->a.opacity,
			        kind == 4 ? XCB_ATOM_STRING : XCB_ATOM_CARDINAL, kind == 4 ? 8 : 32,
			        1, &v);
	}
	uint32_t opaque = 0xffffffff;
	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &opaque);
	return shows(h, COLOR, "3000 opacity changes ending opaque");
}

static bool op_before_map(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, WX, WY, 200, 150, 0, COLOR, false);
	uint32_t v[3] = {0, 1, 2};

	hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 16, 3, v);
	xcb_map_window(h->c, w);
	return shows(h, COLOR, "malformed opacity set before map");
}

static bool op_child(struct hostile *h)
{
	xcb_window_t w = target(h);
	xcb_window_t child = xcb_generate_id(h->c);
	uint32_t color = 0x11ee22, zero = 0;

	xcb_create_window(h->c, XCB_COPY_FROM_PARENT, child, w, 0, 0, 50, 50, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, h->s->root_visual, XCB_CW_BACK_PIXEL, &color);
	xcb_map_window(h->c, child);
	/* Opacity on a child is not the compositor's business. */
	hostile_prop(h, child, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &zero);
	return shows(h, 0x11ee22, "opacity on a child window");
}

static bool op_root_and_own(struct hostile *h)
{
	uint32_t zero = 0;
	xcb_window_t cm = hostile_cm_window(h);

	target(h);
	hostile_prop(h, h->s->root, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &zero);
	if (cm != XCB_NONE)
		hostile_prop(h, cm, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &zero);
	xcb_delete_property(h->c, h->s->root, h->a.opacity);
	return shows(h, COLOR, "opacity on the root and on shmcomp's own window");
}

static bool op_destroy_after(struct hostile *h)
{
	for (int i = 0; i < 300; i++) {
		xcb_window_t w = hostile_window(h, (int16_t)(i % 400), 50, 80, 80, 0, COLOR, true);
		uint32_t v = (uint32_t)i * 0x01000000u;
		hostile_prop(h, w, h->a.opacity, XCB_ATOM_CARDINAL, 32, 1, &v);
		xcb_destroy_window(h->c, w);
	}
	return true;
}

static const struct hostile_case props_cases[] = {
        {"opacity-format8", op_format8},
        {"opacity-format16", op_format16},
        {"opacity-type-atom", op_type_atom},
        {"opacity-type-string", op_type_string},
        {"opacity-type-integer", op_type_integer},
        {"opacity-zero-items", op_zero_items},
        {"opacity-zero-items-format8", op_zero_items8},
        {"opacity-two-items", op_two_items},
        {"opacity-1000-items", op_many_items},
        {"opacity-1mib", op_one_mib},
        {"opacity-value-zero", op_value_zero},
        {"opacity-storm", op_storm},
        {"opacity-before-map", op_before_map},
        {"opacity-on-child", op_child},
        {"opacity-on-root-and-cm-window", op_root_and_own},
        {"opacity-then-destroy", op_destroy_after},
};

const struct hostile_group hostile_props_group = {
        props_cases, sizeof props_cases / sizeof props_cases[0]};

/* ---- _NET_WM_WINDOW_TYPE ---- */

static bool wt_set(struct hostile *h, xcb_atom_t type, uint8_t format, uint32_t nitems,
        const void *data, const char *what)
{
	xcb_window_t w = target(h);

	hostile_prop(h, w, h->a.wm_type, type, format, nitems, data);
	return shows(h, COLOR, what);
}

static bool wt_bogus_atoms(struct hostile *h)
{
	uint32_t v[] = {0, 0xffffffff, 0x1fffffff, 12345, h->a.opacity, XCB_ATOM_ATOM};
	return wt_set(h, XCB_ATOM_ATOM, 32, 6, v, "window type of bogus atoms");
}

static bool wt_format8(struct hostile *h)
{
	return wt_set(h, XCB_ATOM_ATOM, 8, 7, "DOCKDOCK", "window type format 8");
}

static bool wt_format16(struct hostile *h)
{
	uint16_t v[] = {1, 2, 3};
	return wt_set(h, XCB_ATOM_ATOM, 16, 3, v, "window type format 16");
}

static bool wt_zero(struct hostile *h)
{
	return wt_set(h, XCB_ATOM_ATOM, 32, 0, NULL, "window type with no item");
}

static bool wt_cardinal(struct hostile *h)
{
	uint32_t v[] = {h->a.wm_type_dock};
	return wt_set(h, XCB_ATOM_CARDINAL, 32, 1, v, "window type of type CARDINAL");
}

static bool wt_huge(struct hostile *h)
{
	uint32_t *v = hostile_junk(ONE_MIB, 2, false);
	bool ok;

	v[ONE_MIB / 4 - 1] = h->a.wm_type_dock;
	ok = wt_set(h, XCB_ATOM_ATOM, 32, ONE_MIB / 4, v, "window type of 1 MiB");
	free(v);
	return ok;
}

static bool wt_storm(struct hostile *h)
{
	xcb_window_t w = target(h);

	for (uint32_t i = 0; i < 2000; i++) {
		uint32_t v[2] = {i % 2 ? h->a.wm_type_dock : h->a.wm_type_normal, i};
		hostile_prop(h, w, h->a.wm_type, XCB_ATOM_ATOM, 32, 1 + i % 2, v);
	}
	return shows(h, COLOR, "2000 window type changes");
}

static const struct hostile_case wintype_cases[] = {
        {"bogus-atoms", wt_bogus_atoms},
        {"format8", wt_format8},
        {"format16", wt_format16},
        {"zero-items", wt_zero},
        {"type-cardinal", wt_cardinal},
        {"1mib", wt_huge},
        {"storm", wt_storm},
};

const struct hostile_group hostile_wintype_group = {
        wintype_cases, sizeof wintype_cases / sizeof wintype_cases[0]};

/* ---- WM_NAME, _NET_WM_NAME, WM_CLASS ---- */

static bool text_set(struct hostile *h, xcb_atom_t prop, xcb_atom_t type, uint8_t format,
        size_t bytes, bool no_nul, const char *what)
{
	xcb_window_t w = target(h);
	void *junk = hostile_junk(bytes, (uint32_t)bytes, no_nul);

	hostile_prop(h, w, prop, type, format, (uint32_t)(bytes / (format / 8)), junk);
	free(junk);
	return shows(h, COLOR, what);
}

static bool tx_wm_name(struct hostile *h)
{
	return text_set(
	        h, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8, ONE_MIB, true, "WM_NAME of 1 MiB, no NUL");
}

static bool tx_net_wm_name(struct hostile *h)
{
	return text_set(h, h->a.net_wm_name, h->a.utf8, 8, ONE_MIB, true,
	        "_NET_WM_NAME of 1 MiB, invalid UTF-8");
}

static bool tx_wm_class(struct hostile *h)
{
	return text_set(h, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, ONE_MIB, true,
	        "WM_CLASS of 1 MiB, no NUL");
}

static bool tx_wm_class_one_nul(struct hostile *h)
{
	xcb_window_t w = target(h);

	hostile_prop(h, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, 5, "inst\0");
	hostile_prop(h, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, 1, "\0");
	hostile_prop(h, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, 0, NULL);
	hostile_prop(h, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, 3, "\0\0\0");
	return shows(h, COLOR, "WM_CLASS with missing parts");
}

static bool tx_wm_class_format32(struct hostile *h)
{
	return text_set(
	        h, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 32, 4096, false, "WM_CLASS of format 32");
}

static bool tx_wm_name_format16(struct hostile *h)
{
	return text_set(h, XCB_ATOM_WM_NAME, XCB_ATOM_INTEGER, 16, 4096, false,
	        "WM_NAME of type INTEGER format 16");
}

static bool tx_controls(struct hostile *h)
{
	xcb_window_t w = target(h);
	char s[256];

	for (int i = 0; i < 256; i++)
		s[i] = (char)i;
	hostile_prop(h, w, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8, 256, s);
	hostile_prop(h, w, h->a.net_wm_name, h->a.utf8, 8, 256, s);
	hostile_prop(h, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, 256, s);
	return shows(h, COLOR, "texts of every byte value");
}

/* describe_owner() reads these from the owner window when a second shmcomp
 * is refused: it must refuse cleanly whatever they hold. */
static bool tx_on_cm_window(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	void *junk = hostile_junk(ONE_MIB, 3, true);
	uint32_t pid = 0xffffffff;

	if (cm == XCB_NONE) {
		free(junk);
		stress_fail(h->st, "no CM selection owner");
		return false;
	}
	hostile_prop(h, cm, XCB_ATOM_WM_NAME, XCB_ATOM_STRING, 8, ONE_MIB, junk);
	hostile_prop(h, cm, h->a.net_wm_name, h->a.utf8, 8, ONE_MIB, junk);
	hostile_prop(h, cm, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8, ONE_MIB, junk);
	hostile_prop(h, cm, x_atom(h->c, "_NET_WM_PID"), XCB_ATOM_STRING, 8, 4, &pid);
	free(junk);
	hostile_sync(h);

	char log[600];
	snprintf(log, sizeof log, "%s/stress-%s-second.log", h->st->outdir, h->st->name);
	const char *argv[] = {h->st->shmcomp, NULL};
	pid_t second = spawn(argv, h->st->xs.name, log);
	int code = wait_exit(second, 10000);
	if (code == -1)
		kill(second, SIGKILL);
	if (code != 1)
		stress_fail(h->st,
		        "a second shmcomp facing hostile owner properties exited %d, "
		        "want 1 (log %s)",
		        code, log);
	return code == 1;
}

static const struct hostile_case text_cases[] = {
        {"wm-name-1mib", tx_wm_name},
        {"net-wm-name-1mib", tx_net_wm_name},
        {"wm-class-1mib", tx_wm_class},
        {"wm-class-missing-parts", tx_wm_class_one_nul},
        {"wm-class-format32", tx_wm_class_format32},
        {"wm-name-integer16", tx_wm_name_format16},
        {"control-bytes", tx_controls},
        {"on-cm-window-second-instance", tx_on_cm_window},
};

const struct hostile_group hostile_text_group = {
        text_cases, sizeof text_cases / sizeof text_cases[0]};

/* ---- _XROOTPMAP_ID / ESETROOT_PMAP_ID ---- */

#define BX 5
#define BY 5

/* A root-depth pixmap of one colour. */
static xcb_pixmap_t solid_pixmap(
        struct hostile *h, uint8_t depth, uint16_t w, uint16_t hh, uint32_t color)
{
	xcb_pixmap_t p = xcb_generate_id(h->c);
	xcb_gcontext_t gc = xcb_generate_id(h->c);
	xcb_rectangle_t r = {0, 0, w, hh};

	xcb_create_pixmap(h->c, depth, p, h->s->root, w, hh);
	xcb_create_gc(h->c, gc, p, XCB_GC_FOREGROUND, &color);
	xcb_poly_fill_rectangle(h->c, p, gc, 1, &r);
	xcb_free_gc(h->c, gc);
	return p;
}

static void set_root(struct hostile *h, xcb_atom_t prop, xcb_atom_t type, uint8_t format,
        uint32_t nitems, const void *data)
{
	hostile_prop(h, h->s->root, prop, type, format, nitems, data);
}

/* A bogus root pixmap means none: background-color (black by default). */
static bool bg_black(struct hostile *h, const char *what)
{
	hostile_sync(h);
	return hostile_expect_pixel(h, BX, BY, 0x000000, what);
}

static bool bg_valid_first(struct hostile *h, xcb_pixmap_t *out)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 64, 64, 0x884422);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	hostile_sync(h);
	if (out)
		*out = p;
	return hostile_expect_pixel(h, BX, BY, 0x884422, "valid root pixmap");
}

static bool rp_freed(struct hostile *h)
{
	xcb_pixmap_t p;
	bool ok = bg_valid_first(h, &p);

	xcb_free_pixmap(h->c, p);
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	return bg_black(h, "root pixmap freed") && ok;
}

static bool rp_depth1(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, 1, 64, 64, 1);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	return bg_black(h, "root pixmap of depth 1");
}

static bool rp_depth32(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, 32, 64, 64, 0xff00ff00);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	return bg_black(h, "root pixmap of depth 32");
}

static bool rp_window(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 300, 300, 50, 50, 0, 0x00ff00, false);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &w);
	return bg_black(h, "root pixmap naming a window");
}

static bool rp_root(struct hostile *h)
{
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &h->s->root);
	return bg_black(h, "root pixmap naming the root window");
}

static bool rp_empty(struct hostile *h)
{
	bool ok = bg_valid_first(h, NULL);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 0, NULL);
	return bg_black(h, "empty root pixmap property") && ok;
}

static bool rp_wrong_type(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 64, 64, 0x884422);

	set_root(h, h->a.xrootpmap, XCB_ATOM_CARDINAL, 32, 1, &p);
	return bg_black(h, "root pixmap property of type CARDINAL");
}

static bool rp_format8(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 64, 64, 0x884422);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 8, 4, &p);
	return bg_black(h, "root pixmap property of format 8");
}

static bool rp_format16(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 64, 64, 0x884422);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 16, 2, &p);
	return bg_black(h, "root pixmap property of format 16");
}

static bool rp_none(struct hostile *h)
{
	uint32_t none = XCB_NONE;

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &none);
	return bg_black(h, "root pixmap None");
}

static bool rp_bogus_ids(struct hostile *h)
{
	uint32_t ids[] = {0xffffffff, 0x1fffffff, 1, 0x00200000, h->a.opacity};

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &ids[i]);
	return bg_black(h, "root pixmap of made-up ids");
}

static bool rp_gc_and_colormap(struct hostile *h)
{
	xcb_gcontext_t gc = xcb_generate_id(h->c);
	uint32_t v[2];

	xcb_create_gc(h->c, gc, h->s->root, 0, NULL);
	v[0] = gc;
	v[1] = h->s->default_colormap;
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &v[0]);
	hostile_sync(h);
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &v[1]);
	return bg_black(h, "root pixmap naming a GC, then a colormap");
}

static bool rp_esetroot_only(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 16, 16, 0x226644);
	xcb_pixmap_t q = solid_pixmap(h, 1, 16, 16, 1);
	bool ok;

	set_root(h, h->a.esetroot, XCB_ATOM_PIXMAP, 32, 1, &p);
	hostile_sync(h);
	ok = hostile_expect_pixel(h, BX, BY, 0x226644, "ESETROOT_PMAP_ID alone");
	set_root(h, h->a.esetroot, XCB_ATOM_PIXMAP, 32, 1, &q);
	return bg_black(h, "ESETROOT_PMAP_ID of depth 1") && ok;
}

static bool rp_tiny(struct hostile *h)
{
	xcb_pixmap_t p = solid_pixmap(h, h->s->root_depth, 1, 1, 0x4488cc);

	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	hostile_sync(h);
	return hostile_expect_pixel(h, 333, 444, 0x4488cc, "1x1 root pixmap, tiled");
}

/* Above the pool cap: refused with a warning, background-color instead. */
static bool rp_huge(struct hostile *h)
{
	xcb_pixmap_t p = xcb_generate_id(h->c);
	xcb_generic_error_t *e = xcb_request_check(h->c,
	        xcb_create_pixmap_checked(h->c, h->s->root_depth, p, h->s->root, 20000, 20000));

	if (e) {
		free(e);
		fprintf(stderr, "%s: the server refused a 20000x20000 pixmap; case skipped\n",
		        h->st->name);
		return true;
	}
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
	return bg_black(h, "20000x20000 root pixmap (1.6 GB)");
}

/* One of shmcomp's own pixmaps (a back buffer: screen-sized, root depth),
 * found by probing the ids near its selection window. */
static bool rp_own_pixmap(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	uint32_t base = cm & 0xffe00000u;
	int found = 0;

	for (uint32_t id = base + 1; id < base + 200 && found < 4; id++) {
		xcb_get_geometry_reply_t *g =
		        xcb_get_geometry_reply(h->c, xcb_get_geometry(h->c, id), NULL);
		xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(
		        h->c, xcb_get_window_attributes(h->c, id), NULL);
		if (g && !a && g->depth == h->s->root_depth) {
			set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &id);
			hostile_sync(h);
			stress_ctl(h->st, "wait", NULL);
			found++;
		}
		free(g);
		free(a);
	}
	fprintf(stderr, "%s: named %d of shmcomp's own pixmaps as the root pixmap\n", h->st->name,
	        found);
	return true;
}

static bool rp_storm(struct hostile *h)
{
	struct stress_rng rng = {11};
	xcb_pixmap_t good = solid_pixmap(h, h->s->root_depth, 32, 32, 0x123456);

	for (int i = 0; i < 600; i++) {
		xcb_pixmap_t p;
		switch (stress_rng_range(&rng, 0, 4)) {
		case 0:
			p = solid_pixmap(h, h->s->root_depth, 8, 8, 0x654321);
			set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &p);
			xcb_free_pixmap(h->c, p);
			break;
		case 1:
			set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &good);
			break;
		case 2:
			xcb_delete_property(h->c, h->s->root, h->a.xrootpmap);
			break;
		case 3:
			p = (xcb_pixmap_t)stress_rng_next(&rng);
			set_root(h, h->a.esetroot, XCB_ATOM_PIXMAP, 32, 1, &p);
			break;
		default:
			set_root(h, h->a.xrootpmap, XCB_ATOM_STRING, 8, 3, "abc");
			break;
		}
		if (i % 50 == 0)
			xcb_flush(h->c);
	}
	xcb_delete_property(h->c, h->s->root, h->a.esetroot);
	set_root(h, h->a.xrootpmap, XCB_ATOM_PIXMAP, 32, 1, &good);
	hostile_sync(h);
	return hostile_expect_pixel(h, BX, BY, 0x123456, "600 root pixmap changes, valid last");
}

static const struct hostile_case rootpmap_cases[] = {
        {"freed-pixmap", rp_freed},
        {"depth1-pixmap", rp_depth1},
        {"depth32-pixmap", rp_depth32},
        {"window-id", rp_window},
        {"root-window-id", rp_root},
        {"empty-property", rp_empty},
        {"wrong-type", rp_wrong_type},
        {"format8", rp_format8},
        {"format16", rp_format16},
        {"none", rp_none},
        {"made-up-ids", rp_bogus_ids},
        {"gc-and-colormap", rp_gc_and_colormap},
        {"esetroot-only", rp_esetroot_only},
        {"tiny-tiled", rp_tiny},
        {"huge-pixmap", rp_huge},
        {"shmcomp-own-pixmap", rp_own_pixmap},
        {"storm", rp_storm},
};

const struct hostile_group hostile_rootpmap_group = {
        rootpmap_cases, sizeof rootpmap_cases / sizeof rootpmap_cases[0]};
