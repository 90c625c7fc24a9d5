/*
 * datadog_json.c - Datadog's /api/v1/query response (metrics query,
 * "timeseries points"), and the Datadog naming shared with datadog_csv.c:
 * tags such as "kube_namespace:prod" become labels, and query texts such
 * as "avg:kubernetes.memory.usage{kube_namespace:prod} by {pod_name}" give
 * a metric and tags.
 *
 * Each element of "series" is one series: "metric", "scope" and "tag_set"
 * name it, "unit" says what its numbers are, "pointlist" holds
 * [epoch ms, value|null] pairs. The unit may come after the points (it
 * does in real answers), so one series' points are kept until it ends.
 */
#include "cell.h"
#include "ingest.h"
#include "json.h"
#include "datadog.h"
#include "labels.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- tags and names ------------------------------------------------------ */

/* The Datadog tags that name a series' parts; they keep their names as labels (see labels_identity). */
static const char *const tag_labels[] = {
	"kube_cluster_name", "cluster_name", "kube_namespace", "kube_deployment", "kube_stateful_set",
	"kube_daemon_set", "kube_cronjob", "kube_job", "pod_name", "kube_container_name", "container_name", "host",
	"reason", /* last_state.terminated{reason:oomkilled}: an OOM kill */
	NULL,
};

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static int word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && memcmp(s, w, len) == 0;
}

/* One tag's value for a tag key: kept as a label when rightsize uses that tag. */
static void tag_set(struct labels *l, const char *key, size_t klen, const char *val, size_t vlen)
{
	size_t i;

	trim(&val, &vlen);
	for (i = 0; tag_labels[i]; i++) {
		if (word_is(key, klen, tag_labels[i])) {
			labels_set(l, key, klen, val, vlen);
			return;
		}
	}
	/* A ReplicaSet names its Deployment once the pod-template-hash is cut (workload_of). */
	if (word_is(key, klen, "kube_replica_set")) {
		labels_set(l, "owner_kind", 10, "ReplicaSet", 10);
		labels_set(l, "owner_name", 10, val, vlen);
	}
}

/*
 * Reads "tag:value,tag:value" (a scope, or one tag of a tag_set) into l.
 * A value may hold ':' (split at the first one) and blanks. Filters and
 * template variables ("*", "!tag:x", "tag:web-*", "$env") and bare tags
 * name nothing and are passed over. Returns the number of tag:value pairs.
 */
int datadog_tags_parse(const char *s, size_t len, struct labels *l)
{
	const char *end = s + len;
	int n = 0;

	while (s < end) {
		const char *comma = memchr(s, ',', (size_t)(end - s));
		const char *t = s, *colon;
		size_t tl = (size_t)((comma ? comma : end) - s);

		s = comma ? comma + 1 : end;
		trim(&t, &tl);
		if (!tl || t[0] == '!' || t[0] == '$' || t[0] == '-' || memchr(t, '*', tl))
			continue;
		colon = memchr(t, ':', tl);
		if (!colon || colon == t)
			continue;
		{
			const char *k = t;
			size_t kl = (size_t)(colon - t);

			trim(&k, &kl);
			tag_set(l, k, kl, colon + 1, (size_t)(t + tl - colon - 1));
		}
		n++;
	}
	return n;
}

static int is_metric_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

static int all_metric_chars(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!is_metric_char((unsigned char)s[i]))
			return 0;
	return len > 0 && !isdigit((unsigned char)s[0]);
}

/* Space aggregators written before a metric: "avg:kubernetes.memory.usage". */
static int is_aggregator(const char *s, size_t len)
{
	return word_is(s, len, "avg") || word_is(s, len, "sum") || word_is(s, len, "min") || word_is(s, len, "max") ||
	       word_is(s, len, "count");
}

static void set_metric(struct labels *l, const char *s, size_t len)
{
	free(l->metric);
	l->metric = rs_strndup(s, len);
}

#define MAX_BY 16

/*
 * Reads a Datadog series name into l (metric and tags):
 *   avg:kubernetes.memory.usage{kube_namespace:prod,pod_name:web-1}
 *   kubernetes.memory.usage{kube_namespace:prod} by {pod_name} pod_name:web-1
 *   avg:kubernetes.memory.usage{kube_namespace:prod} by {pod_name,kube_container_name} (web-1, app)
 *   kube_namespace:prod,pod_name:web-1             (a scope alone)
 *   kubernetes.memory.usage                          (a metric alone)
 * Function suffixes (".rollup(avg, 60)") are passed over. Returns 0, or -1
 * when the text is none of these.
 */
