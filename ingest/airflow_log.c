/*
 * airflow_log.c - Airflow logs: task pods OOM-killed.
 *
 * The KubernetesExecutor logs a failed worker pod as
 *   Task <dag_id>.<task_id>.<try> failed in pod <ns>/<pod>. Pod phase: Failed, reason: ...,
 *   container_type: main, container_name: base, container_state: terminated,
 *   container_reason: OOMKilled, container_message: None, exit_code: 137
 * (older providers: "Pod <pod> in namespace <ns> failed. Pod phase: ...,
 * container_reason: OOMKilled, ..."). Other lines whose reason is
 * OOMKilled (KubernetesPodOperator task logs) count when they name a pod
 * or a task. Only container_reason / reason OOMKilled is a kill: exit code
 * 137 alone may be an eviction or any SIGKILL. The executor's "Changing
 * state of KubernetesResults(... 'container_reason': 'OOMKilled' ...)"
 * line, logged just before the message above, repeats the same kill and
 * is not counted again.
 *
 * The workload is "<dag_id>.<task_id>" (labels dag_id and task_id, as in
 * the usage series). The ids come from, in order: a TaskInstanceKey(...)
 * or "dag_id=..., task_id=..." in the same line; the pod, when an earlier
 * line tied it to a TaskInstanceKey ("with pod name", "pod_name="); a
 * known pair that spells the task key "<dag_id>.<task_id>.<try>"; that key
 * without its try number, split at its first dot (the workload name is the
 * same wherever the split falls). A line without a key (older providers,
 * task logs) waits up to WINDOW lines for a line that ties its pod to a
 * key ("Pod name: <pod>") or for the next "Marking task as FAILED.
 * dag_id=..., task_id=..."; failing both, the pod name's shape names it.
 */
#include "ingest.h"
#include "textlines.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE "airflow-log"
#define KIND "airflow"

#define NOTE_NOZONE "no zone in the log: read as UTC or --tz"
#define WINDOW 100  /* lines a kill waits for its task's ids */
#define NPAIRS 64   /* (dag_id, task_id) pairs remembered */
#define NPODS 64    /* pod -> pair remembered */
#define NPENDING 16 /* kills waiting for their task's ids */

struct pair {
	char dag[128], task[256];
};

struct podpair {
	char pod[256];
	struct pair p;
};

struct pending {
	int used;
	int64_t line, time;
	char note[64];
	char key[384]; /* "<dag_id>.<task_id>.<try>" of the executor's message, or "" */
	char ns[128], pod[256], container[128];
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct pair pairs[NPAIRS];
	size_t npairs, next_pair;
	struct podpair pods[NPODS];
	size_t npods, next_pod;
	struct pending pend[NPENDING];
};

static void copy(char *dst, size_t n, const char *s, size_t len)
{
	snprintf(dst, n, "%.*s", (int)len, s);
}

/*
 * The value after key in s[0..n): quoted ('...' or "...") up to its quote,
 * else up to a character of stop (or the end). Returns 0 or -1.
 */
static int value_after(const char *s, size_t n, const char *key, const char *stop, const char **v, size_t *vl)
{
	const char *k = text_find(s, n, key), *end = s + n, *p;

	if (!k)
		return -1;
	p = k + strlen(key);
	if (p < end && (*p == '\'' || *p == '"')) {
		const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));

		if (!q)
			return -1;
		*v = p + 1;
		*vl = (size_t)(q - p - 1);
		return 0;
	}
	*v = p;
	while (p < end && !strchr(stop, *p))
		p++;
	*vl = (size_t)(p - *v);
	return 0;
}

/* A Kubernetes object name (pods may have dots), possibly "<ns>/<name>". */
static int is_name(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' || s[i] == '.' ||
		      s[i] == '/'))
			return 0;
	return 1;
}

