/* test_kubectl_marathon.c - ingest: kubectl get pods -o json and Marathon app definitions. */
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
#include "store/store.h"
#include "util/log.h"

#define MI 1048576.0
#define GI 1073741824.0
/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)
/* The file's modification time the tests pass in: 2026-11-20T00:00:00Z. */
#define MTIME INT64_C(1795132800000)

/* Forgets what was captured, keeps the options. */
static void reset(struct capture *c)
{
	free(c->samples);
	c->samples = NULL;
	c->nsamples = c->cap = 0;
	c->nseries = 0;
	memset(&c->st, 0, sizeof(c->st));
}

/* The path of a file under tests/fixtures/ (rel may climb to samples/). */
static void fixture_path(const char *rel, char *path, size_t n)
{
	const char *slash = strrchr(__FILE__, '/');

	snprintf(path, n, "%.*s/../fixtures/%s", slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".", rel);
}

enum reader { KUBECTL, MARATHON };

static cap_reader reader_of(enum reader which)
{
	return which == KUBECTL ? ingest_kubectl_pods : ingest_marathon_app;
}

static int run_text(struct capture *c, enum reader which, const char *text)
{
	struct ingest_input in = { .name = "test.json", .data = text, .len = strlen(text), .mtime = MTIME };

	return cap_read_input(c, reader_of(which), &in);
}

/* The file keeps its name (rel): messages give it, as in "kubectl/bad-quantities.json:15:1: ...". */
static int run_fixture(struct capture *c, enum reader which, const char *rel)
{
	struct ingest_input in = { .name = rel, .mtime = MTIME };

	return cap_read_fixture(c, reader_of(which), &in, rel);
}

/* The series with this metric, pod and container (by index), or a failure. */
static size_t series_of(const struct capture *c, const char *metric, const char *pod, const char *container)
{
	size_t i;

	for (i = 0; i < c->nseries; i++)
		if (strcmp(c->series[i].metric, metric) == 0 && strcmp(c->series[i].pod, pod) == 0 &&
		    strcmp(c->series[i].container, container) == 0)
			return i;
	fail_msg("no series %s{pod=\"%s\", container=\"%s\"} among %zu", metric, pod, container, c->nseries);
	return 0;
}

/* The one sample of series i. */
static const struct cap_sample *sample_of(const struct capture *c, size_t i)
{
	const struct cap_sample *found = NULL;
	size_t k;

	for (k = 0; k < c->nsamples; k++) {
		if (c->samples[k].id == (int64_t)i + 1) {
			if (found)
				fail_msg("series %zu has more than one sample", i + 1);
			found = &c->samples[k];
		}
	}
	if (!found)
		fail_msg("series %zu has no sample", i + 1);
	return found;
}

#define REQ "kube_pod_container_resource_requests"
#define LIM "kube_pod_container_resource_limits"
#define MREQ "marathon_app_memory_requests"
#define MLIM "marathon_app_memory_limits"

/* A setting: its series exists, with this one sample. */
#define assert_setting(c, metric, pod, container, time, value)                                             \
	do {                                                                                               \
		const struct cap_sample *s_ = sample_of((c), series_of((c), (metric), (pod), (container)));  \
		if (s_->t != (int64_t)(time) || !(fabs(s_->v - (double)(value)) <= 1e-6))                   \
			fail_msg("%s{pod=\"%s\", container=\"%s\"} = (%lld, %.17g), expected (%lld, %.17g)", \
				 (metric), (pod), (container), (long long)s_->t, s_->v, (long long)(time),    \
				 (double)(value));                                                          \
	} while (0)

#define assert_workload(c, metric, pod, container, workload_, kind_, from_label_)                      \
	do {                                                                                           \
		const struct cap_series *w_ = &(c)->series[series_of((c), (metric), (pod), (container))]; \
		assert_string_equal(w_->workload, (workload_));                                        \
		assert_string_equal(w_->kind, (kind_));                                                \
		assert_int_equal(w_->from_label, (from_label_));                                       \
	} while (0)

/* ==== kubectl get pods -o json ============================================ */

static void kubectl_reads_every_pod_of_a_list_and_passes_over_other_kinds(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/pods-list.json"), 0);
	/* web: app, istio-proxy and the log-shipper sidecar; db-0: postgres; node-exporter: exporter. */
	assert_int_equal(c->nseries, 10);
	assert_int_equal(c->nsamples, 10);
	cap_assert_counts(c, 3, 10, 0, 0);
	assert_setting(c, REQ, "web-7d9f8c6b5d-x2x4z", "app", T0, 256 * MI);
	assert_setting(c, LIM, "web-7d9f8c6b5d-x2x4z", "app", T0, 512 * MI);
	assert_setting(c, REQ, "web-7d9f8c6b5d-x2x4z", "istio-proxy", T0, 128 * MI);
	assert_setting(c, LIM, "web-7d9f8c6b5d-x2x4z", "istio-proxy", T0, GI);
	/* 2026-11-13T22:15:30Z; 1536Mi and 2G (decimal). */
	assert_setting(c, REQ, "db-0", "postgres", INT64_C(1794608130000), 1610612736.0);
	assert_setting(c, LIM, "db-0", "postgres", INT64_C(1794608130000), 2000000000.0);
	/* 2026-11-10T07:00:05Z; 50M and 100M. */
	assert_setting(c, REQ, "node-exporter-7xkqp", "exporter", INT64_C(1794294005000), 50000000.0);
	assert_setting(c, LIM, "node-exporter-7xkqp", "exporter", INT64_C(1794294005000), 100000000.0);
	assert_true(c->st.f.t_min == INT64_C(1794294005000));
	assert_true(c->st.f.t_max == T0);
}

