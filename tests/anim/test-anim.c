/*
 * anim/: the animation-script module without X. Timing functions against closed forms,
 * the expression language, scripts (order, cycles, picom's own example), every preset and
 * its options, triggers and picom's warnings, errors with their lines, evaluation as a
 * pure function of the clock, interrupted animations, and a seeded fuzz of the
 * expression and curve parsers. Usage: test-anim CASE (test-anim --list lists them).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anim/anim-private.h"
#include "tests/harness/runner.h"

/* The runner's checks (tests/harness/check.h): a failure with the test's own words. */
#define fail test_fail
#define CHECK_MSG(cond, ...) test_expect((cond), __VA_ARGS__)

static bool near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* ---- helpers: configuration text to sets and scripts ---- */

struct warnings {
	char text[4096];
	int count;
};

static void collect(void *data, int line, const char *msg)
{
	struct warnings *w = data;
	size_t len = strlen(w->text);

	snprintf(w->text + len, sizeof(w->text) - len, "line %d: %s\n", line, msg);
	w->count++;
}

/* Parses `animations = (...)` text; NULL with err set on error. */
static struct anim_set *parse_set(const char *text, struct warnings *w, char *err, size_t errlen)
{
	config_t cfg;
	struct anim_set *set = NULL;
	const config_setting_t *s;

	config_init(&cfg);
	if (config_read_string(&cfg, text) != CONFIG_TRUE) {
		snprintf(err, errlen, "libconfig: line %d: %s", config_error_line(&cfg),
		        config_error_text(&cfg));
	} else if (!(s = config_lookup(&cfg, "animations"))) {
		snprintf(err, errlen, "no animations");
	} else {
		if (w)
			memset(w, 0, sizeof(*w));
		set = anim_set_parse(s, w ? collect : NULL, w, err, errlen);
	}
	config_destroy(&cfg);
	return set;
}

/* The script of a one-script list for trigger `open`. */
static struct anim_script *one_script(const char *body)
{
	char text[4096], err[512] = "";
	struct anim_set *set;
	struct anim_script *s = NULL;

	snprintf(text, sizeof(text), "animations = ({ triggers = [\"open\"]; %s });", body);
	set = parse_set(text, NULL, err, sizeof(err));
	if (!set) {
		fail("parsing %s: %s", body, err);
		return NULL;
	}
	s = (struct anim_script *)anim_set_script(set, ANIM_TRIGGER_OPEN);
	s->refs++;
	anim_set_destroy(set);
	return s;
}

static const struct anim_context ctx_default = {
        .x = 100,
        .y = 50,
        .width = 400,
        .height = 300,
        .x_before = 100,
        .y_before = 50,
        .width_before = 400,
        .height_before = 300,
        .opacity = 1,
        .opacity_before = 0,
        .blur_opacity = 1,
        .blur_opacity_before = 0,
        .monitor_width = 1280,
        .monitor_height = 800,
};

/* The value of output o of script s at t ms in ctx_default. */
static double output_at(const struct anim_script *s, enum anim_output o, uint64_t t)
{
	struct anim_instance *inst = anim_instance_start(s, &ctx_default, 1000, NULL);
	struct anim_values v;
	double r;

	anim_instance_eval(inst, NULL, 1000 + t, &v);
	r = (v.defined & (1u << o)) ? v.v[o] : NAN;
	anim_instance_destroy(inst);
	return r;
}

static int32_t find_index(const struct anim_script *s, const char *name)
{
	int32_t i = anim_script_var_index(s, name);

	if (i < 0)
		fail("no variable %s", name);
	return i;
}

static double var_at(const struct anim_instance *inst, int32_t i)
{
	return i < 0 ? NAN : anim_instance_var(inst, (uint32_t)i);
}

/* ---- timing functions ---- */

static struct anim_curve curve(const char *text)
{
	struct anim_curve c;
	char err[256];

	if (!anim_curve_parse(text, &c, err, sizeof(err)))
		fail("curve %s: %s", text, err);
	return c;
}

static bool check_curve_linear(void)
{
	struct anim_curve c = curve("linear");

	for (int i = -2; i <= 12; i++) {
		double p = i / 10.0, want = p < 0 ? 0 : p > 1 ? 1 : p;

		CHECK_MSG(anim_curve_sample(&c, p) == want, "linear(%g) = %g", p,
		        anim_curve_sample(&c, p));
	}
	CHECK_MSG(anim_curve_sample(&c, NAN) == 0, "linear(NaN)");
	return true;
}

/* The CSS cubic bezier through (0,0), (x1,y1), (x2,y2), (1,1) at x = p, solved by plain
 * bisection: the oracle for the solver and for the curves the presets use. */
static double bezier_oracle(double x1, double y1, double x2, double y2, double p)
{
	double lo = 0, hi = 1, t;

	for (int k = 0; k < 200; k++) {
		t = (lo + hi) / 2;
		if (3 * (1 - t) * (1 - t) * t * x1 + 3 * (1 - t) * t * t * x2 + t * t * t < p)
			lo = t;
		else
			hi = t;
	}
	t = (lo + hi) / 2;
	return 3 * (1 - t) * (1 - t) * t * y1 + 3 * (1 - t) * t * t * y2 + t * t * t;
}

/* With x1 = 1/3 and x2 = 2/3 the bezier's x is t itself, so y has a closed form. */
static bool check_curve_bezier(void)
{
	struct anim_curve lin =
	        curve("cubic-bezier(0.3333333333333333, 0.1, 0.6666666666666666, 1.3)");
	struct anim_curve ease = curve("  CUBIC-BEZIER( 0.25 ,0.1, 0.25, 1.0 ) ");

	for (int i = 0; i <= 100; i++) {
		double t = i / 100.0, y1 = 0.1, y2 = 1.3;
		double want = 3 * (1 - t) * (1 - t) * t * y1 + 3 * (1 - t) * t * t * y2 + t * t * t;

		CHECK_MSG(near(anim_curve_sample(&lin, t), want, 1e-9),
		        "bezier(%g) = %.12g, want %.12g", t, anim_curve_sample(&lin, t), want);
	}
	/* a general one: the oracle solves x(t) = p by plain bisection */
	for (int i = 1; i < 100; i++) {
		double p = i / 100.0, want = bezier_oracle(0.25, 0.1, 0.25, 1.0, p);

		CHECK_MSG(near(anim_curve_sample(&ease, p), want, 1e-6),
		        "ease(%g) = %.9g, want %.9g", p, anim_curve_sample(&ease, p), want);
	}
	CHECK_MSG(anim_curve_sample(&ease, 0) == 0 && anim_curve_sample(&ease, 1) == 1, "ends");
	return true;
}

