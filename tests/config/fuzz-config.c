/* libFuzzer target (also replayed by test-config-replay): the first byte picks a config
 * file ('F', even), whose dump must load back to the same dump with no warning the file
 * did not give, and whose settings are computed for a few windows, or a condition ('C',
 * odd), whose negation "!(...)" must match exactly the windows it does not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (64 * 1024)

/* The warnings of a load, without FILE:LINE (a dump has other lines) and without the
 * quoted entry a condition warning starts with (a dump writes "0: x" for " 0 : x"). */
struct seen {
	char *text[64];
	size_t n;
	bool other; /* a warning that is not in `first` */
	const struct seen *first;
};

static const char *tail(const char *msg)
{
	const char *t = NULL;

	for (const char *p = msg; (p = strstr(p, "\": ")); p++)
		t = p + 3;
	return t ? t : msg;
}

static void note_warning(void *data, const char *file, int line, const char *msg)
{
	struct seen *s = data;

	(void)file;
	(void)line;
	msg = tail(msg);
	if (s->first) {
		bool known = false;
		for (size_t i = 0; i < s->first->n; i++)
			known |= strcmp(s->first->text[i], msg) == 0;
		s->other |= !known && s->first->n < 64;
	} else if (s->n < 64) {
		s->text[s->n++] = strdup(msg);
	}
}

static void forget(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->text[i]);
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

/* Properties for the windows below, by the name's first byte: numbers, atoms, strings,
 * or none. */
static bool fuzz_props(void *data, const char *name, bool client, struct cond_prop *out)
{
	static const int64_t nums[] = {0, -1, 4294967295, 30};
	static const char *const atoms[] = {"_NET_WM_STATE_HIDDEN", NULL, "", "A"};
	static const char str[] = "a\0\0Firefox\0";

	(void)data;
	switch (((unsigned char)name[0] + client) % 4) {
	case 0:
		*out = (struct cond_prop){.type = COND_PROP_NUMBER, .n = 4, .num = nums};
		return true;
	case 1:
		*out = (struct cond_prop){
		        .type = COND_PROP_ATOM, .n = 4, .num = nums, .atom = atoms};
		return true;
	case 2:
		*out = (struct cond_prop){
		        .type = COND_PROP_STRING, .str = str, .len = sizeof str - 1};
		return true;
	default:
		return false;
	}
}

static const struct cond_window windows[] = {
        {.name = "Mozilla Firefox",
                .class_g = "Firefox",
                .class_i = "Navigator",
                .role = "browser",
                .window_type = WINTYPE_NORMAL,
                .focused = true,
                .width = 1024,
                .height = 768,
                .x = 10,
                .y = -20,
                .border_width = 2,
                .group_focused = true,
                .prop = fuzz_props},
        {.name = "",
                .class_g = "XTerm",
                .window_type = WINTYPE_TOOLTIP,
                .argb = true,
                .override_redirect = true,
                .bounding_shaped = true,
                .fullscreen = true,
                .width = -1,
                .height = INT64_MAX,
                .window_types = 0xffffffffu,
                .wmwin = true,
                .rounded_corners = true,
                .prop = fuzz_props},
        {.window_type = WINTYPE_COUNT},
};

static void settings_of(const struct config *c)
{
	struct config_window_settings s;
	char text[4096];

	for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
		config_window_settings(c, &windows[i], &s);
		if (!(s.v.opacity >= 0 && s.v.opacity <= 1 && s.v.dim >= 0 && s.v.dim <= 1))
			abort();
		if (config_settings_text(c, &s, text, sizeof text) == 0)
			abort();
	}
}

static void fuzz_config(const char *text)
{
	struct config c, again;
	char err[1024];
	struct seen first = {0}, second = {.first = &first};

	if (strstr(text, "@include")) /* would read other files than the input */
		return;
	config_defaults(&c);
	config_defaults(&again);
	if (!config_load_text(text, "fuzz.conf", NULL, &c, note_warning, &first, err, sizeof err)) {
		forget(&first);
		return;
	}
	settings_of(&c);
	char *first_dump = dump(&c);
	if (!config_load_text(first_dump, "dump.conf", NULL, &again, note_warning, &second, err,
	            sizeof err) ||
	        second.other) {
		fprintf(stderr, "the dump does not load cleanly (%s):\n%s", err, first_dump);
		abort();
	}
	char *second_dump = dump(&again);
	if (strcmp(strchr(first_dump, '\n'), strchr(second_dump, '\n')) != 0) {
		fprintf(stderr, "dumps differ:\n%s\n%s", first_dump, second_dump);
		abort();
	}
	free(first_dump);
	free(second_dump);
	forget(&first);
	config_free(&c);
	config_free(&again);
}

static void fuzz_cond(const char *text)
{
	char err[256], *wrapped;
	bool warning;
	struct cond *c = cond_parse(text, &warning, err, sizeof err), *not ;

	if (!c) {
		if (strncmp(err, "column ", 7) != 0)
			abort();
		return;
	}
	if (strcmp(cond_text(c), text) != 0)
		abort();
	wrapped = malloc(strlen(text) + 4);
	sprintf(wrapped, "!(%s)", text);
	not = text[0] && text[1] == ':' ? NULL : cond_parse(wrapped, NULL, NULL, 0);
	for (size_t i = 0; not &&i < sizeof windows / sizeof windows[0]; i++)
		if (cond_match(not, &windows[i]) == cond_match(c, &windows[i]))
			abort();
	cond_free(not );
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
