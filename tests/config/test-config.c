/* unit suite: the configuration loader: lookup, defaults, values, every error with its
 * FILE:LINE, warnings (picom's sample picom.conf), includes, dump round trips, --check-config
 * and the docs. Run as: test-config CASE SOURCE_ROOT TMPDIR */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config-private.h"
#include "tests/harness/runner.h"

/* The arguments after the case name: SOURCE_ROOT TMPDIR (made if missing). */
struct dirs {
	const char *src, *tmp;
};

static struct dirs dirs_of(const struct test_ctx *tc)
{
	struct dirs d = {test_arg(tc, 0, "SOURCE_ROOT"), test_arg(tc, 1, "TMPDIR")};

	mkdir(d.tmp, 0755);
	return d;
}

struct warnings {
	int n;
	char text[64][512];
};

/* Records "BASENAME:LINE: msg". */
static void collect(void *data, const char *file, int line, const char *msg)
{
	struct warnings *w = data;
	const char *base = strrchr(file, '/');

	if (w->n < 64)
		snprintf(w->text[w->n], sizeof w->text[0], "%s:%d: %s", base ? base + 1 : file,
			line, msg);
	w->n++;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(text, 1, len, f) != len) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

/* A string literal, NUL bytes included. */
#define write_lit(path, lit) write_file((path), (lit), sizeof(lit) - 1)

/* Writes `text` to dir/name and loads it into `c`; `err` gets the message without
 * the dir/ prefix. */
static bool load(const char *dir, const char *name, const char *text, struct config *c,
	struct warnings *w, char *err, size_t errlen)
{
	char path[1024], buf[1024];
	size_t skip = strlen(dir) + 1;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, text, strlen(text));
	if (w)
		memset(w, 0, sizeof *w);
	ok = config_load(path, c, w ? collect : NULL, w, buf, sizeof buf);
	snprintf(err, errlen, "%s", ok ? "" : strncmp(buf, path, skip) == 0 ? buf + skip : buf);
	return ok;
}

/* ---- defaults ---- */

static char *dump(const struct config *c);

/* Compared through config_dump (memcmp would see padding), all but `source`. */
static bool is_default(const struct config *c)
{
	struct config d;
	char *a, *b;
	bool same;

	config_defaults(&d);
	a = dump(c);
	b = dump(&d);
	same = strcmp(strchr(a, '\n'), strchr(b, '\n')) == 0;
	free(a);
	free(b);
	return same;
}

TEST(defaults)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	/* picom's defaults; no effect is on */
	CHECK(!c.shadow && c.shadow_radius == 12 && c.shadow_opacity == 0.75);
	CHECK(c.shadow_offset_x == -15 && c.shadow_offset_y == -15);
	CHECK(c.shadow_color == 0xff000000u && !c.fading && c.fade_delta == 10);
	CHECK(c.fade_in_step == 0.028 && c.fade_out_step == 0.03);
	CHECK(!c.no_fading_openclose && c.active_opacity == 1.0 && c.inactive_opacity == 1.0);
	CHECK(c.inactive_dim == 0.0 && !c.inactive_opacity_override && c.corner_radius == 0);
	CHECK(!c.mark_wmwin_focused && !c.mark_ovredir_focused);
	CHECK(c.shadow_exclude.n == 0 && c.fade_exclude.n == 0 && c.opacity_rules.n == 0);
	CHECK(c.rounded_corners_exclude.n == 0 && c.nbindings == 0 && !c.bindings);
	CHECK(c.background_color == 0xff000000u && c.screenshot_dir[0] == '\0');
	CHECK(c.clock == CONFIG_CLOCK_REAL && !c.no_animations && c.source[0] == '\0');
	for (int t = 0; t < WINTYPE_COUNT; t++) {
		const struct config_wintype *wt = &c.wintypes[t];
		CHECK(!wt->shadow_set && !wt->fade_set && !wt->focus_set && !wt->opacity_set);
	}
	/* An empty file, or one with only comments, is the defaults. */
	CHECK(load(d.tmp, "empty.conf", "", &c, &w, err, sizeof err) && w.n == 0);
	CHECK(strstr(c.source, "empty.conf") != NULL);
	c.source[0] = '\0';
	CHECK(is_default(&c));
	CHECK(load(d.tmp, "comments.conf", "# nothing\n// here\n/* either */\n", &c, &w, err,
		sizeof err));
	c.source[0] = '\0';
	CHECK(is_default(&c) && w.n == 0);
	config_free(&c);
	CHECK(is_default(&c));
	return TEST_PASS;
}

TEST(wintype_effective)
{
	struct config c;
	struct config_wintype e;

	config_defaults(&c);
	for (int t = 0; t < WINTYPE_COUNT; t++) {
		e = config_wintype_effective(&c, (enum wintype)t);
		CHECK(e.shadow_set && e.fade_set && e.focus_set && !e.opacity_set);
		CHECK(!e.shadow && !e.fade && e.opacity == 1.0);
		bool focus = t != WINTYPE_UNKNOWN && t != WINTYPE_NORMAL && t != WINTYPE_UTILITY;
		CHECK(e.focus == focus);
	}
	c.shadow = c.fading = true;
	e = config_wintype_effective(&c, WINTYPE_NORMAL);
	CHECK(e.shadow && e.fade && !e.focus);
	e = config_wintype_effective(&c, WINTYPE_DESKTOP); /* picom: desktops get no shadow */
	CHECK(!e.shadow && e.fade && e.focus);
	c.wintypes[WINTYPE_DESKTOP] = (struct config_wintype){.shadow = true, .shadow_set = true,
		.focus = false, .focus_set = true, .opacity = 0.5, .opacity_set = true};
	e = config_wintype_effective(&c, WINTYPE_DESKTOP);
	CHECK(e.shadow && !e.focus && e.opacity_set && e.opacity == 0.5);
	c.shadow = false;
	c.wintypes[WINTYPE_TOOLTIP] = (struct config_wintype){.shadow = true, .shadow_set = true};
	e = config_wintype_effective(&c, WINTYPE_TOOLTIP); /* the type's setting wins */
	CHECK(e.shadow);
	return TEST_PASS;
}

