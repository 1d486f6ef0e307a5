/* Finding the window a command is about: by id (a toplevel, or any window inside one, such as
 * a client window inside a frame), or by WM_CLASS (instance or class) or name (_NET_WM_NAME or
 * WM_NAME) of the root's children and of their client windows (the ones with WM_STATE).
 * Real applications keep more than one toplevel with their class: GTK's unmapped 1x1 leader,
 * popup menus and tooltips. The rules of doc/ctl.md ("Which window --class and --name pick")
 * choose among them: the exact text before the glob, mapped before unmapped, application
 * windows before popups before helpers; --popup takes only popups. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

#define PROP_MAX_BYTES 1024
#define TYPE_MAX_ATOMS 16
#define CLIENT_SEARCH_DEPTH 2 /* frame > client, or frame > inner frame > client */
#define MAX_LISTED 10         /* candidates listed in an "ambiguous" message */
#define MAX_SURVEYED 20       /* windows listed when none matches */
#define HELPER_MAX_SIDE 1     /* a window this thin is a helper, not meant to be seen */

struct names {
	char instance[CTL_TEXT_MAX], class_name[CTL_TEXT_MAX];
	char wm_name[CTL_TEXT_MAX], net_wm_name[CTL_TEXT_MAX];
};

enum quality {
	Q_NONE,
	Q_GLOB,  /* the value as an fnmatch(3) pattern matches */
	Q_EXACT, /* the value itself */
};

/* A toplevel as found: what is returned, and the names it may be matched by. */
struct cand {
	struct ctl_window w;
	struct names top, client;
	enum quality q; /* against the target at hand */
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

/* _NET_WM_WINDOW_TYPE values: the popup kinds first, then the rest EWMH knows. A window is a
 * popup when the first of its types that is known here is one of the first POPUP_TYPES. */
static const char *const type_names[CTL_WINDOW_TYPES] = {"_NET_WM_WINDOW_TYPE_POPUP_MENU",
        "_NET_WM_WINDOW_TYPE_DROPDOWN_MENU", "_NET_WM_WINDOW_TYPE_MENU",
        "_NET_WM_WINDOW_TYPE_TOOLTIP", "_NET_WM_WINDOW_TYPE_COMBO", "_NET_WM_WINDOW_TYPE_DND",
        "_NET_WM_WINDOW_TYPE_NOTIFICATION", "_NET_WM_WINDOW_TYPE_NORMAL",
        "_NET_WM_WINDOW_TYPE_DIALOG", "_NET_WM_WINDOW_TYPE_UTILITY", "_NET_WM_WINDOW_TYPE_TOOLBAR",
        "_NET_WM_WINDOW_TYPE_SPLASH", "_NET_WM_WINDOW_TYPE_DESKTOP", "_NET_WM_WINDOW_TYPE_DOCK"};
#define POPUP_TYPES 7

/* Printable copy of value[0..len) up to its first NUL; UTF-8 bytes pass, controls become '?'. */
static void copy_text(char *dst, size_t size, const char *value, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && value[i] && n + 1 < size; i++)
		dst[n++] = iscntrl((unsigned char)value[i]) ? '?' : value[i];
	dst[n] = '\0';
}

static xcb_get_property_cookie_t get_prop(struct ctl_conn *cc, xcb_window_t w, xcb_atom_t a)
{
	return xcb_get_property(cc->c, 0, w, a, XCB_GET_PROPERTY_TYPE_ANY, 0, PROP_MAX_BYTES / 4);
}

/* The format-8 value of a property reply, or NULL (also for a NULL reply). */
static const char *prop_text(xcb_get_property_reply_t *r, size_t *len)
{
	if (!r || r->format != 8)
		return NULL;
	*len = (size_t)xcb_get_property_value_length(r);
	return xcb_get_property_value(r);
}

