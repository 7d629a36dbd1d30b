"""`porthole hubspot pull|push` against a local HubSpot-compatible server
(hubspot_fake.py) started by each test on 127.0.0.1: the real binary, real
content folders, and every request the server received asserted."""
import base64
import hashlib
import hmac
import json
import shutil
from pathlib import Path

from conftest import ROOT, porthole
from hubspot_fake import FakeHubSpot

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
SECRET = "site-checks"  # conftest's PORTHOLE_SECRET
BASE = "https://status.example.test/"
CANARIES = ["CANARY-MILESTONE", "CANARY-RISK", "CANARY-INTERNAL-SECTION", "CANARY-DECISION", "CANARY-PASSWORD"]
SECTIONS = ["Summary", "Progress", "Next", "Risks and issues", "Decisions needed"]

PORTAL = f"""agency:
  name: Test Agency
site:
  base_url: {BASE}
  timezone: Europe/London
hubspot:
  playbooks:
    - {{ pipeline: [default, Sales Pipeline], type: [newbusiness, New Business], playbook: storefront-build }}
    - {{ type: [existingbusiness, Existing Business], playbook: cro-retainer }}
"""

STOREFRONT = """name: Storefront rebuild
playbook: storefront-build
pm: Priya Shah
start: 2026-09-01
target: 2027-02-15
phase: Build
summary: |
  Rebuild of the storefront.
milestones:
  - { id: M1, title: Discovery sign-off, due: 2026-09-26, done: 2026-09-24, gate: true }
  - { id: M2, title: Design sign-off, due: 2026-11-20, gate: true }
  - { id: M3, title: Build complete, due: 2026-12-18 }
  - { id: M9, title: CANARY-MILESTONE internal dry run, due: 2026-11-01, internal: true }
risks:
  - { id: R1, title: Payment certification may slip, probability: 4, impact: 4 }
  - { id: R2, title: Copy arrives late, probability: 2, impact: 2 }
  - { id: R9, title: CANARY-RISK fee overrun, probability: 5, impact: 5, internal: true }
hubspot:
  deal: 501
"""


def note(status, headline, internal=None):
    body = "".join(f"## {s}\n{s} text.\n\n" for s in SECTIONS)
    if internal:
        body += f"## Internal\n{internal}\n"
    return f"---\nstatus: {status}\nheadline: {headline}\n---\n{body}"


def make_agency(root: Path) -> Path:
    """A small agency: Acme (link portal, company 101, deal 501) with
    internal items that carry canaries, and Secret Co (a password portal,
    company 102, deal 502) whose every word is a canary."""
    content = root / "content"
    (content / "playbooks").mkdir(parents=True)
    for playbook in ("storefront-build", "cro-retainer"):
        shutil.copy(ROOT / "content" / "playbooks" / f"{playbook}.yaml", content / "playbooks")
    (content / "portal.yaml").write_text(PORTAL)
    acme = content / "clients" / "acme-outdoor"
    (acme / "storefront" / "updates").mkdir(parents=True)
    (acme / "storefront" / "decisions").mkdir()
    (acme / "client.yaml").write_text(
        "name: Acme Outdoor\naccess: link\ncontacts:\n  - { name: Jane Doe, email: jane@acme.example }\n"
        "hubspot:\n  company: 101\n")
    (acme / "storefront" / "project.yaml").write_text(STOREFRONT)
    (acme / "storefront" / "updates" / "2026-11-13.md").write_text(note("green", "Design review booked"))
    (acme / "storefront" / "updates" / "2026-11-20.md").write_text(
        note("amber", "Design sign-off late; build on track", internal="CANARY-INTERNAL-SECTION margin is thin"))
    (acme / "storefront" / "decisions" / "0001-approve-design.md").write_text(
        "---\ntitle: Approve the design\ndate: 2026-11-20\nstatus: proposed\ndue: 2026-11-30\n---\n## Context\nText.\n")
    (acme / "storefront" / "decisions" / "0002-fee.md").write_text(
        "---\ntitle: CANARY-DECISION change the fee\ndate: 2026-11-20\nstatus: proposed\ninternal: true\n---\n## Context\nText.\n")
    secret = content / "clients" / "secret-co"
    (secret / "app" / "updates").mkdir(parents=True)
    (secret / "client.yaml").write_text("name: Secret Co\naccess: password\nhubspot:\n  company: 102\n")
    (secret / "app" / "project.yaml").write_text(
        "name: CANARY-PASSWORD app\nplaybook: storefront-build\npm: Sam Lee\nstart: 2026-09-01\nphase: Build\n"
        "hubspot:\n  deal: 502\n")
    (secret / "app" / "updates" / "2026-11-20.md").write_text(note("red", "CANARY-PASSWORD headline"))
    return content


