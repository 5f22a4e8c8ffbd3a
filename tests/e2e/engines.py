"""The thinnest adapter that lets one e2e case drive Chromium, WebKit or Firefox.

A case gets a `Tab` and uses only: goto, evaluate (a JS function's source and one JSON argument),
wait_for (a JS condition), fill / select / click by CSS selector, text, and problems. Each engine
is driven by the client that works on this machine without downloading a browser:

  chromium  Debian's Chromium through Playwright (as the rest of tests/e2e);
  webkit    WebKitGTK's MiniBrowser through Debian's WebKitWebDriver, classic W3C WebDriver spoken
            over HTTP with urllib (MiniBrowser needs `--automation`; it draws into one Xvfb per
            session). This build has no WebDriver BiDi, so no console events reach the test;
  firefox   Firefox ESR through npm puppeteer-core over WebDriver BiDi, from a small Node process
            (firefox_bridge.mjs) that answers one JSON line per command.

Problems: the site itself keeps, in the tab, the uncaught errors, unhandled rejections, failed
resource loads and Content-Security-Policy violations its pages meet (overrides/assets/errors.js,
loaded first in <head>) and the engine failures the calculator runtime reports from its worker
(`window.__siteErrors`). `problems()` drains that list in every engine — the only channel WebKit
has — and adds what the engine's own client reports (console errors and page errors in Chromium
and Firefox). The list is drained before every full page load, which would clear it.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ENGINES = ("chromium", "webkit", "firefox")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER") or shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
MINIBROWSER = os.environ.get("WEBKIT_BROWSER") or "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
FIREFOX = os.environ.get("FIREFOX_PATH") or shutil.which("firefox-esr") or "/usr/bin/firefox-esr"
VIEWPORT = (1280, 900)

DRAIN = "() => (window.__siteErrors || []).splice(0)"


class EngineError(AssertionError):
    pass


class Tab:
    """One browser tab. Subclasses implement goto, evaluate, fill, select, click, close and, where
    the client has them, native problem reports (_native)."""

    name = ""

    def __init__(self):
        self._problems: list[str] = []

    # ---- implemented per engine ----
    def goto(self, url: str) -> None:
        raise NotImplementedError

    def evaluate(self, fn: str, arg=None):
        """Run the JS function `fn` (source text; may be async) with one JSON argument; its JSON result."""
        raise NotImplementedError

    def fill(self, selector: str, value: str) -> None:
        raise NotImplementedError

    def select(self, selector: str, value: str) -> None:
        raise NotImplementedError

    def click(self, selector: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def _native(self) -> list[str]:
        return []

    # ---- the same for every engine ----
    def wait_for(self, fn: str, arg=None, timeout: float = 30.0, message: str = ""):
        """Poll the JS condition `fn(arg)` until it is truthy; its value. Raises after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(fn, arg)
            if value:
                return value
            if time.monotonic() > deadline:
                raise EngineError(f"{self.name}: timed out after {timeout} s waiting for {message or fn}")
            time.sleep(0.05)

    def text(self, selector: str) -> str:
        return self.evaluate("(s) => { const e = document.querySelector(s); return e ? e.textContent : null; }",
                             selector)

    def _drain(self) -> None:
        try:
            self._problems += [f"site: {p}" for p in self.evaluate(DRAIN) or []]
        except Exception:  # a page that is gone or not ours (about:blank)
            pass

    def problems(self) -> list[str]:
        """Everything reported since the last call (site-recorded and native), and forget it."""
        self._drain()
        out = self._problems + self._native()
        self._problems = []
        return out


# ---- Chromium: Playwright ------------------------------------------------------------------------
class ChromiumTab(Tab):
    name = "chromium"

    def __init__(self, browser):
        super().__init__()
        self.context = browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]},
                                           service_workers="allow")
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self._console: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self._console.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self._console.append(f"page error: {e}"))

    def goto(self, url):
        self._drain()
        self.page.goto(url)

    def evaluate(self, fn, arg=None):
        return self.page.evaluate(fn, arg)

    # wait_for: the base class's polling through evaluate(), which awaits a condition that returns a
    # Promise (Playwright's wait_for_function takes the Promise object itself as truthy and returns at once).

    def fill(self, selector, value):
        self.page.fill(selector, value)

    def select(self, selector, value):
        self.page.select_option(selector, value)

    def click(self, selector):
        self.page.click(selector)

    def _native(self):
        out, self._console = self._console, []
        return out

    def close(self):
        self.context.close()


# ---- WebKit: classic WebDriver over HTTP ---------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Xvfb:
    """One virtual display for the session (WebKitGTK's MiniBrowser has no headless mode)."""

    def __init__(self):
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                     pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


ELEMENT = "element-6066-11e4-a6e6-4a4b-8ff9-d8d3ba3a7f53"   # W3C WebDriver's element key


