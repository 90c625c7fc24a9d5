/*
 * hmap.h - a small open-addressing map from byte strings to int64 values,
 * used to find series ids by their label text on the ingest hot path.
 *
 * The map owns copies of its keys; hmap_free() releases them.
 */
#ifndef RS_HMAP_H
#define RS_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap_slot {
	char *key;
	size_t len;
	uint64_t hash;
	int64_t value;
};

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* power of two */
	size_t used;
};

void hmap_init(struct hmap *m);
void hmap_free(struct hmap *m);
/* Returns 1 and sets *value when key is present, else 0. */
int hmap_get(const struct hmap *m, const char *key, size_t len, int64_t *value);
/* Inserts or overwrites. */
void hmap_put(struct hmap *m, const char *key, size_t len, int64_t value);

/* 64-bit hash of a byte string (not cryptographic; content identity of files). */
uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);

#endif
