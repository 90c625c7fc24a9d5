/* test_labels.c - ingest/labels: series names as exports spell them, identity, workload names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest/labels.h"

/* Parses text with legend label "pod"; the test frees *l. */
static int parse(const char *text, struct labels *l)
{
	return labels_parse(text, strlen(text), "pod", l);
}

#define assert_label(l, name, expected)                                                                   \
	do {                                                                                              \
		const char *v_ = labels_get((l), (name));                                                 \
		if (!v_)                                                                                  \
			fail_msg("label %s is missing, expected \"%s\"", (name), (expected));             \
		assert_string_equal(v_, (expected));                                                      \
	} while (0)

/* ---- labels_parse ---------------------------------------------------- */

static void parse_reads_metric_and_labels_of_a_grafana_header(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("container_memory_working_set_bytes{container=\"base\", namespace=\"airflow\", "
			       "pod=\"x-1\"}",
			       &l),
			 0);
	assert_string_equal(l.metric, "container_memory_working_set_bytes");
	assert_int_equal(l.n, 3);
	assert_label(&l, "container", "base");
	assert_label(&l, "namespace", "airflow");
	assert_label(&l, "pod", "x-1");
	assert_null(labels_get(&l, "cluster"));
	labels_free(&l);
}

static void parse_unescapes_go_quoted_values(void **state)
{
	struct labels l;

	(void)state;
	/* {a="say \"hi\"", b="c\\d"} */
	assert_int_equal(parse("{a=\"say \\\"hi\\\"\", b=\"c\\\\d\"}", &l), 0);
	assert_string_equal(l.metric, "");
	assert_int_equal(l.n, 2);
	assert_label(&l, "a", "say \"hi\"");
	assert_label(&l, "b", "c\\d");
	labels_free(&l);
}

static void parse_keeps_unescaped_inner_quotes_of_format_labels(void **state)
{
	struct labels l;

	(void)state;
	/* Grafana's formatLabels does not escape: {a="say "hi"", b="x"y"} */
	assert_int_equal(parse("{a=\"say \"hi\"\", b=\"x\"y\"}", &l), 0);
	assert_int_equal(l.n, 2);
	assert_label(&l, "a", "say \"hi\"");
	assert_label(&l, "b", "x\"y");
	labels_free(&l);
}

static void parse_takes_the_metric_from_the_name_label(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("{__name__=\"up\", instance=\"localhost:9090\"}", &l), 0);
	assert_string_equal(l.metric, "up");
	assert_int_equal(l.n, 1);
	assert_label(&l, "instance", "localhost:9090");
	assert_null(labels_get(&l, "__name__"));
	labels_free(&l);
}

static void parse_drops_grafanas_value_field_name(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("Value {pod=\"p\"}", &l), 0);
	assert_string_equal(l.metric, "");
	assert_int_equal(l.n, 1);
	assert_label(&l, "pod", "p");
	labels_free(&l);
	assert_int_equal(parse("  value{pod=\"q\"}  ", &l), 0);
	assert_string_equal(l.metric, "");
	assert_label(&l, "pod", "q");
	labels_free(&l);
}

static void parse_reads_legend_text_as_the_legend_label(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("my-pod-7d9f", &l), 0);
	assert_string_equal(l.metric, "");
	assert_int_equal(l.n, 1);
	assert_label(&l, "pod", "my-pod-7d9f");
	labels_free(&l);
	assert_int_equal(parse("Value", &l), 0);
	assert_string_equal(l.metric, "");
	assert_label(&l, "pod", "Value");
	labels_free(&l);
	/* Another legend label. */
	assert_int_equal(labels_parse("checkout", 8, "container", &l), 0);
	assert_string_equal(l.metric, "");
	assert_label(&l, "container", "checkout");
	assert_null(labels_get(&l, "pod"));
	labels_free(&l);
	/* No legend label: no label at all. */
	assert_int_equal(labels_parse("checkout", 8, "", &l), 0);
	assert_int_equal(l.n, 0);
	labels_free(&l);
}

static void parse_reads_a_bare_metric_name(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("container_memory_rss", &l), 0);
	assert_string_equal(l.metric, "container_memory_rss");
	assert_int_equal(l.n, 0);
	labels_free(&l);
	assert_int_equal(parse("namespace:container_memory:sum", &l), 0);
	assert_string_equal(l.metric, "namespace:container_memory:sum");
	assert_int_equal(l.n, 0);
	labels_free(&l);
}

