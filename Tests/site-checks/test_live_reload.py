"""`porthole serve` in a real browser: the real binary on a free port, a copy
of the example content, headless Chromium. An edit saved on disk reaches the
open page without the test reloading it; a broken project.yaml shows its
error, with its line, over the page; the fix brings the page back by itself.
Password portals are previewed unencrypted behind a banner, and nothing of
the preview's script reaches a built site."""
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import BIN, ROOT, TODAY, porthole

PROJECT = Path("content/clients/harbour-coffee/shopify-plus-storefront")
UPDATE = PROJECT / "updates" / "2026-11-27.md"
HEADLINE = "Strong Black Friday morning on the new store"


class Preview:
    """A running `porthole serve` and what it has printed."""

    def __init__(self, work: Path):
        env = dict(os.environ, PORTHOLE_SECRET="site-checks", NO_COLOR="1")
        self.process = subprocess.Popen([str(BIN), "serve", "--port", "0", "--today", TODAY], cwd=work, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def output(self):
        return "".join(self.lines)

    def url_of(self, slug: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(rf"^  {slug} \([^)]*\): (http://127\.0\.0\.1:\d+/\S*)$", self.output, re.M)
            if found:
                return found.group(1)
            assert self.process.poll() is None, self.output
            time.sleep(0.1)
        pytest.fail("porthole serve printed no address for " + slug + ":\n" + self.output)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    shutil.copytree(ROOT / "content", work / "content")
    running = Preview(work)
    yield work, running
    running.stop()


def wait_for(browser, script: str, seconds: float = 30):
    """Polls `script` in the open page (never reloading it) until it returns
    something true; returns that, or fails with what the page showed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = browser.execute_script(script)
        except Exception:  # the page is between two documents
            value = None
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {script!r}; the page shows:\n"
                + browser.execute_script("return document.body ? document.body.innerText : ''")[:2000])


def test_an_edit_reloads_the_page_errors_show_over_it_and_the_fix_brings_it_back(browser, preview):
    work, running = preview
    url = running.url_of("harbour-coffee") + "shopify-plus-storefront/updates/2026-11-27/"
    browser.get(url)
    assert HEADLINE in browser.execute_script("return document.body.innerText")
    wait_for(browser, "return window.performance && document.readyState === 'complete'")

    # Saved on disk: the page shows it, and it was the page that reloaded
    # itself (the marker the test set is gone with the old document).
    browser.execute_script("window.__stillTheSamePage = true")
    note = work / UPDATE
    note.write_text(note.read_text(encoding="utf-8").replace(HEADLINE, "Live reload reached the page"), encoding="utf-8")
    wait_for(browser, "return document.body.innerText.includes('Live reload reached the page')")
    assert browser.execute_script("return window.__stillTheSamePage === undefined")

    # A broken project.yaml: its place and line on the page, the last good
    # build underneath.
    browser.execute_script("window.__stillTheSamePage = true")
    project = work / PROJECT / "project.yaml"
    good = project.read_text(encoding="utf-8")
    lines = good.split("\n")
    assert lines[2].startswith("pm: ")
    lines[2] = "pm: Aisha: Rahman"
    project.write_text("\n".join(lines), encoding="utf-8")
    shown = wait_for(browser, "var o = document.getElementById('porthole-problems'); return o && o.innerText")
    assert re.search(r"clients/harbour-coffee/shopify-plus-storefront/project\.yaml:3:\d+: error: ", shown), shown
    assert "pm: Aisha: Rahman" in shown, "the offending line is shown"
    assert browser.execute_script("return window.__stillTheSamePage === true"), "errors are shown without a reload"
    assert "Live reload reached the page" in browser.execute_script("return document.body.innerText")

    # Fixed: the page reloads by itself, without the overlay.
    project.write_text(good, encoding="utf-8")
    wait_for(browser, "return window.__stillTheSamePage === undefined && document.readyState === 'complete'")
    assert browser.execute_script("return document.getElementById('porthole-problems')") is None
    assert "Live reload reached the page" in browser.execute_script("return document.body.innerText")


def test_a_password_portal_is_previewed_unencrypted_behind_a_banner(browser, preview):
    work, running = preview
    browser.get(running.url_of("larkspur-skincare"))
    banner = wait_for(browser, "var b = document.querySelector('.porthole-preview-banner'); return b && b.innerText")
    assert "Preview" in banner and "password" in banner
    assert browser.execute_script("return document.querySelector('input[type=password]')") is None
    assert "Shopify Plus storefront rebuild" in browser.execute_script("return document.body.innerText")


def test_no_trace_of_the_preview_in_a_built_site_or_the_preview_folder(preview, tmp_path):
    work, running = preview
    result = porthole("build", "--content", str(work / "content"), "--output", str(tmp_path / "site"),
                      "--portfolio", str(tmp_path / "portfolio"), "--today", TODAY,
                      "--passwords", str(ROOT / "demo-passwords.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for folder in [tmp_path / "site", work / ".porthole" / "preview"]:
        files = [p for p in folder.rglob("*") if p.is_file()]
        assert len(files) > 50, folder
        traced = [str(p) for p in files if b"__porthole" in p.read_bytes() or b"porthole-preview" in p.read_bytes()]
        assert not traced, traced
    assert not (work / "site").exists(), "serve never writes site/"


def test_ctrl_c_stops_the_preview_cleanly(preview):
    work, running = preview
    running.url_of("harbour-coffee")
    assert running.stop() == 0, running.output
    assert "Traceback" not in running.output and "Fatal error" not in running.output
