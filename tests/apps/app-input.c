/* Input for the real-application tests, sent with XTEST to $DISPLAY (a tiny xdotool).
 * Usage: app-input key CHORD...  | click X Y [BUTTON] | move X Y | focus WINDOW-ID
 *   key    presses each CHORD ("Tab", "Control_L l", keysym names) in turn
 *   click  moves the pointer to X,Y on the root and clicks BUTTON (default 1)
 *   move   moves the pointer to X,Y on the root
 *   focus  sets the input focus to the window (hex or decimal id)
 * Exit 0 when done, 1 when the server refused or a key name is unknown, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include "tests/harness/harness.h"
#include "tests/harness/keyboard.h"

static int usage(void)
{
	fprintf(stderr, "usage: app-input key CHORD... | click X Y [BUTTON] | move X Y | "
	                "focus WINDOW-ID\n");
	return 2;
}

static bool parse_coord(const char *s, int16_t *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < -32768 || v > 32767)
		return false;
	*out = (int16_t)v;
	return true;
}

int main(int argc, char **argv)
{
	xcb_connection_t *c;
	xcb_screen_t *s;
	int16_t x, y;
	int status = 0;

	if (argc < 2)
		return usage();
	c = xcb_connect(NULL, NULL);
	if (xcb_connection_has_error(c)) {
		fprintf(stderr, "app-input: cannot connect to %s\n", getenv("DISPLAY"));
		xcb_disconnect(c);
		return 1;
	}
	s = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	if (strcmp(argv[1], "key") == 0 && argc > 2) {
		for (int i = 2; i < argc && status == 0; i++)
			if (!keyboard_chord(c, argv[i])) {
				fprintf(stderr, "app-input: no key for '%s'\n", argv[i]);
				status = 1;
			}
	} else if ((strcmp(argv[1], "click") == 0 && (argc == 4 || argc == 5)) ||
	           (strcmp(argv[1], "move") == 0 && argc == 4)) {
		long button = argc == 5 ? strtol(argv[4], NULL, 10) : 1;

		if (!parse_coord(argv[2], &x) || !parse_coord(argv[3], &y) || button < 1 ||
		        button > 5) {
			xcb_disconnect(c);
			return usage();
		}
		pointer_click(c, s->root, x, y, argv[1][0] == 'c' ? (uint8_t)button : 0);
	} else if (strcmp(argv[1], "focus") == 0 && argc == 3) {
		xcb_window_t w = (xcb_window_t)strtoul(argv[2], NULL, 0);

		xcb_set_input_focus(c, XCB_INPUT_FOCUS_POINTER_ROOT, w, XCB_CURRENT_TIME);
		x_sync(c);
	} else {
		xcb_disconnect(c);
		return usage();
	}
	if (xcb_connection_has_error(c))
		status = 1;
	xcb_disconnect(c);
	return status;
}
