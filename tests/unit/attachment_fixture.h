/* Shared by the unit tests of attachments (test_attachment_*.c): a database on the run's
 * driver and a files folder in a temporary directory, a submitter with a draft proposal and
 * one of another organisation, small real files and zip archives built with libzip. */
#ifndef TESTS_UNIT_ATTACHMENT_FIXTURE_H
#define TESTS_UNIT_ATTACHMENT_FIXTURE_H
#include "domain/attachment.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define MB (1024u * 1024u)

/* Small real files (sizeof - 1 is their length). */
__attribute__((unused)) static const char pdf[] =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
__attribute__((unused)) static const char jpeg[] =
    "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00"
    "\x00\xff\xd9";
__attribute__((unused)) static const char text[] = "Dies ist nur ein Text, kein PDF.\n";

/* A zip member: given bytes, or `zeros` bytes of zeros produced on the fly (so a bomb
 * needs no memory of its size), stored or deflated. */
struct member {
	const char *name;
	const char *data;
	zip_uint64_t zeros;
	bool store;
};

/* Builds a zip archive with libzip (written to the fixture's directory, read back). */
char *make_zip(const struct member *m, size_t n, size_t *len);

/* The start of an OOXML [Content_Types].xml, up to its Override parts. */
#define CT_HEAD                                                                                    \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "                   \
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "         \
	"Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships"    \
	"+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
/* The [Content_Types].xml and _rels/.rels of a DOCX. */
extern const char ct_docx[];
extern const char rels[];

/* ---- the fixture: a database, a files folder, a submitter with a draft ---- */

struct fixture {
	char dir[64];
	char db[96]; /* the database: a file in /tmp, or on PostgreSQL its address (fixture.h) */
	struct store *s;
	struct arena a;
	struct user anna;  /* submitter of the proposal's organisation */
	struct user bernd; /* submitter of another organisation */
	int64_t proposal;
};

/* cmocka setup: a migrated database on the run's driver (temp_db_open), seeded, and the
 * temporary directory with the files folder (20 MB a file, 10 files a proposal); quiet log,
 * cheapest hash, clock at T0. */
int attachment_setup(void **state);
/* cmocka teardown: checks the audit chain, then removes the directory with all in it. */
int attachment_teardown(void **state);
/* attachment_check of the file name with these bytes. */
int check(const char *name, const void *data, size_t n, struct attachment_verdict *v);

#endif
