/*
 * kernel_log.c - OOM kills from kernel logs.
 *
 * Reads what users paste or collect from a node: dmesg ("[12345.678901] ",
 * -T "[Sat Mar 14 16:55:03 2026] ", -x "kern  :err   : ", -r "<3>",
 * --time-format iso "2026-03-14T16:55:03,123456+00:00 "), the
 * syslog and journalctl (short, short-precise, short-iso, short-full,
 * short-monotonic), rsyslog's RFC 3339 prefix and raw /dev/kmsg records.
 *
 * One event per OOM kill:
 *   - the 4.19+ "oom-kill:constraint=..." summary opens the event; the
 *     "Killed process" lines after it (the victim, memory.oom.group
 *     siblings, duplicates) belong to it;
 *   - else an old-kernel "Kill process N (x) score S or sacrifice child"
 *     opens it and the next "Killed process" line completes it;
 *   - else each "Killed process" line is an event.
 * An OOM block starts at "<comm> invoked oom-killer:"; the "Task in ..."
 * (cgroup v1) and "memory: usage XkB, limit YkB" lines of the block give
 * the cgroup and the limit/usage of the kill they go with. Every other
 * line is passed over after a quick substring check, without parsing.
 */

#include "cgroup.h"
#include "ingest.h"
#include "textlines.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SOURCE "kernel-log"
/* "limit 9007199254740988kB" (PAGE_COUNTER_MAX; ...928 with 64 KiB pages) means no limit. */
#define NO_LIMIT_KB 9007199254740000.0
/* memory.oom.group siblings are printed within this time of the victim (ms). */
#define GROUP_MS 1000
/* A syslog time may pass the file's mtime by this much (zones) before it is put a year back. */
#define MTIME_SLACK_MS (2 * RTIME_DAY_MS)

/* ---- small text helpers ------------------------------------------------ */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int starts(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len >= n && memcmp(s, lit, n) == 0;
}

/* Reads digits into *v (at most 18); returns the end, or NULL when there are none. */
static const char *num(const char *p, const char *end, int64_t *v)
{
	const char *s = p;

	*v = 0;
	while (p < end && is_digit(*p) && p - s < 18)
		*v = *v * 10 + (*p++ - '0');
	return p == s || (p < end && is_digit(*p)) ? NULL : p;
}

/* Copies [s, s+n) into a buffer of size cap as a string, cut to fit. */
static void put(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int month_of(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncasecmp(s, names + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

/* "HH:MM:SS" at p (8 bytes). */
static int clock_at(const char *p, const char *end, int *h, int *mi, int *sec)
{
	if (end - p < 8 || !is_digit(p[0]) || !is_digit(p[1]) || p[2] != ':' || !is_digit(p[3]) ||
	    !is_digit(p[4]) || p[5] != ':' || !is_digit(p[6]) || !is_digit(p[7]))
		return -1;
	*h = (p[0] - '0') * 10 + (p[1] - '0');
	*mi = (p[3] - '0') * 10 + (p[4] - '0');
	*sec = (p[6] - '0') * 10 + (p[7] - '0');
	return 0;
}

/* A naive calendar time in --tz as ms. Returns 0, or -1 for a date that does not exist. */
static int civil_ms(int y, int mo, int d, int h, int mi, int sec, int frac_ms, int64_t *ms)
{
	char buf[48];
	int n = snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03d", y, mo, d, h, mi, sec, frac_ms);

	return rtime_parse(buf, (size_t)n, RTIME_MS, ms);
}

/* ---- line prefixes ----------------------------------------------------- */

enum tkind {
	TK_NONE, /* no time on the line */
	TK_ABS,  /* a clock time (ms) */
	TK_BOOT, /* only seconds since boot */
	TK_BAD,  /* a date that was not understood */
};

struct stamp {
	enum tkind kind;
	int64_t ms;        /* TK_ABS */
	int64_t boot_us;   /* with has_boot: microseconds since boot */
	int has_boot;
	const char *note;  /* TK_ABS: how the year was found, or "" */
	const char *bad;   /* TK_BAD: the date as written */
	size_t badlen;
};

struct line {
	struct stamp ts;
	const char *host;
	size_t hostlen;
	const char *msg; /* the kernel's message */
	size_t len;
	int kernel;   /* 0: a syslog/journal line of another program */
	int prefixed; /* a known prefix was there (detection wants one) */
};

/* What the prefix parser needs beyond the text: the year of syslog times. */
struct yearctx {
	int year;      /* --year, or 0 */
	int64_t mtime; /* the file's modification time (ms) */
	int mtime_year;
};

/* dmesg -x: "kern  :err   : ". */
static const char *facility_prefix(const char *p, const char *end)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug" };
	const char *q = p, *l;
	size_t i;

	while (q < end && (is_alpha(*q) || is_digit(*q)) && q - p <= 8)
		q++;
	if (q - p < 3 || q - p > 8)
		return NULL;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || *q++ != ':')
		return NULL;
	l = q;
	while (q < end && is_alpha(*q))
		q++;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if ((size_t)(q - l) == strlen(levels[i]) && memcmp(l, levels[i], (size_t)(q - l)) == 0)
			break;
	if (i == sizeof(levels) / sizeof(levels[0]))
		return NULL;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || *q++ != ':')
		return NULL;
	if (q < end && *q == ' ')
		q++;
	return q;
}

