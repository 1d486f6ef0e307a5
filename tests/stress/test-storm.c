/* stress suite: storms from several clients at once, with RandR resizes.
 *
 *   concurrent  three scene-clients run seeded random scripts at the same time
 *               on one server under shmcomp while xrandr shrinks and restores
 *               the screen; at the end the composited screen must equal what
 *               the server shows after shmcomp exits (SIGTERM: the windows
 *               are unredirected and the clients repaint on Expose).
 *   lockstep    the same three scripts interleaved one line at a time (each
 *               line a round trip), driven identically on a bare server and
 *               one under shmcomp, RandR resizes at the same points; the
 *               screens must be equal at every checkpoint.
 *   argb        concurrent, with ARGB windows and translucency: stability
 *               and health only (no reference exists for translucency).
 *   effects     argb with every effect on (tests/stress/effects.conf: shadows,
 *               fading, rounded corners, opacity rules): stability, health,
 *               and no window left fading forever.
 *   lockstep-small  lockstep on a 320x240 screen, where the windows (up to
 *               420x320) often cover all of it: the paths that present a
 *               window's own pixmap.
 *
 * Afterwards shmcomp must be healthy, track no window that is gone and hold
 * no SHM buffer beyond its back buffers. Seeds are printed; replay with
 * STRESS_SEED=N (and STRESS_OPS=N).
 * RandR resizes are made with the protocol (what `xrandr --fb` should do):
 * on Xvfb xrandr cannot shrink the screen below the mode of its one CRTC.
 * Run as: test-storm MODE SHMCOMP SHMCOMP_CTL OUTDIR SCENE_CLIENT [SEED [OPS [CONFIG]]] */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xcb/randr.h>

#include "tests/stress/stress.h"

#define NCLIENTS 3
#define MAX_LINES 65536

struct sclient {
	pid_t pid;
	int in, out;
	char *script; /* the whole script (concurrent mode) */
	size_t len, off;
	char **lines; /* operations (lockstep mode) */
	size_t nlines, next;
	int readies, expected;
	char buf[512];
	size_t blen;
	uint64_t seed;
};

struct storm {
	struct stress st;
	const char *scene_client;
	bool randr;
	uint64_t seed;
	long ops;
	bool argb;
	struct stress_rng rng;
	struct sclient cl[NCLIENTS];
	struct stress_stats base; /* right after start */
	uint16_t w, h;            /* current screen size */
	uint16_t full_w, full_h;  /* the servers' initial size */
	char size_arg[32];        /* "WxH" */
	long check_every;         /* lockstep: compare the screens every so many steps */
	int resizes;
};

static void print_seeds(const struct storm *s)
{
	fprintf(stderr, "%s: seeds", s->st.name);
	for (int i = 0; i < NCLIENTS; i++)
		fprintf(stderr, " %llu", (unsigned long long)s->cl[i].seed);
	fprintf(stderr, ", %ld ops each (replay: STRESS_SEED=%llu STRESS_OPS=%ld)\n", s->ops,
	        (unsigned long long)s->seed, s->ops);
}

/* The scene client's random script; rootbg lines only in client 0's, so that
 * the root's background and _XROOTPMAP_ID always name the same pixmap. */
static char *make_script(struct storm *s, int k, long sync_every, size_t *len)
{
	char seed[32], ops[32], every[32];
	const char *argv[] = {s->scene_client, "--random", seed, "--ops", ops, "--sync-every",
	        every, "--size", s->size_arg, s->argb ? "--argb" : NULL, NULL};
	char *text, *w;

	snprintf(seed, sizeof seed, "%llu", (unsigned long long)s->cl[k].seed);
	snprintf(ops, sizeof ops, "%ld", s->ops);
	snprintf(every, sizeof every, "%ld", sync_every);
	text = stress_capture(argv, len);
	if (!text || k == 0)
		return text;
	w = text;
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
		if (strncmp(line, "rootbg", 6) != 0) {
			memmove(w, line, n);
			w += n;
		}
		line += n;
	}
	*w = '\0';
	*len = (size_t)(w - text);
	return text;
}

static int count_syncs(const char *script)
{
	int n = 0;

	for (const char *p = script; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, "sync", 4) == 0 && (p[4] == '\n' || p[4] == '\0'))
			n++;
	return n;
}

