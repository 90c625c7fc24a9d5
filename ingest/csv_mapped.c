/*
 * csv_mapped.c - any CSV, read through a column mapping given on the
 * command line (--format csv): which column holds the time, the memory
 * usage, optionally the request and the limit, and which columns name the
 * cluster, namespace, workload, pod and container.
 *
 * Each row gives one usage sample (metric "memory_usage") and, where its
 * cells hold them, one request sample ("memory_requests") and one limit
 * sample ("memory_limits") of the same identity. See
 * docs/formats-csv-mapping.md for the user's side.
 */
#define _XOPEN_SOURCE 700 /* strptime */

#include "cell.h"
#include "csvread.h"
#include "ingest.h"
#include "labels.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { R_USAGE, R_REQUEST, R_LIMIT, R_N };

static const char *const role_metric[R_N] = { "memory_usage", "memory_requests", "memory_limits" };

/* Series ids of one identity, per role: NOT_YET until its first sample. */
#define NOT_YET INT64_C(-2)
struct ids {
	int64_t id[R_N];
};

struct mapcsv {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	char delim;
	int header_done;
	size_t ncols;
	/* resolved 0-based columns; (size_t)-1 when not mapped */
	size_t time_col, value_col, request_col, limit_col;
	size_t id_col[INGEST_MAX_MAPS];
	const char *id_label[INGEST_MAX_MAPS];
	size_t nid;
	double scale; /* bytes per unit of a plain number (1 with --unit percent) */
	int percent;
	/* Pod of rows that name none: NULL, the workload cell (pod_from_col), or a fixed name. */
	const char *pod_fixed;
	size_t pod_from_col;
	char stem[256];
	int year_checked;
	struct hmap keys; /* id cells -> index into ids */
	struct ids *ids;
	size_t nids, cap_ids;
	char *key;
	size_t key_cap;
};

