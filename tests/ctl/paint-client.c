/* paint-client: the X client of the shmcomp-ctl tests. It maps windows with known contents
 * (a seeded pattern from tests/ctl/pattern.c, or one colour), names and classes, maybe late
 * or never painted, reports their ids, then repaints on Expose until killed.
 *
 * Usage: paint-client [--display D] [--map-delay MS] WINDOW...
 * WINDOW is a comma-separated list of key=value:
 *   name=LABEL x= y= w= h=   required; LABEL names the window in the output
 *   bw=N bc=RRGGBB           border width and colour (default 0, 000000)
 *   argb                     depth 32 with its own colormap
 *   fill=random:SEED | solid:RRGGBB | argb:AARRGGBB (straight alpha) | none
 *   delay=MS                 paint MS after "mapped" (default 0: on the first Expose, as X
 *                            clients should)
 *   bg=RRGGBB                background pixel (default: none, so nothing shows until painted)
 *   class=INSTANCE/CLASS  title=TEXT  opacity=0..1  override (CLASS: after the last '/')
 *   type=T                   _NET_WM_WINDOW_TYPE_T (T upper-cased: popup_menu, normal, ...)
 *   unmapped                 created but never mapped (a toolkit's hidden helper)
 *   animate=MS               paint again every MS ms: random fills with the next seed each
 *                            time (the pixels change), solid ones the same colour (damage
 *                            without change)
 *   click=MS:RRGGBB          on a button press in the window, fill it with RRGGBB MS later
 *                            (an application that takes its time to answer a click)
 *   busy=MS:RRGGBB           _NET_WM_PID set; once mapped and painted, a child process works
 *                            (spins) for MS, then the window is filled with RRGGBB (a
 *                            terminal whose shell takes its time to print the prompt)
 *   machine=HOST             WM_CLIENT_MACHINE (a client that says it runs on HOST; @local:
 *                            this machine's host name)
 * All windows are created and mapped in one batch, as Xlib clients send them; --map-delay
 * maps them MS after creating them instead.
 * Output: "window LABEL 0xID" per window and "mapped" once all are mapped and the ones without
 * a delay painted; then "painted LABEL" after each delayed paint has reached the server. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xcb/xcb.h>

#include "tests/ctl/pattern.h"
#include "tests/harness/harness.h"

#define MAX_WINDOWS 16
#define PUT_BYTES (128 * 1024)

enum fill {
	FILL_RANDOM,
	FILL_SOLID, /* color: straight 0xAARRGGBB */
	FILL_NONE,
};

struct pwin {
	char name[32];
	xcb_window_t id;
	int16_t x, y;
	uint16_t w, h, bw;
	uint32_t bc;
	bool argb, override, has_bg;
	uint32_t bg;
	enum fill fill;
	uint32_t seed, color;
	long delay_ms;
	long animate_ms;
	int64_t next_frame_ms;
	long click_ms; /* click=: the answer's delay, -1 when none */
	uint32_t click_color;
	int64_t click_due_ms; /* when the answer is painted; 0: no click pending */
	long busy_ms;         /* busy=: the child's work, -1 when none */
	uint32_t busy_color;
	pid_t busy_child; /* working now; 0: none */
	bool unmapped;
	char type[64];
	bool painted, exposed;
	char cls[128];
	size_t cls_len;
	char title[128];
	char machine[64];
	double opacity;
	bool has_opacity;
	xcb_gcontext_t gc;
};

