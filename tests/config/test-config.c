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

static const char *srcroot, *tmpdir;

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

/* Writes `text` to TMPDIR/name and loads it into `c`; `err` gets the message without
 * the TMPDIR/ prefix. */
static bool load(const char *name, const char *text, struct config *c, struct warnings *w,
        char *err, size_t errlen)
{
	char path[1024], buf[1024];
	size_t skip = strlen(tmpdir) + 1;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
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

static void body_defaults(void)
{
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
	/* the options picom has that shmcomp only stores for now, at picom's defaults */
	CHECK(c.frame_opacity == 1.0 && !c.inactive_dim_fixed && !c.transparent_clipping);
	CHECK(!c.shadow_exclude_reg.set && !c.crop_shadow_to_monitor &&
	        !c.no_fading_destroyed_argb);
	CHECK(c.blur.method == CONFIG_BLUR_NONE && c.blur.size == 3 && c.blur.strength == 5);
	CHECK(c.blur.deviation == 0.84089642 && !c.blur.kern && !c.blur.background);
	CHECK(!c.blur.background_frame && !c.blur.background_fixed && !c.detect_rounded_corners);
	CHECK(!c.detect_client_opacity && !c.detect_transient && !c.detect_client_leader);
	CHECK(!c.use_ewmh_active_win && !c.no_ewmh_fullscreen && !c.unredir_if_possible);
	CHECK(c.unredir_if_possible_delay == 0 && !c.vsync && c.max_brightness == 1.0);
	CHECK(c.log_level == CONFIG_LOG_WARN && !c.log_file[0] && !c.write_pid_path[0]);
	CHECK(!c.show_all_xerrors && c.rules.n == 0 && c.corner_radius_rules.n == 0);
	CHECK(c.focus_exclude.n == 0 && c.invert_color_include.n == 0 && c.unredir_exclude.n == 0);
	CHECK(c.clip_shadow_above.n == 0 && c.transparent_clipping_exclude.n == 0);
	CHECK(c.blur_background_exclude.n == 0);
	for (int t = 0; t < WINTYPE_COUNT; t++) {
		const struct config_wintype *wt = &c.wintypes[t];
		CHECK(!wt->shadow_set && !wt->fade_set && !wt->focus_set && !wt->opacity_set);
	}
	/* An empty file, or one with only comments, is the defaults. */
	CHECK(load("empty.conf", "", &c, &w, err, sizeof err) && w.n == 0);
	CHECK(strstr(c.source, "empty.conf") != NULL);
	c.source[0] = '\0';
	CHECK(is_default(&c));
	CHECK(load("comments.conf", "# nothing\n// here\n/* either */\n", &c, &w, err, sizeof err));
	c.source[0] = '\0';
	CHECK(is_default(&c) && w.n == 0);
	config_free(&c);
	CHECK(is_default(&c));
}

static void body_wintype_effective(void)
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
	c.wintypes[WINTYPE_DESKTOP] = (struct config_wintype){.shadow = true,
	        .shadow_set = true,
	        .focus = false,
	        .focus_set = true,
	        .opacity = 0.5,
	        .opacity_set = true};
	e = config_wintype_effective(&c, WINTYPE_DESKTOP);
	CHECK(e.shadow && !e.focus && e.opacity_set && e.opacity == 0.5);
	c.shadow = false;
	c.wintypes[WINTYPE_TOOLTIP] = (struct config_wintype){.shadow = true, .shadow_set = true};
	e = config_wintype_effective(&c, WINTYPE_TOOLTIP); /* the type's setting wins */
	CHECK(e.shadow);
}

static void body_color(void)
{
	uint32_t v = 0;

	CHECK(config_parse_color("#102030", &v) && v == 0xff102030u);
	CHECK(config_parse_color("#80102030", &v) && v == 0x80102030u);
	CHECK(config_parse_color("#AbCdEf", &v) && v == 0xffabcdefu);
	CHECK(!config_parse_color("102030", &v) && !config_parse_color("#1020", &v) &&
	        !config_parse_color("#10203g", &v) && !config_parse_color(NULL, &v) &&
	        !config_parse_color("#1020304", &v) && !config_parse_color("", &v));
}

