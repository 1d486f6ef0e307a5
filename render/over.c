/*
 * over: a solid premultiplied colour OVER an 8888 image through an a8 mask (or none), the
 * operation of every shadow (and of dim). pixman's fast path for it (over_n_8_8888) costs
 * about 13 instructions a pixel with SSE2; shadows were half of shmcomp's instructions in the
 * benchmark's move/shadow. This one does eight pixels a step in AVX2, at about half
 * pixman's instructions (callgrind over move/shadow: 128M -> 69M), and writes the same
 * bytes: per channel c of colour s, mask m and destination d,
 *     s' = s * m / 255,  d' = min(255, s' + d * (255 - s'_alpha) / 255)
 * with pixman's rounding of a * b / 255 (t = a * b + 128, (t + (t >> 8)) >> 8).
 * tests/render/test-over.c compares it with pixman byte for byte. Without AVX2 (or off
 * x86-64) it declines and the caller asks pixman.
 */
#include <string.h>

#include "render/render-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define OVER_AVX2 1
#endif

#ifdef OVER_AVX2
/* a * b / 255 rounded, in each 16-bit lane (a, b <= 255) */
__attribute__((target("avx2"))) static inline __m256i mul_un8x16(__m256i a, __m256i b)
{
	__m256i t = _mm256_add_epi16(_mm256_mullo_epi16(a, b), _mm256_set1_epi16(0x80));

	return _mm256_srli_epi16(_mm256_add_epi16(t, _mm256_srli_epi16(t, 8)), 8);
}

/* each pixel's alpha lane in all four of its lanes */
__attribute__((target("avx2"))) static inline __m256i alpha_x4(__m256i v)
{
	return _mm256_shufflehi_epi16(_mm256_shufflelo_epi16(v, 0xff), 0xff);
}

/* Four pixels of d (16-bit lanes) under s' (the colour through the mask) of alpha ia = 255 -
 * s'_alpha. */
__attribute__((target("avx2"))) static inline __m256i over4(__m256i sm, __m256i ia, __m256i d)
{
	return _mm256_add_epi16(sm, mul_un8x16(d, ia));
}

/* Eight pixels through the eight mask bytes m8 (little-endian); unmasked: all 255. */
__attribute__((target("avx2"))) static inline __m256i step8(
        __m256i px, bool masked, uint64_t m8, __m256i s16, __m256i ia_solid)
{
	/* byte i of four mask bytes to the four channels of pixel i */
	const __m128i spread = _mm_setr_epi8(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
	const __m256i c255 = _mm256_set1_epi16(255);
	__m256i d0 = _mm256_cvtepu8_epi16(_mm256_castsi256_si128(px));
	__m256i d1 = _mm256_cvtepu8_epi16(_mm256_extracti128_si256(px, 1));
	__m256i lo, hi;

	if (masked) {
		__m128i mb = _mm_cvtsi64_si128((long long)m8);
		__m256i m0 = _mm256_cvtepu8_epi16(_mm_shuffle_epi8(mb, spread));
		__m256i m1 = _mm256_cvtepu8_epi16(_mm_shuffle_epi8(_mm_srli_si128(mb, 4), spread));
		__m256i s0 = mul_un8x16(s16, m0), s1 = mul_un8x16(s16, m1);
		lo = over4(s0, _mm256_sub_epi16(c255, alpha_x4(s0)), d0);
		hi = over4(s1, _mm256_sub_epi16(c255, alpha_x4(s1)), d1);
	} else {
		lo = over4(s16, ia_solid, d0);
		hi = over4(s16, ia_solid, d1);
	}
	/* saturated to bytes; packus works within 128-bit halves: put the quarters in order */
	return _mm256_permute4x64_epi64(_mm256_packus_epi16(lo, hi), 0xd8);
}

/* h rows of w pixels from d (stride ds pixels) through the mask rows from m (stride ms). */
__attribute__((target("avx2"))) static void rows_avx2(
        uint32_t *d, size_t ds, const uint8_t *m, size_t ms, uint32_t s, int64_t w, int64_t h)
{
	const __m256i s16 = _mm256_cvtepu8_epi16(_mm_set1_epi32((int)s));
	const __m256i ia_solid = _mm256_sub_epi16(_mm256_set1_epi16(255), alpha_x4(s16));
	const int64_t body = w & ~(int64_t)7, n = w - body;
	/* the last 1..7 pixels of a row: loaded and stored through a lane mask */
	const __m256i tail = _mm256_cmpgt_epi32(
	        _mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));

	for (int64_t y = 0; y < h; y++, d += ds, m = m ? m + ms : NULL) {
		uint64_t m8 = 0;
		for (int64_t x = 0; x < body; x += 8) {
			__m256i *p = (__m256i *)(void *)(d + x);
			if (m) {
				memcpy(&m8, m + x, sizeof m8);
				if (!m8)
					continue; /* nothing of the colour here */
			}
			_mm256_storeu_si256(p, step8(_mm256_loadu_si256(p), m, m8, s16, ia_solid));
		}
		if (!n)
			continue;
		m8 = 0;
		for (int64_t i = 0; m && i < n; i++)
			m8 |= (uint64_t)m[body + i] << (8 * i);
		if (m && !m8)
			continue;
		int *p = (int *)(void *)(d + body);
		_mm256_maskstore_epi32(
		        p, tail, step8(_mm256_maskload_epi32(p, tail), m, m8, s16, ia_solid));
	}
}

