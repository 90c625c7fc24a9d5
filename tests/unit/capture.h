/*
 * capture.h - a test sink that records what a reader hands it (series
 * identities in order, ids 1, 2, ...; every sample), for reader tests.
 */
#ifndef RS_TEST_CAPTURE_H
#define RS_TEST_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/ingest.h"

struct cap_series {
	char metric[256], cluster[128], namespace[128], pod[256], container[128], workload[256], kind[32],
		source[32];
	enum store_role role;
	int from_label;
};

struct cap_sample {
	int64_t id, t;
	double v;
};

struct capture {
	struct cap_series series[64];
	size_t nseries;
	struct cap_sample *samples;
	size_t nsamples, cap;
	struct ingest_stats st;
	struct ingest_opts o;
};

int cap_series_cb(void *ctx, const struct store_series *s, int64_t *id);
int cap_sample_cb(void *ctx, int64_t id, int64_t t, double v);

#endif
