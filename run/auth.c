/* The private display's cookie, as xvfb-run makes one: a random MIT-MAGIC-COOKIE-1 in an
 * Xauthority file of our own directory, given to the server with -auth and to the WM,
 * shmcomp and COMMAND in XAUTHORITY, so that no other local user can open the display.
 * One entry of family FamilyWild with no address and no display number: libXau matches it
 * for any display, and the server reads only the cookie from the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "run/run.h"

#define FAMILY_WILD 0xffff
#define COOKIE_NAME "MIT-MAGIC-COOKIE-1"

static size_t put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return 2;
}

static size_t put_field(uint8_t *p, const void *data, size_t len)
{
	put16(p, len);
	memcpy(p + 2, data, len);
	return 2 + len;
}

static bool write_entry(struct run *r)
{
	uint8_t rec[64];
	size_t n = 0;
	int fd;
	bool ok;

	n += put16(rec, FAMILY_WILD);
	n += put_field(rec + n, "", 0); /* address */
	n += put_field(rec + n, "", 0); /* display number */
	n += put_field(rec + n, COOKIE_NAME, sizeof COOKIE_NAME - 1);
	n += put_field(rec + n, r->cookie, sizeof r->cookie);
	fd = open(r->auth_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return false;
	ok = write(fd, rec, n) == (ssize_t)n;
	return close(fd) == 0 && ok;
}

bool run_auth_create(struct run *r)
{
	const char *base = getenv("TMPDIR");
	int n;

	if (!base || !*base)
		base = "/tmp";
	n = snprintf(r->tmp_dir, sizeof r->tmp_dir, "%s/shmcomp-run.XXXXXX", base);
	if (n < 0 || (size_t)n >= sizeof r->tmp_dir) {
		fprintf(stderr, "shmcomp-run: TMPDIR is too long: %s\n", base);
		r->tmp_dir[0] = '\0';
		return false;
	}
	if (!mkdtemp(r->tmp_dir)) {
		fprintf(stderr, "shmcomp-run: cannot create a directory in %s: %s\n", base,
		        strerror(errno));
		r->tmp_dir[0] = '\0';
		return false;
	}
	snprintf(r->auth_path, sizeof r->auth_path, "%s/Xauthority", r->tmp_dir);
	if (getrandom(r->cookie, sizeof r->cookie, 0) != (ssize_t)sizeof r->cookie ||
	        !write_entry(r)) {
		fprintf(stderr, "shmcomp-run: cannot write %s: %s\n", r->auth_path,
		        strerror(errno));
		run_auth_remove(r);
		return false;
	}
	return true;
}

void run_auth_remove(struct run *r)
{
	if (r->auth_path[0])
		unlink(r->auth_path);
	if (r->tmp_dir[0])
		rmdir(r->tmp_dir);
	r->auth_path[0] = r->tmp_dir[0] = '\0';
}
