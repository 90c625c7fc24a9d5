/* test_csv.c - ingest: the wide (Grafana) and long (promql-cli, legacy Series) CSV readers, detection. */
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

#define MI 1048576.0
#define GI 1073741824.0
/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)

/* ingest_csv_long in cap_read's reader shape: series by their labels (promql-cli) or by a Series column. */
static int csv_long_by_labels(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			      struct ingest_stats *st)
{
	return ingest_csv_long(in, 0, o, sink, st);
}

static int csv_long_by_series(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
			      struct ingest_stats *st)
{
	return ingest_csv_long(in, 1, o, sink, st);
}

static int run_wide(struct capture *c, const char *text, char delim)
{
	return cap_read(c, ingest_csv_wide, "test.csv", text, delim);
}

static int run_long(struct capture *c, const char *text, char delim, int series_rows)
{
	return cap_read(c, series_rows ? csv_long_by_series : csv_long_by_labels, "test.csv", text, delim);
}

#define assert_detects(text, format, delimiter)                                                           \
	do {                                                                                              \
		char d_ = 'X';                                                                            \
		enum ingest_format f_ = ingest_detect((text), strlen(text), &d_);                         \
		if (f_ != (format) || d_ != (delimiter))                                                  \
			fail_msg("ingest_detect = %s with '%c', expected %s with '%c'",                   \
				 ingest_format_name(f_), d_, ingest_format_name(format), (delimiter));    \
	} while (0)

/* ---- the texts -------------------------------------------------------- */

/* Grafana 10 "Download CSV", series joined by time, formatted data off, CRLF, no final newline. */
static const char raw_joined[] =
	"\"Time\",\"container_memory_working_set_bytes{container=\"\"app\"\", namespace=\"\"shop\"\", "
	"pod=\"\"web-7d9f8c6b5d-x2x4z\"\"}\",\"container_memory_working_set_bytes{container=\"\"app\"\", "
	"namespace=\"\"shop\"\", pod=\"\"web-7d9f8c6b5d-b7k2q\"\"}\"\r\n"
	"1794646800000,104857600,\r\n"
	"1794646830000,null,209715200\r\n"
	"1794646860000,104857601.5,209715300";

/* Formatted data on, Excel header: "sep=," and units in the cells. */
static const char formatted[] = "sep=,\n"
				"\"Time\",\"{container=\"\"app\"\", namespace=\"\"shop\"\", "
				"pod=\"\"web-7d9f8c6b5d-x2x4z\"\"}\"\n"
				"2026-11-14 09:00:00,412 MiB\n"
				"2026-11-14 09:00:30,1.02 GiB\n";

static const char semicolons[] = "\"Time\";\"container_memory_rss{container=\"\"db\"\", pod=\"\"db-0\"\"}\"\n"
				 "2026-11-14T09:00:00Z;1,721,992,142.283\n"
				 "2026-11-14T09:00:30Z;2,000,000\n"
				 "2026-11-14T09:01:00Z;512\n";

/* Legend text and a formatLabels header, neither CSV-quoted. */
static const char tabs[] = "Time\ta-0\t{pod=\"b-0\"}\n"
			   "1794646800\t100\t200\n"
			   "1794646830\t101\t\n";

static const char duplicate_headers[] = "Time,Value,Value\n"
					"1794646800000,1,2\n"
					"1794646830000,3,4\n";

static const char promql_long[] =
	"__name__,container,namespace,pod,value,timestamp\n"
	"container_memory_working_set_bytes,app,shop,web-7d9f8c6b5d-x2x4z,104857600,2026-11-14T10:00:00+01:00\n"
	"container_memory_working_set_bytes,app,shop,web-7d9f8c6b5d-b7k2q,209715200,2026-11-14T10:00:00+01:00\n"
	"container_memory_working_set_bytes,app,shop,web-7d9f8c6b5d-x2x4z,104857700,2026-11-14T10:00:30+01:00\n"
	"container_memory_working_set_bytes,app,shop,web-7d9f8c6b5d-b7k2q,209715300,2026-11-14T10:00:30+01:00\n";

