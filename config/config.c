/* Config file lookup and loading: libconfig parses the file, then every top-level setting
 * is looked up in the option table (keys.c); unknown and unsupported options are warned
 * about and skipped, wrong ones are errors with FILE:LINE. */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config-private.h"

#define MAX_FILE_SIZE ((size_t)16 << 20)

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->shadow_radius = 12;
	c->shadow_opacity = 0.75;
	c->shadow_offset_x = c->shadow_offset_y = -15;
	c->shadow_color = 0xff000000u;
	c->fade_in_step = 0.028;
	c->fade_out_step = 0.03;
	c->fade_delta = 10;
	c->active_opacity = c->inactive_opacity = 1.0;
	c->frame_opacity = 1.0;
	for (int t = 0; t < WINTYPE_COUNT; t++)
		c->wintypes[t].opacity = 1.0;
	c->blur.size = 3;
	c->blur.deviation = 0.84089642;
	c->blur.strength = 5;
	c->max_brightness = 1.0;
	c->log_level = CONFIG_LOG_WARN;
	c->background_color = 0xff000000u;
	c->clock = CONFIG_CLOCK_REAL;
}

void config_free(struct config *c)
{
	struct config_rules *lists[] = {&c->shadow_exclude, &c->clip_shadow_above, &c->fade_exclude,
	        &c->opacity_rules, &c->focus_exclude, &c->invert_color_include,
	        &c->rounded_corners_exclude, &c->corner_radius_rules,
	        &c->transparent_clipping_exclude, &c->blur_background_exclude, &c->unredir_exclude};

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		config_free_rules(lists[i]);
	config_free_window_rules(&c->rules);
	anim_set_destroy(c->animations);
	free(c->animations_text);
	free(c->blur.kern);
	for (size_t i = 0; i < c->nbindings; i++)
		free(c->bindings[i].key);
	free(c->bindings);
	config_free_watch(c);
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	config_defaults(c);
}

const char *config_intern_file(struct config *c, const char *path)
{
	char **files, *copy;

	for (size_t i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i], path) == 0)
			return c->files[i];
	if (!(copy = strdup(path)))
		return NULL;
	if (!(files = realloc(c->files, (c->nfiles + 1) * sizeof *files))) {
		free(copy);
		return NULL;
	}
	c->files = files;
	c->files[c->nfiles++] = copy;
	return copy;
}

struct config_wintype config_wintype_effective(const struct config *c, enum wintype t)
{
	struct config_wintype w = c->wintypes[t];

