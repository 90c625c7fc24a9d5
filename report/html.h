/*
 * html.h - the page every HTML output shares (html.c): one self-contained
 * document with the report's CSS and a Content-Security-Policy that loads
 * nothing from anywhere. Internal to report/.
 */
#ifndef RS_HTML_H
#define RS_HTML_H

#include <stdio.h>

/*
 * Starts the page up to and including <h1>title</h1>. with_script: the
 * policy allows the one inline script html_page_end writes.
 */
void html_page_begin(FILE *out, const char *title, int with_script);
/* Ends the page, with script (NULL: none) as its one inline script. */
void html_page_end(FILE *out, const char *script);

#endif
