/*
 * test_k8s_logs.c - ingest: the OOM-evidence readers of Kubernetes events
 * JSON, kubectl describe pod text, Marathon/Mesos logs and Airflow logs,
 * and their detectors. Fixtures are in tests/fixtures/{k8s,mesos,airflow}.
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

#include "capture.h"
#include "ingest/ingest.h"
#include "util/log.h"

#define MI 1048576.0

/* 2026-03-16T00:00:00Z: 20528 days after 1970-01-01. */
#define MAR16 INT64_C(1773619200000)
#define H(h) ((int64_t)(h) * 3600000)
#define M(m) ((int64_t)(m) * 60000)
#define S(s) ((int64_t)(s) * 1000)

#define NOTE_NOZONE "no zone in the log: read as UTC or --tz"

/* The same text with CRLF line ends (malloc'd). */
static char *crlf(const char *text, size_t *len)
{
	size_t n = strlen(text), i, k = 0;
	char *out = malloc(2 * n + 1);

	assert_non_null(out);
	for (i = 0; i < n; i++) {
		if (text[i] == '\n')
			out[k++] = '\r';
		out[k++] = text[i];
	}
	out[k] = '\0';
	*len = k;
	return out;
}

static int run(struct capture *c, cap_reader fn, const char *data, size_t len, int64_t mtime)
{
	struct ingest_input in = { .name = "test-input", .data = data, .len = len, .mtime = mtime };

	return cap_read_input(c, fn, &in);
}

static int run_text(struct capture *c, cap_reader fn, const char *text)
{
	return run(c, fn, text, strlen(text), 0);
}

static int run_fixture(struct capture *c, cap_reader fn, const char *rel)
{
	struct ingest_input in = { .name = "test-input" };

	return cap_read_fixture(c, fn, &in, rel);
}

static const struct cap_event *event_at_line(const struct capture *c, int64_t line)
{
	size_t i;

	for (i = 0; i < c->nevents; i++)
		if (c->events[i].line == line)
			return &c->events[i];
	return NULL;
}

/* ---- Marathon / Mesos logs ----------------------------------------------- */

static void marathon_kills_are_read_with_the_requested_limit_and_the_peak(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_mesos_log, "mesos/marathon-journal.log"), 0);
	assert_int_equal(c->nevents, 4);
	e = &c->events[0];
	assert_string_equal(e->source, "mesos-log");
	assert_string_equal(e->kind, "mesos");
	assert_int_equal(e->line, 3);
	/* The logback stamp 10:00:09,480, not the journald second. */
	assert_int_equal(e->time, MAR16 + H(10) + S(9) + 480);
	assert_string_equal(e->time_note, NOTE_NOZONE);
	assert_string_equal(e->host, "mesos-m1.example.internal");
	assert_string_equal(e->pod, "api.1f0c6a2e-2111-11f1-8a5d-0242ac110002");
	assert_string_equal(e->workload, "api");
	assert_string_equal(e->workload_kind, "marathon-app");
	assert_string_equal(e->namespace, "");
	assert_string_equal(e->container, "");
	assert_int_equal(e->pid, -1);
	/* 160MB in stout's 1024-based units: 160 * 1048576. */
	assert_true(e->limit == 167772160.0);
	assert_true(e->usage == 167772160.0);
	/* An app in a group: /prod/api runs tasks "prod_api.<uuid>". */
	e = &c->events[1];
	assert_int_equal(e->line, 12);
	assert_int_equal(e->time, MAR16 + H(10) + M(2) + S(30) + 7);
	/* ... and it is the same workload as the app definition and the usage series name: prod/api. */
	assert_string_equal(e->workload, "prod/api");
	assert_true(e->limit == 1073741824.0);
	assert_true(e->usage == 1048572.0 * 1024.0);
	assert_int_equal(c->st.f.t_min, MAR16 + H(10) + S(9) + 480);
	assert_int_equal(c->st.f.t_max, MAR16 + H(10) + M(3) + 500);
}

