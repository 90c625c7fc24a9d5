/* modelopts.c - model settings from options and config files; see modelopts.h. */
#include "modelopts.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "0.95", "95", "p95", "95%" -> 0.95. */
static int percent_value(const char *s, int allow_p, double *out)
{
	char *end;
	double v;

	if (allow_p && (*s == 'p' || *s == 'P'))
		s++;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v))
		return -1;
	if (*end == '%') {
		end++;
		v /= 100;
	} else if (v > 1) {
		v /= 100;
	}
	if (*end || v < 0)
		return -1;
	*out = v;
	return 0;
}

int modelopt_set(struct model_opts *o, unsigned *mask, const char *key, const char *value, char *why,
		 size_t whylen)
{
	double v;
	int64_t ms;

	if (strcmp(key, "request-percentile") == 0) {
		if (percent_value(value, 1, &v) || v <= 0 || v > 1)
			goto bad_pct;
		o->request_percentile = v;
		*mask |= MODEL_SET_PERCENTILE;
	} else if (strcmp(key, "margin") == 0) {
		if (percent_value(value, 0, &v) || v > 10)
			goto bad_share;
		o->margin = v;
		*mask |= MODEL_SET_MARGIN;
	} else if (strcmp(key, "limit-headroom") == 0) {
		if (percent_value(value, 0, &v) || v > 10)
			goto bad_share;
		o->limit_headroom = v;
		*mask |= MODEL_SET_HEADROOM;
	} else if (strcmp(key, "max-limit-ratio") == 0) {
		char *end;

		errno = 0;
		v = strtod(value, &end);
		if (end == value || *end || errno || !(v >= 1)) {
			snprintf(why, whylen, "\"%s\" is not a ratio of at least 1 (e.g. 1.5)", value);
			return -1;
		}
		o->max_limit_ratio = v;
		*mask |= MODEL_SET_RATIO;
	} else if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
		if (units_parse_size(value, strlen(value), &v) || v <= 0) {
			snprintf(why, whylen, "\"%s\" is not a size (e.g. 64Mi, 32Gi)", value);
			return -1;
		}
		if (key[1] == 'i') {
			o->min_bytes = v;
			*mask |= MODEL_SET_MIN;
		} else {
			o->max_bytes = v;
			*mask |= MODEL_SET_MAX;
		}
	} else if (strcmp(key, "policy") == 0) {
		if (strcmp(value, "burstable") != 0 && strcmp(value, "guaranteed") != 0) {
			snprintf(why, whylen, "\"%s\": the policy is burstable or guaranteed", value);
			return -1;
		}
		o->guaranteed = value[0] == 'g';
		*mask |= MODEL_SET_POLICY;
	} else if (strcmp(key, "half-life") == 0) {
		if (strcmp(value, "0") == 0 || strcmp(value, "off") == 0)
			ms = 0;
		else if (rtime_parse_duration(value, &ms))
			goto bad_dur;
		o->half_life = ms;
		*mask |= MODEL_SET_HALF_LIFE;
	} else if (strcmp(key, "interval") == 0) {
		if (rtime_parse_duration(value, &ms) || ms < 1000)
			goto bad_dur;
		o->interval = ms;
		*mask |= MODEL_SET_INTERVAL;
	} else if (strcmp(key, "keep-within") == 0) {
		if (percent_value(value, 0, &v) || v >= 1)
			goto bad_share;
		o->keep_within = v;
		*mask |= MODEL_SET_KEEP;
	} else {
		return 1;
	}
	return 0;
bad_pct:
	snprintf(why, whylen, "\"%s\" is not a percentile (e.g. 95, p95 or 0.95)", value);
	return -1;
bad_share:
	snprintf(why, whylen, "\"%s\" is not a share (e.g. 10%% or 0.1)", value);
	return -1;
bad_dur:
	snprintf(why, whylen, "\"%s\" is not a duration (e.g. 5m, 1h, 7d)", value);
	return -1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static const char *keep(struct model_config *cfg, const char *s)
{
	cfg->strings = rs_realloc(cfg->strings, (cfg->nstrings + 1) * sizeof(*cfg->strings));
	cfg->strings[cfg->nstrings] = rs_strdup(s);
	return cfg->strings[cfg->nstrings++];
}

int model_config_load(const char *path, struct model_opts *defaults, unsigned *defaults_mask,
		      struct model_config *cfg)
{
	FILE *f = fopen(path, "r");
	char line[1024], why[160], shown[160];
	struct model_override *cur = NULL;
	int lineno = 0, in_defaults = 0;

	memset(cfg, 0, sizeof(*cfg));
	if (!f)
		return rs_error("%s: cannot read the config: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *s, *eq, *key, *value, *hash;
		int rc;

		lineno++;
		/* "# comment", also after a value. */
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		s = trim(line);
		snprintf(shown, sizeof(shown), "%s", s);
		if (!*s || *s == ';')
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']'), *name;

			if (!end || end[1])
				goto bad_section;
			*end = '\0';
			name = trim(s + 1);
			in_defaults = strcmp(name, "defaults") == 0;
			cur = NULL;
			if (in_defaults)
				continue;
			if (strncmp(name, "namespace ", 10) != 0 && strncmp(name, "workload ", 9) != 0)
				goto bad_section;
			cfg->v = rs_realloc(cfg->v, (cfg->n + 1) * sizeof(*cfg->v));
			cur = &cfg->v[cfg->n++];
			memset(cur, 0, sizeof(*cur));
			model_opts_init(&cur->set);
			if (name[0] == 'n')
				cur->namespace = keep(cfg, trim(name + 10));
			else
				cur->workload = keep(cfg, trim(name + 9));
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			fclose(f);
			model_config_free(cfg);
			return rs_error("%s:%d: expected \"key = value\" or a [section], got \"%s\"", path, lineno, s);
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		if (!cur && !in_defaults) {
			fclose(f);
			model_config_free(cfg);
			return rs_error("%s:%d: \"%s\" outside a section: start with [defaults], [namespace GLOB] or "
					"[workload GLOB]", path, lineno, key);
		}
		rc = in_defaults ? modelopt_set(defaults, defaults_mask, key, value, why, sizeof(why))
				 : modelopt_set(&cur->set, &cur->mask, key, value, why, sizeof(why));
		if (rc) {
			fclose(f);
			model_config_free(cfg);
			if (rc > 0)
				return rs_error("%s:%d: unknown setting \"%s\" (request-percentile, margin, limit-headroom, "
						"max-limit-ratio, min, max, policy, half-life, interval, keep-within)",
						path, lineno, key);
			return rs_error("%s:%d: %s: %s", path, lineno, key, why);
		}
	}
	fclose(f);
	return 0;
bad_section:
	fclose(f);
	model_config_free(cfg);
	return rs_error("%s:%d: unknown section \"%s\": use [defaults], [namespace GLOB] or [workload GLOB]", path, lineno,
			shown);
}

void model_config_free(struct model_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nstrings; i++)
		free(cfg->strings[i]);
	free(cfg->strings);
	free(cfg->v);
	memset(cfg, 0, sizeof(*cfg));
}
