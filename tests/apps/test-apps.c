/* Real applications screenshot through shmcomp-run, the way doc/screenshot-testing.md
 * tells a test author to: start the app, `shmcomp-ctl wait --settled --class CLASS`, then
 * `shmcomp-ctl screenshot`, with no sleep. Each case runs its app RUNS times, each time on
 * fresh servers (`shmcomp-run --test-profile --config /dev/null`), and checks:
 *   - the settled shot is the finished screen: equal to a shot taken 3 s later (a terminal's
 *     prompt, a page once loaded, every widget drawn);
 *   - the settled shots of all runs are identical (no caret blink, no toolkit animation);
 *   - the shot shows the application (more than a few colours);
 *   - `stats` ends with x_errors=0;
 *   - csd cases: the 32-bit client-side frame (shadow and rounded corners) and a popup menu,
 *     captured with their alpha (`screenshot --alpha`, `--popup`), under a window manager
 *     that draws no frame of its own.
 * Prints, per run, the time from starting the app to the settled shot. Suite apps: the plain
 * build only (scripts/test), never in parallel with other tests (the times are real ones).
 * Usage: test-apps CASE SHMCOMP-RUN SHMCOMP SHMCOMP-CTL APP-INPUT. A case's files are in
 * /tmp/test-apps-*, removed when it passes. For measurements (not the suite's settings):
 * APPS_RUNS=N runs N times (1 to 20), APPS_PROFILE=0 leaves --test-profile out. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pixman.h>

#include "render/render.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

#define RUNS 3 /* APPS_RUNS overrides it */
#define MAX_RUNS 20
#define LATER_S 3 /* the finished screen: this long after the settled shot */

struct app {
	const char *name;
	const char *need;  /* the program that must be installed */
	const char *cls;   /* --class of the window waited for */
	const char *start; /* shell words; $D is the case's directory */
	const char *wm;    /* --wm, or NULL */
	bool busy_first;   /* the first screen animates for ever: wait for its first frame only */
	const char *then;  /* shell commands once settled (a click), or NULL */
	bool csd;          /* check the 32-bit frame and a popup menu with alpha */
	int colours;       /* at least this many colours in the shot; 0: 16 */
};

#define QT5 "/usr/lib/x86_64-linux-gnu/qt5/examples/widgets/widgets"
#define CHROMIUM                                                                                   \
	"chromium --no-sandbox --test-type --user-data-dir=\"$D/profile-$N\" --no-first-run "      \
	"--window-position=0,0 --window-size=900,640 \"file://$D/page.html\""

static const struct app apps[] = {
        /* The shell's prompt comes after the window's first drawing. */
        {.name = "xterm",
                .need = "xterm",
                .cls = "XTerm",
                .start = "xterm -geometry 80x24+10+10",
                .colours = 2},
        {.name = "urxvt",
                .need = "urxvt",
                .cls = "URxvt",
                .start = "urxvt -depth 32 -bg rgba:0000/0000/2000/c000 -fg white "
                         "-geometry 80x24+10+10",
                .colours = 2},
        {.name = "gtk3-demo", .need = "gtk3-demo", .cls = "gtk3-demo", .start = "gtk3-demo"},
        /* Framed by openbox: the frame is the toplevel, the app its client. */
        {.name = "gtk3-demo-openbox",
                .need = "openbox",
                .cls = "gtk3-demo",
                .start = "gtk3-demo",
                .wm = "openbox"},
        /* Page 1 animates for ever (a pulsing progress bar, the app's own timers: 5 to
         * 22 frames a second): the first wait is for its first frame only (drawn and
         * on screen: quiet periods 0); page 2 is still. The stack switcher is in the middle of the
         * header bar. The wait after the click gets page 2: input holds the screen until the app
         * answered. */
        {.name = "gtk4-widget-factory",
                .need = "gtk4-widget-factory",
                .cls = "gtk4-widget-factory",
                .start = "gtk4-widget-factory",
                .busy_first = true,
                .then = "$AI click $((x + width / 2)) $((y + 27))"},
        /* QT_QPA_PLATFORMTHEME=gtk3 (shmcomp-run --test-profile): no caret blink. */
        {.name = "qt5-lineedits",
                .need = QT5 "/lineedits/lineedits",
                .cls = "lineedits",
                .start = QT5 "/lineedits/lineedits"},
        {.name = "chromium", .need = "chromium", .cls = "Chromium", .start = CHROMIUM},
        /* xfwm4 lets GTK draw its frame (_GTK_FRAME_EXTENTS): a 32-bit window with a shadow.
         * The popup: the source view's context menu (a right click on the right half). */
        {.name = "csd-xfwm4",
                .need = "xfwm4",
                .cls = "gtk3-demo",
                .start = "gtk3-demo",
                .wm = "dbus-run-session xfwm4 --compositor=off",
                .csd = true},
};

