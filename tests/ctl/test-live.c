/* test-live: shmcomp-ctl against the real shmcomp, each case on its own Xvfb: settled waits
 * (late, never painted, fading), window captures against their known contents (covered, off
 * screen, ARGB alpha, shadow), the screen against `import -window root` with ARGB windows on
 * it, screenshot --stable (still, damaged without change, moving), virtual-clock fade steps,
 * bit-identical repeat runs, --ready-fd and --exit-with.
 * Usage: test-live CASE SHMCOMP_CTL SHMCOMP PAINT_CLIENT [IMPORT] (IMPORT "": not installed). */
#include <png.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/render.h"
#include "tests/ctl/live.h"
#include "tests/ctl/pattern.h"
#include "tests/harness/keyboard.h"
#include "tests/harness/runner.h"

#define FAST_S 4.0 /* a timeout of 1 s, its explanation and the process start: well under this */

struct live_case {
	const char *name;
	const char *screen; /* Xvfb -screen 0 */
	void (*run)(struct live *t, const struct live_case *tc);
	const char *arg; /* repeat runs: NULL or "--shm=none"; settled: NULL or "batch" */
};

static const char *hex_id(xcb_window_t id, char *buf, size_t size)
{
	snprintf(buf, size, "0x%x", id);
	return buf;
}

/* Runs shmcomp-ctl, expects `status`, frees the output. */
static void ctl_expect(struct live *t, int status, const char *const *args)
{
	struct proc_result r;

	if (!live_ctl_argv(t, &r, args))
		return;
	expect_status(&r, status);
	proc_result_free(&r);
}

/* screenshot ARGS... into dir/NAME, read back; NULL (reported) on failure. */
static pixman_image_t *shot(struct live *t, const char *name, const char *a1, const char *a2,
        const char *a3, const char *a4)
{
	char path[128];
	const char *args[] = {"screenshot", a1, a2, a3, a4, NULL, NULL};
	size_t n = 1;

	while (n < 5 && args[n])
		n++;
	args[n] = live_path(t, name, path, sizeof path);
	ctl_expect(t, 0, args);
	return test_failures() ? NULL : live_png(t, path);
}

static pixman_image_t *solid_image(uint32_t w, uint32_t h, uint32_t rgb)
{
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_x8r8g8b8, (int)w, (int)h, NULL, 0);
	pixman_color_t c = {(uint16_t)(((rgb >> 16) & 0xff) * 257),
	        (uint16_t)(((rgb >> 8) & 0xff) * 257), (uint16_t)((rgb & 0xff) * 257), 0xffff};
	pixman_image_t *fill = pixman_image_create_solid_fill(&c);

	pixman_image_composite32(PIXMAN_OP_SRC, fill, NULL, img, 0, 0, 0, 0, 0, 0, (int)w, (int)h);
	pixman_image_unref(fill);
	return img;
}

static void unref(pixman_image_t *a, pixman_image_t *b)
{
	if (a)
		pixman_image_unref(a);
	if (b)
		pixman_image_unref(b);
}

/* screenshot A1 A2 into dir/NAME.png: the 120x80 window there is all `rgb`. */
static void shot_is_solid(
        struct live *t, const char *name, const char *a1, const char *a2, uint32_t rgb)
{
	char file[64];
	pixman_image_t *got, *want;

	snprintf(file, sizeof file, "%s.png", name);
	got = shot(t, file, a1, a2, NULL, NULL);
	want = solid_image(120, 80, rgb);
	if (got)
		live_same(t, got, want, 0, name);
	unref(got, want);
}

static uint32_t pixel_at(pixman_image_t *img, int x, int y)
{
	return pixman_image_get_data(img)[y * pixman_image_get_stride(img) / 4 + x];
}

/* ---- settled waits ---- */

/* paint-client's options: by default it maps 200 ms after creating, so that shmcomp tracks
 * each window (its Damage object) before it is mapped; "batch" maps in the same batch as
 * CreateWindow, as Xlib clients do, so that shmcomp meets the window already mapped.
 * DamageCreate's own report of a window met mapped is not a frame. */
static const char *map_delay(const struct live_case *tc)
{
	return tc->arg ? "0" : "200";
}

/* The settled wait returns only after the paint 0.5 s after mapping: the capture taken right
 * after it shows the colour (it would show whatever was below if the wait returned early). */
static void case_settled_late(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char line[128];
	double mapped, since_map;

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t, "--map-delay", map_delay(tc),
	                "name=late,x=40,y=40,w=120,h=80,fill=solid:20c040,delay=500,"
	                "class=late/Late,title=late painter",
	                NULL))
		return;
	mapped = monotonic_ms() / 1e3;
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "5", NULL))
		return;
	since_map = monotonic_ms() / 1e3 - mapped;
	expect_status(&r, 0);
	test_expect(strncmp(r.out, "frame=", 6) == 0 && r.out[r.out_len - 1] == '\n',
	        "wait --settled printed \"%s\", want frame=N", r.out);
	proc_result_free(&r);
	shot_is_solid(t, "late", "--class", "Late", 0x20c040);
	/* a lenient bound: the test may read "mapped" late on a loaded machine */
	test_expect(since_map >= 0.25,
	        "wait --settled returned %.3f s after the map, before the paint at 0.5 s",
	        since_map);
	test_expect(
	        live_client_line(t, 2000, line, sizeof line) && strcmp(line, "painted late") == 0,
	        "paint-client did not say it painted");
}

/* A click the application answers 600 ms later: the settled wait right after the click
 * (XTEST, as test scripts send it) waits for the answer, and the shot taken after it shows
 * it. Without input holding the screen the wait would return at once, the screen being
 * settled before the click. A pointer motion alone holds for the quiet period. */
