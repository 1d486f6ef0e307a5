/*
 * preset: picom's animation presets (appear, disappear, slide-in/-out, fly-in/-out,
 * geometry-change) written as script templates, their options read from the user's group
 * and filled in, then compiled like any script. The formulas and curves are picom's;
 * fly-in honours `direction` as the mirror of fly-out (picom's fly-in only comes from
 * above whatever the direction).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/anim-private.h"

struct knobs {
	double duration, scale;
	double dx, dy, horizontal; /* direction: sign along x, along y; 1 when along x */
};

enum knob_kind {
	KNOB_SCALE = 1,
	KNOB_DIRECTION = 2,
};

struct preset {
	const char *name;
	unsigned knobs;
	double duration;
	const char *direction; /* default, for KNOB_DIRECTION */
	void (*text)(char *buf, size_t len, const struct knobs *k);
};

#define G "%.17g"
#define COMMON_SHADOW "shadow-offset-x = \"offset-x\"; shadow-offset-y = \"offset-y\";"

static void appear(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "opacity = { duration = " G "; start = \"window-raw-opacity-before\";"
	        " end = \"window-raw-opacity\"; };"
	        "blur-opacity = \"opacity\"; shadow-opacity = \"opacity\";"
	        "offset-x = \"(1 - scale-x) / 2 * window-width\";"
	        "offset-y = \"(1 - scale-y) / 2 * window-height\";"
	        "scale-x = { curve = \"cubic-bezier(0.24, 0.64, 0.79, 0.98)\"; duration = " G ";"
	        " start = " G "; end = 1; };"
	        "scale-y = \"scale-x\"; shadow-scale-x = \"scale-x\"; shadow-scale-y = "
	        "\"scale-y\";" COMMON_SHADOW,
	        k->duration, k->duration, k->scale);
}

static void disappear(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "opacity = { duration = " G "; start = \"window-raw-opacity-before\";"
	        " end = \"window-raw-opacity\"; };"
	        "blur-opacity = \"opacity\"; shadow-opacity = \"opacity\";"
	        "offset-x = \"(1 - scale-x) / 2 * window-width\";"
	        "offset-y = \"(1 - scale-y) / 2 * window-height\";"
	        "scale-x = { curve = \"cubic-bezier(0.21, 0.02, 0.76, 0.36)\"; duration = " G ";"
	        " start = 1; end = " G "; };"
	        "scale-y = \"scale-x\"; shadow-scale-x = \"scale-x\"; shadow-scale-y = "
	        "\"scale-y\";" COMMON_SHADOW,
	        k->duration, k->duration, k->scale);
}

#define SLIDE_COMMON                                                                               \
	"offset-x = \"v-timing * " G "\"; offset-y = \"v-timing * (1 - " G ")\";" COMMON_SHADOW    \
	"crop-x = \"window-x\"; crop-y = \"window-y\"; crop-width = \"window-width\";"             \
	"crop-height = \"window-height\";"

static void slide_out(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "v-timing = { curve = \"cubic-bezier(0.21, 0.02, 0.76, 0.36)\"; start = 0;"
	        " duration = " G "; end = \"window-width * " G " + window-height * " G
	        "\"; };" SLIDE_COMMON
	        "opacity = 1; blur-opacity = \"opacity\"; shadow-opacity = \"opacity\";",
	        k->duration, k->dx, k->dy, k->horizontal, k->horizontal);
}

static void slide_in(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "v-timing = { curve = \"cubic-bezier(0.24, 0.64, 0.79, 0.98)\";"
	        " start = \"window-width * " G " + window-height * " G "\"; duration = " G ";"
	        " end = 0; };" SLIDE_COMMON,
	        k->dx, k->dy, k->duration, k->horizontal, k->horizontal);
}

#define FLY_COMMON                                                                                 \
	"offset-x = \"v-timing * " G "\"; offset-y = \"v-timing * (1 - " G ")\";" COMMON_SHADOW    \
	"opacity = 1; shadow-opacity = 1; blur-opacity = 1;"
#define FLY_DISTANCE "\"(window-height + window-y) * " G " + (window-width + window-x) * " G "\""

static void fly_out(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "v-timing = { curve = \"cubic-bezier(0.05, 0, 0.69, -0.05)\"; duration = " G ";"
	        " start = 0; end = " FLY_DISTANCE "; };" FLY_COMMON,
	        k->duration, k->dy, k->dx, k->horizontal, k->horizontal);
}

static void fly_in(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "v-timing = { curve = \"cubic-bezier(0.17, 0.67, 0.68, 1.03)\"; end = 0;"
	        " duration = " G "; start = " FLY_DISTANCE "; };" FLY_COMMON,
	        k->duration, k->dy, k->dx, k->horizontal, k->horizontal);
}

#define GEOMETRY_CURVE "curve = \"cubic-bezier(0.07, 0.65, 0, 1)\"; duration = " G ";"

static void geometry_change(char *buf, size_t len, const struct knobs *k)
{
	snprintf(buf, len,
	        "scale-x = { " GEOMETRY_CURVE " start = \"window-width-before / window-width\";"
	        " end = 1; };"
	        "scale-y = { " GEOMETRY_CURVE " start = \"window-height-before / window-height\";"
	        " end = 1; };"
	        "shadow-scale-x = \"scale-x\"; shadow-scale-y = \"scale-y\";"
	        "offset-x = { " GEOMETRY_CURVE
	        " start = \"window-x-before - window-x\"; end = 0; };"
	        "offset-y = { " GEOMETRY_CURVE
	        " start = \"window-y-before - window-y\"; end = 0; };"
	        "saved-image-blend = { duration = " G "; start = 1; end = 0; };" COMMON_SHADOW,
	        k->duration, k->duration, k->duration, k->duration, k->duration);
}

