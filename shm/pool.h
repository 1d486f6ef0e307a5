/* Size-classed recycling of segments, independent of X: the pool keeps idle
 * items by capacity, most recently used first, enforces a cap on live bytes
 * (all items) and on cached bytes (idle items), and counts what it does.
 * Private to shm/; unit-tested directly. */
#ifndef SHMCOMP_SHM_POOL_H
#define SHMCOMP_SHM_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/list.h"

struct pool_item {
	size_t capacity;
	uint64_t last_used;
	struct list link; /* pool::cached while idle in the cache */
};

struct pool_ops {
	/* Creates an item of exactly `capacity` bytes; NULL on failure. */
	struct pool_item *(*create)(void *data, size_t capacity);
	void (*destroy)(void *data, struct pool_item *item);
};

enum pool_result {
	POOL_OK,
	POOL_LIMIT,  /* the live-bytes cap would be passed */
	POOL_FAILED, /* create failed */
};

struct pool {
	const struct pool_ops *ops;
	void *data;
	size_t max_live, max_cached;
	size_t bytes_live, bytes_cached;
	uint64_t tick;
	uint64_t live, created, destroyed, reuses, trims;
	struct list cached; /* pool_item::link, most recently used first */
};

void pool_init(
        struct pool *p, const struct pool_ops *ops, void *data, size_t max_live, size_t max_cached);
/* Destroys the cached items. Items handed out must have been put or dropped. */
void pool_finish(struct pool *p);

/* An item of capacity shm_size_class(size): a cached one when there is one
 * (the first for which `prefer` says true, else the most recent), else a new
 * one. `prefer` may be NULL. */
struct pool_item *pool_get(struct pool *p, size_t size, bool (*prefer)(struct pool_item *, void *),
        void *prefer_data, enum pool_result *result);
/* Returns an idle item to the cache, then trims to the cached cap. */
void pool_put(struct pool *p, struct pool_item *item);
/* Destroys an item that is handed out (not cached). */
void pool_drop(struct pool *p, struct pool_item *item);
/* Destroys least recently used cached items until at most `keep` bytes stay. */
void pool_trim(struct pool *p, size_t keep);

#endif
