/* Installation settings kept in the database (shared by every server instance). */
#ifndef DOMAIN_SETTING_H
#define DOMAIN_SETTING_H
#include <stddef.h>

struct store;

#define SETTING_SECRET_BYTES 32

/* The installation's secret key for CSRF tokens and signed cookies; created at random on
 * first use. Returns 0 or -1. */
int setting_secret(struct store *s, unsigned char out[SETTING_SECRET_BYTES]);

#endif
