/* unit suite: the condition language (picom's c2 syntax): every parse error with its
 * column, truth tables of each operator, ignore-case, negation, precedence, parentheses,
 * numbers, regex, glob, escapes, unsupported targets. Run as: test-cond CASE */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "tests/harness/runner.h"

static const struct cond_window firefox = {
	.name = "Mozilla Firefox",
	.class_g = "Firefox",
	.class_i = "Navigator",
	.role = "browser",
	.window_type = WINTYPE_NORMAL,
	.focused = true,
	.width = 1024,
	.height = 768,
};

static const struct cond_window xterm = {
	.name = "xterm: ~/src",
	.class_g = "XTerm",
	.class_i = "xterm",
	.role = NULL,
	.window_type = WINTYPE_NORMAL,
	.argb = true,
	.width = 640,
	.height = 480,
};

static const struct cond_window tooltip = {
	.name = "",
	.class_g = "Firefox",
	.class_i = "Tooltip",
	.window_type = WINTYPE_TOOLTIP,
	.override_redirect = true,
	.bounding_shaped = true,
	.fullscreen = false,
	.width = 120,
	.height = 20,
};

static const struct cond_window fullscreen = {
	.name = "mpv",
	.class_g = "mpv",
	.class_i = "gl",
	.window_type = WINTYPE_NORMAL,
	.fullscreen = true,
	.width = 1920,
	.height = 1080,
};

static const struct cond_window empty = {.window_type = WINTYPE_UNKNOWN};

/* Which of the five windows `text` matches, as a string of five 0/1: firefox, xterm,
 * tooltip, fullscreen, empty. "E" + the error when it does not parse. */
static const char *matches(const char *text)
{
	static const struct cond_window *const wins[] = {&firefox, &xterm, &tooltip,
		&fullscreen, &empty};
	static char out[300];
	char err[256];
	bool unsupported;
	struct cond *c = cond_parse(text, &unsupported, err, sizeof err);

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

#define MATCHES(text, want) CHECK_STR(matches(text), want)

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
	{"name ~= '('", "column 9: invalid regular expression: Unmatched ( or \\("},
	{"name ~= 'a{1'", "column 9: invalid regular expression: Unmatched \\{"},
	{"name ~= 'a**'", "column 9: invalid regular expression: '*' repeats a repetition"},
	{"name ~= 'x+*'", "column 9: invalid regular expression: '*' repeats a repetition"},
	{"name ~= 'x*?+'", "column 9: invalid regular expression: '+' repeats a repetition"},
	{"name ~= 'x{2}{3}'", "column 9: invalid regular expression: '{' repeats a repetition"},
	{"name ~= '((a{255}){255}){255}'",
		"column 9: regular expression too large (repetitions multiply it)"},
	{"name ~= 'a{0,11210}'",
		"column 9: regular expression too large (repetitions multiply it)"},
	{"name ~= 'x{,3000}'", "column 9: regular expression too large (repetitions multiply it)"},
	{"name ~= '(a{0,100}){0,100}'",
		"column 9: regular expression too large (repetitions multiply it)"},
	{"name ~= 'a++'", "column 9: invalid regular expression: '+' repeats a repetition"},
	{"name ~= '((((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+'",
		"column 9: regular expression too large (repetitions multiply it)"},
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
	{"foo = 'x'", "column 1: unknown target 'foo' (a window property needs a type, as in "
		      "'foo:s')"},
	{"clas_g = 'x'", "column 1: unknown target 'clas_g' (a window property needs a type, "
			 "as in 'clas_g:s')"},
	{"_NET_WM_STATE[0] = 'x'", "column 1: unknown target '_NET_WM_STATE' (a window property "
				   "needs a type, as in '_NET_WM_STATE:s')"},
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
	{"r:pi:^a(", "column 6: invalid regular expression: Unmatched ( or \\("},
	{"name = r x", "column 10: expected a string in quotes, a number, true or false, not 'x'"},
};

TEST(parse_errors)
{
	char err[256];
	bool unsupported = true;

	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct cond *c = cond_parse(errors[i].text, &unsupported, err, sizeof err);
		CHECK(c == NULL);
		if (c) {
			fprintf(stderr, "  parsed: %s\n", errors[i].text);
			cond_free(c);
			continue;
		}
		CHECK_STR(err, errors[i].err);
	}
	CHECK(!cond_parse(NULL, NULL, err, sizeof err));
	CHECK_STR(err, "column 1: empty condition");
	CHECK(!cond_parse("focused &&", NULL, NULL, 0)); /* no room for the message */
	return TEST_PASS;
}