/* False only after a timeout or a lost connection; a vanished window just has no names. */
static bool read_names(struct ctl_conn *cc, xcb_window_t w, struct names *out)
{
	xcb_get_property_cookie_t ck[] = {get_prop(cc, w, XCB_ATOM_WM_CLASS),
	        get_prop(cc, w, XCB_ATOM_WM_NAME), get_prop(cc, w, cc->atoms.net_wm_name)};
	char *dst[] = {out->instance, out->wm_name, out->net_wm_name};
	bool ok = true;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof(ck) / sizeof(ck[0]); i++) {
		xcb_generic_error_t *err;
		xcb_get_property_reply_t *r = ctl_round_trip(cc, ck[i].sequence, &err);
		size_t len = 0;
		const char *v = prop_text(r, &len);

		ok = ok && (r || err);
		free(err);
		if (v)
			copy_text(dst[i], CTL_TEXT_MAX, v, len);
		/* WM_CLASS is "instance\0class\0" */
		if (v && i == 0 && strnlen(v, len) + 1 < len)
			copy_text(out->class_name, CTL_TEXT_MAX, v + strnlen(v, len) + 1,
			        len - strnlen(v, len) - 1);
		free(r);
	}
	return ok;
}

/* -1 after a timeout (reported), else whether w carries WM_STATE. */
static int has_wm_state(struct ctl_conn *cc, xcb_window_t w)
{
	xcb_get_property_cookie_t ck =
	        xcb_get_property(cc->c, 0, w, cc->atoms.wm_state, XCB_GET_PROPERTY_TYPE_ANY, 0, 0);
	xcb_generic_error_t *err;
	xcb_get_property_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);
	int has = r && r->type != XCB_NONE;

	if (!r && !err)
		return -1;
	free(err);
	free(r);
	return has;
}

/* The children of w (caller frees), *n of them; NULL with *n 0 for none or a vanished w. */
static xcb_window_t *children_of(
        struct ctl_conn *cc, xcb_window_t w, size_t *n, bool *ok, xcb_window_t *parent)
{
	xcb_query_tree_cookie_t ck = xcb_query_tree(cc->c, w);
	xcb_generic_error_t *err;
	xcb_query_tree_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);
	xcb_window_t *kids = NULL;

	*n = 0;
	*ok = r || err;
	free(err);
	if (!r)
		return NULL;
	if (parent)
		*parent = r->parent;
	*n = (size_t)xcb_query_tree_children_length(r);
	kids = *n ? malloc(*n * sizeof *kids) : NULL;
	if (kids)
		memcpy(kids, xcb_query_tree_children(r), *n * sizeof *kids);
	else
		*n = 0;
	free(r);
	return kids;
}

/* The first window with WM_STATE at most `depth` levels below w (w itself first); 0 if none,
 * XCB_NONE and *ok false after a timeout. */
static xcb_window_t client_below(struct ctl_conn *cc, xcb_window_t w, int depth, bool *ok)
{
	xcb_window_t found = XCB_NONE, *kids;
	size_t n;
	int has = has_wm_state(cc, w);

	*ok = has >= 0;
	if (has != 0 || depth == 0)
		return has > 0 ? w : XCB_NONE;
	kids = children_of(cc, w, &n, ok, NULL);
	for (size_t i = n; *ok && !found && i-- > 0;) /* topmost first */
		found = client_below(cc, kids[i], depth - 1, ok);
	free(kids);
	return found;
}

/* The _NET_WM_WINDOW_TYPE atoms, interned once per run; only_if_exists, as a type nobody has
 * named cannot be on any window. */
