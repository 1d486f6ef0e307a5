/*
 * png: PNG files to and from pixman images with libpng. libpng reports errors by longjmp, so
 * each function calling setjmp changes no local variable after it that it reads afterwards.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "render/render-private.h"
#include "render/render.h"

#define PNG_MAX_SIDE 32767 /* X's limit on a drawable's side */

struct png_job {
	const char *name; /* the path, as messages show it */
	char *err;
	size_t errlen;
};

static void set_err(const struct png_job *job, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void set_err(const struct png_job *job, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!job->err || job->errlen == 0)
		return;
	n = snprintf(job->err, job->errlen, "%s: ", job->name);
	if (n < 0 || (size_t)n >= job->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(job->err + n, job->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void on_png_error(png_structp png, png_const_charp msg)
{
	set_err(png_get_error_ptr(png), "%s", msg);
	png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	/* warnings (odd chunks, gamma and the like) do not affect the pixels we use */
}

static png_byte unpremultiply(unsigned v, unsigned a)
{
	if (a == 0)
		return 0;
	if (v >= a)
		return 255;
	return (png_byte)((v * 255 + a / 2) / a);
}

static uint32_t premultiply(unsigned v, unsigned a)
{
	return (v * a + 127) / 255;
}

/* One row of a8r8g8b8 pixels as RGB bytes, or as un-premultiplied RGBA bytes. */
static void pack_row(const uint32_t *src, uint32_t w, bool alpha, png_byte *out)
{
	for (uint32_t x = 0; x < w; x++) {
		uint32_t p = src[x];
		unsigned a = p >> 24;

		for (int shift = 16; shift >= 0; shift -= 8) {
			unsigned v = (p >> shift) & 0xff;

			*out++ = alpha ? unpremultiply(v, a) : (png_byte)v;
		}
		if (alpha)
			*out++ = (png_byte)a;
	}
}

static bool write_rows(
        png_structp png, png_infop info, pixman_image_t *img, bool alpha, png_byte *row)
{
	uint32_t w = (uint32_t)pixman_image_get_width(img);
	uint32_t h = (uint32_t)pixman_image_get_height(img);
	const char *base = (const char *)pixman_image_get_data(img);
	size_t stride = (size_t)pixman_image_get_stride(img);

	if (setjmp(png_jmpbuf(png)))
		return false;
	png_set_IHDR(png, info, w, h, 8, alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
	        PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < h; y++) {
		pack_row((const uint32_t *)(const void *)(base + y * stride), w, alpha, row);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	return true;
}

static bool write_stream(FILE *f, pixman_image_t *argb, bool alpha, struct png_job *job)
{
	png_structp png;
	png_infop info = NULL;
	png_byte *row;
	bool ok = false;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, job, on_png_error, on_png_warning);
	if (png)
		info = png_create_info_struct(png);
	row = malloc((size_t)pixman_image_get_width(argb) * 4 + 1);
	if (!info || !row) {
		set_err(job, "out of memory");
		goto out;
	}
	png_init_io(png, f);
	ok = write_rows(png, info, argb, alpha, row);
out:
	free(row);
	png_destroy_write_struct(&png, &info);
	return ok;
}

/* Flush or close f; the first error is the one reported. */
static bool finish_stream(FILE *f, bool is_stdout, bool ok, const struct png_job *job)
{
	int rc = is_stdout ? fflush(f) : fclose(f);

	if (rc != 0 && ok)
		set_err(job, "%s", strerror(errno));
	return ok && rc == 0;
}

/* Only a regular file is removed after a failed write: never a device, a FIFO or a socket. */
static bool is_regular(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
}

bool render_png_write(
        pixman_image_t *img, const char *path, bool keep_alpha, char *err, size_t errlen)
{
	bool is_stdout = strcmp(path, "-") == 0;
	struct png_job job = {is_stdout ? "<stdout>" : path, err, errlen};
	pixman_image_t *argb;
	FILE *f;
	bool ok = false, regular;

	argb = render_to_argb32(img);
	if (!argb) {
		set_err(&job, "out of memory");
		return false;
	}
	f = is_stdout ? stdout : fopen(path, "wb");
	if (!f) {
		set_err(&job, "%s", strerror(errno));
		goto error_argb;
	}
	regular = !is_stdout && is_regular(f);
	ok = write_stream(f, argb, keep_alpha, &job);
	ok = finish_stream(f, is_stdout, ok, &job);
	if (!ok && regular)
		unlink(path);
error_argb:
	pixman_image_unref(argb);
	return ok;
}

bool render_png_write_stream(
        pixman_image_t *img, FILE *f, const char *name, bool keep_alpha, char *err, size_t errlen)
{
	struct png_job job = {name, err, errlen};
	pixman_image_t *argb = render_to_argb32(img);
	bool ok;

	if (!argb) {
		set_err(&job, "out of memory");
		return false;
	}
	ok = write_stream(f, argb, keep_alpha, &job);
	ok = finish_stream(f, true, ok, &job);
	pixman_image_unref(argb);
	return ok;
}

/* Read the header and ask libpng for 8-bit RGBA rows whatever the file holds. */
static bool read_header(png_structp png, png_infop info, uint32_t *w, uint32_t *h)
{
	if (setjmp(png_jmpbuf(png)))
		return false;
	png_set_user_limits(png, PNG_MAX_SIDE, PNG_MAX_SIDE);
	png_read_info(png, info);
	png_set_expand(png);
	png_set_scale_16(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	*w = png_get_image_width(png, info);
	*h = png_get_image_height(png, info);
	if (png_get_rowbytes(png, info) != (size_t)*w * 4)
		png_error(png, "unexpected row layout after conversion");
	return true;
}

static bool read_rows(png_structp png, png_bytep *rows)
{
	if (setjmp(png_jmpbuf(png)))
		return false;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	return true;
}

static png_bytep *row_pointers(pixman_image_t *img)
{
	int h = pixman_image_get_height(img);
	size_t stride = (size_t)pixman_image_get_stride(img);
	png_bytep base = (png_bytep)pixman_image_get_data(img);
	png_bytep *rows = calloc((size_t)h + 1, sizeof(*rows));

	for (int y = 0; rows && y < h; y++)
		rows[y] = base + (size_t)y * stride;
	return rows;
}

/* RGBA bytes, as libpng left them, into premultiplied a8r8g8b8 in place. */
static void rgba_to_argb32(pixman_image_t *img, png_bytep *rows)
{
	int w = pixman_image_get_width(img);
	int h = pixman_image_get_height(img);

	for (int y = 0; y < h; y++) {
		uint32_t *dst = (uint32_t *)(void *)rows[y];

		for (int x = 0; x < w; x++) {
			const png_byte *p = rows[y] + 4 * x;
			unsigned a = p[3];

			dst[x] = (uint32_t)a << 24 | premultiply(p[0], a) << 16 |
			         premultiply(p[1], a) << 8 | premultiply(p[2], a);
		}
	}
}

static pixman_image_t *read_stream(FILE *f, struct png_job *job)
{
	png_structp png;
	png_infop info = NULL;
	pixman_image_t *img = NULL;
	png_bytep *rows = NULL;
	uint32_t w, h;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, on_png_error, on_png_warning);
	if (png)
		info = png_create_info_struct(png);
	if (!info) {
		set_err(job, "out of memory");
		goto error_png;
	}
	png_init_io(png, f);
	png_set_sig_bytes(png, 8);
	if (!read_header(png, info, &w, &h))
		goto error_png;
	img = pixman_image_create_bits(PIXMAN_a8r8g8b8, (int)w, (int)h, NULL, 0);
	if (img)
		rows = row_pointers(img);
	if (!rows) {
		set_err(job, "cannot allocate a %" PRIu32 "x%" PRIu32 " image", w, h);
		goto error_img;
	}
	if (!read_rows(png, rows))
		goto error_rows;
	rgba_to_argb32(img, rows);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	return img;
error_rows:
	free(rows);
error_img:
	if (img)
		pixman_image_unref(img);
error_png:
	png_destroy_read_struct(&png, &info, NULL);
	return NULL;
}

pixman_image_t *render_png_read(const char *path, char *err, size_t errlen)
{
	struct png_job job = {path, err, errlen};
	png_byte sig[8];
	pixman_image_t *img = NULL;
	FILE *f = fopen(path, "rb");

	if (!f) {
		set_err(&job, "%s", strerror(errno));
		return NULL;
	}
	if (fread(sig, 1, sizeof(sig), f) != sizeof(sig) || png_sig_cmp(sig, 0, sizeof(sig)) != 0)
		set_err(&job, "not a PNG file");
	else
		img = read_stream(f, &job);
	fclose(f);
	return img;
}
