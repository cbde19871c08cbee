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
/* Room for one more element in an array that lives in the arena: returns arr, or a copy
 * with twice the capacity when its *cap elements are all used (n of them). The old copy
 * stays in the arena until it is freed, so the waste is bounded by the final size. Use
 * through ARENA_PUSH, which returns a pointer to the new (uninitialised) element. */
void *arena_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size);
#define ARENA_PUSH(a, arr, n, cap)                                                                 \
	((arr) = arena_grow((a), (arr), (n), &(cap), sizeof *(arr)), &(arr)[(n)++])
/* Frees every allocation; the arena can be used again afterwards. */
void arena_free(struct arena *a);

#endif
