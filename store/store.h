/*
 * store.h - the one SQLite database behind rightsize.
 *
 * The store knows samples, series, files, events and report runs; it never
 * knows which export format a record came from. Ingesters hand it series
 * and samples inside a file transaction; the model reads containers and
 * their samples back, one container at a time, so memory stays bounded.
 *
 * Conventions: functions return 0 on success and -1 on failure after
 * printing what failed (with the SQLite message and statement). Strings
 * passed in are copied; structures handed out are owned by the caller and
 * released with the matching _free function.
 */
#ifndef RS_STORE_H
#define RS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "chunk.h"

#define STORE_SCHEMA_VERSION 1

struct store;

/* What a series measures: usage, or a setting held over time. */
enum store_role {
	STORE_USAGE = 0,
	STORE_REQUEST = 1,
	STORE_LIMIT = 2,
	/*
	 * Metrics that count OOM kills rather than measure memory: ingest turns
	 * their samples into OOM events; they are never stored as series.
	 */
	STORE_OOM_COUNTER = 3, /* rises by one per kill: container_oom_events_total */
	STORE_OOM_STATE = 4,   /* 1 while the last termination was an OOM kill */
};

const char *store_role_name(enum store_role role);

/*
 * The common series record every ingester produces. Identity is
 * (metric, cluster, namespace, pod, container), and the workload too for
 * series of no pod; the rest is metadata kept from the first file that
 * named the series. Unknown parts are "".
 */
struct store_series {
	const char *metric;
	const char *cluster;
	const char *namespace;
	const char *pod;
	const char *container;
	const char *workload;
	const char *workload_kind;
	const char *source; /* format name, for provenance only */
	enum store_role role;
	/*
	 * 1 when a label named the workload, 0 when it was guessed from the pod
	 * name. A pod's series all take the workload a label gave any of them.
	 */
	int workload_from_label;
	/* From cAdvisor's cgroup "id" label, when present: ties kernel kills to this container. */
	const char *pod_uid, *container_id;
};

enum store_mode {
	STORE_CREATE,   /* create the database when it does not exist (ingest) */
	STORE_EXISTING, /* refuse a missing database (report, export) */
};

/* Opens the database at path; ":memory:" works. */
int store_open(const char *path, enum store_mode mode, struct store **out);
void store_close(struct store *st);

/* ---- ingest: one file is one transaction ---------------------------- */

struct store_file {
	const char *path;
	const char *format;
	uint64_t hash; /* content hash: the same bytes are never ingested twice */
	int64_t size;
	int event_source; /* the format reports OOM kills: none found means none happened */
};

struct store_file_stats {
	int64_t rows;           /* data rows read */
	int64_t accepted;       /* sample values accepted */
	int64_t rejected;       /* values or rows rejected (reported) */
	int64_t missing;        /* empty / null / NaN cells: missing, not zero */
	int64_t skipped_series; /* pod-level, pause, non-memory series */
	int64_t added;          /* samples new to the store (set on commit) */
	int64_t events;         /* OOM events new to the store (set on commit) */
	int event_source;       /* the file turned out to hold OOM evidence (OOM kill metrics) */
	int64_t t_min, t_max;   /* time span of accepted samples */
};

/*
 * Returns 1 when a file with this content hash is already stored (and
 * fills path/when of its first ingest), 0 when not, -1 on error.
 */
int store_file_seen(struct store *st, uint64_t hash, char *path, size_t pathlen, int64_t *when_ms);

int store_file_begin(struct store *st, const struct store_file *f);
/* Finds or creates the series; ids stay valid until the file ends. */
int store_series_id(struct store *st, const struct store_series *s, int64_t *id);
/* Buffers one sample; the same series and time stored twice is one sample. */
int store_sample_add(struct store *st, int64_t series_id, int64_t t_ms, double value);
/* Writes buffered samples, records the file with its stats, commits. */
int store_file_commit(struct store *st, struct store_file_stats *stats);
/* Drops everything since store_file_begin. */
void store_file_rollback(struct store *st);

/* ---- OOM events --------------------------------------------------------- */

/*
 * One piece of evidence of an OOM kill, as a source saw it. Unknown
 * strings are "", unknown numbers NAN (pid: -1, time: STORE_TIME_UNKNOWN).
 * The same record stored twice (re-ingested or repeated lines) is one.
 */
#define STORE_TIME_UNKNOWN INT64_MIN

struct store_event {
	int64_t time;          /* ms since the epoch, or STORE_TIME_UNKNOWN */
	const char *time_note; /* how the time was obtained when not plainly ("year from file mtime") */
	const char *source;    /* the format it came from */
	const char *kind;      /* memcg, global, k8s-status, k8s-event, mesos, airflow, metric */
	const char *host;
	int64_t pid;
	const char *process;
	const char *pod_uid, *container_id; /* from cgroup paths and pod status */
	double limit, usage;                /* bytes at the kill */
	const char *cluster, *namespace, *workload, *workload_kind, *pod, *container;
	int64_t line; /* line in its file */
};

