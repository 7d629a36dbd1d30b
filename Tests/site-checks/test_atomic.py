"""A build killed at any moment (SIGKILL) never leaves site/ (or the
agency's portfolio/ beside it) missing, partial or mixed (site.md property
5), and the next build cleans up."""
import hashlib
import os
import random
import signal
import subprocess
import time
from pathlib import Path

from conftest import BIN, ROOT, corpus_passwords, generate_corpus


def tree_digest(site):
    """Every file's path and bytes; not a portfolio's .porthole-owner, a random
    token of the build that wrote it (docs/architecture.md)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.relative_to(site) != Path(".porthole-owner")):
        digest.update(str(path.relative_to(site)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_sigkill_at_random_moments_never_breaks_the_site(tmp_path):
    generate_corpus(tmp_path, 12)
    env = dict(os.environ, PORTHOLE_SECRET="atomic", NO_COLOR="1", **corpus_passwords(tmp_path))
    site = tmp_path / "site"
    portfolio = tmp_path / "portfolio"

    def command(today):
        return [str(BIN), "build", "--quiet", "--content", "content", "--themes", str(ROOT / "themes"), "--output", "site",
                "--today", today]

    # Two different complete sites: every page's footer carries the date.
    days = ["2026-11-27", "2026-11-28"]
    digests, portfolio_digests = {}, {}
    for day in days:
        subprocess.run(command(day), cwd=tmp_path, env=env, check=True, capture_output=True)
        digests[day] = tree_digest(site)
        portfolio_digests[day] = tree_digest(portfolio)
    assert digests[days[0]] != digests[days[1]]
    assert portfolio_digests[days[0]] != portfolio_digests[days[1]]
    # How long a (warm, incremental) build of the other day takes.
    durations = []
    for day in days * 2:
        started = time.monotonic()
        subprocess.run(command(day), cwd=tmp_path, env=env, check=True, capture_output=True)
        durations.append(time.monotonic() - started)
    duration = min(durations)

    rng = random.Random(20261127)
    kills = 0
    for attempt in range(24):
        # Always build the day that is not published, so no run is a no-op.
        current = tree_digest(site)
        day = days[1] if current == digests[days[0]] else days[0]
        process = subprocess.Popen(command(day), cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 0.9))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        assert site.is_dir(), f"attempt {attempt}: site/ is missing"
        assert tree_digest(site) in digests.values(), f"attempt {attempt}: site/ is partial or mixed"
        # Each folder is swapped in whole; a kill between the two swaps may
        # leave them a day apart, never either one partial.
        assert portfolio.is_dir(), f"attempt {attempt}: portfolio/ is missing"
        assert tree_digest(portfolio) in portfolio_digests.values(), f"attempt {attempt}: portfolio/ is partial or mixed"
        assert (portfolio / ".porthole-owner").is_file(), f"attempt {attempt}: portfolio/ has no owner token: not whole"
    assert kills >= 20, f"only {kills} of 24 runs were killed mid-build"

    # The next build removes what killed builds left behind.
    subprocess.run(command(days[0]), cwd=tmp_path, env=env, check=True, capture_output=True)
    # What may stay beside site/: the manifest and the spare tree (with its
    # manifest) that the next build updates; trash is being deleted in the
    # background. Nothing named staging may be left.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith((".site.staging-", ".portfolio.staging-"))]
    assert leftovers == [], leftovers
    assert tree_digest(site) == digests[days[0]]
    assert tree_digest(portfolio) == portfolio_digests[days[0]]
