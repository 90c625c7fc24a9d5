/*
 * test_model.c - model_analyze on constructed series: flat, spiky, growing,
 * a leak sawtooth, short history, an OOM kill at the limit and one below it
 * while above the request, policies, clamps and "keep".
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

#include "model/model.h"
#include "util/units.h"

#define MI 1048576.0
#define GI 1073741824.0
#define MIN_MS INT64_C(60000)
#define HOUR (60 * MIN_MS)
#define DAY (24 * HOUR)
/* 2026-11-01T00:00:00Z */
#define T0 INT64_C(1793491200000)

struct series {
	struct store_sample *s;
	size_t n, cap;
};

static void add(struct series *x, int64_t t, double v)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		x->s = realloc(x->s, x->cap * sizeof(*x->s));
		assert_non_null(x->s);
	}
	x->s[x->n].t = t;
	x->s[x->n].v = v;
	x->n++;
}

/* One container, one pod, optional settings and kills; analysed over all its data. */
struct fixture {
	struct series usage;
	struct store_sample req, lim;
	int have_req, have_lim;
	struct model_kill kills[64];
	size_t nkills;
	struct model_opts o;
	struct model_container c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	model_opts_init(&f->o);
	f->o.history = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	model_container_free(&f->c);
	free(f->usage.s);
	free(f);
	return 0;
}

static void analyze(struct fixture *f)
{
	struct model_pod pod = { "web-7d9f8c6b5d-x2x4z", f->usage.s, f->usage.n };
	struct model_input in;

	memset(&in, 0, sizeof(in));
	in.cluster = "";
	in.namespace = "shop";
	in.workload = "web";
	in.workload_kind = "deployment";
	in.container = "web";
	in.basis = "container_memory_working_set_bytes";
	in.pods = &pod;
	in.npods = 1;
	in.requests = f->have_req ? &f->req : NULL;
	in.nrequests = (size_t)f->have_req;
	in.limits = f->have_lim ? &f->lim : NULL;
	in.nlimits = (size_t)f->have_lim;
	in.settings_known = f->have_req || f->have_lim;
	in.kills = f->kills;
	in.nkills = f->nkills;
	in.kills_known = 1;
	assert_int_equal(model_analyze(&in, INT64_MIN, T0 + 60 * DAY, &f->o, &f->c), 0);
}

static void settings(struct fixture *f, double request, double limit)
{
	f->req.t = f->lim.t = T0 - DAY;
	f->req.v = request;
	f->lim.v = limit;
	f->have_req = !isnan(request);
	f->have_lim = !isnan(limit);
}

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
			fail_msg("flag %s missing; explanation: %s", (code), (c)->explanation);          \
		assert_int_equal((c)->flags[i_].severity, (sev));                                         \
	} while (0)

#define assert_no_flag(c, code)                                                                           \
	do {                                                                                              \
		if (flag_index((c), (code)) >= 0)                                                         \
			fail_msg("flag %s raised: %s", (code), (c)->flags[flag_index((c), (code))].message); \
	} while (0)

/* Flat usage at 400Mi, sampled every 15 s for 8 days. */
static void flat(struct fixture *f, double level)
{
	int64_t t;
	unsigned k = 0;

	for (t = T0; t < T0 + 8 * DAY; t += 15000, k++)
		add(&f->usage, t, level + (double)(k % 7) * MI);
}

static void flat_usage_gets_the_percentile_plus_margin_and_the_peak_plus_headroom(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	analyze(f);
	/* peaks 400..406Mi; 8 days: full confidence, so margin 10% and headroom 20% as given. */
	assert_string_equal(f->c.confidence_level, "high");
	assert_true(f->c.request >= 406 * 1.10 * MI - MI && f->c.request <= 406 * 1.10 * MI + MI);
	assert_true(f->c.limit >= 406 * 1.20 * MI && f->c.limit <= 406 * 1.20 * MI + MI);
	assert_true(fmod(f->c.request, MI) == 0 && fmod(f->c.limit, MI) == 0);
	assert_no_flag(&f->c, "INSUFFICIENT_DATA");
	assert_no_flag(&f->c, "MEMORY_LEAK_SUSPECTED");
	assert_no_flag(&f->c, "SPIKY");
	assert_int_equal(f->c.oom_kills, 0);
}

