/* Configuration: finding the file (--config, then the XDG directories), loading it with
 * libconfig into a plain struct (picom's option names), and the window-condition language
 * of picom's rules (`cond_`). Never touches X. */
#ifndef SHMCOMP_CONFIG_H
#define SHMCOMP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "anim/anim.h"
#include "util/wintype.h"

#define CONFIG_PATH_MAX 4096

/* ---- Conditions (picom's "format of conditions", see shmcomp.conf(5)) ---- */

struct cond; /* a parsed condition; owns its text and compiled regexes */

/* A window property as the compositor has it cached, decoded as picom does from a
 * GetProperty reply: type STRING, UTF8_STRING or C_STRING (format 8) is
 * COND_PROP_STRING, type ATOM is COND_PROP_ATOM, anything else COND_PROP_NUMBER with
 * the items sign-extended when the type is INTEGER and zero-extended otherwise
 * (CARDINAL, WINDOW, ...). */
enum cond_prop_type {
	COND_PROP_NUMBER,
	COND_PROP_ATOM,
	COND_PROP_STRING,
};

struct cond_prop {
	enum cond_prop_type type;
	/* NUMBER, ATOM: `n` items in `num` (for ATOM the atoms' ids); ATOM also the names
	 * of the `n` atoms in `atom` (an entry may be NULL when the name is not known). */
	size_t n;
	const int64_t *num;
	const char *const *atom;
	/* STRING: `len` bytes at `str`, the items separated by NUL bytes (a final NUL is
	 * allowed), with str[len] == '\0'. */
	const char *str;
	size_t len;
};

/* Looks up the property `name` (an atom name) on the window being matched: on its
 * toplevel when `client` is false, on its client window when true (the toplevel itself
 * when it has no client). Fills `*out`, whose pointers must stay valid until the
 * evaluation that asked returns, and returns true; false when the window has no such
 * property. Called during cond_match and config_window_settings: it must answer from
 * what the caller has cached, without an X request. */
typedef bool (*cond_prop_fn)(void *data, const char *name, bool client, struct cond_prop *out);

/* What a condition can test: picom's predefined targets, and window properties through
 * `prop`. Strings may be NULL (absent). Geometry as picom's: x, y the outer top-left
 * corner, width and height without the border, so widthb = width + 2 * border_width and
 * x2 = x + widthb. */
struct cond_window {
	const char *name, *class_g, *class_i, *role;
	/* The window type the `wintypes` option uses (picom: the first of its types). */
	enum wintype window_type;
	bool override_redirect, argb, focused, bounding_shaped, fullscreen;
	int64_t width, height;
	int64_t x, y, border_width;
	/* Every _NET_WM_WINDOW_TYPE the window has, bit (1u << enum wintype); 0 stands for
	 * just `window_type`. `window_type = 'x'` is true when one of them is x. */
	uint32_t window_types;
	/* group_focused: in the focused window's group (WM_TRANSIENT_FOR with
	 * detect-transient, WM_CLIENT_LEADER with detect-client-leader); wmwin: looks like a
	 * window-manager window (no client window with WM_STATE, not override-redirect);
	 * rounded_corners: a bounding shape that only rounds the corners (with
	 * detect-rounded-corners). `focused` is the real input focus (or
	 * _NET_ACTIVE_WINDOW with use-ewmh-active-win), nothing more. */
	bool group_focused, wmwin, rounded_corners;
	cond_prop_fn prop; /* NULL: the window has no properties */
	void *prop_data;
};

/* Parses `text`; NULL with "column N: what is wrong" in `err` on error. A condition that
 * parses but deserves a warning (picom's deprecated targets `id`, `client` and `leader`,
 * which never match; a property name in lower case, likely a misspelt target) sets
 * `*warning` (may be NULL) and says why in `err`; else `*warning` is false. */
struct cond *cond_parse(const char *text, bool *warning, char *err, size_t errlen);
/* NULL matches nothing. */
bool cond_match(const struct cond *c, const struct cond_window *w);
/* The text it was parsed from. */
const char *cond_text(const struct cond *c);
void cond_free(struct cond *c);

/* ---- Rules: a list of conditions with a value ---- */

struct config_rule {
	struct cond *cond;
	double value;     /* opacity-rule: PERCENT/100; corner-radius-rules: the radius; else 0 */
	int line;         /* in `file` */
	const char *file; /* where it was written; owned by the configuration */
};

struct config_rules {
	struct config_rule *items;
	size_t n;
};

/* The first rule matching `w`, or NULL. */
const struct config_rule *config_rules_match(
        const struct config_rules *r, const struct cond_window *w);

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

/* ---- Window rules (picom's `rules`) ---- */

