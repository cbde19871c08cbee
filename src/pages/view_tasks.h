/* The task lists of the overview page (domain/tasks.h's rows): what waits, for whom, with
 * the count and links to the list and to the first objects. */
#ifndef PAGES_VIEW_TASKS_H
#define PAGES_VIEW_TASKS_H

#include "domain/tasks.h"
#include "html/html.h"
#include "http/request.h"

/* The office's list under the heading "What waits", one group per kind of task. */
void view_tasks_office(struct request *r, struct html *h, const struct task_list *l);
/* A board member's own list: their ratings due, with the deadline. */
void view_tasks_board(struct request *r, struct html *h, const struct task_list *l);

#endif