/* picom's steps: jump-start rounds up, the rest down, over n - 1 + jumps levels. */
static bool check_curve_steps(void)
{
	static const struct {
		const char *text;
		double p[7], want[7];
	} cases[] = {
	        {"steps(4, jump-end)", {0, 0.1, 0.25, 0.5, 0.74, 0.99, 1},
	                {0, 0, 0.25, 0.5, 0.5, 0.75, 1}},
	        {"steps(4)", {0, 0.1, 0.25, 0.5, 0.74, 0.99, 1}, {0, 0, 0.25, 0.5, 0.5, 0.75, 1}},
	        {"steps(4, jump-start)", {0, 0.1, 0.25, 0.5, 0.74, 0.99, 1},
	                {0.25, 0.25, 0.25, 0.5, 0.75, 1, 1}},
	        {"steps(3, jump-none)", {0, 0.2, 0.34, 0.5, 0.67, 0.99, 1},
	                {0, 0, 0.5, 0.5, 1, 1, 1}},
	        {"steps(3, jump-both)", {0, 0.2, 0.34, 0.5, 0.67, 0.99, 1},
	                {0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1}},
	        {"step(2,jump-end)", {-1, 0.49, 0.5, 0.51, 0.9, 2, 1}, {0, 0, 0.5, 0.5, 0.5, 1, 1}},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct anim_curve c = curve(cases[i].text);

		for (int k = 0; k < 7; k++) {
			double got = anim_curve_sample(&c, cases[i].p[k]);

			CHECK_MSG(got == cases[i].want[k], "%s at %g = %g, want %g", cases[i].text,
			        cases[i].p[k], got, cases[i].want[k]);
		}
	}
	return true;
}

static bool check_curve_errors(void)
{
	static const char *const bad[] = {"", "asdf", "linear(", "steps(a)", "steps(0)",
	        "steps(1.5)", "steps(1, jump-none)", "steps(2, jump-sideways)", "steps(2",
	        "cubic-bezier(1, 2, 3)", "cubic-bezier(0.1, 0.2, 0.3, 0.4) x", "cubic-bezier",
	        "cubic-bezier(a, 1, 1, 1)", "linear x", "stepsize(2)"};
	struct anim_curve c;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		CHECK_MSG(!anim_curve_parse(bad[i], &c, err, sizeof(err)) && err[0],
		        "curve \"%s\" accepted", bad[i]);
	}
	return true;
}

/* ---- expressions ---- */

static bool resolve_test(void *data, const char *name, size_t len, enum anim_op *op, uint32_t *arg)
{
	static const char *const vars[] = {"a", "b-c", "a-10", "x_1"};
	int c;

	(void)data;
	for (uint32_t i = 0; i < 4; i++) {
		if (strlen(vars[i]) == len && memcmp(vars[i], name, len) == 0) {
			*op = ANIM_OP_VAR;
			*arg = i;
			return true;
		}
	}
	c = anim_context_index(name, len);
	if (c < 0)
		return false;
	*op = ANIM_OP_CTX;
	*arg = (uint32_t)c;
	return true;
}

static bool expr_value(const char *text, double *out, char *err, size_t errlen)
{
	static const double vars[] = {2, 5, 7, 11};
	struct anim_expr e;
	double *stack;

	if (!anim_expr_compile(text, resolve_test, NULL, &e, err, errlen))
		return false;
	stack = calloc(e.depth ? e.depth : 1, sizeof(double));
	*out = anim_expr_eval(&e, vars, &ctx_default, stack);
	free(stack);
	anim_expr_free(&e);
	return true;
}

static bool check_expr(void)
{
	static const struct {
		const char *text;
		double want;
	} cases[] = {
	        {"1 + 2 * 3", 7},
	        {"(1 + 2) * 3", 9},
	        {"10 - 4 - 3", 3},
	        {"2 ^ 3 ^ 2", 64}, /* left-associative, as picom */
	        {"2 * 3 ^ 2", 18},
	        {"-a", -2},
	        {"- a - 1", -3},
	        {"-(a + 1) * 2", -6},
	        {"a-10", 7},    /* a name */
	        {"a - 10", -8}, /* a subtraction */
	        {"a -10", -8},
	        {"b-c / a", 2.5},
	        {"x_1 * -2", -22},
	        {"((((a))))", 2},
	        {"1.5 + .5", 2},
	        {"window-width / 2 + window-x", 300},
	        {"window-monitor-width - window-width", 880},
	        {"7 / 2", 3.5},
	        {"2 ^ -1", 0.5},
	        {" \t3\t", 3},
	};
	char err[256];
	double v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!expr_value(cases[i].text, &v, err, sizeof(err)))
			fail("\"%s\": %s", cases[i].text, err);
		else
			CHECK_MSG(v == cases[i].want, "\"%s\" = %g, want %g", cases[i].text, v,
			        cases[i].want);
	}
	CHECK_MSG(expr_value("1 / 0", &v, err, sizeof(err)) && isinf(v), "1 / 0 is infinite");
	return true;
}

