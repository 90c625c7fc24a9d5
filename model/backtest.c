/*
 * backtest.c - recommendations replayed over past days, scored on the day
 * that follows; see backtest.h and docs/backtest.md. backtest_container is
 * pure; backtest_run reads the store through its API only.
 */
#include "backtest.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS INT64_C(3600000)
/* VPA: P90 of daily peaks decayed with a 24 h half-life over 8 days, x 1.15. */
#define VPA_PERCENTILE 0.90
#define VPA_DAYS 8
#define VPA_MARGIN 1.15
/* KRR (simple strategy as the issue states it): max over 14 days x 1.15. */
#define KRR_DAYS 14
#define KRR_MARGIN 1.15
/* A recommendation "changes" when it moves by more than this. */
#define CHANGE_BYTES UNITS_MI

static const char *const names[BACKTEST_NSTRATEGIES] = { "rightsize", "vpa", "krr", "current", "peak",
									"hindsight" };

const char *backtest_strategy_name(enum backtest_strategy s)
{
	return (unsigned)s < BACKTEST_NSTRATEGIES ? names[s] : "?";
}

int backtest_strategy_parse(const char *name, enum backtest_strategy *s)
{
	unsigned i;

	for (i = 0; i < BACKTEST_NSTRATEGIES; i++)
		if (strcmp(name, names[i]) == 0) {
			*s = (enum backtest_strategy)i;
			return 0;
		}
	return -1;
}

void backtest_opts_init(struct backtest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->from = INT64_MIN;
	o->to = INT64_MAX;
	o->step = RTIME_DAY_MS;
	model_opts_init(&o->model);
	o->strategies = (1u << BACKTEST_RIGHTSIZE) | (1u << BACKTEST_VPA) | (1u << BACKTEST_KRR) |
			(1u << BACKTEST_CURRENT);
}

double backtest_oom_free_pct(const struct backtest_score *s)
{
	return s->container_days ? 100.0 * (double)(s->container_days - s->oom_days) / (double)s->container_days : NAN;
}

double backtest_avg_slack_pct(const struct backtest_score *s)
{
	return s->slack_days ? 100.0 * s->slack_sum / (double)s->slack_days : NAN;
}

double backtest_avg_clipped_slack_pct(const struct backtest_score *s)
{
	return s->slack_days ? 100.0 * s->slack_clipped_sum / (double)s->slack_days : NAN;
}

double backtest_above_request_pct(const struct backtest_score *s)
{
	return s->request_hours > 0 ? 100.0 * s->above_hours / s->request_hours : NAN;
}

double backtest_changes_per_week(const struct backtest_score *s, int64_t step)
{
	double weeks = (double)s->container_days * (double)step / (7.0 * (double)RTIME_DAY_MS);

	return weeks > 0 ? (double)s->changes / weeks : NAN;
}

void backtest_score_add(struct backtest_score *t, const struct backtest_score *s)
{
	t->container_days += s->container_days;
	t->oom_days += s->oom_days;
	if (s->first_oom != STORE_TIME_UNKNOWN && (t->first_oom == STORE_TIME_UNKNOWN || s->first_oom < t->first_oom))
		t->first_oom = s->first_oom;
	t->slack_days += s->slack_days;
	t->slack_sum += s->slack_sum;
	t->slack_clipped_sum += s->slack_clipped_sum;
	t->above_hours += s->above_hours;
	t->request_hours += s->request_hours;
	t->reserved_gib_hours += s->reserved_gib_hours;
	t->reserved_request_gib_hours += s->reserved_request_gib_hours;
	t->used_gib_hours += s->used_gib_hours;
	t->changes += s->changes;
}

static void score_init(struct backtest_score *s)
{
	memset(s, 0, sizeof(*s));
	s->first_oom = STORE_TIME_UNKNOWN;
}

static double round_up_mi(double bytes)
{
	return ceil(bytes / UNITS_MI) * UNITS_MI;
}

