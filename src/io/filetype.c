/* File-type inspection of untrusted bytes: libmagic, and libzip for the zip-based office
 * formats (checked against zip bombs from the central directory, then by inflating each
 * entry with a byte cap, never to disk or to memory of its size). */
#include "io/filetype.h"
#include "util/log.h"
#include "util/str.h"

#include <magic.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* libmagic is not thread-safe: each thread gets its own handle, closed when it exits. */
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static pthread_key_t magic_key;

static void
magic_free(void *m)
{
	magic_close(m);
}

static void
magic_key_make(void)
{
	pthread_key_create(&magic_key, magic_free);
}

static magic_t
thread_magic(void)
{
	pthread_once(&magic_once, magic_key_make);
	magic_t m = pthread_getspecific(magic_key);
	if (m)
		return m;
	/* Never decompress untrusted data inside libmagic: the type is all we want. */
	m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	if (!m)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		log_error("libmagic: cannot load its database: %s", magic_error(m));
		magic_close(m);
		return NULL;
	}
	pthread_setspecific(magic_key, m);
	return m;
}

/* Reads a whole entry of at most max bytes, NUL-terminated, into buf (max + 1 bytes).
 * Returns its length or -1. */
static long
zip_read_entry(zip_t *za, zip_uint64_t index, zip_uint64_t size, char *buf, size_t max)
{
	if (size > max)
		return -1;
	zip_file_t *zf = zip_fopen_index(za, index, 0);
	if (!zf)
		return -1;
	zip_int64_t got = zip_fread(zf, buf, size);
	/* One byte more must not come: the directory's size is what we bounded. */
	char extra;
	bool more = got == (zip_int64_t)size && zip_fread(zf, &extra, 1) > 0;
	zip_fclose(zf);
	if (got != (zip_int64_t)size || more)
		return -1;
	buf[got] = '\0';
	return (long)got;
}

/* True when text holds value as a quoted attribute value ("…" or '…'). */
static bool
has_quoted(const char *text, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = strstr(text, value); p; p = strstr(p + 1, value))
		if (p > text && (p[-1] == '"' || p[-1] == '\'') && p[n] == p[-1])
			return true;
	return false;
}

#define CONTENT_TYPES_MAX (1024 * 1024)
#define OOXML_WORD                                                                                 \
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define OOXML_SHEET "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

/* The entries' sizes from the central directory, without extracting anything. */
static int
zip_check_bomb(zip_t *za)
{
	zip_int64_t entries = zip_get_num_entries(za, 0);
	if (entries < 0)
		return FILETYPE_DAMAGED;
	if (entries > FILETYPE_ZIP_MAX_ENTRIES)
		return FILETYPE_ZIP_ENTRIES;
	zip_uint64_t total = 0;
	for (zip_int64_t i = 0; i < entries; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
		    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
		        (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
			return FILETYPE_DAMAGED;
		zip_uint64_t comp = st.comp_size ? st.comp_size : 1;
		if (st.size > FILETYPE_ZIP_RATIO_FLOOR && st.size / comp > FILETYPE_ZIP_MAX_RATIO)
			return FILETYPE_ZIP_RATIO;
		if (st.size > FILETYPE_ZIP_MAX_TOTAL || total + st.size > FILETYPE_ZIP_MAX_TOTAL)
			return FILETYPE_ZIP_SIZE;
		total += st.size;
	}
	return FILETYPE_OK;
}

/* The declared sizes can lie: an entry that claims 1,000 bytes may inflate to 200 MB.
 * So every entry is inflated, into a small buffer that is thrown away, and counted: it
 * must not pass the ratio (beyond the floor) nor the total, whatever the directory says,
 * and reading stops at the first byte over either. An entry that ends short of or past
 * its declared size, or whose CRC does not match (libzip checks it), is damaged. */
#define INFLATE_CHUNK (64 * 1024)

static int zip_inflate_entries(zip_t *za, char *sink);

static int
zip_check_inflated(zip_t *za)
{
	char *sink = malloc(INFLATE_CHUNK);
	if (!sink)
		return FILETYPE_ERROR;
	int rc = zip_inflate_entries(za, sink);
	free(sink);
	return rc;
}

static int
zip_inflate_entries(zip_t *za, char *sink)
{
	zip_int64_t entries = zip_get_num_entries(za, 0);
	zip_uint64_t total = 0;
	for (zip_int64_t i = 0; i < entries; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0)
			return FILETYPE_DAMAGED;
		zip_uint64_t comp = st.comp_size ? st.comp_size : 1;
		zip_uint64_t cap = comp > FILETYPE_ZIP_MAX_TOTAL / FILETYPE_ZIP_MAX_RATIO
		                       ? FILETYPE_ZIP_MAX_TOTAL
		                       : comp * FILETYPE_ZIP_MAX_RATIO;
		if (cap < FILETYPE_ZIP_RATIO_FLOOR)
			cap = FILETYPE_ZIP_RATIO_FLOOR;
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		if (!zf)
			return FILETYPE_DAMAGED;
		zip_uint64_t got = 0;
		int rc = FILETYPE_OK;
		for (;;) {
			zip_int64_t n = zip_fread(zf, sink, INFLATE_CHUNK);
			if (n < 0) {
				rc = FILETYPE_DAMAGED;
				break;
			}
			if (n == 0)
				break;
			got += (zip_uint64_t)n;
			if (got > cap) {
				rc = FILETYPE_ZIP_RATIO;
				break;
			}
			if (total + got > FILETYPE_ZIP_MAX_TOTAL) {
				rc = FILETYPE_ZIP_SIZE;
				break;
			}
		}
		zip_fclose(zf);
		if (rc == FILETYPE_OK && got != st.size)
			rc = FILETYPE_DAMAGED;
		if (rc != FILETYPE_OK)
			return rc;
		total += got;
	}
	return FILETYPE_OK;
}

