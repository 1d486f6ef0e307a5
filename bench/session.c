/* One measurement's world: a fresh Xvfb, one compositing manager (or none) with its stderr in
 * a log file, and the benchmark's own client connection. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"

#define CM_WAIT_MS 10000

static const char *const peer_names[BENCH_PEERS] = {"none", "shmcomp", "xcompmgr", "picom"};

const char *bench_peer_name(enum bench_peer p)
{
	return peer_names[p];
}

static bool in_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, name);
		if (access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

bool bench_peer_installed(const struct bench_ctx *ctx, enum bench_peer p)
{
	switch (p) {
	case BENCH_SHMCOMP:
		return access(ctx->shmcomp, X_OK) == 0;
	case BENCH_XCOMPMGR:
		return in_path("xcompmgr");
	case BENCH_PICOM:
		return in_path("picom");
	default:
		return true;
	}
}

#define MAX_ARGS 24

/* The compositor's argv for this effect, into argv (pointing into conf or fx). */
static void peer_argv(const struct bench_session *s, const struct bench_ctx *ctx, bool vsync,
        const char *conf, const char **argv)
{
	size_t n = 0;

	if (s->peer == BENCH_SHMCOMP) {
		const char *a[] = {ctx->shmcomp, "--display", s->server.name, "--config", conf,
		        vsync ? "--vsync" : "--no-vsync"};
		memcpy(argv, a, sizeof a);
		n = sizeof a / sizeof a[0];
		if (s->fx->virtual_clock)
			argv[n++] = "--clock=virtual";
		if (ctx->record) {
			argv[n++] = "--record";
			argv[n++] = ctx->record;
		}
	} else if (s->peer == BENCH_XCOMPMGR) {
		argv[n++] = "xcompmgr";
		for (const char *const *a = s->fx->xcompmgr; *a && n < MAX_ARGS - 1; a++)
			argv[n++] = *a;
	} else {
		argv[n++] = "picom";
		if (s->fx->picom_experimental)
			argv[n++] = "--experimental-backends";
		argv[n++] = "--backend";
		argv[n++] = "xrender";
		argv[n++] = "--config";
		argv[n++] = conf;
	}
	argv[n] = NULL;
}

static pid_t spawn_peer(struct bench_session *s, const struct bench_ctx *ctx, bool vsync)
{
	const char *argv[MAX_ARGS];
	char conf[512];
	struct bench_spawn_opts o = {.display = s->server.name, .keep_fd = -1};
	pid_t pid;

	bench_effect_conf_path(s->fx, s->peer, ctx->tmpdir, conf, sizeof conf);
	peer_argv(s, ctx, vsync, conf, argv);
	/* one log per start: displays are reused from cell to cell */
	snprintf(s->log, sizeof s->log, "%s/%s-XXXXXX.log", ctx->tmpdir, bench_peer_name(s->peer));
	o.out_fd = mkostemps(s->log, 4, O_CLOEXEC);
	o.err_fd = o.out_fd;
	pid = bench_spawn(argv, &o);
	if (o.out_fd >= 0)
		close(o.out_fd);
	return pid;
}

static xcb_atom_t intern(xcb_connection_t *c, const char *name)
{
	xcb_intern_atom_reply_t *r =
	        xcb_intern_atom_reply(c, xcb_intern_atom(c, 0, (uint16_t)strlen(name), name), NULL);
	xcb_atom_t a = r ? r->atom : XCB_NONE;

	free(r);
	return a;
}

static bool cm_owned(xcb_connection_t *c, xcb_atom_t sel)
{
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(c, xcb_get_selection_owner(c, sel), NULL);
	bool owned = r && r->owner != XCB_NONE;

	free(r);
	return owned;
}

static bool wait_cm(struct bench_session *s, char *why, size_t len)
{
	xcb_atom_t sel = intern(s->c, "_NET_WM_CM_S0");
	double end = bench_now_ms() + CM_WAIT_MS;

	while (bench_now_ms() < end) {
		if (bench_session_lost(s, why, len))
			return false;
		if (cm_owned(s->c, sel))
			return true;
		bench_sleep_us(10000);
	}
	snprintf(why, len, "did not take _NET_WM_CM_S0 within %d s", CM_WAIT_MS / 1000);
	return false;
}

/* Owning the selection is not compositing yet (picom redirects a little later, and windows
 * mapped in between were seen to stay unredirected): wait until a window of ours is. */
static bool wait_redirection(struct bench_session *s, char *why, size_t len)
{
	struct bench_scene probe;
	bool ok = bench_scene_create(&probe, s->c, s->screen, 1, bench_scenarios[0].place) &&
	          bench_scene_wait_redirected(&probe, 0, CM_WAIT_MS);

	bench_scene_destroy(&probe);
	if (!ok && !bench_session_lost(s, why, len))
		snprintf(why, len, "took _NET_WM_CM_S0 but did not redirect a window within %d s",
		        CM_WAIT_MS / 1000);
	return ok;
}

static bool connect_client(struct bench_session *s, char *why, size_t len)
{
	int snum = 0;

	s->c = xcb_connect(s->server.name, &snum);
	if (xcb_connection_has_error(s->c)) {
		snprintf(why, len, "cannot connect to Xvfb %s", s->server.name);
		return false;
	}
	xcb_screen_iterator_t it = xcb_setup_roots_iterator(xcb_get_setup(s->c));
	for (int i = 0; i < snum && it.rem; i++)
		xcb_screen_next(&it);
	s->screen = it.data;
	return s->screen != NULL;
}

bool bench_session_start(struct bench_session *s, const struct bench_ctx *ctx, enum bench_peer p,
        const struct bench_effect *fx, bool vsync, char *why, size_t len)
{
	*s = (struct bench_session){.peer = p, .fx = fx, .comp = -1, .server = {.pid = -1}};
	if (!bench_server_start(&s->server, why, len))
		return false;
	if (!connect_client(s, why, len))
		goto error;
	if (p == BENCH_NONE)
		return true;
	s->comp = spawn_peer(s, ctx, vsync);
	if (s->comp < 0) {
		snprintf(why, len, "fork failed");
		goto error;
	}
	if (!wait_cm(s, why, len) || !wait_redirection(s, why, len))
		goto error;
	return true;
error:
	bench_session_stop(s);
	return false;
}

bool bench_session_lost(struct bench_session *s, char *why, size_t len)
{
	char last[160];
	int status;

	if (s->peer == BENCH_NONE || !bench_exited(s->comp, &status))
		return false;
	s->comp = -1;
	bench_last_line(s->log, last, sizeof last);
	snprintf(why, len, "%s exited with status %d%s%s", bench_peer_name(s->peer), status,
	        last[0] ? ": " : "", last);
	return true;
}

void bench_session_stop(struct bench_session *s)
{
	bench_kill(&s->comp);
	if (s->c) {
		xcb_disconnect(s->c);
		s->c = NULL;
	}
	bench_server_stop(&s->server);
}
