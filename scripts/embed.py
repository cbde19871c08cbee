#!/usr/bin/env python3
"""Embeds files into the binary as C arrays.

  embed.py migrations OUT.c FILE.sql...   numbered migrations (NNN_name.sql), in order
  embed.py pg-migrations OUT.c FILE.sql... the same for PostgreSQL (sql/pg/): pg_migrations
  embed.py assets OUT.c FILE...           static assets with content-hashed URL names
  embed.py blob OUT.c NAME FILE           one file as NAME[], NAME_len and NAME_etag
"""
import hashlib
import os
import re
import sys

TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}


def c_bytes(data):
    out = []
    for i in range(0, len(data), 20):
        out.append("".join("%d," % b for b in data[i:i + 20]))
    return "\n".join(out)


def migrations(out, files, prefix=""):
    rows = []
    for path in files:
        name = os.path.basename(path)
        m = re.match(r"^(\d+)_(.+)\.sql$", name)
        if not m:
            sys.exit("embed: migration name must be NNN_name.sql: " + name)
        rows.append((int(m.group(1)), m.group(2), open(path, "rb").read()))
    rows.sort()
    for a, b in zip(rows, rows[1:]):
        if a[0] == b[0]:
            sys.exit("embed: duplicate migration number %d" % a[0])
    with open(out, "w") as f:
        f.write('#include "store/migrations.h"\n')
        for i, (_, _, data) in enumerate(rows):
            f.write("static const char m%d[] = {%s 0};\n" % (i, c_bytes(data)))
        f.write("const struct migration %smigrations[] = {\n" % prefix)
        for i, (num, name, _) in enumerate(rows):
            f.write('\t{%d, "%s", m%d},\n' % (num, name, i))
        f.write("};\nconst size_t %smigrations_count = %d;\n" % (prefix, len(rows)))


def assets(out, files):
    with open(out, "w") as f:
        f.write('#include "http/assets.h"\n')
        entries = []
        for i, path in enumerate(sorted(files, key=os.path.basename)):
            data = open(path, "rb").read()
            name = os.path.basename(path)
            stem, ext = os.path.splitext(name)
            digest = hashlib.sha256(data).hexdigest()
            hashed = "%s-%s%s" % (stem, digest[:12], ext)
            ctype = TYPES.get(ext, "application/octet-stream")
            f.write("static const unsigned char a%d[] = {%s};\n" % (i, c_bytes(data)))
            entries.append('\t{"%s", "%s", "%s", "\\"%s\\"", a%d, %d},\n'
                           % (name, hashed, ctype, digest[:32], i, len(data)))
        f.write("const struct asset assets[] = {\n%s};\n" % "".join(entries))
        f.write("const size_t assets_count = %d;\n" % len(entries))


def blob(out, args):
    if len(args) != 2 or not re.match(r"^[a-z_][a-z0-9_]*$", args[0]):
        sys.exit("embed: blob takes NAME FILE")
    name, path = args
    data = open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    with open(out, "w") as f:
        f.write("#include <stddef.h>\n")
        # A final NUL, not counted, so the bytes can be used as a C string too.
        f.write("const unsigned char %s[] = {%s 0};\n" % (name, c_bytes(data)))
        f.write("const size_t %s_len = %d;\n" % (name, len(data)))
        f.write('const char %s_etag[] = "\\"%s\\"";\n' % (name, digest[:32]))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    {"migrations": migrations, "pg-migrations": lambda o, f: migrations(o, f, "pg_"),
     "assets": assets, "blob": blob}[sys.argv[1]](sys.argv[2], sys.argv[3:])
