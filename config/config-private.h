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
};

extern const struct config_key config_keys[];
extern const size_t config_nkeys;
/* picom options that shmcomp accepts but ignores, with a warning. */
extern const char *const config_picom_unsupported[];
extern const size_t config_npicom_unsupported;

const struct config_key *config_key_find(const char *name);
bool config_is_picom_unsupported(const char *name);

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
bool config_load_text(const char *text, const char *name, const char *include_dir,
	struct config *c, config_warn_fn warn, void *data, char *err, size_t errlen);

#endif