static const char legacy_series[] = "Series;Time;Value\n"
				    "\"container_memory_rss{container=\"\"app\"\", pod=\"\"a-0\"\"}\";2026-11-14T09:00:00Z;100\n"
				    "\"container_memory_rss{container=\"\"app\"\", pod=\"\"b-0\"\"}\";2026-11-14T09:00:00Z;200\n"
				    "\"container_memory_rss{container=\"\"app\"\", pod=\"\"a-0\"\"}\";2026-11-14T09:00:30Z;110\n";

/* ---- wide ------------------------------------------------------------- */

static void wide_reads_a_raw_joined_grafana_export(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, raw_joined, ','), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].metric, "container_memory_working_set_bytes");
	assert_string_equal(c->series[0].namespace, "shop");
	assert_string_equal(c->series[0].container, "app");
	assert_string_equal(c->series[0].pod, "web-7d9f8c6b5d-x2x4z");
	assert_string_equal(c->series[0].workload, "web");
	assert_string_equal(c->series[0].kind, "deployment");
	assert_string_equal(c->series[0].source, "grafana-csv");
	assert_int_equal(c->series[0].role, STORE_USAGE);
	assert_string_equal(c->series[1].pod, "web-7d9f8c6b5d-b7k2q");
	/* Empty and null cells are missing, never zero. */
	assert_int_equal(c->nsamples, 4);
	cap_assert_sample(c, 0, 1, T0, 104857600.0);
	cap_assert_sample(c, 1, 2, T0 + 30000, 209715200.0);
	cap_assert_sample(c, 2, 1, T0 + 60000, 104857601.5);
	cap_assert_sample(c, 3, 2, T0 + 60000, 209715300.0);
	cap_assert_stats(c, 3, 4, 0, 2, 0);
	assert_true(c->st.f.t_min == T0);
	assert_true(c->st.f.t_max == T0 + 60000);
}

static void wide_reads_a_formatted_export_with_an_excel_separator_line(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, formatted, ','), 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].metric, "");
	assert_string_equal(c->series[0].pod, "web-7d9f8c6b5d-x2x4z");
	assert_int_equal(c->series[0].role, STORE_USAGE);
	assert_int_equal(c->nsamples, 2);
	cap_assert_sample(c, 0, 1, T0, 412.0 * MI);
	cap_assert_sample(c, 1, 1, T0 + 30000, 1.02 * GI);
	cap_assert_stats(c, 2, 2, 0, 0, 0);
}

static void a_single_comma_group_in_a_semicolon_file_is_ambiguous(void **state)
{
	struct capture *c = *state;

	/* "1,234" may be 1234 or a decimal comma's 1.234: rejected, not guessed. "1,234.5" is grouped. */
	assert_int_equal(run_wide(c, "Time;a\n2026-11-14T09:00:00Z;1,234\n2026-11-14T09:00:30Z;1,234.5\n", ';'), 0);
	assert_int_equal(c->nsamples, 1);
	assert_true(c->samples[0].v == 1234.5);
	assert_int_equal(c->st.f.rejected, 1);
}

static void wide_reads_semicolons_and_thousands_separators(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, semicolons, ';'), 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].metric, "container_memory_rss");
	assert_string_equal(c->series[0].pod, "db-0");
	assert_string_equal(c->series[0].workload, "db");
	assert_string_equal(c->series[0].kind, "statefulset");
	assert_int_equal(c->nsamples, 3);
	cap_assert_sample(c, 0, 1, T0, 1721992142.283);
	cap_assert_sample(c, 1, 1, T0 + 30000, 2000000.0);
	cap_assert_sample(c, 2, 1, T0 + 60000, 512.0);
	cap_assert_stats(c, 3, 3, 0, 0, 0);
}

static void wide_refuses_thousands_separators_when_the_delimiter_is_a_comma(void **state)
{
	struct capture *c = *state;

	/* cell.h: thousands grouping is read only when the delimiter is not a comma. */
	assert_int_equal(run_wide(c, "Time,container_memory_rss\n1794646800000,\"1,721\"\n", ','), 0);
	assert_int_equal(c->nsamples, 0);
	cap_assert_stats(c, 1, 0, 1, 0, 0);
}

