#!/usr/bin/env python3
"""Embeds one file into the binary as a NUL-terminated C array and its length.

  embed_text.py OUT.c SYMBOL FILE   defines `const char SYMBOL[]` and `const size_t SYMBOL_len`
"""
import sys

if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    out, symbol, path = sys.argv[1:]
    data = open(path, "rb").read()
    with open(out, "w") as f:
        f.write("#include <stddef.h>\n")
        f.write("const char %s[] = {\n" % symbol)
        for i in range(0, len(data), 20):
            f.write("".join("%d," % b for b in data[i:i + 20]) + "\n")
        f.write("0};\nconst size_t %s_len = %d;\n" % (symbol, len(data)))
