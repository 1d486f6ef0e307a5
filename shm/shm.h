/* shm: the one module that owns every shared-memory segment's life.
 * It picks a backend (memfd, SysV or plain heap memory moved with
 * GetImage/PutImage), hands out pixmap-backed buffers whose pixels the client
 * can read and write through a pixman image, and recycles segments through a
 * size-classed pool with a cap on cached bytes. */
#ifndef SHMCOMP_SHM_H
#define SHMCOMP_SHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pixman.h>
#include <xcb/xcb.h>

struct fault;

enum shm_backend {
	SHM_AUTO,
	SHM_MEMFD,
	SHM_SYSV,
	SHM_NONE,
};

/* The protocol's limit on a drawable side (INT16 coordinates). */
#define SHM_MAX_SIDE 32767u

#define SHM_DEFAULT_MAX_LIVE_BYTES ((size_t)1 << 30)
#define SHM_DEFAULT_MAX_CACHED_BYTES ((size_t)64 << 20)

struct shm_options {
	enum shm_backend backend;
	size_t max_live_bytes;    /* all segments together; 0 = default */
	size_t max_cached_bytes;  /* idle segments kept for reuse; 0 = default */
	size_t max_request_bytes; /* 0 = the server's (BIG-REQUESTS); lower for tests */
	struct fault *fault;      /* test seam; NULL in production */
};

struct shm_stats {
	uint64_t segments_live;
	uint64_t segments_created;
	uint64_t segments_destroyed;
	uint64_t reuses;       /* acquisitions served from the cache */
	uint64_t trims;        /* cached segments dropped to honour a cap */
	uint64_t buffers_live; /* acquired and not released */
	uint64_t buffers_busy; /* waiting for the server (e.g. Present idle) */
	size_t bytes_live;
	size_t bytes_cached;
};

struct shm_ctx;
struct shm_buffer;

const char *shm_backend_name(enum shm_backend b);
bool shm_backend_parse(const char *s, enum shm_backend *out);

/* Pure arithmetic. Stride of a `width` x `height` image of `bpp` bits per pixel
 * whose rows are padded to `pad` bits (the server's PixmapBytePad rule), and
 * the total size. False when a side is 0 or above SHM_MAX_SIDE, bpp or pad is
 * not a power of two multiple of 8 up to 32 (pad >= 8), or the size overflows. */
bool shm_layout(
        uint32_t width, uint32_t height, unsigned bpp, unsigned pad, size_t *stride, size_t *size);

/* The pool's size class for a segment of `size` bytes: the size rounded up to
 * a page, then to a quarter step between powers of two. 0 on overflow. */
size_t shm_size_class(size_t size);

/* Creates the context for one connection and screen. On failure returns NULL
 * and writes a message into `err`. With SHM_AUTO the best backend that works
 * is chosen (memfd, then SysV, then none), a failed probe falling back; a
 * forced backend that cannot work is an error. */
struct shm_ctx *shm_ctx_create(xcb_connection_t *conn, const xcb_screen_t *screen,
        const struct shm_options *opts, char *err, size_t errlen);
/* Releases cached segments and the context. Every buffer must have been
 * released before; busy ones are reclaimed (the server is assumed done). */
void shm_ctx_destroy(struct shm_ctx *ctx);

enum shm_backend shm_ctx_backend(const struct shm_ctx *ctx);
/* Why a lesser backend was chosen (or the probe failures seen); "" if none. */
const char *shm_ctx_backend_note(const struct shm_ctx *ctx);
/* The message of the last failure on this context. */
const char *shm_ctx_error(const struct shm_ctx *ctx);
void shm_ctx_stats(const struct shm_ctx *ctx, struct shm_stats *out);
/* Drops cached segments until at most `keep_bytes` stay cached. */
void shm_ctx_trim(struct shm_ctx *ctx, size_t keep_bytes);
/* pixman format for a depth on this screen; 0 when unsupported. */
pixman_format_code_t shm_ctx_format(const struct shm_ctx *ctx, uint8_t depth);

/* A buffer: server pixmap of `depth` plus client-visible pixels. With SHM the
 * pixmap and the pixels are the same memory; without, the pixels are moved
 * explicitly by shm_buffer_fetch / shm_buffer_upload. NULL on failure. */
struct shm_buffer *shm_buffer_acquire(
        struct shm_ctx *ctx, uint32_t width, uint32_t height, uint8_t depth);
/* Gives the buffer back. A busy buffer keeps its memory until it goes idle
 * (shm_ctx_idle) or is reclaimed; then its segment returns to the pool. */
void shm_buffer_release(struct shm_ctx *ctx, struct shm_buffer *buf);

xcb_pixmap_t shm_buffer_pixmap(const struct shm_buffer *buf);
pixman_image_t *shm_buffer_image(const struct shm_buffer *buf);
uint32_t shm_buffer_width(const struct shm_buffer *buf);
uint32_t shm_buffer_height(const struct shm_buffer *buf);
uint8_t shm_buffer_depth(const struct shm_buffer *buf);
size_t shm_buffer_stride(const struct shm_buffer *buf);
void *shm_buffer_data(const struct shm_buffer *buf);

/* Busy/idle, driven by the caller: mark busy with the serial of the request
 * that uses the pixmap (e.g. a Present serial); the matching idle event
 * (pixmap, serial) makes it idle. A buffer whose idle event will never come
 * (its target window is gone) is reclaimed explicitly. */
void shm_buffer_mark_busy(struct shm_buffer *buf, uint32_t serial);
bool shm_buffer_is_busy(const struct shm_buffer *buf);
void shm_buffer_reclaim(struct shm_ctx *ctx, struct shm_buffer *buf);
/* True when (pixmap, serial) matched a busy buffer, which is now idle. */
bool shm_ctx_idle(struct shm_ctx *ctx, xcb_pixmap_t pixmap, uint32_t serial);
/* Reclaims every busy buffer (e.g. the presentation target was destroyed). */
void shm_ctx_reclaim_all(struct shm_ctx *ctx);

/* Mirror use: copy `n` boxes (buffer coordinates) from `src`, whose pixel
 * (0,0) sits at buffer (dx, dy): buffer (x, y) <- src (x - dx, y - dy).
 * With SHM the server copies into the buffer's pixmap (CopyArea; the pixels
 * are visible after shm_ctx_sync); without SHM the pixels are read with
 * GetImage split to the maximum request length. Errors on the source
 * (destroyed window) are reported through the event queue and leave the
 * buffer contents undefined in those boxes; the call still succeeds. */
bool shm_buffer_fetch(struct shm_ctx *ctx, struct shm_buffer *buf, xcb_drawable_t src, int32_t dx,
        int32_t dy, const pixman_box32_t *boxes, size_t n);
/* One round trip: every fetch sent before is in the buffers afterwards. */
bool shm_ctx_sync(struct shm_ctx *ctx);
/* Makes client-written pixels in `n` boxes visible in the buffer's pixmap:
 * nothing to do with SHM; PutImage split to the maximum request length without. */
bool shm_buffer_upload(
        struct shm_ctx *ctx, struct shm_buffer *buf, const pixman_box32_t *boxes, size_t n);

#endif