class WebKitTab(Tab):
    name = "webkit"

    def __init__(self, display: str):
        super().__init__()
        self.port = free_port()
        self.driver = subprocess.Popen([WEBKIT_DRIVER, f"--port={self.port}"], env={**os.environ, "DISPLAY": display},
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/status", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        caps = {"browserName": "MiniBrowser",
                "webkitgtk:browserOptions": {"binary": MINIBROWSER, "args": ["--automation"]}}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]
        self._call("POST", "/timeouts", {"script": 120_000, "pageLoad": 120_000})
        self._call("POST", "/window/rect", {"width": VIEWPORT[0], "height": VIEWPORT[1]})

    def _call(self, method, path, body=None):
        full = self.url + (path if path == "/session" else f"/session/{self.session}{path}")
        data = json.dumps({} if body is None and method == "POST" else body).encode() if method == "POST" else None
        req = urllib.request.Request(full, method=method, data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=180) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            value = json.loads(e.read() or b"{}").get("value", {})
            raise EngineError(f"webkit: {method} {path}: {value.get('error')}: {value.get('message')}") from None

    def goto(self, url):
        self._drain()
        self._call("POST", "/url", {"url": url})

    def evaluate(self, fn, arg=None):
        script = ("const done = arguments[1];"
                  f"Promise.resolve().then(() => ({fn})(arguments[0]))"
                  ".then((v) => done({ok: v === undefined ? null : v}), (e) => done({err: String(e && e.stack || e)}));")
        out = self._call("POST", "/execute/async", {"script": script, "args": [arg]})
        if "err" in out:
            raise EngineError(f"webkit: {out['err']}")
        return out["ok"]

    def _element(self, selector):
        found = self._call("POST", "/element", {"using": "css selector", "value": selector})
        return found.get(ELEMENT) or next(iter(found.values()))

    def fill(self, selector, value):
        el = self._element(selector)
        self._call("POST", f"/element/{el}/clear")
        if value:
            self._call("POST", f"/element/{el}/value", {"text": value})

    def select(self, selector, value):
        self.click(f"{selector} option[value={json.dumps(value)}]")

    def click(self, selector):
        self._call("POST", f"/element/{self._element(selector)}/click")

    def close(self):
        try:
            self._call("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait(10)


# ---- Firefox: puppeteer-core over WebDriver BiDi, in a Node process ------------------------------
class FirefoxTab(Tab):
    name = "firefox"

    def __init__(self):
        super().__init__()
        self.proc = subprocess.Popen(["node", str(HERE / "firefox_bridge.mjs")], cwd=ROOT,
                                     env={**os.environ, "FIREFOX_PATH": FIREFOX,
                                          "VIEWPORT": f"{VIEWPORT[0]}x{VIEWPORT[1]}"},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.seq = 0
        self._send("ready")

    def _send(self, op, **args):
        self.seq += 1
        self.proc.stdin.write(json.dumps({"id": self.seq, "op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise EngineError(f"firefox: the bridge exited ({self.proc.poll()})")
        out = json.loads(line)
        if "err" in out:
            raise EngineError(f"firefox: {op}: {out['err']}")
        return out.get("ok")

    def goto(self, url):
        self._drain()
        self._send("goto", url=url)

    def evaluate(self, fn, arg=None):
        return self._send("evaluate", fn=fn, arg=arg)

    def fill(self, selector, value):
        self._send("fill", selector=selector, value=value)

    def select(self, selector, value):
        self._send("select", selector=selector, value=value)

    def click(self, selector):
        self._send("click", selector=selector)

    def _native(self):
        return self._send("problems") or []

    def close(self):
        try:
            self._send("close")
        except Exception:
            pass
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)


# ---- a second server for faults: the same site on another origin, nothing cached -----------------
class FaultServer:
    """The built site on its own port (its own origin: its own service worker and caches), every
    response `no-store`, so the browser's HTTP cache never hides a fault. `mode`:
      "ok"      serve everything;
      "engine"  drop the connection for the calculators' engine (Pyodide and the calc wheel): the
                network error a reader meets when the 6 MB download breaks;
      "down"    drop every connection, as if the device were offline."""

    ENGINE = ("/assets/pyodide/", "/assets/calc/wheels/")

    def __init__(self, site: Path):
        import functools
        import http.server
        import threading

        from tests.e2e.server import _Handler

        fault = self

        class Handler(_Handler):
            def do_GET(self):
                path = self.path.split("?")[0]
                if fault.mode == "down" or (fault.mode == "engine" and path.startswith(fault.ENGINE)):
                    self.close_connection = True   # no response at all: a network error
                    return
                super().do_GET()

            def end_headers(self):
                self.send_header("Cache-Control", "no-store")
                http.server.SimpleHTTPRequestHandler.end_headers(self)

        self.mode = "ok"
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
