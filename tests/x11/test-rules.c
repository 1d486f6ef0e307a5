/* x11 suite: picom's window rules in a running shmcomp — each rule key a window gets
 * by its class (opacity, opacity-override against the property, dim and
 * inactive-dim-fixed, corner-radius, paint, shadow, full-shadow, unredir), condition
 * targets and operators on window facts and properties, a property change evaluated
 * again, the options `rules` supersedes ignored, and `shmcomp-ctl window` naming the
 * rules that matched. Run as: test-rules CASE SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/x11/effects-env.h"

#define BG 0x204060u
#define FG 0xe0a010u

/* A pixel darker than the background in every channel by at least `by`. */
static bool darker(uint32_t got, uint32_t than, int by)
{
	for (int s = 0; s <= 16; s += 8)
		if ((int)((than >> s) & 0xff) - (int)((got >> s) & 0xff) < by)
			return false;
	return true;
}

static const char keys_conf[] =
        "background-color = \"#204060\";\n"
        "shadow-radius = 6;\n"
        "shadow-offset-x = -6;\n"
        "shadow-offset-y = -6;\n"
        "shadow-opacity = 1.0;\n"
        "inactive-dim-fixed = true;\n"
        "rules = (\n"
        "  { match = \"class_g = 'Half'\"; opacity = 0.5; },\n"
        "  { match = \"class_g = 'Dim'\"; dim = 0.5; },\n"
        "  { match = \"class_g = 'DimFixed'\"; dim = 0.5; opacity = 0.5; },\n"
        "  { match = \"class_g = 'Round'\"; corner-radius = 20; },\n"
        "  { match = \"class_g = 'Hidden'\"; paint = false; },\n"
        "  { match = \"class_g = 'Shadow' || class_g = 'Full'\"; shadow = true; },\n"
        "  { match = \"class_g = 'Full'\"; full-shadow = true; },\n"
        "  { match = \"class_g = 'RuleWins'\"; opacity = 0.25; },\n"
        "  { match = \"class_g = 'PropWins'\"; opacity = 0.25; opacity-override = false; },\n"
        "  { match = \"class_g = 'NoDirect'\"; unredir = false; }\n"
        ");\n";

/* Each key on a window of its own class. */
TEST(keys)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, keys_conf, NULL);

	if (r)
		return r;
	fx_window(&e, 10, 10, 40, 40, FG, "Half", false);
	fx_window(&e, 60, 10, 40, 40, FG, "Dim", false);
	fx_window(&e, 110, 10, 40, 40, FG, "DimFixed", false);
	fx_window(&e, 160, 10, 60, 60, FG, "Round", false);
	fx_window(&e, 230, 10, 40, 40, FG, "Hidden", false);
	fx_window(&e, 20, 100, 40, 40, FG, "Shadow", false);
	fx_window(&e, 100, 100, 40, 40, FG, "Plain", false);
	fx_window(&e, 180, 100, 40, 40, 0, "Full", true); /* all transparent */
	fx_window(&e, 250, 100, 40, 40, 0, "NoFull", true);
	xcb_window_t rule = fx_window(&e, 10, 180, 40, 40, FG, "RuleWins", false);
	xcb_window_t prop = fx_window(&e, 60, 180, 40, 40, FG, "PropWins", false);
	fx_set_cardinal(&e, rule, "_NET_WM_WINDOW_OPACITY", 0x80000000u);
	fx_set_cardinal(&e, prop, "_NET_WM_WINDOW_OPACITY", 0x80000000u);

	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, BG, 0.5), 2));
	CHECK(fx_shows(&e, 80, 30, fx_mix(FG, 0, 0.5), 2));
	/* fixed: the dim's alpha is not scaled by the window's opacity */
	CHECK(fx_shows(&e, 130, 30, fx_mix(fx_mix(FG, BG, 0.5), 0, 0.5), 2));
	CHECK(fx_shows(&e, 190, 40, FG, 0));
	CHECK(fx_shows(&e, 161, 11, BG, 0)); /* cut off by the corner */
	CHECK(fx_shows(&e, 250, 30, BG, 0));
	CHECK(fx_shows(&e, 40, 120, FG, 0));
	CHECK(darker(fx_pixel(&e, 18, 120), BG, 6));  /* the shadow left of it */
	CHECK(fx_near(fx_pixel(&e, 97, 110), BG, 0)); /* none: shadow is off by default */
	/* full-shadow: under the transparent body too */
	CHECK(darker(fx_pixel(&e, 200, 120), BG, 16));
	CHECK(fx_near(fx_pixel(&e, 270, 120), BG, 0));
	CHECK(fx_shows(&e, 30, 200, fx_mix(FG, BG, 0.25), 2));
	CHECK(fx_shows(&e, 80, 200, fx_mix(FG, BG, 0.5), 2));
	fx_stop(&e);
	return TEST_PASS;
}

