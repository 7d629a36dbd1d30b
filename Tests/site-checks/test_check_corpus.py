"""`porthole check` on a generated corpus reports exactly the stale, overdue
and contradictory items the data contains. The expected set is computed here
from the generated files alone, with PyYAML and regular expressions."""
import json
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import yaml

import pytest

from conftest import BIN, TODAY, generate_corpus

CODES = {"stale-update", "overdue-milestone", "rag-contradiction"}
INTERNAL_ATX = re.compile(r"^ {0,3}##[ \t]+internal[ \t]*#*[ \t]*$", re.I)
SECTION_ATX = re.compile(r"^ {0,3}#{1,2}([ \t]|$)")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def split_note(path: Path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def visible_text(body: str) -> str:
    """The body without its `## Internal` sections (ATX any case, closing
    hashes, or setext), up to the next level-1 or level-2 heading."""
    lines = body.split("\n")
    kept, hiding = [], False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        setext = line.strip() and SETEXT.match(following) and not SECTION_ATX.match(line)
        if SECTION_ATX.match(line) or setext:
            hiding = bool(INTERNAL_ATX.match(line)) or bool(setext and line.strip().lower() == "internal")
        if not hiding:
            kept.append(line)
    return "\n".join(kept)


def mentions(text: str, ident: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(ident) + r"(?![A-Za-z0-9_])", text) is not None


def expected_diagnostics(content: Path, today: date):
    expected = set()
    playbooks = {p.stem: yaml.safe_load(p.read_text()) for p in (content / "playbooks").glob("*.yaml")}
    for project_file in sorted(content.glob("clients/*/*/project.yaml")):
        folder = project_file.parent
        display = lambda p: "content/" + str(p.relative_to(content))
        text = project_file.read_text()
        project = yaml.safe_load(text)
        # Each milestone's line: where its mapping starts, as PyYAML composes it.
        root = yaml.compose(text)
        nodes = dict((k.value, v) for k, v in root.value)
        milestone_lines = [node.start_mark.line + 1 for node in nodes["milestones"].value] if "milestones" in nodes else []
        playbook = playbooks[project["playbook"]]["update"]
        updates = sorted(p for p in (folder / "updates").glob("*.md") if not p.name.startswith(("_", ".")))
        latest = updates[-1]
        front, body = split_note(latest)
        latest_date = date.fromisoformat(latest.stem)
        if (today - latest_date).days > playbook["cadence_days"] + playbook["grace_days"]:
            expected.add(("stale-update", display(latest), 1))
        # Approved, client-visible change requests move a milestone's baseline
        # by their days; a forecast left on the original baseline (or none)
        # follows it (docs/content-format.md, "Change requests").
        changes = [split_note(p)[0] for p in sorted((folder / "changes").glob("*.md"))] if (folder / "changes").is_dir() else []
        approved = [c for c in changes if c.get("status") == "approved" and not c.get("internal")]
        overdue_visible = []
        for milestone, line in zip(project.get("milestones") or [], milestone_lines):
            due = milestone["due"]
            current = due + timedelta(days=sum(int(c.get("days", 0)) for c in approved
                                               if milestone["id"] in (c.get("milestones") or [])))
            forecast = milestone.get("forecast") or due
            forecast = current if forecast == due else forecast
            if milestone.get("done") or not today > forecast:
                continue
            internal = bool(milestone.get("internal"))
            if not internal:
                overdue_visible.append(milestone)
            seen = body if internal else front["headline"] + "\n" + visible_text(body)
            if not mentions(seen, str(milestone["id"])):
                expected.add(("overdue-milestone", display(project_file), line))
        if front["status"] == "green":
            status_line = 1 + next(i for i, l in enumerate(latest.read_text().split("\n")[1:], 1) if l.startswith("status:"))
            if overdue_visible:
                expected.add(("rag-contradiction", display(latest), status_line, "milestone"))
            risky = [r for r in project.get("risks") or []
                     if r.get("status", "open") == "open" and not r.get("internal") and r["probability"] * r["impact"] >= 20]
            if risky:
                expected.add(("rag-contradiction", display(latest), status_line, "risk"))
    return expected


@pytest.fixture(scope="module")
def corpus20(tmp_path_factory):
    """20 clients: enough for every kind of planted problem, stale notes included."""
    return generate_corpus(tmp_path_factory.mktemp("corpus20"), 20)


def test_check_reports_exactly_the_planted_problems(corpus20):
    work = corpus20
    result = subprocess.run([str(BIN), "check", "--format", "json", "--today", TODAY, "--content", "content",
                             "--themes", str(Path(__file__).resolve().parents[2] / "themes")],
                            cwd=work, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    reported = set()
    for line in result.stdout.splitlines():
        d = json.loads(line)
        if d["code"] not in CODES:
            continue
        if d["code"] == "rag-contradiction":
            kind = "milestone" if "milestone" in d["message"] else "risk"
            reported.add((d["code"], d["file"], d["line"], kind))
        else:
            reported.add((d["code"], d["file"], d["line"]))
    expected = expected_diagnostics(work / "content", date.fromisoformat(TODAY))
    assert any(e[0] == "overdue-milestone" for e in expected), "the corpus plants overdue milestones"
    assert any(e[0] == "rag-contradiction" for e in expected), "the corpus plants green-while-overdue projects"
    assert any(e[0] == "stale-update" for e in expected), "the corpus plants stale projects"
    assert reported == expected, f"missing {sorted(expected - reported)[:5]}, unexpected {sorted(reported - expected)[:5]}"
