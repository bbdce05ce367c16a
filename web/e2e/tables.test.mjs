// The organiser's tables and conveniences from the design kit: the
// registrants table (summary from the server's counts, status tags, dates,
// answers that stay readable at 375 px, spaced actions), the messages
// banner when no mail server is set, duplicating an event, and the team
// page (add with a password shown once, remove after a true confirmation,
// hidden from a moderator). axe-core checks each page at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { apiClient, check, launchBrowser, shots, signInAdmin, startServer, widths } from "./harness.mjs";

let server, browser, page, api, event;
const longAnswer = "Whether councils can share data early enough to act: " +
  "https://example.org/a-very-long-address-without-any-spaces-that-must-wrap-inside-its-cell-and-not-push-the-page-sideways " +
  "and how health and housing budgets could be pooled. ".repeat(4);

before(async () => {
  server = await startServer(); // no SMTP_URL: messages are only recorded
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);

  const starts = new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await api.post("/api/v1/manage/events", {
    slug: "tables-test", title: "Early intervention", starts_at: starts, duration_minutes: 75, timezone: "Europe/London", capacity: 2 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  event = created.body;
  const qs = await api.put(`/api/v1/manage/events/${event.id}/questions`, { questions: [
    { kind: "single_choice", label: "Region", required: true, options: ["North", "South"] },
    { kind: "long_text", label: "What would you ask the panel?", required: false, options: [] },
    { kind: "checkbox", label: "I may be quoted", required: false, options: [] },
  ] });
  assert.equal(qs.status, 200, JSON.stringify(qs.body));
  const [region, ask, quoted] = qs.body.items.map((q) => q.id);
  assert.equal((await api.post(`/api/v1/manage/events/${event.id}/publish`)).status, 200);
  const people = [
    ["Ann", "Able", { [region]: "North", [ask]: longAnswer, [quoted]: true }],
    ["Ben", "Bold", { [region]: "South" }],
    ["Cat", "Next", { [region]: "North", [ask]: "How do we start?" }],
    ["Dan", "Later", { [region]: "South" }],
  ];
  for (const [first, last, answers] of people) {
    const r = await api.post("/api/v1/events/tables-test/registrations", {
      first_name: first, last_name: last, email: `${first.toLowerCase()}@example.org`, sector: "local_government", organisation: "City Council", answers });
    assert.equal(r.status, 202, JSON.stringify(r.body));
  }
  const ann = (await api.get(`/api/v1/manage/events/${event.id}/registrations?q=ann%40example.org`)).body.items[0];
  assert.equal((await api.post(`/api/v1/manage/events/${event.id}/registrations/${ann.id}/check-in`)).status, 200);
});

/** Screenshots of one section at each width, to look at beside the whole page's. */
async function sectionShots(section, name) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await section.screenshot({ path: path.join(shots, `${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the registrants table sums up, tags, dates and answers each registration", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/registrants`);
  const section = page.getByRole("region", { name: "Registrations" });
  await section.getByText("2 of 2 places taken, 2 waiting.").waitFor();
  const table = section.getByRole("table", { name: "Registrations, in the order they arrived" });
  const row = (name) => table.getByRole("row").filter({ hasText: name });
  assert.deepEqual(await row("Ann Able").locator(".kit-tag").allTextContents(), ["confirmed", "attended"]);
  assert.deepEqual(await row("Cat Next").locator(".kit-tag").allTextContents(), ["waitlisted"]);
  assert.match(await row("Ann Able").locator("time").first().textContent(), /\d{4}, \d\d:\d\d (GMT|BST)/);
  assert.equal(await row("Ben Bold").getByRole("definition").first().textContent(), "South");
  assert.match(await row("Ann Able").locator("dd").nth(2).textContent(), /^Yes$/);
  assert.ok(await row("Ann Able").getByText("Show the whole answer").isVisible());
  assert.ok(await row("Cat Next").getByRole("button", { name: "Give a place to Cat Next" }).isVisible());

  await page.setViewportSize({ width: 375, height: 900 });
  await row("Ann Able").getByText("Show the whole answer").click();
  await row("Ann Able").getByText("Show less").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 375px screen`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await check(page, "tables-registrants");
  await sectionShots(section, "tables-registrants-section");
});

test("the messages section says once that no mail server is set", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/messages`);
  const section = page.getByRole("region", { name: "Messages" });
  const banner = section.getByRole("region", { name: "Important" });
  await banner.getByText("No mail server is set up, so no email leaves this site.").waitFor();
  const table = section.getByRole("table", { name: "Messages, newest first" });
  assert.ok(await table.getByText("Not delivered").count() >= 4);
  assert.equal(await table.getByText("No mail server is set up.").count(), 0);
  assert.equal(await table.getByText(/no SMTP configured/).count(), 0);
  await banner.scrollIntoViewIfNeeded();
  await check(page, "tables-messages");
  await sectionShots(section, "tables-messages-section");
});

