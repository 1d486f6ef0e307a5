/* Parser of picom's condition language (c2): a recursive descent over `||`, `&&`, `!`,
 * parentheses and leaves `TARGET [@] [[INDEX]] [:FORMAT TYPE] [OP PATTERN]`, plus picom's
 * legacy "n:e:PATTERN" form. Errors name the column (1-based, in bytes). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/cond-private.h"

#define MAX_DEPTH 64 /* nested parentheses */

struct parser {
	const char *s;
	size_t pos;
	int col0;
	int depth;
	char *err;
	size_t errlen;
	bool failed;
	char warning[160]; /* the first warning, "" if none */
};

/* What a pattern may be: a string, a number, or either (a property without a type). */
enum kind { KIND_ANY, KIND_STRING, KIND_NUMBER };

/* What the parser learnt about a leaf's target, for the checks after the pattern. */
struct leaf_info {
	size_t name_at, name_len;
	enum kind kind;
	bool neg; /* a `!` between target and operator, at neg_at */
	size_t neg_at;
	char qual; /* the first of `*^$%~?` before the operator (0: none), at qual_at */
	size_t qual_at;
	size_t op_at, pattern_at;
};

struct target {
	const char *name;
	enum cond_target target;
};

/* picom's predefined targets; the strings are those up to COND_T_LAST_STRING. */
static const struct target targets[] = {
        {"name", COND_T_NAME},
        {"class_g", COND_T_CLASS_G},
        {"class_i", COND_T_CLASS_I},
        {"role", COND_T_ROLE},
        {"window_type", COND_T_WINDOW_TYPE},
        {"x", COND_T_X},
        {"y", COND_T_Y},
        {"x2", COND_T_X2},
        {"y2", COND_T_Y2},
        {"width", COND_T_WIDTH},
        {"height", COND_T_HEIGHT},
        {"widthb", COND_T_WIDTHB},
        {"heightb", COND_T_HEIGHTB},
        {"border_width", COND_T_BORDER_WIDTH},
        {"fullscreen", COND_T_FULLSCREEN},
        {"override_redirect", COND_T_OVERRIDE_REDIRECT},
        {"argb", COND_T_ARGB},
        {"focused", COND_T_FOCUSED},
        {"group_focused", COND_T_GROUP_FOCUSED},
        {"wmwin", COND_T_WMWIN},
        {"bounding_shaped", COND_T_BOUNDING_SHAPED},
        {"rounded_corners", COND_T_ROUNDED_CORNERS},
        /* deprecated by picom, which never matches them */
        {"id", COND_T_DEPRECATED},
        {"client", COND_T_DEPRECATED},
        {"leader", COND_T_DEPRECATED},
};

static void __attribute__((format(printf, 3, 4)))
fail(struct parser *p, size_t at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "column %zu: %s", (size_t)p->col0 + at + 1, msg);
}

static char peek(const struct parser *p)
{
	return p->s[p->pos];
}

static void skip_spaces(struct parser *p)
{
	while (isspace((unsigned char)peek(p)))
		p->pos++;
}

static bool is_word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.';
}

static struct cond_node *new_node(struct parser *p, enum cond_kind kind)
{
	struct cond_node *n = calloc(1, sizeof *n);

	if (!n)
		fail(p, p->pos, "out of memory");
	else
		n->kind = kind;
	return n;
}

void cond_node_free(struct cond_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		cond_node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n->prop);
	cond_regex_free(n);
	free(n);
}

static const struct target *find_target(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strlen(targets[i].name) == len && memcmp(targets[i].name, name, len) == 0)
			return &targets[i];
	return NULL;
}

static void __attribute__((format(printf, 2, 3)))
note_warning(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->warning[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->warning, sizeof p->warning, fmt, ap);
	va_end(ap);
}

