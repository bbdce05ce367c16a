// The event area's Segments and Write-up sections, in Debian's Chromium,
// by keyboard: an ended event with an agenda and a YouTube recording made
// through the API; segments made from the agenda, one edited until it
// breaks a chapter rule and then put right, one removed after the
// question, one added; the write-up saved with a shortcode of a segment
// that does not exist, told to the organiser, put right, and shown on the
// public page; both forms opened on saved data and saved unchanged
// without changing anything. axe-core checks every state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, ok, signInAdmin, startServer } from "./harness.mjs";

let server, browser, context, page, api, event;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseURL });
  page = await context.newPage();
  api = await signInAdmin(page, server.setupLink);
  const hopper = await ok(api.post("/api/v1/manage/people", { name: "Grace Hopper", job_title: "Head of Digital", organisation: "Compiler Borough" }), "person");
  const clarke = await ok(api.post("/api/v1/manage/people", { name: "Joan Clarke", job_title: "Analyst", organisation: "Hut 8" }), "person");
  event = await ok(api.post("/api/v1/manage/events", {
    slug: "cut-into-segments", title: "Cut into segments", summary: "", description: "", starts_at: "2025-06-05T09:00:00Z",
    duration_minutes: 60, timezone: "Europe/London", topics: [],
  }), "event");
  const base = `/api/v1/manage/events/${event.id}`;
  await ok(api.put(`${base}/speakers`, { speakers: [{ person_id: hopper.id, role: "chair" }, { person_id: clarke.id, role: "panellist" }] }), "speakers");
  for (const [title, start, length, speakers] of [["Welcome", 0, 10, [hopper.id]], ["The panel", 10, 30, [hopper.id, clarke.id]],
    ["Questions", 40, 15, [clarke.id]], ["Close", 55, 5, []]]) {
    await ok(api.post(`${base}/agenda`, { title, start_offset_minutes: start, duration_minutes: length, description: "", speaker_ids: speakers }), `agenda ${title}`);
  }
  await ok(api.post(`${base}/publish`), "publish");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const base = () => `/api/v1/manage/events/${event.id}`;
const segmentsNow = async () => ok(api.get(`${base()}/recording/segments`), "segments");
const section = (heading) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true, level: 2 }) });

/** Opens a section of the event's area by its address and waits for its heading. */
async function openSection(path, heading) {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/${path}`);
  await page.getByRole("heading", { name: heading, exact: true, level: 2 }).waitFor();
}

/** What has focus: the element's tag and its id or its text. */
const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName} ${el.id || el.textContent.trim()}` : "";
});

