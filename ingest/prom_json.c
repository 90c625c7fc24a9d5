/*
 * prom_json.c - Prometheus HTTP API JSON: /api/v1/query_range ("matrix")
 * and /api/v1/query ("vector") responses, and the bare result array that
 * `promtool query range|instant -o json` prints.
 *
 * The document is streamed (json.h): one series is held at a time, and its
 * samples go to the sink as they are read once its "metric" object has
 * been seen. When keys were reordered so that "values" comes before
 * "metric", that one series' samples are kept until its labels are known.
 */
#include "cell.h"
#include "ingest.h"
#include "json.h"
#include "labels.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* A bare array whose first element has only series keys: "metric", "values"/"value", "histograms". */
static int bare_series_keys(const char *keys)
{
	const char *p = keys;
	int seen = 0;

	while ((p = strstr(p, "\n[].")) != NULL) {
		const char *k = p + 4, *e = strchr(k, '\n');
		size_t n = (size_t)(e - k);

		p = e;
		if (memchr(k, '.', n) || memchr(k, '[', n))
			continue; /* deeper: labels of "metric" */
		if ((n == 6 && memcmp(k, "values", 6) == 0) || (n == 5 && memcmp(k, "value", 5) == 0))
			seen = 1;
		else if (!(n == 6 && memcmp(k, "metric", 6) == 0) && !(n == 10 && memcmp(k, "histograms", 10) == 0) &&
			 !(n == 9 && memcmp(k, "histogram", 9) == 0))
			return 0;
	}
	return seen;
}

int prom_json_detect(const char *data, size_t len)
{
	char keys[4096];

	json_head_keys(data, len, keys, sizeof(keys));
	/* The API envelope: {"status": ..., "data": {"resultType": ..., "result": [...]}}. */
	if (json_head_has(keys, "data") &&
	    (json_head_has(keys, "status") || json_head_has(keys, "data.resultType") || json_head_has(keys, "data.result")))
		return 1;
	/* An error answer may have no "data". */
	if (json_head_has(keys, "status") && json_head_has(keys, "errorType"))
		return 1;
	/* promtool -o json: [{"metric": {...}, "values": [...]}] or "value": [t, "v"]. */
	if (json_head_has(keys, "[].metric") && (json_head_has(keys, "[].values") || json_head_has(keys, "[].value")))
		return 1;
	return bare_series_keys(keys);
}

/* ---- reading ---------------------------------------------------------------- */

/* One sample as read: a value, a missing value, or a bad one. */
struct point {
	int64_t t, line;
	double v;
	enum cell_kind kind;
	char *why; /* CELL_BAD while kept in the buffer: what is wrong (owned) */
};

enum root { ROOT_UNKNOWN, ROOT_ENVELOPE, ROOT_ARRAY };

struct prom {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	const char *source;
	enum root root;
	int have_data, status_error;
	int64_t status_line;
	char error_type[64], error[512];
	/* the series being read */
	struct labels l;
	int known;   /* its identity is decided */
	int skipped; /* ... and it is not kept */
	int have_id; /* ... and the sink has given its id */
	int64_t id;
	struct identity ident;
	struct point *buf; /* its samples read before its labels */
	size_t nbuf, capbuf;
	/* the sample being read */
	struct point pt;
	int pt_n, pt_shape_bad, pt_t_ok;
	char pt_twhy[128], pt_vwhy[128];
	size_t values_depth; /* inside a "values" list: the list's depth; 0 otherwise */
	struct hmap ids;     /* identity -> series id */
};

static int eq(const char *key, const char *w)
{
	return key && strcmp(key, w) == 0;
}

/*
 * The API's time: seconds, integer or with a fraction ("1435781430.781"),
 * to ms, rounded. Plain decimals are done exactly here; anything else
 * (exponents, ISO text) goes through rtime_parse.
 */
