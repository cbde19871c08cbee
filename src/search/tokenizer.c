/* The FTS5 tokenizer "leuchtturm_de": splits text into words, folds case, umlauts and
 * ß, and stems with the Snowball German stemmer, so "Anerkennungsberatungen" and
 * "Anerkennungsberatung" meet in the index as "anerkennungsberat". */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
/* The search layer's driver file: the tokenizer lives inside SQLite, so this file (and
 * no other outside src/store) speaks to SQLite through the driver's own header. */
#include "store/store_sqlite.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are indexed by their first TOKEN_MAX bytes, unstemmed: nobody types them,
 * and the stemmer's work grows with the length. */
#define TOKEN_MAX 128

size_t
search_utf8_next(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
	if (len == 0 || len > n || u[0] > 0xF4)
		goto bad;
	unsigned v = u[0] & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (u[i] & 0x3F);
	}
	/* Overlong forms and surrogates are as invalid as a stray byte. */
	static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[len] || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

static size_t
put_utf8(char *out, unsigned cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
search_is_word_cp(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0) /* Latin-1 punctuation and symbols; ª µ º are letters */
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7) /* × ÷ */
		return false;
	if (cp == 0x37E || cp == 0x387 || cp == 0x589 || cp == 0x5BE || cp == 0x5C0 ||
	    cp == 0x5C3 || cp == 0x5F3 || cp == 0x5F4)
		return false;
	if (cp == 0x60C || cp == 0x61B || cp == 0x61F || (cp >= 0x66A && cp <= 0x66D) ||
	    cp == 0x6D4)
		return false;
	if (cp >= 0x2000 && cp <= 0x2BFF) /* punctuation, symbols, arrows, maths, dingbats */
		return false;
	if (cp >= 0x3000 && cp <= 0x303F) /* CJK punctuation */
		return false;
	if (cp >= 0xE000 && cp <= 0xF8FF) /* private use */
		return false;
	if ((cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
	    (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
	    (cp >= 0xFF5B && cp <= 0xFF65) || cp >= 0xFFF0)
		return cp >= 0x10000 && cp < 0x1F000; /* other planes: letters, save emoji */
	return true;
}

/* Base letters of U+0100..U+017F (Latin Extended-A); '?' marks the two-letter ones. */
static const char latin_ext_a[] = "aaaaaaccccccccdd"
                                  "ddeeeeeeeeeegggg"
                                  "gggghhhhiiiiiiii"
                                  "ii??jjkkklllllll"
                                  "lllnnnnnnnnnoooo"
                                  "oo??rrrrrrssssss"
                                  "ssttttttuuuuuuuu"
                                  "uuuuwwyyyzzzzzzs";

/* Base letters of U+00C0..U+00FF (Latin-1); '?' marks × ÷ and the two-letter ones. */
static const char latin_1[] = "aaaaaa?ceeeeiiii"
                              "dnooooo?ouuuuy??"
                              "aaaaaa?ceeeeiiii"
                              "dnooooo?ouuuuy?y";

size_t
search_fold_cp(unsigned cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		return 1;
	}
	if (cp >= 0xC0 && cp <= 0xFF) {
		char c = latin_1[cp - 0xC0];
		if (c != '?') {
			out[0] = c;
			return 1;
		}
		switch (cp) {
		case 0xC6:
		case 0xE6:
			memcpy(out, "ae", 2);
			return 2;
		case 0xDE:
		case 0xFE:
			memcpy(out, "th", 2);
			return 2;
		case 0xDF:
			memcpy(out, "ss", 2);
			return 2;
		default:
			return put_utf8(out, cp); /* × ÷ */
		}
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		char c = latin_ext_a[cp - 0x100];
		if (c != '?') {
			out[0] = c;
			return 1;
		}
		memcpy(out, cp <= 0x133 ? "ij" : "oe", 2);
		return 2;
	}
	if (cp == 0x1E9E) { /* capital ẞ */
		memcpy(out, "ss", 2);
		return 2;
	}
	if (cp >= 0x300 && cp <= 0x36F) /* combining accents (decomposed é) vanish */
		return 0;
	if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) /* Greek capitals */
		return put_utf8(out, cp + 0x20);
	if (cp >= 0x410 && cp <= 0x42F) /* Cyrillic capitals */
		return put_utf8(out, cp + 0x20);
	if (cp >= 0x400 && cp <= 0x40F)
		return put_utf8(out, cp + 0x50);
	return put_utf8(out, cp);
}