/** Presses Tab until focus is on what `want` names (as focused() says it), failing after 120 presses. */
async function tabTo(want) {
  for (let i = 0; i < 120; i++) {
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

/** Replaces the text of the focused field by keyboard. */
async function retype(text) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/** The value without the fields a save may touch without changing anything. */
const withoutUpdatedAt = ({ updated_at: _, ...rest }) => rest;

test("segments by keyboard: made from the agenda, a chapter rule broken and put right, one removed, one added", async () => {
  // No recording yet: the section says so.
  await openSection("segments", "Segments");
  await section("Segments").getByText("This event has no recording yet, so it has no segments.").waitFor();
  await check(page, "segments-no-recording");

  await ok(api.put(`${base()}/recording`, { kind: "youtube", external_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", duration_seconds: 3600 }), "recording");
  await openSection("segments", "Segments");
  const segments = section("Segments");
  await segments.getByText("The recording lasts 1:00:00. It is a draft", { exact: false }).waitFor();
  await segments.getByText("No segments yet.").waitFor();
  await check(page, "segments-empty");

  await tabTo("BUTTON Make segments from the agenda");
  await page.keyboard.press("Enter");
  await segments.getByText("Made 4 segments from the agenda.").waitFor();
  const rows = segments.locator(".list-editor__item");
  assert.deepEqual(await rows.locator(".segment-row__title").allTextContents(), ["1. Welcome", "2. The panel", "3. Questions", "4. Close"]);
  assert.deepEqual(await rows.locator(".segment-row__meta").allTextContents(),
    ["0:00–10:00 · Grace Hopper", "10:00–40:00 · Grace Hopper, Joan Clarke", "40:00–55:00 · Joan Clarke", "55:00–1:00:00"]);
  await segments.getByText("The segments keep the rules players follow for chapters.").waitFor();
  assert.equal(await segments.locator(".segment-timeline__block").count(), 4);
  await check(page, "segments-from-agenda");

  // Welcome cut to 5 seconds by keyboard: the chapter rule it breaks appears.
  await tabTo("BUTTON Edit Welcome");
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "Edit “Welcome”" });
  const welcomeID = (await segmentsNow()).items[0].id;
  await focusComesTo(`INPUT segment-${welcomeID}-title`, "focus on the form's first field");
  await tabTo(`INPUT segment-${welcomeID}-end_ms`);
  await retype("0:05");
  await page.keyboard.press("Enter");
  const problem = "“Welcome” lasts 5.0 s; each chapter must last at least 10 seconds.";
  await segments.getByRole("region", { name: "The chapters track will not work in players until these are put right" }).getByText(problem).waitFor();
  await focusComesTo("BUTTON Edit Welcome", "focus back on Edit");
  await segments.getByText("No segment covers 0:05–10:00.", { exact: false }).waitFor();
  assert.deepEqual((await segmentsNow()).chapter_problems, [problem]);
  await check(page, "segments-chapter-problem");

  // Put right with the end's +10 s button, twice: 0:25.
  await page.keyboard.press("Enter");
  await form.waitFor();
  await tabTo("BUTTON +10 s");
  await tabTo("BUTTON +10 s"); // the end's, after the start's
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  assert.equal(await form.getByLabel("End", { exact: true }).inputValue(), "0:25");
  await check(page, "segments-edit-form");
  await tabTo("BUTTON Save segment");
  await page.keyboard.press("Enter");
  await segments.getByText("The segments keep the rules players follow for chapters.").waitFor();
  assert.deepEqual((await segmentsNow()).chapter_problems, []);
  assert.equal((await segmentsNow()).items[0].end_ms, 25_000);
  await focusComesTo("BUTTON Edit Welcome", "focus back on Edit");

  // The share link is copied.
  await tabTo("BUTTON Copy link to “The panel”");
  await page.keyboard.press("Enter");
  await segments.getByText("Link copied.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.baseURL}/events/cut-into-segments/replay/the-panel`);

  // Removing asks first; keeping keeps it.
  const dialog = page.getByRole("dialog", { name: "Remove the segment “Close”?" });
  await tabTo("BUTTON Remove Close");
  await page.keyboard.press("Enter");
  await dialog.getByText("/events/cut-into-segments/replay/close, stops working", { exact: false }).waitFor();
  await focusComesTo("BUTTON Keep the segment", "focus starts on the safe choice");
  await check(page, "segments-remove");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  assert.equal((await segmentsNow()).items.length, 4, "kept");
  await page.keyboard.press("Enter");
  await focusComesTo("BUTTON Keep the segment");
  await page.keyboard.press("Tab");
  await focusComesTo("BUTTON Yes, remove it");
  await page.keyboard.press("Enter");
  await segments.getByText("Close removed.").waitFor();
  const left = await segmentsNow();
  assert.deepEqual(left.items.map((s) => s.slug), ["welcome", "the-panel", "questions"]);
  assert.deepEqual(left.chapter_problems, []);
  await check(page, "segments-removed");

  // A segment added below the list: its slug follows its title, it starts where the segments end.
  const add = segments.locator("form", { has: page.getByRole("heading", { name: "Add a segment" }) });
  await tabTo("INPUT segment_title");
  await page.keyboard.type("Closing words");
  assert.equal(await add.getByLabel("Slug").inputValue(), "closing-words");
  assert.equal(await add.getByLabel("Start", { exact: true }).inputValue(), "55:00");
  assert.equal(await add.getByLabel("End", { exact: true }).inputValue(), "1:00:00");
  await tabTo("BUTTON Add segment");
  await page.keyboard.press("Enter");
  await add.getByRole("status").filter({ hasText: "Added “Closing words”." }).waitFor();
  assert.deepEqual((await segmentsNow()).items.map((s) => [s.slug, s.start_ms, s.end_ms]),
    [["welcome", 0, 25_000], ["the-panel", 600_000, 2_400_000], ["questions", 2_400_000, 3_300_000], ["closing-words", 3_300_000, 3_600_000]]);
  assert.equal(await add.getByLabel("Title").inputValue(), "", "the form is empty again");
});

test("segments from the agenda replace those there are only after the question", async () => {
  await openSection("segments", "Segments");
  const segments = section("Segments");
  await segments.getByRole("button", { name: "Make segments from the agenda" }).click();
  const dialog = page.getByRole("dialog", { name: "Replace the 4 segments with the agenda's?" });
  await dialog.getByText("one segment is made for each of the agenda's 4 items", { exact: false }).waitFor();
  await dialog.getByRole("button", { name: "Keep the segments" }).click();
  assert.equal((await segmentsNow()).items.length, 4);
});

test("a segment's form round-trips: opened on saved data, saved unchanged, nothing changes", async () => {
  const [, panel] = (await segmentsNow()).items;
  await ok(api.patch(`${base()}/recording/segments/${panel.id}`, { description: "Four views on prevention.", slug: "panel-debate", start_ms: 25_500 }), "edit panel");
  const before = await segmentsNow();
  await openSection("segments", "Segments");
  const segments = section("Segments");
  await segments.getByRole("button", { name: "Edit The panel" }).click();
  const form = page.getByRole("form", { name: "Edit “The panel”" });
  for (const [label, want] of [["Title", "The panel"], ["Slug", "panel-debate"], ["Start", "0:25.5"], ["End", "40:00"], ["Description", "Four views on prevention."]]) {
    assert.equal(await form.getByLabel(label, { exact: true }).inputValue(), want, `${label} shows the saved value`);
  }
  assert.equal(await form.getByLabel("Grace Hopper").isChecked(), true);
  assert.equal(await form.getByLabel("Joan Clarke").isChecked(), true);
  const saved = page.waitForResponse((r) => r.request().method() === "PATCH");
  await form.getByRole("button", { name: "Save segment" }).click();
  assert.ok((await saved).ok());
  await segments.getByRole("button", { name: "Edit The panel" }).waitFor();
  assert.deepEqual(await segmentsNow(), before);
});

test("the write-up: an unknown segment is told, put right, and the public page shows it", async () => {
  await ok(api.post(`${base()}/recording/publish`, { without_captions: true }), "publish the recording");
  await openSection("writeup", "Write-up");
  const writeup = section("Write-up");
  const help = writeup.getByRole("group", { name: "Segments to show" });
  await help.getByText("{{segment panel-debate}}").waitFor();
  await check(page, "writeup-empty");

  await tabTo("INPUT author");
  await page.keyboard.type("Ada Admin");
  await page.keyboard.press("Tab");
  await focusComesTo("INPUT published_on");
  await page.locator("#published_on").fill("2025-06-20"); // a date field's keys differ by locale
  await tabTo("TEXTAREA body_md");
  await page.keyboard.type("## What was said\n\nThe panel agreed on **prevention**.\n\n{{segment panel-debate}}\n\n{{segment opening}}\n");
  await tabTo("BUTTON Save write-up");
  await page.keyboard.press("Enter");
  const problems = writeup.getByRole("region", { name: "Lines that show nothing to the public" });
  await problems.getByText("The recording has no segment \"opening\", so this line shows nothing.", { exact: false }).waitFor();
  await focusComesTo("DIV writeup-problems", "focus on the problems");
  await writeup.getByText("Write-up saved. 1 line shows nothing to the public: see below.").waitFor();
  await writeup.getByRole("region", { name: "Preview" }).getByRole("link", { name: "The panel" }).waitFor();
  await check(page, "writeup-problem");

  // The problem's link selects its line; typing replaces it.
  await tabTo("A Line 7");
  await page.keyboard.press("Enter");
  await focusComesTo("TEXTAREA body_md");
  assert.equal(await page.evaluate(() => { const t = document.activeElement; return t.value.slice(t.selectionStart, t.selectionEnd); }), "{{segment opening}}");
  await page.keyboard.type("{{segment welcome}}");
  await tabTo("BUTTON Save write-up");
  await page.keyboard.press("Enter");
  await writeup.getByText("Write-up saved.", { exact: true }).waitFor();
  await problems.waitFor({ state: "detached" });
  const saved = await ok(api.get(`${base()}/writeup`), "write-up");
  assert.deepEqual(saved.problems, []);
  assert.equal(saved.body_md, "## What was said\n\nThe panel agreed on **prevention**.\n\n{{segment panel-debate}}\n\n{{segment welcome}}\n");
  assert.equal(saved.published_on, "2025-06-20");
  await check(page, "writeup-saved");

  await page.goto(`${server.baseURL}/events/cut-into-segments`);
  const replay = page.locator("section.replay");
  await replay.getByRole("heading", { name: "What was said" }).waitFor();
  await replay.getByText("By Ada Admin, 2025-06-20").waitFor();
  await replay.getByRole("button", { name: "Play “The panel” (0:25 – 40:00)" }).waitFor();
  await replay.getByRole("button", { name: "Play “Welcome” (0:00 – 0:25)" }).waitFor();
  await check(page, "segments-public-page");
});

test("the write-up form round-trips: opened on saved data, saved unchanged, nothing changes", async () => {
  const before = await ok(api.get(`${base()}/writeup`), "write-up");
  await openSection("writeup", "Write-up");
  const writeup = section("Write-up");
  assert.equal(await writeup.getByLabel("Author").inputValue(), "Ada Admin");
  assert.equal(await writeup.getByLabel("Published on").inputValue(), "2025-06-20");
  assert.equal(await writeup.getByLabel("Body (Markdown)").inputValue(), before.body_md);
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/writeup"));
  await writeup.getByRole("button", { name: "Save write-up" }).click();
  assert.ok((await saved).ok());
  await writeup.getByText("Write-up saved.", { exact: true }).waitFor();
  assert.deepEqual(withoutUpdatedAt(await ok(api.get(`${base()}/writeup`), "write-up")), withoutUpdatedAt(before));
});
