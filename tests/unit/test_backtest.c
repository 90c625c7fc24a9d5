/*
 * test_backtest.c - backtest_container on constructed traces scored by
 * hand: a step up in usage on day 9 that krr's max x 1.15 misses and the
 * model's headroom catches; a flat trace where every strategy is OOM-free;
 * a day without a limit in force; the rightsize strategy is model_analyze
 * over [D - history, D); the hindsight reference is the period's peak;
 * stored OOM kills fail `current`'s days and no other strategy's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/backtest.h"
#include "util/units.h"

#define MI 1048576.0
#define MIN_MS INT64_C(60000)
#define HOUR (60 * MIN_MS)
#define DAY (24 * HOUR)
/* 2026-11-01T00:00:00Z */
#define T0 INT64_C(1793491200000)
/* cmocka's float assertion takes floats: doubles here. */
#define assert_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

struct trace {
	struct store_sample *s;
	size_t n;
	struct store_sample req, lim;
	struct model_pod pod;
	struct model_input in;
};

/* One pod, a sample every 5 minutes for `days` days: lo Mi before step_day, hi Mi from it. */
static void trace_init(struct trace *t, int days, int step_day, double lo, double hi)
{
	size_t i, n = (size_t)days * 24 * 12;

	memset(t, 0, sizeof(*t));
	t->s = calloc(n, sizeof(*t->s));
	assert_non_null(t->s);
	for (i = 0; i < n; i++) {
		t->s[i].t = T0 + (int64_t)i * 5 * MIN_MS;
		t->s[i].v = (t->s[i].t >= T0 + step_day * DAY ? hi : lo) * MI;
	}
	t->n = n;
	t->pod.name = "app-0";
	t->pod.s = t->s;
	t->pod.n = n;
	t->in.cluster = "";
	t->in.namespace = "ns";
	t->in.workload = "app";
	t->in.workload_kind = "deployment";
	t->in.container = "app";
	t->in.basis = "container_memory_working_set_bytes";
	t->in.pods = &t->pod;
	t->in.npods = 1;
}

static void trace_settings(struct trace *t, double req_mi, double lim_mi)
{
	t->req.t = t->lim.t = T0;
	t->req.v = req_mi * MI;
	t->lim.v = lim_mi * MI;
	t->in.requests = &t->req;
	t->in.nrequests = 1;
	t->in.limits = &t->lim;
	t->in.nlimits = 1;
	t->in.settings_known = 1;
}

static double rup(double bytes)
{
	return ceil(bytes / MI) * MI;
}

static const struct backtest_day *day_of(const struct backtest_container *c, int64_t d, enum backtest_strategy s)
{
	size_t i;

	for (i = 0; i < c->ndays; i++)
		if (c->days[i].day == d && c->days[i].strategy == s)
			return &c->days[i];
	fail_msg("no day %lld for %s", (long long)d, backtest_strategy_name(s));
	return NULL;
}

/*
 * 1000 Mi flat, 1180 Mi from day 9 on; days 8..11 scored. By hand:
 * krr = max(14 d) x 1.15 = 1150 Mi on days 8 and 9: 1180 > 1150 on day 9, an
 * OOM at its first sample; 1357 Mi from day 10 (1180 x 1.15 rounded up).
 * vpa = P90 of the decayed daily peaks x 1.15: 1150 Mi on days 8 and 9 (all
 * peaks 1000), then day 9's peak carries weight 1 of 1.99 > 10%: 1357 Mi.
 * rightsize (full confidence: margin 10 %, headroom 20 %): request 1100 Mi,
 * limit 1200 Mi on days 8 and 9 (1180 < 1200: no OOM); from day 10 the p95
 * is 1180: request 1298 Mi, limit 1416 Mi.
 */
