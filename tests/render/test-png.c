/*
 * PNG files: write then read gives the same pixels (x8r8g8b8 and r5g6b5 as RGB, a8r8g8b8 as
 * RGBA and as RGB), "-" writes to stdout, files from other writers (grey, palette) read, and
 * every failure (missing, not a PNG, truncated, unwritable, device full) is false/NULL plus a
 * message naming the file. Usage: test-png png OUTDIR
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <png.h>

#include "render/render.h"
#include "tests/render/testlib.h"

struct ctx {
	const char *dir;
	char path[4096];
	char err[512];
};

static const char *path_of(struct ctx *c, const char *name)
{
	snprintf(c->path, sizeof(c->path), "%s/test-png-%s", c->dir, name);
	return c->path;
}

/* What reading back must give, pixel by pixel, as premultiplied a8r8g8b8. */
static uint32_t expected(pixman_image_t *img, int x, int y, bool alpha)
{
	uint32_t p = t_to_argb(pixman_image_get_format(img), t_get(img, x, y));

	return alpha ? p : 0xff000000u | (p & 0xffffff);
}

static bool same_pixels(pixman_image_t *img, pixman_image_t *back, bool alpha)
{
	REQUIRE(pixman_image_get_format(back) == PIXMAN_a8r8g8b8);
	REQUIRE(pixman_image_get_width(back) == pixman_image_get_width(img));
	REQUIRE(pixman_image_get_height(back) == pixman_image_get_height(img));
	for (int y = 0; y < pixman_image_get_height(img); y++) {
		for (int x = 0; x < pixman_image_get_width(img); x++) {
			uint32_t want = expected(img, x, y, alpha), got = t_get(back, x, y);

			if (got != want) {
				t_fail("pixel (%d,%d): read %#x, want %#x", x, y, got, want);
				return false;
			}
		}
	}
	return true;
}

static bool round_trip(struct ctx *c, struct rng *r, pixman_format_code_t fmt, bool alpha)
{
	pixman_image_t *img = t_image(fmt, rng_int(r, 1, 50), rng_int(r, 1, 50));
	pixman_image_t *back;
	bool ok;

	if (fmt == PIXMAN_a8r8g8b8)
		t_fill_random_premul(img, r);
	else
		t_fill_random(img, r);
	path_of(c, "roundtrip.png");
	ok = render_png_write(img, c->path, alpha, c->err, sizeof(c->err));
	if (!ok)
		t_fail("write %s: %s", t_format_name(fmt), c->err);
	back = ok ? render_png_read(c->path, c->err, sizeof(c->err)) : NULL;
	if (ok && !back)
		t_fail("read %s: %s", t_format_name(fmt), c->err);
	/* render_compare counts alpha, which an RGB file drops, when both formats have it */
	ok = back && same_pixels(img, back, alpha) &&
	     ((!alpha && fmt == PIXMAN_a8r8g8b8) || render_compare(img, back, 0, NULL, NULL));
	if (!ok)
		t_fail("round trip of %s (alpha %d) differs", t_format_name(fmt), alpha);
	if (back)
		pixman_image_unref(back);
	pixman_image_unref(img);
	unlink(c->path);
	return ok;
}

static bool round_trips(struct ctx *c)
{
	struct rng r;

	rng_seed(&r, 7);
	for (int i = 0; i < 20; i++) {
		REQUIRE(round_trip(c, &r, PIXMAN_x8r8g8b8, false));
		REQUIRE(round_trip(c, &r, PIXMAN_r5g6b5, false));
		REQUIRE(round_trip(c, &r, PIXMAN_a8r8g8b8, true));
		REQUIRE(round_trip(c, &r, PIXMAN_a8r8g8b8, false));
		REQUIRE(round_trip(c, &r, PIXMAN_x8r8g8b8, true));
	}
	return true;
}

/* fd 1 goes to a file for the duration of the write. */
static bool write_stdout(struct ctx *c, pixman_image_t *img)
{
	int saved, fd = open(path_of(c, "stdout.png"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	bool ok;

	REQUIRE(fd >= 0);
	fflush(stdout);
	saved = dup(1);
	REQUIRE(saved >= 0 && dup2(fd, 1) == 1);
	close(fd);
	ok = render_png_write(img, "-", false, c->err, sizeof(c->err));
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	if (!ok)
		t_fail("write to stdout: %s", c->err);
	return ok;
}

static bool to_stdout(struct ctx *c)
{
	struct rng r;
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 13, 7);
	pixman_image_t *back = NULL;
	bool ok;

	rng_seed(&r, 11);
	t_fill_random(img, &r);
	ok = write_stdout(c, img);
	back = ok ? render_png_read(c->path, c->err, sizeof(c->err)) : NULL;
	ok = back && same_pixels(img, back, false);
	if (back)
		pixman_image_unref(back);
	pixman_image_unref(img);
	unlink(c->path);
	REQUIRE(ok);
	return true;
}

/* Another writer's files: libpng's simplified API writing grey and palette PNGs. */
static bool write_simple(
        const char *path, uint32_t format, const void *pixels, const void *colormap, int colors)
{
	png_image image;

	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	image.width = 3;
	image.height = 2;
	image.format = format;
	image.colormap_entries = (png_uint_32)colors;
	return png_image_write_to_file(&image, path, 0, pixels, 0, colormap) != 0;
}

static bool foreign_files(struct ctx *c)
{
	static const png_byte grey[6] = {0, 10, 128, 200, 254, 255};
	static const png_byte index[6] = {0, 1, 2, 2, 1, 0};
	static const png_byte palette[9] = {255, 0, 0, 0, 255, 0, 12, 34, 56};
	static const uint32_t want_palette[3] = {0xffff0000u, 0xff00ff00u, 0xff0c2238u};
	pixman_image_t *img;
	bool ok = true;

	REQUIRE(write_simple(path_of(c, "grey.png"), PNG_FORMAT_GRAY, grey, NULL, 0));
	img = render_png_read(c->path, c->err, sizeof(c->err));
	REQUIRE(img);
	for (int i = 0; i < 6; i++)
		ok = ok && t_get(img, i % 3, i / 3) == (0xff000000u | grey[i] * 0x010101u);
	pixman_image_unref(img);
	unlink(c->path);
	REQUIRE(ok);

	REQUIRE(write_simple(
	        path_of(c, "palette.png"), PNG_FORMAT_RGB_COLORMAP, index, palette, 3));
	img = render_png_read(c->path, c->err, sizeof(c->err));
	REQUIRE(img);
	for (int i = 0; i < 6; i++)
		ok = ok && t_get(img, i % 3, i / 3) == want_palette[index[i]];
	pixman_image_unref(img);
	unlink(c->path);
	REQUIRE(ok);
	return true;
}

static bool write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f) != 0)
		ok = false;
	return ok;
}

