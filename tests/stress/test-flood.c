/* stress suite: a flood of control requests from hostile clients while the
 * screen cannot settle (a fade under --clock=virtual that nobody steps):
 * settled waits from several connections at once, naming forged reply windows
 * (ids of no window, of other clients, the root), real reply windows destroyed
 * mid-wait, and a sender that never reads its replies.
 *  - During the burst (the senders write as fast as the X server takes it, on
 *    the same two cores) an honest client's `wait` and `stats` are answered
 *    within BURST_ANSWER_MS: a request queued behind a burst waits for it.
 *  - Once the burst is sent, with the senders still connected and their waits
 *    pending, and while a sender keeps up a steady PACED_PER_S requests a
 *    second (a harness polling in a loop), each is answered within 100 ms.
 *  - shmcomp's private memory grows by less than FLOOD_MEM_LIMIT_KB, the
 *    pending requests stay within the caps, and once the senders are gone
 *    nothing of theirs is pending.
 * Run as: test-flood flood SHMCOMP SHMCOMP_CTL OUTDIR CONFIG [REQUESTS] */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proto/ctl-proto.h"
#include "tests/harness/runner.h"
#include "tests/stress/stress.h"

#define SENDERS 4
#define ANSWER_MS 100.0
#define BURST_ANSWER_MS 2000.0
#define PACED_PER_S 20000
/* The caps allow 8192 pending waits of well under 200 bytes each, plus hash
 * records; 8 MiB leaves room for the allocator's own growth. */
#define FLOOD_MEM_LIMIT_KB 8192L

struct link {
	xcb_connection_t *c;
	xcb_screen_t *s;
	xcb_window_t owner, me;
	xcb_atom_t request, reply, text;
	uint32_t next_id;
};

static bool link_open(struct link *l, const char *display)
{
	l->c = xcb_connect(display, NULL);
	if (xcb_connection_has_error(l->c))
		return false;
	l->s = xcb_setup_roots_iterator(xcb_get_setup(l->c)).data;
	l->request = x_atom(l->c, CTL_ATOM_REQUEST);
	l->reply = x_atom(l->c, CTL_ATOM_REPLY);
	l->text = x_atom(l->c, CTL_ATOM_TEXT);
	xcb_atom_t cm = x_atom(l->c, "_NET_WM_CM_S0");
	xcb_get_selection_owner_reply_t *o =
	        xcb_get_selection_owner_reply(l->c, xcb_get_selection_owner(l->c, cm), NULL);
	l->owner = o ? o->owner : XCB_NONE;
	free(o);
	l->me = xcb_generate_id(l->c);
	xcb_create_window(l->c, 0, l->me, l->s->root, -1, -1, 1, 1, 0, XCB_WINDOW_CLASS_INPUT_ONLY,
	        XCB_COPY_FROM_PARENT, 0, NULL);
	return l->owner != XCB_NONE;
}

static void send_request(
        struct link *l, uint32_t command, uint32_t arg, xcb_window_t to, uint32_t id)
{
	xcb_client_message_event_t ev = {.response_type = XCB_CLIENT_MESSAGE,
	        .format = 32,
	        .window = l->owner,
	        .type = l->request};

	ev.data.data32[0] = command;
	ev.data.data32[1] = to;
	ev.data.data32[2] = id;
	ev.data.data32[3] = arg;
	xcb_send_event(l->c, 0, l->owner, XCB_EVENT_MASK_NO_EVENT, (const char *)&ev);
}

/* One hostile connection: `n` settled waits naming every kind of reply window,
 * `per_s` a second (0: as fast as it can); then it says so on `done_fd` and
 * stays connected (its waits pending) until it is killed. */
