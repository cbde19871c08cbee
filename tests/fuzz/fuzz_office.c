/* libFuzzer entry point for the file-type inspection of uploads (attachment_detect in
 * src/domain/attachment.c, over filetype_detect in src/io/filetype.c): libmagic first,
 * then for zip containers libzip, the zip-bomb limits and the OOXML [Content_Types].xml or
 * ODF mimetype entry. Any bytes must give a verdict, never a crash. The input goes in as a
 * buffer of its exact size, so AddressSanitizer sees a read past its end. Besides crashes,
 * the target checks what attachment.h promises and aborts when a promise is broken. Build
 * and run with tests/fuzz/run.sh. */
#include "domain/attachment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_office: broken promise: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return 0;
	void *exact = malloc(size ? size : 1);
	if (!exact)
		abort();
	memcpy(exact, data, size);
	enum attachment_type type = AT_COUNT;
	char mime[96];
	memset(mime, 0x55, sizeof mime);
	int rc = attachment_detect(exact, size, &type, mime);
	check(rc == ATTACHMENT_OK || rc == ATTACHMENT_NOT_ALLOWED || rc == ATTACHMENT_DAMAGED ||
	          rc == ATTACHMENT_ZIP_ENTRIES || rc == ATTACHMENT_ZIP_SIZE ||
	          rc == ATTACHMENT_ZIP_RATIO || rc == ATTACHMENT_ERROR,
	      "one of the documented verdicts");
	if (rc == ATTACHMENT_OK)
		check(type >= AT_PDF && type < AT_COUNT, "a type with ATTACHMENT_OK");
	check(memchr(mime, '\0', sizeof mime) != NULL, "libmagic's answer fits its buffer");
	free(exact);
	return 0;
}
