#!/usr/bin/env python3
"""The static site (issue 16, point 5): `leuchtturm site export` of the demo data, served
by Debian's nginx as any web server would serve it, and checked from outside:

- every link of the exported pages resolves (Debian's linkchecker, recursively), in the
  copy with relative links and in the one with --base-url links, which are absolute;
- the live site's addresses answer on the copy (/praxis/SLUG, /api/v1/practices …), and
  every address the copy's sitemap names;
- a rerun writes no file; a practice withdrawn on the live site loses its page, PDF, API
  document and transfer package in the next export, and no page links it any more;
- --live-url points the search, the forms and the login there; --lang en writes English;
  a download the office uploaded is in the copy at its live address.

LEUCHTTURM_BIN is the binary (default build/leuchtturm). Exit 77 (skipped) without nginx
or linkchecker. Standard library only."""
import html
import http.client
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LEUCHTTURM_BIN") or os.path.join(ROOT, "build", "leuchtturm")
NGINX = "/usr/sbin/nginx"
ADMIN, PASSWORD = "koordination@iq-demo.example", "Leuchtturm-Demo"
WITHDRAWN = "anerkennungslotsen"
WITH_FILE = "mentoring-fuer-zugewanderte-ingenieurinnen"


def fail(msg):
    print("site: " + msg, file=sys.stderr)
    sys.exit(1)


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        fail("%s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr[-2000:]))
    return p.stdout


def export(data, out, *extra):
    """Runs site export; its counts (files, written, unchanged, removed)."""
    line = run("site", "export", out, "--data", data, *extra)
    m = re.search(r"(\d+) files in .*: (\d+) written, (\d+) unchanged, (\d+) removed", line)
    if not m:
        fail("site export said: " + line)
    return tuple(int(x) for x in m.groups())


def free_ports(n):
    ss = [socket.socket() for _ in range(n)]
    for s in ss:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in ss]
    for s in ss:
        s.close()
    return ports


def get(port, path, cookies=None, form=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    c.request("POST" if form is not None else "GET", path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    if cookies is not None:
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                cookies[name] = rest.split(";", 1)[0]
    c.close()
    return r.status, r.getheader("Content-Type") or "", data


def nginx_conf(tmp, sites):
    """An nginx that serves each (port, folder) as a plain static site, with the one rule
    the README gives: an address without its file's extension finds the file."""
    servers = "".join("""
	server {
		listen 127.0.0.1:%d;
		root %s;
		location / { try_files $uri $uri.html $uri.json $uri/index.html =404; }
	}""" % site for site in sites)
    # Started as root, nginx's workers become nobody: the folders are world-readable
    # (0755), as a web server's document root is.
    conf = """daemon on;
pid %(t)s/nginx.pid;
error_log %(t)s/nginx-error.log;
worker_processes 1;
events { worker_connections 128; }
http {
	include /etc/nginx/mime.types;
	types { application/atom+xml atom; application/rss+xml rss; text/turtle ttl; }
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path %(t)s/body;
	proxy_temp_path %(t)s/proxy;
	fastcgi_temp_path %(t)s/fastcgi;
	uwsgi_temp_path %(t)s/uwsgi;
	scgi_temp_path %(t)s/scgi;%(s)s
}
""" % {"t": tmp, "s": servers}
    path = os.path.join(tmp, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path


class Office:
    """The live server on data, with the office logged in (a context manager)."""

    def __init__(self, data):
        self.data, self.cookies = data, {}

    def __enter__(self):
        self.log = open(os.path.join(os.path.dirname(self.data), "serve.log"), "w+")
        self.proc = subprocess.Popen([BIN, "serve", "--data", self.data, "--listen",
                                      "127.0.0.1:0", "--pwhash-cost", "min", "--quiet",
                                      "--no-sandbox"], stderr=self.log)
        self.port = None
        for _ in range(600):
            self.log.seek(0)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.log.read())
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not self.port:
            fail("the live server did not start")
        st, _, _ = self.post("/anmelden", "/anmelden", {"email": ADMIN, "password": PASSWORD})
        if st != 303:
            fail("login answered %d" % st)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)

    def csrf(self, page_path):
        _, _, page = get(self.port, page_path, self.cookies)
        return html.unescape(re.search(rb'name="_csrf" value="([^"]*)"', page).group(1).decode())

    def post(self, page_path, path, form):
        return get(self.port, path, self.cookies, dict(form, _csrf=self.csrf(page_path)))

    def upload(self, page_path, path, fields, name, filename, data, ctype):
        boundary = "lt-site-7301"
        parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                  % (boundary, k, v)).encode()
                 for k, v in dict({"_csrf": self.csrf(page_path)}, **fields).items()]
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                      "Content-Type: %s\r\n\r\n" % (boundary, name, filename, ctype)).encode()
                     + data + b"\r\n--%s--\r\n" % boundary.encode())
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request("POST", path, body=b"".join(parts), headers={
            "Content-Type": "multipart/form-data; boundary=" + boundary,
            "Cookie": "; ".join("%s=%s" % kv for kv in self.cookies.items())})
        r = c.getresponse()
        r.read()
        c.close()
        return r.status


