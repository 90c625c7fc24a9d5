/* test_leak.c - model/leak: rising usage per lifetime that ends at the limit is a leak; other shapes are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/leak.h"
#include "model/stats.h"

#define MIB 1048576.0
#define GIB 1073741824.0
#define MIN_MS INT64_C(60000)
#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)

struct series {
	struct store_sample *s;
	size_t n, cap;
};

static void put(struct series *z, int64_t t, double v)
{
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 1024;
		z->s = realloc(z->s, z->cap * sizeof(*z->s));
		assert_non_null(z->s);
	}
	z->s[z->n].t = t;
	z->s[z->n].v = v;
	z->n++;
}

/* Deterministic noise, uniform in [-1, 1). */
static uint32_t rng;

static double noise(void)
{
	rng = rng * 1664525u + 1013904223u;
	return (double)(rng >> 8) / 8388608.0 - 1.0;
}

/* Splits one series into lifetimes and judges them; returns leak_detect's result. */
static int detect(const struct series *z, const int64_t *kills, size_t nkills, double limit, struct leak_result *r,
		  size_t *nlives)
{
	struct leak_life *lives = NULL;
	size_t n = 0, cap = 0;
	int rc;

	leak_split(z->s, z->n, kills, nkills, &lives, &n, &cap);
	rc = leak_detect(lives, n, limit, r);
	if (nlives)
		*nlives = n;
	free(lives);
	return rc;
}

/* R^2 and growth (fitted, over the span, as a share of the line's start) of a whole series. */
static void line_of(const struct series *z, double *r2, double *growth)
{
	double *x = malloc(z->n * sizeof(*x)), *y = malloc(z->n * sizeof(*y));
	double c0, c1, cov00, cov01, cov11, sumsq, mean = 0, sst = 0;
	size_t i;

	assert_non_null(x);
	assert_non_null(y);
	for (i = 0; i < z->n; i++) {
		x[i] = (double)(z->s[i].t - z->s[0].t) / 1000.0;
		y[i] = z->s[i].v;
		mean += y[i];
	}
	mean /= (double)z->n;
	for (i = 0; i < z->n; i++)
		sst += (y[i] - mean) * (y[i] - mean);
	assert_int_equal(gsl_fit_linear(x, 1, y, 1, z->n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq), 0);
	*r2 = 1 - sumsq / sst;
	*growth = c1 * x[z->n - 1] / c0;
	free(x);
	free(y);
}

/* Four lifetimes from 1 GiB to the 4 GiB limit in 10 h (1-min samples, +-20 MiB), then a
 * fifth still running, 5 h in (2.5 GiB). */
static void sawtooth(struct series *z)
{
	int64_t t = 0;
	int life, i;

	rng = 1;
	for (life = 0; life < 5; life++) {
		int last = life < 4 ? 600 : 300;

		for (i = 0; i <= last; i++, t += MIN_MS)
			put(z, t, 1 * GIB + 3 * GIB * (double)i / 600.0 + (i && i < last ? 20 * MIB * noise() : 0));
	}
}

static void a_sawtooth_leak_to_the_limit_is_suspected_with_its_pace_and_time_to_the_limit(void **state)
{
	struct series z = {0};
	struct leak_result r;
	size_t nlives;
	double slope = 3 * GIB / 36000.0; /* 3 GiB in 10 h */

	(void)state;
	sawtooth(&z);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, &nlives), 0);
	assert_int_equal(nlives, 5);
	assert_true(r.suspected);
	assert_int_equal(r.lifetimes, 5);
	assert_int_equal(r.rising, 5);
	assert_true(fabs(r.slope - slope) <= 0.05 * slope);
	assert_true(r.r2 > 0.99);
	/* The running lifetime is at 2.5 GiB: 1.5 GiB to go at 3 GiB per 10 h is 5 h. */
	assert_true(fabs(r.seconds_to_limit - 18000.0) <= 0.05 * 18000.0);
	assert_true(fabs(r.seconds_to_limit - 1.5 * GIB / r.slope) <= 1e-6 * r.seconds_to_limit);
	assert_true(fabs(r.lifetime_s - 36000.0) < 1e-6);
	assert_non_null(strstr(r.why, "ended at the limit"));
	free(z.s);
}

