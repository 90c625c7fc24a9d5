/*
 * k8s_events.c - `kubectl get events -o json`: the events that report OOM kills.
 *
 *   OOMKilling  node-problem-detector's kernel monitor, on the Node:
 *               "Memory cgroup out of memory: Killed process 1234 (app) total-vm:..."
 *               (older kernels: "... Kill process 4481 (stress) score 1994 or sacrifice child")
 *   SystemOOM   the kubelet, on the Node: "System OOM encountered, victim process: x, pid: N"
 *   a Pod event whose reason or message says OOMKilled (or CgroupOOM):
 *               namespace and pod from involvedObject, the container from
 *               its fieldPath "spec.containers{name}".
 *
 * Items are streamed (json.h) and buffered one at a time, so keys may come
 * in any order. A single Event object (kubectl get event NAME -o json) and
 * events.k8s.io/v1 names (regarding, note, deprecated*) are read as well.
 */
#include "ingest.h"
#include "json.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define SOURCE "k8s-events"
#define KIND "k8s-event"

struct item {
	int64_t line;
	char kind[32], reason[64], message[1024];
	char obj_kind[32], obj_name[256], obj_ns[128], obj_uid[64], field_path[256];
	char src_host[256];
	char last[64], event_time[64], first[64];
	int64_t count;
	int has_obj, has_reason;
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct item item, root;
};

static void copy(char *dst, size_t n, const char *s, size_t len)
{
	snprintf(dst, n, "%.*s", (int)len, s);
}

static const char *find(const char *s, const char *w)
{
	return strstr(s, w);
}

static int reject(struct reader *r, const struct item *it, const char *why)
{
	r->st->f.rejected++;
	ingest_reject(r->st, r->o, r->in->name, it->line, 1, "%s event: %s", it->reason, why);
	return r->o->strict ? -1 : 0;
}

/* "... process 1234 (name) ..." after "Killed"/"Kill": pid and name. */
static int kernel_victim(const char *msg, int64_t *pid, char *proc, size_t plen)
{
	const char *p = find(msg, "Killed process ");
	char *end;
	long long v;

	if (p)
		p += 15;
	else if ((p = find(msg, "Kill process ")) != NULL)
		p += 13;
	else
		return -1;
	if (!isdigit((unsigned char)*p))
		return -1;
	v = strtoll(p, &end, 10);
	*pid = v;
	proc[0] = '\0';
	if (end[0] == ' ' && end[1] == '(') {
		const char *close = strchr(end + 2, ')');

		if (close)
			copy(proc, plen, end + 2, (size_t)(close - end - 2));
	}
	return 0;
}

/* "victim process: x, pid: N" (kubelet's SystemOOM and the proposed CgroupOOM). */
static int kubelet_victim(const char *msg, int64_t *pid, char *proc, size_t plen)
{
	const char *p = find(msg, "victim process: "), *comma, *q;

	if (!p)
		return -1;
	p += 16;
	comma = strstr(p, ", pid: ");
	if (!comma || !isdigit((unsigned char)comma[7]))
		return -1;
	q = comma + 7;
	copy(proc, plen, p, (size_t)(comma - p));
	*pid = strtoll(q, NULL, 10);
	return 0;
}

static int is_pod_oom(const struct item *it)
{
	return strcmp(it->obj_kind, "Pod") == 0 &&
	       (strcmp(it->reason, "OOMKilled") == 0 || strcmp(it->reason, "OOMKilling") == 0 ||
		strcmp(it->reason, "CgroupOOM") == 0 || find(it->message, "OOMKilled") != NULL);
}

/* Parses a timestamp field; 1 when present and read, 0 when absent, -1 when unreadable. */
static int stamp(const char *s, int64_t *t)
{
	if (!*s)
		return 0;
	return rtime_parse(s, strlen(s), RTIME_AUTO, t) == 0 ? 1 : -1;
}

static int emit(struct reader *r, struct store_event *ev, int64_t t, const char *note)
{
	ev->time = t;
	ev->time_note = note;
	if (ingest_event(r->sink, ev))
		return -1;
	ingest_count(r->st, t);
	return 0;
}