static void case_settled_click(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char line[128];
	double t0, took;

	(void)tc;
	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=button,x=40,y=40,w=120,h=80,fill=solid:c02020,click=600:20c040,"
	                "class=button/Button",
	                NULL))
		return;
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "5", NULL))
		return;
	expect_status(&r, 0);
	proc_result_free(&r);
	t0 = monotonic_ms() / 1e3;
	pointer_click(t->c, t->screen->root, 100, 80, 1);
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "5", NULL))
		return;
	took = monotonic_ms() / 1e3 - t0;
	expect_status(&r, 0);
	proc_result_free(&r);
	shot_is_solid(t, "clicked", "--class", "Button", 0x20c040);
	test_expect(took >= 0.6,
	        "wait --settled returned %.3f s after the click, before the "
	        "answer at 0.6 s",
	        took);
	test_expect(
	        live_client_line(t, 2000, line, sizeof line) && strcmp(line, "clicked button") == 0,
	        "paint-client did not say it answered the click");
	/* motion only: held for the quiet period (300 ms), not the first (1000 ms) */
	pointer_click(t->c, t->screen->root, 300, 300, 0);
	if (!live_ctl(t, &r, "status", NULL))
		return;
	expect_in(r.out, "input=motion ago_ms=", "status after a motion");
	test_expect(!strstr(r.out, "input=press"), "status after a motion alone:\n%s", r.out);
	proc_result_free(&r);
}

/* A window that has drawn once while its client's child process works for 1.5 s (a terminal
 * whose shell is slow to print the prompt), then draws the rest: the settled wait returns
 * after that, not at the end of the first quiet period (1 s after the first drawing), and
 * the shot shows the second colour. */
/* shmcomp, then a "terminal" drawn 202020 whose child works `busy_ms`, then 20c040, on
 * machine `machine` (paint-client's machine=); *t0 is when the client started. */
static bool start_busy_term(struct live *t, long busy_ms, const char *machine, double *t0)
{
	char spec[256];

	if (!live_start_shmcomp(t, NULL, NULL))
		return false;
	snprintf(spec, sizeof spec,
	        "name=term,x=40,y=40,w=120,h=80,fill=solid:202020,busy=%ld:20c040,"
	        "class=term/Term,machine=%s",
	        busy_ms, machine);
	*t0 = monotonic_ms() / 1e3;
	return live_start_client(t, spec, NULL);
}

static void case_settled_children(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char line[128];
	double t0, took;

	(void)tc;
	if (!start_busy_term(t, 1500, "@local", &t0))
		return;
	/* once the window has drawn (it may not have yet on a loaded machine), and while the
	 * child works, status says so */
	bool said = false;
	for (int i = 0; i < 25 && !said && monotonic_ms() / 1e3 - t0 < 1.4; i++) {
		if (!live_ctl(t, &r, "status", NULL))
			return;
		said = strstr(r.out, "\nstarting=0x") != NULL;
		proc_result_free(&r);
		if (!said)
			poll(NULL, 0, 50);
	}
	test_expect(said, "status never said starting= while the child worked");
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "10", NULL))
		return;
	took = monotonic_ms() / 1e3 - t0;
	expect_status(&r, 0);
	proc_result_free(&r);
	shot_is_solid(t, "worked", "--class", "Term", 0x20c040);
	test_expect(took >= 1.5,
	        "wait --settled returned %.3f s after the start, before the "
	        "child's work ended at 1.5 s",
	        took);
	test_expect(
	        live_client_line(t, 2000, line, sizeof line) && strcmp(line, "worked term") == 0,
	        "paint-client did not say the work ended");
}

/* The same client, saying it runs on another machine (WM_CLIENT_MACHINE): its
 * _NET_WM_PID names no process here, so its children do not hold the window. The wait
 * returns on the quiet periods alone, long before the 4 s of work end, with the first
 * colour on screen. */
static void case_settled_children_remote(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	double t0, took;

	(void)tc;
	if (!start_busy_term(t, 4000, "elsewhere.invalid", &t0))
		return;
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "10", NULL))
		return;
	took = monotonic_ms() / 1e3 - t0;
	expect_status(&r, 0);
	proc_result_free(&r);
	test_expect(took < 3.5,
	        "wait --settled returned %.3f s after the start: held by the children of a "
	        "remote client",
	        took);
	shot_is_solid(t, "remote", "--class", "Term", 0x202020);
	if (!live_ctl(t, &r, "status", NULL))
		return;
	test_expect(strstr(r.out, "\nstarting=0x") == NULL, "status says starting= for it");
	proc_result_free(&r);
}

/* A window given the focus in the batch that maps it, before shmcomp has selected focus
 * events on it, is the focused one: inactive-opacity does not apply to it. The focus
 * moves from PointerRoot, so no other window of shmcomp's hears of it. The test makes
 * the race certain: it creates, maps and focuses the window under a server grab, so
 * that shmcomp's requests about it come after the focus has moved. */
static void case_focus_at_map(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	xcb_window_t w;
	xcb_gcontext_t gc;
	uint32_t values[] = {0x20c040};
	xcb_rectangle_t all = {0, 0, 120, 80};
	static const char cls[] = "first\0First";

	(void)tc;
	if (!live_start_shmcomp(t, "inactive-opacity = 0.5;\n", NULL))
		return;
	w = xcb_generate_id(t->c);
	gc = xcb_generate_id(t->c);
	xcb_grab_server(t->c);
	xcb_create_window(t->c, XCB_COPY_FROM_PARENT, w, t->screen->root, 40, 40, 120, 80, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, 0, NULL);
	xcb_change_property(t->c, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
	        sizeof cls, cls);
	xcb_map_window(t->c, w);
	xcb_set_input_focus(t->c, XCB_INPUT_FOCUS_PARENT, w, XCB_CURRENT_TIME);
	xcb_ungrab_server(t->c);
	xcb_create_gc(t->c, gc, w, XCB_GC_FOREGROUND, values);
	xcb_poly_fill_rectangle(t->c, w, gc, 1, &all);
	x_sync(t->c);
	if (!live_ctl(t, &r, "wait", "--settled", "--timeout", "5", NULL))
		return;
	proc_result_free(&r);
	if (!live_ctl(t, &r, "window", "--class", "First", NULL))
		return;
	expect_status(&r, 0);
	expect_in(r.out, "\nfocused=1\n", "window --class First");
	expect_in(r.out, "\nopacity=1.000000\n", "window --class First");
	proc_result_free(&r);
	shot_is_solid(t, "focused", "--geometry", "120x80+40+40", 0x20c040);
}