static void a_sawtooth_leak_with_an_unknown_limit_is_suspected_without_a_time_to_the_limit(void **state)
{
	struct series z = {0};
	struct leak_result r;

	(void)state;
	sawtooth(&z);
	assert_int_equal(detect(&z, NULL, 0, NAN, &r, NULL), 0);
	assert_true(r.suspected);
	assert_true(isnan(r.seconds_to_limit));
	assert_non_null(strstr(r.why, "limit unknown"));
	/* A limit of 0 is no limit either. */
	assert_int_equal(detect(&z, NULL, 0, 0, &r, NULL), 0);
	assert_true(r.suspected);
	assert_true(isnan(r.seconds_to_limit));
	free(z.s);
}

/*
 * The Marathon app-oom shape: 1-s samples, ~8 MB for 2 s while the task starts, then
 * 7.5-8.5 MB/s up to the 64 MiB limit (pinned there, or killed between two samples), a
 * 3-s gap to the next task; 50 tasks, then one just started (3 samples, 8 -> 16 MB).
 */
static void the_app_oom_shape_is_suspected(void **state)
{
	const double limit = 67108864.0;
	struct series z = {0};
	struct leak_result r;
	int64_t t = 0;
	size_t nlives;
	int task, i;

	(void)state;
	rng = 2;
	for (task = 0; task < 50; task++) {
		double rate = 7.5e6 + 1e6 * (double)(task % 5) / 4.0;

		put(&z, t, 8e6 + 3e5 * noise());
		t += 1000;
		put(&z, t, 8e6 + 3e5 * noise());
		t += 1000;
		for (i = 1; 8e6 + rate * i <= limit; i++, t += 1000)
			put(&z, t, 8e6 + rate * i);
		if (task % 3 == 0) { /* pinned at the limit for one sample */
			put(&z, t, limit);
			t += 1000;
		}
		t += 2000;
	}
	put(&z, t, 8e6);
	put(&z, t + 1000, 8e6);
	put(&z, t + 2000, 16e6);
	assert_int_equal(detect(&z, NULL, 0, limit, &r, &nlives), 0);
	assert_int_equal(nlives, 51);
	assert_true(r.suspected);
	assert_int_equal(r.lifetimes, 50);
	assert_int_equal(r.rising, 50);
	/* The fit includes the 2 s at the start, so it is a little below the 8 MB/s of the climb. */
	assert_true(r.slope > 6e6 && r.slope < 8.5e6);
	/* The new task is at 16 MB: (67.1 - 16) MB at 6-8.5 MB/s is 6-8.5 s. */
	assert_true(r.seconds_to_limit > 6 && r.seconds_to_limit < 8.6);
	assert_true(r.lifetime_s >= 7 && r.lifetime_s <= 10);
	free(z.s);
}

static void a_fast_leak_killed_between_two_samples_still_ends_at_the_limit(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t = 0;
	int life, i;

	(void)state;
	/* 1-min samples, +0.5 GiB a minute from 0.4 GiB: the last sample before each kill is
	 * 3.4 GiB, 85% of the 4 GiB limit; the next one would have been 3.9 GiB. */
	for (life = 0; life < 6; life++) {
		for (i = 0; i <= 6; i++, t += MIN_MS)
			put(&z, t, 0.4 * GIB + 0.5 * GIB * i);
		t += 2 * MIN_MS;
	}
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.rising, 6);
	assert_true(r.suspected);
	free(z.s);
}

static void one_rise_to_the_limit_is_not_yet_a_pattern(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t;

	(void)state;
	/* 2 h from 1 to 4 GiB (the limit), killed; the next lifetime has 3 samples so far. */
	for (t = 0; t <= 2 * HOUR_MS; t += MIN_MS)
		put(&z, t, GIB + 3 * GIB * (double)t / (double)(2 * HOUR_MS));
	for (t = 0; t < 3; t++)
		put(&z, 3 * HOUR_MS + t * MIN_MS, GIB);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.lifetimes, 1);
	assert_int_equal(r.rising, 1);
	assert_false(r.suspected);
	free(z.s);
}

