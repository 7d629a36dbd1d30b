"""Every command that writes files, killed (SIGKILL) at random moments,
leaves each file it writes either absent or whole, never half-written, and
nothing else behind that the next build would trip on, such as a new folder
without its file (issue 18). The
build's own sweep, with site/ and portfolio/, is test_atomic.py.

Table-driven: a writing command is one line of COMMANDS (its arguments, with
{client}, {project} and {playbook} filled in from a generated agency, and the
files it creates relative to the run's folder). `porthole init` writes a
folder of its own, outside content/, and has its own sweep below."""
import os
import random
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BIN, generate_corpus


@dataclass
class Case:
    name: str
    arguments: list
    creates: list


COMMANDS = [
    Case("new client", ["new", "client", "zz-new-client"], ["content/clients/zz-new-client/client.yaml"]),
    Case("new project", ["new", "project", "{client}/zz-new-project", "--playbook", "{playbook}", "--start", "2026-11-30"],
         ["content/clients/{client}/zz-new-project/project.yaml"]),
    Case("new update", ["new", "update", "{client}/{project}", "--date", "2026-12-28"],
         ["content/clients/{client}/{project}/updates/2026-12-28.md"]),
    Case("new decision", ["new", "decision", "{client}/{project}", "Use a sweep-tested thing"],
         ["content/clients/{client}/{project}/decisions/*-use-a-sweep-tested-thing.md"]),
    Case("hubspot pull", ["hubspot", "pull", "--from-csv", "companies.csv", "--from-csv", "contacts.csv"],
         ["content/clients/zephyr-kites-ltd/client.yaml", "content/clients/quill-ink/client.yaml"]),
]

# HubSpot's CSV exports of two companies and a contact (docs/hubspot.md):
# what `hubspot pull --from-csv` reads, so the sweep needs no server.
HUBSPOT_EXPORTS = {
    "companies.csv": "Record ID,Company name,Company Domain Name\n9001,Zephyr Kites Ltd,zephyr.example\n9002,Quill & Ink,quill.example\n",
    "contacts.csv": "Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs\n7001,Ada,Stone,ada@zephyr.example,COO,9001\n",
}

ATTEMPTS = 16

# The hidden folder `porthole new client` (and `new project`) stages a new
# folder in before renaming it into place: a run killed in between leaves
# it. No build reads a hidden name, and the next run of the command
# removes it (AtomicFile.create).
STAGING = re.compile(r"(^|/)\.[^/]+\.tmp-\d+(/|$)")


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    work = generate_corpus(tmp_path_factory.mktemp("atomic-commands"), 4)
    for name, text in HUBSPOT_EXPORTS.items():
        (work / name).write_text(text, encoding="utf-8")
    clients = work / "content" / "clients"
    client = sorted(p.name for p in clients.iterdir())[0]
    project = sorted(p.parent.name for p in (clients / client).glob("*/project.yaml"))[0]
    playbook = sorted(p.stem for p in (work / "content" / "playbooks").glob("*.yaml"))[0]
    return work, {"client": client, "project": project, "playbook": playbook}


def snapshot(folder: Path):
    """Every file and folder under content/, with its bytes."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def run(work, arguments, env, kill_after=None):
    process = subprocess.Popen([str(BIN), *arguments, "--content", "content", "--today", "2026-11-27"], cwd=work,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if kill_after is None:
        return process.wait()
    time.sleep(kill_after)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return killed


@pytest.mark.parametrize("case", COMMANDS, ids=lambda case: case.name)
def test_sigkill_never_leaves_a_half_written_file(agency, case):
    work, names = agency
    arguments = [a.format(**names) for a in case.arguments]
    creates = [c.format(**names) for c in case.creates]
    env = dict(os.environ, PORTHOLE_SECRET="atomic", NO_COLOR="1")
    content = work / "content"
    before = snapshot(content)

    def undo():
        """Removes whatever the last run added, so the next starts alike."""
        for path in sorted(content.rglob("*"), key=lambda p: -len(p.parts)):
            key = str(path.relative_to(content))
            if key not in before:
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()

    # A whole run: the files it writes, and how long it takes.
    started = time.monotonic()
    assert run(work, arguments, env) == 0
    duration = time.monotonic() - started
    whole = {k: v for k, v in snapshot(content).items() if k not in before}
    created = [k for k, v in whole.items() if v is not None]
    assert len(created) == len(creates), created
    for pattern in creates:
        assert any(Path("content", k).match(pattern) for k in created), (pattern, created)
    undo()

    def check():
        """What a build would say of the content now: its exit status and errors."""
        result = subprocess.run([str(BIN), "check", "--content", "content", "--today", "2026-11-27"], cwd=work, env=env,
                                capture_output=True, text=True)
        return result.returncode, [line for line in result.stdout.splitlines() + result.stderr.splitlines()
                                   if ": error:" in line]

    baseline = check()
    rng = random.Random(20261127)
    kills = 0
    for attempt in range(ATTEMPTS):
        kills += run(work, arguments, env, kill_after=rng.uniform(0, duration))
        after = snapshot(content)
        staged = [key for key in after if key not in before and STAGING.search(key)]
        for key, data in after.items():
            if key in before:
                assert data == before[key], f"attempt {attempt}: {key} changed"
            elif data is not None and key not in staged:
                assert key in whole, f"attempt {attempt}: left {key} behind"
                assert data == whole[key], f"attempt {attempt}: {key} is half-written"
        # A folder without its file would be an error in the next build.
        if not any(data is not None for key, data in after.items() if key not in before and key not in staged):
            assert check() == baseline, f"attempt {attempt}: the killed run left content a build refuses"
        if staged:
            assert run(work, arguments, env) == 0
            left = [key for key in snapshot(content) if key not in before and STAGING.search(key)]
            assert not left, f"attempt {attempt}: the next run did not remove {left}"
        undo()
    assert kills >= ATTEMPTS // 2, f"only {kills} of {ATTEMPTS} runs were killed before they finished"


def test_sigkill_during_init_leaves_no_folder_or_a_whole_one(tmp_path):
    """`porthole init DIR` stages the agency beside DIR and renames it: killed
    at any moment, DIR is absent or exactly what a whole run writes."""
    env = dict(os.environ, NO_COLOR="1")

    def tree(folder: Path):
        return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}

    def init(target: Path, kill_after=None):
        process = subprocess.Popen([str(BIN), "init", str(target), "--name", "Sweep Agency", "--today", "2026-11-27"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill_after is None:
            return process.wait()
        time.sleep(kill_after)
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        process.wait()
        return killed

    started = time.monotonic()
    assert init(tmp_path / "whole") == 0
    duration = time.monotonic() - started
    whole = tree(tmp_path / "whole")
    assert "content/portal.yaml" in whole and len([k for k, v in whole.items() if v is not None]) > 5
    rng = random.Random(20261203)
    kills = 0
    for attempt in range(ATTEMPTS):
        target = tmp_path / f"killed-{attempt}"
        kills += init(target, kill_after=rng.uniform(0, duration))
        if target.exists():
            assert tree(target) == whole, f"attempt {attempt}: {target.name} is not the whole agency"
    assert kills >= ATTEMPTS // 2, f"only {kills} of {ATTEMPTS} runs were killed before they finished"
