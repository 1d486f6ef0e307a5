/* shmcomp: options and configuration, then the event loop — poll on the X
 * connection and a signalfd; SIGTERM/SIGINT end it cleanly, SIGHUP reloads
 * the configuration; a lost X connection ends it with an error. Here the
 * parts are wired: frame completion to the control protocol, key bindings to
 * actions, reload to the configuration. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compositor/comp.h"
#include "compositor/dispatch.h"
#include "compositor/files.h"
#include "compositor/keys.h"
#include "version.h"

/* The loop's own resources. */
struct loop {
	int signal_fd;
	int exit_fd; /* --exit-with: readable when the process ends */
};

/* The files the configuration names: log-file, write-pid-path (the one written, to be
 * removed on the way out). */
struct files {
	char log[CONFIG_PATH_MAX];
	char pid[CONFIG_PATH_MAX];
};

static void config_warning(void *data, const char *file, int line, const char *msg)
{
	const struct comp *c = data;

	if (line > 0)
		comp_log(&c->log, COMP_LOG_WARN, "%s:%d: %s", file, line, msg);
	else
		comp_log(&c->log, COMP_LOG_WARN, "%s: %s", file, msg);
}

/* Loads the configuration into `out` (fresh defaults when there is no file). */
static bool load_config(struct comp *c, struct config *out, char *err, size_t errlen)
{
	char path[CONFIG_PATH_MAX];

	config_defaults(out);
	if (!config_find(c->opt.config_path, path, sizeof path))
		return true; /* no file: plain composition */
	return config_load(path, out, config_warning, c, err, errlen);
}

static void key_warning(void *data, const char *msg)
{
	comp_log(&((struct comp *)data)->log, COMP_LOG_WARN, "%s", msg);
}

static void apply_bindings(struct comp *c)
{
	const struct config *cf = &c->config;
	struct keys_binding *b;
	char(*where)[CONFIG_PATH_MAX + 16];

	if (!c->keys)
		return;
	b = calloc(cf->nbindings + 1, sizeof *b);
	where = calloc(cf->nbindings + 1, sizeof *where);
	if (!b || !where) {
		comp_log(&c->log, COMP_LOG_WARN, "out of memory: key bindings not changed");
		free(b);
		free(where);
		return;
	}
	for (size_t i = 0; i < cf->nbindings; i++) {
		snprintf(where[i], sizeof where[i], "%s:%d", cf->source, cf->bindings[i].line);
		b[i] = (struct keys_binding){
		        cf->bindings[i].key, (int)cf->bindings[i].action, where[i]};
	}
	keys_set(c->keys, b, cf->nbindings, key_warning, c);
	free(where);
	free(b);
}

/* log-level and vsync from the file unless the command line gave them. */
static void apply_switches(struct comp *c)
{
	static const enum comp_log_level levels[] = {
	        COMP_LOG_ERROR, COMP_LOG_WARN, COMP_LOG_INFO, COMP_LOG_DEBUG, COMP_LOG_DEBUG};

	if (!c->opt.log_level_set)
		c->log.level = levels[c->config.log_level];
	if (!c->opt.vsync_set) {
		c->opt.vsync = c->config.vsync;
		c->present.vsync = c->config.vsync;
	}
}

/* log-file: appended to, never through a symlink; a new name on reload moves the log. */
static void open_log(struct comp *c, struct files *f)
{
	const char *path = c->config.log_file;
	char err[512];
	int fd;
	FILE *file;

	if (strcmp(path, f->log) == 0)
		return;
	if (c->log.file)
		fclose(c->log.file);
	c->log.file = NULL;
	snprintf(f->log, sizeof f->log, "%s", path); /* tried once, not again until it changes */
	if (!path[0])
		return;
	if ((fd = files_open_append(path, 0600, err, sizeof err)) < 0 ||
	        !(file = fdopen(fd, "a"))) {
		if (fd >= 0)
			close(fd);
		comp_log(&c->log, COMP_LOG_WARN, "log-file: %s", fd < 0 ? err : strerror(errno));
		return;
	}
	c->log.file = file;
}

static void remove_pid_file(struct files *f)
{
	if (f->pid[0])
		unlink(f->pid);
	f->pid[0] = '\0';
}

/* write-pid-path: our pid, replacing what is there (never through a symlink); removed
 * on the way out, moved when a reload names another path. */
