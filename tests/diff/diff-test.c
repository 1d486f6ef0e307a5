/* diff-test: runs one scene script on two private X servers in lockstep (A bare,
 * B under shmcomp) and compares their roots pixel for pixel after every `sync`,
 * proving the composited screen equals what the server shows without one.
 *
 * Modes: diff (A bare, B with shmcomp), selftest (both bare: must be equal),
 * negative (both bare, one pixel changed on B: must be found exactly), stable
 * (B only, with shmcomp: two shots per step must be equal; for ARGB scenes).
 * On a difference it prints the first differing pixel, the step and the script
 * lines, and writes NAME-stepK-{A,B,diff}.png into --outdir. Exit 77 = skipped. */
#include "tests/diff/diff.h"
#include "tests/harness/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xcb/composite.h>

#define MAX_ARGS 16
#define READY_TIMEOUT_MS 20000
#define CTL_TIMEOUT_MS 10000
#define CM_TIMEOUT_MS 10000
#define EXIT_TIMEOUT_MS 5000
#define MAX_PNG_STEPS 3

enum mode { MODE_DIFF, MODE_SELFTEST, MODE_NEGATIVE, MODE_STABLE };

struct opts {
	const char *name, *scene, *outdir, *client, *shmcomp, *ctl;
	enum mode mode;
	bool nested; /* Xephyr servers inside one Xvfb */
	const char *server_args[MAX_ARGS + 1];
	int nserver_args;
	const char *comp_args[MAX_ARGS];
	int ncomp_args;
	const char *random_seed, *ops, *sync_every, *size; /* storm: generated script */
};

struct side {
	const char *label;
	bool composited;
	struct xserver xs;
	xcb_connection_t *c;
	xcb_screen_t *screen;
	struct proc client, comp;
};

struct script {
	char **lines;
	int n;
};

struct run {
	const struct opts *o;
	struct script sc;
	struct xserver outer;
	struct side side[2];
	int nsides;
	int steps, failed, pngs;
	int step_line;  /* script line of the current step's sync */
	int redirected; /* most top-levels seen redirected on B at one step */
	bool broken;    /* a process died or timed out: stop stepping */
};

static int usage(void)
{
	fprintf(stderr,
	        "usage: diff-test --name N --scene FILE --outdir DIR --client PATH\n"
	        "       [--mode diff|selftest|negative|stable] [--shmcomp PATH --ctl PATH]\n"
	        "       [--server-arg ARG]... [--comp-arg ARG]... [--nested]\n"
	        "       [--random SEED --ops N --sync-every K --size WxH]  (script generated)\n");
	return 2;
}

static bool parse_mode(const char *v, enum mode *m)
{
	static const char *const names[] = {"diff", "selftest", "negative", "stable"};

	for (int i = 0; i < 4; i++)
		if (strcmp(v, names[i]) == 0) {
			*m = (enum mode)i;
			return true;
		}
	return false;
}

static bool add_arg(const char **list, int *n, const char *v)
{
	if (*n == MAX_ARGS)
		return false;
	list[(*n)++] = v;
	return true;
}

static bool parse_opt(struct opts *o, const char *k, const char *v)
{
	const char **str[] = {&o->name, &o->scene, &o->outdir, &o->client, &o->shmcomp, &o->ctl,
	        &o->random_seed, &o->ops, &o->sync_every, &o->size};
	static const char *const keys[] = {"--name", "--scene", "--outdir", "--client", "--shmcomp",
	        "--ctl", "--random", "--ops", "--sync-every", "--size"};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(k, keys[i]) == 0) {
			*str[i] = v;
			return true;
		}
	if (strcmp(k, "--mode") == 0)
		return parse_mode(v, &o->mode);
	if (strcmp(k, "--server-arg") == 0)
		return add_arg(o->server_args, &o->nserver_args, v);
	if (strcmp(k, "--comp-arg") == 0)
		return add_arg(o->comp_args, &o->ncomp_args, v);
	return false;
}

static bool parse_opts(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--nested") == 0) {
			o->nested = true;
			continue;
		}
		if (i + 1 >= argc || !parse_opt(o, argv[i], argv[i + 1]))
			return false;
		i++;
	}
	if (!o->name || !o->outdir || !o->client || (!o->scene && !o->random_seed))
		return false;
	if ((o->mode == MODE_DIFF || o->mode == MODE_STABLE) && (!o->shmcomp || !o->ctl))
		return false;
	return true;
}

