/* Ring mode's memory: the frames of the last seconds, each compressed against the one
 * before (delta.c), in groups that start with a key frame so that the oldest group can
 * go as a whole. A new group starts every quarter of the window (at least 1 s), so the
 * ring holds the window plus at most a quarter. Over the memory limit, the oldest
 * groups go early; a single group over it makes the next frame a key frame, after
 * which its group can go too. */
#include <stdlib.h>
#include <string.h>

#include "record/record-private.h"

struct rec_ring {
	size_t words;
	uint64_t window_ms, key_interval_ms;
	size_t limit, bytes;
	struct rec_ring_frame **frames; /* circular: count from first, cap slots */
	size_t cap, first, count;
	uint32_t *prev; /* the frame added last, for the next delta */
	bool have_prev, force_key;
	uint64_t last_key_ms;
	struct rec_delta *delta;
	uint64_t evicted, evicted_memory;
};

static struct rec_ring_frame *at(const struct rec_ring *ring, size_t i)
{
	return ring->frames[(ring->first + i) % ring->cap];
}

static size_t cost(const struct rec_ring_frame *f)
{
	return sizeof(*f) + f->size;
}

struct rec_ring *rec_ring_create(size_t words, uint64_t window_ms, size_t limit_bytes)
{
	if (words == 0 || words > SIZE_MAX / 4)
		return NULL;
	struct rec_ring *ring = calloc(1, sizeof(*ring));
	if (!ring)
		return NULL;
	ring->words = words;
	ring->window_ms = window_ms;
	ring->key_interval_ms = window_ms / 4 > 1000 ? window_ms / 4 : 1000;
	ring->limit = limit_bytes;
	ring->prev = malloc(words * 4);
	ring->delta = rec_delta_create(words);
	if (!ring->prev || !ring->delta) {
		rec_ring_destroy(ring);
		return NULL;
	}
	return ring;
}

void rec_ring_frame_unref(struct rec_ring_frame *f)
{
	if (f && atomic_fetch_sub(&f->refs, 1) == 1)
		free(f);
}

static void drop_oldest(struct rec_ring *ring, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct rec_ring_frame *f = at(ring, 0);
		ring->bytes -= cost(f);
		rec_ring_frame_unref(f);
		ring->first = (ring->first + 1) % ring->cap;
		ring->count--;
	}
}

/* Index of the second group's key frame, or 0 when there is one group. */
static size_t second_group(const struct rec_ring *ring)
{
	for (size_t i = 1; i < ring->count; i++)
		if (at(ring, i)->key)
			return i;
	return 0;
}

static void evict(struct rec_ring *ring, uint64_t newest_ms)
{
	uint64_t start = newest_ms > ring->window_ms ? newest_ms - ring->window_ms : 0;
	size_t g;
	/* the frame on screen at `start` is the last one at or before it: keep its group */
	while ((g = second_group(ring)) != 0 && at(ring, g)->time_ms <= start) {
		drop_oldest(ring, g);
		ring->evicted += g;
	}
	while (ring->bytes > ring->limit) {
		g = second_group(ring);
		if (g == 0) {
			ring->force_key = true;
			break;
		}
		drop_oldest(ring, g);
		ring->evicted_memory += g;
	}
}

static bool push(struct rec_ring *ring, struct rec_ring_frame *f)
{
	if (ring->count == ring->cap) {
		size_t cap = ring->cap ? ring->cap * 2 : 64;
		struct rec_ring_frame **frames = calloc(cap, sizeof(*frames));
		if (!frames)
			return false;
		for (size_t i = 0; i < ring->count; i++)
			frames[i] = at(ring, i);
		free(ring->frames);
		ring->frames = frames;
		ring->cap = cap;
		ring->first = 0;
	}
	ring->frames[(ring->first + ring->count) % ring->cap] = f;
	ring->count++;
	ring->bytes += cost(f);
	return true;
}

bool rec_ring_add(struct rec_ring *ring, const uint32_t *frame, uint64_t time_ms)
{
	bool key = !ring->have_prev || ring->force_key ||
	           time_ms - ring->last_key_ms >= ring->key_interval_ms;
	size_t size = 0;
	struct rec_ring_frame *f =
	        rec_delta_encode(ring->delta, frame, key ? NULL : ring->prev, sizeof(*f), &size);
	if (!f)
		return false;
	atomic_init(&f->refs, 1);
	f->key = key;
	f->time_ms = time_ms;
	f->size = size;
	if (!push(ring, f)) {
		free(f);
		return false;
	}
	memcpy(ring->prev, frame, ring->words * 4);
	ring->have_prev = true;
	if (key) {
		ring->last_key_ms = time_ms;
		ring->force_key = false;
	}
	evict(ring, time_ms);
	return true;
}

bool rec_ring_snapshot(struct rec_ring *ring, uint64_t now_ms, struct rec_ring_snapshot *s)
{
	*s = (struct rec_ring_snapshot){0};
	if (ring->count == 0)
		return false;
	uint64_t start = now_ms > ring->window_ms ? now_ms - ring->window_ms : 0;
	size_t j = 0, k = 0;
	for (size_t i = 0; i < ring->count && at(ring, i)->time_ms <= start; i++)
		j = i;
	for (size_t i = 0; i <= j; i++)
		if (at(ring, i)->key)
			k = i;
	s->count = ring->count - k;
	s->frames = calloc(s->count, sizeof(*s->frames));
	if (!s->frames)
		return false;
	for (size_t i = 0; i < s->count; i++) {
		s->frames[i] = at(ring, k + i);
		atomic_fetch_add(&s->frames[i]->refs, 1);
	}
	s->first_out = j - k;
	uint64_t t = at(ring, j)->time_ms;
	s->start_ms = t < start ? start : t;
	return true;
}

void rec_ring_snapshot_release(struct rec_ring_snapshot *s)
{
	for (size_t i = 0; s->frames && i < s->count; i++)
		rec_ring_frame_unref(s->frames[i]);
	free(s->frames);
	*s = (struct rec_ring_snapshot){0};
}

void rec_ring_get_stats(const struct rec_ring *ring, struct rec_ring_stats *st)
{
	*st = (struct rec_ring_stats){
	        .frames = ring->count,
	        .bytes = ring->bytes,
	        .first_ms = ring->count ? at(ring, 0)->time_ms : 0,
	        .last_ms = ring->count ? at(ring, ring->count - 1)->time_ms : 0,
	        .evicted = ring->evicted,
	        .evicted_memory = ring->evicted_memory,
	};
}

void rec_ring_destroy(struct rec_ring *ring)
{
	if (!ring)
		return;
	if (ring->frames)
		drop_oldest(ring, ring->count);
	free(ring->frames);
	rec_delta_destroy(ring->delta);
	free(ring->prev);
	free(ring);
}
