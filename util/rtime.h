/*
 * rtime.h - time stamps as exports write them, as int64 milliseconds since
 * the Unix epoch (UTC) inside rightsize.
 */
#ifndef RS_RTIME_H
#define RS_RTIME_H

#include <stddef.h>
#include <stdint.h>

/* How a numeric epoch is scaled; AUTO decides by magnitude (see rtime.c). */
enum rtime_epoch { RTIME_AUTO, RTIME_S, RTIME_MS, RTIME_US, RTIME_NS };

/*
 * The zone for times written without one (Grafana's formatted
 * "YYYY-MM-DD HH:mm:ss"): "UTC" (default), a fixed offset "+02:00" /
 * "-0530", or an IANA name such as "Europe/Berlin" (looked up through the
 * C library's TZ database). Returns 0, or -1 with a message.
 */
int rtime_set_zone(const char *zone);

/*
 * Parse one time cell: an epoch number (integer or fractional, scaled by
 * `epoch`), RFC 3339 / ISO 8601 ("2026-11-14T09:00:01Z",
 * "2018-12-12T12:00:00+11:00", "2026-11-14 09:00:01", fractions allowed),
 * or Go's time.String() ("2023-03-15 13:00:01 +0000 UTC", optionally
 * followed by a monotonic " m=+0.11"). Returns 0 and sets *ms, or -1.
 */
int rtime_parse(const char *s, size_t len, enum rtime_epoch epoch, int64_t *ms);

/*
 * Parse a user-given instant for --as-of/--since: anything rtime_parse
 * takes, plus "now". Returns 0 or -1.
 */
int rtime_parse_arg(const char *s, int64_t now_ms, int64_t *ms);

/* Parse a duration such as "14d", "36h", "90m", "2w". Returns 0 or -1. */
int rtime_parse_duration(const char *s, int64_t *ms);

/* RFC 3339 UTC: "2026-11-14T09:00:01Z", with ".250" when ms != 0. */
char *rtime_format(int64_t ms, char *buf, size_t buflen);
/* Short form for tables: "2026-11-14 09:00". */
char *rtime_format_short(int64_t ms, char *buf, size_t buflen);
/* The same to the second, for events seconds apart: "2026-11-14 09:00:04". */
char *rtime_format_seconds(int64_t ms, char *buf, size_t buflen);

/* Days since the epoch for a civil date (proleptic Gregorian). */
int64_t rtime_days_from_civil(int64_t y, unsigned m, unsigned d);

int64_t rtime_now_ms(void);

#define RTIME_DAY_MS INT64_C(86400000)

#endif
