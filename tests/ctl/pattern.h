/* The pixels paint-client fills windows with, as a pure function of a seed and the position, so
 * that a test can compute what any part of a window must hold without asking the server. */
#ifndef SHMCOMP_TESTS_CTL_PATTERN_H
#define SHMCOMP_TESTS_CTL_PATTERN_H

#include <stdint.h>

/* A pixel of a window of depth 24 (0x00RRGGBB), 16 (5-6-5 as the visual lays it out, here
 * RGB) or 32 (premultiplied 0xAARRGGBB, every alpha from 0 to 255 occurring). */
uint32_t pattern_pixel(uint32_t seed, uint32_t x, uint32_t y, unsigned depth);

/* Premultiplies straight 0xAARRGGBB the way paint-client does (rounded). */
uint32_t pattern_premultiply(uint32_t argb);

#endif