static const struct preset presets[] = {
        {"appear", KNOB_SCALE, 0.2, NULL, appear},
        {"disappear", KNOB_SCALE, 0.2, NULL, disappear},
        {"slide-in", KNOB_DIRECTION, 0.2, "left", slide_in},
        {"slide-out", KNOB_DIRECTION, 0.2, "left", slide_out},
        {"fly-in", KNOB_DIRECTION, 0.2, "up", fly_in},
        {"fly-out", KNOB_DIRECTION, 0.2, "up", fly_out},
        {"geometry-change", 0, 0.4, NULL, geometry_change},
};

static const struct {
	const char *name;
	double dx, dy, horizontal;
} directions[] = {
        {"up", 0, -1, 0},
        {"down", 0, 1, 0},
        {"left", -1, 0, 1},
        {"right", 1, 0, 1},
};

static const char *const common_keys[] = {"triggers", "suppressions", "preset", NULL};

static bool known_key(const struct preset *p, const char *name)
{
	for (int i = 0; common_keys[i]; i++) {
		if (strcmp(name, common_keys[i]) == 0)
			return true;
	}
	return strcmp(name, "duration") == 0 ||
	       ((p->knobs & KNOB_SCALE) && strcmp(name, "scale") == 0) ||
	       ((p->knobs & KNOB_DIRECTION) && strcmp(name, "direction") == 0);
}

static void warn_unknown(
        const struct preset *p, const config_setting_t *group, anim_warn_fn warn, void *data)
{
	for (int i = 0; i < config_setting_length(group); i++) {
		const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);

		if (!known_key(p, config_setting_name(m)))
			anim_warn(warn, data, anim_line(m),
			        "preset \"%s\" has no option \"%s\"; ignored", p->name,
			        config_setting_name(m));
	}
}

/* A number knob; a value of another type is ignored (picom's lookup skips it) with a
 * warning. False when it is out of range. */
static bool number_knob(const config_setting_t *group, const char *key, double *v, bool positive,
        anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	const config_setting_t *m = config_setting_get_member(group, key);
	double d;

	if (!m)
		return true;
	if (!anim_setting_number(m, &d)) {
		anim_warn(warn, data, anim_line(m),
		        "preset option \"%s\" must be a number; ignored", key);
		return true;
	}
	if (!isfinite(d) || (positive && !(d > 0))) {
		snprintf(err, errlen, "line %d: %s must be %s", anim_line(m), key,
		        positive ? "greater than 0" : "a finite number");
		return false;
	}
	*v = d;
	return true;
}

static bool direction_knob(const struct preset *p, const config_setting_t *group, struct knobs *k,
        char *err, size_t errlen)
{
	const config_setting_t *m = config_setting_get_member(group, "direction");
	const char *d = p->direction;

	if (m) {
		d = config_setting_get_string(m);
		if (!d) {
			snprintf(err, errlen, "line %d: direction must be a string", anim_line(m));
			return false;
		}
	}
	for (size_t i = 0; i < sizeof(directions) / sizeof(directions[0]); i++) {
		if (strcmp(d, directions[i].name) == 0) {
			k->dx = directions[i].dx;
			k->dy = directions[i].dy;
			k->horizontal = directions[i].horizontal;
			return true;
		}
	}
	snprintf(err, errlen,
	        "line %d: invalid direction \"%s\" (valid ones are up, down, left, right)",
	        anim_line(m), d);
	return false;
}

static const struct preset *find_preset(const config_setting_t *group, char *err, size_t errlen)
{
	const config_setting_t *m = config_setting_get_member(group, "preset");
	const char *name = m ? config_setting_get_string(m) : NULL;

	if (!name) {
		snprintf(err, errlen, "line %d: preset must be a string", anim_line(m ? m : group));
		return NULL;
	}
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++) {
		if (strcmp(name, presets[i].name) == 0)
			return &presets[i];
	}
	snprintf(err, errlen,
	        "line %d: unknown preset \"%s\" (appear, disappear, slide-in, slide-out, fly-in, "
	        "fly-out, geometry-change)",
	        anim_line(m), name);
	return NULL;
}

static struct anim_script *compile_text(const char *text, int line, char *err, size_t errlen)
{
	config_t cfg;
	struct anim_script *s = NULL;

	config_init(&cfg);
	if (config_read_string(&cfg, text) == CONFIG_TRUE)
		s = anim_script_from_group(
		        config_root_setting(&cfg), NULL, NULL, NULL, err, errlen);
	else
		snprintf(err, errlen, "line %d: internal error in a preset template", line);
	config_destroy(&cfg);
	if (s)
		s->line = line;
	return s;
}

struct anim_script *anim_preset_compile(
        const config_setting_t *group, anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	const struct preset *p = find_preset(group, err, errlen);
	struct knobs k = {.scale = 0.95};
	char text[2048];

	if (!p)
		return NULL;
	warn_unknown(p, group, warn, data);
	k.duration = p->duration;
	if (!number_knob(group, "duration", &k.duration, true, warn, data, err, errlen) ||
	        ((p->knobs & KNOB_SCALE) &&
	                !number_knob(group, "scale", &k.scale, false, warn, data, err, errlen)) ||
	        ((p->knobs & KNOB_DIRECTION) && !direction_knob(p, group, &k, err, errlen)))
		return NULL;
	p->text(text, sizeof(text), &k);
	return compile_text(text, anim_line(group), err, errlen);
}
