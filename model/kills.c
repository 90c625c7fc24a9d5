/* kills.c - merging OOM evidence into kills; see kills.h. */
#include "kills.h"
#include "../util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct keyed {
	char key[600];
	int64_t time;
	size_t row;
};

static void key_of(const struct store_event *e, char *buf, size_t len)
{
	/*
	 * One pod of one workload: a restarted task or pod is another life. The
	 * container and the cluster are left out: a kernel kill tied through the
	 * pod UID names neither, a node's log often no cluster, and two containers
	 * of one pod are rarely killed within the same two minutes.
	 */
	if (*e->workload)
		snprintf(buf, len, "w|%s|%s|%s", e->namespace, e->workload, e->pod);
	else
		snprintf(buf, len, "p|%s|%lld|%s", e->host, (long long)e->pid, e->pod_uid);
}

static int by_key_time(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int d = strcmp(a->key, b->key);

	if (d)
		return d;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->row < b->row ? -1 : a->row > b->row;
}

size_t kills_merge(const struct store_event_row *rows, size_t n, size_t *kill)
{
	struct keyed *k = rs_malloc((n ? n : 1) * sizeof(*k));
	size_t i, kills = 0;
	int64_t start = 0;

	for (i = 0; i < n; i++) {
		key_of(&rows[i].ev, k[i].key, sizeof(k[i].key));
		k[i].time = rows[i].ev.time;
		k[i].row = i;
	}
	qsort(k, n, sizeof(*k), by_key_time);
	for (i = 0; i < n; i++) {
		/* A new kill: another key, an unknown time, or too far from the first evidence. */
		if (i == 0 || strcmp(k[i].key, k[i - 1].key) != 0 || k[i].time == STORE_TIME_UNKNOWN ||
		    k[i - 1].time == STORE_TIME_UNKNOWN || k[i].time - start > KILLS_MERGE_MS) {
			kills++;
			start = k[i].time;
		}
		kill[k[i].row] = kills - 1;
	}
	free(k);
	return kills;
}

int kills_match(const struct store_event *ev, const char *cluster, const char *namespace, const char *workload,
		const char *container, int only_container)
{
	if (!*ev->workload || strcmp(ev->workload, workload) != 0 || strcmp(ev->namespace, namespace) != 0)
		return 0;
	/* A log from a node often does not know its cluster: any cluster then. */
	if (*ev->cluster && strcmp(ev->cluster, cluster) != 0)
		return 0;
	if (strcmp(ev->container, container) == 0)
		return 1;
	/* Evidence that names no container belongs to a workload's only container. */
	return !*ev->container && only_container;
}