TEST(color)
{
	uint32_t v = 0;

	CHECK(config_parse_color("#102030", &v) && v == 0xff102030u);
	CHECK(config_parse_color("#80102030", &v) && v == 0x80102030u);
	CHECK(config_parse_color("#AbCdEf", &v) && v == 0xffabcdefu);
	CHECK(!config_parse_color("102030", &v) && !config_parse_color("#1020", &v) &&
		!config_parse_color("#10203g", &v) && !config_parse_color(NULL, &v) &&
		!config_parse_color("#1020304", &v) && !config_parse_color("", &v));
	return TEST_PASS;
}

TEST(find)
{
	const struct dirs d = dirs_of(tc);
	char home[256], dirs[1024], p[1024], out[CONFIG_PATH_MAX];

	snprintf(home, sizeof home, "%.200s/xdg-home", d.tmp);
	snprintf(p, sizeof p, "%s/shmcomp", home);
	mkdir(home, 0755);
	mkdir(p, 0755);
	snprintf(dirs, sizeof dirs, "%s/xdg-a:%s/xdg-b", d.tmp, d.tmp);
	snprintf(p, sizeof p, "%s/xdg-b", d.tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp", d.tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp/shmcomp.conf", d.tmp);
	write_file(p, "", 0);
	snprintf(out, sizeof out, "%s/shmcomp/shmcomp.conf", home);
	unlink(out); /* left by an earlier run */
	setenv("XDG_CONFIG_HOME", home, 1);
	setenv("XDG_CONFIG_DIRS", dirs, 1);
	/* Nothing in XDG_CONFIG_HOME: the second of XDG_CONFIG_DIRS. */
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	snprintf(p, sizeof p, "%s/shmcomp/shmcomp.conf", home);
	write_file(p, "", 0);
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	/* An explicit path wins, even when missing (loading it then says so). */
	CHECK(config_find("/nonexistent.conf", out, sizeof out) &&
		strcmp(out, "/nonexistent.conf") == 0);
	/* Without XDG_CONFIG_HOME: ~/.config */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", d.tmp, 1);
	snprintf(p, sizeof p, "%s/.config", d.tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/.config/shmcomp", d.tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/.config/shmcomp/shmcomp.conf", d.tmp);
	write_file(p, "", 0);
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	unlink(p);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_DIRS", "/nonexistent", 1);
	CHECK(!config_find(NULL, out, sizeof out) && out[0] == '\0');
	return TEST_PASS;
}

/* ---- values ---- */

static const char full_conf[] =
	"shadow = true;\n"
	"shadow-radius = 7.0;\n" /* 7.0 is an integer value */
	"shadow-opacity = 1;\n"  /* and 1 a number */
	"shadow-offset-x = -3;\n"
	"shadow-offset-y = 0x10;\n"
	"shadow-color = \"#80ff0000\";\n"
	"shadow-exclude = [ \"name = 'Notification'\", \"class_g ?= 'conky'\" ];\n"
	"fading = true;\n"
	"fade-in-step = 0.5;\n"
	"fade-out-step = 1.0;\n"
	"fade-delta = 5;\n"
	"no-fading-openclose = true;\n"
	"fade-exclude = \"focused\";\n" /* a single string is a one-condition list */
	"active-opacity = 0.9;\n"
	"inactive-opacity = 0.8;\n"
	"inactive-dim = 0.2;\n"
	"inactive-opacity-override = true;\n"
	"opacity-rule = ( \"80:class_g = 'URxvt'\", \" 0 :name *= \\\"tab\\\\t\\\"\",\n"
	"  \"100:focused\" );\n"
	"mark-wmwin-focused = true;\n"
	"mark-ovredir-focused = true;\n"
	"corner-radius = 8;\n"
	"rounded-corners-exclude = [ \"window_type = 'dock'\" ];\n"
	"wintypes: {\n"
	"  tooltip = { fade = true; shadow = false; opacity = 0.75; focus = true; };\n"
	"  notify = { opacity = 0.5; };\n"
	"  dnd = { };\n"
	"};\n"
	"background-color = \"#336699\";\n"
	"screenshot-dir = \"/tmp/shots \\\"x\\\"\";\n"
	"bindings = (\n"
	"  { key = \"Super+Shift+s\"; action = \"screenshot\"; },\n"
	"  { action = \"reload\"; key = \"Super+r\"; },\n"
	"  { key = \"Super+e\"; action = \"toggle-effects\"; },\n"
	"  { key = \"Control+Alt+q\"; action = \"quit\"; }\n"
	");\n"
	"clock = \"virtual\";\n"
	"no-animations = true;\n";

