/* A practice's image and downloads in the domain: image sizes read from PNG and JPEG
 * headers (untrusted bytes), the rules of adding (one current image, which a new one
 * replaces; text required; PNG or JPEG only; the download limit), removal, updated_at and
 * the audit events. */
#include "domain/practice.h"
#include "domain/practice_files.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define MB (1024u * 1024u)

static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x02\x80\x00\x00\x01"
                          "\xe0\x08\x02\x00\x00\x00\x00\x00\x00\x00";
/* APP0 (JFIF), then a baseline frame header: 320 wide, 240 high. */
static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00"
                           "\x00\xff\xc0\x00\x11\x08\x00\xf0\x01\x40\x03\x01\x22\x00\x02\x11"
                           "\x01\x03\x11\x01\xff\xd9";
static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

/* ---- image sizes ---- */

static bool
size_of(const char *data, size_t n, int *w, int *h)
{
	return practice_file_image_size(data, n, w, h);
}

static void
test_image_size(void **state)
{
	(void)state;
	int w, h;
	assert_true(size_of(png, sizeof png - 1, &w, &h));
	assert_int_equal(w, 640);
	assert_int_equal(h, 480);
	assert_true(size_of(jpeg, sizeof jpeg - 1, &w, &h));
	assert_int_equal(w, 320);
	assert_int_equal(h, 240);
	/* Progressive (SOF2) after a table (DHT, C4, which is no frame header), fill bytes. */
	static const char prog[] = "\xff\xd8\xff\xc4\x00\x04\x00\x00\xff\xff\xc2\x00\x0b\x08\x00"
	                           "\x10\x00\x20\x01\x01\x11\x00";
	assert_true(size_of(prog, sizeof prog - 1, &w, &h));
	assert_int_equal(w, 32);
	assert_int_equal(h, 16);
	/* Refusals leave 0 × 0. */
#define BAD(s)                                                                                     \
	{                                                                                          \
		s, sizeof s - 1                                                                    \
	}
	static const struct {
		const char *data;
		size_t n;
	} bad[] = {
	    BAD(""),
	    BAD("\xff\xd8"),
	    BAD("\xff\xd8\xff\xda\x00\x08"),                             /* a scan, no frame */
	    BAD("\xff\xd8\xff\xe0\xff\xf0"),                             /* past the end */
	    BAD("\xff\xd8\xff\xe0\x00\x00\x00\x00"),                     /* length below 2 */
	    BAD("\xff\xd8\xff\xc0\x00\x11\x08\x00"),                     /* frame cut short */
	    BAD("\xff\xd8\xff\xc0\x00\x11\x08\x00\x00\x01\x40\x03\x01"), /* zero height */
	    BAD("\xff\xd8\x00\x00\x00\x00"),                             /* no marker */
	    BAD("%PDF-1.4 not an image at all, but long enough"),
	};
#undef BAD
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		w = h = 7;
		assert_false(size_of(bad[i].data, bad[i].n, &w, &h));
		assert_int_equal(w, 0);
		assert_int_equal(h, 0);
	}
	/* A PNG cut inside its header, and one of zero width. */
	assert_false(size_of(png, 23, &w, &h));
	char zero[sizeof png];
	memcpy(zero, png, sizeof png);
	memset(zero + 16, 0, 4);
	assert_false(size_of(zero, sizeof png - 1, &w, &h));
}

/* ---- the rules ---- */

struct fixture {
	char path[64], dir[64];
	struct store *s;
	struct arena a;
	int64_t practice;
};

static const struct store_query q_events = {
    "t_pf_events", "SELECT count(*) FROM audit_event WHERE action = ?1 AND object = ?2"};
static const struct store_query q_updated = {"t_pf_updated",
                                             "SELECT updated_at FROM practice WHERE id = ?1"};
static const struct store_query q_current_images = {
    "t_pf_images", "SELECT count(*) FROM practice_file WHERE practice_id = ?1 AND kind = "
                   "'image' AND removed_at IS NULL"};

