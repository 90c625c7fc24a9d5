/* labels.c - label sets, series identity and workload naming; see labels.h. */
#include "labels.h"
#include "cgroup.h"
#include "../util/log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void labels_init(struct labels *l)
{
	memset(l, 0, sizeof(*l));
}

void labels_free(struct labels *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->value[i]);
	}
	free(l->metric);
	labels_init(l);
}

int labels_set(struct labels *l, const char *name, size_t nlen, const char *value, size_t vlen)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strlen(l->name[i]) == nlen && memcmp(l->name[i], name, nlen) == 0) {
			free(l->value[i]);
			l->value[i] = rs_strndup(value, vlen);
			return 0;
		}
	}
	if (l->n == LABELS_MAX)
		return -1;
	l->name[l->n] = rs_strndup(name, nlen);
	l->value[l->n] = rs_strndup(value, vlen);
	l->n++;
	return 0;
}

const char *labels_get(const struct labels *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0)
			return l->value[i];
	return NULL;
}

static int is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '.';
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* Parses `a="1", b="2"` between braces. */
static int parse_braces(const char *s, size_t len, struct labels *out)
{
	size_t i = 0;
	char *val = rs_malloc(len + 1);

	for (;;) {
		size_t ns, ne, vl = 0;

		while (i < len && (s[i] == ' ' || s[i] == ','))
			i++;
		if (i >= len)
			break;
		ns = i;
		while (i < len && is_name_char((unsigned char)s[i]))
			i++;
		ne = i;
		while (i < len && s[i] == ' ')
			i++;
		if (ne == ns || i >= len || s[i] != '=')
			goto bad;
		i++;
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len || s[i] != '"')
			goto bad;
		i++;
		/*
		 * The value ends at a quote followed by ',' or the end: Go's %q
		 * escapes inner quotes, Grafana's formatLabels does not.
		 */
		for (;;) {
			if (i >= len)
				goto bad;
			if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
				val[vl++] = s[i + 1];
				i += 2;
				continue;
			}
			if (s[i] == '"') {
				size_t j = i + 1;

				while (j < len && s[j] == ' ')
					j++;
				if (j >= len || s[j] == ',') {
					i++;
					break;
				}
			}
			val[vl++] = s[i++];
		}
		if (ne - ns == 8 && memcmp(s + ns, "__name__", 8) == 0) {
			free(out->metric);
			out->metric = rs_strndup(val, vl);
		} else {
			labels_set(out, s + ns, ne - ns, val, vl);
		}
	}
	free(val);
	return 0;
bad:
	free(val);
	return -1;
}

int labels_parse(const char *s, size_t len, const char *legend_label, struct labels *out)
{
	const char *open;
	size_t i;

	labels_init(out);
	trim(&s, &len);
	open = memchr(s, '{', len);
	if (open && len && s[len - 1] == '}') {
		size_t mlen = (size_t)(open - s);
		const char *m = s;

		trim(&m, &mlen);
		out->metric = rs_strndup(m, mlen);
		if (parse_braces(open + 1, len - mlen - 2 - (size_t)(open - s - (ptrdiff_t)mlen), out)) {
			labels_free(out);
			return -1;
		}
		/* `Value {..}` is Grafana's default field name, not a metric. */
		if (strcmp(out->metric, "Value") == 0 || strcmp(out->metric, "value") == 0)
			out->metric[0] = '\0';
		return 0;
	}
	/* A brace that never closes is a damaged header, not legend text. */
	if (open && (!len || s[len - 1] != '}')) {
		labels_free(out);
		return -1;
	}
	/* A bare metric name: identifier characters with an underscore or colon. */
	for (i = 0; i < len; i++)
		if (!is_name_char((unsigned char)s[i]) || s[i] == '.')
			break;
	if (i == len && len && (memchr(s, '_', len) || memchr(s, ':', len)) && !isdigit((unsigned char)s[0]) &&
	    !memchr(s, '-', len)) {
		out->metric = rs_strndup(s, len);
		return 0;
	}
	out->metric = rs_strdup("");
	if (len && strcmp(legend_label, "") != 0)
		labels_set(out, legend_label, strlen(legend_label), s, len);
	return 0;
}

