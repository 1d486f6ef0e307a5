/*
 * anim: picom's animation scripts (the `animations` option of picom 12/13): parsing a list
 * of scripts from libconfig into a set keyed by trigger, presets expanded into scripts, and
 * instances evaluated at a time on an injected clock. Pure: no X, no wall clock; the same
 * script, context and time always give the same values.
 */
#ifndef SHMCOMP_ANIM_H
#define SHMCOMP_ANIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libconfig.h>

/* What starts an animation; picom's trigger names (anim_trigger_name). picom 12's
 * "geometry" is accepted as the alias of size and position it is in picom 13. */
enum anim_trigger {
	ANIM_TRIGGER_OPEN,
	ANIM_TRIGGER_CLOSE,
	ANIM_TRIGGER_SHOW,
	ANIM_TRIGGER_HIDE,
	ANIM_TRIGGER_INCREASE_OPACITY,
	ANIM_TRIGGER_DECREASE_OPACITY,
	ANIM_TRIGGER_SIZE,
	ANIM_TRIGGER_POSITION,
	ANIM_TRIGGER_COUNT,
};

const char *anim_trigger_name(enum anim_trigger t);

/* The output variables: a script that defines a variable of this name animates it. */
enum anim_output {
	ANIM_OFFSET_X,          /* offset-x: px added to the window's position */
	ANIM_OFFSET_Y,          /* offset-y */
	ANIM_SHADOW_OFFSET_X,   /* shadow-offset-x: px added to the shadow's position */
	ANIM_SHADOW_OFFSET_Y,   /* shadow-offset-y */
	ANIM_OPACITY,           /* opacity: the window's, 0..1 */
	ANIM_BLUR_OPACITY,      /* blur-opacity: of the blur behind the window, 0..1 */
	ANIM_SHADOW_OPACITY,    /* shadow-opacity: replaces the window opacity in the shadow's */
	ANIM_SCALE_X,           /* scale-x: around the window's top-left corner (after offset) */
	ANIM_SCALE_Y,           /* scale-y */
	ANIM_SHADOW_SCALE_X,    /* shadow-scale-x: around the shadow's top-left corner */
	ANIM_SHADOW_SCALE_Y,    /* shadow-scale-y */
	ANIM_CROP_X,            /* crop-x: window and shadow are clipped to this screen box */
	ANIM_CROP_Y,            /* crop-y */
	ANIM_CROP_WIDTH,        /* crop-width */
	ANIM_CROP_HEIGHT,       /* crop-height */
	ANIM_SAVED_IMAGE_BLEND, /* saved-image-blend: 0 current contents .. 1 saved ones */
	ANIM_SHADOW_RED,        /* shadow-red, -green, -blue (picom 13): shadow colour, 0..1 */
	ANIM_SHADOW_GREEN,
	ANIM_SHADOW_BLUE,
	ANIM_OUTPUT_COUNT,
};

/* picom's name of an output ("offset-x", ...). */
const char *anim_output_name(enum anim_output o);

/*
 * The context variables a script may read, picom's names in the comments. Geometry is the
 * outer rectangle (border included), in screen pixels; "before" is the previous frame's
 * state, which differs from the current one only in the frame of the trigger. There is no
 * screen-size variable in picom: window-monitor-* is the monitor holding the window, or the
 * whole screen when the window is not entirely on one monitor.
 */
struct anim_context {
	double x, y, width, height;                             /* window-x, -y, -width, -height */
	double x_before, y_before, width_before, height_before; /* window-x-before, ... */
	double opacity, opacity_before; /* window-raw-opacity, window-raw-opacity-before */
	double blur_opacity, blur_opacity_before; /* window-blur-opacity, ...-before */
	double monitor_x, monitor_y, monitor_width, monitor_height; /* window-monitor-x, ... */
	double shadow_red, shadow_green, shadow_blue; /* window-shadow-red, ... (0..1) */
	double shadow_red_before, shadow_green_before, shadow_blue_before;
};

/* One compiled script (refcounted: running instances keep theirs alive). */
struct anim_script;

/* The scripts of one `animations` list, by trigger. */
struct anim_set;

/* Warnings: unknown keys, one trigger given to several scripts, and the like. `line` is
 * the line in the configuration file (0 when unknown). */
typedef void (*anim_warn_fn)(void *data, int line, const char *msg);

/*
 * Parses `setting`, the value of an `animations` option (a list of groups), as picom
 * does. Returns NULL with "line N: what is wrong" in err on an error (the first one);
 * warnings go to warn (may be NULL). An empty list gives an empty set.
 */