static void kubectl_series_carry_the_kube_state_metrics_identity(void **state)
{
	struct capture *c = *state;
	const struct cap_series *s;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/pods-list.json"), 0);
	s = &c->series[series_of(c, REQ, "web-7d9f8c6b5d-x2x4z", "app")];
	assert_string_equal(s->namespace, "shop");
	assert_string_equal(s->cluster, "");
	assert_string_equal(s->source, "kubectl-pods");
	assert_int_equal(s->role, STORE_REQUEST);
	s = &c->series[series_of(c, LIM, "web-7d9f8c6b5d-x2x4z", "app")];
	assert_int_equal(s->role, STORE_LIMIT);
	/* The ReplicaSet minus the pod-template-hash, the StatefulSet and the DaemonSet. */
	assert_workload(c, REQ, "web-7d9f8c6b5d-x2x4z", "app", "web", "deployment", 1);
	assert_workload(c, REQ, "db-0", "postgres", "db", "statefulset", 1);
	assert_workload(c, REQ, "node-exporter-7xkqp", "exporter", "node-exporter", "daemonset", 1);
	assert_string_equal(c->series[series_of(c, REQ, "node-exporter-7xkqp", "exporter")].namespace, "monitoring");
}

static void kubectl_skips_init_containers_but_reads_native_sidecars(void **state)
{
	struct capture *c = *state;
	size_t i;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/pods-list.json"), 0);
	for (i = 0; i < c->nseries; i++)
		assert_string_not_equal(c->series[i].container, "migrate");
	assert_setting(c, REQ, "web-7d9f8c6b5d-x2x4z", "log-shipper", T0, 64 * MI);
	assert_setting(c, LIM, "web-7d9f8c6b5d-x2x4z", "log-shipper", T0, 64 * MI);
}

static void kubectl_reads_a_single_pod_at_its_start_time_when_it_has_no_creation_time(void **state)
{
	struct capture *c = *state;
	const struct cap_series *s;

	/* The corpus pod: OOMKilled in its status, which is not read (yet) and does no harm. */
	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/pod-oomkilled.json"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_counts(c, 1, 2, 0, 0);
	/* status.startTime 2024-11-20T06:57:31Z; 100Mi and 200Mi. */
	assert_setting(c, REQ, "oomkilled-pod", "oomkilled", INT64_C(1732085851000), 104857600.0);
	assert_setting(c, LIM, "oomkilled-pod", "oomkilled", INT64_C(1732085851000), 209715200.0);
	s = &c->series[0];
	assert_string_equal(s->namespace, "mission-control");
	/* No owner: the pod names itself. */
	assert_workload(c, REQ, "oomkilled-pod", "oomkilled", "oomkilled-pod", "pod", 0);
}

static void kubectl_names_workloads_from_each_kind_of_owner(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/owners.json"), 0);
	/* A Job named <name>-<minute> is a CronJob's; a Job of its own is a job. */
	assert_workload(c, REQ, "backup-29364480-4kx9z", "backup", "backup", "cronjob", 1);
	assert_workload(c, REQ, "migrate-once-q8w4n", "job", "migrate-once", "job", 1);
	/* A static pod's mirror is owned by its Node and named <name>-<node>. */
	assert_workload(c, REQ, "kube-apiserver-node-1", "kube-apiserver", "kube-apiserver", "workload", 1);
	/* Other kinds keep the owner's name. */
	assert_workload(c, REQ, "legacy-rc-x7d2k", "main", "legacy-rc", "workload", 1);
	/* A ReplicaSet without the pod's pod-template-hash label: the hash is stripped by its shape. */
	assert_workload(c, REQ, "cache-6f8b9c7d5-8zl9p", "redis", "cache", "deployment", 1);
	/* Of two owners, the controller. */
	assert_workload(c, REQ, "kafka-2", "broker", "kafka", "statefulset", 1);
	/* No owner. */
	assert_workload(c, REQ, "debug-shell", "shell", "debug-shell", "pod", 0);
}

static void kubectl_falls_back_to_the_start_time_then_the_file_time(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/owners.json"), 0);
	/* No creationTimestamp, status.startTime 2026-11-12T00:00:00Z. */
	assert_setting(c, REQ, "backup-29364480-4kx9z", "backup", INT64_C(1794441600000), GI);
	/* Neither: the file's time. 0.5Gi. */
	assert_setting(c, REQ, "debug-shell", "shell", MTIME, 0.5 * GI);
}

static void kubectl_counts_absent_requests_and_limits_as_missing_never_zero(void **state)
{
	struct capture *c = *state;
	size_t i;

	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/owners.json"), 0);
	/* 7 pods; kube-apiserver and debug-shell have a request and no limit. */
	cap_assert_counts(c, 7, 12, 0, 2);
	assert_setting(c, REQ, "kube-apiserver-node-1", "kube-apiserver", INT64_C(1794441600000), 250 * MI);
	for (i = 0; i < c->nseries; i++) {
		if (strcmp(c->series[i].metric, LIM) == 0)
			assert_true(strcmp(c->series[i].pod, "kube-apiserver-node-1") != 0 &&
				    strcmp(c->series[i].pod, "debug-shell") != 0);
	}
	for (i = 0; i < c->nsamples; i++)
		assert_true(c->samples[i].v > 0.0);
}

