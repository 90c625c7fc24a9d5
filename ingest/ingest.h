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

enum ingest_format {
	INGEST_AUTO = 0,
	INGEST_GRAFANA_CSV,        /* time column + one column per series */
	INGEST_GRAFANA_SERIES_CSV, /* legacy "Series;Time;Value" rows */
	INGEST_LONG_CSV,           /* one row per sample: labels, value, timestamp */
};

const char *ingest_format_name(enum ingest_format f);
/* Returns 0 and sets *f for "auto", "grafana-csv", "grafana-series-csv", "long-csv"; -1 otherwise. */
int ingest_format_parse(const char *name, enum ingest_format *f);

struct ingest_opts {
	enum ingest_format format; /* AUTO: detected from content */
	int strict;                /* any bad row fails the whole file */
	const char *legend_label;  /* which label a bare column header names ("pod") */
	int max_messages;          /* rejected-row messages printed per file */
};

void ingest_opts_init(struct ingest_opts *o);

/* Where readers send what they read. */
struct ingest_sink {
	int (*series)(void *ctx, const struct store_series *s, int64_t *id);
	int (*sample)(void *ctx, int64_t series_id, int64_t t_ms, double value);
	void *ctx;
};

/* What a reader is given: the decoded text of one file. */
struct ingest_input {
	const char *name; /* path for messages */
	const char *data; /* UTF-8, BOM removed */
	size_t len;
	int mapped; /* data is a read-only file mapping (pages may be released) */
};

/* Counts kept while reading one file (also the store's file stats). */
struct ingest_stats {
	struct store_file_stats f;
	int messages; /* rejected-row messages printed so far */
	/* why series were skipped, for one summary line per reason */
	const char *why[8];
	int64_t why_count[8];
	size_t nwhy;
};

/* Counts one skipped series under a reason (a static string). */
void ingest_skip(struct ingest_stats *st, const char *why);

/* Reports one bad row or cell as "file:line:column: reason" (limited per file). */
void ingest_reject(struct ingest_stats *st, const struct ingest_opts *o, const char *file, int64_t line, int col,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Detects the format of a decoded text; INGEST_AUTO when unknown. */
enum ingest_format ingest_detect(const char *data, size_t len, char *delim);

/* The readers. Return 0, or -1 when the file as a whole cannot be read. */
int ingest_csv_wide(const struct ingest_input *in, char delim, const struct ingest_opts *o, struct ingest_sink *sink,
		    struct ingest_stats *st);
int ingest_csv_long(const struct ingest_input *in, char delim, int series_rows, const struct ingest_opts *o,
		    struct ingest_sink *sink, struct ingest_stats *st);

/* Totals over a whole `rightsize ingest` call. */
struct ingest_totals {
	int files_ok, files_failed, files_known, files_skipped;
	int64_t accepted, rejected, missing, added, bytes;
};

/*
 * Ingests a file or, recursively, a folder. Folders skip files whose
 * format is not recognized (said once each); a file named directly must
 * be recognized. Returns 0 when every file was stored, -1 when any failed
 * (each failure already reported; the others are kept).
 */
int ingest_path(struct store *st, const char *path, const struct ingest_opts *o, struct ingest_totals *t);

#endif
