/*
 * kubectl_pods.c - `kubectl get pods -o json`: the memory requests and
 * limits of each pod's containers.
 *
 * Reads a List of pods (`kubectl get pods -A -o json`, or the API's
 * PodList) or a single Pod (`kubectl get pod NAME -o json`). Each
 * container's spec.containers[].resources.{requests,limits}.memory becomes
 * one sample of a kube_pod_container_resource_{requests,limits} series,
 * labelled as kube-state-metrics labels them (namespace, pod, container,
 * resource="memory"), so that both sources land in the same series. The
 * sample is at the pod's creationTimestamp: a pod's resources are set when
 * it is created.
 *
 * The document is streamed (json.h); one pod at a time is buffered, so keys
 * may come in any order (metadata after spec). Init containers are not
 * read, except native sidecars (restartPolicy "Always"), which run for the
 * pod's whole life like app containers.
 */
#include "ingest.h"
#include "json.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#define SOURCE "kubectl-pods"
#define MAX_OWNERS 8

/* ---- Kubernetes quantities --------------------------------------------- */

/*
 * The Kubernetes quantity grammar (k8s.io/apimachinery resource.Quantity):
 *   quantity ::= [+-] number suffix
 *   number   ::= digits | digits "." digits | digits "." | "." digits
 *   suffix   ::= "" | Ki Mi Gi Ti Pi Ei | n u m k M G T P E | (e|E) [+-] digits
 * No blanks, no "K", "KB" or "MiB". "1E" is 10^18 bytes, "1E3" is 1000.
 * Sets *bytes, or returns -1 with *why (written into why, whylen bytes).
 */
static int k8s_memory(const char *s, size_t len, double *bytes, char *why, size_t whylen)
{
	static const struct {
		const char *name;
		int binary; /* 2^(10*scale), else 10^scale */
		int scale;
	} suffixes[] = {
		{ "Ki", 1, 1 }, { "Mi", 1, 2 }, { "Gi", 1, 3 }, { "Ti", 1, 4 }, { "Pi", 1, 5 }, { "Ei", 1, 6 },
		{ "n", 0, -9 }, { "u", 0, -6 }, { "m", 0, -3 }, { "k", 0, 3 }, { "M", 0, 6 },
		{ "G", 0, 9 },	{ "T", 0, 12 }, { "P", 0, 15 }, { "E", 0, 18 },
	};
	char num[80], tmp[96];
	const char *suf;
	size_t i = 0, nd = 0, sl;
	int binary = 0, scale = 0, found = 0;
	double v;

	if (len && (s[0] == '+' || s[0] == '-'))
		i++;
	while (i < len && isdigit((unsigned char)s[i]))
		i++, nd++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && isdigit((unsigned char)s[i]))
			i++, nd++;
	}
	if (!nd || i >= sizeof(num))
		goto bad;
	memcpy(num, s, i);
	num[i] = '\0';
	suf = s + i;
	sl = len - i;
	found = sl == 0;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]) && !found; i++) {
		if (strlen(suffixes[i].name) == sl && memcmp(suffixes[i].name, suf, sl) == 0) {
			binary = suffixes[i].binary;
			scale = suffixes[i].scale;
			found = 1;
		}
	}
	if (!found && sl > 1 && (suf[0] == 'e' || suf[0] == 'E')) {
		/* An exponent: a signed integer after e or E ("Ei" and "E" are suffixes, above). */
		size_t j = 1;
		int neg = 0;

		if (suf[j] == '+' || suf[j] == '-')
			neg = suf[j++] == '-';
		if (j < sl && sl - j <= 4) {
			found = 1;
			for (; j < sl; j++) {
				if (!isdigit((unsigned char)suf[j]))
					found = 0;
				else
					scale = scale * 10 + (suf[j] - '0');
			}
			if (neg)
				scale = -scale;
		}
	}
	if (!found)
		goto bad;
	if (binary) {
		v = ldexp(strtod(num, NULL), 10 * scale);
	} else {
		/* Decimal: strtod scales, so "1.5G" is exactly 1500000000. */
		snprintf(tmp, sizeof(tmp), "%se%d", num, scale);
		v = strtod(tmp, NULL);
	}
	if (num[0] == '-' && v != 0.0) {
		snprintf(why, whylen, "\"%.*s\" is negative", (int)len, s);
		return -1;
	}
	if (!isfinite(v) || v > 9223372036854775807.0) {
		snprintf(why, whylen, "\"%.*s\" is larger than Kubernetes allows (8Ei)", (int)len, s);
		return -1;
	}
	if (strtod(num, NULL) > 0.0 && v < 1.0) {
		/* "129m" is 0.129 bytes (and "1e-999" underflows to 0): milli, the classic slip for Mi or M. */
		if (sl == 1 && (suf[0] == 'm' || suf[0] == 'u' || suf[0] == 'n'))
			snprintf(why, whylen, "\"%.*s\" is %g bytes: \"%c\" is %s, not mega (did you mean \"%.*sMi\"?)",
				 (int)len, s, v, suf[0], suf[0] == 'm' ? "milli" : suf[0] == 'u' ? "micro" : "nano",
				 (int)(suf - s), s);
		else
			snprintf(why, whylen, "\"%.*s\" is %g bytes, less than one byte", (int)len, s, v);
		return -1;
	}
	/* A fractional byte count ("1.1Gi" is 1181116006.4): Kubernetes rounds up. */
	*bytes = v == 0.0 ? 0.0 : ceil(v);
	return 0;
