/* The fixture and helpers of the attachment tests (attachment_fixture.h). */
#include "attachment_fixture.h"
#include "domain/attachment.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <setjmp.h>
#include <cmocka.h>

/* The state of a zip source of `size` zeros. */
struct zero_source {
	zip_uint64_t size, pos;
};

/* A libzip source function that produces zeros without holding them. */
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

/* Where make_zip writes its archive: the running test's directory. */
static char zip_dir[64];

/* Builds a zip archive with libzip (written to a temporary file, read back). */
char *
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

const char ct_docx[] =
    CT_HEAD "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd."
            "openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\"/>";

/* nftw's callback that removes each entry. */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* What attachment_setup writes, in one transaction as a caller would. */
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

/* The temporary directory with the database, migrated and seeded, and the files folder. */
int
attachment_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	user_set_pwhash_cost(PWHASH_MIN);
	time_set_fake(T0);
	snprintf(f->dir, sizeof f->dir, "/tmp/lt-attach-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(zip_dir, sizeof zip_dir, "%s", f->dir);
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	attachment_configure(files, 20 * MB, 10);
	temp_db_open(&f->s, f->db, sizeof f->db, "attach");
	TX_RUN(f->s, setup_seed, f);
	*state = f;
	return 0;
}

/* Checks the audit chain, then removes the directory with all in it. */
int
attachment_teardown(void **state)
{
	struct fixture *f = *state;
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	temp_db_close(f->s, f->db);
	arena_free(&f->a);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	time_set_fake(0);
	free(f);
	return 0;
}

/* attachment_check of the file name with these bytes. */
int
check(const char *name, const void *data, size_t n, struct attachment_verdict *v)
{
	return attachment_check(name, data, n, v);
}