struct client {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	const xcb_visualtype_t *root_visual;
	xcb_visualid_t argb_visual;
	xcb_colormap_t argb_cmap;
	xcb_atom_t net_wm_name, utf8_string, opacity, net_wm_pid;
	struct pwin wins[MAX_WINDOWS];
	size_t n;
	int64_t mapped_ms;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("paint-client: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static long number(const char *key, const char *v, long lo, long hi)
{
	char *end;
	long n = strtol(v, &end, 0);

	if (end == v || *end || n < lo || n > hi)
		die("bad value for %s", key);
	return n;
}

static uint32_t hex(const char *key, const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 16);

	if (end == v || *end || n > 0xffffffffu)
		die("bad colour for %s", key);
	return (uint32_t)n;
}

static void parse_fill(struct pwin *w, const char *v)
{
	if (strncmp(v, "random:", 7) == 0) {
		w->fill = FILL_RANDOM;
		w->seed = (uint32_t)number("fill", v + 7, 0, 0x7fffffff);
	} else if (strncmp(v, "solid:", 6) == 0) {
		w->fill = FILL_SOLID;
		w->color = 0xff000000u | hex("fill", v + 6);
	} else if (strncmp(v, "argb:", 5) == 0) {
		w->fill = FILL_SOLID;
		w->color = hex("fill", v + 5);
	} else if (strcmp(v, "none") == 0) {
		w->fill = FILL_NONE;
	} else {
		die("bad fill %s", v);
	}
}

static void parse_class(struct pwin *w, const char *v)
{
	const char *slash = strrchr(v, '/'); /* the instance may hold slashes: a path */
	size_t inst = slash ? (size_t)(slash - v) : strlen(v);
	const char *cls = slash ? slash + 1 : v;

	if (inst + strlen(cls) + 2 > sizeof w->cls)
		die("class too long: %s", v);
	memcpy(w->cls, v, inst);
	w->cls[inst] = '\0';
	strcpy(w->cls + inst + 1, cls);
	w->cls_len = inst + strlen(cls) + 2;
}

static void parse_key(struct pwin *w, const char *k, const char *v)
{
	if (strcmp(k, "name") == 0)
		snprintf(w->name, sizeof w->name, "%s", v);
	else if (strcmp(k, "x") == 0)
		w->x = (int16_t)number(k, v, -32768, 32767);
	else if (strcmp(k, "y") == 0)
		w->y = (int16_t)number(k, v, -32768, 32767);
	else if (strcmp(k, "w") == 0)
		w->w = (uint16_t)number(k, v, 1, 32767);
	else if (strcmp(k, "h") == 0)
		w->h = (uint16_t)number(k, v, 1, 32767);
	else if (strcmp(k, "bw") == 0)
		w->bw = (uint16_t)number(k, v, 0, 1000);
	else if (strcmp(k, "bc") == 0)
		w->bc = hex(k, v);
	else if (strcmp(k, "bg") == 0)
		w->bg = hex(k, v);
	else if (strcmp(k, "fill") == 0)
		parse_fill(w, v);
	else if (strcmp(k, "delay") == 0)
		w->delay_ms = number(k, v, 0, 3600000);
	else if (strcmp(k, "class") == 0)
		parse_class(w, v);
	else if (strcmp(k, "title") == 0)
		snprintf(w->title, sizeof w->title, "%s", v);
	else if (strcmp(k, "machine") == 0 && strcmp(v, "@local") == 0) {
		if (gethostname(w->machine, sizeof w->machine) != 0)
			die("gethostname failed");
		w->machine[sizeof w->machine - 1] = '\0';
	} else if (strcmp(k, "machine") == 0)
		snprintf(w->machine, sizeof w->machine, "%s", v);
	else if (strcmp(k, "opacity") == 0)
		w->opacity = strtod(v, NULL);
	else if (strcmp(k, "animate") == 0)
		w->animate_ms = number(k, v, 1, 3600000);
	else if (strcmp(k, "type") == 0)
		snprintf(w->type, sizeof w->type, "%s", v);
	else if (strcmp(k, "busy") == 0 && strchr(v, ':')) {
		*strchr(v, ':') = '\0';
		w->busy_ms = number(k, v, 0, 60000);
		w->busy_color = hex(k, v + strlen(v) + 1);
	} else if (strcmp(k, "click") == 0 && strchr(v, ':')) {
		*strchr(v, ':') = '\0';
		w->click_ms = number(k, v, 0, 60000);
		w->click_color = hex(k, v + strlen(v) + 1);
	} else
		die("unknown key %s", k);
	w->has_bg |= strcmp(k, "bg") == 0;
	w->has_opacity |= strcmp(k, "opacity") == 0;
}

static void parse_window(struct pwin *w, char *spec)
{
	char *save = NULL;

	*w = (struct pwin){.fill = FILL_RANDOM, .seed = 1, .click_ms = -1, .busy_ms = -1};
	for (char *kv = strtok_r(spec, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');

		if (strcmp(kv, "argb") == 0 || strcmp(kv, "override") == 0 ||
		        strcmp(kv, "unmapped") == 0) {
			w->argb |= kv[0] == 'a';
			w->override |= kv[0] == 'o';
			w->unmapped |= kv[0] == 'u';
			continue;
		}
		if (!eq)
			die("want key=value, not %s", kv);
		*eq = '\0';
		parse_key(w, kv, eq + 1);
	}
	if (!w->name[0] || !w->w || !w->h)
		die("a window needs name=, w= and h= (%s)", w->name);
}

static uint32_t channel(uint32_t v8, uint32_t mask)
{
	int bits = __builtin_popcount(mask), shift = mask ? __builtin_ctz(mask) : 0;

	v8 = bits < 8 ? v8 >> (8 - bits) : v8 << (bits - 8);
	return (v8 << shift) & mask;
}

/* Straight 0xAARRGGBB to a pixel of the window's visual. */
static uint32_t pixel_of(const struct client *cl, const struct pwin *w, uint32_t argb)
{
	const xcb_visualtype_t *v = cl->root_visual;

	if (w->argb)
		return pattern_premultiply(argb);
	return channel((argb >> 16) & 0xff, v->red_mask) |
	       channel((argb >> 8) & 0xff, v->green_mask) | channel(argb & 0xff, v->blue_mask);
}

static xcb_atom_t atom(struct client *cl, const char *name)
{
	xcb_atom_t a = x_atom(cl->c, name);

	if (a == XCB_NONE)
		die("cannot intern %s", name);
	return a;
}

/* _NET_WM_WINDOW_TYPE_<TYPE upper-cased> as the window's one type. */
static void set_type(struct client *cl, const struct pwin *w)
{
	char name[96] = "_NET_WM_WINDOW_TYPE_";
	size_t n = strlen(name);
	xcb_atom_t type;

	for (const char *p = w->type; *p && n + 1 < sizeof name; p++)
		name[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	name[n] = '\0';
	type = atom(cl, name);
	xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, atom(cl, "_NET_WM_WINDOW_TYPE"),
	        XCB_ATOM_ATOM, 32, 1, &type);
}

/* Names and opacity go out in the same batch as CreateWindow and MapWindow, with no round
 * trip between them, as toolkits send them. */
static void set_names(struct client *cl, const struct pwin *w)
{
	if (w->cls_len)
		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, XCB_ATOM_WM_CLASS,
		        XCB_ATOM_STRING, 8, (uint32_t)w->cls_len, w->cls);
	if (w->title[0]) {
		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, XCB_ATOM_WM_NAME,
		        XCB_ATOM_STRING, 8, (uint32_t)strlen(w->title), w->title);
		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, cl->net_wm_name,
		        cl->utf8_string, 8, (uint32_t)strlen(w->title), w->title);
	}
	if (w->has_opacity) {
		uint32_t o = (uint32_t)(w->opacity * 4294967295.0 + 0.5);

		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, cl->opacity,
		        XCB_ATOM_CARDINAL, 32, 1, &o);
	}
	if (w->type[0])
		set_type(cl, w);
	if (w->machine[0])
		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, XCB_ATOM_WM_CLIENT_MACHINE,
		        XCB_ATOM_STRING, 8, (uint32_t)strlen(w->machine), w->machine);
	if (w->busy_ms >= 0) {
		uint32_t pid = (uint32_t)getpid();

		xcb_change_property(cl->c, XCB_PROP_MODE_REPLACE, w->id, cl->net_wm_pid,
		        XCB_ATOM_CARDINAL, 32, 1, &pid);
	}
}

