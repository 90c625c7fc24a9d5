/*
 * ingest.c - files and folders in, one store transaction per file.
 *
 * Reads a file, decodes its text (BOM, UTF-16LE), recognizes its format,
 * runs the reader with a sink bound to the store, and either commits the
 * file with its counts or rolls it back whole.
 */
#include "cell.h"
#include "ingest.h"
#include "labels.h"
#include "pages.h"
#include "../util/hmap.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const format_names[INGEST_NFORMATS] = {
	[INGEST_AUTO] = "auto",
	[INGEST_GRAFANA_CSV] = "grafana-csv",
	[INGEST_GRAFANA_SERIES_CSV] = "grafana-series-csv",
	[INGEST_LONG_CSV] = "long-csv",
	[INGEST_PROM_JSON] = "prometheus-json",
	[INGEST_DATADOG_JSON] = "datadog-json",
	[INGEST_DATADOG_CSV] = "datadog-csv",
	[INGEST_KUBECTL_PODS] = "kubectl-pods",
	[INGEST_MARATHON_APP] = "marathon-app",
	[INGEST_MAPPED_CSV] = "csv",
	[INGEST_KERNEL_LOG] = "kernel-log",
	[INGEST_K8S_EVENTS] = "k8s-events",
	[INGEST_K8S_DESCRIBE] = "k8s-describe",
	[INGEST_MESOS_LOG] = "mesos-log",
	[INGEST_AIRFLOW_LOG] = "airflow-log",
};

const char *ingest_format_name(enum ingest_format f)
{
	return f < INGEST_NFORMATS ? format_names[f] : "?";
}

const char *ingest_format_names(void)
{
	return "auto, grafana-csv, grafana-series-csv, long-csv, prometheus-json, datadog-json, datadog-csv, "
	       "kubectl-pods, marathon-app, csv, kernel-log, k8s-events, k8s-describe, mesos-log, airflow-log";
}

int ingest_format_parse(const char *name, enum ingest_format *f)
{
	size_t i;

	for (i = 0; i < INGEST_NFORMATS; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*f = (enum ingest_format)i;
			return 0;
		}
	}
	return -1;
}

void ingest_opts_init(struct ingest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->legend_label = "pod";
	o->max_messages = 20;
	o->executor_overhead = 32.0 * 1048576.0;
	o->limit_bytes = NAN;
	o->time_epoch = RTIME_AUTO;
}

void ingest_reject(struct ingest_stats *st, const struct ingest_opts *o, const char *file, int64_t line, int col,
		   const char *fmt, ...)
{
	va_list ap;
	char why[1024]; /* a reason quoting a huge cell is cut */

	if (!o->strict && st->messages >= o->max_messages) {
		st->messages++;
		return;
	}
	st->messages++;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rs_say("%s:%lld:%d: %s%s", file, (long long)line, col, why,
	       o->strict ? " (--strict: the file is rolled back)" : "; skipped");
}

void ingest_count(struct ingest_stats *st, int64_t t)
{
	if (t != STORE_TIME_UNKNOWN) {
		if (!st->timed || t < st->f.t_min)
			st->f.t_min = t;
		if (!st->timed || t > st->f.t_max)
			st->f.t_max = t;
		st->timed = 1;
	}
	st->f.accepted++;
}

void ingest_skip(struct ingest_stats *st, const char *why)
{
	size_t i;

	st->f.skipped_series++;
	for (i = 0; i < st->nwhy; i++) {
		if (st->why[i] == why || strcmp(st->why[i], why) == 0) {
			st->why_count[i]++;
			return;
		}
	}
	if (st->nwhy < 8) {
		st->why[st->nwhy] = why;
		st->why_count[st->nwhy++] = 1;
	}
}

/* ---- detection ------------------------------------------------------- */

