/* Uploads are streamed, not held (issue #15, point 1): the file of a multipart body goes
 * into a temporary file in the data folder as it arrives (0600, unlinked from the start),
 * so many large uploads of a logged-in person leave the server's memory where it was; a
 * file part is taken only after a valid "_csrf" field; text fields have a cap; a whole
 * upload still works, also a chunked one. The anonymous side (refused from the head,
 * memory bounded): test_http_protocol_edges.c. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "attachment_fixture.h"
#include "harness.h"
#include "raw_socket.h"

/* The server's open files that are deleted uploads: how many, their bytes in all, and
 * whether each lay in the data folder with mode 0600. */
struct held {
	int files;
	long long bytes;
	bool in_data, private;
};

static struct held
held_uploads(struct srv *s)
{
	struct held h = {0, 0, true, true};
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)s->pid);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		char link[4096];
		const char *fd = tstr("%s/%s", dir, e->d_name);
		ssize_t n = readlink(fd, link, sizeof link - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		/* A file without a name in the data folder: O_TMPFILE's show as "DIR/#INODE
		 * (deleted)", mkstemp's unlinked ones as "DIR/.upload-XXXXXX (deleted)". */
		if ((!strstr(link, "/.upload-") && !strstr(link, "/#")) ||
		    !strstr(link, " (deleted)"))
			continue;
		struct stat st;
		if (stat(fd, &st) != 0)
			continue;
		h.files++;
		h.bytes += st.st_size;
		h.in_data = h.in_data && strncmp(link, s->dir, strlen(s->dir)) == 0;
		h.private = h.private && (st.st_mode & 0777) == 0600;
	}
	closedir(d);
	return h;
}

/* Waits (up to 20 s) until the server holds files uploads with at least bytes in all. */
static struct held
wait_held(struct srv *s, int files, long long bytes)
{
	long deadline = raw_now_ms() + 20000;
	struct held h;
	do {
		h = held_uploads(s);
		if (h.files == files && h.bytes >= bytes)
			break;
		usleep(20000);
	} while (raw_now_ms() < deadline);
	return h;
}

static const char *
part_csrf(const char *token)
{
	return tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
	            "%s\r\n",
	            token);
}

static const char *
part_file_head(const char *name)
{
	return tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
	            "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
	            name);
}

static const char *const closing = "\r\n--" BOUNDARY "--\r\n";

static const char *
head(struct srv *s, const char *path, size_t length, const char *session)
{
	return tstr("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	            "Content-Type: multipart/form-data; boundary=" BOUNDARY "\r\n"
	            "Content-Length: %zu\r\nCookie: lt_session=%s\r\nConnection: close\r\n\r\n",
	            path, s->port, length, session);
}

struct sender {
	struct client *c;
	long id;
	const char *path, *session, *token;
};