static int prom_time(const char *s, size_t len, int64_t *ms)
{
	int64_t sec = 0, frac = 0;
	size_t i = 0, nd = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9' && i < 12)
		sec = sec * 10 + (s[i++] - '0');
	if (i == 0 || (i < len && s[i] != '.'))
		return rtime_parse(s, len, RTIME_S, ms);
	if (i < len) {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
			if (nd < 3)
				frac = frac * 10 + (s[i] - '0');
			else if (nd == 3 && s[i] >= '5')
				frac++;
		}
		if (i < len || nd == 0)
			return rtime_parse(s, len, RTIME_S, ms);
		for (; nd < 3; nd++)
			frac *= 10;
	}
	*ms = sec * 1000 + frac;
	return 0;
}

/*
 * A sample value as the API writes it: a Go float in a string ("1.5e+08").
 * NaN and infinities are missing; anything else that is not a number, or
 * a negative size, is bad.
 */
static enum cell_kind prom_value(const char *s, size_t len, double *v, char *why, size_t whylen)
{
	char tmp[64], *end;
	double x;
	size_t i;

	/* Fast path: whole bytes, as most memory series are. */
	if (len && len < 16) {
		double acc = 0;

		for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			acc = acc * 10 + (s[i] - '0');
		if (i == len) {
			*v = acc;
			return CELL_VALUE;
		}
	}
	if ((len == 3 && strncasecmp(s, "nan", 3) == 0) || (len == 4 && strncasecmp(s, "+inf", 4) == 0) ||
	    (len == 4 && strncasecmp(s, "-inf", 4) == 0) || (len == 3 && strncasecmp(s, "inf", 3) == 0))
		return CELL_MISSING;
	if (len == 0 || len >= sizeof(tmp)) {
		snprintf(why, whylen, "\"%.*s\" is not a number", (int)(len > 60 ? 60 : len), s);
		return CELL_BAD;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	errno = 0;
	x = strtod(tmp, &end);
	if (end != tmp + len || end == tmp || (errno && isfinite(x) && x != 0)) {
		snprintf(why, whylen, "\"%.*s\" is not a number", (int)len, s);
		return CELL_BAD;
	}
	if (!isfinite(x))
		return CELL_MISSING;
	if (x < 0) {
		snprintf(why, whylen, "\"%.*s\" is negative", (int)len, s);
		return CELL_BAD;
	}
	*v = x;
	return CELL_VALUE;
}

/*
 * Counts one sample of a series whose identity is decided, and hands a good
 * one to the sink; why says what is wrong with a bad one.
 */
static int take(struct prom *pj, const struct point *p, const char *why)
{
	struct store_file_stats *f = &pj->st->f;

	f->rows++;
	if (p->kind == CELL_MISSING) {
		f->missing++;
		return 0;
	}
	if (p->kind == CELL_BAD) {
		f->rejected++;
		ingest_reject(pj->st, pj->o, pj->in->name, p->line, 1, "%s", why);
		return pj->o->strict ? -1 : 0;
	}
	if (pj->skipped)
		return 0;
	if (!pj->have_id) {
		char key[1024];
		int n = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s", pj->ident.s.metric, pj->ident.s.cluster,
				 pj->ident.s.namespace, pj->ident.s.pod, pj->ident.s.container);
		size_t kl = n < 0 ? 0 : (size_t)n >= sizeof(key) ? sizeof(key) - 1 : (size_t)n;

		if (!hmap_get(&pj->ids, key, kl, &pj->id)) {
			if (pj->sink->series(pj->sink->ctx, &pj->ident.s, &pj->id))
				return -1;
			hmap_put(&pj->ids, key, kl, pj->id);
		}
		pj->have_id = 1;
	}
	if (pj->sink->sample(pj->sink->ctx, pj->id, p->t, p->v))
		return -1;
	ingest_count(pj->st, p->t);
	return 0;
}

