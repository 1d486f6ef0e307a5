/* paint-client's window contents: a seeded hash of the position, so every pixel is known. */
#include "tests/ctl/pattern.h"

static uint32_t mix(uint32_t h)
{
	/* murmur3's finaliser */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

uint32_t pattern_premultiply(uint32_t argb)
{
	uint32_t a = argb >> 24, out = a << 24;

	for (int shift = 0; shift <= 16; shift += 8)
		out |= (((argb >> shift) & 0xff) * a + 127) / 255 << shift;
	return out;
}

uint32_t pattern_pixel(uint32_t seed, uint32_t x, uint32_t y, unsigned depth)
{
	uint32_t h = mix(seed * 0x9e3779b1u ^ mix(x * 0x27d4eb2fu ^ mix(y + 0x165667b1u)));

	if (depth == 16)
		return h & 0xffff;
	if (depth == 32)
		return pattern_premultiply(h);
	return h & 0xffffff;
}
