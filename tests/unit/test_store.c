/* test_store.c - store: file transactions, series identity, samples, containers, schema, report runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "util/rtime.h"

/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)
#define DAY INT64_C(86400000)

static struct store_series usage_series(const char *pod, const char *container)
{
	struct store_series s;

	memset(&s, 0, sizeof(s));
	s.metric = "container_memory_working_set_bytes";
	s.cluster = "prod-eu";
	s.namespace = "shop";
	s.pod = pod;
	s.container = container;
	s.workload = "web";
	s.workload_kind = "deployment";
	s.source = "grafana-csv";
	s.role = STORE_USAGE;
	s.workload_from_label = 0;
	return s;
}

static struct store_file file_named(const char *path, uint64_t hash)
{
	struct store_file f;

	f.path = path;
	f.format = "grafana-csv";
	f.hash = hash;
	f.size = 100;
	return f;
}

static int open_memory(void **state)
{
	struct store *st = NULL;

	if (store_open(":memory:", STORE_CREATE, &st) != 0)
		return -1;
	*state = st;
	return 0;
}

static int close_store(void **state)
{
	store_close(*state);
	return 0;
}

/* All samples of a series, sorted; the caller frees. */
static struct store_sample *all_samples(struct store *st, int64_t id, size_t *n)
{
	struct store_sample *buf = NULL;
	size_t cap = 0;

	*n = 0;
	assert_int_equal(store_samples(st, id, INT64_MIN, INT64_MAX, &buf, n, &cap), 0);
	return buf;
}

#define assert_samples(st, id, ...)                                                                       \
	do {                                                                                              \
		const struct store_sample e_[] = { __VA_ARGS__ };                                          \
		size_t ne_ = sizeof(e_) / sizeof(e_[0]), n_, i_;                                          \
		struct store_sample *g_ = all_samples((st), (id), &n_);                                   \
		for (i_ = 0; i_ < ne_ && i_ < n_; i_++)                                                   \
			if (g_[i_].t != e_[i_].t || g_[i_].v != e_[i_].v)                                 \
				break;                                                                    \
		if (n_ != ne_ || i_ != ne_) {                                                             \
			struct store_sample bad_ = i_ < n_ ? g_[i_] : (struct store_sample){ 0, 0 };     \
			free(g_);                                                                         \
			fail_msg("series %lld: %zu samples, expected %zu; first difference at %zu "      \
				 "(%lld, %.17g)",                                                         \
				 (long long)(id), n_, ne_, i_, (long long)bad_.t, bad_.v);                \
		}                                                                                         \
		free(g_);                                                                                 \
	} while (0)

/* ---- file transactions ------------------------------------------------ */

static void series_ids_are_stable_and_samples_come_back_sorted(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("a.csv", 1);
	struct store_series a = usage_series("web-7d9f8c6b5d-x2x4z", "app");
	struct store_series b = usage_series("web-7d9f8c6b5d-b7k2q", "app");
	struct store_file_stats fs;
	int64_t ida = 0, idb = 0, again = 0;

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_begin(st, &f), 0);
	assert_int_equal(store_series_id(st, &a, &ida), 0);
	assert_int_equal(store_series_id(st, &b, &idb), 0);
	assert_true(ida > 0 && idb > 0 && ida != idb);
	assert_int_equal(store_series_id(st, &a, &again), 0);
	assert_true(again == ida);
	/* Out of order, and one time twice: the later value wins. */
	assert_int_equal(store_sample_add(st, ida, T0 + 60000, 3), 0);
	assert_int_equal(store_sample_add(st, ida, T0, 1), 0);
	assert_int_equal(store_sample_add(st, ida, T0 + 30000, 2), 0);
	assert_int_equal(store_sample_add(st, ida, T0 + 30000, 2.5), 0);
	assert_int_equal(store_sample_add(st, idb, T0, 10), 0);
	assert_int_equal(store_file_commit(st, &fs), 0);
	assert_true(fs.added == 4);
	assert_samples(st, ida, { T0, 1 }, { T0 + 30000, 2.5 }, { T0 + 60000, 3 });
	assert_samples(st, idb, { T0, 10 });
	/* The same identity keeps its id in a later file. */
	f = file_named("b.csv", 2);
	assert_int_equal(store_file_begin(st, &f), 0);
	assert_int_equal(store_series_id(st, &b, &again), 0);
	assert_true(again == idb);
	assert_int_equal(store_file_commit(st, &fs), 0);
}