struct fixture {
	const char *run, *comp, *ctl, *input;
	char dir[64];
};

static bool need(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "command -v '%s' >/dev/null", tool);
	if (system(cmd) == 0)
		return true;
	fprintf(stderr, "SKIP: %s is not installed (scripts/deps.sh installs it)\n", tool);
	return false;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int finish(struct fixture *f, int result)
{
	if (result == TEST_PASS && !test_failures())
		nftw(f->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	else
		fprintf(stderr, "the case's files are in %s\n", f->dir);
	return result;
}

static char *path_in(const struct fixture *f, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", f->dir, name);
	return buf;
}

/* The page Chromium shows: text, shadows, rounded boxes and a canvas a script draws. */
static void write_page(const struct fixture *f)
{
	char path[128];

	write_file(path_in(f, "page.html", path, sizeof path),
	        "<!doctype html><html><head><title>shmcomp page</title><style>\n"
	        "body { font-family: sans-serif; margin: 24px; background: #f4f4f8 }\n"
	        "h1 { color: #336 }\n"
	        ".box { display: inline-block; width: 120px; height: 80px; margin: 8px;\n"
	        "  border-radius: 12px; box-shadow: 0 4px 12px rgba(0,0,0,.3) }\n"
	        "</style></head><body><h1>A local page</h1>\n"
	        "<p>Text, boxes with shadows, and stripes drawn by a script.</p>\n"
	        "<div class=box style='background:#c33'></div>"
	        "<div class=box style='background:#3a3'></div>"
	        "<div class=box style='background:#33c'></div>\n"
	        "<canvas id=c width=300 height=100></canvas><script>\n"
	        "var g = document.getElementById('c').getContext('2d');\n"
	        "for (var i = 0; i < 10; i++) { g.fillStyle = 'hsl(' + i * 36 + ',70%,50%)';\n"
	        "  g.fillRect(i * 30, 0, 28, 100); }\n"
	        "</script></body></html>\n");
}

/* The script run inside shmcomp-run for run `n`: what a test author writes. The time to
 * the settled shot goes to time-N; run 1 also takes the later shot (and, csd, the frame
 * and a menu with their alpha). */
static void write_script(const struct fixture *f, const struct app *a, int n)
{
	char path[128], *text = NULL;
	size_t len = 0;
	FILE *s = open_memstream(&text, &len);

	if (!s) {
		test_fail("open_memstream: %s", strerror(errno));
		return;
	}
	fprintf(s, "D='%s'; AI='%s'; N=%d\n", f->dir, f->input, n);
	fprintf(s, "t0=$(date +%%s%%N)\n");
	fprintf(s, "%s >\"$D/app-%d.log\" 2>&1 &\n", a->start, n);
	fprintf(s, "shmcomp-ctl -t 60 wait --settled %s--class '%s' >/dev/null || exit 10\n",
	        a->busy_first ? "--quiet-period 0 --first-quiet-period 0 " : "", a->cls);
	if (a->then) {
		fprintf(s,
		        "eval \"$(shmcomp-ctl window --class '%s' | grep -E "
		        "'^(x|y|width|height)=')\"\n",
		        a->cls);
		fprintf(s, "%s || exit 11\n", a->then);
		fprintf(s, "shmcomp-ctl -t 60 wait --settled >/dev/null || exit 12\n");
	}
	fprintf(s, "shmcomp-ctl screenshot \"$D/settled-%d.png\" || exit 13\n", n);
	fprintf(s, "echo $(( ($(date +%%s%%N) - t0) / 1000000 )) >\"$D/time-%d\"\n", n);
	if (n == 1) {
		fprintf(s, "sleep %d\n", LATER_S);
		fprintf(s, "shmcomp-ctl screenshot --settled \"$D/later.png\" || exit 14\n");
	}
	if (a->csd && n == 1) {
		fprintf(s,
		        "shmcomp-ctl screenshot --class '%s' --alpha \"$D/frame.png\" || exit 15\n",
		        a->cls);
		fprintf(s,
		        "eval \"$(shmcomp-ctl window --class '%s' | grep -E "
		        "'^(x|y|width|height)=')\"\n",
		        a->cls);
		fprintf(s, "$AI click $((x + width * 3 / 4)) $((y + height / 2)) 3 || exit 16\n");
		fprintf(s,
		        "shmcomp-ctl -t 20 wait --settled --popup --class '%s' >/dev/null "
		        "|| exit 17\n",
		        a->cls);
		fprintf(s,
		        "shmcomp-ctl screenshot --popup --class '%s' --alpha \"$D/menu.png\" "
		        "|| exit 18\n",
		        a->cls);
	}
	fprintf(s, "shmcomp-ctl stats >\"$D/stats-%d\" || exit 19\n", n);
	fclose(s);
	snprintf(path, sizeof path, "%s/run-%d.sh", f->dir, n);
	write_file(path, text);
	free(text);
}

/* --test-profile, unless APPS_PROFILE=0 (a measurement of what it changes). */
static bool profile(void)
{
	const char *p = getenv("APPS_PROFILE");

	return !p || strcmp(p, "0") != 0;
}

static int run_once(const struct fixture *f, const struct app *a, int n)
{
	char script[128], out[128];
	const char *argv[16];
	int argc = 0, status;
	pid_t pid;

	snprintf(script, sizeof script, "%s/run-%d.sh", f->dir, n);
	snprintf(out, sizeof out, "%s/shmcomp-run-%d.log", f->dir, n);
	argv[argc++] = f->run;
	if (profile())
		argv[argc++] = "--test-profile";
	argv[argc++] = "--config";
	argv[argc++] = "/dev/null";
	argv[argc++] = "--screen";
	argv[argc++] = "1280x800x24";
	if (a->wm) {
		argv[argc++] = "--wm";
		argv[argc++] = a->wm;
	}
	argv[argc++] = "sh";
	argv[argc++] = script;
	argv[argc] = NULL;
	pid = spawn(argv, NULL, out);
	if (pid < 0)
		return -1;
	status = wait_exit(pid, 180000);
	if (status != 0) {
		char *log = read_file(out);
		test_fail("run %d: shmcomp-run exited %d; its output:\n%s", n, status,
		        log ? log : "(none)");
		free(log);
	}
	return status;
}

static bool same_png(const struct fixture *f, const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof cmd, "'%s' compare --diff '%s/diff-%s' '%s/%s' '%s/%s' >&2", f->ctl,
	        f->dir, b, f->dir, a, f->dir, b);
	return system(cmd) == 0;
}

