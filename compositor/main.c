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
#include <unistd.h>

#include "compositor/comp.h"
#include "version.h"

static bool load_config(struct comp *c, struct config *out, char *err, size_t errlen)
{
	char path[CONFIG_PATH_MAX];

	config_defaults(out);
	if (!config_find(c->opt.config_path, path, sizeof path))
		return true; /* no file: plain composition */
	return config_load(path, out, err, errlen);
}

void comp_reload(struct comp *c, char *err, size_t errlen, bool *ok)
{
	struct config next;

	*ok = load_config(c, &next, err, errlen);
	if (!*ok) {
		comp_log(&c->log, LOG_ERROR, "reload failed, keeping the running configuration: %s",
			err);
		return;
	}
	c->config = next;
	comp_log(&c->log, LOG_INFO, "configuration reloaded from %s",
		next.source[0] ? next.source : "(defaults)");
	comp_damage_all(c);
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

static int run(struct comp *c)
{
	struct pollfd fds[2] = {
		{.fd = xcb_get_file_descriptor(c->conn), .events = POLLIN},
		{.fd = c->signal_fd, .events = POLLIN},
	};

	while (!c->quit) {
		drain(c);
		if (xcb_connection_has_error(c->conn)) {
			comp_log(&c->log, LOG_ERROR, "lost the connection to the X server");
			return 1;
		}
		if (c->quit)
			break;
		comp_paint(c);
		xcb_flush(c->conn);
		if (drain(c))
			continue; /* a round trip queued events: handle them first */
		if (poll(fds, 2, -1) < 0 && errno != EINTR) {
			comp_log(&c->log, LOG_ERROR, "poll: %s", strerror(errno));
			return 1;
		}
		if (fds[1].revents & POLLIN)
			read_signals(c);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct comp c = {.signal_fd = -1};
	char err[1024];
	int code = 1;

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
	c.log.level = c.opt.log_level;
	if (!load_config(&c, &c.config, err, sizeof err)) {
		comp_log(&c.log, LOG_ERROR, "%s", err);
		return 1;
	}
	c.signal_fd = open_signals();
	if (c.signal_fd < 0) {
		comp_log(&c.log, LOG_ERROR, "signalfd: %s", strerror(errno));
		return 1;
	}
	if (comp_setup(&c, err, sizeof err))
		code = run(&c);
	else
		comp_log(&c.log, LOG_ERROR, "%s", err);
	comp_teardown(&c);
	close(c.signal_fd);
	return code;
}
