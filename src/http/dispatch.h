/* The dispatcher: one request through the route table. It parses the request, loads the
 * session, checks access and CSRF, validates the form, and only then runs the handler. */
#ifndef HTTP_DISPATCH_H
#define HTTP_DISPATCH_H

#include "http/request.h"

#define COOKIE_SESSION "lt_session"
#define COOKIE_PRE "lt_pre"
#define COOKIE_LANG "lt_lang"
#define COOKIE_FLASH "lt_flash"
/* Starts the flash cookie's text when the notice is an error (http_redirect_error). */
#define FLASH_ERROR_MARK "\x01"

/* raw_uri is the request target as sent ("/a%20b?x=1"). Fills r->resp. */
void http_dispatch(struct request *r, const char *raw_uri);
/* Decides from the head alone whether the request's body may be read: the route exists,
 * the sender may use it (login, role) and, for a form with CSRF_YES, holds what a token is
 * bound to. Returns true, or false with the answer made (404, 405, 303, 403 …), so nobody
 * unknown or unauthorised makes the server hold a body. http_dispatch checks all again. */
bool http_admit(struct request *r, const char *raw_uri);
/* After http_admit: what the form's "_csrf" must be bound to when the route wants one
 * (copied into r's arena), else NULL. The server hands it to the multipart reader, which
 * checks the token before it takes a file. */
const char *http_admitted_csrf_binding(struct request *r);
/* The answer to a form whose token is missing or wrong (403). */
void http_refuse_csrf(struct request *r);
/* Starts a login session for user_id on this response (new token: no fixation). Call in
 * the change's store_tx; it may run again there (the cookie of the last attempt wins). */
int http_login(struct request *r, int64_t user_id);
void http_logout(struct request *r);

#endif
