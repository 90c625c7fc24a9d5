/*
 * model.h - from stored usage to a recommendation per container.
 *
 * model_run reads containers one at a time through the store API (never
 * SQL, never files) into a model_input; model_analyze, a pure function of
 * that input and a window, computes the statistics, the settings in force,
 * the recommended request and limit with their reasons, and the flags.
 * The backtest replays model_analyze over past windows of the same input.
 * Report formats what the model returns. docs/methodology.md explains
 * every number and constant.
 */
#ifndef RS_MODEL_H
#define RS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "stats.h"

struct model_opts {
	int64_t as_of;   /* end of the window (exclusive) */
	int64_t history; /* window length in ms (14 days); 0: all data before as_of */
	int64_t interval;   /* usage is taken as each pod's peak per interval (5 min) */
	int64_t half_life;  /* weight of older peaks halves every half_life ms; 0: no decay */
	double request_percentile; /* of the interval peaks (0.95) */
	double margin;             /* request = percentile x (1 + margin) (0.10) */
	double limit_headroom;     /* limit = peak x (1 + headroom) (0.20) */
	double max_limit_ratio;    /* limit / request at most this (1.5); WIDE_REQUEST_LIMIT_GAP above it */
	double min_bytes, max_bytes; /* clamps of both values; NAN: none */
	int guaranteed;            /* policy guaranteed: request = limit */
	double keep_within;        /* a change smaller than this share of the current value is "keep" (0.10) */
	int64_t full_history;      /* history for full confidence (7 days) */
	/* per-namespace / per-workload settings (a --config file), applied in order */
	const struct model_override *overrides;
	size_t noverrides;
};

void model_opts_init(struct model_opts *o);

/* Which fields of a model_override are set. */
enum {
	MODEL_SET_PERCENTILE = 1 << 0, MODEL_SET_MARGIN = 1 << 1, MODEL_SET_HEADROOM = 1 << 2,
	MODEL_SET_RATIO = 1 << 3, MODEL_SET_MIN = 1 << 4, MODEL_SET_MAX = 1 << 5, MODEL_SET_POLICY = 1 << 6,
	MODEL_SET_HALF_LIFE = 1 << 7, MODEL_SET_INTERVAL = 1 << 8, MODEL_SET_KEEP = 1 << 9,
};

/* Settings for the containers of matching namespaces and workloads. */
struct model_override {
	const char *namespace, *workload; /* globs (fnmatch); NULL: any */
	struct model_opts set;            /* the values, where mask says */
	unsigned mask;
};

/* Copies the fields mask names from src into dst. */
void model_opts_apply(struct model_opts *dst, const struct model_opts *src, unsigned mask);
/* The options for one container: base, then every matching override in order. */
void model_opts_for(const struct model_opts *base, const char *namespace, const char *workload,
		    struct model_opts *out);

enum model_severity { MODEL_INFO = 0, MODEL_WARNING = 1, MODEL_CRITICAL = 2 };

const char *model_severity_name(enum model_severity s);

#define MODEL_MAX_FLAGS 10

struct model_flag {
	const char *code; /* e.g. "REQUEST_BELOW_USAGE" */
	enum model_severity severity;
	char message[400];
};

/* One bucket of a usage chart. */
struct model_band {
	int64_t t;      /* the bucket's start */
	double lo, hi;  /* lowest and highest sample in it, across pods */
};

#define MODEL_BAND_BUCKETS 240

/* One container of one workload, with everything the report shows. */
struct model_container {
	char *cluster, *namespace, *workload, *workload_kind, *container;
	char *basis; /* metric the usage comes from */
	size_t pods;         /* pods seen in the window (restarts and rollouts bring new ones) */
	size_t pods_at_once; /* pods running side by side: their lifetimes added up over the span, rounded */
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
	double confidence;       /* 0..1, from days of history and interval peaks */
	const char *confidence_level; /* "high", "medium", "low" */
	int64_t intervals;       /* interval peaks the percentiles come from */
	int keep_request, keep_limit; /* 1 when the recommendation is to keep the current value */
	int leak;                /* a leak is suspected */
	double idle;             /* requested beyond the recommendation, over the pods seen (bytes; 0 when not above; NAN unknown) */
	/* usage over the window for charts: per bucket the lowest and highest interval peak across pods */
	struct model_band *band;
	size_t nband;
	int64_t *kill_at; /* every kill's time in the window (known times only), for chart markers */
	size_t nkill_at;
	/* the previous report run's recommendation, set by the caller from the store; prev_at 0: none */
	int64_t prev_at;
	double prev_request, prev_limit;
	char explanation[900];
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

/* One pod's usage samples, sorted by time. */
struct model_pod {
	const char *name;
	const struct store_sample *s;
	size_t n;
};

/* One OOM kill of the container: when, and what the kill reported. */
struct model_kill {
	int64_t time; /* STORE_TIME_UNKNOWN when unknown */
	double limit, usage; /* bytes at the kill; NAN unknown */
};

/* Everything known of one container, for any window (arrays sorted by time). */
struct model_input {
	const char *cluster, *namespace, *workload, *workload_kind, *container, *basis;
	const struct model_pod *pods;
	size_t npods;
	const struct store_sample *requests, *limits; /* settings over time, across pods */
	size_t nrequests, nlimits;
	int settings_known; /* a source of settings covers this container (so a missing one is "none") */
	const struct model_kill *kills;
	size_t nkills;
	int kills_known; /* a source of OOM evidence was ingested */
};

/*
 * Analyses in over [from, to) into c (pure: no store, no files). c's
 * strings are set from in (owned by c: free with model_container_free).
 * Returns 0, or -1 when a statistic fails.
 */
int model_analyze(const struct model_input *in, int64_t from, int64_t to, const struct model_opts *o,
		  struct model_container *c);
void model_container_free(struct model_container *c);

/* First index i of s[0..n) (sorted by time) with s[i].t >= t; n when none. */
size_t model_first_at(const struct store_sample *s, size_t n, int64_t t);
/* a / b rounded down (toward minus infinity), b > 0. */
int64_t model_floor_div(int64_t a, int64_t b);

/*
 * Loads what the store holds of one container: usage in [from, to) of its
 * basis metric per pod, settings before to (kills are added by model_run).
 * *owned holds the memory: release with model_unload. For the backtest,
 * which loads once and analyses many windows. Returns 0 or -1.
 */
int model_load(struct store *st, const struct store_container *sc, int64_t from, int64_t to, struct model_input *in,
	       void **owned);
void model_unload(void *owned);

/*
 * All the OOM evidence of the store, merged into kills, for tools that
 * analyse many windows of each container (the backtest). Release with
 * model_evidence_free; the kills handed out live as long as it does.
 */
struct model_evidence;
int model_evidence_load(struct store *st, struct model_evidence **out);
/* Sets in's kills (all time) for container i of the list sc[0..n). */
void model_evidence_kills(struct model_evidence *m, const struct store_container *sc, size_t n, size_t i,
			  struct model_input *in);
void model_evidence_free(struct model_evidence *m);

#endif
