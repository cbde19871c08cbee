/* Attachments: the limits, file names, content addressing, rows and audit, who may change
 * them, refusals that change nothing, and (on PostgreSQL) the database's blob store. */
#include "domain/attachment.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/user.h"
#include "store/blob.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "attachment_fixture.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <sodium.h>
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

static void
test_size_limit(void **state)
{
	struct fixture *f = *state;
	struct attachment_verdict v;
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	attachment_configure(files, 1000, 10);
	char *big = xcalloc(1, 1001);
	memcpy(big, pdf, sizeof pdf - 1);
	memset(big + sizeof pdf - 1, ' ', 1001 - (sizeof pdf - 1));
	assert_int_equal(check("Bericht.pdf", big, 1000, &v), ATTACHMENT_OK);
	assert_int_equal(check("Bericht.pdf", big, 1001, &v), ATTACHMENT_TOO_LARGE);
	assert_int_equal(check("Bericht.pdf", big, 0, &v), ATTACHMENT_EMPTY);
	int64_t id;
	assert_int_equal(
	    attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", big, 1001, &v, &id),
	    ATTACHMENT_TOO_LARGE);
	assert_int_equal(attachment_count(f->s, f->proposal), 0);
	free(big);
	attachment_configure(files, 20 * MB, 10);
}

/* ---- the database's blob store (PostgreSQL: files shared by all instances) ---- */

static const struct store_query q_chunks = {"t_blob_chunks",
                                            "SELECT chunks FROM blob WHERE sha256 = ?1"};
static const struct store_query q_spoil = {
    "t_blob_spoil", "UPDATE blob_chunk SET data = decode('00', 'hex') WHERE sha256 = ?1 AND "
                    "seq = 1"};

/* A file of three chunks goes into the database whole, comes out byte for byte, and a
 * spoiled chunk is found out rather than written into an instance's folder. */
static void
test_blob_database(void **state)
{
	struct fixture *f = *state;
	if (!temp_db_is_pg()) {
		skip();
		return;
	}
	struct store *db = f->s;
	size_t n = 1200 * 1000;
	unsigned char *data = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (unsigned char)(i * 7 + i / 1000);
	char sha[65], files[128], out[160];
	snprintf(files, sizeof files, "%s/files", f->dir);
	assert_int_equal(attachment_store_file(data, n, sha), 0);
	assert_int_equal(blob_db_put(db, sha, data, n), 0);
	assert_int_equal(blob_db_put(db, sha, data, n), 0); /* stored once */
	assert_true(blob_db_exists(db, sha));
	struct stmt *st = store_stmt(db, &q_chunks);
	stmt_bind_text(st, 1, sha);
	assert_int_equal(stmt_one_int(st), 3);

	snprintf(out, sizeof out, "%s/fetched", f->dir);
	int fd = open(out, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(blob_db_write_fd(db, sha, fd), 0);
	close(fd);
	struct buf got = BUF_INIT;
	FILE *fp = fopen(out, "rb");
	assert_non_null(fp);
	char chunk[65536];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&got, chunk, r);
	fclose(fp);
	assert_int_equal(got.len, n);
	assert_memory_equal(got.data, data, n);
	buf_free(&got);

	st = store_stmt(db, &q_spoil);
	stmt_bind_text(st, 1, sha);
	assert_int_equal(stmt_exec(st), STORE_OK);
	fd = open(out, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	assert_int_equal(blob_db_write_fd(db, sha, fd), -1);
	close(fd);
	assert_false(
	    blob_db_exists(db, "0000000000000000000000000000000000000000000000000000000000000000"));
	free(data);
}

/* ---- file names ---- */

static void
test_filename_sanitising(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->a;
	assert_string_equal(attachment_sanitize_filename(a, "Bericht 2026.pdf"),
	                    "Bericht 2026.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "Übersicht – Maßnahmen.pdf"),
	                    "Übersicht – Maßnahmen.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "../../etc/passwd.pdf"), "passwd.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "C:\\Users\\anna\\Bericht.pdf"),
	                    "Bericht.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "a\x01"
	                                                    "b\x7f"
	                                                    "c\tb.pdf"),
	                    "a_b_c_b.pdf");
	/* U+202E (right-to-left override) would show "fdp.exe" as "exe.pdf". */
	assert_string_equal(attachment_sanitize_filename(a, "Rechnung\xe2\x80\xae"
	                                                    "fdp.exe"),
	                    "Rechnung_fdp.exe");
	assert_string_equal(attachment_sanitize_filename(a, "\xff\xfe"
	                                                    "x.pdf"),
	                    "__x.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "\xc3"
	                                                    "x.pdf"),
	                    "_x.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "\xf5\x80\x80\x80.pdf"), "____.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "\xed\xa0\x80.pdf"), "___.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "\xf0\x9f\x93\x84 Bericht.pdf"),
	                    "\xf0\x9f\x93\x84 Bericht.pdf");
	assert_string_equal(attachment_sanitize_filename(a, ".htaccess.pdf"), "htaccess.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "Bericht.pdf. . "), "Bericht.pdf");
	assert_string_equal(attachment_sanitize_filename(a, "/"), "");
	assert_string_equal(attachment_sanitize_filename(a, ".."), "");
	/* 300 umlauts: cut to 200 characters, the extension kept. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 300; i++)
		buf_puts(&b, "ä");
	buf_puts(&b, ".pdf");
	const char *cut = attachment_sanitize_filename(a, buf_str(&b));
	assert_int_equal(strlen(cut), 196 * 2 + 4);
	assert_string_equal(cut + 196 * 2, ".pdf");
	buf_free(&b);
}

/* ---- storing ---- */

static size_t
count_files(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || e->d_name[1] == '.'))
			continue;
		char sub[512];
		snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_files(sub);
		else
			n++;
	}
	closedir(d);
	return n;
}

