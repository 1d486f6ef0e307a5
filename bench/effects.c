/* The configurations compared. shmcomp and picom read one configuration file per effect (picom's
 * option names are shmcomp's); xcompmgr gets the options that draw the same, or the row says
 * what it lacks. */
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"

#define SHADOW                                                                                     \
	"shadow = true;\nshadow-radius = 12;\nshadow-opacity = 0.5;\nshadow-offset-x = -12;\n"     \
	"shadow-offset-y = -12;\n"
#define XCOMPMGR_SHADOW "-c", "-r", "12", "-o", "0.5", "-l", "-12", "-t", "-12"
/* 20 steps each way, one every 10 ms */
#define FADE "fading = true;\nfade-in-step = 0.05;\nfade-out-step = 0.05;\nfade-delta = 10;\n"
#define XCOMPMGR_FADE "-f", "-I", "0.05", "-O", "0.05", "-D", "10"

static const char *const xcompmgr_plain[] = {"-n", NULL};
static const char *const xcompmgr_shadow[] = {XCOMPMGR_SHADOW, NULL};
static const char *const xcompmgr_fade[] = {XCOMPMGR_SHADOW, XCOMPMGR_FADE, NULL};

const struct bench_effect bench_effect_plain = {
        .name = "plain",
        .what = "no effects",
        .conf = "",
        .xcompmgr = xcompmgr_plain,
};

static const struct bench_effect shadow = {
        .name = "shadow",
        .what = "shadows: radius 12, opacity 0.5, offset -12,-12",
        .conf = SHADOW "fading = false;\n",
        .xcompmgr = xcompmgr_shadow,
        .check = BENCH_CHECK_SHADOW,
};

static const struct bench_effect corners = {
        .name = "corners",
        .what = "corner-radius 12 and the shadows",
        .conf = SHADOW "fading = false;\ncorner-radius = 12;\n",
        .xcompmgr_lacks = "no corners",
        .check = BENCH_CHECK_CORNERS,
};

/* Without a window manager nothing has the focus, and every window would be translucent (a
 * probe could not tell an update by its colour): the topmost window is focused, the others
 * are the inactive ones. */
static const struct bench_effect opacity = {
        .name = "opacity",
        .what = "inactive-opacity 0.9, the topmost window focused (xcompmgr: "
                "_NET_WM_WINDOW_OPACITY 0.9 on the others)",
        .conf = "inactive-opacity = 0.9;\nfading = false;\n",
        .xcompmgr = xcompmgr_plain,
        .focus_top = true,
        .check = BENCH_CHECK_OPACITY,
};

const struct bench_effect bench_effect_fade = {
        .name = "fade",
        .what = "the shadows, fading 0.05 per 10 ms on the compositor's own clock",
        .conf = SHADOW FADE,
        .xcompmgr = xcompmgr_fade,
};

const struct bench_effect bench_effect_fade_step = {
        .name = "fade-step",
        .what = "the same fade, one step of shmcomp --clock=virtual per update",
        .conf = SHADOW FADE,
        .xcompmgr_lacks = "real clock only",
        .picom_lacks = "real clock only",
        .virtual_clock = true,
};

const struct bench_effect *const bench_effects_matrix[] = {&shadow, &corners, &opacity};
const size_t bench_effects_matrix_count =
        sizeof bench_effects_matrix / sizeof bench_effects_matrix[0];

#define BLUR(method) "blur-method = \"" method "\";\nblur-background = true;\nfading = false;\n"
#define BLUR_EFFECT(id, label, words, text, picom)                                                 \
	static const struct bench_effect id = {                                                    \
	        .name = label,                                                                     \
	        .what = "blur behind translucent windows: " words,                                 \
	        .conf = text,                                                                      \
	        .xcompmgr_lacks = "no blur",                                                       \
	        .picom_lacks = picom,                                                              \
	        .picom_experimental = true,                                                        \
	        .check = BENCH_CHECK_BLUR,                                                         \
	}

/* picom's sizes: a box or gaussian of blur-size n has 2n+1 taps; gaussians with a deviation of
 * n/2, so that the larger one is wider too. */