static int item_done(struct reader *r, const struct item *it)
{
	struct store_event ev;
	struct labels l;
	char proc[128], container[128], workload[256], note_last[64], note_first[64];
	int64_t pid = -1, t = STORE_TIME_UNKNOWN, t_first = STORE_TIME_UNKNOWN;
	int node_level = 0, pod_level = 0, got, from_label;
	const char *fields[3];
	size_t i;

	r->st->f.rows++;
	proc[0] = container[0] = '\0';
	if (strcmp(it->reason, "OOMKilling") == 0 && !is_pod_oom(it)) {
		if (kernel_victim(it->message, &pid, proc, sizeof(proc)))
			return reject(r, it, "no \"Killed process <pid> (<name>)\" in the message");
		node_level = 1;
	} else if (strcmp(it->reason, "SystemOOM") == 0) {
		if (kubelet_victim(it->message, &pid, proc, sizeof(proc)))
			return reject(r, it, "no \"victim process: <name>, pid: <pid>\" in the message");
		node_level = 1;
	} else if (is_pod_oom(it)) {
		if (kubelet_victim(it->message, &pid, proc, sizeof(proc)) &&
		    kernel_victim(it->message, &pid, proc, sizeof(proc))) {
			pid = -1;
			proc[0] = '\0';
		}
		pod_level = 1;
	} else {
		return 0;
	}
	/* The time of the latest occurrence, then the earliest, as the API keeps them. */
	fields[0] = it->last;
	fields[1] = it->event_time;
	fields[2] = it->first;
	for (i = 0, got = 0; i < 3 && got == 0; i++) {
		got = stamp(fields[i], &t);
		if (got < 0)
			return reject(r, it, "a timestamp that is not RFC 3339");
	}
	if (stamp(it->first, &t_first) < 0)
		return reject(r, it, "a timestamp that is not RFC 3339");
	ingest_event_init(&ev, SOURCE, KIND);
	ev.line = it->line;
	ev.pid = pid;
	ev.process = proc;
	if (node_level && strcmp(it->obj_kind, "Node") == 0)
		ev.host = it->obj_name;
	else
		ev.host = it->src_host;
	if (pod_level) {
		const char *open = strchr(it->field_path, '{'), *close = strrchr(it->field_path, '}');

		if (open && close && close > open)
			copy(container, sizeof(container), open + 1, (size_t)(close - open - 1));
		labels_init(&l);
		ev.workload_kind = workload_of(&l, it->obj_name, workload, sizeof(workload), &from_label);
		labels_free(&l);
		ev.workload = workload;
		ev.namespace = it->obj_ns;
		ev.pod = it->obj_name;
		ev.pod_uid = it->obj_uid;
		ev.container = container;
	}
	if (it->count <= 1 || t_first == STORE_TIME_UNKNOWN || t_first == t)
		return emit(r, &ev, t, "");
	/*
	 * A repeated event: the first and the last occurrence have times, the
	 * ones between do not and are not made up. The message is the last
	 * one's; after "(combined from similar events)" it says nothing of the
	 * first victim.
	 */
	snprintf(note_last, sizeof(note_last), "event seen %lld times: its last time", (long long)it->count);
	snprintf(note_first, sizeof(note_first), "event seen %lld times: its first time", (long long)it->count);
	if (emit(r, &ev, t, note_last))
		return -1;
	if (find(it->message, "(combined from similar events)")) {
		ev.pid = -1;
		ev.process = "";
	}
	return emit(r, &ev, t_first, note_first);
}

