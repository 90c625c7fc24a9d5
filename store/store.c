/*
 * store.c - SQLite persistence; see store.h and docs/schema.md.
 *
 * Every SQL statement rightsize runs lives in this file.
 */
#include "store.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Samples buffered before a flush to chunks: bounds ingest memory (~64 MiB). */
#define FLUSH_SAMPLES (4u * 1024u * 1024u)

static const char *const schema_sql =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE file (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  path TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL UNIQUE,\n"
	"  size INTEGER NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  rows INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL,\n"
	"  missing INTEGER NOT NULL, skipped_series INTEGER NOT NULL, added INTEGER NOT NULL,\n"
	"  t_min INTEGER, t_max INTEGER,\n"
	"  event_source INTEGER NOT NULL DEFAULT 0, events INTEGER NOT NULL DEFAULT 0,\n"
	"  ingested_at INTEGER NOT NULL);\n"
	"CREATE TABLE series (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  metric TEXT NOT NULL, cluster TEXT NOT NULL, namespace TEXT NOT NULL,\n"
	"  pod TEXT NOT NULL, container TEXT NOT NULL,\n"
	"  workload TEXT NOT NULL, workload_kind TEXT NOT NULL,\n"
	"  workload_from_label INTEGER NOT NULL DEFAULT 0,\n"
	"  role TEXT NOT NULL CHECK (role IN ('usage', 'request', 'limit')),\n"
	"  unit TEXT NOT NULL DEFAULT 'bytes',\n"
	"  source TEXT NOT NULL,\n"
	"  first_file INTEGER REFERENCES file(id),\n"
	"  UNIQUE (metric, cluster, namespace, pod, container, workload));\n"
	"CREATE INDEX series_container ON series (cluster, namespace, workload, container);\n"
	"CREATE INDEX series_pod ON series (cluster, namespace, pod);\n"
	"CREATE TABLE chunk (\n"
	"  series_id INTEGER NOT NULL REFERENCES series(id),\n"
	"  day INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL, t_min INTEGER NOT NULL, t_max INTEGER NOT NULL,\n"
	"  v_min REAL NOT NULL, v_max REAL NOT NULL,\n"
	"  data BLOB NOT NULL,\n"
	"  PRIMARY KEY (series_id, day));\n"
	"CREATE TABLE oom_event (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  time INTEGER, time_note TEXT NOT NULL DEFAULT '',\n"
	"  source TEXT NOT NULL, kind TEXT NOT NULL,\n"
	"  host TEXT NOT NULL, pid INTEGER, process TEXT NOT NULL,\n"
	"  pod_uid TEXT NOT NULL, container_id TEXT NOT NULL,\n"
	"  limit_bytes REAL, usage_bytes REAL,\n"
	"  cluster TEXT NOT NULL, namespace TEXT NOT NULL, workload TEXT NOT NULL, workload_kind TEXT NOT NULL,\n"
	"  pod TEXT NOT NULL, container TEXT NOT NULL,\n"
	"  file_id INTEGER REFERENCES file(id), line INTEGER,\n"
	"  dedup TEXT NOT NULL UNIQUE);\n"
	"CREATE INDEX oom_event_time ON oom_event (time);\n"
	"CREATE TABLE pod_ref (\n"
	"  pod_uid TEXT NOT NULL, container_id TEXT NOT NULL,\n"
	"  cluster TEXT NOT NULL, namespace TEXT NOT NULL, pod TEXT NOT NULL, container TEXT NOT NULL,\n"
	"  workload TEXT NOT NULL, workload_kind TEXT NOT NULL,\n"
	"  PRIMARY KEY (pod_uid, container_id));\n"
	"CREATE TABLE report_run (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  generated_at INTEGER NOT NULL, window_from INTEGER, window_to INTEGER,\n"
	"  options TEXT NOT NULL);\n"
	"CREATE TABLE recommendation (\n"
	"  run_id INTEGER NOT NULL REFERENCES report_run(id),\n"
	"  cluster TEXT NOT NULL, namespace TEXT NOT NULL, workload TEXT NOT NULL, workload_kind TEXT NOT NULL,\n"
	"  container TEXT NOT NULL,\n"
	"  request REAL, mem_limit REAL, current_request REAL, current_limit REAL,\n"
	"  p95 REAL, max REAL, flags TEXT NOT NULL,\n"
	"  PRIMARY KEY (run_id, cluster, namespace, workload, workload_kind, container));\n";

/* Per-series sample buffer of the file being ingested. */
struct pending {
	struct store_sample *s;
	size_t n, cap;
};

struct store {
	sqlite3 *db;
	char *path;
	/* prepared statements */
	sqlite3_stmt *series_find, *series_insert, *pod_workload, *pod_relabel, *chunk_get, *chunk_put, *file_seen, *file_insert;
	/* file transaction */
	int in_file;
	struct store_file file;
	struct hmap series_cache; /* identity text -> id */
	int64_t events_added;
	sqlite3_stmt *event_insert, *ref_insert;
	struct pending *pend;     /* indexed by series id */
	size_t npend;
	size_t buffered;
	int64_t added;
	/* scratch for merges */
	struct store_sample *merge;
	size_t merge_cap;
	struct store_sample *old;
	size_t old_cap;
	struct chunk_buf enc;
};

static int sql_fail(struct store *st, const char *what, const char *sql)
{
	/* The causes a user can fix, in plain words; SQLite's own for the rest. */
	if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_READONLY)
		return rs_error("database %s: %s failed: the database cannot be written (rightsize needs write access "
				"to the file and to its folder, for the journal)", st->path, what);
	if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_FULL)
		return rs_error("database %s: %s failed: the disk is full", st->path, what);
	/* Development builds changed the version-1 schema in place: name the way out rather than the column. */
	if (strstr(sqlite3_errmsg(st->db), "no such column") || strstr(sqlite3_errmsg(st->db), "no such table") ||
	    strstr(sqlite3_errmsg(st->db), "has no column named"))
		return rs_error("database %s: %s failed: %s: the database was written by an older development build "
				"of rightsize; ingest the exports into a new database (--db)",
				st->path, what, sqlite3_errmsg(st->db));
	return rs_error("database %s: %s failed: %s (%d)%s%s", st->path, what, sqlite3_errmsg(st->db),
			sqlite3_errcode(st->db), sql ? " in: " : "", sql ? sql : "");
}