static void body_find(void)
{
	char home[256], dirs[1024], p[1024], out[CONFIG_PATH_MAX];

	snprintf(home, sizeof home, "%.200s/xdg-home", tmpdir);
	snprintf(p, sizeof p, "%s/shmcomp", home);
	mkdir(home, 0755);
	mkdir(p, 0755);
	snprintf(dirs, sizeof dirs, "%s/xdg-a:%s/xdg-b", tmpdir, tmpdir);
	snprintf(p, sizeof p, "%s/xdg-b", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/xdg-b/shmcomp/shmcomp.conf", tmpdir);
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
	setenv("HOME", tmpdir, 1);
	snprintf(p, sizeof p, "%s/.config", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/.config/shmcomp", tmpdir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/.config/shmcomp/shmcomp.conf", tmpdir);
	write_file(p, "", 0);
	CHECK(config_find(NULL, out, sizeof out) && strcmp(out, p) == 0);
	unlink(p);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_DIRS", "/nonexistent", 1);
	CHECK(!config_find(NULL, out, sizeof out) && out[0] == '\0');
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
        "no-animations = true;\n"
        /* line 39 */
        "clip-shadow-above = [ \"window_type = 'dock'\" ];\n"
        "shadow-exclude-reg = \"x10+0-0\";\n"
        "crop-shadow-to-monitor = true;\n"
        "no-fading-destroyed-argb = true;\n"
        "inactive-dim-fixed = true;\n"
        "frame-opacity = 0.7;\n"
        "focus-exclude = \"class_g = 'Cairo-clock'\";\n"
        "invert-color-include = [ \"class_g = 'Inverted'\" ];\n"
        "corner-radius-rules = [ \"10:window_type = 'dock'\", \"0x20 : fullscreen\" ];\n"
        "detect-rounded-corners = true;\n"
        "transparent-clipping = true;\n"
        "transparent-clipping-exclude = [ \"class_g = 'Shot'\" ];\n"
        "blur-method = \"dual_kawase\";\n"
        "blur-size = 12;\n"
        "blur-deviation = 5;\n"
        "blur-strength = 9;\n"
        "blur-background = true;\n"
        "blur-background-frame = true;\n"
        "blur-background-fixed = true;\n"
        "blur-kern = \"3,3,1,1,1,1,1,1,1,1\";\n"
        "blur-background-exclude = [ \"window_type = 'desktop'\" ];\n"
        "detect-client-opacity = true;\n"
        "detect-transient = true;\n"
        "detect-client-leader = true;\n"
        "use-ewmh-active-win = true;\n"
        "no-ewmh-fullscreen = true;\n"
        "unredir-if-possible = true;\n"
        "unredir-if-possible-delay = 500;\n"
        "unredir-if-possible-exclude = [ \"class_g = 'Game'\" ];\n"
        "vsync = true;\n"
        "max-brightness = 0.9;\n"
        "log-level = \"DEBUG\";\n"
        "log-file = \"/tmp/shmcomp.log\";\n"
        "write-pid-path = \"/run/shmcomp.pid\";\n"
        "show-all-xerrors = true;\n";

static void body_values(void)
{
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	CHECK(load("full.conf", full_conf, &c, &w, err, sizeof err));
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
	CHECK(c.clip_shadow_above.n == 1 && c.clip_shadow_above.items[0].line == 39);
	const struct config_geometry *g = &c.shadow_exclude_reg;
	CHECK(g->set && !g->has_width && g->has_height && g->height == 10 && g->has_pos);
	CHECK(g->x == 0 && !g->x_right && g->y == 0 && g->y_bottom);
	CHECK(c.crop_shadow_to_monitor && c.no_fading_destroyed_argb && c.inactive_dim_fixed);
	CHECK(c.frame_opacity == 0.7 && c.focus_exclude.n == 1 && c.invert_color_include.n == 1);
	CHECK(c.corner_radius_rules.n == 2);
	if (c.corner_radius_rules.n == 2) {
		CHECK(c.corner_radius_rules.items[0].value == 10);
		CHECK(c.corner_radius_rules.items[1].value == 32); /* strtol base 0, as picom */
		CHECK_STR(cond_text(c.corner_radius_rules.items[1].cond), " fullscreen");
		CHECK(strstr(c.corner_radius_rules.items[1].file, "full.conf") != NULL);
	}
	CHECK(c.detect_rounded_corners && c.transparent_clipping);
	CHECK(c.transparent_clipping_exclude.n == 1);
	CHECK(c.blur.method == CONFIG_BLUR_DUAL_KAWASE && c.blur.size == 12);
	CHECK(c.blur.deviation == 5 && c.blur.strength == 9 && c.blur.background);
	CHECK(c.blur.background_frame && c.blur.background_fixed && c.blur.kern_line == 58);
	CHECK(c.blur.kern && strcmp(c.blur.kern, "3,3,1,1,1,1,1,1,1,1") == 0);
	CHECK(strstr(c.blur.kern_file, "full.conf") != NULL && c.blur_background_exclude.n == 1);
	CHECK(c.detect_client_opacity && c.detect_transient && c.detect_client_leader);
	CHECK(c.use_ewmh_active_win && c.no_ewmh_fullscreen && c.unredir_if_possible);
	CHECK(c.unredir_if_possible_delay == 500 && c.unredir_exclude.n == 1 && c.vsync);
	CHECK(c.max_brightness == 0.9 && c.log_level == CONFIG_LOG_DEBUG);
	CHECK_STR(c.log_file, "/tmp/shmcomp.log");
	CHECK_STR(c.write_pid_path, "/run/shmcomp.pid");
	CHECK(c.show_all_xerrors && c.rules.n == 0);
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
	CHECK(load("small.conf", "shadow = true;\n", &c, &w, err, sizeof err));
	CHECK(c.shadow && c.nbindings == 0 && c.opacity_rules.n == 0 && !c.fading);
	CHECK(!c.blur.kern && c.corner_radius_rules.n == 0 && c.blur.method == CONFIG_BLUR_NONE);
	/* picom: blur-background, or blur-background-frame which implies it, blurs with a
	 * kernel when no method is given; a kernel alone does not blur */
	CHECK(load("b1.conf", "blur-background-frame = true;\n", &c, &w, err, sizeof err));
	CHECK(c.blur.method == CONFIG_BLUR_KERNEL && !c.blur.background);
	CHECK(load("b2.conf", "blur-background = true;\nblur-method = \"box\";\n", &c, &w, err,
	        sizeof err));
	CHECK(c.blur.method == CONFIG_BLUR_BOX);
	CHECK(load("b3.conf", "blur-kern = \"3x3box\";\nblur: { method = \"kawase\"; };\n", &c, &w,
	        err, sizeof err));
	CHECK(c.blur.method == CONFIG_BLUR_DUAL_KAWASE && c.blur.kern_line == 1);
	CHECK(load("b4.conf", "blur-kern = \"3x3box\";\n", &c, &w, err, sizeof err));
	CHECK(c.blur.method == CONFIG_BLUR_NONE);
	config_free(&c);
	CHECK(is_default(&c));
}

static void body_legacy(void)
{
	struct config c;
	struct warnings w;
	char err[512];
	struct cond_window shaped = {.bounding_shaped = true};

	config_defaults(&c);
	CHECK(load("legacy.conf",
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
	CHECK(load("legacy2.conf",
	        "shadow-color = \"#0000ff\"; shadow-red = 1.0;\n"
	        "menu-opacity = 0.7; no-dock-shadow = true; no-dnd-shadow = false;\n"
	        "shadow-ignore-shaped = false;\n"
	        "wintypes: { popup_menu = { opacity = 0.9; }; dock = { shadow = true; }; };\n",
	        &c, &w, err, sizeof err));
	CHECK(c.shadow_color == 0xff0000ffu && c.wintypes[WINTYPE_POPUP_MENU].opacity == 0.9);
	CHECK(c.wintypes[WINTYPE_DROPDOWN_MENU].opacity == 0.7 && c.wintypes[WINTYPE_DOCK].shadow);
	CHECK(!c.wintypes[WINTYPE_DND].shadow_set && c.shadow_exclude.n == 0);
	config_free(&c);
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
        {"fade-exclude = \"clas_g:c = 'x'\";", "e.conf:1: fade-exclude: \"clas_g:c = 'x'\": column "
                                               "12: target 'clas_g' is a number: "
                                               "the pattern must be a number, true or false"},
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
        {"corner-radius-rules = [ \"x:focused\" ];",
                "e.conf:1: corner-radius-rules: "
                "\"x:focused\": column 1: expected RADIUS:CONDITION, as in \"10:window_type = "
                "'dialog'\""},
        {"corner-radius-rules = [ \"600:focused\" ];",
                "e.conf:1: corner-radius-rules: "
                "\"600:focused\": column 1: radius 600 is not between 0 and 512"},
        {"corner-radius-rules = \"8 focused\";",
                "e.conf:1: corner-radius-rules: \"8 "
                "focused\": column 3: expected ':' after the radius"},
        {"focus-exclude = [ \"name ~= '('\" ];",
                "e.conf:1: focus-exclude: \"name ~= '('\": "
                "column 9: invalid regular expression: missing closing parenthesis (at offset 1)"},
        /* the other options */
        {"frame-opacity = 1.5;", "e.conf:1: frame-opacity must be between 0 and 1, not 1.5"},
        {"max-brightness = -1;", "e.conf:1: max-brightness must be between 0 and 1, not -1"},
        {"unredir-if-possible-delay = -1;",
                "e.conf:1: unredir-if-possible-delay must be between 0 and 3.6e+06, not -1"},
        {"blur-strength = 21;", "e.conf:1: blur-strength must be between 0 and 20, not 21"},
        {"blur-size = 0;", "e.conf:1: blur-size must be between 1 and 1024, not 0"},
        {"blur-method = \"fast\";", "e.conf:1: blur-method must be \"none\", \"kernel\", "
                                    "\"box\", \"gaussian\" or \"dual_kawase\", not \"fast\""},
        {"blur-method = 3;", "e.conf:1: blur-method must be a string, not an integer"},
        {"blur-kern = 3;", "e.conf:1: blur-kern must be a string (a kernel), not an integer"},
        {"\nblur-kern = \"3,3,1,1\";", "e.conf:2: blur-kern: column 8: a 3x3 kernel takes 8 "
                                       "values (the centre left out), found 2"},
        {"blur-kern = \"4x4box\";", "e.conf:1: blur-kern: column 1: the kernel width must be "
                                    "an odd whole number from 1 to 127"},
        /* animations: anim/'s messages, with the file */
        {"animations = 3;", "e.conf:1: animations: animations must be a list ( { ... }, ... )"},
        {"animations = (\n { triggers = [ \"close\" ];\n   opacity = { curve = \"bogus\"; "
         "duration = 1; start = 1; end = 0; }; }\n);",
                "e.conf:3: animations: unknown curve \"bogus\" (linear, cubic-bezier(...) or "
                "steps(...))"},
        {"rules = (\n { match = \"focused\";\n   animations = 3; }\n);",
                "e.conf:3: rules[0].animations: animations must be a list ( { ... }, ... )"},
        {"blur: { method = \"x\"; };", "e.conf:1: blur-method must be \"none\", \"kernel\", "
                                       "\"box\", \"gaussian\" or \"dual_kawase\", not \"x\""},
        {"blur = 1;", "e.conf:1: blur must be a group { method = ...; }, not an integer"},
        {"vsync = \"opengl-swc\";", "e.conf:1: vsync must be true or false, not \"opengl-swc\" "
                                    "(picom's old method names are gone: write true or false)"},
        {"vsync = 1;", "e.conf:1: vsync must be true or false, not an integer"},
        {"log-level = \"loud\";", "e.conf:1: log-level must be \"error\", \"warn\", \"info\", "
                                  "\"debug\" or \"trace\", not \"loud\""},
        {"log-file = 1;", "e.conf:1: log-file must be a string (a file), not an integer"},
        {"shadow-exclude-reg = \"10x\";", "e.conf:1: shadow-exclude-reg must be an X geometry "
                                          "[W][xH][{+-}X{+-}Y], as in \"x10+0-0\", not \"10x\""},
        {"shadow-exclude-reg = \"+1\";", "e.conf:1: shadow-exclude-reg must be an X geometry "
                                         "[W][xH][{+-}X{+-}Y], as in \"x10+0-0\", not \"+1\""},
        {"detect-transient = \"yes\";",
                "e.conf:1: detect-transient must be true or false, not a string"},
        {"daemon = 1;", "e.conf:1: daemon must be true or false, not an integer"},
        {"wintypes: { dock = { full-shadow = 1; }; };",
                "e.conf:1: wintypes.dock.full-shadow must be true or false, not an integer"},
        {"wintypes: { dock = { redir-ignore = \"x\"; }; };",
                "e.conf:1: wintypes.dock.redir-ignore must be true or false, not a string"},
        /* rules */
        {"rules = 1;", "e.conf:1: rules must be a list ( { match = \"...\"; ... }, ... ), not an "
                       "integer"},
        {"rules = { match = \"focused\"; };", "e.conf:1: rules must be a list ( { match = "
                                              "\"...\"; ... }, ... ), not a group"},
        {"rules = ( 1 );", "e.conf:1: rules[0] must be a group { match = \"...\"; ... }, not an "
                           "integer"},
        {"rules = ( { match = 1; } );",
                "e.conf:1: rules[0].match must be a string (a condition), not an integer"},
        {"rules = (\n { shadow = true; },\n { match = \"name = x\"; }\n);",
                "e.conf:3: rules[1].match: \"name = x\": column 8: expected a string in quotes, a "
                "number, true or false, not 'x'"},
        {"rules = ( { opacity = 1.5; } );",
                "e.conf:1: rules[0].opacity must be between 0 and 1, not 1.5"},
        {"rules = ( { dim = \"x\"; } );", "e.conf:1: rules[0].dim must be a number, not a string"},
        {"rules = ( { blur-opacity = -1; } );",
                "e.conf:1: rules[0].blur-opacity must be between 0 and 1, not -1"},
        {"rules = ( { corner-radius = 1000; } );",
                "e.conf:1: rules[0].corner-radius must be between 0 and 512, not 1000"},
        {"rules = ( { corner-radius = 2.5; } );",
                "e.conf:1: rules[0].corner-radius must be an integer, not 2.5"},
        {"rules = ( { shadow = 1; } );", "e.conf:1: rules[0].shadow must be true or false, not an "
                                         "integer"},
        {"rules = ( { full-shadow = 1; } );",
                "e.conf:1: rules[0].full-shadow must be true or false, not an integer"},
        {"rules = ( { fade = \"no\"; } );",
                "e.conf:1: rules[0].fade must be true or false, not a string"},
        {"rules = ( { opacity-override = 0; } );",
                "e.conf:1: rules[0].opacity-override must be true or false, not an integer"},
        {"rules = ( { blur-background = 0; } );",
                "e.conf:1: rules[0].blur-background must be true or false, not an integer"},
        {"rules = ( { invert-color = 0; } );",
                "e.conf:1: rules[0].invert-color must be true or false, not an integer"},
        {"rules = ( { clip-shadow-above = 0; } );",
                "e.conf:1: rules[0].clip-shadow-above must be true or false, not an integer"},
        {"rules = ( { transparent-clipping = 0; } );",
                "e.conf:1: rules[0].transparent-clipping must be true or false, not an integer"},
        {"rules = ( { paint = 0; } );", "e.conf:1: rules[0].paint must be true or false, not an "
                                        "integer"},
        {"rules = ( { shadow-color = \"red\"; } );",
                "e.conf:1: rules[0].shadow-color must be a "
                "color \"#rrggbb\" or \"#aarrggbb\", not \"red\""},
        {"rules = ( { unredir = \"sometimes\"; } );",
                "e.conf:1: rules[0].unredir must be true, "
                "false, \"preferred\", \"passive\" or \"forced\", not \"sometimes\""},
        {"rules = ( { unredir = 1; } );",
                "e.conf:1: rules[0].unredir must be true, false, "
                "\"preferred\", \"passive\" or \"forced\", not an integer"},
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

static void body_errors(void)
{
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		bool ok = load("e.conf", errors[i].text, &c, &w, err, sizeof err);
		CHECK(!ok);
		if (ok) {
			fprintf(stderr, "  loaded: %s\n", errors[i].text);
			continue;
		}
		test_check_str(err, errors[i].err, __FILE__, __LINE__);
		c.source[0] = '\0';
		CHECK(is_default(&c)); /* untouched */
	}
}

static void body_errors_file(void)
{
	struct config c;
	char path[1024], err[1024];

	config_defaults(&c);
	snprintf(path, sizeof path, "%s/missing.conf", tmpdir);
	unlink(path);
	CHECK(!config_load(path, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, "missing.conf: No such file or directory") != NULL);
	CHECK(!config_load(tmpdir, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, ": is a directory") != NULL);
	/* picom's "--config /dev/null": no settings */
	CHECK(config_load("/dev/null", &c, NULL, NULL, err, sizeof err));
	CHECK_STR(c.source, "/dev/null");
	c.source[0] = '\0';
	CHECK(is_default(&c));
	/* larger than 16 MiB */
	snprintf(path, sizeof path, "%s/big.conf", tmpdir);
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
	snprintf(path, sizeof path, "%s/nul.conf", tmpdir);
	write_lit(path, "shadow = true;\nfading = true;\0 shadow = false;\n");
	CHECK(!config_load(path, &c, NULL, NULL, err, sizeof err));
	CHECK(strstr(err, "nul.conf:2: NUL byte in the file (not a text file?)") != NULL);
	CHECK(is_default(&c));
	config_free(&c);
}

/* A failed load leaves the running configuration as it was, pointers and all. */
static void body_untouched(void)
{
	struct config c;
	struct warnings w;
	char err[512], *after;

	config_defaults(&c);
	CHECK(load("good.conf", full_conf, &c, &w, err, sizeof err));
	char *before = dump(&c);
	const struct config_rule *rules = c.shadow_exclude.items;
	CHECK(!load("bad.conf", "shadow = false;\nshadow-exclude = [ \"focused\", \"(\" ];\n", &c,
	        &w, err, sizeof err));
	CHECK_STR(err, "bad.conf:2: shadow-exclude: \"(\": column 2: expected a target, '!' or '(' "
	               "but found the end");
	after = dump(&c);
	CHECK_STR(after, before);
	free(after);
	CHECK(c.shadow_exclude.items == rules && strstr(c.source, "good.conf"));
	CHECK(!load("bad2.conf",
	        "bindings = ( { key = \"a\"; action = \"quit\"; }, { key = \"b\"; "
	        "action = \"x\"; } );\n",
	        &c, &w, err, sizeof err));
	after = dump(&c);
	CHECK_STR(after, before);
	free(after);
	free(before);
	config_free(&c);
}

/* ---- warnings ---- */

static const char warn_conf[] =
        "shadow = true;\n"
        "backend = \"glx\";\n"
        "frobnicate = 3;\n"
        "blur: { method = \"gaussian\"; background = true; };\n"
        "wintypes: {\n"
        "  tooltip = { full-shadow = false; sparkle = true; shadow = false; };\n"
        "  spaceship = { shadow = false; };\n"
        "  notify = { opacity = 0.5; redir-ignore = true; blur-background = false; };\n"
        "};\n"
        "shadow-exclude = [ \"_NET_WM_STATE@:32a *= 'HIDDEN'\", \"focused || client\" ];\n"
        "bindings = ( { key = \"Super+q\"; action = \"quit\"; colour = \"red\"; } );\n"
        "fade-exclude = [\n"
        "  \"focused\",\n"
        "  # a comment\n"
        "  \"clas_g = 'x'\"\n"
        "\n"
        "];\n"
        "log-file = \"picom.log\";\n"
        "xinerama-shadow-crop = true;\n"
        "animations = ( { triggers = [ \"open\" ]; preset = \"appear\"; sparkle = 1; } );\n"
        "window-shader-fg = \"default\";\n"
        "daemon = true;\n";

static const char *const warn_expected[] = {
        "w.conf:2: \"backend\" is a picom option shmcomp does not support; ignored "
        "(backend-specific: shmcomp renders with pixman)",
        "w.conf:3: unknown option \"frobnicate\"; ignored",
        "w.conf:4: unknown option \"blur.background\"; ignored",
        "w.conf:6: unknown option \"wintypes.tooltip.sparkle\"; ignored",
        "w.conf:7: wintypes: unknown window type \"spaceship\"; ignored",
        "w.conf:10: shadow-exclude: \"focused || client\": target 'client' is deprecated in "
        "picom and never matches",
        "w.conf:11: unknown option \"bindings[0].colour\"; ignored",
        "w.conf:15: fade-exclude: \"clas_g = 'x'\": 'clas_g' is no predefined target, so it "
        "names a window property, in lower case: a misspelt target?",
        "w.conf:18: log-file \"picom.log\" is not an absolute path",
        "w.conf:19: xinerama-shadow-crop is deprecated: it is crop-shadow-to-monitor",
        "w.conf:20: preset \"appear\" has no option \"sparkle\"; ignored",
        "w.conf:21: \"window-shader-fg\" is a picom option shmcomp does not support; ignored (a "
        "GLSL shader: GL-specific)",
};

static void body_warnings(void)
{
	struct config c;
	struct warnings w;
	char err[512];
	size_t n = sizeof warn_expected / sizeof warn_expected[0];

	config_defaults(&c);
	CHECK(load("w.conf", warn_conf, &c, &w, err, sizeof err));
	CHECK(w.n == (int)n);
	for (size_t i = 0; i < n && i < (size_t)w.n; i++)
		test_check_str(w.text[i], warn_expected[i], __FILE__, __LINE__);
	CHECK(c.shadow && !c.wintypes[WINTYPE_TOOLTIP].shadow);
	CHECK(c.wintypes[WINTYPE_TOOLTIP].full_shadow_set &&
	        !c.wintypes[WINTYPE_TOOLTIP].full_shadow);
	CHECK(c.wintypes[WINTYPE_NOTIFICATION].opacity == 0.5 && c.nbindings == 1);
	CHECK(c.wintypes[WINTYPE_NOTIFICATION].redir_ignore);
	CHECK(c.wintypes[WINTYPE_NOTIFICATION].blur_background_set);
	CHECK(c.shadow_exclude.n == 2 && c.fade_exclude.n == 2);
	CHECK(c.blur.method == CONFIG_BLUR_GAUSSIAN && c.crop_shadow_to_monitor);
	CHECK_STR(c.log_file, "picom.log");
	config_free(&c);
}

/* Without a callback, warnings go to stderr as "shmcomp: warning: FILE:LINE: ...". */
static void body_warnings_stderr(void)
{
	struct config c;
	char path[1024], out[1024], text[2048] = "", err[512];
	int saved = dup(2), fd;

	snprintf(path, sizeof path, "%s/stderr.txt", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	config_defaults(&c);
	bool ok = load("s.conf", "\nfrobnicate = 1;\n", &c, NULL, err, sizeof err);
	fflush(stderr);
	dup2(saved, 2);
	close(fd);
	close(saved);
	CHECK(ok);
	FILE *f = fopen(path, "r");
	CHECK(f && fread(text, 1, sizeof text - 1, f) > 0);
	if (f)
		fclose(f);
	snprintf(out, sizeof out,
	        "shmcomp: warning: %s/s.conf:2: unknown option \"frobnicate\"; "
	        "ignored\n",
	        tmpdir);
	CHECK_STR(text, out);
	config_free(&c);
}

/* Every picom option shmcomp ignores gives exactly one warning, and no error. */
static void body_picom_unsupported(void)
{
	struct config c;
	struct warnings w;
	char *text = calloc(config_npicom_unsupported, 64), err[512];

	for (size_t i = 0; i < config_npicom_unsupported; i++)
		sprintf(text + strlen(text), "%s = 1;\n", config_picom_unsupported[i].name);
	config_defaults(&c);
	CHECK(load("all.conf", text, &c, &w, err, sizeof err));
	CHECK_STR(err, "");
	CHECK(w.n == (int)config_npicom_unsupported);
	for (int i = 0; i < w.n && i < 64; i++)
		CHECK(strstr(w.text[i], "is a picom option shmcomp does not support; ignored ("));
	c.source[0] = '\0';
	CHECK(is_default(&c));
	config_free(&c);
	free(text);
	/* No supported option is in the list by mistake. */
	for (size_t i = 0; i < config_npicom_unsupported; i++)
		CHECK(!config_key_find(config_picom_unsupported[i].name));
}

/* picom's own sample configuration (Debian's picom 9.1 picom.sample.conf, kept verbatim):
 * loads with one warning per option shmcomp does not support, at its line: only the
 * backend-specific ones are left. */
static const char *const picom_expected[] = {
        "picom.sample.conf:213: \"backend\" is a picom option shmcomp does not support; ignored "
        "(backend-specific: shmcomp renders with pixman)",
        "picom.sample.conf:313: \"use-damage\" is a picom option shmcomp does not support; "
        "ignored (shmcomp always uses damage)",
};

static bool gtk_frame(void *data, const char *name, bool client, struct cond_prop *out)
{
	static const int64_t extents[] = {0, 0, 0, 0};

	(void)data;
	*out = (struct cond_prop){.type = COND_PROP_NUMBER, .n = 4, .num = extents};
	return client && strcmp(name, "_GTK_FRAME_EXTENTS") == 0;
}

static void check_picom_values(const struct config *c)
{
	const struct config_wintype *t = c->wintypes;
	struct cond_window notify = {.class_g = "notify-OSD"}, gtk = {.class_g = "gedit"};
	struct cond_window csd = {.class_g = "gedit", .prop = gtk_frame};

	CHECK(c->shadow && c->shadow_radius == 7 && c->shadow_offset_x == -7);
	CHECK(c->shadow_offset_y == -7 && c->shadow_opacity == 0.75);
	CHECK(c->fading && c->fade_in_step == 0.03 && c->fade_out_step == 0.03);
	CHECK(c->inactive_opacity == 0.8 && !c->inactive_opacity_override);
	CHECK(c->mark_wmwin_focused && c->mark_ovredir_focused && c->corner_radius == 0);
	CHECK(c->shadow_exclude.n == 5 && c->rounded_corners_exclude.n == 2);
	CHECK(config_rules_match(&c->shadow_exclude, &notify) == &c->shadow_exclude.items[2]);
	CHECK(!config_rules_match(&c->shadow_exclude, &gtk));
	CHECK(config_rules_match(&c->shadow_exclude, &csd) == &c->shadow_exclude.items[4]);
	CHECK(t[WINTYPE_TOOLTIP].fade && t[WINTYPE_TOOLTIP].shadow && t[WINTYPE_TOOLTIP].focus);
	CHECK(t[WINTYPE_TOOLTIP].opacity == 0.75 && t[WINTYPE_TOOLTIP].opacity_set);
	CHECK(t[WINTYPE_TOOLTIP].full_shadow_set && !t[WINTYPE_TOOLTIP].full_shadow);
	CHECK(t[WINTYPE_DOCK].shadow_set && !t[WINTYPE_DOCK].shadow);
	CHECK(t[WINTYPE_DOCK].clip_shadow_above_set && t[WINTYPE_DOCK].clip_shadow_above);
	CHECK(t[WINTYPE_DND].shadow_set && !t[WINTYPE_DND].shadow);
	CHECK(t[WINTYPE_POPUP_MENU].opacity == 0.8 && t[WINTYPE_DROPDOWN_MENU].opacity == 0.8);
	CHECK(!t[WINTYPE_NORMAL].shadow_set && !t[WINTYPE_NORMAL].opacity_set);
	/* the options shmcomp stores for the compositor */
	CHECK(c->frame_opacity == 0.7 && c->focus_exclude.n == 1 && c->vsync);
	CHECK(c->blur.kern && strcmp(c->blur.kern, "3x3box") == 0 && c->blur.kern_line == 191);
	CHECK(c->blur_background_exclude.n == 3 && c->blur.method == CONFIG_BLUR_NONE);
	CHECK(c->detect_rounded_corners && c->detect_client_opacity && c->detect_transient);
	CHECK(!c->detect_client_leader && !c->use_ewmh_active_win && !c->unredir_if_possible);
	CHECK(c->log_level == CONFIG_LOG_WARN);
}

static void body_picom_sample(void)
{
	struct config c;
	struct warnings w = {0};
	char path[1024], err[1024];
	size_t n = sizeof picom_expected / sizeof picom_expected[0];

	snprintf(path, sizeof path, "%s/tests/config/picom.sample.conf", srcroot);
	config_defaults(&c);
	CHECK(config_load(path, &c, collect, &w, err, sizeof err));
	CHECK(w.n == (int)n);
	for (size_t i = 0; i < n && i < (size_t)w.n; i++)
		test_check_str(w.text[i], picom_expected[i], __FILE__, __LINE__);
	check_picom_values(&c);
	config_free(&c);
}

/* ---- window rules ---- */

static const char rules_conf[] =
        "rules = (\n"
        "  { match = \"class_g = 'A'\"; shadow = true; full-shadow = true;\n"
        "    shadow-color = \"#123456\"; clip-shadow-above = false; fade = false; },\n"
        "  { opacity = 0.5; opacity-override = false; dim = 0.25; corner-radius = 7; },\n"
        "  { match = \"focused\"; blur-background = true; blur-opacity = 0.75;\n"
        "    invert-color = true; transparent-clipping = true; unredir = \"passive\";\n"
        "    paint = false; },\n"
        "  { match = \"x > 1\"; unredir = false; sparkle = 1; shader = \"a.frag\"; },\n"
        "  { match = \"x > 2\"; unredir = true; animations = (); },\n"
        "  { unredir = \"when-possible\"; }\n"
        ");\n";

/* Reads the keys, their values, lines and files; what a rule does not set stays unset. */
static void body_rules(void)
{
	struct config c;
	struct warnings w;
	char err[512];

	config_defaults(&c);
	CHECK(load("r.conf", rules_conf, &c, &w, err, sizeof err));
	CHECK_STR(err, "");
	CHECK(w.n == 2);
	CHECK_STR(w.text[0], "r.conf:8: unknown option \"rules[3].sparkle\"; ignored");
	CHECK_STR(w.text[1], "r.conf:8: \"rules[3].shader\" is a picom option shmcomp does not "
	                     "support; ignored (a GLSL shader; shmcomp renders with pixman)");
	CHECK(c.rules.n == 6);
	if (c.rules.n != 6) {
		config_free(&c);
		return;
	}
	const struct config_window_rule *r = c.rules.items;
	CHECK(r[0].cond && strcmp(cond_text(r[0].cond), "class_g = 'A'") == 0);
	CHECK(r[0].line == 2 && strstr(r[0].file, "r.conf"));
	CHECK(r[0].set == (1u << CONFIG_WS_SHADOW | 1u << CONFIG_WS_FULL_SHADOW |
	                          1u << CONFIG_WS_SHADOW_COLOR | 1u << CONFIG_WS_CLIP_SHADOW_ABOVE |
	                          1u << CONFIG_WS_FADE));
	CHECK(r[0].v.shadow && r[0].v.full_shadow && r[0].v.shadow_color == 0xff123456u);
	CHECK(!r[0].v.clip_shadow_above && !r[0].v.fade);
	CHECK(!r[1].cond && r[1].line == 4); /* no match: every window */
	CHECK(r[1].set == (1u << CONFIG_WS_OPACITY | 1u << CONFIG_WS_OPACITY_OVERRIDE |
	                          1u << CONFIG_WS_DIM | 1u << CONFIG_WS_CORNER_RADIUS));
	CHECK(r[1].v.opacity == 0.5 && !r[1].v.opacity_override && r[1].v.dim == 0.25);
	CHECK(r[1].v.corner_radius == 7);
	CHECK(r[2].set ==
	        (1u << CONFIG_WS_BLUR_BACKGROUND | 1u << CONFIG_WS_BLUR_OPACITY |
	                1u << CONFIG_WS_INVERT_COLOR | 1u << CONFIG_WS_TRANSPARENT_CLIPPING |
	                1u << CONFIG_WS_UNREDIR | 1u << CONFIG_WS_PAINT));
	CHECK(r[2].v.blur_background && r[2].v.blur_opacity == 0.75 && r[2].v.invert_color);
	CHECK(r[2].v.transparent_clipping && r[2].v.unredir == CONFIG_UNREDIR_PASSIVE);
	CHECK(!r[2].v.paint);
	CHECK(r[3].set == 1u << CONFIG_WS_UNREDIR && r[3].v.unredir == CONFIG_UNREDIR_NO);
	CHECK(r[4].set == 1u << CONFIG_WS_UNREDIR && r[4].v.unredir == CONFIG_UNREDIR_YES);
	CHECK(r[5].v.unredir == CONFIG_UNREDIR_PREFERRED);
	CHECK_STR(config_ws_name(CONFIG_WS_TRANSPARENT_CLIPPING), "transparent-clipping");
	CHECK_STR(config_ws_name(CONFIG_WS_COUNT), "?");
	CHECK_STR(config_unredir_name(CONFIG_UNREDIR_FORCED), "forced");
	/* "forced" and the other spellings */
	CHECK(load("r2.conf",
	        "rules = ( { unredir = \"forced\"; }, { unredir = \"yes\"; },\n"
	        "{ unredir = \"no\"; }, { unredir = \"terminate\"; },\n"
	        "{ unredir = \"default\"; } );\n",
	        &c, &w, err, sizeof err));
	CHECK(c.rules.n == 5 && c.rules.items[0].v.unredir == CONFIG_UNREDIR_FORCED);
	CHECK(c.rules.n == 5 && c.rules.items[1].v.unredir == CONFIG_UNREDIR_YES);
	CHECK(c.rules.n == 5 && c.rules.items[3].v.unredir == CONFIG_UNREDIR_NO);
	config_free(&c);
}

/* With a non-empty `rules`, each option it supersedes is ignored with one warning,
 * wherever it is in the file; `rules = ()` supersedes nothing. */
static void body_superseded(void)
{
	static const char *const superseded[] = {"shadow-ignore-shaped = true;",
	        "inactive-opacity = 0.5;", "active-opacity = 0.5;",
	        "inactive-opacity-override = true;", "inactive-dim = 0.5;",
	        "mark-wmwin-focused = true;", "mark-ovredir-focused = true;",
	        "invert-color-include = [ \"focused\" ];", "shadow-exclude = [ \"focused\" ];",
	        "fade-exclude = [ \"focused\" ];", "focus-exclude = [ \"focused\" ];",
	        "rounded-corners-exclude = [ \"focused\" ];",
	        "blur-background-exclude = [ \"focused\" ];", "opacity-rule = [ \"50:focused\" ];",
	        "corner-radius-rules = [ \"5:focused\" ];",
	        "window-shader-fg-rule = [ \"a.frag:focused\" ];",
	        "clip-shadow-above = [ \"focused\" ];",
	        "wintypes: { dock = { shadow = false; }; };",
	        "transparent-clipping-exclude = [ \"focused\" ];",
	        "unredir-if-possible-exclude = [ \"focused\" ];", "menu-opacity = 0.5;",
	        "no-dock-shadow = true;", "no-dnd-shadow = true;"};
	size_t n = sizeof superseded / sizeof superseded[0];
	char *text = calloc(n + 4, 128), err[512];
	struct config c;
	struct warnings w;

	strcpy(text, "shadow = true;\n");
	for (size_t i = 0; i < n / 2; i++)
		sprintf(text + strlen(text), "%s\n", superseded[i]);
	strcat(text, "rules = ( { match = \"focused\"; shadow = false; } );\n");
	for (size_t i = n / 2; i < n; i++)
		sprintf(text + strlen(text), "%s\n", superseded[i]);
	config_defaults(&c);
	CHECK(load("s.conf", text, &c, &w, err, sizeof err));
	CHECK(w.n == (int)n);
	for (int i = 0; i < w.n && i < 64; i++) {
		char want[256];
		snprintf(want, sizeof want,
		        "is superseded by \"rules\" (line %zu); ignored, as "
		        "picom does",
		        n / 2 + 2);
		CHECK(strstr(w.text[i], want) != NULL);
	}
	CHECK(c.shadow && c.rules.n == 1 && c.inactive_opacity == 1.0 && !c.mark_wmwin_focused);
	CHECK(c.shadow_exclude.n == 0 && c.opacity_rules.n == 0 && !c.inactive_opacity_override);
	CHECK(!c.wintypes[WINTYPE_DOCK].shadow_set && !c.wintypes[WINTYPE_POPUP_MENU].opacity_set);
	CHECK(c.corner_radius_rules.n == 0 && c.unredir_exclude.n == 0);
	/* the dump leaves them out, so that it loads back without a warning */
	char *d = dump(&c);
	CHECK(!strstr(d, "\ninactive-opacity =") && !strstr(d, "\nwintypes ="));
	CHECK(strstr(d, "\nrules = (\n\t{ match = \"focused\"; shadow = false; }\n);\n"));
	free(d);
	/* an empty list is no rules */
	CHECK(load("e.conf", "rules = ();\ninactive-opacity = 0.5;\n", &c, &w, err, sizeof err));
	CHECK(w.n == 0 && c.inactive_opacity == 0.5 && c.rules.n == 0);
	free(text);
	config_free(&c);
}

/* ---- effective settings ---- */

struct props {
	int64_t opacity, client_opacity, compton_shadow, bypass; /* -1: absent */
};

static bool window_props(void *data, const char *name, bool client, struct cond_prop *out)
{
	static int64_t value;
	const struct props *p = data;

	if (strcmp(name, "_NET_WM_WINDOW_OPACITY") == 0)
		value = client ? p->client_opacity : p->opacity;
	else if (strcmp(name, "_COMPTON_SHADOW") == 0 && !client)
		value = p->compton_shadow;
	else if (strcmp(name, "_NET_WM_BYPASS_COMPOSITOR") == 0 && client)
		value = p->bypass;
	else
		return false;
	*out = (struct cond_prop){.type = COND_PROP_NUMBER, .n = 1, .num = &value};
	return value >= 0;
}

static struct config_window_settings settings_of(
        const struct config *c, const struct cond_window *w)
{
	struct config_window_settings s;

	config_window_settings(c, w, &s);
	return s;
}

/* "OPTION[INDEX] FILE:LINE" of an origin, for CHECK_STR. */
static const char *origin(const struct config_origin *o)
{
	static char buf[256];
	const char *file = o->file ? strrchr(o->file, '/') : NULL;

	if (!o->option)
		return "default";
	snprintf(buf, sizeof buf, "%s", o->option);
	if (strcmp(o->option, "wintypes") == 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ".%s%s",
		        wintype_name((enum wintype)o->index), o->builtin ? " (default)" : "");
	else if (o->index >= 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "[%ld]", o->index);
	if (o->file)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %s:%d",
		        file ? file + 1 : o->file, o->line);
	return buf;
}

#define WHY(s, k, want) test_check_str(origin(&(s).why[k]), (want), __FILE__, __LINE__)

/* Loads `text` over `c`, which holds a configuration (config_defaults or a load). */
static bool load_text(const char *text, struct config *c)
{
	char err[512];
	struct warnings w;

	bool ok = load("set.conf", text, c, &w, err, sizeof err);
	if (!ok)
		fprintf(stderr, "  %s\n", err);
	return ok;
}

/* Legacy options, each deciding one setting, with the origin it names. */
static void body_settings_legacy(void)
{
	struct config c;
	struct props p = {-1, -1, -1, -1};
	struct cond_window w = {.class_g = "XTerm",
	        .window_type = WINTYPE_NORMAL,
	        .prop = window_props,
	        .prop_data = &p};
	struct config_window_settings s;

	/* the defaults: nothing but the window */
	config_defaults(&c);
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow && !s.v.fade && s.v.opacity == 1.0 && s.v.dim == 0 && !s.focused);
	CHECK(s.v.corner_radius == 0 && !s.v.blur_background && !s.v.invert_color);
	CHECK(!s.v.full_shadow && !s.v.clip_shadow_above && !s.v.transparent_clipping);
	CHECK(s.v.unredir == CONFIG_UNREDIR_YES && s.v.paint && s.v.blur_opacity == 1.0);
	CHECK(s.frame_opacity == 1.0 && !s.dim_fixed && !s.opacity_from_prop && !s.nmatched);
	WHY(s, CONFIG_WS_SHADOW, "shadow");
	WHY(s, CONFIG_WS_OPACITY, "inactive-opacity");
	WHY(s, CONFIG_WS_UNREDIR, "default");

	CHECK(load_text("shadow = true;\nfading = true;\n"
	                "shadow-exclude = [ \"class_g = 'Conky'\", \"class_g = 'XTerm'\" ];\n"
	                "fade-exclude = \"role = 'nofade'\";\n"
	                "wintypes: { dock = { fade = false; }; };\n"
	                "shadow-ignore-shaped = true;\n",
	        &c));
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow && s.v.fade);
	WHY(s, CONFIG_WS_SHADOW, "shadow-exclude[1] set.conf:3");
	WHY(s, CONFIG_WS_FADE, "fading");
	w.class_g = "URxvt";
	s = settings_of(&c, &w);
	CHECK(s.v.shadow);
	w.window_type = WINTYPE_DESKTOP; /* no shadow by default */
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow && s.v.fade);
	WHY(s, CONFIG_WS_SHADOW, "wintypes.desktop (default)");
	w.window_type = WINTYPE_DOCK;
	s = settings_of(&c, &w);
	CHECK(s.v.shadow && !s.v.fade);
	WHY(s, CONFIG_WS_FADE, "wintypes.dock");
	w.window_type = WINTYPE_NORMAL;
	w.role = "nofade";
	s = settings_of(&c, &w);
	CHECK(!s.v.fade);
	WHY(s, CONFIG_WS_FADE, "fade-exclude[0] set.conf:4");
	w.bounding_shaped = true;
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow);
	WHY(s, CONFIG_WS_SHADOW, "shadow-exclude[2] set.conf:6");
	w.rounded_corners = true; /* picom: rounded shapes keep their shadow */
	s = settings_of(&c, &w);
	CHECK(s.v.shadow);
	p.compton_shadow = 0; /* _COMPTON_SHADOW = 0 on the frame: no shadow */
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow);
	WHY(s, CONFIG_WS_SHADOW, "_COMPTON_SHADOW");
	p.compton_shadow = 1;
	s = settings_of(&c, &w);
	CHECK(s.v.shadow);
	config_free(&c);

	/* focus and opacity */
	p = (struct props){-1, -1, -1, -1};
	w = (struct cond_window){.class_g = "XTerm",
	        .window_type = WINTYPE_NORMAL,
	        .prop = window_props,
	        .prop_data = &p};
	CHECK(load_text("active-opacity = 0.9;\ninactive-opacity = 0.6;\ninactive-dim = 0.3;\n"
	                "opacity-rule = [ \"80:class_g = 'URxvt'\" ];\n"
	                "wintypes: { dialog = { opacity = 0.7; focus = false; }; };\n"
	                "focus-exclude = [ \"class_g = 'Clock'\" ];\n",
	        &c));
	s = settings_of(&c, &w);
	CHECK(!s.focused && s.v.opacity == 0.6 && s.v.dim == 0.3);
	WHY(s, CONFIG_WS_OPACITY, "inactive-opacity");
	WHY(s, CONFIG_WS_DIM, "inactive-dim");
	w.focused = true;
	s = settings_of(&c, &w);
	CHECK(s.focused && s.v.opacity == 0.9 && s.v.dim == 0);
	CHECK_STR(origin(&s.focused_why), "focus");
	WHY(s, CONFIG_WS_DIM, "focus");
	w.focused = false;
	w.group_focused = true;
	s = settings_of(&c, &w);
	CHECK(s.focused && s.v.opacity == 0.9);
	CHECK_STR(origin(&s.focused_why), "group_focused");
	w.group_focused = false;
	w.window_type = WINTYPE_DOCK; /* always focused by default */
	s = settings_of(&c, &w);
	CHECK(s.focused && s.v.opacity == 0.9);
	CHECK_STR(origin(&s.focused_why), "wintypes.dock (default)");
	w.window_type = WINTYPE_DIALOG;
	s = settings_of(&c, &w);
	CHECK(!s.focused && s.v.opacity == 0.7);
	WHY(s, CONFIG_WS_OPACITY, "wintypes.dialog");
	w.class_g = "URxvt";
	s = settings_of(&c, &w);
	CHECK(s.v.opacity == 0.8);
	WHY(s, CONFIG_WS_OPACITY, "opacity-rule[0] set.conf:4");
	p.opacity = 0x80000000; /* the property wins */
	s = settings_of(&c, &w);
	CHECK(s.opacity_from_prop && s.opacity_prop == 0x80000000u);
	CHECK(s.v.opacity == 0x80000000 / 4294967295.0);
	WHY(s, CONFIG_WS_OPACITY, "_NET_WM_WINDOW_OPACITY");
	p.opacity = -1;
	p.client_opacity = 0x40000000; /* on the client: only with detect-client-opacity */
	s = settings_of(&c, &w);
	CHECK(!s.opacity_from_prop && s.v.opacity == 0.8);
	w.class_g = "Clock";
	s = settings_of(&c, &w);
	CHECK(s.focused);
	CHECK_STR(origin(&s.focused_why), "focus-exclude[0] set.conf:6");
	config_free(&c);

	w = (struct cond_window){.class_g = "XTerm",
	        .window_type = WINTYPE_NORMAL,
	        .prop = window_props,
	        .prop_data = &p};
	CHECK(load_text(
	        "inactive-opacity = 0.6;\ninactive-opacity-override = true;\n"
	        "detect-client-opacity = true;\nmark-ovredir-focused = true;\n"
	        "mark-wmwin-focused = true;\ninactive-dim = 0.5;\ninactive-dim-fixed = true;\n"
	        "frame-opacity = 0.75;\n",
	        &c));
	s = settings_of(&c, &w); /* not focused: the override beats the property */
	CHECK(!s.opacity_from_prop && s.v.opacity == 0.6 && s.v.opacity_override);
	CHECK(s.dim_fixed && s.frame_opacity == 0.75 && s.v.dim == 0.5);
	w.focused = true;
	s = settings_of(&c, &w);
	CHECK(s.opacity_from_prop && s.opacity_prop == 0x40000000u); /* from the client */
	w.focused = false;
	w.override_redirect = true;
	s = settings_of(&c, &w);
	CHECK(s.focused && s.v.dim == 0);
	CHECK_STR(origin(&s.focused_why), "mark-ovredir-focused");
	w.override_redirect = false;
	w.wmwin = true;
	s = settings_of(&c, &w);
	CHECK(s.focused);
	CHECK_STR(origin(&s.focused_why), "mark-wmwin-focused");
	config_free(&c);

	/* corners, and the options that only shmcomp's new renderer features read */
	p = (struct props){-1, -1, -1, -1};
	w = (struct cond_window){.class_g = "XTerm",
	        .window_type = WINTYPE_NORMAL,
	        .prop = window_props,
	        .prop_data = &p};
	CHECK(load_text(
	        "corner-radius = 10;\n"
	        "rounded-corners-exclude = [ \"class_g = 'Square'\" ];\n"
	        "corner-radius-rules = [ \"4:class_g = 'Small'\", \"20:class_g ^= 'S'\" ];\n"
	        "clip-shadow-above = [ \"class_g = 'Bar'\" ];\n"
	        "invert-color-include = [ \"class_g = 'Neg'\" ];\n"
	        "transparent-clipping = true;\n"
	        "transparent-clipping-exclude = [ \"class_g = 'Shot'\" ];\n"
	        "blur-background = true;\n"
	        "blur-background-exclude = [ \"class_g = 'Sharp'\" ];\n"
	        "unredir-if-possible-exclude = [ \"class_g ^= 'Game'\" ];\n"
	        "wintypes: { dock = { clip-shadow-above = true; full-shadow = true;\n"
	        "  blur-background = false; redir-ignore = true; };\n"
	        "  splash = { redir-ignore = true; }; };\n",
	        &c));
	s = settings_of(&c, &w);
	CHECK(s.v.corner_radius == 10 && s.v.transparent_clipping && s.v.blur_background);
	CHECK(!s.v.clip_shadow_above && !s.v.invert_color && !s.v.full_shadow);
	WHY(s, CONFIG_WS_CORNER_RADIUS, "corner-radius");
	WHY(s, CONFIG_WS_BLUR_BACKGROUND, "blur-method");
	w.class_g = "Square";
	s = settings_of(&c, &w);
	CHECK(s.v.corner_radius == 0);
	WHY(s, CONFIG_WS_CORNER_RADIUS, "rounded-corners-exclude[0] set.conf:2");
	w.class_g = "Small";
	s = settings_of(&c, &w);
	CHECK(s.v.corner_radius == 4);
	WHY(s, CONFIG_WS_CORNER_RADIUS, "corner-radius-rules[0] set.conf:3");
	w.class_g = "Sharp";
	s = settings_of(&c, &w);
	CHECK(s.v.corner_radius == 20 && !s.v.blur_background);
	WHY(s, CONFIG_WS_BLUR_BACKGROUND, "blur-background-exclude[0] set.conf:9");
	w.class_g = "Bar";
	s = settings_of(&c, &w);
	CHECK(s.v.clip_shadow_above);
	WHY(s, CONFIG_WS_CLIP_SHADOW_ABOVE, "clip-shadow-above[0] set.conf:4");
	w.class_g = "Neg";
	s = settings_of(&c, &w);
	CHECK(s.v.invert_color);
	WHY(s, CONFIG_WS_INVERT_COLOR, "invert-color-include[0] set.conf:5");
	w.class_g = "Shot";
	s = settings_of(&c, &w);
	CHECK(!s.v.transparent_clipping);
	WHY(s, CONFIG_WS_TRANSPARENT_CLIPPING, "transparent-clipping-exclude[0] set.conf:7");
	w.class_g = "XTerm";
	w.window_type = WINTYPE_DOCK;
	s = settings_of(&c, &w);
	CHECK(s.v.clip_shadow_above && s.v.full_shadow && !s.v.blur_background);
	CHECK(s.v.unredir == CONFIG_UNREDIR_PREFERRED);
	WHY(s, CONFIG_WS_CLIP_SHADOW_ABOVE, "wintypes.dock");
	WHY(s, CONFIG_WS_BLUR_BACKGROUND, "wintypes.dock");
	WHY(s, CONFIG_WS_FULL_SHADOW, "wintypes.dock");
	w.class_g = "Game";
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_PASSIVE);
	w.window_type = WINTYPE_NORMAL;
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_NO);
	WHY(s, CONFIG_WS_UNREDIR, "unredir-if-possible-exclude[0] set.conf:10");
	w.class_g = "XTerm";
	p.bypass = 1;
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_FORCED);
	WHY(s, CONFIG_WS_UNREDIR, "_NET_WM_BYPASS_COMPOSITOR");
	p.bypass = 2; /* only 1 asks to bypass */
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_YES);
	config_free(&c);
}

