/* x11 suite: a toplevel's client window found again when it changes — a client
 * reparented into a frame and then mapped, a client reparented into a frame that
 * is already mapped, and WM_STATE set on a frame's child after the frame was
 * mapped — and the rules that read the client's class follow (an opacity rule by
 * class). Checked through `shmcomp-ctl window` on the frame: its client and its
 * opacity. Run as: test-client CASE SHMCOMP SHMCOMP_CTL BUILDDIR */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

struct env {
	const char *shmcomp, *ctl, *dir, *name;
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	pid_t comp;
	xcb_atom_t wm_state;
};

static int start(struct env *e, const struct test_ctx *tc)
{
	char conf[600], log[600];

	*e = (struct env){.shmcomp = test_arg(tc, 0, "SHMCOMP"),
	        .ctl = test_arg(tc, 1, "CTL"),
	        .dir = test_arg(tc, 2, "BUILDDIR"),
	        .name = tc->name,
	        .xs = {.pid = -1}};
	int r = xserver_start(&e->xs, "Xvfb", NULL);
	if (r)
		return r;
	e->c = xserver_connect(&e->xs, &e->s);
	e->wm_state = x_atom(e->c, "WM_STATE");
	snprintf(conf, sizeof conf, "%s/client-%s.conf", e->dir, e->name);
	snprintf(log, sizeof log, "%s/client-%s.log", e->dir, e->name);
	write_file(conf, "opacity-rule = [ \"50:class_g = 'Framed'\" ];\n");
	const char *argv[] = {e->shmcomp, "--config", conf, NULL};
	e->comp = spawn(argv, e->xs.name, log);
	return wait_cm_owner(e->c, 5000) ? TEST_PASS : TEST_FAIL;
}

static void stop(struct env *e)
{
	kill(e->comp, SIGTERM);
	CHECK(wait_exit(e->comp, 3000) == 0);
	xcb_disconnect(e->c);
	xserver_stop(&e->xs);
}

static xcb_window_t window(struct env *e, xcb_window_t parent, int16_t x, int16_t y, bool client)
{
	xcb_window_t w = xcb_generate_id(e->c);
	uint32_t values[] = {0x808080};

	xcb_create_window(e->c, XCB_COPY_FROM_PARENT, w, parent, x, y, 120, 90, 0,
	        XCB_WINDOW_CLASS_INPUT_OUTPUT, e->s->root_visual, XCB_CW_BACK_PIXEL, values);
	if (client) {
		static const char cls[] = "framed\0Framed";
		xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, w, XCB_ATOM_WM_CLASS,
		        XCB_ATOM_STRING, 8, sizeof cls, cls);
	}
	return w;
}

static void set_wm_state(struct env *e, xcb_window_t w)
{
	uint32_t state[2] = {1, XCB_NONE}; /* NormalState */

	xcb_change_property(e->c, XCB_PROP_MODE_REPLACE, w, e->wm_state, e->wm_state, 32, 2, state);
}

/* `shmcomp-ctl window --window W` until it says client=CLIENT and opacity=OP
 * (events reach shmcomp asynchronously), 5 s at most. */
static bool shows(struct env *e, xcb_window_t w, xcb_window_t client, const char *opacity)
{
	char id[16], out[700], want_client[32], want_op[48], *text = NULL;

	snprintf(id, sizeof id, "0x%x", w);
	snprintf(out, sizeof out, "%s/client-%s.out", e->dir, e->name);
	snprintf(want_client, sizeof want_client, "\nclient=0x%x\n", client);
	snprintf(want_op, sizeof want_op, "\nopacity=%s\n", opacity);
	for (int i = 0; i < 100; i++) {
		const char *wait[] = {e->ctl, "--display", e->xs.name, "wait", NULL};
		const char *argv[] = {
		        e->ctl, "--display", e->xs.name, "window", "--window", id, NULL};
		wait_exit(spawn(wait, NULL, NULL), 10000);
		wait_exit(spawn(argv, NULL, out), 10000);
		free(text);
		text = read_file(out);
		if (text && strstr(text, want_client) && strstr(text, want_op)) {
			free(text);
			return true;
		}
		sleep_ms(50);
	}
	fprintf(stderr, "%s: want client 0x%x, opacity %s; shmcomp-ctl window says:\n%s\n", e->name,
	        client, opacity, text ? text : "(nothing)");
	free(text);
	return false;
}

/* The window manager's order: the client is reparented, then the frame mapped. */
TEST(reparent_then_map)
{
	struct env e;
	int r = start(&e, tc);

	if (r)
		return r;
	xcb_window_t frame = window(&e, e.s->root, 50, 50, false);
	xcb_window_t client = window(&e, e.s->root, 0, 0, true);
	set_wm_state(&e, client);
	xcb_reparent_window(e.c, client, frame, 0, 0);
	xcb_map_window(e.c, client);
	xcb_map_window(e.c, frame);
	x_sync(e.c);
	CHECK(shows(&e, frame, client, "0.500000"));
	stop(&e);
	return TEST_PASS;
}

/* The frame is on screen first; the client comes into it later. */
TEST(map_then_reparent)
{
	struct env e;
	int r = start(&e, tc);

	if (r)
		return r;
	xcb_window_t frame = window(&e, e.s->root, 50, 50, false);
	xcb_map_window(e.c, frame);
	x_sync(e.c);
	CHECK(shows(&e, frame, frame, "1.000000"));
	xcb_window_t client = window(&e, e.s->root, 0, 0, true);
	set_wm_state(&e, client);
	xcb_reparent_window(e.c, client, frame, 0, 0);
	xcb_map_window(e.c, client);
	x_sync(e.c);
	CHECK(shows(&e, frame, client, "0.500000"));
	/* and out of the frame again: the frame is its own client once more */
	xcb_reparent_window(e.c, client, e.s->root, 300, 300);
	x_sync(e.c);
	CHECK(shows(&e, frame, frame, "1.000000"));
	stop(&e);
	return TEST_PASS;
}

/* The child is in the frame from the start; WM_STATE comes after the map. */
TEST(wm_state_after_map)
{
	struct env e;
	int r = start(&e, tc);

	if (r)
		return r;
	xcb_window_t frame = window(&e, e.s->root, 50, 50, false);
	xcb_window_t client = window(&e, frame, 0, 0, true);
	xcb_map_window(e.c, client);
	xcb_map_window(e.c, frame);
	x_sync(e.c);
	CHECK(shows(&e, frame, frame, "1.000000"));
	set_wm_state(&e, client);
	x_sync(e.c);
	CHECK(shows(&e, frame, client, "0.500000"));
	/* and WM_STATE gone again */
	xcb_delete_property(e.c, client, e.wm_state);
	x_sync(e.c);
	CHECK(shows(&e, frame, frame, "1.000000"));
	stop(&e);
	return TEST_PASS;
}