static int exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		rs_error("database %s: %s (in: %.80s)", st->path, msg ? msg : "unknown error", sql);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int prepare(struct store *st, sqlite3_stmt **stmt, const char *sql)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return sql_fail(st, "prepare", sql);
	return 0;
}

static int user_version(struct store *st, int *v)
{
	sqlite3_stmt *q;

	int rc;

	if (prepare(st, &q, "PRAGMA user_version"))
		return -1;
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_finalize(q);
		/* The first read of a file says what it is: name the usual causes in plain words. */
		if (rc == SQLITE_NOTADB)
			return rs_error("database %s: not a database file (not SQLite, so not rightsize's): check --db",
					st->path);
		if (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN)
			return rs_error("database %s: cannot be written (rightsize records its runs and needs write "
					"access to the file and to its folder, for the journal): %s",
					st->path, sqlite3_errmsg(st->db));
		return sql_fail(st, "read schema version", "PRAGMA user_version");
	}
	*v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return 0;
}

static int create_schema(struct store *st)
{
	char sql[256];

	if (exec(st, "BEGIN IMMEDIATE"))
		return -1;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO meta VALUES ('schema_version', '%d'), ('created_by', 'rightsize');"
		 "PRAGMA user_version = %d;",
		 STORE_SCHEMA_VERSION, STORE_SCHEMA_VERSION);
	if (exec(st, schema_sql) || exec(st, sql)) {
		exec(st, "ROLLBACK");
		return -1;
	}
	return exec(st, "COMMIT");
}

static int check_schema(struct store *st)
{
	int v = 0;

	if (user_version(st, &v))
		return -1;
	if (v == 0) {
		sqlite3_stmt *q;
		int empty;

		/* A fresh file, or somebody else's database: never write into the latter. */
		if (prepare(st, &q, "SELECT count(*) FROM sqlite_master"))
			return -1;
		empty = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 0;
		sqlite3_finalize(q);
		if (!empty)
			return rs_error("database %s: not a rightsize database (it has tables but no rightsize "
					"schema version)", st->path);
		if (create_schema(st))
			return -1;
		/* Another process may have created it first; read it again. */
		if (user_version(st, &v))
			return -1;
	}
	if (v > STORE_SCHEMA_VERSION)
		return rs_error("database %s: schema version %d was written by a newer rightsize; this build "
				"reads versions up to %d: upgrade rightsize or use another --db",
				st->path, v, STORE_SCHEMA_VERSION);
	if (v < 1)
		return rs_error("database %s: unknown schema version %d", st->path, v);
	return 0;
}

