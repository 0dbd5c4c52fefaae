"""The production server: gunicorn with deploy/gunicorn.conf.py serves the pages and assets."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is installed by scripts/setup")
def test_gunicorn_with_the_deploy_config_serves_sign_in_and_its_assets(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "JOINEDUP_ENV": "production",
        "SECRET_KEY": "test-only-" + "k" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "JOINEDUP_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "DEBUG": "False",
    }
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page = get(f"http://127.0.0.1:{port}/sign-in")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"gunicorn did not start:\n{output}")
                time.sleep(0.2)
        assert status == 200 and "Sign in" in page
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheet, page[:500]
        status, css = get(f"http://127.0.0.1:{port}{stylesheet.group(1)}")
        assert status == 200 and len(css) > 1000
        get(f"http://127.0.0.1:{port}/sign-in?name=Maya+Brooks&nhs_number=9434765919")
    finally:
        server.terminate()
        server.wait(timeout=30)
    log = server.stdout.read().decode() if server.stdout else ""
    assert '"GET /sign-in HTTP/1.1" 200' in log  # each request, by its path alone:
    assert "Maya" not in log and "9434765919" not in log  # no query string, no person
