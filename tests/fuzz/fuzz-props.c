/* Fuzz target for compositor/props.c, the decoding of window properties that
 * any client may set to anything. The input is split into a header
 *
 *   byte 0     type: 0 None, 1 CARDINAL, 2 STRING, 3 UTF8_STRING, 4 ATOM,
 *              5 PIXMAP, 6 WINDOW, 7 INTEGER, else the next 4 bytes raw
 *   byte 1     format (any value: only 8, 16 and 32 are valid)
 *   byte 2     output buffer size for texts (0..255)
 *   byte 3     flags: bit 0 = no data pointer, bit 1 = length not a whole
 *              number of items (one byte dropped)
 *   [4 bytes]  the raw type, when byte 0 says so
 *
 * and the rest, the property's value, copied into a buffer of exactly its
 * size (ASan sees any over-read). Every decoder runs on it twice: as a
 * prop_value directly, and through props_from_reply() on a GetProperty reply
 * built the way the server would. Each result is checked against a plain
 * reference, so a wrong answer aborts as surely as a bad read. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/props.h"
#include "tests/fuzz/fuzz.h"

#define UTF8_STRING 300 /* some atom that is not a predefined one */

static const xcb_atom_t type_atoms[] = {XCB_NONE, XCB_ATOM_CARDINAL, XCB_ATOM_STRING, UTF8_STRING,
        XCB_ATOM_ATOM, XCB_ATOM_PIXMAP, XCB_ATOM_WINDOW, XCB_ATOM_INTEGER};

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* A decoded text: NUL-terminated inside the buffer, no control byte, no longer
 * than the value or the buffer allows, and a prefix of the value where the
 * value's bytes are printable. */
static void check_text(const char *out, size_t outlen, const char *src, size_t srclen)
{
	size_t n;

	if (outlen == 0)
		return;
	n = strnlen(out, outlen);
	check(n < outlen);
	check(n <= srclen);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];
		check(c >= 0x20 && c != 0x7f);
		check(src[i] != '\0');
		if ((unsigned char)src[i] >= 0x20 && src[i] != 0x7f)
			check(out[i] == src[i]);
	}
	/* It stops at the value's first NUL, its end, or the buffer's end. */
	check(n == srclen || src[n] == '\0' || n + 1 == outlen);
}

static uint32_t word(const void *data, size_t i)
{
	uint32_t v;

	memcpy(&v, (const char *)data + 4 * i, 4);
	return v;
}

