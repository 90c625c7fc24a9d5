/* datadog_csv.c - Datadog CSV (to be written). */
#include "ingest.h"
#include "../util/log.h"

int datadog_csv_detect(const char *header, size_t len, char delim)
{
	(void)header;
	(void)len;
	(void)delim;
	return 0;
}

int ingest_datadog_csv(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the Datadog CSV reader is not written yet", in->name);
}
