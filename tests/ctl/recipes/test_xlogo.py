"""Screenshot tests of xlogo, with the fixtures of conftest.py."""
import pathlib
import struct
import subprocess

from conftest import screenshot

REFERENCE = pathlib.Path(__file__).parent / "reference" / "xlogo.png"


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_xlogo_window(display, tmp_path):
    app = subprocess.Popen(["xlogo", "-geometry", "200x200+100+100"], env=display)
    try:
        shot = tmp_path / "xlogo.png"
        screenshot(display, shot, "--class", "XLogo")
        assert png_size(shot) == (202, 202)  # its 1-pixel border included
        subprocess.run(["shmcomp-ctl", "compare", "--diff", str(tmp_path / "diff.png"),
                        str(REFERENCE), str(shot)], check=True)
    finally:
        app.terminate()
        app.wait()


def test_whole_screen(display, tmp_path):
    app = subprocess.Popen(["xlogo", "-geometry", "200x200+100+100"], env=display)
    try:
        shot = tmp_path / "screen.png"
        screenshot(display, shot, "--class", "XLogo")  # waits for the window first
        screenshot(display, shot)
        assert png_size(shot) == (640, 480)
        # the region of the screen where xlogo is equals its window capture
        subprocess.run(["shmcomp-ctl", "screenshot", "--geometry", "202x202+100+100",
                        str(tmp_path / "region.png")], env=display, check=True)
        subprocess.run(["shmcomp-ctl", "compare", str(REFERENCE),
                        str(tmp_path / "region.png")], check=True)
    finally:
        app.terminate()
        app.wait()