static void parse_reads_only_len_bytes(void **state)
{
	struct labels l;
	const char *line = "container_memory_rss{pod=\"a-0\"},1234";

	(void)state;
	assert_int_equal(labels_parse(line, 31, "pod", &l), 0);
	assert_string_equal(l.metric, "container_memory_rss");
	assert_label(&l, "pod", "a-0");
	labels_free(&l);
}

static void parse_refuses_malformed_braces(void **state)
{
	struct labels l;

	(void)state;
	assert_int_equal(parse("m{a=1}", &l), -1);
	assert_int_equal(parse("m{a=\"1}", &l), -1);
	assert_int_equal(parse("m{=\"1\"}", &l), -1);
}

/*
 * Regression (fixed): a header with an opening brace but no closing one is not reported
 * as malformed: labels_parse("{a=\"1\"") returns 0 and reads the whole
 * text as legend text (label pod = "{a=\"1\""), although labels.h says -1
 * "when braces are present but malformed".
 */
static void parse_refuses_an_unclosed_brace(void **state)
{
	struct labels l;
	int rc1, rc2;

	(void)state;
	rc1 = parse("{a=\"1\"", &l);
	if (rc1 == 0)
		labels_free(&l);
	rc2 = parse("container_memory_rss{pod=\"a\"", &l);
	if (rc2 == 0)
		labels_free(&l);
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
}

static void set_replaces_and_get_finds_labels(void **state)
{
	struct labels l;

	(void)state;
	labels_init(&l);
	assert_int_equal(labels_set(&l, "pod", 3, "a", 1), 0);
	assert_int_equal(labels_set(&l, "pod", 3, "bb", 2), 0);
	assert_int_equal(l.n, 1);
	assert_label(&l, "pod", "bb");
	assert_null(labels_get(&l, "po"));
	labels_free(&l);
	assert_int_equal(l.n, 0);
}

static void set_ignores_labels_beyond_the_maximum(void **state)
{
	struct labels l;
	char name[16];
	int i;

	(void)state;
	labels_init(&l);
	for (i = 0; i < LABELS_MAX; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		assert_int_equal(labels_set(&l, name, strlen(name), "v", 1), 0);
	}
	assert_int_equal(labels_set(&l, "extra", 5, "v", 1), -1);
	assert_int_equal(l.n, LABELS_MAX);
	assert_null(labels_get(&l, "extra"));
	/* Replacing an existing one still works when full. */
	assert_int_equal(labels_set(&l, "l0", 2, "w", 1), 0);
	assert_label(&l, "l0", "w");
	labels_free(&l);
}

/* ---- labels_identity ------------------------------------------------- */

/* Parses text and derives the identity; returns labels_identity's result. */
static int identity_of(const char *text, struct identity *id, const char **why)
{
	struct labels l;
	int rc;

	*why = NULL;
	assert_int_equal(parse(text, &l), 0);
	rc = labels_identity(&l, "grafana-csv", id, why);
	labels_free(&l);
	return rc;
}

static void identity_fills_every_part_of_a_usage_series(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("container_memory_working_set_bytes{cluster=\"prod-eu\", container=\"app\", "
				     "namespace=\"shop\", pod=\"checkout-7d9f8c6b5d-x2x4z\"}",
				     &id, &why),
			 0);
	assert_string_equal(id.s.metric, "container_memory_working_set_bytes");
	assert_string_equal(id.s.cluster, "prod-eu");
	assert_string_equal(id.s.namespace, "shop");
	assert_string_equal(id.s.pod, "checkout-7d9f8c6b5d-x2x4z");
	assert_string_equal(id.s.container, "app");
	assert_string_equal(id.s.workload, "checkout");
	assert_string_equal(id.s.workload_kind, "deployment");
	assert_int_equal(id.s.workload_from_label, 0);
	assert_string_equal(id.s.source, "grafana-csv");
	assert_int_equal(id.s.role, STORE_USAGE);
}

static void identity_skips_the_cadvisor_pod_level_cgroup(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("container_memory_working_set_bytes{container=\"\", namespace=\"shop\", "
				     "pod=\"web-0\"}",
				     &id, &why),
			 1);
	assert_non_null(why);
	assert_non_null(strstr(why, "pod-level"));
	/* An absent container label is the same as container="". */
	assert_int_equal(identity_of("container_memory_working_set_bytes{namespace=\"shop\", pod=\"web-0\"}", &id, &why),
			 1);
	assert_non_null(strstr(why, "pod-level"));
}