static void case_settled_never(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char id[16], fine[16];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t, "--map-delay", map_delay(tc),
	                "name=never,x=40,y=40,w=100,h=60,fill=none,class=neverpaint/NeverPaint,"
	                "title=never painted",
	                "name=fine,x=300,y=200,w=80,h=80,fill=random:3,delay=300,class=fine/Fine,"
	                "title=fine",
	                NULL))
		return;
	hex_id(live_window(t, "never"), id, sizeof id);
	hex_id(live_window(t, "fine"), fine, sizeof fine);
	/* The painted window is quiet 0.3 s after its paint (0.3 s after mapping) with
	 * a first quiet period of 0.3 s, well before the timeout; a window met mapped
	 * ("batch") is not taken as drawn before COMP_MET_MAPPED_GRACE_MS (2 s), well
	 * after it: only the never painted one keeps the screen from settling. */
	if (!live_ctl(t, &r, "wait", "--settled", "--first-quiet-period", "300", "--timeout", "1",
	            NULL))
		return;
	expect_status(&r, 1);
	test_expect(r.secs < FAST_S, "took %.3f s with --timeout 1", r.secs);
	test_expect(r.out_len == 0, "printed \"%s\" on stdout", r.out);
	expect_in(r.err, "timed out after 1 s waiting for the screen to settle", "stderr");
	expect_in(r.err, id, "stderr");
	expect_in(r.err, "class \"NeverPaint\"", "stderr");
	expect_in(r.err, "name \"never painted\"", "stderr");
	expect_in(r.err, "has not drawn anything", "stderr");
	test_expect(!strstr(r.err, fine), "stderr names the painted window %s too", fine);
	proc_result_free(&r);
}

#define FADE_CONFIG "fading = true;\nfade-in-step = 0.1;\nfade-out-step = 0.1;\nfade-delta = 10;\n"

static void step(struct live *t, const char *ms)
{
	const char *args[] = {"step", ms, NULL};

	ctl_expect(t, 0, args);
}

static void case_settled_fade(struct live *t, const struct live_case *tc)
{
	const char *short_settle[] = {"wait", "--settled", "--timeout", "0.5", NULL};
	const char *settle[] = {"wait", "--settled", "--timeout", "5", NULL};
	struct proc_result r;
	char id[16];

	if (!live_start_shmcomp(t, FADE_CONFIG, "--clock=virtual", NULL) ||
	        !live_start_client(t,
	                "name=fader,x=60,y=60,w=100,h=100,fill=solid:e0c020,class=fader/Fader,"
	                "title=fading window",
	                NULL))
		return;
	hex_id(live_window(t, "fader"), id, sizeof id);
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "1", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "waiting for the screen to settle", "stderr");
		expect_in(r.err, id, "stderr");
		expect_in(r.err, "class \"Fader\"", "stderr");
		expect_in(r.err, "name \"fading window\"", "stderr");
		expect_in(r.err, "is still animating", "stderr");
		proc_result_free(&r);
	}
	/* 10 steps of 0.1 every 10 ms: still fading at 90 ms, done at 100 */
	for (int i = 0; i < 3; i++)
		step(t, "30");
	ctl_expect(t, 1, short_settle);
	step(t, "30");
	ctl_expect(t, 0, settle);
}

/* ---- fade pixels on the virtual clock ---- */

#define FADE_BG 0x2040a0u
#define FADE_WIN 0xe0c020u

/* The screen's pixel inside the window against bg OVER win at opacity a, +-2 per channel. */
static void expect_blend(struct live *t, const char *name, double a)
{
	pixman_image_t *img = shot(t, name, NULL, NULL, NULL, NULL);
	uint32_t got, bg;

	if (!img)
		return;
	got = pixel_at(img, 150, 150);
	bg = pixel_at(img, 10, 10);
	test_expect((bg & 0xffffff) == FADE_BG, "%s: background %06x, want %06x", name,
	        bg & 0xffffff, FADE_BG);
	for (int shift = 0; shift <= 16; shift += 8) {
		double w = (FADE_WIN >> shift) & 0xff, b = (FADE_BG >> shift) & 0xff;
		double want = w * a + b * (1 - a), g = (got >> shift) & 0xff;

		test_expect(g >= want - 2 && g <= want + 2,
		        "%s: at opacity %.1f the pixel is %06x: channel at bit %d is %.0f, want "
		        "%.1f +-2",
		        name, a, got & 0xffffff, shift, g, want);
	}
	pixman_image_unref(img);
}

static void case_fade_steps(struct live *t, const struct live_case *tc)
{
	if (!live_start_shmcomp(
	            t, FADE_CONFIG "background-color = \"#2040a0\";\n", "--clock=virtual", NULL) ||
	        !live_start_client(t, "name=w,x=100,y=100,w=100,h=100,fill=solid:e0c020", NULL))
		return;
	step(t, "0");
	expect_blend(t, "0.png", 0.0);
	step(t, "30");
	expect_blend(t, "30.png", 0.3);
	step(t, "30");
	expect_blend(t, "60.png", 0.6);
	step(t, "1000");
	expect_blend(t, "done.png", 1.0);
}

/* ---- window captures ---- */

static pixman_image_t *crop(pixman_image_t *img, int x, int y, int w, int h)
{
	pixman_image_t *out = pixman_image_create_bits(pixman_image_get_format(img), w, h, NULL, 0);

	pixman_image_composite32(PIXMAN_OP_SRC, img, NULL, out, x, y, 0, 0, 0, 0, w, h);
	return out;
}

static void expect_capture(struct live *t, const char *name, pixman_image_t *want, const char *a1,
        const char *a2, const char *a3, const char *a4)
{
	pixman_image_t *got = shot(t, name, a1, a2, a3, a4);

	if (got)
		live_same(t, got, want, 0, name);
	unref(got, NULL);
}

