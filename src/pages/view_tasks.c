/* The overview's task lists: one group per kind, one line per call (and person), each with
 * its count, whom it waits for, the deadline where there is one, and links. */
#include "pages/view_tasks.h"
#include "pages/view_office.h"

#include <stdio.h>

/* What the page says about each kind: its heading and whom it waits for. */
struct kind_text {
	const char *heading, *for_whom;
};

static const struct kind_text kinds[TASK_KIND_COUNT] = {
    [TASK_FORMAL_CHECK] = {N_("Proposals to check"), N_("Waits for the coordination office")},
    [TASK_MESSAGE_UNREAD] = {N_("Messages of sub-projects to answer"),
                             N_("Waits for the coordination office")},
    [TASK_QUESTION_OPEN] = {N_("Unanswered questions to sub-projects"),
                            N_("Waits for the sub-projects")},
    [TASK_RATINGS_MISSING] = {N_("Missing ratings"), N_("Waits for the board members")},
    [TASK_UNDECIDED] = {N_("Proposals without a decision"), N_("Waits for the board's meeting")},
    [TASK_LETTER_UNSENT] = {N_("Letters not sent"), N_("Waits for the coordination office")},
    [TASK_RECORD_NOT_ISSUED] = {N_("Decision records not issued"),
                                N_("Waits for the coordination office")},
    [TASK_RATE] = {N_("Your ratings due"), N_("Waits for you")},
    [TASK_YEARLY_OVERDUE] = {N_("Practices due for their yearly check"),
                             N_("Waits for the coordination office")},
};

/* The line's text: how many wait (plural forms need literal msgids, so one case each). */
static const char *
line_text(struct request *r, const struct task *t)
{
	long n = (long)t->count;
	long long c = (long long)t->count;
	struct arena *a = &r->arena;
	switch (t->kind) {
	case TASK_FORMAL_CHECK:
		return arena_printf(a,
		                    trn(r, "%lld proposal waits for its formal check",
		                        "%lld proposals wait for their formal check", n),
		                    c);
	case TASK_MESSAGE_UNREAD:
		return arena_printf(a,
		                    trn(r, "%lld proposal with a message to answer",
		                        "%lld proposals with a message to answer", n),
		                    c);
	case TASK_QUESTION_OPEN:
		return arena_printf(
		    a,
		    trn(r, "%lld question not answered yet", "%lld questions not answered yet", n),
		    c);
	case TASK_RATINGS_MISSING:
		return arena_printf(a, trn(r, "%lld rating missing", "%lld ratings missing", n), c);
	case TASK_UNDECIDED:
		return arena_printf(a,
		                    trn(r, "%lld proposal without a decision",
		                        "%lld proposals without a decision", n),
		                    c);
	case TASK_LETTER_UNSENT:
		return arena_printf(
		    a, trn(r, "%lld decision letter not sent", "%lld decision letters not sent", n),
		    c);
	case TASK_RECORD_NOT_ISSUED:
		return tr(r, "The decision record is not issued or out of date");
	case TASK_RATE:
		return arena_printf(a, trn(r, "%lld proposal to rate", "%lld proposals to rate", n),
		                    c);
	case TASK_YEARLY_OVERDUE:
		return arena_printf(a,
		                    trn(r, "%lld practice not confirmed after two reminders",
		                        "%lld practices not confirmed after two reminders", n),
		                    c);
	case TASK_KIND_COUNT:
		break;
	}
	return "";
}

/* Where a line leads. */
static const char *
line_href(struct request *r, const struct task *t)
{
	switch (t->kind) {
	case TASK_FORMAL_CHECK:
	case TASK_MESSAGE_UNREAD:
	case TASK_QUESTION_OPEN:
		return office_call_href(r, t->call_id, "/vorschlaege");
	case TASK_RATINGS_MISSING:
		return office_call_href(r, t->call_id, "/fortschritt");
	case TASK_UNDECIDED:
	case TASK_LETTER_UNSENT:
	case TASK_RECORD_NOT_ISSUED:
		return office_call_href(r, t->call_id, "/sitzung");
	case TASK_YEARLY_OVERDUE:
		return "/admin/jahrescheck";
	case TASK_RATE:
	case TASK_KIND_COUNT:
		break;
	}
	return "/gremium";
}

