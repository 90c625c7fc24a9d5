/*
 * marathon_app.c - Marathon app definitions: each app's memory setting.
 *
 * Reads one app (`GET /v2/apps/ID` gives {"app": {...}}; a saved
 * definition is the app object itself), a list (`GET /v2/apps`:
 * {"apps": [...]}) or a group tree (`GET /v2/groups`: {"id": "/",
 * "apps": [...], "groups": [{..., "apps": [...]}]}, nested).
 *
 * "mem" is in MB, and Marathon's MB are MiB (1 MB = 1048576 bytes). Mesos
 * adds the executor's own memory (32 MiB by default, --mesos-executor-
 * overhead) to the task's cgroup limit: the "Requested: 64MB" of a
 * 32 MB app's "Memory limit exceeded" message. Mesos reserves what it
 * limits, so the request is the same number; with "resourceLimits"
 * (Marathon 1.9+) the limit is resourceLimits.mem, or none ("unlimited").
 *
 * Series: marathon_app_memory_{requests,limits} with the label
 * marathon_app=<id>, which labels.c turns into the workload (the id
 * without its leading "/", kind marathon-app), and pod=<id> (an app's
 * series need a pod of their own in the store's identity). One sample per
 * app, at versionInfo.lastConfigChangeAt, else "version", else the file's
 * time.
 */
#include "ingest.h"
#include "json.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define SOURCE "marathon-app"
#define MIB 1048576.0

enum { REQUEST = 0, LIMIT = 1 };

/* A value as written: a JSON number's literal or a string, and where. */
struct value {
	char *text;
	int number; /* a JSON number (else a string, bool or null) */
	int null;
	int64_t line;
};

/* An object that may be an app, a group, or (the document) either. */
struct obj {
	int active;
	int app_slot;   /* an element of "apps", the "app" wrapper, or the document */
	int group_slot; /* an element of "groups", or the document */
	int64_t line;
	char *id, *version, *changed;
	struct value mem, limit_mem;
	int has_mem, has_limit_mem, has_cmd, has_container, has_instances, has_apps, has_groups;
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct obj obj[JSON_MAX_DEPTH + 1]; /* by the depth of the object's path */
	int64_t no_mem, bad_times;
};

static void value_free(struct value *v)
{
	free(v->text);
	memset(v, 0, sizeof(*v));
}

static void obj_free(struct obj *b)
{
	free(b->id);
	free(b->version);
	free(b->changed);
	value_free(&b->mem);
	value_free(&b->limit_mem);
	memset(b, 0, sizeof(*b));
}

static void set_value(struct value *v, const struct json_event *ev)
{
	value_free(v);
	v->line = ev->line;
	if (ev->kind == JSON_NUMBER || ev->kind == JSON_STRING) {
		v->text = rs_strndup(ev->text, ev->len);
		v->number = ev->kind == JSON_NUMBER;
	} else if (ev->kind == JSON_NULL) {
		v->null = 1;
	} else {
		v->text = rs_strdup(ev->kind == JSON_BOOL ? (ev->boolean ? "true" : "false") : "an object or array");
	}
}

/* MB (MiB) as a JSON number, >= 0. Returns 0, or -1. */
static int mebibytes(const struct value *v, double *mib)
{
	char *end;

	if (!v->number)
		return -1;
	errno = 0;
	*mib = strtod(v->text, &end);
	return *end || errno == ERANGE || !isfinite(*mib) || *mib < 0.0 ? -1 : 0;
}

/* ---- emitting an app ----------------------------------------------------- */

static int64_t app_time(struct reader *r, const struct obj *a)
{
	const char *t[2] = { a->changed, a->version };
	int64_t ms;
	size_t i;

	for (i = 0; i < 2; i++) {
		if (!t[i])
			continue;
		if (rtime_parse(t[i], strlen(t[i]), RTIME_AUTO, &ms) == 0)
			return ms;
		r->bad_times++;
	}
	return r->in->mtime;
}