static void marathon_continuation_lines_and_other_task_states_are_not_kills(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_mesos_log, "mesos/marathon-journal.log"), 0);
	assert_int_equal(c->st.f.rows, 17);
	assert_int_equal(c->st.f.accepted, 4);
	/* The memory.stat dump (lines 4-9), TASK_FAILED by exit status (10), TASK_KILLED (11), noise. */
	assert_int_equal(c->events[0].line, 3);
	assert_int_equal(c->events[1].line, 12);
	assert_int_equal(c->events[2].line, 14);
	assert_int_equal(c->events[3].line, 15);
	assert_null(event_at_line(c, 10));
	assert_null(event_at_line(c, 11));
}

static void marathon_duplicated_lines_give_identical_events(void **state)
{
	struct capture *c = *state;
	const struct cap_event *a, *b;

	assert_int_equal(run_fixture(c, ingest_mesos_log, "mesos/marathon-journal.log"), 0);
	a = &c->events[2];
	b = &c->events[3];
	assert_int_equal(a->time, b->time);
	assert_int_equal(a->time, MAR16 + H(10) + M(3) + 500);
	assert_string_equal(a->pod, b->pod);
	assert_string_equal(a->host, b->host);
	assert_true(a->limit == b->limit && a->usage == b->usage);
	/* 163824KB = 163824 * 1024 B. */
	assert_true(a->usage == 167755776.0);
}

static void marathon_sizes_that_cannot_be_read_are_rejected_and_strict_fails(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_mesos_log, "mesos/marathon-journal.log"), 0);
	assert_int_equal(c->st.f.rejected, 1);
	assert_null(event_at_line(c, 16));
	memset(&c->st, 0, sizeof(c->st));
	c->nevents = 0;
	c->o.strict = 1;
	assert_int_equal(run_fixture(c, ingest_mesos_log, "mesos/marathon-journal.log"), -1);
	assert_int_equal(c->st.f.rejected, 1);
}

static void marathon_log_with_crlf_line_ends_reads_the_same(void **state)
{
	struct capture *c = *state;
	size_t len, n2;
	char *text = cap_fixture("mesos/marathon-journal.log", &len), *text2 = crlf(text, &n2);

	assert_int_equal(run(c, ingest_mesos_log, text2, n2, 0), 0);
	assert_int_equal(c->nevents, 4);
	assert_int_equal(c->st.f.rows, 17);
	assert_string_equal(c->events[0].host, "mesos-m1.example.internal");
	assert_true(c->events[3].usage == 167755776.0);
	free(text);
	free(text2);
}

static void mesos_message_without_time_or_task_still_counts_with_its_sizes(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, ingest_mesos_log,
				  "Memory limit exceeded: Requested: 2GB Maximum Used: 2047MB MEMORY STATISTICS: "
				  "cache 794624 rss 2145386496 rss_huge 0\n"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].time, STORE_TIME_UNKNOWN);
	assert_string_equal(c->events[0].workload, "");
	assert_true(c->events[0].limit == 2.0 * 1073741824.0);
	assert_true(c->events[0].usage == 2047.0 * MI);
	assert_int_equal(c->st.f.accepted, 1);
}

static void syslog_times_take_the_year_from_the_option_or_the_file_date(void **state)
{
	struct capture *c = *state;
	static const char line[] =
		"Mar 16 10:05:00 agent-7.example.internal mesos-agent[311]: Status update TASK_FAILED for task "
		"jobs.0a1b2c3d-2112-11f1-8a5d-0242ac110002: Memory limit exceeded: Requested: 64MB Maximum Used: 64MB\n";
	/* 2025-03-16: 365 days before 2026-03-16. */
	const int64_t mar16_2025 = MAR16 - 365 * RTIME_DAY_MS;

	c->o.year = 2025;
	assert_int_equal(run_text(c, ingest_mesos_log, line), 0);
	assert_int_equal(c->events[0].time, mar16_2025 + H(10) + M(5));
	assert_string_equal(c->events[0].time_note, "year from --year");
	assert_string_equal(c->events[0].host, "agent-7.example.internal");
	assert_string_equal(c->events[0].workload, "jobs");
	/* A file written on 2026-01-10 cannot hold March 2026: the year before. */
	c->o.year = 0;
	assert_int_equal(run(c, ingest_mesos_log, line, strlen(line), MAR16 - 65 * RTIME_DAY_MS), 0);
	assert_int_equal(c->events[1].time, mar16_2025 + H(10) + M(5));
	assert_string_equal(c->events[1].time_note, "year from the file's date");
	/* Written on 2026-04-01: this year. */
	assert_int_equal(run(c, ingest_mesos_log, line, strlen(line), MAR16 + 16 * RTIME_DAY_MS), 0);
	assert_int_equal(c->events[2].time, MAR16 + H(10) + M(5));
	/* Neither: the time is unknown, not made up. */
	assert_int_equal(run(c, ingest_mesos_log, line, strlen(line), 0), 0);
	assert_int_equal(c->events[3].time, STORE_TIME_UNKNOWN);
	/* glog's "I0316 10:05:00.250000" has no year either. */
	c->o.year = 2026;
	assert_int_equal(run_text(c, ingest_mesos_log,
				  "I0316 10:05:00.250000  2301 mem.cpp:740] Task jobs.0a1b2c3d-2112-11f1-8a5d-0242ac110002 "
				  "for task jobs.0a1b2c3d-2112-11f1-8a5d-0242ac110002: Memory limit exceeded: Requested: "
				  "64MB Maximum Used: 65535KB\n"),
			 0);
	assert_int_equal(c->events[4].time, MAR16 + H(10) + M(5) + 250);
	assert_true(c->events[4].usage == 65535.0 * 1024.0);
}

