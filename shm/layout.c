/* Pure size arithmetic for SHM images: strides, sizes, size classes, names.
 * Everything is size_t with explicit overflow checks; nothing is cast to int. */
#include <stdint.h>
#include <string.h>

#include "shm/shm.h"

static bool is_pow2(unsigned v)
{
	return v && !(v & (v - 1));
}

bool shm_layout(
        uint32_t width, uint32_t height, unsigned bpp, unsigned pad, size_t *stride, size_t *size)
{
	size_t bits, padded, bytes;

	if (width == 0 || height == 0 || width > SHM_MAX_SIDE || height > SHM_MAX_SIDE)
		return false;
	if (bpp < 8 || bpp > 32 || !is_pow2(bpp) || pad < 8 || pad > 32 || !is_pow2(pad))
		return false;
	bits = (size_t)width * bpp; /* <= 32767 * 32: fits any size_t */
	padded = (bits + pad - 1) / pad * pad;
	bytes = padded / 8;
	if (bytes > SIZE_MAX / height)
		return false;
	*stride = bytes;
	*size = bytes * height;
	return true;
}

#define PAGE_SIZE_BYTES ((size_t)4096)

size_t shm_size_class(size_t size)
{
	size_t top = 1, step;

	if (size == 0)
		size = 1;
	if (size > SIZE_MAX - (PAGE_SIZE_BYTES - 1))
		return 0;
	size = (size + PAGE_SIZE_BYTES - 1) & ~(PAGE_SIZE_BYTES - 1);
	if (size <= 4 * PAGE_SIZE_BYTES)
		return size;
	while (top <= size / 2)
		top <<= 1; /* largest power of two <= size */
	step = top / 4;
	if (size % step == 0)
		return size;
	if (size / step * step > SIZE_MAX - step)
		return 0;
	return size / step * step + step;
}

static const char *const backend_names[] = {
        [SHM_AUTO] = "auto",
        [SHM_MEMFD] = "memfd",
        [SHM_SYSV] = "sysv",
        [SHM_NONE] = "none",
};

const char *shm_backend_name(enum shm_backend b)
{
	if ((unsigned)b > SHM_NONE)
		return "?";
	return backend_names[b];
}

bool shm_backend_parse(const char *s, enum shm_backend *out)
{
	for (unsigned i = 0; i <= SHM_NONE; i++) {
		if (s && strcmp(s, backend_names[i]) == 0) {
			*out = (enum shm_backend)i;
			return true;
		}
	}
	return false;
}
