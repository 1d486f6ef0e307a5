/* Effects per window, from the configuration (its legacy options or its
 * `rules`): shadow, fading, corners, dim, blur, whether it is drawn, and the
 * opacity to reach; the fades that move the shown opacity toward it on the
 * compositor's clock; and which toplevel has the focus. Registered with the
 * windows through their hooks. */
#ifndef SHMCOMP_COMPOSITOR_EFFECTS_H
#define SHMCOMP_COMPOSITOR_EFFECTS_H

#include <stdbool.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "compositor/clock.h"
#include "compositor/windows.h"
#include "config/config.h"
#include "render/render.h"
#include "util/list.h"

struct effects {
	struct windows *ws;
	struct display *dpy;
	struct render_ctx *render;
	const struct config *config;
	const struct comp_clock *clock;
	const struct comp_log *log;
	bool no_animations;       /* --no-animations */
	bool off;                 /* the toggle-effects binding */
	struct render_effects fx; /* frame-wide settings in force */
	struct list anim;         /* win_fx::anim_link: windows whose fade or script runs */
	uint64_t anim_last;       /* clock time the fades were last advanced to */
	xcb_window_t focus;       /* the toplevel that has the focus, or XCB_NONE */
	/* the configuration's watched properties (config_watched_properties), their atoms */
	const struct config_watch *config_watch;
	struct winprops_watch *watch;
	size_t nwatch;
	size_t opacity_watch;          /* the toplevel's _NET_WM_WINDOW_OPACITY: windows.c's */
	struct render_kernel *kernels; /* blur-kern, parsed, in fx.blur */
	size_t nkernels;
};

/* Fills in the dependencies first. Registers the hooks with the windows. */
void effects_init(struct effects *e);
void effects_finish(struct effects *e);

/* Applies the configuration's effects to the renderer and every window. */
void effects_configure(struct effects *e);
/* Advances the fades to the clock's time. */
void effects_tick(struct effects *e);
bool effects_animating(const struct effects *e);
/* How long the loop may wait before the next step of what runs (-1: nothing runs). */
int effects_wait_ms(const struct effects *e);
/* Windows unmapped since: hidden or closed (destroyed) now, with their scripts (a
 * control request comes after every event before it). */
void effects_decide_unmaps(struct effects *e);
/* What animates `w` ("animation=open line 12", "fade=0.3->1.0"), as snprintf. */
size_t effects_anim_text(const struct win *w, char *buf, size_t len);
/* Every fade jumps to its end (--no-animations, exit). */
void effects_finish_all(struct effects *e);
/* The focus may have moved (_NET_ACTIVE_WINDOW, FocusIn/Out). */
void effects_focus_update(struct effects *e);
/* What the configuration says for `w` now (for `shmcomp-ctl window`). */
void effects_settings(
        const struct effects *e, const struct win *w, struct config_window_settings *out);
/* Fills `rw`'s looks (opacity, shadow, corners, dim) for `w`. */
void effects_look(const struct effects *e, const struct win *w, struct render_window *rw);

#endif
