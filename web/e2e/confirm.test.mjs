// Every action that cannot be undone asks first, in a modal dialog that says
// what will happen with the server's own figures: cancelling the event,
// rejecting and cancelling registrations (one or several), the attendee's
// own cancellation, sending a message, and removing an agenda item, a
// question or a draft. Dismissing (the "Keep" button or Escape) changes
// nothing, checked through the API, outbox included; confirming does it.
// The event's cancellation is done by keyboard alone; axe-core checks the
// open dialogs at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api, event, draft;
const people = {
  ann: ["Ann", "Able"], ben: ["Ben", "Bold"], eve: ["Eve", "Early"], fay: ["Fay", "Final"], gus: ["Gus", "Last"],
  cora: ["Cora", "Pending"], dan: ["Dan", "Waiting"],
};
const email = (who) => `${who}@example.org`;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);

  const starts = new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await api.post("/api/v1/manage/events", { slug: "confirm-test", title: "Confirm test", starts_at: starts, duration_minutes: 60, timezone: "Europe/London" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  event = created.body;
  assert.equal((await api.post(`/api/v1/manage/events/${event.id}/publish`)).status, 200);
  const register = async (who) => {
    const [first, last] = people[who];
    const r = await api.post("/api/v1/events/confirm-test/registrations", { first_name: first, last_name: last, email: email(who), sector: "local_government" });
    assert.equal(r.status, 202, JSON.stringify(r.body));
  };
  for (const who of ["ann", "ben", "eve", "fay", "gus"]) await register(who);
  assert.equal((await api.put(`/api/v1/manage/events/${event.id}/registration-settings`, { approval: "manual", approved_domains: [] })).status, 200);
  for (const who of ["cora", "dan"]) await register(who);

  const d = await api.post("/api/v1/manage/events", { slug: "draft-test", title: "Draft test", starts_at: starts, duration_minutes: 60, timezone: "Europe/London" });
  draft = d.body;
  assert.equal((await api.post(`/api/v1/manage/events/${draft.id}/agenda`, { title: "Opening remarks", start_offset_minutes: 0, duration_minutes: 10, description: "", speaker_ids: [] })).status, 201);
  assert.equal((await api.put(`/api/v1/manage/events/${draft.id}/questions`, { questions: [{ kind: "short_text", label: "Dietary needs", required: false, options: [] }] })).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every message in the event's outbox, through all its pages. */
async function outbox(eventID) {
  const items = [];
  let cursor = "";
  do {
    const r = await api.get(`/api/v1/manage/events/${eventID}/messages?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.equal(r.status, 200);
    items.push(...r.body.items);
    cursor = r.body.next_cursor;
  } while (cursor);
  return items;
}

async function statusOf(who) {
  const r = await api.get(`/api/v1/manage/events/${event.id}/registrations?q=${encodeURIComponent(email(who))}`);
  return r.body.items[0].status;
}

/** Waits for the dialog's description (the consequence) to be text. */
async function consequence(dialog, text) {
  await dialog.getByText(text).waitFor();
  return dialog.evaluate((d) => document.getElementById(d.getAttribute("aria-describedby")).textContent);
}

const focused = () => page.evaluate(() => document.activeElement?.textContent ?? "");

/** Opens a dialog with a click, checks its consequence and where focus is,
 *  dismisses it (Keep button, then Escape) and checks nothing changed. */
async function openAndDismiss({ button, title, says, keep, unchanged, screenshot }) {
  const before = (await outbox(event.id)).length;
  const dialog = page.getByRole("dialog", { name: title });
  for (const how of ["button", "Escape"]) {
    await button.click();
    await dialog.waitFor();
    assert.equal(await consequence(dialog, says), says);
    assert.equal(await focused(), keep, "focus starts on the safe choice");
    if (screenshot && how === "button") await check(page, screenshot);
    if (how === "button") await dialog.getByRole("button", { name: keep }).click();
    else await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await focused(), await button.textContent(), "focus returns to the button that opened it");
    await unchanged();
    assert.equal((await outbox(event.id)).length, before, `dismissing by ${how} queued no message`);
  }
  return dialog;
}

test("deciding on registrations, one or several, asks first and says who is emailed", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/registrants`);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Registrations", exact: true }) });
  await section.getByText(email("dan")).waitFor();

  // Reject one: the API has it, and now the UI does.
  let dialog = await openAndDismiss({
    button: section.getByRole("button", { name: "Reject Cora Pending" }),
    title: "Reject Cora Pending’s registration?",
    says: "Cora Pending will be emailed that they have not been offered a place. This cannot be undone.",
    keep: "Keep the registration", screenshot: "confirm-reject",
    unchanged: async () => assert.equal(await statusOf("cora"), "pending_approval"),
  });
  await section.getByRole("button", { name: "Reject Cora Pending" }).click();
  await dialog.getByRole("button", { name: "Yes, reject it" }).click();
  await section.getByText("Done.").waitFor();
  assert.equal(await statusOf("cora"), "rejected");
  assert.ok((await outbox(event.id)).some((m) => m.kind === "rejected" && m.to === email("cora")), "Cora was emailed");

  // Cancel one.
  dialog = await openAndDismiss({
    button: section.getByRole("button", { name: "Cancel Ann Able" }),
    title: "Cancel Ann Able’s registration?",
    says: "Ann Able will be emailed that their registration is cancelled. A place freed goes to the first person on the waiting list, if anyone is waiting. This cannot be undone.",
    keep: "Keep the registration",
    unchanged: async () => assert.equal(await statusOf("ann"), "confirmed"),
  });
  await section.getByRole("button", { name: "Cancel Ann Able" }).click();
  await dialog.getByRole("button", { name: "Yes, cancel it" }).click();
  await section.getByRole("status").getByText("Done.").waitFor();
  await section.getByRole("button", { name: "Cancel Ann Able" }).waitFor({ state: "detached" });
  assert.equal(await statusOf("ann"), "cancelled");

  // Several at once: the consequence counts only those the decision applies to.
  await section.getByLabel("Select Ben Bold").check();
  await section.getByLabel("Select Dan Waiting").check();
  await openAndDismiss({
    button: section.getByRole("button", { name: "Reject selected (2)" }),
    title: "Reject 2 selected registrations?",
    says: "Dan Waiting will be emailed that they have not been offered a place. 1 selected registration cannot be rejected and will stay as it is. This cannot be undone.",
    keep: "Keep them as they are",
    unchanged: async () => assert.deepEqual([await statusOf("ben"), await statusOf("dan")], ["confirmed", "pending_approval"]),
  });
  dialog = await openAndDismiss({
    button: section.getByRole("button", { name: "Cancel selected (2)" }),
    title: "Cancel 2 selected registrations?",
    says: "2 registrants will be emailed that their registrations are cancelled. A place freed goes to the first person on the waiting list, if anyone is waiting. This cannot be undone.",
    keep: "Keep them as they are", screenshot: "confirm-bulk-cancel",
    unchanged: async () => assert.deepEqual([await statusOf("ben"), await statusOf("dan")], ["confirmed", "pending_approval"]),
  });
  await section.getByRole("button", { name: "Cancel selected (2)" }).click();
  await dialog.getByRole("button", { name: "Yes, cancel them" }).click();
  await section.getByText("The selected registrations are cancelled.").waitFor();
  assert.deepEqual([await statusOf("ben"), await statusOf("dan")], ["cancelled", "cancelled"]);
});

test("sending a message asks first, with the server's count of recipients", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/messages`);
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Send a message", exact: true }) });
  await section.getByLabel("Subject").fill("Slides are up");
  await section.getByLabel("Message").fill("The slides are on the event page.");
  const preview = await api.post(`/api/v1/manage/events/${event.id}/broadcasts/preview`, { segment: "everyone", subject: "Slides are up", body: "x" });
  const n = preview.body.recipients;
  assert.ok(n >= 2, `${n} recipients`);
  await openAndDismiss({
    button: section.getByRole("button", { name: /^Send to (\d+ )?recipients?$/ }), // the count shows once known
    title: `Send to ${n} recipients?`,
    says: `“Slides are up” will be emailed now to everyone registered: ${n} recipients. You cannot take it back.`,
    keep: "Keep the draft",
    unchanged: async () => assert.deepEqual((await api.get(`/api/v1/manage/events/${event.id}/broadcasts`)).body.items, []),
  });
});

test("the attendee's own cancellation asks first", async () => {
  const eve = (await api.get(`/api/v1/manage/events/${event.id}/registrations?q=${email("eve")}`)).body.items[0];
  const sent = (await api.get(`/api/v1/manage/events/${event.id}/registrations/${eve.id}/messages`)).body.items;
  const confirmation = (await api.get(`/api/v1/manage/events/${event.id}/messages/${sent.find((m) => m.kind === "confirmation").id}`)).body;
  await page.goto(confirmation.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]+/)[0]);
  await page.getByText("Your place is confirmed.").waitFor();
  const dialog = await openAndDismiss({
    button: page.getByRole("button", { name: "Cancel my registration" }),
    title: "Cancel your registration?",
    says: `Your place goes to the next person on the waiting list, if there is one. We will email you at ${email("eve")} that your registration is cancelled. You cannot undo this.`,
    keep: "Keep my registration", screenshot: "confirm-attendee-cancel",
    unchanged: async () => assert.equal(await statusOf("eve"), "confirmed"),
  });
  await page.getByRole("button", { name: "Cancel my registration" }).click();
  await dialog.getByRole("button", { name: "Yes, cancel my registration" }).click();
  await page.getByText("Your registration is cancelled.").waitFor();
  assert.equal(await focused(), "Your registration is cancelled.", "focus goes to the outcome");
  assert.equal(await statusOf("eve"), "cancelled");
});

test("cancelling the event, by keyboard alone, says how many registrants are emailed", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}`);
  await page.getByRole("heading", { name: "Confirm test", level: 1 }).waitFor();
  const counts = (await api.get(`/api/v1/manage/events/${event.id}/registration-counts`)).body;
  assert.deepEqual([counts.confirmed, counts.waitlisted, counts.pending_approval], [2, 0, 0]); // Fay and Gus
  const before = (await outbox(event.id)).length;

  for (let i = 0; i < 60 && (await focused()) !== "Cancel event"; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "Cancel event");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Cancel “Confirm test”?" });
  await dialog.waitFor();
  const says = "2 registrants will be emailed that the event is cancelled. A cancelled event cannot be published again.";
  assert.equal(await consequence(dialog, says), says);
  assert.equal(await focused(), "Keep the event");
  await check(page, "confirm-cancel-event");

  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await focused(), "Cancel event");
  assert.equal((await api.get(`/api/v1/manage/events/${event.id}`)).body.status, "published");
  assert.equal((await outbox(event.id)).length, before);

  await page.keyboard.press("Enter");
  await consequence(dialog, says);
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "Yes, cancel the event");
  await page.keyboard.press("Enter");
  await page.getByText("The event is now cancelled.").waitFor();
  assert.equal((await api.get(`/api/v1/manage/events/${event.id}`)).body.status, "cancelled");
  const told = (await outbox(event.id)).filter((m) => m.kind === "event_cancelled").map((m) => m.to).sort();
  assert.deepEqual(told, [email("fay"), email("gus")]);
});

