/* unit suite: the condition language (picom's c2 syntax): every parse error with its
 * column, truth tables of each operator, ignore-case, negation, precedence, parentheses,
 * numbers, PCRE regexes and their limits, glob, escapes, every predefined target, window
 * properties through the lookup callback, picom's deprecated targets. Run as:
 * test-cond CASE */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <string.h>

#include "config/config.h"
#include "tests/harness/runner.h"

/* ---- window properties, as a compositor's cache would answer them ---- */

struct fake_prop {
	const char *name;
	bool client;
	struct cond_prop v;
};

struct fake_props {
	const struct fake_prop *items;
	size_t n;
	int lookups; /* counts the calls, to show that absent `prop` is never called */
};

static bool fake_lookup(void *data, const char *name, bool client, struct cond_prop *out)
{
	struct fake_props *p = data;

	p->lookups++;
	for (size_t i = 0; i < p->n; i++) {
		if (p->items[i].client == client && strcmp(p->items[i].name, name) == 0) {
			*out = p->items[i].v;
			return true;
		}
	}
	return false;
}

static const int64_t extents[] = {1, 2, 30, 4};
static const int64_t state_ids[] = {301, 302};
static const char *const state_names[] = {"_NET_WM_STATE_MAXIMIZED_VERT", "_NET_WM_STATE_HIDDEN"};
static const int64_t pid[] = {1234};
static const int64_t minus_five[] = {-5};
static const int64_t zero[] = {0};
static const char wm_class[] = "navigator\0Firefox"; /* 17 bytes, no final NUL */

static const struct fake_prop firefox_items[] = {
        {"_NET_FRAME_EXTENTS", true, {.type = COND_PROP_NUMBER, .n = 4, .num = extents}},
        {"_NET_WM_STATE", true,
                {.type = COND_PROP_ATOM, .n = 2, .num = state_ids, .atom = state_names}},
        {"WM_CLASS", true, {.type = COND_PROP_STRING, .str = wm_class, .len = sizeof wm_class - 1}},
        {"_GTK_FRAME_EXTENTS", true, {.type = COND_PROP_NUMBER, .n = 0, .num = extents}},
        {"_TEST_INT", false, {.type = COND_PROP_NUMBER, .n = 1, .num = minus_five}},
        {"_ZERO", false, {.type = COND_PROP_NUMBER, .n = 1, .num = zero}},
};
static const struct fake_prop xterm_items[] = {
        {"_NET_WM_PID", false, {.type = COND_PROP_NUMBER, .n = 1, .num = pid}},
        {"WM_NAME", false, {.type = COND_PROP_STRING, .str = "xterm\0", .len = 6}},
        {"WM_NAME", true, {.type = COND_PROP_STRING, .str = "", .len = 0}},
        {"_NET_WM_STATE", true,
                {.type = COND_PROP_ATOM,
                        .n = 1,
                        .num = state_ids,
                        .atom = (const char *const[]){NULL}}},
};
static struct fake_props firefox_props = {
        firefox_items, sizeof firefox_items / sizeof firefox_items[0], 0};
static struct fake_props xterm_props = {xterm_items, sizeof xterm_items / sizeof xterm_items[0], 0};

static const struct cond_window firefox = {
        .name = "Mozilla Firefox",
        .class_g = "Firefox",
        .class_i = "Navigator",
        .role = "browser",
        .window_type = WINTYPE_NORMAL,
        .focused = true,
        .group_focused = true,
        .x = 10,
        .y = 20,
        .border_width = 2,
        .width = 1024,
        .height = 768,
        .prop = fake_lookup,
        .prop_data = &firefox_props,
};

static const struct cond_window xterm = {
        .name = "xterm: ~/src",
        .class_g = "XTerm",
        .class_i = "xterm",
        .role = NULL,
        .window_type = WINTYPE_NORMAL,
        .argb = true,
        .group_focused = true,
        .x = -5,
        .y = 0,
        .width = 640,
        .height = 480,
        .prop = fake_lookup,
        .prop_data = &xterm_props,
};

static const struct cond_window tooltip = {
        .name = "",
        .class_g = "Firefox",
        .class_i = "Tooltip",
        .window_type = WINTYPE_TOOLTIP,
        .override_redirect = true,
        .bounding_shaped = true,
        .rounded_corners = true,
        .fullscreen = false,
        .x = 100,
        .y = 100,
        .border_width = 1,
        .width = 120,
        .height = 20,
};