int store_open(const char *path, enum store_mode mode, struct store **out)
{
	struct store *st;
	struct stat sb;

	if (strcmp(path, ":memory:") != 0) {
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			return rs_error("database %s: is a folder; --db names the database file (e.g. %s/rightsize.db)",
					path, path);
		if (stat(path, &sb) != 0 && errno != ENOENT)
			return rs_error("database %s: cannot be reached: %s", path, strerror(errno));
		if (mode == STORE_EXISTING && stat(path, &sb) != 0)
			return rs_error("database %s does not exist: ingest exports into it first (rightsize ingest "
					"--db %s FILE...)", path, path);
	}
	st = rs_calloc(1, sizeof(*st));

	st->path = rs_strdup(path);
	hmap_init(&st->series_cache);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rs_error("database %s: cannot open: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 10000);
	/* Check whose database it is before changing anything in it. */
	if (check_schema(st) ||
	    exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;") ||
	    prepare(st, &st->series_find,
		    "SELECT id FROM series WHERE metric = ?1 AND cluster = ?2 AND namespace = ?3 AND pod = ?4 "
		    "AND container = ?5 AND (pod != '' OR workload = ?6)") ||
	    prepare(st, &st->series_insert,
		    "INSERT INTO series (metric, cluster, namespace, pod, container, workload, workload_kind, "
		    "role, source, workload_from_label, first_file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL)") ||
	    prepare(st, &st->pod_workload,
		    "SELECT workload, workload_kind FROM series WHERE cluster = ?1 AND namespace = ?2 AND pod = ?3 "
		    "AND workload_from_label = 1 LIMIT 1") ||
	    prepare(st, &st->pod_relabel,
		    "UPDATE series SET workload = ?4, workload_kind = ?5, workload_from_label = 1 "
		    "WHERE cluster = ?1 AND namespace = ?2 AND pod = ?3 AND workload_from_label = 0") ||
	    prepare(st, &st->chunk_get, "SELECT data FROM chunk WHERE series_id = ?1 AND day = ?2") ||
	    prepare(st, &st->chunk_put,
		    "INSERT OR REPLACE INTO chunk (series_id, day, n, t_min, t_max, v_min, v_max, data) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") ||
	    prepare(st, &st->file_seen, "SELECT path, ingested_at FROM file WHERE hash = ?1") ||
	    prepare(st, &st->event_insert,
		    "INSERT OR IGNORE INTO oom_event (time, time_note, source, kind, host, pid, process, pod_uid, "
		    "container_id, limit_bytes, usage_bytes, cluster, namespace, workload, workload_kind, pod, container, "
		    "line, dedup) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
		    "?18, ?19)") ||
	    prepare(st, &st->ref_insert,
		    "INSERT OR REPLACE INTO pod_ref (pod_uid, container_id, cluster, namespace, pod, container, "
		    "workload, workload_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") ||
	    prepare(st, &st->file_insert,
		    "INSERT INTO file (path, hash, size, format, rows, accepted, rejected, missing, "
		    "skipped_series, added, t_min, t_max, ingested_at, event_source, events) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

static void reset_pending(struct store *st)
{
	size_t i;

	for (i = 0; i < st->npend; i++)
		st->pend[i].n = 0;
	st->buffered = 0;
}

void store_close(struct store *st)
{
	size_t i;

	if (!st)
		return;
	if (st->in_file)
		store_file_rollback(st);
	sqlite3_finalize(st->series_find);
	sqlite3_finalize(st->series_insert);
	sqlite3_finalize(st->pod_workload);
	sqlite3_finalize(st->pod_relabel);
	sqlite3_finalize(st->chunk_get);
	sqlite3_finalize(st->chunk_put);
	sqlite3_finalize(st->file_seen);
	sqlite3_finalize(st->file_insert);
	sqlite3_finalize(st->event_insert);
	sqlite3_finalize(st->ref_insert);
	if (st->db && sqlite3_close(st->db) != SQLITE_OK)
		rs_error("database %s: close failed: %s", st->path, sqlite3_errmsg(st->db));
	for (i = 0; i < st->npend; i++)
		free(st->pend[i].s);
	free(st->pend);
	free(st->merge);
	free(st->old);
	chunk_buf_free(&st->enc);
	hmap_free(&st->series_cache);
	free(st->path);
	free(st);
}

const char *store_role_name(enum store_role role)
{
	switch (role) {
	case STORE_REQUEST: return "request";
	case STORE_LIMIT: return "limit";
	case STORE_OOM_COUNTER: return "oom-counter";
	case STORE_OOM_STATE: return "oom-state";
	default: return "usage";
	}
}

static void hash_hex(uint64_t h, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int store_file_seen(struct store *st, uint64_t hash, char *path, size_t pathlen, int64_t *when_ms)
{
	char hex[17];
	int rc;

	hash_hex(hash, hex);
	sqlite3_reset(st->file_seen);
	sqlite3_bind_text(st->file_seen, 1, hex, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st->file_seen);
	if (rc == SQLITE_ROW) {
		snprintf(path, pathlen, "%s", (const char *)sqlite3_column_text(st->file_seen, 0));
		*when_ms = sqlite3_column_int64(st->file_seen, 1);
		sqlite3_reset(st->file_seen);
		return 1;
	}
	sqlite3_reset(st->file_seen);
	if (rc != SQLITE_DONE)
		return sql_fail(st, "look up file hash", NULL);
	return 0;
}

int store_file_begin(struct store *st, const struct store_file *f)
{
	if (st->in_file)
		return rs_error("internal: file transaction already open");
	if (exec(st, "BEGIN IMMEDIATE"))
		return -1;
	st->in_file = 1;
	st->file = *f;
	st->added = 0;
	st->events_added = 0;
	reset_pending(st);
	return 0;
}

static void bind_str(sqlite3_stmt *q, int i, const char *s)
{
	sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_STATIC);
}

struct pod_workload {
	char *workload, *kind; /* a label-given workload of the same pod, or NULL */
};

/*
 * One pod, one workload: a series whose workload was guessed from the pod
 * name takes the workload a label gave another series of the same pod, and
 * a label-given workload replaces earlier guesses.
 */
static int reconcile_workload(struct store *st, const struct store_series *s, struct pod_workload *pw)
{
	int rc;

	pw->workload = pw->kind = NULL;
	if (!s->pod || !*s->pod)
		return 0;
	if (s->workload_from_label) {
		sqlite3_reset(st->pod_relabel);
		bind_str(st->pod_relabel, 1, s->cluster);
		bind_str(st->pod_relabel, 2, s->namespace);
		bind_str(st->pod_relabel, 3, s->pod);
		bind_str(st->pod_relabel, 4, s->workload);
		bind_str(st->pod_relabel, 5, s->workload_kind);
		rc = sqlite3_step(st->pod_relabel);
		sqlite3_reset(st->pod_relabel);
		return rc == SQLITE_DONE ? 0 : sql_fail(st, "relabel pod series", NULL);
	}
	sqlite3_reset(st->pod_workload);
	bind_str(st->pod_workload, 1, s->cluster);
	bind_str(st->pod_workload, 2, s->namespace);
	bind_str(st->pod_workload, 3, s->pod);
	rc = sqlite3_step(st->pod_workload);
	if (rc == SQLITE_ROW) {
		pw->workload = rs_strdup((const char *)sqlite3_column_text(st->pod_workload, 0));
		pw->kind = rs_strdup((const char *)sqlite3_column_text(st->pod_workload, 1));
	}
	sqlite3_reset(st->pod_workload);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(st, "find pod workload", NULL);
}

int store_series_id(struct store *st, const struct store_series *s, int64_t *id)
{
	char key[2048];
	int len, rc;
	struct pod_workload pw;

	/* Without a pod, the workload tells series apart (settings of a Marathon app, a VM). */
	len = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", s->metric, s->cluster, s->namespace, s->pod,
		       s->container, *s->pod ? "" : s->workload);
	if (len < 0 || (size_t)len >= sizeof(key))
		return rs_error("series labels too long (metric %.60s, pod %.60s)", s->metric, s->pod);
	if (s->role == STORE_OOM_COUNTER || s->role == STORE_OOM_STATE)
		return rs_error("internal: OOM metric %s reached the series table", s->metric);
	if (hmap_get(&st->series_cache, key, (size_t)len, id))
		return 0;
	sqlite3_reset(st->series_find);
	bind_str(st->series_find, 1, s->metric);
	bind_str(st->series_find, 2, s->cluster);
	bind_str(st->series_find, 3, s->namespace);
	bind_str(st->series_find, 4, s->pod);
	bind_str(st->series_find, 5, s->container);
	bind_str(st->series_find, 6, s->workload);
	rc = sqlite3_step(st->series_find);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st->series_find, 0);
		sqlite3_reset(st->series_find);
		/* A label naming the workload replaces earlier guesses, for known series too. */
		if (s->workload_from_label) {
			struct pod_workload none;

			if (reconcile_workload(st, s, &none))
				return -1;
		}
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(st->series_find);
		if (reconcile_workload(st, s, &pw))
			return -1;
		sqlite3_reset(st->series_insert);
		bind_str(st->series_insert, 1, s->metric);
		bind_str(st->series_insert, 2, s->cluster);
		bind_str(st->series_insert, 3, s->namespace);
		bind_str(st->series_insert, 4, s->pod);
		bind_str(st->series_insert, 5, s->container);
		bind_str(st->series_insert, 6, pw.workload ? pw.workload : s->workload);
		bind_str(st->series_insert, 7, pw.workload ? pw.kind : s->workload_kind);
		bind_str(st->series_insert, 8, store_role_name(s->role));
		bind_str(st->series_insert, 9, s->source);
		sqlite3_bind_int(st->series_insert, 10, pw.workload || s->workload_from_label);
		rc = sqlite3_step(st->series_insert);
		sqlite3_reset(st->series_insert);
		free(pw.workload);
		free(pw.kind);
		if (rc != SQLITE_DONE)
			return sql_fail(st, "insert series", NULL);
		*id = sqlite3_last_insert_rowid(st->db);
	} else {
		sqlite3_reset(st->series_find);
		return sql_fail(st, "find series", NULL);
	}
	hmap_put(&st->series_cache, key, (size_t)len, *id);
	return 0;
}

/* Stable merge sort by time (later duplicates stay after earlier ones). */
static void sort_samples(struct store_sample *a, size_t n, struct store_sample *tmp)
{
	size_t w, i;

	for (i = 1; i < n; i++)
		if (a[i].t < a[i - 1].t)
			break;
	if (i >= n)
		return;
	for (w = 1; w < n; w *= 2) {
		for (i = 0; i < n; i += 2 * w) {
			size_t lo = i, mid = i + w < n ? i + w : n, hi = i + 2 * w < n ? i + 2 * w : n;
			size_t l = lo, r = mid, k = lo;

			while (l < mid && r < hi)
				tmp[k++] = a[r].t < a[l].t ? a[r++] : a[l++];
			while (l < mid)
				tmp[k++] = a[l++];
			while (r < hi)
				tmp[k++] = a[r++];
		}
		memcpy(a, tmp, n * sizeof(*a));
	}
}

/* Keeps the last sample of each run of equal times. Returns the new count. */
static size_t dedup_last(struct store_sample *a, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k && a[k - 1].t == a[i].t)
			a[k - 1] = a[i];
		else
			a[k++] = a[i];
	}
	return k;
}

