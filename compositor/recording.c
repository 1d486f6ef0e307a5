/* Recording: the recorder fed from the frames shmcomp shows. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "compositor/comp.h"
#include "compositor/recording.h"

/* Times on shmcomp's clock: the virtual one as it is; the real one from the
 * start of the recording, so that the video starts at 0. */
static uint64_t now_ms(const struct comp *c)
{
	return c->clock.is_virtual ? c->clock.virtual_ms : clock_real_ms() - c->recording.origin_ms;
}

/* VP9 in WebM for a name ending in .webm (any case); FFV1 in Matroska otherwise. */
static enum recorder_format format_of(const char *name)
{
	size_t n = strlen(name);

	return n >= 5 && strcasecmp(name + n - 5, ".webm") == 0 ? RECORDER_VP9_WEBM
	                                                        : RECORDER_FFV1_MKV;
}

static bool start(struct comp *c, const struct recorder_output *out, uint32_t fps_cap,
        uint32_t last_seconds, char *err, size_t errlen)
{
	struct recording *r = &c->recording;
	uint32_t w = r->has_geometry ? r->gw : c->damage.width;
	uint32_t h = r->has_geometry ? r->gh : c->damage.height;
	struct recorder_options o = {
	        .output = *out,
	        .format = format_of(r->name),
	        .width = w,
	        .height = h,
	        .fps_cap = fps_cap,
	        .last_seconds = last_seconds,
	        .memory_mib = c->opt.record_memory,
	};

	if (r->rec) {
		snprintf(err, errlen, "already recording to %s", r->name);
		return false;
	}
	r->ring = last_seconds > 0;
	r->origin_ms = clock_real_ms();
	r->rec = recorder_create(&o, err, errlen);
	if (!r->rec)
		return false;
	damage_add_all(&c->damage); /* the first frame: the whole screen, composited */
	comp_log(&c->log, COMP_LOG_INFO, "recording %s%s", r->name,
	        r->ring ? " (the last seconds, in memory)" : "");
	return true;
}

bool recording_start_cmdline(struct comp *c, char *err, size_t errlen)
{
	struct recorder_output out = {.fd = -1, .path = c->opt.record};

	if (!c->opt.record)
		return true;
	snprintf(c->recording.name, sizeof c->recording.name, "%s", c->opt.record);
	if (c->opt.record_last > 0) /* the file is written by a dump, when one is asked for */
		out.path = NULL;
	return start(c, &out, 0, c->opt.record_last, err, errlen);
}

/* WxH+X+Y within the screen. */
static bool parse_geometry(struct comp *c, const char *v, char *err, size_t errlen)
{
	struct recording *r = &c->recording;
	unsigned w, h;
	int x, y, n = 0;

	if (sscanf(v, "%ux%u%d%d%n", &w, &h, &x, &y, &n) != 4 || v[n] || !w || !h || x < 0 ||
	        y < 0 || (uint64_t)x + w > c->damage.width || (uint64_t)y + h > c->damage.height) {
		snprintf(err, errlen, "geometry=%s: want WxH+X+Y within the %ux%u screen", v,
		        c->damage.width, c->damage.height);
		return false;
	}
	r->has_geometry = true;
	r->gx = x;
	r->gy = y;
	r->gw = w;
	r->gh = h;
	return true;
}

/* A plain file name: no directory part, not "." or "..". */
static bool plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static bool parse_request(
        struct comp *c, char *text, char **name, uint32_t *fps, char *err, size_t errlen)
{
	char *save = NULL;

	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(line, '=');
		if (!v) {
			snprintf(err, errlen, "'%s' is not key=value", line);
			return false;
		}
		*v++ = '\0';
		if (strcmp(line, "name") == 0) {
			*name = v;
		} else if (strcmp(line, "fps-cap") == 0) {
			char *end;
			unsigned long f = strtoul(v, &end, 10);
			if (!*v || *end || f > 1000) {
				snprintf(err, errlen, "fps-cap=%s: want 0 to 1000", v);
				return false;
			}
			*fps = (uint32_t)f;
		} else if (strcmp(line, "geometry") == 0) {
			if (!parse_geometry(c, v, err, errlen))
				return false;
		} else {
			snprintf(err, errlen, "unknown option '%s'", line);
			return false;
		}
	}
	if (!*name || !plain_name(*name)) {
		snprintf(err, errlen, "name=%s: want a file name (no directory part)",
		        *name ? *name : "");
		return false;
	}
	return true;
}

