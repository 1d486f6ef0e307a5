/* The root background as the screen shows it under the windows: the pixmap
 * that _XROOTPMAP_ID or ESETROOT_PMAP_ID names (validated: it may be freed,
 * of depth 1 or bogus) copied into SHM; none means background-color. */
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
};

/* Reads the properties again and copies the pixmap they name. */
void background_update(struct background *b);
/* Accepts a background that was never read. */
void background_finish(struct background *b);
/* True for the root properties that name the background. */
bool background_is_property(const struct background *b, xcb_atom_t atom);
/* What render_frame paints under the windows. */
void background_for_render(const struct background *b, uint32_t color,
	struct render_background *out);

#endif
