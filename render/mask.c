/*
 * mask: the context's cache of effect masks (corner discs, shadows), bounded in bytes and
 * emptied least recently used first. A handful of entries: a list scan is cheap enough.
 */
#include <stdlib.h>

#include "render/render-private.h"

void render_cache_init(struct render_mask_cache *c)
{
	*c = (struct render_mask_cache){.limit = RENDER_MASK_CACHE_BYTES};
}

void render_cache_finish(struct render_mask_cache *c)
{
	while (c->head) {
		struct render_mask *m = c->head;

		c->head = m->next;
		render_mask_free(m);
	}
	c->bytes = 0;
	c->count = 0;
}

static bool same_key(const struct render_mask_key *a, const struct render_mask_key *b)
{
	return a->kind == b->kind && a->w == b->w && a->h == b->h && a->radius == b->radius &&
	       a->corner == b->corner;
}

struct render_mask *render_cache_find(struct render_mask_cache *c,
        const struct render_mask_key *key, const pixman_region32_t *shape)
{
	for (struct render_mask *m = c->head; m; m = m->next) {
		if (!same_key(&m->key, key))
			continue;
		if (key->kind == RENDER_MASK_SHAPED && !pixman_region32_equal(&m->shape, shape))
			continue;
		m->used = ++c->tick;
		c->hits++;
		return m;
	}
	return NULL;
}

/* Unlink and free the least recently used entry other than keep; false if there is none. */
static bool evict_one(struct render_mask_cache *c, const struct render_mask *keep)
{
	struct render_mask **victim = NULL;

	for (struct render_mask **p = &c->head; *p; p = &(*p)->next) {
		if (*p != keep && (!victim || (*p)->used < (*victim)->used))
			victim = p;
	}
	if (!victim)
		return false;
	struct render_mask *m = *victim;

	*victim = m->next;
	c->bytes -= m->bytes;
	c->count--;
	render_mask_free(m);
	return true;
}

static void evict(struct render_mask_cache *c, const struct render_mask *keep)
{
	while (c->bytes > c->limit && evict_one(c, keep))
		;
}

void render_cache_insert(struct render_mask_cache *c, struct render_mask *m)
{
	m->used = ++c->tick;
	m->next = c->head;
	c->head = m;
	c->bytes += m->bytes;
	c->count++;
	c->misses++;
	evict(c, m);
}

void render_cache_set_limit(struct render_mask_cache *c, size_t limit)
{
	c->limit = limit;
	evict(c, NULL);
}

struct render_mask *render_mask_new(const struct render_mask_key *key)
{
	struct render_mask *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->key = *key;
	pixman_region32_init(&m->shape);
	return m;
}

void render_mask_free(struct render_mask *m)
{
	if (!m)
		return;
	if (m->row)
		pixman_image_unref(m->row);
	if (m->col)
		pixman_image_unref(m->col);
	if (m->img)
		pixman_image_unref(m->img);
	pixman_region32_fini(&m->shape);
	free(m);
}

static size_t image_bytes(pixman_image_t *img)
{
	if (!img)
		return 0;
	return (size_t)pixman_image_get_stride(img) * (size_t)pixman_image_get_height(img);
}

void render_mask_account(struct render_mask *m)
{
	m->bytes = sizeof(*m) + image_bytes(m->img) + image_bytes(m->col) + image_bytes(m->row);
}
