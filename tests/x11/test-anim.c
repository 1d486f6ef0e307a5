/* x11 suite: animation scripts in a running shmcomp on the virtual clock
 * (--clock=virtual), screenshot frame by frame after each `shmcomp-ctl step`: presets
 * (appear on open, geometry-change on a move and a resize, disappear on close, the
 * window kept until its script ends) and a script of timing functions, each frame
 * equal to its reference (tests/reference/x11-anim-*.png; a missing reference fails
 * and writes the shot next to the test's log) and bit-identical across two runs;
 * `status` says what animates; --no-animations and --test-profile never start one.
 * Run as: test-anim CASE SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tests/x11/effects-env.h"

#define MAX_SHOTS 32

static const char preset_conf[] =
        "background-color = \"#204060\";\n"
        "shadow = true;\n"
        "shadow-radius = 6;\n"
        "animations = (\n"
        "  { triggers = [ \"open\" ]; preset = \"appear\"; duration = 0.2; scale = 0.5; },\n"
        "  { triggers = [ \"close\" ]; preset = \"disappear\"; duration = 0.2; },\n"
        "  { triggers = [ \"geometry\" ]; preset = \"geometry-change\"; duration = 0.2; }\n"
        ");\n";

static const char script_conf[] =
        "background-color = \"#204060\";\n"
        "animations = ( {\n"
        "  triggers = [ \"open\", \"show\" ];\n"
        "  offset-x = { curve = \"linear\"; duration = 0.2; start = -60; end = 0; };\n"
        "  opacity = { curve = \"cubic-bezier(0.25, 0.1, 0.25, 1)\"; duration = 0.2;\n"
        "              start = 0; end = 1; };\n"
        "  scale-y = { curve = \"steps(4)\"; duration = 0.2; start = 0.25; end = 1; };\n"
        "  crop-x = \"window-x\"; crop-y = \"window-y\";\n"
        "  crop-width = \"window-width\"; crop-height = \"window-height\";\n"
        "} );\n";

struct shots {
	pixman_image_t *img[MAX_SHOTS];
	char name[MAX_SHOTS][64];
	size_t n;
};

static void shot(struct fx_env *e, struct shots *s, const char *what, unsigned t)
{
	if (s->n >= MAX_SHOTS)
		return;
	CHECK(fx_wait(e) == 0);
	s->img[s->n] = fx_grab(e);
	snprintf(s->name[s->n], sizeof s->name[0], "x11-anim-%s-%03u", what, t);
	CHECK(s->img[s->n] != NULL);
	s->n++;
}

/* Frames every `dt` ms up to `until`, the first before any step. */
static void frames(struct fx_env *e, struct shots *s, const char *what, unsigned dt, unsigned until)
{
	char ms[16];

	snprintf(ms, sizeof ms, "%u", dt);
	for (unsigned t = 0;; t += dt) {
		shot(e, s, what, t);
		if (t >= until)
			break;
		CHECK(fx_ctl(e, NULL, "step", ms, NULL) == 0);
	}
}

/* Four colours over a w x h window (its contents, not its background, so that the
 * frames show what shmcomp fetched). */
static void paint_quadrants(struct fx_env *e, xcb_window_t win, uint16_t w, uint16_t h)
{
	uint16_t hw = w / 2, hh = h / 2;

	fx_fill(e, win, 0xe0a010, 0, 0, hw, hh);
	fx_fill(e, win, 0x10a0e0, (int16_t)hw, 0, (uint16_t)(w - hw), hh);
	fx_fill(e, win, 0x20c040, 0, (int16_t)hh, hw, (uint16_t)(h - hh));
	fx_fill(e, win, 0xf0f0f0, (int16_t)hw, (int16_t)hh, (uint16_t)(w - hw), (uint16_t)(h - hh));
}

static xcb_window_t quadrants(struct fx_env *e, int16_t x, int16_t y, bool map)
{
	xcb_window_t w = fx_window_unmapped(e, x, y, 120, 90, 0x000000, "Anim", false);

	if (map) {
		xcb_map_window(e->c, w);
		x_sync(e->c);
	}
	paint_quadrants(e, w, 120, 90);
	return w;
}

static bool reference(const struct fx_env *e, pixman_image_t *img, const char *name)
{
	char path[1024], err[512];
	struct render_diff d = {0};
	pixman_image_t *ref;
	bool ok;

	snprintf(path, sizeof path, "%s/tests/reference/%s.png", e->srcdir, name);
	ref = render_png_read(path, err, sizeof err);
	ok = ref && render_compare(img, ref, 0, NULL, &d);
	if (!ok) {
		char out[1024];
		snprintf(out, sizeof out, "%s/%s-shot.png", e->outdir, name);
		render_png_write(img, out, false, NULL, 0);
		if (ref)
			test_fail("%s: %llu pixels differ from the reference (first at %d,%d; "
			          "shot: %s)",
			        name, (unsigned long long)d.count, d.first_x, d.first_y, out);
		else
			test_fail("%s: no reference (%s); shot written to %s", name, err, out);
	}
	if (ref)
		pixman_image_unref(ref);
	return ok;
}