static int reject(struct reader *r, int64_t line, const char *id, const char *what, const struct value *v)
{
	r->st->f.rejected++;
	ingest_reject(r->st, r->o, r->in->name, line, 1, "app \"%s\": %s \"%.40s\" is not a size in MB (a number >= 0)",
		      id, what, v->text ? v->text : "null");
	return r->o->strict ? -1 : 0;
}

static int emit_sample(struct reader *r, struct labels *l, int role, int64_t t, double v)
{
	static const char *const metric[2] = { "marathon_app_memory_requests", "marathon_app_memory_limits" };
	struct identity id;
	const char *why;
	int64_t sid;

	free(l->metric);
	l->metric = rs_strdup(metric[role]);
	if (labels_identity(l, SOURCE, &id, &why) != 0) {
		ingest_skip(r->st, why);
		return 0;
	}
	if (r->sink->series(r->sink->ctx, &id.s, &sid) || r->sink->sample(r->sink->ctx, sid, t, v))
		return -1;
	ingest_count(r->st, t);
	return 0;
}

/* Appends path segment seg to the absolute path in buf: "/prod" + "web" -> "/prod/web". */
static void join(char *buf, size_t n, const char *seg)
{
	size_t l = strlen(buf);

	if (seg[0] == '/' || l == 0) {
		snprintf(buf, n, "%s%s", seg[0] == '/' ? "" : "/", seg);
		return;
	}
	snprintf(buf + l, n - l, "%s%s", buf[l - 1] == '/' ? "" : "/", seg);
}

/*
 * An app's absolute id. Marathon returns absolute ids; in a hand-written
 * group definition an id may be relative to the groups above it.
 */
static void absolute_id(const struct reader *r, size_t depth, const char *id, char *buf, size_t n)
{
	size_t k;

	buf[0] = '\0';
	if (id[0] != '/')
		for (k = 0; k < depth; k++)
			if (r->obj[k].active && r->obj[k].group_slot && r->obj[k].id && r->obj[k].id[0])
				join(buf, n, r->obj[k].id);
	join(buf, n, id);
}

static int emit_app(struct reader *r, size_t depth, const struct obj *a)
{
	struct labels l;
	double mem = 0.0, lim = 0.0, over = r->o->executor_overhead;
	int has_lim = 0, rc = 0;
	char id[512];
	int64_t t;

	r->st->f.rows++;
	if (!a->id || !*a->id) {
		r->st->f.rejected++;
		ingest_reject(r->st, r->o, r->in->name, a->line, 1, "an app without an \"id\"");
		return r->o->strict ? -1 : 0;
	}
	if (!a->has_mem || a->mem.null) {
		/* Marathon's default is 128 MB, but an export without mem is not assumed to have it. */
		r->no_mem++;
		r->st->f.missing += 2;
		return 0;
	}
	if (mebibytes(&a->mem, &mem))
		return reject(r, a->mem.line, a->id, "mem", &a->mem);
	if (a->has_limit_mem && !a->limit_mem.null) {
		if (!a->limit_mem.number && a->limit_mem.text && strcmp(a->limit_mem.text, "unlimited") == 0)
			has_lim = 0;
		else if (mebibytes(&a->limit_mem, &lim))
			return reject(r, a->limit_mem.line, a->id, "resourceLimits.mem", &a->limit_mem);
		else
			has_lim = 1;
	} else {
		lim = mem;
		has_lim = 1;
	}
	if (!(over >= 0.0) || !isfinite(over))
		over = 0.0;
	t = app_time(r, a);
	absolute_id(r, depth, a->id, id, sizeof(id));
	labels_init(&l);
	labels_set(&l, "marathon_app", 12, id, strlen(id));
	/*
	 * The store tells series apart by (metric, cluster, namespace, pod,
	 * container): with no pod, every app would share one series. The app
	 * id stands in for the pod; the report groups by workload, not pod.
	 */
	labels_set(&l, "pod", 3, id, strlen(id));
	rc = emit_sample(r, &l, REQUEST, t, mem * MIB + over);
	if (rc == 0 && has_lim)
		rc = emit_sample(r, &l, LIMIT, t, lim * MIB + over);
	else if (rc == 0)
		r->st->f.missing++; /* "unlimited": no limit */
	labels_free(&l);
	return rc;
}