/* "12345.678901" -> microseconds. */
static int boot_secs(const char *p, const char *end, int64_t *us)
{
	int64_t s, f = 0;
	const char *q = num(p, end, &s);
	int n = 0;

	if (!q || q >= end || *q != '.')
		return -1;
	for (q++; q < end && is_digit(*q); q++, n++)
		if (n < 6)
			f = f * 10 + (*q - '0');
	if (n == 0 || q != end)
		return -1;
	for (; n < 6; n++)
		f *= 10;
	if (s > (INT64_MAX - 999999) / 1000000)
		return -1;
	*us = s * 1000000 + f;
	return 0;
}

/* "Sat Mar 14 16:55:03 2026" (C locale ctime, as dmesg -T writes it). */
static int ctime_ms(const char *p, const char *end, int64_t *ms)
{
	int mo, d = 0, h, mi, sec, y = 0;

	if (end - p < 24 || !is_alpha(p[0]) || !is_alpha(p[1]) || !is_alpha(p[2]) || p[3] != ' ')
		return -1;
	p += 4;
	if (!(mo = month_of(p)) || p[3] != ' ')
		return -1;
	p += 4;
	while (p < end && *p == ' ')
		p++;
	while (p < end && is_digit(*p) && d < 100)
		d = d * 10 + (*p++ - '0');
	if (p >= end || *p++ != ' ' || clock_at(p, end, &h, &mi, &sec))
		return -1;
	p += 8;
	if (p >= end || *p++ != ' ')
		return -1;
	while (p < end && is_digit(*p) && y < 100000)
		y = y * 10 + (*p++ - '0');
	if (p != end || y < 1970)
		return -1;
	return civil_ms(y, mo, d, h, mi, sec, 0, ms);
}

/* "host kernel: " after a syslog/journal time: sets host and kernel. NULL (li untouched) when it is not there. */
static const char *host_ident(const char *p, const char *end, struct line *li)
{
	const char *h = p, *he, *id;

	while (p < end && *p != ' ')
		p++;
	if (p == h || p >= end)
		return NULL;
	he = p;
	id = ++p;
	while (p < end && *p != ' ' && *p != ':')
		p++;
	if (p >= end || *p != ':' || p == id)
		return NULL;
	li->host = h;
	li->hostlen = (size_t)(he - h);
	li->kernel = p - id == 6 && memcmp(id, "kernel", 6) == 0;
	p++;
	if (p < end && *p == ' ')
		p++;
	return p;
}

/* The year of a syslog time, which carries none. */
static void syslog_year(const struct yearctx *y, int mo, int d, int h, int mi, int sec, int frac, struct stamp *ts)
{
	int64_t ms;

	if (y->year) {
		if (civil_ms(y->year, mo, d, h, mi, sec, frac, &ms) == 0) {
			ts->kind = TK_ABS;
			ts->ms = ms;
			ts->note = "year from --year";
		}
		return;
	}
	if (civil_ms(y->mtime_year, mo, d, h, mi, sec, frac, &ms) == 0 && ms <= y->mtime + MTIME_SLACK_MS) {
		ts->kind = TK_ABS;
		ts->ms = ms;
		ts->note = "year from the file's date";
	} else if (civil_ms(y->mtime_year - 1, mo, d, h, mi, sec, frac, &ms) == 0) {
		ts->kind = TK_ABS;
		ts->ms = ms;
		ts->note = "year from the file's date";
	}
}

/*
 * Splits a line into its prefixes and the kernel's message. A line with
 * no prefix is kept whole, with no time.
 */
