"""MkDocs hook: site search that understands Japanese readers, loaded only when a reader searches.

Material for MkDocs keeps its search box, dialog, keyboard handling and result list (header button,
`/` key, arrow keys, dark mode, phone layout — all Material's). Two things change, both measured
against the alternatives with `bench/search_bench.py`:

  * the engine: Material's worker (lunr + TinySegmenter) is swapped for `overrides/assets/search/
    worker.js`, which speaks Material's worker protocol and searches with MiniSearch (npm, pinned)
    over words cut by the browser's own Japanese word segmenter (Intl.Segmenter, ICU's dictionary) —
    the same segmenter for the pages and for the query;
  * the timing: Material fetches and indexes everything at page load. Here `search/search_index.json`
    shrinks to its config (no documents), and the worker fetches `assets/search/corpus.json` and
    builds the index only when the reader first types a query.

At build time this hook
  1. points Material's `__config.search` (the worker URL) at our worker, with a version parameter
     so a new build is never served a stale corpus from the 600 s cache;
  2. after the search plugin has written its index, turns it into `assets/search/corpus.json`
     (sections as plain text, each with its page's title, navigation label and front-matter
     `search_keywords`; a calculator section keeps only its one-line summary), adds the readings
     (the 用語集's 「過払い金（かばらいきん）」 lines plus `overrides/assets/search/readings.json`)
     and the Japanese stop-word list of the npm package `stopwords-iso`, and copies MiniSearch.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "overrides" / "assets" / "search"
MINISEARCH = ROOT / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
STOPWORDS = ROOT / "node_modules" / "stopwords-iso" / "stopwords-iso.json"
WORKER_URL = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
HIRAGANA = re.compile(r"^[\u3041-\u3096\u30fc]+$")
TAGS = re.compile(r"<[^>]+>")
CALC_SECTION = re.compile(r"#calc-[a-z0-9_-]+-title$")

log = logging.getLogger("mkdocs.hooks.search")
_state: dict = {"version": "", "nav": {}}


def _version(config) -> str:
    """Changes whenever anything that goes into the search files changes."""
    h = hashlib.sha256()
    files = sorted(Path(config.docs_dir).rglob("*.md")) + sorted(ASSETS.rglob("*"))
    for p in [*files, Path(config.config_file_path), MINISEARCH, STOPWORDS]:
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:10]


def _nav_labels(items, out: dict[str, str]) -> dict[str, str]:
    """src path → the label mkdocs.yml's nav gives the page (e.g. 「自宅を残せるか（個人再生）」)."""
    for item in items or []:
        if isinstance(item, dict):
            for label, value in item.items():
                if isinstance(value, str):
                    out[value] = label
                else:
                    _nav_labels(value, out)
    return out


def readings(glossary_md: str) -> dict[str, str]:
    """Hiragana reading → term, from the 用語集's 「用語（よみ）」 lines and readings.json."""
    out: dict[str, str] = {}
    lines = glossary_md.splitlines()
    for prev, line in zip(lines, lines[1:]):
        m = re.match(r"^([^\s（(]+)[（(]([^）)]+)[）)]\s*$", prev.strip())
        if line.startswith(":   ") and m and HIRAGANA.match(m.group(2)):
            out[m.group(2)] = m.group(1)
    extra = json.loads((ASSETS / "readings.json").read_text(encoding="utf-8"))
    out.update({k: v for k, v in extra.items() if not k.startswith("_")})
    return out


def on_config(config):
    if not any(name.split("/")[-1] == "search" for name in config.plugins):
        raise SystemExit("search.py needs Material's search plugin (plugins: - search) for its UI and sections")
    _state["version"] = _version(config)
    _state["nav"] = _nav_labels(config.nav, {})
    _state["pages"] = {}
    return config


def on_page_context(context, page, config, nav):
    url = page.url
    _state["pages"][url] = {"title": page.meta.get("title") or page.title or "",
                            "nav": _state["nav"].get(page.file.src_uri, ""),
                            "keywords": page.meta.get("search_keywords", "")}
    return context


def _point_worker(output: str) -> str:
    out, n = WORKER_URL.subn(lambda m: f'{m.group(1)}{m.group(2)}assets/search/worker.js?v={_state["version"]}"',
                             output, count=1)
    if n != 1 and '"search":' in output:
        raise SystemExit("search.py: Material's worker URL not found in __config (Material changed?)")
    return out


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _name_dialog(output: str) -> str:
    """Material 9.8's search panel is a role=dialog with no name (axe aria-dialog-name, serious;
    Lighthouse flags it too): give it one. If Material changes the markup, the build says so."""
    if SEARCH_DIALOG not in output:
        if 'data-md-component="search"' in output:
            raise SystemExit("search.py: Material's search dialog markup changed; name it again")
        return output
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="サイト内検索">', 1)


def on_post_page(output, page, config):
    return _name_dialog(_point_worker(output))


def on_post_template(output, template_name, config):
    return _name_dialog(_point_worker(output)) if template_name.endswith(".html") else output


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAGS.sub(" ", fragment))).strip()


def corpus(index: dict, pages: dict, glossary_md: str, stopwords: list[str]) -> dict:
    docs = []
    for d in index["docs"]:
        page_url = d["location"].split("#")[0]
        meta = pages.get(page_url, {})
        page = " ".join(x for x in (meta.get("title", ""), meta.get("nav", ""), meta.get("keywords", "")) if x)
        text = d["text"]
        if CALC_SECTION.search(d["location"]):
            # a calculator: its one-line summary, not the form's labels and the worked example's
            # figures (they made every calculator rank first for any word in its form)
            lead = re.match(r"\s*<p>(.*?)</p>", text, re.S)
            text = lead.group(1) if lead else ""
        docs.append([d["location"], _text(d["title"]), page, _text(text)])
    return {"docs": docs, "readings": readings(glossary_md), "stopwords": stopwords}


def on_post_build(config):
    site = Path(config.site_dir)
    index_file = site / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if not index["docs"]:
        raise SystemExit("search.py: the search plugin wrote no documents (hook order changed?)")
    for f in (MINISEARCH, STOPWORDS):
        if not f.is_file():
            raise SystemExit(f"{f.relative_to(ROOT)} is missing: run `npm ci` (the README's commands do this)")
    glossary = Path(config.docs_dir) / "yougo.md"
    data = corpus(index, _state["pages"], glossary.read_text(encoding="utf-8") if glossary.exists() else "",
                  json.loads(STOPWORDS.read_text(encoding="utf-8"))["ja"])
    out = site / "assets" / "search"
    out.mkdir(parents=True, exist_ok=True)
    (out / "corpus.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    shutil.copy2(MINISEARCH, out / "minisearch.js")
    # Material's bundle fetches this file at page load: leave it only the config.
    index_file.write_text(json.dumps({"config": index["config"], "docs": []}, separators=(",", ":")),
                          encoding="utf-8")
    log.info("search: %d sections, %d readings in corpus.json", len(data["docs"]), len(data["readings"]))