static bool start_client(struct storm *s, struct sclient *c, const char *display)
{
	char err[600];
	const char *argv[] = {s->scene_client, "-", NULL};

	snprintf(err, sizeof err, "%s/stress-%s-clients.log", s->st.outdir, s->st.name);
	c->pid = stress_spawn_piped(argv, display, &c->in, &c->out, err);
	c->readies = 0;
	c->blen = 0;
	c->off = 0;
	c->next = 0;
	return c->pid > 0;
}

/* Reads what the client printed; counts "ready" lines. False when it died. */
static bool client_read(struct sclient *c)
{
	for (;;) {
		ssize_t r = read(c->out, c->buf + c->blen, sizeof c->buf - 1 - c->blen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno == EAGAIN;
		if (r == 0)
			return false;
		c->blen += (size_t)r;
		c->buf[c->blen] = '\0';
		char *nl;
		while ((nl = strchr(c->buf, '\n'))) {
			if (strncmp(c->buf, "ready", 5) == 0)
				c->readies++;
			size_t n = (size_t)(nl - c->buf + 1);
			memmove(c->buf, nl + 1, c->blen - n + 1);
			c->blen -= n;
		}
		if (c->blen == sizeof c->buf - 1)
			c->blen = 0;
	}
}

static bool client_write_all(struct sclient *c, const char *text)
{
	size_t len = strlen(text), off = 0;

	while (off < len) {
		ssize_t r = write(c->in, text + off, len - off);
		if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = {.fd = c->in, .events = POLLOUT};
			poll(&p, 1, 100);
			client_read(c);
			continue;
		}
		if (r < 0)
			return false;
		off += (size_t)r;
	}
	return true;
}

/* Waits until client `c` has printed `want` ready lines in all. */
static bool client_wait_ready(struct sclient *c, int want, int timeout_ms)
{
	double t0 = monotonic_ms();

	while (c->readies < want) {
		struct pollfd p = {.fd = c->out, .events = POLLIN};
		if (monotonic_ms() - t0 > timeout_ms)
			return false;
		poll(&p, 1, 50);
		if (!client_read(c))
			return false;
	}
	return true;
}

static void stop_client(struct sclient *c)
{
	if (c->pid <= 0)
		return;
	close(c->in);
	close(c->out);
	if (wait_exit(c->pid, 5000) == -1) {
		kill(c->pid, SIGKILL);
		wait_exit(c->pid, 2000);
	}
	c->pid = -1;
}

static void free_client(struct sclient *c)
{
	free(c->script);
	free(c->lines);
	c->script = NULL;
	c->lines = NULL;
}

/* Every client: a sync, and its ready. */
static bool sync_clients(struct storm *s, struct sclient *cl)
{
	bool ok = true;

	for (int k = 0; k < NCLIENTS; k++) {
		int want = cl[k].readies + 1;
		if (!client_write_all(&cl[k], "sync\n") ||
		        !client_wait_ready(&cl[k], want, 20000)) {
			stress_fail(&s->st, "scene client %d (seed %llu) did not answer a sync", k,
			        (unsigned long long)cl[k].seed);
			ok = false;
		}
	}
	return ok;
}

static void random_size(struct storm *s, uint16_t *w, uint16_t *h)
{
	/* Fractions (in 1/20) of the full size: Xvfb cannot grow past it. */
	static const uint8_t sizes[][2] = {
	        {20, 20}, {16, 16}, {18, 13}, {13, 20}, {20, 10}, {8, 8}};
	int i = stress_rng_range(&s->rng, 0, (int)(sizeof sizes / sizeof sizes[0]) - 1);

	*w = (uint16_t)(s->full_w * sizes[i][0] / 20);
	*h = (uint16_t)(s->full_h * sizes[i][1] / 20);
}

static bool resize_screen(
        struct storm *s, xcb_connection_t *c, const xcb_screen_t *screen, uint16_t w, uint16_t h)
{
	s->resizes++;
	if (!stress_randr_resize(c, screen, w, h)) {
		stress_fail(&s->st, "RandR resize to %ux%u failed", w, h);
		return false;
	}
	return true;
}

