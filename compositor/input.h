/* The user's input as a sign that the screen is about to change: a key press,
 * a button or pointer motion (XInput 2 raw events on the root, which come for
 * every device, XTEST's included, whichever window has the focus or grab).
 * `wait --settled` right after a click or key press waits for the application
 * to answer it (doc/ctl.md). Without XInput 2 nothing is known of input. */
#ifndef SHMCOMP_COMPOSITOR_INPUT_H
#define SHMCOMP_COMPOSITOR_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <xcb/xcb.h>

struct display;

struct input {
	bool on;            /* XInput >= 2.0 and the raw events selected */
	uint8_t opcode;     /* XInput's major opcode: its GenericEvents carry it */
	uint64_t press_ms;  /* real time of the last key or button press or release */
	uint64_t motion_ms; /* real time of the last pointer motion */
};

/* Asks for XInput 2 and selects raw key, button and motion events on `root`.
 * False when the server has no XInput 2 (not an error: input is then unknown). */
bool input_init(struct input *in, struct display *d);
/* Deselects the events (the server would keep our selection until we disconnect). */
void input_finish(struct input *in, struct display *d);
/* True when `ev` was XInput's (taken); `now_ms` on the real clock. */
bool input_handle_event(struct input *in, const xcb_generic_event_t *ev, uint64_t now_ms);

#endif
