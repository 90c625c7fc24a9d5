/* airflow_log.c - Airflow task logs (to be written). */
#include "ingest.h"
#include "../util/log.h"

int airflow_log_detect(const char *data, size_t len)
{
	(void)data;
	(void)len;
	return 0;
}

int ingest_airflow_log(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the Airflow task logs reader is not written yet", in->name);
}
