/* The compositor's context and the functions its files share. Each part
 * keeps its own state struct; `struct comp` holds them and what ties them
 * (the connection, the screen, the frame's damage). Private to compositor/. */
#ifndef SHMCOMP_COMPOSITOR_COMP_H
#define SHMCOMP_COMPOSITOR_COMP_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <xcb/present.h>
#include <xcb/xcb.h>
#include <xcb/xfixes.h>

#include "compositor/log.h"
#include "compositor/options.h"
#include "compositor/wintrack.h"
#include "config/config.h"
#include "render/render.h"
#include "shm/shm.h"
#include "util/list.h"
#include "util/wintype.h"

/* pixman (0.42) silently composites nothing from a source 32767 pixels wide
 * or high: images at or above this side are not used as sources. */
#define RENDER_MAX_SIDE 32767u

struct comp_atoms {
	xcb_atom_t cm_selection;
	xcb_atom_t opacity;
	xcb_atom_t xrootpmap, esetroot;
	xcb_atom_t ctl_version, ctl_request, ctl_reply, ctl_text;
	xcb_atom_t net_wm_pid, net_wm_name, utf8_string;
	xcb_atom_t wm_state, wm_window_role, net_wm_window_type, net_wm_state,
		net_wm_state_fullscreen, net_active_window;
	xcb_atom_t wintype[WINTYPE_COUNT]; /* _NET_WM_WINDOW_TYPE_*, by enum wintype */
};

struct comp_ext {
	uint8_t damage_event, shape_event, randr_event;
	uint8_t present_opcode;
	bool randr;
};

/* A back buffer: a screen-sized buffer presented to the overlay. `stale` is
 * what changed on screen since this buffer was last painted. */
struct comp_back {
	struct shm_buffer *buf;
	pixman_region32_t stale;
};

struct comp_present {
	xcb_present_event_t eid;
	xcb_special_event_t *queue;
	xcb_xfixes_region_t update;
	struct comp_back back[2];
	struct comp_back *last;        /* holds the newest complete frame */
	uint64_t presented, completed; /* frame numbers; serial = low 32 bits */
	bool in_flight;                /* vsync: a present awaits its CompleteNotify */
	bool back_missing;             /* a back buffer could not be had (said once) */
};

struct comp_background {
	xcb_pixmap_t pixmap;     /* the root pixmap property's value, validated */
	struct shm_buffer *copy; /* its contents */
};

struct ctl_wait {
	xcb_window_t reply_window;
	uint32_t id;
	uint64_t frame; /* reply once this frame has completed */
	bool settled;   /* reply once the screen is settled instead */
	struct list link; /* comp::waits */
};

struct comp {
	struct comp_options opt;
	struct comp_log log;
	struct config config;
	xcb_connection_t *conn;
	xcb_screen_t *screen;
	int screen_num;
	uint32_t width, height;
	struct comp_atoms atoms;
	struct comp_ext ext;
	xcb_window_t cm_window, overlay;
	bool redirected;
	struct shm_ctx *shm;
	struct render_ctx *render;
	struct wintrack *wt;
	struct keys *keys;        /* NULL when XKB is missing: no bindings */
	bool effects_off;         /* the toggle-effects binding */
	const char *screenshot_dir; /* from the configuration; NULL: $XDG_PICTURES_DIR or $HOME */
	struct comp_present present;
	struct comp_background bg;
	pixman_region32_t damage; /* screen damage not yet presented */
	pixman_region32_t direct; /* scratch: the part presented from a window pixmap */
	pixman_region32_t need;   /* scratch: what a frame renders */
	struct render_window *rw; /* scratch for render_frame */
	size_t rw_cap;
	struct list waits;        /* ctl_wait::link */
	struct list dirty;        /* win::dirty_link: windows with work for the next frame */
	struct list anim;         /* win::anim_link: windows whose fade runs */
	uint64_t anim_last;       /* clock time the fades were last advanced to */
	bool clock_virtual;       /* time moves only through shmcomp-ctl step */
	uint64_t virtual_ms;
	struct render_effects fx; /* frame-wide effect settings in force */
	xcb_window_t focus;       /* the toplevel that has the focus, or XCB_NONE */
	int signal_fd;
	bool quit;
	int exit_code;
	uint64_t x_errors;
};

