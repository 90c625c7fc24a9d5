/* test_kernel_log.c - ingest: OOM kills from kernel logs (dmesg, syslog, journalctl, rsyslog, /dev/kmsg). */
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
#include "util/rtime.h"

#define KB 1024.0
#define MI 1048576.0

/* Container IDs and pod UIDs of the fixtures (all made up). */
#define CID_A "d63b34723243e5fab5b38b47f5d18419f63bd297a2e5d43d3a38439d66741b24"
#define CID_B "99e401118ee734fcb1564da8b21581b2832db8cb567930f59a8a9b4b99b48b23"
#define CID_C "37fdf4edfc66e1d8666826ce846413cc6a0c2942858debe6d36f27c895bd6bbb"
#define CID_D "205fdcaac5c27ba993d0469934dc9b770d5fced2bceca868a504bba03ae872a6"
#define CID_E "850bfdb5c75124936a1f4b86a76d7524ab33bd13f8a1d44b5ef01d322cd19a6c"
#define CID_F "574bde71c1e6353636c62118c2d15c02e3225bbaba83726f583fdea99900a96f"

/* A message every prefix test carries. */
#define KILLED "Out of memory: Killed process 4242 (mysqld) total-vm:1234kB, anon-rss:567kB\n"

static int64_t iso(const char *s)
{
	int64_t ms = 0;

	if (rtime_parse(s, strlen(s), RTIME_MS, &ms))
		fail_msg("bad time in the test: %s", s);
	return ms;
}

static int run_text(struct capture *c, const char *text, size_t len, int64_t mtime)
{
	struct ingest_input in = { .name = "kern.log", .data = text, .len = len, .mtime = mtime };

	return cap_read_input(c, ingest_kernel_log, &in);
}

static int run(struct capture *c, const char *text)
{
	return run_text(c, text, strlen(text), iso("2026-11-22T00:00:00Z"));
}

/* A file of the project by its path from the top (tests/fixtures/..., samples/...). */
static char *project_file(const char *rel, size_t *len)
{
	char path[1024];

	snprintf(path, sizeof(path), "../../%s", rel);
	return cap_fixture(path, len);
}

static int run_fixture(struct capture *c, const char *name)
{
	struct ingest_input in = { .name = "kern.log", .mtime = iso("2026-11-22T00:00:00Z") };
	char rel[256];

	snprintf(rel, sizeof(rel), "kernel/%s", name);
	return cap_read_fixture(c, ingest_kernel_log, &in, rel);
}

static int detect_fixture(const char *rel)
{
	size_t len;
	char *text = project_file(rel, &len);
	int r = kernel_log_detect(text, len < 65536 ? len : 65536);

	free(text);
	return r;
}

#define assert_bytes(v, expected) assert_true(fabs((v) - (expected)) < 0.5)

/* ---- files as users paste them ----------------------------------------- */

static void a_syslog_with_noise_gives_one_event_per_kill(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e;

	assert_int_equal(run_fixture(c, "syslog-rhel7-noise.log"), 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->st.f.rows, 28);
	assert_int_equal(c->st.f.accepted, 2);
	assert_int_equal(c->st.f.rejected, 0);
	/* RHEL 7 global OOM: "Out of memory: Kill process ... sacrifice child" + "Killed process N (x), UID" */
	e = &c->events[0];
	assert_string_equal(e->source, "kernel-log");
	assert_string_equal(e->kind, "global");
	assert_int_equal(e->time, iso("2026-06-03T02:15:07Z"));
	assert_string_equal(e->time_note, "year from the file's date");
	assert_string_equal(e->host, "batch-node-3");
	assert_int_equal(e->pid, 18790);
	assert_string_equal(e->process, "java");
	assert_string_equal(e->pod_uid, "");
	assert_string_equal(e->container_id, "");
	assert_true(isnan(e->limit) && isnan(e->usage));
	assert_int_equal(e->line, 11);
	/* cgroup v1, cgroupfs driver: "Task in /kubepods/burstable/pod<uid>/<cid> killed as a result of ..." */
	e = &c->events[1];
	assert_string_equal(e->kind, "memcg");
	assert_int_equal(e->time, iso("2026-06-03T02:31:44Z"));
	assert_int_equal(e->pid, 27455);
	assert_string_equal(e->process, "stress");
	assert_string_equal(e->pod_uid, "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73");
	assert_string_equal(e->container_id, CID_A);
	assert_bytes(e->limit, 262144 * KB);
	assert_bytes(e->usage, 262144 * KB);
	/* nothing from Kubernetes itself: attribution happens later through the IDs */
	assert_string_equal(e->namespace, "");
	assert_string_equal(e->pod, "");
	assert_string_equal(e->container, "");
	assert_int_equal(c->st.f.t_min, iso("2026-06-03T02:15:07Z"));
	assert_int_equal(c->st.f.t_max, iso("2026-06-03T02:31:44Z"));
}

