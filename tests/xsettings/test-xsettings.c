/* x11 suite: the XSETTINGS manager (compositor/xsettings.c) on a private Xvfb,
 * driven on its own connection the way shmcomp's dispatcher drives it, and
 * watched from a second connection as a toolkit would see it: the selection,
 * the property (read with the tests' own decoder), the MANAGER message, the
 * refusal when another manager is there, giving up on SelectionClear, and
 * nothing left on the server after finish (X-Resource counts).
 * Run as: test-xsettings CASE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compositor/xsettings.h"
#include "tests/harness/harness.h"
#include "tests/harness/runner.h"
#include "tests/xsettings/decode.h"

/* The manager's connection and an observer's (a toolkit, another manager). */
struct fixture {
	struct xserver server;
	xcb_connection_t *mgr, *obs;
	xcb_screen_t *screen;
	xcb_atom_t selection, settings;
	char warn[512];
};

static int fixture_start(struct fixture *f)
{
	static const char *const args[] = {"-screen", "0", "320x240x24", NULL};
	xcb_screen_t *s;
	int r;

	memset(f, 0, sizeof *f);
	r = xserver_start(&f->server, "Xvfb", args);
	if (r)
		return r == HARNESS_SKIP ? TEST_SKIP : TEST_FAIL;
	f->mgr = xserver_connect(&f->server, &s);
	f->obs = xserver_connect(&f->server, &f->screen);
	f->selection = x_atom(f->obs, "_XSETTINGS_S0");
	f->settings = x_atom(f->obs, "_XSETTINGS_SETTINGS");
	return TEST_PASS;
}

/* No X error reached the manager's event queue: shmcomp's dispatcher would
 * count each one in x_errors. */
static bool no_errors(xcb_connection_t *c)
{
	xcb_generic_event_t *ev;
	int errors = 0;

	x_sync(c);
	while ((ev = xcb_poll_for_event(c))) {
		if (ev->response_type == 0) {
			const xcb_generic_error_t *e = (const void *)ev;
			fprintf(stderr, "X error %u (request %u, resource 0x%x)\n", e->error_code,
			        e->major_code, e->resource_id);
			errors++;
		}
		free(ev);
	}
	return errors == 0;
}

static void fixture_stop(struct fixture *f)
{
	CHECK(no_errors(f->mgr));
	if (f->mgr)
		xcb_disconnect(f->mgr);
	if (f->obs)
		xcb_disconnect(f->obs);
	xserver_stop(&f->server);
}

static bool start_profile(struct fixture *f, struct xsettings *xs)
{
	return xsettings_start(xs, f->mgr, 0, f->screen->root, xsettings_test_profile,
	        xsettings_test_profile_count, f->warn, sizeof f->warn);
}

static xcb_window_t owner_of(xcb_connection_t *c, xcb_atom_t selection)
{
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(c, xcb_get_selection_owner(c, selection), NULL);
	xcb_window_t w = r ? r->owner : 0xffffffff;

	free(r);
	return w;
}

static bool window_exists(xcb_connection_t *c, xcb_window_t w)
{
	xcb_get_window_attributes_reply_t *r =
	        xcb_get_window_attributes_reply(c, xcb_get_window_attributes(c, w), NULL);
	bool exists = r != NULL;

	free(r);
	return exists;
}

/* The next event of `type` (others dropped), or NULL after `ms`. */
static xcb_generic_event_t *wait_event(xcb_connection_t *c, uint8_t type, int ms)
{
	double end = monotonic_ms() + ms;

	xcb_flush(c);
	while (monotonic_ms() < end) {
		xcb_generic_event_t *ev = xcb_poll_for_event(c);
		if (!ev) {
			sleep_ms(2);
			continue;
		}
		if ((ev->response_type & 0x7f) == type)
			return ev;
		free(ev);
	}
	return NULL;
}

/* A window of the observer's, with the properties another manager might set. */
static xcb_window_t other_window(struct fixture *f, bool named)
{
	static const char cls[] = "othermgr\0OtherMgr";
	xcb_window_t w = xcb_generate_id(f->obs);
	uint32_t pid = 4242;

	xcb_create_window(f->obs, 0, w, f->screen->root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
	if (named) {
		xcb_change_property(f->obs, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_NAME,
		        XCB_ATOM_STRING, 8, 13, "other-manager");
		xcb_change_property(f->obs, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS,
		        XCB_ATOM_STRING, 8, sizeof cls, cls);
		xcb_change_property(f->obs, XCB_PROP_MODE_REPLACE, w, x_atom(f->obs, "_NET_WM_PID"),
		        XCB_ATOM_CARDINAL, 32, 1, &pid);
	}
	return w;
}

static bool read_settings(struct fixture *f, xcb_window_t owner, struct decoded *d)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(f->obs,
	        xcb_get_property(f->obs, 0, owner, f->settings, XCB_GET_PROPERTY_TYPE_ANY, 0, 4096),
	        NULL);
	char err[128] = "";
	bool ok = false;

	if (!test_expect(r && r->type == f->settings && r->format == 8 && r->bytes_after == 0,
	            "no _XSETTINGS_SETTINGS property of type _XSETTINGS_SETTINGS, format 8"))
		goto out;
	ok = test_expect(decode_settings(xcb_get_property_value(r),
	                         (size_t)xcb_get_property_value_length(r), d, err, sizeof err),
	        "the property does not decode: %s", err);
out:
	free(r);
	return ok;
}