static void kubectl_reads_keys_in_any_order(void **state)
{
	struct capture *c = *state;

	/* status, spec, then metadata; kind last; limits before requests; name after resources. */
	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/unusual-order.json"), 0);
	assert_int_equal(c->nseries, 2);
	/* metrics has only cpu settings (two missing); warm-cache is an init container. */
	cap_assert_counts(c, 1, 2, 0, 2);
	/* 2026-11-14T08:30:00Z */
	assert_setting(c, REQ, "worker-5d4f7b9c8-abcde", "worker", INT64_C(1794645000000), 512 * MI);
	assert_setting(c, LIM, "worker-5d4f7b9c8-abcde", "worker", INT64_C(1794645000000), 768 * MI);
	assert_workload(c, LIM, "worker-5d4f7b9c8-abcde", "worker", "worker", "deployment", 1);
	assert_string_equal(c->series[0].namespace, "shop");
}

static void kubectl_reads_several_containers_of_one_pod_in_order(void **state)
{
	struct capture *c = *state;
	static const char text[] =
		"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"multi\",\"namespace\":\"ns\","
		"\"creationTimestamp\":\"2026-11-14T09:00:00Z\"},\"spec\":{\"containers\":["
		"{\"name\":\"a\",\"resources\":{\"requests\":{\"memory\":\"1Mi\"}}},"
		"{\"name\":\"b\",\"resources\":{\"limits\":{\"memory\":\"2Mi\"}}},"
		"{\"name\":\"c\",\"resources\":{\"requests\":{\"memory\":\"3Mi\"},\"limits\":{\"memory\":\"4Mi\"}}}]}}";

	assert_int_equal(run_text(c, KUBECTL, text), 0);
	assert_int_equal(c->nseries, 4);
	assert_string_equal(c->series[0].container, "a");
	assert_string_equal(c->series[1].container, "b");
	assert_string_equal(c->series[2].container, "c");
	assert_string_equal(c->series[3].container, "c");
	assert_setting(c, REQ, "multi", "a", T0, MI);
	assert_setting(c, LIM, "multi", "b", T0, 2 * MI);
	assert_setting(c, REQ, "multi", "c", T0, 3 * MI);
	assert_setting(c, LIM, "multi", "c", T0, 4 * MI);
	cap_assert_counts(c, 1, 4, 0, 2);
	/* "multi" has no owner and no pod-name shape: it is its own workload. */
	assert_workload(c, REQ, "multi", "a", "multi", "pod", 0);
}

/* Reads one pod whose container requests quantity q (written as is: quote it for a string). Returns rejections. */
static int64_t one_quantity(struct capture *c, const char *q, double *v)
{
	char text[512];

	reset(c);
	snprintf(text, sizeof(text),
		 "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\",\"namespace\":\"t\","
		 "\"creationTimestamp\":\"2026-11-14T09:00:00Z\"},\"spec\":{\"containers\":[{\"name\":\"c\","
		 "\"resources\":{\"requests\":{\"memory\":%s}}}]}}",
		 q);
	assert_int_equal(run_text(c, KUBECTL, text), 0);
	*v = c->nsamples == 1 ? c->samples[0].v : NAN;
	return c->st.f.rejected;
}

static void kubectl_reads_every_kubernetes_quantity_notation(void **state)
{
	static const struct {
		const char *q;
		double bytes;
	} cases[] = {
		{ "\"512Mi\"", 536870912.0 },
		{ "\"1Gi\"", 1073741824.0 },
		{ "\"1G\"", 1e9 },
		{ "\"500M\"", 5e8 },
		{ "\"12k\"", 12000.0 },
		{ "\"1Ki\"", 1024.0 },
		{ "\"1Ti\"", 1099511627776.0 },
		{ "\"2Pi\"", 2251799813685248.0 },
		{ "\"1Ei\"", 1152921504606846976.0 },
		{ "\"3T\"", 3e12 },
		{ "\"4P\"", 4e15 },
		{ "\"1E\"", 1e18 },          /* E alone is exa */
		{ "\"1e9\"", 1e9 },          /* an exponent */
		{ "\"1E9\"", 1e9 },
		{ "\"5e+3\"", 5000.0 },
		{ "\"1.5Gi\"", 1610612736.0 },
		{ "\".5Gi\"", 536870912.0 },
		{ "\"2.Mi\"", 2097152.0 },
		{ "\"+1Gi\"", 1073741824.0 },
		{ "\"1.5G\"", 1500000000.0 },
		{ "\"123456789\"", 123456789.0 },
		{ "\"0\"", 0.0 },            /* a zero request is a setting */
		/* Fractional bytes are rounded up, as Kubernetes does: 1.3Mi = 1363148.8 bytes. */
		{ "\"1.3Mi\"", 1363149.0 },
		/* The API writes 1.1Gi (1181116006.4 bytes) back as milli-bytes. */
		{ "\"1181116006400m\"", 1181116007.0 },
		{ "1073741824", 1073741824.0 }, /* a JSON number */
	};
	struct capture *c = *state;
	size_t i;
	double v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (one_quantity(c, cases[i].q, &v) != 0 || !(v == cases[i].bytes))
			fail_msg("%s: %.17g bytes, %lld rejected; expected %.17g", cases[i].q, v,
				 (long long)c->st.f.rejected, cases[i].bytes);
	}
}