/* First present, non-empty label among names. */
static const char *first_of(const struct labels *l, const char *const *names)
{
	for (; *names; names++) {
		const char *v = labels_get(l, *names);

		if (v && *v && strcmp(v, "<none>") != 0)
			return v;
	}
	return NULL;
}

static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* Role of a metric, or -1 when it is not about memory. */
static int role_of(const char *metric, const struct labels *l)
{
	/* Memory metrics that are not what a container uses now. */
	static const char *const not_usage[] = { "max_usage", "peak", "failcnt", "failures", "cache", "swap",
						 "mapped_file", "kernel", "oom", "pgfault", "reservation",
						 "machine_memory", "allocatable", "capacity", NULL };
	const char *resource = labels_get(l, "resource");
	const char *reason = labels_get(l, "reason");
	size_t i;

	/* Kill counters and states: evidence of OOM kills, not memory. */
	if (contains_ci(metric, "oom_events_total") || contains_ci(metric, "oom_kill.oom_process.count") ||
	    contains_ci(metric, "oom_kill_total"))
		return STORE_OOM_COUNTER;
	if (contains_ci(metric, "last_terminated_reason") || contains_ci(metric, "status_terminated_reason") ||
	    contains_ci(metric, "containers.last_state.terminated"))
		return reason && strcasecmp(reason, "OOMKilled") == 0 ? STORE_OOM_STATE : -1;
	/* cAdvisor's view of the limit. */
	if (contains_ci(metric, "spec_memory_limit"))
		return STORE_LIMIT;
	if (contains_ci(metric, "requests") || contains_ci(metric, "limits")) {
		if (resource && strcmp(resource, "memory") != 0)
			return -1;
		if (!resource && !contains_ci(metric, "mem"))
			return -1;
		return contains_ci(metric, "requests") ? STORE_REQUEST : STORE_LIMIT;
	}
	for (i = 0; not_usage[i]; i++)
		if (contains_ci(metric, not_usage[i]))
			return -1;
	if (!*metric || contains_ci(metric, "mem") || contains_ci(metric, "working_set") || contains_ci(metric, "rss"))
		return STORE_USAGE;
	return -1;
}

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

int labels_identity(const struct labels *l, const char *source, struct identity *id, const char **why)
{
	static const char *const cluster_names[] = { "cluster", "kube_cluster_name", "cluster_name", NULL };
	static const char *const ns_names[] = { "exported_namespace", "namespace", "kube_namespace", NULL };
	static const char *const pod_names[] = { "exported_pod", "pod", "pod_name", "mesos_task_id", NULL };
	static const char *const ctr_names[] = { "exported_container", "container", "container_name",
						 "kube_container_name", NULL };
	const char *container = labels_get(l, "container") ? labels_get(l, "container") : labels_get(l, "container_name");
	int role = role_of(l->metric ? l->metric : "", l);

	memset(&id->s, 0, sizeof(id->s));
	id->pod_uid[0] = id->container_id[0] = '\0';
	if (role < 0) {
		const char *m = l->metric ? l->metric : "";

		/* A termination for another reason is evidence too: of no kill. */
		*why = contains_ci(m, "last_terminated_reason") || contains_ci(m, "status_terminated_reason") ||
				       contains_ci(m, "containers.last_state.terminated")
			       ? LABELS_NOT_OOM_TERMINATION
			       : "not a memory metric";
		return 1;
	}
	if (role == STORE_OOM_STATE || role == STORE_OOM_COUNTER)
		goto identity;
	/*
	 * cAdvisor: a container_* series of a pod with no container name is the
	 * pod-level cgroup (container="" and an absent label are the same in
	 * Prometheus); "POD" is the pause container. A series that names its
	 * workload explicitly (rightsize's own export) is not raw cAdvisor.
	 */
	if (role == STORE_USAGE && !labels_get(l, "exported_container") && !labels_get(l, "workload") && l->metric &&
	    strncmp(l->metric, "container_", 10) == 0) {
		const char *pod = labels_get(l, "pod") ? labels_get(l, "pod") : labels_get(l, "pod_name");

		if ((!container || !*container) && pod && *pod) {
			*why = "pod-level cgroup series (container=\"\")";
			return 1;
		}
		if (container && strcmp(container, "POD") == 0) {
			*why = "pause container (container=\"POD\")";
			return 1;
		}
	}
identity:
	copy(id->metric, sizeof(id->metric), l->metric);
	copy(id->cluster, sizeof(id->cluster), first_of(l, cluster_names));
	copy(id->namespace, sizeof(id->namespace), first_of(l, ns_names));
	copy(id->pod, sizeof(id->pod), first_of(l, pod_names));
	copy(id->container, sizeof(id->container), first_of(l, ctr_names));
	id->s.workload_kind = workload_of(l, id->pod, id->workload, sizeof(id->workload), &id->s.workload_from_label);
	id->s.metric = id->metric;
	id->s.cluster = id->cluster;
	id->s.namespace = id->namespace;
	id->s.pod = id->pod;
	id->s.container = id->container;
	id->s.workload = id->workload;
	id->s.source = source;
	id->s.role = (enum store_role)role;
	/* cAdvisor's cgroup path names the pod UID and the container ID. */
	{
		const char *cg = labels_get(l, "id");

		if (cg && cgroup_parse(cg, strlen(cg), id->pod_uid, sizeof(id->pod_uid), id->container_id,
				       sizeof(id->container_id))) {
			id->s.pod_uid = id->pod_uid;
			id->s.container_id = id->container_id;
		}
	}
	return 0;
}

