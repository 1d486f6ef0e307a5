/* The options: one table row per supported key with its reader (type and range checks)
 * and its dumper, the simple readers (numbers, colors, paths, names), picom's legacy
 * aliases, and the picom options shmcomp ignores, each with the reason. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/cond-private.h"
#include "config/config-private.h"
#include "render/render.h"

#define FIELD(p, k, type) ((type *)((char *)(p) + (k)->offset))
#define CFIELD(p, k, type) ((const type *)((const char *)(p) + (k)->offset))
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const action_names[] = {
        [CONFIG_ACTION_SCREENSHOT] = "screenshot",
        [CONFIG_ACTION_RELOAD] = "reload",
        [CONFIG_ACTION_TOGGLE_EFFECTS] = "toggle-effects",
        [CONFIG_ACTION_QUIT] = "quit",
};

const char *config_action_name(enum config_action a)
{
	return (unsigned)a < LEN(action_names) ? action_names[a] : "?";
}

/* picom's names; "kawase" is its old name of dual_kawase. */
static const char *const blur_methods[] = {
        [CONFIG_BLUR_NONE] = "none",
        [CONFIG_BLUR_KERNEL] = "kernel",
        [CONFIG_BLUR_BOX] = "box",
        [CONFIG_BLUR_GAUSSIAN] = "gaussian",
        [CONFIG_BLUR_DUAL_KAWASE] = "dual_kawase",
};

const char *config_blur_method_name(enum config_blur_method m)
{
	return (unsigned)m < LEN(blur_methods) ? blur_methods[m] : "?";
}

static const char *const log_levels[] = {
        [CONFIG_LOG_ERROR] = "error",
        [CONFIG_LOG_WARN] = "warn",
        [CONFIG_LOG_INFO] = "info",
        [CONFIG_LOG_DEBUG] = "debug",
        [CONFIG_LOG_TRACE] = "trace",
};

/* ---- simple options ---- */

static bool read_bool(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_get_bool(l, s, k->name, FIELD(l->cfg, k, bool));
}

static bool read_int(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_get_int(l, s, k->name, k->min, k->max, FIELD(l->cfg, k, int));
}

static bool read_double(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_get_double(l, s, k->name, k->min, k->max, FIELD(l->cfg, k, double));
}

static bool read_color(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	l->shadow_color_set |= strcmp(k->name, "shadow-color") == 0;
	if (strcmp(k->name, "background-color") == 0)
		l->cfg->background_color_set = true;
	return config_get_color(l, s, k->name, FIELD(l->cfg, k, uint32_t));
}

static bool read_path(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	bool dir = strcmp(k->name, "screenshot-dir") == 0;

	if (!config_get_string(
	            l, s, k->name, dir ? "a string (a directory)" : "a string (a file)", &v))
		return false;
	if (strlen(v) >= CONFIG_PATH_MAX)
		return config_fail(
		        l, s, "%s is longer than %d bytes", k->name, CONFIG_PATH_MAX - 1);
	snprintf(FIELD(l->cfg, k, char), CONFIG_PATH_MAX, "%s", v);
	return true;
}

/* log-file, write-pid-path: picom warns about a relative path, which depends on where
 * the compositor was started. */
static bool read_abs_path(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	if (!read_path(l, s, k))
		return false;
	const char *v = FIELD(l->cfg, k, char);
	if (*v && *v != '/')
		config_warn(l, s, "%s \"%s\" is not an absolute path", k->name, v);
	return true;
}

/* One of `names` (case-insensitive with `icase`); false after config_fail. */
static bool read_name(struct loader *l, const config_setting_t *s, const char *name,
        const char *const *names, size_t n, bool icase, int *out)
{
	const char *v = NULL;
	char list[256] = "";

	if (!config_get_string(l, s, name, "a string", &v))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (icase ? strcasecmp(v, names[i]) == 0 : strcmp(v, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"",
		        i == 0       ? ""
		        : i + 1 == n ? " or "
		                     : ", ",
		        names[i]);
	}
	return config_fail(l, s, "%s must be %s, not \"%s\"", name, list, v);
}