static void parse_prefix(const char *s, size_t len, const struct yearctx *yc, struct line *li)
{
	const char *p = s, *end = s + len, *q, *t;
	int64_t v;

	memset(li, 0, sizeof(*li));
	li->kernel = 1;
	li->ts.note = "";
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((q = facility_prefix(p, end)))
		p = q, li->prefixed = 1;
	/* dmesg -r / kmsg priority "<3>" */
	if (p < end && *p == '<' && (q = num(p + 1, end, &v)) && q < end && *q == '>' && q - p <= 4)
		p = q + 1, li->prefixed = 1;
	/* /dev/kmsg: "6,1234,5678901234,-;" (priority, sequence, microseconds since boot, flags) */
	if ((q = num(p, end, &v)) && q < end && *q == ',' && (q = num(q + 1, end, &v)) && q < end && *q == ',' &&
	    (t = num(q + 1, end, &v)) && t < end && *t == ',') {
		q = memchr(t, ';', (size_t)(end - t));
		if (q) {
			li->ts.kind = TK_BOOT;
			li->ts.has_boot = 1;
			li->ts.boot_us = v;
			li->prefixed = 1;
			li->msg = q + 1;
			li->len = (size_t)(end - li->msg);
			return;
		}
	}
	if (p < end && *p == '[') {
		const char *c = p + 1, *ce;

		q = memchr(p, ']', (size_t)(end - p) < 80 ? (size_t)(end - p) : 80);
		if (q) {
			int64_t us;

			ce = q;
			while (c < ce && *c == ' ')
				c++;
			while (ce > c && ce[-1] == ' ')
				ce--;
			if (boot_secs(c, ce, &us) == 0) {
				li->ts.kind = TK_BOOT;
				li->ts.has_boot = 1;
				li->ts.boot_us = us;
			} else if (memchr(c, ':', (size_t)(ce - c)) && ce - c >= 8) {
				int h, mi, sec;
				const char *x;
				int clock = 0;

				for (x = c; x + 8 <= ce && !clock; x++)
					clock = clock_at(x, ce, &h, &mi, &sec) == 0;
				if (!clock)
					goto bare; /* "[ pid ]", "[23180]": the tasks table, not a time */
				if (ctime_ms(c, ce, &li->ts.ms) == 0) {
					li->ts.kind = TK_ABS;
				} else {
					li->ts.kind = TK_BAD;
					li->ts.bad = c;
					li->ts.badlen = (size_t)(ce - c);
				}
			} else {
				goto bare;
			}
			p = q + 1;
			if (p < end && *p == ' ')
				p++;
			/* journalctl -o short-monotonic: "[  315.239745] host kernel: msg" */
			if (li->ts.kind == TK_BOOT) {
				struct line h = *li;

				if ((q = host_ident(p, end, &h)) && h.kernel) {
					*li = h;
					p = q;
				}
			}
			li->prefixed = 1;
			li->msg = p;
			li->len = (size_t)(end - p);
			return;
		}
	}
	/* syslog / journalctl short: "Mar 27 01:15:36[.123456] host kernel: " */
	if (end - p >= 16 && is_alpha(p[0]) && p[3] == ' ' && month_of(p)) {
		int mo = month_of(p), d = 0, h, mi, sec, frac = 0, n = 0;

		q = p + 4;
		while (q < end && *q == ' ')
			q++;
		while (q < end && is_digit(*q) && d < 100)
			d = d * 10 + (*q++ - '0');
		if (d >= 1 && d <= 31 && q < end && *q == ' ' && clock_at(q + 1, end, &h, &mi, &sec) == 0) {
			q += 9;
			if (q < end && *q == '.')
				for (q++; q < end && is_digit(*q); q++, n++)
					if (n < 3)
						frac = frac * 10 + (*q - '0');
			for (; n > 0 && n < 3; n++)
				frac *= 10;
			if (q < end && *q == ' ' && (t = host_ident(q + 1, end, li))) {
				li->ts.kind = TK_BAD;
				li->ts.bad = p;
				li->ts.badlen = (size_t)(q - p);
				syslog_year(yc, mo, d, h, mi, sec, frac, &li->ts);
				p = t;
				goto after_ident;
			}
		}
	}
	/*
	 * RFC 3339 (rsyslog, journalctl short-iso): "2026-03-27T01:15:36.123456+00:00 host kernel: ";
	 * journalctl short-full: "Fri 2026-03-27 01:15:36 UTC host kernel: ".
	 */
	{
		const char *d = p, *de;
		int full = 0;

		if (end - p > 4 && is_alpha(p[0]) && is_alpha(p[1]) && is_alpha(p[2]) && p[3] == ' ') {
			d = p + 4;
			full = 1;
		}
		if (end - d >= 19 && is_digit(d[0]) && d[4] == '-' && d[7] == '-' &&
		    (d[10] == 'T' || (full && d[10] == ' '))) {
			de = full ? d + 19 : memchr(d, ' ', (size_t)(end - d));
			if (de && de < end && *de == ' ') {
				int64_t ms;
				int ok;

				q = de + 1;
				if (full) {
					/* the zone abbreviation: UTC/GMT exactly, others read in --tz */
					const char *z = q;
					char buf[32];

					while (q < end && *q != ' ')
						q++;
					if (q >= end)
						goto bare;
					if ((q - z == 3 && (memcmp(z, "UTC", 3) == 0 || memcmp(z, "GMT", 3) == 0))) {
						memcpy(buf, d, 19);
						buf[19] = 'Z';
						ok = rtime_parse(buf, 20, RTIME_MS, &ms) == 0;
					} else {
						ok = rtime_parse(d, 19, RTIME_MS, &ms) == 0;
					}
					q++;
				} else {
					ok = rtime_parse(d, (size_t)(de - d), RTIME_MS, &ms) == 0;
				}
				if ((t = host_ident(q, end, li))) {
					if (ok) {
						li->ts.kind = TK_ABS;
						li->ts.ms = ms;
					} else {
						li->ts.kind = TK_BAD;
						li->ts.bad = p;
						li->ts.badlen = (size_t)(de - p);
					}
					p = t;
					goto after_ident;
				}
				if (ok && !full) {
					/* dmesg --time-format iso: "2026-03-27T01:15:36,123456+00:00 msg" */
					li->ts.kind = TK_ABS;
					li->ts.ms = ms;
					li->prefixed = 1;
					li->msg = q;
					li->len = (size_t)(end - q);
					return;
				}
			}
		}
	}
	/* Some other syslog date (another language, another layout): "<date> host kernel: ". */
	if ((q = text_find(p, (size_t)(end - p) < 96 ? (size_t)(end - p) : 96, " kernel: "))) {
		const char *h = q;

		while (h > p && h[-1] != ' ')
			h--;
		if (h > p) {
			li->host = h;
			li->hostlen = (size_t)(q - h);
			li->ts.kind = TK_BAD;
			li->ts.bad = p;
			li->ts.badlen = (size_t)(h - 1 - p);
			p = q + 9;
			goto after_ident;
		}
	}
bare:
	li->ts.kind = TK_NONE;
	li->msg = p;
	li->len = (size_t)(end - p);
	return;
after_ident:
	li->prefixed = 1;
	/* The printk time rsyslog keeps after "kernel: " ("[178228.853564] "). */
	if (p < end && *p == '[' && (q = memchr(p, ']', (size_t)(end - p) < 32 ? (size_t)(end - p) : 32))) {
		const char *c = p + 1;
		int64_t us;

		while (c < q && *c == ' ')
			c++;
		if (boot_secs(c, q, &us) == 0) {
			li->ts.has_boot = 1;
			li->ts.boot_us = us;
			p = q + 1;
			if (p < end && *p == ' ')
				p++;
		}
	}
	li->msg = p;
	li->len = (size_t)(end - p);
}

