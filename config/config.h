/* Configuration: finding the file (--config, then the XDG directories), loading it with
 * libconfig into a plain struct (picom's option names), and the window-condition language
 * of picom's rules (`cond_`). Never touches X. */
#ifndef SHMCOMP_CONFIG_H
#define SHMCOMP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/wintype.h"

#define CONFIG_PATH_MAX 4096

/* ---- Conditions (picom's "format of conditions", see shmcomp.conf(5)) ---- */

struct cond; /* a parsed condition; owns its text and compiled regexes */

/* What a condition can test. Strings may be NULL (property absent). */
struct cond_window {
	const char *name, *class_g, *class_i, *role;
	enum wintype window_type;
	bool override_redirect, argb, focused, bounding_shaped, fullscreen;
	int64_t width, height;
};

/* Parses `text`; NULL with "column N: what is wrong" in `err` on error. Tests of targets
 * shmcomp cannot see (window properties like `_NET_WM_STATE@:32a`, `wmwin`, `x`, ...)
 * parse but are unknown at match time, so they never make the condition match (not even
 * negated); `*unsupported` (may be NULL) is then set and `err` names the first such
 * target, else `*unsupported` is false. */
struct cond *cond_parse(const char *text, bool *unsupported, char *err, size_t errlen);
/* NULL matches nothing. */
bool cond_match(const struct cond *c, const struct cond_window *w);
/* The text it was parsed from. */
const char *cond_text(const struct cond *c);
void cond_free(struct cond *c);

/* ---- Rules: a list of conditions with a value ---- */

struct config_rule {
	struct cond *cond;
	double value; /* opacity-rule: PERCENT/100; other lists: 0 */
	int line;     /* in the configuration file */
};

struct config_rules {
	struct config_rule *items;
	size_t n;
};

/* The first rule matching `w`, or NULL. */
const struct config_rule *config_rules_match(const struct config_rules *r,
	const struct cond_window *w);

/* ---- Key bindings (shmcomp's own option `bindings`) ---- */

enum config_action {
	CONFIG_ACTION_SCREENSHOT,
	CONFIG_ACTION_RELOAD,
	CONFIG_ACTION_TOGGLE_EFFECTS,
	CONFIG_ACTION_QUIT,
};

struct config_binding {
	char *key; /* as written, e.g. "Super+Shift+s"; the compositor checks it (xkbcommon) */
	enum config_action action;
	int line;
};

/* "screenshot", "reload", "toggle-effects", "quit" */
const char *config_action_name(enum config_action a);

/* ---- The configuration ---- */

/* One `wintypes` entry as written; *_set says whether the file gave the field. */
struct config_wintype {
	bool shadow, fade, focus;
	double opacity;
	bool shadow_set, fade_set, focus_set, opacity_set;
};

enum config_clock {
	CONFIG_CLOCK_REAL,
	CONFIG_CLOCK_VIRTUAL,
};

/* Field comments give the option name and the default. With the defaults nothing is
 * drawn but the windows themselves (plain composition). */
struct config {
	bool shadow;                          /* shadow: false */
	int shadow_radius;                    /* shadow-radius: 12 (px, 0..512) */
	double shadow_opacity;                /* shadow-opacity: 0.75 (0..1) */
	int shadow_offset_x, shadow_offset_y; /* shadow-offset-x/-y: -15 (px) */
	uint32_t shadow_color;                /* shadow-color: "#000000", as 0xAARRGGBB */
	struct config_rules shadow_exclude;   /* shadow-exclude */

	bool fading;                        /* fading: false */
	double fade_in_step, fade_out_step; /* fade-in-step 0.028, fade-out-step 0.03 */
	int fade_delta;                     /* fade-delta: 10 (ms per step) */
	bool no_fading_openclose;           /* no-fading-openclose: false */
	struct config_rules fade_exclude;   /* fade-exclude */

	double active_opacity;             /* active-opacity: 1.0 */
	double inactive_opacity;           /* inactive-opacity: 1.0 */
	double inactive_dim;               /* inactive-dim: 0.0 */
	bool inactive_opacity_override;    /* inactive-opacity-override: false */
	struct config_rules opacity_rules; /* opacity-rule; value = opacity 0..1 */
	bool mark_wmwin_focused;           /* mark-wmwin-focused: false */
	bool mark_ovredir_focused;         /* mark-ovredir-focused: false */

	int corner_radius;                           /* corner-radius: 0 (px) */
	struct config_rules rounded_corners_exclude; /* rounded-corners-exclude */

	struct config_wintype wintypes[WINTYPE_COUNT]; /* wintypes, as written */

	uint32_t background_color;            /* background-color: "#000000" */
	char screenshot_dir[CONFIG_PATH_MAX]; /* screenshot-dir: "" = the compositor's default */
	struct config_binding *bindings;      /* bindings */
	size_t nbindings;
	enum config_clock clock; /* clock: "real" */
	bool no_animations;      /* no-animations: false */

	char source[CONFIG_PATH_MAX]; /* the file loaded; "" for built-in defaults */
};

void config_defaults(struct config *c);

/* Frees what `c` owns and leaves it at the defaults. */
void config_free(struct config *c);

/* Window type `t`'s settings, with picom's fallbacks for what the file does not set:
 * shadow = `shadow` (false for desktop windows), fade = `fading`, focus (always counted as
 * focused) = true but for unknown, normal and utility windows. All *_set are then true
 * but opacity_set, which stays false (opacity 1.0) unless the file sets an opacity. */
struct config_wintype config_wintype_effective(const struct config *c, enum wintype t);

/* The file to load: `explicit_path` if given, else
 * $XDG_CONFIG_HOME/shmcomp/shmcomp.conf (default ~/.config), else
 * shmcomp/shmcomp.conf under each of $XDG_CONFIG_DIRS (default /etc/xdg).
 * False when none exists (an explicit path is returned even if missing, so
 * that loading it reports the error). */
bool config_find(const char *explicit_path, char *out, size_t outlen);

/* Warnings (unknown or unsupported options, conditions that never match). `line` is 0
 * when there is none. */
typedef void (*config_warn_fn)(void *data, const char *file, int line, const char *msg);

/* Loads `path` over the defaults. `*c` must hold a configuration (config_defaults or an
 * earlier load): on success what it owned is freed and replaced; on failure it is
 * untouched and `err` says "FILE:LINE: what is wrong". Warnings go to `warn`, or when it
 * is NULL to stderr as "shmcomp: warning: FILE:LINE: ...". An empty file is valid. */
bool config_load(const char *path, struct config *c, config_warn_fn warn, void *data, char *err,
	size_t errlen);

/* The effective settings, in config syntax: loading the output gives the same settings. */
void config_dump(const struct config *c, FILE *f);

/* `shmcomp --check-config FILE` (FILE NULL: the usual lookup): loads the file, writes
 * warnings and errors to `errf` and, when valid, the effective settings to `out`.
 * Returns the exit status: 0 valid (warnings allowed), 1 not. */
int config_check(const char *path, FILE *out, FILE *errf);

/* "#rrggbb" or "#aarrggbb" (alpha first) into 0xAARRGGBB. */
bool config_parse_color(const char *s, uint32_t *out);

#endif
