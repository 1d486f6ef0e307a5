/* The regexes of `~=`: POSIX extended, compiled once, guarded against what makes glibc's
 * regcomp take gigabytes or minutes; PCRE's lazy quantifiers (picom's regexes are PCRE)
 * are taken as the greedy ones, which match the same strings. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"

#define MAX_NODES 1e5 /* see regex_size() */
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

/* After a '{' at `s`: past "{m}", "{m,}" or "{m,n}" with the copies it makes in `*copies`;
 * NULL when it is no bound. */
static const char *parse_bound(const char *s, double *copies)
{
	char *end;
	double m, n;

	if (!isdigit((unsigned char)s[1]))
		return NULL;
	m = n = (double)strtoul(s + 1, &end, 10);
	if (*end == ',' && isdigit((unsigned char)end[1])) {
		n = (double)strtoul(end + 1, &end, 10);
	} else if (*end == ',') { /* {m,}: m copies and a star */
		n = m + 1;
		end++;
	}
	if (*end != '}')
		return NULL;
	m = m > n ? m : n;
	*copies = m > 1 ? m : 1;
	return end + 1;
}

/* One token at `s`: its end, and whether it repeats what precedes it (with the copies of
 * that glibc makes: 2 for '+', the count for a bound, 1 for '*' and '?'). */
static const char *next_token(const char *s, double *copies)
{
	const char *end;

	*copies = 0;
	if (*s == '\\' && s[1])
		return s + 2;
	if (*s == '[')
		return skip_bracket(s);
	if (*s == '*' || *s == '?' || *s == '+') {
		*copies = *s == '+' ? 2 : 1;
		return s + 1;
	}
	if (*s == '{' && (end = parse_bound(s, copies)))
		return end;
	return s + 1;
}

/* Copies `in` to `out` without the '?' of lazy quantifiers ("*?", "+?", "{2,5}?"); a
 * repetition of a repetition ("a**", "a+*"), which glibc compiles in cubic time, is
 * refused: returns its offset, or -1. */
static long strip_lazy(const char *in, char *out)
{
	bool after_repeat = false;
	double copies;

	for (const char *s = in, *end; *s; s = end) {
		end = next_token(s, &copies);
		if (copies > 0 && after_repeat && *s == '?')
			continue;
		if (copies > 0 && after_repeat)
			return s - in;
		after_repeat = copies > 0;
		memcpy(out, s, (size_t)(end - s));
		out += end - s;
	}
	*out = '\0';
	return -1;
}

/* About how many nodes glibc's regcomp builds for `s`: it copies a sub-expression for each
 * repetition of '+' and "{m,n}", so nested counts multiply ("((a{255}){255}){255}" takes
 * gigabytes). Stops counting past the limit. */
static double regex_size(const char *s)
{
	double total = 0, last = 0, copies, stack[MAX_GROUPS];
	int depth = 0;

	for (const char *end; *s && total <= MAX_NODES; s = end) {
		end = next_token(s, &copies);
		if (*s == '(' && depth == MAX_GROUPS) {
			return INFINITY;
		} else if (*s == '(') {
			stack[depth++] = total;
			total = 0;
		} else if (*s == ')' && depth) {
			last = total + 1;
			total = stack[--depth] + last;
		} else if (copies > 0) {
			total += last * (copies - 1);
			last *= copies;
		} else if (*s == '|') {
			last = 0;
		} else {
			last = 1;
			total += 1;
		}
	}
	return total;
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
	else if (regex_size(stripped) > MAX_NODES)
		snprintf(err, errlen, "regular expression too large (repetitions multiply it)");
	else if ((rc = regcomp(re, stripped, flags)) != 0) {
		regerror(rc, re, msg, sizeof msg);
		snprintf(err, errlen, "invalid regular expression: %s", msg);
	}
	free(stripped);
	return rc == 0;
}
