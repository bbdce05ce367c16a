// The event area's Recording section, in Debian's Chromium, by keyboard
// where the other tests are: an ended event with a registrant; the real
// WebM fixture uploaded through tus with its progress bar, paused,
// resumed, then (after part of it reached the server and the page was
// reloaded) picked again and carried on from the server's offset to 100%;
// replacing the recording asked first; a file that is not a video refused
// beside its field; an upload cancelled and discarded on the server; its
// length entered (CI has no ffprobe);
// publishing without captions asked first and kept a draft; a bad WebVTT
// file's line told, then the captions saved; published after the question
// saying who is emailed, the follow-up queued, and the event's page playing
// it; the details form opened on saved data and saved unchanged; an embed
// code copied; removing asked first, kept, then done. axe-core checks every
// state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { check, launchBrowser, ok, root, signInAdmin, startServer } from "./harness.mjs";

const fixtures = path.join(root, "web/e2e/fixtures");
const video = path.join(fixtures, "sample.webm");
const videoBytes = readFileSync(video);
let server, browser, context, page, api, event, scratch;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseURL });
  page = await context.newPage();
  api = await signInAdmin(page, server.setupLink);
  scratch = mkdtempSync(path.join(process.env.TMPDIR ?? tmpdir(), "plenary-recording-"));
  // Registered while it was ahead, the event then moves a day back: it has
  // ended, and its follow-up waits for the recording (72 hours by default).
  const iso = (days) => new Date(Date.now() + days * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  event = await ok(api.post("/api/v1/manage/events", { slug: "recorded-panel", title: "Recorded panel", starts_at: iso(7),
    duration_minutes: 60, timezone: "Europe/London" }), "create the event");
  await ok(api.post(`/api/v1/manage/events/${event.id}/publish`), "publish the event");
  await ok(api.post("/api/v1/events/recorded-panel/registrations", { first_name: "Vera", last_name: "Viewer",
    email: "vera@example.org", sector: "local_government", organisation: "Leeds City Council" }), "register Vera");
  await ok(api.patch(`/api/v1/manage/events/${event.id}`, { starts_at: iso(-1) }), "move the event a day back");
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const recordingAPI = () => `/api/v1/manage/events/${event.id}/recording`;
const recordingNow = async () => {
  const r = await api.get(recordingAPI());
  return r.status === 404 ? null : r.body;
};
const section = () => page.locator("section", { has: page.getByRole("heading", { name: "Recording", exact: true, level: 2 }) });

async function openSection() {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/recording`);
  await page.getByRole("heading", { name: "Recording", exact: true, level: 2 }).waitFor();
  await page.locator("#recording-file").waitFor();
}

/** What has focus: the element's tag and its id or its text. */
const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName} ${el.id || el.textContent.trim()}` : "";
});

/** Presses Tab until focus is on what `want` names (as focused() says it), failing after 150 presses. */
async function tabTo(want) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press("Tab");
    if ((await focused()) === want) return;
  }
  assert.fail(`Tab never reached ${want}`);
}

// Focus moves a frame after what the test waits for shows: wait for it (failing with where it is after 5 s).
async function focusComesTo(expected, message) {
  for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(50)) {
    if ((await focused()) === expected) return;
  }
  assert.equal(await focused(), expected, message);
}

test("with no recording, the section says so", async () => {
  await openSection();
  await section().getByText("This event has no recording yet.", { exact: false }).waitFor();
  await check(page, "recording-none");
});

test("the file goes up through tus: paused, resumed, then carried on from the server's offset after a reload", async () => {
  // The PATCHes of the UI's first attempt are held, never sent on, so that it can be paused mid-upload.
  let hold = true;
  const held = [];
  const uploads = /\/recording\/uploads\/[^/]+$/;
  await page.route(uploads, async (route) => {
    if (route.request().method() === "PATCH" && hold) { held.push(route); return; }
    await route.continue();
  });
  try {
    await uploadPausedAndResumed(held, () => { hold = false; });
  } finally {
    await page.unroute(uploads);
  }
});

