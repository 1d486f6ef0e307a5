/* What the control protocol reports about the screen: whether it is settled
 * (and why not), and one window's geometry and effects. */
#ifndef SHMCOMP_COMPOSITOR_STATUS_H
#define SHMCOMP_COMPOSITOR_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xcb/xcb.h>

#include "proto/ctl-proto.h"

struct comp;

/* A window found already mapped (it may have drawn before shmcomp watched it)
 * counts as having drawn once it has been on screen this long without damage. */
#define COMP_MET_MAPPED_GRACE_MS 2000u
/* A window that has drawn once is held while its client's child processes work
 * (a terminal's shell starting), for this long after it was mapped at most; they
 * are looked at every COMP_STARTING_LOOK_MS. */
#define COMP_STARTING_MAX_MS 10000u
#define COMP_STARTING_LOOK_MS 100u

/* What "settled" means for one request (proto/ctl-proto.h has the text form). */
struct settle_opts {
	uint32_t quiet_ms, first_quiet_ms;
	xcb_window_t scope; /* only this toplevel (or client) counts; XCB_NONE: all */
	xcb_window_t ignore_ids[CTL_IGNORE_MAX];
	const char *ignore_class[CTL_IGNORE_MAX], *ignore_name[CTL_IGNORE_MAX];
	size_t nids, nclass, nname;
	char *text; /* owns what the patterns point into */
};

/* The defaults: every window counts, CTL_QUIET_DEFAULT_MS and
 * CTL_FIRST_QUIET_DEFAULT_MS. */
void settle_opts_default(struct settle_opts *o);
/* `key=value` lines into `o` (over the defaults); false with a message. */
bool settle_opts_parse(const char *text, struct settle_opts *o, char *err, size_t errlen);
void settle_opts_free(struct settle_opts *o);

/* True when settled by `o` (NULL: the defaults); `buf` gets the reasons when not
 * (key=value lines; len 0: nothing is written, buf may be NULL). `*retry_ms`
 * (may be NULL) gets how long until waiting alone could settle it (a quiet
 * period running out), 0 when no such time is known. */
bool status_settled(
        struct comp *c, const struct settle_opts *o, char *buf, size_t len, uint32_t *retry_ms);
/* One window's geometry and effects as key=value lines; false (and a message)
 * when `id` is not a toplevel or client shmcomp composites. */
bool status_window_text(struct comp *c, xcb_window_t id, char *buf, size_t len);

#endif
