/* The decision record (Entscheidungsprotokoll) of a call as a PDF: the writer, usable
 * without a request (the pages serve and issue it, the demo issues one). */
#ifndef EXPORT_DECISION_RECORD_H
#define EXPORT_DECISION_RECORD_H
#include <stdint.h>

#include "util/buf.h"
#include "util/i18n.h"

struct store;

/* The decision record of call call_id as a PDF in lang, appended to out; the same bytes for
 * the same data (its date is the data's latest change). Returns the page count, or -1 (no
 * such call, or the PDF could not be made). Reads only. */
int decision_protocol_pdf(struct store *s, int64_t call_id, enum lang lang, struct buf *out);

#endif
