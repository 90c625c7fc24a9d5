/* leak.c - rising usage within each lifetime that ends at the limit; see leak.h. */
#include "leak.h"
#include "stats.h"
#include "../util/log.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(LEAK_MIN_POINTS >= 3, "a line and its two halves need 3 points");

#define MIB 1048576.0
#define GIB 1073741824.0

static void append(struct leak_life **lives, size_t *nlives, size_t *cap, const struct store_sample *s, size_t n)
{
	if (*nlives == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*lives = rs_realloc(*lives, *cap * sizeof(**lives));
	}
	(*lives)[*nlives].s = s;
	(*lives)[*nlives].n = n;
	(*nlives)++;
}

void leak_split(const struct store_sample *s, size_t n, const int64_t *kill_times, size_t nkills,
		struct leak_life **lives, size_t *nlives, size_t *cap)
{
	size_t start = 0, k = 0, i;
	/* The current lifetime's first and latest numbers (a NAN sample hides no drop). */
	double first = NAN, prev = NAN;

	for (i = 0; i < n; i++) {
		if (i > 0) {
			/* The first kill at or after the previous sample. */
			while (k < nkills && kill_times[k] < s[i - 1].t)
				k++;
			if ((k < nkills && kill_times[k] < s[i].t) || s[i].t - s[i - 1].t > LEAK_GAP_MS ||
			    (s[i].v < LEAK_RESTART_DROP * prev && prev > first)) {
				append(lives, nlives, cap, s + start, i - start);
				start = i;
				first = prev = NAN;
			}
		}
		if (isfinite(s[i].v)) {
			if (isnan(first))
				first = s[i].v;
			prev = s[i].v;
		}
	}
	if (n)
		append(lives, nlives, cap, s + start, n - start);
}

struct line {
	double a, b, r2;
};

/* Least squares y = a + b x over n >= 2 points with distinct x. */
static int fit_line(const double *x, const double *y, size_t n, struct line *l)
{
	double c0, c1, cov00, cov01, cov11, sumsq, mean = 0, sst = 0;
	size_t i;
	int st = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);

	if (st != GSL_SUCCESS)
		return rs_error("leak detection: fitting a line failed: %s", gsl_strerror(st));
	if (!isfinite(c0) || !isfinite(c1))
		return rs_error("leak detection: fitting a line gave no finite slope");
	for (i = 0; i < n; i++)
		mean += y[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		sst += (y[i] - mean) * (y[i] - mean);
	l->a = c0;
	l->b = c1;
	l->r2 = sst > 0 ? 1 - sumsq / sst : 0;
	return 0;
}

/* Slope over points from..to (inclusive); NAN when they span no time. */
static int part_slope(const double *x, const double *y, size_t from, size_t to, double *b)
{
	struct line l;

	*b = NAN;
	if (to <= from || !(x[to] > x[from]))
		return 0;
	if (fit_line(x + from, y + from, to - from + 1, &l) < 0)
		return -1;
	*b = l.b;
	return 0;
}

struct life_fit {
	size_t life;       /* index into lives */
	double span;       /* seconds from the first to the last sample */
	double b, r2;      /* the line's slope (bytes/s) and R^2 */
	double growth;     /* fitted growth over the span / start value */
	double grown;      /* fitted growth over the span, bytes */
	double peak;       /* highest sample */
	double reach;      /* peak, or last sample plus one more step at b if higher: the kill
			      falls between two samples */
	int levels_off;    /* second half's slope below LEAK_LEVEL_OFF of the first's */
	int rising, strong;
};