bool recording_start_request(struct comp *c, const char *text, char *err, size_t errlen)
{
	char *copy = strdup(text ? text : ""), *name = NULL;
	uint32_t fps = 0;
	bool ok = false;
	int dir = -1, fd = -1;

	c->recording.has_geometry = false;
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	if (!c->opt.record_dir) {
		snprintf(err, errlen,
		        "shmcomp was started without --record-dir: it records only "
		        "into the directory its own command line names");
	} else if (c->recording.rec) {
		snprintf(err, errlen, "already recording to %s", c->recording.name);
	} else if (parse_request(c, copy, &name, &fps, err, errlen)) {
		dir = open(c->opt.record_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		fd = dir < 0 ? -1
		             : openat(dir, name,
		                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		                       (mode_t)c->file_mode);
		if (fd < 0) {
			snprintf(err, errlen, "%s/%s: %s", c->opt.record_dir, name,
			        errno == EEXIST ? "exists (or is a symbolic link): not replaced"
			                        : strerror(errno));
		} else {
			struct recorder_output out = {.fd = fd};
			snprintf(c->recording.name, sizeof c->recording.name, "%s/%s",
			        c->opt.record_dir, name);
			ok = start(c, &out, fps, 0, err, errlen);
			if (!ok)
				unlinkat(dir, name, 0); /* ours: created just now with O_EXCL */
		}
	}
	if (fd >= 0)
		close(fd); /* the recorder keeps its own copy */
	if (dir >= 0)
		close(dir);
	free(copy);
	return ok;
}

/* The stats lines; `active` says whether a recording runs (not when stop reports its end). */
static void format_stats(struct comp *c, bool active, char *text, size_t len)
{
	struct recorder_stats s = {0};

	if (c->recording.rec)
		recorder_stats(c->recording.rec, &s);
	snprintf(text, len,
	        "recording=%d\nrecord_frames=%llu\nrecord_recorded=%llu\nrecord_merged=%llu\n"
	        "record_dropped=%llu\nrecord_bytes=%llu\nrecord_encoder_cpu_ms=%llu\n"
	        "record_thread_cpu_ms=%llu\n",
	        active, (unsigned long long)s.frames, (unsigned long long)s.recorded,
	        (unsigned long long)s.merged, (unsigned long long)s.dropped,
	        (unsigned long long)s.bytes_written, (unsigned long long)s.encoder_cpu_ms,
	        (unsigned long long)s.thread_cpu_ms);
}

void recording_stats(struct comp *c, char *text, size_t len)
{
	format_stats(c, c->recording.rec != NULL, text, len);
}

bool recording_stop(struct comp *c, char *text, size_t textlen)
{
	struct recording *r = &c->recording;
	char err[300];
	bool ok;

	if (!r->rec) {
		snprintf(text, textlen, "not recording");
		return false;
	}
	ok = recorder_finish(r->rec, now_ms(c), 0, err, sizeof err);
	recording_events(c); /* a dump's end, posted while finishing, is said too */
	if (!ok)
		snprintf(text, textlen, "%s: %s", r->name, err);
	else
		format_stats(c, false, text, textlen); /* the totals: the file is complete */
	recorder_destroy(r->rec);
	r->rec = NULL;
	comp_log(&c->log, ok ? COMP_LOG_INFO : COMP_LOG_WARN, "recording %s ended%s%s", r->name,
	        ok ? "" : ": ", ok ? "" : err);
	return ok;
}

bool recording_dump(struct comp *c, char *err, size_t errlen)
{
	struct recording *r = &c->recording;
	struct recorder_output out = {.fd = -1, .path = c->opt.record};

	if (!r->rec || !r->ring || !c->opt.record) {
		snprintf(err, errlen,
		        "no recording of the last seconds (start shmcomp with "
		        "--record FILE --record-last SEC)");
		return false;
	}
	return recorder_dump(r->rec, &out, now_ms(c), err, errlen);
}

/* The frame as x8r8g8b8 pixels (a depth-16 screen's converted), its rectangle. */
static const uint32_t *pixels_of(struct comp *c, pixman_image_t *img, size_t *stride)
{
	struct recording *r = &c->recording;
	pixman_format_code_t f = pixman_image_get_format(img);
	int w = pixman_image_get_width(img), h = pixman_image_get_height(img);

	if (PIXMAN_FORMAT_BPP(f) == 32) {
		*stride = (size_t)pixman_image_get_stride(img);
		return pixman_image_get_data(img);
	}
	size_t need = (size_t)w * (size_t)h * 4;
	if (need > r->scratch_size) {
		free(r->scratch);
		r->scratch_size = 0;
		if (!(r->scratch = malloc(need)))
			return NULL;
		r->scratch_size = need;
	}
	pixman_image_t *dst = pixman_image_create_bits(PIXMAN_x8r8g8b8, w, h, r->scratch, w * 4);
	if (!dst)
		return NULL;
	pixman_image_composite32(PIXMAN_OP_SRC, img, NULL, dst, 0, 0, 0, 0, 0, 0, w, h);
	pixman_image_unref(dst);
	*stride = (size_t)w * 4;
	return r->scratch;
}

void recording_frame(struct comp *c, const struct present_back *b)
{
	struct recording *r = &c->recording;
	pixman_image_t *img;
	const uint32_t *px;
	size_t stride;
	uint32_t w, h;

	if (!r->rec || !b || !b->buf)
		return;
	img = shm_buffer_image(b->buf);
	if (!(px = pixels_of(c, img, &stride)))
		return;
	w = (uint32_t)pixman_image_get_width(img);
	h = (uint32_t)pixman_image_get_height(img);
	if (r->has_geometry) {
		px += (size_t)r->gy * (stride / 4) + (size_t)r->gx;
		w = r->gw;
		h = r->gh;
	}
	recorder_frame(r->rec, px, stride, w, h, now_ms(c));
}

void recording_events(struct comp *c)
{
	char msg[512];

	while (c->recording.rec && recorder_take_message(c->recording.rec, msg, sizeof msg))
		comp_log(&c->log, COMP_LOG_INFO, "recording: %s", msg);
}

int recording_fd(const struct comp *c)
{
	return c->recording.rec ? recorder_event_fd(c->recording.rec) : -1;
}

void recording_finish(struct comp *c)
{
	char text[512];

	if (c->recording.rec)
		recording_stop(c, text, sizeof text);
	free(c->recording.scratch);
	c->recording.scratch = NULL;
	c->recording.scratch_size = 0;
}
