/* rtime.c - time parsing and formatting; see rtime.h. */
#include "rtime.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Zone for naive times: fixed offset in ms, or the C library's TZ. */
static int64_t zone_offset_ms;
static int zone_is_tzdb;
/* The offset of the last local hour converted through the TZ database. */
static int64_t cache_hour = INT64_MIN, cache_off;

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int64_t rtime_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	/* Shift the year to start in March so the leap day is last. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * ((int64_t)m + (m > 2 ? -3 : 9)) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int parse_offset(const char *s, size_t len, int64_t *off_ms)
{
	int sign, hh, mm = 0;

	if (len < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return -1;
	hh = (s[1] - '0') * 10 + (s[2] - '0');
	s += 3;
	len -= 3;
	if (len && *s == ':')
		s++, len--;
	if (len == 2 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1])) {
		mm = (s[0] - '0') * 10 + (s[1] - '0');
		len = 0;
	}
	if (len || hh > 23 || mm > 59)
		return -1;
	*off_ms = sign * ((int64_t)hh * 3600 + mm * 60) * 1000;
	return 0;
}

int rtime_set_zone(const char *zone)
{
	cache_hour = INT64_MIN;
	if (!zone || !*zone || strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0) {
		zone_offset_ms = 0;
		zone_is_tzdb = 0;
		return 0;
	}
	if (parse_offset(zone, strlen(zone), &zone_offset_ms) == 0) {
		zone_is_tzdb = 0;
		return 0;
	}
	/* An IANA name: make sure the database knows it. */
	{
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
		if (strstr(zone, "..") || !(f = fopen(path, "rb")))
			return rs_error("--tz: unknown time zone \"%s\" (use UTC, an offset such as +02:00, "
					"or a name such as Europe/Berlin)", zone);
		fclose(f);
	}
	if (setenv("TZ", zone, 1) != 0)
		return rs_error("--tz: cannot set TZ=%s", zone);
	tzset();
	zone_is_tzdb = 1;
	return 0;
}