static void series_ids_survive_reopening_a_database_file(void **state)
{
	char path[] = "/tmp/rs_unit_store_XXXXXX";
	char wal[64], shm[64];
	int fd = mkstemp(path);
	struct store *st = NULL;
	struct store_file f = file_named("a.csv", 7);
	struct store_series a = usage_series("web-0", "app"), b = usage_series("web-1", "app");
	struct store_file_stats fs;
	int64_t ida = 0, idb = 0, id2 = 0;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_open(path, STORE_CREATE, &st), 0);
	assert_int_equal(store_file_begin(st, &f), 0);
	assert_int_equal(store_series_id(st, &a, &ida), 0);
	assert_int_equal(store_series_id(st, &b, &idb), 0);
	assert_int_equal(store_sample_add(st, idb, T0, 5), 0);
	assert_int_equal(store_file_commit(st, &fs), 0);
	store_close(st);
	assert_int_equal(store_open(path, STORE_CREATE, &st), 0);
	assert_int_equal(store_series_id(st, &b, &id2), 0);
	assert_true(id2 == idb);
	assert_int_equal(store_series_id(st, &a, &id2), 0);
	assert_true(id2 == ida);
	assert_samples(st, idb, { T0, 5 });
	store_close(st);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
}

static void the_same_sample_in_two_files_is_one_sample_and_the_new_value_wins(void **state)
{
	struct store *st = *state;
	struct store_file f1 = file_named("monday.csv", 11), f2 = file_named("monday-again.csv", 12);
	struct store_series a = usage_series("web-0", "app");
	struct store_file_stats fs1, fs2;
	struct store_totals tt;
	int64_t id = 0;

	memset(&fs1, 0, sizeof(fs1));
	memset(&fs2, 0, sizeof(fs2));
	assert_int_equal(store_file_begin(st, &f1), 0);
	assert_int_equal(store_series_id(st, &a, &id), 0);
	assert_int_equal(store_sample_add(st, id, T0, 1), 0);
	assert_int_equal(store_sample_add(st, id, T0 + 30000, 2), 0);
	assert_int_equal(store_file_commit(st, &fs1), 0);
	assert_true(fs1.added == 2);

	assert_int_equal(store_file_begin(st, &f2), 0);
	assert_int_equal(store_series_id(st, &a, &id), 0);
	assert_int_equal(store_sample_add(st, id, T0 + 30000, 20), 0);
	assert_int_equal(store_sample_add(st, id, T0 + 60000, 3), 0);
	assert_int_equal(store_sample_add(st, id, T0 - 30000, 0.5), 0);
	assert_int_equal(store_file_commit(st, &fs2), 0);
	assert_true(fs2.added == 2);
	assert_samples(st, id, { T0 - 30000, 0.5 }, { T0, 1 }, { T0 + 30000, 20 }, { T0 + 60000, 3 });
	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.files == 2 && tt.series == 1 && tt.samples == 4);
}

static void file_seen_knows_committed_hashes(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("exports/memory.csv", UINT64_C(0xfeedfacecafebeef));
	struct store_file_stats fs;
	char path[64];
	int64_t when = 0, before = rtime_now_ms();

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_seen(st, f.hash, path, sizeof(path), &when), 0);
	assert_int_equal(store_file_begin(st, &f), 0);
	/* Not before the commit. */
	assert_int_equal(store_file_commit(st, &fs), 0);
	assert_int_equal(store_file_seen(st, f.hash, path, sizeof(path), &when), 1);
	assert_string_equal(path, "exports/memory.csv");
	assert_true(when >= before && when <= rtime_now_ms());
	assert_int_equal(store_file_seen(st, UINT64_C(0xfeedfacecafebeee), path, sizeof(path), &when), 0);
}

