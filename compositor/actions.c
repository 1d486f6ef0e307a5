/* Actions of key bindings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "compositor/comp.h"

/* Where screenshots go when the config names no directory. */
static const char *default_dir(void)
{
	const char *d = getenv("XDG_PICTURES_DIR");

	if (d && *d)
		return d;
	d = getenv("HOME");
	return d && *d ? d : ".";
}

bool actions_screenshot(struct comp *c, const char *dir, char *path, size_t pathlen, char *err,
	size_t errlen)
{
	struct present_back *b = c->present.last;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	struct stat st;

	if (!b || !b->buf) {
		snprintf(err, errlen, "no frame has been shown yet");
		return false;
	}
	if (!dir || !*dir)
		dir = default_dir();
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "screenshot directory %s: %s", dir,
			errno ? strerror(errno) : "not a directory");
		return false;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (unsigned n = 0; n < 1000; n++) {
		snprintf(path, pathlen, "%s/shmcomp-%s-%03u.png", dir, stamp, n);
		if (stat(path, &st) != 0)
			break;
	}
	return render_png_write(shm_buffer_image(b->buf), path, false, err, errlen);
}

void actions_run(struct comp *c, enum config_action action)
{
	char path[4096], err[512];

	switch (action) {
	case CONFIG_ACTION_SCREENSHOT:
		if (actions_screenshot(c, c->screenshot_dir, path, sizeof path, err, sizeof err))
			comp_log(&c->log, COMP_LOG_INFO, "screenshot written to %s", path);
		else
			comp_log(&c->log, COMP_LOG_WARN, "screenshot failed: %s", err);
		break;
	case CONFIG_ACTION_RELOAD:
		c->reload(c, err, sizeof err);
		break;
	case CONFIG_ACTION_TOGGLE_EFFECTS:
		c->effects.off = !c->effects.off;
		comp_log(&c->log, COMP_LOG_INFO, "effects %s", c->effects.off ? "off" : "on");
		effects_configure(&c->effects);
		break;
	case CONFIG_ACTION_QUIT:
		comp_log(&c->log, COMP_LOG_INFO, "quit binding pressed");
		c->quit = true;
		break;
	}
}
