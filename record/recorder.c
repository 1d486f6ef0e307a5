/* The recorder: frames from the caller's thread go through a queue of a few slots to
 * the recorder's thread, which writes them to the encoder (or, in ring mode, into the
 * ring); dumps of the ring run on a thread of their own. The caller never waits:
 * the newest frame stays in a slot of its own ("pending") until a later one comes,
 * so that frames less than the merge interval apart can still replace it, and when
 * every other slot is queued a new frame replaces the pending one, whose frame is the
 * one dropped: the last picture on screen is always the one kept. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "record/record-private.h"

#define MAX_SIDE 32767u
#define MAX_QUEUE 64u
#define DEFAULT_TIMEOUT_MS 30000u
/* How long the recorder's thread waits for a failed encoder's last words. */
#define FAILED_ENCODER_WAIT_NS (2 * 1000000000ull)

struct slot {
	uint32_t *pixels;
	uint64_t time_ms;
	uint64_t repeat_ms; /* also written at this time: the closing frame (0: none) */
};

struct dump {
	struct recorder *r;
	struct rec_encoder enc;
	char name[128]; /* the output, for the message */
	uint64_t now_ms;
	uint64_t after; /* frames published before it was asked for: they are in it */
	bool started;   /* the recorder's thread took the snapshot and started it */
	bool thread_ok; /* ... and its thread runs: join it */
	bool done;      /* it has ended (under the recorder's lock) */
	pthread_t thread;
	struct rec_ring_snapshot snap;
};

struct recorder {
	/* fixed from create on */
	enum recorder_format format;
	uint32_t width, height;
	size_t frame_bytes;
	uint64_t merge_ms;
	bool ring_mode;
	char program[4096];
	struct slot *slots;
	size_t nslots;
	int event_fd;

	/* the caller's thread only */
	bool has_pending, finished;
	size_t pending;
	uint64_t pending_ms, newest_ms;
	uint64_t frames, merged, dropped_here, resized, call_ns_total, call_ns_max;

	/* shared: under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond; /* the queue or the state changed */
	bool lock_ok, cond_ok;
	size_t head, len; /* published slots head .. head + len - 1 (mod nslots) */
	uint64_t published, processed, recorded, dropped_there, closing;
	bool stopping, failed, worker_done;
	char message[512];
	bool message_new;
	struct dump *dump;
	int encoder_pid;
	uint64_t encoder_cpu_done_ms, thread_cpu_done_ns, dump_bytes, dumps, dumps_failed;
	struct rec_ring_stats ring_stats;
	_Atomic uint64_t deadline_ns; /* finish's deadline for the encoders (0: none yet) */

	/* the recorder's thread (created after everything above is ready) */
	pthread_t worker;
	bool worker_ok;
	struct rec_encoder enc; /* not in ring mode */
	struct rec_ring *ring;  /* ring mode */
	bool encoder_finished;
	char encoder_error[512];
};

/* --- messages --- */