TEST(values)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	CHECK(load(d.tmp, "full.conf", full_conf, &c, &w, err, sizeof err));
	CHECK_STR(err, "");
	CHECK(w.n == 0);
	CHECK(c.shadow && c.shadow_radius == 7 && c.shadow_opacity == 1.0);
	CHECK(c.shadow_offset_x == -3 && c.shadow_offset_y == 16 && c.shadow_color == 0x80ff0000u);
	CHECK(c.shadow_exclude.n == 2 && c.shadow_exclude.items[1].line == 7);
	CHECK_STR(cond_text(c.shadow_exclude.items[1].cond), "class_g ?= 'conky'");
	CHECK(c.fading && c.fade_in_step == 0.5 && c.fade_out_step == 1.0 && c.fade_delta == 5);
	CHECK(c.no_fading_openclose && c.fade_exclude.n == 1 && c.fade_exclude.items[0].line == 13);
	CHECK(c.active_opacity == 0.9 && c.inactive_opacity == 0.8 && c.inactive_dim == 0.2);
	CHECK(c.inactive_opacity_override && c.mark_wmwin_focused && c.mark_ovredir_focused);
	CHECK(c.opacity_rules.n == 3);
	if (c.opacity_rules.n == 3) {
		CHECK(c.opacity_rules.items[0].value == 0.8 && c.opacity_rules.items[0].line == 18);
		CHECK(c.opacity_rules.items[1].value == 0.0 && c.opacity_rules.items[1].line == 18);
		CHECK_STR(cond_text(c.opacity_rules.items[1].cond), "name *= \"tab\\t\"");
		CHECK(c.opacity_rules.items[2].value == 1.0 && c.opacity_rules.items[2].line == 19);
	}
	CHECK(c.corner_radius == 8 && c.rounded_corners_exclude.n == 1);
	const struct config_wintype *t = &c.wintypes[WINTYPE_TOOLTIP];
	CHECK(t->fade_set && t->fade && t->shadow_set && !t->shadow && t->opacity_set);
	CHECK(t->opacity == 0.75 && t->focus_set && t->focus);
	t = &c.wintypes[WINTYPE_NOTIFICATION]; /* picom's old name "notify" */
	CHECK(t->opacity_set && t->opacity == 0.5 && !t->shadow_set && !t->fade_set);
	t = &c.wintypes[WINTYPE_DND];
	CHECK(!t->opacity_set && !t->shadow_set && !t->fade_set && !t->focus_set);
	CHECK(c.background_color == 0xff336699u);
	CHECK_STR(c.screenshot_dir, "/tmp/shots \"x\"");
	CHECK(c.nbindings == 4);
	if (c.nbindings == 4) {
		CHECK_STR(c.bindings[0].key, "Super+Shift+s");
		CHECK(c.bindings[0].action == CONFIG_ACTION_SCREENSHOT && c.bindings[0].line == 32);
		CHECK_STR(c.bindings[1].key, "Super+r");
		CHECK(c.bindings[1].action == CONFIG_ACTION_RELOAD && c.bindings[1].line == 33);
		CHECK(c.bindings[2].action == CONFIG_ACTION_TOGGLE_EFFECTS);
		CHECK(c.bindings[3].action == CONFIG_ACTION_QUIT && c.bindings[3].line == 35);
	}
	CHECK(c.clock == CONFIG_CLOCK_VIRTUAL && c.no_animations);
	CHECK_STR(config_action_name(CONFIG_ACTION_TOGGLE_EFFECTS), "toggle-effects");
	CHECK_STR(config_action_name((enum config_action)42), "?");
	/* Opacity rules: the first match wins, its value is PERCENT/100. */
	struct cond_window urxvt = {.class_g = "URxvt", .name = "tab\t", .focused = true};
	const struct config_rule *r = config_rules_match(&c.opacity_rules, &urxvt);
	CHECK(r && r->value == 0.8);
	urxvt.class_g = "XTerm";
	r = config_rules_match(&c.opacity_rules, &urxvt);
	CHECK(r && r->value == 0.0);
	urxvt.name = "x";
	r = config_rules_match(&c.opacity_rules, &urxvt);
	CHECK(r && r->value == 1.0);
	urxvt.focused = false;
	CHECK(!config_rules_match(&c.opacity_rules, &urxvt));
	/* Loading again replaces (and frees) what the first load gave. */
	CHECK(load(d.tmp, "small.conf", "shadow = true;\n", &c, &w, err, sizeof err));
	CHECK(c.shadow && c.nbindings == 0 && c.opacity_rules.n == 0 && !c.fading);
	config_free(&c);
	CHECK(is_default(&c));
	return TEST_PASS;
}

TEST(legacy)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512];
	struct cond_window shaped = {.bounding_shaped = true};

	config_defaults(&c);
	CHECK(load(d.tmp, "legacy.conf",
		"shadow-red = 1.0; shadow-green = 0.5; shadow-blue = 0;\n"
		"menu-opacity = 0.7;\nno-dock-shadow = true;\nno-dnd-shadow = true;\n"
		"shadow-ignore-shaped = true;\nshadow-exclude = [ \"argb\" ];\n",
		&c, &w, err, sizeof err));
	CHECK(w.n == 0 && c.shadow_color == 0xffff8000u);
	CHECK(c.wintypes[WINTYPE_POPUP_MENU].opacity_set &&
		c.wintypes[WINTYPE_POPUP_MENU].opacity == 0.7);
	CHECK(c.wintypes[WINTYPE_DROPDOWN_MENU].opacity == 0.7);
	CHECK(c.wintypes[WINTYPE_DOCK].shadow_set && !c.wintypes[WINTYPE_DOCK].shadow);
	CHECK(c.wintypes[WINTYPE_DND].shadow_set && !c.wintypes[WINTYPE_DND].shadow);
	CHECK(c.shadow_exclude.n == 2 && config_rules_match(&c.shadow_exclude, &shaped));
	CHECK(c.shadow_exclude.n == 2 && c.shadow_exclude.items[0].line == 5);
	/* Newer spellings win: shadow-color over the channels, wintypes over the rest. */
	CHECK(load(d.tmp, "legacy2.conf",
		"shadow-color = \"#0000ff\"; shadow-red = 1.0;\n"
		"menu-opacity = 0.7; no-dock-shadow = true; no-dnd-shadow = false;\n"
		"shadow-ignore-shaped = false;\n"
		"wintypes: { popup_menu = { opacity = 0.9; }; dock = { shadow = true; }; };\n",
		&c, &w, err, sizeof err));
	CHECK(c.shadow_color == 0xff0000ffu && c.wintypes[WINTYPE_POPUP_MENU].opacity == 0.9);
	CHECK(c.wintypes[WINTYPE_DROPDOWN_MENU].opacity == 0.7 && c.wintypes[WINTYPE_DOCK].shadow);
	CHECK(!c.wintypes[WINTYPE_DND].shadow_set && c.shadow_exclude.n == 0);
	config_free(&c);
	return TEST_PASS;
}

/* ---- errors ---- */

struct error_case {
	const char *text, *err;
};

