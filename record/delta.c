/* The ring's frame codec: a frame is stored as its XOR with the frame before, as
 * records (zero words to skip, then words to XOR in), deflated at zlib's fastest
 * level. A mostly static screen leaves a few KB a frame; skipping the unchanged
 * words before deflate is what makes it cheap (deflating 4 MB of zeros costs ~8 ms,
 * finding them with memcmp well under 1). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "record/record-private.h"

/* Unchanged stretches shorter than this stay inside the literal run: a record costs up
 * to 20 bytes of header, and deflate squeezes short zero stretches anyway. */
#define MIN_SKIP 8
/* zlib counts in uInt: feed it at most this much at a time. */
#define ZCHUNK ((size_t)1 << 30)

struct rec_delta {
	size_t words;
	unsigned char *runs; /* the records before deflate / after inflate */
	size_t runs_cap;
	unsigned char *packed; /* deflate's output */
	size_t packed_cap;
	z_stream def, inf;
	bool def_ok, inf_ok;
};

static size_t runs_bound(size_t words)
{
	/* every literal word is 4 bytes; each record (at most one per MIN_SKIP + 1 words)
	 * adds two varints of at most 10 bytes */
	return words * 4 + (words / (MIN_SKIP + 1) + 2) * 20;
}

struct rec_delta *rec_delta_create(size_t words)
{
	if (words == 0 || words > SIZE_MAX / 8)
		return NULL;
	struct rec_delta *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->words = words;
	d->runs_cap = runs_bound(words);
	d->packed_cap = (size_t)compressBound((uLong)d->runs_cap);
	d->runs = malloc(d->runs_cap);
	d->packed = malloc(d->packed_cap);
	if (!d->runs || !d->packed)
		goto error;
	d->def_ok = deflateInit(&d->def, 1) == Z_OK;
	d->inf_ok = inflateInit(&d->inf) == Z_OK;
	if (!d->def_ok || !d->inf_ok)
		goto error;
	return d;
error:
	rec_delta_destroy(d);
	return NULL;
}

void rec_delta_destroy(struct rec_delta *d)
{
	if (!d)
		return;
	if (d->inf_ok)
		inflateEnd(&d->inf);
	if (d->def_ok)
		deflateEnd(&d->def);
	free(d->packed);
	free(d->runs);
	free(d);
}

static size_t put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

static bool get_varint(const unsigned char *p, size_t len, size_t *pos, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64 && *pos < len; shift += 7) {
		unsigned char b = p[(*pos)++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

static inline uint32_t word_at(const uint32_t *cur, const uint32_t *prev, size_t i)
{
	return prev ? cur[i] ^ prev[i] : cur[i];
}

/* Words from i on that are unchanged (zero), memcmp taking the long stretches. */
static size_t skip_unchanged(const uint32_t *cur, const uint32_t *prev, size_t i, size_t words)
{
	static const uint32_t zeros[64];
	const uint32_t *ref = prev ? prev + i : NULL;
	size_t start = i;
	while (i + 64 <= words && memcmp(cur + i, ref ? ref + (i - start) : zeros, 256) == 0)
		i += 64;
	while (i < words && word_at(cur, prev, i) == 0)
		i++;
	return i;
}

/* The literal run from i: up to the next MIN_SKIP unchanged words in a row. */
static size_t literal_end(const uint32_t *cur, const uint32_t *prev, size_t i, size_t words)
{
	size_t zeros = 0;
	for (; i < words; i++) {
		if (word_at(cur, prev, i) != 0) {
			zeros = 0;
		} else if (++zeros == MIN_SKIP) {
			return i + 1 - MIN_SKIP;
		}
	}
	return i - zeros;
}

static size_t make_runs(struct rec_delta *d, const uint32_t *cur, const uint32_t *prev)
{
	size_t pos = 0, i = 0, words = d->words;
	while (i < words) {
		size_t start = skip_unchanged(cur, prev, i, words);
		if (start == words)
			break;
		size_t end = literal_end(cur, prev, start, words);
		pos += put_varint(d->runs + pos, start - i);
		pos += put_varint(d->runs + pos, end - start);
		for (size_t k = start; k < end; k++) {
			uint32_t w = word_at(cur, prev, k);
			memcpy(d->runs + pos, &w, 4);
			pos += 4;
		}
		i = end;
	}
	return pos;
}

/* zlib in pieces of at most ZCHUNK: frames up to 32767 x 32767 do not fit a uInt. */
static bool zrun(z_stream *z, bool inflating, const unsigned char *in, size_t inlen,
        unsigned char *out, size_t outcap, size_t *outlen)
{
	size_t in_left = inlen, out_left = outcap;
	z->next_in = (Bytef *)(uintptr_t)in;
	z->next_out = out;
	for (;;) {
		size_t in_now = in_left < ZCHUNK ? in_left : ZCHUNK;
		size_t out_now = out_left < ZCHUNK ? out_left : ZCHUNK;
		z->avail_in = (uInt)in_now;
		z->avail_out = (uInt)out_now;
		int flush = inflating || in_now < in_left ? Z_NO_FLUSH : Z_FINISH;
		int rc = inflating ? inflate(z, flush) : deflate(z, flush);
		in_left -= in_now - z->avail_in;
		out_left -= out_now - z->avail_out;
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return false;
		if ((in_now == z->avail_in && out_now == z->avail_out) || out_left == 0)
			return false; /* no progress: truncated or oversized data */
	}
	*outlen = outcap - out_left;
	return in_left == 0;
}

void *rec_delta_encode(
        struct rec_delta *d, const uint32_t *cur, const uint32_t *prev, size_t header, size_t *size)
{
	size_t runs = make_runs(d, cur, prev), packed = 0;
	if (deflateReset(&d->def) != Z_OK ||
	        !zrun(&d->def, false, d->runs, runs, d->packed, d->packed_cap, &packed))
		return NULL;
	unsigned char *block = malloc(header + packed);
	if (!block)
		return NULL;
	memcpy(block + header, d->packed, packed);
	*size = packed;
	return block;
}

bool rec_delta_decode(
        struct rec_delta *d, const unsigned char *data, size_t size, bool key, uint32_t *frame)
{
	size_t len = 0, pos = 0, i = 0;
	if (inflateReset(&d->inf) != Z_OK ||
	        !zrun(&d->inf, true, data, size, d->runs, d->runs_cap, &len))
		return false;
	if (key)
		memset(frame, 0, d->words * 4);
	while (pos < len) {
		uint64_t skip, count;
		if (!get_varint(d->runs, len, &pos, &skip) ||
		        !get_varint(d->runs, len, &pos, &count))
			return false;
		if (skip > d->words - i || count > d->words - i - skip || count > (len - pos) / 4)
			return false;
		i += (size_t)skip;
		for (size_t k = 0; k < count; k++, i++, pos += 4) {
			uint32_t w;
			memcpy(&w, d->runs + pos, 4);
			frame[i] ^= w;
		}
	}
	return true;
}