__attribute__((format(printf, 2, 3))) static void post_locked(
        struct recorder *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	r->message_new = true;
	uint64_t one = 1;
	if (write(r->event_fd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow with one write per event; nothing to do */
	}
}

int recorder_event_fd(const struct recorder *r)
{
	return r->event_fd;
}

bool recorder_take_message(struct recorder *r, char *msg, size_t msglen)
{
	uint64_t n;
	if (read(r->event_fd, &n, sizeof(n)) < 0) {
		/* EAGAIN: nothing was posted since the last call */
	}
	pthread_mutex_lock(&r->lock);
	bool any = r->message_new;
	if (any)
		snprintf(msg, msglen, "%s", r->message);
	r->message_new = false;
	pthread_mutex_unlock(&r->lock);
	return any;
}

/* --- the caller's side --- */

static void copy_in(struct recorder *r, size_t slot, const uint32_t *pixels, size_t stride,
        uint32_t width, uint32_t height)
{
	uint32_t *dst = r->slots[slot].pixels;
	size_t w = r->width, h = r->height;
	if (width == w && height == h && stride == w * 4) {
		memcpy(dst, pixels, r->frame_bytes);
		return;
	}
	/* RandR resized the screen: keep the top left, pad the rest with black */
	size_t cw = width < w ? width : w, ch = height < h ? height : h;
	for (size_t y = 0; y < ch; y++) {
		memcpy(dst + y * w, (const char *)pixels + y * stride, cw * 4);
		memset(dst + y * w + cw, 0, (w - cw) * 4);
	}
	memset(dst + ch * w, 0, (h - ch) * w * 4);
}

static void publish_locked(struct recorder *r, uint64_t repeat_ms)
{
	struct slot *s = &r->slots[r->pending];
	s->time_ms = r->pending_ms;
	s->repeat_ms = repeat_ms > r->pending_ms ? repeat_ms : 0;
	r->len++;
	r->published++;
	r->has_pending = false;
	pthread_cond_broadcast(&r->cond);
}

/* Where the frame goes: the pending slot (merged, or replacing a frame that cannot be
 * queued), a new pending slot, or nowhere. */
static bool take_frame(struct recorder *r, const uint32_t *pixels, size_t stride, uint32_t width,
        uint32_t height, uint64_t time_ms)
{
	if (r->finished || !pixels || stride / 4 < width)
		return false;
	if (time_ms < r->newest_ms)
		time_ms = r->newest_ms;
	r->newest_ms = time_ms;
	if (width != r->width || height != r->height)
		r->resized++;
	if (r->has_pending && time_ms - r->pending_ms < r->merge_ms) {
		copy_in(r, r->pending, pixels, stride, width, height);
		r->merged++;
		return true;
	}
	pthread_mutex_lock(&r->lock);
	bool failed = r->failed;
	bool full = r->len + (r->has_pending ? 1u : 0u) == r->nslots;
	if (!failed && !full) {
		if (r->has_pending)
			publish_locked(r, 0);
		r->pending = (r->head + r->len) % r->nslots;
		r->has_pending = true;
	}
	pthread_mutex_unlock(&r->lock);
	if (failed || (full && !r->has_pending))
		return false;
	if (full)
		r->dropped_here++; /* the pending frame, replaced below */
	copy_in(r, r->pending, pixels, stride, width, height);
	r->pending_ms = time_ms;
	return true;
}

bool recorder_frame(struct recorder *r, const uint32_t *pixels, size_t stride, uint32_t width,
        uint32_t height, uint64_t time_ms)
{
	uint64_t t0 = rec_now_ns();
	r->frames++;
	bool kept = take_frame(r, pixels, stride, width, height, time_ms);
	if (!kept)
		r->dropped_here++;
	uint64_t dt = rec_now_ns() - t0;
	r->call_ns_total += dt;
	if (dt > r->call_ns_max)
		r->call_ns_max = dt;
	return kept;
}

/* --- the recorder's thread --- */

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool write_frame(
        struct recorder *r, struct rec_encoder *e, const uint32_t *pixels, uint64_t time_ms)
{
	unsigned char head[REC_MKV_FRAME_HEADER_MAX];
	size_t n = rec_mkv_frame_header(head, time_ms, r->frame_bytes);
	return n > 0 && rec_encoder_write(e, head, n, pixels, r->frame_bytes, &r->deadline_ns);
}

static bool write_header(struct recorder *r, struct rec_encoder *e)
{
	unsigned char head[REC_MKV_HEADER_MAX];
	size_t n = rec_mkv_header(head, r->width, r->height);
	return n > 0 && rec_encoder_write(e, head, n, NULL, 0, &r->deadline_ns);
}

/* The encoder failed: collect what it said, then drop every frame from now on. */
static void encoder_failed(struct recorder *r)
{
	char err[512] = "";
	if (!r->encoder_finished) {
		rec_encoder_finish(
		        &r->enc, rec_now_ns() + FAILED_ENCODER_WAIT_NS, err, sizeof(err));
		r->encoder_finished = true;
		snprintf(r->encoder_error, sizeof(r->encoder_error), "%s",
		        err[0] ? err : "the encoder stopped reading");
	}
	pthread_mutex_lock(&r->lock);
	if (!r->failed)
		post_locked(r, "recording stopped: %s", r->encoder_error);
	r->failed = true;
	r->encoder_pid = 0;
	r->encoder_cpu_done_ms += r->enc.cpu_ms;
	pthread_mutex_unlock(&r->lock);
}

static bool process_slot(struct recorder *r, const struct slot *s, uint64_t *closing)
{
	if (r->ring_mode)
		return rec_ring_add(r->ring, s->pixels, s->time_ms);
	if (!write_frame(r, &r->enc, s->pixels, s->time_ms))
		return false;
	if (s->repeat_ms && write_frame(r, &r->enc, s->pixels, s->repeat_ms))
		(*closing)++;
	return true;
}

static void start_dump(struct recorder *r, struct dump *d);

static bool dump_due_locked(const struct recorder *r)
{
	return r->dump && !r->dump->started && r->processed >= r->dump->after;
}

static void finish_encoder(struct recorder *r)
{
	char err[512] = "";
	bool ok = rec_encoder_finish(&r->enc, atomic_load(&r->deadline_ns), err, sizeof(err));
	pthread_mutex_lock(&r->lock);
	if (!ok && !r->failed) {
		/* ffmpeg's own words for it are "pipe:0: End of file" */
		if (r->recorded == 0)
			snprintf(err, sizeof(err), "no frame was recorded: the file is empty");
		snprintf(r->encoder_error, sizeof(r->encoder_error), "%s", err);
		post_locked(r, "recording failed: %s", err);
		r->failed = true;
	}
	r->encoder_pid = 0;
	r->encoder_cpu_done_ms += r->enc.cpu_ms;
	pthread_mutex_unlock(&r->lock);
	r->encoder_finished = true;
}

static void *worker_main(void *arg)
{
	struct recorder *r = arg;
	if (!r->ring_mode && !write_header(r, &r->enc))
		encoder_failed(r);
	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->len == 0 && !r->stopping && !dump_due_locked(r))
			pthread_cond_wait(&r->cond, &r->lock);
		if (dump_due_locked(r)) {
			struct dump *d = r->dump;
			d->started = true;
			pthread_mutex_unlock(&r->lock);
			start_dump(r, d);
			pthread_mutex_lock(&r->lock);
			continue;
		}
		if (r->len == 0)
			break;
		const struct slot *s = &r->slots[r->head];
		bool failed = r->failed;
		pthread_mutex_unlock(&r->lock);
		uint64_t closing = 0;
		bool ok = !failed && process_slot(r, s, &closing);
		if (!ok && !failed && !r->ring_mode)
			encoder_failed(r);
		pthread_mutex_lock(&r->lock);
		r->head = (r->head + 1) % r->nslots;
		r->len--;
		r->processed++;
		if (ok)
			r->recorded++;
		else
			r->dropped_there++;
		r->closing += closing;
		if (r->ring_mode)
			rec_ring_get_stats(r->ring, &r->ring_stats);
		pthread_cond_broadcast(&r->cond);
	}
	pthread_mutex_unlock(&r->lock);
	if (!r->ring_mode && !r->encoder_finished)
		finish_encoder(r);
	uint64_t cpu = thread_cpu_ns();
	pthread_mutex_lock(&r->lock);
	r->thread_cpu_done_ns += cpu;
	r->worker_done = true;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* --- dumps (ring mode) --- */

