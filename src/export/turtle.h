/* Writing RDF as Turtle (W3C, 2014): IRIs and literals escaped for their place, for the
 * DCAT-AP.de description of the open data (/dcat.ttl, src/pages/catalog_dcat.c). */
#ifndef EXPORT_TURTLE_H
#define EXPORT_TURTLE_H

#include "util/buf.h"

/* <iri>: the characters Turtle does not allow in an IRI (space, controls, <>"{}|^`\)
 * percent-encoded. */
void turtle_iri(struct buf *out, const char *iri);
/* "text"@lang (lang NULL: a plain string): quote, backslash and controls escaped; invalid
 * UTF-8 bytes become U+FFFD so a reader never fails on a stored text. */
void turtle_literal(struct buf *out, const char *text, const char *lang);
/* "text"^^<datatype>, escaped as turtle_literal. */
void turtle_typed(struct buf *out, const char *text, const char *datatype);

#endif
