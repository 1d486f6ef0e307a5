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

# No configuration file of the machine's, a virtual clock and no animations:
# the same inputs give the same pixels on every run. The logs of Xvfb and
# shmcomp go to the artifacts too.
shmcomp-run --screen 1024x768x24 --config /dev/null \
	--shmcomp-args '--clock=virtual --no-animations' --log-dir "$artifacts" -- sh -c '
	xlogo -geometry 200x200+100+100 &
	shmcomp-ctl --timeout 30 screenshot --settled --class XLogo "$1"' sh "$artifacts/xlogo.png"

if [ ! -f "$ref" ]; then
	echo "no reference $ref: if $artifacts/xlogo.png is right, copy it there" >&2
	exit 1
fi
shmcomp-ctl compare --diff "$artifacts/xlogo-diff.png" "$ref" "$artifacts/xlogo.png"
echo "xlogo matches $ref"