static const char keys2_conf[] =
        "background-color = \"#204060\";\n"
        "shadow-radius = 6;\n"
        "shadow-offset-x = -6;\n"
        "shadow-offset-y = 6;\n"
        "shadow-opacity = 1.0;\n"
        "rules = (\n"
        "  { match = \"class_g = 'Inverted'\"; invert-color = true; },\n"
        "  { match = \"class_g = 'Hole'\"; transparent-clipping = true; },\n"
        "  { match = \"class_g = 'Dock'\"; clip-shadow-above = true; },\n"
        "  { match = \"class_g = 'Above' || class_g = 'Red'\"; shadow = true; },\n"
        "  { match = \"class_g = 'Red'\"; shadow-color = \"#ff0000\"; }\n"
        ");\n";

/* invert-color, transparent-clipping, clip-shadow-above, shadow-color. */
TEST(keys2)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, keys2_conf, NULL);

	if (r)
		return r;
	fx_window(&e, 10, 10, 40, 40, FG, "Inverted", false);
	fx_window(&e, 60, 10, 60, 60, 0x00ff00, "Under", false);
	fx_window(&e, 70, 20, 40, 40, 0x80402010u, "Hole", true); /* premultiplied, alpha 0x80 */
	fx_window(&e, 0, 200, 320, 40, 0x808080, "Dock", false);
	fx_window(&e, 40, 150, 60, 40, FG, "Above", false); /* its shadow reaches the dock */
	fx_window(&e, 200, 100, 40, 40, FG, "Red", false);
	CHECK(fx_shows(&e, 30, 30, ~FG & 0xffffffu, 0));
	/* over black, not over the green window below */
	CHECK(fx_shows(&e, 90, 40, 0x402010, 1));
	CHECK(fx_shows(&e, 65, 15, 0x00ff00, 0));
	/* the shadow falls beside the window, not on the dock */
	uint32_t beside = fx_pixel(&e, 37, 170), dock = fx_pixel(&e, 60, 202);
	test_expect(beside != BG, "no shadow beside the window (%06x)", beside);
	test_expect(dock == 0x808080, "a shadow on the dock (%06x)", dock);
	/* a red shadow: red above the background's red, the others darker */
	uint32_t red = fx_pixel(&e, 197, 120);
	test_expect((red >> 16 & 0xff) > (BG >> 16 & 0xff) + 16 && (red & 0xff) < (BG & 0xff),
	        "not a red shadow: %06x", red);
	fx_stop(&e);
	return TEST_PASS;
}

/* unredir = false: the window's updates are composited, never presented straight from
 * its pixmap; a plain window's are. */
TEST(unredir)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, keys_conf, NULL);

	if (r)
		return r;
	xcb_window_t plain = fx_window(&e, 0, 0, 160, 240, FG, "Plain", false);
	xcb_window_t nodirect = fx_window(&e, 160, 0, 160, 240, FG, "NoDirect", false);
	CHECK(fx_wait(&e) == 0);
	long long d0 = fx_stat(&e, "direct_pixels"), r0 = fx_stat(&e, "render_pixels");
	fx_fill(&e, plain, 0x00ff00, 10, 10, 50, 50);
	CHECK(fx_shows(&e, 20, 20, 0x00ff00, 0));
	long long d1 = fx_stat(&e, "direct_pixels"), r1 = fx_stat(&e, "render_pixels");
	CHECK(d1 - d0 >= 2500 && r1 == r0);
	fx_fill(&e, nodirect, 0x00ff00, 10, 10, 50, 50);
	CHECK(fx_shows(&e, 180, 20, 0x00ff00, 0));
	long long d2 = fx_stat(&e, "direct_pixels"), r2 = fx_stat(&e, "render_pixels");
	CHECK(d2 == d1 && r2 - r1 >= 2500);
	fx_stop(&e);
	return TEST_PASS;
}

static const char direct_conf[] =
        "background-color = \"#204060\";\n"
        "shadow-radius = 6;\n"
        "shadow-offset-x = -12;\n"
        "shadow-offset-y = -12;\n"
        "shadow-opacity = 1.0;\n"
        "rules = (\n"
        "  { match = \"class_g = 'Low' || class_g = 'High'\"; shadow = true; },\n"
        "  { match = \"class_g = 'Round'\"; corner-radius = 10; },\n"
        "  { match = \"class_g = 'RoundRef'\"; corner-radius = 10; unredir = false; }\n"
        ");\n";

static const char served_conf[] = "background-color = \"#204060\";\n"
                                  "fade-in-step = 0.1;\n"
                                  "fade-out-step = 0.1;\n"
                                  "fade-delta = 10;\n"
                                  "rules = (\n"
                                  "  { match = \"class_g = 'Half'\"; opacity = 0.5; },\n"
                                  "  { match = \"class_g = 'Fading'\"; fade = true; }\n"
                                  ");\n";

/* Polls `stats` until no window holds a mirror and the pool caches nothing (the mirror
 * policy: MIRROR_IDLE_MS, 3 s, without a frame that needs it, looked at every second). */
