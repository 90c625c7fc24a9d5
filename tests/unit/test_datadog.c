/* test_datadog.c - ingest: the Datadog /api/v1/query JSON and Datadog CSV readers, their names and detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "ingest/ingest.h"
#include "ingest/datadog.h"
#include "ingest/labels.h"
#include "util/log.h"

/* Defined in ingest/datadog_json.c (shared by the two Datadog readers). */

/* ---- helpers ----------------------------------------------------------- */

enum reader { JSON, CSV };

/* Each reader with the name of the file it is given (messages say test.json or test.csv). */
static const struct {
	cap_reader fn;
	const char *name;
} readers[] = {
	[JSON] = { ingest_datadog_json, "test.json" },
	[CSV] = { ingest_datadog_csv, "test.csv" },
};

static int run_text(struct capture *c, enum reader r, const char *text)
{
	return cap_read(c, readers[r].fn, readers[r].name, text, ',');
}

static int run_fixture(struct capture *c, enum reader r, const char *rel)
{
	struct ingest_input in = { .name = readers[r].name, .delim = ',' };

	return cap_read_fixture(c, readers[r].fn, &in, rel);
}

/* The identity of a Datadog name (a CSV header or a query); returns datadog_identity's answer or -2. */
static int identity_of(const char *name, struct identity *id, const char **why)
{
	struct labels l;
	int rc;

	labels_init(&l);
	rc = datadog_name_parse(name, strlen(name), &l) == 0 ? datadog_identity(&l, "datadog-csv", id, why) : -2;
	labels_free(&l);
	return rc;
}

/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)
#define MI 1048576.0
#define CHECKOUT "checkout-7d9f8c6b5d-gc4f6"

/* ---- names ------------------------------------------------------------- */

