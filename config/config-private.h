/* Inside the config module: the loader's state, the table of options (keys.c) that the
 * loader (config.c) and config_dump (dump.c) walk, and their shared helpers. */
#ifndef SHMCOMP_CONFIG_PRIVATE_H
#define SHMCOMP_CONFIG_PRIVATE_H

#include <libconfig.h>

#include "config/config.h"

/* One load in progress. `cfg` is the new configuration, freed by the caller on failure. */
struct loader {
	struct config *cfg;
	const char *text;   /* the main file's */
	const char **lines; /* where each line of `text` starts, or NULL */
	size_t nlines;
	const char *path; /* for settings libconfig gives no file (the main text) */
	const char *include_dir;
	char file[CONFIG_PATH_MAX]; /* an included file's path, for messages */
	config_warn_fn warn;
	void *data;
	char *err;
	size_t errlen;
	/* picom's legacy options, applied after the walk unless a newer option is given */
	double shadow_rgb[3];
	bool shadow_rgb_set, shadow_color_set;
	double menu_opacity;
	bool menu_opacity_set, no_dock_shadow, no_dnd_shadow;
	/* a non-empty `rules` list, found before the walk: the options it supersedes are
	 * then skipped with a warning */
	bool rules_mode;
	int rules_line;
};

/* A supported option: `read` checks and stores a setting, `dump` writes the effective
 * value (NULL for legacy aliases, which dump as the option they feed). `offset` locates
 * the field in struct config; `min`, `max` bound numbers. */
struct config_key {
	const char *name;
	bool (*read)(struct loader *l, const config_setting_t *s, const struct config_key *k);
	void (*dump)(const struct config *c, const struct config_key *k, FILE *f);
	size_t offset;
	double min, max;
	unsigned flags; /* CONFIG_KEY_* */
};

/* picom ignores the option, with a warning, when `rules` is not empty */
#define CONFIG_KEY_SUPERSEDED 1u

extern const struct config_key config_keys[];
extern const size_t config_nkeys;
/* picom options that shmcomp accepts but ignores, with a warning giving the reason. */
struct config_unsupported {
	const char *name, *reason;
};
extern const struct config_unsupported config_picom_unsupported[];
extern const size_t config_npicom_unsupported;

const struct config_key *config_key_find(const char *name);
bool config_is_picom_unsupported(const char *name);
/* Why shmcomp ignores picom option `name`, or NULL when it is not one of those. */
const char *config_unsupported_reason(const char *name);
/* Whether `rules` supersedes option `name` (one of config_keys, or an unsupported one). */
bool config_is_superseded(const char *name);

/* ---- typed values (values.c): each false after config_fail on a wrong value ---- */

const char *config_type_name(const config_setting_t *s);
bool config_get_bool(struct loader *l, const config_setting_t *s, const char *name, bool *out);
/* Integers and floats alike, as picom's libconfig auto-conversion takes either. */
bool config_get_double(struct loader *l, const config_setting_t *s, const char *name, double min,
        double max, double *out);
/* 7 and 7.0 both read as 7; 7.5 is an error. */
bool config_get_int(struct loader *l, const config_setting_t *s, const char *name, double min,
        double max, int *out);
bool config_get_string(struct loader *l, const config_setting_t *s, const char *name,
        const char *what, const char **out);
/* A color "#rrggbb" or "#aarrggbb". */
bool config_get_color(struct loader *l, const config_setting_t *s, const char *name, uint32_t *out);

/* ---- condition lists (lists.c) ---- */

/* A string or a list/array of strings, each a condition, or with `prefix` a
 * "NUMBER:CONDITION" whose number (between min and max) becomes the rule's value
 * (divided by `scale`). */
struct rule_prefix {
	double min, max, scale;
	const char *what; /* "opacity", "radius" */
	const char *example;
};
bool config_read_rule_list(struct loader *l, const config_setting_t *s, const char *name,
        struct config_rules *r, const struct rule_prefix *prefix);
/* A condition, with the warning it deserves; NULL after config_fail. */
struct cond *config_read_cond(
        struct loader *l, const config_setting_t *e, const char *name, const char *text, int col0);
void config_dump_rule_list(
        const struct config_rules *r, const char *name, int prefix_scale, FILE *f);
void config_free_rules(struct config_rules *r);

bool config_read_wintypes(struct loader *l, const config_setting_t *s, const struct config_key *k);
void config_dump_wintypes(const struct config *c, const struct config_key *k, FILE *f);
bool config_read_bindings(struct loader *l, const config_setting_t *s, const struct config_key *k);
void config_dump_bindings(const struct config *c, const struct config_key *k, FILE *f);

/* ---- window rules (rules.c) ---- */

bool config_read_window_rules(
        struct loader *l, const config_setting_t *s, const struct config_key *k);
void config_dump_window_rules(const struct config *c, const struct config_key *k, FILE *f);
void config_free_window_rules(struct config_window_rules *r);
/* Copies setting `k` from `src` to `dst`. */
void config_ws_copy(
        struct config_window_values *dst, const struct config_window_values *src, enum config_ws k);
/* Setting `k` of `v` as text: "true", "0.8", "12", "#ff000000", "preferred". */
void config_ws_format(
        const struct config_window_values *v, enum config_ws k, char *buf, size_t len);
/* The values of rule keys that are not set: picom's defaults from the global options. */
void config_window_defaults(const struct config *c, struct config_window_values *v);

/* ---- animations (animations.c) ---- */

/* `s` (an `animations` list) compiled into *out (replacing what it held); `path` names the
 * option in messages ("animations", "rules[3].animations"). False after config_fail. */
bool config_read_animations(
        struct loader *l, const config_setting_t *s, const char *path, struct anim_set **out);
/* `s` in libconfig syntax on one line (malloc'd; NULL when out of memory): what the dump
 * writes for `animations`, which reloads to the same scripts. */
char *config_setting_text(const config_setting_t *s);

/* ---- files and watched properties ---- */

/* `path` kept in c->files (one copy per name); NULL when out of memory. */
const char *config_intern_file(struct config *c, const char *path);
/* The file of setting `s`, interned. */
const char *config_file(struct loader *l, const config_setting_t *s);
/* Fills c->watch from every condition; false when out of memory. */
bool config_build_watch(struct config *c);
void config_free_watch(struct config *c);

/* "FILE:LINE: message" into l->err; returns false for `return config_fail(...)`. */
bool config_fail(struct loader *l, const config_setting_t *s, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void config_warn(struct loader *l, const config_setting_t *s, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* The line of setting `s` in its file. */
int config_line(struct loader *l, const config_setting_t *s);

/* Writes `s` escaped for a libconfig string literal; _string adds the quotes. */
void config_print_escaped(FILE *f, const char *s);
void config_print_string(FILE *f, const char *s);
/* Writes a floating-point number that reads back as the same double. */
void config_print_double(FILE *f, double v);

/* config_load on text in memory; `name` stands for the file in messages, includes are
 * looked up in `include_dir` (may be NULL). */
bool config_load_text(const char *text, const char *name, const char *include_dir, struct config *c,
        config_warn_fn warn, void *data, char *err, size_t errlen);

#endif
