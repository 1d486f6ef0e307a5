/* shmcomp-bench: damage-to-screen latency, CPU per update, pacing and memory of compositing
 * managers (shmcomp, xcompmgr, picom, or none as a floor), each on its own private Xvfb, plain
 * and with effects (shadows, corners, opacity, fades, blur).
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
/* Pss from /proc/PID/smaps_rollup in KiB: a shared page is divided among the processes that
 * map it, so SHM shared by the compositor and Xvfb counts once in their sum (in RSS it counts
 * in both). 0 for pid <= 0, -1 when it cannot be read. */
long bench_pss_kb(pid_t pid);
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

/* ---- effects.c: the configurations compared, the same effect for every peer ---- */

enum bench_peer {
	BENCH_NONE,
	BENCH_SHMCOMP,
	BENCH_XCOMPMGR,
	BENCH_PICOM,
	BENCH_PEERS,
};

/* What a short look at the screen must show for the effect to count as drawn. */
enum bench_check {
	BENCH_CHECK_NONE,
	BENCH_CHECK_SHADOW,  /* a shadow left of a window */
	BENCH_CHECK_CORNERS, /* a window's corner pixel is not the window's */
	BENCH_CHECK_OPACITY, /* an unfocused window is translucent, the focused one opaque */
	BENCH_CHECK_BLUR,    /* behind a translucent window, an edge below is smeared */
};

struct bench_effect {
	const char *name; /* "plain", "shadow", ... "gaussian12" */
	const char *what; /* one line for the report */
	/* The configuration file of shmcomp and picom, one text for both ("" = plain: shmcomp an
	 * empty file, picom /dev/null). */
	const char *conf;
	/* xcompmgr's options, or NULL when it has no such effect; then why, for the tables. */
	const char *const *xcompmgr;
	const char *xcompmgr_lacks;
	const char *picom_lacks; /* NULL, or why picom 9.1's xrender backend cannot */
	bool picom_experimental; /* picom --experimental-backends (its blur methods) */
	bool focus_top;          /* the topmost window gets the input focus; xcompmgr, which
	                          * has no inactive-opacity, gets _NET_WM_WINDOW_OPACITY 0.9
	                          * on the others instead */
	bool virtual_clock;      /* shmcomp --clock=virtual, stepped */
	enum bench_check check;
};

extern const struct bench_effect bench_effect_plain;
extern const struct bench_effect bench_effect_fade;
extern const struct bench_effect bench_effect_fade_step;
/* The effects rows of the four latency scenarios: shadow, corners, opacity. */
extern const struct bench_effect *const bench_effects_matrix[];
extern const size_t bench_effects_matrix_count;
/* Blur methods and sizes. */
extern const struct bench_effect *const bench_effects_blur[];
extern const size_t bench_effects_blur_count;

/* Whether p draws this effect at all; else the reason, for the tables. */
bool bench_effect_supported(const struct bench_effect *fx, enum bench_peer p, const char **why);
/* The command line shown in the report, e.g. "xcompmgr -c -r 12 ...". */
void bench_effect_command(const struct bench_effect *fx, enum bench_peer p, char *out, size_t len);
/* Writes every effect's configuration file into dir (dir/NAME.conf). */
bool bench_effects_write(const char *dir);
/* The file that p reads for fx (written by bench_effects_write), or /dev/null. */
void bench_effect_conf_path(
        const struct bench_effect *fx, enum bench_peer p, const char *dir, char *out, size_t len);

/* ---- session.c: one compositor (or none) on a fresh server, and our client connection ---- */

struct bench_ctx {
	const char *shmcomp; /* path of build/compositor/shmcomp */
	const char *ctl;     /* path of build/ctl/shmcomp-ctl */
	const char *tmpdir;  /* logs of the compositors, the configuration files */
	double pass_ms;      /* a latency pass stops after this long (with 50 updates at least) */
	bool enabled[BENCH_PEERS];
	bool verbose;
	const char *record; /* shmcomp --record FILE, or NULL (recording.c) */
};

struct bench_session {
	enum bench_peer peer;
	const struct bench_effect *fx;
	struct bench_server server;
	pid_t comp;
	xcb_connection_t *c;
	xcb_screen_t *screen;
	char log[256];
};

const char *bench_peer_name(enum bench_peer p);
bool bench_peer_installed(const struct bench_ctx *ctx, enum bench_peer p);
/* Fresh Xvfb, then the compositor with fx, then waits until it owns _NET_WM_CM_S0 and has
 * redirected a window. */