/* The labels are complete: decide the identity and hand over what was kept. */
static int decide(struct prom *pj)
{
	const char *why;
	size_t i;
	int rc = 0;

	if (pj->known)
		return 0;
	pj->known = 1;
	if (!pj->l.metric)
		pj->l.metric = rs_strdup("");
	if (labels_identity(&pj->l, pj->source, &pj->ident, &why) != 0) {
		pj->skipped = 1;
		ingest_skip(pj->st, why);
	}
	for (i = 0; i < pj->nbuf; i++) {
		if (!rc)
			rc = take(pj, &pj->buf[i], pj->buf[i].why);
		free(pj->buf[i].why);
	}
	pj->nbuf = 0;
	return rc;
}

static void series_begin(struct prom *pj)
{
	labels_free(&pj->l);
	pj->known = pj->skipped = pj->have_id = 0;
	pj->values_depth = 0;
}

/* ---- one sample: [time, "value"] ---- */

static void point_begin(struct prom *pj, int64_t line)
{
	pj->pt.line = line;
	pj->pt.why = NULL;
	pj->pt_n = pj->pt_shape_bad = pj->pt_t_ok = 0;
	pj->pt.kind = CELL_BAD;
	snprintf(pj->pt_vwhy, sizeof(pj->pt_vwhy), "the sample has no value");
}

static void point_part(struct prom *pj, const struct json_event *ev)
{
	int i = pj->pt_n++;

	if (ev->kind == JSON_MAP_START || ev->kind == JSON_ARRAY_START) {
		pj->pt_shape_bad = 1;
		return;
	}
	if (i == 0) {
		if ((ev->kind == JSON_NUMBER || ev->kind == JSON_STRING) && prom_time(ev->text, ev->len, &pj->pt.t) == 0)
			pj->pt_t_ok = 1;
		else if (ev->kind == JSON_NUMBER || ev->kind == JSON_STRING)
			snprintf(pj->pt_twhy, sizeof(pj->pt_twhy), "\"%.*s\" is not a time",
				 (int)(ev->len > 60 ? 60 : ev->len), ev->text);
		else
			snprintf(pj->pt_twhy, sizeof(pj->pt_twhy), "the sample's time is not a number");
	} else if (i == 1) {
		if (ev->kind == JSON_STRING || ev->kind == JSON_NUMBER)
			pj->pt.kind = prom_value(ev->text, ev->len, &pj->pt.v, pj->pt_vwhy, sizeof(pj->pt_vwhy));
		else if (ev->kind == JSON_NULL)
			pj->pt.kind = CELL_MISSING;
		else
			snprintf(pj->pt_vwhy, sizeof(pj->pt_vwhy), "the sample's value is not a string");
	}
}

static int point_end(struct prom *pj)
{
	struct point *p = &pj->pt;
	const char *why = pj->pt_vwhy;
	char shape[96];

	if (pj->pt_shape_bad == 2) {
		snprintf(shape, sizeof(shape), "a sample must be [time, \"value\"], not a single value");
		p->kind = CELL_BAD;
		why = shape;
	} else if (pj->pt_shape_bad || pj->pt_n != 2) {
		snprintf(shape, sizeof(shape), "a sample must be [time, \"value\"] (this one has %d element%s)", pj->pt_n,
			 pj->pt_n == 1 ? "" : "s");
		p->kind = CELL_BAD;
		why = shape;
	} else if (!pj->pt_t_ok) {
		p->kind = CELL_BAD;
		why = pj->pt_twhy;
	}
	if (pj->known)
		return take(pj, p, why);
	if (pj->nbuf == pj->capbuf) {
		pj->capbuf = pj->capbuf ? pj->capbuf * 2 : 256;
		pj->buf = rs_realloc(pj->buf, pj->capbuf * sizeof(*pj->buf));
	}
	pj->buf[pj->nbuf] = *p;
	pj->buf[pj->nbuf].why = p->kind == CELL_BAD ? rs_strdup(why) : NULL;
	pj->nbuf++;
	return 0;
}

