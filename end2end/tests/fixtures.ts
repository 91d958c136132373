import { test as playwrightTest, expect, type Page } from "@playwright/test";

/**
 * Playwright's `test`, failing any test during which the WASM panicked (a
 * panic stops the app: the page stays as it was, often at "Loading..."),
 * even when the journey's own checks happened to pass.
 */
export const test = playwrightTest.extend<{ noPanics: void }>({
  noPanics: [
    async ({ page }, use) => {
      const panics: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && message.text().includes("panicked at")) {
          panics.push(message.text().split("\n").slice(0, 2).join(" "));
        }
      });
      page.on("pageerror", (error) => panics.push(`uncaught: ${error.message}`));
      await use();
      expect(panics, "the browser app panicked").toEqual([]);
    },
    { auto: true },
  ],
});

/** Waits until the WASM has hydrated the page (the App marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
export const mailApi = process.env.OSOOL_MAIL_API ?? "http://127.0.0.1:55080";
export const twilio = process.env.TWILIO_FAKE_URL ?? "http://127.0.0.1:3101";
export const agentEmail = process.env.E2E_AGENT_EMAIL ?? "";
export const agentPassword = process.env.E2E_AGENT_PASSWORD ?? "";
export const adminEmail = process.env.E2E_ADMIN_EMAIL ?? "";
export const adminPassword = process.env.E2E_ADMIN_PASSWORD ?? "";

export type Mail = { subject: string; text: string; to: { address: string }[] };
export type Sms = { to: string; body: string };

/** Polls `fetcher` until it returns something (the mail and SMS are sent after the response). */
export async function eventually<T>(what: string, fetcher: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = await fetcher();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${what} arrived within 10 s`);
}

/** The latest mail to `address` (optionally: whose subject matches), read from the mail sink's HTTP API. */
export async function mailTo(address: string, subject?: RegExp): Promise<Mail> {
  return eventually(`mail to ${address}`, async () => {
    const all: Mail[] = await (await fetch(`${mailApi}/api/email`)).json();
    return all
      .filter((m) => m.to.some((t) => t.address === address) && (!subject || subject.test(m.subject)))
      .pop();
  });
}

/** The latest SMS the server sent to `phone` (E.164) through the fake Twilio. */
export async function smsTo(phone: string): Promise<Sms> {
  return eventually(`SMS to ${phone}`, async () => {
    const all: Sms[] = await (await fetch(`${twilio}/messages?to=${encodeURIComponent(phone)}`)).json();
    return all.pop();
  });
}

export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A fresh Egyptian mobile: 010 and eight digits. */
export function mobile(): { local: string; e164: string } {
  const rest = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  return { local: `010${rest}`, e164: `+2010${rest}` };
}

/** Signs in by phone through the open dialog, reading the code at the fake Twilio. */
export async function signInByPhone(page: Page) {
  const phone = mobile();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("link", { name: "Phone" }).click();
  await dialog.getByLabel("Mobile number").fill(phone.local);
  await dialog.getByRole("button", { name: "Send code" }).click();
  const sms = await smsTo(phone.e164);
  const code = sms.body.match(/\b\d{6}\b/)![0];
  await dialog.getByTestId("otp-input").fill(code);
  await dialog.getByRole("button", { name: "Verify and sign in" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

/** Signs in with email and password through the dialog `?auth=email` opens on `path`. */
export async function signInByEmail(page: Page, path: string, email: string, password: string) {
  await page.goto(`${path}${path.includes("?") ? "&" : "?"}auth=email`);
  await hydrated(page);
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

/** Creates an account by email, confirms it from the mail, and signs in. */
export async function signUpByEmail(page: Page, name: string, email: string, password: string) {
  await page.goto("/?auth=email");
  await hydrated(page);
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("link", { name: "Create account" }).click();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog.getByTestId("check-email")).toBeVisible();
  const mail = await mailTo(email, /Confirm your email/);
  const link = mail.text.match(/https?:\/\/\S+\/verify-email\?token=\S+/)![0];
  await page.goto(link);
  await hydrated(page);
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  await signInByEmail(page, "/", email, password);
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A Cairo day ("2026-12-05") and time ("17:00") as the app writes them in English: "Saturday 5 December 2026, 5:00 pm". */
export function spokenWhen(day: string, time?: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  let out = `${WEEKDAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
  if (time) {
    const [h, min] = time.split(":").map(Number);
    out += `, ${h % 12 === 0 ? 12 : h % 12}:${String(min).padStart(2, "0")} ${h < 12 ? "am" : "pm"}`;
  }
  return out;
}

/** The date in Cairo `offset` days from today, "2026-12-05". */
export function cairoDay(offset: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Cairo", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}
