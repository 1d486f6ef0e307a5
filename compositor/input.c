/* XInput 2 raw events, only as times: shmcomp never reads what was pressed. */
#include <stdlib.h>
#include <xcb/xinput.h>

#include "compositor/input.h"

bool input_init(struct input *in, xcb_connection_t *conn, xcb_window_t root)
{
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(conn, &xcb_input_id);
	xcb_input_xi_query_version_reply_t *v;
	struct {
		xcb_input_event_mask_t head;
		uint32_t mask;
	} sel = {{XCB_INPUT_DEVICE_ALL_MASTER, 1},
		XCB_INPUT_XI_EVENT_MASK_RAW_KEY_PRESS | XCB_INPUT_XI_EVENT_MASK_RAW_KEY_RELEASE |
			XCB_INPUT_XI_EVENT_MASK_RAW_BUTTON_PRESS |
			XCB_INPUT_XI_EVENT_MASK_RAW_BUTTON_RELEASE |
			XCB_INPUT_XI_EVENT_MASK_RAW_MOTION};

	*in = (struct input){0};
	if (!ext || !ext->present)
		return false;
	/* A client must say which XI2 it speaks before it selects XI2 events. */
	v = xcb_input_xi_query_version_reply(conn, xcb_input_xi_query_version(conn, 2, 0), NULL);
	if (!v || v->major_version < 2) {
		free(v);
		return false;
	}
	free(v);
	xcb_generic_error_t *e =
		xcb_request_check(conn, xcb_input_xi_select_events_checked(conn, root, 1, &sel.head));
	if (e) {
		free(e);
		return false;
	}
	in->opcode = ext->major_opcode;
	in->on = true;
	return true;
}

bool input_handle_event(struct input *in, const xcb_generic_event_t *ev, uint64_t now_ms)
{
	const xcb_ge_generic_event_t *ge = (const void *)ev;

	if (!in->on || (ev->response_type & 0x7f) != XCB_GE_GENERIC || ge->extension != in->opcode)
		return false;
	switch (ge->event_type) {
	case XCB_INPUT_RAW_MOTION:
		in->motion_ms = now_ms;
		in->motions++;
		break;
	case XCB_INPUT_RAW_KEY_PRESS:
	case XCB_INPUT_RAW_KEY_RELEASE:
	case XCB_INPUT_RAW_BUTTON_PRESS:
	case XCB_INPUT_RAW_BUTTON_RELEASE:
		in->press_ms = now_ms;
		in->presses++;
		break;
	default:
		break;
	}
	return true;
}