/* Compares the composited screen with itself after shmcomp is gone. */
static bool compare_unredirected(struct storm *s)
{
	struct stress *st = &s->st;
	char pa[700], pb[700], pd[700];
	uint32_t *a, *b = NULL;
	size_t diff = 0;
	int fx = -1, fy = -1;

	if (!sync_clients(s, s->cl) || stress_ctl(st, "wait", NULL) != 0)
		return false;
	a = stress_shot(st->c, st->s, s->w, s->h);
	int code = stress_stop_comp(st, SIGTERM, 5000);
	if (code != 0)
		stress_fail(st, "shmcomp exited %d on SIGTERM (log %s)", code, st->log);
	/* The selection goes when the server has closed shmcomp's connection,
	 * which is when it unredirects the windows. */
	for (int i = 0; i < 200 && wait_cm_owner(st->c, 0); i++)
		sleep_ms(10);
	for (int attempt = 0; attempt < 10; attempt++) {
		if (!sync_clients(s, s->cl))
			break;
		free(b);
		b = stress_shot(st->c, st->s, s->w, s->h);
		if (!a || !b)
			break;
		diff = stress_shot_diff(a, b, s->w, s->h, &fx, &fy);
		if (diff == 0)
			break;
		sleep_ms(100);
	}
	bool ok = a && b && diff == 0;
	if (ok) {
		size_t lit = 0;
		for (size_t i = 0; i < (size_t)s->w * s->h; i++)
			lit += a[i] != 0;
		fprintf(stderr,
		        "%s: composited screen equals the unredirected one (%zu of %u "
		        "pixels not black)\n",
		        st->name, lit, (unsigned)s->w * s->h);
	} else {
		stress_fail(st,
		        "composited screen differs from the unredirected one in %zu pixels, first "
		        "at %d,%d (composited %06x, server %06x)",
		        diff, fx, fy, a && fx >= 0 ? a[(size_t)fy * s->w + (size_t)fx] : 0,
		        b && fx >= 0 ? b[(size_t)fy * s->w + (size_t)fx] : 0);
		if (a && stress_shot_save(st, a, s->w, s->h, "composited", pa, sizeof pa) && b &&
		        stress_shot_save(st, b, s->w, s->h, "unredirected", pb, sizeof pb) &&
		        stress_shot_save_diff(st, a, b, s->w, s->h, "diff", pd, sizeof pd))
			fprintf(stderr, "%s: shots: %s %s %s\n", st->name, pa, pb, pd);
		print_seeds(s);
	}
	free(a);
	free(b);
	return ok;
}

/* After the clients are gone and the root pixmap property deleted, shmcomp
 * tracks the windows it tracked at the start and holds no buffer but those. */
static bool no_leftovers(struct storm *s)
{
	struct stress *st = &s->st;
	struct stress_stats now;
	xcb_atom_t root_pmap = x_atom(st->c, "_XROOTPMAP_ID");
	long long in_use0 = s->base.bytes_live - s->base.bytes_cached, in_use = -1;

	xcb_delete_property(st->c, st->s->root, root_pmap);
	if (st->reply_window != XCB_NONE) { /* ours, from stress_wait_inline */
		xcb_destroy_window(st->c, st->reply_window);
		st->reply_window = XCB_NONE;
	}
	x_sync(st->c);
	for (int i = 0; i < 50; i++) {
		if (stress_ctl(st, "wait", NULL) != 0 || !stress_stats(st, &now))
			return false;
		in_use = now.bytes_live - now.bytes_cached;
		if (now.windows == s->base.windows && in_use == in_use0)
			return true;
		sleep_ms(50);
	}
	stress_fail(st,
	        "after every client left: windows %lld (at start %lld), SHM bytes in use "
	        "%lld (at start %lld)",
	        now.windows, s->base.windows, in_use, in_use0);
	print_seeds(s);
	return false;
}

/* ---- concurrent ---- */