static void the_sampling_rate_does_not_change_the_answer(void **state)
{
	struct fixture *f = *state;
	struct fixture g;
	int64_t t;
	double r1, l1;

	/* The same usage sampled every 15 s and every 60 s: 5-minute peaks agree. */
	for (t = T0; t < T0 + 8 * DAY; t += 15000)
		add(&f->usage, t, 300 * MI + 100 * MI * sin((double)(t - T0) / (double)DAY * 6.283185307));
	analyze(f);
	r1 = f->c.request;
	l1 = f->c.limit;
	memset(&g, 0, sizeof(g));
	model_opts_init(&g.o);
	g.o.history = 0;
	for (t = T0; t < T0 + 8 * DAY; t += 60000)
		add(&g.usage, t, 300 * MI + 100 * MI * sin((double)(t - T0) / (double)DAY * 6.283185307));
	analyze(&g);
	assert_true(fabs(g.c.request - r1) <= 2 * MI);
	assert_true(fabs(g.c.limit - l1) <= 2 * MI);
	model_container_free(&g.c);
	free(g.usage.s);
}

static void short_history_widens_the_margins_and_says_how_much_more_is_needed(void **state)
{
	struct fixture *f = *state;
	int64_t t;

	for (t = T0; t < T0 + 6 * HOUR; t += 15000)
		add(&f->usage, t, 400 * MI);
	analyze(f);
	assert_string_equal(f->c.confidence_level, "low");
	assert_flag(&f->c, "INSUFFICIENT_DATA", MODEL_WARNING);
	assert_non_null(strstr(f->c.flags[flag_index(&f->c, "INSUFFICIENT_DATA")].message, "more days"));
	/* 6 h of 7 days: confidence ~0.036, margin ~19.6%, headroom ~39%. */
	assert_true(f->c.request > 400 * 1.19 * MI);
	assert_true(f->c.limit > 400 * 1.38 * MI);
}

static void spiky_usage_is_flagged_and_the_limit_covers_the_spikes(void **state)
{
	struct fixture *f = *state;
	int64_t t;
	unsigned k = 0;

	for (t = T0; t < T0 + 8 * DAY; t += 60000, k++)
		add(&f->usage, t, k % 50 == 0 ? 1200 * MI : 300 * MI);
	analyze(f);
	assert_flag(&f->c, "SPIKY", MODEL_INFO);
	assert_true(f->c.limit >= 1200 * MI * 1.1);
}

static void a_kill_at_the_limit_raises_it_by_at_least_twenty_percent(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	settings(f, 512 * MI, 512 * MI);
	f->kills[0].time = T0 + 3 * DAY;
	f->kills[0].limit = 512 * MI;
	f->kills[0].usage = 512 * MI;
	f->nkills = 1;
	analyze(f);
	assert_int_equal(f->c.oom_kills, 1);
	assert_flag(&f->c, "OOM_KILLED", MODEL_CRITICAL);
	/* max(512Mi x 1.2, 512Mi + 100Mi) = 614.4Mi -> 615Mi */
	assert_true(f->c.limit >= 615 * MI);
	assert_non_null(strstr(f->c.explanation, "killed at"));
}

