/* The recorder (record/), suite unit: no X, but ffmpeg and ffprobe (from Debian) to
 * read back what it wrote. Synthetic frames with known pixels and times go in; the
 * file's frame times (ffprobe) and pixels (ffmpeg to raw bgr0) must be exactly those,
 * after the documented merges, closing frames and ring windows. A fake encoder
 * (fake-encoder.c) plays a slow, stuck or failing ffmpeg. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "record/record-private.h"
#include "record/record.h"
#include "tests/harness/runner.h"

#define W 320u
#define H 200u
#define MAX_FRAMES 512

/* --- time, files --- */

static double now_ms(void)
{
	return (double)rec_now_ns() / 1e6;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

struct tmp {
	char dir[64];
};

static bool tmp_make(struct tmp *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/shmcomp-record-XXXXXX");
	return CHECK(mkdtemp(t->dir) != NULL);
}

static void tmp_path(const struct tmp *t, const char *name, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", t->dir, name);
}

/* Removes the directory, unless the case failed: then its files stay for a look. */
static void tmp_clean(const struct tmp *t)
{
	if (test_failures()) {
		printf("files kept in %s\n", t->dir);
		return;
	}
	DIR *d = opendir(t->dir);
	struct dirent *e;
	char path[512];
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(t->dir);
}

static bool have_tools(void)
{
	if (system("command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null") == 0)
		return true;
	printf("ffmpeg or ffprobe is missing (Debian: apt-get install ffmpeg)\n");
	return false;
}

/* --- frames with known pixels --- */

static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A background, a rectangle and a block of noise, all from the seed; the x byte is
 * noise too: the recorder must ignore it. */
static void paint(uint32_t *px, uint32_t w, uint32_t h, uint32_t seed)
{
	uint32_t s = seed * 2654435761u + 1, bg = 0x203040u + ((seed * 0x010307u) & 0x3f3f3fu);
	uint32_t rx = (seed * 37) % (w / 2), ry = (seed * 11) % (h / 2);
	uint32_t nx = (seed * 5) % (w - 16), ny = (seed * 3) % (h - 16);
	for (uint32_t y = 0; y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			uint32_t c = bg;
			if (x >= rx && x < rx + w / 4 && y >= ry && y < ry + h / 4)
				c = 0xff0000u ^ ((seed * 0x1234567u) & 0xffffffu);
			if (x >= nx && x < nx + 16 && y >= ny && y < ny + 16)
				c = next_rand(&s) & 0xffffffu;
			px[(size_t)y * w + x] = c | (next_rand(&s) << 24);
		}
	}
}

/* Every pixel random: what no codec squeezes. */
static void paint_noise(uint32_t *px, size_t n, uint32_t seed)
{
	uint32_t s = seed * 2654435761u + 7;
	for (size_t i = 0; i < n; i++)
		px[i] = next_rand(&s);
}

/* --- reading the video back --- */

static FILE *run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	CHECK(f != NULL);
	return f;
}

/* Each frame's pts (ms in Matroska's time base); -1 when ffprobe said anything else. */
static long probe_pts(const char *path, int64_t *pts, size_t max)
{
	char cmd[1024], line[256];
	snprintf(cmd, sizeof(cmd),
	        "ffprobe -v error -select_streams v:0 -show_entries frame=pts -of csv=p=0 '%s' "
	        "2>&1",
	        path);
	FILE *f = run(cmd);
	if (!f)
		return -1;
	long n = 0;
	bool clean = true;
	while (fgets(line, sizeof(line), f)) {
		char *end;
		long long v = strtoll(line, &end, 10);
		if (end == line || (*end != '\n' && *end != '\0')) {
			printf("ffprobe: %s", line);
			clean = false;
		} else if ((size_t)n < max) {
			pts[n++] = v;
		}
	}
	int status = pclose(f);
	return clean && status == 0 ? n : -1;
}

/* ffprobe's answer for -show_entries `entries` (lines key=value). */
static void probe_entries(const char *path, const char *entries, char *out, size_t len)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	        "ffprobe -v error -select_streams v:0 -show_entries %s -of default=nw=1 '%s' 2>&1",
	        entries, path);
	FILE *f = run(cmd);
	size_t n = f ? fread(out, 1, len - 1, f) : 0;
	out[n] = '\0';
	if (f)
		pclose(f);
}

/* All frames decoded to bgr0, one after the other; NULL on an error (printed). */
static uint32_t *decode_all(const char *path, size_t *frames, size_t frame_words)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd),
	        "ffmpeg -nostdin -v error -i '%s' -fps_mode passthrough -f rawvideo -pix_fmt bgr0 "
	        "-",
	        path);
	FILE *f = run(cmd);
	if (!f)
		return NULL;
	size_t cap = frame_words * 4 * 8, len = 0;
	unsigned char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			unsigned char *more = realloc(buf, cap * 2);
			if (!more) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = more;
			cap *= 2;
		}
	}
	int status = pclose(f);
	if (!CHECK(buf && status == 0 && len % (frame_words * 4) == 0)) {
		free(buf);
		return NULL;
	}
	*frames = len / (frame_words * 4);
	return (uint32_t *)(void *)buf;
}

