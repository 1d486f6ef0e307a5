/* Context: backend choice (with probing and fallback), limits, stats, teardown. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/socket.h>

#include "fault/fault.h"
#include "shm/shm-private.h"

static struct pool_item *pool_create_item(void *data, size_t capacity)
{
	struct shm_ctx *ctx = data;
	struct shm_buffer *b = shm_segment_create(ctx, ctx->backend, capacity);

	return b ? &b->item : NULL;
}

static void pool_destroy_item(void *data, struct pool_item *item)
{
	shm_segment_destroy(data, list_entry(item, struct shm_buffer, item));
}

static const struct pool_ops ctx_pool_ops = {
        .create = pool_create_item,
        .destroy = pool_destroy_item,
};

static size_t kernel_shmmax(void)
{
	struct shminfo info;

	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&info) < 0)
		return 0;
	return (size_t)info.shmmax;
}

static bool unix_socket(xcb_connection_t *conn)
{
	struct sockaddr_storage addr;
	socklen_t len = sizeof addr;

	if (getsockname(xcb_get_file_descriptor(conn), (struct sockaddr *)&addr, &len) < 0)
		return false;
	return addr.ss_family == AF_UNIX;
}

/* What the server offers: false with a reason when MIT-SHM cannot be used. */
static bool shm_usable(struct shm_ctx *ctx, bool *memfd_ok)
{
	const xcb_query_extension_reply_t *ext = xcb_get_extension_data(ctx->conn, &xcb_shm_id);
	xcb_shm_query_version_reply_t *v;
	xcb_generic_error_t *e;

	if (!ext || !ext->present) {
		shm_set_error(ctx, "the X server has no MIT-SHM extension");
		return false;
	}
	v = xcb_shm_query_version_reply(ctx->conn, xcb_shm_query_version(ctx->conn), NULL);
	if (!v) {
		shm_set_error(ctx, "MIT-SHM QueryVersion failed");
		return false;
	}
	bool pixmaps = v->shared_pixmaps;
	*memfd_ok = (v->major_version > 1 || (v->major_version == 1 && v->minor_version >= 2)) &&
	            unix_socket(ctx->conn);
	free(v);
	if (!pixmaps) {
		shm_set_error(ctx, "the X server's MIT-SHM has no shared pixmaps");
		return false;
	}
	/* QueryVersion answers remote clients too; every other request then fails
	 * with BadRequest. Detaching segment 0 tells: BadRequest = remote. */
	e = xcb_request_check(ctx->conn, xcb_shm_detach_checked(ctx->conn, 0));
	if (e && e->error_code == XCB_REQUEST) {
		free(e);
		shm_set_error(ctx, "MIT-SHM refuses this client (not local)");
		return false;
	}
	free(e);
	return true;
}

static bool probe_backend(struct shm_ctx *ctx, enum shm_backend b)
{
	struct shm_buffer *seg = shm_segment_create(ctx, b, shm_size_class(1));

	if (!seg)
		return false;
	shm_segment_destroy(ctx, seg);
	return true;
}

static bool choose_backend(struct shm_ctx *ctx, enum shm_backend want)
{
	bool memfd_ok = false;
	bool usable = want != SHM_NONE && shm_usable(ctx, &memfd_ok);

	if (want == SHM_NONE)
		return ctx->backend = SHM_NONE, true;
	if (want == SHM_MEMFD && usable && !memfd_ok)
		shm_set_error(ctx, "memfd needs MIT-SHM 1.2 over a local socket");
	if (want == SHM_MEMFD && usable && memfd_ok && probe_backend(ctx, SHM_MEMFD))
		return ctx->backend = SHM_MEMFD, true;
	if (want == SHM_SYSV && usable && probe_backend(ctx, SHM_SYSV))
		return ctx->backend = SHM_SYSV, true;
	if (want != SHM_AUTO)
		return false;
	if (usable && memfd_ok && probe_backend(ctx, SHM_MEMFD))
		return ctx->backend = SHM_MEMFD, true;
	if (usable && probe_backend(ctx, SHM_SYSV))
		return ctx->backend = SHM_SYSV, true;
	ctx->backend = SHM_NONE;
	return true;
}

struct shm_ctx *shm_ctx_create(xcb_connection_t *conn, const xcb_screen_t *screen,
        const struct shm_options *opts, char *err, size_t errlen)
{
	struct shm_options o = opts ? *opts : (struct shm_options){0};
	struct shm_ctx *ctx = fault_calloc(o.fault, 1, sizeof *ctx);

	if (!ctx) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ctx->conn = conn;
	ctx->screen = screen;
	ctx->root = screen->root;
	ctx->fault = o.fault;
	ctx->shmmax = kernel_shmmax();
	ctx->max_request_bytes = (size_t)xcb_get_maximum_request_length(conn) * 4;
	if (o.max_request_bytes >= 4096 && o.max_request_bytes < ctx->max_request_bytes)
		ctx->max_request_bytes = o.max_request_bytes;
	list_init(&ctx->buffers);
	list_init(&ctx->busy);
	pool_init(&ctx->pool, &ctx_pool_ops, ctx,
	        o.max_live_bytes ? o.max_live_bytes : SHM_DEFAULT_MAX_LIVE_BYTES,
	        o.max_cached_bytes ? o.max_cached_bytes : SHM_DEFAULT_MAX_CACHED_BYTES);
	if (!choose_backend(ctx, o.backend)) {
		snprintf(err, errlen, "shm backend %s unavailable: %s", shm_backend_name(o.backend),
		        ctx->err);
		free(ctx);
		return NULL;
	}
	if (ctx->err[0])
		snprintf(ctx->note, sizeof ctx->note, "%s", ctx->err);
	ctx->err[0] = '\0';
	return ctx;
}

