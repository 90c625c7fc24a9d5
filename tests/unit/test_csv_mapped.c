/* test_csv_mapped.c - ingest: any CSV read through a --time-col/--value-col column mapping (--format csv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "ingest/ingest.h"
#include "util/log.h"
#include "util/rtime.h"

#define KI 1024.0
#define MI 1048576.0
#define GI 1073741824.0
/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)

/* The options of `--format csv`, the format that a column mapping goes with. */
static int setup(void **state)
{
	if (cap_setup(state))
		return -1;
	((struct capture *)*state)->o.format = INGEST_MAPPED_CSV;
	return 0;
}

/* Tests that set a zone (rtime_set_zone) leave UTC behind for the next. */
static int teardown(void **state)
{
	rtime_set_zone("UTC");
	return cap_teardown(state);
}

static int run(struct capture *c, const char *text, char delim)
{
	return cap_read(c, ingest_csv_mapped, "test.csv", text, delim);
}

/* ---- columns ------------------------------------------------------------ */

static void a_column_is_found_by_its_header_name(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "when";
	c->o.value_col = "rss";
	assert_int_equal(run(c, "rss,cpu,when\n100,0.5,1794646800\n200,0.7,1794646830\n", ','), 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].metric, "memory_usage");
	assert_int_equal(c->series[0].role, STORE_USAGE);
	assert_string_equal(c->series[0].source, "csv");
	cap_assert_sample(c, 0, 1, T0, 100);
	cap_assert_sample(c, 1, 1, T0 + 30000, 200);
	cap_assert_counts(c, 2, 2, 0, 0);
	assert_true(c->st.f.t_min == T0 && c->st.f.t_max == T0 + 30000);
}

