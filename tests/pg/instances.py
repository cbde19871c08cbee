#!/usr/bin/env python3
"""Two instances, one truth (issue 16, points 3 and the two-instance test): two servers on
one PostgreSQL database behind Debian's nginx (the shipped site, round-robin), both with
their scheduler and mail worker running. Checked, as a visitor, a board member and the
operator see it:

- a download uploaded through A is served by B, whose data folder never had it (the
  database's blob store, fetched into B's folder);
- a practice withdrawn through instance A is gone from instance B's next answer (its
  page, the catalog, and B's search, whose index in memory follows by an update), and a
  rating submitted through A is in B's next ranking, though B had both in its cache (the
  caches follow the database's generation counters);
- every review reminder, transfer follow-up, yearly check and queued e-mail is sent (or
  opened) exactly once: the .eml files of both instances' outboxes (each its own data
  directory) are disjoint and together one per sent outbox row, one audit event each;
- a board member logs in and saves ratings through nginx, reaching both instances; one
  instance is killed with SIGKILL in the middle; every save that was acknowledged (303) is
  in the database, the session holds on the other instance, and the reminders that come
  due after the kill are sent once, by the survivor;
- `leuchtturm audit verify` passes after the concurrent writes (four board members saving
  ratings through both instances at once, both schedulers and mail workers).

Run under tests/pg/run.sh (PGHOST and PGUSER reach a throw-away cluster); LEUCHTTURM_BIN
is the binary. Exit 77 (skipped) without nginx or openssl. Standard library only."""
import glob
import html
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BIN = os.environ.get("LEUCHTTURM_BIN") or sys.exit("LEUCHTTURM_BIN is the binary")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NGINX = "/usr/sbin/nginx"
PASSWORD = "Leuchtturm-Demo"
ADMIN = "koordination@iq-demo.example"
BOARD = "gremium@iq-demo.example"
DAY = 86400

if not os.access(NGINX, os.X_OK) or not shutil.which("openssl"):
    print("instances: nginx or openssl missing; skipping", file=sys.stderr)
    sys.exit(77)

tmp = tempfile.mkdtemp(prefix="lt-instances.")
db = "lt_instances_%d" % os.getpid()
url = "postgresql:///" + db
procs = {}
failures = []


def fail(msg):
    print("instances: FAIL: " + msg, file=sys.stderr)
    failures.append(msg)


def psql(sql, database=None):
    out = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", "-d", database or db,
                          "-c", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def one(sql):
    return int(psql(sql) or 0)


