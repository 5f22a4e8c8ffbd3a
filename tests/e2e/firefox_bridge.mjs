// Firefox for the cross-engine e2e suite (tests/e2e/engines.py): one headless Firefox ESR, one tab,
// driven by puppeteer-core over WebDriver BiDi. Reads one JSON command a line on stdin
// ({id, op, ...args}) and answers one JSON line on stdout ({id, ok} or {id, err}).
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [width, height] = (process.env.VIEWPORT || "1280x900").split("x").map(Number);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX_PATH || "/usr/bin/firefox-esr",
  headless: true,
  defaultViewport: { width, height },
  protocolTimeout: 180_000,
});
const page = (await browser.pages())[0] || await browser.newPage();
page.setDefaultTimeout(60_000);
let problems = [];
page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e && e.message ? e.message : e}`));

const ops = {
  ready: async () => true,
  goto: async ({ url }) => { await page.goto(url, { waitUntil: "load" }); return true; },
  evaluate: async ({ fn, arg }) => {
    const v = await page.evaluate(`Promise.resolve().then(() => (${fn})(${JSON.stringify(arg ?? null)}))`);
    return v === undefined ? null : v;
  },
  fill: async ({ selector, value }) => { await page.locator(selector).fill(value); return true; },
  select: async ({ selector, value }) => { await page.select(selector, value); return true; },
  click: async ({ selector }) => { await page.locator(selector).click(); return true; },
  problems: async () => { const out = problems; problems = []; return out; },
  close: async () => { await browser.close(); return true; },
};

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line);
  let answer;
  try {
    answer = { id: cmd.id, ok: await ops[cmd.op](cmd) };
  } catch (err) {
    answer = { id: cmd.id, err: String(err && err.stack ? err.stack : err).slice(0, 2000) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
  if (cmd.op === "close") break;
}
process.exit(0);