def practice_id(data, slug):
    db = sqlite3.connect(os.path.join(data, "leuchtturm.db"))
    pid = db.execute("SELECT id FROM practice WHERE slug = ?", (slug,)).fetchone()[0]
    db.close()
    return pid


def add_download(data, slug, pdf):
    """Uploads pdf as a download of the practice, as the office does; its file id."""
    pid = practice_id(data, slug)
    with Office(data) as office:
        st = office.upload("/admin/praxis/%d" % pid, "/admin/praxis/%d/downloads" % pid,
                           {"download_title": "Leitfaden"}, "download", "leitfaden.pdf", pdf,
                           "application/pdf")
        if st != 303:
            fail("uploading a download answered %d" % st)
    db = sqlite3.connect(os.path.join(data, "leuchtturm.db"))
    fid = db.execute("SELECT max(id) FROM practice_file WHERE practice_id = ?", (pid,)).fetchone()[0]
    db.close()
    return fid


def withdraw(data, slug):
    """Withdraws the practice through the live site, as the office does."""
    pid = practice_id(data, slug)
    with Office(data) as office:
        st, _, _ = office.post("/admin/praxis/%d" % pid, "/admin/praxis/%d/zurueckziehen" % pid, {})
        if st != 303:
            fail("withdrawing answered %d" % st)