static bool same_rgb(
        const uint32_t *got, const uint32_t *want, size_t n, const char *what, size_t frame)
{
	for (size_t i = 0; i < n; i++) {
		if ((got[i] ^ want[i]) & 0xffffffu) {
			test_fail("%s: frame %zu differs first at pixel %zu: 0x%06x, want 0x%06x",
			        what, frame, i, got[i] & 0xffffffu, want[i] & 0xffffffu);
			return false;
		}
	}
	return true;
}

struct expect {
	uint64_t pts;
	uint32_t seed;
};

static bool check_pts(const char *path, const struct expect *e, size_t n)
{
	int64_t pts[MAX_FRAMES];
	long got = probe_pts(path, pts, MAX_FRAMES);
	if (!test_expect(got == (long)n, "%s: %ld frames, want %zu", path, got, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!test_expect(pts[i] == (int64_t)e[i].pts,
		            "frame %zu: pts %" PRId64 ", want %" PRIu64, i, pts[i], e[i].pts))
			return false;
	return true;
}

/* The file holds exactly these frames: times and pixels. */
static void check_video(const char *path, const struct expect *e, size_t n)
{
	if (!check_pts(path, e, n))
		return;
	size_t frames = 0;
	uint32_t *got = decode_all(path, &frames, W * H);
	uint32_t *want = malloc(W * H * 4);
	if (got && CHECK(want) &&
	        test_expect(frames == n, "decoded %zu frames, want %zu", frames, n)) {
		for (size_t i = 0; i < n; i++) {
			paint(want, W, H, e[i].seed);
			if (!same_rgb(got + i * W * H, want, W * H, path, i))
				break;
		}
	}
	free(want);
	free(got);
}

/* --- driving the recorder --- */

static uint32_t frame_buf[W * H];

static struct recorder *make(const struct recorder_options *o)
{
	char err[512];
	struct recorder *r = recorder_create(o, err, sizeof(err));
	test_expect(r != NULL, "recorder_create: %s", err);
	return r;
}

static void feed(struct recorder *r, uint32_t seed, uint64_t t)
{
	paint(frame_buf, W, H, seed);
	CHECK(recorder_frame(r, frame_buf, W * 4, W, H, t));
}

/* Waits until the recorder's thread has taken n frames: so that a test that wants no
 * drops does not outrun the encoder. */
static bool settle(struct recorder *r, uint64_t n)
{
	struct recorder_stats s;
	double end = now_ms() + 30000;
	do {
		recorder_stats(r, &s);
		if (s.recorded + s.dropped >= n)
			return CHECK(s.dropped == 0);
		sleep_ms(2);
	} while (now_ms() < end);
	return test_expect(false, "the recorder took %" PRIu64 " frames in 30 s, want %" PRIu64,
	        s.recorded, n);
}

/* Waits until every frame but the pending one has been taken. */
static bool settle_all(struct recorder *r)
{
	struct recorder_stats s;
	recorder_stats(r, &s);
	uint64_t opened = s.frames - s.merged - s.dropped;
	return settle(r, opened ? opened - 1 : 0);
}

static bool finish(struct recorder *r, uint64_t end_ms)
{
	char err[512] = "";
	bool ok = recorder_finish(r, end_ms, 30000, err, sizeof(err));
	return test_expect(ok, "recorder_finish: %s", err);
}

/* Waits for the event fd and returns the message. */
static bool wait_message(struct recorder *r, char *msg, size_t len, int timeout_ms)
{
	struct pollfd p = {recorder_event_fd(r), POLLIN, 0};
	if (!test_expect(poll(&p, 1, timeout_ms) == 1, "no event in %d ms", timeout_ms))
		return false;
	return CHECK(recorder_take_message(r, msg, len));
}

static struct recorder_options options(const char *path)
{
	return (struct recorder_options){
	        .output = {.fd = -1, .path = path}, .width = W, .height = H};
}

/* Frames at the given times; those less than 1 ms apart (the same ms, or a time going
 * back) merge into the frame before, whose time stays and whose pixels are the last
 * ones; the last frame is repeated at finish's end time. Output through an fd. */
TEST(ffv1_exact)
{
	static const struct expect in[] = {{0, 1}, {5, 2}, {17, 3}, {17, 4}, {17, 5}, {1000, 6},
	        {1001, 7}, {61000, 8}, {61000, 9}, {60500, 10}};
	static const struct expect out[] = {
	        {0, 1}, {5, 2}, {17, 5}, {1000, 6}, {1001, 7}, {61000, 10}, {62000, 10}};
	struct tmp t;
	char path[512], info[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "exact.mkv", path, sizeof(path));
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	struct recorder_options o = options(NULL);
	o.output.fd = fd;
	struct recorder *r = make(&o);
	close(fd); /* the recorder has its own */
	if (!r)
		return TEST_FAIL;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		settle_all(r);
		feed(r, in[i].seed, in[i].pts);
	}
	finish(r, 62000);
	struct recorder_stats s;
	recorder_stats(r, &s);
	CHECK(s.frames == 10 && s.merged == 4 && s.recorded == 6 && s.closing == 1);
	CHECK(s.dropped == 0 && s.resized == 0 && !s.failed && s.encoder_pid == 0);
	struct stat st;
	CHECK(stat(path, &st) == 0 && s.bytes_written == (uint64_t)st.st_size);
	printf("frames %" PRIu64 " merged %" PRIu64 " bytes %" PRIu64 " encoder %" PRIu64 " ms\n",
	        s.frames, s.merged, s.bytes_written, s.encoder_cpu_ms);
	recorder_destroy(r);
	check_video(path, out, sizeof(out) / sizeof(out[0]));
	probe_entries(
	        path, "stream=codec_name,pix_fmt,time_base:format=format_name", info, sizeof(info));
	CHECK(strstr(info, "codec_name=ffv1") && strstr(info, "pix_fmt=bgr0") &&
	        strstr(info, "time_base=1/1000") && strstr(info, "format_name=matroska"));
	tmp_clean(&t);
	return TEST_PASS;
}