test("removing an agenda item or a question, and deleting a draft, ask first", async () => {
  const get = async () => (await api.get(`/api/v1/manage/events/${draft.id}`));
  await page.goto(`${server.baseURL}/manage/events/${draft.id}/agenda`);
  await page.getByRole("heading", { name: "Draft test", level: 1 }).waitFor();
  const outboxUnchanged = async () => assert.equal((await outbox(draft.id)).length, 0);

  let dialog = await openAndDismiss({
    button: page.getByRole("button", { name: "Remove Opening remarks" }),
    title: "Remove “Opening remarks” from the agenda?",
    says: "The item and its description are deleted for good; its speakers stay on the event.",
    keep: "Keep the item",
    unchanged: async () => { assert.equal((await get()).body.agenda.length, 1); await outboxUnchanged(); },
  });
  await page.getByRole("button", { name: "Remove Opening remarks" }).click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await page.getByText("No agenda items yet.").waitFor();
  assert.equal((await get()).body.agenda.length, 0);

  await page.goto(`${server.baseURL}/manage/events/${draft.id}/registration`);
  dialog = await openAndDismiss({
    button: page.getByRole("button", { name: "Remove Dietary needs" }),
    title: "Remove “Dietary needs” from the form?",
    says: "The question comes off the registration form, and the answers already given to it are deleted from every registration. Adding it again does not bring them back.",
    keep: "Keep the question",
    unchanged: async () => assert.equal((await api.get(`/api/v1/manage/events/${draft.id}/questions`)).body.items.length, 1),
  });
  await page.getByRole("button", { name: "Remove Dietary needs" }).click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await page.getByText("The form asks only the standard questions.").waitFor();
  assert.equal((await api.get(`/api/v1/manage/events/${draft.id}/questions`)).body.items.length, 0);

  await page.goto(`${server.baseURL}/manage/events/${draft.id}`);
  dialog = await openAndDismiss({
    button: page.getByRole("button", { name: "Delete draft" }),
    title: "Delete the draft “Draft test”?",
    says: "The draft and everything set up in it (speakers, partners, agenda, questions) are deleted for good. People and organisations stay in the directory.",
    keep: "Keep the draft",
    unchanged: async () => assert.equal((await get()).status, 200),
  });
  await page.getByRole("button", { name: "Delete draft" }).click();
  await dialog.getByRole("button", { name: "Yes, delete the draft" }).click();
  await page.getByRole("heading", { name: "Your events" }).waitFor();
  assert.equal((await get()).status, 404);
});