static bool read_clock(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	if (!config_get_string(l, s, k->name, "\"real\" or \"virtual\"", &v))
		return false;
	if (strcmp(v, "real") != 0 && strcmp(v, "virtual") != 0)
		return config_fail(
		        l, s, "%s must be \"real\" or \"virtual\", not \"%s\"", k->name, v);
	l->cfg->clock = v[0] == 'r' ? CONFIG_CLOCK_REAL : CONFIG_CLOCK_VIRTUAL;
	return true;
}

static bool read_log_level(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	int i = 0;

	if (!read_name(l, s, k->name, log_levels, LEN(log_levels), true, &i))
		return false;
	l->cfg->log_level = (enum config_log_level)i;
	return true;
}

/* picom 8 and later take a boolean, and refuse the old method names. */
static bool read_vsync(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	if (config_setting_type(s) == CONFIG_TYPE_STRING)
		return config_fail(l, s,
		        "vsync must be true or false, not \"%s\" (picom's old "
		        "method names are gone: write true or false)",
		        config_setting_get_string(s));
	return read_bool(l, s, k);
}

static bool read_blur_method(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	int i = 0;

	if (config_setting_type(s) == CONFIG_TYPE_STRING &&
	        strcmp(config_setting_get_string(s), "kawase") == 0) {
		l->cfg->blur.method = CONFIG_BLUR_DUAL_KAWASE;
		return true;
	}
	if (!read_name(l, s, k->name, blur_methods, LEN(blur_methods), false, &i))
		return false;
	l->cfg->blur.method = (enum config_blur_method)i;
	return true;
}

/* What render/ will make of the kernel: a malformed one is an error here, at load time. */
static bool check_kernel(
        struct loader *l, const config_setting_t *s, const char *name, const char *text)
{
	struct render_kernel *kernels = NULL;
	size_t n = 0;
	char err[256];

	if (!render_kernels_parse(text, &kernels, &n, err, sizeof err))
		return config_fail(l, s, "%s: %s", name, err);
	render_kernels_free(kernels, n);
	return true;
}

/* Kept as written: render/ parses the kernel again when it is used. "" is no kernel. */
static bool read_blur_kern(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	struct config_blur *b = &l->cfg->blur;
	const char *v = NULL;

	if (!config_get_string(l, s, k->name, "a string (a kernel)", &v))
		return false;
	free(b->kern);
	b->kern = NULL;
	if (!*v)
		return true;
	if (!check_kernel(l, s, k->name, v))
		return false;
	b->kern_line = config_line(l, s);
	b->kern_file = config_file(l, s);
	if (!b->kern_file || !(b->kern = strdup(v)))
		return config_fail(l, s, "out of memory");
	return true;
}

/* picom's `blur` group: method, size, deviation, strength, kernel. */
static bool read_blur_group(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	static const struct {
		const char *member, *key;
	} members[] = {{"method", "blur-method"}, {"size", "blur-size"},
	        {"deviation", "blur-deviation"}, {"strength", "blur-strength"},
	        {"kernel", "blur-kern"}};

	if (!config_setting_is_group(s))
		return config_fail(l, s, "%s must be a group { method = ...; }, not %s", k->name,
		        config_type_name(s));
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_name(m);
		size_t j = 0;
		while (j < LEN(members) && strcmp(name, members[j].member) != 0)
			j++;
		if (j == LEN(members)) {
			config_warn(l, m, "unknown option \"blur.%s\"; ignored", name);
			continue;
		}
		const struct config_key *key = config_key_find(members[j].key);
		if (!key->read(l, m, key))
			return false;
	}
	return true;
}