static void case_capture_covered(struct live *t, const struct live_case *tc)
{
	pixman_image_t *want, *part, *screen;
	char id[16];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=a,x=100,y=100,w=200,h=150,bw=3,bc=ff00ff,fill=random:7,"
	                "class=target/Target,title=target window",
	                "name=b,x=200,y=80,w=250,h=200,fill=solid:00ff00", NULL))
		return;
	hex_id(live_window(t, "a"), id, sizeof id);
	want = live_window_image(7, 200, 150, 3, 0xff00ff, 24);
	expect_capture(t, "by-class.png", want, "--class", "Target", NULL, NULL);
	expect_capture(t, "by-id.png", want, "--window", id, NULL, NULL);
	expect_capture(t, "by-name.png", want, "--settled", "--name", "target window", NULL);
	part = crop(want, 120, 20, 50, 40);
	expect_capture(t, "part.png", part, "--window", id, "--geometry", "50x40+120+20");
	/* the screen shows b over a: the capture really came from a's own pixels */
	screen = shot(t, "screen.png", NULL, NULL, NULL, NULL);
	if (screen)
		test_expect((pixel_at(screen, 250, 150) & 0xffffff) == 0x00ff00 &&
		                    (pixel_at(screen, 150, 150) & 0xffffff) ==
		                            (pattern_pixel(7, 47, 47, 24) & 0xffffff),
		        "the screen does not show b over a");
	unref(want, part);
	unref(screen, NULL);
}

static void case_capture_offscreen(struct live *t, const struct live_case *tc)
{
	pixman_image_t *want, *want2;

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=a,x=-50,y=400,w=200,h=150,bw=2,bc=00ffff,fill=random:9,"
	                "class=off/Off",
	                "name=b,x=600,y=-30,w=100,h=100,fill=random:10,class=off2/Off2", NULL))
		return;
	want = live_window_image(9, 200, 150, 2, 0x00ffff, 24);
	want2 = live_window_image(10, 100, 100, 0, 0, 24);
	expect_capture(t, "off.png", want, "--class", "off", NULL, NULL);
	expect_capture(t, "off2.png", want2, "--class", "Off2", NULL, NULL);
	unref(want, want2);
}

/* On a depth-16 screen the window's pixels are 5-6-5; the capture widens them as pixman does. */
static void case_capture_16(struct live *t, const struct live_case *tc)
{
	pixman_image_t *want;

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=a,x=300,y=200,w=301,h=151,bw=4,bc=ff8040,fill=random:12,class=s/"
	                "Sixteen",
	                "name=b,x=250,y=150,w=100,h=100,fill=solid:0000ff", NULL))
		return;
	want = live_window_image(12, 301, 151, 4, 0xff8040, 16);
	expect_capture(t, "sixteen.png", want, "--class", "Sixteen", NULL, NULL);
	unref(want, NULL);
}

/* The RGBA bytes of a PNG as written (not premultiplied); NULL (reported) on failure. */
static uint8_t *read_rgba(struct live *t, const char *path, uint32_t *w, uint32_t *h)
{
	png_image img = {.version = PNG_IMAGE_VERSION};
	uint8_t *buf = NULL;

	if (png_image_begin_read_from_file(&img, path)) {
		img.format = PNG_FORMAT_RGBA;
		buf = malloc(PNG_IMAGE_SIZE(img));
		if (buf && !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
			free(buf);
			buf = NULL;
		}
	}
	test_expect(buf != NULL, "cannot read %s: %s", path, img.message);
	*w = img.width;
	*h = img.height;
	png_image_free(&img);
	return buf;
}

static unsigned unpremultiply(unsigned v, unsigned a)
{
	return a == 0 ? 0 : v >= a ? 255 : (v * 255 + a / 2) / a;
}

/* Pixel (x, y) of the alpha capture against the ARGB window's known premultiplied pixel. */
static bool alpha_pixel_ok(const uint8_t *px, uint32_t want)
{
	unsigned a = want >> 24;

	if (px[3] != a)
		return false;
	for (int i = 0; i < 3 && a > 0; i++) {
		int w = (int)unpremultiply((want >> (16 - 8 * i)) & 0xff, a);

		if (px[i] < w - 1 || px[i] > w + 1)
			return false;
	}
	return true;
}

static void check_alpha_capture(struct live *t, const char *path, pixman_image_t *want)
{
	uint32_t w, h, bad = 0;
	uint8_t *rgba = read_rgba(t, path, &w, &h);

	if (!rgba)
		return;
	test_expect(
	        (int)w == pixman_image_get_width(want) && (int)h == pixman_image_get_height(want),
	        "the alpha capture is %ux%u", w, h);
	for (uint32_t y = 0; !test_failures() && y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			const uint8_t *px = rgba + ((size_t)y * w + x) * 4;
			uint32_t p = pixel_at(want, (int)x, (int)y);

			if (!alpha_pixel_ok(px, p) && bad++ == 0)
				fprintf(stderr,
				        "first bad pixel %u,%u: RGBA %02x%02x%02x%02x, window "
				        "pixel (premultiplied) %08x\n",
				        x, y, px[0], px[1], px[2], px[3], p);
		}
	}
	test_expect(bad == 0, "%u pixels of the alpha capture are off", bad);
	free(rgba);
}

static void case_capture_argb(struct live *t, const struct live_case *tc)
{
	pixman_image_t *want, *flat, *got;
	char path[128];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=a,x=50,y=50,w=160,h=120,bw=2,bc=ff8000,argb,fill=random:11,"
	                "class=argb/Argb",
	                NULL))
		return;
	want = live_window_image(11, 160, 120, 2, 0xff8000, 32);
	/* shot() reads it back premultiplied; the check reads the file's own bytes */
	got = shot(t, "alpha.png", "--alpha", "--class", "Argb", NULL);
	if (got)
		check_alpha_capture(t, live_path(t, "alpha.png", path, sizeof path), want);
	/* without --alpha: the premultiplied colour, which is the window over black */
	flat = pixman_image_create_bits(PIXMAN_x8r8g8b8, 164, 124, NULL, 0);
	pixman_image_composite32(PIXMAN_OP_SRC, want, NULL, flat, 0, 0, 0, 0, 0, 0, 164, 124);
	expect_capture(t, "flat.png", flat, "--class", "Argb", NULL, NULL);
	unref(want, flat);
	unref(got, NULL);
}

