/* Finding the window a screenshot is of: by id (a toplevel, or any window inside one, such as
 * a client window inside a frame), or by WM_CLASS (instance or class) or name (_NET_WM_NAME or
 * WM_NAME) of the root's children and of their client windows (the ones with WM_STATE). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

#define PROP_MAX_BYTES 1024
#define CLIENT_SEARCH_DEPTH 2 /* frame > client, or frame > inner frame > client */
#define MAX_LISTED 10         /* candidates listed in an "ambiguous" message */

struct names {
	char instance[CTL_TEXT_MAX], class_name[CTL_TEXT_MAX];
	char wm_name[CTL_TEXT_MAX], net_wm_name[CTL_TEXT_MAX];
};

struct matches {
	struct ctl_window *w;
	size_t n, cap;
};

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
	xcb_get_property_cookie_t ck = xcb_get_property(cc->c, 0, w, cc->atoms.wm_state,
		XCB_GET_PROPERTY_TYPE_ANY, 0, 0);
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
static xcb_window_t *children_of(struct ctl_conn *cc, xcb_window_t w, size_t *n, bool *ok,
				 xcb_window_t *parent)
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

static bool names_match(const struct names *n, enum ctl_by by, const char *v)
{
	if (by == CTL_BY_CLASS)
		return strcmp(n->instance, v) == 0 || strcmp(n->class_name, v) == 0;
	return strcmp(n->wm_name, v) == 0 || strcmp(n->net_wm_name, v) == 0;
}

/* Fills w for the toplevel `top`; *match says whether it (or its client) matches t. */
static bool describe_toplevel(struct ctl_conn *cc, xcb_window_t top, bool viewable,
			      const struct ctl_target *t, struct ctl_window *w, bool *match)
{
	struct names tn, cn;
	bool ok;

	*w = (struct ctl_window){.toplevel = top, .viewable = viewable};
	w->client = client_below(cc, top, CLIENT_SEARCH_DEPTH, &ok);
	if (!ok || !read_names(cc, top, &tn))
		return false;
	if (!w->client)
		w->client = top;
	cn = tn;
	if (w->client != top && !read_names(cc, w->client, &cn))
		return false;
	pick_names(w, &tn, &cn);
	*match = t->by == CTL_BY_ID || names_match(&tn, t->by, t->value) ||
		names_match(&cn, t->by, t->value);
	return true;
}

void ctl_describe(xcb_window_t id, const char *class_name, const char *name, char *buf,
		  size_t size)
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
	ctl_describe(w->toplevel, w->class_name[0] ? w->class_name : w->instance, w->name, buf,
		size);
}

/* One GetWindowAttributes; -1 after a timeout, 0 for a gone window, else 1 with the fields. */
static int attributes(struct ctl_conn *cc, xcb_window_t w, bool *input_output, bool *viewable)
{
	xcb_get_window_attributes_cookie_t ck = xcb_get_window_attributes(cc->c, w);
	xcb_generic_error_t *err;
	xcb_get_window_attributes_reply_t *r = ctl_round_trip(cc, ck.sequence, &err);

	if (!r) {
		free(err);
		return err ? 0 : -1;
	}
	*input_output = r->_class == XCB_WINDOW_CLASS_INPUT_OUTPUT;
	*viewable = r->map_state == XCB_MAP_STATE_VIEWABLE;
	free(r);
	return 1;
}

static bool add_match(struct matches *m, const struct ctl_window *w)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;
		struct ctl_window *grown = realloc(m->w, cap * sizeof *grown);

		if (!grown) {
			ctl_error("out of memory");
			return false;
		}
		m->w = grown;
		m->cap = cap;
	}
	m->w[m->n++] = *w;
	return true;
}

/* Every InputOutput child of the root that matches t, viewable or not. */
static bool collect(struct ctl_conn *cc, const struct ctl_target *t, struct matches *m)
{
	size_t n;
	bool ok;
	xcb_window_t *kids = children_of(cc, cc->screen->root, &n, &ok, NULL);

	for (size_t i = n; ok && i-- > 0;) { /* topmost first */
		struct ctl_window w;
		bool io, viewable, match = false;
		int a = attributes(cc, kids[i], &io, &viewable);

		ok = a >= 0;
		if (a <= 0 || !io || kids[i] == cc->owner)
			continue;
		ok = describe_toplevel(cc, kids[i], viewable, t, &w, &match);
		if (ok && match)
			ok = add_match(m, &w);
	}
	free(kids);
	return ok;
}

