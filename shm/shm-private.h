/* shm/ internals shared by its files: the context and the buffer. */
#ifndef SHMCOMP_SHM_PRIVATE_H
#define SHMCOMP_SHM_PRIVATE_H

#include <xcb/shm.h>

#include "shm/pool.h"
#include "shm/shm.h"
#include "util/list.h"

struct shm_ctx {
	xcb_connection_t *conn;
	xcb_window_t root;
	const xcb_screen_t *screen;
	enum shm_backend backend;
	struct fault *fault;
	size_t shmmax;
	size_t max_request_bytes;
	xcb_gcontext_t gc[33]; /* per depth; XCB_NONE until first needed */
	struct pool pool;
	struct list buffers; /* shm_buffer::link: acquired, or released but still busy */
	struct list busy;    /* shm_buffer::busy_link */
	uint64_t buffers_live, buffers_busy;
	uint8_t *scratch; /* packing rows for PutImage without SHM */
	size_t scratch_len;
	char err[256];
	char note[256]; /* why the backend was chosen, when it was a fallback */
};

/* One pooled segment and the view over it (pixmap + pixman image). Acquired in
 * the order of the fields; released in reverse. Unset fields: -1, NULL, XCB_NONE. */
struct shm_buffer {
	struct pool_item item; /* capacity; cache link while idle in the pool */
	struct list link;      /* shm_ctx::buffers while acquired or busy-released */
	struct list busy_link; /* shm_ctx::busy while busy */
	struct shm_ctx *ctx;
	enum shm_backend backend;
	/* segment */
	int shmid;
	void *addr;
	int fd;
	xcb_shm_seg_t seg;
	bool removed; /* SysV IPC_RMID done */
	/* view */
	xcb_pixmap_t pixmap;
	pixman_image_t *image;
	uint32_t width, height;
	uint8_t depth;
	uint8_t bypp; /* bytes per pixel of the pixmap format */
	size_t stride;
	/* state */
	bool acquired, busy;
	uint32_t serial;
};

void shm_set_error(struct shm_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Checks a request; on an X error (or an injected one, `point`) records it. */
bool shm_x_check(struct shm_ctx *ctx, xcb_void_cookie_t cookie, const char *what);

/* Segment of `capacity` bytes with the given backend; NULL on failure (message set). */
struct shm_buffer *shm_segment_create(
        struct shm_ctx *ctx, enum shm_backend backend, size_t capacity);
/* Releases the view and the segment in reverse order; accepts half-built buffers. */
void shm_segment_destroy(struct shm_ctx *ctx, struct shm_buffer *buf);
bool shm_ctx_pixmap_layout(const struct shm_ctx *ctx, uint32_t w, uint32_t h, uint8_t depth,
        size_t *stride, size_t *size);
void shm_view_release(struct shm_ctx *ctx, struct shm_buffer *buf);

#endif
