/* json.c - path events over yajl; see json.h. */
#include "json.h"
#include "ingest.h"
#include "pages.h"
#include "../util/log.h"

#include <stdio.h>
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

static int stream(const char *data, size_t len, const char *name, int mapped, json_fn fn, void *ctx)
{
	struct stream s;
	yajl_handle h;
	yajl_status st = yajl_status_ok;
	size_t off = 0, i;
	struct pages pg;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.fn = fn;
	s.ctx = ctx;
	s.line = 1;
	pages_init(&pg, data, mapped);
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
		pages_release(&pg, data + off);
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

int json_stream(const char *data, size_t len, const char *name, json_fn fn, void *ctx)
{
	return stream(data, len, name, 0, fn, ctx);
}

int json_stream_input(const struct ingest_input *in, json_fn fn, void *ctx)
{
	return stream(in->data, in->len, in->name, in->mapped, fn, ctx);
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

/* ---- the start of a JSON text, for detection ---------------------------- */

/*
 * Lists the object keys near the start of a JSON text as paths, one per
 * line and each line preceded by '\n' ("\nstatus\ndata\ndata.resultType\n",
 * "\n[].metric\n"). Only keys inside the first element of each array are
 * listed, down to HEAD_DEPTH levels, and only the first HEAD_WINDOW bytes
 * are read. Nothing is validated: this is for guessing a format.
 */
#define HEAD_WINDOW (64u << 10)
#define HEAD_DEPTH 6

struct head_level {
	int array;     /* 1: array, 0: object */
	long index;    /* array: the current element */
	char key[48];  /* object: the current key */
};

static void head_record(const struct head_level *lv, size_t depth, char *out, size_t outlen, size_t *k)
{
	char path[HEAD_DEPTH * 52];
	size_t i, n = 0;

	for (i = 0; i < depth; i++) {
		if (lv[i].array) {
			if (lv[i].index != 0)
				return;
			n += (size_t)snprintf(path + n, sizeof(path) - n, "[]");
		} else {
			n += (size_t)snprintf(path + n, sizeof(path) - n, "%s%s", n ? "." : "", lv[i].key);
		}
	}
	if (*k + n + 2 < outlen) {
		memcpy(out + *k, path, n);
		*k += n;
		out[(*k)++] = '\n';
		out[*k] = '\0';
	}
}

size_t json_head_keys(const char *s, size_t len, char *out, size_t outlen)
{
	struct head_level lv[HEAD_DEPTH];
	size_t depth = 0, deeper = 0, i = 0, k = 0, n = len < HEAD_WINDOW ? len : HEAD_WINDOW;
	int expect_key = 0;

	if (outlen < 2)
		return 0;
	out[k++] = '\n';
	out[k] = '\0';
	while (i < n) {
		char c = s[i];

		if (c == '"') {
			size_t j = i + 1;

			while (j < n && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			if (j >= n)
				break;
			if (expect_key && !deeper && depth && !lv[depth - 1].array) {
				size_t kl = j - i - 1 < sizeof(lv[0].key) - 1 ? j - i - 1 : sizeof(lv[0].key) - 1;

				memcpy(lv[depth - 1].key, s + i + 1, kl);
				lv[depth - 1].key[kl] = '\0';
				head_record(lv, depth, out, outlen, &k);
			}
			expect_key = 0;
			i = j + 1;
			continue;
		}
		if (c == '{' || c == '[') {
			if (depth < HEAD_DEPTH && !deeper) {
				lv[depth].array = c == '[';
				lv[depth].index = 0;
				lv[depth].key[0] = '\0';
				depth++;
			} else {
				deeper++;
			}
			expect_key = c == '{';
		} else if (c == '}' || c == ']') {
			if (deeper)
				deeper--;
			else if (depth)
				depth--;
			expect_key = 0;
		} else if (c == ',' && !deeper && depth) {
			if (lv[depth - 1].array)
				lv[depth - 1].index++;
			else
				expect_key = 1;
		}
		i++;
	}
	return k;
}

/* 1 when the key list of json_head_keys holds path. */
int json_head_has(const char *keys, const char *path)
{
	size_t n = strlen(path);
	const char *p = keys;

	while ((p = strstr(p, path)) != NULL) {
		if (p > keys && p[-1] == '\n' && p[n] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

int json_scan_head(const yajl_callbacks *cb, void *ctx, const char *data, size_t len, size_t max)
{
	yajl_handle h = yajl_alloc(cb, NULL, ctx);

	if (!h)
		return -1;
	(void)yajl_parse(h, (const unsigned char *)data, len < max ? len : max);
	yajl_free(h);
	return 0;
}
