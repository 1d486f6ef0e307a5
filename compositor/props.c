/* Property decoding with every length and type checked; see props.h. */
#include <string.h>

#include "compositor/props.h"

void props_from_reply(const xcb_get_property_reply_t *r, struct prop_value *v)
{
	int n;

	*v = (struct prop_value){0};
	if (!r || r->type == XCB_NONE)
		return;
	n = xcb_get_property_value_length((xcb_get_property_reply_t *)r);
	v->type = r->type;
	v->format = r->format;
	v->data = xcb_get_property_value((xcb_get_property_reply_t *)r);
	v->len = n > 0 ? (size_t)n : 0;
}

static bool is(const struct prop_value *v, xcb_atom_t type, uint8_t format)
{
	return v && v->data && v->type == type && v->format == format;
}

bool props_opacity(const struct prop_value *v, uint32_t *out)
{
	if (!is(v, XCB_ATOM_CARDINAL, 32) || v->len != 4)
		return false;
	memcpy(out, v->data, 4);
	return true;
}

static void copy_text(const char *src, size_t srclen, char *out, size_t outlen)
{
	size_t n = 0;

	if (outlen == 0)
		return;
	for (; n < srclen && n + 1 < outlen && src[n] != '\0'; n++)
		out[n] = (unsigned char)src[n] < 0x20 || src[n] == 0x7f ? ' ' : src[n];
	out[n] = '\0';
}

bool props_text(const struct prop_value *v, xcb_atom_t utf8_string, char *out, size_t outlen)
{
	if (outlen)
		out[0] = '\0';
	if (!v || !v->data || v->format != 8 ||
	        (v->type != XCB_ATOM_STRING && (utf8_string == XCB_NONE || v->type != utf8_string)))
		return false;
	copy_text(v->data, v->len, out, outlen);
	return true;
}

bool props_class(const struct prop_value *v, char *instance, size_t ilen, char *cls, size_t clen)
{
	const char *s;
	size_t first;

	if (ilen)
		instance[0] = '\0';
	if (clen)
		cls[0] = '\0';
	if (!is(v, XCB_ATOM_STRING, 8))
		return false;
	s = v->data;
	first = strnlen(s, v->len);
	copy_text(s, first, instance, ilen);
	if (first + 1 < v->len)
		copy_text(s + first + 1, v->len - first - 1, cls, clen);
	return true;
}

enum wintype props_window_type(const struct prop_value *v, const xcb_atom_t atoms[WINTYPE_COUNT])
{
	if (!is(v, XCB_ATOM_ATOM, 32))
		return WINTYPE_UNKNOWN;
	for (size_t i = 0; i + 4 <= v->len; i += 4) {
		xcb_atom_t a;
		memcpy(&a, (const char *)v->data + i, 4);
		for (int t = 1; t < WINTYPE_COUNT; t++)
			if (a != XCB_NONE && a == atoms[t])
				return (enum wintype)t;
	}
	return WINTYPE_UNKNOWN;
}

uint32_t props_window_types(const struct prop_value *v, const xcb_atom_t atoms[WINTYPE_COUNT])
{
	uint32_t types = 0;

	if (!is(v, XCB_ATOM_ATOM, 32))
		return 0;
	for (size_t i = 0; i + 4 <= v->len; i += 4) {
		xcb_atom_t a;
		memcpy(&a, (const char *)v->data + i, 4);
		for (int t = 1; t < WINTYPE_COUNT; t++)
			if (a != XCB_NONE && a == atoms[t])
				types |= 1u << t;
	}
	return types;
}

bool props_has_atom(const struct prop_value *v, xcb_atom_t atom)
{
	if (!is(v, XCB_ATOM_ATOM, 32) || atom == XCB_NONE)
		return false;
	for (size_t i = 0; i + 4 <= v->len; i += 4) {
		xcb_atom_t a;
		memcpy(&a, (const char *)v->data + i, 4);
		if (a == atom)
			return true;
	}
	return false;
}

bool props_xid(const struct prop_value *v, xcb_atom_t type, uint32_t *out)
{
	uint32_t id;

	if (!is(v, type, 32) || v->len < 4)
		return false;
	memcpy(&id, v->data, 4);
	if (id == XCB_NONE)
		return false;
	*out = id;
	return true;
}
