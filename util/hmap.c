/* hmap.c - string -> int64 map and byte hashing; see hmap.h. */
#include "hmap.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

static uint64_t rotl(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

#define P1 UINT64_C(0x9e3779b185ebca87)
#define P2 UINT64_C(0xc2b2ae3d27d4eb4f)

/* One multiply-rotate round per 8-byte word; four lanes keep the CPU busy. */
static uint64_t round64(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * P2, 31) * P1;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t v[4] = { seed + P1 + P2, seed + P2, seed, seed - P1 };
	uint64_t h, w, tail = 0;
	size_t i, n = len;

	for (; n >= 32; p += 32, n -= 32) {
		for (i = 0; i < 4; i++) {
			memcpy(&w, p + 8 * i, 8);
			v[i] = round64(v[i], w);
		}
	}
	h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18) + (uint64_t)len;
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = rotl(h ^ round64(0, w), 27) * P1 + P2;
	}
	for (i = 0; i < n; i++)
		tail |= (uint64_t)p[i] << (8 * i);
	return mix(h ^ round64(0, tail + n));
}

void hmap_init(struct hmap *m)
{
	m->cap = 64;
	m->used = 0;
	m->slots = rs_calloc(m->cap, sizeof(*m->slots));
}

void hmap_free(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->used = 0;
}

static struct hmap_slot *find(const struct hmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct hmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

int hmap_get(const struct hmap *m, const char *key, size_t len, int64_t *value)
{
	struct hmap_slot *s = find(m, key, len, hash_bytes(key, len, 0));

	if (!s->key)
		return 0;
	*value = s->value;
	return 1;
}

static void grow(struct hmap *m)
{
	struct hmap old = *m;
	size_t i;

	m->cap *= 2;
	m->slots = rs_calloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void hmap_put(struct hmap *m, const char *key, size_t len, int64_t value)
{
	uint64_t h = hash_bytes(key, len, 0);
	struct hmap_slot *s = find(m, key, len, h);

	if (!s->key) {
		if ((m->used + 1) * 4 > m->cap * 3) {
			grow(m);
			s = find(m, key, len, h);
		}
		s->key = rs_strndup(key, len);
		s->len = len;
		s->hash = h;
		m->used++;
	}
	s->value = value;
}