static int by_time(const void *a, const void *b)
{
	int64_t x = ((const struct store_sample *)a)->t, y = ((const struct store_sample *)b)->t;

	return (x > y) - (x < y);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Highest sample of the pooled pods in [from, to); NAN when none. */
static double max_in(const struct store_sample *pool, size_t n, int64_t from, int64_t to)
{
	size_t i;
	double m = NAN;

	for (i = model_first_at(pool, n, from); i < n && pool[i].t < to; i++)
		if (isnan(m) || pool[i].v > m)
			m = pool[i].v;
	return m;
}

/* The setting in force at t: the latest at or before t, else the first one before end. */
static double setting_in_force(const struct store_sample *s, size_t n, int64_t t, int64_t end)
{
	size_t i = model_first_at(s, n, t + 1);

	if (i)
		return s[i - 1].v;
	return n && s[0].t < end ? s[0].v : NAN;
}

/* VPA: weighted P90 of the daily peaks of the 8 days before d (weight halves per day of age). */
static double vpa_request(const struct store_sample *pool, size_t n, int64_t d)
{
	double peak[VPA_DAYS], w[VPA_DAYS], total = 0, cum = 0;
	size_t k, m = 0, i, j;

	for (k = 0; k < VPA_DAYS; k++) {
		double p = max_in(pool, n, d - (int64_t)(k + 1) * RTIME_DAY_MS, d - (int64_t)k * RTIME_DAY_MS);

		if (isnan(p))
			continue;
		peak[m] = p;
		w[m] = exp2(-(double)k);
		total += w[m];
		m++;
	}
	if (!m)
		return NAN;
	/* Sort the peaks (with their weights) ascending. */
	for (i = 1; i < m; i++)
		for (j = i; j > 0 && peak[j - 1] > peak[j]; j--) {
			double t = peak[j];

			peak[j] = peak[j - 1];
			peak[j - 1] = t;
			t = w[j];
			w[j] = w[j - 1];
			w[j - 1] = t;
		}
	for (i = 0; i < m; i++) {
		cum += w[i];
		if (cum >= VPA_PERCENTILE * total)
			return peak[i];
	}
	return peak[m - 1];
}

/*
 * What strategy s recommends for day [d, e). day_max and period_max (the
 * highest sample of the day and of every day scored) serve the two
 * references that look ahead.
 */
static int recommend(enum backtest_strategy s, const struct model_input *in, const struct store_sample *pool,
		     size_t n, int64_t d, int64_t e, double day_max, double period_max, const struct backtest_opts *o,
		     double *req, double *lim)
{
	*req = *lim = NAN;
	switch (s) {
	case BACKTEST_RIGHTSIZE: {
		struct model_container c;
		int64_t from = o->model.history ? d - o->model.history : INT64_MIN;

		if (model_analyze(in, from, d, &o->model, &c)) {
			model_container_free(&c);
			return -1;
		}
		*req = c.request;
		*lim = c.limit;
		model_container_free(&c);
		return 0;
	}
	case BACKTEST_VPA: {
		double p = vpa_request(pool, n, d), cr, cl;

		if (isnan(p))
			return 0;
		*req = round_up_mi(p * VPA_MARGIN);
		cr = setting_in_force(in->requests, in->nrequests, d, e);
		cl = setting_in_force(in->limits, in->nlimits, d, e);
		/* The limit keeps the current limit/request ratio; none known: limit = request. */
		*lim = !isnan(cr) && !isnan(cl) && cr > 0 ? round_up_mi(*req * cl / cr) : *req;
		return 0;
	}
	case BACKTEST_KRR: {
		double m = max_in(pool, n, d - KRR_DAYS * RTIME_DAY_MS, d);

		if (!isnan(m))
			*req = *lim = round_up_mi(m * KRR_MARGIN);
		return 0;
	}
	case BACKTEST_CURRENT:
		*req = setting_in_force(in->requests, in->nrequests, d, e);
		*lim = setting_in_force(in->limits, in->nlimits, d, e);
		return 0;
	case BACKTEST_PEAK:
		*req = *lim = day_max;
		return 0;
	case BACKTEST_HINDSIGHT:
		/* The lowest limit that stays constant and never fails: the floor of every fixed limit. */
		*req = *lim = period_max;
		return 0;
	default:
		return 0;
	}
}

static int differs(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) != isnan(b);
	return fabs(a - b) > CHANGE_BYTES;
}

/* Pod-hours with samples in [d, e): per pod, the clock hours holding at least one sample. */
static double pod_hours(const struct model_input *in, int64_t d, int64_t e)
{
	double h = 0;
	size_t i, j;

	for (i = 0; i < in->npods; i++) {
		const struct store_sample *s = in->pods[i].s;
		size_t n = in->pods[i].n;
		int64_t last = INT64_MIN;

		for (j = model_first_at(s, n, d); j < n && s[j].t < e; j++) {
			int64_t hr = model_floor_div(s[j].t, HOUR_MS);

			if (hr != last)
				h += 1;
			last = hr;
		}
	}
	return h;
}

/* The earliest stored OOM kill of the container in [d, e); STORE_TIME_UNKNOWN when none. */
static int64_t first_kill_in(const struct model_input *in, int64_t d, int64_t e)
{
	int64_t t = STORE_TIME_UNKNOWN;
	size_t i;

	/*
	 * Not assumed sorted, and few: a scan per day costs nothing next to the
	 * samples'. A kill of unknown time belongs to no day.
	 */
	for (i = 0; i < in->nkills; i++) {
		int64_t k = in->kills[i].time;

		if (k != STORE_TIME_UNKNOWN && k >= d && k < e && (t == STORE_TIME_UNKNOWN || k < t))
			t = k;
	}
	return t;
}

