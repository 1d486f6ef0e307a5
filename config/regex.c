/* The regexes of `~=`: POSIX extended, compiled once, guarded against what makes glibc's
 * regcomp take gigabytes or minutes; PCRE's lazy quantifiers (picom's regexes are PCRE)
 * are taken as the greedy ones, which match the same strings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"

#define MAX_NODES 1e5    /* see regex_fits() */
#define MAX_CLOSURES 4e6 /* some 8 bytes each */
#define MAX_GROUPS 128

/* After a '[' at `s`: past the bracket expression's ']' (or to the end). */
static const char *skip_bracket(const char *s)
{
	s += 1 + (s[1] == '^');
	s += *s == ']';
	while (*s && *s != ']') {
		char kind = s[1];
		if (*s == '[' && (kind == ':' || kind == '=' || kind == '.')) {
			const char *e = s + 2;
			while (*e && !(e[0] == kind && e[1] == ']'))
				e++;
			s = *e ? e + 2 : e;
		} else {
			s++;
		}
	}
	return *s ? s + 1 : s;
}

/* After a '{' at `s`: past "{m}", "{m,}", "{m,n}" or glibc's "{,n}", with its counts in
 * `*min` and `*max` (`*max` is min + 1 for "{m,}", m copies and a star); NULL when it is
 * no bound. */
static const char *parse_bound(const char *s, double *min, double *max)
{
	char *end = (char *)s + 1;

	if (!isdigit((unsigned char)s[1]) && !(s[1] == ',' && isdigit((unsigned char)s[2])))
		return NULL;
	*min = *max = isdigit((unsigned char)s[1]) ? (double)strtoul(s + 1, &end, 10) : 0;
	if (*end == ',' && isdigit((unsigned char)end[1])) {
		*max = (double)strtoul(end + 1, &end, 10);
	} else if (*end == ',') {
		*max = *min + 1;
		end++;
	}
	if (*end != '}')
		return NULL;
	*max = *max > *min ? *max : *min;
	return end + 1;
}

/* One token at `s`: its end and, when it repeats what precedes, the copies glibc makes:
 * `*min` to `*max` for a bound, 2 for '+', 1 for '*' and '?' (a loop or a branch);
 * -1 when it is no repetition. */
static const char *next_token(const char *s, double *min, double *max)
{
	const char *end;

	*min = *max = -1;
	if (*s == '\\' && s[1])
		return s + 2;
	if (*s == '[')
		return skip_bracket(s);
	if (*s == '*' || *s == '?' || *s == '+') {
		*min = *s == '+' ? 2 : 1;
		*max = *min;
		return s + 1;
	}
	if (*s == '{' && (end = parse_bound(s, min, max)))
		return end;
	*min = *max = -1;
	return s + 1;
}

/* Copies `in` to `out` without the '?' of lazy quantifiers ("*?", "+?", "{2,5}?"); a
 * repetition of a repetition ("a**", "a+*"), which glibc compiles in cubic time, is
 * refused: returns its offset, or -1. */
static long strip_lazy(const char *in, char *out)
{
	bool after_repeat = false;
	double min, max;

	for (const char *s = in, *end; *s; s = end) {
		end = next_token(s, &min, &max);
		if (max >= 0 && after_repeat && *s == '?')
			continue;
		if (max >= 0 && after_repeat)
			return s - in;
		after_repeat = max >= 0;
		memcpy(out, s, (size_t)(end - s));
		out += end - s;
	}
	*out = '\0';
	return -1;
}

/* What glibc's regcomp builds for `s`: a copy of a sub-expression per repetition of '+'
 * and "{m,n}", so that nested counts multiply ("((a{255}){255}){255}" takes gigabytes),
 * and for the n - m optional copies of a bound, epsilon closures quadratic in their size
 * ("a{0,11000}" takes a gigabyte). Counts nodes and closure entries, up to the limits. */
static bool regex_fits(const char *s)
{
	double nodes = 0, closures = 0, last = 0, min, max, stack[MAX_GROUPS];
	int depth = 0;

	for (const char *end; *s && nodes <= MAX_NODES && closures <= MAX_CLOSURES; s = end) {
		end = next_token(s, &min, &max);
		if (*s == '(' && depth == MAX_GROUPS) {
			return false;
		} else if (*s == '(') {
			stack[depth++] = nodes;
			nodes = 0;
		} else if (*s == ')' && depth) {
			last = nodes + 1;
			nodes = stack[--depth] + last;
		} else if (max >= 0) {
			closures += (max - min) * last * (max - min) * last;
			nodes += last * ((max > 1 ? max : 1) - 1);
			last *= max > 1 ? max : 1;
		} else if (*s == '|') {
			last = 0;
		} else {
			last = 1;
			nodes += 1;
		}
	}
	return nodes <= MAX_NODES && closures <= MAX_CLOSURES;
}

bool cond_regex_compile(regex_t *re, const char *pattern, bool icase, char *err, size_t errlen)
{
	int flags = REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0), rc = -1;
	char *stripped = malloc(strlen(pattern) + 1), msg[128];
	long bad;

	if (!stripped)
		snprintf(err, errlen, "out of memory");
	else if ((bad = strip_lazy(pattern, stripped)) >= 0)
		snprintf(err, errlen, "invalid regular expression: '%c' repeats a repetition",
			pattern[bad]);
	else if (!regex_fits(stripped))
		snprintf(err, errlen, "regular expression too large (repetitions multiply it)");
	else if ((rc = regcomp(re, stripped, flags)) != 0) {
		regerror(rc, re, msg, sizeof msg);
		snprintf(err, errlen, "invalid regular expression: %s", msg);
	}
	free(stripped);
	return rc == 0;
}
