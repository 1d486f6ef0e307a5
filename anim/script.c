/*
 * script: one animation script from its libconfig group: each member is a variable (a
 * number, an expression, or a timing function), names resolve to variables first and
 * context variables second, and the evaluation order is fixed here, where a cycle is an
 * error naming it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/anim-private.h"

static const char *const output_names[ANIM_OUTPUT_COUNT] = {
        [ANIM_OFFSET_X] = "offset-x",
        [ANIM_OFFSET_Y] = "offset-y",
        [ANIM_SHADOW_OFFSET_X] = "shadow-offset-x",
        [ANIM_SHADOW_OFFSET_Y] = "shadow-offset-y",
        [ANIM_OPACITY] = "opacity",
        [ANIM_BLUR_OPACITY] = "blur-opacity",
        [ANIM_SHADOW_OPACITY] = "shadow-opacity",
        [ANIM_SCALE_X] = "scale-x",
        [ANIM_SCALE_Y] = "scale-y",
        [ANIM_SHADOW_SCALE_X] = "shadow-scale-x",
        [ANIM_SHADOW_SCALE_Y] = "shadow-scale-y",
        [ANIM_CROP_X] = "crop-x",
        [ANIM_CROP_Y] = "crop-y",
        [ANIM_CROP_WIDTH] = "crop-width",
        [ANIM_CROP_HEIGHT] = "crop-height",
        [ANIM_SAVED_IMAGE_BLEND] = "saved-image-blend",
        [ANIM_SHADOW_RED] = "shadow-red",
        [ANIM_SHADOW_GREEN] = "shadow-green",
        [ANIM_SHADOW_BLUE] = "shadow-blue",
};

const char *anim_output_name(enum anim_output o)
{
	return (unsigned)o < ANIM_OUTPUT_COUNT ? output_names[o] : "?";
}

void anim_warn(anim_warn_fn warn, void *data, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(data, line, msg);
}

int anim_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

bool anim_setting_number(const config_setting_t *s, double *out)
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
		return false;
	}
}

/* ---- building ---- */

struct builder {
	struct anim_script *s;
	anim_warn_fn warn;
	void *data;
	char *err;
	size_t errlen;
	/* while compiling one expression: the variables it reads */
	uint32_t *refs;
	uint32_t nrefs;
};

static bool fail_at(struct builder *b, int line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool fail_at(struct builder *b, int line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(b->err, b->errlen, "line %d: %s", line, msg);
	return false;
}

static bool resolve(void *data, const char *name, size_t len, enum anim_op *op, uint32_t *arg)
{
	struct builder *b = data;
	int ctx;

	for (uint32_t i = 0; i < b->s->nvars; i++) {
		const char *v = b->s->vars[i].name;

		if (strlen(v) == len && memcmp(v, name, len) == 0) {
			*op = ANIM_OP_VAR;
			*arg = i;
			b->refs[b->nrefs++] = i; /* at most one per character */
			return true;
		}
	}
	ctx = anim_context_index(name, len);
	if (ctx < 0)
		return false;
	*op = ANIM_OP_CTX;
	*arg = (uint32_t)ctx;
	return true;
}

static bool number_expr(struct builder *b, struct anim_expr *e, double num, int line)
{
	e->code = calloc(1, sizeof(*e->code));
	if (!e->code)
		return fail_at(b, line, "out of memory");
	e->code[0] = (struct anim_insn){.op = ANIM_OP_NUM, .num = num};
	e->n = e->depth = 1;
	return true;
}

/* Compiles a number or expression setting into e; refs collects the variables read. */
static bool value_expr(struct builder *b, const config_setting_t *v, const char *what,
        struct anim_expr *e, int line)
{
	char msg[300];
	const char *text;
	double num;

	b->nrefs = 0;
	if (anim_setting_number(v, &num))
		return number_expr(b, e, num, line);
	text = config_setting_get_string(v);
	if (!text)
		return fail_at(
		        b, anim_line(v), "%s must be a number or an expression string", what);
	free(b->refs);
	b->refs = calloc(strlen(text) + 1, sizeof(*b->refs));
	if (!b->refs)
		return fail_at(b, line, "out of memory");
	if (!anim_expr_compile(text, resolve, b, e, msg, sizeof(msg)))
		return fail_at(b, anim_line(v), "%s: %s", what, msg);
	if (e->depth > b->s->depth)
		b->s->depth = e->depth;
	return true;
}

/* Appends refs to the variable's dependencies. */
static bool add_deps(struct builder *b, struct anim_var *v)
{
	uint32_t *d;

	if (!b->nrefs)
		return true;
	d = realloc(v->deps, (v->ndeps + b->nrefs) * sizeof(*d));
	if (!d)
		return fail_at(b, v->line, "out of memory");
	memcpy(d + v->ndeps, b->refs, b->nrefs * sizeof(*d));
	v->deps = d;
	v->ndeps += b->nrefs;
	return true;
}

static const char *const timing_keys[] = {"curve", "duration", "delay", "start", "end", "reset"};

static void warn_timing_keys(struct builder *b, const config_setting_t *g, const char *var)
{
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(m);
		bool known = false;

		for (size_t k = 0; k < sizeof(timing_keys) / sizeof(timing_keys[0]); k++)
			known |= strcmp(name, timing_keys[k]) == 0;
		if (!known)
			anim_warn(b->warn, b->data, anim_line(m),
			        "timing function \"%s\" has no option \"%s\"; ignored", var, name);
	}
}