/* The policy compositor/effects.c applied before it moved here (compute(),
 * target_opacity(), is_focused()), as an oracle: random configurations and windows, a
 * fixed seed, the same shadow, fade, corners, dim, focus and opacity. */
struct oracle {
	bool focused, shadow, fade;
	unsigned corner;
	double dim, opacity;
};

static struct oracle old_policy(
        const struct config *cf, const struct cond_window *w, bool has_opacity, uint32_t opacity)
{
	struct config_wintype wt = config_wintype_effective(cf, w->window_type);
	struct oracle o = {0};
	struct cond_window cw = *w;

	o.focused = w->focused || wt.focus || (cf->mark_ovredir_focused && w->override_redirect) ||
	            (cf->mark_wmwin_focused && w->wmwin);
	cw.focused = o.focused; /* the old conditions saw this */
	if (has_opacity && !(cf->inactive_opacity_override && !o.focused)) {
		o.opacity = (double)opacity / 4294967295.0;
	} else {
		const struct config_rule *rule = config_rules_match(&cf->opacity_rules, &cw);
		o.opacity = rule             ? rule->value
		            : wt.opacity_set ? wt.opacity
		            : o.focused      ? cf->active_opacity
		                             : cf->inactive_opacity;
	}
	o.shadow = cf->shadow && (!wt.shadow_set || wt.shadow) &&
	           !config_rules_match(&cf->shadow_exclude, &cw);
	o.fade = cf->fading && (!wt.fade_set || wt.fade) &&
	         !config_rules_match(&cf->fade_exclude, &cw);
	o.corner = cf->corner_radius > 0 && !config_rules_match(&cf->rounded_corners_exclude, &cw)
	                   ? (unsigned)cf->corner_radius
	                   : 0;
	o.dim = o.focused ? 0.0 : cf->inactive_dim;
	return o;
}