static void flat_noisy_usage_is_not_a_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t kills[6], t;
	size_t nlives;
	int k;

	(void)state;
	/* A week at 5-min samples, 1 GiB +- 100 MiB, restarted at every midnight. */
	rng = 3;
	for (t = 0; t < 7 * DAY_MS; t += 5 * MIN_MS)
		put(&z, t, GIB + 100 * MIB * noise());
	for (k = 0; k < 6; k++)
		kills[k] = (k + 1) * DAY_MS - MIN_MS;
	assert_int_equal(detect(&z, kills, 6, 2 * GIB, &r, &nlives), 0);
	assert_int_equal(nlives, 7);
	assert_false(r.suspected);
	assert_int_equal(r.lifetimes, 7);
	assert_int_equal(r.rising, 0);
	assert_true(isnan(r.seconds_to_limit));
	/* The same week as one lifetime. */
	assert_int_equal(detect(&z, NULL, 0, 2 * GIB, &r, &nlives), 0);
	assert_int_equal(nlives, 1);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 0);
	assert_non_null(strstr(r.why, "did not rise steadily"));
	free(z.s);
}

static void spiky_usage_is_not_a_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t;
	int i = 0;

	(void)state;
	/* 3 days of 1-min samples at 500 MiB; every 2 h a 1-3 sample spike to 1.8 GiB (limit 2 GiB).
	 * Each drop after a spike splits a "lifetime"; none of them rises steadily. */
	rng = 4;
	for (t = 0; t < 3 * DAY_MS; t += MIN_MS, i++) {
		int in_spike = i % 120 >= 119 - i / 120 % 3;

		put(&z, t, in_spike ? 1.8 * GIB : 500 * MIB + 5 * MIB * noise());
	}
	assert_int_equal(detect(&z, NULL, 0, 2 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_true(r.lifetimes >= 30);
	assert_int_equal(r.rising, 0);
	free(z.s);
}

static void a_daily_cycle_over_seven_days_is_not_a_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t;

	(void)state;
	rng = 5;
	for (t = 0; t <= 7 * DAY_MS; t += 5 * MIN_MS)
		put(&z, t, 1.5 * GIB + 0.5 * GIB * sin(2 * M_PI * (double)t / (double)DAY_MS) + 20 * MIB * noise());
	assert_int_equal(detect(&z, NULL, 0, 2.5 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.lifetimes, 1);
	assert_int_equal(r.rising, 0);
	free(z.s);
}

static void the_rising_half_of_a_day_alone_is_not_a_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t;

	(void)state;
	/* From the trough to the peak of a daily cycle: 12 h of clean growth, 1 -> 2 GiB. */
	for (t = 0; t <= 12 * HOUR_MS; t += 5 * MIN_MS)
		put(&z, t, 1.5 * GIB - 0.5 * GIB * cos(M_PI * (double)t / (double)(12 * HOUR_MS)));
	assert_int_equal(detect(&z, NULL, 0, 2.5 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 1);
	assert_non_null(strstr(r.why, "a day or more"));
	free(z.s);
}

static void growth_that_levels_off_is_not_a_leak(void **state)
{
	struct series z = {0}, w = {0};
	struct leak_result r;
	double r2, growth;
	int64_t t, kills[4];
	int k;

	(void)state;
	/* A cache warming up for 3 days: 1 GiB + 2 GiB (1 - e^(-t/1 day)). A line fits it well
	 * (R^2 0.88, +150%), but its second half grows at a fifth of the first half's pace. */
	rng = 6;
	for (t = 0; t <= 3 * DAY_MS; t += 5 * MIN_MS)
		put(&z, t, GIB + 2 * GIB * (1 - exp(-(double)t / (double)DAY_MS)) + 10 * MIB * noise());
	line_of(&z, &r2, &growth);
	assert_true(r2 > 0.85);
	assert_true(growth > 1.0);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 0);
	assert_non_null(strstr(r.why, "levelled off"));

	/* Five 12-h lifetimes, each warming up to 3.7 GiB (92% of the limit), restarted by kills. */
	for (t = 0; t < 60 * HOUR_MS; t += 5 * MIN_MS) {
		double age = (double)(t % (12 * HOUR_MS));

		put(&w, t, GIB + 2.7 * GIB * (1 - exp(-age / (double)(4 * HOUR_MS))) + 10 * MIB * noise());
	}
	for (k = 0; k < 4; k++)
		kills[k] = (k + 1) * 12 * HOUR_MS - MIN_MS;
	assert_int_equal(detect(&w, kills, 4, 4 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.lifetimes, 5);
	assert_int_equal(r.rising, 0);
	free(z.s);
	free(w.s);
}

/* 3 days at 5-min samples, 1 GiB -> 3 GiB, +-146 MiB: R^2 about 0.98. */
static void three_days_of_growth(struct series *z, int64_t span)
{
	int64_t t;

	rng = 7;
	for (t = 0; t <= span; t += 5 * MIN_MS)
		put(z, t, GIB + 2 * GIB * (double)t / (double)span + 146 * MIB * noise());
}

static void a_single_lifetime_growing_for_three_days_is_suspected_with_hours_to_the_limit(void **state)
{
	struct series z = {0};
	struct leak_result r;
	double slope = 2 * GIB / (3 * 86400.0), hours;

	(void)state;
	three_days_of_growth(&z, 3 * DAY_MS);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_true(r.suspected);
	assert_int_equal(r.lifetimes, 1);
	assert_int_equal(r.rising, 1);
	assert_true(r.r2 > 0.97 && r.r2 < 0.99);
	assert_true(fabs(r.slope - slope) <= 0.05 * slope);
	/* About 1 GiB left at 2 GiB per 3 days: about 36 h. */
	hours = r.seconds_to_limit / 3600;
	assert_true(hours > 30 && hours < 42);
	assert_true(fabs(r.seconds_to_limit - (4 * GIB - z.s[z.n - 1].v) / r.slope) <= 1e-6 * r.seconds_to_limit);
	assert_non_null(strstr(r.why, "reaches the limit in"));
	/* Without a limit: still suspected, no time to the limit. */
	assert_int_equal(detect(&z, NULL, 0, NAN, &r, NULL), 0);
	assert_true(r.suspected);
	assert_true(isnan(r.seconds_to_limit));
	free(z.s);
}

static void a_single_lifetime_of_half_a_day_is_too_short_to_be_a_leak_alone(void **state)
{
	struct series z = {0};
	struct leak_result r;

	(void)state;
	/* The same growth squeezed into 12 h: it rises, but half a day is not enough alone. */
	three_days_of_growth(&z, 12 * HOUR_MS);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 1);
	assert_true(isnan(r.seconds_to_limit));
	free(z.s);
}