/* --fps-cap 10: a frame less than 100 ms after the last one kept replaces its pixels.
 * The first frame comes at 5 s: the file's times are the clock's, not moved to 0. */
TEST(fps_cap)
{
	static const struct expect in[] = {
	        {5000, 1}, {5050, 2}, {5099, 3}, {5100, 4}, {5150, 5}, {5250, 6}};
	static const struct expect out[] = {{5000, 3}, {5100, 5}, {5250, 6}, {5300, 6}};
	struct tmp t;
	char path[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "cap.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	o.fps_cap = 10;
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		settle_all(r);
		feed(r, in[i].seed, in[i].pts);
	}
	finish(r, 5300);
	struct recorder_stats s;
	recorder_stats(r, &s);
	CHECK(s.frames == 6 && s.merged == 3 && s.recorded == 3 && s.closing == 1 &&
	        s.dropped == 0);
	recorder_destroy(r);
	check_video(path, out, sizeof(out) / sizeof(out[0]));
	tmp_clean(&t);
	return TEST_PASS;
}

/* After a RandR resize the video keeps its first size: a larger frame is cropped, a
 * smaller one padded with black, both anchored at the top left. */
TEST(resize)
{
	struct tmp t;
	char path[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "resize.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	const uint32_t bw = W + 80, bh = H + 60, sw = W / 2 + 3, sh = H / 3;
	uint32_t *big = malloc((size_t)bw * bh * 4), *small = malloc((size_t)sw * sh * 4);
	if (!CHECK(big && small))
		return TEST_FAIL;
	paint(big, bw, bh, 21);
	paint(small, sw, sh, 22);
	/* every slot of the queue used once, so that padding must paint over a picture */
	for (uint32_t i = 0; i < 2 * RECORDER_DEFAULT_QUEUE; i++) {
		settle_all(r);
		feed(r, 20 + i, i);
	}
	settle_all(r);
	/* a stride wider than the row, as SHM images may have */
	CHECK(recorder_frame(r, big, (size_t)bw * 4, W + 10, H + 10, 100));
	settle_all(r);
	CHECK(recorder_frame(r, small, (size_t)sw * 4, sw, sh, 200));
	CHECK(!recorder_frame(r, small, 8, sw, sh, 300)); /* a stride shorter than the row */
	finish(r, 0);
	struct recorder_stats s;
	recorder_stats(r, &s);
	const size_t n_in = 2 * RECORDER_DEFAULT_QUEUE + 2;
	CHECK(s.recorded == n_in && s.resized == 2 && s.closing == 0);
	recorder_destroy(r);
	struct expect times[2 * RECORDER_DEFAULT_QUEUE + 2];
	for (uint32_t i = 0; i < 2 * RECORDER_DEFAULT_QUEUE; i++)
		times[i] = (struct expect){i, 20 + i};
	times[n_in - 2] = (struct expect){100, 0};
	times[n_in - 1] = (struct expect){200, 0};
	size_t n = 0;
	uint32_t *got = check_pts(path, times, n_in) ? decode_all(path, &n, W * H) : NULL;
	uint32_t *want = malloc(W * H * 4);
	if (got && CHECK(want) && CHECK(n == n_in)) {
		for (size_t i = 0; i < n_in - 2; i++) {
			paint(want, W, H, times[i].seed);
			same_rgb(got + i * W * H, want, W * H, "first size", i);
		}
		for (uint32_t y = 0; y < H; y++)
			memcpy(want + y * W, big + (size_t)y * bw, W * 4);
		same_rgb(got + (n_in - 2) * W * H, want, W * H, "cropped", n_in - 2);
		memset(want, 0, W * H * 4);
		for (uint32_t y = 0; y < sh; y++)
			memcpy(want + y * W, small + (size_t)y * sw, sw * 4);
		same_rgb(got + (n_in - 1) * W * H, want, W * H, "padded", n_in - 1);
	}
	free(want);
	free(got);
	free(big);
	free(small);
	tmp_clean(&t);
	return TEST_PASS;
}

/* VP9 in WebM: the same times; pixels within a stated tolerance (mean absolute error
 * per channel at most 4 of 255 on these frames; libvpx 1.12 gives 0.8 to 2.2). */
TEST(vp9)
{
	static const struct expect out[] = {{100, 1}, {150, 2}, {400, 3}, {2400, 4}, {2500, 4}};
	struct tmp t;
	char path[512], info[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "lossy.webm", path, sizeof(path));
	struct recorder_options o = options(path);
	o.format = RECORDER_VP9_WEBM;
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	for (size_t i = 0; i < 4; i++) {
		settle_all(r);
		feed(r, out[i].seed, out[i].pts);
	}
	finish(r, 2500);
	recorder_destroy(r);
	probe_entries(path, "stream=codec_name:format=format_name", info, sizeof(info));
	CHECK(strstr(info, "codec_name=vp9") && strstr(info, "webm"));
	size_t n = 0;
	uint32_t *got = check_pts(path, out, 5) ? decode_all(path, &n, W * H) : NULL;
	uint32_t *want = malloc(W * H * 4);
	if (got && CHECK(want) && CHECK(n == 5)) {
		for (size_t i = 0; i < n; i++) {
			paint(want, W, H, out[i].seed);
			uint64_t sum = 0;
			for (size_t k = 0; k < W * H; k++)
				for (unsigned c = 0; c < 24; c += 8) {
					int a = (int)(got[i * W * H + k] >> c & 0xff),
					    b = (int)(want[k] >> c & 0xff);
					sum += (uint64_t)(a > b ? a - b : b - a);
				}
			double mean = (double)sum / (W * H * 3);
			printf("frame %zu: mean absolute error %.2f\n", i, mean);
			test_expect(
			        mean <= 4.0, "frame %zu: mean absolute error %.2f > 4", i, mean);
		}
	}
	free(want);
	free(got);
	tmp_clean(&t);
	return TEST_PASS;
}

/* Ring mode keeps the last 5 s: a dump at 20 s holds the frames from 15 s on, the
 * first one being the one on screen at 15 s, and the last repeated at the dump's
 * time. A frame at the ms of one a dump already took replaces it in later dumps, and
 * an idle screen's dump holds its one picture, stamped with the window's start. The
 * recording's own output is never written: green runs write nothing. */
TEST(ring_last)
{
	struct tmp t;
	char unused[512], dump[3][512], msg[512], err[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "never.mkv", unused, sizeof(unused));
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "dump%d.mkv", i + 1);
		tmp_path(&t, name, dump[i], sizeof(dump[i]));
	}
	struct recorder_options o = options(unused);
	o.last_seconds = 5;
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	for (uint32_t i = 0; i < 200; i++) {
		settle_all(r);
		feed(r, i + 1, i * 100u);
	}
	settle_all(r);
	struct recorder_stats s;
	recorder_stats(r, &s);
	/* the window plus at most a group (a quarter of it) and a frame */
	printf("ring: %" PRIu64 " frames, %" PRIu64 " bytes, %" PRIu64 "..%" PRIu64 " ms\n",
	        s.ring_frames, s.ring_bytes, s.ring_first_ms, s.ring_last_ms);
	CHECK(s.ring_last_ms == 19800 && s.ring_first_ms <= 14800 && s.ring_first_ms >= 13500);
	CHECK(s.ring_evicted > 0 && s.ring_evicted_memory == 0 && s.ring_bytes > 0);
	struct recorder_output out[3];
	for (int i = 0; i < 3; i++)
		out[i] = (struct recorder_output){.fd = -1, .path = dump[i]};
	CHECK(recorder_dump(r, &out[0], 20000, err, sizeof(err)));
	CHECK(!recorder_dump(r, &out[1], 20000, err, sizeof(err)) && strstr(err, "still"));
	if (wait_message(r, msg, sizeof(msg), 60000))
		test_expect(strstr(msg, "dump:") && strstr(msg, "51 frames"), "message: %s", msg);
	feed(r, 999, 19900);
	test_expect(recorder_dump(r, &out[1], 22000, err, sizeof(err)), "dump: %s", err);
	if (wait_message(r, msg, sizeof(msg), 60000))
		test_expect(strstr(msg, "dump:") && strstr(msg, "31 frames"), "message: %s", msg);
	test_expect(recorder_dump(r, &out[2], 30000, err, sizeof(err)), "dump: %s", err);
	if (wait_message(r, msg, sizeof(msg), 60000))
		test_expect(strstr(msg, "dump:") && strstr(msg, "2 frames"), "message: %s", msg);
	feed(r, 1000, 31000); /* waits for finish, which puts it in the ring */
	finish(r, 0);
	recorder_stats(r, &s);
	CHECK(s.dumps == 3 && s.dumps_failed == 0 && s.closing == 3 && !s.dump_running);
	CHECK(s.frames == 202 && s.recorded == 202 && s.merged == 0 && s.dropped == 0);
	CHECK(s.ring_last_ms == 31000);
	recorder_destroy(r);
	struct expect want[51];
	for (uint32_t i = 0; i < 50; i++)
		want[i] = (struct expect){15000 + i * 100u, 151 + i};
	want[50] = (struct expect){20000, 200};
	check_video(dump[0], want, 51);
	for (uint32_t i = 0; i < 29; i++)
		want[i] = (struct expect){17000 + i * 100u, 171 + i};
	want[29] = (struct expect){19900, 999};
	want[30] = (struct expect){22000, 999};
	check_video(dump[1], want, 31);
	static const struct expect idle[] = {{25000, 999}, {30000, 999}};
	check_video(dump[2], idle, 2);
	struct stat st;
	CHECK(stat(unused, &st) != 0 && errno == ENOENT);
	tmp_clean(&t);
	return TEST_PASS;
}