static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / RTIME_DAY_MS : -((-t + RTIME_DAY_MS - 1) / RTIME_DAY_MS);
}

/* Merges new samples (sorted, distinct) of one day into its stored chunk. */
static int write_day(struct store *st, int64_t series_id, int64_t day, const struct store_sample *s, size_t n)
{
	size_t nold = 0, i = 0, j = 0, k = 0;
	const struct store_sample *out = s;
	size_t nout = n;
	double vmin, vmax;
	int rc;

	sqlite3_reset(st->chunk_get);
	sqlite3_bind_int64(st->chunk_get, 1, series_id);
	sqlite3_bind_int64(st->chunk_get, 2, day);
	rc = sqlite3_step(st->chunk_get);
	if (rc == SQLITE_ROW) {
		const unsigned char *blob = sqlite3_column_blob(st->chunk_get, 0);
		size_t len = (size_t)sqlite3_column_bytes(st->chunk_get, 0);

		if (chunk_decode(blob, len, &st->old, &nold, &st->old_cap)) {
			sqlite3_reset(st->chunk_get);
			return rs_error("database %s: damaged chunk for series %lld day %lld", st->path,
					(long long)series_id, (long long)day);
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(st->chunk_get);
		return sql_fail(st, "read chunk", NULL);
	}
	sqlite3_reset(st->chunk_get);
	if (nold) {
		if (st->merge_cap < nold + n) {
			st->merge_cap = nold + n;
			st->merge = rs_realloc(st->merge, st->merge_cap * sizeof(*st->merge));
		}
		/* New values win where both have the same time. */
		while (i < nold || j < n) {
			if (j >= n || (i < nold && st->old[i].t < s[j].t)) {
				st->merge[k++] = st->old[i++];
			} else {
				if (i < nold && st->old[i].t == s[j].t)
					i++;
				st->merge[k++] = s[j++];
			}
		}
		out = st->merge;
		nout = k;
	}
	st->added += (int64_t)(nout - nold);
	vmin = vmax = out[0].v;
	for (i = 1; i < nout; i++) {
		if (out[i].v < vmin)
			vmin = out[i].v;
		if (out[i].v > vmax)
			vmax = out[i].v;
	}
	chunk_encode(out, nout, &st->enc);
	sqlite3_reset(st->chunk_put);
	sqlite3_bind_int64(st->chunk_put, 1, series_id);
	sqlite3_bind_int64(st->chunk_put, 2, day);
	sqlite3_bind_int64(st->chunk_put, 3, (sqlite3_int64)nout);
	sqlite3_bind_int64(st->chunk_put, 4, out[0].t);
	sqlite3_bind_int64(st->chunk_put, 5, out[nout - 1].t);
	sqlite3_bind_double(st->chunk_put, 6, vmin);
	sqlite3_bind_double(st->chunk_put, 7, vmax);
	sqlite3_bind_blob(st->chunk_put, 8, st->enc.data, (int)st->enc.len, SQLITE_STATIC);
	rc = sqlite3_step(st->chunk_put);
	sqlite3_reset(st->chunk_put);
	if (rc != SQLITE_DONE)
		return sql_fail(st, "write chunk", NULL);
	return 0;
}

static int flush(struct store *st)
{
	size_t id;

	for (id = 0; id < st->npend; id++) {
		struct pending *p = &st->pend[id];
		size_t i, start;

		if (!p->n)
			continue;
		if (st->merge_cap < p->n) {
			st->merge_cap = p->n;
			st->merge = rs_realloc(st->merge, st->merge_cap * sizeof(*st->merge));
		}
		sort_samples(p->s, p->n, st->merge);
		p->n = dedup_last(p->s, p->n);
		for (start = 0, i = 1; i <= p->n; i++) {
			if (i == p->n || day_of(p->s[i].t) != day_of(p->s[start].t)) {
				if (write_day(st, (int64_t)id, day_of(p->s[start].t), p->s + start, i - start))
					return -1;
				start = i;
			}
		}
		p->n = 0;
	}
	st->buffered = 0;
	return 0;
}

int store_sample_add(struct store *st, int64_t series_id, int64_t t_ms, double value)
{
	struct pending *p;

	if (series_id <= 0)
		return rs_error("internal: bad series id %lld", (long long)series_id);
	if ((size_t)series_id >= st->npend) {
		size_t n = st->npend ? st->npend : 64;

		while (n <= (size_t)series_id)
			n *= 2;
		st->pend = rs_realloc(st->pend, n * sizeof(*st->pend));
		memset(st->pend + st->npend, 0, (n - st->npend) * sizeof(*st->pend));
		st->npend = n;
	}
	p = &st->pend[series_id];
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->s = rs_realloc(p->s, p->cap * sizeof(*p->s));
	}
	p->s[p->n].t = t_ms;
	p->s[p->n].v = value;
	p->n++;
	if (++st->buffered >= FLUSH_SAMPLES)
		return flush(st);
	return 0;
}