static void a_kill_below_the_limit_above_the_request_makes_the_request_cover_the_peak(void **state)
{
	struct fixture *f = *state;
	int64_t night, t;

	/* The Airflow case: a nightly run climbs past its 4000Mi request to ~6.2Gi and dies below 8000Mi. */
	for (night = 0; night < 5; night++) {
		int64_t start = T0 + night * DAY + HOUR;

		for (t = 0; t < 2 * HOUR; t += 30000)
			add(&f->usage, start + t, 300 * MI + (6.2 * GI - 300 * MI) * (double)t / (double)(2 * HOUR));
		f->kills[night].time = start + 2 * HOUR;
		f->kills[night].limit = NAN;
		f->kills[night].usage = NAN;
	}
	f->nkills = 5;
	settings(f, 4000 * MI, 8000 * MI);
	analyze(f);
	assert_int_equal(f->c.oom_kills, 5);
	assert_flag(&f->c, "OOM_KILLED", MODEL_CRITICAL);
	assert_flag(&f->c, "REQUEST_BELOW_USAGE", MODEL_CRITICAL);
	assert_flag(&f->c, "WIDE_REQUEST_LIMIT_GAP", MODEL_WARNING);
	assert_no_flag(&f->c, "MEMORY_LEAK_SUSPECTED");
	/* The request covers the ~6.2Gi peak; the limit is at least 1.1 x the peak and at most 1.5 x the request. */
	assert_true(f->c.request >= f->c.usage.max);
	assert_true(f->c.limit >= 1.1 * f->c.usage.max);
	assert_true(f->c.limit <= 1.5 * f->c.request + MI);
	assert_non_null(strstr(f->c.explanation, "below its limit"));
}

static void a_leak_sawtooth_is_suspected_and_the_limit_is_not_raised(void **state)
{
	struct fixture *f = *state;
	int64_t t, life;

	/* Each task grows 8 -> 64Mi in 8 s (1 s samples) and is killed at its 64Mi limit. */
	for (life = 0; life < 50; life++) {
		int64_t start = T0 + life * 11000;

		for (t = 0; t <= 8000; t += 1000)
			add(&f->usage, start + t, 8 * MI + 56 * MI * (double)t / 8000.0);
		f->kills[life].time = start + 8500;
		f->kills[life].limit = 64 * MI;
		f->kills[life].usage = 64 * MI;
	}
	f->nkills = 50;
	f->o.interval = 1000; /* the lifetimes are seconds long */
	settings(f, 64 * MI, 64 * MI);
	analyze(f);
	assert_int_equal(f->c.leak, 1);
	assert_flag(&f->c, "MEMORY_LEAK_SUSPECTED", MODEL_CRITICAL);
	assert_non_null(strstr(f->c.flags[flag_index(&f->c, "MEMORY_LEAK_SUSPECTED")].message, "fix the leak"));
	/* More memory only delays the kill: the limit stays at 64Mi. */
	assert_true(f->c.limit == 64 * MI);
	assert_flag(&f->c, "OOM_KILLED", MODEL_CRITICAL);
}

static void growth_that_levels_off_is_not_a_leak(void **state)
{
	struct fixture *f = *state;
	int64_t t;

	/* A cache warming up over a day, then flat for a week. */
	for (t = T0; t < T0 + 8 * DAY; t += 60000) {
		double x = (double)(t - T0) / (double)DAY;

		add(&f->usage, t, 200 * MI + 600 * MI * (1 - exp(-4 * x)));
	}
	analyze(f);
	assert_int_equal(f->c.leak, 0);
	assert_no_flag(&f->c, "MEMORY_LEAK_SUSPECTED");
}

static void guaranteed_sets_request_equal_to_limit(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	f->o.guaranteed = 1;
	analyze(f);
	assert_true(f->c.request == f->c.limit);
	assert_true(f->c.limit >= 406 * 1.2 * MI);
}

static void clamps_hold_both_values(void **state)
{
	struct fixture *f = *state;

	flat(f, 10 * MI);
	f->o.min_bytes = 64 * MI;
	analyze(f);
	assert_true(f->c.request == 64 * MI);
	assert_true(f->c.limit == 64 * MI);
}

static void small_changes_are_kept_and_large_ones_are_not(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	/* request would be ~447Mi, limit ~488Mi: 450Mi / 480Mi are within 10%. */
	settings(f, 450 * MI, 480 * MI);
	analyze(f);
	assert_int_equal(f->c.keep_request, 1);
	assert_int_equal(f->c.keep_limit, 1);
	assert_true(f->c.request == 450 * MI && f->c.limit == 480 * MI);
	model_container_free(&f->c);
	settings(f, 4 * GI, 8 * GI);
	analyze(f);
	assert_int_equal(f->c.keep_request, 0);
	assert_flag(&f->c, "OVER_PROVISIONED", MODEL_INFO);
	assert_non_null(strstr(f->c.flags[flag_index(&f->c, "OVER_PROVISIONED")].message, "idle"));
	assert_int_equal(f->c.pods_at_once, 1);
}