static void step_on_day_9(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;
	const struct backtest_day *d;

	(void)state;
	trace_init(&t, 12, 9, 1000, 1180);
	backtest_opts_init(&o);
	o.from = T0 + 8 * DAY;
	o.to = T0 + 12 * DAY;
	o.days = 1;
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);

	/* krr misses the step on day 9. */
	d = day_of(&c, T0 + 9 * DAY, BACKTEST_KRR);
	assert_true(d->limit == rup(1000 * MI * 1.15));
	assert_int_equal(d->oom, 1);
	assert_true(d->first_oom == T0 + 9 * DAY);
	assert_int_equal(c.score[BACKTEST_KRR].container_days, 4);
	assert_int_equal(c.score[BACKTEST_KRR].oom_days, 1);
	assert_true(c.score[BACKTEST_KRR].first_oom == T0 + 9 * DAY);
	assert_near(backtest_oom_free_pct(&c.score[BACKTEST_KRR]), 75.0, 1e-9);
	assert_int_equal(c.score[BACKTEST_KRR].changes, 1); /* 1150 -> 1357 on day 10 */
	d = day_of(&c, T0 + 10 * DAY, BACKTEST_KRR);
	assert_true(d->limit == rup(1180 * MI * 1.15));
	assert_int_equal(d->changed, 1);

	/* vpa too; it follows on day 10. */
	assert_int_equal(c.score[BACKTEST_VPA].oom_days, 1);
	assert_true(day_of(&c, T0 + 9 * DAY, BACKTEST_VPA)->limit == rup(1000 * MI * 1.15));
	assert_true(day_of(&c, T0 + 10 * DAY, BACKTEST_VPA)->limit == rup(1180 * MI * 1.15));

	/* rightsize's headroom catches it. */
	d = day_of(&c, T0 + 9 * DAY, BACKTEST_RIGHTSIZE);
	assert_true(d->request == rup(1000 * MI * 1.1));
	assert_true(d->limit == rup(1000 * MI * 1.2));
	assert_int_equal(d->oom, 0);
	assert_near(d->slack, (1200.0 - 1180.0) / 1200.0, 1e-9);
	assert_near(d->above_request, 1.0, 1e-12); /* the whole day above the 1100 Mi request */
	d = day_of(&c, T0 + 8 * DAY, BACKTEST_RIGHTSIZE);
	assert_near(d->slack, 200.0 / 1200.0, 1e-9);
	assert_near(d->above_request, 0.0, 1e-12);
	d = day_of(&c, T0 + 10 * DAY, BACKTEST_RIGHTSIZE);
	assert_true(d->request == rup(1180 * MI * 1.1));
	assert_true(d->limit == rup(1180 * MI * 1.2));
	assert_int_equal(c.score[BACKTEST_RIGHTSIZE].oom_days, 0);
	assert_near(backtest_oom_free_pct(&c.score[BACKTEST_RIGHTSIZE]), 100.0, 1e-9);
	assert_int_equal(c.score[BACKTEST_RIGHTSIZE].changes, 1);
	/* 4 container-days: 1 change = 1.75 per container-week. */
	assert_near(backtest_changes_per_week(&c.score[BACKTEST_RIGHTSIZE], o.step), 1.75, 1e-9);
	/* Average slack: (200/1200 + 20/1200 + 2 x (1416 - 1180)/1416) / 4. */
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_RIGHTSIZE]),
			   100.0 * (200.0 / 1200 + 20.0 / 1200 + 2 * (1416.0 - 1180) / 1416) / 4, 1e-6);
	/* GiB-hours: 24 h a day; reserved = limit x 24, used = mean x 24. */
	assert_near(c.score[BACKTEST_RIGHTSIZE].reserved_gib_hours, (2 * 1200.0 + 2 * 1416.0) * 24 / 1024, 1e-6);
	assert_near(c.score[BACKTEST_RIGHTSIZE].used_gib_hours, (1000.0 + 3 * 1180.0) * 24 / 1024, 1e-6);
	assert_near(c.score[BACKTEST_KRR].used_gib_hours, c.score[BACKTEST_RIGHTSIZE].used_gib_hours, 1e-9);
	/* No settings: current has no limit, so OOM-free, slack undefined, nothing reserved. */
	assert_int_equal(c.score[BACKTEST_CURRENT].container_days, 4);
	assert_int_equal(c.score[BACKTEST_CURRENT].oom_days, 0);
	assert_true(isnan(backtest_avg_slack_pct(&c.score[BACKTEST_CURRENT])));
	assert_near(c.score[BACKTEST_CURRENT].reserved_gib_hours, 0.0, 0);
	free(c.days);
	free(t.s);
}

