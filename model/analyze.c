/*
 * analyze.c - the recommendation for one container over one window; see
 * model.h and docs/methodology.md. Pure: arrays in, numbers and words out.
 *
 * 1. Usage is each pod's peak per interval (5 min): the sampling rate of an
 *    export does not change the answer. Pods of the container are pooled.
 * 2. Request = a high percentile of the peaks (weighted by age when a
 *    half-life is set) plus a margin; a kill below the limit while above
 *    the request (the node took borrowed memory back) raises it to the
 *    observed peak plus the margin. (With no request known, any kill well
 *    below the limit counts so.)
 * 3. Limit = the peak plus headroom, never below the request nor above
 *    request x max-limit-ratio (but never under 1.1 x the peak). A kill at
 *    limit L raises it to max(1.2 L, L + 100Mi) - unless a leak is
 *    suspected: then more memory only delays the kill, and it is kept.
 * 4. Little history lowers the confidence and widens margin and headroom.
 * 5. Changes under keep_within of the current value are reported as keep.
 */
#include "model.h"
#include "leak.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A kill with usage at least this share of its limit was a kill at the limit. */
#define AT_LIMIT 0.9
/* Usage near a kill: the highest sample this long before it (and a minute after). */
#define KILL_LOOKBACK_MS (10 * 60000)
/* OOM at limit L: the need was above L. VPA's bump: max(L x 1.2, L + 100Mi). */
#define OOM_BUMP_FACTOR 1.2
#define OOM_BUMP_BYTES (100.0 * UNITS_MI)
/* The limit never falls under the peak plus this, whatever max-limit-ratio says. */
#define MIN_LIMIT_OVER_PEAK 1.1
/* A peak at least this share of the limit runs into it (LIMIT_BELOW_PEAK; its raise is never a keep). */
#define LIMIT_NEAR_PEAK 0.95

void model_opts_init(struct model_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->as_of = INT64_MAX;
	o->history = 14 * RTIME_DAY_MS;
	o->interval = 5 * 60000;
	o->half_life = 0;
	o->request_percentile = 0.95;
	o->margin = 0.10;
	o->limit_headroom = 0.20;
	o->max_limit_ratio = 1.5;
	o->min_bytes = o->max_bytes = NAN;
	o->keep_within = 0.10;
	o->full_history = 7 * RTIME_DAY_MS;
}

void model_opts_apply(struct model_opts *dst, const struct model_opts *src, unsigned mask)
{
	if (mask & MODEL_SET_PERCENTILE)
		dst->request_percentile = src->request_percentile;
	if (mask & MODEL_SET_MARGIN)
		dst->margin = src->margin;
	if (mask & MODEL_SET_HEADROOM)
		dst->limit_headroom = src->limit_headroom;
	if (mask & MODEL_SET_RATIO)
		dst->max_limit_ratio = src->max_limit_ratio;
	if (mask & MODEL_SET_MIN)
		dst->min_bytes = src->min_bytes;
	if (mask & MODEL_SET_MAX)
		dst->max_bytes = src->max_bytes;
	if (mask & MODEL_SET_POLICY)
		dst->guaranteed = src->guaranteed;
	if (mask & MODEL_SET_HALF_LIFE)
		dst->half_life = src->half_life;
	if (mask & MODEL_SET_INTERVAL)
		dst->interval = src->interval;
	if (mask & MODEL_SET_KEEP)
		dst->keep_within = src->keep_within;
}

void model_opts_for(const struct model_opts *base, const char *namespace, const char *workload,
		    struct model_opts *out)
{
	size_t i;

	*out = *base;
	for (i = 0; i < base->noverrides; i++) {
		const struct model_override *v = &base->overrides[i];

		if ((!v->namespace || fnmatch(v->namespace, namespace, 0) == 0) &&
		    (!v->workload || fnmatch(v->workload, workload, 0) == 0))
			model_opts_apply(out, &v->set, v->mask);
	}
}