static void plain_dmesg_seconds_since_boot_leave_the_time_unknown_with_a_note(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, "dmesg-cgroupfs.log"), 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->events[0].time, STORE_TIME_UNKNOWN);
	assert_string_equal(c->events[0].time_note, "seconds since boot: 8123.402");
	assert_string_equal(c->events[0].host, "");
	/* Guaranteed pod: /kubepods/pod<uid>/<cid> */
	assert_string_equal(c->events[0].pod_uid, "5c2d8e41-93ab-4f07-b6d2-0e7a1c4f9b38");
	assert_string_equal(c->events[0].container_id, CID_B);
	assert_int_equal(c->events[0].pid, 4410);
	assert_bytes(c->events[0].limit, 128 * MI);
	/* BestEffort pod killed at the /kubepods limit: the task's path names the container */
	assert_string_equal(c->events[1].time_note, "seconds since boot: 9044.118");
	assert_string_equal(c->events[1].pod_uid, "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");
	assert_string_equal(c->events[1].container_id, CID_C);
	assert_string_equal(c->events[1].kind, "memcg");
	assert_int_equal(c->st.f.accepted, 2);
}

static void dmesg_T_dates_are_clock_times_and_systemd_uids_get_their_dashes_back(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e = &c->events[0];

	assert_int_equal(run_fixture(c, "dmesg-T-systemd-docker.log"), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(e->time, iso("2026-02-10T06:41:27Z"));
	assert_string_equal(e->time_note, "");
	/* 4.18: "Memory cgroup out of memory: Killed process" with no summary line */
	assert_string_equal(e->kind, "memcg");
	assert_int_equal(e->pid, 60231);
	assert_string_equal(e->process, "worker");
	assert_string_equal(e->pod_uid, "6e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b");
	assert_string_equal(e->container_id, CID_E);
	assert_bytes(e->limit, 1024 * MI);
}

static void dmesg_x_prefixes_and_the_oom_kill_summary_name_the_container(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e = &c->events[0];

	assert_int_equal(run_fixture(c, "dmesg-x-T-v2.log"), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(e->time, iso("2026-09-18T11:02:45Z"));
	assert_string_equal(e->kind, "memcg");
	assert_int_equal(e->pid, 731190);
	assert_string_equal(e->process, "api-server");
	assert_string_equal(e->pod_uid, "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
	assert_string_equal(e->container_id, CID_D);
	assert_bytes(e->limit, 512 * MI);
	assert_bytes(e->usage, 512 * MI);
	assert_int_equal(e->line, 13);
}

static void memory_oom_group_kills_with_a_repeated_line_are_one_event(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e = &c->events[0];

	assert_int_equal(run_fixture(c, "rfc3339-oom-group.log"), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(e->time, iso("2026-09-02T14:21:07.413Z"));
	assert_string_equal(e->host, "worker-b12");
	assert_string_equal(e->kind, "memcg");
	assert_int_equal(e->pid, 402117);
	assert_string_equal(e->process, "python3");
	/* the pod's limit was hit (oom_memcg is the pod), the task was in a CRI-O container */
	assert_string_equal(e->pod_uid, "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d");
	assert_string_equal(e->container_id, CID_F);
	assert_bytes(e->limit, 2048 * MI);
	assert_int_equal(c->st.f.accepted, 1);
}

static void raw_kmsg_records_are_read_with_seconds_since_boot(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e = &c->events[0];

	assert_int_equal(run_fixture(c, "kmsg-raw.log"), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(e->time, STORE_TIME_UNKNOWN);
	assert_string_equal(e->time_note, "seconds since boot: 2204518.877");
	assert_int_equal(e->pid, 88213);
	assert_string_equal(e->pod_uid, "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b");
	assert_string_equal(e->container_id, CID_A);
	assert_bytes(e->limit, 7340032 * KB);
}

static void global_ooms_are_kind_global_even_when_the_victim_is_a_pod(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_fixture(c, "journal-short-iso-global.log"), 0);
	assert_int_equal(c->nevents, 2);
	assert_string_equal(c->events[0].kind, "global");
	assert_int_equal(c->events[0].time, iso("2026-10-05T03:12:40Z"));
	assert_string_equal(c->events[0].host, "ip-10-3-7-21");
	assert_int_equal(c->events[0].pid, 3377);
	assert_string_equal(c->events[0].pod_uid, "");
	assert_true(isnan(c->events[0].limit));
	assert_string_equal(c->events[1].kind, "global");
	assert_int_equal(c->events[1].pid, 5120);
	assert_string_equal(c->events[1].pod_uid, "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");
	assert_string_equal(c->events[1].container_id, CID_C);
}

static void a_localized_dmesg_T_date_keeps_the_event_with_the_time_unknown(void **state)
{
	struct capture *c = *state;
	const struct cap_event *e = &c->events[0];

	assert_int_equal(run_fixture(c, "dmesg-T-zh_CN.log"), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(e->time, STORE_TIME_UNKNOWN);
	assert_non_null(strstr(e->time_note, "date not understood: "));
	assert_non_null(strstr(e->time_note, "9月 17"));
	assert_int_equal(e->pid, 12007);
	assert_string_equal(e->pod_uid, "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73");
	assert_string_equal(e->container_id, CID_B);
	assert_bytes(e->limit, 400 * MI);
}

static void the_same_kill_pasted_twice_gives_identical_events(void **state)
{
	struct capture *c = *state;
	const struct cap_event *a = &c->events[0], *b = &c->events[1];

	assert_int_equal(run_fixture(c, "pasted-twice.log"), 0);
	assert_int_equal(c->nevents, 2);
	/* the store keeps one: every field it compares is the same */
	assert_int_equal(a->time, b->time);
	assert_int_equal(a->pid, b->pid);
	assert_string_equal(a->kind, b->kind);
	assert_string_equal(a->host, b->host);
	assert_string_equal(a->process, b->process);
	assert_string_equal(a->pod_uid, b->pod_uid);
	assert_string_equal(a->container_id, b->container_id);
	assert_string_equal(a->time_note, b->time_note);
	assert_true(a->limit == b->limit && a->usage == b->usage);
	assert_int_equal(a->line, 3);
	assert_int_equal(b->line, 8);
}

static void the_marathon_sample_gives_one_mesos_event_per_kill(void **state)
{
	struct capture *c = *state;
	size_t len, i;
	char *text = project_file("samples/marathon/kern.log", &len);

	assert_int_equal(run_text(c, text, len, iso("2026-11-22T00:00:00Z")), 0);
	free(text);
	assert_int_equal(c->nevents, 56);
	assert_int_equal(c->st.f.rows, 1736);
	for (i = 0; i < c->nevents; i++) {
		assert_string_equal(c->events[i].process, "oomApp");
		assert_string_equal(c->events[i].kind, "memcg");
		assert_string_equal(c->events[i].host, "ip-10-40-2-88.eu-central-1.compute.internal");
		assert_string_equal(c->events[i].pod_uid, "");
		assert_int_equal(strlen(c->events[i].container_id), 36);
		assert_bytes(c->events[i].limit, 64 * MI);
	}
	assert_int_equal(c->events[0].time, iso("2026-11-14T09:00:04Z"));
	assert_int_equal(c->events[0].pid, 23195);
	assert_string_equal(c->events[0].container_id, "5b9f33e5-ec13-47a8-9113-786fcd4dfc49");
	assert_int_equal(c->events[55].time, iso("2026-11-14T09:09:54Z"));
	assert_int_equal(c->events[55].pid, 25260);
}

/* ---- line forms ----------------------------------------------------------- */

static void every_prefix_form_is_read(void **state)
{
	static const struct {
		const char *prefix, *time, *host;
	} forms[] = {
		{ "[ 7753.023847] ", NULL, "" },                                                   /* dmesg */
		{ "[Sat Mar 14 16:55:03 2026] ", "2026-03-14T16:55:03Z", "" },                     /* dmesg -T */
		{ "[Sat Mar  7 16:55:03 2026] ", "2026-03-07T16:55:03Z", "" },                     /* dmesg -T, day < 10 */
		{ "kern  :err   : [ 7753.023847] ", NULL, "" },                                    /* dmesg -x */
		{ "kern  :err   : [Sat Mar 14 16:55:03 2026] ", "2026-03-14T16:55:03Z", "" },      /* dmesg -x -T */
		{ "<3>[22222.000000] ", NULL, "" },                                                /* dmesg -r */
		{ "3,1234,5678901234,-;", NULL, "" },                                              /* /dev/kmsg */
		{ "3,1234,5678901234,-,caller=T1;", NULL, "" },                                    /* kmsg with caller */
		{ "Mar 27 01:15:36 node-4 kernel: ", "2026-03-27T01:15:36Z", "node-4" },           /* syslog, journalctl */
		{ "Mar  7 01:15:36 node-4 kernel: ", "2026-03-07T01:15:36Z", "node-4" },           /* day < 10 */
		{ "Mar 27 01:15:36.250113 node-4 kernel: ", "2026-03-27T01:15:36.250Z", "node-4" }, /* short-precise */
		{ "Apr 21 14:29:06 pop-os kernel: [178228.853564] ", "2026-04-21T14:29:06Z", "pop-os" },
		{ "2026-03-27T01:15:36+0000 node-4 kernel: ", "2026-03-27T01:15:36Z", "node-4" },   /* short-iso */
		{ "2026-03-27T02:15:36.123456+01:00 node-4 kernel: ", "2026-03-27T01:15:36.123Z", "node-4" }, /* rsyslog */
		{ "Fri 2026-03-27 01:15:36 UTC node-4 kernel: ", "2026-03-27T01:15:36Z", "node-4" }, /* short-full */
		{ "[  315.239745] node-4 kernel: ", NULL, "node-4" },                               /* short-monotonic */
		{ "2026-03-27T01:15:36,250113+00:00 ", "2026-03-27T01:15:36.250Z", "" },           /* dmesg --time-format iso */
		{ "", NULL, "" },                                                                  /* no prefix */
	};
	struct capture *c = *state;
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char line[512];

		memset(c, 0, sizeof(*c));
		ingest_opts_init(&c->o);
		snprintf(line, sizeof(line), "%s%s", forms[i].prefix, KILLED);
		/* bare messages are read, but do not make a file a kernel log by themselves */
		if (kernel_log_detect(line, strlen(line)) != (forms[i].prefix[0] != '\0'))
			fail_msg("detection wrong for: %s", line);
		assert_int_equal(run(c, line), 0);
		if (c->nevents != 1)
			fail_msg("%zu events from: %s", c->nevents, line);
		assert_int_equal(c->events[0].pid, 4242);
		assert_string_equal(c->events[0].process, "mysqld");
		assert_string_equal(c->events[0].kind, "global");
		if (strcmp(c->events[0].host, forms[i].host) != 0)
			fail_msg("host \"%s\" from: %s", c->events[0].host, line);
		if (forms[i].time && c->events[0].time != iso(forms[i].time))
			fail_msg("time %lld from: %s", (long long)c->events[0].time, line);
		if (!forms[i].time && c->events[0].time != STORE_TIME_UNKNOWN)
			fail_msg("a time from: %s", line);
	}
}

static void an_old_kernel_kill_process_and_killed_process_pair_is_one_event(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "[1880957.563150] perl invoked oom-killer: gfp_mask=0x280da, order=0, oom_score_adj=0\n"
				"[1880957.563400] Out of memory: Kill process 28711 (perl) score 246 or sacrifice child\n"
				"[1880957.563408] Killed process 28711 (perl) total-vm:1972392kB, anon-rss:1953348kB, "
				"file-rss:0kB\n"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].pid, 28711);
	assert_string_equal(c->events[0].process, "perl");
	assert_string_equal(c->events[0].kind, "global");
	assert_int_equal(c->events[0].line, 2);
}

static void a_sacrificed_child_is_the_process_recorded(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "Memory cgroup out of memory: Kill process 3100 (gunicorn) score 998 or sacrifice child\n"
				"Killed process 3177 (gunicorn worker) total-vm:801234kB, anon-rss:790000kB, file-rss:12kB\n"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].pid, 3177);
	assert_string_equal(c->events[0].process, "gunicorn worker");
	assert_string_equal(c->events[0].kind, "memcg");
	assert_string_equal(c->events[0].time_note, "no time on the line");
}