struct dump_run {
	struct rec_delta *delta;
	uint32_t *picture;
	uint64_t written, closing, last_ms;
	bool any;
};

static bool dump_frames(struct recorder *r, struct dump *d, struct dump_run *run)
{
	const struct rec_ring_snapshot *s = &d->snap;
	if (!write_header(r, &d->enc))
		return false;
	for (size_t i = 0; i < s->count; i++) {
		const struct rec_ring_frame *f = s->frames[i];
		if (!rec_delta_decode(run->delta, f->data, f->size, f->key, run->picture))
			return false;
		if (i < s->first_out)
			continue;
		uint64_t t = i == s->first_out ? s->start_ms : f->time_ms;
		/* frames at the same ms (kept apart by an earlier dump): the last one wins */
		if (i + 1 < s->count && s->frames[i + 1]->time_ms <= t)
			continue;
		if (!write_frame(r, &d->enc, run->picture, t))
			return false;
		run->written++;
		run->last_ms = t;
		run->any = true;
	}
	if (run->any && d->now_ms > run->last_ms) {
		if (!write_frame(r, &d->enc, run->picture, d->now_ms))
			return false;
		run->closing++;
	}
	return true;
}

static void dump_end(
        struct recorder *r, struct dump *d, bool ok, const char *err, const struct dump_run *run)
{
	uint64_t bytes = rec_encoder_output_bytes(&d->enc);
	pthread_mutex_lock(&r->lock);
	d->done = true;
	r->dumps++;
	if (ok) {
		r->dump_bytes += bytes;
		r->closing += run->closing;
		post_locked(r, "dump: %s: %" PRIu64 " frames, %" PRIu64 " bytes", d->name,
		        run->written + run->closing, bytes);
	} else {
		r->dumps_failed++;
		post_locked(r, "dump: %s: failed: %s", d->name, err);
	}
	r->encoder_cpu_done_ms += d->enc.cpu_ms;
	pthread_mutex_unlock(&r->lock);
}

