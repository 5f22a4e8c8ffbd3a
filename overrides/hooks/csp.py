"""MkDocs hook: a Content-Security-Policy <meta> on every page.

GitHub Pages cannot send headers, so the policy is a meta tag. It allows only this origin:
no other host can be contacted even by mistake. Material's inline scripts are allowed by their
sha256 hashes, computed from each built page. The calculators' Pyodide runs in a module Web Worker
(a meta policy does not govern workers; the worker needs 'wasm-unsafe-eval' only there).
Not added under `mkdocs serve`, whose live-reload script is injected after this hook runs.
Pages get it in on_post_page; 404.html, a theme template with no page, in on_post_template.
"""
from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_serving = {"on": False}


def on_startup(command, dirty):
    _serving["on"] = command == "serve"


def policy(html: str) -> str:
    hashes = []
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if "src=" in attrs or re.search(r'type="application/(?:ld\+)?json"', attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    script_src = " ".join(["'self'", *sorted(set(hashes))])
    return ("default-src 'self'; "
            f"script-src {script_src}; "
            "worker-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'none'")


def _with_policy(output: str) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(output)}">'
    return re.sub(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + "\n    " + meta, output, count=1)


def on_post_page(output, page, config):
    if _serving["on"]:
        return output
    return _with_policy(output)


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, rendered without a page: on_post_page never sees it. (The other
    # static templates, sitemap.xml and friends, are not HTML and are left alone.)
    if _serving["on"] or template_name != "404.html":
        return output_content
    return _with_policy(output_content)
