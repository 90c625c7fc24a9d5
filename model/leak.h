/*
 * leak.h - memory leaks: usage that rises within each container lifetime
 * until the limit kills it, where more memory only delays the failure.
 *
 * Pure functions on arrays: no store, no files.
 *
 * How a leak is told from other shapes
 * ------------------------------------
 * Each lifetime (one pod run, or the run between two restarts) with at least
 * LEAK_MIN_POINTS samples is fitted with a line, usage = a + b t (GSL,
 * t in seconds from the lifetime's first sample). The lifetime is RISING when
 *   - b > 0 and R^2 >= LEAK_R2 (the line explains the movement: flat noise,
 *     spikes and a daily cycle give R^2 near 0),
 *   - the fitted growth b x span is at least LEAK_GROWTH of the start value
 *     (the fitted line at the first sample; the lowest sample when the line
 *     starts at or below 0): a drift of a few percent is not a leak,
 *   - it does not level off: the slope of the second half of the lifetime is
 *     at least LEAK_LEVEL_OFF of the first half's. Caches warming up and
 *     other plateaus grow fast, then flatten; a leak keeps its pace.
 * Several lifetimes show a leak (MEMORY_LEAK_SUSPECTED) when
 *   - at least LEAK_MIN_RISING lifetimes rise, and they are at least LEAK_MOST
 *     of the fitted ones (the rise recurs, it is not one odd run),
 *   - at least LEAK_MOST of the rising slopes lie within a factor
 *     LEAK_SLOPE_FACTOR of their median (one leak, one pace),
 *   - at least one rising lifetime has ended (every lifetime but the last is
 *     taken as ended; the last may still be running), and
 *   - with a known limit: at least LEAK_MOST of the ended rising lifetimes end
 *     near it (their peak, or their last sample plus one more sample step at
 *     the fitted slope, reaches LEAK_NEAR_LIMIT x limit: the kill falls
 *     between two samples). The limit is what kills a leak, so a leak dies
 *     at the limit.
 *     With no limit known: at least two ended rising lifetimes, and LEAK_MOST
 *     of their peaks lie within LEAK_CEILING_SPREAD of their median (a fixed
 *     limit makes a leak die at the same level every time). The shape alone
 *     is then the evidence, and why[] says that the limit is unknown.
 * One lifetime alone (a service leaking for days, never restarted yet) is
 * enough only when it is STRONG: rising, with at least LEAK_SINGLE_MIN_POINTS
 * samples over at least LEAK_SINGLE_MIN_SPAN_S (a whole day, so the rising
 * half of a daily cycle cannot pass), R^2 >= LEAK_SINGLE_R2, growth at least
 * LEAK_SINGLE_GROWTH of its start, and a rising slope in each of its
 * LEAK_SINGLE_PARTS parts (leaked memory is never given back, while a random
 * walk that drifted up wanders down in some part). It must be the last
 * lifetime, or end near the known limit. seconds_to_limit then says when the
 * limit will be reached. One lifetime is one sample of a process: a random
 * walk that climbed by half its start steadily enough still passes (about 1
 * in 80 walks with steps of +-32 MiB per 5 min from 2 GiB over 3 days).
 *
 * The Airflow sample (samples/airflow): NOT suspected. Its five nightly runs
 * look like a leak in shape (R^2 0.98, 44-57 MiB/min, consistent), but every
 * run is killed at 6.13-6.25 GiB, 79-80% of its 8000Mi limit: the node took
 * back memory above the request. The job needs that memory for its work;
 * more memory (or a request that covers the peak) lets it finish, which is
 * exactly what a leak would not do. With its limit unknown, the same runs
 * are suspected (they rise alike and end at one level): without the limit,
 * a job whose memory grows with its work and a leak look the same, and
 * why[] says the limit was unknown.
 * The Marathon sample (samples/marathon, app-oom): suspected. Its 57 tasks
 * rise from ~8 MB to the 64 MB limit at ~7.7 MiB/s (R^2 0.999) and are killed
 * there; 56 are fitted (the last, still running, has 3 samples), all rising,
 * all ending at the limit; the running one reaches it ~5.5 s after its last
 * sample. It is suspected with the limit unknown too (all end near 60 MiB).
 *
 * Known blind spots: a leak that stays pinned at the limit for a long time
 * before the kill (page cache being reclaimed) looks levelled off; a leak cut
 * short by restarts (deploys) before it reaches the limit is not flagged,
 * because nothing was killed.
 */
#ifndef RS_LEAK_H
#define RS_LEAK_H

#include <stddef.h>
#include <stdint.h>

#include "../store/chunk.h"

/* A drop to below this share of the previous sample, after growth, is a restart:
 * a restarted process starts from its base again; GC and cache trims rarely halve usage. */