/* ---- the event stream ---------------------------------------------------- */

static int on_event(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	struct reader *r = ctx;
	size_t d = p->depth;
	struct obj *b;
	const char *key;

	if (ev->kind == JSON_MAP_START) {
		const char *parent = d >= 2 && !p->seg[d - 1].key ? json_key(p, d - 2) : "";
		int app = d == 0 || (d == 1 && strcmp(json_key(p, 0), "app") == 0) || strcmp(parent, "apps") == 0;
		int group = d == 0 || strcmp(parent, "groups") == 0;

		if (app || group) {
			b = &r->obj[d];
			obj_free(b);
			b->active = 1;
			b->app_slot = app;
			b->group_slot = group;
			b->line = ev->line;
		}
	} else if (ev->kind == JSON_MAP_END && r->obj[d].active) {
		int rc = 0;

		b = &r->obj[d];
		/* The document is an app when it has mem, or looks like one and holds no apps. */
		if (b->app_slot &&
		    (d > 0 || b->has_mem ||
		     (!b->has_apps && !b->has_groups && b->id && (b->has_cmd || b->has_container || b->has_instances))))
			rc = emit_app(r, d, b);
		obj_free(b);
		return rc;
	}
	/* A member of an open object: p's last key names it. */
	if (d >= 1 && r->obj[d - 1].active && p->seg[d - 1].key) {
		b = &r->obj[d - 1];
		key = p->seg[d - 1].key;
		if (strcmp(key, "id") == 0 && ev->kind == JSON_STRING) {
			free(b->id);
			b->id = rs_strndup(ev->text, ev->len);
		} else if (strcmp(key, "mem") == 0 && ev->kind != JSON_MAP_END && ev->kind != JSON_ARRAY_END) {
			b->has_mem = 1;
			set_value(&b->mem, ev);
		} else if (strcmp(key, "version") == 0 && ev->kind == JSON_STRING) {
			free(b->version);
			b->version = rs_strndup(ev->text, ev->len);
		} else if (strcmp(key, "cmd") == 0 || strcmp(key, "args") == 0) {
			b->has_cmd = 1;
		} else if (strcmp(key, "container") == 0) {
			b->has_container = 1;
		} else if (strcmp(key, "instances") == 0) {
			b->has_instances = 1;
		} else if (strcmp(key, "apps") == 0) {
			b->has_apps = 1;
		} else if (strcmp(key, "groups") == 0) {
			b->has_groups = 1;
		}
		return 0;
	}
	/* versionInfo.lastConfigChangeAt and resourceLimits.mem, one level down. */
	if (d >= 2 && r->obj[d - 2].active && p->seg[d - 2].key && p->seg[d - 1].key && ev->kind != JSON_MAP_END &&
	    ev->kind != JSON_ARRAY_END) {
		b = &r->obj[d - 2];
		if (strcmp(p->seg[d - 2].key, "versionInfo") == 0 && ev->kind == JSON_STRING &&
		    strcmp(p->seg[d - 1].key, "lastConfigChangeAt") == 0) {
			free(b->changed);
			b->changed = rs_strndup(ev->text, ev->len);
		} else if (strcmp(p->seg[d - 2].key, "resourceLimits") == 0 && strcmp(p->seg[d - 1].key, "mem") == 0) {
			b->has_limit_mem = 1;
			set_value(&b->limit_mem, ev);
		}
	}
	return 0;
}

int ingest_marathon_app(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st)
{
	struct reader *r = rs_calloc(1, sizeof(*r));
	size_t i;
	int rc;

	r->in = in;
	r->o = o;
	r->sink = sink;
	r->st = st;
	rc = json_stream_input(in, on_event, r);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		obj_free(&r->obj[i]);
	if (rc == 0 && r->no_mem)
		rs_info("%s: %lld apps have no \"mem\" (Marathon's default is 128 MB; not assumed): missing", in->name,
			(long long)r->no_mem);
	if (rc == 0 && r->bad_times)
		rs_info("%s: %lld app times are not RFC 3339: the next known time was used", in->name,
			(long long)r->bad_times);
	free(r);
	return rc ? -1 : 0;
}

