"""Builds the example site and a generated corpus once per test session with
the real porthole binary; the checks in this folder run real validators and a
real browser on what it wrote."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "scripts" / "gen_corpus.py"
BIN = Path(os.environ.get("PORTHOLE_BIN", ROOT / ".build" / "debug" / "porthole"))
TODAY = "2026-11-27"
# Screenshots are kept here for people to look at after `make test`.
SCREENSHOTS = ROOT / ".build" / "screenshots"


def porthole(*args, cwd, env=None):
    full_env = dict(os.environ, PORTHOLE_SECRET="site-checks", NO_COLOR="1")
    full_env.update(env or {})
    return subprocess.run([str(BIN), *args], cwd=cwd, env=full_env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """The example content built once: site/ and the agency's portfolio/
    beside it (never in the repository's own portfolio/)."""
    work = tmp_path_factory.mktemp("example")
    result = porthole("build", "--content", str(ROOT / "content"), "--themes", str(ROOT / "themes"),
                      "--output", str(work / "site"), "--portfolio", str(work / "portfolio"), "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=work)
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture(scope="session")
def example_site(example_build):
    return example_build / "site"


@pytest.fixture(scope="session")
def example_portfolio(example_build):
    return example_build / "portfolio"


def generate_corpus(work: Path, clients: int) -> Path:
    """Writes a generated agency of `clients` clients (scripts/gen_corpus.py)
    to work/content and work/canaries.json; returns `work`."""
    subprocess.run([sys.executable, str(GENERATOR), "--clients", str(clients), "--out", str(work)],
                   check=True, capture_output=True)
    return work


def build_corpus(work: Path, clients: int) -> Path:
    """Generates a corpus of `clients` clients in `work` and builds it into
    work/site (and work/portfolio); returns `work`."""
    generate_corpus(work, clients)
    result = porthole("build", "--content", str(work / "content"), "--themes", str(ROOT / "themes"),
                      "--output", str(work / "site"), "--today", TODAY, cwd=work, env=corpus_passwords(work))
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus"), 5) / "site"


def corpus_passwords(work: Path):
    """A PORTHOLE_PASSWORD_<CLIENT> for every password client of a generated corpus."""
    import json
    clients = json.loads((work / "canaries.json").read_text())["clients"]
    return {"PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_"): "pw-" + slug
            for slug, entry in clients.items() if entry["access"] == "password"}


def html_escaped(text: str) -> str:
    """Text as Porthole's templates write it into HTML (a generated client
    may be "Aspen Tea & Co.")."""
    import html
    return html.escape(text, quote=True).replace("&#x27;", "&#39;")


def html_pages(site: Path):
    return sorted(p for p in site.rglob("*.html"))


def portfolio_kinds(portfolio: Path):
    """The portfolio's index and every internal project page."""
    pages = {"portfolio": portfolio / "index.html"}
    for page in sorted(portfolio.glob("*/*/index.html")):
        pages["portfolio-" + "/".join(page.parent.relative_to(portfolio).parts)] = page
    return pages


def page_kinds(site: Path):
    """One page of each kind: landing, 404, client home and every project page kind."""
    pages = {"landing": site / "index.html", "not-found": site / "404.html"}
    for client in sorted(p for p in site.iterdir() if p.is_dir() and p.name != "assets"):
        pages.setdefault("client", client / "index.html")
        for project in sorted(p for p in client.iterdir() if p.is_dir()):
            pages.setdefault("project", project / "index.html")
            for section in ["milestones", "risks", "decisions", "updates"]:
                pages.setdefault(section, project / section / "index.html")
            # Only projects with a client-visible budget, KPI or change request have these.
            for section in ["budget", "changes"]:
                if (project / section / "index.html").is_file():
                    pages.setdefault(section, project / section / "index.html")
            decisions = sorted(p for p in (project / "decisions").iterdir() if p.is_dir())
            updates = sorted(p for p in (project / "updates").iterdir() if p.is_dir())
            if decisions:
                pages.setdefault("decision", decisions[-1] / "index.html")
            if updates:
                pages.setdefault("update", updates[-1] / "index.html")
    return pages


def serve(folder: Path):
    """A folder over HTTP on loopback, as a host would serve it."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def example_server(example_site):
    """The example site (its 404 page links from the site root)."""
    server, url = serve(example_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def portfolio_server(example_portfolio):
    """The example's portfolio, served on its own like the site (if the
    agency hosts it at all, it is a separate, protected host)."""
    server, url = serve(example_portfolio)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("chromium and chromium-driver are needed (scripts/install-deps.sh test installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-dev-shm-usage", "--force-device-scale-factor=1", "--allow-file-access-from-files"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()
