"""Every escaper's output for generated hostile text, read back by a real
parser of its format, gives the original text (site.md property 3).

The samples come from the Swift property test
`EscaperPropertyTests/test_writesEscapedSamplesForThePythonParsers` (fixed
seed; PORTHOLE_PROPERTY_CASES and PORTHOLE_PROPERTY_SEED run more or other
cases, Tests/PropertyTests/Property.swift): one line per sample,
kind, base64(original), base64(escaped)."""
import base64
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar
import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    path = tmp_path_factory.mktemp("escapes") / "samples.tsv"
    env = dict(os.environ, PORTHOLE_ESCAPE_SAMPLES=str(path))
    command = ["swift", "test", "--skip-build", "--filter", "test_writesEscapedSamplesForThePythonParsers"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if not path.exists():
        # The test targets are not built yet (make test builds them first).
        subprocess.run(["swift", "build", "--build-tests"], cwd=ROOT, check=True, capture_output=True)
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert path.exists(), result.stdout + result.stderr
    by_kind = {}
    for line in path.read_text().splitlines():
        kind, original, escaped = line.split("\t")
        by_kind.setdefault(kind, []).append(
            (base64.b64decode(original).decode("utf-8"), base64.b64decode(escaped).decode("utf-8")))
    assert all(len(v) >= 500 for v in by_kind.values()), {k: len(v) for k, v in by_kind.items()}
    return by_kind


class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attributes = [], {}

    def handle_starttag(self, tag, attrs):
        self.attributes.update(attrs)

    def handle_data(self, data):
        self.text.append(data)


def read_html(document):
    reader = Reader()
    reader.feed(document)
    reader.close()
    return "".join(reader.text), reader.attributes


def test_html_text_and_attributes_read_back_exactly(samples):
    for original, escaped in samples["html"]:
        text, attributes = read_html(f'<p title="{escaped}" data-x=\'{escaped}\'>{escaped}</p>')
        assert text == original, (original, escaped)
        assert attributes == {"title": original, "data-x": original}, (original, escaped)


def test_cross_reference_attributes_read_back_exactly(samples):
    for original, escaped in samples["xref-attribute"]:
        _, attributes = read_html(f'<a title="{escaped}" aria-label=\'{escaped}\'>x</a>')
        assert attributes == {"title": original, "aria-label": original}, (original, escaped)


def xml_expected(text, attribute=False):
    """What XML carries: the characters XML 1.0 forbids dropped (as the
    escaper does), line ends as LF (§2.11), and in an attribute tab and
    line ends as spaces (§3.3.3)."""
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\t\n]", " ", text) if attribute else text


def test_xml_text_and_attributes_read_back(samples):
    for original, escaped in samples["xml"]:
        element = ET.fromstring(f'<r a="{escaped}">{escaped}</r>'.encode("utf-8"))
        assert (element.text or "") == xml_expected(original), (original, escaped)
        assert element.get("a") == xml_expected(original, attribute=True), (original, escaped)


def test_ical_text_reads_back_through_icalendar(samples):
    """RFC 5545 TEXT cannot carry a CR or other controls (the escaper drops
    them; a newline is written as \\n)."""
    for original, line in samples["ical"]:
        calendar = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//porthole//test//EN\r\nBEGIN:VEVENT\r\n"
                    "UID:x@example.com\r\nDTSTAMP:20261127T000000Z\r\nDTSTART;VALUE=DATE:20261127\r\n"
                    + line + "END:VEVENT\r\nEND:VCALENDAR\r\n")
        assert all(len(physical.encode("utf-8")) <= 75 for physical in line.split("\r\n")), line
        event = icalendar.Calendar.from_ical(calendar).walk("VEVENT")[0]
        expected = re.sub("[\x00-\x08\x0b-\x1f]", "", original.replace("\r", ""))
        assert str(event["SUMMARY"]) == expected, (original, line)


def test_status_json_reads_back_exactly(samples):
    for original, document in samples["json"]:
        assert json.loads(document) == {"title": original}, (original, document)
