// Keeps, in this tab only, a short list of what went wrong in the site's own scripts: uncaught
// errors, unhandled promise rejections, files that failed to load, Content-Security-Policy
// violations, and the calculator engine's failures (runtime.js adds those). Nothing is shown,
// stored or sent: the list lives in `window.__siteErrors` for the end-to-end tests, which read
// it in every browser engine (WebKit's WebDriver reports no console messages), and for anyone
// looking at the page in the browser's developer tools. Loaded first in <head>, as a classic
// script, so it sees the page's own scripts from the start.
(() => {
  if (window.__siteErrors) return;
  const kept = (window.__siteErrors = []);
  const keep = (text) => { if (kept.length < 100) kept.push(String(text).slice(0, 500)); };
  window.addEventListener("error", (e) => {
    const t = e.target;
    if (t && t !== window && (t.src || t.href)) {
      // hints such as <link rel="next"> (which Firefox prefetches) are the browser's own business
      if (!(t.tagName === "LINK" && !/stylesheet|icon|preload/.test(t.rel))) keep(`failed to load: ${t.src || t.href}`);
    } else keep(`uncaught error: ${e.message} (${e.filename}:${e.lineno})`);
  }, true);
  window.addEventListener("unhandledrejection", (e) => {
    const r = e.reason;
    keep(`unhandled rejection: ${r && r.stack ? r.stack : r}`);
  });
  document.addEventListener("securitypolicyviolation", (e) => {
    keep(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
  });
})();
