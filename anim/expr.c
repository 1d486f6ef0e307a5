/*
 * expr: the arithmetic of animation scripts, compiled by a shunting-yard pass (no
 * recursion, so no input can exhaust the C stack) to reverse Polish code, and evaluated on
 * a stack sized at compile time. Also the table of context variables.
 */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/anim-private.h"

#define CTX(name, field)                                                                           \
	{                                                                                          \
		name, offsetof(struct anim_context, field) / sizeof(double)                        \
	}

static const struct {
	const char *name;
	size_t index;
} context_vars[] = {
        CTX("window-x", x),
        CTX("window-y", y),
        CTX("window-width", width),
        CTX("window-height", height),
        CTX("window-x-before", x_before),
        CTX("window-y-before", y_before),
        CTX("window-width-before", width_before),
        CTX("window-height-before", height_before),
        CTX("window-raw-opacity", opacity),
        CTX("window-raw-opacity-before", opacity_before),
        CTX("window-blur-opacity", blur_opacity),
        CTX("window-blur-opacity-before", blur_opacity_before),
        CTX("window-monitor-x", monitor_x),
        CTX("window-monitor-y", monitor_y),
        CTX("window-monitor-width", monitor_width),
        CTX("window-monitor-height", monitor_height),
        CTX("window-shadow-red", shadow_red),
        CTX("window-shadow-green", shadow_green),
        CTX("window-shadow-blue", shadow_blue),
        CTX("window-shadow-red-before", shadow_red_before),
        CTX("window-shadow-green-before", shadow_green_before),
        CTX("window-shadow-blue-before", shadow_blue_before),
};

#define NCTX (sizeof(context_vars) / sizeof(context_vars[0]))

int anim_context_index(const char *name, size_t len)
{
	for (size_t i = 0; i < NCTX; i++) {
		if (strlen(context_vars[i].name) == len &&
		        memcmp(context_vars[i].name, name, len) == 0)
			return (int)context_vars[i].index;
	}
	return -1;
}

double anim_context_value(const struct anim_context *ctx, uint32_t index)
{
	/* struct anim_context is all doubles; the index came from offsetof */
	double v;

	memcpy(&v, (const char *)ctx + (size_t)index * sizeof(double), sizeof(v));
	return v;
}

/* ---- compiling ---- */

/* Operators on the shunting-yard stack; '(' is a marker. */
enum pending {
	P_PAREN,
	P_ADD,
	P_SUB,
	P_MUL,
	P_DIV,
	P_POW,
	P_NEG,
};

static const int precedence[] = {
        [P_PAREN] = -1,
        [P_ADD] = 0,
        [P_SUB] = 0,
        [P_MUL] = 1,
        [P_DIV] = 1,
        [P_POW] = 2,
        [P_NEG] = 3,
};

static const enum anim_op pending_op[] = {
        [P_ADD] = ANIM_OP_ADD,
        [P_SUB] = ANIM_OP_SUB,
        [P_MUL] = ANIM_OP_MUL,
        [P_DIV] = ANIM_OP_DIV,
        [P_POW] = ANIM_OP_POW,
        [P_NEG] = ANIM_OP_NEG,
};

struct compiler {
	const char *text;
	const char *s; /* next character */
	struct anim_insn *code;
	uint32_t n, depth, max_depth;
	enum pending *ops;
	size_t nops;
	anim_resolve_fn resolve;
	void *data;
	char *err;
	size_t errlen;
};

static bool fail(struct compiler *c, const char *what)
{
	snprintf(c->err, c->errlen, "in \"%s\": %s at \"%s\"", c->text, what,
	        *c->s ? c->s : "the end");
	return false;
}

/* Every token adds at most one instruction, so code never outgrows strlen + 1. */
static void emit(struct compiler *c, struct anim_insn insn)
{
	c->code[c->n++] = insn;
	if (insn.op <= ANIM_OP_CTX) {
		if (++c->depth > c->max_depth)
			c->max_depth = c->depth;
	} else if (insn.op != ANIM_OP_NEG) {
		c->depth--;
	}
}

static bool name_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '-' || ch == '_';
}

static bool read_number(struct compiler *c)
{
	const char *p = c->s;
	char *end;
	double v;

	if (*p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	v = strtod(c->s, &end);
	if (end != p)
		return fail(c, "malformed number");
	c->s = p;
	if (name_char(*c->s))
		return fail(c, "a name cannot start with a digit");
	emit(c, (struct anim_insn){.op = ANIM_OP_NUM, .num = v});
	return true;
}

static bool read_name(struct compiler *c)
{
	const char *start = c->s;
	enum anim_op op;
	uint32_t arg;

	while (name_char(*c->s))
		c->s++;
	if (!c->resolve(c->data, start, (size_t)(c->s - start), &op, &arg)) {
		snprintf(c->err, c->errlen, "in \"%s\": \"%.*s\" is not defined", c->text,
		        (int)(c->s - start), start);
		return false;
	}
	emit(c, (struct anim_insn){.op = op, .arg = arg});
	return true;
}

static bool starts_number(const char *s)
{
	if (*s == '-')
		s++;
	return isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]));
}