static bool timing_curve(struct builder *b, const config_setting_t *g, struct anim_var *v)
{
	const config_setting_t *c = config_setting_get_member(g, "curve");
	char msg[300];

	v->curve = (struct anim_curve){.kind = ANIM_CURVE_LINEAR};
	if (!c)
		return true;
	if (!config_setting_get_string(c))
		return fail_at(b, anim_line(c), "curve must be a string");
	if (!anim_curve_parse(config_setting_get_string(c), &v->curve, msg, sizeof(msg)))
		return fail_at(b, anim_line(c), "%s", msg);
	return true;
}

/* Late parameters: end, duration and delay reading variables. */
static bool timing_param(struct builder *b, const config_setting_t *g, struct anim_var *v,
        const char *key, struct anim_expr *e, bool optional)
{
	const config_setting_t *m = config_setting_get_member(g, key);

	if (m) {
		if (!value_expr(b, m, key, e, v->line))
			return false;
		v->late |= b->nrefs > 0;
		return true;
	}
	if (!optional)
		return fail_at(b, anim_line(g), "timing function \"%s\" has no %s", v->name, key);
	return number_expr(b, e, 0, v->line); /* the default delay */
}

static bool timing_var(struct builder *b, const config_setting_t *g, struct anim_var *v)
{
	const config_setting_t *m;
	double d;

	v->kind = ANIM_VAR_TIMING;
	warn_timing_keys(b, g, v->name);
	if (!timing_curve(b, g, v))
		return false;
	m = config_setting_get_member(g, "reset");
	if (m && config_setting_type(m) != CONFIG_TYPE_BOOL)
		return fail_at(b, anim_line(m), "reset must be true or false");
	v->reset = m && config_setting_get_bool(m);
	m = config_setting_get_member(g, "start");
	if (!m)
		return fail_at(b, anim_line(g), "timing function \"%s\" has no start", v->name);
	if (!value_expr(b, m, "start", &v->start, v->line) || !add_deps(b, v))
		return false;
	if (!timing_param(b, g, v, "end", &v->end, false) ||
	        !timing_param(b, g, v, "duration", &v->duration, false) ||
	        !timing_param(b, g, v, "delay", &v->delay, true))
		return false;
	m = config_setting_get_member(g, "duration");
	if (anim_setting_number(m, &d) && !(d > 0))
		return fail_at(b, anim_line(m), "duration must be greater than 0");
	return true;
}

static bool compile_var(struct builder *b, const config_setting_t *m, struct anim_var *v)
{
	const char *text = config_setting_get_string(m);

	if (anim_setting_number(m, &v->num)) {
		v->kind = ANIM_VAR_CONST;
		return true;
	}
	if (text) {
		v->kind = ANIM_VAR_EXPR;
		return value_expr(b, m, "expression", &v->expr, v->line) && add_deps(b, v);
	}
	if (config_setting_type(m) == CONFIG_TYPE_GROUP)
		return timing_var(b, m, v);
	return fail_at(b, v->line,
	        "variable \"%s\" must be a number, an expression string or a timing function "
	        "group",
	        v->name);
}

/* ---- evaluation order ---- */

static void describe_cycle(struct builder *b, const uint32_t *path, size_t n, uint32_t again)
{
	char buf[300] = "";
	size_t start = 0;

	while (path[start] != again)
		start++;
	for (size_t i = start; i < n; i++) {
		strncat(buf, b->s->vars[path[i]].name, sizeof(buf) - strlen(buf) - 1);
		strncat(buf, " -> ", sizeof(buf) - strlen(buf) - 1);
	}
	strncat(buf, b->s->vars[again].name, sizeof(buf) - strlen(buf) - 1);
	fail_at(b, b->s->vars[again].line, "cyclic reference: %s", buf);
}

/* Depth-first from each variable, with explicit stacks: state 1 = on the path,
 * 2 = placed in the order. */
