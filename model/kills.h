/*
 * kills.h - OOM evidence into kills: the same kill seen by several sources
 * (a kernel line, the pod status, the scheduler log) is one kill.
 */
#ifndef RS_KILLS_H
#define RS_KILLS_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"

/* Evidence of one container (or one process) within this many ms is one kill. */
#define KILLS_MERGE_MS INT64_C(120000)

/*
 * Numbers each row's kill: rows[i] and rows[j] get the same kill[] value
 * when they name the same container of the same pod (or, unattributed, the
 * same host and pid) and lie within KILLS_MERGE_MS of each other (events of unknown
 * time are kills of their own). kill[] must hold n entries; returns the
 * number of kills.
 */
size_t kills_merge(const struct store_event_row *rows, size_t n, size_t *kill);

/* 1 when the event is about this container of this workload. */
int kills_match(const struct store_event *ev, const char *cluster, const char *namespace, const char *workload,
		const char *container, int only_container);

#endif