/* A scalar where a sample should be: one bad sample. */
static int point_scalar(struct prom *pj, const struct json_event *ev)
{
	point_begin(pj, ev->line);
	pj->pt_shape_bad = 2;
	return point_end(pj);
}

/* ---- one element of the result: {"metric": {...}, "values": [...]} ---- */

/* Inside "values" (the hot path): d 1 is one [t, "v"], d 2 its parts. */
static int values_event(struct prom *pj, const struct json_event *ev, size_t d)
{
	if (d == 1) {
		if (ev->kind == JSON_ARRAY_START)
			point_begin(pj, ev->line);
		else if (ev->kind == JSON_ARRAY_END)
			return point_end(pj);
		else if (ev->kind <= JSON_STRING || ev->kind == JSON_MAP_START)
			return point_scalar(pj, ev);
	} else if (d == 2 && ev->kind != JSON_ARRAY_END && ev->kind != JSON_MAP_END) {
		point_part(pj, ev);
	}
	return 0;
}

static int series_event(struct prom *pj, const struct json_path *p, const struct json_event *ev, size_t base)
{
	size_t d = p->depth - base;
	const char *key;
	int scalar = ev->kind <= JSON_STRING;

	if (d == 0) {
		if (ev->kind == JSON_MAP_START) {
			series_begin(pj);
			return 0;
		}
		if (ev->kind == JSON_MAP_END)
			return decide(pj);
		return rs_error("%s:%lld: the result holds a single [time, value] pair, not series (a \"scalar\" or "
				"\"string\" result): rightsize reads \"matrix\" (query_range) and \"vector\" (query) results",
				pj->in->name, (long long)ev->line);
	}
	key = json_key(p, base);
	if (eq(key, "metric")) {
		if (d == 1 && ev->kind == JSON_MAP_END)
			return decide(pj);
		if (d == 2 && !pj->known && (ev->kind == JSON_STRING || ev->kind == JSON_NUMBER)) {
			const char *name = json_key(p, base + 1);

			if (strcmp(name, "__name__") == 0) {
				free(pj->l.metric);
				pj->l.metric = rs_strndup(ev->text, ev->len);
			} else {
				labels_set(&pj->l, name, strlen(name), ev->text, ev->len);
			}
		}
		return 0;
	}
	if (eq(key, "values")) {
		/* the list's own start and end; on_event hands what is inside to values_event */
		if (d == 1 && ev->kind == JSON_ARRAY_START)
			pj->values_depth = p->depth;
		else if (d == 1 && ev->kind == JSON_ARRAY_END)
			pj->values_depth = 0;
		return 0;
	}
	if (eq(key, "value")) {
		/* d 1: the [t, "v"] pair; d 2: its parts */
		if (d == 1) {
			if (ev->kind == JSON_ARRAY_START)
				point_begin(pj, ev->line);
			else if (ev->kind == JSON_ARRAY_END)
				return point_end(pj);
			else if (scalar || ev->kind == JSON_MAP_START)
				return point_scalar(pj, ev);
		} else if (d == 2 && ev->kind != JSON_ARRAY_END && ev->kind != JSON_MAP_END) {
			point_part(pj, ev);
		}
		return 0;
	}
	/* "histograms", "histogram" and anything else: not read. */
	return 0;
}

static void keep_text(char *dst, size_t n, const struct json_event *ev)
{
	snprintf(dst, n, "%.*s", (int)(ev->len > n - 1 ? n - 1 : ev->len), ev->text ? ev->text : "");
}

