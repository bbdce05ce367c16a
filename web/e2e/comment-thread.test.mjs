// Comments on an ended event's page, in Debian's Chromium: a visitor (a
// browser context that is not signed in) posts through the page's form by
// keyboard and is told the truth (held for a moderator, or published); the
// organiser approves, replies, rejects and deletes (asked first) in the
// event area's Comments section; the thread keeps a deleted comment's
// place; a body's web address stays text until a moderator approves it;
// the moderation setting round-trips. No public page or response
// holds a commenter's email. axe-core checks each state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, ok, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, visitor, api, event, base;
const slug = "comment-thread";
/** Every commenter's address: none may reach a public page or response. */
const emails = ["bea@example.org", "carl@example.org", "dora@example.org", "eve@example.org", "fay@example.org", "gus@example.org", "bot@example.org"];

/** A comment posted as a visitor's browser would, without the organiser's cookies. */
async function post(data) {
  const r = await visitor.request.post(`${server.baseURL}/api/v1/events/${slug}/comments`, { data });
  assert.equal(r.status(), 202, await r.text());
}

/** The moderators' list of one status. */
const listed = async (status) => (await ok(api.get(`${base}/comments?status=${status}`), `queue ${status}`)).items;
const byName = async (status, name) => (await listed(status)).find((c) => c.name === name);

/** Asserts that nothing the public can read holds an address. */
async function noEmailsInPublic(what) {
  const html = await (await visitor.request.get(`${server.baseURL}/events/${slug}`)).text();
  const json = await (await visitor.request.get(`${server.baseURL}/api/v1/events/${slug}/comments`)).text();
  const dom = await visitor.content();
  for (const e of emails) {
    for (const [where, text] of [["page source", html], ["comments API", json], ["page's DOM", dom]]) {
      assert.ok(!text.includes(e), `${what}: ${e} in the ${where}`);
    }
  }
}

