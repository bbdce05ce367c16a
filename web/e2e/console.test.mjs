// The moderator console in Debian's Chromium: registrants ask through the
// attendee API; the moderator approves, edits, puts on stage, answers and
// dismisses with a reason, runs a poll from draft to closed, and sees a
// question asked meanwhile arrive without reloading. The live settings
// round-trip. axe-core checks the console at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "playwright-core";
import { check, launchBrowser, ok, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api, event, base, mary, joan;
/** Requests without the moderator's cookies, as a registrant's browser sends them. */
let attendee;

/** A registrant's call, with their manage-link token or none (a live-page token is in the path). */
async function bearer(method, p, token, data) {
  const r = await attendee.fetch(`${server.baseURL}${p}`, { method, data, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await r.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status(), body };
}

/** Registers someone and returns their live-page token, read from their manage link's registration. */
async function registrant(person) {
  await ok(api.post(`/api/v1/events/${event.slug}/registrations`, { job_title: "Analyst", country: "England", answers: {}, ...person }), `register ${person.email}`);
  const list = await ok(api.get(`${base}/registrations?q=${encodeURIComponent(person.email)}`), "registrations");
  const sent = await ok(api.get(`${base}/registrations/${list.items[0].id}/messages`), "messages");
  const confirmation = await ok(api.get(`${base}/messages/${sent.items.find((m) => m.kind === "confirmation").id}`), "confirmation");
  const manage = confirmation.text.match(/\/r\/([A-Za-z0-9_-]+)/)[1];
  const reg = await ok(bearer("GET", "/api/v1/registration", manage), "registration");
  assert.ok(reg.live_url, `the registration has its live page: ${JSON.stringify(reg)}`);
  return new URL(reg.live_url).pathname.split("/").pop();
}

const ask = (token, body, anonymous = false) => ok(bearer("POST", `/api/v1/live/${token}/questions`, null, { body, anonymous }), `ask ${body}`);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  attendee = await request.newContext();
  // Starting in five minutes: within the live page's default 15 minutes' lead, so it is open.
  const starts = new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  event = await ok(api.post("/api/v1/manage/events", {
    slug: "console-test", title: "Console test", summary: "", description: "", starts_at: starts,
    duration_minutes: 60, timezone: "Europe/London", topics: [], stream_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  }), "event");
  base = `/api/v1/manage/events/${event.id}`;
  await ok(api.post(`${base}/publish`), "publish");
  mary = await registrant({ first_name: "Mary", last_name: "Somerville", email: "mary@example.gov.uk", organisation: "Borders Constabulary", sector: "police_and_justice" });
  joan = await registrant({ first_name: "Joan", last_name: "Clarke", email: "joan@hut8.example", organisation: "Hut 8", sector: "central_government" });
});

after(async () => {
  await attendee?.dispose();
  await browser?.close();
  await server?.stop();
});

const queue = () => page.locator("section", { has: page.getByRole("heading", { name: "Questions", level: 2 }) });
const card = (body) => queue().getByRole("article", { name: body });
const filter = (name) => queue().getByRole("group", { name: "Show questions" }).getByRole("button", { name: new RegExp(`^${name} \\d+$`) });
const show = async (name) => {
  await filter(name).click();
  await queue().getByRole("heading", { name: `${name} questions`, level: 3 }).waitFor();
};