static void wide_reads_tab_separated_text(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, tabs, '\t'), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].pod, "a-0");
	assert_string_equal(c->series[1].pod, "b-0");
	assert_int_equal(c->nsamples, 3);
	cap_assert_sample(c, 0, 1, T0, 100.0);
	cap_assert_sample(c, 1, 2, T0, 200.0);
	cap_assert_sample(c, 2, 1, T0 + 30000, 101.0);
	cap_assert_stats(c, 2, 3, 0, 1, 0);
}

static void wide_keeps_duplicate_headers_as_separate_series(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, duplicate_headers, ','), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].pod, "Value");
	assert_string_equal(c->series[1].pod, "Value #2");
	assert_int_equal(c->nsamples, 4);
	cap_assert_sample(c, 0, 1, T0, 1.0);
	cap_assert_sample(c, 1, 2, T0, 2.0);
	cap_assert_sample(c, 2, 1, T0 + 30000, 3.0);
	cap_assert_sample(c, 3, 2, T0 + 30000, 4.0);
}

static void wide_rounds_fractional_epoch_milliseconds(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, "Time,container_memory_rss\n1589324745157.7249,100\n", ','), 0);
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, INT64_C(1589324745158), 100.0);
}

static void wide_rejects_a_bad_cell_and_keeps_the_rest_of_the_row(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c,
				  "Time,a-0,b-0\n"
				  "1794646800000,abc,200\n"
				  "1794646830000,-5,201\n"
				  "1794646860000,102,202\n",
				  ','),
			 0);
	assert_int_equal(c->nsamples, 4);
	cap_assert_sample(c, 0, 2, T0, 200.0);
	cap_assert_sample(c, 1, 2, T0 + 30000, 201.0);
	cap_assert_sample(c, 2, 1, T0 + 60000, 102.0);
	cap_assert_sample(c, 3, 2, T0 + 60000, 202.0);
	cap_assert_stats(c, 3, 4, 2, 0, 0);
	assert_int_equal(c->st.messages, 2);
}

static void wide_rejects_a_row_with_a_bad_time(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c,
				  "Time,container_memory_rss\n"
				  "1794646800000,100\n"
				  "yesterday,101\n"
				  "2026-13-01 00:00:00,102\n"
				  "1794646860000,103\n",
				  ','),
			 0);
	assert_int_equal(c->nsamples, 2);
	cap_assert_sample(c, 0, 1, T0, 100.0);
	cap_assert_sample(c, 1, 1, T0 + 60000, 103.0);
	cap_assert_stats(c, 4, 2, 2, 0, 0);
	assert_true(c->st.f.t_min == T0);
	assert_true(c->st.f.t_max == T0 + 60000);
}

static void wide_rejects_a_row_with_more_fields_than_the_header(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c,
				  "Time,container_memory_rss\n"
				  "1794646800000,100,7\n"
				  "1794646830000,101,\n",
				  ','),
			 0);
	/* A trailing empty field is tolerated. */
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0 + 30000, 101.0);
	cap_assert_stats(c, 2, 1, 1, 0, 0);
}

static void wide_counts_cells_of_short_rows_as_missing(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c,
				  "Time,a-0,b-0\n"
				  "1794646800000,100\n",
				  ','),
			 0);
	assert_int_equal(c->nsamples, 1);
	cap_assert_stats(c, 1, 1, 0, 1, 0);
}

static void wide_strict_mode_fails_on_the_first_bad_row(void **state)
{
	struct capture *c = *state;

	c->o.strict = 1;
	assert_int_equal(run_wide(c,
				  "Time,container_memory_rss\n"
				  "1794646800000,100\n"
				  "1794646830000,abc\n"
				  "1794646860000,102\n",
				  ','),
			 -1);
	assert_int_equal(c->nsamples, 1);
	assert_int_equal(c->st.f.rejected, 1);
}

static void wide_strict_mode_fails_on_a_bad_time(void **state)
{
	struct capture *c = *state;

	c->o.strict = 1;
	assert_int_equal(run_wide(c, "Time,container_memory_rss\nnoon,100\n1794646860000,102\n", ','), -1);
	assert_int_equal(c->nsamples, 0);
}

