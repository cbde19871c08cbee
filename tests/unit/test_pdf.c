/* Unit tests for the PDF writer (export/pdf.h): the same bytes for the same input, text
 * that pdftotext gets back (title, sections, Markdown, "Seite 1 von N"), page breaks,
 * links and the outline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/pdf.h"

#define MAR_01_2026_0800 1772352000LL

static struct pdf_doc *
sample(int paragraphs)
{
	struct pdf_doc *d = pdf_new(LANG_DE);
	pdf_set_info(d, "Mentoring für Ärztinnen", "IQ Good Practice", "Gute Praxis",
	             MAR_01_2026_0800, "https://example.org/", "IQ Good Practice – Leuchtturm");
	pdf_title(d, "Mentoring für Ärztinnen");
	pdf_lead(d, "Ein Programm, das zugewanderte Ärztinnen bis zur Approbation begleitet.");
	pdf_meta(d, "Organisation", "IQ Netzwerk Hessen", NULL);
	pdf_meta(d, "Adresse", "https://example.org/praxis/mentoring",
	         "https://example.org/praxis/mentoring");
	pdf_heading(d, "Ausgangslage");
	pdf_markdown(d, "Viele Ärztinnen warten **lange** auf die *Approbation*.\n\n"
	                "- erster Punkt\n- zweiter Punkt mit [Link](https://example.org/info)\n"
	                "  1. verschachtelt\n\n"
	                "> Ein Zitat\n\n"
	                "| Jahr | Anzahl |\n|---|---|\n| 2025 | 42 |\n\n"
	                "```\ncode & <tags>\n```\n\n---\n\n"
	                "Gefährlich: [klick](javascript:alert(1)) und <b>roh</b> &amp; &#x263A;\n");
	pdf_heading(d, "Umsetzung");
	for (int i = 0; i < paragraphs; i++)
		pdf_paragraph(d, "Die Umsetzung erfolgt in drei Phasen: Beratung, Qualifizierung "
		                 "und Begleitung in die Beschäftigung. Jede Phase wird mit den "
		                 "Regelinstitutionen abgestimmt und dokumentiert.");
	pdf_bullet(d, "Transferfähig");
	pdf_link(d, "Zur Webseite", "/praxis/mentoring");
	return d;
}

static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf out = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	return buf_detach(&out);
}

/* The PDF's text as pdftotext reads it; NULL when poppler-utils is missing. */
static char *
pdf_text(const struct buf *pdf, const char *tool)
{
	char check[64];
	snprintf(check, sizeof check, "command -v %s >/dev/null 2>&1", tool);
	if (system(check) != 0)
		return NULL;
	char path[] = "/tmp/test-pdf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	char cmd[128];
	if (strcmp(tool, "pdftotext") == 0)
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", path);
	else
		snprintf(cmd, sizeof cmd, "%s %s", tool, path);
	char *text = run(cmd);
	unlink(path);
	return text;
}

static void
test_same_input_gives_same_bytes(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct pdf_doc *d1 = sample(3), *d2 = sample(3);
	assert_int_equal(pdf_render(d1, &a), 1);
	assert_int_equal(pdf_render(d2, &b), 1);
	/* Rendering the same document twice gives the same bytes too. */
	struct buf c = BUF_INIT;
	assert_int_equal(pdf_render(d1, &c), 1);
	assert_true(a.len > 1000);
	assert_memory_equal(a.data, "%PDF-", 5);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_int_equal(a.len, c.len);
	assert_memory_equal(a.data, c.data, a.len);
	pdf_free(d1);
	pdf_free(d2);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

static void
test_text_comes_back_with_pdftotext(void **state)
{
	struct buf pdf = BUF_INIT;
	struct pdf_doc *d = sample(2);
	assert_int_equal(pdf_render(d, &pdf), 1);
	char *text = pdf_text(&pdf, "pdftotext");
	if (!text)
		skip();
	assert_non_null(strstr(text, "Mentoring für Ärztinnen"));
	assert_non_null(strstr(text, "Ausgangslage"));
	assert_non_null(strstr(text, "Viele Ärztinnen warten lange auf die Approbation."));
	assert_non_null(strstr(text, "zweiter Punkt mit Link"));
	assert_non_null(strstr(text, "verschachtelt"));
	assert_non_null(strstr(text, "Jahr | Anzahl"));
	assert_non_null(strstr(text, "code & <tags>"));
	/* Raw HTML is text, entities are decoded. */
	assert_non_null(strstr(text, "<b>roh</b> & ☺"));
	assert_non_null(strstr(text, "Seite 1 von 1"));
	free(text);
	pdf_free(d);
	buf_free(&pdf);
}

static void
test_long_text_breaks_into_numbered_pages(void **state)
{
	struct buf pdf = BUF_INIT;
	struct pdf_doc *d = sample(40);
	int pages = pdf_render(d, &pdf);
	assert_true(pages >= 3);
	char *text = pdf_text(&pdf, "pdftotext");
	if (!text)
		skip();
	char want[32];
	snprintf(want, sizeof want, "Seite 1 von %d", pages);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof want, "Seite %d von %d", pages, pages);
	assert_non_null(strstr(text, want));
	free(text);
	char *info = pdf_text(&pdf, "pdfinfo");
	const char *line = strstr(info, "\nPages:");
	int counted = 0;
	assert_non_null(line);
	assert_int_equal(sscanf(line, "\nPages: %d", &counted), 1);
	assert_int_equal(counted, pages);
	assert_non_null(strstr(info, "Mentoring für Ärztinnen"));
	assert_non_null(strstr(info, "595.276 x 841.89 pts (A4)"));
	assert_non_null(strstr(info, "Sun Mar  1 08:00:00 2026 UTC"));
	free(info);
	pdf_free(d);
	buf_free(&pdf);
}