static pixman_image_t *load(const struct fixture *f, const char *name)
{
	char path[128], err[256];
	pixman_image_t *img = render_png_read(path_in(f, name, path, sizeof path), err, sizeof err);

	if (!img)
		test_fail("%s: %s", name, err);
	return img;
}

/* An application's window has many colours; an empty or half-drawn screen few. */
static void shows_app(const struct fixture *f, const char *name, size_t min)
{
	pixman_image_t *img = load(f, name);
	uint32_t seen[64];
	size_t nseen = 0;

	if (!img)
		return;
	const uint32_t *px = pixman_image_get_data(img);
	size_t stride = (size_t)pixman_image_get_stride(img) / 4;
	int w = pixman_image_get_width(img), h = pixman_image_get_height(img);
	for (int y = 0; y < h && nseen < 64; y += 3)
		for (int x = 0; x < w && nseen < 64; x += 3) {
			uint32_t p = px[(size_t)y * stride + (size_t)x] & 0xffffff;
			size_t i = 0;
			while (i < nseen && seen[i] != p)
				i++;
			if (i == nseen)
				seen[nseen++] = p;
		}
	test_expect(
	        nseen >= min, "%s: only %zu colours: the application is not on it", name, nseen);
	pixman_image_unref(img);
}

/* Translucent pixels (0 < alpha < 255: a shadow, antialiased corners), and an opaque
 * middle: the frame or menu kept its alpha. */