test("duplicating an event opens its copy, a draft without registrations", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}`);
  await page.getByRole("button", { name: "Duplicate this event" }).click();
  await page.getByRole("heading", { level: 1, name: "Early intervention (copy)" }).waitFor();
  const copyID = page.url().split("/").at(-1);
  assert.notEqual(copyID, event.id);
  const copy = (await api.get(`/api/v1/manage/events/${copyID}`)).body;
  assert.equal(copy.slug, "tables-test-copy");
  assert.equal(copy.status, "draft");
  assert.equal((await api.get(`/api/v1/manage/events/${copyID}/questions`)).body.items.length, 3);
  assert.equal((await api.get(`/api/v1/manage/events/${copyID}/registrations`)).body.items.length, 0);
  assert.equal(await page.locator(".kit-tag").first().textContent(), "draft");
  await check(page, "tables-duplicated");
});

test("an admin adds someone, who signs in with the password shown once, then removes them", async () => {
  await page.goto(`${server.baseURL}/manage`);
  await page.getByRole("link", { name: /Your team/ }).click();
  await page.getByRole("heading", { level: 1, name: "Your team" }).waitFor();
  await page.getByLabel("Email address").fill("grace@example.org");
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Moderator").check();
  await page.getByLabel("Organiser").check();
  await page.getByRole("button", { name: "Add to the team" }).click();
  await page.getByRole("alert").getByText("Grace Hopper can now sign in as an organiser.").waitFor();
  const password = await page.locator(".team-password").textContent();
  assert.ok(password.length >= 20, password);
  const row = page.getByRole("row").filter({ hasText: "grace@example.org" });
  assert.equal(await row.locator(".kit-tag").textContent(), "organiser");
  await check(page, "tables-team-added");

  const graceContext = await browser.newContext();
  const gracePage = await graceContext.newPage();
  const login = await gracePage.request.post(`${server.baseURL}/api/v1/auth/login`, { data: { email: "grace@example.org", password } });
  assert.equal(login.status(), 200);

  await row.getByRole("button", { name: "Remove Grace Hopper" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove Grace Hopper?" });
  await dialog.getByText("Grace Hopper is signed out at once and can no longer sign in.", { exact: false }).waitFor();
  await check(page, "tables-team-remove-dialog");
  await dialog.getByRole("button", { name: "Keep them" }).click();
  assert.equal((await gracePage.request.get(`${server.baseURL}/api/v1/auth/me`)).status(), 200, "keeping changed nothing");

  await row.getByRole("button", { name: "Remove Grace Hopper" }).click();
  await dialog.getByRole("button", { name: "Yes, remove Grace Hopper" }).click();
  await page.getByRole("status").getByText("Grace Hopper is removed and signed out.").waitFor();
  assert.equal(await page.getByRole("row").filter({ hasText: "grace@example.org" }).count(), 0);
  assert.equal((await gracePage.request.get(`${server.baseURL}/api/v1/auth/me`)).status(), 401, "removed, yet still signed in");
  assert.ok(await page.getByRole("row").filter({ hasText: "ada@example.org" }).getByText("You").isVisible());
  await graceContext.close();
});

test("a moderator neither sees the team link nor can use the page", async () => {
  const made = await api.post("/api/v1/users", { email: "mo@example.org", name: "Mo Derator", role: "moderator", password: "a long enough password" });
  assert.equal(made.status, 201);
  const context = await browser.newContext();
  const modPage = await context.newPage();
  const login = await modPage.request.post(`${server.baseURL}/api/v1/auth/login`, { data: { email: "mo@example.org", password: "a long enough password" } });
  assert.equal(login.status(), 200);
  const mod = apiClient(modPage, server.baseURL, (await login.json()).csrf_token);
  assert.equal((await mod.get("/api/v1/users")).status, 403);
  await modPage.goto(`${server.baseURL}/manage`);
  await modPage.getByRole("heading", { level: 1, name: "Your events" }).waitFor();
  assert.equal(await modPage.getByRole("link", { name: /Your team/ }).count(), 0);
  await modPage.goto(`${server.baseURL}/manage/team`);
  await modPage.getByText("Only admins can add or remove people.").waitFor();
  assert.equal(await modPage.getByRole("table").count(), 0);
  await check(modPage, "tables-team-moderator");
  await context.close();
});
