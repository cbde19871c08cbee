/* The file-system driver of the blob store (blob.h): one file per blob under a folder. */
#include "store/blob.h"
#include "store/store.h"
#include "util/log.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static char blob_dir[PATH_MAX] = "data/files";

void
blob_fs_configure(const char *dir)
{
	snprintf(blob_dir, sizeof blob_dir, "%s", dir);
}

const char *
blob_fs_dir(void)
{
	return blob_dir;
}

bool
blob_name_valid(const char *s)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

bool
blob_fs_path(char *out, size_t size, const char *sha)
{
	if (!blob_name_valid(sha))
		return false;
	int n = snprintf(out, size, "%s/%.2s/%s", blob_dir, sha, sha + 2);
	return n > 0 && (size_t)n < size;
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST) {
		log_error("cannot create folder %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_all(int fd, const char *data, size_t n)
{
	while (n) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

struct bytes {
	const void *data;
	size_t n;
};

static int
fill_bytes(int fd, void *arg)
{
	const struct bytes *b = arg;
	return write_all(fd, b->data, b->n);
}

struct file_part {
	int fd;
	size_t n;
};

/* The first n bytes of another file, copied by the kernel (no read into the process);
 * read and write where sendfile cannot (another file system type). */
static int
fill_from_file(int fd, void *arg)
{
	const struct file_part *f = arg;
	off_t off = 0;
	while ((size_t)off < f->n) {
		ssize_t k = sendfile(fd, f->fd, &off, f->n - (size_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0 && (errno == EINVAL || errno == ENOSYS) && off == 0)
			break;
		if (k <= 0)
			return -1;
	}
	if ((size_t)off == f->n)
		return 0;
	char buf[64 * 1024];
	while ((size_t)off < f->n) {
		size_t want = f->n - (size_t)off < sizeof buf ? f->n - (size_t)off : sizeof buf;
		ssize_t k = pread(f->fd, buf, want, off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || write_all(fd, buf, (size_t)k) != 0)
			return -1;
		off += k;
	}
	return 0;
}

static int
fill_from_db(int fd, void *arg)
{
	return blob_db_write_fd(NULL, arg, fd);
}

/* Makes a temporary file in dir, lets fill write it (0 or -1), syncs it and renames it to
 * path. */
static int
write_atomic_with(const char *dir, const char *path, int (*fill)(int fd, void *ctx), void *ctx)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir) >= (int)sizeof tmp)
		return -1;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		if (errno == ENOSPC || errno == EDQUOT)
			store_note_full();
		log_error("cannot create %s: %s", tmp, strerror(errno));
		return -1;
	}
	/* A crash leaves either no file or the whole one: write, sync, then rename. */
	bool ok = fchmod(fd, 0640) == 0 && fill(fd, ctx) == 0 && fsync(fd) == 0;
	if (ok && store_test_full(STORE_FULL_BLOBS)) {
		ok = false;
		errno = ENOSPC;
	}
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		if (errno == ENOSPC || errno == EDQUOT)
			store_note_full();
		log_error("cannot store %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd); /* the rename itself survives a crash */
		close(dfd);
	}
	return 0;
}

static int
write_atomic(const char *dir, const char *path, const void *data, size_t n)
{
	struct bytes b = {data, n};
	return write_atomic_with(dir, path, fill_bytes, &b);
}

/* The file of the bytes named sha_hex (their SHA-256), written unless it is there; from
 * the file fd when it is not -1, else from data. */
static int
fs_put(const void *data, size_t n, int from, const char *sha_hex)
{
	char dir[PATH_MAX], path[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/%.2s", blob_dir, sha_hex) >= (int)sizeof dir ||
	    !blob_fs_path(path, sizeof path, sha_hex))
		return -1;
	if (make_dir(blob_dir) != 0 || make_dir(dir) != 0)
		return -1;
	/* The same bytes are stored once; a file of another size there is damaged: replace. */
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == n)
		return 0;
	if (from >= 0) {
		struct file_part f = {from, n};
		return write_atomic_with(dir, path, fill_from_file, &f);
	}
	return write_atomic(dir, path, data, n);
}

int
blob_put(const void *data, size_t n, char sha_hex[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, data, n);
	str_hex(sha_hex, digest, sizeof digest);
	if (fs_put(data, n, -1, sha_hex) != 0)
		return -1;
	/* With the database as the shared store, the file here is this instance's cache. */
	return blob_db_enabled() ? blob_db_put(NULL, sha_hex, data, n) : 0;
}

int
blob_put_known(const struct blob_bytes *b, char sha_hex[65])
{
	if (!b->sha256)
		return blob_put(b->data, b->n, sha_hex);
	if (!blob_name_valid(b->sha256)) {
		log_error("blob: %.70s is no blob's name", b->sha256);
		return -1;
	}
	memcpy(sha_hex, b->sha256, 65);
	if (fs_put(b->data, b->n, b->fd, sha_hex) != 0)
		return -1;
	return blob_db_enabled() ? blob_db_put(NULL, sha_hex, b->data, b->n) : 0;
}

static bool
fs_exists(const char *sha)
{
	char path[PATH_MAX];
	struct stat st;
	return blob_fs_path(path, sizeof path, sha) && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool
blob_exists(const char *sha)
{
	return fs_exists(sha) || (blob_db_enabled() && blob_db_exists(NULL, sha));
}

bool
blob_local(const char *sha)
{
	if (fs_exists(sha))
		return true;
	if (!blob_name_valid(sha) || !blob_db_enabled())
		return false;
	/* Chunk by chunk from the database into the file: never the whole file in memory. */
	char dir[PATH_MAX], path[PATH_MAX];
	if (snprintf(dir, sizeof dir, "%s/%.2s", blob_dir, sha) >= (int)sizeof dir ||
	    !blob_fs_path(path, sizeof path, sha) || make_dir(blob_dir) != 0 || make_dir(dir) != 0)
		return false;
	return write_atomic_with(dir, path, fill_from_db, (void *)sha) == 0;
}

const void *
blob_map(const char *sha, int64_t size, int *fd_out)
{
	*fd_out = -1;
	char path[PATH_MAX];
	if (size <= 0 || !blob_local(sha) || !blob_fs_path(path, sizeof path, sha))
		return NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || (int64_t)st.st_size != size) {
		log_error("blob %.12s…: missing or not of the recorded size", sha);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	void *map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		log_error("blob %.12s…: cannot map it: %s", sha, strerror(errno));
		close(fd);
		return NULL;
	}
	*fd_out = fd;
	return map;
}

void
blob_unmap(const void *data, int64_t size, int fd)
{
	if (data)
		munmap((void *)data, (size_t)size);
	if (fd >= 0)
		close(fd);
}

int
blob_read(const char *sha, int64_t expected, struct buf *out)
{
	if (!blob_local(sha) && blob_db_enabled()) {
		log_error("blob %.12s… is neither here nor in the database", sha);
		return -1;
	}
	char path[PATH_MAX];
	if (!blob_fs_path(path, sizeof path, sha))
		return -1;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		log_error("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || (expected >= 0 && (int64_t)st.st_size != expected)) {
		log_error("%s does not have the recorded size", path);
		close(fd);
		return -1;
	}
	size_t size = (size_t)st.st_size, got = 0;
	buf_grow(out, size);
	while (got < size) {
		ssize_t r = read(fd, out->data + out->len + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != size) {
		log_error("cannot read %s", path);
		out->data[out->len] = '\0';
		return -1;
	}
	out->len += size;
	out->data[out->len] = '\0';
	return 0;
}
