/* datadog_json.c - Datadog /api/v1/query JSON (to be written). */
#include "ingest.h"
#include "../util/log.h"

int datadog_json_detect(const char *data, size_t len)
{
	(void)data;
	(void)len;
	return 0;
}

int ingest_datadog_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the Datadog /api/v1/query JSON reader is not written yet", in->name);
}