static bool intern_types(struct ctl_conn *cc)
{
	xcb_intern_atom_cookie_t ck[CTL_WINDOW_TYPES + 1];
	static const char wm_type[] = "_NET_WM_WINDOW_TYPE";

	if (cc->atoms.types_interned)
		return true;
	ck[0] = xcb_intern_atom(cc->c, 1, (uint16_t)strlen(wm_type), wm_type);
	for (size_t i = 0; i < CTL_WINDOW_TYPES; i++)
		ck[i + 1] =
		        xcb_intern_atom(cc->c, 1, (uint16_t)strlen(type_names[i]), type_names[i]);
	for (size_t i = 0; i <= CTL_WINDOW_TYPES; i++) {
		xcb_generic_error_t *err;
		xcb_intern_atom_reply_t *r = ctl_round_trip(cc, ck[i].sequence, &err);

		if (!r)
			return ctl_x_failed(cc, err, "InternAtom");
		if (i == 0)
			cc->atoms.net_wm_window_type = r->atom;
		else
			cc->atoms.window_types[i - 1] = r->atom;
		free(r);
	}
	cc->atoms.types_interned = true;
	return true;
}

/* Whether the first known type in r's atom list is a popup kind. */
static bool typed_popup(const struct ctl_conn *cc, xcb_get_property_reply_t *r)
{
	const xcb_atom_t *a;
	int n;

	if (!r || r->format != 32 || r->type != XCB_ATOM_ATOM)
		return false;
	a = xcb_get_property_value(r);
	n = xcb_get_property_value_length(r) / 4;
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; a[i] != XCB_NONE && k < CTL_WINDOW_TYPES; k++) {
			if (a[i] == cc->atoms.window_types[k])
				return k < POPUP_TYPES;
		}
	}
	return false;
}

/* -1 after a timeout, else whether w's _NET_WM_WINDOW_TYPE makes it a popup. */
static int is_typed_popup(struct ctl_conn *cc, xcb_window_t w)
{
	xcb_get_property_cookie_t ck;
	xcb_get_property_reply_t *r;
	xcb_generic_error_t *err;
	int popup;

	if (!intern_types(cc))
		return -1;
	if (cc->atoms.net_wm_window_type == XCB_NONE)
		return 0;
	ck = xcb_get_property(
	        cc->c, 0, w, cc->atoms.net_wm_window_type, XCB_ATOM_ATOM, 0, TYPE_MAX_ATOMS);
	r = ctl_round_trip(cc, ck.sequence, &err);
	if (!r && !err)
		return -1;
	popup = typed_popup(cc, r);
	free(err);
	free(r);
	return popup;
}

static void pick_names(struct ctl_window *w, const struct names *top, const struct names *client)
{
	const struct names *from = client->instance[0] || client->class_name[0] ? client : top;
	const char *name;

	snprintf(w->instance, sizeof w->instance, "%s", from->instance);
	snprintf(w->class_name, sizeof w->class_name, "%s", from->class_name);
	from = client->net_wm_name[0] || client->wm_name[0] ? client : top;
	name = from->net_wm_name[0] ? from->net_wm_name : from->wm_name;
	snprintf(w->name, sizeof w->name, "%s", name);
}

/* What the toplevel's attributes and geometry say; filled in before describe(). */
struct shape_facts {
	bool viewable, override_redirect;
	uint32_t width, height;
};

/* Fills c for the toplevel `top`: its client, names and kind. False after a timeout. */
static bool describe(
        struct ctl_conn *cc, xcb_window_t top, const struct shape_facts *f, struct cand *c)
{
	bool ok;
	int popup = 0;

	memset(c, 0, sizeof *c);
	c->w = (struct ctl_window){
	        .toplevel = top, .viewable = f->viewable, .width = f->width, .height = f->height};
	c->w.client = client_below(cc, top, CLIENT_SEARCH_DEPTH, &ok);
	if (!ok || !read_names(cc, top, &c->top))
		return false;
	if (!c->w.client)
		c->w.client = top;
	c->client = c->top;
	if (c->w.client != top && !read_names(cc, c->w.client, &c->client))
		return false;
	pick_names(&c->w, &c->top, &c->client);
	if (!f->override_redirect && (popup = is_typed_popup(cc, c->w.client)) < 0)
		return false;
	if (f->width <= HELPER_MAX_SIDE || f->height <= HELPER_MAX_SIDE)
		c->w.kind = CTL_KIND_HELPER;
	else if (f->override_redirect || popup)
		c->w.kind = CTL_KIND_POPUP;
	else
		c->w.kind = CTL_KIND_NORMAL;
	return true;
}

