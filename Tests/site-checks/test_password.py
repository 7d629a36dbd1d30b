"""Password portals (site.md "password"): nothing readable is published, an
independent implementation decrypts with the right password and fails with a
wrong one, and a real browser unlocks the portal once per session."""
import base64
import json
import re

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from conftest import corpus_passwords, html_escaped


def sealed_payload(page):
    match = re.search(r'<script type="application/json" id="porthole-sealed">(.*?)</script>', page.read_text(), re.S)
    assert match, f"{page} is not a locked page"
    return json.loads(match.group(1))


def decrypt(payload, password):
    salt = base64.b64decode(payload["salt"])
    assert payload["iterations"] >= 600_000
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=payload["iterations"]).derive(password.encode())
    data = base64.b64decode(payload["data"])
    return AESGCM(key).decrypt(data[:12], data[12:], payload["path"].encode()).decode()


def password_portals(site, work):
    canaries = json.loads((work / "canaries.json").read_text())["clients"]
    for slug, entry in canaries.items():
        if entry["access"] == "password":
            folders = [p for p in site.iterdir() if p.name.startswith(slug + "-")]
            assert len(folders) == 1
            yield slug, entry, folders[0]


def test_no_client_canary_of_a_password_portal_is_in_plaintext(corpus_site):
    work = corpus_site.parent
    found = list(password_portals(corpus_site, work))
    assert found, "the corpus has a password client"
    everything = [(p, p.read_bytes()) for p in corpus_site.rglob("*") if p.is_file()]
    for slug, entry, folder in found:
        for path, data in everything:
            assert entry["client"].encode() not in data, f"{slug}'s canary in plaintext in {path}"
        files = [p for p in folder.rglob("*") if p.is_file()]
        assert files and all(p.suffix in {".html", ".css"} for p in files), "only locked pages and the brand sheet"


def test_independent_decryption_with_the_right_and_a_wrong_password(corpus_site):
    work = corpus_site.parent
    passwords = corpus_passwords(work)
    for slug, entry, folder in password_portals(corpus_site, work):
        password = passwords["PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_")]
        pages = sorted(folder.rglob("index.html"))
        assert len(pages) > 20
        for page in pages[:5] + pages[-5:]:
            payload = sealed_payload(page)
            assert payload["path"] == str(page.relative_to(corpus_site))
            html = decrypt(payload, password)
            assert html.startswith("<!DOCTYPE html>")
            assert html_escaped(entry["name"]) in html
            with pytest.raises(InvalidTag):
                decrypt(payload, password + "x")


def test_nonces_are_distinct_across_a_portal(corpus_site):
    work = corpus_site.parent
    for _, _, folder in password_portals(corpus_site, work):
        nonces = [base64.b64decode(sealed_payload(p)["data"])[:12] for p in folder.rglob("index.html")]
        assert len(nonces) == len(set(nonces))


def test_browser_unlocks_once_per_session_and_locks(browser, example_site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    folder = next(p for p in example_site.iterdir() if p.name.startswith("larkspur-skincare-"))
    home = (folder / "index.html").as_uri()
    browser.get(home)
    assert "Larkspur" not in browser.page_source
    field = browser.find_element(By.ID, "unlock-password")
    field.send_keys("not the password")
    browser.find_element(By.CSS_SELECTOR, "#unlock-form button").click()
    WebDriverWait(browser, 30).until(lambda b: "not right" in b.find_element(By.ID, "unlock-message").text)

    field = browser.find_element(By.ID, "unlock-password")
    field.clear()
    field.send_keys("larkspur-demo")
    browser.find_element(By.CSS_SELECTOR, "#unlock-form button").click()
    WebDriverWait(browser, 30).until(lambda b: "Larkspur Skincare" in b.title)
    assert browser.find_elements(By.CSS_SELECTOR, ".project-card")

    # Another page of the same portal opens without typing again.
    risks = next(folder.rglob("risks/index.html")).as_uri()
    browser.get(risks)
    WebDriverWait(browser, 10).until(lambda b: "Risks" in b.title)
    assert browser.find_elements(By.CSS_SELECTOR, ".heatmap-chart")

    browser.find_element(By.CLASS_NAME, "lock-button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "unlock-password"))
    browser.get(home)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "unlock-password"))
    assert "Larkspur" not in browser.title
