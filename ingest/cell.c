/* cell.c - cell values; see cell.h. */
#include "cell.h"
#include "../util/units.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int word(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/* Removes thousands separators from "1,234,567.8" into out; 0 when the shape fits. */
static int ungroup(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i = 0, k = 0, run = 0, groups = 0;

	if (len >= outlen)
		return -1;
	while (i < len && isdigit((unsigned char)s[i])) {
		out[k++] = s[i++];
		run++;
	}
	if (run < 1 || run > 3)
		return -1;
	while (i < len && s[i] == ',') {
		size_t d = 0;

		i++;
		while (i < len && isdigit((unsigned char)s[i]) && d < 4) {
			out[k++] = s[i++];
			d++;
		}
		if (d != 3)
			return -1;
		groups++;
	}
	/*
	 * "1,234" alone is ambiguous in a ';' file (a decimal comma?): only
	 * several groups ("1,234,567") or groups with a decimal point count.
	 */
	if (!groups || (groups == 1 && !memchr(s + i, '.', len - i)))
		return -1;
	while (i < len)
		out[k++] = s[i++];
	out[k] = '\0';
	return 0;
}

enum cell_kind cell_value(const char *s, size_t len, char delim, double *v, const char **why)
{
	size_t i;
	double x;
	char tmp[64];

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len || word(s, len, "null") || word(s, len, "nan") || word(s, len, "+inf") || word(s, len, "-inf") ||
	    word(s, len, "inf") || word(s, len, "-") || word(s, len, "n/a") || word(s, len, "undefined"))
		return CELL_MISSING;
	/* Fast path: a plain non-negative integer, as most exports write bytes. */
	if (len < 16) {
		double acc = 0;

		for (i = 0; i < len && isdigit((unsigned char)s[i]); i++)
			acc = acc * 10 + (s[i] - '0');
		if (i == len) {
			*v = acc;
			return CELL_VALUE;
		}
	}
	if (units_parse_size(s, len, &x) != 0) {
		if (delim == ',' || ungroup(s, len, tmp, sizeof(tmp)) != 0 ||
		    units_parse_size(tmp, strlen(tmp), &x) != 0) {
			*why = "is not a number or a memory size";
			return CELL_BAD;
		}
	}
	if (x < 0) {
		*why = "is negative";
		return CELL_BAD;
	}
	*v = x;
	return CELL_VALUE;
}
