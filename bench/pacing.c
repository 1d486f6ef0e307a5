/* Frame pacing against Xvfb's fake 60 Hz CRTC. A client draws at a fixed rate (or every
 * millisecond) while we poll one root pixel to see which updates reach the screen, and listen
 * to Present CompleteNotify on the Composite overlay window (any client may select Present
 * events on any window), whose MSC says how many presents each vblank received. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/composite.h>
#include <xcb/present.h>

#include "bench/bench.h"

#define OBSERVE_US 250
#define FLOOD_PERIOD_MS 1.0
#define TAIL_MS 200.0
#define SEARCH_BACK 256

struct issued {
	uint32_t colour;
	double flushed;
	double seen; /* -1 until the colour is on screen */
};

struct pace {
	struct bench_session *s;
	struct bench_scene scene;
	struct bench_pacing *r;
	xcb_special_event_t *special;
	xcb_window_t overlay;
	struct issued *log;
	int cap, n;
	uint32_t last_pixel;
	int16_t px, py; /* the probe: every update repaints the same spot */
	uint64_t msc_first, msc_last, msc_cur;
	unsigned on_cur;
};

static bool listen_present(struct pace *p)
{
	xcb_connection_t *c = p->s->c;
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(c, &xcb_present_id);
	xcb_composite_get_overlay_window_reply_t *ov;
	uint32_t eid;

	ov = xcb_composite_get_overlay_window_reply(
	        c, xcb_composite_get_overlay_window(c, p->s->screen->root), NULL);
	if (!ext || !ext->present || !ov) {
		free(ov);
		return false;
	}
	p->overlay = ov->overlay_win;
	free(ov);
	eid = xcb_generate_id(c);
	xcb_present_select_input(c, eid, p->overlay, XCB_PRESENT_EVENT_MASK_COMPLETE_NOTIFY);
	p->special = xcb_register_for_special_xge(c, &xcb_present_id, eid, NULL);
	return p->special != NULL;
}

static void count_present(struct pace *p, const xcb_present_complete_notify_event_t *ev)
{
	struct bench_pacing *r = p->r;

	if (ev->kind != XCB_PRESENT_COMPLETE_KIND_PIXMAP)
		return;
	if (ev->mode == XCB_PRESENT_COMPLETE_MODE_SKIP) {
		r->skips++;
		return;
	}
	r->presents++;
	if (r->presents == 1)
		p->msc_first = ev->msc;
	p->on_cur = ev->msc == p->msc_cur ? p->on_cur + 1 : 1;
	p->msc_cur = p->msc_last = ev->msc;
	if (p->on_cur > r->max_per_msc)
		r->max_per_msc = p->on_cur;
}

/* xcb_poll_for_special_event does not read the socket: xcb_poll_for_event does. */
static void drain_events(struct pace *p)
{
	xcb_generic_event_t *ev;

	while ((ev = xcb_poll_for_event(p->s->c)))
		free(ev);
	while (p->special && (ev = xcb_poll_for_special_event(p->s->c, p->special))) {
		const xcb_ge_generic_event_t *ge = (const xcb_ge_generic_event_t *)ev;
		if (ge->event_type == XCB_PRESENT_EVENT_COMPLETE_NOTIFY)
			count_present(p, (const xcb_present_complete_notify_event_t *)ev);
		free(ev);
	}
}

/* Every update repaints the same 32x32 spot of the topmost window, so that an update which
 * shows late is still found there. */
/* The frames that showed our windows being mapped are not part of the test. */
static void forget_presents(struct pace *p)
{
	drain_events(p);
	p->r->presents = p->r->skips = 0;
	p->r->max_per_msc = 0;
	p->msc_first = p->msc_last = p->msc_cur = 0;
	p->on_cur = 0;
}

