/* Actions of key bindings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compositor/comp.h"
#include "compositor/files.h"

/* Where screenshots go when the config names no directory. */
static const char *default_dir(void)
{
	const char *d = getenv("XDG_PICTURES_DIR");

	if (d && *d)
		return d;
	d = getenv("HOME");
	return d && *d ? d : ".";
}

/* What the screen shows now: the overlay's pixels (frames presented from a
 * window's own pixmap included), copied into shared memory. */
static struct shm_buffer *capture(struct comp *c, char *err, size_t errlen)
{
	uint32_t w = c->damage.width, h = c->damage.height;
	struct shm_buffer *b = shm_buffer_acquire(c->shm, w, h, c->dpy.screen->root_depth);
	pixman_box32_t all = {0, 0, (int32_t)w, (int32_t)h};

	if (b && shm_buffer_fetch(c->shm, b, c->cm.overlay, 0, 0, &all, 1) && shm_ctx_sync(c->shm))
		return b;
	snprintf(err, errlen, "cannot read the screen: %s", shm_ctx_error(c->shm));
	shm_buffer_release(c->shm, b);
	return NULL;
}

bool actions_screenshot(
        struct comp *c, const char *dir, char *path, size_t pathlen, char *err, size_t errlen)
{
	char stem[48];
	time_t now = time(NULL);
	struct tm tm;
	struct shm_buffer *shot;
	FILE *f;
	int fd;
	bool ok;

	if (c->present.completed == 0) {
		snprintf(err, errlen, "no frame has been shown yet");
		return false;
	}
	if (!dir || !*dir)
		dir = default_dir();
	localtime_r(&now, &tm);
	strftime(stem, sizeof stem, "shmcomp-%Y%m%d-%H%M%S", &tm);
	if (!(shot = capture(c, err, errlen)))
		return false;
	fd = files_create_unique(dir, stem, ".png", c->file_mode, path, pathlen, err, errlen);
	f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (fd >= 0 && !f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
	}
	ok = f && render_png_write_stream(shm_buffer_image(shot), f, path, false, err, errlen);
	if (f && fclose(f) != 0 && ok) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ok = false;
	}
	if (fd >= 0 && !ok)
		unlink(path); /* ours: created by us with O_EXCL */
	shm_buffer_release(c->shm, shot);
	return ok;
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
