/* The scene client's commands: one function per script verb, each turning a
 * parsed line into core, Shape and property requests on the windows it names.
 * The verbs are documented at the top of scene-client.c. */
#include "tests/client/scene.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xcb/shape.h>

#define MAX_ARGS 64
#define MAX_RECTS 16

struct cmd {
	const char *name;
	int min, max; /* argument count, including the verb */
	void (*run)(struct scene *s, int argc, char **argv);
};

static long parse_long(const struct scene *s, const char *str, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(str, &end, 0);
	if (errno || end == str || *end || v < lo || v > hi)
		scene_fail(s, "bad number '%s' (expected %ld..%ld)", str, lo, hi);
	return v;
}

static int16_t parse_coord(const struct scene *s, const char *str)
{
	return (int16_t)parse_long(s, str, -16384, 16383);
}

static uint16_t parse_size(const struct scene *s, const char *str)
{
	return (uint16_t)parse_long(s, str, 1, 8192);
}

static uint32_t parse_rgb(const struct scene *s, const char *str)
{
	char *end;
	unsigned long v = strtoul(str, &end, 16);

	if (end == str || *end || v > 0xffffff)
		scene_fail(s, "bad colour '%s' (expected RRGGBB)", str);
	return (uint32_t)v;
}

static struct scene_win *win_find(const struct scene *s, const char *name)
{
	for (size_t i = 0; i < s->nwins; i++)
		if (strcmp(s->wins[i]->name, name) == 0)
			return s->wins[i];
	return NULL;
}

static struct scene_win *win_get(const struct scene *s, const char *name)
{
	struct scene_win *w = win_find(s, name);

	if (!w)
		scene_fail(s, "no window named '%s'", name);
	return w;
}

struct scene_win *scene_win_by_id(const struct scene *s, xcb_window_t id)
{
	for (size_t i = 0; i < s->nwins; i++)
		if (s->wins[i]->id == id)
			return s->wins[i];
	return NULL;
}

/* "root" or a window's name. */
static struct scene_win *parent_get(const struct scene *s, const char *name)
{
	return strcmp(name, "root") == 0 ? NULL : win_get(s, name);
}

static xcb_window_t xid_of(const struct scene *s, const struct scene_win *w)
{
	return w ? w->id : s->screen->root;
}

static struct scene_win *win_add(struct scene *s, const char *name)
{
	struct scene_win *w;

	if (strlen(name) >= SCENE_NAME_MAX || strcmp(name, "root") == 0 || win_find(s, name))
		scene_fail(s, "bad or duplicate window name '%s'", name);
	if (s->nwins == s->capwins) {
		size_t cap = s->capwins ? 2 * s->capwins : 64;
		struct scene_win **n = realloc(s->wins, cap * sizeof *n);
		if (!n)
			scene_fail(s, "out of memory");
		s->wins = n;
		s->capwins = cap;
	}
	w = calloc(1, sizeof *w);
	if (!w)
		scene_fail(s, "out of memory");
	strcpy(w->name, name);
	s->wins[s->nwins++] = w;
	return w;
}

static bool descends_from(const struct scene_win *w, const struct scene_win *ancestor)
{
	for (; w; w = w->parent)
		if (w == ancestor)
			return true;
	return false;
}

/* Forgets `top` and every window under it, as DestroyWindow does on the server. */
static void win_forget_tree(struct scene *s, struct scene_win *top)
{
	size_t kept = 0;
	struct scene_win **gone = calloc(s->nwins, sizeof *gone);
	size_t ngone = 0;

	if (!gone)
		scene_fail(s, "out of memory");
	for (size_t i = 0; i < s->nwins; i++) {
		if (descends_from(s->wins[i], top))
			gone[ngone++] = s->wins[i];
		else
			s->wins[kept++] = s->wins[i];
	}
	s->nwins = kept;
	for (size_t i = 0; i < ngone; i++)
		free(gone[i]);
	free(gone);
}

void scene_destroy_all(struct scene *s)
{
	for (size_t i = 0; i < s->nwins; i++)
		free(s->wins[i]);
	free(s->wins);
	s->wins = NULL;
	s->nwins = s->capwins = 0;
}

static void ensure_argb(struct scene *s)
{
	xcb_pixmap_t pix;

	if (s->argb_visual)
		return;
	s->argb_visual = x_argb_visual(s->screen);
	if (!s->argb_visual)
		scene_fail(s, "the server has no depth-32 ARGB visual");
	s->argb_cmap = xcb_generate_id(s->c);
	xcb_create_colormap(
	        s->c, XCB_COLORMAP_ALLOC_NONE, s->argb_cmap, s->screen->root, s->argb_visual);
	pix = xcb_generate_id(s->c);
	xcb_create_pixmap(s->c, 32, pix, s->screen->root, 1, 1);
	s->gc32 = xcb_generate_id(s->c);
	xcb_create_gc(s->c, s->gc32, pix, 0, NULL);
	xcb_free_pixmap(s->c, pix);
}