/* The per-window settings, each a key of a `rules` entry. */
enum config_ws {
	CONFIG_WS_SHADOW,
	CONFIG_WS_FULL_SHADOW,
	CONFIG_WS_SHADOW_COLOR,
	CONFIG_WS_CLIP_SHADOW_ABOVE,
	CONFIG_WS_FADE,
	CONFIG_WS_OPACITY,
	CONFIG_WS_OPACITY_OVERRIDE,
	CONFIG_WS_DIM,
	CONFIG_WS_CORNER_RADIUS,
	CONFIG_WS_BLUR_BACKGROUND,
	CONFIG_WS_BLUR_OPACITY,
	CONFIG_WS_INVERT_COLOR,
	CONFIG_WS_TRANSPARENT_CLIPPING,
	CONFIG_WS_UNREDIR,
	CONFIG_WS_PAINT,
	CONFIG_WS_COUNT
};

/* The key's name in a rule: "shadow", "full-shadow", ... */
const char *config_ws_name(enum config_ws k);

/* picom's `unredir`: whether the window lets the screen go unredirected (in shmcomp:
 * presented straight from the window's pixmap, never true unredirection). */
enum config_unredir {
	CONFIG_UNREDIR_YES,       /* true (the default): when possible, else redirect again */
	CONFIG_UNREDIR_NO,        /* false: never, and redirect again */
	CONFIG_UNREDIR_PREFERRED, /* "preferred": when possible, but never redirect again */
	CONFIG_UNREDIR_PASSIVE,   /* "passive": never cause either */
	CONFIG_UNREDIR_FORCED,    /* "forced": unconditionally */
};

/* "true", "false", "preferred", "passive", "forced" */
const char *config_unredir_name(enum config_unredir u);

struct config_window_values {
	bool shadow, full_shadow, clip_shadow_above, fade, opacity_override;
	bool blur_background, invert_color, transparent_clipping, paint;
	uint32_t shadow_color;             /* 0xAARRGGBB */
	double opacity, dim, blur_opacity; /* 0..1 */
	int corner_radius;
	enum config_unredir unredir;
};

struct config_window_rule {
	struct cond *cond; /* `match`; NULL (no match key) matches every window */
	uint32_t set;      /* bit (1u << enum config_ws) for each key the rule sets */
	struct config_window_values v;
	/* `animations`: the scripts this rule gives its windows, for the triggers it names
	 * (the others stay as earlier rules or the global option set them); NULL: none */
	struct anim_set *animations;
	char *animations_text; /* as config_dump writes it back */
	int line;
	const char *file;
};

struct config_window_rules {
	struct config_window_rule *items;
	size_t n;
};

/* ---- The configuration ---- */

/* One `wintypes` entry as written; *_set says whether the file gave the field. */
struct config_wintype {
	bool shadow, fade, focus;
	double opacity;
	bool shadow_set, fade_set, focus_set, opacity_set;
	bool full_shadow, clip_shadow_above, blur_background, redir_ignore;
	bool full_shadow_set, clip_shadow_above_set, blur_background_set, redir_ignore_set;
};

enum config_clock {
	CONFIG_CLOCK_REAL,
	CONFIG_CLOCK_VIRTUAL,
};

/* picom's blur methods; "kawase" is picom's old name of dual_kawase. */
enum config_blur_method {
	CONFIG_BLUR_NONE,
	CONFIG_BLUR_KERNEL,
	CONFIG_BLUR_BOX,
	CONFIG_BLUR_GAUSSIAN,
	CONFIG_BLUR_DUAL_KAWASE,
};

/* "none", "kernel", "box", "gaussian", "dual_kawase" */
const char *config_blur_method_name(enum config_blur_method m);

/* The blur options, stored as written; render/ interprets them. `kern` is checked at load
 * with render_kernels_parse (a malformed one is an error at its FILE:LINE). */
struct config_blur {
	enum config_blur_method method; /* blur-method: "none" ("kernel" if blur-background
	                                 * or blur-background-frame is on) */
	int size;                       /* blur-size: 3 */
	double deviation;               /* blur-deviation: 0.84089642 */
	int strength;                   /* blur-strength: 5 (0..20) */
	bool background;                /* blur-background: false */
	bool background_frame;          /* blur-background-frame: false */
	bool background_fixed;          /* blur-background-fixed: false */
	char *kern;                     /* blur-kern as written, NULL when not given */
	int kern_line;                  /* its line in kern_file */
	const char *kern_file;
};

/* An X geometry "[=][W][xH][{+-}X{+-}Y]" (picom's shadow-exclude-reg). */
struct config_geometry {
	bool set, has_width, has_height, has_pos;
	uint32_t width, height; /* a missing one is 0: as large as the screen */
	uint32_t x, y;          /* distances from the edges below */
	bool x_right, y_bottom; /* -X: from the right edge, -Y: from the bottom */
};

