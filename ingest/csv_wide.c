/*
 * csv_wide.c - Grafana "Download CSV": a time column, then one column per
 * series (one series per download, or "Series joined by time").
 *
 * Header cells name the series (see labels_parse); cells hold raw or
 * formatted values; empty and null cells are missing values.
 */
#include "cell.h"
#include "csvread.h"
#include "ingest.h"
#include "labels.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct wide {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	char delim;
	size_t ncols, time_col;
	int64_t *series; /* per column: id, 0 = not a series */
	int header_done;
};

static int is_time_header(const char *s, size_t len)
{
	return (len == 4 && strncasecmp(s, "time", 4) == 0) || (len == 9 && strncasecmp(s, "timestamp", 9) == 0) ||
	       (len >= 5 && strncasecmp(s, "time ", 5) == 0) || (len == 4 && strncasecmp(s, "date", 4) == 0);
}

static int header(struct wide *w, const struct csvread_row *r)
{
	struct hmap seen;
	size_t c;
	int rc = 0;

	w->ncols = r->n;
	w->series = rs_calloc(r->n, sizeof(*w->series));
	w->time_col = 0;
	for (c = 0; c < r->n; c++) {
		if (is_time_header(r->f[c], r->len[c])) {
			w->time_col = c;
			break;
		}
	}
	hmap_init(&seen);
	for (c = 0; c < r->n && !rc; c++) {
		struct labels l;
		struct identity id;
		const char *why;
		int64_t dup = 0;

		if (c == w->time_col || r->len[c] == 0)
			continue;
		if (labels_parse(r->f[c], r->len[c], w->o->legend_label, &l) != 0) {
			rc = rs_error("%s:%lld:%zu: cannot read the series name \"%.*s\": unbalanced quotes or braces",
				      w->in->name, (long long)r->line, c + 1, (int)(r->len[c] > 200 ? 200 : r->len[c]),
				      r->f[c]);
			break;
		}
		/* Duplicate headers (legend collisions) stay separate series. */
		hmap_get(&seen, r->f[c], r->len[c], &dup);
		hmap_put(&seen, r->f[c], r->len[c], dup + 1);
		if (labels_identity(&l, ingest_format_name(INGEST_GRAFANA_CSV), &id, &why) == 0) {
			if (dup) {
				size_t pl = strlen(id.pod);

				snprintf(id.pod + pl, sizeof(id.pod) - pl, " #%lld", (long long)dup + 1);
				rs_warn("%s:%lld:%zu: header \"%.*s\" repeats; kept apart as pod \"%s\"", w->in->name,
					(long long)r->line, c + 1, (int)r->len[c], r->f[c], id.pod);
			}
			rc = w->sink->series(w->sink->ctx, &id.s, &w->series[c]);
		} else {
			ingest_skip(w->st, why);
		}
		labels_free(&l);
	}
	hmap_free(&seen);
	return rc;
}

/* Reports a bad cell: `"text" why`. */
static int reject(struct wide *w, int64_t line, size_t col, const char *text, size_t len, const char *why)
{
	ingest_reject(w->st, w->o, w->in->name, line, (int)col + 1, "\"%.*s\" %s", (int)(len > 80 ? 80 : len), text,
		      why);
	return w->o->strict ? -1 : 0;
}

static int row(void *ctx, const struct csvread_row *r)
{
	struct wide *w = ctx;
	int64_t t;
	size_t c;

	if (!w->header_done) {
		w->header_done = 1;
		return header(w, r);
	}
	w->st->f.rows++;
	if (r->n > w->ncols && !(r->n == w->ncols + 1 && r->len[r->n - 1] == 0)) {
		char msg[96];

		snprintf(msg, sizeof(msg), "the row has %zu fields but the header has %zu", r->n, w->ncols);
		w->st->f.rejected++;
		ingest_reject(w->st, w->o, w->in->name, r->line, 1, "%s", msg);
		return w->o->strict ? -1 : 0;
	}
	if (w->time_col >= r->n || rtime_parse(r->f[w->time_col], r->len[w->time_col], RTIME_AUTO, &t) != 0) {
		w->st->f.rejected++;
		if (w->time_col >= r->n)
			return reject(w, r->line, w->time_col, "", 0, "(the row has no time cell)");
		return reject(w, r->line, w->time_col, r->f[w->time_col], r->len[w->time_col], "is not a time");
	}
	for (c = 0; c < w->ncols; c++) {
		double v;
		const char *why;
		enum cell_kind k;

		if (!w->series[c])
			continue;
		if (c >= r->n) {
			w->st->f.missing++;
			continue;
		}
		k = cell_value(r->f[c], r->len[c], w->delim, &v, &why);
		if (k == CELL_MISSING) {
			w->st->f.missing++;
			continue;
		}
		if (k == CELL_BAD) {
			w->st->f.rejected++;
			if (reject(w, r->line, c, r->f[c], r->len[c], why))
				return -1;
			continue;
		}
		if (w->sink->sample(w->sink->ctx, w->series[c], t, v))
			return -1;
		ingest_count(w->st, t);
	}
	return 0;
}

int ingest_csv_wide(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		    struct ingest_stats *st)
{
	struct wide w;
	const char *data = in->data;
	size_t len = in->len;
	int64_t line = 1;
	int rc;

	memset(&w, 0, sizeof(w));
	w.in = in;
	w.o = o;
	w.sink = sink;
	w.st = st;
	w.delim = in->delim;
	/* Excel's "sep=," first line. */
	if (len >= 5 && memcmp(data, "sep=", 4) == 0) {
		const char *nl = memchr(data, '\n', len);

		if (!nl)
			return rs_error("%s: nothing after the \"sep=\" line", in->name);
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		line = 2;
	}
	rc = csvread(data, len, in->delim, line, in->name, in->mapped, row, &w);
	if (rc >= 0 && !w.header_done)
		rc = rs_error("%s: empty file", in->name);
	free(w.series);
	return rc < 0 ? -1 : 0;
}
