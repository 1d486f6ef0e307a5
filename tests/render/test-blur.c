/*
 * Background blur against oracles written here in double precision, seeded: box and gaussian
 * equal the exact (2n+1)-tap convolution (±1 per channel), kernel the direct convolution with
 * the parsed kernels in turn (±1), dual_kawase a plain implementation of its down and up
 * passes with bilinear samples (±2); every pass reads the screen clamped at its edges. A flat
 * colour stays flat; shapes and rounded corners clip the blur; opacity, blur-background-fixed
 * and blur-background-frame; pixels outside blurred windows equal the frame without blur.
 * Usage: test-blur CHECK (box, gaussian, kernel, dual-kawase, flat, clip, opacity, frame,
 * outside, reach).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tests/render/testlib.h"

/* ---- the oracle: planes of doubles, every read clamped to the plane ---- */

struct dplane {
	int w, h;
	double *v; /* w * h * 4: blue, green, red, alpha */
};

static struct dplane dp_new(int w, int h)
{
	struct dplane p = {w, h, calloc((size_t)w * (size_t)h * 4, sizeof(double))};

	if (!p.v)
		exit(99);
	return p;
}

static double *dp_at(const struct dplane *p, int x, int y)
{
	x = x < 0 ? 0 : x >= p->w ? p->w - 1 : x;
	y = y < 0 ? 0 : y >= p->h ? p->h - 1 : y;
	return p->v + ((size_t)y * (size_t)p->w + (size_t)x) * 4;
}

/* The screen as the blur sees it: a8r8g8b8 channels, x8 formats opaque. */
static struct dplane dp_from(pixman_image_t *img)
{
	pixman_format_code_t fmt = pixman_image_get_format(img);
	struct dplane p = dp_new(pixman_image_get_width(img), pixman_image_get_height(img));

	for (int y = 0; y < p.h; y++) {
		for (int x = 0; x < p.w; x++) {
			uint32_t argb = t_to_argb(fmt, t_get(img, x, y));

			for (int c = 0; c < 4; c++)
				dp_at(&p, x, y)[c] = (argb >> (8 * c)) & 0xff;
		}
	}
	return p;
}

/* out = in convolved with the w x h kernel k (row by row, centred), reads clamped. */
static struct dplane dp_convolve(const struct dplane *in, const double *k, int kw, int kh)
{
	struct dplane out = dp_new(in->w, in->h);

	for (int y = 0; y < in->h; y++)
		for (int x = 0; x < in->w; x++)
			for (int j = 0; j < kh; j++)
				for (int i = 0; i < kw; i++)
					for (int c = 0; c < 4; c++)
						dp_at(&out, x, y)[c] +=
						        k[j * kw + i] * dp_at(in, x + i - kw / 2,
						                                y + j - kh / 2)[c];
	return out;
}

/* The (2n+1) x (2n+1) kernel of method box or gaussian, exactly as issue 14 states it. */
static double *square_kernel(bool gaussian, int n, double sigma)
{
	int side = 2 * n + 1;
	double *k = malloc((size_t)side * (size_t)side * sizeof(double)),
	       *g = malloc((size_t)side * sizeof(double));
	double sum = 0;

	if (!k || !g)
		exit(99);
	for (int i = -n; i <= n; i++)
		sum += g[i + n] = gaussian ? exp(-(double)i * i / (2 * sigma * sigma)) : 1;
	for (int j = 0; j < side; j++)
		for (int i = 0; i < side; i++)
			k[j * side + i] = g[i] * g[j] / (sum * sum);
	free(g);
	return k;
}

/* Bilinear sample of p at continuous (u, v), cell (i, j) spanning [i, i+1) x [j, j+1). */
static void dp_sample(const struct dplane *p, double u, double v, double *out)
{
	double tu = u - 0.5, tv = v - 0.5, fu = tu - floor(tu), fv = tv - floor(tv);
	int i = (int)floor(tu), j = (int)floor(tv);

	for (int c = 0; c < 4; c++)
		out[c] = (1 - fu) * (1 - fv) * dp_at(p, i, j)[c] +
		         fu * (1 - fv) * dp_at(p, i + 1, j)[c] +
		         (1 - fu) * fv * dp_at(p, i, j + 1)[c] +
		         fu * fv * dp_at(p, i + 1, j + 1)[c];
}

