/*
 * datadog.h - Datadog's names for series, shared by the JSON and CSV readers
 * (defined in datadog_json.c).
 */
#ifndef RS_DATADOG_H
#define RS_DATADOG_H

#include <stddef.h>

#include "labels.h"

/* Parses "tag:value,tag:value" (a scope or tag_set) into l. Returns the number of tags, or -1. */
int datadog_tags_parse(const char *s, size_t len, struct labels *l);
/*
 * Parses a series name as Datadog writes it: "metric{tags}", "avg:metric{scope} by {tags}",
 * or a bare scope. Returns 0, or -1 when it is not one.
 */
int datadog_name_parse(const char *s, size_t len, struct labels *l);
/* labels_identity with Datadog's tag names and metric roles; 0 keep, 1 skip (*why). */
int datadog_identity(struct labels *l, const char *source, struct identity *id, const char **why);

#endif
