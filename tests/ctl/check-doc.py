#!/usr/bin/env python3
"""Checks that doc/screenshot-testing.md shows the recipes as they are: every block
after a `<!-- recipe: PATH -->` line must equal the file PATH (relative to the source
root) byte for byte, and every recipe file must be shown. The recipes themselves are
run by other tests, so what the page shows is what works.
Usage: check-doc.py SOURCE-ROOT DOC RECIPES-DIR"""
import difflib
import os
import re
import sys

MARKER = re.compile(r"^<!-- recipe: (\S+) -->\n(?:\n)*(`{3,})[^\n]*\n(.*?)^\2\n",
                    re.MULTILINE | re.DOTALL)


def main():
    root, doc, recipes = sys.argv[1:4]
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    shown = set()
    ok = True
    for m in MARKER.finditer(text):
        path, block = m.group(1), m.group(3)
        shown.add(path)
        try:
            with open(os.path.join(root, path), encoding="utf-8") as f:
                want = f.read()
        except OSError as e:
            print(f"{doc}: recipe {path}: {e}")
            ok = False
            continue
        if block != want:
            ok = False
            print(f"{doc}: the block for {path} differs from the file:")
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), block.splitlines(True), path, doc + " block"))
    for name in sorted(os.listdir(recipes)):
        path = os.path.relpath(os.path.join(recipes, name), root)
        if os.path.isfile(os.path.join(recipes, name)) and path not in shown:
            print(f"{doc}: does not show the recipe {path}")
            ok = False
    if not shown:
        print(f"{doc}: no <!-- recipe: PATH --> blocks found")
        ok = False
    print(f"{len(shown)} recipes shown, {'all' if ok else 'not all'} as they are")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
