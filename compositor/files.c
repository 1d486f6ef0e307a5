/* Safe creation of the files shmcomp writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compositor/files.h"

int files_create_unique(const char *dir, const char *stem, const char *ext, mode_t mode, char *path,
        size_t pathlen, char *err, size_t errlen)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char name[256];

	if (dfd < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (unsigned n = 0; n < 1000; n++) {
		int len = snprintf(name, sizeof name, "%s-%03u%s", stem, n, ext);
		if (len < 0 || (size_t)len >= sizeof name) {
			snprintf(err, errlen, "%s: the file name is too long", dir);
			break;
		}
		int fd = openat(
		        dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			close(dfd);
			snprintf(path, pathlen, "%s/%s", dir, name);
			return fd;
		}
		if (errno != EEXIST) {
			snprintf(err, errlen, "%s/%s: %s", dir, name, strerror(errno));
			close(dfd);
			return -1;
		}
		if (n == 999)
			snprintf(err, errlen, "%s: %s-000%s to -999%s are all taken", dir, stem,
			        ext, ext);
	}
	close(dfd);
	return -1;
}

static int open_flags(const char *path, int flags, mode_t mode, char *err, size_t errlen)
{
	int fd = open(path, flags | O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0)
		snprintf(err, errlen, "%s: %s", path,
		        errno == ELOOP ? "is a symbolic link (not followed)" : strerror(errno));
	return fd;
}

int files_open_replace(const char *path, mode_t mode, char *err, size_t errlen)
{
	return open_flags(path, O_TRUNC, mode, err, errlen);
}

int files_open_append(const char *path, mode_t mode, char *err, size_t errlen)
{
	return open_flags(path, O_APPEND, mode, err, errlen);
}
