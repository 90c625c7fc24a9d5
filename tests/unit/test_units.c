/* test_units.c - util/units: sizes as exports write them, as Kubernetes users read them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "util/units.h"

#define KI 1024.0
#define MI 1048576.0
#define GI 1073741824.0

#define assert_near(actual, expected, eps)                                                                \
	do {                                                                                              \
		double a_ = (actual), e_ = (expected);                                                    \
		if (!(fabs(a_ - e_) <= (eps)))                                                            \
			fail_msg("%s = %.17g, expected %.17g", #actual, a_, e_);                          \
	} while (0)

/* Parses text (whole string) and checks the byte count. */
#define assert_parses_to(text, expected)                                                                  \
	do {                                                                                              \
		double v_ = -12345.0;                                                                     \
		if (units_parse_size((text), strlen(text), &v_) != 0)                                     \
			fail_msg("units_parse_size(\"%s\") refused a valid size", (text));                \
		assert_near(v_, (expected), 1e-6);                                                        \
	} while (0)

#define assert_refused(text)                                                                              \
	do {                                                                                              \
		double v_ = -12345.0;                                                                     \
		if (units_parse_size((text), strlen(text), &v_) != -1)                                    \
			fail_msg("units_parse_size(\"%s\") accepted junk as %.17g", (text), v_);          \
		assert_near(v_, -12345.0, 0.0);                                                           \
	} while (0)

#define assert_format_size(bytes, expected)                                                               \
	do {                                                                                              \
		char b_[32];                                                                              \
		assert_string_equal(units_format_size((bytes), b_, sizeof(b_)), (expected));              \
	} while (0)

#define assert_format_quantity(bytes, expected)                                                           \
	do {                                                                                              \
		char b_[32];                                                                              \
		assert_string_equal(units_format_quantity((bytes), b_, sizeof(b_)), (expected));          \
	} while (0)

static void parse_size_accepts_kubernetes_iec_suffixes(void **state)
{
	(void)state;
	assert_parses_to("512Mi", 536870912.0);
	assert_parses_to("1Gi", 1073741824.0);
	assert_parses_to("4Ki", 4096.0);
	assert_parses_to("2Ti", 2199023255552.0);
}

static void parse_size_reads_bare_letters_as_decimal_like_kubernetes(void **state)
{
	(void)state;
	assert_parses_to("1G", 1e9);
	assert_parses_to("500M", 5e8);
	assert_parses_to("3k", 3000.0);
	assert_parses_to("3K", 3000.0);
}

static void parse_size_accepts_plain_numbers_and_exponents(void **state)
{
	(void)state;
	assert_parses_to("1e9", 1e9);
	assert_parses_to("3.04e+08", 304000000.0);
	assert_parses_to("123456", 123456.0);
	assert_parses_to("104857601.5", 104857601.5);
}

static void parse_size_accepts_grafana_formatted_units_with_a_space(void **state)
{
	(void)state;
	assert_parses_to("412 MiB", 412.0 * MI);
	assert_parses_to("1.2 GB", 1.2e9);
	assert_parses_to("800 kB", 800000.0);
	assert_parses_to("1.02 GiB", 1.02 * GI);
	assert_parses_to("900 B", 900.0);
	assert_parses_to("16 KiB", 16.0 * KI);
}

static void parse_size_ignores_surrounding_blanks(void **state)
{
	(void)state;
	assert_parses_to("  42 ", 42.0);
	assert_parses_to("\t7Mi\r", 7.0 * MI);
}

static void parse_size_reads_only_len_bytes(void **state)
{
	double v = 0;

	(void)state;
	/* The cell "512Mi" inside a longer line. */
	assert_int_equal(units_parse_size("512Mi,99", 5, &v), 0);
	assert_near(v, 512.0 * MI, 0.0);
	assert_int_equal(units_parse_size("12Gi", 2, &v), 0);
	assert_near(v, 12.0, 0.0);
}

