// Registers the service worker that keeps visited guides readable offline (see /sw.js).
// It caches pages and the site's own files only; the calculators' engine never passes through it.
(() => {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  const script = document.currentScript;
  if (!script) return;
  const root = new URL("../../", script.src);
  const register = async () => {
    try {
      await navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname });
      const reg = await navigator.serviceWorker.ready;
      // The page the reader landed on loaded before the worker existed: hand it its own files
      // (already in the browser's HTTP cache) so that this page, too, opens offline.
      const files = performance.getEntriesByType("resource").map((e) => e.name)
        .filter((u) => u.startsWith(root.origin));
      reg.active?.postMessage({ type: "keep", urls: [location.href.split("#")[0], ...files] });
    } catch { /* private mode or disabled: the site works as before */ }
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
})();