static void add(double *acc, const double *s, double w)
{
	for (int c = 0; c < 4; c++)
		acc[c] += w * s[c];
}

/* picom's dual_kawase strength levels: iterations, offset. */
static const struct {
	int iterations;
	double offset;
} kawase[20] = {{1, 1.25}, {1, 2.25}, {2, 2.00}, {2, 3.00}, {2, 4.25}, {3, 2.50}, {3, 3.25},
        {3, 4.25}, {3, 5.50}, {4, 3.25}, {4, 4.00}, {4, 5.00}, {4, 6.00}, {4, 7.25}, {4, 8.25},
        {5, 4.50}, {5, 5.25}, {5, 6.25}, {5, 7.25}, {5, 8.50}};

static struct dplane kawase_down(const struct dplane *in, double o)
{
	struct dplane out = dp_new((in->w + 1) / 2, (in->h + 1) / 2);
	double s[4], d = o / 2;

	for (int y = 0; y < out.h; y++) {
		for (int x = 0; x < out.w; x++) {
			double acc[4] = {0}, cx = 2 * x + 1, cy = 2 * y + 1;

			dp_sample(in, cx, cy, s);
			add(acc, s, 4);
			for (int q = 0; q < 4; q++) {
				dp_sample(in, cx + (q & 1 ? d : -d), cy + (q & 2 ? d : -d), s);
				add(acc, s, 1);
			}
			for (int c = 0; c < 4; c++)
				dp_at(&out, x, y)[c] = acc[c] / 8;
		}
	}
	return out;
}

static struct dplane kawase_up(const struct dplane *in, int w, int h, double o)
{
	struct dplane out = dp_new(w, h);
	double s[4], d = o / 2;

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double acc[4] = {0}, cx = (x + 0.5) / 2, cy = (y + 0.5) / 2;
			const double axis[4][2] = {{-o, 0}, {o, 0}, {0, -o}, {0, o}};

			for (int q = 0; q < 4; q++) {
				dp_sample(in, cx + axis[q][0], cy + axis[q][1], s);
				add(acc, s, 1);
				dp_sample(in, cx + (q & 1 ? d : -d), cy + (q & 2 ? d : -d), s);
				add(acc, s, 2);
			}
			for (int c = 0; c < 4; c++)
				dp_at(&out, x, y)[c] = acc[c] / 12;
		}
	}
	return out;
}

static struct dplane dual_kawase(const struct dplane *screen, int strength)
{
	int L = kawase[strength - 1].iterations;
	double o = kawase[strength - 1].offset;
	struct dplane levels[6];

	levels[0] = *screen;
	for (int k = 1; k <= L; k++)
		levels[k] = kawase_down(&levels[k - 1], o);
	for (int k = L - 1; k >= 0; k--) {
		struct dplane up = kawase_up(&levels[k + 1], levels[k].w, levels[k].h, o);

		free(levels[k + 1].v);
		if (k > 0)
			free(levels[k].v);
		levels[k] = up;
	}
	return levels[0];
}

/* ---- scenes: a random background under one blurred window ---- */

struct scene {
	pixman_format_code_t fmt;
	int w, h;
	pixman_image_t *tile;
	struct render_background bg;
	struct render_effects fx;
	struct render_window win;
	pixman_region32_t shape;
};

/* A background with structure (gradients, blocks and noise), as large as the screen. */
static pixman_image_t *random_background(struct rng *r, int w, int h)
{
	pixman_image_t *img = t_image(PIXMAN_x8r8g8b8, w, h);
	int kind = rng_int(r, 0, 2);

	t_fill_random(img, r);
	for (int y = 0; kind && y < h; y++) {
		for (int x = 0; x < w; x++) {
			uint32_t v =
			        kind == 1
			                ? ((uint32_t)(x * 255 / w) << 16 | (uint32_t)(y * 255 / h))
			                : ((x / 5 + y / 7) % 2 ? 0xf0e0d0u : 0x102030u);

			if (rng_chance(r, 80))
				t_put(img, x, y, 0xff000000u | v);
		}
	}
	return img;
}

static pixman_image_t *clear_image(int w, int h)
{
	return t_image(PIXMAN_a8r8g8b8, w, h); /* zeroed: fully transparent */
}

