"""Nothing hidden on a phone (issue 21): at 320, 390, 768 and 1280 px no
chart or table holding data is wider than its box or clipped, and no id or
title is cut short with an ellipsis unless its full text is on the page.
Runs over every page kind of the example agency, its portfolio, and pages of
the generated corpus; saves screenshots of the project page, updates list,
decision page and portfolio at 390 and 1280 px for people to look at."""
from pathlib import Path

import pytest

from conftest import SCREENSHOTS, page_kinds, portfolio_kinds, serve
from test_browser import open_page

WIDTHS = [320, 390, 768, 1280]
SCREENSHOT_KINDS = ["project", "updates", "decision", "portfolio"]
SCREENSHOT_WIDTHS = [390, 1280]

# Elements that hold data: each must fit the box it sits in, and a box that
# may scroll (a table or chart wrapper) must not need to.
CHECK_SCRIPT = r"""
const problems = [];
// What a reader can open holds data too: the portfolio's counts per week.
document.querySelectorAll('details').forEach(d => { d.open = true; });
const shown = el => {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden') return false;
    // Text kept for screen readers only (the visually-hidden pattern).
    if (s.clipPath.includes('inset(50%') || (s.position === 'absolute' && e.offsetWidth <= 1)) return false;
  }
  return el.getClientRects().length > 0;
};
const name = el => {
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2).join('.');
  return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
};
// Scroll boxes: a chart or table that only shows by scrolling hides data.
for (const el of document.querySelectorAll('.table-wrap, .chart-scroll, .chart-frame, .panel, .record, .masthead, .tabs, .phase-track, .rag-history, .schedule, .counts, main')) {
  if (!shown(el)) continue;
  if (el.scrollWidth > el.clientWidth + 1)
    problems.push(`${name(el)} scrolls: content ${el.scrollWidth}px in a ${el.clientWidth}px box`);
}
// Data elements: none wider than the box around it.
for (const el of document.querySelectorAll('table, svg.chart, .rag-history, .schedule, dl, .tabs ul, .phase-track__list, .decision-list, .update-list, .risk, .counts')) {
  if (!shown(el)) continue;
  const parent = el.parentElement;
  const box = parent.getBoundingClientRect();
  const ps = getComputedStyle(parent);
  const right = box.right - parseFloat(ps.paddingRight) - parseFloat(ps.borderRightWidth);
  const r = el.getBoundingClientRect();
  if (r.right > right + 1)
    problems.push(`${name(el)} is ${Math.round(r.right - right)}px wider than its container ${name(parent)}`);
}
// Clipped text: an overflow that hides, or an ellipsis, on text that does not fit.
for (const el of document.querySelectorAll('main *, header *')) {
  if (el.closest('svg') || !shown(el)) continue;
  const s = getComputedStyle(el);
  const clips = ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
  if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim())
    problems.push(`${name(el)} cuts its text "${el.textContent.trim().slice(0, 40)}" (${s.textOverflow === 'ellipsis' ? 'ellipsis' : 'overflow ' + s.overflowX})`);
}
// A chart that hides what overflows it (the default for an <svg>) cuts any
// label drawn past its edge: every label must lie inside it. (One that lets
// its labels overflow is held to the scroll-box rule above instead.)
for (const svg of document.querySelectorAll('svg.chart')) {
  if (!shown(svg) || getComputedStyle(svg).overflow === 'visible') continue;
  const box = svg.getBoundingClientRect();
  for (const t of svg.querySelectorAll('text')) {
    const r = t.getBoundingClientRect();
    if (r.width && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1))
      problems.push(`chart label "${t.textContent.trim().slice(0, 40)}" runs past the edge of ${name(svg)}`);
  }
}
// A label shortened inside a chart needs its full text shown on the page too.
const pageText = Array.from(document.querySelectorAll('main *'))
  .filter(e => !e.closest('svg') && e.children.length === 0 && shown(e)).map(e => e.textContent).join('\n')
  + '\n' + (document.querySelector('main') ? document.querySelector('main').innerText : '');
for (const t of document.querySelectorAll('svg.chart text')) {
  if (!shown(t.closest('svg'))) continue;
  const text = t.textContent.trim();
  if (!text.endsWith('…')) continue;
  const prefix = text.slice(0, -1).replace(/^\S+\s+/, '').trim();
  const i = pageText.indexOf(prefix);
  if (i < 0 || pageText.slice(i + prefix.length, i + prefix.length + 1) === '…')
    problems.push(`chart label "${text}" is cut and its full text is not on the page`);
}
// A chart the stylesheet hides at this width has its stand-in shown: the
// schedule for the milestone timeline, the wrapping strip for the history.
for (const [chart, standIn] of [['svg.timeline', '.schedule'], ['svg.history', '.rag-history']]) {
  const svg = document.querySelector(chart);
  if (svg && !shown(svg) && !Array.from(document.querySelectorAll(standIn)).some(shown))
    problems.push(`${chart} is hidden and ${standIn} is not shown in its place`);
}
// The page itself never scrolls sideways.
const over = document.documentElement.scrollWidth - window.innerWidth;
if (over > 0) problems.push(`the page is ${over}px wider than the window`);
return problems;
"""


def served(site: Path, server: str, pages: dict):
    return {kind: server + str(path.relative_to(site)) for kind, path in pages.items()}


def corpus_kinds(site: Path, projects: int = 3):
    """Every page kind of the first few projects of the corpus's public and
    link clients (a password client's pages are its locked shell)."""
    pages = {}
    count = 0
    for client in sorted(p for p in site.iterdir() if p.is_dir() and p.name != "assets"):
        if 'class="unlock' in (client / "index.html").read_text(encoding="utf-8"):
            continue
        for project in sorted(p for p in client.iterdir() if p.is_dir()):
            if count >= projects:
                return pages
            count += 1
            prefix = f"corpus-{client.name}-{project.name}"
            pages[prefix] = project / "index.html"
            for section in ["milestones", "risks", "decisions", "updates"]:
                pages[f"{prefix}-{section}"] = project / section / "index.html"
            for section in ["decisions", "updates"]:
                entries = sorted(p for p in (project / section).iterdir() if p.is_dir())
                if entries:
                    pages[f"{prefix}-{section[:-1]}"] = entries[-1] / "index.html"
        pages.setdefault("corpus-client", client / "index.html")
    return pages


@pytest.fixture(scope="module")
def all_pages(example_site, example_server, example_portfolio, portfolio_server, corpus_site):
    pages = served(example_site, example_server, page_kinds(example_site))
    pages.update(served(example_portfolio, portfolio_server, portfolio_kinds(example_portfolio)))
    server, url = serve(corpus_site)
    pages.update(served(corpus_site, url, corpus_kinds(corpus_site)))
    # The corpus's portfolio too: more projects, people and weeks than the example's.
    corpus_portfolio = corpus_site.parent / "portfolio"
    portfolio, portfolio_url = serve(corpus_portfolio)
    pages["corpus-portfolio"] = portfolio_url + "index.html"
    yield pages
    server.shutdown()
    portfolio.shutdown()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_or_table_hides_data(browser, all_pages, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures = []
    for kind, url in all_pages.items():
        open_page(browser, url, width)
        for problem in browser.execute_script(CHECK_SCRIPT):
            failures.append(f"{kind} at {width}px: {problem}")
        if kind in SCREENSHOT_KINDS and width in SCREENSHOT_WIDTHS:
            height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 8000)")
            browser.set_window_size(width, height)
            browser.save_screenshot(str(SCREENSHOTS / f"phone-{kind}-{width}.png"))
    assert not failures, "\n".join(failures)