void
search_fold(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		char tmp[4];
		i += search_utf8_next(s + i, n - i, &cp);
		buf_append(out, tmp, search_fold_cp(cp, tmp));
	}
}

char *
search_sort_key(const char *s)
{
	struct buf b = BUF_INIT;
	search_fold(&b, s ? s : "");
	return buf_detach(&b);
}

void
search_bind_sort_key(struct stmt *st, int idx, const char *s)
{
	char *key = search_sort_key(s);
	stmt_bind_text(st, idx, key); /* the driver keeps its own copy */
	free(key);
}

/* Lower case for the stemmer: the German letters ä ö ü ß stay (the stemmer needs them to
 * find its regions and removes them itself), everything else is folded. */
static size_t
lower_for_stemmer(unsigned cp, char out[4])
{
	switch (cp) {
	case 0xC4:
	case 0xE4:
		return put_utf8(out, 0xE4);
	case 0xD6:
	case 0xF6:
		return put_utf8(out, 0xF6);
	case 0xDC:
	case 0xFC:
		return put_utf8(out, 0xFC);
	case 0xDF:
	case 0x1E9E:
		return put_utf8(out, 0xDF);
	default:
		return search_fold_cp(cp, out);
	}
}

/* The stems of recent words. The same few thousand words come back in every document and
 * in every search's snippets, and the stemmer costs more than everything else of
 * tokenizing (a third of a search's time, bench/catalog.sh). Direct-mapped by the lowered
 * word, which a hit compares in full. */
#define MEMO_SLOTS 4096
#define MEMO_WORD 40 /* longer words are stemmed every time */

struct memo_slot {
	uint8_t nword, nstem; /* nword 0: empty */
	char word[MEMO_WORD];
	char stem[MEMO_WORD + 8];
};

/* One tokenizer instance: FTS5 makes one per table and connection, and a connection is
 * used by one thread at a time, so its stemmer (not thread-safe) and its memo are never
 * shared. */
struct tokenizer {
	struct sb_stemmer *stemmer;
	struct memo_slot *memo; /* MEMO_SLOTS, or NULL */
};

typedef int (*emit_fn)(void *ctx, int tflags, const char *tok, int n, int start, int end);

/* The stem of a lowered word, folded (the stemmer leaves no umlaut, but a word the
 * stemmer passes through unchanged could still hold one). Returns its length in out. */
static size_t
stem_word(struct sb_stemmer *st, const char *word, size_t n, char *out, size_t cap)
{
	const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)word, (int)n);
	const char *src = s ? (const char *)s : word;
	size_t len = s ? (size_t)sb_stemmer_length(st) : n;
	size_t o = 0;
	for (size_t i = 0; i < len && o + 4 <= cap;) {
		unsigned cp;
		i += search_utf8_next(src + i, len - i, &cp);
		o += search_fold_cp(cp, out + o);
	}
	return o;
}

/* stem_word, through the memo when there is one. */
static size_t
stem(struct sb_stemmer *st, struct memo_slot *memo, const char *word, size_t n, char *out,
     size_t cap)
{
	if (!memo || n > MEMO_WORD)
		return stem_word(st, word, n, out, cap);
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)word[i]) * 16777619u;
	struct memo_slot *m = &memo[h % MEMO_SLOTS];
	if (m->nword == n && memcmp(m->word, word, n) == 0 && m->nstem <= cap) {
		memcpy(out, m->stem, m->nstem);
		return m->nstem;
	}
	size_t o = stem_word(st, word, n, out, cap);
	if (o <= sizeof m->stem) {
		m->nword = (uint8_t)n;
		memcpy(m->word, word, n);
		m->nstem = (uint8_t)o;
		memcpy(m->stem, out, o);
	}
	return o;
}

