/* The ZIP writer: libzip on a memory source, read back once the archive is closed. */
#include "export/zip_bundle.h"

#include <zip.h>

int
zip_bundle(const struct zip_entry *entries, size_t n, struct buf *out)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
	if (!za) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&err);
		return -1;
	}
	zip_source_keep(src); /* zip_close would free it; its bytes are read below */
	for (size_t i = 0; i < n; i++) {
		zip_source_t *f = zip_source_buffer(za, entries[i].data, entries[i].len, 0);
		if (!f || zip_file_add(za, entries[i].name, f, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(f);
			zip_discard(za);
			zip_source_free(src);
			zip_error_fini(&err);
			return -1;
		}
	}
	int rc = -1;
	if (zip_close(za) == 0 && zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t size = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (size >= 0) {
			char chunk[16384];
			zip_int64_t got;
			while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
				buf_append(out, chunk, (size_t)got);
			rc = got == 0 ? 0 : -1;
		}
		zip_source_close(src);
	} else {
		zip_discard(za);
	}
	zip_source_free(src);
	zip_error_fini(&err);
	return rc;
}