	if (!w.shadow_set)
		w.shadow = t != WINTYPE_DESKTOP && c->shadow;
	if (!w.fade_set)
		w.fade = c->fading;
	if (!w.focus_set)
		w.focus = t != WINTYPE_UNKNOWN && t != WINTYPE_NORMAL && t != WINTYPE_UTILITY;
	if (!w.opacity_set)
		w.opacity = 1.0;
	w.shadow_set = w.fade_set = w.focus_set = true;
	return w;
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

/* ---- messages ---- */

/* libconfig names an included file as the @include line wrote it: resolve relative names
 * against the directory includes are looked up in. */
static const char *resolve(const char *dir, const char *f, char *buf, size_t len)
{
	if (f[0] == '/' || !dir)
		return f;
	snprintf(buf, len, "%s/%s", dir, f);
	return buf;
}

static const char *file_of(struct loader *l, const config_setting_t *s)
{
	const char *f = s ? config_setting_source_file(s) : NULL;

	return f ? resolve(l->include_dir, f, l->file, sizeof l->file) : l->path;
}

const char *config_file(struct loader *l, const config_setting_t *s)
{
	return config_intern_file(l->cfg, file_of(l, s));
}

/* The start of each line of the main text, made when first needed. */
static bool index_lines(struct loader *l)
{
	size_t n = 1, i = 0;

	for (const char *p = l->text; (p = strchr(p, '\n')); p++)
		n++;
	l->lines = malloc(n * sizeof *l->lines);
	if (!l->lines)
		return false;
	l->lines[i++] = l->text;
	for (const char *p = l->text; (p = strchr(p, '\n')); p++)
		l->lines[i++] = p + 1;
	l->nlines = n;
	return true;
}

static bool blank_or_comment(const char *p)
{
	p += strspn(p, " \t\r");
	return *p == '\n' || *p == '\0' || *p == '#' || (p[0] == '/' && p[1] == '/');
}

/* libconfig joins adjacent string literals, so it dates a string in an array or list at
 * the token after it: for the last element, the line of the closing bracket. Go back over
 * blank and comment lines to the element's own line. */
static int string_elem_line(struct loader *l, int line)
{
	const char *p;

	if (!l->text || (!l->lines && !index_lines(l)) || line < 2 || (size_t)line > l->nlines)
		return line;
	p = l->lines[line - 1];
	p += strspn(p, " \t");
	if (!*p || !strchr("]),", *p))
		return line;
	while (line > 2 && blank_or_comment(l->lines[line - 2]))
		line--;
	return line - 1;
}

int config_line(struct loader *l, const config_setting_t *s)
{
	const config_setting_t *parent;

	while (s && !config_setting_source_line(s)) /* array elements in some versions */
		s = config_setting_parent(s);
	if (!s)
		return 0;
	parent = config_setting_parent(s);
	if (config_setting_type(s) == CONFIG_TYPE_STRING && parent &&
	        (config_setting_is_array(parent) || config_setting_is_list(parent)) &&
	        !config_setting_source_file(s))
		return string_elem_line(l, (int)config_setting_source_line(s));
	return (int)config_setting_source_line(s);
}

bool config_fail(struct loader *l, const config_setting_t *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:%d: %s", file_of(l, s), config_line(l, s), msg);
	return false;
}

static void warn_stderr(void *data, const char *file, int line, const char *msg)
{
	(void)data;
	fprintf(stderr, "shmcomp: warning: %s:%d: %s\n", file, line, msg);
}

void config_warn(struct loader *l, const config_setting_t *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	(l->warn ? l->warn : warn_stderr)(l->data, file_of(l, s), config_line(l, s), msg);
}

/* ---- loading ---- */

static void default_opacity(struct config_wintype *w, double opacity)
{
	if (!w->opacity_set) {
		w->opacity = opacity;
		w->opacity_set = true;
	}
}

static void default_no_shadow(struct config_wintype *w)
{
	if (!w->shadow_set) {
		w->shadow = false;
		w->shadow_set = true;
	}
}

/* picom's legacy options give way to the newer ones whatever their order in the file. */
static void apply_legacy(struct loader *l)
{
	struct config_wintype *w = l->cfg->wintypes;
	struct config_blur *b = &l->cfg->blur;

	if (l->shadow_rgb_set && !l->shadow_color_set) {
		uint32_t c = 0xff000000u;
		for (int i = 0; i < 3; i++)
			c |= (uint32_t)lround(l->shadow_rgb[i] * 255.0) << (16 - 8 * i);
		l->cfg->shadow_color = c;
	}
	if (l->menu_opacity_set) {
		default_opacity(&w[WINTYPE_DROPDOWN_MENU], l->menu_opacity);
		default_opacity(&w[WINTYPE_POPUP_MENU], l->menu_opacity);
	}
	if (l->no_dock_shadow)
		default_no_shadow(&w[WINTYPE_DOCK]);
	if (l->no_dnd_shadow)
		default_no_shadow(&w[WINTYPE_DND]);
	/* picom: blur-background (which blur-background-frame implies) without a method
	 * blurs with a kernel */
	if ((b->background || b->background_frame) && b->method == CONFIG_BLUR_NONE)
		b->method = CONFIG_BLUR_KERNEL;
}

/* A non-empty `rules` makes picom ignore the options it supersedes: find it first. */
static void find_rules(struct loader *l, const config_setting_t *root)
{
	const config_setting_t *r = config_setting_get_member(root, "rules");

	l->rules_mode = r && config_setting_is_list(r) && config_setting_length(r) > 0;
	l->rules_line = r ? config_line(l, r) : 0;
}

static bool read_setting(struct loader *l, const config_setting_t *s)
{
	const char *name = config_setting_name(s), *why;
	const struct config_key *k = config_key_find(name);

	if (l->rules_mode && config_is_superseded(name)) {
		config_warn(l, s,
		        "\"%s\" is superseded by \"rules\" (line %d); ignored, as picom "
		        "does",
		        name, l->rules_line);
		return true;
	}
	if (k)
		return k->read(l, s, k);
	if ((why = config_unsupported_reason(name)))
		config_warn(l, s,
		        "\"%s\" is a picom option shmcomp does not support; ignored "
		        "(%s)",
		        name, why);
	else
		config_warn(l, s, "unknown option \"%s\"; ignored", name);
	return true;
}

static bool read_root(struct loader *l, const config_setting_t *root)
{
	find_rules(l, root);
	for (int i = 0; i < config_setting_length(root); i++)
		if (!read_setting(l, config_setting_get_elem(root, (unsigned)i)))
			return false;
	apply_legacy(l);
	if (!config_build_watch(l->cfg)) {
		snprintf(l->err, l->errlen, "%s: out of memory", l->path);
		return false;
	}
	return true;
}

static void syntax_error(struct loader *l, const config_t *cf)
{
	const char *f = config_error_file(cf), *text = config_error_text(cf);

	snprintf(l->err, l->errlen, "%s:%d: %s",
	        f ? resolve(l->include_dir, f, l->file, sizeof l->file) : l->path,
	        config_error_line(cf), text ? text : "syntax error");
}

bool config_load_text(const char *text, const char *name, const char *include_dir, struct config *c,
        config_warn_fn warn, void *data, char *err, size_t errlen)
{
	struct config next;
	struct loader l = {.cfg = &next,
	        .text = text,
	        .path = name,
	        .include_dir = include_dir,
	        .warn = warn,
	        .data = data,
	        .err = err,
	        .errlen = errlen};
	config_t cf;
	bool ok;

	config_defaults(&next);
	config_init(&cf);
	if (include_dir)
		config_set_include_dir(&cf, include_dir);
	ok = config_read_string(&cf, text) == CONFIG_TRUE;
	if (ok)
		ok = read_root(&l, config_root_setting(&cf));
	else
		syntax_error(&l, &cf);
	config_destroy(&cf);
	free(l.lines);
	if (!ok) {
		config_free(&next);
		return false;
	}
	snprintf(next.source, sizeof next.source, "%s", name);
	config_free(c);
	*c = next;
	return true;
}

/* libconfig would stop at a NUL byte and ignore the rest: refuse such files. */
static bool check_text(const char *text, size_t size, const char *path, char *err, size_t errlen)
{
	const char *nul = memchr(text, '\0', size);
	int line = 1;

	if (!nul)
		return true;
	for (const char *p = text; p < nul; p++)
		line += *p == '\n';
	snprintf(err, errlen, "%s:%d: NUL byte in the file (not a text file?)", path, line);
	return false;
}

/* Up to MAX_FILE_SIZE bytes of `f`, NUL-terminated, with their length. Reads to the end
 * rather than trusting st_size, so that /dev/null (picom's way of saying "no config") and
 * pipes work too. */
static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 4096, n;
	char *buf = malloc(cap), *more;

