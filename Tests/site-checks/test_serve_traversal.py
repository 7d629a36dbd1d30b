"""`porthole serve` answers every attempt to leave the served folder with
404 and logs it (issue 18): `..` plain, percent-encoded, double-encoded,
with backslashes, invalid encodings, and symbolic links inside the served folder that
point out of it. Nothing outside that folder is ever sent."""
import http.client
import os
import re
import socket
import subprocess
import time

import pytest

from conftest import BIN, corpus_passwords, generate_corpus

SECRET = "TOP-SECRET-OUTSIDE-THE-SITE"

ATTEMPTS = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/.%2e/secret.txt",
    "/%2e./secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/assets/..%2f..%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%25252e%25252e/secret.txt",
    "/..\\secret.txt",
    "/%2e%2e%5csecret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%zz/secret.txt",
    "/%00/../secret.txt",
    "/leak.txt",
    "/leakdir/secret.txt",
    "/leakdir/",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = generate_corpus(tmp_path_factory.mktemp("serve-traversal"), 2)
    (work / "secret.txt").write_text(SECRET)
    outside = work / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "index.html").write_text(SECRET)
    env = dict(os.environ, PORTHOLE_SECRET="traversal", NO_COLOR="1")
    env.update(corpus_passwords(work))
    log_path = work / "serve.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(BIN), "serve", "--content", "content", "--port", "0", "--interval", "5",
         "--today", "2026-11-27"], cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        deadline = time.monotonic() + 120
        while port is None and time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", log_path.read_text())
            port = int(found.group(1)) if found else time.sleep(0.2)
        assert port, log_path.read_text()
        # The preview's own folder (never site/: docs/architecture.md).
        site = work / ".porthole" / "preview"
        # Links a build would never make, put in after the build.
        os.symlink(work / "secret.txt", site / "leak.txt")
        os.symlink(outside, site / "leakdir")
        yield port, log_path
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def raw_get(port, path):
    """Sends the path byte for byte: no client normalises it first."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("path", ATTEMPTS)
def test_traversal_attempt_is_answered_404_and_logged(server, path):
    port, log_path = server
    status, data = raw_get(port, path)
    assert status == 404, (path, data[:300])
    assert SECRET.encode() not in data
    assert b"root:" not in data
    deadline = time.monotonic() + 5
    while f"refused GET {path}" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert f"refused GET {path}" in log_path.read_text(), log_path.read_text()[-2000:]


def test_ordinary_pages_are_still_served(server):
    port, _ = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/")
    assert connection.getresponse().status == 200
