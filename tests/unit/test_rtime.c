/* test_rtime.c - util/rtime: time stamps as exports write them, in UTC milliseconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "util/rtime.h"

/* 2026-11-14T09:00:01Z */
#define T_2026_11_14_090001 INT64_C(1794646801000)
#define HOUR INT64_C(3600000)

#define assert_time(text, expected)                                                                       \
	do {                                                                                              \
		int64_t t_ = -1;                                                                          \
		if (rtime_parse((text), strlen(text), RTIME_AUTO, &t_) != 0)                              \
			fail_msg("rtime_parse(\"%s\") refused a valid time", (text));                     \
		if (t_ != (int64_t)(expected))                                                            \
			fail_msg("rtime_parse(\"%s\") = %lld, expected %lld", (text), (long long)t_,      \
				 (long long)(expected));                                                  \
	} while (0)

#define assert_time_as(text, epoch, expected)                                                             \
	do {                                                                                              \
		int64_t t_ = -1;                                                                          \
		assert_int_equal(rtime_parse((text), strlen(text), (epoch), &t_), 0);                     \
		if (t_ != (int64_t)(expected))                                                            \
			fail_msg("rtime_parse(\"%s\", %d) = %lld, expected %lld", (text), (int)(epoch),   \
				 (long long)t_, (long long)(expected));                                   \
	} while (0)

#define assert_not_time(text)                                                                             \
	do {                                                                                              \
		int64_t t_ = 42;                                                                          \
		if (rtime_parse((text), strlen(text), RTIME_AUTO, &t_) != -1)                             \
			fail_msg("rtime_parse(\"%s\") accepted junk as %lld", (text), (long long)t_);     \
		assert_true(t_ == 42);                                                                    \
	} while (0)

#define assert_formats(ms, expected)                                                                      \
	do {                                                                                              \
		char b_[40];                                                                              \
		assert_string_equal(rtime_format((ms), b_, sizeof(b_)), (expected));                      \
	} while (0)

/* Every test leaves the zone for naive times at UTC, whatever happens. */
static int reset_zone(void **state)
{
	(void)state;
	return rtime_set_zone("UTC");
}

static void parse_reads_epoch_seconds_and_milliseconds_by_magnitude(void **state)
{
	(void)state;
	assert_time("1589324745", INT64_C(1589324745000));
	assert_time("1589324745157", INT64_C(1589324745157));
	assert_time("0", 0);
	/* Just below 1e11: still seconds (year 5138). */
	assert_time("99999999999", INT64_C(99999999999000));
	/* 1e11 and up: milliseconds. */
	assert_time("100000000000", INT64_C(100000000000));
}

static void parse_rounds_fractional_epoch_milliseconds(void **state)
{
	(void)state;
	assert_time("1589324745157.7249", INT64_C(1589324745158));
	assert_time("1589324745157.2", INT64_C(1589324745157));
	assert_time("1589324745.5", INT64_C(1589324745500));
	assert_time("1.589324745e9", INT64_C(1589324745000));
}

static void parse_reads_epoch_micro_and_nanoseconds_by_magnitude(void **state)
{
	(void)state;
	assert_time("1589324745157724", INT64_C(1589324745158));
	assert_time("1589324745157000", INT64_C(1589324745157));
	assert_time("1589324745157724900", INT64_C(1589324745158));
	assert_time("1589324745000000000", INT64_C(1589324745000));
}

static void parse_honours_an_explicit_epoch_unit(void **state)
{
	(void)state;
	assert_time_as("1000", RTIME_MS, 1000);
	assert_time_as("1000", RTIME_S, 1000000);
	assert_time_as("1000000", RTIME_US, 1000);
	assert_time_as("1000000000", RTIME_NS, 1000);
}

static void parse_reads_rfc3339_utc(void **state)
{
	(void)state;
	assert_time("2026-11-14T09:00:01Z", T_2026_11_14_090001);
	assert_time("2026-11-14t09:00:01z", T_2026_11_14_090001);
	assert_time("2015-06-11T11:50:00.000Z", INT64_C(1434023400000));
	assert_time("2026-11-14T09:00:01.5Z", T_2026_11_14_090001 + 500);
	assert_time("2026-11-14T09:00:01,250Z", T_2026_11_14_090001 + 250);
	assert_time("  2026-11-14T09:00:01Z\r", T_2026_11_14_090001);
}