/* ---- cgroup paths -------------------------------------------------------- */

/*
 * A container ID from a path component: "<cid>", "cri-containerd-<cid>.scope",
 * "docker-<cid>.scope", "...:cri-containerd:<cid>". Runtimes write 64 hex
 * digits; anything else (crio-conmon-, a slice) is not a container.
 */
static void container_part(const char *c, const char *ce, char *cid, size_t cap)
{
	const char *x;

	if (ce - c > 6 && memcmp(ce - 6, ".scope", 6) == 0)
		ce -= 6;
	if (text_find(c, (size_t)(ce - c), "conmon"))
		return;
	for (x = ce; x > c && x[-1] != '-' && x[-1] != ':'; x--)
		if (!is_hex(x[-1]))
			return;
	if (ce - x >= 12)
		put(cid, cap, x, (size_t)(ce - x));
}

/* "pod<uid>" in a component, at its start or after '-': the end of the UID, or NULL. */
static const char *pod_uid_in(const char *c, const char *ce, char *uid, size_t cap)
{
	const char *x;
	size_t k;

	for (x = c; (x = text_find(x, (size_t)(ce - x), "pod")); x += 3) {
		const char *u = x + 3, *ue = u;

		if (x != c && x[-1] != '-')
			continue;
		while (ue < ce && (is_hex(*ue) || *ue == '-' || *ue == '_'))
			ue++;
		/* 36 with dashes; a static pod's is a 32-digit hash */
		if (ue - u < 32 || ue - u > 36 || (ue < ce && *ue != '.' && *ue != ':'))
			continue;
		put(uid, cap, u, (size_t)(ue - u));
		for (k = 0; uid[k]; k++)
			uid[k] = uid[k] == '_' ? '-' : (char)(uid[k] >= 'A' && uid[k] <= 'F' ? uid[k] + 32 : uid[k]);
		return ue;
	}
	return NULL;
}

/* The forms cgroup_parse() leaves: static pods, kind's "pod<uid>.slice:cri-containerd:<cid>", plain Docker. */
static void other_ids(const char *s, size_t len, char *uid, size_t uidcap, char *cid, size_t cidcap)
{
	const char *end = s + len, *c = s, *ce;
	int next_is_container = 0;

	for (; c < end; c = ce) {
		const char *ue;
		size_t n;

		while (c < end && *c == '/')
			c++;
		ce = memchr(c, '/', (size_t)(end - c));
		if (!ce)
			ce = end;
		n = (size_t)(ce - c);
		if (n == 0)
			break;
		if (next_is_container) {
			container_part(c, ce, cid, cidcap);
			return;
		}
		if (!uid[0] && (ue = pod_uid_in(c, ce, uid, uidcap))) {
			if (ue < ce && (ue = memchr(ue, ':', (size_t)(ce - ue)))) {
				container_part(ue, ce, cid, cidcap);
				return;
			}
			next_is_container = 1;
			continue;
		}
		if (!uid[0] && n > 13 && starts(c, n, "docker-") && memcmp(ce - 6, ".scope", 6) == 0) {
			container_part(c, ce, cid, cidcap);
			return;
		}
		next_is_container = !uid[0] && n == 6 && memcmp(c, "docker", 6) == 0;
	}
}

/*
 * Pod UID and container ID from a cgroup path. Kubernetes paths go through
 * cgroup_parse(), the reader of cAdvisor's paths too, so that a kill and
 * its container's pod reference name them alike:
 *   /kubepods[/burstable|/besteffort]/pod<uid>[/<cid>]                    (cgroupfs)
 *   /kubepods.slice/kubepods-<qos>.slice/kubepods-<qos>-pod<uid_>.slice[/cri-containerd-<cid>.scope]
 *     (systemd; also crio-, docker-; underscores in the UID become dashes)
 * Then: ".../kubepods-<qos>-pod<uid_>.slice:cri-containerd:<cid>" (systemd
 * driver in a container: kind), static pods ("pod<32-digit hash>"),
 * "/mesos/<container uuid>" (the innermost of nested containers),
 * "/docker/<cid>" and "/system.slice/docker-<cid>.scope" (plain Docker).
 * Leaves a part "" when the path does not name it.
 */
