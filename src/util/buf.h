/* Growable byte buffer, always NUL-terminated so it can be used as a C string. */
#ifndef UTIL_BUF_H
#define UTIL_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_grow(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a string; never NULL, "" for an empty buffer. */
const char *buf_str(const struct buf *b);
void buf_reset(struct buf *b);
/* Hands the memory to the caller (free() it) and leaves b empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

#endif
