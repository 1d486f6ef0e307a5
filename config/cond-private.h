/* The parsed form of a condition, shared by the parser (cond.c) and the matcher
 * (cond-match.c). Not part of the API: users see `struct cond` as opaque. */
#ifndef SHMCOMP_CONFIG_COND_PRIVATE_H
#define SHMCOMP_CONFIG_COND_PRIVATE_H

#include <regex.h>

#include "config/config.h"

enum cond_kind { COND_AND, COND_OR, COND_LEAF };

/* What a leaf tests; COND_T_UNSUPPORTED covers window properties and picom targets
 * shmcomp does not track (`x`, `wmwin`, `leader`, ...). */
enum cond_target {
	COND_T_NAME,
	COND_T_CLASS_G,
	COND_T_CLASS_I,
	COND_T_ROLE,
	COND_T_WINDOW_TYPE,
	COND_T_OVERRIDE_REDIRECT,
	COND_T_ARGB,
	COND_T_FOCUSED,
	COND_T_BOUNDING_SHAPED,
	COND_T_FULLSCREEN,
	COND_T_WIDTH,
	COND_T_HEIGHT,
	COND_T_UNSUPPORTED,
};

enum cond_op { COND_OP_EXISTS, COND_OP_EQ, COND_OP_GT, COND_OP_GE, COND_OP_LT, COND_OP_LE };

enum cond_match {
	COND_M_EXACT,    /* = */
	COND_M_CONTAINS, /* *= */
	COND_M_START,    /* ^= */
	COND_M_END,      /* $= (shmcomp's; picom has no suffix match) */
	COND_M_WILDCARD, /* %= fnmatch(3) */
	COND_M_REGEX,    /* ~= POSIX extended regex */
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
	bool has_regex; /* `re` is compiled and must be freed */
	char *str;      /* string pattern, NULL for a number */
	int64_t num;
	regex_t re;
};

struct cond {
	char *text;
	struct cond_node *root;
};

void cond_node_free(struct cond_node *n);

/* regcomp (extended, no subexpressions) of a `~=` pattern, refusing those that would
 * make glibc's regcomp take gigabytes or minutes; false with a message. */
bool cond_regex_compile(regex_t *re, const char *pattern, bool icase, char *err, size_t errlen);

/* cond_parse for a condition that starts at column `col0` + 1 of a longer string (the
 * CONDITION of opacity-rule's "PERCENT:CONDITION"), so that errors point into it. */
struct cond *cond_parse_col(const char *text, int col0, bool *unsupported, char *err,
	size_t errlen);

#endif