int backtest_container(const struct model_input *in, const struct backtest_opts *o, struct backtest_container *c)
{
	struct store_sample *pool;
	double *vals = NULL, prev_req[BACKTEST_NSTRATEGIES], prev_lim[BACKTEST_NSTRATEGIES], period_max;
	int have_prev[BACKTEST_NSTRATEGIES] = { 0 };
	size_t n = 0, i, cap_days = 0, cap_vals = 0;
	int64_t d;
	int rc = 0;

	for (i = 0; i < BACKTEST_NSTRATEGIES; i++)
		score_init(&c->score[i]);
	c->days = NULL;
	c->ndays = 0;
	for (i = 0; i < in->npods; i++)
		n += in->pods[i].n;
	pool = rs_malloc((n ? n : 1) * sizeof(*pool));
	n = 0;
	for (i = 0; i < in->npods; i++) {
		memcpy(pool + n, in->pods[i].s, in->pods[i].n * sizeof(*pool));
		n += in->pods[i].n;
	}
	qsort(pool, n, sizeof(*pool), by_time);
	if (!n || o->step <= 0 || o->from == INT64_MIN || o->to == INT64_MAX)
		goto done;
	period_max = max_in(pool, n, o->from, o->to);
	for (d = o->from; d < o->to; d += o->step) {
		int64_t e = d + o->step < o->to ? d + o->step : o->to;
		size_t a = model_first_at(pool, n, d), b = model_first_at(pool, n, e), k;
		double p95, mx, mean = 0, hours;
		unsigned s;

		/* A day with no samples is not a container-day. */
		if (b == a)
			continue;
		if (b - a > cap_vals) {
			cap_vals = b - a;
			vals = rs_realloc(vals, cap_vals * sizeof(*vals));
		}
		for (k = a; k < b; k++) {
			vals[k - a] = pool[k].v;
			mean += pool[k].v;
		}
		mean /= (double)(b - a);
		qsort(vals, b - a, sizeof(*vals), by_double);
		p95 = stats_quantile(vals, b - a, 0.95);
		mx = vals[b - a - 1];
		hours = pod_hours(in, d, e);
		for (s = 0; s < BACKTEST_NSTRATEGIES; s++) {
			struct backtest_score *sc = &c->score[s];
			struct backtest_day day;
			double req, lim;

			if (!(o->strategies & (1u << s)))
				continue;
			if (recommend((enum backtest_strategy)s, in, pool, n, d, e, mx, period_max, o, &req, &lim)) {
				rc = -1;
				goto done;
			}
			/* No recommendation (no data in the strategy's window): not scored; current counts. */
			if (isnan(lim) && isnan(req) && s != BACKTEST_CURRENT)
				continue;
			memset(&day, 0, sizeof(day));
			day.day = d;
			day.strategy = (enum backtest_strategy)s;
			day.request = req;
			day.limit = lim;
			day.p95 = p95;
			day.max = mx;
			day.hours = hours;
			day.first_oom = STORE_TIME_UNKNOWN;
			day.above_request = day.slack = NAN;
			if (!isnan(lim)) {
				for (k = a; k < b; k++)
					if (pool[k].v > lim) {
						day.oom = 1;
						day.first_oom = pool[k].t;
						break;
					}
				day.slack = lim > 0 ? (lim - p95) / lim : NAN;
			}
			/*
			 * A cgroup never lets usage pass its limit: the kill happens at
			 * it, so the samples of a container that really was killed sit at
			 * or under the limit. For `current`, the settings that were in
			 * force when it happened, a stored kill that day is an OOM day
			 * (with or without a limit known: the kill happened). Other
			 * strategies' limits differ from the one that killed, so only
			 * their samples can tell.
			 */
			if (s == BACKTEST_CURRENT) {
				int64_t kt = first_kill_in(in, d, e);

				if (kt != STORE_TIME_UNKNOWN) {
					day.oom = 1;
					if (day.first_oom == STORE_TIME_UNKNOWN || kt < day.first_oom)
						day.first_oom = kt;
				}
			}
			if (!isnan(req) && req > 0) {
				size_t above = 0;

				for (k = a; k < b; k++)
					above += pool[k].v > req;
				day.above_request = (double)above / (double)(b - a);
			}
			day.changed = have_prev[s] && (differs(req, prev_req[s]) || differs(lim, prev_lim[s]));
			have_prev[s] = 1;
			prev_req[s] = req;
			prev_lim[s] = lim;

			sc->container_days++;
			if (day.oom) {
				sc->oom_days++;
				if (sc->first_oom == STORE_TIME_UNKNOWN)
					sc->first_oom = day.first_oom;
			}
			if (!isnan(day.slack)) {
				sc->slack_days++;
				sc->slack_sum += day.slack;
				sc->slack_clipped_sum += day.slack > 0 ? day.slack : 0;
			}
			if (!isnan(day.above_request)) {
				sc->above_hours += day.above_request * hours;
				sc->request_hours += hours;
				sc->reserved_request_gib_hours += req * hours / UNITS_GI;
			}
			if (!isnan(lim))
				sc->reserved_gib_hours += lim * hours / UNITS_GI;
			sc->used_gib_hours += mean * hours / UNITS_GI;
			sc->changes += day.changed;
			if (o->days) {
				if (c->ndays == cap_days) {
					cap_days = cap_days ? 2 * cap_days : 64;
					c->days = rs_realloc(c->days, cap_days * sizeof(*c->days));
				}
				c->days[c->ndays++] = day;
			}
		}
	}
done:
	free(vals);
	free(pool);
	return rc;
}