static void rollback_leaves_no_series_and_no_samples(void **state)
{
	struct store *st = *state;
	struct store_file f1 = file_named("good.csv", 21), f2 = file_named("bad.csv", 22), f3 = file_named("later.csv", 23);
	struct store_series kept = usage_series("web-0", "app"), gone = usage_series("web-1", "app");
	struct store_file_stats fs;
	struct store_totals tt;
	struct store_container *c = NULL;
	char path[64];
	int64_t idk = 0, idg = 0, id3 = 0, when;
	size_t n = 0;

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_begin(st, &f1), 0);
	assert_int_equal(store_series_id(st, &kept, &idk), 0);
	assert_int_equal(store_sample_add(st, idk, T0, 1), 0);
	assert_int_equal(store_file_commit(st, &fs), 0);

	assert_int_equal(store_file_begin(st, &f2), 0);
	assert_int_equal(store_series_id(st, &gone, &idg), 0);
	assert_int_equal(store_sample_add(st, idg, T0, 2), 0);
	assert_int_equal(store_sample_add(st, idk, T0 + 30000, 3), 0);
	store_file_rollback(st);

	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.files == 1 && tt.series == 1 && tt.samples == 1);
	assert_int_equal(store_file_seen(st, f2.hash, path, sizeof(path), &when), 0);
	assert_samples(st, idk, { T0, 1 });
	assert_int_equal(store_containers(st, NULL, &c, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].nseries, 1);
	assert_string_equal(c[0].series[0].pod, "web-0");
	store_containers_free(c, n);

	/* A later file still works, and the series comes back with only its samples. */
	assert_int_equal(store_file_begin(st, &f3), 0);
	assert_int_equal(store_series_id(st, &gone, &id3), 0);
	assert_int_equal(store_sample_add(st, id3, T0 + 60000, 4), 0);
	assert_int_equal(store_file_commit(st, &fs), 0);
	assert_true(fs.added == 1);
	assert_samples(st, id3, { T0 + 60000, 4 });
	assert_samples(st, idk, { T0, 1 });
	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.files == 2 && tt.series == 2 && tt.samples == 2);
}

static void a_second_file_transaction_cannot_begin_inside_the_first(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("a.csv", 31);

	assert_int_equal(store_file_begin(st, &f), 0);
	assert_int_equal(store_file_begin(st, &f), -1);
	store_file_rollback(st);
	assert_int_equal(store_file_begin(st, &f), 0);
	store_file_rollback(st);
}

static void samples_across_utc_days_are_read_back_in_order_and_by_window(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("days.csv", 41);
	struct store_series a = usage_series("web-0", "app");
	struct store_file_stats fs;
	struct store_totals tt;
	struct store_sample *buf = NULL;
	const int64_t midnight = T0 - 9 * INT64_C(3600000) + DAY; /* 2026-11-15T00:00:00Z */
	size_t n = 0, cap = 0;
	int64_t id = 0;

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_begin(st, &f), 0);
	assert_int_equal(store_series_id(st, &a, &id), 0);
	assert_int_equal(store_sample_add(st, id, midnight + DAY + 12 * INT64_C(3600000), 4), 0);
	assert_int_equal(store_sample_add(st, id, midnight, 2), 0);
	assert_int_equal(store_sample_add(st, id, midnight - 1, 1), 0);
	assert_int_equal(store_sample_add(st, id, midnight + DAY - 1, 3), 0);
	assert_int_equal(store_sample_add(st, id, -1, 0.25), 0);
	assert_int_equal(store_sample_add(st, id, 0, 0.5), 0);
	assert_int_equal(store_file_commit(st, &fs), 0);
	assert_true(fs.added == 6);
	assert_samples(st, id, { -1, 0.25 }, { 0, 0.5 }, { midnight - 1, 1 }, { midnight, 2 }, { midnight + DAY - 1, 3 },
		       { midnight + DAY + 12 * INT64_C(3600000), 4 });
	/* One UTC day: from inclusive, to exclusive. */
	assert_int_equal(store_samples(st, id, midnight, midnight + DAY, &buf, &n, &cap), 0);
	assert_int_equal(n, 2);
	assert_true(buf[0].t == midnight && buf[1].t == midnight + DAY - 1);
	/* Appends after what the buffer holds. */
	assert_int_equal(store_samples(st, id, -1, 0, &buf, &n, &cap), 0);
	assert_int_equal(n, 3);
	assert_true(buf[2].t == -1 && buf[2].v == 0.25);
	free(buf);
	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.samples == 6 && tt.t_min == -1 && tt.t_max == midnight + DAY + 12 * INT64_C(3600000));
}

