#!/usr/bin/env python3
"""The attacks of issue 15 at their full size, against a fresh server on 127.0.0.1.

  bench/attack.py [BINARY] [--memory-only | --slow-only] [--times] [--keep]
                               (default: build-bench/leuchtturm, else build/leuchtturm)

1. Bounded memory: 100 anonymous connections each announce a 24 MB multipart body to
   POST /vorschlag/2/anhaenge and send it all but the last byte. Reports the server's
   VmRSS before and after (goal: under 150 MB).
   Then the same from a logged-in submitter with a valid form token, so the bodies are read:
   100 uploads of 24 MB, all but the last byte, streamed into temporary files (the body
   budget raised so that all are taken on). Reports VmRSS and the bytes held on disk.
2. Slow clients: 1,100 slowloris connections from 127.0.0.1 (a header byte now and then),
   while 30 requests come from 127.0.0.2. Reports how many were answered and the slowest
   (goal: 30 of 30, each under 1 s). Then the same with 1,100 slow bodies: whole heads of
   POST /anmelden announcing 100 kB, the body sent a byte now and then.
make check runs both with small numbers (tests/http/test_http_protocol_edges.c,
tests/http/test_http_upload_stream.c and tests/http/test_http_slow_clients.c)."""
import os, re, resource, sqlite3, urllib.parse, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args:
        return args[0]
    for b in ("build-bench/leuchtturm", "build/leuchtturm"):
        if os.access(os.path.join(ROOT, b), os.X_OK):
            return os.path.join(ROOT, b)
    sys.exit("no leuchtturm binary: build first")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