static void requests_and_limits_metrics_are_settings_and_percentages_are_skipped(void **state)
{
	static const struct {
		const char *metric;
		int keep;
		enum store_role role;
	} cases[] = {
		{ "kubernetes.memory.working_set", 1, STORE_USAGE },
		{ "kubernetes.memory.usage", 1, STORE_USAGE },
		{ "kubernetes.memory.rss", 1, STORE_USAGE },
		{ "kubernetes.memory.requests", 1, STORE_REQUEST },
		{ "kubernetes.memory.limits", 1, STORE_LIMIT },
		{ "container.memory.working_set", 1, STORE_USAGE },
		/* A high-water mark, not the usage of now. */
		{ "container.memory.usage.peak", 0, STORE_USAGE },
		{ "container.memory.limit", 1, STORE_LIMIT },
		{ "docker.mem.rss", 1, STORE_USAGE },
		{ "docker.mem.limit", 1, STORE_LIMIT },
		{ "kubernetes_state.container.memory_requested", 1, STORE_REQUEST },
		{ "kubernetes_state.container.memory_limit", 1, STORE_LIMIT },
		{ "kubernetes.memory.usage_pct", 0, STORE_USAGE },
		{ "container.memory.oom_events", 0, STORE_USAGE },
		{ "docker.mem.in_use", 0, STORE_USAGE },
		{ "kubernetes.cpu.requests", 0, STORE_USAGE },
		{ "kubernetes.cpu.usage.total", 0, STORE_USAGE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[256];
		struct identity id;
		const char *why = NULL;
		int rc;

		snprintf(name, sizeof(name), "%s{kube_namespace:shop,pod_name:web-0}", cases[i].metric);
		rc = identity_of(name, &id, &why);
		if (rc != !cases[i].keep)
			fail_msg("%s: %s, expected %s", cases[i].metric, rc == 0 ? "kept" : "skipped",
				 cases[i].keep ? "kept" : "skipped");
		if (rc == 0 && id.s.role != cases[i].role)
			fail_msg("%s: role %d, expected %d", cases[i].metric, id.s.role, cases[i].role);
		if (rc == 0)
			assert_string_equal(id.s.metric, cases[i].metric);
	}
}

static void query_names_scopes_and_groups_give_metric_and_tags(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	/* aggregator, scope, by-clause and the group's tags */
	assert_int_equal(identity_of("avg:kubernetes.memory.working_set{kube_cluster_name:prod-eu,kube_namespace:shop} "
				     "by {pod_name,kube_container_name} pod_name:" CHECKOUT ",kube_container_name:checkout",
				     &id, &why),
			 0);
	assert_string_equal(id.s.metric, "kubernetes.memory.working_set");
	assert_string_equal(id.s.cluster, "prod-eu");
	assert_string_equal(id.s.namespace, "shop");
	assert_string_equal(id.s.pod, CHECKOUT);
	assert_string_equal(id.s.container, "checkout");
	assert_string_equal(id.s.workload, "checkout");
	/* the group's values in the order of "by", in parentheses, after a rollup */
	assert_int_equal(identity_of("max:kubernetes.memory.usage{kube_namespace:shop}.rollup(max, 60) by "
				     "{pod_name,kube_container_name} (web-0, app)",
				     &id, &why),
			 0);
	assert_string_equal(id.s.metric, "kubernetes.memory.usage");
	assert_string_equal(id.s.pod, "web-0");
	assert_string_equal(id.s.container, "app");
	/* a scope alone: no metric, a usage series */
	assert_int_equal(identity_of("kube_namespace:shop, pod_name:web-1 ,kube_container_name:app", &id, &why), 0);
	assert_string_equal(id.s.metric, "");
	assert_string_equal(id.s.pod, "web-1");
	assert_int_equal(id.s.role, STORE_USAGE);
	/* a scope in braces */
	assert_int_equal(identity_of("{kube_namespace:shop,pod_name:web-3}", &id, &why), 0);
	assert_string_equal(id.s.metric, "");
	assert_string_equal(id.s.pod, "web-3");
	/* filters, negations and template variables name nothing */
	assert_int_equal(identity_of("kubernetes.memory.rss{kube_namespace:shop,!pod_name:web-2,pod_name:web-*,$env,*}",
				     &id, &why),
			 0);
	assert_string_equal(id.s.namespace, "shop");
	assert_string_equal(id.s.pod, "");
	/* a ReplicaSet tag names the Deployment; the Kubernetes container name beats the runtime's */
	assert_int_equal(identity_of("container.memory.rss{kube_replica_set:api-6b8f7c9d4f,pod_name:x,"
				     "container_name:k8s_api_x_shop_0,kube_container_name:api}",
				     &id, &why),
			 0);
	assert_string_equal(id.s.workload, "api");
	assert_string_equal(id.s.workload_kind, "deployment");
	assert_string_equal(id.s.container, "api");
}

static void tag_values_keep_colons_and_blanks(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("kube_cluster_name:arn:aws:eks:eu-west-1:123456789012:cluster/prod,"
				     "kube_namespace:data,kube_deployment:etl api,pod_name:etl-api-7f9c8d6b5-abcde",
				     &id, &why),
			 0);
	assert_string_equal(id.s.cluster, "arn:aws:eks:eu-west-1:123456789012:cluster/prod");
	assert_string_equal(id.s.workload, "etl api");
	assert_string_equal(id.s.workload_kind, "deployment");
	assert_string_equal(id.s.pod, "etl-api-7f9c8d6b5-abcde");
}

static void names_that_say_nothing_are_not_read(void **state)
{
	static const char *const bad[] = {
		"Value",
		"web-7d9f-x2x4z",
		"top(avg:kubernetes.memory.usage{*} by {pod_name}, 10, 'mean', 'desc')",
		"avg:kubernetes.memory.usage{kube_namespace:shop",
		"{pod=\"web-0\", namespace=\"shop\"}",
		"avg:kubernetes.memory.usage{*} by {pod_name,kube_container_name} web-0",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct labels l;

		labels_init(&l);
		if (datadog_name_parse(bad[i], strlen(bad[i]), &l) != -1)
			fail_msg("read: \"%s\"", bad[i]);
		labels_free(&l);
	}
}

/* ---- /api/v1/query JSON ------------------------------------------------- */

