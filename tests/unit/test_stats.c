/* test_stats.c - model/stats percentiles and shares, and model_recommend's rule and flags. */
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

/* ---- model_recommend ---------------------------------------------------- */

struct fixture {
	struct model_container c;
	struct model_opts o;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	model_opts_init(&f.o);
	*state = &f;
	return 0;
}

/* A week of samples (sorted), statistics from them, no current settings. */
static void prepare(struct fixture *f, const double *sorted, size_t n)
{
	memset(&f->c, 0, sizeof(f->c));
	f->c.current_request = f->c.current_limit = NAN;
	f->c.samples = (int64_t)n;
	f->c.first = T0;
	f->c.last = T0 + 7 * 24 * HOUR;
	stats_usage(sorted, n, &f->c.usage);
}

/* Index of the flag with this code, or -1. */
static int flag_index(const struct model_container *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nflags; i++)
		if (strcmp(c->flags[i].code, code) == 0)
			return (int)i;
	return -1;
}

#define assert_flag(c, code, sev)                                                                         \
	do {                                                                                              \
		int i_ = flag_index((c), (code));                                                         \
		if (i_ < 0)                                                                               \
			fail_msg("flag %s missing (%zu flags)", (code), (c)->nflags);                     \
		assert_int_equal((c)->flags[i_].severity, (sev));                                         \
		assert_true((c)->flags[i_].message[0] != '\0');                                           \
	} while (0)

#define assert_no_flag(c, code)                                                                           \
	do {                                                                                              \
		if (flag_index((c), (code)) >= 0)                                                         \
			fail_msg("flag %s raised: %s", (code), (c)->flags[flag_index((c), (code))].message); \
	} while (0)

static void recommend_rounds_p95_and_peak_up_to_whole_mebibytes(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 6e8, 7e8, 9e8 };

	prepare(f, v, 3);
	f->c.usage.p95 = 7e8;
	f->c.usage.max = 9e8;
	model_recommend(&f->c, v, 3, &f->o);
	/* ceil(7e8 * 1.15 / Mi) = ceil(767.71) = 768; ceil(9e8 * 1.2 / Mi) = ceil(1029.97) = 1030 */
	assert_near(f->c.request, 768.0 * MI, 0.0);
	assert_near(f->c.limit, 1030.0 * MI, 0.0);
	assert_non_null(strstr(f->c.explanation, "768Mi"));
	assert_non_null(strstr(f->c.explanation, "1030Mi"));
	assert_int_equal(f->c.nflags, 0);
	assert_int_equal(f->c.worst, MODEL_INFO);
	assert_true(isnan(f->c.time_above_request));
}

static void recommend_keeps_exact_mebibytes(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 1000.0 * MI };

	prepare(f, v, 1);
	model_recommend(&f->c, v, 1, &f->o);
	assert_near(f->c.request, 1150.0 * MI, 0.0);
	assert_near(f->c.limit, 1200.0 * MI, 0.0);
}

static void recommend_never_puts_the_limit_below_the_request(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 1000.0 * MI };

	prepare(f, v, 1);
	f->o.limit_factor = 1.0;
	model_recommend(&f->c, v, 1, &f->o);
	assert_near(f->c.request, 1150.0 * MI, 0.0);
	assert_near(f->c.limit, 1150.0 * MI, 0.0);
}

static void recommend_uses_the_configured_factors(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 100.5 * MI, 200.2 * MI };

	prepare(f, v, 2);
	f->o.request_factor = 1.0;
	f->o.limit_factor = 2.0;
	model_recommend(&f->c, v, 2, &f->o);
	/* p95 = 100.5 + 0.95 * 99.7 = 195.215Mi -> 196Mi; 2 x 200.2Mi = 400.4Mi -> 401Mi */
	assert_near(f->c.request, 196.0 * MI, 0.0);
	assert_near(f->c.limit, 401.0 * MI, 0.0);
}

