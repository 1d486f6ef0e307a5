/*
 * anim: the `animations` list (triggers, suppressions, one script per trigger, picom's
 * warnings), and running instances: start values fixed when a trigger fires, then every
 * output a pure function of the clock time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anim/anim-private.h"

static const char *const trigger_names[ANIM_TRIGGER_COUNT] = {
        [ANIM_TRIGGER_OPEN] = "open",
        [ANIM_TRIGGER_CLOSE] = "close",
        [ANIM_TRIGGER_SHOW] = "show",
        [ANIM_TRIGGER_HIDE] = "hide",
        [ANIM_TRIGGER_INCREASE_OPACITY] = "increase-opacity",
        [ANIM_TRIGGER_DECREASE_OPACITY] = "decrease-opacity",
        [ANIM_TRIGGER_SIZE] = "size",
        [ANIM_TRIGGER_POSITION] = "position",
};

#define GEOMETRY_BITS ((1u << ANIM_TRIGGER_SIZE) | (1u << ANIM_TRIGGER_POSITION))

const char *anim_trigger_name(enum anim_trigger t)
{
	return (unsigned)t < ANIM_TRIGGER_COUNT ? trigger_names[t] : "?";
}

struct anim_set {
	struct anim_script *by_trigger[ANIM_TRIGGER_COUNT]; /* one reference each */
};

/* ---- triggers ---- */

/* Bits for one trigger name, "geometry" = size | position (picom 12's trigger, picom
 * 13's alias); 0 when unknown. Case-insensitive, as picom. */
static uint32_t trigger_bits(const char *name)
{
	if (strcasecmp(name, "geometry") == 0)
		return GEOMETRY_BITS | (1u << ANIM_TRIGGER_COUNT);
	for (int t = 0; t < ANIM_TRIGGER_COUNT; t++) {
		if (strcasecmp(name, trigger_names[t]) == 0)
			return 1u << t;
	}
	return 0;
}

/* A string or a list/array of strings of trigger names into bits (bit ANIM_TRIGGER_COUNT
 * marks "geometry"). */
static bool read_triggers(const config_setting_t *s, const char *what, uint32_t *out,
        anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	int type = config_setting_type(s);
	int n = type == CONFIG_TYPE_STRING ? 1 : config_setting_length(s);

	*out = 0;
	if (type != CONFIG_TYPE_STRING && type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
		snprintf(err, errlen, "line %d: %s must be a string or a list of strings",
		        anim_line(s), what);
		return false;
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e =
		        type == CONFIG_TYPE_STRING ? s : config_setting_get_elem(s, (unsigned)i);
		const char *name = config_setting_get_string(e);
		uint32_t bits = name ? trigger_bits(name) : 0;

		if (!bits) {
			snprintf(err, errlen, "line %d: invalid trigger %s%s%s in %s", anim_line(s),
			        name ? "\"" : "", name ? name : "(not a string)", name ? "\"" : "",
			        what);
			return false;
		}
		if (*out & bits & ~GEOMETRY_BITS)
			anim_warn(warn, data, anim_line(s), "duplicate trigger \"%s\" in %s", name,
			        what);
		*out |= bits;
	}
	return true;
}

/* picom warns when "geometry" comes with size or position, which it stands for. */
static uint32_t geometry_alias(
        const config_setting_t *s, const char *what, uint32_t bits, anim_warn_fn warn, void *data)
{
	const config_setting_t *e;
	bool explicit_geometry = false, explicit_other = false;
	int type = config_setting_type(s);
	int n = type == CONFIG_TYPE_STRING ? 1 : config_setting_length(s);

	for (int i = 0; i < n; i++) {
		const char *name;

		e = type == CONFIG_TYPE_STRING ? s : config_setting_get_elem(s, (unsigned)i);
		name = config_setting_get_string(e);
		explicit_geometry |= strcasecmp(name, "geometry") == 0;
		explicit_other |=
		        (trigger_bits(name) & GEOMETRY_BITS) && strcasecmp(name, "geometry") != 0;
	}
	if (explicit_geometry && explicit_other)
		anim_warn(warn, data, anim_line(s),
		        "trigger \"geometry\" is an alias of \"size\" and \"position\", but one or "
		        "both of them are also set in %s",
		        what);
	return bits & ((1u << ANIM_TRIGGER_COUNT) - 1);
}

/* ---- the list ---- */

static const char *const script_keys[] = {"triggers", "suppressions", "preset", NULL};

