/* X helpers shared by the tests and their clients: private X servers started
 * with -displayfd and killed by pid, child processes, leak snapshots of this
 * process (fds, mappings, SysV segments), server-side resource counts
 * (X-Resource), atoms and pixels. The runner (runner.h) is apart: it needs no X. */
#ifndef SHMCOMP_TESTS_HARNESS_H
#define SHMCOMP_TESTS_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <xcb/xcb.h>

#define HARNESS_SKIP 77

struct xserver {
	pid_t pid;
	int display;
	char name[32]; /* ":N", for DISPLAY */
};

/* Starts `binary` (e.g. "Xvfb", "Xephyr") with -displayfd, -nolisten tcp,
 * -noreset and `args` (NULL-terminated, may be NULL). Returns 0 on success,
 * HARNESS_SKIP when the binary is not installed, -1 on failure (message on stderr). */
int xserver_start(struct xserver *xs, const char *binary, const char *const *args);
/* Kills the server by pid and reaps it. Accepts a server that never started. */
void xserver_stop(struct xserver *xs);
/* Connects to the server; exits the test with a message on failure. */
xcb_connection_t *xserver_connect(const struct xserver *xs, xcb_screen_t **screen);

struct leak_snapshot {
	int fds;
	int shm_mappings;  /* memfd and SysV mappings in /proc/self/maps */
	int sysv_segments; /* SysV segments created by this process */
};

void leak_snapshot(struct leak_snapshot *s);
int sysv_segments_of(pid_t creator);
/* Compares; prints what differs with `what` as context; true when equal. */
bool leak_same(
        const struct leak_snapshot *before, const struct leak_snapshot *after, const char *what);

struct xres_counts {
	uint32_t pixmaps;
	uint32_t shm_segments;
	uint32_t gcs;
	uint32_t total;
};

/* Server-side resources held by the client whose resource base is that of
 * `client`, counted through a second connection `observer` (xres.c: link
 * harness_xres_dep, which brings xcb-res). */
bool xres_count(xcb_connection_t *observer, xcb_connection_t *client, struct xres_counts *out);
bool xres_same(const struct xres_counts *a, const struct xres_counts *b, const char *what);

/* Runs argv[0] (a path) with DISPLAY set to `display`; its stderr (and
 * stdout) go to `log_path` when given. Returns the pid, or -1. */
pid_t spawn(const char *const *argv, const char *display, const char *log_path);
/* Waits up to `timeout_ms` for `pid` to exit. Returns its exit code, 128+N
 * for a signal, or -1 on timeout (the process is left running). */
int wait_exit(pid_t pid, int timeout_ms);
/* Polls until some client owns _NET_WM_CM_S0 (true) or the time is up. */
bool wait_cm_owner(xcb_connection_t *c, int timeout_ms);
/* Reads a whole (small) file into a static-free malloc'd string; NULL if none. */
char *read_file(const char *path);
/* Writes `text` to `path`; ends the test (exit 1) when it cannot. */
void write_file(const char *path, const char *text);

/* CLOCK_MONOTONIC in milliseconds. */
double monotonic_ms(void);
/* Sleeps `ms` milliseconds, through signals. */
void sleep_ms(long ms);

/* One round trip. */
void x_sync(xcb_connection_t *c);
/* The atom named `name`, interned (created if new); XCB_NONE on error. */
xcb_atom_t x_atom(xcb_connection_t *c, const char *name);

/* The type of visual `id` on the screen; NULL if it has none of that id. */
const xcb_visualtype_t *x_visual(const xcb_screen_t *s, xcb_visualid_t id);
/* An ARGB visual: depth 32, TrueColor, red 0xff0000 and blue 0xff; 0 if the server has none. */
xcb_visualid_t x_argb_visual(const xcb_screen_t *s);

/* The root window's pixel at (x, y), masked to 24 bits; 0xdeadbeef on error. */
uint32_t root_pixel(xcb_connection_t *c, const xcb_screen_t *s, int16_t x, int16_t y);

#endif
