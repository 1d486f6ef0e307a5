#!/bin/sh
# A CI job: runs the application under Xvfb and shmcomp in the deterministic
# test profile, captures its window and compares it with the reference image.
# Usage: ci-screenshot-test.sh REFERENCE.png ARTIFACTS-DIR
# On a difference the shot and a diff image (differences in red) stay in
# ARTIFACTS-DIR; a missing reference fails too, and its shot is the new one.
set -eu
ref=$1
artifacts=$2
mkdir -p "$artifacts"
tmp=$(mktemp -d)
xvfb= comp= app=
cleanup() {
	kill $app $comp 2>/dev/null || true
	wait $comp || true # shmcomp exits 0 after SIGTERM, having unredirected the windows
	kill $xvfb 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
mkfifo "$tmp/display" "$tmp/ready"

Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$tmp/display" 2>/dev/null &
xvfb=$!
read -r number <"$tmp/display"
export DISPLAY=:$number

# No configuration file of the machine's, a virtual clock and no animations:
# the same inputs give the same pixels on every run.
shmcomp --config /dev/null --clock=virtual --no-animations \
	--ready-fd 4 4>"$tmp/ready" 2>"$artifacts/shmcomp.log" &
comp=$!
read -r _ <"$tmp/ready"

xlogo -geometry 200x200+100+100 &
app=$!
shmcomp-ctl --timeout 30 screenshot --settled --class XLogo "$artifacts/xlogo.png"

if [ ! -f "$ref" ]; then
	echo "no reference $ref: if $artifacts/xlogo.png is right, copy it there" >&2
	exit 1
fi
shmcomp-ctl compare --diff "$artifacts/xlogo-diff.png" "$ref" "$artifacts/xlogo.png"
echo "xlogo matches $ref"