static void draw(struct pace *p)
{
	struct bench_scene *sc = &p->scene;
	const struct bench_rect *g = &sc->geom[sc->count - 1];
	struct bench_rect spot = {100, 100, 32, 32};
	uint32_t colour = bench_scene_colour(sc);

	bench_scene_fill(sc, sc->count - 1, spot, colour);
	p->log[p->n++] = (struct issued){colour, bench_now_ms(), -1};
	xcb_flush(p->s->c);
	p->px = (int16_t)(g->x + spot.x + spot.w / 2);
	p->py = (int16_t)(g->y + spot.y + spot.h / 2);
}

/* One look at the screen: marks the update whose colour is showing, if it is new. */
static void observe(struct pace *p)
{
	uint32_t v;

	if (p->n == 0)
		return;
	v = bench_scene_pixel(&p->scene, p->px, p->py);
	if (v == p->last_pixel || v == BENCH_NO_PIXEL)
		return;
	p->last_pixel = v;
	for (int i = p->n - 1; i >= 0 && i >= p->n - SEARCH_BACK; i--) {
		if (p->log[i].colour == v) {
			if (p->log[i].seen < 0)
				p->log[i].seen = bench_now_ms();
			return;
		}
	}
}

static void run_loop(struct pace *p, double period, double seconds)
{
	double start = bench_now_ms(), next = start, end = start + seconds * 1000.0;

	for (double now = start; now < end + TAIL_MS; now = bench_now_ms()) {
		if (now >= next && now < end && p->n < p->cap) {
			draw(p);
			next += period;
			if (next < now)
				next = now + period; /* we fell behind: do not burst */
		}
		observe(p);
		drain_events(p);
		double left = (next - bench_now_ms()) * 1000.0;
		bench_sleep_us(left > 0 && left < OBSERVE_US ? (long)left : OBSERVE_US);
	}
	p->r->seconds = (bench_now_ms() - start - TAIL_MS) / 1000.0;
}

static void summarise(struct pace *p)
{
	struct bench_pacing *r = p->r;
	double *lat = calloc((size_t)p->n + 1, sizeof *lat);
	int seen = 0;

	r->updates = p->n;
	for (int i = 0; i < p->n; i++) {
		if (p->log[i].seen < 0)
			r->dropped++;
		else if (lat)
			lat[seen++] = p->log[i].seen - p->log[i].flushed;
	}
	r->vblanks = r->presents ? p->msc_last - p->msc_first + 1 : 0;
	if (lat && seen)
		bench_percentiles(lat, seen, &r->p50, &r->p99, NULL);
	free(lat);
}

void bench_pacing_run(const struct bench_ctx *ctx, struct bench_session *s, double hz,
        double seconds, struct bench_pacing *r)
{
	struct pace p = {.s = s, .r = r, .last_pixel = BENCH_NO_PIXEL};
	double period = hz > 0 ? 1000.0 / hz : FLOOD_PERIOD_MS;
	struct bench_stats a, b;

	r->status = BENCH_FAILED;
	r->client_hz = hz;
	p.cap = (int)(seconds * 1000.0 / period) + 16;
	p.log = calloc((size_t)p.cap, sizeof *p.log);
	if (!p.log || !bench_scene_create(&p.scene, s->c, s->screen, bench_scenarios[0].windows,
	                      bench_scenarios[0].place)) {
		snprintf(r->note, sizeof r->note, "could not create the windows");
		goto out;
	}
	if (!bench_scene_wait_redirected(&p.scene, p.scene.count - 1, 5000)) {
		snprintf(r->note, sizeof r->note,
		        "our windows were not redirected: not compositing");
		goto out;
	}
	if (!listen_present(&p))
		snprintf(r->note, sizeof r->note, "no Present events on the overlay");
	bench_sleep_us(300000); /* let the compositor settle after mapping */
	forget_presents(&p);
	bench_stats_read(ctx, s, &a);
	run_loop(&p, period, seconds);
	bench_stats_read(ctx, s, &b);
	summarise(&p);
	r->frames = a.ok && b.ok ? b.frames - a.frames : 0;
	if (!bench_session_lost(s, r->note, sizeof r->note))
		r->status = BENCH_OK;
out:
	if (p.special)
		xcb_unregister_for_special_event(s->c, p.special);
	bench_scene_destroy(&p.scene);
	free(p.log);
}