static bool read_animations(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	struct config *c = l->cfg;

	c->animations_line = config_line(l, s);
	c->animations_file = config_file(l, s);
	if (!config_read_animations(l, s, k->name, &c->animations))
		return false;
	free(c->animations_text);
	if (!(c->animations_text = config_setting_text(s)))
		return config_fail(l, s, "out of memory");
	return true;
}

static void dump_animations(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = %s;\n", k->name, c->animations_text ? c->animations_text : "( )");
}

/* Digits at *p into *out; false when there are none or too many. */
static bool geometry_number(const char **p, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)**p))
		return false;
	errno = 0;
	v = strtoul(*p, &end, 10);
	if (errno || v > 32767)
		return false;
	*out = (uint32_t)v;
	*p = end;
	return true;
}

/* "{+-}N" at *p: its distance and whether it is from the far edge. */
static bool geometry_offset(const char **p, uint32_t *out, bool *far)
{
	if (**p != '+' && **p != '-')
		return false;
	*far = **p == '-';
	(*p)++;
	return geometry_number(p, out);
}

static bool parse_geometry(const char *s, struct config_geometry *g)
{
	*g = (struct config_geometry){.set = *s != '\0'};
	s += *s == '=';
	if (isdigit((unsigned char)*s))
		g->has_width = geometry_number(&s, &g->width);
	if (*s == 'x' || *s == 'X') {
		s++;
		if (!(g->has_height = geometry_number(&s, &g->height)))
			return false;
	}
	if (*s == '+' || *s == '-') {
		g->has_pos = true;
		if (!geometry_offset(&s, &g->x, &g->x_right) ||
		        !geometry_offset(&s, &g->y, &g->y_bottom))
			return false;
	}
	return *s == '\0';
}

static bool read_geometry(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	if (!config_get_string(l, s, k->name, "a string (an X geometry)", &v))
		return false;
	if (!parse_geometry(v, FIELD(l->cfg, k, struct config_geometry)))
		return config_fail(l, s,
		        "%s must be an X geometry [W][xH][{+-}X{+-}Y], as in "
		        "\"x10+0-0\", not \"%s\"",
		        k->name, v);
	return true;
}

/* picom documents `daemon` as command-line only: in a file it has no effect there
 * either. */
static bool read_no_effect(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	bool v;

	return config_get_bool(l, s, k->name, &v);
}

/* ---- condition lists ---- */

static const struct rule_prefix opacity_prefix = {0, 100, 100, "opacity", "80:class_g = 'URxvt'"};
static const struct rule_prefix radius_prefix = {0, 512, 1, "radius", "10:window_type = 'dialog'"};

static bool read_rules(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_read_rule_list(l, s, k->name, FIELD(l->cfg, k, struct config_rules), NULL);
}

static bool read_opacity_rules(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_read_rule_list(
	        l, s, k->name, FIELD(l->cfg, k, struct config_rules), &opacity_prefix);
}

static bool read_corner_rules(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_read_rule_list(
	        l, s, k->name, FIELD(l->cfg, k, struct config_rules), &radius_prefix);
}

/* ---- picom's legacy options ---- */

static bool read_shadow_channel(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	l->shadow_rgb_set = true;
	return config_get_double(l, s, k->name, 0, 1, FIELD(l, k, double));
}

static bool read_menu_opacity(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	l->menu_opacity_set = true;
	return config_get_double(l, s, k->name, 0, 1, &l->menu_opacity);
}

static bool read_legacy_bool(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return config_get_bool(l, s, k->name, FIELD(l, k, bool));
}

/* picom's old name of crop-shadow-to-monitor; picom warns too. */
static bool read_xinerama_crop(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	if (!config_get_bool(l, s, k->name, &l->cfg->crop_shadow_to_monitor))
		return false;
	config_warn(l, s, "xinerama-shadow-crop is deprecated: it is crop-shadow-to-monitor");
	return true;
}

