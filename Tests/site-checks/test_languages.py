"""Portals in other languages (docs/themes.md "Adding a language"): a
German and a right-to-left (Arabic) build of the example agency pass the Nu
checker and axe, fit phone and desktop screens, and the right-to-left one
mirrors its layout while its charts keep their left-to-right time axes."""
import re
import shutil

import pytest

from conftest import ROOT, SCREENSHOTS, TODAY, page_kinds, porthole, serve
from test_browser import axe_source, axe_violations, open_page
from test_html_valid import nu_check


def build_in(tmp_path_factory, locale):
    """The example content with `site.locale: <locale>`, built to work/site."""
    work = tmp_path_factory.mktemp("lang-" + locale)
    shutil.copytree(ROOT / "content", work / "content")
    portal = work / "content" / "portal.yaml"
    portal.write_text(re.sub(r"locale: \S+", "locale: " + locale, portal.read_text()))
    # Every client in the portal's language (the example has a German client).
    for client in (work / "content" / "clients").glob("*/client.yaml"):
        client.write_text(re.sub(r"(?m)^locale: .*\n", "", client.read_text()))
    result = porthole("build", "--content", str(work / "content"), "--themes", str(ROOT / "themes"),
                      "--output", str(work / "site"), "--no-portfolio", "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=work)
    assert result.returncode == 0, result.stderr
    return work / "site", result.stderr


@pytest.fixture(scope="module", params=["de-DE", "ar"])
def language_site(request, tmp_path_factory):
    site, log = build_in(tmp_path_factory, request.param)
    server, url = serve(site)
    yield request.param, site, url, log
    server.shutdown()


def test_language_site_is_valid_html5(language_site):
    _, site, _, _ = language_site
    result, count = nu_check(site)
    assert result.returncode == 0, f"{count} pages checked:\n{result.stdout}\n{result.stderr}"


def test_language_and_direction_are_declared(language_site):
    locale, site, _, log = language_site
    direction = "rtl" if locale == "ar" else "ltr"
    for kind, page in page_kinds(site).items():
        head = page.read_text(encoding="utf-8")[:200]
        assert f'<html lang="{locale}" dir="{direction}">' in head, kind
    if locale == "ar":
        # A partial translation: English for the rest, and said where.
        assert "themes/default/i18n/ar.yaml:" in log and "i18n/ar.yaml has no text for" in log, log
    else:
        assert "has no text for" not in log and "has no words in" not in log, log


def test_axe_finds_no_violations_in_another_language(browser, language_site):
    _, site, url, _ = language_site
    source = axe_source()
    failures = []
    for kind, path in page_kinds(site).items():
        open_page(browser, url + str(path.relative_to(site)), 1280)
        failures += [f"{kind}: {violation}" for violation in axe_violations(browser, source)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", [390, 1280])
def test_project_pages_fit_and_are_screenshotted(browser, language_site, width):
    locale, site, url, _ = language_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for kind in ["project", "milestones", "risks", "client"]:
        page = page_kinds(site)[kind]
        open_page(browser, url + str(page.relative_to(site)), width)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{kind} is {overflow}px wider than {width}px")
        height = browser.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
        browser.set_window_size(width, height)
        browser.save_screenshot(str(SCREENSHOTS / f"{locale}-{kind}-{width}.png"))
    assert not problems, "\n".join(problems)


def test_right_to_left_layout_mirrors_but_charts_do_not(browser, language_site):
    locale, site, url, _ = language_site
    pages = page_kinds(site)
    open_page(browser, url + str(pages["risks"].relative_to(site)), 1280)
    risk = browser.execute_script("""
        const s = getComputedStyle(document.querySelector('.risk'));
        return {left: s.borderLeftWidth, right: s.borderRightWidth};""")
    # The severity rule is at the start of each risk: left in English and
    # German, right in Arabic.
    start, end = ("right", "left") if locale == "ar" else ("left", "right")
    assert risk[start] == "4px" and risk[end] == "1px", risk
    open_page(browser, url + str(pages["project"].relative_to(site)), 1280)
    chart = browser.execute_script(
        "return getComputedStyle(document.querySelector('.chart-scroll')).direction")
    assert chart == "ltr"
    # The brand sits at the start of the header.
    header = browser.execute_script("""
        const brand = document.querySelector('.brand').getBoundingClientRect();
        const bar = document.querySelector('.site-header__inner').getBoundingClientRect();
        return {brandLeft: brand.left - bar.left, brandRight: bar.right - brand.right};""")
    if locale == "ar":
        assert header["brandRight"] < header["brandLeft"], header
    else:
        assert header["brandLeft"] < header["brandRight"], header


def test_the_stylesheets_hold_no_words():
    """Words a client reads come from the theme's strings, in the page's
    language: generated content in the stylesheet may hold symbols (arrows,
    separators) or a cell's data-label, never a word of its own."""
    words = []
    for sheet in (ROOT / "themes").rglob("*.css"):
        for number, line in enumerate(sheet.read_text().splitlines(), 1):
            for text in re.findall(r'content:\s*"([^"]*)"', line):
                # A CSS escape (\00a0, a no-break space) is not a word.
                if re.search(r"[^\W\d_]", re.sub(r"\\[0-9a-fA-F]{1,6}\s?", "", text)):
                    words.append(f"{sheet.relative_to(ROOT)}:{number}: {text!r}")
    assert not words, "\n".join(words)