static void scene_init(struct scene *s, struct rng *r, int w, int h)
{
	*s = (struct scene){.fmt = PIXMAN_x8r8g8b8, .w = w, .h = h};
	s->tile = random_background(r, w, h);
	s->bg = (struct render_background){s->tile, 0xff000000u};
	pixman_region32_init(&s->shape);
}

/* A transparent argb window somewhere over the screen, edges often beyond it. */
static void scene_window(struct scene *s, struct rng *r)
{
	int ww = rng_int(r, 1, s->w + 10), wh = rng_int(r, 1, s->h + 10);

	s->win = (struct render_window){
	        .image = clear_image(ww, wh),
	        .x = rng_int(r, -10, s->w - 1),
	        .y = rng_int(r, -10, s->h - 1),
	        .width = (uint32_t)ww,
	        .height = (uint32_t)wh,
	        .argb = true,
	        .opacity = RENDER_OPACITY_OPAQUE,
	        .blur = true,
	};
}

static void scene_fini(struct scene *s)
{
	if (s->win.image)
		pixman_image_unref(s->win.image);
	pixman_image_unref(s->tile);
	pixman_region32_fini(&s->shape);
}

static pixman_image_t *render(const struct scene *s, const struct render_effects *fx)
{
	struct render_ctx *ctx = render_ctx_create();
	pixman_image_t *dst = t_image(s->fmt, s->w, s->h);

	if (!ctx || !render_ctx_set_effects(ctx, fx) ||
	        !render_frame(ctx, dst, NULL, &s->bg, &s->win, 1)) {
		t_fail("rendering failed");
		exit(1);
	}
	render_ctx_destroy(ctx);
	return dst;
}

static bool in_window(const struct render_window *w, int x, int y)
{
	return x >= w->x && y >= w->y && x < w->x + (int)w->width && y < w->y + (int)w->height;
}

static unsigned channel(uint32_t argb, int c)
{
	return (argb >> (8 * c)) & 0xff;
}

/* Inside the window every channel within tol of want; outside it, the unblurred frame. */
static bool compare(const struct scene *s, pixman_image_t *got, const struct dplane *want,
        double tol, const char *what)
{
	const struct dplane plain = dp_from(s->tile);

	for (int y = 0; y < s->h; y++) {
		for (int x = 0; x < s->w; x++) {
			uint32_t g = t_to_argb(s->fmt, t_get(got, x, y));
			bool inside = in_window(&s->win, x, y);

			for (int c = 0; c < 3; c++) {
				double e = (inside ? want : &plain)
				                   ->v[((size_t)y * (size_t)s->w + (size_t)x) * 4 +
				                           (size_t)c];

				if (fabs(channel(g, c) - e) > (inside ? tol : 0)) {
					t_fail("%s %dx%d, window %dx%d at %d,%d: pixel (%d,%d) "
					       "channel %d "
					       "got %u, want %.3f",
					        what, s->w, s->h, s->win.width, s->win.height,
					        s->win.x, s->win.y, x, y, c, channel(g, c), e);
					free(plain.v);
					return false;
				}
			}
		}
	}
	free(plain.v);
	return true;
}

static bool check_square(uint64_t seed, bool gaussian)
{
	struct rng r;
	struct scene s;
	bool ok;

	rng_seed(&r, seed);
	scene_init(&s, &r, rng_int(&r, 1, 48), rng_int(&r, 1, 40));
	scene_window(&s, &r);
	int n = rng_chance(&r, 20) ? rng_int(&r, 0, 40) : rng_int(&r, 0, 8);
	double sigma = rng_int(&r, 1, 800) / 100.0;
	s.fx.blur =
	        (struct render_blur){.method = gaussian ? RENDER_BLUR_GAUSSIAN : RENDER_BLUR_BOX,
	                .size = (uint32_t)n,
	                .deviation = sigma};
	pixman_image_t *got = render(&s, &s.fx);
	struct dplane screen = dp_from(s.tile);
	double *k = square_kernel(gaussian, n, sigma);
	struct dplane want = dp_convolve(&screen, k, 2 * n + 1, 2 * n + 1);
	char what[64];

	snprintf(what, sizeof(what), "%s n=%d sigma=%.2f", gaussian ? "gaussian" : "box", n, sigma);
	ok = compare(&s, got, &want, 1, what);
	free(want.v);
	free(k);
	free(screen.v);
	pixman_image_unref(got);
	scene_fini(&s);
	return ok;
}