static void kubectl_rejects_milli_bytes_and_what_is_not_a_kubernetes_quantity(void **state)
{
	static const char *const bad[] = {
		"\"129m\"",  /* 0.129 bytes: milli, the slip for 129Mi */
		"\"500u\"", "\"1e-3\"", "\"1e-999\"", "\"3n\"", "\"1.5x\"", "\"-1Gi\"", "\"1e\"", "\"512 Mi\"",
		"\" 1Gi\"", "\"1K\"", "\"1KB\"", "\"1MiB\"", "\"1mi\"", "\"1gi\"", "\"0x10\"", "\"Gi\"", "\"\"",
		"\"1..5Gi\"", "\"nan\"", "\"inf\"",
		"\"1e3Mi\"", "\"1Ee3\"", "\"100Ei\"", "-5", "true",
	};
	struct capture *c = *state;
	size_t i;
	double v;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (one_quantity(c, bad[i], &v) != (strcmp(bad[i], "true") == 0 ? 0 : 1) || c->nsamples != 0)
			fail_msg("%s: %zu samples (%.17g), %lld rejected; expected it rejected", bad[i], c->nsamples, v,
				 (long long)c->st.f.rejected);
	}
}

static void kubectl_says_where_a_bad_quantity_is_and_what_was_meant(void **state)
{
	struct capture *c = *state;
	char *err;
	int rc, ok;

	cap_stderr_begin();
	rc = run_fixture(c, KUBECTL, "kubectl/bad-quantities.json");
	err = cap_stderr_end();
	assert_int_equal(rc, 0);
	/* milli's request is kept; its limit and junk's limit are rejected; junk has no request. */
	cap_assert_counts(c, 1, 1, 2, 1);
	assert_setting(c, REQ, "typo", "milli", T0, 128 * MI);
	ok = strstr(err, "kubectl/bad-quantities.json:15:1: memory limit of container \"milli\" in pod lab/typo: "
			 "\"129m\" is 0.129 bytes: \"m\" is milli, not mega (did you mean \"129Mi\"?)") &&
	     strstr(err, "kubectl/bad-quantities.json:26:1: memory limit of container \"junk\" in pod lab/typo: "
			 "\"1.5x\" is not a Kubernetes quantity") &&
	     strstr(err, "1 containers have no memory request, 0 no memory limit");
	if (!ok)
		print_error("unexpected messages:\n%s", err);
	free(err);
	assert_true(ok);
}

static void kubectl_strict_mode_fails_the_file_on_a_bad_quantity(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.strict = 1;
	cap_stderr_begin();
	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/bad-quantities.json"), -1);
	err = cap_stderr_end();
	assert_non_null(strstr(err, "(--strict: the file is rolled back)"));
	free(err);
}

static void kubectl_reads_an_api_pod_list_whose_items_have_no_kind(void **state)
{
	struct capture *c = *state;
	static const char text[] =
		"{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
		"{\"metadata\":{\"name\":\"db-1\",\"namespace\":\"shop\",\"creationTimestamp\":\"2026-11-14T09:00:00Z\"},"
		"\"spec\":{\"containers\":[{\"name\":\"pg\",\"resources\":{\"limits\":{\"memory\":\"1Gi\"},"
		"\"requests\":{\"memory\":\"1Gi\"}}}]}}]}";
	char d;

	assert_int_equal(ingest_detect(text, strlen(text), &d), INGEST_KUBECTL_PODS);
	assert_int_equal(run_text(c, KUBECTL, text), 0);
	cap_assert_counts(c, 1, 2, 0, 0);
	assert_setting(c, LIM, "db-1", "pg", T0, GI);
	/* No owner reference: the pod name's shape. */
	assert_workload(c, LIM, "db-1", "pg", "db", "statefulset", 0);
}

static void kubectl_rejects_a_pod_without_a_name_and_a_container_without_one(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, KUBECTL,
				  "{\"kind\":\"List\",\"items\":["
				  "{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"x\"},\"spec\":{\"containers\":[{\"name\":\"a\","
				  "\"resources\":{\"limits\":{\"memory\":\"1Gi\"}}}]}},"
				  "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{"
				  "\"resources\":{\"limits\":{\"memory\":\"1Gi\"}}}]}}]}"),
			 0);
	err = cap_stderr_end();
	cap_assert_counts(c, 2, 0, 2, 0);
	assert_non_null(strstr(err, "a Pod without metadata.name"));
	assert_non_null(strstr(err, "container 1 of pod /p has no name"));
	free(err);
}

static void kubectl_fails_on_text_that_is_not_json(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, KUBECTL, "{\"kind\": \"Pod\",\n\"metadata\": {\"name\": \"x\",\n"), -1);
	reset(c);
	assert_int_equal(run_text(c, KUBECTL, "{\"kind\": \"Pod\", \"spec\": {\"containers\": [}}"), -1);
	err = cap_stderr_end();
	assert_non_null(strstr(err, "test.json:"));
	free(err);
}