/* ---- workload naming -------------------------------------------------- */

static int all_of(const char *s, size_t n, int (*pred)(int))
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!pred((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int strpbrk_n(const char *s, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr(set, s[i]))
			return 1;
	return 0;
}

static int is_lower_alnum(int c)
{
	return islower(c) || isdigit(c);
}

static int is_digit(int c)
{
	return isdigit(c);
}

static int is_hex_or_dash(int c)
{
	return isxdigit(c) || c == '-';
}

/* Kubernetes' random name suffixes use an alphabet without vowels, 0, 1 and 3. */
static int is_k8s_random(int c)
{
	return c && strchr("bcdfghjklmnpqrstvwxz2456789", c) != NULL;
}

/*
 * A pod-template-hash: lowercase letters and digits, either with a digit
 * (older, hex-like hashes) or all from the random alphabet (newer, safe-
 * encoded). Words such as "broker" or "cache" have vowels and no digit.
 */
static int looks_like_hash(const char *s, size_t n)
{
	return all_of(s, n, is_lower_alnum) && (strpbrk_n(s, n, "0123456789") || all_of(s, n, is_k8s_random));
}

/* Strips a ReplicaSet's pod-template-hash: "web-7d9f8c6b5d" -> "web". */
static void strip_hash(const char *rs, char *buf, size_t buflen)
{
	const char *dash = strrchr(rs, '-');
	size_t hl = dash ? strlen(dash + 1) : 0;

	if (dash && hl >= 6 && hl <= 10 && looks_like_hash(dash + 1, hl))
		snprintf(buf, buflen, "%.*s", (int)(dash - rs), rs);
	else
		snprintf(buf, buflen, "%s", rs);
}

const char *workload_of(const struct labels *l, const char *pod, char *buf, size_t buflen, int *from_label)
{
	static const struct {
		const char *label, *kind;
	} explicit[] = {
		{ "workload", NULL },
		{ "deployment", "deployment" }, { "kube_deployment", "deployment" },
		{ "statefulset", "statefulset" }, { "kube_stateful_set", "statefulset" },
		{ "daemonset", "daemonset" }, { "kube_daemon_set", "daemonset" },
		{ "cronjob", "cronjob" }, { "kube_cronjob", "cronjob" },
		{ "job_name", "job" }, { "kube_job", "job" },
	};
	const char *v, *dag, *task, *d1, *d2;
	size_t i, n, tail;

	*from_label = 1;
	for (i = 0; i < sizeof(explicit) / sizeof(explicit[0]); i++) {
		v = labels_get(l, explicit[i].label);
		if (v && *v && strcmp(v, "<none>") != 0) {
			snprintf(buf, buflen, "%s", v);
			if (explicit[i].kind)
				return explicit[i].kind;
			v = labels_get(l, "workload_kind");
			return v && *v ? (strcmp(v, "deployment") == 0 ? "deployment" :
					  strcmp(v, "statefulset") == 0 ? "statefulset" :
					  strcmp(v, "daemonset") == 0	? "daemonset" :
					  strcmp(v, "cronjob") == 0	? "cronjob" :
					  strcmp(v, "job") == 0		? "job" :
					  strcmp(v, "airflow-task") == 0 ? "airflow-task" :
					  strcmp(v, "marathon-app") == 0 ? "marathon-app" :
									   "workload") :
					 "workload";
		}
	}
	v = labels_get(l, "owner_name");
	if (v && *v && strcmp(v, "<none>") != 0) {
		const char *kind = labels_get(l, "owner_kind");

		if (kind && strcmp(kind, "ReplicaSet") == 0) {
			strip_hash(v, buf, buflen);
			return "deployment";
		}
		snprintf(buf, buflen, "%s", v);
		if (kind && strcmp(kind, "StatefulSet") == 0)
			return "statefulset";
		if (kind && strcmp(kind, "DaemonSet") == 0)
			return "daemonset";
		if (kind && strcmp(kind, "Job") == 0)
			return "job";
		return "workload";
	}
	v = labels_get(l, "marathon_app");
	if (v && *v) {
		snprintf(buf, buflen, "%s", v[0] == '/' ? v + 1 : v);
		return "marathon-app";
	}
	dag = labels_get(l, "dag_id");
	task = labels_get(l, "task_id");
	if (dag && *dag && task && *task) {
		snprintf(buf, buflen, "%s.%s", dag, task);
		return "airflow-task";
	}
	*from_label = 0;
	n = strlen(pod);
	if (!n) {
		snprintf(buf, buflen, "%s", "");
		return "unknown";
	}
	/* Marathon task: app.<uuid>. */
	d1 = strchr(pod, '.');
	if (d1 && strlen(d1 + 1) == 36 && all_of(d1 + 1, 36, is_hex_or_dash)) {
		snprintf(buf, buflen, "%.*s", (int)(d1 - pod), pod);
		return "marathon-app";
	}
	d2 = strrchr(pod, '-');
	if (!d2 || d2 == pod) {
		snprintf(buf, buflen, "%s", pod);
		return "pod";
	}
	tail = strlen(d2 + 1);
	if (tail == 5 && all_of(d2 + 1, 5, is_k8s_random)) {
		/* Look at the part before the random suffix. */
		d1 = d2 - 1;
		while (d1 > pod && *d1 != '-')
			d1--;
		if (d1 > pod) {
			size_t hl = (size_t)(d2 - d1 - 1);

			/* name-<job schedule minutes>-xxxxx: a CronJob's pod. */
			if (hl >= 8 && all_of(d1 + 1, hl, is_digit)) {
				snprintf(buf, buflen, "%.*s", (int)(d1 - pod), pod);
				return "cronjob";
			}
			/* name-<pod-template-hash>-xxxxx: a Deployment's pod. */
			if (hl >= 6 && hl <= 10 && looks_like_hash(d1 + 1, hl)) {
				snprintf(buf, buflen, "%.*s", (int)(d1 - pod), pod);
				return "deployment";
			}
		}
		/* name-xxxxx: a DaemonSet's or a Job's pod. */
		snprintf(buf, buflen, "%.*s", (int)(d2 - pod), pod);
		return "daemonset";
	}
	/* name-<ordinal>: a StatefulSet. */
	if (tail <= 4 && all_of(d2 + 1, tail, is_digit)) {
		snprintf(buf, buflen, "%.*s", (int)(d2 - pod), pod);
		return "statefulset";
	}
	/* name-<8 random chars>: an Airflow KubernetesExecutor worker pod. */
	if (tail == 8 && all_of(d2 + 1, 8, is_lower_alnum) && strpbrk(d2 + 1, "0123456789") &&
	    strpbrk(d2 + 1, "abcdefghijklmnopqrstuvwxyz")) {
		snprintf(buf, buflen, "%.*s", (int)(d2 - pod), pod);
		return "airflow-task";
	}
	snprintf(buf, buflen, "%s", pod);
	return "pod";
}
