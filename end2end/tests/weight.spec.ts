import { expect, type Page } from "@playwright/test";
import { base, hydrated, test } from "./fixtures";

// What a first visit downloads, compressed as served (the document, CSS,
// JS and WASM, the chunks a page's lazy parts need included; images are
// lazy and not counted). Most buyers are on phones on mobile links: a page
// that grows past its budget fails here, not in their hands. Issue 19 sets
// the goals (listing < 350 KB, home < 200 KB). The budgets are where the
// pages are today plus a little, so they can only shrink: 2026-12-07,
// `./scripts/bench-web`, since the bundle is split (src/ui/lazy.rs), a
// listing's first visit is 350 KiB (its WASM 330 KiB) and home's 422 KiB.
// 2026-12-08: the listing page's reservation box (issue 21: its state,
// fee, and the form that starts a payment) took the listing's WASM to
// 343 KiB and its first visit to 365 KiB; the budget moved with it, once.
const KIB = 1024;
const BUDGETS: Record<string, number> = {
  listing: 375 * KIB,
  home: 440 * KIB,
};

async function firstVisitBytes(page: Page, path: string): Promise<{ total: number; files: string[] }> {
  const responses: Promise<{ url: string; bytes: number }>[] = [];
  page.on("requestfinished", (request) => {
    if (!request.url().startsWith(base) || request.resourceType() === "image") return;
    responses.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize })));
  });
  await page.goto(path);
  await hydrated(page);
  const seen = await Promise.all(responses);
  return {
    total: seen.reduce((sum, r) => sum + r.bytes, 0),
    files: seen.map((r) => `${new URL(r.url).pathname} ${(r.bytes / KIB).toFixed(1)} KiB`),
  };
}

async function firstListing(page: Page): Promise<string> {
  const res = await page.request.get("/api/v1/properties?per_page=1");
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  return `/listings/${body.results[0].id}`;
}

test.describe("page weight", () => {
  test("a listing page's first visit stays within its budget, compressed", async ({ page }) => {
    const { total, files } = await firstVisitBytes(page, await firstListing(page));
    expect(files.some((f) => f.includes(".wasm")), files.join("\n")).toBeTruthy();
    expect(total, `listing page downloads ${(total / KIB).toFixed(0)} KiB:\n${files.join("\n")}`).toBeLessThanOrEqual(
      BUDGETS.listing,
    );
  });

  test("the home page's first visit stays within its budget, compressed", async ({ page }) => {
    const { total, files } = await firstVisitBytes(page, "/");
    expect(total, `home page downloads ${(total / KIB).toFixed(0)} KiB:\n${files.join("\n")}`).toBeLessThanOrEqual(
      BUDGETS.home,
    );
  });

  test("assets are served compressed and cacheable", async ({ page }) => {
    const { files } = await firstVisitBytes(page, "/");
    const wasm = files.find((f) => f.includes(".wasm"));
    expect(wasm, files.join("\n")).toBeTruthy();
    const res = await page.request.get(wasm!.split(" ")[0], { headers: { "accept-encoding": "br, gzip" } });
    expect(["br", "gzip"]).toContain(res.headers()["content-encoding"]);
  });
});
