/*
 * curve: the timing functions of picom's animation scripts, CSS-like: linear, cubic-bezier
 * (solved for x by Newton's method, bisection when it stalls) and steps with their jump
 * terms, sampled exactly as picom samples them at the ends (0 and 1).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anim/anim-private.h"

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

/* A number as picom writes them: optional sign, digits, optional fraction. */
static bool read_number(const char **s, double *out)
{
	const char *p = *s;
	char *end;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	*out = strtod(*s, &end);
	if (end != p)
		return false;
	*s = p;
	return true;
}

/* Whether `s` starts with `word` (case-insensitive) not followed by a name character. */
static bool take_word(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(*s, word, n) != 0 || isalnum((unsigned char)(*s)[n]) || (*s)[n] == '-' ||
	        (*s)[n] == '_')
		return false;
	*s += n;
	return true;
}

static bool expect(const char **s, char c)
{
	*s = skip_space(*s);
	if (**s != c)
		return false;
	*s = skip_space(*s + 1);
	return true;
}

static bool parse_bezier(const char *s, struct anim_curve *c, char *err, size_t errlen)
{
	c->kind = ANIM_CURVE_BEZIER;
	if (!expect(&s, '('))
		goto bad;
	for (int i = 0; i < 4; i++) {
		if (!read_number(&s, &c->p[i]) || !isfinite(c->p[i]) ||
		        !expect(&s, i == 3 ? ')' : ','))
			goto bad;
	}
	if (*s) {
		snprintf(err, errlen, "unexpected \"%s\" after the curve", s);
		return false;
	}
	return true;
bad:
	snprintf(err, errlen, "cubic-bezier takes four numbers: cubic-bezier(x1, y1, x2, y2)");
	return false;
}

static bool parse_jump(const char **s, struct anim_curve *c)
{
	if (take_word(s, "jump-start"))
		c->jump_start = true;
	else if (take_word(s, "jump-end"))
		c->jump_end = true;
	else if (take_word(s, "jump-both"))
		c->jump_start = c->jump_end = true;
	else if (!take_word(s, "jump-none"))
		return false;
	return true;
}

static bool parse_steps(const char *s, struct anim_curve *c, char *err, size_t errlen)
{
	double n;

	c->kind = ANIM_CURVE_STEPS;
	if (!expect(&s, '(') || !read_number(&s, &n) || n != floor(n) || n < 1 || n > 1e6) {
		snprintf(err, errlen, "steps takes a whole number of steps (1 or more) first");
		return false;
	}
	c->steps = (int)n;
	if (expect(&s, ',')) {
		if (!parse_jump(&s, c)) {
			snprintf(err, errlen,
			        "the jump term of steps is jump-start, jump-end, jump-none or "
			        "jump-both");
			return false;
		}
	} else {
		c->jump_end = true; /* CSS's default, and the man page's one-parameter form */
	}
	if (!expect(&s, ')') || *s) {
		snprintf(err, errlen, "steps is steps(n) or steps(n, jump-term)");
		return false;
	}
	if (!c->jump_start && !c->jump_end && c->steps < 2) {
		snprintf(err, errlen, "steps with jump-none needs at least 2 steps");
		return false;
	}
	return true;
}

bool anim_curve_parse(const char *text, struct anim_curve *c, char *err, size_t errlen)
{
	const char *s = skip_space(text);

	*c = (struct anim_curve){.kind = ANIM_CURVE_LINEAR};
	if (take_word(&s, "linear")) {
		s = skip_space(s);
		if (*s) {
			snprintf(err, errlen, "unexpected \"%s\" after the curve", s);
			return false;
		}
		return true;
	}
	if (take_word(&s, "cubic-bezier"))
		return parse_bezier(s, c, err, errlen);
	/* picom's code says "steps", its man page "step" */
	if (take_word(&s, "steps") || take_word(&s, "step"))
		return parse_steps(s, c, err, errlen);
	snprintf(err, errlen, "unknown curve \"%s\" (linear, cubic-bezier(...) or steps(...))",
	        text);
	return false;
}

/* The cubic through (0,0), (x1,y1), (x2,y2), (1,1) in one coordinate, at t. */
static double bezier_at(double a, double b, double t)
{
	/* (1-t)^3 * 0 + 3(1-t)^2 t a + 3(1-t) t^2 b + t^3, in Horner form */
	double c1 = 3 * a, c2 = 3 * (b - a) - c1, c3 = 1 - c1 - c2;

	return ((c3 * t + c2) * t + c1) * t;
}

static double bezier_slope(double a, double b, double t)
{
	double c1 = 3 * a, c2 = 3 * (b - a) - c1, c3 = 1 - c1 - c2;

	return (3 * c3 * t + 2 * c2) * t + c1;
}

/* t in [0, 1] with x(t) = x: Newton's method from t = x, bisection when it does not
 * settle (flat spots, or x1/x2 outside [0, 1] which CSS forbids and picom allows). */
static double bezier_solve(const struct anim_curve *c, double x)
{
	double t = x, lo = 0, hi = 1;

	for (int i = 0; i < 8; i++) {
		double e = bezier_at(c->p[0], c->p[2], t) - x, d;

		if (fabs(e) < 1e-7)
			return t;
		d = bezier_slope(c->p[0], c->p[2], t);
		if (fabs(d) < 1e-6)
			break;
		t -= e / d;
	}
	t = x;
	for (int i = 0; i < 64 && hi - lo > 1e-7; i++) {
		double v = bezier_at(c->p[0], c->p[2], t);

		if (fabs(v - x) < 1e-7)
			return t;
		if (v < x)
			lo = t;
		else
			hi = t;
		t = lo + (hi - lo) / 2;
	}
	return t;
}

/* picom's step sampling: jump-start rounds up, the others down, over n - 1 + jumps
 * levels; exactly 0 gives the first level, exactly 1 the last. */
static double steps_at(const struct anim_curve *c, double p)
{
	double levels = c->steps - 1 + (c->jump_start ? 1 : 0) + (c->jump_end ? 1 : 0);
	double q;

	if (p >= 1)
		return 1;
	if (p <= 0)
		return c->jump_start ? 1 / levels : 0;
	q = c->jump_start ? ceil(p * c->steps) : floor(p * c->steps);
	return q / levels;
}

double anim_curve_sample(const struct anim_curve *c, double p)
{
	/* written so that NaN gives 0 */
	p = p > 0 ? (p < 1 ? p : 1) : 0;
	switch (c->kind) {
	case ANIM_CURVE_BEZIER:
		if (p == 0 || p == 1)
			return p;
		return bezier_at(c->p[1], c->p[3], bezier_solve(c, p));
	case ANIM_CURVE_STEPS:
		return steps_at(c, p);
	default:
		return p;
	}
}