static bool mirrors_given_back(struct fx_env *e, double seconds)
{
	for (double t = 0; t < seconds; t += 0.25) {
		if (fx_stat(e, "mirrors") == 0 && fx_stat(e, "shm_bytes_cached") == 0)
			return true;
		sleep_ms(250);
	}
	fprintf(stderr, "mirrors=%lld shm_bytes_cached=%lld after %.0f s\n", fx_stat(e, "mirrors"),
	        fx_stat(e, "shm_bytes_cached"), seconds);
	return false;
}

/* Opaque window bodies that show by themselves are copied by the server into the back
 * buffer: no mirror is made for them and nothing is rendered. A translucent window over
 * one makes the mirrors it needs, given back (and the pool's cache with them) once no
 * frame needs them; a window without a mirror still fades out, from its pixmap. */
TEST(served_bodies)
{
	static const char *const virt[] = {"--clock=virtual", NULL};
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, served_conf, virt);

	if (r)
		return r;
	xcb_window_t a = fx_window(&e, 10, 10, 150, 100, FG, "A", false);
	xcb_window_t b = fx_window(&e, 80, 60, 150, 100, 0x808080, "B", false);
	xcb_window_t c = fx_window(&e, 250, 10, 60, 60, 0x406080, "C", false);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 30, 30, FG, 0) && fx_shows(&e, 200, 140, 0x808080, 0) &&
	        fx_shows(&e, 280, 40, 0x406080, 0) && fx_shows(&e, 240, 200, BG, 0));
	long long s0 = fx_stat(&e, "served_pixels"), r0 = fx_stat(&e, "render_pixels");
	test_expect(s0 >= 60 * 60, "served at map: %lld", s0);
	test_expect(fx_stat(&e, "mirrors") == 0, "mirrors at map: %lld", fx_stat(&e, "mirrors"));
	fx_fill(&e, a, 0x00ff00, 10, 10, 40, 40);
	fx_fill(&e, a, 0x00ff00, 100, 80, 30, 20); /* under B: not on screen */
	fx_fill(&e, b, 0xff0000, 100, 60, 40, 30);
	fx_fill(&e, c, 0x0000ff, 10, 10, 30, 30);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 40, 40, 0x00ff00, 0) && fx_shows(&e, 125, 100, 0x808080, 0) &&
	        fx_shows(&e, 200, 135, 0xff0000, 0) && fx_shows(&e, 275, 35, 0x0000ff, 0));
	/* what is rendered is background: the second back buffer's first frame */
	long long r1 = fx_stat(&e, "render_pixels"), visible = 150 * 100 * 2 - 80 * 50 + 60 * 60;
	test_expect(r1 - r0 <= 320 * 240 - visible, "rendered %lld pixels", r1 - r0);
	test_expect(fx_stat(&e, "mirrors") == 0, "mirrors: %lld", fx_stat(&e, "mirrors"));

	/* a translucent window over A and B: theirs are composited, from mirrors */
	xcb_window_t half = fx_window(&e, 60, 40, 60, 60, 0xffffff, "Half", false);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 70, 50, fx_mix(0xffffff, FG, 0.5), 2));
	CHECK(fx_shows(&e, 100, 80, fx_mix(0xffffff, 0x808080, 0.5), 2));
	long long m = fx_stat(&e, "mirrors");
	test_expect(m >= 2, "mirrors under the translucent window: %lld", m);
	test_expect(fx_stat(&e, "render_pixels") > r1, "nothing rendered under it");
	xcb_destroy_window(e.c, half);
	xcb_flush(e.c);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 70, 50, FG, 0) && fx_shows(&e, 100, 80, 0x808080, 0));
	CHECK(mirrors_given_back(&e, 10));
	CHECK(fx_shows(&e, 70, 50, FG, 0) && fx_shows(&e, 200, 135, 0xff0000, 0));

	/* fades in from a mirror; once that is given back, fades out from its pixmap */
	xcb_window_t f = fx_window(&e, 250, 150, 60, 60, FG, "Fading", false);
	CHECK(fx_ctl(&e, NULL, "step", "100", NULL) == 0);
	CHECK(fx_shows(&e, 280, 180, FG, 0));
	CHECK(mirrors_given_back(&e, 10));
	xcb_unmap_window(e.c, f);
	xcb_flush(e.c);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 280, 180, FG, 0)); /* the fade starts at 1 */
	CHECK(fx_ctl(&e, NULL, "step", "50", NULL) == 0);
	CHECK(fx_shows(&e, 280, 180, fx_mix(FG, BG, 0.5), 2));
	CHECK(fx_ctl(&e, NULL, "step", "50", NULL) == 0);
	CHECK(fx_shows(&e, 280, 180, BG, 0));
	test_expect(fx_stat(&e, "x_errors") == 0, "x_errors: %lld", fx_stat(&e, "x_errors"));
	fx_stop(&e);
	return TEST_PASS;
}

/* The direct path serves a shadowed opaque window's body, but not where a shadow from
 * above falls on it, and not a rounded window's. */