/* ---- containers --------------------------------------------------------- */

static void add_series(struct store *st, struct store_series *s, int64_t t, double v, int64_t *id)
{
	assert_int_equal(store_series_id(st, s, id), 0);
	assert_int_equal(store_sample_add(st, *id, t, v), 0);
}

static void containers_group_by_cluster_namespace_workload_and_container(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("all.csv", 51);
	struct store_series s;
	struct store_file_stats fs;
	struct store_container *c = NULL;
	struct store_filter flt;
	int64_t ids[6];
	size_t n = 0;

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_begin(st, &f), 0);
	s = usage_series("web-7d9f8c6b5d-x2x4z", "app");
	add_series(st, &s, T0, 100, &ids[0]);
	add_series(st, &s, T0 + 30000, 110, &ids[0]);
	s = usage_series("web-7d9f8c6b5d-b7k2q", "app");
	add_series(st, &s, T0, 200, &ids[1]);
	s = usage_series("web-7d9f8c6b5d-x2x4z", "sidecar");
	add_series(st, &s, T0, 10, &ids[2]);
	s = usage_series("web-7d9f8c6b5d-x2x4z", "app");
	s.metric = "kube_pod_container_resource_requests";
	s.role = STORE_REQUEST;
	add_series(st, &s, T0, 512.0 * 1048576.0, &ids[3]);
	s = usage_series("db-0", "db");
	s.namespace = "other";
	s.workload = "db";
	s.workload_kind = "statefulset";
	add_series(st, &s, T0, 1000, &ids[4]);
	s = usage_series("db-0", "db");
	s.cluster = "prod-us";
	s.workload = "db";
	add_series(st, &s, T0, 2000, &ids[5]);
	assert_int_equal(store_file_commit(st, &fs), 0);

	assert_int_equal(store_containers(st, NULL, &c, &n), 0);
	assert_int_equal(n, 4);
	/* Sorted by cluster, namespace, workload, container. */
	assert_string_equal(c[0].cluster, "prod-eu");
	assert_string_equal(c[0].namespace, "other");
	assert_string_equal(c[0].workload, "db");
	assert_string_equal(c[0].workload_kind, "statefulset");
	assert_string_equal(c[0].container, "db");
	assert_int_equal(c[0].nseries, 1);
	assert_string_equal(c[1].namespace, "shop");
	assert_string_equal(c[1].container, "app");
	assert_int_equal(c[1].nseries, 3);
	assert_true(c[1].series[0].id == ids[0] && c[1].series[1].id == ids[1] && c[1].series[2].id == ids[3]);
	assert_true(c[1].series[0].samples == 2 && c[1].series[0].t_min == T0 && c[1].series[0].t_max == T0 + 30000);
	assert_string_equal(c[1].series[0].metric, "container_memory_working_set_bytes");
	assert_string_equal(c[1].series[1].pod, "web-7d9f8c6b5d-b7k2q");
	assert_int_equal(c[1].series[2].role, STORE_REQUEST);
	assert_string_equal(c[2].container, "sidecar");
	assert_string_equal(c[3].cluster, "prod-us");
	store_containers_free(c, n);

	memset(&flt, 0, sizeof(flt));
	flt.namespace = "shop";
	assert_int_equal(store_containers(st, &flt, &c, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].container, "app");
	assert_string_equal(c[1].container, "sidecar");
	assert_string_equal(c[2].cluster, "prod-us");
	store_containers_free(c, n);

	flt.namespace = "sho"; /* exact, not a prefix */
	assert_int_equal(store_containers(st, &flt, &c, &n), 0);
	assert_int_equal(n, 0);
	store_containers_free(c, n);

	memset(&flt, 0, sizeof(flt));
	flt.workload = "w*";
	assert_int_equal(store_containers(st, &flt, &c, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].workload, "web");
	assert_string_equal(c[1].workload, "web");
	store_containers_free(c, n);

	flt.workload = "d?";
	flt.cluster = "prod-us";
	assert_int_equal(store_containers(st, &flt, &c, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].cluster, "prod-us");
	assert_string_equal(c[0].workload, "db");
	store_containers_free(c, n);

	flt.workload = "web"; /* a glob without wildcards is exact */
	flt.cluster = NULL;
	flt.namespace = "other";
	assert_int_equal(store_containers(st, &flt, &c, &n), 0);
	assert_int_equal(n, 0);
	store_containers_free(c, n);
}