static void *dump_main(void *arg)
{
	struct dump *d = arg;
	struct recorder *r = d->r;
	struct dump_run run = {0};
	char err[512] = "";
	size_t words = r->frame_bytes / 4;
	run.delta = rec_delta_create(words);
	run.picture = malloc(r->frame_bytes);
	bool ok = run.delta && run.picture;
	if (!ok)
		snprintf(err, sizeof(err), "out of memory");
	if (ok && !dump_frames(r, d, &run)) {
		ok = false;
		snprintf(err, sizeof(err), "the encoder stopped reading");
	}
	/* the encoder's own message says more than ours */
	uint64_t deadline = atomic_load(&r->deadline_ns);
	if (!rec_encoder_finish(&d->enc, deadline ? deadline : UINT64_MAX, err, sizeof(err)))
		ok = false;
	rec_ring_snapshot_release(&d->snap);
	free(run.picture);
	rec_delta_destroy(run.delta);
	dump_end(r, d, ok, err, &run);
	uint64_t cpu = thread_cpu_ns();
	pthread_mutex_lock(&r->lock);
	r->thread_cpu_done_ns += cpu;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Threads of the recorder take no signals: the compositor's handling stays its own. */
static bool start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc == 0;
}

static void start_dump(struct recorder *r, struct dump *d)
{
	struct dump_run none = {0};
	if (!rec_ring_snapshot(r->ring, d->now_ms, &d->snap)) {
		dump_end(r, d, false, "no frames kept yet", &none);
		return;
	}
	d->thread_ok = start_thread(&d->thread, dump_main, d);
	if (!d->thread_ok) {
		rec_ring_snapshot_release(&d->snap);
		dump_end(r, d, false, "cannot start a thread", &none);
	}
}

/* A dump that ended (or never started): join and free it. */
static void dump_free(struct dump *d)
{
	if (!d)
		return;
	if (d->thread_ok)
		pthread_join(d->thread, NULL);
	rec_ring_snapshot_release(&d->snap);
	rec_encoder_destroy(&d->enc);
	free(d);
}

bool recorder_dump(struct recorder *r, const struct recorder_output *out, uint64_t now_ms,
        char *err, size_t errlen)
{
	if (!r->ring_mode || r->finished) {
		snprintf(err, errlen, "%s",
		        r->finished ? "the recorder has finished"
		                    : "not in ring mode: nothing is kept to dump");
		return false;
	}
	pthread_mutex_lock(&r->lock);
	struct dump *old = r->dump;
	bool running = old && !old->done;
	if (!running)
		r->dump = NULL;
	pthread_mutex_unlock(&r->lock);
	if (running) {
		snprintf(err, errlen, "a dump to %s is still being written", old->name);
		return false;
	}
	dump_free(old);
	struct dump *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	d->r = r;
	d->now_ms = now_ms;
	rec_encoder_init(&d->enc);
	if (out->fd >= 0)
		snprintf(d->name, sizeof(d->name), "fd %d", out->fd);
	else
		snprintf(d->name, sizeof(d->name), "%s", out->path ? out->path : "");
	int fd = rec_output_open(out, err, errlen);
	if (fd < 0 || !rec_encoder_start(&d->enc, r->program, r->format, fd, err, errlen)) {
		if (fd < 0)
			free(d);
		else
			dump_free(d);
		return false;
	}
	pthread_mutex_lock(&r->lock);
	if (r->has_pending)
		publish_locked(r, 0);
	d->after = r->published;
	r->dump = d;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	return true;
}

