/* test_prom_json.c - ingest: the Prometheus HTTP API JSON reader (matrix, vector, promtool's array), detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "ingest/ingest.h"
#include "util/log.h"

/* ---- helpers ----------------------------------------------------------- */

/* Empties c for another file. */
static void reset(struct capture *c)
{
	free(c->samples);
	memset(c, 0, sizeof(*c));
	ingest_opts_init(&c->o);
}

static int run(struct capture *c, const char *text, size_t len)
{
	struct ingest_input in = { .name = "test.json", .data = text, .len = len };

	return cap_read_input(c, ingest_prom_json, &in);
}

static int run_text(struct capture *c, const char *text)
{
	return run(c, text, strlen(text));
}

static int run_fixture(struct capture *c, const char *rel)
{
	struct ingest_input in = { .name = "test.json" };

	return cap_read_fixture(c, ingest_prom_json, &in, rel);
}

#define WSET "container_memory_working_set_bytes"
/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)

/* ---- matrix, vector, promtool ------------------------------------------ */

static void a_range_query_with_float_seconds_gives_ms_samples_and_skips_pod_level_and_pause_series(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_fixture(c, "prometheus/query_range_float_seconds.json"), 0);
	err = cap_stderr_end();
	assert_int_equal(c->nseries, 2);
	cap_assert_series(&c->series[0], WSET, "prod-eu", "shop", "checkout-7d9f8c6b5d-gc4f6", "checkout", "checkout",
		      "deployment", STORE_USAGE);
	cap_assert_series(&c->series[1], WSET, "prod-eu", "shop", "report-builder-5c8b7f9d44-2tgp5", "builder",
		      "report-builder", "deployment", STORE_USAGE);
	/* 1794646830.250 s -> ...830250 ms; "3.8e+08" is a Go float; the NaN and the gap leave nothing */
	assert_int_equal(c->nsamples, 4);
	cap_assert_sample(c, 0, 1, T0, 377487360);
	cap_assert_sample(c, 1, 1, T0 + 30250, 380000000);
	cap_assert_sample(c, 2, 1, T0 + 150500, 381681664);
	cap_assert_sample(c, 3, 2, T0 + 60781, 610000000);
	/* 4 + 1 + 1 + 3 samples; NaN, +Inf, -Inf missing; the pod-level and pause series skipped */
	cap_assert_stats(c, 9, 4, 0, 3, 2);
	assert_int_equal(cap_skipped_for(c, "pod-level cgroup"), 1);
	assert_int_equal(cap_skipped_for(c, "pause container"), 1);
	assert_int_equal(c->st.f.t_min, T0);
	assert_int_equal(c->st.f.t_max, T0 + 150500);
	cap_assert_contains(err, "test.json:63: the Prometheus API warns: the query hit 1 of 3 store nodes late");
	free(err);
}

static void integer_seconds_and_kube_state_metrics_keep_memory_settings_and_skip_cpu(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_fixture(c, "prometheus/query_range_integer_seconds.json"), 0);
	err = cap_stderr_end();
	assert_int_equal(c->nseries, 3);
	cap_assert_series(&c->series[0], "kube_pod_container_resource_requests", "", "acme-fitness",
		      "cart-65ddcdb87d-r8527", "cart", "cart", "deployment", STORE_REQUEST);
	cap_assert_series(&c->series[1], "kube_pod_container_resource_limits", "", "acme-fitness", "cart-65ddcdb87d-r8527",
		      "cart", "cart", "deployment", STORE_LIMIT);
	cap_assert_series(&c->series[2], WSET, "", "acme-fitness", "cart-65ddcdb87d-r8527", "cart", "cart", "deployment",
		      STORE_USAGE);
	assert_int_equal(c->nsamples, 6);
	cap_assert_sample(c, 0, 1, T0, 67108864);
	cap_assert_sample(c, 1, 1, T0 + 60000, 67108864);
	cap_assert_sample(c, 2, 2, T0, 134217728);
	cap_assert_sample(c, 3, 2, T0 + 60000, 134217728);
	cap_assert_sample(c, 4, 3, T0, 50331648);
	cap_assert_sample(c, 5, 3, T0 + 120000, 52428800);
	/* 2 + 2 (cpu) + 2 + 3 samples; "fifty megs" rejected on line 5 */
	cap_assert_stats(c, 9, 6, 1, 0, 1);
	assert_int_equal(cap_skipped_for(c, "not a memory metric"), 1);
	cap_assert_contains(err, "test.json:5:1: \"fifty megs\" is not a number; skipped");
	cap_assert_contains(err, "test.json:6: the Prometheus API notes: PromQL info: this note was written");
	free(err);
}