static void cgroup_ids(const char *s, size_t len, char *uid, size_t uidcap, char *cid, size_t cidcap)
{
	const char *end = s + len, *m, *last = NULL, *c, *ce;

	uid[0] = cid[0] = '\0';
	for (m = s; (m = text_find(m, (size_t)(end - m), "/mesos/")); m += 6)
		last = m;
	if (last) {
		c = last + 7;
		ce = memchr(c, '/', (size_t)(end - c));
		if (!ce)
			ce = end;
		if (ce > c)
			put(cid, cidcap, c, (size_t)(ce - c));
		return;
	}
	if (cgroup_parse(s, len, uid, uidcap, cid, cidcap)) {
		if (!cid[0] && memchr(s, ':', len)) {
			char u[64];

			u[0] = '\0';
			other_ids(s, len, u, sizeof(u), cid, cidcap);
		}
		return;
	}
	other_ids(s, len, uid, uidcap, cid, cidcap);
}

/* ---- events ------------------------------------------------------------- */

enum evstate {
	EV_NONE,
	EV_SUMMARY, /* oom-kill: summary seen, the victim's "Killed process" not yet */
	EV_GROUP,   /* summary and victim seen: more "Killed process" lines are its group */
	EV_OLD,     /* "Kill process ... or sacrifice child" seen, "Killed process" not yet */
	EV_DONE,    /* complete: the next "Killed process" is another kill */
};

struct kill {
	enum evstate state;
	int64_t line;
	const char *kind; /* "memcg", "global", or NULL while unknown */
	int64_t pid;
	char process[64], host[256], pod_uid[64], container_id[128], note[96];
	double limit, usage;
	struct stamp ts; /* bad: not kept (note holds it) */
};

/* What an OOM block said before (or after) its kill. */
struct block {
	int memcg; /* memcg evidence: "Task in", "memory: usage" */
	char pod_uid[64], container_id[128];
	double limit, usage;
};

struct reader {
	const struct ingest_input *in;
	const struct ingest_opts *o;
	struct ingest_sink *sink;
	struct ingest_stats *st;
	struct yearctx yc;
	struct block blk;
	struct kill cur;
	struct kill *later; /* events with only seconds since boot, timed at the end */
	size_t nlater, caplater;
	int64_t boot_ms; /* boot time from lines with a clock time and seconds since boot */
	int have_boot, boot_conflict, bad_dates;
	int64_t lineno;
};

static void block_reset(struct block *b)
{
	memset(b, 0, sizeof(*b));
	b->limit = b->usage = NAN;
}

static void kill_open(struct reader *r, enum evstate state, const struct line *li)
{
	struct kill *k = &r->cur;

	memset(k, 0, sizeof(*k));
	k->state = state;
	k->line = r->lineno;
	k->pid = -1;
	k->limit = k->usage = NAN;
	k->ts = li->ts;
	k->ts.bad = NULL;
	put(k->host, sizeof(k->host), li->host ? li->host : "", li->hostlen);
	if (li->ts.kind == TK_BAD) {
		size_t n = li->ts.badlen;

		/* cut long dates whole characters at a time (UTF-8) */
		if (n > 48)
			for (n = 48; n > 0 && ((unsigned char)li->ts.bad[n] & 0xC0) == 0x80; n--)
				;
		snprintf(k->note, sizeof(k->note), "date not understood: %.*s", (int)n, li->ts.bad);
		r->bad_dates++;
	} else if (li->ts.kind == TK_NONE)
		snprintf(k->note, sizeof(k->note), "no time on the line");
	else if (li->ts.kind == TK_ABS)
		snprintf(k->note, sizeof(k->note), "%s", li->ts.note);
}

static int emit(struct reader *r, const struct kill *k)
{
	struct store_event ev;

	ingest_event_init(&ev, SOURCE, k->kind);
	ev.time = k->ts.kind == TK_ABS ? k->ts.ms : STORE_TIME_UNKNOWN;
	ev.time_note = k->note;
	ev.host = k->host;
	ev.pid = k->pid;
	ev.process = k->process;
	ev.pod_uid = k->pod_uid;
	ev.container_id = k->container_id;
	ev.limit = k->limit;
	ev.usage = k->usage;
	ev.line = k->line;
	if (ingest_event(r->sink, &ev))
		return -1;
	ingest_count(r->st, ev.time);
	return 0;
}

