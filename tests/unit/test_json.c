/* test_json.c - ingest/json: streaming JSON as path events over yajl. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/json.h"

/* Records each event as "PATH KIND[=text]" lines. */
struct trace {
	char buf[8192];
	size_t len;
	int fail_at; /* stop with an error at this event number (0: never) */
	int n;
};

static void path_text(const struct json_path *p, char *out, size_t outlen)
{
	size_t i, k = 0;

	out[0] = '\0';
	for (i = 0; i < p->depth && k < outlen; i++) {
		int w = p->seg[i].key ? snprintf(out + k, outlen - k, "%s%s", k ? "." : "", p->seg[i].key)
				      : snprintf(out + k, outlen - k, "[%lld]", (long long)p->seg[i].index);

		k += (size_t)w;
	}
}

static int record(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	static const char *const kinds[] = { "null", "bool", "num", "str", "{", "}", "[", "]" };
	struct trace *t = ctx;
	char path[256];

	if (t->fail_at && ++t->n == t->fail_at)
		return -1;
	path_text(p, path, sizeof(path));
	t->len += (size_t)snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s %s%s%.*s\n", path, kinds[ev->kind],
				   ev->text ? "=" : "", (int)ev->len, ev->text ? ev->text : "");
	return 0;
}

static void events_carry_the_path_from_the_root(void **state)
{
	struct trace t;
	const char *doc = "{\"a\": [1, {\"b\": \"x\"}], \"c\": null}";

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", record, &t), 0);
	assert_string_equal(t.buf, " {\n"
				   "a [\n"
				   "a[0] num=1\n"
				   "a[1] {\n"
				   "a[1].b str=x\n"
				   "a[1] }\n"
				   "a ]\n"
				   "c null\n"
				   " }\n");
}

/* A matcher callback counting the scalars that match a pattern. */
struct counter {
	const char *pattern;
	int n;
	char last[64];
};

static int count(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	struct counter *c = ctx;

	if (ev->kind <= JSON_STRING && json_match(p, c->pattern)) {
		c->n++;
		snprintf(c->last, sizeof(c->last), "%.*s", (int)ev->len, ev->text ? ev->text : "");
	}
	return 0;
}

static void match_walks_prometheus_shaped_documents(void **state)
{
	const char *doc = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
			  "{\"metric\":{\"__name__\":\"m\",\"pod\":\"p\"},\"values\":[[1,\"2\"],[3,\"4\"]]},"
			  "{\"metric\":{\"pod\":\"q\"},\"values\":[[5,\"6\"]]}]}}";
	struct counter c = { "data.result[].values[][]", 0, "" };
	struct counter labels = { "data.result[].metric.*", 0, "" };
	struct counter exact = { "data.resultType", 0, "" };

	(void)state;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &c), 0);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.last, "6");
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &labels), 0);
	assert_int_equal(labels.n, 3);
	assert_string_equal(labels.last, "q");
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &exact), 0);
	assert_int_equal(exact.n, 1);
	assert_string_equal(exact.last, "matrix");
}

static void match_does_not_confuse_keys_and_indexes(void **state)
{
	const char *doc = "{\"result\":{\"0\":\"not an index\"},\"list\":[\"x\"]}";
	struct counter arr = { "result[]", 0, "" };
	struct counter key = { "list.*", 0, "" };
	struct counter ok = { "list[]", 0, "" };

	(void)state;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &arr), 0);
	assert_int_equal(arr.n, 0);
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &key), 0);
	assert_int_equal(key.n, 0);
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", count, &ok), 0);
	assert_int_equal(ok.n, 1);
}

static int line_of_b(void *ctx, const struct json_path *p, const struct json_event *ev)
{
	if (ev->kind == JSON_NUMBER && json_match(p, "b"))
		*(int64_t *)ctx = ev->line;
	return 0;
}

static void events_know_their_line(void **state)
{
	const char *doc = "{\n\"a\": 1,\n\"b\": 2\n}\n";
	int64_t line = 0;

	(void)state;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", line_of_b, &line), 0);
	assert_int_equal(line, 3);
}

static void malformed_json_is_an_error(void **state)
{
	struct trace t;
	const char *bad = "{\"a\": [1, 2,\n\"b\" }";

	(void)state;
	memset(&t, 0, sizeof(t));
	assert_int_equal(json_stream(bad, strlen(bad), "bad.json", record, &t), -1);
	memset(&t, 0, sizeof(t));
	assert_int_equal(json_stream("{\"a\":", 5, "short.json", record, &t), -1);
}

static void a_reader_error_stops_the_stream(void **state)
{
	struct trace t;
	const char *doc = "[1,2,3,4,5]";

	(void)state;
	memset(&t, 0, sizeof(t));
	t.fail_at = 3;
	assert_int_equal(json_stream(doc, strlen(doc), "t.json", record, &t), -1);
	assert_int_equal(t.n, 3);
}

static void nesting_deeper_than_the_limit_is_refused(void **state)
{
	char doc[JSON_MAX_DEPTH * 2 + 8];
	struct trace t;
	size_t i;

	(void)state;
	for (i = 0; i < JSON_MAX_DEPTH + 1; i++)
		doc[i] = '[';
	for (; i < 2 * (JSON_MAX_DEPTH + 1); i++)
		doc[i] = ']';
	memset(&t, 0, sizeof(t));
	assert_int_equal(json_stream(doc, i, "deep.json", record, &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_carry_the_path_from_the_root),
		cmocka_unit_test(match_walks_prometheus_shaped_documents),
		cmocka_unit_test(match_does_not_confuse_keys_and_indexes),
		cmocka_unit_test(events_know_their_line),
		cmocka_unit_test(malformed_json_is_an_error),
		cmocka_unit_test(a_reader_error_stops_the_stream),
		cmocka_unit_test(nesting_deeper_than_the_limit_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