static void an_instant_query_gives_one_sample_per_series(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, "prometheus/query_instant_vector.json"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_series(&c->series[0], WSET, "", "web", "frontend-0", "app", "frontend", "statefulset", STORE_USAGE);
	cap_assert_series(&c->series[1], WSET, "", "web", "frontend-1", "app", "frontend", "statefulset", STORE_USAGE);
	assert_int_equal(c->nsamples, 2);
	cap_assert_sample(c, 0, 1, T0 + 123, 104857600);
	cap_assert_sample(c, 1, 2, T0 + 123, 110100480);
	cap_assert_stats(c, 2, 2, 0, 0, 0);
}

static void promtool_json_arrays_are_read_for_range_and_instant_queries(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, "prometheus/promtool_query_range.json"), 0);
	assert_int_equal(c->nseries, 1);
	cap_assert_series(&c->series[0], "container_memory_rss", "", "batch", "nightly-etl-29345678-x7k2p", "worker",
		      "nightly-etl", "cronjob", STORE_USAGE);
	assert_int_equal(c->nsamples, 3);
	cap_assert_sample(c, 0, 1, T0, 1048576);
	cap_assert_sample(c, 1, 1, T0 + 15000, 2097152);
	cap_assert_sample(c, 2, 1, T0 + 30000, 3145728);
	cap_assert_stats(c, 3, 3, 0, 0, 0);

	reset(c);
	assert_int_equal(run_fixture(c, "prometheus/promtool_query_instant.json"), 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].pod, "nightly-etl-29345678-x7k2p");
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0 + 45000, 4194304);
	cap_assert_stats(c, 1, 1, 0, 0, 0);
}

static void values_before_metric_are_kept_until_the_series_is_named(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_fixture(c, "prometheus/reordered_keys.json"), 0);
	err = cap_stderr_end();
	assert_int_equal(c->nseries, 1);
	cap_assert_series(&c->series[0], WSET, "", "shop", "api-6b8f7c9d4f-qwrtz", "api", "api", "deployment",
		      STORE_USAGE);
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0, 1000000);
	/* "NaN" missing, "-5" rejected where it stands (line 5), the histograms not read */
	cap_assert_stats(c, 3, 1, 1, 1, 0);
	cap_assert_contains(err, "test.json:5:1: \"-5\" is negative; skipped");
	free(err);
}

static void a_series_without_metric_labels_is_kept_with_an_empty_identity(void **state)
{
	struct capture *c = *state;

	/* an aggregated query: "metric": {} and integer seconds, no "status" */
	assert_int_equal(run_text(c, "{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":"
				     "[[1794646800,\"15532519.6\"],[1794646820,\"17046655.066666666\"]]}]}}"),
			 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].metric, "");
	assert_string_equal(c->series[0].pod, "");
	assert_int_equal(c->series[0].role, STORE_USAGE);
	cap_assert_sample(c, 0, 1, T0, 15532519.6);
	cap_assert_sample(c, 1, 1, T0 + 20000, 17046655.066666666);
}

/* ---- values ------------------------------------------------------------ */

static void nan_infinities_and_null_are_missing_values(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, "[{\"metric\":{\"__name__\":\"" WSET "\",\"pod\":\"p-0\",\"container\":\"c\"},"
				     "\"values\":[[1,\"NaN\"],[2,null],[3,\"+Inf\"],[4,\"-Inf\"],[5,7],[6,\"8.5\"]]}]"),
			 0);
	assert_int_equal(c->nsamples, 2);
	/* a bare number is taken as it is */
	cap_assert_sample(c, 0, 1, 5000, 7);
	cap_assert_sample(c, 1, 1, 6000, 8.5);
	cap_assert_stats(c, 6, 2, 0, 4, 0);
}

