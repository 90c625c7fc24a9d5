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

struct cap_event {
	int64_t time, pid, line;
	char time_note[64], source[32], kind[16], host[128], process[64], pod_uid[64], container_id[80];
	double limit, usage;
	char cluster[64], namespace[128], workload[256], workload_kind[32], pod[256], container[128];
};

struct cap_ref {
	char pod_uid[64], container_id[80], namespace[128], pod[256], container[128], workload[256];
};

struct capture {
	struct cap_series series[64];
	size_t nseries;
	struct cap_sample *samples;
	size_t nsamples, cap;
	struct cap_event events[64];
	size_t nevents;
	struct cap_ref refs[64];
	size_t nrefs;
	struct ingest_stats st;
	struct ingest_opts o;
};

int cap_series_cb(void *ctx, const struct store_series *s, int64_t *id);
int cap_sample_cb(void *ctx, int64_t id, int64_t t, double v);
int cap_event_cb(void *ctx, const struct store_event *ev);
int cap_ref_cb(void *ctx, const struct store_pod_ref *r);
/* A sink with every callback recording into c. */
struct ingest_sink cap_sink(struct capture *c);

#endif
