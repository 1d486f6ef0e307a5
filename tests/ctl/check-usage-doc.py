#!/usr/bin/env python3
"""Checks that doc/ctl.md shows shmcomp-ctl's usage as it is: the first fenced block
after "## Commands" must equal the output of `shmcomp-ctl --help` byte for byte.
Usage: check-usage-doc.py SHMCOMP-CTL DOC"""
import difflib
import re
import subprocess
import sys


def main():
    ctl, doc = sys.argv[1:3]
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Commands\n\n```\n(.*?)^```\n", text, re.MULTILINE | re.DOTALL)
    if not m:
        print(f"{doc}: no ``` block after '## Commands'")
        return 1
    want = subprocess.run([ctl, "--help"], capture_output=True, text=True, check=True).stdout
    if m.group(1) == want:
        print(f"{doc} shows shmcomp-ctl --help as it is")
        return 0
    print(f"{doc}: the usage block differs from shmcomp-ctl --help:")
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True),
                                               m.group(1).splitlines(True),
                                               "shmcomp-ctl --help", doc))
    return 1


if __name__ == "__main__":
    sys.exit(main())