const char *model_severity_name(enum model_severity s)
{
	switch (s) {
	case MODEL_CRITICAL: return "critical";
	case MODEL_WARNING: return "warning";
	default: return "info";
	}
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
	/* 1e-9 Mi of slack: 410Mi x 1.1 is 451Mi, not 451.0000000001Mi rounded up. */
	return ceil(bytes / UNITS_MI - 1e-9) * UNITS_MI;
}

size_t model_first_at(const struct store_sample *s, size_t n, int64_t t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int64_t model_floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Latest setting at or before to (a setting holds until it changes). */
static double setting_at(const struct store_sample *s, size_t n, int64_t to)
{
	size_t i = model_first_at(s, n, to);

	return i ? s[i - 1].v : NAN;
}

struct peak {
	int64_t t;
	double v, w;
};

static int by_value(const void *a, const void *b)
{
	double x = ((const struct peak *)a)->v, y = ((const struct peak *)b)->v;

	return (x > y) - (x < y);
}

/*
 * How many pods run side by side: the pods' lifetimes (first to last
 * sample in the window) added up, over the span of them all, rounded; at
 * least 1. A rollout's new pod overlapping the old one for a minute, or a
 * restart, adds almost nothing, where counting the most pods at one
 * instant would count every surge.
 */
static size_t pods_side_by_side(const int64_t *starts, const int64_t *ends, size_t n)
{
	int64_t first, last;
	double lived = 0;
	size_t i;

	if (!n)
		return 0;
	first = starts[0];
	last = ends[0];
	for (i = 0; i < n; i++) {
		lived += (double)(ends[i] - starts[i]);
		if (starts[i] < first)
			first = starts[i];
		if (ends[i] > last)
			last = ends[i];
	}
	if (last <= first)
		return n; /* one instant: every pod seen in it ran then */
	i = (size_t)llround(lived / (double)(last - first));
	return i < 1 ? 1 : i > n ? n : i;
}

/* "5-minute", "30-second": the interval as the explanations name it. */
static const char *interval_words(int64_t ms, char *buf, size_t len)
{
	if (ms % 60000 == 0)
		snprintf(buf, len, "%lld-minute", (long long)(ms / 60000));
	else
		snprintf(buf, len, "%lld-second", (long long)(ms / 1000));
	return buf;
}

/* Each pod's peak per interval in [from, to); also the raw counts of c. */
static struct peak *interval_peaks(const struct model_input *in, int64_t from, int64_t to, int64_t interval,
				   struct model_container *c, size_t *np)
{
	struct peak *p = NULL;
	size_t n = 0, cap = 0, i, j;
	int64_t *starts = rs_malloc((in->npods ? in->npods : 1) * sizeof(*starts));
	int64_t *ends = rs_malloc((in->npods ? in->npods : 1) * sizeof(*ends));

	for (i = 0; i < in->npods; i++) {
		const struct store_sample *s = in->pods[i].s;
		size_t a = model_first_at(s, in->pods[i].n, from), b = model_first_at(s, in->pods[i].n, to);
		int64_t bucket = 0;

		if (a >= b)
			continue;
		starts[c->pods] = s[a].t;
		ends[c->pods] = s[b - 1].t;
		c->pods++;
		c->samples += (int64_t)(b - a);
		/* The first pod sets the span (a time of 0 is a time like any other). */
		if (c->pods == 1 || s[a].t < c->first)
			c->first = s[a].t;
		if (c->pods == 1 || s[b - 1].t > c->last)
			c->last = s[b - 1].t;
		for (j = a; j < b; j++) {
			int64_t k = model_floor_div(s[j].t, interval);

			if (j == a || k != bucket) {
				if (n == cap) {
					cap = cap ? cap * 2 : 256;
					p = rs_realloc(p, cap * sizeof(*p));
				}
				p[n].t = s[j].t;
				p[n].v = s[j].v;
				p[n].w = 1;
				n++;
				bucket = k;
			} else if (s[j].v > p[n - 1].v) {
				p[n - 1].v = s[j].v;
				p[n - 1].t = s[j].t;
			}
		}
	}
	*np = n;
	c->pods_at_once = pods_side_by_side(starts, ends, c->pods);
	free(starts);
	free(ends);
	return p;
}

/*
 * Usage for a chart: the samples of every pod in [from, to), their span
 * (c->first .. c->last) cut in at most MODEL_BAND_BUCKETS buckets, lowest
 * and highest sample each, so a sawtooth shows as one.
 */
static void usage_band(const struct model_input *in, int64_t from, int64_t to, struct model_container *c)
{
	int64_t first = c->first, width = (c->last - c->first) / MODEL_BAND_BUCKETS + 1;
	size_t i, j, k;

	c->band = rs_calloc(MODEL_BAND_BUCKETS + 1, sizeof(*c->band));
	for (k = 0; k <= MODEL_BAND_BUCKETS; k++) {
		c->band[k].t = first + (int64_t)k * width;
		c->band[k].lo = c->band[k].hi = NAN;
	}
	for (i = 0; i < in->npods; i++) {
		const struct store_sample *s = in->pods[i].s;
		size_t end = model_first_at(s, in->pods[i].n, to);

		for (j = model_first_at(s, in->pods[i].n, from); j < end; j++) {
			struct model_band *bk = &c->band[(s[j].t - first) / width];

			if (isnan(bk->lo) || s[j].v < bk->lo)
				bk->lo = s[j].v;
			if (isnan(bk->hi) || s[j].v > bk->hi)
				bk->hi = s[j].v;
		}
	}
	/* Keep the buckets that saw data, in time order. */
	for (i = k = 0; i <= MODEL_BAND_BUCKETS; i++)
		if (!isnan(c->band[i].hi))
			c->band[k++] = c->band[i];
	c->nband = k;
}

/* The q-quantile of weighted values sorted by value: the smallest with cumulative weight >= q. */
static double weighted_quantile(const struct peak *p, size_t n, double q)
{
	double total = 0, cum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += p[i].w;
	if (!(total > 0))
		return n ? p[n - 1].v : NAN;
	for (i = 0; i < n; i++) {
		cum += p[i].w;
		if (cum >= q * total)
			return p[i].v;
	}
	return n ? p[n - 1].v : NAN;
}

/* Highest raw usage of any pod in [t - lookback, t + 1 min]. */
static double usage_near(const struct model_input *in, int64_t t)
{
	double best = NAN;
	size_t i, j;

	for (i = 0; i < in->npods; i++) {
		const struct store_sample *s = in->pods[i].s;
		size_t n = in->pods[i].n;

		for (j = model_first_at(s, n, t - KILL_LOOKBACK_MS); j < n && s[j].t <= t + 60000; j++)
			if (isnan(best) || s[j].v > best)
				best = s[j].v;
	}
	return best;
}

static int by_life_start(const void *a, const void *b)
{
	const struct leak_life *x = a, *y = b;
	int64_t tx = x->n ? x->s[0].t : 0, ty = y->n ? y->s[0].t : 0;

	return (tx > ty) - (tx < ty);
}

/* Leak: every pod's samples in the window, split into lifetimes at restarts and kills. */
static int leak_check(const struct model_input *in, int64_t from, int64_t to, double limit, struct leak_result *lr)
{
	struct leak_life *lives = NULL;
	size_t nlives = 0, cap = 0, i, nk = 0;
	int64_t *kt = rs_malloc((in->nkills ? in->nkills : 1) * sizeof(*kt));
	int rc;

	for (i = 0; i < in->nkills; i++)
		if (in->kills[i].time != STORE_TIME_UNKNOWN)
			kt[nk++] = in->kills[i].time;
	for (i = 0; i < in->npods; i++) {
		size_t a = model_first_at(in->pods[i].s, in->pods[i].n, from), b = model_first_at(in->pods[i].s, in->pods[i].n, to);

		if (b > a)
			leak_split(in->pods[i].s + a, b - a, kt, nk, &lives, &nlives, &cap);
	}
	/* One timeline across pods: the last lifetime is the one that may still run. */
	qsort(lives, nlives, sizeof(*lives), by_life_start);
	rc = leak_detect(lives, nlives, limit, lr);
	free(lives);
	free(kt);
	return rc;
}

static void confidence(struct model_container *c, const struct model_opts *o)
{
	double span = (double)(c->last - c->first), days = o->full_history > 0 ? span / (double)o->full_history : 1;
	double quarter_day = (double)RTIME_DAY_MS / 4 / (double)o->interval;

	/*
	 * Full confidence takes full_history of data and six hours' worth of
	 * intervals (a nightly job that ran a few hours on five nights is well
	 * seen; six hours of one day are not).
	 */
	c->confidence = fmin(1.0, days) * fmin(1.0, (double)c->intervals / quarter_day);
	c->confidence_level = c->confidence >= 0.8 ? "high" : c->confidence >= 0.4 ? "medium" : "low";
}

int model_analyze(const struct model_input *in, int64_t from, int64_t to, const struct model_opts *o,
		  struct model_container *c)
{
	struct peak *p;
	double *sorted = NULL, margin, headroom, peak, request, limit, pct, kill_limit = NAN;
	char a[32], b[32], d[32], e[32], iw[32], why_req[400] = "", why_lim[400] = "";
	size_t n, i, below = 0, at = 0;
	int64_t kills = 0, first_kill = STORE_TIME_UNKNOWN;
	struct leak_result lr;
	double span_h;

	memset(c, 0, sizeof(*c));
	c->cluster = rs_strdup(in->cluster);
	c->namespace = rs_strdup(in->namespace);
	c->workload = rs_strdup(in->workload);
	c->workload_kind = rs_strdup(in->workload_kind);
	c->container = rs_strdup(in->container);
	c->basis = rs_strdup(in->basis ? in->basis : "");
	c->request = c->limit = c->time_above_request = c->kill_limit = c->kill_usage = NAN;
	c->last_kill = STORE_TIME_UNKNOWN;
	c->oom_kills = in->kills_known ? 0 : -1;
	c->current_request = setting_at(in->requests, in->nrequests, to);
	c->current_limit = setting_at(in->limits, in->nlimits, to);
	p = interval_peaks(in, from, to, o->interval, c, &n);
	c->intervals = (int64_t)n;
	if (n)
		usage_band(in, from, to, c);
	if (!n) {
		free(p);
		snprintf(c->explanation, sizeof(c->explanation), "no usage in the window: nothing to recommend");
		return 0;
	}
	/* Older peaks weigh less with a half-life. */
	if (o->half_life > 0) {
		/* Ages from the newest peak: the quantile is the same, and old data cannot underflow to 0. */
		int64_t newest = p[0].t;

		for (i = 1; i < n; i++)
			if (p[i].t > newest)
				newest = p[i].t;
		for (i = 0; i < n; i++)
			p[i].w = exp2(-(double)(newest - p[i].t) / (double)o->half_life);
	}
	qsort(p, n, sizeof(*p), by_value);
	sorted = rs_malloc(n * sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = p[i].v;
	stats_usage(sorted, n, &c->usage);
	peak = c->usage.max;
	pct = o->half_life > 0 ? weighted_quantile(p, n, o->request_percentile)
			       : stats_quantile(sorted, n, o->request_percentile);
	confidence(c, o);
	/* Less history, wider margins: up to twice the margin and the headroom with none. */
	margin = o->margin * (2.0 - c->confidence);
	headroom = o->limit_headroom * (2.0 - c->confidence);

	/* OOM kills in the window: at the limit, or below it (the node took memory back). */
	for (i = 0; i < in->nkills; i++) {
		const struct model_kill *k = &in->kills[i];
		double lim, use;

		if (k->time == STORE_TIME_UNKNOWN ? from != INT64_MIN : (k->time < from || k->time >= to))
			continue;
		kills++;
		if (k->time != STORE_TIME_UNKNOWN) {
			c->kill_at = rs_realloc(c->kill_at, (c->nkill_at + 1) * sizeof(*c->kill_at));
			c->kill_at[c->nkill_at++] = k->time;
			if (first_kill == STORE_TIME_UNKNOWN)
				first_kill = k->time;
			if ((size_t)(kills - 1) < MODEL_MAX_KILL_TIMES)
				c->kill_times[kills - 1] = k->time;
			c->last_kill = k->time;
		} else if ((size_t)(kills - 1) < MODEL_MAX_KILL_TIMES) {
			c->kill_times[kills - 1] = STORE_TIME_UNKNOWN;
		}
		lim = !isnan(k->limit) ? k->limit : k->time != STORE_TIME_UNKNOWN ? setting_at(in->limits, in->nlimits, k->time) : c->current_limit;
		use = !isnan(k->usage) ? k->usage : k->time != STORE_TIME_UNKNOWN ? usage_near(in, k->time) : NAN;
		if (!isnan(k->limit))
			c->kill_limit = k->limit;
		if (!isnan(k->usage) && (isnan(c->kill_usage) || k->usage > c->kill_usage))
			c->kill_usage = k->usage;
		if (!isnan(lim) && !isnan(use) && use < AT_LIMIT * lim) {
			double req = k->time != STORE_TIME_UNKNOWN ? setting_at(in->requests, in->nrequests, k->time)
								   : c->current_request;

			/* Killed under its limit while living on borrowed memory above its request. */
			if (isnan(req) || use > req)
				below++;
		} else if (!isnan(lim)) {
			at++;
			if (isnan(kill_limit) || lim > kill_limit)
				kill_limit = lim;
		}
	}
	if (in->kills_known)
		c->oom_kills = kills;
	(void)first_kill;

	if (leak_check(in, from, to, !isnan(kill_limit) ? kill_limit : c->current_limit, &lr)) {
		free(p);
		free(sorted);
		return -1;
	}
	c->leak = lr.suspected;

	/* The request. */
	request = pct * (1 + margin);
	rs_appendf(why_req, sizeof(why_req), "p%g of %s peaks %s + %.0f%% margin", o->request_percentile * 100,
	       interval_words(o->interval, iw, sizeof(iw)), units_format_size(pct, a, sizeof(a)), margin * 100);
	if (below && peak * (1 + margin) > request) {
		request = peak * (1 + margin);
		rs_appendf(why_req, sizeof(why_req),
		       ", raised to the %s peak + margin: killed %zu time%s below its limit while above its request "
		       "(the node took the borrowed memory back)",
			units_format_size(peak, a, sizeof(a)), below, below == 1 ? "" : "s");
	}
	/* The limit: peak + headroom, within max-limit-ratio x request (never under 1.1 x the peak). */
	limit = peak * (1 + headroom);
	rs_appendf(why_lim, sizeof(why_lim), "peak %s + %.0f%% headroom", units_format_size(peak, a, sizeof(a)),
	       headroom * 100);
	if (limit > request * o->max_limit_ratio) {
		double cap = fmax(request * o->max_limit_ratio, peak * MIN_LIMIT_OVER_PEAK);

		if (cap < limit) {
			limit = cap;
			rs_appendf(why_lim, sizeof(why_lim), ", capped at %.2f x the request (never under 1.1 x the peak)",
			       o->max_limit_ratio);
		}
	}
	/* Evidence beats the cap: a kill at L proved the need was above L. */
	if (at && !lr.suspected) {
		double bump = fmax(kill_limit * OOM_BUMP_FACTOR, kill_limit + OOM_BUMP_BYTES);

		if (bump > limit) {
			limit = bump;
			rs_appendf(why_lim, sizeof(why_lim),
			       ", raised to max(1.2 x, +100Mi) of the %s limit it was killed at: the need was above it",
			       units_format_quantity(kill_limit, a, sizeof(a)));
		}
	}
	if (lr.suspected && !isnan(c->current_limit)) {
		/* A leak fills whatever it is given: the limit stays, and the request fits under it. */
		limit = c->current_limit;
		c->keep_limit = 1;
		if (request > limit) {
			request = limit;
			rs_appendf(why_req, sizeof(why_req), ", held at the limit: a leak fills any request");
		}
		rs_appendf(why_lim, sizeof(why_lim),
		       ", kept at the current %s: a leak is suspected and more memory only delays the kill",
		       units_format_quantity(c->current_limit, a, sizeof(a)));
	}
	if (limit < request)
		limit = request;
	if (o->guaranteed) {
		request = limit = fmax(request, limit);
		rs_appendf(why_lim, sizeof(why_lim), "; policy guaranteed: request = limit");
	}
	if (!isnan(o->min_bytes) && (request < o->min_bytes || limit < o->min_bytes)) {
		request = fmax(request, o->min_bytes);
		limit = fmax(limit, o->min_bytes);
		rs_appendf(why_lim, sizeof(why_lim), "; raised to --min %s", units_format_quantity(o->min_bytes, a, sizeof(a)));
	}
	if (!isnan(o->max_bytes) && (request > o->max_bytes || limit > o->max_bytes)) {
		request = fmin(request, o->max_bytes);
		limit = fmin(limit, o->max_bytes);
		rs_appendf(why_lim, sizeof(why_lim), "; held to --max %s", units_format_quantity(o->max_bytes, a, sizeof(a)));
	}
	request = round_up_mi(request);
	limit = round_up_mi(limit);
	/* Small changes are not worth a rollout; a kill is never small. */
	if (!isnan(c->current_request) && c->current_request > 0 && !below &&
	    fabs(request - c->current_request) < o->keep_within * c->current_request) {
		request = c->current_request;
		c->keep_request = 1;
	}
	/*
	 * Nor is a raise for a limit the usage already runs into (LIMIT_BELOW_PEAK:
	 * the peak within 5% of it): keeping it would leave the critical finding
	 * without its remedy.
	 */
	if (!c->keep_limit && !isnan(c->current_limit) && c->current_limit > 0 && !at &&
	    !(limit > c->current_limit && peak >= LIMIT_NEAR_PEAK * c->current_limit) &&
	    fabs(limit - c->current_limit) < o->keep_within * c->current_limit) {
		limit = c->current_limit;
		c->keep_limit = 1;
	}
	/* Whatever was kept, the limit is never below the request, and guaranteed stays equal. */
	if (limit < request || (o->guaranteed && limit != request))
		limit = request = fmax(request, limit);
	/* A value is a keep only if it still is the current one (clamps may have moved it). */
	c->keep_limit = c->keep_limit && limit == c->current_limit;
	c->keep_request = c->keep_request && request == c->current_request;
	c->request = request;
	c->limit = limit;
	/* Idle memory is what the pods running side by side hold, not every pod a rollout or restart started. */
	c->idle = isnan(c->current_request) ? NAN : fmax(0.0, c->current_request - request) * (double)c->pods_at_once;
	snprintf(d, sizeof(d), " (keep: within %.0f%%)", o->keep_within * 100);
	snprintf(c->explanation, sizeof(c->explanation), "request %s%s: %s; limit %s%s: %s",
		 units_format_quantity(request, a, sizeof(a)), c->keep_request ? d : "", why_req,
		 units_format_quantity(limit, b, sizeof(b)), c->keep_limit ? (lr.suspected ? " (keep)" : d) : "", why_lim);
	rs_appendf(c->explanation, sizeof(c->explanation), "; confidence %s (%.1f days, %lld interval%s, %zu pod%s)",
	       c->confidence_level, (double)(c->last - c->first) / (double)RTIME_DAY_MS, (long long)c->intervals,
	       c->intervals == 1 ? "" : "s", c->pods, c->pods == 1 ? "" : "s");
	if (*c->basis)
		rs_appendf(c->explanation, sizeof(c->explanation), "; usage from %s", c->basis);

	/* Flags, most severe first. */
	if (kills > 0) {
		char times[240] = "", lim[64] = "", t1[32], t2[32];
		size_t k = 0, shown = kills < MODEL_MAX_KILL_TIMES ? (size_t)kills : MODEL_MAX_KILL_TIMES;

		if ((size_t)kills <= shown) {
			for (i = 0; i < shown && k < sizeof(times); i++)
				k += (size_t)snprintf(times + k, sizeof(times) - k, "%s%s", i ? ", " : "",
						      c->kill_times[i] == STORE_TIME_UNKNOWN ?
							      "time unknown" :
							      rtime_format_short(c->kill_times[i], t1, sizeof(t1)));
		} else if (c->kill_times[0] != STORE_TIME_UNKNOWN && c->last_kill != STORE_TIME_UNKNOWN) {
			snprintf(times, sizeof(times), "from %s to %s, one every %.0f s on average",
				 rtime_format(c->kill_times[0], t1, sizeof(t1)), rtime_format(c->last_kill, t2, sizeof(t2)),
				 (double)(c->last_kill - c->kill_times[0]) / 1000.0 / (double)(kills - 1));
		} else {
			snprintf(times, sizeof(times), "times partly unknown");
		}
		if (!isnan(c->kill_limit))
			snprintf(lim, sizeof(lim), "; limit at the kill %s", units_format_quantity(c->kill_limit, a, sizeof(a)));
		else if (below)
			snprintf(lim, sizeof(lim), "; below its limit: the node reclaimed memory");
		add_flag(c, "OOM_KILLED", MODEL_CRITICAL, "OOM-killed %lld time%s (%s)%s", (long long)kills,
			 kills == 1 ? "" : "s", times, lim);
	}
	if (lr.suspected) {
		char rate[48], when[96] = "";

		/* Short lives grow per second, long ones per hour. */
		if (lr.lifetime_s < 3600)
			snprintf(rate, sizeof(rate), "%s/s", units_format_size(lr.slope, a, sizeof(a)));
		else
			snprintf(rate, sizeof(rate), "%s/h", units_format_size(lr.slope * 3600, a, sizeof(a)));
		if (lr.lifetimes >= 2)
			snprintf(when, sizeof(when), ", each lifetime lasting about %.0f %s", lr.lifetime_s < 7200 ?
				 lr.lifetime_s : lr.lifetime_s / 3600, lr.lifetime_s < 7200 ? "s" : "h");
		else if (!isnan(lr.seconds_to_limit) && lr.seconds_to_limit > 0)
			snprintf(when, sizeof(when), ", reaching the limit in about %.0f h", lr.seconds_to_limit / 3600);
		add_flag(c, "MEMORY_LEAK_SUSPECTED", kills ? MODEL_CRITICAL : MODEL_WARNING,
			 "memory grows %s in %zu of %zu lifetimes (R2 %.2f)%s: raising the limit only delays the kill; "
			 "fix the leak",
			 rate, lr.rising, lr.lifetimes, lr.r2, when);
	}
	if (!isnan(c->current_request) && c->current_request > 0) {
		c->time_above_request = stats_share_above(sorted, n, c->current_request);
		if (c->time_above_request > 0.05)
			add_flag(c, "REQUEST_BELOW_USAGE", c->usage.p95 > c->current_request ? MODEL_CRITICAL : MODEL_WARNING,
				 "usage sat above the %s request %.0f%% of the time, peaking at %s (%.2fx the request): that "
				 "memory is borrowed from the node and is taken back under node pressure",
				 units_format_quantity(c->current_request, a, sizeof(a)), 100.0 * c->time_above_request,
				 units_format_size(peak, b, sizeof(b)), peak / c->current_request);
	}
	if (!isnan(c->current_limit) && c->current_limit > 0 && peak >= LIMIT_NEAR_PEAK * c->current_limit)
		add_flag(c, "LIMIT_BELOW_PEAK", MODEL_CRITICAL,
			 "usage peaked at %s, %.0f%% of the %s limit: the container runs into its limit",
			 units_format_size(peak, a, sizeof(a)), 100.0 * peak / c->current_limit,
			 units_format_quantity(c->current_limit, b, sizeof(b)));
	if (!isnan(c->current_request) && !isnan(c->current_limit) && c->current_request > 0 &&
	    c->current_limit / c->current_request > o->max_limit_ratio)
		add_flag(c, "WIDE_REQUEST_LIMIT_GAP", MODEL_WARNING,
			 "the limit %s is %.2fx the request %s (above %.2f): usage between them is borrowed and can be "
			 "reclaimed under node pressure",
			 units_format_quantity(c->current_limit, a, sizeof(a)), c->current_limit / c->current_request,
			 units_format_quantity(c->current_request, b, sizeof(b)), o->max_limit_ratio);
	if (in->settings_known && isnan(c->current_limit))
		add_flag(c, "NO_LIMIT", MODEL_WARNING,
			 "no memory limit: one leak or spike can take the node's memory from its neighbours; "
			 "recommended %s", units_format_quantity(limit, a, sizeof(a)));
	if (in->settings_known && isnan(c->current_request))
		add_flag(c, "NO_REQUEST", MODEL_WARNING,
			 "no memory request: the scheduler places it as if it needed none, and it is evicted first; "
			 "recommended %s", units_format_quantity(request, a, sizeof(a)));
	if (!isnan(c->current_request) && c->current_request > 2.0 * c->usage.p95 &&
	    c->current_request - request > 256 * UNITS_MI)
		add_flag(c, "OVER_PROVISIONED", MODEL_INFO,
			 "the %s request is %.1fx the p95 usage of %s: %s per pod sits idle (%s over the %zu pod%s it runs "
			 "side by side)",
			 units_format_quantity(c->current_request, a, sizeof(a)), c->current_request / c->usage.p95,
			 units_format_size(c->usage.p95, b, sizeof(b)),
			 units_format_size(c->current_request - request, d, sizeof(d)), units_format_size(c->idle, e, sizeof(e)),
			 c->pods_at_once, c->pods_at_once == 1 ? "" : "s");
	if (c->usage.p50 > 0 && c->usage.p99 > 2.0 * c->usage.p50)
		add_flag(c, "SPIKY", MODEL_INFO,
			 "p99 %s is %.1fx the median %s: spikes need limit headroom above the request",
			 units_format_size(c->usage.p99, a, sizeof(a)), c->usage.p99 / c->usage.p50,
			 units_format_size(c->usage.p50, b, sizeof(b)));
	span_h = (double)(c->last - c->first) / 3600000.0;
	if (c->confidence < 0.4)
		add_flag(c, "INSUFFICIENT_DATA", MODEL_WARNING,
			 "only %.1f hours of history (%lld %s peak%s over %zu pod%s): margins widened to %.0f%% "
			 "and %.0f%%; %.1f more days of data give full confidence",
			 span_h, (long long)c->intervals, interval_words(o->interval, iw, sizeof(iw)),
			 c->intervals == 1 ? "" : "s",
			 c->pods, c->pods == 1 ? "" : "s", margin * 100, headroom * 100,
			 fmax(0.0, ((double)o->full_history - (double)(c->last - c->first)) / (double)RTIME_DAY_MS));
	free(p);
	free(sorted);
	return 0;
}

void model_container_free(struct model_container *c)
{
	free(c->band);
	free(c->kill_at);
	free(c->cluster);
	free(c->namespace);
	free(c->workload);
	free(c->workload_kind);
	free(c->container);
	free(c->basis);
}