/* A frame paints its damage and nothing more, counted over all four ways a pixel reaches
 * a back buffer or the screen, and the screen stays right. (When frames come faster than
 * the IdleNotify of the buffer just presented, they alternate between the two buffers;
 * each then used to be made whole, the previous frame's damage copied again from the
 * other. This test's frames, a wait apart, reuse one buffer: it cannot force that case,
 * which the benchmark's many and move rows do.) */
TEST(damage_only)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, served_conf, NULL);

	if (r)
		return r;
	/* translucent: every change of it is rendered, never served or presented direct */
	xcb_window_t w = fx_window(&e, 20, 20, 200, 150, FG, "Half", false);
	CHECK(fx_wait(&e) == 0);
	uint32_t one = fx_mix(0x00ff00, BG, 0.5), two = fx_mix(0xff0000, BG, 0.5);
	for (int i = 0; i < 4; i++) {
		const char *names[] = {
		        "render_pixels", "copied_pixels", "served_pixels", "direct_pixels"};
		long long before = 0, after = 0;
		for (int k = 0; k < 4; k++)
			before += fx_stat(&e, names[k]);
		int16_t x = (int16_t)(10 + 40 * i);
		fx_fill(&e, w, i % 2 ? 0xff0000 : 0x00ff00, x, 10, 20, 20);
		CHECK(fx_wait(&e) == 0);
		for (int k = 0; k < 4; k++)
			after += fx_stat(&e, names[k]);
		test_expect(after - before == 20 * 20, "update %d: %lld pixels painted for 400", i,
		        after - before);
	}
	for (int i = 0; i < 4; i++)
		CHECK(fx_shows(&e, (int16_t)(40 + 40 * i), 40, i % 2 ? two : one, 2));
	CHECK(fx_shows(&e, 20 + 5, 20 + 5, fx_mix(FG, BG, 0.5), 2));
	fx_stop(&e);
	return TEST_PASS;
}

/* Where no window paints, the root's background is copied by the server from the
 * probe's pixmap into the back buffer: a window moved over it renders nothing (with a
 * background-color set, pixman fills the colour instead). */
TEST(served_background)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, "", NULL);

	if (r)
		return r;
	uint32_t bg = fx_pixel(&e, 300, 220); /* never covered */
	xcb_window_t w = fx_window(&e, 10, 10, 100, 80, FG, "A", false);
	CHECK(fx_wait(&e) == 0);
	CHECK(fx_shows(&e, 20, 20, FG, 0));
	long long r0 = fx_stat(&e, "render_pixels"), s0 = fx_stat(&e, "served_pixels");
	long long d0 = fx_stat(&e, "direct_pixels");
	uint32_t pos[] = {150, 120};
	xcb_configure_window(e.c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	xcb_flush(e.c);
	CHECK(fx_wait(&e) == 0);
	long long r1 = fx_stat(&e, "render_pixels"), s1 = fx_stat(&e, "served_pixels");
	long long d1 = fx_stat(&e, "direct_pixels");
	test_expect(r1 == r0, "rendered %lld pixels for a move over the background", r1 - r0);
	/* the old place is background, served; the new one the body, presented direct */
	test_expect(s1 - s0 >= 100 * 80, "served %lld pixels of the 8000 uncovered", s1 - s0);
	test_expect(s1 - s0 + d1 - d0 >= 100 * 80 * 2, "served %lld and direct %lld of 16000",
	        s1 - s0, d1 - d0);
	CHECK(fx_shows(&e, 20, 20, bg, 0) && fx_shows(&e, 105, 85, bg, 0));
	CHECK(fx_shows(&e, 160, 130, FG, 0) && fx_shows(&e, 245, 195, FG, 0));
	fx_stop(&e);
	return TEST_PASS;
}

