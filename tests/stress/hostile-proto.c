/* Hostile protocol use: control requests naming bogus reply windows, unknown
 * commands, floods; and events forged with SendEvent (any client may send any
 * core or extension event to the root or to shmcomp's window): structure
 * events, RandR screen changes, SelectionClear, Damage and Shape notifies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/damage.h>
#include <xcb/randr.h>
#include <xcb/shape.h>

#include "proto/ctl-proto.h"
#include "tests/stress/hostile.h"

union ev32 {
	char bytes[32];
	xcb_client_message_event_t cm;
	xcb_destroy_notify_event_t destroy;
	xcb_unmap_notify_event_t unmap;
	xcb_map_notify_event_t map;
	xcb_configure_notify_event_t configure;
	xcb_reparent_notify_event_t reparent;
	xcb_circulate_notify_event_t circulate;
	xcb_create_notify_event_t create;
	xcb_selection_clear_event_t selclear;
	xcb_expose_event_t expose;
	xcb_property_notify_event_t property;
	xcb_randr_screen_change_notify_event_t randr;
	xcb_damage_notify_event_t damage;
	xcb_shape_notify_event_t shape;
};

static void request(struct hostile *h, xcb_window_t to, uint8_t format, uint32_t cmd,
        uint32_t reply_window, uint32_t id)
{
	union ev32 e;

	memset(&e, 0, sizeof e);
	e.cm.response_type = XCB_CLIENT_MESSAGE;
	e.cm.format = format;
	e.cm.window = to;
	e.cm.type = h->a.ctl_request;
	e.cm.data.data32[0] = cmd;
	e.cm.data.data32[1] = reply_window;
	e.cm.data.data32[2] = id;
	xcb_send_event(h->c, 0, to, XCB_EVENT_MASK_NO_EVENT, e.bytes);
}

/* ---- control requests ---- */

static bool c_bogus_reply_windows(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	uint32_t windows[] = {XCB_NONE, 0x1fffffff, 0xffffffff, h->s->root, cm};
	uint32_t cmds[] = {CTL_WAIT, CTL_STATS, CTL_RELOAD, 0, 99, 0xffffffff};

	for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
		for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++)
			request(h, cm, 32, cmds[c], windows[w], (uint32_t)(w * 10 + c));
	return true;
}

static bool c_wrong_format(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	xcb_window_t mine = hostile_window(h, -10, -10, 1, 1, 0, 0, false);

	request(h, cm, 8, CTL_WAIT, mine, 1);
	request(h, cm, 16, CTL_STATS, mine, 2);
	request(h, cm, 0, CTL_STATS, mine, 3);
	request(h, cm, 255, CTL_WAIT, mine, 4);
	return true;
}

static bool c_flood_waits(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	xcb_window_t mine = hostile_window(h, -10, -10, 1, 1, 0, 0, false);
	xcb_window_t damaged = hostile_window(h, 10, 10, 100, 100, 0, 0x102030, true);

	for (uint32_t i = 0; i < 6000; i++) {
		request(h, cm, 32, CTL_WAIT, i % 2 ? mine : 0x1fffff00 + i, i);
		if (i % 100 == 0) {
			uint32_t bg = i * 0x010101;
			xcb_change_window_attributes(h->c, damaged, XCB_CW_BACK_PIXEL, &bg);
			xcb_clear_area(h->c, 0, damaged, 0, 0, 0, 0);
		}
	}
	return true;
}

/* Stats text written onto a window of another client. */
static bool c_stats_elsewhere(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	xcb_window_t victim = stress_window(h->st->c, h->st->s, 600, 10, 20, 20, 0x010203);

	for (uint32_t i = 0; i < 2000; i++)
		request(h, cm, 32, CTL_STATS, i % 2 ? victim : 0x1ffffff0, i);
	hostile_sync(h);
	xcb_destroy_window(h->st->c, victim);
	return true;
}

static bool c_reload_flood(struct hostile *h)
{
	xcb_window_t cm = hostile_cm_window(h);
	xcb_window_t mine = hostile_window(h, -10, -10, 1, 1, 0, 0, false);

	for (uint32_t i = 0; i < 500; i++)
		request(h, cm, 32, CTL_RELOAD, mine, i);
	return true;
}