/* Two window types: normal for `wintypes`, and splash. */
static const struct cond_window fullscreen = {
        .name = "mpv",
        .class_g = "mpv",
        .class_i = "gl",
        .window_type = WINTYPE_NORMAL,
        .window_types = 1u << WINTYPE_NORMAL | 1u << WINTYPE_SPLASH,
        .fullscreen = true,
        .width = 1920,
        .height = 1080,
};

/* A window-manager frame: no client, nothing known. */
static const struct cond_window empty = {.window_type = WINTYPE_UNKNOWN, .wmwin = true};

/* Which of the five windows `text` matches, as a string of five 0/1: firefox, xterm,
 * tooltip, fullscreen, empty. "E" + the error when it does not parse. */
static const char *matches(const char *text)
{
	static const struct cond_window *const wins[] = {
	        &firefox, &xterm, &tooltip, &fullscreen, &empty};
	static char out[300];
	char err[256];
	bool warning;
	struct cond *c = cond_parse(text, &warning, err, sizeof err);

	if (!c) {
		snprintf(out, sizeof out, "E %s", err);
		return out;
	}
	for (int i = 0; i < 5; i++)
		out[i] = cond_match(c, wins[i]) ? '1' : '0';
	out[5] = '\0';
	cond_free(c);
	return out;
}

#define MATCHES(text, want) test_check_str(matches(text), want, __FILE__, __LINE__)

struct error_case {
	const char *text, *err;
};

