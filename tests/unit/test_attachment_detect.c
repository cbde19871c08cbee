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

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define MB (1024u * 1024u)

/* ---- small real files ---- */

static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00"
                           "\x00\xff\xd9";
static const char text[] = "Dies ist nur ein Text, kein PDF.\n";

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

/* A zip member: given bytes, or `zeros` bytes of zeros produced on the fly (so a bomb
 * needs no memory of its size), stored or deflated. */
struct member {
	const char *name;
	const char *data;
	zip_uint64_t zeros;
	bool store;
};

struct zero_source {
	zip_uint64_t size, pos;
};

static zip_int64_t
zero_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zero_source *z = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = z->size - z->pos < len ? z->size - z->pos : len;
		memset(data, 0, n);
		z->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = z->size;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return 0;
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

static char zip_dir[64];

/* Builds a zip archive with libzip (written to a temporary file, read back). */
static char *
make_zip(const struct member *m, size_t n, size_t *len)
{
	char path[128];
	snprintf(path, sizeof path, "%s/build.zip", zip_dir);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	struct zero_source *zs = xcalloc(n ? n : 1, sizeof *zs);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src;
		if (m[i].zeros) {
			zs[i].size = m[i].zeros;
			src = zip_source_function(za, zero_source, &zs[i]);
		} else {
			src = zip_source_buffer(za, m[i].data, strlen(m[i].data), 0);
		}
		assert_non_null(src);
		zip_int64_t idx = zip_file_add(za, m[i].name, src, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		/* Level 1: the bombs below compress in a fraction of a second. */
		zip_set_file_compression(za, (zip_uint64_t)idx,
		                         m[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 1);
	}
	assert_int_equal(zip_close(za), 0);
	free(zs);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = xmalloc((size_t)size);
	assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	unlink(path);
	*len = (size_t)size;
	return data;
}

#define CT_HEAD                                                                                    \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "                   \
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "         \
	"Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships"    \
	"+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
static const char ct_docx[] =
    CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd."
            "openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char ct_xlsx[] =
    CT_HEAD "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd."
            "openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>";
static const char ct_docm[] =
    CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.ms-word."
            "document.macroEnabled.main+xml\"/></Types>";
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\"/>";

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

/* ---- the fixture: a database, a files folder, a submitter with a draft ---- */

struct fixture {
	char dir[64];
	char db[96];
	struct store *s;
	struct arena a;
	struct user anna;  /* submitter of the proposal's organisation */
	struct user bernd; /* submitter of another organisation */
	int64_t proposal;
};

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
setup_seed(struct store *tx_s, void *arg)
{
	struct fixture *f = arg;
	(void)tx_s;

	int64_t net =
	    organisation_create(f->s, 0, "IQ Netzwerk Berlin", "NW BE", "network", 0, "Berlin");
	int64_t tp = organisation_create(f->s, 0, "Teilprojekt Anerkennung", "TP A", "teilprojekt",
	                                 net, "Berlin");
	int64_t tp2 = organisation_create(f->s, 0, "Teilprojekt Betriebe", "TP B", "teilprojekt",
	                                  net, "Berlin");
	assert_true(net > 0 && tp > 0 && tp2 > 0);
	int64_t a = user_create(f->s, 0, "anna@example.org", "Anna Schmidt",
	                        "korrekt Pferd Batterie", ROLE_SUBMITTER, tp);
	int64_t b = user_create(f->s, 0, "bernd@example.org", "Bernd Roth",
	                        "korrekt Pferd Batterie", ROLE_SUBMITTER, tp2);
	assert_true(a > 0 && b > 0);
	assert_true(user_find_by_id(f->s, &f->a, a, &f->anna));
	assert_true(user_find_by_id(f->s, &f->a, b, &f->bernd));
	int64_t call = call_create(f->s, 0, "Runde 2027", "", T0 - DAY, T0 + 30 * DAY,
	                           T0 + 60 * DAY, T0 + 90 * DAY);
	assert_true(call > 0);
	assert_int_equal(call_set_phase(f->s, 0, call, PHASE_OPEN), 0);
	f->proposal = proposal_create(f->s, &f->anna, call, tp);
	assert_true(f->proposal > 0);
	return STORE_OK;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	user_set_pwhash_cost(PWHASH_MIN);
	time_set_fake(T0);
	snprintf(f->dir, sizeof f->dir, "/tmp/lt-attach-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(zip_dir, sizeof zip_dir, "%s", f->dir);
	snprintf(f->db, sizeof f->db, "%s/lt.db", f->dir);
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	attachment_configure(files, 20 * MB, 10);
	assert_int_equal(store_open(&f->s, f->db), STORE_OK);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	TX_RUN(f->s, setup_seed, f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	store_close(f->s);
	arena_free(&f->a);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	time_set_fake(0);
	free(f);
	return 0;
}

static int
check(const char *name, const void *data, size_t n, struct attachment_verdict *v)
{
	return attachment_check(name, data, n, v);
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
	    cmocka_unit_test_setup_teardown(test_allowed_types_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_office_files_in_any_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lying_files_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_names_that_are_no_allowed_type, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_damaged_zip_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_detection_in_threads, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
