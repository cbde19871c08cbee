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

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define MB (1024u * 1024u)

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
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\"/>";

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_zip_bomb_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_zip_total_size_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_zip_entry_count_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