/* Frames no codec squeezes, with a 1 MiB limit: the ring lets its oldest frames go
 * to stay within it (plus at most the frame being added), and a dump still holds the
 * newest frames, exact. */
TEST(ring_memory)
{
	struct tmp t;
	char path[512], msg[512], err[512];
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "memory.mkv", path, sizeof(path));
	struct recorder_options o = options(NULL);
	o.last_seconds = 5;
	o.memory_mib = 1;
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	uint64_t most = 0;
	struct recorder_stats s;
	for (uint32_t i = 0; i < 60; i++) {
		settle_all(r);
		recorder_stats(r, &s);
		most = s.ring_bytes > most ? s.ring_bytes : most;
		paint_noise(frame_buf, W * H, i + 1);
		CHECK(recorder_frame(r, frame_buf, W * 4, W, H, i * 100u));
	}
	settle_all(r);
	recorder_stats(r, &s);
	printf("ring: %" PRIu64 " frames, %" PRIu64 " bytes (most %" PRIu64 "), %" PRIu64
	       " evicted for memory\n",
	        s.ring_frames, s.ring_bytes, most, s.ring_evicted_memory);
	CHECK(most <= 1024 * 1024 + W * H * 4 + 4096);
	CHECK(s.ring_evicted_memory > 0 && s.ring_frames >= 2 && s.ring_last_ms == 5800);
	uint64_t first = s.ring_first_ms, kept = s.ring_frames;
	struct recorder_output out = {.fd = -1, .path = path};
	CHECK(recorder_dump(r, &out, 6000, err, sizeof(err)));
	wait_message(r, msg, sizeof(msg), 60000);
	finish(r, 0);
	recorder_destroy(r);
	/* what it had, 100 ms apart, up to the frame at 5900 (pending until the dump asked
	 * for it), then the closing one at 6000 */
	int64_t pts[MAX_FRAMES];
	long n = probe_pts(path, pts, MAX_FRAMES);
	if (test_expect(
	            n >= 3 && n <= (long)kept + 2, "%ld frames, want 3 to %" PRIu64, n, kept + 2) &&
	        CHECK(pts[0] >= (int64_t)first && pts[n - 2] == 5900 && pts[n - 1] == 6000)) {
		for (long i = 1; i + 1 < n; i++)
			test_expect(pts[i] == pts[i - 1] + 100, "frame %ld at %" PRId64, i, pts[i]);
		size_t frames = 0;
		uint32_t *got = decode_all(path, &frames, W * H);
		CHECK(got && frames == (size_t)n);
		for (size_t i = 0; got && i < frames; i++) {
			paint_noise(frame_buf, W * H,
			        (uint32_t)(pts[i < frames - 1 ? i : i - 1] / 100 + 1));
			same_rgb(got + i * W * H, frame_buf, W * H, path, i);
		}
		free(got);
	}
	tmp_clean(&t);
	return TEST_PASS;
}

