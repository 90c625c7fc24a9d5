/* test_chunk.c - store/chunk: the sample codec of one series-day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/chunk.h"

/* 2026-11-14T09:00:00Z */
#define T0 INT64_C(1794646800000)

/* Encodes s, decodes it back and checks every sample bit for bit; returns the blob's value mode. */
static int round_trip(const struct store_sample *s, size_t n)
{
	struct chunk_buf b = { NULL, 0, 0 };
	struct store_sample *out = NULL;
	size_t nout = 0, cap = 0, i;
	int mode;

	chunk_encode(s, n, &b);
	assert_true(b.len >= 2);
	if (chunk_decode(b.data, b.len, &out, &nout, &cap) != 0) {
		chunk_buf_free(&b);
		free(out);
		fail_msg("chunk_decode refused what chunk_encode wrote (%zu samples)", n);
	}
	if (nout != n) {
		chunk_buf_free(&b);
		free(out);
		fail_msg("decoded %zu samples, encoded %zu", nout, n);
	}
	for (i = 0; i < n; i++) {
		if (out[i].t != s[i].t || memcmp(&out[i].v, &s[i].v, sizeof(double)) != 0) {
			struct store_sample got = out[i];

			chunk_buf_free(&b);
			free(out);
			fail_msg("sample %zu: decoded (%lld, %.17g), encoded (%lld, %.17g)", i, (long long)got.t, got.v,
				 (long long)s[i].t, s[i].v);
		}
	}
	/* n < 128 and mode are one byte each: the mode is the second byte. */
	mode = n < 128 ? b.data[1] : -1;
	chunk_buf_free(&b);
	free(out);
	return mode;
}

static void round_trip_keeps_a_single_sample(void **state)
{
	const struct store_sample s[] = { { T0, 104857600.0 } };

	(void)state;
	assert_int_equal(round_trip(s, 1), 0);
}

static void round_trip_keeps_no_samples(void **state)
{
	struct chunk_buf b = { NULL, 0, 0 };
	struct store_sample *out = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	chunk_encode(NULL, 0, &b);
	assert_int_equal(b.len, 2);
	assert_int_equal(chunk_decode(b.data, b.len, &out, &n, &cap), 0);
	assert_int_equal(n, 0);
	chunk_buf_free(&b);
	free(out);
}

static void round_trip_keeps_regular_integer_samples(void **state)
{
	struct store_sample s[60];
	size_t i;

	(void)state;
	for (i = 0; i < 60; i++) {
		s[i].t = T0 + (int64_t)i * 30000;
		s[i].v = 300.0 * 1048576.0 + (double)(i * 4096);
	}
	assert_int_equal(round_trip(s, 60), 0);
}

static void round_trip_keeps_irregular_intervals(void **state)
{
	const struct store_sample s[] = {
		{ T0, 1 }, { T0 + 1, 2 }, { T0 + 30001, 3 }, { T0 + 30008, 4 }, { T0 + 86399999, 5 }, { T0 + 86400000, 6 },
	};

	(void)state;
	assert_int_equal(round_trip(s, sizeof(s) / sizeof(s[0])), 0);
}

static void round_trip_keeps_values_that_go_down(void **state)
{
	const struct store_sample s[] = {
		{ T0, 500 }, { T0 + 1000, 100 }, { T0 + 2000, 900 }, { T0 + 3000, 0 }, { T0 + 4000, 300 },
		{ T0 + 5000, 9007199254740992.0 }, { T0 + 6000, 0 }, { T0 + 7000, -42 },
	};

	(void)state;
	assert_int_equal(round_trip(s, sizeof(s) / sizeof(s[0])), 0);
}

static void round_trip_keeps_fractional_values_as_doubles(void **state)
{
	const struct store_sample s[] = {
		{ T0, 104857601.5 }, { T0 + 1000, 0.1 }, { T0 + 2000, 1e-300 }, { T0 + 3000, 1721992142.283 },
		{ T0 + 4000, 7 },
	};
	const struct store_sample big[] = { { T0, 9007199254740994.0 }, { T0 + 1, 1e300 } };

	(void)state;
	assert_int_equal(round_trip(s, sizeof(s) / sizeof(s[0])), 1);
	/* Whole numbers beyond 2^53 travel as doubles too. */
	assert_int_equal(round_trip(big, 2), 1);
}