#define SHADOW_CONFIG                                                                              \
	"shadow = true;\nshadow-radius = 6;\nshadow-opacity = 0.6;\nshadow-offset-x = -4;\n"       \
	"shadow-offset-y = 2;\nbackground-color = \"#ffffff\";\n"

static void case_capture_shadow(struct live *t, const struct live_case *tc)
{
	const struct render_effects fx = {.shadow = true,
	        .shadow_radius = 6,
	        .shadow_opacity = 0.6,
	        .shadow_dx = -4,
	        .shadow_dy = 2};
	struct render_window rw = {
	        .width = 122, .height = 92, .opacity = RENDER_OPACITY_OPAQUE, .shadow = true};
	pixman_image_t *got, *screen, *want, *body, *white;
	pixman_box32_t b;
	struct proc_result r;

	if (!live_start_shmcomp(t, SHADOW_CONFIG, NULL) ||
	        !live_start_client(t,
	                "name=a,x=200,y=150,w=120,h=90,bw=1,bc=000000,fill=random:5,"
	                "class=sh/Shadowed",
	                NULL))
		return;
	if (live_ctl(t, &r, "window", "--class", "Shadowed", NULL)) {
		expect_status(&r, 0);
		expect_in(r.out, "shadow=1\n", "window");
		proc_result_free(&r);
	}
	render_window_extents(&rw, &fx, &b);
	got = shot(t, "shadow.png", "--shadow", "--class", "Shadowed", NULL);
	screen = shot(t, "screen.png", NULL, NULL, NULL, NULL);
	if (!got || !screen || pixman_image_get_width(got) != b.x2 - b.x1 ||
	        pixman_image_get_height(got) != b.y2 - b.y1) {
		test_expect(!got || !screen, "the shadow capture is %dx%d, want %dx%d",
		        pixman_image_get_width(got), pixman_image_get_height(got), b.x2 - b.x1,
		        b.y2 - b.y1);
		unref(got, screen);
		return;
	}
	/* the capture over the white background is what the screen shows there */
	white = solid_image((uint32_t)(b.x2 - b.x1), (uint32_t)(b.y2 - b.y1), 0xffffff);
	pixman_image_composite32(
	        PIXMAN_OP_OVER, got, NULL, white, 0, 0, 0, 0, 0, 0, b.x2 - b.x1, b.y2 - b.y1);
	want = crop(screen, 200 + b.x1, 150 + b.y1, b.x2 - b.x1, b.y2 - b.y1);
	live_same(t, white, want, 2, "over-white");
	/* and the window itself is in it, opaque and exact */
	body = crop(got, -b.x1, -b.y1, 122, 92);
	unref(want, NULL);
	want = live_window_image(5, 120, 90, 1, 0, 24);
	live_same(t, body, want, 0, "body");
	test_expect(
	        (pixel_at(got, -b.x1 - 2, -b.y1 + 50) >> 24) > 0, "no shadow left of the window");
	unref(got, screen);
	unref(want, body);
	unref(white, NULL);
}

static void case_find_errors(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char one[16], two[16], want[128];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t, "name=one,x=10,y=10,w=50,h=50,class=twin/Twin,title=one",
	                "name=two,x=100,y=10,w=50,h=50,class=twin/Twin,title=two", NULL))
		return;
	hex_id(live_window(t, "one"), one, sizeof one);
	hex_id(live_window(t, "two"), two, sizeof two);
	if (live_ctl(t, &r, "screenshot", "--timeout", "0.5", "--class", "Nope", "x.png", NULL)) {
		expect_status(&r, 1);
		snprintf(want, sizeof want, "no window on %s has the class \"Nope\"", t->xs.name);
		expect_in(r.err, want, "stderr");
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "screenshot", "--class", "Twin", "x.png", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "2 windows on", "stderr");
		expect_in(r.err, one, "stderr");
		expect_in(r.err, two, "stderr");
		test_expect(r.secs < FAST_S, "an ambiguous class took %.3f s", r.secs);
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "window", "--window", "0x1fffff", "--timeout", "0.5", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "no window 0x1fffff", "stderr");
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "screenshot", "--name", "two", "-", NULL)) {
		expect_status(&r, 0);
		test_expect(r.out_len > 8 && memcmp(r.out, "\x89PNG", 4) == 0,
		        "screenshot - did not write a PNG to stdout");
		proc_result_free(&r);
	}
}

static void case_step_real_clock(struct live *t, const struct live_case *tc)
{
	struct proc_result r;

	if (!live_start_shmcomp(t, NULL, NULL))
		return;
	if (live_ctl(t, &r, "step", "10", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "shmcomp-ctl: step failed: ", "stderr");
		expect_in(r.err, "virtual", "stderr");
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "status", NULL)) {
		expect_status(&r, 0);
		expect_in(r.out, "settled=1\n", "status");
		proc_result_free(&r);
	}
}

/* ---- bit-identical repeat runs ---- */

#define REPEAT_CONFIG                                                                              \
	"shadow = true;\nshadow-radius = 5;\nshadow-opacity = 0.5;\nfading = true;\n"              \
	"fade-in-step = 0.03;\nfade-delta = 7;\ncorner-radius = 6;\ninactive-dim = 0.1;\n"         \
	"background-color = \"#336699\";\n"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	if (f)
		fclose(f);
	return buf;
}