static const struct error_case errors[] = {
        {"", "column 1: empty condition"},
        {"   ", "column 4: empty condition"},
        {"name = x", "column 8: expected a string in quotes, a number, true or false, not 'x'"},
        {"name =", "column 7: expected a string in quotes, a number, true or false"},
        {"name = 'x", "column 8: unterminated string"},
        {"name = \"a\\", "column 10: unterminated string"},
        {"name = 'a\\q'", "column 10: invalid escape '\\q'"},
        {"name = '\\x4'", "column 9: invalid escape: '\\x' needs two hex digits (not 00)"},
        {"name = '\\x00'", "column 9: invalid escape: '\\x' needs two hex digits (not 00)"},
        {"name = '\\o8a'", "column 9: invalid escape: '\\o' needs two octal digits (not 00)"},
        {"width = 10px", "column 11: unexpected 'p' after a number"},
        {"width = 99999999999999999999", "column 9: number out of range"},
        {"name = 5", "column 8: target 'name' is a string: the pattern must be in quotes"},
        {"window_type = true", "column 15: target 'window_type' is a string: the pattern must "
                               "be in quotes"},
        {"width = 'x'", "column 9: target 'width' is a number: the pattern must be a number, "
                        "true or false"},
        {"_NET_WM_PID:c = 'x'", "column 17: target '_NET_WM_PID' is a number: the pattern must "
                                "be a number, true or false"},
        {"_NET_WM_NAME:s = 3", "column 18: target '_NET_WM_NAME' is a string: the pattern must "
                               "be in quotes"},
        {"width *= 5", "column 7: '*' goes only with a string pattern"},
        {"focused ?= 1", "column 9: '?' goes only with a string pattern"},
        {"name > 'a'", "column 6: strings can only be compared with '='"},
        {"name <= 'a'", "column 6: strings can only be compared with '='"},
        {"name *> 'x'", "column 6: '*' goes only with '=', as in '*='"},
        {"name ? 'x'", "column 6: '?' goes only with '=', as in '?='"},
        {"name ~", "column 6: '~' goes only with '=', as in '~='"},
        {"focused !", "column 9: '!' after a target needs an operator, as in '!='"},
        {"width => 3", "column 7: invalid operator '=>'"},
        {"width == 3", "column 7: invalid operator '=='"},
        {"width <> 3", "column 7: invalid operator '<>'"},
        {"name ~= '('", "column 9: invalid regular expression: missing closing parenthesis (at "
                        "offset 1)"},
        {"name ~= 'a{2,1}'", "column 9: invalid regular expression: numbers out of order in {} "
                             "quantifier (at offset 5)"},
        {"name ~= 'a**'", "column 9: invalid regular expression: quantifier does not follow a "
                          "repeatable item (at offset 2)"},
        {"name ~= '[z-a]'", "column 9: invalid regular expression: range out of order in "
                            "character class (at offset 3)"},
        {"name ~= 'x\\\\'", "column 9: invalid regular expression: \\ at end of pattern (at "
                            "offset 2)"},
        {"name ~= '((a{255}){255}){255}'", "column 9: invalid regular expression: regular "
                                           "expression is too large (at offset 20)"},
        {"name ~= 'a{0,70000}'", "column 9: invalid regular expression: number too big in {} "
                                 "quantifier (at offset 9)"},
        {"name ~= '\\\\p{Foo}'", "column 9: invalid regular expression: unknown property after "
                                 "\\P or \\p (at offset 7)"},
        /* 65 groups: nested deeper than the condition language's own parentheses */
        {"name ~= '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a)))))))))"
         "))))))))))))))))))))))))))))))))))))))))))))))))))))))))'",
                "column 9: invalid regular expression: parentheses are too deeply nested (at "
                "offset "
                "65)"},
        {"name = 'a' b", "column 12: expected '&&', '||' or the end but found 'b'"},
        {"name = 'a' & focused", "column 12: '&' is not an operator: use '&&' or '||'"},
        {"name = 'a' | focused", "column 12: '|' is not an operator: use '&&' or '||'"},
        {"(focused | argb)", "column 10: '|' is not an operator: use '&&' or '||'"},
        {"(focused argb)", "column 10: expected '&&', '||' or ')' but found 'a'"},
        {"(name = 'a'", "column 1: '(' is never closed"},
        {"focused && (argb || (width > 3)", "column 12: '(' is never closed"},
        {"name = 'a')", "column 11: unexpected ')'"},
        {"()", "column 2: expected a target, '!' or '(' but found ')'"},
        {"&& focused", "column 1: expected a target, '!' or '(' but found '&'"},
        {"focused &&", "column 11: expected a target, '!' or '(' but found the end"},
        {"focused || !", "column 13: expected a target, '!' or '(' but found the end"},
        {"= 'x'", "column 1: expected a target, '!' or '(' but found '='"},
        {"name[0] = 'x'", "column 5: target 'name' takes no index"},
        {"_X[ = 1", "column 5: expected an index number or '*' after '['"},
        {"_X[-1]:c", "column 4: expected an index number or '*' after '['"},
        {"_X[1 = 1", "column 6: expected ']' to close the index opened at column 3"},
        {"_X:q", "column 4: expected a property type after ':' (c, a, w, d or s)"},
        {"_X:", "column 4: expected a property type after ':' (c, a, w, d or s)"},
        {"_X:7c", "column 4: property format must be 8, 16 or 32"},
        {"x:e:a", "column 1: legacy condition: unknown target 'x' (n, i, g or r)"},
        {"n:q:a", "column 3: legacy condition: unknown match type (e, a, s, w or p)"},
        {"n:", "column 3: legacy condition: unknown match type (e, a, s, w or p)"},
        {"n:ez:a", "column 4: legacy condition: expected ':' (the only flag is 'i')"},
        {"n:e", "column 4: legacy condition: expected ':' (the only flag is 'i')"},
        {"r:pi:^a(", "column 6: invalid regular expression: missing closing parenthesis (at "
                     "offset 3)"},
        {"name = r x", "column 10: expected a string in quotes, a number, true or false, not 'x'"},
};

static void body_parse_errors(void)
{
	char err[256];
	bool warning = true;

	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct cond *c = cond_parse(errors[i].text, &warning, err, sizeof err);
		CHECK(c == NULL);
		if (c) {
			fprintf(stderr, "  parsed: %s\n", errors[i].text);
			cond_free(c);
			continue;
		}
		test_check_str(err, errors[i].err, __FILE__, __LINE__);
	}
	CHECK(!cond_parse(NULL, NULL, err, sizeof err));
	CHECK_STR(err, "column 1: empty condition");
	CHECK(!cond_parse("focused &&", NULL, NULL, 0)); /* no room for the message */
}

/* "((...(focused)...))" with `depth` pairs. */
static void nest(char *out, int depth)
{
	memset(out, '(', (size_t)depth);
	strcpy(out + depth, "focused");
	memset(out + depth + 7, ')', (size_t)depth);
	out[2 * depth + 7] = '\0';
}