static uint32_t rnd_state;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

/* A random legacy configuration, as text; conditions never test `focused`, which the old
 * code answered with its computed focus and the new one with the input focus. */
static void random_config(char *out, size_t len)
{
	static const char *const conds[] = {"class_g = 'A'", "class_g = 'B' || argb",
	        "window_type = 'dock'", "!override_redirect && class_g *= 'C'", "wmwin",
	        "name ~= '^x'"};
	static const char *const types[] = {"normal", "dock", "dialog", "desktop", "tooltip"};
	size_t n = 0;

	n += (size_t)snprintf(out + n, len - n, "shadow = %s;\nfading = %s;\n",
	        rnd(2) ? "true" : "false", rnd(2) ? "true" : "false");
	n += (size_t)snprintf(out + n, len - n,
	        "active-opacity = %.2f;\ninactive-opacity = %.2f;\ninactive-dim = %.2f;\n"
	        "inactive-opacity-override = %s;\nmark-wmwin-focused = %s;\n"
	        "mark-ovredir-focused = %s;\ncorner-radius = %u;\n",
	        rnd(101) / 100.0, rnd(101) / 100.0, rnd(101) / 100.0, rnd(2) ? "true" : "false",
	        rnd(2) ? "true" : "false", rnd(2) ? "true" : "false", rnd(3) * 5);
	n += (size_t)snprintf(out + n, len - n,
	        "shadow-exclude = [ \"%s\" ];\n"
	        "fade-exclude = [ \"%s\" ];\nrounded-corners-exclude = [ \"%s\" ];\n"
	        "opacity-rule = [ \"%u:%s\" ];\n",
	        conds[rnd(6)], conds[rnd(6)], conds[rnd(6)], rnd(101), conds[rnd(6)]);
	n += (size_t)snprintf(out + n, len - n,
	        "wintypes: { %s = { shadow = %s; fade = %s; "
	        "focus = %s; opacity = %.2f; }; };\n",
	        types[rnd(5)], rnd(2) ? "true" : "false", rnd(2) ? "true" : "false",
	        rnd(2) ? "true" : "false", rnd(101) / 100.0);
}