static void identity_keeps_container_series_that_are_not_raw_cadvisor(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	/* No pod: nothing says it is a pod's cgroup. */
	assert_int_equal(identity_of("container_memory_rss", &id, &why), 0);
	assert_string_equal(id.s.pod, "");
	assert_string_equal(id.s.workload_kind, "unknown");
	/* rightsize's own export names the workload. */
	assert_int_equal(identity_of("container_memory_working_set_bytes{container=\"\", workload=\"web\", "
				     "pod=\"web-0\"}",
				     &id, &why),
			 0);
	assert_string_equal(id.s.workload, "web");
	assert_int_equal(id.s.workload_from_label, 1);
	/* A sum by pod has no metric name. */
	assert_int_equal(identity_of("{namespace=\"shop\", pod=\"web-0\"}", &id, &why), 0);
	assert_string_equal(id.s.pod, "web-0");
}

static void identity_skips_the_pause_container(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("container_memory_working_set_bytes{container=\"POD\", pod=\"web-0\"}", &id, &why),
			 1);
	assert_non_null(why);
	assert_non_null(strstr(why, "POD"));
}

static void identity_skips_metrics_that_are_not_about_memory(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("container_cpu_usage_seconds_total{container=\"app\", pod=\"web-0\"}", &id, &why),
			 1);
	assert_non_null(why);
	assert_int_equal(identity_of("kube_pod_container_resource_requests{resource=\"cpu\", container=\"app\", "
				     "pod=\"web-0\"}",
				     &id, &why),
			 1);
	assert_int_equal(identity_of("kube_pod_container_resource_limits{resource=\"cpu\", pod=\"web-0\"}", &id, &why),
			 1);
}

static void identity_reads_memory_requests_and_limits(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("kube_pod_container_resource_requests{resource=\"memory\", unit=\"byte\", "
				     "container=\"app\", namespace=\"shop\", pod=\"web-0\"}",
				     &id, &why),
			 0);
	assert_int_equal(id.s.role, STORE_REQUEST);
	assert_string_equal(id.s.container, "app");
	assert_int_equal(identity_of("kube_pod_container_resource_limits{resource=\"memory\", container=\"app\", "
				     "namespace=\"shop\", pod=\"web-0\"}",
				     &id, &why),
			 0);
	assert_int_equal(id.s.role, STORE_LIMIT);
	/* kube-state-metrics v1 names: no resource label, "memory" in the name. */
	assert_int_equal(identity_of("kube_pod_container_resource_requests_memory_bytes{container=\"app\", "
				     "pod=\"web-0\"}",
				     &id, &why),
			 0);
	assert_int_equal(id.s.role, STORE_REQUEST);
	assert_int_equal(identity_of("kube_pod_container_resource_limits_memory_bytes{container=\"app\", "
				     "pod=\"web-0\"}",
				     &id, &why),
			 0);
	assert_int_equal(id.s.role, STORE_LIMIT);
}

static void identity_prefers_exported_labels_of_kube_state_metrics(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("kube_pod_container_resource_requests{resource=\"memory\", "
				     "namespace=\"monitoring\", exported_namespace=\"shop\", "
				     "pod=\"kube-state-metrics-0\", exported_pod=\"web-0\", "
				     "container=\"kube-state-metrics\", exported_container=\"app\"}",
				     &id, &why),
			 0);
	assert_string_equal(id.s.namespace, "shop");
	assert_string_equal(id.s.pod, "web-0");
	assert_string_equal(id.s.container, "app");
	assert_string_equal(id.s.workload, "web");
	assert_string_equal(id.s.workload_kind, "statefulset");
}

static void identity_treats_a_legend_column_as_usage(void **state)
{
	struct identity id;
	const char *why;

	(void)state;
	assert_int_equal(identity_of("my-pod-0", &id, &why), 0);
	assert_int_equal(id.s.role, STORE_USAGE);
	assert_string_equal(id.s.metric, "");
	assert_string_equal(id.s.pod, "my-pod-0");
	assert_string_equal(id.s.namespace, "");
	assert_string_equal(id.s.workload, "my-pod");
}

/* ---- workload_of ----------------------------------------------------- */

#define assert_workload(l, pod, name, kind, from_label)                                                   \
	do {                                                                                              \
		char b_[256];                                                                             \
		int fl_ = -1;                                                                             \
		const char *k_ = workload_of((l), (pod), b_, sizeof(b_), &fl_);                           \
		if (strcmp(b_, (name)) != 0 || strcmp(k_, (kind)) != 0 || fl_ != (from_label))            \
			fail_msg("workload_of(\"%s\") = %s/%s (from_label %d), expected %s/%s (%d)",      \
				 (pod), b_, k_, fl_, (name), (kind), (from_label));                       \
	} while (0)