static void body_nesting(void)
{
	char text[400], err[256];
	struct cond *c;

	/* 64 levels parse; 65 are refused, not a stack overflow. */
	nest(text, 64);
	c = cond_parse(text, NULL, err, sizeof err);
	CHECK(c && cond_match(c, &firefox) && !cond_match(c, &xterm));
	cond_free(c);
	nest(text, 65);
	CHECK(!cond_parse(text, NULL, err, sizeof err));
	CHECK_STR(err, "column 65: parentheses nested more than 64 deep");

	/* A long chain of operators stays flat: no deep recursion when matching or freeing. */
	size_t n = 200000, len = n * 12 + 16;
	char *big = malloc(len), *p = big;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%sfocused", i ? (i % 2 ? " && " : " || ") : "");
	c = cond_parse(big, NULL, err, sizeof err);
	CHECK(c && cond_match(c, &firefox) && !cond_match(c, &xterm));
	cond_free(c);
	free(big);
}

static void body_string_ops(void)
{
	MATCHES("class_g = 'Firefox'", "10100");
	MATCHES("class_g = 'firefox'", "00000");
	MATCHES("class_g ?= 'firefox'", "10100");
	MATCHES("name *= 'Fire'", "10000");
	MATCHES("name *= 'fire'", "00000");
	MATCHES("name *?= 'FIRE'", "10000");
	MATCHES("name ^= 'xterm'", "01000");
	MATCHES("name ^= 'Xterm'", "00000");
	MATCHES("name ^?= 'XTERM:'", "01000");
	MATCHES("name $= 'Firefox'", "10000");
	MATCHES("name $= 'firefox'", "00000");
	MATCHES("name $?= 'FIREFOX'", "10000");
	MATCHES("name $= ''", "11110"); /* every present name ends with "" */
	MATCHES("name $= 'a very long suffix indeed'", "00000");
	MATCHES("name %= 'xterm:*'", "01000");
	MATCHES("name %= '*Fire?ox'", "10000");
	MATCHES("name %= '*fire?ox'", "00000");
	MATCHES("name %?= '*FIRE?OX'", "10000");
	MATCHES("name %= '[mx]*'", "01010");
	MATCHES("name ~= 'F.*x$'", "10000");
	MATCHES("name ~= '^(xterm|mpv)'", "01010");
	MATCHES("name ~= '^MPV$'", "00000");
	MATCHES("name ~?= '^MPV$'", "00010");
	MATCHES("class_i ~= '[[:upper:]]'", "10100");
	/* PCRE's lazy quantifiers match what the greedy ones match */
	MATCHES("name ~= '^x.*?:'", "01000");
	MATCHES("name ~= '^M.+?F'", "10000");
	MATCHES("name ~= '^mpv??$'", "00010");
	MATCHES("name ~= 'o{2,}?'", "00000");
	MATCHES("name ~= '[*+?]'", "00000"); /* in brackets they are plain characters */
	MATCHES("name ~= '(a{255}){255}|mpv'", "00010");
	MATCHES("name ~= '^mpv{0,2000}$'", "00010");
	MATCHES("name ~= '^(Moz|mp){1,2}'", "10010");
	MATCHES("role = 'browser'", "10000");
	MATCHES("name != 'mpv'", "11101"); /* an absent name is not "mpv" */
	MATCHES("name !*= 'e'", "00111");
	MATCHES("class_g !?= 'FIREFOX'", "01011");
}

static void body_exists(void)
{
	/* A string exists when present and not empty; a number when not 0. */
	MATCHES("name", "11010");
	MATCHES("!name", "00101");
	MATCHES("role", "10000");
	MATCHES("focused", "10000");
	MATCHES("argb", "01000");
	MATCHES("!argb", "10111");
	MATCHES("override_redirect", "00100");
	MATCHES("bounding_shaped", "00100");
	MATCHES("fullscreen", "00010");
	MATCHES("width", "11110");
	MATCHES("window_type", "11111"); /* "unknown" is a name too */
}

static void body_numbers(void)
{
	MATCHES("width = 640", "01000");
	MATCHES("width > 640", "10010");
	MATCHES("width >= 640", "11010");
	MATCHES("width < 640", "00101");
	MATCHES("width <= 640", "01101");
	MATCHES("width != 640", "10111");
	MATCHES("height>=768&&height<1080", "10000");
	MATCHES("width = 0x280", "01000");
	MATCHES("width = 01200", "01000"); /* octal, as strtol reads it (picom too) */
	MATCHES("width > -1", "11111");
	MATCHES("width < +121", "00101");
	MATCHES("focused = 1", "10000");
	MATCHES("focused = true", "10000");
	MATCHES("focused = false", "01111");
	MATCHES("override_redirect != true", "11011");
	MATCHES("fullscreen = 1", "00010");
	MATCHES("argb = 0", "10111");
	MATCHES("bounding_shaped=true", "00100");
}

