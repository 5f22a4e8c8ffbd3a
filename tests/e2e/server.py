"""The built site served on 127.0.0.1 like GitHub Pages (correct MIME types, max-age=600), and the
Chromium flags this machine needs — shared by the e2e fixtures and the benchmark scripts."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--disable-gpu", "--disable-dev-shm-usage"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                      ".whl": "application/zip", ".zip": "application/zip", ".json": "application/json"}

    def log_message(self, *args):  # keep output quiet
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")  # like GitHub Pages
        super().end_headers()


def reserve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Bind a port for serving `site` (which may not be built yet) without serving it: the site can
    then be built with `site_url` = this URL (Material's instant navigation only follows links
    listed in sitemap.xml, whose URLs come from site_url, port included)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def start(server: http.server.ThreadingHTTPServer) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving `site` in a background thread; returns the server and its base URL."""
    server, url = reserve(site)
    start(server)
    return server, url


def build(out: Path, site_url: str, root: Path, strict: bool = True) -> None:
    """`mkdocs build` into `out` for serving at `site_url`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)] + (["--strict"] if strict else [])
    subprocess.run(cmd, cwd=root, check=True, env=env)