int store_file_commit(struct store *st, struct store_file_stats *stats)
{
	char hex[17];
	int64_t file_id;

	if (!st->in_file)
		return rs_error("internal: no file transaction");
	if (flush(st))
		goto fail;
	stats->added = st->added;
	stats->events = st->events_added;
	hash_hex(st->file.hash, hex);
	sqlite3_reset(st->file_insert);
	bind_str(st->file_insert, 1, st->file.path);
	sqlite3_bind_text(st->file_insert, 2, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st->file_insert, 3, st->file.size);
	bind_str(st->file_insert, 4, st->file.format);
	sqlite3_bind_int64(st->file_insert, 5, stats->rows);
	sqlite3_bind_int64(st->file_insert, 6, stats->accepted);
	sqlite3_bind_int64(st->file_insert, 7, stats->rejected);
	sqlite3_bind_int64(st->file_insert, 8, stats->missing);
	sqlite3_bind_int64(st->file_insert, 9, stats->skipped_series);
	sqlite3_bind_int64(st->file_insert, 10, stats->added);
	if (stats->accepted) {
		sqlite3_bind_int64(st->file_insert, 11, stats->t_min);
		sqlite3_bind_int64(st->file_insert, 12, stats->t_max);
	} else {
		sqlite3_bind_null(st->file_insert, 11);
		sqlite3_bind_null(st->file_insert, 12);
	}
	sqlite3_bind_int64(st->file_insert, 13, rtime_now_ms());
	sqlite3_bind_int(st->file_insert, 14, st->file.event_source || stats->event_source);
	sqlite3_bind_int64(st->file_insert, 15, st->events_added);
	if (sqlite3_step(st->file_insert) != SQLITE_DONE) {
		sql_fail(st, "record file", NULL);
		sqlite3_reset(st->file_insert);
		goto fail;
	}
	sqlite3_reset(st->file_insert);
	file_id = sqlite3_last_insert_rowid(st->db);
	{
		sqlite3_stmt *q;

		if (prepare(st, &q, "UPDATE series SET first_file = ?1 WHERE first_file IS NULL"))
			goto fail;
		sqlite3_bind_int64(q, 1, file_id);
		if (sqlite3_step(q) != SQLITE_DONE) {
			sql_fail(st, "update series", NULL);
			sqlite3_finalize(q);
			goto fail;
		}
		sqlite3_finalize(q);
		if (prepare(st, &q, "UPDATE oom_event SET file_id = ?1 WHERE file_id IS NULL"))
			goto fail;
		sqlite3_bind_int64(q, 1, file_id);
		if (sqlite3_step(q) != SQLITE_DONE) {
			sql_fail(st, "update events", NULL);
			sqlite3_finalize(q);
			goto fail;
		}
		sqlite3_finalize(q);
	}
	if (exec(st, "COMMIT"))
		goto fail;
	st->in_file = 0;
	return 0;
fail:
	store_file_rollback(st);
	return -1;
}

void store_file_rollback(struct store *st)
{
	if (!st->in_file)
		return;
	exec(st, "ROLLBACK");
	st->in_file = 0;
	reset_pending(st);
	/* Series created in this file are gone: forget their ids. */
	hmap_free(&st->series_cache);
	hmap_init(&st->series_cache);
}

/* ---- OOM events --------------------------------------------------------- */

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void bind_num(sqlite3_stmt *q, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_double(q, i, v);
}

int store_event_add(struct store *st, const struct store_event *ev)
{
	char *dedup;
	int rc;

	if (!st->in_file)
		return rs_error("internal: event outside a file transaction");
	/* The same evidence read twice (re-ingest, repeated lines) is stored once. */
	dedup = sqlite3_mprintf("%s|%s|%lld|%s|%lld|%s|%s|%s|%s|%s|%s|%s", nz(ev->source), nz(ev->kind),
				(long long)ev->time, nz(ev->host), (long long)ev->pid, nz(ev->process), nz(ev->pod_uid),
				nz(ev->container_id), nz(ev->cluster), nz(ev->namespace), nz(ev->pod), nz(ev->container));
	if (!dedup)
		return rs_error("out of memory");
	sqlite3_reset(st->event_insert);
	if (ev->time == STORE_TIME_UNKNOWN)
		sqlite3_bind_null(st->event_insert, 1);
	else
		sqlite3_bind_int64(st->event_insert, 1, ev->time);
	bind_str(st->event_insert, 2, ev->time_note);
	bind_str(st->event_insert, 3, ev->source);
	bind_str(st->event_insert, 4, ev->kind);
	bind_str(st->event_insert, 5, ev->host);
	if (ev->pid < 0)
		sqlite3_bind_null(st->event_insert, 6);
	else
		sqlite3_bind_int64(st->event_insert, 6, ev->pid);
	bind_str(st->event_insert, 7, ev->process);
	bind_str(st->event_insert, 8, ev->pod_uid);
	bind_str(st->event_insert, 9, ev->container_id);
	bind_num(st->event_insert, 10, ev->limit);
	bind_num(st->event_insert, 11, ev->usage);
	bind_str(st->event_insert, 12, ev->cluster);
	bind_str(st->event_insert, 13, ev->namespace);
	bind_str(st->event_insert, 14, ev->workload);
	bind_str(st->event_insert, 15, ev->workload_kind);
	bind_str(st->event_insert, 16, ev->pod);
	bind_str(st->event_insert, 17, ev->container);
	sqlite3_bind_int64(st->event_insert, 18, ev->line);
	sqlite3_bind_text(st->event_insert, 19, dedup, -1, sqlite3_free);
	rc = sqlite3_step(st->event_insert);
	sqlite3_reset(st->event_insert);
	if (rc != SQLITE_DONE)
		return sql_fail(st, "record OOM event", NULL);
	st->events_added += sqlite3_changes(st->db);
	return 0;
}

int store_pod_ref_add(struct store *st, const struct store_pod_ref *r)
{
	int rc;

	/* A reference needs something to match a kernel line by. */
	if ((!r->pod_uid || !*r->pod_uid) && (!r->container_id || !*r->container_id))
		return 0;
	sqlite3_reset(st->ref_insert);
	bind_str(st->ref_insert, 1, r->pod_uid);
	bind_str(st->ref_insert, 2, r->container_id);
	bind_str(st->ref_insert, 3, r->cluster);
	bind_str(st->ref_insert, 4, r->namespace);
	bind_str(st->ref_insert, 5, r->pod);
	bind_str(st->ref_insert, 6, r->container);
	bind_str(st->ref_insert, 7, r->workload);
	bind_str(st->ref_insert, 8, r->workload_kind);
	rc = sqlite3_step(st->ref_insert);
	sqlite3_reset(st->ref_insert);
	return rc == SQLITE_DONE ? 0 : sql_fail(st, "record pod reference", NULL);
}