struct create_opts {
	struct scene_win *parent;
	uint32_t bc;
	bool bc_set, override_redirect, map;
};

static void parse_pattern(const struct scene *s, const char *v, struct scene_look *look)
{
	static const char *const names[PAT_COUNT] = {"checker", "hstripes", "vstripes"};

	for (int i = 0; i < PAT_COUNT; i++)
		if (strcmp(v, names[i]) == 0) {
			look->pat = (enum scene_pattern)i;
			return;
		}
	scene_fail(s, "unknown pattern '%s'", v);
}

static void parse_create_opt(
        const struct scene *s, const char *arg, struct scene_win *w, struct create_opts *o)
{
	const char *v = strchr(arg, '=');

	if (strcmp(arg, "argb") == 0)
		w->argb = true;
	else if (strcmp(arg, "or") == 0)
		o->override_redirect = true;
	else if (strcmp(arg, "map") == 0)
		o->map = true;
	else if (!v)
		scene_fail(s, "unknown create option '%s'", arg);
	else if (strncmp(arg, "bw=", 3) == 0)
		w->bw = (uint16_t)parse_long(s, v + 1, 0, 1000);
	else if (strncmp(arg, "bc=", 3) == 0) {
		o->bc = parse_rgb(s, v + 1);
		o->bc_set = true;
	} else if (strncmp(arg, "bg=", 3) == 0)
		w->look.bg = parse_rgb(s, v + 1);
	else if (strncmp(arg, "fg=", 3) == 0)
		w->look.fg = parse_rgb(s, v + 1);
	else if (strncmp(arg, "alpha=", 6) == 0)
		w->look.alpha = (uint8_t)parse_long(s, v + 1, 0, 255);
	else if (strncmp(arg, "cell=", 5) == 0)
		w->look.cell = (uint8_t)parse_long(s, v + 1, 1, 255);
	else if (strncmp(arg, "pat=", 4) == 0)
		parse_pattern(s, v + 1, &w->look);
	else if (strncmp(arg, "parent=", 7) == 0)
		o->parent = parent_get(s, v + 1);
	else
		scene_fail(s, "unknown create option '%s'", arg);
}

static uint32_t default_border(uint32_t bg)
{
	return ((bg << 8) | (bg >> 16)) & 0xffffff;
}

static void create_window(struct scene *s, struct scene_win *w, const struct create_opts *o)
{
	uint32_t bc = o->bc_set ? o->bc : default_border(w->look.bg);
	uint32_t values[5] = {scene_pixel(s, w->argb, w->look.bg, w->look.alpha),
	        scene_pixel(s, w->argb, bc, 0xff), o->override_redirect, XCB_EVENT_MASK_EXPOSURE,
	        0};
	uint32_t mask = XCB_CW_BACK_PIXEL | XCB_CW_BORDER_PIXEL | XCB_CW_OVERRIDE_REDIRECT |
	                XCB_CW_EVENT_MASK;
	uint8_t depth = XCB_COPY_FROM_PARENT;
	xcb_visualid_t visual = XCB_COPY_FROM_PARENT;

	if (w->argb) {
		ensure_argb(s);
		values[4] = s->argb_cmap;
		mask |= XCB_CW_COLORMAP;
		depth = 32;
		visual = s->argb_visual;
	}
	w->id = xcb_generate_id(s->c);
	xcb_create_window(s->c, depth, w->id, xid_of(s, o->parent), w->x, w->y, w->w, w->h, w->bw,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, visual, mask, values);
}

/* create NAME X Y W H [bw=N] [bc=RRGGBB] [bg=RRGGBB] [fg=RRGGBB] [alpha=N] [cell=N]
 *        [pat=checker|hstripes|vstripes] [parent=NAME] [argb] [or] [map] */
static void cmd_create(struct scene *s, int argc, char **argv)
{
	struct create_opts o = {0};
	struct scene_win *w = win_add(s, argv[1]);

	scene_look_default(w->name, &w->look);
	w->x = parse_coord(s, argv[2]);
	w->y = parse_coord(s, argv[3]);
	w->w = parse_size(s, argv[4]);
	w->h = parse_size(s, argv[5]);
	for (int i = 6; i < argc; i++)
		parse_create_opt(s, argv[i], w, &o);
	w->parent = o.parent;
	if (w->parent && w->parent->argb)
		w->argb = true; /* CopyFromParent gives it the parent's depth */
	create_window(s, w, &o);
	if (o.map)
		xcb_map_window(s->c, w->id);
}

