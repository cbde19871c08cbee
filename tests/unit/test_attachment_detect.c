/* Attachments: type detection by content (real small files built here), the lies that are
 * refused, names of no allowed type, damaged zips, detection from many threads. */
#include "domain/attachment.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <dirent.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "fixture.h"
#include "attachment_fixture.h"

#include <setjmp.h>
#include <cmocka.h>

/* ---- small real files ---- */

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A 1×1 grey PNG: signature, IHDR, IDAT (a stored zlib stream), IEND, with real CRCs. */
static size_t
make_png(unsigned char *out)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
	static const unsigned char idat[] = {0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff,
	                                     0x00, 0x80, 0x00, 0x81, 0x00, 0x81};
	struct {
		const char *type;
		const unsigned char *data;
		size_t n;
	} chunks[] = {{"IHDR", ihdr, sizeof ihdr}, {"IDAT", idat, sizeof idat}, {"IEND", NULL, 0}};
	size_t n = 0;
	memcpy(out, sig, sizeof sig);
	n += sizeof sig;
	for (size_t i = 0; i < 3; i++) {
		put32(out + n, (uint32_t)chunks[i].n);
		memcpy(out + n + 4, chunks[i].type, 4);
		if (chunks[i].n)
			memcpy(out + n + 8, chunks[i].data, chunks[i].n);
		put32(out + n + 8 + chunks[i].n, crc32_of(out + n + 4, chunks[i].n + 4));
		n += 12 + chunks[i].n;
	}
	return n;
}

static const char ct_xlsx[] =
    CT_HEAD "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd."
            "openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
static const char ct_docm[] =
    CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word."
            "document.macroEnabled.main+xml\"/></Types>";
static char *
make_docx(size_t *len)
{
	struct member m[] = {{"[Content_Types].xml", ct_docx, 0, false},
	                     {"_rels/.rels", rels, 0, false},
	                     {"word/document.xml", "<w:document/>", 0, false}};
	return make_zip(m, 3, len);
}

static char *
make_odf(const char *mimetype, bool mimetype_first, size_t *len)
{
	struct member a = {"mimetype", mimetype, 0, true};
	struct member b = {"content.xml", "<office:document-content/>", 0, false};
	struct member m[2] = {mimetype_first ? a : b, mimetype_first ? b : a};
	return make_zip(m, 2, len);
}

/* ---- type detection ---- */