static void write_pid(struct comp *c, struct files *f)
{
	const char *path = c->config.write_pid_path;
	char err[512], line[32];
	int fd, n;

	if (strcmp(path, f->pid) == 0)
		return;
	remove_pid_file(f);
	if (!path[0])
		return;
	if ((fd = files_open_replace(path, 0644, err, sizeof err)) < 0) {
		comp_log(&c->log, COMP_LOG_WARN, "write-pid-path: %s", err);
		return;
	}
	n = snprintf(line, sizeof line, "%d\n", (int)getpid());
	if (write(fd, line, (size_t)n) != n)
		comp_log(&c->log, COMP_LOG_WARN, "write-pid-path: %s: %s", path, strerror(errno));
	else
		snprintf(f->pid, sizeof f->pid, "%s", path);
	close(fd);
}

static void apply_files(struct comp *c)
{
	apply_switches(c);
	open_log(c, c->files);
	write_pid(c, c->files);
}

/* Puts the loaded configuration in force. */
static void apply_config(struct comp *c)
{
	c->screenshot_dir = c->config.screenshot_dir[0] ? c->config.screenshot_dir : NULL;
	c->file_mode = 0600;
	apply_files(c);
	effects_configure(&c->effects);
	apply_bindings(c);
}

static bool reload(struct comp *c, char *err, size_t errlen)
{
	struct config next;

	if (!load_config(c, &next, err, errlen)) {
		comp_log(&c->log, COMP_LOG_ERROR,
		        "reload failed, keeping the running configuration: %s", err);
		config_free(&next);
		return false;
	}
	config_free(&c->config);
	c->config = next;
	comp_log(&c->log, COMP_LOG_INFO, "configuration reloaded from %s",
	        c->config.source[0] ? c->config.source : "(defaults)");
	apply_config(c);
	return true;
}

static void frame_completed(void *data)
{
	control_frame_completed(data);
}

static bool make_room(void *data)
{
	return windows_evict_one(&((struct comp *)data)->windows);
}

static int open_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void read_signals(struct comp *c, int fd)
{
	struct signalfd_siginfo si;
	char err[512];

	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGHUP) {
			reload(c, err, sizeof err);
		} else if (si.ssi_signo == SIGUSR1) {
			if (!recording_dump(c, err, sizeof err))
				comp_log(&c->log, COMP_LOG_WARN, "SIGUSR1: %s", err);
		} else {
			comp_log(&c->log, COMP_LOG_INFO, "signal %u: exiting", si.ssi_signo);
			c->quit = true;
		}
	}
}

/* --ready-fd: one line once the selection is ours and a frame is on screen. */
static void announce_ready(struct comp *c)
{
	static const char line[] = "ready\n";

	if (c->opt.ready_fd < 0 || c->present.completed < 1)
		return;
	if (write(c->opt.ready_fd, line, sizeof line - 1) < 0)
		comp_log(&c->log, COMP_LOG_WARN, "--ready-fd %d: %s", c->opt.ready_fd,
		        strerror(errno));
	close(c->opt.ready_fd);
	c->opt.ready_fd = -1;
}

static int poll_timeout(const struct comp *c)
{
	int t = -1;

	if (!c->clock.is_virtual)
		t = effects_wait_ms(&c->effects);
	if (control_settled_pending(&c->control)) {
		/* a quiet period running out; windows found mapped count as drawn with time */
		int q = c->control.retry_ms ? (int)c->control.retry_ms : 100;
		q = q < 100 ? q : 100;
		if (t < 0 || t > q)
			t = q;
	}
	if (c->paint.idle_ms >= 0 && (t < 0 || t > c->paint.idle_ms))
		t = c->paint.idle_ms;
	return t;
}

/* Present's connection is watched only while its news is awaited: a present is
 * out and a frame waits for a buffer (damage pending), a control client for a
 * frame, --ready-fd for the first one, or --vsync's pacing for the last. */
static int news_fd(const struct comp *c)
{
	if (!present_out(&c->present))
		return -1;
	if (c->present.vsync || damage_pending(&c->damage) || control_waits(&c->control) ||
	        c->opt.ready_fd >= 0)
		return present_fd(&c->present);
	return -1;
}

static void frame(struct comp *c)
{
	present_read(&c->present);   /* which buffers are idle, which frames shown */
	windows_relook(&c->windows); /* shapes read during the last frame */
	effects_tick(&c->effects);
	/* Waits queued while something was pending (e.g. a window that was
	 * destroyed since) are answered by the last frame. */
	if (paint_frame(c) == PAINT_NOTHING)
		control_nothing_to_present(c);
	c->paint.idle_ms = paint_release_idle(c);
	xcb_flush(c->dpy.conn);
}