bad:
	snprintf(why, whylen, "\"%.*s\" is not a Kubernetes quantity (such as 512Mi or 1G)", (int)(len > 40 ? 40 : len),
		 s);
	return -1;
}

/* ---- one pod, buffered -------------------------------------------------- */

enum { REQUEST = 0, LIMIT = 1 };
enum { APP = 0, INIT = 1 }; /* spec.containers, spec.initContainers */

struct container {
	char *name;
	char *mem[2];      /* requests.memory and limits.memory as written; NULL when absent */
	int64_t line[2];
	int sidecar;       /* an init container with restartPolicy "Always" */
};

struct owner {
	char *kind, *name;
	int controller;
};

/* status.containerStatuses[]: what the pod says of a container's terminations. */
struct cstatus {
	char *name, *container_id;
	char *reason[2], *finished[2]; /* [0] lastState.terminated, [1] state.terminated */
	int64_t line[2];
};

struct pod {
	int active;
	size_t base;  /* path depth of the pod object */
	int64_t line; /* where it starts */
	char *kind, *ns, *name, *uid, *created, *started, *hash;
	struct owner owner[MAX_OWNERS];
	size_t nowners;
	struct container *c[2];
	size_t nc[2], cap[2];
	struct cstatus *cs;
	size_t ncs, capcs;
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct pod root; /* the document itself: a Pod, or the List around the items */
	struct pod item; /* the current element of a List's items */
	int64_t no_request, no_limit, init_skipped, bad_times, not_pods, kills;
	char not_pod_kind[64];
};

static void pod_free(struct pod *p)
{
	size_t i, k;

	free(p->kind);
	free(p->ns);
	free(p->name);
	free(p->uid);
	free(p->created);
	free(p->started);
	free(p->hash);
	for (i = 0; i < p->nowners; i++) {
		free(p->owner[i].kind);
		free(p->owner[i].name);
	}
	for (k = 0; k < 2; k++) {
		for (i = 0; i < p->nc[k]; i++) {
			free(p->c[k][i].name);
			free(p->c[k][i].mem[REQUEST]);
			free(p->c[k][i].mem[LIMIT]);
		}
		free(p->c[k]);
	}
	for (i = 0; i < p->ncs; i++) {
		free(p->cs[i].name);
		free(p->cs[i].container_id);
		for (k = 0; k < 2; k++) {
			free(p->cs[i].reason[k]);
			free(p->cs[i].finished[k]);
		}
	}
	free(p->cs);
	memset(p, 0, sizeof(*p));
}

static void pod_begin(struct pod *p, size_t base, int64_t line)
{
	pod_free(p);
	p->active = 1;
	p->base = base;
	p->line = line;
}

static void set_str(char **dst, const struct json_event *ev)
{
	free(*dst);
	*dst = rs_strndup(ev->text, ev->len);
}

/* The container at index i of spec.containers or spec.initContainers, created on first sight. */
static struct container *container_at(struct pod *p, int which, int64_t i)
{
	size_t n = (size_t)i + 1;