static void argb_setup(struct client *cl)
{
	cl->argb_visual = x_argb_visual(cl->screen);
	if (!cl->argb_visual)
		die("%s", "the server has no depth-32 TrueColor visual");
	cl->argb_cmap = xcb_generate_id(cl->c);
	xcb_create_colormap(
	        cl->c, XCB_COLORMAP_ALLOC_NONE, cl->argb_cmap, cl->screen->root, cl->argb_visual);
}

static void create(struct client *cl, struct pwin *w)
{
	uint32_t mask = XCB_CW_BORDER_PIXEL | XCB_CW_OVERRIDE_REDIRECT | XCB_CW_EVENT_MASK;
	uint32_t values[5], n = 0;

	if (w->has_bg) {
		mask |= XCB_CW_BACK_PIXEL;
		values[n++] = pixel_of(cl, w, 0xff000000u | w->bg);
	}
	values[n++] = pixel_of(cl, w, 0xff000000u | w->bc);
	values[n++] = w->override;
	values[n++] =
	        XCB_EVENT_MASK_EXPOSURE | (w->click_ms >= 0 ? XCB_EVENT_MASK_BUTTON_PRESS : 0);
	if (w->argb) {
		mask |= XCB_CW_COLORMAP;
		values[n++] = cl->argb_cmap;
	}
	w->id = xcb_generate_id(cl->c);
	xcb_create_window(cl->c, w->argb ? 32 : XCB_COPY_FROM_PARENT, w->id, cl->screen->root, w->x,
	        w->y, w->w, w->h, w->bw, XCB_WINDOW_CLASS_INPUT_OUTPUT,
	        w->argb ? cl->argb_visual : XCB_COPY_FROM_PARENT, mask, values);
	w->gc = xcb_generate_id(cl->c);
	xcb_create_gc(cl->c, w->gc, w->id, 0, NULL);
	set_names(cl, w);
}