static void round_trip_keeps_large_and_negative_timestamps(void **state)
{
	const struct store_sample s[] = {
		{ INT64_C(-62135596800000), 1 }, /* 0001-01-01 */
		{ -1, 2 },
		{ 0, 3 },
		{ INT64_C(1589324745158), 4 },
		{ INT64_C(253402300799999), 5 }, /* 9999-12-31T23:59:59.999Z */
	};
	const struct store_sample ns[] = { { INT64_C(1589324745157724900), 1 }, { INT64_C(1589324745157724901), 2 } };

	(void)state;
	assert_int_equal(round_trip(s, sizeof(s) / sizeof(s[0])), 0);
	assert_int_equal(round_trip(ns, 2), 0);
}

/* A small deterministic generator (xorshift64*), so failures reproduce. */
static uint64_t next_random(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

static void round_trip_keeps_100k_random_samples(void **state)
{
	const size_t n = 100000;
	struct store_sample *s = malloc(n * sizeof(*s));
	uint64_t x = UINT64_C(0x7273697a65);
	int64_t t = T0;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < n; i++) {
		t += 1 + (int64_t)(next_random(&x) % 60000);
		s[i].t = t;
		s[i].v = (double)(next_random(&x) >> 24); /* up to 2^40 */
	}
	round_trip(s, n);
	for (i = 0; i < n; i++)
		s[i].v = (double)(next_random(&x) >> 11) / 1024.0;
	s[0].v = 0.5; /* at least one fraction */
	round_trip(s, n);
	free(s);
}

static void decode_appends_to_what_is_already_there(void **state)
{
	const struct store_sample day1[] = { { T0, 1 }, { T0 + 1000, 2 } };
	const struct store_sample day2[] = { { T0 + 86400000, 3 }, { T0 + 86401000, 4.5 } };
	struct chunk_buf b1 = { NULL, 0, 0 }, b2 = { NULL, 0, 0 };
	struct store_sample *out = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	chunk_encode(day1, 2, &b1);
	chunk_encode(day2, 2, &b2);
	assert_int_equal(chunk_decode(b1.data, b1.len, &out, &n, &cap), 0);
	assert_int_equal(chunk_decode(b2.data, b2.len, &out, &n, &cap), 0);
	assert_int_equal(n, 4);
	assert_true(cap >= 4);
	assert_true(out[0].t == T0 && out[0].v == 1.0);
	assert_true(out[1].t == T0 + 1000 && out[1].v == 2.0);
	assert_true(out[2].t == T0 + 86400000 && out[2].v == 3.0);
	assert_true(out[3].t == T0 + 86401000 && out[3].v == 4.5);
	chunk_buf_free(&b1);
	chunk_buf_free(&b2);
	free(out);
}

static void encode_resets_the_buffer_it_is_given(void **state)
{
	const struct store_sample s[] = { { T0, 1 }, { T0 + 1000, 2 } };
	struct chunk_buf b = { NULL, 0, 0 };
	size_t len;

	(void)state;
	chunk_encode(s, 2, &b);
	len = b.len;
	chunk_encode(s, 2, &b);
	assert_int_equal(b.len, len);
	chunk_buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void decode_refuses_every_truncated_blob(void **state)
{
	const struct store_sample ints[] = { { T0, 100 }, { T0 + 30000, 200 }, { T0 + 60000, 150 } };
	const struct store_sample fracs[] = { { T0, 100.5 }, { T0 + 30000, 200.25 } };
	const struct store_sample *sets[] = { ints, fracs };
	const size_t sizes[] = { 3, 2 };
	size_t k, len;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct chunk_buf b = { NULL, 0, 0 };

		chunk_encode(sets[k], sizes[k], &b);
		for (len = 0; len < b.len; len++) {
			struct store_sample *out = NULL;
			size_t n = 0, cap = 0;
			int rc = chunk_decode(b.data, len, &out, &n, &cap);

			free(out);
			if (rc != -1 || n != 0) {
				chunk_buf_free(&b);
				fail_msg("set %zu: a blob cut to %zu bytes decoded (%d, %zu samples)", k, len, rc, n);
			}
		}
		chunk_buf_free(&b);
	}
}