static void recommend_flags_usage_above_the_request_as_critical_when_p95_is_above(void **state)
{
	struct fixture *f = *state;
	double v[20];
	size_t i;

	for (i = 0; i < 20; i++)
		v[i] = i < 10 ? 400.0 * MI : 600.0 * MI;
	prepare(f, v, 20);
	f->c.current_request = 500.0 * MI;
	model_recommend(&f->c, v, 20, &f->o);
	assert_near(f->c.time_above_request, 0.5, 0.0);
	assert_flag(&f->c, "REQUEST_BELOW_USAGE", MODEL_CRITICAL);
	assert_int_equal(f->c.worst, MODEL_CRITICAL);
	assert_near(f->c.request, 690.0 * MI, 0.0);
}

static void recommend_flags_usage_above_the_request_as_a_warning_when_p95_is_below(void **state)
{
	struct fixture *f = *state;
	double v[10];
	size_t i;

	for (i = 0; i < 10; i++)
		v[i] = i < 9 ? 100.0 * MI : 600.0 * MI;
	prepare(f, v, 10);
	f->c.current_request = 500.0 * MI;
	model_recommend(&f->c, v, 10, &f->o);
	/* 10% above the request; p95 = 100 + 0.55 * 500 = 375Mi, below it. */
	assert_near(f->c.usage.p95, 375.0 * MI, 1e-3);
	assert_near(f->c.time_above_request, 0.1, 1e-12);
	assert_flag(&f->c, "REQUEST_BELOW_USAGE", MODEL_WARNING);
	assert_int_equal(f->c.worst, MODEL_WARNING);
}

static void recommend_tolerates_five_percent_above_the_request(void **state)
{
	struct fixture *f = *state;
	double v[20];
	size_t i;

	for (i = 0; i < 20; i++)
		v[i] = i < 19 ? 400.0 * MI : 600.0 * MI;
	prepare(f, v, 20);
	f->c.current_request = 500.0 * MI;
	model_recommend(&f->c, v, 20, &f->o);
	assert_near(f->c.time_above_request, 0.05, 0.0);
	assert_no_flag(&f->c, "REQUEST_BELOW_USAGE");
	assert_no_flag(&f->c, "OVER_PROVISIONED");
}

static void recommend_flags_a_limit_far_above_the_request(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 900.0 * MI, 900.0 * MI };

	prepare(f, v, 2);
	f->c.current_request = GI;
	f->c.current_limit = 2.0 * GI;
	model_recommend(&f->c, v, 2, &f->o);
	assert_flag(&f->c, "WIDE_REQUEST_LIMIT_GAP", MODEL_WARNING);
	assert_no_flag(&f->c, "LIMIT_BELOW_PEAK");
	assert_no_flag(&f->c, "REQUEST_BELOW_USAGE");
	assert_int_equal(f->c.nflags, 1);
	/* 1.5x exactly is not above the default 1.5. */
	f->c.current_limit = 1.5 * GI;
	model_recommend(&f->c, v, 2, &f->o);
	assert_no_flag(&f->c, "WIDE_REQUEST_LIMIT_GAP");
	assert_int_equal(f->c.nflags, 0);
}

static void recommend_flags_a_peak_at_95_percent_of_the_limit(void **state)
{
	struct fixture *f = *state;
	const double at[] = { 500.0 * MI, 950.0 * MI };
	const double below[] = { 500.0 * MI, 949.0 * MI };

	prepare(f, at, 2);
	f->c.current_limit = 1000.0 * MI;
	model_recommend(&f->c, at, 2, &f->o);
	assert_flag(&f->c, "LIMIT_BELOW_PEAK", MODEL_CRITICAL);
	assert_int_equal(f->c.worst, MODEL_CRITICAL);

	prepare(f, below, 2);
	f->c.current_limit = 1000.0 * MI;
	model_recommend(&f->c, below, 2, &f->o);
	assert_no_flag(&f->c, "LIMIT_BELOW_PEAK");
}

