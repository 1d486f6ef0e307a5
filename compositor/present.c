/* Two back buffers and the Present requests and events. */
#include <stdio.h>
#include <stdlib.h>

#include "compositor/present.h"
#include "fault/fault.h"

static void back_init(struct present *p, struct present_back *b)
{
	b->buf = shm_buffer_acquire(p->shm, p->width, p->height, p->dpy->screen->root_depth);
	pixman_region32_init_rect(&b->stale, 0, 0, p->width, p->height);
}

static void back_finish(struct present *p, struct present_back *b)
{
	/* A busy buffer goes back to the pool when its IdleNotify comes. */
	shm_buffer_release(p->shm, b->buf);
	b->buf = NULL;
	pixman_region32_fini(&b->stale);
}

/* Present's events come on a connection of their own, `news`. On the main one,
 * each frame's IdleNotify and CompleteNotify came after shmcomp had gone back to
 * sleep and woke it a second time per frame (about 20 µs of its CPU per update
 * in the benchmark's `move`); on their own connection they wait, unread, until a
 * frame begins (present_read), and the main loop watches the connection only
 * while something waits for them (present_fd). The selection is checked: it is
 * in place before the first present on the main connection. */
static bool open_news(struct present *p, char *err, size_t errlen)
{
	xcb_generic_error_t *e;

	p->news = xcb_connect(p->dpy->name, NULL);
	if (xcb_connection_has_error(p->news) || fault_fail(p->dpy->fault, FAULT_X_CONNECT)) {
		snprintf(err, errlen,
		        "cannot open a second connection to the display (for "
		        "Present's events)");
		return false;
	}
	p->eid = xcb_generate_id(p->news);
	e = display_injected_error(p->dpy);
	if (!e)
		e = xcb_request_check(
		        p->news, xcb_present_select_input_checked(p->news, p->eid, p->target,
		                         XCB_PRESENT_EVENT_MASK_COMPLETE_NOTIFY |
		                                 XCB_PRESENT_EVENT_MASK_IDLE_NOTIFY));
	if (e) {
		snprintf(err, errlen, "Present refused to send its events (X error %u)",
		        e->error_code);
		free(e);
		return false;
	}
	return true;
}

bool present_init(struct present *p, char *err, size_t errlen)
{
	xcb_connection_t *conn = p->dpy->conn;

	p->started = true;
	if (!open_news(p, err, errlen))
		return false;
	p->update = xcb_generate_id(conn);
	xcb_xfixes_create_region(conn, p->update, 0, NULL);
	for (int i = 0; i < 2; i++)
		back_init(p, &p->back[i]);
	if (!p->back[0].buf || !p->back[1].buf) {
		snprintf(
		        err, errlen, "cannot allocate the back buffers: %s", shm_ctx_error(p->shm));
		return false;
	}
	return true;
}

void present_finish(struct present *p)
{
	if (!p->started)
		return;
	for (int i = 1; i >= 0; i--)
		back_finish(p, &p->back[i]);
	if (p->update)
		xcb_xfixes_destroy_region(p->dpy->conn, p->update);
	p->update = XCB_NONE;
	/* the event selection ends with the connection */
	if (p->news)
		xcb_disconnect(p->news);
	p->news = NULL;
	p->started = false;
	p->last = NULL;
}

bool present_resize(struct present *p, uint32_t width, uint32_t height)
{
	p->width = width;
	p->height = height;
	for (int i = 0; i < 2; i++) {
		back_finish(p, &p->back[i]);
		back_init(p, &p->back[i]);
	}
	p->last = NULL;
	return p->back[0].buf && p->back[1].buf;
}

static struct shm_buffer *acquire_back(struct present *p)
{
	shm_ctx_trim(p->shm, 0);
	return shm_buffer_acquire(p->shm, p->width, p->height, p->dpy->screen->root_depth);
}

/* A back buffer lost to a full pool (a resize while mirrors held it all) is
 * asked for again, after dropping what the pool caches; the screen's buffers
 * come first: window mirrors make room. */
static void refill_back(struct present *p)
{
	for (int i = 0; i < 2; i++) {
		struct present_back *b = &p->back[i];
		if (b->buf)
			continue;
		b->buf = acquire_back(p);
		while (!b->buf && p->make_room && p->make_room(p->data))
			b->buf = acquire_back(p);
		pixman_region32_union_rect(&b->stale, &b->stale, 0, 0, p->width, p->height);
		if (!b->buf && !p->back_missing)
			comp_log(p->log, COMP_LOG_WARN,
			        "no back buffer (%s); frames wait for memory",
			        shm_ctx_error(p->shm));
		p->back_missing = !b->buf;
	}
}

