/*
 * model.c - from the store to model_analyze, one container at a time; see
 * model.h. This file reads through the store API; the decisions are in
 * analyze.c, the merging of OOM evidence in kills.c.
 */
#include "model.h"
#include "kills.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which usage metric to trust when a container has several. Higher is better. */
static int basis_rank(const char *metric)
{
	if (strcmp(metric, "container_memory_working_set_bytes") == 0)
		return 6;
	if (strstr(metric, "working_set"))
		return 5;
	if (strstr(metric, "rss"))
		return 4;
	if (strstr(metric, "usage"))
		return 3;
	if (!*metric)
		return 1;
	return 2;
}

/* OOM evidence of the window, merged into kills (see kills.h). */
struct evidence {
	struct store_event_row *rows;
	size_t n;
	size_t *kill;  /* kill number of each row */
	size_t nkills;
	int *claimed;  /* per kill: tied to a container analysed */
	int known;     /* some source of OOM evidence was ingested */
	struct model_kill **given; /* kill arrays handed out by model_evidence_kills */
	size_t ngiven;
};

static int load_evidence(struct store *st, int64_t from, int64_t to, struct evidence *e)
{
	struct store_totals t;

	memset(e, 0, sizeof(*e));
	if (store_totals(st, &t))
		return -1;
	/* Logs of kills, or any kill at all (a pod status shows only the last one: a lower bound). */
	e->known = t.event_files > 0 || t.events > 0;
	/* Kills of unknown time count only when the window is all of history. */
	if (store_events(st, from, to, from == INT64_MIN, &e->rows, &e->n))
		return -1;
	e->kill = rs_malloc((e->n ? e->n : 1) * sizeof(*e->kill));
	e->nkills = kills_merge(e->rows, e->n, e->kill);
	e->claimed = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*e->claimed));
	return 0;
}

static void evidence_free(struct evidence *e)
{
	size_t i;

	store_events_free(e->rows, e->n);
	free(e->kill);
	free(e->claimed);
	for (i = 0; i < e->ngiven; i++)
		free(e->given[i]);
	free(e->given);
}

/* The kills of one container: one entry per kill, with what its evidence reported. */
static struct model_kill *container_kills(struct evidence *e, const struct store_container *sc, int only_container,
					  size_t *n)
{
	struct model_kill *k = rs_malloc((e->nkills ? e->nkills : 1) * sizeof(*k));
	size_t *slot = rs_malloc((e->nkills ? e->nkills : 1) * sizeof(*slot));
	size_t i;

	*n = 0;
	for (i = 0; i < e->nkills; i++)
		slot[i] = (size_t)-1;
	for (i = 0; i < e->n; i++) {
		const struct store_event *ev = &e->rows[i].ev;
		struct model_kill *x;

		if (!kills_match(ev, sc->cluster, sc->namespace, sc->workload, sc->container, only_container))
			continue;
		e->claimed[e->kill[i]] = 1;
		/* Rows come oldest first: a kill's first row gives its time. */
		if (slot[e->kill[i]] == (size_t)-1) {
			slot[e->kill[i]] = (*n)++;
			x = &k[slot[e->kill[i]]];
			x->time = ev->time;
			x->limit = x->usage = NAN;
		}
		x = &k[slot[e->kill[i]]];
		if (!isnan(ev->limit))
			x->limit = ev->limit;
		if (!isnan(ev->usage) && (isnan(x->usage) || ev->usage > x->usage))
			x->usage = ev->usage;
	}
	free(slot);
	return k;
}

/*
 * The kills line: kills claimed by the containers of this report, and those
 * tied to no container at all (with their hosts, for the advice line).
 * Kills of containers outside the report (filtered out, no usage) are in
 * neither number.
 */
static void unattributed(const struct evidence *e, struct model_result *r)
{
	size_t i, k = 0, claimed = 0;
	int *said = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*said));
	int *tied = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*tied));

	for (i = 0; i < e->n; i++)
		if (*e->rows[i].ev.workload)
			tied[e->kill[i]] = 1;
	for (i = 0; i < e->nkills; i++)
		claimed += e->claimed[i] != 0;
	for (i = 0; i < e->n; i++) {
		const char *where = e->rows[i].ev.host;

		if (tied[e->kill[i]] || e->claimed[e->kill[i]] || said[e->kill[i]])
			continue;
		said[e->kill[i]] = 1;
		r->unattributed_kills++;
		if (*where && !strstr(r->unattributed_hosts, where) && k + strlen(where) + 3 < sizeof(r->unattributed_hosts))
			k += (size_t)snprintf(r->unattributed_hosts + k, sizeof(r->unattributed_hosts) - k, "%s%s",
					      k ? ", " : "", where);
	}
	r->kills = e->known ? (int64_t)(claimed + (size_t)r->unattributed_kills) : -1;
	free(said);
	free(tied);
}

