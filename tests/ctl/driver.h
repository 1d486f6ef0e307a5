/* Helpers of the shmcomp-ctl tests (test-ctl against fake-owner, test-live against shmcomp):
 * running programs with their output captured and timed, checks on what they said, a case's
 * output directory, the fake compositor's life, and a reader for xwd's files. */
#ifndef SHMCOMP_TESTS_CTL_DRIVER_H
#define SHMCOMP_TESTS_CTL_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_result {
	int status;  /* exit status, or 128 + signal */
	double secs; /* from fork to exit */
	char *out;   /* all of stdout, NUL-terminated */
	size_t out_len;
	char *err; /* all of stderr, NUL-terminated */
};

/* Runs argv (NULL-terminated) with DISPLAY=display (NULL: inherited), its stdout and stderr
 * going to dir/NAME.out and dir/NAME.err; kills it after 30 s. False (with a message) when it
 * could not be run. */
bool run_capture(const char *dir, const char *name, const char *display, const char *const *argv,
        struct proc_result *r);
void proc_result_free(struct proc_result *r);
/* Runs `ctl` with `args` (NULL-terminated, without the program) like run_capture, under the
 * name "ctl", and says what it did; false (a failure) when it could not be run. */
bool run_ctl(const char *ctl, const char *dir, const char *display, const char *const *args,
        struct proc_result *r);
/* Checks (tests/harness/check.h) on a run: its exit status; a text holding `needle`. */
void expect_status(const struct proc_result *r, int status);
void expect_in(const char *haystack, const char *needle, const char *what);

/* Makes a fresh /tmp/PROG-XXXXXX for a case's outputs in `dir` (64 bytes); false on failure. */
bool case_dir_make(char *dir, size_t size, const char *prog);
/* Removes the case's outputs, unless it failed or SHMCOMP_TEST_KEEP is set: then says where
 * they are. */
void case_dir_finish(const char *dir, const char *name);

/* Starts fake-owner (writing the requests it gets to `log`, unless NULL) and waits for its
 * "ready"; -1 (with a message) on failure. */
pid_t fake_owner_start(const char *fake, const char *display, const char *mode, const char *log);
/* SIGTERM and reap; accepts -1 and a process that already exited. */
void process_stop(pid_t pid);

/* paint-client with windows of the test's (see its usage), started without shmcomp. */
#define PAINTER_MAX_WINDOWS 16

struct painter {
	pid_t pid;
	struct {
		char name[32];
		uint32_t id;
	} wins[PAINTER_MAX_WINDOWS];
	size_t n;
};

/* Starts `client` on `display` with the NULL-terminated arguments and returns once it says
 * "mapped", with the window ids it printed; false (reported) on failure. */
bool painter_start(
        struct painter *p, const char *client, const char *display, const char *const *args);
/* The id of a window by its label, as "0x..." in buf (as shmcomp-ctl prints ids). */
const char *painter_id(const struct painter *p, const char *name, char *buf, size_t size);
/* Accepts a painter that was never started (pid -1 or 0). */
void painter_stop(struct painter *p);

struct xwd_image {
	uint32_t width, height, depth, bits_per_pixel, byte_order, bytes_per_line;
	uint32_t red_mask, green_mask, blue_mask;
	uint8_t *pixels;
};

/* Reads a ZPixmap TrueColor dump written by `xwd`. False with a message in err on failure. */
bool xwd_read(const char *path, struct xwd_image *img, char *err, size_t errlen);
/* Pixel (x, y) as 0xRRGGBB, each channel widened to 8 bits by bit replication (as pixman
 * widens r5g6b5). */
uint32_t xwd_rgb(const struct xwd_image *img, uint32_t x, uint32_t y);
void xwd_free(struct xwd_image *img);

#endif