/*
 * Pods side by side: two replicas all week, and a rollout whose new pod
 * starts a minute before the old one ends, count 2, not the 3 pods seen.
 */
static void pods_side_by_side_do_not_count_a_rollouts_overlap(void **state)
{
	struct fixture *f = *state;
	struct series a = { 0 }, b = { 0 }, c = { 0 };
	struct model_pod pods[3];
	struct model_input in;
	int64_t t;

	(void)f;
	for (t = T0; t < T0 + 7 * DAY; t += 5 * MIN_MS)
		add(&a, t, 400 * MI);
	for (t = T0; t < T0 + 3 * DAY + MIN_MS; t += MIN_MS)
		add(&b, t, 400 * MI);
	for (t = T0 + 3 * DAY; t < T0 + 7 * DAY; t += 5 * MIN_MS)
		add(&c, t, 400 * MI);
	pods[0] = (struct model_pod){ "web-1", a.s, a.n };
	pods[1] = (struct model_pod){ "web-2", b.s, b.n };
	pods[2] = (struct model_pod){ "web-3", c.s, c.n };
	memset(&in, 0, sizeof(in));
	in.cluster = "";
	in.namespace = "shop";
	in.workload = "web";
	in.workload_kind = "deployment";
	in.container = "web";
	in.basis = "container_memory_working_set_bytes";
	in.pods = pods;
	in.npods = 3;
	assert_int_equal(model_analyze(&in, INT64_MIN, T0 + 60 * DAY, &f->o, &f->c), 0);
	assert_int_equal(f->c.pods, 3);
	assert_int_equal(f->c.pods_at_once, 2);
	free(a.s);
	free(b.s);
	free(c.s);
}

/*
 * Peaks 400..406Mi under a 420Mi limit: LIMIT_BELOW_PEAK. With 10% headroom the
 * recommended limit (447Mi) is within 10% of 420Mi, yet it is a raise the
 * critical finding calls for: never a keep.
 */
static void a_raise_for_a_limit_the_usage_runs_into_is_never_kept(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	settings(f, 400 * MI, 420 * MI);
	f->o.limit_headroom = 0.10;
	analyze(f);
	assert_flag(&f->c, "LIMIT_BELOW_PEAK", MODEL_CRITICAL);
	assert_int_equal(f->c.keep_limit, 0);
	assert_true(f->c.limit >= 406 * 1.10 * MI && f->c.limit <= 406 * 1.10 * MI + MI);
}

static void a_kept_request_never_ends_above_the_limit(void **state)
{
	struct fixture *f = *state;

	/* Flat 1000Mi: request ~1100Mi (1210Mi is within 10%: kept), limit ~1200Mi. */
	flat(f, 1000 * MI);
	settings(f, 1210 * MI, 2000 * MI);
	analyze(f);
	assert_true(f->c.limit >= f->c.request);
	model_container_free(&f->c);
	f->o.guaranteed = 1;
	analyze(f);
	assert_true(f->c.limit == f->c.request);
}

static void missing_settings_are_flagged_when_a_settings_source_covers_the_container(void **state)
{
	struct fixture *f = *state;

	flat(f, 400 * MI);
	settings(f, 512 * MI, NAN);
	analyze(f);
	assert_flag(&f->c, "NO_LIMIT", MODEL_WARNING);
	assert_no_flag(&f->c, "NO_REQUEST");
}