#define LEAK_RESTART_DROP 0.5
/* A gap between samples longer than this (ms) ends a lifetime: longer than any scrape
 * interval or export step in use (Prometheus range queries go up to 1 h steps, as
 * VPA's history does), so the container was not running or its series was replaced. */
#define LEAK_GAP_MS INT64_C(3600000)
/* Lifetimes with fewer samples are not fitted: 5 points leave 3 degrees of freedom to
 * the line; the app-oom tasks live 6-10 s at 1-s samples. */
#define LEAK_MIN_POINTS 5
/* A rising lifetime's line explains at least this share of the variance: a steady
 * leak is close to a line; noise, spikes and cycles are far from one. */
#define LEAK_R2 0.8
/* A rising lifetime grows by at least this share of its start value: a leak that
 * kills grows a lot; a few percent of drift is not worth a flag. */
#define LEAK_GROWTH 0.25
/* The second half of a rising lifetime grows at least this share as fast as its first
 * half: a leak keeps its pace, a warming cache flattens (1 - e^(-t/tau) with tau a third
 * of the lifetime gives 0.22, a square root 0.51, a line 1). */
#define LEAK_LEVEL_OFF 0.5
/* At least this many rising lifetimes for a pattern: one rising run can be anything. */
#define LEAK_MIN_RISING 2
/* "Most": the share of lifetimes that must rise, of rising slopes that must agree, and
 * of ended rising lifetimes that must end at the limit (two in three). */
#define LEAK_MOST (2.0 / 3.0)
/* Rising slopes agree when within this factor of their median: one leak in one program
 * leaks at a similar pace each time; growth driven by varying work does not. */
#define LEAK_SLOPE_FACTOR 3.0
/* A lifetime ends near the limit when its end reaches this share of it: the working set
 * leaves out some page cache, so it can sit a little below the cgroup usage at the kill. */
#define LEAK_NEAR_LIMIT 0.9
/* With no known limit, ended rising lifetimes end "at one level" within this share of
 * their median end: what the limit would do, allowing for a kill between two samples. */
#define LEAK_CEILING_SPREAD 0.15
/* One lifetime alone: enough samples to trust the fit... */
#define LEAK_SINGLE_MIN_POINTS 100
/* ...over at least a day (a daily cycle's rising half cannot pass)... */
#define LEAK_SINGLE_MIN_SPAN_S 86400.0
/* ...a line that explains nearly everything... */
#define LEAK_SINGLE_R2 0.9
/* ...growth of at least half its start value... */
#define LEAK_SINGLE_GROWTH 0.5
/* ...and a rising slope in each of this many consecutive parts (a random walk turns). */
#define LEAK_SINGLE_PARTS 4

/* One lifetime of a container: its samples in time order (one pod run, or a run between restarts). */
struct leak_life {
	const struct store_sample *s;
	size_t n;
};

/*
 * Splits one pod's samples (sorted by time) into lifetimes: a new lifetime starts
 *   - after a kill time k (kill_times sorted, may be NULL/0): samples with t <= k end
 *     the old lifetime, the first sample after k starts the new one;
 *   - after a gap longer than LEAK_GAP_MS between two samples;
 *   - at a drop to below LEAK_RESTART_DROP of the previous sample, when that previous
 *     sample is above the lifetime's first (it grew before the drop).
 * Appends to *lives (grown with realloc; *nlives, *cap updated; the caller frees *lives;
 * the lives point into s, which must outlive them). n == 0 appends nothing.
 */
void leak_split(const struct store_sample *s, size_t n, const int64_t *kill_times, size_t nkills,
		struct leak_life **lives, size_t *nlives, size_t *cap);

struct leak_result {
	int suspected;           /* 1: MEMORY_LEAK_SUSPECTED */
	size_t lifetimes;        /* lifetimes long enough to fit */
	size_t rising;           /* of them, with a significant rising fit */
	double slope;            /* typical growth, bytes per second (median over rising lifetimes;
				    the strong lifetime's own when one lifetime alone is the evidence);
				    0 when none rises */
	double r2;               /* median R^2 of the rising fits (or the strong one's); NAN when none */
	double seconds_to_limit; /* from the last sample of the last lifetime at the typical slope
				    (0 when already at or above the limit); NAN without a limit or
				    when not suspected */
	double lifetime_s;       /* median lifetime length, seconds, of the fitted ones; NAN when none */
	char why[240];           /* plain words: what was seen (or why not suspected) */
};

/*
 * Decides whether the lifetimes (in time order; the last one may still be running)
 * show a leak, as described at the top of this file. limit is the container's memory
 * limit in bytes, NAN (or <= 0) when unknown. Samples that are not finite are left out.
 * Fills *out. Returns 0, or -1 if GSL fails (reported through rs_error; *out then
 * says not suspected).
 */
int leak_detect(const struct leak_life *lives, size_t nlives, double limit, struct leak_result *out);

#endif