TEST(direct_shadow)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, direct_conf, NULL);

	if (r)
		return r;
	xcb_window_t low = fx_window(&e, 20, 20, 120, 100, FG, "Low", false);
	fx_window(&e, 100, 60, 80, 80, 0x808080, "High", false); /* shadow from (88, 48) */
	xcb_window_t round = fx_window(&e, 200, 20, 100, 100, FG, "Round", false);
	CHECK(fx_shows(&e, 120, 80, 0x808080, 0));
	CHECK(fx_shows(&e, 201, 21, BG, 0));   /* the rules are applied: cut off by the corner */
	uint32_t shade = fx_pixel(&e, 97, 57); /* High's shadow on Low */
	test_expect(((shade >> 8) & 0xff) < 0x90, "no shadow on Low: %06x", shade);
	long long d0 = fx_stat(&e, "direct_pixels"), r0 = fx_stat(&e, "render_pixels");
	fx_fill(&e, low, 0x00ff00, 10, 10, 40, 40); /* clear of High's shadow */
	CHECK(fx_shows(&e, 40, 40, 0x00ff00, 0));
	long long d1 = fx_stat(&e, "direct_pixels"), r1 = fx_stat(&e, "render_pixels");
	test_expect(d1 - d0 >= 1600 && r1 == r0, "direct %lld, rendered %lld", d1 - d0, r1 - r0);
	/* all of Low: its body direct but where High and its shadow lie, which is composited */
	fx_fill(&e, low, 0x00ff00, 0, 0, 120, 100);
	CHECK(fx_shows(&e, 30, 110, 0x00ff00, 0));
	long long d2 = fx_stat(&e, "direct_pixels"), r2 = fx_stat(&e, "render_pixels");
	test_expect(d2 - d1 >= 120 * 100 - 52 * 72 && r2 > r1, "direct %lld, rendered %lld",
	        d2 - d1, r2 - r1);
	uint32_t now = fx_pixel(&e, 97, 57), body = fx_pixel(&e, 120, 80);
	test_expect(((now >> 8) & 0xff) < 0xe0 && (now & 0xff00ff) == 0,
	        "High's shadow lost on Low: %06x", now);
	test_expect(body == 0x808080, "High's body: %06x", body);
	/* rounded (radius 10): the body but the 10x10 squares at its corners is presented
	 * straight from the pixmap; what a fill reaches of a corner square is composited */
	fx_fill(&e, round, 0x00ff00, 10, 10, 40, 40);
	CHECK(fx_shows(&e, 220, 40, 0x00ff00, 0));
	long long d3 = fx_stat(&e, "direct_pixels"), r3 = fx_stat(&e, "render_pixels");
	test_expect(d3 - d2 >= 1600 && r3 == r2, "rounded, no corner: direct %lld, rendered %lld",
	        d3 - d2, r3 - r2);
	fx_fill(&e, round, 0xff0000, 0, 0, 30, 30);
	CHECK(fx_shows(&e, 215, 35, 0xff0000, 0));
	long long d4 = fx_stat(&e, "direct_pixels"), r4 = fx_stat(&e, "render_pixels");
	test_expect(d4 - d3 >= 30 * 30 - 100 && r4 - r3 >= 100,
	        "rounded, a corner: direct %lld, rendered %lld", d4 - d3, r4 - r3);
	CHECK(fx_shows(&e, 201, 21, BG, 0)); /* still cut off by the corner */
	fx_stop(&e);
	return TEST_PASS;
}

/* A rounded window presented straight from its pixmap but at the corners shows, pixel for
 * pixel, what the same window composited whole (unredir = false) shows, through fills that
 * cross its corners, its edges and its middle. */
TEST(direct_rounded)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, direct_conf, NULL);
	static const int16_t fills[][4] = {{0, 0, 30, 30}, {70, 0, 30, 15}, {85, 85, 15, 15},
	        {0, 60, 100, 40}, {5, 5, 90, 90}, {3, 40, 8, 8}, {94, 2, 6, 96}, {40, 40, 20, 20}};
	static const uint32_t colours[] = {
	        0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0x00ffff, 0xff00ff, 0x808080, 0xffffff};

	if (r)
		return r;
	xcb_window_t win[2] = {fx_window(&e, 200, 10, 100, 100, FG, "Round", false),
	        fx_window(&e, 200, 130, 100, 100, FG, "RoundRef", false)};
	CHECK(fx_wait(&e) == 0);
	long long d0 = fx_stat(&e, "direct_pixels");
	for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
		for (int k = 0; k < 2; k++)
			fx_fill(&e, win[k], colours[f], fills[f][0], fills[f][1],
			        (uint16_t)fills[f][2], (uint16_t)fills[f][3]);
		CHECK(fx_wait(&e) == 0);
		pixman_image_t *img = fx_grab(&e);
		CHECK(img != NULL);
		uint32_t *px = pixman_image_get_data(img);
		int stride = pixman_image_get_stride(img) / 4, bad = 0;
		/* the two windows and 10 pixels around them (the screen is 320x240) */
		for (int y = -10; y < 108; y++)
			for (int x = 190; x < 310; x++) {
				uint32_t a = px[(10 + y) * stride + x] & 0xffffff;
				uint32_t b = px[(130 + y) * stride + x] & 0xffffff;
				if (a != b && bad++ < 3)
					fprintf(stderr,
					        "fill %zu: (%d, %d) of the window is %06x, %06x "
					        "composited\n",
					        f, x - 200, y, a, b);
			}
		pixman_image_unref(img);
		test_expect(
		        bad == 0, "fill %zu: %d pixels differ from the composited window", f, bad);
	}
	long long d1 = fx_stat(&e, "direct_pixels");
	test_expect(d1 - d0 >= 4000, "only %lld pixels presented direct", d1 - d0);
	fx_stop(&e);
	return TEST_PASS;
}