static void body_window_type(void)
{
	MATCHES("window_type = 'normal'", "11010");
	MATCHES("window_type = 'tooltip'", "00100");
	MATCHES("window_type *= 'tip'", "00100");
	MATCHES("window_type = 'unknown'", "00001");
	MATCHES("window_type ?= 'NORMAL'", "11010");
}

static void body_logic(void)
{
	MATCHES("focused && argb", "00000");
	MATCHES("focused || argb", "11000");
	MATCHES("!focused", "01111");
	MATCHES("!!focused", "10000");
	MATCHES("! ! ! focused", "01111");
	MATCHES("!(focused || argb)", "00111");
	MATCHES("!focused && !argb", "00111");
	/* && binds tighter than ||, both left to right */
	MATCHES("focused || argb && fullscreen", "10000");
	MATCHES("(focused || argb) && fullscreen", "00000");
	MATCHES("fullscreen && argb || override_redirect", "00100");
	MATCHES("fullscreen && (argb || override_redirect)", "00000");
	MATCHES("argb || fullscreen && width = 1920 || class_g = 'Firefox'", "11110");
	MATCHES("((focused))", "10000");
	MATCHES("( focused ) && ( ! argb )", "10000");
	MATCHES("!(!(focused))", "10000");
	MATCHES("name *= 'x' && !(class_g = 'XTerm' || argb) || width < 200", "10101");
	MATCHES("  class_g = 'mpv'\t||\nclass_g = 'XTerm'  ", "01010");
}

static void body_escapes(void)
{
	const struct cond_window w = {.name = "a'b\"c\\d\te\x7f"
	                                      "f",
	        .class_g = "dd4"};

	struct cond *c = cond_parse("name = 'a\\'b\"c\\\\d\\te\\x7ff'", NULL, NULL, 0);
	CHECK(c && cond_match(c, &w));
	cond_free(c);
	c = cond_parse("name = \"a'b\\\"c\\\\d\\te\\o177f\"", NULL, NULL, 0);
	CHECK(c && !cond_match(c, &w)); /* \o takes two octal digits: \o17, then "7f" */
	cond_free(c);
	/* picom's man page: "\x64\x64\o64" is "dd4"; raw strings keep backslashes */
	c = cond_parse("class_g = \"\\x64\\x64\\o64\"", NULL, NULL, 0);
	CHECK(c && cond_match(c, &w));
	cond_free(c);
	c = cond_parse("class_g = r\"\\x64\\x64\\o64\"", NULL, NULL, 0);
	CHECK(c && !cond_match(c, &w));
	cond_free(c);
	const struct cond_window raw = {.class_g = "\\x64"};
	c = cond_parse("class_g = R '\\x64'", NULL, NULL, 0);
	CHECK(c && cond_match(c, &raw));
	cond_free(c);
	const struct cond_window ctl = {.name = "\a\b\f\n\r\v"};
	c = cond_parse("name = '\\a\\b\\f\\n\\r\\v'", NULL, NULL, 0);
	CHECK(c && cond_match(c, &ctl));
	cond_free(c);
}

/* picom's deprecated targets parse with a warning and never match, so that negated they
 * match every window (picom: "matching against it will always fail"); a lower-case name
 * that is no predefined target is a window property, with a warning. */