/* OOXML: [Content_Types].xml names the main part; ODF: the mimetype entry says it. */
static int
zip_office_type(zip_t *za, enum filetype *type)
{
	zip_stat_t st;
	zip_int64_t i = zip_name_locate(za, "[Content_Types].xml", ZIP_FL_NOCASE);
	if (i >= 0) {
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || st.size > CONTENT_TYPES_MAX)
			return FILETYPE_DAMAGED;
		char *xml = malloc((size_t)st.size + 1);
		if (!xml)
			return FILETYPE_ERROR;
		int rc = FILETYPE_DAMAGED;
		if (zip_read_entry(za, (zip_uint64_t)i, st.size, xml, CONTENT_TYPES_MAX) >= 0) {
			bool word = has_quoted(xml, OOXML_WORD),
			     sheet = has_quoted(xml, OOXML_SHEET);
			rc = FILETYPE_NOT_ALLOWED; /* templates, macro documents, slides … */
			if (word != sheet) {
				*type = word ? FT_DOCX : FT_XLSX;
				rc = FILETYPE_OK;
			}
		}
		free(xml);
		return rc;
	}
	i = zip_name_locate(za, "mimetype", 0);
	if (i >= 0) {
		char mt[256];
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 ||
		    zip_read_entry(za, (zip_uint64_t)i, st.size, mt, sizeof mt - 1) < 0)
			return FILETYPE_DAMAGED;
		str_trim(mt);
		if (strcmp(mt, FILETYPE_ODT_MIME) == 0)
			*type = FT_ODT;
		else if (strcmp(mt, FILETYPE_ODS_MIME) == 0)
			*type = FT_ODS;
		else
			return FILETYPE_NOT_ALLOWED;
		return FILETYPE_OK;
	}
	return FILETYPE_NOT_ALLOWED; /* a plain zip archive */
}

static int
zip_detect(const void *data, size_t n, enum filetype *type)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &err);
	if (!src) {
		zip_error_fini(&err);
		return FILETYPE_ERROR;
	}
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
	zip_error_fini(&err);
	if (!za) {
		zip_source_free(src);
		return FILETYPE_DAMAGED;
	}
	int rc = zip_check_bomb(za);
	if (rc == FILETYPE_OK)
		rc = zip_office_type(za, type);
	if (rc == FILETYPE_OK)
		rc = zip_check_inflated(za);
	zip_discard(za); /* frees src too */
	return rc;
}

/* Answers of libmagic after which the bytes are looked at as a zip archive. */
static bool
zip_candidate(const char *mime, const void *data, size_t n)
{
	if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
		return false;
	return strcmp(mime, "application/zip") == 0 ||
	       strcmp(mime, "application/octet-stream") == 0 ||
	       str_starts(mime, "application/vnd.openxmlformats-officedocument.") ||
	       str_starts(mime, "application/vnd.oasis.opendocument.");
}

int
filetype_detect(const void *data, size_t n, enum filetype *type, char *mime_out)
{
	if (mime_out)
		mime_out[0] = '\0';
	magic_t m = thread_magic();
	if (!m)
		return FILETYPE_ERROR;
	const char *mime = magic_buffer(m, data, n);
	if (!mime) {
		log_error("libmagic: %s", magic_error(m));
		return FILETYPE_ERROR;
	}
	if (mime_out)
		snprintf(mime_out, FILETYPE_MIME_MAX, "%s", mime);
	if (strcmp(mime, "application/pdf") == 0)
		*type = FT_PDF;
	else if (strcmp(mime, "image/png") == 0)
		*type = FT_PNG;
	else if (strcmp(mime, "image/jpeg") == 0)
		*type = FT_JPEG;
	else if (zip_candidate(mime, data, n))
		return zip_detect(data, n, type);
	else
		return FILETYPE_NOT_ALLOWED;
	return FILETYPE_OK;
}