static bool check_expr_errors(void)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	        {"1 @ 2", "expected an operator"},
	        {"1 + +", "expected a number, a name or '('"},
	        {"1)", "unmatched ')'"},
	        {"(1", "unmatched '('"},
	        {"", "empty expression"},
	        {"  ", "empty expression"},
	        {"1 +", "missing operand"},
	        {"nope * 2", "\"nope\" is not defined"},
	        {"a-1O", "\"a-1O\" is not defined"},
	        {"2a", "a name cannot start with a digit"},
	        {"1 2", "expected an operator"},
	        {"()", "expected a number, a name or '('"},
	        {"1..2", "expected an operator"},
	};
	char err[256];
	double v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = 0;
		if (expr_value(cases[i].text, &v, err, sizeof(err)))
			fail("\"%s\" accepted (%g)", cases[i].text, v);
		else
			CHECK_MSG(strstr(err, cases[i].msg), "\"%s\": got \"%s\", want \"%s\"",
			        cases[i].text, err, cases[i].msg);
	}
	return true;
}

/* ---- scripts ---- */

/* picom's own unit-test script (src/transition/script.c), with the values the arithmetic
 * gives: e's end reads c, so e shows its start in the first frame; f starts from e. */
static bool check_script_picom_example(void)
{
	struct anim_script *s = one_script(
	        "a = 10; b = \"a * 2\"; c = \"(b - 1) * (a+1)\"; d = \"- e - 1\";"
	        "e = { curve = \"cubic-bezier(0.5,0.5, 0.5, 0.5)\"; duration = \"a\"; delay = 0.5;"
	        "      start = 10; end = \"2 * c\"; };"
	        "f = { curve = \"cubic-bezier(0.1,0.2, 0.3, 0.4)\"; duration = 10; delay = 0.5;"
	        "      start = \"e + 1\"; end = \"f - 1\"; };"
	        "neg = \"-a\";"
	        "timing1 = { duration = 10; start = 1; end = 0; };"
	        "timing2 = { curve = \"steps(1, jump-start)\"; duration = 10; start = 1; end = 0; "
	        "};");
	struct anim_instance *inst;
	struct anim_values v;
	int32_t e, d, f, c, t2;

	if (!s)
		return false;
	inst = anim_instance_start(s, &ctx_default, 0, NULL);
	e = find_index(s, "e");
	d = find_index(s, "d");
	f = find_index(s, "f");
	c = find_index(s, "c");
	t2 = find_index(s, "timing2");
	CHECK_MSG(anim_instance_duration_ms(inst) == 10500, "total %llu ms",
	        (unsigned long long)anim_instance_duration_ms(inst));
	CHECK_MSG(anim_instance_eval(inst, NULL, 0, &v) == ANIM_RUNNING, "running at 0");
	CHECK_MSG(var_at(inst, c) == 209 && var_at(inst, e) == 10 && var_at(inst, d) == -11 &&
	                  var_at(inst, f) == 11 && var_at(inst, t2) == 0,
	        "at 0: c %g e %g d %g f %g timing2 %g", var_at(inst, c), var_at(inst, e),
	        var_at(inst, d), var_at(inst, f), var_at(inst, t2));
	anim_instance_eval(inst, NULL, 5500, &v);
	CHECK_MSG(var_at(inst, e) == 214, "e at 5.5 s = %g", var_at(inst, e));
	CHECK_MSG(anim_instance_eval(inst, NULL, 10500, &v) == ANIM_FINISHED, "finished at 10.5 s");
	CHECK_MSG(var_at(inst, e) == 418 && var_at(inst, d) == -419 && var_at(inst, f) == 10,
	        "at the end: e %g d %g f %g", var_at(inst, e), var_at(inst, d), var_at(inst, f));
	CHECK_MSG(anim_instance_eval(inst, NULL, 10499, &v) == ANIM_RUNNING, "running at 10.499 s");
	anim_instance_destroy(inst);
	anim_script_unref(s);
	return true;
}

static bool check_script_order(void)
{
	/* defined after use, and an expression reading a timing function */
	struct anim_script *s = one_script("z = \"y * 2\"; y = { duration = 1; start = \"x\";"
	                                   " end = 10; }; x = 4; opacity = \"z / 20\";");

	if (!s)
		return false;
	CHECK_MSG(output_at(s, ANIM_OPACITY, 0) == 0.4, "opacity at 0 = %g",
	        output_at(s, ANIM_OPACITY, 0));
	CHECK_MSG(output_at(s, ANIM_OPACITY, 500) == 0.7, "opacity at 0.5 s = %g",
	        output_at(s, ANIM_OPACITY, 500));
	CHECK_MSG(output_at(s, ANIM_OPACITY, 5000) == 1, "opacity at the end = %g",
	        output_at(s, ANIM_OPACITY, 5000));
	CHECK_MSG(anim_script_defines(s, ANIM_OPACITY) && !anim_script_defines(s, ANIM_OFFSET_X),
	        "outputs");
	anim_script_unref(s);
	return true;
}

/* A timing function whose duration reads a variable shows its start in the first frame
 * (picom computes such parameters after the first pass); with literal parameters the
 * curve applies from the start: steps(2, jump-start) is already at its first step. */
static bool check_late(void)
{
	struct anim_script *late =
	        one_script("d = 1; opacity = { curve = \"steps(2, jump-start)\"; duration = \"d\";"
	                   " start = 0; end = 1; };");
	struct anim_script *early = one_script(
	        "opacity = { curve = \"steps(2, jump-start)\"; duration = \"window-raw-opacity\";"
	        " start = 0; end = 1; };");

	if (!late || !early)
		return false;
	CHECK_MSG(output_at(late, ANIM_OPACITY, 0) == 0, "late: %g at 0",
	        output_at(late, ANIM_OPACITY, 0));
	CHECK_MSG(output_at(late, ANIM_OPACITY, 1) == 0.5, "late: %g at 1 ms",
	        output_at(late, ANIM_OPACITY, 1));
	CHECK_MSG(output_at(early, ANIM_OPACITY, 0) == 0.5, "early: %g at 0",
	        output_at(early, ANIM_OPACITY, 0));
	anim_script_unref(early);
	anim_script_unref(late);
	return true;
}

static void expect_error(const char *text, const char *want)
{
	char err[512] = "";
	struct anim_set *set = parse_set(text, NULL, err, sizeof(err));

	if (set) {
		fail("accepted: %s", text);
		anim_set_destroy(set);
		return;
	}
	CHECK_MSG(strstr(err, want), "%s\n  got  \"%s\"\n  want \"%s\"", text, err, want);
}

