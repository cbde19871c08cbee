/* A zip archive of several files (libzip), written to an unlinked temporary file so that a
 * large package takes no memory beyond libzip's buffers: the transfer package of a practice
 * (/praxis/SLUG/transferpaket.zip, src/pages/transfer_package.c; a person's data export,
 * src/pages/account_data.c). */
#ifndef EXPORT_PACKAGE_H
#define EXPORT_PACKAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct package_entry {
	const char *name; /* its path in the archive ("downloads/01-leitfaden.pdf") */
	/* The bytes in memory (must live until package_zip returns), or, with data NULL, a
	 * file of exactly len bytes read while the archive is written. */
	const void *data;
	const char *file;
	size_t len;
	bool store; /* stored as is: formats that are compressed already (PDF, DOCX, PNG …) */
};

/* Writes the entries in order, each dated mtime (UTC seconds) with the same attributes, so
 * the same entries give the same archive. Returns the open temporary file (already
 * unlinked, positioned at its start) with *size its length, or -1 (logged; nothing left
 * behind). The caller closes it (http_send_file does). */
int package_zip(const struct package_entry *e, size_t n, int64_t mtime, uint64_t *size);

#endif