static void
test_content_addressing(void **state)
{
	struct fixture *f = *state;
	char sha1[65], sha2[65], path[512], files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	assert_int_equal(attachment_store_file(pdf, sizeof pdf - 1, sha1), 0);
	assert_int_equal(attachment_store_file(pdf, sizeof pdf - 1, sha2), 0);
	assert_string_equal(sha1, sha2);
	assert_int_equal(count_files(files), 1);
	assert_true(attachment_file_path(path, sizeof path, sha1));
	char want[512];
	snprintf(want, sizeof want, "%s/%.2s/%s", files, sha1, sha1 + 2);
	assert_string_equal(path, want);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, sizeof pdf - 1);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* Other bytes, another file; no temporary file is left behind. */
	assert_int_equal(attachment_store_file(jpeg, sizeof jpeg - 1, sha2), 0);
	assert_string_not_equal(sha1, sha2);
	assert_int_equal(count_files(files), 2);
	/* A damaged file (wrong size) is replaced by the right bytes. */
	FILE *fp = fopen(path, "w");
	fputs("x", fp);
	fclose(fp);
	assert_int_equal(attachment_store_file(pdf, sizeof pdf - 1, sha1), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, sizeof pdf - 1);
	assert_false(attachment_file_path(path, sizeof path, "../../etc/passwd"));
}

static size_t
audit_count(struct fixture *f, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)f->proposal);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	audit_list(f->s, &f->a, &filter, ev, 1, 0, &total);
	return total;
}

static void
test_add_list_read_remove(void **state)
{
	struct fixture *f = *state;
	struct attachment_verdict v;
	int64_t id1, id2;
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "../Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, &id1),
	                 ATTACHMENT_OK);
	/* The same bytes under another name: a second row, one file. */
	assert_int_equal(
	    attachment_add(f->s, &f->anna, f->proposal, "Kopie.pdf", pdf, sizeof pdf - 1, &v, &id2),
	    ATTACHMENT_OK);
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	assert_int_equal(count_files(files), 1);
	size_t nlist;
	struct attachment *list = attachment_list(f->s, &f->a, f->proposal, &nlist);
	assert_int_equal(nlist, 2);
	assert_string_equal(list[0].filename, "Bericht.pdf");
	assert_string_equal(list[0].content_type, "application/pdf");
	assert_int_equal(list[0].size, sizeof pdf - 1);
	assert_int_equal(list[0].uploaded_by, f->anna.id);
	assert_string_equal(list[0].uploaded_by_name, "Anna Schmidt");
	assert_string_equal(list[0].sha256, list[1].sha256);
	struct buf b = BUF_INIT;
	assert_int_equal(attachment_read(&list[0], &b), 0);
	assert_int_equal(b.len, sizeof pdf - 1);
	assert_memory_equal(b.data, pdf, b.len);
	buf_free(&b);
	assert_int_equal(audit_count(f, "attachment.add"), 2);

	/* Removal marks the row; the file stays; a second removal finds nothing. */
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal, id1), ATTACHMENT_OK);
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal, id1), ATTACHMENT_NOT_FOUND);
	assert_int_equal(attachment_count(f->s, f->proposal), 1);
	struct attachment att;
	assert_true(attachment_find(f->s, &f->a, f->proposal, id1, &att));
	assert_int_equal(att.removed_at, T0);
	assert_int_equal(count_files(files), 1);
	assert_int_equal(audit_count(f, "attachment.remove"), 1);
	/* Not found under another proposal's id. */
	assert_false(attachment_find(f->s, &f->a, f->proposal + 1, id2, &att));
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal + 1, id2),
	                 ATTACHMENT_NOT_EDITABLE);
}