/** The upload story, while the route given holds the PATCHes until release() is called. */
async function uploadPausedAndResumed(held, release) {
  await openSection();
  const created = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/recording/uploads"));
  await page.setInputFiles("#recording-file", video);
  await page.locator("#recording-file").focus();
  await tabTo("BUTTON Upload");
  await page.keyboard.press("Enter");
  const creation = await created;
  assert.equal(creation.status(), 201);
  assert.ok((await creation.request().allHeaders())["x-csrf-token"], "the creation carries the CSRF token");
  const uploadPath = new URL(creation.headers().location, server.baseURL).pathname;
  const progress = section().locator("progress");
  await section().getByText("Uploading “sample.webm”").waitFor();
  for (const until = Date.now() + 10_000; held.length < 1 && Date.now() < until;) await page.waitForTimeout(50);
  assert.equal(held.length, 1, "the first PATCH was sent");
  assert.equal(await progress.getAttribute("max"), "100");
  assert.equal(await page.getByLabel("Uploading “sample.webm”").evaluate((el) => el.tagName), "PROGRESS", "the bar is labelled");

  // Pause, resume (a HEAD, then the PATCH again), pause again: by keyboard, focus staying on the one button.
  await focusComesTo("BUTTON Pause", "focus moves to Pause as the upload starts");
  await page.keyboard.press("Enter");
  await section().getByText("— paused", { exact: false }).waitFor();
  await focusComesTo("BUTTON Resume", "focus stays on the button");
  await page.keyboard.press("Enter");
  for (const until = Date.now() + 10_000; held.length < 2 && Date.now() < until;) await page.waitForTimeout(50);
  assert.equal(held.length, 2, "resuming sent the PATCH again");
  await focusComesTo("BUTTON Pause");
  await page.keyboard.press("Enter");
  await section().getByText("— paused", { exact: false }).waitFor();
  await check(page, "recording-paused");

  // Part of the file reaches the server (as if the connection dropped mid-way), and the page is reloaded.
  const part = 40_000;
  const patched = await api.raw("PATCH", uploadPath, videoBytes.subarray(0, part),
    { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" });
  assert.equal(patched.status, 204, JSON.stringify(patched.body));
  release();
  await openSection();
  const unfinished = section().locator(".recording-upload__unfinished");
  await unfinished.getByText("The upload of “sample.webm” was not finished: the server has 41% of it (40 KB of 95.3 KB).", { exact: false }).waitFor();
  await check(page, "recording-unfinished");

  // The same file picked again carries on from the server's offset, to 100%.
  const resumed = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(uploadPath));
  const announced = [];
  await page.exposeFunction("__announced", (text) => announced.push(text));
  await page.evaluate(() => {
    const live = document.querySelector(".recording-upload > p.visually-hidden[role=status]");
    new MutationObserver(() => window.__announced(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
  });
  await page.setInputFiles("#recording-file", video);
  await page.locator("#recording-file").focus();
  await tabTo("BUTTON Upload");
  await page.keyboard.press("Enter");
  assert.equal((await resumed).headers()["upload-offset"], String(part), "the upload resumed from the server's offset");
  await section().getByText("“sample.webm” is uploaded and is now the recording, as a draft.").waitFor();
  await focusComesTo("P “sample.webm” is uploaded and is now the recording, as a draft.", "focus on the outcome");
  const said = announced.filter(Boolean);
  assert.equal(said[0], "Uploaded 40%.", `announced from the offset: ${said}`);
  assert.equal(said.at(-1), "Uploaded 100%.", `announced up to 100%: ${said}`);
  assert.ok(said.every((t) => /^Uploaded (100|\d0)%\.$/.test(t)), `announced at tenths only: ${said}`);
  assert.equal(await unfinished.count(), 0, "nothing is left unfinished");
  const rec = await recordingNow();
  assert.equal(rec.kind, "upload");
  assert.equal(rec.size_bytes, videoBytes.length);
  assert.equal(rec.content_type, "video/webm");
  assert.equal(rec.status, "draft");
  await section().getByText("An uploaded WebM file (95.3 KB)").waitFor();
  await check(page, "recording-uploaded");
}

test("a file that is not a video is refused, and the server's reason is shown by the field", async () => {
  const notVideo = path.join(scratch, "notes.webm");
  writeFileSync(notVideo, "These are my notes, not a video at all.\n".repeat(20));
  await openSection();
  await page.setInputFiles("#recording-file", notVideo);
  await page.locator("#recording-file").focus();
  await tabTo("BUTTON Upload");
  await page.keyboard.press("Enter");
  // There is a recording: uploading asks first, and keeping it uploads nothing.
  const dialog = page.getByRole("dialog", { name: "Replace the recording?" });
  await dialog.getByText("Once “notes.webm” is in, it replaces the current file, which is deleted. The recording stays a draft.", { exact: false }).waitFor();
  await focusComesTo("BUTTON Keep the current recording", "focus starts on the safe choice");
  await check(page, "recording-replace");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await focusComesTo("BUTTON Upload", "focus back on Upload");
  await page.keyboard.press("Enter");
  await focusComesTo("BUTTON Keep the current recording");
  await page.keyboard.press("Tab");
  await focusComesTo("BUTTON Yes, upload and replace it");
  await page.keyboard.press("Enter");
  const alert = section().locator("#recording-file-error");
  await alert.getByText("This file is not an MP4 or WebM video, so it was not kept.").waitFor();
  assert.equal(await alert.getAttribute("role"), "alert");
  await focusComesTo("INPUT recording-file", "focus back on the file field");
  assert.equal((await recordingNow()).size_bytes, videoBytes.length, "the recording is still the video");
  await check(page, "recording-not-a-video");
});

test("cancelling an upload tells the server to discard it (tus termination)", async () => {
  const uploads = /\/recording\/uploads\/[^/]+$/;
  let held = 0;
  await page.route(uploads, async (route) => {
    if (route.request().method() === "PATCH") { held++; return; } // never sent on: the upload stays under way
    await route.continue();
  });
  try {
    await openSection();
    const created = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/recording/uploads"));
    await page.setInputFiles("#recording-file", video);
    await section().getByRole("button", { name: "Upload", exact: true }).click();
    await page.getByRole("dialog", { name: "Replace the recording?" }).getByRole("button", { name: "Yes, upload and replace it" }).click();
    const uploadPath = new URL((await created).headers().location, server.baseURL).pathname;
    for (const until = Date.now() + 10_000; held < 1 && Date.now() < until;) await page.waitForTimeout(50);
    await tabTo("BUTTON Cancel upload");
    await page.keyboard.press("Enter");
    const asked = page.getByRole("dialog", { name: "Cancel the upload?" });
    await asked.getByText("uploading the file again starts from the beginning", { exact: false }).waitFor();
    // No axe check here: it waits for the network to settle, and the held PATCH never does (the dialog is checked elsewhere).
    await page.keyboard.press("Enter"); // on "Keep uploading", where focus starts
    await asked.waitFor({ state: "detached" });
    assert.equal((await api.raw("HEAD", uploadPath, undefined, { "Tus-Resumable": "1.0.0" })).status, 200, "kept: the upload is still there");
    await focusComesTo("BUTTON Cancel upload", "focus back on the button that asked");
    await page.keyboard.press("Enter");
    await asked.getByRole("button", { name: "Yes, cancel it" }).waitFor();
    await page.keyboard.press("Tab");
    const terminated = page.waitForResponse((r) => r.request().method() === "DELETE" && r.url().endsWith(uploadPath));
    await page.keyboard.press("Enter");
    assert.equal((await terminated).status(), 204);
    await section().getByText("Upload cancelled: the server has discarded the part it had.").waitFor({ state: "attached" });
    await focusComesTo("INPUT recording-file", "focus back on the file field");
    const head = await api.raw("HEAD", uploadPath, undefined, { "Tus-Resumable": "1.0.0" });
    assert.equal(head.status, 404, "the upload is gone");
    assert.equal((await recordingNow()).size_bytes, videoBytes.length, "the recording is still the one uploaded before");
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("plenary.upload.")).length), 0, "nothing left to resume");
  } finally {
    await page.unroute(uploads);
  }
});

