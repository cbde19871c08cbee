/* leuchtturm site export DIR: the public catalog as files for any web server or CDN
 * (issue #16, point 5). It starts the server in this process on a loopback port and
 * fetches the public pages with libcurl, so the files hold what the live site answers;
 * from the home page and the catalog's other entry points it follows every local link.
 * A page with a POST form (login, the interest and feedback forms) needs the live server
 * and is not exported; links to it, to addresses with a query and to anything else not
 * exported point to --live-url, or are left out. */
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/site.h"
#include "domain/attachment.h"
#include "domain/setting.h"
#include "http/csrf.h"
#include "http/server.h"
#include "pages/view_catalog.h"
#include "routes.h"
#include "store/blob.h"
#include "store/store.h"

#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The entry points besides what the pages link: the feeds, the open data, the sitemap. */
static const char *const seeds[] = {
    "/",
    "/praxis",
    "/sammlungen",
    "/transfer",
    "/ueber",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/feed.atom",
    "/feed.rss",
    "/transfer.atom",
    "/sitemap.xml",
    "/dcat.ttl",
    "/openapi.json",
    "/api/v1/practices",
    "/api/v1/collections",
    "/api/v1/transfers",
    "/export/practices.csv",
    "/export/practices.xlsx",
};

/* One address met while crawling. */
struct item {
	char *path;
	char *file; /* NULL: not exported (not found, a form, not a file name) */
	/* A page, rewritten once every address is known: its bytes wait in the spool file
	 * (so memory stays small however large the catalog), at offset, len bytes. */
	bool page;
	long offset;
	size_t len;
};

struct crawl {
	struct item *items;
	size_t n, cap, done;
	size_t *slots; /* open addressing over items by path: index + 1, 0 empty */
	size_t nslots;
	const char *origin; /* http://127.0.0.1:PORT */
	const char *links_origin;
	CURL *curl;
	FILE *spool; /* the pages' bytes until they are rewritten (tmpfile, gone at exit) */
	struct site_files files;
	bool tty;
};

static size_t
hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct item *
find(struct crawl *c, const char *path)
{
	for (size_t i = hash(path) % c->nslots; c->slots[i]; i = (i + 1) % c->nslots)
		if (strcmp(c->items[c->slots[i] - 1].path, path) == 0)
			return &c->items[c->slots[i] - 1];
	return NULL;
}

static void
rehash(struct crawl *c)
{
	free(c->slots);
	c->nslots = c->nslots ? c->nslots * 2 : 1024;
	c->slots = calloc(c->nslots, sizeof *c->slots);
	for (size_t k = 0; k < c->n; k++) {
		size_t i = hash(c->items[k].path) % c->nslots;
		while (c->slots[i])
			i = (i + 1) % c->nslots;
		c->slots[i] = k + 1;
	}
}

/* Queues path unless it was met before; addresses with a query are never files. */
static void
enqueue(void *ctx, const char *path)
{
	struct crawl *c = ctx;
	if (strchr(path, '?') || strncmp(path, "/sprache/", 9) == 0 || find(c, path))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->items = realloc(c->items, c->cap * sizeof *c->items);
	}
	c->items[c->n++] = (struct item){.path = strdup(path)};
	if (c->n * 2 > c->nslots)
		rehash(c);
	else {
		size_t i = hash(path) % c->nslots;
		while (c->slots[i])
			i = (i + 1) % c->nslots;
		c->slots[i] = c->n;
	}
}

static size_t
collect(char *data, size_t size, size_t n, void *ctx)
{
	buf_append(ctx, data, size * n);
	return size * n;
}

/* GETs path from the in-process server: its body into body, its type into type (malloc'd);
 * the status, or -1 when the request failed. */
