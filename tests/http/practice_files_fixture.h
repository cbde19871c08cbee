/* The fixture and helpers shared by tests/http/test_http_practice_files_*.c: a practice's files and
 * their uploads. */
#ifndef PRACTICE_FILES_FIXTURE_H
#define PRACTICE_FILES_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

#define BOUNDARY "----LeuchtturmPracticeFiles9c2e"

/* A minimal PDF. */
static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

/* A PNG's signature and header chunk (640 × 480): what libmagic and the page look at. */
static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x02\x80\x00\x00\x01"
                          "\xe0\x08\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00IEND"
                          "\xae\x42\x60\x82";

/* The harness's query helpers under the names these tests use. */
#define sql_value srv_sql_value
#define sql_long srv_sql_long

/* A client logged in as email, in English. */
struct client *logged_in(struct srv *s, const char *email);

/* A published practice of the demo: its id, and its slug in *slug. */
long published(struct srv *s, const char **slug);

/* POSTs a multipart form: _csrf (unless NULL), one text field (unless key is NULL) and one
 * file part (unless field is NULL). */
long post_multipart(struct client *c, const char *path, const char *csrf, const char *key,
                    const char *value, const char *field, const char *filename, const char *data,
                    size_t n, struct resp *r);

/* Opens the practice's edit page (for a fresh token) and uploads. */
long upload(struct client *c, long id, bool image, const char *text_value, const char *filename,
            const char *data, size_t n, struct resp *r);

/* The id of the practice's newest file with this filename. */
long file_id(struct srv *s, long practice, const char *filename);

#endif
