/* /praxis/SLUG/transferpaket.zip: everything a person who wants to take a published practice
 * along needs in one download: its PDF, its public downloads, a README saying what is in it
 * and whom to ask, and the same as metadata.json. The archive is written to a temporary file
 * and sent from there, so its size costs no memory (export/package.h). */
#include "pages/transfer_pages.h"
#include "domain/attachment.h"
#include "domain/practice.h"
#include "domain/practice_files.h"
#include "export/json.h"
#include "export/package.h"
#include "pages/open_data.h"
#include "pages/view_selection.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Formats that deflate would not shrink: stored as they are. */
static bool
compressed_already(const char *type)
{
	return strncmp(type, "text/", 5) != 0 && strcmp(type, "application/rtf") != 0 &&
	       strcmp(type, "application/msword") != 0 &&
	       strcmp(type, "application/vnd.ms-excel") != 0 &&
	       strcmp(type, "application/vnd.ms-powerpoint") != 0;
}

/* "downloads/01-name.pdf": numbered in the practice's order, so two files of the same name
 * stay apart; the stored name has no path already, a '/' is replaced all the same. */
static const char *
entry_name(struct request *r, size_t n, const char *filename)
{
	char *name = arena_printf(&r->arena, "downloads/%02zu-%s", n, filename);
	for (char *p = name + strlen("downloads/"); *p; p++)
		if (*p == '/' || *p == '\\')
			*p = '-';
	return name;
}

static void
readme_line(struct buf *b, struct request *r, const char *label, const char *value)
{
	if (value && value[0])
		buf_printf(b, "%s: %s\r\n", tr(r, label), value);
}

static const char *
readme(struct request *r, const struct practice *p, const char *pdf_name,
       const struct practice_file *f, const char *const *names, size_t n)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\r\n", p->text[PX_TITLE]);
	for (size_t i = 0; p->text[PX_TITLE][i]; i++)
		if (((unsigned char)p->text[PX_TITLE][i] & 0xC0) != 0x80)
			buf_putc(&b, '=');
	buf_puts(&b, "\r\n\r\n");
	if (p->text[PX_TEASER][0])
		buf_printf(&b, "%s\r\n\r\n", p->text[PX_TEASER]);
	buf_printf(&b, "%s\r\n\r\n", tr(r, "A good practice for transfer. This package holds:"));
	buf_printf(&b, "- %s: %s\r\n", pdf_name, tr(r, "the practice as a PDF"));
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "- %s: %s (%s, %lld bytes)\r\n", names[i], f[i].title,
		           f[i].content_type, (long long)f[i].size);
	buf_printf(&b, "- metadata.json: %s\r\n\r\n", tr(r, "the same, for programs"));
	readme_line(&b, r, "Organisation", p->text[PX_ORGANISATION_NAME]);
	readme_line(&b, r, "Contact", p->text[PX_CONTACT_NAME]);
	readme_line(&b, r, "E-mail", p->text[PX_CONTACT_EMAIL]);
	readme_line(&b, r, "Phone", p->text[PX_CONTACT_PHONE]);
	readme_line(&b, r, "On the web", selection_practice_url(r, p->slug));
	const char *interest =
	    arena_printf(&r->arena, "%s/interesse", selection_practice_url(r, p->slug));
	buf_printf(&b, "\r\n%s\r\n%s\r\n",
	           tr(r, "Interested in an adoption? Tell the practice here:"), interest);
	char when[64];
	time_format_berlin(when, sizeof when, p->updated_at, r->lang == LANG_DE);
	buf_printf(&b, "\r\n%s %s\r\n", tr(r, "As of:"), when);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *
metadata(struct request *r, const struct practice *p, const char *pdf_name,
         const struct practice_file *f, const char *const *names, size_t n)
{
	json_t *doc = json_object();
	jsonx_set(doc, "slug", jsonx_text(p->slug));
	jsonx_set(doc, "title", jsonx_text(p->text[PX_TITLE]));
	jsonx_set(doc, "url", jsonx_text(selection_practice_url(r, p->slug)));
	jsonx_set(doc, "interest_url",
	          jsonx_text(
	              arena_printf(&r->arena, "%s/interesse", selection_practice_url(r, p->slug))));
	jsonx_set(doc, "updated_at", jsonx_time(p->updated_at));
	jsonx_set(doc, "pdf", jsonx_text(pdf_name));
	json_t *files = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		jsonx_set(o, "name", jsonx_text(names[i]));
		jsonx_set(o, "title", jsonx_text(f[i].title));
		jsonx_set(o, "content_type", jsonx_text(f[i].content_type));
		jsonx_set(o, "size", json_integer(f[i].size));
		jsonx_set(o, "sha256", jsonx_text(f[i].sha256));
		json_array_append_new(files, o);
	}
	jsonx_set(doc, "downloads", files);
	struct buf b = BUF_INIT;
	jsonx_dump(&b, doc);
	json_decref(doc);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

void
page_transfer_package(struct request *r)
{
	struct practice *p = arena_calloc(&r->arena, sizeof *p);
	if (!practice_slug_valid(r->params[0]) ||
	    !practice_find_slug(r->store, &r->arena, r->params[0], true, p)) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	selection_disposition(r, true, arena_printf(&r->arena, "%s-transferpaket.zip", p->slug));
	size_t nall;
	struct practice_file *all = practice_file_list(r->store, &r->arena, p->id, &nall);
	struct practice_file *f = arena_alloc(&r->arena, (nall + 1) * sizeof *f);
	size_t n = 0;
	struct buf stamp = BUF_INIT;
	buf_puts(&stamp, "transferpaket");
	for (size_t i = 0; i < nall; i++)
		if (all[i].kind == PRACTICE_FILE_DOWNLOAD) {
			f[n++] = all[i];
			buf_printf(&stamp, "/%lld", (long long)all[i].id);
		}
	/* A file added or removed moves the practice's updated_at, but two changes may fall in
	 * one second: the files' ids are part of the stamp too. */
	bool fresh = selection_fresh_practice(r, arena_strdup(&r->arena, buf_str(&stamp)), p);
	buf_free(&stamp);
	if (fresh) {
		http_send(r, 200, "application/zip", "", 0);
		return;
	}
	const char **names = arena_alloc(&r->arena, (n + 1) * sizeof *names);
	struct package_entry *e = arena_calloc(&r->arena, (n + 3) * sizeof *e);
	const char *pdf_name = arena_printf(&r->arena, "%s.pdf", p->slug);
	struct buf pdf = BUF_INIT;
	if (catalog_practice_pdf(r, p, &pdf) < 0) {
		buf_free(&pdf);
		http_fail_with(r, N_("The PDF could not be made."));
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		names[i] = entry_name(r, i + 1, f[i].filename);
		char path[1024];
		struct stat st;
		/* The archive reads each file while it is written; one that is missing or of
		 * another size than on record is damaged, and the package is not made. */
		if (!attachment_file_path(path, sizeof path, f[i].sha256) || stat(path, &st) < 0 ||
		    st.st_size != f[i].size) {
			log_error("transferpaket %s: file %lld is missing or damaged", p->slug,
			          (long long)f[i].id);
			buf_free(&pdf);
			http_fail(r);
			return;
		}
		e[k++] = (struct package_entry){.name = names[i],
		                                .file = arena_strdup(&r->arena, path),
		                                .len = (size_t)f[i].size,
		                                .store = compressed_already(f[i].content_type)};
	}
	const char *text = readme(r, p, pdf_name, f, names, n);
	const char *meta = metadata(r, p, pdf_name, f, names, n);
	/* README and metadata first, then the PDF and the downloads in the practice's order. */
	struct package_entry head[] = {
	    {.name = "README.txt", .data = text, .len = strlen(text)},
	    {.name = "metadata.json", .data = meta, .len = strlen(meta)},
	    {.name = pdf_name, .data = pdf.data, .len = pdf.len, .store = true},
	};
	struct package_entry *all_e = arena_calloc(&r->arena, (k + 3) * sizeof *all_e);
	memcpy(all_e, head, sizeof head);
	memcpy(all_e + 3, e, k * sizeof *e);
	uint64_t size = 0;
	int fd = package_zip(all_e, k + 3, p->updated_at, &size);
	buf_free(&pdf);
	if (fd < 0) {
		http_fail(r);
		return;
	}
	http_send_file(r, 200, "application/zip", fd, size);
}