static int field_is(const char *s, size_t len, const char *w)
{
	while (len && (*s == ' ' || *s == '"'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\r'))
		len--;
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/*
 * A time column then series holds values: a first data row with text in a
 * value cell (a pod name, a label) is some other CSV, to be mapped with
 * --format csv, not read as memory. hdr_end is the header's end.
 */
static int first_row_is_values(const char *hdr_end, const char *end, char delim)
{
	const char *row = hdr_end < end ? hdr_end + 1 : end, *nl, *f, *p;
	size_t col = 0;
	int q = 0;

	while (row < end && (*row == '\n' || *row == '\r'))
		row++;
	if (row >= end)
		return 1;
	nl = memchr(row, '\n', (size_t)(end - row));
	if (!nl)
		nl = end;
	/* A quote left open is the reader's to report (file:line), not a reason to refuse the format. */
	for (p = row; p < nl; p++)
		if (*p == '"')
			q = !q;
	if (q)
		return 1;
	for (f = p = row; p <= nl; p++) {
		if (p < nl && *p == '"')
			q = !q;
		if (p == nl || (!q && *p == delim)) {
			double v;
			const char *why;
			size_t n = (size_t)(p - f);

			if (n && f[n - 1] == '\r')
				n--;
			if (n >= 2 && f[0] == '"' && f[n - 1] == '"')
				f++, n -= 2;
			if (col > 0 && cell_value(f, n, delim, &v, &why) == CELL_BAD)
				return 0;
			col++;
			f = p + 1;
		}
	}
	return 1;
}

/* "Time (UTC)", "time (Europe/Berlin)": a time column with its zone in the header. */
static int starts_time(const char *f, size_t len)
{
	if (len && *f == '"')
		f++, len--;
	return len > 5 && strncasecmp(f, "time ", 5) == 0;
}

enum ingest_format ingest_detect(const char *data, size_t len, char *delim)
{
	const char *line = data, *nl, *p, *end;
	size_t ll, i, counts[3] = { 0, 0, 0 };
	static const char cands[3] = { ',', ';', '\t' };
	int q = 0, has_value = 0, has_time = 0, has_series = 0, first_time = 0, has_brace = 0;
	size_t nfields = 0;

	*delim = ',';
	while (len && (*line == '\n' || *line == '\r'))
		line++, len--;
	if (len >= 5 && memcmp(line, "sep=", 4) == 0) {
		*delim = line[4];
		nl = memchr(line, '\n', len);
		if (!nl)
			return INGEST_AUTO;
		len -= (size_t)(nl + 1 - line);
		line = nl + 1;
	} else {
		nl = memchr(line, '\n', len);
		ll = nl ? (size_t)(nl - line) : len;
		int brace = 0;

		/* Count candidates outside quotes and outside {label="set"} braces. */
		for (i = 0; i < ll; i++) {
			if (line[i] == '"')
				q = !q;
			else if (line[i] == '{')
				brace++;
			else if (line[i] == '}' && brace)
				brace--;
			else if (!q && !brace)
				counts[0] += line[i] == ',', counts[1] += line[i] == ';',
				/* ";<TAB>" (Bitbrains) is a ';' file with padding, not a TAB file. */
				counts[2] += line[i] == '\t' && !(i > 0 && (line[i - 1] == ';' || line[i - 1] == ','));
		}
		for (i = 1; i < 3; i++)
			if (counts[i] > counts[0] && counts[i] >= counts[i == 1 ? 2 : 1])
				*delim = cands[i];
	}
	if (len && (line[0] == '{' || line[0] == '[')) {
		if (prom_json_detect(line, len))
			return INGEST_PROM_JSON;
		if (datadog_json_detect(line, len))
			return INGEST_DATADOG_JSON;
		if (kubectl_pods_detect(line, len))
			return INGEST_KUBECTL_PODS;
		if (marathon_app_detect(line, len))
			return INGEST_MARATHON_APP;
		if (k8s_events_detect(line, len))
			return INGEST_K8S_EVENTS;
		/* "[12345.678] ..." (dmesg), "[2026-11-10T02:58:10...]" (Airflow): logs, not JSON. */
		if (line[0] == '{')
			return INGEST_AUTO;
	}
	if (!len)
		return INGEST_AUTO;
	{
		/* Logs: their own line shapes in the first 64 KiB. */
		size_t probe = len < 65536 ? len : 65536;

		if (kernel_log_detect(line, probe))
			return INGEST_KERNEL_LOG;
		if (mesos_log_detect(line, probe))
			return INGEST_MESOS_LOG;
		if (airflow_log_detect(line, probe))
			return INGEST_AIRFLOW_LOG;
		if (k8s_describe_detect(line, probe))
			return INGEST_K8S_DESCRIBE;
	}
	nl = memchr(line, '\n', len);
	if (datadog_csv_detect(line, nl ? (size_t)(nl - line) : len, *delim))
		return INGEST_DATADOG_CSV;
	nl = memchr(line, '\n', len);
	end = nl ? nl : line + len;
	/* Walk the header's fields (quotes respected). */
	for (p = line, q = 0; p <= end; nfields++) {
		const char *f = p;

		while (p < end && (q || *p != *delim)) {
			if (*p == '"')
				q = !q;
			p++;
		}
		if (memchr(f, '{', (size_t)(p - f)))
			has_brace = 1;
		if (field_is(f, (size_t)(p - f), "value"))
			has_value++;
		else if (field_is(f, (size_t)(p - f), "timestamp") || field_is(f, (size_t)(p - f), "time"))
			has_time = 1;
		else if (field_is(f, (size_t)(p - f), "series"))
			has_series = 1;
		if (nfields == 0)
			first_time = field_is(f, (size_t)(p - f), "time") || field_is(f, (size_t)(p - f), "timestamp") ||
				     field_is(f, (size_t)(p - f), "date") || starts_time(f, (size_t)(p - f));
		p++;
	}
	if (has_series && has_value == 1 && has_time && nfields == 3)
		return INGEST_GRAFANA_SERIES_CSV;
	/*
	 * Long: one "value" column, a time column, and label columns; several
	 * "Value" columns (or series names in braces) make a joined Grafana
	 * export instead.
	 */
	if (has_value == 1 && has_time && nfields >= 3 && !has_brace)
		return INGEST_LONG_CSV;
	if (first_time && nfields >= 2 && first_row_is_values(end, line + len, *delim))
		return INGEST_GRAFANA_CSV;
	return INGEST_AUTO;
}

/* ---- one file ---------------------------------------------------------- */

/*
 * A metric that counts OOM kills (container_oom_events_total) or says the
 * last termination was one (kube_pod_container_status_last_terminated_reason
 * {reason="OOMKilled"}): its samples are kept for the file and turned into
 * OOM events once all are read, in time order.
 */
struct oom_signal {
	enum store_role role;
	char *source, *metric, *cluster, *namespace, *pod, *container, *workload, *workload_kind;
	struct store_sample *s;
	size_t n, cap;
};

/* Ids handed to readers for OOM signals, far above any series id. */
#define OOM_SIGNAL_BASE (INT64_C(1) << 48)

/*
 * The largest value of one series of the file: a usage series that never
 * reaches 1 KiB was not exported in bytes (see warn_not_bytes).
 */
struct series_peak {
	int64_t id;
	double max; /* -1 until a sample is read */
	int usage;
};

struct sink_ctx {
	struct store *st;
	const struct ingest_input *in; /* the file being read */
	const struct ingest_opts *o;
	struct hmap seen; /* distinct series ids of this file -> index in peaks */
	struct series_peak *peaks;
	size_t npeaks;
	size_t last_peak; /* index of the last sample's series: long exports give a series' samples in a row */
	struct hmap signal_ids; /* identity text -> index in signals */
	struct oom_signal *signals;
	size_t nsignals;
	/*
	 * What the reader's accepted count mixes: OOM kill metric values (kept
	 * as events, not samples) and the events themselves, so that the
	 * summaries count samples and events apart.
	 */
	int64_t signal_values, signal_events, events;
	struct ingest_progress progress;
};

static void tell_progress(struct sink_ctx *c)
{
	const char *at = pages_position();

	if (!c->o->progress)
		return;
	/* The reader's position in the text, scaled to the file's bytes (UTF-16 decodes to fewer). */
	if (c->in && c->in->len && at >= c->in->data && at <= c->in->data + c->in->len)
		c->progress.file_read = (int64_t)((double)(at - c->in->data) / (double)c->in->len *
						  (double)c->progress.file_bytes);
	c->o->progress(c->o->progress_ctx, &c->progress);
}

/* pages' tick: the reader got further into the file (logs produce no samples to count). */
/* Whether some series were skipped for this reason (one of ingest_skip's static strings). */
static int skipped_for(const struct ingest_stats *st, const char *why)
{
	size_t i;

	for (i = 0; i < st->nwhy; i++)
		if (strcmp(st->why[i], why) == 0)
			return 1;
	return 0;
}

static void progress_tick(void *ctx)
{
	tell_progress(ctx);
}

static int signal_series(struct sink_ctx *c, const struct store_series *s, int64_t *id)
{
	char key[1200];
	int64_t idx;
	struct oom_signal *g;
	int len = snprintf(key, sizeof(key), "%s\x1f%s\x1f%s\x1f%s\x1f%s", s->metric, s->cluster, s->namespace, s->pod,
			   s->container);

	if (len < 0 || (size_t)len >= sizeof(key))
		return rs_error("OOM metric labels too long (%.60s)", s->metric);
	if (!hmap_get(&c->signal_ids, key, (size_t)len, &idx)) {
		idx = (int64_t)c->nsignals++;
		c->signals = rs_realloc(c->signals, c->nsignals * sizeof(*c->signals));
		g = &c->signals[idx];
		memset(g, 0, sizeof(*g));
		g->role = s->role;
		g->source = rs_strdup(s->source);
		g->metric = rs_strdup(s->metric);
		g->cluster = rs_strdup(s->cluster);
		g->namespace = rs_strdup(s->namespace);
		g->pod = rs_strdup(s->pod);
		g->container = rs_strdup(s->container);
		g->workload = rs_strdup(s->workload);
		g->workload_kind = rs_strdup(s->workload_kind);
		hmap_put(&c->signal_ids, key, (size_t)len, idx);
	}
	*id = OOM_SIGNAL_BASE + idx;
	return 0;
}

static int sink_event(void *ctx, const struct store_event *given);

static int cmp_sample_time(const void *a, const void *b)
{
	int64_t x = ((const struct store_sample *)a)->t, y = ((const struct store_sample *)b)->t;

	return (x > y) - (x < y);
}

/*
 * Counters: each rise is a kill at that sample's time (kills closer than
 * the sampling interval are one; a reset to a lower value starts again).
 * States: each change to 1 is a kill; a state already 1 at the first
 * sample is a kill at or before it, noted so. Counts before the first
 * sample cannot be timed and are not events.
 */
static int signals_to_events(struct sink_ctx *c, struct ingest_stats *st)
{
	size_t i, j;

	for (i = 0; i < c->nsignals; i++) {
		struct oom_signal *g = &c->signals[i];
		struct store_event ev;

		qsort(g->s, g->n, sizeof(*g->s), cmp_sample_time);
		ingest_event_init(&ev, g->source, "metric");
		ev.process = "";
		ev.cluster = g->cluster;
		ev.namespace = g->namespace;
		ev.pod = g->pod;
		ev.container = g->container;
		ev.workload = g->workload;
		ev.workload_kind = g->workload_kind;
		for (j = 0; j < g->n; j++) {
			double prev = j ? g->s[j - 1].v : 0;
			int kill;

			if (g->role == STORE_OOM_COUNTER)
				kill = j && (g->s[j].v > prev || (g->s[j].v < prev && g->s[j].v > 0));
			else
				kill = g->s[j].v >= 1 && (j == 0 || prev < 1);
			if (!kill)
				continue;
			ev.time = g->s[j].t;
			ev.time_note = g->role == STORE_OOM_STATE && j == 0 ? "first seen in the metric: the kill was at or "
									    "before this time"
									  : "";
			if (sink_event(c, &ev))
				return -1;
			st->f.accepted++;
			c->signal_events++;
		}
	}
	return 0;
}

static void signals_free(struct sink_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nsignals; i++) {
		struct oom_signal *g = &c->signals[i];

		free(g->source);
		free(g->metric);
		free(g->cluster);
		free(g->namespace);
		free(g->pod);
		free(g->container);
		free(g->workload);
		free(g->workload_kind);
		free(g->s);
	}
	free(c->signals);
	hmap_free(&c->signal_ids);
}

/* --label LABEL=VALUE fills identity parts a series does not have. */
static void apply_labels(const struct ingest_opts *o, struct store_series *s)
{
	size_t i;

	for (i = 0; i < o->nlabels; i++) {
		const char *l = o->labels[i].label, *v = o->labels[i].value;

		if (strcmp(l, "cluster") == 0 && !*s->cluster)
			s->cluster = v;
		else if (strcmp(l, "namespace") == 0 && !*s->namespace)
			s->namespace = v;
		else if (strcmp(l, "pod") == 0 && !*s->pod)
			s->pod = v;
		else if (strcmp(l, "container") == 0 && !*s->container)
			s->container = v;
		else if (strcmp(l, "workload") == 0 && (!*s->workload || !s->workload_from_label)) {
			s->workload = v;
			s->workload_from_label = 1;
			if (!*s->workload_kind || strcmp(s->workload_kind, "pod") == 0 ||
			    strcmp(s->workload_kind, "unknown") == 0)
				s->workload_kind = "workload";
		}
	}
}

static int sink_series(void *ctx, const struct store_series *given, int64_t *id)
{
	struct sink_ctx *c = ctx;
	struct store_series s = *given;
	char wl[256];
	int64_t idx;

	apply_labels(c->o, &s);
	if (s.role == STORE_OOM_COUNTER || s.role == STORE_OOM_STATE)
		return signal_series(c, &s, id);
	/* A pod given only by --label names the workload by its shape when nothing else did. */
	if (!*s.workload && *s.pod) {
		struct labels none;
		int from_label;

		labels_init(&none);
		s.workload_kind = workload_of(&none, s.pod, wl, sizeof(wl), &from_label);
		s.workload = wl;
	}
	if (store_series_id(c->st, &s, id))
		return -1;
	if (s.pod_uid && *s.pod_uid) {
		struct store_pod_ref r = { s.pod_uid, s.container_id ? s.container_id : "", s.cluster, s.namespace,
					   s.pod, s.container, s.workload, s.workload_kind };

		if (store_pod_ref_add(c->st, &r))
			return -1;
		/* The pod itself, for kills the kernel tied to the pod's cgroup only. */
		r.container_id = "";
		r.container = "";
		if (s.container_id && *s.container_id && store_pod_ref_add(c->st, &r))
			return -1;
	}
	if (!hmap_get(&c->seen, (const char *)id, sizeof(*id), &idx)) {
		if ((c->npeaks & (c->npeaks - 1)) == 0) /* 0, 1, 2, 4, ...: doubled when full */
			c->peaks = rs_realloc(c->peaks, (c->npeaks ? c->npeaks * 2 : 1) * sizeof(*c->peaks));
		c->peaks[c->npeaks].id = *id;
		c->peaks[c->npeaks].max = -1;
		c->peaks[c->npeaks].usage = s.role == STORE_USAGE;
		hmap_put(&c->seen, (const char *)id, sizeof(*id), (int64_t)c->npeaks++);
	}
	return 0;
}

/* Keeps the largest value of each series. */
static void note_peak(struct sink_ctx *c, int64_t id, double v)
{
	int64_t idx;

	if (c->last_peak >= c->npeaks || c->peaks[c->last_peak].id != id) {
		if (!hmap_get(&c->seen, (const char *)&id, sizeof(id), &idx))
			return; /* not a series this sink handed out */
		c->last_peak = (size_t)idx;
	}
	if (v > c->peaks[c->last_peak].max)
		c->peaks[c->last_peak].max = v;
}

static int sink_sample(void *ctx, int64_t id, int64_t t, double v)
{
	struct sink_ctx *c = ctx;

	if ((++c->progress.file_samples & 0xFFFF) == 0)
		tell_progress(c);
	if (id >= OOM_SIGNAL_BASE) {
		struct oom_signal *g = &c->signals[id - OOM_SIGNAL_BASE];

		if (g->n == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 64;
			g->s = rs_realloc(g->s, g->cap * sizeof(*g->s));
		}
		g->s[g->n].t = t;
		g->s[g->n].v = v;
		g->n++;
		c->signal_values++;
		return 0;
	}
	note_peak(c, id, v);
	return store_sample_add(c->st, id, t, v);
}

static int sink_event(void *ctx, const struct store_event *given)
{
	struct sink_ctx *c = ctx;
	struct store_event ev = *given;
	size_t i;

	/* --label cluster=... ties a node's log to its cluster. */
	for (i = 0; i < c->o->nlabels; i++)
		if (strcmp(c->o->labels[i].label, "cluster") == 0 && !*ev.cluster)
			ev.cluster = c->o->labels[i].value;
	c->events++;
	return store_event_add(c->st, &ev);
}

static int sink_pod_ref(void *ctx, const struct store_pod_ref *given)
{
	struct sink_ctx *c = ctx;
	struct store_pod_ref r = *given;
	size_t i;

	/* The same --label cluster as the file's events and series, so they meet. */
	for (i = 0; i < c->o->nlabels; i++)
		if (strcmp(c->o->labels[i].label, "cluster") == 0 && (!r.cluster || !*r.cluster))
			r.cluster = c->o->labels[i].value;
	return store_pod_ref_add(c->st, &r);
}

int ingest_event(struct ingest_sink *sink, const struct store_event *ev)
{
	return sink->event ? sink->event(sink->ctx, ev) : 0;
}

int ingest_pod_ref(struct ingest_sink *sink, const struct store_pod_ref *r)
{
	return sink->pod_ref ? sink->pod_ref(sink->ctx, r) : 0;
}

void ingest_event_init(struct store_event *ev, const char *source, const char *kind)
{
	memset(ev, 0, sizeof(*ev));
	ev->time = STORE_TIME_UNKNOWN;
	ev->time_note = ev->host = ev->process = ev->pod_uid = ev->container_id = "";
	ev->cluster = ev->namespace = ev->workload = ev->workload_kind = ev->pod = ev->container = "";
	ev->source = source;
	ev->kind = kind;
	ev->pid = -1;
	ev->limit = ev->usage = NAN;
}

/* Decodes UTF-16LE (with BOM) to UTF-8. Returns a malloc'd buffer. */
static char *utf16le_to_utf8(const unsigned char *p, size_t len, size_t *outlen)
{
	char *out = rs_malloc(len * 2 + 4);
	size_t i, k = 0;

	for (i = 0; i + 1 < len; i += 2) {
		uint32_t c = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;

		if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
			uint32_t lo = (uint32_t)p[i + 2] | (uint32_t)p[i + 3] << 8;

			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (c < 0x80) {
			out[k++] = (char)c;
		} else if (c < 0x800) {
			out[k++] = (char)(0xC0 | c >> 6);
			out[k++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			out[k++] = (char)(0xE0 | c >> 12);
			out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[k++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[k++] = (char)(0xF0 | c >> 18);
			out[k++] = (char)(0x80 | ((c >> 12) & 0x3F));
			out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[k++] = (char)(0x80 | (c & 0x3F));
		}
	}
	*outlen = k;
	return out;
}

struct mapped {
	void *map;
	size_t size;
	int64_t mtime;
	char *decoded; /* when the text had to be converted */
	const char *text;
	size_t len;
};

static void unmap(struct mapped *m)
{
	if (m->map)
		munmap(m->map, m->size);
	free(m->decoded);
	memset(m, 0, sizeof(*m));
}

static int map_file(const char *path, struct mapped *m)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);
	const unsigned char *p;
	size_t i, probe;

	memset(m, 0, sizeof(*m));
	if (fd < 0)
		return rs_error("%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return rs_error("%s: cannot stat: %s", path, strerror(errno));
	}
	if (sb.st_size == 0) {
		close(fd);
		return rs_error("%s: empty file", path);
	}
	m->size = (size_t)sb.st_size;
	m->mtime = (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
	m->map = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->map == MAP_FAILED) {
		m->map = NULL;
		return rs_error("%s: cannot read: %s", path, strerror(errno));
	}
	madvise(m->map, m->size, MADV_SEQUENTIAL);
	p = m->map;
	m->text = m->map;
	m->len = m->size;
	if (m->size >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		m->decoded = utf16le_to_utf8(p + 2, m->size - 2, &m->len);
		m->text = m->decoded;
		return 0;
	}
	if (m->size >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		unmap(m);
		return rs_error("%s: UTF-16 big-endian text is not supported: save the export as UTF-8", path);
	}
	if (m->size >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		m->text += 3;
		m->len -= 3;
	}
	probe = m->len < 4096 ? m->len : 4096;
	for (i = 0; i < probe; i++) {
		if (m->text[i] == '\0') {
			unmap(m);
			return rs_error("%s: the file holds NUL bytes (binary, or UTF-16 without a byte-order "
					"mark): export it again as CSV in UTF-8", path);
		}
	}
	return 0;
}

/*
 * Content hash of a whole file, 16 MiB at a time; each block's pages are
 * given back once hashed so a large file is never resident whole.
 */
static uint64_t hash_mapping(const void *map, size_t size)
{
	const size_t step = 16u << 20;
	const char *p = map;
	uint64_t h = UINT64_C(0x7273697a65);
	size_t off;

	for (off = 0; off < size; off += step) {
		size_t n = size - off < step ? size - off : step;

		h = hash_bytes(p + off, n, h);
		if (n == step)
			madvise((void *)(uintptr_t)(p + off), n, MADV_DONTNEED);
	}
	return h;
}

static int read_format(enum ingest_format fmt, const struct ingest_input *in, const struct ingest_opts *o,
		       struct ingest_sink *sink, struct ingest_stats *stats)
{
	switch (fmt) {
	case INGEST_GRAFANA_CSV: return ingest_csv_wide(in, o, sink, stats);
	case INGEST_GRAFANA_SERIES_CSV: return ingest_csv_long(in, 1, o, sink, stats);
	case INGEST_LONG_CSV: return ingest_csv_long(in, 0, o, sink, stats);
	case INGEST_PROM_JSON: return ingest_prom_json(in, o, sink, stats);
	case INGEST_DATADOG_JSON: return ingest_datadog_json(in, o, sink, stats);
	case INGEST_DATADOG_CSV: return ingest_datadog_csv(in, o, sink, stats);
	case INGEST_KUBECTL_PODS: return ingest_kubectl_pods(in, o, sink, stats);
	case INGEST_MARATHON_APP: return ingest_marathon_app(in, o, sink, stats);
	case INGEST_MAPPED_CSV: return ingest_csv_mapped(in, o, sink, stats);
	case INGEST_KERNEL_LOG: return ingest_kernel_log(in, o, sink, stats);
	case INGEST_K8S_EVENTS: return ingest_k8s_events(in, o, sink, stats);
	case INGEST_K8S_DESCRIBE: return ingest_k8s_describe(in, o, sink, stats);
	case INGEST_MESOS_LOG: return ingest_mesos_log(in, o, sink, stats);
	case INGEST_AIRFLOW_LOG: return ingest_airflow_log(in, o, sink, stats);
	default: return rs_error("%s: no reader for format %s", in->name, ingest_format_name(fmt));
	}
}

/* What to do about series skipped for a reason of ingest_skip's; NULL when there is nothing to add. */
static const char *skip_hint(const char *why)
{
	static const char datadog[] = "export the containers' memory in bytes (kubernetes.memory.working_set, "
				      "container.memory.usage, their requests and limits)";
	static const struct {
		const char *why, *hint;
	} hints[] = {
		{ "not a memory metric",
		  "only memory usage, requests and limits are read (such as container_memory_working_set_bytes or "
		  "kube_pod_container_resource_limits{resource=\"memory\"}): export a memory panel or query, or "
		  "describe the columns of another CSV with --format csv --time-col COL --value-col COL" },
		{ "pod-level cgroup series (container=\"\")",
		  "usage series named container_* need a container label, else they are whole pods' cgroups: export "
		  "them by container (keep the container label, container!=\"\"), or, for a pod of one container, "
		  "read the file with --format csv --time-col COL --value-col COL --label container=NAME" },
		{ "pause container (container=\"POD\")",
		  "the pause container holds no workload memory: export the pod's other containers (container!=\"POD\")" },
		{ "series name not readable",
		  "each Series cell must be a metric with its labels, such as "
		  "container_memory_working_set_bytes{pod=\"web-0\", container=\"web\"}" },
		{ "not a memory size (a Datadog percentage, count, swap or node metric)", datadog },
		{ "the unit is not a memory size", datadog },
	};
	size_t i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strcmp(why, hints[i].why) == 0)
			return hints[i].hint;
	return NULL;
}

/*
 * A file whose every series was skipped stores nothing a report can use;
 * committed, it would also count as ingested and never be read again (with
 * the options that would have kept it). So it fails, saying what was
 * skipped, why, and what to do. Returns -1.
 */
static int all_skipped(const char *path, const struct ingest_stats *st)
{
	char msg[2048];
	const char *hint[8];
	size_t i, j, nhint = 0;

	msg[0] = '\0';
	for (i = 0; i < st->nwhy; i++) {
		const char *h = skip_hint(st->why[i]);

		if (st->nwhy == 1)
			rs_appendf(msg, sizeof(msg), "%s", st->why[i]);
		else
			rs_appendf(msg, sizeof(msg), "%s%lld %s", i ? ", " : "", (long long)st->why_count[i], st->why[i]);
		for (j = 0; h && j < nhint; j++)
			if (hint[j] == h)
				h = NULL;
		if (h)
			hint[nhint++] = h;
	}
	for (j = 0; j < nhint; j++)
		rs_appendf(msg, sizeof(msg), "%s%s", j ? "; " : "): ", hint[j]);
	if (!nhint)
		rs_appendf(msg, sizeof(msg), ")");
	return rs_error("%s: no series to store: %lld series skipped (%s", path, (long long)st->f.skipped_series, msg);
}

/*
 * A container's memory is megabytes at least, so a usage series whose values
 * all stay under 1 KiB (after any --unit) is not in bytes: a panel in MiB or
 * a percentage, read as bytes, would be recommended a request of 1Mi. The
 * data is kept (it may be right), and said once per file, whatever the
 * verbosity. Series of zeros
 * only are left out: zero is zero in any unit.
 */
static void warn_not_bytes(const char *path, const struct sink_ctx *c)
{
	size_t i, n = 0;
	double top = 0;

	for (i = 0; i < c->npeaks; i++) {
		const struct series_peak *p = &c->peaks[i];

		if (p->usage && p->max > 0 && p->max < 1024) {
			n++;
			if (p->max > top)
				top = p->max;
		}
	}
	if (!n)
		return;
	/* Shown under -q too: the file is stored, and only a new database can take it again in the right unit. */
	rs_say("warning: %s: %zu usage series never reach%s 1 KiB (largest value %g bytes): the values do not look like "
		"bytes, the panel may be in MiB or a percentage; export the values in bytes, or read the file with "
		"--format csv --time-col COL --value-col COL --unit MiB (or --unit percent --limit SIZE) into a new "
		"database, since a file is read only once per database (see docs/formats-csv-mapping.md)",
		path, n, n == 1 ? "es" : "", top);
}

/* A file whose first lines say apiVersion: or kind: at their start: a Kubernetes object as YAML. */
static int looks_like_k8s_yaml(const char *text, size_t len)
{
	const char *p = text, *end = text + (len < 4096 ? len : 4096);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if ((size_t)(end - p) >= 11 && (strncmp(p, "apiVersion:", 11) == 0 || strncmp(p, "kind:", 5) == 0))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

static int ingest_file(struct store *st, const char *path, int from_walk, const struct ingest_opts *o,
		       struct ingest_totals *t)
{
	struct mapped m;
	struct ingest_input in;
	struct ingest_stats stats;
	struct store_file f;
	struct sink_ctx ctx;
	struct ingest_sink sink = { sink_series, sink_sample, &ctx, sink_event, sink_pod_ref };
	enum ingest_format fmt;
	char delim, seen_path[1024], a[32], b[32], range[80];
	int64_t when, samples, events;
	size_t i;
	int rc, nothing_kept;

	if (map_file(path, &m)) {
		t->files_failed++;
		return -1;
	}
	fmt = ingest_detect(m.text, m.len, &delim);
	if (o->format != INGEST_AUTO)
		fmt = o->format;
	if (fmt == INGEST_AUTO) {
		int yaml = looks_like_k8s_yaml(m.text, m.len);

		unmap(&m);
		if (from_walk) {
			rs_info("%s: skipped: not a format rightsize reads", path);
			t->files_skipped++;
			return 0;
		}
		t->files_failed++;
		if (yaml)
			return rs_error("%s: format not recognized: it looks like Kubernetes YAML, and rightsize reads "
					"the JSON form: kubectl get pods -A -o json (or kubectl get events -A -o json)",
					path);
		return rs_error("%s: format not recognized: rightsize reads Grafana and long CSV exports, Prometheus "
				"and Datadog JSON, Datadog CSV, kubectl pods and events JSON, kubectl describe, Marathon "
				"app definitions, kernel, Mesos and Airflow logs; for any other CSV give the column "
				"mapping (--format csv --time-col COL --value-col COL), or force a format with --format",
				path);
	}
	memset(&f, 0, sizeof(f));
	f.path = path;
	f.format = ingest_format_name(fmt);
	f.size = (int64_t)m.size;
	f.hash = hash_mapping(m.map, m.size);
	f.event_source = fmt == INGEST_KERNEL_LOG || fmt == INGEST_K8S_EVENTS || fmt == INGEST_K8S_DESCRIBE ||
			 fmt == INGEST_MESOS_LOG || fmt == INGEST_AIRFLOW_LOG;
	rc = store_file_seen(st, f.hash, seen_path, sizeof(seen_path), &when);
	if (rc != 0) {
		unmap(&m);
		if (rc < 0) {
			t->files_failed++;
			return -1;
		}
		rs_info("%s: already ingested (same content as %s, %s): nothing to do", path, seen_path,
			rtime_format(when, a, sizeof(a)));
		t->files_known++;
		return 0;
	}
	if (store_file_begin(st, &f)) {
		unmap(&m);
		t->files_failed++;
		return -1;
	}
	/* Again under the write lock: another rightsize may have stored it meanwhile. */
	if ((rc = store_file_seen(st, f.hash, seen_path, sizeof(seen_path), &when)) != 0) {
		store_file_rollback(st);
		unmap(&m);
		if (rc < 0) {
			t->files_failed++;
			return -1;
		}
		rs_info("%s: already ingested (same content as %s): nothing to do", path, seen_path);
		t->files_known++;
		return 0;
	}
	memset(&stats, 0, sizeof(stats));
	memset(&ctx, 0, sizeof(ctx));
	ctx.st = st;
	hmap_init(&ctx.seen);
	hmap_init(&ctx.signal_ids);
	ctx.o = o;
	memset(&in, 0, sizeof(in));
	in.name = path;
	in.data = m.text;
	in.len = m.len;
	in.mapped = m.decoded == NULL;
	in.delim = o->delimiter ? o->delimiter : delim;
	in.mtime = m.mtime;
	ctx.in = &in;
	pages_track(in.data, progress_tick, &ctx);
	ctx.progress.path = path;
	ctx.progress.file_bytes = (int64_t)m.size;
	ctx.progress.done = t;
	tell_progress(&ctx);
	rc = read_format(fmt, &in, o, &sink, &stats);
	pages_track(NULL, NULL, NULL);
	if (rc == 0 && stats.messages > o->max_messages)
		rs_warn("%s: %d more rejected rows not shown", path, stats.messages - o->max_messages);
	/*
	 * Events and OOM kill metrics are kept: a file with them is not
	 * empty-handed; nor is a termination-reason export of a night without
	 * a kill (its series say "no kill").
	 */
	nothing_kept = rc == 0 && !f.event_source && stats.f.skipped_series && ctx.seen.used == 0 && !ctx.nsignals &&
		       !ctx.events && !skipped_for(&stats, LABELS_NOT_OOM_TERMINATION);
	if (nothing_kept)
		rc = all_skipped(path, &stats);
	else
		for (i = 0; i < stats.nwhy; i++)
			rs_info("%s: skipped %lld series: %s", path, (long long)stats.why_count[i], stats.why[i]);
	/* An event log may truly hold no kill; a metrics file with nothing in it is a mistake. */
	if (rc == 0 && !(f.event_source && stats.f.rows) && !ctx.nsignals && ctx.seen.used == 0 && stats.f.accepted == 0 &&
	    stats.f.rejected == 0 && stats.f.missing == 0 && stats.f.skipped_series == 0)
		rc = rs_error("%s: no data rows", path);
	if (rc == 0 && ctx.nsignals) {
		/* OOM kill metrics make this file a source of OOM evidence too. */
		stats.f.event_source = 1;
		rc = signals_to_events(&ctx, &stats);
	}
	if (rc == 0)
		rc = store_file_commit(st, &stats.f);
	else
		store_file_rollback(st);
	if (rc != 0) {
		rs_error("%s: nothing from this file was stored", path);
		t->files_failed++;
	} else {
		/*
		 * A log's accepted values are its events. A metrics file's also
		 * count the values of OOM kill metrics and the events made of them,
		 * and pod JSON adds events uncounted: samples and events apart, so
		 * that each "new" is of its own kind.
		 */
		events = f.event_source ? stats.f.accepted : ctx.events;
		samples = f.event_source ? 0 : stats.f.accepted - ctx.signal_values - ctx.signal_events;
		warn_not_bytes(path, &ctx);
		/* The span of what was read (events of unknown time have none). */
		range[0] = '\0';
		if (stats.f.accepted && (stats.f.t_min || stats.f.t_max))
			snprintf(range, sizeof(range), ", %s .. %s", rtime_format(stats.f.t_min, a, sizeof(a)),
				 rtime_format(stats.f.t_max, b, sizeof(b)));
		if (f.event_source)
			rs_info("%s: %s, %lld OOM events (%lld new), %lld rejected%s", path, f.format, (long long)events,
				(long long)stats.f.events, (long long)stats.f.rejected, range);
		else if (events || ctx.nsignals) /* OOM kill metrics without a kill: 0 events, known */
			rs_info("%s: %s, %zu series, %lld samples (%lld new), %lld OOM events (%lld new), %lld rejected, "
				"%lld missing%s",
				path, f.format, ctx.seen.used, (long long)samples, (long long)stats.f.added,
				(long long)events, (long long)stats.f.events, (long long)stats.f.rejected,
				(long long)stats.f.missing, range);
		else
			rs_info("%s: %s, %zu series, %lld samples (%lld new), %lld rejected, %lld missing%s", path,
				f.format, ctx.seen.used, (long long)samples, (long long)stats.f.added,
				(long long)stats.f.rejected, (long long)stats.f.missing, range);
		t->files_ok++;
		t->accepted += samples;
		t->added += stats.f.added;
		t->events += events;
		t->events_added += stats.f.events;
		t->rejected += stats.f.rejected;
		t->missing += stats.f.missing;
		t->bytes += f.size;
	}
	hmap_free(&ctx.seen);
	free(ctx.peaks);
	signals_free(&ctx);
	unmap(&m);
	return rc;
}

/* In folders, only files that can hold exports are read: data, not docs or code. */
static int looks_like_data(const char *name)
{
	static const char *const exts[] = { ".csv", ".tsv", ".txt", ".json", ".log", ".out", ".dat", NULL };
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!dot)
		return 1;
	for (i = 0; exts[i]; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries of a folder that were never opened, for the message when nothing in it was read. */
struct walk_unread {
	int hidden;   /* names starting with '.' */
	int not_data; /* names that looks_like_data refuses */
};

static int walk(struct store *st, const char *dir, const struct ingest_opts *o, struct ingest_totals *t,
		struct walk_unread *u)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		t->files_failed++;
		return rs_error("%s: cannot open folder: %s", dir, strerror(errno));
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') {
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
				u->hidden++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = rs_realloc(names, cap * sizeof(*names));
		}
		names[n++] = rs_strdup(e->d_name);
	}
	closedir(d);
	if (n) /* an empty folder has no array to sort (qsort's NULL is undefined) */
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		size_t l = strlen(dir) + strlen(names[i]) + 2;
		char *p = rs_malloc(l);
		struct stat sb;

		snprintf(p, l, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		if (stat(p, &sb) != 0) {
			rc = rs_error("%s: cannot stat: %s", p, strerror(errno));
			t->files_failed++;
		} else if (S_ISDIR(sb.st_mode)) {
			if (walk(st, p, o, t, u))
				rc = -1;
		} else if (S_ISREG(sb.st_mode) && sb.st_size == 0) {
			rs_warn("%s: empty file, skipped", p);
			t->files_skipped++;
		} else if (S_ISREG(sb.st_mode) && !looks_like_data(names[i])) {
			u->not_data++;
			if (rs_verbosity > 1)
				rs_info("%s: not read (not a data file name)", p);
		} else if (S_ISREG(sb.st_mode)) {
			if (ingest_file(st, p, 1, o, t))
				rc = -1;
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Files that gave an outcome: read, already known, or failed (skipped ones gave none). */
static int files_done(const struct ingest_totals *t)
{
	return t->files_ok + t->files_known + t->files_failed;
}

/*
 * A folder operand from which no file was read, known or failed is told
 * whatever the verbosity: under cron, a mistyped or still empty exports
 * folder must not pass as a night with nothing new.
 */
static void say_nothing_read(const char *dir, int skipped, const struct walk_unread *u)
{
	char why[512];

	why[0] = '\0';
	if (skipped)
		rs_appendf(why, sizeof(why), "%d file%s skipped (empty, or in no format rightsize reads)", skipped,
			skipped == 1 ? "" : "s");
	if (u->not_data)
		rs_appendf(why, sizeof(why), "%s%d file%s not opened for %s name (only .csv, .tsv, .txt, .json, .log, "
			".out, .dat and names without an extension are; -v lists them)", why[0] ? ", " : "",
			u->not_data, u->not_data == 1 ? "" : "s", u->not_data == 1 ? "its" : "their");
	if (u->hidden)
		rs_appendf(why, sizeof(why), "%s%d hidden entr%s (name starting with .) passed over", why[0] ? ", " : "",
			u->hidden, u->hidden == 1 ? "y" : "ies");
	if (!why[0])
		rs_appendf(why, sizeof(why), "it holds no file");
	rs_say("warning: %s: nothing in this folder was ingested: %s", dir, why);
}

int ingest_path(struct store *st, const char *path, const struct ingest_opts *o, struct ingest_totals *t)
{
	struct stat sb;
	struct walk_unread u = { 0, 0 };
	int rc, done, skipped;

	if (stat(path, &sb) != 0) {
		t->files_failed++;
		return rs_error("%s: %s", path, strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return ingest_file(st, path, 0, o, t);
	done = files_done(t);
	skipped = t->files_skipped;
	rc = walk(st, path, o, t, &u);
	if (files_done(t) == done)
		say_nothing_read(path, t->files_skipped - skipped, &u);
	return rc;
}
