// End to end, in Debian's Chromium: a new user sets up the first admin,
// creates an event with two speakers and a partner, publishes it, finds it
// on the public list, opens it and downloads its calendar file; an attendee
// registers and cancels; the organiser reads the outbox, sets reminders and
// previews a message to registrants. axe-core
// checks every page at 1280 and 375 px wide; any violation fails the test.
// Screenshots go to the folder printed at the start.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { check as checkPage, launchBrowser, shots, startServer } from "./harness.mjs";

let server, browser, page, baseURL, setupLink, editorURL;

before(async () => {
  server = await startServer();
  ({ baseURL, setupLink } = server);
  console.log(`screenshots: ${shots}`);
  browser = await launchBrowser();
  page = await browser.newPage({ acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const check = (name) => checkPage(page, name);

test("an organiser sets up, builds and publishes an event that the public can find and add to a calendar", async () => {
  await page.goto(setupLink);
  await page.getByRole("heading", { name: "Create the first admin" }).waitFor();
  await check("setup");
  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("Email address").fill("ada@example.org");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create admin" }).click();
  await page.waitForURL(`${baseURL}/manage`);
  await page.getByRole("heading", { name: "Your events" }).waitFor();
  await check("manage-events-empty");

  await page.getByRole("link", { name: "Create an event" }).click();
  await page.getByRole("heading", { name: "Create an event" }).waitFor();
  await check("event-new");
  // Bad input first: the server's messages show beside the fields.
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.getByRole("heading", { name: "There is a problem" }).waitFor();
  await check("event-new-errors");

  await page.getByLabel("Title").fill("Prevention in practice");
  await page.getByLabel("Address (slug)").fill("prevention-in-practice");
  await page.getByLabel("Summary").fill("How councils share data to act early.");
  await page.getByLabel("Description").fill("## What we will cover\n\nData, **communities** and budgets.");
  await page.getByLabel("Starts").fill("2031-06-05T10:00");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByLabel("Duration in minutes").fill("60");
  await page.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/manage\/events\/[0-9a-f-]{36}$/);
  editorURL = page.url();
  await page.getByRole("heading", { name: "Prevention in practice", level: 1 }).waitFor();
  await goToSection("People");

  for (const [name, job, org, role] of [
    ["Ada Lovelace", "Director of Analysis", "Analytical Council", "chair"],
    ["Grace Hopper", "Head of Digital", "Compiler Borough", "panellist"],
  ]) {
    const form = page.locator("form", { has: page.getByRole("button", { name: "Add speaker" }) });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Job title").fill(job);
    await form.getByLabel("Organisation", { exact: true }).fill(org);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Add speaker" }).click();
    await page.locator(".list-editor__item", { hasText: name }).waitFor();
  }
  // A speaker's role changes in place, in their row.
  await page.getByRole("button", { name: "Edit Grace Hopper" }).click();
  const roleSaved = page.waitForResponse((r) => r.url().endsWith("/speakers") && r.status() === 200);
  await page.getByLabel("Role of Grace Hopper").selectOption("moderator");
  await page.getByRole("button", { name: "Save speaker" }).click();
  await roleSaved;
  await page.locator(".list-editor__item", { hasText: "Grace Hopper" }).getByText("(moderator)").waitFor();
  const partnerForm = page.locator("form", { has: page.getByRole("button", { name: "Add partner" }) });
  await partnerForm.getByLabel("Name", { exact: true }).fill("Iron Filings Ltd");
  await partnerForm.getByLabel("Website").fill("https://example.org");
  await partnerForm.getByLabel("Part in this event").selectOption("knowledge_partner");
  await partnerForm.getByLabel("Note").fill("Shared its research on data sharing");
  await partnerForm.getByRole("button", { name: "Add partner" }).click();
  await page.locator(".list-editor__item", { hasText: "Iron Filings Ltd" }).waitFor();

  await goToSection("Details");
  await page.getByRole("button", { name: "Preview description" }).click();
  await page.locator(".preview strong", { hasText: "communities" }).waitFor();
  await goToSection("Overview");
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: "The event is now published." }).waitFor();
  await check("event-editor");

  // The public finds it on the list and opens it.
  await page.goto(`${baseURL}/`);
  await page.getByRole("heading", { name: "Upcoming events" }).waitFor();
  await page.getByRole("link", { name: "Prevention in practice" }).waitFor();
  await check("events-list");
  const apiCalls = [];
  const scripts = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.startsWith("/api/")) apiCalls.push(r.url()); });
  page.on("response", async (r) => { if (r.request().resourceType() === "script") scripts.push(await r.body()); });
  await page.getByRole("link", { name: "Prevention in practice" }).click();
  await page.waitForURL(`${baseURL}/events/prevention-in-practice`);
  await page.getByRole("heading", { name: "Prevention in practice", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  await page.getByRole("heading", { name: "Grace Hopper" }).waitFor();
  await page.getByText("Moderator · Head of Digital, Compiler Borough").waitFor();
  await page.getByText("Knowledge partner").waitFor();
  await check("event-page");
  await page.getByRole("heading", { name: "Comments", level: 2 }).waitFor();
  assert.deepEqual(apiCalls.map((u) => new URL(u).pathname),
    ["/api/v1/events/prevention-in-practice", "/api/v1/events/prevention-in-practice/comments"],
    "the event page renders from one API call; its comments, drawn after it, from one more");

  // A fresh load of the page: every script it runs, gzipped, within budget.
  scripts.length = 0;
  await page.reload();
  await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  const gz = scripts.reduce((sum, body) => sum + gzipSync(body).length, 0);
  console.log(`event page JavaScript: ${(gz / 1024).toFixed(1)} KB gzipped in ${scripts.length} file(s)`);
  assert.ok(gz <= 60 * 1024, `event page JavaScript is ${gz} bytes gzipped; the budget is 60 KB`);

  const href = await page.getByRole("link", { name: "Download calendar file (.ics)" }).getAttribute("href");
  const ics = await page.request.get(`${baseURL}${href}`);
  assert.equal(ics.status(), 200);
  const text = await ics.text();
  assert.match(text, /BEGIN:VCALENDAR/);
  assert.match(text, /SUMMARY:Prevention in practice/);
  assert.match(text, /DTSTART;TZID=Europe\/London:20310605T100000/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download calendar file (.ics)" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "prevention-in-practice.ics");

  // An attendee registers through the form and sees the confirmation.
  await page.getByRole("button", { name: "Register for this event" }).click();
  await page.getByRole("heading", { name: "Register", exact: true }).waitFor();
  await page.getByRole("button", { name: "Register", exact: true }).click();
  await page.getByRole("heading", { name: "There is a problem" }).waitFor();
  await check("register-errors");
  // The registration form, not the comment form below it, which also asks for an email address.
  const registration = page.locator("form", { has: page.getByRole("button", { name: "Register", exact: true }) });
  await registration.getByLabel("First name").fill("Joan");
  await registration.getByLabel("Last name").fill("Clarke");
  await registration.getByLabel("Email address").fill("joan@example.gov.uk");
  await registration.getByLabel("Organisation").fill("Bletchley Borough");
  await registration.getByLabel("Sector").selectOption("local_government");
  await registration.getByLabel(/Iron Filings Ltd, a knowledge partner/).check();
  await registration.getByRole("button", { name: "Register", exact: true }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await page.getByText("We have emailed joan@example.gov.uk about your registration").waitFor();
  await check("registered");

  // The private link, read from the confirmation email in the outbox, opens
  // the attendee's page, where they cancel.
  const eventID = new URL(editorURL).pathname.split("/").pop();
  const list = await (await page.request.get(`${baseURL}/api/v1/manage/events/${eventID}/registrations?q=joan`)).json();
  const sentToJoan = await (await page.request.get(`${baseURL}/api/v1/manage/events/${eventID}/registrations/${list.items[0].id}/messages`)).json();
  const confirmationID = sentToJoan.items.find((m) => m.kind === "confirmation").id;
  const confirmation = await (await page.request.get(`${baseURL}/api/v1/manage/events/${eventID}/messages/${confirmationID}`)).json();
  const manageURL = confirmation.text.match(/https?:\/\/\S+\/r\/[A-Za-z0-9_-]+/)[0];
  await page.goto(manageURL);
  await page.getByRole("heading", { name: "Your registration", level: 1 }).waitFor();
  await page.getByText("Your place is confirmed.").waitFor();
  // The page offers the registrant's own live-session link, the one in the email.
  const liveURL = confirmation.text.match(/https?:\/\/\S+\/live\/[A-Za-z0-9_.-]+/)[0];
  await page.getByRole("heading", { name: "Join the live session", level: 2 }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Join the live session" }).getAttribute("href"), liveURL);
  await check("manage-registration");
  await page.getByRole("button", { name: "Cancel my registration" }).click();
  const confirmCancel = page.getByRole("dialog", { name: "Cancel your registration?" });
  await confirmCancel.getByRole("button", { name: "Yes, cancel my registration" }).click();
  await page.getByText("Your registration is cancelled.").waitFor();
  assert.equal(await page.getByRole("link", { name: "Join the live session" }).count(), 0, "no live link once cancelled");
  await check("manage-registration-cancelled");

  // The organiser sees it among the registrations.
  await page.goto(`${editorURL}/registrants`);
  await page.getByRole("heading", { name: "Registrations" }).waitFor();
  const registrations = page.locator("section", { has: page.getByRole("heading", { name: "Registrations", exact: true }) });
  await registrations.getByText("joan@example.gov.uk").waitFor();
  await check("event-editor-registrations");
  await goToSection("Messages");

  // The outbox holds Joan's confirmation; with no SMTP server configured it
  // ends "not delivered". Jobs run in the background, so look again a while.
  const messages = page.locator("section", { has: page.getByRole("heading", { name: "Messages", exact: true }) });
  const joansConfirmation = messages.getByRole("row").filter({ hasText: "Confirmation" }).filter({ hasText: "joan@example.gov.uk" }).first();
  for (let tries = 0; !(await joansConfirmation.filter({ hasText: "Not delivered" }).count()); tries++) {
    assert.ok(tries < 60, "Joan's confirmation is listed as not delivered");
    await page.waitForTimeout(250);
    await messages.getByRole("button", { name: "Filter messages" }).click();
  }
  await joansConfirmation.getByRole("button", { name: "Preview the confirmation to joan@example.gov.uk" }).click();
  await messages.getByRole("heading", { name: "Preview: Confirmation to joan@example.gov.uk" }).waitFor();
  const confirmationFrame = page.frameLocator('iframe[title="HTML part of the confirmation to joan@example.gov.uk"]');
  await confirmationFrame.getByText("Prevention in practice").first().waitFor();
  // Playwright stops reporting network idle (which check() waits for) when a
  // frame appears after the page fetched since it was last idle, until the
  // page fetches again: list the messages once more before checking.
  await messages.getByRole("button", { name: "Filter messages" }).click();
  await check("event-editor-message-preview");

  // Reminders: the defaults, one more, and the follow-up waits a day for the recording.
  await goToSection("Details");
  await page.getByLabel("Recording URL").fill("https://example.org/prevention-in-practice/recording");
  await page.getByRole("button", { name: "Save details" }).click();
  await page.getByRole("status").filter({ hasText: /^Saved\.$/ }).waitFor();
  await goToSection("Messages");
  const mailSettings = page.locator("section", { has: page.getByRole("heading", { name: "Reminders and follow-up" }) });
  await mailSettings.getByText("24 hours before", { exact: true }).waitFor();
  await mailSettings.getByLabel("New reminder").fill("30");
  await mailSettings.getByLabel("Minutes, hours or days").selectOption("minutes");
  await mailSettings.getByRole("button", { name: "Add reminder" }).click();
  await mailSettings.getByText("30 minutes before", { exact: true }).waitFor();
  await mailSettings.getByLabel("Hours to wait for the recording").fill("24");
  await mailSettings.getByRole("button", { name: "Save mail settings" }).click();
  await mailSettings.getByRole("status").filter({ hasText: "Mail settings saved." }).waitFor();
  const savedSettings = await (await page.request.get(`${baseURL}/api/v1/manage/events/${eventID}/mail-settings`)).json();
  assert.deepEqual([...savedSettings.reminder_minutes].sort((a, b) => b - a), [1440, 60, 30]);
  assert.equal(savedSettings.follow_up_wait_hours, 24);

  // A message to registrants: previewed with its reach, and tested on the organiser.
  const composer = page.locator("section", { has: page.getByRole("heading", { name: "Send a message" }) });
  await composer.getByLabel("Send to").selectOption("sector");
  await composer.getByLabel("Sector").selectOption("local_government");
  await composer.getByLabel("Subject", { exact: true }).fill("The slides are up");
  await composer.getByLabel("Message", { exact: true }).fill("The **slides** are on the event page.");
  await composer.getByRole("button", { name: "Preview", exact: true }).click();
  await composer.getByText(/^It would reach \d+ recipients?\.$/).waitFor();
  await page.frameLocator('iframe[title="HTML part of the message you are writing"]').getByText("slides").first().waitFor();
  // The test message is also the fetch that lets network idle be reported again (see above).
  await composer.getByRole("button", { name: "Send test to me" }).click();
  await composer.getByRole("status").filter({ hasText: "Test sent to ada@example.org" }).waitFor();
  await check("event-editor-broadcast-preview");
});

/** Opens a section of the event area through its side navigation, as an organiser would. */
async function goToSection(name) {
  await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name, exact: true }).click();
  await page.getByRole("navigation", { name: "Event sections" }).locator('a[aria-current="page"]', { hasText: new RegExp(`^${name}$`) }).waitFor();
}

test("a missing page, a broken unsubscribe link, signing out and signing in again", async () => {
  await page.goto(`${baseURL}/events/no-such-event`);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  await check("not-found");

  await page.goto(`${baseURL}/unsubscribe/not-a-token`);
  await page.getByRole("heading", { name: "This link is not valid", level: 1 }).waitFor();
  await check("unsubscribe-not-valid");

  await page.goto(`${baseURL}/manage`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${baseURL}/`);
  await page.goto(`${baseURL}/manage`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("Email address").fill("ada@example.org");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("The email or password is not right.").waitFor();
  await check("login-error");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseURL}/manage`);
  await page.getByRole("link", { name: "Prevention in practice" }).waitFor();
  await check("manage-events");
});