static void decode_refuses_trailing_bytes_and_unknown_modes(void **state)
{
	const struct store_sample s[] = { { T0, 100 }, { T0 + 30000, 200 } };
	struct chunk_buf b = { NULL, 0, 0 };
	unsigned char longer[64];
	const unsigned char mode2[] = { 1, 2, 0, 0 };
	const unsigned char too_many[] = { 0xff, 0xff, 0xff, 0x0f, 0 };
	struct store_sample *out = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	chunk_encode(s, 2, &b);
	assert_true(b.len < sizeof(longer));
	memcpy(longer, b.data, b.len);
	longer[b.len] = 0;
	assert_int_equal(chunk_decode(longer, b.len + 1, &out, &n, &cap), -1);
	assert_int_equal(chunk_decode(mode2, sizeof(mode2), &out, &n, &cap), -1);
	assert_int_equal(chunk_decode(too_many, sizeof(too_many), &out, &n, &cap), -1);
	assert_int_equal(n, 0);
	chunk_buf_free(&b);
	free(out);
}

/*
 * Regression (fixed): chunk.h promises "sorted, distinct timestamps ... guaranteed on
 * decode", but chunk_decode accepts a blob whose deltas go backwards:
 * bytes {2, 0, 20, 9, 2, 0} (n=2, mode 0, t0=10, delta=-5, values 1, 1)
 * decode with rc 0 to times 10, 5 instead of being refused (-1).
 */
static void decode_refuses_times_that_do_not_increase(void **state)
{
	const unsigned char backwards[] = { 2, 0, 20, 9, 2, 0 };
	const unsigned char repeated[] = { 2, 0, 20, 0, 2, 0 };
	struct store_sample *out = NULL;
	size_t n = 0, cap = 0;
	int rc1, rc2;

	(void)state;
	rc1 = chunk_decode(backwards, sizeof(backwards), &out, &n, &cap);
	rc2 = chunk_decode(repeated, sizeof(repeated), &out, &n, &cap);
	free(out);
	assert_int_equal(rc1, -1);
	assert_int_equal(rc2, -1);
}

/*
 * Regression (fixed): a damaged blob whose deltas overflow int64 makes chunk_decode
 * execute signed overflow (t += d), undefined behaviour that UBSan aborts
 * on, instead of returning -1. Blob: n=3, mode 0, t0=0,
 * delta=INT64_MAX, delta-of-delta=0, values 0,0,0. Run in a child
 * process so the abort does not take the other tests down.
 */
static void decode_survives_deltas_that_overflow(void **state)
{
	static const unsigned char blob[] = {
		3, 0, 0,
		0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, /* zigzag(INT64_MAX) */
		0, 0, 0, 0,
	};
	pid_t pid;
	int status = 0;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_sample *out = NULL;
		size_t n = 0, cap = 0;
		int rc = chunk_decode(blob, sizeof(blob), &out, &n, &cap);

		free(out);
		_exit(rc == -1 ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("chunk_decode crashed on an overflowing blob (signal %d)", WTERMSIG(status));
	if (WEXITSTATUS(status) == 3)
		fail_msg("chunk_decode accepted a blob whose times overflow int64");
	if (WEXITSTATUS(status) != 0)
		fail_msg("chunk_decode was stopped on an overflowing blob (exit %d: a sanitizer report above?)",
			 WEXITSTATUS(status));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_keeps_a_single_sample),
		cmocka_unit_test(round_trip_keeps_no_samples),
		cmocka_unit_test(round_trip_keeps_regular_integer_samples),
		cmocka_unit_test(round_trip_keeps_irregular_intervals),
		cmocka_unit_test(round_trip_keeps_values_that_go_down),
		cmocka_unit_test(round_trip_keeps_fractional_values_as_doubles),
		cmocka_unit_test(round_trip_keeps_large_and_negative_timestamps),
		cmocka_unit_test(round_trip_keeps_100k_random_samples),
		cmocka_unit_test(decode_appends_to_what_is_already_there),
		cmocka_unit_test(encode_resets_the_buffer_it_is_given),
		cmocka_unit_test(decode_refuses_every_truncated_blob),
		cmocka_unit_test(decode_refuses_trailing_bytes_and_unknown_modes),
		cmocka_unit_test(decode_refuses_times_that_do_not_increase),
		cmocka_unit_test(decode_survives_deltas_that_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