TEST(owner)
{
	struct fixture f;
	struct xsettings xs = {0};
	int r = fixture_start(&f);
	if (r)
		return r;

	CHECK(start_profile(&f, &xs));
	CHECK_STR(f.warn, "");
	CHECK(xs.state == XSETTINGS_ACTIVE);
	CHECK(xs.window != XCB_NONE);
	CHECK(owner_of(f.obs, f.selection) == xs.window);
	xcb_get_window_attributes_reply_t *a = xcb_get_window_attributes_reply(
	        f.obs, xcb_get_window_attributes(f.obs, xs.window), NULL);
	if (CHECK(a)) {
		CHECK(a->map_state == XCB_MAP_STATE_UNMAPPED); /* nothing on screen */
		CHECK(a->_class == XCB_WINDOW_CLASS_INPUT_ONLY);
	}
	free(a);
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* Exactly the three settings, as a toolkit reads them. */
TEST(property)
{
	static const struct {
		const char *name;
		int32_t value;
	} want[] = {{"Net/CursorBlink", 0}, {"Gtk/EnableAnimations", 0},
	        {"Net/CursorBlinkTime", 2000000000}};
	const uint16_t one = 1;
	uint8_t native;
	struct fixture f;
	struct xsettings xs = {0};
	struct decoded d;
	int r = fixture_start(&f);
	if (r)
		return r;

	memcpy(&native, &one, 1);
	CHECK(start_profile(&f, &xs));
	if (read_settings(&f, owner_of(f.obs, f.selection), &d)) {
		CHECK(d.byte_order == (native ? 0 : 1));
		test_expect(d.count == 3, "%u settings, want 3", d.count);
		for (size_t i = 0; i < 3; i++) {
			const struct decoded_setting *s = decoded_find(&d, want[i].name);
			if (!test_expect(s != NULL, "%s is not served", want[i].name))
				continue;
			test_expect(
			        s->type == 0, "%s has type %u, want 0 (integer)", s->name, s->type);
			test_expect(s->integer == want[i].value, "%s = %d, want %d", s->name,
			        s->integer, want[i].value);
		}
	}
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* ICCCM 2.8: clients that started first learn of the manager from the root. */
TEST(manager_message)
{
	struct fixture f;
	struct xsettings xs = {0};
	uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY;
	int r = fixture_start(&f);
	if (r)
		return r;

	xcb_change_window_attributes(f.obs, f.screen->root, XCB_CW_EVENT_MASK, &mask);
	x_sync(f.obs);
	CHECK(start_profile(&f, &xs));
	xcb_client_message_event_t *m = (void *)wait_event(f.obs, XCB_CLIENT_MESSAGE, 2000);
	if (test_expect(m != NULL, "no ClientMessage on the root")) {
		CHECK(m->type == x_atom(f.obs, "MANAGER"));
		CHECK(m->window == f.screen->root);
		CHECK(m->format == 32);
		CHECK(m->data.data32[1] == f.selection);
		CHECK(m->data.data32[2] == xs.window);
	}
	free(m);
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

static int refused(const struct test_ctx *tc, bool named)
{
	struct fixture f;
	struct xsettings xs = {0};
	struct xres_counts before, after;
	char id[32];
	int r = fixture_start(&f);
	(void)tc;
	if (r)
		return r;

	xcb_window_t other = other_window(&f, named);
	xcb_set_selection_owner(f.obs, other, f.selection, XCB_CURRENT_TIME);
	x_sync(f.obs);
	CHECK(xres_count(f.obs, f.mgr, &before));
	CHECK(!start_profile(&f, &xs));
	CHECK(xs.state == XSETTINGS_REFUSED);
	fprintf(stderr, "warning: %s\n", f.warn);
	snprintf(id, sizeof id, "0x%x", other);
	test_expect(strstr(f.warn, "_XSETTINGS_S0") != NULL, "the warning names no selection");
	test_expect(strstr(f.warn, id) != NULL, "the warning does not name window %s", id);
	if (named) {
		test_expect(strstr(f.warn, "other-manager") != NULL, "no WM_NAME in the warning");
		test_expect(strstr(f.warn, "OtherMgr") != NULL, "no WM_CLASS in the warning");
		test_expect(strstr(f.warn, "4242") != NULL, "no _NET_WM_PID in the warning");
	}
	CHECK(owner_of(f.obs, f.selection) == other); /* never replaced */
	CHECK(xres_count(f.obs, f.mgr, &after));
	CHECK(xres_same(&before, &after, "refused start"));
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

TEST(refused)
{
	return refused(tc, true);
}

/* An owner that says nothing of itself is still named by its window. */
TEST(refused_bare)
{
	return refused(tc, false);
}

/* Another client takes the selection: the manager lets go and its window
 * goes (toolkits then see the new owner). */
TEST(selection_clear)
{
	struct fixture f;
	struct xsettings xs = {0};
	struct xres_counts before, after;
	int r = fixture_start(&f);
	if (r)
		return r;

	CHECK(xres_count(f.obs, f.mgr, &before));
	REQUIRE(start_profile(&f, &xs));
	xcb_window_t old = xs.window;
	xcb_window_t other = other_window(&f, true);
	xcb_set_selection_owner(f.obs, other, f.selection, XCB_CURRENT_TIME);
	x_sync(f.obs);
	xcb_generic_event_t *ev = wait_event(f.mgr, XCB_SELECTION_CLEAR, 2000);
	if (test_expect(ev != NULL, "no SelectionClear")) {
		CHECK(xsettings_handle_event(&xs, ev));
		CHECK(xs.state == XSETTINGS_GIVEN_UP);
		CHECK(xs.taken_by == other);
		CHECK(xs.window == XCB_NONE);
		CHECK(!xsettings_handle_event(&xs, ev)); /* once given up, nothing is its own */
	}
	free(ev);
	x_sync(f.mgr);
	CHECK(!window_exists(f.obs, old));
	CHECK(owner_of(f.obs, f.selection) == other);
	CHECK(xres_count(f.obs, f.mgr, &after));
	CHECK(xres_same(&before, &after, "given up"));
	xsettings_finish(&xs);
	CHECK(owner_of(f.obs, f.selection) == other);
	fixture_stop(&f);
	return TEST_PASS;
}

/* A SelectionClear of another selection of the same connection (shmcomp's
 * own _NET_WM_CM_S0) is not the manager's. */
TEST(other_selection)
{
	struct fixture f;
	struct xsettings xs = {0};
	int r = fixture_start(&f);
	if (r)
		return r;

	REQUIRE(start_profile(&f, &xs));
	xcb_atom_t cm = x_atom(f.mgr, "_NET_WM_CM_S0");
	xcb_window_t mine = xcb_generate_id(f.mgr);
	xcb_create_window(f.mgr, 0, mine, f.screen->root, -1, -1, 1, 1, 0,
	        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
	xcb_set_selection_owner(f.mgr, mine, cm, XCB_CURRENT_TIME);
	x_sync(f.mgr);
	xcb_set_selection_owner(f.obs, other_window(&f, false), cm, XCB_CURRENT_TIME);
	x_sync(f.obs);
	xcb_generic_event_t *ev = wait_event(f.mgr, XCB_SELECTION_CLEAR, 2000);
	if (test_expect(ev != NULL, "no SelectionClear")) {
		CHECK(!xsettings_handle_event(&xs, ev));
		CHECK(xs.state == XSETTINGS_ACTIVE);
	}
	free(ev);
	CHECK(owner_of(f.obs, f.selection) == xs.window);
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* A client converting the selection gets an answer (a refusal), not silence. */
TEST(selection_request)
{
	struct fixture f;
	struct xsettings xs = {0};
	int r = fixture_start(&f);
	if (r)
		return r;

	REQUIRE(start_profile(&f, &xs));
	xcb_window_t requestor = other_window(&f, false);
	xcb_atom_t targets = x_atom(f.obs, "TARGETS");
	xcb_convert_selection(
	        f.obs, requestor, f.selection, targets, x_atom(f.obs, "XS_TEST"), XCB_CURRENT_TIME);
	x_sync(f.obs);
	xcb_generic_event_t *ev = wait_event(f.mgr, XCB_SELECTION_REQUEST, 2000);
	if (test_expect(ev != NULL, "no SelectionRequest"))
		CHECK(xsettings_handle_event(&xs, ev));
	free(ev);
	xcb_selection_notify_event_t *n = (void *)wait_event(f.obs, XCB_SELECTION_NOTIFY, 2000);
	if (test_expect(n != NULL, "no SelectionNotify for the requestor")) {
		CHECK(n->requestor == requestor);
		CHECK(n->selection == f.selection);
		CHECK(n->target == targets);
		CHECK(n->property == XCB_NONE);
	}
	free(n);
	/* A requestor gone before the answer: no error left for the dispatcher. */
	xcb_window_t gone = other_window(&f, false);
	xcb_convert_selection(
	        f.obs, gone, f.selection, targets, x_atom(f.obs, "XS_TEST"), XCB_CURRENT_TIME);
	xcb_destroy_window(f.obs, gone);
	x_sync(f.obs);
	ev = wait_event(f.mgr, XCB_SELECTION_REQUEST, 2000);
	if (test_expect(ev != NULL, "no SelectionRequest"))
		CHECK(xsettings_handle_event(&xs, ev));
	free(ev);
	CHECK(xs.state == XSETTINGS_ACTIVE);
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* finish leaves nothing on the server, and the selection is free again;
 * toolkits watching the manager window see it destroyed. */
TEST(finish_clean)
{
	struct fixture f;
	struct xsettings xs = {0};
	struct xres_counts before, during, after;
	int r = fixture_start(&f);
	if (r)
		return r;

	xsettings_finish(NULL);
	xsettings_finish(&xs); /* never started */
	CHECK(xres_count(f.obs, f.mgr, &before));
	REQUIRE(start_profile(&f, &xs));
	CHECK(xres_count(f.obs, f.mgr, &during));
	CHECK(during.total == before.total + 1); /* the manager window */
	uint32_t mask = XCB_EVENT_MASK_STRUCTURE_NOTIFY;
	xcb_change_window_attributes(f.obs, xs.window, XCB_CW_EVENT_MASK, &mask);
	x_sync(f.obs);
	xsettings_finish(&xs);
	CHECK(xs.state == XSETTINGS_OFF);
	xcb_generic_event_t *ev = wait_event(f.obs, XCB_DESTROY_NOTIFY, 2000);
	test_expect(ev != NULL, "no DestroyNotify of the manager window");
	free(ev);
	CHECK(xres_count(f.obs, f.mgr, &after));
	CHECK(xres_same(&before, &after, "after finish"));
	CHECK(owner_of(f.obs, f.selection) == XCB_NONE);
	xsettings_finish(&xs); /* twice */
	/* and it can start again */
	CHECK(start_profile(&f, &xs));
	CHECK(owner_of(f.obs, f.selection) == xs.window);
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* Settings the encoder refuses: a warning, nothing taken, nothing left. */
TEST(invalid_entries)
{
	static const struct xsettings_entry twice[] = {
	        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 0}},
	        {"Net/CursorBlink", XSETTINGS_INTEGER, {.integer = 1}}};
	struct fixture f;
	struct xsettings xs = {0};
	struct xres_counts before, after;
	int r = fixture_start(&f);
	if (r)
		return r;

	CHECK(xres_count(f.obs, f.mgr, &before));
	CHECK(!xsettings_start(&xs, f.mgr, 0, f.screen->root, twice, 2, f.warn, sizeof f.warn));
	CHECK(f.warn[0] != '\0');
	CHECK(xs.state == XSETTINGS_REFUSED);
	CHECK(owner_of(f.obs, f.selection) == XCB_NONE);
	CHECK(xres_count(f.obs, f.mgr, &after));
	CHECK(xres_same(&before, &after, "invalid entries"));
	xsettings_finish(&xs);
	fixture_stop(&f);
	return TEST_PASS;
}

/* A request fails (here the parent window does not exist): a message, nothing
 * held, and no X error left for the dispatcher (fixture_stop checks). */
TEST(bad_root)
{
	struct fixture f;
	struct xsettings xs = {0};
	struct xres_counts before, after;
	int r = fixture_start(&f);
	if (r)
		return r;

	CHECK(xres_count(f.obs, f.mgr, &before));
	xcb_window_t nowhere = xcb_generate_id(f.obs); /* never created */
	CHECK(!xsettings_start(&xs, f.mgr, 0, nowhere, xsettings_test_profile,
	        xsettings_test_profile_count, f.warn, sizeof f.warn));
	fprintf(stderr, "warning: %s\n", f.warn);
	CHECK(strstr(f.warn, "could not create") != NULL);
	CHECK(xs.state == XSETTINGS_REFUSED);
	CHECK(xs.window == XCB_NONE);
	CHECK(owner_of(f.obs, f.selection) == XCB_NONE);
	xsettings_finish(&xs);
	CHECK(xres_count(f.obs, f.mgr, &after));
	CHECK(xres_same(&before, &after, "bad root"));
	fixture_stop(&f);
	return TEST_PASS;
}