static const char cond_conf[] =
        "background-color = \"#204060\";\n"
        "opacity-rule = [ \"10:class_g = 'Superseded'\" ];\n"
        "inactive-dim = 0.9;\n"
        "rules = (\n"
        "  { match = \"name *= 'alf'\"; opacity = 0.5; },\n"
        "  { match = \"window_type = 'dialog'\"; dim = 0.5; },\n"
        "  { match = \"window_type = 'utility'\"; paint = false; },\n"
        "  { match = \"_TEST_FLAG = 1\"; opacity = 0.5; },\n"
        "  { match = \"_TEST_ATOMS@[*] = '_TEST_ATOM_B'\"; dim = 0.5; },\n"
        "  { match = \"_TEST_STR ~= '^ab+c$'\"; paint = false; },\n"
        "  { match = \"width >= 100 && argb\"; paint = false; },\n"
        "  { match = \"class_i %= 'w*d' && !class_g ?= 'WILDER'\"; dim = 0.5; },\n"
        "  { match = \"x > 200 && y < 60 && override_redirect\"; opacity = 0.5; }\n"
        ");\n";

/* Targets and operators; a property set, changed and deleted; superseded options. */
TEST(conditions)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, cond_conf, NULL);
	static const char *const dialog[] = {"_NET_WM_WINDOW_TYPE_DIALOG"};
	static const char *const two[] = {
	        "_NET_WM_WINDOW_TYPE_NORMAL", "_NET_WM_WINDOW_TYPE_UTILITY"};
	static const char *const atoms[] = {"_TEST_ATOM_A", "_TEST_ATOM_B"};

	if (r)
		return r;
	xcb_window_t named = fx_window(&e, 10, 10, 40, 40, FG, NULL, false);
	fx_set_string(&e, named, "WM_NAME", "half");
	xcb_window_t dlg = fx_window(&e, 60, 10, 40, 40, FG, NULL, false);
	fx_set_atoms(&e, dlg, "_NET_WM_WINDOW_TYPE", dialog, 1);
	xcb_window_t util = fx_window(&e, 110, 10, 40, 40, FG, NULL, false);
	fx_set_atoms(&e, util, "_NET_WM_WINDOW_TYPE", two, 2); /* the second type counts */
	xcb_window_t flag = fx_window(&e, 160, 10, 40, 40, FG, NULL, false);
	xcb_window_t list = fx_window(&e, 10, 100, 40, 40, FG, NULL, false);
	fx_set_atoms(&e, list, "_TEST_ATOMS", atoms, 2);
	xcb_window_t str = fx_window(&e, 60, 100, 40, 40, FG, NULL, false);
	fx_set_string(&e, str, "_TEST_STR", "abbbc");
	fx_window(&e, 110, 100, 100, 40, 0xff000000u | FG, NULL, true);
	fx_window(&e, 220, 100, 40, 40, FG, "wild", false);
	fx_window(&e, 270, 100, 40, 40, FG, "Wilder", false); /* not: class_g ?= 'WILDER' */
	fx_window(&e, 230, 10, 40, 40, FG, NULL, false);
	fx_window(&e, 10, 180, 40, 40, FG, "Superseded", false);

	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, BG, 0.5), 2));
	CHECK(fx_shows(&e, 80, 30, fx_mix(FG, 0, 0.5), 2));
	CHECK(fx_shows(&e, 130, 30, BG, 0));
	CHECK(fx_shows(&e, 180, 30, FG, 0));
	CHECK(fx_shows(&e, 30, 120, fx_mix(FG, 0, 0.5), 2));
	CHECK(fx_shows(&e, 80, 120, BG, 0));
	CHECK(fx_shows(&e, 150, 120, BG, 0));
	CHECK(fx_shows(&e, 240, 120, fx_mix(FG, 0, 0.5), 2));
	CHECK(fx_shows(&e, 290, 120, FG, 0));
	CHECK(fx_shows(&e, 250, 30, fx_mix(FG, BG, 0.5), 2));
	/* superseded by rules: neither opacity-rule nor inactive-dim applies */
	CHECK(fx_shows(&e, 30, 200, FG, 0));

	/* the rule follows the property */
	fx_set_cardinal(&e, flag, "_TEST_FLAG", 1);
	CHECK(fx_shows(&e, 180, 30, fx_mix(FG, BG, 0.5), 2));
	fx_set_cardinal(&e, flag, "_TEST_FLAG", 2);
	CHECK(fx_shows(&e, 180, 30, FG, 0));
	fx_set_cardinal(&e, flag, "_TEST_FLAG", 1);
	CHECK(fx_shows(&e, 180, 30, fx_mix(FG, BG, 0.5), 2));
	fx_delete(&e, flag, "_TEST_FLAG");
	CHECK(fx_shows(&e, 180, 30, FG, 0));
	fx_set_string(&e, str, "_TEST_STR", "abd");
	CHECK(fx_shows(&e, 80, 120, FG, 0));
	fx_set_atoms(&e, list, "_TEST_ATOMS", atoms, 1);
	CHECK(fx_shows(&e, 30, 120, FG, 0));
	fx_set_string(&e, named, "WM_NAME", "whole");
	CHECK(fx_shows(&e, 30, 30, FG, 0));
	fx_stop(&e);
	return TEST_PASS;
}

