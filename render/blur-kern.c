/*
 * blur-kern: picom's blur-kern text, named kernels and "W,H,v,v,..." matrices separated by ';',
 * parsed into render_kernel arrays. Errors name the column, for the config loader to prefix
 * with FILE:LINE.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

/* picom generates its named Gaussian kernels with this deviation and rounds them to 6
 * decimals, the centre scaled to 1: exp(-(i^2 + j^2) / (2 sigma^2)). */
#define NAMED_SIGMA 0.84089642

struct parser {
	const char *text;
	const char *p;
	char *err;
	size_t errlen;
};

static bool fail(struct parser *ps, const char *at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->errlen)
		return false;
	n = snprintf(ps->err, ps->errlen, "column %zu: ", (size_t)(at - ps->text) + 1);
	if (n < 0 || (size_t)n >= ps->errlen)
		return false;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void skip_spaces(struct parser *ps)
{
	while (is_space(*ps->p))
		ps->p++;
}

/* Separators after a number, as picom's parse_readnum: any spaces and commas. */
static void skip_separators(struct parser *ps)
{
	while (is_space(*ps->p) || *ps->p == ',')
		ps->p++;
}

/* [+-]?[0-9]*(.[0-9]*)? with at least one digit, as picom's strtod_simple: no exponent, and
 * '.' whatever the locale, so it is read by hand: the first 18 significant digits as an
 * integer, scaled by a power of ten once (".25" is exactly 0.25). */
static bool read_number(struct parser *ps, double *out, const char *what)
{
	const char *start = ps->p, *q = ps->p;
	double sign = 1;
	uint64_t mant = 0;
	int scale = 0, digits = 0;

	if (*q == '-' || *q == '+')
		sign = *q++ == '-' ? -1 : 1;
	for (; is_digit(*q); q++, digits++) {
		if (mant < UINT64_C(100000000000000000))
			mant = mant * 10 + (uint64_t)(*q - '0');
		else
			scale++;
	}
	if (*q == '.') {
		for (q++; is_digit(*q); q++, digits++) {
			if (mant < UINT64_C(100000000000000000)) {
				mant = mant * 10 + (uint64_t)(*q - '0');
				scale--;
			}
		}
	}
	if (!digits) {
		if (*start == '\0' || *start == ';')
			return fail(ps, start, "expected %s, found the end of the kernel", what);
		return fail(ps, start, "expected %s, found '%c'", what, *start);
	}
	*out = sign * (scale < 0 ? (double)mant / pow(10, -scale) : (double)mant * pow(10, scale));
	if (!isfinite(*out))
		return fail(ps, start, "%s is too large", what);
	ps->p = q;
	skip_separators(ps);
	return true;
}

static bool read_side(struct parser *ps, uint32_t *side, const char *what)
{
	const char *at = ps->p;
	double v = 0;

	if (!read_number(ps, &v, what))
		return false;
	if (v != floor(v) || v < 1 || v > RENDER_KERNEL_SIDE_MAX || fmod(v, 2) != 1)
		return fail(ps, at, "the kernel %s must be an odd whole number from 1 to %u", what,
		        RENDER_KERNEL_SIDE_MAX);
	*side = (uint32_t)v;
	return true;
}

static bool read_values(struct parser *ps, struct render_kernel *k)
{
	size_t n = (size_t)k->width * k->height, centre = n / 2;

	for (size_t i = 0; i < n; i++) {
		if (i == centre) {
			k->values[i] = 1;
			continue;
		}
		if (*ps->p == '\0' || *ps->p == ';')
			return fail(ps, ps->p,
			        "a %ux%u kernel takes %zu values (the centre left out), found %zu",
			        k->width, k->height, n - 1, i < centre ? i : i - 1);
		if (!read_number(ps, &k->values[i], "a kernel value"))
			return false;
	}
	return true;
}

