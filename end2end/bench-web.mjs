// Page weight and phone timings for `./scripts/bench-web` (issue 19).
//
//   node bench-web.mjs BASE_URL PAGE_NAME=PATH ...
//
// Prints, for each page, the bytes a first visit downloads (the document and
// every /pkg asset it names) as served raw, gzip and brotli, then the time
// until the page responds (the WASM has hydrated it) and first paint on an
// emulated phone (4x CPU slowdown) over two links, the median of 5 visits
// with an empty cache each.
import http from "node:http";
import { chromium } from "@playwright/test";

const [base, ...pageArgs] = process.argv.slice(2);
if (!base || pageArgs.length === 0) {
  console.error("usage: node bench-web.mjs BASE_URL NAME=PATH ...");
  process.exit(2);
}
const pages = pageArgs.map((arg) => {
  const at = arg.indexOf("=");
  return { name: arg.slice(0, at), path: arg.slice(at + 1) };
});
const runs = Number(process.env.BENCH_RUNS ?? 5);

// The body's size on the wire for one Accept-Encoding (no decoding).
function wireSize(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      let bytes = 0;
      let body = "";
      const text = /html/.test(res.headers["content-type"] ?? "") && encoding === "identity";
      res.on("data", (chunk) => {
        bytes += chunk.length;
        if (text) body += chunk.toString("utf8");
      });
      res.on("end", () => resolve({ status: res.statusCode, bytes, body }));
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

function assets(html) {
  const found = new Set();
  for (const m of html.matchAll(/(?:href|src)="(\/pkg\/[^"]+)"/g)) found.add(m[1]);
  // Leptos' loader names the .js and the .wasm from the output name.
  if (/\/pkg\/osool\.js/.test(html) || /import\(['"]\/pkg\//.test(html)) {
    found.add("/pkg/osool.js");
    found.add("/pkg/osool.wasm");
  }
  return [...found].sort();
}

const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;

async function weigh(page) {
  const url = base + page.path;
  const doc = await wireSize(url, "identity");
  if (doc.status !== 200) throw new Error(`${url} answered ${doc.status}`);
  const files = [page.path, ...assets(doc.body)];
  const total = { identity: 0, gzip: 0, br: 0 };
  const each = [];
  for (const file of files) {
    const row = { file };
    for (const enc of Object.keys(total)) {
      const r = await wireSize(base + file, enc);
      row[enc] = r.bytes;
      total[enc] += r.bytes;
    }
    each.push(row);
  }
  return { total, each };
}

const links = {
  "phone 4G (9 Mbit/s, 60 ms)": { latency: 60, down: 9_000_000, up: 1_500_000 },
  "slow 4G (1.6 Mbit/s, 150 ms)": { latency: 150, down: 1_600_000, up: 750_000 },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function visit(browser, url, link) {
  const context = await browser.newContext({
    viewport: { width: 412, height: 915 },
    deviceScaleFactor: 2.625,
    isMobile: true,
    hasTouch: true,
  });
  // When the app marks the page hydrated (it sets body[data-hydrated]).
  await context.addInitScript(() => {
    const watch = () => {
      const body = document.body;
      if (!body) return requestAnimationFrame(watch);
      new MutationObserver(() => {
        if (body.dataset.hydrated && !window.__hydratedAt) window.__hydratedAt = performance.now();
      }).observe(body, { attributes: true });
    };
    watch();
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: link.latency,
    downloadThroughput: link.down / 8,
    uploadThroughput: link.up / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
  await page.waitForFunction(() => window.__hydratedAt, null, { timeout: 60_000, polling: 50 });
  const t = await page.evaluate(() => ({
    responds: window.__hydratedAt,
    paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
  }));
  await context.close();
  return t;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
try {
  console.log("\n## Bytes a first visit downloads (document + /pkg assets)");
  console.log("page | raw | gzip | brotli | of which WASM (raw / gzip / brotli, files)");
  for (const page of pages) {
    const w = await weigh(page);
    // The main bundle and the chunks the page's lazy parts need.
    const wasm = w.each.filter((r) => r.file.endsWith(".wasm"));
    const sum = (k) => wasm.reduce((s, r) => s + r[k], 0);
    console.log(
      `${page.name} | ${kb(w.total.identity)} | ${kb(w.total.gzip)} | ${kb(w.total.br)} | ` +
        (wasm.length ? `${kb(sum("identity"))} / ${kb(sum("gzip"))} / ${kb(sum("br"))}, ${wasm.length}` : "none"),
    );
  }
  for (const [label, link] of Object.entries(links)) {
    console.log(`\n## Emulated phone, ${label}, 4x CPU slowdown, empty cache: median of ${runs}`);
    console.log("page | until it responds (hydrated) | first paint");
    for (const page of pages) {
      const times = [];
      for (let i = 0; i < runs; i++) times.push(await visit(browser, base + page.path, link));
      const responds = median(times.map((t) => t.responds));
      const paint = median(times.map((t) => t.paint));
      console.log(`${page.name} | ${(responds / 1000).toFixed(2)} s | ${(paint / 1000).toFixed(2)} s`);
    }
  }
} finally {
  await browser.close();
}
