/*
 * csv_long.c - one row per sample: label columns, a value and a time.
 *
 * promql-cli writes `__name__,<labels...>,value,timestamp` (RFC 3339 in the
 * exporting machine's zone); Grafana 3-6 legacy exports write
 * `Series;Time;Value` where the Series cell names the series.
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

struct longcsv {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	char delim;
	int series_rows; /* Grafana legacy: the Series column names the series */
	size_t ncols, value_col, time_col, series_col;
	char **names; /* label names per column (NULL for value/time) */
	int header_done;
	struct hmap ids; /* label cells -> series id, or -1 when skipped */
	char *key;
	size_t key_cap;
};

static int name_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

static int header(struct longcsv *lc, const struct csvread_row *r)
{
	size_t c;
	int have_v = 0, have_t = 0, have_s = 0;

	lc->ncols = r->n;
	lc->names = rs_calloc(r->n, sizeof(*lc->names));
	for (c = 0; c < r->n; c++) {
		if (!have_v && name_is(r->f[c], r->len[c], "value")) {
			lc->value_col = c;
			have_v = 1;
		} else if (!have_t && (name_is(r->f[c], r->len[c], "timestamp") || name_is(r->f[c], r->len[c], "time"))) {
			lc->time_col = c;
			have_t = 1;
		} else if (lc->series_rows && !have_s && name_is(r->f[c], r->len[c], "series")) {
			lc->series_col = c;
			have_s = 1;
		} else {
			lc->names[c] = rs_strndup(r->f[c], r->len[c]);
		}
	}
	if (!have_v || !have_t || (lc->series_rows && !have_s))
		return rs_error("%s:%lld: a long CSV needs %s\"value\" and \"timestamp\" (or \"time\") columns; "
				"the header has none", lc->in->name, (long long)r->line,
				lc->series_rows ? "\"Series\", " : "");
	return 0;
}

/* Looks up or creates the series named by this row's label cells. */
static int series_of(struct longcsv *lc, const struct csvread_row *r, int64_t *id)
{
	size_t c, k = 0, need = 0;
	struct labels l;
	struct identity ident;
	const char *why;

	for (c = 0; c < r->n; c++)
		need += r->len[c] + 1;
	if (need > lc->key_cap) {
		lc->key_cap = need * 2;
		lc->key = rs_realloc(lc->key, lc->key_cap);
	}
	for (c = 0; c < r->n; c++) {
		if (!lc->names[c] && c != lc->series_col)
			continue;
		if (lc->series_rows && c != lc->series_col)
			continue;
		memcpy(lc->key + k, r->f[c], r->len[c]);
		k += r->len[c];
		lc->key[k++] = '\x1f';
	}
	if (hmap_get(&lc->ids, lc->key, k, id))
		return 0;
	if (lc->series_rows) {
		if (labels_parse(r->f[lc->series_col], r->len[lc->series_col], lc->o->legend_label, &l) != 0) {
			*id = -1;
			hmap_put(&lc->ids, lc->key, k, *id);
			rs_warn("%s:%lld:%zu: cannot read the series name \"%.*s\"", lc->in->name, (long long)r->line,
				lc->series_col + 1, (int)r->len[lc->series_col], r->f[lc->series_col]);
			ingest_skip(lc->st, "series name not readable");
			return 0;
		}
	} else {
		labels_init(&l);
		l.metric = rs_strdup("");
		for (c = 0; c < r->n; c++) {
			if (!lc->names[c])
				continue;
			if (strcmp(lc->names[c], "__name__") == 0) {
				free(l.metric);
				l.metric = rs_strndup(r->f[c], r->len[c]);
			} else if (r->len[c]) {
				/* An empty cell is an absent label, as in Prometheus. */
				labels_set(&l, lc->names[c], strlen(lc->names[c]), r->f[c], r->len[c]);
			}
		}
	}
	if (labels_identity(&l, ingest_format_name(lc->series_rows ? INGEST_GRAFANA_SERIES_CSV : INGEST_LONG_CSV),
			    &ident, &why) == 0) {
		if (lc->sink->series(lc->sink->ctx, &ident.s, id)) {
			labels_free(&l);
			return -1;
		}
	} else {
		*id = -1;
		ingest_skip(lc->st, why);
	}
	labels_free(&l);
	hmap_put(&lc->ids, lc->key, k, *id);
	return 0;
}

static int row(void *ctx, const struct csvread_row *r)
{
	struct longcsv *lc = ctx;
	int64_t t, id;
	double v;
	const char *why;
	enum cell_kind kind;

	if (!lc->header_done) {
		lc->header_done = 1;
		return header(lc, r);
	}
	lc->st->f.rows++;
	if (r->n != lc->ncols) {
		lc->st->f.rejected++;
		ingest_reject(lc->st, lc->o, lc->in->name, r->line, 1, "the row has %zu fields but the header has %zu",
			      r->n, lc->ncols);
		return lc->o->strict ? -1 : 0;
	}
	kind = cell_value(r->f[lc->value_col], r->len[lc->value_col], lc->delim, &v, &why);
	if (kind == CELL_MISSING) {
		lc->st->f.missing++;
		return 0;
	}
	if (kind == CELL_BAD) {
		lc->st->f.rejected++;
		ingest_reject(lc->st, lc->o, lc->in->name, r->line, (int)lc->value_col + 1, "\"%.*s\" %s",
			      (int)(r->len[lc->value_col] > 80 ? 80 : r->len[lc->value_col]), r->f[lc->value_col], why);
		return lc->o->strict ? -1 : 0;
	}
	if (rtime_parse(r->f[lc->time_col], r->len[lc->time_col], RTIME_AUTO, &t) != 0) {
		lc->st->f.rejected++;
		ingest_reject(lc->st, lc->o, lc->in->name, r->line, (int)lc->time_col + 1, "\"%.*s\" is not a time",
			      (int)(r->len[lc->time_col] > 80 ? 80 : r->len[lc->time_col]), r->f[lc->time_col]);
		return lc->o->strict ? -1 : 0;
	}
	if (series_of(lc, r, &id))
		return -1;
	if (id < 0)
		return 0;
	if (lc->sink->sample(lc->sink->ctx, id, t, v))
		return -1;
	ingest_count(lc->st, t);
	return 0;
}

int ingest_csv_long(const struct ingest_input *in, int series_rows, const struct ingest_opts *o,
		    struct ingest_sink *sink, struct ingest_stats *st)
{
	struct longcsv lc;
	const char *data = in->data;
	size_t len = in->len, c;
	int64_t line = 1;
	int rc;

	memset(&lc, 0, sizeof(lc));
	lc.in = in;
	lc.o = o;
	lc.sink = sink;
	lc.st = st;
	lc.delim = in->delim;
	lc.series_rows = series_rows;
	lc.series_col = (size_t)-1;
	hmap_init(&lc.ids);
	if (len >= 5 && memcmp(data, "sep=", 4) == 0) {
		const char *nl = memchr(data, '\n', len);

		if (!nl) {
			hmap_free(&lc.ids);
			return rs_error("%s: nothing after the \"sep=\" line", in->name);
		}
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		line = 2;
	}
	rc = csvread(data, len, in->delim, line, in->name, in->mapped, row, &lc);
	if (rc >= 0 && !lc.header_done)
		rc = rs_error("%s: empty file", in->name);
	for (c = 0; c < lc.ncols; c++)
		free(lc.names[c]);
	free(lc.names);
	free(lc.key);
	hmap_free(&lc.ids);
	return rc < 0 ? -1 : 0;
}