static bool order_vars(struct builder *b)
{
	uint32_t n = b->s->nvars, norder = 0;
	uint8_t *state = calloc(n ? n : 1, 1);
	uint32_t *path = calloc(n ? n : 1, sizeof(*path)), *next = calloc(n ? n : 1, sizeof(*next));
	bool ok = state && path && next;

	b->s->order = calloc(n ? n : 1, sizeof(*b->s->order));
	if (!ok || !b->s->order) {
		ok = fail_at(b, b->s->line, "out of memory");
		goto out;
	}
	for (uint32_t root = 0; root < n && ok; root++) {
		size_t depth = 0;

		if (state[root])
			continue;
		path[depth] = root;
		next[depth++] = 0;
		state[root] = 1;
		while (depth && ok) {
			struct anim_var *v = &b->s->vars[path[depth - 1]];
			uint32_t d;

			if (next[depth - 1] == v->ndeps) {
				state[path[depth - 1]] = 2;
				b->s->order[norder++] = path[--depth];
				continue;
			}
			d = v->deps[next[depth - 1]++];
			if (state[d] == 1) {
				describe_cycle(b, path, depth, d);
				ok = false;
			} else if (!state[d]) {
				state[d] = 1;
				path[depth] = d;
				next[depth++] = 0;
			}
		}
	}
out:
	free(next);
	free(path);
	free(state);
	return ok;
}

/* ---- the script ---- */

void anim_script_unref(const struct anim_script *cs)
{
	struct anim_script *s = (struct anim_script *)cs;

	if (!s || --s->refs > 0)
		return;
	for (uint32_t i = 0; i < s->nvars; i++) {
		struct anim_var *v = &s->vars[i];

		anim_expr_free(&v->expr);
		anim_expr_free(&v->start);
		anim_expr_free(&v->end);
		anim_expr_free(&v->duration);
		anim_expr_free(&v->delay);
		free(v->deps);
		free(v->name);
	}
	free(s->order);
	free(s->vars);
	free(s);
}

static bool skipped(const char *name, const char *const *skip)
{
	for (; skip && *skip; skip++) {
		if (strcmp(name, *skip) == 0)
			return true;
	}
	return false;
}

/* Names first, so that expressions may read variables defined after them. */
static bool collect_names(struct builder *b, const config_setting_t *group, const char *const *skip)
{
	int len = config_setting_length(group);

	b->s->vars = calloc(len > 0 ? (size_t)len : 1, sizeof(*b->s->vars));
	if (!b->s->vars)
		return fail_at(b, b->s->line, "out of memory");
	for (int i = 0; i < len; i++) {
		const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
		struct anim_var *v = &b->s->vars[b->s->nvars];

		if (skipped(config_setting_name(m), skip))
			continue;
		v->name = strdup(config_setting_name(m));
		v->line = anim_line(m);
		if (!v->name)
			return fail_at(b, v->line, "out of memory");
		b->s->nvars++;
	}
	return true;
}

static void map_outputs(struct anim_script *s)
{
	for (int o = 0; o < ANIM_OUTPUT_COUNT; o++) {
		s->outputs[o] = -1;
		for (uint32_t i = 0; i < s->nvars; i++) {
			if (strcmp(s->vars[i].name, output_names[o]) == 0)
				s->outputs[o] = (int32_t)i;
		}
	}
}

struct anim_script *anim_script_from_group(const config_setting_t *group, const char *const *skip,
        anim_warn_fn warn, void *data, char *err, size_t errlen)
{
	struct builder b = {.warn = warn, .data = data, .err = err, .errlen = errlen};
	bool ok;

	if (config_setting_type(group) != CONFIG_TYPE_GROUP) {
		snprintf(err, errlen, "line %d: an animation script must be a group { ... }",
		        anim_line(group));
		return NULL;
	}
	b.s = calloc(1, sizeof(*b.s));
	if (!b.s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	b.s->refs = 1;
	b.s->line = anim_line(group);
	b.s->depth = 1;
	ok = collect_names(&b, group, skip);
	for (uint32_t i = 0, j = 0; ok && i < b.s->nvars; j++) {
		const config_setting_t *m = config_setting_get_elem(group, j);

		if (skipped(config_setting_name(m), skip))
			continue;
		ok = compile_var(&b, m, &b.s->vars[i++]);
	}
	ok = ok && order_vars(&b);
	free(b.refs);
	if (!ok) {
		anim_script_unref(b.s);
		return NULL;
	}
	map_outputs(b.s);
	return b.s;
}

uint32_t anim_script_suppressions(const struct anim_script *s)
{
	return s->suppressions;
}

int anim_script_line(const struct anim_script *s)
{
	return s->line;
}

bool anim_script_defines(const struct anim_script *s, enum anim_output o)
{
	return (unsigned)o < ANIM_OUTPUT_COUNT && s->outputs[o] >= 0;
}