	if (i < 0 || i > 100000)
		return NULL;
	if (n > p->cap[which]) {
		size_t cap = p->cap[which] ? p->cap[which] * 2 : 4;

		while (cap < n)
			cap *= 2;
		p->c[which] = rs_realloc(p->c[which], cap * sizeof(**p->c));
		memset(p->c[which] + p->cap[which], 0, (cap - p->cap[which]) * sizeof(**p->c));
		p->cap[which] = cap;
	}
	if (n > p->nc[which])
		p->nc[which] = n;
	return &p->c[which][i];
}

/* ---- emitting a pod ----------------------------------------------------- */

/* The time of a pod's settings: created, else started, else the file's time. */
static int64_t pod_time(struct reader *r, const struct pod *p)
{
	const char *t[2] = { p->created, p->started };
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

/* A Job that a CronJob started is named "<cronjob>-<scheduled minute>". */
static int cronjob_of(const char *job, size_t *prefix)
{
	const char *dash = strrchr(job, '-');
	size_t n, i;

	if (!dash || dash == job)
		return 0;
	n = strlen(dash + 1);
	if (n < 8)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)dash[1 + i]))
			return 0;
	*prefix = (size_t)(dash - job);
	return 1;
}

static int ends_with(const char *s, const char *tail, size_t *prefix)
{
	size_t n = strlen(s), m = strlen(tail);

	if (m + 1 >= n || s[n - m - 1] != '-' || strcmp(s + n - m, tail) != 0)
		return 0;
	*prefix = n - m - 1;
	return 1;
}

/*
 * The workload, from the controlling owner reference. labels.c names it
 * from owner_kind/owner_name; two cases are made explicit here: a
 * ReplicaSet whose name ends in the pod's pod-template-hash label is its
 * Deployment's, and a Job named "<name>-<minute>" is a CronJob's. A static
 * pod is owned by its Node and named "<name>-<node>".
 */
static void owner_labels(const struct pod *p, struct labels *l)
{
	const struct owner *w = NULL;
	size_t i, n;

	for (i = 0; i < p->nowners && !w; i++)
		if (p->owner[i].controller && p->owner[i].kind && p->owner[i].name)
			w = &p->owner[i];
	for (i = 0; i < p->nowners && !w; i++)
		if (p->owner[i].kind && p->owner[i].name)
			w = &p->owner[i];
	if (!w || !*w->name)
		return;
	if (strcmp(w->kind, "ReplicaSet") == 0 && p->hash && ends_with(w->name, p->hash, &n)) {
		labels_set(l, "deployment", 10, w->name, n);
	} else if (strcmp(w->kind, "Job") == 0 && cronjob_of(w->name, &n)) {
		labels_set(l, "cronjob", 7, w->name, n);
	} else if (strcmp(w->kind, "Node") == 0) {
		if (p->name && ends_with(p->name, w->name, &n))
			labels_set(l, "workload", 8, p->name, n);
	} else {
		labels_set(l, "owner_kind", 10, w->kind, strlen(w->kind));
		labels_set(l, "owner_name", 10, w->name, strlen(w->name));
	}
}

static int emit_setting(struct reader *r, const struct pod *p, const struct container *c, int role,
			struct labels *l, int64_t t)
{
	static const char *const metric[2] = { "kube_pod_container_resource_requests",
					       "kube_pod_container_resource_limits" };
	struct identity id;
	const char *why;
	char msg[200];
	double v;
	int64_t sid;