/* Copies a column into buf at *k and returns where it starts. */
static const char *keep(sqlite3_stmt *q, int i, char *buf, size_t *k)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	size_t n = t ? strlen((const char *)t) : 0;
	char *p = buf + *k;

	memcpy(p, t ? (const char *)t : "", n);
	p[n] = '\0';
	*k += n + 1;
	return p;
}

int store_events(struct store *st, int64_t from, int64_t to, int include_unknown, struct store_event_row **out,
		 size_t *n)
{
	/*
	 * An event that names no container takes the one its container ID
	 * (or, failing that, its pod UID) stands for.
	 */
	static const char *const sql =
		"SELECT e.time, e.time_note, e.source, e.kind, e.host, coalesce(e.pid, -1), e.process, e.pod_uid, "
		"e.container_id, e.limit_bytes, e.usage_bytes, "
		"CASE WHEN e.pod != '' THEN e.cluster ELSE coalesce(rc.cluster, rp.cluster, e.cluster) END, "
		"CASE WHEN e.pod != '' THEN e.namespace ELSE coalesce(rc.namespace, rp.namespace, e.namespace) END, "
		"CASE WHEN e.workload != '' THEN e.workload ELSE coalesce(rc.workload, rp.workload, '') END, "
		"CASE WHEN e.workload != '' THEN e.workload_kind ELSE coalesce(rc.workload_kind, rp.workload_kind, '') END, "
		"CASE WHEN e.pod != '' THEN e.pod ELSE coalesce(rc.pod, rp.pod, '') END, "
		"CASE WHEN e.container != '' THEN e.container ELSE coalesce(rc.container, '') END, "
		"e.line, coalesce(f.path, '') "
		"FROM oom_event e "
		/* One reference each: the same container may be known with and without its pod UID. */
		"LEFT JOIN pod_ref rc ON rc.rowid = (SELECT x.rowid FROM pod_ref x WHERE e.container_id != '' AND "
		"x.container_id = e.container_id ORDER BY x.pod_uid = '' LIMIT 1) "
		"LEFT JOIN pod_ref rp ON rp.rowid = (SELECT y.rowid FROM pod_ref y WHERE e.pod_uid != '' AND "
		"y.pod_uid = e.pod_uid AND y.container_id = '' LIMIT 1) "
		"LEFT JOIN file f ON f.id = e.file_id "
		"WHERE (e.time >= ?1 AND e.time < ?2) OR (?3 AND e.time IS NULL) "
		"ORDER BY e.time IS NULL, e.time, e.id";
	static const int strcols[] = { 1, 2, 3, 4, 6, 7, 8, 11, 12, 13, 14, 15, 16, 18 };
	sqlite3_stmt *q;
	struct store_event_row *rows = NULL;
	size_t nr = 0, cap = 0, i;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	sqlite3_bind_int(q, 3, include_unknown);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_event_row *r;
		struct store_event *e;
		size_t need = 0, k = 0;

		if (nr == cap) {
			cap = cap ? cap * 2 : 32;
			rows = rs_realloc(rows, cap * sizeof(*rows));
		}
		r = &rows[nr++];
		memset(r, 0, sizeof(*r));
		for (i = 0; i < sizeof(strcols) / sizeof(strcols[0]); i++)
			need += (size_t)sqlite3_column_bytes(q, strcols[i]) + 1;
		r->buf = rs_malloc(need);
		e = &r->ev;
		e->time = sqlite3_column_type(q, 0) == SQLITE_NULL ? STORE_TIME_UNKNOWN : sqlite3_column_int64(q, 0);
		e->time_note = keep(q, 1, r->buf, &k);
		e->source = keep(q, 2, r->buf, &k);
		e->kind = keep(q, 3, r->buf, &k);
		e->host = keep(q, 4, r->buf, &k);
		e->pid = sqlite3_column_int64(q, 5);
		e->process = keep(q, 6, r->buf, &k);
		e->pod_uid = keep(q, 7, r->buf, &k);
		e->container_id = keep(q, 8, r->buf, &k);
		e->limit = sqlite3_column_type(q, 9) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 9);
		e->usage = sqlite3_column_type(q, 10) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 10);
		e->cluster = keep(q, 11, r->buf, &k);
		e->namespace = keep(q, 12, r->buf, &k);
		e->workload = keep(q, 13, r->buf, &k);
		e->workload_kind = keep(q, 14, r->buf, &k);
		e->pod = keep(q, 15, r->buf, &k);
		e->container = keep(q, 16, r->buf, &k);
		e->line = sqlite3_column_int64(q, 17);
		r->file = keep(q, 18, r->buf, &k);
		r->attributed = *e->workload != '\0';
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_events_free(rows, nr);
		return sql_fail(st, "read OOM events", sql);
	}
	*out = rows;
	*n = nr;
	return 0;
}

void store_events_free(struct store_event_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].buf);
	free(rows);
}

/* ---- reading -------------------------------------------------------- */

static char *col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);

	return rs_strdup(s ? (const char *)s : "");
}

static enum store_role role_from(const char *s)
{
	if (strcmp(s, "request") == 0)
		return STORE_REQUEST;
	if (strcmp(s, "limit") == 0)
		return STORE_LIMIT;
	return STORE_USAGE;
}

/* A filter's cluster and namespace as ?1 and ?2 (NULL: any), as the queries below test them. */
static void bind_filter(sqlite3_stmt *q, const struct store_filter *f)
{
	if (f && f->cluster)
		sqlite3_bind_text(q, 1, f->cluster, -1, SQLITE_STATIC);
	if (f && f->namespace)
		sqlite3_bind_text(q, 2, f->namespace, -1, SQLITE_STATIC);
}

