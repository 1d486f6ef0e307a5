/* The options: one table row per supported key with its reader (type and range checks)
 * and its dumper, readers for the structured ones (condition lists, wintypes, bindings),
 * picom's legacy aliases, and the names of picom options shmcomp ignores. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"
#include "config/config-private.h"

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

/* ---- typed values ---- */

static const char *type_name(const config_setting_t *s)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a floating-point number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "a boolean";
	case CONFIG_TYPE_ARRAY:
		return "an array";
	case CONFIG_TYPE_LIST:
		return "a list";
	case CONFIG_TYPE_GROUP:
		return "a group";
	default:
		return "nothing";
	}
}

static bool get_bool(struct loader *l, const config_setting_t *s, const char *name, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return config_fail(l, s, "%s must be true or false, not %s", name, type_name(s));
	*out = config_setting_get_bool(s);
	return true;
}

/* Integers and floats alike, as picom's libconfig auto-conversion takes either. */
static bool get_number(struct loader *l, const config_setting_t *s, const char *name,
	const char *what, double *out)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
		*out = config_setting_get_int(s);
		return true;
	case CONFIG_TYPE_INT64:
		*out = (double)config_setting_get_int64(s);
		return true;
	case CONFIG_TYPE_FLOAT:
		*out = config_setting_get_float(s);
		return true;
	default:
		return config_fail(l, s, "%s must be %s, not %s", name, what, type_name(s));
	}
}

static bool in_range(struct loader *l, const config_setting_t *s, const char *name, double v,
	double min, double max)
{
	if (v >= min && v <= max)
		return true;
	return config_fail(l, s, "%s must be between %g and %g, not %g", name, min, max, v);
}

static bool get_double(struct loader *l, const config_setting_t *s, const char *name,
	double min, double max, double *out)
{
	double v = 0;

	if (!get_number(l, s, name, "a number", &v) || !in_range(l, s, name, v, min, max))
		return false;
	*out = v;
	return true;
}

/* 7 and 7.0 both read as 7; 7.5 is an error. */
static bool get_int(struct loader *l, const config_setting_t *s, const char *name, double min,
	double max, int *out)
{
	double v = 0;

	if (!get_number(l, s, name, "an integer", &v))
		return false;
	if (v != floor(v))
		return config_fail(l, s, "%s must be an integer, not %g", name, v);
	if (!in_range(l, s, name, v, min, max))
		return false;
	*out = (int)v;
	return true;
}

static bool get_string(struct loader *l, const config_setting_t *s, const char *name,
	const char *what, const char **out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return config_fail(l, s, "%s must be %s, not %s", name, what, type_name(s));
	*out = config_setting_get_string(s);
	return true;
}

/* ---- simple options ---- */

static bool read_bool(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return get_bool(l, s, k->name, FIELD(l->cfg, k, bool));
}

static bool read_int(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return get_int(l, s, k->name, k->min, k->max, FIELD(l->cfg, k, int));
}

static bool read_double(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return get_double(l, s, k->name, k->min, k->max, FIELD(l->cfg, k, double));
}

static bool read_color(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	if (!get_string(l, s, k->name, "a color \"#rrggbb\"", &v))
		return false;
	if (!config_parse_color(v, FIELD(l->cfg, k, uint32_t)))
		return config_fail(l, s,
			"%s must be a color \"#rrggbb\" or \"#aarrggbb\", not \"%s\"", k->name, v);
	l->shadow_color_set |= strcmp(k->name, "shadow-color") == 0;
	return true;
}

static bool read_path(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	if (!get_string(l, s, k->name, "a string (a directory)", &v))
		return false;
	if (strlen(v) >= CONFIG_PATH_MAX)
		return config_fail(l, s, "%s is longer than %d bytes", k->name,
			CONFIG_PATH_MAX - 1);
	snprintf(FIELD(l->cfg, k, char), CONFIG_PATH_MAX, "%s", v);
	return true;
}

static bool read_clock(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	const char *v = NULL;

	if (!get_string(l, s, k->name, "\"real\" or \"virtual\"", &v))
		return false;
	if (strcmp(v, "real") != 0 && strcmp(v, "virtual") != 0)
		return config_fail(l, s, "%s must be \"real\" or \"virtual\", not \"%s\"", k->name,
			v);
	l->cfg->clock = v[0] == 'r' ? CONFIG_CLOCK_REAL : CONFIG_CLOCK_VIRTUAL;
	return true;
}

/* ---- condition lists ---- */