struct anim_set *anim_set_parse(
        const config_setting_t *setting, anim_warn_fn warn, void *data, char *err, size_t errlen);
/* Accepts NULL. Running instances keep their scripts. */
void anim_set_destroy(struct anim_set *set);

/* The script for trigger t, or NULL when the set (may be NULL) has none. */
const struct anim_script *anim_set_script(const struct anim_set *set, enum anim_trigger t);
/* Bit (1u << trigger) for each trigger the script's animation suppresses while it runs:
 * such a trigger does not interrupt it. */
uint32_t anim_script_suppressions(const struct anim_script *s);
/* The line of the script's group in the configuration file. */
int anim_script_line(const struct anim_script *s);
/* Whether the script defines output o (else the window's own value applies). */
bool anim_script_defines(const struct anim_script *s, enum anim_output o);

/*
 * Compiles one script group (its `triggers`, `suppressions` and `preset` keys are read
 * only for the preset; anim_set_parse handles triggers). For tests and tools; NULL with
 * "line N: ..." on error. Release with anim_script_unref.
 */
struct anim_script *anim_script_compile(
        const config_setting_t *group, anim_warn_fn warn, void *data, char *err, size_t errlen);
void anim_script_unref(const struct anim_script *s);

/* Output values of an instance at a time; bit (1u << o) of `defined` is set for each output
 * the script defines, the others are NaN (see anim_values_fill_defaults). */
struct anim_values {
	double v[ANIM_OUTPUT_COUNT];
	uint32_t defined;
};

/*
 * picom's values for outputs a script does not define: offsets 0, scales 1, no crop
 * (crop-x/y 0, crop-width/height +infinity), saved-image-blend 0, opacity and
 * shadow-opacity `opacity` (the window's own: 0 for a closing or hidden window),
 * blur-opacity `blur_opacity`, shadow colour `shadow_rgb` (0xRRGGBB).
 */
void anim_values_fill_defaults(
        struct anim_values *v, double opacity, double blur_opacity, uint32_t shadow_rgb);

/* One running animation of one window. */
struct anim_instance;

enum anim_state {
	ANIM_RUNNING,
	ANIM_FINISHED, /* its longest timing function has ended: remove its effects */
	ANIM_FAILED,   /* a value became NaN or infinite (e.g. a division by 0): ended */
};

/*
 * Starts `s` at clock time t_ms (milliseconds) in context ctx (copied): start values and
 * the timing functions' parameters are computed now. `interrupted` (NULL = none) is the
 * window's running animation being replaced: as in picom, each timing variable of s
 * (unless it says `reset = true`) starts from the value the variable of the same name has
 * in `interrupted` at t_ms; when ctx shows a geometry change, the interrupted offsets and
 * scales are first corrected for it, and its saved-image-blend is inverted. NULL when out
 * of memory.
 */
struct anim_instance *anim_instance_start(const struct anim_script *s,
        const struct anim_context *ctx, uint64_t t_ms, struct anim_instance *interrupted);
/* Accepts NULL. */
void anim_instance_destroy(struct anim_instance *inst);

/*
 * The outputs at clock time t_ms (a time before the start counts as the start). ctx is
 * the window's context now (NULL = the one it started with): expressions are evaluated
 * with it each time, timing functions' parameters stay as computed at the start. A pure
 * function of (script, start context, start values, ctx, t_ms). Not thread-safe: uses the
 * instance's scratch memory.
 */
enum anim_state anim_instance_eval(struct anim_instance *inst, const struct anim_context *ctx,
        uint64_t t_ms, struct anim_values *out);
/* Time (ms after its start) at which the instance finishes: its longest timing function's
 * delay + duration, rounded up; 0 for a script without timing functions. */
uint64_t anim_instance_duration_ms(const struct anim_instance *inst);
const struct anim_script *anim_instance_script(const struct anim_instance *inst);

/*
 * Timing functions alone (the `curve` of a timing variable): parses "linear",
 * "cubic-bezier(x1, y1, x2, y2)", "steps(n)" or "steps(n, jump-start|jump-end|jump-none|
 * jump-both)" (case-insensitive). False with a message in err on error.
 */
struct anim_curve {
	int kind;    /* private */
	double p[4]; /* cubic-bezier control points */
	int steps;
	bool jump_start, jump_end;
};

bool anim_curve_parse(const char *text, struct anim_curve *out, char *err, size_t errlen);
/* The curve at progress p, clamped to [0, 1]. */
double anim_curve_sample(const struct anim_curve *c, double p);

#endif
