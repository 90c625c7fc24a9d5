/*
 * labels.h - Prometheus label sets as exports spell them, and the series
 * identity rightsize derives from them.
 */
#ifndef RS_LABELS_H
#define RS_LABELS_H

#include <stddef.h>

#include "../store/store.h"

#define LABELS_MAX 48

/* A parsed label set; strings owned by the struct (labels_free). */
struct labels {
	char *metric; /* "" when the text names none */
	size_t n;
	char *name[LABELS_MAX];
	char *value[LABELS_MAX];
};

void labels_init(struct labels *l);
void labels_free(struct labels *l);
/* Adds or replaces a label (copies both strings); beyond LABELS_MAX: ignored, returns -1. */
int labels_set(struct labels *l, const char *name, size_t nlen, const char *value, size_t vlen);
/* Value of a label, or NULL when absent. */
const char *labels_get(const struct labels *l, const char *name);

/*
 * Parses a column header or series name as Grafana and Prometheus write it:
 *   metric{a="1", b="2"}   Go-quoted values (\" and \\ escapes)
 *   {a="1", b="2"}          no metric (formatLabels style, values unescaped)
 *   name {a="1"}            field name prefix
 *   metric                  a bare metric name (contains '_' or ':', no blanks)
 *   anything else           legend text: the value of legend_label (e.g. pod)
 * Returns 0, or -1 when braces are present but malformed.
 */
int labels_parse(const char *s, size_t len, const char *legend_label, struct labels *out);

/* Series identity derived from labels: strings point into an internal buffer. */
struct identity {
	struct store_series s; /* points into the arrays below */
	char metric[256], cluster[128], namespace[128], pod[256], container[128], workload[256];
	char pod_uid[40], container_id[80];
};

/* The skip reason of a termination-reason series whose reason is not OOMKilled (no kill: not an empty file). */
#define LABELS_NOT_OOM_TERMINATION "a termination for another reason than OOMKilled (no kill)"

/*
 * Fills id from labels. Returns 0 for a series to keep, 1 for one to skip
 * with *why set (pod-level cgroup, pause container, not memory), -1 never.
 */
int labels_identity(const struct labels *l, const char *source, struct identity *id, const char **why);

/*
 * Workload of a pod: explicit labels first (workload, owner_name, deployment,
 * statefulset, daemonset, cronjob, job_name, marathon_app, dag_id+task_id),
 * then the pod-name shapes of Deployments, StatefulSets, DaemonSets/Jobs,
 * CronJobs, Airflow KubernetesExecutor pods and Marathon tasks.
 * Writes the name into buf and returns the kind ("deployment", ...);
 * *from_label says whether a label named it (1) or the pod name's shape (0).
 */
const char *workload_of(const struct labels *l, const char *pod, char *buf, size_t buflen, int *from_label);

#endif
