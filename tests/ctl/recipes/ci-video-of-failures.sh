#!/bin/sh
# A CI job that keeps a video of the failed tests only. Each test script runs
# under its own shmcomp-run, whose shmcomp keeps the last 30 s of the screen in
# memory (--record-last) and writes them to the file only when the test fails.
# Usage: ci-video-of-failures.sh ARTIFACTS-DIR TEST.sh...
# Exit 1 when a test failed; ARTIFACTS-DIR/NAME.mkv is then its video (FFV1 in
# Matroska, exact pixels: mpv, VLC, ffplay, or ffmpeg to turn it into a GIF).
set -u
artifacts=$1
shift
mkdir -p "$artifacts"
status=0
for test in "$@"; do
	name=$(basename "$test" .sh)
	if shmcomp-run --config /dev/null --shmcomp-args --no-animations \
		--record "$artifacts/$name.mkv" --record-last 30 -- sh "$test"; then
		echo "PASS $name"
	else
		echo "FAIL $name: video in $artifacts/$name.mkv"
		status=1
	fi
done
exit $status