void ctl_describe(xcb_window_t id, const char *class_name, const char *name, char *buf, size_t size)
{
	char c[CTL_TEXT_MAX + 16] = "no class", n[CTL_TEXT_MAX + 16] = "no name";

	if (class_name && *class_name)
		snprintf(c, sizeof c, "class \"%.*s\"", CTL_TEXT_MAX, class_name);
	if (name && *name)
		snprintf(n, sizeof n, "name \"%.*s\"", CTL_TEXT_MAX, name);
	snprintf(buf, size, "window 0x%" PRIx32 " (%s, %s)", id, c, n);
}

void ctl_window_describe(const struct ctl_window *w, char *buf, size_t size)
{
	ctl_describe(
	        w->toplevel, w->class_name[0] ? w->class_name : w->instance, w->name, buf, size);
}

static enum quality text_quality(const char *pattern, const char *s)
{
	if (!*s)
		return Q_NONE;
	if (strcmp(pattern, s) == 0)
		return Q_EXACT;
	return fnmatch(pattern, s, 0) == 0 ? Q_GLOB : Q_NONE;
}

static enum quality max_quality(enum quality a, enum quality b)
{
	return a > b ? a : b;
}

static enum quality names_quality(const struct names *n, enum ctl_by by, const char *v)
{
	if (by == CTL_BY_CLASS)
		return max_quality(text_quality(v, n->instance), text_quality(v, n->class_name));
	return max_quality(text_quality(v, n->wm_name), text_quality(v, n->net_wm_name));
}

static bool add_cand(struct cands *m, const struct cand *c)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		struct cand *grown = realloc(m->v, cap * sizeof *grown);

		if (!grown) {
			ctl_error("out of memory");
			return false;
		}
		m->v = grown;
		m->cap = cap;
	}
	m->v[m->n++] = *c;
	return true;
}

enum presence {
	GONE,       /* the window went away */
	INPUT_ONLY, /* no pixels */
	PRESENT,
};

/* Attributes and geometry of each window in kids[0..n), asked for all at once; false after
 * a timeout. */
static bool shape_all(struct ctl_conn *cc, const xcb_window_t *kids, size_t n,
        struct shape_facts *f, enum presence *p)
{
	xcb_get_window_attributes_cookie_t *ac = malloc(n * sizeof *ac);
	xcb_get_geometry_cookie_t *gc = malloc(n * sizeof *gc);
	bool ok = ac && gc;

	if (!ok)
		ctl_error("out of memory");
	for (size_t i = 0; ok && i < n; i++) {
		ac[i] = xcb_get_window_attributes(cc->c, kids[i]);
		gc[i] = xcb_get_geometry(cc->c, kids[i]);
	}
	for (size_t i = 0; ok && i < n; i++) {
		xcb_generic_error_t *aerr, *gerr = NULL;
		xcb_get_window_attributes_reply_t *a = ctl_round_trip(cc, ac[i].sequence, &aerr);
		xcb_get_geometry_reply_t *g =
		        a || aerr ? ctl_round_trip(cc, gc[i].sequence, &gerr) : NULL;

		ok = (a || aerr) && (g || gerr);
		p[i] = !a || !g                                     ? GONE
		       : a->_class == XCB_WINDOW_CLASS_INPUT_OUTPUT ? PRESENT
		                                                    : INPUT_ONLY;
		if (p[i] == PRESENT)
			f[i] = (struct shape_facts){a->map_state == XCB_MAP_STATE_VIEWABLE,
			        a->override_redirect, g->width, g->height};
		free(aerr);
		free(gerr);
		free(a);
		free(g);
	}
	free(ac);
	free(gc);
	return ok;
}