static void
test_count_limit(void **state)
{
	struct fixture *f = *state;
	struct attachment_verdict v;
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	attachment_configure(files, 20 * MB, 3);
	int64_t ids[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", pdf,
		                                sizeof pdf - 1, &v, &ids[i]),
		                 ATTACHMENT_OK);
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, NULL),
	                 ATTACHMENT_TOO_MANY);
	/* Removing one makes room again. */
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal, ids[0]), ATTACHMENT_OK);
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, NULL),
	                 ATTACHMENT_OK);
	assert_int_equal(attachment_count(f->s, f->proposal), 3);
	attachment_configure(files, 20 * MB, 10);
}

static const struct store_query q_state = {"t_attachment_state",
                                           "UPDATE proposal SET state = ?2 WHERE id = ?1"};

static void
test_only_editors_change_attachments(void **state)
{
	struct fixture *f = *state;
	struct attachment_verdict v;
	int64_t id;
	/* Another organisation's submitter. */
	assert_int_equal(attachment_add(f->s, &f->bernd, f->proposal, "Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, NULL),
	                 ATTACHMENT_NOT_EDITABLE);
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, &id),
	                 ATTACHMENT_OK);
	assert_int_equal(attachment_remove(f->s, &f->bernd, f->proposal, id),
	                 ATTACHMENT_NOT_EDITABLE);
	/* Once submitted, nobody changes them (a returned proposal may change again). */
	struct stmt *st = store_stmt(f->s, &q_state);
	stmt_bind_int(st, 1, f->proposal);
	stmt_bind_text(st, 2, "submitted");
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", pdf,
	                                sizeof pdf - 1, &v, NULL),
	                 ATTACHMENT_NOT_EDITABLE);
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal, id),
	                 ATTACHMENT_NOT_EDITABLE);
	st = store_stmt(f->s, &q_state);
	stmt_bind_int(st, 1, f->proposal);
	stmt_bind_text(st, 2, "returned");
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(attachment_remove(f->s, &f->anna, f->proposal, id), ATTACHMENT_OK);
	assert_int_equal(audit_count(f, "attachment."), 2);
}

/* A refused file leaves nothing behind: no row, no file, no event. */
static void
test_refusal_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct attachment_verdict v;
	assert_int_equal(attachment_add(f->s, &f->anna, f->proposal, "Bericht.pdf", text,
	                                sizeof text - 1, &v, NULL),
	                 ATTACHMENT_MISMATCH);
	char files[128];
	snprintf(files, sizeof files, "%s/files", f->dir);
	assert_int_equal(count_files(files), 0);
	assert_int_equal(attachment_count(f->s, f->proposal), 0);
	assert_int_equal(audit_count(f, "attachment."), 0);
}

/* Bytes whose SHA-256 is known (an upload's): stored under that name without hashing
 * them again, copied from their file when one is given, and only under a blob's name. */
static void
test_known_hash_from_a_file(void **state)
{
	struct fixture *f = *state;
	char files[128], tmp[192], sha[65], want[65], path[512];
	snprintf(files, sizeof files, "%s/files", f->dir);
	snprintf(tmp, sizeof tmp, "%s/upload-XXXXXX", f->dir);
	int fd = mkstemp(tmp);
	assert_true(fd >= 0);
	unlink(tmp);
	/* The file holds the bytes and more (the reader's trailing NUL): only n are copied. */
	assert_int_equal(write(fd, pdf, sizeof pdf), (ssize_t)sizeof pdf);
	unsigned char digest[32];
	crypto_hash_sha256(digest, (const unsigned char *)pdf, sizeof pdf - 1);
	for (int i = 0; i < 32; i++)
		snprintf(want + 2 * i, 3, "%02x", digest[i]);
	struct blob_bytes b = {pdf, sizeof pdf - 1, fd, want};
	assert_int_equal(blob_put_known(&b, sha), 0);
	assert_string_equal(sha, want);
	assert_true(attachment_file_path(path, sizeof path, sha));
	struct buf got = BUF_INIT;
	assert_int_equal(blob_read(sha, sizeof pdf - 1, &got), 0);
	assert_memory_equal(got.data, pdf, sizeof pdf - 1);
	buf_free(&got);
	/* Not hashed again: the name given is the name used (the caller's is the true one). */
	const char *other = "00000000000000000000000000000000000000000000000000000000000000aa";
	b = (struct blob_bytes){jpeg, sizeof jpeg - 1, -1, other};
	assert_int_equal(blob_put_known(&b, sha), 0);
	assert_string_equal(sha, other);
	assert_int_equal(count_files(files), 2);
	/* No blob's name, no file. */
	b.sha256 = "../../etc/passwd";
	assert_int_equal(blob_put_known(&b, sha), -1);
	assert_int_equal(count_files(files), 2);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_size_limit, attachment_setup, attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_blob_database, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_filename_sanitising, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_known_hash_from_a_file, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_content_addressing, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_add_list_read_remove, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_count_limit, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_only_editors_change_attachments, attachment_setup,
	                                    attachment_teardown),
	    cmocka_unit_test_setup_teardown(test_refusal_changes_nothing, attachment_setup,
	                                    attachment_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