static struct sender
sign_in(struct srv *s)
{
	struct sender u = {.c = client_new(s)};
	assert_int_equal(login(u.c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	u.id = new_draft(s, u.c);
	struct resp r;
	assert_int_equal(http_get(u.c, tstr("/vorschlag/%ld/bearbeiten", u.id), &r), 200);
	resp_free(&r);
	u.path = tstr("/vorschlag/%ld/anhaenge", u.id);
	u.session = tstr("%s", client_cookie(u.c, "lt_session"));
	u.token = tstr("%s", client_csrf(u.c));
	return u;
}

/* 20 logged-in uploads of 4 MB each, the last byte withheld: all their bytes are on disk in
 * the data folder, in unlinked 0600 files, and the server's memory has not grown by them
 * (80 MB, were they buffered). Once the senders give up, the files are gone. The bench/
 * script runs the issue's numbers. */
static void
test_held_uploads_stay_on_disk(void **state)
{
	struct srv *s = *state;
	struct sender u = sign_in(s);
	enum { N = 20 };
	const size_t file = 4u * 1000 * 1000;
	const char *pre = tstr("%s%s", part_csrf(u.token), part_file_head("gross.pdf"));
	size_t length = strlen(pre) + file + strlen(closing);
	char *chunk = malloc(file);
	assert_non_null(chunk);
	memset(chunk, 'x', file);
	memcpy(chunk, "%PDF-1.4\n", 9);

	long before = raw_server_rss_kb(s);
	assert_true(before > 0);
	int fds[N];
	for (int i = 0; i < N; i++) {
		fds[i] = raw_connect(s, NULL);
		assert_true(fds[i] >= 0);
		assert_true(raw_send(fds[i], head(s, u.path, length, u.session), 0));
		assert_true(raw_send(fds[i], pre, 0));
		assert_true(raw_send(fds[i], chunk, file));
		/* All of the closing boundary but its last byte: the body never ends. */
		assert_true(raw_send(fds[i], closing, strlen(closing) - 1));
	}
	/* Read by the server (not only sitting in the sockets' buffers): on its disk. */
	struct held h = wait_held(s, N, (long long)N * (long long)file);
	assert_int_equal(h.files, N);
	assert_true(h.bytes >= (long long)N * (long long)file);
	assert_true(h.in_data);
	assert_true(h.private);
	long during = raw_server_rss_kb(s);
	print_message("VmRSS %ld kB before, %ld kB with %d uploads of %zu bytes held\n", before,
	              during, N, file);
	assert_true(during - before < 24 * 1024);
	/* Nothing of them is visible in the data folder. */
	DIR *d = opendir(s->dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		assert_null(strstr(e->d_name, ".upload-"));
	closedir(d);

	for (int i = 0; i < N; i++)
		close(fds[i]);
	h = wait_held(s, 0, 0);
	assert_int_equal(h.files, 0);
	assert_int_equal(attachment_rows(s, u.id, false), 0);
	free(chunk);
	client_free(u.c);
}

/* The token must come before the file: a file part after no token or a wrong one is refused
 * (403) without being stored; with the token first, the same file is attached, its bytes
 * and hash as sent. */
static void
test_token_before_the_file(void **state)
{
	struct srv *s = *state;
	struct sender u = sign_in(s);
	const char *file = tstr("%s%s", part_file_head("Bericht.pdf"), pdf);
	const char *bodies[] = {
	    tstr("%s\r\n%s%s", file, part_csrf(u.token), closing + 2), /* token after */
	    tstr("%s%s%s", part_csrf("falsch"), file, closing),        /* a wrong one */
	};
	for (size_t i = 0; i < 2; i++) {
		int fd = raw_connect(s, NULL);
		assert_true(fd >= 0);
		const char *body = bodies[i];
		assert_true(raw_send(fd, head(s, u.path, strlen(body), u.session), 0));
		assert_true(raw_send(fd, body, 0));
		const char *answer = raw_read_until_closed(fd, 10000);
		close(fd);
		if (strncmp(answer, "HTTP/1.1 403", 12) != 0)
			fail_msg("body %zu: %.200s", i, answer);
	}
	assert_int_equal(attachment_rows(s, u.id, false), 0);

	struct resp r;
	assert_int_equal(upload(u.c, u.id, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 303);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, u.id, false), 1);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT size FROM attachment WHERE proposal_id = %ld", u.id)),
	    (long)(sizeof pdf - 1));
	/* The download gives back the very bytes. */
	long aid = srv_sql_long(s, tstr("SELECT id FROM attachment WHERE proposal_id = %ld", u.id));
	assert_int_equal(http_get(u.c, tstr("/vorschlag/%ld/anhaenge/%ld", u.id, aid), &r), 200);
	assert_int_equal(r.body_len, sizeof pdf - 1);
	assert_memory_equal(r.body, pdf, sizeof pdf - 1);
	resp_free(&r);
	assert_int_equal(held_uploads(s).files, 0);
	client_free(u.c);
}

/* The text fields of a multipart body have a cap of their own (multipart.h): a 5 MB text
 * part gets 413 although the body is within the largest one; so does a 5 MB form. */
static void
test_text_fields_are_capped(void **state)
{
	struct srv *s = *state;
	struct sender u = sign_in(s);
	size_t n = 5u * 1024 * 1024;
	char *text = malloc(n + 1);
	assert_non_null(text);
	memset(text, 'a', n);
	text[n] = '\0';
	const char *pre = tstr("%s--" BOUNDARY "\r\nContent-Disposition: form-data; "
	                       "name=\"note\"\r\n\r\n",
	                       part_csrf(u.token));
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd, head(s, u.path, strlen(pre) + n + strlen(closing), u.session), 0));
	assert_true(raw_send(fd, pre, 0));
	assert_true(raw_send(fd, text, n));
	assert_true(raw_send(fd, closing, 0));
	const char *answer = raw_read_until_closed(fd, 10000);
	close(fd);
	free(text);
	if (strncmp(answer, "HTTP/1.1 413", 12) != 0)
		fail_msg("a 5 MB text field: %.200s", answer);
	/* A body without files (urlencoded) is held until it ends: the same cap, from its
	 * head, before a byte of it is read. */
	fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd,
	                     tstr("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	                          "Content-Type: application/x-www-form-urlencoded\r\n"
	                          "Content-Length: %zu\r\nCookie: lt_session=%s\r\n\r\n",
	                          tstr("/vorschlag/%ld/bearbeiten", u.id), s->port, n, u.session),
	                     0));
	answer = raw_read_until_closed(fd, 10000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 413", 12) != 0)
		fail_msg("a 5 MB form: %.200s", answer);
	client_free(u.c);
}

