/*
 * cell.h - what one CSV cell holds: a value, a missing value, or junk.
 */
#ifndef RS_CELL_H
#define RS_CELL_H

#include <stddef.h>

enum cell_kind { CELL_VALUE = 0, CELL_MISSING = 1, CELL_BAD = -1 };

/*
 * Reads a memory value: plain bytes ("123456", "3.04e+08"), a size with a
 * unit as Grafana's formatted export writes it ("412 MiB", "1.2 GB"), or
 * thousands-grouped ("1,721,992,142.283", only when the delimiter is not a
 * comma). Empty, "null", "NaN", "+Inf"/"-Inf", "-" and "N/A" are missing.
 * Negative sizes are bad. On CELL_BAD, *why says what is wrong.
 */
enum cell_kind cell_value(const char *s, size_t len, char delim, double *v, const char **why);

#endif
