/* The compositor's windows: the root's children (tracked by wintrack) with,
 * for each, the Damage object, the named window pixmap, the SHM mirror of its
 * pixels, its bounding shape and opacity, and what the events about it change;
 * the per-frame fetch of damaged pixels (one round trip for all windows) and
 * the list of windows a frame paints. What a window looks like (shadow, fade,
 * corners ...) is decided above, by whoever registers `struct windows_hooks`. */
#ifndef SHMCOMP_COMPOSITOR_WINDOWS_H
#define SHMCOMP_COMPOSITOR_WINDOWS_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <xcb/damage.h>
#include <xcb/shape.h>
#include <xcb/xcb.h>

#include "compositor/background.h"
#include "compositor/client.h"
#include "compositor/damage.h"
#include "compositor/display.h"
#include "compositor/log.h"
#include "compositor/winprops.h"
#include "compositor/wintrack.h"
#include "anim/anim.h"
#include "render/render.h"
#include "shm/shm.h"
#include "util/list.h"

/* pixman (0.42) silently composites nothing from a source 32767 pixels wide
 * or high: images at or above this side are not used as sources. */
#define RENDER_MAX_SIDE 32767u

/* Frames a window drew in, remembered for its frame rate. */
#define WIN_DRAWS 64u
/* Drawing after this long without any starts a new burst: one burst is one
 * frame of the client's, however many rectangles and our frames it takes. */
#define WIN_BURST_GAP_MS 50u

struct win_anim; /* effects.c's: a running animation script */

/* What effects.c keeps per window: the looks the configuration gives it, the fade and
 * the animation. */
struct win_fx {
	bool focused; /* counted as active (the legacy focus options) */
	bool shadow, fade_on, full_shadow, blur, paint, no_direct;
	bool invert, clip_shadow_above, transparent_clipping;
	bool shadow_color_own; /* shadow_rgb differs from the shadows' colour */
	uint32_t corner;
	double dim;
	double target;     /* opacity to reach, 0..1 */
	bool target_exact; /* the target is the property's value, target_prop */
	uint32_t target_prop;
	struct render_fade fade; /* the opacity shown now */
	struct list anim_link;   /* effects::anim while the fade or an animation runs */
	struct win_anim *anim;   /* the running animation script, or NULL */
	bool mapped_once;        /* mapped since it was created (open, then show) */
	bool unmap_pending;      /* unmapped: hide or close (destroyed) decided later */
	uint64_t unmap_ms;       /* clock time of the unmap */
	/* the configuration's animation script for each trigger (NULL: none) */
	const struct anim_script *scripts[ANIM_TRIGGER_COUNT];
	uint32_t shadow_rgb; /* its shadow's colour (an animation's context) */
};