enum config_log_level {
	CONFIG_LOG_ERROR,
	CONFIG_LOG_WARN,
	CONFIG_LOG_INFO,
	CONFIG_LOG_DEBUG,
	CONFIG_LOG_TRACE,
};

/* A window property that conditions or settings read (see config_watched_properties). */
struct config_watch {
	char *name;    /* the atom name */
	bool client;   /* on the client window (`@`), else on the toplevel */
	int max_index; /* the highest item read; -1: all of them (`[*]`) */
};

/* Field comments give the option name and the default. With the defaults nothing is
 * drawn but the windows themselves (plain composition). */
struct config {
	bool shadow;                               /* shadow: false */
	int shadow_radius;                         /* shadow-radius: 12 (px, 0..512) */
	double shadow_opacity;                     /* shadow-opacity: 0.75 (0..1) */
	int shadow_offset_x, shadow_offset_y;      /* shadow-offset-x/-y: -15 (px) */
	uint32_t shadow_color;                     /* shadow-color: "#000000", as 0xAARRGGBB */
	struct config_rules shadow_exclude;        /* shadow-exclude */
	struct config_rules clip_shadow_above;     /* clip-shadow-above */
	struct config_geometry shadow_exclude_reg; /* shadow-exclude-reg: none */
	bool crop_shadow_to_monitor;               /* crop-shadow-to-monitor: false */

	bool fading;                        /* fading: false */
	double fade_in_step, fade_out_step; /* fade-in-step 0.028, fade-out-step 0.03 */
	int fade_delta;                     /* fade-delta: 10 (ms per step) */
	bool no_fading_openclose;           /* no-fading-openclose: false */
	bool no_fading_destroyed_argb;      /* no-fading-destroyed-argb: false */
	struct config_rules fade_exclude;   /* fade-exclude */

	double active_opacity;                    /* active-opacity: 1.0 */
	double inactive_opacity;                  /* inactive-opacity: 1.0 */
	double inactive_dim;                      /* inactive-dim: 0.0 */
	bool inactive_dim_fixed;                  /* inactive-dim-fixed: false */
	bool inactive_opacity_override;           /* inactive-opacity-override: false */
	double frame_opacity;                     /* frame-opacity: 1.0 (off) */
	struct config_rules opacity_rules;        /* opacity-rule; value = opacity 0..1 */
	bool mark_wmwin_focused;                  /* mark-wmwin-focused: false */
	bool mark_ovredir_focused;                /* mark-ovredir-focused: false */
	struct config_rules focus_exclude;        /* focus-exclude */
	struct config_rules invert_color_include; /* invert-color-include */

	int corner_radius;                           /* corner-radius: 0 (px) */
	struct config_rules rounded_corners_exclude; /* rounded-corners-exclude */
	struct config_rules corner_radius_rules;     /* corner-radius-rules; value = radius */
	bool detect_rounded_corners;                 /* detect-rounded-corners: false */

	bool transparent_clipping;                        /* transparent-clipping: false */
	struct config_rules transparent_clipping_exclude; /* transparent-clipping-exclude */

	struct config_blur blur;                     /* blur-*, and picom's `blur` group */
	struct config_rules blur_background_exclude; /* blur-background-exclude */

	bool detect_client_opacity; /* detect-client-opacity: false */
	bool detect_transient;      /* detect-transient: false */
	bool detect_client_leader;  /* detect-client-leader: false */
	bool use_ewmh_active_win;   /* use-ewmh-active-win: false */
	bool no_ewmh_fullscreen;    /* no-ewmh-fullscreen: false */

	bool unredir_if_possible;            /* unredir-if-possible: false */
	int unredir_if_possible_delay;       /* unredir-if-possible-delay: 0 (ms) */
	struct config_rules unredir_exclude; /* unredir-if-possible-exclude */

	bool vsync;                           /* vsync: false (--vsync/--no-vsync win) */
	double max_brightness;                /* max-brightness: 1.0 (off) */
	enum config_log_level log_level;      /* log-level: "warn" (--log-level wins) */
	char log_file[CONFIG_PATH_MAX];       /* log-file: "" = stderr */
	char write_pid_path[CONFIG_PATH_MAX]; /* write-pid-path: "" = none */
	bool show_all_xerrors;                /* show-all-xerrors: false */

	struct config_wintype wintypes[WINTYPE_COUNT]; /* wintypes, as written */

	/* rules: when not empty, the options it supersedes were ignored (see
	 * config_window_settings) */
	struct config_window_rules rules;