/* A (dag_id, task_id) pair in the line: TaskInstanceKey(dag_id='d', task_id='t', ...) or dag_id=d, task_id=t. */
static int pair_in(const char *s, size_t n, struct pair *p)
{
	const char *d = text_find(s, n, "dag_id="), *v;
	size_t vl;

	if (!d || value_after(d, (size_t)(s + n - d), "dag_id=", ", )", &v, &vl) || !vl)
		return 0;
	copy(p->dag, sizeof(p->dag), v, vl);
	if (value_after(d, (size_t)(s + n - d), "task_id=", ", )", &v, &vl) || !vl)
		return 0;
	copy(p->task, sizeof(p->task), v, vl);
	return 1;
}

/* The pod a line ties to its TaskInstanceKey: "with pod name X", "pod_name='X'", "Pod name: X.". */
static int pod_in(const char *s, size_t n, char *pod, size_t len)
{
	static const char *const keys[] = { "with pod name ", "pod_name=", "Pod name: ", NULL };
	const char *v;
	size_t i, vl;

	for (i = 0; keys[i]; i++) {
		if (value_after(s, n, keys[i], " ,')", &v, &vl) == 0) {
			while (vl && v[vl - 1] == '.')
				vl--;
			if (is_name(v, vl)) {
				copy(pod, len, v, vl);
				return 1;
			}
		}
	}
	return 0;
}

static void remember_pair(struct reader *r, const struct pair *p)
{
	size_t i;

	for (i = 0; i < r->npairs; i++)
		if (strcmp(r->pairs[i].dag, p->dag) == 0 && strcmp(r->pairs[i].task, p->task) == 0)
			return;
	r->pairs[r->next_pair] = *p;
	r->next_pair = (r->next_pair + 1) % NPAIRS;
	if (r->npairs < NPAIRS)
		r->npairs++;
}

static void remember_pod(struct reader *r, const char *pod, const struct pair *p)
{
	size_t i;

	for (i = 0; i < r->npods; i++) {
		if (strcmp(r->pods[i].pod, pod) == 0) {
			r->pods[i].p = *p;
			return;
		}
	}
	snprintf(r->pods[r->next_pod].pod, sizeof(r->pods[0].pod), "%s", pod);
	r->pods[r->next_pod].p = *p;
	r->next_pod = (r->next_pod + 1) % NPODS;
	if (r->npods < NPODS)
		r->npods++;
}

static const struct pair *pod_pair(const struct reader *r, const char *pod)
{
	size_t i;

	if (!*pod)
		return NULL;
	for (i = 0; i < r->npods; i++)
		if (strcmp(r->pods[i].pod, pod) == 0)
			return &r->pods[i].p;
	return NULL;
}

/* Whether "<dag>.<task>" followed by nothing or ".<try>..." spells key. */
static int pair_spells(const struct pair *p, const char *key)
{
	size_t dl = strlen(p->dag), tl = strlen(p->task);

	if (!*key || strncmp(key, p->dag, dl) != 0 || key[dl] != '.' || strncmp(key + dl + 1, p->task, tl) != 0)
		return 0;
	key += dl + 1 + tl;
	return *key == '\0' || (key[0] == '.' && isdigit((unsigned char)key[1]));
}

static const struct pair *key_pair(const struct reader *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->npairs; i++)
		if (pair_spells(&r->pairs[i], key))
			return &r->pairs[i];
	return NULL;
}

/* Emits a kill with the pair that names its task (NULL: the key's split, else the pod's shape). */
static int finish(struct reader *r, struct pending *k, const struct pair *p)
{
	struct store_event ev;
	struct labels l;
	struct pair split;
	char workload[256];
	int from_label, rc;

	k->used = 0;
	if (!p && k->key[0]) {
		/* "<dag_id>.<task_id>.<try>": drop the try number, split at the first dot. */
		char *dot, *last = strrchr(k->key, '.');

		if (last && isdigit((unsigned char)last[1]) && strspn(last + 1, "0123456789") == strlen(last + 1))
			*last = '\0';
		dot = strchr(k->key, '.');
		if (dot) {
			copy(split.dag, sizeof(split.dag), k->key, (size_t)(dot - k->key));
			snprintf(split.task, sizeof(split.task), "%s", dot + 1);
			p = &split;
		}
	}
	if (!p && !k->pod[0]) {
		r->st->f.rejected++;
		ingest_reject(r->st, r->o, r->in->name, k->line, 1,
			      "an OOMKilled line that names no pod and no task (dag_id, task_id)");
		return r->o->strict ? -1 : 0;
	}
	labels_init(&l);
	if (p) {
		labels_set(&l, "dag_id", 6, p->dag, strlen(p->dag));
		labels_set(&l, "task_id", 7, p->task, strlen(p->task));
	}
	ingest_event_init(&ev, SOURCE, KIND);
	ev.workload_kind = workload_of(&l, k->pod, workload, sizeof(workload), &from_label);
	labels_free(&l);
	ev.workload = workload;
	ev.time = k->time;
	ev.time_note = k->note;
	ev.namespace = k->ns;
	ev.pod = k->pod;
	ev.container = k->container;
	ev.line = k->line;
	rc = ingest_event(r->sink, &ev);
	if (rc == 0)
		ingest_count(r->st, k->time);
	return rc;
}

