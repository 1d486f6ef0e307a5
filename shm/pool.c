/* Size-classed segment pool: LRU cache of idle items with live and cached caps. */
#include "shm/pool.h"
#include "shm/shm.h"

void pool_init(
        struct pool *p, const struct pool_ops *ops, void *data, size_t max_live, size_t max_cached)
{
	*p = (struct pool){
	        .ops = ops, .data = data, .max_live = max_live, .max_cached = max_cached};
	list_init(&p->cached);
}

static void destroy_item(struct pool *p, struct pool_item *item)
{
	p->bytes_live -= item->capacity;
	p->live--;
	p->destroyed++;
	p->ops->destroy(p->data, item);
}

static void evict_lru(struct pool *p)
{
	struct pool_item *item = list_entry(p->cached.prev, struct pool_item, link);

	list_remove(&item->link);
	p->bytes_cached -= item->capacity;
	p->trims++;
	destroy_item(p, item);
}

void pool_trim(struct pool *p, size_t keep)
{
	while (p->bytes_cached > keep && !list_empty(&p->cached))
		evict_lru(p);
}

void pool_finish(struct pool *p)
{
	while (!list_empty(&p->cached)) {
		struct pool_item *item = list_entry(p->cached.next, struct pool_item, link);
		list_remove(&item->link);
		p->bytes_cached -= item->capacity;
		destroy_item(p, item);
	}
}

static struct pool_item *take_cached(struct pool *p, size_t capacity,
        bool (*prefer)(struct pool_item *, void *), void *prefer_data)
{
	struct pool_item *first = NULL;
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &p->cached)
	{
		struct pool_item *item = list_entry(pos, struct pool_item, link);
		if (item->capacity != capacity)
			continue;
		if (!first)
			first = item;
		if (!prefer || prefer(item, prefer_data)) {
			first = item;
			break;
		}
	}
	if (!first)
		return NULL;
	list_remove(&first->link);
	p->bytes_cached -= first->capacity;
	p->reuses++;
	return first;
}

static bool make_room(struct pool *p, size_t capacity)
{
	while (p->bytes_live > p->max_live || capacity > p->max_live - p->bytes_live) {
		if (list_empty(&p->cached))
			return false;
		evict_lru(p);
	}
	return true;
}

struct pool_item *pool_get(struct pool *p, size_t size, bool (*prefer)(struct pool_item *, void *),
        void *prefer_data, enum pool_result *result)
{
	size_t capacity = shm_size_class(size);
	struct pool_item *item;

	*result = POOL_LIMIT;
	if (capacity == 0 || capacity > p->max_live)
		return NULL;
	item = take_cached(p, capacity, prefer, prefer_data);
	if (item) {
		*result = POOL_OK;
		return item;
	}
	if (!make_room(p, capacity))
		return NULL;
	item = p->ops->create(p->data, capacity);
	if (!item) {
		*result = POOL_FAILED;
		return NULL;
	}
	item->capacity = capacity;
	list_init(&item->link);
	p->bytes_live += capacity;
	p->live++;
	p->created++;
	*result = POOL_OK;
	return item;
}

void pool_put(struct pool *p, struct pool_item *item)
{
	item->last_used = ++p->tick;
	list_insert(&p->cached, &item->link);
	p->bytes_cached += item->capacity;
	pool_trim(p, p->max_cached);
}

void pool_drop(struct pool *p, struct pool_item *item)
{
	destroy_item(p, item);
}