/* "((...(focused)...))" with `depth` pairs. */
static void nest(char *out, int depth)
{
	memset(out, '(', (size_t)depth);
	strcpy(out + depth, "focused");
	memset(out + depth + 7, ')', (size_t)depth);
	out[2 * depth + 7] = '\0';
}

TEST(nesting)
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
	return TEST_PASS;
}

TEST(string_ops)
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
	MATCHES("name ~= '^mpv{,2000}$'", "00010"); /* glibc's {,n} */
	MATCHES("name ~= '^(Moz|mp){1,2}'", "10010");
	MATCHES("role = 'browser'", "10000");
	MATCHES("name != 'mpv'", "11101"); /* an absent name is not "mpv" */
	MATCHES("name !*= 'e'", "00111");
	MATCHES("class_g !?= 'FIREFOX'", "01011");
	return TEST_PASS;
}

TEST(exists)
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
	return TEST_PASS;
}

TEST(numbers)
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
	return TEST_PASS;
}

TEST(window_type)
{
	MATCHES("window_type = 'normal'", "11010");
	MATCHES("window_type = 'tooltip'", "00100");
	MATCHES("window_type *= 'tip'", "00100");
	MATCHES("window_type = 'unknown'", "00001");
	MATCHES("window_type ?= 'NORMAL'", "11010");
	return TEST_PASS;
}

TEST(logic)
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
	return TEST_PASS;
}

TEST(escapes)
{
	const struct cond_window w = {.name = "a'b\"c\\d\te\x7f" "f", .class_g = "dd4"};

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
	return TEST_PASS;
}

TEST(unsupported)
{
	static const char *const texts[] = {"_GTK_FRAME_EXTENTS@:c",
		"_NET_WM_STATE@:32a *= '_NET_WM_STATE_HIDDEN'",
		"_NET_WM_STATE[*]:32a*='_NET_WM_STATE_HIDDEN'", "_NET_FRAME_EXTENTS@[2]:32c < 20",
		"_COMPTON_SHADOW:32c = 0", "_NET_WM_NAME@:s *?= 'Firefox'", "WM_NAME:8s",
		"_X:0s", "_X : 16 w", "_X:d = 3", "wmwin", "x > 3", "y2 <= 5", "id", "leader = 3",
		"client", "rounded_corners", "border_width = 0", "widthb > 100", "heightb"};
	char err[256];
	bool unsupported = false;

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct cond *c = cond_parse(texts[i], &unsupported, err, sizeof err);
		CHECK(c && unsupported);
		if (c)
			CHECK_STR(matches(texts[i]), "00000");
		cond_free(c);
	}
	struct cond *c = cond_parse("name", &unsupported, err, sizeof err);
	CHECK(c && !unsupported);
	cond_free(c);
	c = cond_parse("focused || _GTK_FRAME_EXTENTS@:c", &unsupported, err,
		sizeof err);
	CHECK(c && unsupported);
	CHECK_STR(err, "unsupported condition target '_GTK_FRAME_EXTENTS'");
	cond_free(c);
	c = cond_parse("wmwin && _X:c", &unsupported, err, sizeof err);
	CHECK_STR(err, "unsupported condition target 'wmwin'"); /* the first one */
	cond_free(c);
	c = cond_parse("name:s = 'x'", &unsupported, err, sizeof err); /* type ignored */
	CHECK(c && !unsupported);
	cond_free(c);
	/* Unknown is never true, negated or not; known parts still decide when they can. */
	MATCHES("!_GTK_FRAME_EXTENTS@:c", "00000");
	MATCHES("!(wmwin)", "00000");
	MATCHES("!(!wmwin)", "00000");
	MATCHES("_X:c != 3", "00000");
	MATCHES("focused || wmwin", "10000");
	MATCHES("!(focused || wmwin)", "00000");
	MATCHES("!(focused && wmwin)", "01111");
	MATCHES("focused && wmwin", "00000");
	MATCHES("argb || !(wmwin)", "01000");
	return TEST_PASS;
}

TEST(legacy)
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
	return TEST_PASS;
}

TEST(text)
{
	struct cond *c = cond_parse("  name = 'x'  ", NULL, NULL, 0);

	CHECK(c && strcmp(cond_text(c), "  name = 'x'  ") == 0);
	cond_free(c);
	cond_free(NULL);
	CHECK(!cond_match(NULL, &firefox));
	return TEST_PASS;
}

TEST(rules)
{
	struct config_rule items[3] = {
		{cond_parse("class_g = 'Firefox'", NULL, NULL, 0), 0.8, 1},
		{cond_parse("focused", NULL, NULL, 0), 0.5, 2},
		{cond_parse("width < 700", NULL, NULL, 0), 0.3, 3},
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
	return TEST_PASS;
}