static void body_settings_oracle(void)
{
	static const char *const classes[] = {"A", "B", "C", "Cx", NULL};
	char text[2048];
	int mismatches = 0;

	rnd_state = 1234;
	for (int round = 0; round < 300; round++) {
		struct config c;
		config_defaults(&c);
		random_config(text, sizeof text);
		CHECK(load_text(text, &c));
		for (int i = 0; i < 40; i++) {
			struct props p = {rnd(2) ? -1 : rnd(0x7fffffff) * 2ll, -1, -1, -1};
			struct cond_window w = {.class_g = classes[rnd(5)],
			        .name = rnd(2) ? "xterm" : "other",
			        .window_type = (enum wintype)rnd(WINTYPE_COUNT),
			        .override_redirect = rnd(2),
			        .argb = rnd(2),
			        .wmwin = rnd(2),
			        .focused = rnd(3) == 0,
			        .prop = window_props,
			        .prop_data = &p};
			struct config_window_settings s = settings_of(&c, &w);
			struct oracle o = old_policy(&c, &w, p.opacity >= 0, (uint32_t)p.opacity);
			if (o.focused != s.focused || o.shadow != s.v.shadow ||
			        o.fade != s.v.fade || o.corner != (unsigned)s.v.corner_radius ||
			        o.dim != s.v.dim || o.opacity != s.v.opacity) {
				if (!mismatches++)
					fprintf(stderr, "  seed 1234, round %d, window %d:\n%s",
					        round, i, text);
			}
		}
		config_free(&c);
	}
	CHECK(mismatches == 0);
}