/* `[N]` or `[*]` (n->index -1) after a window property. */
static bool parse_index(struct parser *p, const struct target *t, struct cond_node *n)
{
	size_t at = p->pos;
	char *end;

	if (t) {
		fail(p, at, "target '%s' takes no index", t->name);
		return false;
	}
	p->pos++;
	skip_spaces(p);
	if (peek(p) == '*') {
		p->pos++;
		n->index = -1;
	} else {
		long long v = -1;
		errno = 0;
		if (isdigit((unsigned char)peek(p)))
			v = strtoll(p->s + p->pos, &end, 0);
		if (v < 0 || errno == ERANGE || v > 0xffffff) {
			fail(p, p->pos, "expected an index number or '*' after '['");
			return false;
		}
		p->pos = (size_t)(end - p->s);
		n->index = (int)v;
	}
	skip_spaces(p);
	if (peek(p) != ']') {
		fail(p, p->pos, "expected ']' to close the index opened at column %zu",
		        (size_t)p->col0 + at + 1);
		return false;
	}
	p->pos++;
	return true;
}

/* `:FORMAT TYPE` with FORMAT 8, 16 or 32 (optional) and TYPE one of c a w d s. */
static bool parse_type(struct parser *p, const struct target *t, struct leaf_info *li)
{
	char *end;

	p->pos++;
	skip_spaces(p);
	if (isdigit((unsigned char)peek(p))) {
		size_t at = p->pos;
		errno = 0;
		long long f = strtoll(p->s + p->pos, &end, 0);
		p->pos = (size_t)(end - p->s);
		if (errno == ERANGE || (f != 0 && f != 8 && f != 16 && f != 32)) {
			fail(p, at, "property format must be 8, 16 or 32");
			return false;
		}
		skip_spaces(p);
	}
	char type = peek(p);
	if (!type || !strchr("cawds", type)) {
		fail(p, p->pos, "expected a property type after ':' (c, a, w, d or s)");
		return false;
	}
	p->pos++;
	/* picom ignores a type given to a predefined target; for a property, picom 12 takes
	 * the type from the property itself, but a type that contradicts the pattern is
	 * still a mistake worth an error */
	if (!t)
		li->kind = type == 's' || type == 'a' ? KIND_STRING : KIND_NUMBER;
	return true;
}

/* The target's name: letters, digits, '_' and '.'. */
static bool parse_name(struct parser *p, struct leaf_info *li)
{
	li->name_at = p->pos;
	while (is_word_char(peek(p)))
		p->pos++;
	li->name_len = p->pos - li->name_at;
	if (li->name_len)
		return true;
	if (peek(p))
		fail(p, p->pos, "expected a target, '!' or '(' but found '%c'", peek(p));
	else
		fail(p, p->pos, "expected a target, '!' or '(' but found the end");
	return false;
}

static bool has_lower(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (islower((unsigned char)s[i]))
			return true;
	return false;
}

/* A target that is not predefined names a window property. */
static bool set_property(struct parser *p, struct cond_node *n, const struct leaf_info *li)
{
	const char *name = p->s + li->name_at;
	int len = (int)li->name_len;

	n->target = COND_T_PROP;
	if (!(n->prop = strndup(name, li->name_len))) {
		fail(p, li->name_at, "out of memory");
		return false;
	}
	if (has_lower(name, li->name_len))
		note_warning(p,
		        "'%.*s' is no predefined target, so it names a window property, "
		        "in lower case: a misspelt target?",
		        len, name);
	return true;
}

static void set_predefined(
        struct parser *p, struct cond_node *n, const struct target *t, struct leaf_info *li)
{
	n->target = t->target;
	li->kind = t->target <= COND_T_LAST_STRING  ? KIND_STRING
	           : t->target == COND_T_DEPRECATED ? KIND_ANY
	                                            : KIND_NUMBER;
	if (t->target == COND_T_DEPRECATED)
		note_warning(p, "target '%s' is deprecated in picom and never matches", t->name);
}

/* TARGET [@] [[INDEX]] [:FORMAT TYPE]; false on error. `@` on a predefined target is
 * ignored, as picom does. */