/* Every InputOutput child of the root but the compositor's own, topmost first. */
static bool survey(struct ctl_conn *cc, struct cands *m)
{
	size_t n;
	bool ok;
	xcb_window_t *kids = children_of(cc, cc->screen->root, &n, &ok, NULL);
	struct shape_facts *f = n ? calloc(n, sizeof *f) : NULL;
	enum presence *p = n ? calloc(n, sizeof *p) : NULL;

	if (n && (!f || !p)) {
		ctl_error("out of memory");
		ok = false;
	}
	ok = ok && (n == 0 || shape_all(cc, kids, n, f, p));
	for (size_t i = n; ok && i-- > 0;) {
		struct cand c;

		if (p[i] != PRESENT || kids[i] == cc->owner || kids[i] == cc->reply_win)
			continue;
		ok = describe(cc, kids[i], &f[i], &c) && add_cand(m, &c);
	}
	free(p);
	free(f);
	free(kids);
	return ok;
}

static const char *by_word(enum ctl_by by)
{
	return by == CTL_BY_CLASS ? "class" : "name";
}

/* Whether a window may be the target at all: --popup takes only popups; a wait (`mapped`)
 * takes only mapped windows that are not helpers. */
static bool eligible(const struct cand *c, const struct ctl_target *t, bool mapped)
{
	if (t->popup && c->w.kind != CTL_KIND_POPUP)
		return false;
	return !mapped || (c->w.viewable && c->w.kind != CTL_KIND_HELPER);
}

/* Lower is preferred: mapped before unmapped, then application windows, popups, helpers. */
static int rank(const struct cand *c)
{
	return (c->w.viewable ? 0 : 3) + (int)c->w.kind;
}

/* The preferred matches: the best quality among eligible windows, then the best rank. */
static void best_of(
        const struct cands *m, const struct ctl_target *t, bool mapped, enum quality *q, int *r)
{
	*q = Q_NONE;
	*r = 6;
	for (size_t i = 0; i < m->n; i++) {
		if (eligible(&m->v[i], t, mapped))
			*q = max_quality(*q, m->v[i].q);
	}
	for (size_t i = 0; *q != Q_NONE && i < m->n; i++) {
		if (eligible(&m->v[i], t, mapped) && m->v[i].q == *q && rank(&m->v[i]) < *r)
			*r = rank(&m->v[i]);
	}
}

static bool preferred(
        const struct cand *c, const struct ctl_target *t, bool mapped, enum quality q, int r)
{
	return q != Q_NONE && eligible(c, t, mapped) && c->q == q && rank(c) == r;
}

static void report_ambiguous(struct ctl_conn *cc, const struct ctl_target *t, const struct cands *m,
        size_t count, enum quality q, int r)
{
	char d[3 * CTL_TEXT_MAX];

	ctl_error("%zu windows on %s have the %s \"%s\"; pick one with --window ID:", count,
	        cc->display, by_word(t->by), t->value);
	for (size_t i = 0, listed = 0; i < m->n && listed < MAX_LISTED; i++) {
		if (!preferred(&m->v[i], t, false, q, r))
			continue;
		ctl_window_describe(&m->v[i].w, d, sizeof d);
		fprintf(stderr, "  %s\n", d);
		listed++;
	}
	if (count > MAX_LISTED)
		fprintf(stderr, "  ... and %zu more\n", count - MAX_LISTED);
}

