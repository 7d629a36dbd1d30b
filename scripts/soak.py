#!/usr/bin/env python3
"""make soak: `porthole serve` under load while content changes.

Generates an agency (scripts/gen_corpus.py), starts `porthole serve --port 0`
on 127.0.0.1, and runs wrk against every page of the site for --seconds
while a writer edits a weekly note every --edit-every seconds (so the server
rebuilds and swaps site/ under the load) and probes path traversal. Stops by
itself. Prints requests, errors, latency percentiles, rebuilds seen and the
server's memory (RSS) before and after.

Fails (exit 1) on any failed request (a socket error, a timeout or a status
other than 200), on any traversal probe answered other than 404, or when RSS
grew by more than --rss-bound MiB (default 64) between the warmed-up start
and the end.

usage: scripts/soak.py [--seconds 60] [--clients 20] [--connections 16]
                       [--edit-every 2] [--rss-bound 64]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("PORTHOLE_BIN", ROOT / ".build" / "debug" / "porthole"))
TRAVERSALS = ["/../secret.txt", "/%2e%2e/secret.txt", "/%252e%252e/secret.txt", "/..%2fsecret.txt", "/leak.txt"]

# wrk's script: every request takes the next page of the list; `done`
# prints the figures as one JSON line (wrk's own summary is for people).
LUA = r"""
local paths, i = {}, 0
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('SOAK {"requests": %%d, "seconds": %%.2f, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%d, "p90": %%d, "p99": %%d, "p999": %%d, "max": %%d}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
"""


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def raw_status(port, path):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1])


def start_server(work, env):
    log_path = work / "serve.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(BIN), "serve", "--content", "content", "--output", "site", "--port", "0", "--interval", "0.5",
         "--today", "2026-11-27"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", log_path.read_text())
        if found:
            return process, int(found.group(1)), log_path
        time.sleep(0.2)
    process.kill()
    sys.exit("soak: porthole serve did not start:\n" + log_path.read_text())


def editor(work, stop, every):
    """Appends a line to one weekly note after another: each edit is a rebuild."""
    notes = sorted((work / "content" / "clients").glob("*/*/updates/*.md"))
    edits = 0
    while not stop.wait(every):
        note = notes[edits % len(notes)]
        with open(note, "a") as f:
            f.write(f"\nSoak edit {edits}.\n")
        edits += 1
    return edits


def warm_up(port, paths):
    for path in paths[:50]:
        raw_status(port, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--edit-every", type=float, default=2.0)
    parser.add_argument("--rss-bound", type=float, default=64.0)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("soak: wrk is needed (scripts/install-deps.sh soak)")

    work = Path(tempfile.mkdtemp(prefix="porthole-soak-"))
    try:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "--clients", str(args.clients),
                        "--out", str(work)], check=True, capture_output=True)
        clients = json.loads((work / "canaries.json").read_text())["clients"]
        env = dict(os.environ, PORTHOLE_SECRET="soak", NO_COLOR="1")
        env.update({"PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_"): "pw-" + slug
                    for slug, entry in clients.items() if entry["access"] == "password"})
        (work / "secret.txt").write_text("outside the site")
        process, port, log_path = start_server(work, env)
        try:
            return soak(args, work, process, port, log_path)
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def soak(args, work, process, port, log_path):
    site = work / "site"
    paths = sorted("/" + str(p.relative_to(site)) for p in site.rglob("*.html"))
    paths = [p[: -len("index.html")] if p.endswith("/index.html") else p for p in paths]
    (work / "paths.txt").write_text("\n".join(paths) + "\n")
    (work / "soak.lua").write_text(LUA % {"paths": work / "paths.txt"})
    warm_up(port, paths)
    rss_before = rss_mib(process.pid)

    stop = threading.Event()
    result = {}
    writer = threading.Thread(target=lambda: result.update(edits=editor(work, stop, args.edit_every)))
    writer.start()
    wrk = subprocess.run(["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.seconds}s", "--timeout", "10s",
                          "-s", str(work / "soak.lua"), f"http://127.0.0.1:{port}/"],
                         capture_output=True, text=True, timeout=args.seconds + 120)
    stop.set()
    writer.join()
    # After the last rebuild has swapped site/ (which would drop the link):
    # a link inside site/ to a file outside it, as a careless hand might make.
    time.sleep(3)
    os.symlink(work / "secret.txt", site / "leak.txt")
    traversal = {path: raw_status(port, path) for path in TRAVERSALS}
    time.sleep(1)
    rss_after = rss_mib(process.pid)

    line = next((l for l in wrk.stdout.splitlines() if l.startswith("SOAK ")), None)
    if line is None:
        sys.exit("soak: wrk printed no figures:\n" + wrk.stdout + wrk.stderr)
    f = json.loads(line[5:])
    errors = f["connect"] + f["read"] + f["write"] + f["status"] + f["timeout"]
    log = log_path.read_text()
    rebuilds = len(re.findall(r"^(?:built|rebuilt)", log, flags=re.M))
    refused = log.count("refused GET")
    print(f"soak: {args.seconds} s, {len(paths)} pages of {args.clients} clients, {args.connections} connections, "
          f"an edit every {args.edit_every} s ({result.get('edits', 0)} edits)")
    print(f"  requests   {f['requests']} ({f['requests'] / f['seconds']:.0f}/s)")
    print(f"  errors     {errors} (connect {f['connect']}, read {f['read']}, write {f['write']}, "
          f"status {f['status']}, timeout {f['timeout']})")
    print(f"  latency    p50 {f['p50'] / 1000:.2f} ms, p90 {f['p90'] / 1000:.2f} ms, p99 {f['p99'] / 1000:.2f} ms, "
          f"p99.9 {f['p999'] / 1000:.2f} ms, max {f['max'] / 1000:.2f} ms")
    print(f"  rebuild lines in the server's log: {rebuilds}")
    print(f"  traversal  {traversal} ({refused} logged as refused)")
    print(f"  RSS        {rss_before:.1f} MiB before, {rss_after:.1f} MiB after "
          f"(growth {rss_after - rss_before:+.1f} MiB, bound {args.rss_bound:.0f} MiB)")
    failed = []
    if errors:
        failed.append(f"{errors} failed requests")
    if any(status != 404 for status in traversal.values()) or refused < len(TRAVERSALS):
        failed.append("a traversal probe was not answered 404 and logged")
    if rss_after - rss_before > args.rss_bound:
        failed.append("memory grew beyond the bound")
    if process.poll() is not None:
        failed.append("the server exited")
    if failed:
        print("soak: FAILED: " + "; ".join(failed))
        return 1
    print("soak: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