static const char *by_word(enum ctl_by by)
{
	return by == CTL_BY_CLASS ? "class" : "name";
}

static void report_ambiguous(struct ctl_conn *cc, const struct ctl_target *t,
			     const struct matches *m, size_t count, bool viewable)
{
	char d[3 * CTL_TEXT_MAX];

	ctl_error("%zu windows on %s have the %s \"%s\"; pick one with --window ID:", count,
		cc->display, by_word(t->by), t->value);
	for (size_t i = 0, listed = 0; i < m->n && listed < MAX_LISTED; i++) {
		if (viewable && !m->w[i].viewable)
			continue;
		ctl_window_describe(&m->w[i], d, sizeof d);
		fprintf(stderr, "  %s\n", d);
		listed++;
	}
	if (count > MAX_LISTED)
		fprintf(stderr, "  ... and %zu more\n", count - MAX_LISTED);
}

static enum ctl_found pick(struct ctl_conn *cc, const struct ctl_target *t,
			   const struct matches *m, bool viewable, bool report,
			   struct ctl_window *out)
{
	size_t count = 0, first = 0;
	char d[3 * CTL_TEXT_MAX];

	for (size_t i = m->n; i-- > 0;) {
		if (!viewable || m->w[i].viewable) {
			count++;
			first = i;
		}
	}
	if (count == 1) {
		*out = m->w[first];
		return CTL_FOUND;
	}
	if (count > 1) {
		report_ambiguous(cc, t, m, count, viewable);
		return CTL_FIND_FAILED;
	}
	if (!report)
		return CTL_ABSENT;
	if (m->n == 0) {
		ctl_error("no window on %s has the %s \"%s\"", cc->display, by_word(t->by),
			t->value);
		return CTL_ABSENT;
	}
	ctl_window_describe(&m->w[0], d, sizeof d);
	ctl_error("%s has the %s \"%s\" but is not mapped", d, by_word(t->by), t->value);
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

/* The root's child that holds `id`. */
static enum ctl_found toplevel_of(struct ctl_conn *cc, const char *arg, xcb_window_t id,
				  bool report, xcb_window_t *top)
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
				ctl_error("no window %s on %s", arg, cc->display);
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
	bool io, is_viewable, match;
	char d[3 * CTL_TEXT_MAX];
	enum ctl_found found;
	int a;

	if (!parse_id(t->value, &id)) {
		ctl_error("'%s' is not a window id (want a number such as 0x400001)", t->value);
		return CTL_FIND_FAILED;
	}
	found = toplevel_of(cc, t->value, id, report, &top);
	if (found != CTL_FOUND)
		return found;
	a = attributes(cc, top, &io, &is_viewable);
	if (a == 0 && report)
		ctl_error("no window %s on %s (it went away)", t->value, cc->display);
	if (a == 0)
		return CTL_ABSENT;
	if (a < 0 || !describe_toplevel(cc, top, is_viewable, t, out, &match))
		return CTL_FIND_FAILED;
	ctl_window_describe(out, d, sizeof d);
	if (!io) {
		ctl_error("%s is an InputOnly window: it has no pixels", d);
		return CTL_FIND_FAILED;
	}
	if (viewable && !is_viewable) {
		if (report)
			ctl_error("%s is not mapped", d);
		return CTL_ABSENT;
	}
	return CTL_FOUND;
}

enum ctl_found ctl_find_window(struct ctl_conn *cc, const struct ctl_target *t, bool viewable,
			       bool report, struct ctl_window *out)
{
	struct matches m = {NULL, 0, 0};
	enum ctl_found found = CTL_FIND_FAILED;

	if (t->by == CTL_BY_ID)
		return find_by_id(cc, t, viewable, report, out);
	if (collect(cc, t, &m))
		found = pick(cc, t, &m, viewable, report, out);
	free(m.w);
	return found;
}
