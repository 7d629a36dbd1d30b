"""Pages in a real browser: phone and desktop widths, light and dark mode,
accessibility (axe-core), and print to PDF."""
import base64
import subprocess
import json
from pathlib import Path

import pytest

from conftest import SCREENSHOTS, page_kinds, portfolio_kinds

WIDTHS = {"small-phone": 320, "phone": 390, "desktop": 1280}


def axe_source():
    import axe_playwright_python
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path.read_text(encoding="utf-8")


def axe_violations(browser, source):
    """axe-core's WCAG 2.2 AA violations on the open page, one line each."""
    browser.execute_script(source)
    result = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
           .then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})))))
           .catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));
    """)
    return [f"{v['id']}: {v['help']} at {v['nodes']}" for v in json.loads(result)]


def open_page(browser, url: str, width: int, dark: bool = False):
    browser.set_window_size(width, 900)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    browser.get(url)


def served_pages(site: Path, server: str):
    return {kind: server + str(path.relative_to(site)) for kind, path in page_kinds(site).items()}


@pytest.fixture(scope="module")
def every_page(example_site, example_server, example_portfolio, portfolio_server):
    """One page of each kind of the portal, and every page of the agency's
    portfolio: the same standard holds for both (site.md property 7)."""
    pages = served_pages(example_site, example_server)
    for kind, path in portfolio_kinds(example_portfolio).items():
        pages[kind] = portfolio_server + str(path.relative_to(example_portfolio))
    return pages


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_pages_fit_the_screen_and_are_screenshotted(browser, every_page, width_name):
    width = WIDTHS[width_name]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for kind, url in every_page.items():
        open_page(browser, url, width)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{kind} ({url}) is {overflow}px wider than {width}px")
        height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
        browser.set_window_size(width, height)
        browser.save_screenshot(str(SCREENSHOTS / f"{kind.replace('/', '-')}-{width_name}.png"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_wcag22_aa_violations(browser, every_page, dark):
    source = axe_source()
    failures = []
    for kind, url in every_page.items():
        open_page(browser, url, 1280, dark=dark)
        failures += [f"{kind}: {violation}" for violation in axe_violations(browser, source)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("paper,size", [("a4", (8.27, 11.69)), ("letter", (8.5, 11.0))])
def test_project_page_prints_to_pdf(browser, example_site, example_server, paper, size):
    open_page(browser, served_pages(example_site, example_server)["project"], 1280)
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": size[0], "paperHeight": size[1], "printBackground": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"project-print-{paper}.pdf").write_bytes(data)
    # The printed report carries the page's address and no navigation.
    printed = browser.execute_script("""
        const visible = el => el && getComputedStyle(el).display !== 'none';
        return {url: document.querySelector('.site-footer__url')?.textContent || '',
                tabs: visible(document.querySelector('.tabs'))};""")
    assert printed["url"].startswith("https://status.northwind.example/")
    # No heading is stranded at the foot of a page, away from what it heads:
    # the last line of text on every page but the last is not a heading.
    headings = set(browser.execute_script(
        "return [...document.querySelectorAll('main h2, main h3, main h4')].map(h => h.textContent.trim().replace(/\\s+/g, ' '))"))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    pages = text.split("\f")
    stranded = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        # The footer (page address) is the page's last line; the one above it
        # is the last line of the page's content.
        body = [line for line in lines if not line.startswith("https://")]
        if body and body[-1] in headings:
            stranded.append(f"page {number}: '{body[-1]}'")
    assert len([p for p in pages if p.strip()]) >= 1
    assert not stranded, f"headings stranded at the foot of a printed page ({paper}): {stranded}"
