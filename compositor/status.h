/* What the control protocol reports about the screen: whether it is settled
 * (and why not), and one window's geometry and effects. */
#ifndef SHMCOMP_COMPOSITOR_STATUS_H
#define SHMCOMP_COMPOSITOR_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <xcb/xcb.h>

struct comp;

/* A window found already mapped (it may have drawn before shmcomp watched it)
 * counts as having drawn once it has been on screen this long without damage. */
#define COMP_MET_MAPPED_GRACE_MS 2000u

/* True when settled; `buf` gets the reasons when not (key=value lines); with
 * len 0 (buf may be NULL) nothing is written. */
bool status_settled(struct comp *c, char *buf, size_t len);
/* One window's geometry and effects as key=value lines; false (and a message)
 * when `id` is not a toplevel or client shmcomp composites. */
bool status_window_text(struct comp *c, xcb_window_t id, char *buf, size_t len);

#endif