BLUR_EFFECT(box3, "box3", "box, 7 taps", BLUR("box") "blur-size = 3;\n", NULL);
BLUR_EFFECT(box12, "box12", "box, 25 taps", BLUR("box") "blur-size = 12;\n", NULL);
BLUR_EFFECT(gaussian3, "gaussian3", "gaussian, 7 taps, deviation 1.5",
        BLUR("gaussian") "blur-size = 3;\nblur-deviation = 1.5;\n", NULL);
BLUR_EFFECT(gaussian12, "gaussian12", "gaussian, 25 taps, deviation 6",
        BLUR("gaussian") "blur-size = 12;\nblur-deviation = 6.0;\n", NULL);
BLUR_EFFECT(kernel7, "kernel7x7box", "the kernel 7x7box",
        BLUR("kernel") "blur-kern = \"7x7box\";\n", NULL);
BLUR_EFFECT(kawase3, "dual_kawase3", "dual_kawase, strength 3",
        BLUR("dual_kawase") "blur-strength = 3;\n", "no dual_kawase in xrender");
BLUR_EFFECT(kawase5, "dual_kawase5", "dual_kawase, strength 5",
        BLUR("dual_kawase") "blur-strength = 5;\n", "no dual_kawase in xrender");

const struct bench_effect *const bench_effects_blur[] = {
        &box3, &box12, &gaussian3, &gaussian12, &kernel7, &kawase3, &kawase5};
const size_t bench_effects_blur_count = sizeof bench_effects_blur / sizeof bench_effects_blur[0];

bool bench_effect_supported(const struct bench_effect *fx, enum bench_peer p, const char **why)
{
	const char *lacks = NULL;

	if (p == BENCH_XCOMPMGR && !fx->xcompmgr)
		lacks = fx->xcompmgr_lacks ? fx->xcompmgr_lacks : "no such effect";
	else if (p == BENCH_PICOM)
		lacks = fx->picom_lacks;
	else if (p == BENCH_NONE && fx != &bench_effect_plain)
		lacks = "no effects";
	if (why)
		*why = lacks;
	return lacks == NULL;
}

void bench_effect_conf_path(
        const struct bench_effect *fx, enum bench_peer p, const char *dir, char *out, size_t len)
{
	if (p == BENCH_PICOM && fx->conf[0] == '\0')
		snprintf(out, len, "/dev/null");
	else /* shmcomp refuses /dev/null: it wants a regular file, empty for plain */
		snprintf(out, len, "%s/%s.conf", dir, fx->name);
}

static void append(char *out, size_t len, const char *text)
{
	size_t n = strlen(out);

	if (n < len)
		snprintf(out + n, len - n, "%s", text);
}

void bench_effect_command(const struct bench_effect *fx, enum bench_peer p, char *out, size_t len)
{
	out[0] = '\0';
	switch (p) {
	case BENCH_NONE:
		append(out, len, "(no compositor)");
		break;
	case BENCH_SHMCOMP:
		append(out, len,
		        fx->conf[0] ? "shmcomp --config FILE" : "shmcomp --config EMPTY-FILE");
		if (fx->virtual_clock)
			append(out, len, " --clock=virtual");
		break;
	case BENCH_XCOMPMGR:
		append(out, len, "xcompmgr");
		for (const char *const *a = fx->xcompmgr; a && *a; a++) {
			append(out, len, " ");
			append(out, len, *a);
		}
		break;
	default:
		append(out, len,
		        fx->picom_experimental ? "picom --experimental-backends" : "picom");
		append(out, len,
		        fx->conf[0] ? " --backend xrender --config FILE"
		                    : " --backend xrender --config /dev/null");
		break;
	}
}

static bool write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok = f && fputs(text, f) >= 0;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		perror(path);
	return ok;
}

static bool write_one(const struct bench_effect *fx, const char *dir)
{
	char path[512];

	bench_effect_conf_path(fx, BENCH_SHMCOMP, dir, path, sizeof path);
	return write_file(path, fx->conf);
}

bool bench_effects_write(const char *dir)
{
	bool ok = write_one(&bench_effect_plain, dir) && write_one(&bench_effect_fade, dir) &&
	          write_one(&bench_effect_fade_step, dir);

	for (size_t i = 0; ok && i < bench_effects_matrix_count; i++)
		ok = write_one(bench_effects_matrix[i], dir);
	for (size_t i = 0; ok && i < bench_effects_blur_count; i++)
		ok = write_one(bench_effects_blur[i], dir);
	return ok;
}