static bool parse_target(struct parser *p, struct cond_node *n, struct leaf_info *li)
{
	if (!parse_name(p, li))
		return false;
	const struct target *t = find_target(p->s + li->name_at, li->name_len);
	skip_spaces(p);
	if (peek(p) == '@') {
		n->client = true;
		p->pos++;
		skip_spaces(p);
	}
	if (peek(p) == '[') {
		if (!parse_index(p, t, n))
			return false;
		skip_spaces(p);
	}
	if (peek(p) == ':') {
		if (!parse_type(p, t, li))
			return false;
		skip_spaces(p);
	}
	if (!t)
		return set_property(p, n, li);
	set_predefined(p, n, t, li);
	return true;
}

static void note_qualifier(struct parser *p, struct leaf_info *li)
{
	if (!li->qual) {
		li->qual = peek(p);
		li->qual_at = p->pos;
	}
	p->pos++;
	skip_spaces(p);
}

/* [!]* [* ^ $ % ~] [?]* before the operator. */
static void parse_qualifiers(struct parser *p, struct cond_node *n, struct leaf_info *li)
{
	static const char quals[] = "*^$%~";
	static const enum cond_match matches[] = {
	        COND_M_CONTAINS, COND_M_START, COND_M_END, COND_M_WILDCARD, COND_M_REGEX};

	while (peek(p) == '!') {
		if (!li->neg)
			li->neg_at = p->pos;
		li->neg = true;
		n->neg = !n->neg;
		p->pos++;
		skip_spaces(p);
	}
	const char *q = peek(p) ? strchr(quals, peek(p)) : NULL;
	if (q) {
		n->match = matches[q - quals];
		note_qualifier(p, li);
	}
	while (peek(p) == '?') {
		n->icase = true;
		note_qualifier(p, li);
	}
}

/* = > < >= <= or nothing (the "exists" test), after the qualifiers. */
static bool parse_op(struct parser *p, struct cond_node *n, struct leaf_info *li)
{
	const char *op;
	size_t len;

	parse_qualifiers(p, n, li);
	li->op_at = p->pos;
	op = p->s + p->pos;
	len = strspn(op, "=<>");
	if (len == 0) {
		n->op = COND_OP_EXISTS;
	} else if (len == 1) {
		n->op = *op == '=' ? COND_OP_EQ : *op == '>' ? COND_OP_GT : COND_OP_LT;
	} else if (len == 2 && op[1] == '=' && op[0] != '=') {
		n->op = op[0] == '>' ? COND_OP_GE : COND_OP_LE;
	} else {
		fail(p, p->pos, "invalid operator '%.*s'", (int)(len > 8 ? 8 : len), op);
		return false;
	}
	p->pos += len;
	if (li->neg && n->op == COND_OP_EXISTS) {
		fail(p, li->neg_at, "'!' after a target needs an operator, as in '!='");
		return false;
	}
	if (li->qual && n->op != COND_OP_EQ) {
		fail(p, li->qual_at, "'%c' goes only with '=', as in '%c='", li->qual, li->qual);
		return false;
	}
	return true;
}

static int digit_value(char ch, int base)
{
	int v = isdigit((unsigned char)ch)    ? ch - '0'
	        : isxdigit((unsigned char)ch) ? tolower((unsigned char)ch) - 'a' + 10
	                                      : 99;
	return v < base ? v : -1;
}

/* \xHH or \oOO (exactly two digits, not zero); returns the byte or -1. */
static int numeric_escape(const char *s, int base)
{
	int hi = digit_value(s[0], base), lo = hi < 0 ? -1 : digit_value(s[1], base);

	if (hi < 0 || lo < 0 || hi * base + lo == 0)
		return -1;
	return hi * base + lo;
}

static int simple_escape(char ch)
{
	static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
	const char *f = ch ? strchr(from, ch) : NULL;

	return f ? to[f - from] : -1;
}

