/* shmcomp: options and configuration, then the event loop — poll on the X
 * connection and a signalfd; SIGTERM/SIGINT end it cleanly, SIGHUP reloads
 * the configuration; a lost X connection ends it with an error. */
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
#include "compositor/keys.h"
#include "version.h"

static void config_warning(void *data, const char *file, int line, const char *msg)
{
	const struct comp *c = data;

	if (line > 0)
		comp_log(&c->log, LOG_WARN, "%s:%d: %s", file, line, msg);
	else
		comp_log(&c->log, LOG_WARN, "%s: %s", file, msg);
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
	comp_log(&((struct comp *)data)->log, LOG_WARN, "%s", msg);
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
		comp_log(&c->log, LOG_WARN, "out of memory: key bindings not changed");
		free(b);
		free(where);
		return;
	}
	for (size_t i = 0; i < cf->nbindings; i++) {
		snprintf(where[i], sizeof where[i], "%s:%d", cf->source, cf->bindings[i].line);
		b[i] = (struct keys_binding){cf->bindings[i].key, (int)cf->bindings[i].action,
			where[i]};
	}
	keys_set(c->keys, b, cf->nbindings, key_warning, c);
	free(where);
	free(b);
}

/* Puts the loaded configuration in force. */
void comp_apply_config(struct comp *c)
{
	c->screenshot_dir = c->config.screenshot_dir[0] ? c->config.screenshot_dir : NULL;
	comp_fx_config(c);
	apply_bindings(c);
	if (c->opt.no_animations || c->config.no_animations)
		comp_fx_finish_all(c);
}

void comp_reload(struct comp *c, char *err, size_t errlen, bool *ok)
{
	struct config next;

	*ok = load_config(c, &next, err, errlen);
	if (!*ok) {
		comp_log(&c->log, LOG_ERROR, "reload failed, keeping the running configuration: %s",
			err);
		config_free(&next);
		return;
	}
	config_free(&c->config);
	c->config = next;
	comp_log(&c->log, LOG_INFO, "configuration reloaded from %s",
		c->config.source[0] ? c->config.source : "(defaults)");
	comp_apply_config(c);
}

static int open_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void read_signals(struct comp *c)
{
	struct signalfd_siginfo si;
	char err[512];
	bool ok;

	while (read(c->signal_fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGHUP) {
			comp_reload(c, err, sizeof err, &ok);
		} else {
			comp_log(&c->log, LOG_INFO, "signal %u: exiting", si.ssi_signo);
			c->quit = true;
		}
	}
}

static bool handle_queued(struct comp *c, xcb_generic_event_t *(*next)(xcb_connection_t *))
{
	xcb_generic_event_t *ev;
	bool any = false;

	while ((ev = next(c->conn))) {
		comp_handle_event(c, ev);
		free(ev);
		any = true;
	}
	return any;
}

/* Handles every event already read or readable without blocking, until none
 * is left in either queue. xcb_poll_for_special_event reads the socket when
 * its own queue is empty (libxcb 1.15), which can leave ordinary events
 * queued where poll() on the fd would never see them: hence the last look
 * at the queue alone. */
static bool drain(struct comp *c)
{
	bool any = false;

	for (;;) {
		bool more = handle_queued(c, xcb_poll_for_event);
		xcb_generic_event_t *ev;
		while ((ev = xcb_poll_for_special_event(c->conn, c->present.queue))) {
			comp_handle_present_event(c, ev);
			free(ev);
			more = true;
		}
		more |= handle_queued(c, xcb_poll_for_queued_event);
		if (!more)
			return any;
		any = true;
	}
}

/* --exit-with: a pidfd that becomes readable when the process ends. */
static int watch_process(int pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* --ready-fd: one line once the selection is ours and a frame is on screen. */
static void announce_ready(struct comp *c)
{
	static const char line[] = "ready\n";

	if (c->opt.ready_fd < 0 || c->present.completed < 1)
		return;
	if (write(c->opt.ready_fd, line, sizeof line - 1) < 0)
		comp_log(&c->log, LOG_WARN, "--ready-fd %d: %s", c->opt.ready_fd, strerror(errno));
	close(c->opt.ready_fd);
	c->opt.ready_fd = -1;
}

static int poll_timeout(const struct comp *c)
{
	int t = -1;

	if (comp_fx_animating(c) && !c->clock_virtual)
		t = c->config.fade_delta > 0 ? c->config.fade_delta : 1;
	if (comp_ctl_settled_pending(c) && (t < 0 || t > 100))
		t = 100; /* windows found mapped may count as drawn with time */
	return t;
}

static int run(struct comp *c, int exit_fd)
{
	struct pollfd fds[3] = {
		{.fd = xcb_get_file_descriptor(c->conn), .events = POLLIN},
		{.fd = c->signal_fd, .events = POLLIN},
		{.fd = exit_fd, .events = POLLIN},
	};

	while (!c->quit) {
		drain(c);
		if (xcb_connection_has_error(c->conn)) {
			comp_log(&c->log, LOG_ERROR, "lost the connection to the X server");
			return 1;
		}
		if (c->quit)
			break;
		comp_fx_tick(c);
		comp_paint(c);
		xcb_flush(c->conn);
		if (drain(c))
			continue; /* a round trip queued events: handle them first */
		announce_ready(c);
		comp_ctl_check_settled(c);
		xcb_flush(c->conn);
		if (poll(fds, exit_fd >= 0 ? 3 : 2, poll_timeout(c)) < 0 && errno != EINTR) {
			comp_log(&c->log, LOG_ERROR, "poll: %s", strerror(errno));
			return 1;
		}
		if (fds[1].revents & POLLIN)
			read_signals(c);
		if (exit_fd >= 0 && fds[2].revents) {
			comp_log(&c->log, LOG_INFO, "process %d ended: exiting", c->opt.exit_with);
			c->quit = true;
		}
	}
	return 0;
}

static int start(struct comp *c)
{
	char err[1024];
	int exit_fd = -1, code = 1;

	if (!load_config(c, &c->config, err, sizeof err)) {
		comp_log(&c->log, LOG_ERROR, "%s", err);
		config_free(&c->config);
		return 1;
	}
	c->clock_virtual = c->opt.clock >= 0 ? c->opt.clock == 1
					     : c->config.clock == CONFIG_CLOCK_VIRTUAL;
	if (c->opt.exit_with > 0 && (exit_fd = watch_process(c->opt.exit_with)) < 0) {
		comp_log(&c->log, LOG_ERROR, "--exit-with %d: %s", c->opt.exit_with,
			strerror(errno));
		config_free(&c->config);
		return 1;
	}
	c->signal_fd = open_signals();
	if (c->signal_fd < 0) {
		comp_log(&c->log, LOG_ERROR, "signalfd: %s", strerror(errno));
	} else if (comp_setup(c, err, sizeof err)) {
		comp_apply_config(c);
		code = run(c, exit_fd);
	} else {
		comp_log(&c->log, LOG_ERROR, "%s", err);
	}
	comp_teardown(c);
	config_free(&c->config);
	if (c->signal_fd >= 0)
		close(c->signal_fd);
	if (exit_fd >= 0)
		close(exit_fd);
	return code;
}

int main(int argc, char **argv)
{
	struct comp c = {.signal_fd = -1};
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
