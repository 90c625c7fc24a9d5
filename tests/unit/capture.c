/* capture.c - the recording test sink; see capture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "capture.h"
#include "util/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cap_series_cb(void *ctx, const struct store_series *s, int64_t *id)
{
	struct capture *c = ctx;
	struct cap_series *r;

	if (c->nseries == sizeof(c->series) / sizeof(c->series[0]))
		return -1;
	r = &c->series[c->nseries++];
	snprintf(r->metric, sizeof(r->metric), "%s", s->metric);
	snprintf(r->cluster, sizeof(r->cluster), "%s", s->cluster);
	snprintf(r->namespace, sizeof(r->namespace), "%s", s->namespace);
	snprintf(r->pod, sizeof(r->pod), "%s", s->pod);
	snprintf(r->container, sizeof(r->container), "%s", s->container);
	snprintf(r->workload, sizeof(r->workload), "%s", s->workload);
	snprintf(r->kind, sizeof(r->kind), "%s", s->workload_kind);
	snprintf(r->source, sizeof(r->source), "%s", s->source);
	r->role = s->role;
	r->from_label = s->workload_from_label;
	*id = (int64_t)c->nseries;
	return 0;
}

int cap_sample_cb(void *ctx, int64_t id, int64_t t, double v)
{
	struct capture *c = ctx;

	if (c->nsamples == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->samples = rs_realloc(c->samples, c->cap * sizeof(*c->samples));
	}
	c->samples[c->nsamples].id = id;
	c->samples[c->nsamples].t = t;
	c->samples[c->nsamples].v = v;
	c->nsamples++;
	return 0;
}

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src) ? (src) : "")

int cap_event_cb(void *ctx, const struct store_event *ev)
{
	struct capture *c = ctx;
	struct cap_event *e;

	if (c->nevents == sizeof(c->events) / sizeof(c->events[0]))
		return -1;
	e = &c->events[c->nevents++];
	e->time = ev->time;
	e->pid = ev->pid;
	e->line = ev->line;
	e->limit = ev->limit;
	e->usage = ev->usage;
	COPY(e->time_note, ev->time_note);
	COPY(e->source, ev->source);
	COPY(e->kind, ev->kind);
	COPY(e->host, ev->host);
	COPY(e->process, ev->process);
	COPY(e->pod_uid, ev->pod_uid);
	COPY(e->container_id, ev->container_id);
	COPY(e->cluster, ev->cluster);
	COPY(e->namespace, ev->namespace);
	COPY(e->workload, ev->workload);
	COPY(e->workload_kind, ev->workload_kind);
	COPY(e->pod, ev->pod);
	COPY(e->container, ev->container);
	return 0;
}

int cap_ref_cb(void *ctx, const struct store_pod_ref *r)
{
	struct capture *c = ctx;
	struct cap_ref *x;

	if (c->nrefs == sizeof(c->refs) / sizeof(c->refs[0]))
		return -1;
	x = &c->refs[c->nrefs++];
	COPY(x->pod_uid, r->pod_uid);
	COPY(x->container_id, r->container_id);
	COPY(x->namespace, r->namespace);
	COPY(x->pod, r->pod);
	COPY(x->container, r->container);
	COPY(x->workload, r->workload);
	return 0;
}

struct ingest_sink cap_sink(struct capture *c)
{
	struct ingest_sink s = { cap_series_cb, cap_sample_cb, c, cap_event_cb, cap_ref_cb };

	return s;
}

int cap_setup(void **state)
{
	struct capture *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	ingest_opts_init(&c->o);
	*state = c;
	return 0;
}

int cap_teardown(void **state)
{
	struct capture *c = *state;

	free(c->samples);
	free(c);
	return 0;
}

char *cap_fixture(const char *rel, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", RS_FIXTURES_DIR, rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read fixture %s", path);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int cap_read_input(struct capture *c, cap_reader fn, const struct ingest_input *in)
{
	struct ingest_sink sink = cap_sink(c);

	return fn(in, &c->o, &sink, &c->st);
}

int cap_read(struct capture *c, cap_reader fn, const char *name, const char *text, char delim)
{
	struct ingest_input in;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.data = text;
	in.len = strlen(text);
	in.delim = delim;
	return cap_read_input(c, fn, &in);
}

int cap_read_fixture(struct capture *c, cap_reader fn, const struct ingest_input *in, const char *rel)
{
	struct ingest_input file = *in;
	char *text = cap_fixture(rel, &file.len);
	int rc;

	file.data = text;
	rc = cap_read_input(c, fn, &file);
	free(text);
	return rc;
}

int64_t cap_skipped_for(const struct capture *c, const char *why)
{
	size_t i;

	for (i = 0; i < c->st.nwhy; i++)
		if (strstr(c->st.why[i], why))
			return c->st.why_count[i];
	return 0;
}

static int saved_fd = -1;
static FILE *err_file;

void cap_stderr_begin(void)
{
	fflush(stderr);
	err_file = tmpfile();
	assert_non_null(err_file);
	saved_fd = dup(2);
	assert_true(saved_fd >= 0);
	assert_true(dup2(fileno(err_file), 2) >= 0);
}

char *cap_stderr_end(void)
{
	long n;
	char *buf;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	n = ftell(err_file);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	fseek(err_file, 0, SEEK_SET);
	if (n > 0)
		assert_int_equal(fread(buf, 1, (size_t)n, err_file), (size_t)n);
	fclose(err_file);
	fputs(buf, stderr); /* still shown in the test log */
	return buf;
}

void cap_assert_series(const struct cap_series *s, const char *metric, const char *cluster, const char *ns,
		       const char *pod, const char *container, const char *workload, const char *kind,
		       enum store_role role)
{
	assert_string_equal(s->metric, metric);
	assert_string_equal(s->cluster, cluster);
	assert_string_equal(s->namespace, ns);
	assert_string_equal(s->pod, pod);
	assert_string_equal(s->container, container);
	assert_string_equal(s->workload, workload);
	assert_string_equal(s->kind, kind);
	assert_int_equal(s->role, role);
}
