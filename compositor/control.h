/* The compositor's side of the control protocol (proto/ctl-proto.h, doc/ctl.md):
 * requests arrive as ClientMessages on the selection window, replies go to the
 * window each request names. A `wait` is answered once the frame that holds
 * every damage received before it has completed on screen; a settled wait
 * once the screen is settled. */
#ifndef SHMCOMP_COMPOSITOR_CONTROL_H
#define SHMCOMP_COMPOSITOR_CONTROL_H

#include <stdbool.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "util/list.h"

struct comp;

struct control {
	struct list waits; /* control_wait::link, in arrival order */
};

void control_init(struct control *ctl);
/* Drops what is pending (no replies); accepts an uninitialised one (zeroed). */
void control_finish(struct control *ctl);

void control_request(struct comp *c, const xcb_client_message_event_t *ev);
/* A frame completed: answers the waits it satisfies. */
void control_frame_completed(struct comp *c);
/* Nothing was left to present: waits are answered by the last frame. */
void control_nothing_to_present(struct comp *c);
/* Answers settled waits if the screen is settled now. */
void control_check_settled(struct comp *c);
/* True while settled waits are queued (the loop then looks again regularly). */
bool control_settled_pending(const struct control *ctl);

#endif
