/*
 * units.h - memory sizes: parsing what exports write, printing what
 * Kubernetes users read.
 *
 * Sizes are bytes held in a double (exports carry fractional averages).
 */
#ifndef RS_UNITS_H
#define RS_UNITS_H

#include <stddef.h>

/* Multipliers understood after a number, as in "512 MiB", "1.2GB", "4Gi". */
enum units_scale { UNITS_BINARY, UNITS_DECIMAL };

/*
 * Parse a size: a plain number (bytes) or a number followed by an optional
 * space and a unit: B, k/K/KB/kB/KiB/Ki, M/MB/MiB/Mi, G..., T..., P...
 * ("Ki"/"KiB" are 1024-based, "K"/"KB"/"kB" 1000-based as in Kubernetes and
 * Grafana's bytes(Metric)), exponents ("1e9"). Leading/trailing blanks are
 * ignored. Returns 0 and sets *bytes, or -1 when the text is not a size
 * (nothing is printed: the caller knows the place to report).
 */
int units_parse_size(const char *s, size_t len, double *bytes);

/*
 * Human size for tables: three significant figures in Ki/Mi/Gi/Ti,
 * e.g. "412Mi", "6.21Gi", "900B". Writes into buf (>= 16 bytes), returns buf.
 */
char *units_format_size(double bytes, char *buf, size_t buflen);

/*
 * Exact Kubernetes quantity for a whole number of bytes, largest unit that
 * divides it: "8Gi", "4600Mi", "1536Ki", "1000". Returns buf.
 */
char *units_format_quantity(double bytes, char *buf, size_t buflen);

#define UNITS_MI 1048576.0
#define UNITS_GI 1073741824.0

#endif