/* Knots of a 3-day lifetime at 5-min samples: each quarter runs linearly between two of them. */
static void quarters(struct series *z, const double *knots, double jitter)
{
	int i;

	rng = 9;
	for (i = 0; i <= 864; i++) {
		int q = i < 864 ? i / 216 : 3;
		double f = (double)(i - 216 * q) / 216.0;

		put(z, (int64_t)i * 5 * MIN_MS, knots[q] + (knots[q + 1] - knots[q]) * f + jitter * noise());
	}
}

static void one_lifetime_alone_must_pass_every_test_of_strong_growth(void **state)
{
	/* Steady but only +40% (a leak alone must grow by half its start). */
	const double small[5] = {GIB, 1.1 * GIB, 1.2 * GIB, 1.3 * GIB, 1.4 * GIB};
	/* +200%, but noisy: R^2 about 0.87 (0.9 needed alone). */
	const double noisy[5] = {GIB, 1.5 * GIB, 2 * GIB, 2.5 * GIB, 3 * GIB};
	/* +230%, R^2 0.92, but usage fell for the whole second quarter: memory given back. */
	const double gave_back[5] = {GIB, 2 * GIB, 1.8 * GIB, 2.8 * GIB, 3.3 * GIB};
	struct series z = {0};
	struct leak_result r;
	double r2, growth;

	(void)state;
	quarters(&z, small, 5 * MIB);
	line_of(&z, &r2, &growth);
	assert_true(r2 > 0.99 && growth > 0.35 && growth < 0.45);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.rising, 1);
	assert_false(r.suspected);

	z.n = 0;
	quarters(&z, noisy, 400 * MIB);
	line_of(&z, &r2, &growth);
	assert_true(r2 > 0.8 && r2 < 0.9 && growth > 1.5);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.rising, 1);
	assert_false(r.suspected);

	z.n = 0;
	quarters(&z, gave_back, 10 * MIB);
	line_of(&z, &r2, &growth);
	assert_true(r2 > 0.9 && growth > 1.5);
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.rising, 1);
	assert_false(r.suspected);
	free(z.s);
}

