/* Moving pixels between drawables and buffers. With SHM the server does the
 * work (CopyArea into the buffer's SHM pixmap); without, GetImage/PutImage in
 * pieces that fit the maximum request length (a larger request would close
 * the connection). */
#include <stdlib.h>
#include <string.h>

#include "fault/fault.h"
#include "shm/shm-private.h"

#define REQUEST_HEADER_BYTES 32u
#define BATCH 32

struct piece {
	int32_t x, y;
	uint32_t w, h;
};

static xcb_gcontext_t gc_for(struct shm_ctx *ctx, struct shm_buffer *b)
{
	uint32_t values[] = {XCB_SUBWINDOW_MODE_INCLUDE_INFERIORS, 0};
	xcb_gcontext_t gc;

	if (ctx->gc[b->depth] != XCB_NONE)
		return ctx->gc[b->depth];
	if (fault_fail(ctx->fault, FAULT_X_CREATE_GC)) {
		shm_set_error(ctx, "CreateGC failed: injected");
		return XCB_NONE;
	}
	gc = xcb_generate_id(ctx->conn);
	if (!shm_x_check(ctx,
	            xcb_create_gc_checked(ctx->conn, gc, b->pixmap,
	                    XCB_GC_SUBWINDOW_MODE | XCB_GC_GRAPHICS_EXPOSURES, values),
	            "CreateGC"))
		return XCB_NONE;
	ctx->gc[b->depth] = gc;
	return gc;
}

/* Clips a box to the buffer; false when nothing is left. */
static bool clip_box(const struct shm_buffer *b, const pixman_box32_t *in, pixman_box32_t *out)
{
	out->x1 = in->x1 < 0 ? 0 : in->x1;
	out->y1 = in->y1 < 0 ? 0 : in->y1;
	out->x2 = in->x2 > (int32_t)b->width ? (int32_t)b->width : in->x2;
	out->y2 = in->y2 > (int32_t)b->height ? (int32_t)b->height : in->y2;
	return out->x1 < out->x2 && out->y1 < out->y2;
}

static bool in_int16(int64_t v)
{
	return v >= INT16_MIN && v <= INT16_MAX;
}

static bool fetch_copy(struct shm_ctx *ctx, struct shm_buffer *b, xcb_drawable_t src, int32_t dx,
        int32_t dy, const pixman_box32_t *boxes, size_t n)
{
	xcb_gcontext_t gc = gc_for(ctx, b);

	if (gc == XCB_NONE)
		return false;
	for (size_t i = 0; i < n; i++) {
		pixman_box32_t c;
		int64_t sx, sy;
		if (!clip_box(b, &boxes[i], &c))
			continue;
		sx = (int64_t)c.x1 - dx;
		sy = (int64_t)c.y1 - dy;
		if (!in_int16(sx) || !in_int16(sy))
			continue;
		xcb_copy_area(ctx->conn, src, b->pixmap, gc, (int16_t)sx, (int16_t)sy,
		        (int16_t)c.x1, (int16_t)c.y1, (uint16_t)(c.x2 - c.x1),
		        (uint16_t)(c.y2 - c.y1));
	}
	return true;
}

/* Bytes in one padded row of `w` pixels, by the server's rule. */
static size_t row_bytes(const struct shm_ctx *ctx, const struct shm_buffer *b, uint32_t w)
{
	size_t stride = 0, size;

	shm_ctx_pixmap_layout(ctx, w, 1, b->depth, &stride, &size);
	return stride;
}

/* Largest piece width whose padded row fits in one request. */
static uint32_t max_piece_width(const struct shm_ctx *ctx, const struct shm_buffer *b)
{
	size_t payload = ctx->max_request_bytes - REQUEST_HEADER_BYTES;
	size_t w = (payload / 4) * 4 / b->bypp;

	return w > SHM_MAX_SIDE ? SHM_MAX_SIDE : (uint32_t)(w ? w : 1);
}

/* Splits the clipped box into pieces; calls `fn` for each; stops on false. */
static bool for_each_piece(struct shm_ctx *ctx, struct shm_buffer *b, const pixman_box32_t *c,
        bool (*fn)(struct shm_ctx *, struct shm_buffer *, const struct piece *, void *), void *data)
{
	size_t payload = ctx->max_request_bytes - REQUEST_HEADER_BYTES;
	uint32_t wmax = max_piece_width(ctx, b);

	for (int32_t x = c->x1; x < c->x2;) {
		uint32_t w = (uint32_t)(c->x2 - x) < wmax ? (uint32_t)(c->x2 - x) : wmax;
		size_t row = row_bytes(ctx, b, w);
		uint32_t rows = (uint32_t)(payload / row);
		for (int32_t y = c->y1; y < c->y2;) {
			struct piece p = {.x = x, .y = y, .w = w};
			p.h = (uint32_t)(c->y2 - y) < rows ? (uint32_t)(c->y2 - y) : rows;
			if (!fn(ctx, b, &p, data))
				return false;
			y += (int32_t)p.h;
		}
		x += (int32_t)w;
	}
	return true;
}

struct get_batch {
	xcb_drawable_t src;
	int32_t dx, dy;
	size_t n;
	bool ok;
	struct piece pieces[BATCH];
	xcb_get_image_cookie_t cookies[BATCH];
};