static int run(struct comp *c, const struct loop *l)
{
	struct pollfd fds[5] = {
	        {.fd = xcb_get_file_descriptor(c->dpy.conn), .events = POLLIN},
	        {.fd = l->signal_fd, .events = POLLIN}, {.fd = l->exit_fd, .events = POLLIN},
	        {.fd = -1, .events = POLLIN}, /* the recorder's news */
	        {.fd = -1, .events = POLLIN}, /* Present's */
	};

	while (!c->quit) {
		dispatch_drain(c, true);
		if (xcb_connection_has_error(c->dpy.conn) || present_lost(&c->present)) {
			comp_log(&c->log, COMP_LOG_ERROR, "lost the connection to the X server");
			return 1;
		}
		if (c->quit)
			break;
		frame(c);
		if (dispatch_drain(c, true) || c->windows.reshaped)
			continue; /* events came (a round trip queued them, or the socket had
			           * them: read it, see dispatch_drain), or shapes: handle them.
			           * Damage the frame shows already (a window redrawn while its
			           * move's frame was made) needs none: its DamageSubtract waits
			           * for the next frame. */
		announce_ready(c);
		control_check_settled(c);
		xcb_flush(c->dpy.conn);
		fds[3].fd = recording_fd(c);
		fds[4].fd = news_fd(c);
		if (poll(fds, 5, poll_timeout(c)) < 0 && errno != EINTR) {
			comp_log(&c->log, COMP_LOG_ERROR, "poll: %s", strerror(errno));
			return 1;
		}
		if (fds[1].revents & POLLIN)
			read_signals(c, l->signal_fd);
		if (fds[3].fd >= 0 && fds[3].revents)
			recording_events(c);
		if (l->exit_fd >= 0 && fds[2].revents) {
			comp_log(&c->log, COMP_LOG_INFO, "process %d ended: exiting",
			        c->opt.exit_with);
			c->quit = true;
		}
	}
	return 0;
}

static bool open_loop(struct comp *c, struct loop *l)
{
	if (c->opt.exit_with > 0 &&
	        (l->exit_fd = (int)syscall(SYS_pidfd_open, c->opt.exit_with, 0)) < 0) {
		comp_log(&c->log, COMP_LOG_ERROR, "--exit-with %d: %s", c->opt.exit_with,
		        strerror(errno));
		return false;
	}
	if ((l->signal_fd = open_signals()) < 0) {
		comp_log(&c->log, COMP_LOG_ERROR, "signalfd: %s", strerror(errno));
		return false;
	}
	return true;
}

static void close_loop(struct loop *l)
{
	if (l->signal_fd >= 0)
		close(l->signal_fd);
	if (l->exit_fd >= 0)
		close(l->exit_fd);
}

static int start(struct comp *c)
{
	struct loop l = {.signal_fd = -1, .exit_fd = -1};
	struct files files = {.log = "", .pid = ""};
	char err[1024] = "";
	int code = 1;

	if (!load_config(c, &c->config, err, sizeof err)) {
		comp_log(&c->log, COMP_LOG_ERROR, "%s", err);
		config_free(&c->config);
		return 1;
	}
	c->files = &files;
	apply_files(c); /* before setup: vsync, the log */
	c->clock.is_virtual =
	        c->opt.clock >= 0 ? c->opt.clock == 1 : c->config.clock == CONFIG_CLOCK_VIRTUAL;
	c->reload = reload;
	c->action = actions_run;
	c->present.data = c;
	c->present.frame_completed = frame_completed;
	c->present.make_room = make_room;
	if (open_loop(c, &l)) {
		if (comp_setup(c, err, sizeof err) && recording_start_cmdline(c, err, sizeof err)) {
			apply_config(c);
			code = run(c, &l);
		} else {
			comp_log(&c->log, COMP_LOG_ERROR, "%s", err);
		}
	}
	comp_teardown(c);
	config_free(&c->config);
	close_loop(&l);
	remove_pid_file(&files);
	if (c->log.file)
		fclose(c->log.file);
	c->log.file = NULL;
	c->files = NULL;
	return code;
}

int main(int argc, char **argv)
{
	struct comp c = {0};
	char err[1024];

	if (!comp_options_parse(argc, argv, &c.opt, err, sizeof err)) {
		fprintf(stderr, "shmcomp: %s\n", err);
		comp_options_usage(stderr);
		return 2;
	}
	if (c.opt.show_help) {
		comp_options_usage(stdout);
		return 0;
	}
	if (c.opt.show_version) {
		printf("shmcomp %s\n", SHMCOMP_VERSION);
		return 0;
	}
	if (c.opt.check_config)
		return config_check(c.opt.check_config, stdout, stderr);
	c.log.level = c.opt.log_level;
	return start(&c);
}