/* Fits one lifetime into f: 1, 0 when it is too short to fit, -1 when GSL fails. */
static int fit_life(const struct leak_life *l, size_t idx, double *x, double *y, struct life_fit *f)
{
	size_t i, m = 0, p;
	int64_t t0 = 0;
	double start, peak, step, b1, b2;
	struct line line;

	for (i = 0; i < l->n; i++) {
		if (!isfinite(l->s[i].v))
			continue;
		if (!m)
			t0 = l->s[i].t;
		x[m] = (double)(l->s[i].t - t0) / 1000.0;
		y[m++] = l->s[i].v;
	}
	if (m < LEAK_MIN_POINTS || !(x[m - 1] > 0))
		return 0;
	if (fit_line(x, y, m, &line) < 0)
		return -1;
	memset(f, 0, sizeof(*f));
	f->life = idx;
	f->span = x[m - 1];
	f->b = line.b;
	f->r2 = line.r2;
	f->grown = line.b * f->span;

	/* The start value: the line at the first sample, or the lowest sample. */
	start = line.a;
	peak = y[0];
	for (i = 0; i < m; i++) {
		if (start <= 0 && (i == 0 || y[i] < start))
			start = y[i];
		if (y[i] > peak)
			peak = y[i];
	}
	if (start > 0)
		f->growth = f->grown / start;
	else
		f->growth = f->grown > 0 ? INFINITY : 0;

	step = x[m - 1] - x[m - 2];
	f->peak = peak;
	f->reach = fmax(peak, y[m - 1] + (line.b > 0 ? line.b * step : 0));

	if (part_slope(x, y, 0, (m - 1) / 2, &b1) < 0 || part_slope(x, y, (m - 1) / 2, m - 1, &b2) < 0)
		return -1;
	f->levels_off = b2 < LEAK_LEVEL_OFF * b1;
	f->rising = line.b > 0 && line.r2 >= LEAK_R2 && f->growth >= LEAK_GROWTH && !f->levels_off;

	f->strong = f->rising && m >= LEAK_SINGLE_MIN_POINTS && f->span >= LEAK_SINGLE_MIN_SPAN_S &&
		    line.r2 >= LEAK_SINGLE_R2 && f->growth >= LEAK_SINGLE_GROWTH;
	for (p = 0; f->strong && p < LEAK_SINGLE_PARTS; p++) {
		double b;

		if (part_slope(x, y, p * (m - 1) / LEAK_SINGLE_PARTS, (p + 1) * (m - 1) / LEAK_SINGLE_PARTS, &b) < 0)
			return -1;
		if (!(b > 0))
			f->strong = 0;
	}
	return 1;
}

/* Writes why[]; a long message is cut at its size. */
static void say(struct leak_result *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct leak_result *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
}

static void fmt_bytes(double v, char *buf, size_t len)
{
	double a = fabs(v);

	if (a >= GIB)
		snprintf(buf, len, "%.2f GiB", v / GIB);
	else if (a >= MIB)
		snprintf(buf, len, "%.1f MiB", v / MIB);
	else if (a >= 1024)
		snprintf(buf, len, "%.1f KiB", v / 1024);
	else
		snprintf(buf, len, "%.0f B", v);
}

/* A pace in the unit of time that shows at least a MiB per unit. */
static void fmt_rate(double bps, char *buf, size_t len)
{
	char b[32];

	if (bps >= MIB) {
		fmt_bytes(bps, b, sizeof(b));
		snprintf(buf, len, "%s/s", b);
	} else if (bps * 60 >= MIB) {
		fmt_bytes(bps * 60, b, sizeof(b));
		snprintf(buf, len, "%s/min", b);
	} else if (bps * 3600 >= MIB) {
		fmt_bytes(bps * 3600, b, sizeof(b));
		snprintf(buf, len, "%s/h", b);
	} else {
		fmt_bytes(bps * 86400, b, sizeof(b));
		snprintf(buf, len, "%s/day", b);
	}
}