static bool load_script(struct script *sc, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "diff-test: %s: %s\n", path, strerror(errno));
		return false;
	}
	while (getline(&line, &cap, f) >= 0) {
		char **n = realloc(sc->lines, (size_t)(sc->n + 1) * sizeof *n);
		if (!n)
			break;
		sc->lines = n;
		line[strcspn(line, "\n")] = '\0';
		sc->lines[sc->n++] = line;
		line = NULL;
		cap = 0;
	}
	free(line);
	fclose(f);
	return true;
}

static void free_script(struct script *sc)
{
	for (int i = 0; i < sc->n; i++)
		free(sc->lines[i]);
	free(sc->lines);
}

/* Storm scripts come from the scene client's generator; the seed may be overridden
 * from the environment to replay a failure. */
static bool generate_script(const struct opts *o, char *path, size_t len)
{
	const char *seed = getenv("SHMCOMP_STORM_SEED");
	char *argv[] = {(char *)o->client, "--random", (char *)(seed ? seed : o->random_seed),
	        "--ops", (char *)(o->ops ? o->ops : "2000"), "--sync-every",
	        (char *)(o->sync_every ? o->sync_every : "0"), "--size",
	        (char *)(o->size ? o->size : "800x600"), NULL};
	int fd, status;

	snprintf(path, len, "%s/%s.scene", o->outdir, o->name);
	printf("%s: storm seed %s (replay: SHMCOMP_STORM_SEED=%s), script %s\n", o->name, argv[2],
	        argv[2], path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return false;
	status = proc_run(argv, fd, 10000);
	close(fd);
	return status == 0;
}

static bool is_sync(const char *line)
{
	size_t skip = strspn(line, " \t");

	return strncmp(line + skip, "sync", 4) == 0 &&
	       (line[skip + 4] == '\0' || strchr(" \t#\r", line[skip + 4]));
}

static int start_server(struct run *r, struct xserver *xs)
{
	const char *binary = r->o->nested ? "Xephyr" : "Xvfb";
	int rc;

	if (r->o->nested)
		setenv("DISPLAY", r->outer.name, 1);
	rc = xserver_start(xs, binary, r->o->server_args);
	if (r->o->nested)
		unsetenv("DISPLAY");
	return rc;
}

static bool cm_owned(struct side *s, xcb_atom_t sel)
{
	xcb_get_selection_owner_reply_t *r =
	        xcb_get_selection_owner_reply(s->c, xcb_get_selection_owner(s->c, sel), NULL);
	bool owned = r && r->owner != XCB_NONE;

	free(r);
	return owned;
}

static bool start_compositor(struct run *r, struct side *s)
{
	char *argv[MAX_ARGS + 6];
	int n = 0;
	xcb_atom_t sel = x_atom(s->c, "_NET_WM_CM_S0");
	struct timespec tick = {0, 10000000L};

	argv[n++] = (char *)r->o->shmcomp;
	argv[n++] = "--display";
	argv[n++] = s->xs.name;
	argv[n++] = "--no-vsync";
	for (int i = 0; i < r->o->ncomp_args; i++)
		argv[n++] = (char *)r->o->comp_args[i];
	argv[n] = NULL;
	if (sel == XCB_NONE || !proc_spawn(&s->comp, argv, false, -1))
		return false;
	for (int waited = 0; waited < CM_TIMEOUT_MS; waited += 10) {
		if (cm_owned(s, sel))
			return true;
		if (!proc_alive(&s->comp)) {
			fprintf(stderr,
			        "diff-test: shmcomp exited with status %d before owning "
			        "_NET_WM_CM_S0\n",
			        s->comp.status);
			return false;
		}
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "diff-test: shmcomp did not own _NET_WM_CM_S0 within %d ms\n",
	        CM_TIMEOUT_MS);
	return false;
}

static bool start_client(struct run *r, struct side *s)
{
	char *argv[] = {(char *)r->o->client, "--display", s->xs.name, "-", NULL};

	return proc_spawn(&s->client, argv, true, -1);
}

/* 0, HARNESS_SKIP, or -1. */
static int start_side(struct run *r, struct side *s)
{
	int rc = start_server(r, &s->xs);

	if (rc != 0)
		return rc;
	s->c = xserver_connect(&s->xs, &s->screen);
	if (s->composited && !start_compositor(r, s))
		return -1;
	return start_client(r, s) ? 0 : -1;
}

static void stop_side(struct run *r, struct side *s)
{
	int status;

	if (s->client.to >= 0) {
		close(s->client.to); /* EOF: the client exits and its windows go */
		s->client.to = -1;
		status = proc_wait(&s->client, EXIT_TIMEOUT_MS);
		if (status != 0 && !r->broken) {
			printf("%s: FAIL scene client on %s: exit status %d\n", r->o->name,
			        s->label, status);
			r->failed++;
		}
	}
	proc_finish(&s->client);
	if (s->comp.pid > 0) {
		kill(s->comp.pid, SIGTERM);
		status = proc_wait(&s->comp, EXIT_TIMEOUT_MS);
		if (status != 0) {
			printf("%s: FAIL shmcomp on %s: exit status %d after SIGTERM (0 expected; "
			       "-1: still running)\n",
			        r->o->name, s->label, status);
			r->failed++;
		}
	}
	proc_finish(&s->comp);
	if (s->c)
		xcb_disconnect(s->c);
	s->c = NULL;
	xserver_stop(&s->xs);
}

static void print_lines(const struct run *r, int from, int to)
{
	for (int i = from; i < to; i++) {
		if (to - from > 16 && i == from + 6) {
			printf("      ... (%d lines)\n", to - from - 12);
			i = to - 7;
			continue;
		}
		printf("  %4d: %s\n", i + 1, r->sc.lines[i]);
	}
}

static void png_path(const struct run *r, char *buf, size_t len, int step, const char *what)
{
	snprintf(buf, len, "%s/%s-step%d-%s.png", r->o->outdir, r->o->name, step, what);
}

static bool write_pngs(const struct run *r, int step, const struct shot *a, const struct shot *b,
        const char *la, const char *lb)
{
	char pa[4096], pb[4096], pd[4096];
	bool ok;

	png_path(r, pa, sizeof pa, step, la);
	png_path(r, pb, sizeof pb, step, lb);
	png_path(r, pd, sizeof pd, step, "diff");
	ok = shot_write_png(a, pa) & shot_write_png(b, pb) & shot_write_diff_png(a, b, pd);
	printf("    wrote %s\n          %s\n          %s\n", pa, pb, pd);
	return ok;
}

static void report(struct run *r, const char *verdict, int from, int to, const struct shot_diff *d,
        const char *la, const char *lb)
{
	printf("%s: %s step %d (script line %d): %ld pixels differ", r->o->name, verdict, r->steps,
	        to, d->count);
	if (d->count > 0)
		printf(", first at (%d,%d): %s=0x%06x %s=0x%06x; box (%d,%d)-(%d,%d)", d->x, d->y,
		        la, d->a, lb, d->b, d->x0, d->y0, d->x1, d->y1);
	printf("\n    commands of this step (lines %d-%d):\n", from + 1, to);
	print_lines(r, from, to);
}

/* Runs `shmcomp-ctl --display D --timeout 8 CMD`; its own timeout fires before ours. */
static int run_ctl(struct run *r, struct side *s, const char *cmd)
{
	char *argv[] = {
	        (char *)r->o->ctl, "--display", s->xs.name, "--timeout", "8", (char *)cmd, NULL};

	return proc_run(argv, -1, CTL_TIMEOUT_MS);
}

static bool settle(struct run *r, struct side *s)
{
	int status;

	if (!s->composited)
		return true;
	status = run_ctl(r, s, "wait");
	if (status == 0)
		return true;
	if (proc_alive(&s->comp)) {
		printf("%s: shmcomp-ctl stats after the failed wait:\n", r->o->name);
		run_ctl(r, s, "stats");
	}
	printf("%s: FAIL step %d (script line %d): shmcomp-ctl wait on %s: status %d%s\n",
	        r->o->name, r->steps, r->step_line, s->label, status,
	        proc_alive(&s->comp) ? " (screenshot taken anyway)" : " (shmcomp is gone)");
	r->broken = !proc_alive(&s->comp);
	return false;
}

/* A failed wait is counted but the shot is still taken: whether the screen is
 * right tells a lost reply from a stalled compositor. */
static bool grab(struct run *r, struct side *s, struct shot *shot)
{
	if (!settle(r, s))
		r->failed++;
	if (r->broken || !shot_grab(s->c, s->screen, shot)) {
		r->failed++;
		return false;
	}
	return true;
}

static bool viewable(xcb_connection_t *c, xcb_window_t w)
{
	xcb_get_window_attributes_reply_t *a =
	        xcb_get_window_attributes_reply(c, xcb_get_window_attributes(c, w), NULL);
	bool v = a && a->map_state == XCB_MAP_STATE_VIEWABLE &&
	         a->_class == XCB_WINDOW_CLASS_INPUT_OUTPUT;

	free(a);
	return v;
}

/* NameWindowPixmap succeeds only on a redirected window. */
static bool redirected(xcb_connection_t *c, xcb_window_t w)
{
	xcb_pixmap_t pix = xcb_generate_id(c);
	xcb_generic_error_t *e =
	        xcb_request_check(c, xcb_composite_name_window_pixmap_checked(c, w, pix));

	if (e) {
		free(e);
		return false;
	}
	xcb_free_pixmap(c, pix);
	return true;
}

/* Guards against a vacuous pass: with two or more viewable top-levels on B (one
 * may be the overlay window), at least one must be redirected. */
static void check_redirection(struct run *r, struct side *s)
{
	xcb_query_tree_reply_t *t =
	        xcb_query_tree_reply(s->c, xcb_query_tree(s->c, s->screen->root), NULL);
	xcb_window_t *kids = t ? xcb_query_tree_children(t) : NULL;
	int nview = 0, nredir = 0;

	for (int i = 0; t && i < xcb_query_tree_children_length(t); i++)
		if (viewable(s->c, kids[i])) {
			nview++;
			nredir += redirected(s->c, kids[i]);
		}
	free(t);
	if (nredir > r->redirected)
		r->redirected = nredir;
	if (nview >= 2 && nredir == 0) {
		printf("%s: FAIL step %d (script line %d): none of the %d viewable top-levels on "
		       "%s "
		       "is redirected; the comparison would prove nothing\n",
		        r->o->name, r->steps, r->step_line, nview, s->label);
		r->failed++;
	}
}

static void compare_pair(struct run *r, int from, int to)
{
	struct shot a, b;
	struct shot_diff d;

	if (!grab(r, &r->side[0], &a))
		return;
	if (grab(r, &r->side[1], &b)) {
		if (r->side[1].composited)
			check_redirection(r, &r->side[1]);
		if (!shot_compare(&a, &b, &d)) {
			r->failed++;
			report(r, "FAIL", from, to, &d, "A", "B");
			if (d.count > 0 && r->pngs++ < MAX_PNG_STEPS)
				write_pngs(r, r->steps, &a, &b, "A", "B");
		}
		shot_free(&b);
	}
	shot_free(&a);
}

/* The composited screen must not change between two waits with nothing new. */
static void compare_stable(struct run *r, int from, int to)
{
	struct side *s = &r->side[0];
	struct shot a, b;
	struct shot_diff d;

	if (!grab(r, s, &a))
		return;
	if (grab(r, s, &b)) {
		if (!shot_compare(&a, &b, &d)) {
			r->failed++;
			report(r, "FAIL", from, to, &d, "first", "second");
			if (d.count > 0 && r->pngs++ < MAX_PNG_STEPS)
				write_pngs(r, r->steps, &a, &b, "first", "second");
		}
		shot_free(&b);
	}
	shot_free(&a);
}

static bool file_nonempty(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_size > 0;
}

/* After the last step, maps a 1x1 override-redirect window on B whose pixel differs
 * from A's in the lowest bit, then requires exactly that one pixel to be reported,
 * with PNGs written. */
static void negative_check(struct run *r, int from, int to)
{
	struct side *b = &r->side[1];
	struct shot sa, sb;
	struct shot_diff d;
	char path[4096];
	int x, y;

	if (!grab(r, &r->side[0], &sa))
		return;
	x = sa.w / 2 + 1;
	y = sa.h / 3 + 2;
	uint32_t v[2] = {sa.px[(size_t)y * (size_t)sa.w + (size_t)x] ^ 1, 1};
	xcb_window_t w = xcb_generate_id(b->c);
	xcb_create_window(b->c, XCB_COPY_FROM_PARENT, w, b->screen->root, (int16_t)x, (int16_t)y, 1,
	        1, 0, XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT,
	        XCB_CW_BACK_PIXEL | XCB_CW_OVERRIDE_REDIRECT, v);
	xcb_map_window(b->c, w);
	x_sync(b->c);
	if (grab(r, b, &sb)) {
		bool equal = shot_compare(&sa, &sb, &d);
		bool found = !equal && d.count == 1 && d.x == x && d.y == y;
		report(r, "expected difference:", from, to, &d, "A", "B");
		if (!equal)
			write_pngs(r, r->steps, &sa, &sb, "A", "B");
		png_path(r, path, sizeof path, r->steps, "diff");
		printf("%s: negative self-test: injected (%d,%d), %s\n", r->o->name, x, y,
		        found && file_nonempty(path) ? "found exactly it" : "NOT FOUND");
		if (!found || !file_nonempty(path))
			r->failed++;
		shot_free(&sb);
	}
	shot_free(&sa);
}

static bool feed(struct run *r, struct side *s, int from, int to)
{
	char line[256];
	int n = -1;

	for (int i = from; i < to; i++)
		if (!proc_write(&s->client, r->sc.lines[i], strlen(r->sc.lines[i])) ||
		        !proc_write(&s->client, "\n", 1))
			break;
	if (!proc_read_line(&s->client, line, sizeof line, READY_TIMEOUT_MS) ||
	        sscanf(line, "ready %d", &n) != 1 || n != to) {
		printf("%s: FAIL scene client on %s stopped at script lines %d-%d (status %d)\n",
		        r->o->name, s->label, from + 1, to, proc_wait(&s->client, 1000));
		r->broken = true;
		r->failed++;
		return false;
	}
	return true;
}

static void run_step(struct run *r, int from, int to)
{
	for (int i = 0; i < r->nsides; i++)
		if (!feed(r, &r->side[i], from, to))
			return;
	r->steps++;
	r->step_line = to;
	if (r->o->mode == MODE_STABLE)
		compare_stable(r, from, to);
	else
		compare_pair(r, from, to);
}

/* In negative mode every step must match, then the last one gets its pixel. */
static void run_script(struct run *r)
{
	int from = 0, last = 0;

	for (int i = 0; i < r->sc.n && !r->broken; i++) {
		if (!is_sync(r->sc.lines[i]))
			continue;
		run_step(r, from, i + 1);
		last = from;
		from = i + 1;
	}
	if (r->o->mode == MODE_NEGATIVE && !r->broken && r->steps)
		negative_check(r, last, from);
}

static int count_steps(const struct script *sc)
{
	int n = 0;

	for (int i = 0; i < sc->n; i++)
		n += is_sync(sc->lines[i]);
	return n;
}

static int start_all(struct run *r)
{
	const char *outer_args[] = {"-screen", "0", "1920x1200x24", NULL};
	int rc = 0;

	if (r->o->nested)
		rc = xserver_start(&r->outer, "Xvfb", outer_args);
	for (int i = 0; i < r->nsides && rc == 0; i++)
		rc = start_side(r, &r->side[i]);
	if (rc == 0)
		printf("%s: %d step(s) to run; A=%s%s B=%s%s%s\n", r->o->name, count_steps(&r->sc),
		        r->side[0].xs.name, r->side[0].composited ? " (shmcomp)" : "",
		        r->nsides > 1 ? r->side[1].xs.name : "-",
		        r->side[1].composited ? " (shmcomp)" : "",
		        r->o->nested ? " (Xephyr in Xvfb)" : "");
	return rc;
}

static void setup_sides(struct run *r)
{
	r->side[0] = (struct side){.label = "A"};
	r->side[1] = (struct side){.label = "B"};
	for (int i = 0; i < 2; i++) {
		r->side[i].xs.pid = -1;
		r->side[i].client.pid = r->side[i].comp.pid = -1;
		r->side[i].client.to = r->side[i].client.from = -1;
	}
	r->outer.pid = -1;
	r->nsides = r->o->mode == MODE_STABLE ? 1 : 2;
	if (r->o->mode == MODE_STABLE)
		r->side[0].composited = true;
	if (r->o->mode == MODE_DIFF)
		r->side[1].composited = true;
}

static int run_all(struct run *r)
{
	int rc = start_all(r);

	if (rc == 0)
		run_script(r);
	for (int i = r->nsides - 1; i >= 0; i--)
		stop_side(r, &r->side[i]);
	xserver_stop(&r->outer);
	if (rc == HARNESS_SKIP)
		return HARNESS_SKIP;
	if (rc != 0) {
		printf("%s: FAIL could not start the servers, shmcomp or the clients\n",
		        r->o->name);
		return 1;
	}
	printf("%s: %d step(s) compared, %d failure(s)", r->o->name, r->steps, r->failed);
	if (r->side[1].composited)
		printf("; up to %d top-level(s) seen redirected on B", r->redirected);
	printf("\n");
	return r->failed || r->steps == 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct opts o = {.mode = MODE_DIFF};
	struct run r = {.o = &o};
	char generated[4096];
	int rc;

	if (!parse_opts(argc, argv, &o))
		return usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (o.random_seed && !generate_script(&o, generated, sizeof generated))
		return 1;
	if (!load_script(&r.sc, o.random_seed ? generated : o.scene))
		return 1;
	setup_sides(&r);
	rc = run_all(&r);
	free_script(&r.sc);
	return rc;
}