static void bad_samples_are_rejected_with_their_line_and_the_rest_is_read(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"
				     "\"metric\":{\"__name__\":\"" WSET "\",\"namespace\":\"a\",\"pod\":\"p-0\","
				     "\"container\":\"c\"},\"values\":[\n"
				     "[1794646800,\"100\"],\n"
				     "[\"soon\",\"100\"],\n"
				     "[1794646860,\"100\",\"extra\"],\n"
				     "[1794646920,\"\"],\n"
				     "[1794646980,\"0x\"],\n"
				     "\"1794647040\",\n"
				     "[1794647100,\"200\"]\n"
				     "]}]}}"),
			 0);
	err = cap_stderr_end();
	assert_int_equal(c->nsamples, 2);
	cap_assert_sample(c, 0, 1, T0, 100);
	cap_assert_sample(c, 1, 1, T0 + 300000, 200);
	cap_assert_stats(c, 7, 2, 5, 0, 0);
	cap_assert_contains(err, "test.json:3:1: \"soon\" is not a time; skipped");
	cap_assert_contains(err, "test.json:4:1: a sample must be [time, \"value\"] (this one has 3 elements); skipped");
	cap_assert_contains(err, "test.json:5:1: \"\" is not a number; skipped");
	cap_assert_contains(err, "test.json:6:1: \"0x\" is not a number; skipped");
	cap_assert_contains(err, "test.json:7:1: a sample must be [time, \"value\"], not a single value; skipped");
	free(err);
}

static void strict_mode_fails_the_file_at_the_first_bad_sample(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.strict = 1;
	cap_stderr_begin();
	assert_int_equal(run_text(c, "[{\"metric\":{\"pod\":\"p-0\"},\"values\":[[1,\"1\"],[2,\"x\"],[3,\"3\"]]}]"),
			 -1);
	err = cap_stderr_end();
	cap_assert_stats(c, 2, 1, 1, 0, 0);
	cap_assert_contains(err, "test.json:1:1: \"x\" is not a number (--strict: the file is rolled back)");
	free(err);
}

static void strict_mode_fails_on_a_bad_sample_that_was_kept_before_its_labels(void **state)
{
	struct capture *c = *state;

	c->o.strict = 1;
	assert_int_equal(run_text(c, "[{\"values\":[[1,\"x\"]],\"metric\":{\"pod\":\"p-0\"}}]"), -1);
	cap_assert_stats(c, 1, 0, 1, 0, 0);
}

/* ---- whole-file answers -------------------------------------------------- */

static void an_error_status_fails_the_file_with_the_api_message(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"status\":\"error\",\"errorType\":\"bad_data\",\n"
				     "\"error\":\"invalid parameter \\\"query\\\": 1:1: parse error: unexpected end\"}"),
			 -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.json:1: the Prometheus API answered with an error (bad_data): invalid parameter "
			     "\"query\": 1:1: parse error: unexpected end");
	free(err);

	/* the data an error answer may still carry is not read */
	reset(c);
	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"status\":\"error\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
				     "{\"pod\":\"p-0\"},\"values\":[[1,\"1\"]]}]},\"errorType\":\"timeout\","
				     "\"error\":\"query timed out in expression evaluation\"}"),
			 -1);
	err = cap_stderr_end();
	assert_int_equal(c->nseries, 0);
	assert_int_equal(c->nsamples, 0);
	cap_assert_contains(err, "(timeout): query timed out in expression evaluation");
	free(err);
}

static void scalar_and_string_results_are_refused(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":"
				     "[1794646800,\"1\"]}}"),
			 -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.json:1: the result type is \"scalar\", which holds no series");
	free(err);

	/* resultType after the result, and promtool's scalar: the pair itself says it */
	reset(c);
	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"data\":{\"result\":[1794646800,\"hello\"],\"resultType\":\"string\"}}"), -1);
	assert_int_equal(run_text(c, "[1794646800,\"1\"]"), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "the result holds a single [time, value] pair, not series");
	assert_int_equal(c->nsamples, 0);
	free(err);
}

