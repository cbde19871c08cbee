/* SMTP delivery of one finished message (libcurl), or writing it as an .eml file. */
#include "io/smtp.h"
#include "util/mem.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONNECT_TIMEOUT 30L
#define TRANSFER_TIMEOUT 60L

void
smtp_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct reader {
	const char *data;
	size_t len;
	size_t pos;
};

static size_t
read_message(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb, left = r->len - r->pos;
	if (n > left)
		n = left;
	memcpy(dst, r->data + r->pos, n);
	r->pos += n;
	return n;
}

static void
set_smtp_options(CURL *c, const struct smtp_server *cfg, struct curl_slist *rcpt, struct reader *r,
                 char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	/* A mistyped URL must not turn into a request to some other kind of server. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, cfg->from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)r->len);
	if (cfg->starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cfg->user && *cfg->user)
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
	if (cfg->password && *cfg->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT);
	/* The server is threaded: no SIGALRM-based DNS timeouts. */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

int
smtp_send(const struct smtp_server *cfg, const char *to, const char *msg, struct buf *err)
{
	int rc = -1;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct reader r = {msg, strlen(msg), 0};
	struct curl_slist *rcpt = NULL;
	CURL *c = curl_easy_init();
	if (!c) {
		buf_puts(err, "cannot start libcurl");
		goto out;
	}
	rcpt = curl_slist_append(NULL, to);
	if (!rcpt) {
		buf_puts(err, "out of memory");
		goto out;
	}
	set_smtp_options(c, cfg, rcpt, &r, errbuf);
	CURLcode cc = curl_easy_perform(c);
	if (cc != CURLE_OK) {
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		buf_printf(err, "%s (SMTP %ld)", *errbuf ? errbuf : curl_easy_strerror(cc), code);
		goto out;
	}
	rc = 0;
out:
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc;
}

/* mkdir -p, each new level 0750: the messages are personal data. */
static int
make_dirs(const char *dir, struct buf *err)
{
	int rc = -1;
	char *path = xstrdup(dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) != 0 && errno != EEXIST) {
			buf_printf(err, "mkdir %s: %s", path, strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(path, 0750) != 0 && errno != EEXIST) {
		buf_printf(err, "mkdir %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Without the directory fsync the rename itself could be lost in a crash. */
static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Written under a temporary name and renamed, so a reader of the folder never sees half a
 * message; a retry simply replaces the file. */
int
smtp_write_eml(const char *dir, int64_t id, const char *msg, struct buf *err)
{
	int rc = -1, fd = -1;
	struct buf tmp = BUF_INIT, final = BUF_INIT;
	if (make_dirs(dir, err) != 0)
		goto out;
	buf_printf(&tmp, "%s/.%lld.eml.XXXXXX", dir, (long long)id);
	buf_printf(&final, "%s/%lld.eml", dir, (long long)id);
	fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		buf_printf(err, "create %s: %s", tmp.data, strerror(errno));
		buf_reset(&tmp);
		goto out;
	}
	if (fchmod(fd, 0640) != 0 || write_all(fd, msg, strlen(msg)) != 0 || fsync(fd) != 0) {
		buf_printf(err, "write %s: %s", tmp.data, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		buf_printf(err, "close %s: %s", tmp.data, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, final.data) != 0) {
		buf_printf(err, "rename to %s: %s", final.data, strerror(errno));
		goto out;
	}
	buf_reset(&tmp); /* renamed: nothing left to remove */
	if (sync_dir(dir) != 0) {
		buf_printf(err, "fsync %s: %s", dir, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.data);
	buf_free(&tmp);
	buf_free(&final);
	return rc;
}

int
smtp_remove_eml(const char *dir, int64_t id)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/%lld.eml", dir, (long long)id);
	if (n < 0 || (size_t)n >= sizeof path)
		return -1;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}
