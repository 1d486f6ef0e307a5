/* Recording what the screen shows (record/ encodes): every composited frame,
 * with its time on shmcomp's clock, into a file; or, in ring mode, the last
 * seconds kept in memory and written on request. While recording, every frame
 * is composited (none is presented straight from a window's pixmap), so that
 * each one is in shmcomp's memory. Files come from shmcomp's own command line
 * (--record FILE) or, asked for by a client, only inside --record-dir. */
#ifndef SHMCOMP_COMPOSITOR_RECORDING_H
#define SHMCOMP_COMPOSITOR_RECORDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

struct comp;
struct present_back;

struct recording {
	struct recorder *rec; /* NULL: not recording */
	bool ring;            /* --record-last: kept in memory, written by a dump */
	uint64_t origin_ms;   /* real clock: times are counted from here */
	bool has_geometry;    /* only this rectangle of the screen */
	int32_t gx, gy;
	uint32_t gw, gh;
	void *scratch; /* depth 16: the frame as x8r8g8b8 */
	size_t scratch_size;
	char name[512]; /* the file, for messages */
};

/* --record FILE [--record-last SEC] from the command line, once set up. */
bool recording_start_cmdline(struct comp *c, char *err, size_t errlen);
/* A client's `record start`: `text` holds name=, and optionally fps-cap= and
 * geometry=WxH+X+Y; the file is created inside --record-dir only. */
bool recording_start_request(struct comp *c, const char *text, char *err, size_t errlen);
/* `record stop`: the file finalised; `text` gets what was recorded. */
bool recording_stop(struct comp *c, char *text, size_t textlen);
/* Ring mode: the last seconds written to the --record file (SIGUSR1, `record dump`). */
bool recording_dump(struct comp *c, char *err, size_t errlen);
/* A frame composited into `b` was presented. */
void recording_frame(struct comp *c, const struct present_back *b);
/* The recorder's news (a dump done, an encoder failed): logged. */
void recording_events(struct comp *c);
/* The recorder's event fd, or -1. */
int recording_fd(const struct comp *c);
/* key=value lines for `stats`, appended at `text`. */
void recording_stats(struct comp *c, char *text, size_t len);
/* On the way out: finalises the file (a running dump is waited for). */
void recording_finish(struct comp *c);

#endif