static bool check_box(uint64_t seed)
{
	return check_square(seed, false);
}

static bool check_gaussian(uint64_t seed)
{
	return check_square(seed, true);
}

/* ---- kernel ---- */

static void append(char *buf, size_t len, double v)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, ",%.6f", v);
}

/* Random kernels in picom's syntax: plain, separable (outer products) or picom's named ones,
 * some with negative values. */
static void random_kernels(struct rng *r, char *buf, size_t len)
{
	static const char *const named[] = {"3x3box", "5x5box", "7x7box", "3x3gaussian",
	        "5x5gaussian", "7x7gaussian", "9x9gaussian", "11x11gaussian"};
	int count = rng_int(r, 1, 3);

	buf[0] = '\0';
	if (rng_chance(r, 25)) {
		snprintf(buf, len, "%s", named[rng_int(r, 0, 7)]);
		return;
	}
	for (int k = 0; k < count; k++) {
		int w = 2 * rng_int(r, 0, 3) + 1, h = 2 * rng_int(r, 0, 3) + 1;
		bool outer = rng_chance(r, 40), neg = rng_chance(r, 20);
		double fx[7], fy[7];

		for (int i = 0; i < 7; i++) {
			fx[i] = rng_int(r, neg ? -200 : 0, 1000) / 1000.0;
			fy[i] = rng_int(r, 0, 1000) / 1000.0;
		}
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%d,%d", k ? "; " : "", w, h);
		for (int j = 0; j < h; j++) {
			for (int i = 0; i < w; i++) {
				double v = outer ? fx[i] * fy[j]
				                 : rng_int(r, neg ? -300 : 0, 1000) / 1000.0;

				if (i != w / 2 || j != h / 2)
					append(buf, len, v);
			}
		}
	}
}

static bool check_kernel(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct render_kernel *k;
	size_t count;
	char text[4096], err[128];
	bool ok;

	rng_seed(&r, seed);
	random_kernels(&r, text, sizeof(text));
	if (!render_kernels_parse(text, &k, &count, err, sizeof(err))) {
		t_fail("'%s': %s", text, err);
		return false;
	}
	scene_init(&s, &r, rng_int(&r, 1, 40), rng_int(&r, 1, 36));
	scene_window(&s, &r);
	s.fx.blur = (struct render_blur){
	        .method = RENDER_BLUR_KERNEL, .kernels = k, .kernel_count = count};
	pixman_image_t *got = render(&s, &s.fx);
	struct dplane want = dp_from(s.tile);

	for (size_t i = 0; i < count; i++) {
		size_t n = (size_t)k[i].width * k[i].height;
		double sum = 0, *norm = malloc(n * sizeof(double));

		for (size_t j = 0; j < n; j++)
			sum += k[i].values[j];
		for (size_t j = 0; j < n; j++)
			norm[j] = k[i].values[j] / (sum != 0 ? sum : 1);
		struct dplane next = dp_convolve(&want, norm, (int)k[i].width, (int)k[i].height);

		free(want.v);
		free(norm);
		want = next;
	}
	for (size_t j = 0; j < (size_t)want.w * (size_t)want.h * 4; j++)
		want.v[j] = want.v[j] < 0 ? 0 : want.v[j] > 255 ? 255 : want.v[j];
	ok = compare(&s, got, &want, 1, text);
	free(want.v);
	pixman_image_unref(got);
	render_kernels_free(k, count);
	scene_fini(&s);
	return ok;
}

/* ---- dual_kawase ---- */

static bool check_dual_kawase(uint64_t seed)
{
	struct rng r;
	struct scene s;
	char what[64];
	bool ok;

	rng_seed(&r, seed);
	int strength = rng_chance(&r, 70) ? rng_int(&r, 1, 9) : rng_int(&r, 10, 20);
	scene_init(&s, &r, rng_int(&r, 1, strength > 9 ? 70 : 50), rng_int(&r, 1, 45));
	scene_window(&s, &r);
	s.fx.blur = (struct render_blur){
	        .method = RENDER_BLUR_DUAL_KAWASE, .strength = (uint32_t)strength};
	pixman_image_t *got = render(&s, &s.fx);
	struct dplane screen = dp_from(s.tile);
	struct dplane want = dual_kawase(&screen, strength);

	snprintf(what, sizeof(what), "dual_kawase strength %d", strength);
	ok = compare(&s, got, &want, 2, what);
	free(want.v);
	free(screen.v);
	pixman_image_unref(got);
	scene_fini(&s);
	return ok;
}