/* Requests to the root: shmcomp selects SubstructureNotify there. */
static bool c_to_root(struct hostile *h)
{
	union ev32 e;

	memset(&e, 0, sizeof e);
	e.cm.response_type = XCB_CLIENT_MESSAGE;
	e.cm.format = 32;
	e.cm.window = h->s->root;
	e.cm.type = h->a.ctl_request;
	e.cm.data.data32[0] = CTL_STATS;
	e.cm.data.data32[1] = 0x1ffffff0;
	for (int i = 0; i < 200; i++)
		xcb_send_event(h->c, 0, h->s->root,
		        XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY | XCB_EVENT_MASK_STRUCTURE_NOTIFY |
		                XCB_EVENT_MASK_PROPERTY_CHANGE,
		        e.bytes);
	return true;
}

static const struct hostile_case ctl_cases[] = {
        {"bogus-reply-windows", c_bogus_reply_windows},
        {"wrong-format", c_wrong_format},
        {"flood-6000-waits", c_flood_waits},
        {"stats-onto-foreign-window", c_stats_elsewhere},
        {"reload-flood", c_reload_flood},
        {"request-to-root", c_to_root},
};

const struct hostile_group hostile_ctl_group = {ctl_cases, sizeof ctl_cases / sizeof ctl_cases[0]};

/* ---- forged events ---- */

#define SUBSTRUCTURE XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY

/* Twice: to the root for whoever selected SubstructureNotify there, and to
 * shmcomp's own window with an empty mask, which the server delivers to the
 * window's creator whatever the event (extension events included). */
static void to_root(struct hostile *h, union ev32 *e)
{
	xcb_window_t cm = hostile_cm_window(h);

	xcb_send_event(h->c, 0, h->s->root, SUBSTRUCTURE, e->bytes);
	if (cm != XCB_NONE)
		xcb_send_event(h->c, 0, cm, XCB_EVENT_MASK_NO_EVENT, e->bytes);
}

/* Forged structure events about a real mapped window must not change what
 * the compositor shows (wintrack ignores sent events). */
static bool s_structure(struct hostile *h)
{
	xcb_window_t w = hostile_window(h, 100, 100, 200, 150, 0, 0x55aa55, true);
	xcb_window_t other = hostile_window(h, 500, 100, 50, 50, 0, 0x5555aa, false);
	union ev32 e;

	hostile_sync(h);
	memset(&e, 0, sizeof e);
	e.unmap = (xcb_unmap_notify_event_t){
	        .response_type = XCB_UNMAP_NOTIFY, .event = h->s->root, .window = w};
	to_root(h, &e);
	e.configure = (xcb_configure_notify_event_t){.response_type = XCB_CONFIGURE_NOTIFY,
	        .event = h->s->root,
	        .window = w,
	        .x = 600,
	        .y = 500,
	        .width = 5,
	        .height = 5};
	to_root(h, &e);
	e.circulate = (xcb_circulate_notify_event_t){.response_type = XCB_CIRCULATE_NOTIFY,
	        .event = h->s->root,
	        .window = w,
	        .place = XCB_PLACE_ON_BOTTOM};
	to_root(h, &e);
	e.map = (xcb_map_notify_event_t){
	        .response_type = XCB_MAP_NOTIFY, .event = h->s->root, .window = other};
	to_root(h, &e);
	e.create = (xcb_create_notify_event_t){.response_type = XCB_CREATE_NOTIFY,
	        .parent = h->s->root,
	        .window = 0x1ffffff0,
	        .width = 800,
	        .height = 600};
	to_root(h, &e);
	e.reparent = (xcb_reparent_notify_event_t){.response_type = XCB_REPARENT_NOTIFY,
	        .event = h->s->root,
	        .window = w,
	        .parent = other};
	to_root(h, &e);
	e.destroy = (xcb_destroy_notify_event_t){
	        .response_type = XCB_DESTROY_NOTIFY, .event = h->s->root, .window = w};
	to_root(h, &e);
	hostile_sync(h);
	/* A real change afterwards must still be tracked. */
	uint32_t pos[] = {120, 120};
	xcb_configure_window(h->c, w, XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y, pos);
	hostile_sync(h);
	return hostile_expect_pixel(h, 300, 250, 0x55aa55, "window after forged structure events");
}

