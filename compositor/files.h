/* Files the compositor writes (screenshots, recordings, the pid file, the log),
 * created so that nothing already there is followed or overwritten: a
 * directory such as /tmp or a CI workspace may be shared, and a symlink planted
 * at the next file name must not send our output elsewhere. */
#ifndef SHMCOMP_COMPOSITOR_FILES_H
#define SHMCOMP_COMPOSITOR_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* A new file DIR/STEM-NNN.EXT (NNN from 000 up to 999, the first free), created
 * with O_CREAT|O_EXCL|O_NOFOLLOW, so there is no gap between finding a free name
 * and taking it, and a name taken by anything (a symlink included) is skipped.
 * The fd (O_WRONLY|O_CLOEXEC) and the path in `path`; -1 with a message. */
int files_create_unique(const char *dir, const char *stem, const char *ext, mode_t mode, char *path,
        size_t pathlen, char *err, size_t errlen);
/* `path` created or truncated, never through a symlink (O_NOFOLLOW): the pid file. */
int files_open_replace(const char *path, mode_t mode, char *err, size_t errlen);
/* `path` created or appended to, never through a symlink: the log file. */
int files_open_append(const char *path, mode_t mode, char *err, size_t errlen);

#endif