static void a_header_name_matches_regardless_of_case(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "TIME";
	c->o.value_col = "Memory";
	assert_int_equal(run(c, "time,memory\n1794646800,100\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 100);
}

static void a_column_is_found_by_its_number_counted_from_one(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "3";
	c->o.value_col = "1";
	assert_int_equal(run(c, "rss,cpu,when\n100,0.5,1794646800\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 100);
}

static void header_names_and_fields_are_matched_after_trimming_blanks_and_quotes(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "Time stamp";
	c->o.value_col = "Used [KB]";
	c->o.unit = UNIT_KIB;
	assert_int_equal(run(c, " \"Time stamp\" , 'Used [KB]'\t\n 1794646800 ,\t 2 \r\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 2 * KI);
}

static void semicolons_padded_with_tabs_split_at_the_semicolons(void **state)
{
	struct capture *c = *state;

	/* Detection calls such a header TAB-separated: the reader sees through it. */
	c->o.time_col = "Timestamp [ms]";
	c->o.value_col = "Memory usage [KB]";
	c->o.unit = UNIT_KIB;
	assert_int_equal(run(c, "Timestamp [ms];\tCPU cores;\tMemory usage [KB]\n1794646800;\t2;\t1.5\n", '\t'), 0);
	cap_assert_sample(c, 0, 1, T0, 1.5 * KI);
	cap_assert_counts(c, 1, 1, 0, 0);
}

static void a_given_delimiter_is_used_as_given(void **state)
{
	struct capture *c = *state;

	c->o.delimiter = '|';
	c->o.time_col = "t";
	c->o.value_col = "v";
	assert_int_equal(run(c, "t|v\n1794646800|7\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 7);
}

static void quoted_fields_may_hold_the_delimiter(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "p" };
	c->o.nid_cols = 1;
	assert_int_equal(run(c, "p,t,v\n\"a,b\",1794646800,7\n", ','), 0);
	assert_string_equal(c->series[0].pod, "a,b");
	cap_assert_sample(c, 0, 1, T0, 7);
}

static void an_excel_sep_line_is_skipped(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	assert_int_equal(run(c, "sep=;\nt;v\n1794646800;7\n", ';'), 0);
	cap_assert_sample(c, 0, 1, T0, 7);
}

static void without_a_header_the_first_line_is_data(void **state)
{
	struct capture *c = *state;

	c->o.no_header = 1;
	c->o.time_col = "2";
	c->o.value_col = "1";
	assert_int_equal(run(c, "100,1794646800\n200,1794646830\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 100);
	cap_assert_sample(c, 1, 1, T0 + 30000, 200);
	cap_assert_counts(c, 2, 2, 0, 0);
}

static void without_a_header_a_column_name_is_refused(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.no_header = 1;
	c->o.time_col = "time";
	c->o.value_col = "1";
	cap_stderr_begin();
	assert_int_equal(run(c, "100,1794646800\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "--time-col \"time\": with --no-header, columns are numbers (1 to 2)");
	assert_int_equal(c->nsamples, 0);
	free(err);
}

static void a_column_that_does_not_exist_is_named_with_the_header_s_columns(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "time";
	c->o.value_col = "memory";
	cap_stderr_begin();
	assert_int_equal(run(c, "time,\"rss\",cpu\n1794646800,1,2\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:1: --value-col \"memory\": no such column; the header's columns are: "
			     "\"time\", \"rss\", \"cpu\"");
	assert_int_equal(c->nseries, 0);
	free(err);
}

static void a_column_number_beyond_the_header_is_an_error(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "1";
	c->o.value_col = "4";
	cap_stderr_begin();
	assert_int_equal(run(c, "time,rss,cpu\n1794646800,1,2\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "--value-col \"4\": the header has 3 columns");
	free(err);
}

static void an_id_column_that_does_not_exist_is_named_with_its_label(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "time";
	c->o.value_col = "rss";
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "pod_name" };
	c->o.nid_cols = 1;
	cap_stderr_begin();
	assert_int_equal(run(c, "time,rss,pod\n1794646800,1,a\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "--id-col pod=\"pod_name\": no such column");
	free(err);
}

static void an_empty_file_is_an_error(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	cap_stderr_begin();
	assert_int_equal(run(c, "\n\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv: empty file");
	free(err);
}

/* ---- times -------------------------------------------------------------- */

static void epoch_seconds_milliseconds_microseconds_and_nanoseconds_are_scaled_as_told(void **state)
{
	struct capture *c = *state;
	static const struct {
		enum rtime_epoch e;
		const char *cell;
	} cases[] = {
		{ RTIME_S, "1794646800" },
		{ RTIME_MS, "1794646800000" },
		{ RTIME_US, "1794646800000000" },
		{ RTIME_NS, "1794646800000000000" },
		/* told seconds, a small number stays seconds (Alibaba's trace-relative times) */
		{ RTIME_S, "86610" },
	};
	size_t i;
	char text[128];

	c->o.time_col = "t";
	c->o.value_col = "v";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->o.time_epoch = cases[i].e;
		snprintf(text, sizeof(text), "t,v\n%s,5\n", cases[i].cell);
		assert_int_equal(run(c, text, ','), 0);
	}
	/* One reader per file: each run is a new series. */
	for (i = 0; i < 4; i++)
		cap_assert_sample(c, i, (int64_t)i + 1, T0, 5);
	cap_assert_sample(c, 4, 5, INT64_C(86610000), 5);
}

static void epoch_seconds_are_read_even_under_a_header_that_says_milliseconds(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "Timestamp [ms]";
	c->o.value_col = "v";
	c->o.time_epoch = RTIME_S;
	assert_int_equal(run(c, "Timestamp [ms],v\n1375308176,5\n", ','), 0);
	cap_assert_sample(c, 0, 1, INT64_C(1375308176000), 5);
}

static void auto_times_take_epochs_iso_8601_and_go_time_strings(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	assert_int_equal(run(c,
			     "t,v\n"
			     "1794646800,1\n"
			     "1794646800000,2\n"
			     "2026-11-14T10:00:00+01:00,3\n"
			     "2026-11-14 09:00:00 +0000 UTC m=+0.113112869,4\n"
			     "2026-11-14 09:00:00.250,5\n",
			     ','),
			 0);
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_sample(c, 1, 1, T0, 2);
	cap_assert_sample(c, 2, 1, T0, 3);
	cap_assert_sample(c, 3, 1, T0, 4);
	cap_assert_sample(c, 4, 1, T0 + 250, 5);
}

static void iso_8601_refuses_a_bare_number(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_iso = 1;
	cap_stderr_begin();
	assert_int_equal(run(c, "t,v\n2026-11-14T09:00:00Z,1\n1794646800,2\n", ','), 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:3:1: \"1794646800\" is not a time in ISO 8601; skipped");
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_counts(c, 2, 1, 1, 0);
	free(err);
}

static void a_strftime_pattern_reads_naive_times_in_utc(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "date";
	c->o.value_col = "v";
	c->o.time_format = "%d/%m/%Y %H:%M";
	assert_int_equal(run(c, "date,v\n14/11/2026 09:00,1\n14/11/2026 09:01,2\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_sample(c, 1, 1, T0 + 60000, 2);
}

static void a_strftime_pattern_reads_naive_times_in_the_tz_zone(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "date";
	c->o.value_col = "v";
	c->o.time_format = "%d/%m/%Y %H:%M:%S";
	assert_int_equal(rtime_set_zone("+02:00"), 0);
	assert_int_equal(run(c, "date,v\n14/11/2026 11:00:00,1\n", ','), 0);
	/* Berlin: CET (+01:00) in November, CEST (+02:00) in July. */
	assert_int_equal(rtime_set_zone("Europe/Berlin"), 0);
	assert_int_equal(run(c, "date,v\n14/11/2026 10:00:00,2\n14/07/2026 11:00:00,3\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_sample(c, 1, 2, T0, 2);
	/* 2026-07-14T09:00:00Z is 123 days before 2026-11-14T09:00:00Z */
	cap_assert_sample(c, 2, 2, T0 - 123 * RTIME_DAY_MS, 3);
}

static void a_strftime_pattern_with_an_offset_ignores_the_tz_zone(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_format = "%Y-%m-%d %H:%M:%S %z";
	assert_int_equal(rtime_set_zone("+05:00"), 0);
	assert_int_equal(run(c, "t,v\n2026-11-14 04:30:00 -0430,1\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 1);
}

static void a_strftime_pattern_may_be_followed_by_a_fraction_of_a_second(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_format = "%Y%m%d %H%M%S";
	assert_int_equal(run(c, "t,v\n20261114 090000.25,1\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0 + 250, 1);
}

static void a_strftime_pattern_reads_the_date_command_s_format(void **state)
{
	struct capture *c = *state;

	/* Kruize tfb files: "Wed Mar 15 09:42:44 UTC 2023", "Wed Feb  1 13:51:23 UTC 2023" */
	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_format = "%a %b %d %H:%M:%S UTC %Y";
	assert_int_equal(run(c, "t,v\nSat Nov 14 09:00:00 UTC 2026,1\nSun Nov  1 09:00:00 UTC 2026,2\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_sample(c, 1, 1, T0 - 13 * RTIME_DAY_MS, 2);
}

static void a_cell_that_does_not_fit_the_pattern_or_the_calendar_is_a_bad_time(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_format = "%d/%m/%Y";
	cap_stderr_begin();
	assert_int_equal(run(c, "t,v\n31/02/2026,1\n2026-11-14,2\n14/11/2026 junk,3\n14/11/2026,4\n", ','), 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:2:1: \"31/02/2026\" is not a time of the form \"%d/%m/%Y\"; skipped");
	cap_assert_contains(err, "test.csv:3:1: \"2026-11-14\" is not a time");
	cap_assert_contains(err, "test.csv:4:1: \"14/11/2026 junk\" is not a time");
	cap_assert_sample(c, 0, 1, T0 - 9 * 3600000, 4);
	cap_assert_counts(c, 4, 1, 3, 0);
	free(err);
}

static void a_pattern_without_a_year_fails_the_file(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.time_format = "%H:%M";
	cap_stderr_begin();
	assert_int_equal(run(c, "t,v\n09:00,1\n09:01,2\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "--time-format \"%H:%M\" gives no year");
	assert_int_equal(c->nsamples, 0);
	free(err);
}

/* ---- values and units --------------------------------------------------- */

static void each_unit_scales_plain_numbers(void **state)
{
	struct capture *c = *state;
	static const struct {
		enum ingest_unit u;
		double bytes;
	} cases[] = {
		{ UNIT_BYTES, 1.5 }, { UNIT_KIB, 1.5 * KI }, { UNIT_MIB, 1.5 * MI }, { UNIT_GIB, 1.5 * GI },
		{ UNIT_KB, 1500 },   { UNIT_MB, 1.5e6 },      { UNIT_GB, 1.5e9 },
	};
	size_t i;

	c->o.time_col = "t";
	c->o.value_col = "v";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->o.unit = cases[i].u;
		assert_int_equal(run(c, "t,v\n1794646800,1.5\n", ','), 0);
		cap_assert_sample(c, i, (int64_t)i + 1, T0, cases[i].bytes);
	}
}

static void a_cell_with_its_own_unit_keeps_it(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.unit = UNIT_KIB;
	assert_int_equal(run(c, "t,v\n1794646800,412 MiB\n1794646830,2e3\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 412 * MI);
	cap_assert_sample(c, 1, 1, T0 + 30000, 2000 * KI);
}

static void request_and_limit_columns_are_series_of_the_same_identity(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "used";
	c->o.request_col = "req";
	c->o.limit_col = "lim";
	c->o.unit = UNIT_MIB;
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "pod" };
	c->o.nid_cols = 1;
	assert_int_equal(run(c,
			     "t,pod,used,req,lim\n"
			     "1794646800,web-0,100,256,512\n"
			     "1794646830,web-0,110,256,512\n",
			     ','),
			 0);
	assert_int_equal(c->nseries, 3);
	assert_string_equal(c->series[0].metric, "memory_usage");
	assert_int_equal(c->series[0].role, STORE_USAGE);
	assert_string_equal(c->series[1].metric, "memory_requests");
	assert_int_equal(c->series[1].role, STORE_REQUEST);
	assert_string_equal(c->series[2].metric, "memory_limits");
	assert_int_equal(c->series[2].role, STORE_LIMIT);
	assert_string_equal(c->series[2].pod, "web-0");
	assert_string_equal(c->series[2].workload, "web");
	assert_string_equal(c->series[2].kind, "statefulset");
	cap_assert_sample(c, 0, 1, T0, 100 * MI);
	cap_assert_sample(c, 1, 2, T0, 256 * MI);
	cap_assert_sample(c, 2, 3, T0, 512 * MI);
	cap_assert_sample(c, 3, 1, T0 + 30000, 110 * MI);
	cap_assert_sample(c, 5, 3, T0 + 30000, 512 * MI);
	cap_assert_counts(c, 2, 6, 0, 0);
}

static void a_request_or_limit_of_zero_is_not_set(void **state)
{
	struct capture *c = *state;

	/* Bitbrains' glitch rows provision 0 KB: no VM or container has zero memory. */
	c->o.time_col = "t";
	c->o.value_col = "used";
	c->o.request_col = "req";
	c->o.limit_col = "cap";
	c->o.unit = UNIT_KIB;
	assert_int_equal(run(c, "t,used,req,cap\n1794646800,100,0,0.0\n1794646830,100,8,16\n", ','), 0);
	assert_int_equal(c->nseries, 3);
	cap_assert_sample(c, 0, 1, T0, 100 * KI);
	cap_assert_sample(c, 1, 1, T0 + 30000, 100 * KI);
	cap_assert_sample(c, 2, 2, T0 + 30000, 8 * KI);
	cap_assert_sample(c, 3, 3, T0 + 30000, 16 * KI);
	cap_assert_counts(c, 2, 4, 0, 2);
}

static void a_limit_option_gives_every_row_a_limit(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.limit_bytes = 2 * GI;
	assert_int_equal(run(c, "t,v\n1794646800,100\n1794646830,\n", ','), 0);
	assert_int_equal(c->nseries, 2);
	assert_int_equal(c->series[1].role, STORE_LIMIT);
	cap_assert_sample(c, 0, 1, T0, 100);
	cap_assert_sample(c, 1, 2, T0, 2 * GI);
	cap_assert_sample(c, 2, 2, T0 + 30000, 2 * GI);
	cap_assert_counts(c, 2, 3, 0, 1);
}

static void a_percent_is_taken_of_the_row_s_limit_column(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "pct";
	c->o.limit_col = "lim";
	c->o.unit = UNIT_PERCENT;
	/* The limit column is in bytes (or carries its unit); 25% of 1 GiB, 50% of 512 MiB. */
	assert_int_equal(run(c, "t,pct,lim\n1794646800,25,1073741824\n1794646830,50%,512 MiB\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 0.25 * GI);
	cap_assert_sample(c, 1, 2, T0, GI);
	cap_assert_sample(c, 2, 1, T0 + 30000, 256 * MI);
	cap_assert_sample(c, 3, 2, T0 + 30000, 512 * MI);
	cap_assert_counts(c, 2, 4, 0, 0);
}

static void a_percent_is_taken_of_the_limit_option(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "pct";
	c->o.unit = UNIT_PERCENT;
	c->o.limit_bytes = 8 * GI;
	assert_int_equal(run(c, "t,pct\n1794646800,88\n1794646830,150\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 0.88 * 8 * GI);
	cap_assert_sample(c, 1, 2, T0, 8 * GI);
	/* Above 100% is kept: usage can exceed what the percentage is of. */
	cap_assert_sample(c, 2, 1, T0 + 30000, 12 * GI);
}

static void a_percent_row_without_a_limit_is_rejected(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "pct";
	c->o.limit_col = "lim";
	c->o.unit = UNIT_PERCENT;
	cap_stderr_begin();
	assert_int_equal(run(c, "t,pct,lim\n1794646800,25,\n1794646830,25,0\n1794646860,25,400\n", ','), 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:2:3: usage \"25\" is a percent of the limit, but the row has no limit");
	cap_assert_contains(err, "test.csv:3:3: usage \"25\" is a percent of the limit");
	cap_assert_sample(c, 0, 1, T0 + 60000, 100);
	cap_assert_counts(c, 3, 2, 2, 0);
	free(err);
}

static void a_percent_row_with_an_empty_limit_cell_falls_back_to_the_limit_option(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "pct";
	c->o.limit_col = "lim";
	c->o.unit = UNIT_PERCENT;
	c->o.limit_bytes = 1000;
	assert_int_equal(run(c, "t,pct,lim\n1794646800,10,\n1794646830,10,400\n", ','), 0);
	cap_assert_sample(c, 0, 1, T0, 100);
	cap_assert_sample(c, 1, 2, T0, 1000);
	cap_assert_sample(c, 2, 1, T0 + 30000, 40);
	cap_assert_sample(c, 3, 2, T0 + 30000, 400);
	cap_assert_counts(c, 2, 4, 0, 1);
}

static void missing_cells_are_missing_not_zero(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.request_col = "r";
	assert_int_equal(run(c, "t,v,r\n1794646800,,5\n1794646830,null,\n1794646860,NaN,-\n1794646890,7,N/A\n", ','), 0);
	/* The request of the first row is kept although its usage is missing. */
	assert_int_equal(c->nsamples, 2);
	assert_int_equal(c->series[0].role, STORE_REQUEST);
	cap_assert_sample(c, 0, 1, T0, 5);
	cap_assert_sample(c, 1, 2, T0 + 90000, 7);
	cap_assert_counts(c, 4, 2, 0, 6);
}

static void bad_cells_are_reported_with_their_line_and_column(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.limit_col = "l";
	cap_stderr_begin();
	assert_int_equal(run(c,
			     "t,v,l\n"
			     "1794646800,12abc,5\n"
			     "yesterday,5,5\n"
			     "1794646860,-3,5\n"
			     "1794646890,5,lots\n"
			     "1794646920,5\n"
			     "1794646950,6,5\n",
			     ','),
			 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:2:2: \"12abc\" is not a number or a memory size; skipped");
	cap_assert_contains(err, "test.csv:3:1: \"yesterday\" is not a time; skipped");
	cap_assert_contains(err, "test.csv:4:2: \"-3\" is negative; skipped");
	cap_assert_contains(err, "test.csv:5:3: \"lots\" is not a number or a memory size; skipped");
	cap_assert_contains(err, "test.csv:6:1: the row has 2 fields but the header has 3; skipped");
	cap_assert_sample(c, 0, 1, T0 + 150000, 6);
	cap_assert_counts(c, 6, 2, 5, 0);
	free(err);
}

static void strict_mode_fails_the_file_at_the_first_bad_row(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.strict = 1;
	cap_stderr_begin();
	assert_int_equal(run(c, "t,v\n1794646800,1\n1794646830,x\n1794646860,y\n", ','), -1);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:3:2: \"x\" is not a number or a memory size (--strict: the file is rolled back)");
	assert_null(strstr(err, "\"y\""));
	cap_assert_counts(c, 2, 1, 1, 0);
	free(err);
}

/* ---- identity ----------------------------------------------------------- */

static void id_columns_name_cluster_namespace_pod_and_container(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.id_cols[0] = (struct ingest_pair){ "cluster", "k" };
	c->o.id_cols[1] = (struct ingest_pair){ "namespace", "ns" };
	c->o.id_cols[2] = (struct ingest_pair){ "pod", "p" };
	c->o.id_cols[3] = (struct ingest_pair){ "container", "ctr" };
	c->o.nid_cols = 4;
	assert_int_equal(run(c,
			     "k,ns,p,ctr,t,v\n"
			     "prod,shop,web-7d9f8c6b5d-x2x4z,app,1794646800,1\n"
			     "prod,shop,web-7d9f8c6b5d-b7k2q,app,1794646800,2\n"
			     "prod,shop,web-7d9f8c6b5d-x2x4z,app,1794646830,3\n",
			     ','),
			 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].cluster, "prod");
	assert_string_equal(c->series[0].namespace, "shop");
	assert_string_equal(c->series[0].pod, "web-7d9f8c6b5d-x2x4z");
	assert_string_equal(c->series[0].container, "app");
	/* The pod's name gives its Deployment. */
	assert_string_equal(c->series[0].workload, "web");
	assert_string_equal(c->series[0].kind, "deployment");
	assert_int_equal(c->series[0].from_label, 0);
	assert_string_equal(c->series[1].pod, "web-7d9f8c6b5d-b7k2q");
	cap_assert_sample(c, 0, 1, T0, 1);
	cap_assert_sample(c, 1, 2, T0, 2);
	cap_assert_sample(c, 2, 1, T0 + 30000, 3);
}

static void a_workload_column_names_the_workload_and_stands_for_the_pod(void **state)
{
	struct capture *c = *state;

	/* Two aggregated workloads in one namespace with the same container name stay apart. */
	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.id_cols[0] = (struct ingest_pair){ "namespace", "ns" };
	c->o.id_cols[1] = (struct ingest_pair){ "workload", "wl" };
	c->o.id_cols[2] = (struct ingest_pair){ "container", "ctr" };
	c->o.nid_cols = 3;
	assert_int_equal(run(c, "ns,wl,ctr,t,v\namerica,eap-app,app,1794646800,1\namerica,example,app,1794646800,2\n",
			     ','),
			 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].workload, "eap-app");
	assert_int_equal(c->series[0].from_label, 1);
	assert_string_equal(c->series[0].kind, "workload");
	assert_string_equal(c->series[0].pod, "eap-app");
	assert_string_equal(c->series[1].workload, "example");
	assert_string_equal(c->series[1].pod, "example");
	assert_string_equal(c->series[1].container, "app");
}

static void a_row_with_an_empty_id_cell_is_rejected_not_merged(void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.no_header = 1;
	c->o.time_col = "3";
	c->o.value_col = "2";
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "1" };
	c->o.nid_cols = 1;
	cap_stderr_begin();
	assert_int_equal(run(c, "c_1,5,86610\n,6,86620\n<none>,7,86630\nc_1,8,86640\n", ','), 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "test.csv:2:1: the pod column is empty: the row names no pod; skipped");
	cap_assert_contains(err, "test.csv:3:1: the pod column is empty");
	assert_int_equal(c->nseries, 1);
	cap_assert_sample(c, 0, 1, 86610000, 5);
	cap_assert_sample(c, 1, 1, 86640000, 8);
	cap_assert_counts(c, 4, 2, 2, 0);
	free(err);
}

static void without_id_columns_the_file_name_stands_for_the_pod(void **state)
{
	struct capture *c = *state;
	const char *text = "t,v\n1794646800,1\n";

	c->o.time_col = "t";
	c->o.value_col = "v";
	assert_int_equal(cap_read(c, ingest_csv_mapped, "traces/2013-8/94.csv", text, ','), 0);
	assert_int_equal(cap_read(c, ingest_csv_mapped, "traces/2013-8/82.csv", text, ','), 0);
	assert_string_equal(c->series[0].pod, "94");
	assert_string_equal(c->series[0].workload, "94");
	assert_string_equal(c->series[1].pod, "82");
}

static void a_workload_label_stands_for_the_pod_and_a_pod_label_is_left_alone(void **state)
{
	struct capture *c = *state;
	const char *text = "t,v\n1794646800,1\n";

	c->o.time_col = "t";
	c->o.value_col = "v";
	c->o.labels[0] = (struct ingest_pair){ "workload", "vm94" };
	c->o.nlabels = 1;
	assert_int_equal(cap_read(c, ingest_csv_mapped, "94.csv", text, ','), 0);
	assert_string_equal(c->series[0].pod, "vm94");
	/* A --label pod is applied by ingest.c to series without a pod. */
	c->o.labels[0] = (struct ingest_pair){ "pod", "db-0" };
	assert_int_equal(cap_read(c, ingest_csv_mapped, "94.csv", text, ','), 0);
	assert_string_equal(c->series[1].pod, "");
}

/* ---- the recipes on excerpts of the real formats (tests/fixtures/csv) ---- */

static int run_fixture(struct capture *c, const char *name)
{
	char rel[256];
	size_t len;
	char delim, *text;
	int rc;

	snprintf(rel, sizeof(rel), "csv/%s", name);
	text = cap_fixture(rel, &len);
	ingest_detect(text, len, &delim);
	/* Read as the file's own name: without id columns, it names the pod. */
	rc = cap_read_input(c, ingest_csv_mapped,
			    &(struct ingest_input){ .name = name, .data = text, .len = len, .delim = delim });
	free(text);
	return rc;
}

static void the_bitbrains_recipe_reads_kb_and_provisioned_capacity_as_the_limit(void **state)
{
	struct capture *c = *state;
	const int64_t t1 = INT64_C(1375308176000), t2 = t1 + 300000, t3 = t2 + 300000;

	c->o.time_col = "Timestamp [ms]";
	c->o.time_epoch = RTIME_S;
	c->o.value_col = "Memory usage [KB]";
	c->o.unit = UNIT_KIB;
	c->o.limit_col = "Memory capacity provisioned [KB]";
	c->o.labels[0] = (struct ingest_pair){ "workload", "vm94" };
	c->o.nlabels = 1;
	assert_int_equal(run_fixture(c, "bitbrains_vm.csv"), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].pod, "vm94");
	cap_assert_sample(c, 0, 1, t1, 256 * MI);
	cap_assert_sample(c, 1, 2, t1, 8 * GI);
	cap_assert_sample(c, 2, 1, t2, 524288.5 * KI);
	cap_assert_sample(c, 3, 2, t2, 8 * GI);
	/* The duplicated timestamp with capacity 0: its usage counts, the 0 is no limit. */
	cap_assert_sample(c, 4, 1, t2, GI);
	cap_assert_sample(c, 5, 2, t3, 8 * GI);
	cap_assert_counts(c, 4, 6, 0, 2);
}

static void the_alibaba_recipe_scales_percent_by_the_assumed_limit_and_rejects_rows_without_a_container(
	void **state)
{
	struct capture *c = *state;
	char *err;

	c->o.no_header = 1;
	c->o.time_col = "3";
	c->o.time_epoch = RTIME_S;
	c->o.value_col = "5";
	c->o.unit = UNIT_PERCENT;
	c->o.limit_bytes = 8 * GI;
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "1" };
	c->o.nid_cols = 1;
	cap_stderr_begin();
	assert_int_equal(run_fixture(c, "alibaba_container_usage.csv"), 0);
	err = cap_stderr_end();
	cap_assert_contains(err, "alibaba_container_usage.csv:3:1: the pod column is empty");
	assert_int_equal(c->nseries, 4);
	assert_string_equal(c->series[0].pod, "c_1");
	assert_string_equal(c->series[2].pod, "c_2");
	cap_assert_sample(c, 0, 1, 86610000, 0.88 * 8 * GI);
	cap_assert_sample(c, 1, 2, 86610000, 8 * GI);
	cap_assert_sample(c, 2, 1, 87230000, 4 * GI);
	cap_assert_sample(c, 4, 3, 86700000, 8 * GI);
	cap_assert_sample(c, 5, 4, 86700000, 8 * GI);
	/* The last row's usage is missing; the assumed limit still holds. */
	cap_assert_sample(c, 6, 2, 87420000, 8 * GI);
	cap_assert_counts(c, 5, 7, 1, 1);
	free(err);
}

static void the_kruize_recipe_reads_go_times_requests_limits_and_the_object_name(void **state)
{
	struct capture *c = *state;
	const int64_t t1 = INT64_C(1678886100000), t2 = INT64_C(1678887000000);

	c->o.time_col = "interval_end";
	c->o.value_col = "memory_usage_container_max";
	c->o.request_col = "memory_request_container_avg";
	c->o.limit_col = "memory_limit_container_avg";
	c->o.id_cols[0] = (struct ingest_pair){ "namespace", "namespace" };
	c->o.id_cols[1] = (struct ingest_pair){ "workload", "k8_object_name" };
	c->o.id_cols[2] = (struct ingest_pair){ "container", "container_name" };
	c->o.nid_cols = 3;
	assert_int_equal(run_fixture(c, "kruize_ros.csv"), 0);
	assert_int_equal(c->nseries, 6);
	assert_string_equal(c->series[0].namespace, "america");
	assert_string_equal(c->series[0].workload, "eap-app");
	assert_string_equal(c->series[0].container, "eap-app");
	assert_int_equal(c->series[1].role, STORE_REQUEST);
	assert_int_equal(c->series[2].role, STORE_LIMIT);
	/* The "workload" column says <none> here; k8_object_name names it. */
	assert_string_equal(c->series[3].workload, "example");
	cap_assert_sample(c, 0, 1, t1, 579817472);
	cap_assert_sample(c, 1, 2, t1, GI);
	cap_assert_sample(c, 2, 3, t1, GI);
	cap_assert_sample(c, 3, 1, t2, 600000000);
	cap_assert_sample(c, 4, 4, t1, 617893888);
	cap_assert_counts(c, 3, 7, 0, 2);
}

static void the_nezha_recipe_reads_go_time_strings_and_mebibytes_into_the_deployment(void **state)
{
	struct capture *c = *state;

	c->o.time_col = "Time";
	c->o.value_col = "MemoryUsage(Mi)";
	c->o.unit = UNIT_MIB;
	c->o.id_cols[0] = (struct ingest_pair){ "pod", "PodName" };
	c->o.nid_cols = 1;
	assert_int_equal(run_fixture(c, "nezha_pod_metric.csv"), 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].pod, "adservice-5f6585d649-fnmft");
	assert_string_equal(c->series[0].workload, "adservice");
	assert_string_equal(c->series[0].kind, "deployment");
	cap_assert_sample(c, 0, 1, INT64_C(1661140279607), 211013632);
	cap_assert_sample(c, 1, 1, INT64_C(1661140339589), 202.5 * MI);
	cap_assert_counts(c, 2, 2, 0, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_column_is_found_by_its_header_name),
		T(a_header_name_matches_regardless_of_case),
		T(a_column_is_found_by_its_number_counted_from_one),
		T(header_names_and_fields_are_matched_after_trimming_blanks_and_quotes),
		T(semicolons_padded_with_tabs_split_at_the_semicolons),
		T(a_given_delimiter_is_used_as_given),
		T(quoted_fields_may_hold_the_delimiter),
		T(an_excel_sep_line_is_skipped),
		T(without_a_header_the_first_line_is_data),
		T(without_a_header_a_column_name_is_refused),
		T(a_column_that_does_not_exist_is_named_with_the_header_s_columns),
		T(a_column_number_beyond_the_header_is_an_error),
		T(an_id_column_that_does_not_exist_is_named_with_its_label),
		T(an_empty_file_is_an_error),
		T(epoch_seconds_milliseconds_microseconds_and_nanoseconds_are_scaled_as_told),
		T(epoch_seconds_are_read_even_under_a_header_that_says_milliseconds),
		T(auto_times_take_epochs_iso_8601_and_go_time_strings),
		T(iso_8601_refuses_a_bare_number),
		T(a_strftime_pattern_reads_naive_times_in_utc),
		T(a_strftime_pattern_reads_naive_times_in_the_tz_zone),
		T(a_strftime_pattern_with_an_offset_ignores_the_tz_zone),
		T(a_strftime_pattern_may_be_followed_by_a_fraction_of_a_second),
		T(a_strftime_pattern_reads_the_date_command_s_format),
		T(a_cell_that_does_not_fit_the_pattern_or_the_calendar_is_a_bad_time),
		T(a_pattern_without_a_year_fails_the_file),
		T(each_unit_scales_plain_numbers),
		T(a_cell_with_its_own_unit_keeps_it),
		T(request_and_limit_columns_are_series_of_the_same_identity),
		T(a_request_or_limit_of_zero_is_not_set),
		T(a_limit_option_gives_every_row_a_limit),
		T(a_percent_is_taken_of_the_row_s_limit_column),
		T(a_percent_is_taken_of_the_limit_option),
		T(a_percent_row_without_a_limit_is_rejected),
		T(a_percent_row_with_an_empty_limit_cell_falls_back_to_the_limit_option),
		T(missing_cells_are_missing_not_zero),
		T(bad_cells_are_reported_with_their_line_and_column),
		T(strict_mode_fails_the_file_at_the_first_bad_row),
		T(id_columns_name_cluster_namespace_pod_and_container),
		T(a_workload_column_names_the_workload_and_stands_for_the_pod),
		T(a_row_with_an_empty_id_cell_is_rejected_not_merged),
		T(without_id_columns_the_file_name_stands_for_the_pod),
		T(a_workload_label_stands_for_the_pod_and_a_pod_label_is_left_alone),
		T(the_bitbrains_recipe_reads_kb_and_provisioned_capacity_as_the_limit),
		T(the_alibaba_recipe_scales_percent_by_the_assumed_limit_and_rejects_rows_without_a_container),
		T(the_kruize_recipe_reads_go_times_requests_limits_and_the_object_name),
		T(the_nezha_recipe_reads_go_time_strings_and_mebibytes_into_the_deployment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
