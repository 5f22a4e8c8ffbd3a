// Service worker: guides stay readable offline once visited. Nothing else.
//
// - Pages and the site's own CSS/JS/images: network first (always fresh when online); a copy of
//   each successful response is kept in this browser, and served when the network fails.
// - A page never visited shows a short offline notice listing the pages that are saved.
// - The calculators' engine (Pyodide and the calc wheel, ~6 MB) is kept off this worker's path
//   entirely (static routes straight to the network, where the browser's own caches keep the
//   compiled WebAssembly); offline, the calculator says so at once and its worked example stays.
// - Only GET requests to this site are ever seen; nothing is sent anywhere.
const CACHE = "site-pages-v1";
const SCOPE = new URL(self.registration.scope);
const ENGINE = ["assets/pyodide/", "assets/calc/wheels/"].map((p) => new URL(p, SCOPE).pathname);

self.addEventListener("install", (event) => {
  if (event.addRoutes) {
    // Chromium's static routing: these requests never wake this worker.
    event.waitUntil(event.addRoutes(ENGINE.map((pathname) => ({
      condition: { urlPattern: new URLPattern({ pathname: `${pathname}*` }) },
      source: "network",
    }))).catch(() => {}));
  }
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

// The page that registered this worker hands over its own URL and files, fetched once more
// (normally from the browser's HTTP cache) and kept, so the first page read opens offline too.
self.addEventListener("message", (event) => {
  const m = event.data;
  if (!m || m.type !== "keep" || !Array.isArray(m.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const raw of m.urls.slice(0, 200)) {
      let url;
      try { url = new URL(raw); } catch { continue; }
      if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) continue;
      if (ENGINE.some((p) => url.pathname.startsWith(p))) continue;
      const key = url.origin + url.pathname + url.search;
      if (await cache.match(key)) continue;
      try {
        const r = await fetch(key);
        if (r.ok && r.type === "basic") await cache.put(key, r);
      } catch { /* offline already: keep what we have */ }
    }
  })());
});

function isPage(request, url) {
  return request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (ENGINE.some((p) => url.pathname.startsWith(p))) return;   // browsers without static routes
  event.respondWith(networkFirst(request, url));
});

async function networkFirst(request, url) {
  const key = url.origin + url.pathname + url.search;   // the fragment never reaches here anyway
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      caches.open(CACHE).then((c) => c.put(key, copy)).catch(() => {});
    }
    return response;
  } catch (err) {
    const cached = await caches.match(key);
    if (cached) return cached;
    if (isPage(request, url)) return offlinePage(url);
    throw err;
  }
}

async function offlinePage(url) {
  const saved = [];
  try {
    const cache = await caches.open(CACHE);
    for (const req of await cache.keys()) {
      const u = new URL(req.url);
      if (!u.pathname.endsWith("/") || u.pathname === url.pathname) continue;
      const html = await (await cache.match(req)).text();
      const m = html.match(/<title>([^<]*)<\/title>/);
      saved.push({ path: u.pathname, title: m ? m[1].replace(/ - [^-]*$/, "") : u.pathname });
    }
  } catch { /* no cache: no list */ }
  const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const list = saved.sort((a, b) => a.path.localeCompare(b.path))
    .map((p) => `<li><a href="${esc(p.path)}">${esc(p.title)}</a></li>`).join("");
  // The empty icon: without one, Firefox asks for /favicon.ico, which this page's policy refuses.
  const body = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>オフラインです</title>
<link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.7}</style></head>
<body><h1>オフラインです</h1>
<p>インターネットに接続されていないため、このページ（${esc(decodeURIComponent(url.pathname))}）を表示できません。
一度開いたページは、この端末に保存されていて、接続がなくても読めます。</p>
${list ? `<h2>この端末に保存されているページ</h2><ul>${list}</ul>` : ""}
<p>接続が戻ったら、ページを再読み込みしてください。</p></body></html>`;
  return new Response(body, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'",
    },
  });
}
