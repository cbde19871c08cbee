/* Markdown to HTML with md4c: raw HTML off, and only http, https and mailto links (or
 * relative ones), so text typed by people can never become script. */
#ifndef HTML_MARKDOWN_H
#define HTML_MARKDOWN_H

#include "util/buf.h"

/* Appends the HTML for md to out. The result is safe to write with html_raw_trusted. */
void markdown_render(struct buf *out, const char *md);

#endif
