#!/usr/bin/env python3
"""Compiles gettext .po catalogs into C lookup tables for src/util/i18n.c.

  po2c.py OUT.c po/de.po po/en.po     one sorted table per language (named by file: de.po -> de)
  po2c.py --missing REF.pot CAT.po    lists msgids of REF.pot that CAT.po does not translate;
                                      exit 1 when there are any (used by tests/check-po)

Fuzzy, obsolete (#~) and untranslated entries are left out: the binary then shows the
msgid, which is what gettext does too. Any syntax error or duplicate msgid stops the build
with file:line, so a broken catalog never ships half-translated.
"""
import os
import re
import sys

# Both our languages use the Germanic rule; i18n_nget hard-codes it, so a catalog that
# claims another rule would be silently wrong at run time. Compared without white space.
PLURAL_FORMS = ("nplurals=2;plural=(n!=1)", "nplurals=2;plural=n!=1")

KEYWORD = re.compile(rb'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?[ \t]*(".*)$')

SIMPLE_ESCAPES = {
    ord("n"): b"\n", ord("t"): b"\t", ord("r"): b"\r", ord("a"): b"\a", ord("b"): b"\b",
    ord("f"): b"\f", ord("v"): b"\v", ord('"'): b'"', ord("\\"): b"\\", ord("'"): b"'",
    ord("?"): b"?",
}


class PoError(Exception):
    def __init__(self, path, line, msg):
        path = os.path.normpath(path)
        super().__init__("%s:%d: %s" % (path, line, msg) if line else "%s: %s" % (path, msg))


class Entry:
    def __init__(self, line, flags):
        self.line = line          # line of the msgid keyword, for messages
        self.flags = flags
        self.msgid = None
        self.plural = None
        self.msgstr = None        # for a plural entry: list indexed by form
        self.last = None          # the field a continuation line appends to

    def fuzzy(self):
        return "fuzzy" in self.flags

    def translated(self):
        """True when every form has text (gettext too treats a missing form as untranslated)."""
        if self.plural is None:
            return bool(self.msgstr)
        return len(self.msgstr) > 0 and all(self.msgstr)


def parse_string(path, lineno, text):
    """Decodes one C-quoted string token; only white space may follow it."""
    text = text.strip(b" \t")
    if not text.startswith(b'"'):
        raise PoError(path, lineno, "expected a quoted string")
    out = bytearray()
    i = 1
    n = len(text)
    while True:
        if i >= n:
            raise PoError(path, lineno, "unterminated string")
        c = text[i]
        if c == ord('"'):
            i += 1
            break
        if c == ord("\\"):
            i += 1
            if i >= n:
                raise PoError(path, lineno, "unterminated string")
            e = text[i]
            if e in SIMPLE_ESCAPES:
                out += SIMPLE_ESCAPES[e]
                i += 1
            elif ord("0") <= e <= ord("7"):
                j = i
                while j < n and j < i + 3 and ord("0") <= text[j] <= ord("7"):
                    j += 1
                out.append(int(text[i:j], 8) & 0xff)
                i = j
            elif e == ord("x"):
                j = i + 1
                while j < n and chr(text[j]) in "0123456789abcdefABCDEF":
                    j += 1
                if j == i + 1:
                    raise PoError(path, lineno, "\\x without hex digits")
                out.append(int(text[i + 1:j], 16) & 0xff)
                i = j
            else:
                raise PoError(path, lineno, "unknown escape \\%s" % chr(e))
            continue
        if c < 0x20 or c == 0x7f:
            raise PoError(path, lineno, "raw control character in string; use an escape")
        out.append(c)
        i += 1
    if text[i:].strip(b" \t"):
        raise PoError(path, lineno, "unexpected text after the string")
    if 0 in out:
        # A C string ends at NUL: the rest of the message would silently vanish.
        raise PoError(path, lineno, "NUL in string")
    try:
        out.decode("utf-8")
    except UnicodeDecodeError:
        raise PoError(path, lineno, "string is not valid UTF-8")
    return bytes(out)


