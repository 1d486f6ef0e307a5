/* The effective configuration in config syntax (config_dump: loading it back gives the same
 * settings), and `shmcomp --check-config` on top of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config-private.h"

/* libconfig reads \\ \" \f \n \r \t and \xHH in strings; other bytes stand as they are. */
void config_print_escaped(FILE *f, const char *s)
{
	static const char from[] = "\\\"\f\n\r\t", to[] = "\\\"fnrt";

	for (; *s; s++) {
		const char *e = strchr(from, *s);
		if (e)
			fprintf(f, "\\%c", to[e - from]);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(f, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
}

void config_print_string(FILE *f, const char *s)
{
	fputc('"', f);
	config_print_escaped(f, s);
	fputc('"', f);
}

/* The shortest form that reads back as `v`, always with a '.' or an exponent so that
 * libconfig takes it as a float. */
void config_print_double(FILE *f, double v)
{
	char buf[40];

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, f);
	if (!strpbrk(buf, ".eEn"))
		fputs(".0", f);
}

/* A path in a comment: one line, printable. */
static void print_comment_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

void config_dump(const struct config *c, FILE *f)
{
	fputs("# shmcomp configuration: effective settings (", f);
	print_comment_text(f, c->source[0] ? c->source : "built-in defaults");
	fputs(")\n", f);
	for (size_t i = 0; i < config_nkeys; i++) {
		const struct config_key *k = &config_keys[i];
		/* with rules, the options they supersede were ignored: they have no value */
		if (k->dump && !(c->rules.n && (k->flags & CONFIG_KEY_SUPERSEDED)))
			k->dump(c, k, f);
	}
}

struct check {
	FILE *errf;
	int warnings;
};

static void check_warn(void *data, const char *file, int line, const char *msg)
{
	struct check *ck = data;

	fprintf(ck->errf, "shmcomp: warning: %s:%d: %s\n", file, line, msg);
	ck->warnings++;
}

int config_check(const char *path, FILE *out, FILE *errf)
{
	struct check ck = {.errf = errf};
	struct config c;
	char found[CONFIG_PATH_MAX], err[1024];

	config_defaults(&c);
	if (!config_find(path, found, sizeof found)) {
		fputs("shmcomp: no configuration file found; built-in defaults\n", errf);
		config_dump(&c, out);
		return 0;
	}
	if (!config_load(found, &c, check_warn, &ck, err, sizeof err)) {
		fprintf(errf, "shmcomp: %s\n", err);
		return 1;
	}
	config_dump(&c, out);
	fprintf(errf, "shmcomp: %s: valid, %d warning%s\n", found, ck.warnings,
	        ck.warnings == 1 ? "" : "s");
	config_free(&c);
	return 0;
}