static bool check_cycle(void)
{
	expect_error("animations = ({ triggers = [\"open\"];\n a = \"c\";\n b = \"a * 2\";\n"
	             " c = \"b + 1\"; });",
	        "line 2: cyclic reference: a -> c -> b -> a");
	expect_error("animations = ({ triggers = [\"open\"];\n\n v = { start = \"v\"; end = 1;"
	             " duration = 1; }; });",
	        "line 3: cyclic reference: v -> v");
	expect_error("animations = ({ triggers = \"open\"; q = \"q + 1\"; });",
	        "cyclic reference: q -> q");
	return true;
}

/* Each error names its line in the file. */
static bool check_errors(void)
{
	expect_error("x = 1;\nanimations = ({ triggers = [\"open\"];\n\n  a = \"b * 2\"; });",
	        "line 4: expression: in \"b * 2\": \"b\" is not defined");
	expect_error("animations = (\n{ triggers = [\"open\"];\n a = { curve = \"wobbly\";"
	             " start = 0; end = 1; duration = 1; }; });",
	        "line 3: unknown curve \"wobbly\"");
	expect_error("animations = (\n{ triggers = [\"open\"];\n a = { end = 1; duration = 1; };"
	             " });",
	        "line 3: timing function \"a\" has no start");
	expect_error("animations = ({ triggers = [\"open\"];\n a = { start = 0; end = 1;\n"
	             " duration = 0; }; });",
	        "line 3: duration must be greater than 0");
	expect_error("animations = ({ triggers = [\"open\"]; a = { start = 0; end = 1; }; });",
	        "has no duration");
	expect_error("animations = ({\n triggers = [\"open\", \"wiggle\"]; });",
	        "line 2: invalid trigger \"wiggle\" in triggers");
	expect_error("animations = ({ triggers = [\"open\"];\n suppressions = [\"nope\"]; });",
	        "line 2: invalid trigger \"nope\" in suppressions");
	expect_error("animations = (\n\n{ opacity = 1; });", "line 3: animation has no triggers");
	expect_error("animations = ({ triggers = []; });", "the trigger list is empty");
	expect_error("animations = ({ triggers = 5; });", "triggers must be a string or a list");
	expect_error("animations = ({ triggers = [\"open\"];\n preset = \"explode\"; });",
	        "line 2: unknown preset \"explode\"");
	expect_error("animations = ({ triggers = [\"open\"]; preset = \"slide-in\";\n"
	             " direction = \"sideways\"; });",
	        "line 2: invalid direction \"sideways\"");
	expect_error("animations = ({ triggers = [\"open\"]; preset = \"appear\";\n\n"
	             " duration = 0; });",
	        "line 3: duration must be greater than 0");
	expect_error("animations = ({ triggers = [\"open\"]; preset = 3; });",
	        "preset must be a string");
	expect_error("animations = ( 5 );", "each animation must be a group");
	expect_error("animations = { a = 1; };", "animations must be a list");
	expect_error("animations = ({ triggers = [\"open\"];\n a = true; });",
	        "line 2: variable \"a\" must be a number");
	expect_error("animations = ({ triggers = [\"open\"]; a = { start = 0; end = 1;"
	             " duration = 1;\n curve = 3; }; });",
	        "line 2: curve must be a string");
	expect_error("animations = ({ triggers = [\"open\"]; a = { start = 0; end = \"1 +\";"
	             " duration = 1; }; });",
	        "end: in \"1 +\": missing operand");
	return true;
}

/* ---- presets ---- */

struct expect {
	enum anim_output o;
	uint64_t t;
	double want;
};

static void check_preset(const char *body, const struct expect *e, size_t n, uint64_t duration)
{
	struct anim_script *s = one_script(body);
	struct anim_instance *inst;
	struct anim_values v;

	if (!s)
		return;
	for (size_t i = 0; i < n; i++) {
		double got = output_at(s, e[i].o, e[i].t);

		CHECK_MSG(near(got, e[i].want, 1e-9 + fabs(e[i].want) * 1e-5),
		        "%s: %s at %llu ms = %.12g, want %.12g", body, anim_output_name(e[i].o),
		        (unsigned long long)e[i].t, got, e[i].want);
	}
	inst = anim_instance_start(s, &ctx_default, 0, NULL);
	CHECK_MSG(anim_instance_duration_ms(inst) == duration, "%s: lasts %llu ms, want %llu", body,
	        (unsigned long long)anim_instance_duration_ms(inst), (unsigned long long)duration);
	CHECK_MSG(anim_instance_eval(inst, NULL, duration - 1, &v) == ANIM_RUNNING &&
	                  anim_instance_eval(inst, NULL, duration, &v) == ANIM_FINISHED,
	        "%s: ends at %llu ms", body, (unsigned long long)duration);
	anim_instance_destroy(inst);
	anim_script_unref(s);
}

#define EXPECT(body, duration, ...)                                                                \
	do {                                                                                       \
		const struct expect e_[] = {__VA_ARGS__};                                          \
		check_preset(body, e_, sizeof(e_) / sizeof(e_[0]), duration);                      \
	} while (0)

/* picom's curves of the presets, at their middle */
#define APPEAR_MID bezier_oracle(0.24, 0.64, 0.79, 0.98, 0.5)
#define DISAPPEAR_MID bezier_oracle(0.21, 0.02, 0.76, 0.36, 0.5)
#define FLY_OUT_MID bezier_oracle(0.05, 0, 0.69, -0.05, 0.5)
#define FLY_IN_MID bezier_oracle(0.17, 0.67, 0.68, 1.03, 0.5)
#define GEOMETRY_MID bezier_oracle(0.07, 0.65, 0, 1, 0.5)

