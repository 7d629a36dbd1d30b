"""The portfolio's sections over time and people (issue 17), on the example
agency and on a generated corpus: "what changed since last week" equals the
set computed here from the content files alone (PyYAML, no Porthole code),
the health chart's table counts the updates week by week, portfolio.csv
parses with the csv module and is the index's table, and exactly the
planted people are over-allocated, on the page and in `porthole check`."""
import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, build_corpus, porthole

WEEK = timedelta(days=7)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def visible(folder: Path, pattern: str):
    return sorted(p for p in folder.glob(pattern) if not p.name.startswith(("_", ".")))


def as_date(value):
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


class ProjectFiles:
    """One project read from its files, with the rules of
    docs/content-format.md ("What changed since last week")."""

    def __init__(self, folder: Path, playbooks: dict, today: date):
        self.slug, self.client = folder.name, folder.parent.name
        self.data = yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))
        playbook = playbooks[self.data["playbook"]]
        update = playbook.get("update") or {}
        self.stale_after = update.get("cadence_days", 7) + update.get("grace_days", 2)
        self.threshold = playbook.get("high_risk_score", 15)
        self.updates = [(date.fromisoformat(p.stem), front(p)["status"]) for p in visible(folder / "updates", "*.md")]
        self.decisions = [(int(p.name[:4]), front(p)) for p in visible(folder / "decisions", "*.md")]
        self.today, self.previous, self.first = today, today - WEEK, today - timedelta(days=6)

    def latest(self, day):
        before = [u for u in self.updates if u[0] <= day]
        return before[-1] if before else None

    def rag(self, day):
        latest = self.latest(day)
        return latest[1] if latest else None

    def stale(self, day):
        latest = self.latest(day)
        return latest is not None and (day - latest[0]).days > self.stale_after

    def state(self, day):
        if self.rag(day) is None:
            return None
        return "stale" if self.stale(day) else self.rag(day)

    def in_week(self, day):
        return day is not None and self.first <= day <= self.today

    def changes(self):
        found = set()
        now, before = self.rag(self.today), self.rag(self.previous)
        if now and now != before:
            found.add(("rag-changed", "", None))
            if now == "red":
                found.add(("new-red", "", None))
        if self.stale(self.today) and not self.stale(self.previous):
            found.add(("gone-stale", "", (self.today - self.latest(self.today)[0]).days))
        for m in self.data.get("milestones") or []:
            found |= self.milestone_changes(m)
        for r in self.data.get("risks") or []:
            if r["probability"] * r["impact"] < self.threshold:
                continue
            status = r.get("status", "open")
            if status == "open" and self.in_week(as_date(r.get("raised"))):
                found.add(("new-high-risk", r["id"], None))
            if status != "open" and self.in_week(as_date(r.get("closed"))):
                found.add(("closed-high-risk", r["id"], None))
        for number, d in self.decisions:
            ref, status = f"D-{number:04d}", d.get("status", "proposed")
            if status in ("accepted", "rejected") and self.in_week(as_date(d["date"])):
                found.add(("decision-taken", ref, None))
            due = as_date(d.get("due"))
            if status == "proposed" and not d.get("internal") and due and self.previous <= due < self.today:
                found.add(("decision-overdue", ref, (self.today - due).days))
        return found

    def milestone_changes(self, m):
        due, done = as_date(m["due"]), as_date(m.get("done"))
        forecast = as_date(m.get("forecast")) or due
        moves = [(as_date(x["date"]), as_date(x["from"])) for x in m.get("moved") or []]

        def forecast_on(day):
            return next((old for on, old in moves if on > day), forecast)

        def done_by(day):
            return done is not None and done <= day

        def overdue(day):
            return not done_by(day) and day > forecast_on(day)

        found = set()
        if self.in_week(done):
            found.add(("milestone-hit", m["id"], (done - due).days))
        if overdue(self.today) and not overdue(self.previous):
            found.add(("milestone-missed", m["id"], (self.today - forecast_on(self.today)).days))
        a, b = forecast_on(self.previous), forecast_on(self.today)
        if a != b and not done_by(self.previous):
            found.add(("milestone-moved", m["id"], (b - a).days))
        return found


def agency(content: Path, today: date):
    playbooks = {p.stem: yaml.safe_load(p.read_text()) for p in visible(content / "playbooks", "*.yaml")}
    return [ProjectFiles(p.parent, playbooks, today) for p in sorted(content.glob("clients/*/*/project.yaml"))]


def exported(portfolio: Path):
    return json.loads((portfolio / "portfolio.json").read_text(encoding="utf-8"))


def exported_changes(document):
    found = set()
    for project in document["projects"]:
        key = (project["row"]["client_slug"], project["row"]["project_slug"])
        for c in project["changes"]:
            days = c.get("days") if c["kind"] not in ("rag-changed", "new-red", "new-high-risk", "closed-high-risk",
                                                       "decision-taken") else None
            found.add(key + (c["kind"], c["item"], days))
    return found


def expected_changes(projects):
    return {(p.client, p.slug) + change for p in projects for change in p.changes()}


def health_table(index: str, weeks: int):
    table = re.search(r'<table class="portfolio-health-table[^"]*" data-weeks="%d">(.*?)</table>' % weeks, index, re.S).group(1)
    rows = {}
    for week, cells in re.findall(r'<tr data-week="([0-9-]+)">(.*?)</tr>', table, re.S):
        rows[week] = {state: int(n) for state, n in re.findall(r'data-state="(\w+)"[^>]*>(\d+)<', cells)}
    return rows


