"""Budgets, earned value, change requests and KPIs, checked against the
content files with an independent implementation (docs/content-format.md,
"How earned value is worked out"), on the example agency and on a generated
corpus (scripts/gen_corpus.py), and the isolation of internal money data:
internal budgets, internal change requests and internal KPIs reach the
portfolio and never the site."""
import csv
import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, TODAY, html_escaped, porthole

TODAY_DATE = dt.date.fromisoformat(TODAY)


def front(path: Path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---", 1)[0][4:]) or {}


def date(value):
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def earned_value(project_dir: Path, today=TODAY_DATE):
    """PV, EV, AC, CPI, SPI, EAC and BAC from the files, or None without a budget."""
    project = yaml.safe_load((project_dir / "project.yaml").read_text(encoding="utf-8"))
    budget = project.get("budget")
    if not budget:
        return None
    changes = []
    if (project_dir / "changes").is_dir():
        changes = [front(p) for p in sorted((project_dir / "changes").glob("*.md"))]
    approved = [c for c in changes if c.get("status") == "approved" and not c.get("internal")]
    bac = float(budget.get("amount", budget.get("hours"))) + sum(float(c.get("cost", 0)) for c in approved)
    plan = [m for m in project.get("milestones", []) if not m.get("internal")]
    shift = {m["id"]: sum(int(c.get("days", 0)) for c in approved if m["id"] in (c.get("milestones") or [])) for m in plan}
    planned = sum(1 for m in plan if date(m["due"]) + dt.timedelta(days=shift[m["id"]]) <= today)
    done = sum(1 for m in plan if m.get("done") and date(m["done"]) <= today)
    n = len(plan)
    pv = bac * planned / n if n else 0.0
    ev = bac * done / n if n else 0.0
    sheet = project_dir / "timesheet.csv"
    readings = []
    if sheet.is_file():
        per_day = {}
        for row in csv.DictReader(sheet.open(encoding="utf-8")):
            per_day[row["date"]] = per_day.get(row["date"], 0.0) + float(row["hours"])
        total, rate = 0.0, float(budget.get("hourly_rate", 1)) if "amount" in budget else 1.0
        for day in sorted(per_day):
            total += per_day[day]
            readings.append((date(day), round(total * rate, 2)))
    else:
        for note in sorted((project_dir / "updates").glob("*.md")):
            spent = front(note).get("spent")
            if spent is not None:
                readings.append((date(note.stem), float(spent)))
    ac = ([v for d, v in readings if d <= today] or [0.0])[-1]
    cpi = ev / ac if ac > 0 else None
    spi = ev / pv if pv > 0 else None
    eac = bac / cpi if cpi else None
    return {"bac": bac, "pv": pv, "ev": ev, "ac": ac, "cpi": cpi, "spi": spi, "eac": eac,
            "visible": budget.get("visibility") == "client"}


@dataclass
class Agency:
    """Built content: its site, its portfolio and the files they came from."""
    site: Path
    portfolio: Path
    content: Path

    def projects(self):
        for client_dir in sorted((self.content / "clients").iterdir()):
            for project_dir in sorted(p for p in client_dir.iterdir() if p.is_dir()):
                yield client_dir, project_dir

    def budgets(self):
        return sum(1 for _, project_dir in self.projects() if earned_value(project_dir) is not None)


@pytest.fixture(scope="module", params=["example", "corpus"])
def agency(request):
    """The example agency, then the 5-client generated corpus (built by
    conftest without --portfolio: its portfolio is beside its content)."""
    if request.param == "example":
        return Agency(request.getfixturevalue("example_site"), request.getfixturevalue("example_portfolio"),
                      ROOT / "content")
    site = request.getfixturevalue("corpus_site")
    return Agency(site, site.parent / "portfolio", site.parent / "content")


def close(a, b, tolerance=0.01):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tolerance * max(1.0, abs(a))


def published_projects(site: Path, content: Path):
    for client_dir in sorted((content / "clients").iterdir()):
        matches = [p for p in site.iterdir() if p.name == client_dir.name or p.name.startswith(client_dir.name + "-")]
        matches = [p for p in matches if p.name == client_dir.name or len(p.name) == len(client_dir.name) + 17]
        for project_dir in sorted(p for p in client_dir.iterdir() if p.is_dir()):
            yield (matches[0] / project_dir.name if matches else None), project_dir


def test_status_json_earned_value_equals_an_independent_computation(agency):
    checked = 0
    for published, source in published_projects(agency.site, agency.content):
        expected = earned_value(source)
        status = published / "status.json" if published else None
        if status is None or not status.is_file():
            continue  # a password portal publishes no status.json
        document = json.loads(status.read_text())
        if expected is None or not expected["visible"]:
            assert "budget" not in document, f"{source}: an internal budget in {status}"
            continue
        budget = document["budget"]
        for key, field in [("bac", "budget"), ("pv", "plannedValue"), ("ev", "earnedValue"), ("ac", "spent"),
                           ("cpi", "costPerformanceIndex"), ("spi", "schedulePerformanceIndex"),
                           ("eac", "estimateAtCompletion")]:
            assert close(expected[key], budget.get(field)), f"{source}: {field} {budget.get(field)} != {expected[key]}"
        checked += 1
    assert checked >= 2, "the example agency and the corpus publish client-visible budgets"


def test_portfolio_budget_health_equals_an_independent_computation(agency):
    """Each project page of the portfolio shows CPI and SPI as the files give them."""
    checked = 0
    for client_dir, project_dir in agency.projects():
        expected = earned_value(project_dir)
        if expected is None:
            continue
        page = (agency.portfolio / client_dir.name / project_dir.name / "index.html").read_text(encoding="utf-8")
        for key, label in [("cpi", "CPI"), ("spi", "SPI")]:
            shown = "–" if expected[key] is None else f"{expected[key]:.2f}"
            assert f"<dt>{label}</dt><dd>{shown}</dd>" in page, f"{project_dir}: {label} {shown} not on the portfolio page"
        checked += 1
    assert checked == agency.budgets() >= 5


def expected_export(project_dir: Path, content: Path):
    """The budget columns of portfolio.csv, from the files: internal budgets
    included, overrun by the budget's (else the playbook's, else 10 %)
    tolerance, change requests awaiting the client with their total cost."""
    project = yaml.safe_load((project_dir / "project.yaml").read_text(encoding="utf-8"))
    changes = []
    if (project_dir / "changes").is_dir():
        changes = [front(p) for p in sorted((project_dir / "changes").glob("*.md"))]
    awaiting = [c for c in changes if c.get("status", "proposed") == "proposed" and not c.get("internal")]
    row = {"change_requests_awaiting": len(awaiting),
           "change_requests_awaiting_value": sum(float(c.get("cost", 0)) for c in awaiting)}
    ev = earned_value(project_dir)
    if ev is None:
        return row
    budget = project["budget"]
    playbook_file = content / "playbooks" / f"{project['playbook']}.yaml"
    playbook = yaml.safe_load(playbook_file.read_text(encoding="utf-8")) if playbook_file.is_file() else {}
    tolerance = budget.get("tolerance", ((playbook or {}).get("budget") or {}).get("tolerance", 10))
    ceiling = ev["bac"] * (1 + float(tolerance) / 100)
    row.update({"budget_unit": budget.get("currency", "h") if "amount" in budget else "h",
                "budget": ev["bac"], "spent": ev["ac"], "planned_value": ev["pv"], "earned_value": ev["ev"],
                "cpi": ev["cpi"], "spi": ev["spi"], "eac": ev["eac"],
                "budget_overrun": "true" if ev["ac"] > ceiling or (ev["eac"] or 0) > ceiling else "false"})
    return row


def test_portfolio_exports_budget_columns_equal_an_independent_computation(agency):
    """portfolio.csv and portfolio.json carry each project's budget health
    (internal budgets too: the portfolio is the agency's) as the files give it."""
    with (agency.portfolio / "portfolio.csv").open(encoding="utf-8", newline="") as f:
        records = {(r["client_slug"], r["project_slug"]): r for r in csv.DictReader(f)}
    document = json.loads((agency.portfolio / "portfolio.json").read_text(encoding="utf-8"))
    assert [p["row"] for p in document["projects"]] == list(records.values())
    text_columns = {"budget_unit", "budget_overrun"}
    budgets = 0
    for client_dir, project_dir in agency.projects():
        record = records[(client_dir.name, project_dir.name)]
        expected = expected_export(project_dir, agency.content)
        if "budget" not in expected:
            assert all(record[c] == "" for c in ["budget_unit", "budget", "cpi", "eac", "budget_overrun"]), record
        else:
            budgets += 1
        for column, value in expected.items():
            if column in text_columns:
                assert record[column] == value, f"{project_dir}: {column} {record[column]!r} != {value!r}"
            else:
                shown = None if record[column] == "" else float(record[column])
                assert close(float(value) if value is not None else None, shown), \
                    f"{project_dir}: {column} {record[column]!r} != {value!r}"
    assert budgets == agency.budgets() >= 5
    assert sum(int(r["change_requests_awaiting"]) for r in records.values()) >= 1


CANARY_BUDGET = "9876543"
CANARY_CHANGE = "CANARY-CR-INTERNAL-QZXV"
CANARY_KPI = "CANARY-KPI-INTERNAL-WQJP"


@pytest.fixture(scope="module")
def canary_build(tmp_path_factory):
    """The example agency with an internal budget, an internal change request
    and an internal KPI planted in a public client's project."""
    work = tmp_path_factory.mktemp("money-canaries")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    project = content / "clients" / "ashby-and-sons" / "ashby-home-storefront"
    with (project / "project.yaml").open("a", encoding="utf-8") as f:
        f.write(f"budget:\n  amount: {CANARY_BUDGET}\n  currency: GBP\n  visibility: internal\n")
        f.write(f"kpis:\n  - {{ id: margin, name: {CANARY_KPI}, baseline: 1, target: 2, direction: up, internal: true }}\n")
    (project / "changes").mkdir()
    (project / "changes" / "0001-internal-replan.md").write_text(
        f"---\ntitle: {CANARY_CHANGE}\nstatus: approved\ncost: 1200\ndays: 3\nmilestones: [M3]\n"
        f"decided_on: 2026-11-02\ninternal: true\n---\nInternal re-plan {CANARY_CHANGE}.\n", encoding="utf-8")
    result = porthole("build", "--content", str(content), "--themes", str(ROOT / "themes"), "--output", str(work / "site"),
                      "--portfolio", str(work / "portfolio"), "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=work)
    assert result.returncode == 0, result.stderr
    return work


def test_internal_money_canaries_reach_the_portfolio_and_never_the_site(canary_build):
    site_files = [(p, p.read_bytes()) for p in (canary_build / "site").rglob("*") if p.is_file()]
    shown_budget = "9,876,543"
    for canary in [CANARY_CHANGE, CANARY_KPI, CANARY_BUDGET, shown_budget]:
        leaks = [str(p) for p, data in site_files if canary.encode() in data]
        assert not leaks, f"{canary} in {leaks[:3]}"
    page = (canary_build / "portfolio" / "ashby-and-sons" / "ashby-home-storefront" / "index.html").read_text(encoding="utf-8")
    for canary in [CANARY_CHANGE, CANARY_KPI, shown_budget]:
        assert canary in page, f"{canary} missing from the portfolio page"
    assert shown_budget in (canary_build / "portfolio" / "index.html").read_text(encoding="utf-8")
    # The internal change moves no baseline: no change log page for the client at all.
    assert not list((canary_build / "site").glob("ashby-and-sons*/ashby-home-storefront/changes"))
    assert not list((canary_build / "site").glob("ashby-and-sons*/ashby-home-storefront/budget"))


def test_change_log_offers_sign_off_mails_only_for_proposed_changes(example_site):
    """A proposed change request gets the same Approve / Request changes
    e-mail links as a proposed decision (ClientActionMail); decided ones none."""
    page = next(example_site.glob("fenwick-outdoor*/shopify-plus-migration/changes/index.html")).read_text(encoding="utf-8")
    items = [item.split("</li>")[0] for item in page.split('<li class="change" id="cr-')[1:]]
    assert [item[:4] for item in items] == ["0004", "0003", "0002", "0001"]
    for item in items:
        links = item.count('href="mailto:')
        assert links == (2 if item.startswith("0004") else 0), item[:200]
    assert "subject=Approved%3A%20CR-0004%20Klarna" in items[0]
    # The internal change request (CR-0005) is not on the client's page.
    assert "cr-0005" not in page and "third migration rehearsal" not in page


def test_no_template_comment_text_reaches_a_page(example_site):
    """A Mustache comment that contains '}}' ends early and prints the rest
    (the sign-off partials did): no page shows such text."""
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "docs/client-email.md" not in text and "Rendered inside" not in text, page


def current_baselines(project_dir: Path):
    """Each client-visible milestone's (original due, current due, forecast
    by the current baseline, done): approved, client-visible change requests
    move the baseline by their days; a forecast left on the original
    baseline follows it (docs/content-format.md, "Change requests")."""
    project = yaml.safe_load((project_dir / "project.yaml").read_text(encoding="utf-8"))
    changes = [front(p) for p in sorted((project_dir / "changes").glob("*.md"))] if (project_dir / "changes").is_dir() else []
    approved = [c for c in changes if c.get("status") == "approved" and not c.get("internal")]
    out = {}
    for m in project.get("milestones") or []:
        if m.get("internal"):
            continue
        due = date(m["due"])
        current = due + dt.timedelta(days=sum(int(c.get("days", 0)) for c in approved if m["id"] in (c.get("milestones") or [])))
        forecast = date(m["forecast"]) if m.get("forecast") and date(m["forecast"]) != due else current
        out[str(m["id"])] = (due, current, forecast, date(m["done"]) if m.get("done") else None)
    return out


def test_milestones_page_and_calendar_follow_the_current_baseline(agency):
    """The milestones page shows each milestone's current baseline, with the
    original beside it when an approved change moved it; the calendar's event
    is on the current forecast (the current baseline without a forecast of
    its own), or the day it was done."""
    import icalendar
    import re
    moved = checked = unslipped = 0
    for published, source in published_projects(agency.site, agency.content):
        page_file = published / "milestones" / "index.html" if published else None
        if page_file is None or not (published / "milestones.ics").is_file():
            continue  # a password portal: encrypted pages, no calendar
        page = page_file.read_text(encoding="utf-8")
        events = {str(e["UID"]).split(".")[0]: e for e in icalendar.Calendar.from_ical(
            (published / "milestones.ics").read_bytes()).walk("VEVENT")}
        for ident, (due, current, forecast, done) in current_baselines(source).items():
            rows = [r.split("</tr>")[0] for r in page.split('<tr class="milestone milestone--')[1:]]
            row = next(r for r in rows if f'<span class="milestone__id">{html_escaped(ident)}</span>' in r)
            baseline_cell = row.split('<td class="milestone__baseline"')[1].split(">", 1)[1].split("</td>")[0]
            assert baseline_cell.startswith(f'<time datetime="{current}">'), f"{source} {ident}: {baseline_cell}"
            original = f'<span class="milestone__original">(' in baseline_cell
            assert original == (due != current), f"{source} {ident}: {baseline_cell}"
            assert not original or f'<time datetime="{due}">' in baseline_cell.split("milestone__original")[1]
            event_day = events[re.sub(r"[^A-Za-z0-9_-]", "-", ident)]["DTSTART"].dt
            assert event_day == (done or forecast), f"{source} {ident}: event on {event_day}"
            # The state too: measured against the current baseline.
            state = "done" if done else "overdue" if TODAY_DATE > forecast else "slipping" if forecast > current else "on-track"
            row_state = row.split('"')[0]  # the row's class, milestone--<state>
            assert row_state == state, f"{source} {ident}: {row_state}, expected {state}"
            moved += due != current
            unslipped += due != current and forecast == current and not done
            checked += 1
    assert checked > 0 and moved >= 2, (checked, moved)
    # The example agency plants one (Fenwick's M6): forecast on the moved
    # baseline, so on track, where the original baseline said slipping.
    assert unslipped >= 1 or agency.content != ROOT / "content", (checked, moved, unslipped)


def kpi_summary(project_dir: Path, today=TODAY_DATE):
    """(on track, total) of a project's KPIs, internal ones included, or None
    without KPIs: on track when the latest value on or before today is at or
    beyond the target in its direction, or has moved from the baseline
    toward it (docs/content-format.md, "KPIs")."""
    project = yaml.safe_load((project_dir / "project.yaml").read_text(encoding="utf-8"))
    kpis = project.get("kpis") or []
    if not kpis:
        return None
    latest = {}
    for note in sorted((project_dir / "updates").glob("*.md")):
        if date(note.stem) <= today:
            latest.update(front(note).get("kpis") or {})
    on_track = 0
    for kpi in kpis:
        value = latest.get(kpi["id"])
        if value is None:
            continue
        baseline, target = float(kpi["baseline"]), float(kpi["target"])
        met = value >= target if kpi["direction"] == "up" else value <= target
        on_track += met or (target != baseline and (value - baseline) / (target - baseline) > 0)
    return on_track, len(kpis)


def test_portfolio_kpi_summary_equals_an_independent_computation(agency):
    """The portfolio's project table and its CSV and JSON exports say how many
    of each project's KPIs are on track."""
    index = agency.portfolio.joinpath("index.html").read_text(encoding="utf-8")
    rows = [r.split("</tr>")[0] for r in index.split('<tr class="portfolio-row ')[1:]]
    with (agency.portfolio / "portfolio.csv").open(encoding="utf-8", newline="") as f:
        records = {(r["client_slug"], r["project_slug"]): r for r in csv.DictReader(f)}
    with_kpis = 0
    for client_dir, project_dir in agency.projects():
        expected = kpi_summary(project_dir)
        row = next(r for r in rows if f'href="{client_dir.name}/{project_dir.name}/index.html"' in r)
        record = records[(client_dir.name, project_dir.name)]
        status = row.split('<td data-label="Status">')[1].split("</td>")[0]
        if expected:
            shown = f'<span class="portfolio-row__kpis">KPIs: {expected[0]}/{expected[1]} on track</span>'
            assert shown in status, f"{project_dir}: {shown} not in its portfolio row"
        else:
            assert "portfolio-row__kpis" not in status, f"{project_dir}: a KPI summary without KPIs"
        assert (record["kpis_on_track"], record["kpis_total"]) == (tuple(map(str, expected)) if expected else ("", ""))
        with_kpis += expected is not None
    assert with_kpis >= 1
