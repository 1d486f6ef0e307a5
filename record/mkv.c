/* The raw Matroska stream the encoder reads: one video track of uncompressed bgr0
 * (CodecID V_UNCOMPRESSED, ColourSpace "BGR\0", which ffmpeg's demuxer maps to
 * bgr0), a Segment of unknown size since the stream has no end we know of, and a
 * Cluster per frame whose Timestamp is the frame's time in ms. Matroska rather than
 * rawvideo on a pipe because every frame carries its own time: the encoder keeps
 * them as they are, with no frame rate in between. */
#include <string.h>

#include "record/record-private.h"

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *data, size_t len)
{
	if (b->len <= b->cap && len <= b->cap - b->len)
		memcpy(b->p + b->len, data, len);
	b->len += len; /* an overflow shows as len > cap, which the callers check */
}

static void put_id(struct buf *b, uint32_t id)
{
	unsigned char v[4];
	size_t n = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
	for (size_t i = 0; i < n; i++)
		v[i] = (unsigned char)(id >> (8 * (n - 1 - i)));
	put(b, v, n);
}

/* An element size as an 8-byte EBML varint: one fixed width keeps lengths simple. */
static void put_size8(struct buf *b, uint64_t size)
{
	unsigned char v[8] = {0x01};
	for (size_t i = 1; i < 8; i++)
		v[i] = (unsigned char)(size >> (8 * (7 - i)));
	put(b, v, 8);
}

static void put_uint(struct buf *b, uint32_t id, uint64_t value)
{
	unsigned char v[8];
	for (size_t i = 0; i < 8; i++)
		v[i] = (unsigned char)(value >> (8 * (7 - i)));
	put_id(b, id);
	put_size8(b, 8);
	put(b, v, 8);
}

static void put_bytes(struct buf *b, uint32_t id, const void *data, size_t len)
{
	put_id(b, id);
	put_size8(b, len);
	put(b, data, len);
}

static void put_str(struct buf *b, uint32_t id, const char *s)
{
	put_bytes(b, id, s, strlen(s));
}

/* A master element whose size is known once its children are written: returns where
 * the size goes, for end_master. */
static size_t begin_master(struct buf *b, uint32_t id)
{
	put_id(b, id);
	size_t at = b->len;
	put_size8(b, 0);
	return at;
}

static void end_master(struct buf *b, size_t at)
{
	if (b->len > b->cap)
		return;
	struct buf size = {b->p + at, 0, 8};
	put_size8(&size, b->len - at - 8);
}

size_t rec_mkv_header(unsigned char out[REC_MKV_HEADER_MAX], uint32_t width, uint32_t height)
{
	static const unsigned char unknown_size[8] = {
	        0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	struct buf b = {out, 0, REC_MKV_HEADER_MAX};
	size_t ebml = begin_master(&b, 0x1a45dfa3);
	put_uint(&b, 0x4286, 1); /* EBMLVersion */
	put_uint(&b, 0x42f7, 1); /* EBMLReadVersion */
	put_uint(&b, 0x42f2, 4); /* EBMLMaxIDLength */
	put_uint(&b, 0x42f3, 8); /* EBMLMaxSizeLength */
	put_str(&b, 0x4282, "matroska");
	put_uint(&b, 0x4287, 4); /* DocTypeVersion */
	put_uint(&b, 0x4285, 2); /* DocTypeReadVersion */
	end_master(&b, ebml);
	put_id(&b, 0x18538067); /* Segment */
	put(&b, unknown_size, 8);
	size_t info = begin_master(&b, 0x1549a966);
	put_uint(&b, 0x2ad7b1, 1000000); /* TimestampScale: ms */
	put_str(&b, 0x4d80, "shmcomp");  /* MuxingApp */
	put_str(&b, 0x5741, "shmcomp");  /* WritingApp */
	end_master(&b, info);
	size_t tracks = begin_master(&b, 0x1654ae6b);
	size_t entry = begin_master(&b, 0xae);
	put_uint(&b, 0xd7, 1);   /* TrackNumber */
	put_uint(&b, 0x73c5, 1); /* TrackUID */
	put_uint(&b, 0x83, 1);   /* TrackType: video */
	put_uint(&b, 0x9c, 0);   /* FlagLacing */
	put_str(&b, 0x86, "V_UNCOMPRESSED");
	size_t video = begin_master(&b, 0xe0);
	put_uint(&b, 0xb0, width);
	put_uint(&b, 0xba, height);
	put_bytes(&b, 0x2eb524, "BGR\0", 4); /* ColourSpace: the fourcc of bgr0 */
	end_master(&b, video);
	end_master(&b, entry);
	end_master(&b, tracks);
	return b.len <= b.cap ? b.len : 0;
}

size_t rec_mkv_frame_header(
        unsigned char out[REC_MKV_FRAME_HEADER_MAX], uint64_t time_ms, size_t frame_bytes)
{
	/* SimpleBlock: track 1 (as a 1-byte varint), timestamp 0 relative to the
	 * Cluster's, flags: key frame */
	static const unsigned char block_head[4] = {0x81, 0x00, 0x00, 0x80};
	struct buf b = {out, 0, REC_MKV_FRAME_HEADER_MAX};
	put_id(&b, 0x1f43b675); /* Cluster */
	/* Timestamp (1 + 8 + 8) and SimpleBlock's id and size (1 + 8) */
	put_size8(&b, 17 + 9 + sizeof(block_head) + frame_bytes);
	put_uint(&b, 0xe7, time_ms);
	put_id(&b, 0xa3);
	put_size8(&b, sizeof(block_head) + frame_bytes);
	put(&b, block_head, sizeof(block_head));
	return b.len <= b.cap ? b.len : 0;
}