static void mesos_detection_claims_marathon_logs_only(void **state)
{
	size_t len;
	char *text = cap_fixture("mesos/marathon-journal.log", &len);
	static const char grafana[] = "\"Time\",\"container_memory_usage_bytes{marathon_app=\"\"/app\"\"}\"\n"
				      "1794646800000,7430144\n";
	static const char promql[] = "__name__,marathon_app,mesos_task_id,value,timestamp\n"
				     "container_memory_usage_bytes,/api,api.1f0c6a2e-2111-11f1-8a5d-0242ac110002,7430144,"
				     "2026-03-16T10:00:01Z\n";
	static const char kernel[] =
		"Mar 16 10:00:09 agent-7 kernel: Task in /mesos/5d1c0c8e-1f7a-4a51-9d0b-7c2f0e9a1b3c killed as a result "
		"of limit of /mesos/5d1c0c8e-1f7a-4a51-9d0b-7c2f0e9a1b3c\n"
		"Mar 16 10:00:09 agent-7 kernel: Memory cgroup out of memory: Kill process 4242 (java) score 990 or "
		"sacrifice child\n";
	static const char non_oom[] =
		"Mar 16 10:01:00 m1 marathon.sh[2211]: [2026-03-16 10:01:00,004] INFO  Acknowledge status update for "
		"task w.2a7e91c4-2111-11f1-8a5d-0242ac110002: TASK_RUNNING ()\n";

	(void)state;
	assert_true(mesos_log_detect(text, len));
	assert_true(mesos_log_detect(non_oom, strlen(non_oom)));
	assert_false(mesos_log_detect(grafana, strlen(grafana)));
	assert_false(mesos_log_detect(promql, strlen(promql)));
	assert_false(mesos_log_detect(kernel, strlen(kernel)));
	free(text);
	text = cap_fixture("airflow/scheduler-oom.log", &len);
	assert_false(mesos_log_detect(text, len));
	free(text);
	text = cap_fixture("k8s/describe-pods.txt", &len);
	assert_false(mesos_log_detect(text, len));
	free(text);
}

/* ---- kubectl get events -o json ------------------------------------------ */