static void current_kernels_give_one_event_per_killed_process_line_without_a_summary(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "Mar 27 01:15:36 node-4 kernel: Memory cgroup out of memory: Killed process 100 (a) "
				"total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n"
				"Mar 27 01:15:40 node-4 kernel: Memory cgroup out of memory: Killed process 200 (b) "
				"total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB\n"),
			 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->events[0].pid, 100);
	assert_int_equal(c->events[1].pid, 200);
}

static void the_limit_is_in_bytes_and_the_no_limit_value_is_nan(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "[  100.000001] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
				"[  100.000002] memory: usage 65536kB, limit 65536kB, failcnt 393\n"
				"[  100.000003] Memory cgroup out of memory: Killed process 11 (a) total-vm:1kB, anon-rss:1kB\n"
				"[  315.239744] b invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
				"[  315.239745] memory: usage 42240kB, limit 9007199254740988kB, failcnt 0\n"
				"[  315.240231] swap: usage 0kB, limit 0kB, failcnt 0\n"
				"[  315.259371] Memory cgroup out of memory: Killed process 675 (test_progs) total-vm:648052kB, "
				"anon-rss:42848kB, file-rss:1028kB, shmem-rss:0kB, UID:0 pgtables:152kB oom_score_adj:0\n"),
			 0);
	assert_int_equal(c->nevents, 2);
	assert_true(c->events[0].limit == 67108864.0);
	assert_true(c->events[0].usage == 67108864.0);
	assert_true(isnan(c->events[1].limit));
	assert_true(c->events[1].usage == 42240 * KB);
}