int datadog_name_parse(const char *s, size_t len, struct labels *l)
{
	const char *brace, *close, *rest, *end, *by[MAX_BY];
	size_t bylen[MAX_BY], nby = 0, hl, i;
	int ntags, named;

	trim(&s, &len);
	end = s + len;
	brace = memchr(s, '{', len);
	if (!brace) {
		const char *colon = memchr(s, ':', len);

		/* "avg:metric" */
		if (colon && is_aggregator(s, (size_t)(colon - s)) &&
		    all_metric_chars(colon + 1, (size_t)(end - colon - 1))) {
			set_metric(l, colon + 1, (size_t)(end - colon - 1));
			return 0;
		}
		if (colon)
			return datadog_tags_parse(s, len, l) > 0 ? 0 : -1;
		if (all_metric_chars(s, len) && memchr(s, '.', len)) {
			set_metric(l, s, len);
			return 0;
		}
		return -1;
	}
	/* [aggregator:]metric before the scope */
	hl = (size_t)(brace - s);
	{
		const char *m = s, *colon;
		size_t ml = hl;

		trim(&m, &ml);
		/* a formula or function around the query: top(...), a * b */
		if (memchr(m, '(', ml))
			return -1;
		colon = NULL;
		for (i = 0; i < ml; i++)
			if (m[i] == ':')
				colon = m + i;
		if (colon) {
			ml -= (size_t)(colon + 1 - m);
			m = colon + 1;
		}
		/* "{tag:v,...}" alone is a scope */
		named = ml > 0;
		if (named && !all_metric_chars(m, ml))
			return -1;
		if (named)
			set_metric(l, m, ml);
	}
	close = memchr(brace, '}', (size_t)(end - brace));
	if (!close)
		return -1;
	if (datadog_tags_parse(brace + 1, (size_t)(close - brace - 1), l) == 0 && !named)
		return -1;
	rest = close + 1;
	for (;;) {
		while (rest < end && isspace((unsigned char)*rest))
			rest++;
		if (rest < end && *rest == '.') {
			/* .rollup(...), .as_count(), .fill(...) */
			const char *paren = memchr(rest, ')', (size_t)(end - rest));

			if (!paren)
				return -1;
			rest = paren + 1;
			continue;
		}
		break;
	}
	if (end - rest >= 2 && (rest[0] == 'b' || rest[0] == 'B') && (rest[1] == 'y' || rest[1] == 'Y') &&
	    (end - rest == 2 || isspace((unsigned char)rest[2]) || rest[2] == '{')) {
		const char *bo, *bc, *p;

		rest += 2;
		while (rest < end && isspace((unsigned char)*rest))
			rest++;
		bo = rest;
		if (bo >= end || *bo != '{' || !(bc = memchr(bo, '}', (size_t)(end - bo))))
			return -1;
		for (p = bo + 1; p < bc && nby < MAX_BY;) {
			const char *c = memchr(p, ',', (size_t)(bc - p));
			const char *t = p;
			size_t tl = (size_t)((c ? c : bc) - p);

			trim(&t, &tl);
			if (tl) {
				by[nby] = t;
				bylen[nby++] = tl;
			}
			p = c ? c + 1 : bc;
		}
		rest = bc + 1;
	}
	/* The group's values: "tag:v,..." or, in the order of "by", bare values. */
	while (rest < end && *rest && strchr(" \t:=-({[\"'", *rest))
		rest++;
	while (end > rest && end[-1] && strchr(" \t)}]\"'", end[-1]))
		end--;
	if (rest == end)
		return 0;
	ntags = datadog_tags_parse(rest, (size_t)(end - rest), l);
	if (ntags > 0)
		return 0;
	if (!nby)
		return -1;
	{
		const char *p = rest, *val[MAX_BY];
		size_t vlen[MAX_BY], nv = 0;

		while (p <= end && nv < MAX_BY) {
			const char *c = memchr(p, ',', (size_t)(end - p));
			const char *t = p;
			size_t tl = (size_t)((c ? c : end) - p);

			trim(&t, &tl);
			val[nv] = t;
			vlen[nv++] = tl;
			if (!c)
				break;
			p = c + 1;
		}
		if (nv != nby)
			return -1;
		for (i = 0; i < nv; i++)
			tag_set(l, by[i], bylen[i], val[i], vlen[i]);
	}
	return 0;
}

