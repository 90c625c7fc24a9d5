/*
 * csvread.h - record splitting for every CSV reader.
 *
 * Lines without a quote character are split in place (the common case in
 * machine-written exports, and the ingest hot path); any line with a quote
 * goes through libcsv, which also joins quoted fields across lines. Every
 * record carries the line number it starts on, for error messages.
 */
#ifndef RS_CSVREAD_H
#define RS_CSVREAD_H

#include <stddef.h>
#include <stdint.h>

struct csvread_row {
	size_t n;             /* fields */
	const char *const *f; /* field texts, NOT NUL-terminated */
	const size_t *len;
	int64_t line; /* 1-based line of the record's first field */
};

/* Return 0 to go on, 1 to stop quietly, -1 to stop with an error. */
typedef int (*csvread_fn)(void *ctx, const struct csvread_row *row);

/*
 * Calls fn for each non-blank record of data, starting at line number
 * first_line. Returns 0, 1 when fn stopped, or -1 (fn's error, or a
 * malformed quoted field, reported against name). When `release` is set,
 * data is a read-only file mapping whose pages are given back to the
 * kernel once read, so a large file never sits in memory whole.
 */
int csvread(const char *data, size_t len, char delim, int64_t first_line, const char *name, int release,
	    csvread_fn fn, void *ctx);

/* Splits one header-like line (for detection); returns the field count. */
size_t csvread_count_fields(const char *line, size_t len, char delim);

#endif
