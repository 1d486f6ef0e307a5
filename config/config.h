/* Configuration: finding the file (--config, then the XDG directories) and
 * loading it with libconfig into a plain struct. Never touches X. */
#ifndef SHMCOMP_CONFIG_H
#define SHMCOMP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_PATH_MAX 4096

struct config {
	uint32_t background_color; /* 0xAARRGGBB; painted where no root pixmap is set */
	char source[CONFIG_PATH_MAX]; /* the file loaded; "" for built-in defaults */
};

void config_defaults(struct config *c);

/* The file to load: `explicit_path` if given, else
 * $XDG_CONFIG_HOME/shmcomp/shmcomp.conf (default ~/.config), else
 * shmcomp/shmcomp.conf under each of $XDG_CONFIG_DIRS (default /etc/xdg).
 * False when none exists (an explicit path is returned even if missing, so
 * that loading it reports the error). */
bool config_find(const char *explicit_path, char *out, size_t outlen);

/* Loads `path` over the defaults into `c`; `c` is untouched on failure, and
 * `err` then says FILE:LINE: what is wrong. An empty file is valid. */
bool config_load(const char *path, struct config *c, char *err, size_t errlen);

/* "#rrggbb" or "#aarrggbb" (alpha first) into 0xAARRGGBB. */
bool config_parse_color(const char *s, uint32_t *out);

#endif