static void kubectl_is_detected_by_content(void **state)
{
	static const char *const mine[] = { "kubectl/pods-list.json", "kubectl/pod-oomkilled.json", "kubectl/owners.json",
					    "kubectl/unusual-order.json", "kubectl/bad-quantities.json" };
	static const char *const not_mine[] = {
		/* kubectl's YAML: not read (use -o json). */
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
		/* Other Kubernetes kinds, and a list of them. */
		"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{\"template\":{}}}",
		"{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"spec\":{}}],\"kind\":\"List\"}",
		/* An empty list says nothing about pods. */
		"{\"apiVersion\":\"v1\",\"items\":[],\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}",
		/* Prometheus and Marathon. */
		"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
		"{\"id\":\"/app-oom\",\"cmd\":\"x\",\"mem\":32,\"instances\":1}",
		"[{\"kind\":\"Pod\"}]",
	};
	size_t i, len;
	char d;

	(void)state;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		char *text = cap_fixture(mine[i], &len);

		if (ingest_detect(text, len, &d) != INGEST_KUBECTL_PODS)
			fail_msg("%s is not detected as kubectl-pods", mine[i]);
		assert_int_equal(marathon_app_detect(text, len), 0);
		free(text);
	}
	for (i = 0; i < sizeof(not_mine) / sizeof(not_mine[0]); i++)
		if (kubectl_pods_detect(not_mine[i], strlen(not_mine[i])))
			fail_msg("detected as kubectl-pods: %s", not_mine[i]);
	/* The first item decides even when the List's own kind comes last, after megabytes of items. */
	assert_true(kubectl_pods_detect("{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",",
					strlen("{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",")));
}

/* ==== Marathon app definitions ============================================ */

static void marathon_reads_the_sample_app_as_a_64mi_limit(void **state)
{
	struct capture *c = *state;
	const struct cap_series *s;

	/* samples/marathon/app-oom.json: mem 32 (MiB) + the 32 MiB executor overhead = 64Mi. */
	assert_int_equal(run_fixture(c, MARATHON, "../../samples/marathon/app-oom.json"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_counts(c, 1, 2, 0, 0);
	/* At its last config change, 2026-11-14T08:59:00Z, a minute before the usage window. */
	assert_setting(c, MREQ, "/app-oom", "", INT64_C(1794646740000), 67108864.0);
	assert_setting(c, MLIM, "/app-oom", "", INT64_C(1794646740000), 67108864.0);
	s = &c->series[series_of(c, MLIM, "/app-oom", "")];
	assert_string_equal(s->workload, "app-oom");
	assert_string_equal(s->kind, "marathon-app");
	assert_int_equal(s->from_label, 1);
	assert_int_equal(s->role, STORE_LIMIT);
	assert_string_equal(s->source, "marathon-app");
	assert_string_equal(s->namespace, "");
	assert_string_equal(s->container, "");
	assert_int_equal(c->series[series_of(c, MREQ, "/app-oom", "")].role, STORE_REQUEST);
}

static void marathon_reads_an_app_as_the_api_wraps_it_at_its_last_config_change(void **state)
{
	struct capture *c = *state;

	/* GET /v2/apps/app-oom: {"app": {...}}, with tasks whose "id" is not the app's. */
	assert_int_equal(run_fixture(c, MARATHON, "marathon/app-oom.json"), 0);
	assert_int_equal(c->nseries, 2);
	cap_assert_counts(c, 1, 2, 0, 0);
	/* versionInfo.lastConfigChangeAt 2018-03-27T00:40:14.123Z, not version (a later scaling). */
	assert_setting(c, MLIM, "/app-oom", "", INT64_C(1522111214123), 64 * MI);
	assert_string_equal(c->series[0].workload, "app-oom");
}

static void marathon_reads_every_app_of_a_list(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, MARATHON, "marathon/apps.json"), 0);
	assert_int_equal(c->nseries, 6);
	cap_assert_counts(c, 3, 6, 0, 0);
	assert_string_equal(c->series[0].workload, "api");
	assert_string_equal(c->series[2].workload, "batch/report");
	assert_string_equal(c->series[4].workload, "legacy");
	/* Each app's series are its own: the app id stands in for the pod. */
	assert_string_equal(c->series[0].pod, "/api");
	assert_string_equal(c->series[2].pod, "/batch/report");
	assert_string_equal(c->series[4].pod, "/legacy");
	/* /api: 512 + 32 MiB at its version 2026-11-01T12:00:00Z. */
	assert_true(c->samples[0].id == 1 && c->samples[0].t == INT64_C(1793534400000) &&
		    c->samples[0].v == 544 * MI);
	assert_true(c->samples[1].id == 2 && c->samples[1].v == 544 * MI);
	assert_int_equal(c->series[0].role, STORE_REQUEST);
	assert_int_equal(c->series[1].role, STORE_LIMIT);
	/* /batch/report: 2048.5 + 32 MiB at lastConfigChangeAt 2026-11-02T12:00:00Z (version is a later scaling). */
	assert_true(c->samples[2].t == INT64_C(1793620800000) && c->samples[2].v == 2080.5 * MI);
	assert_true(c->samples[3].t == INT64_C(1793620800000) && c->samples[3].v == 2080.5 * MI);
	/* /legacy: no version: the file's time. */
	assert_true(c->samples[5].t == MTIME && c->samples[5].v == 160 * MI);
}

static void marathon_reads_apps_in_nested_groups(void **state)
{
	struct capture *c = *state;

	/* GET /v2/groups: the root group is not an app. */
	assert_int_equal(run_fixture(c, MARATHON, "marathon/groups.json"), 0);
	assert_int_equal(c->nseries, 6);
	cap_assert_counts(c, 3, 6, 0, 0);
	assert_string_equal(c->series[0].workload, "top");
	assert_string_equal(c->series[2].workload, "prod/web");
	assert_string_equal(c->series[4].workload, "prod/backend/db");
	assert_string_equal(c->series[4].kind, "marathon-app");
	assert_true(c->samples[1].v == 96 * MI && c->samples[1].t == INT64_C(1793534400000));
	assert_true(c->samples[3].v == 288 * MI);
	assert_true(c->samples[5].v == 4128 * MI && c->samples[5].t == INT64_C(1793620800000));
}

static void marathon_resolves_relative_ids_against_their_groups(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, MARATHON, "marathon/group-relative.json"), 0);
	assert_int_equal(c->nseries, 4);
	assert_string_equal(c->series[0].workload, "prod/web");
	assert_string_equal(c->series[2].workload, "prod/jobs/etl");
	assert_true(c->samples[3].v == 1056 * MI);
}

