#!/bin/sh
# Takes a screenshot of an X application under Xvfb and shmcomp, with no sleeps:
# every step waits for exactly what it needs. Usage: screenshot-app.sh OUT.png
set -eu
out=$1
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

# Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 640x480x24 -nolisten tcp 3>"$tmp/display" 2>/dev/null &
xvfb=$!
read -r number <"$tmp/display"
export DISPLAY=:$number

# shmcomp writes a line once it composites and its first frame is on screen.
shmcomp --ready-fd 4 4>"$tmp/ready" &
comp=$!
read -r _ <"$tmp/ready"

xlogo -geometry 200x200+20+20 &
app=$!

# Waits until the XLogo window is mapped and the screen is settled (every window
# has drawn, nothing is pending, no animation runs), then reads that frame.
shmcomp-ctl screenshot --settled --class XLogo "$out"
echo "wrote $out"