/* `shmcomp-ctl window`: the rules that matched and what they set, with their lines. */
static const char margin_conf[] = "background-color = \"#204060\";\n"
                                  "shadow-radius = 6;\n"
                                  "shadow-offset-x = -12;\n"
                                  "shadow-offset-y = -12;\n"
                                  "shadow-opacity = 0.5;\n"
                                  "fading = false;\n"
                                  "rules = ( { match = \"class_g = 'High'\"; shadow = true; } );\n";

/* Low's stripes: 8 px wide, red then blue from x = 0 (swapped: blue first). */
static uint32_t stripe(int x, bool swapped)
{
	return ((x / 8) % 2 == 0) != swapped ? 0xff0000u : 0x0000ffu;
}

static void stripes(struct fx_env *e, xcb_window_t w, int16_t from, bool swapped)
{
	for (int16_t x = (int16_t)(from - from % 8); x < FX_SCREEN_W; x = (int16_t)(x + 8))
		fx_fill(e, w, stripe(x, swapped), x, 0, 8, FX_SCREEN_H);
}

/* The inner 3 px of High's shadow (its mask near whole: opacity about 0.5) left of and
 * above its body at (hx, hy), 60x40, against Low's stripes (swapped from x = `from` on);
 * returns the pixels that are not the stripe's colour at about half: its channel 0x70 to
 * 0x98, the others 0. */
static int band_errors(struct fx_env *e, int hx, int hy, int from, int step)
{
	pixman_image_t *img = fx_grab(e);
	int bad = 0;

	if (!img)
		return -1;
	uint32_t *px = pixman_image_get_data(img);
	int stride = pixman_image_get_stride(img) / 4;
	for (int y = hy - 3; y < hy + 22; y++)
		for (int x = hx - 3; x < hx + 42; x++) {
			if (x >= hx && y >= hy) /* High's body */
				continue;
			uint32_t want = stripe(x, x >= from);
			uint32_t got = px[y * stride + x] & 0xffffff;
			uint32_t level = (got & want) / (want & -want); /* its channel */
			if (((got & ~want) || level < 0x70 || level > 0x98) && bad++ < 3)
				fprintf(stderr, "step %d: (%d, %d) is %06x, not %06x\n", step, x, y,
				        got, want);
		}
	pixman_image_unref(img);
	return bad;
}

/* A window that has not drawn for a second is fetched a margin around what a frame needs
 * of it: a shadowed window moving over it needs a round trip for its pixels every few
 * steps, not at every step, and the shadow shows its pixels as they are, also where it
 * drew again just before (that damage is fetched again, margin or not). */
TEST(fetch_margin)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, margin_conf, NULL);

	if (r)
		return r;
	xcb_window_t low = fx_window(&e, 0, 0, FX_SCREEN_W, FX_SCREEN_H, 0x000000, "Low", false);
	stripes(&e, low, 0, false);
	xcb_window_t high = fx_window(&e, 30, 30, 60, 40, 0x808080, "High", false);
	CHECK(fx_shows(&e, 50, 50, 0x808080, 0));
	usleep(1200 * 1000); /* Low is still */
	long long w0 = fx_stat(&e, "fetch_waits");
	int bad = 0, hx = 30, hy = 30;
	for (int i = 1; i <= 25; i++) {
		hx += 6;
		hy += 3;
		uint32_t v[] = {(uint32_t)hx, (uint32_t)hy};
		xcb_configure_window(e.c, high, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, v);
		x_sync(e.c);
		CHECK(fx_wait(&e) == 0);
		bad += band_errors(&e, hx, hy, FX_SCREEN_W, i);
	}
	long long w1 = fx_stat(&e, "fetch_waits");
	fprintf(stderr, "25 steps over a still window: %lld fetch round trips\n", w1 - w0);
	test_expect(bad == 0, "%d pixels of the shadow do not show Low as it is", bad);
	test_expect(w1 - w0 <= 8, "%lld fetch round trips for 25 steps", w1 - w0);
	/* Low draws again ahead of High (inside what the margin fetched), High moves on */
	int from = hx + 48 - (hx + 48) % 8;
	stripes(&e, low, (int16_t)from, true);
	x_sync(e.c);
	for (int i = 26; i <= 32; i++) {
		hx += 6;
		hy += 3;
		uint32_t v[] = {(uint32_t)hx, (uint32_t)hy};
		xcb_configure_window(e.c, high, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, v);
		x_sync(e.c);
		CHECK(fx_wait(&e) == 0);
		bad += band_errors(&e, hx, hy, from, i);
	}
	test_expect(bad == 0, "%d pixels of the shadow do not show Low as it is", bad);
	fx_stop(&e);
	return TEST_PASS;
}

static const char move_conf[] = "background-color = \"#204060\";\n"
                                "fading = false;\n"
                                "rules = ( { match = \"class_g = 'Half'\"; opacity = 0.5; } );\n";

