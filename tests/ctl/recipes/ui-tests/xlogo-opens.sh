#!/bin/sh
# Passes: xlogo opens its window.
xlogo -geometry 200x200+100+100 &
shmcomp-ctl --timeout 30 wait --settled --class XLogo
