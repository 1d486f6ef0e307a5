/* The one event dispatcher: reads the X event queue (Present's events come
 * on a connection of their own: compositor/present.c) and the replies, and
 * hands each to the part that owns it. It
 * is the only place that knows every part; policy (key actions, quitting)
 * is reached through the callbacks in struct comp. */
#ifndef SHMCOMP_COMPOSITOR_DISPATCH_H
#define SHMCOMP_COMPOSITOR_DISPATCH_H

#include <stdbool.h>
#include <xcb/xcb.h>

struct comp;

void dispatch_event(struct comp *c, xcb_generic_event_t *ev);
/* Handles every event already read, and with `read` every event readable
 * without blocking, until none is left in memory (so that poll() on the
 * socket tells the rest); true when there was any but Damage events the last
 * frame shows already (windows_shown_direct), which need no frame. */
bool dispatch_drain(struct comp *c, bool read);

#endif