/* One window: a child of the root. */
struct win {
	struct wintrack_entry *node; /* its place in the stack (wintrack owns it) */
	bool ignored;                /* the overlay, our own windows, InputOnly windows */
	xcb_damage_damage_t damage;
	xcb_pixmap_t pixmap;       /* named window pixmap while mapped */
	struct shm_buffer *mirror; /* outer size, window depth */
	bool mirror_valid;         /* holds fetched pixels */
	bool landing;              /* a fetch into the mirror awaits its round trip */
	pixman_region32_t fetch;   /* outer coordinates, to copy next frame */
	pixman_region32_t shape;   /* bounding shape, outer coordinates */
	bool shape_known, shape_dirty;
	xcb_shape_query_extents_cookie_t extents_cookie;
	xcb_shape_get_rectangles_cookie_t shape_cookie;
	bool shape_in_flight;
	bool damaged; /* DamageSubtract owed */
	bool painted; /* damage seen since mapped or resized */
	bool shown;   /* its pixels went into a frame (served, fetched, direct) since mapped */
	uint32_t damage_seq;       /* DamageCreate's full sequence: its own report is not a paint */
	uint64_t met_mapped_ms;    /* real time DamageCreate found it mapped; 0 otherwise */
	uint64_t last_draw_ms;     /* real time of its last drawing (damage) */
	uint64_t created_ms;       /* real time of its CreateNotify; 0 if it was there before */
	uint64_t frame_due;        /* the frame that shows its last change */
	uint32_t draws[WIN_DRAWS]; /* real times (ms, low 32 bits) of frames it drew in */
	uint32_t ndraws;           /* how many of draws[] are set; the newest at (ndraws-1) % N */
	uint32_t map_bursts;       /* bursts of drawing since it was mapped or resized */
	uint64_t bound_ms;         /* real time it was last mapped or resized */
	struct {                   /* its client's child processes while it has drawn once */
		uint64_t at_ms;    /* the last look (status.c); 0: none yet */
		uint64_t ticks;    /* their CPU time then */
		uint64_t busy_ms;  /* when they were last seen busy; 0: not seen */
		bool gone;         /* the pid is not a local process: not asked again */
	} start;
	uint32_t opacity; /* _NET_WM_WINDOW_OPACITY, opaque when unset */
	bool has_opacity;
	bool warned;
	bool mirror_lost;        /* given up for a back buffer; acquired again when possible */
	uint64_t mirror_used_ms; /* windows::now_ms of the last frame that read or filled it */
	bool destroyed;          /* DestroyNotify came: its Damage object is gone */
	bool move_report;        /* a move's damage report is due (expect_move_report) */
	uint32_t move_seq;       /* the sequence of the ConfigureNotify that moved it */
	xcb_get_window_attributes_cookie_t attr_ck; /* replies asked for, not read yet */
	xcb_get_geometry_cookie_t geom_ck;
	xcb_get_property_cookie_t opacity_ck;
	xcb_void_cookie_t damage_ck; /* DamageCreate, checked with the attributes */
	bool attrs_pending, opacity_pending, damage_check_pending;
	struct list pending_link; /* windows::pending while a reply is out */
	bool closing;             /* unmapped (or destroyed), still shown (fading out) */
	bool zombie;              /* destroyed; kept until windows_finish_close() */
	/* A window 32767 pixels wide or high is drawn through a view of the part of
	 * its mirror that is on screen (see RENDER_MAX_SIDE). */
	pixman_image_t *view;
	pixman_box32_t view_box; /* the part, in outer coordinates */
	pixman_region32_t view_shape;
	struct list dirty_link;   /* windows::dirty */
	struct win_client client; /* valid when client_known */
	bool client_known;
	struct winprops props; /* the watched properties (windows::watch) */
	bool props_known;      /* fetched for props_client */
	xcb_window_t props_client;
	bool props_pending; /* a watched property changed: asked again */
	bool reshaped;      /* its bounding shape changed during a frame */
	bool watches_frame; /* SubstructureNotify selected on it (a frame's children) */
	struct win_fx fx;   /* effects.c's */
};

/* Registered by the layer that decides the looks. */
struct windows_hooks {
	void *data;
	/* The window was mapped (its client is not read yet). */
	void (*mapped)(void *data, struct win *w);
	/* The window was unmapped or destroyed: true keeps it on screen
	 * (closing) until the hook's owner calls windows_finish_close(). */
	bool (*unmapped)(void *data, struct win *w);
	/* Something rules read changed (opacity, client properties). */
	void (*changed)(void *data, struct win *w);
	/* `w` is about to be freed. */
	void (*forget)(void *data, struct win *w);
	/* The window's looks: opacity, shadow, corners, dim (geometry is set). */
	void (*look)(void *data, const struct win *w, struct render_window *rw);
	/* How it is drawn: WIN_MODE_* bits (NULL: 0). */
	uint32_t (*mode)(void *data, const struct win *w);
	/* A mapped window moved or was resized, from `old` (outer rectangle); its mirror
	 * still holds the contents of the old size. */
	void (*moved)(void *data, struct win *w, const struct wintrack_rect *old);
};

/* Not drawn at all (a rule's paint = false): what lies below shows. */
#define WIN_MODE_HIDDEN 1u
/* Never presented straight from its pixmap (a rule's unredir = false). */
#define WIN_MODE_NO_DIRECT 2u

