/* unit suite for shm/: size arithmetic at the boundaries, size classes,
 * backend names, and the pool's reuse / LRU trim / cap behaviour with fake
 * segments (no X). Run as: test-shm-unit CASE */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shm/pool.h"
#include "shm/shm.h"
#include "tests/harness/runner.h"

TEST(layout)
{
	size_t stride = 0, size = 0;

	CHECK(!shm_layout(0, 1, 32, 32, &stride, &size));
	CHECK(!shm_layout(1, 0, 32, 32, &stride, &size));
	CHECK(shm_layout(1, 1, 32, 32, &stride, &size) && stride == 4 && size == 4);
	CHECK(shm_layout(1, 1, 16, 32, &stride, &size) && stride == 4 && size == 4);
	CHECK(shm_layout(3, 2, 16, 32, &stride, &size) && stride == 8 && size == 16);
	CHECK(shm_layout(3, 2, 16, 16, &stride, &size) && stride == 6 && size == 12);
	CHECK(shm_layout(5, 1, 8, 32, &stride, &size) && stride == 8);
	CHECK(shm_layout(32767, 32767, 32, 32, &stride, &size) && stride == 32767u * 4 &&
	        size == (size_t)32767 * 4 * 32767);
	CHECK(!shm_layout(32768, 1, 32, 32, &stride, &size));
	CHECK(!shm_layout(1, 32768, 32, 32, &stride, &size));
	CHECK(!shm_layout(UINT32_MAX, UINT32_MAX, 32, 32, &stride, &size));
	CHECK(!shm_layout(10, 10, 24, 32, &stride, &size)); /* bpp must be a power of two */
	CHECK(!shm_layout(10, 10, 64, 32, &stride, &size));
	CHECK(!shm_layout(10, 10, 32, 4, &stride, &size));
	CHECK(!shm_layout(10, 10, 32, 0, &stride, &size));
	return TEST_PASS;
}

TEST(size_class)
{
	size_t prev = 0;

	CHECK(shm_size_class(0) == 4096);
	CHECK(shm_size_class(1) == 4096);
	CHECK(shm_size_class(4096) == 4096);
	CHECK(shm_size_class(4097) == 8192);
	CHECK(shm_size_class((size_t)1 << 20) == (size_t)1 << 20);
	CHECK(shm_size_class(((size_t)1 << 20) + 1) == ((size_t)1 << 20) + ((size_t)1 << 18));
	CHECK(shm_size_class(1280 * 800 * 4) >= 1280 * 800 * 4);
	CHECK(shm_size_class(SIZE_MAX / 4) >= SIZE_MAX / 4);
	CHECK(shm_size_class(SIZE_MAX) == 0);
	CHECK(shm_size_class(SIZE_MAX - 4095) == 0);
	/* Monotone, page-aligned, and never more than 25% (+1 page) over. */
	for (size_t s = 1; s < (size_t)64 << 20; s = s * 3 / 2 + 1) {
		size_t c = shm_size_class(s);
		CHECK(c >= s && c % 4096 == 0 && c >= prev);
		CHECK(c <= s + s / 4 + 4096);
		prev = c;
	}
	return TEST_PASS;
}

TEST(backend_names)
{
	enum shm_backend b;

	CHECK(shm_backend_parse("auto", &b) && b == SHM_AUTO);
	CHECK(shm_backend_parse("memfd", &b) && b == SHM_MEMFD);
	CHECK(shm_backend_parse("sysv", &b) && b == SHM_SYSV);
	CHECK(shm_backend_parse("none", &b) && b == SHM_NONE);
	CHECK(!shm_backend_parse("posix", &b));
	CHECK(!shm_backend_parse("", &b));
	CHECK(!shm_backend_parse(NULL, &b));
	CHECK(strcmp(shm_backend_name(SHM_SYSV), "sysv") == 0);
	return TEST_PASS;
}

/* Fake segments for the pool. */
struct fake {
	struct pool_item item;
	int id;
	int tag;
};

struct fake_env {
	int next_id;
	int live;
	int fail_next;
	int destroyed_ids[64];
	int ndestroyed;
};

static struct pool_item *fake_create(void *data, size_t capacity)
{
	struct fake_env *env = data;
	struct fake *f;

	if (env->fail_next) {
		env->fail_next = 0;
		return NULL;
	}
	f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->id = ++env->next_id;
	f->item.capacity = capacity;
	env->live++;
	return &f->item;
}

static void fake_destroy(void *data, struct pool_item *item)
{
	struct fake_env *env = data;
	struct fake *f = list_entry(item, struct fake, item);

	if (env->ndestroyed < 64)
		env->destroyed_ids[env->ndestroyed++] = f->id;
	env->live--;
	free(f);
}

static const struct pool_ops fake_ops = {.create = fake_create, .destroy = fake_destroy};

static struct fake *get(struct pool *p, size_t size, enum pool_result *r)
{
	struct pool_item *item = pool_get(p, size, NULL, NULL, r);
	return item ? list_entry(item, struct fake, item) : NULL;
}