static void store_reply(struct shm_ctx *ctx, struct shm_buffer *b, const struct piece *p,
        xcb_get_image_reply_t *r, struct get_batch *g)
{
	size_t bypp = b->bypp;
	size_t row = row_bytes(ctx, b, p->w);
	const uint8_t *data = xcb_get_image_data(r);
	size_t len = (size_t)xcb_get_image_data_length(r);

	if (r->depth != b->depth || len < row * p->h) {
		shm_set_error(ctx, "GetImage returned depth %u, %zu bytes; expected depth %u, %zu",
		        r->depth, len, b->depth, row * p->h);
		g->ok = false;
		return;
	}
	for (uint32_t i = 0; i < p->h; i++)
		memcpy((uint8_t *)b->addr + ((size_t)p->y + i) * b->stride + (size_t)p->x * bypp,
		        data + i * row, (size_t)p->w * bypp);
}

static void flush_gets(struct shm_ctx *ctx, struct shm_buffer *b, struct get_batch *g)
{
	for (size_t i = 0; i < g->n; i++) {
		xcb_get_image_reply_t *r = xcb_get_image_reply(ctx->conn, g->cookies[i], NULL);
		if (!r) {
			/* The source went away: an expected race, reported as a failure. */
			shm_set_error(ctx, "GetImage of drawable 0x%x failed", g->src);
			g->ok = false;
			continue;
		}
		store_reply(ctx, b, &g->pieces[i], r, g);
		free(r);
	}
	g->n = 0;
}

static bool queue_get(struct shm_ctx *ctx, struct shm_buffer *b, const struct piece *p, void *data)
{
	struct get_batch *g = data;
	int64_t sx = (int64_t)p->x - g->dx, sy = (int64_t)p->y - g->dy;

	if (!in_int16(sx) || !in_int16(sy))
		return true;
	if (fault_fail(ctx->fault, FAULT_X_GET_IMAGE)) {
		shm_set_error(ctx, "GetImage failed: injected");
		g->ok = false;
		return false;
	}
	g->pieces[g->n] = *p;
	g->cookies[g->n++] = xcb_get_image(ctx->conn, XCB_IMAGE_FORMAT_Z_PIXMAP, g->src,
	        (int16_t)sx, (int16_t)sy, (uint16_t)p->w, (uint16_t)p->h, ~0u);
	if (g->n == BATCH)
		flush_gets(ctx, b, g);
	return true;
}

static bool fetch_get(struct shm_ctx *ctx, struct shm_buffer *b, xcb_drawable_t src, int32_t dx,
        int32_t dy, const pixman_box32_t *boxes, size_t n)
{
	struct get_batch g = {.src = src, .dx = dx, .dy = dy, .ok = true};

	for (size_t i = 0; i < n; i++) {
		pixman_box32_t c;
		if (clip_box(b, &boxes[i], &c) && !for_each_piece(ctx, b, &c, queue_get, &g))
			break;
	}
	flush_gets(ctx, b, &g);
	return g.ok;
}

bool shm_buffer_fetch(struct shm_ctx *ctx, struct shm_buffer *b, xcb_drawable_t src, int32_t dx,
        int32_t dy, const pixman_box32_t *boxes, size_t n)
{
	if (b->backend == SHM_NONE)
		return fetch_get(ctx, b, src, dx, dy, boxes, n);
	return fetch_copy(ctx, b, src, dx, dy, boxes, n);
}

static uint8_t *scratch(struct shm_ctx *ctx, size_t len)
{
	if (ctx->scratch_len >= len)
		return ctx->scratch;
	uint8_t *p = fault_malloc(ctx->fault, len);
	if (!p) {
		shm_set_error(ctx, "out of memory for a %zu-byte upload buffer", len);
		return NULL;
	}
	free(ctx->scratch);
	ctx->scratch = p;
	ctx->scratch_len = len;
	return p;
}

static bool put_piece(struct shm_ctx *ctx, struct shm_buffer *b, const struct piece *p, void *data)
{
	xcb_gcontext_t gc = *(xcb_gcontext_t *)data;
	size_t bypp = b->bypp;
	size_t row = row_bytes(ctx, b, p->w);
	const uint8_t *src =
	        (const uint8_t *)b->addr + (size_t)p->y * b->stride + (size_t)p->x * bypp;
	const uint8_t *bytes = src;

	if (row != b->stride) {
		uint8_t *s = scratch(ctx, row * p->h);
		if (!s)
			return false;
		for (uint32_t i = 0; i < p->h; i++)
			memcpy(s + i * row, src + i * b->stride, (size_t)p->w * bypp);
		bytes = s;
	}
	xcb_put_image(ctx->conn, XCB_IMAGE_FORMAT_Z_PIXMAP, b->pixmap, gc, (uint16_t)p->w,
	        (uint16_t)p->h, (int16_t)p->x, (int16_t)p->y, 0, b->depth, (uint32_t)(row * p->h),
	        bytes);
	return true;
}

bool shm_buffer_upload(
        struct shm_ctx *ctx, struct shm_buffer *b, const pixman_box32_t *boxes, size_t n)
{
	xcb_gcontext_t gc;

	if (b->backend != SHM_NONE)
		return true;
	gc = gc_for(ctx, b);
	if (gc == XCB_NONE)
		return false;
	for (size_t i = 0; i < n; i++) {
		pixman_box32_t c;
		if (clip_box(b, &boxes[i], &c) && !for_each_piece(ctx, b, &c, put_piece, &gc))
			return false;
	}
	return true;
}
