/* Private header of the scene client: the windows a script created, the X
 * resources used to paint them, and the painter and random-script generator
 * that scene-client.c drives. */
#ifndef SHMCOMP_TESTS_CLIENT_SCENE_H
#define SHMCOMP_TESTS_CLIENT_SCENE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <xcb/xcb.h>

#include "tests/harness/harness.h"

#define SCENE_NAME_MAX 32

enum scene_pattern {
	PAT_CHECKER,
	PAT_HSTRIPES,
	PAT_VSTRIPES,
	PAT_COUNT,
};

/* What a drawable shows; a pure function of these fields and its size. */
struct scene_look {
	uint32_t bg, fg; /* 0xRRGGBB */
	uint8_t alpha;   /* alpha of bg on ARGB windows; fg and lines are opaque */
	uint8_t cell;    /* pattern period in pixels */
	enum scene_pattern pat;
};

struct scene_win {
	char name[SCENE_NAME_MAX];
	xcb_window_t id;
	struct scene_win *parent; /* NULL: the root */
	int16_t x, y;
	uint16_t w, h, bw;
	bool argb;
	bool dirty; /* exposed since last painted */
	struct scene_look look;
};

/* Sequence number of the no-op sent after a script line's requests, so that an
 * X error can be traced to its line. */
struct scene_mark {
	unsigned int end_seq;
	int line;
};

struct scene {
	xcb_connection_t *c;
	xcb_screen_t *screen;
	const xcb_visualtype_t *root_visual;
	xcb_visualid_t argb_visual; /* 0 until the first ARGB window */
	xcb_colormap_t argb_cmap;
	xcb_gcontext_t gc;   /* root depth */
	xcb_gcontext_t gc32; /* depth 32, created with argb_visual */
	xcb_pixmap_t root_pixmap;
	xcb_atom_t xrootpmap_id, opacity;

	struct scene_win **wins; /* owned, in creation order */
	size_t nwins, capwins;

	struct scene_mark *marks; /* lines since the last sync */
	size_t nmarks, capmarks;
	int line;
};

/* scene-client.c */
__attribute__((noreturn, format(printf, 2, 3))) void scene_fail(
        const struct scene *s, const char *fmt, ...);
/* Round trips until no event arrives and every exposed window is repainted. */
void scene_sync(struct scene *s);
/* Handles the queued events, then repaints what they exposed; returns how many. */
int scene_drain(struct scene *s);

/* scene-cmd.c: runs one script line (modified in place); false on `quit`. */
bool scene_exec(struct scene *s, char *line);
void scene_destroy_all(struct scene *s);
struct scene_win *scene_win_by_id(const struct scene *s, xcb_window_t id);

/* scene-paint.c */
uint32_t scene_pixel(const struct scene *s, bool argb, uint32_t rgb, uint8_t alpha);
void scene_paint(struct scene *s, xcb_drawable_t d, bool argb, uint16_t w, uint16_t h,
        const struct scene_look *look);
void scene_look_default(const char *name, struct scene_look *look);

/* scene-random.c: writes a random but valid script; returns false on a bad argument. */
struct scene_random_opts {
	uint64_t seed;
	long ops;
	long sync_every; /* 0: only at the end */
	int width, height;
	bool argb; /* also ARGB windows and translucent opacity (not comparable) */
};
bool scene_random(const struct scene_random_opts *o, FILE *out);

#endif