static void parse_size_refuses_what_is_not_a_size(void **state)
{
	(void)state;
	assert_refused("");
	assert_refused("   ");
	assert_refused("12x");
	assert_refused("nan");
	assert_refused("NaN");
	assert_refused("inf");
	assert_refused("+Inf");
	assert_refused("0x10");
	assert_refused("5 \xC2\xB0" "C");
	assert_refused("Mi");
	assert_refused("1 MiBs");
	assert_refused("1e999");
	assert_refused("1,5");
}

static void format_size_prints_bytes_below_one_kibibyte(void **state)
{
	(void)state;
	assert_format_size(900.0, "900B");
	assert_format_size(0.0, "0B");
	assert_format_size(1023.0, "1023B");
}

static void format_size_prints_three_significant_figures(void **state)
{
	(void)state;
	assert_format_size(1024.0, "1Ki");
	assert_format_size(512.0 * MI, "512Mi");
	assert_format_size(412.0 * MI, "412Mi");
	assert_format_size(150.4 * MI, "150Mi");
	assert_format_size(6.25 * GI, "6.25Gi");
	assert_format_size(6.21 * GI, "6.21Gi");
	assert_format_size(12.3 * GI, "12.3Gi");
	assert_format_size(2.0 * 1099511627776.0, "2Ti");
}

static void format_size_prints_a_dash_for_unknown(void **state)
{
	(void)state;
	assert_format_size(NAN, "-");
}

/*
 * Regression (fixed): units_format_size picks the precision band (and the unit) before
 * rounding, so a value that rounds up crosses into the next band with one
 * figure too many: 1023.9Mi prints "1024Mi" (not "1.00Gi") and 9.999Gi
 * prints "10.00Gi" (four significant figures, not "10.0Gi").
 */
static void format_size_carries_rounding_into_the_next_unit(void **state)
{
	(void)state;
	assert_format_size(1023.9 * MI, "1.00Gi");
	assert_format_size(9.999 * GI, "10.0Gi");
}

static void format_quantity_uses_the_largest_unit_that_divides(void **state)
{
	(void)state;
	assert_format_quantity(8.0 * GI, "8Gi");
	assert_format_quantity(4600.0 * MI, "4600Mi");
	assert_format_quantity(1536.0 * KI, "1536Ki");
	assert_format_quantity(512.0 * MI, "512Mi");
	assert_format_quantity(3.0 * 1099511627776.0, "3Ti");
}

static void format_quantity_prints_plain_bytes_when_no_unit_divides(void **state)
{
	(void)state;
	assert_format_quantity(1000.0, "1000");
	assert_format_quantity(1536.0, "1536");
	assert_format_quantity(0.0, "0");
	assert_format_quantity(NAN, "-");
}

static void format_quantity_rounds_fractional_bytes_up(void **state)
{
	(void)state;
	assert_format_quantity(999.5, "1000");
	assert_format_quantity(999.01, "1000");
	assert_format_quantity(536870911.2, "512Mi");
	assert_format_quantity(8.0 * GI - 0.5, "8Gi");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_size_accepts_kubernetes_iec_suffixes),
		cmocka_unit_test(parse_size_reads_bare_letters_as_decimal_like_kubernetes),
		cmocka_unit_test(parse_size_accepts_plain_numbers_and_exponents),
		cmocka_unit_test(parse_size_accepts_grafana_formatted_units_with_a_space),
		cmocka_unit_test(parse_size_ignores_surrounding_blanks),
		cmocka_unit_test(parse_size_reads_only_len_bytes),
		cmocka_unit_test(parse_size_refuses_what_is_not_a_size),
		cmocka_unit_test(format_size_prints_bytes_below_one_kibibyte),
		cmocka_unit_test(format_size_prints_three_significant_figures),
		cmocka_unit_test(format_size_prints_a_dash_for_unknown),
		cmocka_unit_test(format_size_carries_rounding_into_the_next_unit),
		cmocka_unit_test(format_quantity_uses_the_largest_unit_that_divides),
		cmocka_unit_test(format_quantity_prints_plain_bytes_when_no_unit_divides),
		cmocka_unit_test(format_quantity_rounds_fractional_bytes_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