static void workload_of_strips_a_deployments_hash_and_suffix(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "checkout-7d9f8c6b5d-x2x4z", "checkout", "deployment", 0);
	assert_workload(&none, "adservice-5f6585d649-fnmft", "adservice", "deployment", 0);
	assert_workload(&none, "report-builder-5c8b7f9d44-2tgp5", "report-builder", "deployment", 0);
	assert_workload(&none, "paymentservice-9cdb6588f-554sm", "paymentservice", "deployment", 0);
}

static void workload_of_strips_a_statefulset_ordinal(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "db-0", "db", "statefulset", 0);
	assert_workload(&none, "kafka-broker-12", "kafka-broker", "statefulset", 0);
}

static void workload_of_strips_a_daemonsets_suffix(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "fluentd-x7k2q", "fluentd", "daemonset", 0);
	assert_workload(&none, "kube-proxy-7x9kq", "kube-proxy", "daemonset", 0);
}

/* "exporter" has 6-10 lowercase letters but vowels: a word, not a pod-template-hash. */
static void workload_of_does_not_take_a_word_for_a_template_hash(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "node-exporter-7x9kq", "node-exporter", "daemonset", 0);
	assert_workload(&none, "memcache-broker-bdf4c", "memcache-broker", "daemonset", 0);
	/* Safe-encoded hashes without a digit are still hashes. */
	assert_workload(&none, "web-bcdfghjk-x2x4z", "web", "deployment", 0);
}

/* Kubernetes' random suffixes never hold vowels, 0, 1 or 3: "hello" is part of the name. */
static void workload_of_keeps_a_suffix_outside_the_random_alphabet(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "say-hello", "say-hello", "pod", 0);
	assert_workload(&none, "backup-28472910-abcde", "backup-28472910-abcde", "pod", 0);
}

static void workload_of_strips_a_cronjobs_schedule_and_suffix(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "backup-28472910-x7k2q", "backup", "cronjob", 0);
	assert_workload(&none, "db-backup-28472910-x2x4z", "db-backup", "cronjob", 0);
}

static void workload_of_strips_an_airflow_worker_suffix(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "nightly-etl-load-facts-x7k2m9qp", "nightly-etl-load-facts", "airflow-task", 0);
	assert_workload(&none, "nightly-etl-load-facts-iiap4ma0", "nightly-etl-load-facts", "airflow-task", 0);
}

static void workload_of_strips_a_marathon_task_uuid(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "app-oom.4af344fa-3158-11e8-b60b-a2f459e14528", "app-oom", "marathon-app", 0);
}

static void workload_of_keeps_a_plain_pod_name(void **state)
{
	struct labels none;

	(void)state;
	labels_init(&none);
	assert_workload(&none, "mypod", "mypod", "pod", 0);
	assert_workload(&none, "my-pod", "my-pod", "pod", 0);
	assert_workload(&none, "", "", "unknown", 0);
}

static void workload_of_lets_explicit_labels_win(void **state)
{
	struct labels l;

	(void)state;
	labels_init(&l);
	labels_set(&l, "owner_kind", 10, "ReplicaSet", 10);
	labels_set(&l, "owner_name", 10, "web-7d9f8c6b5d", 14);
	assert_workload(&l, "zzz-0", "web", "deployment", 1);
	labels_free(&l);

	labels_set(&l, "owner_kind", 10, "StatefulSet", 11);
	labels_set(&l, "owner_name", 10, "db", 2);
	assert_workload(&l, "checkout-7d9f8c6b5d-x2x4z", "db", "statefulset", 1);
	labels_free(&l);

	labels_set(&l, "deployment", 10, "foo", 3);
	assert_workload(&l, "db-0", "foo", "deployment", 1);
	labels_free(&l);

	labels_set(&l, "dag_id", 6, "dag", 3);
	labels_set(&l, "task_id", 7, "task", 4);
	assert_workload(&l, "nightly-etl-load-facts-x7k2m9qp", "dag.task", "airflow-task", 1);
	labels_free(&l);

	labels_set(&l, "marathon_app", 12, "/app-oom", 8);
	assert_workload(&l, "", "app-oom", "marathon-app", 1);
	labels_free(&l);

	labels_set(&l, "workload", 8, "search", 6);
	labels_set(&l, "workload_kind", 13, "statefulset", 11);
	assert_workload(&l, "web-0", "search", "statefulset", 1);
	labels_free(&l);

	/* "<none>" and empty values name nothing. */
	labels_set(&l, "deployment", 10, "<none>", 6);
	labels_set(&l, "owner_name", 10, "", 0);
	assert_workload(&l, "db-0", "db", "statefulset", 0);
	labels_free(&l);
}

