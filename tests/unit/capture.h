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

/* ---- shared by the reader tests ------------------------------------------ */

/* cmocka setup and teardown: *state is a zeroed capture with the default options (ingest_opts_init). */
int cap_setup(void **state);
int cap_teardown(void **state);

/* A reader of ingest.h (ingest_csv_long takes one more argument: its tests wrap it). */
typedef int (*cap_reader)(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			  struct ingest_stats *st);

/* Runs fn on in with c's options, into cap_sink(c) and c->st; returns what fn returns. */
int cap_read_input(struct capture *c, cap_reader fn, const struct ingest_input *in);

/*
 * cap_read_input on a NUL-terminated text read as the file `name` (in
 * messages and, for some readers, the pod), with delim for the CSV readers
 * (0 for the others) and no file time.
 */
int cap_read(struct capture *c, cap_reader fn, const char *name, const char *text, char delim);

/* cap_read_input on a file of tests/fixtures; in gives every field but the data and its length. */
int cap_read_fixture(struct capture *c, cap_reader fn, const struct ingest_input *in, const char *rel);

/* How many series were skipped for a reason that contains `why`. */
int64_t cap_skipped_for(const struct capture *c, const char *why);

/* A file of tests/fixtures, NUL-terminated; the caller frees it (fails the test when missing). */
char *cap_fixture(const char *rel, size_t *len);

/* Standard error captured between cap_stderr_begin and cap_stderr_end (caller frees; also re-printed). */
void cap_stderr_begin(void);
char *cap_stderr_end(void);

#define cap_assert_contains(hay, needle)                                                                      \
	do {                                                                                              \
		if (!strstr((hay), (needle)))                                                             \
			fail_msg("\"%s\" not found in:\n%s", (needle), (hay));                            \
	} while (0)

#define cap_assert_sample(c, i, sid, time, value)                                                             \
	do {                                                                                              \
		const struct cap_sample *s_;                                                              \
		if ((size_t)(i) >= (c)->nsamples)                                                         \
			fail_msg("sample %d missing (only %zu)", (int)(i), (c)->nsamples);                \
		s_ = &(c)->samples[i];                                                                    \
		if (s_->id != (sid) || s_->t != (int64_t)(time) || !(fabs(s_->v - (value)) <= 1e-6))      \
			fail_msg("sample %d = (%lld, %lld, %.17g), expected (%lld, %lld, %.17g)", (int)(i), \
				 (long long)s_->id, (long long)s_->t, s_->v, (long long)(sid),            \
				 (long long)(time), (double)(value));                                     \
	} while (0)

#define cap_assert_stats(c, rows_, accepted_, rejected_, missing_, skipped_)                                   \
	do {                                                                                              \
		const struct store_file_stats *f_ = &(c)->st.f;                                           \
		if (f_->rows != (rows_) || f_->accepted != (accepted_) || f_->rejected != (rejected_) ||  \
		    f_->missing != (missing_) || f_->skipped_series != (skipped_))                        \
			fail_msg("rows/accepted/rejected/missing/skipped = %lld/%lld/%lld/%lld/%lld, "     \
				 "expected %d/%d/%d/%d/%d",                                               \
				 (long long)f_->rows, (long long)f_->accepted, (long long)f_->rejected,   \
				 (long long)f_->missing, (long long)f_->skipped_series, (rows_),          \
				 (accepted_), (rejected_), (missing_), (skipped_));                       \
	} while (0)

/* cap_assert_stats without the skipped series, for readers whose tests do not count them. */
#define cap_assert_counts(c, rows_, accepted_, rejected_, missing_)                                        \
	do {                                                                                              \
		const struct store_file_stats *f_ = &(c)->st.f;                                           \
		if (f_->rows != (rows_) || f_->accepted != (accepted_) || f_->rejected != (rejected_) ||  \
		    f_->missing != (missing_))                                                            \
			fail_msg("rows/accepted/rejected/missing = %lld/%lld/%lld/%lld, expected %d/%d/%d/%d", \
				 (long long)f_->rows, (long long)f_->accepted, (long long)f_->rejected,   \
				 (long long)f_->missing, (rows_), (accepted_), (rejected_), (missing_));  \
	} while (0)

/* A recorded series has exactly this identity and role. */
void cap_assert_series(const struct cap_series *s, const char *metric, const char *cluster, const char *ns,
		       const char *pod, const char *container, const char *workload, const char *kind,
		       enum store_role role);

#endif
