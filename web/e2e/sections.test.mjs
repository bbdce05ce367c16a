// The organiser's event area in sections, in Debian's Chromium: every
// section at its own address and through the side navigation (axe-clean
// at 1280 and 375 px), the design kit's list editor by keyboard, speakers
// and agenda items edited in place and read back through the API, the
// address suggested from the title, and the next agenda item's start.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, ok, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api, event, hopper, clarke;

const sections = [
  ["", "Overview"], ["details", "Details"], ["people", "People"], ["agenda", "Agenda"],
  ["registration", "Registration"], ["payments", "Payments"], ["registrants", "Registrants"], ["attendance", "Attendance"], ["live", "Live"],
  ["recording", "Recording"], ["segments", "Segments"], ["writeup", "Write-up"], ["messages", "Messages"],
  ["comments", "Comments"],
];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  hopper = await ok(api.post("/api/v1/manage/people", { name: "Grace Hopper", job_title: "Head of Digital", organisation: "Compiler Borough" }), "person");
  clarke = await ok(api.post("/api/v1/manage/people", { name: "Joan Clarke", job_title: "Analyst", organisation: "Hut 8" }), "person");
  const org = await ok(api.post("/api/v1/manage/organisations", { name: "Iron Filings Ltd" }), "organisation");
  event = await ok(api.post("/api/v1/manage/events", {
    slug: "sections-test", title: "Sections test", summary: "", description: "", starts_at: "2031-06-05T09:00:00Z",
    duration_minutes: 90, timezone: "Europe/London", capacity: 50, topics: [],
  }), "event");
  const base = `/api/v1/manage/events/${event.id}`;
  await ok(api.put(`${base}/speakers`, { speakers: [{ person_id: hopper.id, role: "chair" }, { person_id: clarke.id, role: "panellist" }] }), "speakers");
  await ok(api.put(`${base}/partners`, { partners: [{ organisation_id: org.id, kind: "sponsor", note: "" }] }), "partners");
  await ok(api.post(`${base}/agenda`, { title: "Welcome", start_offset_minutes: 5, duration_minutes: 15, description: "", speaker_ids: [hopper.id] }), "agenda");
  await ok(api.put(`${base}/questions`, { questions: [{ kind: "short_text", label: "Your team?", required: false, options: [] }] }), "questions");
  await ok(api.post(`${base}/publish`), "publish");
  await ok(api.post("/api/v1/events/sections-test/registrations", {
    first_name: "Mary", last_name: "Somerville", email: "mary@example.gov.uk", job_title: "Inspector",
    organisation: "Borders Constabulary", sector: "police_and_justice", country: "Scotland", answers: {},
  }), "register");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const area = (path = "") => `${server.baseURL}/manage/events/${event.id}${path ? `/${path}` : ""}`;
