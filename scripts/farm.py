#!/usr/bin/env python3
"""A screenshot farm that runs all day, shortened: N displays at once, each an Xvfb with
shmcomp on it, each running a loop of real applications that open, draw, are captured with
`shmcomp-ctl screenshot --settled` and close; some clients are SIGKILLed on purpose (their
captures are counted apart), and now and then a display's X server is restarted (shmcomp
exits with its server; the farm starts both again). Run by `scripts/soak --farm N`.

Per display it reports captures taken, failures (with the reason), shmcomp's PSS and SHM bytes
over time and the slope of PSS's lower envelope after the warm-up, x_errors, and what is left after teardown
(SysV segments, the X server's shared-memory mappings). Exit 0 when every display is within
the bounds: slope under --max-slope KiB per 10 minutes, no failed capture but those the farm
caused, no leak, x_errors 0.
"""
import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

QT_GALLERY = "/usr/lib/x86_64-linux-gnu/qt5/examples/widgets/gallery/gallery"

# (name, argv, how shmcomp-ctl picks its window); the GTK and Qt apps follow --test-profile's
# settings. gtk3-demo --run opens the demo's window beside its main one.
APPS = [
    ("xterm", ["xterm", "-geometry", "80x24+20+20", "+bc"], ["--class", "XTerm"]),
    ("gtk3", ["gtk3-demo", "--run=entry_buffer"], ["--name", "Entry Buffer"]),
    ("qt5", [QT_GALLERY], ["--class", "gallery"]),
]


def pss_kib(pid):
    """Proportional set size of `pid` in KiB (SHM pages shared with the X server count half)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def sysv_segments(pids):
    """SysV shared memory segments created by one of `pids` ((shmid, cpid) pairs, from
    /proc/sysvipc/shm): those of this display's processes only, so that other tests running
    beside the farm, or the farm's other displays, cannot be taken for a leak here."""
    found = []
    try:
        with open("/proc/sysvipc/shm") as f:
            next(f)
            for line in f:
                fields = line.split()
                if len(fields) > 4 and int(fields[4]) in pids:
                    found.append((int(fields[1]), int(fields[4])))
    except (OSError, StopIteration, ValueError):
        pass
    return found


def shm_mappings(pid):
    """Shared memory mappings (memfd, SysV) in process `pid`."""
    try:
        with open(f"/proc/{pid}/maps") as f:
            return sum(1 for line in f if "memfd:" in line or "SYSV" in line)
    except OSError:
        return 0


def slope_per_10min(samples):
    """Least-squares slope of (seconds, KiB) samples, in KiB per 10 minutes."""
    if len(samples) < 3:
        return 0.0
    n = len(samples)
    mx = sum(t for t, _ in samples) / n
    my = sum(v for _, v in samples) / n
    sxx = sum((t - mx) ** 2 for t, _ in samples)
    if sxx == 0:
        return 0.0
    sxy = sum((t - mx) * (v - my) for t, v in samples)
    return sxy / sxx * 600.0


ENVELOPE_WINDOWS = 4  # at most
ENVELOPE_SAMPLES = 6  # at least, per window: a stretch at the higher level must not fill one