static void a_response_without_data_or_with_malformed_json_fails(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, "{\"status\":\"success\"}"), -1);
	assert_int_equal(run_text(c, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{"), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.json: not a Prometheus API response: there is no \"data\" object");
	cap_assert_contains(err, "malformed JSON");
	free(err);
}

static void series_of_the_same_identity_share_one_id(void **state)
{
	struct capture *c = *state;

	/* a container restarted: cAdvisor's id label changes, the identity does not */
	assert_int_equal(run_text(c, "[{\"metric\":{\"__name__\":\"" WSET "\",\"namespace\":\"a\",\"pod\":\"p-0\","
				     "\"container\":\"c\",\"id\":\"/kubepods/one\"},\"values\":[[1,\"10\"]]},"
				     "{\"metric\":{\"__name__\":\"" WSET "\",\"namespace\":\"a\",\"pod\":\"p-0\","
				     "\"container\":\"c\",\"id\":\"/kubepods/two\"},\"values\":[[2,\"20\"]]},"
				     "{\"metric\":{\"__name__\":\"" WSET "\",\"namespace\":\"a\",\"pod\":\"p-1\","
				     "\"container\":\"c\"},\"values\":[[3,\"30\"]]}]"),
			 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_sample(c, 0, 1, 1000, 10);
	cap_assert_sample(c, 1, 1, 2000, 20);
	cap_assert_sample(c, 2, 2, 3000, 30);
}

static void a_series_with_no_values_creates_no_series(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, "[{\"metric\":{\"pod\":\"p-0\"},\"values\":[]},"
				     "{\"metric\":{\"pod\":\"p-1\"},\"values\":[[1,\"NaN\"]]}]"),
			 0);
	assert_int_equal(c->nseries, 0);
	cap_assert_stats(c, 1, 0, 0, 1, 0);
}

/* ---- detection ----------------------------------------------------------- */

static int detect(const char *text)
{
	return prom_json_detect(text, strlen(text));
}

static void detection_knows_envelopes_and_promtool_arrays_in_any_key_order(void **state)
{
	static const char *const fixtures[] = {
		"prometheus/query_range_float_seconds.json", "prometheus/query_range_integer_seconds.json",
		"prometheus/query_instant_vector.json",	     "prometheus/promtool_query_range.json",
		"prometheus/promtool_query_instant.json",    "prometheus/reordered_keys.json",
	};
	size_t i;
	char delim;

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		size_t len;
		char *text = cap_fixture(fixtures[i], &len);

		if (ingest_detect(text, len, &delim) != INGEST_PROM_JSON)
			fail_msg("%s is not detected as prometheus-json", fixtures[i]);
		free(text);
	}
	assert_true(detect("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"x\"}"));
	assert_true(detect("{ \"data\" : { \"result\" : [ ] } }"));
	assert_true(detect("[{\"values\":[[1,\"2\"]]}]"));
	assert_true(detect("[\n  {\n    \"value\": [1, \"2\"],\n    \"metric\": {}\n  }\n]"));
}