static void body_unsupported(void)
{
	static const char *const deprecated[] = {
	        "id", "client = 3", "leader", "!id", "id = 0x400001 || client"};
	char err[256];
	bool warning = false;

	for (size_t i = 0; i < sizeof deprecated / sizeof deprecated[0]; i++) {
		struct cond *c = cond_parse(deprecated[i], &warning, err, sizeof err);
		CHECK(c && warning);
		if (c && deprecated[i][0] != '!')
			test_check_str(matches(deprecated[i]), "00000", __FILE__, __LINE__);
		cond_free(c);
	}
	MATCHES("!id", "11111");
	MATCHES("!(leader) && focused", "10000");
	struct cond *c = cond_parse("focused || client", &warning, err, sizeof err);
	CHECK(c && warning);
	CHECK_STR(err, "target 'client' is deprecated in picom and never matches");
	cond_free(c);
	c = cond_parse("clas_g = 'x' && leader", &warning, err, sizeof err); /* the first one */
	CHECK(c && warning);
	CHECK_STR(err, "'clas_g' is no predefined target, so it names a window property, in "
	               "lower case: a misspelt target?");
	cond_free(c);
	MATCHES("clas_g = 'Firefox'", "00000"); /* no such property */
	c = cond_parse("name", &warning, err, sizeof err);
	CHECK(c && !warning);
	cond_free(c);
	c = cond_parse("_NET_WM_STATE@[*] = 'x' && WM_NAME:8s", &warning, err, sizeof err);
	CHECK(c && !warning);
	cond_free(c);
	c = cond_parse("name:s = 'x'", &warning, err, sizeof err); /* type ignored */
	CHECK(c && !warning);
	cond_free(c);
	c = cond_parse("x > 3 && wmwin && rounded_corners", &warning, err, sizeof err);
	CHECK(c && !warning);
	cond_free(c);
}

/* Every predefined target, on the five windows. */
static void body_targets(void)
{
	MATCHES("x = 10", "10000");
	MATCHES("x < 0", "01000");
	MATCHES("y >= 20", "10100");
	MATCHES("x2 = 1038", "10000"); /* x + width + 2 * border_width */
	MATCHES("y2 = 792", "10000");
	MATCHES("x2 = 635", "01000");
	MATCHES("x2 = 222", "00100");
	MATCHES("widthb = 1028", "10000");
	MATCHES("heightb = 772", "10000");
	MATCHES("widthb = 122 && heightb = 22", "00100");
	MATCHES("width = 1024 && height = 768", "10000");
	MATCHES("border_width", "10100");
	MATCHES("border_width = 1", "00100");
	MATCHES("fullscreen", "00010");
	MATCHES("override_redirect", "00100");
	MATCHES("argb", "01000");
	MATCHES("focused", "10000");
	MATCHES("group_focused", "11000");
	MATCHES("group_focused && !focused", "01000");
	MATCHES("wmwin", "00001");
	MATCHES("bounding_shaped", "00100");
	MATCHES("rounded_corners", "00100");
	MATCHES("window_type = 'tooltip'", "00100");
	MATCHES("window_type = 'splash'", "00010"); /* any of the window's types */
	MATCHES("window_type = 'normal'", "11010");
	MATCHES("window_type != 'splash'", "11101");
	MATCHES("window_type ^= 'spl' && window_type = 'normal'", "00010");
	MATCHES("name = 'mpv'", "00010");
	MATCHES("class_g = 'Firefox'", "10100");
	MATCHES("class_i = 'gl'", "00010");
	MATCHES("role = 'browser'", "10000");
	MATCHES("focused@", "10000"); /* `@` means nothing on a predefined target */
	/* numbers compare as 64-bit integers, true and false as 1 and 0 */
	MATCHES("x !> 10", "11011");
	MATCHES("x !>= 10", "01011");
	MATCHES("y !< 100", "00100");
	MATCHES("fullscreen = true && width = 1920", "00010");
}

/* Window properties, through the window's lookup callback: numbers, atoms (by name),
 * strings (NUL-separated items), item indexes, `@` for the client window, "exists". */
