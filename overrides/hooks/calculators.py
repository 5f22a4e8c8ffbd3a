"""MkDocs hook: embeds calculators in guide pages and ships what they need.

A guide embeds a calculator with one line of Markdown:

    [[calc haibun]]

At build time this hook
  1. renders the calculator's form from its declaration in `calc` (Jinja2 template
     `overrides/partials/calc/form.html`) and its worked-example result with `calc` itself,
     so the page is complete before Python starts in the browser;
  2. adds the runtime script only to pages that have a calculator;
  3. after the build, writes the `calc` wheel and the standard library compiled to bytecode for
     the pinned Pyodide (bytecode.py), and the Pyodide core files (from the npm package pinned in
     package-lock.json) into the site — once, under assets/.

Everything calculator-specific lives in `calc/` and `overrides/`; the MkDocs surface used here is
four event functions, so moving to another generator means re-wiring these few lines.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import re
import shutil
import sys
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calc import api  # noqa: E402


def _load_sibling(name: str):
    spec = importlib.util.spec_from_file_location(f"_hooks_{name}", Path(__file__).resolve().parent / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bytecode = _load_sibling("bytecode")  # the .pyc build step (overrides/hooks/bytecode.py)

log = logging.getLogger("mkdocs.hooks.calculators")

EMBED = re.compile(r"^\[\[calc\s+([a-z0-9_-]+)\s*\]\]\s*$", re.M)
LAW_TABLE = re.compile(r"^\[\[law-table\]\]\s*$", re.M)
SLOT = '<div class="calc-slot" data-slot="{n}"></div>'
SLOT_RE = re.compile(r'(?:<p>)?<div class="calc-slot" data-slot="(\d+)"></div>(?:</p>)?')
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(ROOT / "overrides" / "partials" / "calc")),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)
_state: dict = {"pages": {}, "wheel": None, "version": None}


def field_id(calc_id: str, field: str, row: int | str | None = None, col: str | None = None) -> str:
    """The id of a calculator's input: `calc-<calc>-<field>`, or `calc-<calc>-<field>-<row>-<col>`
    for a cell of a rows table (its error is the same id + `-err`). The form (form.html) and the
    e2e tests (tests/e2e/helpers.py) use this one; the page's runtime uses fieldId() in assets/calc/contracts.js,
    the same function in JS (tests/test_js.py checks the two agree)."""
    return f"calc-{calc_id}-{field}" if row is None else f"calc-{calc_id}-{field}-{row}-{col}"


_env.globals["field_id"] = field_id


def _pyodide_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/pyodide"]["version"]


def _source_hash() -> str:
    h = hashlib.sha256()
    for p in sorted((ROOT / "calc").rglob("*.py")) + sorted((ROOT / "overrides" / "assets" / "calc").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(ROOT).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def on_config(config):
    _state["version"] = _source_hash()
    _state["pyodide"] = _pyodide_version()
    _state["wheel"] = None
    return config


def on_page_markdown(markdown, page, config, files):
    found: list[str] = []

    def slot(m: re.Match) -> str:
        found.append(m.group(1))
        return "\n" + SLOT.format(n=len(found) - 1) + "\n"

    markdown = EMBED.sub(slot, markdown)
    markdown = LAW_TABLE.sub(lambda m: law_table_markdown(), markdown)
    _state["pages"][page.file.src_uri] = found
    return markdown


def law_table_markdown() -> str:
    """Every rate, threshold and cap the calculators use, from calc.law — so the list cannot drift.

    Each row shows the provision's value first and then its note: a note explains a figure, it never
    replaces it (a row with a note used to show no figure at all). Values are rendered from their
    shape — a rate, a yen amount, a table of bands, a dict of named parameters — so a new schedule
    in calc/law is listed without touching this function; an unknown key is shown under its own name.
    """
    from fractions import Fraction

    from calc.law import all_schedules
    from calc.parse import format_man, format_percent, format_yen

    labels = {
        "base": "基準額", "multiplier": "倍率", "label": "", "cash_threshold": "現金",
        "item_threshold": "現金以外の財産（種類ごと）", "deposit": "引継予納金",
        "expansion_kinds": "自由財産の拡張の対象", "retirement": "退職金の評価割合",
        "closing_months": "終結までの目安", "by_rank": "順位ごとの上限", "lower": "4番以下",
        "share_of_principal": "残元金に対する割合", "months": "期間", "cap": "上限",
        "per_property": "不動産1個あたり", "share_of_price": "売却価格に対する割合",
        "high_from": "10分の1の段階になる総額（この額を超えるとき）", "high_fraction": "その段階の割合",
        "floor": "最低額", "low_fraction": "5分の1の段階の割合", "bands": "区分の境目",
        "max_years": "最長", "max_age": "年齢の上限", "max_interval_months": "弁済の間隔の上限",
        "years": "原則", "per_creditor": "債権者1社あたり", "min_years": "最短",
        "threshold": "項目ごとの基準", "small": "小規模個人再生", "salary": "給与所得者等再生",
        "revocation": "認可後の取消し", "max_price": "対象となる代金（税抜）", "cap_ex_tax": "上限（税抜）",
        "sides": "受け取れる相手", "keep_threshold": "換価しない額（この額以下）",
        "keep_kinds": "換価基準の対象", "keep_any_amount": "額にかかわらず換価しない",
        "home_shikikin": "居住用家屋の敷金を算入",
    }
    codes = {"seller": "売主", "buyer": "買主", "deposits": "預貯金", "insurance": "保険の解約返戻金",
             "car": "自動車", "retirement": "退職金", "shikikin_home": "居住用家屋の敷金"}

    def cell(text: str) -> str:
        return str(text).replace("|", "｜").replace("\n", " ")

    def is_code(x) -> bool:
        return isinstance(x, str) and x.isascii() and x.replace("_", "").isalnum()

    def rate(fr: Fraction) -> str:
        if fr > 1:
            return format_percent(fr / 100).rstrip("%") + "倍"
        text = format_percent(fr)
        return text + (f"（{fr.numerator}/{fr.denominator}）" if fr.denominator in (2, 3, 4, 6, 8) else "")

    def number(n: int, key: str) -> str:
        for suffix, unit in (("years", "年"), ("months", "か月"), ("age", "歳")):
            if key.endswith(suffix):
                return f"{n}{unit}"
        yen_key = key.startswith("per_") or any(
            w in key for w in ("cap", "threshold", "price", "deposit", "floor", "lower", "base", "from"))
        return format_yen(n) if yen_key or abs(n) >= 1000 else str(n)

    def fmt(value, key: str = "") -> str:
        if value is None:
            return "なし"
        if isinstance(value, bool):
            return "あり" if value else "なし"
        if isinstance(value, Fraction):
            return rate(value)
        if isinstance(value, int):
            return number(value, key)
        if isinstance(value, str):
            return codes.get(value, value)
        if isinstance(value, dict):
            return fmt_dict(value)
        if isinstance(value, (tuple, list)):
            return fmt_seq(value, key)
        return str(value)

    def fmt_seq(seq, key: str) -> str:
        items = list(seq)
        if len(items) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in items) \
                and items[1] > items[0] > 0:
            return rate(Fraction(items[0], items[1]))          # (1, 10) = a share
        if items and all(isinstance(x, (tuple, list)) for x in items):
            rows = [tuple(x) for x in items]
            if all(len(r) == 3 and isinstance(r[2], Fraction) for r in rows):
                out = []                                     # (from, to or None, rate) bands
                for lo, hi, fr in rows:
                    if not lo:
                        span = f"{format_man(hi)}未満"
                    elif hi is None:
                        span = f"{format_man(lo)}以上"
                    else:
                        span = f"{format_man(lo)}以上{format_man(hi)}未満"
                    out.append(f"{span} {rate(fr)}")
                return "、".join(out)
            if all(len(r) == 2 and isinstance(r[1], Fraction) for r in rows):
                out, prev = [], None                          # (upper bound or None, rate) tiers
                for hi, fr in rows:
                    if hi is None:
                        span = f"{format_man(prev)}を超える部分"
                    elif prev is None:
                        span = f"{format_man(hi)}以下の部分"
                    else:
                        span = f"{format_man(prev)}超{format_man(hi)}以下の部分"
                    out.append(f"{span} {rate(fr)}")
                    prev = hi
                return "、".join(out)
            out = []
            for r in rows:                                   # e.g. (code, 号, text)
                parts = [x for x in r if not is_code(x)]
                if len(parts) == 2 and isinstance(parts[0], int) and isinstance(parts[1], str):
                    out.append(f"{parts[0]}号 {parts[1]}")
                else:
                    out.append(" ".join(fmt(x) for x in parts))
            return "、".join(out)
        return "・".join(fmt(x, key) for x in items)

    def fmt_dict(d: dict) -> str:
        d = dict(d)
        head = []
        if isinstance(d.get("label"), str):
            head.append(d.pop("label"))
        if isinstance(d.get("base"), int) and isinstance(d.get("multiplier"), Fraction):
            base, mult = d.pop("base"), d.pop("multiplier")
            total = base * mult
            result = format_yen(int(total)) if total.denominator == 1 else rate(total)
            head.append(f"{format_yen(base)} × {mult.numerator}/{mult.denominator} ＝ {result}")
        parts = []
        for k, v in d.items():
            if k == "by_rank" and isinstance(v, dict):
                text = "・".join(f"{rank}番 {fmt(amount)}" for rank, amount in v.items())
            else:
                text = fmt(v, k)
            name = labels.get(k, k)
            parts.append(f"{name} {text}" if name else text)
        if head and parts:
            return "。".join(head) + "。" + "、".join(parts)
        return "。".join(head) if head else "、".join(parts)

    out = []
    for sch in all_schedules():
        out.append(f"\n## {cell(sch.title)}\n")
        out.append("| 期間（施行日〜） | 値と説明 | 根拠 | 確度 |\n|---|---|---|---|")
        for p in sch.provisions:
            value = f"**{cell(fmt(p.value, sch.key))}**"
            text = f"{value}　{cell(p.note)}" if p.note else value
            out.append(f"| {p.period_ja()} | {text} | {cell(p.citation)} | {p.confidence} |")
    return "\n".join(out) + "\n"


def render_calculator(calc_id: str, root: str, wheel_path: str, version: str) -> str:
    """The calculator's HTML: form from its declaration, result computed by calc at build time."""
    desc = api.describe(calc_id)
    example = api.example_inputs(calc_id)
    out = api.run(calc_id, example)
    if not out["ok"]:
        raise RuntimeError(f"worked example of {calc_id} does not compute: {out['errors']}")
    return _env.get_template("form.html").render(
        calc=desc, example=example, example_json=json.dumps(example, ensure_ascii=False),
        result_html=out["html"], root=root, wheel=wheel_path, version=version,
    )


