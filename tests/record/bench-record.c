/*
 * What recording costs on a typical test screen: 1280x800, a plain desktop, a terminal
 * that scrolls a line every 2 s, a form being typed into in bursts (a key every 100 ms
 * for 3 s, then 5 s of quiet) with a blinking caret, a clock ticking each second and a
 * dialog that comes and goes every 10 s. SECONDS of the scene's own (virtual) time are
 * fed as fast as the encoder takes them (no frame dropped), in each format and in ring
 * mode (a window as long as the scene, then a dump). Reports per frame the caller's
 * time in recorder_frame, the recorder thread's CPU and the encoder's, and per minute
 * of scene the file size (or the ring's memory). Not a test:
 * `meson test -C build --benchmark --suite unit record`, or run it.
 * Usage: bench-record [SECONDS] [DIR]   (DIR for the files, default /tmp)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>

#include "record/record.h"

#define SW 1280u
#define SH 800u

struct scene {
	uint32_t px[SW * SH];
	uint32_t lines[24]; /* the terminal's lines, as seeds */
	uint32_t scrolled, typed, clock;
	bool caret, dialog;
};

static double wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void rect(struct scene *s, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t c)
{
	for (uint32_t j = y; j < y + h && j < SH; j++)
		for (uint32_t i = x; i < x + w && i < SW; i++)
			s->px[j * SW + i] = c;
}

/* A glyph: 8x14 cell, a pattern of strokes from its code. */
static void glyph(struct scene *s, uint32_t x, uint32_t y, uint32_t code, uint32_t fg)
{
	uint32_t bits = code * 2654435761u;
	for (uint32_t j = 2; j < 12; j++)
		for (uint32_t i = 1; i < 7; i++)
			if (bits >> ((j * 3 + i) % 31) & 1)
				s->px[(y + j) * SW + x + i] = fg;
}

static void text(struct scene *s, uint32_t x, uint32_t y, uint32_t seed, uint32_t n, uint32_t fg)
{
	for (uint32_t k = 0; k < n; k++)
		if ((seed + k * 7) % 9 != 0) /* spaces */
			glyph(s, x + k * 8, y, seed * 31 + k, fg);
}

static void draw(struct scene *s)
{
	rect(s, 0, 0, SW, SH, 0x2e3440);
	/* terminal */
	rect(s, 40, 40, 640, 24 * 14 + 30, 0x101010);
	rect(s, 40, 40, 640, 22, 0x3b4252);
	text(s, 50, 44, 7, 20, 0xeceff4);
	for (uint32_t l = 0; l < 24; l++)
		text(s, 48, 66 + l * 14, s->lines[l], 40 + s->lines[l] % 38, 0xc0c0c0);
	/* form */
	rect(s, 720, 100, 500, 360, 0xf0f0f0);
	rect(s, 720, 100, 500, 22, 0x5e81ac);
	for (uint32_t f = 0; f < 5; f++) {
		text(s, 736, 140 + f * 60, 100 + f, 12, 0x202020);
		rect(s, 880, 136 + f * 60, 320, 24, 0x909090);
		rect(s, 881, 137 + f * 60, 318, 22, 0xffffff);
	}
	for (uint32_t k = 0; k < s->typed; k++)
		glyph(s, 884 + k * 8, 141, 1000 + k, 0x000000);
	if (s->caret)
		rect(s, 885 + s->typed * 8, 140, 1, 16, 0x000000);
	/* clock */
	rect(s, 1040, 700, 200, 60, 0xd8dee9);
	text(s, 1060, 722, s->clock, 8, 0x2e3440);
	if (s->dialog) {
		rect(s, 480, 300, 320, 160, 0xe5e9f0);
		rect(s, 480, 300, 320, 22, 0xbf616a);
		text(s, 500, 340, 4242, 30, 0x000000);
		rect(s, 700, 420, 80, 26, 0x5e81ac);
	}
}

/* What changes at t (ms, a multiple of 100): true when the screen did. */
static bool step(struct scene *s, uint64_t t)
{
	bool changed = false;
	uint64_t burst = t % 8000;
	if (burst < 3000 && t % 100 == 0) {
		s->typed = s->typed < 38 ? s->typed + 1 : 0;
		changed = true;
	}
	if (t % 500 == 0) {
		s->caret = !s->caret;
		changed = true;
	}
	if (t % 1000 == 0) {
		s->clock++;
		changed = true;
	}
	if (t % 2000 == 0) {
		memmove(s->lines, s->lines + 1, sizeof(s->lines) - sizeof(s->lines[0]));
		s->lines[23] = ++s->scrolled * 77;
		changed = true;
	}
	if (t % 10000 == 0) {
		s->dialog = !s->dialog;
		changed = true;
	}
	return changed;
}