/* The window is 400x300 at (100, 50); opacity goes 0 -> 1. */
static bool check_presets(void)
{
	EXPECT("preset = \"appear\";", 200, {ANIM_SCALE_X, 100, 0.95 + 0.05 * APPEAR_MID},
	        {ANIM_OFFSET_X, 100, (0.05 - 0.05 * APPEAR_MID) / 2 * 400});
	EXPECT("preset = \"disappear\";", 200, {ANIM_SCALE_Y, 100, 1 - 0.05 * DISAPPEAR_MID});
	EXPECT("preset = \"slide-in\";", 200, {ANIM_OFFSET_X, 100, -400 + 400 * APPEAR_MID});
	EXPECT("preset = \"slide-out\";", 200, {ANIM_OFFSET_X, 100, -400 * DISAPPEAR_MID});
	EXPECT("preset = \"fly-out\";", 200, {ANIM_OFFSET_Y, 100, -350 * FLY_OUT_MID});
	EXPECT("preset = \"fly-in\";", 200, {ANIM_OFFSET_Y, 100, -350 + 350 * FLY_IN_MID});
	EXPECT("preset = \"geometry-change\"; duration = 1;", 1000,
	        {ANIM_SAVED_IMAGE_BLEND, 500, 0.5}, {ANIM_SCALE_X, 500, 1});
	EXPECT("preset = \"appear\";", 200, {ANIM_SCALE_X, 0, 0.95}, {ANIM_SCALE_Y, 0, 0.95},
	        {ANIM_OFFSET_X, 0, 0.025 * 400}, {ANIM_OFFSET_Y, 0, 0.025 * 300},
	        {ANIM_OPACITY, 0, 0}, {ANIM_OPACITY, 100, 0.5}, {ANIM_SHADOW_OPACITY, 100, 0.5},
	        {ANIM_BLUR_OPACITY, 100, 0.5}, {ANIM_SHADOW_OFFSET_X, 0, 10},
	        {ANIM_SHADOW_SCALE_Y, 0, 0.95}, {ANIM_SCALE_X, 200, 1}, {ANIM_OPACITY, 200, 1},
	        {ANIM_OFFSET_X, 200, 0});
	EXPECT("preset = \"appear\"; scale = 0.5; duration = 1;", 1000, {ANIM_SCALE_X, 0, 0.5},
	        {ANIM_OFFSET_Y, 0, 75}, {ANIM_OPACITY, 250, 0.25}, {ANIM_SCALE_X, 1000, 1});
	EXPECT("preset = \"disappear\";", 200, {ANIM_SCALE_X, 0, 1}, {ANIM_SCALE_X, 200, 0.95},
	        {ANIM_OFFSET_X, 200, 10}, {ANIM_OPACITY, 0, 0}, {ANIM_OPACITY, 200, 1});
	EXPECT("preset = \"slide-in\";", 200, {ANIM_OFFSET_X, 0, -400}, {ANIM_OFFSET_Y, 0, 0},
	        {ANIM_OFFSET_X, 200, 0}, {ANIM_CROP_X, 0, 100}, {ANIM_CROP_Y, 100, 50},
	        {ANIM_CROP_WIDTH, 0, 400}, {ANIM_CROP_HEIGHT, 0, 300},
	        {ANIM_SHADOW_OFFSET_X, 0, -400});
	EXPECT("preset = \"slide-in\"; direction = \"down\"; duration = 0.5;", 500,
	        {ANIM_OFFSET_Y, 0, 300}, {ANIM_OFFSET_X, 0, 0}, {ANIM_OFFSET_Y, 500, 0});
	EXPECT("preset = \"slide-out\"; direction = \"up\";", 200, {ANIM_OFFSET_Y, 0, 0},
	        {ANIM_OFFSET_Y, 200, -300}, {ANIM_OPACITY, 100, 1}, {ANIM_CROP_X, 0, 100});
	EXPECT("preset = \"slide-out\"; direction = \"right\";", 200, {ANIM_OFFSET_X, 200, 400},
	        {ANIM_OFFSET_Y, 200, 0});
	EXPECT("preset = \"slide-out\";", 200, {ANIM_OFFSET_X, 200, -400});
	EXPECT("preset = \"fly-out\";", 200, {ANIM_OFFSET_Y, 0, 0}, {ANIM_OFFSET_Y, 200, -350},
	        {ANIM_OPACITY, 100, 1}, {ANIM_SHADOW_OPACITY, 0, 1}, {ANIM_BLUR_OPACITY, 0, 1});
	EXPECT("preset = \"fly-out\"; direction = \"right\";", 200, {ANIM_OFFSET_X, 200, 500},
	        {ANIM_OFFSET_Y, 200, 0});
	EXPECT("preset = \"fly-in\";", 200, {ANIM_OFFSET_Y, 0, -350}, {ANIM_OFFSET_Y, 200, 0},
	        {ANIM_OPACITY, 0, 1});
	EXPECT("preset = \"fly-in\"; direction = \"left\";", 200, {ANIM_OFFSET_X, 0, -500},
	        {ANIM_OFFSET_Y, 0, 0});
	EXPECT("preset = \"geometry-change\";", 400, {ANIM_SCALE_X, 0, 1},
	        {ANIM_SAVED_IMAGE_BLEND, 0, 1}, {ANIM_SAVED_IMAGE_BLEND, 100, 0.75},
	        {ANIM_SAVED_IMAGE_BLEND, 400, 0}, {ANIM_OFFSET_X, 0, 0});
	return true;
}

