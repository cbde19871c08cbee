/* File-type inspection of untrusted bytes (libmagic, libzip): which of the allowed upload
 * formats a file is by its content, with the zip-bomb limits of the office formats. */
#ifndef IO_FILETYPE_H
#define IO_FILETYPE_H
#include <stddef.h>

/* The formats told apart (domain/attachment.h keeps the same order in its types). */
enum filetype { FT_PDF, FT_DOCX, FT_XLSX, FT_ODT, FT_ODS, FT_PNG, FT_JPEG, FT_COUNT };

/* The result of filetype_detect. */
enum filetype_result {
	FILETYPE_OK = 0,
	FILETYPE_ERROR = -1,      /* libmagic could not be used (logged) */
	FILETYPE_NOT_ALLOWED = 1, /* none of the formats above */
	FILETYPE_DAMAGED,         /* a zip-based file that cannot be read */
	FILETYPE_ZIP_ENTRIES,     /* more than FILETYPE_ZIP_MAX_ENTRIES entries */
	FILETYPE_ZIP_SIZE,        /* would unpack to more than FILETYPE_ZIP_MAX_TOTAL */
	FILETYPE_ZIP_RATIO,       /* an entry compressed more than FILETYPE_ZIP_MAX_RATIO */
};

/* Protection against zip bombs: from the central directory first, then counted while
 * each entry is inflated (the directory's sizes are never trusted). */
#define FILETYPE_ZIP_MAX_ENTRIES 2000
#define FILETYPE_ZIP_MAX_TOTAL (100u * 1024 * 1024) /* sum of uncompressed sizes */
#define FILETYPE_ZIP_MAX_RATIO 100                  /* uncompressed / compressed */
/* Entries smaller than this are not held to the ratio: a few repetitive kilobytes of XML
 * can compress beyond it and harm nobody. */
#define FILETYPE_ZIP_RATIO_FLOOR (1024 * 1024)

#define FILETYPE_ODT_MIME "application/vnd.oasis.opendocument.text"
#define FILETYPE_ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"
#define FILETYPE_MIME_MAX 96 /* the size of filetype_detect's mime buffer */

/* Detects a format by content: libmagic first; for zip containers the archive is checked
 * against zip bombs and its [Content_Types].xml (OOXML) or mimetype entry (ODF) decides.
 * Returns FILETYPE_OK with *type set, or another enum filetype_result. mime (may be NULL,
 * FILETYPE_MIME_MAX bytes) gets libmagic's answer. Uses one libmagic handle per thread
 * (libmagic is not thread-safe), opened on first use and closed when the thread ends. */
int filetype_detect(const void *data, size_t n, enum filetype *type, char *mime);

#endif