/* shadow-ignore-shaped = true is shadow-exclude "bounding_shaped && !rounded_corners". */
static bool read_shadow_ignore_shaped(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	struct config_rules *r = &l->cfg->shadow_exclude;
	struct config_rule rule = {.line = config_line(l, s), .file = config_file(l, s)};
	struct config_rule *items;
	bool on = false;
	char msg[64];

	if (!config_get_bool(l, s, k->name, &on))
		return false;
	if (!on)
		return true;
	if (!rule.file || !(items = realloc(r->items, (r->n + 1) * sizeof *items)))
		return config_fail(l, s, "out of memory");
	r->items = items;
	rule.cond = cond_parse("bounding_shaped && !rounded_corners", NULL, msg, sizeof msg);
	if (!rule.cond)
		return config_fail(l, s, "%s: %s", k->name, msg);
	r->items[r->n++] = rule;
	return true;
}

/* ---- dumping ---- */

static void dump_bool(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = %s;\n", k->name, *CFIELD(c, k, bool) ? "true" : "false");
}

static void dump_int(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = %d;\n", k->name, *CFIELD(c, k, int));
}

static void dump_double(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = ", k->name);
	config_print_double(f, *CFIELD(c, k, double));
	fputs(";\n", f);
}

static void dump_color(const struct config *c, const struct config_key *k, FILE *f)
{
	uint32_t v = *CFIELD(c, k, uint32_t);

	if (strcmp(k->name, "background-color") == 0 && !c->background_color_set) {
		fprintf(f, "# %s: not set (the root window's own background)\n", k->name);
		return;
	}
	if (v >> 24 == 0xff)
		fprintf(f, "%s = \"#%06x\";\n", k->name, v & 0xffffffu);
	else
		fprintf(f, "%s = \"#%08x\";\n", k->name, v);
}

static void dump_path(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = ", k->name);
	config_print_string(f, CFIELD(c, k, char));
	fputs(";\n", f);
}

static void dump_clock(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = \"%s\";\n", k->name, c->clock == CONFIG_CLOCK_REAL ? "real" : "virtual");
}

static void dump_log_level(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = \"%s\";\n", k->name, log_levels[c->log_level]);
}

static void dump_blur_method(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = \"%s\";\n", k->name, config_blur_method_name(c->blur.method));
}

static void dump_blur_kern(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = ", k->name);
	config_print_string(f, c->blur.kern ? c->blur.kern : "");
	fputs(";\n", f);
}

static void dump_geometry(const struct config *c, const struct config_key *k, FILE *f)
{
	const struct config_geometry *g = CFIELD(c, k, struct config_geometry);

	fprintf(f, "%s = \"", k->name);
	if (g->has_width)
		fprintf(f, "%u", g->width);
	if (g->has_height)
		fprintf(f, "x%u", g->height);
	if (g->has_pos)
		fprintf(f, "%c%u%c%u", g->x_right ? '-' : '+', g->x, g->y_bottom ? '-' : '+', g->y);
	fputs("\";\n", f);
}

static void dump_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	config_dump_rule_list(CFIELD(c, k, struct config_rules), k->name, 0, f);
}

static void dump_opacity_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	config_dump_rule_list(CFIELD(c, k, struct config_rules), k->name, 100, f);
}

static void dump_corner_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	config_dump_rule_list(CFIELD(c, k, struct config_rules), k->name, 1, f);
}

/* ---- the table ---- */

#define CFG(field) offsetof(struct config, field)
#define LDR(field) offsetof(struct loader, field)
#define SUPERSEDED CONFIG_KEY_SUPERSEDED