static void events_json_node_and_pod_oom_kills_are_read(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_k8s_events, "k8s/events-oom.json"), 0);
	assert_int_equal(c->nevents, 6);
	/* node-problem-detector: the Node is the host; pid and process from the kernel line. */
	e = &c->events[0];
	assert_string_equal(e->source, "k8s-events");
	assert_string_equal(e->kind, "k8s-event");
	assert_int_equal(e->time, MAR16 + H(8) + M(12) + S(4));
	assert_string_equal(e->time_note, "");
	assert_string_equal(e->host, "node-a1");
	assert_int_equal(e->pid, 48213);
	assert_string_equal(e->process, "java");
	assert_string_equal(e->pod, "");
	assert_string_equal(e->workload, "");
	assert_int_equal(e->line, 6);
	assert_true(isnan(e->limit) && isnan(e->usage));
	/* The older kernel's "Kill process N (x) score ..."; only eventTime is set (microseconds). */
	e = &c->events[3];
	assert_int_equal(e->time, MAR16 + H(9) + 250);
	assert_int_equal(e->pid, 4481);
	assert_string_equal(e->process, "stress");
	assert_string_equal(e->host, "node-a1");
	/* A Pod event: namespace, pod, container from the fieldPath, workload from the pod name. */
	e = &c->events[4];
	assert_int_equal(e->time, MAR16 + H(9) + M(20));
	assert_string_equal(e->namespace, "shop");
	assert_string_equal(e->pod, "checkout-7d9f8c6b5d-gc4f6");
	assert_string_equal(e->container, "checkout");
	assert_string_equal(e->pod_uid, "3f1c2b7a-5d6e-4f80-9a1b-2c3d4e5f6a7b");
	assert_string_equal(e->workload, "checkout");
	assert_string_equal(e->workload_kind, "deployment");
	assert_string_equal(e->host, "node-c3");
	assert_int_equal(e->pid, -1);
	assert_int_equal(c->st.f.t_min, MAR16 + H(8) + M(12) + S(4));
	assert_int_equal(c->st.f.t_max, MAR16 + H(9) + M(20));
}

static void repeated_events_give_their_first_and_last_occurrence(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_k8s_events, "k8s/events-oom.json"), 0);
	/* SystemOOM, count 4, combined: the last names the victim, the first does not. */
	e = &c->events[1];
	assert_int_equal(e->time, MAR16 + H(8) + M(41) + S(30));
	assert_int_equal(e->pid, 7731);
	assert_string_equal(e->process, "python3");
	assert_string_equal(e->host, "node-b2");
	assert_string_equal(e->time_note, "event seen 4 times: its last time");
	e = &c->events[2];
	assert_int_equal(e->time, MAR16 + H(8) + M(30));
	assert_int_equal(e->pid, -1);
	assert_string_equal(e->process, "");
	assert_string_equal(e->time_note, "event seen 4 times: its first time");
	/* The Pod event seen twice: both occurrences name the container. */
	e = &c->events[5];
	assert_int_equal(e->time, MAR16 + H(9) + M(10));
	assert_string_equal(e->container, "checkout");
	assert_string_equal(e->time_note, "event seen 2 times: its first time");
}

static void events_without_a_victim_or_with_a_bad_time_are_rejected(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_k8s_events, "k8s/events-oom.json"), 0);
	/* 8 items: Scheduled and Evicted are not kills; two OOM items cannot be read. */
	assert_int_equal(c->st.f.rows, 8);
	assert_int_equal(c->st.f.accepted, 6);
	assert_int_equal(c->st.f.rejected, 2);
	memset(&c->st, 0, sizeof(c->st));
	c->nevents = 0;
	c->o.strict = 1;
	assert_int_equal(run_fixture(c, ingest_k8s_events, "k8s/events-oom.json"), -1);
}

static void a_single_event_object_with_keys_in_any_order_is_read(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, ingest_k8s_events,
				  "{\"type\":\"Warning\",\"source\":{\"host\":\"node-z\",\"component\":\"kubelet\"},"
				  "\"message\":\"System OOM encountered, victim process: nginx, pid: 9295\","
				  "\"involvedObject\":{\"name\":\"node-z\",\"kind\":\"Node\"},"
				  "\"lastTimestamp\":\"2026-03-16T11:00:00+01:00\",\"reason\":\"SystemOOM\",\"kind\":\"Event\"}"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].time, MAR16 + H(10));
	assert_int_equal(c->events[0].pid, 9295);
	assert_string_equal(c->events[0].process, "nginx");
	assert_string_equal(c->events[0].host, "node-z");
	assert_int_equal(c->st.f.rows, 1);
}

static void events_k8s_io_names_are_read_too(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_text(c, ingest_k8s_events,
				  "{\"kind\":\"EventList\",\"items\":[{\"reason\":\"OOMKilling\",\"regarding\":{\"kind\":"
				  "\"Node\",\"name\":\"node-q\"},\"note\":\"Out of memory: Killed process 77 (etcd) "
				  "total-vm:1kB\",\"deprecatedLastTimestamp\":\"2026-03-16T12:00:00Z\","
				  "\"deprecatedCount\":1}]}"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].time, MAR16 + H(12));
	assert_int_equal(c->events[0].pid, 77);
	assert_string_equal(c->events[0].host, "node-q");
}