/* The rightsize strategy is model_analyze over [D - history, D): what report --as-of D says. */
static void rightsize_is_the_model(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;
	struct model_container m;
	int64_t d;

	(void)state;
	trace_init(&t, 12, 5, 700, 900);
	trace_settings(&t, 800, 1000);
	backtest_opts_init(&o);
	o.model.history = 3 * DAY;
	o.from = T0 + 2 * DAY;
	o.to = T0 + 12 * DAY;
	o.days = 1;
	o.strategies = 1u << BACKTEST_RIGHTSIZE;
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);
	assert_int_equal(c.ndays, 10);
	for (d = o.from; d < o.to; d += DAY) {
		const struct backtest_day *x = day_of(&c, d, BACKTEST_RIGHTSIZE);

		assert_int_equal(model_analyze(&t.in, d - o.model.history, d, &o.model, &m), 0);
		assert_true(x->request == m.request);
		assert_true(x->limit == m.limit);
		model_container_free(&m);
	}
	free(c.days);
	free(t.s);
}

/* Flat 1000 Mi for 20 days with request 1500 Mi and limit 2000 Mi: every strategy is OOM-free. */
static void flat_all_agree(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;
	unsigned s;

	(void)state;
	trace_init(&t, 20, 20, 1000, 1000);
	trace_settings(&t, 1500, 2000);
	backtest_opts_init(&o);
	o.from = T0 + DAY;
	o.to = T0 + 20 * DAY;
	o.strategies |= (1u << BACKTEST_PEAK) | (1u << BACKTEST_HINDSIGHT);
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);
	for (s = 0; s < BACKTEST_NSTRATEGIES; s++) {
		assert_int_equal(c.score[s].container_days, 19);
		assert_int_equal(c.score[s].oom_days, 0);
		assert_near(backtest_oom_free_pct(&c.score[s]), 100.0, 1e-12);
		assert_true(c.score[s].first_oom == STORE_TIME_UNKNOWN);
		assert_near(backtest_above_request_pct(&c.score[s]), 0.0, 1e-12);
	}
	/* current: (2000 - 1000) / 2000 every day, never changed. */
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_CURRENT]), 50.0, 1e-9);
	assert_int_equal(c.score[BACKTEST_CURRENT].changes, 0);
	assert_near(c.score[BACKTEST_CURRENT].reserved_gib_hours, 19 * 24 * 2000.0 / 1024, 1e-6);
	assert_near(c.score[BACKTEST_CURRENT].reserved_request_gib_hours, 19 * 24 * 1500.0 / 1024, 1e-6);
	/* krr 1150 Mi every day: no change; vpa keeps the 2000/1500 ratio: ceil(1150 x 4/3) Mi. */
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_KRR]), 100.0 * 150 / 1150, 1e-9);
	assert_int_equal(c.score[BACKTEST_KRR].changes, 0);
	assert_int_equal(c.score[BACKTEST_VPA].changes, 0);
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_VPA]), 100.0 * (1534.0 - 1000) / 1534, 1e-9);
	/* peak and hindsight: the day's and the period's own peak, zero slack on a flat trace. */
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_PEAK]), 0.0, 1e-12);
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_HINDSIGHT]), 0.0, 1e-12);
	free(t.s);
}

