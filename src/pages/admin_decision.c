/* The coordination office's meeting mode: the meeting of a call (date, members present),
 * the proposals in ranking order, deciding one (votes, recusals from the conflicts,
 * outcome, justification per criterion prefilled from the ratings, the deviation reason);
 * the decision view with its amendments and the decision letter; and the letter on the
 * sub-project's proposal page. */
#include "domain/access.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/letter.h"
#include "domain/practice.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROPOSALS 2000
#define MAX_RATINGS 64

_Static_assert(DECISION_MAX_MEMBERS == 64 && REVIEW_MAX_CRITERIA == 16,
               "the key tables below are written out for 64 members and 16 criteria");

static const char *const outcome_choices[] = {"selected", "not_selected", "deferred", NULL};
static const char *const vote_choices[] = {"yes", "no", "abstain", NULL};

const struct form_key meeting_keys[MEETING_KEYS] = {
    {"held_at", FORM_DATETIME, true, 0, 0, NULL},
    {"notes", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"m_0", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_0", FORM_BOOL, false, 0, 0, NULL},
    {"m_1", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_1", FORM_BOOL, false, 0, 0, NULL},
    {"m_2", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_2", FORM_BOOL, false, 0, 0, NULL},
    {"m_3", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_3", FORM_BOOL, false, 0, 0, NULL},
    {"m_4", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_4", FORM_BOOL, false, 0, 0, NULL},
    {"m_5", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_5", FORM_BOOL, false, 0, 0, NULL},
    {"m_6", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_6", FORM_BOOL, false, 0, 0, NULL},
    {"m_7", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_7", FORM_BOOL, false, 0, 0, NULL},
    {"m_8", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_8", FORM_BOOL, false, 0, 0, NULL},
    {"m_9", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_9", FORM_BOOL, false, 0, 0, NULL},
    {"m_10", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_10", FORM_BOOL, false, 0, 0, NULL},
    {"m_11", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_11", FORM_BOOL, false, 0, 0, NULL},
    {"m_12", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_12", FORM_BOOL, false, 0, 0, NULL},
    {"m_13", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_13", FORM_BOOL, false, 0, 0, NULL},
    {"m_14", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_14", FORM_BOOL, false, 0, 0, NULL},
    {"m_15", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_15", FORM_BOOL, false, 0, 0, NULL},
    {"m_16", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_16", FORM_BOOL, false, 0, 0, NULL},
    {"m_17", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_17", FORM_BOOL, false, 0, 0, NULL},
    {"m_18", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_18", FORM_BOOL, false, 0, 0, NULL},
    {"m_19", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_19", FORM_BOOL, false, 0, 0, NULL},
    {"m_20", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_20", FORM_BOOL, false, 0, 0, NULL},
    {"m_21", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_21", FORM_BOOL, false, 0, 0, NULL},
    {"m_22", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_22", FORM_BOOL, false, 0, 0, NULL},
    {"m_23", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_23", FORM_BOOL, false, 0, 0, NULL},
    {"m_24", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_24", FORM_BOOL, false, 0, 0, NULL},
    {"m_25", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_25", FORM_BOOL, false, 0, 0, NULL},
    {"m_26", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_26", FORM_BOOL, false, 0, 0, NULL},
    {"m_27", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_27", FORM_BOOL, false, 0, 0, NULL},
    {"m_28", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_28", FORM_BOOL, false, 0, 0, NULL},
    {"m_29", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_29", FORM_BOOL, false, 0, 0, NULL},
    {"m_30", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_30", FORM_BOOL, false, 0, 0, NULL},
    {"m_31", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_31", FORM_BOOL, false, 0, 0, NULL},
    {"m_32", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_32", FORM_BOOL, false, 0, 0, NULL},
    {"m_33", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_33", FORM_BOOL, false, 0, 0, NULL},
    {"m_34", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_34", FORM_BOOL, false, 0, 0, NULL},
    {"m_35", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_35", FORM_BOOL, false, 0, 0, NULL},
    {"m_36", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_36", FORM_BOOL, false, 0, 0, NULL},
    {"m_37", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_37", FORM_BOOL, false, 0, 0, NULL},
    {"m_38", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_38", FORM_BOOL, false, 0, 0, NULL},
    {"m_39", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_39", FORM_BOOL, false, 0, 0, NULL},
    {"m_40", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_40", FORM_BOOL, false, 0, 0, NULL},
    {"m_41", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_41", FORM_BOOL, false, 0, 0, NULL},
    {"m_42", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_42", FORM_BOOL, false, 0, 0, NULL},
    {"m_43", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_43", FORM_BOOL, false, 0, 0, NULL},
    {"m_44", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_44", FORM_BOOL, false, 0, 0, NULL},
    {"m_45", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_45", FORM_BOOL, false, 0, 0, NULL},
    {"m_46", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_46", FORM_BOOL, false, 0, 0, NULL},
    {"m_47", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_47", FORM_BOOL, false, 0, 0, NULL},
    {"m_48", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_48", FORM_BOOL, false, 0, 0, NULL},
    {"m_49", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_49", FORM_BOOL, false, 0, 0, NULL},
    {"m_50", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_50", FORM_BOOL, false, 0, 0, NULL},
    {"m_51", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_51", FORM_BOOL, false, 0, 0, NULL},
    {"m_52", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_52", FORM_BOOL, false, 0, 0, NULL},
    {"m_53", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_53", FORM_BOOL, false, 0, 0, NULL},
    {"m_54", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_54", FORM_BOOL, false, 0, 0, NULL},
    {"m_55", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_55", FORM_BOOL, false, 0, 0, NULL},
    {"m_56", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_56", FORM_BOOL, false, 0, 0, NULL},
    {"m_57", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_57", FORM_BOOL, false, 0, 0, NULL},
    {"m_58", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_58", FORM_BOOL, false, 0, 0, NULL},
    {"m_59", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_59", FORM_BOOL, false, 0, 0, NULL},
    {"m_60", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_60", FORM_BOOL, false, 0, 0, NULL},
    {"m_61", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_61", FORM_BOOL, false, 0, 0, NULL},
    {"m_62", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_62", FORM_BOOL, false, 0, 0, NULL},
    {"m_63", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_63", FORM_BOOL, false, 0, 0, NULL},
};

const struct form_key decide_keys[DECIDE_KEYS] = {
    {"outcome", FORM_CHOICE, false, 0, 0, outcome_choices},
    {"conditions", FORM_LONGTEXT, false, 0, DECISION_REASON_MAX, NULL},
    {"target_call", FORM_INT, false, 0, INT64_MAX, NULL},
    {"deviation_reason", FORM_LONGTEXT, false, 0, DECISION_REASON_MAX, NULL},
    {"amendment_reason", FORM_LONGTEXT, false, 0, DECISION_REASON_MAX, NULL},
    {"m_0", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_0", FORM_BOOL, false, 0, 0, NULL},
    {"v_0", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_1", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_1", FORM_BOOL, false, 0, 0, NULL},
    {"v_1", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_2", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_2", FORM_BOOL, false, 0, 0, NULL},
    {"v_2", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_3", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_3", FORM_BOOL, false, 0, 0, NULL},
    {"v_3", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_4", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_4", FORM_BOOL, false, 0, 0, NULL},
    {"v_4", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_5", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_5", FORM_BOOL, false, 0, 0, NULL},
    {"v_5", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_6", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_6", FORM_BOOL, false, 0, 0, NULL},
    {"v_6", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_7", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_7", FORM_BOOL, false, 0, 0, NULL},
    {"v_7", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_8", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_8", FORM_BOOL, false, 0, 0, NULL},
    {"v_8", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_9", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_9", FORM_BOOL, false, 0, 0, NULL},
    {"v_9", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_10", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_10", FORM_BOOL, false, 0, 0, NULL},
    {"v_10", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_11", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_11", FORM_BOOL, false, 0, 0, NULL},
    {"v_11", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_12", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_12", FORM_BOOL, false, 0, 0, NULL},
    {"v_12", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_13", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_13", FORM_BOOL, false, 0, 0, NULL},
    {"v_13", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_14", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_14", FORM_BOOL, false, 0, 0, NULL},
    {"v_14", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_15", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_15", FORM_BOOL, false, 0, 0, NULL},
    {"v_15", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_16", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_16", FORM_BOOL, false, 0, 0, NULL},
    {"v_16", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_17", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_17", FORM_BOOL, false, 0, 0, NULL},
    {"v_17", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_18", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_18", FORM_BOOL, false, 0, 0, NULL},
    {"v_18", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_19", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_19", FORM_BOOL, false, 0, 0, NULL},
    {"v_19", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_20", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_20", FORM_BOOL, false, 0, 0, NULL},
    {"v_20", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_21", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_21", FORM_BOOL, false, 0, 0, NULL},
    {"v_21", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_22", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_22", FORM_BOOL, false, 0, 0, NULL},
    {"v_22", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_23", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_23", FORM_BOOL, false, 0, 0, NULL},
    {"v_23", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_24", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_24", FORM_BOOL, false, 0, 0, NULL},
    {"v_24", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_25", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_25", FORM_BOOL, false, 0, 0, NULL},
    {"v_25", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_26", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_26", FORM_BOOL, false, 0, 0, NULL},
    {"v_26", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_27", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_27", FORM_BOOL, false, 0, 0, NULL},
    {"v_27", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_28", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_28", FORM_BOOL, false, 0, 0, NULL},
    {"v_28", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_29", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_29", FORM_BOOL, false, 0, 0, NULL},
    {"v_29", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_30", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_30", FORM_BOOL, false, 0, 0, NULL},
    {"v_30", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_31", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_31", FORM_BOOL, false, 0, 0, NULL},
    {"v_31", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_32", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_32", FORM_BOOL, false, 0, 0, NULL},
    {"v_32", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_33", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_33", FORM_BOOL, false, 0, 0, NULL},
    {"v_33", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_34", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_34", FORM_BOOL, false, 0, 0, NULL},
    {"v_34", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_35", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_35", FORM_BOOL, false, 0, 0, NULL},
    {"v_35", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_36", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_36", FORM_BOOL, false, 0, 0, NULL},
    {"v_36", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_37", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_37", FORM_BOOL, false, 0, 0, NULL},
    {"v_37", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_38", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_38", FORM_BOOL, false, 0, 0, NULL},
    {"v_38", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_39", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_39", FORM_BOOL, false, 0, 0, NULL},
    {"v_39", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_40", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_40", FORM_BOOL, false, 0, 0, NULL},
    {"v_40", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_41", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_41", FORM_BOOL, false, 0, 0, NULL},
    {"v_41", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_42", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_42", FORM_BOOL, false, 0, 0, NULL},
    {"v_42", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_43", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_43", FORM_BOOL, false, 0, 0, NULL},
    {"v_43", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_44", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_44", FORM_BOOL, false, 0, 0, NULL},
    {"v_44", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_45", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_45", FORM_BOOL, false, 0, 0, NULL},
    {"v_45", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_46", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_46", FORM_BOOL, false, 0, 0, NULL},
    {"v_46", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_47", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_47", FORM_BOOL, false, 0, 0, NULL},
    {"v_47", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_48", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_48", FORM_BOOL, false, 0, 0, NULL},
    {"v_48", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_49", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_49", FORM_BOOL, false, 0, 0, NULL},
    {"v_49", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_50", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_50", FORM_BOOL, false, 0, 0, NULL},
    {"v_50", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_51", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_51", FORM_BOOL, false, 0, 0, NULL},
    {"v_51", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_52", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_52", FORM_BOOL, false, 0, 0, NULL},
    {"v_52", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_53", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_53", FORM_BOOL, false, 0, 0, NULL},
    {"v_53", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_54", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_54", FORM_BOOL, false, 0, 0, NULL},
    {"v_54", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_55", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_55", FORM_BOOL, false, 0, 0, NULL},
    {"v_55", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_56", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_56", FORM_BOOL, false, 0, 0, NULL},
    {"v_56", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_57", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_57", FORM_BOOL, false, 0, 0, NULL},
    {"v_57", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_58", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_58", FORM_BOOL, false, 0, 0, NULL},
    {"v_58", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_59", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_59", FORM_BOOL, false, 0, 0, NULL},
    {"v_59", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_60", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_60", FORM_BOOL, false, 0, 0, NULL},
    {"v_60", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_61", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_61", FORM_BOOL, false, 0, 0, NULL},
    {"v_61", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_62", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_62", FORM_BOOL, false, 0, 0, NULL},
    {"v_62", FORM_CHOICE, false, 0, 0, vote_choices},
    {"m_63", FORM_INT, false, 1, INT64_MAX, NULL},
    {"p_63", FORM_BOOL, false, 0, 0, NULL},
    {"v_63", FORM_CHOICE, false, 0, 0, vote_choices},
    {"c_0", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_0", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_1", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_1", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_2", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_2", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_3", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_3", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_4", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_4", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_5", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_5", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_6", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_6", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_7", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_7", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_8", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_8", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_9", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_9", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_10", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_10", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_11", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_11", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_12", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_12", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_13", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_13", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_14", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_14", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
    {"c_15", FORM_INT, false, 1, INT64_MAX, NULL},
    {"j_15", FORM_LONGTEXT, false, 0, DECISION_TEXT_MAX, NULL},
};

static const char *
decision_href(struct request *r, int64_t proposal_id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/vorschlaege/%lld/beschluss%s",
	                    (long long)proposal_id, rest);
}

static const char *
key_i(struct request *r, const char *prefix, size_t i)
{
	return arena_printf(&r->arena, "%s_%zu", prefix, i);
}

static const char *
title_of(struct request *r, const char *title)
{
	return title && *title ? title : tr(r, "(untitled)");
}

struct html *
decision_begin(struct request *r, const struct call *c, const char *title)
{
	const char *links[][2] = {{"/sitzung", tr(r, "Meeting mode")},
	                          {"/ranking", tr(r, "Ranking")},
	                          {"/statistik", tr(r, "Agreement statistics")},
	                          {"/briefvorlagen", tr(r, "Letter templates")},
	                          {"/protokoll.pdf", tr(r, "Decision record (PDF)")}};
	return office_call_begin(r, c, title, tr(r, "Decisions of this call"), links,
	                         sizeof links / sizeof links[0]);
}

/* The proposals of the call in ranking order (best weighted total first). */
static size_t
ranked(struct request *r, struct store *s, const struct call *c, struct review_rank_row **rows)
{
	*rows = arena_alloc(&r->arena, MAX_PROPOSALS * sizeof **rows);
	return review_ranking(s, &r->arena, r->user, c->id, *rows, MAX_PROPOSALS, NULL, NULL);
}

static bool
is_decided(const struct decision_summary *d, size_t nd, int64_t pid, enum proposal_state *out)
{
	for (size_t i = 0; i < nd; i++)
		if (d[i].proposal_id == pid) {
			if (out)
				*out = d[i].outcome;
			return true;
		}
	return false;
}

/* ---- the meeting ---- */

static void
meeting_form(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct meeting m;
	decision_meeting(s, &r->arena, c->id, &m);
	size_t nm;
	struct board_member *bm = review_members(s, &r->arena, c->id, &nm);
	html_open(h, "section", "class", "panel", "aria-labelledby", "meeting-h", NULL);
	html_elem(h, "h2", tr(r, "The meeting"), "id", "meeting-h", NULL);
	if (m.exists) {
		html_open(h, "p", NULL);
		html_textf(h,
		           trn(r, "Held on %s with %zu member present.",
		               "Held on %s with %zu members present.", (long)m.npresent),
		           office_when(r, m.held_at), m.npresent);
		html_close(h, "p");
	} else {
		html_elem(h, "p",
		          tr(r, "Record when the board met and who was there; then decide "
		                "the proposals one by one."),
		          NULL);
	}
	if (c->phase != PHASE_DECIDING) {
		html_close(h, "section");
		return;
	}
	if (!nm) {
		html_elem(h, "p", tr(r, "The board of this call has no members yet."), "class",
		          "muted", NULL);
		html_close(h, "section");
		return;
	}
	widget_form_begin(r, h, office_call_href(r, c->id, "/sitzung"));
	widget_input(
	    r, h,
	    &(struct widget){.name = "held_at",
	                     .label = tr(r, "Date and time of the meeting"),
	                     .type = "datetime-local",
	                     .value = office_input_time(r, m.exists ? m.held_at : c->meeting_at),
	                     .required = true});
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Members present"), NULL);
	for (size_t i = 0; i < nm; i++) {
		html_void(h, "input", "type", "hidden", "name", key_i(r, "m", i), "value",
		          arena_printf(&r->arena, "%lld", (long long)bm[i].user_id), NULL);
		widget_checkbox(r, h, key_i(r, "p", i),
		                arena_printf(&r->arena, "%s (%s)", bm[i].name,
		                             tr(r, board_constituency_label(bm[i].constituency))),
		                m.exists ? decision_meeting_present(&m, bm[i].user_id) : true);
	}
	html_close(h, "fieldset");
	widget_textarea(r, h,
	                &(struct widget){.name = "notes",
	                                 .label = tr(r, "Notes"),
	                                 .hint = tr(r, "For the record, e.g. the place or guests."),
	                                 .value = m.notes,
	                                 .maxlength = DECISION_TEXT_MAX,
	                                 .rows = 3});
	widget_submit(h, tr(r, "Save the meeting"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
proposals_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct review_rank_row *rows;
	size_t n = ranked(r, s, c, &rows);
	size_t nd;
	struct decision_summary *ds = decision_list(s, &r->arena, c->id, &nd);
	html_open(h, "section", "aria-labelledby", "proposals-h", NULL);
	html_elem(h, "h2", tr(r, "Proposals in ranking order"), "id", "proposals-h", NULL);
	if (!n) {
		html_elem(h, "p", tr(r, "There are no proposals to decide in this call."), "class",
		          "muted", NULL);
		html_close(h, "section");
		return;
	}
	const char *heads[] = {tr(r, "Rank"),           tr(r, "Proposal"),
	                       tr(r, "Organisation"),   tr(r, "All criteria met"),
	                       tr(r, "Weighted total"), tr(r, "Decision")};
	widget_table_begin(h, arena_printf(&r->arena, tr(r, "%zu of %zu proposals decided"), nd, n),
	                   heads, 6);
	for (size_t i = 0; i < n; i++) {
		const struct review_rank_row *w = &rows[i];
		enum proposal_state outcome;
		bool decided = is_decided(ds, nd, w->proposal_id, &outcome);
		html_open(h, "tr", NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%zu", i + 1), NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", title_of(r, w->title), "href",
		          decided ? decision_href(r, w->proposal_id, "")
		                  : office_call_href(r, c->id,
		                                     arena_printf(&r->arena, "/sitzung/%lld",
		                                                  (long long)w->proposal_id)),
		          NULL);
		html_close(h, "th");
		html_elem(h, "td", w->organisation_name, NULL);
		html_elem(h, "td", w->nratings ? (w->all_met ? tr(r, "yes") : tr(r, "no")) : "–",
		          NULL);
		html_elem(h, "td", w->nratings ? board_number(r, w->total) : "–", NULL);
		html_open(h, "td", NULL);
		if (decided)
			office_state_tag(r, h, outcome);
		else
			html_elem(h, "span", tr(r, "open"), "class", "badge badge-neutral", NULL);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_close(h, "section");
}

static void
protocol_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct decision_protocol *pr = decision_protocols(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "protocol-h", NULL);
	html_elem(h, "h2", tr(r, "Decision record"), "id", "protocol-h", NULL);
	html_elem(h, "p",
	          tr(r, "The decision record lists the board, the conflicts and recusals, and per "
	                "proposal the scores, the votes, the outcome and its reasons. It is made "
	                "from the database and has the same bytes for the same data. Issuing it "
	                "writes its SHA-256 checksum into the audit log."),
	          NULL);
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "a", tr(r, "View the record (PDF)"), "class", "btn btn-secondary", "href",
	          office_call_href(r, c->id, "/protokoll.pdf"), NULL);
	html_close(h, "div");
	widget_form_begin(r, h, office_call_href(r, c->id, "/protokoll"));
	widget_submit(h, tr(r, "Issue the record"));
	html_close(h, "form");
	if (n) {
		const char *heads[] = {tr(r, "Issued"), tr(r, "By"), tr(r, "Pages"),
		                       tr(r, "SHA-256")};
		widget_table_begin(h, tr(r, "Issued records"), heads, 4);
		for (size_t i = 0; i < n; i++) {
			html_open(h, "tr", NULL);
			html_elem(h, "td", office_when(r, pr[i].issued_at), NULL);
			html_elem(h, "td", pr[i].issued_by_name, NULL);
			html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)pr[i].pages),
			          NULL);
			html_open(h, "td", NULL);
			html_elem(h, "code", pr[i].sha256, NULL);
			html_close(h, "td");
			html_close(h, "tr");
		}
		widget_table_end(h);
	}
	html_close(h, "section");
}

static void
meeting_page(struct request *r, struct store *s, const struct call *c)
{
	struct html *h = decision_begin(r, c, tr(r, "Meeting mode"));
	if (c->phase != PHASE_DECIDING)
		layout_notice(h, "info",
		              arena_printf(&r->arena,
		                           tr(r, "Decisions are taken while the call is in its "
		                                 "deciding phase; it is now: %s."),
		                           tr(r, call_phase_label(c->phase))));
	widget_error_summary(r, h);
	meeting_form(r, h, s, c);
	proposals_section(r, h, s, c);
	protocol_section(r, h, s, c);
	layout_end(r, h);
}

void
page_meeting(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (office_load_call(r, s, 0, &c))
		meeting_page(r, s, &c);
}

struct meeting_tx {
	struct request *r;
	int64_t call_id;
	const int64_t *present;
	size_t npresent;
};

static int
meeting_body(struct store *s, void *arg)
{
	struct meeting_tx *t = arg;
	return decision_meeting_save(s, t->r->user->id, t->call_id, form_int(t->r, "held_at"),
	                             form_value(t->r, "notes"), t->present, t->npresent);
}

void
page_meeting_save(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		meeting_page(r, s, &c);
		return;
	}
	int64_t present[DECISION_MAX_MEMBERS];
	size_t n = 0;
	for (size_t i = 0; i < DECISION_MAX_MEMBERS; i++)
		if (form_has(r, key_i(r, "m", i)) && form_has(r, key_i(r, "p", i)))
			present[n++] = form_int(r, key_i(r, "m", i));
	struct meeting_tx t = {r, c.id, present, n};
	int rc = store_tx(s, meeting_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0) {
			http_fail(r);
			return;
		}
		form_set_error(r, "held_at", decision_result_message(rc));
		r->resp.status = rc == DECISION_CLOSED ? 409 : 422;
		meeting_page(r, s, &c);
		return;
	}
	http_redirect(r, office_call_href(r, c.id, "/sitzung"), N_("The meeting has been saved."));
}

/* ---- the decision form, for deciding and for amending ---- */

/* What the form shows before anything was typed. */
struct form_defaults {
	int outcome; /* -1: none */
	const char *conditions, *deviation_reason;
	int64_t target_call_id;
	const struct decision_version *from; /* amending: the current version */
	const struct meeting *meeting;
};

static const char *
just_default(struct request *r, struct store *s, const struct proposal *p, int64_t crit,
             const struct form_defaults *d)
{
	if (d->from) {
		for (size_t i = 0; i < d->from->njust; i++)
			if (d->from->just[i].criterion_id == crit)
				return d->from->just[i].body;
		return "";
	}
	/* Prefilled from the ratings' justifications, without the raters' names: the text
	 * may go into the letter to the sub-project as it stands. */
	struct review *rv = arena_alloc(&r->arena, MAX_RATINGS * sizeof *rv);
	int rc = 0;
	size_t n = review_others(s, &r->arena, r->user, p, rv, MAX_RATINGS, &rc);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (rv[i].abstain)
			continue;
		for (size_t k = 0; k < rv[i].nscores; k++)
			if (rv[i].scores[k].criterion_id == crit &&
			    rv[i].scores[k].justification[0])
				buf_printf(&b, "%s– %s", b.len ? "\n" : "",
				           rv[i].scores[k].justification);
	}
	const char *out = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return out;
}

static enum decision_vote
vote_default(const struct form_defaults *d, int64_t user_id, bool *present)
{
	if (d->from) {
		for (size_t i = 0; i < d->from->nvotes; i++)
			if (d->from->votes[i].user_id == user_id) {
				*present = d->from->votes[i].vote != VOTE_ABSENT;
				return d->from->votes[i].vote;
			}
		*present = false;
		return VOTE_NONE;
	}
	*present = decision_meeting_present(d->meeting, user_id);
	return VOTE_NONE;
}

/* The select's value for a vote: "" unless it is one a member can give. */
static const char *
is_vote_name(enum decision_vote v)
{
	return v == VOTE_YES || v == VOTE_NO || v == VOTE_ABSTAIN ? decision_vote_name(v) : "";
}

static void
members_fieldset(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                 const struct form_defaults *d)
{
	size_t nm;
	struct board_member *bm = review_members(s, &r->arena, p->call_id, &nm);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Members present and votes"), NULL);
	html_elem(h, "p",
	          tr(r, "Members with a conflict of interest are recused: they have no vote. A "
	                "member who was not present has no vote either."),
	          "class", "hint", NULL);
	const char *opts[] = {"",   tr(r, "– no vote –"), "yes",     tr(r, "yes"),
	                      "no", tr(r, "no"),          "abstain", tr(r, "abstention"),
	                      NULL};
	for (size_t i = 0; i < nm; i++) {
		html_void(h, "input", "type", "hidden", "name", key_i(r, "m", i), "value",
		          arena_printf(&r->arena, "%lld", (long long)bm[i].user_id), NULL);
		html_open(h, "div", "class", "panel", NULL);
		html_open(h, "p", NULL);
		html_elem(h, "strong", bm[i].name, NULL);
		html_textf(h, " (%s)", tr(r, board_constituency_label(bm[i].constituency)));
		html_close(h, "p");
		enum conflict_kind k = conflict_of(s, bm[i].user_id, p->id);
		if (k != CONFLICT_NONE) {
			html_open(h, "p", NULL);
			html_elem(h, "span", tr(r, "recused"), "class", "badge badge-review", NULL);
			html_text(h, " ");
			html_textf(h, tr(r, "Conflict of interest: %s"),
			           tr(r, conflict_kind_label(k)));
			html_close(h, "p");
			/* An error on this member (a vote given anyway) still shows. */
			const char *err = r->nfields ? form_error(r, key_i(r, "v", i)) : NULL;
			if (err)
				html_elem(h, "p", tr(r, err), "class", "field-error", "id",
				          arena_printf(&r->arena, "f-v_%zu", i), NULL);
			html_close(h, "div");
			continue;
		}
		bool present;
		enum decision_vote v = vote_default(d, bm[i].user_id, &present);
		widget_checkbox(r, h, key_i(r, "p", i), tr(r, "present"), present);
		widget_select(r, h,
		              &(struct widget){
		                  .name = key_i(r, "v", i),
		                  .label = arena_printf(&r->arena, tr(r, "Vote of %s"), bm[i].name),
		                  .value = is_vote_name(v)},
		              opts);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
}

static const char **
call_options(struct request *r, struct store *s, const struct call *c)
{
	size_t n;
	size_t k = 0;
	struct call *calls = call_list(s, &r->arena, &n);
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	opt[k++] = "";
	opt[k++] = tr(r, "– none yet –");
	for (size_t i = 0; i < n; i++) {
		if (calls[i].id == c->id || calls[i].phase == PHASE_CLOSED)
			continue;
		opt[k++] = arena_printf(&r->arena, "%lld", (long long)calls[i].id);
		opt[k++] = calls[i].title;
	}
	opt[k] = NULL;
	return opt;
}

/* The scores of the proposal as a table, and what they recommend. */
static void
scores_section(struct request *r, struct html *h, struct store *s, const struct proposal *p,
               bool *all_met)
{
	struct review_rank_row row;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit = 0;
	bool have = decision_scores(s, &r->arena, p, &row, crit, &ncrit);
	*all_met = have && row.all_met;
	html_open(h, "section", "aria-labelledby", "scores-h", NULL);
	html_elem(h, "h2", tr(r, "Scores"), "id", "scores-h", NULL);
	if (!have || !row.nratings) {
		html_elem(h, "p", tr(r, "There are no submitted ratings of this proposal."),
		          "class", "muted", NULL);
	} else {
		const char *heads[] = {tr(r, "Criterion"), tr(r, "Mean"),    tr(r, "Median"),
		                       tr(r, "Range"),     tr(r, "Ratings"), tr(r, "Met")};
		widget_table_begin(h, tr(r, "Scores per criterion"), heads, 6);
		for (size_t i = 0; i < row.ncrit; i++) {
			const struct review_agg *g = &row.crit[i];
			html_open(h, "tr", NULL);
			html_elem(h, "th",
			          crit[i].parent_key[0]
			              ? arena_printf(&r->arena, "– %s",
			                             criterion_label(&crit[i], r->lang))
			              : criterion_label(&crit[i], r->lang),
			          "scope", "row", NULL);
			html_elem(h, "td", g->n ? board_number(r, g->mean) : "–", NULL);
			html_elem(h, "td", g->n ? board_number(r, g->median) : "–", NULL);
			html_elem(h, "td",
			          g->n ? arena_printf(&r->arena, "%s–%s", board_number(r, g->min),
			                              board_number(r, g->max))
			               : "–",
			          NULL);
			html_elem(h, "td", arena_printf(&r->arena, "%d", g->n), NULL);
			html_elem(h, "td", g->n ? (g->met ? tr(r, "yes") : tr(r, "no")) : "–",
			          NULL);
			html_close(h, "tr");
		}
		widget_table_end(h);
	}
	layout_notice(h, "info",
	              *all_met ? tr(r, "The scores recommend selecting it: every criterion is met.")
	                       : tr(r, "The scores recommend not selecting it: not every criterion "
	                               "is met."));
	html_close(h, "section");
}

static void
decision_form(struct request *r, struct html *h, struct store *s, const struct call *c,
              const struct proposal *p, const char *action, const struct form_defaults *d,
              bool all_met)
{
	widget_form_begin(r, h, action);
	members_fieldset(r, h, s, p, d);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Outcome"), NULL);
	const char *outcomes[] = {"",
	                          tr(r, "– please choose –"),
	                          "selected",
	                          tr(r, proposal_state_label(PS_SELECTED)),
	                          "not_selected",
	                          tr(r, proposal_state_label(PS_NOT_SELECTED)),
	                          "deferred",
	                          tr(r, proposal_state_label(PS_DEFERRED)),
	                          NULL};
	widget_select(
	    r, h,
	    &(struct widget){.name = "outcome",
	                     .label = tr(r, "Decision"),
	                     .value = d->outcome >= 0
	                                  ? proposal_state_name((enum proposal_state)d->outcome)
	                                  : "",
	                     .required = true},
	    outcomes);
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "conditions",
	                     .label = tr(r, "Conditions"),
	                     .hint = tr(r, "Only for a deferral: what the sub-project is to "
	                                   "deliver before the board decides again."),
	                     .value = d->conditions,
	                     .maxlength = DECISION_REASON_MAX,
	                     .rows = 3});
	widget_select(r, h,
	              &(struct widget){.name = "target_call",
	                               .label = tr(r, "To be decided again in the call"),
	                               .hint = tr(r, "Only for a deferral."),
	                               .value = d->target_call_id
	                                            ? arena_printf(&r->arena, "%lld",
	                                                           (long long)d->target_call_id)
	                                            : ""},
	              call_options(r, s, c));
	html_close(h, "fieldset");

	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Justification per criterion"), NULL);
	html_elem(h, "p",
	          tr(r, "Prefilled from the board's ratings, without names. This text is the "
	                "feedback in the letter to the sub-project: edit it accordingly."),
	          "class", "hint", NULL);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, &r->arena, p->call_id, leaf, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < nl; i++) {
		html_void(h, "input", "type", "hidden", "name", key_i(r, "c", i), "value",
		          arena_printf(&r->arena, "%lld", (long long)leaf[i].id), NULL);
		widget_textarea(r, h,
		                &(struct widget){.name = key_i(r, "j", i),
		                                 .label = criterion_label(&leaf[i], r->lang),
		                                 .value = just_default(r, s, p, leaf[i].id, d),
		                                 .required = true,
		                                 .maxlength = DECISION_TEXT_MAX,
		                                 .rows = 4});
	}
	html_close(h, "fieldset");
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "deviation_reason",
	                     .label = tr(r, "Reason for deviating from the scores"),
	                     .hint = all_met ? tr(r, "Required if the proposal is not selected "
	                                             "although every criterion is met.")
	                                     : tr(r, "Required if the proposal is selected "
	                                             "although not every criterion is met."),
	                     .value = d->deviation_reason,
	                     .maxlength = DECISION_REASON_MAX,
	                     .rows = 3});
	if (d->from)
		widget_textarea(
		    r, h,
		    &(struct widget){.name = "amendment_reason",
		                     .label = tr(r, "Reason for the amendment"),
		                     .hint = tr(r, "Required. The earlier version stays "
		                                   "visible."),
		                     .required = true,
		                     .maxlength = DECISION_REASON_MAX,
		                     .rows = 3});
	widget_submit(h, d->from ? tr(r, "Amend the decision") : tr(r, "Record the decision"));
	html_close(h, "form");
}

/* Reads the decision form into in (strings live in the request). */
static void
read_input(struct request *r, struct decision_input *in)
{
	memset(in, 0, sizeof *in);
	int o = proposal_state_parse(form_value(r, "outcome"));
	in->outcome = o < 0 ? PS_DRAFT : (enum proposal_state)o;
	in->conditions = form_value(r, "conditions");
	in->target_call_id = form_int(r, "target_call");
	in->deviation_reason = form_value(r, "deviation_reason");
	in->amendment_reason = form_value(r, "amendment_reason");
	for (size_t i = 0; i < DECISION_MAX_MEMBERS; i++) {
		if (!form_has(r, key_i(r, "m", i)))
			continue;
		int v = decision_vote_parse(form_value(r, key_i(r, "v", i)));
		in->votes[in->nvotes++] =
		    (struct decision_ballot){.user_id = form_int(r, key_i(r, "m", i)),
		                             .present = form_has(r, key_i(r, "p", i)),
		                             .vote = v < 0 ? VOTE_NONE : (enum decision_vote)v};
	}
	for (size_t i = 0; i < REVIEW_MAX_CRITERIA; i++) {
		if (!form_has(r, key_i(r, "c", i)))
			continue;
		in->just[in->njust++] = (struct decision_text){form_int(r, key_i(r, "c", i)),
		                                               form_value(r, key_i(r, "j", i))};
	}
}

/* Puts the domain's problems on the form's fields. */
static void
set_problems(struct request *r, const struct decision_problem *pr, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *key = pr[i].field;
		if (strcmp(pr[i].field, "vote") == 0 || strcmp(pr[i].field, "just") == 0) {
			const char *idk = pr[i].field[0] == 'v' ? "m" : "c";
			key = NULL;
			size_t max = idk[0] == 'm' ? DECISION_MAX_MEMBERS : REVIEW_MAX_CRITERIA;
			for (size_t k = 0; k < max && !key; k++)
				if (form_has(r, key_i(r, idk, k)) &&
				    form_int(r, key_i(r, idk, k)) == pr[i].id)
					key = key_i(r, pr[i].field[0] == 'v' ? "v" : "j", k);
			if (!key)
				continue;
		}
		if (!form_error(r, key))
			form_set_error(r, key, pr[i].msgid);
	}
}

/* The HTTP status of a refusal: the proposal's or call's state (409) or the input (422). */
static int
refusal_status(int rc)
{
	switch (rc) {
	case DECISION_CLOSED:
	case DECISION_EXISTS:
	case DECISION_NOT_DECIDABLE:
	case DECISION_NOT_DECIDED:
	case DECISION_WITHDRAWN:
	case DECISION_NO_MEETING:
		return 409;
	default:
		return 422;
	}
}

/* ---- deciding one proposal ---- */

static bool
load_call_proposal(struct request *r, struct store *s, struct call *c, struct proposal *p)
{
	int64_t pid;
	if (!office_load_call(r, s, 0, c))
		return false;
	if (!office_param_id(r, 1, &pid) || !proposal_find(s, &r->arena, pid, p) ||
	    p->call_id != c->id) {
		http_error(r, 404, N_("There is no such proposal."));
		return false;
	}
	return true;
}

/* Links to the previous and next proposal in ranking order. */
static void
walk_nav(struct request *r, struct html *h, struct store *s, const struct call *c,
         const struct proposal *p)
{
	struct review_rank_row *rows;
	size_t n = ranked(r, s, c, &rows), at = n;
	for (size_t i = 0; i < n; i++)
		if (rows[i].proposal_id == p->id)
			at = i;
	html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Proposals in ranking order"),
	          NULL);
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "All proposals"), "href", office_call_href(r, c->id, "/sitzung"),
	          NULL);
	html_close(h, "li");
	if (at < n && at > 0) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Previous"), "rel", "prev", "href",
		          office_call_href(r, c->id,
		                           arena_printf(&r->arena, "/sitzung/%lld",
		                                        (long long)rows[at - 1].proposal_id)),
		          NULL);
		html_close(h, "li");
	}
	if (at + 1 < n) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Next"), "rel", "next", "href",
		          office_call_href(r, c->id,
		                           arena_printf(&r->arena, "/sitzung/%lld",
		                                        (long long)rows[at + 1].proposal_id)),
		          NULL);
		html_close(h, "li");
	}
	if (at < n) {
		html_open(h, "li", NULL);
		html_textf(h, tr(r, "Rank %zu of %zu"), at + 1, n);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
decide_page(struct request *r, struct store *s, const struct call *c, const struct proposal *p,
            const char *error)
{
	struct html *h = decision_begin(r, c, title_of(r, p->text[PT_TITLE]));
	walk_nav(r, h, s, c, p);
	if (error)
		layout_notice(h, "error", tr(r, error));
	widget_error_summary(r, h);
	html_open(h, "p", NULL);
	html_text(h, p->organisation_name);
	html_text(h, " · ");
	office_state_tag(r, h, p->state);
	html_text(h, " · ");
	html_elem(h, "a", tr(r, "Read the proposal"), "href",
	          arena_printf(&r->arena, "/admin/vorschlaege/%lld", (long long)p->id), NULL);
	html_close(h, "p");
	bool all_met = false;
	scores_section(r, h, s, p, &all_met);
	struct decision d;
	if (decision_find(s, &r->arena, p->id, &d)) {
		layout_notice(h, "info", tr(r, "This proposal has been decided."));
		html_elem(h, "a", tr(r, "Show the decision"), "class", "btn btn-primary", "href",
		          decision_href(r, p->id, ""), NULL);
	} else if (c->phase != PHASE_DECIDING) {
		layout_notice(h, "info", tr(r, decision_result_message(DECISION_CLOSED)));
	} else if (p->state == PS_WITHDRAWN) {
		layout_notice(h, "info", tr(r, decision_result_message(DECISION_WITHDRAWN)));
	} else {
		struct meeting m;
		decision_meeting(s, &r->arena, c->id, &m);
		if (!m.exists) {
			layout_notice(h, "warning",
			              tr(r, decision_result_message(DECISION_NO_MEETING)));
			html_elem(h, "a", tr(r, "Record the meeting"), "class", "btn btn-primary",
			          "href", office_call_href(r, c->id, "/sitzung#meeting-h"), NULL);
		} else {
			html_elem(h, "h2", tr(r, "Decision"), NULL);
			struct form_defaults fd = {
			    .outcome = -1, .conditions = "", .deviation_reason = "", .meeting = &m};
			decision_form(r, h, s, c, p,
			              office_call_href(r, c->id,
			                               arena_printf(&r->arena, "/sitzung/%lld",
			                                            (long long)p->id)),
			              &fd, all_met);
		}
	}
	layout_end(r, h);
}

void
page_meeting_proposal(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	struct proposal p;
	if (load_call_proposal(r, s, &c, &p))
		decide_page(r, s, &c, &p, NULL);
}

/* Writes a decision (decision_record or decision_amend) from the posted form in one
 * transaction. True when it is stored; otherwise the form has been shown again through
 * reshow with the problems marked, or an error page sent. */
/* A decision or an amendment (write is decision_record or decision_amend), with the
 * problems it found. */
struct decide_tx {
	int (*write)(struct store *, const struct user *, int64_t, const struct decision_input *,
	             struct decision_problem *, size_t, size_t *);
	const struct user *actor;
	int64_t proposal_id;
	const struct decision_input *in;
	struct decision_problem pr[64]; /* out */
	size_t npr;                     /* out */
};

static int
decide_body(struct store *s, void *arg)
{
	struct decide_tx *t = arg;
	t->npr = 0;
	return t->write(s, t->actor, t->proposal_id, t->in, t->pr, 64, &t->npr);
}

static bool
save_decision(struct request *r, struct store *s, const struct call *c, const struct proposal *p,
              int (*write)(struct store *, const struct user *, int64_t,
                           const struct decision_input *, struct decision_problem *, size_t,
                           size_t *),
              void (*reshow)(struct request *, struct store *, const struct call *,
                             const struct proposal *, const char *))
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		reshow(r, s, c, p, NULL);
		return false;
	}
	struct decision_input in;
	read_input(r, &in);
	struct decide_tx t = {.write = write, .actor = r->user, .proposal_id = p->id, .in = &in};
	int rc = store_tx(s, decide_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0) {
			http_fail(r);
			return false;
		}
		set_problems(r, t.pr, t.npr < 64 ? t.npr : 64);
		r->resp.status = refusal_status(rc);
		reshow(r, s, c, p, decision_result_message(rc));
		return false;
	}
	return true;
}

/* The next undecided proposal after pid in ranking order, 0 when there is none. */
static int64_t
next_open(struct request *r, struct store *s, const struct call *c, int64_t pid)
{
	struct review_rank_row *rows;
	size_t n = ranked(r, s, c, &rows);
	size_t nd;
	struct decision_summary *ds = decision_list(s, &r->arena, c->id, &nd);
	size_t at = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].proposal_id == pid)
			at = i + 1;
	for (size_t k = 0; k < n; k++) {
		size_t i = (at + k) % n;
		if (!is_decided(ds, nd, rows[i].proposal_id, NULL) &&
		    (rows[i].state == PS_ELIGIBLE || rows[i].state == PS_IN_REVIEW))
			return rows[i].proposal_id;
	}
	return 0;
}

void
page_meeting_decide(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	struct proposal p;
	if (!load_call_proposal(r, s, &c, &p))
		return;
	if (!save_decision(r, s, &c, &p, decision_record, decide_page))
		return;
	int64_t next = next_open(r, s, &c, p.id);
	http_redirect(r,
	              next ? office_call_href(
	                         r, c.id, arena_printf(&r->arena, "/sitzung/%lld", (long long)next))
	                   : office_call_href(r, c.id, "/sitzung"),
	              N_("The decision has been recorded."));
}

/* ---- the decision view ---- */

static void
votes_table(struct request *r, struct html *h, const struct decision_version *v)
{
	const char *heads[] = {tr(r, "Member"), tr(r, "Constituency"), tr(r, "Vote")};
	widget_table_begin(h,
	                   arena_printf(&r->arena, tr(r, "Votes: %d yes, %d no, %d abstentions"),
	                                v->counts[VOTE_YES], v->counts[VOTE_NO],
	                                v->counts[VOTE_ABSTAIN]),
	                   heads, 3);
	for (size_t i = 0; i < v->nvotes; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", v->votes[i].name, "scope", "row", NULL);
		html_elem(h, "td",
		          v->votes[i].constituency[0]
		              ? tr(r, board_constituency_label(v->votes[i].constituency))
		              : "–",
		          NULL);
		html_elem(h, "td", tr(r, decision_vote_label(v->votes[i].vote)), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static void
version_block(struct request *r, struct html *h, struct store *s, const struct proposal *p,
              const struct decision_version *v, bool current)
{
	html_open(h, "article", "class", current ? "panel" : "card", "aria-labelledby",
	          arena_printf(&r->arena, "version-%lld", (long long)v->number), NULL);
	/* The current version is a section of the page, earlier ones sit under their own h2. */
	const char *hx = current ? "h2" : "h3";
	html_open(h, hx, "id", arena_printf(&r->arena, "version-%lld", (long long)v->number), NULL);
	html_textf(h, current ? tr(r, "Version %lld (current)") : tr(r, "Version %lld"),
	           (long long)v->number);
	html_close(h, hx);
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Outcome"), NULL);
	html_open(h, "dd", NULL);
	office_state_tag(r, h, v->outcome);
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "Recorded"), NULL);
	html_elem(h, "dd",
	          arena_printf(&r->arena, "%s (%s)", office_when(r, v->created_at),
	                       v->created_by_name[0] ? v->created_by_name : "–"),
	          NULL);
	if (v->amendment_reason[0]) {
		html_elem(h, "dt", tr(r, "Reason for the amendment"), NULL);
		html_elem(h, "dd", v->amendment_reason, NULL);
	}
	if (v->outcome == PS_DEFERRED) {
		html_elem(h, "dt", tr(r, "Conditions"), NULL);
		html_elem(h, "dd", v->conditions, NULL);
		html_elem(h, "dt", tr(r, "To be decided again in the call"), NULL);
		html_elem(h, "dd", v->target_call_title[0] ? v->target_call_title : "–", NULL);
	}
	html_elem(h, "dt", tr(r, "The scores recommended"), NULL);
	html_elem(h, "dd",
	          v->all_met ? tr(r, "selecting it (every criterion met)")
	                     : tr(r, "not selecting it (not every criterion met)"),
	          NULL);
	if (v->deviation_reason[0]) {
		html_elem(h, "dt", tr(r, "Reason for deviating from the scores"), NULL);
		html_elem(h, "dd", v->deviation_reason, NULL);
	}
	html_elem(h, "dt", tr(r, "Checksum (SHA-256)"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "code", v->record_hash, NULL);
	html_close(h, "dd");
	html_close(h, "dl");
	votes_table(r, h, v);
	html_elem(h, current ? "h3" : "h4", tr(r, "Justification per criterion"), NULL);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, &r->arena, p->call_id, leaf, REVIEW_MAX_CRITERIA);
	html_open(h, "dl", NULL);
	for (size_t k = 0; k < nl; k++)
		for (size_t i = 0; i < v->njust; i++)
			if (v->just[i].criterion_id == leaf[k].id) {
				html_elem(h, "dt", criterion_label(&leaf[k], r->lang), NULL);
				html_open(h, "dd", NULL);
				office_plain_text(h, v->just[i].body);
				html_close(h, "dd");
			}
	html_close(h, "dl");
	html_close(h, "article");
}

static void
letter_block(struct request *r, struct html *h, const struct decision_letter *l)
{
	html_open(h, "div", "class", "card letter", NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	html_textf(h, tr(r, "Sent on %s for version %lld (%s)"), office_when(r, l->sent_at),
	           (long long)l->version_number,
	           l->lang == LANG_EN ? tr(r, "English") : tr(r, "German"));
	html_close(h, "p");
	html_elem(h, "p", l->subject, "class", "letter-subject", NULL);
	office_plain_text(h, l->body);
	html_close(h, "div");
}

static void
letters_section(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                const struct decision *d)
{
	size_t n;
	struct decision_letter *sent = letter_list(s, &r->arena, p->id, &n);
	const struct decision_version *cur = decision_current(d);
	bool current_sent = false;
	for (size_t i = 0; i < n; i++)
		current_sent |= sent[i].version_number == cur->number;
	html_open(h, "section", "aria-labelledby", "letter-h", NULL);
	html_elem(h, "h2", tr(r, "Decision letter"), "id", "letter-h", NULL);
	if (!current_sent && p->state != PS_WITHDRAWN) {
		html_elem(h, "p",
		          tr(r, "The letter goes to every account of the sub-project, each in its "
		                "language, and can be read on the proposal's page. It gives the "
		                "outcome and the feedback per criterion, never the raters' names."),
		          NULL);
		for (int l = LANG_DE; l <= LANG_EN; l++) {
			struct decision_letter pv;
			if (letter_render(s, &r->arena, p->id, (enum lang)l, &pv) != DECISION_OK)
				continue;
			html_open(h, "details", NULL);
			html_elem(h, "summary",
			          l == LANG_DE ? tr(r, "Preview in German")
			                       : tr(r, "Preview in English"),
			          NULL);
			html_elem(h, "p", pv.subject, "class", "letter-subject", NULL);
			office_plain_text(h, pv.body);
			html_close(h, "details");
		}
		widget_button_form(r, h, decision_href(r, p->id, "/brief"),
		                   tr(r, "Send the letter"), "btn btn-primary",
		                   tr(r, "Send the decision letter to the sub-project now?"));
	}
	if (!n)
		html_elem(h, "p", tr(r, "No letter has been sent yet."), "class", "muted", NULL);
	for (size_t i = 0; i < n; i++)
		letter_block(r, h, &sent[i]);
	html_close(h, "section");
}

static void
decision_view(struct request *r, struct store *s, const struct call *c, const struct proposal *p,
              const char *error)
{
	struct decision d;
	bool decided = decision_find(s, &r->arena, p->id, &d);
	struct html *h = decision_begin(
	    r, c, arena_printf(&r->arena, tr(r, "Decision: %s"), title_of(r, p->text[PT_TITLE])));
	if (error)
		layout_notice(h, "error", tr(r, error));
	widget_error_summary(r, h);
	html_open(h, "p", "class", "actions", NULL);
	html_elem(h, "a", tr(r, "Read the proposal"), "class", "btn btn-secondary", "href",
	          arena_printf(&r->arena, "/admin/vorschlaege/%lld", (long long)p->id), NULL);
	html_elem(
	    h, "a", tr(r, "Whole history in the audit log"), "class", "btn btn-secondary", "href",
	    arena_printf(&r->arena, "/admin/protokoll?objekt=proposal:%lld", (long long)p->id),
	    NULL);
	/* Publication is the good practice's history, which goes on from here. */
	int64_t practice = practice_of_proposal(s, p->id);
	if (practice > 0)
		html_elem(h, "a", tr(r, "History of the published practice"), "class",
		          "btn btn-secondary", "href",
		          arena_printf(&r->arena, "/admin/protokoll?objekt=practice:%lld",
		                       (long long)practice),
		          NULL);
	html_close(h, "p");
	if (!decided) {
		html_elem(h, "p", tr(r, decision_result_message(DECISION_NOT_DECIDED)), NULL);
		if (c->phase == PHASE_DECIDING)
			html_elem(h, "a", tr(r, "Decide in meeting mode"), "class",
			          "btn btn-primary", "href",
			          office_call_href(
			              r, c->id,
			              arena_printf(&r->arena, "/sitzung/%lld", (long long)p->id)),
			          NULL);
		layout_end(r, h);
		return;
	}
	const struct decision_version *cur = decision_current(&d);
	version_block(r, h, s, p, cur, true);
	letters_section(r, h, s, p, &d);
	if (d.nversions > 1) {
		html_open(h, "section", "aria-labelledby", "history-h", NULL);
		html_elem(h, "h2", tr(r, "Earlier versions"), "id", "history-h", NULL);
		for (size_t i = d.nversions - 1; i-- > 0;)
			version_block(r, h, s, p, &d.versions[i], false);
		html_close(h, "section");
	}
	if (p->state == cur->outcome && (c->phase == PHASE_DECIDING || c->phase == PHASE_CLOSED)) {
		html_open(h, "section", "class", "panel", "aria-labelledby", "amend-h", NULL);
		html_elem(h, "h2", tr(r, "Amend the decision"), "id", "amend-h", NULL);
		struct meeting m;
		decision_meeting(s, &r->arena, c->id, &m);
		bool all_met = cur->all_met;
		struct form_defaults fd = {.outcome = (int)cur->outcome,
		                           .conditions = cur->conditions,
		                           .deviation_reason = cur->deviation_reason,
		                           .target_call_id = cur->target_call_id,
		                           .from = cur,
		                           .meeting = &m};
		decision_form(r, h, s, c, p, decision_href(r, p->id, "/aendern"), &fd, all_met);
		html_close(h, "section");
	}
	layout_end(r, h);
}

void
page_decision(struct request *r)
{
	struct store *s = store_thread();
	struct proposal p;
	struct call c;
	if (office_load_proposal(r, s, 0, &p, &c))
		decision_view(r, s, &c, &p, NULL);
}

void
page_decision_amend(struct request *r)
{
	struct store *s = store_thread();
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	if (!save_decision(r, s, &c, &p, decision_amend, decision_view))
		return;
	http_redirect(r, decision_href(r, p.id, ""), N_("The decision has been amended."));
}

struct letter_tx {
	int64_t actor, proposal_id;
	int64_t recipients; /* out */
};

static int
letter_body(struct store *s, void *arg)
{
	struct letter_tx *t = arg;
	return letter_send(s, t->actor, t->proposal_id, &t->recipients);
}

void
page_decision_letter(struct request *r)
{
	struct store *s = store_thread();
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	struct letter_tx t = {r->user->id, p.id, 0};
	int rc = store_tx(s, letter_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0) {
			http_fail(r);
			return;
		}
		r->resp.status = refusal_status(rc) == 422 ? 409 : refusal_status(rc);
		decision_view(r, s, &c, &p, decision_result_message(rc));
		return;
	}
	http_redirect(r, decision_href(r, p.id, "#letter-h"),
	              N_("The decision letter has been sent."));
}

/* ---- the letter on the sub-project's proposal page ---- */

void
decision_letter_section(struct request *r, struct html *h, struct store *s,
                        const struct proposal *p)
{
	const struct decision_letter *l = decision_letter_for(s, &r->arena, p->id, r->lang);
	if (!l)
		return;
	html_open(h, "section", "class", "panel", "aria-labelledby", "decision-letter-h", NULL);
	html_elem(h, "h2", tr(r, "Decision of the advisory board"), "id", "decision-letter-h",
	          NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	html_textf(h, tr(r, "Letter of %s"), office_when(r, l->sent_at));
	html_close(h, "p");
	html_elem(h, "p", l->subject, "class", "letter-subject", NULL);
	office_plain_text(h, l->body);
	html_close(h, "section");
}

/* The decision for board members (DESIGN.md §3: they see decisions): the record and its
 * earlier versions, read-only, and never for a member conflicted on the proposal. */
void
page_board_decision(struct request *r)
{
	struct store *s = store_thread();
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	if (access_may_read_decision(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal."));
		return;
	}
	struct decision d;
	const char *crumbs[] = {"/gremium", tr(r, "Board review"), NULL};
	struct html *h = office_begin(
	    r, arena_printf(&r->arena, tr(r, "Decision: %s"), title_of(r, p.text[PT_TITLE])),
	    crumbs);
	if (!decision_find(s, &r->arena, p.id, &d)) {
		html_elem(h, "p", tr(r, decision_result_message(DECISION_NOT_DECIDED)), NULL);
		layout_end(r, h);
		return;
	}
	version_block(r, h, s, &p, decision_current(&d), true);
	if (d.nversions > 1) {
		html_elem(h, "h2", tr(r, "Earlier versions"), NULL);
		for (size_t i = d.nversions - 1; i-- > 0;)
			version_block(r, h, s, &p, &d.versions[i], false);
	}
	layout_end(r, h);
}