static void events_detection_needs_event_items(void **state)
{
	size_t len;
	char *text = cap_fixture("k8s/events-oom.json", &len);
	static const char event_list[] = "{\"apiVersion\":\"v1\",\"kind\":\"EventList\",\"items\":[]}";
	static const char pods[] = "{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
				   "\"metadata\":{\"name\":\"web-1\"},\"status\":{\"reason\":\"Evicted\"}}],"
				   "\"kind\":\"List\"}";
	static const char empty_list[] = "{\"apiVersion\":\"v1\",\"items\":[],\"kind\":\"List\"}";
	static const char prom[] = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
	static const char untyped[] = "[{\"involvedObject\":{\"kind\":\"Node\"},\"reason\":\"OOMKilling\"}]";
	static const char keys_only[] = "{\"items\":[{\"reason\":\"SystemOOM\",\"involvedObject\":{\"kind\":\"Node\"}}]}";

	(void)state;
	assert_true(k8s_events_detect(text, len));
	assert_true(k8s_events_detect(event_list, strlen(event_list)));
	assert_true(k8s_events_detect(keys_only, strlen(keys_only)));
	assert_false(k8s_events_detect(pods, strlen(pods)));
	assert_false(k8s_events_detect(empty_list, strlen(empty_list)));
	assert_false(k8s_events_detect(prom, strlen(prom)));
	assert_false(k8s_events_detect(untyped, strlen(untyped)));
	/* The first item's kind decides, whatever follows. */
	assert_true(k8s_events_detect(text, (size_t)(strstr(text, "\"kind\": \"Event\"") - text) + 16));
	assert_false(k8s_events_detect(text, 300));
	free(text);
}

/* ---- kubectl describe pod -------------------------------------------------- */

static void describe_oom_killed_containers_of_several_pods_are_events(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_k8s_describe, "k8s/describe-pods.txt"), 0);
	assert_int_equal(c->nevents, 2);
	/* Last State: Terminated / OOMKilled; Finished 09:12:04 +0100 is 08:12:04Z. */
	e = &c->events[0];
	assert_string_equal(e->source, "k8s-describe");
	assert_string_equal(e->kind, "k8s-status");
	assert_int_equal(e->time, MAR16 + H(8) + M(12) + S(4));
	assert_int_equal(e->line, 37);
	assert_string_equal(e->namespace, "shop");
	assert_string_equal(e->pod, "web-7d9f8c6b5d-x2x4z");
	assert_string_equal(e->container, "web");
	assert_string_equal(e->workload, "web");
	assert_string_equal(e->workload_kind, "deployment");
	assert_string_equal(e->host, "node-a1");
	/* "Container ID" is the restarted container's, not the killed one's. */
	assert_string_equal(e->container_id, "");
	assert_true(e->limit == 8000.0 * MI);
	assert_true(isnan(e->usage));
	/* State: Terminated / OOMKilled of an Airflow worker pod: its labels name the task. */
	e = &c->events[1];
	assert_int_equal(e->line, 99);
	assert_int_equal(e->time, INT64_C(1794279487000)); /* 2026-11-10T02:58:07Z */
	assert_string_equal(e->namespace, "airflow");
	assert_string_equal(e->pod, "nightly-etl-load-facts-q8w2k4z1");
	assert_string_equal(e->container, "base");
	assert_string_equal(e->workload, "nightly_etl.load_facts");
	assert_string_equal(e->workload_kind, "airflow-task");
	assert_string_equal(e->pod_uid, "c0ffee00-1234-4abc-9def-00112233aabb");
	assert_string_equal(e->container_id, "5555aaaa6666bbbb7777cccc8888dddd9999eeee0000ffff1111222233334444");
	assert_string_equal(e->host, "node-b2");
	assert_true(e->limit == 8000.0 * MI);
}