static void recommend_flags_a_request_far_above_usage(void **state)
{
	struct fixture *f = *state;
	const double v[] = { GI, GI, GI };
	const double small[] = { 100.0 * MI, 100.0 * MI };

	prepare(f, v, 3);
	f->c.current_request = 4.0 * GI;
	f->c.current_limit = 4.0 * GI;
	model_recommend(&f->c, v, 3, &f->o);
	assert_flag(&f->c, "OVER_PROVISIONED", MODEL_INFO);
	assert_near(f->c.time_above_request, 0.0, 0.0);
	assert_int_equal(f->c.worst, MODEL_INFO);
	assert_int_equal(f->c.nflags, 1);

	/* 3x, but only 200Mi idle: not worth a flag. */
	prepare(f, small, 2);
	f->c.current_request = 300.0 * MI;
	model_recommend(&f->c, small, 2, &f->o);
	assert_no_flag(&f->c, "OVER_PROVISIONED");
}

static void recommend_flags_less_than_a_day_of_history(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 100.0 * MI, 110.0 * MI };

	prepare(f, v, 2);
	f->c.last = f->c.first + 23 * HOUR;
	model_recommend(&f->c, v, 2, &f->o);
	assert_flag(&f->c, "INSUFFICIENT_DATA", MODEL_WARNING);
	assert_true(!isnan(f->c.request));

	f->c.last = f->c.first + 24 * HOUR;
	model_recommend(&f->c, v, 2, &f->o);
	assert_no_flag(&f->c, "INSUFFICIENT_DATA");
	assert_int_equal(f->c.nflags, 0);
}

static void recommend_says_insufficient_data_without_samples(void **state)
{
	struct fixture *f = *state;
	const double v[] = { 0 };

	prepare(f, v, 0);
	f->c.current_request = GI;
	model_recommend(&f->c, v, 0, &f->o);
	assert_true(isnan(f->c.request) && isnan(f->c.limit));
	assert_flag(&f->c, "INSUFFICIENT_DATA", MODEL_WARNING);
	assert_int_equal(f->c.nflags, 1);
	assert_true(f->c.explanation[0] != '\0');
}

static void recommend_flags_spiky_usage(void **state)
{
	struct fixture *f = *state;
	double v[100];
	size_t i;

	for (i = 0; i < 100; i++)
		v[i] = i < 97 ? 100.0 * MI : 400.0 * MI;
	prepare(f, v, 100);
	model_recommend(&f->c, v, 100, &f->o);
	/* p99 = rank 98.01 -> 400Mi, 4x the median */
	assert_flag(&f->c, "SPIKY", MODEL_INFO);
}

static void recommend_starts_afresh_each_time(void **state)
{
	struct fixture *f = *state;
	double v[20];
	size_t i;

	for (i = 0; i < 20; i++)
		v[i] = i < 10 ? 400.0 * MI : 600.0 * MI;
	prepare(f, v, 20);
	f->c.current_request = 500.0 * MI;
	model_recommend(&f->c, v, 20, &f->o);
	assert_true(f->c.nflags >= 1);
	f->c.current_request = NAN;
	model_recommend(&f->c, v, 20, &f->o);
	assert_int_equal(f->c.nflags, 0);
	assert_int_equal(f->c.worst, MODEL_INFO);
	assert_true(isnan(f->c.time_above_request));
}

static void severity_names_read_as_words(void **state)
{
	(void)state;
	assert_string_equal(model_severity_name(MODEL_INFO), "info");
	assert_string_equal(model_severity_name(MODEL_WARNING), "warning");
	assert_string_equal(model_severity_name(MODEL_CRITICAL), "critical");
}

#define F(t) cmocka_unit_test_setup(t, setup)

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
		F(recommend_rounds_p95_and_peak_up_to_whole_mebibytes),
		F(recommend_keeps_exact_mebibytes),
		F(recommend_never_puts_the_limit_below_the_request),
		F(recommend_uses_the_configured_factors),
		F(recommend_flags_usage_above_the_request_as_critical_when_p95_is_above),
		F(recommend_flags_usage_above_the_request_as_a_warning_when_p95_is_below),
		F(recommend_tolerates_five_percent_above_the_request),
		F(recommend_flags_a_limit_far_above_the_request),
		F(recommend_flags_a_peak_at_95_percent_of_the_limit),
		F(recommend_flags_a_request_far_above_usage),
		F(recommend_flags_less_than_a_day_of_history),
		F(recommend_says_insufficient_data_without_samples),
		F(recommend_flags_spiky_usage),
		F(recommend_starts_afresh_each_time),
		cmocka_unit_test(severity_names_read_as_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
