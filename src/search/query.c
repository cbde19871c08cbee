/* The query sanitiser: whatever a person types becomes an FTS5 expression of quoted
 * words, so it is always a search and never an SQL error. */
#include "search/search.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

static bool
is_space_cp(unsigned cp)
{
	return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0xFFFD;
}

/* The input cut to SEARCH_MAX_CHARS code points; when the cut falls inside a word, the
 * partial word goes too (unless it is the only one). Invalid UTF-8 becomes U+FFFD, which
 * counts as a space below. Sets *cut when anything was removed. */
static char *
cut_input(const char *input, bool *cut)
{
	size_t n = strlen(input), i = 0, chars = 0;
	while (i < n && chars < SEARCH_MAX_CHARS) {
		unsigned cp;
		i += search_utf8_next(input + i, n - i, &cp);
		chars++;
	}
	*cut = i < n;
	size_t end = i;
	if (*cut) {
		unsigned next;
		search_utf8_next(input + i, n - i, &next);
		if (!is_space_cp(next)) {
			/* Back to the last space before the cut, if there is one. */
			size_t last_space = 0;
			for (size_t j = 0; j < i;) {
				unsigned cp;
				size_t len = search_utf8_next(input + j, i - j, &cp);
				if (is_space_cp(cp))
					last_space = j;
				j += len;
			}
			if (last_space > 0)
				end = last_space;
		}
	}
	/* Trim spaces at both ends (of the kept part). */
	size_t start = 0;
	while (start < end) {
		unsigned cp;
		size_t len = search_utf8_next(input + start, end - start, &cp);
		if (!is_space_cp(cp))
			break;
		start += len;
	}
	while (end > start && (unsigned char)input[end - 1] <= ' ')
		end--;
	return xstrndup(input + start, end - start);
}

void
search_query_build(struct search_query *q, const char *input)
{
	memset(q, 0, sizeof *q);
	char *text = cut_input(input ? input : "", &q->truncated);
	q->text = text;
	struct buf m = BUF_INIT;
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = search_utf8_next(text + i, n - i, &cp);
		if (is_space_cp(cp)) {
			i += len;
			continue;
		}
		/* One chunk up to the next space. */
		size_t start = i;
		bool has_word = false;
		while (i < n) {
			len = search_utf8_next(text + i, n - i, &cp);
			if (is_space_cp(cp))
				break;
			has_word |= search_is_word_cp(cp);
			i += len;
		}
		if (!has_word) /* "-", "*", "(" … alone: nothing to find */
			continue;
		if (q->nterms == SEARCH_MAX_TERMS) {
			q->truncated = true;
			break;
		}
		/* A quoted FTS5 string: only '"' is special inside, and doubling escapes it.
		 * The tokenizer splits the chunk into words ("E-Learning" → e, learning), which
		 * FTS5 then wants next to each other: a phrase. */
		if (m.len)
			buf_putc(&m, ' ');
		buf_putc(&m, '"');
		for (size_t j = start; j < i; j++) {
			if (text[j] == '"')
				buf_putc(&m, '"');
			buf_putc(&m, text[j]);
		}
		buf_putc(&m, '"');
		q->nterms++;
	}
	q->match = m.len ? buf_detach(&m) : NULL;
	buf_free(&m);
}

void
search_query_free(struct search_query *q)
{
	free((char *)q->text);
	free((char *)q->match);
	memset(q, 0, sizeof *q);
}