def seed(fake: FakeHubSpot):
    fake.add_owner("301", "Marta", "Kowalska", "marta@agency.example")
    fake.add_owner("302", "Sam", "Lee", "sam@agency.example")
    fake.add_contact("201", "Jane", "Doe", "jane@acme.example", "Head of Ecommerce")
    fake.add_contact("203", "Liam", "Byrne", "liam@brightwater.example", "Ecommerce Manager")
    fake.add_contact("204", "Aoife", "Kelly", "aoife@brightwater.example", None)
    fake.add_company("101", "Acme Outdoor", contacts=["201"], deals=["501", "505"])
    fake.add_company("102", "Secret Co", deals=["502"])
    fake.add_company("103", "Brightwater Kitchens", contacts=["204", "203"], deals=["503"])
    fake.add_company("104", "Cobalt Cycles", deals=["504", "506"])
    fake.add_deal("501", "Acme storefront", closedate="2026-09-01T09:00:00Z", owner="301")
    fake.add_deal("502", "Secret app", closedate="2026-09-01T09:00:00Z", owner="302")
    fake.add_deal("503", "Brightwater storefront", closedate="2026-12-01T10:00:00Z", owner="301")
    fake.add_deal("504", "Cobalt CRO retainer", pipeline="retainers", dealtype="existingbusiness",
                  closedate="2026-12-15T10:00:00Z", owner="302")
    fake.add_deal("505", "Acme loyalty app", closedate="2027-01-04T10:00:00Z")
    fake.add_deal("506", "Cobalt partnership", pipeline="partnerships", dealtype=None, closedate="2027-01-04T10:00:00Z")


def hubspot(*args, cwd, token=TOKEN):
    env = {"HUBSPOT_TOKEN": token} if token else {}
    result = porthole("hubspot", *args, cwd=cwd, env=env)
    for stream in (result.stdout, result.stderr):
        assert TOKEN not in stream and "Traceback" not in stream
    return result


def link_token(slug):
    mac = hmac.new(SECRET.encode(), slug.encode(), hashlib.sha256).digest()[:10]
    return base64.b32encode(mac).decode().lower()


def all_bodies(fake):
    return "\n".join(r.body for r in fake.calls())


def tree(folder: Path):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- push --------------------------------------------------------------------

def push(fake, cwd, *extra, today="2026-11-27", token=TOKEN):
    return hubspot("push", "--content", "content", "--base-url", fake.url, "--today", today, *extra, cwd=cwd, token=token)


def test_push_sends_each_deal_and_company_field_by_field(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        result = push(fake, tmp_path, "--notes")
        assert result.returncode == 0, result.stderr
        acme = f"{BASE}acme-outdoor-{link_token('acme-outdoor')}/"
        [deals] = [r.json() for r in fake.calls("POST", "/crm/v3/objects/deals/batch/update")]
        assert deals == {"inputs": [{"id": "501", "properties": {
            "porthole_rag": "amber",
            "porthole_rag_trend": "worse",
            "porthole_phase": "Build",
            "porthole_last_update": "2026-11-20",
            "porthole_days_since_update": "7",
            # M9 is internal and earlier: never the next milestone, never counted.
            "porthole_next_milestone": "M2 Design sign-off",
            "porthole_next_milestone_forecast": "2026-11-20",
            "porthole_overdue_milestones": "1",
            "porthole_open_high_risks": "1",
            "porthole_decisions_awaiting_client": "1",
            "porthole_portal_url": acme + "storefront/",
        }}]}
        [companies] = [r.json() for r in fake.calls("POST", "/crm/v3/objects/companies/batch/update")]
        assert companies == {"inputs": [{"id": "101", "properties": {
            "porthole_rag": "amber", "porthole_projects": "1", "porthole_projects_red": "0",
            "porthole_last_update": "2026-11-20", "porthole_overdue_milestones": "1",
            "porthole_open_high_risks": "1", "porthole_decisions_awaiting_client": "1",
            "porthole_portal_url": acme,
        }}]}
        [notes] = [r.json() for r in fake.calls("POST", "/crm/v3/objects/notes/batch/create")]
        assert [n["properties"]["porthole_update_id"] for n in notes["inputs"]] == [
            "acme-outdoor/storefront/2026-11-13", "acme-outdoor/storefront/2026-11-20"]
        first = notes["inputs"][0]
        assert first["properties"]["hs_timestamp"] == "2026-11-13T00:00:00Z"
        assert first["properties"]["hs_note_body"].startswith("<p><strong>GREEN</strong>: Design review booked</p>")
        assert first["associations"] == [
            {"to": {"id": "501"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 214}]}]
        # Porthole's properties were made first, in their own group.
        groups = [r.json() for r in fake.calls("POST", "/crm/v3/properties/deals/groups")]
        assert groups == [{"name": "porthole", "label": "Porthole delivery health", "displayOrder": -1}]
        created = [i["name"] for r in fake.calls("POST", "/crm/v3/properties/deals/batch/create") for i in r.json()["inputs"]]
        assert set(created) == set(deals["inputs"][0]["properties"])
        [unique] = [i for r in fake.calls("POST", "/crm/v3/properties/notes/batch/create") for i in r.json()["inputs"]]
        assert unique["name"] == "porthole_update_id" and unique["hasUniqueValue"] is True
        # Every request carried the token as a bearer token, and only there.
        assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in fake.calls())
        assert "deals 1 updated, 0 left alone; companies 1 updated" in result.stdout
        assert "notes 2 created, 0 updated, 0 left alone" in result.stdout


