#!/bin/sh
# Fails: it wants the window 300 pixels wide; xlogo's is 202 (200 and a border).
xlogo -geometry 200x200+100+100 &
shmcomp-ctl --timeout 30 wait --settled --class XLogo
shmcomp-ctl window --class XLogo | grep -x 'width=300'
