/* picom's `animations`, at the top level and in a rule: the list is handed to anim/ to
 * compile; its messages ("line N: ...") are given the file, as every other message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config-private.h"

struct anim_messages {
	struct loader *l;
	const char *file;
};

/* anim/ counts lines in the file the setting came from. */
static void anim_warning(void *data, int line, const char *msg)
{
	struct anim_messages *m = data;
	struct loader *l = m->l;

	if (l->warn)
		l->warn(l->data, m->file, line, msg);
	else
		fprintf(stderr, "shmcomp: warning: %s:%d: %s\n", m->file, line, msg);
}

/* "line N: what" from anim/ as "FILE:N: what"; without a line, the setting's. */
static bool anim_error(struct loader *l, const config_setting_t *s, const char *file,
        const char *path, const char *msg)
{
	int line = 0, used = 0;

	if (sscanf(msg, "line %d: %n", &line, &used) >= 1 && used > 0)
		snprintf(l->err, l->errlen, "%s:%d: %s: %s", file, line, path, msg + used);
	else
		snprintf(l->err, l->errlen, "%s:%d: %s: %s", file, config_line(l, s), path, msg);
	return false;
}

bool config_read_animations(
        struct loader *l, const config_setting_t *s, const char *path, struct anim_set **out)
{
	char err[512] = "";
	struct anim_messages m = {.l = l, .file = config_file(l, s)};

	if (!m.file)
		return config_fail(l, s, "out of memory");
	anim_set_destroy(*out);
	*out = anim_set_parse(s, anim_warning, &m, err, sizeof err);
	return *out || anim_error(l, s, m.file, path, err);
}

/* A libconfig value written back in libconfig syntax, so that a dump reloads to the same
 * scripts. */
static void write_value(FILE *f, const config_setting_t *s)
{
	int n = config_setting_length(s);

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_GROUP:
		fputs("{ ", f);
		for (int i = 0; i < n; i++) {
			const config_setting_t *m = config_setting_get_elem(s, (unsigned)i);
			fprintf(f, "%s = ", config_setting_name(m));
			write_value(f, m);
			fputs("; ", f);
		}
		fputs("}", f);
		break;
	case CONFIG_TYPE_LIST:
	case CONFIG_TYPE_ARRAY:
		if (n == 0) {
			fputs(config_setting_is_list(s) ? "( )" : "[ ]", f);
			break;
		}
		fputs(config_setting_is_list(s) ? "( " : "[ ", f);
		for (int i = 0; i < n; i++) {
			if (i)
				fputs(", ", f);
			write_value(f, config_setting_get_elem(s, (unsigned)i));
		}
		fputs(config_setting_is_list(s) ? " )" : " ]", f);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		fprintf(f, "%lld", (long long)config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		config_print_double(f, config_setting_get_float(s));
		break;
	case CONFIG_TYPE_STRING:
		config_print_string(f, config_setting_get_string(s));
		break;
	case CONFIG_TYPE_BOOL:
		fputs(config_setting_get_bool(s) ? "true" : "false", f);
		break;
	default:
		fputs("0", f);
		break;
	}
}

char *config_setting_text(const config_setting_t *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	write_value(f, s);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