/* Files a scalar of an event under its path relative to the event object. */
static void field(struct item *it, const struct json_path *p, size_t base, const struct json_event *ev)
{
	const char *k0 = json_key(p, base), *k1;
	size_t n = ev->len;
	const char *s = ev->text;

	if (p->depth == base + 1) {
		if (ev->kind == JSON_NUMBER && (strcmp(k0, "count") == 0 || strcmp(k0, "deprecatedCount") == 0)) {
			char tmp[32];

			copy(tmp, sizeof(tmp), s, n);
			it->count = strtoll(tmp, NULL, 10);
			return;
		}
		if (ev->kind != JSON_STRING)
			return;
		if (strcmp(k0, "kind") == 0)
			copy(it->kind, sizeof(it->kind), s, n);
		else if (strcmp(k0, "reason") == 0)
			copy(it->reason, sizeof(it->reason), s, n), it->has_reason = 1;
		else if (strcmp(k0, "message") == 0 || strcmp(k0, "note") == 0)
			copy(it->message, sizeof(it->message), s, n);
		else if (strcmp(k0, "lastTimestamp") == 0 || strcmp(k0, "deprecatedLastTimestamp") == 0)
			copy(it->last, sizeof(it->last), s, n);
		else if (strcmp(k0, "eventTime") == 0)
			copy(it->event_time, sizeof(it->event_time), s, n);
		else if (strcmp(k0, "firstTimestamp") == 0 || strcmp(k0, "deprecatedFirstTimestamp") == 0)
			copy(it->first, sizeof(it->first), s, n);
		else if (strcmp(k0, "reportingInstance") == 0 && !it->src_host[0])
			copy(it->src_host, sizeof(it->src_host), s, n);
		return;
	}
	if (p->depth != base + 2)
		return;
	k1 = json_key(p, base + 1);
	if (strcmp(k0, "involvedObject") == 0 || strcmp(k0, "regarding") == 0) {
		it->has_obj = 1;
		if (ev->kind != JSON_STRING)
			return;
		if (strcmp(k1, "kind") == 0)
			copy(it->obj_kind, sizeof(it->obj_kind), s, n);
		else if (strcmp(k1, "name") == 0)
			copy(it->obj_name, sizeof(it->obj_name), s, n);
		else if (strcmp(k1, "namespace") == 0)
			copy(it->obj_ns, sizeof(it->obj_ns), s, n);
		else if (strcmp(k1, "uid") == 0)
			copy(it->obj_uid, sizeof(it->obj_uid), s, n);
		else if (strcmp(k1, "fieldPath") == 0)
			copy(it->field_path, sizeof(it->field_path), s, n);
	} else if ((strcmp(k0, "source") == 0 || strcmp(k0, "deprecatedSource") == 0) && strcmp(k1, "host") == 0 &&
		   ev->kind == JSON_STRING) {
		copy(it->src_host, sizeof(it->src_host), s, n);
	} else if (strcmp(k0, "series") == 0 && strcmp(k1, "count") == 0 && ev->kind == JSON_NUMBER) {
		char tmp[32];

		copy(tmp, sizeof(tmp), s, n);
		it->count = strtoll(tmp, NULL, 10);
	}
}

/* An object of items[] (depth 2 in the path), or the document itself when it is one Event. */
static int on_json(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	struct reader *r = ctx;
	int in_item = p->depth >= 2 && strcmp(json_key(p, 0), "items") == 0 && json_key(p, 1)[0] == '\0';

	if (in_item && p->depth == 2) {
		if (ev->kind == JSON_MAP_START) {
			memset(&r->item, 0, sizeof(r->item));
			r->item.line = ev->line;
		} else if (ev->kind == JSON_MAP_END) {
			return item_done(r, &r->item);
		}
		return 0;
	}
	if (in_item) {
		field(&r->item, p, 2, ev);
		return 0;
	}
	if (p->depth == 0) {
		if (ev->kind == JSON_MAP_START) {
			memset(&r->root, 0, sizeof(r->root));
			r->root.line = ev->line;
		} else if (ev->kind == JSON_MAP_END &&
			   (strcmp(r->root.kind, "Event") == 0 || (r->root.has_obj && r->root.has_reason))) {
			return item_done(r, &r->root);
		}
		return 0;
	}
	if (strcmp(json_key(p, 0), "items") != 0)
		field(&r->root, p, 0, ev);
	return 0;
}