struct anim_script *anim_script_compile(
        const config_setting_t *group, anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	if (config_setting_type(group) == CONFIG_TYPE_GROUP &&
	        config_setting_get_member(group, "preset"))
		return anim_preset_compile(group, warn, data, err, errlen);
	return anim_script_from_group(group, script_keys, warn, data, err, errlen);
}

static bool parse_one(struct anim_set *set, const config_setting_t *group, anim_warn_fn warn,
        void *data, char *err, size_t errlen)
{
	const config_setting_t *t, *sup;
	struct anim_script *s;
	uint32_t triggers, suppressions = 0;

	if (config_setting_type(group) != CONFIG_TYPE_GROUP) {
		snprintf(err, errlen, "line %d: each animation must be a group { ... }",
		        anim_line(group));
		return false;
	}
	t = config_setting_get_member(group, "triggers");
	if (!t) {
		snprintf(err, errlen, "line %d: animation has no triggers", anim_line(group));
		return false;
	}
	if (!read_triggers(t, "triggers", &triggers, warn, data, err, errlen))
		return false;
	if (!triggers) {
		snprintf(err, errlen, "line %d: the trigger list is empty", anim_line(t));
		return false;
	}
	triggers = geometry_alias(t, "triggers", triggers, warn, data);
	sup = config_setting_get_member(group, "suppressions");
	if (sup) {
		if (!read_triggers(sup, "suppressions", &suppressions, warn, data, err, errlen))
			return false;
		suppressions = geometry_alias(sup, "suppressions", suppressions, warn, data);
	}
	s = anim_script_compile(group, warn, data, err, errlen);
	if (!s)
		return false;
	s->suppressions = suppressions;
	for (int i = 0; i < ANIM_TRIGGER_COUNT; i++) {
		if (!(triggers & (1u << i)))
			continue;
		if (set->by_trigger[i]) {
			/* picom: the first script keeps the trigger */
			anim_warn(warn, data, anim_line(group),
			        "trigger \"%s\" already has an animation (line %d); this one is "
			        "ignored for it",
			        trigger_names[i], set->by_trigger[i]->line);
			continue;
		}
		set->by_trigger[i] = s;
		s->refs++;
	}
	anim_script_unref(s);
	return true;
}

struct anim_set *anim_set_parse(
        const config_setting_t *setting, anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	struct anim_set *set;
	int type = config_setting_type(setting);

	if (type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
		snprintf(err, errlen, "line %d: animations must be a list ( { ... }, ... )",
		        anim_line(setting));
		return NULL;
	}
	set = calloc(1, sizeof(*set));
	if (!set) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int i = 0; i < config_setting_length(setting); i++) {
		if (!parse_one(set, config_setting_get_elem(setting, (unsigned)i), warn, data, err,
		            errlen)) {
			anim_set_destroy(set);
			return NULL;
		}
	}
	return set;
}

void anim_set_destroy(struct anim_set *set)
{
	if (!set)
		return;
	for (int i = 0; i < ANIM_TRIGGER_COUNT; i++)
		anim_script_unref(set->by_trigger[i]);
	free(set);
}

const struct anim_script *anim_set_script(const struct anim_set *set, enum anim_trigger t)
{
	if (!set || (unsigned)t >= ANIM_TRIGGER_COUNT)
		return NULL;
	return set->by_trigger[t];
}

void anim_values_fill_defaults(
        struct anim_values *v, double opacity, double blur_opacity, uint32_t shadow_rgb)
{
	const double fallback[ANIM_OUTPUT_COUNT] = {
	        [ANIM_OPACITY] = opacity,
	        [ANIM_SHADOW_OPACITY] = opacity,
	        [ANIM_BLUR_OPACITY] = blur_opacity,
	        [ANIM_SCALE_X] = 1,
	        [ANIM_SCALE_Y] = 1,
	        [ANIM_SHADOW_SCALE_X] = 1,
	        [ANIM_SHADOW_SCALE_Y] = 1,
	        [ANIM_CROP_WIDTH] = INFINITY,
	        [ANIM_CROP_HEIGHT] = INFINITY,
	        [ANIM_SHADOW_RED] = ((shadow_rgb >> 16) & 0xff) / 255.0,
	        [ANIM_SHADOW_GREEN] = ((shadow_rgb >> 8) & 0xff) / 255.0,
	        [ANIM_SHADOW_BLUE] = (shadow_rgb & 0xff) / 255.0,
	};

	for (int o = 0; o < ANIM_OUTPUT_COUNT; o++) {
		if (!(v->defined & (1u << o)))
			v->v[o] = fallback[o];
	}
}

/* ---- instances ---- */

