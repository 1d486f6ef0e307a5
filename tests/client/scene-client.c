/* scene-client: replays a script of window operations on an X server, keeping
 * every window painted with deterministic contents, so that the screen of any
 * two servers that ran the same script can be compared pixel for pixel.
 *
 * Usage:
 *   scene-client [--display D] [SCRIPT|-]            run a script (default stdin)
 *   scene-client --random SEED --ops N [--sync-every K] [--size WxH] [--argb]
 *                                                    print a random valid script
 *
 * Script: one command per line, words separated by blanks, '#' starts a comment.
 * NAME is a label chosen by the script; "root" names the root window.
 *   create NAME X Y W H [opts]   unmapped InputOutput window; opts:
 *       bw=N  bc=RRGGBB (border)  bg=RRGGBB fg=RRGGBB (contents)  alpha=N (ARGB bg)
 *       cell=N  pat=checker|hstripes|vstripes  parent=NAME (nested; default root)
 *       argb (depth 32 with its own colormap)  or (override-redirect)  map
 *   map NAME | unmap NAME | destroy NAME
 *   move NAME X Y | resize NAME W H | moveresize NAME X Y W H
 *   raise NAME | lower NAME | above NAME SIBLING | below NAME SIBLING
 *   circulate up|down [PARENT]    CirculateSubwindows (RaiseLowest|LowerHighest)
 *   reparent NAME PARENT|root X Y
 *   shape NAME L|hole|cross       bounding shape over the outer (bordered) extent
 *   shape NAME rects X Y W H...   bounding shape, window coordinates
 *   unshape NAME
 *   opacity NAME VALUE|none       _NET_WM_WINDOW_OPACITY (0..0xffffffff or 0.5)
 *   border NAME WIDTH [RRGGBB]
 *   recolor NAME BG FG            new colours, repainted at once
 *   rootbg NAME [W H] | rootbg none   root background pixmap + _XROOTPMAP_ID
 *   sync      round trips until every exposed window is repainted, then
 *             prints "ready LINE" on stdout
 *   sleep MS  (debugging only)    quit
 * Any X error is fatal (exit 2) and names the script line that caused it. */
#include "tests/client/scene.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <xcb/shape.h>

#define LINE_MAX_LEN 4096

struct reader {
	int fd;
	bool eof;
	size_t len;
	char buf[2 * LINE_MAX_LEN];
};

void scene_fail(const struct scene *s, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "scene-client: line %d: ", s->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static int line_of_seq(const struct scene *s, unsigned int seq)
{
	for (size_t i = 0; i < s->nmarks; i++)
		if ((int)(s->marks[i].end_seq - seq) >= 0)
			return s->marks[i].line;
	return s->line;
}

static void on_error(const struct scene *s, const xcb_generic_error_t *e)
{
	fprintf(stderr,
	        "scene-client: line %d: X error %u (request %u.%u, resource 0x%x, sequence %u)\n",
	        line_of_seq(s, e->full_sequence), e->error_code, e->major_code, e->minor_code,
	        e->resource_id, e->full_sequence);
	exit(2);
}

static void on_event(struct scene *s, const xcb_generic_event_t *ev)
{
	uint8_t type = ev->response_type & 0x7f;

	if (type == 0)
		on_error(s, (const xcb_generic_error_t *)ev);
	if (type == XCB_EXPOSE) {
		const xcb_expose_event_t *e = (const xcb_expose_event_t *)ev;
		struct scene_win *w = scene_win_by_id(s, e->window);
		if (w)
			w->dirty = true;
	}
}

int scene_drain(struct scene *s)
{
	xcb_generic_event_t *ev;
	int n = 0;

	while ((ev = xcb_poll_for_event(s->c))) {
		on_event(s, ev);
		free(ev);
		n++;
	}
	if (xcb_connection_has_error(s->c))
		scene_fail(s, "X connection lost");
	for (size_t i = 0; i < s->nwins; i++) {
		struct scene_win *w = s->wins[i];
		if (w->dirty)
			scene_paint(s, w->id, w->argb, w->w, w->h, &w->look);
		w->dirty = false;
	}
	return n;
}

static void round_trip(struct scene *s)
{
	xcb_get_input_focus_reply_t *r =
	        xcb_get_input_focus_reply(s->c, xcb_get_input_focus(s->c), NULL);

	if (!r)
		scene_fail(s, "round trip failed: X connection lost");
	free(r);
}

/* Exposures are generated while the server runs the request that causes them,
 * so they precede the reply of a later round trip; repainting may be answered
 * by nothing, so loop until a round trip brings no event at all. */
void scene_sync(struct scene *s)
{
	do
		round_trip(s);
	while (scene_drain(s) > 0);
	s->nmarks = 0;
	printf("ready %d\n", s->line);
	fflush(stdout);
}

static void mark_line(struct scene *s)
{
	if (s->nmarks == s->capmarks) {
		size_t cap = s->capmarks ? 2 * s->capmarks : 256;
		struct scene_mark *m = realloc(s->marks, cap * sizeof *m);
		if (!m)
			scene_fail(s, "out of memory");
		s->marks = m;
		s->capmarks = cap;
	}
	s->marks[s->nmarks++] = (struct scene_mark){xcb_no_operation(s->c).sequence, s->line};
}

static bool take_line(struct reader *r, char *out)
{
	char *nl = memchr(r->buf, '\n', r->len);
	size_t n;

	if (!nl && !(r->eof && r->len))
		return false;
	n = nl ? (size_t)(nl - r->buf) : r->len;
	memcpy(out, r->buf, n);
	out[n] = '\0';
	n += nl ? 1 : 0;
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
	return true;
}

static void fill(struct scene *s, struct reader *r)
{
	ssize_t got = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);

	if (got < 0 && errno != EINTR && errno != EAGAIN)
		scene_fail(s, "reading the script: %s", strerror(errno));
	if (got == 0)
		r->eof = true;
	if (got > 0)
		r->len += (size_t)got;
}