static int hostile(const char *display, uint64_t seed, long n, bool reads, long per_s, int done_fd)
{
	struct link l;
	struct stress_rng rng = {seed};
	xcb_window_t real = XCB_NONE;
	uint32_t base;
	double t0 = monotonic_ms();

	if (!link_open(&l, display))
		return 1;
	base = xcb_get_setup(l.c)->resource_id_base;
	for (long i = 0; i < n; i++) {
		xcb_window_t to;
		switch (stress_rng_range(&rng, 0, 5)) {
		case 0: /* no window at all, of any client */
			to = (uint32_t)stress_rng_next(&rng) & 0x1fffffffu;
			break;
		case 1: /* an id of ours that was never created */
			to = base | 0x100000u | (uint32_t)stress_rng_range(&rng, 0, 0xfffff);
			break;
		case 2: /* the root: it never goes away */
			to = l.s->root;
			break;
		default: /* a real window, destroyed every few hundred requests */
			if (real == XCB_NONE || stress_rng_range(&rng, 0, 300) == 0) {
				if (real != XCB_NONE)
					xcb_destroy_window(l.c, real);
				real = xcb_generate_id(l.c);
				xcb_create_window(l.c, 0, real, l.s->root, -1, -1, 1, 1, 0,
				        XCB_WINDOW_CLASS_INPUT_ONLY, XCB_COPY_FROM_PARENT, 0, NULL);
			}
			to = real;
		}
		send_request(&l, CTL_WAIT, CTL_WAIT_SETTLED, to, (uint32_t)i);
		if (i % 512 == 0) {
			xcb_flush(l.c);
			if (reads)
				stress_drain(l.c);
		}
		if (per_s > 0 && i % 64 == 0) {
			double due = t0 + (double)i * 1000.0 / (double)per_s;
			if (due > monotonic_ms())
				sleep_ms((long)(due - monotonic_ms()));
		}
	}
	xcb_flush(l.c);
	free(xcb_get_input_focus_reply(l.c, xcb_get_input_focus(l.c), NULL));
	if (write(done_fd, "x", 1) != 1)
		return 1;
	for (;;) {
		stress_drain(l.c);
		sleep_ms(50);
	}
}

/* Sends `command` and waits for its reply: the time it took in ms, or -1. */
static double timed(struct link *l, uint32_t command, uint32_t *status)
{
	uint32_t id = ++l->next_id;
	double t0 = monotonic_ms();

	send_request(l, command, 0, l->me, id);
	xcb_flush(l->c);
	while (monotonic_ms() - t0 < 10000) {
		xcb_generic_event_t *e = xcb_poll_for_event(l->c);
		if (!e) {
			sleep_ms(0);
			continue;
		}
		const xcb_client_message_event_t *m = (const void *)e;
		bool done = (e->response_type & 0x7f) == XCB_CLIENT_MESSAGE &&
		            m->type == l->reply && m->data.data32[0] == id;
		if (done)
			*status = m->data.data32[1];
		free(e);
		if (done)
			return monotonic_ms() - t0;
	}
	return -1;
}

static long long text_value(struct link *l, const char *key)
{
	xcb_get_property_reply_t *r = xcb_get_property_reply(
	        l->c, xcb_get_property(l->c, 0, l->me, l->text, XCB_ATOM_STRING, 0, 1 << 16), NULL);
	long long v = -1;
	char pat[64];

	snprintf(pat, sizeof pat, "\n%s=", key);
	if (r) {
		int len = xcb_get_property_value_length(r);
		char *s = malloc((size_t)len + 2);
		s[0] = '\n';
		memcpy(s + 1, xcb_get_property_value(r), (size_t)len);
		s[len + 1] = '\0';
		char *p = strstr(s, pat);
		if (p)
			v = atoll(p + strlen(pat));
		free(s);
	}
	free(r);
	return v;
}

static void fading_window(struct stress *st)
{
	stress_window(st->c, st->s, 50, 50, 200, 150, 0x884422);
}

struct probe {
	double worst_wait, worst_stats;
	long long peak;
	int answered;
};

/* An honest `wait` and `stats`, timed; false when one got no OK. */
static bool probe(struct stress *st, struct link *l, struct probe *p)
{
	uint32_t status = 0;
	double w = timed(l, CTL_WAIT, &status);
	bool ok = CHECK(w >= 0 && status == CTL_OK);
	double s = timed(l, CTL_STATS, &status);

	ok &= CHECK(s >= 0 && status == CTL_OK);
	long long pending = text_value(l, "ctl_pending");
	p->peak = pending > p->peak ? pending : p->peak;
	p->worst_wait = w > p->worst_wait ? w : p->worst_wait;
	p->worst_stats = s > p->worst_stats ? s : p->worst_stats;
	p->answered++;
	return ok;
}

/* Reads one byte from each of `n` senders (nonblocking); the count read. */
static int count_done(int fd)
{
	char buf[16];
	ssize_t r = read(fd, buf, sizeof buf);

	return r > 0 ? (int)r : 0;
}

static pid_t sender(struct stress *st, int k, long n, long per_s, int done_fd)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(hostile(st->xs.name, 1000u + (uint64_t)k, n, k != 0, per_s, done_fd));
	return pid;
}

static void stop_senders(pid_t *kids, int n)
{
	for (int k = 0; k < n; k++)
		if (kids[k] > 0) {
			kill(kids[k], SIGKILL);
			waitpid(kids[k], NULL, 0);
			kids[k] = -1;
		}
}

