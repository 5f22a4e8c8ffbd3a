/* Site search worker. Material for MkDocs starts it as its search worker and talks to it with
 * Material's worker messages (SETUP → READY, QUERY → RESULT); Material draws the results.
 *
 * Nothing is fetched or indexed until the reader types a query: then MiniSearch (minisearch.js)
 * and the site's sections (corpus.json, written by overrides/hooks/search.py) are loaded once and
 * kept for the life of the tab (Material keeps this worker across instant navigation).
 *
 * Words are cut by the browser's Japanese word segmenter (Intl.Segmenter, ICU's dictionary), for
 * the pages and for the query alike, so 「過払い金とは」 and 「過払い」 meet on the word 過払い.
 * A hiragana run in the query is also searched as the words whose reading it is or begins
 * (かばらい → 過払い金, 過払利息; readings from the 用語集) and as katakana when the site uses that
 * katakana word (はんこ → ハンコ). Words of the query are OR-ed; a section holding more of them
 * ranks higher, and a page ranks by its best section plus a damped share of the others.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;   // Material's SearchMessageType
const VERSION = self.location.search;                 // ?v=… set by the hook: a new build, new files
const BOOST = { title: 3, page: 2, text: 1 };
const DAMP = 0.3;
const KATAKANA = /^[\u30a1-\u30fa\u30fc]+$/;
const segmenter = typeof Intl.Segmenter === "function"
  ? new Intl.Segmenter("ja", { granularity: "word" }) : null;

let engine = null;

// A word is a segment holding a letter or a digit. Not `isWordLike`, which is left to each engine:
// Firefox (ICU4X) cuts Japanese at the same places as Chromium and WebKit (ICU4C) but calls many
// dictionary words not word-like (過払い, 住宅 of 住宅ローン, 費用 of 自己破産 費用), so 「過払い」
// found nothing there (tests/e2e/test_engines.py).
const LETTER = /[\p{L}\p{N}]/u;

function words(text) {
  if (!segmenter) return text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
  const out = [];
  for (const s of segmenter.segment(text)) if (LETTER.test(s.segment)) out.push(s.segment);
  return out;
}

const norm = (term) => term.normalize("NFKC").toLowerCase();

function load() {
  engine = engine || (async () => {
    importScripts(new URL("minisearch.js" + VERSION, self.location).href);
    const res = await fetch(new URL("corpus.json" + VERSION, self.location));
    if (!res.ok) throw new Error(`corpus.json: HTTP ${res.status}`);
    const data = await res.json();
    const stop = new Set(data.stopwords);
    const kana = new Set();
    const docs = data.docs.map(([location, title, page, text], id) => ({ id, location, title, page, text }));
    const index = new MiniSearch({
      fields: ["title", "page", "text"],
      tokenize: words,
      processTerm: (term) => {
        const t = norm(term);
        if (stop.has(t)) return null;
        if (KATAKANA.test(t)) kana.add(t);
        return t;
      },
      searchOptions: {
        tokenize: words,
        processTerm: (term) => { const t = norm(term); return stop.has(t) ? null : t; },
      },
    });
    index.addAll(docs);
    const byLocation = new Map(docs.map((d) => [d.location, d]));
    return { index, docs, byLocation, readings: Object.entries(data.readings), kana, stop };
  })();
  engine.catch(() => { engine = null; });  // try again on the next query (e.g. back online)
  return engine;
}

/* かばらい → 「かばらい 過払い金 過払利息」; はんこ代 → 「はんこ ハンコ 代」 */
function expand(query, e) {
  return query.normalize("NFKC").replace(/[\u3041-\u3096\u30fc]{2,}/g, (run) => {
    const alts = [];
    for (const [reading, word] of e.readings)
      if (reading === run || (run.length >= 3 && reading.startsWith(run))) alts.push(word);
    const kata = run.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    if (e.kana.has(kata)) alts.push(kata);
    return alts.length ? ` ${alts.join(" ")} ` : run;
  });
}

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (s) => s.replace(/[&<>"']/g, (c) => ESC[c]);
const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/* Escaped text with <mark> around the matched words; a window around the first one if `width`. */
function highlight(text, terms, width) {
  if (!terms.length) return escape(width ? text.slice(0, width) : text);
  const re = new RegExp(terms.map(reEscape).sort((a, b) => b.length - a.length).join("|"), "gi");
  if (width && text.length > width) {
    const first = text.search(re);
    const start = Math.max(0, Math.min(first - 20, text.length - width));
    text = (start > 0 ? "…" : "") + text.slice(start, start + width) + (start + width < text.length ? "…" : "");
  }
  let out = "", last = 0;
  for (const m of text.matchAll(re)) {
    out += escape(text.slice(last, m.index)) + "<mark>" + escape(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

function item(doc, score, matched) {
  // Words marked in the result and, by Material, on the page opened from it (?h=): not single
  // characters such as 金 of 過払い金 when longer words matched — they would light up every 金
  const long = matched.filter((t) => t.length > 1);
  const shown = long.length ? long : matched;
  const terms = {};
  for (const t of shown) terms[t] = true;
  return {
    location: doc.location,
    title: highlight(doc.title, shown, 0),
    text: highlight(doc.text, shown, 120),
    score,
    terms,
  };
}

function search(e, query) {
  const q = expand(query, e);
  const wanted = new Set(words(q).map(norm).filter((t) => !e.stop.has(t)));
  if (!wanted.size) return { items: [] };
  const hits = e.index.search(q, {
    combineWith: "OR",
    prefix: (term) => term.length > 1,
    boost: BOOST,
  });
  const pages = new Map();
  for (const hit of hits) {
    const doc = e.docs[hit.id];
    const share = new Set(hit.queryTerms).size / wanted.size;
    const score = hit.score * (1 + share * share);
    const page = doc.location.split("#")[0];
    if (!pages.has(page)) pages.set(page, { best: 0, rest: 0, items: [] });
    const group = pages.get(page);
    if (score > group.best) { group.rest += group.best; group.best = score; } else group.rest += score;
    group.items.push(item(doc, score, hit.terms));
  }
  // A page ranks by its best section, plus a damped share of the others: a long page that
  // mentions a word in many sections must not outrank the page that is about it.
  for (const group of pages.values()) group.score = group.best + DAMP * group.rest;
  const items = [...pages.entries()]
    .sort((a, b) => b[1].score - a[1].score)
    .map(([page, group]) => {
      group.items.sort((a, b) => b.score - a.score);
      if (!group.items.some((i) => i.location === page) && e.byLocation.has(page))
        group.items.push(item(e.byLocation.get(page), 0, []));
      return group.items;
    });
  return { items };
}

addEventListener("message", async (ev) => {
  const { type, data } = ev.data;
  if (type === SETUP) {
    postMessage({ type: READY });      // the index is built on the first query, not now
  } else if (type === QUERY) {
    let result = { items: [] };
    if (data && data.trim()) {
      try {
        result = search(await load(), data);
      } catch (err) {
        console.warn("search:", err);
      }
    }
    postMessage({ type: RESULT, data: result });
  }
});