/* People without umlauts on their keyboard write "oe" for "ö". For a query word with
 * ae/oe/ue, the umlaut spelling is a second, colocated token: FTS5 then
 * matches either. Returns the length of that spelling in out, 0 when there is none. */
static size_t
umlaut_spelling(const char *w, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (o + 2 > cap)
			return 0;
		/* "ue" after a, e or q is part of au, eu, qu ("Frauen", "neue", "Quelle"). */
		bool diphthong = w[i] == 'u' && i > 0 && strchr("aeq", w[i - 1]);
		if (i + 1 < n && w[i + 1] == 'e' && (w[i] == 'a' || w[i] == 'o' || w[i] == 'u') &&
		    !diphthong) {
			o += put_utf8(out + o, w[i] == 'a' ? 0xE4 : w[i] == 'o' ? 0xF6 : 0xFC);
			i++;
			changed = true;
			continue;
		}
		out[o++] = w[i];
	}
	return changed ? o : 0;
}

/* ---- gender forms ----
 * Lehrerin, Lehrerinnen, Lehrer*innen, Lehrer:innen, Lehrer_innen, Lehrer/innen and
 * LehrerInnen (lowered: lehrerinnen) all become "lehrer" before stemming, in the text and
 * in the query alike, so each finds the others and "Lehrer". */

/* The bytes of "in"/"innen" (any case) at s when a gender mark joins them to the word
 * before (Lehrer*innen): the mark, an optional '-', the suffix, then no more letters.
 * Returns how many bytes the mark and suffix take, 0 when s holds none. */
static size_t
gender_mark_suffix(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '*' || s[i] == ':' || s[i] == '_' || s[i] == '/'))
		i++;
	else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB7) /* · */
		i += 2;
	else
		return 0;
	if (i < n && s[i] == '-')
		i++;
	size_t k = 0;
	static const char suffix[] = "innen";
	while (i + k < n && k < 5 && (s[i + k] | 0x20) == suffix[k])
		k++;
	if (k != 2 && k != 5)
		return 0;
	if (i + k < n) {
		unsigned cp;
		search_utf8_next(s + i + k, n - i - k, &cp);
		if (search_is_word_cp(cp))
			return 0;
	}
	return i + k;
}

/* Words that end in -in without being a feminine form of another word. */
static const char *const not_feminine[] = {
    "termin",   "medizin", "benzin",  "berlin",   "disziplin", "vitamin",    "magazin",
    "protein",  "kamin",   "rubin",   "urin",     "delfin",    "delphin",    "pinguin",
    "cousin",   "insulin", "nikotin", "paraffin", "terpentin", "penicillin", "musselin",
    "harlekin", "plugin",  "hierin",  "worin",    "darin",     "login",      "robin",
};

static bool
is_vowel(unsigned char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c >= 0x80;
}

/* The length of low (lowered, umlauts kept) without a feminine -in or -innen, or n when
 * it has none: what stays must have at least 4 letters and end in a consonant (not in
 * "ein", "ain", "hin" as in Verein, Kokain, weiterhin; "chin" as in Köchin is one). */
static size_t
gender_base(const char *low, size_t n)
{
	size_t cut = 0;
	if (n >= 5 + 4 && memcmp(low + n - 5, "innen", 5) == 0)
		cut = 5;
	else if (n >= 2 + 4 && memcmp(low + n - 2, "in", 2) == 0)
		cut = 2;
	if (!cut)
		return n;
	size_t base = n - cut;
	unsigned char last = (unsigned char)low[base - 1];
	if (is_vowel(last) || (last == 'h' && low[base - 2] != 'c'))
		return n;
	/* Also at the end of a compound: Beratungstermin, Sportmedizin. */
	for (size_t i = 0; cut == 2 && i < sizeof not_feminine / sizeof *not_feminine; i++) {
		size_t k = strlen(not_feminine[i]);
		if (k <= n && memcmp(not_feminine[i], low + n - k, k) == 0)
			return n;
	}
	/* Letters, not bytes: "ärzt" is 5 bytes and 4 letters. */
	size_t letters = 0;
	for (size_t i = 0; i < base; i++)
		letters += ((unsigned char)low[i] & 0xC0) != 0x80;
	return letters >= 4 ? base : n;
}