/* Ends the open event: completes it from its block, then emits it (or keeps it for the end). */
static int kill_close(struct reader *r)
{
	struct kill *k = &r->cur;
	int rc = 0;

	if (k->state == EV_NONE)
		return 0;
	if (!k->kind)
		k->kind = r->blk.memcg ? "memcg" : "global";
	if (isnan(k->limit))
		k->limit = r->blk.limit;
	if (isnan(k->usage))
		k->usage = r->blk.usage;
	if (!k->pod_uid[0])
		snprintf(k->pod_uid, sizeof(k->pod_uid), "%s", r->blk.pod_uid);
	if (!k->container_id[0])
		snprintf(k->container_id, sizeof(k->container_id), "%s", r->blk.container_id);
	if (k->ts.kind == TK_BOOT) {
		if (r->nlater == r->caplater) {
			r->caplater = r->caplater ? 2 * r->caplater : 16;
			r->later = rs_realloc(r->later, r->caplater * sizeof(*r->later));
		}
		r->later[r->nlater++] = *k;
	} else {
		rc = emit(r, k);
	}
	k->state = EV_NONE;
	/* The block's lines were this kill's; a kill without its own header gets none. */
	block_reset(&r->blk);
	return rc;
}

/* Times the kills that carry only seconds since boot, then emits them. */
static int flush_later(struct reader *r)
{
	size_t i, unknown = 0;

	for (i = 0; i < r->nlater; i++) {
		struct kill *k = &r->later[i];
		int64_t us = k->ts.boot_us;

		if (r->have_boot && !r->boot_conflict) {
			k->ts.kind = TK_ABS;
			k->ts.ms = r->boot_ms + us / 1000;
			snprintf(k->note, sizeof(k->note),
				 "boot time from the file + %lld.%03lld s since boot",
				 (long long)(us / 1000000), (long long)(us / 1000 % 1000));
		} else {
			snprintf(k->note, sizeof(k->note), "seconds since boot: %lld.%03lld", (long long)(us / 1000000),
				 (long long)(us / 1000 % 1000));
			unknown++;
		}
		if (emit(r, k))
			return -1;
	}
	if (unknown)
		rs_warn("%s: %zu OOM kill%s carr%s only seconds since boot (dmesg without -T, /dev/kmsg), so %s time%s "
			"unknown; `dmesg -T`, `journalctl -k` or the syslog give clock times",
			r->in->name, unknown, unknown == 1 ? "" : "s", unknown == 1 ? "ies" : "y",
			unknown == 1 ? "its" : "their",
			unknown == 1 ? " is" : "s are");
	return 0;
}

static int reject(struct reader *r, const char *why)
{
	r->st->f.rejected++;
	ingest_reject(r->st, r->o, r->in->name, r->lineno, 1, "%s", why);
	return r->o->strict ? -1 : 0;
}

/*
 * The message before "Kill(ed) process": none (old kernels), or "Out of memory",
 * "Out of memory (oom_kill_allocating_task)", "Memory cgroup out of memory",
 * then ": ". Sets the kind it tells (NULL: none). 0 when it is another text.
 */
static int kill_message(const char *msg, const char *at, const char **kind)
{
	size_t n = (size_t)(at - msg);

	*kind = NULL;
	if (n == 0)
		return 1;
	if (n < 2 || at[-2] != ':' || at[-1] != ' ')
		return 0;
	if (starts(msg, n, "Memory cgroup out of memory"))
		*kind = "memcg";
	else if (starts(msg, n, "Out of memory"))
		*kind = "global";
	else
		return 0;
	return 1;
}

/* "N (comm)" after "Kill process " / "Killed process ". Returns the end of ")" or NULL. */
static const char *pid_comm(const char *p, const char *end, int64_t *pid, char *comm, size_t cap)
{
	const char *c, *ce;

	if (!(p = num(p, end, pid)) || end - p < 3 || p[0] != ' ' || p[1] != '(')
		return NULL;
	c = p + 2;
	/* comm may hold ')' and spaces: take the ')' the kernel wrote after it */
	if (!(ce = text_find(c, (size_t)(end - c), ") total-vm")) && !(ce = text_find(c, (size_t)(end - c), "), UID")) &&
	    !(ce = text_find(c, (size_t)(end - c), ") score ")))
		for (ce = end; ce > c && ce[-1] != ')'; ce--)
			;
	else
		ce++;
	if (ce <= c)
		return NULL;
	put(comm, cap, c, (size_t)(ce - 1 - c));
	return ce;
}

/* ---- one OOM line ----------------------------------------------------- */

static void fill_ids(struct kill *k, const char *path, size_t n)
{
	char uid[64], cid[128];

	cgroup_ids(path, n, uid, sizeof(uid), cid, sizeof(cid));
	if (!k->pod_uid[0])
		snprintf(k->pod_uid, sizeof(k->pod_uid), "%s", uid);
	if (!k->container_id[0])
		snprintf(k->container_id, sizeof(k->container_id), "%s", cid);
}