/* One escape sequence at p->pos (just after the backslash); appends to `out`. */
static bool parse_escape(struct parser *p, char *out, size_t *len)
{
	char ch = peek(p);
	int v;

	if (ch == 'x' || ch == 'o') {
		v = numeric_escape(p->s + p->pos + 1, ch == 'x' ? 16 : 8);
		if (v < 0) {
			fail(p, p->pos - 1, "invalid escape: '\\%c' needs two %s digits (not 00)",
			        ch, ch == 'x' ? "hex" : "octal");
			return false;
		}
		p->pos += 3;
	} else if ((v = simple_escape(ch)) >= 0) {
		p->pos++;
	} else {
		if (ch)
			fail(p, p->pos - 1, "invalid escape '\\%c'", ch);
		else
			fail(p, p->pos - 1, "unterminated string");
		return false;
	}
	out[(*len)++] = (char)v;
	return true;
}

/* Bytes from the opening quote at `s` to the closing one (or the end). */
static size_t quoted_len(const char *s, bool raw)
{
	size_t i = 1;

	while (s[i] && s[i] != s[0])
		i += !raw && s[i] == '\\' && s[i + 1] ? 2 : 1;
	return i;
}

/* A quoted string, with Python-like escapes unless `raw`. */
static bool parse_string(struct parser *p, struct cond_node *n, bool raw)
{
	size_t start = p->pos, len = 0;
	char delim = peek(p);
	char *out = malloc(quoted_len(p->s + p->pos, raw)); /* escapes never grow */

	if (!out) {
		fail(p, p->pos, "out of memory");
		return false;
	}
	n->str = out;
	for (p->pos++; peek(p) && peek(p) != delim;) {
		if (peek(p) == '\\' && !raw) {
			p->pos++;
			if (!parse_escape(p, out, &len))
				return false;
		} else {
			out[len++] = p->s[p->pos++];
		}
	}
	if (!peek(p)) {
		fail(p, start, "unterminated string");
		return false;
	}
	p->pos++;
	out[len] = '\0';
	return true;
}

static bool keyword(const struct parser *p, const char *word)
{
	size_t n = strlen(word);

	return strncmp(p->s + p->pos, word, n) == 0 && !is_word_char(p->s[p->pos + n]);
}

static bool parse_number(struct parser *p, struct cond_node *n)
{
	char *end;

	errno = 0;
	n->num = strtoll(p->s + p->pos, &end, 0);
	if (errno == ERANGE) {
		fail(p, p->pos, "number out of range");
		return false;
	}
	p->pos = (size_t)(end - p->s);
	if (isalnum((unsigned char)peek(p))) {
		fail(p, p->pos, "unexpected '%c' after a number", peek(p));
		return false;
	}
	return true;
}

/* A string in quotes (r"..." raw), a number (strtoll base 0) or true/false. */
static bool parse_pattern(struct parser *p, struct cond_node *n)
{
	unsigned char ch = (unsigned char)peek(p), next = ch ? (unsigned char)p->s[p->pos + 1] : 0;

	if (keyword(p, "true") || keyword(p, "false")) {
		n->num = peek(p) == 't';
		p->pos += n->num ? 4 : 5;
		return true;
	}
	if (isdigit(ch) || ((ch == '-' || ch == '+') && isdigit(next)))
		return parse_number(p, n);
	bool raw = ch == 'r' || ch == 'R';
	if (raw) {
		p->pos++;
		skip_spaces(p);
	}
	if (peek(p) == '"' || peek(p) == '\'')
		return parse_string(p, n, raw);
	if (peek(p))
		fail(p, p->pos, "expected a string in quotes, a number, true or false, not '%c'",
		        peek(p));
	else
		fail(p, p->pos, "expected a string in quotes, a number, true or false");
	return false;
}

static bool compile_regex(struct parser *p, struct cond_node *n, size_t at)
{
	char msg[240];

	if (!cond_regex_compile(n, msg, sizeof msg)) {
		fail(p, at, "%s", msg);
		return false;
	}
	return true;
}