static long
fetch(struct crawl *c, const char *path, struct buf *body, char **type)
{
	char url[4200];
	snprintf(url, sizeof url, "%s%s", c->origin, path);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, body);
	if (curl_easy_perform(c->curl) != CURLE_OK)
		return -1;
	long status = 0;
	char *ct = NULL;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
	*type = ct ? strdup(ct) : NULL;
	return status;
}

/* A practice's and a collection's pages have their API documents beside them. */
static void
enqueue_api_twin(struct crawl *c, const char *path)
{
	static const struct {
		const char *page, *api;
	} twins[] = {{"/praxis/", "/api/v1/practices/"}, {"/sammlung/", "/api/v1/collections/"}};
	for (size_t i = 0; i < sizeof twins / sizeof twins[0]; i++) {
		size_t n = strlen(twins[i].page);
		if (strncmp(path, twins[i].page, n) == 0 && !strpbrk(path + n, "/.")) {
			char api[4200];
			snprintf(api, sizeof api, "%s%s", twins[i].api, path + n);
			enqueue(c, api);
		}
	}
}

/* Fetches item k: a page is kept for rewriting and its links are queued; any other file
 * is written as it came. 0, or -1 on a failure that stops the export. */
static int
visit(struct crawl *c, size_t k)
{
	struct buf body = BUF_INIT;
	char *type = NULL;
	long status = fetch(c, c->items[k].path, &body, &type);
	if (status < 0) {
		fprintf(stderr,
		        "\nleuchtturm site export: the in-process server did not answer %s\n",
		        c->items[k].path);
		buf_free(&body);
		return -1;
	}
	bool html = type && strncmp(type, "text/html", 9) == 0;
	/* A page with a POST form needs a session and the live server's CSRF check. */
	bool form = html && body.data && strstr(body.data, " method=\"post\"");
	char *file = status == 200 && !form ? site_file_of(c->items[k].path, type) : NULL;
	free(type);
	int rc = 0;
	c->items[k].file = file;
	if (file && html) {
		site_each_link(c->links_origin, buf_str(&body), body.len, enqueue, c);
		enqueue_api_twin(c, c->items[k].path);
		c->items[k].page = true;
		c->items[k].offset = ftell(c->spool);
		c->items[k].len = body.len;
		if (fwrite(buf_str(&body), 1, body.len, c->spool) != body.len) {
			fprintf(stderr, "\nleuchtturm site export: cannot spool the pages: %s\n",
			        strerror(errno));
			rc = -1;
		}
	} else if (file) {
		rc = site_files_put(&c->files, file, buf_str(&body), body.len);
	}
	buf_free(&body);
	return rc;
}

static const char *
file_of(void *ctx, const char *path)
{
	struct item *it = find(ctx, path);
	return it ? it->file : NULL;
}

