/* One frame: the screen's damage (grown by what blurred windows make of it)
 * painted and presented. Where one opaque window shows part of the damage, the
 * server presents that part from the window's own pixmap; where other opaque
 * window bodies show by themselves, the server copies them into an idle back
 * buffer; the rest is fetched (with what blurs read around it) and rendered
 * with pixman into that buffer, which is presented. */
#ifndef SHMCOMP_COMPOSITOR_PAINT_H
#define SHMCOMP_COMPOSITOR_PAINT_H

#include <pixman.h>

struct comp;

/* Pixels counted since the start (shmcomp-ctl stats). */
struct paint_stats {
	uint64_t damage_pixels; /* the frames' damage (after blur growth), presented */
	uint64_t render_pixels; /* rendered into back buffers (their stale parts) */
	uint64_t copied_pixels; /* copied into a back buffer from the other one */
	uint64_t direct_pixels; /* presented straight from window pixmaps */
	uint64_t served_pixels; /* copied by the server from window pixmaps into back buffers */
	uint64_t last_damage;   /* damage_pixels of the last frame */
	uint64_t fetch_waits;   /* round trips frames waited on for window pixels */
};

struct paint {
	pixman_region32_t direct;    /* scratch: the part presented from a window pixmap */
	pixman_region32_t need;      /* scratch: what a frame renders */
	pixman_region32_t input;     /* scratch: what it reads (blurs read around need) */
	pixman_region32_t copy;      /* scratch: what it copies from the other back buffer */
	pixman_region32_t served;    /* scratch: what the server copies in from window pixmaps */
	uint64_t mirrors_checked_ms; /* the last look for idle mirrors */
	uint64_t segments_asked;     /* SHM segments reused or created by then */
	int idle_ms;                 /* paint_release_idle's last answer */
	bool landing;                /* this frame's fetches await their round trip */
	struct paint_stats stats;
};

enum paint_result {
	PAINT_NOTHING, /* no damage: nothing to present */
	PAINT_SHOWN,   /* a frame was presented */
	PAINT_WAITING, /* damage waits (vsync, a busy back buffer, no memory) */
};

void paint_init(struct paint *p);
void paint_finish(struct paint *p);
enum paint_result paint_frame(struct comp *c);
/* The mirror policy's clock (see MIRROR_IDLE_MS): once every PAINT_IDLE_LOOK_MS,
 * mirrors no frame needed for MIRROR_IDLE_MS go back to the pool, and the pool's
 * cached segments are freed when none was asked for since the look before (a
 * quiet screen holds only what it shows). Returns the ms until the next look,
 * -1 when there is nothing to give back. */
#define PAINT_IDLE_LOOK_MS 1000
int paint_release_idle(struct comp *c);

#endif
