/* json.c - path events over yajl; see json.h. */
#include "json.h"
#include "../util/log.h"

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

/* Slices fed to yajl: a line at a time, long lines in pieces, so events know their line. */
#define SLICE_MAX (64u << 10)

struct stream {
	struct json_path path;
	json_fn fn;
	void *ctx;
	int64_t line;
	int failed;
	int overflow;
};

/*
 * The path is one segment per open container: for a map its current key,
 * for an array its current index (index -1 before the first element; maps
 * have index MAP_INDEX). A value's path is therefore the chain of segments
 * that leads to it; a container's own START and END events carry the path
 * to the container itself.
 */
#define MAP_INDEX (-2)

static int is_array(const struct json_seg *g)
{
	return g->index != MAP_INDEX;
}

/* The next value of an array parent takes the next index. */
static void next_element(struct stream *s)
{
	if (s->path.depth && is_array(&s->path.seg[s->path.depth - 1]))
		s->path.seg[s->path.depth - 1].index++;
}

static int emit(struct stream *s, enum json_kind kind, const char *text, size_t len, int b)
{
	struct json_event ev;

	ev.kind = kind;
	ev.text = text;
	ev.len = len;
	ev.boolean = b;
	ev.line = s->line;
	if (s->fn(s->ctx, &s->path, &ev)) {
		s->failed = 1;
		return 0;
	}
	return 1;
}

static int scalar(struct stream *s, enum json_kind kind, const char *text, size_t len, int b)
{
	next_element(s);
	return emit(s, kind, text, len, b);
}

static int cb_null(void *c)
{
	return scalar(c, JSON_NULL, NULL, 0, 0);
}

static int cb_bool(void *c, int b)
{
	return scalar(c, JSON_BOOL, NULL, 0, b);
}

static int cb_number(void *c, const char *t, size_t len)
{
	return scalar(c, JSON_NUMBER, t, len, 0);
}

static int cb_string(void *c, const unsigned char *t, size_t len)
{
	return scalar(c, JSON_STRING, (const char *)t, len, 0);
}

static int open_container(struct stream *s, enum json_kind kind)
{
	struct json_seg *g;

	next_element(s);
	if (!emit(s, kind, NULL, 0, 0))
		return 0;
	if (s->path.depth == JSON_MAX_DEPTH) {
		s->overflow = 1;
		return 0;
	}
	g = &s->path.seg[s->path.depth++];
	g->key = NULL;
	g->index = kind == JSON_ARRAY_START ? -1 : MAP_INDEX;
	return 1;
}

static int close_container(struct stream *s, enum json_kind kind)
{
	struct json_seg *g = &s->path.seg[--s->path.depth];

	free(g->key);
	g->key = NULL;
	return emit(s, kind, NULL, 0, 0);
}

static int cb_start_map(void *c)
{
	return open_container(c, JSON_MAP_START);
}

static int cb_end_map(void *c)
{
	return close_container(c, JSON_MAP_END);
}

static int cb_start_array(void *c)
{
	return open_container(c, JSON_ARRAY_START);
}

static int cb_end_array(void *c)
{
	return close_container(c, JSON_ARRAY_END);
}

static int cb_map_key(void *c, const unsigned char *k, size_t len)
{
	struct stream *s = c;
	struct json_seg *g = &s->path.seg[s->path.depth - 1];

	free(g->key);
	g->key = rs_strndup((const char *)k, len);
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array,
};

int json_stream(const char *data, size_t len, const char *name, json_fn fn, void *ctx)
{
	struct stream s;
	yajl_handle h;
	yajl_status st = yajl_status_ok;
	size_t off = 0, i;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.fn = fn;
	s.ctx = ctx;
	s.line = 1;
	h = yajl_alloc(&callbacks, NULL, &s);
	if (!h)
		return rs_error("%s: cannot start the JSON parser", name);
	while (off < len && st == yajl_status_ok) {
		const char *nl = memchr(data + off, '\n', len - off < SLICE_MAX ? len - off : SLICE_MAX);
		size_t n = nl ? (size_t)(nl - (data + off)) + 1 : (len - off < SLICE_MAX ? len - off : SLICE_MAX);

		st = yajl_parse(h, (const unsigned char *)data + off, n);
		if (st != yajl_status_ok)
			break;
		off += n;
		if (nl)
			s.line++;
	}
	if (st == yajl_status_ok)
		st = yajl_complete_parse(h);
	if (s.failed) {
		rc = -1;
	} else if (s.overflow) {
		rc = rs_error("%s:%lld: JSON nested deeper than %d levels", name, (long long)s.line, JSON_MAX_DEPTH);
	} else if (st != yajl_status_ok) {
		unsigned char *msg = yajl_get_error(h, 0, NULL, 0);

		rc = rs_error("%s:%lld: malformed JSON: %s", name, (long long)s.line, msg ? (const char *)msg : "?");
		if (msg)
			yajl_free_error(h, msg);
	}
	for (i = 0; i < s.path.depth; i++)
		free(s.path.seg[i].key);
	yajl_free(h);
	return rc;
}

const char *json_key(const struct json_path *p, size_t i)
{
	if (i >= p->depth || p->seg[i].index != MAP_INDEX || !p->seg[i].key)
		return "";
	return p->seg[i].key;
}

int json_match(const struct json_path *p, const char *pattern)
{
	size_t i = 0;
	const char *s = pattern;

	while (*s) {
		const char *e = s;
		size_t n;

		/* "[]" can follow a key without a dot: "result[]". */
		while (*e && *e != '.' && *e != '[')
			e++;
		n = (size_t)(e - s);
		if (n) {
			if (i >= p->depth)
				return 0;
			if (p->seg[i].index != MAP_INDEX || !p->seg[i].key)
				return 0;
			if (!(n == 1 && *s == '*') &&
			    (strlen(p->seg[i].key) != n || memcmp(p->seg[i].key, s, n) != 0))
				return 0;
			i++;
		}
		if (*e == '[') {
			if (e[1] != ']' || i >= p->depth || p->seg[i].index == MAP_INDEX)
				return 0;
			i++;
			e += 2;
		}
		s = *e == '.' ? e + 1 : e;
	}
	return i == p->depth;
}
