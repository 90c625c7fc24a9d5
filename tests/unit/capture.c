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

