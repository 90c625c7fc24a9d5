/*
 * ingest.h - turning exported files into series and samples.
 *
 * Each reader (one file per format) parses its text and hands common
 * records to a sink; ingest.c binds the sink to the store, one file per
 * transaction. Readers never touch the store directly.
 */
#ifndef RS_INGEST_H
#define RS_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"

#include "../util/rtime.h"

enum ingest_format {
	INGEST_AUTO = 0,
	INGEST_GRAFANA_CSV,        /* time column + one column per series */
	INGEST_GRAFANA_SERIES_CSV, /* legacy "Series;Time;Value" rows */
	INGEST_LONG_CSV,           /* one row per sample: labels, value, timestamp */
	INGEST_PROM_JSON,          /* Prometheus HTTP API (matrix, vector) and promtool's array */
	INGEST_DATADOG_JSON,       /* Datadog /api/v1/query response */
	INGEST_DATADOG_CSV,        /* Datadog dashboard/notebook CSV and csv_exporter layout */
	INGEST_KUBECTL_PODS,       /* kubectl get pods -o json: requests and limits */
	INGEST_MARATHON_APP,       /* Marathon app definition: mem (+ executor overhead) */
	INGEST_MAPPED_CSV,         /* any CSV, by --time-col/--value-col mapping */
	INGEST_KERNEL_LOG,         /* kernel OOM killer lines: dmesg, syslog, journalctl, kmsg */
	INGEST_K8S_EVENTS,         /* kubectl get events -o json (OOMKilling, SystemOOM) */
	INGEST_K8S_DESCRIBE,       /* kubectl describe pod text (Last State: OOMKilled) */
	INGEST_MESOS_LOG,          /* Marathon/Mesos logs: TASK_FAILED (Memory limit exceeded */
	INGEST_AIRFLOW_LOG,        /* Airflow KubernetesExecutor / KubernetesPodOperator logs */
	INGEST_NFORMATS
};

const char *ingest_format_name(enum ingest_format f);
/* Returns 0 and sets *f for a format name ("auto", "grafana-csv", "csv", ...); -1 otherwise. */
int ingest_format_parse(const char *name, enum ingest_format *f);
/* All format names, comma-separated, for help and messages. */
const char *ingest_format_names(void);

#define INGEST_MAX_MAPS 16

/* A LABEL=VALUE or LABEL=COLUMN pair from the command line. */
struct ingest_pair {
	const char *label; /* cluster, namespace, workload, pod or container */
	const char *value;
};

/* Units of --unit for the mapped CSV reader. */
enum ingest_unit { UNIT_BYTES, UNIT_KIB, UNIT_MIB, UNIT_GIB, UNIT_KB, UNIT_MB, UNIT_GB, UNIT_PERCENT };

struct ingest_totals;

/* Where an ingest stands, for a progress display (ingest_opts.progress). */
struct ingest_progress {
	const char *path;                  /* the file being read */
	int64_t file_bytes;                /* its size */
	int64_t file_read;                 /* bytes of it read so far (estimated for decoded UTF-16) */
	int64_t file_samples;              /* values read from it so far */
	const struct ingest_totals *done;  /* the files finished before it */
};

struct ingest_opts {
	enum ingest_format format; /* AUTO: detected from content */
	int strict;                /* any bad row fails the whole file */
	const char *legend_label;  /* which label a bare column header names ("pod") */
	int max_messages;          /* rejected-row messages printed per file */
	/* --label: identity parts for series that lack them (every format) */
	struct ingest_pair labels[INGEST_MAX_MAPS];
	size_t nlabels;
	/* Marathon: memory Mesos adds to a task's limit (bytes; 32 MiB by default) */
	double executor_overhead;
	/* --format csv: the column mapping (COL is a header name or a 1-based number) */
	char delimiter;           /* 0: detected */
	int no_header;
	const char *time_col, *value_col, *request_col, *limit_col;
	enum rtime_epoch time_epoch; /* with time_format NULL */
	const char *time_format;     /* strftime-style pattern, or NULL for epoch/auto/iso8601 */
	int time_iso;                /* --time-format iso8601 */
	enum ingest_unit unit;
	double limit_bytes; /* --limit SIZE; NAN when not given */
	struct ingest_pair id_cols[INGEST_MAX_MAPS];
	size_t nid_cols;
	/* logs: the year of syslog times that carry none (0: from the file's mtime) */
	int year;
	/* called as each file starts and every 65536 values read; NULL for none */
	void (*progress)(void *ctx, const struct ingest_progress *p);
	void *progress_ctx;
};

void ingest_opts_init(struct ingest_opts *o);