def wait_for(what, cond, seconds=60):
    """Polls cond until it is true (the condition, not a time, is what the test waits for);
    gives up after seconds with a failure."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.1)
    fail("timed out waiting for " + what)
    return False


def free_ports(n):
    ss = [socket.socket() for _ in range(n)]
    for s in ss:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in ss]
    for s in ss:
        s.close()
    return ports


def env():
    e = dict(os.environ)
    e["LEUCHTTURM_DATABASE_URL"] = url
    # The scheduler every second, so the reminders come due while the test waits.
    e["LEUCHTTURM_SCHEDULE_SECONDS"] = "1"
    return e


def cli(*args):
    r = subprocess.run([BIN, *args, "--pwhash-cost", "min"], env=env(), capture_output=True,
                       text=True)
    return r.returncode, r.stdout + r.stderr


def start(name, port):
    data = os.path.join(tmp, name)
    os.makedirs(data, exist_ok=True)
    log = open(os.path.join(tmp, name + ".log"), "w")
    p = subprocess.Popen([BIN, "serve", "--data", data, "--listen", "127.0.0.1:%d" % port,
                          "--pwhash-cost", "min", "--trusted-proxy", "127.0.0.1"],
                         env=env(), stdout=log, stderr=subprocess.STDOUT)
    procs[name] = p
    mark = "listening on http://127.0.0.1:%d/" % port
    wait_for(name + " to listen", lambda: mark in open(log.name).read() or p.poll() is not None)
    if p.poll() is not None:
        sys.exit("instances: %s exited: %s" % (name, open(log.name).read()))


class Client:
    """One browser: its cookies, the last page's CSRF token; talks to one address (an
    instance or nginx) without following redirects."""

    def __init__(self, port, tls=False):
        self.port, self.tls, self.cookies, self.csrf = port, tls, {}, ""

    def request(self, method, path, form=None):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            c = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=ctx)
        else:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "goodpractice.example.org"}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        body = None
        if form is not None:
            form = dict(form, _csrf=self.csrf)
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            text = r.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            return 0, ""
        finally:
            c.close()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "max-age=0" in v.lower() or not value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        m = re.search(r'name="_csrf" value="([^"]*)"', text)
        if m:
            self.csrf = html.unescape(m.group(1))
        return r.status, text

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def upload(self, path, fields, name, filename, data, ctype):
        """A multipart POST of fields and one file; the status."""
        boundary = "lt-boundary-7301"
        parts = []
        for k, v in dict(fields, _csrf=self.csrf).items():
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          % (boundary, k, v)).encode())
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                      "Content-Type: %s\r\n\r\n" % (boundary, name, filename, ctype)).encode()
                     + data + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "goodpractice.example.org",
                   "Content-Type": "multipart/form-data; boundary=" + boundary,
                   "Cookie": "; ".join("%s=%s" % kv for kv in self.cookies.items())}
        try:
            c.request("POST", path, body=b"".join(parts), headers=headers)
            r = c.getresponse()
            r.read()
            return r.status
        finally:
            c.close()

    def get_bytes(self, path):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request("GET", path, headers={"Host": "goodpractice.example.org"})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def login(self, email):
        st, _ = self.get("/anmelden")
        st2, _ = self.post("/anmelden", {"email": email, "password": PASSWORD})
        if st != 200 or st2 != 303:
            sys.exit("instances: login of %s: %d, %d" % (email, st, st2))


def cache_counts(port, kind):
    """The instance's response-cache hits and misses of kind ("page", "fragment") so far
    (/metrics, readable from loopback)."""
    st, text = Client(port).get("/metrics")
    counts = []
    for what in ("hits", "misses"):
        m = re.search(r'^leuchtturm_cache_%s_total\{cache="%s"\} (\d+)' % (what, kind), text,
                      re.M)
        counts.append(int(m.group(1)) if st == 200 and m else -1)
    return counts


def page_hits(port):
    return cache_counts(port, "page")[0]


def outbox_files():
    """The .eml files of both instances: {instance: set of outbox ids}."""
    return {name: {int(os.path.basename(f)[:-4])
                   for f in glob.glob(os.path.join(tmp, name, "outbox", "*.eml"))}
            for name in ("a", "b")}


def mail_settled():
    return one("SELECT count(*) FROM outbox WHERE state = 'queued'") == 0


def check_mail_once(when):
    files = outbox_files()
    both = files["a"] & files["b"]
    if both:
        fail("%s: mails written by both instances: %s" % (when, sorted(both)))
    sent = {int(x) for x in psql("SELECT id FROM outbox WHERE state = 'sent'").split()}
    if files["a"] | files["b"] != sent:
        fail("%s: the .eml files are not the sent outbox rows (%d files, %d sent)" %
             (when, len(files["a"] | files["b"]), len(sent)))
    audited = one("SELECT count(*) FROM audit_event WHERE action = 'mail.sent'")
    if audited != len(sent):
        fail("%s: %d mail.sent events for %d sent mails" % (when, audited, len(sent)))
    return files


def reminders_once(when, expect):
    """Every member with missing ratings of the call got one reminder for the mark, one
    mail for it, and no more."""
    rows = one("SELECT count(*) FROM review_reminder WHERE call_id = %d AND days_before = %d "
               "AND sent = 1" % (call, expect))
    mails = one("SELECT count(*) FROM outbox WHERE subject IN ('Erinnerung: Es fehlen noch "
                "Bewertungen vor Fristende', 'Reminder: ratings missing before the review "
                "deadline')")
    events = one("SELECT count(*) FROM audit_event WHERE action = 'review.remind'")
    if rows < 1:
        fail("%s: no reminder for the %d-day mark" % (when, expect))
    return rows, mails, events


def nginx_start(port_https, a, b):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", tmp + "/key.pem", "-out",
                    tmp + "/cert.pem"], check=True, capture_output=True)
    site = open(os.path.join(ROOT, "deploy", "nginx-leuchtturm.conf")).read()
    site = site.replace("127.0.0.1:8081", "127.0.0.1:%d" % a)
    site = site.replace("127.0.0.1:8082", "127.0.0.1:%d" % b)
    site = site.replace("listen 80;", "listen 127.0.0.1:%d;" % free_ports(1)[0])
    site = site.replace("listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % port_https)
    site = re.sub(r"\n\s*listen \[::\][^\n]*", "", site)
    site = site.replace("/etc/ssl/certs/leuchtturm.pem", tmp + "/cert.pem")
    site = site.replace("/etc/ssl/private/leuchtturm.key", tmp + "/key.pem")
    open(tmp + "/site.conf", "w").write(site)
    open(tmp + "/nginx.conf", "w").write("""daemon on;