/* A read that must fail with a message naming the file and containing `what`. */
static bool read_fails(struct ctx *c, const char *what)
{
	pixman_image_t *img;

	c->err[0] = '\0';
	img = render_png_read(c->path, c->err, sizeof(c->err));
	if (img)
		pixman_image_unref(img);
	REQUIRE(!img);
	if (!strstr(c->err, c->path) || !strstr(c->err, what)) {
		t_fail("message \"%s\" lacks \"%s\" or \"%s\"", c->err, c->path, what);
		return false;
	}
	/* no buffer at all is fine too */
	img = render_png_read(c->path, NULL, 0);
	REQUIRE(!img);
	return true;
}

/* A valid PNG cut to `keep` bytes, or missing its last `-keep` bytes when keep < 0. */
static bool truncated_copy(struct ctx *c, long keep)
{
	static char data[1 << 16];
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 40, 40);
	struct rng r;
	FILE *f;
	size_t len;

	rng_seed(&r, 3);
	t_fill_random(img, &r);
	REQUIRE(render_png_write(img, path_of(c, "truncated.png"), false, c->err, sizeof(c->err)));
	pixman_image_unref(img);
	f = fopen(c->path, "rb");
	REQUIRE(f);
	len = fread(data, 1, sizeof(data), f);
	fclose(f);
	if (keep < 0)
		keep += (long)len;
	REQUIRE(keep >= 0 && (size_t)keep < len);
	return write_bytes(c->path, data, (size_t)keep);
}

static bool read_errors(struct ctx *c)
{
	static const char text[] = "this is not a PNG file, only some text\n";

	path_of(c, "missing.png");
	unlink(c->path);
	REQUIRE(read_fails(c, "No such file"));

	REQUIRE(write_bytes(path_of(c, "text.png"), text, sizeof(text) - 1));
	REQUIRE(read_fails(c, "not a PNG"));
	REQUIRE(write_bytes(c->path, "", 0));
	REQUIRE(read_fails(c, "not a PNG"));
	unlink(c->path);

	for (long keep = 8; keep < 2000; keep = keep * 3 / 2) {
		REQUIRE(truncated_copy(c, keep));
		REQUIRE(read_fails(c, ""));
	}
	REQUIRE(truncated_copy(c, -12)); /* all pixels, no IEND chunk */
	REQUIRE(read_fails(c, ""));
	unlink(c->path);
	return true;
}

/*
 * A failed write removes a partial regular file, never the device it was writing to. The
 * device is a private copy of /dev/full (when we may create one), so a regression costs
 * nothing outside the build directory.
 */
static bool full_device(struct ctx *c, pixman_image_t *img)
{
	struct stat st;
	bool ok;

	unlink(path_of(c, "full-device"));
	if (mknod(c->path, S_IFCHR | 0600, makedev(1, 7)) != 0)
		return true; /* not allowed here: nothing to check */
	ok = !render_png_write(img, c->path, false, c->err, sizeof(c->err)) &&
	     strstr(c->err, c->path) != NULL;
	ok = ok && stat(c->path, &st) == 0 && S_ISCHR(st.st_mode);
	unlink(c->path);
	REQUIRE(ok);
	return true;
}

static bool write_errors(struct ctx *c)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, 4, 4);
	const char *path = "/nonexistent-shmcomp-dir/out.png";
	bool ok;

	c->err[0] = '\0';
	ok = !render_png_write(img, path, false, c->err, sizeof(c->err)) && strstr(c->err, path);
	ok = ok && !render_png_write(img, path, true, NULL, 0);
	/* a directory is not writable as a file */
	ok = ok && !render_png_write(img, c->dir, false, c->err, sizeof(c->err)) &&
	     strstr(c->err, c->dir);
	/* a message cut short by a small buffer is still terminated */
	ok = ok && !render_png_write(img, path, false, c->err, 6) && strlen(c->err) == 5;
	ok = ok && full_device(c, img);
	pixman_image_unref(img);
	REQUIRE(ok);
	return true;
}

TEST(png)
{
	struct ctx c = {.dir = test_arg_or(tc, 0, ".")};
	bool ok = round_trips(&c) && to_stdout(&c) && foreign_files(&c) && read_errors(&c) &&
	          write_errors(&c);

	fprintf(stderr, "%s test-png\n", ok ? "PASS" : "FAIL");
	return ok ? TEST_PASS : TEST_FAIL;
}
