/* Shared by the stress tests: one private Xvfb with shmcomp on it, shmcomp-ctl
 * runs, the compositor's health (alive, `wait` answered, a fresh window reaches
 * the screen, SHM and RSS within bounds), screenshots and a seeded PRNG. */
#ifndef SHMCOMP_TESTS_STRESS_H
#define SHMCOMP_TESTS_STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <xcb/xcb.h>

#include "tests/harness/harness.h"
#include "tests/harness/runner.h"

/* The pool's cap on live SHM bytes (SHM_DEFAULT_MAX_LIVE_BYTES). */
#define STRESS_SHM_CAP ((long long)1 << 30)
/* What the compositor's RSS may reach: the pool cap plus heap and code. */
#define STRESS_RSS_LIMIT_KB ((1L << 20) + (256L << 10))
/* Private (non-shared) memory: heap, pixman scratch, xcb queues. */
#define STRESS_ANON_LIMIT_KB (192L << 10)

struct stress {
	const char *name;    /* test case, for messages and file names */
	const char *shmcomp; /* paths */
	const char *ctl;
	const char *outdir;
	struct xserver xs;
	xcb_connection_t *c; /* the test's own connection */
	xcb_screen_t *s;
	pid_t comp;
	int comp_status; /* -1 while running (or never started) */
	char log[512];   /* the compositor's stderr; a new one for each start */
	int starts;
	xcb_window_t reply_window; /* for stress_wait_inline */
	uint32_t requests;
	uint32_t probes;    /* probe windows mapped, for distinct colours */
	double ctl_timeout; /* seconds */
};

struct stress_stats {
	long long frames, windows, windows_mapped, segments_live, bytes_live, bytes_cached,
	        buffers_busy, x_errors;
};

struct stress_mem {
	long rss_kb, anon_kb, shmem_kb;
};

/* A failure of the case (counted by the runner, tests/harness/check.h), named with it. */
__attribute__((format(printf, 2, 3))) void stress_fail(struct stress *st, const char *fmt, ...);

/* The case's arguments: SHMCOMP SHMCOMP_CTL OUTDIR, then its own (stress_arg 0, 1, ...). */
void stress_init(struct stress *st, const struct test_ctx *tc);
/* The case's own argument i, or `fallback` when it has fewer. */
const char *stress_arg(const struct test_ctx *tc, int i, const char *fallback);

/* Starts Xvfb (`server_args`, default "-screen 0 800x600x24") and shmcomp with
 * `comp_args` (NULL-terminated, may be NULL), prefixed by `wrapper` (e.g.
 * valgrind) when not NULL. Returns 0, HARNESS_SKIP or 1. */
int stress_start(struct stress *st, const char *const *server_args, const char *const *comp_args,
        const char *const *wrapper, int start_timeout_ms);
/* Starts shmcomp again (after a kill) on the running server. */
bool stress_start_comp(struct stress *st, const char *const *comp_args, const char *const *wrapper,
        int start_timeout_ms);
/* Sends SIGTERM, expects exit 0; then stops the server. Returns the case's result. */
int stress_finish(struct stress *st);
/* Sends `sig` and waits for the compositor; returns its exit status (128+N: signal). */
int stress_stop_comp(struct stress *st, int sig, int timeout_ms);
bool stress_comp_alive(struct stress *st);

/* shmcomp-ctl CMD with its output in `out_path` (may be NULL); its exit code. */
int stress_ctl(struct stress *st, const char *cmd, const char *out_path);
bool stress_stats(struct stress *st, struct stress_stats *out);
/* `wait` spoken directly (compositor/ctl-proto.h) on the test's connection, without
 * starting shmcomp-ctl: for pacing a storm. False on timeout. */
bool stress_wait_inline(struct stress *st, int timeout_ms);
bool stress_mem(pid_t pid, struct stress_mem *out);

uint32_t stress_pixel(struct stress *st, int16_t x, int16_t y);
/* An override-redirect window of one colour, mapped, a round trip done. */
xcb_window_t stress_window(xcb_connection_t *c, const xcb_screen_t *s, int16_t x, int16_t y,
        uint16_t w, uint16_t h, uint32_t color);
/* Maps a fresh window of a new colour at (x, y), `wait`s, and checks that the
 * root shows it; the window is destroyed again. */
bool stress_probe(struct stress *st, int16_t x, int16_t y);
/* Everything the stress tests require after each case: shmcomp alive, `wait`
 * answered, a probe on screen, shm_bytes_live within the cap, RSS sane. */
bool stress_health(struct stress *st, const char *what);
/* True when `pid` runs under ASan or valgrind, whose RSS says little. */
bool stress_instrumented(pid_t pid);
/* Only the memory part of stress_health; `stats` may be NULL. */
bool stress_memory_ok(
        struct stress *st, const char *what, struct stress_stats *stats, struct stress_mem *mem);

/* Resizes the screen with RandR, as `xrandr --fb WxH` means to: Xvfb's only
 * CRTC keeps its mode (the initial size), so it is switched off below that
 * size (xrandr refuses, "not large enough for output screen") and on again at
 * full size. False (with a message) on failure. */
bool stress_randr_resize(xcb_connection_t *c, const xcb_screen_t *s, uint16_t w, uint16_t h);

/* The root window's pixels (32 bits per pixel, `w` x `h` from (0, 0)), malloc'd. */
uint32_t *stress_shot(xcb_connection_t *c, const xcb_screen_t *s, uint16_t w, uint16_t h);
/* Counts differing pixels (24 low bits); the first one in *fx, *fy. */
size_t stress_shot_diff(
        const uint32_t *a, const uint32_t *b, uint16_t w, uint16_t h, int *fx, int *fy);
/* Writes a shot as PNG to OUTDIR/stress-NAME-SUFFIX.png; the path in `path`. */
bool stress_shot_save(struct stress *st, const uint32_t *px, uint16_t w, uint16_t h,
        const char *suffix, char *path, size_t pathlen);
/* The same for a diff image of two shots: equal pixels dimmed, differing ones red. */
bool stress_shot_save_diff(struct stress *st, const uint32_t *a, const uint32_t *b, uint16_t w,
        uint16_t h, const char *suffix, char *path, size_t pathlen);

/* A child with its stdin and stdout on pipes (*to_child, *from_child, both
 * non-blocking on our side) and stderr in `err_path` (may be NULL); -1 on failure. */
pid_t stress_spawn_piped(const char *const *argv, const char *display, int *to_child,
        int *from_child, const char *err_path);
/* Runs argv to completion and returns its stdout (malloc'd, NUL-terminated), or NULL. */
char *stress_capture(const char *const *argv, size_t *len);

/* Drops every queued event and error of `c`; the count. */
int stress_drain(xcb_connection_t *c);

/* splitmix64: seeded, reproducible. */
struct stress_rng {
	uint64_t state;
};
uint64_t stress_rng_next(struct stress_rng *r);
/* Uniform in [lo, hi]. */
int stress_rng_range(struct stress_rng *r, int lo, int hi);

#endif