/* ---- detection ------------------------------------------------------------ */

/*
 * The first bytes are parsed (yajl, stopped once decided): an app has a
 * top-level "id", a numeric "mem" and one of "cmd", "args", "container" or
 * "instances"; a list or group has an "apps" array; GET /v2/apps/ID wraps
 * one app in "app".
 */

struct detect {
	int depth;
	char key[3][16]; /* the current key at depths 1 and 2 */
	int id, mem, shape;     /* the document's own keys */
	int app_id, app_mem;    /* inside "app" */
	int result;
};

static int decide(struct detect *d, int result)
{
	d->result = result;
	return 0;
}

static int d_check(struct detect *d)
{
	if (d->id && d->mem && d->shape)
		return decide(d, 1);
	if (d->app_id && d->app_mem)
		return decide(d, 1);
	return 1;
}

static int d_key(void *c, const unsigned char *k, size_t len)
{
	struct detect *d = c;

	if (d->depth >= 1 && d->depth <= 2)
		snprintf(d->key[d->depth], sizeof(d->key[0]), "%.*s", (int)(len < 15 ? len : 15), (const char *)k);
	if (d->depth == 1) {
		if (len == 2 && memcmp(k, "id", 2) == 0)
			d->id = 1;
		else if ((len == 3 && memcmp(k, "cmd", 3) == 0) || (len == 4 && memcmp(k, "args", 4) == 0) ||
			 (len == 9 && memcmp(k, "container", 9) == 0) || (len == 9 && memcmp(k, "instances", 9) == 0))
			d->shape = 1;
		else if ((len == 4 && memcmp(k, "kind", 4) == 0) || (len == 10 && memcmp(k, "apiVersion", 10) == 0))
			return decide(d, -1); /* a Kubernetes object */
	} else if (d->depth == 2 && strcmp(d->key[1], "app") == 0 && len == 2 && memcmp(k, "id", 2) == 0) {
		d->app_id = 1;
	}
	return d_check(d);
}

static int d_number(void *c, const char *s, size_t len)
{
	struct detect *d = c;

	(void)s;
	(void)len;
	if (d->depth == 0)
		return decide(d, -1);
	if (d->depth == 1 && strcmp(d->key[1], "mem") == 0)
		d->mem = 1;
	else if (d->depth == 2 && strcmp(d->key[1], "app") == 0 && strcmp(d->key[2], "mem") == 0)
		d->app_mem = 1;
	return d_check(d);
}

static int d_scalar(void *c)
{
	return ((struct detect *)c)->depth > 0 ? 1 : decide(c, -1);
}

static int d_bool(void *c, int b)
{
	(void)b;
	return d_scalar(c);
}

static int d_string(void *c, const unsigned char *s, size_t len)
{
	(void)s;
	(void)len;
	return d_scalar(c);
}

static int d_start_map(void *c)
{
	struct detect *d = c;

	if (++d->depth <= 2)
		d->key[d->depth][0] = '\0';
	return 1;
}

static int d_start_array(void *c)
{
	struct detect *d = c;

	if (d->depth == 0)
		return decide(d, -1);
	if (d->depth == 1 && strcmp(d->key[1], "apps") == 0)
		return decide(d, 1);
	d->depth++;
	return 1;
}

static int d_close(void *c)
{
	((struct detect *)c)->depth--;
	return 1;
}

static const yajl_callbacks detect_callbacks = {
	d_scalar, d_bool, NULL, NULL, d_number, d_string, d_start_map, d_key, d_close, d_start_array, d_close,
};

int marathon_app_detect(const char *data, size_t len)
{
	struct detect d;

	memset(&d, 0, sizeof(d));
	if (json_scan_head(&detect_callbacks, &d, data, len, JSON_DETECT_BYTES))
		return 0;
	return d.result == 1;
}