test("the length is entered when the server could not read it; publishing without captions asks first", async () => {
  await openSection();
  if ((await recordingNow()).duration_seconds === null) {
    await section().getByText("Not known: the server could not read it from the file.", { exact: false }).waitFor();
    assert.equal(await section().getByRole("button", { name: "Publish the recording" }).isDisabled(), true, "no publishing without a length");
    await tabTo("INPUT duration_seconds");
    await page.keyboard.type("0:36");
    await tabTo("BUTTON Save recording details");
    await page.keyboard.press("Enter");
    await section().getByText("Recording details saved.").waitFor();
    assert.equal((await recordingNow()).duration_seconds, 36);
  }
  await section().getByText("0:36", { exact: true }).waitFor();

  await tabTo("BUTTON Publish the recording");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Publish the recording without captions?" });
  await dialog.getByText("WCAG 2.2 success criterion 1.2.2", { exact: false }).waitFor();
  await dialog.getByText("Registrants who attended or missed the event will be emailed the replay link.").waitFor();
  await focusComesTo("BUTTON Keep it a draft", "focus starts on the safe choice");
  await check(page, "recording-publish-without-captions");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await focusComesTo("BUTTON Publish the recording", "focus back on the button");
  assert.equal((await recordingNow()).status, "draft", "kept a draft");
});