static int64_t
one_int(struct fixture *f, const struct store_query *q, int64_t a, const char *b)
{
	struct stmt *st = store_stmt(f->s, q);
	if (b) {
		stmt_bind_text(st, 1, b);
		char obj[40];
		snprintf(obj, sizeof obj, "practice:%lld", (long long)a);
		stmt_bind_text(st, 2, obj);
	} else {
		stmt_bind_int(st, 1, a);
	}
	int64_t v = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return v;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The practice the files go to, in a transaction as the office's page makes it. */
static int
create_practice(struct store *s, void *arg)
{
	struct fixture *f = arg;
	struct practice_input in = {.text[PX_TITLE] = "Lotsen für die Anerkennung"};
	f->practice = practice_create(s, 0, &in);
	return f->practice > 0 ? STORE_OK : STORE_ERR;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	time_set_fake(T0);
	snprintf(f->dir, sizeof f->dir, "/tmp/lt-pfiles-dir-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char files[96];
	snprintf(files, sizeof files, "%s/files", f->dir);
	attachment_configure(files, 20 * MB, 2);
	temp_db_open(&f->s, f->path, sizeof f->path, "pfiles");
	assert_int_equal(store_tx(f->s, create_practice, f), STORE_OK);
	assert_true(f->practice > 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	arena_free(&f->a);
	free(f);
	time_set_fake(0);
	attachment_configure("data/files", ATTACHMENT_DEFAULT_MAX_MB * MB,
	                     ATTACHMENT_DEFAULT_MAX_COUNT);
	return 0;
}

static int
add(struct fixture *f, enum practice_file_kind kind, const char *name, const char *data, size_t n,
    const char *text, int64_t *id)
{
	struct attachment_verdict v;
	return practice_file_add(f->s, 0, f->practice, kind, name, data, n, text, &v, id);
}

static void
test_images(void **state)
{
	struct fixture *f = *state;
	int64_t first = 0, second = 0;
	time_set_fake(T0 + 60);
	assert_int_equal(add(f, PRACTICE_FILE_IMAGE, "Bild.png", png, sizeof png - 1,
	                     "  Zwei Menschen\nim Gespräch ", &first),
	                 ATTACHMENT_OK);
	assert_int_equal(one_int(f, &q_updated, f->practice, NULL), T0 + 60);
	struct practice_file pf;
	assert_true(practice_file_find(f->s, &f->a, f->practice, first, &pf));
	assert_int_equal(pf.kind, PRACTICE_FILE_IMAGE);
	assert_string_equal(pf.alt, "Zwei Menschen im Gespräch");
	assert_string_equal(pf.content_type, "image/png");
	assert_int_equal(pf.width, 640);
	assert_int_equal(pf.height, 480);
	struct buf b = BUF_INIT;
	assert_int_equal(practice_file_read(&pf, &b), 0);
	assert_int_equal(b.len, sizeof png - 1);
	assert_memory_equal(b.data, png, b.len);
	buf_free(&b);

	/* A second image replaces the first. */
	assert_int_equal(
	    add(f, PRACTICE_FILE_IMAGE, "Foto.jpeg", jpeg, sizeof jpeg - 1, "Ein Foto", &second),
	    ATTACHMENT_OK);
	assert_int_equal(one_int(f, &q_current_images, f->practice, NULL), 1);
	assert_true(practice_file_find(f->s, &f->a, f->practice, first, &pf));
	assert_true(pf.removed_at > 0);
	size_t n;
	struct practice_file *list = practice_file_list(f->s, &f->a, f->practice, &n);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, second);
	assert_int_equal(list[0].width, 320);
	assert_int_equal(one_int(f, &q_events, f->practice, "practice.file_add"), 2);
	assert_int_equal(one_int(f, &q_events, f->practice, "practice.file_remove"), 1);

	/* Refusals: no text, not PNG or JPEG (by name or by content), no practice. */
	assert_int_equal(add(f, PRACTICE_FILE_IMAGE, "Bild.png", png, sizeof png - 1, " \n", NULL),
	                 PRACTICE_FILE_NO_TEXT);
	assert_int_equal(add(f, PRACTICE_FILE_IMAGE, "Bericht.pdf", pdf, sizeof pdf - 1, "x", NULL),
	                 PRACTICE_FILE_NOT_IMAGE);
	assert_int_equal(add(f, PRACTICE_FILE_IMAGE, "Bericht.png", pdf, sizeof pdf - 1, "x", NULL),
	                 ATTACHMENT_MISMATCH);
	assert_int_equal(add(f, PRACTICE_FILE_IMAGE, "leer.png", "", 0, "x", NULL),
	                 ATTACHMENT_EMPTY);
	char long_text[PRACTICE_FILE_ALT_MAX + 2];
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_int_equal(
	    add(f, PRACTICE_FILE_IMAGE, "Bild.png", png, sizeof png - 1, long_text, NULL),
	    PRACTICE_FILE_TEXT_TOO_LONG);
	struct attachment_verdict v;
	assert_int_equal(practice_file_add(f->s, 0, 999, PRACTICE_FILE_IMAGE, "Bild.png", png,
	                                   sizeof png - 1, "x", &v, NULL),
	                 PRACTICE_FILE_NO_PRACTICE);
	assert_int_equal(one_int(f, &q_events, f->practice, "practice.file_add"), 2);
}

static void
test_downloads(void **state)
{
	struct fixture *f = *state;
	int64_t a = 0, b = 0;
	assert_int_equal(
	    add(f, PRACTICE_FILE_DOWNLOAD, "Leitfaden.pdf", pdf, sizeof pdf - 1, "Leitfaden", &a),
	    ATTACHMENT_OK);
	/* Images are a download type too. */
	assert_int_equal(
	    add(f, PRACTICE_FILE_DOWNLOAD, "Plakat.png", png, sizeof png - 1, "Plakat", &b),
	    ATTACHMENT_OK);
	/* The limit (2 here), counted over current downloads only. */
	assert_int_equal(
	    add(f, PRACTICE_FILE_DOWNLOAD, "Noch.pdf", pdf, sizeof pdf - 1, "Noch einer", NULL),
	    ATTACHMENT_TOO_MANY);
	assert_int_equal(add(f, PRACTICE_FILE_DOWNLOAD, "Ohne.pdf", pdf, sizeof pdf - 1, "", NULL),
	                 PRACTICE_FILE_NO_TEXT);
	size_t n;
	struct practice_file *list = practice_file_list(f->s, &f->a, f->practice, &n);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, a);
	assert_int_equal(list[1].id, b);
	assert_string_equal(list[1].title, "Plakat");
	assert_string_equal(list[1].alt, "");
	assert_true(list[0].position < list[1].position);

	time_set_fake(T0 + 120);
	assert_int_equal(practice_file_remove(f->s, 0, f->practice, a), ATTACHMENT_OK);
	assert_int_equal(one_int(f, &q_updated, f->practice, NULL), T0 + 120);
	assert_int_equal(practice_file_remove(f->s, 0, f->practice, a), ATTACHMENT_NOT_FOUND);
	assert_int_equal(practice_file_remove(f->s, 0, f->practice + 1, b), ATTACHMENT_NOT_FOUND);
	list = practice_file_list(f->s, &f->a, f->practice, &n);
	assert_int_equal(n, 1);
	/* A place again; the new one comes last. */
	int64_t c = 0;
	assert_int_equal(
	    add(f, PRACTICE_FILE_DOWNLOAD, "Noch.pdf", pdf, sizeof pdf - 1, "Noch einer", &c),
	    ATTACHMENT_OK);
	list = practice_file_list(f->s, &f->a, f->practice, &n);
	assert_int_equal(n, 2);
	assert_int_equal(list[1].id, c);
	assert_int_equal(one_int(f, &q_events, f->practice, "practice.file_add"), 3);
	assert_int_equal(one_int(f, &q_events, f->practice, "practice.file_remove"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_image_size),
	    cmocka_unit_test_setup_teardown(test_images, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_downloads, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