static void parse_applies_rfc3339_offsets(void **state)
{
	(void)state;
	assert_time("2018-12-12T12:00:00+11:00", INT64_C(1544576400000));
	assert_time("2026-11-14T10:00:01+01:00", T_2026_11_14_090001);
	assert_time("2026-11-14T03:30:01-05:30", T_2026_11_14_090001);
	assert_time("2026-11-14T14:30:01+0530", T_2026_11_14_090001);
}

static void parse_reads_naive_times_as_utc_by_default(void **state)
{
	(void)state;
	assert_time("2026-11-14 09:00:01", T_2026_11_14_090001);
	assert_time("2026-11-14 09:00", T_2026_11_14_090001 - 1000);
	assert_time("2026-11-14", T_2026_11_14_090001 - 9 * HOUR - 1000);
}

static void parse_reads_naive_times_in_a_fixed_offset_zone(void **state)
{
	(void)state;
	assert_int_equal(rtime_set_zone("+02:00"), 0);
	assert_time("2026-11-14 09:00:01", T_2026_11_14_090001 - 2 * HOUR);
	/* An explicit zone still wins over the default zone. */
	assert_time("2026-11-14T09:00:01Z", T_2026_11_14_090001);
	assert_int_equal(rtime_set_zone("-0530"), 0);
	assert_time("2026-11-14 09:00:01", T_2026_11_14_090001 + 5 * HOUR + 30 * 60000);
	assert_int_equal(rtime_set_zone("UTC"), 0);
	assert_time("2026-11-14 09:00:01", T_2026_11_14_090001);
}

static void parse_reads_naive_times_in_an_iana_zone_across_dst(void **state)
{
	(void)state;
	assert_int_equal(rtime_set_zone("Europe/Berlin"), 0);
	/* 2026-03-29: clocks go from 02:00 CET to 03:00 CEST. */
	assert_time("2026-03-29 01:30:00", INT64_C(1774744200000));        /* 00:30Z, UTC+1 */
	assert_time("2026-03-29 03:30:00", INT64_C(1774744200000) + HOUR); /* 01:30Z, UTC+2 */
	/* Winter and summer time elsewhere in the year. */
	assert_time("2026-11-14 10:00:01", T_2026_11_14_090001);
	assert_time("2026-07-01 12:00:00", INT64_C(1782900000000)); /* 10:00Z */
	assert_int_equal(rtime_set_zone("UTC"), 0);
	assert_time("2026-03-29 01:30:00", INT64_C(1774744200000) + HOUR);
}

static void set_zone_refuses_unknown_zones(void **state)
{
	(void)state;
	assert_int_equal(rtime_set_zone("Mars/Olympus_Mons"), -1);
	assert_int_equal(rtime_set_zone("../../etc/passwd"), -1);
	assert_int_equal(rtime_set_zone("+25:00"), -1);
	/* The zone in force is unchanged (UTC). */
	assert_time("2026-11-14 09:00:01", T_2026_11_14_090001);
}

/*
 * Regression (fixed): naive_to_utc() caches the UTC offset per local hour in a static
 * that rtime_set_zone() never clears. After "Europe/Berlin" has been used
 * for 2026-03-28 18:xx, switching to "America/New_York" reuses Berlin's
 * +01:00 for the same local hour: "2026-03-28 18:15:00" gives 17:15Z
 * instead of 22:15Z (New York is UTC-4 then).
 */
static void set_zone_forgets_the_previous_zones_offsets(void **state)
{
	(void)state;
	assert_int_equal(rtime_set_zone("Europe/Berlin"), 0);
	assert_time("2026-03-28 18:15:00", INT64_C(1774718100000)); /* 17:15Z */
	assert_int_equal(rtime_set_zone("America/New_York"), 0);
	assert_time("2026-03-28 18:15:00", INT64_C(1774736100000)); /* 22:15Z */
}

/*
 * Regression (fixed): for naive times before 1970 in an IANA zone the hour cache key is
 * computed with truncating division (local / 3600000), which rounds
 * negative times towards zero, so the offset is off by one hour:
 * "1969-12-31 23:30:00" in Europe/Berlin (UTC+1) gives 21:30Z
 * (-9000000) instead of 22:30Z (-5400000).
 */