/* Next script line; keeps servicing Exposes while the driver holds the script. */
static bool next_line(struct scene *s, struct reader *r, char *out)
{
	while (!take_line(r, out)) {
		struct pollfd p[2] = {{.fd = r->fd, .events = POLLIN},
		        {.fd = xcb_get_file_descriptor(s->c), .events = POLLIN}};
		if (r->eof)
			return false;
		if (r->len > LINE_MAX_LEN)
			scene_fail(s, "line too long");
		scene_drain(s);
		xcb_flush(s->c);
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			scene_fail(s, "poll: %s", strerror(errno));
		if (p[0].revents)
			fill(s, r);
	}
	return true;
}

static xcb_atom_t intern(struct scene *s, const char *name)
{
	xcb_atom_t a = x_atom(s->c, name);

	if (a == XCB_NONE)
		scene_fail(s, "InternAtom %s failed", name);
	return a;
}

static void scene_open(struct scene *s, const char *display)
{
	int snum = 0;
	xcb_screen_iterator_t it;

	s->c = xcb_connect(display, &snum);
	if (xcb_connection_has_error(s->c))
		scene_fail(s, "cannot connect to %s", display ? display : "$DISPLAY");
	it = xcb_setup_roots_iterator(xcb_get_setup(s->c));
	for (int i = 0; i < snum; i++)
		xcb_screen_next(&it);
	s->screen = it.data;
	s->root_visual = x_visual(s->screen, s->screen->root_visual);
	if (!s->root_visual || s->root_visual->_class != XCB_VISUAL_CLASS_TRUE_COLOR)
		scene_fail(s, "the root visual is not TrueColor");
	if (!xcb_get_extension_data(s->c, &xcb_shape_id)->present)
		fprintf(stderr, "scene-client: no Shape extension; shape commands will fail\n");
	s->gc = xcb_generate_id(s->c);
	xcb_create_gc(s->c, s->gc, s->screen->root, 0, NULL);
	s->xrootpmap_id = intern(s, "_XROOTPMAP_ID");
	s->opacity = intern(s, "_NET_WM_WINDOW_OPACITY");
}

static int run_script(const char *display, int fd)
{
	struct scene s = {0};
	struct reader *r = calloc(1, sizeof *r);
	char line[2 * LINE_MAX_LEN + 1];
	bool go = true;

	if (!r)
		return 1;
	r->fd = fd;
	scene_open(&s, display);
	while (go && next_line(&s, r, line)) {
		s.line++;
		go = scene_exec(&s, line);
		mark_line(&s);
	}
	round_trip(&s);
	scene_drain(&s); /* reports the errors of the last lines */
	scene_destroy_all(&s);
	free(s.marks);
	free(r);
	xcb_disconnect(s.c);
	return 0;
}

static bool parse_size_arg(const char *str, int *w, int *h)
{
	return sscanf(str, "%dx%d", w, h) == 2 && *w > 0 && *h > 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: scene-client [--display D] [SCRIPT|-]\n"
	                "       scene-client --random SEED --ops N [--sync-every K] "
	                "[--size WxH] [--argb]\n");
	return 1;
}

struct args {
	const char *display, *script;
	bool random;
	struct scene_random_opts ro;
};

/* Options taking a value; returns false for an unknown one. */
static bool parse_valued(struct args *a, const char *k, const char *v)
{
	if (strcmp(k, "--display") == 0)
		a->display = v;
	else if (strcmp(k, "--random") == 0)
		a->ro.seed = strtoull(v, NULL, 0);
	else if (strcmp(k, "--ops") == 0)
		a->ro.ops = strtol(v, NULL, 0);
	else if (strcmp(k, "--sync-every") == 0)
		a->ro.sync_every = strtol(v, NULL, 0);
	else if (strcmp(k, "--size") == 0)
		return parse_size_arg(v, &a->ro.width, &a->ro.height);
	else
		return false;
	a->random |= strcmp(k, "--random") == 0;
	return true;
}

static bool parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--argb") == 0)
			a->ro.argb = true;
		else if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)
			a->script = argv[i];
		else if (i + 1 >= argc || !parse_valued(a, argv[i], argv[i + 1]))
			return false;
		else
			i++;
	}
	return true;
}

int main(int argc, char **argv)
{
	struct args a = {.ro = {.ops = 1000, .width = 800, .height = 600}};
	int fd = STDIN_FILENO;

	if (!parse_args(argc, argv, &a))
		return usage();
	if (a.random)
		return scene_random(&a.ro, stdout) ? 0 : usage();
	if (a.script && strcmp(a.script, "-") != 0) {
		fd = open(a.script, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "scene-client: %s: %s\n", a.script, strerror(errno));
			return 1;
		}
	}
	return run_script(a.display, fd);
}