static void fmt_dur(double s, char *buf, size_t len)
{
	if (s < 120)
		snprintf(buf, len, "%.0f s", s);
	else if (s < 7200)
		snprintf(buf, len, "%.0f min", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%.1f h", s / 3600);
	else
		snprintf(buf, len, "%.1f days", s / 86400);
}

static double median(double *v, size_t n)
{
	stats_sort(v, n);
	return stats_quantile(v, n, 0.5);
}

/* The last finite sample of the last lifetime that has one; NAN when none. */
static double last_value(const struct leak_life *lives, size_t nlives)
{
	size_t i, j;

	for (i = nlives; i-- > 0;)
		for (j = lives[i].n; j-- > 0;)
			if (isfinite(lives[i].s[j].v))
				return lives[i].s[j].v;
	return NAN;
}

/* Why one lifetime on its own is not a leak. */
static void describe_one(const struct life_fit *f, struct leak_result *out)
{
	char rate[48];

	if (f->rising) {
		fmt_rate(f->b, rate, sizeof(rate));
		say(out, "one lifetime rose at %s (R^2 %.2f), but one alone counts only after a day or more of steady "
		    "growth (R^2 >= %.2f, +%.0f%%, rising in each quarter)",
		    rate, f->r2, LEAK_SINGLE_R2, 100 * LEAK_SINGLE_GROWTH);
	} else if (f->levels_off && f->b > 0 && f->r2 >= LEAK_R2) {
		say(out, "usage grew, then levelled off (a warm-up, not a leak)");
	} else {
		say(out, "usage did not rise steadily (a line explains %.0f%% of it, growth %+.0f%% of its start)",
		    100 * f->r2, 100 * f->growth);
	}
}

static void set_time_to_limit(const struct leak_life *lives, size_t nlives, double limit, struct leak_result *out)
{
	double last = last_value(lives, nlives);

	if (isnan(limit) || !(out->slope > 0) || isnan(last))
		return;
	out->seconds_to_limit = last >= limit ? 0 : (limit - last) / out->slope;
}

/* Suspected from several lifetimes; otherwise why[] says which test failed. */
static int judge_lifetimes(const struct life_fit *f, size_t nf, size_t last_life, double limit, double *tmp,
			   struct leak_result *out)
{
	size_t i, agree = 0, ended = 0, near = 0, level = 0, leveled = 0;
	double mend = NAN;
	char rate[48], lo[48], hi[48], dur[32], at[32];

	for (i = 0; i < nf; i++)
		if (!f[i].rising && f[i].levels_off && f[i].b > 0 && f[i].r2 >= LEAK_R2)
			leveled++;
	if (out->rising < LEAK_MIN_RISING || (double)out->rising < LEAK_MOST * (double)nf) {
		if (leveled)
			say(out, "usage rose steadily in %zu of %zu lifetimes; %zu grew, then levelled off (a warm-up, "
			    "not a leak)", out->rising, nf, leveled);
		else
			say(out, "usage rose steadily in %zu of %zu lifetimes only", out->rising, nf);
		return 0;
	}
	for (i = 0; i < nf; i++)
		if (f[i].rising && f[i].b >= out->slope / LEAK_SLOPE_FACTOR && f[i].b <= out->slope * LEAK_SLOPE_FACTOR)
			agree++;
	if ((double)agree < LEAK_MOST * (double)out->rising) {
		double bmin = INFINITY, bmax = 0;

		for (i = 0; i < nf; i++)
			if (f[i].rising) {
				bmin = fmin(bmin, f[i].b);
				bmax = fmax(bmax, f[i].b);
			}
		fmt_rate(bmin, lo, sizeof(lo));
		fmt_rate(bmax, hi, sizeof(hi));
		say(out, "usage rose in %zu of %zu lifetimes, but at paces too far apart for one leak (%s to %s)",
		    out->rising, nf, lo, hi);
		return 0;
	}
	for (i = 0; i < nf; i++)
		if (f[i].rising && f[i].life != last_life) {
			tmp[ended++] = f[i].peak;
			near += !isnan(limit) && f[i].reach >= LEAK_NEAR_LIMIT * limit;
		}
	if (!ended) { /* only the current lifetime rises */
		say(out, "usage rises only in the current lifetime, which has not ended yet");
		return 0;
	}
	mend = median(tmp, ended);
	for (i = 0; i < ended; i++)
		if (fabs(tmp[i] - mend) <= LEAK_CEILING_SPREAD * mend)
			level++;
	fmt_rate(out->slope, rate, sizeof(rate));
	fmt_dur(out->lifetime_s, dur, sizeof(dur));
	if (!isnan(limit)) {
		if ((double)near < LEAK_MOST * (double)ended) {
			say(out, "usage rose in %zu of %zu lifetimes, but they ended well below the limit "
			    "(at %.0f%% of it): something else ended them (node pressure, the work's end), not a leak",
			    out->rising, nf, 100 * mend / limit);
			return 0;
		}
		say(out, "usage rose in %zu of %zu lifetimes, at about %s (R^2 %.2f) over %s each, and %zu of %zu "
		    "ended at the limit: more memory only delays the kill",
		    out->rising, nf, rate, out->r2, dur, near, ended);
		return 1;
	}
	fmt_bytes(mend, at, sizeof(at));
	if (ended < 2 || (double)level < LEAK_MOST * (double)ended) {
		say(out, "usage rose in %zu of %zu lifetimes, but the limit is unknown and they did not end at one "
		    "level: growth that follows the work, not a leak", out->rising, nf);
		return 0;
	}
	say(out, "usage rose in %zu of %zu lifetimes, at about %s (R^2 %.2f) over %s each, ending near %s each "
	    "time; limit unknown, so a job that needs this much looks the same",
	    out->rising, nf, rate, out->r2, dur, at);
	return 1;
}

int leak_detect(const struct leak_life *lives, size_t nlives, double limit, struct leak_result *out)
{
	size_t i, maxn = 1, nf = 0, nr = 0, last_life = nlives ? nlives - 1 : 0;
	struct life_fit *f, *strong = NULL;
	double *x, *y, *tmp;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->slope = 0;
	out->r2 = out->seconds_to_limit = out->lifetime_s = NAN;
	if (!(limit > 0) || !isfinite(limit))
		limit = NAN;
	for (i = 0; i < nlives; i++)
		if (lives[i].n > maxn)
			maxn = lives[i].n;
	x = rs_malloc(maxn * sizeof(*x));
	y = rs_malloc(maxn * sizeof(*y));
	f = rs_malloc((nlives ? nlives : 1) * sizeof(*f));
	tmp = rs_malloc((nlives ? nlives : 1) * sizeof(*tmp));

	for (i = 0; i < nlives; i++) {
		int r = fit_life(&lives[i], i, x, y, &f[nf]);

		if (r < 0) {
			say(out, "not judged: fitting a line failed");
			rc = -1;
			goto done;
		}
		nf += (size_t)r;
	}
	out->lifetimes = nf;
	if (!nf) {
		say(out, "no lifetime has the %d samples a line needs", LEAK_MIN_POINTS);
		goto done;
	}
	for (i = 0; i < nf; i++)
		tmp[i] = f[i].span;
	out->lifetime_s = median(tmp, nf);
	for (i = 0; i < nf; i++)
		if (f[i].rising)
			tmp[nr++] = f[i].b;
	out->rising = nr;
	if (nr) {
		out->slope = median(tmp, nr);
		for (nr = 0, i = 0; i < nf; i++)
			if (f[i].rising)
				tmp[nr++] = f[i].r2;
		out->r2 = median(tmp, nr);
	}

	out->suspected = judge_lifetimes(f, nf, last_life, limit, tmp, out);
	if (!out->suspected) {
		/* One lifetime alone: the current one, or one that ended at the known limit. */
		for (i = 0; i < nf; i++)
			if (f[i].strong &&
			    (f[i].life == last_life || (!isnan(limit) && f[i].reach >= LEAK_NEAR_LIMIT * limit)))
				strong = &f[i];
		if (strong) {
			char grown[32], dur[32], rate[48], left[96];

			out->suspected = 1;
			out->slope = strong->b;
			out->r2 = strong->r2;
			set_time_to_limit(lives, nlives, limit, out);
			fmt_bytes(strong->grown, grown, sizeof(grown));
			fmt_dur(strong->span, dur, sizeof(dur));
			fmt_rate(strong->b, rate, sizeof(rate));
			if (isnan(out->seconds_to_limit)) {
				snprintf(left, sizeof(left), "the limit is unknown");
			} else {
				char d[32];

				fmt_dur(out->seconds_to_limit, d, sizeof(d));
				snprintf(left, sizeof(left), "at that pace it reaches the limit in %s", d);
			}
			say(out, "one lifetime grew %s in %s at %s (R^2 %.2f), steadily and without levelling off; %s",
			    grown, dur, rate, out->r2, left);
		} else if (nf == 1) {
			describe_one(&f[0], out);
		}
	} else {
		set_time_to_limit(lives, nlives, limit, out);
	}
done:
	free(x);
	free(y);
	free(f);
	free(tmp);
	return rc;
}
