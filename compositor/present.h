/* Frames on screen: two screen-sized back buffers presented to the overlay
 * with Present (each written again only after its IdleNotify), window pixmaps
 * presented directly, and the frame numbers. News goes up through callbacks:
 * a completed frame, and a request for memory when a back buffer cannot be had. */
#ifndef SHMCOMP_COMPOSITOR_PRESENT_H
#define SHMCOMP_COMPOSITOR_PRESENT_H

#include <pixman.h>
#include <stdbool.h>
#include <stdint.h>
#include <xcb/present.h>
#include <xcb/xcb.h>
#include <xcb/xfixes.h>

#include "compositor/display.h"
#include "compositor/log.h"
#include "shm/shm.h"

/* A back buffer. `stale` is what changed on screen since it was last painted. */
struct present_back {
	struct shm_buffer *buf;
	pixman_region32_t stale;
	uint64_t served; /* the frame whose server-side copies into it were the last */
};

struct present {
	struct display *dpy;
	struct shm_ctx *shm;
	const struct comp_log *log;
	xcb_window_t target; /* the overlay */
	bool vsync;
	uint32_t width, height;
	xcb_connection_t *news;  /* Present's events come here (present_read) */
	xcb_present_event_t eid; /* an id of `news` */
	bool started;            /* present_init ran: present_finish has something to undo */
	xcb_xfixes_region_t update;
	struct present_back back[2];
	struct present_back *last;     /* holds the newest complete frame; NULL after a
	                                * frame shown from a window's pixmap */
	uint64_t presented, completed; /* frame numbers; serial = low 32 bits */
	bool in_flight;                /* a present awaits its CompleteNotify */
	bool back_missing;             /* a back buffer could not be had (said once) */
	/* Callbacks, set by the top layer. */
	void *data;
	void (*frame_completed)(void *data);
	bool (*make_room)(void *data); /* free memory for a back buffer; false: none left */
};

/* Fills in the dependencies first. False with a message. */
bool present_init(struct present *p, char *err, size_t errlen);
/* Accepts a half-initialised one. */
void present_finish(struct present *p);
/* New back buffers for a new screen size; false when one could not be had. */
bool present_resize(struct present *p, uint32_t width, uint32_t height);
/* A back buffer the next frame may paint, or NULL until an IdleNotify. */
struct present_back *present_idle_back(struct present *p);
/* The frame number the next present_pixmap() calls belong to. */
uint32_t present_next_frame(struct present *p);
/* Presents `region` (screen coordinates) of `pixmap`, whose (0,0) goes to
 * (x, y) on the target, as part of frame `serial`. Returns the request's number. */
uint32_t present_pixmap(struct present *p, xcb_pixmap_t pixmap, const pixman_region32_t *region,
        int32_t x, int32_t y, uint32_t serial);
/* Handles the Present events (CompleteNotify, IdleNotify) that have come, without
 * waiting. */
void present_read(struct present *p);
/* The connection Present's events come on, for poll(): watched while present_out()
 * and something waits for them (a frame for a buffer, a wait, --vsync's pacing). */
int present_fd(const struct present *p);
/* A present awaits its CompleteNotify, or a back buffer its IdleNotify. */
bool present_out(const struct present *p);
/* That connection broke (the server went away). */
bool present_lost(const struct present *p);

#endif
