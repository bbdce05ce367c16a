// The attendee's live page in Chromium: a confirmed registrant opens
// /live/{token} while the session runs, sees the player and asks a
// question; a moderator, in a second browser context, approves it; the
// registrant's page shows it without reloading (over the page's one
// EventSource). axe-core checks each state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

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

async function ok(res, what) {
  const r = await res;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The registrant's manage-link token, from their first message in the outbox (a confirmation, or
 *  the news that they are on the waiting list). */
async function manageToken(eventID, email) {
  const base = `/api/v1/manage/events/${eventID}`;
  const list = await ok(api.get(`${base}/registrations?q=${encodeURIComponent(email)}`), "registrations");
  const sent = await ok(api.get(`${base}/registrations/${list.items[0].id}/messages`), "messages");
  const confirmation = await ok(api.get(`${base}/messages/${sent.items.find((m) => m.kind === "confirmation" || m.kind === "waitlisted").id}`), "first message");
  return confirmation.text.match(/\/r\/([A-Za-z0-9_-]+)/)[1];
}

/** The registrant's live page, as their manage link's API names it. */
async function liveURL(manage) {
  const r = await page.request.get(`${server.baseURL}/api/v1/registration`, { headers: { Authorization: `Bearer ${manage}` } });
  assert.equal(r.status(), 200, await r.text());
  const { live_url: url } = await r.json();
  assert.match(url, /\/live\/[A-Za-z0-9_.-]+$/);
  return `${server.baseURL}${new URL(url).pathname}`;
}

