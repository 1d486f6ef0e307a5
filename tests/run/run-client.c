/* COMMAND for the shmcomp-run tests: one X client, four questions about the display it runs
 * on. Usage: run-client frame | hold | size W H | xsettings
 *   frame      maps a window; exit 0 if the window manager framed it before it was mapped
 *              (ReparentNotify before MapNotify: the WM was managing windows already)
 *   hold       maps a window and waits until the X server goes away
 *   size W H   exit 0 if the root window is W x H
 *   xsettings  exit 0 if some client owns _XSETTINGS_S0
 * Each prints DISPLAY and what it found. Exit 1 on a wrong answer, 2 on bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/xcb.h>

#include "tests/harness/harness.h"

static xcb_window_t map_window(xcb_connection_t *c, const xcb_screen_t *s)
{
	xcb_window_t w = xcb_generate_id(c);
	uint32_t values[] = {s->white_pixel, XCB_EVENT_MASK_STRUCTURE_NOTIFY};

	xcb_create_window(c, XCB_COPY_FROM_PARENT, w, s->root, 10, 10, 100, 100, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT,
	        XCB_CW_BACK_PIXEL | XCB_CW_EVENT_MASK, values);
	xcb_change_property(c, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING, 8,
	        sizeof "run-client\0RunClient", "run-client\0RunClient");
	xcb_map_window(c, w);
	xcb_flush(c);
	return w;
}

static int frame(xcb_connection_t *c, const xcb_screen_t *s)
{
	xcb_window_t w = map_window(c, s), parent = s->root;
	xcb_generic_event_t *e;

	while ((e = xcb_wait_for_event(c))) {
		uint8_t type = e->response_type & 0x7f;

		if (type == XCB_REPARENT_NOTIFY && ((xcb_reparent_notify_event_t *)e)->window == w)
			parent = ((xcb_reparent_notify_event_t *)e)->parent;
		if (type == XCB_MAP_NOTIFY && ((xcb_map_notify_event_t *)e)->window == w) {
			free(e);
			if (parent == s->root) {
				printf("mapped without a frame\n");
				return 1;
			}
			printf("framed in 0x%x before it was mapped\n", parent);
			return 0;
		}
		free(e);
	}
	printf("lost the connection\n");
	return 1;
}

static int hold(xcb_connection_t *c, const xcb_screen_t *s)
{
	xcb_generic_event_t *e;

	map_window(c, s);
	while ((e = xcb_wait_for_event(c)))
		free(e);
	return 0;
}

static int xsettings(xcb_connection_t *c)
{
	xcb_atom_t sel = x_atom(c, "_XSETTINGS_S0");
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(c, xcb_get_selection_owner(c, sel), NULL);
	xcb_window_t owner = r ? r->owner : XCB_NONE;

	free(r);
	printf("_XSETTINGS_S0 owner 0x%x\n", owner);
	return owner != XCB_NONE ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	xcb_connection_t *c = xcb_connect(NULL, NULL);
	const xcb_screen_t *s;
	int status = 2;

	printf("DISPLAY=%s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "");
	if (xcb_connection_has_error(c)) {
		printf("cannot connect\n");
		return 1;
	}
	s = xcb_setup_roots_iterator(xcb_get_setup(c)).data;
	if (strcmp(mode, "frame") == 0) {
		status = frame(c, s);
	} else if (strcmp(mode, "hold") == 0) {
		status = hold(c, s);
	} else if (strcmp(mode, "xsettings") == 0) {
		status = xsettings(c);
	} else if (strcmp(mode, "size") == 0 && argc == 4) {
		printf("root %ux%u\n", s->width_in_pixels, s->height_in_pixels);
		status = s->width_in_pixels == atoi(argv[2]) && s->height_in_pixels == atoi(argv[3])
		                 ? 0
		                 : 1;
	} else {
		fprintf(stderr, "usage: run-client frame | hold | size W H | xsettings\n");
	}
	xcb_disconnect(c);
	return status;
}