static void put_pattern(struct client *cl, struct pwin *w)
{
	unsigned depth = w->argb ? 32 : cl->screen->root_depth;
	size_t bpp = depth == 16 ? 2 : 4, stride = ((size_t)w->w * bpp + 3) / 4 * 4;
	size_t rows = PUT_BYTES / stride ? PUT_BYTES / stride : 1;
	uint8_t *buf = calloc(rows, stride);

	if (!buf)
		die("%s", "out of memory");
	for (uint32_t y0 = 0; y0 < w->h; y0 += (uint32_t)rows) {
		uint32_t n = w->h - y0 < rows ? w->h - y0 : (uint32_t)rows;

		for (uint32_t y = 0; y < n; y++) {
			for (uint32_t x = 0; x < w->w; x++) {
				uint32_t p = pattern_pixel(w->seed, x, y0 + y, depth);
				uint8_t *dst = buf + y * stride + x * bpp;

				if (bpp == 2)
					memcpy(dst, &(uint16_t){(uint16_t)p}, 2);
				else
					memcpy(dst, &p, 4);
			}
		}
		xcb_put_image(cl->c, XCB_IMAGE_FORMAT_Z_PIXMAP, w->id, w->gc, w->w, (uint16_t)n, 0,
		        (int16_t)y0, 0, (uint8_t)depth, (uint32_t)(stride * n), buf);
	}
	free(buf);
}

static void paint(struct client *cl, struct pwin *w)
{
	xcb_rectangle_t all = {0, 0, w->w, w->h};
	uint32_t fg;

	w->painted = true;
	if (w->fill == FILL_RANDOM) {
		put_pattern(cl, w);
	} else if (w->fill == FILL_SOLID) {
		fg = pixel_of(cl, w, w->color);
		xcb_change_gc(cl->c, w->gc, XCB_GC_FOREGROUND, &fg);
		xcb_poly_fill_rectangle(cl->c, w->id, w->gc, 1, &all);
	}
}

