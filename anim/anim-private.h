/*
 * anim-private: the compiled form of scripts shared by the files of anim/ (expressions,
 * variables, scripts), not part of its API. Tests use it for the expression parser.
 */
#ifndef SHMCOMP_ANIM_PRIVATE_H
#define SHMCOMP_ANIM_PRIVATE_H

#include "anim/anim.h"

enum anim_curve_kind {
	ANIM_CURVE_LINEAR,
	ANIM_CURVE_BEZIER,
	ANIM_CURVE_STEPS,
};

/* Expressions are compiled to reverse Polish code run on a small stack. */
enum anim_op {
	ANIM_OP_NUM, /* push num */
	ANIM_OP_VAR, /* push variable arg's value */
	ANIM_OP_CTX, /* push context variable arg */
	ANIM_OP_ADD,
	ANIM_OP_SUB,
	ANIM_OP_MUL,
	ANIM_OP_DIV,
	ANIM_OP_POW,
	ANIM_OP_NEG,
};

struct anim_insn {
	enum anim_op op;
	uint32_t arg;
	double num;
};

struct anim_expr {
	struct anim_insn *code;
	uint32_t n;
	uint32_t depth; /* stack slots it needs */
};

/* Maps a name to ANIM_OP_VAR or ANIM_OP_CTX and its index; false when undefined. */
typedef bool (*anim_resolve_fn)(
        void *data, const char *name, size_t len, enum anim_op *op, uint32_t *arg);

/*
 * Compiles `text`: numbers, names (letters, digits, '-' and '_', not starting with a
 * digit: "a-1" is a name, "a - 1" a subtraction), + - * / ^ (left-associative; ^ binds
 * tightest, then * and /), unary minus, parentheses. False with a message in err.
 */
bool anim_expr_compile(const char *text, anim_resolve_fn resolve, void *data, struct anim_expr *out,
        char *err, size_t errlen);
void anim_expr_free(struct anim_expr *e);
/* stack: at least e->depth doubles. */
double anim_expr_eval(const struct anim_expr *e, const double *vars, const struct anim_context *ctx,
        double *stack);

/* Context variables by picom's name: index for ANIM_OP_CTX, or -1. */
int anim_context_index(const char *name, size_t len);
double anim_context_value(const struct anim_context *ctx, uint32_t index);

enum anim_var_kind {
	ANIM_VAR_CONST,
	ANIM_VAR_EXPR,
	ANIM_VAR_TIMING,
};

struct anim_var {
	char *name;
	int line;
	enum anim_var_kind kind;
	double num;            /* ANIM_VAR_CONST */
	struct anim_expr expr; /* ANIM_VAR_EXPR */
	/* ANIM_VAR_TIMING: value = start + (end - start) * curve((t - delay) / duration) */
	struct anim_curve curve;
	struct anim_expr start, end, duration, delay;
	bool reset; /* never starts from an interrupted animation's value */
	/* end, duration or delay read other variables: they are computed after the first
	 * evaluation, which shows the start value (picom's order) */
	bool late;
	uint32_t *deps; /* variables that must be computed first */
	uint32_t ndeps;
};

struct anim_script {
	int refs;
	int line;
	uint32_t suppressions;
	struct anim_var *vars;
	uint32_t nvars;
	uint32_t *order; /* evaluation order: every variable after its dependencies */
	int32_t outputs[ANIM_OUTPUT_COUNT]; /* variable index, -1 when not defined */
	uint32_t depth;                     /* stack slots the deepest expression needs */
};

/* A script from a group; `skip` names keys that are not variables (NULL-terminated). */
struct anim_script *anim_script_from_group(const config_setting_t *group, const char *const *skip,
        anim_warn_fn warn, void *data, char *err, size_t errlen);

/* The script of a preset group (its `preset` key names it), or NULL with err set. */
struct anim_script *anim_preset_compile(
        const config_setting_t *group, anim_warn_fn warn, void *data, char *err, size_t errlen);

/* For tests: a variable's index by name (-1 if none), and its value at the instance's last
 * evaluation. */
int32_t anim_script_var_index(const struct anim_script *s, const char *name);
double anim_instance_var(const struct anim_instance *inst, uint32_t index);

/* Formats a warning and hands it to warn (may be NULL). */
void anim_warn(anim_warn_fn warn, void *data, int line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* A setting's line as an int. */
int anim_line(const config_setting_t *s);

/* A number setting (int or float) as a double. */
bool anim_setting_number(const config_setting_t *s, double *out);

#endif