bool bench_session_start(struct bench_session *s, const struct bench_ctx *ctx, enum bench_peer p,
        const struct bench_effect *fx, bool vsync, char *why, size_t len);
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
	/* pixels: rendered into a back buffer, copied from the other one, presented from window
	 * pixmaps by the server (direct, served), shadows composited */
	uint64_t render_px, copied_px, direct_px, served_px, shadow_px;
};

bool bench_stats_read(
        const struct bench_ctx *ctx, const struct bench_session *s, struct bench_stats *st);

/* ---- ctl.c: shmcomp's control protocol spoken directly (a step costs no fork) ---- */

struct bench_ctl {
	xcb_connection_t *c;
	xcb_window_t owner; /* the _NET_WM_CM_S0 owner, shmcomp's control window */
	xcb_window_t reply; /* ours */
	xcb_atom_t request_atom, reply_atom;
	uint32_t id;
};

bool bench_ctl_open(struct bench_ctl *ctl, struct bench_session *s, char *why, size_t len);
/* Advances shmcomp's virtual clock by ms and waits until that frame is on screen. */
bool bench_ctl_step(struct bench_ctl *ctl, uint32_t ms, char *why, size_t len);
void bench_ctl_close(struct bench_ctl *ctl);

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
	bool *mapped;
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
/* The colour a window shows before anything is drawn in it. */
uint32_t bench_scene_background(int i);
/* Fills r (window coordinates) of window i. */
void bench_scene_fill(struct bench_scene *sc, int i, struct bench_rect r, uint32_t colour);
void bench_scene_move(struct bench_scene *sc, int i, int16_t x, int16_t y);
void bench_scene_map(struct bench_scene *sc, int i, bool map);
/* _NET_WM_WINDOW_OPACITY of window i, 0..1. */
void bench_scene_opacity(struct bench_scene *sc, int i, double opacity);
void bench_scene_focus(struct bench_scene *sc, int i);
/* Whether window i is redirected (Composite NameWindowPixmap succeeds): a compositor that
 * owns _NET_WM_CM_S0 may still be drawing nothing of it. */
bool bench_scene_redirected(struct bench_scene *sc, int i);
/* Waits up to timeout_ms for window i to be redirected. */
bool bench_scene_wait_redirected(struct bench_scene *sc, int i, int timeout_ms);
/* One pixel of the root window (what is on screen), or BENCH_NO_PIXEL. */
uint32_t bench_scene_pixel(struct bench_scene *sc, int16_t x, int16_t y);
/* Busy-polls (x, y) until it shows colour; false after timeout_ms. */
bool bench_scene_wait_pixel(
        struct bench_scene *sc, int16_t x, int16_t y, uint32_t colour, int timeout_ms);

/* Waits until (x, y) of the focused window i shows colour, taking the focus away and giving it
 * back while it does not: a compositor may not yet listen for focus events on a window created
 * a moment ago (shmcomp missed such a FocusIn for good). The number of refocusings it took,
 * -1 if it never showed. */
int bench_scene_focus_shown(struct bench_scene *sc, int i, int16_t x, int16_t y, uint32_t colour);

/* ---- check.c: is the effect on screen at all? ---- */

/* Draws a small scene of its own and looks at a few pixels: 1 when fx's effect shows, 0 when
 * it does not, -1 when there is nothing to check or the look failed (why says so). */
int bench_check_effect(
        struct bench_session *s, const struct bench_effect *fx, char *why, size_t len);

/* ---- scenarios.c ---- */

/* Where to look after an update, and what must be there. */
struct bench_probe {
	int16_t x, y;
	uint32_t colour;
};

typedef void (*bench_step_fn)(struct bench_scene *sc, uint32_t u, struct bench_probe *p);
/* Drawing before the first update (a pattern, translucency). */
typedef void (*bench_prepare_fn)(struct bench_scene *sc);

enum bench_kind {
	BENCH_UPDATES, /* draw, then look: latency and CPU per update (measure.c) */
	BENCH_FADES,   /* unmap and map a window: fades on the compositor's own clock, or one
	                * frame per step of shmcomp's virtual clock (fade.c) */
};