/* Days without samples are not container-days; nothing before from is scored. */
static void gaps_are_not_days(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;

	(void)state;
	trace_init(&t, 4, 4, 500, 500);
	backtest_opts_init(&o);
	o.from = T0 + DAY;
	o.to = T0 + 10 * DAY; /* days 4..9 have no samples */
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);
	assert_int_equal(c.score[BACKTEST_KRR].container_days, 3);
	assert_int_equal(c.score[BACKTEST_CURRENT].container_days, 3);
	free(t.s);
}

/*
 * hindsight: one limit for every day scored, the highest sample of those
 * days (1180 Mi from day 9 on), even before the step: never fails, never
 * changes; days 8..11: slack (180/1180 + 0 + 0 + 0) / 4. A peak outside the
 * days scored (day 12: 2000 Mi) does not count.
 */
static void hindsight_is_the_period_peak(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;
	int64_t d;

	(void)state;
	trace_init(&t, 13, 9, 1000, 1180);
	t.s[t.n - 1].v = 2000 * MI;
	backtest_opts_init(&o);
	o.from = T0 + 8 * DAY;
	o.to = T0 + 12 * DAY;
	o.days = 1;
	o.strategies = 1u << BACKTEST_HINDSIGHT;
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);
	for (d = o.from; d < o.to; d += DAY) {
		const struct backtest_day *x = day_of(&c, d, BACKTEST_HINDSIGHT);

		assert_true(x->limit == 1180 * MI);
		assert_true(x->request == 1180 * MI);
	}
	assert_int_equal(c.score[BACKTEST_HINDSIGHT].container_days, 4);
	assert_int_equal(c.score[BACKTEST_HINDSIGHT].oom_days, 0);
	assert_int_equal(c.score[BACKTEST_HINDSIGHT].changes, 0);
	assert_near(backtest_avg_slack_pct(&c.score[BACKTEST_HINDSIGHT]), 100.0 * 180 / 1180 / 4, 1e-9);
	free(c.days);
	free(t.s);
}

/*
 * Stored OOM kills score `current` (the settings that were in force when
 * they happened) and no other strategy. Flat 1000 Mi with request 1500 and
 * limit 2000 Mi, days 1..5 scored: the kills sit under the limit (a cgroup
 * kills at its limit, so its samples never pass it). Kills: day 2 at 03:00,
 * day 3 at 00:00 sharp (the day it starts, not the one before), day 4 at
 * 02:00, day 5 at 06:00, day 0 (not scored) and one of unknown time (no day
 * to put it in). Samples of 2100 Mi, above the limit: day 4 at 05:00 (after
 * its kill) and day 5 at 01:00 (before its kill). first_oom is the earlier.
 */