static void sync_server(struct client *cl)
{
	free(xcb_get_input_focus_reply(cl->c, xcb_get_input_focus(cl->c), NULL));
	if (xcb_connection_has_error(cl->c))
		exit(0); /* the server went away: the test is over */
}

static bool paints_at_once(const struct pwin *w)
{
	return w->delay_ms == 0 && w->fill != FILL_NONE;
}

/* Handles the queued events; returns how many there were. */
static int handle_events(struct client *cl)
{
	xcb_generic_event_t *ev;
	int n = 0;

	while ((ev = xcb_poll_for_event(cl->c))) {
		uint8_t type = ev->response_type & 0x7f;

		if (type == 0) {
			fprintf(stderr, "paint-client: X error %u (request %u)\n",
			        ((xcb_generic_error_t *)ev)->error_code,
			        ((xcb_generic_error_t *)ev)->major_code);
			exit(2);
		}
		for (size_t i = 0; type == XCB_BUTTON_PRESS && i < cl->n; i++) {
			if (cl->wins[i].id == ((xcb_button_press_event_t *)ev)->event &&
			        cl->wins[i].click_ms >= 0)
				cl->wins[i].click_due_ms =
				        (int64_t)monotonic_ms() + cl->wins[i].click_ms;
		}
		for (size_t i = 0; type == XCB_EXPOSE && i < cl->n; i++) {
			struct pwin *w = &cl->wins[i];

			if (w->id != ((xcb_expose_event_t *)ev)->window)
				continue;
			w->exposed = true;
			if (w->painted || paints_at_once(w))
				paint(cl, w);
		}
		free(ev);
		n++;
	}
	xcb_flush(cl->c);
	if (xcb_connection_has_error(cl->c))
		exit(0);
	return n;
}

/* Round trips until the Exposes of the map are handled: the ones generated while the server
 * mapped come before the reply of the next round trip. A window that got none (wholly off
 * the parent) is painted anyway. */
static void settle_map(struct client *cl)
{
	do
		sync_server(cl);
	while (handle_events(cl) > 0);
	for (size_t i = 0; i < cl->n; i++) {
		if (paints_at_once(&cl->wins[i]) && !cl->wins[i].painted)
			paint(cl, &cl->wins[i]);
	}
	sync_server(cl);
}

/* The next frame of the animated windows that are due; returns ms to the next one, or -1. */
static int64_t animate_due(struct client *cl, int64_t now)
{
	int64_t next = -1;

	for (size_t i = 0; i < cl->n; i++) {
		struct pwin *w = &cl->wins[i];

		if (!w->animate_ms || !w->painted)
			continue;
		if (w->next_frame_ms <= now) {
			if (w->fill == FILL_RANDOM)
				w->seed++;
			paint(cl, w);
			xcb_flush(cl->c);
			w->next_frame_ms = now + w->animate_ms;
		}
		if (next < 0 || w->next_frame_ms - now < next)
			next = w->next_frame_ms - now;
	}
	return next;
}

/* Paints the windows whose time has come; returns ms to the next one, or -1. */
static int paint_due(struct client *cl)
{
	int64_t now = (int64_t)monotonic_ms(), next = animate_due(cl, now);

	for (size_t i = 0; i < cl->n; i++) {
		struct pwin *w = &cl->wins[i];
		int64_t due = cl->mapped_ms + w->delay_ms;

		if (w->busy_child > 0) {
			if (waitpid(w->busy_child, NULL, WNOHANG) == w->busy_child) {
				w->busy_child = 0;
				w->fill = FILL_SOLID;
				w->color = 0xff000000u | w->busy_color;
				paint(cl, w);
				sync_server(cl);
				printf("worked %s\n", w->name);
				fflush(stdout);
			} else if (next < 0 || next > 10) {
				next = 10;
			}
		}
		if (w->click_due_ms && w->click_due_ms <= now) {
			w->click_due_ms = 0;
			w->fill = FILL_SOLID;
			w->color = 0xff000000u | w->click_color;
			paint(cl, w);
			sync_server(cl);
			printf("clicked %s\n", w->name);
			fflush(stdout);
		} else if (w->click_due_ms && (next < 0 || w->click_due_ms - now < next)) {
			next = w->click_due_ms - now;
		}
		if (w->painted || w->fill == FILL_NONE || w->delay_ms == 0)
			continue;
		if (due <= now) {
			paint(cl, w);
			sync_server(cl);
			printf("painted %s\n", w->name);
			fflush(stdout);
		} else if (next < 0 || due - now < next) {
			next = due - now;
		}
	}
	return (int)next;
}