/* setup.c */
bool comp_setup(struct comp *c, char *err, size_t errlen);
void comp_teardown(struct comp *c);
xcb_atom_t comp_intern(xcb_connection_t *conn, const char *name);

/* windows.c */
bool comp_windows_init(struct comp *c);
void comp_windows_finish(struct comp *c);
void comp_handle_event(struct comp *c, xcb_generic_event_t *ev);
/* Gives up the largest window mirror (the window is then drawn without its
 * contents until memory allows); false when there is none. */
bool comp_windows_evict_one(struct comp *c);
/* Damage reported and not yet subtracted. */
bool comp_windows_damaged(const struct comp *c);
/* DamageSubtract for every window that reported damage. */
void comp_windows_subtract(struct comp *c);
/* Sends the pending fetches and shape queries of all windows; true when a
 * round trip is then needed before their pixels are usable. */
bool comp_windows_fetch(struct comp *c, const pixman_region32_t *need);
/* A window pixmap that shows `part` of `damage` by itself (see windows.c). */
bool comp_windows_direct(struct comp *c, const pixman_region32_t *damage,
	pixman_region32_t *part, xcb_pixmap_t *pixmap, int32_t *x, int32_t *y);
/* After the round trip: applies replies. */
void comp_windows_fetched(struct comp *c);
/* The windows to paint, bottom to top, into c->rw; returns the count. */
size_t comp_windows_collect(struct comp *c);

/* paint.c */
bool comp_present_init(struct comp *c);
void comp_present_finish(struct comp *c);
void comp_damage_all(struct comp *c);
void comp_damage_rect(struct comp *c, int32_t x, int32_t y, uint32_t w, uint32_t h);
bool comp_needs_frame(const struct comp *c);
void comp_paint(struct comp *c);
void comp_handle_present_event(struct comp *c, xcb_generic_event_t *ev);
bool comp_screen_resized(struct comp *c, uint32_t width, uint32_t height);
void comp_background_update(struct comp *c);
void comp_background_finish(struct comp *c);

/* effects.c */
uint64_t comp_real_ms(void);
uint64_t comp_now_ms(const struct comp *c);
/* Applies the configuration's effects to the renderer and every window. */
void comp_fx_config(struct comp *c);
/* Advances the fades to the clock's time. */
void comp_fx_tick(struct comp *c);
bool comp_fx_animating(const struct comp *c);
/* Every fade jumps to its end (--no-animations, exit). */
void comp_fx_finish_all(struct comp *c);
void comp_focus_update(struct comp *c);

/* actions.c: what key bindings do */
enum comp_action {
	COMP_ACTION_SCREENSHOT,
	COMP_ACTION_RELOAD,
	COMP_ACTION_TOGGLE_EFFECTS,
	COMP_ACTION_QUIT,
};
void comp_run_action(struct comp *c, int action);
/* Writes the newest frame as a PNG into `dir` (created name); false with a message. */
bool comp_screenshot(struct comp *c, const char *dir, char *path, size_t pathlen, char *err,
	size_t errlen);

/* status.c: for the control protocol */
/* True when settled; `buf` gets the reasons when not (key=value lines). */
bool comp_settled(struct comp *c, char *buf, size_t len);
/* One window's geometry and effects as key=value lines; false (and a message)
 * when `id` is not a toplevel or client shmcomp composites. */
bool comp_window_text(struct comp *c, xcb_window_t id, char *buf, size_t len);

/* ctl.c */
void comp_ctl_request(struct comp *c, const xcb_client_message_event_t *ev);
void comp_ctl_frame_completed(struct comp *c);
void comp_ctl_nothing_to_present(struct comp *c);
/* Answers settled waits if the screen is settled now. */
void comp_ctl_check_settled(struct comp *c);
/* True while settled waits are queued (the loop then looks again regularly). */
bool comp_ctl_settled_pending(const struct comp *c);

/* A window found already mapped (it may have drawn before shmcomp watched it)
 * counts as having drawn once it has been on screen this long without damage. */
#define COMP_MET_MAPPED_GRACE_MS 2000u
void comp_ctl_finish(struct comp *c);
void comp_reload(struct comp *c, char *err, size_t errlen, bool *ok);
void comp_apply_config(struct comp *c);

#endif