test("captions: a bad file's line is told, then the good file is saved", async () => {
  const bad = path.join(scratch, "bad.vtt");
  writeFileSync(bad, "WEBVTT\n\n00:00.000 --> 00:04.000\nFine.\n\n00:09.000 --> 00:05.000\nBackwards.\n");
  await openSection();
  await page.setInputFiles("#captions-file", bad);
  await page.locator("#captions-file").focus();
  await tabTo("BUTTON Upload captions");
  await page.keyboard.press("Enter");
  const alert = section().locator("#captions-file-error");
  await alert.getByText("“bad.vtt” was not saved", { exact: false }).waitFor();
  const lines = await alert.locator("li").allTextContents();
  assert.ok(lines.length >= 1 && lines.every((l) => /^Line \d+: /.test(l)), JSON.stringify(lines));
  assert.ok(lines.some((l) => l.startsWith("Line 6: ")), `the backwards cue's line: ${JSON.stringify(lines)}`);
  await focusComesTo("INPUT captions-file");
  assert.equal((await recordingNow()).has_captions, false);
  await check(page, "recording-captions-error");

  await page.setInputFiles("#captions-file", path.join(fixtures, "sample.vtt"));
  await tabTo("BUTTON Upload captions");
  await page.keyboard.press("Enter");
  await section().getByText("Captions saved from “sample.vtt”: 6 cues.").waitFor();
  await section().getByRole("link", { name: "Download the captions (WebVTT)" }).waitFor();
  assert.equal((await recordingNow()).has_captions, true);
  const vtt = await api.get(await section().getByRole("link", { name: "Download the captions (WebVTT)" }).getAttribute("href"));
  assert.equal(vtt.body, readFileSync(path.join(fixtures, "sample.vtt"), "utf8"));
  await check(page, "recording-captions");
});

