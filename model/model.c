/* model.c - statistics and the recommendation per container; see model.h. */
#include "model.h"
#include "kills.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_opts_init(struct model_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = INT64_MAX;
	o->history = 0;
	o->request_factor = 1.15;
	o->limit_factor = 1.2;
	o->max_limit_ratio = 1.5;
}

const char *model_severity_name(enum model_severity s)
{
	switch (s) {
	case MODEL_CRITICAL: return "critical";
	case MODEL_WARNING: return "warning";
	default: return "info";
	}
}

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

static void add_flag(struct model_container *c, const char *code, enum model_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_flag(struct model_container *c, const char *code, enum model_severity sev, const char *fmt, ...)
{
	struct model_flag *f;
	va_list ap;

	if (c->nflags == MODEL_MAX_FLAGS)
		return;
	f = &c->flags[c->nflags++];
	f->code = code;
	f->severity = sev;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	if (sev > c->worst)
		c->worst = sev;
}

static double round_up_mi(double bytes)
{
	return ceil(bytes / UNITS_MI) * UNITS_MI;
}

void model_recommend(struct model_container *c, const double *sorted, size_t n, const struct model_opts *o)
{
	char a[32], b[32], d[32], e[32];
	double span_h;

	c->request = c->limit = NAN;
	c->time_above_request = NAN;
	c->nflags = 0;
	c->worst = MODEL_INFO;
	if (!n) {
		snprintf(c->explanation, sizeof(c->explanation), "no usage samples in the window: nothing to recommend");
		add_flag(c, "INSUFFICIENT_DATA", MODEL_WARNING, "no usage samples in the window");
		return;
	}
	c->request = round_up_mi(c->usage.p95 * o->request_factor);
	c->limit = round_up_mi(c->usage.max * o->limit_factor);
	if (c->limit < c->request)
		c->limit = c->request;
	snprintf(c->explanation, sizeof(c->explanation),
		 "request %s = p95 %s x %.2f; limit %s = peak %s x %.2f (rounded up to whole Mi)%s%s",
		 units_format_quantity(c->request, a, sizeof(a)), units_format_size(c->usage.p95, b, sizeof(b)),
		 o->request_factor, units_format_quantity(c->limit, d, sizeof(d)),
		 units_format_size(c->usage.max, e, sizeof(e)), o->limit_factor,
		 c->basis && *c->basis ? "; usage from " : "", c->basis ? c->basis : "");

	if (c->oom_kills > 0) {
		char times[240] = "", lim[64] = "", t1[32], t2[32];
		size_t i, k = 0, shown = c->oom_kills < MODEL_MAX_KILL_TIMES ? (size_t)c->oom_kills : MODEL_MAX_KILL_TIMES;

		if ((size_t)c->oom_kills <= shown) {
			for (i = 0; i < shown && k < sizeof(times); i++)
				k += (size_t)snprintf(times + k, sizeof(times) - k, "%s%s", i ? ", " : "",
						      c->kill_times[i] == STORE_TIME_UNKNOWN ?
							      "time unknown" :
							      rtime_format_short(c->kill_times[i], t1, sizeof(t1)));
		} else if (c->kill_times[0] != STORE_TIME_UNKNOWN && c->last_kill != STORE_TIME_UNKNOWN) {
			/* Many kills: their span and pace say more than a list. */
			snprintf(times, sizeof(times), "from %s to %s, one every %.0f s on average",
				 rtime_format(c->kill_times[0], t1, sizeof(t1)), rtime_format(c->last_kill, t2, sizeof(t2)),
				 (double)(c->last_kill - c->kill_times[0]) / 1000.0 / (double)(c->oom_kills - 1));
		} else {
			snprintf(times, sizeof(times), "times partly unknown");
		}
		if (!isnan(c->kill_limit))
			snprintf(lim, sizeof(lim), "; limit at the kill %s", units_format_quantity(c->kill_limit, a, sizeof(a)));
		add_flag(c, "OOM_KILLED", MODEL_CRITICAL, "OOM-killed %lld time%s (%s)%s", (long long)c->oom_kills,
			 c->oom_kills == 1 ? "" : "s", times, lim);
	}
	span_h = (double)(c->last - c->first) / 3600000.0;
	if (span_h < 24.0)
		add_flag(c, "INSUFFICIENT_DATA", MODEL_WARNING,
			 "only %.1f hours of usage history (%lld samples); a day or more is needed before these "
			 "numbers can be trusted",
			 span_h, (long long)c->samples);
	if (!isnan(c->current_limit) && c->current_limit > 0 && c->usage.max >= 0.95 * c->current_limit)
		add_flag(c, "LIMIT_BELOW_PEAK", MODEL_CRITICAL,
			 "usage peaked at %s, %.0f%% of the %s limit: the container runs into its limit",
			 units_format_size(c->usage.max, a, sizeof(a)), 100.0 * c->usage.max / c->current_limit,
			 units_format_quantity(c->current_limit, b, sizeof(b)));
	if (!isnan(c->current_request) && c->current_request > 0) {
		c->time_above_request = stats_share_above(sorted, n, c->current_request);
		if (c->time_above_request > 0.05)
			add_flag(c, "REQUEST_BELOW_USAGE", c->usage.p95 > c->current_request ? MODEL_CRITICAL : MODEL_WARNING,
				 "usage sat above the %s request %.0f%% of the time, peaking at %s (%.2fx the request): "
				 "that memory is borrowed from the node and is taken back under node pressure",
				 units_format_quantity(c->current_request, a, sizeof(a)), 100.0 * c->time_above_request,
				 units_format_size(c->usage.max, b, sizeof(b)), c->usage.max / c->current_request);
		else if (c->current_request > 2.0 * c->usage.p95 && c->current_request - c->usage.p95 > 256 * UNITS_MI)
			add_flag(c, "OVER_PROVISIONED", MODEL_INFO,
				 "the %s request is %.1fx the p95 usage of %s: about %s per pod sits idle",
				 units_format_quantity(c->current_request, a, sizeof(a)), c->current_request / c->usage.p95,
				 units_format_size(c->usage.p95, b, sizeof(b)),
				 units_format_size(c->current_request - c->usage.p95, d, sizeof(d)));
	}
	if (!isnan(c->current_request) && !isnan(c->current_limit) && c->current_request > 0 &&
	    c->current_limit / c->current_request > o->max_limit_ratio)
		add_flag(c, "WIDE_REQUEST_LIMIT_GAP", MODEL_WARNING,
			 "the limit %s is %.2fx the request %s (above %.2f): usage between them is borrowed and "
			 "can be reclaimed under node pressure",
			 units_format_quantity(c->current_limit, a, sizeof(a)), c->current_limit / c->current_request,
			 units_format_quantity(c->current_request, b, sizeof(b)), o->max_limit_ratio);
	if (c->usage.p50 > 0 && c->usage.p99 > 2.0 * c->usage.p50)
		add_flag(c, "SPIKY", MODEL_INFO, "p99 %s is %.1fx the median %s: spikes need limit headroom",
			 units_format_size(c->usage.p99, a, sizeof(a)), c->usage.p99 / c->usage.p50,
			 units_format_size(c->usage.p50, b, sizeof(b)));
}

/* Latest value of the series of one role, across pods, in [from, to). */
static int latest_setting(struct store *st, const struct store_container *sc, enum store_role role, int64_t from,
			  int64_t to, double *out)
{
	struct store_sample *buf = NULL;
	size_t n, cap = 0, i;
	int64_t best_t = INT64_MIN;

	*out = NAN;
	for (i = 0; i < sc->nseries; i++) {
		if (sc->series[i].role != role)
			continue;
		n = 0;
		if (store_samples(st, sc->series[i].id, from, to, &buf, &n, &cap)) {
			free(buf);
			return -1;
		}
		if (n && buf[n - 1].t >= best_t) {
			best_t = buf[n - 1].t;
			*out = buf[n - 1].v;
		}
	}
	free(buf);
	return 0;
}

/* OOM evidence of the window, merged into kills (see kills.h). */
struct evidence {
	struct store_event_row *rows;
	size_t n;
	size_t *kill;      /* kill number of each row */
	size_t nkills;
	int *claimed;      /* per kill: tied to a container analysed */
	int known;         /* some source of OOM evidence was ingested */
};

/* Counts the kills of one container, keeping their times and the limit at the kill. */
static void count_kills(struct evidence *e, struct model_container *c, int only_container)
{
	size_t i;
	int *seen;

	if (!e->known)
		return;
	c->oom_kills = 0;
	seen = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*seen));
	for (i = 0; i < e->n; i++) {
		const struct store_event *ev = &e->rows[i].ev;

		if (!kills_match(ev, c->cluster, c->namespace, c->workload, c->container, only_container))
			continue;
		e->claimed[e->kill[i]] = 1;
		if (!isnan(ev->limit))
			c->kill_limit = ev->limit;
		if (!isnan(ev->usage) && (isnan(c->kill_usage) || ev->usage > c->kill_usage))
			c->kill_usage = ev->usage;
		if (seen[e->kill[i]])
			continue;
		seen[e->kill[i]] = 1;
		/* Rows come oldest first, so the first rows of each kill give its time. */
		if ((size_t)c->oom_kills < MODEL_MAX_KILL_TIMES)
			c->kill_times[c->oom_kills] = ev->time;
		if (ev->time != STORE_TIME_UNKNOWN)
			c->last_kill = ev->time;
		c->oom_kills++;
	}
	free(seen);
}