def on_page_content(html, page, config, files):
    ids = _state["pages"].get(page.file.src_uri) or []
    if not ids:
        return html
    root = "../" * page.url.count("/")  # relative path from this page to the site root
    wheel_path = _wheel_path()

    def fill(m: re.Match) -> str:
        n = int(m.group(1))
        calc_id = ids[n]
        try:
            return render_calculator(calc_id, root, wheel_path, _state["version"])
        except KeyError:
            raise SystemExit(f"{page.file.src_uri}: unknown calculator [[calc {calc_id}]]")

    html = SLOT_RE.sub(fill, html)
    # Loaded here for in-place page swaps (the site's instant navigation re-creates scripts in the
    # content); on a full page load the copy in <head> (on_post_page) has already started it.
    html += (f'\n<script type="module" src="{_runtime_src(root)}"></script>\n'
             f'<noscript><p class="calc-noscript">計算機を使うには JavaScript を有効にしてください。'
             f'例の計算結果は上に表示されています。</p></noscript>\n')
    return html


def on_post_page(output, page, config):
    """Calculator pages start the engine from <head>: the module is tiny, and Pyodide begins to
    download and boot while the rest of the page is still parsing (same URL as the script in the
    content, so the module runs once)."""
    if not _state["pages"].get(page.file.src_uri):
        return output
    root = "../" * page.url.count("/")
    tag = (f'<script type="module" async src="{_runtime_src(root)}" '
           f'data-calc-wheel="{_wheel_path()}"></script>\n'
           f'<link rel="modulepreload" href="{root}assets/calc/contracts.js">\n')
    return output.replace("</head>", tag + "</head>", 1)