def start(bin_, data):
    common = ["--data", data, "--pwhash-cost", "min"]
    for cmd in ("init", "demo"):
        subprocess.run([bin_, cmd] + common, check=True, capture_output=True)
    log = open(os.path.join(data, "server.log"), "w")
    p = subprocess.Popen([bin_, "serve", "--listen", "127.0.0.1:0",
                          "--max-upload-mb", "25", "--body-budget-mb", "4096"] + common, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        m = re.search(r"listening on http://[^:]+:(\d+)/", open(log.name).read())
        if m:
            return p, int(m.group(1))
        time.sleep(0.1)
    p.kill()
    sys.exit("the server did not start")


def connect(port, source=None):
    s = socket.socket()
    if source:
        s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def memory_attack(pid, port, n=100, size=24 * 1000 * 1000):
    before = rss_mb(pid)
    head = (f"POST /vorschlag/2/anhaenge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=XyZ\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    chunk = b"x" * (1024 * 1024)
    socks, peak = [], before
    for _ in range(n):
        s = connect(port)
        s.settimeout(5)
        socks.append(s)
        try:
            s.sendall(head)
            left = size - 1  # the last byte withheld
            while left > 0:
                k = min(left, len(chunk))
                s.sendall(chunk[:k])
                left -= k
        except OSError:
            pass  # refused and closed: what should happen
        peak = max(peak, rss_mb(pid))
    after = rss_mb(pid)
    for s in socks:
        s.close()
    print(f"memory: {n} anonymous bodies of {size // 1000000} MB: VmRSS {before:.0f} MB before, "
          f"peak {peak:.0f} MB, {after:.0f} MB after (goal: under 150 MB: "
          f"{'met' if peak < 150 else 'NOT met'})")


def fetch(port, method, path, cookies, body=b"", ctype=None):
    """One request on its own connection: (status, headers as a list, body)."""
    s = connect(port)
    s.settimeout(30)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookies:
        head += "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()) + "\r\n"
    if ctype:
        head += f"Content-Type: {ctype}\r\n"
    head += f"Content-Length: {len(body)}\r\n\r\n"
    s.sendall(head.encode() + body)
    data = b""
    while True:
        k = s.recv(65536)
        if not k:
            break
        data += k
    s.close()
    top, _, rest = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    for h in lines[1:]:
        if h.lower().startswith("set-cookie:"):
            name, _, value = h.split(":", 1)[1].strip().split(";")[0].partition("=")
            cookies[name] = value
    return int(lines[0].split()[1]), lines[1:], rest


def token_of(page):
    m = re.search(rb'name="_csrf" value="([^"]+)"', page)
    return m.group(1).decode() if m else None


def held_on_disk(pid):
    n, total = 0, 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            # O_TMPFILE files show as DIR/#INODE (deleted), mkstemp's as DIR/.upload-X
            if ("/.upload-" in link or "/#" in link) and link.endswith(" (deleted)"):
                n, total = n + 1, total + os.stat(f"/proc/{pid}/fd/{fd}").st_size
        except OSError:
            pass
    return n, total


def upload_attack(pid, port, data, n=100, size=24 * 1000 * 1000):
    db = sqlite3.connect(os.path.join(data, "leuchtturm.db"))
    pid_row = db.execute("SELECT p.id FROM proposal p JOIN user_account u ON u.organisation_id = "
                         "p.organisation_id WHERE p.state = 'draft' AND u.email = ? "
                         "ORDER BY p.id LIMIT 1", ("projekt@iq-demo.example",)).fetchone()
    db.close()
    if not pid_row:
        print("uploads: no draft of the demo submitter; skipped")
        return
    proposal = pid_row[0]
    cookies = {}
    _, _, page = fetch(port, "GET", "/anmelden", cookies)
    form = urllib.parse.urlencode({"_csrf": token_of(page), "email": "projekt@iq-demo.example",
                                   "password": "Leuchtturm-Demo"}).encode()
    status, _, _ = fetch(port, "POST", "/anmelden", cookies, form,
                         "application/x-www-form-urlencoded")
    _, _, page = fetch(port, "GET", f"/vorschlag/{proposal}/bearbeiten", cookies)
    token = token_of(page)
    if status != 303 or not token:
        print("uploads: could not log in as the demo submitter; skipped")
        return
    pre = (f"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n"
           f"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
           f"Content-Type: application/pdf\r\n\r\n").encode()
    tail = b"\r\n--XyZ--\r\n"
    file_size = size - len(pre) - len(tail)
    head = (f"POST /vorschlag/{proposal}/anhaenge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=XyZ\r\n"
            f"Cookie: lt_session={cookies.get('lt_session', '')}\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    chunk = b"%PDF-1.4\n" + b"x" * (1024 * 1024 - 9)
    before = rss_mb(pid)
    socks, peak, refused, most = [], before, [], (0, 0)
    for i in range(n):
        # 50 a source address: under the per-address limit of 64.
        s = connect(port, f"127.0.1.{1 + i // 50}")
        s.settimeout(10)
        socks.append(s)
        try:
            s.sendall(head + pre)
            left = file_size
            while left > 0:
                k = min(left, len(chunk))
                s.sendall(chunk[:k])
                left -= k
            s.sendall(tail[:-1])  # the last byte withheld
        except OSError as e:
            refused.append(str(e))
        peak = max(peak, rss_mb(pid))
        most = max(most, held_on_disk(pid), key=lambda h: h[1])
    # The last bodies still on their way from the sockets' buffers to the disk. (The first
    # ones may be gone already: a connection idle for 30 s is closed.)
    deadline = time.time() + 10
    while time.time() < deadline and held_on_disk(pid)[0] < most[0]:
        peak = max(peak, rss_mb(pid))
        time.sleep(0.1)
    files, on_disk = max(most, held_on_disk(pid), key=lambda h: h[1])
    after = rss_mb(pid)
    for s in socks:
        s.close()
    peak = max(peak, after)
    if refused:
        print(f"uploads: {len(refused)} refused ({refused[0]})")
    print(f"uploads: {n} logged-in bodies of {size // 1000000} MB: VmRSS {before:.0f} MB before, "
          f"peak {peak:.0f} MB, {after:.0f} MB after; at most {files} files with "
          f"{on_disk / 1e6:.0f} MB on disk at once (goal: under 150 MB: "
          f"{'met' if peak < 150 else 'NOT met'})")


SLOWLORIS_HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: "
SLOW_BODY_HEAD = (b"POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 100000\r\n\r\nemail=")


def slow_flood(port, head, what, n=1100, others=30):
    """n connections from 127.0.0.1 that send head and then a byte now and then (a few of
    them), while others requests come from 127.0.0.2: how many are answered, how fast."""
    socks = []
    for _ in range(n):
        try:
            s = connect(port, "127.0.0.1")
            s.sendall(head)
            socks.append(s)
        except OSError:
            pass
    answered, times = 0, []
    for i in range(others):
        t0 = time.time()
        try:
            s = connect(port, "127.0.0.2")
            s.settimeout(20)
            s.sendall(b"GET /ueber HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            if s.recv(12).startswith(b"HTTP/1.1 200"):
                answered += 1
            s.close()
        except OSError:
            pass
        times.append(time.time() - t0)
        for s in socks[:50]:  # keep a few of them trickling
            try:
                s.send(b"x")
            except OSError:
                pass
    for s in socks:
        s.close()
    print(f"slow clients: {n} {what} from 127.0.0.1: {answered} of {others} requests "
          f"from 127.0.0.2 answered, median {sorted(times)[len(times) // 2] * 1000:.0f} ms, "
          f"slowest {max(times) * 1000:.0f} ms (goal: all, each under 1 s)")
    if "--times" in sys.argv:
        print("  times (ms):", " ".join(f"{t * 1000:.0f}" for t in times))


def slow_attack(port, n=1100, others=30):
    slow_flood(port, SLOWLORIS_HEAD, "slowloris", n, others)


def slow_body_attack(port, n=1100, others=30):
    slow_flood(port, SLOW_BODY_HEAD, "slow bodies", n, others)


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    bin_ = binary()
    data = tempfile.mkdtemp(prefix="lt-attack-")
    p = None
    try:
        p, port = start(bin_, data)
        if "--slow-only" not in sys.argv:
            memory_attack(p.pid, port)
            upload_attack(p.pid, port, data)
        if "--memory-only" not in sys.argv:
            slow_attack(port)
            slow_body_attack(port)
    finally:
        if p:
            p.terminate()
            p.wait(60)
        if "--keep" in sys.argv:
            print("data kept in", data)
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