static void an_api_answer_gives_series_from_scope_and_tag_set_with_units_scaled(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, JSON, "datadog/api_v1_query.json"), 0);
	assert_int_equal(c->nseries, 4);
	cap_assert_series(&c->series[0], "kubernetes.memory.working_set", "prod-eu", "shop", CHECKOUT, "checkout",
		      "checkout", "deployment", STORE_USAGE);
	assert_int_equal(c->series[0].from_label, 1);
	assert_string_equal(c->series[0].source, "datadog-json");
	cap_assert_series(&c->series[1], "kubernetes.memory.requests", "prod-eu", "shop", CHECKOUT, "checkout", "checkout",
		      "deployment", STORE_REQUEST);
	cap_assert_series(&c->series[2], "kubernetes.memory.limits", "prod-eu", "shop", CHECKOUT, "checkout", "checkout",
		      "deployment", STORE_LIMIT);
	/* from the scope alone; host is not part of the identity */
	cap_assert_series(&c->series[3], "container.memory.usage", "", "shop", CHECKOUT, "checkout", "checkout",
		      "deployment", STORE_USAGE);
	assert_int_equal(c->series[3].from_label, 0);
	assert_int_equal(c->nsamples, 7);
	/* float ms; the null point is missing */
	cap_assert_sample(c, 0, 1, T0, 377487360);
	cap_assert_sample(c, 1, 1, T0 + 120000, 379584512);
	cap_assert_sample(c, 2, 1, T0 + 180000, 381681664);
	cap_assert_sample(c, 3, 2, T0, 536870912);
	cap_assert_sample(c, 4, 2, T0 + 180000, 536870912);
	/* 768 mebibytes, 368640 kibibytes */
	cap_assert_sample(c, 5, 3, T0, 768 * MI);
	cap_assert_sample(c, 6, 4, T0, 377487360);
	/* 4 + 2 + 1 + 2 (usage_pct, skipped) + 1 points */
	cap_assert_stats(c, 10, 7, 0, 1, 1);
	assert_int_equal(cap_skipped_for(c, "not a memory size"), 1);
	assert_int_equal(c->st.f.t_min, T0);
	assert_int_equal(c->st.f.t_max, T0 + 180000);
}

static void a_memory_metric_in_a_unit_that_is_not_bytes_is_skipped_with_a_warning(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, JSON, "{\"status\":\"ok\",\"series\":[\n"
					   "{\"metric\":\"kubernetes.memory.rss\",\"scope\":\"pod_name:web-0\","
					   "\"pointlist\":[[1794646800000.0,41.5]],\"unit\":[{\"family\":\"percentage\","
					   "\"name\":\"percent\",\"scale_factor\":1.0},null]},\n"
					   "{\"metric\":\"kubernetes.memory.rss\",\"scope\":\"pod_name:web-1\","
					   "\"pointlist\":[[1794646800000.0,2.0]],\"unit\":[{\"family\":\"bytes\","
					   "\"name\":\"gibibyte\",\"scale_factor\":1073741824.0},null]},\n"
					   "{\"metric\":\"kubernetes.memory.rss\",\"scope\":\"pod_name:web-2\","
					   "\"pointlist\":[[1794646800000.0,3.0]],\"unit\":null}\n"
					   "]}"),
			 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.json:2: series \"kubernetes.memory.rss\" is in percent of family percentage, not "
			     "bytes: skipped");
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].pod, "web-1");
	assert_string_equal(c->series[1].pod, "web-2");
	cap_assert_sample(c, 0, 1, T0, 2 * 1073741824.0);
	cap_assert_sample(c, 1, 2, T0, 3);
	cap_assert_stats(c, 3, 2, 0, 0, 1);
	assert_int_equal(cap_skipped_for(c, "unit is not a memory size"), 1);
	free(err);
}

static void null_points_are_missing_and_bad_points_are_rejected_with_their_line(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, JSON, "{\"res_type\":\"time_series\",\"series\":[{\"pointlist\":[\n"
					   "[1794646800000.0,null],\n"
					   "[1794646860000.0,-1.0],\n"
					   "[\"later\",5.0],\n"
					   "[1794646920000.0],\n"
					   "[1794646980000,\"6\"]\n"
					   "],\"metric\":\"kubernetes.memory.usage\",\"tag_set\":[\"pod_name:web-0\"]}]}"),
			 0);
	err = cap_stderr_end();
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0 + 180000, 6);
	cap_assert_stats(c, 5, 1, 3, 1, 0);
	cap_assert_contains(err, "test.json:3:1: \"-1.0\" is negative; skipped");
	cap_assert_contains(err, "test.json:4:1: \"later\" is not a time in milliseconds; skipped");
	cap_assert_contains(err, "test.json:5:1: a point must be [time, value] (this one has 1 element); skipped");
	free(err);
}

