/* THE route table: every address, its handler, who may use it, CSRF, and its form keys. */
#include "routes.h"
#include "pages/open_data.h"
#include "http/route.h"
#include "pages/account_pages.h"
#include "pages/catalog_pages.h"
#include "pages/collection_pages.h"
#include "pages/decision_pages.h"
#include "pages/pages.h"
#include "pages/office_pages.h"
#include "pages/review_pages.h"
#include "pages/site_pages.h"
#include "pages/submission_pages.h"
#include "pages/transfer_pages.h"
#include "pages/yearly_pages.h"

#define ANY ACCESS_PUBLIC
#define ANON ACCESS_ANON
#define LOGIN ACCESS_LOGIN
#define ADMIN ROLE_ADMIN
#define SUBMITTER ROLE_SUBMITTER

/* One row per line, like a table: formatting would wrap rows between columns. */
// clang-format off
static const struct route table[] = {
    {"GET", "/", page_home, ANY, CSRF_NO, NOKEYS},
    {"GET", "/ueber", page_about, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sprache/:lang", page_language, ANY, CSRF_NO, NOKEYS},
    /* For operators: load balancers and Prometheus (issue #15, point 12). */
    {"GET", "/healthz", page_healthz, ANY, CSRF_NO, NOKEYS},
    {"GET", "/metrics", page_metrics, ANY, CSRF_NO, NOKEYS},

    {"GET", "/anmelden", page_login_form, ANON, CSRF_NO, NOKEYS},
    {"POST", "/anmelden", page_login, ANON, CSRF_YES, KEYS(login_keys)},
    {"POST", "/abmelden", page_logout, LOGIN, CSRF_YES, NOKEYS},
    {"GET", "/passwort-vergessen", page_forgot_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/passwort-vergessen", page_forgot, ANY, CSRF_YES, KEYS(forgot_keys)},
    {"GET", "/passwort-neu/:token", page_reset_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/passwort-neu/:token", page_reset, ANY, CSRF_YES, KEYS(new_password_keys)},
    {"GET", "/einladung/:token", page_invite_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/einladung/:token", page_invite, ANY, CSRF_YES, KEYS(new_password_keys)},

    {"GET", "/start", page_overview, LOGIN, CSRF_NO, NOKEYS},
    {"GET", "/konto", page_account, LOGIN, CSRF_NO, NOKEYS},
    {"POST", "/konto", page_account_profile, LOGIN, CSRF_YES, KEYS(profile_keys)},
    {"POST", "/konto/passwort", page_account_password, LOGIN, CSRF_YES, KEYS(password_keys)},
    {"GET", "/konto/daten.zip", page_account_data, LOGIN, CSRF_NO, NOKEYS},

    {"GET", "/admin/benutzer", page_users, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/benutzer/einladen", page_user_invite, ADMIN, CSRF_YES, KEYS(invite_keys)},
    {"GET", "/admin/benutzer/:id", page_user, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/benutzer/:id/daten.zip", page_user_data, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/benutzer/:id", page_user_update, ADMIN, CSRF_YES, KEYS(user_edit_keys)},
    /* GDPR Art. 17: erasing a person, after a confirmation page (issue #15, point 11). */
    {"GET", "/admin/benutzer/:id/loeschen", page_user_erase_form, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/benutzer/:id/loeschen", page_user_erase, ADMIN, CSRF_YES, KEYS(erase_keys)},
    {"GET", "/admin/aufbewahrung", page_retention, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/aufbewahrung", page_retention_update, ADMIN, CSRF_YES, KEYS(retention_keys)},
    {"GET", "/admin/protokoll", page_audit, ADMIN, CSRF_NO, NOKEYS},

    /* Submission: the sub-project's proposals. Reading a proposal is checked per
     * proposal in the handler (own organisation, or the office). */
    {"GET", "/einreichung", page_submissions, SUBMITTER, CSRF_NO, NOKEYS},
    {"POST", "/einreichung/neu", page_proposal_new, SUBMITTER, CSRF_YES, KEYS(new_proposal_keys)},
    {"GET", "/vorschlag/:id", page_proposal, LOGIN, CSRF_NO, NOKEYS},
    {"GET", "/vorschlag/:id/bearbeiten", page_proposal_edit, SUBMITTER, CSRF_NO, NOKEYS},
    {"POST", "/vorschlag/:id/bearbeiten", page_proposal_save, SUBMITTER, CSRF_YES,
     KEYS(proposal_form_keys)},
    {"POST", "/vorschlag/:id/zurueckziehen", page_proposal_withdraw, SUBMITTER, CSRF_YES, NOKEYS},
    {"POST", "/vorschlag/:id/uebernehmen", page_proposal_carry, SUBMITTER, CSRF_YES, NOKEYS},
    {"POST", "/vorschlag/:id/nachricht", page_proposal_message, LOGIN, CSRF_YES, KEYS(message_keys)},

    /* Coordination office: calls, formal check, reference data */
    {"GET", "/admin/ausschreibungen", page_calls, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/ausschreibungen/neu", page_call_new, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/ausschreibungen/neu", page_call_create, ADMIN, CSRF_YES, KEYS(call_keys)},
    {"GET", "/admin/ausschreibungen/:id", page_call, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/bearbeiten", page_call_edit, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/bearbeiten", page_call_update, ADMIN, CSRF_YES,
     KEYS(call_keys)},
    {"POST", "/admin/ausschreibungen/:id/phase", page_call_phase, ADMIN, CSRF_YES,
     KEYS(call_phase_keys)},
    {"GET", "/admin/stammdaten", page_reference, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/begriffe", page_term_create, ADMIN, CSRF_YES,
     KEYS(term_new_keys)},
    {"GET", "/admin/stammdaten/begriffe/:id", page_term, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/begriffe/:id", page_term_rename, ADMIN, CSRF_YES,
     KEYS(term_rename_keys)},
    {"POST", "/admin/stammdaten/begriffe/:id/ausmustern", page_term_retire, ADMIN, CSRF_YES,
     NOKEYS},
    {"POST", "/admin/stammdaten/begriffe/:id/reaktivieren", page_term_restore, ADMIN, CSRF_YES,
     NOKEYS},
    {"POST", "/admin/stammdaten/begriffe/:id/loeschen", page_term_delete, ADMIN, CSRF_YES,
     NOKEYS},
    /* The search's synonyms (issue 13). */
    {"GET", "/admin/stammdaten/synonyme", page_synonyms, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/synonyme", page_synonym_create, ADMIN, CSRF_YES,
     KEYS(synonym_keys)},
    {"GET", "/admin/stammdaten/synonyme/:id", page_synonym, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/synonyme/:id", page_synonym_update, ADMIN, CSRF_YES,
     KEYS(synonym_keys)},
    {"POST", "/admin/stammdaten/synonyme/:id/loeschen", page_synonym_delete, ADMIN, CSRF_YES,
     NOKEYS},
    {"GET", "/admin/stammdaten/organisationen", page_organisations, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/organisationen", page_organisation_create, ADMIN, CSRF_YES,
     KEYS(organisation_keys)},
    {"GET", "/admin/stammdaten/organisationen/:id", page_organisation, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/stammdaten/organisationen/:id", page_organisation_update, ADMIN, CSRF_YES,
     KEYS(organisation_keys)},
    {"GET", "/admin/ausschreibungen/:id/vorschlaege", page_call_proposals, ADMIN, CSRF_NO,
     NOKEYS},
    {"GET", "/admin/vorschlaege/:id", page_office_proposal, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/vorschlaege/:id/vergleich", page_office_compare, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/vorschlaege/:id/pruefung", page_office_check, ADMIN, CSRF_YES,
     KEYS(formal_check_keys)},
    {"POST", "/admin/vorschlaege/:id/entscheidung", page_office_decide, ADMIN, CSRF_YES,
     KEYS(formal_decision_keys)},
    {"POST", "/admin/vorschlaege/:id/rueckfrage", page_office_message, ADMIN, CSRF_YES,
     KEYS(office_message_keys)},
    /* end of the coordination office's block */

    /* Attachments */
    {"POST", "/vorschlag/:id/anhaenge", page_attachment_upload, SUBMITTER, CSRF_YES, NOKEYS},
    {"GET", "/vorschlag/:id/anhaenge/:aid", page_attachment_download, LOGIN, CSRF_NO, NOKEYS},
    {"POST", "/vorschlag/:id/anhaenge/:aid/entfernen", page_attachment_remove, SUBMITTER,
     CSRF_YES, NOKEYS},
    /* end of the attachments' block */

    /* Public catalog */
    {"GET", "/praxis", page_catalog, ANY, CSRF_NO, NOKEYS},
    {"GET", "/praxis/:slug", page_practice, ANY, CSRF_NO, NOKEYS},
    {"GET", "/admin/praxis", page_admin_practices, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/praxis/neu", page_admin_practice_new, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/praxis/neu", page_admin_practice_create, ADMIN, CSRF_YES,
     KEYS(practice_form_keys)},
    {"POST", "/admin/praxis/aus-vorschlag", page_admin_practice_from_proposal, ADMIN, CSRF_YES,
     KEYS(from_proposal_keys)},
    {"GET", "/admin/praxis/:id", page_admin_practice, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/praxis/:id", page_admin_practice_save, ADMIN, CSRF_YES,
     KEYS(practice_form_keys)},
    {"GET", "/admin/praxis/:id/vorschau", page_admin_practice_preview, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/praxis/:id/veroeffentlichen", page_admin_practice_publish, ADMIN, CSRF_YES,
     NOKEYS},
    {"POST", "/admin/praxis/:id/zurueckziehen", page_admin_practice_unpublish, ADMIN, CSRF_YES,
     NOKEYS},
    {"POST", "/admin/praxis/:id/archivieren", page_admin_practice_archive, ADMIN, CSRF_YES,
     NOKEYS},
    /* A practice's image and downloads: public while it is published (404 otherwise, and
     * for removed files); the office uploads (multipart), removes and sees every file. */
    {"GET", "/praxis/:slug/bild/:fid", page_practice_image, ANY, CSRF_NO, NOKEYS},
    {"GET", "/praxis/:slug/download/:fid", page_practice_download, ANY, CSRF_NO, NOKEYS},
    {"POST", "/admin/praxis/:id/bild", page_admin_practice_image_upload, ADMIN, CSRF_YES,
     KEYS(practice_image_keys)},
    {"POST", "/admin/praxis/:id/downloads", page_admin_practice_download_upload, ADMIN, CSRF_YES,
     KEYS(practice_download_keys)},
    {"GET", "/admin/praxis/:id/dateien/:fid", page_admin_practice_file, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/praxis/:id/dateien/:fid/entfernen", page_admin_practice_file_remove, ADMIN,
     CSRF_YES, NOKEYS},
    /* end of the public catalog's block */

    /* Open data and exports: public, GET only, published practices only */
    {"GET", "/feed.atom", page_feed_atom, ANY, CSRF_NO, NOKEYS},
    {"GET", "/feed.rss", page_feed_rss, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/practices", page_api_practices, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/practices/:slug", page_api_practice, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/suggestions", page_api_suggestions, ANY, CSRF_NO, NOKEYS},
    {"GET", "/openapi.json", page_openapi, ANY, CSRF_NO, NOKEYS},
    {"GET", "/export/practices.csv", page_practices_csv, ANY, CSRF_NO, NOKEYS},
    {"GET", "/export/practices.xlsx", page_practices_xlsx, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sitemap.xml", page_sitemap, ANY, CSRF_NO, NOKEYS},
    {"GET", "/dcat.ttl", page_dcat, ANY, CSRF_NO, NOKEYS},
    /* ":slug.pdf" is more specific than the detail page's ":slug", wherever that row is. */
    {"GET", "/praxis/:slug.pdf", page_practice_pdf, ANY, CSRF_NO, NOKEYS},
    /* end of the open data block */

    /* Board review */
    {"GET", "/gremium", page_board, ROLE_BOARD | ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/gremium/vorschlag/:id/beschluss", page_board_decision, ROLE_BOARD | ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/gremium/vorschlag/:id", page_board_proposal, ROLE_BOARD | ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/gremium/vorschlag/:id", page_board_rate, ROLE_BOARD, CSRF_YES, KEYS(rate_keys)},
    {"POST", "/gremium/vorschlag/:id/befangenheit", page_board_declare, ROLE_BOARD, CSRF_YES,
     KEYS(declare_keys)},
    {"GET", "/admin/ausschreibungen/:id/gremium", page_review_board, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/gremium", page_review_member_add, ADMIN, CSRF_YES,
     KEYS(member_add_keys)},
    {"POST", "/admin/ausschreibungen/:id/gremium/:uid/entfernen",
     page_review_member_remove, ADMIN, CSRF_YES, NOKEYS},
    /* Board administration at scale and the reminder by hand (issue #10, point 6). */
    {"POST", "/admin/ausschreibungen/:id/gremium/mehrere", page_review_member_many, ADMIN,
     CSRF_YES, KEYS(member_many_keys)},
    {"POST", "/admin/ausschreibungen/:id/gremium/kopieren", page_review_board_copy, ADMIN,
     CSRF_YES, KEYS(board_copy_keys)},
    {"POST", "/admin/ausschreibungen/:id/fortschritt/:uid/erinnern", page_review_remind, ADMIN,
     CSRF_YES, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/gremium/einstellungen", page_review_settings, ADMIN,
     CSRF_YES, KEYS(review_settings_keys)},
    {"POST", "/admin/ausschreibungen/:id/befangenheiten", page_review_conflict_set, ADMIN,
     CSRF_YES, KEYS(conflict_set_keys)},
    {"POST", "/admin/ausschreibungen/:id/befangenheiten/:cid/aufheben",
     page_review_conflict_remove, ADMIN, CSRF_YES, NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/rubrik", page_review_rubric, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/rubrik", page_review_rubric_update, ADMIN, CSRF_YES,
     KEYS(rubric_keys)},
    {"GET", "/admin/ausschreibungen/:id/ranking", page_review_ranking, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/ranking.csv", page_review_ranking_csv, ADMIN, CSRF_NO,
     NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/ranking.xlsx", page_review_ranking_xlsx, ADMIN, CSRF_NO,
     NOKEYS},
    /* The internal discussion (board and office; never the sub-project, never someone
     * conflicted: checked per proposal in the domain), the person's e-mail notifications,
     * the office's progress, assignments and "ask one more member". */
    {"POST", "/gremium/vorschlag/:id/diskussion", page_board_discussion_post, ROLE_BOARD | ADMIN,
     CSRF_YES, KEYS(discussion_keys)},
    {"POST", "/gremium/benachrichtigungen", page_board_notify, ROLE_BOARD | ADMIN, CSRF_YES,
     KEYS(notify_keys)},
    {"GET", "/admin/ausschreibungen/:id/fortschritt", page_review_progress, ADMIN, CSRF_NO,
     NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/zuteilung", page_review_assignments, ADMIN, CSRF_NO,
     NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/zuteilung", page_review_assignment_add, ADMIN, CSRF_YES,
     KEYS(assignment_add_keys)},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/modus", page_review_assignment_mode, ADMIN,
     CSRF_YES, KEYS(assignment_mode_keys)},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/automatisch", page_review_assignment_auto, ADMIN,
     CSRF_YES, KEYS(assignment_auto_keys)},
    {"POST", "/admin/ausschreibungen/:id/zuteilung/:pid/:uid/entfernen",
     page_review_assignment_remove, ADMIN, CSRF_YES, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/ranking/:pid/nachfragen", page_review_ask, ADMIN,
     CSRF_YES, NOKEYS},
    /* end of the board review's block */

    /* Decisions: meeting mode, the decision and its amendments, letters, statistics and
     * the decision record (Entscheidungsprotokoll). Office only. */
    {"GET", "/admin/ausschreibungen/:id/sitzung", page_meeting, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/sitzung", page_meeting_save, ADMIN, CSRF_YES,
     KEYS(meeting_keys)},
    {"GET", "/admin/ausschreibungen/:id/sitzung/:pid", page_meeting_proposal, ADMIN, CSRF_NO,
     NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/sitzung/:pid", page_meeting_decide, ADMIN, CSRF_YES,
     KEYS(decide_keys)},
    {"GET", "/admin/vorschlaege/:id/beschluss", page_decision, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/vorschlaege/:id/beschluss/aendern", page_decision_amend, ADMIN, CSRF_YES,
     KEYS(decide_keys)},
    {"POST", "/admin/vorschlaege/:id/beschluss/brief", page_decision_letter, ADMIN, CSRF_YES,
     NOKEYS},
    {"GET", "/admin/briefvorlagen", page_letter_defaults, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/briefvorlagen", page_letter_default_save, ADMIN, CSRF_YES, KEYS(letter_template_keys)},
    {"GET", "/admin/ausschreibungen/:id/briefvorlagen", page_letter_templates, ADMIN, CSRF_NO,
     NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/briefvorlagen", page_letter_template_save, ADMIN,
     CSRF_YES, KEYS(letter_template_keys)},
    {"GET", "/admin/ausschreibungen/:id/statistik", page_agreement, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/ausschreibungen/:id/protokoll.pdf", page_protocol_pdf, ADMIN, CSRF_NO,
     NOKEYS},
    {"POST", "/admin/ausschreibungen/:id/protokoll", page_protocol_issue, ADMIN, CSRF_YES,
     NOKEYS},
    /* end of the decisions' block */

    /* The legal pages (footer of every page), the accessibility feedback form (anyone, no
     * account: honeypot, minimum time, rate limit per address), the office's editing of
     * the pages and its list of feedback, the audit log's CSV, and the footer's language
     * switch for a logged-in person (it sets the account's language). */
    {"GET", "/impressum", page_site_page, ANY, CSRF_NO, NOKEYS},
    {"GET", "/datenschutz", page_site_page, ANY, CSRF_NO, NOKEYS},
    {"GET", "/barrierefreiheit", page_site_page, ANY, CSRF_NO, NOKEYS},
    {"GET", "/barrierefreiheit/feedback", page_feedback_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/barrierefreiheit/feedback", page_feedback_send, ANY, CSRF_YES, KEYS(feedback_keys)},
    {"GET", "/admin/seiten", page_site_pages, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/seiten/:slug", page_site_page_edit, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/seiten/:slug", page_site_page_save, ADMIN, CSRF_YES, KEYS(site_page_keys)},
    {"GET", "/admin/rueckmeldungen", page_feedback_list, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/protokoll.csv", page_audit_csv, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/sprache", page_language_set, LOGIN, CSRF_YES, KEYS(language_keys)},
    /* end of the site's block */
    /* Transfer (issue 11): interest without an account (double opt-in), the reporter's
     * private link, network and Fachstelle staff from their account (checked in the
     * handler: access_may_report_transfer), the office's moderation, the sub-project's
     * list, and what the public sees. */
    {"GET", "/praxis/:slug/interesse", page_transfer_interest_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/praxis/:slug/interesse", page_transfer_interest, ANY, CSRF_YES,
     KEYS(transfer_interest_keys)},
    {"GET", "/uebernahme/bestaetigen/:token", page_transfer_confirm_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/uebernahme/bestaetigen/:token", page_transfer_confirm, ANY, CSRF_YES, NOKEYS},
    {"GET", "/uebernahme/meldung/:token", page_transfer_manage, ANY, CSRF_NO, NOKEYS},
    {"POST", "/uebernahme/meldung/:token", page_transfer_update, ANY, CSRF_YES,
     KEYS(transfer_update_keys)},
    {"POST", "/uebernahme/meldung/:token/zurueckziehen", page_transfer_withdraw, ANY, CSRF_YES,
     NOKEYS},
    {"GET", "/admin/uebernahmen", page_transfer_office_list, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/uebernahmen.csv", page_transfer_office_csv, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/uebernahmen.xlsx", page_transfer_office_xlsx, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/uebernahmen/:id", page_transfer_office_report, ADMIN, CSRF_NO, NOKEYS},
    {"GET", "/admin/uebernahmen/jahresbericht/:year.pdf", page_transfer_year_pdf, ADMIN, CSRF_NO,
     NOKEYS},
    {"POST", "/admin/uebernahmen/:id", page_transfer_office_moderate, ADMIN, CSRF_YES,
     KEYS(transfer_moderate_keys)},
    {"GET", "/einreichung/uebernahmen", page_transfer_own, SUBMITTER, CSRF_NO, NOKEYS},
    {"GET", "/konto/uebernahmen", page_transfer_filed, LOGIN, CSRF_NO, NOKEYS},
    {"GET", "/transfer", page_transfer_overview, ANY, CSRF_NO, NOKEYS},
    {"GET", "/transfer.atom", page_transfer_feed, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/transfers", page_api_transfers, ANY, CSRF_NO, NOKEYS},
    {"GET", "/praxis/:slug/transferpaket.zip", page_transfer_package, ANY, CSRF_NO, NOKEYS},
    /* end of the transfer block */
    /* The yearly check (issue #12): the owners' single-use link (no login: the link is the
     * key) and the office's review (handler: access_may_review_yearly_check). */
    {"GET", "/jahrescheck/:token", page_yearly_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/jahrescheck/:token", page_yearly_answer, ANY, CSRF_YES, KEYS(yearly_answer_keys)},
    {"GET", "/admin/jahrescheck", page_yearly_office, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/jahrescheck/:id/:action", page_yearly_office_act, ADMIN, CSRF_YES, NOKEYS},
    {"POST", "/admin/jahrescheck/einstellungen", page_yearly_settings, ADMIN, CSRF_YES, KEYS(yearly_settings_keys)},
    /* The owners' own view when logged in (handler: access_may_answer_yearly_check). */
    {"GET", "/konto/jahrescheck", page_yearly_mine, LOGIN, CSRF_NO, NOKEYS},
    {"GET", "/konto/jahrescheck/:id", page_yearly_mine_form, LOGIN, CSRF_NO, NOKEYS},
    {"POST", "/konto/jahrescheck/:id", page_yearly_mine_answer, LOGIN, CSRF_YES, KEYS(yearly_answer_keys)},
    /* end of the yearly check block */
    /* Submission, continued: an open call's page for sub-projects (and the office), and
     * the PDF receipt of a proposal's submitted version (own organisation and office:
     * checked in the handler). Revising a submitted proposal posts to its edit route. */
    {"GET", "/einreichung/ausschreibung/:id", page_submission_call, SUBMITTER | ADMIN, CSRF_NO,
     NOKEYS},
    {"GET", "/vorschlag/:id/eingangsbestaetigung.pdf", page_proposal_receipt, LOGIN, CSRF_NO,
     NOKEYS},
    /* end of the submission's second block */
    /* Collections (Themendossiers, issue 12): the office composes, previews, publishes and
     * takes offline; the public sees published collections with their published practices
     * only. ":slug.atom" is more specific than ":slug". */
    {"GET", "/admin/sammlungen", page_collections_admin, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/sammlungen", page_collection_create, ADMIN, CSRF_YES,
     KEYS(collection_new_keys)},
    {"GET", "/admin/sammlungen/:id", page_collection_edit, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/sammlungen/:id", page_collection_save, ADMIN, CSRF_YES,
     KEYS(collection_form_keys)},
    {"GET", "/admin/sammlungen/:id/vorschau", page_collection_preview, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/sammlungen/:id/veroeffentlichen", page_collection_publish, ADMIN, CSRF_YES,
     NOKEYS},
    {"POST", "/admin/sammlungen/:id/zurueckziehen", page_collection_unpublish, ADMIN, CSRF_YES,
     NOKEYS},
    {"GET", "/sammlungen", page_collections, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sammlung/:slug", page_collection, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sammlung/:slug.atom", page_collection_feed, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sammlung/:slug.pdf", page_collection_pdf, ANY, CSRF_NO, NOKEYS},
    {"GET", "/merkliste", page_merkliste, ANY, CSRF_NO, NOKEYS},
    {"GET", "/merkliste.pdf", page_merkliste_pdf, ANY, CSRF_NO, NOKEYS},
    {"GET", "/merkliste.zip", page_merkliste_zip, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/collections", page_api_collections, ANY, CSRF_NO, NOKEYS},
    {"GET", "/api/v1/collections/:slug", page_api_collection, ANY, CSRF_NO, NOKEYS},
    /* end of the collections' block */

};
// clang-format on

void
routes_install(void)
{
	submit_init();
	http_set_routes(table, sizeof table / sizeof table[0]);
	http_set_error_renderer(page_error);
}
