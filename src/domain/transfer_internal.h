/* What the transfer files share (transfer.c, transfer_public.c, transfer_followup.c). */
#ifndef DOMAIN_TRANSFER_INTERNAL_H
#define DOMAIN_TRANSFER_INTERNAL_H
#include "domain/transfer.h"

struct stmt;

/* The columns transfer_read_row reads, and the FROM clause they come from. */
#define REPORT_COLUMNS                                                                             \
	"r.id, r.practice_id, p.slug, p.title, r.state, r.reporter_name, r.reporter_email, "       \
	"coalesce(r.reporter_user_id, 0), r.organisation_name, r.organisation_kind, "              \
	"r.bundesland, r.name_public, r.stage, r.message, r.report_text, r.since, "                \
	"coalesce(r.people_reached, -1), r.moderation, r.reject_reason, r.public_stage, "          \
	"r.public_text, r.public_name, r.public_kind, r.public_bundesland, "                       \
	"coalesce(r.public_at, 0), coalesce(r.interest_at, 0), coalesce(r.followup_sent_at, 0), "  \
	"coalesce(r.confirmed_at, 0), r.created_at, r.updated_at "                                 \
	"FROM transfer_report r JOIN practice p ON p.id = r.practice_id "

void transfer_read_row(struct stmt *st, struct arena *a, struct transfer_report *r);
/* A new link of kind "confirm" (expires) or "manage" for report id; the raw token to out. */
int transfer_link_create(struct store *s, int64_t id, const char *kind, char out[65]);
/* origin + path + token, in a. */
const char *transfer_link_url(struct arena *a, const char *path, const char *token);

#endif