/* ---- flat ---- */

static struct render_blur random_method(struct rng *r, struct render_kernel *k)
{
	switch (rng_int(r, 0, 3)) {
	case 0:
		return (struct render_blur){
		        .method = RENDER_BLUR_BOX, .size = (uint32_t)rng_int(r, 1, 20)};
	case 1:
		return (struct render_blur){.method = RENDER_BLUR_GAUSSIAN,
		        .size = (uint32_t)rng_int(r, 1, 20),
		        .deviation = rng_int(r, 1, 900) / 100.0};
	case 2:
		return (struct render_blur){
		        .method = RENDER_BLUR_DUAL_KAWASE, .strength = (uint32_t)rng_int(r, 1, 20)};
	default:
		return (struct render_blur){
		        .method = RENDER_BLUR_KERNEL, .kernels = k, .kernel_count = 1};
	}
}

/* Any method over one colour gives that colour, up to every edge. */
static bool check_flat(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct render_kernel *k;
	size_t count;
	char text[4096], err[128];
	bool ok = true;

	rng_seed(&r, seed);
	random_kernels(&r, text, sizeof(text));
	if (!render_kernels_parse(text, &k, &count, err, sizeof(err))) {
		t_fail("'%s': %s", text, err);
		return false;
	}
	scene_init(&s, &r, rng_int(&r, 1, 64), rng_int(&r, 1, 64));
	uint32_t color = 0xff000000u | rng_u32(&r);
	t_fill_solid(s.tile, color);
	scene_window(&s, &r);
	s.fx.blur = random_method(&r, k);
	if (s.fx.blur.method == RENDER_BLUR_KERNEL)
		s.fx.blur.kernel_count = count;
	pixman_image_t *got = render(&s, &s.fx);

	for (int y = 0; ok && y < s.h; y++) {
		for (int x = 0; ok && x < s.w; x++) {
			if ((t_get(got, x, y) & 0xffffff) != (color & 0xffffff)) {
				t_fail("method %d: pixel (%d,%d) is %#x, not %#x", s.fx.blur.method,
				        x, y, t_get(got, x, y), color);
				ok = false;
			}
		}
	}
	pixman_image_unref(got);
	render_kernels_free(k, count);
	scene_fini(&s);
	return ok;
}

/* ---- clip, opacity, frame ---- */

struct expect {
	const struct scene *s;
	struct dplane plain, blurred;
};

static void expect_init(struct expect *e, const struct scene *s, int n)
{
	double *k = square_kernel(false, n, 1);

	e->s = s;
	e->plain = dp_from(s->tile);
	e->blurred = dp_convolve(&e->plain, k, 2 * n + 1, 2 * n + 1);
	free(k);
}

static void expect_fini(struct expect *e)
{
	free(e->plain.v);
	free(e->blurred.v);
}

/* Pixel (x, y) is the unblurred one mixed with the blurred one at share t, within tol. */
static bool mixed(const struct expect *e, pixman_image_t *got, int x, int y, double t, double tol,
        const char *what)
{
	uint32_t g = t_to_argb(e->s->fmt, t_get(got, x, y));

	for (int c = 0; c < 3; c++) {
		double p = dp_at(&e->plain, x, y)[c], b = dp_at(&e->blurred, x, y)[c];
		double want = p + (b - p) * t;

		if (fabs(channel(g, c) - want) > tol) {
			t_fail("%s: pixel (%d,%d) channel %d got %u, want %.2f (plain %.0f, "
			       "blurred "
			       "%.2f, share %.3f)",
			        what, x, y, c, channel(g, c), want, p, b, t);
			return false;
		}
	}
	return true;
}

/* A shaped, rounded window: outside its shape (and outside the rounded corners) the
 * background is not blurred, inside fully, on the corners' edges by their coverage. */
