/* The X connection of shmcomp-ctl: connect, intern the atoms, set up XFIXES, and round trips
 * that poll() the socket against the run's deadline instead of blocking, so --timeout holds
 * even when the server is grabbed or the link stalls. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xcb/composite.h>
#include <xcb/shape.h>
#include <xcb/xcbext.h> /* xcb_poll_for_reply */
#include <xcb/xfixes.h>

#include "proto/ctl-proto.h"
#include "ctl/ctl.h"

#define NS_PER_S 1000000000LL
#define NS_PER_MS 1000000LL

void ctl_error(const char *fmt, ...)
{
	va_list ap;

	fputs("shmcomp-ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

bool ctl_wait_input(struct ctl_conn *cc, const char *waiting_for)
{
	struct pollfd p = {.fd = xcb_get_file_descriptor(cc->c), .events = POLLIN};

	for (;;) {
		int64_t left = cc->deadline_ns - now_ns();

		if (left <= 0) {
			ctl_error("timed out after %g s waiting for %s on %s", cc->timeout,
			        waiting_for, cc->display);
			cc->timed_out = true;
			return false;
		}
		/* round up, or the last poll() returns early and spins until the deadline */
		int64_t ms = (left + NS_PER_MS - 1) / NS_PER_MS;
		int r = poll(&p, 1, ms > 60000 ? 60000 : (int)ms);

		if (r > 0)
			return true; /* POLLHUP and POLLERR too: xcb's next read notices */
		if (r < 0 && errno != EINTR) {
			ctl_error("poll: %s", strerror(errno));
			return false;
		}
	}
}

void ctl_extend_deadline(struct ctl_conn *cc, double seconds)
{
	cc->deadline_ns = now_ns() + (int64_t)(seconds * (double)NS_PER_S);
}

bool ctl_sleep(struct ctl_conn *cc, int ms)
{
	int64_t left = cc->deadline_ns - now_ns();
	struct timespec ts;

	/* the last look must come before the deadline, with time for its round trips */
	if (left <= 2 * (int64_t)ms * NS_PER_MS)
		return false;
	left = (int64_t)ms * NS_PER_MS;
	ts.tv_sec = (time_t)(left / NS_PER_S);
	ts.tv_nsec = (long)(left % NS_PER_S);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return true;
}

void ctl_lost_connection(struct ctl_conn *cc)
{
	ctl_error("lost the connection to the X server on %s", cc->display);
}

void *ctl_round_trip(struct ctl_conn *cc, unsigned int seq, xcb_generic_error_t **err)
{
	void *reply = NULL;

	*err = NULL;
	xcb_flush(cc->c);
	while (!xcb_poll_for_reply(cc->c, seq, &reply, err)) {
		if (!ctl_wait_input(cc, "the X server"))
			return NULL;
	}
	if (!reply && !*err)
		ctl_lost_connection(cc);
	return reply;
}

bool ctl_x_failed(struct ctl_conn *cc, xcb_generic_error_t *err, const char *what)
{
	if (err)
		ctl_error("%s on %s failed: X error %u (request %u.%u)", what, cc->display,
		        err->error_code, err->major_code, err->minor_code);
	free(err);
	return false;
}

static xcb_screen_t *screen_of(xcb_connection_t *c, int num)
{
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(c));

	for (; it.rem > 0; xcb_screen_next(&it), num--) {
		if (num == 0)
			return it.data;
	}
	return NULL;
}

static bool intern_atoms(struct ctl_conn *cc, int screen_num)
{
	char cm_s[32];
	const char *names[] = {cm_s, CTL_ATOM_VERSION, CTL_ATOM_REQUEST, CTL_ATOM_REPLY,
	        CTL_ATOM_TEXT, CTL_ATOM_ARGS, "UTF8_STRING", "_NET_WM_NAME", "WM_STATE"};
	xcb_atom_t *dst[] = {&cc->atoms.cm_s, &cc->atoms.version, &cc->atoms.request,
	        &cc->atoms.reply, &cc->atoms.text, &cc->atoms.args, &cc->atoms.utf8_string,
	        &cc->atoms.net_wm_name, &cc->atoms.wm_state};
	enum { n = sizeof(names) / sizeof(names[0]) };
	xcb_intern_atom_cookie_t ck[n];

	_Static_assert(sizeof(dst) / sizeof(dst[0]) == n, "one destination per atom name");
	snprintf(cm_s, sizeof cm_s, "_NET_WM_CM_S%d", screen_num);
	for (size_t i = 0; i < n; i++)
		ck[i] = xcb_intern_atom(cc->c, 0, (uint16_t)strlen(names[i]), names[i]);
	for (size_t i = 0; i < n; i++) {
		xcb_generic_error_t *err;
		xcb_intern_atom_reply_t *r = ctl_round_trip(cc, ck[i].sequence, &err);

		if (!r)
			return ctl_x_failed(cc, err, "InternAtom");
		*dst[i] = r->atom;
		free(r);
	}
	return true;
}

/* XFIXES selection events tell a dropped selection apart from a destroyed window; without the
 * extension DestroyNotify on the owner window still catches a compositor that exits. */
static bool init_xfixes(struct ctl_conn *cc)
{
	/* prefetched in ctl_connect and answered before the atoms: this does not block */
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(cc->c, &xcb_xfixes_id);
	xcb_xfixes_query_version_cookie_t ck;
	xcb_xfixes_query_version_reply_t *r;
	xcb_generic_error_t *err;

	if (!ext || !ext->present)
		return true;
	ck = xcb_xfixes_query_version(cc->c, XCB_XFIXES_MAJOR_VERSION, XCB_XFIXES_MINOR_VERSION);
	r = ctl_round_trip(cc, ck.sequence, &err);
	if (!r && !err)
		return false;
	free(err);
	cc->have_xfixes = r != NULL;
	cc->xfixes_first_event = ext->first_event;
	free(r);
	return true;
}

bool ctl_connect(struct ctl_conn *cc, const char *display, double timeout)
{
	int screen_num = 0;

	*cc = (struct ctl_conn){
	        .display = display ? display : getenv("DISPLAY"),
	        .timeout = timeout,
	        .deadline_ns = now_ns() + (int64_t)(timeout * (double)NS_PER_S),
	        .owner = XCB_NONE,
	        .reply_win = XCB_NONE,
	};
	if (!cc->display || !*cc->display) {
		ctl_error("no X display: set DISPLAY or use --display");
		return false;
	}
	cc->c = xcb_connect(cc->display, &screen_num);
	if (xcb_connection_has_error(cc->c)) {
		ctl_error("cannot open display %s", cc->display);
		return false;
	}
	cc->screen = screen_of(cc->c, screen_num);
	if (!cc->screen) {
		ctl_error("display %s has no screen %d", cc->display, screen_num);
		return false;
	}
	/* answered before the atoms: later look-ups of these do not block */
	xcb_prefetch_extension_data(cc->c, &xcb_xfixes_id);
	xcb_prefetch_extension_data(cc->c, &xcb_composite_id);
	xcb_prefetch_extension_data(cc->c, &xcb_shape_id);
	return intern_atoms(cc, screen_num) && init_xfixes(cc);
}

void ctl_disconnect(struct ctl_conn *cc)
{
	/* xcb_disconnect takes NULL and failed connections; the server frees our window */
	xcb_disconnect(cc->c);
	cc->c = NULL;
	cc->reply_win = XCB_NONE;
	cc->owner = XCB_NONE;
}
