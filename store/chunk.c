/* chunk.c - sample chunk codec; see chunk.h. */
#include "chunk.h"
#include "../util/log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void need(struct chunk_buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	while (b->len + more > b->cap)
		b->cap = b->cap ? b->cap * 2 : 256;
	b->data = rs_realloc(b->data, b->cap);
}

static void put_uvarint(struct chunk_buf *b, uint64_t v)
{
	need(b, 10);
	while (v >= 0x80) {
		b->data[b->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b->data[b->len++] = (unsigned char)v;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static void put_varint(struct chunk_buf *b, int64_t v)
{
	put_uvarint(b, zigzag(v));
}

/* Values that are whole numbers within +-2^53 travel as integers. */
static int all_integral(const struct store_sample *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(fabs(s[i].v) <= 9007199254740992.0) || s[i].v != floor(s[i].v))
			return 0;
	return 1;
}

void chunk_encode(const struct store_sample *s, size_t n, struct chunk_buf *b)
{
	int ints = all_integral(s, n);
	int64_t prev_t = 0, prev_d = 0, prev_v = 0;
	size_t i;

	b->len = 0;
	put_uvarint(b, n);
	put_uvarint(b, ints ? 0 : 1);
	for (i = 0; i < n; i++) {
		if (i == 0) {
			put_varint(b, s[i].t);
		} else {
			int64_t d = s[i].t - prev_t;

			put_varint(b, i == 1 ? d : d - prev_d);
			prev_d = d;
		}
		prev_t = s[i].t;
	}
	for (i = 0; i < n; i++) {
		if (ints) {
			int64_t v = (int64_t)s[i].v;

			put_varint(b, v - prev_v);
			prev_v = v;
		} else {
			need(b, 8);
			memcpy(b->data + b->len, &s[i].v, 8);
			b->len += 8;
		}
	}
}

void chunk_buf_free(struct chunk_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int get_uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;

	while (*p < end) {
		unsigned char c = *(*p)++;

		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = r;
			return 0;
		}
		shift += 7;
		if (shift > 63)
			return -1;
	}
	return -1;
}

int chunk_decode(const unsigned char *data, size_t len, struct store_sample **out, size_t *n, size_t *cap)
{
	const unsigned char *p = data, *end = data + len;
	uint64_t count, mode, u;
	int64_t t = 0, d = 0, v = 0;
	struct store_sample *s;
	size_t i;

	if (get_uvarint(&p, end, &count) || get_uvarint(&p, end, &mode) || mode > 1 || count > len * 8)
		return -1;
	if (*n + count > *cap) {
		*cap = *n + (size_t)count + 64;
		*out = rs_realloc(*out, *cap * sizeof(**out));
	}
	s = *out + *n;
	for (i = 0; i < count; i++) {
		if (get_uvarint(&p, end, &u))
			return -1;
		if (i == 0) {
			t = unzigzag(u);
		} else {
			int64_t dd = unzigzag(u);

			if (i == 1)
				d = dd;
			else if (__builtin_add_overflow(d, dd, &d))
				return -1;
			/* Times strictly increase; anything else is a damaged blob. */
			if (d <= 0 || __builtin_add_overflow(t, d, &t))
				return -1;
		}
		s[i].t = t;
	}
	for (i = 0; i < count; i++) {
		if (mode == 0) {
			if (get_uvarint(&p, end, &u) || __builtin_add_overflow(v, unzigzag(u), &v))
				return -1;
			s[i].v = (double)v;
		} else {
			if (end - p < 8)
				return -1;
			memcpy(&s[i].v, p, 8);
			p += 8;
		}
	}
	if (p != end)
		return -1;
	*n += (size_t)count;
	return 0;
}