TEST(flood)
{
	struct stress st;
	struct stress_mem m0, m1;
	struct link l;
	pid_t kids[SENDERS + 1];
	struct probe burst = {0}, after = {0}, paced = {0};
	int done[2];

	stress_init(&st, tc);
	if (pipe(done) != 0)
		return TEST_FAIL;
	fcntl(done[0], F_SETFL, O_NONBLOCK);
	long requests = atol(stress_arg(tc, 1, "2000000"));
	const char *comp_args[] = {"--clock=virtual", "--config", stress_arg(tc, 0, NULL), NULL};
	int r = stress_start(&st, NULL, comp_args, NULL, 10000);
	if (r)
		return r;
	fading_window(&st); /* fades in on a clock that never moves: never settled */
	CHECK(link_open(&l, st.xs.name));
	fprintf(stderr, "flood: the honest reply window is 0x%x\n", l.me);
	probe(&st, &l, &after);
	after = (struct probe){0};
	CHECK(stress_mem(st.comp, &m0));

	/* the burst */
	double t0 = monotonic_ms();
	for (int k = 0; k < SENDERS; k++)
		kids[k] = sender(&st, k, requests / SENDERS, 0, done[1]);
	kids[SENDERS] = -1;
	for (int sent = 0; sent < SENDERS; sent += count_done(done[0]))
		probe(&st, &l, &burst);
	double burst_s = (monotonic_ms() - t0) / 1000;

	/* sent; the first answer after that comes once shmcomp has read the backlog
	 * (counted with the burst); from then on the senders linger with their
	 * waits pending, and one more polls on */
	probe(&st, &l, &burst);
	kids[SENDERS] = sender(&st, SENDERS, (long)PACED_PER_S * 2, PACED_PER_S, done[1]);
	t0 = monotonic_ms();
	for (int sent = 0; sent < 1; sent += count_done(done[0])) {
		probe(&st, &l, monotonic_ms() - t0 < 300 ? &after : &paced);
		sleep_ms(10);
	}
	stop_senders(kids, SENDERS + 1);
	/* their reply windows went with them: nothing of theirs pends but the root's */
	CHECK(stress_wait_inline(&st, 5000));
	uint32_t status;
	CHECK(timed(&l, CTL_STATS, &status) >= 0);
	long long left = text_value(&l, "ctl_pending");
	long long refused = text_value(&l, "ctl_refused");
	long long silenced = text_value(&l, "ctl_silenced");
	long long dropped = text_value(&l, "ctl_dropped");
	CHECK(stress_mem(st.comp, &m1));
	printf("flood: %ld settled waits from %d connections in %.1f s; during the burst wait "
	       "%.1f ms, stats %.1f ms at worst (%d probes); after it, with %lld pending, wait "
	       "%.1f ms, stats %.1f ms (%d probes); with %d requests/s going on, wait %.1f ms, "
	       "stats %.1f ms (%d probes); %lld left after (the root's); refused %lld (%lld "
	       "without a reply), dropped %lld; private memory %ld -> %ld KiB\n",
	        requests, SENDERS, burst_s, burst.worst_wait, burst.worst_stats, burst.answered,
	        after.peak, after.worst_wait, after.worst_stats, after.answered, PACED_PER_S,
	        paced.worst_wait, paced.worst_stats, paced.answered, left, refused, silenced,
	        dropped, m0.anon_kb, m1.anon_kb);
	/* Under ASan (or valgrind) shmcomp is several times slower than the senders: the
	 * burst's bound is about the real program; the rest holds either way. */
	if (!stress_instrumented(st.comp))
		CHECK(burst.worst_wait < BURST_ANSWER_MS && burst.worst_stats < BURST_ANSWER_MS);
	else
		printf("flood: instrumented shmcomp: the answer times during the burst are not "
		       "judged\n");
	CHECK(after.answered >= 5 && paced.answered >= 20);
	CHECK(after.worst_wait < ANSWER_MS && after.worst_stats < ANSWER_MS);
	CHECK(paced.worst_wait < ANSWER_MS && paced.worst_stats < ANSWER_MS);
	CHECK(burst.peak <= 8192 && after.peak > 0 && refused > 0 && dropped > 0);
	/* Waits on the root (which never goes) stay, within one client's cap. */
	CHECK(left >= 0 && left <= 256);
	if (!stress_instrumented(st.comp))
		CHECK(m1.anon_kb - m0.anon_kb < FLOOD_MEM_LIMIT_KB);
	CHECK(stress_health(&st, "after the flood"));
	xcb_disconnect(l.c);
	return stress_finish(&st);
}
