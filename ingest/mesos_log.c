/*
 * mesos_log.c - Marathon and Mesos logs: tasks failed by their memory limit.
 *
 * The Mesos memory isolator fails a task whose cgroup hits its limit with
 * the status message
 *   Memory limit exceeded: Requested: <limit> Maximum Used: <peak>\n\nMEMORY STATISTICS: \n<memory.stat>
 * and Marathon logs it as
 *   [2026-11-14 09:00:04,721] INFO  Acknowledge status update for task app-oom.<uuid>:
 *   TASK_FAILED (Memory limit exceeded: ...   (one line)
 * Through journald every line of the message becomes an entry of its own,
 * so the first line has no closing parenthesis and the memory.stat dump
 * follows as continuation lines; those carry nothing of a kill and are
 * skipped. One event per "Memory limit exceeded" line; sizes are stout
 * Bytes (B, KB, MB, GB, TB, 1024-based, printed only when exact).
 */
#include "ingest.h"
#include "textlines.h"
#include "labels.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SOURCE "mesos-log"
#define KIND "mesos"

#define NOTE_NOZONE "no zone in the log: read as UTC or --tz"
#define NOTE_YEAR_OPT "year from --year"
#define NOTE_YEAR_MTIME "year from the file's date"
/* A log may be a little older than its file's date says (clock skew, copies): as the kernel reader. */
#define MTIME_SLACK_MS (2 * RTIME_DAY_MS)

/* Where s[0..n) holds w, or NULL. */
static int month_of(const char *s, size_t n)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int m;

	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++)
		if (memcmp(names + 3 * m, s, 3) == 0)
			return m + 1;
	return 0;
}

static int num(const char *s, size_t n, size_t digits, int *out)
{
	size_t i;
	int v = 0;

	if (n < digits)
		return -1;
	for (i = 0; i < digits; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A time of a log without a year: the year from --year, else from the file's mtime. */
struct yearless {
	int mon, day, h, mi, s, ms;
};

static int64_t yearless_time(const struct yearless *y, const struct ingest_opts *o, int64_t mtime,
			     const char **note)
{
	char buf[40];
	int64_t t;
	int year;

	if (o->year > 0) {
		year = o->year;
		*note = NOTE_YEAR_OPT;
	} else if (mtime > 0) {
		time_t secs = (time_t)(mtime / 1000);
		struct tm tm;

		if (!gmtime_r(&secs, &tm))
			return STORE_TIME_UNKNOWN;
		year = tm.tm_year + 1900;
		*note = NOTE_YEAR_MTIME;
	} else {
		*note = "no year in the log and no file date";
		return STORE_TIME_UNKNOWN;
	}
	for (;;) {
		snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d.%03d", year, y->mon, y->day, y->h, y->mi,
			 y->s, y->ms);
		if (rtime_parse(buf, strlen(buf), RTIME_AUTO, &t) != 0)
			return STORE_TIME_UNKNOWN;
		/* A log written in December and read in January belongs to last year. */
		if (o->year > 0 || t <= mtime + MTIME_SLACK_MS || year < 1971)
			return t;
		year--;
	}
}

/* "HH:MM:SS" with an optional fraction; returns the length read or 0. */
static size_t clock_of(const char *s, size_t n, struct yearless *y)
{
	size_t i = 8;

	if (n < 8 || num(s, n, 2, &y->h) || s[2] != ':' || num(s + 3, n - 3, 2, &y->mi) || s[5] != ':' ||
	    num(s + 6, n - 6, 2, &y->s))
		return 0;
	y->ms = 0;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		int scale = 100;

		for (i++; i < n && isdigit((unsigned char)s[i]); i++) {
			y->ms += (s[i] - '0') * scale;
			scale /= 10;
		}
	}
	return i;
}

/*
 * The prefix journald or syslog puts before a message:
 *   "Nov 14 09:00:04 host ident[pid]: "   (short; also "Mar  7", fractions)
 *   "2026-11-14T09:00:04.721+00:00 host ident[pid]: "   (short-iso, RFC 3339)
 * Sets the host and either a full time (*t) or a yearless one (*y, *have_y).
 */
struct prefix {
	const char *host;
	size_t hostlen;
	int64_t t; /* STORE_TIME_UNKNOWN unless the prefix had a full date */
	int have_y;
	struct yearless y;
	size_t msg; /* where the message starts */
};