struct bench_scenario {
	const char *name;
	const char *group; /* "latency", "scale", "memory", "fade" or "blur": one table each */
	const char *what;  /* one line for the report */
	int windows;
	int updates; /* default count of measured updates */
	enum bench_kind kind;
	bench_place_fn place;
	bench_step_fn step;
	bench_prepare_fn prepare; /* or NULL */
};

extern const struct bench_scenario bench_scenarios[];
extern const size_t bench_scenario_count;
const struct bench_scenario *bench_scenario_find(const char *name);

/* ---- rows.c: the cells of the report, one row per (scenario, effect) ---- */

struct bench_row {
	const struct bench_scenario *sc;
	const struct bench_effect *fx;
	const char *table; /* "latency", "scale", "memory", "effects", "fade" or "blur" */
	char name[48];     /* "small", "small/shadow", "blur-below/gaussian12" */
};

struct bench_rows {
	struct bench_row *v;
	size_t n;
};

bool bench_rows_create(struct bench_rows *rows);
void bench_rows_destroy(struct bench_rows *rows);
/* Whether name is a row, a scenario, a table or an effect: what --only takes. */
bool bench_rows_known(const struct bench_rows *rows, const char *name);
/* Whether row r is selected by the comma-separated list (NULL: all). */
bool bench_row_selected(const struct bench_row *r, const char *list);

/* ---- measure.c: latency pass, then CPU pass ---- */

enum bench_status {
	BENCH_NOT_RUN,
	BENCH_OK,
	BENCH_FAILED,
	BENCH_LACKS, /* the peer has no such effect: not run */
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
	double comp_pss_kb, server_pss_kb;
	bool have_stats;           /* shmcomp only */
	double frames_per_update;  /* CPU pass */
	double segments_per_frame; /* shm_segments_created per frame, CPU pass */
	/* per update, CPU pass (bench_stats' pixels) */
	double render_px, copied_px, direct_px, served_px, shadow_px;
	double shm_bytes_live, shm_segments_live;
	int seen; /* bench_check_effect: 1 shown, 0 not shown, -1 not checked */
	/* the spread over the rounds (rounds.c): min and max of p50, of compositor + X CPU and
	 * of the compositor's CPU alone */
	double p50_lo, p50_hi, cpu_lo, cpu_hi, comp_lo, comp_hi;
};

/* Sorts v; the median (upper), the 99th percentile (nearest rank) and the maximum. */
void bench_percentiles(double *v, int n, double *p50, double *p99, double *max);
void bench_measure(const struct bench_ctx *ctx, struct bench_session *s,
        const struct bench_scenario *sc, int updates, struct bench_result *r);
/* What every kind of measurement shares: our windows, redirected, prepared. */
bool bench_measure_set_up(struct bench_session *s, const struct bench_scenario *sc,
        struct bench_scene *scene, struct bench_result *r);
/* Memory at the end of a cell. */
void bench_measure_memory(struct bench_session *s, struct bench_result *r);

/* ---- fade.c: fades on the compositor's clock, and stepped on shmcomp's virtual one ---- */

void bench_fade_measure(const struct bench_ctx *ctx, struct bench_session *s,
        const struct bench_scenario *sc, int updates, struct bench_result *r);

/* ---- recording.c: the cost of shmcomp --record (--only recording) ---- */

/* small and full without and with recording, then idle_s seconds of nothing; the table on out
 * and, when not NULL, markdown. False when a cell failed. */
bool bench_recording_run(
        const struct bench_ctx *ctx, bool quick, double idle_s, FILE *out, FILE *markdown);

/* ---- rounds.c ---- */

#define BENCH_MAX_ROUNDS 9

/* One result from n rounds of the same cell: the median of each measure over the rounds that
 * succeeded (the maximum for the max latency and SHM segments created per frame), timeouts
 * summed, the spread of the main measures; failed only when every round failed. */
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
	const struct bench_rows *rows;
	struct bench_result (*results)[BENCH_PEERS]; /* one per row */
	const bool *ran;                             /* per row */
	struct bench_pacing *pacing;
	size_t npacing;
	double wall_s;
	const char *load; /* the load averages before and after, for the header */
};

void bench_report_write(FILE *f, const struct bench_report *rep);

/* ---- ratio.c: the regression check (--max-ratio), shmcomp against xcompmgr ---- */

/* Prints one line per compared measure; false when a ratio is above max or a cell that
 * should have been measured failed. */
bool bench_ratio_check(FILE *f, const struct bench_report *rep, double max);

#endif