static bool pump(struct storm *s, double deadline)
{
	double next_randr = monotonic_ms() + 20;
	bool done = false;

	while (!done) {
		struct pollfd p[2 * NCLIENTS];
		done = true;
		for (int k = 0; k < NCLIENTS; k++) {
			struct sclient *c = &s->cl[k];
			p[2 * k] = (struct pollfd){
			        .fd = c->off < c->len ? c->in : -1, .events = POLLOUT};
			p[2 * k + 1] = (struct pollfd){.fd = c->out, .events = POLLIN};
			if (c->off < c->len || c->readies < c->expected)
				done = false;
		}
		if (done)
			break;
		if (monotonic_ms() > deadline) {
			stress_fail(&s->st, "the storm did not finish in time");
			for (int k = 0; k < NCLIENTS; k++)
				fprintf(stderr, "%s: client %d: %zu/%zu bytes sent, %d/%d syncs\n",
				        s->st.name, k, s->cl[k].off, s->cl[k].len, s->cl[k].readies,
				        s->cl[k].expected);
			return false;
		}
		poll(p, 2 * NCLIENTS, 50);
		for (int k = 0; k < NCLIENTS; k++) {
			struct sclient *c = &s->cl[k];
			if (c->off < c->len && (p[2 * k].revents & POLLOUT)) {
				ssize_t r = write(c->in, c->script + c->off, c->len - c->off);
				if (r > 0)
					c->off += (size_t)r;
			}
			if (!client_read(c)) {
				stress_fail(&s->st,
				        "scene client %d (seed %llu) died; see %s/stress-%s"
				        "-clients.log",
				        k, (unsigned long long)c->seed, s->st.outdir, s->st.name);
				return false;
			}
		}
		if (s->randr && monotonic_ms() > next_randr) {
			uint16_t w, h;
			random_size(s, &w, &h);
			resize_screen(s, s->st.c, s->st.s, w, h);
			next_randr = monotonic_ms() + stress_rng_range(&s->rng, 20, 150);
		}
		if (!stress_comp_alive(&s->st)) {
			stress_fail(&s->st, "shmcomp died during the storm (status %d, log %s)",
			        s->st.comp_status, s->st.log);
			return false;
		}
	}
	return true;
}

static bool run_concurrent(struct storm *s)
{
	struct stress *st = &s->st;
	bool ok = true;

	for (int k = 0; k < NCLIENTS; k++) {
		struct sclient *c = &s->cl[k];
		c->script = make_script(s, k, 200, &c->len);
		if (!c->script) {
			stress_fail(st, "scene-client --random failed");
			return false;
		}
		c->expected = count_syncs(c->script);
		if (!start_client(s, c, st->xs.name)) {
			stress_fail(st, "cannot start the scene client");
			return false;
		}
	}
	print_seeds(s);
	double t0 = monotonic_ms();
	ok = pump(s, t0 + 40000);
	fprintf(stderr, "%s: storm of %d x %ld ops with %d RandR resizes took %.0f ms\n", st->name,
	        NCLIENTS, s->ops, s->resizes, monotonic_ms() - t0);
	if (ok && s->randr)
		ok = resize_screen(s, st->c, st->s, s->full_w, s->full_h);
	s->w = s->full_w;
	s->h = s->full_h;
	ok = ok && sync_clients(s, s->cl) && stress_health(st, "after the storm");
	if (ok && !s->argb)
		ok = compare_unredirected(s);
	if (!stress_comp_alive(st))
		ok = ok && stress_start_comp(st, NULL, NULL, 10000); /* only after compare */
	for (int k = 0; k < NCLIENTS; k++)
		stop_client(&s->cl[k]);
	if (ok)
		ok = stress_health(st, "after the clients left") && no_leftovers(s);
	return ok;
}

/* ---- lockstep ---- */

struct side {
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *s;
	struct sclient cl[NCLIENTS];
};

static bool split_ops(struct sclient *c)
{
	c->lines = calloc(MAX_LINES, sizeof *c->lines);
	if (!c->lines)
		return false;
	for (char *p = c->script; p && *p && c->nlines < MAX_LINES;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p && *p != '#' && strcmp(p, "sync") != 0)
			c->lines[c->nlines++] = p;
		p = nl ? nl + 1 : NULL;
	}
	return true;
}

static bool side_step(struct storm *s, struct side *d, int k, const char *line)
{
	struct sclient *c = &d->cl[k];
	char buf[4200];

	snprintf(buf, sizeof buf, "%s\nsync\n", line);
	if (!client_write_all(c, buf) || !client_wait_ready(c, c->readies + 1, 20000)) {
		stress_fail(&s->st, "scene client %d on %s stopped at '%s'", k, d->xs.name, line);
		return false;
	}
	return true;
}

