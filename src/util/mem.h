/* Allocation that never returns NULL: running out of memory aborts (as fossil_malloc). */
#ifndef UTIL_MEM_H
#define UTIL_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