/* Each loads as e.conf and must fail with exactly `err`. */
static const struct error_case errors[] = {
	/* syntax */
	{"shadow = true;\n\nfading = ;\n", "e.conf:3: syntax error"},
	{"shadow = true;\nshadow = false;\n", "e.conf:2: duplicate setting name"},
	{"\n\"shadow\" = true;\n", "e.conf:2: syntax error"},
	{"@include \"missing.conf\"\n", "e.conf:1: cannot open include file"},
	/* types */
	{"shadow = 1;", "e.conf:1: shadow must be true or false, not an integer"},
	{"\nshadow-radius = \"12\";", "e.conf:2: shadow-radius must be an integer, not a string"},
	{"shadow-radius = 7.5;", "e.conf:1: shadow-radius must be an integer, not 7.5"},
	{"shadow-radius = true;", "e.conf:1: shadow-radius must be an integer, not a boolean"},
	{"shadow-opacity = \"0.5\";", "e.conf:1: shadow-opacity must be a number, not a string"},
	{"shadow-opacity = [ 1 ];", "e.conf:1: shadow-opacity must be a number, not an array"},
	{"shadow-opacity = ( 1 );", "e.conf:1: shadow-opacity must be a number, not a list"},
	{"shadow-opacity = { a = 1; };", "e.conf:1: shadow-opacity must be a number, not a group"},
	{"shadow-color = 0;", "e.conf:1: shadow-color must be a color \"#rrggbb\", not an integer"},
	{"shadow-color = \"red\";",
		"e.conf:1: shadow-color must be a color \"#rrggbb\" or \"#aarrggbb\", not \"red\""},
	{"background-color = 12;",
		"e.conf:1: background-color must be a color \"#rrggbb\", not an integer"},
	{"background-color = \"#12345\";", "e.conf:1: background-color must be a color "
					   "\"#rrggbb\" or \"#aarrggbb\", not \"#12345\""},
	{"shadow-exclude = 5;",
		"e.conf:1: shadow-exclude must be a list of strings [ \"...\", ... ], not an "
		"integer"},
	{"shadow-exclude = { a = 1; };",
		"e.conf:1: shadow-exclude must be a list of strings [ \"...\", ... ], not a group"},
	{"fade-exclude = [ 1, 2 ];",
		"e.conf:1: fade-exclude[0] must be a string (a condition), not an integer"},
	{"opacity-rule = ( \"80:focused\",\n  3 );",
		"e.conf:2: opacity-rule[1] must be a string (a condition), not an integer"},
	{"wintypes = 3;",
		"e.conf:1: wintypes must be a group { TYPE = { ... }; ... }, not an integer"},
	{"wintypes: { dock = true; };",
		"e.conf:1: wintypes.dock must be a group { shadow = ...; }, not a boolean"},
	{"wintypes: {\n dock = { shadow = 1; };\n};",
		"e.conf:2: wintypes.dock.shadow must be true or false, not an integer"},
	{"wintypes: { dock = { fade = \"yes\"; }; };",
		"e.conf:1: wintypes.dock.fade must be true or false, not a string"},
	{"wintypes: { dock = { focus = 0; }; };",
		"e.conf:1: wintypes.dock.focus must be true or false, not an integer"},
	{"wintypes: { dock = { opacity = \"x\"; }; };",
		"e.conf:1: wintypes.dock.opacity must be a number, not a string"},
	{"screenshot-dir = 3;",
		"e.conf:1: screenshot-dir must be a string (a directory), not an integer"},
	{"clock = \"fast\";", "e.conf:1: clock must be \"real\" or \"virtual\", not \"fast\""},
	{"clock = 1;", "e.conf:1: clock must be \"real\" or \"virtual\", not an integer"},
	{"no-animations = \"yes\";", "e.conf:1: no-animations must be true or false, not a string"},
	{"mark-wmwin-focused = 1;",
		"e.conf:1: mark-wmwin-focused must be true or false, not an integer"},
	{"shadow-red = \"1\";", "e.conf:1: shadow-red must be a number, not a string"},
	{"menu-opacity = true;", "e.conf:1: menu-opacity must be a number, not a boolean"},
	{"no-dock-shadow = 1;", "e.conf:1: no-dock-shadow must be true or false, not an integer"},
	{"shadow-ignore-shaped = 1;",
		"e.conf:1: shadow-ignore-shaped must be true or false, not an integer"},
	/* ranges */
	{"shadow-radius = -1;", "e.conf:1: shadow-radius must be between 0 and 512, not -1"},
	{"shadow-radius = 513;", "e.conf:1: shadow-radius must be between 0 and 512, not 513"},
	{"shadow-radius = 5000000000L;",
		"e.conf:1: shadow-radius must be between 0 and 512, not 5e+09"},
	{"shadow-radius = 1e999;", "e.conf:1: shadow-radius must be between 0 and 512, not inf"},
	{"shadow-opacity = 1.5;", "e.conf:1: shadow-opacity must be between 0 and 1, not 1.5"},
	{"shadow-opacity = -0.1;", "e.conf:1: shadow-opacity must be between 0 and 1, not -0.1"},
	{"shadow-offset-x = 20000;",
		"e.conf:1: shadow-offset-x must be between -16384 and 16384, not 20000"},
	{"shadow-offset-y = -16385;",
		"e.conf:1: shadow-offset-y must be between -16384 and 16384, not -16385"},
	{"fade-in-step = 0.0;", "e.conf:1: fade-in-step must be between 0.01 and 1, not 0"},
	{"fade-out-step = 1.5;", "e.conf:1: fade-out-step must be between 0.01 and 1, not 1.5"},
	{"fade-delta = 0;", "e.conf:1: fade-delta must be between 1 and 10000, not 0"},
	{"active-opacity = 1.01;", "e.conf:1: active-opacity must be between 0 and 1, not 1.01"},
	{"inactive-opacity = -1;", "e.conf:1: inactive-opacity must be between 0 and 1, not -1"},
	{"inactive-dim = 2;", "e.conf:1: inactive-dim must be between 0 and 1, not 2"},
	{"corner-radius = -5;", "e.conf:1: corner-radius must be between 0 and 512, not -5"},
	{"\n\nwintypes: { dock = { opacity = 2 } }",
		"e.conf:3: wintypes.dock.opacity must be between 0 and 1, not 2"},
	{"shadow-green = 1.5;", "e.conf:1: shadow-green must be between 0 and 1, not 1.5"},
	{"menu-opacity = -1.0;", "e.conf:1: menu-opacity must be between 0 and 1, not -1"},
	/* conditions, with the column in the condition string */
	{"shadow-exclude = [ \"name = x\" ];", "e.conf:1: shadow-exclude: \"name = x\": column 8: "
					       "expected a string in quotes, a number, true or "
					       "false, not 'x'"},
	{"shadow-exclude = [\n  \"focused\",\n  \"focused &&\"\n];",
		"e.conf:3: shadow-exclude: \"focused &&\": column 11: expected a target, '!' or "
		"'(' but found the end"},
	{"fade-exclude = \"clas_g = 'x'\";",
		"e.conf:1: fade-exclude: \"clas_g = 'x'\": column 1: unknown target 'clas_g' (a "
		"window property needs a type, as in 'clas_g:s')"},
	{"rounded-corners-exclude = \"\";",
		"e.conf:1: rounded-corners-exclude: \"\": column 1: empty condition"},
	{"opacity-rule = [ \"x:focused\" ];", "e.conf:1: opacity-rule: \"x:focused\": column 1: "
					      "expected PERCENT:CONDITION, as in \"80:class_g = "
					      "'URxvt'\""},
	{"opacity-rule = [ \"150:focused\" ];", "e.conf:1: opacity-rule: \"150:focused\": column "
						"1: opacity 150 is not between 0 and 100"},
	{"opacity-rule = [ \"-1:focused\" ];", "e.conf:1: opacity-rule: \"-1:focused\": column 1: "
					       "opacity -1 is not between 0 and 100"},
	{"opacity-rule = [ \"80 focused\" ];", "e.conf:1: opacity-rule: \"80 focused\": column 4: "
					       "expected ':' after the opacity"},
	{"opacity-rule = [ \"80: name = x\" ];", "e.conf:1: opacity-rule: \"80: name = x\": "
						 "column 12: expected a string in quotes, a "
						 "number, true or false, not 'x'"},
	{"opacity-rule = \"80:\";", "e.conf:1: opacity-rule: \"80:\": column 4: empty condition"},
	/* bindings */
	{"bindings = { key = \"a\"; action = \"quit\"; };",
		"e.conf:1: bindings must be a list ( { key = \"...\"; action = \"...\"; }, ... ), "
		"not a group"},
	{"bindings = [ 1 ];", "e.conf:1: bindings must be a list ( { key = \"...\"; action = "
			      "\"...\"; }, ... ), not an array"},
	{"bindings = ( 1 );", "e.conf:1: bindings[0] must be a group { key = \"...\"; action = "
			      "\"...\"; }, not an integer"},
	{"bindings = (\n { action = \"quit\"; }\n);",
		"e.conf:2: bindings[0] needs a key, as in key = \"Super+Shift+s\";"},
	{"bindings = (\n { key = \"a\"; action = \"quit\"; },\n { key = \"b\"; }\n);",
		"e.conf:3: bindings[1] needs an action (screenshot, reload, toggle-effects or "
		"quit)"},
	{"bindings = (\n { key = \"a\";\n   action = \"explode\"; }\n);",
		"e.conf:3: bindings[0].action: unknown action \"explode\" (screenshot, reload, "
		"toggle-effects or quit)"},
	{"bindings = ( { key = \"\"; action = \"quit\"; } );",
		"e.conf:1: bindings[0].key is empty"},
	{"bindings = ( { key = 3; action = \"quit\"; } );",
		"e.conf:1: bindings[0].key must be a string, not an integer"},
	{"bindings = ( { key = \"a\"; action = 3; } );",
		"e.conf:1: bindings[0].action must be a string, not an integer"},
};