static void cmd_map(struct scene *s, int argc, char **argv)
{
	xcb_map_window(s->c, win_get(s, argv[1])->id);
}

static void cmd_unmap(struct scene *s, int argc, char **argv)
{
	xcb_unmap_window(s->c, win_get(s, argv[1])->id);
}

static void cmd_destroy(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);

	xcb_destroy_window(s->c, w->id);
	win_forget_tree(s, w);
}

static void configure(struct scene *s, struct scene_win *w, uint16_t mask)
{
	uint32_t v[4];
	int n = 0;

	if (mask & XCB_CONFIG_WINDOW_X)
		v[n++] = (uint32_t)(int32_t)w->x;
	if (mask & XCB_CONFIG_WINDOW_Y)
		v[n++] = (uint32_t)(int32_t)w->y;
	if (mask & XCB_CONFIG_WINDOW_WIDTH)
		v[n++] = w->w;
	if (mask & XCB_CONFIG_WINDOW_HEIGHT)
		v[n++] = w->h;
	xcb_configure_window(s->c, w->id, mask, v);
}

static void cmd_move(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);

	w->x = parse_coord(s, argv[2]);
	w->y = parse_coord(s, argv[3]);
	configure(s, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y);
}

static void cmd_resize(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);

	w->w = parse_size(s, argv[2]);
	w->h = parse_size(s, argv[3]);
	configure(s, w, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT);
}

static void cmd_moveresize(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);

	w->x = parse_coord(s, argv[2]);
	w->y = parse_coord(s, argv[3]);
	w->w = parse_size(s, argv[4]);
	w->h = parse_size(s, argv[5]);
	configure(s, w,
	        XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y | XCB_CONFIG_WINDOW_WIDTH |
	                XCB_CONFIG_WINDOW_HEIGHT);
}

static void restack(struct scene *s, const char *name, const char *sibling, uint32_t mode)
{
	struct scene_win *w = win_get(s, name);
	uint32_t v[2] = {0, mode};

	if (!sibling) {
		xcb_configure_window(s->c, w->id, XCB_CONFIG_WINDOW_STACK_MODE, &v[1]);
		return;
	}
	v[0] = win_get(s, sibling)->id;
	xcb_configure_window(
	        s->c, w->id, XCB_CONFIG_WINDOW_SIBLING | XCB_CONFIG_WINDOW_STACK_MODE, v);
}

static void cmd_raise(struct scene *s, int argc, char **argv)
{
	restack(s, argv[1], NULL, XCB_STACK_MODE_ABOVE);
}

static void cmd_lower(struct scene *s, int argc, char **argv)
{
	restack(s, argv[1], NULL, XCB_STACK_MODE_BELOW);
}

static void cmd_above(struct scene *s, int argc, char **argv)
{
	restack(s, argv[1], argv[2], XCB_STACK_MODE_ABOVE);
}

static void cmd_below(struct scene *s, int argc, char **argv)
{
	restack(s, argv[1], argv[2], XCB_STACK_MODE_BELOW);
}

/* circulate up|down [PARENT]: CirculateSubwindows, RaiseLowest or LowerHighest. */
static void cmd_circulate(struct scene *s, int argc, char **argv)
{
	xcb_window_t parent = xid_of(s, argc > 2 ? parent_get(s, argv[2]) : NULL);

	if (strcmp(argv[1], "up") == 0)
		xcb_circulate_window(s->c, XCB_CIRCULATE_RAISE_LOWEST, parent);
	else if (strcmp(argv[1], "down") == 0)
		xcb_circulate_window(s->c, XCB_CIRCULATE_LOWER_HIGHEST, parent);
	else
		scene_fail(s, "circulate: expected up or down, got '%s'", argv[1]);
}

static void cmd_reparent(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);
	struct scene_win *p = parent_get(s, argv[2]);

	if (p && descends_from(p, w))
		scene_fail(s, "reparent: '%s' is inside '%s'", argv[2], argv[1]);
	w->parent = p;
	w->x = parse_coord(s, argv[3]);
	w->y = parse_coord(s, argv[4]);
	xcb_reparent_window(s->c, w->id, xid_of(s, p), w->x, w->y);
}

static void set_shape(
        struct scene *s, const struct scene_win *w, const xcb_rectangle_t *r, uint32_t n)
{
	xcb_shape_rectangles(s->c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING,
	        XCB_CLIP_ORDERING_UNSORTED, w->id, 0, 0, n, r);
}

