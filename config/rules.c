/* picom's window rules, `rules = ( { match = "..."; shadow = false; ... }, ... )`: each
 * entry a condition (none: every window) and the per-window keys it sets. Read, dumped,
 * and the defaults that keys no rule sets take from the global options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"
#include "config/config-private.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

enum ws_kind { WS_BOOL, WS_UNIT, WS_RADIUS, WS_COLOR, WS_UNREDIR };

struct ws_key {
	const char *name;
	enum ws_kind kind;
	size_t offset; /* in struct config_window_values */
};

#define WV(field) offsetof(struct config_window_values, field)

/* In enum config_ws order. */
static const struct ws_key ws_keys[CONFIG_WS_COUNT] = {
        [CONFIG_WS_SHADOW] = {"shadow", WS_BOOL, WV(shadow)},
        [CONFIG_WS_FULL_SHADOW] = {"full-shadow", WS_BOOL, WV(full_shadow)},
        [CONFIG_WS_SHADOW_COLOR] = {"shadow-color", WS_COLOR, WV(shadow_color)},
        [CONFIG_WS_CLIP_SHADOW_ABOVE] = {"clip-shadow-above", WS_BOOL, WV(clip_shadow_above)},
        [CONFIG_WS_FADE] = {"fade", WS_BOOL, WV(fade)},
        [CONFIG_WS_OPACITY] = {"opacity", WS_UNIT, WV(opacity)},
        [CONFIG_WS_OPACITY_OVERRIDE] = {"opacity-override", WS_BOOL, WV(opacity_override)},
        [CONFIG_WS_DIM] = {"dim", WS_UNIT, WV(dim)},
        [CONFIG_WS_CORNER_RADIUS] = {"corner-radius", WS_RADIUS, WV(corner_radius)},
        [CONFIG_WS_BLUR_BACKGROUND] = {"blur-background", WS_BOOL, WV(blur_background)},
        [CONFIG_WS_BLUR_OPACITY] = {"blur-opacity", WS_UNIT, WV(blur_opacity)},
        [CONFIG_WS_INVERT_COLOR] = {"invert-color", WS_BOOL, WV(invert_color)},
        [CONFIG_WS_TRANSPARENT_CLIPPING] = {"transparent-clipping", WS_BOOL,
                WV(transparent_clipping)},
        [CONFIG_WS_UNREDIR] = {"unredir", WS_UNREDIR, WV(unredir)},
        [CONFIG_WS_PAINT] = {"paint", WS_BOOL, WV(paint)},
};

const char *config_ws_name(enum config_ws k)
{
	return (unsigned)k < CONFIG_WS_COUNT ? ws_keys[k].name : "?";
}

/* picom's spellings of `unredir`, the first of each being the canonical one. */
static const struct {
	const char *name;
	enum config_unredir value;
} unredir_names[] = {
        {"true", CONFIG_UNREDIR_YES},
        {"false", CONFIG_UNREDIR_NO},
        {"preferred", CONFIG_UNREDIR_PREFERRED},
        {"passive", CONFIG_UNREDIR_PASSIVE},
        {"forced", CONFIG_UNREDIR_FORCED},
        {"yes", CONFIG_UNREDIR_YES},
        {"default", CONFIG_UNREDIR_YES},
        {"when-possible-else-terminate", CONFIG_UNREDIR_YES},
        {"no", CONFIG_UNREDIR_NO},
        {"terminate", CONFIG_UNREDIR_NO},
        {"when-possible", CONFIG_UNREDIR_PREFERRED},
};

const char *config_unredir_name(enum config_unredir u)
{
	for (size_t i = 0; i < LEN(unredir_names); i++)
		if (unredir_names[i].value == u)
			return unredir_names[i].name;
	return "?";
}

void config_window_defaults(const struct config *c, struct config_window_values *v)
{
	*v = (struct config_window_values){
	        .shadow = c->shadow,
	        .fade = c->fading,
	        .opacity_override = true, /* picom: a rule's opacity wins over the property */
	        .blur_background = c->blur.method != CONFIG_BLUR_NONE,
	        .transparent_clipping = c->transparent_clipping,
	        .paint = true,
	        .shadow_color = c->shadow_color,
	        .opacity = 1.0,
	        .blur_opacity = 1.0,
	        .corner_radius = c->corner_radius,
	        .unredir = CONFIG_UNREDIR_YES,
	};
}