void shm_ctx_destroy(struct shm_ctx *ctx)
{
	struct list *pos, *tmp;

	if (!ctx)
		return;
	/* Buffers still here are busy-released ones (or a caller's leak): the
	 * server is assumed done with them, since we are going away. */
	list_for_each_reverse_safe(pos, tmp, &ctx->buffers)
	{
		struct shm_buffer *b = list_entry(pos, struct shm_buffer, link);
		list_remove(&b->link);
		pool_drop(&ctx->pool, &b->item);
	}
	pool_finish(&ctx->pool);
	for (unsigned d = 0; d < sizeof ctx->gc / sizeof ctx->gc[0]; d++)
		if (ctx->gc[d] != XCB_NONE)
			xcb_free_gc(ctx->conn, ctx->gc[d]);
	free(ctx->scratch);
	xcb_flush(ctx->conn);
	free(ctx);
}

enum shm_backend shm_ctx_backend(const struct shm_ctx *ctx)
{
	return ctx->backend;
}

const char *shm_ctx_error(const struct shm_ctx *ctx)
{
	return ctx->err;
}

const char *shm_ctx_backend_note(const struct shm_ctx *ctx)
{
	return ctx->note;
}

void shm_ctx_stats(const struct shm_ctx *ctx, struct shm_stats *out)
{
	*out = (struct shm_stats){
	        .segments_live = ctx->pool.live,
	        .segments_created = ctx->pool.created,
	        .segments_destroyed = ctx->pool.destroyed,
	        .reuses = ctx->pool.reuses,
	        .trims = ctx->pool.trims,
	        .buffers_live = ctx->buffers_live,
	        .buffers_busy = ctx->buffers_busy,
	        .bytes_live = ctx->pool.bytes_live,
	        .bytes_cached = ctx->pool.bytes_cached,
	};
}

void shm_ctx_trim(struct shm_ctx *ctx, size_t keep_bytes)
{
	pool_trim(&ctx->pool, keep_bytes);
}

static const xcb_format_t *pixmap_format(const struct shm_ctx *ctx, uint8_t depth)
{
	const xcb_setup_t *setup = xcb_get_setup(ctx->conn);
	xcb_format_iterator_t it = xcb_setup_pixmap_formats_iterator(setup);

	for (; it.rem; xcb_format_next(&it))
		if (it.data->depth == depth)
			return it.data;
	return NULL;
}

static bool depth_allowed(const struct shm_ctx *ctx, uint8_t depth)
{
	xcb_depth_iterator_t it = xcb_screen_allowed_depths_iterator(ctx->screen);

	if (depth == 1 || depth == ctx->screen->root_depth)
		return true;
	for (; it.rem; xcb_depth_next(&it))
		if (it.data->depth == depth)
			return true;
	return false;
}

pixman_format_code_t shm_ctx_format(const struct shm_ctx *ctx, uint8_t depth)
{
	const xcb_format_t *f = pixmap_format(ctx, depth);

	if (!f || !depth_allowed(ctx, depth))
		return 0;
	if (depth == 32 && f->bits_per_pixel == 32)
		return PIXMAN_a8r8g8b8;
	if (depth == 24 && f->bits_per_pixel == 32)
		return PIXMAN_x8r8g8b8;
	if (depth == 16 && f->bits_per_pixel == 16)
		return PIXMAN_r5g6b5;
	if (depth == 15 && f->bits_per_pixel == 16)
		return PIXMAN_x1r5g5b5;
	return 0;
}

bool shm_ctx_pixmap_layout(const struct shm_ctx *ctx, uint32_t w, uint32_t h, uint8_t depth,
        size_t *stride, size_t *size)
{
	const xcb_format_t *f = pixmap_format(ctx, depth);

	return f && shm_layout(w, h, f->bits_per_pixel, f->scanline_pad, stride, size);
}

bool shm_ctx_sync(struct shm_ctx *ctx)
{
	xcb_get_input_focus_reply_t *r;

	if (fault_fail(ctx->fault, FAULT_X_ROUND_TRIP)) {
		shm_set_error(ctx, "round trip failed: injected");
		return false;
	}
	r = xcb_get_input_focus_reply(ctx->conn, xcb_get_input_focus(ctx->conn), NULL);
	if (!r) {
		shm_set_error(ctx, "round trip failed: connection lost");
		return false;
	}
	free(r);
	return true;
}
