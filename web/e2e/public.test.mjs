// The public side of registration, in Chromium: the form says what a
// registration would get before it is sent; a cancelled event stays at its
// URL, says so with the organiser's message, and offers no registration; a
// bad private link offers to email the link again. axe-core checks every
// page at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const message = "Our chair is unwell.\nWe will run the panel in the spring.";

test("a cancelled event says so, with the organiser's message, and takes no registrations", async () => {
  const created = await api.post("/api/v1/manage/events", {
    slug: "called-off", title: "Called off", summary: "A panel that will not happen.", starts_at: "2031-06-05T09:00:00Z",
    duration_minutes: 60, timezone: "Europe/London", capacity: 2,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal((await api.post(`/api/v1/manage/events/${id}/publish`)).status, 200);
  const registered = await api.post("/api/v1/events/called-off/registrations", {
    first_name: "Joan", last_name: "Clarke", email: "joan@example.org", sector: "other",
  });
  assert.equal(registered.status, 202);

  // Before sending the form, the visitor learns what they would get.
  await page.goto(`${server.baseURL}/events/called-off`);
  await page.getByRole("button", { name: "Register for this event" }).click();
  await page.getByText("1 place left.").first().waitFor();
  await page.getByRole("heading", { name: "Email me my link again" }).waitFor();
  await check(page, "event-places-left");

  const cancelled = await api.post(`/api/v1/manage/events/${id}/cancel`, { message });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  await page.goto(`${server.baseURL}/events/called-off`);
  await page.getByRole("heading", { name: "This event has been cancelled" }).waitFor();
  await page.getByText("Our chair is unwell.").waitFor();
  await page.getByText("We will run the panel in the spring.").waitFor();
  assert.equal(await page.getByRole("button", { name: "Register for this event" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Email me my link again" }).count(), 0);
  await check(page, "event-cancelled");
  assert.equal((await page.request.get(`${server.baseURL}/api/v1/events/called-off/calendar.ics`)).status(), 200);

  // The registrant's private page says the event is off, and offers nothing to do.
  const list = (await api.get(`/api/v1/manage/events/${id}/registrations?q=joan`)).body;
  const sent = (await api.get(`/api/v1/manage/events/${id}/registrations/${list.items[0].id}/messages`)).body;
  const confirmation = (await api.get(`/api/v1/manage/events/${id}/messages/${sent.items.find((m) => m.kind === "confirmation").id}`)).body;
  await page.goto(confirmation.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]+/)[0]);
  await page.getByText("The organiser has cancelled this event").waitFor();
  assert.equal(await page.getByText("Your place is confirmed.").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Cancel my registration" }).count(), 0);
  await check(page, "manage-registration-event-cancelled");
});

test("a bad private link offers to email the link again, with the same answer for any address", async () => {
  const created = await api.post("/api/v1/manage/events", {
    slug: "still-on", title: "Still on", starts_at: "2031-07-05T09:00:00Z", duration_minutes: 60, timezone: "Europe/London",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await api.post(`/api/v1/manage/events/${created.body.id}/publish`)).status, 200);
  await page.goto(`${server.baseURL}/r/not-a-real-token-at-all-not-at-all`);
  await page.getByRole("heading", { name: "Email me my link again" }).waitFor();
  await page.getByLabel("Event").selectOption("still-on");
  await page.getByLabel("Registered email").fill("nobody@example.org");
  await page.getByRole("button", { name: "Email me my link" }).click();
  await page.getByText("If nobody@example.org is registered for this event, we have emailed it").waitFor();
  await check(page, "bad-link");
});
