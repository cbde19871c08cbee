/* The coordination office's meeting mode: the meeting of a call (date, members present),
 * the proposals in ranking order, and deciding one (votes, recusals from the conflicts,
 * outcome, justification per criterion prefilled from the ratings, the deviation reason)
 * with the decision form of view_decision.c. */
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "pages/view_decision.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

#define MAX_PROPOSALS 2000

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
    {"vote_reason", FORM_LONGTEXT, false, 0, DECISION_REASON_MAX, NULL},
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

/* The date the meeting form offers: the one recorded, else the planned one once it has
 * come, else now (votes are refused for a meeting dated in the future). */
static int64_t
meeting_default(const struct meeting *m, const struct call *c)
{
	int64_t now = time_now();
	return m->exists ? m->held_at : c->meeting_at <= now ? c->meeting_at : now;
}

static void
meeting_form(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct meeting m;
	decision_meeting(s, &r->arena, c->id, &m);
	size_t nm;
	struct board_member *bm = review_members(s, &r->arena, c->id, &nm);
	html_open(h, "section", "class", "panel", "aria-labelledby", "meeting-h", NULL);
	html_elem(h, "h2", tr(r, "The meeting"), "id", "meeting-h", NULL);
	if (m.exists && m.held_at > time_now()) {
		/* Not "held": the date is still to come, and no vote is taken before it. */
		layout_notice(h, "warning",
		              arena_printf(&r->arena,
		                           tr(r, "The meeting is dated %s, which is still to come: "
		                                 "votes can be recorded once it has been held."),
		                           office_when(r, m.held_at)));
	} else if (m.exists) {
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
	widget_input(r, h,
	             &(struct widget){.name = "held_at",
	                              .label = tr(r, "Date and time of the meeting"),
	                              .type = "datetime-local",
	                              .value = office_input_time(r, meeting_default(&m, c)),
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
		html_elem(h, "td", w->nratings ? review_number(r, w->total) : "–", NULL);
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
	struct store *s = r->store;
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
	struct store *s = r->store;
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
			html_elem(h, "td", g->n ? review_number(r, g->mean) : "–", NULL);
			html_elem(h, "td", g->n ? review_number(r, g->median) : "–", NULL);
			html_elem(h, "td",
			          g->n ? arena_printf(&r->arena, "%s–%s", review_number(r, g->min),
			                              review_number(r, g->max))
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
	widget_errors(r, h, error ? tr(r, error) : NULL);
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
			struct decision_form_defaults fd = {.outcome = -1,
			                                    .conditions = "",
			                                    .deviation_reason = "",
			                                    .vote_reason = "",
			                                    .meeting = &m};
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
	struct store *s = r->store;
	struct call c;
	struct proposal p;
	if (load_call_proposal(r, s, &c, &p) && !decision_conflict_refused(r, &p))
		decide_page(r, s, &c, &p, NULL);
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
	struct store *s = r->store;
	struct call c;
	struct proposal p;
	if (!load_call_proposal(r, s, &c, &p) || decision_conflict_refused(r, &p))
		return;
	if (!decision_save(r, s, &c, &p, decision_record, decide_page))
		return;
	int64_t next = next_open(r, s, &c, p.id);
	http_redirect(r,
	              next ? office_call_href(
	                         r, c.id, arena_printf(&r->arena, "/sitzung/%lld", (long long)next))
	                   : office_call_href(r, c.id, "/sitzung"),
	              N_("The decision has been recorded."));
}