const nav = () => page.getByRole("navigation", { name: "Event sections" });
const current = () => nav().locator('a[aria-current="page"]');
const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName} ${el.textContent.trim()}` : "";
});
// Focus moves after the list is redrawn, a frame after what the test waits
// for shows: wait for it to arrive (failing with where it is after 5 s).
async function focusComesTo(expected, message) {
  for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(50)) {
    if ((await focused()) === expected) return;
  }
  assert.equal(await focused(), expected, message);
}
const eventNow = async () => ok(api.get(`/api/v1/manage/events/${event.id}`), "event");

test("every section opens at its own address, marked in the side navigation", async () => {
  for (const [path, name] of sections) {
    await page.goto(area(path));
    await page.getByRole("heading", { name: "Sections test", level: 1 }).waitFor();
    await current().filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
    assert.equal(await current().count(), 1, `one section is current at ${path || "the overview"}`);
    await page.waitForFunction((t) => document.title === t, `${name}: Sections test — Plenary`);
    await check(page, `section-${name.toLowerCase()}`);
  }
  await page.goto(area("no-such-section"));
  await page.getByRole("heading", { name: "Section not found" }).waitFor();
});

test("the overview shows the key numbers from the registration counts", async () => {
  await page.goto(area());
  const numbers = page.locator("section", { has: page.getByRole("heading", { name: "Key numbers" }) });
  await numbers.getByText("of 50").waitFor();
  const pairs = await numbers.locator("dl > div").evaluateAll((divs) => divs.map((d) => [d.querySelector("dt").textContent, d.querySelector("dd").textContent]));
  assert.deepEqual(pairs, [["Registered", "1 of 50"], ["Waiting list", "0"], ["Awaiting approval", "0"]]);
});

test("the side navigation reaches every section and moves focus to it, at 1280 and 375 px", async () => {
  await page.goto(area());
  await current().filter({ hasText: /^Overview$/ }).waitFor();
  for (const [path, name] of [...sections.slice(1), sections[0]]) {
    await nav().getByRole("link", { name, exact: true }).click();
    await page.waitForURL(area(path));
    await current().filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === "H2");
  }

  // On a phone the navigation is one button naming the section; by keyboard alone.
  await page.setViewportSize({ width: 375, height: 800 });
  const toggle = nav().getByRole("button", { name: "Event sections: Overview" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await nav().getByRole("link", { name: "Agenda" }).isVisible(), false, "folded on a phone");
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await check(page, "section-navigation-open");
  await page.setViewportSize({ width: 375, height: 800 });
  await page.keyboard.press("Tab");
  await focusComesTo("A Overview");
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await focusComesTo("BUTTON Event sections: Overview");
  await page.keyboard.press("Enter");
  for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
  await focusComesTo("A Agenda");
  await page.keyboard.press("Enter");
  await page.waitForURL(area("agenda"));
  await nav().getByRole("button", { name: "Event sections: Agenda" }).waitFor();
  assert.equal(await nav().getByRole("button", { name: "Event sections: Agenda" }).getAttribute("aria-expanded"), "false", "folded again");
  await page.waitForFunction(() => document.activeElement?.textContent === "Agenda" && document.activeElement.tagName === "H2");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("moving a speaker by keyboard keeps focus on the button and says where it went; removing asks first", async () => {
  await page.goto(area("people"));
  const speakers = page.locator("section", { has: page.getByRole("heading", { name: "Speakers", level: 2 }) });
  const down = speakers.getByRole("button", { name: "Move down Grace Hopper" });
  await down.focus();
  const saved = page.waitForResponse((r) => r.url().endsWith("/speakers") && r.request().method() === "PUT");
  await page.keyboard.press("Enter");
  assert.ok((await saved).ok());
  await speakers.getByRole("status").filter({ hasText: "Grace Hopper moved to position 2 of 2." }).waitFor();
  await focusComesTo("BUTTON Move down Grace Hopper", "focus stays on the button pressed");
  assert.deepEqual((await eventNow()).speakers.map((s) => s.name), ["Joan Clarke", "Grace Hopper"]);
  // At the end of the list: said, and nothing saved.
  await page.keyboard.press("Enter");
  await speakers.getByRole("status").filter({ hasText: "Grace Hopper is already last." }).waitFor();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter"); // Move up, by keyboard
  await speakers.getByRole("status").filter({ hasText: "Grace Hopper moved to position 1 of 2." }).waitFor();
  await focusComesTo("BUTTON Move up Grace Hopper");
  assert.deepEqual((await eventNow()).speakers.map((s) => s.name), ["Grace Hopper", "Joan Clarke"]);
  await check(page, "section-people-moved");

  const remove = speakers.getByRole("button", { name: "Remove Joan Clarke" });
  const dialog = page.getByRole("dialog", { name: "Remove Joan Clarke from the speakers?" });
  await remove.focus();
  await page.keyboard.press("Enter");
  await dialog.getByText("They stay in the directory of people", { exact: false }).waitFor();
  await focusComesTo("BUTTON Keep the speaker", "focus starts on the safe choice");
  await check(page, "section-people-remove");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  assert.equal((await eventNow()).speakers.length, 2, "kept");
  await remove.click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await speakers.getByRole("status").filter({ hasText: "Joan Clarke removed." }).waitFor();
  assert.deepEqual((await eventNow()).speakers.map((s) => s.name), ["Grace Hopper"]);
  await ok(api.put(`/api/v1/manage/events/${event.id}/speakers`, { speakers: [{ person_id: hopper.id, role: "chair" }, { person_id: clarke.id, role: "panellist" }] }), "speakers back");
});

test("a speaker and an agenda item are edited in place and saved", async () => {
  await page.goto(area("people"));
  const speakers = page.locator("section", { has: page.getByRole("heading", { name: "Speakers", level: 2 }) });
  await speakers.getByRole("button", { name: "Edit Grace Hopper" }).click();
  const form = page.getByRole("form", { name: "Edit Grace Hopper" });
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "name");
  await form.getByLabel("Job title").fill("Chief Digital Officer");
  await form.getByLabel("Role of Grace Hopper").selectOption("keynote");
  await form.getByRole("button", { name: "Save speaker" }).click();
  await speakers.locator(".list-editor__item", { hasText: "Chief Digital Officer" }).getByText("(keynote)").waitFor();
  await focusComesTo("BUTTON Edit Grace Hopper", "focus returns to Edit");
  assert.deepEqual((await eventNow()).speakers.map((s) => [s.name, s.job_title, s.role]),
    [["Grace Hopper", "Chief Digital Officer", "keynote"], ["Joan Clarke", "Analyst", "panellist"]]);

  // Bad input shows in the row's form, and Cancel leaves the speaker as saved.
  await speakers.getByRole("button", { name: "Edit Grace Hopper" }).click();
  await form.getByLabel("Name", { exact: true }).fill("");
  await form.getByRole("button", { name: "Save speaker" }).click();
  await form.getByRole("heading", { name: "There is a problem" }).waitFor();
  await form.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await eventNow()).speakers[0].name, "Grace Hopper");

  await page.goto(area("agenda"));
  const agenda = page.locator("section", { has: page.getByRole("heading", { name: "Agenda", level: 2 }) });
  await agenda.getByRole("button", { name: "Edit Welcome" }).click();
  const item = page.getByRole("form", { name: "Edit “Welcome”" });
  await item.getByLabel("Title").fill("Welcome and introductions");
  await item.getByLabel("Length in minutes").fill("20");
  await item.getByLabel("Joan Clarke").check();
  await item.getByRole("button", { name: "Save agenda item" }).click();
  await agenda.locator("strong", { hasText: "Welcome and introductions" }).waitFor();
  const [saved] = (await eventNow()).agenda;
  assert.deepEqual([saved.title, saved.start_offset_minutes, saved.duration_minutes, saved.speakers.map((s) => s.name)],
    ["Welcome and introductions", 5, 20, ["Grace Hopper", "Joan Clarke"]]);
  await focusComesTo("BUTTON Edit Welcome and introductions");
});

test("a new agenda item starts where the last one ended", async () => {
  await page.goto(area("agenda"));
  const agenda = page.locator("section", { has: page.getByRole("heading", { name: "Agenda", level: 2 }) });
  const add = page.locator("form", { has: page.getByRole("button", { name: "Add agenda item" }) });
  const last = (await eventNow()).agenda.at(-1);
  const ends = String(last.start_offset_minutes + last.duration_minutes);
  assert.equal(await add.getByLabel("Starts after (minutes from the start)").inputValue(), ends);
  await add.getByLabel("Title").fill("Panel");
  await add.getByLabel("Length in minutes").fill("45");
  await add.getByRole("button", { name: "Add agenda item" }).click();
  await agenda.locator(".list-editor__item", { hasText: "Panel" }).waitFor();
  const panel = (await eventNow()).agenda.at(-1);
  assert.deepEqual([panel.title, panel.start_offset_minutes, panel.duration_minutes], ["Panel", Number(ends), 45]);
  await page.waitForFunction((want) => document.getElementById("agenda_start_offset_minutes")?.value === want, String(Number(ends) + 45));
  assert.equal(await add.getByLabel("Title").inputValue(), "", "the form is ready for the next item");
  await check(page, "section-agenda-added");
});

test("a new event's address follows its title until the organiser types one", async () => {
  await page.goto(`${server.baseURL}/manage/events/new`);
  const title = page.getByLabel("Title");
  const slug = page.getByLabel("Address (slug)");
  await title.fill("Café & data: what's next?");
  assert.equal(await slug.inputValue(), "cafe-and-data-what-s-next");
  await slug.fill("data-next");
  await title.fill("Data: what comes next");
  assert.equal(await slug.inputValue(), "data-next", "a typed address is never overwritten");
  await page.getByLabel("Starts").fill("2031-07-01T10:00");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/manage\/events\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop();
  assert.deepEqual(await ok(api.get(`/api/v1/manage/events/${id}`), "created").then((e) => [e.title, e.slug]), ["Data: what comes next", "data-next"]);

  // A saved event's address stays as it is when the title changes.
  await page.goto(`${server.baseURL}/manage/events/${id}/details`);
  await page.getByLabel("Title").fill("A quite different title");
  assert.equal(await page.getByLabel("Address (slug)").inputValue(), "data-next");
});
