/*
 * k8s_describe.c - `kubectl describe pod` text: containers OOM-killed.
 *
 * The text is a list of "Key:  value" lines, nested by indentation (pod
 * fields at column 0, containers at 2, their fields at 4, sub-fields at 6).
 * One file may describe several pods, each starting with "Name:" at
 * column 0. For each container whose State or Last State is Terminated
 * with Reason OOMKilled, one event at its Finished time, with the
 * container's memory limit. Every container with an ID (and the pod, when
 * a UID is shown) also becomes a pod reference, so kernel kills can be
 * tied to it. Fields of a container come after its states (Limits are
 * last), so a container is handled when the next one or section starts.
 */
#include "ingest.h"
#include "textlines.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE "k8s-describe"
#define KIND "k8s-status"

enum sub { SUB_NONE, SUB_STATE, SUB_LAST, SUB_LIMITS };

struct term {
	int terminated, oom;
	char finished[80];
	int64_t line, finished_line;
};

struct container {
	int open;
	char name[128], id[160];
	double limit;
	struct term st[2]; /* State, Last State */
};

struct pod {
	int open;
	char name[256], ns[128], uid[64], node[256];
	char owner_kind[64], owner_name[256], dag[128], task[256];
	char workload[256];
	const char *workload_kind;
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct pod pod;
	struct container c;
	int in_containers, in_labels;
	enum sub sub;
};

static void copy(char *dst, size_t n, const char *s, size_t len)
{
	snprintf(dst, n, "%.*s", (int)len, s);
}

static int month_of(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	for (m = 0; m < 12; m++)
		if (memcmp(names + 3 * m, s, 3) == 0)
			return m + 1;
	return 0;
}

/*
 * "Mon, 16 Mar 2026 09:12:04 +0100" (Go's RFC1123Z, as kubectl prints in
 * the viewer's zone); "UTC"/"GMT" also taken for the zone. Returns 0 and
 * sets *t (STORE_TIME_UNKNOWN for Go's zero time, year 1), or -1.
 */
static int rfc1123(const char *s, int64_t *t)
{
	int d, y, mo, n = 0;
	char mon[4], clock[9], zone[8], iso[48];

	while (isalpha((unsigned char)*s))
		s++;
	if (*s == ',')
		s++;
	if (sscanf(s, " %2d %3s %4d %8s %7s%n", &d, mon, &y, clock, zone, &n) != 5 || s[n] != '\0')
		return -1;
	mo = month_of(mon);
	if (!mo || strlen(clock) != 8)
		return -1;
	if (y <= 1) {
		*t = STORE_TIME_UNKNOWN;
		return 0;
	}
	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "GMT") == 0 || strcmp(zone, "Z") == 0)
		strcpy(zone, "Z");
	else if (zone[0] != '+' && zone[0] != '-')
		return -1;
	snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%s%s", y, mo, d, clock, zone);
	return rtime_parse(iso, strlen(iso), RTIME_AUTO, t);
}

/* "containerd://<id>" -> "<id>", as cgroup paths name it. */
static const char *bare_id(const char *id)
{
	const char *p = strstr(id, "://");

	return p ? p + 3 : id;
}

/* The pod's workload, once its labels and owner are known. */
static void pod_workload(struct pod *p)
{
	struct labels l;
	int from_label;
	size_t k;

	if (p->workload_kind)
		return;
	labels_init(&l);
	k = strlen(p->owner_name);
	if (strcmp(p->owner_kind, "Job") == 0 && k > 9) {
		/* A CronJob's Job is "<cronjob>-<scheduled minutes>": the pod name's shape says cronjob too. */
		const char *dash = strrchr(p->owner_name, '-');

		if (dash && strlen(dash + 1) >= 8 && strspn(dash + 1, "0123456789") == strlen(dash + 1))
			labels_set(&l, "cronjob", 7, p->owner_name, (size_t)(dash - p->owner_name));
	}
	if (!l.n && p->owner_name[0]) {
		labels_set(&l, "owner_kind", 10, p->owner_kind, strlen(p->owner_kind));
		labels_set(&l, "owner_name", 10, p->owner_name, k);
	}
	if (p->dag[0] && p->task[0]) {
		labels_set(&l, "dag_id", 6, p->dag, strlen(p->dag));
		labels_set(&l, "task_id", 7, p->task, strlen(p->task));
	}
	p->workload_kind = workload_of(&l, p->name, p->workload, sizeof(p->workload), &from_label);
	labels_free(&l);
}