static void overrides_apply_to_matching_workloads_only(void **state)
{
	struct fixture *f = *state;
	struct model_override v[2];
	struct model_opts out;

	(void)f;
	memset(v, 0, sizeof(v));
	model_opts_init(&v[0].set);
	model_opts_init(&v[1].set);
	v[0].namespace = "sh*";
	v[0].set.margin = 0.3;
	v[0].mask = MODEL_SET_MARGIN;
	v[1].workload = "db";
	v[1].set.guaranteed = 1;
	v[1].mask = MODEL_SET_POLICY;
	f->o.overrides = v;
	f->o.noverrides = 2;
	model_opts_for(&f->o, "shop", "web", &out);
	assert_true(out.margin == 0.3);
	assert_int_equal(out.guaranteed, 0);
	model_opts_for(&f->o, "prod", "db", &out);
	assert_true(out.margin == 0.10);
	assert_int_equal(out.guaranteed, 1);
}

/*
 * Regression (fixed): a pod whose first sample is at time 0 lost the span's start to
 * the next pod (0 read as "not set"), and the chart band was indexed before its start.
 */
static void the_band_spans_every_pod_even_from_time_zero(void **state)
{
	struct fixture *f = *state;
	struct series b = { NULL, 0, 0 };
	struct model_pod pods[2];
	struct model_input in;
	size_t i;
	int64_t t;

	for (t = 0; t < HOUR; t += MIN_MS)
		add(&f->usage, t, 100 * MI);
	for (t = 2 * HOUR; t < 4 * HOUR; t += MIN_MS)
		add(&b, t, 200 * MI);
	pods[0] = (struct model_pod){ "app-5c8b7f9d44-x7k2p", f->usage.s, f->usage.n };
	pods[1] = (struct model_pod){ "app-5c8b7f9d44-q9z4m", b.s, b.n };
	memset(&in, 0, sizeof(in));
	in.cluster = in.namespace = in.basis = "";
	in.workload = "app";
	in.workload_kind = "deployment";
	in.container = "app";
	in.pods = pods;
	in.npods = 2;
	assert_int_equal(model_analyze(&in, INT64_MIN, DAY, &f->o, &f->c), 0);
	assert_int_equal(f->c.first, 0);
	assert_int_equal(f->c.last, 4 * HOUR - MIN_MS);
	assert_true(f->c.nband > 2);
	assert_int_equal(f->c.band[0].t, 0);
	assert_true(fabs(f->c.band[0].lo - 100 * MI) < 1);
	assert_true(fabs(f->c.band[f->c.nband - 1].hi - 200 * MI) < 1);
	for (i = 1; i < f->c.nband; i++)
		assert_true(f->c.band[i].t > f->c.band[i - 1].t);
	free(b.s);
}

static void severity_names_read_as_words(void **state)
{
	(void)state;
	assert_string_equal(model_severity_name(MODEL_CRITICAL), "critical");
	assert_string_equal(model_severity_name(MODEL_WARNING), "warning");
	assert_string_equal(model_severity_name(MODEL_INFO), "info");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(flat_usage_gets_the_percentile_plus_margin_and_the_peak_plus_headroom),
		T(the_sampling_rate_does_not_change_the_answer),
		T(short_history_widens_the_margins_and_says_how_much_more_is_needed),
		T(spiky_usage_is_flagged_and_the_limit_covers_the_spikes),
		T(a_kill_at_the_limit_raises_it_by_at_least_twenty_percent),
		T(a_kill_below_the_limit_above_the_request_makes_the_request_cover_the_peak),
		T(a_leak_sawtooth_is_suspected_and_the_limit_is_not_raised),
		T(growth_that_levels_off_is_not_a_leak),
		T(guaranteed_sets_request_equal_to_limit),
		T(clamps_hold_both_values),
		T(small_changes_are_kept_and_large_ones_are_not),
		T(a_raise_for_a_limit_the_usage_runs_into_is_never_kept),
		T(pods_side_by_side_do_not_count_a_rollouts_overlap),
		T(a_kept_request_never_ends_above_the_limit),
		T(missing_settings_are_flagged_when_a_settings_source_covers_the_container),
		T(overrides_apply_to_matching_workloads_only),
		T(the_band_spans_every_pod_even_from_time_zero),
		T(severity_names_read_as_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