/* Usage guessed "checkout" from the pod name; a request series of the same pod names "shop-checkout". */
static void check_reconciled(struct store *st, int labelled_first)
{
	struct store_file f = file_named("pods.csv", labelled_first ? 61 : 62);
	struct store_series guessed = usage_series("checkout-7d9f8c6b5d-x2x4z", "app");
	struct store_series named = usage_series("checkout-7d9f8c6b5d-x2x4z", "app");
	struct store_series other_pod = usage_series("checkout-7d9f8c6b5d-b7k2q", "app");
	struct store_file_stats fs;
	struct store_container *c = NULL;
	int64_t id;
	size_t n = 0;

	guessed.workload = "checkout";
	other_pod.workload = "checkout";
	named.metric = "kube_pod_container_resource_requests";
	named.role = STORE_REQUEST;
	named.workload = "shop-checkout";
	named.workload_kind = "rollout";
	named.workload_from_label = 1;
	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_file_begin(st, &f), 0);
	if (labelled_first)
		add_series(st, &named, T0, 1e9, &id);
	add_series(st, &guessed, T0, 5e8, &id);
	add_series(st, &other_pod, T0, 6e8, &id);
	if (!labelled_first)
		add_series(st, &named, T0, 1e9, &id);
	assert_int_equal(store_file_commit(st, &fs), 0);

	assert_int_equal(store_containers(st, NULL, &c, &n), 0);
	if (n != 2) {
		store_containers_free(c, n);
		fail_msg("labelled %s: %zu containers, expected 2", labelled_first ? "first" : "last", n);
	}
	/* The other pod keeps its guess; both series of the named pod go to the label's workload. */
	assert_string_equal(c[0].workload, "checkout");
	assert_string_equal(c[0].workload_kind, "deployment");
	assert_int_equal(c[0].nseries, 1);
	assert_string_equal(c[0].series[0].pod, "checkout-7d9f8c6b5d-b7k2q");
	assert_string_equal(c[1].workload, "shop-checkout");
	assert_string_equal(c[1].workload_kind, "rollout");
	assert_int_equal(c[1].nseries, 2);
	store_containers_free(c, n);
}

static void a_guessed_workload_takes_the_label_given_one_when_the_label_comes_first(void **state)
{
	check_reconciled(*state, 1);
}

static void a_guessed_workload_takes_the_label_given_one_when_the_label_comes_last(void **state)
{
	check_reconciled(*state, 0);
}

static void totals_count_files_series_and_samples(void **state)
{
	struct store *st = *state;
	struct store_file f = file_named("t.csv", 71);
	struct store_series a = usage_series("web-0", "app"), b = usage_series("web-1", "app");
	struct store_file_stats fs;
	struct store_totals tt;
	int64_t id;

	memset(&fs, 0, sizeof(fs));
	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.files == 0 && tt.series == 0 && tt.samples == 0);
	assert_int_equal(store_file_begin(st, &f), 0);
	add_series(st, &a, T0, 1, &id);
	add_series(st, &a, T0 + 1000, 1, &id);
	add_series(st, &b, T0 - 5000, 1, &id);
	assert_int_equal(store_file_commit(st, &fs), 0);
	assert_int_equal(store_totals(st, &tt), 0);
	assert_true(tt.files == 1 && tt.series == 2 && tt.samples == 3);
	assert_true(tt.t_min == T0 - 5000 && tt.t_max == T0 + 1000);
}

/* ---- schema ------------------------------------------------------------- */