static bool have_avx2(void)
{
	static int known; /* 0 not asked yet, 1 no, 2 yes */

	if (!known)
		known = __builtin_cpu_supports("avx2") ? 2 : 1;
	return known == 2;
}
#endif

static bool format_ok(pixman_image_t *img)
{
	pixman_format_code_t f = pixman_image_get_format(img);

	return f == PIXMAN_a8r8g8b8 || f == PIXMAN_x8r8g8b8;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

bool render_over_solid(pixman_image_t *dst, uint32_t colour, pixman_image_t *mask, int64_t mx,
        int64_t my, int64_t dx, int64_t dy, int64_t w, int64_t h)
{
#ifdef OVER_AVX2
	if (!have_avx2() || !format_ok(dst) || (mask && pixman_image_get_format(mask) != PIXMAN_a8))
		return false;
	/* what pixman would clip: the destination's bounds and, with no repeat, the mask's */
	int64_t x1 = max64(dx, 0), y1 = max64(dy, 0);
	int64_t x2 = min64(dx + w, pixman_image_get_width(dst));
	int64_t y2 = min64(dy + h, pixman_image_get_height(dst));
	if (mask) {
		x1 = max64(x1, dx - mx);
		y1 = max64(y1, dy - my);
		x2 = min64(x2, dx - mx + pixman_image_get_width(mask));
		y2 = min64(y2, dy - my + pixman_image_get_height(mask));
	}
	if (x1 >= x2 || y1 >= y2)
		return true;

	uint32_t *dbits = pixman_image_get_data(dst);
	size_t dstride = (size_t)pixman_image_get_stride(dst) / 4;
	const uint8_t *mbits = mask ? (const uint8_t *)pixman_image_get_data(mask) : NULL;
	size_t mstride = mask ? (size_t)pixman_image_get_stride(mask) : 0;

	rows_avx2(dbits + (size_t)y1 * dstride + (size_t)x1, dstride,
	        mbits ? mbits + (size_t)(y1 - dy + my) * mstride + (size_t)(x1 - dx + mx) : NULL,
	        mstride, colour, x2 - x1, y2 - y1);
	return true;
#else
	(void)dst, (void)colour, (void)mask, (void)mx, (void)my, (void)dx, (void)dy, (void)w,
	        (void)h;
	return false;
#endif
}

void render_over_solid_region(pixman_image_t *src, uint32_t colour, pixman_image_t *mask,
        int64_t mx, int64_t my, pixman_image_t *dst, const pixman_region32_t *region)
{
	int n;
	const pixman_box32_t *b = pixman_region32_rectangles(region, &n);

	for (int i = 0; i < n; i++) {
		int64_t w = b[i].x2 - b[i].x1, h = b[i].y2 - b[i].y1;
		if (!render_over_solid(
		            dst, colour, mask, b[i].x1 - mx, b[i].y1 - my, b[i].x1, b[i].y1, w, h))
			pixman_image_composite32(PIXMAN_OP_OVER, src, mask, dst, 0, 0,
			        (int32_t)(b[i].x1 - mx), (int32_t)(b[i].y1 - my), b[i].x1, b[i].y1,
			        (int32_t)w, (int32_t)h);
	}
}
