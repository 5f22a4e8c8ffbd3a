"""MkDocs hook: one Content-Security-Policy <meta> on every page, the same on every page.

GitHub Pages cannot send headers, so the policy is a meta tag. It allows only this origin: no other
host can be contacted even by mistake. Material's inline scripts are allowed by their sha256 hashes.

The policy is identical on every page (the union of all pages' inline-script hashes, written after
the build): with instant navigation the first page's policy stays in force while later pages are
swapped in, and policies added by later pages' meta tags only ever narrow it, so per-page policies
would block the inline scripts of pages at another directory depth.

The calculators' engine runs in a module Web Worker created from a blob: URL, which inherits this
policy (a worker loaded from a URL would get none from a meta tag): it needs 'wasm-unsafe-eval' to
compile Pyodide's WebAssembly and `blob:` in worker-src; it never gets 'unsafe-eval'.
Not added under `mkdocs serve`, whose live-reload script is injected after this hook runs.
Pages get it in on_post_page; 404.html, a theme template with no page, in on_post_template.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
PLACEHOLDER = "__SITE_CSP_POLICY__"
_state: dict = {"serving": False, "hashes": set()}


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    _state["hashes"] = set()
    return config


def inline_hashes(html: str) -> set[str]:
    out = set()
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if "src=" in attrs or re.search(r'type="application/(?:ld\+)?json"', attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        out.add(f"'sha256-{digest}'")
    return out


def policy(hashes) -> str:
    script_src = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes)])
    return ("default-src 'self'; "
            f"script-src {script_src}; "
            "worker-src 'self' blob:; connect-src 'self'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'none'")


def _with_meta(output: str) -> str:
    _state["hashes"] |= inline_hashes(output)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    return re.sub(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + "\n    " + meta, output, count=1)


def on_post_page(output, page, config):
    if _state["serving"]:
        return output
    return _with_meta(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, rendered without a page: on_post_page never sees it. (The other
    # static templates, sitemap.xml and friends, are not HTML and are left alone.)
    if _state["serving"] or template_name != "404.html":
        return output_content
    return _with_meta(output_content)


def on_post_build(config):
    if _state["serving"]:
        return
    content = policy(_state["hashes"])
    for html in Path(config.site_dir).rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            html.write_text(text.replace(PLACEHOLDER, content), encoding="utf-8")
