"""pytest fixtures for screenshot tests: a private Xvfb with shmcomp on it.

The `display` fixture yields the environment (DISPLAY set) to start the
application with; shmcomp-ctl then waits for it and captures it.
"""
import os
import subprocess

import pytest


def _start(argv, **kwargs):
    """Starts argv, "FD" in it replaced by the write end of a pipe that the
    program announces itself on; returns (process, first line on the pipe)."""
    read_end, write_end = os.pipe()
    argv = [str(write_end) if arg == "FD" else arg for arg in argv]
    try:
        proc = subprocess.Popen(argv, pass_fds=[write_end], **kwargs)
    finally:
        os.close(write_end)
    with os.fdopen(read_end) as pipe:
        return proc, pipe.readline().strip()


@pytest.fixture
def display():
    xvfb, number = _start(["Xvfb", "-displayfd", "FD", "-screen", "0", "640x480x24",
                           "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    assert number, "Xvfb did not start"
    env = dict(os.environ, DISPLAY=":" + number)
    # the line comes once shmcomp composites and its first frame is on screen
    shmcomp, ready = _start(["shmcomp", "--config", "/dev/null", "--clock=virtual",
                             "--no-animations", "--ready-fd", "FD",
                             "--exit-with", str(os.getpid())], env=env)
    assert ready, "shmcomp did not start"
    yield env
    shmcomp.terminate()  # shmcomp first: it exits 0 only while its X server is there
    assert shmcomp.wait(10) == 0
    xvfb.terminate()
    xvfb.wait(10)


def screenshot(env, path, *args):
    """Waits until the screen is settled, then writes it (or one window) to path."""
    subprocess.run(["shmcomp-ctl", "screenshot", "--settled", *args, str(path)],
                   env=env, check=True)