static void one_run(struct live *t, const struct live_case *tc, int run)
{
	char a[32], b[32];
	bool skip;

	snprintf(a, sizeof a, "run%d-a.png", run);
	snprintf(b, sizeof b, "run%d-b.png", run);
	if (!live_start_x(t, tc->screen, &skip) ||
	        !live_start_shmcomp(t, REPEAT_CONFIG, "--clock=virtual", tc->arg, NULL) ||
	        !live_start_client(t, "name=a,x=40,y=30,w=300,h=200,bw=2,bc=ffffff,fill=random:21",
	                "name=b,x=200,y=120,w=260,h=180,fill=random:22,opacity=0.7",
	                "name=c,x=380,y=60,w=150,h=300,argb,fill=random:23",
	                "name=d,x=-20,y=330,w=200,h=100,bw=5,bc=00ff00,fill=solid:c08040", NULL)) {
		test_expect(false, "run %d could not start", run);
		return;
	}
	step(t, "50");
	unref(shot(t, a, NULL, NULL, NULL, NULL), NULL);
	step(t, "37");
	unref(shot(t, b, NULL, NULL, NULL, NULL), NULL);
	live_stop(t);
}

static bool same_file(struct live *t, const char *x, const char *y)
{
	char px[128], py[128];
	size_t lx = 0, ly = 0;
	char *dx = slurp(live_path(t, x, px, sizeof px), &lx);
	char *dy = slurp(live_path(t, y, py, sizeof py), &ly);
	bool same = dx && dy && lx == ly && memcmp(dx, dy, lx) == 0;

	free(dx);
	free(dy);
	return same;
}

static void case_repeat(struct live *t, const struct live_case *tc)
{
	live_stop(t); /* each run starts its own server */
	one_run(t, tc, 1);
	one_run(t, tc, 2);
	if (test_failures())
		return;
	test_expect(same_file(t, "run1-a.png", "run2-a.png"),
	        "the screens after step 50 differ between two runs");
	test_expect(same_file(t, "run1-b.png", "run2-b.png"),
	        "the screens after step 87 differ between two runs");
	test_expect(!same_file(t, "run1-a.png", "run1-b.png"),
	        "the screen did not change between step 50 and 87: nothing was fading");
}

/* ---- --ready-fd and --exit-with ---- */

static bool read_line(int fd, int timeout_ms, char *buf, size_t size)
{
	size_t n = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (n + 1 < size && poll(&p, 1, timeout_ms) > 0) {
		ssize_t got = read(fd, buf + n, 1);

		if (got <= 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return n > 0 && buf[n - 1] == '\n';
}

static bool selection_owned(struct live *t)
{
	xcb_atom_t sel = x_atom(t->c, "_NET_WM_CM_S0");
	xcb_get_selection_owner_reply_t *o =
	        xcb_get_selection_owner_reply(t->c, xcb_get_selection_owner(t->c, sel), NULL);
	bool owned = o && o->owner != XCB_NONE;

	free(o);
	return owned;
}

static void case_ready_fd(struct live *t, const struct live_case *tc)
{
	char fdarg[16], line[64], log[128], conf[128];
	int p[2];
	uint32_t px;

	if (pipe(p) < 0)
		return;
	live_write_config(t, "background-color = \"#3366cc\";\n");
	snprintf(fdarg, sizeof fdarg, "%d", p[1]);
	const char *argv[] = {t->shmcomp, "--config",
	        live_path(t, "shmcomp.conf", conf, sizeof conf), "--ready-fd", fdarg, NULL};
	test_expect(live_root_pixel(t, 5, 5) != 0x3366cc, "the root is blue already");
	t->comp_pid = spawn(argv, t->xs.name, live_path(t, "shmcomp.log", log, sizeof log));
	close(p[1]);
	if (!read_line(p[0], 10000, line, sizeof line)) {
		test_expect(false, "no line on --ready-fd within 10 s (got \"%s\")", line);
		close(p[0]);
		return;
	}
	/* right now: the selection is owned and the first frame is on screen */
	test_expect(selection_owned(t), "--ready-fd said \"%.*s\" before the selection was owned",
	        (int)strcspn(line, "\n"), line);
	px = live_root_pixel(t, 5, 5);
	test_expect(px == 0x3366cc,
	        "--ready-fd wrote before the first frame: the screen shows "
	        "%06x, not background-color 3366cc",
	        px);
	/* one line, then the end: shmcomp closes the descriptor */
	struct pollfd end = {.fd = p[0], .events = POLLIN};
	test_expect(poll(&end, 1, 2000) == 1 && read(p[0], line, sizeof line) == 0,
	        "--ready-fd stays open, or says more than one line");
	close(p[0]);
}

/* The root's pixels in r, as x8r8g8b8 (depth 24). */
static pixman_image_t *root_image(struct live *t, int16_t x, int16_t y, uint16_t w, uint16_t h)
{
	xcb_get_image_reply_t *r = xcb_get_image_reply(t->c,
	        xcb_get_image(
	                t->c, XCB_IMAGE_FORMAT_Z_PIXMAP, t->screen->root, x, y, w, h, UINT32_MAX),
	        NULL);
	pixman_image_t *img = pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, NULL, 0);

	if (r && (size_t)xcb_get_image_data_length(r) >= (size_t)w * h * 4)
		memcpy(pixman_image_get_data(img), xcb_get_image_data(r), (size_t)w * h * 4);
	free(r);
	return img;
}

static void case_exit_with(struct live *t, const struct live_case *tc)
{
	char pidarg[16];
	pid_t watched = fork();
	pixman_image_t *want, *got = NULL;
	int code;
	bool same = false;

	if (watched == 0) {
		pause();
		_exit(0);
	}
	snprintf(pidarg, sizeof pidarg, "%d", (int)watched);
	if (!live_start_shmcomp(t, NULL, "--exit-with", pidarg, NULL) ||
	        !live_start_client(
	                t, "name=a,x=100,y=100,w=200,h=150,bw=3,bc=ff0000,fill=random:4", NULL)) {
		kill(watched, SIGKILL);
		waitpid(watched, NULL, 0);
		return;
	}
	kill(watched, SIGKILL);
	waitpid(watched, NULL, 0);
	code = wait_exit(t->comp_pid, 5000);
	test_expect(code == 0,
	        "shmcomp exited with %d after the watched process ended (-1: "
	        "still running after 5 s)",
	        code);
	if (code >= 0)
		t->comp_pid = -1;
	test_expect(!selection_owned(t), "the selection is still owned");
	/* unredirected, the window shows on the screen itself again (repainted on Expose) */
	want = live_window_image(4, 200, 150, 3, 0xff0000, 24);
	for (int i = 0; i < 100 && !same; i++) {
		unref(got, NULL);
		got = root_image(t, 100, 100, 206, 156);
		same = render_compare(got, want, 0, NULL, NULL);
		if (!same)
			usleep(30000);
	}
	live_same(t, got, want, 0, "after-exit");
	unref(got, want);
}

/* ---- the screen against ImageMagick's import ---- */

/* With depth-32 windows on screen `xwd -root` pastes their own pixels over the composited
 * screen (tried: 29783 pixels off in this scene); `import -window root` reads the root as
 * shmcomp-ctl does, and the two agree to the pixel. */
static void case_capture_import(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char path[128];
	pixman_image_t *ours, *theirs;

	if (!t->import) {
		fprintf(stderr, "test-live: import (ImageMagick) is not installed\n");
		t->skipped = true;
		return;
	}
	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t, "name=a,x=40,y=30,w=300,h=200,fill=random:21",
	                "name=c,x=200,y=60,w=250,h=300,argb,fill=argb:80ff0000",
	                "name=d,x=100,y=300,w=200,h=100,argb,fill=random:5", NULL))
		return;
	ours = shot(t, "ours.png", "--settled", NULL, NULL, NULL);
	const char *argv[] = {t->import, "-display", t->xs.name, "-window", "root",
	        live_path(t, "import.png", path, sizeof path), NULL};
	if (run_capture(t->dir, "import", NULL, argv, &r)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	theirs = test_failures() ? NULL : live_png(t, path);
	if (ours && theirs)
		live_same(t, ours, theirs, 0, "import");
	unref(ours, theirs);
}