/* The pattern's type must fit the target's; qualifiers only on strings. */
static bool check_leaf(struct parser *p, struct cond_node *n, const struct leaf_info *li)
{
	const char *name = p->s + li->name_at;
	int len = (int)li->name_len;

	if (li->kind == KIND_STRING && !n->str) {
		fail(p, li->pattern_at, "target '%.*s' is a string: the pattern must be in quotes",
		        len, name);
		return false;
	}
	if (li->kind == KIND_NUMBER && n->str) {
		fail(p, li->pattern_at,
		        "target '%.*s' is a number: the pattern must be a number, "
		        "true or false",
		        len, name);
		return false;
	}
	if (!n->str && li->qual) {
		fail(p, li->qual_at, "'%c' goes only with a string pattern", li->qual);
		return false;
	}
	if (n->str && n->op != COND_OP_EQ) {
		fail(p, li->op_at, "strings can only be compared with '='");
		return false;
	}
	return n->match != COND_M_REGEX || compile_regex(p, n, li->pattern_at);
}

static struct cond_node *parse_leaf(struct parser *p)
{
	struct cond_node *n = new_node(p, COND_LEAF);
	struct leaf_info li = {0};

	if (!n || !parse_target(p, n, &li) || !parse_op(p, n, &li))
		goto fail;
	if (n->op != COND_OP_EXISTS) {
		skip_spaces(p);
		li.pattern_at = p->pos;
		if (!parse_pattern(p, n) || !check_leaf(p, n, &li))
			goto fail;
	}
	return n;
fail:
	cond_node_free(n);
	return NULL;
}

static struct cond_node *parse_or(struct parser *p);

static struct cond_node *parse_group(struct parser *p)
{
	size_t open = p->pos;

	if (++p->depth > MAX_DEPTH) {
		fail(p, open, "parentheses nested more than %d deep", MAX_DEPTH);
		return NULL;
	}
	p->pos++;
	struct cond_node *n = parse_or(p);
	if (n && peek(p) != ')') {
		if (peek(p) == '&' || peek(p) == '|')
			fail(p, p->pos, "'%c' is not an operator: use '&&' or '||'", peek(p));
		else if (peek(p))
			fail(p, p->pos, "expected '&&', '||' or ')' but found '%c'", peek(p));
		else
			fail(p, open, "'(' is never closed");
		cond_node_free(n);
		return NULL;
	}
	p->pos++;
	p->depth--;
	return n;
}

/* [!]* ( '(' OR ')' | LEAF ) */
static struct cond_node *parse_unary(struct parser *p)
{
	bool neg = false;
	struct cond_node *n;

	for (skip_spaces(p); peek(p) == '!'; skip_spaces(p)) {
		neg = !neg;
		p->pos++;
	}
	n = peek(p) == '(' ? parse_group(p) : parse_leaf(p);
	if (n) {
		n->neg ^= neg;
		skip_spaces(p);
	}
	return n;
}

