/* The root background as the screen shows it under the windows: the pixmap
 * that _XROOTPMAP_ID or ESETROOT_PMAP_ID names (validated: it may be freed,
 * of depth 1 or bogus) copied into SHM; without one, the root window's own
 * background (a pixel or a pixmap: xsetroot, Xvfb -wr or -retro), read with a
 * probe window. Once the root's children are redirected manually the server no
 * longer paints the root's background, and a ParentRelative child shows
 * whatever was on screen: the probe runs while the redirection is switched to
 * automatic for a moment under a server grab, where the server paints it. */
#ifndef SHMCOMP_COMPOSITOR_BACKGROUND_H
#define SHMCOMP_COMPOSITOR_BACKGROUND_H

#include <stdbool.h>
#include <xcb/xcb.h>

#include "compositor/display.h"
#include "compositor/log.h"
#include "render/render.h"
#include "shm/shm.h"

struct background {
	struct display *dpy;
	struct shm_ctx *shm;
	const struct comp_log *log;
	xcb_pixmap_t pixmap;     /* the root pixmap property's value, validated */
	struct shm_buffer *copy; /* its contents */
	struct shm_buffer *own;  /* the root window's own background, screen-sized */
	uint32_t width, height;  /* the screen's size */
	xcb_window_t probe;      /* the last probe window's id (events about it are ours) */
	struct shm_buffer *next; /* a probe's pixels on their way: done with `marker`'s reply */
	xcb_get_input_focus_cookie_t marker;
	/* Requests of the last probe, by sequence: the damage they report (the
	 * redirection's switch damages every window) is no one's drawing. Full
	 * 32-bit sequences: the 16 bits an event carries wrap every 65536
	 * requests, and damage then matching the old probe was dropped. */
	uint32_t seq_first, seq_last;
	bool probe_sent;
};

/* Reads the properties again and copies the pixmap they name. */
void background_update(struct background *b);
/* Without a root pixmap property, reads the root window's own background again
 * (the root's children must be redirected manually; the probe takes two
 * redirection switches under a server grab and a copy of the screen). xsetroot
 * sends no event, so callers probe when an answer depends on the screen (a
 * wait), as often as they can afford. background_probe_start() sends it (false
 * when there is nothing to probe, or a probe is on its way); the answer comes
 * without a round trip in the middle of the event stream:
 * background_probe_done() says whether it has (with `wait`: waits for it) and
 * sets *changed when what the background shows changed. background_probe()
 * does both at once. */
bool background_probe_start(struct background *b);
bool background_probe_done(struct background *b, bool wait, bool *changed);
bool background_probe(struct background *b);
/* A probe is on its way. */
static inline bool background_probing(const struct background *b)
{
	return b->next != NULL;
}
/* Forgets the root's own background (it no longer fits the screen). */
void background_forget_own(struct background *b);
/* Whether damage with this full sequence (xcb_generic_event_t's full_sequence,
 * which xcb widens to 32 bits) came from the last probe. */
bool background_probe_damage(const struct background *b, uint32_t full_sequence);
/* Accepts a background that was never read. */
void background_finish(struct background *b);
/* True for the root properties that name the background. */
bool background_is_property(const struct background *b, xcb_atom_t atom);
/* What render_frame paints under the windows: the root pixmap, else the
 * configured colour when `color_set`, else the root's own background. */
void background_for_render(
        const struct background *b, uint32_t color, bool color_set, struct render_background *out);
/* The server pixmap holding what background_for_render paints, where the server
 * may copy it from (at the screen's origin, the screen's size, in shared
 * memory); XCB_NONE for a colour, a tiled root pixmap or no SHM. */
xcb_pixmap_t background_pixmap(const struct background *b, bool color_set);

#endif
