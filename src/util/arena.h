/* Region allocator: everything of one request lives here and is freed at once. */
#ifndef UTIL_ARENA_H
#define UTIL_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees every allocation; the arena can be used again afterwards. */
void arena_free(struct arena *a);

#endif