static bool parse_percent(struct loader *l, const config_setting_t *e, const char *name,
	const char *text, double *value, int *col0)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (end == text || errno)
		return config_fail(l, e, "%s: \"%s\": column 1: expected PERCENT:CONDITION, as in "
					 "\"80:class_g = 'URxvt'\"", name, text);
	if (v < 0 || v > 100)
		return config_fail(l, e, "%s: \"%s\": column 1: opacity %ld is not between 0 "
					 "and 100", name, text, v);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != ':')
		return config_fail(l, e, "%s: \"%s\": column %d: expected ':' after the opacity",
			name, text, (int)(end - text) + 1);
	*value = (double)v / 100.0;
	*col0 = (int)(end - text) + 1;
	return true;
}

/* Appends the condition of string setting `e` to `r` (room is reserved by the caller). */
static bool add_rule(struct loader *l, struct config_rules *r, const config_setting_t *e,
	const char *name, bool opacity)
{
	const char *text = config_setting_get_string(e);
	struct config_rule rule = {.line = config_line(l, e)};
	char msg[512];
	int col0 = 0;
	bool unsupported;

	if (opacity && !parse_percent(l, e, name, text, &rule.value, &col0))
		return false;
	rule.cond = cond_parse_col(text + col0, col0, &unsupported, msg, sizeof msg);
	if (!rule.cond)
		return config_fail(l, e, "%s: \"%s\": %s", name, text, msg);
	if (unsupported)
		config_warn(l, e, "%s: \"%s\": %s; this condition never matches", name, text, msg);
	r->items[r->n++] = rule;
	return true;
}

static bool reserve_rules(struct loader *l, const config_setting_t *s, struct config_rules *r,
	size_t more)
{
	struct config_rule *items = realloc(r->items, (r->n + more + 1) * sizeof *items);

	if (!items)
		return config_fail(l, s, "out of memory");
	r->items = items;
	return true;
}

/* A string or a list/array of strings, as picom takes them. */
static bool read_rule_list(struct loader *l, const config_setting_t *s, const char *name,
	struct config_rules *r, bool opacity)
{
	int type = config_setting_type(s), n = config_setting_length(s);

	if (type == CONFIG_TYPE_STRING)
		return reserve_rules(l, s, r, 1) && add_rule(l, r, s, name, opacity);
	if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
		return config_fail(l, s, "%s must be a list of strings [ \"...\", ... ], not %s",
			name, type_name(s));
	if (!reserve_rules(l, s, r, (size_t)n))
		return false;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return config_fail(l, e, "%s[%d] must be a string (a condition), not %s",
				name, i, type_name(e));
		if (!add_rule(l, r, e, name, opacity))
			return false;
	}
	return true;
}

static bool read_rules(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	return read_rule_list(l, s, k->name, FIELD(l->cfg, k, struct config_rules), false);
}

static bool read_opacity_rules(struct loader *l, const config_setting_t *s,
	const struct config_key *k)
{
	return read_rule_list(l, s, k->name, FIELD(l->cfg, k, struct config_rules), true);
}

/* ---- wintypes ---- */

static const char *const wintype_unsupported[] = {"full-shadow", "redir-ignore",
	"clip-shadow-above", "blur-background"};

static int find_wintype(const char *name)
{
	for (int t = 0; t < WINTYPE_COUNT; t++)
		if (strcmp(name, wintype_name((enum wintype)t)) == 0)
			return t;
	return strcmp(name, "notify") == 0 ? WINTYPE_NOTIFICATION : -1; /* picom's old name */
}

static bool is_one_of(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

static bool mark(bool *flag)
{
	*flag = true;
	return true;
}

/* Reads `m` when it is shadow, fade, focus or opacity (then `*handled`); false on error. */
static bool read_wintype_field(struct loader *l, const config_setting_t *m, const char *path,
	struct config_wintype *w, bool *handled)
{
	const char *key = config_setting_name(m);

	*handled = true;
	if (strcmp(key, "shadow") == 0)
		return get_bool(l, m, path, &w->shadow) && mark(&w->shadow_set);
	if (strcmp(key, "fade") == 0)
		return get_bool(l, m, path, &w->fade) && mark(&w->fade_set);
	if (strcmp(key, "focus") == 0)
		return get_bool(l, m, path, &w->focus) && mark(&w->focus_set);
	if (strcmp(key, "opacity") == 0)
		return get_double(l, m, path, 0, 1, &w->opacity) && mark(&w->opacity_set);
	*handled = false;
	return true;
}

static bool read_wintype(struct loader *l, const config_setting_t *g, struct config_wintype *w)
{
	const char *type = config_setting_name(g);

	if (!config_setting_is_group(g))
		return config_fail(l, g, "wintypes.%s must be a group { shadow = ...; }, not %s",
			type, type_name(g));
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *key = config_setting_name(m);
		char path[128];
		snprintf(path, sizeof path, "wintypes.%s.%s", type, key);
		bool handled;
		if (!read_wintype_field(l, m, path, w, &handled))
			return false;
		if (handled)
			continue;
		if (is_one_of(key, wintype_unsupported, LEN(wintype_unsupported)))
			config_warn(l, m,
				"\"%s\" is a picom option shmcomp does not support; ignored", path);
		else
			config_warn(l, m, "unknown option \"%s\"; ignored", path);
	}
	return true;
}