static void body_properties(void)
{
	int before = firefox_props.lookups;

	MATCHES("_NET_FRAME_EXTENTS@", "10000"); /* exists, on the client */
	MATCHES("_NET_FRAME_EXTENTS", "00000");  /* not on the toplevel */
	CHECK(firefox_props.lookups > before);
	MATCHES("!_NET_FRAME_EXTENTS@", "01111");
	MATCHES("_NET_FRAME_EXTENTS@ = 1", "10000"); /* item 0 */
	MATCHES("_NET_FRAME_EXTENTS@[2] = 30", "10000");
	MATCHES("_NET_FRAME_EXTENTS@[2] < 20 || !_NET_FRAME_EXTENTS@", "01111");
	MATCHES("_NET_FRAME_EXTENTS@[3] = 4", "10000");
	MATCHES("_NET_FRAME_EXTENTS@[4]", "00000"); /* past the end */
	MATCHES("_NET_FRAME_EXTENTS@[4] = 0", "00000");
	MATCHES("_NET_FRAME_EXTENTS@[*] = 30", "10000");
	MATCHES("_NET_FRAME_EXTENTS@[*] > 29", "10000");
	MATCHES("_NET_FRAME_EXTENTS@[*] > 30", "00000");
	MATCHES("_NET_FRAME_EXTENTS@:32c[*] = 30", "E column 24: expected '&&', '||' or the end "
	                                           "but found '['");
	MATCHES("_NET_FRAME_EXTENTS@[*]:32c = 30", "10000"); /* a type, as picom writes it */
	MATCHES("_NET_FRAME_EXTENTS@ = 'x'", "00000");       /* a string pattern, a number */
	/* atoms, by name */
	MATCHES("_NET_WM_STATE@ = '_NET_WM_STATE_MAXIMIZED_VERT'", "10000");
	MATCHES("_NET_WM_STATE@ = '_NET_WM_STATE_HIDDEN'", "00000"); /* item 0 only */
	MATCHES("_NET_WM_STATE@[*] = '_NET_WM_STATE_HIDDEN'", "10000");
	MATCHES("_NET_WM_STATE@[1] *?= 'hidden'", "10000");
	MATCHES("_NET_WM_STATE@[*] ~= 'STATE_(MAX|MIN)'", "10000");
	MATCHES("_NET_WM_STATE@[*]:32a *= 'HIDDEN'", "10000");
	MATCHES("_NET_WM_STATE@ = 301", "11000"); /* a number: the atom's id */
	MATCHES("_NET_WM_STATE@", "11000");
	MATCHES("_NET_WM_STATE@ *= ''", "10000"); /* xterm's atom has no known name */
	/* strings */
	MATCHES("WM_CLASS@ = 'navigator'", "10000");
	MATCHES("WM_CLASS@ = 'Firefox'", "00000"); /* item 0 only */
	MATCHES("WM_CLASS@[1] = 'Firefox'", "10000");
	MATCHES("WM_CLASS@[2]", "00000");
	MATCHES("WM_CLASS@[*] ^= 'Fire'", "10000");
	MATCHES("WM_CLASS@[1] = 1", "00000"); /* a number pattern, a string */
	MATCHES("WM_NAME = 'xterm'", "01000");
	MATCHES("WM_NAME[1]", "00000"); /* the final NUL ends the last item */
	MATCHES("WM_NAME@", "00000");   /* empty: no item 0 */
	MATCHES("WM_NAME@[*] = ''", "00000");
	MATCHES("!WM_NAME@", "11111");
	MATCHES("_ZERO", "10000"); /* a property item exists even when it is 0 */
	MATCHES("_ZERO = 0 && !_ZERO[1]", "10000");
	/* an empty number property exists as a property but has no item 0 */
	MATCHES("_GTK_FRAME_EXTENTS@", "00000");
	MATCHES("_GTK_FRAME_EXTENTS@:c", "00000");
	/* signed and unsigned values as the callback gives them */
	MATCHES("_TEST_INT < 0", "10000");
	MATCHES("_TEST_INT = -5", "10000");
	MATCHES("_NET_WM_PID = 1234 && _NET_WM_PID > 0x400", "01000");
	MATCHES("_NET_WM_PID@", "00000");
	/* a window without a callback has no properties */
	MATCHES("_NET_WM_PID || _X@", "01000");
	MATCHES("!_X", "11111");
}

/* PCRE as picom's: its syntax, caseless with `?`, and limits that stop a catastrophic
 * backtracking pattern quickly, as no match. */
