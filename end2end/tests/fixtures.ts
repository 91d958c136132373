import { expect, type Page } from "@playwright/test";

/** Waits until the WASM has hydrated the page (the App marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}
