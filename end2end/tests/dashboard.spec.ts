import { expect, type Page } from "@playwright/test";
import { adminEmail, adminPassword, agentEmail, agentPassword, base, hydrated, mailTo, signInByEmail, signUpByEmail, spokenWhen, test, unique } from "./fixtures";

async function ask(page: Page, text: string) {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
}

test.describe("the agents' dashboard", () => {
  test.skip(!agentEmail, "E2E_AGENT_EMAIL not set (./scripts/test sets it)");

  test("a buyer books from the chat; the agent confirms and moves the hot lead; the buyer is emailed", async ({ page, browser }, info) => {
    test.skip(info.project.name !== "desktop", "one booking per run; the tablet layout is checked below");
    const name = `Salma Fawzy ${unique()}`;
    const email = `salma-${unique()}@example.com`;
    await signUpByEmail(page, name, email, "Corniche at dusk 2027 Alex");

    await page.goto("/chat");
    await hydrated(page);
    await ask(page, "3 bedroom apartment in New Cairo under 10 million");
    const card = page.getByTestId("chat-card").first();
    await expect(card).toBeVisible();
    const id = (await card.getAttribute("href"))!.split("/").pop()!;
    const day = new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10);
    await ask(page, `book a viewing of #${id} on ${day} at 5 pm`);
    await expect(page.getByTestId("chat-answer").last()).toContainText(`viewing request for #${id}`);
    // Confirmed from the keyboard.
    const confirm = page.getByTestId("chat-proposal-confirm").last();
    await confirm.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("chat-proposal-done").last()).toBeVisible();

    // The agent signs in and finds the lead, hot, at the top of their inbox.
    const agent = await browser.newPage();
    await signInByEmail(agent, `${base}/dashboard/leads`, agentEmail, agentPassword);
    await agent.goto(`${base}/dashboard/leads?score=hot`);
    await hydrated(agent);
    const lead = agent.getByTestId("lead").filter({ hasText: name });
    await expect(lead).toBeVisible();
    await expect(lead.getByTestId("lead-score")).toHaveText("Hot");
    await expect(lead.getByTestId("lead-contact")).toContainText(email);
    await lead.getByRole("link", { name }).click();
    await expect(agent).toHaveURL(/\/dashboard\/leads\/\d+$/);
    await hydrated(agent);
    await expect(agent.getByTestId("lead-name")).toHaveText(name);
    await expect(agent.getByTestId("lead-signals")).toContainText("Asked to view");
    await expect(agent.getByTestId("lead-signals")).toContainText(`#${id}`);
    await expect(agent.getByTestId("lead-transcript")).toContainText("3 bedroom apartment in New Cairo");

    // Confirm the viewing at the buyer's time.
    const viewing = agent.getByTestId("viewing").filter({ hasText: `#${id}` });
    await expect(viewing.getByTestId("viewing-status")).toHaveText("Requested");
    await viewing.getByTestId("viewing-confirm").click();
    await expect(viewing.getByTestId("viewing-done")).toBeVisible();
    await expect(viewing.getByTestId("viewing-status")).toHaveText("Confirmed");
    await expect(viewing.getByTestId("viewing-scheduled")).toHaveText(spokenWhen(day, "17:00"));
    // Confirmed: no second Confirm to press.
    await expect(viewing.getByTestId("viewing-confirm")).toHaveCount(0);

    // Move the lead along the pipeline, with a note.
    const form = agent.getByTestId("lead-status-form");
    await form.getByLabel("Status").selectOption("viewing_scheduled");
    await form.getByLabel("Note").fill("Confirmed by phone");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(agent.getByTestId("lead-status")).toHaveText("Viewing scheduled");
    await expect(agent.getByTestId("lead-history")).toContainText("Confirmed by phone");
    await expect(agent.getByTestId("lead-history")).toContainText("New → Viewing scheduled");
    await agent.close();

    // The buyer has the confirmation in their inbox.
    const mail = await mailTo(email, /^Viewing confirmed/);
    expect(mail.text).toContain(spokenWhen(day, "17:00"));
    expect(mail.text).toContain(`/listings/${id}`);
  });

  test("an agent lists a unit from the form; search finds it at once; sold takes it off", async ({ page }, info) => {
    test.skip(info.project.name !== "desktop", "one listing per run");
    const compound = `Zephyr Crest ${unique().slice(-5)} Gardens`;
    await signInByEmail(page, "/dashboard/listings/new", agentEmail, agentPassword);
    await page.goto("/dashboard/listings/new");
    await hydrated(page);
    const form = page.getByTestId("listing-form");
    await form.getByTestId("f-title").fill(`Garden duplex in ${compound}`);
    await form.getByTestId("f-type").selectOption("duplex");
    await form.getByTestId("f-location").fill("New Cairo");
    await form.getByTestId("f-compound").fill(compound);
    await form.getByTestId("f-area").fill("240");
    await form.getByTestId("f-bedrooms").fill("4");
    // A mistake is named and nothing is saved.
    await form.getByTestId("f-price").fill("12");
    await form.getByTestId("save-listing-form").click();
    await expect(form.getByTestId("listing-error")).toContainText("Price");
    await form.getByTestId("f-price").fill("14.5m");
    await form.getByTestId("save-listing-form").click();
    await expect(form.getByTestId("listing-saved")).toBeVisible();
    const href = await page.getByTestId("listing-public-link").getAttribute("href");
    const id = href!.split("/").pop()!;

    await page.goto(`/?q=${encodeURIComponent(`duplex in ${compound}`)}`);
    await expect(page.getByTestId("listing-card").filter({ hasText: compound }).first()).toBeVisible();

    await page.goto(`/dashboard/listings/${id}`);
    await hydrated(page);
    await page.getByTestId("mark-sold").click();
    await expect(page.getByTestId("listing-state")).toHaveText("Sold");
    await page.goto(`/?q=${encodeURIComponent(`duplex in ${compound}`)}`);
    await expect(page.getByTestId("listing-card").filter({ hasText: compound })).toHaveCount(0);
  });

  test("works in Arabic on a tablet: inbox, filters and the week calendar", async ({ page }) => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await signInByEmail(page, "/dashboard/leads", agentEmail, agentPassword);
    await page.context().addCookies([{ name: "osool_lang", value: "ar", url: base }]);
    await page.goto("/dashboard/leads");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { name: "العملاء المحتملون" })).toBeVisible();
    await expect(page.getByTestId("lead-filters").getByLabel("التقييم")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Viewing requests read in Arabic: days and times in Arabic words and digits.
    await page.goto("/dashboard/viewings");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    for (const preferred of await page.getByTestId("viewing-preferred").allTextContents()) {
      expect(preferred).not.toMatch(/[A-Za-z0-9]/);
    }

    await page.goto("/dashboard/viewings?view=week");
    await hydrated(page);
    const week = page.getByTestId("week");
    await expect(week).toBeVisible();
    await expect(week).toContainText("السبت");
    await expect(week).toContainText("الجمعة");
    await page.getByRole("link", { name: "الأسبوع التالي" }).click();
    await expect(page).toHaveURL(/view=week&week=\d{4}-\d{2}-\d{2}/);
    await expect(page.getByTestId("week")).toBeVisible();
  });

  test("admins see the users with their workload and the analytics charts, in both languages", async ({ page }) => {
    test.skip(!adminEmail, "E2E_ADMIN_EMAIL not set (./scripts/test sets it)");
    // Something to count today: a search that finds nothing.
    await page.goto(`/?q=${encodeURIComponent("villa in New Cairo over 900 million")}`);
    await signInByEmail(page, "/dashboard/users", adminEmail, adminPassword);
    await page.goto("/dashboard/users?role=agent");
    await hydrated(page);
    const agentRow = page.getByTestId("user").filter({ hasText: agentEmail });
    await expect(agentRow.getByTestId("user-role")).toHaveText("Agent");

    await page.goto("/dashboard/analytics?days=7");
    await hydrated(page);
    await expect(page.getByRole("img", { name: "Searches per day" })).toBeVisible();
    await expect(page.getByText(/^Daily budget: \$\d+\.\d\d$/)).toBeVisible();
    await expect(page.getByTestId("chart-cost").getByTestId("chart-total")).toHaveText("Total: $0.00");
    await expect(page.getByTestId("zero-queries")).toContainText("villa in new cairo over 900 million");
    await expect(page.getByTestId("chart-searches").getByTestId("chart-total")).not.toHaveText("Total: 0");

    await page.context().addCookies([{ name: "osool_lang", value: "ar", url: base }]);
    await page.goto("/dashboard/analytics");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { name: "التحليلات" })).toBeVisible();
    await expect(page.getByRole("img", { name: "عمليات البحث يوميًا" })).toBeVisible();
  });
});