static void wide_skips_the_cadvisor_pod_level_column(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c,
				  "\"Time\",\"container_memory_working_set_bytes{container=\"\"\"\", "
				  "pod=\"\"web-0\"\"}\",\"container_memory_working_set_bytes{container=\"\"app\"\", "
				  "pod=\"\"web-0\"\"}\",\"container_cpu_usage_seconds_total{container=\"\"app\"\", "
				  "pod=\"\"web-0\"\"}\"\n"
				  "1794646800000,300,200,5\n",
				  ','),
			 0);
	assert_int_equal(c->nseries, 1);
	assert_string_equal(c->series[0].container, "app");
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0, 200.0);
	cap_assert_stats(c, 1, 1, 0, 0, 2);
	assert_int_equal(c->st.nwhy, 2);
}

static void wide_refuses_an_unreadable_header(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, "Time,m{a=1}\n1794646800000,1\n", ','), -1);
	assert_int_equal(c->nsamples, 0);
}

static void wide_refuses_an_empty_text(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_wide(c, "\n\n", ','), -1);
	assert_int_equal(run_wide(c, "sep=,", ','), -1);
}

/* ---- long ------------------------------------------------------------- */

static void long_reads_promql_cli_output_with_offsets(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c, promql_long, ',', 0), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].metric, "container_memory_working_set_bytes");
	assert_string_equal(c->series[0].namespace, "shop");
	assert_string_equal(c->series[0].container, "app");
	assert_string_equal(c->series[0].pod, "web-7d9f8c6b5d-x2x4z");
	assert_string_equal(c->series[0].workload, "web");
	assert_string_equal(c->series[0].source, "long-csv");
	assert_string_equal(c->series[1].pod, "web-7d9f8c6b5d-b7k2q");
	/* 10:00+01:00 is 09:00Z; interleaved rows keep their series. */
	assert_int_equal(c->nsamples, 4);
	cap_assert_sample(c, 0, 1, T0, 104857600.0);
	cap_assert_sample(c, 1, 2, T0, 209715200.0);
	cap_assert_sample(c, 2, 1, T0 + 30000, 104857700.0);
	cap_assert_sample(c, 3, 2, T0 + 30000, 209715300.0);
	cap_assert_stats(c, 4, 4, 0, 0, 0);
	assert_true(c->st.f.t_min == T0);
	assert_true(c->st.f.t_max == T0 + 30000);
}

static void long_reads_settings_in_prometheus_notation(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c,
				  "__name__,cluster,container,namespace,pod,resource,unit,value,timestamp\n"
				  "kube_pod_container_resource_limits,prod-eu,builder,shop,"
				  "report-builder-5c8b7f9d44-2tgp5,memory,byte,6.442450944e+09,2026-11-14T09:00:00Z\n"
				  "kube_pod_container_resource_requests,prod-eu,builder,shop,"
				  "report-builder-5c8b7f9d44-2tgp5,cpu,core,2,2026-11-14T09:00:00Z\n",
				  ',', 0),
			 0);
	assert_int_equal(c->nseries, 1);
	assert_int_equal(c->series[0].role, STORE_LIMIT);
	assert_string_equal(c->series[0].cluster, "prod-eu");
	assert_string_equal(c->series[0].workload, "report-builder");
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0, 6442450944.0);
	cap_assert_stats(c, 2, 1, 0, 0, 1);
}

static void long_skips_the_pod_level_series_once(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c,
				  "__name__,container,pod,value,timestamp\n"
				  "container_memory_working_set_bytes,,web-0,300,1794646800000\n"
				  "container_memory_working_set_bytes,app,web-0,200,1794646800000\n"
				  "container_memory_working_set_bytes,,web-0,301,1794646830000\n",
				  ',', 0),
			 0);
	assert_int_equal(c->nseries, 1);
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0, 200.0);
	cap_assert_stats(c, 3, 1, 0, 0, 1);
}

static void long_counts_missing_and_rejects_bad_rows(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c,
				  "__name__,container,pod,value,timestamp\n"
				  "container_memory_rss,app,a-0,,1794646800000\n"
				  "container_memory_rss,app,a-0,NaN,1794646830000\n"
				  "container_memory_rss,app,a-0,abc,1794646860000\n"
				  "container_memory_rss,app,a-0,100,later\n"
				  "container_memory_rss,app,a-0,100\n"
				  "container_memory_rss,app,a-0,101,1794646920000\n",
				  ',', 0),
			 0);
	assert_int_equal(c->nsamples, 1);
	cap_assert_sample(c, 0, 1, T0 + 120000, 101.0);
	cap_assert_stats(c, 6, 1, 3, 2, 0);
}