/* A child process that uses the CPU for `ms`, then exits. */
static pid_t spin(long ms)
{
	pid_t pid = fork();

	if (pid == 0) {
		double end = monotonic_ms() + (double)ms;
		volatile uint64_t x = 0;

		while (monotonic_ms() < end)
			x++;
		_exit(0);
	}
	if (pid < 0)
		die("fork: %s", strerror(errno));
	return pid;
}

static void connect_server(struct client *cl, const char *display)
{
	int snum = 0;
	xcb_screen_iterator_t it;

	cl->c = xcb_connect(display, &snum);
	if (xcb_connection_has_error(cl->c))
		die("cannot connect to %s", display ? display : "$DISPLAY");
	it = xcb_setup_roots_iterator(xcb_get_setup(cl->c));
	for (int i = 0; i < snum; i++)
		xcb_screen_next(&it);
	cl->screen = it.data;
	cl->root_visual = x_visual(cl->screen, cl->screen->root_visual);
	if (!cl->root_visual)
		die("%s", "no root visual");
	cl->net_wm_name = atom(cl, "_NET_WM_NAME");
	cl->utf8_string = atom(cl, "UTF8_STRING");
	cl->opacity = atom(cl, "_NET_WM_WINDOW_OPACITY");
	cl->net_wm_pid = atom(cl, "_NET_WM_PID");
}

int main(int argc, char **argv)
{
	struct client cl = {0};
	const char *display = NULL;
	long map_delay = 0;
	int i = 1;

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--display") == 0)
			display = argv[i + 1];
		else if (strcmp(argv[i], "--map-delay") == 0)
			map_delay = number(argv[i], argv[i + 1], 0, 60000);
		else
			die("unknown option %s", argv[i]);
	}
	for (; i < argc && cl.n < MAX_WINDOWS; i++)
		parse_window(&cl.wins[cl.n++], argv[i]);
	connect_server(&cl, display);
	for (size_t k = 0; k < cl.n; k++) {
		if (cl.wins[k].argb && !cl.argb_visual)
			argb_setup(&cl);
	}
	for (size_t k = 0; k < cl.n; k++)
		create(&cl, &cl.wins[k]);
	if (map_delay > 0) {
		sync_server(&cl);
		poll(NULL, 0, (int)map_delay);
	}
	for (size_t k = 0; k < cl.n; k++) {
		if (!cl.wins[k].unmapped)
			xcb_map_window(cl.c, cl.wins[k].id);
	}
	settle_map(&cl);
	cl.mapped_ms = (int64_t)monotonic_ms();
	for (size_t k = 0; k < cl.n; k++)
		cl.wins[k].next_frame_ms = cl.mapped_ms + cl.wins[k].animate_ms;
	for (size_t k = 0; k < cl.n; k++)
		printf("window %s 0x%x\n", cl.wins[k].name, cl.wins[k].id);
	printf("mapped\n");
	fflush(stdout);
	for (size_t k = 0; k < cl.n; k++)
		if (cl.wins[k].busy_ms >= 0)
			cl.wins[k].busy_child = spin(cl.wins[k].busy_ms);
	for (;;) {
		struct pollfd p = {.fd = xcb_get_file_descriptor(cl.c), .events = POLLIN};

		handle_events(&cl);
		if (poll(&p, 1, paint_due(&cl)) < 0 && errno != EINTR)
			return 1;
	}
}