def envelope_slope_per_10min(samples):
    """Slope of the lower envelope of (seconds, KiB) samples, in KiB per 10 minutes: the span
    cut into equal windows (2 to ENVELOPE_WINDOWS, of about ENVELOPE_SAMPLES samples or more),
    the least-squares slope through each window's lowest sample. A leak lifts the floor; PSS
    that alternates between two levels (a window mirror acquired and given back as
    applications come and go) does not, though it makes the plain least-squares slope swing
    by the gap between the levels."""
    if len(samples) < 3:
        return 0.0
    windows = max(2, min(ENVELOPE_WINDOWS, len(samples) // ENVELOPE_SAMPLES))
    t0, t1 = samples[0][0], samples[-1][0]
    if t1 <= t0:
        return 0.0
    lows = {}
    for t, v in samples:
        k = min(int((t - t0) / (t1 - t0) * windows), windows - 1)
        if k not in lows or v < lows[k][1]:
            lows[k] = (t, v)
    pts = sorted(lows.values())
    if len(pts) < 2:
        return 0.0
    if len(pts) == 2:
        return (pts[1][1] - pts[0][1]) / (pts[1][0] - pts[0][0]) * 600.0
    return slope_per_10min(pts)


def self_test():
    """The slope statistics on made-up series (run by the test suite: `farm.py --self-test`)."""
    rng = random.Random(7)
    failures = []

    def check(what, ok):
        print(f"{'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    # 20 minutes sampled every 30 s: PSS flat at 7000 KiB, or 1500 KiB higher while a mirror
    # is held, in long stretches, the high ones towards the end (the farm's worst case)
    flat = []
    for i in range(40):
        t = 120 + 30 * i
        high = (i // 5) % 2 == 1 or i >= 34
        flat.append((t, 7000 + (1500 if high else 0) + rng.randint(-20, 20)))
    ls, env = slope_per_10min(flat), envelope_slope_per_10min(flat)
    check(f"two levels, no leak: least squares {ls:.0f}, envelope {env:.0f} KiB/10 min",
          ls > 300 and abs(env) < 100)
    # the same with a leak of 600 KiB per 10 minutes under it
    leak = [(t, v + (t - 120) / 600.0 * 600) for t, v in flat]
    env = envelope_slope_per_10min(leak)
    check(f"two levels over a 600 KiB/10 min leak: envelope {env:.0f}", 450 < env < 750)
    steady = [(120 + 30 * i, 9000 + (t % 3)) for i, t in enumerate(range(40))]
    check(f"steady: envelope {envelope_slope_per_10min(steady):.1f}",
          abs(envelope_slope_per_10min(steady)) < 5)
    check("two samples or fewer: 0", envelope_slope_per_10min(steady[:2]) == 0.0)
    return 1 if failures else 0


class Display:
    def __init__(self, index, args, outdir):
        self.index = index
        self.args = args
        self.outdir = os.path.join(outdir, f"display-{index}")
        os.makedirs(self.outdir, exist_ok=True)
        self.rng = random.Random(args.seed + index)
        self.server = None
        self.comp = None
        self.display = None
        self.captures = 0
        self.caused = 0      # failed captures of a client the farm killed, or across a restart
        self.failures = []   # (app, reason)
        self.restarts = 0
        self.samples = []    # (seconds since start, PSS KiB, shm_bytes_live)
        self.x_errors = 0
        self.leaks = []
        self.pids = {}       # pid -> name of every process this display started
        self.t0 = time.monotonic()

    def log(self, msg):
        with open(os.path.join(self.outdir, "farm.log"), "a") as f:
            f.write(f"{time.monotonic() - self.t0:8.1f} {msg}\n")

    def ctl(self, *argv, timeout=30):
        return subprocess.run([self.args.ctl, "--display", self.display, *argv],
                              capture_output=True, text=True, timeout=timeout + 10)

    def start(self):
        r, w = os.pipe()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", "1024x768x24", "-nolisten", "tcp",
             "-noreset"], pass_fds=[w], stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            num = f.readline().strip()
        if not num:
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + num
        self.server_shm = shm_mappings(self.server.pid)
        self.pids[self.server.pid] = "Xvfb"
        r, w = os.pipe()
        self.comp = subprocess.Popen(
            [self.args.shmcomp, "--display", self.display, "--test-profile", "--ready-fd",
             str(w)], pass_fds=[w],
            stderr=open(os.path.join(self.outdir, f"shmcomp-{self.restarts}.log"), "w"))
        os.close(w)
        self.pids[self.comp.pid] = "shmcomp"
        with os.fdopen(r) as f:
            if f.readline().strip() != "ready":
                raise RuntimeError("shmcomp did not get ready")
        self.started = time.monotonic()
        self.log(f"started {self.display}: Xvfb {self.server.pid}, shmcomp {self.comp.pid}")

    def stats(self):
        out = self.ctl("stats", timeout=10).stdout
        return dict(re.findall(r"^(\w+)=(\S+)$", out, re.M))

    def stop(self):
        """Reverse order: shmcomp, then its server; then look for what is left."""
        if self.comp and self.comp.poll() is None:
            self.comp.send_signal(signal.SIGTERM)
            try:
                code = self.comp.wait(5)
            except subprocess.TimeoutExpired:
                self.comp.kill()
                code = self.comp.wait()
            if code != 0:
                self.leaks.append(f"shmcomp exited {code} on SIGTERM")
        if self.server and self.server.poll() is None:
            # the server lets go of a client's segments when it sees the client go
            for _ in range(40):
                left = shm_mappings(self.server.pid) - self.server_shm
                if left <= 0:
                    break
                time.sleep(0.05)
            if left > 0:
                self.leaks.append(f"the X server still maps {left} of shmcomp's shared-memory "
                                  "segments")
            self.server.terminate()
            self.server.wait()
        for shmid, cpid in sysv_segments(self.pids):
            self.leaks.append(f"SysV segment {shmid} left behind (made by "
                              f"{self.pids[cpid]}, pid {cpid})")

    def restart_server(self):
        """The server goes away under shmcomp, which must exit 1; both start again."""
        self.log("restarting the X server")
        self.server.kill()
        self.server.wait()
        try:
            code = self.comp.wait(10)
        except subprocess.TimeoutExpired:
            self.comp.kill()
            code = "did not exit"
        if code != 1:
            self.failures.append(("restart", f"shmcomp without its server exited {code}"))
        self.restarts += 1
        self.start()

    def one_app(self):
        name, argv, pick = self.rng.choice(self.available)
        env = dict(os.environ, DISPLAY=self.display, HOME=self.outdir,
                   GSETTINGS_BACKEND="memory", QT_QPA_PLATFORMTHEME="gtk3",
                   NO_AT_BRIDGE="1")
        app = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        self.pids[app.pid] = name
        kill = self.rng.random() < self.args.kill_rate
        if kill:
            time.sleep(self.rng.uniform(0.0, 1.5))
            app.kill()
        shot = os.path.join(self.outdir, "shot.png")
        r = self.ctl("screenshot", "--settled", *pick, "--timeout", "20", shot)
        if r.returncode == 0:
            self.captures += 1
        elif kill:
            self.caused += 1
        else:
            reason = (r.stderr.strip().splitlines() or ["(no message)"])[-1]
            self.failures.append((name, reason))
            self.log(f"FAILED {name}: {r.stderr.strip()}")
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(5)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()

    def run(self, deadline):
        self.available = [a for a in APPS if os.access(a[1][0], os.X_OK) or
                          any(os.access(os.path.join(p, a[1][0]), os.X_OK)
                              for p in os.environ.get("PATH", "").split(":"))]
        try:
            self.start()
            next_sample = time.monotonic()
            while time.monotonic() < deadline:
                if self.comp.poll() is not None:
                    self.failures.append(("shmcomp", f"exited {self.comp.returncode}"))
                    self.restarts += 1
                    self.stop()
                    self.start()
                if self.rng.random() < self.args.restart_rate:
                    self.restart_server()
                    continue
                self.one_app()
                if time.monotonic() >= next_sample:
                    st = self.stats()
                    pss = pss_kib(self.comp.pid)
                    if pss is not None:
                        self.samples.append((time.monotonic() - self.started, pss,
                                             int(st.get("shm_bytes_live", 0)),
                                             self.restarts))
                        self.log(f"sample run {self.restarts}: "
                                 f"{time.monotonic() - self.started:.0f} s, PSS {pss} KiB, "
                                 f"shm_bytes_live {st.get('shm_bytes_live', '?')}")
                    self.x_errors += int(st.get("x_errors", 0)) - getattr(self, "_xe", 0)
                    self._xe = int(st.get("x_errors", 0))
                    next_sample = time.monotonic() + self.args.sample
            st = self.stats()
            self.x_errors += int(st.get("x_errors", 0)) - getattr(self, "_xe", 0)
        except Exception as e:  # a display that falls over is reported, not fatal to the farm
            self.failures.append(("farm", repr(e)))
        finally:
            self.stop()

    def slope(self):
        """The steepest PSS slope (of the lower envelope: envelope_slope_per_10min) after the
        warm-up of any shmcomp this display ran (each
        server restart starts a new one; a sample's time counts from its shmcomp's start).
        A run with less than --min-span seconds of samples after its warm-up (one restarted
        near the end) is not judged: a fit over a minute or two measures noise and the
        pool's last filling, not a trend per 10 minutes."""
        worst = 0.0
        for run in range(self.restarts + 1):
            pts = [(t, p) for t, p, _, r in self.samples if r == run and t >= self.args.warmup]
            if len(pts) < 2 or pts[-1][0] - pts[0][0] < self.args.min_span:
                continue
            worst = max(worst, envelope_slope_per_10min(pts))
        return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm", type=int, default=8, help="displays at once")
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--shmcomp", required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--outdir", default=tempfile.gettempdir())
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--kill-rate", type=float, default=0.1,
                    help="share of clients killed before their capture")
    ap.add_argument("--restart-rate", type=float, default=0.004,
                    help="chance per round that a display's X server is restarted")
    ap.add_argument("--sample", type=float, default=30, help="seconds between samples")
    ap.add_argument("--warmup", type=float, default=120,
                    help="seconds before the slope is taken")
    ap.add_argument("--min-span", type=float, default=300,
                    help="seconds of samples after the warm-up a run needs for its slope "
                         "to be judged")
    ap.add_argument("--max-slope", type=float, default=1024,
                    help="KiB per 10 minutes a display's PSS may grow after the warm-up")
    if "--self-test" in sys.argv[1:]:
        return self_test()
    args = ap.parse_args()

    deadline = time.monotonic() + args.minutes * 60
    displays = [Display(i, args, args.outdir) for i in range(args.farm)]
    threads = [threading.Thread(target=d.run, args=(deadline,)) for d in displays]
    print(f"farm: {args.farm} displays for {args.minutes} minutes; logs in {args.outdir}",
          flush=True)
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    bad = 0
    print("display  captures  caused  failed  restarts  PSS KiB first->last  "
          "floor slope KiB/10min  SHM bytes last  x_errors  leaks")
    for d in displays:
        first = d.samples[0][1] if d.samples else 0
        last = d.samples[-1][1] if d.samples else 0
        shm = d.samples[-1][2] if d.samples else 0
        slope = d.slope()
        ok = (not d.failures and not d.leaks and d.x_errors == 0 and
              slope < args.max_slope and d.captures > 0)
        bad += not ok
        print(f"{d.index:7d}  {d.captures:8d}  {d.caused:6d}  {len(d.failures):6d}  "
              f"{d.restarts:8d}  {first:8d}->{last:<8d}  {slope:21.1f}  {shm:14d}  "
              f"{d.x_errors:8d}  {len(d.leaks)}{'' if ok else '  FAIL'}")
        for app, reason in d.failures:
            print(f"         failed: {app}: {reason}")
        for leak in d.leaks:
            print(f"         leak: {leak}")
    total = sum(d.captures for d in displays)
    print(f"farm: {total} captures, {sum(d.caused for d in displays)} failed because the farm "
          f"killed the client, {sum(len(d.failures) for d in displays)} other failures, "
          f"{bad} displays out of bounds")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