/* Under valgrind, ASan or TSan a 4 MB copy takes tens of ms: the time limits of
 * slow-encoder are then 20 times as wide (a call that waited for the encoder would
 * still take over a second). */
static double slowness(void)
{
	const char *preload = getenv("LD_PRELOAD");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return 20;
#endif
	return preload && strstr(preload, "vgpreload") ? 20 : 1;
}

static const char *fake_encoder(const struct test_ctx *tc, const char *mode)
{
	setenv("FAKE_ENCODER", mode, 1);
	return test_arg(tc, 0, "FAKE-ENCODER");
}

/* An encoder that takes 3 MB/s while frames of 4 MB come every 2 ms: frames are
 * dropped and counted, every frame is accounted for, and recorder_frame stays a copy
 * (had it waited for the encoder, a call would take over a second). */
TEST(slow_encoder)
{
	const uint32_t w = 1280, h = 800, n = 200;
	struct tmp t;
	char path[512], err[512];
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "slow.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	o.width = w;
	o.height = h;
	o.encoder = fake_encoder(tc, "slow");
	struct recorder *r = make(&o);
	uint32_t *px = calloc((size_t)w * h, 4);
	if (!r || !CHECK(px))
		return TEST_FAIL;
	double worst = 0, total = 0;
	for (uint32_t i = 0; i < n; i++) {
		px[i] = i; /* a little different each time */
		double t0 = now_ms();
		recorder_frame(r, px, (size_t)w * 4, w, h, 1000 + i);
		double dt = now_ms() - t0;
		total += dt;
		worst = dt > worst ? dt : worst;
		if (dt > 1000 * slowness()) {
			test_fail("frame %" PRIu32 ": recorder_frame waited %.0f ms", i, dt);
			break;
		}
		sleep_ms(2);
	}
	struct recorder_stats s;
	recorder_stats(r, &s);
	printf("recorder_frame: mean %.3f ms, worst %.3f ms (its own count: %.3f ms); "
	       "%" PRIu64 " dropped\n",
	        total / n, worst, (double)s.call_ns_max / 1e6, s.dropped);
	test_expect(total / n < 5.0 * slowness(), "mean %.3f ms per call", total / n);
	test_expect(worst < 100.0 * slowness(), "worst %.3f ms per call", worst);
	CHECK(s.dropped > n / 2 && s.frames == n);
	bool ok = recorder_finish(r, 0, 60000, err, sizeof(err));
	test_expect(ok, "recorder_finish: %s", err);
	recorder_stats(r, &s);
	CHECK(s.frames == s.recorded + s.merged + s.dropped);
	printf("recorded %" PRIu64 ", dropped %" PRIu64 "\n", s.recorded, s.dropped);
	recorder_destroy(r);
	free(px);
	tmp_clean(&t);
	return TEST_PASS;
}