static int on_summary(struct reader *r, const struct line *li)
{
	const char *m = li->msg, *end = li->msg + li->len, *p, *q, *tm, *om, *task, *pidp;
	struct kill *k;
	int64_t pid;

	if (kill_close(r))
		return -1;
	tm = text_find(m, li->len, ",task_memcg=");
	om = text_find(m, li->len, ",oom_memcg=");
	task = text_find(tm ? tm : m, (size_t)(end - (tm ? tm : m)), ",task=");
	pidp = task ? text_find(task, (size_t)(end - task), ",pid=") : NULL;
	if (!task || !pidp || !num(pidp + 5, end, &pid))
		return reject(r, "an oom-kill summary without task= and pid=");
	kill_open(r, EV_SUMMARY, li);
	k = &r->cur;
	k->pid = pid;
	put(k->process, sizeof(k->process), task + 6, (size_t)(pidp - task - 6));
	p = text_find(m, li->len, "constraint=");
	if (p && (p += 11, starts(p, (size_t)(end - p), "CONSTRAINT_MEMCG")))
		k->kind = "memcg";
	else if (p || text_find(m, li->len, ",global_oom"))
		k->kind = "global";
	else
		k->kind = om ? "memcg" : "global";
	/* Each value ends at its own comma, whatever order the keys come in. */
	if (tm) {
		q = tm + 12;
		p = memchr(q, ',', (size_t)(end - q));
		fill_ids(k, q, (size_t)((p ? p : end) - q));
	}
	if (om) {
		q = om + 11;
		p = memchr(q, ',', (size_t)(end - q));
		fill_ids(k, q, (size_t)((p ? p : end) - q));
	}
	return 0;
}

/* Two lines of the same kill: within GROUP_MS, or no times to tell them apart. */
static int near(const struct stamp *a, const struct stamp *b)
{
	int64_t d = INT64_MAX;

	if (a->kind == TK_ABS && b->kind == TK_ABS)
		d = a->ms - b->ms;
	else if (a->has_boot && b->has_boot)
		d = (a->boot_us - b->boot_us) / 1000;
	else if (a->kind == b->kind && a->kind != TK_ABS)
		d = 0;
	return d >= -GROUP_MS && d <= GROUP_MS;
}

/* "Killed process N (comm) ..." (with or without the message before it). */
static int on_killed(struct reader *r, const struct line *li, const char *at, const char *kind)
{
	const char *end = li->msg + li->len;
	struct kill *k = &r->cur;
	char comm[64];
	int64_t pid;

	if (!pid_comm(at + 15, end, &pid, comm, sizeof(comm)))
		return reject(r, "a \"Killed process\" line without a pid and (name)");
	if (k->state == EV_GROUP && near(&k->ts, &li->ts))
		return 0; /* memory.oom.group sibling, or the kernel's repeated line */
	if (k->state == EV_SUMMARY && (pid == k->pid || near(&k->ts, &li->ts))) {
		/* the victim the summary named */
		if (pid == k->pid)
			snprintf(k->process, sizeof(k->process), "%s", comm);
		if (!k->kind)
			k->kind = kind;
		k->state = EV_GROUP;
		return 0;
	}
	if (k->state == EV_OLD) {
		/* the process killed, the chosen one or a child sacrificed for it */
		k->pid = pid;
		snprintf(k->process, sizeof(k->process), "%s", comm);
		if (!k->kind)
			k->kind = kind;
		k->state = EV_DONE;
		return 0;
	}
	if (kill_close(r))
		return -1;
	kill_open(r, EV_DONE, li);
	r->cur.pid = pid;
	snprintf(r->cur.process, sizeof(r->cur.process), "%s", comm);
	r->cur.kind = kind;
	return 0;
}

static int on_kill_old(struct reader *r, const struct line *li, const char *at, const char *kind)
{
	const char *end = li->msg + li->len;
	char comm[64];
	int64_t pid;

	if (!pid_comm(at + 13, end, &pid, comm, sizeof(comm)))
		return reject(r, "a \"Kill process\" line without a pid and (name)");
	if (kill_close(r))
		return -1;
	kill_open(r, EV_OLD, li);
	r->cur.pid = pid;
	snprintf(r->cur.process, sizeof(r->cur.process), "%s", comm);
	r->cur.kind = kind;
	return 0;
}

/* "memory: usage 65536kB, limit 65536kB, failcnt 393" */
static int on_meminfo(struct reader *r, const struct line *li)
{
	const char *p = li->msg + 14, *end = li->msg + li->len;
	int64_t usage, limit;

	if (!(p = num(p, end, &usage)) || !starts(p, (size_t)(end - p), "kB, limit ") ||
	    !(p = num(p + 10, end, &limit)) || !starts(p, (size_t)(end - p), "kB"))
		return reject(r, "a \"memory: usage\" line without usage and limit in kB");
	if (r->blk.memcg && !isnan(r->blk.usage))
		return 0; /* the first one of the block counts */
	r->blk.memcg = 1;
	r->blk.usage = (double)usage * 1024.0;
	r->blk.limit = (double)limit >= NO_LIMIT_KB ? NAN : (double)limit * 1024.0;
	return 0;
}

/* "Task in <task memcg> killed as a result of limit of <oom memcg>" (cgroup v1) */
static int on_task_in(struct reader *r, const struct line *li)
{
	const char *a = li->msg + 8, *end = li->msg + li->len, *k;
	char uid[64], cid[128];

	if (!(k = text_find(a, (size_t)(end - a), " killed as a result of limit of ")))
		return 0;
	r->blk.memcg = 1;
	cgroup_ids(a, (size_t)(k - a), uid, sizeof(uid), cid, sizeof(cid));
	if (!r->blk.pod_uid[0])
		snprintf(r->blk.pod_uid, sizeof(r->blk.pod_uid), "%s", uid);
	if (!r->blk.container_id[0])
		snprintf(r->blk.container_id, sizeof(r->blk.container_id), "%s", cid);
	a = k + 32;
	cgroup_ids(a, (size_t)(end - a), uid, sizeof(uid), cid, sizeof(cid));
	if (!r->blk.pod_uid[0])
		snprintf(r->blk.pod_uid, sizeof(r->blk.pod_uid), "%s", uid);
	if (!r->blk.container_id[0])
		snprintf(r->blk.container_id, sizeof(r->blk.container_id), "%s", cid);
	return 0;
}