/* geometry-change after a move and a resize: it starts where the window was. */
static bool check_preset_geometry(void)
{
	struct anim_script *s = one_script("preset = \"geometry-change\"; duration = 1;");
	struct anim_context c = ctx_default;
	struct anim_instance *inst;
	struct anim_values v;

	if (!s)
		return false;
	c.x_before = 40, c.y_before = 20, c.width_before = 200, c.height_before = 600;
	inst = anim_instance_start(s, &c, 0, NULL);
	anim_instance_eval(inst, NULL, 0, &v);
	CHECK_MSG(v.v[ANIM_OFFSET_X] == -60 && v.v[ANIM_OFFSET_Y] == -30 &&
	                  v.v[ANIM_SCALE_X] == 0.5 && v.v[ANIM_SCALE_Y] == 2 &&
	                  v.v[ANIM_SHADOW_SCALE_Y] == 2,
	        "start: offset %g,%g scale %g,%g", v.v[ANIM_OFFSET_X], v.v[ANIM_OFFSET_Y],
	        v.v[ANIM_SCALE_X], v.v[ANIM_SCALE_Y]);
	anim_instance_eval(inst, NULL, 500, &v);
	CHECK_MSG(near(v.v[ANIM_OFFSET_X], -60 + 60 * GEOMETRY_MID, 1e-4) &&
	                  near(v.v[ANIM_SCALE_X], 0.5 + 0.5 * GEOMETRY_MID, 1e-6),
	        "middle: offset %.9g scale %.9g", v.v[ANIM_OFFSET_X], v.v[ANIM_SCALE_X]);
	anim_instance_eval(inst, NULL, 1000, &v);
	CHECK_MSG(v.v[ANIM_OFFSET_X] == 0 && v.v[ANIM_SCALE_Y] == 1, "end");
	anim_instance_destroy(inst);
	anim_script_unref(s);
	return true;
}

/* ---- triggers and warnings ---- */

static bool check_triggers(void)
{
	struct warnings w;
	char err[512] = "";
	struct anim_set *set = parse_set(
	        "animations = ({\n"
	        "  triggers = [\"close\", \"HIDE\"]; suppressions = \"open\";\n"
	        "  opacity = { duration = 0.1; start = 1; end = 0; };\n"
	        "}, {\n"
	        "  triggers = \"geometry\"; suppressions = [\"increase-opacity\", \"geometry\"];\n"
	        "  preset = \"geometry-change\";\n"
	        "}, {\n"
	        "  triggers = [\"increase-opacity\", \"decrease-opacity\"];\n"
	        "  opacity = 1;\n"
	        "});",
	        &w, err, sizeof(err));
	const struct anim_script *close, *geo;

	if (!set) {
		fail("%s", err);
		return false;
	}
	close = anim_set_script(set, ANIM_TRIGGER_CLOSE);
	geo = anim_set_script(set, ANIM_TRIGGER_SIZE);
	CHECK_MSG(
	        close && close == anim_set_script(set, ANIM_TRIGGER_HIDE), "close and hide share");
	CHECK_MSG(!anim_set_script(set, ANIM_TRIGGER_OPEN) &&
	                  !anim_set_script(set, ANIM_TRIGGER_SHOW),
	        "no open or show");
	CHECK_MSG(geo && geo == anim_set_script(set, ANIM_TRIGGER_POSITION),
	        "geometry = size+position");
	CHECK_MSG(close && anim_script_suppressions(close) == 1u << ANIM_TRIGGER_OPEN,
	        "close suppresses open");
	CHECK_MSG(geo && anim_script_suppressions(geo) == ((1u << ANIM_TRIGGER_INCREASE_OPACITY) |
	                                                          (1u << ANIM_TRIGGER_SIZE) |
	                                                          (1u << ANIM_TRIGGER_POSITION)),
	        "geometry suppressions %#x", geo ? anim_script_suppressions(geo) : 0);
	CHECK_MSG(close && anim_script_line(close) == 1 && geo && anim_script_line(geo) == 4,
	        "script lines");
	CHECK_MSG(anim_set_script(set, ANIM_TRIGGER_DECREASE_OPACITY) != NULL, "decrease-opacity");
	CHECK_MSG(w.count == 0, "no warnings expected:\n%s", w.text);
	CHECK_MSG(anim_set_script(NULL, ANIM_TRIGGER_OPEN) == NULL, "NULL set");
	CHECK_MSG(
	        strcmp(anim_trigger_name(ANIM_TRIGGER_DECREASE_OPACITY), "decrease-opacity") == 0 &&
	                strcmp(anim_output_name(ANIM_SAVED_IMAGE_BLEND), "saved-image-blend") == 0,
	        "names");
	anim_set_destroy(set);
	return true;
}

/* What picom warns about: one trigger given to several scripts (the first keeps it),
 * duplicates in a list, "geometry" with size or position; and options nobody reads. */
static bool check_warnings(void)
{
	struct warnings w;
	char err[512] = "";
	struct anim_set *set =
	        parse_set("animations = ({\n"
	                  "  triggers = [\"close\", \"hide\"];\n"
	                  "  offset-y = { start = 0; duration = 0.2; end = \"- window-height - "
	                  "window-y\"; };\n"
	                  "  opacity = 1;\n"
	                  "}, {\n"
	                  "  triggers = [\"open\"]; preset = \"slide-in\"; duration = 1;\n"
	                  "}, {\n"
	                  "  triggers = [\"open\"]; preset = \"fly-in\"; duration = 1;\n"
	                  "}, {\n"
	                  "  triggers = [\"show\", \"show\"]; preset = \"appear\"; speed = 3;\n"
	                  "}, {\n"
	                  "  triggers = [\"geometry\", \"size\"];\n"
	                  "  a = { start = 0; end = 1; duration = 1; bounce = true; };\n"
	                  "});",
	                &w, err, sizeof(err));
	const struct anim_script *open;

	if (!set) {
		fail("%s", err);
		return false;
	}
	open = anim_set_script(set, ANIM_TRIGGER_OPEN);
	CHECK_MSG(open && anim_script_line(open) == 5, "the first script keeps open");
	CHECK_MSG(w.count == 5, "%d warnings:\n%s", w.count, w.text);
	CHECK_MSG(strstr(w.text,
	                  "line 7: trigger \"open\" already has an animation (line 5); this one "
	                  "is ignored for it"),
	        "duplicate animation:\n%s", w.text);
	CHECK_MSG(strstr(w.text, "line 10: duplicate trigger \"show\" in triggers"),
	        "duplicate:\n%s", w.text);
	CHECK_MSG(strstr(w.text, "line 10: preset \"appear\" has no option \"speed\"; ignored"),
	        "unknown preset option:\n%s", w.text);
	CHECK_MSG(strstr(w.text, "line 12: trigger \"geometry\" is an alias of \"size\" and "
	                         "\"position\""),
	        "alias:\n%s", w.text);
	CHECK_MSG(
	        strstr(w.text, "line 13: timing function \"a\" has no option \"bounce\"; ignored"),
	        "unknown timing option:\n%s", w.text);
	anim_set_destroy(set);
	return true;
}

