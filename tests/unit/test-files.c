/* unit suite: the files shmcomp creates (compositor/files.c) — a unique name
 * taken without a check-then-open race, never through a planted symlink
 * (dangling or not), with the mode asked for; the pid and log files refuse a
 * symlink too. Run as: test-files CASE DIR */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compositor/files.h"
#include "tests/harness/runner.h"

/* A fresh directory DIR/NAME (what an earlier run left is removed). */
static void fresh_dir(char *out, size_t len, const char *base, const char *name)
{
	char cmd[1200];

	snprintf(out, len, "%s/%s", base, name);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", out, out);
	if (system(cmd) != 0)
		test_fail("cannot make %s", out);
}

static bool is_symlink(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

TEST(files_unique)
{
	char dir[600], outside[600], planted[1300], target[1300], path[1400], err[256];
	struct stat st;

	fresh_dir(dir, sizeof dir, test_arg(tc, 0, "DIR"), "files-unique");
	fresh_dir(outside, sizeof outside, test_arg(tc, 0, "DIR"), "files-outside");
	/* 000: a dangling symlink out of the directory; 001: a symlink to a file
	 * outside; 002: a regular file */
	snprintf(planted, sizeof planted, "%s/shot-000.png", dir);
	snprintf(target, sizeof target, "%s/stolen.png", outside);
	CHECK(symlink(target, planted) == 0);
	snprintf(planted, sizeof planted, "%s/shot-001.png", dir);
	snprintf(target, sizeof target, "%s/existing.png", outside);
	CHECK(close(open(target, O_WRONLY | O_CREAT, 0644)) == 0);
	CHECK(symlink(target, planted) == 0);
	snprintf(planted, sizeof planted, "%s/shot-002.png", dir);
	CHECK(close(open(planted, O_WRONLY | O_CREAT, 0644)) == 0);

	int fd = files_create_unique(dir, "shot", ".png", 0600, path, sizeof path, err, sizeof err);
	CHECK(fd >= 0);
	CHECK(write(fd, "x", 1) == 1);
	close(fd);
	CHECK_STR(strrchr(path, '/') + 1, "shot-003.png");
	CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600);
	snprintf(target, sizeof target, "%s/stolen.png", outside);
	CHECK(access(target, F_OK) != 0); /* nothing written through the dangling link */
	snprintf(target, sizeof target, "%s/existing.png", outside);
	CHECK(stat(target, &st) == 0 && st.st_size == 0); /* nor through the other */
	snprintf(planted, sizeof planted, "%s/shot-000.png", dir);
	CHECK(is_symlink(planted));

	/* another mode, and the next name */
	fd = files_create_unique(dir, "shot", ".png", 0640, path, sizeof path, err, sizeof err);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640);
	close(fd);
	CHECK_STR(strrchr(path, '/') + 1, "shot-004.png");

	/* every name taken: a message, no file */
	for (int n = 0; n < 1000; n++) {
		snprintf(planted, sizeof planted, "%s/full-%03d.png", dir, n);
		close(open(planted, O_WRONLY | O_CREAT, 0600));
	}
	CHECK(files_create_unique(dir, "full", ".png", 0600, path, sizeof path, err, sizeof err) <
	                0 &&
	        strstr(err, "all taken"));
	/* no directory */
	CHECK(files_create_unique("/nonexistent/dir", "x", ".png", 0600, path, sizeof path, err,
	              sizeof err) < 0 &&
	        strstr(err, "/nonexistent/dir"));
	return TEST_PASS;
}

TEST(files_fixed)
{
	char dir[600], link_path[700], target[700], err[256];
	struct stat st;

	fresh_dir(dir, sizeof dir, test_arg(tc, 0, "DIR"), "files-fixed");
	snprintf(link_path, sizeof link_path, "%s/shmcomp.pid", dir);
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	CHECK(symlink(target, link_path) == 0);
	CHECK(files_open_replace(link_path, 0644, err, sizeof err) < 0 &&
	        strstr(err, "symbolic link"));
	CHECK(files_open_append(link_path, 0600, err, sizeof err) < 0);
	CHECK(access(target, F_OK) != 0);
	/* a plain file: truncated, or appended to */
	snprintf(link_path, sizeof link_path, "%s/shmcomp.log", dir);
	int fd = files_open_append(link_path, 0600, err, sizeof err);
	CHECK(fd >= 0 && write(fd, "one\n", 4) == 4);
	close(fd);
	fd = files_open_append(link_path, 0600, err, sizeof err);
	CHECK(fd >= 0 && write(fd, "two\n", 4) == 4);
	close(fd);
	CHECK(stat(link_path, &st) == 0 && st.st_size == 8 && (st.st_mode & 0777) == 0600);
	fd = files_open_replace(link_path, 0644, err, sizeof err);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);
	return TEST_PASS;
}