def linkcheck(url):
    """Every link reachable from url resolves (external ones are not followed)."""
    p = subprocess.run(["linkchecker", "--no-status", "--no-warnings", "--ignore-url=^mailto:",
                        url], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        fail("linkchecker found broken links from %s:\n%s" % (url, p.stdout[-4000:]))
    m = re.search(r"(\d+) links? in (\d+) URLs? checked", p.stdout)
    print("site: linkchecker: %s from %s, none broken" % (m.group(0) if m else "links", url))
    return int(m.group(2)) if m else 0


def check_contract(port, slug):
    """The live site's addresses answer on the copy, with their types."""
    wanted = {"/": "text/html", "/praxis": "text/html", "/praxis/" + slug: "text/html",
              "/praxis/%s.pdf" % slug: "application/pdf",
              "/praxis/%s/transferpaket.zip" % slug: "application/zip",
              "/api/v1/practices": "application/json",
              "/api/v1/practices/" + slug: "application/json",
              "/feed.atom": "application/atom+xml", "/feed.rss": "application/rss+xml",
              "/sitemap.xml": "xml", "/sammlungen": "text/html", "/transfer": "text/html"}
    for path, ctype in wanted.items():
        st, got, _ = get(port, path)
        if st != 200 or ctype not in got:
            fail("the copy answers %s with %d %s, not %s" % (path, st, got, ctype))


def main():
    for tool in (NGINX, shutil.which("linkchecker")):
        if not tool or not os.path.exists(tool):
            print("site: nginx or linkchecker missing; skipping", file=sys.stderr)
            sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="leuchtturm-site-")
    os.chmod(tmp, 0o755)
    nginx_pid = os.path.join(tmp, "nginx.pid")
    try:
        data, rel, absolute = (os.path.join(tmp, d) for d in ("data", "rel", "abs"))
        run("init", "--data", data, "--pwhash-cost", "min")
        run("demo", "--data", data, "--pwhash-cost", "min")
        p_rel, p_abs = free_ports(2)
        base = "http://127.0.0.1:%d" % p_abs
        pdf = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< "
               b"/Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
        fid = add_download(data, WITH_FILE, pdf)

        n, written, unchanged, removed = export(data, rel)
        if n < 100 or written != n:
            fail("the first export wrote %d of %d files" % (written, n))
        again = export(data, rel)
        if again[1] != 0 or again[2] != n:
            fail("the rerun wrote %d files (%d unchanged of %d)" % (again[1], again[2], n))
        print("site: %d files, a rerun wrote 0" % n)
        download = "praxis/%s/download/%d" % (WITH_FILE, fid)
        if open(os.path.join(rel, download), "rb").read() != pdf:
            fail("the practice's download is not in the copy as uploaded")
        if 'href="%s/download/%d" type="application/pdf" download="leitfaden.pdf"' % (WITH_FILE, fid) not in open(
                os.path.join(rel, "praxis", WITH_FILE + ".html"), encoding="utf-8").read():
            fail("the practice's page does not link its download in the copy")
        pages = [os.path.join(d, f) for d, _, fs in os.walk(rel) for f in fs if f.endswith(".html")]
        for page in pages:
            text = open(page, encoding="utf-8").read()
            for bad in ('href="/', 'src="/', 'action="/', "/anmelden", "/merkliste", "/interesse",
                        "/sprache/", 'method="post"'):
                if bad in text:
                    fail("%s still has %s" % (os.path.relpath(page, rel), bad))

        export(data, absolute, "--base-url", base + "/")
        catalog = open(os.path.join(absolute, "praxis.html"), encoding="utf-8").read()
        if 'href="%s/praxis/%s"' % (base, WITHDRAWN) not in catalog or 'href="praxis/' in catalog:
            fail("with --base-url the catalog's links are not absolute at the live addresses")

        live_dir = os.path.join(tmp, "live")
        export(data, live_dir, "--live-url", "https://gp.example.org/")
        catalog = open(os.path.join(live_dir, "praxis.html"), encoding="utf-8").read()
        page = open(os.path.join(live_dir, "praxis", WITHDRAWN + ".html"), encoding="utf-8").read()
        if ('action="https://gp.example.org/praxis"' not in catalog
                or 'href="https://gp.example.org/praxis/%s/interesse"' % WITHDRAWN not in page
                or 'href="https://gp.example.org/anmelden"' not in page
                or os.path.exists(os.path.join(live_dir, "search-index.json"))):
            fail("with --live-url the search, the forms and the login do not point to it")
        if "Interesse an einer Übernahme?" not in page or "Interesse an einer Übernahme?" in open(
                os.path.join(rel, "praxis", WITHDRAWN + ".html"), encoding="utf-8").read():
            fail("the invitation to the interest form is not there with --live-url only")

        en = os.path.join(tmp, "en")
        export(data, en, "--lang", "en")
        catalog = open(os.path.join(en, "praxis.html"), encoding="utf-8").read()
        if '<html lang="en">' not in catalog or "<h1>Good practices</h1>" not in catalog:
            fail("--lang en did not write the English pages")

        conf = nginx_conf(tmp, [(p_rel, rel), (p_abs, absolute)])
        p = subprocess.run([NGINX, "-p", tmp, "-c", conf], capture_output=True, text=True)
        if p.returncode != 0:
            fail("nginx did not start: " + p.stderr)
        for _ in range(600):
            if os.path.exists(nginx_pid) and os.path.getsize(nginx_pid):
                break
            time.sleep(0.1)
        check_contract(p_abs, WITHDRAWN)
        _, _, sitemap = get(p_abs, "/sitemap.xml")
        locs = re.findall(r"<loc>%s(/[^<]*)</loc>" % re.escape(base), sitemap.decode())
        for path in locs:
            st, _, _ = get(p_abs, path)
            if st != 200:
                fail("the sitemap names %s, which the copy answers with %d" % (path, st))
        if len(locs) < 30:
            fail("the sitemap names %d addresses of the copy" % len(locs))
        linkcheck(base + "/")

        withdraw(data, WITHDRAWN)
        n2, written2, _, removed2 = export(data, rel)
        gone = ["praxis/%s.html" % WITHDRAWN, "praxis/%s.pdf" % WITHDRAWN,
                "praxis/%s/transferpaket.zip" % WITHDRAWN, "api/v1/practices/%s.json" % WITHDRAWN]
        for f in gone:
            if os.path.exists(os.path.join(rel, f)):
                fail("the withdrawn practice's %s is still there" % f)
        if removed2 < len(gone) or n2 != n - removed2:
            fail("after the withdrawal: %d files, %d removed (before %d)" % (n2, removed2, n))
        manifest = open(os.path.join(rel, ".leuchtturm-site")).read()
        if WITHDRAWN + "." in manifest:
            fail("the manifest still names the withdrawn practice")
        print("site: the withdrawn practice's %d files removed, %d pages rewritten"
              % (removed2, written2))
        st, _, _ = get(p_abs, "/praxis/%s/download/%d" % (WITH_FILE, fid))
        if st != 200:
            fail("the copy answers the download's live address with %d" % st)
        st, _, _ = get(p_rel, "/praxis/" + WITHDRAWN)
        if st != 404:
            fail("the copy still answers the withdrawn practice with %d" % st)
        linkcheck("http://127.0.0.1:%d/index.html" % p_rel)
    finally:
        if os.path.exists(nginx_pid) and os.path.getsize(nginx_pid):
            try:
                os.kill(int(open(nginx_pid).read()), 15)
            except (OSError, ValueError):
                pass
        shutil.rmtree(tmp, ignore_errors=True)
    print("site: ok")


main()