test("a moderator works through the questions and a poll", async () => {
  const dataQuestion = "How do the police and councils share data safely?";
  const costQuestion = "What did the pilot cost?";
  await ask(mary, dataQuestion);
  await ask(joan, costQuestion, true);

  await page.goto(`${server.baseURL}/manage/events/${event.id}/live`);
  await page.getByRole("heading", { name: "Live session", level: 2 }).waitFor();
  await page.getByText("Live: changes appear as they happen.").waitFor();
  await filter("Held").filter({ hasText: "2" }).waitFor();
  // Moderators see who asked, even anonymously.
  const anonymous = card(costQuestion);
  await anonymous.getByText("Asked anonymously").waitFor();
  await anonymous.getByText("joan@hut8.example").waitFor();
  await check(page, "console-held");

  // A question asked now arrives without reloading, and is announced.
  const late = "Will the slides be shared?";
  await ask(mary, late);
  await card(late).waitFor();
  await page.locator("[aria-live=polite]").filter({ hasText: "1 new question is waiting for approval." }).waitFor();

  // Approve: the card leaves Held, and focus moves to the next one.
  await card(dataQuestion).getByRole("button", { name: "Approve" }).click();
  await card(dataQuestion).waitFor({ state: "detached" });
  // Focus moves a frame after the card went: to the card that took its place.
  await page.waitForFunction(() => document.activeElement?.matches("article[data-question]"), null, { timeout: 5000 });
  await show("Published");

  // Edit keeps the original beside the new wording.
  const edited = "How can the police and councils share data safely?";
  await card(dataQuestion).getByRole("button", { name: "Edit" }).click();
  await card(dataQuestion).getByLabel("Question", { exact: true }).fill(edited);
  await page.getByRole("button", { name: "Save question" }).click();
  await card(edited).getByText(`Edited — original: “${dataQuestion}”`).waitFor();

  await card(edited).getByRole("button", { name: "Put on stage" }).click();
  await card(edited).getByText("On stage").waitFor();
  await check(page, "console-on-stage");

  await card(edited).getByRole("button", { name: "Answer" }).click();
  await card(edited).getByLabel("Answer", { exact: true }).fill("Through the county's data board.");
  await card(edited).getByLabel("Answered live").check();
  await check(page, "console-answer-form");
  await page.getByRole("button", { name: "Save answer" }).click();
  await card(edited).waitFor({ state: "detached" });
  await show("Answered");
  await card(edited).getByText("Through the county's data board.").waitFor();

  // Dismissing asks for a reason, then asks to be sure.
  await show("Held");
  await card(costQuestion).getByRole("button", { name: "Dismiss" }).click();
  await card(costQuestion).getByLabel("Reason for dismissing").fill("Answered in the agenda");
  await page.getByRole("button", { name: "Dismiss question" }).click();
  const dialog = page.getByRole("dialog", { name: "Dismiss this question?" });
  await dialog.getByText("with the reason “Answered in the agenda”").waitFor();
  await check(page, "console-dismiss-dialog");
  await dialog.getByRole("button", { name: "Yes, dismiss it" }).click();
  await card(costQuestion).waitFor({ state: "detached" });
  await show("Dismissed");
  await card(costQuestion).getByText("Answered in the agenda").waitFor();

  // What attendees now see.
  const seen = await ok(bearer("GET", `/api/v1/live/${mary}/questions`), "attendee questions");
  const answered = seen.items.find((q) => q.body === edited);
  assert.equal(answered?.status, "answered");
  assert.equal(answered?.answered_live, true);
  assert.ok(!seen.items.some((q) => q.body === costQuestion), "a dismissed question is gone for attendees");
  assert.ok(!JSON.stringify(seen).includes("@"), "no email in the attendee's list");
});

test("a moderator creates, opens and closes a poll, and sees its results", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/live`);
  const polls = page.locator("section", { has: page.getByRole("heading", { name: "Polls", level: 2 }) });
  await polls.getByLabel("Poll question").fill("Which topic next?");
  await polls.getByLabel("Option 1").fill("Data");
  await polls.getByLabel("Option 2").fill("Money");
  await polls.getByRole("button", { name: "Add another option" }).click();
  await polls.getByLabel("Option 3").fill("People");
  await polls.getByRole("button", { name: "Save poll" }).click();
  await polls.getByText("Poll saved as a draft.").waitFor();
  const item = polls.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Which topic next?" }) });
  await item.getByText("Draft", { exact: true }).waitFor();
  await item.getByRole("button", { name: "Open poll" }).click();
  await item.getByText("Open", { exact: true }).waitFor();
  // The open poll moved to the top of the list; focus is on its next step.
  await page.waitForFunction(() => document.activeElement?.textContent === "Close poll", null, { timeout: 5000 });

  const open = (await ok(bearer("GET", `/api/v1/live/${mary}/polls`), "polls")).items[0];
  await ok(bearer("POST", `/api/v1/live/${mary}/polls/${open.id}/ballot`, null, { option_ids: [open.options[0].id] }), "ballot");
  // The ballot reaches the console through its stream.
  await item.getByText("1 vote (100%)").waitFor();
  await check(page, "console-poll-open");
  await item.getByRole("button", { name: "Close poll" }).click();
  await item.getByText("Closed").waitFor();
});

test("the live settings show what is saved, and saving them unchanged changes nothing", async () => {
  const url = `${base}/live/settings`;
  await ok(api.put(url, { join_lead_minutes: 25, attended_minutes: 12, moderation: "published" }), "settings");
  await page.goto(`${server.baseURL}/manage/events/${event.id}/live`);
  const form = page.locator("section", { has: page.getByRole("heading", { name: "Live settings", level: 2 }) });
  await form.getByRole("button", { name: "Save live settings" }).waitFor();
  assert.equal(await form.getByLabel("Minutes before the start the live page opens").inputValue(), "25");
  assert.equal(await form.getByLabel("Minutes on the live page that count as attended").inputValue(), "12");
  assert.equal(await form.getByLabel("Publish questions at once").isChecked(), true);
  const before = await ok(api.get(url), "settings");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/live/settings"));
  await form.getByRole("button", { name: "Save live settings" }).click();
  assert.ok((await saved).ok());
  await form.getByText("Live settings saved.").waitFor();
  assert.deepEqual(await ok(api.get(url), "settings"), before);
  // Attendance so far, for the organiser.
  const attendance = page.locator("section", { has: page.getByRole("heading", { name: "Attendance so far", level: 2 }) });
  await attendance.getByText("Confirmed registrants").waitFor();
  await check(page, "console-settings");
});
