/* A ZIP archive of a few files built in memory (libzip), e.g. a person's data export. */
#ifndef EXPORT_ZIP_BUNDLE_H
#define EXPORT_ZIP_BUNDLE_H
#include <stddef.h>

#include "util/buf.h"

struct zip_entry {
	const char *name;
	const char *data;
	size_t len;
};

/* Writes the n entries, deflated, as one archive into out. 0, or -1 (out unchanged). */
int zip_bundle(const struct zip_entry *entries, size_t n, struct buf *out);

#endif
