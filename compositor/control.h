/* The compositor's side of the control protocol (proto/ctl-proto.h, doc/ctl.md):
 * requests arrive as ClientMessages on the selection window, replies go to the
 * window each request names (the reply window). A `wait` is answered once the
 * frame that holds every damage received before it has completed on screen; a
 * settled wait once the screen is settled.
 *
 * Any client on the display can send requests, so what waits is bounded: at
 * most CONTROL_CLIENT_CAP pending requests per X client (the client part of the
 * reply window's id) and CONTROL_TOTAL_CAP in all; beyond them a request is
 * refused at once. A wait whose reply window is destroyed (or never existed)
 * is dropped. Answering costs what is answered: frame waits are kept in frame
 * order, settled waits apart, so no event walks every waiter.
 *
 * A flood must not make shmcomp write faster than the X server reads: while a
 * write blocks, libxcb reads every incoming event into memory, and an honest
 * request waits behind them all. So what a request costs in requests of our
 * own is rationed: at most CONTROL_NEW_TARGETS_PER_S new reply windows a second
 * (each is watched with one request; honest clients reuse theirs) and
 * CONTROL_REFUSALS_PER_S refusals a second; beyond that a request is dropped
 * without a reply (counted in ctl_silenced). */
#ifndef SHMCOMP_COMPOSITOR_CONTROL_H
#define SHMCOMP_COMPOSITOR_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "util/list.h"

struct comp;

#define CONTROL_CLIENT_CAP 256u
#define CONTROL_TOTAL_CAP 8192u
#define CONTROL_BUCKETS 1024u /* hash buckets of reply windows and clients */
#define CONTROL_NEW_TARGETS_PER_S 1024u
#define CONTROL_REFUSALS_PER_S 1024u
/* Looks at the root's own background before answering a wait (see background.h):
 * every wait of an honest client; under a flood, at most this many a second. */
#define CONTROL_PROBES_PER_S 10u
/* Reply windows kept watched without waits (a client asking again costs nothing). */
#define CONTROL_IDLE_TARGETS 1024u

/* A token bucket: `rate` tokens a second, at most `rate` saved up. */
struct control_budget {
	uint32_t rate;
	double tokens;
	uint64_t last_ms;
};

struct control_target; /* a reply window with pending waits */
struct control_client; /* an X client with pending waits */

struct control {
	struct list frame_waits;   /* control_wait::link, frame numbers ascending */
	struct list settled_waits; /* control_wait::link, in arrival order */
	size_t pending;            /* waits in both lists */
	struct control_target *targets[CONTROL_BUCKETS];
	struct control_client *clients[CONTROL_BUCKETS];
	struct list idle_targets; /* control_target::idle_link, the oldest first */
	size_t nidle;
	uint32_t client_mask; /* the bits of an XID that name its client */
	struct control_budget new_targets, refusals, probes;
	uint64_t refused;  /* requests refused for the caps */
	uint64_t silenced; /* requests dropped without a reply (budgets spent) */
	uint64_t dropped;  /* waits dropped: their reply window went away */
	uint32_t retry_ms; /* a settled wait could be answered after this long */
};

void control_init(struct control *ctl, uint32_t client_mask);
/* Drops what is pending (no replies); accepts an uninitialised one (zeroed). */
void control_finish(struct control *ctl);

void control_request(struct comp *c, const xcb_client_message_event_t *ev);
/* A frame completed: answers the waits it satisfies. */
void control_frame_completed(struct comp *c);
/* Nothing was left to present: waits are answered by the last frame. */
void control_nothing_to_present(struct comp *c);
/* Answers settled waits if the screen is settled now. */
void control_check_settled(struct comp *c);
/* True while settled waits are queued (the loop then looks again regularly:
 * after retry_ms when a quiet period is running out). */
bool control_settled_pending(const struct control *ctl);
/* Some wait (for a frame or for the screen to settle) is not answered yet. */
bool control_waits(const struct control *ctl);
/* A window was destroyed, or an error says it does not exist: its waits go. */
void control_window_gone(struct control *ctl, xcb_window_t window);

#endif
