#!/usr/bin/env python3
"""unit suite: every runner program's cases (its --list) must be exactly the cases
meson runs it with, so that a case added in C alone, or in meson alone, fails here.
Usage: case-lists.py EXE NAME,NAME,... [EXE NAME,... ...] (from tests/meson.build)."""
import subprocess
import sys


def main(args):
    if not args or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    bad = 0
    for exe, names in zip(args[0::2], args[1::2]):
        run = subprocess.run([exe, "--list"], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{exe} --list: exit {run.returncode}\n{run.stderr}", end="")
            bad += 1
            continue
        in_c = set(run.stdout.split())
        in_meson = set(n for n in names.split(",") if n)
        for what, names in (("in C only (no meson test runs it)", in_c - in_meson),
                            ("in meson only (no such case in C)", in_meson - in_c)):
            if names:
                print(f"{exe}: {what}: {' '.join(sorted(names))}")
                bad += 1
        if in_c == in_meson:
            print(f"{exe}: {len(in_c)} case{'' if len(in_c) == 1 else 's'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
