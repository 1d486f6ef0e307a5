/* Segment life for the three backends. Every step is checked; a failure part
 * way unwinds through shm_segment_destroy, which releases exactly what was
 * acquired, in reverse order. (The seed review's defects: unchecked IPC_RMID,
 * unchecked attach, int sizes, freeing unset ids — each is ruled out here.) */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "fault/fault.h"
#include "shm/shm-private.h"

void shm_set_error(struct shm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof ctx->err, fmt, ap);
	va_end(ap);
}

bool shm_x_check(struct shm_ctx *ctx, xcb_void_cookie_t cookie, const char *what)
{
	xcb_generic_error_t *e = xcb_request_check(ctx->conn, cookie);

	if (!e)
		return true;
	shm_set_error(ctx, "%s failed: X error %u (request %u.%u)", what, e->error_code,
	        e->major_code, e->minor_code);
	free(e);
	return false;
}

static bool sys_error(struct shm_ctx *ctx, const char *what)
{
	shm_set_error(ctx, "%s failed: %s", what, strerror(errno));
	return false;
}

static bool memfd_create_segment(struct shm_ctx *ctx, struct shm_buffer *b)
{
	int xfd;

	b->fd = fault_memfd_create(ctx->fault, "shmcomp", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (b->fd < 0)
		return sys_error(ctx, "memfd_create");
	if (b->item.capacity > (size_t)INT64_MAX ||
	        fault_ftruncate(ctx->fault, b->fd, (off_t)b->item.capacity) < 0)
		return sys_error(ctx, "ftruncate");
	/* The server maps this memory: it must never shrink under it (SIGBUS). */
	if (fault_add_seals(ctx->fault, b->fd, F_SEAL_SHRINK | F_SEAL_SEAL) < 0)
		return sys_error(ctx, "fcntl(F_ADD_SEALS)");
	b->addr =
	        fault_mmap(ctx->fault, b->item.capacity, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd);
	if (b->addr == MAP_FAILED) {
		b->addr = NULL;
		return sys_error(ctx, "mmap");
	}
	/* xcb closes the fd it sends, even when the request fails: send a dup. */
	xfd = fault_dup(ctx->fault, b->fd);
	if (xfd < 0)
		return sys_error(ctx, "dup");
	if (fault_fail(ctx->fault, FAULT_X_SHM_ATTACH_FD)) {
		close(xfd);
		shm_set_error(ctx, "ShmAttachFd failed: injected");
		return false;
	}
	b->seg = xcb_generate_id(ctx->conn);
	if (!shm_x_check(
	            ctx, xcb_shm_attach_fd_checked(ctx->conn, b->seg, xfd, 0), "ShmAttachFd")) {
		b->seg = XCB_NONE;
		return false;
	}
	/* The mapping and the server's reference keep the memory: the fd is done. */
	close(b->fd);
	b->fd = -1;
	return true;
}

static bool sysv_create_segment(struct shm_ctx *ctx, struct shm_buffer *b)
{
	void *addr;

	if (b->item.capacity > ctx->shmmax) {
		shm_set_error(ctx, "segment of %zu bytes is above the kernel's shmmax (%zu)",
		        b->item.capacity, ctx->shmmax);
		return false;
	}
	b->shmid = fault_shmget(ctx->fault, b->item.capacity, IPC_CREAT | 0600);
	if (b->shmid < 0)
		return sys_error(ctx, "shmget");
	addr = fault_shmat(ctx->fault, b->shmid);
	if (addr == (void *)-1)
		return sys_error(ctx, "shmat");
	b->addr = addr;
	if (fault_fail(ctx->fault, FAULT_X_SHM_ATTACH)) {
		shm_set_error(ctx, "ShmAttach failed: injected");
		return false;
	}
	b->seg = xcb_generate_id(ctx->conn);
	if (!shm_x_check(ctx, xcb_shm_attach_checked(ctx->conn, b->seg, (uint32_t)b->shmid, 0),
	            "ShmAttach")) {
		b->seg = XCB_NONE;
		return false;
	}
	/* From here on a crash of either side cannot leak the segment. */
	if (fault_shm_rmid(ctx->fault, b->shmid) < 0)
		return sys_error(ctx, "shmctl(IPC_RMID)");
	b->removed = true;
	return true;
}

static bool heap_create_segment(struct shm_ctx *ctx, struct shm_buffer *b)
{
	b->addr = fault_malloc(ctx->fault, b->item.capacity);
	if (!b->addr)
		return sys_error(ctx, "malloc");
	return true;
}

struct shm_buffer *shm_segment_create(
        struct shm_ctx *ctx, enum shm_backend backend, size_t capacity)
{
	struct shm_buffer *b = fault_calloc(ctx->fault, 1, sizeof *b);
	bool ok = false;

	if (!b) {
		sys_error(ctx, "calloc");
		return NULL;
	}
	b->item.capacity = capacity;
	list_init(&b->item.link);
	list_init(&b->link);
	list_init(&b->busy_link);
	b->ctx = ctx;
	b->backend = backend;
	b->shmid = -1;
	b->fd = -1;
	b->seg = XCB_NONE;
	b->pixmap = XCB_NONE;
	switch (backend) {
	case SHM_MEMFD:
		ok = memfd_create_segment(ctx, b);
		break;
	case SHM_SYSV:
		ok = sysv_create_segment(ctx, b);
		break;
	case SHM_NONE:
		ok = heap_create_segment(ctx, b);
		break;
	case SHM_AUTO:
		shm_set_error(ctx, "no backend chosen");
		break;
	}
	if (!ok) {
		shm_segment_destroy(ctx, b);
		return NULL;
	}
	return b;
}

void shm_view_release(struct shm_ctx *ctx, struct shm_buffer *b)
{
	if (b->image) {
		pixman_image_unref(b->image);
		b->image = NULL;
	}
	if (b->pixmap != XCB_NONE) {
		xcb_free_pixmap(ctx->conn, b->pixmap);
		b->pixmap = XCB_NONE;
	}
	b->width = b->height = 0;
	b->depth = 0;
	b->stride = 0;
}

static void release_mapping(struct shm_ctx *ctx, struct shm_buffer *b)
{
	if (!b->addr)
		return;
	if (b->backend == SHM_NONE)
		free(b->addr);
	else if (b->backend == SHM_SYSV && fault_shmdt(ctx->fault, b->addr) < 0)
		sys_error(ctx, "shmdt");
	else if (b->backend == SHM_MEMFD && fault_munmap(ctx->fault, b->addr, b->item.capacity) < 0)
		sys_error(ctx, "munmap");
	b->addr = NULL;
}

void shm_segment_destroy(struct shm_ctx *ctx, struct shm_buffer *b)
{
	if (!b)
		return;
	shm_view_release(ctx, b);
	if (b->seg != XCB_NONE) {
		xcb_shm_detach(ctx->conn, b->seg);
		b->seg = XCB_NONE;
	}
	release_mapping(ctx, b);
	if (b->shmid >= 0 && !b->removed && fault_shm_rmid(ctx->fault, b->shmid) < 0)
		sys_error(ctx, "shmctl(IPC_RMID)");
	b->shmid = -1;
	if (b->fd >= 0) {
		close(b->fd);
		b->fd = -1;
	}
	free(b);
}
