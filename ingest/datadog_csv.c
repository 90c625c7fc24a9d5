/*
 * datadog_csv.c - Datadog metrics as CSV, in two layouts:
 *
 *   a dashboard, notebook or Metrics Explorer download: a time column, then
 *   one column per series whose header is a Datadog query or scope,
 *     timestamp,"avg:kubernetes.memory.working_set{kube_namespace:prod,pod_name:web-1}",...
 *
 *   Datadog's csv_exporter (pandas): an index column, "date", "metric"
 *   ("kubernetes.memory.working_set (avg)"), then one column per scope,
 *     ,date,metric,"kube_namespace:prod,pod_name:web-1",...
 *
 * Headers are read by datadog_name_parse (datadog_json.c); a header that
 * says nothing readable fails the file with a pointer to --format csv.
 */
#include "cell.h"
#include "csvread.h"
#include "ingest.h"
#include "datadog.h"
#include "labels.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Defined in datadog_json.c (shared by the Datadog readers). */

/* ---- detection --------------------------------------------------------------- */

static void trim(const char **s, size_t *len)
{
	while (*len && (isspace((unsigned char)**s) || **s == '"'))
		(*s)++, (*len)--;
	while (*len && (isspace((unsigned char)(*s)[*len - 1]) || (*s)[*len - 1] == '"'))
		(*len)--;
}

static int is_word(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

static int has_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return 1;
	return 0;
}

static int has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * A header cell in Datadog's words: a Datadog metric or a Kubernetes tag
 * written tag:value, and not Prometheus' label="value" (a Grafana header
 * whose label values happen to mention "kubernetes.").
 */
static int datadog_words(const char *s, size_t len)
{
	return ((has_ci(s, len, "kubernetes.") && !has_ci(s, len, "kubernetes.io")) ||
		has_ci(s, len, "container.memory") || has_ci(s, len, "docker.mem") ||
		has_ci(s, len, "kube_namespace:") || has_ci(s, len, "pod_name:")) &&
	       !has(s, len, "=\"");
}

#define DETECT_FIELDS 64

int datadog_csv_detect(const char *header, size_t len, char delim)
{
	const char *f[DETECT_FIELDS];
	size_t fl[DETECT_FIELDS], n = 0, i, pos = 0;
	int dd = 0, value = 0, timestamp = 0;

	while (len && (header[len - 1] == '\r' || header[len - 1] == '\n'))
		len--;
	/* fields, quotes respected */
	while (pos <= len && n < DETECT_FIELDS) {
		size_t start = pos;
		int q = 0;

		while (pos < len && (q || header[pos] != delim)) {
			if (header[pos] == '"')
				q = !q;
			pos++;
		}
		f[n] = header + start;
		fl[n] = pos - start;
		trim(&f[n], &fl[n]);
		n++;
		pos++;
	}
	for (i = 0; i < n; i++) {
		if (is_word(f[i], fl[i], "value"))
			value = 1;
		else if (is_word(f[i], fl[i], "timestamp"))
			timestamp = 1;
		else if (datadog_words(f[i], fl[i]))
			dd = 1;
	}
	/* A long CSV (promql-cli, rightsize export) is never Datadog's. */
	if (value && timestamp)
		return 0;
	/* csv_exporter: [index,] date, metric, scopes... */
	if (n >= 3 && is_word(f[0], fl[0], "date") && is_word(f[1], fl[1], "metric"))
		return 1;
	if (n >= 4 && (fl[0] == 0 || is_word(f[0], fl[0], "Unnamed: 0")) && is_word(f[1], fl[1], "date") &&
	    is_word(f[2], fl[2], "metric"))
		return 1;
	return dd;
}

/* ---- reading ------------------------------------------------------------------- */

enum col_kind { COL_OTHER, COL_SERIES, COL_SKIPPED };

struct ddcsv {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	const char *source;
	char delim;
	int header_done;
	int exporter; /* csv_exporter layout: the metric is in a column */
	size_t ncols, time_col, metric_col;
	char **headers;	 /* series columns: the header text */
	enum col_kind *kind;
	int64_t *ids;
	char *metric; /* exporter: the metric the ids were made for */
	struct hmap by_identity;
};

static int time_header(const char *s, size_t len)
{
	return is_word(s, len, "time") || is_word(s, len, "timestamp") || is_word(s, len, "date") ||
	       is_word(s, len, "datetime") || is_word(s, len, "ts") || (len > 5 && strncasecmp(s, "time ", 5) == 0) ||
	       (len > 10 && strncasecmp(s, "timestamp ", 10) == 0);
}