/* ---- what counts for a settled wait ---- */

/* A window that keeps drawing keeps the screen from settling, and the timeout says which and
 * how to leave it out; with a window, only that window has to settle */
static void case_settled_scope(struct live *t, const struct live_case *tc)
{
	struct proc_result r;
	char ticker[16], path[128];
	pixman_image_t *got, *want;

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=still,x=40,y=30,w=200,h=150,fill=random:8,class=st/Still",
	                "name=ticker,x=300,y=100,w=120,h=120,fill=random:1,animate=50,"
	                "class=tick/Ticker,title=tick tock",
	                NULL))
		return;
	hex_id(live_window(t, "ticker"), ticker, sizeof ticker);
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "1.5", NULL)) {
		expect_status(&r, 1);
		expect_in(
		        r.err, "(class \"Ticker\", name \"tick tock\") keeps drawing: ", "stderr");
		expect_in(r.err, "leave it out with --ignore-class Ticker (or --ignore-window ",
		        "stderr");
		expect_in(r.err, ticker, "stderr");
		test_expect(!strstr(r.err, "Still"), "the still window is named too");
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "status", NULL)) {
		expect_in(r.out, "settled=0\n", "status");
		expect_in(r.out, "\nbusy=", "status");
		proc_result_free(&r);
	}
	const char *ignored[][4] = {{"--ignore-class", "Ticker"}, {"--ignore-class", "tick*"},
	        {"--ignore-name", "tick tock"}, {"--ignore-window", ticker}};
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
		if (live_ctl(t, &r, "wait", "--settled", "--timeout", "5", ignored[i][0],
		            ignored[i][1], NULL)) {
			expect_status(&r, 0);
			proc_result_free(&r);
		}
	}
	want = live_window_image(8, 200, 150, 0, 0, 24);
	if (live_ctl(t, &r, "screenshot", "--settled", "--timeout", "5", "--class", "Still",
	            live_path(t, "still.png", path, sizeof path), NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	got = test_failures() ? NULL : live_png(t, path);
	if (got)
		live_same(t, got, want, 0, "still");
	unref(got, want);
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "1", "--class", "Still",
	            "--whole-screen", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "class \"Ticker\"", "stderr");
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "1", "--class", "Ticker", NULL)) {
		expect_status(&r, 1);
		expect_in(r.err,
		        "it is the window waited for: if it repaints the same pixels, "
		        "screenshot --stable takes it",
		        "stderr");
		proc_result_free(&r);
	}
}

/* A window drawing every 400 ms settles in between with the default quiet period (300 ms),
 * never with --quiet-period 600 */
static void case_settled_quiet(struct live *t, const struct live_case *tc)
{
	struct proc_result r;

	if (!live_start_shmcomp(t, NULL, NULL) || !live_start_client(t,
	                                                  "name=slow,x=40,y=30,w=100,h=100,fill="
	                                                  "solid:c04020,animate=400,class=sl/Slow",
	                                                  NULL))
		return;
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "5", NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
	}
	if (live_ctl(t, &r, "wait", "--settled", "--timeout", "1.5", "--quiet-period", "600",
	            NULL)) {
		expect_status(&r, 1);
		expect_in(r.err, "(class \"Slow\", no name) keeps drawing: ", "stderr");
		expect_in(r.err, "(the quiet period is 600 ms)", "stderr");
		proc_result_free(&r);
	}
}

/* ---- screenshot --stable ---- */

static bool file_exists(struct live *t, const char *name)
{
	char path[128];

	return access(live_path(t, name, path, sizeof path), F_OK) == 0;
}

/* A still screen, and one window drawing the same pixels again and again: two captures agree
 * at once, a quiet period apart */
