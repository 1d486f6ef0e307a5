/* XInput 2 raw events, only as times: shmcomp never reads what was pressed. */
#include <stdlib.h>
#include <xcb/xinput.h>

#include "compositor/display.h"
#include "compositor/input.h"

static void select_events(xcb_connection_t *conn, xcb_window_t root, uint32_t mask)
{
	struct {
		xcb_input_event_mask_t head;
		uint32_t mask;
	} sel = {{XCB_INPUT_DEVICE_ALL_MASTER, mask ? 1 : 0}, mask};

	/* an empty mask (length 0) deselects; the server keeps its record of us
	 * (INPUTCLIENT) until we disconnect */
	xcb_input_xi_select_events(conn, root, 1, &sel.head);
}

bool input_init(struct input *in, struct display *d)
{
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(d->conn, &xcb_input_id);
	xcb_input_xi_query_version_reply_t *v;

	*in = (struct input){0};
	if (!ext || !ext->present)
		return false;
	/* A client must say which XI2 it speaks before it selects XI2 events. */
	v = display_reply(d, xcb_input_xi_query_version_reply(
	                             d->conn, xcb_input_xi_query_version(d->conn, 2, 0), NULL));
	if (!v || v->major_version < 2) {
		free(v);
		return false;
	}
	free(v);
	select_events(d->conn, d->root,
	        XCB_INPUT_XI_EVENT_MASK_RAW_KEY_PRESS | XCB_INPUT_XI_EVENT_MASK_RAW_KEY_RELEASE |
	                XCB_INPUT_XI_EVENT_MASK_RAW_BUTTON_PRESS |
	                XCB_INPUT_XI_EVENT_MASK_RAW_BUTTON_RELEASE |
	                XCB_INPUT_XI_EVENT_MASK_RAW_MOTION);
	in->opcode = ext->major_opcode;
	in->on = true;
	return true;
}

void input_finish(struct input *in, struct display *d)
{
	if (in->on && d->conn)
		select_events(d->conn, d->root, 0);
	in->on = false;
}

bool input_handle_event(struct input *in, const xcb_generic_event_t *ev, uint64_t now_ms)
{
	const xcb_ge_generic_event_t *ge = (const void *)ev;

	if (!in->on || (ev->response_type & 0x7f) != XCB_GE_GENERIC || ge->extension != in->opcode)
		return false;
	switch (ge->event_type) {
	case XCB_INPUT_RAW_MOTION:
		in->motion_ms = now_ms;
		break;
	case XCB_INPUT_RAW_KEY_PRESS:
	case XCB_INPUT_RAW_KEY_RELEASE:
	case XCB_INPUT_RAW_BUTTON_PRESS:
	case XCB_INPUT_RAW_BUTTON_RELEASE:
		in->press_ms = now_ms;
		break;
	default:
		break;
	}
	return true;
}