/* `rules`: global defaults, every key, later rules winning, the property and opacity,
 * unredir and _NET_WM_BYPASS_COMPOSITOR, the matched rules and the text. */
static void body_settings_rules(void)
{
	struct config c;
	struct props p = {-1, -1, -1, -1};
	struct cond_window w = {.class_g = "XTerm",
	        .window_type = WINTYPE_DESKTOP,
	        .prop = window_props,
	        .prop_data = &p};
	struct config_window_settings s;
	char text[4096];

	config_defaults(&c);
	CHECK(load_text(
	        "shadow = true;\nfading = true;\ncorner-radius = 6;\n"
	        "shadow-color = \"#112233\";\ntransparent-clipping = true;\n"
	        "blur-method = \"box\";\ninactive-dim = 0.5;\n"
	        "wintypes: { desktop = { shadow = false; }; };\n"
	        "rules = (\n"
	        "  { match = \"class_g = 'Nothing'\"; shadow = false; },\n"
	        "  { match = \"class_g = 'A'\"; shadow = false; opacity = 0.5; dim = 0.1;\n"
	        "    corner-radius = 3; fade = false; full-shadow = true; },\n"
	        "  { match = \"class_g = 'A' && argb\"; shadow = true; invert-color = true;\n"
	        "    clip-shadow-above = true; blur-background = false; blur-opacity = 0.5;\n"
	        "    transparent-clipping = false; shadow-color = \"#ff0000\"; paint = false; },\n"
	        "  { match = \"class_g = 'B'\"; opacity = 0.25; opacity-override = false; },\n"
	        "  { match = \"class_g = 'U'\"; unredir = \"passive\"; }\n"
	        ");\n",
	        &c));
	/* no rule matches: the global options, wintypes and inactive-dim do not count */
	s = settings_of(&c, &w);
	CHECK(s.v.shadow && s.v.fade && s.v.corner_radius == 6 && s.v.shadow_color == 0xff112233u);
	CHECK(s.v.transparent_clipping && s.v.blur_background && s.v.opacity == 1.0);
	CHECK(s.v.dim == 0 && !s.focused && s.nmatched == 0 && s.v.paint);
	CHECK(s.v.unredir == CONFIG_UNREDIR_YES && s.v.blur_opacity == 1.0);
	WHY(s, CONFIG_WS_SHADOW, "shadow");
	WHY(s, CONFIG_WS_CORNER_RADIUS, "corner-radius");
	WHY(s, CONFIG_WS_BLUR_BACKGROUND, "blur-method");
	WHY(s, CONFIG_WS_OPACITY, "default");
	config_settings_text(&c, &s, text, sizeof text);
	CHECK(strstr(text, "rules.matched=\n") &&
	        strstr(text, "\nshadow=true\nshadow.by=shadow\n"));
	/* one rule */
	w.class_g = "A";
	s = settings_of(&c, &w);
	CHECK(!s.v.shadow && s.v.opacity == 0.5 && s.v.dim == 0.1 && s.v.corner_radius == 3);
	CHECK(!s.v.fade && s.v.full_shadow && s.nmatched == 1 && s.matched[0] == 1);
	WHY(s, CONFIG_WS_SHADOW, "rules[1] set.conf:11");
	WHY(s, CONFIG_WS_DIM, "rules[1] set.conf:11");
	/* two: the later wins where both set a key */
	w.argb = true;
	s = settings_of(&c, &w);
	CHECK(s.v.shadow && s.v.opacity == 0.5 && s.v.invert_color && s.v.clip_shadow_above);
	CHECK(!s.v.blur_background && s.v.blur_opacity == 0.5 && !s.v.transparent_clipping);
	CHECK(s.v.shadow_color == 0xffff0000u && !s.v.paint && s.v.full_shadow);
	CHECK(s.nmatched == 2 && s.matched[0] == 1 && s.matched[1] == 2);
	WHY(s, CONFIG_WS_SHADOW, "rules[2] set.conf:13");
	WHY(s, CONFIG_WS_FULL_SHADOW, "rules[1] set.conf:11");
	config_settings_text(&c, &s, text, sizeof text);
	CHECK(strstr(text, "rules.matched=1,2\n") != NULL);
	CHECK(strstr(text, "\nshadow=true\nshadow.by=rules[2] ") != NULL);
	CHECK(strstr(text, "\nshadow-color=#ffff0000\n") != NULL);
	CHECK(strstr(text, "\nopacity=0.5\nopacity.by=rules[1] ") != NULL);
	CHECK(strstr(text, "\nunredir=true\nunredir.by=default\n") != NULL);
	/* a rule's opacity wins over the property, unless opacity-override = false */
	p.opacity = 0xffffffff;
	s = settings_of(&c, &w);
	CHECK(s.v.opacity == 0.5 && !s.opacity_from_prop);
	w.class_g = "B";
	s = settings_of(&c, &w);
	CHECK(s.v.opacity == 1.0 && s.opacity_from_prop && s.opacity_prop == 0xffffffffu);
	WHY(s, CONFIG_WS_OPACITY, "_NET_WM_WINDOW_OPACITY");
	p.opacity = -1;
	s = settings_of(&c, &w);
	CHECK(s.v.opacity == 0.25);
	w.class_g = "XTerm";
	p.opacity = 0x7fffffff; /* no rule: the property */
	s = settings_of(&c, &w);
	CHECK(s.opacity_from_prop && s.v.opacity == 0x7fffffff / 4294967295.0);
	/* unredir: a rule's value, else the window's request to bypass */
	p.bypass = 1;
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_FORCED);
	WHY(s, CONFIG_WS_UNREDIR, "_NET_WM_BYPASS_COMPOSITOR");
	w.class_g = "U";
	s = settings_of(&c, &w);
	CHECK(s.v.unredir == CONFIG_UNREDIR_PASSIVE);
	/* focus is the input focus, nothing more */
	w.focused = true;
	s = settings_of(&c, &w);
	CHECK(s.focused && s.v.dim == 0);
	config_free(&c);

	/* more matches than the list holds: counted, the first ones listed */
	char big[8192] = "rules = (";
	for (int i = 0; i < CONFIG_MATCHED_MAX + 3; i++)
		strcat(big, i ? ", { fade = true; }" : "{ fade = true; }");
	strcat(big, ");\n");
	CHECK(load_text(big, &c));
	s = settings_of(&c, &w);
	CHECK(s.nmatched == CONFIG_MATCHED_MAX + 3 &&
	        s.matched[CONFIG_MATCHED_MAX - 1] == CONFIG_MATCHED_MAX - 1);
	config_settings_text(&c, &s, text, sizeof text);
	CHECK(strstr(text, ",31,...\n") != NULL);
	/* the text's length, as snprintf: a short buffer still says how much is needed */
	size_t need = config_settings_text(&c, &s, text, 8);
	CHECK(need > 100 && strlen(text) == 7);
	config_free(&c);
}

