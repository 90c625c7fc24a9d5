/* test_kills.c - model/kills: evidence of one kill from several sources is one kill. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "model/kills.h"

static struct store_event_row row(const char *workload, const char *container, const char *host, int64_t pid,
				  int64_t t)
{
	struct store_event_row r;

	memset(&r, 0, sizeof(r));
	r.ev.time = t;
	r.ev.time_note = r.ev.source = r.ev.kind = r.ev.process = r.ev.pod_uid = r.ev.container_id = "";
	r.ev.cluster = r.ev.workload_kind = r.ev.pod = "";
	r.ev.namespace = "ns";
	r.ev.workload = workload;
	r.ev.container = container;
	r.ev.host = host;
	r.ev.pid = pid;
	r.ev.limit = r.ev.usage = NAN;
	r.file = "f";
	return r;
}

static void evidence_of_one_container_within_two_minutes_is_one_kill(void **state)
{
	struct store_event_row rows[4];
	size_t kill[4];

	(void)state;
	rows[0] = row("web", "app", "", -1, 1000000);          /* pod status */
	rows[1] = row("web", "app", "node-1", 42, 1000000 + 5000); /* kernel line, 5 s later */
	rows[2] = row("web", "app", "", -1, 1000000 + 600000);  /* 10 min later: another kill */
	rows[3] = row("db", "pg", "", -1, 1000000);             /* another container */
	assert_int_equal(kills_merge(rows, 4, kill), 3);
	assert_int_equal(kill[0], kill[1]);
	assert_int_not_equal(kill[0], kill[2]);
	assert_int_not_equal(kill[0], kill[3]);
}

static void evidence_of_one_pod_merges_whether_or_not_it_names_the_container(void **state)
{
	struct store_event_row rows[2];
	size_t kill[2];

	(void)state;
	/* A pod status names the container; a kernel kill tied through the pod UID does not, nor its cluster. */
	rows[0] = row("web", "app", "", -1, 1000000);
	rows[0].ev.pod = "web-7d9f8c6b5d-x2x4z";
	rows[0].ev.cluster = "prod";
	rows[1] = row("web", "", "node-1", 42, 1000000 + 3000);
	rows[1].ev.pod = "web-7d9f8c6b5d-x2x4z";
	assert_int_equal(kills_merge(rows, 2, kill), 1);
}

static void the_merge_window_counts_from_the_first_evidence(void **state)
{
	struct store_event_row rows[3];
	size_t kill[3];

	(void)state;
	/* 0 s, +100 s, +200 s: the third is 200 s after the first, so a new kill. */
	rows[0] = row("web", "app", "", -1, 0);
	rows[1] = row("web", "app", "", -1, 100000);
	rows[2] = row("web", "app", "", -1, 200000);
	assert_int_equal(kills_merge(rows, 3, kill), 2);
	assert_int_equal(kill[0], kill[1]);
	assert_int_not_equal(kill[1], kill[2]);
}

static void unattributed_evidence_merges_by_host_and_pid(void **state)
{
	struct store_event_row rows[3];
	size_t kill[3];

	(void)state;
	rows[0] = row("", "", "node-1", 42, 0);
	rows[1] = row("", "", "node-1", 42, 1000); /* NPD event of the same kill */
	rows[2] = row("", "", "node-1", 43, 1000); /* another process */
	assert_int_equal(kills_merge(rows, 3, kill), 2);
	assert_int_equal(kill[0], kill[1]);
	assert_int_not_equal(kill[0], kill[2]);
}

static void events_of_unknown_time_are_kills_of_their_own(void **state)
{
	struct store_event_row rows[2];
	size_t kill[2];

	(void)state;
	rows[0] = row("web", "app", "", -1, STORE_TIME_UNKNOWN);
	rows[1] = row("web", "app", "", -1, STORE_TIME_UNKNOWN);
	assert_int_equal(kills_merge(rows, 2, kill), 2);
}

static void match_needs_the_workload_and_the_container(void **state)
{
	struct store_event_row r = row("web", "app", "", -1, 0);

	(void)state;
	assert_true(kills_match(&r.ev, "prod", "ns", "web", "app", 0));
	assert_false(kills_match(&r.ev, "prod", "ns", "web", "sidecar", 0));
	assert_false(kills_match(&r.ev, "prod", "other", "web", "app", 0));
	r.ev.cluster = "staging";
	assert_false(kills_match(&r.ev, "prod", "ns", "web", "app", 0));
	/* No container named: only a workload's only container takes it. */
	r = row("web", "", "", -1, 0);
	assert_true(kills_match(&r.ev, "prod", "ns", "web", "app", 1));
	assert_false(kills_match(&r.ev, "prod", "ns", "web", "app", 0));
	/* Not attributed at all: nobody's. */
	r = row("", "", "node-1", 1, 0);
	assert_false(kills_match(&r.ev, "", "", "", "", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(evidence_of_one_container_within_two_minutes_is_one_kill),
		cmocka_unit_test(evidence_of_one_pod_merges_whether_or_not_it_names_the_container),
		cmocka_unit_test(the_merge_window_counts_from_the_first_evidence),
		cmocka_unit_test(unattributed_evidence_merges_by_host_and_pid),
		cmocka_unit_test(events_of_unknown_time_are_kills_of_their_own),
		cmocka_unit_test(match_needs_the_workload_and_the_container),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
