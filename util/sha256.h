/*
 * sha256.h - SHA-256 (FIPS 180-4) of a byte string, and its base64 form
 * as a Content-Security-Policy source names it ('sha256-...').
 */
#ifndef RS_SHA256_H
#define RS_SHA256_H

#include <stddef.h>
#include <stdint.h>

void sha256(const void *data, size_t len, uint8_t digest[32]);

/* The digest in base64 with padding (44 characters and a NUL: out holds 45). */
void sha256_base64(const void *data, size_t len, char out[45]);

#endif