static bool checkpoint(struct storm *s, struct side *a, struct side *b, long step)
{
	struct stress *st = &s->st;
	uint32_t *pa, *pb;
	size_t diff;
	int fx, fy;
	char fa[700], fb[700], fd[700], tag[64];

	if (!stress_wait_inline(st, 10000)) {
		stress_fail(st, "wait failed at step %ld", step);
		return false;
	}
	pa = stress_shot(a->c, a->s, s->w, s->h);
	pb = stress_shot(b->c, b->s, s->w, s->h);
	if (!pa || !pb) {
		free(pa);
		free(pb);
		stress_fail(st, "screenshot failed at step %ld", step);
		return false;
	}
	diff = stress_shot_diff(pa, pb, s->w, s->h, &fx, &fy);
	if (diff) {
		stress_fail(st,
		        "step %ld (%ux%u): %zu pixels differ, first at %d,%d (bare %06x, "
		        "shmcomp %06x)",
		        step, s->w, s->h, diff, fx, fy, pa[(size_t)fy * s->w + (size_t)fx],
		        pb[(size_t)fy * s->w + (size_t)fx]);
		snprintf(tag, sizeof tag, "step%ld-bare", step);
		stress_shot_save(st, pa, s->w, s->h, tag, fa, sizeof fa);
		snprintf(tag, sizeof tag, "step%ld-shmcomp", step);
		stress_shot_save(st, pb, s->w, s->h, tag, fb, sizeof fb);
		snprintf(tag, sizeof tag, "step%ld-diff", step);
		stress_shot_save_diff(st, pa, pb, s->w, s->h, tag, fd, sizeof fd);
		fprintf(stderr, "%s: shots: %s %s %s\n", st->name, fa, fb, fd);
		print_seeds(s);
	}
	if (diff == 0 && step % 1000 < s->check_every)
		fprintf(stderr, "%s: step %ld (%ux%u): screens equal\n", st->name, step, s->w,
		        s->h);
	free(pa);
	free(pb);
	return diff == 0;
}

static bool lockstep_ops(struct storm *s, struct side *a, struct side *b, long *steps)
{
	long step = 0, mismatches = 0;
	size_t left = 0;

	for (int k = 0; k < NCLIENTS; k++)
		left += s->cl[k].nlines;
	while (left > 0) {
		int k = stress_rng_range(&s->rng, 0, NCLIENTS - 1);
		if (s->cl[k].next >= s->cl[k].nlines)
			continue;
		const char *line = s->cl[k].lines[s->cl[k].next++];
		left--;
		step++;
		if (!side_step(s, a, k, line) || !side_step(s, b, k, line))
			return false;
		if (s->randr && stress_rng_range(&s->rng, 0, 149) == 0) {
			random_size(s, &s->w, &s->h);
			if (!resize_screen(s, b->c, b->s, s->w, s->h) ||
			        !resize_screen(s, a->c, a->s, s->w, s->h) ||
			        !sync_clients(s, a->cl) || !sync_clients(s, b->cl))
				return false;
		}
		/* Another client's line may have exposed a window on the bare server,
		 * whose owner repaints when it gets to it: sync every client first. */
		if (step % s->check_every == 0 &&
		        (!sync_clients(s, a->cl) || !sync_clients(s, b->cl)))
			return false;
		if (step % s->check_every == 0 && !checkpoint(s, a, b, step) && ++mismatches >= 3)
			return false;
		if (!stress_comp_alive(&s->st)) {
			stress_fail(&s->st, "shmcomp died at step %ld (status %d, log %s)", step,
			        s->st.comp_status, s->st.log);
			return false;
		}
	}
	*steps = step;
	return mismatches == 0;
}

static bool run_lockstep(struct storm *s)
{
	struct stress *st = &s->st;
	struct side a = {0}, b = {0};
	char screen[40];
	const char *server_args[] = {"-screen", "0", screen, NULL};
	long steps = 0;
	bool ok;

	snprintf(screen, sizeof screen, "%sx24", s->size_arg);
	if (xserver_start(&a.xs, "Xvfb", server_args) != 0)
		return false;
	a.c = xserver_connect(&a.xs, &a.s);
	b.xs = st->xs;
	b.c = st->c;
	b.s = st->s;
	for (int k = 0; k < NCLIENTS; k++) {
		s->cl[k].script = make_script(s, k, 0, &s->cl[k].len);
		if (!s->cl[k].script || !split_ops(&s->cl[k])) {
			stress_fail(st, "scene-client --random failed");
			xserver_stop(&a.xs);
			return false;
		}
		a.cl[k].seed = b.cl[k].seed = s->cl[k].seed;
		if (!start_client(s, &a.cl[k], a.xs.name) ||
		        !start_client(s, &b.cl[k], b.xs.name)) {
			stress_fail(st, "cannot start the scene clients");
			xserver_stop(&a.xs);
			return false;
		}
	}
	print_seeds(s);
	s->w = s->full_w;
	s->h = s->full_h;
	double t0 = monotonic_ms();
	ok = lockstep_ops(s, &a, &b, &steps);
	fprintf(stderr,
	        "%s: %ld lockstep steps with %d RandR resizes (both servers) took %.0f ms\n",
	        st->name, steps, s->resizes / 2, monotonic_ms() - t0);
	if (ok && s->randr && (s->w != s->full_w || s->h != s->full_h)) {
		s->w = s->full_w;
		s->h = s->full_h;
		ok = resize_screen(s, st->c, st->s, s->w, s->h) &&
		     resize_screen(s, a.c, a.s, s->w, s->h) && sync_clients(s, a.cl) &&
		     sync_clients(s, b.cl);
	}
	ok = ok && sync_clients(s, a.cl) && sync_clients(s, b.cl) && checkpoint(s, &a, &b, steps) &&
	     stress_health(st, "after the lockstep storm");
	for (int k = 0; k < NCLIENTS; k++) {
		stop_client(&a.cl[k]);
		stop_client(&b.cl[k]);
	}
	xcb_disconnect(a.c);
	xserver_stop(&a.xs);
	return ok && stress_health(st, "after the clients left") && no_leftovers(s);
}