static void the_same_identity_in_two_series_shares_one_id(void **state)
{
	struct capture *c = *state;

	/* tag_set, then the expression alone: the same pod and metric */
	assert_int_equal(run_text(c, JSON, "{\"status\":\"ok\",\"series\":["
					   "{\"metric\":\"kubernetes.memory.usage\",\"tag_set\":[\"pod_name:web-0\"],"
					   "\"pointlist\":[[1000.0,1.0]]},"
					   "{\"expression\":\"avg:kubernetes.memory.usage{pod_name:web-0}\","
					   "\"pointlist\":[[2000.0,2.0]]}]}"),
			 0);
	assert_int_equal(c->nseries, 1);
	cap_assert_sample(c, 0, 1, 1000, 1);
	cap_assert_sample(c, 1, 1, 2000, 2);
}

static void an_error_answer_fails_the_file_with_its_message(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, JSON, "{\"status\":\"error\",\"res_type\":\"time_series\",\"series\":[],\n"
					   "\"error\":\"Error parsing query: unable to parse avg:kubernetes.memory.usage{: "
					   "Rule 'scope_expr' didn't match\"}"),
			 -1);
	assert_int_equal(run_text(c, JSON, "{\"errors\":[\"Forbidden\"]}"), -1);
	assert_int_equal(run_text(c, JSON, "{\"status\":\"ok\",\"query\":\"x\"}"), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.json:2: the Datadog API answered with an error: Error parsing query: unable to parse");
	cap_assert_contains(err, "test.json:1: the Datadog API answered with an error: Forbidden");
	cap_assert_contains(err, "test.json: not a Datadog /api/v1/query response: there is no \"series\" array");
	assert_int_equal(c->nsamples, 0);
	free(err);
}

static void strict_mode_fails_a_datadog_answer_at_the_first_bad_point(void **state)
{
	struct capture *c = *state;

	c->o.strict = 1;
	assert_int_equal(run_text(c, JSON, "{\"status\":\"ok\",\"series\":[{\"metric\":\"kubernetes.memory.usage\","
					   "\"pointlist\":[[1000.0,1.0],[2000.0,true],[3000.0,3.0]]}]}"),
			 -1);
	cap_assert_stats(c, 2, 1, 1, 0, 0);
}

/* ---- CSV ------------------------------------------------------------------ */

static void a_dashboard_download_reads_query_headers_in_each_form(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, CSV, "datadog/dashboard_download.csv"), 0);
	assert_int_equal(c->nseries, 3);
	cap_assert_series(&c->series[0], "kubernetes.memory.working_set", "prod-eu", "shop", CHECKOUT, "checkout",
		      "checkout", "deployment", STORE_USAGE);
	assert_string_equal(c->series[0].source, "datadog-csv");
	cap_assert_series(&c->series[1], "kubernetes.memory.working_set", "prod-eu", "shop", "checkout-7d9f8c6b5d-x2x4z",
		      "checkout", "checkout", "deployment", STORE_USAGE);
	cap_assert_series(&c->series[2], "kubernetes.memory.requests", "prod-eu", "shop", CHECKOUT, "checkout", "checkout",
		      "deployment", STORE_REQUEST);
	assert_int_equal(c->nsamples, 7);
	cap_assert_sample(c, 0, 1, T0, 377487360);
	cap_assert_sample(c, 1, 2, T0, 373293056);
	cap_assert_sample(c, 2, 3, T0, 536870912);
	cap_assert_sample(c, 3, 2, T0 + 60000, 375390208);
	cap_assert_sample(c, 4, 3, T0 + 60000, 536870912);
	cap_assert_sample(c, 5, 1, T0 + 120000, 379584512.5);
	cap_assert_sample(c, 6, 3, T0 + 120000, 536870912);
	/* an empty cell and "null" are missing; the usage_pct column is skipped unread */
	cap_assert_stats(c, 3, 7, 0, 2, 1);
}

static void scope_headers_with_odd_tags_and_iso_times_are_read(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, CSV, "datadog/dashboard_scopes_odd_tags.csv"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_series(&c->series[0], "", "", "data", "etl-runner-0", "main", "etl-runner", "statefulset", STORE_USAGE);
	cap_assert_series(&c->series[1], "", "arn:aws:eks:eu-west-1:123456789012:cluster/prod", "data", "etl-runner-1",
		      "main", "etl-runner", "statefulset", STORE_USAGE);
	assert_int_equal(c->series[1].from_label, 1);
	cap_assert_sample(c, 0, 1, T0, 1610612736);
	cap_assert_sample(c, 1, 2, T0, 1073741824);
	cap_assert_sample(c, 2, 1, T0 + 60000, 1677721600);
	cap_assert_stats(c, 2, 3, 0, 1, 0);
}

