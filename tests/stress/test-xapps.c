/* stress suite: real X clients (xlogo, xeyes, xclock, xcalc from x11-apps)
 * started and stopped many times under shmcomp, several at once, with shaped
 * and translucent variants, huge and off-screen geometries, killed with
 * SIGTERM or SIGKILL after a random short life, while `wait` is asked now and
 * then. shmcomp must survive, stay healthy and end with no stale window.
 * Run as: test-xapps xapps SHMCOMP SHMCOMP_CTL OUTDIR [SEED [LAUNCHES]] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/stress/stress.h"

#define MAX_RUNNING 6

struct app {
	const char *path;
	const char *const *variants[4];
};

static const char *const logo0[] = {NULL};
static const char *const logo1[] = {"-shape", NULL};
static const char *const logo2[] = {"-render", "-geometry", "3000x3000-1000-1000", NULL};
static const char *const logo3[] = {"-geometry", "200x200+30000+30000", NULL};
static const char *const eyes0[] = {NULL};
static const char *const eyes1[] = {"-shape", "-geometry", "400x300+10+10", NULL};
static const char *const eyes2[] = {"-render", NULL};
static const char *const eyes3[] = {"-geometry", "1x1+0+0", NULL};
static const char *const clock0[] = {"-update", "1", NULL};
static const char *const clock1[] = {"-analog", "-render", "-update", "1", NULL};
static const char *const clock2[] = {"-digital", "-geometry", "600x100-30000+0", NULL};
static const char *const clock3[] = {"-geometry", "5000x40+0+0", "-update", "1", NULL};
static const char *const calc0[] = {NULL};
static const char *const calc1[] = {"-rpn", NULL};
static const char *const calc2[] = {"-geometry", "+500+400", NULL};
static const char *const calc3[] = {"-geometry", "2000x2000+0+0", NULL};

static const struct app apps[] = {
        {"/usr/bin/xlogo", {logo0, logo1, logo2, logo3}},
        {"/usr/bin/xeyes", {eyes0, eyes1, eyes2, eyes3}},
        {"/usr/bin/xclock", {clock0, clock1, clock2, clock3}},
        {"/usr/bin/xcalc", {calc0, calc1, calc2, calc3}},
};

#define NAPPS (sizeof apps / sizeof apps[0])

struct running {
	pid_t pid;
	double until;
	bool kill9;
};

static pid_t launch(
        struct stress *st, const struct app *a, const char *const *args, const char *log)
{
	const char *argv[16];
	size_t n = 0;

	argv[n++] = a->path;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return spawn(argv, st->xs.name, log);
}

static void reap(struct running *r, bool force)
{
	if (r->pid <= 0)
		return;
	kill(r->pid, force || r->kill9 ? SIGKILL : SIGTERM);
	if (wait_exit(r->pid, 3000) == -1) {
		kill(r->pid, SIGKILL);
		wait_exit(r->pid, 2000);
	}
	r->pid = -1;
}

/* Arguments after OUTDIR: SEED LAUNCHES. */
TEST(xapps)
{
	struct stress st;
	struct stress_rng rng;
	struct stress_stats base, now;
	struct running run[MAX_RUNNING];
	long launches, done = 0, per_app[NAPPS] = {0};
	char log[700];
	int avail = 0, r;

	stress_init(&st, tc);
	rng.state = strtoull(stress_arg(tc, 0, "99"), NULL, 0);
	launches = strtol(stress_arg(tc, 1, "120"), NULL, 0);
	for (size_t i = 0; i < NAPPS; i++)
		avail += access(apps[i].path, X_OK) == 0;
	if (!avail) {
		fprintf(stderr, "%s: none of xlogo, xeyes, xclock, xcalc is installed\n", st.name);
		return HARNESS_SKIP;
	}
	r = stress_start(&st, NULL, NULL, NULL, 10000);
	if (r)
		return r == HARNESS_SKIP ? r : 1;
	CHECK(stress_stats(&st, &base));
	snprintf(log, sizeof log, "%s/stress-%s-apps.log", st.outdir, st.name);
	for (int i = 0; i < MAX_RUNNING; i++)
		run[i].pid = -1;
	double t0 = monotonic_ms();
	while (stress_comp_alive(&st)) {
		bool any = false;
		for (int i = 0; i < MAX_RUNNING; i++) {
			struct running *ru = &run[i];
			if (ru->pid > 0 && monotonic_ms() >= ru->until)
				reap(ru, false);
			if (ru->pid <= 0 && done < launches) {
				size_t k = (size_t)stress_rng_range(&rng, 0, (int)NAPPS - 1);
				if (access(apps[k].path, X_OK) != 0)
					continue;
				const char *const *args =
				        apps[k].variants[stress_rng_range(&rng, 0, 3)];
				ru->pid = launch(&st, &apps[k], args, log);
				ru->until = monotonic_ms() + stress_rng_range(&rng, 30, 600);
				ru->kill9 = stress_rng_range(&rng, 0, 3) == 0;
				per_app[k]++;
				done++;
			}
			any |= ru->pid > 0;
		}
		if (!any && done >= launches)
			break;
		if (stress_rng_range(&rng, 0, 9) == 0 && stress_ctl(&st, "wait", NULL) != 0)
			stress_fail(&st, "shmcomp-ctl wait failed with %ld clients launched", done);
		sleep_ms(20);
	}
	for (int i = 0; i < MAX_RUNNING; i++)
		reap(&run[i], true);
	fprintf(stderr,
	        "%s: %ld launches (xlogo %ld, xeyes %ld, xclock %ld, xcalc %ld) in %.0f ms\n",
	        st.name, done, per_app[0], per_app[1], per_app[2], per_app[3], monotonic_ms() - t0);
	if (stress_health(&st, "after the X clients") && stress_stats(&st, &now) &&
	        now.windows != base.windows)
		stress_fail(&st, "shmcomp tracks %lld windows, %lld at the start", now.windows,
		        base.windows);
	return stress_finish(&st);
}