	uint32_t background_color;            /* background-color: "#000000" */
	bool background_color_set;            /* the file set it: it wins over the root's own */
	char screenshot_dir[CONFIG_PATH_MAX]; /* screenshot-dir: "" = the compositor's default */
	struct config_binding *bindings;      /* bindings */
	size_t nbindings;
	enum config_clock clock; /* clock: "real" */
	bool no_animations;      /* no-animations: false */
	/* animations: picom's animation scripts by trigger; NULL: none */
	struct anim_set *animations;
	char *animations_text;       /* the list as config_dump writes it back */
	const char *animations_file; /* where the option was written */
	int animations_line;

	char source[CONFIG_PATH_MAX]; /* the file loaded; "" for built-in defaults */
	char **files;                 /* every file read, for the rules' `file` */
	size_t nfiles;
	struct config_watch *watch; /* see config_watched_properties */
	size_t nwatch;
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

/* ---- Effective per-window settings ---- */

/* Which option (or window fact) decided a setting. */
struct config_origin {
	const char *option; /* an option ("shadow", "rules", "shadow-exclude", "wintypes"), a
	                     * property ("_NET_WM_WINDOW_OPACITY") or "focus" (the window has
	                     * the input focus); NULL: nothing did, the setting's default */
	long index;         /* the entry of a list option (rules[i], opacity-rule[i]), the
	                     * window type for "wintypes", else -1 */
	bool builtin;       /* the option's built-in default, not written in the file */
	const char *file;   /* where that entry was written, or NULL */
	int line;
};

#define CONFIG_MATCHED_MAX 32

struct config_window_settings {
	struct config_window_values v;
	struct config_origin why[CONFIG_WS_COUNT];
	/* Counted as active for opacity and dim: the legacy focus options (focused,
	 * group_focused, wintypes focus, mark-*-focused, focus-exclude); with `rules`,
	 * cond_window's focused. */
	bool focused;
	struct config_origin focused_why;
	/* The opacity is the window's own _NET_WM_WINDOW_OPACITY, whose value this is (to
	 * draw it exactly). */
	bool opacity_from_prop;
	uint32_t opacity_prop;
	bool dim_fixed;       /* inactive-dim-fixed: dim is not scaled by the opacity */
	double frame_opacity; /* frame-opacity, 1.0 when off */
	/* With `rules`: how many rules matched, and the first CONFIG_MATCHED_MAX of them. */
	size_t nmatched;
	uint32_t matched[CONFIG_MATCHED_MAX];
	/* The animation script for each trigger (NULL: none): the global `animations`,
	 * replaced trigger by trigger by the matching rules that give one (later rules
	 * win); animations_why says which ("animations" or "rules"). Valid while the
	 * configuration is. */
	const struct anim_script *animations[ANIM_TRIGGER_COUNT];
	struct config_origin animations_why[ANIM_TRIGGER_COUNT];
};

/* What the configuration says for window `w`: a pure function of `c` and `w` (and of
 * the properties `w->prop` returns). Without `rules`, picom's legacy options decide:
 * shadow (shadow, wintypes, shadow-exclude, shadow-ignore-shaped, _COMPTON_SHADOW = 0),
 * fade (fading, wintypes, fade-exclude), opacity (_NET_WM_WINDOW_OPACITY, on the client
 * too with detect-client-opacity, unless inactive-opacity-override and not focused; then
 * opacity-rule, wintypes, active-/inactive-opacity), dim (inactive-dim when not focused),
 * corners (corner-radius, rounded-corners-exclude, corner-radius-rules), and
 * full-shadow, clip-shadow-above, blur-background, invert-color, transparent-clipping
 * and unredir from their options, wintypes and _NET_WM_BYPASS_COMPOSITOR. With `rules`,
 * the global options give the defaults and every matching rule, in order, overrides the
 * keys it sets (later rules win, as in picom). The effects switch (toggle-effects) is
 * the caller's: with effects off, draw the property's opacity and nothing else. */
void config_window_settings(
        const struct config *c, const struct cond_window *w, struct config_window_settings *out);

/* `s` as "key=value" lines for `shmcomp-ctl window`: the rules that matched
 * ("rules.matched=0,3"), then each setting and, after it, "KEY.by=" the option that
 * decided it (e.g. "rules[3] shmcomp.conf:12"). Returns the length it needs, as
 * snprintf does. */
size_t config_settings_text(
        const struct config *c, const struct config_window_settings *s, char *buf, size_t len);

/* Every window property that `c`'s conditions and settings read, each (name, client)
 * once, in a stable order: the compositor fetches these for each window (up to
 * max_index + 1 items, or all), caches them for cond_prop_fn, and re-evaluates a
 * window's settings on a PropertyNotify for one of them. Valid while `c` is. */
const struct config_watch *config_watched_properties(const struct config *c, size_t *n);

/* Whether config_watched_properties lists (name, client). */
bool config_watches(const struct config *c, const char *name, bool client);

#endif