TEST(errors)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		bool ok = load(d.tmp, "e.conf", errors[i].text, &c, &w, err, sizeof err);
		CHECK(!ok);
		if (ok) {
			fprintf(stderr, "  loaded: %s\n", errors[i].text);
			continue;
		}
		CHECK_STR(err, errors[i].err);
		c.source[0] = '\0';
		CHECK(is_default(&c)); /* untouched */
	}
	return TEST_PASS;
}

TEST(errors_file)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	char path[1024], err[1024];

	config_defaults(&c);
	snprintf(path, sizeof path, "%s/missing.conf", d.tmp);
	unlink(path);
	CHECK(!config_load(path, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, "missing.conf: No such file or directory") != NULL);
	CHECK(!config_load(d.tmp, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, ": is a directory") != NULL);
	/* picom's "--config /dev/null": no settings */
	CHECK(config_load("/dev/null", &c, NULL, NULL, err, sizeof err));
	CHECK_STR(c.source, "/dev/null");
	c.source[0] = '\0';
	CHECK(is_default(&c));
	/* larger than 16 MiB */
	snprintf(path, sizeof path, "%s/big.conf", d.tmp);
	FILE *f = fopen(path, "w");
	for (int i = 0; f && i < (17 << 20) / 64; i++)
		fprintf(f, "%-63s\n", "# padding");
	CHECK(f && fclose(f) == 0);
	CHECK(!config_load(path, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, "big.conf: larger than 16 MiB, or out of memory") != NULL);
	unlink(path);
	/* exactly at the limit is fine */
	f = fopen(path, "w");
	for (int i = 0; f && i < (16 << 20) / 64; i++)
		fprintf(f, "%-63s\n", "# padding");
	CHECK(f && fclose(f) == 0);
	CHECK(config_load(path, &c, NULL, NULL, err, sizeof err));
	unlink(path);
	snprintf(path, sizeof path, "%s/nul.conf", d.tmp);
	write_lit(path, "shadow = true;\nfading = true;\0 shadow = false;\n");
	CHECK(!config_load(path, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, "nul.conf:2: NUL byte in the file (not a text file?)") != NULL);
	CHECK(is_default(&c));
	return TEST_PASS;
}