#define NO_COL ((size_t)-1)

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_blank((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && is_blank((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* A header name: blanks and quotes around it do not count. */
static void trim_name(const char **s, size_t *len)
{
	while (*len && (is_blank((unsigned char)**s) || **s == '"' || **s == '\''))
		(*s)++, (*len)--;
	while (*len && (is_blank((unsigned char)(*s)[*len - 1]) || (*s)[*len - 1] == '"' || (*s)[*len - 1] == '\''))
		(*len)--;
}

static int cut(size_t len)
{
	return (int)(len > 80 ? 80 : len);
}

/* ---- the delimiter ------------------------------------------------------ */

/*
 * Bitbrains writes ";<TAB>" between fields: as many TABs as semicolons, and
 * detection (which prefers TAB on a tie) would split at the TABs and leave
 * a ';' at the end of every field. When every TAB of the first line follows
 * a ';' or a ',', the TABs are padding and the character before is the
 * delimiter.
 */
static char padded_delimiter(const char *data, size_t len, char delim)
{
	const char *nl = memchr(data, '\n', len);
	size_t ll = nl ? (size_t)(nl - data) : len, i, tabs = 0, after_semi = 0, after_comma = 0;
	int q = 0;

	if (delim != '\t')
		return delim;
	for (i = 0; i < ll; i++) {
		if (data[i] == '"')
			q = !q;
		else if (!q && data[i] == '\t') {
			tabs++;
			after_semi += i > 0 && data[i - 1] == ';';
			after_comma += i > 0 && data[i - 1] == ',';
		}
	}
	if (tabs && after_semi == tabs)
		return ';';
	if (tabs && after_comma == tabs)
		return ',';
	return delim;
}

/* ---- columns ------------------------------------------------------------ */

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Lists the header's names for an error message: "a", "b", ... (malloc'd). */
static char *list_names(const struct csvread_row *r)
{
	size_t c, n = 1;
	char *out, *p;

	for (c = 0; c < r->n; c++)
		n += r->len[c] + 4;
	out = p = rs_malloc(n);
	*p = '\0';
	for (c = 0; c < r->n; c++) {
		const char *s = r->f[c];
		size_t len = r->len[c];

		trim_name(&s, &len);
		p += sprintf(p, "%s\"%.*s\"", c ? ", " : "", (int)len, s);
	}
	return out;
}

/*
 * Finds the column a COL option names in the header (or, with --no-header,
 * the first row): a header name (exact, then ignoring case), else a
 * 1-based number. `opt` is the option as the user wrote it, for messages
 * ("--value-col", "--id-col pod="). Returns 0, or -1 with a message.
 */
static int resolve(struct mapcsv *m, const struct csvread_row *r, const char *col, const char *opt, size_t *out)
{
	size_t c, len = strlen(col);
	int pass;
	char *names, what[300];

	if (!m->o->no_header) {
		for (pass = 0; pass < 2; pass++) {
			for (c = 0; c < r->n; c++) {
				const char *s = r->f[c];
				size_t l = r->len[c];

				trim_name(&s, &l);
				if (l == len && (pass ? strncasecmp(s, col, len) : strncmp(s, col, len)) == 0) {
					*out = c;
					return 0;
				}
			}
		}
	}
	snprintf(what, sizeof(what), "%s%s\"%.200s\"", opt, opt[strlen(opt) - 1] == '=' ? "" : " ", col);
	if (all_digits(col)) {
		unsigned long n = strtoul(col, NULL, 10);

		if (n >= 1 && n <= r->n) {
			*out = (size_t)n - 1;
			return 0;
		}
		return rs_error("%s: %s: the %s has %zu columns (numbered from 1)", m->in->name, what,
				m->o->no_header ? "first row" : "header", r->n);
	}
	if (m->o->no_header)
		return rs_error("%s: %s: with --no-header, columns are numbers (1 to %zu)", m->in->name, what, r->n);
	names = list_names(r);
	rs_error("%s:%lld: %s: no such column; the header's columns are: %s", m->in->name, (long long)r->line, what,
		 names);
	free(names);
	return -1;
}

static int setup_columns(struct mapcsv *m, const struct csvread_row *r)
{
	const struct ingest_opts *o = m->o;
	size_t i;

	m->ncols = r->n;
	m->request_col = m->limit_col = NO_COL;
	if (resolve(m, r, o->time_col, "--time-col", &m->time_col) ||
	    resolve(m, r, o->value_col, "--value-col", &m->value_col) ||
	    (o->request_col && resolve(m, r, o->request_col, "--request-col", &m->request_col)) ||
	    (o->limit_col && resolve(m, r, o->limit_col, "--limit-col", &m->limit_col)))
		return -1;
	for (i = 0; i < o->nid_cols; i++) {
		char opt[64];

		snprintf(opt, sizeof(opt), "--id-col %s=", o->id_cols[i].label);
		if (resolve(m, r, o->id_cols[i].value, opt, &m->id_col[i]))
			return -1;
		m->id_label[i] = o->id_cols[i].label;
	}
	m->nid = o->nid_cols;
	return 0;
}

/*
 * The store tells series apart by cluster, namespace, pod and container:
 * rows that name no pod (a VM, a workload's aggregate) take the workload's
 * name as their pod, else the --label workload, else the file's name, so
 * two such workloads never fold into one series. A --label pod is left to
 * the caller.
 */
static void setup_pod(struct mapcsv *m)
{
	const struct ingest_opts *o = m->o;
	const char *base = strrchr(m->in->name, '/'), *dot;
	size_t i;

	m->pod_fixed = NULL;
	m->pod_from_col = NO_COL;
	for (i = 0; i < m->nid; i++)
		if (strcmp(m->id_label[i], "pod") == 0)
			return;
	for (i = 0; i < o->nlabels; i++)
		if (strcmp(o->labels[i].label, "pod") == 0)
			return;
	for (i = 0; i < m->nid; i++) {
		if (strcmp(m->id_label[i], "workload") == 0) {
			m->pod_from_col = m->id_col[i];
			return;
		}
	}
	for (i = 0; i < o->nlabels; i++) {
		if (strcmp(o->labels[i].label, "workload") == 0) {
			m->pod_fixed = o->labels[i].value;
			return;
		}
	}
	base = base ? base + 1 : m->in->name;
	dot = strrchr(base, '.');
	snprintf(m->stem, sizeof(m->stem), "%.*s", (int)(dot && dot != base ? (size_t)(dot - base) : strlen(base)),
		 base);
	m->pod_fixed = m->stem;
}

/* ---- cells -------------------------------------------------------------- */

/*
 * A --time-format strftime pattern, through strptime(3). The result is
 * written back as ISO 8601 and handed to rtime_parse, which checks the date
 * and applies --tz to times without an offset (%z gives one). A fraction
 * of a second may follow the pattern (".250").
 */
static int parse_pattern(struct mapcsv *m, const char *s, size_t len, int64_t *ms)
{
	char buf[128], iso[96];
	const char *end, *frac = "";
	size_t flen = 0, k;
	struct tm tm;

	if (len >= sizeof(buf))
		return 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = INT_MIN;
	tm.tm_mday = 1;
	end = strptime(buf, m->o->time_format, &tm);
	if (!end)
		return 1;
	if (*end == '.' || *end == ',') {
		frac = end + 1;
		while (isdigit((unsigned char)frac[flen]))
			flen++;
		if (!flen)
			return 1;
		end = frac + flen;
	}
	while (is_blank((unsigned char)*end))
		end++;
	if (*end)
		return 1;
	if (tm.tm_year == INT_MIN) {
		if (!m->year_checked)
			rs_error("%s: --time-format \"%s\" gives no year (use %%Y, %%y, %%F or %%D)", m->in->name,
				 m->o->time_format);
		m->year_checked = 1;
		return -1;
	}
	m->year_checked = 1;
	k = (size_t)snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (flen && k + 1 + flen < sizeof(iso))
		k += (size_t)snprintf(iso + k, sizeof(iso) - k, ".%.*s", (int)flen, frac);
	if (strstr(m->o->time_format, "%z")) {
		long off = tm.tm_gmtoff;

		k += (size_t)snprintf(iso + k, sizeof(iso) - k, "%c%02ld:%02ld", off < 0 ? '-' : '+',
				      labs(off) / 3600, labs(off) / 60 % 60);
	}
	return rtime_parse(iso, k < sizeof(iso) ? k : sizeof(iso) - 1, RTIME_AUTO, ms) ? 1 : 0;
}

/* 0 and *ms, 1 for a bad cell, -1 when the whole file cannot be read. */
static int parse_time(struct mapcsv *m, const char *s, size_t len, int64_t *ms)
{
	trim(&s, &len);
	if (!len)
		return 1;
	if (m->o->time_format)
		return parse_pattern(m, s, len, ms);
	if (m->o->time_iso && (len < 10 || s[4] != '-'))
		return 1;
	return rtime_parse(s, len, m->o->time_iso ? RTIME_AUTO : m->o->time_epoch, ms) ? 1 : 0;
}

static double unit_scale(enum ingest_unit u)
{
	switch (u) {
	case UNIT_KIB: return 1024.0;
	case UNIT_MIB: return 1048576.0;
	case UNIT_GIB: return 1073741824.0;
	case UNIT_KB: return 1e3;
	case UNIT_MB: return 1e6;
	case UNIT_GB: return 1e9;
	default: return 1.0;
	}
}

/*
 * A size cell. Plain numbers are in `scale` units; a cell with its own unit
 * ("412 MiB") keeps it. With `percent`, a trailing '%' is allowed and the
 * number is returned as is.
 */
static enum cell_kind size_cell(const struct mapcsv *m, const char *s, size_t len, double scale, int percent,
				double *v, const char **why)
{
	enum cell_kind k;

	trim(&s, &len);
	if (percent && len && s[len - 1] == '%') {
		len--;
		trim(&s, &len);
	}
	k = cell_value(s, len, m->delim, v, why);
	if (k == CELL_VALUE && !percent && len && (isdigit((unsigned char)s[len - 1]) || s[len - 1] == '.'))
		*v *= scale;
	return k;
}

/* ---- series ------------------------------------------------------------- */

static void cell_text(const struct csvread_row *r, size_t c, const char **s, size_t *len)
{
	*s = r->f[c];
	*len = r->len[c];
	trim(s, len);
}

/* Index of the identity named by this row's id cells (new ones get NOT_YET ids). */
static size_t identity_of(struct mapcsv *m, const struct csvread_row *r)
{
	size_t i, k = 0, need = 1;
	int64_t idx;

	for (i = 0; i < m->nid; i++)
		need += r->len[m->id_col[i]] + 1;
	if (need > m->key_cap) {
		m->key_cap = need * 2;
		m->key = rs_realloc(m->key, m->key_cap);
	}
	m->key[k++] = '\x1f';
	for (i = 0; i < m->nid; i++) {
		const char *s;
		size_t len;

		cell_text(r, m->id_col[i], &s, &len);
		memcpy(m->key + k, s, len);
		k += len;
		m->key[k++] = '\x1f';
	}
	if (hmap_get(&m->keys, m->key, k, &idx))
		return (size_t)idx;
	if (m->nids == m->cap_ids) {
		m->cap_ids = m->cap_ids ? m->cap_ids * 2 : 8;
		m->ids = rs_realloc(m->ids, m->cap_ids * sizeof(*m->ids));
	}
	for (i = 0; i < R_N; i++)
		m->ids[m->nids].id[i] = NOT_YET;
	hmap_put(&m->keys, m->key, k, (int64_t)m->nids);
	return m->nids++;
}

/* The series of one role of identity idx (this row's): *id, or -1 when skipped. */
static int series_of(struct mapcsv *m, const struct csvread_row *r, size_t idx, int role, int64_t *id)
{
	size_t i;
	struct labels l;
	struct identity ident;
	const char *why, *s;
	size_t len;
	int rc = 0;

	if (m->ids[idx].id[role] != NOT_YET) {
		*id = m->ids[idx].id[role];
		return 0;
	}
	labels_init(&l);
	l.metric = rs_strdup(role_metric[role]);
	for (i = 0; i < m->nid; i++) {
		cell_text(r, m->id_col[i], &s, &len);
		labels_set(&l, m->id_label[i], strlen(m->id_label[i]), s, len);
	}
	if (m->pod_from_col != NO_COL) {
		cell_text(r, m->pod_from_col, &s, &len);
		labels_set(&l, "pod", 3, s, len);
	} else if (m->pod_fixed) {
		labels_set(&l, "pod", 3, m->pod_fixed, strlen(m->pod_fixed));
	}
	if (labels_identity(&l, ingest_format_name(INGEST_MAPPED_CSV), &ident, &why) == 0) {
		rc = m->sink->series(m->sink->ctx, &ident.s, id);
	} else {
		*id = -1;
		ingest_skip(m->st, why);
	}
	labels_free(&l);
	if (rc)
		return -1;
	m->ids[idx].id[role] = *id;
	return 0;
}

static int emit(struct mapcsv *m, const struct csvread_row *r, size_t idx, int role, int64_t t, double v)
{
	int64_t id;

	if (series_of(m, r, idx, role, &id))
		return -1;
	if (id < 0)
		return 0;
	if (m->sink->sample(m->sink->ctx, id, t, v))
		return -1;
	ingest_count(m->st, t);
	return 0;
}

/* ---- rows --------------------------------------------------------------- */

#define REJECT(col, ...)                                                                           \
	do {                                                                                       \
		m->st->f.rejected++;                                                               \
		ingest_reject(m->st, m->o, m->in->name, r->line, (int)(col) + 1, __VA_ARGS__);     \
		return m->o->strict ? -1 : 0;                                                      \
	} while (0)

static int is_none(const char *s, size_t len)
{
	return len == 0 || (len == 6 && memcmp(s, "<none>", 6) == 0);
}

static int data_row(struct mapcsv *m, const struct csvread_row *r)
{
	const size_t cols[R_N] = { m->value_col, m->request_col, m->limit_col };
	enum cell_kind kind[R_N];
	double v[R_N], limit = NAN;
	const char *why, *s;
	size_t i, len, idx;
	int64_t t;
	int rc;

	m->st->f.rows++;
	if (r->n != m->ncols)
		REJECT(0, "the row has %zu fields but the %s has %zu", r->n, m->o->no_header ? "first row" : "header",
		       m->ncols);
	for (i = 0; i < m->nid; i++) {
		cell_text(r, m->id_col[i], &s, &len);
		if (is_none(s, len))
			REJECT(m->id_col[i], "the %s column is empty: the row names no %s", m->id_label[i],
			       m->id_label[i]);
	}
	rc = parse_time(m, r->f[m->time_col], r->len[m->time_col], &t);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		cell_text(r, m->time_col, &s, &len);
		REJECT(m->time_col, "\"%.*s\" is not a time%s%s%s", cut(len), s,
		       m->o->time_format ? " of the form \"" : m->o->time_iso ? " in ISO 8601" : "",
		       m->o->time_format ? m->o->time_format : "", m->o->time_format ? "\"" : "");
	}
	for (i = 0; i < R_N; i++) {
		kind[i] = CELL_MISSING;
		if (cols[i] == NO_COL)
			continue;
		kind[i] = size_cell(m, r->f[cols[i]], r->len[cols[i]], i == R_USAGE || !m->percent ? m->scale : 1.0,
				    i == R_USAGE && m->percent, &v[i], &why);
		if (kind[i] == CELL_BAD) {
			cell_text(r, cols[i], &s, &len);
			REJECT(cols[i], "\"%.*s\" %s", cut(len), s, why);
		}
		/* No container has zero memory: a request or limit of 0 is not set. */
		if (kind[i] == CELL_VALUE && i != R_USAGE && v[i] == 0)
			kind[i] = CELL_MISSING;
	}
	if (kind[R_LIMIT] == CELL_VALUE)
		limit = v[R_LIMIT];
	else if (!isnan(m->o->limit_bytes))
		limit = m->o->limit_bytes;
	if (m->percent && kind[R_USAGE] == CELL_VALUE) {
		if (isnan(limit)) {
			cell_text(r, m->value_col, &s, &len);
			REJECT(m->limit_col != NO_COL ? m->limit_col : m->value_col,
			       "usage \"%.*s\" is a percent of the limit, but the row has no limit (the limit cell is "
			       "empty or 0; --limit SIZE gives one for such rows)", cut(len), s);
		}
		v[R_USAGE] = v[R_USAGE] / 100.0 * limit;
	}
	for (i = 0; i < R_N; i++)
		if (cols[i] != NO_COL && kind[i] == CELL_MISSING)
			m->st->f.missing++;
	if (kind[R_USAGE] != CELL_VALUE && kind[R_REQUEST] != CELL_VALUE && isnan(limit))
		return 0;
	idx = identity_of(m, r);
	if (kind[R_USAGE] == CELL_VALUE && emit(m, r, idx, R_USAGE, t, v[R_USAGE]))
		return -1;
	if (kind[R_REQUEST] == CELL_VALUE && emit(m, r, idx, R_REQUEST, t, v[R_REQUEST]))
		return -1;
	if (!isnan(limit) && emit(m, r, idx, R_LIMIT, t, limit))
		return -1;
	return 0;
}

static int row(void *ctx, const struct csvread_row *r)
{
	struct mapcsv *m = ctx;

	if (!m->header_done) {
		m->header_done = 1;
		if (setup_columns(m, r))
			return -1;
		setup_pod(m);
		if (!m->o->no_header)
			return 0;
	}
	return data_row(m, r);
}

int ingest_csv_mapped(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st)
{
	struct mapcsv m;
	const char *data = in->data;
	size_t len = in->len;
	int64_t line = 1;
	int rc;

	if (!o->time_col || !o->value_col)
		return rs_error("%s: --format csv needs --time-col and --value-col", in->name);
	memset(&m, 0, sizeof(m));
	m.in = in;
	m.o = o;
	m.sink = sink;
	m.st = st;
	m.percent = o->unit == UNIT_PERCENT;
	m.scale = unit_scale(o->unit);
	if (len >= 5 && memcmp(data, "sep=", 4) == 0) {
		const char *nl = memchr(data, '\n', len);

		if (!nl)
			return rs_error("%s: nothing after the \"sep=\" line", in->name);
		len -= (size_t)(nl + 1 - data);
		data = nl + 1;
		line = 2;
	}
	m.delim = o->delimiter ? o->delimiter : padded_delimiter(data, len, in->delim);
	hmap_init(&m.keys);
	rc = csvread(data, len, m.delim, line, in->name, in->mapped, row, &m);
	if (rc >= 0 && !m.header_done)
		rc = rs_error("%s: empty file", in->name);
	free(m.ids);
	free(m.key);
	hmap_free(&m.keys);
	return rc < 0 ? -1 : 0;
}