const struct config_key config_keys[] = {
        {"shadow", read_bool, dump_bool, CFG(shadow), 0, 0, 0},
        {"shadow-radius", read_int, dump_int, CFG(shadow_radius), 0, 512, 0},
        {"shadow-opacity", read_double, dump_double, CFG(shadow_opacity), 0, 1, 0},
        {"shadow-offset-x", read_int, dump_int, CFG(shadow_offset_x), -16384, 16384, 0},
        {"shadow-offset-y", read_int, dump_int, CFG(shadow_offset_y), -16384, 16384, 0},
        {"shadow-color", read_color, dump_color, CFG(shadow_color), 0, 0, 0},
        {"shadow-exclude", read_rules, dump_rules, CFG(shadow_exclude), 0, 0, SUPERSEDED},
        {"clip-shadow-above", read_rules, dump_rules, CFG(clip_shadow_above), 0, 0, SUPERSEDED},
        {"shadow-exclude-reg", read_geometry, dump_geometry, CFG(shadow_exclude_reg), 0, 0, 0},
        {"crop-shadow-to-monitor", read_bool, dump_bool, CFG(crop_shadow_to_monitor), 0, 0, 0},
        {"fading", read_bool, dump_bool, CFG(fading), 0, 0, 0},
        {"fade-in-step", read_double, dump_double, CFG(fade_in_step), 0.01, 1, 0},
        {"fade-out-step", read_double, dump_double, CFG(fade_out_step), 0.01, 1, 0},
        {"fade-delta", read_int, dump_int, CFG(fade_delta), 1, 10000, 0},
        {"no-fading-openclose", read_bool, dump_bool, CFG(no_fading_openclose), 0, 0, 0},
        {"no-fading-destroyed-argb", read_bool, dump_bool, CFG(no_fading_destroyed_argb), 0, 0, 0},
        {"fade-exclude", read_rules, dump_rules, CFG(fade_exclude), 0, 0, SUPERSEDED},
        {"active-opacity", read_double, dump_double, CFG(active_opacity), 0, 1, SUPERSEDED},
        {"inactive-opacity", read_double, dump_double, CFG(inactive_opacity), 0, 1, SUPERSEDED},
        {"inactive-dim", read_double, dump_double, CFG(inactive_dim), 0, 1, SUPERSEDED},
        {"inactive-dim-fixed", read_bool, dump_bool, CFG(inactive_dim_fixed), 0, 0, 0},
        {"inactive-opacity-override", read_bool, dump_bool, CFG(inactive_opacity_override), 0, 0,
                SUPERSEDED},
        {"frame-opacity", read_double, dump_double, CFG(frame_opacity), 0, 1, 0},
        {"opacity-rule", read_opacity_rules, dump_opacity_rules, CFG(opacity_rules), 0, 0,
                SUPERSEDED},
        {"mark-wmwin-focused", read_bool, dump_bool, CFG(mark_wmwin_focused), 0, 0, SUPERSEDED},
        {"mark-ovredir-focused", read_bool, dump_bool, CFG(mark_ovredir_focused), 0, 0, SUPERSEDED},
        {"focus-exclude", read_rules, dump_rules, CFG(focus_exclude), 0, 0, SUPERSEDED},
        {"invert-color-include", read_rules, dump_rules, CFG(invert_color_include), 0, 0,
                SUPERSEDED},
        {"corner-radius", read_int, dump_int, CFG(corner_radius), 0, 512, 0},
        {"rounded-corners-exclude", read_rules, dump_rules, CFG(rounded_corners_exclude), 0, 0,
                SUPERSEDED},
        {"corner-radius-rules", read_corner_rules, dump_corner_rules, CFG(corner_radius_rules), 0,
                0, SUPERSEDED},
        {"detect-rounded-corners", read_bool, dump_bool, CFG(detect_rounded_corners), 0, 0, 0},
        {"transparent-clipping", read_bool, dump_bool, CFG(transparent_clipping), 0, 0, 0},
        {"transparent-clipping-exclude", read_rules, dump_rules, CFG(transparent_clipping_exclude),
                0, 0, SUPERSEDED},
        {"blur-method", read_blur_method, dump_blur_method, CFG(blur.method), 0, 0, 0},
        {"blur-size", read_int, dump_int, CFG(blur.size), 1, 1024, 0},
        {"blur-deviation", read_double, dump_double, CFG(blur.deviation), 0, 1024, 0},
        {"blur-strength", read_int, dump_int, CFG(blur.strength), 0, 20, 0},
        {"blur-background", read_bool, dump_bool, CFG(blur.background), 0, 0, 0},
        {"blur-background-frame", read_bool, dump_bool, CFG(blur.background_frame), 0, 0, 0},
        {"blur-background-fixed", read_bool, dump_bool, CFG(blur.background_fixed), 0, 0, 0},
        {"blur-kern", read_blur_kern, dump_blur_kern, CFG(blur.kern), 0, 0, 0},
        {"blur-background-exclude", read_rules, dump_rules, CFG(blur_background_exclude), 0, 0,
                SUPERSEDED},
        {"detect-client-opacity", read_bool, dump_bool, CFG(detect_client_opacity), 0, 0, 0},
        {"detect-transient", read_bool, dump_bool, CFG(detect_transient), 0, 0, 0},
        {"detect-client-leader", read_bool, dump_bool, CFG(detect_client_leader), 0, 0, 0},
        {"use-ewmh-active-win", read_bool, dump_bool, CFG(use_ewmh_active_win), 0, 0, 0},
        {"no-ewmh-fullscreen", read_bool, dump_bool, CFG(no_ewmh_fullscreen), 0, 0, 0},
        {"unredir-if-possible", read_bool, dump_bool, CFG(unredir_if_possible), 0, 0, 0},
        {"unredir-if-possible-delay", read_int, dump_int, CFG(unredir_if_possible_delay), 0,
                3600000, 0},
        {"unredir-if-possible-exclude", read_rules, dump_rules, CFG(unredir_exclude), 0, 0,
                SUPERSEDED},
        {"vsync", read_vsync, dump_bool, CFG(vsync), 0, 0, 0},
        {"max-brightness", read_double, dump_double, CFG(max_brightness), 0, 1, 0},
        {"log-level", read_log_level, dump_log_level, CFG(log_level), 0, 0, 0},
        {"log-file", read_abs_path, dump_path, CFG(log_file), 0, 0, 0},
        {"write-pid-path", read_abs_path, dump_path, CFG(write_pid_path), 0, 0, 0},
        {"show-all-xerrors", read_bool, dump_bool, CFG(show_all_xerrors), 0, 0, 0},
        {"wintypes", config_read_wintypes, config_dump_wintypes, CFG(wintypes), 0, 0, SUPERSEDED},
        {"rules", config_read_window_rules, config_dump_window_rules, CFG(rules), 0, 0, 0},
        {"background-color", read_color, dump_color, CFG(background_color), 0, 0, 0},
        {"screenshot-dir", read_path, dump_path, CFG(screenshot_dir), 0, 0, 0},
        {"bindings", config_read_bindings, config_dump_bindings, CFG(bindings), 0, 0, 0},
        {"clock", read_clock, dump_clock, CFG(clock), 0, 0, 0},
        {"no-animations", read_bool, dump_bool, CFG(no_animations), 0, 0, 0},
        {"animations", read_animations, dump_animations, CFG(animations), 0, 0, 0},
        /* picom's `blur` group and legacy spellings, still read by picom; `daemon` has no
         * effect in a file, in picom too */
        {"blur", read_blur_group, NULL, 0, 0, 0, 0},
        {"shadow-red", read_shadow_channel, NULL, LDR(shadow_rgb[0]), 0, 1, 0},
        {"shadow-green", read_shadow_channel, NULL, LDR(shadow_rgb[1]), 0, 1, 0},
        {"shadow-blue", read_shadow_channel, NULL, LDR(shadow_rgb[2]), 0, 1, 0},
        {"menu-opacity", read_menu_opacity, NULL, LDR(menu_opacity), 0, 1, SUPERSEDED},
        {"no-dock-shadow", read_legacy_bool, NULL, LDR(no_dock_shadow), 0, 0, SUPERSEDED},
        {"no-dnd-shadow", read_legacy_bool, NULL, LDR(no_dnd_shadow), 0, 0, SUPERSEDED},
        {"shadow-ignore-shaped", read_shadow_ignore_shaped, NULL, 0, 0, 0, SUPERSEDED},
        {"xinerama-shadow-crop", read_xinerama_crop, NULL, 0, 0, 0, 0},
        {"daemon", read_no_effect, NULL, 0, 0, 0, 0},
};
const size_t config_nkeys = LEN(config_keys);