/* A failed load leaves the running configuration as it was, pointers and all. */
TEST(untouched)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512], *after;

	config_defaults(&c);
	CHECK(load(d.tmp, "good.conf", full_conf, &c, &w, err, sizeof err));
	char *before = dump(&c);
	const struct config_rule *rules = c.shadow_exclude.items;
	CHECK(!load(d.tmp, "bad.conf",
		"shadow = false;\nshadow-exclude = [ \"focused\", \"(\" ];\n", &c, &w, err,
		sizeof err));
	CHECK_STR(err, "bad.conf:2: shadow-exclude: \"(\": column 2: expected a target, '!' or '(' "
		       "but found the end");
	after = dump(&c);
	CHECK_STR(after, before);
	free(after);
	CHECK(c.shadow_exclude.items == rules && strstr(c.source, "good.conf"));
	CHECK(!load(d.tmp, "bad2.conf",
		"bindings = ( { key = \"a\"; action = \"quit\"; }, { key = \"b\"; "
		"action = \"x\"; } );\n",
		&c, &w, err, sizeof err));
	after = dump(&c);
	CHECK_STR(after, before);
	free(after);
	free(before);
	config_free(&c);
	return TEST_PASS;
}

/* ---- warnings ---- */

static const char warn_conf[] =
	"shadow = true;\n"
	"blur-kern = \"3x3box\";\n"
	"frobnicate = 3;\n"
	"blur: { method = \"gaussian\"; };\n"
	"wintypes: {\n"
	"  tooltip = { full-shadow = false; sparkle = true; shadow = false; };\n"
	"  spaceship = { shadow = false; };\n"
	"  notify = { opacity = 0.5; redir-ignore = true; blur-background = 3; };\n"
	"};\n"
	"shadow-exclude = [ \"_NET_WM_STATE@:32a *= 'HIDDEN'\", \"focused\" ];\n"
	"bindings = ( { key = \"Super+q\"; action = \"quit\"; colour = \"red\"; } );\n"
	"fade-exclude = [\n"
	"  \"focused\",\n"
	"  # a comment\n"
	"  \"wmwin\"\n"
	"\n"
	"];\n";

static const char *const warn_expected[] = {
	"w.conf:2: \"blur-kern\" is a picom option shmcomp does not support; ignored",
	"w.conf:3: unknown option \"frobnicate\"; ignored",
	"w.conf:4: \"blur\" is a picom option shmcomp does not support; ignored",
	"w.conf:6: \"wintypes.tooltip.full-shadow\" is a picom option shmcomp does not support; "
	"ignored",
	"w.conf:6: unknown option \"wintypes.tooltip.sparkle\"; ignored",
	"w.conf:7: wintypes: unknown window type \"spaceship\"; ignored",
	"w.conf:8: \"wintypes.notify.redir-ignore\" is a picom option shmcomp does not support; "
	"ignored",
	"w.conf:8: \"wintypes.notify.blur-background\" is a picom option shmcomp does not "
	"support; ignored",
	"w.conf:10: shadow-exclude: \"_NET_WM_STATE@:32a *= 'HIDDEN'\": unsupported condition "
	"target '_NET_WM_STATE'; this condition never matches",
	"w.conf:11: unknown option \"bindings[0].colour\"; ignored",
	"w.conf:15: fade-exclude: \"wmwin\": unsupported condition target 'wmwin'; this "
	"condition never matches",
};

TEST(warnings)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char err[512];
	size_t n = sizeof warn_expected / sizeof warn_expected[0];

	config_defaults(&c);
	CHECK(load(d.tmp, "w.conf", warn_conf, &c, &w, err, sizeof err));
	CHECK(w.n == (int)n);
	for (size_t i = 0; i < n && i < (size_t)w.n; i++)
		CHECK_STR(w.text[i], warn_expected[i]);
	CHECK(c.shadow && !c.wintypes[WINTYPE_TOOLTIP].shadow);
	CHECK(c.wintypes[WINTYPE_NOTIFICATION].opacity == 0.5 && c.nbindings == 1);
	CHECK(c.shadow_exclude.n == 2 && c.fade_exclude.n == 2);
	config_free(&c);
	return TEST_PASS;
}

/* Without a callback, warnings go to stderr as "shmcomp: warning: FILE:LINE: ...". */
TEST(warnings_stderr)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	char path[1024], out[1024], text[2048] = "", err[512];
	int saved = dup(2), fd;

	snprintf(path, sizeof path, "%s/stderr.txt", d.tmp);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	config_defaults(&c);
	bool ok = load(d.tmp, "s.conf", "\nfrobnicate = 1;\n", &c, NULL, err, sizeof err);
	fflush(stderr);
	dup2(saved, 2);
	close(fd);
	close(saved);
	CHECK(ok);
	FILE *f = fopen(path, "r");
	CHECK(f && fread(text, 1, sizeof text - 1, f) > 0);
	if (f)
		fclose(f);
	snprintf(out, sizeof out, "shmcomp: warning: %s/s.conf:2: unknown option \"frobnicate\"; "
				  "ignored\n", d.tmp);
	CHECK_STR(text, out);
	config_free(&c);
	return TEST_PASS;
}

/* Every picom option shmcomp ignores gives exactly one warning, and no error. */
TEST(picom_unsupported)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char *text = calloc(config_npicom_unsupported, 64), err[512];

	for (size_t i = 0; i < config_npicom_unsupported; i++)
		sprintf(text + strlen(text), "%s = 1;\n", config_picom_unsupported[i]);
	config_defaults(&c);
	CHECK(load(d.tmp, "all.conf", text, &c, &w, err, sizeof err));
	CHECK_STR(err, "");
	CHECK(w.n == (int)config_npicom_unsupported);
	for (int i = 0; i < w.n && i < 64; i++)
		CHECK(strstr(w.text[i], "is a picom option shmcomp does not support; ignored"));
	c.source[0] = '\0';
	CHECK(is_default(&c));
	free(text);
	/* No supported option is in the list by mistake. */
	for (size_t i = 0; i < config_npicom_unsupported; i++)
		CHECK(!config_key_find(config_picom_unsupported[i]));
	return TEST_PASS;
}

/* picom's own sample configuration (Debian's picom 9.1 picom.sample.conf, kept verbatim):
 * loads with one warning per option shmcomp does not support, at its line. */