def test_internal_content_and_password_clients_never_reach_hubspot(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        assert push(fake, tmp_path, "--notes").returncode == 0
        sent = all_bodies(fake)
        assert "Design sign-off late" in sent  # the client-visible note went
        for canary in CANARIES:
            assert canary not in sent, canary
        assert '"502"' not in sent and '"102"' not in sent
        # With the flag, the password client's project goes, still without internal content.
        fake.requests.clear()
        assert push(fake, tmp_path, "--notes", "--include-password-clients").returncode == 0
        sent = all_bodies(fake)
        assert '"502"' in sent and "CANARY-PASSWORD" in sent
        for canary in CANARIES[:-1]:
            assert canary not in sent, canary


def test_second_push_creates_no_note_and_changes_only_what_changed(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        assert push(fake, tmp_path, "--notes").returncode == 0
        notes_after_first = dict(fake.notes)
        fake.requests.clear()
        again = push(fake, tmp_path, "--notes")
        assert again.returncode == 0, again.stderr
        assert "deals 0 updated, 1 left alone" in again.stdout
        assert "notes 0 created, 0 updated, 2 left alone" in again.stdout
        assert [r for r in fake.calls("POST") if "/batch/read" not in r.path] == []
        # A day later only the days since the update moved: updates, no new note.
        fake.requests.clear()
        later = push(fake, tmp_path, "--notes", today="2026-11-28")
        assert later.returncode == 0, later.stderr
        [update] = [r.json() for r in fake.calls("POST", "/crm/v3/objects/deals/batch/update")]
        assert update["inputs"][0]["properties"]["porthole_days_since_update"] == "8"
        assert fake.calls("POST", "/crm/v3/objects/notes/batch/create") == []
        assert fake.notes.keys() == notes_after_first.keys()
        # An edited note is upserted by its update id, not created again.
        updates = tmp_path / "content/clients/acme-outdoor/storefront/updates"
        (updates / "2026-11-13.md").write_text(note("green", "Design review booked for Monday"))
        fake.requests.clear()
        edited = push(fake, tmp_path, "--notes", today="2026-11-28")
        assert "notes 0 created, 1 updated, 1 left alone" in edited.stdout
        [upsert] = [r.json() for r in fake.calls("POST", "/crm/v3/objects/notes/batch/upsert")]
        assert [(i["id"], i["idProperty"]) for i in upsert["inputs"]] == [
            ("acme-outdoor/storefront/2026-11-13", "porthole_update_id")]
        assert len(fake.notes) == 2


def test_push_waits_for_retry_after_on_429(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        fake.rate_limit_next = "/crm/v3/objects/deals/batch/update"
        result = push(fake, tmp_path)
        assert result.returncode == 0, result.stderr
        refused, retried = fake.calls("POST", "/crm/v3/objects/deals/batch/update")
        assert retried.at - refused.at >= 1.0  # the fake's Retry-After: 1
        assert retried.body == refused.body
        assert "answered 429; retrying in 1.0 s" in result.stderr
        assert fake.deals["501"]["porthole_rag"] == "amber"


def test_a_passing_server_error_is_retried_after_a_back_off(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        fake.unavailable_next = "/crm/v3/objects/companies/batch/update"
        result = push(fake, tmp_path)
        assert result.returncode == 0, result.stderr
        failed, retried = fake.calls("POST", "/crm/v3/objects/companies/batch/update")
        assert retried.at - failed.at >= 1.0  # the first back-off step
        assert "answered 503; retrying in 1.0 s" in result.stderr
        assert fake.companies["101"]["porthole_rag"] == "amber"


def test_wrong_token_stops_with_one_clear_line(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        result = push(fake, tmp_path, token="pat-wrong")
        assert result.returncode == 1
        errors = [line for line in result.stderr.splitlines() if "error" in line]
        assert len(errors) == 1 and errors[0].startswith("porthole: error: HubSpot refused the token (401")
        assert "HUBSPOT_TOKEN" in errors[0] and "pat-wrong" not in result.stderr
        assert len(fake.calls()) == 1  # a 401 is not retried
        assert "porthole_rag" not in fake.deals["501"]


def test_missing_scopes_are_named(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        fake.missing_scopes = ["crm.schemas.deals.write"]
        result = push(fake, tmp_path)
        assert result.returncode == 1
        [error] = [line for line in result.stderr.splitlines() if "error" in line]
        assert "403 Forbidden" in error and "give the private app the scopes crm.schemas.deals.write" in error


def test_no_token_is_an_error_before_any_request(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        result = push(fake, tmp_path, token=None)
        assert result.returncode == 1 and "set HUBSPOT_TOKEN" in result.stderr
        assert fake.calls() == []


def test_dry_run_prints_the_plan_and_sends_nothing(tmp_path):
    make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        result = push(fake, tmp_path, "--notes", "--dry-run", token=None)
        assert result.returncode == 0, result.stderr
        assert fake.calls() == []
        assert "deal 501 (acme-outdoor/storefront)" in result.stdout
        assert "  porthole_rag: amber" in result.stdout
        assert "acme-outdoor/storefront/2026-11-20 on deal 501" in result.stdout
        assert "secret-co: a password portal" in result.stderr
        for canary in CANARIES:
            assert canary not in result.stdout


def test_example_agency_dry_run_plan(tmp_path):
    with FakeHubSpot(TOKEN) as fake:
        result = hubspot("push", "--content", str(ROOT / "content"), "--base-url", fake.url, "--dry-run", "--notes",
                         "--today", "2026-11-27", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert fake.calls() == []
    assert "deal 15811230204 (fenwick-outdoor/shopify-plus-migration)" in result.stdout
    assert "company 7300412003 (harbour-coffee)" in result.stdout
    assert "15811230206" not in result.stdout  # Larkspur is a password portal
    assert "larkspur-skincare: a password portal" in result.stderr


def test_batches_hold_at_most_100_records(tmp_path):
    content = make_agency(tmp_path)
    acme = content / "clients" / "acme-outdoor"
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        for n in range(130):
            deal = str(6000 + n)
            fake.add_deal(deal, f"Deal {n}")
            (acme / f"p{n}").mkdir()
            (acme / f"p{n}" / "project.yaml").write_text(
                f"name: P{n}\nplaybook: storefront-build\npm: Sam Lee\nstart: 2026-09-01\nhubspot:\n  deal: {deal}\n")
        result = push(fake, tmp_path)
        assert result.returncode == 0, result.stderr
        sizes = [len(r.json()["inputs"]) for r in fake.calls("POST", "/crm/v3/objects/deals/batch/update")]
        assert sizes == [100, 31]
        assert [len(r.json()["inputs"]) for r in fake.calls("POST", "/crm/v3/objects/deals/batch/read")] == [100, 31]


# -- pull --------------------------------------------------------------------

EXPECTED_NEW = {
    "clients/brightwater-kitchens/client.yaml",
    "clients/brightwater-kitchens/brightwater-storefront/project.yaml",
    "clients/cobalt-cycles/client.yaml",
    "clients/cobalt-cycles/cobalt-cro-retainer/project.yaml",
    "clients/acme-outdoor/acme-loyalty-app/project.yaml",
}


def test_pull_creates_exactly_the_missing_files_and_nothing_twice(tmp_path):
    content = make_agency(tmp_path)
    before = tree(content)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        result = hubspot("pull", "--content", "content", "--base-url", fake.url, "--deals", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        after = tree(content)
        assert set(after) - set(before) == EXPECTED_NEW
        assert all(after[p] == before[p] for p in before)  # nothing existing touched
        assert "deal 506 'Cobalt partnership': no playbook for pipeline 'partnerships'" in result.stderr
        client = (content / "clients/brightwater-kitchens/client.yaml").read_text()
        assert client == (
            'name: "Brightwater Kitchens"\n'
            "access: link                       # public | link | password (see docs/access.md)\n"
            "contacts:\n"
            '  - { name: "Liam Byrne", role: "Ecommerce Manager", email: "liam@brightwater.example" }\n'
            '  - { name: "Aoife Kelly", email: "aoife@brightwater.example" }\n'
            "hubspot:\n  company: 103\n")
        project = (content / "clients/cobalt-cycles/cobalt-cro-retainer/project.yaml").read_text()
        assert 'name: "Cobalt CRO retainer"\nplaybook: cro-retainer\npm: "Sam Lee"\nstart: 2026-12-15\n' in project
        assert project.endswith("hubspot:\n  deal: 504\n")
        loyalty = (content / "clients/acme-outdoor/acme-loyalty-app/project.yaml").read_text()
        assert 'pm: "To be assigned"' in loyalty and "playbook: storefront-build" in loyalty
        # What pull wrote is valid content.
        check = porthole("check", "--content", "content", "--today", "2026-11-27", cwd=tmp_path)
        assert check.returncode == 0, check.stderr
        # A second pull finds everything present.
        again = hubspot("pull", "--content", "content", "--base-url", fake.url, "--deals", cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert "created 0 files" in again.stdout
        assert tree(content) == after


def test_pull_dry_run_writes_nothing(tmp_path):
    content = make_agency(tmp_path)
    before = tree(content)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        result = hubspot("pull", "--content", "content", "--base-url", fake.url, "--deals", "--dry-run", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert tree(content) == before
        assert sum(line.startswith("would create") for line in result.stdout.splitlines()) == len(EXPECTED_NEW)


def test_csv_export_gives_the_same_files_as_the_api(tmp_path):
    api_root, csv_root = tmp_path / "api", tmp_path / "csv"
    make_agency(api_root)
    make_agency(csv_root)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        assert hubspot("pull", "--content", "content", "--base-url", fake.url, "--deals", cwd=api_root).returncode == 0
        exports = fake.export_csv(tmp_path)
        fake.requests.clear()
        args = [a for f in exports for a in ("--from-csv", str(f))]
        result = hubspot("pull", "--content", "content", "--deals", *args, cwd=csv_root, token=None)
        assert result.returncode == 0, result.stderr
        assert fake.calls() == []
    assert tree(csv_root / "content") == tree(api_root / "content")


def test_csv_without_record_ids_is_a_located_error(tmp_path):
    make_agency(tmp_path)
    bad = tmp_path / "companies.csv"
    bad.write_text("Company name,Domain\nAcme,acme.example\n")
    result = hubspot("pull", "--content", "content", "--from-csv", str(bad), cwd=tmp_path, token=None)
    assert result.returncode == 1
    assert result.stderr.startswith("companies.csv:1:1: error: no 'Record ID' column")


def test_pull_pages_through_more_than_250_companies(tmp_path):
    content = make_agency(tmp_path)
    with FakeHubSpot(TOKEN) as fake:
        seed(fake)
        for n in range(256):
            fake.add_company(str(1000 + n), f"Company {n:03d}")
        result = hubspot("pull", "--content", "content", "--base-url", fake.url, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        pages = fake.calls("GET", "/crm/v3/objects/companies")
        assert [p.query.get("after") for p in pages] == [None, ["100"], ["200"]]
        assert all(p.query["limit"] == ["100"] for p in pages)
        assert "created 258 files" in result.stdout  # 256 + Brightwater + Cobalt
        assert (content / "clients/company-255/client.yaml").is_file()


# -- content ---------------------------------------------------------------

def test_hubspot_fields_are_validated_with_line_and_column(tmp_path):
    content = make_agency(tmp_path)
    (content / "clients/acme-outdoor/client.yaml").write_text(
        "name: Acme Outdoor\nhubspot:\n  company: acme-101\n")
    portal = content / "portal.yaml"
    portal.write_text(portal.read_text().replace("playbook: cro-retainer", "playbook: cro-retaner"))
    result = porthole("check", "--content", "content", "--today", "2026-11-27", cwd=tmp_path)
    assert result.returncode == 1
    assert ("content/clients/acme-outdoor/client.yaml:3:12: error: 'company' must be a HubSpot record id"
            in result.stderr)
    assert "content/portal.yaml:9:64: error: playbook 'cro-retaner' does not exist in playbooks/ (did you mean 'cro-retainer'?)" in result.stderr