static void detection_leaves_other_json_alone(void **state)
{
	static const char *const others[] = {
		/* Datadog /api/v1/query */
		"{\"status\":\"ok\",\"res_type\":\"time_series\",\"series\":[],\"from_date\":1}",
		/* kubectl get pods -o json */
		"{\"apiVersion\":\"v1\",\"items\":[{\"status\":{\"phase\":\"Running\"}}],\"kind\":\"List\"}",
		/* Marathon app */
		"{\"id\":\"/app-oom\",\"mem\":64,\"cpus\":0.1}",
		/* prometheus-query's time-major JSON */
		"[{\"time\":1536759940,\"values\":[{\"metric\":{\"__name__\":\"up\"},\"value\":17}]}]",
		/* "data" deeper than the top */
		"{\"items\":{\"data\":{\"resultType\":\"matrix\"}},\"status\":\"success\"}",
		"[]",
		"{}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (prom_json_detect(others[i], strlen(others[i])))
			fail_msg("taken for Prometheus JSON: %s", others[i]);
}

/* ---- size ---------------------------------------------------------------- */

/* A matrix of nseries series of npoints each; values before metric when late_metric. */
static char *big_matrix(int nseries, int npoints, int late_metric, size_t *len)
{
	size_t cap = (size_t)nseries * ((size_t)npoints * 40 + 300) + 200, n = 0;
	char *s = malloc(cap);
	int i, j;

	assert_non_null(s);
	/* "data" first and a result larger than detection's window */
	n += (size_t)snprintf(s + n, cap - n, "{\"data\":{\"result\":[\n");
	for (i = 0; i < nseries; i++) {
		char metric[200];

		snprintf(metric, sizeof(metric),
			 "\"metric\":{\"__name__\":\"" WSET "\",\"namespace\":\"big\",\"pod\":\"big-%d\",\"container\":\"c\"}",
			 i);
		n += (size_t)snprintf(s + n, cap - n, "%s{%s%s\"values\":[", i ? ",\n" : "", late_metric ? "" : metric,
				      late_metric ? "" : ",");
		for (j = 0; j < npoints; j++)
			n += (size_t)snprintf(s + n, cap - n, "%s[%lld.5,\"%d\"]", j ? "," : "",
					      (long long)(1794646800 + j * 15), 1000000 + j);
		n += (size_t)snprintf(s + n, cap - n, "]%s%s}", late_metric ? "," : "", late_metric ? metric : "");
	}
	n += (size_t)snprintf(s + n, cap - n, "\n],\"resultType\":\"matrix\"},\"status\":\"success\"}\n");
	*len = n;
	return s;
}

static double cpu_seconds_to_read(struct capture *c, int nseries, int npoints)
{
	size_t len;
	char *text = big_matrix(nseries, npoints, 0, &len);
	clock_t t0;
	double secs;

	reset(c);
	t0 = clock();
	assert_int_equal(run(c, text, len), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(c->st.f.accepted, (int64_t)nseries * npoints);
	free(text);
	return secs;
}

static void a_large_matrix_streams_in_time_linear_in_its_size(void **state)
{
	struct capture *c = *state;
	size_t len;
	char *text = big_matrix(10, 20000, 0, &len);
	char delim;
	double t1, t2;

	/* 200,000 points: every one arrives, in order, as 10 series */
	assert_true(len > 64 * 1024);
	assert_int_equal(ingest_detect(text, len, &delim), INGEST_PROM_JSON);
	assert_int_equal(run(c, text, len), 0);
	free(text);
	assert_int_equal(c->nseries, 10);
	assert_int_equal(c->nsamples, 200000);
	cap_assert_stats(c, 200000, 200000, 0, 0, 0);
	cap_assert_sample(c, 0, 1, T0 + 500, 1000000);
	cap_assert_sample(c, 199999, 10, T0 + 19999 * 15000 + 500, 1000000 + 19999);
	assert_string_equal(c->series[9].pod, "big-9");
	/*
	 * Four times the points, about four times the time: a reader that
	 * rescans what it has read (quadratic) would take sixteen times.
	 */
	t1 = cpu_seconds_to_read(c, 10, 10000);
	t2 = cpu_seconds_to_read(c, 10, 40000);
	print_message("100k points: %.3f s, 400k points: %.3f s\n", t1, t2);
	assert_true(t2 < 8.0 * t1 + 0.05);
}

static void a_long_series_named_after_its_values_is_kept_whole(void **state)
{
	struct capture *c = *state;
	size_t len;
	char *text = big_matrix(2, 100000, 1, &len);

	assert_int_equal(run(c, text, len), 0);
	free(text);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].pod, "big-0");
	assert_string_equal(c->series[1].pod, "big-1");
	cap_assert_stats(c, 200000, 200000, 0, 0, 0);
	cap_assert_sample(c, 99999, 1, T0 + 99999 * INT64_C(15000) + 500, 1000000 + 99999);
	cap_assert_sample(c, 100000, 2, T0 + 500, 1000000);
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_range_query_with_float_seconds_gives_ms_samples_and_skips_pod_level_and_pause_series),
		T(integer_seconds_and_kube_state_metrics_keep_memory_settings_and_skip_cpu),
		T(an_instant_query_gives_one_sample_per_series),
		T(promtool_json_arrays_are_read_for_range_and_instant_queries),
		T(values_before_metric_are_kept_until_the_series_is_named),
		T(a_series_without_metric_labels_is_kept_with_an_empty_identity),
		T(nan_infinities_and_null_are_missing_values),
		T(bad_samples_are_rejected_with_their_line_and_the_rest_is_read),
		T(strict_mode_fails_the_file_at_the_first_bad_sample),
		T(strict_mode_fails_on_a_bad_sample_that_was_kept_before_its_labels),
		T(an_error_status_fails_the_file_with_the_api_message),
		T(scalar_and_string_results_are_refused),
		T(a_response_without_data_or_with_malformed_json_fails),
		T(series_of_the_same_identity_share_one_id),
		T(a_series_with_no_values_creates_no_series),
		T(detection_knows_envelopes_and_promtool_arrays_in_any_key_order),
		T(detection_leaves_other_json_alone),
		T(a_large_matrix_streams_in_time_linear_in_its_size),
		T(a_long_series_named_after_its_values_is_kept_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