static void kills_score_current(void **state)
{
	struct trace t;
	struct backtest_opts o;
	struct backtest_container c;
	struct model_kill k[6];
	const int64_t at[6] = { T0 + 2 * DAY + 3 * HOUR, T0 + 3 * DAY, STORE_TIME_UNKNOWN, T0 + 4 * DAY + 2 * HOUR,
				T0 + 5 * DAY + 6 * HOUR, T0 + 12 * HOUR };
	size_t i;

	(void)state;
	trace_init(&t, 6, 6, 1000, 1000);
	trace_settings(&t, 1500, 2000);
	/* 5-minute samples: index = minutes / 5. */
	t.s[(4 * 24 + 5) * 12].v = 2100 * MI;
	t.s[(5 * 24 + 1) * 12].v = 2100 * MI;
	for (i = 0; i < 6; i++) {
		k[i].time = at[i];
		k[i].limit = 2000 * MI;
		k[i].usage = 1000 * MI;
	}
	t.in.kills = k;
	t.in.nkills = 6;
	t.in.kills_known = 1;
	backtest_opts_init(&o);
	o.from = T0 + DAY;
	o.to = T0 + 6 * DAY;
	o.days = 1;
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);

	assert_int_equal(c.score[BACKTEST_CURRENT].container_days, 5);
	assert_int_equal(c.score[BACKTEST_CURRENT].oom_days, 4);
	assert_near(backtest_oom_free_pct(&c.score[BACKTEST_CURRENT]), 20.0, 1e-9);
	assert_true(c.score[BACKTEST_CURRENT].first_oom == T0 + 2 * DAY + 3 * HOUR);
	assert_int_equal(day_of(&c, T0 + DAY, BACKTEST_CURRENT)->oom, 0);
	assert_true(day_of(&c, T0 + DAY, BACKTEST_CURRENT)->first_oom == STORE_TIME_UNKNOWN);
	assert_int_equal(day_of(&c, T0 + 2 * DAY, BACKTEST_CURRENT)->oom, 1);
	assert_true(day_of(&c, T0 + 2 * DAY, BACKTEST_CURRENT)->first_oom == T0 + 2 * DAY + 3 * HOUR);
	assert_int_equal(day_of(&c, T0 + 3 * DAY, BACKTEST_CURRENT)->oom, 1);
	assert_true(day_of(&c, T0 + 3 * DAY, BACKTEST_CURRENT)->first_oom == T0 + 3 * DAY);
	/* The kill before the sample above the limit, then the sample before the kill. */
	assert_true(day_of(&c, T0 + 4 * DAY, BACKTEST_CURRENT)->first_oom == T0 + 4 * DAY + 2 * HOUR);
	assert_true(day_of(&c, T0 + 5 * DAY, BACKTEST_CURRENT)->first_oom == T0 + 5 * DAY + HOUR);
	/* A kill does not change the slack: (2000 - 1000) / 2000 every day (p95 of 288 samples, one high). */
	assert_near(day_of(&c, T0 + 2 * DAY, BACKTEST_CURRENT)->slack, 0.5, 1e-9);

	/* krr (1150 Mi from days of 1000 Mi) keeps the sample rule: day 4's 2100 Mi at 05:00 only. */
	assert_int_equal(c.score[BACKTEST_KRR].oom_days, 1);
	assert_true(c.score[BACKTEST_KRR].first_oom == T0 + 4 * DAY + 5 * HOUR);
	assert_int_equal(day_of(&c, T0 + 2 * DAY, BACKTEST_KRR)->oom, 0);
	assert_int_equal(day_of(&c, T0 + 3 * DAY, BACKTEST_KRR)->oom, 0);
	free(c.days);

	/* No settings known: no limit to pass, yet the container was killed on days 2 to 5. */
	t.in.requests = t.in.limits = NULL;
	t.in.nrequests = t.in.nlimits = 0;
	t.in.settings_known = 0;
	o.days = 0;
	o.strategies = 1u << BACKTEST_CURRENT;
	assert_int_equal(backtest_container(&t.in, &o, &c), 0);
	assert_int_equal(c.score[BACKTEST_CURRENT].container_days, 5);
	assert_int_equal(c.score[BACKTEST_CURRENT].oom_days, 4);
	assert_true(c.score[BACKTEST_CURRENT].first_oom == T0 + 2 * DAY + 3 * HOUR);
	assert_int_equal(c.score[BACKTEST_CURRENT].slack_days, 0);
	free(t.s);
}

static void names(void **state)
{
	enum backtest_strategy s;

	(void)state;
	assert_int_equal(backtest_strategy_parse("krr", &s), 0);
	assert_int_equal(s, BACKTEST_KRR);
	assert_string_equal(backtest_strategy_name(BACKTEST_VPA), "vpa");
	assert_int_equal(backtest_strategy_parse("hindsight", &s), 0);
	assert_int_equal(s, BACKTEST_HINDSIGHT);
	assert_int_equal(backtest_strategy_parse("goldilocks", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(step_on_day_9),
		cmocka_unit_test(rightsize_is_the_model),
		cmocka_unit_test(flat_all_agree),
		cmocka_unit_test(gaps_are_not_days),
		cmocka_unit_test(hindsight_is_the_period_peak),
		cmocka_unit_test(kills_score_current),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