TEST(pool_reuse)
{
	struct fake_env env = {0};
	struct pool p;
	enum pool_result r;

	pool_init(&p, &fake_ops, &env, (size_t)1 << 30, (size_t)64 << 20);
	struct fake *a = get(&p, 100000, &r);
	CHECK(a && r == POOL_OK && p.created == 1 && p.live == 1);
	CHECK(a->item.capacity == shm_size_class(100000));
	int id = a->id;
	pool_put(&p, &a->item);
	CHECK(p.bytes_cached == shm_size_class(100000));
	/* Steady state: the same size again and again creates nothing new. */
	for (int i = 0; i < 100; i++) {
		struct fake *b = get(&p, 100000 - (size_t)(i % 7), &r);
		CHECK(b && b->id == id);
		pool_put(&p, &b->item);
	}
	CHECK(p.created == 1 && p.reuses == 100 && env.live == 1);
	/* A different class does not take it. */
	struct fake *c = get(&p, 1000000, &r);
	CHECK(c && c->id != id && p.created == 2);
	pool_drop(&p, &c->item);
	CHECK(p.live == 1 && env.live == 1 && p.bytes_live == shm_size_class(100000));
	pool_finish(&p);
	CHECK(env.live == 0 && p.live == 0 && p.bytes_live == 0 && p.bytes_cached == 0);
	return TEST_PASS;
}

TEST(pool_trim_lru)
{
	struct fake_env env = {0};
	struct pool p;
	enum pool_result r;
	struct fake *f[4];
	size_t cls = shm_size_class(1 << 20);

	/* Room for two cached segments only. */
	pool_init(&p, &fake_ops, &env, (size_t)1 << 30, 2 * cls);
	for (int i = 0; i < 4; i++)
		f[i] = get(&p, 1 << 20, &r);
	CHECK(p.created == 4);
	for (int i = 0; i < 4; i++)
		pool_put(&p, &f[i]->item); /* put order 1,2,3,4: 1 and 2 are the oldest */
	CHECK(p.bytes_cached == 2 * cls && p.trims == 2 && env.live == 2);
	CHECK(env.ndestroyed == 2 && env.destroyed_ids[0] == 1 && env.destroyed_ids[1] == 2);
	/* Most recently used first. */
	struct fake *g = get(&p, 1 << 20, &r);
	CHECK(g && g->id == 4);
	pool_put(&p, &g->item);
	pool_trim(&p, cls);
	CHECK(env.live == 1 && env.destroyed_ids[2] == 3);
	pool_trim(&p, 0);
	CHECK(env.live == 0 && p.bytes_cached == 0 && p.bytes_live == 0);
	pool_finish(&p);
	return TEST_PASS;
}

TEST(pool_cap)
{
	struct fake_env env = {0};
	struct pool p;
	enum pool_result r;
	size_t cls = shm_size_class(1 << 20);

	pool_init(&p, &fake_ops, &env, 3 * cls, 3 * cls);
	struct fake *a = get(&p, 1 << 20, &r), *b = get(&p, 1 << 20, &r), *c = get(&p, 1 << 20, &r);
	CHECK(a && b && c && p.bytes_live == 3 * cls);
	/* At the cap with nothing cached: a clean refusal, nothing created. */
	CHECK(!get(&p, 1 << 20, &r) && r == POOL_LIMIT && p.created == 3);
	/* A request larger than the whole cap is refused outright. */
	CHECK(!get(&p, 4 * cls, &r) && r == POOL_LIMIT);
	/* With an idle segment of another class cached, it is evicted to make room. */
	pool_put(&p, &c->item);
	struct fake *d = get(&p, 1 << 19, &r);
	CHECK(d && r == POOL_OK && p.trims == 1 && p.bytes_live == 2 * cls + d->item.capacity);
	/* A failing create is reported as such and changes no count. */
	env.fail_next = 1;
	uint64_t created = p.created;
	CHECK(!get(&p, 1 << 12, &r) && r == POOL_FAILED && p.created == created);
	pool_drop(&p, &a->item);
	pool_drop(&p, &b->item);
	pool_drop(&p, &d->item);
	pool_finish(&p);
	CHECK(env.live == 0 && p.bytes_live == 0);
	return TEST_PASS;
}

static bool prefer_tag(struct pool_item *item, void *data)
{
	return list_entry(item, struct fake, item)->tag == *(int *)data;
}

TEST(pool_prefer)
{
	struct fake_env env = {0};
	struct pool p;
	enum pool_result r;
	int want = 7;

	pool_init(&p, &fake_ops, &env, (size_t)1 << 30, (size_t)1 << 30);
	struct fake *a = get(&p, 5000, &r), *b = get(&p, 5000, &r);
	a->tag = 7;
	b->tag = 1;
	pool_put(&p, &a->item);
	pool_put(&p, &b->item); /* b is the most recent */
	struct pool_item *it = pool_get(&p, 5000, prefer_tag, &want, &r);
	CHECK(it && list_entry(it, struct fake, item)->id == a->id);
	pool_put(&p, it);
	want = 99; /* nothing matches: the most recent of the class */
	it = pool_get(&p, 5000, prefer_tag, &want, &r);
	CHECK(it && list_entry(it, struct fake, item)->id == a->id);
	pool_drop(&p, it);
	pool_finish(&p);
	CHECK(env.live == 0);
	return TEST_PASS;
}
