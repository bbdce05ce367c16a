// Every edit form round-trips, in Debian's Chromium: saved data is made
// through the API with values that are not any control's first option or
// default, each form is opened and must show exactly those values, and
// saving it untouched must leave the API's answer unchanged. New-item forms
// must create what they show. axe-core checks each form at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { check, launchBrowser, ok, root, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, baseURL, api;

before(async () => {
  server = await startServer();
  baseURL = server.baseURL;
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The value without the fields a save may touch without changing anything. */
function withoutTimestamps(value) {
  if (Array.isArray(value)) return value.map(withoutTimestamps);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "updated_at").map(([k, v]) => [k, withoutTimestamps(v)]));
  }
  return value;
}

/** Reads every path, runs save, reads them again: nothing may differ. */
async function assertUnchanged(paths, save, client = api) {
  const read = async () => Promise.all(paths.map((p) => ok(client.get(p), `GET ${p}`)));
  const before = await read();
  await save();
  const after = await read();
  paths.forEach((p, i) => assert.deepEqual(withoutTimestamps(after[i]), withoutTimestamps(before[i]), `${p} changed on an unchanged save`));
}

/** Clicks a form's save button and waits for the server's 2xx answer. */
async function saveAndWait(button, method, urlEnd) {
  const answered = page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.endsWith(urlEnd));
  await button.click();
  const r = await answered;
  assert.ok(r.ok(), `${method} ${urlEnd}: ${r.status()} ${await r.text()}`);
}

const section = (heading) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true, level: 2 }) });

/** The value of the radio chosen in the group with this question. */
const chosen = (scope, legend) => scope.getByRole("group", { name: legend }).locator("input:checked").inputValue();