	*len = 0;
	while (buf && (n = fread(buf + *len, 1, cap - *len - 1, f)) > 0) {
		*len += n;
		if (*len > MAX_FILE_SIZE) {
			free(buf);
			return NULL;
		}
		if (*len + 1 == cap) {
			cap *= 2;
			more = realloc(buf, cap);
			if (!more)
				free(buf);
			buf = more;
		}
	}
	if (buf)
		buf[*len] = '\0';
	return buf;
}

/* The whole file, NUL-terminated. */
static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	size_t len = 0;
	char *text = NULL;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(err, errlen, "%s: is a directory", path);
	else if (!(text = read_all(f, &len)))
		snprintf(err, errlen, "%s: larger than 16 MiB, or out of memory", path);
	else if (ferror(f))
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else if (check_text(text, len, path, err, errlen)) {
		fclose(f);
		return text;
	}
	free(text);
	fclose(f);
	return NULL;
}

bool config_load(const char *path, struct config *c, config_warn_fn warn, void *data, char *err,
        size_t errlen)
{
	char *text = read_file(path, err, errlen), *dir;
	bool ok;

	if (!text)
		return false;
	dir = strdup(path);
	if (!dir) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(text);
		return false;
	}
	ok = config_load_text(text, path, dirname(dir), c, warn, data, err, errlen);
	free(dir);
	free(text);
	return ok;
}
