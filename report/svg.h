/*
 * svg.h - usage charts drawn as SVG, and HTML/XML escaping, for the HTML
 * and Markdown reports. Pure formatting of what the model computed.
 */
#ifndef RS_SVG_H
#define RS_SVG_H

#include <stdio.h>

#include "../model/model.h"

/* s as HTML/XML text or attribute value: & < > " ' escaped. */
void html_escape(FILE *out, const char *s);

/*
 * One container's chart: its usage band over time (lowest and highest
 * interval peak across pods per bucket), the current request and limit as
 * lines, the recommended ones dashed, OOM kills as red markers with their
 * times. Axes in Mi/Gi and UTC dates. standalone: a file of its own (XML
 * declaration and namespace); otherwise inline in an HTML page.
 */
void svg_chart(FILE *out, const struct model_container *c, int standalone);

#endif
