/* libFuzzer target (also replayed by test-config-replay): the first byte picks a config
 * file ('F', even), whose dump must load back to the same dump, or a condition ('C', odd),
 * whose negation "!(...)" must match the opposite wherever it can decide. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (64 * 1024)

/* Counts warnings other than conditions that never match (those stay in the dump). */
static void count_warning(void *data, const char *file, int line, const char *msg)
{
	(void)file;
	(void)line;
	if (!strstr(msg, ": unsupported condition target '"))
		(*(int *)data)++;
}

/* open_memstream's buffer and size live on the heap: GCC 12 takes locals handed to it for
 * dangling pointers. */
struct membuf {
	char *buf;
	size_t len;
};

static char *dump(const struct config *c)
{
	struct membuf *m = calloc(1, sizeof *m);
	FILE *f = m ? open_memstream(&m->buf, &m->len) : NULL;
	char *text;

	if (!f)
		abort();
	config_dump(c, f);
	fclose(f);
	text = m->buf;
	free(m);
	return text;
}

static void fuzz_config(const char *text)
{
	struct config c, again;
	char err[1024];
	int warnings = 0;

	if (strstr(text, "@include")) /* would read other files than the input */
		return;
	config_defaults(&c);
	config_defaults(&again);
	if (!config_load_text(text, "fuzz.conf", NULL, &c, count_warning, &warnings, err,
		    sizeof err))
		return;
	char *first = dump(&c);
	warnings = 0;
	if (!config_load_text(first, "dump.conf", NULL, &again, count_warning, &warnings, err,
		    sizeof err) || warnings) {
		fprintf(stderr, "the dump does not load cleanly (%s):\n%s", err, first);
		abort();
	}
	char *second = dump(&again);
	if (strcmp(strchr(first, '\n'), strchr(second, '\n')) != 0) {
		fprintf(stderr, "dumps differ:\n%s\n%s", first, second);
		abort();
	}
	free(first);
	free(second);
	config_free(&c);
	config_free(&again);
}

static const struct cond_window windows[] = {
	{.name = "Mozilla Firefox", .class_g = "Firefox", .class_i = "Navigator",
		.role = "browser", .window_type = WINTYPE_NORMAL, .focused = true, .width = 1024,
		.height = 768},
	{.name = "", .class_g = "XTerm", .window_type = WINTYPE_TOOLTIP, .argb = true,
		.override_redirect = true, .bounding_shaped = true, .fullscreen = true,
		.width = -1, .height = INT64_MAX},
	{.window_type = WINTYPE_COUNT},
};

static void fuzz_cond(const char *text)
{
	char err[256], *wrapped;
	bool unsupported, wrapped_unsupported;
	struct cond *c = cond_parse(text, &unsupported, err, sizeof err), *not;

	if (!c) {
		if (strncmp(err, "column ", 7) != 0)
			abort();
		return;
	}
	if (strcmp(cond_text(c), text) != 0)
		abort();
	wrapped = malloc(strlen(text) + 4);
	sprintf(wrapped, "!(%s)", text);
	not = text[0] && text[1] == ':' ? NULL : cond_parse(wrapped, &wrapped_unsupported, NULL, 0);
	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		bool m = cond_match(c, &windows[i]);
		if (not && !unsupported && cond_match(not, &windows[i]) == m)
			abort();
		if (not && m && cond_match(not, &windows[i]))
			abort();
	}
	cond_free(not);
	cond_free(c);
	free(wrapped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1 || size > MAX_INPUT)
		return 0;
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (data[0] & 1)
		fuzz_cond(text);
	else
		fuzz_config(text);
	free(text);
	return 0;
}