/* Writes every page with its links made to fit the copy. */
static int
write_pages(struct crawl *c, const char *base_url, const char *live_url)
{
	struct site_links l = {.origin = c->links_origin,
	                       .base_url = base_url,
	                       .live_url = live_url,
	                       .file_of = file_of,
	                       .ctx = c};
	for (size_t k = 0; k < c->n; k++) {
		struct item *it = &c->items[k];
		if (!it->page)
			continue;
		struct buf page = BUF_INIT, out = BUF_INIT;
		buf_grow(&page, it->len);
		int rc = fseek(c->spool, it->offset, SEEK_SET) == 0 &&
		                 fread(page.data, 1, it->len, c->spool) == it->len
		             ? 0
		             : -1;
		page.len = it->len;
		page.data[page.len] = '\0';
		if (rc == 0)
			site_rewrite_html(&l, it->file, page.data, page.len, &out);
		if (rc == 0)
			rc = site_files_put(&c->files, it->file, buf_str(&out), out.len);
		buf_free(&page);
		buf_free(&out);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static void
progress(const struct crawl *c, size_t k)
{
	if (c->tty)
		fprintf(stderr, "\rsite export: %zu of %zu addresses\033[K", k, c->n);
}

static int
crawl_all(struct crawl *c)
{
	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
		enqueue(c, seeds[i]);
	for (size_t k = 0; k < c->n; k++) {
		progress(c, k + 1);
		if (visit(c, k) != 0)
			return -1;
	}
	if (c->tty)
		fprintf(stderr, "\n");
	return 0;
}

static void
crawl_free(struct crawl *c)
{
	for (size_t k = 0; k < c->n; k++) {
		free(c->items[k].path);
		free(c->items[k].file);
	}
	free(c->items);
	free(c->slots);
	site_files_free(&c->files);
}

static int
site_usage(int code)
{
	fprintf(code ? stderr : stdout,
	        "Usage: leuchtturm site export DIR [--base-url URL] [--live-url URL] "
	        "[--lang de|en] [--data DIR | --database URL]\n\n"
	        "Writes the public catalog into DIR as files for any web server or CDN: the "
	        "pages, the practices' PDFs, downloads and images, the collections with their "
	        "brochures, the feeds, the sitemap and the API's JSON, at the live site's "
	        "addresses (see the README's \"Static site\"). Links are relative, or absolute "
	        "under --base-url (the copy's public address, also used in the feeds, the "
	        "sitemap and the API). With --live-url the search, the forms and the login "
	        "point to the live instance; without it, what needs the live server is left "
	        "out and the catalog searches itself with a small index and a script. A rerun "
	        "writes only files whose bytes differ and removes those no longer exported. "
	        "--lang en writes the English pages (German by default), for a copy of its own.\n");
	return code;
}

static char *
trimmed(const char *url)
{
	if (!url)
		return NULL;
	char *out = strdup(url);
	size_t n = strlen(out);
	while (n && out[n - 1] == '/')
		out[--n] = '\0';
	return out;
}

/* Takes --NAME VALUE (or --NAME=VALUE) out of argv, for config_parse to read the rest;
 * returns the value, or NULL when the option is not given. */
static const char *
take_option(int *argc, char **argv, const char *name)
{
	const char *value = NULL;
	size_t n = strlen(name);
	int o = 1;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], name) == 0 && i + 1 < *argc)
			value = argv[++i];
		else if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
			value = argv[i] + n + 1;
		else
			argv[o++] = argv[i];
	}
	argv[o] = NULL;
	*argc = o;
	return value;
}

/* The server in this process, on a loopback port, answering as for an anonymous visitor;
 * its absolute links (feeds, sitemap, API) name base. */
static struct http_server *
start_server(struct app_config *c, const char *base, const char *live_url)
{
	struct store *s = cli_open_store(c);
	unsigned char secret[SETTING_SECRET_BYTES];
	if (!s || setting_secret(s, secret) != 0)
		return NULL;
	store_close(s);
	csrf_set_secret(secret, sizeof secret);
	store_set_default_path(c->db_path);
	catalog_static_configure(live_url);
	routes_install();
	attachment_configure(c->files_dir, c->max_upload_mb * 1024 * 1024,
	                     (unsigned)c->max_attachments);
	blob_db_enable(c->database != NULL);
	struct http_config hc = {.listen = "127.0.0.1:0",
	                         .threads = 2,
	                         .max_body = 1024 * 1024,
	                         .upload_dir = c->data_dir,
	                         .timeout = 30,
	                         .base_url = base,
	                         .access_log = false};
	return http_start(&hc);
}

/* The static search's index, when the copy searches itself. */
static int
write_search_index(struct crawl *cr, struct app_config *c)
{
	struct store *s = cli_open_store(c);
	struct buf json = BUF_INIT;
	int rc = s ? site_search_index(s, &json) : -1;
	if (rc == 0)
		rc = site_files_put(&cr->files, "search-index.json", buf_str(&json), json.len);
	buf_free(&json);
	if (s)
		store_close(s);
	return rc;
}