static int syslog_prefix(const char *s, size_t n, struct prefix *p)
{
	size_t i, k;

	memset(p, 0, sizeof(*p));
	p->t = STORE_TIME_UNKNOWN;
	if (n > 20 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[10] == 'T') {
		for (i = 0; i < n && s[i] != ' '; i++)
			;
		if (rtime_parse(s, i, RTIME_AUTO, &p->t) != 0)
			return -1;
	} else {
		p->y.mon = month_of(s, n);
		if (!p->y.mon || n < 16 || s[3] != ' ')
			return -1;
		i = 4;
		if (s[i] == ' ')
			i++;
		if (!isdigit((unsigned char)s[i]))
			return -1;
		p->y.day = s[i++] - '0';
		if (isdigit((unsigned char)s[i]))
			p->y.day = p->y.day * 10 + (s[i++] - '0');
		if (s[i++] != ' ' || p->y.day < 1 || p->y.day > 31)
			return -1;
		k = clock_of(s + i, n - i, &p->y);
		if (!k)
			return -1;
		i += k;
		p->have_y = 1;
	}
	if (i >= n || s[i] != ' ')
		return -1;
	i++;
	p->host = s + i;
	while (i < n && s[i] != ' ')
		i++;
	p->hostlen = (size_t)(s + i - p->host);
	if (!p->hostlen || i >= n)
		return -1;
	/* The identifier ("marathon.sh[5866]:", "kernel:") ends with a colon. */
	for (k = i + 1; k < n && s[k] != ' '; k++)
		;
	if (k == i + 1 || s[k - 1] != ':')
		return -1;
	p->msg = k < n ? k + 1 : n;
	return 0;
}

/* glog: "I0327 00:46:36.959000  1234 file.cpp:123] ..." (Mesos' own logs). */
static int glog_prefix(const char *s, size_t n, struct yearless *y)
{
	if (n < 22 || !strchr("IWEF", s[0]) || num(s + 1, n - 1, 2, &y->mon) || num(s + 3, n - 3, 2, &y->day) ||
	    s[5] != ' ' || y->mon < 1 || y->mon > 12 || y->day < 1 || y->day > 31)
		return -1;
	return clock_of(s + 6, n - 6, y) ? 0 : -1;
}

/* The logback/log4j stamp "[2026-11-14 09:00:04,721]" anywhere in s[0..n). */
static int log4j_stamp(const char *s, size_t n, int64_t *t)
{
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		const char *close;

		if (end - p > 20 && isdigit((unsigned char)p[1]) && p[5] == '-' && p[8] == '-' &&
		    (close = memchr(p, ']', (size_t)(end - p) < 40 ? (size_t)(end - p) : 40)) != NULL)
			return rtime_parse(p + 1, (size_t)(close - p - 1), RTIME_AUTO, t);
		p++;
	}
	return -1;
}

/* stout Bytes: "64MB", "65536KB", "67108864B" (1024-based). Returns 0 or -1. */
static int stout_bytes(const char *s, size_t n, double *bytes)
{
	static const struct {
		const char *name;
		double f;
	} units[] = { { "B", 1.0 }, { "KB", 1024.0 }, { "MB", 1048576.0 }, { "GB", 1073741824.0 },
		      { "TB", 1099511627776.0 } };
	size_t i = 0, u, ul;
	double v = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i >= n || !isdigit((unsigned char)s[i]))
		return -1;
	for (; i < n && isdigit((unsigned char)s[i]); i++)
		v = v * 10 + (s[i] - '0');
	for (ul = 0; i + ul < n && isalpha((unsigned char)s[i + ul]); ul++)
		;
	if (ul == 0) {
		*bytes = v;
		return 0;
	}
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		if (strlen(units[u].name) == ul && strncasecmp(s + i, units[u].name, ul) == 0) {
			*bytes = v * units[u].f;
			return 0;
		}
	}
	return -1;
}

/* The value after "key" in s, as a stout size. */
static int size_after(const char *s, size_t n, const char *key, double *bytes)
{
	const char *k = text_find(s, n, key);

	if (!k)
		return -1;
	k += strlen(key);
	return stout_bytes(k, (size_t)(s + n - k), bytes);
}

/*
 * Marathon's task id is "<app path with / as _>.<uuid>" (or
 * ".instance-<uuid>..." for newer instance ids): the app is what precedes
 * the uuid; without one, what precedes the last dot.
 */
static void app_of_task(const char *task, char *buf, size_t len)
{
	const char *p, *last = strrchr(task, '.');

	for (p = strchr(task, '.'); p; p = strchr(p + 1, '.')) {
		const char *u = p + 1;
		size_t i;

		if (strncmp(u, "instance-", 9) == 0)
			u += 9;
		for (i = 0; i < 36 && (isxdigit((unsigned char)u[i]) || u[i] == '-'); i++)
			;
		if (i == 36 && u[8] == '-' && u[13] == '-') {
			last = p;
			break;
		}
	}
	snprintf(buf, len, "%.*s", (int)(last ? (size_t)(last - task) : strlen(task)), task);
	/*
	 * Marathon writes an app's path with '_' in its task ids ("prod_api.<uuid>"
	 * for /prod/api); app ids cannot hold '_', so each one is a '/'.
	 */
	for (; *buf; buf++)
		if (*buf == '_')
			*buf = '/';
}