static void case_stable_still(struct live *t, const struct live_case *tc)
{
	pixman_image_t *stable, *plain, *want;
	struct proc_result r;
	char path[128];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=still,x=40,y=30,w=200,h=150,fill=random:8,class=st/Still",
	                "name=same,x=300,y=100,w=120,h=120,fill=solid:3080c0,animate=20", NULL))
		return;
	if (live_ctl(t, &r, "screenshot", "--stable", live_path(t, "stable.png", path, sizeof path),
	            NULL)) {
		expect_status(&r, 0);
		test_expect(r.secs >= 0.3, "two captures 300 ms apart took only %.3f s", r.secs);
		proc_result_free(&r);
	}
	stable = test_failures() ? NULL : live_png(t, path);
	plain = shot(t, "plain.png", NULL, NULL, NULL, NULL);
	if (stable && plain)
		live_same(t, stable, plain, 0, "stable-screen");
	unref(stable, plain);
	want = live_window_image(8, 200, 150, 0, 0, 24);
	stable = NULL;
	if (live_ctl(t, &r, "screenshot", "--stable", "--quiet-period", "50", "--class", "Still",
	            live_path(t, "window.png", path, sizeof path), NULL)) {
		expect_status(&r, 0);
		proc_result_free(&r);
		stable = test_failures() ? NULL : live_png(t, path);
	}
	if (stable)
		live_same(t, stable, want, 0, "stable-window");
	unref(stable, want);
}

/* A window whose pixels change every 30 ms: the screen never holds still (the timeout says
 * so, and no file is written); a still window is captured all the same */
static void case_stable_moving(struct live *t, const struct live_case *tc)
{
	pixman_image_t *got, *want;
	struct proc_result r;
	char path[128];

	if (!live_start_shmcomp(t, NULL, NULL) ||
	        !live_start_client(t,
	                "name=still,x=40,y=30,w=200,h=150,fill=random:8,class=st/Still",
	                "name=moving,x=300,y=100,w=120,h=120,fill=random:1,animate=30", NULL))
		return;
	if (live_ctl(t, &r, "screenshot", "--stable", "--timeout", "2", "--quiet-period", "100",
	            live_path(t, "moving.png", path, sizeof path), NULL)) {
		expect_status(&r, 1);
		expect_in(r.err,
		        "timed out after 2 s waiting for the screen to hold still: ", "stderr");
		expect_in(r.err, "captures 100 ms apart, each different from the one before\n",
		        "stderr");
		expect_in(r.err, "the last two differ in ", "stderr");
		test_expect(r.secs < FAST_S, "took %.3f s with --timeout 2", r.secs);
		proc_result_free(&r);
	}
	test_expect(!file_exists(t, "moving.png"), "an unstable screenshot was written");
	got = shot(t, "still.png", "--stable", "--class", "Still", NULL);
	want = live_window_image(8, 200, 150, 0, 0, 24);
	if (got)
		live_same(t, got, want, 0, "still-window");
	unref(got, want);
}

static const struct live_case cases[] = {
        {"settled-late", "640x480x24", case_settled_late, NULL},
        {"settled-never", "640x480x24", case_settled_never, NULL},
        {"settled-click", "640x480x24", case_settled_click, NULL},
        {"focus-at-map", "640x480x24", case_focus_at_map, NULL},
        {"settled-children", "640x480x24", case_settled_children, NULL},
        {"settled-children-remote", "640x480x24", case_settled_children_remote, NULL},
        {"settled-late-batch", "640x480x24", case_settled_late, "batch"},
        {"settled-never-batch", "640x480x24", case_settled_never, "batch"},
        {"settled-fade", "640x480x24", case_settled_fade, NULL},
        {"fade-steps", "640x480x24", case_fade_steps, NULL},
        {"capture-covered", "640x480x24", case_capture_covered, NULL},
        {"capture-offscreen", "640x480x24", case_capture_offscreen, NULL},
        {"capture-argb", "640x480x24", case_capture_argb, NULL},
        {"capture-16", "641x479x16", case_capture_16, NULL},
        {"capture-shadow", "640x480x24", case_capture_shadow, NULL},
        {"find-errors", "640x480x24", case_find_errors, NULL},
        {"step-real-clock", "640x480x24", case_step_real_clock, NULL},
        {"repeat-24", "640x480x24", case_repeat, NULL},
        {"repeat-16", "641x479x16", case_repeat, NULL},
        {"repeat-24-noshm", "640x480x24", case_repeat, "--shm=none"},
        {"repeat-16-noshm", "641x479x16", case_repeat, "--shm=none"},
        {"ready-fd", "640x480x24", case_ready_fd, NULL},
        {"exit-with", "640x480x24", case_exit_with, NULL},
        {"capture-import", "640x480x24", case_capture_import, NULL},
        {"settled-scope", "640x480x24", case_settled_scope, NULL},
        {"settled-quiet", "640x480x24", case_settled_quiet, NULL},
        {"stable-still", "640x480x24", case_stable_still, NULL},
        {"stable-moving", "640x480x24", case_stable_moving, NULL},
};

/* Arguments: SHMCOMP_CTL SHMCOMP PAINT_CLIENT [IMPORT]. */
TEST_P(live, cases)
{
	const struct live_case *c = tc->data;
	const char *import = test_arg_or(tc, 3, "");
	struct live t = {
	        .import = import[0] ? import : NULL,
	        .ctl = test_arg(tc, 0, "SHMCOMP_CTL"),
	        .shmcomp = test_arg(tc, 1, "SHMCOMP"),
	        .client = test_arg(tc, 2, "PAINT_CLIENT"),
	        .comp_pid = -1,
	        .client_pid = -1,
	        .client_out = -1,
	        .xs = {.pid = -1},
	};
	bool skip = false;

	if (!case_dir_make(t.dir, sizeof t.dir, "test-live"))
		return TEST_FAIL;
	if (!live_start_x(&t, c->screen, &skip)) {
		rmdir(t.dir);
		return skip ? TEST_SKIP : TEST_FAIL;
	}
	c->run(&t, c);
	if (t.skipped && !test_failures()) {
		live_finish(&t, c->name);
		return TEST_SKIP;
	}
	return live_finish(&t, c->name);
}