static void parse_reads_naive_pre_1970_times_in_an_iana_zone(void **state)
{
	(void)state;
	assert_int_equal(rtime_set_zone("Europe/Berlin"), 0);
	assert_time("1969-12-31 23:30:00", INT64_C(-5400000));
}

static void parse_reads_go_time_strings(void **state)
{
	(void)state;
	assert_time("2023-03-15 13:00:01 +0000 UTC", INT64_C(1678885201000));
	assert_time("2022-08-22 03:51:19.607158889 +0000 UTC m=+0.113112869", INT64_C(1661140279607));
	assert_time("2023-03-15 14:00:01 +0100 CET", INT64_C(1678885201000));
	/* The explicit +0000 wins over a configured default zone. */
	assert_int_equal(rtime_set_zone("+02:00"), 0);
	assert_time("2023-03-15 13:00:01 +0000 UTC", INT64_C(1678885201000));
}

static void parse_refuses_what_is_not_a_time(void **state)
{
	(void)state;
	assert_not_time("2026-13-01");
	assert_not_time("2026-00-10");
	assert_not_time("2026-11-32");
	assert_not_time("2026-11-14T25:00:00Z");
	assert_not_time("2026-11-14T09:60:00Z");
	assert_not_time("2026-11-14T09:00:01+25:00");
	assert_not_time("2026-11-14T09:00:01Zjunk");
	assert_not_time("2026-11-14T09:00:01.Z");
	assert_not_time("yesterday");
	assert_not_time("");
	assert_not_time("   ");
	assert_not_time("12:00");
	assert_not_time("-5");
	assert_not_time("1e999");
}

/*
 * Regression (fixed): the calendar parser checks the day against 1..31 only, so a day
 * that does not exist in its month is accepted and silently moved into the
 * next month: "2026-02-30T00:00:00Z" parses as 2026-03-02T00:00:00Z.
 */
static void parse_refuses_days_that_do_not_exist_in_the_month(void **state)
{
	(void)state;
	assert_not_time("2026-02-30T00:00:00Z");
	assert_not_time("2026-04-31 12:00:00");
	assert_not_time("2025-02-29");
}

static void parse_accepts_leap_days(void **state)
{
	(void)state;
	assert_time("2024-02-29T00:00:00Z", INT64_C(19782) * RTIME_DAY_MS);
	assert_time("2000-02-29T00:00:00Z", INT64_C(11016) * RTIME_DAY_MS);
}

static void parse_arg_reads_now(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(rtime_parse_arg("now", 123456, &t), 0);
	assert_true(t == 123456);
	assert_int_equal(rtime_parse_arg("2026-11-14T09:00:01Z", 0, &t), 0);
	assert_true(t == T_2026_11_14_090001);
	assert_int_equal(rtime_parse_arg("tomorrow", 0, &t), -1);
}

static void format_writes_rfc3339_utc_with_milliseconds_when_needed(void **state)
{
	(void)state;
	assert_formats(0, "1970-01-01T00:00:00Z");
	assert_formats(T_2026_11_14_090001, "2026-11-14T09:00:01Z");
	assert_formats(INT64_C(1589324745158), "2020-05-12T23:05:45.158Z");
	assert_formats(T_2026_11_14_090001 + 7, "2026-11-14T09:00:01.007Z");
}

static void format_writes_times_before_1970(void **state)
{
	(void)state;
	assert_formats(-1, "1969-12-31T23:59:59.999Z");
	assert_formats(-RTIME_DAY_MS, "1969-12-31T00:00:00Z");
	assert_formats(-RTIME_DAY_MS - 1, "1969-12-30T23:59:59.999Z");
	assert_formats(INT64_C(-135080) * RTIME_DAY_MS, "1600-03-01T00:00:00Z");
}