static xcb_rectangle_t rect(int x, int y, int w, int h)
{
	return (xcb_rectangle_t){(int16_t)x, (int16_t)y, (uint16_t)w, (uint16_t)h};
}

/* Named shapes cover the outer extent, border included, from (-bw, -bw). */
static uint32_t named_shape(
        const struct scene *s, const struct scene_win *w, const char *kind, xcb_rectangle_t *r)
{
	int x = -w->bw, y = -w->bw, W = w->w + 2 * w->bw, H = w->h + 2 * w->bw;

	if (strcmp(kind, "L") == 0) {
		r[0] = rect(x, y, W / 2, H);
		r[1] = rect(x, y + H / 2, W, H - H / 2);
		return 2;
	}
	if (strcmp(kind, "hole") == 0) {
		r[0] = rect(x, y, W, H / 4);
		r[1] = rect(x, y + H * 3 / 4, W, H - H * 3 / 4);
		r[2] = rect(x, y + H / 4, W / 4, H * 3 / 4 - H / 4);
		r[3] = rect(x + W * 3 / 4, y + H / 4, W - W * 3 / 4, H * 3 / 4 - H / 4);
		return 4;
	}
	if (strcmp(kind, "cross") == 0) {
		r[0] = rect(x + W / 3, y, W / 3, H);
		r[1] = rect(x, y + H / 3, W, H / 3);
		return 2;
	}
	scene_fail(s, "unknown shape '%s'", kind);
}

/* shape NAME L|hole|cross  or  shape NAME rects X Y W H [X Y W H]... */
static void cmd_shape(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);
	xcb_rectangle_t r[MAX_RECTS];
	uint32_t n = 0;

	if (strcmp(argv[2], "rects") != 0) {
		set_shape(s, w, r, named_shape(s, w, argv[2], r));
		return;
	}
	if ((argc - 3) % 4 || argc - 3 > 4 * MAX_RECTS)
		scene_fail(s, "shape rects: expected groups of X Y W H (at most %d)", MAX_RECTS);
	for (int i = 3; i < argc; i += 4)
		r[n++] = (xcb_rectangle_t){parse_coord(s, argv[i]), parse_coord(s, argv[i + 1]),
		        (uint16_t)parse_long(s, argv[i + 2], 0, 8192),
		        (uint16_t)parse_long(s, argv[i + 3], 0, 8192)};
	set_shape(s, w, r, n);
}

static void cmd_unshape(struct scene *s, int argc, char **argv)
{
	xcb_shape_mask(s->c, XCB_SHAPE_SO_SET, XCB_SHAPE_SK_BOUNDING, win_get(s, argv[1])->id, 0, 0,
	        XCB_NONE);
}

static uint32_t parse_opacity(const struct scene *s, const char *str)
{
	char *end;
	double f;

	if (!strchr(str, '.'))
		return (uint32_t)parse_long(s, str, 0, (long)UINT32_MAX);
	f = strtod(str, &end);
	if (*end || f < 0 || f > 1)
		scene_fail(s, "bad opacity '%s'", str);
	return (uint32_t)(f * 4294967295.0);
}

/* opacity NAME VALUE|none: VALUE is 0..0xffffffff or a fraction such as 0.5. */
static void cmd_opacity(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);
	uint32_t v;

	if (strcmp(argv[2], "none") == 0) {
		xcb_delete_property(s->c, w->id, s->opacity);
		return;
	}
	v = parse_opacity(s, argv[2]);
	xcb_change_property(
	        s->c, XCB_PROP_MODE_REPLACE, w->id, s->opacity, XCB_ATOM_CARDINAL, 32, 1, &v);
}

/* border NAME WIDTH [RRGGBB] */
static void cmd_border(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);
	uint32_t width;

	w->bw = (uint16_t)parse_long(s, argv[2], 0, 1000);
	width = w->bw;
	xcb_configure_window(s->c, w->id, XCB_CONFIG_WINDOW_BORDER_WIDTH, &width);
	if (argc > 3) {
		uint32_t pixel = scene_pixel(s, w->argb, parse_rgb(s, argv[3]), 0xff);
		xcb_change_window_attributes(s->c, w->id, XCB_CW_BORDER_PIXEL, &pixel);
	}
}

