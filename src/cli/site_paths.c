/* Which public address becomes which file of the static copy, and the relative reference
 * between two of its files. The addresses stay those of the live site (a contract):
 * "/praxis/x" is praxis/x.html, which a web server finds with try_files $uri.html. */
#include "cli/site.h"

#include <stdlib.h>
#include <string.h>

static bool
safe_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

/* Every part non-empty, none "." or "..", only safe characters. */
static bool
safe_path(const char *p)
{
	for (const char *c = p; *c; c++)
		if (!safe_char(*c))
			return false;
	const char *part = p;
	for (;;) {
		size_t n = strcspn(part, "/");
		if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && strncmp(part, "..", 2) == 0))
			return false;
		if (!part[n])
			return true;
		part += n + 1;
	}
}

static bool
is_type(const char *content_type, const char *type)
{
	size_t n = strlen(type);
	return content_type && strncmp(content_type, type, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';');
}

char *
site_file_of(const char *path, const char *content_type)
{
	if (strcmp(path, "/") == 0)
		return strdup("index.html");
	if (path[0] != '/' || !safe_path(path + 1))
		return NULL;
	const char *last = strrchr(path, '/') + 1;
	const char *ext = "";
	if (!strchr(last, '.')) {
		if (is_type(content_type, "text/html"))
			ext = ".html";
		else if (is_type(content_type, "application/json"))
			ext = ".json";
	}
	size_t n = strlen(path + 1), e = strlen(ext);
	char *out = malloc(n + e + 1);
	memcpy(out, path + 1, n);
	memcpy(out + n, ext, e + 1);
	return out;
}

char *
site_relative(const char *from, const char *to)
{
	/* Skip the folders both share; then one "../" per folder left in from. */
	size_t common = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	size_t up = 0;
	for (const char *c = from + common; *c; c++)
		up += *c == '/';
	size_t rest = strlen(to + common);
	char *out = malloc(up * 3 + rest + 1);
	for (size_t i = 0; i < up; i++)
		memcpy(out + i * 3, "../", 3);
	memcpy(out + up * 3, to + common, rest + 1);
	return out;
}
