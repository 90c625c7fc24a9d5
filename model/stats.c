/* stats.c - percentiles and shares; see stats.h. */
#include "stats.h"
#include "../util/log.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

static void gsl_report(const char *reason, const char *file, int line, int gsl_errno)
{
	rs_error("statistics: %s (GSL error %d at %s:%d)", reason, gsl_errno, file, line);
}

void stats_init(void)
{
	gsl_set_error_handler(gsl_report);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
	if (!n)
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

void stats_usage(const double *sorted, size_t n, struct stats_usage *u)
{
	u->p50 = stats_quantile(sorted, n, 0.50);
	u->p90 = stats_quantile(sorted, n, 0.90);
	u->p95 = stats_quantile(sorted, n, 0.95);
	u->p99 = stats_quantile(sorted, n, 0.99);
	u->max = n ? sorted[n - 1] : NAN;
}

double stats_share_above(const double *sorted, size_t n, double x)
{
	size_t lo = 0, hi = n;

	if (!n)
		return NAN;
	/* First index with a value > x. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (double)(n - lo) / (double)n;
}
