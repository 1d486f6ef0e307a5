/* Buffers: a pooled segment plus its view (pixmap + pixman image); busy/idle
 * state driven by the caller; moving pixels between a drawable and a buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault/fault.h"
#include "shm/shm-private.h"

struct view_key {
	uint32_t width, height;
	uint8_t depth;
};

static bool same_view(struct pool_item *item, void *data)
{
	const struct shm_buffer *b = list_entry(item, struct shm_buffer, item);
	const struct view_key *k = data;

	return b->pixmap != XCB_NONE && b->width == k->width && b->height == k->height &&
	       b->depth == k->depth;
}

static bool create_pixmap(struct shm_ctx *ctx, struct shm_buffer *b, const struct view_key *k)
{
	xcb_void_cookie_t cookie;
	bool shm = b->backend != SHM_NONE;

	if (fault_fail(ctx->fault, shm ? FAULT_X_SHM_CREATE_PIXMAP : FAULT_X_CREATE_PIXMAP)) {
		shm_set_error(ctx, "%s failed: injected", shm ? "ShmCreatePixmap" : "CreatePixmap");
		return false;
	}
	b->pixmap = xcb_generate_id(ctx->conn);
	if (shm)
		cookie = xcb_shm_create_pixmap_checked(ctx->conn, b->pixmap, ctx->root,
		        (uint16_t)k->width, (uint16_t)k->height, k->depth, b->seg, 0);
	else
		cookie = xcb_create_pixmap_checked(ctx->conn, k->depth, b->pixmap, ctx->root,
		        (uint16_t)k->width, (uint16_t)k->height);
	if (!shm_x_check(ctx, cookie, shm ? "ShmCreatePixmap" : "CreatePixmap")) {
		b->pixmap = XCB_NONE;
		return false;
	}
	return true;
}

static bool create_view(struct shm_ctx *ctx, struct shm_buffer *b, const struct view_key *k,
        pixman_format_code_t format, size_t stride)
{
	if (same_view(&b->item, (void *)k))
		return true;
	shm_view_release(ctx, b);
	if (!create_pixmap(ctx, b, k))
		return false;
	if (!fault_fail(ctx->fault, FAULT_PIXMAN_IMAGE))
		b->image = pixman_image_create_bits(
		        format, (int)k->width, (int)k->height, b->addr, (int)stride);
	if (!b->image) {
		shm_set_error(ctx, "pixman_image_create_bits failed");
		shm_view_release(ctx, b);
		return false;
	}
	b->width = k->width;
	b->height = k->height;
	b->depth = k->depth;
	b->bypp = (uint8_t)(PIXMAN_FORMAT_BPP(format) / 8);
	b->stride = stride;
	return true;
}

static struct shm_buffer *get_segment(struct shm_ctx *ctx, size_t size, struct view_key *k)
{
	enum pool_result res;
	struct pool_item *item = pool_get(&ctx->pool, size, same_view, k, &res);

	if (item)
		return list_entry(item, struct shm_buffer, item);
	if (res == POOL_LIMIT)
		shm_set_error(ctx,
		        "pool cap reached: %zu bytes live, %zu more requested, cap %zu bytes",
		        ctx->pool.bytes_live, shm_size_class(size), ctx->pool.max_live);
	return NULL;
}

struct shm_buffer *shm_buffer_acquire(
        struct shm_ctx *ctx, uint32_t width, uint32_t height, uint8_t depth)
{
	struct view_key k = {.width = width, .height = height, .depth = depth};
	pixman_format_code_t format = shm_ctx_format(ctx, depth);
	size_t stride, size;
	struct shm_buffer *b;

	if (!format) {
		shm_set_error(ctx, "depth %u is not supported on this screen", depth);
		return NULL;
	}
	if (!shm_ctx_pixmap_layout(ctx, width, height, depth, &stride, &size) || stride % 4) {
		shm_set_error(ctx, "%ux%u at depth %u is past the limits (1..%u per side)", width,
		        height, depth, SHM_MAX_SIDE);
		return NULL;
	}
	b = get_segment(ctx, size, &k);
	if (!b)
		return NULL;
	if (!create_view(ctx, b, &k, format, stride)) {
		pool_put(&ctx->pool, &b->item);
		return NULL;
	}
	b->acquired = true;
	list_insert(&ctx->buffers, &b->link);
	ctx->buffers_live++;
	return b;
}

static void return_to_pool(struct shm_ctx *ctx, struct shm_buffer *b)
{
	list_remove(&b->link);
	pool_put(&ctx->pool, &b->item);
}

void shm_buffer_release(struct shm_ctx *ctx, struct shm_buffer *b)
{
	if (!b || !b->acquired)
		return;
	b->acquired = false;
	ctx->buffers_live--;
	if (!b->busy)
		return_to_pool(ctx, b);
}

static void make_idle(struct shm_ctx *ctx, struct shm_buffer *b)
{
	b->busy = false;
	list_remove(&b->busy_link);
	ctx->buffers_busy--;
	if (!b->acquired)
		return_to_pool(ctx, b);
}

void shm_buffer_mark_busy(struct shm_buffer *b, uint32_t serial)
{
	b->serial = serial;
	if (b->busy)
		return;
	b->busy = true;
	list_insert(&b->ctx->busy, &b->busy_link);
	b->ctx->buffers_busy++;
}

bool shm_buffer_is_busy(const struct shm_buffer *b)
{
	return b->busy;
}

void shm_buffer_reclaim(struct shm_ctx *ctx, struct shm_buffer *b)
{
	if (b && b->busy)
		make_idle(ctx, b);
}

bool shm_ctx_idle(struct shm_ctx *ctx, xcb_pixmap_t pixmap, uint32_t serial)
{
	struct list *pos, *tmp;

	list_for_each_safe(pos, tmp, &ctx->busy)
	{
		struct shm_buffer *b = list_entry(pos, struct shm_buffer, busy_link);
		if (b->pixmap == pixmap && b->serial == serial) {
			make_idle(ctx, b);
			return true;
		}
	}
	return false;
}

void shm_ctx_reclaim_all(struct shm_ctx *ctx)
{
	while (!list_empty(&ctx->busy))
		make_idle(ctx, list_entry(ctx->busy.next, struct shm_buffer, busy_link));
}

xcb_pixmap_t shm_buffer_pixmap(const struct shm_buffer *b)
{
	return b->pixmap;
}

pixman_image_t *shm_buffer_image(const struct shm_buffer *b)
{
	return b->image;
}

uint32_t shm_buffer_width(const struct shm_buffer *b)
{
	return b->width;
}

uint32_t shm_buffer_height(const struct shm_buffer *b)
{
	return b->height;
}

uint8_t shm_buffer_depth(const struct shm_buffer *b)
{
	return b->depth;
}

size_t shm_buffer_stride(const struct shm_buffer *b)
{
	return b->stride;
}

void *shm_buffer_data(const struct shm_buffer *b)
{
	return b->addr;
}