/* The start of t's step (UTC midnight for whole days). */
static int64_t floor_step(int64_t t, int64_t step)
{
	return model_floor_div(t, step) * step;
}

int backtest_run(struct store *st, const struct store_filter *f, const struct backtest_opts *o,
		 struct backtest_result *r)
{
	struct store_container *sc;
	struct model_evidence *ev = NULL;
	struct backtest_opts bo = *o;
	int64_t tmin = INT64_MAX, tmax = INT64_MIN;
	size_t n, i, j;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < BACKTEST_NSTRATEGIES; i++)
		score_init(&r->fleet[i]);
	if (store_containers(st, f, &sc, &n))
		return -1;
	if (model_evidence_load(st, &ev)) {
		store_containers_free(sc, n);
		return -1;
	}
	/* The data's span: from the step after the first sample's to the end of the last sample's step. */
	for (i = 0; i < n; i++)
		for (j = 0; j < sc[i].nseries; j++)
			if (sc[i].series[j].role == STORE_USAGE && sc[i].series[j].samples) {
				if (sc[i].series[j].t_min < tmin)
					tmin = sc[i].series[j].t_min;
				if (sc[i].series[j].t_max > tmax)
					tmax = sc[i].series[j].t_max;
			}
	if (bo.from == INT64_MIN)
		bo.from = tmin == INT64_MAX ? 0 : floor_step(tmin, bo.step) + bo.step;
	if (bo.to == INT64_MAX)
		bo.to = tmax == INT64_MIN ? 0 : floor_step(tmax, bo.step) + bo.step;
	r->from = bo.from;
	r->to = bo.to;
	r->step = bo.step;
	r->history = o->model.history;
	r->strategies = bo.strategies;
	r->days = bo.days;
	r->c = rs_calloc(n ? n : 1, sizeof(*r->c));
	for (i = 0; i < n; i++) {
		struct backtest_container *c = &r->c[r->n];
		struct model_input in;
		void *owned;
		int rc, any = 0;
		unsigned s;

		/* Loaded once, all of it, with the container's OOM kills: the report's own inputs. */
		if (model_load(st, &sc[i], INT64_MIN, INT64_MAX, &in, &owned))
			goto fail;
		model_evidence_kills(ev, sc, n, i, &in);
		if (!in.npods) {
			model_unload(owned);
			continue;
		}
		model_opts_for(&o->model, sc[i].namespace, sc[i].workload, &bo.model);
		rc = backtest_container(&in, &bo, c);
		model_unload(owned);
		if (rc) {
			free(c->days);
			goto fail;
		}
		for (s = 0; s < BACKTEST_NSTRATEGIES; s++)
			any |= c->score[s].container_days > 0;
		if (!any) {
			free(c->days);
			continue;
		}
		c->cluster = rs_strdup(sc[i].cluster);
		c->namespace = rs_strdup(sc[i].namespace);
		c->workload = rs_strdup(sc[i].workload);
		c->container = rs_strdup(sc[i].container);
		for (s = 0; s < BACKTEST_NSTRATEGIES; s++)
			backtest_score_add(&r->fleet[s], &c->score[s]);
		r->n++;
	}
	store_containers_free(sc, n);
	model_evidence_free(ev);
	return 0;
fail:
	store_containers_free(sc, n);
	model_evidence_free(ev);
	backtest_result_free(r);
	return -1;
}

void backtest_result_free(struct backtest_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->c[i].cluster);
		free(r->c[i].namespace);
		free(r->c[i].workload);
		free(r->c[i].container);
		free(r->c[i].days);
	}
	free(r->c);
	memset(r, 0, sizeof(*r));
}