static void run_all(const struct prop_value *v, size_t outlen)
{
	bool data_ok = v->data != NULL;
	char *out = malloc(outlen ? outlen : 1);
	char *out2 = malloc(outlen ? outlen : 1);
	xcb_atom_t atoms[WINTYPE_COUNT];
	uint32_t u = 0xdeadbeef;

	if (!out || !out2)
		abort();

	/* _NET_WM_WINDOW_OPACITY: CARDINAL/32, exactly one item. */
	bool want = data_ok && v->type == XCB_ATOM_CARDINAL && v->format == 32 && v->len == 4;
	check(props_opacity(v, &u) == want);
	check(!want || u == word(v->data, 0));

	/* Texts. */
	bool is_text =
	        data_ok && v->format == 8 && (v->type == XCB_ATOM_STRING || v->type == UTF8_STRING);
	check(props_text(v, UTF8_STRING, out, outlen) == is_text);
	if (is_text)
		check_text(out, outlen, v->data, v->len);
	else if (outlen)
		check(out[0] == '\0');
	bool is_string = data_ok && v->format == 8 && v->type == XCB_ATOM_STRING;
	check(props_text(v, XCB_NONE, out, outlen) == is_string);

	/* WM_CLASS: instance, then class after the first NUL. */
	size_t ilen = outlen, clen = outlen / 2;
	check(props_class(v, out, ilen, out2, clen) == is_string);
	if (is_string) {
		const char *s = v->data;
		size_t first = strnlen(s, v->len);
		check_text(out, ilen, s, first);
		if (first + 1 < v->len)
			check_text(out2, clen, s + first + 1, v->len - first - 1);
		else if (clen)
			check(out2[0] == '\0');
	}

	/* _NET_WM_WINDOW_TYPE: the first listed atom that is known wins. */
	for (int t = 0; t < WINTYPE_COUNT; t++)
		atoms[t] = t == 0 ? (xcb_atom_t)XCB_NONE : (xcb_atom_t)(400 + t * 3 - (t % 2));
	enum wintype wt = props_window_type(v, atoms), ref = WINTYPE_UNKNOWN;
	bool is_atoms = data_ok && v->type == XCB_ATOM_ATOM && v->format == 32;
	for (size_t i = 0; is_atoms && i + 4 <= v->len && ref == WINTYPE_UNKNOWN; i += 4)
		for (int t = 1; t < WINTYPE_COUNT && ref == WINTYPE_UNKNOWN; t++)
			if (word(v->data, i / 4) == atoms[t])
				ref = (enum wintype)t;
	check(wt == ref);
	uint32_t types = props_window_types(v, atoms), ref_types = 0;
	for (size_t i = 0; is_atoms && i + 4 <= v->len; i += 4)
		for (int t = 1; t < WINTYPE_COUNT; t++)
			if (word(v->data, i / 4) == atoms[t])
				ref_types |= 1u << t;
	check(types == ref_types && (ref == WINTYPE_UNKNOWN) == (types == 0));
	check(ref == WINTYPE_UNKNOWN || (types & (1u << ref)));

	/* An ATOM list containing a given atom. */
	xcb_atom_t probe = is_atoms && v->len >= 4 ? word(v->data, (v->len / 4) - 1) : 401;
	bool has = false;
	for (size_t i = 0; is_atoms && probe != XCB_NONE && i + 4 <= v->len; i += 4)
		has |= word(v->data, i / 4) == probe;
	check(props_has_atom(v, probe) == has);
	check(!props_has_atom(v, XCB_NONE));

	/* One XID of a given type. */
	xcb_atom_t xid_types[] = {XCB_ATOM_PIXMAP, XCB_ATOM_WINDOW, v->type};
	for (size_t k = 0; k < sizeof xid_types / sizeof xid_types[0]; k++) {
		uint32_t id = 0x12345678;
		bool ok = props_xid(v, xid_types[k], &id);
		bool ref_ok = data_ok && v->type == xid_types[k] && v->format == 32 &&
		              v->len >= 4 && word(v->data, 0) != XCB_NONE;
		check(ok == ref_ok);
		check(ok ? id == word(v->data, 0) : id == 0x12345678);
	}
	free(out);
	free(out2);
}

/* The reply the server would send for this property (its value padded to 4). */
static void through_reply(const struct prop_value *v, size_t outlen)
{
	unsigned unit = v->format == 8 || v->format == 16 || v->format == 32 ? v->format / 8 : 0;
	size_t items = unit ? v->len / unit : 0;
	size_t bytes = items * unit, padded = (bytes + 3) & ~(size_t)3;
	xcb_get_property_reply_t *r = calloc(1, sizeof *r + padded);
	struct prop_value got;

	if (!r)
		abort();
	r->response_type = 1;
	r->format = v->type == XCB_NONE || !unit ? 0 : v->format;
	r->type = unit ? v->type : XCB_NONE;
	r->length = (uint32_t)(padded / 4);
	r->value_len = v->type == XCB_NONE ? 0 : (uint32_t)items;
	if (r->type != XCB_NONE && bytes)
		memcpy(r + 1, v->data, bytes);
	props_from_reply(r, &got);
	if (r->type == XCB_NONE) {
		check(got.type == XCB_NONE && got.len == 0);
	} else {
		check(got.type == v->type && got.format == v->format && got.len == bytes);
		check(got.data == (const void *)(r + 1));
	}
	run_all(&got, outlen);
	free(r);
	props_from_reply(NULL, &got);
	check(got.type == XCB_NONE && got.data == NULL && got.len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prop_value v = {0};
	size_t head = 4, outlen;
	uint8_t flags;
	void *copy;

	if (size < head)
		return 0;
	if (data[0] < sizeof type_atoms / sizeof type_atoms[0]) {
		v.type = type_atoms[data[0]];
	} else {
		if (size < head + 4)
			return 0;
		memcpy(&v.type, data + head, 4);
		head += 4;
	}
	v.format = data[1];
	outlen = data[2];
	flags = data[3];
	v.len = size - head;
	if ((flags & 2) && v.len > 0)
		v.len--;
	copy = malloc(v.len ? v.len : 1);
	if (!copy)
		abort();
	if (v.len)
		memcpy(copy, data + head, v.len);
	v.data = flags & 1 ? NULL : copy;
	if (!v.data)
		v.len = 0;
	run_all(&v, outlen);
	if (v.data)
		through_reply(&v, outlen);
	free(copy);
	return 0;
}