static void
test_allowed_types_detected(void **state)
{
	struct attachment_verdict v;
	unsigned char png[128];
	size_t png_len = make_png(png);
	assert_int_equal(check("Bericht.pdf", pdf, sizeof pdf - 1, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_PDF);
	assert_int_equal(check("Foto.PNG", png, png_len, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_PNG);
	assert_int_equal(check("Foto.jpeg", jpeg, sizeof jpeg - 1, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_JPEG);
	assert_int_equal(check("Foto.jpg", jpeg, sizeof jpeg - 1, &v), ATTACHMENT_OK);

	size_t n;
	char *docx = make_docx(&n);
	assert_int_equal(check("Konzept.docx", docx, n, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_DOCX);
	free(docx);

	struct member x[] = {{"[Content_Types].xml", ct_xlsx, 0, false},
	                     {"xl/workbook.xml", "<workbook/>", 0, false}};
	char *xlsx = make_zip(x, 2, &n);
	assert_int_equal(check("Zahlen.xlsx", xlsx, n, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_XLSX);
	free(xlsx);

	char *odt = make_odf("application/vnd.oasis.opendocument.text", true, &n);
	assert_int_equal(check("Konzept.odt", odt, n, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_ODT);
	free(odt);
	char *ods = make_odf("application/vnd.oasis.opendocument.spreadsheet", true, &n);
	assert_int_equal(check("Zahlen.ods", ods, n, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_ODS);
	free(ods);
}

/* libmagic knows OOXML and ODF only by the order of the first entries; with another order
 * it says application/zip, and the archive's own content type list decides. */
static void
test_office_files_in_any_order(void **state)
{
	struct attachment_verdict v;
	size_t n;
	struct member m[] = {{"word/document.xml", "<w:document/>", 0, false},
	                     {"_rels/.rels", rels, 0, false},
	                     {"[Content_Types].xml", ct_docx, 0, false}};
	char *docx = make_zip(m, 3, &n);
	assert_int_equal(check("Konzept.docx", docx, n, &v), ATTACHMENT_OK);
	assert_int_equal(v.detected, AT_DOCX);
	free(docx);
	char *odt = make_odf("application/vnd.oasis.opendocument.text", false, &n);
	assert_int_equal(check("Konzept.odt", odt, n, &v), ATTACHMENT_OK);
	assert_string_equal(v.mime, "application/zip");
	assert_int_equal(v.detected, AT_ODT);
	free(odt);
}

static void
test_lying_files_refused(void **state)
{
	struct attachment_verdict v;
	unsigned char png[128];
	size_t png_len = make_png(png);
	/* A text file renamed .pdf. */
	assert_int_equal(check("Bericht.pdf", text, sizeof text - 1, &v), ATTACHMENT_MISMATCH);
	assert_int_equal(v.claimed, AT_PDF);
	assert_int_equal(v.detected, -1);
	assert_string_equal(v.mime, "text/plain");
	/* A PNG renamed .docx. */
	assert_int_equal(check("Konzept.docx", png, png_len, &v), ATTACHMENT_MISMATCH);
	assert_int_equal(v.claimed, AT_DOCX);
	assert_int_equal(v.detected, AT_PNG);
	/* A real DOCX renamed .pdf. */
	size_t n;
	char *docx = make_docx(&n);
	assert_int_equal(check("Bericht.pdf", docx, n, &v), ATTACHMENT_MISMATCH);
	assert_int_equal(v.detected, AT_DOCX);
	free(docx);
	/* A plain zip and a macro document renamed .docx. */
	struct member plain[] = {{"a.txt", "hello", 0, false}};
	char *zip = make_zip(plain, 1, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_MISMATCH);
	assert_int_equal(v.detected, -1);
	free(zip);
	struct member docm[] = {{"[Content_Types].xml", ct_docm, 0, false},
	                        {"word/document.xml", "<w:document/>", 0, false}};
	zip = make_zip(docm, 2, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_MISMATCH);
	free(zip);
	/* An ODF presentation renamed .odt. */
	char *odp = make_odf("application/vnd.oasis.opendocument.presentation", true, &n);
	assert_int_equal(check("Folien.odt", odp, n, &v), ATTACHMENT_MISMATCH);
	free(odp);
}

static void
test_names_that_are_no_allowed_type(void **state)
{
	struct attachment_verdict v;
	assert_int_equal(check("Bericht.txt", pdf, sizeof pdf - 1, &v), ATTACHMENT_BAD_NAME);
	assert_int_equal(check("Bericht", pdf, sizeof pdf - 1, &v), ATTACHMENT_BAD_NAME);
	assert_int_equal(check("Bericht.pdf.exe", pdf, sizeof pdf - 1, &v), ATTACHMENT_BAD_NAME);
	assert_int_equal(check("", pdf, sizeof pdf - 1, &v), ATTACHMENT_BAD_NAME);
	assert_int_equal(attachment_type_from_name("x.PdF"), AT_PDF);
	assert_int_equal(attachment_type_from_name("x.jpeg"), AT_JPEG);
	assert_int_equal(attachment_type_from_name(".docx.zip"), -1);
}

static void
test_damaged_zip_refused(void **state)
{
	struct attachment_verdict v;
	size_t n;
	char *docx = make_docx(&n);
	/* Cut off the central directory: the local header still says PK\3\4. */
	assert_int_equal(check("Konzept.docx", docx, n / 2, &v), ATTACHMENT_DAMAGED);
	free(docx);
}

/* Several threads at once: each has its own libmagic handle. */
static void *
detect_many(void *arg)
{
	unsigned char png[128];
	size_t png_len = make_png(png);
	for (int i = 0; i < 50; i++) {
		enum attachment_type t;
		if (attachment_detect(pdf, sizeof pdf - 1, &t, NULL) != ATTACHMENT_OK ||
		    t != AT_PDF)
			return "pdf";
		if (attachment_detect(png, png_len, &t, NULL) != ATTACHMENT_OK || t != AT_PNG)
			return "png";
	}
	return NULL;
}

static void
test_detection_in_threads(void **state)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, detect_many, NULL);
	for (int i = 0; i < 4; i++) {
		void *res;
		pthread_join(t[i], &res);
		assert_null(res);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_allowed_types_detected, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_office_files_in_any_order, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_lying_files_refused, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_names_that_are_no_allowed_type, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_zip_refused, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_detection_in_threads, attachment_setup,
	                                    attachment_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
