/* shmcomp-bench: damage-to-screen latency, CPU per update, pacing and memory of compositing
 * managers (shmcomp, xcompmgr, picom, or none as a floor), each on its own private Xvfb.
 * One header for the whole program; every module's functions carry the bench_ prefix. */
#ifndef SHMCOMP_BENCH_H
#define SHMCOMP_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <xcb/xcb.h>

#define BENCH_WIDTH 1280
#define BENCH_HEIGHT 800
#define BENCH_NO_PIXEL UINT32_MAX

/* ---- proc.c: clocks, child processes, /proc ---- */

struct bench_spawn_opts {
	const char *display; /* DISPLAY for the child, or NULL to inherit */
	int out_fd;          /* the child's stdout, -1 for /dev/null */
	int err_fd;          /* the child's stderr, -1 for /dev/null */
	int keep_fd;         /* one more fd the child inherits (Xvfb's -displayfd), or -1 */
};

double bench_now_ms(void);
void bench_sleep_us(long us);
/* utime+stime of a whole process in ms (process CPU clock, else /proc/PID/stat); 0 for
 * pid <= 0, -1 when it cannot be read. */
double bench_cpu_ms(pid_t pid);
/* VmRSS in KiB; 0 for pid <= 0, -1 when it cannot be read. */
long bench_rss_kb(pid_t pid);
/* fork+exec with PR_SET_PDEATHSIG, so that nothing outlives the benchmark. -1 on failure. */
pid_t bench_spawn(const char *const *argv, const struct bench_spawn_opts *o);
/* Reaps pid if it has exited: true and its status (exit code, or 128+signal). */
bool bench_exited(pid_t pid, int *status);
/* SIGTERM, up to 2 s, then SIGKILL; reaps; sets *pid to -1. Accepts -1. */
void bench_kill(pid_t *pid);
/* Runs argv, returns its stdout (malloc'd, NUL-terminated) or NULL on failure or timeout. */
char *bench_capture(const char *const *argv, const char *display, int timeout_ms);
/* Last line of a text file, for failure notes; "" when none. */
void bench_last_line(const char *path, char *out, size_t len);

/* ---- server.c: a private Xvfb, 1280x800x24, started with -displayfd ---- */

struct bench_server {
	pid_t pid;
	char name[16]; /* ":N" */
};

bool bench_server_start(struct bench_server *s, char *why, size_t len);
void bench_server_stop(struct bench_server *s);

/* ---- session.c: one compositor (or none) on a fresh server, and our client connection ---- */

enum bench_peer {
	BENCH_NONE,
	BENCH_SHMCOMP,
	BENCH_XCOMPMGR,
	BENCH_PICOM,
	BENCH_PEERS,
};

struct bench_ctx {
	const char *shmcomp; /* path of build/compositor/shmcomp */
	const char *ctl;     /* path of build/ctl/shmcomp-ctl */
	const char *tmpdir;  /* logs of the compositors */
	const char *config;  /* an empty file: shmcomp's plain composition, no effects */
	bool enabled[BENCH_PEERS];
	bool verbose;
};

struct bench_session {
	enum bench_peer peer;
	struct bench_server server;
	pid_t comp;
	xcb_connection_t *c;
	xcb_screen_t *screen;
	char log[256];
};

const char *bench_peer_name(enum bench_peer p);
/* The command line shown in the report, e.g. "xcompmgr -n". */
const char *bench_peer_command(enum bench_peer p);
bool bench_peer_installed(const struct bench_ctx *ctx, enum bench_peer p);
/* Fresh Xvfb, then the compositor, then waits until it owns _NET_WM_CM_S0. */
bool bench_session_start(struct bench_session *s, const struct bench_ctx *ctx, enum bench_peer p,
	bool vsync, char *why, size_t len);
/* "exited with status N: <last log line>" when the compositor is gone; false if alive. */
bool bench_session_lost(struct bench_session *s, char *why, size_t len);
void bench_session_stop(struct bench_session *s);

/* ---- stats.c: shmcomp-ctl stats ---- */

struct bench_stats {
	bool ok;
	uint64_t frames;
	uint64_t segments_created;
	uint64_t segments_live;
	uint64_t bytes_live;
	uint64_t pool_reuses;
};

bool bench_stats_read(
	const struct bench_ctx *ctx, const struct bench_session *s, struct bench_stats *st);

/* ---- scene.c: our windows on the server, colours, the probe ---- */

struct bench_rect {
	int16_t x, y;
	uint16_t w, h;
};

struct bench_scene {
	xcb_connection_t *c;
	xcb_window_t root;
	xcb_gcontext_t gc;
	int count;
	xcb_window_t *win;
	struct bench_rect *geom;
	uint32_t painted; /* colours handed out so far */
};

typedef void (*bench_place_fn)(int i, int n, struct bench_rect *r);