int store_containers(struct store *st, const struct store_filter *f, struct store_container **out, size_t *n)
{
	static const char *const sql =
		"SELECT s.cluster, s.namespace, s.workload, s.workload_kind, s.container, s.id, s.metric, s.pod, "
		"s.role, coalesce(sum(c.n), 0), min(c.t_min), max(c.t_max) "
		"FROM series s LEFT JOIN chunk c ON c.series_id = s.id "
		"WHERE (?1 IS NULL OR s.cluster = ?1) AND (?2 IS NULL OR s.namespace = ?2) "
		"GROUP BY s.id ORDER BY s.cluster, s.namespace, s.workload, s.workload_kind, s.container, s.id";
	sqlite3_stmt *q;
	struct store_container *c = NULL;
	size_t nc = 0, cap = 0;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	bind_filter(q, f);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *cl = (const char *)sqlite3_column_text(q, 0);
		const char *ns = (const char *)sqlite3_column_text(q, 1);
		const char *wl = (const char *)sqlite3_column_text(q, 2);
		const char *kind = (const char *)sqlite3_column_text(q, 3);
		const char *ct = (const char *)sqlite3_column_text(q, 4);
		struct store_container *cur;
		struct store_series_info *si;

		if (f && f->workload && fnmatch(f->workload, wl, 0) != 0)
			continue;
		cur = nc ? &c[nc - 1] : NULL;
		/* A Deployment and a StatefulSet of the same name are two workloads. */
		if (!cur || strcmp(cur->cluster, cl) || strcmp(cur->namespace, ns) || strcmp(cur->workload, wl) ||
		    strcmp(cur->workload_kind, kind) || strcmp(cur->container, ct)) {
			if (nc == cap) {
				cap = cap ? cap * 2 : 16;
				c = rs_realloc(c, cap * sizeof(*c));
			}
			cur = &c[nc++];
			memset(cur, 0, sizeof(*cur));
			cur->cluster = col_dup(q, 0);
			cur->namespace = col_dup(q, 1);
			cur->workload = col_dup(q, 2);
			cur->workload_kind = col_dup(q, 3);
			cur->container = col_dup(q, 4);
		}
		cur->series = rs_realloc(cur->series, (cur->nseries + 1) * sizeof(*cur->series));
		si = &cur->series[cur->nseries++];
		si->id = sqlite3_column_int64(q, 5);
		si->metric = col_dup(q, 6);
		si->pod = col_dup(q, 7);
		si->role = role_from((const char *)sqlite3_column_text(q, 8));
		si->samples = sqlite3_column_int64(q, 9);
		si->t_min = sqlite3_column_int64(q, 10);
		si->t_max = sqlite3_column_int64(q, 11);
	}
	if (rc != SQLITE_DONE) {
		sql_fail(st, "list containers", sql);
		sqlite3_finalize(q);
		store_containers_free(c, nc);
		return -1;
	}
	sqlite3_finalize(q);
	*out = c;
	*n = nc;
	return 0;
}

void store_containers_free(struct store_container *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < c[i].nseries; j++) {
			free(c[i].series[j].metric);
			free(c[i].series[j].pod);
		}
		free(c[i].series);
		free(c[i].cluster);
		free(c[i].namespace);
		free(c[i].workload);
		free(c[i].workload_kind);
		free(c[i].container);
	}
	free(c);
}

int store_samples(struct store *st, int64_t series_id, int64_t from, int64_t to, struct store_sample **buf,
		  size_t *n, size_t *cap)
{
	static const char *const sql = "SELECT data FROM chunk WHERE series_id = ?1 AND t_max >= ?2 AND t_min < ?3 "
				       "ORDER BY day";
	sqlite3_stmt *q;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	sqlite3_bind_int64(q, 1, series_id);
	sqlite3_bind_int64(q, 2, from);
	sqlite3_bind_int64(q, 3, to);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		size_t start = *n, i, k;

		if (chunk_decode(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0), buf, n, cap)) {
			sqlite3_finalize(q);
			return rs_error("database %s: damaged chunk of series %lld", st->path, (long long)series_id);
		}
		/* Keep only the window: chunks are whole days. */
		for (i = k = start; i < *n; i++)
			if ((*buf)[i].t >= from && (*buf)[i].t < to)
				(*buf)[k++] = (*buf)[i];
		*n = k;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(st, "read samples", sql);
	return 0;
}

int store_totals(struct store *st, struct store_totals *t)
{
	static const char *const sql =
		"SELECT (SELECT count(*) FROM file), (SELECT count(*) FROM series), "
		"(SELECT coalesce(sum(n), 0) FROM chunk), (SELECT min(t_min) FROM chunk), (SELECT max(t_max) FROM chunk), "
		"(SELECT count(*) FROM file WHERE event_source = 1), (SELECT count(*) FROM oom_event)";
	sqlite3_stmt *q;

	if (prepare(st, &q, sql))
		return -1;
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return sql_fail(st, "count totals", sql);
	}
	t->files = sqlite3_column_int64(q, 0);
	t->series = sqlite3_column_int64(q, 1);
	t->samples = sqlite3_column_int64(q, 2);
	t->t_min = sqlite3_column_int64(q, 3);
	t->t_max = sqlite3_column_int64(q, 4);
	t->event_files = sqlite3_column_int64(q, 5);
	t->events = sqlite3_column_int64(q, 6);
	sqlite3_finalize(q);
	return 0;
}

/* ---- report history --------------------------------------------------- */

/* Runs one statement of no result on the runs of window end ?1 and options ?2 but run ?3. Returns 0 or -1. */
static int run_step(struct store *st, const char *what, const char *sql, int64_t to, const char *options, int64_t id)
{
	sqlite3_stmt *q;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	sqlite3_bind_int64(q, 1, to);
	sqlite3_bind_text(q, 2, options, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, id);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(st, what, sql);
	return 0;
}

/*
 * A run is its window end and its settings: rendering the same window again
 * (another format, a preview to /dev/null) must not add a run, or the next
 * "changed since" and the history would compare the window with itself. So
 * the newest run of the same window end and options is reused, its time and
 * window start updated; store_run_add then replaces its recommendations one
 * container at a time, which keeps the containers a filtered rendering did
 * not cover. Databases written before this rule may hold several such runs:
 * they are folded into the one kept, the newest recommendation of each
 * container winning, so the history shows the window once.
 */