static void a_single_lifetime_that_wanders_as_a_random_walk_is_not_a_leak(void **state)
{
	int seed;

	(void)state;
	/* Ten walks over 3 days at 5-min samples from 2 GiB, steps up to +-32 MiB. */
	for (seed = 1; seed <= 10; seed++) {
		struct series z = {0};
		struct leak_result r;
		double v = 2 * GIB, lo = v, hi = v;
		int64_t t;

		rng = (uint32_t)(100 + seed);
		for (t = 0; t <= 3 * DAY_MS; t += 5 * MIN_MS) {
			put(&z, t, v);
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			v += 32 * MIB * noise();
		}
		assert_true(hi - lo > 200 * MIB); /* it did wander */
		assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
		assert_false(r.suspected);
		free(z.s);
	}
}

/*
 * The Airflow shape: 5 nights, a run from 01:00 of about 2 h at 30-s samples, 300 MiB -> 6.2 GiB,
 * ended (by node pressure, or by its end) at 78% of its 8000Mi limit. The header says: not a leak
 * with the limit known; suspected with the limit unknown, because the shape alone is the same.
 */
static void nightly_batch(struct series *z, const double *peaks, int nights)
{
	int night;

	rng = 8;
	for (night = 0; night < nights; night++) {
		int64_t start = night * DAY_MS + HOUR_MS, t;

		for (t = 0; t <= 2 * HOUR_MS; t += 30000)
			put(z, start + t, 300 * MIB + (peaks[night] - 300 * MIB) * (double)t / (double)(2 * HOUR_MS) +
						  30 * MIB * noise());
	}
}

static void a_nightly_batch_job_ending_well_below_its_limit_is_not_a_leak(void **state)
{
	const double peaks[5] = {6.2 * GIB, 6.2 * GIB, 6.2 * GIB, 6.2 * GIB, 6.2 * GIB};
	struct series z = {0};
	struct leak_result r;
	size_t nlives;

	(void)state;
	nightly_batch(&z, peaks, 5);
	assert_int_equal(detect(&z, NULL, 0, 8000 * MIB, &r, &nlives), 0);
	assert_int_equal(nlives, 5);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 5);
	assert_non_null(strstr(r.why, "well below the limit"));
	/* With the limit known to be 6.5 GiB, the same runs end at it: a leak. */
	assert_int_equal(detect(&z, NULL, 0, 6.5 * GIB, &r, NULL), 0);
	assert_true(r.suspected);
	/* With no limit known, the shape alone cannot tell: suspected, and said so. */
	assert_int_equal(detect(&z, NULL, 0, NAN, &r, NULL), 0);
	assert_true(r.suspected);
	assert_non_null(strstr(r.why, "limit unknown"));
	free(z.s);
}

static void with_no_limit_runs_ending_at_different_levels_are_not_a_leak(void **state)
{
	/* Runs of the same length whose input differs: they end at 2, 3, 4.5, 6 and 3.8 GiB. */
	const double peaks[5] = {2 * GIB, 3 * GIB, 4.5 * GIB, 6 * GIB, 3.8 * GIB};
	struct series z = {0};
	struct leak_result r;

	(void)state;
	nightly_batch(&z, peaks, 5);
	assert_int_equal(detect(&z, NULL, 0, NAN, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 5);
	assert_non_null(strstr(r.why, "did not end at one level"));
	free(z.s);
}

static void a_small_steady_drift_near_the_limit_is_not_a_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t, kills[4];
	int k;

	(void)state;
	/* Five 1-day lifetimes, each drifting 3.5 -> 3.7 GiB (+6%, R^2 0.99), limit 4 GiB. */
	rng = 10;
	for (t = 0; t < 5 * DAY_MS; t += 5 * MIN_MS)
		put(&z, t, 3.5 * GIB + 0.2 * GIB * (double)(t % DAY_MS) / (double)DAY_MS + 10 * MIB * noise());
	for (k = 0; k < 4; k++)
		kills[k] = (k + 1) * DAY_MS - MIN_MS;
	assert_int_equal(detect(&z, kills, 4, 4 * GIB, &r, NULL), 0);
	assert_int_equal(r.lifetimes, 5);
	assert_int_equal(r.rising, 0);
	assert_false(r.suspected);
	free(z.s);
}

