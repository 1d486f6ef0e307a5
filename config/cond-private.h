/* The parsed form of a condition, shared by the parser (cond.c), the matcher
 * (cond-match.c) and the regexes (cond-regex.c). Not part of the API: users see
 * `struct cond` as opaque. */
#ifndef SHMCOMP_CONFIG_COND_PRIVATE_H
#define SHMCOMP_CONFIG_COND_PRIVATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "config/config.h"

enum cond_kind { COND_AND, COND_OR, COND_LEAF };

/* What a leaf tests: picom's predefined targets (the strings first), a window property
 * (COND_T_PROP), or one of picom's deprecated targets `id`, `client`, `leader`, which
 * picom never matches (COND_T_DEPRECATED). */
enum cond_target {
	COND_T_NAME,
	COND_T_CLASS_G,
	COND_T_CLASS_I,
	COND_T_ROLE,
	COND_T_WINDOW_TYPE,
	COND_T_X,
	COND_T_Y,
	COND_T_X2,
	COND_T_Y2,
	COND_T_WIDTH,
	COND_T_HEIGHT,
	COND_T_WIDTHB,
	COND_T_HEIGHTB,
	COND_T_BORDER_WIDTH,
	COND_T_FULLSCREEN,
	COND_T_OVERRIDE_REDIRECT,
	COND_T_ARGB,
	COND_T_FOCUSED,
	COND_T_GROUP_FOCUSED,
	COND_T_WMWIN,
	COND_T_BOUNDING_SHAPED,
	COND_T_ROUNDED_CORNERS,
	COND_T_DEPRECATED,
	COND_T_PROP,
};

#define COND_T_LAST_STRING COND_T_WINDOW_TYPE

enum cond_op { COND_OP_EXISTS, COND_OP_EQ, COND_OP_GT, COND_OP_GE, COND_OP_LT, COND_OP_LE };

enum cond_match {
	COND_M_EXACT,    /* = */
	COND_M_CONTAINS, /* *= */
	COND_M_START,    /* ^= */
	COND_M_END,      /* $= (shmcomp's; picom has no suffix match) */
	COND_M_WILDCARD, /* %= fnmatch(3) */
	COND_M_REGEX,    /* ~= PCRE2 */
};

struct cond_node {
	enum cond_kind kind;
	bool neg;
	/* COND_AND, COND_OR: two or more operands */
	struct cond_node **kids;
	size_t nkids;
	/* COND_LEAF */
	enum cond_target target;
	enum cond_op op;
	enum cond_match match;
	bool icase;
	char *str; /* string pattern, NULL for a number */
	int64_t num;
	/* COND_T_PROP: the property, on the client window (`@`), item `index` (-1: any) */
	char *prop;
	bool client;
	int index;
	/* COND_M_REGEX, set by cond_regex_compile */
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

struct cond {
	char *text;
	struct cond_node *root;
};

void cond_node_free(struct cond_node *n);

/* Compiles n->str (PCRE2, caseless with n->icase) into n->re with its match data and a
 * match context whose limits bound the time and memory of one match; false with the
 * library's message and the offset in the pattern. */
bool cond_regex_compile(struct cond_node *n, char *err, size_t errlen);
/* Whether the compiled regex matches `s`; hitting a limit counts as no match. */
bool cond_regex_match(const struct cond_node *n, const char *s);
void cond_regex_free(struct cond_node *n);

/* cond_parse for a condition that starts at column `col0` + 1 of a longer string (the
 * CONDITION of opacity-rule's "PERCENT:CONDITION"), so that errors point into it. */
struct cond *cond_parse_col(const char *text, int col0, bool *warning, char *err, size_t errlen);

/* Calls `fn` for each window property leaf of `c` (NULL: none). */
void cond_for_each_prop(const struct cond *c,
        void (*fn)(void *data, const char *name, bool client, int index), void *data);

#endif
