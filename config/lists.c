/* The structured options: condition lists (shadow-exclude and the like, opacity-rule and
 * corner-radius-rules with their "NUMBER:" prefix), wintypes and bindings, read and
 * dumped. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"
#include "config/config-private.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- condition lists ---- */

void config_free_rules(struct config_rules *r)
{
	for (size_t i = 0; i < r->n; i++)
		cond_free(r->items[i].cond);
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

/* "NUMBER:" at the start of `text` (strtol base 0, as picom): its value and where the
 * condition starts. */
static bool parse_prefix(struct loader *l, const config_setting_t *e, const char *name,
        const char *text, const struct rule_prefix *p, double *value, int *col0)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 0);
	if (end == text || errno)
		return config_fail(l, e,
		        "%s: \"%s\": column 1: expected %s:CONDITION, as in \"%s\"", name, text,
		        p->what[0] == 'o' ? "PERCENT" : "RADIUS", p->example);
	if (v < p->min || v > p->max)
		return config_fail(l, e, "%s: \"%s\": column 1: %s %ld is not between %g and %g",
		        name, text, p->what, v, p->min, p->max);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != ':')
		return config_fail(l, e, "%s: \"%s\": column %d: expected ':' after the %s", name,
		        text, (int)(end - text) + 1, p->what);
	*value = (double)v / p->scale;
	*col0 = (int)(end - text) + 1;
	return true;
}

struct cond *config_read_cond(
        struct loader *l, const config_setting_t *e, const char *name, const char *text, int col0)
{
	char msg[512];
	bool warning;
	struct cond *c = cond_parse_col(text + col0, col0, &warning, msg, sizeof msg);

	if (!c) {
		config_fail(l, e, "%s: \"%s\": %s", name, text, msg);
		return NULL;
	}
	if (warning)
		config_warn(l, e, "%s: \"%s\": %s", name, text, msg);
	return c;
}

/* Appends the condition of string setting `e` to `r` (room is reserved by the caller). */
static bool add_rule(struct loader *l, struct config_rules *r, const config_setting_t *e,
        const char *name, const struct rule_prefix *prefix)
{
	const char *text = config_setting_get_string(e);
	struct config_rule rule = {.line = config_line(l, e), .file = config_file(l, e)};
	int col0 = 0;

	if (!rule.file)
		return config_fail(l, e, "out of memory");
	if (prefix && !parse_prefix(l, e, name, text, prefix, &rule.value, &col0))
		return false;
	if (!(rule.cond = config_read_cond(l, e, name, text, col0)))
		return false;
	r->items[r->n++] = rule;
	return true;
}

static bool reserve_rules(
        struct loader *l, const config_setting_t *s, struct config_rules *r, size_t more)
{
	struct config_rule *items = realloc(r->items, (r->n + more + 1) * sizeof *items);

	if (!items)
		return config_fail(l, s, "out of memory");
	r->items = items;
	return true;
}

bool config_read_rule_list(struct loader *l, const config_setting_t *s, const char *name,
        struct config_rules *r, const struct rule_prefix *prefix)
{
	int type = config_setting_type(s), n = config_setting_length(s);

	if (type == CONFIG_TYPE_STRING)
		return reserve_rules(l, s, r, 1) && add_rule(l, r, s, name, prefix);
	if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
		return config_fail(l, s, "%s must be a list of strings [ \"...\", ... ], not %s",
		        name, config_type_name(s));
	if (!reserve_rules(l, s, r, (size_t)n))
		return false;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return config_fail(l, e, "%s[%d] must be a string (a condition), not %s",
			        name, i, config_type_name(e));
		if (!add_rule(l, r, e, name, prefix))
			return false;
	}
	return true;
}

/* `prefix_scale` 0: plain conditions; else "VALUE*SCALE:CONDITION". */
void config_dump_rule_list(
        const struct config_rules *r, const char *name, int prefix_scale, FILE *f)
{
	fprintf(f, "%s = [", name);
	for (size_t i = 0; i < r->n; i++) {
		char pre[24] = "";
		if (prefix_scale)
			snprintf(pre, sizeof pre, "%ld:", lround(r->items[i].value * prefix_scale));
		fprintf(f, "%s\n\t\"%s", i ? "," : "", pre);
		config_print_escaped(f, cond_text(r->items[i].cond));
		fputs("\"", f);
	}
	fputs(r->n ? "\n];\n" : " ];\n", f);
}

/* ---- wintypes ---- */

static int find_wintype(const char *name)
{
	for (int t = 0; t < WINTYPE_COUNT; t++)
		if (strcmp(name, wintype_name((enum wintype)t)) == 0)
			return t;
	return strcmp(name, "notify") == 0 ? WINTYPE_NOTIFICATION : -1; /* picom's old name */
}

static bool mark(bool *flag)
{
	*flag = true;
	return true;
}

struct wintype_bool {
	const char *key;
	size_t value, set; /* offsets in struct config_wintype */
};

#define WT(field) offsetof(struct config_wintype, field)

static const struct wintype_bool wintype_bools[] = {
        {"shadow", WT(shadow), WT(shadow_set)},
        {"fade", WT(fade), WT(fade_set)},
        {"focus", WT(focus), WT(focus_set)},
        {"full-shadow", WT(full_shadow), WT(full_shadow_set)},
        {"clip-shadow-above", WT(clip_shadow_above), WT(clip_shadow_above_set)},
        {"blur-background", WT(blur_background), WT(blur_background_set)},
        {"redir-ignore", WT(redir_ignore), WT(redir_ignore_set)},
};

