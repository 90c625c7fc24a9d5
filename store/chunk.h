/*
 * chunk.h - the compact encoding of one series' samples for one UTC day.
 *
 * Layout (all integers LEB128 varints, signed ones zigzag-encoded):
 *   n, value mode (0 = integers, 1 = IEEE doubles),
 *   first time (ms), first delta, then delta-of-delta for the rest,
 *   values: mode 0 -> first value then deltas; mode 1 -> 8 bytes each, LE.
 * Sorted, distinct timestamps are required on encode and guaranteed on decode.
 */
#ifndef RS_CHUNK_H
#define RS_CHUNK_H

#include <stddef.h>
#include <stdint.h>

struct store_sample {
	int64_t t; /* ms since the epoch, UTC */
	double v;  /* bytes */
};

struct chunk_buf {
	unsigned char *data;
	size_t len, cap;
};

/* Encodes into buf (reset first; buf owns its memory, free with chunk_buf_free). */
void chunk_encode(const struct store_sample *s, size_t n, struct chunk_buf *buf);
void chunk_buf_free(struct chunk_buf *buf);

/*
 * Appends the decoded samples to *out (grown with realloc; *n and *cap are
 * updated; the caller owns *out). Returns 0, or -1 for a damaged blob.
 */
int chunk_decode(const unsigned char *data, size_t len, struct store_sample **out, size_t *n, size_t *cap);

#endif