int ingest_k8s_events(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st)
{
	struct reader *r = rs_calloc(1, sizeof(*r));
	int rc;

	r->in = in;
	r->o = o;
	r->sink = sink;
	r->st = st;
	rc = json_stream_input(in, on_json, r);
	free(r);
	return rc;
}

/* ---- detection: the first item (or the list's kind) decides ------------- */

struct detect {
	int depth;      /* open containers */
	int root_map;   /* the document is an object */
	int in_items;   /* depth 2 is the root's "items" array */
	char key1[32];  /* the root's current key */
	char key3[32];  /* the first item's current key */
	int obj, reason;
	int verdict;    /* -1 undecided, 0 no, 1 yes */
};

static int d_string(void *c, const unsigned char *s, size_t len)
{
	struct detect *d = c;

	if (d->depth == 1 && d->root_map && strcmp(d->key1, "kind") == 0) {
		if ((len == 9 && memcmp(s, "EventList", 9) == 0) || (len == 5 && memcmp(s, "Event", 5) == 0))
			d->verdict = 1;
		else if (!(len == 4 && memcmp(s, "List", 4) == 0))
			d->verdict = 0;
	} else if (d->depth == 3 && d->in_items && strcmp(d->key3, "kind") == 0) {
		d->verdict = len == 5 && memcmp(s, "Event", 5) == 0;
	}
	return d->verdict < 0;
}

static int d_scalar(void *c)
{
	return ((struct detect *)c)->verdict < 0;
}

static int d_bool(void *c, int b)
{
	(void)b;
	return d_scalar(c);
}

static int d_number(void *c, const char *s, size_t len)
{
	(void)s;
	(void)len;
	return d_scalar(c);
}

static int d_key(void *c, const unsigned char *k, size_t len)
{
	struct detect *d = c;
	int obj = (len == 14 && memcmp(k, "involvedObject", 14) == 0) || (len == 9 && memcmp(k, "regarding", 9) == 0);
	int reason = len == 6 && memcmp(k, "reason", 6) == 0;

	if (d->depth == 1) {
		copy(d->key1, sizeof(d->key1), (const char *)k, len);
		d->obj |= obj;
		d->reason |= reason;
	} else if (d->depth == 3 && d->in_items) {
		copy(d->key3, sizeof(d->key3), (const char *)k, len);
		d->obj |= obj;
		d->reason |= reason;
	}
	if (d->obj && d->reason)
		d->verdict = 1;
	return d->verdict < 0;
}

static int d_open(void *c, int is_map)
{
	struct detect *d = c;

	if (d->depth == 0) {
		d->root_map = is_map;
		if (!is_map)
			d->verdict = 0;
	}
	if (d->depth == 1 && !is_map && d->root_map && strcmp(d->key1, "items") == 0)
		d->in_items = 1;
	if (d->depth == 2 && d->in_items) {
		d->key3[0] = '\0';
		d->obj = d->reason = 0;
	}
	d->depth++;
	return d->verdict < 0;
}

static int d_close(void *c)
{
	struct detect *d = c;

	d->depth--;
	/* The end of the first item without a verdict: not an event. */
	if (d->depth == 2 && d->in_items && d->verdict < 0)
		d->verdict = 0;
	if (d->depth == 1 && d->in_items)
		d->in_items = 0;
	if (d->depth == 0 && d->verdict < 0)
		d->verdict = 0;
	return d->verdict < 0;
}

static int d_start_map(void *c)
{
	return d_open(c, 1);
}

static int d_start_array(void *c)
{
	return d_open(c, 0);
}

static const yajl_callbacks detect_callbacks = {
	d_scalar, d_bool, NULL, NULL, d_number, d_string, d_start_map, d_key, d_close, d_start_array, d_close,
};

int k8s_events_detect(const char *data, size_t len)
{
	struct detect d;

	memset(&d, 0, sizeof(d));
	d.verdict = -1;
	/* The first item decides; 256 KiB is plenty for one event. */
	if (json_scan_head(&detect_callbacks, &d, data, len, 256u << 10))
		return 0;
	return d.verdict == 1;
}
