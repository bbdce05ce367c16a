// The public event page in Chromium: the places left beside "Register"
// (from the cached page, refreshed a moment after registrations change
// them). axe-core checks every page at 1280 and 375 px.
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

/** Creates and publishes an event; returns its id. */
async function publish(body) {
  const created = await api.post("/api/v1/manage/events", {
    starts_at: "2031-06-05T09:00:00Z", duration_minutes: 60, timezone: "Europe/London", ...body,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await api.post(`/api/v1/manage/events/${created.body.id}/publish`)).status, 200);
  return created.body.id;
}

async function register(slug, email) {
  const r = await api.post(`/api/v1/events/${slug}/registrations`, { first_name: "Joan", last_name: "Clarke", email, sector: "other" });
  assert.equal(r.status, 202, JSON.stringify(r.body));
}

/** Reloads the page until it shows text: the page is cached, and hears of
 *  registrations a fraction of a second after they commit. */
async function reloadUntil(url, text) {
  for (let tries = 0; ; tries++) {
    await page.goto(url);
    await page.getByRole("button", { name: "Register for this event" }).waitFor();
    if (await page.getByText(text, { exact: true }).count() > 0) return;
    assert.ok(tries < 20, `${url} never showed "${text}"`);
    await page.waitForTimeout(250);
  }
}

test("the page says the places left beside Register, then that only the waiting list is left", async () => {
  await publish({ slug: "three-places", title: "Three places", capacity: 3 });
  const url = `${server.baseURL}/events/three-places`;
  await page.goto(url);
  await page.getByText("3 places left", { exact: true }).waitFor();
  await check(page, "public-page-places-left");

  await register("three-places", "a@example.org");
  await register("three-places", "b@example.org");
  await reloadUntil(url, "1 place left");
  await register("three-places", "c@example.org");
  await reloadUntil(url, "Waiting list only");
  await check(page, "public-page-waiting-list");
  // The form, opened, says the same in full.
  await page.getByRole("button", { name: "Register for this event" }).click();
  await page.getByText("This event is full: if you register, you join the waiting list").waitFor();
});

test("an event without a capacity shows no count", async () => {
  await publish({ slug: "all-welcome", title: "All welcome" });
  await register("all-welcome", "a@example.org");
  await page.goto(`${server.baseURL}/events/all-welcome`);
  await page.getByRole("button", { name: "Register for this event" }).waitFor();
  assert.equal(await page.getByText(/places? left|Waiting list only/).count(), 0);
});
