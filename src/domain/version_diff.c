/* Field-by-field comparison of two proposal versions. */
#include "domain/version_diff.h"
#include "domain/proposal.h"
#include "domain/taxonomy.h"
#include "util/buf.h"

#include <jansson.h>
#include <string.h>

static const char *
text_of(json_t *o, const char *key)
{
	const char *t = json_string_value(json_object_get(o, key));
	return t ? t : "";
}

/* The labels of the ids in arr that are of kind (or the single id for "art"), joined. */
static const char *
labels_of(struct store *s, struct arena *a, enum lang lang, json_t *o, const char *kind)
{
	struct buf b = BUF_INIT;
	json_t *ids = json_object_get(o, strcmp(kind, "art") == 0 ? "art_id" : "term_ids");
	size_t n = json_is_array(ids) ? json_array_size(ids) : 1;
	for (size_t i = 0; i < n; i++) {
		json_int_t id =
		    json_integer_value(json_is_array(ids) ? json_array_get(ids, i) : ids);
		struct term t;
		if (id <= 0 || !taxonomy_find(s, a, id, kind, &t))
			continue;
		buf_printf(&b, "%s%s", b.len ? ", " : "", term_label(&t, lang));
	}
	const char *r = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return r;
}

/* The changes found so far, an array in the arena. */
struct changes {
	struct arena *a;
	struct version_change *out;
	size_t n, cap, unchanged;
};

static void
add(struct changes *ch, struct version_change c)
{
	if (strcmp(c.before, c.after) == 0)
		ch->unchanged++;
	else
		*ARENA_PUSH(ch->a, ch->out, ch->n, ch->cap) = c;
}

/* Every criterion key that occurs in either self-assessment, once, in sorted order (the
 * snapshots are written with sorted keys). */
static void
self_changes(struct changes *ch, json_t *self_a, json_t *self_b)
{
	struct arena *a = ch->a;
	const char *key;
	json_t *v;
	json_object_foreach(self_a, key, v)
	{
		add(ch, (struct version_change){.kind = CHANGE_SELF,
		                                .criterion_key = arena_strdup(a, key),
		                                .before = arena_strdup(a, text_of(self_a, key)),
		                                .after = arena_strdup(a, text_of(self_b, key))});
	}
	json_object_foreach(self_b, key, v)
	{
		if (json_object_get(self_a, key))
			continue;
		add(ch, (struct version_change){.kind = CHANGE_SELF,
		                                .criterion_key = arena_strdup(a, key),
		                                .before = "",
		                                .after = arena_strdup(a, text_of(self_b, key))});
	}
}

struct version_change *
version_diff(struct store *s, struct arena *a, enum lang lang, const char *before,
             const char *after, size_t *n, size_t *unchanged)
{
	struct changes ch = {.a = a};
	json_t *ja = json_loads(before ? before : "", 0, NULL);
	json_t *jb = json_loads(after ? after : "", 0, NULL);
	if (!json_is_object(ja) || !json_is_object(jb))
		goto out;
	for (int i = 0; i < PT_COUNT; i++)
		add(&ch, (struct version_change){
		             .kind = CHANGE_TEXT,
		             .field = i,
		             .before = arena_strdup(a, text_of(ja, proposal_fields[i].key)),
		             .after = arena_strdup(a, text_of(jb, proposal_fields[i].key))});
	add(&ch, (struct version_change){.kind = CHANGE_ART,
	                                 .before = labels_of(s, a, lang, ja, "art"),
	                                 .after = labels_of(s, a, lang, jb, "art")});
	for (size_t k = 0; proposal_term_kinds[k]; k++)
		add(&ch, (struct version_change){
		             .kind = CHANGE_TERMS,
		             .term_kind = proposal_term_kinds[k],
		             .before = labels_of(s, a, lang, ja, proposal_term_kinds[k]),
		             .after = labels_of(s, a, lang, jb, proposal_term_kinds[k])});
	json_t *sa = json_object_get(ja, "self"), *sb = json_object_get(jb, "self");
	json_t *empty = json_object();
	self_changes(&ch, json_is_object(sa) ? sa : empty, json_is_object(sb) ? sb : empty);
	json_decref(empty);
out:
	json_decref(ja);
	json_decref(jb);
	*n = ch.n;
	*unchanged = ch.unchanged;
	return ch.out;
}