static int
tokenize(struct sb_stemmer *st, struct memo_slot *memo, const char *text, size_t n, bool query,
         emit_fn emit, void *ctx)
{
	/* A query string that starts with SEARCH_RAW_MARK is an index term already (made by
	 * the query expansion, never by what people type: the sanitiser takes control
	 * characters for spaces), so it is looked up as it is. */
	if (query && n > 1 && text[0] == SEARCH_RAW_MARK[0])
		return emit(ctx, 0, text + 1, (int)(n - 1 > TOKEN_MAX * 2 ? TOKEN_MAX * 2 : n - 1),
		            0, (int)n);
	char low[TOKEN_MAX + 8], out[TOKEN_MAX * 2 + 8], alt[TOKEN_MAX * 2 + 8],
	    alt_out[TOKEN_MAX * 2 + 8];
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = search_utf8_next(text + i, n - i, &cp);
		if (!search_is_word_cp(cp)) {
			i += len;
			continue;
		}
		size_t start = i, nlow = 0;
		bool too_long = false;
		while (i < n) {
			len = search_utf8_next(text + i, n - i, &cp);
			if (!search_is_word_cp(cp))
				break;
			char tmp[4];
			size_t k = lower_for_stemmer(cp, tmp);
			if (nlow + k <= TOKEN_MAX) {
				memcpy(low + nlow, tmp, k);
				nlow += k;
			} else {
				too_long = true;
			}
			i += len;
		}
		if (nlow == 0) /* only combining marks */
			continue;
		if (!too_long) {
			size_t mark = gender_mark_suffix(text + i, n - i);
			i += mark;
			if (!mark)
				nlow = gender_base(low, nlow);
		}
		size_t nout;
		if (!st) {
			/* Spans only (search_token_spans): where the tokens are, not what. */
			nout = 1;
			out[0] = 'x';
		} else if (too_long) {
			nout = 0;
			for (size_t j = 0; j < nlow;) {
				j += search_utf8_next(low + j, nlow - j, &cp);
				nout += search_fold_cp(cp, out + nout);
			}
		} else {
			nout = stem(st, memo, low, nlow, out, sizeof out);
		}
		if (nout == 0)
			continue;
		int rc = emit(ctx, 0, out, (int)nout, (int)start, (int)i);
		if (rc != SQLITE_OK)
			return rc;
		if (!query || too_long)
			continue;
		size_t nalt = umlaut_spelling(low, nlow, alt, sizeof alt - 4);
		if (!nalt)
			continue;
		size_t nalt_out = stem(st, memo, alt, nalt, alt_out, sizeof alt_out);
		if (nalt_out && (nalt_out != nout || memcmp(alt_out, out, nout) != 0)) {
			rc = emit(ctx, FTS5_TOKEN_COLOCATED, alt_out, (int)nalt_out, (int)start,
			          (int)i);
			if (rc != SQLITE_OK)
				return rc;
		}
	}
	return SQLITE_OK;
}

static int
tok_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct tokenizer *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	t->stemmer = sb_stemmer_new("german", "UTF_8");
	if (!t->stemmer) {
		free(t);
		return SQLITE_NOMEM;
	}
	t->memo = calloc(MEMO_SLOTS, sizeof *t->memo); /* without it, every word is stemmed */
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *p)
{
	struct tokenizer *t = (struct tokenizer *)p;
	if (!t)
		return;
	sb_stemmer_delete(t->stemmer);
	free(t->memo);
	free(t);
}

static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
             int (*xToken)(void *, int, const char *, int, int, int))
{
	struct tokenizer *t = (struct tokenizer *)p;
	return tokenize(t->stemmer, t->memo, text, n > 0 ? (size_t)n : 0,
	                (flags & FTS5_TOKENIZE_QUERY) != 0, xToken, ctx);
}

/* The fts5_api of a connection, fetched the documented way: SELECT fts5(?1) with a
 * pointer bound under the type "fts5_api_ptr". */
