/* Evaluating a parsed condition against a window, as picom does: predefined targets from
 * struct cond_window, window properties through its lookup callback (an absent property,
 * or an item index past its end, makes the test false, and `!` then true). Also the rule
 * lists built from conditions. */
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "config/cond-private.h"

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
	default:
		return NULL;
	}
}

static int64_t number_of(const struct cond_node *n, const struct cond_window *w)
{
	switch (n->target) {
	case COND_T_X:
		return w->x;
	case COND_T_Y:
		return w->y;
	case COND_T_X2:
		return w->x + w->width + 2 * w->border_width;
	case COND_T_Y2:
		return w->y + w->height + 2 * w->border_width;
	case COND_T_WIDTH:
		return w->width;
	case COND_T_HEIGHT:
		return w->height;
	case COND_T_WIDTHB:
		return w->width + 2 * w->border_width;
	case COND_T_HEIGHTB:
		return w->height + 2 * w->border_width;
	case COND_T_BORDER_WIDTH:
		return w->border_width;
	case COND_T_FULLSCREEN:
		return w->fullscreen;
	case COND_T_OVERRIDE_REDIRECT:
		return w->override_redirect;
	case COND_T_ARGB:
		return w->argb;
	case COND_T_FOCUSED:
		return w->focused;
	case COND_T_GROUP_FOCUSED:
		return w->group_focused;
	case COND_T_WMWIN:
		return w->wmwin;
	case COND_T_BOUNDING_SHAPED:
		return w->bounding_shaped;
	case COND_T_ROUNDED_CORNERS:
		return w->rounded_corners;
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

	if (n->op == COND_OP_EXISTS)
		return true;
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
		return cond_regex_match(n, s);
	}
	return false;
}

/* For a predefined number "exists" means not 0; for a property item, that it exists. */
static bool compare(const struct cond_node *n, int64_t v)
{
	switch (n->op) {
	case COND_OP_EXISTS:
		return n->target == COND_T_PROP || v != 0;
	case COND_OP_EQ:
		return v == n->num;
	case COND_OP_GT:
		return v > n->num;
	case COND_OP_GE:
		return v >= n->num;
	case COND_OP_LT:
		return v < n->num;
	case COND_OP_LE:
		return v <= n->num;
	}
	return false;
}

/* Any of the window's types; "exists" is always true ("unknown" is a name too). */
static bool match_window_type(const struct cond_node *n, const struct cond_window *w)
{
	uint32_t types = w->window_types;

	if (!types && (unsigned)w->window_type >= WINTYPE_COUNT)
		return match_string(n, wintype_name(w->window_type));
	if (!types)
		types = 1u << w->window_type;
	for (int t = 0; t < WINTYPE_COUNT; t++)
		if ((types & (1u << t)) && match_string(n, wintype_name((enum wintype)t)))
			return true;
	return false;
}

/* The range of items a leaf reads: item n->index, or all of them. */
static bool item_range(const struct cond_node *n, size_t count, size_t *from, size_t *to)
{
	if (n->index < 0) {
		*from = 0;
		*to = count;
		return count > 0;
	}
	*from = (size_t)n->index;
	*to = *from + 1;
	return *from < count;
}

static bool match_numbers(const struct cond_node *n, const struct cond_prop *v)
{
	size_t from, to;

	if (!item_range(n, v->n, &from, &to) || !v->num)
		return false;
	for (size_t i = from; i < to; i++)
		if (compare(n, v->num[i]))
			return true;
	return false;
}

static bool match_atoms(const struct cond_node *n, const struct cond_prop *v)
{
	size_t from, to;

	if (!item_range(n, v->n, &from, &to) || !v->atom)
		return false;
	for (size_t i = from; i < to; i++)
		if (v->atom[i] && match_string(n, v->atom[i]))
			return true;
	return false;
}

/* A STRING property: items separated by NUL bytes. */
static bool match_strings(const struct cond_node *n, const struct cond_prop *v)
{
	size_t off = 0;

	if (!v->str)
		return false;
	for (int i = 0; off < v->len; i++) {
		const char *item = v->str + off;
		if ((n->index < 0 || n->index == i) && match_string(n, item))
			return true;
		if (n->index == i)
			return false;
		off += strnlen(item, v->len - off) + 1;
	}
	return false;
}

/* A number pattern reads numbers (and atom ids), a string pattern strings and atom
 * names; "exists" reads whatever the property holds. */
static bool match_prop(const struct cond_node *n, const struct cond_window *w)
{
	struct cond_prop v = {0};
	bool want_string = n->str != NULL;

	if (!w->prop || !w->prop(w->prop_data, n->prop, n->client, &v))
		return false;
	if (n->op == COND_OP_EXISTS)
		want_string = v.type == COND_PROP_STRING;
	switch (v.type) {
	case COND_PROP_STRING:
		return want_string && match_strings(n, &v);
	case COND_PROP_ATOM:
		return want_string ? match_atoms(n, &v) : match_numbers(n, &v);
	case COND_PROP_NUMBER:
		return !want_string && match_numbers(n, &v);
	}
	return false;
}

/* The leaf's test before its own negation. A predefined string that is absent (NULL)
 * matches nothing; "exists" on one means present and not empty. */
static bool leaf_test(const struct cond_node *n, const struct cond_window *w)
{
	const char *s;

	switch (n->target) {
	case COND_T_PROP:
		return match_prop(n, w);
	case COND_T_DEPRECATED:
		return false;
	case COND_T_WINDOW_TYPE:
		return match_window_type(n, w);
	default:
		break;
	}
	if (n->target > COND_T_LAST_STRING)
		return compare(n, number_of(n, w));
	s = string_of(n, w);
	if (n->op == COND_OP_EXISTS)
		return s && *s;
	return s && match_string(n, s);
}

static bool eval(const struct cond_node *n, const struct cond_window *w)
{
	bool r;

	if (n->kind == COND_LEAF) {
		r = leaf_test(n, w);
	} else {
		/* AND stops at the first false operand, OR at the first true one */
		bool stop = n->kind == COND_OR;
		r = !stop;
		for (size_t i = 0; i < n->nkids && r != stop; i++)
			r = eval(n->kids[i], w);
	}
	return r != n->neg;
}

bool cond_match(const struct cond *c, const struct cond_window *w)
{
	return c && w && eval(c->root, w);
}

const struct config_rule *config_rules_match(
        const struct config_rules *r, const struct cond_window *w)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (cond_match(r->items[i].cond, w))
			return &r->items[i];
	return NULL;
}
