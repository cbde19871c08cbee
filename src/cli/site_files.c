/* The export folder's files: each written only when its bytes differ (so a rerun touches
 * nothing that did not change, and a CDN's sync uploads only what did), and those of the
 * last run that are no longer part of the catalog removed, by the manifest the folder
 * keeps (.leuchtturm-site: one file a line). Only files a manifest names are ever
 * removed. */
#include "cli/site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST ".leuchtturm-site"

/* Makes the folders of name below dir. */
static int
make_parents(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *s = strchr(tmp + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return 0;
}

/* Whether the file at path holds exactly data. */
static bool
same_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	struct stat st;
	bool same = fstat(fileno(f), &st) == 0 && (size_t)st.st_size == len;
	char chunk[65536];
	for (size_t at = 0; same && at < len;) {
		size_t n = fread(chunk, 1, sizeof chunk, f);
		same = n > 0 && memcmp(chunk, (const char *)data + at, n) == 0;
		at += n;
	}
	fclose(f);
	return same;
}

/* Writes data to path through a temporary file and a rename, so a reader (the web server)
 * never sees half a file. */
static int
write_file(const char *path, const void *data, size_t len)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return -1;
	bool ok = fwrite(data, 1, len, f) == len;
	ok &= fclose(f) == 0;
	if (!ok || chmod(tmp, 0644) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void
note(struct site_files *f, const char *name)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 256;
		f->names = realloc(f->names, f->cap * sizeof *f->names);
	}
	f->names[f->n++] = strdup(name);
}

int
site_files_put(struct site_files *f, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	note(f, name);
	if (same_bytes(path, data, len)) {
		f->unchanged++;
		return 0;
	}
	if (make_parents(path) != 0 || write_file(path, data, len) != 0) {
		fprintf(stderr, "leuchtturm site export: cannot write %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	f->written++;
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether this run wrote name (f->names sorted). */
static bool
in_run(const struct site_files *f, const char *name)
{
	return bsearch(&name, f->names, f->n, sizeof *f->names, by_name) != NULL;
}

/* Removes path's folders below dir as far as they are empty. */
static void
remove_empty_parents(const char *dir, char *path)
{
	size_t keep = strlen(dir);
	for (char *s = strrchr(path, '/'); s && (size_t)(s - path) > keep; s = strrchr(path, '/')) {
		*s = '\0';
		if (rmdir(path) != 0)
			return;
	}
}

/* Removes what the old manifest names and this run did not write. */
static int
remove_stale(struct site_files *f, FILE *old)
{
	char line[4096];
	while (fgets(line, sizeof line, old)) {
		line[strcspn(line, "\n")] = '\0';
		/* A manifest line is a name this code wrote; still, never leave the folder. */
		if (!line[0] || line[0] == '/' || strstr(line, "..") || in_run(f, line))
			continue;
		char path[4200];
		snprintf(path, sizeof path, "%s/%s", f->dir, line);
		if (unlink(path) == 0)
			f->deleted++;
		else if (errno != ENOENT)
			return -1;
		remove_empty_parents(f->dir, path);
	}
	return 0;
}

int
site_files_finish(struct site_files *f)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/" MANIFEST, f->dir);
	if (f->n)
		qsort(f->names, f->n, sizeof *f->names, by_name);
	FILE *old = fopen(path, "r");
	int rc = old ? remove_stale(f, old) : 0;
	if (old)
		fclose(old);
	struct buf m = BUF_INIT;
	for (size_t i = 0; i < f->n; i++)
		buf_printf(&m, "%s\n", f->names[i]);
	if (rc == 0 && !same_bytes(path, m.data ? m.data : "", m.len))
		rc = write_file(path, m.data ? m.data : "", m.len);
	buf_free(&m);
	if (rc != 0)
		fprintf(stderr, "leuchtturm site export: cannot update %s: %s\n", path,
		        strerror(errno));
	return rc;
}

void
site_files_free(struct site_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	f->names = NULL;
	f->n = f->cap = 0;
}