/* The modes: lockstep (check after every few ops, on a small screen for lockstep-small) or
 * concurrent; ARGB clients; every effect on. */
static const struct storm_mode {
	const char *name;
	bool lockstep, small, argb, effects;
} modes[] = {
        {"concurrent", false, false, false, false},
        {"lockstep", true, false, false, false},
        {"lockstep-small", true, true, false, false},
        {"argb", false, false, true, false},
        {"effects", false, false, true, true},
};

/* Arguments: SHMCOMP SHMCOMP_CTL OUTDIR SCENE_CLIENT [SEED [OPS [CONFIG]]]. */
TEST_P(storm, modes)
{
	const struct storm_mode *m = tc->data;
	const char *mode = m->name;
	struct storm s = {0};
	int r;

	stress_init(&s.st, tc);
	s.scene_client = test_arg(tc, 3, "SCENE_CLIENT");
	s.seed = strtoull(stress_arg(tc, 1, "20261127"), NULL, 0);
	s.ops = strtol(stress_arg(tc, 2, "1500"), NULL, 0);
	if (getenv("STRESS_SEED"))
		s.seed = strtoull(getenv("STRESS_SEED"), NULL, 0);
	if (getenv("STRESS_OPS"))
		s.ops = strtol(getenv("STRESS_OPS"), NULL, 0);
	const char *comp_args[] = {"--config", stress_arg(tc, 3, NULL), NULL};
	s.argb = m->argb;
	if (m->effects && !comp_args[1]) {
		fprintf(stderr, "%s: give the configuration file\n", mode);
		return 2;
	}
	s.full_w = m->small ? 320 : 800;
	s.full_h = m->small ? 240 : 600;
	snprintf(s.size_arg, sizeof s.size_arg, "%ux%u", s.full_w, s.full_h);
	s.check_every = m->small ? 20 : 250;
	char screen[40];
	snprintf(screen, sizeof screen, "%sx24", s.size_arg);
	const char *server_args[] = {"-screen", "0", screen, NULL};
	s.rng.state = s.seed ^ 0x5eed;
	for (int k = 0; k < NCLIENTS; k++)
		s.cl[k].seed = s.seed + (uint64_t)k * 1000003u;
	if (access(s.scene_client, X_OK) != 0) {
		fprintf(stderr, "%s: %s missing\n", mode, s.scene_client);
		return TEST_SKIP;
	}
	r = stress_start(&s.st, server_args, m->effects ? comp_args : NULL, NULL, 10000);
	if (r)
		return r == HARNESS_SKIP ? r : TEST_FAIL;
	const xcb_query_extension_reply_t *rr = xcb_get_extension_data(s.st.c, &xcb_randr_id);
	s.randr = rr && rr->present;
	if (!s.randr)
		fprintf(stderr, "%s: the server lacks RandR: no resizes\n", mode);
	if (!stress_stats(&s.st, &s.base))
		stress_fail(&s.st, "stats failed at start");
	if (m->lockstep)
		run_lockstep(&s);
	else
		run_concurrent(&s);
	for (int k = 0; k < NCLIENTS; k++) {
		stop_client(&s.cl[k]);
		free_client(&s.cl[k]);
	}
	if (test_failures())
		print_seeds(&s);
	return stress_finish(&s.st);
}
