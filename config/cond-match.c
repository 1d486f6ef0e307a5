/* Evaluating a parsed condition against a window, in three-valued logic: a test of a target
 * shmcomp cannot see is "unknown", which `!` keeps unknown, so it never makes a rule match.
 * Also the rule lists built from conditions. */
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "config/cond-private.h"

enum tv { TV_FALSE, TV_TRUE, TV_UNKNOWN };

static const char *string_of(const struct cond_node *n, const struct cond_window *w)
{
	switch (n->target) {
	case COND_T_NAME:
		return w->name;
	case COND_T_CLASS_G:
		return w->class_g;
	case COND_T_CLASS_I:
		return w->class_i;
	case COND_T_ROLE:
		return w->role;
	case COND_T_WINDOW_TYPE:
		return wintype_name(w->window_type);
	default:
		return NULL;
	}
}

static int64_t number_of(const struct cond_node *n, const struct cond_window *w)
{
	switch (n->target) {
	case COND_T_OVERRIDE_REDIRECT:
		return w->override_redirect;
	case COND_T_ARGB:
		return w->argb;
	case COND_T_FOCUSED:
		return w->focused;
	case COND_T_BOUNDING_SHAPED:
		return w->bounding_shaped;
	case COND_T_FULLSCREEN:
		return w->fullscreen;
	case COND_T_WIDTH:
		return w->width;
	case COND_T_HEIGHT:
		return w->height;
	default:
		return 0;
	}
}

static bool has_suffix(const char *s, const char *suffix, bool icase)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (m > n)
		return false;
	return icase ? strcasecmp(s + n - m, suffix) == 0 : strcmp(s + n - m, suffix) == 0;
}

static bool match_string(const struct cond_node *n, const char *s)
{
	const char *pat = n->str;
	bool ic = n->icase;

	switch (n->match) {
	case COND_M_EXACT:
		return ic ? strcasecmp(s, pat) == 0 : strcmp(s, pat) == 0;
	case COND_M_CONTAINS:
		return (ic ? strcasestr(s, pat) : strstr(s, pat)) != NULL;
	case COND_M_START:
		return (ic ? strncasecmp(s, pat, strlen(pat)) : strncmp(s, pat, strlen(pat))) == 0;
	case COND_M_END:
		return has_suffix(s, pat, ic);
	case COND_M_WILDCARD:
		return fnmatch(pat, s, ic ? FNM_CASEFOLD : 0) == 0;
	case COND_M_REGEX:
		return regexec(&n->re, s, 0, NULL, 0) == 0;
	}
	return false;
}

static bool compare(enum cond_op op, int64_t v, int64_t pat)
{
	switch (op) {
	case COND_OP_EXISTS:
		return v != 0;
	case COND_OP_EQ:
		return v == pat;
	case COND_OP_GT:
		return v > pat;
	case COND_OP_GE:
		return v >= pat;
	case COND_OP_LT:
		return v < pat;
	case COND_OP_LE:
		return v <= pat;
	}
	return false;
}

/* The leaf's test before its own negation. A string target that is absent (NULL) matches
 * nothing; "exists" on a string means present and not empty. */
static bool leaf_test(const struct cond_node *n, const struct cond_window *w)
{
	const char *s;

	if (n->target > COND_T_WINDOW_TYPE)
		return compare(n->op, number_of(n, w), n->num);
	s = string_of(n, w);
	if (n->op == COND_OP_EXISTS)
		return s && *s;
	return s && match_string(n, s);
}

static enum tv eval(const struct cond_node *n, const struct cond_window *w);

/* AND: false wins over unknown, which wins over true; OR the other way round. */
static enum tv eval_list(const struct cond_node *n, const struct cond_window *w)
{
	enum tv decisive = n->kind == COND_AND ? TV_FALSE : TV_TRUE;
	enum tv r = n->kind == COND_AND ? TV_TRUE : TV_FALSE;

	for (size_t i = 0; i < n->nkids; i++) {
		enum tv k = eval(n->kids[i], w);
		if (k == decisive)
			return decisive;
		if (k == TV_UNKNOWN)
			r = TV_UNKNOWN;
	}
	return r;
}

static enum tv eval(const struct cond_node *n, const struct cond_window *w)
{
	enum tv r;

	if (n->kind == COND_LEAF && n->target == COND_T_UNSUPPORTED)
		return TV_UNKNOWN;
	if (n->kind == COND_LEAF)
		r = leaf_test(n, w) ? TV_TRUE : TV_FALSE;
	else
		r = eval_list(n, w);
	if (n->neg && r != TV_UNKNOWN)
		r = r == TV_TRUE ? TV_FALSE : TV_TRUE;
	return r;
}

bool cond_match(const struct cond *c, const struct cond_window *w)
{
	return c && w && eval(c->root, w) == TV_TRUE;
}

const struct config_rule *config_rules_match(const struct config_rules *r,
	const struct cond_window *w)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (cond_match(r->items[i].cond, w))
			return &r->items[i];
	return NULL;
}