static void describe_pod_references_tie_container_ids_to_pods(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_k8s_describe, "k8s/describe-pods.txt"), 0);
	assert_int_equal(c->nrefs, 6);
	assert_string_equal(c->refs[0].container, "init-schema");
	assert_string_equal(c->refs[0].container_id, "0b1c2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddeeff0");
	assert_string_equal(c->refs[0].pod_uid, "");
	assert_string_equal(c->refs[1].container, "web");
	assert_string_equal(c->refs[1].workload, "web");
	assert_string_equal(c->refs[2].container, "proxy");
	assert_string_equal(c->refs[2].container_id, "aa11bb22cc33dd44ee55ff6600778899aabbccddeeff00112233445566778899");
	assert_string_equal(c->refs[3].container, "base");
	assert_string_equal(c->refs[3].pod_uid, "c0ffee00-1234-4abc-9def-00112233aabb");
	/* The pod itself, by its UID. */
	assert_string_equal(c->refs[4].container_id, "");
	assert_string_equal(c->refs[4].container, "");
	assert_string_equal(c->refs[4].pod, "nightly-etl-load-facts-q8w2k4z1");
	assert_string_equal(c->refs[4].workload, "nightly_etl.load_facts");
	/* A CronJob's Job owns the pod: the workload is the CronJob, as the pod name's shape says. */
	assert_string_equal(c->refs[5].container, "backfill");
	assert_string_equal(c->refs[5].namespace, "batch");
	assert_string_equal(c->refs[5].workload, "backfill");
}

static void describe_exit_137_without_oomkilled_is_not_an_event(void **state)
{
	struct capture *c = *state;
	size_t i;

	assert_int_equal(run_fixture(c, ingest_k8s_describe, "k8s/describe-pods.txt"), 0);
	for (i = 0; i < c->nevents; i++)
		assert_string_not_equal(c->events[i].pod, "backfill-28512000-7qhzx");
	assert_int_equal(c->st.f.rows, 153);
	assert_int_equal(c->st.f.accepted, 2);
}

static void describe_finished_time_that_cannot_be_read_is_rejected(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_k8s_describe, "k8s/describe-pods.txt"), 0);
	assert_int_equal(c->st.f.rejected, 1);
	memset(&c->st, 0, sizeof(c->st));
	c->nevents = c->nrefs = 0;
	c->o.strict = 1;
	assert_int_equal(run_fixture(c, ingest_k8s_describe, "k8s/describe-pods.txt"), -1);
}

static void describe_with_crlf_line_ends_reads_the_same(void **state)
{
	struct capture *c = *state;
	size_t len, n2;
	char *text = cap_fixture("k8s/describe-pods.txt", &len), *text2 = crlf(text, &n2);

	assert_int_equal(run(c, ingest_k8s_describe, text2, n2, 0), 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->nrefs, 6);
	assert_int_equal(c->events[0].time, MAR16 + H(8) + M(12) + S(4));
	assert_string_equal(c->events[1].workload, "nightly_etl.load_facts");
	assert_true(c->events[1].limit == 8000.0 * MI);
	free(text);
	free(text2);
}

static void describe_detection_needs_a_pod_description(void **state)
{
	size_t len;
	char *text = cap_fixture("k8s/describe-pods.txt", &len);
	static const char node[] = "Name:               node-a1\nRoles:              <none>\nLabels:             "
				   "kubernetes.io/os=linux\nConditions:\n  Type  Status\n";
	static const char grafana[] = "\"Time\",\"{container=\"\"web\"\", namespace=\"\"shop\"\"}\"\n"
				      "2026-03-16 08:00:00,412 MiB\n";

	(void)state;
	assert_true(k8s_describe_detect(text, len));
	assert_false(k8s_describe_detect(node, strlen(node)));
	assert_false(k8s_describe_detect(grafana, strlen(grafana)));
	free(text);
	text = cap_fixture("mesos/marathon-journal.log", &len);
	assert_false(k8s_describe_detect(text, len));
	free(text);
}

/* ---- Airflow logs ------------------------------------------------------------ */

/* 2026-11-10T00:00:00Z */
#define NOV10 INT64_C(1794268800000)

