"""The site as a GitHub Pages *project* site: published under /<repository>/, with 404.html served
(status 404) for any missing path. Built with SITE_URL set the way the deploy workflow sets it,
served under that path: 404.html carries the Content-Security-Policy and loads its assets from the
project path, sitemap.xml lists the pages, and a calculator still boots there."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.helpers import calculator_pages, wait_engine
from tests.e2e.server import _Handler

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "/saimu-keisan/"
SITE_URL = "https://example.github.io" + PREFIX


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("project-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                   cwd=ROOT, check=True, env=env)
    return out


class _ProjectPages(_Handler):
    """The site under PREFIX only; anything missing gets 404.html with status 404, like GitHub Pages."""

    def do_GET(self):
        path = urlsplit(self.path).path
        if path.startswith(PREFIX):
            rel = path[len(PREFIX):]
            target = Path(self.directory) / rel
            if target.is_dir() and not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            if (target / "index.html").is_file() if target.is_dir() else target.is_file():
                self.path = "/" + self.path[len(PREFIX):]
                return super().do_GET()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def project_url(project_site):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_ProjectPages, directory=str(project_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def watch_page(page, origin):
    seen = {"problems": [], "responses": []}
    page.add_init_script("""window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation',
          (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));""")
    page.on("console", lambda m: m.type == "error" and seen["problems"].append(f"console: {m.text} {m.location}"))
    page.on("pageerror", lambda e: seen["problems"].append(f"page error: {e}"))
    page.on("requestfailed", lambda r: seen["problems"].append(f"failed: {r.url} {r.failure}"))
    page.on("request", lambda r: r.url.startswith((origin, "data:", "blob:"))
            or seen["problems"].append(f"other origin: {r.url}"))
    page.on("response", lambda r: seen["responses"].append((r.url, r.status)))
    return seen


def test_sitemap_lists_the_pages_under_the_project_url(project_site):
    sitemap = (project_site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}</loc>" in sitemap
    assert f"<loc>{SITE_URL}kabarai/hikinaoshi-tool/</loc>" in sitemap


def test_404_under_a_project_path_has_the_policy_and_its_assets(page, project_url):
    seen = watch_page(page, project_url)
    missing = f"{project_url}{PREFIX}no/such/page/"
    resp = page.goto(missing)
    assert resp.status == 404
    page.wait_for_load_state("load")
    policy = page.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content")
    assert policy and "default-src 'self'" in policy and "connect-src 'self'" in policy
    # every asset came from the project path and loaded; Material's inline scripts were allowed
    assets = [(u, s) for u, s in seen["responses"] if u != missing]
    assert any("/assets/stylesheets/main." in u for u, _ in assets)
    assert any("/assets/javascripts/bundle." in u for u, _ in assets)
    assert all(u.startswith(project_url + PREFIX) and s == 200 for u, s in assets), assets
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("window.__cspViolations") == []
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
    # the one failed load is the missing page itself (its 404 status, as GitHub Pages answers)
    assert all("status of 404" in p and f"'url': '{missing}'" in p for p in seen["problems"]), seen
    # the page's own links lead back into the site
    home = page.evaluate("document.querySelector('.md-header__button.md-logo').href")   # resolved
    assert home.startswith(project_url + PREFIX)
    assert page.goto(home).status == 200


def test_a_calculator_boots_under_the_project_path(page, project_site, project_url):
    seen = watch_page(page, project_url)
    path = calculator_pages(project_site)["hikinaoshi"]
    page.set_default_timeout(120_000)
    assert page.goto(f"{project_url}{PREFIX}{path}").status == 200
    wait_engine(page)
    bad = [(u, s) for u, s in seen["responses"] if s >= 400]
    assert not bad and not seen["problems"], (bad, seen["problems"])
    assert page.evaluate("window.__cspViolations") == []