static void long_strict_mode_fails_on_the_first_bad_row(void **state)
{
	struct capture *c = *state;

	c->o.strict = 1;
	assert_int_equal(run_long(c,
				  "__name__,container,pod,value,timestamp\n"
				  "container_memory_rss,app,a-0,100,1794646800000\n"
				  "container_memory_rss,app,a-0,100,later\n"
				  "container_memory_rss,app,a-0,101,1794646920000\n",
				  ',', 0),
			 -1);
	assert_int_equal(c->nsamples, 1);
}

static void long_refuses_a_header_without_value_and_time(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c, "__name__,pod,bytes,when\nm,a,1,2\n", ',', 0), -1);
	assert_int_equal(c->nsamples, 0);
}

static void long_reads_legacy_series_rows(void **state)
{
	struct capture *c = *state;

	assert_int_equal(run_long(c, legacy_series, ';', 1), 0);
	assert_int_equal(c->nseries, 2);
	assert_string_equal(c->series[0].metric, "container_memory_rss");
	assert_string_equal(c->series[0].pod, "a-0");
	assert_string_equal(c->series[0].source, "grafana-series-csv");
	assert_string_equal(c->series[1].pod, "b-0");
	assert_int_equal(c->nsamples, 3);
	cap_assert_sample(c, 0, 1, T0, 100.0);
	cap_assert_sample(c, 1, 2, T0, 200.0);
	cap_assert_sample(c, 2, 1, T0 + 30000, 110.0);
	cap_assert_stats(c, 3, 3, 0, 0, 0);
}

/* ---- detection -------------------------------------------------------- */

static void detect_recognizes_every_grafana_wide_form(void **state)
{
	(void)state;
	assert_detects(raw_joined, INGEST_GRAFANA_CSV, ',');
	assert_detects(formatted, INGEST_GRAFANA_CSV, ',');
	assert_detects(semicolons, INGEST_GRAFANA_CSV, ';');
	assert_detects(tabs, INGEST_GRAFANA_CSV, '\t');
	assert_detects("Time,container_memory_rss\n1589324745157.7249,100\n", INGEST_GRAFANA_CSV, ',');
	assert_detects("sep=;\nTime;a-0\n1;2\n", INGEST_GRAFANA_CSV, ';');
}

static void detect_recognizes_long_and_legacy_series_csv(void **state)
{
	(void)state;
	assert_detects(promql_long, INGEST_LONG_CSV, ',');
	assert_detects(legacy_series, INGEST_GRAFANA_SERIES_CSV, ';');
}

static void detect_gives_up_on_json_and_unknown_text(void **state)
{
	(void)state;
	/* JSON that no JSON reader claims (Prometheus JSON is tested with its reader). */
	assert_detects("{\"hello\":\"world\",\"list\":[1,2]}", INGEST_AUTO, ',');
	assert_detects("[1,2,3]", INGEST_AUTO, ',');
	assert_detects("hello world\n", INGEST_AUTO, ',');
	assert_detects("", INGEST_AUTO, ',');
}

/*
 * Regression (fixed): ingest_detect takes any header with "Time" and "Value" among three
 * or more fields for a long CSV, so Grafana's joined export of two
 * unlabelled series, "Time,Value,Value", is detected as INGEST_LONG_CSV
 * (and then read as one series per distinct value of the third column)
 * instead of INGEST_GRAFANA_CSV.
 */
static void detect_reads_time_value_value_as_a_grafana_export(void **state)
{
	(void)state;
	assert_detects(duplicate_headers, INGEST_GRAFANA_CSV, ',');
}

/*
 * Regression (fixed): the delimiter vote counts commas between the quoted label values
 * of unquoted headers, so tab-separated text whose headers carry two or
 * more labels is detected with ',' :
 * "Time\tm{a=\"1\", b=\"2\"}\tm{a=\"3\", b=\"4\"}" gives ',' (2 commas vs
 * 2 tabs, and the header then splits into no "Time" field: INGEST_AUTO)
 * instead of INGEST_GRAFANA_CSV with '\t'.
 */