struct anim_instance {
	struct anim_script *s; /* a reference */
	uint64_t t0;
	struct anim_context ctx;
	/* per variable, fixed at the start: a timing function's start, end, duration and
	 * delay (seconds) */
	double *start, *end, *duration, *delay;
	double *vals;  /* the variables at the last evaluation */
	double *stack; /* s->depth slots */
	double total;  /* seconds until the longest timing function ends */
	bool failed;
};

void anim_instance_destroy(struct anim_instance *inst)
{
	if (!inst)
		return;
	free(inst->stack);
	free(inst->vals);
	free(inst->start);
	anim_script_unref(inst->s);
	free(inst);
}

static struct anim_instance *instance_alloc(const struct anim_script *cs)
{
	struct anim_script *s = (struct anim_script *)cs;
	struct anim_instance *inst = calloc(1, sizeof(*inst));
	size_t n = s->nvars ? s->nvars : 1;

	if (!inst)
		return NULL;
	inst->s = s;
	s->refs++;
	inst->start = calloc(4 * n, sizeof(double));
	inst->vals = calloc(n, sizeof(double));
	inst->stack = calloc(s->depth, sizeof(double));
	if (!inst->start || !inst->vals || !inst->stack) {
		anim_instance_destroy(inst);
		return NULL;
	}
	inst->end = inst->start + n;
	inst->duration = inst->end + n;
	inst->delay = inst->duration + n;
	for (size_t i = 0; i < n; i++)
		inst->start[i] = inst->vals[i] = NAN;
	return inst;
}

static double eval(
        struct anim_instance *inst, const struct anim_expr *e, const struct anim_context *ctx)
{
	return anim_expr_eval(e, inst->vals, ctx, inst->stack);
}

static void timing_params(struct anim_instance *inst, uint32_t i, const struct anim_context *ctx)
{
	const struct anim_var *v = &inst->s->vars[i];

	inst->end[i] = eval(inst, &v->end, ctx);
	inst->duration[i] = eval(inst, &v->duration, ctx);
	inst->delay[i] = eval(inst, &v->delay, ctx);
}

static double timing_value(const struct anim_instance *inst, uint32_t i, double elapsed)
{
	const struct anim_var *v = &inst->s->vars[i];
	double p = (elapsed - inst->delay[i]) / inst->duration[i];

	return inst->start[i] + (inst->end[i] - inst->start[i]) * anim_curve_sample(&v->curve, p);
}

/* Variable i at `elapsed` seconds, its dependencies already computed; false when the
 * value is not finite. */
static bool evaluate_one(
        struct anim_instance *inst, const struct anim_context *ctx, uint32_t i, double elapsed)
{
	const struct anim_var *v = &inst->s->vars[i];
	double x;

	switch (v->kind) {
	case ANIM_VAR_CONST:
		x = v->num;
		break;
	case ANIM_VAR_EXPR:
		x = eval(inst, &v->expr, ctx);
		break;
	default:
		/* parameters reading variables are known only after the first pass */
		x = elapsed == 0 && v->late ? inst->start[i] : timing_value(inst, i, elapsed);
	}
	inst->vals[i] = x;
	return isfinite(x);
}

/* The first pass at elapsed 0, in picom's order: parameters not reading variables and
 * start values before, the other parameters after. */
static bool first_pass(struct anim_instance *inst, const struct anim_context *ctx)
{
	struct anim_script *s = inst->s;

	for (uint32_t i = 0; i < s->nvars; i++) {
		if (s->vars[i].kind == ANIM_VAR_TIMING && !s->vars[i].late)
			timing_params(inst, i, ctx);
	}
	for (uint32_t k = 0; k < s->nvars; k++) {
		uint32_t i = s->order[k];

		/* dependencies of the start value come first in the order */
		if (s->vars[i].kind == ANIM_VAR_TIMING && isnan(inst->start[i]))
			inst->start[i] = eval(inst, &s->vars[i].start, ctx);
		if (!evaluate_one(inst, ctx, i, 0))
			return false;
	}
	for (uint32_t i = 0; i < s->nvars; i++) {
		if (s->vars[i].kind != ANIM_VAR_TIMING)
			continue;
		if (s->vars[i].late)
			timing_params(inst, i, ctx);
		if (!isfinite(inst->start[i]) || !isfinite(inst->end[i]) ||
		        !isfinite(inst->delay[i]) || !(inst->duration[i] > 0) ||
		        !isfinite(inst->duration[i]))
			return false;
		inst->total = fmax(inst->total, inst->duration[i] + inst->delay[i]);
	}
	return true;
}