static bool check_clip(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct expect e;
	bool ok = true;

	rng_seed(&r, seed);
	scene_init(&s, &r, rng_int(&r, 8, 64), rng_int(&r, 8, 64));
	scene_window(&s, &r);
	s.win.corner_radius = (uint32_t)rng_int(&r, 0, 16);
	for (int i = rng_int(&r, 0, 3); i > 0; i--) {
		pixman_box32_t b = t_random_box(&r, (int)s.win.width, (int)s.win.height, 4);

		pixman_region32_union_rect(&s.shape, &s.shape, b.x1, b.y1, (unsigned)(b.x2 - b.x1),
		        (unsigned)(b.y2 - b.y1));
	}
	if (pixman_region32_not_empty(&s.shape))
		s.win.shape = &s.shape;
	int n = rng_int(&r, 1, 6);
	s.fx.blur = (struct render_blur){.method = RENDER_BLUR_BOX, .size = (uint32_t)n};
	pixman_image_t *got = render(&s, &s.fx);
	int c = (int)s.win.corner_radius;

	c = c < (int)s.win.width / 2 ? c : (int)s.win.width / 2;
	c = c < (int)s.win.height / 2 ? c : (int)s.win.height / 2;
	expect_init(&e, &s, n);
	for (int y = 0; ok && y < s.h; y++) {
		for (int x = 0; ok && x < s.w; x++) {
			int i = x - s.win.x, j = y - s.win.y;
			bool shaped = !s.win.shape ||
			              pixman_region32_contains_point(&s.shape, i, j, NULL);
			double cov = in_window(&s.win, x, y) && shaped
			                     ? t_rounded_coverage(
			                               (int)s.win.width, (int)s.win.height, c, i, j)
			                     : 0;
			double t = floor(cov * 255 + 0.5) / 255;

			ok = mixed(&e, got, x, y, t, t > 0 && t < 1 ? 2 : t == 1 ? 1 : 0, "clip");
		}
	}
	expect_fini(&e);
	pixman_image_unref(got);
	scene_fini(&s);
	return ok;
}

static uint8_t opacity_u8(uint32_t opacity)
{
	return (uint8_t)(((opacity >> 16) * 255 + 32767) / 65535);
}

/* A transparent window of some opacity: its blur shows at that opacity, or fully when fixed;
 * an opaque window is not blurred at all; opacity 0 hides it, blur included. */
static bool check_opacity(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct expect e;
	bool ok = true;

	rng_seed(&r, seed);
	scene_init(&s, &r, rng_int(&r, 4, 48), rng_int(&r, 4, 48));
	scene_window(&s, &r);
	int n = rng_int(&r, 1, 5), kind = rng_int(&r, 0, 3);
	s.fx.blur = (struct render_blur){
	        .method = RENDER_BLUR_BOX, .size = (uint32_t)n, .fixed = rng_chance(&r, 50)};
	s.win.opacity = kind == 3 ? 0 : rng_chance(&r, 20) ? RENDER_OPACITY_OPAQUE : rng_u32(&r);
	if (kind == 2) {
		/* opaque: an x8 image of the background's own pixels, copied, never blurred */
		pixman_image_unref(s.win.image);
		s.win.image = t_image(PIXMAN_x8r8g8b8, (int)s.win.width, (int)s.win.height);
		pixman_image_composite32(PIXMAN_OP_SRC, s.tile, NULL, s.win.image, s.win.x, s.win.y,
		        0, 0, 0, 0, (int)s.win.width, (int)s.win.height);
		s.win.argb = false;
		s.win.opacity = RENDER_OPACITY_OPAQUE;
	}
	pixman_image_t *got = render(&s, &s.fx);
	double share = kind == 2 || kind == 3 ? 0
	               : s.fx.blur.fixed      ? 1
	                                      : opacity_u8(s.win.opacity) / 255.0;

	expect_init(&e, &s, n);
	for (int y = 0; ok && y < s.h; y++) {
		for (int x = 0; ok && x < s.w; x++) {
			bool inside = in_window(&s.win, x, y);

			ok = mixed(&e, got, x, y, inside ? share : 0,
			        inside && share > 0 && share < 1 ? 2 : inside && share > 0,
			        "opacity");
		}
	}
	expect_fini(&e);
	pixman_image_unref(got);
	scene_fini(&s);
	return ok;
}

/* An argb frame around an opaque client (opaque_client): blurred only with
 * blur-background-frame, and then only the frame (the client area, transparent here to show
 * it, keeps the plain background). */