/* recolor NAME BG FG: new contents, painted at once (damage without exposure). */
static void cmd_recolor(struct scene *s, int argc, char **argv)
{
	struct scene_win *w = win_get(s, argv[1]);
	uint32_t pixel;

	w->look.bg = parse_rgb(s, argv[2]);
	w->look.fg = parse_rgb(s, argv[3]);
	pixel = scene_pixel(s, w->argb, w->look.bg, w->look.alpha);
	xcb_change_window_attributes(s->c, w->id, XCB_CW_BACK_PIXEL, &pixel);
	scene_paint(s, w->id, w->argb, w->w, w->h, &w->look);
}

static void set_root_pixmap(struct scene *s, xcb_pixmap_t pix)
{
	uint32_t v = pix; /* XCB_BACK_PIXMAP_NONE restores the default root background */

	xcb_change_window_attributes(s->c, s->screen->root, XCB_CW_BACK_PIXMAP, &v);
	if (pix)
		xcb_change_property(s->c, XCB_PROP_MODE_REPLACE, s->screen->root, s->xrootpmap_id,
		        XCB_ATOM_PIXMAP, 32, 1, &pix);
	else
		xcb_delete_property(s->c, s->screen->root, s->xrootpmap_id);
	xcb_clear_area(s->c, 0, s->screen->root, 0, 0, 0, 0);
	if (s->root_pixmap)
		xcb_free_pixmap(s->c, s->root_pixmap);
	s->root_pixmap = pix;
}

/* rootbg NAME [W H] | rootbg none: a patterned root background pixmap (tiled when
 * smaller than the screen), also published as _XROOTPMAP_ID and kept alive. */
static void cmd_rootbg(struct scene *s, int argc, char **argv)
{
	struct scene_look look;
	uint16_t w = s->screen->width_in_pixels, h = s->screen->height_in_pixels;
	xcb_pixmap_t pix;

	if (strcmp(argv[1], "none") == 0) {
		set_root_pixmap(s, XCB_NONE);
		return;
	}
	if (argc == 3)
		scene_fail(s, "rootbg: give both W and H");
	if (argc == 4) {
		w = parse_size(s, argv[2]);
		h = parse_size(s, argv[3]);
	}
	scene_look_default(argv[1], &look);
	pix = xcb_generate_id(s->c);
	xcb_create_pixmap(s->c, s->screen->root_depth, pix, s->screen->root, w, h);
	scene_paint(s, pix, false, w, h, &look);
	set_root_pixmap(s, pix);
}

static void cmd_sync(struct scene *s, int argc, char **argv)
{
	scene_sync(s);
}

/* sleep MS: for debugging only; tests never rely on it. */
static void cmd_sleep(struct scene *s, int argc, char **argv)
{
	long ms = parse_long(s, argv[1], 0, 600000);
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	xcb_flush(s->c);
	nanosleep(&ts, NULL);
}

static const struct cmd commands[] = {
        {"create", 6, 6 + 16, cmd_create},
        {"map", 2, 2, cmd_map},
        {"unmap", 2, 2, cmd_unmap},
        {"destroy", 2, 2, cmd_destroy},
        {"move", 4, 4, cmd_move},
        {"resize", 4, 4, cmd_resize},
        {"moveresize", 6, 6, cmd_moveresize},
        {"raise", 2, 2, cmd_raise},
        {"lower", 2, 2, cmd_lower},
        {"above", 3, 3, cmd_above},
        {"below", 3, 3, cmd_below},
        {"circulate", 2, 3, cmd_circulate},
        {"reparent", 5, 5, cmd_reparent},
        {"shape", 3, 3 + 4 * MAX_RECTS, cmd_shape},
        {"unshape", 2, 2, cmd_unshape},
        {"opacity", 3, 3, cmd_opacity},
        {"border", 3, 4, cmd_border},
        {"recolor", 4, 4, cmd_recolor},
        {"rootbg", 2, 4, cmd_rootbg},
        {"sync", 1, 1, cmd_sync},
        {"sleep", 2, 2, cmd_sleep},
};

static int split(char *line, char **argv)
{
	int argc = 0;
	char *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		if (argc == MAX_ARGS)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}

bool scene_exec(struct scene *s, char *line)
{
	char *argv[MAX_ARGS];
	int argc = split(line, argv);

	if (argc < 0)
		scene_fail(s, "too many words");
	if (argc == 0)
		return true;
	if (strcmp(argv[0], "quit") == 0)
		return false;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const struct cmd *c = &commands[i];
		if (strcmp(argv[0], c->name) != 0)
			continue;
		if (argc < c->min || argc > c->max)
			scene_fail(s, "%s: expected %d to %d words, got %d", c->name, c->min,
			        c->max, argc);
		c->run(s, argc, argv);
		return true;
	}
	scene_fail(s, "unknown command '%s'", argv[0]);
}