static int analyse(struct store *st, const struct store_container *sc, const struct model_opts *o, int64_t from,
		   int64_t to, struct evidence *e, int only_container, struct model_container *c)
{
	struct store_sample *buf = NULL;
	double *v = NULL;
	size_t n = 0, cap = 0, i, k;
	int best = -1;
	const char *basis = NULL;

	memset(c, 0, sizeof(*c));
	c->cluster = rs_strdup(sc->cluster);
	c->namespace = rs_strdup(sc->namespace);
	c->workload = rs_strdup(sc->workload);
	c->workload_kind = rs_strdup(sc->workload_kind);
	c->container = rs_strdup(sc->container);
	/* Unknown until OOM evidence is counted: never a reassuring zero. */
	c->oom_kills = -1;
	c->last_kill = STORE_TIME_UNKNOWN;
	c->kill_limit = c->kill_usage = NAN;
	for (i = 0; i < sc->nseries; i++) {
		if (sc->series[i].role == STORE_USAGE && basis_rank(sc->series[i].metric) > best) {
			best = basis_rank(sc->series[i].metric);
			basis = sc->series[i].metric;
		}
	}
	c->basis = rs_strdup(basis ? basis : "");
	for (i = 0; basis && i < sc->nseries; i++) {
		size_t before = n;

		if (sc->series[i].role != STORE_USAGE || strcmp(sc->series[i].metric, basis) != 0)
			continue;
		if (store_samples(st, sc->series[i].id, from, to, &buf, &n, &cap))
			goto fail;
		if (n > before) {
			c->pods++;
			if (!c->samples || buf[before].t < c->first)
				c->first = buf[before].t;
			if (!c->samples || buf[n - 1].t > c->last)
				c->last = buf[n - 1].t;
			c->samples += (int64_t)(n - before);
		}
	}
	v = rs_malloc((n ? n : 1) * sizeof(*v));
	for (i = k = 0; i < n; i++)
		v[k++] = buf[i].v;
	free(buf);
	buf = NULL;
	stats_sort(v, n);
	stats_usage(v, n, &c->usage);
	/* A setting holds until it changes: the latest one before the window's end, however old. */
	if (latest_setting(st, sc, STORE_REQUEST, INT64_MIN, to, &c->current_request) ||
	    latest_setting(st, sc, STORE_LIMIT, INT64_MIN, to, &c->current_limit))
		goto fail;
	count_kills(e, c, only_container);
	model_recommend(c, v, n, o);
	free(v);
	return 0;
fail:
	free(buf);
	free(v);
	return -1;
}

