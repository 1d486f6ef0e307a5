"""pytest fixtures for screenshot tests: a private Xvfb with shmcomp on it.

The `display` fixture yields the environment (DISPLAY set) to start the
application with; shmcomp-ctl then waits for it and captures it.
"""
import os
import subprocess

import pytest


@pytest.fixture
def display():
    # shmcomp-run's command prints the display and its cookie, which happens once
    # Xvfb and shmcomp are ready, then waits for its input to close; shmcomp-run
    # then stops shmcomp and Xvfb (also when pytest dies: the pipe closes).
    run = subprocess.Popen(
        ["shmcomp-run", "--screen", "640x480x24", "--config", "/dev/null",
         "--shmcomp-args", "--clock=virtual --no-animations", "--",
         "sh", "-c", 'echo "$DISPLAY $XAUTHORITY"; exec cat >/dev/null'],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    ready = run.stdout.readline().split()
    assert ready, "shmcomp-run did not start"
    yield dict(os.environ, DISPLAY=ready[0], XAUTHORITY=ready[1])
    run.stdin.close()
    assert run.wait(30) == 0


def screenshot(env, path, *args):
    """Waits until the screen is settled, then writes it (or one window) to path."""
    subprocess.run(["shmcomp-ctl", "screenshot", "--settled", *args, str(path)],
                   env=env, check=True)
