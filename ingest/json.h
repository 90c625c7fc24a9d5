/*
 * json.h - streaming JSON as "path events", over yajl.
 *
 * The JSON readers (Prometheus API, Datadog API, kubectl, Marathon) never
 * hold a document in memory: yajl parses the mapped file in slices, and
 * each scalar, and each start and end of an object or array, reaches the
 * reader with the path that leads to it (keys and array indexes). Memory
 * is bounded by the nesting depth and the longest key.
 */
#ifndef RS_JSON_H
#define RS_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <yajl/yajl_parse.h>

#define JSON_MAX_DEPTH 64

enum json_kind {
	JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING,
	JSON_MAP_START, JSON_MAP_END, JSON_ARRAY_START, JSON_ARRAY_END,
};

/* One open container: an object's current key, or an array's current index. */
struct json_seg {
	char *key;     /* object: the current member's key (NUL-terminated); array: NULL */
	int64_t index; /* array: the current element's index; object: -2 */
};

/*
 * Where an event is: seg[0..depth-1] lead from the document root to the
 * value. A container's START and END events carry the path to the
 * container itself; its members' events one segment more.
 */
struct json_path {
	size_t depth;
	struct json_seg seg[JSON_MAX_DEPTH];
};

struct json_event {
	enum json_kind kind;
	const char *text; /* NUMBER: the literal; STRING: the decoded text (not NUL-terminated) */
	size_t len;
	int boolean;
	int64_t line; /* approximate line of the event, for messages */
};

/* Return 0 to go on, -1 to stop with an error (already reported). */
typedef int (*json_fn)(void *ctx, const struct json_path *p, const struct json_event *ev);

/*
 * For content detectors: runs yajl with the detector's own callbacks over
 * the first max bytes of data (a callback returning 0 stops it once the
 * format is decided). A document cut there is no error: detection only
 * needs its head. Returns 0, or -1 when yajl could not be started.
 */
#define JSON_DETECT_BYTES (64u << 10)
int json_scan_head(const yajl_callbacks *cb, void *ctx, const char *data, size_t len, size_t max);

/* Streams data through fn. Returns 0, or -1 (reader error or malformed JSON, reported against name). */
int json_stream(const char *data, size_t len, const char *name, json_fn fn, void *ctx);
/* The same for a reader's input: read pages of a mapped file are handed back as it goes. */
struct ingest_input;
int json_stream_input(const struct ingest_input *in, json_fn fn, void *ctx);

/*
 * Matches a path against a pattern of dot-separated segments: a key,
 * "[]" for any array index, "*" for any key. "data.result[].metric.*"
 * matches data -> result -> <index> -> metric -> <any key>.
 * Returns 1 on a match of the whole path.
 */
int json_match(const struct json_path *p, const char *pattern);

/* The key at depth i (0-based), or "" when that segment is an array index. */
const char *json_key(const struct json_path *p, size_t i);

/*
 * For detectors: lists the object keys near the start of a JSON text as
 * paths, one per line, each line preceded by '\n' ("\nstatus\ndata\n
 * data.resultType\n", "\n[].metric\n"): keys inside the first element of
 * each array only, a few levels deep, from the first 64 KiB; nothing is
 * validated. Returns the length written to out.
 */
size_t json_head_keys(const char *s, size_t len, char *out, size_t outlen);
/* 1 when the key list of json_head_keys holds path. */
int json_head_has(const char *keys, const char *path);

#endif