static int load_evidence(struct store *st, int64_t from, int64_t to, struct evidence *e)
{
	struct store_totals t;

	memset(e, 0, sizeof(*e));
	if (store_totals(st, &t))
		return -1;
	/* Logs of kills, or any kill at all (a pod status shows only the last one: a lower bound). */
	e->known = t.event_files > 0 || t.events > 0;
	/* Kills of unknown time count only when the window is all of history. */
	if (store_events(st, from, to, from == INT64_MIN && to == INT64_MAX, &e->rows, &e->n))
		return -1;
	e->kill = rs_malloc((e->n ? e->n : 1) * sizeof(*e->kill));
	e->nkills = kills_merge(e->rows, e->n, e->kill);
	e->claimed = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*e->claimed));
	return 0;
}

static void evidence_free(struct evidence *e)
{
	store_events_free(e->rows, e->n);
	free(e->kill);
	free(e->claimed);
}

/* Kills no analysed container claimed: counted, with their hosts for the advice line. */
static void unattributed(const struct evidence *e, struct model_result *r)
{
	size_t i, k = 0;
	int *said = rs_calloc(e->nkills ? e->nkills : 1, sizeof(*said));

	r->kills = e->known ? (int64_t)e->nkills : -1;
	for (i = 0; i < e->n; i++) {
		const char *where = *e->rows[i].ev.host ? e->rows[i].ev.host : e->rows[i].ev.workload;

		if (e->claimed[e->kill[i]] || said[e->kill[i]])
			continue;
		said[e->kill[i]] = 1;
		r->unattributed_kills++;
		if (*where && !strstr(r->unattributed_hosts, where) && k + strlen(where) + 3 < sizeof(r->unattributed_hosts))
			k += (size_t)snprintf(r->unattributed_hosts + k, sizeof(r->unattributed_hosts) - k, "%s%s",
					      k ? ", " : "", where);
	}
	free(said);
}