static void syslog_times_take_the_year_option(void **state)
{
	struct capture *c = *state;

	c->o.year = 2024;
	assert_int_equal(run(c, "Feb 29 23:10:00 node-4 kernel: " KILLED), 0);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].time, iso("2024-02-29T23:10:00Z"));
	assert_string_equal(c->events[0].time_note, "year from --year");
}

static void syslog_times_take_the_file_date_year_and_go_back_a_year_over_new_year(void **state)
{
	struct capture *c = *state;
	const char *text = "Dec 31 23:59:58 node-4 kernel: " KILLED "Jan  1 00:00:05 node-4 kernel: "
			   "Out of memory: Killed process 4243 (mysqld) total-vm:1234kB, anon-rss:567kB\n";

	/* written on 2 January 2027: December was 2026 */
	assert_int_equal(run_text(c, text, strlen(text), iso("2027-01-02T08:00:00Z")), 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->events[0].time, iso("2026-12-31T23:59:58Z"));
	assert_int_equal(c->events[1].time, iso("2027-01-01T00:00:05Z"));
	assert_string_equal(c->events[0].time_note, "year from the file's date");
	assert_string_equal(c->events[1].time_note, "year from the file's date");
	/* a file written in mid-year: no rollover */
	memset(c, 0, sizeof(*c));
	ingest_opts_init(&c->o);
	assert_int_equal(run_text(c, text, strlen(text), iso("2027-07-02T08:00:00Z")), 0);
	assert_int_equal(c->events[0].time, iso("2026-12-31T23:59:58Z"));
	assert_int_equal(c->events[1].time, iso("2027-01-01T00:00:05Z"));
}