/** Opens a section of an event's area by its address and waits for the event's name. */
async function openSection(id, path, title) {
  await page.goto(`${baseURL}/manage/events/${id}/${path}`);
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

/** Asserts each labelled control in the scope shows the value given. */
async function assertShows(scope, values) {
  for (const [label, want] of Object.entries(values)) {
    const control = scope.getByLabel(label, { exact: true });
    if (typeof want === "boolean") assert.equal(await control.isChecked(), want, `${label} checked`);
    else assert.equal(await control.inputValue(), want, `${label} shows the saved value`);
  }
}

async function makeEvent(input) {
  return ok(api.post("/api/v1/manage/events", {
    summary: "", description: "", duration_minutes: 60, timezone: "Europe/London", topics: [], ...input,
  }), `create ${input.slug}`);
}

test("the event editor shows every saved value, and saving each form unchanged changes nothing", async () => {
  const hopper = await ok(api.post("/api/v1/manage/people", { name: "Grace Hopper", job_title: "Head of Digital", organisation: "Compiler Borough" }), "person");
  const clarke = await ok(api.post("/api/v1/manage/people", { name: "Joan Clarke", job_title: "Analyst", organisation: "Hut 8" }), "person");
  const iron = await ok(api.post("/api/v1/manage/organisations", { name: "Iron Filings Ltd", website: "https://example.org" }), "organisation");
  const event = await makeEvent({
    slug: "round-trip", title: "Round trip", summary: "A summary.", description: "## Heading\n\nSome **bold** text.",
    organiser_note: "Fees agreed.\nRoom booked.",
    // 10:00 on London's summer clock, 09:00 UTC, as the demo event.
    starts_at: "2031-06-05T09:00:00Z", duration_minutes: 75, timezone: "Europe/London", capacity: 40,
    registration_opens_at: "2031-05-01T08:30:00Z", registration_closes_at: "2031-06-04T16:00:00Z",
    stream_url: "https://stream.example.org/live", cover_image_url: "https://example.org/cover.jpg",
    topics: ["prevention", "data"],
  });
  const id = event.id;
  const base = `/api/v1/manage/events/${id}`;
  await ok(api.patch(base, { recording_url: "https://example.org/recording" }), "recording");
  await ok(api.put(`${base}/speakers`, { speakers: [{ person_id: hopper.id, role: "moderator" }, { person_id: clarke.id, role: "keynote" }] }), "speakers");
  await ok(api.put(`${base}/partners`, { partners: [{ organisation_id: iron.id, kind: "sponsor", note: "Lent the room" }] }), "partners");
  const agendaItem = await ok(api.post(`${base}/agenda`, { title: "Welcome", start_offset_minutes: 5, duration_minutes: 15, description: "", speaker_ids: [clarke.id] }), "agenda");
  await ok(api.put(`${base}/registration-settings`, { approval: "manual", approved_domains: ["gov.uk", "nhs.uk"] }), "settings");
  await ok(api.put(`${base}/questions`, { questions: [{ kind: "multiple_choice", label: "Which topics?", required: true, options: ["Data", "Money"] }] }), "questions");
  await ok(api.put(`${base}/mail-settings`, { reminder_minutes: [2880, 30], follow_up: false, follow_up_wait_hours: 48 }), "mail settings");

  // Each section of the event area at its own address.
  await openSection(id, "details", "Round trip");
  await check(page, "forms-event-details");
  const details = section("Details");
  await assertShows(details, {
    "Title": "Round trip", "Address (slug)": "round-trip", "Summary": "A summary.", "Description": "## Heading\n\nSome **bold** text.",
    "Note for organisers": "Fees agreed.\nRoom booked.",
    "Starts": "2031-06-05T10:00", "Time zone": "Europe/London", "Duration in minutes": "75", "Capacity": "40",
    "Registration opens": "2031-05-01T09:30", "Registration closes": "2031-06-04T17:00",
    "Stream URL": "https://stream.example.org/live", "Cover image URL": "https://example.org/cover.jpg",
    "Recording URL": "https://example.org/recording", "Topics": "prevention, data",
  });
  await assertUnchanged([base], () => saveAndWait(details.getByRole("button", { name: "Save details" }), "PATCH", base));
  // After a save the form still shows the saved values (it is drawn again from the answer).
  await assertShows(details, { "Time zone": "Europe/London", "Starts": "2031-06-05T10:00" });

  // Speakers and agenda items are edited in their rows.
  await openSection(id, "people", "Round trip");
  const speakers = section("Speakers");
  for (const [who, person, role] of [[hopper.name, hopper, "moderator"], [clarke.name, clarke, "keynote"]]) {
    await speakers.getByRole("button", { name: `Edit ${who}` }).click();
    const form = page.getByRole("form", { name: `Edit ${who}` });
    await assertShows(form, { "Name": who, "Job title": person.job_title, "Organisation": person.organisation, [`Role of ${who}`]: role });
    if (who === hopper.name) await check(page, "forms-event-speaker-edit");
    // The event's answer holds the speaker's details as well as their role.
    await assertUnchanged([base],
      () => saveAndWait(form.getByRole("button", { name: "Save speaker" }), "PUT", "/speakers"));
    await speakers.getByRole("button", { name: `Edit ${who}` }).waitFor();
  }

  await openSection(id, "agenda", "Round trip");
  await section("Agenda").getByRole("button", { name: "Edit Welcome" }).click();
  const welcome = page.getByRole("form", { name: "Edit “Welcome”" });
  await assertShows(welcome, { "Title": "Welcome", "Starts after (minutes from the start)": "5", "Length in minutes": "15", "Joan Clarke": true, "Grace Hopper": false });
  await check(page, "forms-event-agenda-edit");
  await assertUnchanged([base], () => saveAndWait(welcome.getByRole("button", { name: "Save agenda item" }), "PUT", `/agenda/${agendaItem.agenda[0].id}`));

  await openSection(id, "registration", "Round trip");
  const admission = section("Registration form");
  await admission.getByRole("button", { name: "Save admission" }).waitFor();
  await check(page, "forms-event-registration");
  await assertShows(admission, { "Approved domains": "gov.uk, nhs.uk" });
  assert.equal(await chosen(admission, "Who gets a place without your approval"), "manual");
  await assertUnchanged([`${base}/registration-settings`, `${base}/questions`],
    () => saveAndWait(admission.getByRole("button", { name: "Save admission" }), "PUT", "/registration-settings"));
  assert.equal(await chosen(admission, "Who gets a place without your approval"), "manual");

  await openSection(id, "messages", "Round trip");
  const mail = section("Reminders and follow-up");
  await mail.getByRole("button", { name: "Save mail settings" }).waitFor();
  await check(page, "forms-event-messages");
  await assertShows(mail, { "Send a follow-up after the event": false, "Hours to wait for the recording": "48" });
  for (const lead of ["2 days before", "30 minutes before"]) await mail.getByText(lead, { exact: true }).waitFor();
  await assertUnchanged([`${base}/mail-settings`],
    () => saveAndWait(mail.getByRole("button", { name: "Save mail settings" }), "PUT", "/mail-settings"));
  await assertShows(mail, { "Send a follow-up after the event": false, "Hours to wait for the recording": "48" });

  await openSection(id, "registration", "Round trip");

  // Adding or removing a question saves the others back with their ids: a
  // saved question keeps its id (registrants' answers are keyed by it).
  const questionsNow = async () => (await ok(api.get(`${base}/questions`), "questions")).items;
  const saved = await questionsNow();
  await admission.getByLabel("Question", { exact: true }).fill("Your team?");
  await saveAndWait(admission.getByRole("button", { name: "Add question" }), "PUT", "/questions");
  const added = await questionsNow();
  assert.deepEqual(added.slice(0, 1), saved, "the saved question, id and all, after another is added");
  assert.deepEqual(added.slice(1).map((q) => q.label), ["Your team?"]);
  await admission.getByRole("button", { name: "Remove Your team?" }).click();
  await saveAndWait(page.getByRole("dialog").getByRole("button", { name: "Yes, remove it" }), "PUT", "/questions");
  assert.deepEqual(await questionsNow(), saved, "the saved question, id and all, after the other is removed");
});

test("an event saved in a zone the list may not name keeps it", async () => {
  // A zone that is valid but missing from, or spelled otherwise in, the
  // browser's own list must still be shown and saved as it is; so must the
  // seconds the field does not show, and a registration closing at 01:30
  // BST on the morning 01:30 happens twice in London.
  const event = await makeEvent({ slug: "in-utc", title: "In UTC", starts_at: "2031-01-10T14:30:15Z", timezone: "UTC" });
  const base = `/api/v1/manage/events/${event.id}`;
  await openSection(event.id, "details", "In UTC");
  const details = section("Details");
  await assertShows(details, { "Time zone": "UTC", "Starts": "2031-01-10T14:30" });
  await assertUnchanged([base], () => saveAndWait(details.getByRole("button", { name: "Save details" }), "PATCH", base));

  const autumn = await makeEvent({ slug: "clocks-go-back", title: "Clocks go back", starts_at: "2027-10-31T10:00:00Z",
    registration_closes_at: "2027-10-31T00:30:00Z", timezone: "Europe/London" });
  const autumnBase = `/api/v1/manage/events/${autumn.id}`;
  await openSection(autumn.id, "details", "Clocks go back");
  await assertShows(section("Details"), { "Registration closes": "2027-10-31T01:30", "Starts": "2027-10-31T10:00" });
  await assertUnchanged([autumnBase], () => saveAndWait(section("Details").getByRole("button", { name: "Save details" }), "PATCH", autumnBase));
});

test("new-item forms create what they show", async () => {
  const person = await ok(api.post("/api/v1/manage/people", { name: "Ada Lovelace", organisation: "Analytical Council" }), "person");
  const org = await ok(api.post("/api/v1/manage/organisations", { name: "Babbage Partners" }), "organisation");

  // A new event: the time zone and duration shown are the ones created.
  await page.goto(`${baseURL}/manage/events/new`);
  await page.getByRole("heading", { name: "Create an event" }).waitFor();
  await check(page, "forms-event-new");
  const zoneShown = await page.getByLabel("Time zone").inputValue();
  assert.equal(zoneShown, "Europe/London", "a new event starts in London's zone");
  assert.equal(await page.getByLabel("Duration in minutes").inputValue(), "60");
  await page.getByLabel("Title").fill("Defaults");
  await page.getByLabel("Address (slug)").fill("defaults");
  await page.getByLabel("Starts").fill("2031-07-01T10:00");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/manage\/events\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split("/").pop();
  const base = `/api/v1/manage/events/${id}`;
  const created = await ok(api.get(base), "new event");
  assert.equal(created.timezone, zoneShown);
  assert.equal(created.duration_minutes, 60);
  assert.equal(created.starts_at, "2031-07-01T09:00:00Z", "10:00 on London's summer clock");
  await page.getByRole("heading", { name: "Defaults", level: 1 }).waitFor();

  // A speaker: the role shown is the role given.
  await openSection(id, "people", "Defaults");
  const speakers = section("Speakers");
  const roleShown = await speakers.getByLabel("Role", { exact: true }).inputValue();
  assert.equal(roleShown, "panellist", "a new speaker is a panellist unless chosen otherwise");
  await check(page, "forms-new-items");
  await speakers.getByLabel("A person already in the directory").selectOption(person.id);
  await saveAndWait(speakers.getByRole("button", { name: "Add speaker" }), "PUT", "/speakers");
  assert.deepEqual((await ok(api.get(base), "event")).speakers.map((s) => [s.name, s.role]), [["Ada Lovelace", roleShown]]);
  await assertShows(speakers, { "Role": "panellist" });
  await speakers.locator(".list-editor__item", { hasText: "Ada Lovelace" }).getByText("(panellist)").waitFor();

  // A partner: the part shown is the part given.
  const partners = section("Partners");
  const kindShown = await partners.getByLabel("Part in this event").inputValue();
  assert.equal(kindShown, "knowledge_partner", "a new partner is a knowledge partner unless chosen otherwise");
  await partners.getByLabel("An organisation already in the directory").selectOption(org.id);
  await saveAndWait(partners.getByRole("button", { name: "Add partner" }), "PUT", "/partners");
  assert.deepEqual((await ok(api.get(base), "event")).partners.map((p) => [p.name, p.kind]), [["Babbage Partners", kindShown]]);
  await assertShows(partners, { "Part in this event": "knowledge_partner" });

  // An agenda item: the offsets shown are the offsets given.
  await openSection(id, "agenda", "Defaults");
  const agenda = section("Agenda");
  await assertShows(agenda, { "Starts after (minutes from the start)": "0", "Length in minutes": "10", "Ada Lovelace": false });
  await agenda.getByLabel("Title", { exact: true }).fill("Opening");
  await saveAndWait(agenda.getByRole("button", { name: "Add agenda item" }), "POST", "/agenda");
  const item = (await ok(api.get(base), "event")).agenda[0];
  assert.deepEqual([item.title, item.start_offset_minutes, item.duration_minutes, item.speakers], ["Opening", 0, 10, []]);

  // A question: the kind shown is the kind given; admission shows its default.
  await openSection(id, "registration", "Defaults");
  const form = section("Registration form");
  await assertShows(form, { "Kind of answer": "short_text", "Required": false });
  assert.equal(await chosen(form, "Who gets a place without your approval"), "open");
  await form.getByLabel("Question", { exact: true }).fill("Your team?");
  await saveAndWait(form.getByRole("button", { name: "Add question" }), "PUT", "/questions");
  const questions = (await ok(api.get(`${base}/questions`), "questions")).items;
  assert.deepEqual(questions.map((q) => [q.label, q.kind, q.required]), [["Your team?", "short_text", false]]);
  assert.equal((await ok(api.get(`${base}/registration-settings`), "settings")).approval, "open");
});

test("the attendee's page shows their saved details, and saving them unchanged changes nothing", async () => {
  const event = await makeEvent({ slug: "attendee-form", title: "Attendee form", starts_at: "2031-09-01T09:00:00Z" });
  await ok(api.post(`/api/v1/manage/events/${event.id}/publish`), "publish");
  await ok(api.post("/api/v1/events/attendee-form/registrations", {
    first_name: "Mary", last_name: "Somerville", email: "mary@example.gov.uk", job_title: "Inspector",
    organisation: "Borders Constabulary", sector: "police_and_justice", country: "Scotland", accessibility_needs: "Captions, please.",
  }), "register");
  const token = await manageToken(event.id, "mary@example.gov.uk");
  const asMary = { get: (p) => bearer("GET", p, token) };

  await page.goto(`${baseURL}/r/${token}`);
  await page.getByRole("heading", { name: "Your registration", level: 1 }).waitFor();
  await check(page, "forms-manage-registration");
  await assertShows(page.locator("form", { has: page.getByRole("button", { name: "Save details" }) }), {
    "First name": "Mary", "Last name": "Somerville", "Job title": "Inspector", "Organisation": "Borders Constabulary",
    "Sector": "police_and_justice", "Country": "Scotland", "Accessibility needs": "Captions, please.",
  });
  await assertUnchanged(["/api/v1/registration"],
    () => saveAndWait(page.getByRole("button", { name: "Save details" }), "PUT", "/api/v1/registration"), asMary);
  await page.getByText("Your details are saved.").waitFor();
});

test("the demo event keeps its time and zone when its details are saved unchanged", async () => {
  // As the README says: the server runs, then `server seed --demo` beside it.
  await seedDemo();
  const demo = (await ok(api.get("/api/v1/manage/events?q=early"), "events")).items.find((e) => e.slug === "early-intervention");
  assert.ok(demo, "the demo event is listed");
  const base = `/api/v1/manage/events/${demo.id}`;
  const saved = await ok(api.get(base), "demo");
  assert.deepEqual([saved.starts_at, saved.timezone], ["2022-06-23T09:00:00Z", "Europe/London"]);

  await openSection(demo.id, "details", saved.title);
  const details = section("Details");
  await assertShows(details, { "Time zone": "Europe/London", "Starts": "2022-06-23T10:00", "Duration in minutes": "75", "Note for organisers": demoNote });
  await check(page, "forms-demo-event");
  await assertUnchanged([base], () => saveAndWait(details.getByRole("button", { name: "Save details" }), "PATCH", base));
  assert.equal((await ok(api.get(base), "demo")).starts_at, "2022-06-23T09:00:00Z");

  // The note is the organisers' alone: the public page does not show it.
  await page.goto(`${baseURL}/events/early-intervention`);
  await page.getByRole("heading", { name: saved.title, level: 1 }).waitFor();
  await page.getByText("Held on 23 June 2022").waitFor();
  assert.equal(await page.getByText("gives no start time").count(), 0, "the public page shows the organisers' note");
});

const demoNote = "The write-up this demo is built from gives no start time: 10:00 London time is assumed here, and the agenda timings are approximate.";

/** The attendee's private link token, read from their confirmation in the outbox. */
async function manageToken(eventID, email) {
  const base = `/api/v1/manage/events/${eventID}`;
  const list = await ok(api.get(`${base}/registrations?q=${encodeURIComponent(email)}`), "registrations");
  const sent = await ok(api.get(`${base}/registrations/${list.items[0].id}/messages`), "messages");
  const confirmation = await ok(api.get(`${base}/messages/${sent.items.find((m) => m.kind === "confirmation").id}`), "confirmation");
  return confirmation.text.match(/\/r\/([A-Za-z0-9_-]+)/)[1];
}

async function bearer(method, p, token) {
  const r = await page.request.fetch(`${baseURL}${p}`, { method, headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status(), body: await r.json() };
}

/** Runs `server seed --demo` beside the running server, on its data folder. */
async function seedDemo() {
  const child = spawn(path.join(root, "bin/server"), ["seed", "--demo"], {
    env: { ...process.env, DATA_DIR: server.dataDir, BASE_URL: baseURL, LOG_FORMAT: "json" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const code = await new Promise((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, `seed --demo failed:\n${output}`);
  assert.equal((await page.request.get(`${baseURL}/readyz`)).status(), 200, `the server is ready after seeding:\n${output}`);
}