/* Every pod of the Nezha corpus is a Deployment's: "<name>-<hash>-<suffix>_metric.csv". */
static void workload_of_names_every_nezha_corpus_pod_as_its_deployment(void **state)
{
	char top[1024];
	DIR *d;
	struct dirent *e;
	struct labels none;
	int checked = 0;

	(void)state;
	snprintf(top, sizeof(top), "%s/nezha_microservices", RS_CORPUS_DIR);
	d = opendir(top);
	if (!d) {
		skip();
		return;
	}
	labels_init(&none);
	while ((e = readdir(d))) {
		char sub[2048];
		struct stat sb;
		DIR *d2;
		struct dirent *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", top, e->d_name);
		if (stat(sub, &sb) != 0 || !S_ISDIR(sb.st_mode) || !(d2 = opendir(sub)))
			continue;
		while ((f = readdir(d2))) {
			static const char suffix[] = "_metric.csv";
			size_t n = strlen(f->d_name), sl = sizeof(suffix) - 1;
			char pod[256], expected[256], got[256];
			char *dash;
			const char *kind;
			int from_label = -1, ok;

			if (n <= sl || n - sl >= sizeof(pod) || strcmp(f->d_name + n - sl, suffix) != 0)
				continue;
			memcpy(pod, f->d_name, n - sl);
			pod[n - sl] = '\0';
			snprintf(expected, sizeof(expected), "%s", pod);
			dash = strrchr(expected, '-');
			if (dash)
				*dash = '\0';
			dash = strrchr(expected, '-');
			if (dash)
				*dash = '\0';
			kind = workload_of(&none, pod, got, sizeof(got), &from_label);
			ok = strcmp(got, expected) == 0 && strcmp(kind, "deployment") == 0 && from_label == 0;
			if (!ok) {
				closedir(d2);
				closedir(d);
				fail_msg("%s/%s: workload_of(\"%s\") = %s/%s, expected %s/deployment", e->d_name,
					 f->d_name, pod, got, kind, expected);
			}
			checked++;
		}
		closedir(d2);
	}
	closedir(d);
	if (!checked)
		skip();
	print_message("checked %d corpus pod names\n", checked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_reads_metric_and_labels_of_a_grafana_header),
		cmocka_unit_test(parse_unescapes_go_quoted_values),
		cmocka_unit_test(parse_keeps_unescaped_inner_quotes_of_format_labels),
		cmocka_unit_test(parse_takes_the_metric_from_the_name_label),
		cmocka_unit_test(parse_drops_grafanas_value_field_name),
		cmocka_unit_test(parse_reads_legend_text_as_the_legend_label),
		cmocka_unit_test(parse_reads_a_bare_metric_name),
		cmocka_unit_test(parse_reads_only_len_bytes),
		cmocka_unit_test(parse_refuses_malformed_braces),
		cmocka_unit_test(parse_refuses_an_unclosed_brace),
		cmocka_unit_test(set_replaces_and_get_finds_labels),
		cmocka_unit_test(set_ignores_labels_beyond_the_maximum),
		cmocka_unit_test(identity_fills_every_part_of_a_usage_series),
		cmocka_unit_test(identity_skips_the_cadvisor_pod_level_cgroup),
		cmocka_unit_test(identity_keeps_container_series_that_are_not_raw_cadvisor),
		cmocka_unit_test(identity_skips_the_pause_container),
		cmocka_unit_test(identity_skips_metrics_that_are_not_about_memory),
		cmocka_unit_test(identity_reads_memory_requests_and_limits),
		cmocka_unit_test(identity_prefers_exported_labels_of_kube_state_metrics),
		cmocka_unit_test(identity_treats_a_legend_column_as_usage),
		cmocka_unit_test(workload_of_strips_a_deployments_hash_and_suffix),
		cmocka_unit_test(workload_of_strips_a_statefulset_ordinal),
		cmocka_unit_test(workload_of_strips_a_daemonsets_suffix),
		cmocka_unit_test(workload_of_does_not_take_a_word_for_a_template_hash),
		cmocka_unit_test(workload_of_keeps_a_suffix_outside_the_random_alphabet),
		cmocka_unit_test(workload_of_strips_a_cronjobs_schedule_and_suffix),
		cmocka_unit_test(workload_of_strips_an_airflow_worker_suffix),
		cmocka_unit_test(workload_of_strips_a_marathon_task_uuid),
		cmocka_unit_test(workload_of_keeps_a_plain_pod_name),
		cmocka_unit_test(workload_of_lets_explicit_labels_win),
		cmocka_unit_test(workload_of_names_every_nezha_corpus_pod_as_its_deployment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
