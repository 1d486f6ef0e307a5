/* Not a test: what an animation frame and a blurred frame cost shmcomp, in its own CPU
 * time (/proc/PID/schedstat, nanoseconds on a CPU) per frame, on a private Xvfb
 * 1280x800x24 with a 400x300 window over one-pixel stripes. Animations on the virtual
 * clock, each lasting exactly the frames measured: `shmcomp-ctl step 16` per frame (the
 * request's handling included). Blur: a translucent blurred window
 * over a pattern, (a) a 400x300 change below it, (b) moving it by 8 px, (c) another
 * window updating elsewhere while it stays idle; one `wait` per update.
 * Run as: bench-fx SHMCOMP SHMCOMP_CTL BUILDDIR SRCDIR [FRAMES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/x11/effects-env.h"

#define SW 1280
#define SH 800

static uint64_t cpu_ns(pid_t pid)
{
	char path[64], buf[128];
	unsigned long long ns = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	if (fgets(buf, sizeof buf, f))
		sscanf(buf, "%llu", &ns);
	fclose(f);
	return ns;
}

/* One-pixel stripes over the screen. */
static xcb_window_t pattern(struct fx_env *e)
{
	xcb_window_t w = fx_window(e, 0, 0, SW, SH, 0, "Pattern", false);

	for (int16_t x = 1; x < SW; x += 2)
		fx_fill(e, w, 0xffffff, x, 0, 1, SH);
	return w;
}

/* The server with the pattern on it, then shmcomp (which meets the pattern mapped: no
 * animation opens it). */
static int start(struct fx_env *e, const char *conf, const char *const *args, xcb_window_t *below)
{
	static const char *const server[] = {"-screen", "0", "1280x800x24", NULL};
	int r = xserver_start(&e->xs, "Xvfb", server);

	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	*below = pattern(e);
	snprintf(e->conf, sizeof e->conf, "%s/bench-fx.conf", e->outdir);
	snprintf(e->log, sizeof e->log, "%s/bench-fx.log", e->outdir);
	write_file(e->conf, conf);
	return fx_start_comp(e, args);
}

static double anim_cost(const struct test_ctx *tc, const char *name, const char *script, int frames)
{
	static const char *const virt[] = {"--clock=virtual", "--log-level", "warn", NULL};
	struct fx_env e = fx_env_of(tc);
	char conf[2048];
	const char *only = getenv("BENCH_FX_ONLY");

	if (only && !strstr(name, only))
		return 0;
	/* the animation lasts exactly the frames measured */
	snprintf(conf, sizeof conf,
	        "shadow = true;\nanimations = ( { triggers = [ \"open\" ]; %s } );\n", script);
	for (char *d; (d = strstr(conf, "DURATION"));) {
		char num[16];
		int n = snprintf(num, sizeof num, "%-8.3f", frames * 0.016);
		memcpy(d, num, (size_t)n < 8 ? (size_t)n : 8);
	}
	xcb_window_t below;
	if (start(&e, conf, virt, &below))
		return -1;
	fx_window(&e, 400, 250, 400, 300, 0xe0a010, "Anim", false);
	fx_wait(&e);
	if (getenv("BENCH_FX_PAUSE")) { /* attach a profiler */
		printf("pid %d\n", (int)e.comp);
		fflush(stdout);
		sleep(3);
	}
	uint64_t t0 = cpu_ns(e.comp);
	for (int i = 0; i < frames; i++)
		fx_ctl(&e, NULL, "step", "16", NULL);
	double ms = (double)(cpu_ns(e.comp) - t0) / 1e6 / frames;
	printf("%-34s %8.3f ms/frame, %lld pixels repainted in the last\n", name, ms,
	        fx_stat(&e, "last_frame_pixels"));
	fx_stop(&e);
	return ms;
}

static void blur_cost(const struct test_ctx *tc, const char *name, const char *blur, int frames)
{
	static const char *const args[] = {"--log-level", "warn", NULL};
	struct fx_env e = fx_env_of(tc);
	char conf[1024];
	const char *only = getenv("BENCH_FX_ONLY");

	if (only && !strstr(name, only))
		return;
	snprintf(conf, sizeof conf, "blur-background = true;\n%s\n", blur);
	xcb_window_t below;
	if (start(&e, conf, args, &below))
		return;
	xcb_window_t glass = fx_window(&e, 400, 250, 400, 300, 0x40202020u, "Glass", true);
	xcb_window_t other = fx_window(&e, 20, 20, 100, 100, 0x808080, "Other", false);
	fx_wait(&e);
	double ms[3];
	for (int k = 0; k < 3; k++) {
		uint64_t t0 = cpu_ns(e.comp);
		for (int i = 0; i < frames; i++) {
			if (k == 0) {
				fx_fill(&e, below, i & 1 ? 0x406080 : 0x804020, 400, 250, 400, 300);
			} else if (k == 1) {
				uint32_t pos[2] = {(uint32_t)(400 + (i & 1 ? 8 : 0)), 250};
				xcb_configure_window(
				        e.c, glass, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
				x_sync(e.c);
			} else {
				fx_fill(&e, other, i & 1 ? 0x406080 : 0x804020, 0, 0, 100, 100);
			}
			fx_wait(&e);
		}
		ms[k] = (double)(cpu_ns(e.comp) - t0) / 1e6 / frames;
	}
	printf("%-34s %8.3f %8.3f %8.3f ms/update (below, moving, idle)\n", name, ms[0], ms[1],
	        ms[2]);
	fx_stop(&e);
}

TEST(run)
{
	int frames = atoi(test_arg_or(tc, 4, "100"));

	printf("animation frames, 400x300 window, shmcomp's CPU per `step 16`:\n");
	anim_cost(tc, "no script (a plain step)", "opacity = 1;", frames);
	anim_cost(tc, "appear (scale, opacity, shadow)",
	        "preset = \"appear\"; duration = DURATION;", frames);
	anim_cost(tc, "slide-in (offset, crop, shadow)",
	        "preset = \"slide-in\"; duration = DURATION;", frames);
	anim_cost(tc, "script (offset-x linear, shadow)",
	        "offset-x = { curve = \"linear\"; duration = DURATION; start = -300; end = 0; };",
	        frames);
	printf("blur, 400x300 translucent window:\n");
	blur_cost(tc, "none", "blur-method = \"none\";", frames);
	blur_cost(tc, "box 3", "blur-method = \"box\";\nblur-size = 3;", frames);
	blur_cost(tc, "gaussian 10 (deviation 5)",
	        "blur-method = \"gaussian\";\nblur-size = 10;\nblur-deviation = 5.0;", frames);
	blur_cost(
	        tc, "kernel 7x7box", "blur-method = \"kernel\";\nblur-kern = \"7x7box\";", frames);
	blur_cost(
	        tc, "dual_kawase 5", "blur-method = \"dual_kawase\";\nblur-strength = 5;", frames);
	return TEST_PASS;
}
