/* Fault injection seam: thin wrappers that count calls and fail the chosen one. */
#include "fault/fault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

static const char *const point_names[FAULT_COUNT] = {
        [FAULT_MALLOC] = "malloc",
        [FAULT_CALLOC] = "calloc",
        [FAULT_MEMFD_CREATE] = "memfd_create",
        [FAULT_FTRUNCATE] = "ftruncate",
        [FAULT_FCNTL_SEAL] = "fcntl(F_ADD_SEALS)",
        [FAULT_MMAP] = "mmap",
        [FAULT_DUP] = "dup",
        [FAULT_SHMGET] = "shmget",
        [FAULT_SHMAT] = "shmat",
        [FAULT_SHMCTL] = "shmctl(IPC_RMID)",
        [FAULT_SHMDT] = "shmdt",
        [FAULT_MUNMAP] = "munmap",
        [FAULT_X_SHM_ATTACH] = "X ShmAttach",
        [FAULT_X_SHM_ATTACH_FD] = "X ShmAttachFd",
        [FAULT_X_SHM_CREATE_PIXMAP] = "X ShmCreatePixmap",
        [FAULT_X_CREATE_PIXMAP] = "X CreatePixmap",
        [FAULT_X_CREATE_GC] = "X CreateGC",
        [FAULT_X_GET_IMAGE] = "X GetImage",
        [FAULT_X_ROUND_TRIP] = "X round trip",
        [FAULT_PIXMAN_IMAGE] = "pixman_image_create_bits",
        [FAULT_X_CONNECT] = "X connection",
        [FAULT_X_REPLY] = "X reply",
        [FAULT_X_CHECK] = "X checked request",
        [FAULT_ALLOC] = "library allocation",
};

const char *fault_point_name(enum fault_point p)
{
	if ((unsigned)p >= FAULT_COUNT)
		return "?";
	return point_names[p];
}

bool fault_fail(struct fault *f, enum fault_point p)
{
	if (!f)
		return false;
	f->calls++;
	f->hits[p]++;
	if (f->fail_at == 0 || f->calls != f->fail_at)
		return false;
	f->fired = true;
	f->fired_point = p;
	return true;
}

void *fault_malloc(struct fault *f, size_t size)
{
	if (fault_fail(f, FAULT_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(size);
}

void *fault_calloc(struct fault *f, size_t n, size_t size)
{
	if (fault_fail(f, FAULT_CALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return calloc(n, size);
}

int fault_memfd_create(struct fault *f, const char *name, unsigned int flags)
{
	if (fault_fail(f, FAULT_MEMFD_CREATE)) {
		errno = EMFILE;
		return -1;
	}
	return memfd_create(name, flags);
}

int fault_ftruncate(struct fault *f, int fd, off_t len)
{
	if (fault_fail(f, FAULT_FTRUNCATE)) {
		errno = EFBIG;
		return -1;
	}
	return ftruncate(fd, len);
}

int fault_add_seals(struct fault *f, int fd, int seals)
{
	if (fault_fail(f, FAULT_FCNTL_SEAL)) {
		errno = EPERM;
		return -1;
	}
	return fcntl(fd, F_ADD_SEALS, seals);
}

void *fault_mmap(struct fault *f, size_t len, int prot, int flags, int fd)
{
	if (fault_fail(f, FAULT_MMAP)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return mmap(NULL, len, prot, flags, fd, 0);
}

int fault_dup(struct fault *f, int fd)
{
	if (fault_fail(f, FAULT_DUP)) {
		errno = EMFILE;
		return -1;
	}
	return fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

int fault_shmget(struct fault *f, size_t size, int flags)
{
	if (fault_fail(f, FAULT_SHMGET)) {
		errno = ENOSPC;
		return -1;
	}
	return shmget(IPC_PRIVATE, size, flags);
}

void *fault_shmat(struct fault *f, int shmid)
{
	if (fault_fail(f, FAULT_SHMAT)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return shmat(shmid, NULL, 0);
}

int fault_shm_rmid(struct fault *f, int shmid)
{
	if (fault_fail(f, FAULT_SHMCTL)) {
		errno = EPERM;
		return -1;
	}
	return shmctl(shmid, IPC_RMID, NULL);
}

int fault_shmdt(struct fault *f, const void *addr)
{
	int ret = shmdt(addr);
	if (fault_fail(f, FAULT_SHMDT) && ret == 0) {
		errno = EINVAL;
		return -1;
	}
	return ret;
}

int fault_munmap(struct fault *f, void *addr, size_t len)
{
	int ret = munmap(addr, len);
	if (fault_fail(f, FAULT_MUNMAP) && ret == 0) {
		errno = EINVAL;
		return -1;
	}
	return ret;
}