/* Is container i the only container of its workload (same cluster, namespace, kind)? */
static int only_container(const struct store_container *sc, size_t n, size_t i)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (j != i && strcmp(sc[j].workload, sc[i].workload) == 0 &&
		    strcmp(sc[j].workload_kind, sc[i].workload_kind) == 0 &&
		    strcmp(sc[j].namespace, sc[i].namespace) == 0 && strcmp(sc[j].cluster, sc[i].cluster) == 0)
			return 0;
	return 1;
}

struct model_evidence {
	struct evidence e;
};

int model_evidence_load(struct store *st, struct model_evidence **out)
{
	struct model_evidence *m = rs_calloc(1, sizeof(*m));

	if (load_evidence(st, INT64_MIN, INT64_MAX, &m->e)) {
		free(m);
		return -1;
	}
	*out = m;
	return 0;
}

void model_evidence_kills(struct model_evidence *m, const struct store_container *sc, size_t n, size_t i,
			  struct model_input *in)
{
	size_t nk;
	struct model_kill *k = container_kills(&m->e, &sc[i], only_container(sc, n, i), &nk);

	m->e.given = rs_realloc(m->e.given, (m->e.ngiven + 1) * sizeof(*m->e.given));
	m->e.given[m->e.ngiven++] = k;
	in->kills = k;
	in->nkills = nk;
	in->kills_known = m->e.known;
}

void model_evidence_free(struct model_evidence *m)
{
	if (m) {
		evidence_free(&m->e);
		free(m);
	}
}

/* A container's inputs as the store holds them, up to `to`. */
struct loaded {
	struct model_input in;
	struct model_pod *pods;
	struct store_sample **bufs; /* the pods' samples, owned */
	struct store_sample *req, *lim;
	struct model_kill *kills;
};

static int append_series(struct store *st, int64_t id, int64_t from, int64_t to, struct store_sample **s, size_t *n)
{
	size_t cap = *n;

	return store_samples(st, id, from, to, s, n, &cap);
}

static int by_time(const void *a, const void *b)
{
	int64_t x = ((const struct store_sample *)a)->t, y = ((const struct store_sample *)b)->t;

	return (x > y) - (x < y);
}

static void loaded_free(struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->in.npods; i++)
		free(l->bufs[i]);
	free(l->bufs);
	free(l->pods);
	free(l->req);
	free(l->lim);
	free(l->kills);
}

int model_load(struct store *st, const struct store_container *sc, int64_t from, int64_t to, struct model_input *in,
	       void **owned)
{
	struct loaded *l = rs_calloc(1, sizeof(*l));
	const char *basis = NULL;
	size_t i;
	int best = -1;

	for (i = 0; i < sc->nseries; i++) {
		const struct store_series_info *si = &sc->series[i];

		/* The best metric among those with data in the window. */
		if (!si->samples || si->t_max < from || si->t_min >= to)
			continue;
		if (sc->series[i].role == STORE_USAGE && basis_rank(sc->series[i].metric) > best) {
			best = basis_rank(sc->series[i].metric);
			basis = sc->series[i].metric;
		}
	}
	l->pods = rs_calloc(sc->nseries ? sc->nseries : 1, sizeof(*l->pods));
	l->bufs = rs_calloc(sc->nseries ? sc->nseries : 1, sizeof(*l->bufs));
	for (i = 0; i < sc->nseries; i++) {
		const struct store_series_info *si = &sc->series[i];
		size_t n = 0;

		if (si->role == STORE_USAGE && basis && strcmp(si->metric, basis) == 0) {
			struct store_sample *s = NULL;

			if (append_series(st, si->id, from, to, &s, &n)) {
				free(s);
				goto fail;
			}
			if (!n) {
				free(s);
				continue;
			}
			l->bufs[l->in.npods] = s;
			l->pods[l->in.npods].name = si->pod;
			l->pods[l->in.npods].s = s;
			l->pods[l->in.npods].n = n;
			l->in.npods++;
		} else if (si->role == STORE_REQUEST) {
			l->in.settings_known = 1;
			/* Settings hold until they change: all of them before the window's end. */
			if (append_series(st, si->id, INT64_MIN, to, &l->req, &l->in.nrequests))
				goto fail;
		} else if (si->role == STORE_LIMIT) {
			l->in.settings_known = 1;
			if (append_series(st, si->id, INT64_MIN, to, &l->lim, &l->in.nlimits))
				goto fail;
		}
	}
	/* Several pods' settings: one timeline, the latest wins. */
	if (l->in.nrequests)
		qsort(l->req, l->in.nrequests, sizeof(*l->req), by_time);
	if (l->in.nlimits)
		qsort(l->lim, l->in.nlimits, sizeof(*l->lim), by_time);
	l->in.cluster = sc->cluster;
	l->in.namespace = sc->namespace;
	l->in.workload = sc->workload;
	l->in.workload_kind = sc->workload_kind;
	l->in.container = sc->container;
	l->in.basis = basis ? basis : "";
	l->in.pods = l->pods;
	l->in.requests = l->req;
	l->in.limits = l->lim;
	*in = l->in;
	*owned = l;
	return 0;
fail:
	loaded_free(l);
	free(l);
	return -1;
}