/* Why a matching window was not taken. */
static const char *why_not(const struct cand *c, const struct ctl_target *t, char *buf, size_t size)
{
	if (t->popup && c->w.kind != CTL_KIND_POPUP)
		return "is not a popup (override-redirect, or typed as a menu, tooltip or combo): "
		       "leave out --popup to take it";
	if (!c->w.viewable)
		return "is not mapped";
	snprintf(buf, size,
	        "is %" PRIu32 "x%" PRIu32 ", a helper window that --%s does not take "
	        "(--window 0x%" PRIx32 " does)",
	        c->w.width, c->w.height, by_word(t->by), c->w.toplevel);
	return buf;
}

/* Some windows match, none is taken: one line, or one a window. */
static void report_untaken(
        struct ctl_conn *cc, const struct ctl_target *t, const struct cands *m, size_t matched)
{
	char d[3 * CTL_TEXT_MAX], why[160];
	size_t listed = 0;

	if (matched > 1)
		ctl_error("%zu windows on %s have the %s \"%s\", but none is taken:", matched,
		        cc->display, by_word(t->by), t->value);
	for (size_t i = 0; i < m->n && listed < MAX_LISTED; i++) {
		if (m->v[i].q == Q_NONE)
			continue;
		ctl_window_describe(&m->v[i].w, d, sizeof d);
		if (matched == 1)
			ctl_error("%s has the %s \"%s\" but %s", d, by_word(t->by), t->value,
			        why_not(&m->v[i], t, why, sizeof why));
		else
			fprintf(stderr, "  %s %s\n", d, why_not(&m->v[i], t, why, sizeof why));
		listed++;
	}
	if (matched > listed)
		fprintf(stderr, "  ... and %zu more\n", matched - listed);
}

/* `  window 0x400001 (instance "xlogo", class "XLogo", name "xlogo"), 200x200, not mapped`;
 * an empty instance, class or name is "no instance" and so on. */
static void list_one(const struct cand *c)
{
	static const char *const kinds[] = {"", ", popup", ", helper"};
	const char *what[] = {"instance", "class", "name"};
	const char *value[] = {c->w.instance, c->w.class_name, c->w.name};

	fprintf(stderr, "  window 0x%" PRIx32 " (", c->w.toplevel);
	for (size_t i = 0; i < 3; i++)
		fprintf(stderr, *value[i] ? "%s%s \"%s\"" : "%sno %s", i ? ", " : "", what[i],
		        value[i]);
	fprintf(stderr, "), %" PRIu32 "x%" PRIu32 "%s%s\n", c->w.width, c->w.height,
	        kinds[c->w.kind], c->w.viewable ? "" : ", not mapped");
}

/* No window matches: say so, and list the classes and names there are. */
static void report_none(struct ctl_conn *cc, const struct ctl_target *t, const struct cands *m)
{
	size_t named = 0, listed = 0;

	for (size_t i = 0; i < m->n; i++)
		named += m->v[i].w.instance[0] || m->v[i].w.class_name[0] || m->v[i].w.name[0];
	if (named == 0) {
		ctl_error("no window on %s has the %s \"%s\" (no window there has a class or a "
		          "name)",
		        cc->display, by_word(t->by), t->value);
		return;
	}
	ctl_error("no window on %s has the %s \"%s\"; the windows with a class or name there:",
	        cc->display, by_word(t->by), t->value);
	for (size_t i = 0; i < m->n && listed < MAX_SURVEYED; i++) {
		const struct ctl_window *w = &m->v[i].w;

		if (w->instance[0] || w->class_name[0] || w->name[0]) {
			list_one(&m->v[i]);
			listed++;
		}
	}
	if (named > listed)
		fprintf(stderr, "  ... and %zu more\n", named - listed);
}

