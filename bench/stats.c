/* shmcomp's counters, read with `shmcomp-ctl --display D stats` (key=value lines). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"

#define STATS_TIMEOUT_MS 5000

static bool parse_line(const char *line, struct bench_stats *st)
{
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
	        {"frames=", offsetof(struct bench_stats, frames)},
	        {"shm_segments_created=", offsetof(struct bench_stats, segments_created)},
	        {"shm_segments_live=", offsetof(struct bench_stats, segments_live)},
	        {"shm_bytes_live=", offsetof(struct bench_stats, bytes_live)},
	        {"pool_reuses=", offsetof(struct bench_stats, pool_reuses)},
	        {"render_pixels=", offsetof(struct bench_stats, render_px)},
	        {"copied_pixels=", offsetof(struct bench_stats, copied_px)},
	        {"direct_pixels=", offsetof(struct bench_stats, direct_px)},
	        {"served_pixels=", offsetof(struct bench_stats, served_px)},
	        {"shadow_pixels=", offsetof(struct bench_stats, shadow_px)},
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		size_t n = strlen(keys[i].key);
		if (strncmp(line, keys[i].key, n) == 0) {
			uint64_t *field = (uint64_t *)(void *)((char *)st + keys[i].offset);
			*field = strtoull(line + n, NULL, 10);
			return i == 0;
		}
	}
	return false;
}

bool bench_stats_read(
        const struct bench_ctx *ctx, const struct bench_session *s, struct bench_stats *st)
{
	const char *argv[] = {ctx->ctl, "--display", s->server.name, "stats", NULL};
	bool have_frames = false;
	char *out, *line, *save = NULL;

	*st = (struct bench_stats){0};
	if (s->peer != BENCH_SHMCOMP || access(ctx->ctl, X_OK) != 0)
		return false;
	out = bench_capture(argv, s->server.name, STATS_TIMEOUT_MS);
	if (!out)
		return false;
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		have_frames |= parse_line(line, st);
	free(out);
	st->ok = have_frames;
	return st->ok;
}