static void crlf_line_ends_are_accepted(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "Mar 27 01:15:36 node-4 kernel: worker invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), "
				"order=0, oom_score_adj=0\r\n"
				"Mar 27 01:15:36 node-4 kernel: memory: usage 1024kB, limit 1024kB, failcnt 1\r\n"
				"Mar 27 01:15:36 node-4 kernel: oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),"
				"cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod5c2d8e41-93ab-4f07-b6d2-0e7a1c4f9b38,"
				"task_memcg=/kubepods/pod5c2d8e41-93ab-4f07-b6d2-0e7a1c4f9b38/" CID_B
				",task=worker,pid=77,uid=0\r\n"
				"Mar 27 01:15:36 node-4 kernel: Memory cgroup out of memory: Killed process 77 (worker)\r\n"),
			 0);
	assert_int_equal(c->nevents, 1);
	assert_string_equal(c->events[0].process, "worker");
	assert_string_equal(c->events[0].container_id, CID_B);
	assert_string_equal(c->events[0].pod_uid, "5c2d8e41-93ab-4f07-b6d2-0e7a1c4f9b38");
	assert_true(c->events[0].limit == 1024 * KB);
	assert_int_equal(c->st.f.rows, 4);
}

static void cgroup_paths_of_every_driver_give_the_pod_uid_and_container_id(void **state)
{
	static const struct {
		const char *path, *uid, *cid;
	} paths[] = {
		{ "/kubepods/burstable/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73/" CID_A, "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73",
		  CID_A },
		{ "/kubepods/besteffort/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73/" CID_A,
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		{ "/kubepods/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73/" CID_A, "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		{ "/kubepods/burstable/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", "" },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice/"
		  "cri-containerd-" CID_A ".scope",
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice/"
		  "crio-" CID_A ".scope",
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		{ "/kubepods.slice/kubepods-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice/docker-" CID_A ".scope",
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice",
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", "" },
		/* systemd driver inside a container (kind) */
		{ "/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
		  "kubelet-kubepods-burstable-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice:cri-containerd:" CID_A,
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", CID_A },
		/* CRI-O's conmon has a cgroup of its own in the pod: not a container */
		{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7b0e6a3c_51f2_4d8e_a9c4_2f6e1d0b8a73.slice/"
		  "crio-conmon-" CID_A ".scope",
		  "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73", "" },
		/* UIDs are written in lower case, as the API and cAdvisor's paths give them */
		{ "/kubepods/burstable/pod7B0E6A3C-51F2-4D8E-A9C4-2F6E1D0B8A73/" CID_A, "7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73",
		  CID_A },
		/* a static pod's UID is a config hash */
		{ "/kubepods/burstable/pod0b3f2c5e9a7d41c8b6e2f0a1d3c5b7e9/" CID_A, "0b3f2c5e9a7d41c8b6e2f0a1d3c5b7e9", CID_A },
		{ "/mesos/5b9f33e5-ec13-47a8-9113-786fcd4dfc49", "", "5b9f33e5-ec13-47a8-9113-786fcd4dfc49" },
		{ "/mesos/5b9f33e5-ec13-47a8-9113-786fcd4dfc49/mesos/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "",
		  "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" },
		{ "/docker/" CID_A, "", CID_A },
		{ "/system.slice/docker-" CID_A ".scope", "", CID_A },
		{ "/user.slice/user-1000.slice/session-3.scope", "", "" },
		{ "/", "", "" },
	};
	struct capture *c = *state;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char text[1024];

		memset(c, 0, sizeof(*c));
		ingest_opts_init(&c->o);
		snprintf(text, sizeof(text),
			 "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=%s,"
			 "task_memcg=%s,task=x,pid=9,uid=0\n",
			 paths[i].path, paths[i].path);
		assert_int_equal(run(c, text), 0);
		assert_int_equal(c->nevents, 1);
		if (strcmp(c->events[0].pod_uid, paths[i].uid) || strcmp(c->events[0].container_id, paths[i].cid))
			fail_msg("%s -> pod_uid \"%s\", container_id \"%s\"", paths[i].path, c->events[0].pod_uid,
				 c->events[0].container_id);
		assert_string_equal(c->events[0].kind, "memcg");
		assert_int_equal(c->events[0].pid, 9);
		assert_string_equal(c->events[0].process, "x");
	}
}

static void a_kill_without_its_own_block_does_not_take_the_previous_kills_container(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run(c, "[Sat Mar 14 16:55:03 2026] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0\n"
				"[Sat Mar 14 16:55:03 2026] Task in /kubepods/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73/" CID_A
				" killed as a result of limit of /kubepods/pod7b0e6a3c-51f2-4d8e-a9c4-2f6e1d0b8a73/" CID_A "\n"
				"[Sat Mar 14 16:55:03 2026] memory: usage 1024kB, limit 1024kB, failcnt 1\n"
				"[Sat Mar 14 16:55:03 2026] Memory cgroup out of memory: Killed process 11 (a) total-vm:1kB\n"
				"[Sat Mar 14 16:55:09 2026] Memory cgroup out of memory: Killed process 12 (b) total-vm:1kB\n"),
			 0);
	assert_int_equal(c->nevents, 2);
	assert_string_equal(c->events[0].container_id, CID_A);
	assert_true(c->events[0].limit == 1024 * KB);
	/* the second kill's header was rate-limited away: nothing tells its cgroup */
	assert_string_equal(c->events[1].container_id, "");
	assert_string_equal(c->events[1].pod_uid, "");
	assert_true(isnan(c->events[1].limit));
}

static void seconds_since_boot_become_clock_times_when_the_file_gives_the_boot_time(void **state)
{
	struct capture *c = *state;

	/* rsyslog lines carry both; a plain dmesg paste of the same boot follows */
	assert_int_equal(run(c, "Apr 21 14:29:06 pop-os kernel: [178228.853564] sleep invoked oom-killer: "
				"gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
				"Apr 21 14:29:06 pop-os kernel: [178228.853968] oom-kill:constraint=CONSTRAINT_MEMCG,"
				"nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/batch,task_memcg=/batch,task=sleep,"
				"pid=420326,uid=0\n"
				"[178300.100000] Out of memory: Killed process 5000 (chrome) total-vm:1kB, anon-rss:1kB\n"),
			 0);
	assert_int_equal(c->nevents, 2);
	assert_int_equal(c->events[0].time, iso("2026-04-21T14:29:06Z"));
	/* boot = 14:29:06.000 - 178228.853 s, then + 178300.100 s */
	assert_int_equal(c->events[1].time, iso("2026-04-21T14:30:17.247Z"));
	assert_non_null(strstr(c->events[1].time_note, "since boot"));
	assert_int_equal(c->st.f.t_max, iso("2026-04-21T14:30:17.247Z"));
}

static void lines_of_other_programs_quoting_the_kernel_are_ignored(void **state)
{
	struct capture *c = *state;
	const char *text = "Mar 27 01:15:37 node-4 node-problem-detector[811]: Memory cgroup out of memory: Killed "
			   "process 4242 (mysqld) total-vm:1234kB, anon-rss:567kB\n"
			   "Mar 27 01:15:38 node-4 kubelet[1187]: oom-kill:constraint=CONSTRAINT_MEMCG,task=x,pid=1\n"
			   "  Warning  OOMKilling  3m56s  kernel-monitor  Out of memory: Killed process 3103923 (stress-ng-vm)\n";

	assert_false(kernel_log_detect(text, strlen(text)));
	assert_int_equal(run(c, text), 0);
	assert_int_equal(c->nevents, 0);
	assert_int_equal(c->st.f.rows, 3);
	assert_int_equal(c->st.f.rejected, 0);
}

static void an_oom_line_that_cannot_be_parsed_is_rejected_and_reading_goes_on(void **state)
{
	struct capture *c = *state;
	const char *text = "[  10.000000] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),task_memcg=/x,task=a\n"
			   "[  11.000000] Out of memory: Killed process 4242 (mysqld) total-vm:1234kB\n";

	assert_int_equal(run(c, text), 0);
	assert_int_equal(c->st.f.rejected, 1);
	assert_int_equal(c->nevents, 1);
	assert_int_equal(c->events[0].pid, 4242);
	memset(c, 0, sizeof(*c));
	ingest_opts_init(&c->o);
	c->o.strict = 1;
	assert_int_equal(run(c, text), -1);
}

static void detection_claims_kernel_oom_logs_only(void **state)
{
	static const char *const yes[] = {
		"tests/fixtures/kernel/syslog-rhel7-noise.log",   "tests/fixtures/kernel/dmesg-cgroupfs.log",
		"tests/fixtures/kernel/dmesg-T-systemd-docker.log", "tests/fixtures/kernel/dmesg-x-T-v2.log",
		"tests/fixtures/kernel/rfc3339-oom-group.log",    "tests/fixtures/kernel/kmsg-raw.log",
		"tests/fixtures/kernel/journal-short-iso-global.log", "tests/fixtures/kernel/dmesg-T-zh_CN.log",
		"tests/fixtures/kernel/pasted-twice.log",         "samples/marathon/kern.log",
	};
	static const char *const no[] = {
		"tests/fixtures/kernel/syslog-no-oom.log",
		"tests/fixtures/kernel/grafana-not-kernel.csv",
		"samples/marathon/marathon.log",
		"samples/marathon/app-oom-memory.csv",
		"samples/airflow/scheduler.log",
		"samples/README.md", /* quotes kernel lines without their prefixes */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!detect_fixture(yes[i]))
			fail_msg("not detected: %s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (detect_fixture(no[i]))
			fail_msg("claimed: %s", no[i]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_syslog_with_noise_gives_one_event_per_kill),
		T(plain_dmesg_seconds_since_boot_leave_the_time_unknown_with_a_note),
		T(dmesg_T_dates_are_clock_times_and_systemd_uids_get_their_dashes_back),
		T(dmesg_x_prefixes_and_the_oom_kill_summary_name_the_container),
		T(memory_oom_group_kills_with_a_repeated_line_are_one_event),
		T(raw_kmsg_records_are_read_with_seconds_since_boot),
		T(global_ooms_are_kind_global_even_when_the_victim_is_a_pod),
		T(a_localized_dmesg_T_date_keeps_the_event_with_the_time_unknown),
		T(the_same_kill_pasted_twice_gives_identical_events),
		T(the_marathon_sample_gives_one_mesos_event_per_kill),
		T(every_prefix_form_is_read),
		T(an_old_kernel_kill_process_and_killed_process_pair_is_one_event),
		T(a_sacrificed_child_is_the_process_recorded),
		T(current_kernels_give_one_event_per_killed_process_line_without_a_summary),
		T(the_limit_is_in_bytes_and_the_no_limit_value_is_nan),
		T(syslog_times_take_the_year_option),
		T(syslog_times_take_the_file_date_year_and_go_back_a_year_over_new_year),
		T(crlf_line_ends_are_accepted),
		T(cgroup_paths_of_every_driver_give_the_pod_uid_and_container_id),
		T(a_kill_without_its_own_block_does_not_take_the_previous_kills_container),
		T(seconds_since_boot_become_clock_times_when_the_file_gives_the_boot_time),
		T(lines_of_other_programs_quoting_the_kernel_are_ignored),
		T(an_oom_line_that_cannot_be_parsed_is_rejected_and_reading_goes_on),
		T(detection_claims_kernel_oom_logs_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
