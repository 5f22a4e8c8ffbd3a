"""End-to-end fixtures: the built site served on 127.0.0.1, Debian's Chromium driven by Playwright.

The site is built once per session (or taken from $SITE_DIR). Every page a test opens is watched:
a request to any other origin, a console error, a page error or a failed same-origin request fails
the test — nothing a reader types may leave the device.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, build, reserve, start

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """The port is bound before the site is built, so the site is built for its own URL."""
    given = os.environ.get("SITE_DIR")
    site = Path(given) if given else tmp_path_factory.mktemp("site")
    server, url = reserve(site)
    yield server, url, site, not given
    server.server_close()


@pytest.fixture(scope="session")
def site_dir(_server) -> Path:
    server, url, site, fresh = _server
    if fresh:  # $SITE_DIR: a site built elsewhere (instant navigation needs it built for this URL)
        build(site, url, ROOT)
    return site


@pytest.fixture(scope="session")
def base_url(_server, site_dir) -> str:
    server, url, site, fresh = _server
    start(server)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The site's offline service worker would stand between page.route() and the network in the
    # fault-injection tests; the offline test opts in with
    # @pytest.mark.browser_context_args(service_workers="allow").
    return {**browser_context_args, "service_workers": "block"}


class PageWatch:
    def __init__(self, page, base_url):
        self.base_url = base_url
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.bytes: dict[str, int] = {}
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", self._response)
        page.on("worker", lambda w: w.on("console", self._console) if hasattr(w, "on") else None)

    def _console(self, msg):
        if msg.type == "error":
            self.problems.append(f"console error: {msg.text}")

    def _request(self, req):
        self.requests.append(req.url)
        if not (req.url.startswith(self.base_url) or req.url.startswith(("data:", "blob:"))):
            self.problems.append(f"request to another origin: {req.url}")

    def _response(self, resp):
        if resp.url.startswith(self.base_url) and resp.status >= 400:
            self.problems.append(f"HTTP {resp.status}: {resp.url}")


@pytest.fixture
def watch(page, base_url):
    page.set_default_timeout(60_000)
    w = PageWatch(page, base_url)
    yield w
    assert not w.problems, "\n".join(w.problems)
