/* A good practice's image and downloads on the pages: the office's panel on the edit page
 * (upload and remove forms), the image and the download list of the practice's page, and
 * the files themselves (to everyone while the practice is published; to the office always). */
#ifndef PAGES_PRACTICE_FILES_H
#define PAGES_PRACTICE_FILES_H

#include "domain/practice.h"
#include "html/html.h"
#include "http/form.h"
#include "http/request.h"

/* The upload forms' keys: the file field (its part comes as an upload, never as text; the
 * row gives its refusal a place on the page) and the text that goes with it. */
extern const struct form_key practice_image_keys[2];    /* image, image_alt */
extern const struct form_key practice_download_keys[2]; /* download, download_title */

/* GET /praxis/:slug/bild/:fid — a published practice's current image, cacheable. */
void page_practice_image(struct request *r);
/* GET /praxis/:slug/download/:fid — a published practice's current download, as a file. */
void page_practice_download(struct request *r);
/* GET /admin/praxis/:id/dateien/:fid — any file of any practice, for the office (the
 * preview of an unpublished practice shows its image from here). */
void page_admin_practice_file(struct request *r);
/* POST /admin/praxis/:id/bild — multipart: the image (replacing the current one). */
void page_admin_practice_image_upload(struct request *r);
/* POST /admin/praxis/:id/downloads — multipart: one more download. */
void page_admin_practice_download_upload(struct request *r);
/* POST /admin/praxis/:id/dateien/:fid/entfernen */
void page_admin_practice_file_remove(struct request *r);

/* The edit page's section "Image and downloads" (id "dateien"): the current files with
 * remove buttons and the two upload forms. Writes forms of its own: call it outside any. */
void practice_files_panel(struct request *r, struct html *h, const struct practice *p);
/* For the practice's page: the image (nothing when there is none), and the section
 * "Downloads" (nothing when there are none). A published practice's files are linked at
 * their public addresses, another's (in the office's preview) at the office's. */
void practice_files_image(struct request *r, struct html *h, const struct practice *p);
void practice_files_downloads(struct request *r, struct html *h, const struct practice *p);

/* admin_practices.c: the practice's edit page, shown again (with the status the handler
 * set) after a refused upload, with the errors at their fields. */
void page_admin_practice_show(struct request *r, const struct practice *p);

#endif