static void airflow_executor_oom_lines_name_the_dag_and_task(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_airflow_log, "airflow/scheduler-oom.log"), 0);
	assert_int_equal(c->nevents, 5);
	e = &c->events[0];
	assert_string_equal(e->source, "airflow-log");
	assert_string_equal(e->kind, "airflow");
	assert_int_equal(e->line, 10);
	assert_int_equal(e->time, NOV10 + H(2) + M(10) + S(12) + 203);
	assert_string_equal(e->time_note, "");
	assert_string_equal(e->namespace, "etl");
	assert_string_equal(e->pod, "warehouse-load-orders-h7c2m9qa");
	assert_string_equal(e->container, "base");
	assert_string_equal(e->workload, "warehouse.load_orders");
	assert_string_equal(e->workload_kind, "airflow-task");
	/* The key "sales.region_eu.extract.2" without its try number. */
	e = &c->events[2];
	assert_int_equal(e->line, 16);
	assert_string_equal(e->workload, "sales.region_eu.extract");
	assert_string_equal(e->pod, "sales-region-eu-extract-k3j4h5g6");
	assert_int_equal(c->st.f.t_min, NOV10 + H(2) + M(10) + S(12) + 203);
	assert_int_equal(c->st.f.t_max, NOV10 + H(3));
}

static void airflow_result_dict_evictions_and_plain_exit_137_are_not_kills(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, ingest_airflow_log, "airflow/scheduler-oom.log"), 0);
	assert_int_equal(c->st.f.rows, 22);
	/* Line 9: "Changing state of ... 'container_reason': 'OOMKilled'" repeats line 10's kill. */
	assert_null(event_at_line(c, 9));
	/* Line 13: container_reason Error, exit 137. Line 15: evicted. */
	assert_null(event_at_line(c, 13));
	assert_null(event_at_line(c, 15));
	/* Line 22 says OOMKilled but its pod is unreadable. */
	assert_int_equal(c->st.f.rejected, 1);
	assert_int_equal(c->st.f.accepted, 5);
}

static void airflow_duplicated_lines_give_identical_events(void **state)
{
	struct capture *c = *state;
	const struct cap_event *a, *b;

	assert_int_equal(run_fixture(c, ingest_airflow_log, "airflow/scheduler-oom.log"), 0);
	a = &c->events[0];
	b = &c->events[1];
	assert_int_equal(b->line, 11);
	assert_int_equal(a->time, b->time);
	assert_string_equal(a->pod, b->pod);
	assert_string_equal(a->workload, b->workload);
	assert_string_equal(a->container, b->container);
}

static void airflow_line_without_a_key_takes_the_next_marking_task_as_failed(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_airflow_log, "airflow/scheduler-oom.log"), 0);
	/* "Pod reports-build-pdf-m4n5b6v7 in namespace reporting failed." then line 20's dag_id/task_id. */
	e = event_at_line(c, 18);
	assert_non_null(e);
	assert_int_equal(e->time, NOV10 + H(2) + M(50));
	assert_string_equal(e->namespace, "reporting");
	assert_string_equal(e->pod, "reports-build-pdf-m4n5b6v7");
	assert_string_equal(e->container, "");
	assert_string_equal(e->workload, "reports.build_pdf");
	assert_string_equal(e->workload_kind, "airflow-task");
	/* Nothing names the task of line 21: the pod name's shape does, at the end of the file. */
	e = event_at_line(c, 21);
	assert_non_null(e);
	assert_string_equal(e->workload, "orphan-job");
	assert_string_equal(e->workload_kind, "airflow-task");
	assert_int_equal(e->time, NOV10 + H(3));
}

static void airflow_pod_operator_task_log_is_read(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, ingest_airflow_log, "airflow/kpo-task.log"), 0);
	assert_int_equal(c->nevents, 1);
	e = &c->events[0];
	assert_int_equal(e->line, 4);
	/* "[2022-01-25, 20:13:24 UTC]" */
	assert_int_equal(e->time, INT64_C(1643141604000));
	assert_string_equal(e->time_note, "");
	assert_string_equal(e->namespace, "batch");
	assert_string_equal(e->pod, "optimize-lh-5e1f0c2a");
	assert_string_equal(e->workload, "bin_optimizer.optimize_lh");
	assert_int_equal(c->st.f.rows, 5);
}