static void make_db(char *path, const char *sql)
{
	int fd = mkstemp(path);
	sqlite3 *db = NULL;

	assert_true(fd >= 0);
	close(fd);
	if (!sql)
		return;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void remove_db(const char *path)
{
	char aux[128];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-journal", path);
	unlink(aux);
}

/* Runs a one-value query on a database file with plain SQLite. */
static void query_text(const char *path, const char *sql, char *out, size_t outlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;

	out[0] = '\0';
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void open_creates_the_schema_in_an_empty_file(void **state)
{
	char path[] = "/tmp/rs_unit_schema_XXXXXX";
	char v[32];
	struct store *st = NULL;

	(void)state;
	make_db(path, NULL);
	assert_int_equal(store_open(path, STORE_CREATE, &st), 0);
	store_close(st);
	query_text(path, "PRAGMA user_version", v, sizeof(v));
	assert_string_equal(v, "1");
	query_text(path, "SELECT value FROM meta WHERE key = 'schema_version'", v, sizeof(v));
	assert_string_equal(v, "1");
	/* And opens it again. */
	assert_int_equal(store_open(path, STORE_CREATE, &st), 0);
	store_close(st);
	remove_db(path);
}

static void open_existing_refuses_a_missing_database(void **state)
{
	char path[] = "/tmp/rs_unit_missing_XXXXXX";
	struct store *st = NULL;

	(void)state;
	make_db(path, NULL);
	remove_db(path);
	assert_int_equal(store_open(path, STORE_EXISTING, &st), -1);
	assert_null(st);
	/* Nothing was created on the way. */
	assert_int_equal(access(path, F_OK), -1);
	/* An existing one opens; ":memory:" always does. */
	assert_int_equal(store_open(":memory:", STORE_EXISTING, &st), 0);
	store_close(st);
	{
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fclose(f);
	}
	st = NULL;
	assert_int_equal(store_open(path, STORE_EXISTING, &st), 0);
	store_close(st);
	remove_db(path);
}

static void open_refuses_a_newer_schema_version(void **state)
{
	char path[] = "/tmp/rs_unit_schema_XXXXXX";
	struct store *st = NULL;

	(void)state;
	make_db(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); PRAGMA user_version = 99;");
	assert_int_equal(store_open(path, STORE_CREATE, &st), -1);
	assert_null(st);
	remove_db(path);
}

static void open_refuses_somebody_elses_database(void **state)
{
	char path[] = "/tmp/rs_unit_schema_XXXXXX";
	char v[32];
	struct store *st = NULL;

	(void)state;
	make_db(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x');");
	assert_int_equal(store_open(path, STORE_CREATE, &st), -1);
	assert_null(st);
	/* Nothing of rightsize's was written into it. */
	query_text(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('series', 'chunk', 'meta')", v, sizeof(v));
	assert_string_equal(v, "0");
	query_text(path, "PRAGMA user_version", v, sizeof(v));
	assert_string_equal(v, "0");
	remove_db(path);
}

/*
 * Regression (fixed): store_open switches the database to WAL mode ("PRAGMA journal_mode
 * = WAL" is persistent) before check_schema looks at it, so a database
 * that is refused as "not a rightsize database" has still been modified:
 * its journal_mode goes from "delete" to "wal" (check_schema's comment
 * says "never write into the latter").
 */
static void open_does_not_modify_a_database_it_refuses(void **state)
{
	char path[] = "/tmp/rs_unit_schema_XXXXXX";
	char before[32], after[32];
	struct store *st = NULL;

	(void)state;
	make_db(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
	query_text(path, "PRAGMA journal_mode", before, sizeof(before));
	assert_int_equal(store_open(path, STORE_CREATE, &st), -1);
	query_text(path, "PRAGMA journal_mode", after, sizeof(after));
	remove_db(path);
	assert_string_equal(before, "delete");
	assert_string_equal(after, "delete");
}

/* ---- report runs --------------------------------------------------------- */

static void report_runs_record_their_recommendations(void **state)
{
	char path[] = "/tmp/rs_unit_runs_XXXXXX";
	char v[128];
	struct store *st = NULL;
	struct store_recommendation r;
	int64_t run1 = 0, run2 = 0;

	(void)state;
	make_db(path, NULL);
	assert_int_equal(store_open(path, STORE_CREATE, &st), 0);
	assert_int_equal(store_run_begin(st, T0, T0 - 14 * DAY, T0, "--history 14d", &run1), 0);
	memset(&r, 0, sizeof(r));
	r.cluster = "prod-eu";
	r.namespace = "shop";
	r.workload = "web";
	r.container = "app";
	r.request = 805306368.0;
	r.limit = 1080033280.0;
	r.current_request = NAN;
	r.current_limit = 2147483648.0;
	r.p95 = 7e8;
	r.max = 9e8;
	r.flags = "REQUEST_BELOW_USAGE,WIDE_REQUEST_LIMIT_GAP";
	assert_int_equal(store_run_add(st, run1, &r), 0);
	r.container = "sidecar";
	r.request = NAN;
	r.flags = "";
	assert_int_equal(store_run_add(st, run1, &r), 0);
	/* The same container again in one run replaces the row. */
	r.flags = "INSUFFICIENT_DATA";
	assert_int_equal(store_run_add(st, run1, &r), 0);
	assert_int_equal(store_run_commit(st), 0);
	/* A rolled-back run leaves nothing. */
	assert_int_equal(store_run_begin(st, T0 + 1, 0, 0, "", &run2), 0);
	assert_int_equal(store_run_add(st, run2, &r), 0);
	store_run_rollback(st);
	assert_int_equal(store_run_begin(st, T0 + 2, 0, 0, "x", &run2), 0);
	assert_int_equal(store_run_commit(st), 0);
	store_close(st);
	assert_true(run1 > 0 && run2 > run1);

	query_text(path, "SELECT count(*) || ' ' || max(generated_at) FROM report_run", v, sizeof(v));
	assert_string_equal(v, "2 1794646800002");
	query_text(path, "SELECT options || '|' || window_from FROM report_run ORDER BY id LIMIT 1", v, sizeof(v));
	assert_string_equal(v, "--history 14d|1793437200000");
	query_text(path, "SELECT count(*) FROM recommendation", v, sizeof(v));
	assert_string_equal(v, "2");
	query_text(path,
		   "SELECT CAST(request AS INTEGER) || ' ' || CAST(mem_limit AS INTEGER) || ' ' || "
		   "coalesce(current_request, 'null') || ' ' || flags FROM recommendation WHERE container = 'app'",
		   v, sizeof(v));
	assert_string_equal(v, "805306368 1080033280 null REQUEST_BELOW_USAGE,WIDE_REQUEST_LIMIT_GAP");
	query_text(path, "SELECT coalesce(request, 'null') || ' ' || flags FROM recommendation WHERE container = 'sidecar'",
		   v, sizeof(v));
	assert_string_equal(v, "null INSUFFICIENT_DATA");
	remove_db(path);
}

static void role_names_are_the_schemas(void **state)
{
	(void)state;
	assert_string_equal(store_role_name(STORE_USAGE), "usage");
	assert_string_equal(store_role_name(STORE_REQUEST), "request");
	assert_string_equal(store_role_name(STORE_LIMIT), "limit");
}

#define M(f) cmocka_unit_test_setup_teardown(f, open_memory, close_store)

int main(void)
{
	const struct CMUnitTest tests[] = {
		M(series_ids_are_stable_and_samples_come_back_sorted),
		cmocka_unit_test(series_ids_survive_reopening_a_database_file),
		M(the_same_sample_in_two_files_is_one_sample_and_the_new_value_wins),
		M(file_seen_knows_committed_hashes),
		M(rollback_leaves_no_series_and_no_samples),
		M(a_second_file_transaction_cannot_begin_inside_the_first),
		M(samples_across_utc_days_are_read_back_in_order_and_by_window),
		M(containers_group_by_cluster_namespace_workload_and_container),
		M(a_guessed_workload_takes_the_label_given_one_when_the_label_comes_first),
		M(a_guessed_workload_takes_the_label_given_one_when_the_label_comes_last),
		M(totals_count_files_series_and_samples),
		cmocka_unit_test(open_creates_the_schema_in_an_empty_file),
		cmocka_unit_test(open_existing_refuses_a_missing_database),
		cmocka_unit_test(open_refuses_a_newer_schema_version),
		cmocka_unit_test(open_refuses_somebody_elses_database),
		cmocka_unit_test(open_does_not_modify_a_database_it_refuses),
		cmocka_unit_test(report_runs_record_their_recommendations),
		cmocka_unit_test(role_names_are_the_schemas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