static bool check_frame(uint64_t seed)
{
	struct rng r;
	struct scene s;
	struct expect e;
	bool ok = true;

	rng_seed(&r, seed);
	scene_init(&s, &r, rng_int(&r, 8, 48), rng_int(&r, 8, 48));
	scene_window(&s, &r);
	int n = rng_int(&r, 1, 5);
	pixman_box32_t client = t_random_box(&r, (int)s.win.width, (int)s.win.height, 0);
	s.win.opaque_client = client;
	s.fx.blur = (struct render_blur){.method = RENDER_BLUR_BOX,
	        .size = (uint32_t)n,
	        .background_frame = rng_chance(&r, 50)};
	pixman_image_t *got = render(&s, &s.fx);

	expect_init(&e, &s, n);
	for (int y = 0; ok && y < s.h; y++) {
		for (int x = 0; ok && x < s.w; x++) {
			bool frame = in_window(&s.win, x, y) &&
			             !t_box_contains(&client, x - s.win.x, y - s.win.y);
			bool blurred = frame && s.fx.blur.background_frame;

			ok = mixed(&e, got, x, y, blurred, blurred, "frame");
		}
	}
	expect_fini(&e);
	pixman_image_unref(got);
	scene_fini(&s);
	return ok;
}

/* ---- outside ---- */

/* Random scenes of several windows and effects: outside the blurred windows' areas the frame
 * is bit for bit the one without blur. */
static bool check_outside(uint64_t seed)
{
	struct rng r;
	struct render_kernel *k;
	size_t count;
	char text[4096], err[128];
	struct render_window wins[5];
	bool ok = true;

	rng_seed(&r, seed);
	random_kernels(&r, text, sizeof(text));
	if (!render_kernels_parse(text, &k, &count, err, sizeof(err))) {
		t_fail("'%s': %s", text, err);
		return false;
	}
	int w = rng_int(&r, 1, 80), h = rng_int(&r, 1, 60);
	pixman_format_code_t fmt = rng_chance(&r, 50) ? PIXMAN_x8r8g8b8 : PIXMAN_r5g6b5;
	pixman_image_t *tile = random_background(&r, w, h);
	struct render_background bg = {tile, 0};
	struct render_effects plain = {.shadow = rng_chance(&r, 50),
	        .shadow_radius = (uint32_t)rng_int(&r, 0, 8),
	        .shadow_opacity = 0.6,
	        .shadow_dx = rng_int(&r, -8, 8),
	        .shadow_dy = rng_int(&r, -8, 8)};
	struct render_effects fx = plain;

	fx.blur = random_method(&r, k);
	fx.blur.kernel_count = fx.blur.method == RENDER_BLUR_KERNEL ? count : 0;
	for (int i = 0; i < 5; i++) {
		int ww = rng_int(&r, 1, 50), wh = rng_int(&r, 1, 40);
		bool argb = rng_chance(&r, 50);

		wins[i] = (struct render_window){
		        .image = t_image(argb ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8, ww, wh),
		        .x = rng_int(&r, -20, w),
		        .y = rng_int(&r, -20, h),
		        .width = (uint32_t)ww,
		        .height = (uint32_t)wh,
		        .argb = argb,
		        .opacity = rng_chance(&r, 50) ? RENDER_OPACITY_OPAQUE : rng_u32(&r),
		        .shadow = rng_chance(&r, 50),
		        .corner_radius = rng_chance(&r, 50) ? 0 : (uint32_t)rng_int(&r, 1, 10),
		        .dim = rng_chance(&r, 30) ? 0.3 : 0,
		        .blur = rng_chance(&r, 60)};
		if (argb)
			t_fill_random_premul(wins[i].image, &r);
		else
			t_fill_random(wins[i].image, &r);
	}
	struct render_ctx *a = render_ctx_create(), *b = render_ctx_create();
	pixman_image_t *with = t_image(fmt, w, h), *without = t_image(fmt, w, h);

	ok = a && b && render_ctx_set_effects(a, &fx) && render_ctx_set_effects(b, &plain) &&
	     render_frame(a, with, NULL, &bg, wins, 5) &&
	     render_frame(b, without, NULL, &bg, wins, 5);
	for (int y = 0; ok && y < h; y++) {
		for (int x = 0; ok && x < w; x++) {
			bool blurred = false;

			for (int i = 0; i < 5; i++)
				blurred |= render_window_blurred(&fx, &wins[i]) &&
				           in_window(&wins[i], x, y);
			if (!blurred && t_get(with, x, y) != t_get(without, x, y)) {
				t_fail("%s: pixel (%d,%d) outside blurred windows is %#x, without "
				       "blur %#x",
				        text, x, y, t_get(with, x, y), t_get(without, x, y));
				ok = false;
			}
		}
	}
	for (int i = 0; i < 5; i++)
		pixman_image_unref(wins[i].image);
	pixman_image_unref(with);
	pixman_image_unref(without);
	pixman_image_unref(tile);
	render_ctx_destroy(a);
	render_ctx_destroy(b);
	render_kernels_free(k, count);
	return ok;
}