static void the_csv_exporter_layout_takes_the_metric_from_its_column(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, CSV, "datadog/csv_exporter.csv"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_series(&c->series[0], "kubernetes.memory.working_set", "", "shop", "report-builder-5c8b7f9d44-2tgp5",
		      "builder", "report-builder", "deployment", STORE_USAGE);
	cap_assert_series(&c->series[1], "kubernetes.memory.working_set", "", "shop", "report-builder-5c8b7f9d44-9xk4m",
		      "builder", "report-builder", "deployment", STORE_USAGE);
	/* the date is local time in the exporter's zone: UTC here */
	cap_assert_sample(c, 0, 1, T0, 610271232);
	cap_assert_sample(c, 1, 2, T0, 598736896);
	cap_assert_sample(c, 2, 2, T0 + 300000, 601882624);
	cap_assert_sample(c, 3, 1, T0 + 600000, 612368384);
	cap_assert_sample(c, 4, 2, T0 + 600000, 603979776);
	cap_assert_stats(c, 3, 5, 0, 1, 0);
}

static void the_csv_exporter_layout_without_the_index_column_is_read_too(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, CSV, "date,metric,pod_name:web-0\n"
					  "2026-11-14 09:00:00,docker.mem.rss (max),1048576.0\n"
					  "2026-11-14 09:00:20,docker.mem.rss (max),nope\n"),
			 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].metric, "docker.mem.rss");
	cap_assert_sample(c, 0, 1, T0, 1048576);
	cap_assert_stats(c, 2, 1, 1, 0, 0);
}

static void an_unreadable_header_fails_with_the_header_and_the_way_out(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, CSV, "timestamp,kubernetes.memory.usage{pod_name:web-0},Memory of web-1\n"
					  "1794646800000,1,2\n"),
			 -1);
	assert_int_equal(run_text(c, CSV, "when,kube_namespace:shop\n1794646800000,1\n"), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:1:3: cannot read the Datadog column header \"Memory of web-1\"");
	cap_assert_contains(err, "--format csv --time-col 1 --value-col 3 --id-col pod=");
	cap_assert_contains(err, "test.csv:1: this Datadog CSV has no time column");
	assert_int_equal(c->nsamples, 0);
	free(err);
}

static void bad_cells_are_rejected_with_line_and_column(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, CSV, "timestamp,pod_name:web-0,pod_name:web-1\n"
					  "1794646800000,1,2\n"
					  "yesterday,3,4\n"
					  "1794646860000,-5,6\n"
					  "1794646920000,7,8,9\n"),
			 0);
	err = cap_stderr_end();
	assert_int_equal(c->nsamples, 3);
	cap_assert_stats(c, 4, 3, 3, 0, 0);
	cap_assert_contains(err, "test.csv:3:1: \"yesterday\" is not a time; skipped");
	cap_assert_contains(err, "test.csv:4:2: \"-5\" is negative; skipped");
	cap_assert_contains(err, "test.csv:5:1: the row has 4 fields but the header has 3; skipped");
	free(err);
}

/* ---- detection --------------------------------------------------------------- */

