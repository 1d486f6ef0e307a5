/* The regexes of `~=`: PCRE2, as picom's, compiled once per condition. Each match runs
 * under a match context whose limits (backtracking steps, depth, heap) make a
 * pathological pattern fail fast instead of stalling the compositor; PCRE2 itself
 * refuses patterns whose compiled form would be too large. No JIT: the interpreter
 * honours the same limits and window names are short. */
#include <stdio.h>
#include <string.h>

#include "config/cond-private.h"

#define MATCH_LIMIT 200000 /* backtracking steps per match */
#define DEPTH_LIMIT 2000   /* nested backtracking points */
#define HEAP_LIMIT 4096    /* KiB of backtracking memory per match */
#define NEST_LIMIT 64      /* parentheses, as the condition language's own */

static bool compile_error(int code, PCRE2_SIZE at, char *err, size_t errlen)
{
	PCRE2_UCHAR msg[160];

	if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "error %d", code);
	snprintf(err, errlen, "invalid regular expression: %s (at offset %zu)", (char *)msg,
	        (size_t)at);
	return false;
}

bool cond_regex_compile(struct cond_node *n, char *err, size_t errlen)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	uint32_t options = n->icase ? PCRE2_CASELESS : 0;
	PCRE2_SIZE at = 0;
	int code = 0;

	if (!cc) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	pcre2_set_parens_nest_limit(cc, NEST_LIMIT);
	n->re = pcre2_compile((PCRE2_SPTR)n->str, PCRE2_ZERO_TERMINATED, options, &code, &at, cc);
	pcre2_compile_context_free(cc);
	if (!n->re)
		return compile_error(code, at, err, errlen);
	n->md = pcre2_match_data_create(1, NULL);
	n->mctx = pcre2_match_context_create(NULL);
	if (!n->md || !n->mctx) {
		cond_regex_free(n);
		snprintf(err, errlen, "out of memory");
		return false;
	}
	pcre2_set_match_limit(n->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(n->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(n->mctx, HEAP_LIMIT);
	return true;
}

bool cond_regex_match(const struct cond_node *n, const char *s)
{
	/* Only the match's success is read: the match data is scratch space. */
	return pcre2_match(n->re, (PCRE2_SPTR)s, strlen(s), 0, 0, n->md, n->mctx) >= 0;
}

void cond_regex_free(struct cond_node *n)
{
	pcre2_match_context_free(n->mctx);
	pcre2_match_data_free(n->md);
	pcre2_code_free(n->re);
	n->mctx = NULL;
	n->md = NULL;
	n->re = NULL;
}
