/*
 * testlib: seeded randomness, raw pixel access and the oracle's format conversions for the
 * render tests.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/render/testlib.h"

void rng_seed(struct rng *r, uint64_t seed)
{
	r->state = seed * 0x9e3779b97f4a7c15u + 1;
}

/* splitmix64: small, good enough for test inputs, identical on every platform */
uint32_t rng_u32(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

int32_t rng_int(struct rng *r, int32_t lo, int32_t hi)
{
	uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;

	return (int32_t)(lo + (int64_t)(rng_u32(r) % span));
}

bool rng_chance(struct rng *r, unsigned percent)
{
	return rng_u32(r) % 100 < percent;
}

pixman_image_t *t_image(pixman_format_code_t fmt, int w, int h)
{
	pixman_image_t *img = pixman_image_create_bits(fmt, w, h, NULL, 0);

	if (!img) {
		fprintf(stderr, "cannot create a %dx%d image\n", w, h);
		exit(99);
	}
	return img;
}

static char *row_of(pixman_image_t *img, int y)
{
	return (char *)pixman_image_get_data(img) +
	       (size_t)y * (size_t)pixman_image_get_stride(img);
}

uint32_t t_get(pixman_image_t *img, int x, int y)
{
	char *row = row_of(img, y);

	if (PIXMAN_FORMAT_BPP(pixman_image_get_format(img)) == 16)
		return ((uint16_t *)(void *)row)[x];
	return ((uint32_t *)(void *)row)[x];
}

void t_put(pixman_image_t *img, int x, int y, uint32_t raw)
{
	char *row = row_of(img, y);

	if (PIXMAN_FORMAT_BPP(pixman_image_get_format(img)) == 16)
		((uint16_t *)(void *)row)[x] = (uint16_t)raw;
	else
		((uint32_t *)(void *)row)[x] = raw;
}

void t_fill_random(pixman_image_t *img, struct rng *r)
{
	for (int y = 0; y < pixman_image_get_height(img); y++)
		for (int x = 0; x < pixman_image_get_width(img); x++)
			t_put(img, x, y, rng_u32(r));
}

static uint32_t random_premul(struct rng *r)
{
	uint32_t a = rng_chance(r, 10) ? 0xff : rng_chance(r, 10) ? 0 : rng_u32(r) & 0xff;
	uint32_t p = a << 24;

	for (int shift = 0; shift < 24; shift += 8)
		p |= (rng_u32(r) % (a + 1)) << shift;
	return p;
}

void t_fill_random_premul(pixman_image_t *img, struct rng *r)
{
	for (int y = 0; y < pixman_image_get_height(img); y++)
		for (int x = 0; x < pixman_image_get_width(img); x++)
			t_put(img, x, y, random_premul(r));
}

void t_fill_solid(pixman_image_t *img, uint32_t raw)
{
	for (int y = 0; y < pixman_image_get_height(img); y++)
		for (int x = 0; x < pixman_image_get_width(img); x++)
			t_put(img, x, y, raw);
}

pixman_image_t *t_solid(pixman_format_code_t fmt, int w, int h, uint32_t argb)
{
	pixman_image_t *img = t_image(fmt, w, h);

	t_fill_solid(img, t_from_argb(fmt, argb));
	return img;
}

uint32_t t_rgb(unsigned r, unsigned g, unsigned b)
{
	return 0xff000000u | (r & 0xff) << 16 | (g & 0xff) << 8 | (b & 0xff);
}

struct render_window t_window(pixman_image_t *img, int32_t x, int32_t y)
{
	return (struct render_window){
	        .image = img,
	        .x = x,
	        .y = y,
	        .width = (uint32_t)pixman_image_get_width(img),
	        .height = (uint32_t)pixman_image_get_height(img),
	        .argb = pixman_image_get_format(img) == PIXMAN_a8r8g8b8,
	        .opacity = RENDER_OPACITY_OPAQUE,
	};
}

struct render_window t_random_window(
        struct rng *r, pixman_format_code_t fmt, int margin, int w, int h, int max_size)
{
	struct render_window win = {.opacity = RENDER_OPACITY_OPAQUE};

	/* one draw after the other: the seeds replay the same windows */
	win.x = rng_int(r, -margin, w - 1);
	win.y = rng_int(r, -margin, h - 1);
	win.width = (uint32_t)rng_int(r, 1, max_size);
	win.height = (uint32_t)rng_int(r, 1, max_size);
	win.image = t_image(fmt, (int)win.width, (int)win.height);
	win.argb = fmt == PIXMAN_a8r8g8b8;
	if (win.argb)
		t_fill_random_premul(win.image, r);
	else
		t_fill_random(win.image, r);
	return win;
}

uint32_t t_to_argb(pixman_format_code_t fmt, uint32_t raw)
{
	uint32_t r, g, b;

	switch (fmt) {
	case PIXMAN_a8r8g8b8:
		return raw;
	case PIXMAN_x8r8g8b8:
		return 0xff000000u | (raw & 0xffffff);
	case PIXMAN_r5g6b5:
		r = (raw >> 11) & 0x1f;
		g = (raw >> 5) & 0x3f;
		b = raw & 0x1f;
		return 0xff000000u | ((r << 3) | (r >> 2)) << 16 | ((g << 2) | (g >> 4)) << 8 |
		       ((b << 3) | (b >> 2));
	default:
		fprintf(stderr, "testlib: unsupported format %#x\n", (unsigned)fmt);
		exit(99);
	}
}

uint32_t t_from_argb(pixman_format_code_t fmt, uint32_t argb)
{
	switch (fmt) {
	case PIXMAN_a8r8g8b8:
		return argb;
	case PIXMAN_x8r8g8b8:
		return argb & 0xffffff;
	case PIXMAN_r5g6b5:
		return ((argb >> 19) & 0x1f) << 11 | ((argb >> 10) & 0x3f) << 5 |
		       ((argb >> 3) & 0x1f);
	default:
		fprintf(stderr, "testlib: unsupported format %#x\n", (unsigned)fmt);
		exit(99);
	}
}

uint32_t t_color_bits(pixman_format_code_t fmt)
{
	switch (fmt) {
	case PIXMAN_a8r8g8b8:
		return 0xffffffffu;
	case PIXMAN_r5g6b5:
		return 0xffff;
	default:
		return 0xffffff;
	}
}

const char *t_format_name(pixman_format_code_t fmt)
{
	switch (fmt) {
	case PIXMAN_a8r8g8b8:
		return "a8r8g8b8";
	case PIXMAN_x8r8g8b8:
		return "x8r8g8b8";
	case PIXMAN_r5g6b5:
		return "r5g6b5";
	default:
		return "?";
	}
}

void t_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int t_run_seeded(const char *name, uint64_t iterations, bool (*check)(uint64_t seed))
{
	const char *only = getenv("RENDER_TEST_SEED");
	const char *more = getenv("RENDER_TEST_ITERATIONS");
	uint64_t first = 1, last = iterations;

	if (more && *more)
		last = strtoull(more, NULL, 0);
	if (only && *only)
		first = last = strtoull(only, NULL, 0);
	for (uint64_t seed = first; seed <= last; seed++) {
		if (!check(seed)) {
			fprintf(stderr,
			        "FAIL %s: seed %" PRIu64 " (rerun: RENDER_TEST_SEED=%" PRIu64
			        " %s)\n",
			        name, seed, seed, name);
			return 1;
		}
	}
	printf("PASS %s: seeds %" PRIu64 "..%" PRIu64 "\n", name, first, last);
	return 0;
}

static bool in_damage(const pixman_box32_t *boxes, int n, int x, int y)
{
	for (int i = 0; i < n; i++)
		if (t_box_contains(&boxes[i], x, y))
			return true;
	return false;
}

static bool verify_damage(pixman_image_t *dst, pixman_image_t *before, pixman_image_t *full,
        const pixman_box32_t *boxes, int nboxes, int frame)
{
	uint32_t bits = t_color_bits(pixman_image_get_format(dst));

	for (int y = 0; y < pixman_image_get_height(dst); y++) {
		for (int x = 0; x < pixman_image_get_width(dst); x++) {
			bool damaged = in_damage(boxes, nboxes, x, y);
			uint32_t mask = damaged ? bits : 0xffffffffu;
			uint32_t want = t_get(damaged ? full : before, x, y) & mask;
			uint32_t got = t_get(dst, x, y) & mask;

			if (got != want) {
				t_fail("frame %d, pixel (%d,%d) %s damage: got %#x, want %#x",
				        frame, x, y, damaged ? "inside" : "outside", got, want);
				return false;
			}
		}
	}
	return true;
}

bool t_damage_frame(struct rng *r, struct render_ctx *ctx, struct render_ctx *full_ctx,
        pixman_image_t *dst, const struct render_background *bg, const struct render_window *wins,
        int nwins, int max_boxes, int frame)
{
	int w = pixman_image_get_width(dst), h = pixman_image_get_height(dst);
	pixman_box32_t boxes[16];
	int nboxes = rng_int(r, 0, max_boxes < 16 ? max_boxes : 16);
	size_t n = (size_t)rng_int(r, 0, nwins);
	pixman_image_t *before = t_clone(dst);
	pixman_image_t *full = t_image(pixman_image_get_format(dst), w, h);
	pixman_region32_t damage;
	bool ok;

	for (int i = 0; i < nboxes; i++)
		boxes[i] = t_random_box(r, w, h, 12);
	pixman_region32_init_rects(&damage, boxes, nboxes);
	ok = render_frame(full_ctx, full, NULL, bg, wins, n) &&
	     render_frame(ctx, dst, &damage, bg, wins, n);
	if (!ok)
		t_fail("render_frame failed");
	ok = ok && verify_damage(dst, before, full, boxes, nboxes, frame);
	pixman_region32_fini(&damage);
	pixman_image_unref(full);
	pixman_image_unref(before);
	return ok;
}

pixman_box32_t t_random_box(struct rng *r, int w, int h, int out)
{
	int32_t x1 = rng_int(r, -out, w - 1);
	int32_t y1 = rng_int(r, -out, h - 1);
	int32_t x2 = rng_int(r, x1 + 1, w + out);
	int32_t y2 = rng_int(r, y1 + 1, h + out);

	return (pixman_box32_t){x1, y1, x2, y2};
}

bool t_box_contains(const pixman_box32_t *b, int x, int y)
{
	return x >= b->x1 && x < b->x2 && y >= b->y1 && y < b->y2;
}

pixman_image_t *t_clone(pixman_image_t *img)
{
	int w = pixman_image_get_width(img), h = pixman_image_get_height(img);
	pixman_image_t *copy = t_image(pixman_image_get_format(img), w, h);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			t_put(copy, x, y, t_get(img, x, y));
	return copy;
}

static unsigned channel_of(pixman_format_code_t fmt, uint32_t raw, int shift)
{
	if (fmt != PIXMAN_r5g6b5)
		return (raw >> shift) & 0xff;
	return shift == 16 ? (raw >> 11) & 0x1f : shift == 8 ? (raw >> 5) & 0x3f : raw & 0x1f;
}

bool t_channel_near(
        pixman_format_code_t fmt, uint32_t raw, int shift, double want, unsigned tolerance)
{
	int bits = fmt != PIXMAN_r5g6b5 ? 8 : shift == 8 ? 6 : 5;
	double step = (double)(1 << (8 - bits));
	double lo = floor(fmax(0.0, round(want) - tolerance) / step);
	double hi = floor(fmin(255.0, round(want) + tolerance) / step);
	unsigned got = channel_of(fmt, raw, shift);

	return got >= lo && got <= hi;
}

static bool write_png(pixman_image_t *img, const char *dir, const char *name, const char *kind)
{
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/%s-%s.png", dir, name, kind);
	if (!render_png_write(img, path, false, err, sizeof(err))) {
		t_fail("%s", err);
		return false;
	}
	fprintf(stderr, "wrote %s\n", path);
	return true;
}

bool t_check_reference(pixman_image_t *shot, const char *name, unsigned tolerance,
        const char *refdir, const char *outdir)
{
	char path[4096], err[512];
	struct render_diff d;
	pixman_image_t *ref, *diff;
	bool same;

	snprintf(path, sizeof(path), "%s/%s.png", refdir, name);
	ref = render_png_read(path, err, sizeof(err));
	if (!ref) {
		t_fail("no usable reference (%s)", err);
		if (write_png(shot, outdir, name, "shot"))
			t_fail("inspect the shot, then copy it to %s", path);
		return false;
	}
	same = render_compare(shot, ref, tolerance, NULL, &d);
	if (!same) {
		t_fail("%s differs from %s: %s%llu pixels beyond %u, max delta %u, first at "
		       "(%d,%d)",
		        name, path, d.size_mismatch ? "size mismatch, " : "",
		        (unsigned long long)d.count, tolerance, d.max_delta, d.first_x, d.first_y);
		write_png(shot, outdir, name, "shot");
		diff = render_diff_image(shot, ref, tolerance);
		if (diff) {
			write_png(diff, outdir, name, "diff");
			pixman_image_unref(diff);
		}
	}
	pixman_image_unref(ref);
	return same;
}

static double first_row(double size, double sigma)
{
	double factor = erf(size / sigma / sqrt(2.0));
	double a = exp(-0.5 * size * size / (sigma * sigma)) / sqrt(2 * M_PI) / sigma;

	return a / factor;
}

double t_picom_sigma(unsigned r)
{
	double lo = 0, hi = 2.0 * r, limit = 0.5 / 256;

	if (r == 0)
		return 0;
	if (limit >= 1.0 / 2.0 / r)
		return 2.0 * r;
	while (hi - lo > 1e-2) {
		double mid = (lo + hi) / 2;

		if (first_row(r, mid) > limit)
			hi = mid;
		else
			lo = mid;
	}
	return (lo + hi) / 2;
}

/* Area of [x0, x1] x [y0, y1] inside the disc of radius c centred at (cx, cy), integrated in
 * 1000 vertical slices with exact vertical extents. */
static double disc_area(double c, double cx, double cy, double x0, double x1, double y0, double y1)
{
	const int slices = 1000;
	double area = 0;

	for (int s = 0; s < slices; s++) {
		double x = x0 + (x1 - x0) * (s + 0.5) / slices, d = c * c - (x - cx) * (x - cx);

		if (d <= 0)
			continue;
		double lo = fmax(y0, cy - sqrt(d)), hi = fmin(y1, cy + sqrt(d));

		if (hi > lo)
			area += (hi - lo) * (x1 - x0) / slices;
	}
	return area;
}

double t_rounded_coverage(int w, int h, int c, int i, int j)
{
	/* fold into the top-left corner */
	int fi = i < w / 2 ? i : w - 1 - i, fj = j < h / 2 ? j : h - 1 - j;

	if (i < 0 || j < 0 || i >= w || j >= h)
		return 0;
	if (fi >= c || fj >= c)
		return 1;
	return disc_area(c, c, c, fi, fi + 1, fj, fj + 1);
}

void t_shadow_init(
        struct t_shadow *m, unsigned r, int w, int h, int c, const pixman_region32_t *shape)
{
	double sigma = t_picom_sigma(r), total = 0;

	m->r = (int)r;
	m->w = w;
	m->h = h;
	m->g = malloc((2 * r + 1) * sizeof(double));
	m->cov = malloc((size_t)w * (size_t)h * sizeof(double));
	if (!m->g || !m->cov)
		exit(99);
	for (int k = -m->r; k <= m->r; k++)
		total += m->g[k + m->r] = r ? exp(-0.5 * k * k / (sigma * sigma)) : 1;
	for (int k = 0; k <= 2 * m->r; k++)
		m->g[k] /= total;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			m->cov[y * w + x] =
			        (!shape || pixman_region32_contains_point(shape, x, y, NULL))
			                ? t_rounded_coverage(w, h, c, x, y)
			                : 0;
}

double t_shadow_at(const struct t_shadow *m, int u, int v)
{
	double s = 0;

	for (int l = -m->r; l <= m->r; l++) {
		int y = v - m->r + l;

		if (y < 0 || y >= m->h)
			continue;
		for (int k = -m->r; k <= m->r; k++) {
			int x = u - m->r + k;

			if (x >= 0 && x < m->w)
				s += m->g[k + m->r] * m->g[l + m->r] * m->cov[y * m->w + x];
		}
	}
	return s;
}

void t_shadow_fini(struct t_shadow *m)
{
	free(m->cov);
	free(m->g);
}