/* Reads `m` when it is a field of wintypes (then `*handled`); false on error. */
static bool read_wintype_field(struct loader *l, const config_setting_t *m, const char *path,
        struct config_wintype *w, bool *handled)
{
	const char *key = config_setting_name(m);
	char *base = (char *)w;

	*handled = true;
	for (size_t i = 0; i < LEN(wintype_bools); i++)
		if (strcmp(key, wintype_bools[i].key) == 0)
			return config_get_bool(
			               l, m, path, (bool *)(base + wintype_bools[i].value)) &&
			       mark((bool *)(base + wintype_bools[i].set));
	if (strcmp(key, "opacity") == 0)
		return config_get_double(l, m, path, 0, 1, &w->opacity) && mark(&w->opacity_set);
	*handled = false;
	return true;
}

static bool read_wintype(struct loader *l, const config_setting_t *g, struct config_wintype *w)
{
	const char *type = config_setting_name(g);

	if (!config_setting_is_group(g))
		return config_fail(l, g, "wintypes.%s must be a group { shadow = ...; }, not %s",
		        type, config_type_name(g));
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
		config_warn(l, m, "unknown option \"%s\"; ignored", path);
	}
	return true;
}

bool config_read_wintypes(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	if (!config_setting_is_group(s))
		return config_fail(l, s, "%s must be a group { TYPE = { ... }; ... }, not %s",
		        k->name, config_type_name(s));
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

static void dump_wintype(const struct config_wintype *w, enum wintype t, FILE *f)
{
	const char *base = (const char *)w;

	fprintf(f, "\t%s = {", wintype_name(t));
	for (size_t i = 0; i < LEN(wintype_bools); i++)
		if (*(const bool *)(base + wintype_bools[i].set))
			fprintf(f, " %s = %s;", wintype_bools[i].key,
			        *(const bool *)(base + wintype_bools[i].value) ? "true" : "false");
	if (w->opacity_set) {
		fputs(" opacity = ", f);
		config_print_double(f, w->opacity);
		fputs(";", f);
	}
	fputs(" };\n", f);
}

static bool wintype_any_set(const struct config_wintype *w)
{
	const char *base = (const char *)w;

	for (size_t i = 0; i < LEN(wintype_bools); i++)
		if (*(const bool *)(base + wintype_bools[i].set))
			return true;
	return w->opacity_set;
}

void config_dump_wintypes(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = {\n", k->name);
	for (int t = 0; t < WINTYPE_COUNT; t++)
		if (wintype_any_set(&c->wintypes[t]))
			dump_wintype(&c->wintypes[t], (enum wintype)t, f);
	fputs("};\n", f);
}

/* ---- bindings ---- */

static bool find_action(const char *name, enum config_action *out)
{
	for (int a = CONFIG_ACTION_SCREENSHOT; a <= CONFIG_ACTION_QUIT; a++) {
		if (strcmp(name, config_action_name((enum config_action)a)) == 0) {
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
		if (!config_get_string(l, m, path, "a string", &v))
			return false;
		bool is_key = strcmp(name, "key") == 0;
		if (is_key && !*v)
			return config_fail(l, m, "%s is empty", path);
		if (is_key) {
			*key = v;
			b->line = config_line(l, m);
		} else if (!(have_action = find_action(v, &b->action))) {
			return config_fail(l, m,
			        "%s: unknown action \"%s\" (screenshot, reload, "
			        "toggle-effects or quit)",
			        path, v);
		}
	}
	if (!*key)
		return config_fail(
		        l, g, "bindings[%d] needs a key, as in key = \"Super+Shift+s\";", i);
	if (!have_action)
		return config_fail(l, g,
		        "bindings[%d] needs an action (screenshot, reload, "
		        "toggle-effects or quit)",
		        i);
	return true;
}

static bool read_binding(struct loader *l, const config_setting_t *g, int i)
{
	struct config_binding b = {0};
	const char *key = NULL;

	if (!config_setting_is_group(g))
		return config_fail(l, g,
		        "bindings[%d] must be a group { key = \"...\"; action = "
		        "\"...\"; }, not %s",
		        i, config_type_name(g));
	if (!read_binding_fields(l, g, i, &b, &key))
		return false;
	if (!(b.key = strdup(key)))
		return config_fail(l, g, "out of memory");
	l->cfg->bindings[l->cfg->nbindings++] = b;
	return true;
}

bool config_read_bindings(struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	int n = config_setting_length(s);

	if (!config_setting_is_list(s) && !(config_setting_is_array(s) && n == 0))
		return config_fail(l, s,
		        "%s must be a list ( { key = \"...\"; action = \"...\"; }, ... ), not %s",
		        k->name, config_type_name(s));
	if (n && !(l->cfg->bindings = calloc((size_t)n, sizeof *l->cfg->bindings)))
		return config_fail(l, s, "out of memory");
	for (int i = 0; i < n; i++)
		if (!read_binding(l, config_setting_get_elem(s, (unsigned)i), i))
			return false;
	return true;
}

void config_dump_bindings(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = (", k->name);
	for (size_t i = 0; i < c->nbindings; i++) {
		fprintf(f, "%s\n\t{ key = \"", i ? "," : "");
		config_print_escaped(f, c->bindings[i].key);
		fprintf(f, "\"; action = \"%s\"; }", config_action_name(c->bindings[i].action));
	}
	fputs(c->nbindings ? "\n);\n" : " );\n", f);
}