struct windows {
	struct display *dpy;
	struct screen_damage *damage;
	struct shm_ctx *shm;
	const struct comp_log *log;
	const struct render_effects *fx; /* frame-wide effects, for a window's extents */
	const uint64_t *presented;       /* the last frame number presented (present.c's) */
	const struct background *bg;     /* its probe window and the damage it causes are not
	                                  * a client's */
	xcb_window_t overlay, own;       /* never composited */
	struct wintrack *wt;
	struct list dirty;        /* win::dirty_link: work for the next frame */
	struct list pending;      /* win::pending_link: replies out, oldest first */
	struct render_window *rw; /* what windows_collect() fills */
	size_t rw_cap;
	struct render_boxes above, served; /* windows_serve_bodies' lists, kept for their memory */
	struct windows_hooks hooks;
	/* The properties the looks depend on (set by their owner, windows_set_watch):
	 * fetched when a window is mapped, again on a PropertyNotify. */
	const struct winprops_watch *watch;
	size_t nwatch;
	struct atom_names *names;
	bool reshaped;      /* some win::reshaped is set */
	uint64_t now_ms;    /* real time of the frame being painted (paint.c sets it) */
	size_t nmirrors;    /* windows holding a mirror */
	bool fetched_early; /* a fetch sent outside a frame (a closing window's) awaits the sync */
	/* The part of the screen the last frame presented straight from a window's pixmap
	 * (windows_shown_direct), until the next frame presents anything. */
	struct {
		bool on;
		xcb_pixmap_t pixmap;
		int32_t x, y;
		uint32_t seq; /* the PresentPixmap request's */
		pixman_region32_t region;
	} shown;
	uint64_t shown_events; /* Damage events that frame showed already, wholly */
	uint64_t move_reports; /* Damage events that only reported a move (expect_move_report) */
};

/* The mirror policy: a window has a mirror (the SHM copy of its pixels) only
 * while frames need its pixels in shmcomp's memory — where it is composited
 * (effects, translucency, a shadow or a translucent window over it, blur, a
 * fade, a recording). Where its opaque body shows by itself, the server copies
 * it straight into the back buffer (windows_serve_bodies) or presents it from
 * the window's pixmap (windows_direct). A mirror comes with the first frame
 * that needs it and goes back to the pool when no frame has needed it for
 * MIRROR_IDLE_MS, or when the window is unmapped or resized. */
#define MIRROR_IDLE_MS 3000

/* Fills in the dependencies first; selects the root's events and reads the
 * existing windows under a server grab. False with a message. */
bool windows_init(struct windows *ws, char *err, size_t errlen);
/* Accepts a half-initialised set. */
void windows_finish(struct windows *ws);

/* Window events (create, destroy, map, configure, ..., Damage, SHAPE, and
 * property changes of windows); false when the event is not one of those. */
bool windows_handle_event(struct windows *ws, const xcb_generic_event_t *ev);

static inline struct win *win_of(struct wintrack_entry *e)
{
	return e ? e->user : NULL;
}
struct win *windows_find(const struct windows *ws, xcb_window_t id);
/* The toplevel whose client window is `id` (a WM frame's child), or NULL. */
struct win *windows_by_client(const struct windows *ws, xcb_window_t id);
/* The toplevel (child of the root) that holds `id`, or XCB_NONE. */
xcb_window_t windows_toplevel_of(struct windows *ws, xcb_window_t id);
/* The event mask shmcomp holds on `id` (0 for windows it does not watch), so
 * that another part selecting more on it keeps what windows need. */
uint32_t windows_selected_mask(const struct windows *ws, xcb_window_t id);
/* Reads the replies that have come (attributes, opacity, properties), without
 * waiting; true when it read any (what they say may be damage to paint). */
bool windows_collect_replies(struct windows *ws);
/* Reads `w`'s client once (after a map, or when its properties changed). */
void windows_read_client(struct windows *ws, struct win *w);
/* The properties to watch on every window (kept by the caller): each window fetches
 * them again when next read. */
void windows_set_watch(struct windows *ws, const struct winprops_watch *watch, size_t n);
/* Fetches `w`'s watched properties (one batch) unless they are known for its client
 * (call windows_read_client first). */