/* ---- reach ---- */

static uint32_t reach_of(struct render_blur b)
{
	struct render_effects fx = {.blur = b};

	return render_blur_reach(&fx);
}

/* render_blur_reach as render.h states it. */
static bool check_reach(uint64_t seed)
{
	static const uint32_t kawase_reach[20] = {5, 7, 21, 27, 36, 56, 70, 84, 112, 150, 180, 210,
	        255, 300, 330, 403, 465, 527, 620, 713};
	struct render_kernel *k;
	size_t n;
	bool ok = render_blur_reach(NULL) == 0 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_NONE, .size = 5}) == 0 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_BOX, .size = 0}) == 0 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_BOX, .size = 7}) == 7 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_BOX, .size = 999}) ==
	                  RENDER_BLUR_SIZE_MAX &&
	          reach_of((struct render_blur){
	                  .method = RENDER_BLUR_GAUSSIAN, .size = 4, .deviation = 2}) == 4 &&
	          reach_of((struct render_blur){
	                  .method = RENDER_BLUR_GAUSSIAN, .size = 4, .deviation = 0}) == 0 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_DUAL_KAWASE}) == 36 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_DUAL_KAWASE, .size = 24}) ==
	                  36 &&
	          reach_of((struct render_blur){.method = RENDER_BLUR_DUAL_KAWASE, .size = 25}) ==
	                  56 &&
	          reach_of((struct render_blur){
	                  .method = RENDER_BLUR_DUAL_KAWASE, .strength = 99}) == 713;

	(void)seed;
	for (uint32_t s = 1; ok && s <= 20; s++) {
		ok = reach_of((struct render_blur){.method = RENDER_BLUR_DUAL_KAWASE,
		             .strength = s}) == kawase_reach[s - 1];
		if (!ok)
			t_fail("dual_kawase strength %u reaches %u, not %u", s,
			        reach_of((struct render_blur){
			                .method = RENDER_BLUR_DUAL_KAWASE, .strength = s}),
			        kawase_reach[s - 1]);
	}
	if (!ok || !render_kernels_parse(
	                   "5,3,1,1,1,1,1,1,1,1,1,1,1,1,1,1;1,7,1,1,1,1,1,1;1,1", &k, &n, NULL, 0))
		return false;
	ok = reach_of((struct render_blur){
	             .method = RENDER_BLUR_KERNEL, .kernels = k, .kernel_count = n}) == 4 &&
	     reach_of((struct render_blur){
	             .method = RENDER_BLUR_KERNEL, .kernels = k, .kernel_count = 1}) == 2 &&
	     reach_of((struct render_blur){
	             .method = RENDER_BLUR_KERNEL, .kernels = k + 2, .kernel_count = 1}) == 0;
	render_kernels_free(k, n);
	if (!ok)
		t_fail("reach of kernels");
	return ok;
}

static const struct blur_check {
	const char *name;
	bool (*check)(uint64_t);
	uint64_t iterations;
} checks[] = {
        {"box", check_box, 200},
        {"gaussian", check_gaussian, 200},
        {"kernel", check_kernel, 200},
        {"dual-kawase", check_dual_kawase, 150},
        {"flat", check_flat, 300},
        {"clip", check_clip, 200},
        {"opacity", check_opacity, 300},
        {"frame", check_frame, 200},
        {"outside", check_outside, 300},
        {"reach", check_reach, 1},
};

TEST_P(blur, checks)
{
	const struct blur_check *c = tc->data;
	char name[64];

	snprintf(name, sizeof(name), "test-blur %s", c->name);
	return t_run_seeded(name, c->iterations, c->check);
}