/** An event that started five minutes ago, streamed at streamURL, with Joan confirmed. */
async function liveEvent(slug, streamURL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ") {
  const startsAt = new Date(Date.now() + 60 * 60_000);
  const created = await ok(api.post("/api/v1/manage/events", {
    slug, title: "Early intervention: how the public sector can work together to unlock prevention",
    starts_at: startsAt.toISOString().replace(/\.\d+Z$/, "Z"), duration_minutes: 75, timezone: "Europe/London",
    stream_url: streamURL,
  }), "create");
  await ok(api.post(`/api/v1/manage/events/${created.id}/publish`), "publish");
  await ok(api.post(`/api/v1/events/${slug}/registrations`, { first_name: "Joan", last_name: "Clarke", email: "joan@example.gov.uk", organisation: "Bletchley Borough Council", sector: "local_government" }), "register");
  // Registration closes at the start, so the event moves into the past only once Joan has her place.
  const started = new Date(Date.now() - 5 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  await ok(api.patch(`/api/v1/manage/events/${created.id}`, { starts_at: started }), "start it");
  return created.id;
}

/** A moderator signed in in a browser context of their own. */
async function moderator() {
  await ok(api.post("/api/v1/users", { email: "mo@example.org", name: "Mo Derator", role: "moderator", password: "a long enough password" }), "moderator");
  const context = await browser.newContext();
  const modPage = await context.newPage();
  const login = await modPage.request.post(`${server.baseURL}/api/v1/auth/login`, { data: { email: "mo@example.org", password: "a long enough password" } });
  assert.equal(login.status(), 200);
  return { context, mod: apiClient(modPage, server.baseURL, (await login.json()).csrf_token) };
}

test("a registrant asks on the live page, a moderator approves, and the question appears without a reload", async () => {
  const id = await liveEvent("live-now");
  const url = await liveURL(await manageToken(id, "joan@example.gov.uk"));
  // The test has no network: the player's frame gets a page of its own.
  await page.route("https://www.youtube-nocookie.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><html lang=en><title>Player</title><p>The player</p></html>" }));
  const streams = [], scripts = [];
  page.on("request", (r) => {
    if (r.url().includes("/stream")) streams.push(r.url());
    if (r.resourceType() === "script") scripts.push(r.url());
  });

  await page.goto(url);
  await page.getByRole("heading", { level: 1, name: /Early intervention/ }).waitFor();
  await page.getByText("Live now").waitFor();
  const frame = page.getByTitle(/: live stream$/);
  assert.equal(await frame.getAttribute("src"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  await page.getByText("No questions yet. Ask the first one.").waitFor();
  await check(page, "live-page");
  assert.deepEqual(scripts.filter((u) => /\/hls[-.]/.test(u)), [], "hls.js loaded for a YouTube stream");

  const body = "How can councils and the NHS pool budgets for early intervention?";
  await page.getByLabel("Your question").fill(body);
  await page.getByText(`You have ${500 - body.length} characters left`).waitFor();
  await page.getByRole("button", { name: "Send question" }).click();
  await page.getByText("Your question was sent to the moderators.", { exact: false }).waitFor();
  const mine = page.getByRole("listitem").filter({ hasText: body });
  await mine.getByText("Awaiting moderation").waitFor();
  await check(page, "live-page-asked");

  await page.evaluate(() => { window.notReloaded = true; });
  const { context, mod } = await moderator();
  const held = await ok(mod.get(`/api/v1/manage/events/${id}/live/questions?status=held`), "held questions");
  const question = held.items.find((q) => q.body === body);
  assert.ok(question, "the moderator sees the held question");
  await ok(mod.post(`/api/v1/manage/events/${id}/live/questions/${question.id}/approve`), "approve");

  // The page hears of it over its stream: no reload, no second request for the list.
  await mine.getByText("Awaiting moderation").waitFor({ state: "detached" });
  await mine.getByRole("button", { name: "Upvote" }).waitFor();
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the page reloaded");
  assert.equal(new Set(streams).size, 1, `one stream, opened once: ${streams.join(", ")}`);
  await check(page, "live-page-approved");

  // A poll the moderator opens arrives the same way; its results show as soon as Joan votes.
  const poll = await ok(mod.post(`/api/v1/manage/events/${id}/live/polls`, {
    question: "Does your organisation pool budgets with health?", multiple: false, results: "live", options: ["Yes", "Not yet"],
  }), "poll");
  await ok(mod.post(`/api/v1/manage/events/${id}/live/polls/${poll.id}/open`), "open the poll");
  const card = page.getByRole("article", { name: "Does your organisation pool budgets with health?" });
  await card.getByRole("radio", { name: "Not yet" }).check();
  await card.getByRole("button", { name: /^Vote/ }).click();
  await card.getByText("You voted: Not yet.").waitFor();
  await card.getByText("100% (1 vote)").waitFor();
  await check(page, "live-page-poll");
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the page reloaded");

  // Joan upvotes, then retracts her question once she has confirmed it.
  const upvote = mine.getByRole("button", { name: "Upvote" });
  await upvote.click();
  await mine.getByText("1 vote", { exact: true }).waitFor();
  assert.equal(await upvote.getAttribute("aria-pressed"), "true");
  await mine.getByRole("button", { name: "Retract your question" }).click();
  const dialog = page.getByRole("dialog", { name: "Retract your question?" });
  await check(page, "live-page-retract-dialog");
  await dialog.getByRole("button", { name: "Retract question" }).click();
  await page.getByText("No questions yet. Ask the first one.").waitFor();
  assert.equal((await ok(mod.get(`/api/v1/manage/events/${id}/live/questions?status=all`), "all")).items
    .some((q) => q.body === body && ["held", "published", "answered"].includes(q.status)), false,
    "the retracted question is still live for the moderator");
  await context.close();
});

test("an HLS stream plays in a video, with hls.js loaded for it alone", async () => {
  const id = await liveEvent("live-hls", "https://cdn.example/live/stream.m3u8");
  const url = await liveURL(await manageToken(id, "joan@example.gov.uk"));
  const playlist = [];
  await page.route("https://cdn.example/**", (route) => {
    playlist.push(route.request().url());
    route.fulfill({ contentType: "application/vnd.apple.mpegurl", body: "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n" });
  });
  await page.goto(url);
  const video = page.getByLabel(/: live stream$/);
  await video.waitFor();
  assert.equal(await video.evaluate((el) => el.tagName), "VIDEO");
  // hls.js (or the browser itself) asks for the playlist: the page's CSP lets it.
  for (let i = 0; playlist.length === 0; i++) {
    assert.ok(i < 40, "nobody fetched the playlist");
    await page.waitForTimeout(250);
  }
  assert.equal(playlist[0], "https://cdn.example/live/stream.m3u8");
  await check(page, "live-page-hls");
});

test("before the start the page counts down; a registrant on the waiting list learns why they cannot join", async () => {
  const startsAt = new Date(Date.now() + 3 * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await ok(api.post("/api/v1/manage/events", {
    slug: "later-today", title: "Later today", starts_at: startsAt, duration_minutes: 60, timezone: "Europe/London",
    capacity: 1, stream_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  }), "create");
  await ok(api.post(`/api/v1/manage/events/${created.id}/publish`), "publish");
  for (const [first, email] of [["Joan", "joan@example.gov.uk"], ["Alan", "alan@example.gov.uk"]]) {
    await ok(api.post("/api/v1/events/later-today/registrations", { first_name: first, last_name: "Turing", email, sector: "other" }), "register");
  }
  await page.goto(await liveURL(await manageToken(created.id, "joan@example.gov.uk")));
  await page.getByText(/^The stream opens in 2 hours \d+ min$/).waitFor();
  assert.equal(await page.locator("iframe").count(), 0, "the player before the stream opens");
  await page.getByRole("heading", { name: "Ask a question" }).waitFor();
  await check(page, "live-page-countdown");

  // By keyboard alone: ask anonymously, then switch the order with the arrow keys.
  await page.getByLabel("Your question").focus();
  await page.keyboard.type("Will the slides be shared afterwards?");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "anonymous-on");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  const send = page.getByRole("button", { name: "Send question" });
  assert.ok(await send.evaluate((el) => el === document.activeElement && getComputedStyle(el).outlineStyle === "solid"),
    "Send question has visible focus");
  await page.keyboard.press("Enter");
  const asked = page.getByRole("listitem").filter({ hasText: "Will the slides be shared afterwards?" });
  await asked.getByText("Anonymous", { exact: true }).waitFor();
  const newest = page.waitForRequest((r) => r.url().includes("/questions?order=newest"));
  await page.getByRole("radio", { name: "Most votes" }).focus();
  await page.keyboard.press("ArrowDown");
  await newest;
  assert.ok(await page.getByRole("radio", { name: "Newest" }).isChecked());

  const alan = await liveURL(await manageToken(created.id, "alan@example.gov.uk"));
  await page.goto(alan);
  await page.getByRole("heading", { name: "You cannot join this session yet" }).waitFor();
  assert.equal(await page.getByRole("heading", { name: "Ask a question" }).count(), 0);
  await check(page, "live-page-not-confirmed");
});