/* The task id after "for task " (Marathon, Mesos), quoted or not. */
static void task_of(const char *s, size_t n, char *buf, size_t len)
{
	const char *k = text_find(s, n, "for task ");
	size_t i = 0;

	buf[0] = '\0';
	if (!k)
		return;
	k += 9;
	if (k < s + n && *k == '\'')
		k++;
	while (k + i < s + n && !isspace((unsigned char)k[i]) && k[i] != ':' && k[i] != '\'' && k[i] != ',' &&
	       k[i] != ')')
		i++;
	snprintf(buf, len, "%.*s", (int)i, k);
}

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
};

static int reject(struct reader *r, int64_t line, const char *why)
{
	r->st->f.rejected++;
	ingest_reject(r->st, r->o, r->in->name, line, 1, "%s", why);
	return r->o->strict ? -1 : 0;
}

static int one_line(struct reader *r, const char *s, size_t n, int64_t line)
{
	const char *mle = text_find(s, n, "Memory limit exceeded"), *state;
	struct store_event ev;
	struct prefix p;
	struct yearless gy;
	struct labels l;
	char host[256], task[256], app[256], workload[256];
	const char *msg, *note = "";
	size_t mlen;
	int64_t t = STORE_TIME_UNKNOWN;
	double limit, used;
	int from_label, rc;

	if (!mle)
		return 0;
	/* A status other than TASK_FAILED (TASK_KILLED, ...) is not a kill by the limit. */
	state = text_find(s, (size_t)(mle - s), "TASK_");
	if (state && ((size_t)(mle - state) < 11 || memcmp(state, "TASK_FAILED", 11) != 0))
		return 0;
	if (size_after(s, n, "Requested:", &limit) || size_after(s, n, "Maximum Used:", &used))
		return reject(r, line, "\"Memory limit exceeded\" without readable \"Requested:\" and "
				       "\"Maximum Used:\" sizes");
	host[0] = '\0';
	msg = s;
	mlen = n;
	if (syslog_prefix(s, n, &p) == 0) {
		snprintf(host, sizeof(host), "%.*s", (int)p.hostlen, p.host);
		msg = s + p.msg;
		mlen = n - p.msg;
	}
	/* The most precise time first: the log4j stamp, then the prefixes. */
	if (log4j_stamp(msg, (size_t)(mle > msg ? mle - msg : 0), &t) == 0) {
		note = NOTE_NOZONE;
	} else if (glog_prefix(msg, mlen, &gy) == 0) {
		t = yearless_time(&gy, r->o, r->in->mtime, &note);
	} else if (host[0] && p.t != STORE_TIME_UNKNOWN) {
		t = p.t;
	} else if (host[0] && p.have_y) {
		t = yearless_time(&p.y, r->o, r->in->mtime, &note);
	} else {
		t = STORE_TIME_UNKNOWN;
	}
	task_of(s, (size_t)(mle - s), task, sizeof(task));
	ingest_event_init(&ev, SOURCE, KIND);
	ev.time = t;
	ev.time_note = note;
	ev.host = host;
	ev.limit = limit;
	ev.usage = used;
	ev.line = line;
	if (task[0]) {
		app_of_task(task, app, sizeof(app));
		labels_init(&l);
		labels_set(&l, "marathon_app", 12, app, strlen(app));
		ev.workload_kind = workload_of(&l, task, workload, sizeof(workload), &from_label);
		labels_free(&l);
		ev.workload = workload;
		ev.pod = task;
	}
	rc = ingest_event(r->sink, &ev);
	if (rc == 0)
		ingest_count(r->st, t);
	return rc;
}

static int line_cb(void *ctx, const char *s, size_t n, int64_t line)
{
	return one_line(ctx, s, n, line);
}

int ingest_mesos_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		     struct ingest_stats *st)
{
	struct reader r;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.o = o;
	r.sink = sink;
	r.st = st;
	if (textlines_each(in, st, line_cb, &r))
		return -1;
	return 0;
}

/*
 * Mesos' memory-limit message, or lines of Marathon (its logger names) or
 * of the Mesos daemons under journald.
 */
int mesos_log_detect(const char *data, size_t len)
{
	if (text_find(data, len, "Memory limit exceeded: Requested:"))
		return 1;
	if (text_find(data, len, "TASK_FAILED") && text_find(data, len, "Memory limit exceeded"))
		return 1;
	return text_find(data, len, "(mesosphere.marathon.") != NULL || text_find(data, len, " marathon.sh[") != NULL ||
	       text_find(data, len, " mesos-master[") != NULL || text_find(data, len, " mesos-agent[") != NULL ||
	       text_find(data, len, " mesos-slave[") != NULL;
}