static void body_regex(void)
{
	MATCHES("name ~= '\\\\d'", "00000");
	MATCHES("class_i ~= '^\\\\w+$'", "11110");
	MATCHES("name ~= 'Mozilla\\\\sFire'", "10000");
	MATCHES("name ~= '\\\\bsrc\\\\b'", "01000");
	MATCHES("name ~= '(?i)^MPV$'", "00010");
	MATCHES("name ~= 'xterm(?=:)'", "01000");
	MATCHES("name ~= '(?<!Mozilla )Firefox'", "00000");
	MATCHES("name ~= '(?<=Mozilla )Firefox'", "10000");
	MATCHES("name ~?= 'FIREFOX$'", "10000");
	MATCHES("name ~= '^(?:x|m)'", "01010");
	MATCHES("name ~= '^(?<w>m)p(?P=w)?v'", "00010");
	MATCHES("class_g ~= '^\\\\p{Lu}'", "11100");
	/* (a+)+$ against 40 a's and a b backtracks 2^40 times without a limit */
	static const char *const names[] = {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
	struct cond *c = cond_parse("name ~= '^(a+)+$'", NULL, NULL, 0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct cond_window w = {.name = names[0]};
	CHECK(c && !cond_match(c, &w));
	w.name = names[1];
	CHECK(c && cond_match(c, &w));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(ms < 1000);
	cond_free(c);
	/* The first branch backtracks 2^n times before the second one matches: within the
	 * limit for n = 10, past it (no match) for n = 18, where PCRE2's own default limit
	 * would still let it match. */
	c = cond_parse("name ~= '^(?:(a+)+c|.*d)'", NULL, NULL, 0);
	w.name = "aaaaaaaaaab d";
	CHECK(c && cond_match(c, &w));
	w.name = "aaaaaaaaaaaaaaaaaab d";
	CHECK(c && !cond_match(c, &w));
	cond_free(c);
}

static void body_legacy(void)
{
	MATCHES("n:e:mpv", "00010");
	MATCHES("n:a:term", "01000");
	MATCHES("n:s:Mozilla", "10000");
	MATCHES("g:w:*fox", "10100");
	MATCHES("i:ei:XTERM", "01000");
	MATCHES("r:e:browser", "10000");
	MATCHES("g:p:^[FX]", "11100");
	MATCHES("g:pi:^x", "01000");
	MATCHES("n:e:a:b", "00000"); /* the pattern is everything after the second ':' */
}

static void body_text(void)
{
	struct cond *c = cond_parse("  name = 'x'  ", NULL, NULL, 0);

	CHECK(c && strcmp(cond_text(c), "  name = 'x'  ") == 0);
	cond_free(c);
	cond_free(NULL);
	CHECK(!cond_match(NULL, &firefox));
}

static void body_rules(void)
{
	struct config_rule items[3] = {
	        {cond_parse("class_g = 'Firefox'", NULL, NULL, 0), 0.8, 1, NULL},
	        {cond_parse("focused", NULL, NULL, 0), 0.5, 2, NULL},
	        {cond_parse("width < 700", NULL, NULL, 0), 0.3, 3, NULL},
	};
	struct config_rules r = {items, 3}, none = {NULL, 0};

	/* The first match wins. */
	CHECK(config_rules_match(&r, &firefox) == &items[0]);
	CHECK(config_rules_match(&r, &tooltip) == &items[0]);
	CHECK(config_rules_match(&r, &xterm) == &items[2]);
	CHECK(config_rules_match(&r, &fullscreen) == NULL);
	CHECK(config_rules_match(&none, &firefox) == NULL);
	CHECK(config_rules_match(NULL, &firefox) == NULL);
	for (int i = 0; i < 3; i++)
		cond_free(items[i].cond);
}

/* ---- the cases, on the runner ---- */

TEST(parse_errors)
{
	(void)tc;
	body_parse_errors();
	return TEST_PASS;
}

TEST(nesting)
{
	(void)tc;
	body_nesting();
	return TEST_PASS;
}

TEST(string_ops)
{
	(void)tc;
	body_string_ops();
	return TEST_PASS;
}

TEST(exists)
{
	(void)tc;
	body_exists();
	return TEST_PASS;
}

TEST(numbers)
{
	(void)tc;
	body_numbers();
	return TEST_PASS;
}

TEST(window_type)
{
	(void)tc;
	body_window_type();
	return TEST_PASS;
}

TEST(logic)
{
	(void)tc;
	body_logic();
	return TEST_PASS;
}

TEST(escapes)
{
	(void)tc;
	body_escapes();
	return TEST_PASS;
}

TEST(unsupported)
{
	(void)tc;
	body_unsupported();
	return TEST_PASS;
}

TEST(targets)
{
	(void)tc;
	body_targets();
	return TEST_PASS;
}

TEST(properties)
{
	(void)tc;
	body_properties();
	return TEST_PASS;
}

TEST(regex)
{
	(void)tc;
	body_regex();
	return TEST_PASS;
}

TEST(legacy)
{
	(void)tc;
	body_legacy();
	return TEST_PASS;
}

TEST(text)
{
	(void)tc;
	body_text();
	return TEST_PASS;
}

TEST(rules)
{
	(void)tc;
	body_rules();
	return TEST_PASS;
}
