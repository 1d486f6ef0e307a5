/* A reader for the files `xwd` writes: a header of 25 big-endian CARD32 fields, the window
 * name, ncolors 12-byte XWDColor entries, then the pixels in the header's byte order with
 * bytes_per_line per row. Only what a TrueColor ZPixmap screen dump needs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/ctl/driver.h"

enum xwd_field {
	XWD_HEADER_SIZE = 0,
	XWD_FILE_VERSION = 1,
	XWD_PIXMAP_FORMAT = 2,
	XWD_PIXMAP_DEPTH = 3,
	XWD_PIXMAP_WIDTH = 4,
	XWD_PIXMAP_HEIGHT = 5,
	XWD_BYTE_ORDER = 7,
	XWD_BITS_PER_PIXEL = 11,
	XWD_BYTES_PER_LINE = 12,
	XWD_VISUAL_CLASS = 13,
	XWD_RED_MASK = 14,
	XWD_GREEN_MASK = 15,
	XWD_BLUE_MASK = 16,
	XWD_NCOLORS = 19,
	XWD_FIELDS = 25,
};

#define XWD_VERSION 7
#define XWD_ZPIXMAP 2
#define XWD_TRUE_COLOR 4
#define XWD_COLOR_BYTES 12
#define XWD_MSB_FIRST 1

static bool fail(char *err, size_t errlen, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return false;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool read_header(FILE *f, uint32_t h[XWD_FIELDS], char *err, size_t errlen)
{
	uint8_t raw[XWD_FIELDS * 4];

	if (fread(raw, 1, sizeof raw, f) != sizeof raw)
		return fail(err, errlen, "short header");
	for (int i = 0; i < XWD_FIELDS; i++)
		h[i] = be32(raw + 4 * i);
	if (h[XWD_FILE_VERSION] != XWD_VERSION || h[XWD_HEADER_SIZE] < sizeof raw)
		return fail(err, errlen, "not an XWD version 7 file");
	if (h[XWD_PIXMAP_FORMAT] != XWD_ZPIXMAP || h[XWD_VISUAL_CLASS] != XWD_TRUE_COLOR)
		return fail(err, errlen, "format %u visual class %u: want ZPixmap TrueColor",
		        h[XWD_PIXMAP_FORMAT], h[XWD_VISUAL_CLASS]);
	if (h[XWD_BITS_PER_PIXEL] != 16 && h[XWD_BITS_PER_PIXEL] != 32)
		return fail(err, errlen, "%u bits per pixel", h[XWD_BITS_PER_PIXEL]);
	if ((uint64_t)h[XWD_PIXMAP_WIDTH] * h[XWD_BITS_PER_PIXEL] / 8 > h[XWD_BYTES_PER_LINE] ||
	        h[XWD_PIXMAP_HEIGHT] > 32767)
		return fail(err, errlen, "inconsistent sizes");
	return true;
}

static void fill_image(struct xwd_image *img, const uint32_t h[XWD_FIELDS])
{
	img->width = h[XWD_PIXMAP_WIDTH];
	img->height = h[XWD_PIXMAP_HEIGHT];
	img->depth = h[XWD_PIXMAP_DEPTH];
	img->bits_per_pixel = h[XWD_BITS_PER_PIXEL];
	img->byte_order = h[XWD_BYTE_ORDER];
	img->bytes_per_line = h[XWD_BYTES_PER_LINE];
	img->red_mask = h[XWD_RED_MASK];
	img->green_mask = h[XWD_GREEN_MASK];
	img->blue_mask = h[XWD_BLUE_MASK];
}

static bool read_body(
        FILE *f, struct xwd_image *img, const uint32_t h[XWD_FIELDS], char *err, size_t errlen)
{
	/* the window name, then the colormap: a TrueColor dump does not need either */
	long skip = (long)(h[XWD_HEADER_SIZE] - XWD_FIELDS * 4) +
	            (long)h[XWD_NCOLORS] * XWD_COLOR_BYTES;
	size_t size = (size_t)img->bytes_per_line * img->height;

	if (fseek(f, skip, SEEK_CUR) != 0)
		return fail(err, errlen, "short file before the pixels");
	img->pixels = malloc(size ? size : 1);
	if (!img->pixels)
		return fail(err, errlen, "out of memory");
	if (fread(img->pixels, 1, size, f) != size)
		return fail(err, errlen, "short pixel data: want %zu bytes", size);
	return true;
}

bool xwd_read(const char *path, struct xwd_image *img, char *err, size_t errlen)
{
	uint32_t h[XWD_FIELDS];
	FILE *f = fopen(path, "rb");
	bool ok;

	memset(img, 0, sizeof *img);
	if (!f)
		return fail(err, errlen, "cannot open %s", path);
	ok = read_header(f, h, err, errlen);
	if (ok) {
		fill_image(img, h);
		ok = read_body(f, img, h, err, errlen);
	}
	fclose(f);
	if (!ok)
		xwd_free(img);
	return ok;
}

static uint32_t raw_pixel(const struct xwd_image *img, uint32_t x, uint32_t y)
{
	unsigned n = img->bits_per_pixel / 8;
	const uint8_t *p = img->pixels + (size_t)y * img->bytes_per_line + (size_t)x * n;
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned b = img->byte_order == XWD_MSB_FIRST ? i : n - 1 - i;

		v = v << 8 | p[b];
	}
	return v;
}

/* The channel under mask, widened to 8 bits by repeating its bits. */
static uint32_t channel(uint32_t pixel, uint32_t mask)
{
	unsigned shift = 0, bits = 0;
	uint32_t v, wide = 0;

	if (!mask)
		return 0;
	while (!(mask >> shift & 1))
		shift++;
	while (shift + bits < 32 && mask >> (shift + bits) & 1)
		bits++;
	v = (pixel & mask) >> shift;
	if (bits >= 8)
		return v >> (bits - 8);
	for (unsigned have = 0; have < 8; have += bits)
		wide = wide << bits | v;
	return wide >> ((8 + bits - 1) / bits * bits - 8);
}

uint32_t xwd_rgb(const struct xwd_image *img, uint32_t x, uint32_t y)
{
	uint32_t p = raw_pixel(img, x, y);

	return channel(p, img->red_mask) << 16 | channel(p, img->green_mask) << 8 |
	       channel(p, img->blue_mask);
}

void xwd_free(struct xwd_image *img)
{
	free(img->pixels);
	img->pixels = NULL;
}
