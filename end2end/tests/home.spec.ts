import { expect } from "@playwright/test";
import { base, hydrated, test } from "./fixtures";

test.describe("home page", () => {
  test("renders styled in English and recomputes the plan once hydrated", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Find a home in Egypt with a payment plan that fits",
    );
    // Tailwind is applied: the hero has its gradient background.
    const hero = page.locator("section").first();
    await expect(hero).toHaveCSS("background-image", /linear-gradient/);

    const installment = page.getByTestId("plan-installment");
    await expect(installment).toHaveText("EGP 107,143");
    await hydrated(page);

    // Only the WASM can do this: switching to quarterly recomputes in place.
    await page.getByText("Quarterly", { exact: true }).click();
    await expect(page.getByTestId("plan-installment-label")).toHaveText("Quarterly installment");
    await expect(installment).toHaveText("EGP 321,429");
    await expect(page).toHaveURL(/\/$/); // no form submission happened

    // Typing a price updates the plan live, in the buyer's own shorthand.
    await page.getByLabel("Unit price (EGP)").fill("6m");
    await expect(page.getByText("You entered 6M EGP")).toBeVisible();
    await expect(installment).toHaveText("EGP 192,857");
    await page.getByLabel("Unit price (EGP)").fill("12");
    await expect(page.getByRole("alert")).toContainText("Enter a price between");
  });

  test("switches to Arabic in place and remembers it", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await page.getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("اعثر على بيتك في مصر بخطة سداد تناسبك");
    await expect(page.getByTestId("plan-installment")).toHaveText("١٠٧٬١٤٣ ج.م.");
    await expect(page).toHaveTitle("أصول: بيوت واستثمارات في مصر");

    // The server remembers the choice: a fresh load is Arabic too.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await hydrated(page);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Find a home in Egypt with a payment plan that fits",
    );
  });

  test("the Arabic layout mirrors", async ({ page, context }) => {
    await context.addCookies([{ name: "osool_lang", value: "ar", url: process.env.BASE_URL ?? "http://127.0.0.1:3000" }]);
    await page.goto("/");
    const logo = page.getByRole("link", { name: "أصول" }).first();
    const signIn = page.getByTestId("sign-in");
    const logoBox = await logo.boundingBox();
    const signInBox = await signIn.boundingBox();
    expect(logoBox && signInBox).toBeTruthy();
    // Right-to-left: the brand sits at the right, actions at the left.
    expect(logoBox!.x).toBeGreaterThan(signInBox!.x);
  });

  test("the language switch works before the WASM loads", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("اعثر على بيتك في مصر بخطة سداد تناسبك");
    await context.close();
  });

  test("unknown pages say so, with a way home", async ({ page }) => {
    const response = await page.goto("/nowhere");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await page.getByRole("link", { name: "Back to the home page" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test.describe("on a phone", () => {
  test("the menu opens and closes", async ({ page, isMobile }) => {
    test.skip(!isMobile, "phone layout only");
    await page.goto("/");
    await hydrated(page);
    const menu = page.locator("#mobile-menu");
    await expect(menu).toBeHidden();
    await page.getByRole("button", { name: "Open menu" }).click();
    await expect(menu).toBeVisible();
    await menu.getByRole("link", { name: "Payment plans" }).click();
    await expect(menu).toBeHidden();
    await expect(page.getByTestId("plan-result")).toBeInViewport();
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  for (const lang of ["en", "ar"]) {
    test(`no page scrolls sideways at 375 px (${lang})`, async ({ page }) => {
      await page.context().addCookies([{ name: "osool_lang", value: lang, url: base }]);
      const wide: string[] = [];
      const check = async (path: string) => {
        await page.goto(path);
        await hydrated(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) wide.push(`${path}: ${overflow} px`);
      };
      await check("/");
      await check("/?q=3+bedroom+apartment+in+new+cairo");
      const hrefs = await page.getByTestId("listing-card").locator("h3 a").evaluateAll((links) =>
        links.slice(0, 3).map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""),
      );
      expect(hrefs.length).toBe(3);
      await check(hrefs[0]);
      const ids = hrefs.map((h) => h.split("/").pop());
      await check(`/compare?ids=${ids.join(",")}`);
      await check("/?q=villa+under+2+million+in+new+cairo");
      await check("/chat");
      await check("/no/such/page");
      expect(wide).toEqual([]);
    });
  }
});
