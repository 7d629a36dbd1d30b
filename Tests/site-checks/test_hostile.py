"""Hostile input (Tests/hostile/content): markup, script, bad links, quotes,
`]]>`, CR/LF, RTL and emoji in every field; every output file is then read by
a real parser for its format. Invalid input gets a diagnostic, never a crash."""
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from conftest import BIN, ROOT, TODAY

HOSTILE = ROOT / "Tests" / "hostile" / "content"
UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)


def run(*args, cwd):
    env = dict(os.environ, PORTHOLE_SECRET="hostile", NO_COLOR="1")
    return subprocess.run([str(BIN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    result = run("build", "--content", str(HOSTILE), "--themes", str(ROOT / "themes"), "--output", str(work / "site"),
                 "--portfolio", str(work / "portfolio"), "--today", TODAY, cwd=work)
    assert result.returncode == 0, result.stderr
    return work / "site"


def test_portfolio_has_no_markup_from_content_either(hostile_site):
    """The portfolio shows internal text the site never shows (the hostile
    note's Internal section), with the same escaping and link rules."""
    portfolio = hostile_site.parent / "portfolio"
    pages = sorted(portfolio.rglob("*.html"))
    assert len(pages) == 2, pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        audit = Audit()
        audit.feed(text)
        assert not audit.problems, f"{page}: {audit.problems}"
        assert audit.scripts == [], f"{page}: {audit.scripts}"
        assert "<script>alert" not in text and "<img src=x" not in text and "<iframe" not in text
    project = (portfolio / "evil" / "shop" / "index.html").read_text(encoding="utf-8")
    assert "SECRET-INTERNAL-HOSTILE" in project, "the agency's view keeps the internal section"
    assert "Evil Corp &lt;script&gt;alert(1)&lt;/script&gt;" in (portfolio / "index.html").read_text(encoding="utf-8")


class Audit(HTMLParser):
    """Collects every script element and every attribute of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            safe_image = tag == "img" and name == "src" and value and value.startswith("data:image/")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and UNSAFE_URL.match(value) and not safe_image:
                self.problems.append(f"unsafe URL in {tag}[{name}]: {value[:40]}")


def test_html_has_no_markup_from_content(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 8
    for page in pages:
        text = page.read_text(encoding="utf-8")
        audit = Audit()
        audit.feed(text)
        assert not audit.problems, f"{page}: {audit.problems}"
        theme_scripts = [s for s in audit.scripts if re.search(r"assets/unlock\.[0-9a-f]+\.js$", s.get("src", ""))
                         or s.get("type") == "application/json"]
        assert audit.scripts == theme_scripts, f"{page}: a script that is not the theme's: {audit.scripts}"
        assert "<script>alert" not in text and "<img src=x" not in text and "<iframe" not in text
        assert "SECRET-INTERNAL-HOSTILE" not in text
    home = (hostile_site / "evil" / "index.html").read_text(encoding="utf-8")
    assert "Evil Corp &lt;script&gt;alert(1)&lt;/script&gt;" in home, "names are shown, escaped"


def test_feed_is_well_formed_xml_and_keeps_the_text(hostile_site):
    tree = ET.parse(hostile_site / "evil" / "shop" / "feed.xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in tree.getroot().findall("a:entry/a:title", ns)]
    assert any("Headline ]]> <script>alert('headline')</script>" in t for t in titles), titles
    for content in tree.getroot().findall("a:entry/a:content", ns):
        assert "<script" not in content.text and "javascript:" not in content.text.lower()
        assert "SECRET-INTERNAL-HOSTILE" not in content.text


def test_calendar_escapes_and_folds(hostile_site):
    raw = (hostile_site / "evil" / "shop" / "milestones.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b""), "no bare line feeds"
    calendar = icalendar.Calendar.from_ical(raw)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("Line one Line two ]]> <script>alert('m')</script>" in s for s in summaries), summaries
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.@-]+", uid) for uid in uids), uids


def test_status_json_round_trips_the_text(hostile_site):
    document = json.loads((hostile_site / "evil" / "shop" / "status.json").read_text(encoding="utf-8"))
    assert document["headline"].startswith("Headline ]]> <script>alert('headline')</script>")
    assert document["client"].startswith("Evil Corp <script>")
    assert "PM Injected: header" == document["projectManager"], "CR/LF in a one-line field is folded"


INVALID = {
    "nul byte": ("clients/evil/client.yaml", lambda b: b.replace(b"account_manager: ", b"account_manager: nul\0byte #"),
                 "content/clients/evil/client.yaml:5:21: error: cannot read YAML: control characters are not allowed"),
    "invalid utf-8": ("clients/evil/shop/updates/2026-11-24.md", lambda b: b.replace(b"Entities", b"\xff\xfe Entities"),
                      "error: file is not valid UTF-8"),
    "unclosed front matter": ("clients/evil/shop/decisions/0001-escape.md", lambda b: b.replace(b"\n---\n## Context", b"\n## Context"),
                              "error: front matter is not closed"),
    "billion laughs": ("clients/evil/client.yaml",
                       lambda b: b + b"a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + b"".join(
                           f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n".encode() for i in range(1, 12)),
                       "error: unknown key 'a11' in client"),
    "deep flow nesting": ("clients/evil/shop/project.yaml", lambda b: b + b"deep: " + b"[" * 50000 + b"]" * 50000 + b"\n",
                          "error: lists or mappings nested more than 32 deep"),
    "deep nesting after an escaped backslash": ("clients/evil/shop/project.yaml",
                                                lambda b: b + b'extra: "a\\\\"\ndeep: ' + b"[" * 50000 + b"]" * 50000 + b"\n",
                                                "error: lists or mappings nested more than 32 deep"),
    "deep indentation": ("playbooks/hostile.yaml",
                         lambda b: b + b"deep:\n" + b"".join(b" " * (i + 1) + b"- \n" for i in range(400)),
                         "error: indentation deeper than 160 columns"),
    "path in a slug": ("clients/evil/shop/decisions/0002-..md", lambda b: b"---\ntitle: x\ndate: 2026-10-14\n---\n",
                       "error: decision file name must be NNNN-slug.md"),
    "logo outside the folder": ("clients/evil/client.yaml", lambda b: b.replace(b"logo: logo.svg", b"logo: ../../../etc/passwd"),
                                "error: 'logo' must be a file name in the client's folder, not a path"),
    "scripted logo": ("clients/evil/logo.svg", lambda b: b.replace(b"<rect", b"<script>alert(1)</script><rect"),
                      "error: 'logo' logo.svg contains '<script'"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_input_gets_a_diagnostic_not_a_crash(tmp_path, case):
    relative, mutate, expected = INVALID[case]
    shutil.copytree(HOSTILE, tmp_path / "content")
    target = tmp_path / "content" / relative
    original = target.read_bytes() if target.exists() else b""
    target.write_bytes(mutate(original))
    result = run("check", "--content", "content", "--themes", str(ROOT / "themes"), "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr, result.stderr
    assert re.search(r"^content/\S+:\d+:\d+: error: ", result.stderr, re.M), "path:line:col"
    for crash in ("Fatal error", "Stack dump", "Segmentation", "Illegal instruction"):
        assert crash not in result.stderr


def test_symlink_in_theme_is_refused(tmp_path):
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    (tmp_path / "themes" / "default" / "assets" / "passwd.css").symlink_to("/etc/passwd")
    result = run("check", "--content", str(HOSTILE), "--themes", str(tmp_path / "themes"), "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "themes/default/assets/passwd.css:1:1: error: symbolic links are not allowed in themes" in result.stderr
