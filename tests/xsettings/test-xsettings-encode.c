/* unit suite: the XSETTINGS encoder (compositor/xsettings.c) without X. Its
 * output is read back with the tests' own decoder (decode.c) and compared
 * with bytes written out by hand from the spec. Run as: test-xsettings-encode CASE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/xsettings.h"
#include "tests/harness/runner.h"
#include "tests/xsettings/decode.h"

static bool little_endian(void)
{
	const uint16_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first == 1;
}

/* Encodes into a fresh buffer and decodes it; false (with the reason printed)
 * when either fails. */
static bool round_trip(
        const struct xsettings_entry *e, size_t n, uint32_t serial, struct decoded *d)
{
	char err[128];
	size_t len = xsettings_encode(e, n, serial, NULL, 0);
	if (!test_expect(len > 0, "encoder refused %zu entries", n))
		return false;
	uint8_t *buf = malloc(len);
	REQUIRE(buf);
	CHECK(xsettings_encode(e, n, serial, buf, len) == len);
	bool ok = test_expect(decode_settings(buf, len, d, err, sizeof err), "decode: %s", err);
	free(buf);
	return ok;
}

TEST(name_rules)
{
	static const char *const good[] = {"GTK/colors/background0", "_background", "_111",
	        "Net/CursorBlink", "a", "a/b/c", "Gtk/EnableAnimations", "x_1/_2"};
	static const char *const bad[] = {"/", "_background/", "GTK//colors", "", "0abc", "Net/0x",
	        "a b", "Gtk/\xc3\xa9", "/Net", "Net-Blink", "a.b"};

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		test_expect(xsettings_name_valid(good[i]), "'%s' refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		test_expect(!xsettings_name_valid(bad[i]), "'%s' accepted", bad[i]);
	CHECK(!xsettings_name_valid(NULL));
	return TEST_PASS;
}

TEST(profile)
{
	struct decoded d;

	if (!round_trip(xsettings_test_profile, xsettings_test_profile_count, 7, &d))
		return TEST_FAIL;
	CHECK(d.byte_order == (little_endian() ? 0 : 1));
	CHECK(d.serial == 7);
	CHECK(d.count == 3);
	static const struct {
		const char *name;
		int32_t value;
	} want[] = {{"Net/CursorBlink", 0}, {"Gtk/EnableAnimations", 0},
	        {"Net/CursorBlinkTime", 2000000000}};
	for (size_t i = 0; i < 3; i++) {
		const struct decoded_setting *s = decoded_find(&d, want[i].name);
		if (!test_expect(s != NULL, "%s missing", want[i].name))
			continue;
		CHECK(s->type == 0);
		test_expect(s->integer == want[i].value, "%s = %d, want %d", want[i].name,
		        s->integer, want[i].value);
		CHECK(s->last_change == 7);
	}
	return TEST_PASS;
}

/* Every type, strings of each length modulo 4 (padding), a negative integer. */
TEST(types)
{
	static const struct xsettings_entry e[] = {
	        {"Net/ThemeName", XSETTINGS_STRING, {.string = "Adwaita"}},
	        {"Net/Empty", XSETTINGS_STRING, {.string = ""}},
	        {"Net/Four", XSETTINGS_STRING, {.string = "abcd"}},
	        {"Net/Five", XSETTINGS_STRING, {.string = "abcde"}},
	        {"Gtk/Color", XSETTINGS_COLOR, {.color = {0x1234, 0x5678, 0x9abc, 0xffff}}},
	        {"Xft/DPI", XSETTINGS_INTEGER, {.integer = -5}},
	};
	struct decoded d;

	if (!round_trip(e, 6, 0, &d))
		return TEST_FAIL;
	CHECK(d.count == 6);
	CHECK_STR(d.settings[0].string, "Adwaita");
	CHECK(d.settings[0].type == 1);
	CHECK_STR(d.settings[1].string, "");
	CHECK_STR(d.settings[2].string, "abcd");
	CHECK_STR(d.settings[3].string, "abcde");
	CHECK_STR(d.settings[4].name, "Gtk/Color");
	CHECK(d.settings[4].type == 2);
	CHECK(d.settings[4].color[0] == 0x1234 && d.settings[4].color[1] == 0x5678 &&
	        d.settings[4].color[2] == 0x9abc && d.settings[4].color[3] == 0xffff);
	CHECK(d.settings[5].type == 0 && d.settings[5].integer == -5);
	CHECK(xsettings_encode(e, 0, 0, NULL, 0) == 12); /* no settings: the header alone */
	return TEST_PASS;
}

/* The bytes of one integer setting written out by hand from the spec's
 * tables, in this machine's order. */
TEST(known_bytes)
{
	static const struct xsettings_entry e[] = {
	        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 0x01020304}}};
	uint8_t want[] = {
	        0, 0, 0, 0,  /* byte order (set below), 3 unused */
	        0, 0, 0, 9,  /* serial 9 (MSB first here, swapped below) */
	        0, 0, 0, 1,  /* 1 setting */
	        0, 0, 0, 15, /* type 0 integer, unused, name length 15 */
	        'N', 'e', 't', '/', 'C', 'u', 'r', 's', 'o', 'r', 'B', 'l', 'i', 'n', 'k',
	        0,          /* padding to 16 */
	        0, 0, 0, 9, /* last-change-serial */
	        1, 2, 3, 4, /* value */
	};
	uint8_t got[sizeof want];

	if (little_endian()) {
		/* CARD16 at 14, CARD32 at 4, 8, 32, 36 */
		static const size_t card32[] = {4, 8, 32, 36};
		for (size_t i = 0; i < 4; i++) {
			uint8_t *p = want + card32[i], t;
			t = p[0], p[0] = p[3], p[3] = t;
			t = p[1], p[1] = p[2], p[2] = t;
		}
		uint8_t t = want[14];
		want[14] = want[15], want[15] = t;
	} else {
		want[0] = 1;
	}
	CHECK(xsettings_encode(e, 1, 9, got, sizeof got) == sizeof want);
	CHECK(memcmp(got, want, sizeof want) == 0);
	return TEST_PASS;
}