static bool add_kid(struct parser *p, struct cond_node *n, struct cond_node *kid)
{
	if ((n->nkids & (n->nkids - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
		size_t cap = n->nkids ? n->nkids * 2 : 2;
		struct cond_node **k = realloc(n->kids, cap * sizeof *k);
		if (!k) {
			fail(p, p->pos, "out of memory");
			cond_node_free(kid);
			return false;
		}
		n->kids = k;
	}
	n->kids[n->nkids++] = kid;
	return true;
}

/* OPERAND (SEP OPERAND)*: one operand is returned as is, more in a `kind` node. */
static struct cond_node *parse_list(struct parser *p, enum cond_kind kind, const char *sep,
        struct cond_node *(*operand)(struct parser *))
{
	struct cond_node *first = operand(p), *list = NULL;

	while (first && strncmp(p->s + p->pos, sep, 2) == 0) {
		p->pos += 2;
		if (!list && (!(list = new_node(p, kind)) || !add_kid(p, list, first)))
			break;
		struct cond_node *next = operand(p);
		if (!next || !add_kid(p, list, next))
			break;
	}
	if (p->failed || !first) {
		cond_node_free(list ? list : first);
		return NULL;
	}
	return list ? list : first;
}

static struct cond_node *parse_and(struct parser *p)
{
	return parse_list(p, COND_AND, "&&", parse_unary);
}

static struct cond_node *parse_or(struct parser *p)
{
	return parse_list(p, COND_OR, "||", parse_and);
}

static struct cond_node *parse_top(struct parser *p)
{
	skip_spaces(p);
	if (!peek(p)) {
		fail(p, p->pos, "empty condition");
		return NULL;
	}
	struct cond_node *n = parse_or(p);
	if (n && peek(p)) {
		if (peek(p) == ')')
			fail(p, p->pos, "unexpected ')'");
		else if (peek(p) == '&' || peek(p) == '|')
			fail(p, p->pos, "'%c' is not an operator: use '&&' or '||'", peek(p));
		else
			fail(p, p->pos, "expected '&&', '||' or the end but found '%c'", peek(p));
		cond_node_free(n);
		return NULL;
	}
	return n;
}

/* picom's legacy form TARGET:TYPE[FLAGS]:PATTERN, e.g. "n:e:Notification". */
static struct cond_node *parse_legacy(struct parser *p)
{
	static const char tgts[] = "nigr", types[] = "easwp";
	static const enum cond_target tmap[] = {
	        COND_T_NAME, COND_T_CLASS_I, COND_T_CLASS_G, COND_T_ROLE};
	static const enum cond_match mmap[] = {
	        COND_M_EXACT, COND_M_CONTAINS, COND_M_START, COND_M_WILDCARD, COND_M_REGEX};
	const char *s = p->s, *t = strchr(tgts, s[0]), *m = s[2] ? strchr(types, s[2]) : NULL;
	struct cond_node *n;

	if (!t) {
		fail(p, 0, "legacy condition: unknown target '%c' (n, i, g or r)", s[0]);
		return NULL;
	}
	if (!m) {
		fail(p, 2, "legacy condition: unknown match type (e, a, s, w or p)");
		return NULL;
	}
	if (!(n = new_node(p, COND_LEAF)))
		return NULL;
	n->target = tmap[t - tgts];
	n->op = COND_OP_EQ;
	n->match = mmap[m - types];
	for (p->pos = 3; s[p->pos] == 'i'; p->pos++)
		n->icase = true;
	if (s[p->pos] != ':') {
		fail(p, p->pos, "legacy condition: expected ':' (the only flag is 'i')");
		cond_node_free(n);
		return NULL;
	}
	p->pos++;
	if (!(n->str = strdup(s + p->pos)))
		fail(p, p->pos, "out of memory");
	if (!n->str || (n->match == COND_M_REGEX && !compile_regex(p, n, p->pos))) {
		cond_node_free(n);
		return NULL;
	}
	return n;
}

struct cond *cond_parse_col(const char *text, int col0, bool *warning, char *err, size_t errlen)
{
	struct parser p = {.s = text ? text : "", .col0 = col0, .err = err, .errlen = errlen};
	struct cond *c = calloc(1, sizeof *c);

	if (warning)
		*warning = false;
	if (!c || !(c->text = strdup(p.s))) {
		fail(&p, 0, "out of memory");
		free(c);
		return NULL;
	}
	c->root = strlen(p.s) >= 2 && p.s[1] == ':' ? parse_legacy(&p) : parse_top(&p);
	if (!c->root) {
		cond_free(c);
		return NULL;
	}
	if (p.warning[0]) {
		if (warning)
			*warning = true;
		if (errlen)
			snprintf(err, errlen, "%s", p.warning);
	}
	return c;
}

struct cond *cond_parse(const char *text, bool *warning, char *err, size_t errlen)
{
	return cond_parse_col(text, 0, warning, err, errlen);
}

const char *cond_text(const struct cond *c)
{
	return c->text;
}

void cond_free(struct cond *c)
{
	if (!c)
		return;
	cond_node_free(c->root);
	free(c->text);
	free(c);
}

static void props_of(const struct cond_node *n,
        void (*fn)(void *data, const char *name, bool client, int index), void *data)
{
	for (size_t i = 0; i < n->nkids; i++)
		props_of(n->kids[i], fn, data);
	if (n->kind == COND_LEAF && n->target == COND_T_PROP)
		fn(data, n->prop, n->client, n->index);
}

void cond_for_each_prop(const struct cond *c,
        void (*fn)(void *data, const char *name, bool client, int index), void *data)
{
	if (c)
		props_of(c->root, fn, data);
}
