/* Pressing keys and clicking in tests: keysym names to keycodes through the server's XKB
 * keymap (xkbcommon-x11), and chords sent with XTEST. */
#ifndef SHMCOMP_TESTS_KEYBOARD_H
#define SHMCOMP_TESTS_KEYBOARD_H

#include <stdbool.h>
#include <xcb/xcb.h>

/* The keycode producing `keysym` (an xkbcommon name) at level 1, or 0. */
xcb_keycode_t keyboard_code(xcb_connection_t *c, const char *keysym);
/* Presses the space-separated keysyms ("Super_L Shift_L s"; "#200" is keycode
 * 200) in order, releases them in reverse, then does a round trip. False when a
 * name has no key. */
bool keyboard_chord(xcb_connection_t *c, const char *chord);
/* Moves the pointer to x,y on `root` and, with button 1..5, clicks it (press,
 * release); then a round trip. */
void pointer_click(xcb_connection_t *c, xcb_window_t root, int16_t x, int16_t y, uint8_t button);

#endif