static void container_free(struct model_container *c)
{
	free(c->cluster);
	free(c->namespace);
	free(c->workload);
	free(c->workload_kind);
	free(c->container);
	free(c->basis);
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
	to = o->as_of;
	from = o->history && to != INT64_MAX ? to - o->history : INT64_MIN;
	if (o->history && to == INT64_MAX) {
		/* A history with no --as-of ends at the newest sample. */
		int64_t newest = INT64_MIN;
		size_t j;

		for (i = 0; i < n; i++)
			for (j = 0; j < sc[i].nseries; j++)
				if (sc[i].series[j].samples && sc[i].series[j].t_max > newest)
					newest = sc[i].series[j].t_max;
		if (newest != INT64_MIN) {
			to = newest + 1;
			from = to - o->history;
		}
	}
	if (load_evidence(st, from, to, &ev)) {
		store_containers_free(sc, n);
		return -1;
	}
	r->c = rs_calloc(n ? n : 1, sizeof(*r->c));
	for (i = 0; i < n; i++) {
		struct model_container *c = &r->c[r->n];
		int has_usage = 0, only = 1;
		size_t j;

		for (j = 0; j < sc[i].nseries; j++)
			has_usage |= sc[i].series[j].role == STORE_USAGE;
		/* Settings with no usage at all (pods we have no metrics for) are not containers to size. */
		if (!has_usage)
			continue;
		/* Is this the only container of its workload? */
		for (j = 0; j < n; j++)
			if (j != i && strcmp(sc[j].workload, sc[i].workload) == 0 &&
			    strcmp(sc[j].namespace, sc[i].namespace) == 0 && strcmp(sc[j].cluster, sc[i].cluster) == 0)
				only = 0;
		if (analyse(st, &sc[i], o, from, to, &ev, only, c)) {
			container_free(c);
			store_containers_free(sc, n);
			evidence_free(&ev);
			model_result_free(r);
			return -1;
		}
		if (!c->samples) {
			container_free(c);
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
}

void model_result_free(struct model_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		container_free(&r->c[i]);
	free(r->c);
	memset(r, 0, sizeof(*r));
}