/* ---- evaluation ---- */

/* Values depend on the time only: any order of evaluation, fresh or reused instances. */
static bool check_pure(void)
{
	struct anim_script *s = one_script("preset = \"appear\"; duration = 0.3;");
	struct anim_instance *a, *b;
	struct anim_values va, vb;
	uint64_t times[] = {250, 0, 300, 17, 150, 17, 299, 1000, 90};

	if (!s)
		return false;
	a = anim_instance_start(s, &ctx_default, 5000, NULL);
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		enum anim_state sa = anim_instance_eval(a, NULL, 5000 + times[i], &va), sb;

		b = anim_instance_start(s, &ctx_default, 5000, NULL);
		sb = anim_instance_eval(b, NULL, 5000 + times[i], &vb);
		CHECK_MSG(sa == sb && va.defined == vb.defined &&
		                  memcmp(va.v, vb.v, sizeof(va.v)) == 0,
		        "t = %llu differs between a reused and a fresh instance",
		        (unsigned long long)times[i]);
		anim_instance_destroy(b);
	}
	/* before the start counts as the start */
	anim_instance_eval(a, NULL, 0, &va);
	anim_instance_eval(a, NULL, 5000, &vb);
	CHECK_MSG(memcmp(va.v, vb.v, sizeof(va.v)) == 0, "before the start");
	anim_instance_destroy(a);
	anim_script_unref(s);
	return true;
}

/* The context given at evaluation time feeds expressions; timing parameters stay. */
static bool check_context_now(void)
{
	struct anim_script *s = one_script("preset = \"slide-in\";");
	struct anim_context moved = ctx_default;
	struct anim_instance *inst;
	struct anim_values v;

	if (!s)
		return false;
	moved.x = 700, moved.width = 100;
	inst = anim_instance_start(s, &ctx_default, 0, NULL);
	anim_instance_eval(inst, &moved, 0, &v);
	CHECK_MSG(v.v[ANIM_CROP_X] == 700 && v.v[ANIM_CROP_WIDTH] == 100 &&
	                  v.v[ANIM_OFFSET_X] == -400,
	        "crop %g+%g offset %g", v.v[ANIM_CROP_X], v.v[ANIM_CROP_WIDTH], v.v[ANIM_OFFSET_X]);
	anim_instance_destroy(inst);
	anim_script_unref(s);
	return true;
}

/* picom's hand-over: a new animation's timing variables start where the interrupted one's
 * namesakes are; reset = true opts out; a geometry change moves offsets and scales; the
 * saved image's blend is inverted. */
static bool check_interrupt(void)
{
	struct anim_script *appear = one_script("preset = \"appear\"; duration = 1;");
	struct anim_script *close =
	        one_script("opacity = { duration = 1; start = 1; end = 0; };"
	                   "scale-x = { duration = 1; start = 1; end = 0.5; reset = true; };");
	struct anim_script *geo =
	        one_script("offset-x = { duration = 1; start = 0; end = 0; };"
	                   "scale-x = { duration = 1; start = 1; end = 1; };"
	                   "saved-image-blend = { duration = 1; start = 1; end = 0; };");
	struct anim_instance *a, *b, *c, *old;
	struct anim_values v;
	struct anim_context moved = ctx_default;

	if (!appear || !close || !geo)
		return false;
	a = anim_instance_start(appear, &ctx_default, 0, NULL);
	anim_instance_eval(a, NULL, 500, &v);
	b = anim_instance_start(close, &ctx_default, 500, a);
	anim_instance_eval(b, NULL, 500, &v);
	CHECK_MSG(v.v[ANIM_OPACITY] == 0.5, "opacity starts from the interrupted 0.5: %g",
	        v.v[ANIM_OPACITY]);
	CHECK_MSG(v.v[ANIM_SCALE_X] == 1, "reset = true ignores the interrupted scale: %g",
	        v.v[ANIM_SCALE_X]);
	anim_instance_eval(b, NULL, 1000, &v);
	CHECK_MSG(v.v[ANIM_OPACITY] == 0.25, "halfway from 0.5 to 0: %g", v.v[ANIM_OPACITY]);

	moved.x_before = 100, moved.x = 160, moved.width_before = 400, moved.width = 800;
	old = anim_instance_start(geo, &ctx_default, 0, NULL);
	c = anim_instance_start(geo, &moved, 200, old);
	anim_instance_eval(c, NULL, 200, &v);
	CHECK_MSG(v.v[ANIM_OFFSET_X] == -60 && v.v[ANIM_SCALE_X] == 0.5 &&
	                  near(v.v[ANIM_SAVED_IMAGE_BLEND], 0.2, 1e-12),
	        "hand-over after a geometry change: offset %g scale %g blend %g",
	        v.v[ANIM_OFFSET_X], v.v[ANIM_SCALE_X], v.v[ANIM_SAVED_IMAGE_BLEND]);
	anim_instance_destroy(c);
	anim_instance_destroy(old);
	anim_instance_destroy(b);
	anim_instance_destroy(a);
	anim_script_unref(geo);
	anim_script_unref(close);
	anim_script_unref(appear);
	return true;
}

