/* capture.c - the recording test sink; see capture.h. */
#include "capture.h"
#include "util/log.h"

#include <stdio.h>

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
