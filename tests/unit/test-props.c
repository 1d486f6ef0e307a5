/* unit suite: property decoding refuses every malformed value a hostile
 * client can set (wrong type, format, length; missing terminators) and
 * decodes the well-formed ones. */
#include <stdio.h>
#include <string.h>

#include "compositor/props.h"
#include "tests/harness/runner.h"

static struct prop_value pv(xcb_atom_t type, uint8_t format, const void *data, size_t len)
{
	return (struct prop_value){.type = type, .format = format, .data = data, .len = len};
}

static void opacity(void)
{
	uint32_t one = 0x80000000u, two[2] = {1, 2}, out = 7;
	struct prop_value v;

	v = pv(XCB_ATOM_CARDINAL, 32, &one, 4);
	CHECK(props_opacity(&v, &out) && out == 0x80000000u);
	out = 7;
	v = pv(XCB_ATOM_CARDINAL, 32, two, 8); /* many items */
	CHECK(!props_opacity(&v, &out) && out == 7);
	v = pv(XCB_ATOM_CARDINAL, 32, &one, 0); /* zero items */
	CHECK(!props_opacity(&v, &out));
	v = pv(XCB_ATOM_CARDINAL, 16, &one, 4); /* wrong format */
	CHECK(!props_opacity(&v, &out));
	v = pv(XCB_ATOM_INTEGER, 32, &one, 4); /* wrong type */
	CHECK(!props_opacity(&v, &out));
	v = pv(XCB_NONE, 0, NULL, 0); /* absent */
	CHECK(!props_opacity(&v, &out));
	CHECK(!props_opacity(NULL, &out));
}

static void text(void)
{
	char out[8];
	const xcb_atom_t utf8 = 300;
	struct prop_value v;

	v = pv(XCB_ATOM_STRING, 8, "hello", 5);
	CHECK(props_text(&v, utf8, out, sizeof out) && strcmp(out, "hello") == 0);
	v = pv(utf8, 8, "a\tb\nc", 5); /* control bytes become spaces */
	CHECK(props_text(&v, utf8, out, sizeof out) && strcmp(out, "a b c") == 0);
	v = pv(XCB_ATOM_STRING, 8, "0123456789abcdef", 16); /* longer than out: cut */
	CHECK(props_text(&v, utf8, out, sizeof out) && strcmp(out, "0123456") == 0);
	char raw[3] = {'x', 'y', 'z'}; /* not terminated */
	v = pv(XCB_ATOM_STRING, 8, raw, 3);
	CHECK(props_text(&v, utf8, out, sizeof out) && strcmp(out, "xyz") == 0);
	v = pv(XCB_ATOM_STRING, 8, "ab\0cd", 5); /* stops at NUL */
	CHECK(props_text(&v, utf8, out, sizeof out) && strcmp(out, "ab") == 0);
	v = pv(XCB_ATOM_STRING, 32, "abcd", 4);
	CHECK(!props_text(&v, utf8, out, sizeof out) && out[0] == '\0');
	v = pv(XCB_ATOM_CARDINAL, 8, "abcd", 4);
	CHECK(!props_text(&v, utf8, out, sizeof out));
	v = pv(utf8, 8, "abcd", 4);
	CHECK(!props_text(&v, XCB_NONE, out, sizeof out)); /* UTF8_STRING unknown */
}

static void wm_class(void)
{
	char inst[16], cls[16];
	struct prop_value v;

	v = pv(XCB_ATOM_STRING, 8, "xterm\0XTerm\0", 12);
	CHECK(props_class(&v, inst, sizeof inst, cls, sizeof cls) && strcmp(inst, "xterm") == 0 &&
	        strcmp(cls, "XTerm") == 0);
	v = pv(XCB_ATOM_STRING, 8, "xterm\0XTe", 9); /* second not terminated */
	CHECK(props_class(&v, inst, sizeof inst, cls, sizeof cls) && strcmp(cls, "XTe") == 0);
	v = pv(XCB_ATOM_STRING, 8, "only", 4); /* one string, no NUL */
	CHECK(props_class(&v, inst, sizeof inst, cls, sizeof cls) && strcmp(inst, "only") == 0 &&
	        cls[0] == '\0');
	v = pv(XCB_ATOM_STRING, 8, "averyveryverylonginstance\0C", 27);
	CHECK(props_class(&v, inst, sizeof inst, cls, sizeof cls) && strlen(inst) == 15 &&
	        strcmp(cls, "C") == 0);
	v = pv(XCB_ATOM_STRING, 8, "", 0);
	CHECK(props_class(&v, inst, sizeof inst, cls, sizeof cls) && !inst[0] && !cls[0]);
	v = pv(XCB_ATOM_ATOM, 8, "a\0b", 3);
	CHECK(!props_class(&v, inst, sizeof inst, cls, sizeof cls));
}

