/* test_stats.c - model/stats: percentiles and shares (the model's rule is tested in test_model.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "model/model.h"
#include "model/stats.h"

#define MI 1048576.0
#define GI 1073741824.0
#define HOUR INT64_C(3600000)
/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)

#define assert_near(actual, expected, eps)                                                                \
	do {                                                                                              \
		double a_ = (actual), e_ = (expected);                                                    \
		if (!(fabs(a_ - e_) <= (eps)))                                                            \
			fail_msg("%s = %.17g, expected %.17g", #actual, a_, e_);                          \
	} while (0)

/* ---- stats ------------------------------------------------------------ */

static void quantile_interpolates_like_gsl_type_7(void **state)
{
	const double v[] = { 1, 2, 3, 4, 5 };

	(void)state;
	assert_near(stats_quantile(v, 5, 0.50), 3.0, 1e-12);
	assert_near(stats_quantile(v, 5, 0.90), 4.6, 1e-12);
	assert_near(stats_quantile(v, 5, 0.95), 4.8, 1e-12);
	assert_near(stats_quantile(v, 5, 0.99), 4.96, 1e-12);
	assert_near(stats_quantile(v, 5, 0.0), 1.0, 0.0);
	assert_near(stats_quantile(v, 5, 1.0), 5.0, 0.0);
	assert_near(stats_quantile(v, 5, 0.25), 2.0, 1e-12);
}

static void quantile_interpolates_between_two_samples(void **state)
{
	const double v[] = { 10, 20 };
	const double w[] = { 100, 100, 100, 400 };

	(void)state;
	assert_near(stats_quantile(v, 2, 0.5), 15.0, 1e-12);
	assert_near(stats_quantile(v, 2, 0.25), 12.5, 1e-12);
	assert_near(stats_quantile(v, 2, 0.95), 19.5, 1e-12);
	/* rank 0.95 * 3 = 2.85: 100 + 0.85 * 300 */
	assert_near(stats_quantile(w, 4, 0.95), 355.0, 1e-9);
}

static void quantile_of_one_sample_is_that_sample(void **state)
{
	const double v[] = { 7 };

	(void)state;
	assert_near(stats_quantile(v, 1, 0.0), 7.0, 0.0);
	assert_near(stats_quantile(v, 1, 0.5), 7.0, 0.0);
	assert_near(stats_quantile(v, 1, 0.99), 7.0, 0.0);
	assert_near(stats_quantile(v, 1, 1.0), 7.0, 0.0);
}

static void quantile_of_nothing_is_nan(void **state)
{
	const double v[] = { 1 };
	struct stats_usage u;

	(void)state;
	assert_true(isnan(stats_quantile(v, 0, 0.5)));
	stats_usage(v, 0, &u);
	assert_true(isnan(u.p50) && isnan(u.p90) && isnan(u.p95) && isnan(u.p99) && isnan(u.max));
}

static void usage_fills_every_percentile_and_the_max(void **state)
{
	const double v[] = { 1, 2, 3, 4, 5 };
	struct stats_usage u;

	(void)state;
	stats_usage(v, 5, &u);
	assert_near(u.p50, 3.0, 1e-12);
	assert_near(u.p90, 4.6, 1e-12);
	assert_near(u.p95, 4.8, 1e-12);
	assert_near(u.p99, 4.96, 1e-12);
	assert_near(u.max, 5.0, 0.0);
}

static void sort_orders_ascending(void **state)
{
	double v[] = { 3, 1e9, -1, 2, 1, 2 };
	const double want[] = { -1, 1, 2, 2, 3, 1e9 };
	size_t i;

	(void)state;
	stats_sort(v, 6);
	for (i = 0; i < 6; i++)
		assert_near(v[i], want[i], 0.0);
	stats_sort(v, 0);
}

static void share_above_counts_samples_strictly_above(void **state)
{
	const double v[] = { 1, 2, 3, 4, 5 };
	const double ties[] = { 1, 1, 1, 2 };

	(void)state;
	assert_near(stats_share_above(v, 5, 3.0), 0.4, 1e-12);
	assert_near(stats_share_above(v, 5, 2.5), 0.6, 1e-12);
	assert_near(stats_share_above(v, 5, 0.0), 1.0, 0.0);
	assert_near(stats_share_above(v, 5, 5.0), 0.0, 0.0);
	assert_near(stats_share_above(v, 5, 99.0), 0.0, 0.0);
	assert_near(stats_share_above(ties, 4, 1.0), 0.25, 0.0);
	assert_true(isnan(stats_share_above(v, 0, 1.0)));
}

static void init_installs_a_gsl_handler_that_does_not_abort(void **state)
{
	gsl_error_handler_t *mine;

	(void)state;
	stats_init();
	/* Would abort() with GSL's default handler. */
	gsl_error("a test error", __FILE__, __LINE__, GSL_EINVAL);
	mine = gsl_set_error_handler(NULL);
	assert_non_null(mine);
	gsl_set_error_handler(mine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quantile_interpolates_like_gsl_type_7),
		cmocka_unit_test(quantile_interpolates_between_two_samples),
		cmocka_unit_test(quantile_of_one_sample_is_that_sample),
		cmocka_unit_test(quantile_of_nothing_is_nan),
		cmocka_unit_test(usage_fills_every_percentile_and_the_max),
		cmocka_unit_test(sort_orders_ascending),
		cmocka_unit_test(share_above_counts_samples_strictly_above),
		cmocka_unit_test(init_installs_a_gsl_handler_that_does_not_abort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
