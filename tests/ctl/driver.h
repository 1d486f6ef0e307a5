/* Helpers of test-ctl, the shmcomp-ctl test driver: running programs with their output
 * captured and timed, the fake compositor's life, and a reader for xwd's files. */
#ifndef SHMCOMP_TESTS_CTL_DRIVER_H
#define SHMCOMP_TESTS_CTL_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_result {
	int status;   /* exit status, or 128 + signal */
	double secs;  /* from fork to exit */
	char *out;    /* all of stdout, NUL-terminated */
	size_t out_len;
	char *err;    /* all of stderr, NUL-terminated */
};

/* Runs argv (NULL-terminated) with DISPLAY=display (NULL: inherited), its stdout and stderr
 * going to dir/NAME.out and dir/NAME.err; kills it after 30 s. False (with a message) when it
 * could not be run. */
bool run_capture(const char *dir, const char *name, const char *display, const char *const *argv,
		 struct proc_result *r);
void proc_result_free(struct proc_result *r);

/* Starts fake-owner and waits for its "ready"; -1 (with a message) on failure. */
pid_t fake_owner_start(const char *fake, const char *display, const char *mode);
/* SIGTERM and reap; accepts -1 and a process that already exited. */
void process_stop(pid_t pid);

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