/* Adds an event inside the current file transaction. */
int store_event_add(struct store *st, const struct store_event *ev);

/*
 * What a pod UID and container ID stand for (from pod JSON or cAdvisor's
 * cgroup paths), so kernel kills can be tied to containers. container_id
 * is "" for the pod itself.
 */
struct store_pod_ref {
	const char *pod_uid, *container_id;
	const char *cluster, *namespace, *pod, *container, *workload, *workload_kind;
};

int store_pod_ref_add(struct store *st, const struct store_pod_ref *r);

/* An event as read back: strings owned by the array (store_events_free). */
struct store_event_row {
	struct store_event ev; /* strings point into buf */
	const char *file;
	int attributed; /* 1 when tied to a container (directly or through a pod_ref) */
	char *buf;
};

/*
 * Events with from <= time < to (events of unknown time are included when
 * include_unknown), oldest first, tied to their containers through pod
 * refs where the event itself does not name one.
 */
int store_events(struct store *st, int64_t from, int64_t to, int include_unknown, struct store_event_row **out,
		 size_t *n);
void store_events_free(struct store_event_row *rows, size_t n);

/* ---- reading --------------------------------------------------------- */

struct store_series_info {
	int64_t id;
	char *metric, *pod;
	enum store_role role;
	int64_t samples; /* in the whole store */
	int64_t t_min, t_max;
};

/* All series of one container of one workload (cluster, namespace, workload and its kind). */
struct store_container {
	char *cluster, *namespace, *workload, *workload_kind, *container;
	struct store_series_info *series;
	size_t nseries;
};

struct store_filter {
	const char *cluster;   /* exact; NULL = any */
	const char *namespace; /* exact; NULL = any */
	const char *workload;  /* glob (fnmatch); NULL = any */
};

/* Lists containers sorted by cluster, namespace, workload, kind, container. */
int store_containers(struct store *st, const struct store_filter *f, struct store_container **out, size_t *n);
void store_containers_free(struct store_container *c, size_t n);

/*
 * Appends the samples of one series with from <= t < to (sorted by time)
 * to *buf (grown as needed; *n, *cap updated; the caller owns *buf).
 */
int store_samples(struct store *st, int64_t series_id, int64_t from, int64_t to, struct store_sample **buf,
		  size_t *n, size_t *cap);

/* Totals for report headers. */
struct store_totals {
	int64_t files, series, samples, t_min, t_max;
	int64_t event_files; /* files of formats that report OOM kills */
	int64_t events;      /* OOM evidence records */
};
int store_totals(struct store *st, struct store_totals *t);

/* ---- report history --------------------------------------------------- */

struct store_recommendation {
	const char *cluster, *namespace, *workload, *workload_kind, *container;
	double request, limit;                 /* recommended, bytes; NAN unknown */
	double current_request, current_limit; /* NAN unknown */
	double p95, max;
	const char *flags; /* comma-separated codes */
};

/* A recommendation as stored by an earlier report run; strings owned by the row. */
struct store_history_row {
	int64_t at;    /* the run's generated_at: when it was last rendered */
	int64_t as_of; /* the run's window end (window_to): the time the recommendation was made for */
	char *cluster, *namespace, *workload, *workload_kind, *container, *flags;
	double request, limit, current_request, current_limit, p95, max; /* NAN unknown */
};

/*
 * The recommendations of every run for the containers f matches, oldest
 * window first within each container (sorted by cluster, namespace,
 * workload, kind, container, then window end, then generated_at). Free
 * with store_history_free.
 */
int store_history(struct store *st, const struct store_filter *f, struct store_history_row **out, size_t *n);
void store_history_free(struct store_history_row *rows, size_t n);

/*
 * Begins recording a report run for the window [from, to) made with the
 * settings options; store_run_add adds its recommendations, then commit or
 * roll back. A run is identified by its window end and options: when one
 * of the same window end and options is already recorded, *run_id is that
 * run (its generated_at and window start updated) and each container added
 * replaces that container's recommendation in it, so rendering a window
 * again never adds a second run.
 */
int store_run_begin(struct store *st, int64_t generated_at, int64_t from, int64_t to, const char *options,
		    int64_t *run_id);
/* Adds (or replaces) one container's recommendation in the run. */
int store_run_add(struct store *st, int64_t run_id, const struct store_recommendation *r);
int store_run_commit(struct store *st);
void store_run_rollback(struct store *st);

#endif
