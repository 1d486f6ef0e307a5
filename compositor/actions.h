/* What key bindings do: a screenshot of the newest frame into a directory,
 * toggling effects; reload and quit go to the callbacks the top layer set. */
#ifndef SHMCOMP_COMPOSITOR_ACTIONS_H
#define SHMCOMP_COMPOSITOR_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"

struct comp;

void actions_run(struct comp *c, enum config_action action);
/* Writes the newest frame as a PNG into `dir` (a new file; its name in
 * `path`); false with a message. */
bool actions_screenshot(
        struct comp *c, const char *dir, char *path, size_t pathlen, char *err, size_t errlen);

#endif