static bool randr_fake(struct hostile *h, uint16_t w, uint16_t hh)
{
	const xcb_query_extension_reply_t *x = xcb_get_extension_data(h->c, &xcb_randr_id);
	union ev32 e;

	if (!x || !x->present)
		return true;
	memset(&e, 0, sizeof e);
	e.randr = (xcb_randr_screen_change_notify_event_t){
	        .response_type = (uint8_t)(x->first_event + XCB_RANDR_SCREEN_CHANGE_NOTIFY),
	        .root = h->s->root,
	        .request_window = h->s->root,
	        .width = w,
	        .height = hh,
	        .mwidth = 100,
	        .mheight = 100,
	};
	to_root(h, &e);
	hostile_sync(h);
	return true;
}

static bool s_randr_tiny(struct hostile *h)
{
	return randr_fake(h, 1, 1);
}

static bool s_randr_zero(struct hostile *h)
{
	return randr_fake(h, 0, 0);
}

static bool s_randr_huge(struct hostile *h)
{
	return randr_fake(h, 32767, 32767);
}

static bool s_randr_max(struct hostile *h)
{
	return randr_fake(h, 65535, 65535);
}

/* Sent to shmcomp's own window with an empty mask: delivered to its creator. */
static bool s_selection_clear(struct hostile *h)
{
	union ev32 e;
	xcb_window_t cm = hostile_cm_window(h);

	memset(&e, 0, sizeof e);
	e.selclear = (xcb_selection_clear_event_t){
	        .response_type = XCB_SELECTION_CLEAR, .owner = cm, .selection = h->a.cm_s0};
	xcb_send_event(h->c, 0, cm, XCB_EVENT_MASK_NO_EVENT, e.bytes);
	hostile_sync(h);
	sleep_ms(300);
	return true;
}

static bool s_damage_shape(struct hostile *h)
{
	const xcb_query_extension_reply_t *d = xcb_get_extension_data(h->c, &xcb_damage_id);
	const xcb_query_extension_reply_t *s = xcb_get_extension_data(h->c, &xcb_shape_id);
	xcb_window_t w = hostile_window(h, 100, 100, 200, 150, 0, 0x55aa55, true);
	union ev32 e;

	hostile_sync(h);
	for (int i = 0; i < 500; i++) {
		memset(&e, 0, sizeof e);
		e.damage = (xcb_damage_notify_event_t){
		        .response_type = (uint8_t)(d->first_event + XCB_DAMAGE_NOTIFY),
		        .drawable = i % 2 ? w : (xcb_drawable_t)0x1ffffff0 + (uint32_t)i,
		        .area = {-32768, -32768, 65535, 65535},
		        .geometry = {-32768, -32768, 65535, 65535},
		};
		to_root(h, &e);
		memset(&e, 0, sizeof e);
		e.shape = (xcb_shape_notify_event_t){
		        .response_type = (uint8_t)(s->first_event + XCB_SHAPE_NOTIFY),
		        .shape_kind = (uint8_t)(i % 3),
		        .affected_window = i % 2 ? w : h->s->root,
		        .extents_x = -32768,
		        .extents_width = 65535,
		        .shaped = 1};
		to_root(h, &e);
	}
	hostile_sync(h);
	return hostile_expect_pixel(h, 150, 150, 0x55aa55, "window after forged Damage/Shape");
}

static bool s_expose_property(struct hostile *h)
{
	union ev32 e;

	for (int i = 0; i < 500; i++) {
		memset(&e, 0, sizeof e);
		e.property = (xcb_property_notify_event_t){.response_type = XCB_PROPERTY_NOTIFY,
		        .window = h->s->root,
		        .atom = i % 2 ? h->a.xrootpmap : h->a.esetroot};
		xcb_send_event(h->c, 0, h->s->root, XCB_EVENT_MASK_PROPERTY_CHANGE, e.bytes);
		e.expose = (xcb_expose_event_t){.response_type = XCB_EXPOSE,
		        .window = h->s->root,
		        .width = 65535,
		        .height = 65535};
		to_root(h, &e);
	}
	return true;
}

static const struct hostile_case synthetic_cases[] = {
        {"structure-events", s_structure},
        {"damage-and-shape-notify", s_damage_shape},
        {"property-and-expose", s_expose_property},
        {"randr-1x1", s_randr_tiny},
        {"randr-0x0", s_randr_zero},
        {"randr-32767x32767", s_randr_huge},
        {"randr-65535x65535", s_randr_max},
        {"selection-clear", s_selection_clear},
};

const struct hostile_group hostile_synthetic_group = {
        synthetic_cases, sizeof synthetic_cases / sizeof synthetic_cases[0]};