/* The properties the compositor must cache, and which PropertyNotify re-evaluates. */
static void body_watch(void)
{
	struct config c;
	size_t n;
	const struct config_watch *w;

	config_defaults(&c); /* the built-in defaults read these */
	w = config_watched_properties(&c, &n);
	CHECK(n == 3 && config_watches(&c, "_NET_WM_WINDOW_OPACITY", false));
	CHECK(config_watches(&c, "_COMPTON_SHADOW", false));
	CHECK(config_watches(&c, "_NET_WM_BYPASS_COMPOSITOR", true));
	CHECK(!config_watches(&c, "_NET_WM_WINDOW_OPACITY", true));
	CHECK(load_text("shadow-exclude = [ \"_NET_WM_STATE@[*] = 'A' || _X[3] = 1\",\n"
	                "  \"_X[1] = 2 && _NET_FRAME_EXTENTS@[2] > 3 && name\" ];\n"
	                "opacity-rule = \"50:_X = 1 || _NET_WM_STATE@ = 'B' || _X@\";\n"
	                "detect-client-opacity = true;\n",
	        &c));
	w = config_watched_properties(&c, &n);
	CHECK(n == 8);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(w[i].name, "_NET_WM_STATE") == 0)
			CHECK(w[i].client && w[i].max_index == -1);
		else if (strcmp(w[i].name, "_X") == 0 && !w[i].client)
			CHECK(w[i].max_index == 3);
		else if (strcmp(w[i].name, "_X") == 0)
			CHECK(w[i].max_index == 0);
		else if (strcmp(w[i].name, "_NET_FRAME_EXTENTS") == 0)
			CHECK(w[i].client && w[i].max_index == 2);
		else
			CHECK(w[i].max_index == 0);
	}
	CHECK(config_watches(&c, "_NET_WM_WINDOW_OPACITY", true));
	CHECK(config_watches(&c, "_X", true) && config_watches(&c, "_X", false));
	CHECK(!config_watches(&c, "_NET_FRAME_EXTENTS", false));
	/* with rules: their conditions; _COMPTON_SHADOW is the legacy options' */
	CHECK(load_text("rules = ( { match = \"_GTK_FRAME_EXTENTS@\"; shadow = false; } );\n", &c));
	w = config_watched_properties(&c, &n);
	CHECK(n == 3 && config_watches(&c, "_GTK_FRAME_EXTENTS", true));
	CHECK(!config_watches(&c, "_COMPTON_SHADOW", false));
	config_free(&c);
}

/* tests/config/modern.conf, a picom 12-style configuration: warnings only for what
 * shmcomp does not do (backend, use-damage, animations, shaders) and for what the rules
 * supersede; the settings follow the rules. */