static void marathon_adds_the_executor_overhead_it_is_given(void **state)
{
	struct capture *c = *state;

	/* Default: 32 MiB. */
	assert_true(c->o.executor_overhead == 32 * MI);
	c->o.executor_overhead = 0.0;
	assert_int_equal(run_fixture(c, MARATHON, "marathon/app-oom.json"), 0);
	assert_true(c->samples[0].v == 32 * MI && c->samples[1].v == 32 * MI);
	reset(c);
	c->o.executor_overhead = 64 * MI;
	assert_int_equal(run_fixture(c, MARATHON, "marathon/app-oom.json"), 0);
	assert_true(c->samples[0].v == 96 * MI && c->samples[1].v == 96 * MI);
}

static void marathon_takes_the_limit_from_resource_limits(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, MARATHON, "marathon/resource-limits.json"), 0);
	/* /burst: request 256 + 32 MiB, limit 1024 + 32 MiB; /unbounded: "unlimited" is no limit (missing). */
	cap_assert_counts(c, 2, 3, 0, 1);
	assert_int_equal(c->nseries, 3);
	assert_string_equal(c->series[0].metric, MREQ);
	assert_true(c->samples[0].v == 288 * MI);
	assert_string_equal(c->series[1].metric, MLIM);
	assert_true(c->samples[1].v == 1056 * MI);
	assert_string_equal(c->series[2].workload, "unbounded");
	assert_string_equal(c->series[2].metric, MREQ);
	assert_true(c->samples[2].v == 288 * MI);
}

static void marathon_counts_an_app_without_mem_as_missing(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, MARATHON, "{\"apps\":[{\"id\":\"/x\",\"cmd\":\"y\"},{\"id\":\"/z\",\"mem\":null}]}"), 0);
	cap_assert_counts(c, 2, 0, 0, 4);
	assert_int_equal(c->nseries, 0);
}

static void marathon_rejects_a_mem_that_is_not_a_number_of_mb(void **state)
{
	struct capture *c = *state;
	char *err;

	cap_stderr_begin();
	assert_int_equal(run_text(c, MARATHON,
				  "{\"apps\":[\n{\"id\":\"/a\",\"mem\":\"32\"},\n{\"id\":\"/b\",\"mem\":-1},\n"
				  "{\"id\":\"/c\",\"mem\":{\"x\":1}},\n{\"id\":\"/d\",\"mem\":8},\n{\"mem\":8}]}"),
			 0);
	err = cap_stderr_end();
	cap_assert_counts(c, 5, 2, 4, 0);
	assert_string_equal(c->series[0].workload, "d");
	assert_true(c->samples[0].v == 40 * MI);
	assert_non_null(strstr(err, "test.json:2:1: app \"/a\": mem \"32\" is not a size in MB"));
	assert_non_null(strstr(err, "test.json:3:1: app \"/b\": mem \"-1\""));
	assert_non_null(strstr(err, "an app without an \"id\""));
	free(err);
	reset(c);
	c->o.strict = 1;
	cap_stderr_begin();
	assert_int_equal(run_text(c, MARATHON, "{\"id\":\"/a\",\"cmd\":\"x\",\"mem\":\"32\"}"), -1);
	free(cap_stderr_end());
}

static void marathon_falls_back_to_the_file_time_when_the_version_is_not_a_time(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, MARATHON,
				  "{\"id\":\"/a\",\"cmd\":\"x\",\"mem\":1,\"version\":\"yesterday\","
				  "\"versionInfo\":{\"lastConfigChangeAt\":\"2026-11-14T09:00:00.000Z\"}}"),
			 0);
	assert_true(c->samples[0].t == T0);
	reset(c);
	assert_int_equal(run_text(c, MARATHON, "{\"id\":\"/a\",\"cmd\":\"x\",\"mem\":1,\"version\":\"yesterday\"}"), 0);
	assert_true(c->samples[0].t == MTIME && c->samples[0].v == 33 * MI);
}

static void marathon_is_detected_by_content(void **state)
{
	static const char *const mine[] = { "marathon/app-oom.json", "marathon/apps.json", "marathon/groups.json",
					    "marathon/group-relative.json", "marathon/resource-limits.json",
					    "../../samples/marathon/app-oom.json" };
	static const char *const not_mine[] = {
		"{\"id\":\"/x\",\"mem\":32}", /* no cmd, container or instances: could be anything */
		"{\"id\":\"/x\",\"cmd\":\"y\",\"mem\":\"32\"}",
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"id\":\"x\",\"mem\":1,\"instances\":1}",
		"{\"status\":\"ok\",\"series\":[]}",
		"[{\"id\":\"/x\",\"cmd\":\"y\",\"mem\":32}]",
		"apps:\n  - id: /x\n",
	};
	size_t i, len;
	char d;

	(void)state;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		char *text = cap_fixture(mine[i], &len);

		if (ingest_detect(text, len, &d) != INGEST_MARATHON_APP)
			fail_msg("%s is not detected as marathon-app", mine[i]);
		assert_int_equal(kubectl_pods_detect(text, len), 0);
		free(text);
	}
	for (i = 0; i < sizeof(not_mine) / sizeof(not_mine[0]); i++)
		if (marathon_app_detect(not_mine[i], strlen(not_mine[i])))
			fail_msg("detected as marathon-app: %s", not_mine[i]);
}

/* ==== through the store ==================================================== */