/* Pixels of Half (grey at opacity 0.5, 60x40 at (hx, hy)) that do not show it over Low's
 * stripes: a row through its middle. */
static int half_errors(struct fx_env *e, int hx, int hy, uint32_t grey, const char *what)
{
	int bad = 0;

	for (int x = hx + 2; x < hx + 58; x += 3) {
		uint32_t got = fx_pixel(e, (int16_t)x, (int16_t)(hy + 20));
		uint32_t want = fx_mix(grey, stripe(x, false), 0.5);
		if (!fx_near(got, want, 2) && bad++ < 3)
			fprintf(stderr, "%s: (%d, %d) is %06x, not %06x\n", what, x, hy + 20, got,
			        want);
	}
	return bad;
}

static void move_to(struct fx_env *e, xcb_window_t w, int x, int y)
{
	uint32_t v[] = {(uint32_t)x, (uint32_t)y};
	xcb_configure_window(e->c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, v);
}

/* A translucent window moved is not fetched again, nor painted twice: the Damage event
 * the server sends for the move (its old place, at its new one) is recognised as that
 * and not as drawing. A fill sent right after a move, and a move that starts partly off
 * the screen (its report is not all of it: taken as damage), still show. */
TEST(move_report)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, move_conf, NULL);

	if (r)
		return r;
	xcb_window_t low = fx_window(&e, 0, 0, FX_SCREEN_W, FX_SCREEN_H, 0x000000, "Low", false);
	stripes(&e, low, 0, false);
	xcb_window_t half = fx_window(&e, 30, 30, 60, 40, 0x808080, "Half", false);
	CHECK(fx_wait(&e) == 0);
	usleep(1200 * 1000); /* Low is still: its pixels come with a margin */
	long long w0 = fx_stat(&e, "fetch_waits"), m0 = fx_stat(&e, "move_reports");
	int bad = 0, hx = 30, hy = 30;
	for (int i = 0; i < 20; i++) {
		hx += 6;
		hy += 3;
		move_to(&e, half, hx, hy);
		x_sync(e.c);
		CHECK(fx_wait(&e) == 0);
		bad += half_errors(&e, hx, hy, 0x808080, "moved");
	}
	long long w1 = fx_stat(&e, "fetch_waits"), m1 = fx_stat(&e, "move_reports");
	fprintf(stderr, "20 moves: %lld move reports, %lld fetch round trips\n", m1 - m0, w1 - w0);
	test_expect(bad == 0, "%d pixels do not show the moved window", bad);
	test_expect(m1 - m0 == 20, "%lld of 20 moves' reports recognised", m1 - m0);
	test_expect(w1 - w0 <= 6, "%lld fetch round trips for 20 moves", w1 - w0);
	/* a move and a fill of all of it, one right after the other */
	hx += 6;
	move_to(&e, half, hx, hy);
	fx_fill(&e, half, 0xffffff, 0, 0, 60, 40);
	CHECK(fx_wait(&e) == 0);
	test_expect(half_errors(&e, hx, hy, 0xffffff, "moved and filled") == 0,
	        "the fill after a move does not show");
	/* partly off the screen, then back: its report is not all of it */
	move_to(&e, half, -20, hy);
	x_sync(e.c);
	CHECK(fx_wait(&e) == 0);
	fx_fill(&e, half, 0x404040, 0, 0, 60, 40);
	CHECK(fx_wait(&e) == 0);
	move_to(&e, half, hx, hy);
	x_sync(e.c);
	CHECK(fx_wait(&e) == 0);
	test_expect(half_errors(&e, hx, hy, 0x404040, "back on screen") == 0,
	        "the window back from the edge does not show its last fill");
	fx_stop(&e);
	return TEST_PASS;
}

TEST(ctl_window)
{
	struct fx_env e = fx_env_of(tc);
	int r = fx_start(&e, cond_conf, NULL);
	char id[16], *text = NULL, want[600];

	if (r)
		return r;
	xcb_window_t named = fx_window(&e, 10, 10, 40, 40, FG, NULL, false);
	fx_set_string(&e, named, "WM_NAME", "half");
	CHECK(fx_shows(&e, 30, 30, fx_mix(FG, BG, 0.5), 2));
	snprintf(id, sizeof id, "0x%x", named);
	CHECK(fx_ctl(&e, &text, "window", "--window", id, NULL) == 0);
	CHECK(text && strstr(text, "\nopacity=0.50")); /* the old keys stay */
	CHECK(text && strstr(text, "\nconfig.rules.matched=0\n"));
	CHECK(text && strstr(text, "\nconfig.opacity=0.5\n"));
	snprintf(want, sizeof want, "\nconfig.opacity.by=rules[0] %s:5\n", e.conf);
	CHECK(text && strstr(text, want));
	CHECK(text && strstr(text, "\nconfig.dim.by=default\n"));
	if (test_failures())
		fprintf(stderr, "%s", text ? text : "(no text)");
	free(text);
	fx_stop(&e);
	return TEST_PASS;
}
