/* Helpers of test-live, the shmcomp-ctl tests against the real shmcomp: a private Xvfb, shmcomp
 * with a configuration of the test's, paint-client with windows of known contents, running
 * shmcomp-ctl, and the images a window must hold. */
#ifndef SHMCOMP_TESTS_CTL_LIVE_H
#define SHMCOMP_TESTS_CTL_LIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <pixman.h>
#include <xcb/xcb.h>

#include "tests/ctl/driver.h"
#include "tests/harness/harness.h"

#define LIVE_MAX_WINDOWS 16

struct live {
	const char *ctl, *shmcomp, *client;
	const char *import; /* ImageMagick's import, or NULL */
	bool skipped;       /* the case needs what is not installed */
	struct xserver xs;
	xcb_connection_t *c; /* the test's own, for the selection and root pixels */
	xcb_screen_t *screen;
	pid_t comp_pid, client_pid;
	int client_out; /* paint-client's stdout */
	char client_buf[4096];
	size_t client_len;
	struct {
		char name[32];
		xcb_window_t id;
	} wins[LIVE_MAX_WINDOWS];
	size_t nwins;
	char dir[64]; /* outputs: logs, shots; kept when the case fails */
};

/* Starts Xvfb with `screen` ("640x480x24") and connects to it; false (reported) on failure,
 * *skip set when Xvfb is not installed. */
bool live_start_x(struct live *t, const char *screen, bool *skip);
/* Starts shmcomp with the NULL-terminated extra arguments and, when config is not NULL, a
 * file with that text; returns once it owns the selection and a first wait has returned. */
bool live_start_shmcomp(struct live *t, const char *config, ...);
/* Writes dir/shmcomp.conf and returns its path (static storage in t). */
const char *live_write_config(struct live *t, const char *text);
/* Starts paint-client with the NULL-terminated window specs; returns once it says "mapped",
 * having read the ids. */
bool live_start_client(struct live *t, ...);
/* The id of a paint-client window by its label; 0 when unknown. */
xcb_window_t live_window(const struct live *t, const char *name);
/* Waits up to timeout_ms for paint-client's next line; false on timeout or EOF. */
bool live_client_line(struct live *t, int timeout_ms, char *line, size_t size);
/* Runs shmcomp-ctl with the NULL-terminated arguments. */
bool live_ctl(struct live *t, struct proc_result *r, ...);
/* Same with an argument vector (NULL-terminated, without the program). */
bool live_ctl_argv(struct live *t, struct proc_result *r, const char *const *args);
/* Stops paint-client, shmcomp and Xvfb (what runs of them), for a fresh start. */
void live_stop(struct live *t);
/* Stops everything the case started, then keeps or removes its outputs. Returns the case's
 * result (TEST_PASS unless a check failed). */
int live_finish(struct live *t, const char *name);

/* dir/NAME */
const char *live_path(struct live *t, const char *name, char *buf, size_t size);
/* Reads a PNG (reported when it cannot). */
pixman_image_t *live_png(struct live *t, const char *path);
/* The outer image of a paint-client window: `bw` pixels of border `bc` (0xRRGGBB) around
 * w x h of pattern `seed`, in the format of `depth` (24: x8r8g8b8, 16: r5g6b5, 32: a8r8g8b8). */
pixman_image_t *live_window_image(
        uint32_t seed, uint32_t w, uint32_t h, uint32_t bw, uint32_t bc, unsigned depth);
/* Compares got with want exactly (or within tolerance); on a difference says so, writes
 * dir/NAME-diff.png and dir/NAME-want.png, and fails the case. */
bool live_same(struct live *t, pixman_image_t *got, pixman_image_t *want, unsigned tolerance,
        const char *name);
/* The root window's pixels at (x, y) as 0xRRGGBB (depth 24 screens). */
uint32_t live_root_pixel(struct live *t, int16_t x, int16_t y);

#endif