static void ingest_fixture(struct store *st, const struct ingest_opts *o, const char *rel)
{
	struct ingest_totals t;
	char path[1024];

	memset(&t, 0, sizeof(t));
	fixture_path(rel, path, sizeof(path));
	if (ingest_path(st, path, o, &t) != 0 || t.files_ok != 1)
		fail_msg("%s was not ingested", path);
}

/* The container of a workload; its series of a role: how many, and the last value of the last one. */
static const struct store_container *container_of(const struct store_container *c, size_t n, const char *workload,
						  const char *container)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].workload, workload) == 0 && strcmp(c[i].container, container) == 0)
			return &c[i];
	fail_msg("no container %s [%s] among %zu", workload, container, n);
	return NULL;
}

static size_t role_series(struct store *st, const struct store_container *c, enum store_role role, double *last,
			  size_t *samples)
{
	struct store_sample *buf = NULL;
	size_t i, k = 0, nb = 0, cap = 0;

	*samples = 0;
	for (i = 0; i < c->nseries; i++) {
		if (c->series[i].role != role)
			continue;
		k++;
		nb = 0;
		assert_int_equal(store_samples(st, c->series[i].id, INT64_MIN, INT64_MAX, &buf, &nb, &cap), 0);
		*samples += nb;
		if (nb)
			*last = buf[nb - 1].v;
	}
	free(buf);
	return k;
}

static void marathon_settings_land_in_the_container_of_the_apps_usage(void **state)
{
	struct capture *c = *state;
	struct store *st;
	struct store_container *sc;
	const struct store_container *app;
	size_t n, samples;
	double v = NAN;
	int saved = rs_verbosity;

	rs_verbosity = 0;
	assert_int_equal(store_open(":memory:", STORE_CREATE, &st), 0);
	/* The usage carries marathon_app="/app-oom" and a Mesos task id per task. */
	ingest_fixture(st, &c->o, "../../samples/marathon/app-oom-memory.csv");
	ingest_fixture(st, &c->o, "../../samples/marathon/app-oom.json");
	assert_int_equal(store_containers(st, NULL, &sc, &n), 0);
	assert_int_equal(n, 1);
	app = container_of(sc, n, "app-oom", "");
	assert_string_equal(app->workload_kind, "marathon-app");
	assert_true(role_series(st, app, STORE_USAGE, &v, &samples) == 57);
	assert_true(role_series(st, app, STORE_LIMIT, &v, &samples) == 1 && samples == 1 && v == 67108864.0);
	assert_true(role_series(st, app, STORE_REQUEST, &v, &samples) == 1 && samples == 1 && v == 67108864.0);
	store_containers_free(sc, n);
	store_close(st);
	rs_verbosity = saved;
}

static void marathon_apps_of_one_file_keep_series_of_their_own_in_the_store(void **state)
{
	struct capture *c = *state;
	struct store *st;
	struct store_container *sc;
	size_t n, samples;
	double v = NAN;
	int saved = rs_verbosity;

	rs_verbosity = 0;
	assert_int_equal(store_open(":memory:", STORE_CREATE, &st), 0);
	ingest_fixture(st, &c->o, "marathon/apps.json");
	assert_int_equal(store_containers(st, NULL, &sc, &n), 0);
	assert_int_equal(n, 3);
	assert_true(role_series(st, container_of(sc, n, "api", ""), STORE_LIMIT, &v, &samples) == 1 && v == 544 * MI);
	assert_true(role_series(st, container_of(sc, n, "batch/report", ""), STORE_LIMIT, &v, &samples) == 1 &&
		    v == 2080.5 * MI);
	assert_true(role_series(st, container_of(sc, n, "legacy", ""), STORE_REQUEST, &v, &samples) == 1 &&
		    v == 160 * MI);
	store_containers_free(sc, n);
	store_close(st);
	rs_verbosity = saved;
}