static int32_t find_var(const struct anim_script *s, const char *name)
{
	for (uint32_t i = 0; i < s->nvars; i++) {
		if (strcmp(s->vars[i].name, name) == 0)
			return (int32_t)i;
	}
	return -1;
}

static bool geometry_changed(const struct anim_context *c)
{
	return c->x != c->x_before || c->y != c->y_before || c->width != c->width_before ||
	       c->height != c->height_before;
}

/* The interrupted animation's variable j, as picom hands it over: saved-image-blend
 * inverted, and after a geometry change offsets and scales moved so that the window does
 * not jump. */
static double handed_over(const struct anim_instance *old, int32_t j, const struct anim_context *c)
{
	const int32_t *out = old->s->outputs;
	double v = old->vals[j];

	if (j == out[ANIM_SAVED_IMAGE_BLEND])
		v = 1 - v;
	if (!geometry_changed(c))
		return v;
	if (j == out[ANIM_OFFSET_X] || j == out[ANIM_SHADOW_OFFSET_X])
		v += c->x_before - c->x;
	if (j == out[ANIM_OFFSET_Y] || j == out[ANIM_SHADOW_OFFSET_Y])
		v += c->y_before - c->y;
	if ((j == out[ANIM_SCALE_X] || j == out[ANIM_SHADOW_SCALE_X]) && c->width != 0)
		v *= c->width_before / c->width;
	if ((j == out[ANIM_SCALE_Y] || j == out[ANIM_SHADOW_SCALE_Y]) && c->height != 0)
		v *= c->height_before / c->height;
	return v;
}

static void resume_from(struct anim_instance *inst, struct anim_instance *old,
        const struct anim_context *ctx, uint64_t t_ms)
{
	struct anim_values unused;

	if (anim_instance_eval(old, ctx, t_ms, &unused) == ANIM_FAILED)
		return;
	for (uint32_t i = 0; i < inst->s->nvars; i++) {
		const struct anim_var *v = &inst->s->vars[i];
		int32_t j;

		if (v->kind != ANIM_VAR_TIMING || v->reset)
			continue;
		j = find_var(old->s, v->name);
		if (j >= 0)
			inst->start[i] = handed_over(old, j, ctx);
	}
}

struct anim_instance *anim_instance_start(const struct anim_script *s,
        const struct anim_context *ctx, uint64_t t_ms, struct anim_instance *interrupted)
{
	struct anim_instance *inst = instance_alloc(s);

	if (!inst)
		return NULL;
	inst->t0 = t_ms;
	inst->ctx = *ctx;
	if (interrupted)
		resume_from(inst, interrupted, ctx, t_ms);
	inst->failed = !first_pass(inst, ctx);
	return inst;
}

static double elapsed_s(const struct anim_instance *inst, uint64_t t_ms)
{
	return t_ms > inst->t0 ? (double)(t_ms - inst->t0) / 1000.0 : 0;
}

enum anim_state anim_instance_eval(struct anim_instance *inst, const struct anim_context *ctx,
        uint64_t t_ms, struct anim_values *out)
{
	double elapsed = elapsed_s(inst, t_ms);

	out->defined = 0;
	for (int o = 0; o < ANIM_OUTPUT_COUNT; o++)
		out->v[o] = NAN;
	if (!ctx)
		ctx = &inst->ctx;
	for (uint32_t k = 0; !inst->failed && k < inst->s->nvars; k++) {
		if (!evaluate_one(inst, ctx, inst->s->order[k], elapsed))
			inst->failed = true;
	}
	if (inst->failed)
		return ANIM_FAILED;
	for (int o = 0; o < ANIM_OUTPUT_COUNT; o++) {
		if (inst->s->outputs[o] >= 0) {
			out->v[o] = inst->vals[inst->s->outputs[o]];
			out->defined |= 1u << o;
		}
	}
	return elapsed >= inst->total ? ANIM_FINISHED : ANIM_RUNNING;
}

uint64_t anim_instance_duration_ms(const struct anim_instance *inst)
{
	double ms = ceil(inst->total * 1000.0);

	return ms > 0 ? (ms < 1e18 ? (uint64_t)ms : UINT64_C(1000000000000000000)) : 0;
}

const struct anim_script *anim_instance_script(const struct anim_instance *inst)
{
	return inst->s;
}

int32_t anim_script_var_index(const struct anim_script *s, const char *name)
{
	return find_var(s, name);
}

double anim_instance_var(const struct anim_instance *inst, uint32_t index)
{
	return index < inst->s->nvars ? inst->vals[index] : NAN;
}