/* An operand, after any number of '(' and unary minus signs. */
static bool operand(struct compiler *c, bool *done)
{
	*done = false;
	if (*c->s == '(') {
		c->ops[c->nops++] = P_PAREN;
		c->s++;
		return true;
	}
	if (starts_number(c->s)) {
		*done = true;
		return read_number(c);
	}
	if (*c->s == '-') {
		c->ops[c->nops++] = P_NEG;
		c->s++;
		return true;
	}
	if (isalpha((unsigned char)*c->s) || *c->s == '_') {
		*done = true;
		return read_name(c);
	}
	return fail(c, "expected a number, a name or '('");
}

static void pop_op(struct compiler *c)
{
	emit(c, (struct anim_insn){.op = pending_op[c->ops[--c->nops]]});
}

static bool close_paren(struct compiler *c)
{
	while (c->nops && c->ops[c->nops - 1] != P_PAREN)
		pop_op(c);
	if (!c->nops)
		return fail(c, "unmatched ')'");
	c->nops--;
	c->s++;
	return true;
}

static bool binary(struct compiler *c)
{
	static const char chars[] = "+-*/^";
	const char *p = *c->s ? strchr(chars, *c->s) : NULL;
	enum pending op;

	if (!p)
		return fail(c, "expected an operator (+ - * / ^) or ')'");
	op = (enum pending)(P_ADD + (p - chars));
	/* left-associative, ^ included, as picom */
	while (c->nops && precedence[c->ops[c->nops - 1]] >= precedence[op])
		pop_op(c);
	c->ops[c->nops++] = op;
	c->s++;
	return true;
}

static bool skip(struct compiler *c)
{
	while (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r')
		c->s++;
	return *c->s != '\0';
}

static bool run(struct compiler *c)
{
	bool want_operand = true, done;

	while (skip(c)) {
		if (want_operand) {
			if (!operand(c, &done))
				return false;
			want_operand = !done;
		} else if (*c->s == ')') {
			if (!close_paren(c))
				return false;
		} else {
			if (!binary(c))
				return false;
			want_operand = true;
		}
	}
	if (want_operand)
		return fail(c, c->n ? "missing operand" : "empty expression");
	while (c->nops) {
		if (c->ops[c->nops - 1] == P_PAREN)
			return fail(c, "unmatched '('");
		pop_op(c);
	}
	return true;
}

bool anim_expr_compile(const char *text, anim_resolve_fn resolve, void *data, struct anim_expr *out,
        char *err, size_t errlen)
{
	size_t len = strlen(text);
	struct compiler c = {
	        .text = text,
	        .s = text,
	        .resolve = resolve,
	        .data = data,
	        .err = err,
	        .errlen = errlen,
	};
	bool ok;

	*out = (struct anim_expr){0};
	if (len > UINT32_MAX / 2) {
		snprintf(err, errlen, "expression too long");
		return false;
	}
	c.code = calloc(len + 1, sizeof(*c.code));
	c.ops = calloc(len + 1, sizeof(*c.ops));
	if (!c.code || !c.ops) {
		snprintf(err, errlen, "out of memory");
		ok = false;
	} else {
		ok = run(&c);
	}
	free(c.ops);
	if (!ok) {
		free(c.code);
		return false;
	}
	*out = (struct anim_expr){.code = c.code, .n = c.n, .depth = c.max_depth};
	return true;
}

void anim_expr_free(struct anim_expr *e)
{
	free(e->code);
	*e = (struct anim_expr){0};
}

static double apply(enum anim_op op, double l, double r)
{
	switch (op) {
	case ANIM_OP_ADD:
		return l + r;
	case ANIM_OP_SUB:
		return l - r;
	case ANIM_OP_MUL:
		return l * r;
	case ANIM_OP_DIV:
		return l / r;
	default:
		return pow(l, r);
	}
}

double anim_expr_eval(const struct anim_expr *e, const double *vars, const struct anim_context *ctx,
        double *stack)
{
	uint32_t top = 0;

	for (uint32_t i = 0; i < e->n; i++) {
		const struct anim_insn *in = &e->code[i];

		switch (in->op) {
		case ANIM_OP_NUM:
			stack[top++] = in->num;
			break;
		case ANIM_OP_VAR:
			stack[top++] = vars[in->arg];
			break;
		case ANIM_OP_CTX:
			stack[top++] = anim_context_value(ctx, in->arg);
			break;
		case ANIM_OP_NEG:
			stack[top - 1] = -stack[top - 1];
			break;
		default:
			top--;
			stack[top - 1] = apply(in->op, stack[top - 1], stack[top]);
		}
	}
	return top ? stack[0] : NAN;
}