static const char *const picom_expected[] = {
	"picom.sample.conf:51: shadow-exclude: \"_GTK_FRAME_EXTENTS@:c\": unsupported condition "
	"target '_GTK_FRAME_EXTENTS'; this condition never matches",
	"picom.sample.conf:110: \"frame-opacity\" is a picom option shmcomp does not support; "
	"ignored",
	"picom.sample.conf:124: \"focus-exclude\" is a picom option shmcomp does not support; "
	"ignored",
	"picom.sample.conf:191: \"blur-kern\" is a picom option shmcomp does not support; ignored",
	"picom.sample.conf:196: \"blur-background-exclude\" is a picom option shmcomp does not "
	"support; ignored",
	"picom.sample.conf:213: \"backend\" is a picom option shmcomp does not support; ignored",
	"picom.sample.conf:217: \"vsync\" is a picom option shmcomp does not support; ignored",
	"picom.sample.conf:236: \"detect-rounded-corners\" is a picom option shmcomp does not "
	"support; ignored",
	"picom.sample.conf:242: \"detect-client-opacity\" is a picom option shmcomp does not "
	"support; ignored",
	"picom.sample.conf:266: \"detect-transient\" is a picom option shmcomp does not support; "
	"ignored",
	"picom.sample.conf:313: \"use-damage\" is a picom option shmcomp does not support; ignored",
	"picom.sample.conf:356: \"log-level\" is a picom option shmcomp does not support; ignored",
	"picom.sample.conf:408: \"wintypes.tooltip.full-shadow\" is a picom option shmcomp does "
	"not support; ignored",
	"picom.sample.conf:409: \"wintypes.dock.clip-shadow-above\" is a picom option shmcomp "
	"does not support; ignored",
};

static void check_picom_values(const struct config *c)
{
	const struct config_wintype *t = c->wintypes;
	struct cond_window notify = {.class_g = "notify-OSD"}, gtk = {.class_g = "gedit"};

	CHECK(c->shadow && c->shadow_radius == 7 && c->shadow_offset_x == -7);
	CHECK(c->shadow_offset_y == -7 && c->shadow_opacity == 0.75);
	CHECK(c->fading && c->fade_in_step == 0.03 && c->fade_out_step == 0.03);
	CHECK(c->inactive_opacity == 0.8 && !c->inactive_opacity_override);
	CHECK(c->mark_wmwin_focused && c->mark_ovredir_focused && c->corner_radius == 0);
	CHECK(c->shadow_exclude.n == 5 && c->rounded_corners_exclude.n == 2);
	CHECK(config_rules_match(&c->shadow_exclude, &notify) == &c->shadow_exclude.items[2]);
	CHECK(!config_rules_match(&c->shadow_exclude, &gtk)); /* _GTK_FRAME_EXTENTS never */
	CHECK(t[WINTYPE_TOOLTIP].fade && t[WINTYPE_TOOLTIP].shadow && t[WINTYPE_TOOLTIP].focus);
	CHECK(t[WINTYPE_TOOLTIP].opacity == 0.75 && t[WINTYPE_TOOLTIP].opacity_set);
	CHECK(t[WINTYPE_DOCK].shadow_set && !t[WINTYPE_DOCK].shadow);
	CHECK(t[WINTYPE_DND].shadow_set && !t[WINTYPE_DND].shadow);
	CHECK(t[WINTYPE_POPUP_MENU].opacity == 0.8 && t[WINTYPE_DROPDOWN_MENU].opacity == 0.8);
	CHECK(!t[WINTYPE_NORMAL].shadow_set && !t[WINTYPE_NORMAL].opacity_set);
}

TEST(picom_sample)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w = {0};
	char path[1024], err[1024];
	size_t n = sizeof picom_expected / sizeof picom_expected[0];

	snprintf(path, sizeof path, "%s/tests/config/picom.sample.conf", d.src);
	config_defaults(&c);
	CHECK(config_load(path, &c, collect, &w, err, sizeof err));
	CHECK(w.n == (int)n);
	for (size_t i = 0; i < n && i < (size_t)w.n; i++)
		CHECK_STR(w.text[i], picom_expected[i]);
	check_picom_values(&c);
	config_free(&c);
	return TEST_PASS;
}

/* ---- includes ---- */

TEST(include)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	struct warnings w;
	char path[1024], err[1024];

	snprintf(path, sizeof path, "%s/inc", d.tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/inc/part.conf", d.tmp);
	write_lit(path, "shadow = true;\nfrobnicate = 2;\n");
	config_defaults(&c);
	CHECK(load(d.tmp, "inc/main.conf", "fading = true;\n@include \"part.conf\"\nsparkle = 1;\n",
		&c, &w, err, sizeof err));
	CHECK(c.shadow && c.fading && w.n == 2);
	CHECK_STR(w.text[0], "part.conf:2: unknown option \"frobnicate\"; ignored");
	CHECK_STR(w.text[1], "main.conf:3: unknown option \"sparkle\"; ignored");
	write_lit(path, "shadow = true;\n\nshadow-radius = -1;\n");
	CHECK(!load(d.tmp, "inc/main.conf", "@include \"part.conf\"\n", &c, &w, err, sizeof err));
	CHECK_STR(err, "inc/part.conf:3: shadow-radius must be between 0 and 512, not -1");
	write_lit(path, "shadow = true;\nfading = ;\n");
	CHECK(!load(d.tmp, "inc/main.conf", "\n@include \"part.conf\"\n", &c, &w, err, sizeof err));
	CHECK_STR(err, "inc/part.conf:2: syntax error");
	config_free(&c);
	return TEST_PASS;
}

/* ---- dump, check ---- */

/* What was written to `f` (a tmpfile), as a string; closes `f`. */
static char *contents(FILE *f)
{
	long n = ftell(f);
	char *buf = calloc(1, (size_t)(n > 0 ? n : 0) + 1);

	rewind(f);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n))
		abort();
	fclose(f);
	return buf;
}

/* config_dump of `c` into a string (caller frees). */
static char *dump(const struct config *c)
{
	FILE *f = tmpfile();

	if (!f)
		abort();
	config_dump(c, f);
	return contents(f);
}