const publicComments = () => visitor.getByRole("region", { name: "Comments" });
const queue = (name) => page.getByRole("region", { name: new RegExp(`^${name} \\(\\d+\\)$`) });
const openVisitorPage = async () => {
  await visitor.goto(`${server.baseURL}/events/${slug}`);
  await publicComments().getByRole("heading", { name: /^(Add a comment|Reply to .*)$/ }).waitFor();
};
const openSection = async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}`);
  await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Comments", exact: true }).click();
  await page.getByRole("heading", { name: "Comment settings", level: 2 }).waitFor();
  await queue("Waiting for a moderator").waitFor();
};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  visitor = await (await browser.newContext()).newPage();
  const starts = new Date(Date.now() - 7 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  event = await ok(api.post("/api/v1/manage/events", { slug, title: "Comment thread", starts_at: starts, duration_minutes: 60, timezone: "Europe/London" }), "event");
  base = `/api/v1/manage/events/${event.id}`;
  await ok(api.post(`${base}/publish`), "publish");
  await ok(api.put(`${base}/comments/settings`, { moderation: "all" }), "moderation all");
  // A thread with an organiser's reply under a comment, and a deleted comment's place.
  await post({ name: "Bea", email: "bea@example.org", body: "Early help saved our council money." });
  await post({ name: "Carl", email: "carl@example.org", body: "See https://example.org/report for the figures." });
  const bea = await byName("pending", "Bea"), carl = await byName("pending", "Carl");
  await ok(api.post(`${base}/comments/${bea.id}/approve`), "approve Bea");
  await ok(api.post(`${base}/comments/${carl.id}/approve`), "approve Carl");
  await ok(api.post(`${base}/comments/${bea.id}/reply`, { body: "Thank you, Bea: the write-up has the figures." }), "reply to Bea");
  await ok(api.post(`${base}/comments/${carl.id}/delete`), "delete Carl");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a visitor comments by keyboard; it waits until the organiser approves it", async () => {
  await openVisitorPage();
  const thread = publicComments();
  await thread.getByRole("article", { name: "Reply by the organiser, Ada Admin" }).getByText("Organiser").waitFor();
  await thread.getByRole("article", { name: "Comment deleted" }).waitFor();
  await thread.getByText("A moderator reads every comment before it appears here.").waitFor();
  await check(visitor, "comment-thread-form");

  await visitor.getByLabel("Your name").focus();
  await visitor.keyboard.type("Dora");
  await visitor.keyboard.press("Tab");
  await visitor.keyboard.type("dora@example.org");
  await visitor.keyboard.press("Tab");
  await visitor.keyboard.type("Councils and the police should share one referral form.");
  await visitor.getByText("You have 1,945 characters left").waitFor();
  // The honeypot is out of the tab order: the next stop is the button.
  await visitor.keyboard.press("Tab");
  assert.equal(await visitor.evaluate(() => document.activeElement?.textContent), "Post comment");
  await visitor.keyboard.press("Enter");
  await visitor.getByRole("heading", { name: "Your comment is waiting for a moderator" }).waitFor();
  await visitor.getByText(/We are emailing you a link to delete your comment/).waitFor();
  assert.equal(await visitor.evaluate(() => document.activeElement?.getAttribute("role")), "alert", "focus goes to what happened");
  await check(visitor, "comment-thread-posted-held");
  assert.equal(await thread.getByText("Councils and the police").count(), 0, "a held comment is not shown");
  await openVisitorPage();
  assert.equal(await publicComments().getByText("Councils and the police").count(), 0, "nor after a reload");
  await noEmailsInPublic("after posting");

  await openSection();
  const waiting = queue("Waiting for a moderator");
  const dora = waiting.getByRole("article", { name: "Dora" });
  await dora.getByText("dora@example.org").waitFor(); // the organiser sees the address
  await check(page, "comment-thread-section");
  await dora.getByRole("button", { name: "Approve the comment by Dora" }).click();
  await page.getByText("The comment by Dora is approved and on the event page.").waitFor();
  await queue("Published").getByRole("article", { name: "Dora" }).waitFor();

  await openVisitorPage();
  await publicComments().getByRole("article", { name: "Comment by Dora" }).getByText("Councils and the police should share one referral form.").waitFor();
  await noEmailsInPublic("after approving");
});

test("the organiser replies, rejects and deletes (asked first); the thread keeps the deleted comment's place", async () => {
  await post({ name: "Eve", email: "eve@example.org", body: "Buy cheap watches at https://spam.example" });
  await openSection();

  // Reply to Dora.
  const published = queue("Published");
  await published.getByRole("button", { name: "Reply to Dora" }).click();
  await page.getByLabel("Your reply").fill("Thank you, Dora: we will pass this to the panel.");
  await page.getByRole("button", { name: "Publish reply" }).click();
  await page.getByText("Your reply to Dora is published on the event page.").waitFor();

  // Reject Eve's comment: it leaves the queue for the rejected list.
  await queue("Waiting for a moderator").getByRole("button", { name: "Reject the comment by Eve" }).click();
  await page.getByText("The comment by Eve is rejected: it is not on the event page.").waitFor();
  await queue("Rejected").getByRole("article", { name: "Eve" }).waitFor();
  assert.equal((await byName("rejected", "Eve"))?.status, "rejected");

  await openVisitorPage();
  const reply = publicComments().getByRole("article", { name: "Reply by the organiser, Ada Admin" }).filter({ hasText: "Thank you, Dora" });
  await reply.getByText("Organiser").waitFor();
  assert.equal(await publicComments().getByText("Buy cheap watches").count(), 0, "a rejected comment is not shown");

  // Delete Dora's comment: "No" keeps it, "Yes" erases it.
  const del = published.getByRole("button", { name: "Delete the comment by Dora" });
  await del.click();
  const dialog = page.getByRole("dialog", { name: "Delete this comment?" });
  await dialog.getByText("This erases Dora’s name, email address and comment for good.").waitFor();
  await check(page, "comment-thread-delete-dialog");
  await dialog.getByRole("button", { name: "No, keep it" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Delete the comment by Dora", "focus back on the button");
  assert.equal((await byName("approved", "Dora"))?.deleted, false, "keeping it changed nothing");
  await del.click();
  await dialog.getByRole("button", { name: "Yes, delete it" }).click();
  await page.getByText("The comment by Dora is deleted. Its place in the thread stays, as “Comment deleted”.").waitFor();
  const erased = (await listed("approved")).find((c) => c.deleted && c.body === "" && c.email === "" && c.name === "" && c.id !== undefined);
  assert.ok(erased, "the comment is erased, name and email too");

  await openVisitorPage();
  const thread = publicComments();
  await thread.getByRole("list", { name: "Replies to a deleted comment" }).first().waitFor();
  await thread.getByText("Thank you, Dora: we will pass this to the panel.").waitFor();
  assert.equal(await thread.getByText("Councils and the police").count(), 0);
  await noEmailsInPublic("after deleting");
});

test("the comment settings round-trip, and with no moderation a comment is published at once", async () => {
  await openSection();
  const before = await ok(api.get(`${base}/comments/settings`), "settings");
  assert.equal(await page.getByLabel("Every comment").isChecked(), true, "the form opens on the saved mode");
  await page.getByRole("button", { name: "Save comment settings" }).click();
  await page.getByText("Comment settings saved.").waitFor();
  assert.deepEqual(await ok(api.get(`${base}/comments/settings`), "settings"), before, "saving unchanged changes nothing");

  await page.getByLabel("None: publish comments at once").check();
  await page.getByRole("button", { name: "Save comment settings" }).click();
  await page.getByText("Comment settings saved.").waitFor();
  assert.deepEqual(await ok(api.get(`${base}/comments/settings`), "settings"), { moderation: "none" });

  await openVisitorPage();
  await publicComments().getByText("Comments appear here as soon as they are posted.").waitFor();
  await visitor.getByLabel("Your name").fill("Fay");
  await visitor.getByLabel("Your email address").fill("fay@example.org");
  await visitor.getByLabel("Your comment", { exact: true }).fill("Published at once, as the notice said: https://example.org/fay");
  await visitor.getByRole("button", { name: "Post comment" }).click();
  await visitor.getByRole("heading", { name: "Your comment is published" }).waitFor();
  const fay = publicComments().getByRole("article", { name: "Comment by Fay" });
  await fay.getByText("https://example.org/fay").waitFor();
  assert.equal(await fay.getByRole("link").count(), 0, "its web address is text until a moderator approves it");
  await noEmailsInPublic("published at once");

  // A moderator approves it as well: its address becomes a link.
  await openSection();
  await queue("Published").getByRole("button", { name: "Allow its links in the comment by Fay" }).click();
  await page.getByText("The web addresses in the comment by Fay are links on the event page now.").waitFor();
  await openVisitorPage();
  await publicComments().getByRole("article", { name: "Comment by Fay" }).getByRole("link", { name: "https://example.org/fay" }).waitFor();
  await ok(api.put(`${base}/comments/settings`, { moderation: "all" }), "moderation all");
});

test("the form shows the server's errors, a rate limit, and a bot's honeypot stores nothing", async () => {
  await openVisitorPage();
  await visitor.getByRole("button", { name: "Post comment" }).click();
  const summary = visitor.getByRole("alert").filter({ hasText: "There is a problem" });
  await summary.getByRole("link", { name: /^Your name: / }).waitFor();
  await summary.getByRole("link", { name: /^Your comment: / }).waitFor();
  await check(visitor, "comment-thread-errors");
  await summary.getByRole("link", { name: /^Your email address: / }).click();
  assert.equal(await visitor.evaluate(() => document.activeElement?.id), "comment-email", "the summary's link leads to the field");

  // A bot fills the hidden field: the same answer, nothing stored.
  const pending = (await listed("pending")).length;
  await post({ name: "Bot", email: "bot@example.org", body: "Hello", website: "https://spam.example" });
  assert.equal((await listed("pending")).length, pending, "the honeypot's comment is dropped");

  // An address may send five comments in a burst; the form says when to try again.
  for (let i = 1; i <= 5; i++) await post({ name: "Gus", email: "gus@example.org", body: `Comment ${i}` });
  await visitor.getByLabel("Your name").fill("Gus");
  await visitor.getByLabel("Your email address").fill("gus@example.org");
  await visitor.getByLabel("Your comment", { exact: true }).fill("One more.");
  await visitor.getByRole("button", { name: "Post comment" }).click();
  await summary.getByText(/You have sent several comments in a short time\. Wait .*, then send it again/).waitFor();
  assert.equal(await visitor.getByLabel("Your comment", { exact: true }).inputValue(), "One more.", "what was written stays in the form");
  await noEmailsInPublic("after errors");
});