test("published after the question, the event's page plays it", async () => {
  await openSection();
  await tabTo("BUTTON Publish the recording");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Publish the recording?" });
  await dialog.getByText("Registrants who attended or missed the event will be emailed the replay link.").waitFor();
  assert.equal(await dialog.getByText("WCAG").count(), 0, "no captions warning when there are captions");
  await page.keyboard.press("Tab");
  await focusComesTo("BUTTON Yes, publish it");
  await page.keyboard.press("Enter");
  await section().getByText("The recording is published.", { exact: true }).waitFor();
  await focusComesTo("P The recording is published.", "focus on the outcome");
  assert.equal((await recordingNow()).status, "published");
  await section().getByRole("link", { name: "See the replay on the event's page" }).waitFor();
  await check(page, "recording-published");

  // What the question said comes true: Vera's follow-up is queued with the replay.
  let followUps = [];
  for (const until = Date.now() + 15_000; followUps.length === 0 && Date.now() < until; await page.waitForTimeout(200)) {
    const attended = await ok(api.get(`/api/v1/manage/events/${event.id}/messages?kind=follow_up_attended`), "attended");
    const missed = await ok(api.get(`/api/v1/manage/events/${event.id}/messages?kind=follow_up_missed`), "missed");
    followUps = [...attended.items, ...missed.items];
  }
  assert.deepEqual(followUps.map((m) => m.to), ["vera@example.org"]);

  await section().getByRole("link", { name: "See the replay on the event's page" }).click();
  await page.waitForURL(`${server.baseURL}/events/recorded-panel`);
  await page.waitForFunction(() => document.querySelector("section.replay video")?.readyState >= 1, undefined, { timeout: 30_000 });
});

test("the details form round-trips, and an embed code is copied", async () => {
  await ok(api.put(recordingAPI(), { kind: "upload", duration_seconds: 36, embed_origins: ["https://partner.example.org", "https://www.example.gov.uk"] }), "embed origins");
  const before = await recordingNow();
  await openSection();
  assert.equal(await page.getByLabel("The uploaded file").isChecked(), true);
  assert.equal(await page.getByLabel("Video address", { exact: true }).inputValue(), "");
  assert.equal(await page.getByLabel("Length", { exact: true }).inputValue(), "0:36");
  assert.equal(await page.getByLabel("Sites that may embed the recording").inputValue(), "https://partner.example.org\nhttps://www.example.gov.uk");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/recording"));
  await tabTo("BUTTON Save recording details");
  await page.keyboard.press("Enter");
  assert.ok((await saved).ok());
  await section().getByText("Recording details saved.").waitFor();
  assert.deepEqual(await recordingNow(), before, "saved unchanged, nothing changed");

  const embeds = section().locator("section.recording-embeds");
  await embeds.getByLabel("The whole recording").waitFor();
  await tabTo("BUTTON Copy code for the whole recording");
  await page.keyboard.press("Enter");
  await embeds.getByText("Code copied.").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, new RegExp(`^<iframe src="${server.baseURL}/embed/recorded-panel" title="Recorded panel"`));
  await check(page, "recording-embeds");
});

test("removing asks first: kept, then removed", async () => {
  await openSection();
  await tabTo("BUTTON Remove the recording");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Remove the recording?" });
  await dialog.getByText("This erases the uploaded file and its captions and transcript.", { exact: false }).waitFor();
  await focusComesTo("BUTTON Keep the recording", "focus starts on the safe choice");
  await check(page, "recording-remove");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  assert.notEqual(await recordingNow(), null, "kept");

  await focusComesTo("BUTTON Remove the recording");
  await page.keyboard.press("Enter");
  await focusComesTo("BUTTON Keep the recording");
  await dialog.getByText("This erases the uploaded file", { exact: false }).waitFor(); // confirming waits for the count
  await page.keyboard.press("Tab");
  await focusComesTo("BUTTON Yes, remove it");
  await page.keyboard.press("Enter");
  await section().getByText("The recording is removed.", { exact: true }).waitFor();
  await focusComesTo("P The recording is removed.", "focus on the outcome");
  assert.equal(await recordingNow(), null);
  await section().getByText("This event has no recording yet.", { exact: false }).waitFor();
  await check(page, "recording-removed");
});