def expected_health(projects, today: date, weeks: int):
    rows = {}
    for k in range(weeks):
        day = today - WEEK * k
        counts = {"green": 0, "amber": 0, "red": 0, "stale": 0}
        for p in projects:
            state = p.state(day)
            if state:
                counts[state] += 1
        rows[day.isoformat()] = counts
    return rows


def people_over(content: Path, today: date):
    """Who is over capacity on some day of the 13 weeks from today's Monday."""
    portal = yaml.safe_load((content / "portal.yaml").read_text())
    capacity = {c["person"]: c["percent"] for c in portal.get("capacity") or []}
    entries = []
    for path in sorted(content.glob("clients/*/*/project.yaml")):
        data = yaml.safe_load(path.read_text())
        for t in data.get("team") or []:
            start = as_date(t.get("from")) or as_date(data["start"])
            end = as_date(t.get("to")) or as_date(data.get("target"))
            entries.append((t["person"], t["allocation"], start, end))
    monday = today - timedelta(days=today.weekday())
    over = set()
    for k in range(13 * 7):
        day = monday + timedelta(days=k)
        totals = {}
        for person, allocation, start, end in entries:
            if start <= day and (end is None or day <= end):
                totals[person] = totals.get(person, 0) + allocation
        over |= {person for person, total in totals.items() if total > capacity.get(person, 100)}
    return over


def page_over(index: str):
    return set(re.findall(r'<tr data-person="([^"]+)" class="portfolio-allocation--over">', index))


def table_hrefs(index: str):
    table = re.search(r'<table class="portfolio-table">(.*?)</table>', index, re.S).group(1)
    return re.findall(r'<a class="portfolio-row__name" href="([^"]+)"', table)


def check_csv(portfolio: Path, index: str, document):
    raw = (portfolio / "portfolio.csv").read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "RFC 4180 lines end with CRLF"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows[0] == document["columns"]
    records = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert records == [p["row"] for p in document["projects"]]
    assert [f"{r['client_slug']}/{r['project_slug']}/index.html" for r in records] == table_hrefs(index)
    assert all(len(r) == len(rows[0]) for r in rows)


def unescape(text: str) -> str:
    import html
    return html.unescape(text)


def check_all(content: Path, portfolio: Path):
    today = date.fromisoformat(TODAY)
    projects = agency(content, today)
    document = exported(portfolio)
    index = unescape((portfolio / "index.html").read_text(encoding="utf-8"))
    assert exported_changes(document) == expected_changes(projects)
    for weeks in (13, 26):
        assert health_table(index, weeks) == expected_health(projects, today, weeks)
    check_csv(portfolio, index, document)
    assert page_over(index) == people_over(content, today)
    return projects, document, index


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus-trends"), 9)


def test_example_portfolio_trends_match_the_files(example_build):
    projects, document, index = check_all(ROOT / "content", example_build / "portfolio")
    kinds = {c[2] for c in expected_changes(projects)}
    # The example plants one of most kinds this week.
    assert {"rag-changed", "milestone-moved", "milestone-missed", "closed-high-risk"} <= kinds, kinds
    assert page_over(index) == {"Marta Kowalska"}


def test_corpus_portfolio_trends_match_the_files(corpus):
    projects, document, index = check_all(corpus / "content", corpus / "portfolio")
    planted = set(json.loads((corpus / "canaries.json").read_text())["overallocated"])
    assert planted and page_over(index) == planted
    assert len(expected_changes(projects)) >= 10


def test_check_warns_at_each_planted_team_entry(example_build):
    result = porthole("check", "--content", str(ROOT / "content"), "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=ROOT)
    lines = [l for l in result.stderr.splitlines() if "is allocated" in l]
    assert len(lines) == 2, result.stderr
    assert all("Marta Kowalska is allocated 110 %" in l for l in lines)
    places = set()
    for path in ("fenwick-outdoor/shopify-plus-migration", "larkspur-skincare/storefront-rebuild"):
        text = (ROOT / "content" / "clients" / path / "project.yaml").read_text()
        root = yaml.compose(text)
        team = dict((k.value, v) for k, v in root.value)["team"]
        for node in team.value:
            if dict((k.value, v.value) for k, v in node.value)["person"] == "Marta Kowalska":
                places.add(f"content/clients/{path}/project.yaml:{node.start_mark.line + 1}:{node.start_mark.column + 1}")
    assert {l.split(": warning: ")[0] for l in lines} == places


def test_team_data_never_reaches_the_site(corpus, example_build):
    clients = json.loads((corpus / "canaries.json").read_text())["clients"]
    site_files = [p.read_bytes() for p in (corpus / "site").rglob("*") if p.is_file()]
    exports = (corpus / "portfolio" / "portfolio.json").read_bytes()
    for slug, entry in clients.items():
        token = entry["team"].encode()
        assert token in exports, f"{slug}'s team is not in the portfolio's export"
        assert not any(token in data for data in site_files), f"{slug}'s team data reached site/"
    # The example's team roles, and a person named only in team entries.
    site = [p.read_text(errors="replace") for p in (example_build / "site").rglob("*") if p.is_file()]
    for word in ("Migration advisor", "Data migration lead", "Integration developer", "CRO advisor", "Ibrahim Musa"):
        assert not any(word in text for text in site), f"{word!r} reached site/"
