#!/bin/sh
# Runs one recipe of doc/screenshot-testing.md the way a reader would, with the built
# shmcomp, shmcomp-ctl and shmcomp-run first in PATH (meson sets it), and checks what it
# produced.
# Usage: run-recipe.sh shell|ci|video|pytest RECIPES-DIR. Exit 77 (skip) when a tool is missing.
set -eu
kind=$1
recipes=$2
need() {
	for tool; do
		command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 77; }
	done
}
need Xvfb xlogo shmcomp shmcomp-ctl shmcomp-run
tmp=$(mktemp -d /tmp/recipe-$kind-XXXXXX)
echo "outputs in $tmp (removed when the recipe passes)" >&2

case $kind in
shell)
	sh "$recipes/screenshot-app.sh" "$tmp/xlogo.png"
	shmcomp-ctl compare "$recipes/reference/xlogo.png" "$tmp/xlogo.png"
	;;
ci)
	sh "$recipes/ci-screenshot-test.sh" "$recipes/reference/xlogo.png" "$tmp/artifacts"
	# it must also be able to fail: no reference is a failure that leaves the shot
	if sh "$recipes/ci-screenshot-test.sh" "$tmp/missing.png" "$tmp/new" 2>"$tmp/new.err"; then
		echo "the CI recipe passed without a reference" >&2
		exit 1
	fi
	shmcomp-ctl compare "$recipes/reference/xlogo.png" "$tmp/new/xlogo.png"
	;;
video)
	need ffmpeg ffprobe
	ui=$recipes/ui-tests
	if sh "$recipes/ci-video-of-failures.sh" "$tmp/videos" "$ui/xlogo-opens.sh" \
		"$ui/xlogo-is-wider.sh"; then
		echo "the video recipe passed with a failing test" >&2
		exit 1
	fi
	# a passing test leaves no video; the failed one's shows its window as the
	# screenshot recipes capture it
	if [ -e "$tmp/videos/xlogo-opens.mkv" ]; then
		echo "a video of a passing test: $tmp/videos/xlogo-opens.mkv" >&2
		exit 1
	fi
	ffmpeg -v error -i "$tmp/videos/xlogo-is-wider.mkv" -vf crop=202:202:100:100 \
		-fps_mode passthrough -enc_time_base -1 "$tmp/frame-%03d.png"
	found=0
	for frame in "$tmp"/frame-*.png; do
		if shmcomp-ctl compare "$recipes/reference/xlogo.png" "$frame" >/dev/null 2>&1; then
			found=1
		fi
	done
	if [ $found = 0 ]; then
		echo "no frame of $tmp/videos/xlogo-is-wider.mkv shows the xlogo window" >&2
		exit 1
	fi
	;;
pytest)
	if command -v pytest-3 >/dev/null; then pytest=pytest-3; else need pytest; pytest=pytest; fi
	cd "$recipes"
	PYTHONDONTWRITEBYTECODE=1 $pytest -q -p no:cacheprovider --basetemp "$tmp/pytest" .
	;;
*)
	echo "unknown recipe kind $kind" >&2
	exit 2
	;;
esac
rm -rf "$tmp"