void config_free_window_rules(struct config_window_rules *r)
{
	for (size_t i = 0; i < r->n; i++) {
		cond_free(r->items[i].cond);
		anim_set_destroy(r->items[i].animations);
		free(r->items[i].animations_text);
	}
	free(r->items);
	r->items = NULL;
	r->n = 0;
}

static size_t ws_size(enum ws_kind kind)
{
	switch (kind) {
	case WS_BOOL:
		return sizeof(bool);
	case WS_UNIT:
		return sizeof(double);
	case WS_RADIUS:
		return sizeof(int);
	case WS_COLOR:
		return sizeof(uint32_t);
	case WS_UNREDIR:
		return sizeof(enum config_unredir);
	}
	return 0;
}

void config_ws_copy(
        struct config_window_values *dst, const struct config_window_values *src, enum config_ws k)
{
	const struct ws_key *key = &ws_keys[k];

	memcpy((char *)dst + key->offset, (const char *)src + key->offset, ws_size(key->kind));
}

void config_ws_format(const struct config_window_values *v, enum config_ws k, char *buf, size_t len)
{
	const struct ws_key *key = &ws_keys[k];
	const void *field = (const char *)v + key->offset;

	switch (key->kind) {
	case WS_BOOL:
		snprintf(buf, len, "%s", *(const bool *)field ? "true" : "false");
		break;
	case WS_UNIT:
		snprintf(buf, len, "%.6g", *(const double *)field);
		break;
	case WS_RADIUS:
		snprintf(buf, len, "%d", *(const int *)field);
		break;
	case WS_COLOR:
		snprintf(buf, len, "#%08x", *(const uint32_t *)field);
		break;
	case WS_UNREDIR:
		snprintf(buf, len, "%s", config_unredir_name(*(const enum config_unredir *)field));
		break;
	}
}

/* ---- reading ---- */

static bool read_unredir(
        struct loader *l, const config_setting_t *m, const char *path, enum config_unredir *out)
{
	const char *v;

	if (config_setting_type(m) == CONFIG_TYPE_BOOL) {
		*out = config_setting_get_bool(m) ? CONFIG_UNREDIR_YES : CONFIG_UNREDIR_NO;
		return true;
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING)
		return config_fail(l, m,
		        "%s must be true, false, \"preferred\", \"passive\" or "
		        "\"forced\", not %s",
		        path, config_type_name(m));
	v = config_setting_get_string(m);
	for (size_t i = 0; i < LEN(unredir_names); i++) {
		if (strcmp(v, unredir_names[i].name) == 0) {
			*out = unredir_names[i].value;
			return true;
		}
	}
	return config_fail(l, m,
	        "%s must be true, false, \"preferred\", \"passive\" or "
	        "\"forced\", not \"%s\"",
	        path, v);
}

static bool read_value(struct loader *l, const config_setting_t *m, const char *path,
        const struct ws_key *k, struct config_window_values *v)
{
	void *field = (char *)v + k->offset;

	switch (k->kind) {
	case WS_BOOL:
		return config_get_bool(l, m, path, (bool *)field);
	case WS_UNIT:
		return config_get_double(l, m, path, 0, 1, (double *)field);
	case WS_RADIUS:
		return config_get_int(l, m, path, 0, 512, (int *)field);
	case WS_COLOR:
		return config_get_color(l, m, path, (uint32_t *)field);
	case WS_UNREDIR:
		return read_unredir(l, m, path, (enum config_unredir *)field);
	}
	return false;
}

static int find_ws_key(const char *name)
{
	for (int k = 0; k < CONFIG_WS_COUNT; k++)
		if (strcmp(name, ws_keys[k].name) == 0)
			return k;
	return -1;
}

static bool read_match(
        struct loader *l, const config_setting_t *m, const char *path, struct config_window_rule *r)
{
	const char *text = NULL;

	if (!config_get_string(l, m, path, "a string (a condition)", &text))
		return false;
	r->cond = config_read_cond(l, m, path, text, 0);
	return r->cond != NULL;
}

/* Keys picom has in a rule that shmcomp does not do. */
static void warn_key(struct loader *l, const config_setting_t *m, const char *path)
{
	const char *key = config_setting_name(m);

	if (strcmp(key, "shader") == 0)
		config_warn(l, m,
		        "\"%s\" is a picom option shmcomp does not support; ignored "
		        "(a GLSL shader; shmcomp renders with pixman)",
		        path);
	else
		config_warn(l, m, "unknown option \"%s\"; ignored", path);
}

