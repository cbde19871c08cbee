/* An A4 document writer on cairo + pango: a title, meta lines, headings, paragraphs
 * (plain or Markdown with bold, italic, code and links), bullet lists, clickable links,
 * an outline of the headings, and "Page N of M" footers. The output is byte-for-byte the
 * same for the same input. */
#ifndef EXPORT_PDF_H
#define EXPORT_PDF_H
#include <stdint.h>

#include "util/buf.h"
#include "util/i18n.h"

struct pdf_doc;

/* The name and the programme the first page's band shows beside the logo (a lighthouse
 * drawn in vectors, as assets/logo.svg), unless pdf_set_brand says otherwise. */
#define PDF_BRAND_NAME "Leuchtturm"
#define PDF_BRAND_PROGRAMME "IQ Good Practice"

/* A new, empty document whose fixed texts (the footer) are in lang. Building it touches
 * neither cairo nor pango; only pdf_render() does. The PDF is tagged (a structure tree of
 * headings, paragraphs, lists and links, which cairo 1.16 writes; pdfinfo says "Tagged:
 * yes") and names its language (/Lang, added as an incremental update, as cairo 1.16 has
 * no call for it). */
struct pdf_doc *pdf_new(enum lang lang);
void pdf_free(struct pdf_doc *d);

/* Document information: title, author and subject as PDF metadata, and the creation and
 * modification date (UTC seconds; use the data's own time, e.g. when the practice was last
 * updated, never the clock, so the bytes depend on the data alone). base_url (may be NULL)
 * makes links written as "/path" absolute. footer is the text on the left of every footer
 * (may be NULL). */
void pdf_set_info(struct pdf_doc *d, const char *title, const char *author, const char *subject,
                  int64_t date, const char *base_url, const char *footer);

/* The first page's band: name (bold) and programme beside the logo; NULL for either keeps
 * the default, "" leaves it out. */
void pdf_set_brand(struct pdf_doc *d, const char *name, const char *programme);

/* Blocks, in reading order. Text is UTF-8 and taken as plain text unless named Markdown. */
void pdf_title(struct pdf_doc *d, const char *text);
/* A lead paragraph in a larger type (the teaser). */
void pdf_lead(struct pdf_doc *d, const char *text);
/* "label: value" in a small type, the label bold. uri (may be NULL) makes value a link. */
void pdf_meta(struct pdf_doc *d, const char *label, const char *value, const char *uri);
/* The same "label: value" added to the line of the pdf_meta() just before, after " · " (a
 * meta line of its own when the block before is none). */
void pdf_meta_more(struct pdf_doc *d, const char *label, const char *value, const char *uri);
/* A section heading: kept on a page together with the start of what follows, and listed in
 * the PDF's outline (bookmarks). */
void pdf_heading(struct pdf_doc *d, const char *text);
/* A heading below section level (e.g. one criterion), kept with its text too. */
void pdf_subheading(struct pdf_doc *d, const char *text);
void pdf_paragraph(struct pdf_doc *d, const char *text);
/* For documents of several parts (a collection's brochure): a chapter title that starts a
 * new page, is the destination dest (a name of letters, digits and '-'), an outline entry
 * (the headings after it become its children) and the running head of its further pages. */
void pdf_chapter(struct pdf_doc *d, const char *text, const char *dest);
/* A table-of-contents line: text, linked to the chapter dest, with that chapter's page
 * number on the right (known once the document is laid out). */
void pdf_toc_entry(struct pdf_doc *d, const char *text, const char *dest);
/* What follows starts on a new page (nothing when the page is still empty). */
void pdf_page_break(struct pdf_doc *d);
void pdf_bullet(struct pdf_doc *d, const char *text);
/* A paragraph that is one link: text (or the URI itself when text is NULL) to uri. */
void pdf_link(struct pdf_doc *d, const char *text, const char *uri);
/* A list item for paper as for the screen: text (bold), then detail (may be NULL) after a
 * space, and on a line of its own the address uri, written out and linked. */
void pdf_address_item(struct pdf_doc *d, const char *text, const char *detail, const char *uri);
/* A thin horizontal rule across the text's width. */
void pdf_rule(struct pdf_doc *d);
/* The same as a paragraph: text (bold) and below it the address uri. */
void pdf_address(struct pdf_doc *d, const char *text, const char *uri);
/* Markdown (CommonMark with tables, strikethrough and autolinks; raw HTML is shown as
 * text): paragraphs, headings (below section level), lists, quotes, code, rules, and
 * inline bold, italic, code and links (http, https and mailto only). */
void pdf_markdown(struct pdf_doc *d, const char *markdown);

/* Lays the document out on A4 pages and appends the PDF to out. A page left nearly empty
 * (the last one, or the last of a chapter, less than 40 % full) is avoided where tighter
 * spacing between and within paragraphs saves that page. Serialised with a mutex:
 * fontconfig and pango's font map are neither cheap to set up nor safe to share between
 * threads, so one font map is made once and then used by one render at a time. Returns the
 * number of pages, or -1 (logged). */
int pdf_render(struct pdf_doc *d, struct buf *out);

#endif