/* An encoder that never reads: finish gives up at its timeout (then 2 s for the
 * encoder's last words and 2 s after SIGTERM), says so, and does not hang. */
TEST(finish_timeout)
{
	struct tmp t;
	char path[512], err[512] = "";
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "stuck.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	o.encoder = fake_encoder(tc, "stuck");
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	for (uint32_t i = 0; i < 6; i++)
		feed(r, i, i * 10u);
	double t0 = now_ms();
	bool ok = recorder_finish(r, 100, 500, err, sizeof(err));
	double took = now_ms() - t0;
	printf("finish: %.0f ms: %s\n", took, err);
	CHECK(!ok && err[0]);
	test_expect(took >= 400 && took < 8000, "finish took %.0f ms", took);
	struct recorder_stats s;
	recorder_stats(r, &s);
	CHECK(s.failed && s.frames == s.recorded + s.merged + s.dropped);
	recorder_destroy(r);
	tmp_clean(&t);
	return TEST_PASS;
}

/* The encoder program is checked at create; an encoder that fails later is reported
 * (event fd, message with its own words), and from then on frames are dropped at once. */
TEST(encoder_errors)
{
	char err[512] = "";
	struct tmp t;
	char path[512], msg[512];
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "fails.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	o.encoder = "no-such-encoder-shmcomp";
	CHECK(recorder_create(&o, err, sizeof(err)) == NULL);
	test_expect(
	        strstr(err, "\"no-such-encoder-shmcomp\" not found in $PATH") != NULL, "%s", err);
	o.encoder = "/nonexistent/ffmpeg";
	CHECK(recorder_create(&o, err, sizeof(err)) == NULL);
	test_expect(strstr(err, "/nonexistent/ffmpeg: not an executable") != NULL, "%s", err);
	o.encoder = "/etc/passwd";
	CHECK(recorder_create(&o, err, sizeof(err)) == NULL);
	struct stat st;
	CHECK(stat(path, &st) != 0); /* nothing created before the encoder was found */

	o.encoder = fake_encoder(tc, "fail");
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	struct recorder_stats s = {0};
	for (uint32_t i = 0; i < 400 && !s.failed; i++) {
		/* the encoder may fail between two frames: a refused frame is right once it
		 * has (failed is for good), and only then */
		paint(frame_buf, W, H, i);
		bool took = recorder_frame(r, frame_buf, W * 4, W, H, i * 10u);
		recorder_stats(r, &s);
		test_expect(took || s.failed, "frame %u refused while the encoder runs", i);
		sleep_ms(20);
		recorder_stats(r, &s);
	}
	CHECK(s.failed);
	if (wait_message(r, msg, sizeof(msg), 5000))
		test_expect(strstr(msg, "Unknown encoder 'ffv1'") != NULL, "message: %s", msg);
	paint(frame_buf, W, H, 1);
	CHECK(!recorder_frame(r, frame_buf, W * 4, W, H, 100000));
	CHECK(!recorder_finish(r, 0, 1000, err, sizeof(err)));
	test_expect(strstr(err, "Unknown encoder 'ffv1'") != NULL, "finish: %s", err);
	recorder_destroy(r);
	tmp_clean(&t);
	return TEST_PASS;
}

/* Finishing before any frame came: ffmpeg cannot make a video of nothing; the
 * message says so in our words. */
TEST(no_frames)
{
	struct tmp t;
	char path[512], err[512] = "";
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(&t))
		return TEST_FAIL;
	tmp_path(&t, "none.mkv", path, sizeof(path));
	struct recorder_options o = options(path);
	struct recorder *r = make(&o);
	if (!r)
		return TEST_FAIL;
	CHECK(!recorder_finish(r, 1000, 0, err, sizeof(err)));
	test_expect(strstr(err, "no frame was recorded") != NULL, "finish: %s", err);
	CHECK(!recorder_finish(r, 1000, 0, err, sizeof(err)) && strstr(err, "already"));
	recorder_destroy(r);
	tmp_clean(&t);
	return TEST_PASS;
}