/* Waits for the recorder's thread to take every frame but the pending one. */
static void settle(struct recorder *r)
{
	struct recorder_stats st;
	for (;;) {
		recorder_stats(r, &st);
		if (st.recorded + st.dropped + 1 >= st.frames - st.merged)
			return;
		usleep(500);
	}
}

static bool run(const char *label, struct recorder_options o, const char *dir, uint64_t seconds,
        struct scene *s)
{
	char path[512], err[512];
	snprintf(path, sizeof(path), "%s/bench-record-%s.%s", dir, label,
	        o.format == RECORDER_VP9_WEBM ? "webm" : "mkv");
	if (!o.last_seconds)
		o.output = (struct recorder_output){.fd = -1, .path = path};
	struct recorder *r = recorder_create(&o, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "%s: %s\n", label, err);
		return false;
	}
	memset(s, 0, sizeof(*s));
	double t0 = wall_ms();
	for (uint64_t t = 0; t <= seconds * 1000; t += 100) {
		if (!step(s, t) && t > 0)
			continue;
		draw(s);
		settle(r);
		recorder_frame(r, s->px, SW * 4, SW, SH, t);
	}
	settle(r);
	struct recorder_stats st;
	recorder_stats(r, &st);
	double minutes = (double)seconds / 60.0, fed = wall_ms() - t0;
	uint64_t ring_bytes = st.ring_bytes, frames = st.frames;
	double thread_ms = (double)st.thread_cpu_ms;
	double dump_ms = 0;
	if (o.last_seconds) {
		struct recorder_output out = {.fd = -1, .path = path};
		double d0 = wall_ms();
		if (!recorder_dump(r, &out, seconds * 1000, err, sizeof(err)))
			fprintf(stderr, "%s: dump: %s\n", label, err);
		struct pollfd p = {recorder_event_fd(r), POLLIN, 0};
		poll(&p, 1, 600000);
		dump_ms = wall_ms() - d0;
		recorder_take_message(r, err, sizeof(err));
		printf("  %s\n", err);
	}
	if (!recorder_finish(
	            r, o.last_seconds ? 0 : seconds * 1000 + 100, 600000, err, sizeof(err)))
		fprintf(stderr, "%s: finish: %s\n", label, err);
	recorder_stats(r, &st);
	printf("%-6s %4" PRIu64 " frames in %.1f s: recorder_frame mean %.3f ms, worst %.3f ms; "
	       "recorder thread %.2f ms/frame; encoder %.2f ms/frame\n",
	        label, frames, fed / 1e3, (double)st.call_ns_total / 1e6 / (double)frames,
	        (double)st.call_ns_max / 1e6, thread_ms / (double)frames,
	        (double)st.encoder_cpu_ms / (double)(st.recorded + st.closing));
	if (o.last_seconds)
		printf("       ring: %.2f MiB per minute of scene (%" PRIu64
		       " frames kept); dump of "
		       "%" PRIu64 " s: %.1f s, encoder %.1f s CPU, %.2f MiB\n",
		        (double)ring_bytes / minutes / 1048576.0, st.ring_frames, seconds,
		        dump_ms / 1e3, (double)st.encoder_cpu_ms / 1e3,
		        (double)st.bytes_written / 1048576.0);
	else
		printf("       file: %.2f MiB per minute of scene (%s)\n",
		        (double)st.bytes_written / minutes / 1048576.0, path);
	printf("       dropped %" PRIu64 ", merged %" PRIu64 "\n", st.dropped, st.merged);
	recorder_destroy(r);
	return true;
}

int main(int argc, char **argv)
{
	uint64_t seconds = argc > 1 ? strtoull(argv[1], NULL, 10) : 60;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	struct scene *s = malloc(sizeof(*s));
	uint32_t *copy = malloc(SW * SH * 4);
	if (!s || !copy || seconds == 0)
		return 1;
	memset(s, 0, sizeof(*s));
	draw(s);
	double t0 = wall_ms();
	for (int i = 0; i < 100; i++) {
		s->px[i] = (uint32_t)i;
		memcpy(copy, s->px, SW * SH * 4);
	}
	printf("memcpy of a 1280x800 frame: %.3f ms\n", (wall_ms() - t0) / 100);
	free(copy);
	struct recorder_options base = {.width = SW, .height = SH};
	struct recorder_options vp9 = base, ring = base;
	vp9.format = RECORDER_VP9_WEBM;
	ring.last_seconds = (uint32_t)seconds;
	bool ok = run("ffv1", base, dir, seconds, s) && run("vp9", vp9, dir, seconds, s) &&
	          run("ring", ring, dir, seconds, s);
	free(s);
	return ok ? 0 : 1;
}