static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * labels_identity for Datadog names. Datadog spells settings its own way
 * (container.memory.limit, docker.mem.limit, kubernetes_state.container.
 * memory_requested) and has memory metrics that are not sizes (usage_pct,
 * oom_events, page faults, node capacity): those are skipped.
 */
int datadog_identity(struct labels *l, const char *source, struct identity *id, const char **why)
{
	static const char *const not_sizes[] = { "pct", "percent", "in_use", "fault", "failcnt", "swap",
						 "sw_limit", "soft_limit", "capacity", "allocatable", NULL };
	const char *m, *last, *kc = labels_get(l, "kube_container_name");
	size_t i;
	int rc;

	if (!l->metric)
		l->metric = rs_strdup("");
	m = l->metric;
	/* Datadog's container_name can be the runtime's name (k8s_app_web-...): the Kubernetes one wins. */
	if (kc && *kc)
		labels_set(l, "container", 9, kc, strlen(kc));
	for (i = 0; not_sizes[i]; i++) {
		if (contains_ci(m, not_sizes[i])) {
			*why = "not a memory size (a Datadog percentage, count, swap or node metric)";
			memset(&id->s, 0, sizeof(id->s));
			return 1;
		}
	}
	rc = labels_identity(l, source, id, why);
	if (rc != 0)
		return rc;
	last = strrchr(m, '.');
	last = last ? last + 1 : m;
	if (strcasecmp(last, "limit") == 0 || strcasecmp(last, "memory_limit") == 0)
		id->s.role = STORE_LIMIT;
	else if (strcasecmp(last, "request") == 0 || strcasecmp(last, "memory_requested") == 0 ||
		 strcasecmp(last, "memory_request") == 0)
		id->s.role = STORE_REQUEST;
	return 0;
}

/* ---- detection ------------------------------------------------------------ */