static int unreadable(struct ddcsv *dc, int64_t line, size_t col, const char *s, size_t len)
{
	return rs_error("%s:%lld:%zu: cannot read the Datadog column header \"%.*s\" (expected a query such as "
			"avg:kubernetes.memory.working_set{kube_namespace:prod,pod_name:web-1} or a scope such as "
			"kube_namespace:prod,pod_name:web-1): read this file with --format csv --time-col %zu "
			"--value-col %zu --id-col pod=... instead",
			dc->in->name, (long long)line, col + 1, (int)(len > 200 ? 200 : len), s, dc->time_col + 1, col + 1);
}

/*
 * Names every series column: its header, with the metric of the "metric"
 * column in the csv_exporter layout (metric, mlen; NULL otherwise).
 * Columns of the same identity share one series.
 */
static int name_columns(struct ddcsv *dc, const char *metric, size_t mlen, int64_t line)
{
	size_t c;

	for (c = 0; c < dc->ncols; c++) {
		struct labels l;
		struct identity id;
		const char *why;

		if (!dc->headers[c])
			continue;
		labels_init(&l);
		if (datadog_name_parse(dc->headers[c], strlen(dc->headers[c]), &l) != 0) {
			labels_free(&l);
			return unreadable(dc, line, c, dc->headers[c], strlen(dc->headers[c]));
		}
		if (metric && (!l.metric || !*l.metric)) {
			free(l.metric);
			l.metric = rs_strndup(metric, mlen);
		}
		if (datadog_identity(&l, dc->source, &id, &why) == 0) {
			char key[1024];
			int n = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s", id.s.metric, id.s.cluster,
					 id.s.namespace, id.s.pod, id.s.container);
			size_t kl = n < 0 ? 0 : (size_t)n >= sizeof(key) ? sizeof(key) - 1 : (size_t)n;

			dc->kind[c] = COL_SERIES;
			if (!hmap_get(&dc->by_identity, key, kl, &dc->ids[c])) {
				if (dc->sink->series(dc->sink->ctx, &id.s, &dc->ids[c])) {
					labels_free(&l);
					return -1;
				}
				hmap_put(&dc->by_identity, key, kl, dc->ids[c]);
			}
		} else {
			dc->kind[c] = COL_SKIPPED;
			ingest_skip(dc->st, why);
		}
		labels_free(&l);
	}
	return 0;
}

static int header(struct ddcsv *dc, const struct csvread_row *r)
{
	size_t c, first = 0;

	dc->ncols = r->n;
	dc->headers = rs_calloc(r->n, sizeof(*dc->headers));
	dc->kind = rs_calloc(r->n, sizeof(*dc->kind));
	dc->ids = rs_calloc(r->n, sizeof(*dc->ids));
	if (r->n >= 3 && is_word(r->f[0], r->len[0], "date") && is_word(r->f[1], r->len[1], "metric")) {
		dc->exporter = 1;
		dc->time_col = 0;
		dc->metric_col = 1;
		first = 2;
	} else if (r->n >= 4 && is_word(r->f[1], r->len[1], "date") && is_word(r->f[2], r->len[2], "metric")) {
		dc->exporter = 1;
		dc->time_col = 1;
		dc->metric_col = 2;
		first = 3;
	} else {
		for (c = 0; c < r->n; c++)
			if (time_header(r->f[c], r->len[c]))
				break;
		if (c == r->n)
			return rs_error("%s:%lld: this Datadog CSV has no time column (a header named timestamp, time or "
					"date): read it with --format csv --time-col COLUMN --value-col COLUMN "
					"--id-col pod=... instead",
					dc->in->name, (long long)r->line);
		dc->time_col = c;
		dc->metric_col = (size_t)-1;
	}
	for (c = first; c < r->n; c++) {
		struct labels l;
		const char *s = r->f[c];
		size_t len = r->len[c];

		if (c == dc->time_col || c == dc->metric_col)
			continue;
		trim(&s, &len);
		if (!len)
			continue; /* an unnamed column (a trailing delimiter) */
		labels_init(&l);
		if (datadog_name_parse(s, len, &l) != 0) {
			labels_free(&l);
			return unreadable(dc, r->line, c, s, len);
		}
		labels_free(&l);
		dc->headers[c] = rs_strndup(s, len);
	}
	/* csv_exporter names the metric in every row; the dashboard layout names it in the header. */
	return dc->exporter ? 0 : name_columns(dc, NULL, 0, r->line);
}