static void detect_picks_tabs_over_commas_inside_label_sets(void **state)
{
	(void)state;
	assert_detects("Time\tcontainer_memory_rss{a=\"1\", b=\"2\"}\tcontainer_memory_rss{a=\"3\", b=\"4\"}\n"
		       "1794646800\t1\t2\n",
		       INGEST_GRAFANA_CSV, '\t');
}

/* The whole chain as ingest_file runs it: detect, then read with the detected format and delimiter. */
static void detected_format_and_delimiter_read_every_text(void **state)
{
	static const struct {
		const char *text;
		size_t samples;
	} cases[] = {
		{ raw_joined, 4 }, { formatted, 2 }, { semicolons, 3 }, { tabs, 3 }, { promql_long, 4 }, { legacy_series, 3 },
	};
	struct capture *c = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char delim = 0;
		enum ingest_format f = ingest_detect(cases[i].text, strlen(cases[i].text), &delim);
		int rc;

		c->nsamples = 0;
		c->nseries = 0;
		memset(&c->st, 0, sizeof(c->st));
		if (f == INGEST_GRAFANA_CSV)
			rc = run_wide(c, cases[i].text, delim);
		else if (f == INGEST_LONG_CSV || f == INGEST_GRAFANA_SERIES_CSV)
			rc = run_long(c, cases[i].text, delim, f == INGEST_GRAFANA_SERIES_CSV);
		else
			rc = -2;
		if (rc != 0 || c->nsamples != cases[i].samples || c->st.f.rejected != 0)
			fail_msg("case %zu (%s, '%c'): rc %d, %zu samples (expected %zu), %lld rejected", i,
				 ingest_format_name(f), delim, rc, c->nsamples, cases[i].samples,
				 (long long)c->st.f.rejected);
	}
}

static void format_names_round_trip(void **state)
{
	enum ingest_format f = INGEST_AUTO;

	(void)state;
	assert_int_equal(ingest_format_parse("long-csv", &f), 0);
	assert_int_equal(f, INGEST_LONG_CSV);
	assert_string_equal(ingest_format_name(INGEST_GRAFANA_SERIES_CSV), "grafana-series-csv");
	assert_int_equal(ingest_format_parse("grafana-series-csv", &f), 0);
	assert_int_equal(f, INGEST_GRAFANA_SERIES_CSV);
	assert_int_equal(ingest_format_parse("xlsx", &f), -1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, cap_setup, cap_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(wide_reads_a_raw_joined_grafana_export),
		T(wide_reads_a_formatted_export_with_an_excel_separator_line),
		T(wide_reads_semicolons_and_thousands_separators),
		T(a_single_comma_group_in_a_semicolon_file_is_ambiguous),
		T(wide_refuses_thousands_separators_when_the_delimiter_is_a_comma),
		T(wide_reads_tab_separated_text),
		T(wide_keeps_duplicate_headers_as_separate_series),
		T(wide_rounds_fractional_epoch_milliseconds),
		T(wide_rejects_a_bad_cell_and_keeps_the_rest_of_the_row),
		T(wide_rejects_a_row_with_a_bad_time),
		T(wide_rejects_a_row_with_more_fields_than_the_header),
		T(wide_counts_cells_of_short_rows_as_missing),
		T(wide_strict_mode_fails_on_the_first_bad_row),
		T(wide_strict_mode_fails_on_a_bad_time),
		T(wide_skips_the_cadvisor_pod_level_column),
		T(wide_refuses_an_unreadable_header),
		T(wide_refuses_an_empty_text),
		T(long_reads_promql_cli_output_with_offsets),
		T(long_reads_settings_in_prometheus_notation),
		T(long_skips_the_pod_level_series_once),
		T(long_counts_missing_and_rejects_bad_rows),
		T(long_strict_mode_fails_on_the_first_bad_row),
		T(long_refuses_a_header_without_value_and_time),
		T(long_reads_legacy_series_rows),
		T(detect_recognizes_every_grafana_wide_form),
		T(detect_recognizes_long_and_legacy_series_csv),
		T(detect_gives_up_on_json_and_unknown_text),
		T(detect_reads_time_value_value_as_a_grafana_export),
		T(detect_picks_tabs_over_commas_inside_label_sets),
		T(detected_format_and_delimiter_read_every_text),
		T(format_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