/* The container is complete: its reference, then an event per OOM-killed state. */
static int end_container(struct reader *r)
{
	struct container *c = &r->c;
	struct pod *p = &r->pod;
	struct store_pod_ref ref;
	struct store_event ev;
	int i;

	if (!c->open)
		return 0;
	c->open = 0;
	pod_workload(p);
	if (c->id[0] || p->uid[0]) {
		memset(&ref, 0, sizeof(ref));
		ref.pod_uid = p->uid;
		ref.container_id = bare_id(c->id);
		ref.cluster = "";
		ref.namespace = p->ns;
		ref.pod = p->name;
		ref.container = c->name;
		ref.workload = p->workload;
		ref.workload_kind = p->workload_kind;
		if (ingest_pod_ref(r->sink, &ref))
			return -1;
	}
	for (i = 0; i < 2; i++) {
		struct term *s = &c->st[i];
		int64_t t = STORE_TIME_UNKNOWN;

		if (!s->terminated || !s->oom)
			continue;
		if (s->finished[0] && rfc1123(s->finished, &t) != 0) {
			r->st->f.rejected++;
			ingest_reject(r->st, r->o, r->in->name, s->finished_line, 1,
				      "container %s of pod %s was OOMKilled but \"%s\" is not a time", c->name, p->name,
				      s->finished);
			if (r->o->strict)
				return -1;
			continue;
		}
		ingest_event_init(&ev, SOURCE, KIND);
		ev.time = t;
		ev.host = p->node;
		ev.pod_uid = p->uid;
		/* Only the current state's container is the one "Container ID" names. */
		ev.container_id = i == 0 ? bare_id(c->id) : "";
		ev.limit = c->limit;
		ev.namespace = p->ns;
		ev.pod = p->name;
		ev.container = c->name;
		ev.workload = p->workload;
		ev.workload_kind = p->workload_kind;
		ev.line = s->line;
		if (ingest_event(r->sink, &ev))
			return -1;
		ingest_count(r->st, t);
	}
	return 0;
}

static int end_pod(struct reader *r)
{
	struct store_pod_ref ref;

	if (end_container(r))
		return -1;
	if (r->pod.open && r->pod.uid[0]) {
		pod_workload(&r->pod);
		memset(&ref, 0, sizeof(ref));
		ref.pod_uid = r->pod.uid;
		ref.container_id = "";
		ref.cluster = "";
		ref.namespace = r->pod.ns;
		ref.pod = r->pod.name;
		ref.container = "";
		ref.workload = r->pod.workload;
		ref.workload_kind = r->pod.workload_kind;
		if (ingest_pod_ref(r->sink, &ref))
			return -1;
	}
	memset(&r->pod, 0, sizeof(r->pod));
	r->in_containers = r->in_labels = 0;
	return 0;
}

/* A label line "k=v" of the Labels field: the Airflow ones name the task. */
static void pod_label(struct pod *p, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);

	if (!eq)
		return;
	if ((size_t)(eq - s) == 6 && memcmp(s, "dag_id", 6) == 0)
		copy(p->dag, sizeof(p->dag), eq + 1, n - 7);
	else if ((size_t)(eq - s) == 7 && memcmp(s, "task_id", 7) == 0)
		copy(p->task, sizeof(p->task), eq + 1, n - 8);
}

static int key_is(const char *k, size_t kl, const char *w)
{
	return strlen(w) == kl && memcmp(k, w, kl) == 0;
}