/* Cheap test that a line may be an OOM line, before any parsing. */
static int maybe_oom(const char *s, size_t len)
{
	return text_find(s, len, "ill") || text_find(s, len, "emory") || text_find(s, len, "Task in ");
}

enum oomline { OL_NONE, OL_HEADER, OL_SUMMARY, OL_KILLED, OL_KILL, OL_MEMINFO, OL_TASKIN };

/* Which OOM line the message is; at and kind for the Kill(ed) process lines. */
static enum oomline classify(const struct line *li, const char **at, const char **kind)
{
	const char *m = li->msg, *p;
	size_t n = li->len;

	if (!li->kernel || !n)
		return OL_NONE;
	if (starts(m, n, "oom-kill:"))
		return OL_SUMMARY;
	if (starts(m, n, "memory: usage "))
		return OL_MEMINFO;
	if (starts(m, n, "Task in "))
		return OL_TASKIN;
	if ((p = text_find(m, n, "Killed process ")) && kill_message(m, p, kind)) {
		*at = p;
		return OL_KILLED;
	}
	if ((p = text_find(m, n, "Kill process ")) && kill_message(m, p, kind) && text_find(p, (size_t)(m + n - p), ") score ")) {
		*at = p;
		return OL_KILL;
	}
	if (text_find(m, n, " invoked oom-killer: "))
		return OL_HEADER;
	return OL_NONE;
}

static int on_line(struct reader *r, const char *s, size_t len)
{
	struct line li;
	const char *at = NULL, *kind = NULL;
	enum oomline t;

	if (!maybe_oom(s, len))
		return 0;
	parse_prefix(s, len, &r->yc, &li);
	t = classify(&li, &at, &kind);
	if (t == OL_NONE)
		return 0;
	if (li.ts.kind == TK_ABS && li.ts.has_boot) {
		int64_t b = li.ts.ms - li.ts.boot_us / 1000;

		if (!r->have_boot)
			r->boot_ms = b, r->have_boot = 1;
		else if (b - r->boot_ms > 2000 || r->boot_ms - b > 2000)
			r->boot_conflict = 1; /* rebooted within the file */
	}
	switch (t) {
	case OL_HEADER:
		if (kill_close(r))
			return -1;
		block_reset(&r->blk);
		return 0;
	case OL_SUMMARY: return on_summary(r, &li);
	case OL_KILLED: return on_killed(r, &li, at, kind);
	case OL_KILL: return on_kill_old(r, &li, at, kind);
	case OL_MEMINFO: return on_meminfo(r, &li);
	case OL_TASKIN: return on_task_in(r, &li);
	default: return 0;
	}
}

static int year_of(int64_t ms)
{
	int y = 1970 + (int)(ms / (RTIME_DAY_MS * 365));

	while (y > 1970 && rtime_days_from_civil(y, 1, 1) * RTIME_DAY_MS > ms)
		y--;
	while (rtime_days_from_civil(y + 1, 1, 1) * RTIME_DAY_MS <= ms)
		y++;
	return y;
}

int kernel_log_detect(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	struct yearctx yc = { 2000, 0, 2000 };

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		size_t n = (size_t)(e - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (maybe_oom(p, n)) {
			struct line li;
			const char *at, *kind;
			enum oomline t;

			parse_prefix(p, n, &yc, &li);
			t = classify(&li, &at, &kind);
			/* bare messages (docs, notes quoting the kernel) do not make a kernel log */
			if (li.prefixed && t != OL_NONE && t != OL_MEMINFO)
				return 1;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

static int line_cb(void *ctx, const char *s, size_t n, int64_t line)
{
	struct reader *r = ctx;

	r->lineno = line;
	return on_line(r, s, n);
}

int ingest_kernel_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		      struct ingest_stats *st)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.o = o;
	r.sink = sink;
	r.st = st;
	r.yc.year = o->year;
	r.yc.mtime = in->mtime > 0 ? in->mtime : rtime_now_ms();
	r.yc.mtime_year = year_of(r.yc.mtime);
	block_reset(&r.blk);
	rc = textlines_each(in, st, line_cb, &r);
	if (!rc)
		rc = kill_close(&r);
	if (!rc)
		rc = flush_later(&r);
	if (!rc && r.bad_dates)
		rs_warn("%s: %d OOM kill%s a date rightsize does not understand (a localized `dmesg -T`?), so %s "
			"unknown; `LC_ALL=C dmesg -T` writes English dates",
			in->name, r.bad_dates, r.bad_dates == 1 ? " has" : "s have",
			r.bad_dates == 1 ? "its time is" : "their times are");
	free(r.later);
	return rc;
}