static int
export_site(struct app_config *c, const char *dir, const char *live_url, const char *lang)
{
	char *base = trimmed(c->base_url);
	/* Feeds, sitemap, API and PDFs need absolute addresses: the copy's, else the live
	 * site's, else a fixed stand-in (the loopback port changes from run to run, and a
	 * rerun would rewrite them all). */
	const char *absolute = base ? base : live_url;
	if (!absolute) {
		absolute = "http://localhost";
		fprintf(stderr, "site export: without --base-url or --live-url the feeds, the "
		                "sitemap, the API and the PDFs name http://localhost\n");
	}
	struct http_server *srv = start_server(c, absolute, live_url);
	if (!srv) {
		free(base);
		return 1;
	}
	char origin[64];
	snprintf(origin, sizeof origin, "http://127.0.0.1:%u", http_port(srv));
	struct crawl cr = {.origin = origin,
	                   /* Absolute links to the copy's own address are local; those
	                    * to the live site (its stand-in without --base-url) stay. */
	                   .links_origin = base || !live_url ? http_config()->origin : "",
	                   .curl = curl_easy_init(),
	                   .spool = tmpfile(),
	                   .files = {.dir = dir},
	                   .tty = isatty(STDERR_FILENO)};
	rehash(&cr);
	/* The copy's language, as a visitor's browser asks for it (German by default). */
	struct curl_slist *accept = curl_slist_append(
	    NULL, strcmp(lang, "en") == 0 ? "Accept-Language: en" : "Accept-Language: de");
	curl_easy_setopt(cr.curl, CURLOPT_HTTPHEADER, accept);
	if (!cr.spool)
		fprintf(stderr, "leuchtturm site export: no temporary file: %s\n", strerror(errno));
	int rc = cr.spool ? crawl_all(&cr) : -1;
	if (!live_url) { /* the static search's index, which the catalog's form names */
		enqueue(&cr, "/search-index.json"); /* nothing when a page linked it already */
		struct item *it = find(&cr, "/search-index.json");
		free(it->file);
		it->file = strdup("search-index.json");
	}
	if (rc == 0)
		rc = write_pages(&cr, base, live_url);
	if (rc == 0 && !live_url)
		rc = write_search_index(&cr, c);
	if (rc == 0)
		rc = site_files_finish(&cr.files);
	if (rc == 0)
		printf("site export: %zu files in %s: %zu written, %zu unchanged, %zu removed\n",
		       cr.files.n, dir, cr.files.written, cr.files.unchanged, cr.files.deleted);
	curl_easy_cleanup(cr.curl);
	curl_slist_free_all(accept);
	if (cr.spool)
		fclose(cr.spool);
	http_stop(srv, 1000);
	crawl_free(&cr);
	free(base);
	return rc == 0 ? 0 : 1;
}

int
cmd_site(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "export") != 0)
		return site_usage(argc >= 2 && strcmp(argv[1], "--help") == 0 ? 0 : 2);
	argc--, argv++;
	char *live_url = trimmed(take_option(&argc, argv, "--live-url"));
	const char *lang = take_option(&argc, argv, "--lang");
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	int rc;
	if (first == -2)
		rc = site_usage(0);
	else if (first < 0 || first != argc - 1)
		rc = site_usage(2);
	else if (lang && strcmp(lang, "de") != 0 && strcmp(lang, "en") != 0) {
		fprintf(stderr, "leuchtturm site export: --lang wants de or en\n");
		rc = 2;
	} else if (config_prepare(&c) != 0)
		rc = 1;
	else if (mkdir(argv[first], 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "leuchtturm site export: cannot create %s: %s\n", argv[first],
		        strerror(errno));
		rc = 1;
	} else {
		signal(SIGPIPE, SIG_IGN);
		curl_global_init(CURL_GLOBAL_DEFAULT);
		rc = export_site(&c, argv[first], live_url, lang ? lang : "de");
		curl_global_cleanup();
	}
	free(live_url);
	return rc;
}