static int one_line(struct reader *r, const char *s, size_t n, int64_t line)
{
	size_t ind = 0, kl, vl;
	const char *k, *colon, *v;
	char val[256];

	while (ind < n && s[ind] == ' ')
		ind++;
	while (n > ind && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (ind == n)
		return 0;
	k = s + ind;
	colon = memchr(k, ':', n - ind);
	/* "Key:" then blanks; a colon inside a value ("Image: nginx:1.25") is not a key. */
	if (colon && (colon + 1 == s + n || colon[1] == ' ' || colon[1] == '\t')) {
		kl = (size_t)(colon - k);
		v = colon + 1;
		while (v < s + n && (*v == ' ' || *v == '\t'))
			v++;
		vl = (size_t)(s + n - v);
	} else {
		colon = NULL;
		kl = 0;
		v = k;
		vl = n - ind;
	}
	copy(val, sizeof(val), v, vl);
	if (ind == 0) {
		r->in_labels = 0;
		if (!colon)
			return 0;
		if (key_is(k, kl, "Name")) {
			if (end_pod(r))
				return -1;
			r->pod.open = 1;
			copy(r->pod.name, sizeof(r->pod.name), v, vl);
			return 0;
		}
		if (end_container(r))
			return -1;
		r->in_containers = key_is(k, kl, "Containers") || key_is(k, kl, "Init Containers") ||
				   key_is(k, kl, "Ephemeral Containers");
		if (key_is(k, kl, "Namespace")) {
			copy(r->pod.ns, sizeof(r->pod.ns), v, vl);
		} else if (key_is(k, kl, "UID")) {
			copy(r->pod.uid, sizeof(r->pod.uid), v, vl);
		} else if (key_is(k, kl, "Node")) {
			/* "node-1/10.0.0.5", or "<none>" before scheduling. */
			if (strcmp(val, "<none>") != 0)
				copy(r->pod.node, sizeof(r->pod.node), val, strcspn(val, "/"));
		} else if (key_is(k, kl, "Controlled By")) {
			const char *slash = strchr(val, '/');

			if (slash) {
				copy(r->pod.owner_kind, sizeof(r->pod.owner_kind), val, (size_t)(slash - val));
				snprintf(r->pod.owner_name, sizeof(r->pod.owner_name), "%s", slash + 1);
			}
		} else if (key_is(k, kl, "Labels")) {
			r->in_labels = 1;
			pod_label(&r->pod, v, vl);
		}
		return 0;
	}
	if (r->in_labels && !colon) {
		pod_label(&r->pod, v, vl);
		return 0;
	}
	r->in_labels = 0;
	if (!r->in_containers || !colon)
		return 0;
	if (ind == 2 && vl == 0) {
		if (end_container(r))
			return -1;
		memset(&r->c, 0, sizeof(r->c));
		r->c.open = 1;
		r->c.limit = NAN;
		copy(r->c.name, sizeof(r->c.name), k, kl);
		r->sub = SUB_NONE;
		return 0;
	}
	if (!r->c.open)
		return 0;
	if (ind == 4) {
		r->sub = SUB_NONE;
		if (key_is(k, kl, "Container ID")) {
			copy(r->c.id, sizeof(r->c.id), v, vl);
		} else if (key_is(k, kl, "State") || key_is(k, kl, "Last State")) {
			r->sub = k[0] == 'S' ? SUB_STATE : SUB_LAST;
			memset(&r->c.st[r->sub == SUB_LAST], 0, sizeof(r->c.st[0]));
			r->c.st[r->sub == SUB_LAST].terminated = strcmp(val, "Terminated") == 0;
			r->c.st[r->sub == SUB_LAST].line = line;
		} else if (key_is(k, kl, "Limits")) {
			r->sub = SUB_LIMITS;
		}
		return 0;
	}
	if (ind == 6 && (r->sub == SUB_STATE || r->sub == SUB_LAST)) {
		struct term *t = &r->c.st[r->sub == SUB_LAST];

		if (key_is(k, kl, "Reason")) {
			t->oom = strcmp(val, "OOMKilled") == 0;
			t->line = line;
		} else if (key_is(k, kl, "Finished")) {
			copy(t->finished, sizeof(t->finished), v, vl);
			t->finished_line = line;
		}
	} else if (ind == 6 && r->sub == SUB_LIMITS && key_is(k, kl, "memory")) {
		double b;

		if (units_parse_size(v, vl, &b) == 0)
			r->c.limit = b;
	}
	return 0;
}

static int line_cb(void *ctx, const char *s, size_t n, int64_t line)
{
	return one_line(ctx, s, n, line);
}

int ingest_k8s_describe(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st)
{
	struct reader *r = rs_calloc(1, sizeof(*r));
	int rc = 0;

	r->in = in;
	r->o = o;
	r->sink = sink;
	r->st = st;
	rc = textlines_each(in, st, line_cb, r);
	if (rc == 0)
		rc = end_pod(r);
	free(r);
	return rc;
}

/* Whether a line of data[0..len) starts with w. */
static int has_line(const char *data, size_t len, const char *w)
{
	size_t wl = strlen(w);
	const char *p = data, *end = data + len;

	while (p && (size_t)(end - p) >= wl) {
		const char *nl;

		if (memcmp(p, w, wl) == 0)
			return 1;
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* A pod's description: "Name:", "Namespace:" and "Containers:" at the start of lines. */
int k8s_describe_detect(const char *data, size_t len)
{
	return has_line(data, len, "Name:") && has_line(data, len, "Namespace:") &&
	       has_line(data, len, "Containers:");
}
