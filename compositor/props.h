/* Decoding window properties. Any client can set any property to anything,
 * so these take the raw GetProperty result and check type, format and
 * length before trusting a byte; they send no requests and are fuzzed. */
#ifndef SHMCOMP_COMPOSITOR_PROPS_H
#define SHMCOMP_COMPOSITOR_PROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "util/wintype.h"

/* What a GetProperty reply carries. */
struct prop_value {
	xcb_atom_t type; /* XCB_NONE when the property does not exist */
	uint8_t format;  /* 8, 16 or 32 (anything else is rejected) */
	const void *data;
	size_t len; /* bytes of data */
};

/* Fills `v` from a reply (NULL reply = no property). */
void props_from_reply(const xcb_get_property_reply_t *r, struct prop_value *v);

/* _NET_WM_WINDOW_OPACITY: CARDINAL, format 32, exactly one item. */
bool props_opacity(const struct prop_value *v, uint32_t *out);

/* A text property (STRING or UTF8_STRING, format 8) into `out`, at most
 * outlen-1 bytes, stopping at the first NUL; control bytes become spaces.
 * False (and "") when absent or of the wrong type/format. */
bool props_text(const struct prop_value *v, xcb_atom_t utf8_string, char *out, size_t outlen);

/* WM_CLASS: "instance\0class\0" (STRING, format 8); a missing terminator or a
 * missing second string is tolerated. */
bool props_class(const struct prop_value *v, char *instance, size_t ilen, char *cls, size_t clen);

/* _NET_WM_WINDOW_TYPE: ATOM, format 32, a list; the first atom found in
 * `atoms` (indexed by enum wintype) wins; WINTYPE_UNKNOWN when none. */
enum wintype props_window_type(const struct prop_value *v, const xcb_atom_t atoms[WINTYPE_COUNT]);

/* Every type of the list that is known, bit (1u << enum wintype); 0 when none is (a
 * condition's `window_type` then tests the first type alone). */
uint32_t props_window_types(const struct prop_value *v, const xcb_atom_t atoms[WINTYPE_COUNT]);

/* An ATOM list (format 32) containing `atom` (e.g. _NET_WM_STATE_FULLSCREEN). */
bool props_has_atom(const struct prop_value *v, xcb_atom_t atom);

/* One XID of the given type, format 32, at least one item (e.g. PIXMAP for
 * _XROOTPMAP_ID, WINDOW for _NET_ACTIVE_WINDOW). False for XCB_NONE. */
bool props_xid(const struct prop_value *v, xcb_atom_t type, uint32_t *out);

#endif