/* No timing function: over at once. A division by zero: failed, over. */
static bool check_ends(void)
{
	struct anim_script *still = one_script("opacity = 0.5;");
	struct anim_script *zero =
	        one_script("t = { duration = 1; start = 0; end = 1; }; opacity = \"1 / t\";");
	struct anim_script *late0 =
	        one_script("d = 0; t = { duration = \"d\"; start = 0; end = 1; };");
	struct anim_instance *inst;
	struct anim_values v;

	if (!still || !zero || !late0)
		return false;
	inst = anim_instance_start(still, &ctx_default, 10, NULL);
	CHECK_MSG(anim_instance_duration_ms(inst) == 0, "no timing function lasts 0 ms");
	CHECK_MSG(anim_instance_eval(inst, NULL, 10, &v) == ANIM_FINISHED &&
	                  v.v[ANIM_OPACITY] == 0.5 && v.defined == 1u << ANIM_OPACITY,
	        "finished at once with its values");
	anim_instance_destroy(inst);
	inst = anim_instance_start(zero, &ctx_default, 0, NULL);
	CHECK_MSG(anim_instance_eval(inst, NULL, 500, &v) == ANIM_FAILED && v.defined == 0,
	        "1 / 0 fails");
	CHECK_MSG(anim_instance_eval(inst, NULL, 600, &v) == ANIM_FAILED, "and stays failed");
	anim_instance_destroy(inst);
	inst = anim_instance_start(late0, &ctx_default, 0, NULL);
	CHECK_MSG(anim_instance_eval(inst, NULL, 0, &v) == ANIM_FAILED, "a duration of 0 fails");
	anim_instance_destroy(inst);
	anim_script_unref(late0);
	anim_script_unref(zero);
	anim_script_unref(still);
	return true;
}

static bool check_defaults(void)
{
	struct anim_values v = {.defined = 1u << ANIM_OFFSET_X};

	v.v[ANIM_OFFSET_X] = 42;
	anim_values_fill_defaults(&v, 0.8, 0.5, 0xff8000);
	CHECK_MSG(v.v[ANIM_OFFSET_X] == 42 && v.v[ANIM_OFFSET_Y] == 0 && v.v[ANIM_OPACITY] == 0.8 &&
	                  v.v[ANIM_SHADOW_OPACITY] == 0.8 && v.v[ANIM_BLUR_OPACITY] == 0.5 &&
	                  v.v[ANIM_SCALE_X] == 1 && v.v[ANIM_SHADOW_SCALE_Y] == 1 &&
	                  v.v[ANIM_CROP_X] == 0 && isinf(v.v[ANIM_CROP_WIDTH]) &&
	                  v.v[ANIM_SAVED_IMAGE_BLEND] == 0 && v.v[ANIM_SHADOW_RED] == 1 &&
	                  near(v.v[ANIM_SHADOW_GREEN], 128 / 255.0, 1e-15) &&
	                  v.v[ANIM_SHADOW_BLUE] == 0,
	        "defaults");
	return true;
}

/* ---- fuzz ---- */

static uint64_t rng_next(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Random text from pieces the parsers care about, and raw bytes. */
static void random_text(uint64_t *s, char *buf, size_t len)
{
	static const char *const pieces[] = {"a", "b-c", "a-10", "x_1", "window-x", "window-", "(",
	        ")", "(((", ")))", "-", " - ", "+", "*", "/", "^", " ", "1", "0", "2.5", ".5", "-3",
	        "1e5", "..", "nope", "\t", "cubic-bezier", "steps", "(1,", "jump-start", ",", "0.3",
	        "linear", "step", "jump-none)", ")"};
	size_t n = 0, count = rng_next(s) % 24;

	for (size_t i = 0; i < count && n + 16 < len; i++) {
		uint64_t r = rng_next(s);

		if (r % 8 == 0) {
			buf[n++] = (char)(1 + (r >> 8) % 255);
		} else {
			const char *p = pieces[(r >> 8) % (sizeof(pieces) / sizeof(pieces[0]))];

			memcpy(buf + n, p, strlen(p));
			n += strlen(p);
		}
	}
	buf[n] = 0;
}

/* Seeded random inputs through the expression and curve parsers (and evaluation of what
 * compiles): nothing may crash, and what compiles evaluates within its stack. Reproduce
 * one seed with ANIM_FUZZ_SEED; ANIM_FUZZ_ITERATIONS sets the count. */
static bool check_fuzz(void)
{
	const char *seed_env = getenv("ANIM_FUZZ_SEED"), *iter_env = getenv("ANIM_FUZZ_ITERATIONS");
	uint64_t first = seed_env ? strtoull(seed_env, NULL, 0) : 1;
	uint64_t count = seed_env ? 1 : iter_env ? strtoull(iter_env, NULL, 0) : 20000;
	unsigned compiled = 0;

	for (uint64_t seed = first; seed < first + count; seed++) {
		uint64_t s = seed;
		char text[512], err[256];
		struct anim_curve c;
		double v;

		random_text(&s, text, sizeof(text));
		if (expr_value(text, &v, err, sizeof(err)))
			compiled++;
		if (anim_curve_parse(text, &c, err, sizeof(err)))
			(void)anim_curve_sample(&c, (double)(rng_next(&s) % 1000) / 999);
		if (test_failures()) {
			fprintf(stderr, "seed %llu: \"%s\" (ANIM_FUZZ_SEED=%llu to rerun)\n",
			        (unsigned long long)seed, text, (unsigned long long)seed);
			return false;
		}
	}
	/* the generator must reach the evaluator, or this tests only the error paths */
	CHECK_MSG(count < 1000 || compiled > count / 100, "only %u of %llu inputs compiled",
	        compiled, (unsigned long long)count);
	return true;
}

/* ---- main ---- */

static const struct anim_case {
	const char *name;
	bool (*fn)(void);
} cases[] = {
        {"curve-linear", check_curve_linear},
        {"curve-bezier", check_curve_bezier},
        {"curve-steps", check_curve_steps},
        {"curve-errors", check_curve_errors},
        {"expr", check_expr},
        {"expr-errors", check_expr_errors},
        {"script-picom-example", check_script_picom_example},
        {"script-order", check_script_order},
        {"late", check_late},
        {"cycle", check_cycle},
        {"errors", check_errors},
        {"presets", check_presets},
        {"preset-geometry", check_preset_geometry},
        {"triggers", check_triggers},
        {"warnings", check_warnings},
        {"pure", check_pure},
        {"context-now", check_context_now},
        {"interrupt", check_interrupt},
        {"ends", check_ends},
        {"defaults", check_defaults},
        {"fuzz", check_fuzz},
};

TEST_P(anim, cases)
{
	const struct anim_case *c = tc->data;

	return c->fn() ? TEST_PASS : TEST_FAIL;
}
