/*
 * stats.h - order statistics of memory samples (GSL underneath).
 *
 * Percentiles use GSL's definition for sorted data: the value at rank
 * p * (n - 1), linearly interpolated between the two nearest samples
 * (gsl_stats_quantile_from_sorted_data; "type 7" in Hyndman & Fan).
 */
#ifndef RS_STATS_H
#define RS_STATS_H

#include <stddef.h>

struct stats_usage {
	double p50, p90, p95, p99, max;
};

/* Sorts v in place (ascending). */
void stats_sort(double *v, size_t n);
/* Percentile p in [0, 1] of sorted data; NAN when n == 0. */
double stats_quantile(const double *sorted, size_t n, double p);
/* p50..max of sorted data; all NAN when n == 0. */
void stats_usage(const double *sorted, size_t n, struct stats_usage *u);
/* Share (0..1) of sorted samples strictly above x. */
double stats_share_above(const double *sorted, size_t n, double x);

/* Installs a GSL error handler that reports instead of aborting. */
void stats_init(void);

#endif
