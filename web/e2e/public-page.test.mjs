// The public event page in Chromium: the places left beside "Register"
// (from the cached page, refreshed a moment after registrations change
// them); speakers' photos or initials and partners' logos, which move
// nothing as they load; headings that scale down on a phone, so that
// "Register" is in the first screen; and a budget on the JavaScript the
// page makes a visitor download. axe-core checks every page at 1280 and
// 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { check, launchBrowser, root, signInAdmin, startServer } from "./harness.mjs";

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

// A 2×2 PNG, served for the photos and logos below (the test has no network).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNkYPj/n4GBgYGJgYGBAQAm/AMBpnZ2mwAAAABJRU5ErkJggg==", "base64");

/** Creates a person or an organisation, once, and returns its id. */
const directory = new Map();
async function made(path, body) {
  if (!directory.has(body.name)) {
    const r = await api.post(path, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    directory.set(body.name, r.body.id);
  }
  return directory.get(body.name);
}

/** Publishes an event with two speakers (one photographed) and two
 *  partners (one with a logo), like the demo event. */
async function eventWithPeople(slug, extra = {}) {
  const id = await publish({ slug, title: "Early intervention: how the public sector can work together to unlock prevention",
    summary: "A Global Government Forum webinar on how UK public bodies can build on the partnerships of the pandemic to join up services and intervene early.",
    capacity: 200, ...extra });
  const kerr = await made("/api/v1/manage/people", { name: "Andrew Kerr", job_title: "Chief Executive", organisation: "City of Edinburgh Council", photo_url: "https://photos.example/kerr.png" });
  const pollard = await made("/api/v1/manage/people", { name: "Grace Pollard", job_title: "Senior Policy Researcher", organisation: "New Local" });
  const ggf = await made("/api/v1/manage/organisations", { name: "Global Government Forum", website: "https://www.globalgovernmentforum.com" });
  const im = await made("/api/v1/manage/organisations", { name: "Iron Mountain", website: "https://www.ironmountain.com", logo_url: "https://photos.example/iron-mountain.png" });
  assert.equal((await api.put(`/api/v1/manage/events/${id}/speakers`, { speakers: [{ person_id: kerr, role: "chair" }, { person_id: pollard, role: "panellist" }] })).status, 200);
  assert.equal((await api.put(`/api/v1/manage/events/${id}/partners`, { partners: [{ organisation_id: ggf, kind: "host" }, { organisation_id: im, kind: "knowledge_partner" }] })).status, 200);
  return id;
}

test("speakers show their photo or initials, partners their logo, and nothing shifts as they load", async () => {
  await eventWithPeople("people-and-partners");
  // The images wait until the page has rendered and is watched for shifts.
  let release;
  const watched = new Promise((resolve) => { release = resolve; });
  await page.route("https://photos.example/**", async (route) => {
    await watched;
    await route.fulfill({ contentType: "image/png", body: png });
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.baseURL}/events/people-and-partners`);
  const speakers = page.getByRole("region", { name: "Speakers" });
  await speakers.getByRole("heading", { name: "Andrew Kerr" }).waitFor();
  await page.evaluate(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.shifts += e.hadRecentInput ? 0 : e.value; })
      .observe({ type: "layout-shift" });
  });

  // The photo and the initials are decorative: the name is written beside them.
  const photo = page.locator(".speaker img");
  assert.equal(await photo.count(), 1);
  assert.deepEqual(await photo.evaluate((img) => [img.alt, img.getAttribute("width"), img.getAttribute("height"), img.loading]), ["", "96", "96", "lazy"]);
  const initials = speakers.getByText("GP", { exact: true });
  assert.equal(await initials.getAttribute("aria-hidden"), "true");
  assert.equal(await speakers.getByRole("img").count(), 0, "screen readers meet no image among the speakers");

  // A logo stands for its partner's name, inside the link; a partner without one is written out.
  const partners = page.getByRole("region", { name: "Partners" });
  const logo = partners.getByRole("img", { name: "Iron Mountain" });
  assert.deepEqual(await logo.evaluate((img) => [img.getAttribute("width"), img.getAttribute("height"), img.loading]), ["160", "80", "lazy"]);
  await partners.getByRole("link", { name: "Iron Mountain" }).waitFor();
  await partners.getByRole("link", { name: "Global Government Forum" }).waitFor();

  // Scrolled into view, the lazy images load into boxes that were already their size.
  release();
  await page.locator(".speaker img").scrollIntoViewIfNeeded();
  await logo.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  await page.waitForTimeout(200); // layout shifts are reported after the frame
  const shift = await page.evaluate(() => window.shifts);
  assert.equal(shift, 0, "the layout shifted as the images loaded");
  await check(page, "public-page-people");
});

/** Runs `server seed --demo` beside the running server, as the README says. */
async function seedDemo() {
  const child = spawn(path.join(root, "bin/server"), ["seed", "--demo"], {
    env: { ...process.env, DATA_DIR: server.dataDir, BASE_URL: server.baseURL, LOG_FORMAT: "json" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  assert.equal(await new Promise((resolve) => child.on("exit", resolve)), 0, `seed --demo failed:\n${output}`);
}

/** How many lines the page's h1 takes. */
function h1Lines() {
  return page.locator("h1").evaluate((h) => Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)));
}

/** Loads a page on a phone (375 × 667) and says whether "Register" is in
 *  the first screen, whole, without scrolling. */
async function registerInFirstScreen(url) {
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(url);
  const button = page.getByRole("button", { name: "Register for this event" });
  await button.waitFor();
  const box = await button.boundingBox();
  const scrolled = await page.evaluate(() => window.scrollY);
  return { inView: scrolled === 0 && box.y >= 0 && box.y + box.height <= 667, bottom: Math.round(box.y + box.height) };
}

test("on a phone the title takes a few lines and Register is in the first screen", async () => {
  // The demo's long title and summary, on an event still to come.
  await eventWithPeople("long-title");
  const long = await registerInFirstScreen(`${server.baseURL}/events/long-title`);
  assert.ok(long.inView, `Register ends at ${long.bottom} px, below the first screen (667 px)`);
  const lines = await h1Lines();
  assert.ok(lines <= 4, `the title takes ${lines} lines at 375 px`);
  await check(page, "public-page-long-title");

  await seedDemo();
  const upcoming = await registerInFirstScreen(`${server.baseURL}/events/joining-up-prevention`);
  assert.ok(upcoming.inView, `Register ends at ${upcoming.bottom} px on the upcoming demo event`);
  // The demo event itself has ended (no Register): its title still takes a few lines.
  await page.goto(`${server.baseURL}/events/early-intervention`);
  await page.getByText("This event has ended.").waitFor();
  const demoLines = await h1Lines();
  assert.ok(demoLines <= 4, `the demo event's title takes ${demoLines} lines at 375 px`);
  await check(page, "public-page-demo");
});

/** The most JavaScript, gzipped, that the public event page may fetch. */
const budget = 60 * 1024;

test("the public event page fetches less than 60 KB of JavaScript, gzipped", async (t) => {
  // A fresh page: nothing cached, every script fetched and counted once.
  const visitor = await browser.newPage();
  const scripts = new Map();
  visitor.on("response", async (response) => {
    const type = response.headers()["content-type"] ?? "";
    if (response.request().resourceType() === "script" || type.includes("javascript")) {
      scripts.set(response.url(), response.body().then((body) => gzipSync(body).length));
    }
  });
  await eventWithPeople("budget-event");
  await visitor.goto(`${server.baseURL}/events/budget-event`);
  // Opening the form counts too: a visitor who registers downloads it.
  await visitor.getByRole("button", { name: "Register for this event" }).click();
  await visitor.getByRole("button", { name: "Register", exact: true }).waitFor();
  await visitor.waitForLoadState("networkidle");
  const sizes = await Promise.all([...scripts].map(async ([url, size]) => [new URL(url).pathname, await size]));
  await visitor.close();
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  t.diagnostic(`JavaScript of the public event page: ${(total / 1024).toFixed(1)} KB gzipped in ${sizes.length} files: ` +
    sizes.map(([p, size]) => `${p} ${(size / 1024).toFixed(1)} KB`).join(", "));
  assert.ok(sizes.length > 0, "the page fetched no JavaScript at all: the measurement is broken");
  assert.ok(total <= budget, `the public event page fetches ${(total / 1024).toFixed(1)} KB of JavaScript gzipped, over the budget of ${budget / 1024} KB`);
});