def _runtime_src(root: str) -> str:
    """runtime.js with the build's version (cache key of every calc asset) and the Pyodide pin
    (package-lock.json), which names the directory the engine loads Pyodide from. One string for
    both script tags, so the module runs once."""
    return f'{root}assets/calc/runtime.js?v={_state["version"]}&amp;pyodide={_state["pyodide"]}'


def _wheel_path() -> str:
    """The compiled calc wheel; the bytecode standard library sits beside it (worker.js)."""
    return f"assets/calc/wheels/{_state['version']}/{bytecode.compiled_wheel_name()}"


def on_post_build(config):
    site = Path(config.site_dir)
    (site / ".nojekyll").write_text("")  # GitHub Pages: serve files as built
    if not any(_state["pages"].values()):
        return
    # 1. calc and the standard library it needs, as bytecode for the pinned Pyodide (cached; see
    #    bytecode.py), side by side in the versioned directory the pages point to
    built = bytecode.compiled()
    out_dir = site / "assets" / "calc" / "wheels" / _state["version"]
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in (built["wheel"], built["stdlib"]):
        shutil.copy2(path, out_dir / path.name)
    # 2. Pyodide core files, self-hosted from the npm package (its .py standard library is replaced
    #    by the bytecode one above, passed to loadPyodide as stdLibURL)
    src = bytecode.pyodide_dir()
    dest = site / "assets" / "pyodide" / _state["pyodide"]
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(src / name, dest / name)
    log.info("calculators: %s + %s (bytecode for Python %s, key %s), Pyodide %s copied",
             built["wheel"].name, built["stdlib"].name, built["report"]["python"], built["report"]["key"],
             _state["pyodide"])
