/* What the files of record/ share, and nothing outside it uses: the raw Matroska
 * stream the encoder reads (mkv.c), the encoder process (encoder.c), the frame
 * delta codec (delta.c) and the ring of compressed frames (ring.c). */
#ifndef SHMCOMP_RECORD_PRIVATE_H
#define SHMCOMP_RECORD_PRIVATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/record.h"

/* --- mkv.c: the stream handed to the encoder, one uncompressed bgr0 frame a
 * Cluster, each stamped with its time in ms (so that the encoder needs no frame
 * rate and keeps the times exactly: -copyts -enc_time_base -1). */

#define REC_MKV_HEADER_MAX 512
#define REC_MKV_FRAME_HEADER_MAX 48

/* The stream's header for frames of width x height; its length. */
size_t rec_mkv_header(unsigned char buf[REC_MKV_HEADER_MAX], uint32_t width, uint32_t height);
/* What precedes one frame's `frame_bytes` bytes of pixels at time_ms; its length. */
size_t rec_mkv_frame_header(
        unsigned char buf[REC_MKV_FRAME_HEADER_MAX], uint64_t time_ms, size_t frame_bytes);

/* --- encoder.c: the encoder program, reading the stream on a socket (writes never
 * raise SIGPIPE), in its own process group so that a signal meant for the
 * compositor's group does not stop it before it has finalised the file. */

struct rec_encoder {
	pid_t pid;       /* 0 when not running */
	int in_fd;       /* our end of the socket that is the encoder's stdin */
	int log_fd;      /* a memfd with the encoder's stdout and stderr */
	int out_fd;      /* the output, ours, for its size */
	uint64_t cpu_ms; /* its user + system time once it has exited */
};

/* A new file or a dup of the caller's fd (O_CLOEXEC); -1 with a message. */
int rec_output_open(const struct recorder_output *o, char *err, size_t errlen);
/* The program's path: `name` itself if it has a '/', else found in $PATH. */
bool rec_find_program(const char *name, char *path, size_t pathlen, char *err, size_t errlen);
void rec_encoder_init(struct rec_encoder *e);
/* Starts `program` encoding the stream into out_fd (which it takes, even on failure). */
bool rec_encoder_start(struct rec_encoder *e, const char *program, enum recorder_format format,
        int out_fd, char *err, size_t errlen);
/* Writes head then data, all of it; false when the encoder is gone, or when it has
 * not taken them by *deadline_ns (CLOCK_MONOTONIC; set by another thread, 0: none). */
bool rec_encoder_write(struct rec_encoder *e, const void *head, size_t headlen, const void *data,
        size_t datalen, const _Atomic uint64_t *deadline_ns);
/* Ends the input and waits for the encoder until deadline_ns (CLOCK_MONOTONIC), then
 * stops it (SIGTERM, which ffmpeg answers by finalising; SIGKILL 2 s later). False
 * with its last message when it failed. */
bool rec_encoder_finish(struct rec_encoder *e, uint64_t deadline_ns, char *err, size_t errlen);
/* CPU time (user + system) of a running process so far, from /proc (0 for pid 0). */
uint64_t rec_process_cpu_ms(pid_t pid);
/* The output's size so far (0 when it is not a regular file). */
uint64_t rec_encoder_output_bytes(const struct rec_encoder *e);
/* Closes everything; a running encoder is killed. Idempotent. */
void rec_encoder_destroy(struct rec_encoder *e);
uint64_t rec_now_ns(void);

/* --- delta.c: a frame as its XOR with the frame before (zero runs left out), then
 * deflated; a key frame is the same against an all-zero frame. */

struct rec_delta;

/* A codec for frames of `words` pixels (its scratch space and zlib streams); one per
 * thread. NULL when out of memory. */
struct rec_delta *rec_delta_create(size_t words);
void rec_delta_destroy(struct rec_delta *d);
/* Compresses cur against prev (NULL: a key frame) into a new malloc'ed block of
 * `header` bytes (left to the caller) followed by the data, whose length goes to
 * *size. NULL when out of memory. */
void *rec_delta_encode(struct rec_delta *d, const uint32_t *cur, const uint32_t *prev,
        size_t header, size_t *size);
/* Applies data to frame (which holds the frame before; anything for a key frame).
 * False when the data is not what rec_delta_encode made. */
bool rec_delta_decode(
        struct rec_delta *d, const unsigned char *data, size_t size, bool key, uint32_t *frame);

/* --- ring.c: the compressed frames of the last seconds, in groups that each start
 * with a key frame, so that a whole group goes when it is too old. Used by one
 * thread; frames are shared with dumps by reference count. */

struct rec_ring_frame {
	atomic_uint refs;
	bool key;
	uint64_t time_ms;
	size_t size;
	unsigned char data[];
};

struct rec_ring;

struct rec_ring_stats {
	uint64_t frames, bytes, first_ms, last_ms, evicted, evicted_memory;
};

/* A dump's frames: frames[0] is a key frame; the ones before `first_out` only build
 * the picture; frames[first_out] is shown from start_ms on. */
struct rec_ring_snapshot {
	struct rec_ring_frame **frames;
	size_t count, first_out;
	uint64_t start_ms;
};

struct rec_ring *rec_ring_create(size_t words, uint64_t window_ms, size_t limit_bytes);
/* Keeps the frame; false when out of memory (the frame is not kept). */
bool rec_ring_add(struct rec_ring *ring, const uint32_t *frame, uint64_t time_ms);
/* The frames shown in [now_ms - window, now_ms], by reference. False when empty or
 * out of memory. */
bool rec_ring_snapshot(struct rec_ring *ring, uint64_t now_ms, struct rec_ring_snapshot *s);
void rec_ring_snapshot_release(struct rec_ring_snapshot *s);
void rec_ring_get_stats(const struct rec_ring *ring, struct rec_ring_stats *st);
void rec_ring_destroy(struct rec_ring *ring);
void rec_ring_frame_unref(struct rec_ring_frame *f);

#endif