void windows_read_props(struct windows *ws, struct win *w);
/* Windows whose shape changed during a frame: the `changed` hook for each. */
void windows_relook(struct windows *ws);
/* `w` lies in a composited frame as an ordinary window would. */
static inline bool win_counts(const struct win *w)
{
	return w && !w->ignored;
}

/* Damages what `w` paints at its current place: its rectangle grown by its
 * looks (shadow). */
void windows_damage_win(struct windows *ws, struct win *w);
/* Ends a closing window's time on screen (frees a zombie). */
void windows_finish_close(struct windows *ws, struct win *w);
/* Frames `w` drew in during the second before `now_ms` (at most WIN_DRAWS). */
uint32_t win_fps(const struct win *w, uint64_t now_ms);
/* A window whose outer size passes what a pixmap can be (32767): switching the
 * redirection (the background's probe) is not safe with one on screen. */
bool windows_any_oversized(const struct windows *ws);
/* Gives up the largest window mirror (the window is then drawn without its
 * contents until memory allows); false when there is none. */
bool windows_evict_one(struct windows *ws);

/* Frame steps, in order. */
/* Damage reported and not yet subtracted. */
bool windows_damaged(const struct windows *ws);
/* DamageSubtract for every window that reported damage. */
void windows_subtract(struct windows *ws);
/* A window pixmap that shows `part` of `damage` by itself: of the (first few, top down)
 * windows whose bodies (opaque, of the screen's depth, with a known shape, no effect on
 * their pixels; a shadow allowed) show part of the damage outside what the windows above
 * them paint, the one that shows most. */
bool windows_direct(struct windows *ws, const pixman_region32_t *damage, pixman_region32_t *part,
        xcb_pixmap_t *pixmap, int32_t *x, int32_t *y);
/* The frame just sent presents `part` of the screen from `pixmap` at (x, y) (windows_direct's)
 * by request `seq`. An event carries the number of the last request of shmcomp's the server
 * had run when it sent the event, and the present reads the pixmap when the server runs it:
 * a Damage event of that window numbered before `seq`, inside `part`, with the window still
 * there, is on screen with that frame and needs no frame of its own (a window moved, then
 * redrawn: the redraw's damage comes while the move's frame is made). Until
 * windows_shown_done: the next frame may paint over `part` from older pixels. */
void windows_shown_direct(struct windows *ws, xcb_pixmap_t pixmap, int32_t x, int32_t y,
        const pixman_region32_t *part, uint32_t seq);
void windows_shown_done(struct windows *ws);
/* Where a window's body shows by itself (as windows_direct's: opaque, of the
 * screen's depth, no effect on its pixels, below nothing the windows above paint),
 * the server copies that part of `need` from the window's pixmap into `dst` (one
 * copy; the pixels are in `dst`'s memory after a round trip): `served` is set
 * to it and it leaves `need`. Those windows need no mirror for it. What no
 * window paints over is copied the same way from `background` (a pixmap of the
 * screen's size holding the background; XCB_NONE: it is rendered). */
void windows_serve_bodies(struct windows *ws, pixman_region32_t *need, struct shm_buffer *dst,
        xcb_pixmap_t background, pixman_region32_t *served);
/* The windows with a mirror whose extents touch `need` (composited this frame)
 * count as using it now (ws->now_ms). */
void windows_mark_needed(struct windows *ws, const pixman_region32_t *need);
/* Brings `w`'s mirror up to date from its pixmap now (acquired if need be; one
 * round trip when anything was missing); true when it then holds the window. */
bool windows_mirror_now(struct windows *ws, struct win *w);
/* Mirrors unused for MIRROR_IDLE_MS go back to the pool; returns how many. */
size_t windows_release_idle_mirrors(struct windows *ws);
/* Sends the pending fetches (of the part `need` covers) and shape queries;
 * true when a round trip is then needed before their pixels are usable. */
bool windows_fetch(struct windows *ws, const pixman_region32_t *need);
/* Whether a shape query awaits its reply: windows_fetched applies it, before
 * windows_collect. */
bool windows_shapes_pending(const struct windows *ws);
/* After the round trip: applies replies. */
void windows_fetched(struct windows *ws);
/* The windows to paint, bottom to top, into ws->rw; returns the count. */
size_t windows_collect(struct windows *ws);

#endif
