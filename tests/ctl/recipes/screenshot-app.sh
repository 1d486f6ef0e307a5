#!/bin/sh
# Takes a screenshot of an X application under Xvfb and shmcomp, with no sleeps:
# every step waits for exactly what it needs. Usage: screenshot-app.sh OUT.png
set -eu
out=$1

# shmcomp-run starts Xvfb on a free display, then shmcomp, waits until shmcomp's
# first frame is on screen and runs the command with DISPLAY set; when the
# command ends it stops everything (xlogo too).
shmcomp-run -- sh -c '
	xlogo -geometry 200x200+20+20 &
	# Waits until the XLogo window is mapped and the screen is settled (every
	# window has drawn, nothing is pending, no animation runs), then reads that frame.
	shmcomp-ctl screenshot --settled --class XLogo "$1"' sh "$out"
echo "wrote $out"
