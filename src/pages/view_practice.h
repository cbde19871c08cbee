/* A good practice as the public page and the office's preview show it (view_practice.c). */
#ifndef PAGES_VIEW_PRACTICE_H
#define PAGES_VIEW_PRACTICE_H

#include "domain/practice.h"
#include "domain/practice_files.h"
#include "html/html.h"
#include "http/request.h"

/* The practice's page body (for the public page and the office's preview): sections,
 * criteria, organisation and contact, links, the PDF, related practices. */
void practice_render(struct request *r, struct html *h, const struct practice *p);
/* Markdown as safe HTML, its headings moved below the page's <h2> (# becomes <h3>). */
void practice_markdown(struct html *h, const char *md);

/* For the practice's page, from its current files (practice_file_list, read once): the
 * image (nothing when there is none), and the section "Downloads" (nothing when there are
 * none). A published practice's files are linked at their public addresses, another's (in
 * the office's preview) at the office's. */
void practice_files_image(struct request *r, struct html *h, const struct practice *p,
                          const struct practice_file *list, size_t n);
void practice_files_downloads(struct request *r, struct html *h, const struct practice *p,
                              const struct practice_file *list, size_t n);
/* The address of file f of p: public while p is published, the office's otherwise. */
const char *practice_files_url(struct request *r, const struct practice *p,
                               const struct practice_file *f);
/* The file's bytes as the response, with an ETag from its SHA-256 (the bytes are read
 * only when the client's copy is not current); disposition "inline" or "attachment". */
void practice_files_send(struct request *r, const struct practice_file *f, const char *disposition,
                         const char *cache_control);

#endif