pid %(t)s/nginx.pid;
error_log %(t)s/nginx-error.log;
worker_processes 1;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path %(t)s/body;
	proxy_temp_path %(t)s/proxy;
	fastcgi_temp_path %(t)s/fastcgi;
	uwsgi_temp_path %(t)s/uwsgi;
	scgi_temp_path %(t)s/scgi;
	include %(t)s/site.conf;
}
""" % {"t": tmp})
    subprocess.run([NGINX, "-p", tmp, "-c", tmp + "/nginx.conf"], check=True)
    wait_for("nginx's pid", lambda: os.path.exists(tmp + "/nginx.pid") and
             os.path.getsize(tmp + "/nginx.pid") > 0)


def cleanup():
    if os.path.exists(tmp + "/nginx.pid"):
        try:
            os.kill(int(open(tmp + "/nginx.pid").read()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
    for p in procs.values():
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    if failures or os.environ.get("LEUCHTTURM_KEEP"):
        for name in ("a", "b"):
            path = os.path.join(tmp, name + ".log")
            if os.path.exists(path) and failures:
                print("---- %s.log (last lines)" % name, file=sys.stderr)
                print("".join(open(path).readlines()[-30:]), file=sys.stderr)
    if not os.environ.get("LEUCHTTURM_KEEP"):
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["psql", "-qd", "postgres", "-c",
                        "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db], capture_output=True)


try:
    psql("CREATE DATABASE " + db, "postgres")
    for args in (["init", "--data", tmp + "/seed"], ["demo", "--data", tmp + "/seed"]):
        rc, out = cli(*args)
        if rc != 0:
            sys.exit("instances: %s failed: %s" % (args[0], out))
    # The call in review: its deadline two days ahead, so the 7-day reminder is due; and a
    # batch of mail queued at once, for both workers to race for.
    call = one("SELECT id FROM call WHERE phase = 'review' ORDER BY id LIMIT 1")
    psql("UPDATE call SET review_until = CAST(extract(epoch FROM now()) AS bigint) + 2 * %d "
         "WHERE id = %d" % (DAY, call))
    # The transfer follow-ups and the yearly checks due too: every confirmed report an
    # interest of seven months ago, every published practice's yearly check due.
    psql("UPDATE transfer_report SET stage = 'interest', interest_at = CAST(extract(epoch "
         "FROM now()) AS bigint) - 210 * %d WHERE state = 'confirmed'" % DAY)
    psql("UPDATE setting SET value = '1' WHERE key = 'yearly_check_days'")
    psql("UPDATE setting SET value = '0' WHERE key = 'yearly_check_since'")
    checks_before = one("SELECT count(*) FROM yearly_check")
    psql("INSERT INTO outbox(to_addr, subject, body, next_attempt_at, created_at) "
         "SELECT 'person' || n || '@example.org', 'Nachricht ' || n, 'Text ' || n, 0, 0 "
         "FROM generate_series(1, 60) AS n")

    a, b, https = free_ports(3)
    start("a", a)
    start("b", b)
    nginx_start(https, a, b)

    # ---- the caches: changed through A, read through B at once
    anon_b = Client(b)
    slug, pid = psql("SELECT slug || ' ' || id FROM practice WHERE status = 'published' "
                     "ORDER BY id LIMIT 1").split()
    for _ in range(2):  # the second answer comes from B's cache
        st, page = anon_b.get("/praxis/" + slug)
        if st != 200:
            fail("B: /praxis/%s answered %d" % (slug, st))
    if page_hits(b) < 1:
        fail("B did not answer the practice from its cache: the test would prove nothing")
    # B's search finds it by its title (B's search index in memory is made now).
    title = psql("SELECT title FROM practice WHERE id = %s" % pid)

    def b_finds(words):
        st, page = anon_b.get("/praxis?q=" + urllib.parse.quote_plus(words))
        if st != 200:
            fail("B: searching %r answered %d" % (words, st))
        return "/praxis/" + slug + '"' in page

    if not b_finds(title):
        fail("B's search does not find the practice by its title")
    office_a = Client(a)
    office_a.login(ADMIN)
    office_a.get("/admin/praxis/" + pid)
    st, _ = office_a.post("/admin/praxis/%s/zurueckziehen" % pid, {})
    if st != 303:
        fail("A: withdrawing the practice answered %d" % st)
    st, _ = anon_b.get("/praxis/" + slug)
    if st == 200:
        fail("B served the practice A had just withdrawn (its cache is stale)")
    st, listing = anon_b.get("/praxis")
    if "/praxis/" + slug + '"' in listing:
        fail("B's catalog still lists the practice A had withdrawn")
    # B's search index follows by an update (the practice A changed, read again from the
    # database's record of changes), not a whole build.
    if b_finds(title + " " + title):
        fail("B's search still finds the practice A had withdrawn")
    st, metrics = anon_b.get("/metrics")
    m = re.search(r'^leuchtturm_search_index\{what="update_ms"\} ([0-9.e+-]+)$', metrics, re.M)
    if st != 200 or not m or float(m.group(1)) <= 0:
        fail("B's search index was not updated by the change (metrics: %s)" %
             (m.group(0) if m else "none"))
    office_a.get("/admin/praxis/" + pid)
    st, _ = office_a.post("/admin/praxis/%s/veroeffentlichen" % pid, {})
    if st != 303:
        fail("A: publishing the practice again answered %d" % st)
    st, _ = anon_b.get("/praxis/" + slug)
    if st != 200:
        fail("B: the practice A published again answered %d" % st)
    if not b_finds(title.lower()):
        fail("B's search does not find the practice A published again")

    # A file uploaded through A (into A's data folder and the database) is served by B,
    # whose own folder never had it.
    pdf = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< "
           b"/Type /Pages /Kids [] /Count 0 >>\nendobj\n" + b"%" + b"x" * 1300000 +
           b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")  # three chunks in the database
    office_a.get("/admin/praxis/" + pid)
    st = office_a.upload("/admin/praxis/%s/downloads" % pid, {"download_title": "Leitfaden"},
                         "download", "leitfaden.pdf", pdf, "application/pdf")
    if st != 303:
        fail("A: uploading a download answered %d" % st)
    fid = one("SELECT max(id) FROM practice_file WHERE practice_id = %s" % pid)
    st, got = anon_b.get_bytes("/praxis/%s/download/%d" % (slug, fid))
    if st != 200 or got != pdf:
        fail("B: the download uploaded through A answered %d with %d bytes" % (st, len(got)))
    if one("SELECT max(chunks) FROM blob") < 3:
        fail("the large file is not kept in chunks")
    if not glob.glob(os.path.join(tmp, "b", "files", "*", "*")):
        fail("B did not keep the fetched file in its own folder")
    print("instances: a file uploaded through A is served by B (from the database)")

    # The board's ranking (a kept fragment): a rating submitted through A is in B's next
    # ranking, which B had kept before.
    ranking = "/admin/ausschreibungen/%d/ranking" % call
    office_b = Client(b)
    office_b.login(ADMIN)
    office_b.get(ranking)
    hits, misses = cache_counts(b, "fragment")
    st, before = office_b.get(ranking)
    if st != 200 or cache_counts(b, "fragment")[0] != hits + 1:
        fail("B did not answer the ranking from its cache (%d)" % st)
    leaves = one("SELECT count(*) FROM criterion c WHERE c.call_id = %d AND NOT EXISTS "
                 "(SELECT 1 FROM criterion k WHERE k.call_id = c.call_id AND k.parent_key = "
                 "c.key)" % call)
    target = one("SELECT min(p.id) FROM proposal p WHERE p.call_id = %d AND p.state = "
                 "'in_review' AND NOT EXISTS (SELECT 1 FROM review r JOIN user_account u ON "
                 "u.id = r.user_id WHERE r.proposal_id = p.id AND u.email = '%s')" % (call, BOARD))
    board_a = Client(a)
    board_a.login(BOARD)
    board_a.get("/gremium/vorschlag/%d" % target)
    form = {"action": "submit", "recommendation": "select", "comment": "Über A"}
    for i in range(leaves):
        form["score_%d" % i] = "3"
        form["just_%d" % i] = "Begründet über Instanz A."
    st, _ = board_a.post("/gremium/vorschlag/%d" % target, form)
    if st != 303:
        fail("A: submitting a rating answered %d" % st)
    st, after = office_b.get(ranking)
    if st != 200 or cache_counts(b, "fragment")[1] != misses + 1:
        fail("B answered the ranking from its cache after A's rating (%d)" % st)
    if after == before:
        fail("B's ranking did not change with the rating submitted through A")
    print("instances: a change through A is what B answers at once (a practice, the ranking)")

    # ---- the scheduler and the mail worker on both: each reminder and mail once
    wait_for("the 7-day reminders", lambda: one(
        "SELECT count(*) FROM review_reminder WHERE call_id = %d AND days_before = 7" % call) > 0)
    wait_for("the follow-ups", lambda: one(
        "SELECT count(*) FROM transfer_report WHERE state = 'confirmed' AND followup_sent_at "
        "IS NULL") == 0)
    wait_for("the yearly checks", lambda: one(
        "SELECT count(*) FROM yearly_check") - checks_before >= one(
        "SELECT count(*) FROM practice WHERE status = 'published'"))
    wait_for("the queued mail to go out", mail_settled)
    files = check_mail_once("before the kill")
    rows7, mails7, events7 = reminders_once("before the kill", 7)
    if mails7 != rows7 or events7 != rows7:
        fail("7-day reminders: %d claimed, %d mails, %d events" % (rows7, mails7, events7))
    if not files["a"] or not files["b"]:
        print("instances: note: one instance sent all mail (%d, %d)" %
              (len(files["a"]), len(files["b"])), file=sys.stderr)
    reports = one("SELECT count(*) FROM transfer_report WHERE state = 'confirmed'")
    asked = one("SELECT count(*) FROM transfer_report WHERE followup_sent_at IS NOT NULL")
    asked_events = one("SELECT count(*) FROM audit_event WHERE action = 'transfer.followup'")
    asked_mails = one("SELECT count(*) FROM outbox WHERE subject IN ('Haben Sie die Good "
                      "Practice übernommen?', 'Did you adopt the good practice?')")
    if not (reports == asked == asked_events == asked_mails):
        fail("follow-ups: %d due, %d claimed, %d events, %d mails" %
             (reports, asked, asked_events, asked_mails))
    published = one("SELECT count(*) FROM practice WHERE status = 'published'")
    opened = one("SELECT count(*) FROM yearly_check") - checks_before
    open_events = one("SELECT count(*) FROM audit_event WHERE action = 'yearly_check.open'")
    if opened != published or open_events != checks_before + opened:
        fail("yearly checks: %d practices due, %d opened, %d open events (%d before)" %
             (published, opened, open_events, checks_before))
    print("instances: %d transfer follow-ups and %d yearly checks opened once" %
          (asked, opened))
    print("instances: %d reminders and %d mails sent once, by both instances (%d + %d)" %
          (rows7, len(files["a"] | files["b"]), len(files["a"]), len(files["b"])))

    # ---- concurrent writes through both instances at once: four board members, each in a
    # thread of its own, save drafts alternately through A and B
    members = psql("SELECT u.email FROM user_account u JOIN user_role r ON r.user_id = u.id "
                   "WHERE r.role = 'board' AND u.active = 1 ORDER BY u.email").split()
    saves_before = one("SELECT count(*) FROM audit_event WHERE action = 'review.save'")
    answers = []

    def rate_through_both(email):
        todo = [int(x) for x in psql(
            "SELECT p.id FROM proposal p WHERE p.call_id = %d AND p.state = 'in_review' AND "
            "NOT EXISTS (SELECT 1 FROM review r JOIN user_account u ON u.id = r.user_id WHERE "
            "r.proposal_id = p.id AND u.email = '%s' AND r.state = 'submitted') AND NOT EXISTS "
            "(SELECT 1 FROM conflict c JOIN user_account u ON u.id = c.user_id WHERE "
            "c.proposal_id = p.id AND u.email = '%s') ORDER BY p.id" % (call, email, email)
        ).split()]
        clients = [Client(a), Client(b)]
        for c in clients:
            c.login(email)
        # Those the member may rate (automatic conflicts are computed, not rows).
        todo = [p for p in todo if 'value="save"' in clients[0].get("/gremium/vorschlag/%d" % p)[1]]
        for i in range(10 if todo else 0):
            c = clients[i % 2]
            p = todo[i % len(todo)]
            c.get("/gremium/vorschlag/%d" % p)
            st, _ = c.post("/gremium/vorschlag/%d" % p,
                           {"action": "save", "comment": "%s %d" % (email, i)})
            answers.append((email, p, st))

    threads = [threading.Thread(target=rate_through_both, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [x for x in answers if x[2] != 303]
    if refused or not answers:
        fail("concurrent saves refused: %s" % refused[:5])
    saves = one("SELECT count(*) FROM audit_event WHERE action = 'review.save'") - saves_before
    if saves != len(answers):
        fail("%d concurrent saves answered, %d audited" % (len(answers), saves))
    print("instances: %d ratings saved at once by %d members through both instances" %
          (len(answers), len(members)))

    # ---- a board member rates through nginx; A is killed in the middle
    board = Client(https, tls=True)
    board.login(BOARD)
    proposals = [int(x) for x in psql(
        "SELECT p.id FROM proposal p WHERE p.call_id = %d AND p.state = 'in_review' AND NOT "
        "EXISTS (SELECT 1 FROM review r JOIN user_account u ON u.id = r.user_id WHERE "
        "r.proposal_id = p.id AND u.email = '%s' AND r.state = 'submitted') ORDER BY p.id"
        % (call, BOARD)).split()]
    if not proposals:
        sys.exit("instances: the demo's board member has nothing left to rate")
    acked, tried = {}, {}
    for i in range(40):
        if i == 20:
            procs["a"].send_signal(signal.SIGKILL)
            procs["a"].wait()
        p = proposals[i % len(proposals)]
        st, _ = board.get("/gremium/vorschlag/%d" % p)
        if st != 200:
            fail("GET the proposal %d answered %d (round %d)" % (p, st, i))
            continue
        note = "Runde %d" % i
        tried.setdefault(p, []).append(note)
        st, _ = board.post("/gremium/vorschlag/%d" % p, {"action": "save", "comment": note})
        if st == 303:
            acked.setdefault(p, []).append(note)
        elif i < 20:
            fail("saving the rating of %d answered %d before the kill" % (p, st))
    for p, notes in acked.items():
        got = psql("SELECT r.comment FROM review r JOIN user_account u ON u.id = r.user_id "
                   "WHERE r.proposal_id = %d AND u.email = '%s'" % (p, BOARD))
        # The last acknowledged save, or one tried after it (answered or not).
        later = tried[p][tried[p].index(notes[-1]):]
        if got not in later:
            fail("proposal %d: the database has %r, the last acknowledged save was %r" %
                 (p, got, notes[-1]))
    after = sum(1 for notes in acked.values() for n in notes if int(n.split()[1]) >= 20)
    if after == 0:
        fail("no save was acknowledged after the kill: the session did not hold on B")
    st, _ = board.get("/gremium")
    if st != 200:
        fail("after the kill, /gremium answered %d (the session did not hold)" % st)
    served_a = open(os.path.join(tmp, "a.log")).read().count("/gremium/vorschlag/")
    served_b = open(os.path.join(tmp, "b.log")).read().count("/gremium/vorschlag/")
    print("instances: %d saves acknowledged (%d after the kill) and in the database; "
          "A answered %d, B %d rating requests" %
          (sum(len(v) for v in acked.values()), after, served_a, served_b))

    # ---- after the kill: the 1-day reminder comes due; the survivor sends it, once
    psql("UPDATE call SET review_until = CAST(extract(epoch FROM now()) AS bigint) + %d "
         "WHERE id = %d" % (DAY // 2, call))
    wait_for("the 1-day reminders", lambda: one(
        "SELECT count(*) FROM review_reminder WHERE call_id = %d AND days_before = 1" % call) > 0)
    wait_for("the reminders' mail to go out", mail_settled)
    files2 = check_mail_once("after the kill")
    rows1, mails, events = reminders_once("after the kill", 1)
    if mails != rows7 + rows1 or events != rows7 + rows1:
        fail("reminders: %d + %d claimed, %d mails, %d events" % (rows7, rows1, mails, events))
    if files2["a"] != files["a"]:
        fail("the killed instance's outbox changed")
    print("instances: %d reminders due after the kill sent once, by B" % rows1)

    # ---- the audit chain after all of it
    rc, out = cli("audit", "verify", "--data", tmp + "/seed")
    if rc != 0:
        fail("audit verify: " + out)
    else:
        print("instances: " + out.strip().splitlines()[0])
finally:
    cleanup()

if failures:
    sys.exit(1)
print("instances: two instances on one PostgreSQL behind nginx keep one truth")
