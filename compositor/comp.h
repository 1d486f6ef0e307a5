/* The compositor: the parts and what ties them. Layers, bottom up (doc/design.md
 * has the map):
 *   leaves      log, clock, options, props, wintrack, keys, damage, display, client
 *   state       windows (pixels, shapes), effects (looks, fades, focus) on windows'
 *               hooks, background, present (back buffers, frame numbers)
 *   frame       paint (one frame), status (settled? window text)
 *   policy      control (the control protocol), actions (key bindings)
 *   wiring      dispatch (events to parts), setup (start and stop), main (loop,
 *               configuration, the callbacks below)
 * A part calls only parts below it; news goes up through callbacks. */
#ifndef SHMCOMP_COMPOSITOR_COMP_H
#define SHMCOMP_COMPOSITOR_COMP_H

#include <stdbool.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "compositor/actions.h"
#include "compositor/background.h"
#include "compositor/clock.h"
#include "compositor/control.h"
#include "compositor/damage.h"
#include "compositor/display.h"
#include "compositor/effects.h"
#include "compositor/input.h"
#include "compositor/log.h"
#include "compositor/options.h"
#include "compositor/paint.h"
#include "compositor/present.h"
#include "compositor/recording.h"
#include "compositor/status.h"
#include "compositor/windows.h"
#include "compositor/xsettings.h"
#include "config/config.h"
#include "fault/fault.h"
#include "render/render.h"
#include "shm/shm.h"

struct keys;
struct files;

/* What makes shmcomp the compositing manager of the screen. */
struct comp_cm {
	xcb_window_t window;  /* owns _NET_WM_CM_S<screen>; control requests arrive here */
	xcb_window_t overlay; /* the Composite overlay, target of every frame */
	bool overlay_held;    /* asked for: released on the way out */
	bool redirected;      /* the root's children are redirected (manual) */
	bool randr_selected;  /* RandR screen changes selected on the root */
};

struct comp {
	struct comp_options opt;
	struct comp_log log;
	struct config config;
	struct comp_clock clock;
	struct fault *fault; /* tests only: the start-up's fault seam; NULL in production */

	struct display dpy;
	struct comp_cm cm;
	struct shm_ctx *shm;
	struct render_ctx *render;
	struct keys *keys;  /* NULL when XKB is missing: no bindings */
	struct input input; /* when the user last pressed or moved (XInput 2) */
	struct screen_damage damage;
	struct windows windows;
	struct effects effects;
	struct background bg;
	struct present present;
	struct paint paint;
	struct control control;
	struct xsettings xsettings; /* --test-profile's XSETTINGS manager */
	struct recording recording; /* --record, shmcomp-ctl record */
	const char *screenshot_dir; /* from the configuration; NULL: $XDG_PICTURES_DIR or $HOME */
	unsigned file_mode;         /* of the files shmcomp creates (screenshots, recordings) */

	struct files *files; /* main.c's: the log and pid files the configuration names */

	/* Policy, set by main.c before comp_setup(). */
	bool (*reload)(struct comp *c, char *err, size_t errlen);
	void (*action)(struct comp *c, enum config_action action);
	bool quit;
};

/* Becomes the compositing manager: every part set up in order. False with a
 * message in `err`; comp_teardown() then releases what was set up. */
bool comp_setup(struct comp *c, char *err, size_t errlen);
/* Reverse order of comp_setup, including the connection; accepts a half-built
 * context and may be called twice. */
void comp_teardown(struct comp *c);
/* comp_teardown but for the connection (tests count what the server still
 * holds for it), then display_close(). */
void comp_release(struct comp *c);

#endif
