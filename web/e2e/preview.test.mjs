// The organiser's email previews, in Debian's Chromium: a message from the
// outbox and a message being written each show in a sandboxed frame styled
// as the recipient's mail client would style it (the layout's inline
// styles apply), and the page stays axe-clean at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, shots, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api;

before(async () => {
  server = await startServer();
  console.log(`screenshots: ${shots}`);
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The computed style of the body of the email in the frame titled so. */
async function emailBodyStyle(title) {
  const frame = page.frameLocator(`iframe[title="${title}"]`);
  await frame.getByText("Previews in practice").first().waitFor();
  const style = await frame.locator("body").evaluate((body) => {
    const s = getComputedStyle(body);
    return { fontFamily: s.fontFamily, color: s.color, maxWidth: s.maxWidth };
  });
  // Each frame has a sandbox attribute that allows nothing, scripts included.
  assert.equal(await page.locator(`iframe[title="${title}"]`).getAttribute("sandbox"), "");
  return style;
}

// The layout template styles <body>; with its styles blocked the frame
// shows the browser's defaults (a serif font, black, full width).
const styled = { fontFamily: "Arial, sans-serif", color: "rgb(29, 29, 29)", maxWidth: "40em" };

test("an email preview shows the email with its own styles, for a sent message and a draft", async () => {
  const start = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await api.post("/api/v1/manage/events", { slug: "previews-in-practice", title: "Previews in practice",
    starts_at: start, duration_minutes: 60, timezone: "Europe/London" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal((await api.post(`/api/v1/manage/events/${id}/publish`)).status, 200);
  const registered = await api.post("/api/v1/events/previews-in-practice/registrations", {
    first_name: "Joan", last_name: "Clarke", email: "joan@example.gov.uk", sector: "local_government" });
  assert.equal(registered.status, 202, JSON.stringify(registered.body));

  await page.goto(`${server.baseURL}/manage/events/${id}/messages`);
  const messages = page.locator("section", { has: page.getByRole("heading", { name: "Messages", exact: true }) });
  await messages.getByRole("button", { name: "Preview the confirmation to joan@example.gov.uk" }).click();
  await messages.getByRole("heading", { name: "Preview: Confirmation to joan@example.gov.uk" }).waitFor();
  const stored = await emailBodyStyle("HTML part of the confirmation to joan@example.gov.uk");
  assert.equal(stored.fontFamily, styled.fontFamily);
  assert.equal(stored.color, styled.color);
  // Network idle (which check() waits for) is reported again once the page fetches after the frame appeared.
  await messages.getByRole("button", { name: "Filter messages" }).click();
  await check(page, "email-preview-message");

  const composer = page.locator("section", { has: page.getByRole("heading", { name: "Send a message" }) });
  await composer.getByLabel("Send to").selectOption("everyone");
  await composer.getByLabel("Subject", { exact: true }).fill("The slides are up");
  await composer.getByLabel("Message", { exact: true }).fill("The **slides** are on the event page.");
  await composer.getByRole("button", { name: "Preview", exact: true }).click();
  await composer.getByText(/^It would reach 1 recipient\.$/).waitFor();
  const draft = await emailBodyStyle("HTML part of the message you are writing");
  assert.deepEqual(draft, { ...draft, fontFamily: styled.fontFamily, color: styled.color });
  const frame = page.frameLocator('iframe[title="HTML part of the message you are writing"]');
  assert.equal(await frame.locator("strong", { hasText: "slides" }).count(), 1);
  await composer.getByRole("button", { name: "Preview", exact: true }).click(); // a fetch after the frame, as above
  await check(page, "email-preview-broadcast");
});