static void airflow_log_with_crlf_and_plain_times_reads_the_same(void **state)
{
	struct capture *c = *state;
	size_t len, n2;
	char *text = cap_fixture("airflow/scheduler-oom.log", &len), *text2 = crlf(text, &n2);

	assert_int_equal(run(c, ingest_airflow_log, text2, n2, 0), 0);
	assert_int_equal(c->nevents, 5);
	assert_string_equal(c->events[0].container, "base");
	assert_string_equal(c->events[4].workload, "orphan-job");
	free(text);
	free(text2);
	/* "2022-06-17 06:22:38,609 file.py LEVEL - ...": no zone is written. */
	c->nevents = 0;
	assert_int_equal(run_text(c, ingest_airflow_log,
				  "2022-06-17 06:22:38,609 kubernetes_executor.py WARNING - Task mydag.mytask.1 failed in "
				  "pod default/mydag-mytask-a1b2c3d4. Pod phase: Failed, reason: None, message: None, "
				  "container_type: main, container_name: base, container_state: terminated, "
				  "container_reason: OOMKilled, container_message: None, exit_code: 137\n"),
			 0);
	assert_int_equal(c->nevents, 1);
	/* 2022-06-17T06:22:38.609Z */
	assert_int_equal(c->events[0].time, INT64_C(1655446958609));
	assert_string_equal(c->events[0].time_note, NOTE_NOZONE);
	assert_string_equal(c->events[0].workload, "mydag.mytask");
}

static void airflow_detection_needs_airflow_lines_and_executor_or_oom_words(void **state)
{
	size_t len;
	char *text = cap_fixture("airflow/scheduler-oom.log", &len);
	static const char grafana[] =
		"\"Time\",\"container_memory_working_set_bytes{container=\"\"base\"\", dag_id=\"\"nightly_etl\"\", "
		"namespace=\"\"airflow\"\", pod=\"\"x-a1b2c3d4\"\", task_id=\"\"load_facts\"\"}\"\r\n1794272430000,"
		"314572800\r\n";
	static const char quiet[] = "[2026-11-10T00:56:59.034+0000] {scheduler_job_runner.py:1608} INFO - Adopting "
				    "or resetting orphaned tasks for active dag runs\n";

	(void)state;
	assert_true(airflow_log_detect(text, len));
	assert_false(airflow_log_detect(grafana, strlen(grafana)));
	assert_false(airflow_log_detect(quiet, strlen(quiet)));
	free(text);
	text = cap_fixture("airflow/kpo-task.log", &len);
	/* A task log says OOMKilled. */
	assert_true(airflow_log_detect(text, len));
	free(text);
	text = cap_fixture("mesos/marathon-journal.log", &len);
	assert_false(airflow_log_detect(text, len));
	free(text);
	text = cap_fixture("k8s/describe-pods.txt", &len);
	assert_false(airflow_log_detect(text, len));
	free(text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(marathon_kills_are_read_with_the_requested_limit_and_the_peak),
		T(marathon_continuation_lines_and_other_task_states_are_not_kills),
		T(marathon_duplicated_lines_give_identical_events),
		T(marathon_sizes_that_cannot_be_read_are_rejected_and_strict_fails),
		T(marathon_log_with_crlf_line_ends_reads_the_same),
		T(mesos_message_without_time_or_task_still_counts_with_its_sizes),
		T(syslog_times_take_the_year_from_the_option_or_the_file_date),
		cmocka_unit_test(mesos_detection_claims_marathon_logs_only),
		T(events_json_node_and_pod_oom_kills_are_read),
		T(repeated_events_give_their_first_and_last_occurrence),
		T(events_without_a_victim_or_with_a_bad_time_are_rejected),
		T(a_single_event_object_with_keys_in_any_order_is_read),
		T(events_k8s_io_names_are_read_too),
		cmocka_unit_test(events_detection_needs_event_items),
		T(describe_oom_killed_containers_of_several_pods_are_events),
		T(describe_pod_references_tie_container_ids_to_pods),
		T(describe_exit_137_without_oomkilled_is_not_an_event),
		T(describe_finished_time_that_cannot_be_read_is_rejected),
		T(describe_with_crlf_line_ends_reads_the_same),
		cmocka_unit_test(describe_detection_needs_a_pod_description),
		T(airflow_executor_oom_lines_name_the_dag_and_task),
		T(airflow_result_dict_evictions_and_plain_exit_137_are_not_kills),
		T(airflow_duplicated_lines_give_identical_events),
		T(airflow_line_without_a_key_takes_the_next_marking_task_as_failed),
		T(airflow_pod_operator_task_log_is_read),
		T(airflow_log_with_crlf_and_plain_times_reads_the_same),
		cmocka_unit_test(airflow_detection_needs_airflow_lines_and_executor_or_oom_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
