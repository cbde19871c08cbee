/* Sending a stored file (a proposal's attachment, a practice's image or download): the
 * Content-Disposition header, and the type and size as the pages show them. */
#ifndef PAGES_VIEW_STORED_FILE_H
#define PAGES_VIEW_STORED_FILE_H
#include <stdint.h>

#include "http/request.h"

/* "attachment; filename="ascii"; filename*=UTF-8''…" for a stored (sanitized) file name:
 * old clients take the first form, others the second (RFC 6266, RFC 8187). disposition
 * is "attachment" or "inline". In the request's arena. */
const char *stored_file_disposition(struct request *r, const char *disposition,
                                    const char *filename);
/* The format's name for a content type of attachment_types ("PDF", "DOCX" …); the type
 * itself for another. */
const char *stored_file_type_label(const char *mime);
/* "340 kB", "1.4 MB" (with a decimal comma in German). In the request's arena. */
const char *stored_file_size_text(struct request *r, int64_t size);

#endif
