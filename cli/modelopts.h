/*
 * modelopts.h - the model's settings from the command line and from a
 * --config file (per-namespace and per-workload overrides); one parser
 * for both, so a key means the same in either place.
 */
#ifndef RS_MODELOPTS_H
#define RS_MODELOPTS_H

#include <stddef.h>

#include "../model/model.h"

/*
 * Sets one model setting by its option name ("margin", "policy", ...).
 * Returns 0 (and adds the field to *mask), 1 when key is not a model
 * setting, or -1 with *why set when the value is not valid.
 */
int modelopt_set(struct model_opts *o, unsigned *mask, const char *key, const char *value, char *why,
		 size_t whylen);

/* A loaded --config file: owns its overrides and their strings. */
struct model_config {
	struct model_override *v;
	size_t n;
	char **strings;
	size_t nstrings;
};

/*
 * Reads path: "[defaults]" settings go into *defaults (mask in
 * *defaults_mask), "[namespace GLOB]" and "[workload GLOB]" sections become
 * overrides in file order; "key = value" lines with the option names of
 * `rightsize report`; "#" comments. Returns 0, or -1 after an error that
 * names the file, line and key.
 */
int model_config_load(const char *path, struct model_opts *defaults, unsigned *defaults_mask,
		      struct model_config *cfg);
void model_config_free(struct model_config *cfg);

#endif