/* A body without a length (chunked, as a streaming client sends it) is streamed the same
 * way: the file arrives in pieces of 7 bytes and is attached whole. */
static void
test_chunked_upload(void **state)
{
	struct srv *s = *state;
	struct sender u = sign_in(s);
	const char *body =
	    tstr("%s%s%s%s", part_csrf(u.token), part_file_head("Bericht.pdf"), pdf, closing);
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd,
	                     tstr("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	                          "Content-Type: multipart/form-data; boundary=" BOUNDARY "\r\n"
	                          "Transfer-Encoding: chunked\r\nCookie: lt_session=%s\r\n"
	                          "Connection: close\r\n\r\n",
	                          u.path, s->port, u.session),
	                     0));
	for (size_t at = 0, n = strlen(body); at < n; at += 7) {
		size_t k = n - at < 7 ? n - at : 7;
		assert_true(raw_send(fd, tstr("%zx\r\n%.*s\r\n", k, (int)k, body + at), 0));
	}
	assert_true(raw_send(fd, "0\r\n\r\n", 0));
	const char *answer = raw_read_until_closed(fd, 10000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 303", 12) != 0)
		fail_msg("chunked upload: %.200s", answer);
	assert_int_equal(attachment_rows(s, u.id, false), 1);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT size FROM attachment WHERE proposal_id = %ld", u.id)),
	    (long)(sizeof pdf - 1));
	client_free(u.c);
}

/* The SHA-256 the reader computes as a file streams in names the blob, which is not hashed
 * again (store/blob.h, blob_put_known) and is copied from the temporary file: a 3 MB file
 * sent in small pieces is stored under the true hash of its bytes, byte for byte. */
static void
test_streamed_hash_names_the_blob(void **state)
{
	struct srv *s = *state;
	struct sender u = sign_in(s);
	size_t n = 3 * 1000 * 1000 + 17;
	char *bytes = malloc(n);
	assert_non_null(bytes);
	memcpy(bytes, pdf, sizeof pdf - 1);
	for (size_t i = sizeof pdf - 1; i < n; i++)
		bytes[i] = (char)('a' + (i * 7919 + i / 65536) % 26);
	const char *saved = tstr("%s/sent.pdf", s->dir);
	FILE *f = fopen(saved, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	fclose(f);
	char *sum = NULL;
	assert_int_equal(run_cmd((const char *const[]){"sha256sum", saved, NULL}, NULL, &sum), 0);
	sum[64] = '\0';
	/* Sent 1,000 bytes at a time, so the hash is built over many pieces. */
	const char *pre = tstr("%s%s", part_csrf(u.token), part_file_head("Gross.pdf"));
	size_t length = strlen(pre) + n + strlen(closing);
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd, head(s, u.path, length, u.session), 0));
	assert_true(raw_send(fd, pre, 0));
	for (size_t at = 0; at < n; at += 1000)
		assert_true(raw_send(fd, bytes + at, n - at < 1000 ? n - at : 1000));
	assert_true(raw_send(fd, closing, 0));
	const char *answer = raw_read_until_closed(fd, 20000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 303", 12) != 0)
		fail_msg("upload: %.200s", answer);
	const char *sha = srv_sql_value(
	    s, tstr("SELECT sha256 FROM attachment WHERE proposal_id = %ld AND filename = "
	            "'Gross.pdf'",
	            u.id));
	assert_string_equal(sha, sum);
	char *out = NULL;
	assert_int_equal(
	    run_cmd((const char *const[]){"cmp", saved,
	                                  tstr("%s/files/%.2s/%s", s->dir, sha, sha + 2), NULL},
	            NULL, &out),
	    0);
	free(out);
	free(sum);
	free(bytes);
	client_free(u.c);
}

static int
setup(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s || srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	struct srv *s = *state;
	int rc = srv_stop(s);
	free(s);
	return rc;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_held_uploads_stay_on_disk),
	    cmocka_unit_test(test_token_before_the_file),
	    cmocka_unit_test(test_chunked_upload),
	    cmocka_unit_test(test_streamed_hash_names_the_blob),
	    cmocka_unit_test(test_text_fields_are_capped),
	};
	return cmocka_run_group_tests_name("http_upload_stream", tests, setup, teardown);
}