bool bench_scene_create(struct bench_scene *sc, xcb_connection_t *c, xcb_screen_t *screen, int n,
	bench_place_fn place);
void bench_scene_destroy(struct bench_scene *sc);
/* A colour never handed out before in this scene, and unlike any window background. */
uint32_t bench_scene_colour(struct bench_scene *sc);
/* Which colour count a fill colour was (1 for the first), -1 for a background. */
int64_t bench_scene_colour_index(uint32_t colour);
/* Fills r (window coordinates) of window i. */
void bench_scene_fill(struct bench_scene *sc, int i, struct bench_rect r, uint32_t colour);
void bench_scene_move(struct bench_scene *sc, int i, int16_t x, int16_t y);
/* Whether window i is redirected (Composite NameWindowPixmap succeeds): a compositor that
 * owns _NET_WM_CM_S0 may still be drawing nothing of it. */
bool bench_scene_redirected(struct bench_scene *sc, int i);
/* Waits up to timeout_ms for window i to be redirected. */
bool bench_scene_wait_redirected(struct bench_scene *sc, int i, int timeout_ms);
/* One pixel of the root window (what is on screen), or BENCH_NO_PIXEL. */
uint32_t bench_scene_pixel(struct bench_scene *sc, int16_t x, int16_t y);

/* ---- scenarios.c ---- */

/* Where to look after an update, and what must be there. */
struct bench_probe {
	int16_t x, y;
	uint32_t colour;
};

typedef void (*bench_step_fn)(struct bench_scene *sc, uint32_t u, struct bench_probe *p);

struct bench_scenario {
	const char *name;
	const char *group; /* "latency", "scale" or "memory": one report table each */
	const char *what;  /* one line for the report */
	int windows;
	int updates; /* default count of measured updates */
	bench_place_fn place;
	bench_step_fn step;
};

extern const struct bench_scenario bench_scenarios[];
extern const size_t bench_scenario_count;
const struct bench_scenario *bench_scenario_find(const char *name);

/* ---- measure.c: latency pass, then CPU pass ---- */

enum bench_status {
	BENCH_NOT_RUN,
	BENCH_OK,
	BENCH_FAILED,
};

struct bench_result {
	enum bench_status status;
	char note[200];
	int updates, warmup, timeouts;
	int rounds, rounds_ok;
	/* every measure is a double so that rounds combine field by field (rounds.c) */
	double p50, p99, max;        /* ms, latency pass */
	double comp_cpu, server_cpu; /* ms per update, CPU pass */
	double cpu_wall;             /* ms of the CPU pass */
	double polls;                /* GetImage polls per update, CPU pass */
	double comp_rss_kb, server_rss_kb;
	bool have_stats;           /* shmcomp only */
	double frames_per_update;  /* CPU pass */
	double segments_per_frame; /* shm_segments_created per frame, CPU pass */
	double shm_bytes_live, shm_segments_live;
};

/* Sorts v; the median (upper), the 99th percentile (nearest rank) and the maximum. */
void bench_percentiles(double *v, int n, double *p50, double *p99, double *max);
void bench_measure(const struct bench_ctx *ctx, struct bench_session *s,
	const struct bench_scenario *sc, int updates, struct bench_result *r);

/* ---- rounds.c ---- */

#define BENCH_MAX_ROUNDS 9

/* One result from n rounds of the same cell: the median of each measure over the rounds that
 * succeeded (the maximum for the max latency and SHM segments created per frame), timeouts
 * summed; failed only when every round failed. */
void bench_result_merge(const struct bench_result *const *rounds, int n, struct bench_result *out);

/* ---- pacing.c: shmcomp --vsync against Xvfb's 60 Hz fake CRTC ---- */

struct bench_pacing {
	enum bench_status status;
	char note[200];
	const char *label;
	double client_hz; /* 0 = as fast as it can (one update per ms) */
	double seconds;
	int updates, dropped;
	double p50, p99;   /* ms, updates that reached the screen */
	uint64_t frames;   /* shmcomp-ctl stats frames delta */
	uint64_t presents; /* CompleteNotify (copy) seen on the overlay */
	uint64_t skips;    /* CompleteNotify (skip) */
	uint64_t vblanks;  /* MSC span of the presents */
	unsigned max_per_msc;
};

void bench_pacing_run(const struct bench_ctx *ctx, struct bench_session *s, double hz,
	double seconds, struct bench_pacing *r);

/* ---- report.c ---- */

struct bench_report {
	const struct bench_ctx *ctx;
	const char *command;
	const char *revision;
	bool quick;
	int rounds;
	struct bench_result (*results)[BENCH_PEERS]; /* one row per bench_scenarios[] */
	const bool *ran;                             /* per scenario */
	struct bench_pacing *pacing;
	size_t npacing;
	double wall_s;
};

void bench_report_write(FILE *f, const struct bench_report *rep);

#endif