/*
 * The line's time: "[2026-11-10T02:58:10.034+0000] ...", "[2022-01-25, 20:13:24 UTC] ..."
 * or "2022-06-17 06:22:38,609 ...". Returns 0 and sets *t (and a note for
 * times without a zone), or -1 when the line starts with none.
 */
static int stamp_of(const char *s, size_t n, int64_t *t, char *note, size_t notelen)
{
	char buf[64];
	const char *end;
	size_t len, i, k = 0;

	note[0] = '\0';
	if (n > 1 && s[0] == '[') {
		end = memchr(s, ']', n < 48 ? n : 48);
		if (!end)
			return -1;
		s++;
		len = (size_t)(end - s);
	} else {
		/* Date and clock: the first two words. */
		for (i = 0, len = 0; len < n && len < 40; len++) {
			if (s[len] == ' ' && ++i == 2)
				break;
		}
	}
	if (len < 19 || len >= sizeof(buf) || !isdigit((unsigned char)s[0]) || s[4] != '-')
		return -1;
	for (i = 0; i < len; i++) {
		/* "2022-01-25, 20:13:24": the comma after the date goes. */
		if (i == 10 && s[i] == ',')
			continue;
		buf[k++] = s[i];
	}
	buf[k] = '\0';
	/* A zone name: UTC and GMT are read; another is not guessed. */
	if (k > 4 && isalpha((unsigned char)buf[k - 1])) {
		char *sp = strrchr(buf, ' ');

		if (sp && (strcmp(sp + 1, "UTC") == 0 || strcmp(sp + 1, "GMT") == 0)) {
			strcpy(sp, "Z");
			k = strlen(buf);
		} else if (sp) {
			snprintf(note, notelen, "zone \"%.16s\" not understood: time unknown", sp + 1);
			*t = STORE_TIME_UNKNOWN;
			return 0;
		}
	}
	if (rtime_parse(buf, k, RTIME_AUTO, t) != 0)
		return -1;
	for (i = 19; i < k; i++)
		if (buf[i] == 'Z' || buf[i] == '+' || buf[i] == '-')
			return 0;
	snprintf(note, notelen, "%s", NOTE_NOZONE);
	return 0;
}

/* Waiting kills: a later line ties their pod to a pair, or "Marking task as FAILED" names the oldest's. */
static int resolve(struct reader *r, const struct pair *p, const char *pod, int marking)
{
	struct pending *oldest = NULL;
	size_t i;

	for (i = 0; i < NPENDING; i++) {
		struct pending *k = &r->pend[i];

		if (!k->used)
			continue;
		if (pod && *pod && strcmp(pod, k->pod) == 0) {
			if (finish(r, k, p))
				return -1;
		}
	}
	if (!marking)
		return 0;
	/* "Marking task as FAILED": the oldest waiting kill without a key takes it. */
	for (i = 0; i < NPENDING; i++)
		if (r->pend[i].used && !r->pend[i].key[0] && (!oldest || r->pend[i].line < oldest->line))
			oldest = &r->pend[i];
	return oldest ? finish(r, oldest, p) : 0;
}