static bool read_wintypes(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	if (!config_setting_is_group(s))
		return config_fail(l, s, "%s must be a group { TYPE = { ... }; ... }, not %s",
			k->name, type_name(s));
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *g = config_setting_get_elem(s, (unsigned)i);
		int t = find_wintype(config_setting_name(g));
		if (t < 0)
			config_warn(l, g, "wintypes: unknown window type \"%s\"; ignored",
				config_setting_name(g));
		else if (!read_wintype(l, g, &l->cfg->wintypes[t]))
			return false;
	}
	return true;
}

/* ---- bindings ---- */

static bool find_action(const char *name, enum config_action *out)
{
	for (size_t a = 0; a < LEN(action_names); a++) {
		if (strcmp(name, action_names[a]) == 0) {
			*out = (enum config_action)a;
			return true;
		}
	}
	return false;
}

/* One `{ key = "..."; action = "..."; }` into `b`, but for the key itself: `*key` (in
 * libconfig's memory). */
static bool read_binding_fields(struct loader *l, const config_setting_t *g, int i,
	struct config_binding *b, const char **key)
{
	bool have_action = false;

	for (int j = 0; j < config_setting_length(g); j++) {
		const config_setting_t *m = config_setting_get_elem(g, (unsigned)j);
		const char *name = config_setting_name(m), *v = NULL;
		char path[64];
		snprintf(path, sizeof path, "bindings[%d].%.20s", i, name);
		if (strcmp(name, "key") && strcmp(name, "action")) {
			config_warn(l, m, "unknown option \"%s\"; ignored", path);
			continue;
		}
		if (!get_string(l, m, path, "a string", &v))
			return false;
		bool is_key = strcmp(name, "key") == 0;
		if (is_key && !*v)
			return config_fail(l, m, "%s is empty", path);
		if (is_key) {
			*key = v;
			b->line = config_line(l, m);
		} else if (!(have_action = find_action(v, &b->action))) {
			return config_fail(l, m, "%s: unknown action \"%s\" (screenshot, reload, "
						 "toggle-effects or quit)", path, v);
		}
	}
	if (!*key)
		return config_fail(l, g, "bindings[%d] needs a key, as in key = \"Super+Shift+s\";",
			i);
	if (!have_action)
		return config_fail(l, g, "bindings[%d] needs an action (screenshot, reload, "
					 "toggle-effects or quit)", i);
	return true;
}

static bool read_binding(struct loader *l, const config_setting_t *g, int i)
{
	struct config_binding b = {0};
	const char *key = NULL;

	if (!config_setting_is_group(g))
		return config_fail(l, g, "bindings[%d] must be a group { key = \"...\"; action = "
					 "\"...\"; }, not %s", i, type_name(g));
	if (!read_binding_fields(l, g, i, &b, &key))
		return false;
	if (!(b.key = strdup(key)))
		return config_fail(l, g, "out of memory");
	l->cfg->bindings[l->cfg->nbindings++] = b;
	return true;
}

static bool read_bindings(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	int n = config_setting_length(s);

	if (!config_setting_is_list(s) && !(config_setting_is_array(s) && n == 0))
		return config_fail(l, s,
			"%s must be a list ( { key = \"...\"; action = \"...\"; }, ... ), not %s",
			k->name, type_name(s));
	if (n && !(l->cfg->bindings = calloc((size_t)n, sizeof *l->cfg->bindings)))
		return config_fail(l, s, "out of memory");
	for (int i = 0; i < n; i++)
		if (!read_binding(l, config_setting_get_elem(s, (unsigned)i), i))
			return false;
	return true;
}

/* ---- picom's legacy options ---- */

static bool read_shadow_channel(struct loader *l, const config_setting_t *s,
	const struct config_key *k)
{
	l->shadow_rgb_set = true;
	return get_double(l, s, k->name, 0, 1, FIELD(l, k, double));
}

