/* units.c - size parsing and formatting; see units.h. */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *name;
	double factor;
};

/* Longest names first within each letter so "MiB" wins over "Mi" and "M". */
static const struct unit units[] = {
	{ "KiB", 1024.0 }, { "Ki", 1024.0 }, { "KB", 1e3 }, { "kB", 1e3 }, { "K", 1e3 }, { "k", 1e3 },
	{ "MiB", 1048576.0 }, { "Mi", 1048576.0 }, { "MB", 1e6 }, { "M", 1e6 },
	{ "GiB", 1073741824.0 }, { "Gi", 1073741824.0 }, { "GB", 1e9 }, { "G", 1e9 },
	{ "TiB", 1099511627776.0 }, { "Ti", 1099511627776.0 }, { "TB", 1e12 }, { "T", 1e12 },
	{ "PiB", 1125899906842624.0 }, { "Pi", 1125899906842624.0 }, { "PB", 1e15 }, { "P", 1e15 },
	{ "bytes", 1.0 }, { "B", 1.0 }, { "b", 1.0 },
};

int units_parse_size(const char *s, size_t len, double *bytes)
{
	char tmp[64];
	char *end;
	double v;
	size_t i, rest;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	/* strtod accepts "nan", "inf" and hex: none of them is a size. */
	if (!(isdigit((unsigned char)tmp[0]) || tmp[0] == '.' || tmp[0] == '+' || tmp[0] == '-'))
		return -1;
	for (i = 0; i < len; i++)
		if (tmp[i] == 'x' || tmp[i] == 'X' || tmp[i] == 'n' || tmp[i] == 'N')
			return -1;
	errno = 0;
	v = strtod(tmp, &end);
	if (end == tmp || errno == ERANGE || !isfinite(v))
		return -1;
	while (*end == ' ')
		end++;
	rest = strlen(end);
	if (rest == 0) {
		*bytes = v;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].name) == 0) {
			if (!isfinite(v * units[i].factor))
				return -1;
			*bytes = v * units[i].factor;
			return 0;
		}
	}
	return -1;
}

char *units_format_size(double bytes, char *buf, size_t buflen)
{
	static const char *const names[] = { "Ki", "Mi", "Gi", "Ti", "Pi" };
	double v = bytes, r;
	int u = -1, decimals;

	if (isnan(bytes)) {
		snprintf(buf, buflen, "-");
		return buf;
	}
	for (;;) {
		if (u < 0) {
			decimals = 0;
		} else {
			/* Three significant figures, whole numbers shown whole. */
			decimals = fabs(v) >= 100.0 || v == floor(v) ? 0 : fabs(v) >= 10.0 ? 1 : 2;
		}
		/* Round at the precision shown, then see whether it still fits the unit. */
		r = round(v * pow(10.0, decimals)) / pow(10.0, decimals);
		if (fabs(r) < 1024.0 || u == 4)
			break;
		v /= 1024.0;
		u++;
	}
	if (u < 0)
		snprintf(buf, buflen, "%.0fB", r);
	else
		snprintf(buf, buflen, "%.*f%s", decimals && fabs(r) >= 10.0 ? 1 : decimals, r, names[u]);
	return buf;
}

char *units_format_quantity(double bytes, char *buf, size_t buflen)
{
	static const struct unit q[] = {
		{ "Pi", 1125899906842624.0 }, { "Ti", 1099511627776.0 },
		{ "Gi", 1073741824.0 }, { "Mi", 1048576.0 }, { "Ki", 1024.0 },
	};
	double b = ceil(bytes);
	size_t i;

	if (isnan(bytes)) {
		snprintf(buf, buflen, "-");
		return buf;
	}
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		if (b >= q[i].factor && fmod(b, q[i].factor) == 0.0) {
			snprintf(buf, buflen, "%.0f%s", b / q[i].factor, q[i].name);
			return buf;
		}
	}
	snprintf(buf, buflen, "%.0f", b);
	return buf;
}