	if (!c->mem[role]) {
		r->st->f.missing++;
		if (role == REQUEST)
			r->no_request++;
		else
			r->no_limit++;
		return 0;
	}
	if (k8s_memory(c->mem[role], strlen(c->mem[role]), &v, msg, sizeof(msg))) {
		r->st->f.rejected++;
		ingest_reject(r->st, r->o, r->in->name, c->line[role], 1, "memory %s of container \"%s\" in pod %s/%s: %s",
			      role == REQUEST ? "request" : "limit", c->name, p->ns ? p->ns : "", p->name, msg);
		return r->o->strict ? -1 : 0;
	}
	/* A zero limit is no limit (the runtime sets none): missing, not zero. */
	if (role == LIMIT && v == 0.0) {
		r->st->f.missing++;
		r->no_limit++;
		return 0;
	}
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

static int emit_statuses(struct reader *r, const struct pod *p, struct labels *l);

static int emit_pod(struct reader *r, const struct pod *p)
{
	struct labels l;
	int64_t t;
	size_t k, i;
	int rc = 0;

	r->st->f.rows++;
	if (!p->name || !*p->name) {
		r->st->f.rejected++;
		ingest_reject(r->st, r->o, r->in->name, p->line, 1, "a Pod without metadata.name");
		return r->o->strict ? -1 : 0;
	}
	t = pod_time(r, p);
	labels_init(&l);
	if (p->ns)
		labels_set(&l, "namespace", 9, p->ns, strlen(p->ns));
	labels_set(&l, "pod", 3, p->name, strlen(p->name));
	labels_set(&l, "resource", 8, "memory", 6);
	labels_set(&l, "unit", 4, "byte", 4);
	if (p->uid)
		labels_set(&l, "uid", 3, p->uid, strlen(p->uid));
	owner_labels(p, &l);
	for (k = 0; k < 2 && rc == 0; k++) {
		for (i = 0; i < p->nc[k] && rc == 0; i++) {
			const struct container *c = &p->c[k][i];

			if (k == INIT && !c->sidecar) {
				r->init_skipped++;
				continue;
			}
			if (!c->name || !*c->name) {
				r->st->f.rejected++;
				ingest_reject(r->st, r->o, r->in->name, p->line, 1, "container %zu of pod %s/%s has no name",
					      i + 1, p->ns ? p->ns : "", p->name);
				rc = r->o->strict ? -1 : 0;
				continue;
			}
			labels_set(&l, "container", 9, c->name, strlen(c->name));
			rc = emit_setting(r, p, c, REQUEST, &l, t);
			if (rc == 0)
				rc = emit_setting(r, p, c, LIMIT, &l, t);
		}
	}
	if (rc == 0)
		rc = emit_statuses(r, p, &l);
	labels_free(&l);
	return rc;
}

/* A buffered object ends: a Pod is emitted, anything else counted and dropped. */
static int pod_end(struct reader *r, struct pod *p, int is_item)
{
	int rc = 0;

	if (p->kind ? strcmp(p->kind, "Pod") == 0 : p->nc[APP] > 0) {
		rc = emit_pod(r, p);
	} else if (is_item) {
		if (!r->not_pods++)
			snprintf(r->not_pod_kind, sizeof(r->not_pod_kind), "%s", p->kind ? p->kind : "no kind");
	}
	pod_free(p);
	return rc;
}

/* ---- the event stream ---------------------------------------------------- */

/* The status at index i of containerStatuses (init statuses follow at 100000 + i). */
static struct cstatus *status_at(struct pod *p, int64_t i)
{
	size_t n = (size_t)i + 1;