/* csv_exporter's metric cell: "kubernetes.memory.working_set (avg)" -> the metric. */
static int exporter_metric(struct ddcsv *dc, const struct csvread_row *r)
{
	const char *m = dc->metric_col < r->n ? r->f[dc->metric_col] : "";
	size_t ml = dc->metric_col < r->n ? r->len[dc->metric_col] : 0;
	const char *paren;

	trim(&m, &ml);
	paren = ml && m[ml - 1] == ')' ? memchr(m, '(', ml) : NULL;
	if (paren && paren > m && paren[-1] == ' ') {
		ml = (size_t)(paren - m);
		trim(&m, &ml);
	}
	if (dc->metric && strlen(dc->metric) == ml && memcmp(dc->metric, m, ml) == 0)
		return 0;
	free(dc->metric);
	dc->metric = rs_strndup(m, ml);
	return name_columns(dc, m, ml, r->line);
}

static int reject(struct ddcsv *dc, int64_t line, size_t col, const char *text, size_t len, const char *why)
{
	dc->st->f.rejected++;
	ingest_reject(dc->st, dc->o, dc->in->name, line, (int)col + 1, "\"%.*s\" %s", (int)(len > 80 ? 80 : len), text,
		      why);
	return dc->o->strict ? -1 : 0;
}

static int row(void *ctx, const struct csvread_row *r)
{
	struct ddcsv *dc = ctx;
	struct store_file_stats *f = &dc->st->f;
	int64_t t;
	size_t c;

	if (!dc->header_done) {
		dc->header_done = 1;
		return header(dc, r);
	}
	f->rows++;
	if (r->n > dc->ncols && !(r->n == dc->ncols + 1 && r->len[r->n - 1] == 0)) {
		f->rejected++;
		ingest_reject(dc->st, dc->o, dc->in->name, r->line, 1, "the row has %zu fields but the header has %zu",
			      r->n, dc->ncols);
		return dc->o->strict ? -1 : 0;
	}
	if (dc->time_col >= r->n)
		return reject(dc, r->line, dc->time_col, "", 0, "(the row has no time cell)");
	if (rtime_parse(r->f[dc->time_col], r->len[dc->time_col], RTIME_AUTO, &t) != 0)
		return reject(dc, r->line, dc->time_col, r->f[dc->time_col], r->len[dc->time_col], "is not a time");
	if (dc->exporter && exporter_metric(dc, r))
		return -1;
	for (c = 0; c < dc->ncols; c++) {
		double v;
		const char *why;
		enum cell_kind k;

		if (dc->kind[c] != COL_SERIES)
			continue;
		if (c >= r->n) {
			f->missing++;
			continue;
		}
		k = cell_value(r->f[c], r->len[c], dc->delim, &v, &why);
		if (k == CELL_MISSING) {
			f->missing++;
			continue;
		}
		if (k == CELL_BAD) {
			if (reject(dc, r->line, c, r->f[c], r->len[c], why))
				return -1;
			continue;
		}
		if (dc->sink->sample(dc->sink->ctx, dc->ids[c], t, v))
			return -1;
		ingest_count(dc->st, t);
	}
	return 0;
}

int ingest_datadog_csv(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		       struct ingest_stats *st)
{
	struct ddcsv dc;
	const char *data = in->data;
	size_t len = in->len, c;
	int64_t line = 1;
	int rc;

	memset(&dc, 0, sizeof(dc));
	dc.in = in;
	dc.o = o;
	dc.sink = sink;
	dc.st = st;
	dc.source = ingest_format_name(INGEST_DATADOG_CSV);
	dc.delim = in->delim ? in->delim : ',';
	hmap_init(&dc.by_identity);
	if (len >= 5 && memcmp(data, "sep=", 4) == 0) {
		const char *nl = memchr(data, '\n', len);

		if (!nl) {
			hmap_free(&dc.by_identity);
			return rs_error("%s: nothing after the \"sep=\" line", in->name);
		}
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		line = 2;
	}
	rc = csvread(data, len, dc.delim, line, in->name, in->mapped, row, &dc);
	if (rc >= 0 && !dc.header_done)
		rc = rs_error("%s: empty file", in->name);
	for (c = 0; c < dc.ncols; c++)
		free(dc.headers[c]);
	free(dc.headers);
	free(dc.kind);
	free(dc.ids);
	free(dc.metric);
	hmap_free(&dc.by_identity);
	return rc < 0 ? -1 : 0;
}