static void window_type(void)
{
	xcb_atom_t atoms[WINTYPE_COUNT] = {0};
	for (int i = 1; i < WINTYPE_COUNT; i++)
		atoms[i] = (xcb_atom_t)(500 + i);
	xcb_atom_t list[3] = {999, 500 + WINTYPE_DOCK, 500 + WINTYPE_NORMAL};
	struct prop_value v = pv(XCB_ATOM_ATOM, 32, list, sizeof list);

	CHECK(props_window_type(&v, atoms) == WINTYPE_DOCK);
	CHECK(props_window_types(&v, atoms) == (1u << WINTYPE_DOCK | 1u << WINTYPE_NORMAL));
	v = pv(XCB_ATOM_ATOM, 32, list, 8); /* the first two */
	CHECK(props_window_types(&v, atoms) == 1u << WINTYPE_DOCK);
	v = pv(XCB_ATOM_ATOM, 32, list, 4); /* only the unknown atom */
	CHECK(props_window_types(&v, atoms) == 0);
	CHECK(props_window_type(&v, atoms) == WINTYPE_UNKNOWN);
	v = pv(XCB_ATOM_ATOM, 32, list, 7); /* trailing partial item ignored */
	CHECK(props_window_type(&v, atoms) == WINTYPE_UNKNOWN);
	v = pv(XCB_ATOM_CARDINAL, 32, list, sizeof list);
	CHECK(props_window_type(&v, atoms) == WINTYPE_UNKNOWN);
	CHECK(props_window_types(&v, atoms) == 0);
	v = pv(XCB_ATOM_ATOM, 8, list, sizeof list);
	CHECK(props_window_type(&v, atoms) == WINTYPE_UNKNOWN);
	CHECK(strcmp(wintype_name(WINTYPE_DROPDOWN_MENU), "dropdown_menu") == 0);
	CHECK(strcmp(wintype_name((enum wintype)99), "unknown") == 0);
	CHECK(props_has_atom(
	        &(struct prop_value){XCB_ATOM_ATOM, 32, list, sizeof list}, 500 + WINTYPE_NORMAL));
	CHECK(!props_has_atom(&(struct prop_value){XCB_ATOM_ATOM, 32, list, sizeof list}, 4));
	CHECK(!props_has_atom(&(struct prop_value){XCB_ATOM_ATOM, 32, list, sizeof list}, 0));
}

static void xid(void)
{
	uint32_t pm = 0x400001, zero = 0, out = 0;
	struct prop_value v = pv(XCB_ATOM_PIXMAP, 32, &pm, 4);

	CHECK(props_xid(&v, XCB_ATOM_PIXMAP, &out) && out == 0x400001);
	CHECK(!props_xid(&v, XCB_ATOM_WINDOW, &out));
	v = pv(XCB_ATOM_PIXMAP, 32, &zero, 4);
	CHECK(!props_xid(&v, XCB_ATOM_PIXMAP, &out));
	v = pv(XCB_ATOM_PIXMAP, 32, &pm, 2);
	CHECK(!props_xid(&v, XCB_ATOM_PIXMAP, &out));
	v = pv(XCB_ATOM_PIXMAP, 16, &pm, 4);
	CHECK(!props_xid(&v, XCB_ATOM_PIXMAP, &out));
	props_from_reply(NULL, &v);
	CHECK(v.type == XCB_NONE && !props_xid(&v, XCB_ATOM_PIXMAP, &out));
}

TEST(props)
{
	opacity();
	text();
	wm_class();
	window_type();
	xid();
	return TEST_PASS;
}