int store_run_begin(struct store *st, int64_t generated_at, int64_t from, int64_t to, const char *options,
		    int64_t *run_id)
{
	sqlite3_stmt *q;
	static const char *const find = "SELECT max(id) FROM report_run WHERE window_to = ?1 AND options = ?2";
	static const char *const insert =
		"INSERT INTO report_run (generated_at, window_from, window_to, options) VALUES (?1, ?2, ?3, ?4)";
	static const char *const update = "UPDATE report_run SET generated_at = ?1, window_from = ?2 WHERE id = ?3";
	/* Newest run first, so that OR IGNORE keeps each container's newest recommendation. */
	static const char *const fold =
		"INSERT OR IGNORE INTO recommendation (run_id, cluster, namespace, workload, workload_kind, container, "
		"request, mem_limit, current_request, current_limit, p95, max, flags) "
		"SELECT ?3, c.cluster, c.namespace, c.workload, c.workload_kind, c.container, c.request, c.mem_limit, "
		"c.current_request, c.current_limit, c.p95, c.max, c.flags FROM recommendation c "
		"JOIN report_run r ON r.id = c.run_id WHERE r.window_to = ?1 AND r.options = ?2 AND r.id != ?3 "
		"ORDER BY r.id DESC";
	static const char *const drop_recs =
		"DELETE FROM recommendation WHERE run_id IN (SELECT id FROM report_run WHERE window_to = ?1 "
		"AND options = ?2 AND id != ?3)";
	static const char *const drop_runs = "DELETE FROM report_run WHERE window_to = ?1 AND options = ?2 AND id != ?3";
	int64_t id = 0;
	int rc;

	if (exec(st, "BEGIN IMMEDIATE"))
		return -1;
	/* Inside the write transaction: two processes cannot both miss the run and add it twice. */
	if (prepare(st, &q, find))
		goto fail;
	sqlite3_bind_int64(q, 1, to);
	sqlite3_bind_text(q, 2, options, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		id = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		sql_fail(st, "find the report run of the same window", find);
		goto fail;
	}
	if (id) {
		if (prepare(st, &q, update))
			goto fail;
		sqlite3_bind_int64(q, 1, generated_at);
		sqlite3_bind_int64(q, 2, from);
		sqlite3_bind_int64(q, 3, id);
		rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE) {
			sql_fail(st, "update the report run of the same window", update);
			goto fail;
		}
		if (run_step(st, "fold earlier runs of the same window", fold, to, options, id) ||
		    run_step(st, "drop earlier runs' recommendations of the same window", drop_recs, to, options, id) ||
		    run_step(st, "drop earlier runs of the same window", drop_runs, to, options, id))
			goto fail;
		*run_id = id;
		return 0;
	}
	if (prepare(st, &q, insert))
		goto fail;
	sqlite3_bind_int64(q, 1, generated_at);
	sqlite3_bind_int64(q, 2, from);
	sqlite3_bind_int64(q, 3, to);
	sqlite3_bind_text(q, 4, options, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sql_fail(st, "record report run", insert);
		sqlite3_finalize(q);
		goto fail;
	}
	sqlite3_finalize(q);
	*run_id = sqlite3_last_insert_rowid(st->db);
	return 0;
fail:
	exec(st, "ROLLBACK");
	return -1;
}

static void bind_size(sqlite3_stmt *q, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_double(q, i, v);
}

int store_run_add(struct store *st, int64_t run_id, const struct store_recommendation *r)
{
	static const char *const sql =
		"INSERT OR REPLACE INTO recommendation (run_id, cluster, namespace, workload, container, request, "
		"mem_limit, current_request, current_limit, p95, max, flags, workload_kind) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
	sqlite3_stmt *q;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	sqlite3_bind_int64(q, 1, run_id);
	bind_str(q, 2, r->cluster);
	bind_str(q, 3, r->namespace);
	bind_str(q, 4, r->workload);
	bind_str(q, 5, r->container);
	bind_size(q, 6, r->request);
	bind_size(q, 7, r->limit);
	bind_size(q, 8, r->current_request);
	bind_size(q, 9, r->current_limit);
	bind_size(q, 10, r->p95);
	bind_size(q, 11, r->max);
	bind_str(q, 12, r->flags);
	bind_str(q, 13, r->workload_kind);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sql_fail(st, "record recommendation", sql);
	return 0;
}

int store_run_commit(struct store *st)
{
	return exec(st, "COMMIT");
}

void store_run_rollback(struct store *st)
{
	exec(st, "ROLLBACK");
}

static double col_num(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

int store_history(struct store *st, const struct store_filter *f, struct store_history_row **out, size_t *n)
{
	static const char *const sql =
		"SELECT r.generated_at, c.cluster, c.namespace, c.workload, c.workload_kind, c.container, c.flags, "
		"c.request, c.mem_limit, c.current_request, c.current_limit, c.p95, c.max, r.window_to "
		"FROM recommendation c JOIN report_run r ON r.id = c.run_id "
		"WHERE (?1 IS NULL OR c.cluster = ?1) AND (?2 IS NULL OR c.namespace = ?2) "
		"ORDER BY c.cluster, c.namespace, c.workload, c.workload_kind, c.container, r.window_to, "
		"r.generated_at, r.id";
	sqlite3_stmt *q;
	struct store_history_row *rows = NULL;
	size_t nr = 0, cap = 0;
	int rc;

	if (prepare(st, &q, sql))
		return -1;
	bind_filter(q, f);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store_history_row *h;

		if (f && f->workload && fnmatch(f->workload, (const char *)sqlite3_column_text(q, 3), 0) != 0)
			continue;
		if (nr == cap) {
			cap = cap ? cap * 2 : 32;
			rows = rs_realloc(rows, cap * sizeof(*rows));
		}
		h = &rows[nr++];
		h->at = sqlite3_column_int64(q, 0);
		h->cluster = col_dup(q, 1);
		h->namespace = col_dup(q, 2);
		h->workload = col_dup(q, 3);
		h->workload_kind = col_dup(q, 4);
		h->container = col_dup(q, 5);
		h->flags = col_dup(q, 6);
		h->request = col_num(q, 7);
		h->limit = col_num(q, 8);
		h->current_request = col_num(q, 9);
		h->current_limit = col_num(q, 10);
		h->p95 = col_num(q, 11);
		h->max = col_num(q, 12);
		h->as_of = sqlite3_column_int64(q, 13);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		store_history_free(rows, nr);
		return sql_fail(st, "read report history", sql);
	}
	*out = rows;
	*n = nr;
	return 0;
}

void store_history_free(struct store_history_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].cluster);
		free(rows[i].namespace);
		free(rows[i].workload);
		free(rows[i].workload_kind);
		free(rows[i].container);
		free(rows[i].flags);
	}
	free(rows);
}
