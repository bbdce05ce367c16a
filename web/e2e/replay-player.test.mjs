// A recording's replay in Chromium (issue 16, Done-when 2): a real WebM
// file uploaded through tus, its captions and three segments, published.
// A segment's share URL starts the video inside the segment and playback
// stops at its end; captions show; the transcript seeks the video when a
// line is clicked or chosen by keyboard, and its search marks the words
// found; the chapters track lists the segments. A registrant who comes
// through their own replay link has what they watch counted, and the
// address they land on names no one. axe-core checks the page and the
// segment's embed page at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { check, launchBrowser, ok, root, signInAdmin, startServer } from "./harness.mjs";

const fixtures = path.join(root, "web/e2e/fixtures");
const segments = [
  { title: "Introduction", start_ms: 0, end_ms: 12_000 },
  { title: "Early intervention", start_ms: 12_000, end_ms: 24_000 },
  { title: "Audience questions", start_ms: 24_000, end_ms: 36_000 },
];

let server, browser, page, api, event;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  // Registered while it was ahead, the event then moves a week back: it has ended.
  const iso = (days) => new Date(Date.now() + days * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  event = await ok(api.post("/api/v1/manage/events", { slug: "replay-player", title: "Replay player", starts_at: iso(7),
    duration_minutes: 60, timezone: "Europe/London" }), "create the event");
  await ok(api.post(`/api/v1/manage/events/${event.id}/publish`), "publish the event");
  await ok(api.post("/api/v1/events/replay-player/registrations", { first_name: "Vera", last_name: "Viewer",
    email: "vera@example.org", sector: "local_government", organisation: "Leeds City Council" }), "register Vera");
  await ok(api.patch(`/api/v1/manage/events/${event.id}`, { starts_at: iso(-7) }), "move the event a week back");

  // The file goes up through tus, as any tus client sends it: create, then one PATCH.
  const recording = `/api/v1/manage/events/${event.id}/recording`;
  const video = readFileSync(path.join(fixtures, "sample.webm"));
  const tus = { "Tus-Resumable": "1.0.0" };
  const created = await api.raw("POST", `${recording}/uploads`, undefined, { ...tus, "Upload-Length": String(video.length),
    "Upload-Metadata": `filename ${Buffer.from("sample.webm").toString("base64")}` });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const patched = await api.raw("PATCH", new URL(created.headers.location, server.baseURL).pathname, video,
    { ...tus, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" });
  assert.equal(patched.status, 204, JSON.stringify(patched.body));

  // Without ffprobe on the machine the organiser enters the duration.
  const rec = await ok(api.get(recording), "read the recording");
  if (rec.duration_seconds === null) {
    await ok(api.put(recording, { kind: "upload", duration_seconds: 36, embed_origins: [] }), "set the duration");
  }
  await ok(api.raw("PUT", `${recording}/captions`, readFileSync(path.join(fixtures, "sample.vtt"), "utf8"),
    { "Content-Type": "text/vtt" }), "upload the captions");
  for (const s of segments) await ok(api.post(`${recording}/segments`, s), `add ${s.title}`);
  await ok(api.post(`${recording}/publish`), "publish the recording");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The page's video element, as numbers and states the test can compare. */
const videoState = () => page.evaluate(() => {
  const v = document.querySelector("section.replay video");
  const captions = [...v.textTracks].find((t) => t.kind === "captions");
  return { time: v.currentTime, paused: v.paused, ready: v.readyState, captions: captions?.mode,
    cue: captions?.activeCues?.[0]?.text ?? null };
});

/** Waits until the video's state passes test, and returns it. */
async function waitForVideo(test, what) {
  await page.waitForFunction(() => document.querySelector("section.replay video")?.readyState >= 1);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await videoState();
    if (test(s)) return s;
    assert.ok(Date.now() < deadline, `${what}; the video is at ${JSON.stringify(s)}`);
    await page.waitForTimeout(100);
  }
}

test("a segment's share URL plays that segment and stops at its end, with captions", async () => {
  await page.goto(`${server.baseURL}/events/replay-player/replay/early-intervention`);
  await page.getByRole("heading", { name: "Replay: Early intervention" }).waitFor();
  await page.getByText("Segment 0:12 – 0:24").waitFor();
  const start = await waitForVideo((s) => s.time >= 12 && s.time < 24, "the video starts inside the segment");
  assert.equal(start.paused, true, "the page does not play before the viewer asks");

  // Playing faster only shortens the wait; stopping must still be at the segment's end.
  await page.evaluate(() => { const v = document.querySelector("section.replay video"); v.playbackRate = 4; return v.play(); });
  const playing = await waitForVideo((s) => !s.paused && s.cue !== null, "captions show while it plays");
  assert.equal(playing.captions, "showing");
  assert.match(playing.cue, /early intervention|share data/);
  const stopped = await waitForVideo((s) => s.paused && s.time >= 23, "playback stops at the segment's end");
  assert.ok(Math.abs(stopped.time - 24) < 0.3, `stopped at ${stopped.time}, want 24`);

  // The chapters track the player offers is made from the segments.
  const chapters = await page.evaluate(async () => {
    const t = [...document.querySelector("section.replay video").textTracks].find((x) => x.kind === "chapters");
    t.mode = "hidden";
    for (let i = 0; i < 100 && !(t.cues?.length > 0); i++) await new Promise((r) => setTimeout(r, 50));
    return [...(t.cues ?? [])].map((c) => [c.startTime, c.endTime, c.text]);
  });
  assert.deepEqual(chapters, segments.map((s) => [s.start_ms / 1000, s.end_ms / 1000, s.title]));
  await check(page, "replay-segment");
});

test("the transcript seeks the video, by mouse and by keyboard, and its search marks what it found", async () => {
  await page.goto(`${server.baseURL}/events/replay-player`);
  const transcript = page.locator("section.replay__transcript");
  await transcript.getByRole("heading", { name: "Transcript" }).waitFor();
  assert.equal(await transcript.locator(".replay__lines li").count(), 6);

  await transcript.getByRole("button", { name: /Councils share data/ }).click();
  await waitForVideo((s) => s.time >= 18 && s.time < 24, "a click on a line seeks to it");
  await page.evaluate(() => document.querySelector("section.replay video").pause());

  // By keyboard: Tab from the search button to the lines, Enter on one.
  await transcript.getByRole("button", { name: "Search" }).focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.match(await page.evaluate(() => document.activeElement.textContent), /This first part is the introduction/);
  await page.keyboard.press("Enter");
  await waitForVideo((s) => s.time >= 4 && s.time < 12, "Enter on a line seeks to it");
  await page.evaluate(() => document.querySelector("section.replay video").pause());

  await transcript.getByLabel("Search the transcript").fill("panel");
  await page.keyboard.press("Enter");
  await transcript.getByText("1 line matches.").waitFor();
  assert.deepEqual(await transcript.locator("mark").allInnerTexts(), ["panel"]);
  await transcript.getByRole("button", { name: /Now the panel talks/ }).click();
  await waitForVideo((s) => s.time >= 12 && s.time < 18, "a line found seeks to it");
  await page.evaluate(() => document.querySelector("section.replay video").pause());
  await check(page, "replay-transcript");
});

test("a segment's embed page plays just that segment, with captions and chapters", async () => {
  const res = await page.goto(`${server.baseURL}/embed/replay-player/audience-questions`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()["content-security-policy"], /frame-ancestors 'none'/, "no origin may frame it until the organiser allows one");
  const tracks = await page.evaluate(() => [...document.querySelectorAll("video track")].map((t) => t.kind).sort());
  assert.deepEqual(tracks, ["captions", "chapters"]);
  const src = await page.evaluate(() => document.querySelector("video source, video").getAttribute("src"));
  assert.match(src, /#t=24(\.0+)?,36/, `the segment's media fragment in ${src}`);
  await check(page, "replay-embed");
});

/** The manage link in the registrant's confirmation, as the organiser's outbox shows it. */
async function manageLinkOf(address) {
  const list = await ok(api.get(`/api/v1/manage/events/${event.id}/messages?kind=confirmation`), "the confirmations");
  const summary = list.items.find((m) => m.to === address);
  assert.ok(summary, `a confirmation to ${address}`);
  const message = await ok(api.get(`/api/v1/manage/events/${event.id}/messages/${summary.id}`), "the confirmation");
  const link = message.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_.-]+/)?.[0];
  assert.ok(link, `a manage link in ${message.text}`);
  return link.replace(/^https?:\/\/[^/]+/, server.baseURL);
}

test("what a registrant watches through their own replay link counts for them", async () => {
  const viewer = await (await browser.newContext()).newPage(); // Vera's browser: not signed in
  const reports = [];
  // Kept for the failure message. A report sent as the page closes finishes after it, when its body can no longer be read.
  viewer.on("requestfinished", async (r) => {
    if (!r.url().includes("/progress")) return;
    const res = await r.response().catch(() => null);
    reports.push(`${r.postData()} → ${res?.status()} ${await res?.text().catch(() => "(body gone)")}`);
  });
  await viewer.goto(`${await manageLinkOf("vera@example.org")}/replay`);
  await viewer.waitForURL(`${server.baseURL}/events/replay-player`);
  await viewer.getByText("You came through your own replay link").waitFor();
  await check(viewer, "replay-own-link");

  // Play the second segment at four times the speed, from its share link in the list, until it stops at its end.
  await viewer.getByRole("link", { name: "Early intervention" }).click();
  await viewer.waitForURL(/\/replay\/early-intervention$/);
  await viewer.waitForFunction(() => document.querySelector("section.replay video")?.currentTime >= 12);
  await viewer.evaluate(() => { const v = document.querySelector("section.replay video"); v.playbackRate = 4; return v.play(); });
  await viewer.waitForFunction(() => { const v = document.querySelector("section.replay video"); return v.paused && v.currentTime >= 23; },
    undefined, { timeout: 30_000 });

  // The page reported the stretch when playback stopped; the organiser sees it.
  let viewers;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    viewers = await ok(api.get(`/api/v1/manage/events/${event.id}/recording/viewers`), "the viewers");
    if (viewers.items[0]?.watched_ms >= 10_000) break;
    await viewer.waitForTimeout(100);
  }
  assert.equal(viewers.items.length, 1, JSON.stringify(viewers));
  const [vera] = viewers.items;
  assert.equal(vera.email, "vera@example.org");
  assert.equal(vera.plays, 1);
  assert.ok(vera.watched_ms >= 10_000 && vera.watched_ms <= 12_500, `watched ${vera.watched_ms} ms of a 12 s segment; reports:\n${reports.join("\n")}`);
  const seen = Object.fromEntries(vera.segments.map((s) => [s.slug, s.watched_ms]));
  assert.ok(seen["early-intervention"] >= 10_000, JSON.stringify(seen));
  assert.ok(!seen["audience-questions"], `nothing counted past the segment's end: ${JSON.stringify(seen)}`);
  await viewer.close();
});
