/* The sort keys kept next to names and titles (organisation.name_sort,
 * user_account.name_sort, proposal.title_sort, practice.title_sort; see search_sort_key). */
#ifndef DOMAIN_SORT_KEY_H
#define DOMAIN_SORT_KEY_H

struct store;

/* Fills every sort key still empty while its name or title is not: the rows written
 * before migration 013 added the keys (the folding is C, so the migration cannot). Runs
 * after store_migrate wherever the program opens its database (cli_open_store), in a
 * transaction of its own, only when there is something to fill; derived data like the
 * text index, so no audit event. Call it outside a transaction. Returns 0, or -1 on a
 * storage error. */
int sort_key_fill(struct store *s);

#endif
