"""Feeds, calendars and status.json read by independent parsers, and checked
against the content files they come from."""
import json
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import pytest
import yaml

from conftest import ROOT

SCHEMA = json.loads((ROOT / "docs" / "status.schema.json").read_text())


def front_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def projects(site: Path, content: Path):
    """(project folder in site/, project folder in content/) for every published project with feeds."""
    for client_dir in sorted(content.glob("clients/*")):
        client = yaml.safe_load((client_dir / "client.yaml").read_text())
        if client.get("access", "link") == "password":
            continue
        published = [p for p in site.iterdir() if p.name == client_dir.name or p.name.startswith(client_dir.name + "-")]
        published = [p for p in published if p.name == client_dir.name or len(p.name) == len(client_dir.name) + 17]
        assert len(published) == 1, client_dir.name
        for project_dir in sorted(p for p in client_dir.iterdir() if (p / "project.yaml").exists()):
            yield published[0] / project_dir.name, project_dir


@pytest.fixture(params=["example", "corpus"])
def site_and_content(request, example_site, corpus_site):
    if request.param == "example":
        return example_site, ROOT / "content"
    return corpus_site, corpus_site.parent / "content"


def test_every_feed_parses_with_an_entry_per_update_and_visible_decision(site_and_content):
    site, content = site_and_content
    checked = 0
    for published, source in projects(site, content):
        feed = feedparser.parse((published / "feed.xml").read_bytes())
        assert feed.bozo == 0, f"{published}: {feed.get('bozo_exception')}"
        assert feed.version == "atom10"
        updates = sorted(p.stem for p in (source / "updates").glob("*.md") if not p.name.startswith(("_", ".")))
        decisions = [p for p in sorted((source / "decisions").glob("*.md")) if not front_matter(p).get("internal")]
        assert len(feed.entries) == len(updates) + len(decisions)
        ids = [entry.id for entry in feed.entries]
        assert len(ids) == len(set(ids)), "entry ids are unique"
        latest = front_matter(source / "updates" / f"{updates[-1]}.md")
        assert any(latest["headline"] in entry.title for entry in feed.entries)
        for entry in feed.entries:
            assert entry.link.startswith("https://"), entry.link
            assert "<h2>Internal</h2>" not in entry.summary
        checked += 1
    assert checked >= 2


def test_every_calendar_parses_and_matches_the_visible_milestones(site_and_content):
    site, content = site_and_content
    for published, source in projects(site, content):
        raw = (published / "milestones.ics").read_bytes()
        assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
        calendar = icalendar.Calendar.from_ical(raw)
        events = {str(e["SUMMARY"]).split(" ")[0]: e for e in calendar.walk("VEVENT")}
        project = yaml.safe_load((source / "project.yaml").read_text())
        visible = [m for m in project.get("milestones") or [] if not m.get("internal")]
        assert set(events) == {str(m["id"]) for m in visible}
        for milestone in visible:
            event = events[str(milestone["id"])]
            expected = milestone.get("done") or milestone.get("forecast") or milestone["due"]
            assert event.decoded("DTSTART") == expected
            assert str(event["UID"]).endswith("@status.northwind.example") or "@" in str(event["UID"])
        uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids))


def test_every_status_json_matches_the_schema(site_and_content):
    site, content = site_and_content
    for published, source in projects(site, content):
        document = json.loads((published / "status.json").read_text())
        jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
        project = yaml.safe_load((source / "project.yaml").read_text())
        assert document["project"] == project["name"]
        visible = [m for m in project.get("milestones") or [] if not m.get("internal")]
        assert [m["id"] for m in document["milestones"]] == [str(m["id"]) for m in visible]


def test_password_portals_publish_no_feed_calendar_or_json(example_site):
    folder = next(p for p in example_site.iterdir() if p.name.startswith("larkspur-skincare-"))
    names = {p.name for p in folder.rglob("*") if p.is_file()}
    assert not names & {"feed.xml", "milestones.ics", "status.json"}