static bool read_rule_key(
        struct loader *l, const config_setting_t *m, int i, struct config_window_rule *r)
{
	const char *key = config_setting_name(m);
	char path[96];
	int k = find_ws_key(key);

	snprintf(path, sizeof path, "rules[%d].%.40s", i, key);
	if (strcmp(key, "match") == 0)
		return read_match(l, m, path, r);
	if (strcmp(key, "animations") == 0) {
		if (!config_read_animations(l, m, path, &r->animations))
			return false;
		free(r->animations_text);
		r->animations_text = config_setting_text(m);
		return r->animations_text || config_fail(l, m, "out of memory");
	}
	if (k < 0) {
		warn_key(l, m, path);
		return true;
	}
	r->set |= 1u << k;
	return read_value(l, m, path, &ws_keys[k], &r->v);
}

static bool read_rule(struct loader *l, const config_setting_t *g, int i)
{
	struct config_window_rules *rules = &l->cfg->rules;
	struct config_window_rule *r = &rules->items[rules->n];

	if (!config_setting_is_group(g))
		return config_fail(l, g,
		        "rules[%d] must be a group { match = \"...\"; ... }, not %s", i,
		        config_type_name(g));
	*r = (struct config_window_rule){.line = config_line(l, g), .file = config_file(l, g)};
	if (!r->file)
		return config_fail(l, g, "out of memory");
	rules->n++; /* counted now so that config_free frees its condition on failure */
	for (int j = 0; j < config_setting_length(g); j++)
		if (!read_rule_key(l, config_setting_get_elem(g, (unsigned)j), i, r))
			return false;
	return true;
}

bool config_read_window_rules(
        struct loader *l, const config_setting_t *s, const struct config_key *k)
{
	int n = config_setting_length(s);

	if (!config_setting_is_list(s) && !(config_setting_is_array(s) && n == 0))
		return config_fail(l, s,
		        "%s must be a list ( { match = \"...\"; ... }, ... ), not %s", k->name,
		        config_type_name(s));
	if (n && !(l->cfg->rules.items = calloc((size_t)n, sizeof *l->cfg->rules.items)))
		return config_fail(l, s, "out of memory");
	for (int i = 0; i < n; i++)
		if (!read_rule(l, config_setting_get_elem(s, (unsigned)i), i))
			return false;
	return true;
}

/* ---- dumping ---- */

static void dump_value(const struct ws_key *k, const struct config_window_values *v, FILE *f)
{
	const void *field = (const char *)v + k->offset;
	uint32_t color;

	fprintf(f, " %s = ", k->name);
	switch (k->kind) {
	case WS_BOOL:
		fputs(*(const bool *)field ? "true" : "false", f);
		break;
	case WS_UNIT:
		config_print_double(f, *(const double *)field);
		break;
	case WS_RADIUS:
		fprintf(f, "%d", *(const int *)field);
		break;
	case WS_COLOR:
		color = *(const uint32_t *)field;
		if (color >> 24 == 0xff)
			fprintf(f, "\"#%06x\"", color & 0xffffffu);
		else
			fprintf(f, "\"#%08x\"", color);
		break;
	case WS_UNREDIR:
		fprintf(f, "\"%s\"", config_unredir_name(*(const enum config_unredir *)field));
		break;
	}
	fputs(";", f);
}

void config_dump_window_rules(const struct config *c, const struct config_key *k, FILE *f)
{
	fprintf(f, "%s = (", k->name);
	for (size_t i = 0; i < c->rules.n; i++) {
		const struct config_window_rule *r = &c->rules.items[i];
		fprintf(f, "%s\n\t{", i ? "," : "");
		if (r->cond) {
			fputs(" match = \"", f);
			config_print_escaped(f, cond_text(r->cond));
			fputs("\";", f);
		}
		for (int w = 0; w < CONFIG_WS_COUNT; w++)
			if (r->set & (1u << w))
				dump_value(&ws_keys[w], &r->v, f);
		if (r->animations_text)
			fprintf(f, " animations = %s;", r->animations_text);
		fputs(" }", f);
	}
	fputs(c->rules.n ? "\n);\n" : " );\n", f);
}
