/* Lookup of embedded static assets. The URLs are computed once, at first use. */
#include "http/assets.h"
#include "util/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ASSETS 32
static char urls[MAX_ASSETS][96];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
build_urls(void)
{
	for (size_t i = 0; i < assets_count && i < MAX_ASSETS; i++)
		snprintf(urls[i], sizeof urls[i], "/static/%s", assets[i].hashed_name);
}

const char *
asset_url(const char *name)
{
	pthread_once(&once, build_urls);
	for (size_t i = 0; i < assets_count && i < MAX_ASSETS; i++)
		if (strcmp(assets[i].name, name) == 0)
			return urls[i];
	log_error("unknown asset %s", name);
	abort();
}

const struct asset *
asset_by_hashed_name(const char *hashed)
{
	for (size_t i = 0; i < assets_count; i++)
		if (strcmp(assets[i].hashed_name, hashed) == 0)
			return &assets[i];
	return NULL;
}