void model_unload(void *owned)
{
	if (owned) {
		loaded_free(owned);
		free(owned);
	}
}

/* The window: [as_of - history, as_of), as_of defaulting to the newest sample. */
static void window(const struct store_container *sc, size_t n, const struct model_opts *o, int64_t *from, int64_t *to)
{
	size_t i, j;

	*to = o->as_of;
	if (*to == INT64_MAX) {
		int64_t newest = INT64_MIN;

		for (i = 0; i < n; i++)
			for (j = 0; j < sc[i].nseries; j++)
				if (sc[i].series[j].samples && sc[i].series[j].t_max > newest)
					newest = sc[i].series[j].t_max;
		if (newest != INT64_MIN)
			*to = newest + 1;
	}
	*from = o->history && *to != INT64_MAX ? *to - o->history : INT64_MIN;
}

int model_run(struct store *st, const struct store_filter *f, const struct model_opts *o, struct model_result *r)
{
	struct store_container *sc;
	struct evidence ev;
	size_t n, i;
	int64_t from, to;

	memset(r, 0, sizeof(*r));
	if (store_containers(st, f, &sc, &n))
		return -1;
	window(sc, n, o, &from, &to);
	if (load_evidence(st, from, to, &ev)) {
		store_containers_free(sc, n);
		return -1;
	}
	r->c = rs_calloc(n ? n : 1, sizeof(*r->c));
	for (i = 0; i < n; i++) {
		struct model_container *c = &r->c[r->n];
		struct model_input in;
		void *owned;
		int only = only_container(sc, n, i), rc;
		size_t nk;

		if (model_load(st, &sc[i], from, to, &in, &owned))
			goto fail;
		/* Settings with no usage at all (pods we have no metrics for) are not containers to size. */
		if (!in.npods) {
			model_unload(owned);
			continue;
		}
		((struct loaded *)owned)->kills = container_kills(&ev, &sc[i], only, &nk);
		in.kills = ((struct loaded *)owned)->kills;
		in.nkills = nk;
		in.kills_known = ev.known;
		{
			struct model_opts mine;

			model_opts_for(o, sc[i].namespace, sc[i].workload, &mine);
			rc = model_analyze(&in, from, to, &mine, c);
		}
		model_unload(owned);
		if (rc) {
			model_container_free(c);
			goto fail;
		}
		if (!c->samples) {
			model_container_free(c);
			continue;
		}
		r->n++;
	}
	unattributed(&ev, r);
	evidence_free(&ev);
	store_containers_free(sc, n);
	/* The window as analysed: the requested bounds, else the data's span. */
	r->from = from;
	r->to = to;
	for (i = 0; i < r->n; i++) {
		if (from == INT64_MIN && (i == 0 || r->c[i].first < r->from || r->from == INT64_MIN))
			r->from = r->c[i].first;
		/* Open at the end (no --as-of): the window ends at the newest sample. */
		if (o->as_of == INT64_MAX && (i == 0 || r->c[i].last > r->to))
			r->to = r->c[i].last;
	}
	return 0;
fail:
	evidence_free(&ev);
	store_containers_free(sc, n);
	model_result_free(r);
	return -1;
}

void model_result_free(struct model_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		model_container_free(&r->c[i]);
	free(r->c);
	memset(r, 0, sizeof(*r));
}