/* Kills that waited WINDOW lines (or all, at the end) go with what they have. */
static int expire(struct reader *r, int64_t line, int all)
{
	size_t i;

	for (i = 0; i < NPENDING; i++)
		if (r->pend[i].used && (all || r->pend[i].line + WINDOW < line))
			if (finish(r, &r->pend[i], NULL))
				return -1;
	return 0;
}

static int reject(struct reader *r, int64_t line, const char *why)
{
	r->st->f.rejected++;
	ingest_reject(r->st, r->o, r->in->name, line, 1, "%s", why);
	return r->o->strict ? -1 : 0;
}

/* The field "key: value" of the executor's message, up to ", ". */
static int field(const char *s, size_t n, const char *key, const char **v, size_t *vl)
{
	const char *k = text_find(s, n, key), *end = s + n, *p;

	if (!k)
		return -1;
	*v = p = k + strlen(key);
	while (p < end && !(*p == ',' && p + 1 < end && p[1] == ' '))
		p++;
	*vl = (size_t)(p - *v);
	return 0;
}

/* The kill of one OOMKilled line into k (without its task). Returns 1 for a kill, 0 for none, -1 on a bad line. */
static int parse_kill(const char *s, size_t n, struct pending *k)
{
	const char *v, *a, *b;
	size_t vl;

	if ((a = text_find(s, n, "Task ")) != NULL && (b = text_find(a, (size_t)(s + n - a), " failed in pod ")) != NULL) {
		const char *slash, *pe;

		if (field(s, n, "container_reason: ", &v, &vl) != 0)
			return -1;
		if (!(vl == 9 && memcmp(v, "OOMKilled", 9) == 0))
			return 0;
		copy(k->key, sizeof(k->key), a + 5, (size_t)(b - a - 5));
		v = b + 15;
		pe = text_find(v, (size_t)(s + n - v), ". Pod phase:");
		if (!pe)
			for (pe = v; pe < s + n && *pe != ' '; pe++)
				;
		slash = memchr(v, '/', (size_t)(pe - v));
		if (!slash || !is_name(v, (size_t)(pe - v)))
			return -1;
		copy(k->ns, sizeof(k->ns), v, (size_t)(slash - v));
		copy(k->pod, sizeof(k->pod), slash + 1, (size_t)(pe - slash - 1));
		if (field(s, n, "container_name: ", &v, &vl) == 0 && is_name(v, vl))
			copy(k->container, sizeof(k->container), v, vl);
		return 1;
	}
	if ((a = text_find(s, n, "Pod ")) != NULL && (b = text_find(a, (size_t)(s + n - a), " in namespace ")) != NULL &&
	    text_find(b, (size_t)(s + n - b), " failed. ")) {
		const char *ne;

		if (field(s, n, "container_reason: ", &v, &vl) != 0)
			return -1;
		if (!(vl == 9 && memcmp(v, "OOMKilled", 9) == 0))
			return 0;
		if (!is_name(a + 4, (size_t)(b - a - 4)))
			return -1;
		copy(k->pod, sizeof(k->pod), a + 4, (size_t)(b - a - 4));
		v = b + 14;
		ne = text_find(v, (size_t)(s + n - v), " failed. ");
		if (!is_name(v, (size_t)(ne - v)))
			return -1;
		copy(k->ns, sizeof(k->ns), v, (size_t)(ne - v));
		return 1;
	}
	/* Other lines: "reason" shortly before OOMKilled ("reason: OOMKilled", "'reason': 'OOMKilled'"). */
	a = text_find(s, n, "OOMKilled");
	b = a - (a - s > 24 ? 24 : a - s);
	if (!text_find(b, (size_t)(a - b), "reason") && !text_find(b, (size_t)(a - b), "Reason"))
		return 0;
	{
		static const char *const pods[] = { "pod_name=", "pod_name: ", "Pod name: ", "pod ", "Pod ", NULL };
		static const char *const nss[] = { "namespace=", "namespace: ", "Namespace: ", "namespace ", NULL };
		size_t i;

		for (i = 0; pods[i]; i++) {
			if (value_after(s, (size_t)(a - s), pods[i], " ,')", &v, &vl) == 0) {
				const char *slash;

				while (vl && (v[vl - 1] == '.' || v[vl - 1] == ':'))
					vl--;
				if (!is_name(v, vl))
					continue;
				slash = memchr(v, '/', vl);
				if (slash) {
					copy(k->ns, sizeof(k->ns), v, (size_t)(slash - v));
					copy(k->pod, sizeof(k->pod), slash + 1, (size_t)(v + vl - slash - 1));
				} else {
					copy(k->pod, sizeof(k->pod), v, vl);
				}
				break;
			}
		}
		for (i = 0; nss[i] && !k->ns[0]; i++)
			if (value_after(s, n, nss[i], " ,'):", &v, &vl) == 0 && is_name(v, vl) && !memchr(v, '/', vl))
				copy(k->ns, sizeof(k->ns), v, vl);
		if (value_after(s, n, "container_name=", " ,')", &v, &vl) == 0 ||
		    value_after(s, n, "container_name: ", " ,')", &v, &vl) == 0)
			if (is_name(v, vl))
				copy(k->container, sizeof(k->container), v, vl);
	}
	return 1;
}