/* Options that cannot work are refused with a reason. */
TEST(bad_options)
{
	char err[512];
	struct recorder_options o = options("/nonexistent-dir/x.mkv");
	o.width = 0;
	CHECK(!recorder_create(&o, err, sizeof(err)) && strstr(err, "frame size"));
	o.width = 40000;
	CHECK(!recorder_create(&o, err, sizeof(err)) && strstr(err, "frame size"));
	o = options("/nonexistent-dir/x.mkv");
	o.queue_frames = 1;
	CHECK(!recorder_create(&o, err, sizeof(err)) && strstr(err, "queue"));
	o = options(NULL);
	o.width = 4096;
	o.height = 4096;
	o.last_seconds = 10;
	o.memory_mib = 64; /* two raw frames are 128 MiB */
	CHECK(!recorder_create(&o, err, sizeof(err)) && strstr(err, "memory limit"));
	o = options("/nonexistent-dir/x.mkv");
	test_expect(!recorder_create(&o, err, sizeof(err)) && strstr(err, "/nonexistent-dir/x.mkv"),
	        "%s", err);
	o = options(NULL);
	CHECK(!recorder_create(&o, err, sizeof(err)) && strstr(err, "no output"));
	recorder_destroy(NULL);
	return TEST_PASS;
}

/* --- the compositor's death --- */

struct child {
	pid_t pid;
	int fd; /* the child's news: "encoder-pid\n" once its frames are handed over */
};

/* A process that records frames 1..n at 100 ms steps (all but the pending one handed
 * to the encoder), reports, then on SIGTERM finishes at n * 100 + 500 ms. */
static bool start_child(struct child *c, const char *path, uint32_t n)
{
	int p[2];
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (!CHECK(pipe(p) == 0))
		return false;
	c->pid = fork();
	if (c->pid == 0) {
		setpgid(0, 0); /* a group of its own, as a shell job: SIGKILL goes to the group */
		sigprocmask(SIG_BLOCK, &term, NULL);
		close(p[0]);
		struct recorder_options o = options(path);
		struct recorder *r = make(&o);
		for (uint32_t i = 1; r && i <= n; i++) {
			settle_all(r);
			feed(r, i, i * 100u);
		}
		settle_all(r);
		struct recorder_stats s = {0};
		if (r)
			recorder_stats(r, &s);
		dprintf(p[1], "%d\n", s.encoder_pid);
		int sig;
		sigwait(&term, &sig);
		bool ok = r && finish(r, n * 100u + 500);
		recorder_destroy(r);
		_exit(ok && !test_failures() ? 0 : 1);
	}
	close(p[1]);
	c->fd = p[0];
	return CHECK(c->pid > 0);
}

static pid_t child_encoder(struct child *c)
{
	char buf[32] = "";
	ssize_t n = read(c->fd, buf, sizeof(buf) - 1);
	close(c->fd);
	return n > 0 ? (pid_t)atoi(buf) : 0;
}

