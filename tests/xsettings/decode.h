/* The tests' own reader of the _XSETTINGS_SETTINGS format, written from the
 * XSETTINGS spec 0.5 (not from compositor/xsettings.c), with both byte orders,
 * so that an encoder bug cannot hide behind a decoder with the same bug. */
#ifndef SHMCOMP_TESTS_XSETTINGS_DECODE_H
#define SHMCOMP_TESTS_XSETTINGS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DECODED_MAX 16

struct decoded_setting {
	char name[64];
	uint8_t type; /* 0 integer, 1 string, 2 colour */
	uint32_t last_change;
	int32_t integer;
	char string[64];
	uint16_t color[4]; /* red, green, blue, alpha */
};

struct decoded {
	uint8_t byte_order; /* 0 LSBFirst, 1 MSBFirst */
	uint32_t serial;
	uint32_t count;
	struct decoded_setting settings[DECODED_MAX];
};

/* False with the reason in `err` when the bytes are not exactly one property:
 * a bad byte order, a record past the end, bytes left over, nonzero padding,
 * an unknown type, more than DECODED_MAX settings, or a name or string too long
 * for the fixed fields above. */
bool decode_settings(
        const uint8_t *data, size_t len, struct decoded *out, char *err, size_t errlen);
/* The setting named `name`, or NULL. */
const struct decoded_setting *decoded_find(const struct decoded *d, const char *name);

#endif
