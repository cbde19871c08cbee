/* A zip archive of several files in a temporary file: see package.h. */
#include "export/package.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* Adds entry e; false on error (logged). */
static bool
add_entry(zip_t *z, const struct package_entry *e, int64_t mtime)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = e->data ? zip_source_buffer_create(e->data, e->len, 0, &err)
	                            : zip_source_file_create(e->file, 0, (zip_int64_t)e->len, &err);
	if (!src) {
		log_error("zip: %s: %s", e->name, zip_error_strerror(&err));
		zip_error_fini(&err);
		return false;
	}
	zip_error_fini(&err);
	zip_int64_t idx = zip_file_add(z, e->name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		log_error("zip: adding %s: %s", e->name, zip_strerror(z));
		zip_source_free(src);
		return false;
	}
	/* The same attributes for every entry, whatever the file on disk has. */
	if (zip_file_set_mtime(z, (zip_uint64_t)idx, (time_t)mtime, 0) < 0 ||
	    zip_file_set_external_attributes(z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
	                                     (zip_uint32_t)0100644 << 16) < 0 ||
	    zip_set_file_compression(z, (zip_uint64_t)idx, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	                             e->store ? 0 : 9) < 0) {
		log_error("zip: %s: %s", e->name, zip_strerror(z));
		return false;
	}
	return true;
}

int
package_zip(const struct package_entry *e, size_t n, int64_t mtime, uint64_t *size)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/leuchtturm-zip-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("zip: mkstemp: %s", strerror(errno));
		return -1;
	}
	close(fd);
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		zip_error_t err;
		zip_error_init_with_code(&err, zerr);
		log_error("zip: open: %s", zip_error_strerror(&err));
		zip_error_fini(&err);
		unlink(path);
		return -1;
	}
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = add_entry(z, &e[i], mtime);
	if (!ok) {
		zip_discard(z);
		unlink(path);
		return -1;
	}
	/* libzip writes the archive now: into a file beside path, renamed onto it. */
	if (zip_close(z) < 0) {
		log_error("zip: writing: %s", zip_strerror(z));
		zip_discard(z);
		unlink(path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		log_error("zip: reading back: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}