static void
test_english_footer(void **state)
{
	struct pdf_doc *d = pdf_new(LANG_EN);
	pdf_set_info(d, "T", NULL, NULL, MAR_01_2026_0800, NULL, NULL);
	pdf_title(d, "Title");
	struct buf pdf = BUF_INIT;
	assert_int_equal(pdf_render(d, &pdf), 1);
	char *text = pdf_text(&pdf, "pdftotext");
	if (!text)
		skip();
	assert_non_null(strstr(text, "Page 1 of 1"));
	free(text);
	pdf_free(d);
	buf_free(&pdf);
}

static void
test_links_and_outline_are_in_the_file(void **state)
{
	struct buf pdf = BUF_INIT;
	struct pdf_doc *d = sample(1);
	assert_int_equal(pdf_render(d, &pdf), 1);
	/* cairo writes link annotations and outline titles uncompressed. */
	assert_non_null(memmem(pdf.data, pdf.len, "/URI (https://example.org/info)", 31));
	assert_non_null(
	    memmem(pdf.data, pdf.len, "/URI (https://example.org/praxis/mentoring)", 43));
	assert_null(memmem(pdf.data, pdf.len, "javascript", 10));
	assert_non_null(memmem(pdf.data, pdf.len, "/Outlines", 9));
	pdf_free(d);
	buf_free(&pdf);
}

/* The band, the structure tags and the language (issue 12): pdfinfo says "Tagged: yes",
 * the catalog names the language; pdf_set_brand("", "") leaves the band out. */
static void
test_band_tags_and_language(void **state)
{
	struct buf pdf = BUF_INIT;
	struct pdf_doc *d = sample(1);
	pdf_address_item(d, "Leitfaden", "(PDF, 12 KB)", "/praxis/mentoring/download/7");
	assert_int_equal(pdf_render(d, &pdf), 1);
	assert_non_null(memmem(pdf.data, pdf.len, "/StructTreeRoot", 15));
	assert_non_null(memmem(pdf.data, pdf.len, "/Lang (de)", 10));
	/* The catalog of the incremental update is the one the last xref names. */
	assert_non_null(memmem(pdf.data, pdf.len, "/Prev ", 6));
	char *info = pdf_text(&pdf, "pdfinfo");
	if (!info)
		skip();
	assert_non_null(strstr(info, "Tagged:          yes"));
	assert_non_null(strstr(info, "Pages:           1"));
	free(info);
	char *text = pdf_text(&pdf, "pdftotext");
	assert_non_null(strstr(text, "Leuchtturm"));
	assert_non_null(strstr(text, "IQ Good Practice"));
	/* An address item: its address written out, made absolute. */
	assert_non_null(strstr(text, "Leitfaden (PDF, 12 KB)"));
	assert_non_null(strstr(text, "https://example.org/praxis/mentoring/download/7"));
	free(text);
	pdf_free(d);
	buf_free(&pdf);

	d = pdf_new(LANG_EN);
	pdf_set_brand(d, "", "");
	pdf_title(d, "Title");
	struct buf bare = BUF_INIT;
	assert_int_equal(pdf_render(d, &bare), 1);
	assert_non_null(memmem(bare.data, bare.len, "/Lang (en)", 10));
	text = pdf_text(&bare, "pdftotext");
	assert_null(strstr(text, "IQ Good Practice"));
	free(text);
	pdf_free(d);
	buf_free(&bare);
}

static void
test_hostile_markdown_still_renders(void **state)
{
	struct buf md = BUF_INIT;
	/* Nesting far deeper than a page is wide, unclosed spans, a line without breaks. */
	for (int i = 0; i < 60; i++)
		buf_printf(&md, "%*s- level %d\n", 2 * i, "", i);
	for (int i = 0; i < 40; i++)
		buf_puts(&md, "> ");
	buf_puts(&md, "deep quote **bold *italic [link](https://example.org/x\n\n");
	for (int i = 0; i < 3000; i++)
		buf_putc(&md, 'x');
	buf_puts(&md, "\n\n&#0; &#x110000; &#xD800; &bogus; \x01\n");
	struct pdf_doc *d = pdf_new(LANG_DE);
	pdf_markdown(d, buf_str(&md));
	pdf_markdown(d, NULL);
	pdf_markdown(d, "");
	struct buf pdf = BUF_INIT;
	assert_true(pdf_render(d, &pdf) >= 1);
	char *text = pdf_text(&pdf, "pdftotext");
	if (text) {
		assert_non_null(strstr(text, "level 59"));
		assert_non_null(strstr(text, "deep quote"));
		free(text);
	}
	pdf_free(d);
	buf_free(&pdf);
	buf_free(&md);
}

static void
test_empty_document_has_one_page(void **state)
{
	struct pdf_doc *d = pdf_new(LANG_DE);
	struct buf pdf = BUF_INIT;
	assert_int_equal(pdf_render(d, &pdf), 1);
	pdf_free(d);
	buf_free(&pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_input_gives_same_bytes),
	    cmocka_unit_test(test_text_comes_back_with_pdftotext),
	    cmocka_unit_test(test_long_text_breaks_into_numbered_pages),
	    cmocka_unit_test(test_band_tags_and_language),
	    cmocka_unit_test(test_english_footer),
	    cmocka_unit_test(test_links_and_outline_are_in_the_file),
	    cmocka_unit_test(test_hostile_markdown_still_renders),
	    cmocka_unit_test(test_empty_document_has_one_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
