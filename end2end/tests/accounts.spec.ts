import { expect, type Page } from "@playwright/test";
import { agentEmail, agentPassword, base, hydrated, mailTo, mobile, smsTo, test, unique } from "./fixtures";

/** Whether keyboard focus is inside the open dialog. */
async function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));
}

async function arabic(page: Page) {
  await page.context().addCookies([{ name: "osool_lang", value: "ar", url: base }]);
}

test.describe("accounts (English)", () => {
  test("sign up, confirm from the mail, sign in, save a listing and sign out", async ({ page }) => {
    const email = `buyer-${unique()}@example.com`;
    const password = "Nile sunset over Zamalek 42";
    await page.goto("/");
    await hydrated(page);

    await page.getByTestId("sign-in").click();
    await expect(page.getByRole("dialog", { name: "Sign in to Osool" })).toBeVisible();
    await page.getByRole("dialog").getByRole("link", { name: "Create account" }).click();
    // The heading follows the form.
    const dialog = page.getByRole("dialog", { name: "Create your Osool account" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Name").fill("Mona Adel");
    await dialog.getByLabel("Email").fill(email);
    // The obvious password is refused with a reason, and nothing is sent.
    await dialog.getByLabel("Password").fill("password123");
    await dialog.getByRole("button", { name: "Create account" }).click();
    await expect(dialog.getByRole("alert")).toBeVisible();
    await dialog.getByLabel("Password").fill(password);
    await dialog.getByRole("button", { name: "Create account" }).click();
    await expect(dialog.getByTestId("check-email")).toContainText("Check your email");

    const mail = await mailTo(email);
    expect(mail.subject).toBe("Confirm your email for Osool");
    const link = mail.text.match(/https?:\/\/\S+\/verify-email\?token=\S+/)?.[0];
    expect(link, mail.text).toBeTruthy();

    // Signing in before confirming says why it cannot.
    await page.goto("/?auth=email");
    await hydrated(page);
    const signIn = page.getByRole("dialog");
    await signIn.getByLabel("Email").fill(email);
    await signIn.getByLabel("Password").fill(password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await expect(signIn.getByRole("alert")).toContainText(/confirm/i);

    await page.goto(link!);
    await hydrated(page);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("status")).toContainText("Your email is confirmed");

    // A link works once.
    await page.goto(link!);
    await hydrated(page);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("alert")).toBeVisible();

    await page.goto("/?auth=email");
    await hydrated(page);
    await page.getByRole("dialog").getByLabel("Email").fill(email);
    await page.getByRole("dialog").getByLabel("Password").fill(password);
    await page.getByRole("dialog").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByTestId("account-button")).toBeVisible();

    // Save the first result of a search; it shows up on the saved page.
    await page.goto("/?q=villa+in+Sheikh+Zayed");
    await hydrated(page);
    const card = page.getByTestId("listing-card").first();
    const title = (await card.locator("h3").textContent())!.trim();
    const heart = card.getByTestId("save-listing");
    await expect(heart).toHaveAttribute("aria-pressed", "false");
    await heart.click();
    await expect(heart).toHaveAttribute("aria-pressed", "true");
    await page.goto("/saved");
    await expect(page.getByRole("heading", { name: "Saved listings" })).toBeVisible();
    await expect(page.getByTestId("listing-card").locator("h3")).toHaveText([title]);

    await hydrated(page);
    await page.getByTestId("account-button").click();
    await expect(page.getByTestId("signed-in-as")).toContainText("Signed in as \u2068Mona Adel");
    await page.getByTestId("sign-out").click();
    await expect(page.getByTestId("sign-in")).toBeVisible();
    await page.goto("/saved");
    await expect(page.getByText("Sign in to keep the listings you like")).toBeVisible();
    await expect(page.getByTestId("listing-card")).toHaveCount(0);
  });

  test("a wrong password and an unknown email get the same answer", async ({ page }) => {
    await page.goto("/?auth=email");
    await hydrated(page);
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(`nobody-${unique()}@example.com`);
    await dialog.getByLabel("Password").fill("Some long password 99");
    await dialog.getByRole("button", { name: "Sign in" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Wrong email or password.");
  });
});

test.describe("the sign-in dialog and menus by keyboard", () => {
  for (const lang of ["en", "ar"]) {
    test(`focus moves in, Tab stays inside, Escape closes and focus comes back (${lang})`, async ({ page }, info) => {
      test.skip(info.project.name !== "desktop", "the phone menu is walked below");
      if (lang === "ar") await arabic(page);
      await page.goto("/");
      await hydrated(page);
      const opener = page.getByTestId("sign-in");
      await opener.focus();
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog");
      await expect(dialog).toBeVisible();
      await expect(dialog.locator("#auth-email")).toBeFocused();
      for (const key of ["Tab", "Shift+Tab"]) {
        for (let i = 0; i < 12; i++) {
          await page.keyboard.press(key);
          expect(await focusInDialog(page), `${key} ${i}`).toBe(true);
        }
      }
      await page.keyboard.press("Escape");
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();
      test.skip(!agentEmail, "E2E_AGENT_EMAIL not set (./scripts/test sets it)");

      // Signing in without a mouse: focus lands on the account button that
      // took the place of "Sign in", not behind an overlay.
      await page.keyboard.press("Enter");
      await expect(dialog.locator("#auth-email")).toBeFocused();
      await page.keyboard.type(agentEmail);
      await page.keyboard.press("Tab");
      await page.keyboard.type(agentPassword);
      await page.keyboard.press("Enter");
      await expect(dialog).toHaveCount(0);
      const account = page.getByTestId("account-button");
      await expect(account).toBeFocused();
      // The account menu: Enter opens it, Escape closes it and focus stays on its button.
      await page.keyboard.press("Enter");
      const menu = page.locator("#account-menu");
      await expect(menu).toBeVisible();
      await expect(account).toHaveAttribute("aria-expanded", "true");
      await page.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expect(account).toBeFocused();
      // Choosing an item closes it.
      await page.keyboard.press("Enter");
      await menu.getByTestId("dashboard-link").click();
      await expect(page).toHaveURL(/\/dashboard\/leads/);
      await expect(menu).toBeHidden();
    });
  }

  test("the phone menu closes on Escape and after choosing a link", async ({ page }, info) => {
    test.skip(info.project.name !== "phone", "a phone-sized screen has the menu button");
    await page.goto("/");
    await hydrated(page);
    const toggle = page.locator("button[aria-controls=mobile-menu]");
    await toggle.click();
    const menu = page.locator("#mobile-menu");
    await expect(menu).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(toggle).toBeFocused();
    await toggle.click();
    await menu.getByRole("link").nth(1).click();
    await expect(menu).toBeHidden();
  });
});

test.describe("accounts (Arabic)", () => {
  test("sign in by phone: the SMS code, a wrong code first, then the right one", async ({ page }) => {
    await arabic(page);
    const phone = mobile();
    await page.goto("/");
    await hydrated(page);
    await page.getByTestId("sign-in").click();
    const dialog = page.getByRole("dialog", { name: "تسجيل الدخول إلى أصول" });
    await dialog.getByRole("link", { name: "الهاتف" }).click();
    await dialog.getByLabel("رقم الموبايل").fill(phone.local);
    await dialog.getByRole("button", { name: "أرسل الرمز" }).click();
    await expect(dialog.getByTestId("code-sent")).toContainText("أرسلنا رمزًا إلى");
    await expect(dialog.getByTestId("resend-timer")).toContainText("أرسل رمزًا جديدًا بعد");

    const sms = await smsTo(phone.e164);
    const code = sms.body.match(/\b\d{6}\b/)?.[0];
    expect(code, sms.body).toBeTruthy();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

    const input = dialog.getByTestId("otp-input");
    await input.fill(wrong);
    await dialog.getByRole("button", { name: "تحقق وسجّل الدخول" }).click();
    await expect(dialog.getByRole("alert")).toBeVisible();

    await input.fill(code!);
    await dialog.getByRole("button", { name: "تحقق وسجّل الدخول" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.getByTestId("account-button").click();
    await expect(page.getByTestId("signed-in-as")).toContainText(phone.e164.slice(-4));
  });

  test("sign up by email in Arabic: the mail is in Arabic", async ({ page }) => {
    await arabic(page);
    const email = `moshtari-${unique()}@example.com`;
    await page.goto("/?auth=signup");
    await hydrated(page);
    const dialog = page.getByRole("dialog", { name: "أنشئ حسابك في أصول" });
    await dialog.getByLabel("الاسم").fill("أحمد سمير");
    await dialog.getByLabel("البريد الإلكتروني").fill(email);
    await dialog.getByLabel("كلمة المرور").fill("شقة في التجمع الخامس ٢٠٢٦");
    await dialog.getByRole("button", { name: "إنشاء حساب" }).click();
    await expect(dialog.getByTestId("check-email")).toContainText("راجع بريدك");
    const mail = await mailTo(email);
    expect(mail.subject).toBe("أكّد بريدك الإلكتروني في أصول");
    expect(mail.text).toContain("/verify-email?token=");
  });
});