/* Loads `path`, dumps, loads the dump without warnings, and dumps the same again. */
static void roundtrip(const char *tmp, const char *path)
{
	struct config a, b;
	struct warnings w = {0};
	char dumped[1024], err[1024];
	char *first, *second;

	config_defaults(&a);
	config_defaults(&b);
	CHECK(config_load(path, &a, collect, &w, err, sizeof err));
	first = dump(&a);
	snprintf(dumped, sizeof dumped, "%s/dumped.conf", tmp);
	write_file(dumped, first, strlen(first));
	memset(&w, 0, sizeof w);
	CHECK(config_load(dumped, &b, collect, &w, err, sizeof err));
	for (int i = 0; i < w.n && i < 64; i++) /* what the first load said about them */
		CHECK(strstr(w.text[i], "unsupported condition target"));
	second = dump(&b);
	/* the first line names the source */
	CHECK_STR(strchr(second, '\n'), strchr(first, '\n'));
	CHECK(a.nbindings == b.nbindings && a.shadow_exclude.n == b.shadow_exclude.n);
	CHECK(a.fade_in_step == b.fade_in_step && a.shadow_color == b.shadow_color);
	free(first);
	free(second);
	config_free(&a);
	config_free(&b);
}

TEST(dump)
{
	const struct dirs d = dirs_of(tc);
	struct config c;
	char path[1024], *text;

	config_defaults(&c);
	text = dump(&c);
	CHECK(strncmp(text, "# shmcomp configuration: effective settings (built-in defaults)\n",
		      64) == 0);
	CHECK(strstr(text, "\nshadow = false;\nshadow-radius = 12;\nshadow-opacity = 0.75;\n"));
	CHECK(strstr(text, "\nfade-in-step = 0.028;\n"));
	CHECK(strstr(text, "\nactive-opacity = 1.0;\n"));
	CHECK(strstr(text, "\nshadow-exclude = [ ];\n") && strstr(text, "\nbindings = ( );\n"));
	CHECK(strstr(text, "\nwintypes = {\n};\n") && strstr(text, "\nclock = \"real\";\n"));
	free(text);
	snprintf(path, sizeof path, "%s/full.conf", d.tmp);
	write_file(path, full_conf, strlen(full_conf));
	roundtrip(d.tmp, path);
	snprintf(path, sizeof path, "%s/tests/config/picom.sample.conf", d.src);
	roundtrip(d.tmp, path);
	snprintf(path, sizeof path, "%s/doc/shmcomp.conf", d.src);
	roundtrip(d.tmp, path);
	snprintf(path, sizeof path, "%s/esc.conf", d.tmp);
	const char esc[] = "screenshot-dir = \"a\\\\b\\\"c\\td\\x01e\\x7f\\ff\\r\";\n"
			   "shadow-exclude = \"name = '\\\\\\\"'\";\nshadow-opacity = 0.1;\n"
			   "inactive-dim = 0.30000000000000004;\nshadow-color = \"#00abcdef\";\n";
	write_file(path, esc, strlen(esc));
	roundtrip(d.tmp, path);
	return TEST_PASS;
}

/* config_check on `path`, its stdout and stderr into `out` and `errs` (caller frees). */
static int check(const char *path, char **out, char **errs)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	int rc;

	if (!fo || !fe)
		abort();
	rc = config_check(path, fo, fe);
	*out = contents(fo);
	*errs = contents(fe);
	return rc;
}

TEST(check)
{
	const struct dirs d = dirs_of(tc);
	char path[1024], *out, *errs;

	snprintf(path, sizeof path, "%s/check.conf", d.tmp);
	write_lit(path, "shadow = true;\nbackend = \"glx\";\n");
	CHECK(check(path, &out, &errs) == 0);
	CHECK(strstr(out, "\nshadow = true;\n") != NULL);
	CHECK(strstr(errs, "check.conf:2: \"backend\" is a picom option") != NULL);
	CHECK(strstr(errs, "check.conf: valid, 1 warning\n") != NULL);
	free(out);
	free(errs);
	write_lit(path, "shadow = true;\nshadow-radius = \"x\";\n");
	CHECK(check(path, &out, &errs) == 1);
	CHECK(strstr(errs, "check.conf:2: shadow-radius must be an integer, not a string\n"));
	CHECK_STR(out, "");
	free(out);
	free(errs);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_DIRS", "/nonexistent", 1);
	CHECK(check(NULL, &out, &errs) == 0);
	CHECK_STR(errs, "shmcomp: no configuration file found; built-in defaults\n");
	CHECK(strstr(out, "(built-in defaults)\n") != NULL);
	free(out);
	free(errs);
	return TEST_PASS;
}

/* ---- documentation ---- */

static char *slurp(const char *src, const char *rel)
{
	char path[1024];
	FILE *f;
	char *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof path, "%s/%s", src, rel);
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		exit(1);
	}
	if (getdelim(&buf, &len, '\0', f) < 0)
		buf = strdup("");
	fclose(f);
	return buf;
}

/* doc/shmcomp.conf loads without a warning and sets every option; the man page names
 * every option, legacy and ignored ones included. */
TEST(docs)
{
	const struct dirs d = dirs_of(tc);
	char *sample = slurp(d.src, "doc/shmcomp.conf");
	char *man = slurp(d.src, "doc/man/shmcomp.conf.5.scd");
	char path[1024], err[1024], want[128];
	struct config c;
	struct warnings w = {0};

	snprintf(path, sizeof path, "%s/doc/shmcomp.conf", d.src);
	config_defaults(&c);
	CHECK(config_load(path, &c, collect, &w, err, sizeof err) && w.n == 0);
	config_free(&c);
	for (size_t i = 0; i < config_nkeys; i++) {
		const char *name = config_keys[i].name;
		snprintf(want, sizeof want, "\n%s%s", name, strcmp(name, "wintypes") ? " = " : ":");
		if (config_keys[i].dump && !strstr(sample, want)) {
			test_fail("  doc/shmcomp.conf lacks %s", name);
		}
		snprintf(want, sizeof want, "*%s*", name);
		if (!strstr(man, want)) {
			test_fail("  the man page lacks %s", want);
		}
	}
	for (size_t i = 0; i < config_npicom_unsupported; i++) {
		snprintf(want, sizeof want, "%s", config_picom_unsupported[i]);
		if (!strstr(man, want)) {
			test_fail("  the man page does not list %s", want);
		}
	}
	free(sample);
	free(man);
	return TEST_PASS;
}
