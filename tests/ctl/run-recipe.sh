#!/bin/sh
# Runs one recipe of doc/screenshot-testing.md the way a reader would, with the built
# shmcomp, shmcomp-ctl and shmcomp-run first in PATH (meson sets it), and checks what it
# produced.
# Usage: run-recipe.sh shell|ci|pytest RECIPES-DIR. Exit 77 (skip) when a tool is missing.
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