	if (i < 0 || i > 200000)
		return NULL;
	if (n > p->capcs) {
		size_t cap = p->capcs ? p->capcs * 2 : 4;

		while (cap < n)
			cap *= 2;
		p->cs = rs_realloc(p->cs, cap * sizeof(*p->cs));
		memset(p->cs + p->capcs, 0, (cap - p->capcs) * sizeof(*p->cs));
		p->capcs = cap;
	}
	if (n > p->ncs)
		p->ncs = n;
	return &p->cs[i];
}

/*
 * status.containerStatuses[]: the container ID (to tie kernel kills to the
 * container) and its terminations: lastState.terminated (the one before
 * the current run) and state.terminated (a container that was not
 * restarted), each with its reason and finishedAt.
 */
static int container_status(struct reader *r, struct pod *p, const struct json_path *rel, const struct json_event *ev)
{
	struct cstatus *cs;
	const char *k3, *k4, *k5;
	int which;

	(void)r;
	if (ev->kind != JSON_STRING || rel->seg[2].key)
		return 0;
	cs = status_at(p, rel->seg[2].index + (strcmp(json_key(rel, 1), "containerStatuses") == 0 ? 0 : 100000));
	if (!cs)
		return 0;
	k3 = json_key(rel, 3);
	if (rel->depth == 4 && strcmp(k3, "name") == 0) {
		set_str(&cs->name, ev);
		return 0;
	}
	if (rel->depth == 4 && strcmp(k3, "containerID") == 0) {
		set_str(&cs->container_id, ev);
		return 0;
	}
	if (rel->depth != 6)
		return 0;
	which = strcmp(k3, "lastState") == 0 ? 0 : strcmp(k3, "state") == 0 ? 1 : -1;
	k4 = json_key(rel, 4);
	k5 = json_key(rel, 5);
	if (which < 0 || strcmp(k4, "terminated") != 0)
		return 0;
	if (strcmp(k5, "reason") == 0) {
		set_str(&cs->reason[which], ev);
		cs->line[which] = ev->line;
	} else if (strcmp(k5, "finishedAt") == 0) {
		set_str(&cs->finished[which], ev);
	}
	return 0;
}

/* "containerd://<id>", "docker://<id>", "cri-o://<id>": the ID alone. */
static const char *bare_id(const char *id)
{
	const char *sep = id ? strstr(id, "://") : NULL;

	return sep ? sep + 3 : id ? id : "";
}

/* The spec of the container a status speaks of, for its limit. */
static const struct container *spec_of(const struct pod *p, const char *name)
{
	size_t k, i;

	for (k = 0; k < 2 && name; k++)
		for (i = 0; i < p->nc[k]; i++)
			if (p->c[k][i].name && strcmp(p->c[k][i].name, name) == 0)
				return &p->c[k][i];
	return NULL;
}

/*
 * Pod references (UID and container IDs, so kernel kills can be tied to
 * containers) and the OOM kills the pod status shows. The status keeps only
 * the last termination of each container: earlier kills are not in it.
 */
static int emit_statuses(struct reader *r, const struct pod *p, struct labels *l)
{
	char wl[256];
	int from_label;
	const char *kind = workload_of(l, p->name, wl, sizeof(wl), &from_label);
	struct store_pod_ref ref = { p->uid ? p->uid : "", "", "", p->ns ? p->ns : "", p->name, "", wl, kind };
	size_t i, k;

	if (p->uid && ingest_pod_ref(r->sink, &ref))
		return -1;
	for (i = 0; i < p->ncs; i++) {
		const struct cstatus *cs = &p->cs[i];
		const struct container *spec;

		if (!cs->name)
			continue;
		ref.container = cs->name;
		ref.container_id = bare_id(cs->container_id);
		if (p->uid && *ref.container_id && ingest_pod_ref(r->sink, &ref))
			return -1;
		spec = spec_of(p, cs->name);
		for (k = 0; k < 2; k++) {
			struct store_event ev;
			double limit;
			char msg[200];

			if (!cs->reason[k] || strcmp(cs->reason[k], "OOMKilled") != 0)
				continue;
			ingest_event_init(&ev, SOURCE, "k8s-status");
			ev.namespace = p->ns ? p->ns : "";
			ev.pod = p->name;
			ev.container = cs->name;
			ev.workload = wl;
			ev.workload_kind = kind;
			ev.pod_uid = p->uid ? p->uid : "";
			/* The ID shown is the running container's: a lastState kill was an earlier one. */
			ev.container_id = k == 1 ? bare_id(cs->container_id) : "";
			ev.line = cs->line[k];
			if (!cs->finished[k] || rtime_parse(cs->finished[k], strlen(cs->finished[k]), RTIME_AUTO, &ev.time))
				ev.time = STORE_TIME_UNKNOWN;
			if (spec && spec->mem[LIMIT] &&
			    k8s_memory(spec->mem[LIMIT], strlen(spec->mem[LIMIT]), &limit, msg, sizeof(msg)) == 0 && limit > 0)
				ev.limit = limit;
			if (ingest_event(r->sink, &ev))
				return -1;
			r->kills++;
		}
	}
	return 0;
}

/* One event inside a pod object; rel is its path from the pod. */
static int pod_field(struct reader *r, struct pod *p, const struct json_path *rel, const struct json_event *ev)
{
	const char *top = json_key(rel, 0);
	int str = ev->kind == JSON_STRING;

	if (strcmp(top, "kind") == 0 && rel->depth == 1) {
		if (str)
			set_str(&p->kind, ev);
	} else if (strcmp(top, "metadata") == 0) {
		if (str && json_match(rel, "metadata.namespace"))
			set_str(&p->ns, ev);
		else if (str && json_match(rel, "metadata.name"))
			set_str(&p->name, ev);
		else if (str && json_match(rel, "metadata.uid"))
			set_str(&p->uid, ev);
		else if (str && json_match(rel, "metadata.creationTimestamp"))
			set_str(&p->created, ev);
		else if (str && json_match(rel, "metadata.labels.pod-template-hash"))
			set_str(&p->hash, ev);
		else if (json_match(rel, "metadata.ownerReferences[].*")) {
			int64_t i = rel->seg[2].index;
			struct owner *w;
			const char *key = json_key(rel, 3);

			if (i < 0 || i >= MAX_OWNERS)
				return 0;
			if ((size_t)i >= p->nowners) {
				memset(p->owner + p->nowners, 0, ((size_t)i + 1 - p->nowners) * sizeof(*p->owner));
				p->nowners = (size_t)i + 1;
			}
			w = &p->owner[i];
			if (str && strcmp(key, "kind") == 0)
				set_str(&w->kind, ev);
			else if (str && strcmp(key, "name") == 0)
				set_str(&w->name, ev);
			else if (ev->kind == JSON_BOOL && strcmp(key, "controller") == 0)
				w->controller = ev->boolean;
		}
	} else if (strcmp(top, "spec") == 0) {
		const char *list = json_key(rel, 1);
		int which = strcmp(list, "containers") == 0 ? APP : strcmp(list, "initContainers") == 0 ? INIT : -1;
		struct container *c;
		const char *key;

		if (which < 0 || rel->depth < 3 || rel->seg[2].key)
			return 0;
		c = container_at(p, which, rel->seg[2].index);
		if (!c || rel->depth < 4)
			return 0;
		key = json_key(rel, 3);
		if (str && rel->depth == 4 && strcmp(key, "name") == 0) {
			set_str(&c->name, ev);
		} else if (str && rel->depth == 4 && strcmp(key, "restartPolicy") == 0) {
			c->sidecar = ev->len == 6 && memcmp(ev->text, "Always", 6) == 0;
		} else if (rel->depth == 6 && strcmp(key, "resources") == 0 && strcmp(json_key(rel, 5), "memory") == 0 &&
			   (str || ev->kind == JSON_NUMBER)) {
			const char *which_setting = json_key(rel, 4);
			int role = strcmp(which_setting, "requests") == 0 ? REQUEST :
				   strcmp(which_setting, "limits") == 0	  ? LIMIT :
									    -1;

			if (role >= 0) {
				set_str(&c->mem[role], ev);
				c->line[role] = ev->line;
			}
		}
	} else if (strcmp(top, "status") == 0) {
		if (str && json_match(rel, "status.startTime"))
			set_str(&p->started, ev);
		else if (rel->depth >= 3 && (strcmp(json_key(rel, 1), "containerStatuses") == 0 ||
					     strcmp(json_key(rel, 1), "initContainerStatuses") == 0))
			return container_status(r, p, rel, ev);
	}
	return 0;
}

static int on_event(void *ctx, const struct json_path *path, const struct json_event *ev)
{
	struct reader *r = ctx;
	struct pod *p;
	struct json_path rel;

	if (path->depth == 0) {
		if (ev->kind == JSON_MAP_START)
			pod_begin(&r->root, 0, ev->line);
		else if (ev->kind == JSON_MAP_END)
			return pod_end(r, &r->root, 0);
		return 0;
	}
	if (path->depth >= 2 && strcmp(json_key(path, 0), "items") == 0 && !path->seg[1].key) {
		if (path->depth == 2) {
			if (ev->kind == JSON_MAP_START)
				pod_begin(&r->item, 2, ev->line);
			else if (ev->kind == JSON_MAP_END && r->item.active)
				return pod_end(r, &r->item, 1);
			return 0;
		}
		p = &r->item;
	} else {
		p = &r->root;
	}
	if (!p->active)
		return 0;
	rel.depth = path->depth - p->base;
	memcpy(rel.seg, path->seg + p->base, rel.depth * sizeof(rel.seg[0]));
	return pod_field(r, p, &rel, ev);
}

int ingest_kubectl_pods(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			struct ingest_stats *st)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.o = o;
	r.sink = sink;
	r.st = st;
	rc = json_stream_input(in, on_event, &r);
	pod_free(&r.root);
	pod_free(&r.item);
	if (rc)
		return -1;
	if (r.kills)
		rs_info("%s: %lld container%s last terminated by the OOM killer", in->name, (long long)r.kills,
			r.kills == 1 ? " was" : "s were");
	if (r.no_request || r.no_limit)
		rs_info("%s: %lld containers have no memory request, %lld no memory limit (missing, not zero)", in->name,
			(long long)r.no_request, (long long)r.no_limit);
	if (r.not_pods)
		rs_info("%s: %lld items are not Pods (the first: %s): not read", in->name, (long long)r.not_pods,
			r.not_pod_kind);
	if (r.bad_times)
		rs_info("%s: %lld pod times are not RFC 3339: the next known time was used", in->name,
			(long long)r.bad_times);
	if (r.init_skipped && rs_verbosity > 1)
		rs_info("%s: %lld init containers not read (they run before the app containers)", in->name,
			(long long)r.init_skipped);
	return 0;
}

