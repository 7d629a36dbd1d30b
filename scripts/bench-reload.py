#!/usr/bin/env python3
"""Save-to-reload time of `porthole serve`: a generated corpus is previewed,
one update is saved at a time, and the time from the save to the reload
event on the preview's event stream (what an open page reloads on) is
measured. Prints figures; asserts nothing (goal: under 300 ms at 200
clients).

    scripts/bench-reload.py [--clients 200] [--saves 9] [--bin .build/release/porthole]
    scripts/bench-reload.py --corpus DIR    reuse a corpus gen_corpus.py wrote into DIR
"""
import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"


def start_serve(binary: Path, work: Path):
    env = dict(os.environ, PORTHOLE_SECRET="porthole-bench-secret-not-for-production", NO_COLOR="1")
    serve = subprocess.Popen([str(binary), "serve", "--port", "0", "--today", TODAY], cwd=work, env=env,
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines = []
    ready = threading.Event()

    def read():
        for line in serve.stderr:
            lines.append(line)
            if "previewing on http://" in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(600) or serve.poll() is not None:
        sys.exit("porthole serve did not start:\n" + "".join(lines))
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", "".join(lines)).group(1))
    return serve, port, lines


class Events:
    """The preview's event stream, read on a thread: (arrival time, event) pairs."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.connection.request("GET", "/__porthole/events")
        self.response = self.connection.getresponse()
        self.arrived = []
        self.condition = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        event = None
        for raw in self.response:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line == "" and event:
                with self.condition:
                    self.arrived.append((time.perf_counter(), event))
                    self.condition.notify_all()
                event = None

    def wait_after(self, count: int, seconds: float):
        """The first event after the first `count` ones, or None."""
        with self.condition:
            self.condition.wait_for(lambda: len(self.arrived) > count, timeout=seconds)
            return self.arrived[count] if len(self.arrived) > count else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--saves", type=int, default=9)
    parser.add_argument("--bin", type=Path, default=ROOT / ".build" / "release" / "porthole")
    parser.add_argument("--corpus", type=Path, help="a folder holding content/ from gen_corpus.py")
    args = parser.parse_args()
    args.bin = args.bin.resolve()
    if not args.bin.exists():
        sys.exit(f"build first: swift build -c release --product porthole ({args.bin} is missing)")
    with tempfile.TemporaryDirectory(prefix="porthole-bench-reload.") as temp:
        work = args.corpus or Path(temp)
        if not (work / "content").is_dir():
            subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "--clients", str(args.clients),
                            "--today", TODAY, "--out", str(work), "--quiet"], check=True)
        started = time.perf_counter()
        serve, port, lines = start_serve(args.bin, work)
        print(f"first build and start: {time.perf_counter() - started:.1f} s ({args.clients} clients)")
        events = Events(port)
        time.sleep(1)
        updates = sorted((work / "content" / "clients").glob("*/*/updates"))
        times = []
        try:
            for run in range(args.saves):
                note = sorted(updates[(run * 37) % len(updates)].glob("*.md"))[-1]
                seen = len(events.arrived)
                text = note.read_text(encoding="utf-8")
                with open(note, "w", encoding="utf-8") as handle:
                    handle.write(text + f"\nA line added by the reload benchmark, save {run}.\n")
                saved = time.perf_counter()
                arrived = events.wait_after(seen, 60)
                if arrived is None or arrived[1] != "reload":
                    sys.exit(f"no reload after save {run} (got {arrived}):\n" + "".join(lines[-20:]))
                times.append((arrived[0] - saved) * 1000)
                print(f"save {run + 1}: {times[-1]:.0f} ms ({note.relative_to(work)})")
                time.sleep(0.5)
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(30)
        times.sort()
        p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
        print(f"save to reload event, {args.clients} clients, {len(times)} saves: "
              f"median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")


if __name__ == "__main__":
    main()
