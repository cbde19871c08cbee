#!/usr/bin/env python3
"""The attacks of issue 15 at their full size, against a fresh server on 127.0.0.1.

  bench/attack.py [BINARY]     (default: build-bench/leuchtturm, else build/leuchtturm)

1. Bounded memory: 100 anonymous connections each announce a 24 MB multipart body to
   POST /vorschlag/2/anhaenge and send it all but the last byte. Reports the server's
   VmRSS before and after (goal: under 150 MB).
2. Slow clients: 1,100 slowloris connections from 127.0.0.1 (a header byte now and then),
   while 30 requests come from 127.0.0.2. Reports how many were answered and the slowest
   (goal: 30 of 30, each under 1 s).
make check runs both with small numbers (tests/http/test_http_protocol_edges.c and
tests/http/test_http_slow_clients.c)."""
import os, re, resource, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
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
    p = subprocess.Popen([bin_, "serve", "--listen", "127.0.0.1:0", "--quiet",
                          "--max-upload-mb", "25"] + common, stdout=log, stderr=log)
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
          f"peak {peak:.0f} MB, {after:.0f} MB after (goal: under 150 MB)")


def slow_attack(port, n=1100, others=30):
    socks = []
    for _ in range(n):
        try:
            s = connect(port, "127.0.0.1")
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ")
            socks.append(s)
        except OSError:
            pass
    answered, slowest = 0, 0.0
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
        slowest = max(slowest, time.time() - t0)
        for s in socks[:50]:  # keep a few of the heads trickling
            try:
                s.send(b"x")
            except OSError:
                pass
    for s in socks:
        s.close()
    print(f"slow clients: {n} slowloris from 127.0.0.1: {answered} of {others} requests "
          f"from 127.0.0.2 answered, slowest {slowest * 1000:.0f} ms (goal: all, each under 1 s)")


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    bin_ = binary()
    data = tempfile.mkdtemp(prefix="lt-attack-")
    p = None
    try:
        p, port = start(bin_, data)
        memory_attack(p.pid, port)
        slow_attack(port)
    finally:
        if p:
            p.terminate()
            p.wait(60)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
