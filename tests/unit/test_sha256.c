/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 examples and the
 * padding edges (55, 56 and 64 bytes), and its base64 form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sha256.h"

static void hex(const uint8_t d[32], char out[65])
{
	size_t i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const char *data, size_t len, const char *want_hex, const char *want_b64)
{
	uint8_t d[32];
	char h[65], b[45];

	sha256(data, len, d);
	hex(d, h);
	assert_string_equal(h, want_hex);
	sha256_base64(data, len, b);
	assert_string_equal(b, want_b64);
}

static void fips_examples(void **state)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	      "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	      "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	check(two_blocks, strlen(two_blocks), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	      "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
}

static void million_a(void **state)
{
	char *a = malloc(1000000);

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	check(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	      "zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA=");
	free(a);
}

/* 55 bytes: the length fits the one block; 56: it needs a second; 64: a whole block, then padding. */
static void padding_edges(void **state)
{
	char x[64];

	(void)state;
	memset(x, 'x', sizeof(x));
	check(x, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072",
	      "1eKFaDzU78AtAhpcYgFGlJWJAQBdb3HongmJ+sd+QHI=");
	check(x, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e",
	      "BMJiYTcO51QVSdFt7jIMcj4/0UZx5moJmv4KN3wWiI4=");
	check(x, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c",
	      "fOEAlx9k5wAej+WlGXPs3+HO1Cvv5+6NX9YhlQa1OTw=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_examples),
		cmocka_unit_test(million_a),
		cmocka_unit_test(padding_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
