/* The recorder: takes the frames the compositor shows, with their times on the
 * compositor's clock, and has an encoder process (ffmpeg) write them as a video with
 * a variable frame rate, or keeps the last seconds compressed in memory (ring mode)
 * and writes them when asked. recorder_frame never waits for the encoder: frames go
 * through a small queue to a thread of the recorder, and those the encoder cannot keep
 * up with are dropped and counted. No X, no clock of its own for timestamps.
 * Call every function of one recorder from one thread (the compositor's); the
 * recorder's own threads block every signal. See doc/recording.md. */
#ifndef SHMCOMP_RECORD_RECORD_H
#define SHMCOMP_RECORD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum recorder_format {
	RECORDER_FFV1_MKV, /* FFV1 in Matroska, pixel format bgr0: lossless (default) */
	RECORDER_VP9_WEBM, /* VP9 in WebM, yuv420p: lossy, small, plays in browsers */
};

/* Where a video goes: an fd the caller opened (dup'ed; the caller keeps and closes
 * its own), or else a path, created or truncated but never through a symlink. A
 * regular file gets a finalised file (cues, duration); a pipe gets a streamed one. */
struct recorder_output {
	int fd;           /* -1: use path */
	const char *path; /* used when fd < 0 */
};

struct recorder_options {
	struct recorder_output output; /* ignored in ring mode: see recorder_dump */
	enum recorder_format format;
	/* The video's size: the screen's when recording starts. A frame of another size
	 * (after a RandR resize) is anchored at the top left, cropped where it is larger
	 * and padded with black where it is smaller. */
	uint32_t width, height;
	/* At most this many frames per second of the clock (0: no cap). A frame that comes
	 * less than 1000/fps_cap ms (at least 1 ms) after the frame before it replaces that
	 * frame's pixels, which keep their time, and counts as merged. */
	uint32_t fps_cap;
	/* Ring mode when non-zero: keep the last `last_seconds` in memory, compressed,
	 * within `memory_mib` MiB (0: RECORDER_DEFAULT_MEMORY_MIB); nothing is written
	 * until recorder_dump. */
	uint32_t last_seconds;
	uint32_t memory_mib;
	/* The encoder program: a path, or a name looked up in $PATH (NULL: "ffmpeg"). It
	 * is run with ffmpeg's options; see doc/recording.md. */
	const char *encoder;
	/* Frames between recorder_frame and the encoder (0: RECORDER_DEFAULT_QUEUE);
	 * each costs width * height * 4 bytes. At least 2. */
	uint32_t queue_frames;
};

#define RECORDER_DEFAULT_MEMORY_MIB 128
#define RECORDER_DEFAULT_QUEUE 4

struct recorder;

/* Starts recording (or, in ring mode, keeping). Checks the options, finds the encoder
 * program (a missing one is an error here), opens the output and starts the encoder
 * and the recorder's thread. NULL with a message in `err` on failure. */
struct recorder *recorder_create(const struct recorder_options *o, char *err, size_t errlen);

/* One frame: x8r8g8b8 pixels (the x byte is ignored), `stride` bytes a row, shown at
 * `time_ms` on the compositor's clock (virtual or real; the file's timestamps are
 * these, in ms). Copies the pixels and returns at once: false when the frame was
 * dropped (the queue is full, or the encoder has failed). Times must not go back;
 * one that does is taken as the newest time so far. */
bool recorder_frame(struct recorder *r, const uint32_t *pixels, size_t stride, uint32_t width,
        uint32_t height, uint64_t time_ms);

/* Ring mode: writes the frames of the last `last_seconds` before `now_ms` to `out` in
 * the recorder's format, in the background (see recorder_event_fd). The first frame
 * is the one on screen at now_ms - last_seconds, stamped with that time if it came
 * earlier; the last one is repeated at now_ms. False with a message when not in ring
 * mode, while another dump runs, or when the output or the encoder cannot be opened. */
bool recorder_dump(struct recorder *r, const struct recorder_output *out, uint64_t now_ms,
        char *err, size_t errlen);

/* Readable (an eventfd) when a dump has ended or the encoder has failed; then
 * recorder_take_message says what. The recorder owns it. */
int recorder_event_fd(const struct recorder *r);
/* The newest message ("dump: FILE: 120 frames" or the encoder's failure) since the
 * last call, emptying the event fd. False when there is none. */
bool recorder_take_message(struct recorder *r, char *msg, size_t msglen);

/* Stops recording: writes the frames still queued, repeats the last frame at end_ms
 * if that is later (0: no closing frame, so that players show the last frame until
 * the time recording ended), closes the encoder's input and waits for it to finalise
 * the file (at most `timeout_ms`, 0: 30 s; then it is stopped). In ring mode, waits
 * for a running dump and writes nothing else. False with a message when the encoder
 * failed at any point. Call it once; recorder_destroy calls it if it was not. */
bool recorder_finish(
        struct recorder *r, uint64_t end_ms, uint32_t timeout_ms, char *err, size_t errlen);

struct recorder_stats {
	uint64_t frames;         /* given to recorder_frame */
	uint64_t recorded;       /* handed to the encoder (or, in ring mode, kept) */
	uint64_t merged;         /* replaced by a later frame less than the cap's interval after */
	uint64_t dropped;        /* lost because the encoder did not keep up or failed */
	uint64_t resized;        /* padded or cropped to the video's size */
	uint64_t closing;        /* last frames repeated at the end of a recording or dump */
	uint64_t bytes_written;  /* the output file so far, plus every dump's file */
	uint64_t encoder_cpu_ms; /* user + system time of the encoder processes */
	uint64_t thread_cpu_ms;  /* the recorder's own threads (framing, ring, dumps) */
	uint64_t call_ns_total;  /* time spent in recorder_frame, ... */
	uint64_t call_ns_max;    /* ... and its longest call */
	int encoder_pid;         /* the running encoder, or 0 */
	bool failed;             /* the encoder failed: frames are dropped from then on */
	/* ring mode */
	uint64_t ring_frames, ring_bytes; /* kept now, compressed */
	uint64_t ring_first_ms, ring_last_ms;
	uint64_t ring_evicted;        /* frames let go because they were too old */
	uint64_t ring_evicted_memory; /* frames let go early to stay within memory_mib */
	uint64_t dumps, dumps_failed;
	bool dump_running;
};

void recorder_stats(struct recorder *r, struct recorder_stats *s);

/* Finishes (without a closing frame) if that was not done, then frees everything.
 * Accepts NULL. */
void recorder_destroy(struct recorder *r);

#endif