/* Waits for a child (the encoder too, once orphaned: we are a subreaper). */
static int wait_child(pid_t pid, int timeout_ms)
{
	int status;
	for (double end = now_ms() + timeout_ms; now_ms() < end; sleep_ms(5)) {
		pid_t got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static void expect_frames(struct expect *e, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		e[i] = (struct expect){(i + 1) * 100u, i + 1};
}

/* The signal cases' start: the tools, a fresh directory, and the child recording 12
 * frames into NAME there (with `reap`, as a subreaper: the orphaned encoder is then ours
 * to wait for). TEST_PASS with the encoder's pid in *enc, else the case's result. */
static int signal_case(struct tmp *t, const char *name, bool reap, char *path, size_t len,
        struct child *c, pid_t *enc)
{
	if (!have_tools())
		return TEST_SKIP;
	if (!tmp_make(t))
		return TEST_FAIL;
	tmp_path(t, name, path, len);
	if (reap)
		CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	if (!start_child(c, path, 12))
		return TEST_FAIL;
	*enc = child_encoder(c);
	CHECK(*enc > 0);
	return TEST_PASS;
}

/* SIGTERM: the compositor finishes the recorder on its way out; the file is whole,
 * with a duration (finalised), every frame and the closing one. */
TEST(sigterm)
{
	struct tmp t;
	char path[512], info[256];
	struct child c;
	pid_t enc;
	int r = signal_case(&t, "term.mkv", false, path, sizeof(path), &c, &enc);
	if (r)
		return r;
	kill(c.pid, SIGTERM);
	CHECK(wait_child(c.pid, 60000) == 0);
	struct expect e[13];
	expect_frames(e, 12);
	e[12] = (struct expect){1700, 12};
	check_video(path, e, 13);
	probe_entries(path, "format=duration", info, sizeof(info));
	test_expect(strstr(info, "duration=1.7") != NULL, "%s", info);
	tmp_clean(&t);
	return TEST_PASS;
}

/* SIGKILL of the compositor's process group (a shell job, a Ctrl-C'd terminal): the
 * encoder, in a process group of its own, reads to the end of what it was given and
 * finalises the file. The pending frame (the last one, kept for merging) was only in
 * the dead process: it is missing. */
TEST(sigkill)
{
	struct tmp t;
	char path[512], info[256];
	struct child c;
	pid_t enc;
	int r = signal_case(&t, "kill.mkv", true, path, sizeof(path), &c, &enc);
	if (r)
		return r;
	kill(-c.pid, SIGKILL);
	CHECK(wait_child(c.pid, 10000) == 128 + SIGKILL);
	test_expect(enc > 0 && wait_child(enc, 60000) == 0, "the encoder did not exit cleanly");
	struct expect e[11];
	expect_frames(e, 11);
	check_video(path, e, 11);
	probe_entries(path, "format=duration", info, sizeof(info));
	test_expect(strstr(info, "duration=1.1") != NULL, "%s", info);
	tmp_clean(&t);
	return TEST_PASS;
}

/* SIGKILL of the compositor and its encoder (a whole cgroup killed): the file is not
 * finalised (no cues, no Duration element: ffprobe works the duration out from the
 * last frame), but ffprobe and ffmpeg read every frame that was written out (a
 * Cluster each, flushed at once), which, once the file has stopped growing, is all
 * the encoder was given or all but the one or two it had in hand; they are exact. */
TEST(sigkill_encoder)
{
	struct tmp t;
	char path[512], info[256];
	struct child c;
	pid_t enc;
	int r = signal_case(&t, "killboth.mkv", true, path, sizeof(path), &c, &enc);
	if (r)
		return r;
	struct stat st;
	off_t size = -1;
	for (double quiet = now_ms(), end = now_ms() + 20000; now_ms() < end; sleep_ms(50)) {
		if (stat(path, &st) == 0 && st.st_size != size) {
			size = st.st_size;
			quiet = now_ms();
		} else if (now_ms() - quiet > 1000) {
			break;
		}
	}
	kill(c.pid, SIGKILL);
	if (enc > 0)
		kill(enc, SIGKILL);
	wait_child(c.pid, 10000);
	if (enc > 0)
		wait_child(enc, 10000);
	int64_t pts[MAX_FRAMES];
	long n = probe_pts(path, pts, MAX_FRAMES);
	probe_entries(path, "format=duration", info, sizeof(info));
	printf("after SIGKILL of both: %ld frames readable; ffprobe: %s", n, info);
	test_expect(n >= 9 && n <= 11, "%ld frames readable, want 9 to 11", n);
	struct expect e[11];
	expect_frames(e, 11);
	if (n > 0 && n <= 11)
		check_video(path, e, (size_t)n);
	tmp_clean(&t);
	return TEST_PASS;
}

/* --- the ring's codec --- */

/* Seeded changes of every shape (none, one word at either end, zero stretches just
 * under and over the skip threshold, everything) survive encode and decode, as deltas
 * and as key frames, on a size that is not a multiple of 64 words. */
TEST(delta)
{
	const size_t words = 64 * 40 + 37;
	uint32_t seed = 12345;
	uint32_t *prev = calloc(words, 4), *cur = calloc(words, 4), *out = calloc(words, 4);
	struct rec_delta *d = rec_delta_create(words);
	if (!CHECK(prev && cur && out && d))
		return TEST_FAIL;
	printf("seed %" PRIu32 "\n", seed);
	for (int round = 0; round < 200; round++) {
		memcpy(cur, prev, words * 4);
		switch (round % 6) {
		case 0:
			break;
		case 1:
			cur[0] ^= 1;
			cur[words - 1] ^= 0x80000000u;
			break;
		case 2: /* changes separated by 7, 8 and 9 unchanged words */
			for (size_t i = next_rand(&seed) % 50, gap = 7; i < words;
			        i += gap + 1, gap = 7 + (gap + 1) % 3)
				cur[i] = next_rand(&seed);
			break;
		case 3:
			for (size_t i = 0; i < words; i++)
				cur[i] = next_rand(&seed);
			break;
		case 4:
			for (size_t i = next_rand(&seed) % words, k = 0; i < words && k < 300;
			        i++, k++)
				cur[i] = next_rand(&seed) | 1;
			break;
		default:
			memset(cur, 0, words * 4);
			break;
		}
		bool key = round % 5 == 0;
		size_t size = 0;
		unsigned char *block = rec_delta_encode(d, cur, key ? NULL : prev, 16, &size);
		if (!CHECK(block))
			break;
		memcpy(out, prev, words * 4);
		if (key)
			memset(out, 0xa5,
			        words * 4); /* a key frame owes nothing to what was there */
		test_expect(
		        rec_delta_decode(d, block + 16, size, key, out), "round %d: decode", round);
		test_expect(memcmp(out, cur, words * 4) == 0, "round %d (%s): differs", round,
		        key ? "key" : "delta");
		CHECK(!rec_delta_decode(
		        d, block + 16, size / 2, key, out)); /* cut data is refused */
		free(block);
		memcpy(prev, cur, words * 4);
	}
	rec_delta_destroy(d);
	free(prev);
	free(cur);
	free(out);
	return TEST_PASS;
}