/* UTC ms for a naive local time in the configured zone. */
static int64_t naive_to_utc(int64_t y, unsigned mo, unsigned d, int h, int mi, int64_t sec_ms)
{
	int64_t days = rtime_days_from_civil(y, mo, d);
	int64_t local = ((days * 24 + h) * 60 + mi) * 60000 + sec_ms;
	int64_t hour = floor_div(local, 3600000);

	if (!zone_is_tzdb)
		return local - zone_offset_ms;
	/* One mktime() per distinct local hour: exports are sorted by time. */
	if (hour != cache_hour) {
		struct tm tm;
		time_t t;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = (int)(y - 1900);
		tm.tm_mon = (int)mo - 1;
		tm.tm_mday = (int)d;
		tm.tm_hour = h;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		cache_hour = hour;
		cache_off = hour * 3600000 - (int64_t)t * 1000;
	}
	return local - cache_off;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static int digits(const char *s, size_t len, size_t n, int *out)
{
	int v = 0;
	size_t i;

	if (len < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int parse_calendar(const char *s, size_t len, int64_t *ms)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int64_t frac_ms = 0, off = 0;
	int have_zone = 0;
	size_t i = 0;

	if (digits(s, len, 4, &y) || len < 10 || s[4] != '-' || digits(s + 5, len - 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, len - 8, 2, &d))
		return -1;
	i = 10;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (i < len && (s[i] == 'T' || s[i] == ' ' || s[i] == 't')) {
		i++;
		if (digits(s + i, len - i, 2, &h) || i + 5 > len || s[i + 2] != ':' ||
		    digits(s + i + 3, len - i - 3, 2, &mi))
			return -1;
		i += 5;
		if (i < len && s[i] == ':') {
			if (digits(s + i + 1, len - i - 1, 2, &sec))
				return -1;
			i += 3;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				int64_t scale = 100;

				i++;
				if (i >= len || !isdigit((unsigned char)s[i]))
					return -1;
				for (; i < len && isdigit((unsigned char)s[i]); i++) {
					frac_ms += (s[i] - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
	}
	/* Zone: "Z", "+01:00", "+0100", or Go's " +0000 UTC" (the name after is informative). */
	while (i < len && s[i] == ' ')
		i++;
	if (i < len) {
		if (s[i] == 'Z' || s[i] == 'z') {
			have_zone = 1;
			i++;
		} else if (s[i] == '+' || s[i] == '-') {
			size_t j = i + 1;

			while (j < len && (isdigit((unsigned char)s[j]) || s[j] == ':'))
				j++;
			if (parse_offset(s + i, j - i, &off))
				return -1;
			have_zone = 1;
			i = j;
		} else if (len - i >= 3 && memcmp(s + i, "UTC", 3) == 0) {
			have_zone = 1;
			i += 3;
		}
		/* Go: " UTC" or " CEST" zone abbreviation, then " m=+0.113". */
		while (i < len && s[i] == ' ')
			i++;
		if (have_zone && i < len && isupper((unsigned char)s[i])) {
			while (i < len && isalpha((unsigned char)s[i]))
				i++;
			while (i < len && s[i] == ' ')
				i++;
		}
		if (i + 2 < len && s[i] == 'm' && s[i + 1] == '=')
			i = len;
		if (i != len)
			return -1;
	}
	if (!have_zone) {
		*ms = naive_to_utc(y, (unsigned)mo, (unsigned)d, h, mi, (int64_t)sec * 1000 + frac_ms);
		return 0;
	}
	*ms = ((rtime_days_from_civil(y, (unsigned)mo, (unsigned)d) * 24 + h) * 60 + mi) * 60000 +
	      (int64_t)sec * 1000 + frac_ms - off;
	return 0;
}

/* Fast path for the common integer epoch. */
static int parse_epoch(const char *s, size_t len, enum rtime_epoch epoch, int64_t *ms)
{
	double v, scale;
	int64_t iv = 0;
	size_t i;
	int integral = 1;
	char tmp[64];
	char *end;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			integral = 0;
			break;
		}
		if (iv > INT64_MAX / 10 - 10)
			return -1;
		iv = iv * 10 + (s[i] - '0');
	}
	if (integral) {
		v = (double)iv;
	} else {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		errno = 0;
		v = strtod(tmp, &end);
		if (*end || end == tmp || errno || !isfinite(v) || v < 0)
			return -1;
	}
	if (epoch == RTIME_AUTO) {
		/* Seconds up to year 5138, ms up to 5138, then us, then ns. */
		if (v < 1e11)
			epoch = RTIME_S;
		else if (v < 1e14)
			epoch = RTIME_MS;
		else if (v < 1e17)
			epoch = RTIME_US;
		else
			epoch = RTIME_NS;
	}
	switch (epoch) {
	case RTIME_S: scale = 1e3; break;
	case RTIME_MS: scale = 1; break;
	case RTIME_US: scale = 1e-3; break;
	default: scale = 1e-6; break;
	}
	/* Beyond the int64 milliseconds' range (year 292 million) is not a time. */
	if (!(fabs(v * scale) < 9.2e18))
		return -1;
	if (integral && epoch == RTIME_MS)
		*ms = iv;
	else if (integral && epoch == RTIME_S)
		*ms = iv * 1000;
	else
		*ms = (int64_t)llround(v * scale);
	return 0;
}

int rtime_parse(const char *s, size_t len, enum rtime_epoch epoch, int64_t *ms)
{
	size_t i;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return -1;
	if (len >= 10 && s[4] == '-' && isdigit((unsigned char)s[0]))
		return parse_calendar(s, len, ms);
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '.' && s[i] != 'e' && s[i] != 'E' && s[i] != '+')
			return -1;
	return parse_epoch(s, len, epoch, ms);
}

int rtime_parse_arg(const char *s, int64_t now_ms, int64_t *ms)
{
	if (strcmp(s, "now") == 0) {
		*ms = now_ms;
		return 0;
	}
	return rtime_parse(s, strlen(s), RTIME_AUTO, ms);
}

int rtime_parse_duration(const char *s, int64_t *ms)
{
	char *end;
	double v;
	int64_t unit;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v <= 0)
		return -1;
	if (strcmp(end, "w") == 0)
		unit = 7 * RTIME_DAY_MS;
	else if (strcmp(end, "d") == 0)
		unit = RTIME_DAY_MS;
	else if (strcmp(end, "h") == 0)
		unit = 3600000;
	else if (strcmp(end, "m") == 0)
		unit = 60000;
	else if (strcmp(end, "s") == 0)
		unit = 1000;
	else
		return -1;
	if (!(v * (double)unit < 9.2e18))
		return -1;
	*ms = (int64_t)llround(v * (double)unit);
	return 0;
}

static void split(int64_t ms, int64_t *y, unsigned *mo, unsigned *d, int *h, int *mi, int *sec, int *msec)
{
	int64_t days = ms >= 0 ? ms / RTIME_DAY_MS : -((-ms + RTIME_DAY_MS - 1) / RTIME_DAY_MS);
	int64_t rem = ms - days * RTIME_DAY_MS;

	civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600000);
	*mi = (int)(rem / 60000 % 60);
	*sec = (int)(rem / 1000 % 60);
	*msec = (int)(rem % 1000);
}

char *rtime_format(int64_t ms, char *buf, size_t buflen)
{
	int64_t y;
	unsigned mo, d;
	int h, mi, sec, msec;

	split(ms, &y, &mo, &d, &h, &mi, &sec, &msec);
	if (msec)
		snprintf(buf, buflen, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", (long long)y, mo, d, h, mi, sec, msec);
	else
		snprintf(buf, buflen, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, sec);
	return buf;
}

char *rtime_format_short(int64_t ms, char *buf, size_t buflen)
{
	int64_t y;
	unsigned mo, d;
	int h, mi, sec, msec;

	split(ms, &y, &mo, &d, &h, &mi, &sec, &msec);
	snprintf(buf, buflen, "%04lld-%02u-%02u %02d:%02d", (long long)y, mo, d, h, mi);
	return buf;
}

char *rtime_format_seconds(int64_t ms, char *buf, size_t buflen)
{
	int64_t y;
	unsigned mo, d;
	int h, mi, sec, msec;

	split(ms, &y, &mo, &d, &h, &mi, &sec, &msec);
	snprintf(buf, buflen, "%04lld-%02u-%02u %02d:%02d:%02d", (long long)y, mo, d, h, mi, sec);
	return buf;
}

int64_t rtime_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