static void release(struct shots *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->img[i])
			pixman_image_unref(s->img[i]);
	s->n = 0;
}

/* open, then geometry (a move, then a resize), then close. */
static void preset_run(struct fx_env *e, struct shots *s)
{
	xcb_window_t w = quadrants(e, 100, 75, true);
	char *text = NULL;
	char want[64];

	frames(e, s, "appear", 50, 200);
	CHECK(fx_ctl(e, &text, "status", NULL) == 0 && text && !strstr(text, "animating="));
	free(text);
	uint32_t pos[] = {140, 95};
	xcb_configure_window(e->c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	x_sync(e->c);
	CHECK(fx_ctl(e, &text, "status", NULL) == 0 && fx_value(text, "settled") == 0);
	snprintf(want, sizeof want, "animating=0x%x class=Anim", w);
	CHECK(text && strstr(text, want) && strstr(text, " animation=position line 7\n"));
	free(text);
	frames(e, s, "move", 50, 200);
	uint32_t size[] = {60, 120};
	xcb_configure_window(e->c, w, XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, size);
	paint_quadrants(e, w, 60, 120); /* the client draws at its new size */
	frames(e, s, "resize", 50, 200);
	xcb_destroy_window(e->c, w); /* kept on screen while it disappears */
	x_sync(e->c);
	frames(e, s, "close", 50, 250);
}

static void script_run(struct fx_env *e, struct shots *s)
{
	xcb_window_t w = quadrants(e, 100, 75, true);

	frames(e, s, "script", 25, 200);
	xcb_unmap_window(e->c, w); /* no hide script: gone at once */
	x_sync(e->c);
	shot(e, s, "script-hidden", 0);
	xcb_map_window(e->c, w); /* shown again: `show` runs the script */
	x_sync(e->c);
	paint_quadrants(e, w, 120, 90); /* the client draws again */
	frames(e, s, "script-show", 100, 200);
}

/* Runs `run` twice, each on a server and shmcomp of its own: the frames must be equal
 * to each other bit for bit, and to the references. */
static int twice(
        const struct test_ctx *tc, const char *conf, void (*run)(struct fx_env *, struct shots *))
{
	static const char *const virt[] = {"--clock=virtual", NULL};
	struct shots a = {0}, b = {0};

	for (int i = 0; i < 2; i++) {
		struct fx_env e = fx_env_of(tc);
		int r = fx_start(&e, conf, virt);
		if (r)
			return r;
		run(&e, i ? &b : &a);
		if (i == 1) {
			CHECK(a.n == b.n);
			for (size_t k = 0; k < a.n && k < b.n; k++) {
				struct render_diff d;
				if (!render_compare(a.img[k], b.img[k], 0, NULL, &d)) {
					char out[1024];
					snprintf(out, sizeof out, "%s/%s-run2.png", e.outdir,
					        a.name[k]);
					render_png_write(b.img[k], out, false, NULL, 0);
					test_fail("%s: %llu pixels differ between two runs (first "
					          "at %d,%d; the second run's: %s)",
					        a.name[k], (unsigned long long)d.count, d.first_x,
					        d.first_y, out);
				}
				reference(&e, a.img[k], a.name[k]);
			}
		}
		fx_stop(&e);
	}
	release(&a);
	release(&b);
	return TEST_PASS;
}

TEST(preset)
{
	return twice(tc, preset_conf, preset_run);
}

TEST(script)
{
	return twice(tc, script_conf, script_run);
}

/* --no-animations (and --test-profile, which implies it): the window is at once where
 * its animation would end, and nothing animates. */
static int without(const struct test_ctx *tc, const char *option)
{
	const char *const args[] = {"--clock=virtual", option, NULL};
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, preset_conf, args);
	char *text = NULL;

	if (r)
		return r;
	quadrants(&e, 100, 75, true);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_ctl(&e, &text, "status", NULL) == 0 && text && !strstr(text, "animating="));
	free(text);
	pixman_image_t *img = fx_grab(&e);
	CHECK(img && reference(&e, img, "x11-anim-appear-200"));
	if (img)
		pixman_image_unref(img);
	fx_stop(&e);
	return TEST_PASS;
}

TEST(no_animations)
{
	return without(tc, "--no-animations");
}

TEST(test_profile)
{
	return without(tc, "--test-profile");
}