def parse_po(path):
    """Returns the entries of a .po/.pot file (obsolete ones dropped), checked for syntax."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise PoError(path, 0, e.strerror)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    entries = []
    flags = set()
    cur = None
    lineno = 0

    def finish():
        nonlocal cur
        if cur is None:
            return
        if cur.msgstr is None:
            raise PoError(path, cur.line, "msgid without msgstr")
        if cur.plural is not None and not cur.msgstr:
            raise PoError(path, cur.line, "msgid_plural without msgstr[0]")
        entries.append(cur)
        cur = None

    for lineno, raw in enumerate(data.split(b"\n"), 1):
        line = raw.rstrip(b"\r").strip(b" \t")
        if not line:
            continue
        if line.startswith(b"#"):
            if line.startswith(b"#~"):
                # Obsolete: kept by msgmerge for translators, never used. Flags written
                # just before it (msgmerge keeps "#, c-format") belong to it, too.
                flags.clear()
                continue
            # A comment belongs to the entry that follows, so the current one is complete.
            if cur is not None and cur.msgstr is not None:
                finish()
            elif cur is not None:
                raise PoError(path, lineno, "comment inside an entry")
            if line.startswith(b"#,"):
                for flag in line[2:].split(b","):
                    flag = flag.strip().decode("ascii", "replace")
                    if flag:
                        flags.add(flag)
            continue
        if line.startswith(b'"'):
            if cur is None or cur.last is None:
                raise PoError(path, lineno, "string continuation without a keyword")
            s = parse_string(path, lineno, line)
            field, index = cur.last
            if field == "msgstr" and index is not None:
                cur.msgstr[index] += s
            else:
                setattr(cur, field, getattr(cur, field) + s)
            continue
        m = KEYWORD.match(line)
        if not m:
            raise PoError(path, lineno, "syntax error")
        key = m.group(1).decode()
        index = None if m.group(2) is None else int(m.group(2))
        s = parse_string(path, lineno, m.group(3))
        if index is not None and key != "msgstr":
            raise PoError(path, lineno, "%s cannot have an index" % key)
        if key == "msgctxt":
            # i18n_get has no context argument, so a context would be lost at run time.
            raise PoError(path, lineno, "msgctxt is not supported")
        if key == "msgid":
            if cur is not None:
                if cur.msgstr is None:
                    raise PoError(path, lineno, "msgid without msgstr before it")
                finish()
            cur = Entry(lineno, flags)
            flags = set()
            cur.msgid = s
            cur.last = ("msgid", None)
        elif key == "msgid_plural":
            if cur is None or cur.msgstr is not None or cur.plural is not None:
                raise PoError(path, lineno, "msgid_plural must follow msgid")
            cur.plural = s
            cur.last = ("plural", None)
        else:
            if cur is None:
                raise PoError(path, lineno, "msgstr without msgid")
            if cur.plural is None:
                if index is not None:
                    raise PoError(path, lineno, "msgstr[%d] without msgid_plural" % index)
                if cur.msgstr is not None:
                    raise PoError(path, lineno, "second msgstr")
                cur.msgstr = s
                cur.last = ("msgstr", None)
            else:
                if index is None:
                    raise PoError(path, lineno, "plural entry needs msgstr[N]")
                if cur.msgstr is None:
                    cur.msgstr = []
                if index != len(cur.msgstr):
                    raise PoError(path, lineno, "expected msgstr[%d]" % len(cur.msgstr))
                cur.msgstr.append(s)
                cur.last = ("msgstr", index)
    if cur is not None:
        finish()
    elif flags:
        raise PoError(path, lineno, "flags without an entry")

    seen = {}
    for e in entries:
        if e.msgid in seen:
            raise PoError(path, e.line, "duplicate msgid (first at line %d)" % seen[e.msgid])
        seen[e.msgid] = e.line
    return entries


def header_fields(entry):
    fields = {}
    for line in entry.msgstr.decode("utf-8").split("\n"):
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.strip()
    return fields


def check_catalog(path, entries, lang):
    """The header must say what the generated code assumes: UTF-8, two forms, this language."""
    header = next((e for e in entries if e.msgid == b""), None)
    if header is None or header.plural is not None:
        raise PoError(path, 1, "no header entry (msgid \"\")")
    fields = header_fields(header)
    ctype = fields.get("content-type", "")
    if not re.search(r"charset\s*=\s*utf-8\s*(;|$)", ctype, re.I):
        raise PoError(path, header.line, "header must say Content-Type: text/plain; charset=UTF-8")
    plural = re.sub(r"\s+", "", fields.get("plural-forms", "")).rstrip(";")
    if plural not in PLURAL_FORMS:
        raise PoError(path, header.line, "header must say Plural-Forms: nplurals=2; plural=(n != 1);")
    if fields.get("language", "") != lang:
        raise PoError(path, header.line, "header must say Language: %s" % lang)
    for e in entries:
        if e.plural is not None and len(e.msgstr) != 2:
            raise PoError(path, e.line, "a plural entry needs exactly msgstr[0] and msgstr[1]")


def c_string(b):
    """A C literal for b. UTF-8 stays readable; '?' after '?' is escaped because -std=c11
    turns on trigraphs ("??!" would become '|')."""
    out = bytearray(b'"')
    prev = None
    for c in b:
        if c == ord('"'):
            out += b'\\"'
        elif c == ord("\\"):
            out += b"\\\\"
        elif c == ord("\n"):
            out += b"\\n"
        elif c == ord("\t"):
            out += b"\\t"
        elif c < 0x20 or c == 0x7f:
            out += b"\\%03o" % c
        elif c == ord("?") and prev == ord("?"):
            out += b"\\?"
        else:
            out.append(c)
        prev = c
    out += b'"'
    return out.decode("utf-8")


def lang_of(path):
    name = os.path.basename(path)
    m = re.match(r"^([a-z]{2})\.po$", name)
    if not m:
        raise PoError(path, 0, "catalog name must be LL.po (e.g. de.po)")
    return m.group(1)


def generate(out_path, po_paths):
    parts = [
        "/* Generated by scripts/po2c.py from %s; do not edit (edit the .po files). */\n"
        % ", ".join(os.path.basename(p) for p in po_paths),
        '#include "util/i18n.h"\n#include "util/i18n_tables.h"\n\n#include <stddef.h>\n\n',
    ]
    tables = []
    langs = set()
    for path in po_paths:
        lang = lang_of(path)
        if lang in langs:
            raise PoError(path, 0, "language %s given twice" % lang)
        langs.add(lang)
        entries = parse_po(path)
        check_catalog(path, entries, lang)
        rows = [e for e in entries if e.msgid != b"" and not e.fuzzy() and e.translated()]
        # Python orders bytes as strcmp does (unsigned bytes), which bsearch relies on.
        rows.sort(key=lambda e: e.msgid)
        name = "catalog_" + lang
        if rows:
            parts.append("static const struct i18n_entry %s[] = {\n" % name)
            for e in rows:
                if e.plural is None:
                    parts.append("\t{%s, %s, NULL},\n" % (c_string(e.msgid), c_string(e.msgstr)))
                else:
                    parts.append("\t{%s, %s, %s},\n" % (c_string(e.msgid), c_string(e.msgstr[0]),
                                                        c_string(e.msgstr[1])))
            parts.append("};\n\n")
            tables.append("\t[LANG_%s] = {%s, sizeof %s / sizeof %s[0]},\n"
                          % (lang.upper(), name, name, name))
        else:
            # C has no empty arrays; a language without translations shows every msgid.
            tables.append("\t[LANG_%s] = {NULL, 0},\n" % lang.upper())
    parts.append("const struct i18n_table i18n_tables[I18N_LANG_COUNT] = {\n")
    parts.extend(tables)
    parts.append("};\n")
    text = "".join(parts)
    # Written only after every catalog parsed, so a failed run leaves no half file behind.
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)


def po_quote(b):
    s = b.decode("utf-8")
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\t", "\\t") + '"'


def missing(ref_path, cat_path):
    ref = parse_po(ref_path)
    cat = {e.msgid: e for e in parse_po(cat_path)}
    gaps = []
    for r in ref:
        if r.msgid == b"":
            continue
        e = cat.get(r.msgid)
        if (e is None or e.fuzzy() or not e.translated()
                or (r.plural is None) != (e.plural is None)):
            gaps.append(r)
    for r in gaps:
        if r.plural is None:
            print("  msgid %s" % po_quote(r.msgid))
        else:
            print("  msgid %s / %s" % (po_quote(r.msgid), po_quote(r.plural)))
    return 1 if gaps else 0


def main(argv):
    try:
        if len(argv) == 4 and argv[1] == "--missing":
            return missing(argv[2], argv[3])
        if len(argv) >= 3 and not argv[1].startswith("-"):
            generate(argv[1], argv[2:])
            return 0
    except PoError as e:
        print("po2c: %s" % e, file=sys.stderr)
        return 1
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