static void lifetimes_rising_at_paces_ten_times_apart_are_not_one_leak(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t = 0;
	int life, i;

	(void)state;
	/* 1 -> 4 GiB, alternately in 1 h and in 10 h, 1-min samples. */
	for (life = 0; life < 6; life++) {
		int len = life % 2 ? 600 : 60;

		for (i = 0; i <= len; i++, t += MIN_MS)
			put(&z, t, GIB + 3 * GIB * (double)i / (double)len);
	}
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, NULL), 0);
	assert_false(r.suspected);
	assert_int_equal(r.rising, 6);
	assert_non_null(strstr(r.why, "too far apart"));
	free(z.s);
}

static void lifetimes_with_too_few_samples_are_not_fitted(void **state)
{
	struct series z = {0};
	struct leak_result r;
	int64_t t = 0;
	int life, i, points;

	(void)state;
	for (points = LEAK_MIN_POINTS - 1; points <= LEAK_MIN_POINTS; points++) {
		z.n = 0;
		for (life = 0; life < 20; life++) {
			for (i = 0; i < points; i++, t += 1000)
				put(&z, t, 8e6 + 14e6 * i);
			t += 3000;
		}
		assert_int_equal(detect(&z, NULL, 0, 8e6 + 14e6 * (points - 1), &r, NULL), 0);
		if (points < LEAK_MIN_POINTS) {
			assert_false(r.suspected);
			assert_int_equal(r.lifetimes, 0);
			assert_true(isnan(r.lifetime_s));
			assert_non_null(strstr(r.why, "samples a line needs"));
		} else {
			assert_true(r.suspected);
			assert_int_equal(r.lifetimes, 20);
		}
	}
	free(z.s);
}

static void samples_that_are_not_numbers_are_left_out(void **state)
{
	struct series z = {0};
	struct leak_result r;
	size_t i, nlives;

	(void)state;

	sawtooth(&z);
	for (i = 7; i < z.n; i += 50)
		z.s[i].v = NAN;
	z.s[600].v = NAN; /* the last sample before a restart: the drop still shows */
	assert_int_equal(detect(&z, NULL, 0, 4 * GIB, &r, &nlives), 0);
	assert_int_equal(nlives, 5);
	assert_true(r.suspected);
	assert_int_equal(r.rising, 5);
	free(z.s);
}

static void nothing_to_judge_is_not_a_leak(void **state)
{
	struct leak_result r;

	(void)state;
	assert_int_equal(leak_detect(NULL, 0, GIB, &r), 0);
	assert_false(r.suspected);
	assert_int_equal(r.lifetimes, 0);
	assert_true(isnan(r.r2));
	assert_true(isnan(r.seconds_to_limit));
	assert_true(r.why[0] != '\0');
}

static void split_cuts_at_a_drop_to_below_half_after_growth(void **state)
{
	const struct store_sample s[] = {{0, 10}, {1, 20}, {2, 30}, {3, 40}, {4, 5}, {5, 15}, {6, 25}};
	/* The first sample is the highest: a drop with no growth before it is no restart. */
	const struct store_sample high_start[] = {{0, 100}, {1, 40}, {2, 50}, {3, 60}};
	/* A drop to exactly half is not below half. */
	const struct store_sample half[] = {{0, 10}, {1, 20}, {2, 10}};
	struct leak_life *l = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	leak_split(s, 7, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 2);
	assert_ptr_equal(l[0].s, s);
	assert_int_equal(l[0].n, 4);
	assert_ptr_equal(l[1].s, s + 4);
	assert_int_equal(l[1].n, 3);
	leak_split(high_start, 4, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 3);
	assert_int_equal(l[2].n, 4);
	leak_split(half, 3, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 4);
	assert_int_equal(l[3].n, 3);
	/* Nothing to split: nothing appended. */
	leak_split(s, 0, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 4);
	assert_true(cap >= n);
	free(l);
}

static void split_cuts_at_gaps_longer_than_the_gap_limit(void **state)
{
	const struct store_sample s[] = {
		{0, 10}, {60000, 11}, {120000, 12},
		{120000 + LEAK_GAP_MS, 13},     /* exactly the limit: same lifetime */
		{120000 + 2 * LEAK_GAP_MS + 1, 14}, /* 1 ms more: a new one */
		{180000 + 2 * LEAK_GAP_MS + 1, 15},
	};
	struct leak_life *l = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	leak_split(s, 6, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].n, 4);
	assert_int_equal(l[1].n, 2);
	assert_ptr_equal(l[1].s, s + 4);
	free(l);
}