static void body_modern(void)
{
	static const char *const want[] = {
	        "modern.conf:16: \"backend\" is a picom option shmcomp does not support; ignored "
	        "(backend-specific: shmcomp renders with pixman)",
	        "modern.conf:18: \"use-damage\" is a picom option shmcomp does not support; "
	        "ignored "
	        "(shmcomp always uses damage)",
	        "modern.conf:25: \"inactive-opacity\" is superseded by \"rules\" (line 29); "
	        "ignored, "
	        "as picom does",
	        "modern.conf:26: \"shadow-exclude\" is superseded by \"rules\" (line 29); ignored, "
	        "as "
	        "picom does",
	        "modern.conf:27: \"wintypes\" is superseded by \"rules\" (line 29); ignored, as "
	        "picom "
	        "does",
	        "modern.conf:42: \"rules[7].shader\" is a picom option shmcomp does not support; "
	        "ignored (a GLSL shader; shmcomp renders with pixman)",
	};
	size_t nwant = sizeof want / sizeof want[0];
	struct config c;
	struct warnings w = {0};
	char path[1024], err[1024];
	struct props p = {-1, -1, -1, -1};
	struct cond_window win = {.class_g = "mpv",
	        .window_type = WINTYPE_NORMAL,
	        .width = 1920,
	        .prop = window_props,
	        .prop_data = &p};

	snprintf(path, sizeof path, "%s/tests/config/modern.conf", srcroot);
	config_defaults(&c);
	CHECK(config_load(path, &c, collect, &w, err, sizeof err));
	CHECK(w.n == (int)nwant);
	for (size_t i = 0; i < nwant && i < (size_t)w.n; i++)
		test_check_str(w.text[i], want[i], __FILE__, __LINE__);
	CHECK(c.rules.n == 8 && c.vsync && c.blur.method == CONFIG_BLUR_DUAL_KAWASE);
	CHECK(c.unredir_if_possible && c.unredir_if_possible_delay == 250);
	struct config_window_settings s = settings_of(&c, &win);
	CHECK(s.v.unredir == CONFIG_UNREDIR_FORCED && s.v.opacity == 0.9 && s.v.dim == 0.2);
	CHECK(s.v.shadow && s.v.corner_radius == 8 && s.dim_fixed && s.frame_opacity == 0.9);
	p.opacity = 0xffffffff; /* opacity-override = false: the property wins */
	s = settings_of(&c, &win);
	CHECK(s.opacity_from_prop && s.v.opacity == 1.0);
	win.focused = true;
	win.class_g = "Dunst";
	p.opacity = -1;
	s = settings_of(&c, &win);
	CHECK(!s.v.shadow && s.v.clip_shadow_above && s.v.shadow_color == 0x80ff0000u);
	CHECK(s.v.opacity == 1.0 && s.v.dim == 0 && s.nmatched == 1 && s.matched[0] == 5);
	/* animations: the global ones, and the rule's for its trigger */
	CHECK(c.animations && c.animations_line == 46);
	CHECK(s.animations[ANIM_TRIGGER_CLOSE] && s.animations[ANIM_TRIGGER_HIDE]);
	CHECK(!s.animations[ANIM_TRIGGER_OPEN]);
	CHECK(s.animations_why[ANIM_TRIGGER_CLOSE].option &&
	        strcmp(s.animations_why[ANIM_TRIGGER_CLOSE].option, "animations") == 0);
	win.class_g = "Fancy";
	s = settings_of(&c, &win);
	CHECK(s.animations[ANIM_TRIGGER_OPEN] && s.animations[ANIM_TRIGGER_CLOSE]);
	CHECK(s.animations_why[ANIM_TRIGGER_OPEN].index == 7 &&
	        s.animations_why[ANIM_TRIGGER_OPEN].line == 43);
	char text[4096];
	config_settings_text(&c, &s, text, sizeof text);
	CHECK(strstr(text, "\nanimations.open=line 43\nanimations.open.by=rules[7] "));
	CHECK(strstr(text, "\nanimations.close=line 47\nanimations.close.by=animations "));
	config_free(&c);
}

/* ---- includes ---- */

static void body_include(void)
{
	struct config c;
	struct warnings w;
	char path[1024], err[1024];

	snprintf(path, sizeof path, "%s/inc", tmpdir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/inc/part.conf", tmpdir);
	write_lit(path, "shadow = true;\nfrobnicate = 2;\n");
	config_defaults(&c);
	CHECK(load("inc/main.conf", "fading = true;\n@include \"part.conf\"\nsparkle = 1;\n", &c,
	        &w, err, sizeof err));
	CHECK(c.shadow && c.fading && w.n == 2);
	CHECK_STR(w.text[0], "part.conf:2: unknown option \"frobnicate\"; ignored");
	CHECK_STR(w.text[1], "main.conf:3: unknown option \"sparkle\"; ignored");
	write_lit(path, "shadow = true;\n\nshadow-radius = -1;\n");
	CHECK(!load("inc/main.conf", "@include \"part.conf\"\n", &c, &w, err, sizeof err));
	CHECK_STR(err, "inc/part.conf:3: shadow-radius must be between 0 and 512, not -1");
	write_lit(path, "shadow = true;\nfading = ;\n");
	CHECK(!load("inc/main.conf", "\n@include \"part.conf\"\n", &c, &w, err, sizeof err));
	CHECK_STR(err, "inc/part.conf:2: syntax error");
	config_free(&c);
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
static void roundtrip(const char *path)
{
	struct config a, b;
	struct warnings w = {0};
	char dumped[1024], err[1024];
	char *first, *second;

	config_defaults(&a);
	config_defaults(&b);
	CHECK(config_load(path, &a, collect, &w, err, sizeof err));
	first = dump(&a);
	snprintf(dumped, sizeof dumped, "%s/dumped.conf", tmpdir);
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

static void body_dump(void)
{
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
	snprintf(path, sizeof path, "%s/full.conf", tmpdir);
	write_file(path, full_conf, strlen(full_conf));
	roundtrip(path);
	snprintf(path, sizeof path, "%s/tests/config/picom.sample.conf", srcroot);
	roundtrip(path);
	snprintf(path, sizeof path, "%s/doc/shmcomp.conf", srcroot);
	roundtrip(path);
	snprintf(path, sizeof path, "%s/tests/config/modern.conf", srcroot); /* animations */
	roundtrip(path);
	snprintf(path, sizeof path, "%s/esc.conf", tmpdir);
	const char esc[] = "screenshot-dir = \"a\\\\b\\\"c\\td\\x01e\\x7f\\ff\\r\";\n"
	                   "shadow-exclude = \"name = '\\\\\\\"'\";\nshadow-opacity = 0.1;\n"
	                   "inactive-dim = 0.30000000000000004;\nshadow-color = \"#00abcdef\";\n";
	write_file(path, esc, strlen(esc));
	roundtrip(path);
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

static void body_check(void)
{
	char path[1024], *out, *errs;

	snprintf(path, sizeof path, "%s/check.conf", tmpdir);
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
}

/* ---- documentation ---- */

static char *slurp(const char *rel)
{
	char path[1024];
	FILE *f;
	char *buf = NULL;
	size_t len = 0;

	snprintf(path, sizeof path, "%s/%s", srcroot, rel);
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
static void body_docs(void)
{
	char *sample = slurp("doc/shmcomp.conf"), *man = slurp("doc/man/shmcomp.conf.5.scd");
	char path[1024], err[1024], want[128];
	struct config c;
	struct warnings w = {0};

	snprintf(path, sizeof path, "%s/doc/shmcomp.conf", srcroot);
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
		snprintf(want, sizeof want, "%s", config_picom_unsupported[i].name);
		if (!strstr(man, want)) {
			test_fail("  the man page does not list %s", want);
		}
	}
	free(sample);
	free(man);
}

/* ---- the cases, on the runner ---- */

/* Arguments after the case name: SOURCE_ROOT TMPDIR (made here). */
static void setup(const struct test_ctx *tc)
{
	srcroot = test_arg(tc, 0, "SOURCE_ROOT");
	tmpdir = test_arg(tc, 1, "TMPDIR");
	mkdir(tmpdir, 0755);
}

TEST(defaults)
{
	setup(tc);
	body_defaults();
	return TEST_PASS;
}

TEST(wintype_effective)
{
	setup(tc);
	body_wintype_effective();
	return TEST_PASS;
}

TEST(color)
{
	setup(tc);
	body_color();
	return TEST_PASS;
}

TEST(find)
{
	setup(tc);
	body_find();
	return TEST_PASS;
}

TEST(values)
{
	setup(tc);
	body_values();
	return TEST_PASS;
}

TEST(legacy)
{
	setup(tc);
	body_legacy();
	return TEST_PASS;
}

TEST(errors)
{
	setup(tc);
	body_errors();
	return TEST_PASS;
}

TEST(errors_file)
{
	setup(tc);
	body_errors_file();
	return TEST_PASS;
}

TEST(untouched)
{
	setup(tc);
	body_untouched();
	return TEST_PASS;
}

TEST(warnings)
{
	setup(tc);
	body_warnings();
	return TEST_PASS;
}

TEST(warnings_stderr)
{
	setup(tc);
	body_warnings_stderr();
	return TEST_PASS;
}

TEST(picom_unsupported)
{
	setup(tc);
	body_picom_unsupported();
	return TEST_PASS;
}

TEST(picom_sample)
{
	setup(tc);
	body_picom_sample();
	return TEST_PASS;
}

TEST(rules)
{
	setup(tc);
	body_rules();
	return TEST_PASS;
}

TEST(superseded)
{
	setup(tc);
	body_superseded();
	return TEST_PASS;
}

TEST(settings_legacy)
{
	setup(tc);
	body_settings_legacy();
	return TEST_PASS;
}

TEST(settings_oracle)
{
	setup(tc);
	body_settings_oracle();
	return TEST_PASS;
}

TEST(settings_rules)
{
	setup(tc);
	body_settings_rules();
	return TEST_PASS;
}

TEST(watch)
{
	setup(tc);
	body_watch();
	return TEST_PASS;
}

TEST(modern)
{
	setup(tc);
	body_modern();
	return TEST_PASS;
}

TEST(include)
{
	setup(tc);
	body_include();
	return TEST_PASS;
}

TEST(dump)
{
	setup(tc);
	body_dump();
	return TEST_PASS;
}

TEST(check)
{
	setup(tc);
	body_check();
	return TEST_PASS;
}

TEST(docs)
{
	setup(tc);
	body_docs();
	return TEST_PASS;
}
