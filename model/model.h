/*
 * model.h - from stored usage to a recommendation per container.
 *
 * The model reads containers one at a time through the store API (never
 * SQL, never files), computes usage statistics, the current settings in
 * force and a recommended request and limit, and flags risky cases with a
 * plain-words message. Report formats what the model returns.
 */
#ifndef RS_MODEL_H
#define RS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "stats.h"

struct model_opts {
	int64_t as_of;   /* end of the window (exclusive); INT64_MAX: all data */
	int64_t history; /* window length in ms; 0: all data before as_of */
	double request_factor; /* request = p95 x factor (1.15) */
	double limit_factor;   /* limit = max x factor (1.2) */
	double max_limit_ratio; /* WIDE_REQUEST_LIMIT_GAP above this (1.5) */
};

void model_opts_init(struct model_opts *o);

enum model_severity { MODEL_INFO = 0, MODEL_WARNING = 1, MODEL_CRITICAL = 2 };

const char *model_severity_name(enum model_severity s);

#define MODEL_MAX_FLAGS 10

struct model_flag {
	const char *code; /* e.g. "REQUEST_BELOW_USAGE" */
	enum model_severity severity;
	char message[400];
};

/* One container of one workload, with everything the report shows. */
struct model_container {
	char *cluster, *namespace, *workload, *workload_kind, *container;
	char *basis; /* metric the usage comes from */
	size_t pods;
	int64_t samples, first, last;
	struct stats_usage usage;
	double time_above_request; /* share 0..1, NAN when no request */
	double current_request, current_limit; /* bytes, NAN unknown */
	double request, limit;                 /* recommended, bytes, NAN when no data */
	int64_t oom_kills; /* -1: unknown (no source of OOM evidence ingested) */
#define MODEL_MAX_KILL_TIMES 8
	int64_t kill_times[MODEL_MAX_KILL_TIMES]; /* the first kills' times (STORE_TIME_UNKNOWN when unknown) */
	int64_t last_kill;                         /* STORE_TIME_UNKNOWN when none or unknown */
	double kill_limit;                         /* the limit at the last kill that reported one, NAN */
	double kill_usage;                         /* the highest usage a kill reported, NAN */
	char explanation[600];
	struct model_flag flags[MODEL_MAX_FLAGS];
	size_t nflags;
	enum model_severity worst; /* highest flag severity (INFO when none) */
};

struct model_result {
	struct model_container *c;
	size_t n;
	int64_t from, to; /* the window actually analysed (data span when open) */
	int64_t kills;              /* OOM kills in the window (-1: no OOM source ingested) */
	int64_t unattributed_kills; /* of them, not tied to any container analysed */
	char unattributed_hosts[256]; /* where those happened, for the advice line */
};

/* Analyses every container matching f. Returns 0 or -1. */
int model_run(struct store *st, const struct store_filter *f, const struct model_opts *o, struct model_result *r);
void model_result_free(struct model_result *r);

/*
 * The recommendation rule and flags for one container, from its sorted
 * usage samples and current settings (pure: no store). Fills request,
 * limit, explanation, flags and worst of c.
 */
void model_recommend(struct model_container *c, const double *sorted, size_t n, const struct model_opts *o);

#endif
