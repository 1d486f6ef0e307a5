/* Test keyboard: XKB keymap lookups and XTEST chords. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/xtest.h>
#include <xkbcommon/xkbcommon-x11.h>

#include "tests/harness/harness.h"
#include "tests/harness/keyboard.h"

xcb_keycode_t keyboard_code(xcb_connection_t *c, const char *keysym)
{
	struct xkb_context *ctx = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	xkb_keysym_t sym = xkb_keysym_from_name(keysym, XKB_KEYSYM_NO_FLAGS);
	struct xkb_keymap *km = NULL;
	xcb_keycode_t found = 0;

	if (ctx && xkb_x11_setup_xkb_extension(c, XKB_X11_MIN_MAJOR_XKB_VERSION,
	                   XKB_X11_MIN_MINOR_XKB_VERSION, 0, NULL, NULL, NULL, NULL)) {
		int32_t dev = xkb_x11_get_core_keyboard_device_id(c);
		km = dev < 0 ? NULL : xkb_x11_keymap_new_from_device(ctx, c, dev, 0);
	}
	for (xkb_keycode_t k = km ? xkb_keymap_min_keycode(km) : 256; k <= 255 && !found; k++) {
		const xkb_keysym_t *syms;
		int n = xkb_keymap_key_get_syms_by_level(km, k, 0, 0, &syms);
		for (int i = 0; i < n; i++)
			if (syms[i] == sym)
				found = (xcb_keycode_t)k;
	}
	xkb_keymap_unref(km);
	xkb_context_unref(ctx);
	return found;
}

bool keyboard_chord(xcb_connection_t *c, const char *chord)
{
	xcb_keycode_t codes[8];
	char buf[128], *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof buf, "%s", chord);
	for (char *t = strtok_r(buf, " ", &save); t && n < 8; t = strtok_r(NULL, " ", &save)) {
		codes[n] = t[0] == '#' ? (xcb_keycode_t)atoi(t + 1) : keyboard_code(c, t);
		if (!codes[n++]) {
			fprintf(stderr, "no key produces %s\n", t);
			return false;
		}
	}
	for (size_t i = 0; i < n; i++)
		xcb_test_fake_input(
		        c, XCB_KEY_PRESS, codes[i], XCB_CURRENT_TIME, XCB_NONE, 0, 0, 0);
	while (n--)
		xcb_test_fake_input(
		        c, XCB_KEY_RELEASE, codes[n], XCB_CURRENT_TIME, XCB_NONE, 0, 0, 0);
	x_sync(c);
	return true;
}

void pointer_click(xcb_connection_t *c, xcb_window_t root, int16_t x, int16_t y, uint8_t button)
{
	xcb_test_fake_input(c, XCB_MOTION_NOTIFY, 0, XCB_CURRENT_TIME, root, x, y, 0);
	if (button >= 1 && button <= 5) {
		xcb_test_fake_input(
		        c, XCB_BUTTON_PRESS, button, XCB_CURRENT_TIME, XCB_NONE, 0, 0, 0);
		xcb_test_fake_input(
		        c, XCB_BUTTON_RELEASE, button, XCB_CURRENT_TIME, XCB_NONE, 0, 0, 0);
	}
	x_sync(c);
}
