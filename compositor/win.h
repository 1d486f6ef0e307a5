/* Per-window state of the compositor (private to compositor/): what
 * windows.c keeps for the pixels and what effects.c keeps for the looks. */
#ifndef SHMCOMP_COMPOSITOR_WIN_H
#define SHMCOMP_COMPOSITOR_WIN_H

#include <xcb/damage.h>
#include <xcb/shape.h>

#include "compositor/comp.h"
#include "compositor/winfo.h"

struct win {
	struct comp_win *cw;
	bool ignored; /* the overlay, our own windows, InputOnly windows */
	xcb_damage_damage_t damage;
	xcb_pixmap_t pixmap;       /* named window pixmap while mapped */
	struct shm_buffer *mirror; /* outer size, window depth */
	bool mirror_valid;         /* holds fetched pixels */
	pixman_region32_t fetch;   /* outer coordinates, to copy next frame */
	pixman_region32_t shape;   /* bounding shape, outer coordinates */
	bool shape_known, shape_dirty;
	xcb_shape_query_extents_cookie_t extents_cookie;
	xcb_shape_get_rectangles_cookie_t shape_cookie;
	bool shape_in_flight;
	bool damaged;              /* DamageSubtract owed */
	bool painted;              /* damage seen since mapped or resized */
	uint16_t damage_seq;       /* DamageCreate's sequence: its own report is not a paint */
	uint64_t met_mapped_ms;    /* real time DamageCreate found it mapped; 0 otherwise */
	uint32_t opacity;          /* _NET_WM_WINDOW_OPACITY, opaque when unset */
	bool has_opacity;
	bool warned;
	bool mirror_lost;          /* given up for a back buffer; acquired again when possible */
	/* A window 32767 pixels wide or high is drawn through a view of the part of
	 * its mirror that is on screen (see RENDER_MAX_SIDE). */
	pixman_image_t *view;
	pixman_box32_t view_box;   /* the part, in outer coordinates */
	pixman_region32_t view_shape;
	struct list dirty_link;    /* comp::dirty */

	/* effects.c */
	struct win_info info;
	bool info_known;
	bool focused;
	bool fx_shadow, fx_fade;
	uint32_t fx_corner;
	double fx_dim;
	double target;             /* opacity to reach, 0..1 */
	struct render_fade fade;   /* the opacity shown now */
	bool closing;              /* unmapped (or destroyed), fading out */
	bool zombie;               /* destroyed; kept by us until its fade ends */
	struct list anim_link;     /* comp::anim while the fade runs */
};

static inline struct win *win_of(struct comp_win *cw)
{
	return cw ? cw->user : NULL;
}

/* windows.c */
/* The toplevel whose client window is `id` (a WM frame's child), or NULL. */
struct win *win_by_client(struct comp *c, xcb_window_t id);
void win_damage_area(struct comp *c, struct win *w, const struct wintrack_rect *r);
void win_finish_close(struct comp *c, struct win *w);

/* effects.c */
void fx_window_update(struct comp *c, struct win *w);
void fx_window_mapped(struct comp *c, struct win *w);
bool fx_window_unmapped(struct comp *c, struct win *w);
void fx_window_forget(struct comp *c, struct win *w);
void fx_fill(const struct comp *c, const struct win *w, struct render_window *rw);
bool fx_plain(const struct win *w);
void fx_extents(const struct comp *c, const struct win *w, const struct wintrack_rect *r,
	pixman_box32_t *out);

#endif