static void kubectl_settings_share_the_series_of_kube_state_metrics(void **state)
{
	struct capture *c = *state;
	static const char ksm[] =
		"__name__,container,namespace,pod,resource,unit,value,timestamp\n"
		"kube_pod_container_resource_limits,app,shop,web-7d9f8c6b5d-x2x4z,memory,byte,536870912,2026-11-14T10:00:00Z\n"
		"container_memory_working_set_bytes,app,shop,web-7d9f8c6b5d-x2x4z,,,300000000,2026-11-14T10:00:00Z\n";
	char tmp[] = "/tmp/rightsize-ksm-XXXXXX";
	struct ingest_totals t;
	struct store *st;
	struct store_container *sc;
	const struct store_container *web;
	size_t n, samples;
	double v = NAN;
	int fd, saved = rs_verbosity;
	FILE *f;

	rs_verbosity = 0;
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(ksm, f);
	fclose(f);
	assert_int_equal(store_open(":memory:", STORE_CREATE, &st), 0);
	memset(&t, 0, sizeof(t));
	assert_int_equal(ingest_path(st, tmp, &c->o, &t), 0);
	unlink(tmp);
	ingest_fixture(st, &c->o, "kubectl/pods-list.json");
	assert_int_equal(store_containers(st, NULL, &sc, &n), 0);
	web = container_of(sc, n, "web", "app");
	assert_string_equal(web->namespace, "shop");
	assert_string_equal(web->workload_kind, "deployment");
	/* One limit series with both samples: kube-state-metrics' at 10:00, kubectl's at the pod's creation (09:00). */
	assert_true(role_series(st, web, STORE_LIMIT, &v, &samples) == 1);
	assert_true(samples == 2 && v == 512 * MI);
	assert_true(role_series(st, web, STORE_REQUEST, &v, &samples) == 1 && samples == 1 && v == 256 * MI);
	store_containers_free(sc, n);
	store_close(st);
	rs_verbosity = saved;
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

static void kubectl_reads_an_oom_killed_status_as_an_event_of_its_container(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	/* The corpus pod: lastState.terminated.reason OOMKilled, limit 200Mi, finishedAt a template ("@now-2h"). */
	assert_int_equal(run_fixture(c, KUBECTL, "kubectl/pod-oomkilled.json"), 0);
	assert_int_equal(c->nevents, 1);
	e = &c->events[0];
	assert_string_equal(e->kind, "k8s-status");
	assert_string_equal(e->namespace, "mission-control");
	assert_string_equal(e->pod, "oomkilled-pod");
	assert_string_equal(e->container, "oomkilled");
	assert_string_equal(e->pod_uid, "def4df27-ade6-4ba1-b2dc-57d07e12bfe6");
	/* A lastState kill was an earlier container: the ID shown is the running one's. */
	assert_string_equal(e->container_id, "");
	assert_true(e->limit == 200.0 * 1048576.0);
	/* "@now-2h" is not a time: unknown, never invented. */
	assert_true(e->time == STORE_TIME_UNKNOWN);
	/* The pod and its container are referenced for kernel kills. */
	assert_int_equal(c->nrefs, 2);
	assert_string_equal(c->refs[0].pod_uid, "def4df27-ade6-4ba1-b2dc-57d07e12bfe6");
	assert_string_equal(c->refs[0].container_id, "");
	assert_string_equal(c->refs[1].container_id, "21377c37d28bbac13cb6d41d4bac8de3f3bb57ffdf62523594464198157bb4e9");
	assert_string_equal(c->refs[1].container, "oomkilled");
}

static void kubectl_reads_last_and_current_terminations_with_their_times(void **state)
{
	struct capture *c = *state;
	const char *pod = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"etl-0\",\"namespace\":\"batch\",\"uid\":"
			  "\"0f5eb28f-6722-4cf5-ab0f-b62748c018d4\"},\"spec\":{\"containers\":[{\"name\":\"main\","
			  "\"resources\":{\"limits\":{\"memory\":\"1Gi\"}}}]},\"status\":{\"containerStatuses\":[{"
			  "\"name\":\"main\",\"containerID\":\"docker://abcdef012345\",\"state\":{\"terminated\":{"
			  "\"reason\":\"OOMKilled\",\"exitCode\":137,\"finishedAt\":\"2026-11-14T03:05:21Z\"}},"
			  "\"lastState\":{\"terminated\":{\"reason\":\"Error\",\"finishedAt\":\"2026-11-13T03:05:21Z\"}}}]}}";

	assert_int_equal(run_text(c, KUBECTL, pod), 0);
	/* The current OOMKilled termination is a kill; the earlier "Error" is not. */
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].time, INT64_C(1794625521000));
	assert_string_equal(c->events[0].workload, "etl");
	assert_string_equal(c->events[0].container_id, "abcdef012345");
	assert_true(c->events[0].limit == 1073741824.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(kubectl_reads_every_pod_of_a_list_and_passes_over_other_kinds),
		T(kubectl_series_carry_the_kube_state_metrics_identity),
		T(kubectl_skips_init_containers_but_reads_native_sidecars),
		T(kubectl_reads_a_single_pod_at_its_start_time_when_it_has_no_creation_time),
		T(kubectl_names_workloads_from_each_kind_of_owner),
		T(kubectl_falls_back_to_the_start_time_then_the_file_time),
		T(kubectl_counts_absent_requests_and_limits_as_missing_never_zero),
		T(kubectl_reads_keys_in_any_order),
		T(kubectl_reads_several_containers_of_one_pod_in_order),
		T(kubectl_reads_every_kubernetes_quantity_notation),
		T(kubectl_rejects_milli_bytes_and_what_is_not_a_kubernetes_quantity),
		T(kubectl_says_where_a_bad_quantity_is_and_what_was_meant),
		T(kubectl_strict_mode_fails_the_file_on_a_bad_quantity),
		T(kubectl_reads_an_api_pod_list_whose_items_have_no_kind),
		T(kubectl_rejects_a_pod_without_a_name_and_a_container_without_one),
		T(kubectl_fails_on_text_that_is_not_json),
		T(kubectl_is_detected_by_content),
		T(kubectl_reads_an_oom_killed_status_as_an_event_of_its_container),
		T(kubectl_reads_last_and_current_terminations_with_their_times),
		T(marathon_reads_the_sample_app_as_a_64mi_limit),
		T(marathon_reads_an_app_as_the_api_wraps_it_at_its_last_config_change),
		T(marathon_reads_every_app_of_a_list),
		T(marathon_reads_apps_in_nested_groups),
		T(marathon_resolves_relative_ids_against_their_groups),
		T(marathon_adds_the_executor_overhead_it_is_given),
		T(marathon_takes_the_limit_from_resource_limits),
		T(marathon_counts_an_app_without_mem_as_missing),
		T(marathon_rejects_a_mem_that_is_not_a_number_of_mb),
		T(marathon_falls_back_to_the_file_time_when_the_version_is_not_a_time),
		T(marathon_is_detected_by_content),
		T(marathon_settings_land_in_the_container_of_the_apps_usage),
		T(marathon_apps_of_one_file_keep_series_of_their_own_in_the_store),
		T(kubectl_settings_share_the_series_of_kube_state_metrics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