static enum ctl_found choose(struct ctl_conn *cc, const struct ctl_target *t, struct cands *m,
        bool mapped, bool report, struct ctl_window *out)
{
	size_t count = 0, matched = 0, first = 0;
	enum quality q;
	int r;

	for (size_t i = 0; i < m->n; i++) {
		struct cand *c = &m->v[i];

		c->q = max_quality(names_quality(&c->top, t->by, t->value),
		        names_quality(&c->client, t->by, t->value));
		matched += c->q != Q_NONE;
	}
	best_of(m, t, mapped, &q, &r);
	for (size_t i = m->n; i-- > 0;) {
		if (preferred(&m->v[i], t, mapped, q, r)) {
			count++;
			first = i;
		}
	}
	if (count == 1) {
		*out = m->v[first].w;
		return CTL_FOUND;
	}
	if (count > 1) {
		report_ambiguous(cc, t, m, count, q, r);
		return CTL_FIND_FAILED;
	}
	if (report && matched)
		report_untaken(cc, t, m, matched);
	else if (report)
		report_none(cc, t, m);
	return CTL_ABSENT;
}

static bool parse_id(const char *s, xcb_window_t *id)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (end == s || *end || errno || v == 0 || v > UINT32_MAX)
		return false;
	*id = (xcb_window_t)v;
	return true;
}

bool ctl_parse_window_id(const char *s, xcb_window_t *id)
{
	return parse_id(s, id);
}

enum ctl_found ctl_toplevel_of(struct ctl_conn *cc, xcb_window_t id, bool report, xcb_window_t *top)
{
	xcb_window_t w = id, parent = XCB_NONE;

	if (id == cc->screen->root) {
		ctl_error("window 0x%" PRIx32 " is the root window: leave out --window to take the "
		          "whole screen",
		        id);
		return CTL_FIND_FAILED;
	}
	for (;;) {
		size_t n;
		bool ok;
		xcb_window_t *kids = children_of(cc, w, &n, &ok, &parent);

		free(kids);
		if (!ok)
			return CTL_FIND_FAILED;
		if (parent == XCB_NONE) {
			if (report)
				ctl_error("no window 0x%" PRIx32 " on %s", id, cc->display);
			return CTL_ABSENT;
		}
		if (parent == cc->screen->root) {
			*top = w;
			return CTL_FOUND;
		}
		w = parent;
		parent = XCB_NONE;
	}
}

static enum ctl_found find_by_id(struct ctl_conn *cc, const struct ctl_target *t, bool viewable,
        bool report, struct ctl_window *out)
{
	xcb_window_t id, top;
	struct shape_facts f;
	enum presence p;
	struct cand c;
	char d[3 * CTL_TEXT_MAX];
	enum ctl_found found;

	if (!parse_id(t->value, &id)) {
		ctl_error("'%s' is not a window id (want a number such as 0x400001)", t->value);
		return CTL_FIND_FAILED;
	}
	found = ctl_toplevel_of(cc, id, report, &top);
	if (found != CTL_FOUND)
		return found;
	if (!shape_all(cc, &top, 1, &f, &p))
		return CTL_FIND_FAILED;
	if (p == GONE && report)
		ctl_error("no window %s on %s (it went away)", t->value, cc->display);
	if (p == GONE)
		return CTL_ABSENT;
	if (p == INPUT_ONLY) {
		ctl_error("window %s is an InputOnly window: it has no pixels", t->value);
		return CTL_FIND_FAILED;
	}
	if (!describe(cc, top, &f, &c))
		return CTL_FIND_FAILED;
	*out = c.w;
	ctl_window_describe(out, d, sizeof d);
	if (viewable && !f.viewable) {
		if (report)
			ctl_error("%s is not mapped", d);
		return CTL_ABSENT;
	}
	return CTL_FOUND;
}

enum ctl_found ctl_find_window(struct ctl_conn *cc, const struct ctl_target *t, bool viewable,
        bool report, struct ctl_window *out)
{
	struct cands m = {NULL, 0, 0};
	enum ctl_found found = CTL_FIND_FAILED;

	if (t->by == CTL_BY_ID)
		return find_by_id(cc, t, viewable, report, out);
	if (survey(cc, &m))
		found = choose(cc, t, &m, viewable, report, out);
	free(m.v);
	return found;
}
