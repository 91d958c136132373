import { expect, type Page } from "@playwright/test";
import { base, hydrated, test } from "./fixtures";

/** Records every Content-Security-Policy violation the page reports, and console lines about one. */
async function watchPolicy(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) {
      seen.push(message.text());
    }
  });
  return seen;
}

async function reported(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []);
}

for (const lang of ["en", "ar"] as const) {
  test(`no page breaks its security policy (${lang})`, async ({ page }) => {
    await page.context().addCookies([{ name: "osool_lang", value: lang, url: base }]);
    const console = await watchPolicy(page);

    await page.goto("/?q=villa+in+Sheikh+Zayed");
    await hydrated(page);
    const card = page.getByTestId("listing-card").first();
    await expect(card).toBeVisible();
    const listing = (await card.locator("a").first().getAttribute("href"))!;
    const ids = (await page.getByTestId("listing-card").locator("a[href^='/listings/']").evaluateAll((links) =>
      links.map((a) => (a.getAttribute("href") ?? "").split("/").pop()),
    )).filter((id, i, all) => id && all.indexOf(id) === i);

    const pages = ["/", "/?auth=email", listing, `/compare?ids=${ids[0]},${ids[1]}`, "/chat", "/saved", "/dashboard/leads", "/no/such/page"];
    for (const path of pages) {
      await page.goto(path);
      await hydrated(page);
      expect(await reported(page), `${lang} ${path}`).toEqual([]);
    }
    // Scripts that run after hydration: the calculator and the chat's stream.
    await page.goto("/chat");
    await hydrated(page);
    await page.getByTestId("chat-input").fill(lang === "en" ? "apartment in New Cairo" : "شقة في التجمع");
    await page.getByTestId("chat-send").click();
    await expect(page.getByTestId("chat-answer").last()).toBeVisible();
    expect(await reported(page)).toEqual([]);
    expect(console).toEqual([]);

    // Every page says so in its headers.
    const response = await page.request.get("/");
    expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'nonce-/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  });
}