/* picom options shmcomp ignores, with the reason given in the warning. */
const struct config_unsupported config_picom_unsupported[] = {
        /* backends and presentation */
        {"backend", "backend-specific: shmcomp renders with pixman"},
        {"legacy-backends", "backend-specific: shmcomp renders with pixman"},
        {"experimental-backends", "backend-specific: shmcomp renders with pixman"},
        {"glx-no-stencil", "GL-specific"},
        {"glx-no-rebind-pixmap", "GL-specific"},
        {"glx-swap-method", "GL-specific"},
        {"glx-use-gpushader4", "GL-specific"},
        {"glx-copy-from-front", "GL-specific"},
        {"glx-use-copysubbuffermesa", "GL-specific"},
        {"glx-fshader-win", "a GLSL shader: GL-specific"},
        {"window-shader-fg", "a GLSL shader: GL-specific"},
        {"window-shader-fg-rule", "GLSL shaders: GL-specific"},
        {"root-pixmap-shader", "a GLSL shader: GL-specific"},
        {"vsync-use-glfinish", "GL-specific"},
        {"dithered-present", "GL-specific"},
        {"force-win-blend", "backend-specific: blending is the renderer's business"},
        {"xrender-sync", "backend-specific (X Render)"},
        {"xrender-sync-fence", "backend-specific (X Sync fences around X Render)"},
        {"use-damage", "shmcomp always uses damage"},
        {"no-use-damage", "shmcomp always uses damage"},
        {"no-frame-pacing", "backend-specific: shmcomp paces frames with Present"},
        {"refresh-rate", "deprecated by picom"},
        {"sw-opti", "deprecated by picom"},
        {"vsync-aggressive", "removed from picom"},
        {"dbe", "removed from picom"},
        {"paint-on-overlay", "removed from picom"},
        {"resize-damage", "deprecated by picom (a workaround for its GL blur)"},
        {"alpha-step", "removed from picom"},
        {"clear-shadow", "removed from picom"},
        {"round-borders", "not in picom"},
        {"round-borders-exclude", "not in picom"},
        {"round-borders-rule", "not in picom"},
        {"track-focus", "removed from picom: focus is always tracked"},
        /* D-Bus, plugins, debugging */
        {"dbus", "D-Bus: shmcomp is controlled with shmcomp-ctl"},
        {"plugins", "picom plugins are picom's"},
        {"benchmark", "a picom debugging option"},
        {"benchmark-wid", "a picom debugging option"},
};
const size_t config_npicom_unsupported = LEN(config_picom_unsupported);

const struct config_key *config_key_find(const char *name)
{
	for (size_t i = 0; i < config_nkeys; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

bool config_is_picom_unsupported(const char *name)
{
	return config_unsupported_reason(name) != NULL;
}

const char *config_unsupported_reason(const char *name)
{
	for (size_t i = 0; i < config_npicom_unsupported; i++)
		if (strcmp(config_picom_unsupported[i].name, name) == 0)
			return config_picom_unsupported[i].reason;
	return NULL;
}

bool config_is_superseded(const char *name)
{
	const struct config_key *k = config_key_find(name);

	return k ? (k->flags & SUPERSEDED) != 0 : strcmp(name, "window-shader-fg-rule") == 0;
}
