/* libFuzzer entry point for the PNG/JPEG size reader (practice_file_image_size in
 * src/domain/practice_files.c), which reads a practice image's header without decoding it.
 * The input goes in as a buffer of its exact size, so AddressSanitizer sees a read past its
 * end. Besides crashes, the target checks what practice_files.h promises and aborts when a
 * promise is broken. Build and run with tests/fuzz/run.sh. */
#include "domain/practice_files.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_image_size: broken promise: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	void *exact = malloc(size ? size : 1);
	if (!exact)
		abort();
	memcpy(exact, data, size);
	int width = -1, height = -1;
	bool ok = practice_file_image_size(exact, size, &width, &height);
	if (ok)
		check(width > 0 && height > 0, "a size is positive");
	else
		check(width == 0 && height == 0, "without a size, 0 x 0");
	/* Only PNG and JPEG headers give a size. */
	const uint8_t *p = data;
	if (ok)
		check((size >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) ||
		          (size >= 2 && p[0] == 0xff && p[1] == 0xd8),
		      "a size only from a PNG or JPEG");
	free(exact);
	return 0;
}
