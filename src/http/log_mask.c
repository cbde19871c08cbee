/* Masking tokens in logged paths. */
#include "http/log_mask.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#define LOG_MASK_MAX_PATH 200

static bool
is_token(const char *seg, size_t len)
{
	if (len < LOG_MASK_MIN_TOKEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)seg[i]))
			return false;
	return true;
}

void
log_mask_path(char *out, size_t n, const char *target)
{
	if (n == 0)
		return;
	size_t plen = strcspn(target, "?"), o = 0;
	if (plen > LOG_MASK_MAX_PATH)
		plen = LOG_MASK_MAX_PATH;
	for (size_t i = 0; i < plen && o + 1 < n;) {
		if (target[i] == '/') {
			out[o++] = target[i++];
			continue;
		}
		size_t len = strcspn(target + i, "/?");
		if (i + len > plen)
			len = plen - i;
		bool secret = is_token(target + i, len);
		size_t keep = secret ? 4 : len;
		for (size_t k = 0; k < keep && o + 1 < n; k++)
			out[o++] = target[i + k];
		if (secret)
			for (const char *e = "\xe2\x80\xa6"; *e && o + 1 < n; e++)
				out[o++] = *e;
		i += len;
	}
	out[o] = '\0';
}