static int
register_with(struct store *s)
{
	sqlite3 *db = store_sqlite_db(s);
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return -1;
	fts5_tokenizer t = {tok_create, tok_delete, tok_tokenize};
	return api->xCreateTokenizer(api, SEARCH_TOKENIZER, NULL, &t, NULL) == SQLITE_OK ? 0 : -1;
}

void
search_register(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	store_register_extension(register_with);
}

/* Runs before main(): every program that links the core library (the server, the CLI,
 * the unit tests) can then open and migrate a database whose schema has FTS5 tables with
 * this tokenizer, without each of them having to remember a call. */
__attribute__((constructor)) static void
search_auto_register(void)
{
	search_register();
}

struct terms_ctx {
	void (*fn)(void *ctx, const char *term, size_t n);
	void *ctx;
	size_t count;
};

static int
terms_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	struct terms_ctx *c = ctx;
	c->fn(c->ctx, tok, (size_t)n);
	c->count++;
	return SQLITE_OK;
}

size_t
search_terms(const char *text, void (*fn)(void *ctx, const char *term, size_t n), void *ctx)
{
	struct sb_stemmer *st = sb_stemmer_new("german", "UTF_8");
	if (!st)
		return 0;
	struct terms_ctx c = {fn, ctx, 0};
	tokenize(st, NULL, text, strlen(text), false, terms_emit, &c);
	sb_stemmer_delete(st);
	return c.count;
}

/* ---- for the query expansion (search_internal.h) ---- */

struct search_stemmer {
	struct sb_stemmer *stemmer;
	struct memo_slot *memo;
};

struct search_stemmer *
search_stemmer_new(bool memo)
{
	struct search_stemmer *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->stemmer = sb_stemmer_new("german", "UTF_8");
	t->memo = memo ? calloc(MEMO_SLOTS, sizeof *t->memo) : NULL;
	if (!t->stemmer) {
		free(t->memo);
		free(t);
		return NULL;
	}
	return t;
}

void
search_stemmer_free(struct search_stemmer *t)
{
	if (!t)
		return;
	sb_stemmer_delete(t->stemmer);
	free(t->memo);
	free(t);
}

struct tokens_ctx {
	void (*fn)(void *ctx, const char *term, size_t n, bool alternative);
	void *ctx;
};

static int
tokens_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	struct tokens_ctx *c = ctx;
	c->fn(c->ctx, tok, (size_t)n, (tflags & FTS5_TOKEN_COLOCATED) != 0);
	return SQLITE_OK;
}

void
search_tokens(struct search_stemmer *t, const char *text, size_t n, bool query,
              void (*fn)(void *ctx, const char *term, size_t n, bool alternative), void *ctx)
{
	struct tokens_ctx c = {fn, ctx};
	/* The raw mark is the expansion's, never a person's: not honoured here. */
	while (query && n && text[0] == SEARCH_RAW_MARK[0]) {
		text++;
		n--;
	}
	tokenize(t->stemmer, t->memo, text, n, query, tokens_emit, &c);
}

struct spans_ctx {
	void (*fn)(void *ctx, size_t start, size_t end);
	void *ctx;
};

static int
spans_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	struct spans_ctx *c = ctx;
	c->fn(c->ctx, (size_t)start, (size_t)end);
	return SQLITE_OK;
}

void
search_token_spans(const char *text, size_t n, void (*fn)(void *ctx, size_t start, size_t end),
                   void *ctx)
{
	struct spans_ctx c = {fn, ctx};
	tokenize(NULL, NULL, text, n, false, spans_emit, &c);
}

struct at_ctx {
	void (*fn)(void *ctx, const char *term, size_t n, size_t start, size_t end);
	void *ctx;
};

static int
at_emit(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	struct at_ctx *c = ctx;
	c->fn(c->ctx, tok, (size_t)n, (size_t)start, (size_t)end);
	return SQLITE_OK;
}

void
search_tokens_at(struct search_stemmer *t, const char *text, size_t n,
                 void (*fn)(void *ctx, const char *term, size_t n, size_t start, size_t end),
                 void *ctx)
{
	struct at_ctx c = {fn, ctx};
	tokenize(t->stemmer, t->memo, text, n, false, at_emit, &c);
}