static int one_line(struct reader *r, const char *s, size_t n, int64_t line)
{
	struct pair p;
	struct pending k;
	const struct pair *known = NULL;
	char pod[256];
	int have_pair, have_pod = 0, rc;
	size_t i;

	if (expire(r, line, 0))
		return -1;
	have_pair = pair_in(s, n, &p);
	if (have_pair) {
		remember_pair(r, &p);
		have_pod = pod_in(s, n, pod, sizeof(pod));
		if (have_pod)
			remember_pod(r, pod, &p);
		if (resolve(r, &p, have_pod ? pod : NULL, text_find(s, n, "Marking task as FAILED") != NULL))
			return -1;
	}
	if (!text_find(s, n, "OOMKilled"))
		return 0;
	/* The executor's result dict: the same kill as its "Task ... failed in pod" line. */
	if (text_find(s, n, "Changing state of "))
		return 0;
	memset(&k, 0, sizeof(k));
	rc = parse_kill(s, n, &k);
	if (rc < 0)
		return reject(r, line, "an OOMKilled line whose pod is not readable");
	if (rc == 0)
		return 0;
	k.used = 1;
	k.line = line;
	if (stamp_of(s, n, &k.time, k.note, sizeof(k.note)) != 0)
		k.time = STORE_TIME_UNKNOWN;
	if (have_pair)
		return finish(r, &k, &p);
	if ((known = pod_pair(r, k.pod)) != NULL || (known = key_pair(r, k.key)) != NULL)
		return finish(r, &k, known);
	if (k.key[0])
		return finish(r, &k, NULL);
	/* Wait for a later line to name the task; the oldest waiting kill goes first when full. */
	for (i = 0; i < NPENDING && r->pend[i].used; i++)
		;
	if (i == NPENDING) {
		size_t j, old = 0;

		for (j = 1; j < NPENDING; j++)
			if (r->pend[j].line < r->pend[old].line)
				old = j;
		if (finish(r, &r->pend[old], NULL))
			return -1;
		i = old;
	}
	r->pend[i] = k;
	return 0;
}

static int line_cb(void *ctx, const char *s, size_t n, int64_t line)
{
	return one_line(ctx, s, n, line);
}

int ingest_airflow_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
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
		rc = expire(r, st->f.rows, 1); /* at the last line */
	free(r);
	return rc;
}

/* An Airflow log line: "[<time>] {file.py:N} LEVEL - ..." or "<date> <time> file.py LEVEL - ...". */
static int airflow_line(const char *s, size_t n)
{
	const char *py = text_find(s, n, ".py");

	if (n < 24 || !py || !text_find(py, (size_t)(s + n - py), " - "))
		return 0;
	if (s[0] == '[')
		s++, n--;
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) && s[4] == '-' && s[7] == '-';
}

int airflow_log_detect(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int lines = 0;

	if (!text_find(data, len, "OOMKilled") && !text_find(data, len, "kubernetes_executor") &&
	    !text_find(data, len, "KubernetesExecutor"))
		return 0;
	while (p < end && !lines) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		lines += airflow_line(p, n);
		p += n + 1;
	}
	return lines > 0;
}
