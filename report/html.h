/*
 * html.h - the page every HTML output shares (html.c): one self-contained
 * document with the report's CSS and a Content-Security-Policy that loads
 * nothing from anywhere. Internal to report/.
 */
#ifndef RS_HTML_H
#define RS_HTML_H

#include <stdio.h>

/*
 * Starts the page up to and including <h1>title</h1>. script: the one
 * inline script the page will run (html_page_end writes it), which the
 * policy allows by its SHA-256; NULL: the page runs no script.
 */
void html_page_begin(FILE *out, const char *title, const char *script);
/* Ends the page, with the same script as html_page_begin's (NULL: none). */
void html_page_end(FILE *out, const char *script);

#endif
