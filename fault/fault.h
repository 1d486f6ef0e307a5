/* Fault injection seam. Every fallible call on the SHM paths and in the
 * compositor's start-up goes through one of these wrappers with a `struct fault *` (NULL in
 * production: the wrappers are then the plain calls). A test sets `fail_at = k` to make the k-th
 * call, counted across all points, fail as the real call would (errno set). */
#ifndef SHMCOMP_FAULT_H
#define SHMCOMP_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum fault_point {
	FAULT_MALLOC,
	FAULT_CALLOC,
	FAULT_MEMFD_CREATE,
	FAULT_FTRUNCATE,
	FAULT_FCNTL_SEAL,
	FAULT_MMAP,
	FAULT_DUP,
	FAULT_SHMGET,
	FAULT_SHMAT,
	FAULT_SHMCTL,
	FAULT_SHMDT,
	FAULT_MUNMAP,
	FAULT_X_SHM_ATTACH,
	FAULT_X_SHM_ATTACH_FD,
	FAULT_X_SHM_CREATE_PIXMAP,
	FAULT_X_CREATE_PIXMAP,
	FAULT_X_CREATE_GC,
	FAULT_X_GET_IMAGE,
	FAULT_X_ROUND_TRIP,
	FAULT_PIXMAN_IMAGE,
	/* The compositor's start-up (comp_setup): */
	FAULT_X_CONNECT, /* the connection to the display fails */
	FAULT_X_REPLY,   /* a reply does not come (as when the server answers an error) */
	FAULT_X_CHECK,   /* a checked request answers an error */
	FAULT_ALLOC,     /* an allocation inside a library (render_ctx_create, ...) */
	FAULT_COUNT
};

struct fault {
	unsigned long fail_at; /* 1-based call to fail; 0 = never */
	unsigned long calls;   /* calls seen across all points */
	unsigned long hits[FAULT_COUNT];
	bool fired;
	enum fault_point fired_point;
};

const char *fault_point_name(enum fault_point p);

/* True when this call must fail. Counts the call. `f` may be NULL. */
bool fault_fail(struct fault *f, enum fault_point p);

void *fault_malloc(struct fault *f, size_t size);
void *fault_calloc(struct fault *f, size_t n, size_t size);
int fault_memfd_create(struct fault *f, const char *name, unsigned int flags);
int fault_ftruncate(struct fault *f, int fd, off_t len);
int fault_add_seals(struct fault *f, int fd, int seals);
void *fault_mmap(struct fault *f, size_t len, int prot, int flags, int fd);
int fault_dup(struct fault *f, int fd);
int fault_shmget(struct fault *f, size_t size, int flags);
void *fault_shmat(struct fault *f, int shmid);
int fault_shm_rmid(struct fault *f, int shmid);

/* Release calls. Their failure cannot be undone by the caller, so an injected
 * failure still performs the call and then reports the error: the test proves
 * that an error return is logged and never leads to a second release. */
int fault_shmdt(struct fault *f, const void *addr);
int fault_munmap(struct fault *f, void *addr, size_t len);

#endif