struct present_back *present_idle_back(struct present *p)
{
	refill_back(p);
	for (int i = 0; i < 2; i++) {
		struct present_back *b = &p->back[i];
		if (b->buf && !shm_buffer_is_busy(b->buf))
			return b;
	}
	return NULL;
}

uint32_t present_next_frame(struct present *p)
{
	return (uint32_t)++p->presented;
}

static void set_update_region(struct present *p, const pixman_region32_t *r, int32_t dx, int32_t dy)
{
	int n = 0;
	pixman_box32_t *boxes = pixman_region32_rectangles(r, &n);
	xcb_rectangle_t stack[64], *rects = stack;

	if (n > 64 && !(rects = malloc((size_t)n * sizeof *rects))) {
		rects = stack;
		n = 1;
		boxes = pixman_region32_extents(r);
	}
	for (int i = 0; i < n; i++)
		rects[i] = (xcb_rectangle_t){(int16_t)(boxes[i].x1 - dx),
		        (int16_t)(boxes[i].y1 - dy), (uint16_t)(boxes[i].x2 - boxes[i].x1),
		        (uint16_t)(boxes[i].y2 - boxes[i].y1)};
	xcb_xfixes_set_region(p->dpy->conn, p->update, (uint32_t)n, rects);
	if (rects != stack)
		free(rects);
}

/* Present takes the update region in pixmap coordinates. All presents of one
 * frame share its serial: they are executed in order, so the frame is
 * complete when any of them is. */
uint32_t present_pixmap(struct present *p, xcb_pixmap_t pixmap, const pixman_region32_t *region,
        int32_t x, int32_t y, uint32_t serial)
{
	set_update_region(p, region, x, y);
	xcb_void_cookie_t ck = xcb_present_pixmap(p->dpy->conn, p->target, pixmap, serial, XCB_NONE,
	        p->update, (int16_t)x, (int16_t)y, XCB_NONE, XCB_NONE, XCB_NONE,
	        p->vsync ? XCB_PRESENT_OPTION_NONE : XCB_PRESENT_OPTION_ASYNC, 0, 0, 0, 0, NULL);
	p->in_flight = true;
	return ck.sequence;
}

static void handle_event(struct present *p, const xcb_generic_event_t *ev)
{
	const xcb_present_generic_event_t *ge = (const void *)ev;

	if (ge->event != p->eid)
		return;
	if (ge->evtype == XCB_PRESENT_EVENT_IDLE_NOTIFY) {
		const xcb_present_idle_notify_event_t *idle = (const void *)ev;
		shm_ctx_idle(p->shm, idle->pixmap, idle->serial);
	} else if (ge->evtype == XCB_PRESENT_EVENT_COMPLETE_NOTIFY) {
		const xcb_present_complete_notify_event_t *done = (const void *)ev;
		/* Serials are the low 32 bits of the frame number. */
		uint64_t frame = (p->presented & ~(uint64_t)0xffffffff) | done->serial;
		if (frame > p->presented)
			frame -= (uint64_t)1 << 32;
		if (frame > p->completed)
			p->completed = frame;
		if (p->completed >= p->presented)
			p->in_flight = false;
		if (p->frame_completed)
			p->frame_completed(p->data);
	}
}

void present_read(struct present *p)
{
	xcb_generic_event_t *ev;

	if (!p->news)
		return;
	/* one read of the socket (xcb_poll_for_event), then what it brought: draining with
	 * xcb_poll_for_event would read again, an EAGAIN system call per frame */
	for (ev = xcb_poll_for_event(p->news); ev; ev = xcb_poll_for_queued_event(p->news)) {
		if ((ev->response_type & 0x7f) == XCB_GE_GENERIC) {
			handle_event(p, ev);
		} else if ((ev->response_type & 0x7f) == 0) { /* it sends no request */
			p->dpy->x_errors++;
			comp_log(p->log, COMP_LOG_WARN, "X error %u on Present's connection",
			        ((xcb_generic_error_t *)ev)->error_code);
		}
		free(ev);
	}
}

int present_fd(const struct present *p)
{
	return p->news ? xcb_get_file_descriptor(p->news) : -1;
}

bool present_lost(const struct present *p)
{
	return p->news && xcb_connection_has_error(p->news);
}

bool present_out(const struct present *p)
{
	for (int i = 0; i < 2; i++)
		if (p->back[i].buf && shm_buffer_is_busy(p->back[i].buf))
			return true;
	return p->completed < p->presented;
}
