/* Watched window properties: fetched, checked, decoded (picom's rules: STRING,
 * UTF8_STRING and C_STRING of format 8 are text, ATOM lists are atoms with their names,
 * anything else numbers, sign-extended for INTEGER), cached per window. */
#include <stdlib.h>
#include <string.h>
#include <xcb/xcbext.h> /* xcb_poll_for_reply */

#include "compositor/winprops.h"

struct atom_names {
	xcb_atom_t *keys; /* open addressing; XCB_NONE = empty slot */
	char **vals;      /* NULL: the server has no such atom */
	size_t cap, n;
};

struct atom_names *atom_names_create(void)
{
	return calloc(1, sizeof(struct atom_names));
}

void atom_names_destroy(struct atom_names *names)
{
	if (!names)
		return;
	for (size_t i = 0; i < names->cap; i++)
		free(names->vals[i]);
	free(names->vals);
	free(names->keys);
	free(names);
}

static size_t slot(const struct atom_names *t, xcb_atom_t a)
{
	size_t i = (size_t)((a * 2654435761u) & (t->cap - 1));

	while (t->keys[i] != XCB_NONE && t->keys[i] != a)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static bool known(const struct atom_names *t, xcb_atom_t a)
{
	return t->cap && t->keys[slot(t, a)] == a;
}

static const char *name_of(const struct atom_names *t, xcb_atom_t a)
{
	return t->cap && a != XCB_NONE ? t->vals[slot(t, a)] : NULL;
}

/* Room for one more, the table at most half full. */
static bool make_room(struct atom_names *t)
{
	struct atom_names bigger;

	if (t->n + 1 <= t->cap / 2)
		return true;
	if (t->n >= WINPROPS_MAX_NAMES)
		return false;
	bigger.cap = t->cap ? t->cap * 2 : 256;
	bigger.n = t->n;
	bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = calloc(bigger.cap, sizeof *bigger.vals);
	if (!bigger.keys || !bigger.vals) {
		free(bigger.keys);
		free(bigger.vals);
		return false;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (t->keys[i] == XCB_NONE)
			continue;
		size_t j = slot(&bigger, t->keys[i]);
		bigger.keys[j] = t->keys[i];
		bigger.vals[j] = t->vals[i];
	}
	free(t->keys);
	free(t->vals);
	*t = bigger;
	return true;
}

static void remember(struct atom_names *t, xcb_atom_t a, const xcb_get_atom_name_reply_t *r)
{
	size_t i;

	if (!make_room(t))
		return;
	i = slot(t, a);
	t->keys[i] = a;
	t->n++;
	if (r) {
		int len = xcb_get_atom_name_name_length(r);
		t->vals[i] = strndup(xcb_get_atom_name_name(r), (size_t)(len > 0 ? len : 0));
	}
}

/* The names of `n` atoms not known yet, in one batch; an atom the server does not have
 * gets an error, taken here so that the dispatcher does not count it. */
static void look_up(struct atom_names *t, struct display *d, const int64_t *atoms, size_t n)
{
	xcb_get_atom_name_cookie_t *ck = calloc(n ? n : 1, sizeof *ck);
	xcb_atom_t *asked = calloc(n ? n : 1, sizeof *asked);
	size_t k = 0;

	if (!ck || !asked) {
		free(ck);
		free(asked);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		xcb_atom_t a = (xcb_atom_t)atoms[i];
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = asked[j] == a;
		if (a == XCB_NONE || dup || known(t, a))
			continue;
		asked[k] = a;
		ck[k++] = xcb_get_atom_name(d->conn, a);
	}
	for (size_t i = 0; i < k; i++) {
		xcb_generic_error_t *e = NULL;
		xcb_get_atom_name_reply_t *r =
		        display_reply(d, xcb_get_atom_name_reply(d->conn, ck[i], &e));
		remember(t, asked[i], r);
		free(r);
		free(e);
	}
	free(asked);
	free(ck);
}

static void clear(struct winprop *p)
{
	free(p->num);
	free(p->atom);
	free(p->str);
	p->num = NULL;
	p->atom = NULL;
	p->str = NULL;
	p->n = p->len = 0;
	p->present = false;
}

void winprops_finish(struct winprops *p)
{
	for (size_t i = 0; i < p->n; i++)
		clear(&p->p[i]);
	free(p->p);
	p->p = NULL;
	p->n = 0;
}

bool winprops_ask(struct winprops *p, struct display *d, const struct winprops_watch *watch,
        size_t n, xcb_window_t top, xcb_window_t client, long only)
{
	if (p->n != n) {
		winprops_discard(p, d->conn);
		winprops_finish(p);
		if (n && !(p->p = calloc(n, sizeof *p->p)))
			return false;
		p->n = n;
	}
	for (size_t i = 0; i < n; i++) {
		if (only >= 0 && (size_t)only != i)
			continue;
		xcb_window_t w = watch[i].client && client != XCB_NONE ? client : top;
		if (p->p[i].pending)
			xcb_discard_reply(d->conn, p->p[i].ck.sequence);
		p->p[i].pending = false;
		if (watch[i].atom == XCB_NONE) /* not asked: its owner answers it */
			continue;
		p->p[i].ck = xcb_get_property(d->conn, 0, w, watch[i].atom,
		        XCB_GET_PROPERTY_TYPE_ANY, 0, WINPROPS_MAX_LONGS);
		p->p[i].pending = true;
	}
	return true;
}

/* Item i of a value of `format` bits, sign-extended when `sign`. */
static int64_t item(const uint8_t *data, uint8_t format, size_t i, bool sign)
{
	if (format == 8)
		return sign ? (int64_t)(int8_t)data[i] : (int64_t)data[i];
	if (format == 16) {
		uint16_t v;
		memcpy(&v, data + 2 * i, 2);
		return sign ? (int64_t)(int16_t)v : (int64_t)v;
	}
	uint32_t v;
	memcpy(&v, data + 4 * i, 4);
	return sign ? (int64_t)(int32_t)v : (int64_t)v;
}

static bool is_text(const struct display *d, xcb_atom_t type)
{
	return type == XCB_ATOM_STRING || type == d->atoms.utf8_string ||
	       (type == d->atoms.c_string && type != XCB_NONE);
}

static bool decode_text(struct winprop *p, const uint8_t *data, size_t len)
{
	if (!(p->str = malloc(len + 1)))
		return false;
	memcpy(p->str, data, len);
	p->str[len] = '\0';
	p->len = len;
	p->type = COND_PROP_STRING;
	return true;
}

static bool decode_items(struct winprop *p, struct display *d, struct atom_names *names,
        const xcb_get_property_reply_t *r, const uint8_t *data, size_t n)
{
	bool atoms = r->type == XCB_ATOM_ATOM && r->format == 32;

	p->type = atoms ? COND_PROP_ATOM : COND_PROP_NUMBER;
	if (n && !(p->num = calloc(n, sizeof *p->num)))
		return false;
	for (size_t i = 0; i < n; i++)
		p->num[i] = item(data, r->format, i, r->type == XCB_ATOM_INTEGER);
	p->n = n;
	if (!atoms || !n)
		return true;
	if (!(p->atom = calloc(n, sizeof *p->atom)))
		return false;
	if (names)
		look_up(names, d, p->num, n);
	for (size_t i = 0; i < n; i++)
		p->atom[i] = names ? name_of(names, (xcb_atom_t)p->num[i]) : NULL;
	return true;
}

/* The reply (may be NULL: the window is gone) into p; false when out of memory (the
 * value then reads as absent). */
static bool decode(struct winprop *p, struct display *d, struct atom_names *names,
        const xcb_get_property_reply_t *r)
{
	clear(p);
	if (!r || r->type == XCB_NONE || (r->format != 8 && r->format != 16 && r->format != 32))
		return true;
	int bytes = xcb_get_property_value_length(r);
	size_t len = bytes > 0 ? (size_t)bytes : 0, n = len / (r->format / 8u);
	const uint8_t *data = xcb_get_property_value(r);
	bool ok = r->format == 8 && is_text(d, r->type) ? decode_text(p, data, len)
	                                                : decode_items(p, d, names, r, data, n);
	if (!ok) {
		clear(p);
		return false;
	}
	p->present = true;
	return true;
}

static bool same(const struct winprop *a, const struct winprop *b)
{
	if (a->present != b->present || a->type != b->type || a->n != b->n || a->len != b->len)
		return false;
	if (!a->present)
		return true;
	if (a->type == COND_PROP_STRING)
		return memcmp(a->str, b->str, a->len) == 0;
	return !a->n || memcmp(a->num, b->num, a->n * sizeof *a->num) == 0;
}

bool winprops_take(
        struct winprops *p, struct display *d, struct atom_names *names, bool wait, bool *changed)
{
	for (size_t i = 0; i < p->n; i++) {
		struct winprop *e = &p->p[i];
		xcb_get_property_reply_t *r = NULL;
		xcb_generic_error_t *err = NULL;
		if (!e->pending)
			continue;
		if (wait)
			r = xcb_get_property_reply(d->conn, e->ck, &err);
		else if (!xcb_poll_for_reply(d->conn, e->ck.sequence, (void **)&r, &err))
			return false;
		e->pending = false;
		free(err);
		struct winprop before = *e;
		*e = (struct winprop){0};
		r = display_reply(d, r);
		decode(e, d, names, r);
		free(r);
		if (changed && !same(&before, e))
			*changed = true;
		clear(&before);
	}
	return true;
}

void winprops_discard(struct winprops *p, xcb_connection_t *conn)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->p[i].pending)
			xcb_discard_reply(conn, p->p[i].ck.sequence);
		p->p[i].pending = false;
	}
}

bool winprops_pending(const struct winprops *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->p[i].pending)
			return true;
	return false;
}

bool winprops_get(const struct winprops *p, size_t i, struct cond_prop *out)
{
	const struct winprop *e = i < p->n ? &p->p[i] : NULL;

	if (!e || !e->present)
		return false;
	*out = (struct cond_prop){.type = e->type,
	        .n = e->n,
	        .num = e->num,
	        .atom = (const char *const *)e->atom,
	        .str = e->str,
	        .len = e->len};
	return true;
}
