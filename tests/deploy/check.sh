#!/bin/sh
# The deploy/ folder works as the README says: the systemd unit is valid and sandboxed
# (systemd-analyze verify and security, offline), and the nginx site, as shipped with only
# ports and certificate paths changed, terminates TLS in front of two instances of the
# built binary: HTTP is redirected, both instances answer in turn, and when one is killed
# the other answers every request. Exit 77 (skipped) when nginx, openssl or curl is absent.
#   tests/deploy/check.sh   (LEUCHTTURM_BIN: the binary, default build/leuchtturm)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${LEUCHTTURM_BIN:-$root/build/leuchtturm}
for tool in nginx openssl curl python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "deploy: $tool missing; skipping" >&2; exit 77; }
done
[ -x /usr/sbin/nginx ] || { echo "deploy: /usr/sbin/nginx missing; skipping" >&2; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/leuchtturm-deploy.XXXXXX")
pids=""
cleanup() {
	for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
	[ -f "$tmp/nginx.pid" ] && kill -TERM "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "deploy: $*" >&2; exit 1; }

# ---- the systemd unit
if command -v systemd-analyze >/dev/null 2>&1; then
	unit="$tmp/leuchtturm@8081.service"
	sed "s|/usr/local/bin/leuchtturm|$bin|" "$root/deploy/leuchtturm@.service" >"$unit"
	# verify exits 0 on unknown keys but says so: any word from it is a defect.
	systemd-analyze verify "$unit" >"$tmp/verify.log" 2>&1 || { cat "$tmp/verify.log"; fail "systemd-analyze verify failed"; }
	[ -s "$tmp/verify.log" ] && { cat "$tmp/verify.log"; fail "systemd-analyze verify complained"; }
	# Exposure on systemd's scale of 0 (locked down) to 10; 2.5 or less is "OK".
	systemd-analyze security --offline=yes --threshold=25 "$unit" >"$tmp/security.log" 2>&1 ||
		{ tail -5 "$tmp/security.log"; fail "the unit's exposure is above 2.5"; }
	echo "deploy: unit verified, $(grep -o 'Overall exposure level.*' "$tmp/security.log")"
else
	echo "deploy: systemd-analyze missing; the unit is not verified" >&2
fi

# ---- two instances behind the shipped nginx site
ports=$(python3 -c '
import socket
ss = [socket.socket() for _ in range(4)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
http=$1 https=$2 a=$3 b=$4

"$bin" init --data "$tmp/data" --pwhash-cost min >/dev/null 2>"$tmp/init.log" || { cat "$tmp/init.log"; fail "init failed"; }
"$bin" demo --data "$tmp/data" --pwhash-cost min >/dev/null 2>>"$tmp/init.log" || { cat "$tmp/init.log"; fail "demo failed"; }
for port in $a $b; do
	"$bin" serve --data "$tmp/data" --listen "127.0.0.1:$port" --pwhash-cost min \
		--trusted-proxy 127.0.0.1 2>"$tmp/serve-$port.log" &
	pids="$pids $!"
done

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1 || fail "openssl could not make a certificate"
# The site as shipped; only what an operator changes is changed, and IPv6 listens dropped.
sed -e "s|127.0.0.1:8081|127.0.0.1:$a|; s|127.0.0.1:8082|127.0.0.1:$b|" \
	-e "s|listen 80;|listen 127.0.0.1:$http;|; s|listen 443 ssl http2;|listen 127.0.0.1:$https ssl http2;|" \
	-e "/listen \[::\]/d" \
	-e "s|/etc/ssl/certs/leuchtturm.pem|$tmp/cert.pem|; s|/etc/ssl/private/leuchtturm.key|$tmp/key.pem|" \
	"$root/deploy/nginx-leuchtturm.conf" >"$tmp/site.conf"
grep -q "127.0.0.1:$a" "$tmp/site.conf" && grep -q "$tmp/cert.pem" "$tmp/site.conf" ||
	fail "the site file no longer has the lines this test changes"
cat >"$tmp/nginx.conf" <<CONF
daemon on;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
worker_processes 1;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $tmp/body;
	proxy_temp_path $tmp/proxy;
	fastcgi_temp_path $tmp/fastcgi;
	uwsgi_temp_path $tmp/uwsgi;
	scgi_temp_path $tmp/scgi;
	include $tmp/site.conf;
}
CONF
/usr/sbin/nginx -t -q -p "$tmp" -c "$tmp/nginx.conf" 2>"$tmp/nginx-t.log" || { cat "$tmp/nginx-t.log"; fail "nginx -t refuses the site"; }

# Both instances name their port once they listen; wait for that (60 s at most).
for port in $a $b; do
	i=0
	until grep -q "listening on http://127.0.0.1:$port/" "$tmp/serve-$port.log"; do
		i=$((i + 1))
		[ $i -gt 600 ] && { cat "$tmp/serve-$port.log"; fail "instance on $port did not start"; }
		sleep 0.1
	done
done
/usr/sbin/nginx -p "$tmp" -c "$tmp/nginx.conf" 2>"$tmp/nginx-start.log" || { cat "$tmp/nginx-start.log"; fail "nginx did not start"; }
i=0
until [ -s "$tmp/nginx.pid" ]; do i=$((i + 1)); [ $i -gt 600 ] && fail "nginx wrote no pid"; sleep 0.1; done

get() { curl -ks -o /dev/null -w '%{http_code}' -H 'Host: goodpractice.example.org' "$@"; }
code=$(get "http://127.0.0.1:$http/praxis")
[ "$code" = 301 ] || fail "HTTP answered $code, not a redirect to HTTPS"
loc=$(curl -ks -o /dev/null -w '%{redirect_url}' -H 'Host: goodpractice.example.org' "http://127.0.0.1:$http/praxis")
[ "$loc" = "https://goodpractice.example.org/praxis" ] || fail "redirected to $loc"

# Round-robin: ten requests reach both instances (each logs its requests).
for n in 1 2 3 4 5 6 7 8 9 10; do
	code=$(get "https://127.0.0.1:$https/praxis")
	[ "$code" = 200 ] || fail "HTTPS /praxis answered $code"
done
for port in $a $b; do
	grep -q 'GET /praxis' "$tmp/serve-$port.log" || { cat "$tmp/serve-$port.log"; fail "instance $port got no request"; }
done

# Slow clients: the site limits requests per client address (limit_conn), since the
# instances see only nginx. 80 bodies that stop after a few bytes from 127.0.0.1: 64 are
# held (nginx waits for the rest), the others refused at once with 429; meanwhile a client
# at 127.0.0.2 is answered.
python3 - "$https" >"$tmp/slow.log" 2>&1 <<'PY' || { cat "$tmp/slow.log"; fail "the per-client limit of the site does not hold"; }
import socket, ssl, sys
port = int(sys.argv[1])
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.set_alpn_protocols(["http/1.1"])
def connect(source):
    s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    return ctx.wrap_socket(s, server_hostname="goodpractice.example.org")
held = []
for _ in range(80):
    s = connect("127.0.0.1")
    s.sendall(b"POST /anmelden HTTP/1.1\r\nHost: goodpractice.example.org\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 100000\r\n\r\nemail=")
    held.append(s)
refused = 0
for s in held:
    s.settimeout(0.5)
    try:
        if s.recv(12).startswith(b"HTTP/1.1 429"):
            refused += 1
    except (socket.timeout, ssl.SSLError):
        pass
o = connect("127.0.0.2")
o.sendall(b"GET /ueber HTTP/1.1\r\nHost: goodpractice.example.org\r\nConnection: close\r\n\r\n")
o.settimeout(10)
other = o.recv(12)
print(f"refused {refused} of 80, the other client got {other!r}")
for s in held:
    s.close()
sys.exit(0 if refused == 16 and other.startswith(b"HTTP/1.1 200") else 1)
PY
echo "deploy: $(cat "$tmp/slow.log") (limit_conn 64 per client address)"

# One instance killed outright: the other answers every request.
set -- $pids
kill -KILL "$1"
wait "$1" 2>/dev/null || true
for n in 1 2 3 4 5 6; do
	code=$(get "https://127.0.0.1:$https/praxis")
	[ "$code" = 200 ] || fail "after one instance died, /praxis answered $code"
done
echo "deploy: nginx site in front of two instances: redirect, round-robin, failover"