/* Where one object of the line leads; NULL for the record (the line says it all). */
static const char *
object_href(struct request *r, const struct task *t, int64_t id)
{
	switch (t->kind) {
	case TASK_FORMAL_CHECK:
	case TASK_MESSAGE_UNREAD:
	case TASK_QUESTION_OPEN:
		return arena_printf(&r->arena, "/admin/vorschlaege/%lld", (long long)id);
	case TASK_UNDECIDED:
		return office_call_href(r, t->call_id,
		                        arena_printf(&r->arena, "/sitzung/%lld", (long long)id));
	case TASK_LETTER_UNSENT:
		return arena_printf(&r->arena, "/admin/vorschlaege/%lld/beschluss", (long long)id);
	case TASK_RATINGS_MISSING:
	case TASK_RATE:
		return arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)id);
	case TASK_RECORD_NOT_ISSUED:
	case TASK_YEARLY_OVERDUE:
	case TASK_KIND_COUNT:
		break;
	}
	return NULL;
}

static void
task_objects(struct request *r, struct html *h, const struct task *t)
{
	if (!t->nids || !object_href(r, t, t->ids[0]))
		return;
	html_open(h, "ul", "class", "task-objects", NULL);
	for (size_t i = 0; i < t->nids; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a",
		          arena_printf(&r->arena, tr(r, "Proposal no. %lld"), (long long)t->ids[i]),
		          "href", object_href(r, t, t->ids[i]), NULL);
		html_close(h, "li");
	}
	if (t->count > (int64_t)t->nids) {
		html_open(h, "li", NULL);
		html_textf(h, tr(r, "and %lld more"), (long long)(t->count - (int64_t)t->nids));
		html_close(h, "li");
	}
	html_close(h, "ul");
}

static void
task_line(struct request *r, struct html *h, const struct task *t)
{
	html_open(h, "li", "class", "task", NULL);
	html_open(h, "a", "href", line_href(r, t), NULL);
	if (t->user_name[0]) {
		html_text(h, t->user_name);
		html_text(h, ": ");
	}
	html_text(h, line_text(r, t));
	html_close(h, "a");
	/* Rows without a call (the yearly check) have nothing to add here. */
	if (!t->call_title[0] && !t->due_at) {
		html_close(h, "li");
		return;
	}
	html_open(h, "span", "class", "card-meta", NULL);
	html_text(h, " – ");
	html_text(h, t->call_title);
	if (t->due_at) {
		html_text(h, ", ");
		if (t->kind == TASK_UNDECIDED)
			html_textf(h, tr(r, "meeting on %s"), office_when(r, t->due_at));
		else
			html_textf(h, tr(r, "until %s"), office_when(r, t->due_at));
	}
	html_close(h, "span");
	task_objects(r, h, t);
	html_close(h, "li");
}

/* The group of one kind: heading with the total, whom it waits for, the lines. */
static void
task_group(struct request *r, struct html *h, const struct task_list *l, enum task_kind kind,
           int level)
{
	int64_t total = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].kind == kind)
			total += l->rows[i].count;
	if (!total)
		return;
	const struct kind_text *k = &kinds[kind];
	char id[32];
	snprintf(id, sizeof id, "task-%d", (int)kind);
	html_open(h, "section", "class", "task-group", "aria-labelledby", id, NULL);
	html_open(h, level == 2 ? "h2" : "h3", "id", id, NULL);
	html_text(h, tr(r, k->heading));
	html_text(h, " ");
	html_elem(h, "span", arena_printf(&r->arena, "%lld", (long long)total), "class",
	          "badge badge-neutral", NULL);
	html_close(h, level == 2 ? "h2" : "h3");
	html_elem(h, "p", tr(r, k->for_whom), "class", "muted", NULL);
	html_open(h, "ul", "class", "task-list", NULL);
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].kind == kind)
			task_line(r, h, &l->rows[i]);
	html_close(h, "ul");
	html_close(h, "section");
}

void
view_tasks_office(struct request *r, struct html *h, const struct task_list *l)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "tasks-h", NULL);
	html_elem(h, "h2", tr(r, "What waits"), "id", "tasks-h", NULL);
	if (!tasks_total(l))
		html_elem(h, "p",
		          tr(r, "Nothing waits: every proposal is checked, rated, decided "
		                "and told."),
		          "class", "muted", NULL);
	for (int k = 0; k < TASK_KIND_COUNT; k++)
		if (k != TASK_RATE)
			task_group(r, h, l, (enum task_kind)k, 3);
	html_close(h, "section");
}

void
view_tasks_board(struct request *r, struct html *h, const struct task_list *l)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "task-rate-h", NULL);
	html_elem(h, "h2", tr(r, "Your ratings due"), "id", "task-rate-h", NULL);
	if (!tasks_total(l))
		html_elem(h, "p", tr(r, "No rating is due from you."), "class", "muted", NULL);
	else {
		html_open(h, "ul", "class", "task-list", NULL);
		for (size_t i = 0; i < l->n; i++)
			task_line(r, h, &l->rows[i]);
		html_close(h, "ul");
	}
	html_close(h, "section");
}
