/* The window properties the configuration's conditions read (config's watched
 * properties), cached per window so that a condition is evaluated without a request:
 * fetched in one batch, decoded as picom decodes them (config's struct cond_prop), the
 * names of ATOM values looked up once and kept for the life of the connection (atoms
 * are never freed by the server). Any client can set any property to anything: every
 * reply is checked before a byte of it is used. Sends requests; decides nothing. */
#ifndef SHMCOMP_COMPOSITOR_WINPROPS_H
#define SHMCOMP_COMPOSITOR_WINPROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "compositor/display.h"
#include "config/config.h"

/* At most this many 32-bit units of a property are read (as client.c reads names). */
#define WINPROPS_MAX_LONGS 1024u
/* Atom names kept; beyond, an ATOM value's name is unknown (NULL). */
#define WINPROPS_MAX_NAMES 65536u

/* One watched (property, window) pair, in config_watched_properties' order. */
struct winprops_watch {
	xcb_atom_t atom;
	bool client; /* on the window's client, else on the toplevel */
};

/* One cached value. */
struct winprop {
	bool present;
	enum cond_prop_type type;
	size_t n; /* NUMBER, ATOM: items */
	int64_t *num;
	const char **atom; /* ATOM: names (owned by struct atom_names), NULL when unknown */
	char *str;         /* STRING: len bytes and a NUL */
	size_t len;
	bool pending; /* a GetProperty is out */
	xcb_get_property_cookie_t ck;
};

/* A window's cache: one entry per watched pair. Zero-initialised = empty. */
struct winprops {
	struct winprop *p;
	size_t n;
};

/* Names of atoms, looked up with GetAtomName. */
struct atom_names;

struct atom_names *atom_names_create(void);
/* Accepts NULL. */
void atom_names_destroy(struct atom_names *names);

/* Frees the values (replies still out must have been discarded). */
void winprops_finish(struct winprops *p);
/* Asks for entry `only` (or all of them, -1) of the n watched pairs: on `top`, or on
 * `client` for a client pair (`top` when client is XCB_NONE). A cache sized for another
 * watch list is emptied first. False when out of memory. */
bool winprops_ask(struct winprops *p, struct display *d, const struct winprops_watch *watch,
        size_t n, xcb_window_t top, xcb_window_t client, long only);
/* Takes the replies that are in, in request order; with `wait`, waits for all of them.
 * False when one is still out (only without `wait`). True when some value changed in
 * *changed (may be NULL). ATOM values' names are looked up here (one round trip for
 * the new ones). */
bool winprops_take(
        struct winprops *p, struct display *d, struct atom_names *names, bool wait, bool *changed);
/* Replies still out are not wanted (the window goes, or asks again). */
void winprops_discard(struct winprops *p, xcb_connection_t *conn);
bool winprops_pending(const struct winprops *p);
/* Entry i as a condition reads it; false when the property is absent (or not fetched). */
bool winprops_get(const struct winprops *p, size_t i, struct cond_prop *out);

#endif