/* --- life --- */

bool recorder_finish(
        struct recorder *r, uint64_t end_ms, uint32_t timeout_ms, char *err, size_t errlen)
{
	if (r->finished) {
		snprintf(err, errlen, "the recorder has finished already");
		return false;
	}
	r->finished = true;
	uint64_t ms = timeout_ms ? timeout_ms : DEFAULT_TIMEOUT_MS;
	atomic_store(&r->deadline_ns, rec_now_ns() + ms * 1000000u);
	pthread_mutex_lock(&r->lock);
	if (r->has_pending) /* in ring mode into the ring, for the accounting */
		publish_locked(r, r->ring_mode ? 0 : end_ms);
	r->stopping = true;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
	if (r->worker_ok)
		pthread_join(r->worker, NULL);
	r->worker_ok = false;
	pthread_mutex_lock(&r->lock);
	struct dump *d = r->dump;
	r->dump = NULL;
	pthread_mutex_unlock(&r->lock);
	dump_free(d);
	if (r->failed)
		snprintf(err, errlen, "%s", r->encoder_error);
	return !r->failed;
}

static uint64_t worker_cpu_ns(const struct recorder *r)
{
	clockid_t id;
	struct timespec ts;
	if (!r->worker_ok || r->worker_done || pthread_getcpuclockid(r->worker, &id) != 0 ||
	        clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void recorder_stats(struct recorder *r, struct recorder_stats *s)
{
	pthread_mutex_lock(&r->lock);
	*s = (struct recorder_stats){
	        .frames = r->frames,
	        .recorded = r->recorded,
	        .merged = r->merged,
	        .dropped = r->dropped_here + r->dropped_there,
	        .resized = r->resized,
	        .closing = r->closing,
	        .bytes_written =
	                r->dump_bytes + (r->ring_mode ? 0 : rec_encoder_output_bytes(&r->enc)),
	        .encoder_cpu_ms = r->encoder_cpu_done_ms + rec_process_cpu_ms(r->encoder_pid),
	        .thread_cpu_ms = (r->thread_cpu_done_ns + worker_cpu_ns(r)) / 1000000u,
	        .call_ns_total = r->call_ns_total,
	        .call_ns_max = r->call_ns_max,
	        .encoder_pid = r->encoder_pid,
	        .failed = r->failed,
	        .ring_frames = r->ring_stats.frames,
	        .ring_bytes = r->ring_stats.bytes,
	        .ring_first_ms = r->ring_stats.first_ms,
	        .ring_last_ms = r->ring_stats.last_ms,
	        .ring_evicted = r->ring_stats.evicted,
	        .ring_evicted_memory = r->ring_stats.evicted_memory,
	        .dumps = r->dumps,
	        .dumps_failed = r->dumps_failed,
	        .dump_running = r->dump && !r->dump->done,
	};
	pthread_mutex_unlock(&r->lock);
}

static bool check_options(const struct recorder_options *o, char *err, size_t errlen)
{
	if (o->width == 0 || o->height == 0 || o->width > MAX_SIDE || o->height > MAX_SIDE) {
		snprintf(err, errlen,
		        "frame size %" PRIu32 "x%" PRIu32 ": each side must be 1 to %u", o->width,
		        o->height, MAX_SIDE);
		return false;
	}
	if (o->format != RECORDER_FFV1_MKV && o->format != RECORDER_VP9_WEBM) {
		snprintf(err, errlen, "unknown format %d", (int)o->format);
		return false;
	}
	if (o->queue_frames == 1 || o->queue_frames > MAX_QUEUE) {
		snprintf(err, errlen, "queue of %" PRIu32 " frames: 2 to %u", o->queue_frames,
		        MAX_QUEUE);
		return false;
	}
	size_t frame = (size_t)o->width * o->height * 4;
	uint64_t mib = o->memory_mib ? o->memory_mib : RECORDER_DEFAULT_MEMORY_MIB;
	if (o->last_seconds && mib * 1024 * 1024 < 2 * (uint64_t)frame) {
		snprintf(err, errlen,
		        "memory limit of %" PRIu64
		        " MiB is below two raw frames (%zu KiB): too small",
		        mib, 2 * frame / 1024);
		return false;
	}
	if (o->last_seconds > 86400) {
		snprintf(err, errlen, "last %" PRIu32 " seconds: at most a day", o->last_seconds);
		return false;
	}
	return true;
}

static bool alloc_slots(struct recorder *r, uint32_t n)
{
	r->nslots = n;
	r->slots = calloc(n, sizeof(*r->slots));
	if (!r->slots)
		return false;
	for (size_t i = 0; i < n; i++) {
		r->slots[i].pixels = malloc(r->frame_bytes);
		if (!r->slots[i].pixels)
			return false;
		/* touched now, so that no recorder_frame pays for the page faults (through
		 * volatile: a memset to 0 after malloc becomes a calloc, which touches nothing) */
		volatile unsigned char *p = (volatile unsigned char *)r->slots[i].pixels;
		for (size_t k = 0; k < r->frame_bytes; k += 4096)
			p[k] = 0;
	}
	return true;
}

static bool start_output(
        struct recorder *r, const struct recorder_options *o, char *err, size_t errlen)
{
	if (r->ring_mode) {
		uint64_t mib = o->memory_mib ? o->memory_mib : RECORDER_DEFAULT_MEMORY_MIB;
		r->ring = rec_ring_create(r->frame_bytes / 4, (uint64_t)o->last_seconds * 1000,
		        (size_t)mib * 1024 * 1024);
		if (!r->ring)
			snprintf(err, errlen, "out of memory");
		return r->ring != NULL;
	}
	int fd = rec_output_open(&o->output, err, errlen);
	if (fd < 0 || !rec_encoder_start(&r->enc, r->program, r->format, fd, err, errlen))
		return false;
	r->encoder_pid = r->enc.pid;
	return true;
}

struct recorder *recorder_create(const struct recorder_options *o, char *err, size_t errlen)
{
	if (!check_options(o, err, errlen))
		return NULL;
	struct recorder *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->event_fd = -1;
	rec_encoder_init(&r->enc);
	r->format = o->format;
	r->width = o->width;
	r->height = o->height;
	r->frame_bytes = (size_t)o->width * o->height * 4;
	r->merge_ms = o->fps_cap > 1 && o->fps_cap < 1000 ? 1000 / o->fps_cap : 1;
	if (o->fps_cap == 1)
		r->merge_ms = 1000;
	r->ring_mode = o->last_seconds > 0;
	if (!rec_find_program(o->encoder ? o->encoder : "ffmpeg", r->program, sizeof(r->program),
	            err, errlen))
		goto error;
	r->lock_ok = pthread_mutex_init(&r->lock, NULL) == 0;
	r->cond_ok = r->lock_ok && pthread_cond_init(&r->cond, NULL) == 0;
	r->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (!r->cond_ok || r->event_fd < 0 ||
	        !alloc_slots(r, o->queue_frames ? o->queue_frames : RECORDER_DEFAULT_QUEUE)) {
		snprintf(err, errlen, "%s", r->event_fd < 0 ? strerror(errno) : "out of memory");
		goto error;
	}
	if (!start_output(r, o, err, errlen))
		goto error;
	r->worker_ok = start_thread(&r->worker, worker_main, r);
	if (!r->worker_ok) {
		snprintf(err, errlen, "cannot start the recorder's thread");
		goto error;
	}
	return r;
error:
	recorder_destroy(r);
	return NULL;
}

void recorder_destroy(struct recorder *r)
{
	char err[512];
	if (!r)
		return;
	if (r->worker_ok && !r->finished)
		recorder_finish(r, 0, 0, err, sizeof(err));
	dump_free(r->dump);
	rec_encoder_destroy(&r->enc);
	rec_ring_destroy(r->ring);
	for (size_t i = 0; r->slots && i < r->nslots; i++)
		free(r->slots[i].pixels);
	free(r->slots);
	if (r->event_fd >= 0)
		close(r->event_fd);
	if (r->cond_ok)
		pthread_cond_destroy(&r->cond);
	if (r->lock_ok)
		pthread_mutex_destroy(&r->lock);
	free(r);
}