static int on_event(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	struct prom *pj = ctx;
	const char *k0;

	if (pj->values_depth && p->depth > pj->values_depth)
		return values_event(pj, ev, p->depth - pj->values_depth);
	if (p->depth == 0) {
		if (ev->kind == JSON_MAP_START)
			pj->root = ROOT_ENVELOPE;
		else if (ev->kind == JSON_ARRAY_START)
			pj->root = ROOT_ARRAY;
		else if (ev->kind != JSON_MAP_END && ev->kind != JSON_ARRAY_END)
			return rs_error("%s:%lld: not a Prometheus API response: the document is a single value",
					pj->in->name, (long long)ev->line);
		return 0;
	}
	if (pj->root == ROOT_ARRAY)
		return series_event(pj, p, ev, 1);
	k0 = json_key(p, 0);
	if (p->depth == 1) {
		if (strcmp(k0, "status") == 0 && ev->kind == JSON_STRING) {
			pj->status_line = ev->line;
			pj->status_error = ev->len == 5 && memcmp(ev->text, "error", 5) == 0;
		} else if (strcmp(k0, "errorType") == 0 && ev->kind == JSON_STRING) {
			keep_text(pj->error_type, sizeof(pj->error_type), ev);
		} else if (strcmp(k0, "error") == 0 && ev->kind == JSON_STRING) {
			keep_text(pj->error, sizeof(pj->error), ev);
		} else if (strcmp(k0, "data") == 0 && ev->kind == JSON_MAP_START) {
			pj->have_data = 1;
		}
		return 0;
	}
	if (strcmp(k0, "warnings") == 0 || strcmp(k0, "infos") == 0) {
		if (p->depth == 2 && ev->kind == JSON_STRING)
			rs_warn("%s:%lld: the Prometheus API %s: %.*s", pj->in->name, (long long)ev->line,
				k0[0] == 'w' ? "warns" : "notes", (int)(ev->len > 300 ? 300 : ev->len), ev->text);
		return 0;
	}
	if (strcmp(k0, "data") != 0 || pj->status_error)
		return 0;
	if (p->depth == 2) {
		const char *k1 = json_key(p, 1);

		if (strcmp(k1, "resultType") == 0 && ev->kind == JSON_STRING) {
			if ((ev->len == 6 && memcmp(ev->text, "matrix", 6) == 0) ||
			    (ev->len == 6 && memcmp(ev->text, "vector", 6) == 0))
				return 0;
			return rs_error("%s:%lld: the result type is \"%.*s\", which holds no series: rightsize reads "
					"\"matrix\" (/api/v1/query_range) and \"vector\" (/api/v1/query) results",
					pj->in->name, (long long)ev->line, (int)(ev->len > 40 ? 40 : ev->len), ev->text);
		}
		return 0;
	}
	if (strcmp(json_key(p, 1), "result") == 0 && p->seg[2].index >= 0)
		return series_event(pj, p, ev, 3);
	return 0;
}

int ingest_prom_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		     struct ingest_stats *st)
{
	struct prom *pj = rs_calloc(1, sizeof(*pj));
	size_t i;
	int rc;

	pj->in = in;
	pj->o = o;
	pj->sink = sink;
	pj->st = st;
	pj->source = ingest_format_name(INGEST_PROM_JSON);
	labels_init(&pj->l);
	hmap_init(&pj->ids);
	rc = json_stream_input(in, on_event, pj);
	if (rc == 0 && pj->root == ROOT_ENVELOPE) {
		if (pj->status_error)
			rc = rs_error("%s:%lld: the Prometheus API answered with an error%s%s%s: %s", in->name,
				      (long long)pj->status_line, pj->error_type[0] ? " (" : "", pj->error_type,
				      pj->error_type[0] ? ")" : "", pj->error[0] ? pj->error : "(no message)");
		else if (!pj->have_data)
			rc = rs_error("%s: not a Prometheus API response: there is no \"data\" object", in->name);
	}
	for (i = 0; i < pj->nbuf; i++)
		free(pj->buf[i].why);
	free(pj->buf);
	labels_free(&pj->l);
	hmap_free(&pj->ids);
	free(pj);
	return rc < 0 ? -1 : 0;
}