static bool read_menu_opacity(struct loader *l, const config_setting_t *s,
	const struct config_key *k)
{
	l->menu_opacity_set = true;
	return get_double(l, s, k->name, 0, 1, &l->menu_opacity);
}

static bool read_legacy_bool(struct loader *l, const config_setting_t *s,
	const struct config_key *k)
{
	return get_bool(l, s, k->name, FIELD(l, k, bool));
}

/* shadow-ignore-shaped = true is shadow-exclude "bounding_shaped". */
static bool read_shadow_ignore_shaped(struct loader *l, const config_setting_t *s,
	const struct config_key *k)
{
	struct config_rules *r = &l->cfg->shadow_exclude;
	struct config_rule rule = {.line = config_line(l, s)};
	bool on = false;
	char msg[64];

	if (!get_bool(l, s, k->name, &on))
		return false;
	if (!on)
		return true;
	if (!reserve_rules(l, s, r, 1))
		return false;
	if (!(rule.cond = cond_parse("bounding_shaped", NULL, msg, sizeof msg)))
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

static void dump_rule_list(const struct config_rules *r, const char *name, bool opacity, FILE *f)
{
	fprintf(f, "%s = [", name);
	for (size_t i = 0; i < r->n; i++) {
		char pct[16] = "";
		if (opacity)
			snprintf(pct, sizeof pct, "%ld:", lround(r->items[i].value * 100.0));
		fprintf(f, "%s\n\t\"%s", i ? "," : "", pct);
		config_print_escaped(f, cond_text(r->items[i].cond));
		fputs("\"", f);
	}
	fputs(r->n ? "\n];\n" : " ];\n", f);
}

static void dump_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	dump_rule_list(CFIELD(c, k, struct config_rules), k->name, false, f);
}

static void dump_opacity_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	dump_rule_list(CFIELD(c, k, struct config_rules), k->name, true, f);
}

static void dump_wintype(const struct config_wintype *w, enum wintype t, FILE *f)
{
	fprintf(f, "\t%s = {", wintype_name(t));
	if (w->shadow_set)
		fprintf(f, " shadow = %s;", w->shadow ? "true" : "false");
	if (w->fade_set)
		fprintf(f, " fade = %s;", w->fade ? "true" : "false");
	if (w->focus_set)
		fprintf(f, " focus = %s;", w->focus ? "true" : "false");
	if (w->opacity_set) {
		fputs(" opacity = ", f);
		config_print_double(f, w->opacity);
		fputs(";", f);
	}
	fputs(" };\n", f);
}

