/* Attachments: the zip bombs that are refused, by ratio, by total size and by entry count. */
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

/* A zip bomb renamed .docx: a real DOCX whose document part is 150 MB of zeros (about
 * 150 kB compressed). The central directory gives it away without extracting anything. */
static void
test_zip_bomb_refused(void **state)
{
	struct attachment_verdict v;
	size_t n;
	struct member m[] = {{"[Content_Types].xml", ct_docx, 0, false},
	                     {"_rels/.rels", rels, 0, false},
	                     {"word/document.xml", NULL, 150 * (zip_uint64_t)MB, false}};
	char *bomb = make_zip(m, 3, &n);
	assert_true(n < MB);
	assert_int_equal(check("Konzept.docx", bomb, n, &v), ATTACHMENT_ZIP_RATIO);
	free(bomb);
}

/* Many entries, each small enough to be exempt from the ratio, adding up to > 100 MB. */
static void
test_zip_total_size_refused(void **state)
{
	struct attachment_verdict v;
	size_t n;
	struct member m[102];
	char names[102][32];
	m[0] = (struct member){"[Content_Types].xml", ct_docx, 0, false};
	for (int i = 1; i < 102; i++) {
		snprintf(names[i], sizeof names[i], "word/media/part%d.bin", i);
		m[i] = (struct member){names[i], NULL, MB, false};
	}
	char *zip = make_zip(m, 102, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_ZIP_SIZE);
	free(zip);
}

static void
test_zip_entry_count_refused(void **state)
{
	struct attachment_verdict v;
	size_t n;
	enum { N = ATTACHMENT_ZIP_MAX_ENTRIES + 1 };
	struct member *m = xcalloc(N, sizeof *m);
	char(*names)[32] = xcalloc(N, sizeof *names);
	m[0] = (struct member){"[Content_Types].xml", ct_docx, 0, false};
	for (int i = 1; i < N; i++) {
		snprintf(names[i], sizeof names[i], "word/p%d.xml", i);
		m[i] = (struct member){names[i], "<p/>", 0, true};
	}
	char *zip = make_zip(m, N, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_ZIP_ENTRIES);
	/* One entry fewer is fine. */
	free(zip);
	zip = make_zip(m, N - 1, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_OK);
	free(zip);
	free(names);
	free(m);
}

/* Writes size as the uncompressed size of every entry, in its local header and in the
 * central directory: an archive that lies about what it holds. */
static void
lie_about_sizes(char *zip, size_t n, uint32_t size)
{
	unsigned char le[4] = {size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >> 24};
	for (size_t i = 0; i + 46 <= n; i++) {
		if (memcmp(zip + i, "PK\x03\x04", 4) == 0)
			memcpy(zip + i + 22, le, 4);
		else if (memcmp(zip + i, "PK\x01\x02", 4) == 0)
			memcpy(zip + i + 24, le, 4);
	}
}

/* A DOCX whose directory claims 1,000 bytes for a part that inflates to 64 MB: the sizes
 * pass, the inflating does not (it stops long before the 64 MB). */
static void
test_zip_bomb_that_lies_refused(void **state)
{
	struct attachment_verdict v;
	size_t n;
	struct member m[] = {{"[Content_Types].xml", ct_docx, 0, false},
	                     {"_rels/.rels", rels, 0, false},
	                     {"word/document.xml", NULL, 64 * (zip_uint64_t)MB, false}};
	char *bomb = make_zip(m, 3, &n);
	assert_int_equal(check("Konzept.docx", bomb, n, &v), ATTACHMENT_ZIP_RATIO);
	lie_about_sizes(bomb, n, 1000);
	/* Its directory no longer gives it away … */
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(bomb, n, 0, &err);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
	assert_non_null(za);
	zip_stat_t st;
	assert_int_equal(zip_stat(za, "word/document.xml", 0, &st), 0);
	assert_int_equal(st.size, 1000);
	zip_discard(za);
	zip_error_fini(&err);
	/* … but inflating does: libzip stops at the declared size and finds the CRC wrong
	 * (damaged); a reader that went on would hit the byte cap (ratio). Never accepted. */
	int rc = check("Konzept.docx", bomb, n, &v);
	if (rc != ATTACHMENT_DAMAGED && rc != ATTACHMENT_ZIP_RATIO)
		fail_msg("a zip bomb that lies about its size: %d", rc);
	free(bomb);
}

/* A part that is shorter than its directory says is damaged, not accepted. */
static void
test_zip_entry_shorter_than_declared(void **state)
{
	struct attachment_verdict v;
	size_t n;
	struct member m[] = {{"[Content_Types].xml", ct_docx, 0, false},
	                     {"_rels/.rels", rels, 0, false},
	                     {"word/document.xml", "<w:document/>", 0, false}};
	char *zip = make_zip(m, 3, &n);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_OK);
	lie_about_sizes(zip, n, 900);
	assert_int_equal(check("Konzept.docx", zip, n, &v), ATTACHMENT_DAMAGED);
	free(zip);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_zip_bomb_that_lies_refused, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_zip_entry_shorter_than_declared, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_zip_bomb_refused, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_zip_total_size_refused, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_zip_entry_count_refused, attachment_setup,
	                                    attachment_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