/* Where readers send what they read. */
struct ingest_sink {
	int (*series)(void *ctx, const struct store_series *s, int64_t *id);
	int (*sample)(void *ctx, int64_t series_id, int64_t t_ms, double value);
	void *ctx;
	/* OOM evidence and pod/container references (NULL: not wanted) */
	int (*event)(void *ctx, const struct store_event *ev);
	int (*pod_ref)(void *ctx, const struct store_pod_ref *r);
};

/* Hands an event / a pod reference to the sink when it takes them. Return 0 or -1. */
int ingest_event(struct ingest_sink *sink, const struct store_event *ev);
int ingest_pod_ref(struct ingest_sink *sink, const struct store_pod_ref *r);
/* An event with every field unknown (times, pid, sizes) and every string "". */
void ingest_event_init(struct store_event *ev, const char *source, const char *kind);

/* What a reader is given: the decoded text of one file. */
struct ingest_input {
	const char *name; /* path for messages */
	const char *data; /* UTF-8, BOM removed */
	size_t len;
	int mapped;     /* data is a read-only file mapping (pages may be released) */
	char delim;     /* CSV readers: the detected (or given) delimiter */
	int64_t mtime;  /* the file's modification time (ms), for sources without times */
};

/* Counts kept while reading one file (also the store's file stats). */
struct ingest_stats {
	struct store_file_stats f;
	int messages; /* rejected-row messages printed so far */
	int timed;    /* t_min/t_max hold a time */
	/* why series were skipped, for one summary line per reason */
	const char *why[8];
	int64_t why_count[8];
	size_t nwhy;
};

/* Counts one accepted value or event at time t (STORE_TIME_UNKNOWN: counted, the span unchanged). */
void ingest_count(struct ingest_stats *st, int64_t t);

/* Counts one skipped series under a reason (a static string). */
void ingest_skip(struct ingest_stats *st, const char *why);

/* Reports one bad row or cell as "file:line:column: reason" (limited per file). */
void ingest_reject(struct ingest_stats *st, const struct ingest_opts *o, const char *file, int64_t line, int col,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Detects the format of a decoded text; INGEST_AUTO when unknown. */
enum ingest_format ingest_detect(const char *data, size_t len, char *delim);

/*
 * The readers, one file each. Return 0, or -1 when the file as a whole
 * cannot be read (reported; the caller rolls the file back).
 */
int ingest_csv_wide(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		    struct ingest_stats *st);
int ingest_csv_long(const struct ingest_input *in, int series_rows, const struct ingest_opts *o,
		    struct ingest_sink *sink, struct ingest_stats *st);
int ingest_prom_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		     struct ingest_stats *st);
int ingest_datadog_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st);
int ingest_datadog_csv(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		       struct ingest_stats *st);
int ingest_kubectl_pods(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st);
int ingest_marathon_app(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st);
int ingest_csv_mapped(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st);
int ingest_kernel_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st);
int ingest_k8s_events(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st);
int ingest_k8s_describe(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st);
int ingest_mesos_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		     struct ingest_stats *st);
int ingest_airflow_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		       struct ingest_stats *st);

/*
 * Content detectors of the JSON and Datadog readers: 1 when the text (its
 * first bytes suffice) is theirs. JSON detectors look at the top-level keys.
 */
int prom_json_detect(const char *data, size_t len);
int datadog_json_detect(const char *data, size_t len);
int kubectl_pods_detect(const char *data, size_t len);
int marathon_app_detect(const char *data, size_t len);
int datadog_csv_detect(const char *header, size_t len, char delim);
int k8s_events_detect(const char *data, size_t len);
/* Text logs: given the first bytes (up to 64 KiB), 1 when they hold this source's lines. */
int kernel_log_detect(const char *data, size_t len);
int k8s_describe_detect(const char *data, size_t len);
int mesos_log_detect(const char *data, size_t len);
int airflow_log_detect(const char *data, size_t len);

/* Totals over a whole `rightsize ingest` call. */
struct ingest_totals {
	int files_ok, files_failed, files_known, files_skipped;
	int64_t accepted, rejected, missing, added, bytes; /* samples: OOM evidence is not counted here */
	int64_t events, events_added; /* OOM evidence, counted apart from samples */
};

/*
 * Ingests a file or, recursively, a folder. Folders skip files whose
 * format is not recognized (said once each); a file named directly must
 * be recognized. A folder from which no file was read is said whatever
 * the verbosity, and while no operand of the same totals (zeroed before
 * the first) has given a file, it counts as failed. Returns 0 when every
 * file was stored, -1 when any failed (each failure already reported; the
 * others are kept).
 */
int ingest_path(struct store *st, const char *path, const struct ingest_opts *o, struct ingest_totals *t);

#endif