/* ---- detection ------------------------------------------------------------ */

/*
 * Only the first bytes are parsed (yajl, stopped as soon as it is
 * decided): the top-level "kind", and the first element of "items".
 */
#define DETECT_DEPTH 6

struct detect {
	int depth;                  /* open containers */
	char key[DETECT_DEPTH][24]; /* the current key of the map at each depth (1-based) */
	int in_items;               /* inside the top-level "items" array */
	int items;                  /* its elements seen so far */
	int api_version;            /* a top-level "apiVersion" */
	int item_containers;        /* the first item has spec.containers */
	int result;                 /* 1 yes, -1 no, 0 undecided */
};

static int decide(struct detect *d, int result)
{
	d->result = result;
	return 0; /* stops yajl */
}

static int d_key(void *c, const unsigned char *k, size_t len)
{
	struct detect *d = c;

	if (d->depth < DETECT_DEPTH)
		snprintf(d->key[d->depth], sizeof(d->key[0]), "%.*s", (int)len, (const char *)k);
	if (d->depth == 1 && len == 10 && memcmp(k, "apiVersion", 10) == 0)
		d->api_version = 1;
	if (d->depth == 4 && d->in_items && d->items == 1 && strcmp(d->key[3], "spec") == 0 && len == 10 &&
	    memcmp(k, "containers", 10) == 0)
		d->item_containers = 1;
	return 1;
}

