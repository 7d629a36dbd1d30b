"""Isolation over a 50-client generated corpus (site.md properties 1 and 2):
each client's canary only in its own folder (nowhere at all for password
portals), internal canaries nowhere under site/, shared files about no
client. The agency's portfolio beside it does hold the internal canaries,
which proves the canaries are real internal content that site/ left out."""
import json

import pytest

from conftest import build_corpus, html_escaped


@pytest.fixture(scope="module")
def corpus50(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus50"), 50)


def test_canaries_stay_where_they_belong(corpus50):
    site = corpus50 / "site"
    clients = json.loads((corpus50 / "canaries.json").read_text())["clients"]
    assert len(clients) == 50
    files = [(p, p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    folders = {p.name for p in site.iterdir() if p.is_dir()}
    for slug, entry in clients.items():
        own = [f for f in folders if f == slug or (f.startswith(slug + "-") and len(f) == len(slug) + 17)]
        assert len(own) == 1, slug
        canary = entry["client"].encode()
        for path, data in files:
            if canary in data:
                assert entry["access"] != "password", f"{slug}'s canary in plaintext in {path}"
                assert path.relative_to(site).parts[0] == own[0], f"{slug}'s canary in {path}"
        for project, internal in entry["internal"].items():
            leaks = [str(p) for p, data in files if internal.encode() in data]
            assert not leaks, f"internal canary of {slug}/{project} in {leaks[:3]}"


def test_shared_files_mention_no_client(corpus50):
    site = corpus50 / "site"
    clients = json.loads((corpus50 / "canaries.json").read_text())["clients"]
    shared = [site / n for n in ("index.html", "404.html", "robots.txt", "_headers")] + list((site / "assets").iterdir())
    for path in shared:
        text = path.read_text(encoding="utf-8").lower()
        for slug, entry in clients.items():
            assert slug not in text, f"{slug} in {path}"
            assert entry["name"].lower() not in text, f"{entry['name']} in {path}"


def test_internal_canaries_are_in_the_portfolio_and_never_in_the_site(corpus50):
    site, portfolio = corpus50 / "site", corpus50 / "portfolio"
    assert portfolio.is_dir(), "the build writes the portfolio beside site/ by default"
    assert not (site / "portfolio").exists()
    clients = json.loads((corpus50 / "canaries.json").read_text())["clients"]
    content = corpus50 / "content" / "clients"
    site_files = [(p, p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    found = 0
    for slug, entry in clients.items():
        for project, canary in entry["internal"].items():
            page = portfolio / slug / project / "index.html"
            assert page.is_file(), f"no portfolio page for {slug}/{project}"
            html = page.read_bytes()
            # Internal milestones and RAID items are in project.yaml; the
            # portfolio page shows all of them.
            if canary.encode() in (content / slug / project / "project.yaml").read_bytes():
                assert canary.encode() in html, f"internal items of {slug}/{project} missing from {page}"
                found += 1
            leaks = [str(p) for p, data in site_files if canary.encode() in data]
            assert not leaks, f"internal canary of {slug}/{project} in {leaks[:3]}"
    assert found >= 20, f"only {found} projects had internal items in the portfolio"
    index = (portfolio / "index.html").read_text(encoding="utf-8")
    for slug, entry in clients.items():
        assert html_escaped(entry["name"]) in index, f"{slug} missing from the portfolio index"