/* One "W,H,values" kernel, up to the ';' that ends it (consumed) or the end of the text. */
static bool read_kernel(struct parser *ps, struct render_kernel *k)
{
	skip_spaces(ps);
	if (!read_side(ps, &k->width, "width") || !read_side(ps, &k->height, "height"))
		return false;
	k->values = malloc((size_t)k->width * k->height * sizeof(*k->values));
	if (!k->values)
		return fail(ps, ps->p, "out of memory");
	if (!read_values(ps, k))
		return false;
	if (*ps->p != '\0' && *ps->p != ';')
		return fail(ps, ps->p, "more values than the %zu a %ux%u kernel takes",
		        (size_t)k->width * k->height - 1, k->width, k->height);
	if (*ps->p == ';')
		ps->p++;
	skip_spaces(ps);
	return true;
}

static size_t count_kernels(const char *text)
{
	size_t n = 1;

	for (const char *c = text; *c; c++)
		n += *c == ';';
	return n;
}

static bool parse_list(struct parser *ps, struct render_kernel **out, size_t *count)
{
	size_t cap = count_kernels(ps->text), n = 0;
	struct render_kernel *k;

	cap = cap < RENDER_KERNELS_MAX ? cap : RENDER_KERNELS_MAX;
	k = calloc(cap, sizeof(*k));
	if (!k)
		return fail(ps, ps->p, "out of memory");
	skip_spaces(ps);
	while (*ps->p) {
		if (n == RENDER_KERNELS_MAX) {
			render_kernels_free(k, n);
			return fail(ps, ps->p, "more than %u kernels", RENDER_KERNELS_MAX);
		}
		if (!read_kernel(ps, &k[n])) {
			render_kernels_free(k, n + 1);
			return false;
		}
		n++;
	}
	if (!n) {
		free(k);
		k = NULL;
	}
	*out = k;
	*count = n;
	return true;
}

static double named_value(const char *name, int i, int j)
{
	double v;

	if (strstr(name, "box"))
		return 1;
	v = exp(-(i * i + j * j) / (2 * NAMED_SIGMA * NAMED_SIGMA));
	return floor(v * 1e6 + 0.5) / 1e6;
}

/* picom's named kernels: NxNbox of ones, NxNgaussian as above. */
static bool parse_named(const char *text, struct render_kernel **out, size_t *count, bool *ok)
{
	static const char *const names[] = {"3x3box", "5x5box", "7x7box", "3x3gaussian",
	        "5x5gaussian", "7x7gaussian", "9x9gaussian", "11x11gaussian"};
	struct render_kernel *k;
	uint32_t side;

	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		if (strcmp(text, names[n]) != 0)
			continue;
		side = (uint32_t)atoi(text);
		k = calloc(1, sizeof(*k));
		if (k)
			k->values = malloc((size_t)side * side * sizeof(*k->values));
		*ok = k && k->values;
		if (!*ok) {
			render_kernels_free(k, 1);
			return true;
		}
		k->width = k->height = side;
		for (int j = 0; j < (int)side; j++)
			for (int i = 0; i < (int)side; i++)
				k->values[j * (int)side + i] =
				        named_value(text, i - (int)side / 2, j - (int)side / 2);
		*out = k;
		*count = 1;
		return true;
	}
	return false;
}

bool render_kernels_parse(
        const char *text, struct render_kernel **out, size_t *count, char *err, size_t errlen)
{
	struct parser ps = {.text = text, .p = text, .err = err, .errlen = errlen};
	bool ok;

	*out = NULL;
	*count = 0;
	if (err && errlen)
		err[0] = '\0';
	if (parse_named(text, out, count, &ok))
		return ok || fail(&ps, text, "out of memory");
	return parse_list(&ps, out, count);
}

void render_kernels_free(struct render_kernel *kernels, size_t count)
{
	if (!kernels)
		return;
	for (size_t i = 0; i < count; i++)
		free(kernels[i].values);
	free(kernels);
}
