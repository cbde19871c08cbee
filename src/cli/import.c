/* leuchtturm import FILE.json: loads good practices from the documented JSON format
 * (docs/import-format.md), all of them or, when any record has a problem, none. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/practice_import.h"
#include "store/store.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Standard input is read into memory, up to this; a named file is mapped (its pages are
 * the page cache's, read as the import goes), up to MAX_MAPPED. */
#define MAX_FILE (256L * 1024 * 1024)
#define MAX_MAPPED (4L * 1024 * 1024 * 1024)

static int
usage(FILE *out, int code)
{
	fprintf(out,
	        "Usage: leuchtturm import [--data DIR] FILE.json\n\n"
	        "Loads good practices from FILE.json (\"-\" reads standard input) in the format "
	        "described in docs/import-format.md. Every record is checked first; when any has "
	        "a problem, each problem is listed by record number and field and nothing is "
	        "imported (exit status 1).\n\n%s",
	        config_help);
	return code;
}

/* A named file, mapped read-only: *out and *len (munmap when done). -1 when it cannot be. */
static int
map_file(const char *path, const char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "import: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "import: %s is not a file\n", path);
	} else if (st.st_size > MAX_MAPPED) {
		fprintf(stderr, "import: %s is larger than %ld MB\n", path,
		        MAX_MAPPED / (1024 * 1024));
	} else if (st.st_size == 0) {
		*out = "";
		*len = 0;
		rc = 0;
	} else {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			fprintf(stderr, "import: cannot read %s: %s\n", path, strerror(errno));
		} else {
			madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
			*out = m;
			*len = (size_t)st.st_size;
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

static int
read_all(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "import: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(b, chunk, n);
		if (b->len > MAX_FILE) {
			fprintf(stderr, "import: %s is larger than %ld MB\n", path,
			        MAX_FILE / (1024 * 1024));
			break;
		}
	}
	bool bad = ferror(f) || b->len > MAX_FILE;
	if (f != stdin)
		fclose(f);
	return bad ? -1 : 0;
}

static void
report(const struct import_result *res)
{
	for (size_t i = 0; i < res->nproblems; i++) {
		const struct import_problem *p = &res->problems[i];
		if (p->record)
			fprintf(stderr, "record %zu", p->record);
		else
			fprintf(stderr, "file");
		if (p->field[0])
			fprintf(stderr, ", field \"%s\"", p->field);
		fprintf(stderr, ": %s\n", p->message);
	}
}

struct import_tx {
	struct arena *a;
	const char *json;
	size_t len;
	struct import_result *res;
	const struct import_progress *progress;
	int rc; /* out: practice_import's code */
};

static int
import_body(struct store *s, void *arg)
{
	struct import_tx *t = arg;
	t->rc = practice_import_with(s, t->a, 0, t->json, t->len, t->res, t->progress);
	return t->rc == 0 ? STORE_OK : STORE_ERR;
}

/* The progress line, on a terminal only: rewritten in place. */
static void
show_progress(void *ctx, const char *stage, size_t done, size_t total)
{
	bool *shown = ctx;
	if (strcmp(stage, "checked") == 0)
		fprintf(stderr, "\rimport: %zu records checked", done);
	else
		fprintf(stderr, "\rimport: %zu of %zu practices written   ", done, total);
	*shown = true;
}

int
cmd_import(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2)
		return usage(stdout, 0);
	if (first < 0 || argc - first != 1)
		return usage(stderr, 2);
	if (config_prepare(&c) != 0)
		return 1;
	struct buf json = BUF_INIT;
	const char *text = NULL;
	size_t len = 0;
	bool mapped = strcmp(argv[first], "-") != 0;
	if (mapped ? map_file(argv[first], &text, &len) != 0 : read_all(argv[first], &json) != 0) {
		buf_free(&json);
		return 1;
	}
	if (!mapped) {
		text = buf_str(&json);
		len = json.len;
	}
	struct store *s = cli_open_store(&c);
	if (!s) {
		buf_free(&json);
		if (mapped && len)
			munmap((void *)text, len);
		return 1;
	}
	struct arena a = {0};
	struct import_result res = {0};
	int rc = 1;
	bool shown = false;
	struct import_progress progress = {show_progress, &shown};
	/* One transaction: the file is imported whole or not at all. */
	struct import_tx t = {&a, text, len, &res, isatty(STDERR_FILENO) ? &progress : NULL, -1};
	int r = store_tx(s, import_body, &t);
	if (shown)
		fputc('\n', stderr);
	if (r != STORE_OK && t.rc == 0) {
		fprintf(stderr, "import: the database could not be written; nothing imported\n");
		goto out;
	}
	if (r != STORE_OK) {
		report(&res);
		fprintf(stderr, "import: nothing imported from %s (%zu records)%s\n", argv[first],
		        res.records, t.rc < 0 ? ": the database could not be written" : "");
		goto out;
	}
	printf("imported %zu practice%s from %s\n", res.imported, res.imported == 1 ? "" : "s",
	       argv[first]);
	rc = 0;
out:
	arena_free(&a);
	buf_free(&json);
	if (mapped && len)
		munmap((void *)text, len);
	store_close(s);
	return rc;
}