static void dump_wintypes(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = {\n", k->name);
	for (int t = 0; t < WINTYPE_COUNT; t++) {
		const struct config_wintype *w = &c->wintypes[t];
		if (w->shadow_set || w->fade_set || w->focus_set || w->opacity_set)
			dump_wintype(w, (enum wintype)t, f);
	}
	fputs("};\n", f);
}

static void dump_bindings(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = (", k->name);
	for (size_t i = 0; i < c->nbindings; i++) {
		fprintf(f, "%s\n\t{ key = \"", i ? "," : "");
		config_print_escaped(f, c->bindings[i].key);
		fprintf(f, "\"; action = \"%s\"; }", config_action_name(c->bindings[i].action));
	}
	fputs(c->nbindings ? "\n);\n" : " );\n", f);
}

/* ---- the table ---- */

#define CFG(field) offsetof(struct config, field)
#define LDR(field) offsetof(struct loader, field)

const struct config_key config_keys[] = {
	{"shadow", read_bool, dump_bool, CFG(shadow), 0, 0},
	{"shadow-radius", read_int, dump_int, CFG(shadow_radius), 0, 512},
	{"shadow-opacity", read_double, dump_double, CFG(shadow_opacity), 0, 1},
	{"shadow-offset-x", read_int, dump_int, CFG(shadow_offset_x), -16384, 16384},
	{"shadow-offset-y", read_int, dump_int, CFG(shadow_offset_y), -16384, 16384},
	{"shadow-color", read_color, dump_color, CFG(shadow_color), 0, 0},
	{"shadow-exclude", read_rules, dump_rules, CFG(shadow_exclude), 0, 0},
	{"fading", read_bool, dump_bool, CFG(fading), 0, 0},
	{"fade-in-step", read_double, dump_double, CFG(fade_in_step), 0.01, 1},
	{"fade-out-step", read_double, dump_double, CFG(fade_out_step), 0.01, 1},
	{"fade-delta", read_int, dump_int, CFG(fade_delta), 1, 10000},
	{"no-fading-openclose", read_bool, dump_bool, CFG(no_fading_openclose), 0, 0},
	{"fade-exclude", read_rules, dump_rules, CFG(fade_exclude), 0, 0},
	{"active-opacity", read_double, dump_double, CFG(active_opacity), 0, 1},
	{"inactive-opacity", read_double, dump_double, CFG(inactive_opacity), 0, 1},
	{"inactive-dim", read_double, dump_double, CFG(inactive_dim), 0, 1},
	{"inactive-opacity-override", read_bool, dump_bool, CFG(inactive_opacity_override), 0, 0},
	{"opacity-rule", read_opacity_rules, dump_opacity_rules, CFG(opacity_rules), 0, 0},
	{"mark-wmwin-focused", read_bool, dump_bool, CFG(mark_wmwin_focused), 0, 0},
	{"mark-ovredir-focused", read_bool, dump_bool, CFG(mark_ovredir_focused), 0, 0},
	{"corner-radius", read_int, dump_int, CFG(corner_radius), 0, 512},
	{"rounded-corners-exclude", read_rules, dump_rules, CFG(rounded_corners_exclude), 0, 0},
	{"wintypes", read_wintypes, dump_wintypes, CFG(wintypes), 0, 0},
	{"background-color", read_color, dump_color, CFG(background_color), 0, 0},
	{"screenshot-dir", read_path, dump_path, CFG(screenshot_dir), 0, 0},
	{"bindings", read_bindings, dump_bindings, CFG(bindings), 0, 0},
	{"clock", read_clock, dump_clock, CFG(clock), 0, 0},
	{"no-animations", read_bool, dump_bool, CFG(no_animations), 0, 0},
	/* picom's legacy spellings, still read by picom */
	{"shadow-red", read_shadow_channel, NULL, LDR(shadow_rgb[0]), 0, 1},
	{"shadow-green", read_shadow_channel, NULL, LDR(shadow_rgb[1]), 0, 1},
	{"shadow-blue", read_shadow_channel, NULL, LDR(shadow_rgb[2]), 0, 1},
	{"menu-opacity", read_menu_opacity, NULL, LDR(menu_opacity), 0, 1},
	{"no-dock-shadow", read_legacy_bool, NULL, LDR(no_dock_shadow), 0, 0},
	{"no-dnd-shadow", read_legacy_bool, NULL, LDR(no_dnd_shadow), 0, 0},
	{"shadow-ignore-shaped", read_shadow_ignore_shaped, NULL, 0, 0, 0},
};
const size_t config_nkeys = LEN(config_keys);

const char *const config_picom_unsupported[] = {
	/* backends, presentation, damage */
	"backend", "legacy-backends", "experimental-backends", "vsync", "vsync-use-glfinish",
	"refresh-rate", "sw-opti", "use-damage", "no-use-damage", "xrender-sync",
	"xrender-sync-fence", "force-win-blend", "dithered-present", "no-frame-pacing",
	"glx-no-stencil", "glx-no-rebind-pixmap", "glx-swap-method", "glx-use-gpushader4",
	"glx-copy-from-front", "glx-use-copysubbuffermesa", "glx-fshader-win", "dbe",
	"paint-on-overlay", "vsync-aggressive", "resize-damage", "max-brightness",
	"unredir-if-possible", "unredir-if-possible-delay", "unredir-if-possible-exclude",
	"window-shader-fg", "window-shader-fg-rule",
	/* blur */
	"blur", "blur-method", "blur-size", "blur-deviation", "blur-strength",
	"blur-background", "blur-background-frame", "blur-background-fixed",
	"blur-background-exclude", "blur-kern",
	/* shadows, fading, opacity, corners */
	"shadow-exclude-reg", "xinerama-shadow-crop", "crop-shadow-to-monitor",
	"clip-shadow-above", "clear-shadow", "alpha-step", "no-fading-destroyed-argb",
	"frame-opacity", "inactive-dim-fixed", "invert-color-include", "transparent-clipping",
	"transparent-clipping-exclude", "corner-radius-rules", "round-borders",
	"round-borders-exclude", "round-borders-rule", "detect-rounded-corners",
	/* window tracking */
	"detect-client-opacity", "detect-transient", "detect-client-leader",
	"use-ewmh-active-win", "no-ewmh-fullscreen", "focus-exclude", "track-focus",
	/* process */
	"daemon", "dbus", "log-level", "log-file", "show-all-xerrors", "write-pid-path",
	"benchmark", "benchmark-wid",
	/* picom 12 */
	"rules", "animations",
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
	return is_one_of(name, config_picom_unsupported, config_npicom_unsupported);
}