static int d_string(void *c, const unsigned char *s, size_t len)
{
	struct detect *d = c;
	int pod = len == 3 && memcmp(s, "Pod", 3) == 0;

	if (d->depth == 1 && strcmp(d->key[1], "kind") == 0) {
		if (pod || (len == 7 && memcmp(s, "PodList", 7) == 0))
			return decide(d, 1);
		if (!(len == 4 && memcmp(s, "List", 4) == 0))
			return decide(d, -1);
	}
	if (d->depth == 3 && d->in_items && d->items == 1 && strcmp(d->key[3], "kind") == 0)
		return decide(d, pod ? 1 : -1);
	return 1;
}

static int d_null(void *c)
{
	return ((struct detect *)c)->depth > 0 ? 1 : decide(c, -1);
}

static int d_bool(void *c, int b)
{
	(void)b;
	return d_null(c);
}

static int d_number(void *c, const char *s, size_t len)
{
	(void)s;
	(void)len;
	return d_null(c);
}

static int d_open(struct detect *d, int array)
{
	if (d->depth == 0 && array)
		return decide(d, -1);
	if (d->depth == 1 && array && strcmp(d->key[1], "items") == 0)
		d->in_items = 1;
	/* The first item is enough: a second one decides. */
	if (d->depth == 2 && d->in_items && ++d->items > 1)
		return decide(d, d->item_containers && d->api_version ? 1 : -1);
	d->depth++;
	if (d->depth < DETECT_DEPTH)
		d->key[d->depth][0] = '\0';
	return 1;
}

static int d_start_map(void *c)
{
	return d_open(c, 0);
}

static int d_start_array(void *c)
{
	return d_open(c, 1);
}

static int d_close(void *c)
{
	struct detect *d = c;

	if (--d->depth == 1)
		d->in_items = 0;
	return 1;
}

static const yajl_callbacks detect_callbacks = {
	d_null, d_bool, NULL, NULL, d_number, d_string, d_start_map, d_key, d_close, d_start_array, d_close,
};

int kubectl_pods_detect(const char *data, size_t len)
{
	struct detect d;

	memset(&d, 0, sizeof(d));
	if (json_scan_head(&detect_callbacks, &d, data, len, JSON_DETECT_BYTES))
		return 0;
	if (d.result == 0 && d.item_containers && d.api_version)
		d.result = 1;
	return d.result == 1;
}