static void format_and_parse_round_trip(void **state)
{
	static const int64_t times[] = {
		0, 1, 999, 1000, -1, -999, -1000, -1001, INT64_C(-86400000), INT64_C(-86400001),
		T_2026_11_14_090001, T_2026_11_14_090001 + 250, INT64_C(1589324745158), INT64_C(951782400000),
		INT64_C(-11670912000000), INT64_C(253402300799999),
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		char buf[40];
		int64_t back = 0;

		rtime_format(times[i], buf, sizeof(buf));
		if (rtime_parse(buf, strlen(buf), RTIME_AUTO, &back) != 0 || back != times[i])
			fail_msg("%lld -> \"%s\" -> %lld", (long long)times[i], buf, (long long)back);
	}
}

static void format_short_writes_minutes(void **state)
{
	char buf[40];

	(void)state;
	assert_string_equal(rtime_format_short(T_2026_11_14_090001 + 59000, buf, sizeof(buf)), "2026-11-14 09:01");
	assert_string_equal(rtime_format_short(-1, buf, sizeof(buf)), "1969-12-31 23:59");
}

static void parse_duration_reads_weeks_days_hours_minutes_seconds(void **state)
{
	int64_t ms = 0;

	(void)state;
	assert_int_equal(rtime_parse_duration("14d", &ms), 0);
	assert_true(ms == INT64_C(1209600000));
	assert_int_equal(rtime_parse_duration("36h", &ms), 0);
	assert_true(ms == INT64_C(129600000));
	assert_int_equal(rtime_parse_duration("90m", &ms), 0);
	assert_true(ms == INT64_C(5400000));
	assert_int_equal(rtime_parse_duration("2w", &ms), 0);
	assert_true(ms == INT64_C(1209600000));
	assert_int_equal(rtime_parse_duration("30s", &ms), 0);
	assert_true(ms == INT64_C(30000));
	assert_int_equal(rtime_parse_duration("1.5h", &ms), 0);
	assert_true(ms == INT64_C(5400000));
}

static void parse_duration_refuses_bare_numbers_and_negatives(void **state)
{
	static const char *const bad[] = { "14", "-1d", "0d", "", "d", "1y", "14 d", "14dd", "nand", "infd" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t ms = 77;

		if (rtime_parse_duration(bad[i], &ms) != -1)
			fail_msg("rtime_parse_duration(\"%s\") accepted %lld", bad[i], (long long)ms);
		assert_true(ms == 77);
	}
}

static void days_from_civil_matches_known_dates(void **state)
{
	(void)state;
	assert_true(rtime_days_from_civil(1970, 1, 1) == 0);
	assert_true(rtime_days_from_civil(1970, 1, 2) == 1);
	assert_true(rtime_days_from_civil(1969, 12, 31) == -1);
	assert_true(rtime_days_from_civil(2000, 3, 1) == 11017);
	assert_true(rtime_days_from_civil(2000, 2, 29) == 11016);
	assert_true(rtime_days_from_civil(2026, 11, 14) == 20771);
	assert_true(rtime_days_from_civil(1600, 3, 1) == -135080);
}

#define T(f) cmocka_unit_test_teardown(f, reset_zone)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(parse_reads_epoch_seconds_and_milliseconds_by_magnitude),
		T(parse_rounds_fractional_epoch_milliseconds),
		T(parse_reads_epoch_micro_and_nanoseconds_by_magnitude),
		T(parse_honours_an_explicit_epoch_unit),
		T(parse_reads_rfc3339_utc),
		T(parse_applies_rfc3339_offsets),
		T(parse_reads_naive_times_as_utc_by_default),
		T(parse_reads_naive_times_in_a_fixed_offset_zone),
		T(parse_reads_naive_times_in_an_iana_zone_across_dst),
		T(set_zone_refuses_unknown_zones),
		T(set_zone_forgets_the_previous_zones_offsets),
		T(parse_reads_naive_pre_1970_times_in_an_iana_zone),
		T(parse_reads_go_time_strings),
		T(parse_refuses_what_is_not_a_time),
		T(parse_refuses_days_that_do_not_exist_in_the_month),
		T(parse_accepts_leap_days),
		T(parse_arg_reads_now),
		T(format_writes_rfc3339_utc_with_milliseconds_when_needed),
		T(format_writes_times_before_1970),
		T(format_and_parse_round_trip),
		T(format_short_writes_minutes),
		T(parse_duration_reads_weeks_days_hours_minutes_seconds),
		T(parse_duration_refuses_bare_numbers_and_negatives),
		T(days_from_civil_matches_known_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