static void has_alpha(const struct fixture *f, const char *name, size_t min_translucent)
{
	pixman_image_t *img = load(f, name);
	size_t translucent = 0, clear = 0;

	if (!img)
		return;
	test_expect(pixman_image_get_format(img) == PIXMAN_a8r8g8b8, "%s: no alpha channel", name);
	const uint32_t *px = pixman_image_get_data(img);
	size_t stride = (size_t)pixman_image_get_stride(img) / 4;
	int w = pixman_image_get_width(img), h = pixman_image_get_height(img);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t a = px[(size_t)y * stride + (size_t)x] >> 24;
			translucent += a > 0 && a < 255;
			clear += a == 0;
		}
	uint32_t mid = px[(size_t)(h / 2) * stride + (size_t)(w / 2)] >> 24;
	fprintf(stderr, "%s: %dx%d, %zu translucent and %zu clear pixels, middle alpha %u\n", name,
	        w, h, translucent, clear, mid);
	test_expect(translucent >= min_translucent, "%s: %zu translucent pixels, expected %zu",
	        name, translucent, min_translucent);
	test_expect(clear > 0, "%s: no clear pixel (the corners)", name);
	test_expect(mid == 255, "%s: the middle is not opaque (alpha %u)", name, mid);
	pixman_image_unref(img);
}

static void no_x_errors(const struct fixture *f, int n)
{
	char path[128], name[32];

	snprintf(name, sizeof name, "stats-%d", n);
	char *stats = read_file(path_in(f, name, path, sizeof path));
	test_expect(stats && strstr(stats, "\nx_errors=0\n"), "run %d: x_errors is not 0:\n%s", n,
	        stats ? stats : "(no stats)");
	free(stats);
}

TEST_P(app, apps)
{
	const struct app *a = tc->data;
	struct fixture f = {.run = test_arg(tc, 0, "SHMCOMP-RUN"),
	        .comp = test_arg(tc, 1, "SHMCOMP"),
	        .ctl = test_arg(tc, 2, "SHMCOMP-CTL"),
	        .input = test_arg(tc, 3, "APP-INPUT")};
	char times[512] = "";

	if (!need(a->need) || !need("sh"))
		return TEST_SKIP;
	setenv("SHMCOMP", f.comp, 1);
	snprintf(f.dir, sizeof f.dir, "/tmp/test-apps-XXXXXX");
	if (!CHECK(mkdtemp(f.dir)))
		return TEST_FAIL;
	write_page(&f);
	const char *env_runs = getenv("APPS_RUNS");
	int runs = env_runs ? atoi(env_runs) : RUNS;

	if (!CHECK(runs >= 1 && runs <= MAX_RUNS))
		return finish(&f, TEST_FAIL);
	for (int n = 1; n <= runs; n++) {
		char path[128], name[32], shot[32], *ms;

		write_script(&f, a, n);
		if (run_once(&f, a, n) != 0)
			return finish(&f, TEST_FAIL);
		snprintf(name, sizeof name, "time-%d", n);
		ms = read_file(path_in(&f, name, path, sizeof path));
		snprintf(times + strlen(times), sizeof times - strlen(times), "%s%.*s",
		        n > 1 ? ", " : "", ms ? (int)strcspn(ms, "\n") : 1, ms ? ms : "?");
		free(ms);
		snprintf(shot, sizeof shot, "settled-%d.png", n);
		if (n == 1) {
			shows_app(&f, shot, a->colours ? (size_t)a->colours : 16);
			test_expect(same_png(&f, shot, "later.png"),
			        "the settled shot is not the finished screen (see diff-later.png)");
			if (a->csd) {
				has_alpha(&f, "frame.png", 2000);
				has_alpha(&f, "menu.png", 200);
			}
		} else {
			test_expect(same_png(&f, "settled-1.png", shot),
			        "run %d's settled shot differs from run 1's", n);
		}
		no_x_errors(&f, n);
	}
	fprintf(stderr, "%s: settled after %s ms (runs 1..%d%s)\n", a->name, times, runs,
	        profile() ? "" : ", without --test-profile");
	return finish(&f, TEST_PASS);
}
