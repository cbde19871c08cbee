#!/usr/bin/env python3
"""The cold start (issue 14, point 6): `leuchtturm serve` launched on DATA, then /praxis
asked as soon as the port takes a connection, again and again until the first 200; prints
one line per run and, last, "cold-start MEDIAN_MS MEDIAN_CPU_MS": the wall time from the
launch to the first 200 and the server's CPU time (all its threads) by then, medians.

    bench/cold_start.py BINARY DATA [RUNS] [THREADS]
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def one(binary, data, threads):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--data", data, "--listen", f"127.0.0.1:{port}",
                          "--threads", str(threads), "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        listening = None
        while True:
            if p.poll() is not None:
                sys.exit(f"cold_start: the server ended ({p.returncode})")
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.connect()
            except OSError:
                time.sleep(0.001)
                continue
            if listening is None:
                listening = time.perf_counter() - t0
            c.request("GET", "/praxis")
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 200:
                break
        wall = (time.perf_counter() - t0) * 1000
        cpu = cpu_ms(p.pid)
    finally:
        p.terminate()
        p.wait()
    return wall, cpu, listening * 1000


def main():
    binary, data = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    walls, cpus = [], []
    for i in range(runs):
        wall, cpu, listening = one(binary, data, threads)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  cold start {i + 1}: listening after {listening:.0f} ms, first 200 on /praxis "
              f"after {wall:.0f} ms, the server's CPU by then {cpu:.0f} ms")
    print(f"cold-start {statistics.median(walls):.0f} {statistics.median(cpus):.0f}")


main()
