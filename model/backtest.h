/*
 * backtest.h - replays recommendations over past days and scores them on
 * the day that follows; see docs/backtest.md.
 *
 * For each step D in [from, to), every strategy recommends a request and a
 * limit from the data before D only, and the container's raw samples of
 * [D, D + step) score it: would-be OOM (a sample above the limit; for
 * `current`, also a stored OOM kill that day), time above the request, relative slack (limit - p95 of the day) / limit,
 * GiB-hours reserved and used, and changes of the recommendation.
 *
 * The `rightsize` strategy is model_analyze itself over [D - history, D),
 * the very window `rightsize report --as-of D --history H` analyses: one
 * model for both. backtest_container is pure (arrays in, numbers out);
 * backtest_run reads containers through the store API, never SQL.
 */
#ifndef RS_BACKTEST_H
#define RS_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

enum backtest_strategy {
	BACKTEST_RIGHTSIZE = 0, /* model_analyze with the given options */
	BACKTEST_VPA,           /* P90 of decayed daily peaks x 1.15 (24 h half-life, 8 days) */
	BACKTEST_KRR,           /* max over 14 days x 1.15, request and limit */
	BACKTEST_CURRENT,       /* the settings in force at the start of the day */
	BACKTEST_PEAK,          /* reference, looks ahead: limit = request = the day's own peak */
	BACKTEST_HINDSIGHT,     /* reference, looks ahead: the container's peak over all days scored */
	BACKTEST_NSTRATEGIES
};

/* "rightsize", "vpa", "krr", "current", "peak", "hindsight". */
const char *backtest_strategy_name(enum backtest_strategy s);
/* Returns 0 and sets *s for a name above; -1 otherwise. */
int backtest_strategy_parse(const char *name, enum backtest_strategy *s);

struct backtest_opts {
	int64_t from, to;  /* days scored: D = from, from + step, ... < to; INT64_MIN / INT64_MAX: the data's span */
	int64_t step;      /* ms (1 day) */
	struct model_opts model; /* the rightsize strategy's settings (history, overrides, ...) */
	unsigned strategies;     /* bit (1u << strategy) per strategy scored */
	int days;                /* keep every scored container-day (for --days) */
};

void backtest_opts_init(struct backtest_opts *o);

/* One strategy's recommendation for one container-day, and its score. */
struct backtest_day {
	int64_t day;                 /* D */
	enum backtest_strategy strategy;
	double request, limit;       /* recommended (bytes); NAN when none (current: none in force) */
	double p95, max;             /* of the day's raw samples */
	double hours;                /* pod-hours with samples that day */
	int oom;                     /* a sample above the limit; current: or a stored kill that day */
	int64_t first_oom;           /* the first such sample or kill, STORE_TIME_UNKNOWN */
	double above_request;        /* share 0..1 of the day's samples above the request; NAN: no request */
	double slack;                /* (limit - p95) / limit; NAN: no limit */
	int changed;                 /* request or limit differs from the previous container-day's by > 1 Mi */
};

/* One strategy's totals (for a container or the fleet). */
struct backtest_score {
	int64_t container_days;
	int64_t oom_days;
	int64_t first_oom;       /* earliest would-be OOM, STORE_TIME_UNKNOWN when none */
	int64_t slack_days;      /* container-days with a limit (slack defined) */
	double slack_sum;        /* sum of relative slack over them */
	double slack_clipped_sum; /* the same with each negative slack counted as 0 */
	double above_hours;      /* sum of share above request x hours */
	double request_hours;    /* hours of container-days with a request */
	double reserved_gib_hours;         /* limit x hours, days with a limit */
	double reserved_request_gib_hours; /* request x hours, days with a request */
	double used_gib_hours;   /* mean usage x hours, every container-day */
	int64_t changes;
};

/* Derived numbers: NAN when undefined (no container-day, no limit). */
double backtest_oom_free_pct(const struct backtest_score *s);
double backtest_avg_slack_pct(const struct backtest_score *s);
/* The average slack with a day's negative slack (limit under the p95) counted as 0: not gameable by failing. */
double backtest_avg_clipped_slack_pct(const struct backtest_score *s);
double backtest_above_request_pct(const struct backtest_score *s);
double backtest_changes_per_week(const struct backtest_score *s, int64_t step);

struct backtest_container {
	char *cluster, *namespace, *workload, *container;
	struct backtest_score score[BACKTEST_NSTRATEGIES];
	struct backtest_day *days; /* when opts.days: by day, then strategy */
	size_t ndays;
};

struct backtest_result {
	int64_t from, to, step, history;
	unsigned strategies;
	int days; /* containers hold their days */
	struct backtest_score fleet[BACKTEST_NSTRATEGIES];
	struct backtest_container *c;
	size_t n;
};

/*
 * Scores one container (in holds all its data; o->model is already the
 * container's options) into c (whose strings the caller sets). Pure.
 * Returns 0, or -1 when the model fails.
 */
int backtest_container(const struct model_input *in, const struct backtest_opts *o, struct backtest_container *c);

/* Adds a container's score into a running total. */
void backtest_score_add(struct backtest_score *total, const struct backtest_score *s);

/*
 * Every container matching f, loaded once through the store, scored from
 * o->from to o->to (the data's span when open: from the UTC day after the
 * first sample to the end of the last sample's day). Returns 0 or -1.
 */
int backtest_run(struct store *st, const struct store_filter *f, const struct backtest_opts *o,
		 struct backtest_result *r);
void backtest_result_free(struct backtest_result *r);

#endif