static void split_cuts_after_each_kill_time(void **state)
{
	struct store_sample s[10];
	/* Before the first sample (ignored), between 30 and 40 s, two between 60 and 70 s (one cut),
	 * at the 80-s sample (it belongs to the killed lifetime), after the last (ignored). */
	const int64_t kills[] = {-5000, 35000, 61000, 65000, 80000, 200000};
	struct leak_life *l = NULL;
	size_t n = 0, cap = 0, i;

	(void)state;
	for (i = 0; i < 10; i++) {
		s[i].t = (int64_t)i * 10000;
		s[i].v = 100 + (double)i;
	}
	leak_split(s, 10, kills, 6, &l, &n, &cap);
	assert_int_equal(n, 4);
	assert_int_equal(l[0].n, 4); /* 0..30 s */
	assert_int_equal(l[1].n, 3); /* 40..60 s */
	assert_int_equal(l[2].n, 2); /* 70..80 s */
	assert_int_equal(l[3].n, 1); /* 90 s */
	assert_ptr_equal(l[3].s, s + 9);
	free(l);
}

static void split_appends_the_lifetimes_of_several_pods(void **state)
{
	struct store_sample a[3], b[3];
	struct leak_life *l = NULL;
	size_t n = 0, cap = 0, i, k;

	(void)state;
	for (i = 0; i < 3; i++) {
		a[i].t = b[i].t = (int64_t)i * 1000;
		a[i].v = b[i].v = 1;
	}
	/* 20 pods: the array grows past its first capacity and keeps every lifetime. */
	for (k = 0; k < 20; k++)
		leak_split(k % 2 ? b : a, 3, NULL, 0, &l, &n, &cap);
	assert_int_equal(n, 20);
	assert_true(cap >= 20);
	for (k = 0; k < 20; k++) {
		assert_ptr_equal(l[k].s, k % 2 ? b : a);
		assert_int_equal(l[k].n, 3);
	}
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_sawtooth_leak_to_the_limit_is_suspected_with_its_pace_and_time_to_the_limit),
		cmocka_unit_test(a_sawtooth_leak_with_an_unknown_limit_is_suspected_without_a_time_to_the_limit),
		cmocka_unit_test(the_app_oom_shape_is_suspected),
		cmocka_unit_test(a_fast_leak_killed_between_two_samples_still_ends_at_the_limit),
		cmocka_unit_test(one_rise_to_the_limit_is_not_yet_a_pattern),
		cmocka_unit_test(flat_noisy_usage_is_not_a_leak),
		cmocka_unit_test(spiky_usage_is_not_a_leak),
		cmocka_unit_test(a_daily_cycle_over_seven_days_is_not_a_leak),
		cmocka_unit_test(the_rising_half_of_a_day_alone_is_not_a_leak),
		cmocka_unit_test(growth_that_levels_off_is_not_a_leak),
		cmocka_unit_test(a_single_lifetime_growing_for_three_days_is_suspected_with_hours_to_the_limit),
		cmocka_unit_test(a_single_lifetime_of_half_a_day_is_too_short_to_be_a_leak_alone),
		cmocka_unit_test(one_lifetime_alone_must_pass_every_test_of_strong_growth),
		cmocka_unit_test(a_single_lifetime_that_wanders_as_a_random_walk_is_not_a_leak),
		cmocka_unit_test(a_nightly_batch_job_ending_well_below_its_limit_is_not_a_leak),
		cmocka_unit_test(with_no_limit_runs_ending_at_different_levels_are_not_a_leak),
		cmocka_unit_test(a_small_steady_drift_near_the_limit_is_not_a_leak),
		cmocka_unit_test(lifetimes_rising_at_paces_ten_times_apart_are_not_one_leak),
		cmocka_unit_test(lifetimes_with_too_few_samples_are_not_fitted),
		cmocka_unit_test(samples_that_are_not_numbers_are_left_out),
		cmocka_unit_test(nothing_to_judge_is_not_a_leak),
		cmocka_unit_test(split_cuts_at_a_drop_to_below_half_after_growth),
		cmocka_unit_test(split_cuts_at_gaps_longer_than_the_gap_limit),
		cmocka_unit_test(split_cuts_after_each_kill_time),
		cmocka_unit_test(split_appends_the_lifetimes_of_several_pods),
	};

	stats_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
