/* Config file lookup and loading (libconfig syntax, picom's option names). */
#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->background_color = 0xff000000u;
}

static bool exists(const char *path)
{
	return access(path, R_OK) == 0;
}

static bool try_dir(const char *dir, size_t len, char *out, size_t outlen)
{
	int n = snprintf(out, outlen, "%.*s/shmcomp/shmcomp.conf", (int)len, dir);
	return n > 0 && (size_t)n < outlen && exists(out);
}

bool config_find(const char *explicit_path, char *out, size_t outlen)
{
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *dirs = getenv("XDG_CONFIG_DIRS");
	char buf[CONFIG_PATH_MAX];

	if (explicit_path) {
		snprintf(out, outlen, "%s", explicit_path);
		return true;
	}
	if (xdg && *xdg && try_dir(xdg, strlen(xdg), out, outlen))
		return true;
	if ((!xdg || !*xdg) && home && *home) {
		snprintf(buf, sizeof buf, "%s/.config", home);
		if (try_dir(buf, strlen(buf), out, outlen))
			return true;
	}
	if (!dirs || !*dirs)
		dirs = "/etc/xdg";
	while (*dirs) {
		size_t n = strcspn(dirs, ":");
		if (n && try_dir(dirs, n, out, outlen))
			return true;
		dirs += n;
		if (*dirs == ':')
			dirs++;
	}
	out[0] = '\0';
	return false;
}

static int hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool config_parse_color(const char *s, uint32_t *out)
{
	size_t n = s ? strlen(s) : 0;
	uint32_t v = 0;

	if ((n != 7 && n != 9) || s[0] != '#')
		return false;
	for (size_t i = 1; i < n; i++) {
		int h = hex(s[i]);
		if (h < 0)
			return false;
		v = v << 4 | (uint32_t)h;
	}
	*out = n == 7 ? (0xff000000u | v) : v;
	return true;
}

static bool read_settings(config_t *cf, const char *path, struct config *c, char *err,
	size_t errlen)
{
	config_setting_t *s = config_lookup(cf, "background-color");

	if (!s)
		return true;
	const char *v = config_setting_get_string(s);
	if (!v || !config_parse_color(v, &c->background_color)) {
		snprintf(err, errlen, "%s:%d: background-color must be a string \"#rrggbb\"", path,
			config_setting_source_line(s));
		return false;
	}
	return true;
}

bool config_load(const char *path, struct config *c, char *err, size_t errlen)
{
	config_t cf;
	struct config next;
	bool ok;

	config_defaults(&next);
	config_init(&cf);
	if (!exists(path)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		config_destroy(&cf);
		return false;
	}
	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		snprintf(err, errlen, "%s:%d: %s", path, config_error_line(&cf),
			config_error_text(&cf));
		config_destroy(&cf);
		return false;
	}
	ok = read_settings(&cf, path, &next, err, errlen);
	config_destroy(&cf);
	if (!ok)
		return false;
	snprintf(next.source, sizeof next.source, "%s", path);
	*c = next;
	return true;
}