TEST(rejects)
{
	static const struct xsettings_entry twice[] = {
	        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 0}},
	        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 1}}};
	static const struct xsettings_entry bad_name[] = {
	        {"Net//CursorBlink", XSETTINGS_INTEGER, {.integer = 0}}};
	static const struct xsettings_entry null_string[] = {
	        {"Net/ThemeName", XSETTINGS_STRING, {.string = NULL}}};
	static const struct xsettings_entry null_name[] = {
	        {NULL, XSETTINGS_INTEGER, {.integer = 0}}};
	struct xsettings_entry bad_type[] = {{"Net/X", XSETTINGS_INTEGER, {.integer = 0}}};
	uint8_t buf[256];

	bad_type[0].type = (enum xsettings_type)3;
	CHECK(xsettings_encode(twice, 2, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(bad_name, 1, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(null_string, 1, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(null_name, 1, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(bad_type, 1, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(NULL, 1, 0, buf, sizeof buf) == 0);
	CHECK(xsettings_encode(twice, 1, 0, buf, sizeof buf) > 0); /* the first alone is fine */
	return TEST_PASS;
}

/* A buffer too small: the full length is returned, nothing written past it. */
TEST(short_buffer)
{
	size_t len =
	        xsettings_encode(xsettings_test_profile, xsettings_test_profile_count, 0, NULL, 0);
	uint8_t buf[512];

	REQUIRE(len > 12 && len < sizeof buf);
	for (size_t cap = 0; cap < len; cap++) {
		memset(buf, 0xa5, sizeof buf);
		CHECK(xsettings_encode(xsettings_test_profile, xsettings_test_profile_count, 0, buf,
		              cap) == len);
		for (size_t i = cap; i < sizeof buf; i++) {
			if (!test_expect(buf[i] == 0xa5, "byte %zu written, capacity %zu", i, cap))
				break;
		}
	}
	return TEST_PASS;
}

/* The decoder itself: a property in the other byte order than ours (MSB
 * first, by hand), and broken ones. */
TEST(decoder)
{
	static const uint8_t msb[] = {
	        1,
	        0,
	        0,
	        0,
	        0,
	        0,
	        0,
	        2,
	        0,
	        0,
	        0,
	        1,
	        1,
	        0,
	        0,
	        5,
	        'N',
	        'e',
	        't',
	        '/',
	        'X',
	        0,
	        0,
	        0,
	        0,
	        0,
	        0,
	        2,
	        0,
	        0,
	        0,
	        2,
	        'h',
	        'i',
	        0,
	        0,
	};
	struct decoded d;
	char err[128];

	REQUIRE(decode_settings(msb, sizeof msb, &d, err, sizeof err));
	CHECK(d.byte_order == 1 && d.serial == 2 && d.count == 1);
	CHECK_STR(d.settings[0].name, "Net/X");
	CHECK_STR(d.settings[0].string, "hi");
	CHECK(!decode_settings(msb, sizeof msb - 1, &d, err, sizeof err)); /* cut short */
	uint8_t longer[sizeof msb + 4] = {0};
	memcpy(longer, msb, sizeof msb);
	CHECK(!decode_settings(longer, sizeof longer, &d, err, sizeof err)); /* bytes left */
	uint8_t bad[sizeof msb];
	memcpy(bad, msb, sizeof msb);
	bad[0] = 2;
	CHECK(!decode_settings(bad, sizeof bad, &d, err, sizeof err)); /* byte order */
	memcpy(bad, msb, sizeof msb);
	bad[21] = 'x';
	CHECK(!decode_settings(bad, sizeof bad, &d, err, sizeof err)); /* padding */
	return TEST_PASS;
}