static int head_has(const char *keys, const char *path)
{
	size_t n = strlen(path);
	const char *p = keys;

	while ((p = strstr(p, path)) != NULL) {
		if (p > keys && p[-1] == '\n' && p[n] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

int datadog_json_detect(const char *data, size_t len)
{
	char keys[4096];

	json_head_keys(data, len, keys, sizeof(keys));
	return head_has(keys, "series") &&
	       (head_has(keys, "from_date") || head_has(keys, "res_type") || head_has(keys, "query") ||
		head_has(keys, "status") || head_has(keys, "series[].pointlist"));
}

/* ---- reading ---------------------------------------------------------------- */

struct point {
	int64_t t, line;
	double v;
	enum cell_kind kind;
	char *why; /* CELL_BAD: what is wrong (owned) */
};

struct dd {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	const char *source;
	int have_series, status_error, have_errors, warned_unit;
	int64_t status_line, error_line;
	char error[512];
	/* the series being read */
	int64_t series_line;
	char *metric, *scope, *expression;
	char *tags; /* tag_set, joined by ',' */
	size_t tags_len, tags_cap;
	int unit_given;
	char unit_name[48], unit_family[48];
	double unit_factor;
	struct point *buf;
	size_t nbuf, capbuf;
	/* the point being read */
	struct point pt;
	int pt_n, pt_shape_bad, pt_t_ok;
	char pt_twhy[128], pt_vwhy[128];
	struct hmap ids;
};

static void series_reset(struct dd *d)
{
	size_t i;

	free(d->metric);
	free(d->scope);
	free(d->expression);
	d->metric = d->scope = d->expression = NULL;
	d->tags_len = 0;
	d->unit_given = 0;
	d->unit_name[0] = d->unit_family[0] = '\0';
	d->unit_factor = 0;
	for (i = 0; i < d->nbuf; i++)
		free(d->buf[i].why);
	d->nbuf = 0;
}

static void keep_text(char *dst, size_t n, const struct json_event *ev)
{
	snprintf(dst, n, "%.*s", (int)(ev->len > n - 1 ? n - 1 : ev->len), ev->text ? ev->text : "");
}

/* Bytes per unit of a series, 0 when its unit is not a size. */
static double unit_scale(const struct dd *d)
{
	static const struct {
		const char *name;
		double scale;
	} units[] = {
		{ "byte", 1 }, { "bytes", 1 }, { "kibibyte", 1024.0 }, { "mebibyte", 1048576.0 },
		{ "gibibyte", 1073741824.0 }, { "tebibyte", 1099511627776.0 }, { "kilobyte", 1e3 },
		{ "megabyte", 1e6 }, { "gigabyte", 1e9 }, { "terabyte", 1e12 },
	};
	size_t i;

	if (!d->unit_given || (!d->unit_name[0] && !d->unit_family[0]))
		return 1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(d->unit_name, units[i].name) == 0)
			return units[i].scale;
	if (strcasecmp(d->unit_family, "bytes") == 0 && d->unit_factor > 0)
		return d->unit_factor;
	return 0;
}

/* Counts a series' points and hands the good ones to the sink as id (-1: counted only). */
static int take(struct dd *d, int64_t id, double scale)
{
	struct store_file_stats *f = &d->st->f;
	size_t i;

	for (i = 0; i < d->nbuf; i++) {
		const struct point *p = &d->buf[i];
		double v = p->v * scale;

		f->rows++;
		if (p->kind == CELL_MISSING) {
			f->missing++;
			continue;
		}
		if (p->kind == CELL_BAD) {
			f->rejected++;
			ingest_reject(d->st, d->o, d->in->name, p->line, 1, "%s", p->why);
			if (d->o->strict)
				return -1;
			continue;
		}
		if (id < 0)
			continue;
		if (d->sink->sample(d->sink->ctx, id, p->t, v))
			return -1;
		ingest_count(d->st, p->t);
	}
	return 0;
}

/* A series ended: name it, and hand over its points. */
static int series_end(struct dd *d)
{
	struct labels l;
	struct identity ident;
	const char *why;
	int64_t id = -1;
	double scale = 1;
	int rc = 0, kept;

	labels_init(&l);
	if (d->expression)
		datadog_name_parse(d->expression, strlen(d->expression), &l);
	if (d->scope)
		datadog_tags_parse(d->scope, strlen(d->scope), &l);
	if (d->tags_len)
		datadog_tags_parse(d->tags, d->tags_len, &l);
	if (d->metric)
		set_metric(&l, d->metric, strlen(d->metric));
	kept = datadog_identity(&l, d->source, &ident, &why) == 0;
	if (kept) {
		scale = unit_scale(d);
		if (scale == 0) {
			if (!d->warned_unit)
				rs_warn("%s:%lld: series \"%s\" is in %s%s%s, not bytes: skipped", d->in->name,
					(long long)d->series_line, l.metric, d->unit_name[0] ? d->unit_name : "a unit",
					d->unit_family[0] ? " of family " : "", d->unit_family);
			d->warned_unit = 1;
			ingest_skip(d->st, "the unit is not a memory size");
			kept = 0;
			scale = 1;
		}
	} else {
		ingest_skip(d->st, why);
	}
	if (kept && d->nbuf) {
		char key[1024];
		int n = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s", ident.s.metric, ident.s.cluster,
				 ident.s.namespace, ident.s.pod, ident.s.container);
		size_t kl = n < 0 ? 0 : (size_t)n >= sizeof(key) ? sizeof(key) - 1 : (size_t)n;

		/* Only a series with a value is created. */
		for (size_t i = 0; i < d->nbuf; i++) {
			if (d->buf[i].kind != CELL_VALUE)
				continue;
			if (!hmap_get(&d->ids, key, kl, &id)) {
				rc = d->sink->series(d->sink->ctx, &ident.s, &id);
				if (!rc)
					hmap_put(&d->ids, key, kl, id);
			}
			break;
		}
	}
	if (!rc)
		rc = take(d, kept ? id : -1, scale);
	labels_free(&l);
	series_reset(d);
	return rc;
}

static void point_begin(struct dd *d, int64_t line)
{
	d->pt.line = line;
	d->pt.why = NULL;
	d->pt.kind = CELL_BAD;
	d->pt_n = d->pt_shape_bad = d->pt_t_ok = 0;
	snprintf(d->pt_vwhy, sizeof(d->pt_vwhy), "the point has no value");
}

static enum cell_kind dd_value(const char *s, size_t len, double *v, char *why, size_t whylen)
{
	char tmp[64], *end;
	double x;

	if (len == 0 || len >= sizeof(tmp)) {
		snprintf(why, whylen, "\"%.*s\" is not a number", (int)(len > 60 ? 60 : len), s);
		return CELL_BAD;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (strcasecmp(tmp, "nan") == 0 || strcasecmp(tmp, "null") == 0)
		return CELL_MISSING;
	errno = 0;
	x = strtod(tmp, &end);
	if (end != tmp + len || (errno && isfinite(x) && x != 0)) {
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

static void point_part(struct dd *d, const struct json_event *ev)
{
	int i = d->pt_n++;

	if (ev->kind == JSON_MAP_START || ev->kind == JSON_ARRAY_START) {
		d->pt_shape_bad = 1;
		return;
	}
	if (i == 0) {
		if ((ev->kind == JSON_NUMBER || ev->kind == JSON_STRING) &&
		    rtime_parse(ev->text, ev->len, RTIME_MS, &d->pt.t) == 0)
			d->pt_t_ok = 1;
		else if (ev->kind == JSON_NUMBER || ev->kind == JSON_STRING)
			snprintf(d->pt_twhy, sizeof(d->pt_twhy), "\"%.*s\" is not a time in milliseconds",
				 (int)(ev->len > 60 ? 60 : ev->len), ev->text);
		else
			snprintf(d->pt_twhy, sizeof(d->pt_twhy), "the point's time is not a number");
	} else if (i == 1) {
		if (ev->kind == JSON_NULL)
			d->pt.kind = CELL_MISSING;
		else if (ev->kind == JSON_NUMBER || ev->kind == JSON_STRING)
			d->pt.kind = dd_value(ev->text, ev->len, &d->pt.v, d->pt_vwhy, sizeof(d->pt_vwhy));
		else
			snprintf(d->pt_vwhy, sizeof(d->pt_vwhy), "the point's value is not a number");
	}
}

static void point_end(struct dd *d)
{
	const char *why = d->pt_vwhy;
	char shape[96];

	if (d->pt_shape_bad == 2) {
		snprintf(shape, sizeof(shape), "a point must be [time, value], not a single value");
		d->pt.kind = CELL_BAD;
		why = shape;
	} else if (d->pt_shape_bad || d->pt_n != 2) {
		snprintf(shape, sizeof(shape), "a point must be [time, value] (this one has %d element%s)", d->pt_n,
			 d->pt_n == 1 ? "" : "s");
		d->pt.kind = CELL_BAD;
		why = shape;
	} else if (!d->pt_t_ok) {
		d->pt.kind = CELL_BAD;
		why = d->pt_twhy;
	}
	if (d->nbuf == d->capbuf) {
		d->capbuf = d->capbuf ? d->capbuf * 2 : 256;
		d->buf = rs_realloc(d->buf, d->capbuf * sizeof(*d->buf));
	}
	d->buf[d->nbuf] = d->pt;
	d->buf[d->nbuf].why = d->pt.kind == CELL_BAD ? rs_strdup(why) : NULL;
	d->nbuf++;
}

static void append_tag(struct dd *d, const struct json_event *ev)
{
	if (d->tags_len + ev->len + 2 > d->tags_cap) {
		d->tags_cap = (d->tags_len + ev->len + 2) * 2;
		d->tags = rs_realloc(d->tags, d->tags_cap);
	}
	if (d->tags_len)
		d->tags[d->tags_len++] = ',';
	memcpy(d->tags + d->tags_len, ev->text, ev->len);
	d->tags_len += ev->len;
	d->tags[d->tags_len] = '\0';
}

static char *dup_text(char *old, const struct json_event *ev)
{
	free(old);
	return rs_strndup(ev->text, ev->len);
}

/* Events inside series[i]: d is the depth below the element. */
static int series_event(struct dd *d, const struct json_path *p, const struct json_event *ev)
{
	size_t depth = p->depth - 2;
	const char *key;

	if (depth == 0) {
		if (ev->kind == JSON_MAP_START) {
			series_reset(d);
			d->series_line = ev->line;
			return 0;
		}
		if (ev->kind == JSON_MAP_END)
			return series_end(d);
		return rs_error("%s:%lld: an element of \"series\" is not an object", d->in->name, (long long)ev->line);
	}
	key = json_key(p, 2);
	if (depth == 1 && ev->kind == JSON_STRING) {
		if (strcmp(key, "metric") == 0)
			d->metric = dup_text(d->metric, ev);
		else if (strcmp(key, "scope") == 0)
			d->scope = dup_text(d->scope, ev);
		else if (strcmp(key, "expression") == 0)
			d->expression = dup_text(d->expression, ev);
		return 0;
	}
	if (strcmp(key, "pointlist") == 0) {
		if (depth == 2) {
			if (ev->kind == JSON_ARRAY_START) {
				point_begin(d, ev->line);
			} else if (ev->kind == JSON_ARRAY_END) {
				point_end(d);
			} else if (ev->kind <= JSON_STRING || ev->kind == JSON_MAP_START) {
				point_begin(d, ev->line);
				d->pt_shape_bad = 2;
				point_end(d);
			}
		} else if (depth == 3 && ev->kind != JSON_ARRAY_END && ev->kind != JSON_MAP_END) {
			point_part(d, ev);
		}
		return 0;
	}
	if (strcmp(key, "tag_set") == 0) {
		if (depth == 2 && ev->kind == JSON_STRING)
			append_tag(d, ev);
		return 0;
	}
	/* "unit": [primary unit or null, per unit or null]; only the primary one matters. */
	if (strcmp(key, "unit") == 0 && depth >= 2 && p->seg[3].index == 0) {
		if (depth == 2 && ev->kind == JSON_MAP_START) {
			d->unit_given = 1;
		} else if (depth == 3) {
			const char *uk = json_key(p, 4);

			if (strcmp(uk, "name") == 0 && ev->kind == JSON_STRING)
				keep_text(d->unit_name, sizeof(d->unit_name), ev);
			else if (strcmp(uk, "family") == 0 && ev->kind == JSON_STRING)
				keep_text(d->unit_family, sizeof(d->unit_family), ev);
			else if (strcmp(uk, "scale_factor") == 0 && ev->kind == JSON_NUMBER)
				d->unit_factor = strtod(ev->text, NULL);
		}
		return 0;
	}
	return 0;
}

static int on_event(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	struct dd *d = ctx;
	const char *k0;

	if (p->depth == 0) {
		if (ev->kind != JSON_MAP_START && ev->kind != JSON_MAP_END)
			return rs_error("%s:%lld: not a Datadog /api/v1/query response: the document is not an object",
					d->in->name, (long long)ev->line);
		return 0;
	}
	k0 = json_key(p, 0);
	if (p->depth == 1) {
		if (strcmp(k0, "status") == 0 && ev->kind == JSON_STRING) {
			d->status_line = ev->line;
			d->status_error = ev->len == 5 && memcmp(ev->text, "error", 5) == 0;
		} else if (strcmp(k0, "error") == 0 && ev->kind == JSON_STRING && ev->len) {
			d->error_line = ev->line;
			keep_text(d->error, sizeof(d->error), ev);
		} else if (strcmp(k0, "series") == 0 && ev->kind == JSON_ARRAY_START) {
			d->have_series = 1;
		}
		return 0;
	}
	/* {"errors": ["..."]}: how the API refuses a request */
	if (strcmp(k0, "errors") == 0) {
		if (p->depth == 2 && ev->kind == JSON_STRING && !d->have_errors) {
			d->have_errors = 1;
			d->error_line = ev->line;
			keep_text(d->error, sizeof(d->error), ev);
		}
		return 0;
	}
	if (strcmp(k0, "series") == 0 && p->seg[1].index >= 0 && !d->status_error)
		return series_event(d, p, ev);
	return 0;
}

int ingest_datadog_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st)
{
	struct dd *d = rs_calloc(1, sizeof(*d));
	int rc;

	d->in = in;
	d->o = o;
	d->sink = sink;
	d->st = st;
	d->source = ingest_format_name(INGEST_DATADOG_JSON);
	hmap_init(&d->ids);
	rc = json_stream_input(in, on_event, d);
	if (rc == 0 && (d->status_error || d->have_errors))
		rc = rs_error("%s:%lld: the Datadog API answered with an error: %s", in->name,
			      (long long)(d->error_line ? d->error_line : d->status_line),
			      d->error[0] ? d->error : "(no message)");
	else if (rc == 0 && d->error[0])
		rs_warn("%s:%lld: the Datadog API says: %s", in->name, (long long)d->error_line, d->error);
	if (rc == 0 && !d->have_series)
		rc = rs_error("%s: not a Datadog /api/v1/query response: there is no \"series\" array", in->name);
	series_reset(d);
	free(d->buf);
	free(d->tags);
	hmap_free(&d->ids);
	free(d);
	return rc < 0 ? -1 : 0;
}