static void detection_finds_datadog_files_and_leaves_grafana_and_promql_csv_alone(void **state)
{
	static const struct {
		const char *text;
		enum ingest_format format;
	} cases[] = {
		{ "timestamp,\"avg:kubernetes.memory.usage{kube_namespace:shop,pod_name:web-0}\"\n1,2\n",
		  INGEST_DATADOG_CSV },
		{ "Time,\"kube_namespace:shop,pod_name:web-0\"\n1,2\n", INGEST_DATADOG_CSV },
		{ "timestamp;container.memory.rss{pod_name:web-0};docker.mem.rss{pod_name:web-0}\n1;2;3\n",
		  INGEST_DATADOG_CSV },
		{ ",date,metric,\"kube_namespace:a,pod_name:b\"\n0,2026-11-14 09:00:00,m (avg),1\n", INGEST_DATADOG_CSV },
		{ "date,metric,env:prod\n2026-11-14 09:00:00,m (avg),1\n", INGEST_DATADOG_CSV },
		/* Grafana: Prometheus headers, even with a label value mentioning kubernetes. */
		{ "\"Time\",\"container_memory_working_set_bytes{job=\"\"kubernetes.cadvisor\"\", pod=\"\"web-0\"\"}\"\n"
		  "1,2\n",
		  INGEST_GRAFANA_CSV },
		{ "Time,web-0,web-1\n1,2,3\n", INGEST_GRAFANA_CSV },
		{ "Time,node kubernetes.io/hostname=a\n1,2\n", INGEST_GRAFANA_CSV },
		/* promql-cli long CSV, with a pod_name: in a label value */
		{ "__name__,pod,value,timestamp\nm,pod_name:web-0,1,2026-11-14T09:00:00Z\n", INGEST_LONG_CSV },
		{ "__name__,namespace,value,timestamp\nkubernetes.memory.usage,a,1,2026-11-14T09:00:00Z\n",
		  INGEST_LONG_CSV },
		{ "Series;Time;Value\nkube_namespace:a;1;2\n", INGEST_GRAFANA_SERIES_CSV },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char delim;
		enum ingest_format f = ingest_detect(cases[i].text, strlen(cases[i].text), &delim);

		if (f != cases[i].format)
			fail_msg("case %zu detected as %s, expected %s", i, ingest_format_name(f),
				 ingest_format_name(cases[i].format));
	}
}

static void detection_finds_datadog_json_in_any_key_order(void **state)
{
	static const char *const files[] = { "datadog/api_v1_query.json" };
	static const char *const yes[] = {
		"{\"series\":[{\"pointlist\":[[1.0,2.0]]}]}",
		"{\n \"query\": \"avg:kubernetes.memory.usage{*}\",\n \"series\": []\n}",
		"{\"from_date\":1,\"series\":[]}",
	};
	static const char *const no[] = {
		"{\"series\":[{\"name\":\"x\"}]}",
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
		"[{\"series\":[],\"status\":\"ok\"}]",
	};
	size_t i;
	char delim;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t len;
		char *text = cap_fixture(files[i], &len);

		assert_int_equal(ingest_detect(text, len, &delim), INGEST_DATADOG_JSON);
		free(text);
	}
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!datadog_json_detect(yes[i], strlen(yes[i])))
			fail_msg("not taken for Datadog JSON: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (datadog_json_detect(no[i], strlen(no[i])))
			fail_msg("taken for Datadog JSON: %s", no[i]);
}

static void every_datadog_fixture_is_detected(void **state)
{
	static const char *const csvs[] = { "datadog/dashboard_download.csv", "datadog/dashboard_scopes_odd_tags.csv",
					    "datadog/csv_exporter.csv" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(csvs) / sizeof(csvs[0]); i++) {
		size_t len;
		char *text = cap_fixture(csvs[i], &len);
		char delim = 0;

		if (ingest_detect(text, len, &delim) != INGEST_DATADOG_CSV || delim != ',')
			fail_msg("%s is not detected as datadog-csv with ','", csvs[i]);
		free(text);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(requests_and_limits_metrics_are_settings_and_percentages_are_skipped),
		T(query_names_scopes_and_groups_give_metric_and_tags),
		T(tag_values_keep_colons_and_blanks),
		T(names_that_say_nothing_are_not_read),
		T(an_api_answer_gives_series_from_scope_and_tag_set_with_units_scaled),
		T(a_memory_metric_in_a_unit_that_is_not_bytes_is_skipped_with_a_warning),
		T(null_points_are_missing_and_bad_points_are_rejected_with_their_line),
		T(the_same_identity_in_two_series_shares_one_id),
		T(an_error_answer_fails_the_file_with_its_message),
		T(strict_mode_fails_a_datadog_answer_at_the_first_bad_point),
		T(a_dashboard_download_reads_query_headers_in_each_form),
		T(scope_headers_with_odd_tags_and_iso_times_are_read),
		T(the_csv_exporter_layout_takes_the_metric_from_its_column),
		T(the_csv_exporter_layout_without_the_index_column_is_read_too),
		T(an_unreadable_header_fails_with_the_header_and_the_way_out),
		T(bad_cells_are_rejected_with_line_and_column),
		T(detection_finds_datadog_files_and_leaves_grafana_and_promql_csv_alone),
		T(detection_finds_datadog_json_in_any_key_order),
		T(every_datadog_fixture_is_detected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
