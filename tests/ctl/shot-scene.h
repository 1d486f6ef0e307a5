/* The screen the screenshot tests photograph: seeded random pixels all over the root window
 * (every bit of every pixel exercised) under a few overlapping bordered windows, and the
 * pixel-by-pixel check of shmcomp-ctl's PNG against xwd's dump of the same screen. */
#ifndef SHMCOMP_TESTS_CTL_SHOT_SCENE_H
#define SHMCOMP_TESTS_CTL_SHOT_SCENE_H

#include <stdbool.h>

#include "tests/harness/harness.h"

struct shot_scene;

/* Draws the scene and keeps its connection (and so its windows) until shot_scene_free. */
struct shot_scene *shot_scene_draw(const struct xserver *xs);
/* True when the PNG and the XWD file hold the same screen, pixel for pixel; otherwise says
 * where they differ and writes diff.png into dir. */
bool shot_scene_compare(
        const struct shot_scene *s, const char *png, const char *xwd, const char *dir);
/* Accepts NULL. */
void shot_scene_free(struct shot_scene *s);

#endif
